-- Producer intake bookkeeping: how many deliveries an event fanned out to, for idempotent replays.
ALTER TABLE events ADD COLUMN delivery_count integer NOT NULL DEFAULT 0;

-- The last successful delivery of a webhook (kept to within a minute), for auto-deactivation.
ALTER TABLE webhooks ADD COLUMN last_success_at timestamptz;

-- One row per (event, webhook) and per test send: the exact payload, its state and its last answer.
CREATE TABLE deliveries (
    id               uuid PRIMARY KEY,
    webhook_id       uuid        NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id         uuid        REFERENCES events (id) ON DELETE CASCADE,
    event_type       text        NOT NULL,
    payload          text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('pending', 'success', 'failed')),
    attempts         integer     NOT NULL DEFAULT 0,
    response_status  integer,
    response_body    text,
    last_attempt_at  timestamptz,
    next_attempt_at  timestamptz,
    error            text,
    created_at       timestamptz NOT NULL,
    -- A manual attempt (redeliver, recover) is made once and never rescheduled.
    manual           boolean     NOT NULL DEFAULT false,
    -- Set while an engine instance holds the delivery; an expired lease can be claimed again.
    lease_until      timestamptz,
    lease_token      uuid
);
-- Claiming due work.
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
-- The delivery log of a webhook, newest first, optionally by status.
CREATE INDEX deliveries_webhook_created ON deliveries (webhook_id, created_at DESC, id DESC);
CREATE INDEX deliveries_webhook_status_created ON deliveries (webhook_id, status, created_at DESC, id DESC);
-- Retention purges by age; events cascade to their deliveries.
CREATE INDEX deliveries_created ON deliveries (created_at);
CREATE INDEX deliveries_event ON deliveries (event_id);
