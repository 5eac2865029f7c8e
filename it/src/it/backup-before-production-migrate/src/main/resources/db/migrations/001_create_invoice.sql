-- revision: backup1
-- down_revision: none
-- message: Create invoice table

-- migrate:up
CREATE TABLE invoice (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, total numeric NOT NULL);

-- migrate:down
DROP TABLE invoice;
