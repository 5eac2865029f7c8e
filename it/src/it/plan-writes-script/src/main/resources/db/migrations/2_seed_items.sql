-- revision: plan2
-- down_revision: plan1
-- message: Seed items

-- migrate:up
COPY item (id, sku) FROM STDIN;
1	A-1
2	B-2
\.

-- migrate:down
DELETE FROM item;
