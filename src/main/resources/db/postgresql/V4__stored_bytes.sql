-- What each response keeps in the store, in bytes: its JSON, its items' and its events' (a key's stored
-- bytes are these and its files'). Recomputed whenever the response's row is updated.
ALTER TABLE responses ADD COLUMN bytes BIGINT NOT NULL DEFAULT 0;
CREATE INDEX responses_by_owner ON responses (owner, created_at, id);
UPDATE responses SET bytes = octet_length(json)
    + (SELECT COALESCE(SUM(octet_length(i.json)), 0) FROM items i WHERE i.response_id = responses.id)
    + (SELECT COALESCE(SUM(octet_length(e.json)), 0) FROM events e WHERE e.response_id = responses.id);
