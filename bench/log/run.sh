#!/usr/bin/env bash
# Delivery log benchmark: pages of GET /api/webhooks/deliveries for one webhook with 1,000,000
# deliveries in the window (three days of history partitions, nine event types, 2 % failed, and 1,000
# still pending), on the packaged service in the prod profile against the local PostgreSQL.
# Each case is asked for [requests] times (default 100) after a warm-up; prints p50/p95/max.
# Usage: bench/log/run.sh [requests]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../lib/service.sh"
require psql curl
REQUESTS=${1:-100}

fresh_database
start_service
read -r WS KEY < <(provision)
HOOK=$(curl -sf -X POST "$BENCH_URL/api/webhooks" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d '{"url":"https://log.example.com/hook","events":["lookup.completed","credits.low","credits.exhausted"]}' \
  | sed 's/.*"id":"\([^"]*\)".*/\1/')
echo "seeding 1,000,000 deliveries of webhook $HOOK..."
psql -q -d "$BENCH_DB" -v hook="$HOOK" <<'SQL'
SELECT encrata_deliveries_partition(now() - d * interval '1 day') FROM generate_series(1, 3) d;
-- Event types: lookup.completed most, credits.exhausted rare (1 in 1,000).
INSERT INTO deliveries (id, webhook_id, event_type, payload, status, attempts, response_status, created_at,
                        last_attempt_at)
SELECT gen_random_uuid(), :'hook', CASE WHEN g % 1000 = 0 THEN 'credits.exhausted'
                                       WHEN g % 10 = 0 THEN 'credits.low' ELSE 'lookup.completed' END,
       '{"event":"lookup.completed","data":{"n":1}}', CASE WHEN g % 50 = 0 THEN 'failed' ELSE 'success' END,
       1, 200, now() - (g * 0.2592) * interval '1 second', now() - (g * 0.2592) * interval '1 second'
FROM generate_series(1000, 999999) g;
INSERT INTO delivery_queue (id, webhook_id, event_type, payload, attempts, created_at, due_at)
SELECT gen_random_uuid(), :'hook', 'lookup.completed', '{"event":"lookup.completed","data":{}}', 0,
       now() - (g * 0.2592) * interval '1 second', now() + interval '1 hour'
FROM generate_series(0, 999) g;
ANALYZE;
SQL
echo "deliveries: $(psql -qtA -d "$BENCH_DB" -c 'SELECT (SELECT count(*) FROM deliveries) + (SELECT count(*) FROM delivery_queue)')"
MIDDLE=$(psql -qtA -d "$BENCH_DB" -c "SELECT id FROM deliveries ORDER BY created_at DESC, id DESC OFFSET 500000 LIMIT 1")
SINCE=$(date -u -d '-36 hours' +%Y-%m-%dT%H:%M:%SZ)
UNTIL=$(date -u -d '-35 hours' +%Y-%m-%dT%H:%M:%SZ)
base="$BENCH_URL/api/webhooks/deliveries?webhook_id=$HOOK&limit=100"
measure() {
  local name=$1 url=$2
  for _ in $(seq 1 20); do curl -sf -o /dev/null "$url" -H "Authorization: Bearer $KEY"; done
  local count
  count=$(curl -sf "$url" -H "Authorization: Bearer $KEY" | grep -o '"webhook_id"' | wc -l)
  for _ in $(seq 1 "$REQUESTS"); do
    curl -sf -o /dev/null -w '%{time_total}\n' "$url" -H "Authorization: Bearer $KEY"
  done | sort -n | awk -v name="$name" -v n="$count" '{ t[NR] = $1 * 1000 } END {
    printf "RESULT log %-28s rows=%3d requests=%d p50=%.1f ms p95=%.1f ms max=%.1f ms\n", name, n, NR, t[int(NR * 0.5)], t[int(NR * 0.95)], t[NR] }'
}
measure "first page" "$base"
measure "page after the 500,000th" "$base&starting_after=$MIDDLE"
measure "status=failed" "$base&status=failed"
measure "status=failed, deep" "$base&status=failed&starting_after=$MIDDLE"
measure "event_type=credits.exhausted" "$base&event_type=credits.exhausted"
measure "rare type, deep" "$base&event_type=credits.exhausted&starting_after=$MIDDLE"
measure "one hour, 36 h ago" "$base&since=$SINCE&until=$UNTIL"
measure "status=pending" "$base&status=pending"
