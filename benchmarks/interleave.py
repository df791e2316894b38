#!/usr/bin/env python3
"""Compares commands on a shared, noisy machine: runs them in turn, RUNS
rounds of one run each, so that a slow spell of the machine falls on all of
them alike, and prints for each the median and the least wall time and CPU
time (user + system, of the command and its threads).

usage: benchmarks/interleave.py RUNS LABEL=COMMAND [LABEL=COMMAND ...]

example (one thread against two, 300,000 consignments):
  f=/tmp/sdq-bench/gen-300000.csv
  a="build-bench/examples/sdq check --quiet --group-items --now 2026-11-28"
  benchmarks/interleave.py 8 "one=$a $f" "two=$a --threads 2 $f"

A command's output is discarded; one that fails (an exit status other than
0, or 1 for `sdq check --fail-on`) stops the comparison.
"""
import os
import shlex
import statistics
import subprocess
import sys
import time


def run_once(argv):
    start = time.monotonic()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.monotonic() - start
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) not in (0, 1):
        sys.exit(f"interleave: {shlex.join(argv)} failed ({status})")
    return wall, usage.ru_utime + usage.ru_stime


def main():
    if len(sys.argv) < 3 or not sys.argv[1].isdigit():
        sys.exit(next(line for line in __doc__.splitlines()
                      if line.startswith("usage:")))
    rounds = int(sys.argv[1])
    commands = []
    for arg in sys.argv[2:]:
        label, sep, command = arg.partition("=")
        if not sep or not command:
            sys.exit(f"interleave: expected LABEL=COMMAND, got {arg!r}")
        commands.append((label, shlex.split(command)))
    times = {label: [] for label, _ in commands}
    for _ in range(rounds):
        for label, argv in commands:
            times[label].append(run_once(argv))
    width = max(len(label) for label, _ in commands)
    for label, _ in commands:
        wall = [t[0] for t in times[label]]
        cpu = [t[1] for t in times[label]]
        print(f"{label:{width}}  wall median {statistics.median(wall):.3f} s"
              f" least {min(wall):.3f} s   cpu median "
              f"{statistics.median(cpu):.3f} s least {min(cpu):.3f} s")


if __name__ == "__main__":
    main()
