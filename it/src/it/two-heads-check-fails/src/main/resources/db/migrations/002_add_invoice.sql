-- revision: branch_a
-- down_revision: base1
-- message: Add invoice table

-- migrate:up
CREATE TABLE invoice (id bigint PRIMARY KEY, account_id bigint REFERENCES account (id));

-- migrate:down
DROP TABLE invoice;
