-- revision: pend_lint1
-- down_revision: none
-- message: Replace the legacy parcel table

-- migrate:up
DROP TABLE legacy_parcel;
CREATE TABLE customer (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);
CREATE TABLE parcel (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, customer_id bigint NOT NULL);
