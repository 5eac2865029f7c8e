-- revision: base1
-- down_revision: none
-- message: Create account table

-- migrate:up
CREATE TABLE account (id bigint PRIMARY KEY);

-- migrate:down
DROP TABLE account;
