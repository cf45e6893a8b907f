#!/usr/bin/env bash
# The soak's samples as one PNG of three stacked panels over the run's minutes: the service's RSS,
# the first-attempt p99 of each 10 s, and the queue table's size (left axis) with its dead tuples
# (right axis). A leak or a bloating table shows as a slope, a stall as a single spike.
# Usage: bench/soak/plot.sh [soak.csv=target/soak/soak.csv] [png=soak.png beside the CSV]
# Needs gnuplot (Debian package gnuplot-nox); pngcairo when the build has it, the gd png terminal otherwise.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CSV=${1:-$ROOT/target/soak/soak.csv}
PNG=${2:-$(dirname "$CSV")/soak.png}
command -v gnuplot >/dev/null || { echo "missing tool: gnuplot (apt-get install gnuplot-nox)" >&2; exit 2; }
[ "$(wc -l < "$CSV")" -ge 2 ] || { echo "$CSV has no samples" >&2; exit 1; }
TERMINAL="png size 1000,900"
gnuplot -e 'set terminal' 2>/dev/null | grep -q pngcairo && TERMINAL="pngcairo size 1000,900 font 'sans,9'"

# Columns: elapsed_s,rss_mib,p99_ms,deliveries,queue_bytes,dead_tuples,error_lines,p50_ms,load1.
# Empty fields (a window without deliveries, a sample the database did not answer) are left out.
gnuplot <<EOF
set terminal $TERMINAL
set output '$PNG'
set datafile separator ','
set datafile missing ''
set grid
set key top left Left reverse
set xlabel 'minutes'
set multiplot layout 3,1 title 'soak: $(basename "$(dirname "$CSV")")/$(basename "$CSV")'
set ylabel 'RSS (MiB)'
set yrange [0:*]
plot '$CSV' skip 1 using (\$1/60):2 with lines lw 2 title 'service RSS'
# Logarithmic: the first seconds' compilations and a stall of seconds stay on the panel without
# flattening a creep of a few milliseconds.
set ylabel 'latency (ms, log)'
set logscale y
set yrange [*:*]
plot '$CSV' skip 1 using (\$1/60):3 with lines title 'first-attempt p99 per 10 s', \
     '' skip 1 using (\$1/60):8 with lines title 'p50'
unset logscale y
set yrange [0:*]
set ylabel 'queue table (MiB)'
set y2label 'dead tuples'
set y2range [0:*]
set ytics nomirror
set y2tics
plot '$CSV' skip 1 using (\$1/60):(\$5/1048576) with lines lw 2 title 'size with indexes', \
     '' skip 1 using (\$1/60):6 axes x1y2 with lines title 'dead tuples'
unset multiplot
EOF
