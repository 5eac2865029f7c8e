-- revision: json2
-- down_revision: json1
-- message: Account details

-- migrate:up
CREATE INDEX account_email_idx ON account (email);
ALTER TABLE account
    ADD COLUMN public_id uuid DEFAULT gen_random_uuid();
ALTER TABLE account ADD COLUMN nickname varchar(40);
-- the country code is two letters, by law:
-- lint:ignore prefer-text-field
ALTER TABLE account ADD COLUMN country varchar(2);
-- a table created here is new and empty: its index needs no CONCURRENTLY
CREATE TABLE account_note (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account_id bigint NOT NULL, body text NOT NULL);
CREATE INDEX account_note_account_idx ON account_note (account_id);

-- migrate:down
DROP TABLE account_note;
ALTER TABLE account DROP COLUMN country;
ALTER TABLE account DROP COLUMN nickname;
ALTER TABLE account DROP COLUMN public_id;
DROP INDEX account_email_idx;
