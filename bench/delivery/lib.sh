#!/usr/bin/env bash
# Shared by the delivery benchmarks: the HTTPS receiver, webhooks on it, a burst and a paced run.
# Source after bench/lib/service.sh. Uses RECEIVER_PORT, STATS_PORT and WORK (a scratch directory).
DELIVERY_BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RECEIVER_PORT=${RECEIVER_PORT:-18443}
STATS_PORT=${STATS_PORT:-18444}
RECEIVER_PID=""

start_receiver() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost" -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
  node "$DELIVERY_BENCH/receiver.js" "$RECEIVER_PORT" "$STATS_PORT" "$WORK/key.pem" "$WORK/cert.pem" &
  RECEIVER_PID=$!
  export ENCRATA_DELIVERY_ALLOW_PRIVATE_TARGETS=true ENCRATA_DELIVERY_TRUST_STORE="$WORK/cert.pem"
  export ENCRATA_DELIVERY_CONCURRENCY=${ENCRATA_DELIVERY_CONCURRENCY:-256}
  export ENCRATA_DELIVERY_CONCURRENCY_PER_HOST=${ENCRATA_DELIVERY_CONCURRENCY_PER_HOST:-256}
  for _ in $(seq 1 50); do stats >/dev/null 2>&1 && return 0; sleep 0.1; done
}

# A scratch directory ($WORK), and on exit the service and the receiver stopped and the directory
# removed; a script adds its own clean-up to BENCH_ON_EXIT.
scratch_work() {
  WORK=$(mktemp -d)
  BENCH_ON_EXIT='stop_receiver; rm -rf "$WORK"'
  trap 'stop_service; eval "$BENCH_ON_EXIT"' EXIT
}

# The receiver, a fresh database with pg_stat_statements in it (the server must load the module: the
# header of statements.sh says how) and the service, started.
start_with_statements() {
  psql -Atqc "SHOW shared_preload_libraries" -d postgres | grep -q pg_stat_statements \
    || { echo "pg_stat_statements is not loaded by the server (see the header of statements.sh)" >&2; exit 2; }
  start_receiver
  fresh_database
  psql -q -d "$BENCH_DB" -c "CREATE EXTENSION pg_stat_statements"
  start_service
}

stop_receiver() { [ -n "$RECEIVER_PID" ] && kill "$RECEIVER_PID" 2>/dev/null || true; }
stats() { curl -sf "http://127.0.0.1:$STATS_PORT/stats"; }
reset_receiver() { curl -s -X POST "http://127.0.0.1:$STATS_PORT/reset" >/dev/null; }
received() { stats | sed -nE 's/.*"count":([0-9]+).*/\1/p'; }

# The receiver's own capacity: wrk POSTing straight to it (2 threads, 64 connections, 10 s).
receiver_raw_rps() {
  printf 'wrk.method="POST"\nwrk.body="{\\"event\\":\\"baseline\\"}"\nwrk.headers["Content-Type"]="application/json"\n' \
    > "$WORK/post.lua"
  wrk -t2 -c64 -d10s -s "$WORK/post.lua" "https://localhost:$RECEIVER_PORT/baseline" \
    | sed -nE 's/^Requests\/sec: +([0-9.]+)/\1/p'
  reset_receiver
}

# Creates $2 webhooks for event type $3 in each of $1 new workspaces; prints the workspace ids, comma-separated.
webhooks_on_receiver() {
  local workspaces=$1 per=$2 type=$3 ids=() ws key
  for w in $(seq 1 "$workspaces"); do
    read -r ws key < <(provision)
    ids+=("$ws")
    for i in $(seq 1 "$per"); do
      printf '{"url":"https://localhost:%s/w%s/h%s","events":["%s"]}\n' "$RECEIVER_PORT" "$w" "$i" "$type"
    done | xargs -d '\n' -P 8 -I{} curl -sf -o /dev/null -X POST "$BENCH_URL/api/webhooks" \
      -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d '{}'
  done
  (IFS=,; echo "${ids[*]}")
}

# Waits until the receiver has $1 deliveries, or nothing more arrived for 10 s.
await_received() {
  local expected=$1 prev=-1 still=0 now
  while :; do
    now=$(received)
    [ "$now" -ge "$expected" ] && return 0
    if [ "$now" = "$prev" ]; then still=$((still + 1)); [ "$still" -ge 100 ] && return 0; else still=0; fi
    prev=$now
    sleep 0.1
  done
}

# A burst of $2 events (payload $4 bytes, type $5) over the workspaces $1, each fanned out to $3
# webhooks, timed from the first post to the last delivery. Prints one line of key=value figures.
burst() {
  local workspaces=$1 events=$2 fanout=$3 payload=${4:-200} type=${5:-lookup.completed}
  local expected=$((events * fanout)) cpu0 cpu1 db0 db1 driver s
  reset_receiver
  cpu0=$(service_cpu_ms)
  db0=$(database_cpu_ms)
  driver=$(node "$DELIVERY_BENCH/burst.js" "$BENCH_URL" "$BENCH_INTERNAL_TOKEN" "$workspaces" "$events" 32 "$payload" "$type")
  await_received "$expected"
  cpu1=$(service_cpu_ms)
  db1=$(database_cpu_ms)
  s=$(stats)
  node -e '
    const d = JSON.parse(process.argv[1]), s = JSON.parse(process.argv[2]), expected = Number(process.argv[3]);
    const cpu = Number(process.argv[4]), db = Number(process.argv[5]), secs = (s.last_at - d.started_at) / 1000;
    console.log(`deliveries=${s.count} expected=${expected} lost=${Math.max(0, expected - s.count)} duplicates=${s.duplicates}`
      + ` deliveries_per_s=${(s.count / secs).toFixed(0)} cpu_ms_per_delivery=${(cpu / s.count).toFixed(3)}`
      + ` db_cpu_ms_per_delivery=${(db / s.count).toFixed(3)}`
      + ` intake_ms=${d.intake_ms} drain_ms=${s.last_at - d.started_at} rejected=${d.failed}`);
  ' "$driver" "$s" "$expected" "$((cpu1 - cpu0))" "$((db1 - db0))"
}

# $2 events/s to the workspace $1 (fanned out to $3 webhooks) for $4 seconds; first-attempt latency.
paced() {
  local workspace=$1 rate=$2 fanout=$3 seconds=$4 driver expected s cpu0 cpu1
  reset_receiver
  cpu0=$(service_cpu_ms)
  driver=$(node "$DELIVERY_BENCH/driver.js" "$BENCH_URL" "$BENCH_INTERNAL_TOKEN" "$workspace" "$rate" "$seconds")
  expected=$(( $(echo "$driver" | sed -nE 's/.*"accepted":([0-9]+).*/\1/p') * fanout ))
  await_received "$expected"
  cpu1=$(service_cpu_ms)
  s=$(stats)
  node -e '
    const s = JSON.parse(process.argv[1]), expected = Number(process.argv[2]), cpu = Number(process.argv[3]);
    const secs = (s.last_at - s.first_at) / 1000;
    console.log(`deliveries=${s.count} expected=${expected} lost=${Math.max(0, expected - s.count)} duplicates=${s.duplicates}`
      + ` deliveries_per_s=${(s.count / secs).toFixed(0)} first_attempt_p50_ms=${s.p50_ms} p99_ms=${s.p99_ms}`
      + ` cpu_ms_per_delivery=${(cpu / s.count).toFixed(3)}`);
  ' "$s" "$expected" "$((cpu1 - cpu0))"
}

# One event fanned out to $1 webhooks of a new workspace (type credits.low), timed from the post to the
# first and the last arrival. Prints one line of key=value figures.
fanout() {
  local count=$1 ws s t0
  ws=$(webhooks_on_receiver 1 "$count" credits.low)
  reset_receiver
  t0=$(date +%s%3N)
  curl -sf -o /dev/null -X POST "$BENCH_URL/internal/events" -H "Authorization: Bearer $BENCH_INTERNAL_TOKEN" \
    -H 'Content-Type: application/json' -d "{\"workspace_id\":\"$ws\",\"event\":\"credits.low\",\"data\":{\"remaining\":5}}"
  await_received "$count"
  s=$(stats)
  node -e '
    const s = JSON.parse(process.argv[1]), t0 = Number(process.argv[2]), expected = Number(process.argv[3]);
    console.log(`fanout_deliveries=${s.count} lost=${Math.max(0, expected - s.count)} duplicates=${s.duplicates}`
      + ` first_ms=${s.first_at - t0} all_ms=${s.last_at - t0}`
      + ` tls_handshakes=${s.tls_connections} tls_resumed=${s.tls_resumed}`);
  ' "$s" "$t0" "$count"
}
