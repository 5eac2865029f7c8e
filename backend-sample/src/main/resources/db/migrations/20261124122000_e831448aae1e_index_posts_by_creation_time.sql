-- revision: e831448aae1e
-- down_revision: 7f8567124726
-- message: Index posts by creation time

-- migrate:up
-- Serves GET /api/posts (newest first). CONCURRENTLY builds the index without blocking writes to a live table;
-- PostgreSQL refuses it inside a transaction, so the migrator runs this script in autocommit.
CREATE INDEX CONCURRENTLY posts_created_at_id_idx ON posts (created_at DESC, id DESC);

-- migrate:down
DROP INDEX CONCURRENTLY posts_created_at_id_idx;
