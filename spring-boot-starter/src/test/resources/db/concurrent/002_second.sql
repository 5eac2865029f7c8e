-- revision: cc0000000002
-- down_revision: cc0000000001
-- message: Count the runs again

-- migrate:up
INSERT INTO run_count VALUES ('cc0000000002');
