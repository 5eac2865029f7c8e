-- revision: new1
-- down_revision: none
-- message: Create note table

-- migrate:up
CREATE TABLE note (id bigint PRIMARY KEY, body text);

-- migrate:down
DROP TABLE note;
