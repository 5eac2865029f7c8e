-- revision: clean1
-- down_revision: none
-- message: Create note table

-- migrate:up
CREATE TABLE note (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text NOT NULL);
CREATE VIEW short_note AS SELECT id FROM note WHERE length(body) < 10;
INSERT INTO note (body) VALUES ('first'), ('second');

-- migrate:down
DROP VIEW short_note;
DROP TABLE note;
