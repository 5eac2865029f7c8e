-- revision: 1a2b3c4d5e6f
-- down_revision: none
-- message: Create greeting

-- migrate:up
CREATE TABLE greeting (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, text text NOT NULL);
INSERT INTO greeting (text) VALUES ('hello');

-- migrate:down
DROP TABLE greeting;
