#!/usr/bin/env bash
# A/B delivery benchmark: the packaged jar of an earlier commit (A) and of this checkout (B), run
# one after the other on the same machine, receiver and PostgreSQL, alternating for several rounds.
# Each run: a fresh database, 1 workspace with 10 webhooks on the local HTTPS receiver, a warm-up
# burst, a measured burst of 2,000 events (20,000 deliveries) and 30 s paced at 500 deliveries/s.
# Usage: bench/delivery/ab.sh [A ref=HEAD~1] [rounds=2]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../lib/service.sh"
source "$HERE/lib.sh"
require wrk psql curl node openssl git
REF=${1:-HEAD~1}
ROUNDS=${2:-2}
WORK=$(mktemp -d)
BENCH_ON_EXIT='stop_receiver; rm -rf "$WORK"'
trap 'stop_service; eval "$BENCH_ON_EXIT"' EXIT

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

run_one() {
  local label=$1 app=$2 ws
  fresh_database
  BENCH_APP=$app start_service
  ws=$(webhooks_on_receiver 1 10 lookup.completed)
  # Three warm-up bursts: the JIT compilers are busy for the first 40,000 or so deliveries.
  for _ in 1 2 3; do burst "$ws" 2000 10 >/dev/null; done
  echo "$label burst:  $(burst "$ws" 2000 10)"
  echo "$label paced:  $(paced "$ws" 50 10 30)"
  echo "$label rss_mib=$(service_rss_mib)"
  stop_service
}

for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round"
  run_one "A($SHA)" "$A_DIR/target/quarkus-app"
  run_one "B(new)" "$BENCH_ROOT/target/quarkus-app"
done
