-- Branches of a conversation: the responses that continue a given one.
CREATE INDEX responses_by_previous ON responses (previous_response_id, created_at);
