-- revision: down1
-- down_revision: none
-- message: Create product table

-- migrate:up
CREATE TABLE product (id bigint PRIMARY KEY);

-- migrate:down
DROP TABLE product;
