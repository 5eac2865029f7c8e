-- revision: sysprop2
-- down_revision: sysprop1
-- message: Create depot table

-- migrate:up
CREATE TABLE depot (code text PRIMARY KEY);

-- migrate:down
DROP TABLE depot;
