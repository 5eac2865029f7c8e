-- revision: chain3
-- down_revision: chain2
-- message: Index items by sku

-- migrate:up
CREATE INDEX item_sku_idx ON item (sku);

-- migrate:down
DROP INDEX item_sku_idx;
