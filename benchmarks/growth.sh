#!/usr/bin/env bash
# Measures how sdq's cost grows with input size: `sdq check --group-items`
# with the core profile on one thread, on generated CSV inputs from 2,000
# consignments (1 MB) up to MAX consignments, each ten times the last.
# Prints a table of consignments, CSV size, seconds, consignments/s, MB/s
# and peak RSS, for docs/performance.md ("Growth with input size").
#
# usage: benchmarks/growth.sh [MAX] [DIR]
#   MAX  the largest input, in consignments (default 20,000,000: 10.3 GB;
#        generating it takes about a minute and needs 10.3 GB of disk)
#   DIR  where the generated files are kept and reused (default
#        /tmp/sdq-bench)
# Needs: meson, ninja, a C compiler, GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
max=${1:-20000000}
dir=${2:-/tmp/sdq-bench}
mkdir -p "$dir"
. benchmarks/setup.sh

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo
echo "| consignments | CSV MB | seconds | consignments/s | MB/s | peak RSS MB |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
n=2000
while [ "$n" -le "$max" ]; do
  csv=$dir/gen-$n.csv
  [ -s "$csv" ] || "$sdq" gen --records "$n" --seed 1 --out "$csv"
  bytes=$(stat -c %s "$csv")
  # Read from memory where it fits: warm the page cache first.
  cat "$csv" >/dev/null
  out=$(/usr/bin/time -f "TIME %e %M" "$sdq" check --quiet --group-items \
    --now 2026-11-28 --profile core "$csv" 2>&1 >/dev/null | grep '^TIME')
  read -r _ s kb <<<"$out"
  awk -v n="$n" -v b="$bytes" -v s="$s" -v kb="$kb" 'BEGIN {
    rate = s > 0 ? sprintf("%.0f", n / s) : "-";
    mbs = s > 0 ? sprintf("%.1f", b / 1e6 / s) : "-";
    printf "| %d | %.1f | %.2f | %s | %s | %.0f |\n", n, b / 1e6, s, rate,
           mbs, kb / 1024 }'
  n=$((n * 10))
done
