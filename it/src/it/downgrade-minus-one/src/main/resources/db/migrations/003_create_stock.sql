-- revision: down3
-- down_revision: down2
-- message: Create stock table

-- migrate:up
CREATE TABLE stock (product_id bigint REFERENCES product (id), quantity int NOT NULL);

-- migrate:down
DROP TABLE stock;
