-- revision: fail1
-- down_revision: none
-- message: Create member table with duplicate emails

-- migrate:up
CREATE TABLE member (id bigint PRIMARY KEY, email text NOT NULL);
INSERT INTO member VALUES (1, 'ann@example.com'), (2, 'bob@example.com'), (3, 'ann@example.com');

-- migrate:down
DROP TABLE member;
