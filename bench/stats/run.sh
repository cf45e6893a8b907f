#!/usr/bin/env bash
# Stats benchmark: GET /api/webhooks/stats for a workspace with 100 webhooks and 1,000,000 deliveries
# in the 24-hour window (their hourly roll-ups as the engine writes them, and 10,000 still pending),
# on the packaged service in the prod profile against the local PostgreSQL.
# Usage: bench/stats/run.sh [requests]   (default 200; prints p50/p95/max of the answer time)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../lib/service.sh"
require psql curl
REQUESTS=${1:-200}

fresh_database
start_service
read -r WS KEY < <(provision)
for i in $(seq 1 100); do
  curl -sf -o /dev/null -X POST "$BENCH_URL/api/webhooks" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "{\"url\":\"https://stats.example.com/hook/$i\",\"events\":[\"lookup.completed\"]}"
done
echo "seeding 1,000,000 deliveries and 2,400 hourly roll-ups..."
psql -q -d "$BENCH_DB" <<SQL
-- The history's partitions of the window (yesterday's is not made ahead), its final deliveries, and
-- the queue's pending ones.
SELECT encrata_deliveries_partition(now() - interval '1 day');
INSERT INTO deliveries (id, webhook_id, event_type, payload, status, attempts, response_status, created_at,
                        last_attempt_at)
SELECT gen_random_uuid(), w.id, 'lookup.completed', '{"event":"lookup.completed","data":{}}',
       CASE WHEN g % 50 = 0 THEN 'failed' ELSE 'success' END,
       1, 200, now() - (g % 86000) * interval '1 second', now() - (g % 86000) * interval '1 second'
FROM webhooks w, generate_series(101, 10000) g;
INSERT INTO delivery_queue (id, webhook_id, event_type, payload, attempts, response_status, created_at,
                            last_attempt_at, due_at)
SELECT gen_random_uuid(), w.id, 'lookup.completed', '{"event":"lookup.completed","data":{}}',
       1, 200, now() - (g % 86000) * interval '1 second', now() - (g % 86000) * interval '1 second',
       now() + interval '1 hour'
FROM webhooks w, generate_series(1, 100) g;
INSERT INTO webhook_stats (webhook_id, hour, attempts, succeeded, failed, latency_buckets, last_success_at, last_failure_at)
SELECT w.id, date_trunc('hour', now()) - h * interval '1 hour', 417, 409, 8,
       ARRAY[0, 2, 30, 120, 150, 70, 25, 10, 5, 3, 1, 1, 0, 0], now() - h * interval '1 hour', now() - h * interval '1 hour'
FROM webhooks w, generate_series(0, 23) h;
ANALYZE;
SQL
echo "deliveries: $(psql -qtA -d "$BENCH_DB" -c 'SELECT (SELECT count(*) FROM deliveries) + (SELECT count(*) FROM delivery_queue)')"
# Warm up, then time each answer.
for _ in $(seq 1 20); do curl -sf -o /dev/null "$BENCH_URL/api/webhooks/stats" -H "Authorization: Bearer $KEY"; done
BODY=$(curl -sf "$BENCH_URL/api/webhooks/stats" -H "Authorization: Bearer $KEY")
echo "answer: $(echo "$BODY" | grep -o '"webhook_id"' | wc -l) webhooks, $(echo "$BODY" | wc -c) bytes"
for _ in $(seq 1 "$REQUESTS"); do
  curl -sf -o /dev/null -w '%{time_total}\n' "$BENCH_URL/api/webhooks/stats" -H "Authorization: Bearer $KEY"
done | sort -n | awk '{ t[NR] = $1 * 1000 } END {
  printf "RESULT stats: requests=%d p50=%.1f ms p95=%.1f ms max=%.1f ms\n", NR, t[int(NR * 0.5)], t[int(NR * 0.95)], t[NR] }'
