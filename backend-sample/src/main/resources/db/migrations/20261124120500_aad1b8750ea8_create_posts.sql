-- revision: aad1b8750ea8
-- down_revision: 59abd1823b34
-- message: Create posts

-- migrate:up
-- The limits match the API's validation, so a row the API rejects could not be stored anyway.
CREATE TABLE posts (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    author_id  bigint REFERENCES users (id) ON DELETE SET NULL,
    title      varchar(200) NOT NULL CHECK (btrim(title) <> ''),
    content    text NOT NULL CHECK (btrim(content) <> '' AND char_length(content) <= 20000),
    created_at timestamptz NOT NULL DEFAULT now()
);
-- A new, empty table: a plain CREATE INDEX takes no lock anyone waits for.
CREATE INDEX posts_author_id_idx ON posts (author_id);

-- migrate:down
DROP TABLE posts;
