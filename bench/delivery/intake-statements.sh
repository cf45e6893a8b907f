#!/usr/bin/env bash
# What intake's statement costs PostgreSQL per event and per execution: after three warm-up bursts,
# BENCH_ROUNDS (default 2) rounds of a burst of 2,000 events x 10 webhooks and one of 200 events x 100
# (the same 20,000 deliveries: the difference is what each event costs beyond its rows), then 20 s
# paced at 500 events/s x 10 webhooks. For each: the figures of the burst or paced run, and from
# pg_stat_statements the intake statement's calls (statements), plans, execution and planning ms
# per call. Needs pg_stat_statements loaded by the server, and for the plans
# pg_stat_statements.track_planning on (see the header of statements.sh).
# Usage: [BENCH_APP=<quarkus-app dir>] bench/delivery/intake-statements.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../lib/service.sh"
source "$HERE/lib.sh"
require psql curl node openssl
scratch_work
start_with_statements
WS10=$(webhooks_on_receiver 1 10 lookup.completed)
WS100=$(webhooks_on_receiver 1 100 lookup.completed)
for _ in 1 2 3; do burst "$WS10" 2000 10 >/dev/null; done

intake_statement() {
  psql -At -F ' ' -d "$BENCH_DB" -c "
    SELECT 'statements=' || calls, 'plans=' || plans, 'exec_ms_per_statement=' || round(mean_exec_time::numeric, 3),
           'plan_ms_per_plan=' || round(mean_plan_time::numeric, 3)
    FROM pg_stat_statements WHERE query LIKE '%INSERT INTO events%' ORDER BY calls DESC LIMIT 1"
}

for round in $(seq 1 "${BENCH_ROUNDS:-2}"); do
  for spec in "$WS10 2000 10" "$WS100 200 100"; do
    set -- $spec
    psql -q -d "$BENCH_DB" -c "SELECT pg_stat_statements_reset()" >/dev/null
    echo "round $round burst $2 x $3: $(burst "$1" "$2" "$3")"
    echo "  intake statement: $(intake_statement)"
  done
done
psql -q -d "$BENCH_DB" -c "SELECT pg_stat_statements_reset()" >/dev/null
echo "paced 500 events/s x 10: $(paced "$WS10" 500 10 20)"
echo "  intake statement: $(intake_statement)"
