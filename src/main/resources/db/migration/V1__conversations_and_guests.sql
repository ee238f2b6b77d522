-- One schema for SQLite and PostgreSQL: only types and statements both understand.
-- Times are unix milliseconds (BIGINT); JSON is stored as text and read back by the bridge.

CREATE TABLE conversations (
    id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    -- a guest's user_id, or "key:" + the SHA-256 of the caller's key; keys themselves are never stored
    owner       VARCHAR(128) NOT NULL,
    created_at  BIGINT       NOT NULL,
    metadata    TEXT         NOT NULL,
    title       TEXT,
    -- the last item position handed out; raised under the row's lock so concurrent appends never share a position
    item_count  BIGINT       NOT NULL DEFAULT 0
);
CREATE INDEX conversations_by_owner ON conversations (owner, created_at, id);

CREATE TABLE conversation_items (
    id              VARCHAR(64) NOT NULL PRIMARY KEY,
    conversation_id VARCHAR(64) NOT NULL,
    position        BIGINT      NOT NULL,
    created_at      BIGINT      NOT NULL,
    -- the item's JSON exactly as the API returns it
    body            TEXT        NOT NULL,
    CONSTRAINT conversation_items_position UNIQUE (conversation_id, position)
);

-- The key pair that signs guest tokens, generated at first start when none is configured, so that restarts and
-- replicas sharing the database accept each other's tokens.
CREATE TABLE signing_keys (
    id          VARCHAR(64) NOT NULL PRIMARY KEY,
    private_key TEXT        NOT NULL,
    public_key  TEXT        NOT NULL,
    created_at  BIGINT      NOT NULL
);

-- Guest quotas: one counter per subject (a guest, a client address), kind of limit and time window.
CREATE TABLE usage_counters (
    subject      VARCHAR(200) NOT NULL,
    kind         VARCHAR(32)  NOT NULL,
    window_start BIGINT       NOT NULL,
    used         BIGINT       NOT NULL,
    PRIMARY KEY (subject, kind, window_start)
);
