-- A claim no longer moves due_at: the end of a lease has a column of its own, which no index holds.
-- Claiming, renewing and giving back a delivery then change no indexed column, so PostgreSQL rewrites
-- the row in place on its page (a heap-only tuple update: no new entries in the queue's three indexes,
-- which were most of a claim's WAL and work), as long as the page has room: the queue's pages are
-- filled to half at insert for that. Due work is what is due and not held (leased_until null or past);
-- a claim walks over the rows in flight at the head of the due index, a few hundred at most.
--
-- Rows held when this migrates keep their lease: their due_at was its end (V9).
ALTER TABLE delivery_queue ADD COLUMN leased_until timestamptz;
ALTER TABLE delivery_queue SET (fillfactor = 50);
UPDATE delivery_queue SET leased_until = due_at WHERE lease_token IS NOT NULL;

-- V9's encrata_claim_scheduled with the lease in leased_until. V9's function stays as it was, for an
-- earlier version after a rollback (docs/OPERATIONS.md, "Upgrading").
--
-- Claims the due work of the webhooks scheduled on their own, up to max_rows, leased under `token`:
-- of a fifo webhook only its first delivery (by seq), and only when it is due and not held (so never
-- while one is in flight); of a rate-limited one no more than its tokens allow. Lanes are visited in
-- id order, so two instances never wait on each other in a cycle. A row with a null id says that a
-- lane had due work its tokens did not allow yet.
CREATE FUNCTION encrata_claim_lanes(max_rows integer, lease_secs double precision, token uuid)
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
                      WHERE q.webhook_id = w.id AND q.seq IS NOT NULL AND q.due_at <= now()
                        AND (q.leased_until IS NULL OR q.leased_until <= now()))
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
                UPDATE delivery_queue q SET leased_until = now() + make_interval(secs => lease_secs), lease_token = token
                FROM head WHERE q.id = head.id AND q.due_at <= now() AND (q.leased_until IS NULL OR q.leased_until <= now())
                RETURNING q.id, head.due_at
            )
            SELECT array_agg(c.id), array_agg(c.due_at) INTO ids, dues FROM claimed c;
        ELSE
            WITH due AS (
                SELECT q.id, q.due_at FROM delivery_queue q
                WHERE q.webhook_id = lane.webhook_id AND q.seq IS NOT NULL AND q.due_at <= now()
                  AND (q.leased_until IS NULL OR q.leased_until <= now())
                ORDER BY q.seq LIMIT allowed
                FOR UPDATE SKIP LOCKED
            ), claimed AS (
                UPDATE delivery_queue q SET leased_until = now() + make_interval(secs => lease_secs), lease_token = token
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
