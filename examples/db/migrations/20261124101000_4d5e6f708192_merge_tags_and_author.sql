-- revision: 4d5e6f708192
-- down_revision: 2b3c4d5e6f70, 3c4d5e6f7081
-- message: Merge tags and author

-- migrate:up

-- migrate:down
