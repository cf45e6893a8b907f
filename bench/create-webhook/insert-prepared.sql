-- pgbench -M prepared baseline: the same row inserted into webhooks_baseline, a copy of the webhooks
-- table (LIKE webhooks INCLUDING ALL): the same columns, primary key, (workspace_id, url_key) unique
-- constraint and index on (workspace_id, created_at), but no foreign key.
INSERT INTO webhooks_baseline (id, workspace_id, url, url_key, events, is_active, description, secret_ciphertext,
                               created_by, created_at, updated_at)
VALUES (gen_random_uuid(), :ws, 'https://bench.example.com/pgbench/' || gen_random_uuid(),
        'https://bench.example.com/pgbench/' || gen_random_uuid(), ARRAY['lookup.completed', 'credits.low'], true,
        'benchmark', 'v1:00000000:' || md5(random()::text) || md5(random()::text), gen_random_uuid(), now(), now());
