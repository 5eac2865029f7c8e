-- revision: skip1
-- down_revision: none
-- message: Create skipped table

-- migrate:up
CREATE TABLE skipped (id bigint PRIMARY KEY);

-- migrate:down
DROP TABLE skipped;
