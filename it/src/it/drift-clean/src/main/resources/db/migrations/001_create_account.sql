-- revision: dc1
-- down_revision: none
-- message: Create account

-- migrate:up
CREATE TABLE account (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL);

-- migrate:down
DROP TABLE account;
