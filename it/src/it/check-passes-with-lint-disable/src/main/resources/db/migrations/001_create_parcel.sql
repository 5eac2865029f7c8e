-- revision: lint1
-- down_revision: none
-- message: Create parcel table

-- migrate:up
CREATE TABLE parcel (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, weight_grams bigint NOT NULL);

-- migrate:down
DROP TABLE parcel;
