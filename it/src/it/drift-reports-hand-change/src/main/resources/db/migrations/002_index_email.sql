-- revision: dh2
-- down_revision: dh1
-- message: Index account email

-- migrate:up
CREATE INDEX CONCURRENTLY account_email_idx ON account (email);

-- migrate:down
DROP INDEX CONCURRENTLY account_email_idx;
