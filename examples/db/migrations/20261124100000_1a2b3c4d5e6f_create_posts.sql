-- revision: 1a2b3c4d5e6f
-- down_revision: none
-- message: Create posts

-- migrate:up
CREATE TABLE post (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title text NOT NULL,
    content text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- migrate:down
DROP TABLE post;
