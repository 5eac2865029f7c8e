-- revision: edit2
-- down_revision: edit1
-- message: Seed settings

-- migrate:up
INSERT INTO setting VALUES ('currency', 'EUR');

-- migrate:down
DELETE FROM setting;
