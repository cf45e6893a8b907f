#!/usr/bin/env bash
# Fault suite: the packaged service on the local PostgreSQL with a loopback HTTPS receiver, under load,
# while things break. Each scenario prints its counts (sent, received, duplicates, lost).
#   kill       SIGKILL of the service while deliveries are in flight, then a restart (takeover time)
#   intake     SIGKILL while events are coming in: every event answered 202 is delivered
#   shutdown   SIGTERM of one of two instances mid-burst: its unstarted work is given back at once
#   held       two instances, a receiver slower than the lease lets claims wait: no claim is lost
#   two        two instances on one database under load
#   database   PostgreSQL stopped for 20 s under load (needs root: pg_ctlcluster), then 40 s of quiet log
#   pgrestart  PostgreSQL restarted mid-burst: only 202/503 answered, nothing lost
#   receiver   the receiver is slow (10 s), flaps, resets connections, or never answers
#   fifo-kill  fifo webhooks with a queue each, SIGKILL and a restart: order kept, one at a time, nothing lost
#   fifo-two   fifo webhooks, two instances, events posted to both in turn: order kept, one at a time
#   rate-two   a webhook with rate_limit 50, two instances, 1,500 events posted to both at once: over any
#              10 s at most 10 % above the limit, drained at the limit (not slower), nothing lost
# Usage: bench/faults/run.sh [kill] [intake] [shutdown] [held] [two] [database] [pgrestart] [receiver]
#                            [fifo-kill] [fifo-two] [rate-two]
#        (default: all; about 14 minutes)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../lib/service.sh"
require psql curl node openssl
SCENARIOS=${*:-kill intake shutdown held two database pgrestart receiver fifo-kill fifo-two rate-two}
RECEIVER_PORT=${RECEIVER_PORT:-18453}
STATS_PORT=${STATS_PORT:-18454}
SECOND_PORT=${SECOND_PORT:-18081}
WEBHOOKS=5
FIFO_WEBHOOKS=3
WORK=$(mktemp -d)
PIDS=()

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost" -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
export ENCRATA_DELIVERY_ALLOW_PRIVATE_TARGETS=true ENCRATA_DELIVERY_TRUST_STORE="$WORK/cert.pem"
# A short retry schedule so that recovery is visible within minutes (the lease is the shipped 12 s).
export ENCRATA_DELIVERY_RETRY_SCHEDULE=1s,2s,4s,8s,8s
export ENCRATA_DELIVERY_CONCURRENCY_PER_HOST=16
cleanup() {
  # Never leave the machine's PostgreSQL stopped, whatever happened.
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start >/dev/null 2>&1 || true
  for pid in "${PIDS[@]}" "$RECEIVER_PID"; do kill -9 "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
RECEIVER_PID=""
trap cleanup EXIT

receiver() { # MODE [DELAY_MS]
  [ -n "$RECEIVER_PID" ] && kill "$RECEIVER_PID" 2>/dev/null && wait "$RECEIVER_PID" 2>/dev/null || true
  MODE=$1 DELAY_MS=${2:-0} node "$HERE/receiver.js" "$RECEIVER_PORT" "$STATS_PORT" "$WORK/key.pem" "$WORK/cert.pem" &
  RECEIVER_PID=$!
  sleep 0.5
}
stat() { curl -s "http://127.0.0.1:$STATS_PORT/stats" | sed -nE "s/.*\"$1\":([0-9]+).*/\1/p"; }
now_ms() { date +%s%3N; }
sql() { psql -qtA -d "$BENCH_DB" -c "$1"; }
# ERROR lines a service log gained after line $2.
errors_after() { tail -n +"$(( $2 + 1 ))" "$1" | grep -c ' ERROR ' || true; }
instance() { # PORT -> pid in LAUNCHED_PID
  launch_instance "$1" "$WORK/service-$1.log"
  PIDS+=("$LAUNCHED_PID")
}
setup_workspace() { # -> WS
  read -r WS KEY < <(provision)
  for i in $(seq 1 "$WEBHOOKS"); do
    curl -sf -o /dev/null -X POST "$BENCH_URL/api/webhooks" -H "Authorization: Bearer $KEY" \
      -H 'Content-Type: application/json' \
      -d "{\"url\":\"https://localhost:$RECEIVER_PORT/hook/$i\",\"events\":[\"lookup.completed\"]}"
  done
}
drive() { # BASE RATE SECONDS -> accepted count (the driver's whole answer is kept in $WORK/driven)
  node "$HERE/../delivery/driver.js" "$1" "$BENCH_INTERNAL_TOKEN" "$WS" "$2" "$3" | tee "$WORK/driven" \
    | sed -nE 's/.*"accepted":([0-9]+).*/\1/p'
}
codes() { sed -nE 's/.*"codes":(\{[^}]*\}).*/\1/p' "${1:-$WORK/driven}"; }
settle() { # EXPECTED [TIMEOUT_S]: wait until every expected delivery succeeded or the time is up
  for _ in $(seq 1 $(( ${2:-120} * 2 ))); do
    [ "$(stat succeeded)" -ge "$1" ] && return 0
    sleep 0.5
  done
}
report() { # NAME EXPECTED SENT
  local received succeeded repeats overlaps pending failed
  sleep 2  # the last outcomes are written just after their answers
  received=$(stat requests); succeeded=$(stat succeeded); repeats=$(stat repeats); overlaps=$(stat overlaps)
  read -r pending failed < <(psql -qtA -F ' ' -d "$BENCH_DB" -c \
    "SELECT (SELECT count(*) FROM delivery_queue), (SELECT count(*) FROM deliveries WHERE status = 'failed')")
  # Lost: neither received by the receiver nor recorded as pending or failed (retries exhausted).
  local lost=$(( $2 - succeeded - pending - failed ))
  echo "RESULT $1: sent_events=$3 expected_deliveries=$2 received_requests=$received delivered=$succeeded" \
       "duplicates=$repeats concurrent_same_delivery=$overlaps still_pending=$pending failed=$failed lost=$(( lost > 0 ? lost : 0 ))"
}

# Ordered webhooks. Each has a path of its own (/fifo/i), which the receiver keeps apart: the order of
# first arrivals and the requests open at once are per path (GET /fifo).
setup_fifo_workspace() { # -> WS
  read -r WS KEY < <(provision)
  for i in $(seq 1 "$FIFO_WEBHOOKS"); do
    curl -sf -o /dev/null -X POST "$BENCH_URL/api/webhooks" -H "Authorization: Bearer $KEY" \
      -H 'Content-Type: application/json' \
      -d "{\"url\":\"https://localhost:$RECEIVER_PORT/fifo/$i\",\"events\":[\"lookup.completed\"],\"ordering\":\"fifo\"}"
  done
  # An ordering the service ignored would make every check below pass or fail for the wrong reason.
  [ "$(sql "SELECT count(*) FROM webhooks WHERE ordering = 'fifo'")" = "$FIFO_WEBHOOKS" ] \
    || { echo "the webhooks were not stored as fifo" >&2; exit 1; }
}
post_sequentially() { # SECONDS BASE... -> accepted count (answer in $WORK/driven, the accepted n in $WORK/accepted-n)
  node "$HERE/sequential.js" "$BENCH_INTERNAL_TOKEN" "$WS" "$1" "$WORK/accepted-n" "${@:2}" | tee "$WORK/driven" \
    | sed -nE 's/.*"accepted":([0-9]+).*/\1/p'
}
fifo_delivered() { # distinct (path, n) answered 200, over all paths
  curl -s "http://127.0.0.1:$STATS_PORT/fifo" \
    | node -e 'let t = 0; for (const p of Object.values(JSON.parse(require("fs").readFileSync(0)))) t += p.delivered; console.log(t)'
}
fifo_settle() { # EXPECTED [TIMEOUT_S]
  for _ in $(seq 1 $(( ${2:-120} * 2 ))); do
    [ "$(fifo_delivered)" -ge "$1" ] && return 0
    sleep 0.5
  done
}
attempts_at() { # PORT: delivery attempts the instance made, whatever their outcome
  curl -s "http://127.0.0.1:$1/q/metrics" | awk '/^encrata_delivery_attempts_total/ { s += $NF } END { print s + 0 }'
}
fifo_report() { # NAME
  local pending failed
  sleep 2  # the last outcomes are written just after their answers
  read -r pending failed < <(psql -qtA -F ' ' -d "$BENCH_DB" -c \
    "SELECT (SELECT count(*) FROM delivery_queue), (SELECT count(*) FROM deliveries WHERE status = 'failed')")
  # Per webhook, against the n answered 202: delivered (distinct n answered 200), missing, duplicates
  # (requests beyond the first of an n), order violations and overlaps as counted by the receiver.
  # Lost: missing, less what the database still holds as pending or failed.
  curl -s "http://127.0.0.1:$STATS_PORT/fifo" | node -e '
    const fs = require("fs");
    const [name, webhooks, pending, failed, acceptedFile] = process.argv.slice(1);
    const paths = JSON.parse(fs.readFileSync(0));
    const accepted = fs.readFileSync(acceptedFile, "utf8").split(/\s+/).filter(Boolean).map(Number);
    let requests = 0, delivered = 0, missing = 0, repeats = 0, violations = 0, overlaps = 0;
    const each = [];
    for (let i = 1; i <= Number(webhooks); i++) {
      const p = paths["/fifo/" + i] || { requests: 0, repeats: 0, violations: 0, overlaps: 0, delivered_n: [] };
      const ok = new Set(p.delivered_n);
      const got = accepted.filter(n => ok.has(n)).length;
      requests += p.requests; delivered += got; missing += accepted.length - got;
      repeats += p.repeats; violations += p.violations; overlaps += p.overlaps;
      each.push(`/fifo/${i} ${got}/${accepted.length} dup=${p.repeats} violations=${p.violations} overlaps=${p.overlaps}`);
    }
    const lost = Math.max(0, missing - Number(pending) - Number(failed));
    console.log(`per webhook: ${each.join(", ")}`);
    console.log(`RESULT ${name}: accepted_events=${accepted.length} expected_deliveries=${accepted.length * webhooks}` +
      ` received_requests=${requests} delivered=${delivered} duplicates=${repeats} order_violations=${violations}` +
      ` overlaps=${overlaps} still_pending=${pending} failed=${failed} lost=${lost}`);
  ' "$1" "$FIFO_WEBHOOKS" "$pending" "$failed" "$WORK/accepted-n"
}

fresh_database
BENCH_URL="http://127.0.0.1:$BENCH_PORT"

if [[ " $SCENARIOS " == *" kill "* ]]; then
  echo "== kill: SIGKILL while deliveries are in flight, restart"
  receiver ok 300
  instance "$BENCH_PORT"; A=$LAUNCHED_PID
  setup_workspace
  SENT=$(drive "$BENCH_URL" 100 5)
  sleep 0.5
  sql "DROP TABLE IF EXISTS held_at_kill; CREATE TABLE held_at_kill AS SELECT id, lease_token FROM delivery_queue WHERE lease_token IS NOT NULL"
  kill -9 "$A"; KILLED=$(now_ms)
  echo "killed the service with $(( SENT * WEBHOOKS - $(stat succeeded) )) deliveries not yet done, $(sql 'SELECT count(*) FROM held_at_kill') of them claimed"
  sleep 2
  HELD=$(sql 'SELECT count(*) FROM held_at_kill h JOIN delivery_queue d USING (id) WHERE d.lease_token = h.lease_token')
  instance "$BENCH_PORT"
  # The dead instance's claims include its hand-over backlog (up to the overall limit and 512 more):
  # they are taken over from the lease's end as fast as the receiver lets them be sent.
  TAKEN=timeout FIRST=timeout
  for _ in $(seq 1 240); do
    LEFT=$(sql 'SELECT count(*) FROM held_at_kill h JOIN delivery_queue d USING (id) WHERE d.lease_token = h.lease_token')
    if [ "$FIRST" = timeout ] && [ "$LEFT" -lt "$HELD" ]; then
      FIRST="$(( $(now_ms) - KILLED )) ms"
    fi
    if [ "$LEFT" = 0 ]; then
      TAKEN="$(( $(now_ms) - KILLED )) ms"; break
    fi
    sleep 0.25
  done
  echo "the dead instance's claims: the first taken over $FIRST after the kill, all taken over (or finished) $TAKEN after it (lease ${ENCRATA_DELIVERY_LEASE:-12s})"
  settle $(( SENT * WEBHOOKS )) 90
  report kill $(( SENT * WEBHOOKS )) "$SENT"
  kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true
  fresh_database >/dev/null
fi

if [[ " $SCENARIOS " == *" intake "* ]]; then
  echo "== intake: SIGKILL while events come in; every event answered 202 is delivered"
  receiver ok 0
  instance "$BENCH_PORT"; A=$LAUNCHED_PID
  setup_workspace
  drive "$BENCH_URL" 200 8 > /dev/null &
  DRIVER=$!
  sleep 3
  kill -9 "$A"; echo "killed the service mid-intake"
  sleep 1
  instance "$BENCH_PORT"
  wait "$DRIVER" || true
  SENT=$(sed -nE 's/.*"accepted":([0-9]+).*/\1/p' "$WORK/driven")
  echo "intake answers: $(codes)"
  settle $(( SENT * WEBHOOKS )) 90
  report intake $(( SENT * WEBHOOKS )) "$SENT"
  kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true
  fresh_database >/dev/null
fi

if [[ " $SCENARIOS " == *" shutdown "* ]]; then
  echo "== shutdown: SIGTERM of one of two instances mid-burst"
  receiver ok 300
  instance "$BENCH_PORT"; A=$LAUNCHED_PID
  instance "$SECOND_PORT"; B=$LAUNCHED_PID
  setup_workspace
  SENT=$(drive "$BENCH_URL" 200 4)
  STOPPING=$(now_ms)
  kill -TERM "$A"; wait "$A" 2>/dev/null || true
  echo "instance A stopped $(( $(now_ms) - STOPPING )) ms after SIGTERM; $(grep -o 'gave back [0-9]* deliveries' "$WORK/service-$BENCH_PORT.log" || echo 'gave back nothing')"
  # Work A held and did not finish must be claimable at once: no lease of A's may be left to expire.
  # A's leases are those nobody renews: B renews its own every 4 s (a third of the 12 s lease), so a
  # row with the same token and lease end 5 s later is one of A's.
  sql "DROP TABLE IF EXISTS held_at_stop; CREATE TABLE held_at_stop AS
       SELECT id, lease_token, leased_until FROM delivery_queue WHERE lease_token IS NOT NULL" >/dev/null
  sleep 5
  ORPHANS=$(sql "SELECT count(*) FROM held_at_stop h JOIN delivery_queue q USING (id)
                 WHERE q.lease_token = h.lease_token AND q.leased_until = h.leased_until")
  echo "claims left to expire after A stopped: $ORPHANS"
  settle $(( SENT * WEBHOOKS )) 90
  echo "last delivery arrived $(( $(stat last_arrival_ms) - STOPPING )) ms after SIGTERM"
  report shutdown $(( SENT * WEBHOOKS )) "$SENT"
  kill "$B"; wait "$B" 2>/dev/null || true
  fresh_database >/dev/null
fi

if [[ " $SCENARIOS " == *" held "* ]]; then
  echo "== held: claims waiting longer than the lease behind a slow receiver, two instances"
  receiver ok 2000
  export ENCRATA_DELIVERY_CONCURRENCY_PER_HOST=2
  instance "$BENCH_PORT"; A=$LAUNCHED_PID
  instance "$SECOND_PORT"; B=$LAUNCHED_PID
  setup_workspace
  SENT=$(drive "$BENCH_URL" 12 1)
  settle $(( SENT * WEBHOOKS )) 150
  echo "max concurrent requests at the receiver: $(stat max_in_flight) (2 instances x per-host limit 2)"
  report held $(( SENT * WEBHOOKS )) "$SENT"
  export ENCRATA_DELIVERY_CONCURRENCY_PER_HOST=16
  kill "$A" "$B"; wait "$A" "$B" 2>/dev/null || true
  fresh_database >/dev/null
fi

if [[ " $SCENARIOS " == *" two "* ]]; then
  echo "== two: two instances on one database under load"
  receiver ok 20
  instance "$BENCH_PORT"; A=$LAUNCHED_PID
  instance "$SECOND_PORT"; B=$LAUNCHED_PID
  setup_workspace
  drive "$BENCH_URL" 100 20 > "$WORK/s1" &
  FIRST=$!
  S2=$(drive "http://127.0.0.1:$SECOND_PORT" 100 20)
  wait "$FIRST"
  SENT=$(( $(cat "$WORK/s1") + S2 ))
  settle $(( SENT * WEBHOOKS )) 60
  report two $(( SENT * WEBHOOKS )) "$SENT"
  kill "$A" "$B"; wait "$A" "$B" 2>/dev/null || true
  fresh_database >/dev/null
fi

if [[ " $SCENARIOS " == *" database "* ]]; then
  echo "== database: PostgreSQL stopped for 20 s under load"
  receiver ok 0
  instance "$BENCH_PORT"; A=$LAUNCHED_PID
  setup_workspace
  CLUSTER=$(ls /etc/postgresql)
  node "$HERE/../delivery/driver.js" "$BENCH_URL" "$BENCH_INTERNAL_TOKEN" "$WS" 50 40 > "$WORK/accepted" &
  DRIVER=$!
  ( for _ in $(seq 1 200); do
      curl -s -o /dev/null -m 10 -w '%{http_code}\n' "$BENCH_URL/api/webhooks" -H "Authorization: Bearer $KEY" || echo timeout
      sleep 0.2
    done > "$WORK/api-codes" ) &
  PROBE=$!
  sleep 8
  pg_ctlcluster --skip-systemctl-redirect "$CLUSTER" main stop -m fast
  sleep 3
  READY_DOWN=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$BENCH_URL/q/health/ready" || echo timeout)
  sleep 17
  pg_ctlcluster --skip-systemctl-redirect "$CLUSTER" main start
  RESTARTED=$(date +%s%3N)
  LOG_LINES=$(wc -l < "$WORK/service-$BENCH_PORT.log")
  READY_UP=timeout
  for _ in $(seq 1 120); do
    if [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$BENCH_URL/q/health/ready")" = 200 ]; then
      READY_UP="200 after $(( $(date +%s%3N) - RESTARTED )) ms"; break
    fi
    sleep 0.25
  done
  wait "$DRIVER" "$PROBE" || true
  SENT=$(sed -nE 's/.*"accepted":([0-9]+).*/\1/p' "$WORK/accepted")
  settle $(( SENT * WEBHOOKS )) 90
  echo "API answers while probing: $(sort "$WORK/api-codes" | uniq -c | tr '\n' ' ')"
  echo "readiness during the outage: $READY_DOWN; after PostgreSQL is back: $READY_UP"
  echo "dispatcher backoff lines: $(grep -c 'Cannot claim deliveries' "$WORK/service-$BENCH_PORT.log" || true)"
  echo "intake answers: $(codes "$WORK/accepted")"
  sleep $(( 40 - ($(now_ms) - RESTARTED) / 1000 > 0 ? 40 - ($(now_ms) - RESTARTED) / 1000 : 0 ))
  echo "ERROR lines in the 40 s after PostgreSQL returned: $(errors_after "$WORK/service-$BENCH_PORT.log" "$LOG_LINES")"
  report database $(( SENT * WEBHOOKS )) "$SENT"
  kill "$A"; wait "$A" 2>/dev/null || true
  fresh_database >/dev/null
fi

if [[ " $SCENARIOS " == *" pgrestart "* ]]; then
  echo "== pgrestart: PostgreSQL restarted mid-burst"
  receiver ok 0
  instance "$BENCH_PORT"; A=$LAUNCHED_PID
  setup_workspace
  CLUSTER=$(ls /etc/postgresql)
  LOG_LINES=$(wc -l < "$WORK/service-$BENCH_PORT.log")
  node "$HERE/../delivery/driver.js" "$BENCH_URL" "$BENCH_INTERNAL_TOKEN" "$WS" 100 20 > "$WORK/accepted" &
  DRIVER=$!
  sleep 5
  pg_ctlcluster --skip-systemctl-redirect "$CLUSTER" main restart -m fast
  RESTARTED=$(now_ms)
  READY_UP=timeout
  for _ in $(seq 1 120); do
    if [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$BENCH_URL/q/health/ready")" = 200 ]; then
      READY_UP="$(( $(now_ms) - RESTARTED )) ms"; break
    fi
    sleep 0.1
  done
  wait "$DRIVER" || true
  SENT=$(sed -nE 's/.*"accepted":([0-9]+).*/\1/p' "$WORK/accepted")
  settle $(( SENT * WEBHOOKS )) 90
  echo "intake answers: $(codes "$WORK/accepted"); ready again $READY_UP after the restart command returned"
  echo "ERROR lines since the restart: $(errors_after "$WORK/service-$BENCH_PORT.log" "$LOG_LINES")"
  report pgrestart $(( SENT * WEBHOOKS )) "$SENT"
  kill "$A"; wait "$A" 2>/dev/null || true
  fresh_database >/dev/null
fi

if [[ " $SCENARIOS " == *" receiver "* ]]; then
  for MODE in slow flap reset hang; do
    echo "== receiver: $MODE"
    receiver "$MODE" 0
    instance "$BENCH_PORT"; A=$LAUNCHED_PID
    setup_workspace
    SENT=$(drive "$BENCH_URL" 20 5)
    if [ "$MODE" = hang ]; then
      # The receiver takes every request and never answers: each attempt must end at the 5 s deadline.
      sleep 25
      echo "requests abandoned by the service: $(stat abandoned), held open median $(stat abandoned_median_ms) ms, max $(stat abandoned_max_ms) ms (deadline 5 s)"
      echo "max concurrent requests at the receiver: $(stat max_in_flight) (per-host limit $ENCRATA_DELIVERY_CONCURRENCY_PER_HOST)"
      report "receiver-$MODE" 0 "$SENT"
    elif [ "$MODE" = slow ]; then
      # Every attempt times out (5 s deadline < 10 s answer): watch three rounds of retries.
      sleep 25
      echo "retry gaps (median ms after attempt n; schedule 1s,2s,4s +5 s deadline): $(curl -s "http://127.0.0.1:$STATS_PORT/stats" | sed -nE 's/.*"median_gap_ms_after_attempt":(\{[^}]*\}).*/\1/p')"
      echo "max concurrent requests at the receiver: $(stat max_in_flight) (per-host limit $ENCRATA_DELIVERY_CONCURRENCY_PER_HOST)"
      report "receiver-$MODE" 0 "$SENT"
    else
      settle $(( SENT * WEBHOOKS )) 90
      echo "max concurrent requests at the receiver: $(stat max_in_flight) (per-host limit $ENCRATA_DELIVERY_CONCURRENCY_PER_HOST)"
      report "receiver-$MODE" $(( SENT * WEBHOOKS )) "$SENT"
    fi
    kill "$A"; wait "$A" 2>/dev/null || true
    fresh_database >/dev/null
  done
fi

if [[ " $SCENARIOS " == *" fifo-kill "* ]]; then
  echo "== fifo-kill: SIGKILL while fifo webhooks have a queue, restart"
  # A slow answer builds a queue per webhook: one attempt at a time cannot keep up with the intake.
  receiver ok 30
  instance "$BENCH_PORT"; A=$LAUNCHED_PID
  setup_fifo_workspace
  SENT=$(post_sequentially 5 "$BENCH_URL")
  HEADS=$(sql "SELECT count(*) FROM delivery_queue WHERE seq IS NOT NULL AND lease_token IS NOT NULL")
  kill -9 "$A"; KILLED=$(now_ms)
  AT_KILL=$(fifo_delivered)
  echo "intake answers: $(codes)"
  echo "killed the service with $(( SENT * FIFO_WEBHOOKS - AT_KILL )) of $(( SENT * FIFO_WEBHOOKS )) deliveries not yet done," \
       "$HEADS of $FIFO_WEBHOOKS webhook heads claimed just before"
  sleep 2
  instance "$BENCH_PORT"
  # A head the dead instance held is claimed again only when its lease runs out.
  RESUMED=timeout
  for _ in $(seq 1 240); do
    if [ "$(fifo_delivered)" -gt "$AT_KILL" ]; then RESUMED="$(( $(now_ms) - KILLED )) ms"; break; fi
    sleep 0.25
  done
  echo "deliveries resumed $RESUMED after the kill"
  fifo_settle $(( SENT * FIFO_WEBHOOKS )) 150
  echo "last delivery arrived $(( $(stat last_arrival_ms) - KILLED )) ms after the kill (lease ${ENCRATA_DELIVERY_LEASE:-12s})"
  fifo_report fifo-kill
  kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true
  fresh_database >/dev/null
fi

if [[ " $SCENARIOS " == *" fifo-two "* ]]; then
  echo "== fifo-two: fifo webhooks, two instances, events posted to each in turn"
  receiver ok 30
  instance "$BENCH_PORT"; A=$LAUNCHED_PID
  instance "$SECOND_PORT"; B=$LAUNCHED_PID
  setup_fifo_workspace
  STARTED=$(now_ms)
  SENT=$(post_sequentially 5 "$BENCH_URL" "http://127.0.0.1:$SECOND_PORT")
  echo "intake answers: $(codes)"
  fifo_settle $(( SENT * FIFO_WEBHOOKS )) 150
  echo "last delivery arrived $(( $(stat last_arrival_ms) - STARTED )) ms after the first event was posted;" \
       "attempts made by A: $(attempts_at "$BENCH_PORT"), by B: $(attempts_at "$SECOND_PORT")"
  fifo_report fifo-two
  kill "$A" "$B"; wait "$A" "$B" 2>/dev/null || true
  fresh_database >/dev/null
fi

if [[ " $SCENARIOS " == *" rate-two "* ]]; then
  echo "== rate-two: a rate-limited webhook (50/s), two instances, events posted to both at once"
  receiver ok
  instance "$BENCH_PORT"; A=$LAUNCHED_PID
  instance "$SECOND_PORT"; B=$LAUNCHED_PID
  read -r WS KEY < <(provision)
  curl -sf -o /dev/null -X POST "$BENCH_URL/api/webhooks" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "{\"url\":\"https://localhost:$RECEIVER_PORT/rate/1\",\"events\":[\"lookup.completed\"],\"rate_limit\":50}"
  [ "$(sql "SELECT rate_limit FROM webhooks")" = 50 ] || { echo "the webhook was not stored with its rate limit" >&2; exit 1; }
  # 1,500 events in 5 s through both instances: 30 s of work at 50/s queues behind the limit.
  node "$HERE/../delivery/driver.js" "$BENCH_URL" "$BENCH_INTERNAL_TOKEN" "$WS" 150 5 > "$WORK/driven-a" &
  DA=$!
  node "$HERE/../delivery/driver.js" "http://127.0.0.1:$SECOND_PORT" "$BENCH_INTERNAL_TOKEN" "$WS" 150 5 > "$WORK/driven-b"
  wait "$DA"
  SENT=$(( $(sed -nE 's/.*"accepted":([0-9]+).*/\1/p' "$WORK/driven-a") + $(sed -nE 's/.*"accepted":([0-9]+).*/\1/p' "$WORK/driven-b") ))
  echo "intake answers: A $(codes "$WORK/driven-a"), B $(codes "$WORK/driven-b")"
  settle "$SENT" 90
  PACE=$(curl -s "http://127.0.0.1:$STATS_PORT/pace")
  echo "pace: $PACE; attempts made by A: $(attempts_at "$BENCH_PORT"), by B: $(attempts_at "$SECOND_PORT")"
  # The same seconds as the service saw them: attempt starts per second, as the history records them.
  echo "attempt starts per second (history): $(sql "SELECT string_agg(n::text, ' ' ORDER BY s) FROM
    (SELECT date_trunc('second', last_attempt_at) AS s, count(*) AS n FROM deliveries GROUP BY 1) x")"
  echo "$PACE" | node -e '
    const p = Object.values(JSON.parse(require("fs").readFileSync(0)))[0];
    const limit = 50, sent = Number(process.argv[1]);
    const expectedMs = (sent - limit / 2) / limit * 1000;   // after the first half second of burst
    console.log(`RESULT rate-two: requests=${p.requests} limit=${limit}/s busiest_10s=${p.busiest_10s} (max ${limit * 11})`
      + ` busiest_1s=${p.busiest_1s} drained_in=${p.span_ms} ms (at the limit ${Math.round(expectedMs)} ms,`
      + ` ratio ${(p.span_ms / expectedMs).toFixed(2)})`);' "$SENT"
  report rate-two "$SENT" "$SENT"
  kill "$A" "$B"; wait "$A" "$B" 2>/dev/null || true
  fresh_database >/dev/null
fi
