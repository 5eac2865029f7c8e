-- revision: info2
-- down_revision: info1
-- message: Add customer name

-- migrate:up
ALTER TABLE customer ADD COLUMN name text;

-- migrate:down
ALTER TABLE customer DROP COLUMN name;
