-- revision: pend2
-- down_revision: pend1
-- message: Create label table

-- migrate:up
CREATE TABLE label (name text PRIMARY KEY);

-- migrate:down
DROP TABLE label;
