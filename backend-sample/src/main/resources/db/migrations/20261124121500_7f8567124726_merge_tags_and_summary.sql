-- revision: 7f8567124726
-- down_revision: 44a450e5a772, b2bf749a609b
-- message: Merge tags and summary

-- migrate:up

-- migrate:down
