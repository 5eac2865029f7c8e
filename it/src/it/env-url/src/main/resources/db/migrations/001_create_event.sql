-- revision: env1
-- down_revision: none
-- message: Create event table

-- migrate:up
CREATE TABLE event (id bigint PRIMARY KEY);

-- migrate:down
DROP TABLE event;
