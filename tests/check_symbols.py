#!/usr/bin/env python3
"""Checks that the shared library exports exactly the functions that
include/sdq.h declares with SDQ_API: nothing internal leaks, nothing
documented is missing."""
import re
import subprocess
import sys


def declared(header):
    text = open(header, encoding="utf-8").read()
    # A declaration: SDQ_API <return type> <name>(
    return set(re.findall(r"SDQ_API\s+[^;(]*?\b(sdq_\w+)\s*\(", text))


def exported(library):
    out = subprocess.run(["nm", "-D", "--defined-only", library],
                         check=True, capture_output=True, text=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TtWDdBbRr":
            names.add(parts[2])
    return names


def main():
    header, library = sys.argv[1], sys.argv[2]
    want, have = declared(header), exported(library)
    ok = True
    for name in sorted(have - want):
        print(f"exported but not declared in sdq.h: {name}")
        ok = False
    for name in sorted(want - have):
        print(f"declared in sdq.h but not exported: {name}")
        ok = False
    print(f"{len(want)} declared, {len(have)} exported")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
