#!/usr/bin/env bash
# How the cost of a delivery grows with the work: bursts of 10,000 deliveries with payloads of 1, 16
# and 60 KiB (1,000 events x 10 webhooks of one workspace), and 1 KiB events fanned out to 1,000
# webhooks (100 events over 10 workspaces of 100 webhooks each). Prints deliveries/s and service CPU
# per delivery for each, after two warm-up bursts.
# Usage: bench/delivery/shape.sh [rounds=1]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../lib/service.sh"
source "$HERE/lib.sh"
require psql curl node openssl
ROUNDS=${1:-1}
scratch_work

start_receiver
fresh_database
start_service
TEN=$(webhooks_on_receiver 1 10 lookup.completed)
THOUSAND=$(webhooks_on_receiver 10 100 credits.low)
for _ in 1 2 3; do burst "$TEN" 2000 10 1024 >/dev/null; done
burst "$THOUSAND" 100 100 1024 credits.low >/dev/null
for round in $(seq 1 "$ROUNDS"); do
  for kib in 1 16 60; do
    echo "10 webhooks, ${kib} KiB: $(burst "$TEN" 1000 10 $((kib * 1024)))"
  done
  echo "1,000 webhooks, 1 KiB: $(burst "$THOUSAND" 100 100 1024 credits.low)"
done
echo "rss_mib=$(service_rss_mib)"
