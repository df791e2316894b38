#!/usr/bin/env bash
# Builds sdq on a fresh Debian 12 machine (installing what is missing) and
# runs `sdq check` on the bundled sample of consignments.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
packages="meson ninja-build gcc pkgconf"
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

[ -d build ] || meson setup build -Dtests=disabled >/dev/null
meson compile -C build >/dev/null
echo "\$ sdq check --group-items --watchlist examples/data/watchlist.csv examples/data/sample.csv"
build/examples/sdq check --group-items --watchlist examples/data/watchlist.csv \
  examples/data/sample.csv
