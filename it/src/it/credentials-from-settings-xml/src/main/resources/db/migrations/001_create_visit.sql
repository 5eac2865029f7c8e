-- revision: cred1
-- down_revision: none
-- message: Create visit table

-- migrate:up
CREATE TABLE visit (id bigint PRIMARY KEY);

-- migrate:down
DROP TABLE visit;
