-- revision: 44a450e5a772
-- down_revision: aad1b8750ea8
-- message: Add tags

-- migrate:up
-- One of two branches written at the same time from aad1b8750ea8 (the other adds posts.summary);
-- 7f8567124726 merges them.
CREATE TABLE tags (
    id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name varchar(50) NOT NULL,
    CONSTRAINT tags_name_key UNIQUE (name)
);
CREATE TABLE post_tags (
    post_id bigint NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    tag_id  bigint NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (post_id, tag_id)
);
CREATE INDEX post_tags_tag_id_idx ON post_tags (tag_id);

-- migrate:down
DROP TABLE post_tags;
DROP TABLE tags;
