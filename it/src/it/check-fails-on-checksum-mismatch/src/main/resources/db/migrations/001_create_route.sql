-- revision: sum1
-- down_revision: none
-- message: Create route table

-- migrate:up
CREATE TABLE route (id bigint PRIMARY KEY, origin text NOT NULL);

-- migrate:down
DROP TABLE route;
