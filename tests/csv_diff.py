#!/usr/bin/env python3
"""Differential test of the CSV reader against Python's csv module.

usage: csv_diff.py CSV_DUMP [CASES]

Generates CASES (default 3000) small CSV files with tricky content — quoted
fields, doubled quotes, delimiters and line breaks inside quotes, CRLF, CR,
a BOM, ragged rows, stray quotes — with a fixed seed, reads each with the
library (tests/csv_dump.c) and with csv.reader(strict=True), and compares:
- a row Python reads with as many fields as the header must be read by sdq
  with the same values (an empty cell is an absent value for sdq);
- a row with another count of fields must be rejected by sdq;
- a file Python's strict reader refuses at some row must make sdq reject
  that row (Python stops there; the rows after it are not compared).
Prints "N passed, N failed".
"""
import csv
import io
import json
import os
import random
import subprocess
import sys
import tempfile

HEADER = ["shipment_id", "awb", "postal_item_id", "container_id",
          "seller_name", "seller_address", "seller_city", "seller_postcode"]
PIECES = ["a", "b c", "", " ", "x,y", 'say "hi"', "line\nbreak", "cr\rhere",
          "crlf\r\nin", "é", "深圳", '""', "'", ";", "\t", "a b", "123"]


def field(rng):
    v = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 3)))
    style = rng.random()
    if style < 0.45 or any(c in v for c in ',"\r\n'):
        if style < 0.9 or not any(c in v for c in ',"\r\n'):
            return '"' + v.replace('"', '""') + '"'
    if style > 0.97:
        return v + '"'  # a stray quote inside an unquoted field
    return v.replace('"', "").replace(",", "").replace("\r", "").replace("\n", "")


def make_case(rng):
    eol = rng.choice(["\n", "\r\n", "\r"])
    rows = [",".join(HEADER)]
    for _ in range(rng.randint(1, 4)):
        n = len(HEADER) if rng.random() < 0.85 else rng.randint(1, 10)
        rows.append(",".join(field(rng) for _ in range(n)))
    text = eol.join(rows) + (eol if rng.random() < 0.8 else "")
    if rng.random() < 0.1:
        text = "\ufeff" + text
    if rng.random() < 0.03:
        text = text.replace('"', "", 1)  # an unbalanced quote somewhere
    return text.encode("utf-8")


def python_rows(data):
    """(rows, failed): the data rows Python reads, and whether it stopped
    with an error."""
    text = data.decode("utf-8-sig")
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), strict=True):
            rows.append(row)
    except csv.Error:
        return rows[1:], True
    return rows[1:], False


def main():
    dump = sys.argv[1]
    cases = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
    rng = random.Random(20261128)
    tmp = tempfile.mkdtemp(prefix="sdq-csvdiff-")
    paths = []
    for i in range(cases):
        p = os.path.join(tmp, f"case{i:05d}.csv")
        with open(p, "wb") as f:
            f.write(make_case(rng))
        paths.append(p)
    out = subprocess.run([dump, *paths], capture_output=True, check=True).stdout
    got = {}
    current = None
    for line in out.decode("utf-8", errors="replace").split("\n"):
        if line.startswith("FILE "):
            current = line[5:]
            got[current] = []
        elif line:
            got[current].append(line)
    passed = failed = 0
    compared = ragged = strict = 0
    for p in paths:
        data = open(p, "rb").read()
        rows, stopped = python_rows(data)
        ours = [l for l in got[p] if l != "HEADER"]
        problems = []
        # Blank lines are rows of no field for Python and nothing for sdq.
        rows = [r for r in rows if r != []]
        for k, row in enumerate(rows):
            if k >= len(ours):
                problems.append(f"row {k + 1}: sdq has no record")
                break
            if len(row) != len(HEADER):
                ragged += 1
                if ours[k] != "REJECTED":
                    problems.append(f"row {k + 1}: {len(row)} fields, sdq {ours[k]}")
                continue
            if not ours[k].startswith("OK "):
                problems.append(f"row {k + 1}: Python reads {row}, sdq {ours[k]}")
                continue
            compared += 1
            values = json.loads(ours[k][3:])
            want = [v if v != "" else None for v in row]
            if values != want:
                problems.append(f"row {k + 1}: Python {want}, sdq {values}")
        if stopped:
            strict += 1
            k = len(rows)
            if k < len(ours) and ours[k] != "REJECTED":
                problems.append(f"row {k + 1}: Python's strict reader fails, sdq {ours[k]}")
        elif not problems and len(ours) != len(rows):
            problems.append(f"{len(rows)} rows for Python, {len(ours)} records for sdq")
        if problems:
            failed += 1
            if failed <= 10:
                print(f"FAIL {os.path.basename(p)}: {problems[0]}\n  {data!r}")
        else:
            passed += 1
    print(f"rows compared {compared}, ragged rows rejected {ragged}, "
          f"files refused by Python's strict reader {strict}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
