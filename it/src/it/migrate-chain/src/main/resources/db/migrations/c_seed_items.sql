-- revision: chain2
-- down_revision: chain1
-- message: Seed items

-- migrate:up
INSERT INTO item (sku) VALUES ('A-1'), ('B-2');

-- migrate:down
DELETE FROM item;
