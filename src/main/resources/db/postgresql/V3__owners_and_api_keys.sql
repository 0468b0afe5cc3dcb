-- Ownership: each response and file belongs to the API key that made it ('' on a server without keys).
ALTER TABLE responses ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE files ADD COLUMN owner TEXT NOT NULL DEFAULT '';
CREATE INDEX files_by_owner ON files (owner, created_at, id);

-- API keys made with `easel keys create`: only the SHA-256 of a key is stored, never the key.
CREATE TABLE api_keys (
    id         TEXT    NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL,
    scope      TEXT    NOT NULL CHECK (scope IN ('user', 'admin')),
    sha256     TEXT    NOT NULL UNIQUE,
    hint       TEXT    NOT NULL,
    created_at BIGINT  NOT NULL,
    revoked_at BIGINT
);
