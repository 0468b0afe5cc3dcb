-- The PostgreSQL twin of db/migration's script of the same version: the same tables and columns, in
-- PostgreSQL's types. Each OpenAI object is stored whole as JSON; the other columns are what the store looks
-- things up by.

CREATE TABLE responses (
    id                   TEXT    NOT NULL PRIMARY KEY,
    status               TEXT    NOT NULL,
    created_at           BIGINT  NOT NULL,
    previous_response_id TEXT,
    background           BOOLEAN NOT NULL,
    store                BOOLEAN NOT NULL,
    json                 TEXT    NOT NULL
);
CREATE INDEX responses_by_status ON responses (status, created_at);

CREATE TABLE items (
    id          TEXT    NOT NULL PRIMARY KEY,
    response_id TEXT    NOT NULL,
    role        TEXT    NOT NULL CHECK (role IN ('INPUT', 'OUTPUT')),
    position    INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    json        TEXT    NOT NULL
);
CREATE INDEX items_by_response ON items (response_id, role, position, id);

-- Event logs are not tied to responses by a foreign key: a log exists from its first append.
CREATE TABLE events (
    response_id TEXT    NOT NULL,
    seq         BIGINT  NOT NULL,
    type        TEXT    NOT NULL,
    json        TEXT    NOT NULL,
    PRIMARY KEY (response_id, seq)
);

-- A row per finished log; it stays after the events are discarded, so the log stays closed.
CREATE TABLE finished_logs (
    response_id TEXT NOT NULL PRIMARY KEY
);

CREATE TABLE files (
    id         TEXT    NOT NULL PRIMARY KEY,
    filename   TEXT    NOT NULL,
    purpose    TEXT    NOT NULL,
    bytes      BIGINT  NOT NULL,
    created_at BIGINT  NOT NULL,
    blob_name  TEXT    NOT NULL
);
CREATE INDEX files_by_created ON files (created_at, id);
CREATE INDEX files_by_purpose ON files (purpose, created_at, id);
