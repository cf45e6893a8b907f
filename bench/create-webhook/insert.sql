-- pgbench baseline: the row a create writes, inserted straight into the same table.
INSERT INTO webhooks (id, workspace_id, url, url_key, events, is_active, description, secret_ciphertext,
                      created_by, created_at, updated_at)
SELECT gen_random_uuid(), :ws, u, u, ARRAY['lookup.completed', 'credits.low'], true, 'benchmark',
       'v1:00000000:' || md5(random()::text) || md5(random()::text), gen_random_uuid(), now(), now()
FROM (SELECT 'https://bench.example.com/pgbench/' || gen_random_uuid() AS u) AS s;
