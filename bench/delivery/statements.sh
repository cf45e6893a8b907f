#!/usr/bin/env bash
# Where PostgreSQL's time goes during the delivery burst: per statement, the calls, rows, execution
# time and WAL bytes per delivery, from pg_stat_statements, over two bursts of 2,000 events x 10
# webhooks after BENCH_WARMUP (default 6) warm-up bursts; and, on PostgreSQL 15 or later, the WAL of
# those two bursts by record type and by relation (pg_walinspect), whichever statement or process wrote it.
# Needs the pg_stat_statements module loaded by the server:
#   psql -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'" and a restart
#   (ALTER SYSTEM RESET shared_preload_libraries and a restart undo it).
# Planning time is counted only with pg_stat_statements.track_planning on (ALTER SYSTEM SET and a reload).
# Usage: [BENCH_APP=<quarkus-app dir>] bench/delivery/statements.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../lib/service.sh"
source "$HERE/lib.sh"
require psql curl node openssl
scratch_work
start_with_statements
WS=$(webhooks_on_receiver 1 10 lookup.completed)
for _ in $(seq 1 "${BENCH_WARMUP:-6}"); do burst "$WS" 2000 10 >/dev/null; done
psql -q -d "$BENCH_DB" -c "SELECT pg_stat_statements_reset()" >/dev/null
WAL_FROM=$(psql -Atqc "SELECT pg_current_wal_lsn()" -d "$BENCH_DB")
echo "burst: $(burst "$WS" 2000 10)"
echo "burst: $(burst "$WS" 2000 10)"
psql -d "$BENCH_DB" -c "
  SELECT calls, rows, round((total_exec_time / 40000)::numeric, 4) AS exec_ms_per_delivery,
         round((total_plan_time / 40000)::numeric, 4) AS plan_ms_per_delivery,
         round(wal_bytes / 40000) AS wal_bytes_per_delivery, wal_records, wal_fpi,
         left(regexp_replace(query, '\s+', ' ', 'g'), 60) AS statement
  FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'
  ORDER BY total_exec_time DESC LIMIT 8"
WAL_TO=$(psql -Atqc "SELECT pg_current_wal_lsn()" -d "$BENCH_DB")
if psql -q -d "$BENCH_DB" -c "CREATE EXTENSION IF NOT EXISTS pg_walinspect" 2>/dev/null; then
  psql -d "$BENCH_DB" -c "
    SELECT round(pg_wal_lsn_diff('$WAL_TO', '$WAL_FROM') / 40000) AS all_wal_bytes_per_delivery"
  psql -d "$BENCH_DB" -c "
    SELECT \"resource_manager/record_type\" AS record, round(count / 40000.0, 2) AS per_delivery,
           round(combined_size / 40000.0) AS bytes_per_delivery, round(combined_size::numeric / count) AS bytes_each,
           fpi_size
    FROM pg_get_wal_stats('$WAL_FROM', '$WAL_TO', true) WHERE count > 0
    ORDER BY combined_size DESC LIMIT 12"
  # The same WAL by the relation each record is about (its first block), index page splits apart.
  psql -d "$BENCH_DB" -c "
    SELECT coalesce(pg_filenode_relation(0, substring(block_ref from 'rel \d+/\d+/(\d+)')::oid)::text,
                    '(no relation)') AS relation,
           CASE WHEN record_type LIKE 'SPLIT%' THEN 'split' ELSE '' END AS split,
           round(count(*) / 40000.0, 2) AS per_delivery, round(sum(record_length) / 40000.0) AS bytes_per_delivery
    FROM pg_get_wal_records_info('$WAL_FROM', '$WAL_TO')
    GROUP BY 1, 2 ORDER BY sum(record_length) DESC LIMIT 20"
else
  echo "(pg_walinspect is not available: PostgreSQL 15 or later has it)"
fi
