-- Retired signing secrets, kept (encrypted) for 24 hours after a rotation, at most 5 per webhook.
CREATE TABLE webhook_secrets (
    id                 uuid PRIMARY KEY,
    webhook_id         uuid        NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    secret_ciphertext  text        NOT NULL,
    retired_at         timestamptz NOT NULL,
    expires_at         timestamptz NOT NULL
);
CREATE INDEX webhook_secrets_webhook_retired ON webhook_secrets (webhook_id, retired_at DESC);
CREATE INDEX webhook_secrets_expires ON webhook_secrets (expires_at);

-- Fixed-window request counters per API key, shared by every instance.
CREATE TABLE api_rate_limits (
    key_id        uuid PRIMARY KEY REFERENCES api_keys (id) ON DELETE CASCADE,
    window_start  timestamptz NOT NULL,
    used          integer     NOT NULL
);
