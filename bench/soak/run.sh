#!/usr/bin/env bash
# Soak: paced delivery traffic for a long run, sampled every 10 s, to show what only time shows: a
# service whose memory grows, a queue table that keeps growing or collects dead rows faster than they
# are vacuumed, a latency that creeps up, errors that start after a while.
#   - 1 workspace with 20 webhooks on the local HTTPS receiver (bench/soak/receiver.js); 1 of them
#     (5 %) points at /fail, which answers 500, so retries and given-up deliveries go on all along.
#   - A compressed retry schedule (1s,2s,5s,10s: a failing delivery is given up after 18 s) and a
#     short retention with a purge every minute, so that the purge and its vacuums run during the
#     soak rather than once in 30 days.
#   - Events at deliveries_per_second / 20 per second for the whole run (bench/delivery/driver.js).
#   - Every 10 s a row of $OUT/soak.csv: elapsed_s, rss_mib, p99_ms (first-attempt latency of the
#     successful targets' deliveries that first arrived in those 10 s), deliveries (those arrivals),
#     queue_bytes (pg_total_relation_size of the queue table: heap, indexes and TOAST), dead_tuples
#     (its n_dead_tup), error_lines (ERROR lines in the service log so far), then p50_ms and load1.
#   - At the end, the backlog drained (at most DRAIN_WAIT s, default 300), one summary line (also in
#     $OUT/summary.txt): lost, duplicates, ERROR lines (and WARN lines, the start's included), and for
#     RSS, p99, queue size and dead tuples the mean of the 5 minutes after a 2-minute warm-up against
#     the mean of the last 5 minutes ("first/last"), flat=yes when the last is within 10 % of the
#     first. $OUT/soak.png (bench/soak/plot.sh) when gnuplot is there.
# Usage: bench/soak/run.sh [minutes=30] [deliveries_per_second=1000]
# Uses OUT (default target/soak), BENCH_APP (the packaged application's directory), BENCH_DB (default
# encrata_soak), BENCH_PORT, RECEIVER_PORT and STATS_PORT (defaults 18180, 18543, 18544: other
# benchmarks can run at the same time), SOAK_QUEUE_TABLE (default: delivery_queue where the schema
# has it, deliveries otherwise), ENCRATA_RETENTION and ENCRATA_RETENTION_PURGE_INTERVAL (1m, 1m).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BENCH_DB=${BENCH_DB:-encrata_soak}
BENCH_PORT=${BENCH_PORT:-18180}
RECEIVER_PORT=${RECEIVER_PORT:-18543}
STATS_PORT=${STATS_PORT:-18544}
source "$HERE/../lib/service.sh"
source "$HERE/../delivery/lib.sh"
# start_receiver starts $DELIVERY_BENCH/receiver.js: pointed here, it starts the soak's receiver (the
# one with failing paths) with the same certificate and the same service settings.
DELIVERY_BENCH=$HERE
require psql curl node openssl timeout

MINUTES=${1:-30}
DPS=${2:-1000}
[[ $MINUTES =~ ^[0-9]+$ && $MINUTES -ge 1 && $DPS =~ ^[0-9]+$ && $DPS -ge 20 ]] \
  || { echo "usage: $0 [minutes>=1] [deliveries_per_second>=20]" >&2; exit 2; }
WEBHOOKS=20
FAILING=1
SUCCEEDING=$((WEBHOOKS - FAILING))
RATE=$(awk -v d="$DPS" -v w="$WEBHOOKS" 'BEGIN { printf "%g", d / w }')
DURATION=$((MINUTES * 60))
SAMPLE_S=10
WARMUP_S=120
WINDOW_S=300
OUT=${OUT:-$BENCH_ROOT/target/soak}
mkdir -p "$OUT"
CSV="$OUT/soak.csv"
BENCH_LOG="$OUT/service.log"
: > "$BENCH_LOG"
WORK=$(mktemp -d)

export ENCRATA_DELIVERY_RETRY_SCHEDULE=${ENCRATA_DELIVERY_RETRY_SCHEDULE:-1s,2s,5s,10s}
# A retention shorter than the warm-up: the rows the purge removes stop accumulating before the first
# compared window, so the tables it keeps in check are at their steady size in both windows (with
# 10m, a deliveries table would still be filling up during the first one).
export ENCRATA_RETENTION=${ENCRATA_RETENTION:-1m}
export ENCRATA_RETENTION_PURGE_INTERVAL=${ENCRATA_RETENTION_PURGE_INTERVAL:-1m}

# One statement against the scratch database; a lock or a stalled server gives an empty answer after
# a few seconds instead of holding up the sampling.
sql() {
  PGOPTIONS='-c statement_timeout=5000 -c lock_timeout=2000' PGCONNECT_TIMEOUT=5 \
    psql -X -q -At -v ON_ERROR_STOP=1 -d "$BENCH_DB" -c "$1" 2>/dev/null || true
}
now_ms() { date +%s%3N; }
json_field() { sed -nE "s/.*\"$1\":(-?[0-9.]+).*/\1/p"; }
log_lines() { grep -c -E "^[0-9-]+ [0-9:,.]+ +$1" "$BENCH_LOG" || true; }
error_lines() { log_lines ERROR; }

DRIVER_PID=""
stop_driver() { [ -n "$DRIVER_PID" ] && kill "$DRIVER_PID" 2>/dev/null || true; }
BENCH_ON_EXIT='stop_driver; stop_receiver; rm -rf "$WORK"'
trap 'stop_service; eval "$BENCH_ON_EXIT"' EXIT

start_receiver
fresh_database
start_service

# The table the engine queues deliveries in: delivery_queue in schemas that have one (looked up once
# Flyway has migrated), deliveries in those where the pending ones are rows of that table.
if [ -z "${SOAK_QUEUE_TABLE:-}" ]; then
  SOAK_QUEUE_TABLE=deliveries
  [ "$(sql "SELECT to_regclass('delivery_queue') IS NOT NULL")" = t ] && SOAK_QUEUE_TABLE=delivery_queue
fi
[ "$(sql "SELECT to_regclass('$SOAK_QUEUE_TABLE') IS NOT NULL")" = t ] \
  || { echo "no table $SOAK_QUEUE_TABLE in $BENCH_DB" >&2; exit 1; }

read -r WS KEY < <(provision)
for i in $(seq 1 "$WEBHOOKS"); do
  path=ok/h$i
  [ "$i" -le "$FAILING" ] && path=fail/h$i
  curl -sf -o /dev/null -X POST "$BENCH_URL/api/webhooks" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "{\"url\":\"https://localhost:$RECEIVER_PORT/$path\",\"events\":[\"lookup.completed\"]}"
done

echo "== soak: ${MINUTES} min, $RATE events/s x $WEBHOOKS webhooks ($FAILING failing), queue table $SOAK_QUEUE_TABLE," \
  "retry schedule $ENCRATA_DELIVERY_RETRY_SCHEDULE, retention $ENCRATA_RETENTION (purge every $ENCRATA_RETENTION_PURGE_INTERVAL)," \
  "load at start $(cut -d' ' -f1 /proc/loadavg)"
echo "elapsed_s,rss_mib,p99_ms,deliveries,queue_bytes,dead_tuples,error_lines,p50_ms,load1" > "$CSV"

# The driver paces from its own start for DURATION seconds, then waits for its requests in flight;
# timeout bounds that wait should the service stop answering.
timeout $((DURATION + 120)) node "$BENCH_ROOT/bench/delivery/driver.js" "$BENCH_URL" "$BENCH_INTERNAL_TOKEN" "$WS" "$RATE" "$DURATION" \
  > "$WORK/driver.json" &
DRIVER_PID=$!
T0=$(now_ms)

# One row every SAMPLE_S seconds, each due at a fixed time from T0 so that a slow sample does not
# shift the ones after it.
for i in $(seq 1 $((DURATION / SAMPLE_S))); do
  wait_ms=$((T0 + i * SAMPLE_S * 1000 - $(now_ms)))
  if [ "$wait_ms" -gt 0 ]; then pause "$(awk -v m="$wait_ms" 'BEGIN { printf "%.3f", m / 1000 }')"; fi
  if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
    echo "the service stopped after $(( ($(now_ms) - T0) / 1000 )) s" >&2
    tail -20 "$BENCH_LOG" >&2
    exit 1
  fi
  s=$(curl -sf --max-time 5 "http://127.0.0.1:$STATS_PORT/sample" || echo '{}')
  q=$(sql "SELECT pg_total_relation_size('$SOAK_QUEUE_TABLE') || ',' ||
             coalesce((SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = '$SOAK_QUEUE_TABLE'), 0)")
  row="$(( ($(now_ms) - T0 + 500) / 1000 )),$(service_rss_mib),$(echo "$s" | json_field p99_ms),$(echo "$s" | json_field count)"
  row+=",${q:-,},$(error_lines),$(echo "$s" | json_field p50_ms),$(cut -d' ' -f1 /proc/loadavg)"
  echo "$row" >> "$CSV"
  if [ $((i % 6)) -eq 0 ]; then echo "$row"; fi
done

wait "$DRIVER_PID" || true
DRIVER_PID=""
DRIVER=$(cat "$WORK/driver.json")
echo "driver: ${DRIVER:-(no answer: stopped by timeout)}"
ACCEPTED=$(echo "$DRIVER" | json_field accepted)
# Without the driver's count (stopped by its timeout) nothing says how many to expect: lost is "-".
EXPECTED=""
[ -n "$ACCEPTED" ] && EXPECTED=$((ACCEPTED * SUCCEEDING))

# The backlog: until every accepted event has reached the successful targets, nothing more arrived
# for 30 s, or DRAIN_WAIT seconds have gone by.
prev=-1 still=0 successes=0
for _ in $(seq 1 "${DRAIN_WAIT:-300}"); do
  successes=$(stats | json_field successes)
  successes=${successes:-0}
  [ "$successes" -ge "${EXPECTED:-0}" ] && break
  if [ "$successes" = "$prev" ]; then still=$((still + 1)); [ "$still" -ge 30 ] && break; else still=0; fi
  prev=$successes
  sleep 1
done
DRAIN_S=$(( ($(now_ms) - T0) / 1000 - DURATION ))

# lost counts distinct deliveries (webhook-ids), so a duplicate cannot hide a missing one.
node -e '
  const fs = require("fs");
  const [csv, statsJson, expected, errors, warnings, warmup, window, drainS, table] = process.argv.slice(1);
  const s = JSON.parse(statsJson);
  const rows = fs.readFileSync(csv, "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
  const col = { rss: 1, p99: 2, queue: 4, dead: 5 };
  const end = rows.length ? Number(rows[rows.length - 1][0]) : 0;
  const mean = (from, to, c) => {
    const v = rows.filter((r) => Number(r[0]) > from && Number(r[0]) <= to && r[c] !== "").map((r) => Number(r[c]));
    return v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN;
  };
  const fmt = (x, digits) => (Number.isNaN(x) ? "-" : x.toFixed(digits));
  const first = (c) => mean(Number(warmup), Number(warmup) + Number(window), c);
  const last = (c) => mean(end - Number(window), end, c);
  const flat = (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? "-" : (a === 0 ? b === 0 : Math.abs(b - a) <= 0.1 * a) ? "yes" : "no");
  const part = (name, c, scale, digits) => {
    const a = first(c) / scale, b = last(c) / scale;
    return `${name}=${fmt(a, digits)}/${fmt(b, digits)} ${name.replace(/_.*/, "")}_flat=${flat(a, b)}`;
  };
  const secs = (s.last_at - s.first_at) / 1000;
  const lost = expected === "" ? "-" : Math.max(0, Number(expected) - s.successes);
  console.log(`soak: seconds=${end} expected=${expected || "-"} successes=${s.successes} lost=${lost}`
    + ` duplicates=${s.duplicates} failed_attempts=${s.failures} error_lines=${errors} warn_lines=${warnings}`
    + ` deliveries_per_s=${secs > 0 ? (s.successes / secs).toFixed(0) : "-"} drain_s=${drainS}`
    + ` ${part("rss_mib", col.rss, 1, 0)} ${part("p99_ms", col.p99, 1, 0)}`
    + ` ${part("queue_mib", col.queue, 1048576, 1)} ${part("dead_tuples", col.dead, 1, 0)} queue_table=${table}`
    + (end < Number(warmup) + 2 * Number(window) ? " (windows overlap: shorter than 12 minutes)" : ""));
' "$CSV" "$(stats)" "$EXPECTED" "$(error_lines)" "$(log_lines WARN)" "$WARMUP_S" "$WINDOW_S" "$DRAIN_S" "$SOAK_QUEUE_TABLE" | tee "$OUT/summary.txt"

if command -v gnuplot >/dev/null; then
  bash "$HERE/plot.sh" "$CSV" "$OUT/soak.png" && echo "plot: $OUT/soak.png"
else
  echo "no gnuplot (apt-get install gnuplot-nox): no plot"
fi
