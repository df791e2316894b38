#!/usr/bin/env python3
"""Checks sdq against the defects planted in the bundled sample.

usage: sample_defects.py SDQ SOURCE_ROOT

examples/data/sample-defects.csv lists every defect planted in the sample
(shipment_id, item, field, rule). Every one must be found: a finding of
that rule on that field (and item) of that consignment; for a consistency
rule, which compares several fields, a finding of the rule on the
consignment, and every finding of the rule there is explained by it (one
planted date can put two dates out of order). No other warning or error
finding may appear: the rest of the sample is clean.
Runs on both forms of the sample (CSV with --group-items, and NDJSON).
"""
import collections
import csv
import json
import os
import subprocess
import sys
import tempfile


def findings(sdq, root, name, extra):
    out = os.path.join(tempfile.mkdtemp(prefix="sdq-defects-"), "out.jsonl")
    profile = os.path.join(root, "tests", "data", "profiles", "sample.json")
    watchlist = os.path.join(root, "examples", "data", "watchlist.csv")
    subprocess.run([sdq, "check", *extra, "--quiet", "--now", "2026-11-28",
                    "--profile", profile, "--watchlist", watchlist,
                    "--out", out, os.path.join(root, "examples", "data", name)],
                   check=True)
    found = collections.defaultdict(list)
    for line in open(out, encoding="utf-8"):
        rec = json.loads(line)
        assert rec["status"] == "assessed", rec
        for f in rec["findings"]:
            found[rec["id"]].append(f)
    return found


def main():
    sdq, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    planted = list(csv.DictReader(open(
        os.path.join(root, "examples", "data", "sample-defects.csv"),
        encoding="utf-8")))
    failures = 0
    for name, extra in (("sample.csv", ["--group-items"]), ("sample.ndjson", [])):
        found = findings(sdq, root, name, extra)
        matched = set()
        per_rule = collections.Counter()
        hit_rule = collections.Counter()
        for d in planted:
            per_rule[d["rule"]] += 1
            item = int(d["item"]) if d["item"] else None
            loose = d["rule"].startswith("consistency.")
            hits = [i for i, f in enumerate(found[d["shipment_id"]])
                    if f["rule"] == d["rule"] and (loose or (
                        f["field"] == d["field"] and f["item"] == item))]
            if hits:
                hit_rule[d["rule"]] += 1
                matched.update((d["shipment_id"], i) for i in hits)
            else:
                failures += 1
                print(f"FAIL {name}: not found: {d}")
        for sid, fs in found.items():
            for i, f in enumerate(fs):
                if (sid, i) not in matched and f["severity"] != "info":
                    failures += 1
                    print(f"FAIL {name}: unexpected finding on {sid}: "
                          f"{f['rule']} {f['field']}: {f['message']}")
        print(f"{name}: {sum(hit_rule.values())} of {len(planted)} planted "
              f"defects found, in {len(per_rule)} rules")
    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
