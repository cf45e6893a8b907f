#!/usr/bin/env bash
# Shared helpers for the benchmarks: a scratch database on the local PostgreSQL and the packaged
# service started against it in the prod profile. Source this file; it uses these variables:
#   PGHOST PGPORT PGUSER (default 127.0.0.1 5432 postgres), BENCH_DB (default encrata_bench),
#   BENCH_PORT (default 18080), BENCH_JAVA_OPTS (JVM options of the service).
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
  local deadline=$((SECONDS + 60))
  while [ "$SECONDS" -lt "$deadline" ]; do
    curl -sf "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && return 0
    kill -0 "$LAUNCHED_PID" 2>/dev/null || { tail -20 "$log" >&2; exit 1; }
    sleep "${BENCH_POLL:-0.5}"
  done
  echo "instance on port $port did not become healthy" >&2
  exit 1
}

start_service() {
  launch_instance "$BENCH_PORT" "${BENCH_LOG:-/tmp/encrata-bench-service.log}"
  SERVICE_PID=$LAUNCHED_PID
  trap stop_service EXIT
}

stop_service() {
  [ -n "$SERVICE_PID" ] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true
  SERVICE_PID=""
}

service_rss_mib() {
  echo $(( $(ps -o rss= -p "$SERVICE_PID") / 1024 ))
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
