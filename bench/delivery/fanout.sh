#!/usr/bin/env bash
# One event fanned out to 1,000 new webhooks of the one receiver host, $1 times (default 3) after a
# warm-up burst: per fan-out the time to the first and last arrival and the TLS handshakes the receiver
# completed (and how many resumed a session).
# Usage: [BENCH_APP=<quarkus-app dir>] [ENCRATA_DELIVERY_CONNECTING_PER_HOST=n] bench/delivery/fanout.sh [runs=3]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../lib/service.sh"
source "$HERE/lib.sh"
require psql curl node openssl
scratch_work

start_receiver
fresh_database
start_service
WS=$(webhooks_on_receiver 1 10 lookup.completed)
burst "$WS" 2000 10 >/dev/null
for _ in $(seq 1 "${1:-3}"); do fanout 1000; done
