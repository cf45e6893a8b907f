-- Answers of creates made with an Idempotency-Key, kept 24 hours, the body encrypted (it holds a
-- webhook secret or an API key).
CREATE TABLE idempotency_keys (
    workspace_id        uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    key                 text        NOT NULL,
    request_hash        bytea       NOT NULL,
    status              integer,
    location            text,
    response_ciphertext text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
