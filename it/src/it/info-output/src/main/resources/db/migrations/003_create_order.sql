-- revision: info3
-- down_revision: info2
-- message: Create order table

-- migrate:up
CREATE TABLE customer_order (id bigint PRIMARY KEY, customer_id bigint REFERENCES customer (id));

-- migrate:down
DROP TABLE customer_order;
