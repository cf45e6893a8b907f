-- Seeds :events expired events of workspace :'ws', each delivered to every webhook of the workspace
-- (success, 1 in 30 failed after 3 attempts), accepted 35 to ~64 days ago (one every 5 s), oldest
-- first on disk like rows written over time. The envelope is about 300 bytes, the size of a typical
-- event. The deliveries go to the history (the day partitions of `deliveries`, made first), as final
-- rows without an envelope of their own: a delivery of an event reads its event's body.
-- Foreign keys and triggers are skipped for the load (replication role "replica"): the events
-- reference the workspace that exists.
-- Usage: psql -v ws=<uuid> -v events=500000 -v tag=<unique per seed> -f seed.sql
\set ON_ERROR_STOP on
SET session_replication_role = replica;
SET synchronous_commit = off;
-- Whole UTC days below: adding '1 day' to a timestamptz keeps the local time of the session's zone,
-- which would shift across a daylight saving change and skip a partition.
SET TimeZone = 'UTC';

INSERT INTO events (id, workspace_id, source_id, event_type, body, created_at, accepted_at, request_id, delivery_count)
SELECT gen_random_uuid(), :'ws', :'tag' || '_' || i, 'lookup.completed',
       '{"event":"lookup.completed","data":{"lookup_id":"lu_' || :'tag' || '_' || i
         || '","email":"customer' || (i % 9973) || '@example.com","status":"completed","score":' || (i % 100)
         || ',"sources":["registry","social","web"],"country":"FR","duration_ms":' || (i % 5000)
         || ',"note":"' || md5(i::text) || md5((i + 1)::text) || '"},"created_at":"'
         || to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || '"}',
       at, at, 'seed-' || :'tag' || '-' || i,
       (SELECT count(*) FROM webhooks WHERE workspace_id = :'ws')
FROM generate_series(1, :events) AS i,
     LATERAL (SELECT date_trunc('milliseconds', now()) - interval '35 days' - (:events - i) * interval '5 seconds' AS at) t;

-- The history's partitions of the seeded days (the service makes only today's and the next days');
-- \gset keeps the count out of the output.
SELECT count(encrata_deliveries_partition(day)) AS partitions
FROM generate_series(
        (SELECT date_trunc('day', min(accepted_at)) FROM events WHERE workspace_id = :'ws' AND source_id LIKE :'tag' || '\_%'),
        (SELECT max(accepted_at) FROM events WHERE workspace_id = :'ws' AND source_id LIKE :'tag' || '\_%'),
        interval '1 day') AS day
\gset

-- One final delivery per event and webhook, created when its event was accepted, as the engine
-- records it (delivery/engine/OutcomeWriter): payload null, the last attempt's answer.
INSERT INTO deliveries (id, webhook_id, event_id, event_type, payload, status, attempts, response_status,
                        response_body, last_attempt_at, error, created_at)
SELECT gen_random_uuid(), w.id, e.id, e.event_type, NULL,
       CASE WHEN f THEN 'failed' ELSE 'success' END,
       CASE WHEN f THEN 3 ELSE 1 END,
       CASE WHEN f THEN 503 ELSE 200 END,
       CASE WHEN f THEN 'upstream unavailable' ELSE 'ok' END,
       e.accepted_at + CASE WHEN f THEN interval '95 seconds' ELSE interval '40 milliseconds' END,
       CASE WHEN f THEN 'HTTP 503' END,
       e.accepted_at
FROM events e
CROSS JOIN LATERAL (SELECT h.id, (hashtext(e.source_id || h.id::text) % 30) = 0 AS f
                    FROM webhooks h WHERE h.workspace_id = :'ws') w
WHERE e.workspace_id = :'ws' AND e.source_id LIKE :'tag' || '\_%';
