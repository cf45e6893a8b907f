#!/usr/bin/env bash
# Retention at scale: the purge of millions of expired deliveries while the engine delivers at a
# paced 500 deliveries/s (50 events/s x 10 webhooks on a local HTTPS receiver).
#   1. A fresh database, the packaged service with the purge off, 1 workspace with 10 webhooks.
#   2. Seed: <events> expired events x 10 deliveries with generate_series (seed.sql), then
#      VACUUM ANALYZE and CHECKPOINT so every run starts from the same settled tables.
#   3. (a) paced run without purge: first-attempt p50/p99 (the baseline).
#   4. (b) the service restarted with the purge on (first run ENCRATA_RETENTION_PURGE_DELAY after
#      start, every second after that), the same paced run kept going until the purge has finished:
#      purge time and rows (from the service log), first-attempt p50/p99 and the ratio to (a), the
#      same during the deletes and during the vacuum, and per 10 s in $BENCH_WINDOWS-cycle-<n>.json
#      ({start (epoch ms), count, p50_ms, p99_ms, max_ms} each; default /tmp/encrata-retention-windows).
#   5. Dead rows are waited for until a vacuum has cleared them (not run by the script), then a second seed and purge: table sizes after each
#      seed and each purge show whether the freed space is reused or the tables keep growing.
# Usage: bench/retention/run.sh [events=500000] [seconds=60]   (CYCLES=1: stop after the first purge)
# Uses BENCH_DB (default encrata_retention: the seeded tables take about 8 GiB with their WAL),
# BENCH_PORT, RECEIVER_PORT and STATS_PORT (defaults 18080, 18443, 18444) and ENCRATA_RETENTION_* to
# try other purge settings.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BENCH_DB=${BENCH_DB:-encrata_retention}
source "$HERE/../lib/service.sh"
source "$HERE/../delivery/lib.sh"
require psql curl node openssl
EVENTS=${1:-500000}
SECONDS_PER_RUN=${2:-60}
FANOUT=10
RATE=50
WARMUP=10
PURGE_DELAY=30
WORK=$(mktemp -d)
BENCH_LOG="$WORK/service.log"
DRIVER="$BENCH_ROOT/bench/delivery/driver.js"

# One statement; retried for a few seconds when the server is full (other benchmarks share it).
sql() {
  local i
  for i in 1 2 3 4 5; do
    psql -X -q -At -v ON_ERROR_STOP=1 -d "$BENCH_DB" -c "$1" 2>/dev/null && return 0
    sleep 1
  done
  psql -X -q -At -v ON_ERROR_STOP=1 -d "$BENCH_DB" -c "$1"
}
now_ms() { date +%s%3N; }
BENCH_ON_EXIT='stop_receiver; rm -rf "$WORK"'
trap 'stop_service; eval "$BENCH_ON_EXIT"' EXIT
start_receiver

# Starts the service; $1 is the purge interval ("off", or how often it runs after PURGE_DELAY).
service_with_purge() {
  ENCRATA_RETENTION_PURGE_INTERVAL=$1 ENCRATA_RETENTION_PURGE_DELAY=${PURGE_DELAY}s start_service
}

# A warm-up of WARMUP seconds at the paced rate, waited for until delivered.
warm_up() {
  local driver
  reset_receiver
  driver=$(node "$DRIVER" "$BENCH_URL" "$BENCH_INTERNAL_TOKEN" "$WS" "$RATE" "$WARMUP")
  await_received $(( $(echo "$driver" | sed -nE 's/.*"accepted":([0-9]+).*/\1/p') * FANOUT ))
}

purges_logged() { grep -c 'Retention purge removed' "$BENCH_LOG" || true; }

# Paced events in 10 s slices for at least $1 seconds (rounded up to 10 s), and on until the service has logged more
# purges than $2 (pass -1 for none to wait for). Prints the first-attempt latency of the whole run.
paced_until() {
  local seconds=$1 purges=$2 accepted=0 started driver lsn load
  reset_receiver
  load=$(cut -d' ' -f1 /proc/loadavg)
  lsn=$(sql "SELECT pg_current_wal_lsn()")
  started=$(now_ms)
  while :; do
    driver=$(node "$DRIVER" "$BENCH_URL" "$BENCH_INTERNAL_TOKEN" "$WS" "$RATE" 10)
    accepted=$(( accepted + $(echo "$driver" | sed -nE 's/.*"accepted":([0-9]+).*/\1/p') ))
    [ $(( $(now_ms) - started )) -ge $(( seconds * 1000 )) ] || continue
    [ "$purges" -lt 0 ] || [ "$(purges_logged)" -gt "$purges" ] && break
    if [ $(( $(now_ms) - started )) -ge $(( ${PURGE_WAIT:-2400} * 1000 )) ]; then
      echo -n "purge_not_finished_after_s=${PURGE_WAIT:-2400} "
      break
    fi
  done
  await_received $(( accepted * FANOUT ))
  echo -n "wal_mib=$(sql "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '$lsn')::bigint / 1048576") load_at_start=$load "
  node -e '
    const s = JSON.parse(process.argv[1]), expected = Number(process.argv[2]), secs = (s.last_at - s.first_at) / 1000;
    console.log(`deliveries=${s.count} expected=${expected} lost=${Math.max(0, expected - s.count)} duplicates=${s.duplicates}`
      + ` deliveries_per_s=${(s.count / secs).toFixed(0)} seconds=${secs.toFixed(0)} first_attempt_p50_ms=${s.p50_ms}`
      + ` p99_ms=${s.p99_ms} max_ms=${s.max_ms}`);
  ' "$(stats)" $(( accepted * FANOUT ))
}

sizes() {
  sql "SELECT 'deliveries_mib=' || pg_total_relation_size('deliveries') / 1048576
         || ' events_mib=' || pg_total_relation_size('events') / 1048576
         || ' deliveries_rows=' || (SELECT count(*) FROM deliveries) || ' events_rows=' || (SELECT count(*) FROM events)"
}

seed() {
  local tag=$1 t0 t1 t2
  t0=$(now_ms)
  psql -X -q -d "$BENCH_DB" -v ws="$WS" -v events="$EVENTS" -v tag="$tag" -f "$HERE/seed.sql"
  t1=$(now_ms)
  psql -X -q -d "$BENCH_DB" -c "VACUUM ANALYZE events" -c "VACUUM ANALYZE deliveries" -c "CHECKPOINT"
  t2=$(now_ms)
  echo "seed $tag: events=$EVENTS deliveries=$((EVENTS * FANOUT)) seed_s=$(( (t1 - t0) / 1000 )) vacuum_analyze_s=$(( (t2 - t1) / 1000 )) $(sizes)"
}

# Waits (at most VACUUM_WAIT seconds, default 180) until a vacuum has cleared the dead rows of both tables.
await_vacuum() {
  local t0 dead
  t0=$(now_ms)
  for _ in $(seq 1 $(( ${VACUUM_WAIT:-180} / 5 ))); do
    dead=$(sql "SELECT coalesce(sum(n_dead_tup), 0) FROM pg_stat_user_tables WHERE relname IN ('deliveries', 'events')")
    [ "$dead" -lt 50000 ] && [ "$(sql "SELECT count(*) FROM pg_stat_progress_vacuum")" = 0 ] && break
    sleep 5
  done
  echo "vacuum: autovacuum=$(sql "SHOW autovacuum") waited_s=$(( ($(now_ms) - t0) / 1000 )) dead_rows=$dead $(sql "SELECT string_agg(relname || '_autovacuums=' || autovacuum_count, ' ' ORDER BY relname)
    FROM pg_stat_user_tables WHERE relname IN ('deliveries', 'events')")"
}

# The purge, run by the service on its schedule while paced traffic goes on; prints its figures.
purge_cycle() {
  local label=$1 before result
  service_with_purge 1s
  warm_up
  before=$(purges_logged)
  result=$(paced_until "$SECONDS_PER_RUN" "$before")
  echo "$label paced with purge: $result"
  local line end purge_ms vacuum_ms
  line=$(grep 'Retention purge removed' "$BENCH_LOG" | tail -1)
  echo "$label purge: $(echo "$line" \
    | sed -E 's/.*removed ([0-9]+) rows in ([0-9]+) ms(; vacuumed (.*) in ([0-9]+) ms)?.*/rows=\1 purge_ms=\2 vacuumed=[\4] vacuum_ms=\5/')"
  # The first-attempt latency during the deletes and during the vacuum, from the log line's time
  # (written when the vacuum ended) and the two durations it gives.
  if [ -n "$line" ]; then
    end=$(date -d "$(echo "$line" | cut -c1-23 | tr , .)" +%s%3N)
    purge_ms=$(echo "$line" | sed -nE 's/.*removed [0-9]+ rows in ([0-9]+) ms.*/\1/p')
    vacuum_ms=$(echo "$line" | sed -nE 's/.*vacuumed .* in ([0-9]+) ms.*/\1/p')
    vacuum_ms=${vacuum_ms:-0}
    echo "$label during the deletes: $(curl -sf "http://127.0.0.1:$STATS_PORT/range?from=$((end - vacuum_ms - purge_ms))&to=$((end - vacuum_ms))")"
    echo "$label during the vacuum: $(curl -sf "http://127.0.0.1:$STATS_PORT/range?from=$((end - vacuum_ms))&to=$end")"
  fi
  curl -sf "http://127.0.0.1:$STATS_PORT/windows" > "${BENCH_WINDOWS:-/tmp/encrata-retention-windows}-${label// /-}.json"
  stop_service
  P99_WITH=$(echo "$result" | sed -nE 's/.* p99_ms=([0-9]+).*/\1/p')
  echo "$label p99_ratio_to_baseline=$(node -e "console.log((Number(process.argv[1]) / Number(process.argv[2])).toFixed(2))" "$P99_WITH" "$P99_BASE")"
  await_vacuum
  echo "$label after purge: $(sizes)"
}

fresh_database
service_with_purge off
read -r WS KEY < <(provision)
for i in $(seq 1 "$FANOUT"); do
  curl -sf -o /dev/null -X POST "$BENCH_URL/api/webhooks" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "{\"url\":\"https://localhost:$RECEIVER_PORT/h$i\",\"events\":[\"lookup.completed\"]}"
done
echo "== seed 1"
seed c1

echo "== (a) paced ${RATE} events/s x ${FANOUT} webhooks for ${SECONDS_PER_RUN} s, no purge"
warm_up
BASE=$(paced_until "$SECONDS_PER_RUN" -1)
echo "baseline paced: $BASE"
P99_BASE=$(echo "$BASE" | sed -nE 's/.* p99_ms=([0-9]+).*/\1/p')
stop_service

echo "== (b) the same paced run while the purge runs (cycle 1)"
purge_cycle "cycle 1"

[ "${CYCLES:-2}" -ge 2 ] || exit 0
echo "== seed 2 and purge (cycle 2)"
seed c2
purge_cycle "cycle 2"
