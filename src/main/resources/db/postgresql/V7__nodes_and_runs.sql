-- The nodes that share this store (one on SQLite), each beating while it runs, and the response runs each
-- holds. A run whose node stopped beating is abandoned: any node ends it (marks it failed), so that no
-- response waits forever for a node that died. A run's cancel flag is how a node asks the one running it to
-- stop. Times in milliseconds since the epoch.
CREATE TABLE nodes (
    id           TEXT    NOT NULL PRIMARY KEY,
    name         TEXT    NOT NULL,
    role         TEXT    NOT NULL,
    started_at   BIGINT  NOT NULL,
    heartbeat_at BIGINT  NOT NULL
);
CREATE TABLE runs (
    response_id TEXT    NOT NULL PRIMARY KEY,
    node        TEXT    NOT NULL,
    cancel      BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX runs_by_node ON runs (node);
