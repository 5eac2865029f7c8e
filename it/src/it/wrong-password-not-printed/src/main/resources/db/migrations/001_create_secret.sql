-- revision: pw1
-- down_revision: none
-- message: Create vault table

-- migrate:up
CREATE TABLE vault (id bigint PRIMARY KEY);

-- migrate:down
DROP TABLE vault;
