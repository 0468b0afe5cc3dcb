-- The order responses were made in, for GET /v1/responses: created_at has seconds only, so responses of one
-- second need their own order. Each insert takes the next number (SQLite has one writer at a time).
ALTER TABLE responses ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
UPDATE responses SET seq = rowid;
CREATE INDEX responses_by_owner_seq ON responses (owner, seq);
