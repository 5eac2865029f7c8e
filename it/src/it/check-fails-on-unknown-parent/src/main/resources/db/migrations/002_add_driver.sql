-- revision: veh2
-- message: Add driver table
-- down_revision: veh0_deleted

-- migrate:up
CREATE TABLE driver (id bigint PRIMARY KEY, plate text REFERENCES vehicle (plate));

-- migrate:down
DROP TABLE driver;
