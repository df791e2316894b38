# Shared by the benchmark scripts (sourced from the repository root):
# makes sure GNU time is there, builds sdq as a release build in
# build-bench, and sets $build and $sdq.
if [ ! -x /usr/bin/time ]; then
  sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get install -y -qq time >/dev/null
fi
build=build-bench
[ -d "$build" ] || meson setup "$build" --buildtype=release -Dtests=disabled >/dev/null
meson compile -C "$build" >/dev/null
sdq=$build/examples/sdq
