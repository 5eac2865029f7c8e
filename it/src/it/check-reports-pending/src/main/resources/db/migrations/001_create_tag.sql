-- revision: pend1
-- down_revision: none
-- message: Create tag table

-- migrate:up
CREATE TABLE tag (name text PRIMARY KEY);

-- migrate:down
DROP TABLE tag;
