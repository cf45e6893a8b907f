-- Tenants, their API keys (hash only), their webhooks (secret encrypted) and the events they raise.

CREATE TABLE workspaces (
    id          uuid PRIMARY KEY,
    name        text        NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE TABLE api_keys (
    id            uuid PRIMARY KEY,
    workspace_id  uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id       uuid        NOT NULL,
    role          text        NOT NULL CHECK (role IN ('admin', 'tech', 'readonly')),
    name          text        NOT NULL,
    key_hash      bytea       NOT NULL,
    key_last4     text        NOT NULL,
    created_at    timestamptz NOT NULL,
    last_used     timestamptz,
    revoked_at    timestamptz,
    CONSTRAINT api_keys_key_hash_unique UNIQUE (key_hash)
);
-- Listing a user's keys in a workspace, newest first; counting a workspace's active keys.
CREATE INDEX api_keys_workspace_user_created ON api_keys (workspace_id, user_id, created_at DESC, id DESC);
CREATE INDEX api_keys_workspace_active ON api_keys (workspace_id) WHERE revoked_at IS NULL;

CREATE TABLE webhooks (
    id                 uuid PRIMARY KEY,
    workspace_id       uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    url                text        NOT NULL,
    url_key            text        NOT NULL,
    events             text[]      NOT NULL,
    is_active          boolean     NOT NULL,
    description        text,
    secret_ciphertext  text        NOT NULL,
    created_by         uuid        NOT NULL,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    CONSTRAINT webhooks_workspace_url_key UNIQUE (workspace_id, url_key)
);
-- Listing a workspace's webhooks newest first.
CREATE INDEX webhooks_workspace_created ON webhooks (workspace_id, created_at DESC, id DESC);

CREATE TABLE events (
    id            uuid PRIMARY KEY,
    workspace_id  uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    source_id     text,
    event_type    text        NOT NULL,
    body          text        NOT NULL,
    created_at    timestamptz NOT NULL
);
-- Idempotent intake: one event per producer id and workspace.
CREATE UNIQUE INDEX events_workspace_source ON events (workspace_id, source_id) WHERE source_id IS NOT NULL;
-- Retention purges by age.
CREATE INDEX events_created ON events (created_at);
