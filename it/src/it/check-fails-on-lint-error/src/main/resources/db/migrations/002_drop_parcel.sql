-- revision: lint2
-- down_revision: lint1
-- message: Drop parcel table

-- migrate:up
CREATE TABLE shipment (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, weight_grams bigint NOT NULL);

DROP TABLE parcel;

-- migrate:down
CREATE TABLE parcel (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, weight_grams bigint NOT NULL);
DROP TABLE shipment;
