#!/usr/bin/env bash
# Builds sdq and runs every test, on a fresh Debian 12 machine or an
# existing one: installs what is missing, then
#   1. a gcc build with -Werror and its test suite,
#   2. a clang build with -Werror and its test suite,
#   3. an address+undefined sanitizer build and its test suite,
#   4. a thread sanitizer build and the tests that use threads,
#   5. the unit tests under valgrind memcheck,
#   6. cppcheck, clang-tidy and gcc -fanalyzer over the library, and the
#      generated reference tables checked against their sources, and
#      clang-format over every hand-written C file,
#   6b. each libFuzzer target for 30 seconds on its corpus,
#   7. an install, and a program built with pkg-config against it.
# Ends with a line "tests: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
packages="meson ninja-build gcc clang clang-format clang-tidy cppcheck valgrind pkgconf libcmocka-dev libjansson-dev libclang-rt-14-dev python3 binutils iso-codes"
missing=
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
    missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "installing:$missing"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi

passed=0
failed=0
# Runs one build's suite and adds its counts to the totals.
run_suite() {
  local dir=$1
  shift
  local log
  log=$(mktemp)
  set +e
  meson test -C "$dir" --print-errorlogs "$@" 2>&1 | tee "$log"
  set -e
  local ok fail
  ok=$(awk '/^Ok:/ {print $2}' "$log" | tail -n 1)
  fail=$(awk '/^(Fail|Unexpected Pass|Timeout):/ {s += $2} END {print s + 0}' "$log")
  rm -f "$log"
  passed=$((passed + ${ok:-0}))
  failed=$((failed + fail))
  if [ -z "$ok" ]; then failed=$((failed + 1)); fi
}

setup() {
  local dir=$1
  shift
  if [ -d "$dir" ]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@" >/dev/null
  fi
}

echo "== gcc, -Werror"
setup build-test -Dwerror=true -Dtests=enabled
meson compile -C build-test
run_suite build-test

echo "== clang, -Werror"
CC=clang setup build-clang -Dwerror=true -Dtests=enabled
meson compile -C build-clang
run_suite build-clang

echo "== address and undefined behaviour sanitizers"
setup build-asan -Db_sanitize=address,undefined -Db_lundef=false \
  --buildtype=debug -Dwerror=true -Dtests=enabled
meson compile -C build-asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 run_suite build-asan

echo "== thread sanitizer (the --threads tests)"
setup build-tsan -Db_sanitize=thread -Db_lundef=false --buildtype=debug \
  -Dtests=enabled
meson compile -C build-tsan
TSAN_OPTIONS=halt_on_error=1 run_suite build-tsan --suite e2e

echo "== valgrind memcheck (unit tests)"
run_suite build-test --setup valgrind --suite unit

echo "== static analysis"
check() { # name command...
  local name=$1
  shift
  if "$@"; then
    echo "$name: clean"
    passed=$((passed + 1))
  else
    echo "$name: FAILED"
    failed=$((failed + 1))
  fi
}
check cppcheck cppcheck --enable=warning,performance,portability --std=c11 \
  --inline-suppr --quiet --error-exitcode=1 -Iinclude -Ilib lib/
check clang-tidy sh -c 'clang-tidy --quiet -p build-test lib/*.c lib/check/*.c \
  lib/read/*.c lib/refdata/refdata.c >/tmp/sdq-clang-tidy.log 2>&1 ||
  { cat /tmp/sdq-clang-tidy.log; exit 1; }'
check "gcc -fanalyzer" sh -c 'for f in lib/*.c lib/check/*.c lib/read/*.c; do
  gcc -std=c11 -fanalyzer -Werror -O1 -Iinclude -Ilib -c "$f" -o /dev/null ||
    exit 1; done'
# Every hand-written C file follows .clang-format (the generated tables
# are left as their generator writes them).
check clang-format sh -c 'find include lib examples tests benchmarks \
  -name "*.[ch]" ! -path "lib/refdata/countries.c" \
  ! -path "lib/refdata/currencies.c" ! -path "lib/refdata/hs.c" \
  ! -path "tests/postcode_vectors.h" | xargs clang-format --dry-run --Werror'
# The generated reference tables match their sources (where the source
# data is at hand: ../shared/refdata beside the repository).
if [ -d ../shared/refdata ]; then
  check "refdata tables up to date" /usr/bin/python3 lib/refdata/generate.py --check
  check "postcode tables up to date" /usr/bin/python3 lib/refdata/gen_postcodes.py --check
fi

echo "== fuzzing, 30 seconds a target"
CC=clang setup build-fuzz -Dfuzzing=true -Dtests=enabled --buildtype=debugoptimized
meson compile -C build-fuzz
for t in csv ndjson profile mapping watchlist metrics pipeline; do
  work=$(mktemp -d)
  cp -r "tests/fuzz/corpus/$t/." "$work/"
  dict=
  [ -f "tests/fuzz/$t.dict" ] && dict="-dict=tests/fuzz/$t.dict"
  if "build-fuzz/tests/fuzz/fuzz_$t" -max_total_time=30 -timeout=20 \
      -max_len=8192 $dict "$work" >"$work.log" 2>&1; then
    echo "fuzz_$t: $(grep -o 'Done [0-9]* runs' "$work.log" | tail -n 1), no crash"
    passed=$((passed + 1))
  else
    tail -n 40 "$work.log"
    echo "fuzz_$t: FAILED"
    failed=$((failed + 1))
  fi
  rm -rf "$work" "$work.log"
done

echo "== install and link with pkg-config"
root=$(mktemp -d)
meson install -C build-test --destdir "$root" >/dev/null
prefix=$(meson introspect build-test --buildoptions |
  python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"][0])')
libdir=$(meson introspect build-test --buildoptions |
  python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="libdir"][0])')
export PKG_CONFIG_SYSROOT_DIR="$root"
export PKG_CONFIG_PATH="$root$prefix/$libdir/pkgconfig"
# shellcheck disable=SC2046
if cc -std=c11 -o "$root/minimal" examples/minimal.c $(pkg-config --cflags --libs sdq) &&
  LD_LIBRARY_PATH="$root$prefix/$libdir" "$root/minimal" | grep -q "completeness.missing"; then
  echo "pkg-config build of examples/minimal.c: ok"
  passed=$((passed + 1))
else
  echo "pkg-config build of examples/minimal.c: FAILED"
  failed=$((failed + 1))
fi
rm -rf "$root"

echo
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
