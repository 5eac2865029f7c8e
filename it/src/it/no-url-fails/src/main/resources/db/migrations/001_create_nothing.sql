-- revision: nourl1
-- down_revision: none
-- message: Create nothing table

-- migrate:up
CREATE TABLE nothing (id bigint PRIMARY KEY);

-- migrate:down
DROP TABLE nothing;
