-- revision: 5e6f70819203
-- down_revision: 4d5e6f708192
-- message: Index posts by author

-- migrate:up
-- Runs outside a transaction: PostgreSQL refuses CONCURRENTLY inside one.
CREATE INDEX CONCURRENTLY post_author_idx ON post (author);

-- migrate:down
DROP INDEX CONCURRENTLY post_author_idx;
