-- revision: stamp3
-- down_revision: stamp2
-- message: Add order note

-- migrate:up
ALTER TABLE legacy_order ADD COLUMN note text;

-- migrate:down
ALTER TABLE legacy_order DROP COLUMN note;
