#!/usr/bin/env bash
# CPU and allocation flame graphs of the delivery burst (2,000 events x 10 webhooks) with
# async-profiler, attached to the running service after a warm-up burst.
# Needs libasyncProfiler.so: unzip linux-x64/libasyncProfiler.so from the
# tools.profiler:async-profiler:4.1 jar on Maven Central and point ASYNC_PROFILER at it.
# Usage: ASYNC_PROFILER=/path/libasyncProfiler.so bench/delivery/profile.sh [output dir=target/profiles]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../lib/service.sh"
source "$HERE/lib.sh"
require psql curl node openssl jcmd
: "${ASYNC_PROFILER:?set ASYNC_PROFILER to libasyncProfiler.so}"
OUT=$(mkdir -p "${1:-$BENCH_ROOT/target/profiles}" && cd "${1:-$BENCH_ROOT/target/profiles}" && pwd)
WORK=$(mktemp -d)
BENCH_ON_EXIT='stop_receiver; rm -rf "$WORK"'
trap 'stop_service; eval "$BENCH_ON_EXIT"' EXIT

profiler() { jcmd "$SERVICE_PID" JVMTI.agent_load "$ASYNC_PROFILER" "\"$1\"" | grep -q 'return code: 0'; }

start_receiver
fresh_database
start_service
WS=$(webhooks_on_receiver 1 10 lookup.completed)
for _ in 1 2 3; do burst "$WS" 2000 10 >/dev/null; done
for event in cpu alloc; do
  # jcmd splits an unquoted option string at its commas.
  profiler "start,event=$event,$([ "$event" = cpu ] && echo interval=1ms || echo alloc=512k)"
  echo "$event: $(burst "$WS" 2000 10)"
  profiler "stop,file=$OUT/delivery-$event.html"
  profiler "start,event=$event,$([ "$event" = cpu ] && echo interval=1ms || echo alloc=512k)"
  burst "$WS" 2000 10 >/dev/null
  profiler "stop,file=$OUT/delivery-$event.collapsed"
done
echo "flame graphs: $OUT/delivery-cpu.html $OUT/delivery-alloc.html"
