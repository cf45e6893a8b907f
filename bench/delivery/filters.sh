#!/usr/bin/env bash
# Webhook filters at fan-out (SPEC §10), on this checkout's packaged jar.
#  1. One event fanned out to 1,000 webhooks that all have a filter (each its own text, all matching)
#     against the same fan-out to 1,000 webhooks without one, taking turns, [rounds] times each after
#     a warm-up: the time of the intake POST (filters evaluated, one statement) and to the last arrival.
#  2. Hostile filters: the intake latency of a workspace without filters (10 webhooks), alone and while
#     another workspace's events, each with a 40 KB string and a 1,000-element list, are evaluated
#     against 20 hostile filters (nested comprehensions, regular expressions over the string, string
#     concatenation in a loop, a pattern that expands to millions of instructions); and that
#     workspace's own intake latency.
# Usage: bench/delivery/filters.sh [rounds=5]   (BENCH_DB, BENCH_PORT, RECEIVER_PORT as in bench/README.md)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
export BENCH_DB=${BENCH_DB:-encrata_bench_filters} BENCH_PORT=${BENCH_PORT:-18180}
export RECEIVER_PORT=${RECEIVER_PORT:-18543} STATS_PORT=${STATS_PORT:-18544}
source "$HERE/../lib/service.sh"
source "$HERE/lib.sh"
require psql curl node openssl
ROUNDS=${1:-5}
scratch_work

# Creates $1 webhooks for event type $2 in a new workspace, with the filter made by the printf
# template $3 (%s is the webhook's number; empty: none); prints the workspace id and its key.
workspace_with() {
  local per=$1 type=$2 filter=$3 ws key
  read -r ws key < <(provision)
  for i in $(seq 1 "$per"); do
    if [ -n "$filter" ]; then
      printf '{"url":"https://localhost:%s/%s/h%s","events":["%s"],"filter":"%s"}\n' "$RECEIVER_PORT" "$ws" "$i" "$type" \
        "$(printf "$filter" "$i")"
    else
      printf '{"url":"https://localhost:%s/%s/h%s","events":["%s"]}\n' "$RECEIVER_PORT" "$ws" "$i" "$type"
    fi
  done | xargs -d '\n' -P 8 -I{} curl -sf -o /dev/null -X POST "$BENCH_URL/api/webhooks" \
    -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d '{}'
  echo "$ws $key"
}

# One event to the workspace $1 (1,000 webhooks): the intake POST's time and the time to the last arrival.
fan_out() {
  local ws=$1 t0 intake s
  reset_receiver
  t0=$(date +%s%3N)
  intake=$(curl -sf -o /dev/null -w '%{time_total}' -X POST "$BENCH_URL/internal/events" \
    -H "Authorization: Bearer $BENCH_INTERNAL_TOKEN" -H 'Content-Type: application/json' \
    -d "{\"workspace_id\":\"$ws\",\"event\":\"credits.low\",\"data\":{\"remaining\":5,\"plan\":\"growth\",\"email\":\"ops@acme.com\"}}")
  await_received 1000
  s=$(stats)
  node -e '
    const s = JSON.parse(process.argv[1]), t0 = Number(process.argv[2]);
    console.log(`deliveries=${s.count} intake_ms=${(Number(process.argv[3]) * 1000).toFixed(1)} all_ms=${s.last_at - t0}`);
  ' "$s" "$t0" "$intake"
}

echo "== packaging"
(cd "$BENCH_ROOT" && ./mvnw -B -q -ntp package -DskipTests)
start_receiver
fresh_database
start_service

echo "== 1. fan-out of one event to 1,000 webhooks: with a filter each, and without"
read -r plain _ < <(workspace_with 1000 credits.low "")
read -r filtered _ < <(workspace_with 1000 credits.low 'data.remaining < 100 && data.plan != \\"p%s\\" && data.email.endsWith(\\"@acme.com\\")')
for _ in 1 2 3; do fan_out "$plain" >/dev/null; fan_out "$filtered" >/dev/null; done
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then
    echo "round $round plain:    $(fan_out "$plain")"
    echo "round $round filtered: $(fan_out "$filtered")"
  else
    echo "round $round filtered: $(fan_out "$filtered")"
    echo "round $round plain:    $(fan_out "$plain")"
  fi
done

echo "== 2. hostile filters"
read -r quiet _ < <(workspace_with 10 lookup.completed "")
read -r hostile key < <(workspace_with 1 lookup.completed "")
filters=(
  'data.items.all(x, data.items.all(y, data.items.all(z, x + y + z >= 0)))'
  "data.items.exists(x, data.text.matches('(a|b)*(a|b)*(a|b)*(a|b)*(a|b)*c'))"
  'data.items.exists(x, data.text + data.text + data.text == data.text)'
  'data.text.matches(data.pattern)'
  'data.items.exists(x, x in data.items && false)')
for i in $(seq 1 20); do
  f=${filters[$(( (i - 1) % ${#filters[@]} ))]}
  f="$f || data.n == $i"
  curl -sf -o /dev/null -X POST "$BENCH_URL/api/webhooks" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d "$(node -e 'console.log(JSON.stringify({url: process.argv[1], events: ["lookup.completed"], filter: process.argv[2]}))' \
      "https://localhost:$RECEIVER_PORT/hostile/$i" "$f")"
done
node -e '
  const items = Array.from({length: 1000}, (_, i) => i);
  console.log(JSON.stringify({n: 0, items, text: "ab".repeat(20000), pattern: "((a{1000}){1000}){1000}"}));
' > "$WORK/hostile.json"
node "$HERE/intake.js" "$BENCH_URL" "$BENCH_INTERNAL_TOKEN" "$quiet" lookup.completed 300 - >/dev/null
node "$HERE/intake.js" "$BENCH_URL" "$BENCH_INTERNAL_TOKEN" "$hostile" lookup.completed 30 "$WORK/hostile.json" >/dev/null
for round in $(seq 1 2); do
  echo "round $round quiet workspace alone:          $(node "$HERE/intake.js" "$BENCH_URL" "$BENCH_INTERNAL_TOKEN" "$quiet" lookup.completed 500 -)"
  node "$HERE/intake.js" "$BENCH_URL" "$BENCH_INTERNAL_TOKEN" "$hostile" lookup.completed 0 "$WORK/hostile.json" > "$WORK/load.json" &
  load=$!
  echo "round $round quiet workspace beside hostile: $(node "$HERE/intake.js" "$BENCH_URL" "$BENCH_INTERNAL_TOKEN" "$quiet" lookup.completed 500 -)"
  kill -TERM "$load"; wait "$load" || true
  echo "round $round hostile workspace's own intake: $(cat "$WORK/load.json")"
done
curl -sf "$BENCH_URL/q/metrics" | grep '^encrata_filter_evaluations_total' || true
