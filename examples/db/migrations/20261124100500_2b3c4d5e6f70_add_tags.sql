-- revision: 2b3c4d5e6f70
-- down_revision: 1a2b3c4d5e6f
-- message: Add tags

-- migrate:up
CREATE TABLE tag (name text PRIMARY KEY);
CREATE TABLE post_tag (
    post_id bigint NOT NULL REFERENCES post (id) ON DELETE CASCADE,
    tag text NOT NULL REFERENCES tag (name),
    PRIMARY KEY (post_id, tag)
);

-- migrate:down
DROP TABLE post_tag;
DROP TABLE tag;
