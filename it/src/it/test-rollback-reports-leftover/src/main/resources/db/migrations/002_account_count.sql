-- revision: tr2
-- down_revision: tr1
-- message: Count accounts

-- migrate:up
CREATE FUNCTION account_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM account';
CREATE INDEX account_email_idx ON account (email);

-- migrate:down
DROP INDEX account_email_idx;
