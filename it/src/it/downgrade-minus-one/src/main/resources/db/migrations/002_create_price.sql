-- revision: down2
-- down_revision: down1
-- message: Create price table

-- migrate:up
CREATE TABLE price (product_id bigint REFERENCES product (id), amount numeric NOT NULL);

-- migrate:down
DROP TABLE price;
