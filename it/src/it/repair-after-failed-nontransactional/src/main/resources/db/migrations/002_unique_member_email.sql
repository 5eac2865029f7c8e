-- revision: fail2
-- down_revision: fail1
-- message: Unique member email

-- migrate:up
CREATE UNIQUE INDEX CONCURRENTLY member_email_key ON member (email);

-- migrate:down
DROP INDEX CONCURRENTLY member_email_key;
