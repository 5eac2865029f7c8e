-- revision: tr3
-- down_revision: tr2
-- message: Add note

-- migrate:up
ALTER TABLE account ADD COLUMN note text;

-- migrate:down
ALTER TABLE account DROP COLUMN note;
