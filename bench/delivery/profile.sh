#!/usr/bin/env bash
# CPU and allocation flame graphs of the delivery burst (2,000 events x 10 webhooks) with
# async-profiler, attached to the running service after a warm-up burst. With BENCH_FANOUT=1, also
# a wall-clock profile per thread of one event fanned out to 1,000 new webhooks (after two unprofiled
# ones), from the post to the last arrival, with the busy share of each event loop printed.
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
scratch_work

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

if [ -n "${BENCH_FANOUT:-}" ]; then
  for _ in 1 2; do fanout 1000 >/dev/null; done
  ws=$(webhooks_on_receiver 1 1000 credits.low)
  reset_receiver
  profiler "start,event=wall,interval=2ms,threads"
  t0=$(date +%s%3N)
  curl -sf -o /dev/null -X POST "$BENCH_URL/internal/events" -H "Authorization: Bearer $BENCH_INTERNAL_TOKEN" \
    -H 'Content-Type: application/json' -d "{\"workspace_id\":\"$ws\",\"event\":\"credits.low\",\"data\":{}}"
  await_received 1000
  profiler "stop,file=$OUT/fanout-wall.collapsed"
  echo "fan-out: $(( $(stats | sed -nE 's/.*"last_at":([0-9]+).*/\1/p') - t0 )) ms to the last arrival"
  # A sample is busy unless the thread waits (epoll, a lock, parked) in its innermost frames.
  awk '{ n = $NF; line = $0; sub(/ [0-9]+$/, "", line); split(line, f, ";"); t = f[1]; sub(/ tid=.*/, "", t); sub(/^\[/, "", t)
         if (t !~ /eventloop/) next
         total[t] += n; idle = 0
         for (i = length(f) > 6 ? length(f) - 5 : 1; i <= length(f); i++) if (f[i] ~ /epoll_wait|epoll_pwait|[Ww]ait|[Pp]ark/) idle = 1
         if (!idle) busy[t] += n
         if (!idle && $0 ~ /IntegerPolynomialP256|IntegerPolynomial25519/) tls[t] += n }
       END { for (t in total) printf "%s: busy %d %% of the fan-out, TLS key math %d %% of that\n", t,
             100 * busy[t] / total[t], busy[t] ? 100 * tls[t] / busy[t] : 0 }' "$OUT/fanout-wall.collapsed" | sort
fi
