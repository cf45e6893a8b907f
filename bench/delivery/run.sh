#!/usr/bin/env bash
# Delivery throughput and latency: events posted to the packaged service's intake, fanned out to M
# webhooks on a local HTTPS receiver that only counts and answers 200. Baseline: wrk straight against
# the same receiver in the same run. A second case sends one event to 1,000 webhooks.
# Usage: bench/delivery/run.sh [webhooks=10] [events_per_second=250] [seconds=30]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../lib/service.sh"
source "$HERE/lib.sh"
require wrk psql curl node openssl
WEBHOOKS=${1:-10}
RATE=${2:-250}
SECONDS_PER_RUN=${3:-30}
scratch_work
start_receiver
INTERNAL_TOKEN=$BENCH_INTERNAL_TOKEN
fresh_database
start_service

echo "== baseline: wrk POST straight to the receiver (2 threads, 64 connections, 10 s)"
BASE=$(receiver_raw_rps)
echo "receiver_raw_rps=$BASE"

read -r WS KEY < <(provision)
for i in $(seq 1 "$WEBHOOKS"); do
  curl -sf -X POST "$BENCH_URL/api/webhooks" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "{\"url\":\"https://localhost:$RECEIVER_PORT/hook/$i\",\"events\":[\"lookup.completed\"]}" >/dev/null
done

echo "== warm-up: 5 s at $RATE events/s, then until the backlog has drained"
node "$HERE/driver.js" "$BENCH_URL" "$INTERNAL_TOKEN" "$WS" "$RATE" 5 >/dev/null
PREV=-1
for _ in $(seq 1 120); do
  NOW=$(stats | sed -nE 's/.*"count":([0-9]+).*/\1/p')
  [ "$NOW" = "$PREV" ] && break
  PREV=$NOW; sleep 1
done
reset_receiver

echo "== sustained: $RATE events/s x $WEBHOOKS webhooks for ${SECONDS_PER_RUN} s"
DRIVER=$(node "$HERE/driver.js" "$BENCH_URL" "$INTERNAL_TOKEN" "$WS" "$RATE" "$SECONDS_PER_RUN")
echo "driver: $DRIVER"
EXPECTED=$(( $(echo "$DRIVER" | sed -nE 's/.*"accepted":([0-9]+).*/\1/p') * WEBHOOKS ))
for _ in $(seq 1 120); do
  [ "$(stats | sed -nE 's/.*"count":([0-9]+).*/\1/p')" -ge "$EXPECTED" ] && break
  sleep 0.5
done
S=$(stats)
echo "receiver: $S"
node -e "
const s = JSON.parse(process.argv[1]); const expected = Number(process.argv[2]); const base = Number(process.argv[3]);
const secs = (s.last_at - s.first_at) / 1000; const rate = s.count / secs;
console.log('deliveries=' + s.count + ' expected=' + expected + ' lost=' + Math.max(0, expected - s.count) + ' duplicates=' + s.duplicates);
console.log('deliveries_per_s=' + rate.toFixed(0) + ' first_attempt_p50_ms=' + s.p50_ms + ' p99_ms=' + s.p99_ms
  + ' ratio_to_receiver_raw=' + (100 * rate / base).toFixed(1) + '%');
" "$S" "$EXPECTED" "$BASE"
echo "service_rss_mib=$(service_rss_mib)"

echo "== fan-out: one event to 1,000 webhooks"
read -r WS2 KEY2 < <(provision)
for i in $(seq 1 1000); do
  printf '{"url":"https://localhost:%s/fan/%s","events":["credits.low"]}\n' "$RECEIVER_PORT" "$i"
done > "$WORK/hooks.jsonl"
# Quota and rate limit are off for the benchmark; create the webhooks over a few connections.
xargs -d '\n' -P 8 -I{} curl -sf -o /dev/null -X POST "$BENCH_URL/api/webhooks" -H "Authorization: Bearer $KEY2" \
  -H 'Content-Type: application/json' -d '{}' < "$WORK/hooks.jsonl"
reset_receiver
T0=$(date +%s%3N)
curl -sf -X POST "$BENCH_URL/internal/events" -H "Authorization: Bearer $INTERNAL_TOKEN" -H 'Content-Type: application/json' \
  -d "{\"workspace_id\":\"$WS2\",\"event\":\"credits.low\",\"data\":{\"remaining\":5}}"
echo
for _ in $(seq 1 600); do
  [ "$(stats | sed -nE 's/.*"count":([0-9]+).*/\1/p')" -ge 1000 ] && break
  sleep 0.1
done
S=$(stats)
node -e "const s = JSON.parse(process.argv[1]); const t0 = Number(process.argv[2]);
console.log('fanout_deliveries=' + s.count + ' first_ms=' + (s.first_at - t0) + ' all_ms=' + (s.last_at - t0) + ' p50_ms=' + s.p50_ms + ' p99_ms=' + s.p99_ms);" "$S" "$T0"
