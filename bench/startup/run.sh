#!/usr/bin/env bash
# Start time and footprint of the packaged jar: wall time from launching `java` to the first
# successful answer of GET /api/health (polled every 10 ms), the CPU time (user + system) the JVM
# used until then (less sensitive than wall time to other load on the machine), and RSS right after.
# The database is migrated by one start first, so every measured start finds the schema in place
# (as a restart or a new replica does in production).
# Usage: bench/startup/run.sh [starts=5] [variant]...
#   With no variant, the shipped options are measured. A variant is the shipped options plus the
#   given ones ("" for the shipped options alone); leading NAME=value words set the environment of
#   that variant's starts (BENCH_APP=<quarkus-app directory> starts another build, MALLOC_ARENA_MAX=2
#   ...), and a word "=" makes the options after it replace the shipped ones. The variants take
#   turns start by start, so a change of load on the machine hits all of them alike.
#   BENCH_JAVA_OPTS     the base options (default: the shipped ones, see bench/lib/service.sh)
#   BENCH_DB, BENCH_PORT, BENCH_APP as for the other benchmarks
# Examples:
#   bench/startup/run.sh 5 "" "-XX:TieredStopAtLevel=1"
#   bench/startup/run.sh 5 "BENCH_APP=/tmp/old/target/quarkus-app = -Xmx128m -XX:+UseSerialGC" ""
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../lib/service.sh"
require psql curl
STARTS=${1:-5}
shift || true
VARIANTS=("$@")
[ ${#VARIANTS[@]} -gt 0 ] || VARIANTS=("")
LOG=${BENCH_LOG:-/tmp/encrata-bench-startup.log}
BASE_OPTS=$BENCH_JAVA_OPTS
: > "$LOG"

fresh_database
echo "== shipped options: $BASE_OPTS"
echo "== migrating the schema (one start, not measured)"
start_service
stop_service

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# One start of variant $1 in a subshell (its environment stays there): prints "ms cpu_ms rss_mib".
measure_start() (
  local opts=$BASE_OPTS words w replaced=""
  read -r -a words <<< "$1"
  set -- "${words[@]}"
  while [ $# -gt 0 ] && [[ $1 =~ ^[A-Z_][A-Z0-9_]*= ]]; do export "$1"; shift; done
  if [ "${1:-}" = "=" ]; then shift; opts=""; fi
  BENCH_JAVA_OPTS="$opts $*"
  local t0 t1 cpu
  t0=$(now_ms)
  BENCH_POLL=0.01 launch_instance "$BENCH_PORT" "$LOG"
  t1=$(now_ms)
  SERVICE_PID=$LAUNCHED_PID
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$SERVICE_PID/stat")
  echo "$((t1 - t0)) $cpu $(service_rss_mib)"
  stop_service
)

declare -A TIMES RSS CPU
echo "== $STARTS starts per variant, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$STARTS"); do
  for v in "${!VARIANTS[@]}"; do
    # $(...) waits for the subshell, so the instance has stopped before the next start.
    read -r MS C R <<< "$(measure_start "${VARIANTS[$v]}" || true)"
    [ -n "${R:-}" ] || { echo "start of [${VARIANTS[$v]}] failed (log: $LOG)" >&2; exit 1; }
    echo "start $i [${VARIANTS[$v]:-shipped}]: first_answer_ms=$MS cpu_ms=$C rss_mib=$R"
    TIMES[$v]="${TIMES[$v]:-} $MS"
    CPU[$v]="${CPU[$v]:-} $C"
    RSS[$v]="${RSS[$v]:-} $R"
  done
done
echo "== summary (load average after: $(cut -d' ' -f1-3 /proc/loadavg))"
for v in "${!VARIANTS[@]}"; do
  echo "[${VARIANTS[$v]:-shipped}] starts=$STARTS median_first_answer_ms=$(echo ${TIMES[$v]} | median)" \
    "median_cpu_ms=$(echo ${CPU[$v]} | median) median_rss_after_start_mib=$(echo ${RSS[$v]} | median)"
done
