-- Files of one second (created_at has seconds only) are listed in the order they were uploaded, not by their
-- random ids: each insert takes the next number.
ALTER TABLE files ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
UPDATE files SET seq = rowid;
CREATE INDEX files_by_owner_seq ON files (owner, created_at, seq);
