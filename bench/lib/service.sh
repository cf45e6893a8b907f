#!/usr/bin/env bash
# Shared helpers for the benchmarks: a scratch database on the local PostgreSQL and the packaged
# service started against it in the prod profile. Source this file; it uses these variables:
#   PGHOST PGPORT PGUSER (default 127.0.0.1 5432 postgres), BENCH_DB (default encrata_bench),
#   BENCH_PORT (default 18080), BENCH_JAVA_OPTS (JVM options of the service), BENCH_APP (the
#   packaged application's directory, default target/quarkus-app of this checkout).
set -euo pipefail

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-encrata_bench}
BENCH_PORT=${BENCH_PORT:-18080}
# The shipped JVM options and malloc setting, as in the image (src/main/docker/Dockerfile.jvm).
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:-@$BENCH_ROOT/src/main/docker/jvm.options}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
BENCH_URL="http://127.0.0.1:${BENCH_PORT}"
random_token() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 40; }
BENCH_ADMIN_TOKEN=$(random_token)
BENCH_INTERNAL_TOKEN=${ENCRATA_INTERNAL_TOKEN:-$(random_token)}
BENCH_SECRETS_KEY=${ENCRATA_SECRETS_KEY:-$(head -c 32 /dev/urandom | base64)}
SERVICE_PID=""

require() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "missing tool: $tool (apt-get install $tool)" >&2; exit 2; }
  done
}

fresh_database() {
  psql -q -d postgres -c "DROP DATABASE IF EXISTS ${BENCH_DB}" -c "CREATE DATABASE ${BENCH_DB}"
}

# Starts one instance on $1 (log in $2) and waits until it is healthy; its pid goes to LAUNCHED_PID.
# Java runs in the application's directory, as in the image: the AppCDS archive names the jars
# relative to it.
launch_instance() {
  local port=$1 log=$2
  local jar="${BENCH_APP:-$BENCH_ROOT/target/quarkus-app}/quarkus-run.jar"
  [ -f "$jar" ] || (cd "$BENCH_ROOT" && ./mvnw -B -q -ntp package -DskipTests)
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://${PGHOST}:${PGPORT}/${BENCH_DB}" \
  QUARKUS_DATASOURCE_USERNAME="$PGUSER" QUARKUS_DATASOURCE_PASSWORD="${PGPASSWORD:-unused}" \
  QUARKUS_HTTP_PORT="$port" \
  ENCRATA_SECRETS_KEY="$BENCH_SECRETS_KEY" \
  ENCRATA_ADMIN_TOKEN="$BENCH_ADMIN_TOKEN" \
  ENCRATA_INTERNAL_TOKEN="$BENCH_INTERNAL_TOKEN" \
  ENCRATA_RATE_LIMIT_PER_MINUTE=0 ENCRATA_QUOTA_WEBHOOKS=100000000 \
  env -C "$(dirname "$jar")" java $BENCH_JAVA_OPTS -jar "$jar" >> "$log" 2>&1 &
  LAUNCHED_PID=$!
  # BENCH_POLL: seconds between health polls (bench/startup polls every 10 ms to time the start).
  # The polls use bash alone: a curl and a sleep process every 10 ms would take a good part of a
  # core from the start being timed.
  local deadline=$((SECONDS + 60))
  while [ "$SECONDS" -lt "$deadline" ]; do
    health_ok "$port" && return 0
    kill -0 "$LAUNCHED_PID" 2>/dev/null || { tail -20 "$log" >&2; exit 1; }
    pause "${BENCH_POLL:-0.5}"
  done
  echo "instance on port $port did not become healthy" >&2
  exit 1
}

# Whether GET /api/health on $1 answers 200, asked through bash's /dev/tcp (no process started).
health_ok() {
  local status=""
  { exec 8<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&8
  read -r -t 5 status <&8 || true
  exec 8<&-
  [[ $status == "HTTP/1.1 200"* ]]
}

# Waits $1 seconds without starting a process: a read with a timeout on a FIFO nobody writes to.
pause() {
  if [ -z "${PAUSE_FD:-}" ]; then
    local fifo
    fifo=$(mktemp -u) && mkfifo "$fifo" && exec {PAUSE_FD}<>"$fifo" && rm -f "$fifo"
  fi
  read -r -t "$1" -u "$PAUSE_FD" _ || true
}

start_service() {
  launch_instance "$BENCH_PORT" "${BENCH_LOG:-/tmp/encrata-bench-service.log}"
  SERVICE_PID=$LAUNCHED_PID
  # BENCH_ON_EXIT: the caller's own clean-up, run after the service is stopped.
  trap 'stop_service; eval "${BENCH_ON_EXIT:-:}"' EXIT
}

stop_service() {
  [ -n "$SERVICE_PID" ] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true
  SERVICE_PID=""
}

# CPU time (user + system) the service has used so far, in milliseconds.
service_cpu_ms() {
  local ticks
  ticks=$(awk '{ print $14 + $15 }' "/proc/$SERVICE_PID/stat")
  echo $(( ticks * 1000 / $(getconf CLK_TCK) ))
}

# CPU time all PostgreSQL server processes have used so far, in milliseconds (0 when not local).
database_cpu_ms() {
  local ticks
  ticks=$(for pid in $(pgrep -x postgres || pgrep -f '^postgres'); do awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null; done \
    | awk '{ s += $1 } END { print s + 0 }')
  echo $(( ticks * 1000 / $(getconf CLK_TCK) ))
}

service_rss_mib() {
  echo $(( $(ps -o rss= -p "$SERVICE_PID") / 1024 ))
}

# The service's resident memory split: anonymous (heap, metaspace, code, stacks, malloc) and file-backed
# (the class-data archive and jars mapped), in MiB.
service_rss_split() {
  awk '/^RssAnon:/ { a = $2 } /^RssFile:/ { f = $2 } END { printf "rss_anon_mib=%d rss_file_mib=%d", a / 1024, f / 1024 }' \
    "/proc/$SERVICE_PID/status"
}

# Prints "<workspace id> <api key>" of a new workspace.
provision() {
  local ws key
  ws=$(curl -sf -X POST "$BENCH_URL/admin/workspaces" -H "Authorization: Bearer $BENCH_ADMIN_TOKEN" \
        -H 'Content-Type: application/json' -d '{"name":"bench"}' | sed -E 's/.*"id":"([^"]+)".*/\1/')
  key=$(curl -sf -X POST "$BENCH_URL/admin/workspaces/$ws/keys" -H "Authorization: Bearer $BENCH_ADMIN_TOKEN" \
        -H 'Content-Type: application/json' -d '{"name":"bench"}' | sed -E 's/.*"key":"([^"]+)".*/\1/')
  echo "$ws $key"
}
