-- revision: 3c4d5e6f7081
-- down_revision: 1a2b3c4d5e6f
-- message: Add author

-- migrate:up
ALTER TABLE post ADD COLUMN author text;

-- migrate:down
ALTER TABLE post DROP COLUMN author;
