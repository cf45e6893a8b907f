-- A webhook's current failing streak (SPEC §11), kept by the statement that records attempt outcomes:
-- how many scheduled attempts in a row failed, since when, and whether webhook.failing went out for
-- this streak (once per streak; the next success sends webhook.recovered and ends the streak).
ALTER TABLE webhooks ADD COLUMN consecutive_failures integer NOT NULL DEFAULT 0;
ALTER TABLE webhooks ADD COLUMN failing_since timestamptz;
ALTER TABLE webhooks ADD COLUMN failing_alerted boolean NOT NULL DEFAULT false;

-- Operational events recorded in the same statement as the outcome that caused them, until they are
-- fanned out: the fan-out stores the event and deletes its row here in one statement, so each is
-- fanned out exactly once, by whichever instance gets to it first (the recording instance right after
-- its commit, or any instance's sweep when that instance died in between).
CREATE TABLE operational_events (
    id           uuid        PRIMARY KEY,
    workspace_id uuid        NOT NULL,
    webhook_id   uuid        NOT NULL,
    event_type   text        NOT NULL,
    data         text        NOT NULL,
    created_at   timestamptz NOT NULL
);
CREATE INDEX operational_events_created ON operational_events (created_at);
