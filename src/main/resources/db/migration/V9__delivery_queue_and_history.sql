-- The delivery engine's work queue apart from the delivery history.
--
-- delivery_queue holds only what is due or in flight: a narrow row per delivery, claimed, renewed and
-- retried in place, and deleted when the delivery is final. Its due_at is also the claim's lease: a
-- claim moves it to the lease's end, so work whose holder died becomes due again by itself, and a
-- claim never walks over work in flight.
--
-- deliveries becomes the history: a delivery is written there once, when it is final (success or
-- failed), into a partition of the day it was created. Retention drops whole partitions.
--
-- Neither table has a foreign key: a key check locks the referenced webhook row (FOR KEY SHARE) for
-- every delivery inserted, which is most of an insert's cost when an event fans out. Deleting a
-- webhook deletes its queue and history rows itself (webhook/service/WebhookService via
-- DeliveriesOfWebhook); a claim drops queue rows whose webhook is gone.

-- The request that created an event, for the engine's log lines about its deliveries; and when it was
-- accepted (its deliveries' created_at), which retention goes by. Rows from before have neither:
-- coalesce(accepted_at, created_at).
ALTER TABLE events ADD COLUMN request_id text;
ALTER TABLE events ADD COLUMN accepted_at timestamptz;
DROP INDEX events_created;
CREATE INDEX events_accepted ON events ((coalesce(accepted_at, created_at)));

CREATE TABLE delivery_queue (
    id               uuid PRIMARY KEY,
    webhook_id       uuid        NOT NULL,
    -- The event whose body is the envelope; null for a requeued test send, which carries its own.
    event_id         uuid,
    event_type       text        NOT NULL,
    payload          text,
    created_at       timestamptz NOT NULL,
    -- The next attempt; while claimed, the end of the lease.
    due_at           timestamptz NOT NULL,
    attempts         integer     NOT NULL DEFAULT 0,
    -- Set while an instance holds the delivery; outcomes are written only under it.
    lease_token      uuid,
    -- A manual attempt (redeliver, recover) is made once and never rescheduled.
    manual           boolean     NOT NULL DEFAULT false,
    -- Set for the deliveries of a webhook scheduled on its own (fifo ordering or a rate limit): they are
    -- claimed per webhook, in this order; null for all others.
    seq              bigint,
    -- The last attempt's answer, shown by the delivery log while the delivery waits for its retry.
    last_attempt_at  timestamptz,
    response_status  integer,
    response_body    text,
    error            text,
    CONSTRAINT delivery_queue_envelope CHECK (payload IS NOT NULL OR event_id IS NOT NULL)
);
-- Claiming: due work of the webhooks that are not scheduled on their own; theirs, per webhook in order.
CREATE INDEX delivery_queue_due ON delivery_queue (due_at) WHERE seq IS NULL;
CREATE INDEX delivery_queue_seq ON delivery_queue (webhook_id, seq) WHERE seq IS NOT NULL;
-- The delivery log's pending part, the pending counts, and deleting a webhook's work.
CREATE INDEX delivery_queue_webhook ON delivery_queue (webhook_id, created_at DESC, id DESC);
CREATE SEQUENCE delivery_queue_seq_order AS bigint;

-- The old table is copied out below and dropped; its indexes go first, their names are taken again.
ALTER TABLE deliveries RENAME TO deliveries_v8;
DROP INDEX deliveries_due, deliveries_webhook_created, deliveries_webhook_status_created, deliveries_created,
           deliveries_event;

CREATE TABLE deliveries (
    id               uuid        NOT NULL,
    webhook_id       uuid        NOT NULL,
    event_id         uuid,
    event_type       text        NOT NULL,
    -- A test send's envelope; a delivery of an event sends (and shows) its event's body.
    payload          text,
    status           text        NOT NULL CHECK (status IN ('success', 'failed')),
    attempts         integer     NOT NULL,
    response_status  integer,
    response_body    text,
    last_attempt_at  timestamptz,
    error            text,
    created_at       timestamptz NOT NULL,
    CONSTRAINT deliveries_envelope CHECK (payload IS NOT NULL OR event_id IS NOT NULL)
) PARTITION BY RANGE (created_at);
-- The delivery log of a webhook, newest first; its failed deliveries (status filter, recover).
CREATE INDEX deliveries_webhook_created ON deliveries (webhook_id, created_at DESC, id DESC);
CREATE INDEX deliveries_webhook_failed ON deliveries (webhook_id, created_at DESC, id DESC) WHERE status = 'failed';
-- One delivery by id (redeliver, paging): one probe per partition.
CREATE INDEX deliveries_id ON deliveries (id);

-- The partition of deliveries for the UTC day of `day`, made if missing: deliveries_pYYYYMMDD.
-- The service makes the partitions of the next days ahead (delivery/engine/HistoryPartitions).
CREATE FUNCTION encrata_deliveries_partition(day timestamptz) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    start timestamptz := date_trunc('day', day AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    name text := 'deliveries_p' || to_char(start AT TIME ZONE 'UTC', 'YYYYMMDD');
BEGIN
    IF to_regclass(name) IS NULL THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF deliveries FOR VALUES FROM (%L) TO (%L)',
                       name, start, start + interval '1 day');
    END IF;
    RETURN name;
END $$;

-- Partitions for the history carried over and for the next days.
SELECT encrata_deliveries_partition(day)
FROM generate_series(
        date_trunc('day', least(now(), coalesce((SELECT min(created_at) FROM deliveries_v8), now())) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
        now() + interval '3 days', interval '1 day') AS day;

INSERT INTO delivery_queue (id, webhook_id, event_id, event_type, payload, created_at, due_at, attempts, manual,
                            last_attempt_at, response_status, response_body, error)
SELECT id, webhook_id, event_id, event_type, payload, created_at, coalesce(next_attempt_at, now()), attempts, manual,
       last_attempt_at, response_status, response_body, error
FROM deliveries_v8 WHERE status = 'pending';

INSERT INTO deliveries (id, webhook_id, event_id, event_type, payload, status, attempts, response_status,
                        response_body, last_attempt_at, error, created_at)
SELECT id, webhook_id, event_id, event_type, payload, status, attempts, response_status, response_body,
       last_attempt_at, error, created_at
FROM deliveries_v8 WHERE status <> 'pending';

DROP TABLE deliveries_v8;

-- Scheduling rules of a webhook (SPEC §10): its deliveries one at a time in order, and a pace.
ALTER TABLE webhooks ADD COLUMN ordering text NOT NULL DEFAULT 'unordered' CHECK (ordering IN ('unordered', 'fifo'));
ALTER TABLE webhooks ADD COLUMN rate_limit integer CHECK (rate_limit BETWEEN 1 AND 10000);
CREATE INDEX webhooks_scheduled ON webhooks (id) WHERE ordering = 'fifo' OR rate_limit IS NOT NULL;

-- The token bucket of a rate-limited webhook, shared by every instance: tokens as of refilled_at, which
-- grow by rate_limit a second up to half a second's worth.
CREATE TABLE webhook_pace (
    webhook_id   uuid PRIMARY KEY REFERENCES webhooks (id) ON DELETE CASCADE,
    tokens       double precision NOT NULL,
    refilled_at  timestamptz      NOT NULL
);

-- Claims the due work of the webhooks scheduled on their own, up to max_rows, leased under `token`:
-- of a fifo webhook only its first delivery (by seq), and only when it is due (so never while one is
-- in flight: a claim moves due_at to the lease's end); of a rate-limited one no more than its tokens
-- allow. Lanes are visited in id order, so two instances never wait on each other in a cycle. A
-- row with a null id says that a lane had due work its tokens did not allow yet.
CREATE FUNCTION encrata_claim_scheduled(max_rows integer, lease_secs double precision, token uuid)
RETURNS TABLE (claimed_id uuid, claimed_due timestamptz) LANGUAGE plpgsql AS $$
DECLARE
    lane record;
    allowed integer;
    budget double precision;
    ids uuid[];
    dues timestamptz[];
    taken integer;
    room integer := max_rows;
    paced boolean := false;
BEGIN
    FOR lane IN
        SELECT w.id AS webhook_id, w.ordering = 'fifo' AS fifo, w.rate_limit AS per_second
        FROM webhooks w
        WHERE (w.ordering = 'fifo' OR w.rate_limit IS NOT NULL)
          AND EXISTS (SELECT 1 FROM delivery_queue q
                      WHERE q.webhook_id = w.id AND q.seq IS NOT NULL AND q.due_at <= now())
        ORDER BY w.id
    LOOP
        EXIT WHEN room <= 0;
        allowed := CASE WHEN lane.fifo THEN 1 ELSE room END;
        IF lane.per_second IS NOT NULL THEN
            INSERT INTO webhook_pace (webhook_id, tokens, refilled_at)
            VALUES (lane.webhook_id, greatest(1, lane.per_second * 0.5), now())
            ON CONFLICT (webhook_id) DO NOTHING;
            SELECT least(greatest(1, lane.per_second * 0.5),
                         p.tokens + extract(epoch FROM now() - p.refilled_at) * lane.per_second)
            INTO budget FROM webhook_pace p WHERE p.webhook_id = lane.webhook_id FOR UPDATE SKIP LOCKED;
            CONTINUE WHEN NOT FOUND;
            allowed := least(allowed, floor(budget)::integer);
            IF allowed < 1 THEN
                paced := true;
                CONTINUE;
            END IF;
        END IF;
        IF lane.fifo THEN
            -- The head is read without a lock: skipping a locked head would claim the one behind it.
            -- The update waits for a head another statement holds and then sees whether it is still due.
            WITH head AS (
                SELECT q.id, q.due_at FROM delivery_queue q
                WHERE q.webhook_id = lane.webhook_id AND q.seq IS NOT NULL ORDER BY q.seq LIMIT 1
            ), claimed AS (
                UPDATE delivery_queue q SET due_at = now() + make_interval(secs => lease_secs), lease_token = token
                FROM head WHERE q.id = head.id AND q.due_at <= now()
                RETURNING q.id, head.due_at
            )
            SELECT array_agg(c.id), array_agg(c.due_at) INTO ids, dues FROM claimed c;
        ELSE
            WITH due AS (
                SELECT q.id, q.due_at FROM delivery_queue q
                WHERE q.webhook_id = lane.webhook_id AND q.seq IS NOT NULL AND q.due_at <= now()
                ORDER BY q.seq LIMIT allowed
                FOR UPDATE SKIP LOCKED
            ), claimed AS (
                UPDATE delivery_queue q SET due_at = now() + make_interval(secs => lease_secs), lease_token = token
                FROM due WHERE q.id = due.id
                RETURNING q.id, due.due_at
            )
            SELECT array_agg(c.id), array_agg(c.due_at) INTO ids, dues FROM claimed c;
        END IF;
        taken := coalesce(array_length(ids, 1), 0);
        IF lane.per_second IS NOT NULL THEN
            UPDATE webhook_pace SET tokens = budget - taken, refilled_at = now() WHERE webhook_id = lane.webhook_id;
            paced := paced OR taken = allowed;
        END IF;
        room := room - taken;
        IF taken > 0 THEN
            RETURN QUERY SELECT * FROM unnest(ids, dues);
        END IF;
    END LOOP;
    IF paced THEN
        RETURN QUERY SELECT NULL::uuid, NULL::timestamptz;
    END IF;
END $$;
