-- revision: sum2
-- down_revision: sum1
-- message: Create stop table

-- migrate:up
CREATE TABLE stop (route_id bigint NOT NULL REFERENCES route (id), position integer NOT NULL);

-- migrate:down
DROP TABLE stop;
