-- revision: stamp2
-- down_revision: stamp1
-- message: Create legacy order table

-- migrate:up
CREATE TABLE legacy_order (id bigint PRIMARY KEY, customer_id bigint REFERENCES legacy_customer (id));

-- migrate:down
DROP TABLE legacy_order;
