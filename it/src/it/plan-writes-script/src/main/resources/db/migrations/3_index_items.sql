-- revision: plan3
-- down_revision: plan2
-- message: Index items by sku

-- migrate:up
CREATE INDEX CONCURRENTLY item_sku_idx ON item (sku);

-- migrate:down
DROP INDEX CONCURRENTLY item_sku_idx;
