#!/usr/bin/env bash
# Create-webhook throughput: wrk posting valid creates to the packaged service on a real PostgreSQL,
# against pgbench inserting the same row into the same table at the same concurrency, and against
# pgbench -M prepared inserting it into a copy of the table without foreign key, in one run.
# Usage: [BENCH_WARMUP=10] bench/create-webhook/run.sh [connections=32] [seconds=30]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../lib/service.sh"
require wrk pgbench psql curl
CONNECTIONS=${1:-32}
SECONDS_PER_RUN=${2:-30}

fresh_database
start_service
# One key per workspace, 32 workspaces: creates are spread over tenants as in production (creates of
# one workspace take turns on its quota lock).
KEYS=()
for _ in $(seq 1 32); do
  read -r WS KEY < <(provision)
  KEYS+=("$KEY")
done
export BENCH_KEYS=$(IFS=,; echo "${KEYS[*]}")

# BENCH_WARMUP: seconds of creates before the measured run (default 10; after 20 s of this load the
# JIT compilers still had 14 % of the service's CPU samples, docs/BENCHMARKS.md).
WARMUP=${BENCH_WARMUP:-10}
echo "== warm-up (${WARMUP} s)"
BENCH_RUN=warm wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$HERE/create.lua" "$BENCH_URL" | grep RESULT
echo "== service: POST /api/webhooks, $CONNECTIONS connections, ${SECONDS_PER_RUN} s"
CPU0=$(service_cpu_ms) DB0=$(database_cpu_ms)
SERVICE=$(BENCH_RUN=measure wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" -s "$HERE/create.lua" "$BENCH_URL" | grep RESULT)
CPU1=$(service_cpu_ms) DB1=$(database_cpu_ms)
echo "$SERVICE"
# CPU per create (user + system over the measured run, /proc): the service's, and all PostgreSQL processes'.
PER_CREATE=$(echo "$SERVICE" | awk -v c=$((CPU1 - CPU0)) -v d=$((DB1 - DB0)) '{ for (i = 1; i <= NF; i++) if ($i ~ /^requests=/) { split($i, kv, "="); n = kv[2] } }
  END { printf "service_cpu_ms_per_create=%.3f db_cpu_ms_per_create=%.3f", c / n, d / n }')
RSS=$(service_rss_mib)
stop_service

echo "== baseline: pgbench INSERT of the same row, $CONNECTIONS clients, ${SECONDS_PER_RUN} s"
PGB=$(pgbench -n -c "$CONNECTIONS" -j 2 -T "$SECONDS_PER_RUN" -D ws="'$WS'" -f "$HERE/insert.sql" "$BENCH_DB" 2>&1)
PG_TPS=$(echo "$PGB" | sed -nE 's/^tps = ([0-9.]+).*/\1/p' | head -1)
PG_LAT=$(echo "$PGB" | sed -nE 's/^latency average = ([0-9.]+) ms/\1/p')
echo "RESULT pgbench_tps=$PG_TPS pgbench_latency_avg_ms=$PG_LAT"

echo "== baseline: pgbench -M prepared, plain single-row INSERT into a copy of the table without foreign key"
psql -q -d "$BENCH_DB" -c "DROP TABLE IF EXISTS webhooks_baseline" -c "CREATE TABLE webhooks_baseline (LIKE webhooks INCLUDING ALL)"
# Its per-transaction log (-l: one line per INSERT, the third field its latency in microseconds)
# gives the database's own p50/p99 at this concurrency, the floor under the service's.
PGLOG=$(mktemp -d)
PGP=$(cd "$PGLOG" && pgbench -n -M prepared -c "$CONNECTIONS" -j 2 -T "$SECONDS_PER_RUN" -l --log-prefix=insert \
  -D ws="$WS" -f "$HERE/insert-prepared.sql" "$BENCH_DB" 2>&1)
PGP_TPS=$(echo "$PGP" | sed -nE 's/^tps = ([0-9.]+).*/\1/p' | head -1)
PGP_LAT=$(cat "$PGLOG"/insert.* | awk '{ print $3 / 1000 }' | sort -n |
  awk '{ v[NR] = $1 } END { printf "pgbench_prepared_p50_ms=%.2f pgbench_prepared_p99_ms=%.2f", v[int(NR * 0.5)], v[int(NR * 0.99)] }')
rm -rf "$PGLOG"
echo "RESULT pgbench_prepared_tps=$PGP_TPS $PGP_LAT"

RPS=$(echo "$SERVICE" | sed -nE 's/.*rps=([0-9.]+).*/\1/p')
echo "== summary"
echo "service_rps=$RPS $(echo "$SERVICE" | grep -oE 'p50_ms=[0-9.]+ p99_ms=[0-9.]+ errors=[0-9]+') rss_mib=$RSS $PER_CREATE"
echo "pgbench_tps=$PG_TPS pgbench_prepared_tps=$PGP_TPS $PGP_LAT"
awk -v a="$RPS" -v b="$PG_TPS" -v c="$PGP_TPS" \
  'BEGIN { printf "ratio_service_to_pgbench=%.1f%% ratio_service_to_prepared_insert=%.1f%%\n", 100 * a / b, 100 * a / c }'
