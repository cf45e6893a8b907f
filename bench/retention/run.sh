#!/usr/bin/env bash
# Retention at scale: the purge of millions of expired deliveries while the engine delivers at a
# paced 500 deliveries/s (50 events/s x 10 webhooks on a local HTTPS receiver). The history of final
# deliveries is partitioned by UTC day; the purge drops the expired days' partitions whole, then
# deletes the events of those days in batches and vacuums events when enough of it is dead.
#   1. A fresh database, the packaged service with the purge off, 1 workspace with 10 webhooks.
#   2. Seed: <events> expired events x 10 final deliveries in the history's day partitions
#      (seed.sql), then VACUUM ANALYZE and CHECKPOINT so every run starts from the same settled tables.
#   3. (a) paced run without purge: first-attempt p50/p99 (the baseline), and the WAL the paced
#      traffic writes by itself.
#   4. (b) the service restarted with the purge on (first run ENCRATA_RETENTION_PURGE_DELAY after
#      start, every second after that), the same paced run kept going until the purge has finished:
#      from the service's log line, the partitions dropped, the deliveries they held, the other rows
#      removed, the purge's time and the vacuum's; the DROP of the partitions alone, timed by event
#      triggers in the scratch database (start and end of the statement, lock wait included); the WAL
#      written from the purge's start to the vacuum's end; first-attempt p50/p99 and the ratio to (a),
#      the same within 1 s of the drop, during the purge and during the vacuum, and per 10 s in
#      $BENCH_WINDOWS-cycle-<n>.json ({start (epoch ms), count, p50_ms, p99_ms, max_ms} each; default
#      /tmp/encrata-retention-windows).
#   5. A second seed and purge: table sizes (deliveries summed over its partitions) after each seed
#      and each purge show whether the space of events is reused or the table keeps growing.
# Usage: bench/retention/run.sh [events=500000] [seconds=60]   (CYCLES=1: stop after the first purge)
# Uses BENCH_DB (default encrata_retention: the seeded tables take about 2 GiB, more with their WAL),
# BENCH_PORT, RECEIVER_PORT and STATS_PORT (defaults 18080, 18443, 18444), BENCH_APP and
# BENCH_JAVA_OPTS (bench/lib/service.sh), PURGE_WAIT (seconds, default 2400) and
# ENCRATA_RETENTION_* to try other purge settings.
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
PURGE_WAIT=${PURGE_WAIT:-2400}
WORK=$(mktemp -d)
BENCH_LOG="$WORK/service.log"
DRIVER="$BENCH_ROOT/bench/delivery/driver.js"
PURGED='Retention purge dropped'
SAMPLER_NAME=encrata-retention-sampler
SAMPLER_PID=""

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

# Every 50 ms, in one session so that no process is started per sample: the clock (epoch ms), the WAL
# insert position and the number of partitions of deliveries, as "sample <ms> <lsn> <partitions>"
# lines in $WORK/samples. Each sample commits, so the session holds back no vacuum. It stops by
# itself after PURGE_WAIT plus an hour, should the script be killed before it ends it.
start_sampler() {
  PGAPPNAME=$SAMPLER_NAME psql -X -q -d "$BENCH_DB" -c "DO \$\$
    DECLARE deadline timestamptz := clock_timestamp() + make_interval(secs => $PURGE_WAIT + 3600);
    BEGIN
      WHILE clock_timestamp() < deadline LOOP
        RAISE NOTICE 'sample % % %', (extract(epoch FROM clock_timestamp()) * 1000)::bigint, pg_current_wal_insert_lsn(),
          (SELECT count(*) FROM pg_inherits WHERE inhparent = 'deliveries'::regclass);
        COMMIT;
        PERFORM pg_sleep(0.05);
      END LOOP;
    END \$\$" 2>> "$WORK/samples" &
  SAMPLER_PID=$!
}

stop_sampler() {
  [ -n "$SAMPLER_PID" ] || return 0
  psql -X -q -At -d "$BENCH_DB" -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
    WHERE application_name = '$SAMPLER_NAME' AND datname = current_database()" >/dev/null 2>&1 || true
  kill "$SAMPLER_PID" 2>/dev/null || true
  wait "$SAMPLER_PID" 2>/dev/null || true
  SAMPLER_PID=""
}

# The samples so far, one "sample <ms> <lsn> <partitions>" a line. The readers below read them to the
# end rather than stop at the first match: a reader that stops early breaks the pipe (pipefail).
samples() { grep -o 'sample [0-9]* [0-9A-F]*/[0-9A-F]* [0-9]*' "$WORK/samples" || true; }

# The WAL insert position sampled at or just after $1 (epoch ms); empty when there is no such sample.
lsn_at() { samples | awk -v t="$1" '$2 >= t && !found { print $3; found = 1 }'; }

# The DROP TABLE statements of the scratch database, timed by two event triggers: one row per
# statement (keyed by its transaction) with its start, its end, the WAL position at each and the
# partitions of deliveries it dropped. The rows commit with the drop: a drop given up on its lock
# timeout leaves none. The triggers add two single-row writes to the drop's transaction.
install_drop_timing() {
  psql -X -q -v ON_ERROR_STOP=1 -d "$BENCH_DB" <<'SQL'
CREATE TABLE bench_history_drops (
    xid         bigint PRIMARY KEY,
    started_at  timestamptz NOT NULL,
    start_lsn   pg_lsn      NOT NULL,
    ended_at    timestamptz,
    end_lsn     pg_lsn,
    partitions  integer
);
CREATE FUNCTION bench_drop_started() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO bench_history_drops (xid, started_at, start_lsn)
    VALUES (txid_current(), clock_timestamp(), pg_current_wal_insert_lsn());
END $$;
CREATE FUNCTION bench_drop_ended() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE bench_history_drops
    SET ended_at = clock_timestamp(), end_lsn = pg_current_wal_insert_lsn(),
        partitions = (SELECT count(*) FROM pg_event_trigger_dropped_objects()
                      WHERE original AND object_type = 'table' AND object_name LIKE 'deliveries\_p%')
    WHERE xid = txid_current();
END $$;
-- ddl_command_start fires before the statement takes its locks, sql_drop once the tables are gone.
CREATE EVENT TRIGGER bench_drop_started ON ddl_command_start WHEN TAG IN ('DROP TABLE') EXECUTE FUNCTION bench_drop_started();
CREATE EVENT TRIGGER bench_drop_ended ON sql_drop WHEN TAG IN ('DROP TABLE') EXECUTE FUNCTION bench_drop_ended();
SQL
}

BENCH_ON_EXIT='stop_sampler; stop_receiver; rm -rf "$WORK"'
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

purges_logged() { grep -c "$PURGED" "$BENCH_LOG" || true; }

# Paced events in 10 s slices for at least $1 seconds (rounded up to 10 s), and on until the service has logged more
# purges than $2 (pass -1 for none to wait for). Prints the first-attempt latency of the whole run,
# and the WAL written over it (wal_mib, in wall_s seconds).
paced_until() {
  local seconds=$1 purges=$2 accepted=0 started driver lsn load
  reset_receiver
  load=$(cut -d' ' -f1 /proc/loadavg)
  lsn=$(sql "SELECT pg_current_wal_insert_lsn()")
  started=$(now_ms)
  while :; do
    driver=$(node "$DRIVER" "$BENCH_URL" "$BENCH_INTERNAL_TOKEN" "$WS" "$RATE" 10)
    accepted=$(( accepted + $(echo "$driver" | sed -nE 's/.*"accepted":([0-9]+).*/\1/p') ))
    [ $(( $(now_ms) - started )) -ge $(( seconds * 1000 )) ] || continue
    [ "$purges" -lt 0 ] || [ "$(purges_logged)" -gt "$purges" ] && break
    if [ $(( $(now_ms) - started )) -ge $(( PURGE_WAIT * 1000 )) ]; then
      echo -n "purge_not_finished_after_s=$PURGE_WAIT "
      break
    fi
  done
  await_received $(( accepted * FANOUT ))
  echo -n "wal_mib=$(sql "SELECT round(pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '$lsn') / 1048576, 1)")"
  echo -n " wall_s=$(( ($(now_ms) - started) / 1000 )) load_at_start=$load "
  node -e '
    const s = JSON.parse(process.argv[1]), expected = Number(process.argv[2]), secs = (s.last_at - s.first_at) / 1000;
    console.log(`deliveries=${s.count} expected=${expected} lost=${Math.max(0, expected - s.count)} duplicates=${s.duplicates}`
      + ` deliveries_per_s=${(s.count / secs).toFixed(0)} seconds=${secs.toFixed(0)} first_attempt_p50_ms=${s.p50_ms}`
      + ` p99_ms=${s.p99_ms} max_ms=${s.max_ms}`);
  ' "$(stats)" $(( accepted * FANOUT ))
}

# Sizes with indexes and TOAST; the history's is the sum over its partitions.
sizes() {
  sql "SELECT 'deliveries_mib=' || (SELECT coalesce(sum(pg_total_relation_size(relid)), 0)::bigint / 1048576
                                    FROM pg_partition_tree('deliveries') WHERE isleaf)
         || ' partitions=' || (SELECT count(*) FROM pg_partition_tree('deliveries') WHERE isleaf)
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

# $1 / $2 to two decimals; n/a when either is missing.
ratio() {
  if [ -n "$1" ] && [ -n "$2" ] && [ "$2" -gt 0 ]; then awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; else echo n/a; fi
}

# First-attempt latency of the deliveries that arrived from $1 to $2 (epoch ms).
arrived() { curl -sf "http://127.0.0.1:$STATS_PORT/range?from=$1&to=$2"; }

# The purge, run by the service on its schedule while paced traffic goes on; prints its figures.
purge_cycle() {
  local label=$1 before result line failed
  P99_DURING=""
  sql "DELETE FROM bench_history_drops" >/dev/null
  before=$(purges_logged)
  failed=$(grep -c 'Retention purge failed' "$BENCH_LOG" || true)
  service_with_purge 1s
  warm_up
  result=$(paced_until "$SECONDS_PER_RUN" "$before")
  echo "$label paced with purge: $result"
  # The first purge of this start that did something; later ones find nothing and log nothing.
  line=$(grep "$PURGED" "$BENCH_LOG" | sed -n "$((before + 1))p")
  echo "$label purge: $(echo "$line" | sed -nE \
    's/.*dropped ([0-9]+) history partitions \(about ([0-9]+) deliveries\) in ([0-9]+) ms and removed ([0-9]+) other rows in ([0-9]+) ms(; vacuumed (.*) in ([0-9]+) ms)?.*/partitions=\1 deliveries=\2 logged_drop_ms=\3 other_rows=\4 purge_ms=\5 vacuumed=[\7] vacuum_ms=\8/p') failed_runs=$(( $(grep -c 'Retention purge failed' "$BENCH_LOG" || true) - failed ))"
  if [ -n "$line" ]; then
    local logged purge_ms vacuum_ms start end during drop lsn0 lsn1 paced_rate drop_ms drop_at drop_end drop_partitions drop_wal_kib
    # The log line is written when the vacuum has ended; the purge's time ends where the vacuum starts.
    logged=$(date -d "$(echo "$line" | cut -c1-23 | tr , .)" +%s%3N)
    purge_ms=$(echo "$line" | sed -nE 's/.*other rows in ([0-9]+) ms.*/\1/p')
    vacuum_ms=$(echo "$line" | sed -nE 's/.*vacuumed .* in ([0-9]+) ms.*/\1/p')
    vacuum_ms=${vacuum_ms:-0}
    start=$(( logged - vacuum_ms - purge_ms ))
    end=$(( logged - vacuum_ms ))
    # drop_ms: the DROP statement (lock wait included, commit not); drop_start_ms: from the purge's
    # start (its first queries find the partitions); seen_ms: until a sample no longer saw them
    # (commit included, to within the 50 ms between samples).
    drop=$(sql "SELECT round(extract(epoch FROM ended_at - started_at) * 1000, 1)
                  || ' ' || (extract(epoch FROM started_at) * 1000)::bigint || ' ' || (extract(epoch FROM ended_at) * 1000)::bigint
                  || ' ' || partitions || ' ' || round(pg_wal_lsn_diff(end_lsn, start_lsn) / 1024, 1)
                FROM bench_history_drops WHERE partitions > 0 ORDER BY started_at LIMIT 1")
    if [ -n "$drop" ]; then
      read -r drop_ms drop_at drop_end drop_partitions drop_wal_kib <<< "$drop"
      local seen
      seen=$(samples | awk -v t="$drop_at" '$2 < t { n = $4; next } n == "" { n = $4 } $4 < n && !found { print $2 - t; found = 1 }')
      echo "$label drop: partitions=$drop_partitions drop_ms=$drop_ms drop_start_ms=$(( drop_at - start )) seen_ms=${seen:-n/a} drop_wal_kib=$drop_wal_kib"
      echo "$label within 1 s of the drop: $(arrived "$drop_at" $(( drop_end + 1000 )))"
    else
      echo "$label drop: none recorded"
    fi
    during=$(arrived "$start" "$end")
    echo "$label during the purge: $during"
    P99_DURING=$(echo "$during" | sed -nE 's/.*"p99_ms":([0-9]+).*/\1/p')
    [ "$vacuum_ms" -eq 0 ] || echo "$label during the vacuum: $(arrived "$end" "$logged")"
    # WAL from the purge's start to the vacuum's end, and the share the paced traffic writes in the
    # same time at the baseline's rate. The WAL position is the server's: whatever other databases
    # write meanwhile counts too, so these figures hold only on a server used by this run alone.
    lsn0=$(lsn_at "$start")
    lsn1=$(lsn_at "$logged")
    if [ -n "$lsn0" ] && [ -n "$lsn1" ]; then
      paced_rate=$(echo "$BASE" | sed -nE 's/.*wal_mib=([0-9.]+) wall_s=([0-9]+).*/\1 \2/p' | awk '{ printf "%.3f", ($2 > 0 ? $1 / $2 : 0) }')
      paced_rate=${paced_rate:-0}
      echo "$label wal: $(sql "SELECT 'wal_mib=' || round(d, 1) || ' paced_share_mib=' || round(p, 1) || ' purge_wal_mib=' || round(greatest(d - p, 0), 1)
        FROM (SELECT pg_wal_lsn_diff('$lsn1', '$lsn0') / 1048576 AS d, $paced_rate * $(( logged - start )) / 1000.0 AS p) w")"
    else
      echo "$label wal: no samples"
    fi
  fi
  curl -sf "http://127.0.0.1:$STATS_PORT/windows" > "${BENCH_WINDOWS:-/tmp/encrata-retention-windows}-${label// /-}.json"
  stop_service
  P99_WITH=$(echo "$result" | sed -nE 's/.* p99_ms=([0-9]+).*/\1/p')
  echo "$label p99_ratio_to_baseline=$(ratio "$P99_WITH" "$P99_BASE") during_the_purge=$(ratio "$P99_DURING" "$P99_BASE")"
  echo "$label after purge: $(sizes)"
}

fresh_database
service_with_purge off
install_drop_timing
start_sampler
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
