-- revision: plan1
-- down_revision: none
-- message: Create item table

-- migrate:up
CREATE TABLE item (id bigint PRIMARY KEY, sku text NOT NULL);

-- migrate:down
DROP TABLE item;
