-- revision: veh1
-- down_revision: none
-- message: Create vehicle table

-- migrate:up
CREATE TABLE vehicle (plate text PRIMARY KEY);

-- migrate:down
DROP TABLE vehicle;
