-- revision: cfgprec1
-- down_revision: none
-- message: Create courier table

-- migrate:up
CREATE TABLE courier (id bigint PRIMARY KEY, name text NOT NULL);

-- migrate:down
DROP TABLE courier;
