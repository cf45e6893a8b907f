#!/usr/bin/env bash
# Webhooks scheduled on their own, under load:
#  1. one fifo webhook's own pace: 3,000 events queued to it at once (32 connections), sent one at a
#     time; deliveries/s from its first to its last arrival, and from the end of the intake on;
#  2. unordered work next to busy fifo webhooks: the 20,000-delivery burst of ab.sh alone, then again
#     while 10 fifo webhooks (on a second receiver, so that the counts stay apart) drain 1,000 events
#     each, queued just before.
# With BENCH_STATEMENTS=1 (pg_stat_statements loaded by the server, see statements.sh), also prints
# PostgreSQL's statements of the one-webhook phase: calls and mean execution time.
# Usage: [BENCH_WARMUP=3] [BENCH_STATEMENTS=1] bench/delivery/fifo.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../lib/service.sh"
source "$HERE/lib.sh"
require psql curl node openssl
scratch_work
FIFO_PORT=$((RECEIVER_PORT + 2)) FIFO_STATS=$((STATS_PORT + 2))
FIFO_RECEIVER=""
BENCH_ON_EXIT+='; [ -n "$FIFO_RECEIVER" ] && kill "$FIFO_RECEIVER" 2>/dev/null || true'

start_receiver
# The second receiver shares the first one's certificate (localhost), which the service trusts.
node "$DELIVERY_BENCH/receiver.js" "$FIFO_PORT" "$FIFO_STATS" "$WORK/key.pem" "$WORK/cert.pem" &
FIFO_RECEIVER=$!
fifo_stats() { curl -sf "http://127.0.0.1:$FIFO_STATS/stats"; }
for _ in $(seq 1 50); do fifo_stats >/dev/null 2>&1 && break; sleep 0.1; done

# $1 fifo webhooks on the second receiver in a new workspace (credits.low); prints the workspace id.
fifo_webhooks() {
  local ws key
  read -r ws key < <(provision)
  for i in $(seq 1 "$1"); do
    printf '{"url":"https://localhost:%s/fifo/%s/%s","events":["credits.low"],"ordering":"fifo"}\n' "$FIFO_PORT" "$ws" "$i"
  done | xargs -d '\n' -P 4 -I{} curl -sf -o /dev/null -X POST "$BENCH_URL/api/webhooks" \
    -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d '{}'
  echo "$ws"
}

# Waits until the second receiver has $1 requests (or nothing arrived for 10 s); prints its figures.
# $2, optional: the receiver's stats when the events were all taken in; the pace from then on (the
# queued work's drain, apart from the intake's seconds that share the cores) is printed as well.
fifo_drained() {
  local expected=$1 prev=-1 still=0 now
  while :; do
    now=$(fifo_stats | sed -nE 's/.*"count":([0-9]+).*/\1/p')
    [ "$now" -ge "$expected" ] && break
    if [ "$now" = "$prev" ]; then still=$((still + 1)); [ "$still" -ge 100 ] && break; else still=0; fi
    prev=$now
    sleep 0.1
  done
  node -e '
    const s = JSON.parse(process.argv[1]), expected = Number(process.argv[2]);
    const taken = process.argv[3] ? JSON.parse(process.argv[3]) : null;
    const after = taken && taken.count > 0 && s.last_at > taken.last_at
      ? ` after_intake_per_s=${((s.count - taken.count) / ((s.last_at - taken.last_at) / 1000)).toFixed(0)}`
        + ` queued_at_intake_end=${expected - taken.count}` : "";
    console.log(`deliveries=${s.count} expected=${expected} lost=${Math.max(0, expected - s.count)}`
      + ` duplicates=${s.duplicates} deliveries_per_s=${(s.count / ((s.last_at - s.first_at) / 1000)).toFixed(0)}${after}`);
  ' "$(fifo_stats)" "$expected" "${2:-}"
}

fresh_database
[ "${BENCH_STATEMENTS:-0}" = 1 ] && psql -q -d "$BENCH_DB" -c "CREATE EXTENSION pg_stat_statements"
start_service
WS=$(webhooks_on_receiver 1 10 lookup.completed)
for _ in $(seq 1 "${BENCH_WARMUP:-3}"); do burst "$WS" 2000 10 >/dev/null; done

ONE=$(fifo_webhooks 1)
curl -s -X POST "http://127.0.0.1:$FIFO_STATS/reset" >/dev/null
[ "${BENCH_STATEMENTS:-0}" = 1 ] && psql -q -d "$BENCH_DB" -c "SELECT pg_stat_statements_reset()" >/dev/null
node "$DELIVERY_BENCH/burst.js" "$BENCH_URL" "$BENCH_INTERNAL_TOKEN" "$ONE" 3000 32 200 credits.low >/dev/null
TAKEN=$(fifo_stats)
echo "one fifo webhook, 3,000 queued: $(fifo_drained 3000 "$TAKEN")"
[ "${BENCH_STATEMENTS:-0}" = 1 ] && psql -d "$BENCH_DB" -c "
  SELECT calls, round(mean_exec_time::numeric, 3) AS mean_ms, round(total_exec_time::numeric) AS total_ms,
         left(regexp_replace(query, '\s+', ' ', 'g'), 70) AS statement
  FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'
  ORDER BY total_exec_time DESC LIMIT 10"
[ "${BENCH_FIFO_ONLY:-0}" = 1 ] && exit 0

echo "unordered burst alone:         $(burst "$WS" 2000 10)"
TEN=$(fifo_webhooks 10)
curl -s -X POST "http://127.0.0.1:$FIFO_STATS/reset" >/dev/null
node "$DELIVERY_BENCH/burst.js" "$BENCH_URL" "$BENCH_INTERNAL_TOKEN" "$TEN" 1000 32 200 credits.low >/dev/null
echo "unordered burst next to fifo:  $(burst "$WS" 2000 10)"
echo "the 10 fifo webhooks meanwhile: $(fifo_drained 10000)"
echo "rss_mib=$(service_rss_mib)"
