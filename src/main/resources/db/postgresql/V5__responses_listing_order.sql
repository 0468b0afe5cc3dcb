-- The order responses were made in, for GET /v1/responses: created_at has seconds only, so responses of one
-- second need their own order. Many nodes insert at once, so each insert draws from a sequence. (PostgreSQL
-- stores came with this version's code, so the table is still empty here: no rows to number.)
CREATE SEQUENCE responses_seq;
ALTER TABLE responses ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
CREATE INDEX responses_by_owner_seq ON responses (owner, seq);
