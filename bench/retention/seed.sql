-- Seeds :events expired events of workspace :'ws', each delivered to every webhook of the workspace
-- (success, 1 in 30 failed after 3 attempts), 35 to ~64 days old, oldest first on disk like rows
-- written over time. The envelope is about 300 bytes, the size of a typical event.
-- Foreign keys and triggers are skipped for the load (replication role "replica"): the rows
-- reference the workspace and webhooks that exist.
-- Usage: psql -v ws=<uuid> -v events=500000 -v tag=<unique per seed> -f seed.sql
\set ON_ERROR_STOP on
SET session_replication_role = replica;
SET synchronous_commit = off;

INSERT INTO events (id, workspace_id, source_id, event_type, body, created_at, delivery_count)
SELECT gen_random_uuid(), :'ws', :'tag' || '_' || i, 'lookup.completed',
       '{"event":"lookup.completed","data":{"lookup_id":"lu_' || :'tag' || '_' || i
         || '","email":"customer' || (i % 9973) || '@example.com","status":"completed","score":' || (i % 100)
         || ',"sources":["registry","social","web"],"country":"FR","duration_ms":' || (i % 5000)
         || ',"note":"' || md5(i::text) || md5((i + 1)::text) || '"},"created_at":"'
         || to_char((now() - interval '35 days' - (:events - i) * interval '5 seconds') AT TIME ZONE 'UTC',
                    'YYYY-MM-DD"T"HH24:MI:SS"Z"') || '"}',
       now() - interval '35 days' - (:events - i) * interval '5 seconds',
       (SELECT count(*) FROM webhooks WHERE workspace_id = :'ws')
FROM generate_series(1, :events) AS i;

-- Each delivery with its own copy of the envelope, as rows written before migration V8 have it (since
-- V8 a delivery of an event stores none and reads its event's body): the heavier rows for the purge,
-- and the shape the figures of docs/BENCHMARKS.md, "Retention at scale", were measured with.
INSERT INTO deliveries (id, webhook_id, event_id, event_type, payload, status, attempts, response_status,
                        response_body, last_attempt_at, next_attempt_at, error, created_at, manual, request_id)
SELECT gen_random_uuid(), w.id, e.id, e.event_type, e.body,
       CASE WHEN f THEN 'failed' ELSE 'success' END,
       CASE WHEN f THEN 3 ELSE 1 END,
       CASE WHEN f THEN 503 ELSE 200 END,
       CASE WHEN f THEN 'upstream unavailable' ELSE 'ok' END,
       e.created_at + CASE WHEN f THEN interval '95 seconds' ELSE interval '40 milliseconds' END,
       NULL,
       CASE WHEN f THEN 'HTTP 503' END,
       e.created_at, false, 'seed-' || left(e.source_id, 24)
FROM events e
CROSS JOIN LATERAL (SELECT h.id, (hashtext(e.source_id || h.id::text) % 30) = 0 AS f
                    FROM webhooks h WHERE h.workspace_id = :'ws') w
WHERE e.workspace_id = :'ws' AND e.source_id LIKE :'tag' || '\_%';
