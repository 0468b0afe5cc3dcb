-- Files of one second (created_at has seconds only) are listed in the order they were uploaded, not by their
-- random ids: each insert draws from a sequence. (PostgreSQL
-- stores came with this version's code, so the table is still empty here: no rows to number.)
CREATE SEQUENCE files_seq;
ALTER TABLE files ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
CREATE INDEX files_by_owner_seq ON files (owner, created_at, seq);
