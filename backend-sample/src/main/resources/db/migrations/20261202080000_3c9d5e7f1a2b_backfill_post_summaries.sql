-- revision: 3c9d5e7f1a2b
-- down_revision: e831448aae1e
-- message: Backfill post summaries

-- migrate:up
-- Posts written before summaries existed get the start of their content. On a large posts table one UPDATE would
-- lock every row until it commits; the batch directive commits 10000 ids at a time instead, and a killed run
-- resumes after the last committed batch. "AND summary IS NULL" keeps it idempotent: a batch run again changes
-- nothing, and summaries the authors wrote are kept.
-- batch: table=posts key=id size=10000 pause=20ms
UPDATE posts SET summary = left(btrim(content), 200)
WHERE id >= ${batch_start} AND id < ${batch_end} AND summary IS NULL;

-- migrate:down
-- Only the summaries this revision wrote (the same text an author could have written is cleared too).
-- batch: table=posts key=id size=10000
UPDATE posts SET summary = NULL
WHERE id >= ${batch_start} AND id < ${batch_end} AND summary = left(btrim(content), 200);
