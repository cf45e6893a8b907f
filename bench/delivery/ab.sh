#!/usr/bin/env bash
# A/B delivery benchmark: the packaged jar of an earlier commit (A) and of this checkout (B), run
# one after the other on the same machine, receiver and PostgreSQL, alternating for several rounds.
# Each run: a fresh database, 1 workspace with 10 webhooks on the local HTTPS receiver, warm-up
# bursts (BENCH_WARMUP, default 3; 8 for the steady state), a measured burst of 2,000 events
# (20,000 deliveries), 30 s paced at 500 deliveries/s (and at 2,000/s with BENCH_PACED_FAST=1), and one
# event fanned out to 1,000 webhooks, three times (a new workspace each time).
# Each jar runs with the JVM options its own checkout ships (src/main/docker/jvm.options; before that
# file existed, the options the benchmarks used then); BENCH_A_JAVA_OPTS / BENCH_B_JAVA_OPTS override.
# BENCH_NMT=1 runs both with native memory tracking and writes its summary at the end of each run to
# target/ab/nmt-<A|B>-<run>.txt.
# Usage: [BENCH_WARMUP=3] [BENCH_PACED_FAST=1] [BENCH_NMT=1] bench/delivery/ab.sh [A ref=HEAD~1] [rounds=2]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../lib/service.sh"
source "$HERE/lib.sh"
require wrk psql curl node openssl git
REF=${1:-HEAD~1}
ROUNDS=${2:-2}
scratch_work

SHA=$(git -C "$BENCH_ROOT" rev-parse --short "$REF")
A_DIR="$BENCH_ROOT/target/ab/$SHA"
if [ ! -f "$A_DIR/target/quarkus-app/quarkus-run.jar" ]; then
  echo "== building A ($SHA)"
  rm -rf "$A_DIR" && mkdir -p "$A_DIR"
  git -C "$BENCH_ROOT" archive "$SHA" | tar -x -C "$A_DIR"
  (cd "$A_DIR" && ./mvnw -B -q -ntp package -DskipTests)
fi
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  echo "== building B (this checkout)"
  (cd "$BENCH_ROOT" && ./mvnw -B -q -ntp package -DskipTests)
fi

start_receiver
echo "== receiver raw: $(receiver_raw_rps) req/s (wrk, 2 threads, 64 connections, 10 s)"

OLD_OPTS="-Xmx128m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=128m -Xss512k -XX:MaxDirectMemorySize=64m"
A_OPTS=${BENCH_A_JAVA_OPTS:-$([ -f "$A_DIR/src/main/docker/jvm.options" ] && echo "@$A_DIR/src/main/docker/jvm.options" || echo "$OLD_OPTS")}
B_OPTS=${BENCH_B_JAVA_OPTS:-@$BENCH_ROOT/src/main/docker/jvm.options}
echo "== A options: $A_OPTS"
echo "== B options: $B_OPTS"

RUN=0
run_one() {
  local label=$1 app=$2 opts=$3 ws
  RUN=$((RUN + 1))
  [ -n "${BENCH_NMT:-}" ] && opts="$opts -XX:NativeMemoryTracking=summary"
  fresh_database
  BENCH_APP=$app BENCH_JAVA_OPTS=$opts start_service
  ws=$(webhooks_on_receiver 1 10 lookup.completed)
  # Warm-up bursts (BENCH_WARMUP, default 3): the JIT compilers are busy for the first 40,000 or so
  # deliveries, and C2 still compiles for about 100,000 (8 bursts give the steady state).
  for _ in $(seq 1 "${BENCH_WARMUP:-3}"); do burst "$ws" 2000 10 >/dev/null; done
  echo "$label burst:  $(burst "$ws" 2000 10)"
  echo "$label paced:  $(paced "$ws" 50 10 30)"
  [ -n "${BENCH_PACED_FAST:-}" ] && echo "$label paced2k: $(paced "$ws" 200 10 30)"
  for _ in 1 2 3; do echo "$label fanout: $(fanout 1000)"; done
  echo "$label rss_mib=$(service_rss_mib) $(service_rss_split)"
  # BENCH_NMT=1: the JVM's own account of its native memory at that point (needs the option below).
  [ -n "${BENCH_NMT:-}" ] && jcmd "$SERVICE_PID" VM.native_memory summary > "$BENCH_ROOT/target/ab/nmt-${label%%(*}-$RUN.txt"
  stop_service
}

for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round"
  run_one "A($SHA)" "$A_DIR/target/quarkus-app" "$A_OPTS"
  run_one "B(new)" "$BENCH_ROOT/target/quarkus-app" "$B_OPTS"
done
