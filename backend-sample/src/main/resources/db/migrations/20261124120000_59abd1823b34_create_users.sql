-- revision: 59abd1823b34
-- down_revision: none
-- message: Create users

-- migrate:up
CREATE TABLE users (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email        varchar(320) NOT NULL,
    display_name varchar(100) NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_email_key UNIQUE (email)
);

-- migrate:down
DROP TABLE users;
