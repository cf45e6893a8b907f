-- Why and when a webhook stopped being active: paused through the API, a 410 answer, or the
-- failure rule. Cleared when it is active again.
ALTER TABLE webhooks ADD COLUMN deactivated_at timestamptz;
ALTER TABLE webhooks ADD COLUMN deactivation_reason text CHECK (deactivation_reason IN ('paused', 'gone', 'failing'));
UPDATE webhooks SET deactivated_at = updated_at, deactivation_reason = 'paused' WHERE NOT is_active;

-- Scheduled attempts rolled up per webhook and hour, written with the outcomes: the stats of a whole
-- workspace read at most 24 rows per webhook, however many deliveries there were.
-- latency_buckets[i]: answered attempts whose duration fell in bucket i of the bounds in
-- delivery/engine/OutcomeWriter (ms): 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, above.
CREATE TABLE webhook_stats (
    webhook_id       uuid        NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    hour             timestamptz NOT NULL,
    attempts         integer     NOT NULL,
    succeeded        integer     NOT NULL,
    failed           integer     NOT NULL,
    latency_buckets  integer[]   NOT NULL,
    last_success_at  timestamptz,
    last_failure_at  timestamptz,
    PRIMARY KEY (webhook_id, hour)
);
CREATE INDEX webhook_stats_hour ON webhook_stats (hour);

-- Short-lived portal tokens (SHA-256 only), each with its own fixed rate-limit window.
CREATE TABLE portal_sessions (
    id            uuid PRIMARY KEY,
    workspace_id  uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id       uuid        NOT NULL,
    role          text        NOT NULL CHECK (role IN ('admin', 'tech', 'readonly')),
    token_hash    bytea       NOT NULL UNIQUE,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    window_start  timestamptz,
    used          integer     NOT NULL DEFAULT 0
);
CREATE INDEX portal_sessions_expires ON portal_sessions (expires_at);
