-- revision: sysprop1
-- down_revision: none
-- message: Create parcel table

-- migrate:up
CREATE TABLE parcel (id bigint PRIMARY KEY, weight_grams integer NOT NULL);

-- migrate:down
DROP TABLE parcel;
