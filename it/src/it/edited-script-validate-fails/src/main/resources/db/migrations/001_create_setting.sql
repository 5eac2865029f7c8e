-- revision: edit1
-- down_revision: none
-- message: Create setting table

-- migrate:up
CREATE TABLE setting (key text PRIMARY KEY, value text NOT NULL);

-- migrate:down
DROP TABLE setting;
