-- revision: info1
-- down_revision: none
-- message: Create customer table

-- migrate:up
CREATE TABLE customer (id bigint PRIMARY KEY, email text NOT NULL);

-- migrate:down
DROP TABLE customer;
