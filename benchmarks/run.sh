#!/usr/bin/env bash
# Measures sdq's throughput at scale, in one run, on this machine:
#   - the ceiling: reading the file and finding its line breaks with memchr;
#   - CSV and NDJSON reading alone (the reader, no checks);
#   - `sdq check` end to end with the core and ics2 profiles, on one thread
#     and on every core.
# Prints consignments/s, MB/s, the ratio to the ceiling and peak RSS.
#
# usage: benchmarks/run.sh [RECORDS] [DIR] [RUNS]
#   RECORDS  consignments to generate (default 2,000,000: about 1 GB of CSV)
#   DIR      where the generated files are kept and reused (default
#            /tmp/sdq-bench)
#   RUNS     runs of each measurement (default 3), of which the median time
#            and the largest RSS are shown: on a shared machine one run can
#            be far off
# Needs: meson, ninja, a C compiler, GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
records=${1:-2000000}
dir=${2:-/tmp/sdq-bench}
runs=${3:-3}
mkdir -p "$dir"
. benchmarks/setup.sh

csv=$dir/gen-$records.csv
ndjson=$dir/gen-$records.ndjson
[ -s "$csv" ] || "$sdq" gen --records "$records" --seed 1 --out "$csv"
[ -s "$ndjson" ] || "$sdq" gen --records "$records" --seed 1 --format ndjson --out "$ndjson"
cores=$(nproc)

# Runs a command under GNU time; prints "seconds peak_kb" and the command's
# own output line.
# The median of `runs` values (one per line).
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# "TIME seconds peak_kb" of the command: the median time and the largest
# peak RSS of `runs` runs.
measure() {
  local i out times="" kb=0
  for ((i = 0; i < runs; i++)); do
    out=$(/usr/bin/time -f "TIME %e %M" "$@" 2>&1 >/dev/null | grep '^TIME' || true)
    read -r _ s k <<<"$out"
    times+="$s"$'\n'
    ((k > kb)) && kb=$k
  done
  echo "TIME $(printf '%s' "$times" | median) $kb"
}

row() { # name seconds bytes peak_kb ceiling_mbs
  awk -v name="$1" -v s="$2" -v bytes="$3" -v kb="$4" -v ceil="$5" \
      -v n="$records" 'BEGIN {
    mbs = bytes / 1e6 / s;
    printf "| %-28s | %10.0f | %8.1f | %6.3f | %7.1f |\n", name, n / s, mbs,
           (ceil > 0 ? mbs / ceil : 1), kb / 1024 }'
}

csv_bytes=$(stat -c %s "$csv")
ndjson_bytes=$(stat -c %s "$ndjson")
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "input: $records consignments; CSV $csv_bytes bytes, NDJSON $ndjson_bytes bytes"
echo "each figure: the median of $runs runs"
echo

# Warm the page cache so that every run reads from memory.
cat "$csv" "$ndjson" >/dev/null

# The scanners time themselves (GNU time has 10 ms steps): "... seconds S".
# The median of the seconds the benchmark program prints last.
own_seconds() {
  local i
  for ((i = 0; i < runs; i++)); do "$@" | awk '{ print $NF }'; done | median
}
scan_csv=$(own_seconds "$build/benchmarks/bench_scan" "$csv")
scan_nd=$(own_seconds "$build/benchmarks/bench_scan" "$ndjson")
ceil_csv=$(awk -v b="$csv_bytes" -v s="$scan_csv" 'BEGIN { print b / 1e6 / s }')
ceil_nd=$(awk -v b="$ndjson_bytes" -v s="$scan_nd" 'BEGIN { print b / 1e6 / s }')

echo "| run                          | records/s  |  MB/s    | × ceil | RSS MB  |"
echo "| ---------------------------- | ---------: | -------: | -----: | ------: |"
row "scan CSV (memchr, ceiling)" "$scan_csv" "$csv_bytes" 0 "$ceil_csv"
row "scan NDJSON (ceiling)" "$scan_nd" "$ndjson_bytes" 0 "$ceil_nd"
s=$(own_seconds "$build/benchmarks/bench_read" csv "$csv" --group-items)
row "read CSV" "$s" "$csv_bytes" 0 "$ceil_csv"
s=$(own_seconds "$build/benchmarks/bench_read" ndjson "$ndjson")
row "read NDJSON" "$s" "$ndjson_bytes" 0 "$ceil_nd"
for profile in core ics2; do
  for threads in 1 "$cores"; do
    read -r _ s kb <<<"$(measure "$sdq" check --quiet --group-items --now 2026-11-28 \
      --profile "$profile" --threads "$threads" "$csv")"
    row "check CSV $profile, $threads thread(s)" "$s" "$csv_bytes" "$kb" "$ceil_csv"
  done
done
for threads in 1 "$cores"; do
  read -r _ s kb <<<"$(measure "$sdq" check --quiet --now 2026-11-28 \
    --threads "$threads" "$ndjson")"
  row "check NDJSON core, $threads thr." "$s" "$ndjson_bytes" "$kb" "$ceil_nd"
done

# The same completeness checks in pandas, measured the same way, if pandas
# is there (Debian: python3-pandas).
if /usr/bin/python3 -c "import pandas" 2>/dev/null; then
  # Once: it takes about a minute, and is there for the order of magnitude.
  read -r _ s kb <<<"$(runs=1; measure /usr/bin/python3 benchmarks/pandas_core.py "$csv")"
  row "pandas, completeness only" "$s" "$csv_bytes" "$kb" "$ceil_csv"
else
  echo "(pandas not installed: apt-get install python3-pandas to compare)"
fi
