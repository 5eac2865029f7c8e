-- revision: b2bf749a609b
-- down_revision: aad1b8750ea8
-- message: Add post summary

-- migrate:up
-- The other branch from aad1b8750ea8. A nullable column without a default: no table rewrite, a brief lock only.
ALTER TABLE posts ADD COLUMN summary varchar(500);

-- migrate:down
ALTER TABLE posts DROP COLUMN summary;
