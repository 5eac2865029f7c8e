-- revision: trace2
-- down_revision: trace1
-- message: Widen the label, and the weight to bigint
-- lint:disable prefer-text-field

-- migrate:up
ALTER TABLE parcel ALTER COLUMN label TYPE varchar(40);
ALTER TABLE parcel ALTER COLUMN weight_grams TYPE bigint;

-- migrate:down
ALTER TABLE parcel ALTER COLUMN weight_grams TYPE int;
ALTER TABLE parcel ALTER COLUMN label TYPE varchar(20);
