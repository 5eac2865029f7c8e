-- revision: 4f1c2a9e7b3d
-- down_revision: 1a2b3c4d5e6f
-- message: Index greeting text

-- migrate:up
CREATE INDEX CONCURRENTLY greeting_text ON greeting (text);

-- migrate:down
DROP INDEX CONCURRENTLY greeting_text;
