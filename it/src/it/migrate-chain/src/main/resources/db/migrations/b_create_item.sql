-- revision: chain1
-- down_revision: none
-- message: Create item table

-- migrate:up
CREATE TABLE item (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, sku text NOT NULL);

-- migrate:down
DROP TABLE item;
