-- revision: cc0000000001
-- down_revision: none
-- message: Count the runs (slowly, so that the second application waits for the lock)

-- migrate:up
CREATE TABLE run_count (revision text NOT NULL);
INSERT INTO run_count VALUES ('cc0000000001');
SELECT pg_sleep(1);
