-- revision: stamp1
-- down_revision: none
-- message: Create legacy customer table

-- migrate:up
CREATE TABLE legacy_customer (id bigint PRIMARY KEY);

-- migrate:down
DROP TABLE legacy_customer;
