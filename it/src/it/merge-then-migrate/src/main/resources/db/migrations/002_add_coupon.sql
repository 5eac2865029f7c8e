-- revision: branch_b
-- down_revision: base1
-- message: Add coupon table

-- migrate:up
CREATE TABLE coupon (code text PRIMARY KEY);

-- migrate:down
DROP TABLE coupon;
