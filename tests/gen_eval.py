#!/usr/bin/python3
"""Evaluates `sdq gen` against `sdq check`.

Usage:
  gen_eval.py SDQ [--records N] [--seed S] [--profile NAME[,NAME...]]
              [--quick] [--keep DIR]

For each profile:
  1. clean data: `SDQ gen --records N --seed S` is checked with
     `SDQ check --group-items --now 2026-11-28 --profile NAME`; it must give
     no warning or error finding (any are listed with counts per rule and
     examples);
  2. defects: `SDQ gen --defect-rate 1 --manifest FILE` is checked; for each
     defect class (the rule that must catch it) the table gives the records
     injected, those detected (a finding of that rule on that record), the
     rate, and the other findings on the defective records. A class passes
     when its rule exists in `SDQ rules` and catches at least 95 % of its
     records. A completeness.missing defect in a field the profile does not
     require is not expected to be caught and is left out of the rate;
  3. both formats: the same data as CSV and as NDJSON must give the same
     per-record results (the --out lines without "file" and "line").

Prints markdown tables and ends with "N passed, N failed"; exits 0 only if
nothing failed. --quick: 2,000 records (default 20,000). Python 3 standard
library only.
"""

import argparse
import collections
import csv
import json
import os
import subprocess
import sys
import tempfile

NOW = "2026-11-28"
MIN_RATE = 95.0
EXAMPLES = 3


def run(cmd, what):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    if p.returncode != 0:
        sys.stderr.write("%s failed (exit %d): %s\n%s" % (
            what, p.returncode, " ".join(cmd), p.stderr))
        raise SystemExit(2)
    return p.stdout


def rules_of(sdq):
    out = run([sdq, "rules"], "sdq rules")
    return [line.split()[0] for line in out.splitlines() if line.strip()]


def required_fields(sdq, name, depth=0):
    """The fields a profile requires (one_of groups left out)."""
    if depth > 8:
        return set()
    doc = json.loads(run([sdq, "profiles", name], "sdq profiles " + name))
    req = set()
    if doc.get("extends"):
        req = required_fields(sdq, doc["extends"], depth + 1)
    if "required" in doc:
        req = set()
        for f in doc["required"]:
            if isinstance(f, str):
                req.add(f)
    for f in doc.get("also_required", []):
        if isinstance(f, str):
            req.add(f)
    return req


def supports_watchlist(sdq):
    """Whether both `sdq check` and `sdq gen` take --watchlist."""
    p = subprocess.run([sdq, "--help"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True)
    q = subprocess.run([sdq, "gen", "--help"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True)
    return "--watchlist" in p.stdout and "--watchlist" in q.stdout


def generate(sdq, tmp, tag, fmt, args, extra):
    path = os.path.join(tmp, "%s.%s" % (tag, fmt))
    cmd = [sdq, "gen", "--records", str(args.records), "--seed",
           str(args.seed), "--format", fmt, "--out", path] + extra
    run(cmd, "sdq gen")
    return path


def check(sdq, path, fmt, profile, tmp, tag, watchlist):
    out = os.path.join(tmp, "%s-%s-%s.out" % (tag, fmt, profile))
    cmd = [sdq, "check", "--format", fmt, "--profile", profile, "--now", NOW,
           "--quiet", "--out", out]
    if watchlist:
        cmd += ["--watchlist", watchlist]
    if fmt == "csv":
        cmd.append("--group-items")
    cmd.append(path)
    run(cmd, "sdq check")
    results = []
    with open(out, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                results.append(json.loads(line))
    return results


def comparable(result):
    r = dict(result)
    r.pop("file", None)
    r.pop("line", None)
    return json.dumps(r, sort_keys=True, ensure_ascii=False)


def compare_formats(a, b):
    """Differences between CSV and NDJSON results: (count, examples)."""
    diffs = []
    if len(a) != len(b):
        diffs.append("CSV gave %d records, NDJSON %d" % (len(a), len(b)))
    for x, y in zip(a, b):
        cx, cy = comparable(x), comparable(y)
        if cx != cy:
            diffs.append("record %s: CSV %s / NDJSON %s" % (
                x.get("record"), cx[:300], cy[:300]))
    return diffs


def bad_findings(results):
    """Warning and error findings: {rule: [(record, field, item, value, message)]}."""
    by_rule = collections.defaultdict(list)
    for r in results:
        for f in r.get("findings", []):
            if f.get("severity") in ("warning", "error"):
                by_rule[f["rule"]].append((r.get("record"), f.get("field"),
                                           f.get("item"), f.get("value"),
                                           f.get("message")))
    return by_rule


def read_manifest(path):
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            rows.append(row)
    return rows


def md_cell(s):
    return str(s).replace("|", "\\|").replace("\n", " ")


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.failures = []

    def add(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            self.failures.append(what)


def evaluate_profile(sdq, args, tmp, profile, rules, files, tally):
    print("\n## Profile `%s`\n" % profile)
    required = required_fields(sdq, profile)
    rule_set = set(rules)

    # 1. clean data
    wl = files["watchlist"]
    clean = {fmt: check(sdq, files["clean"][fmt], fmt, profile, tmp, "clean", wl)
             for fmt in ("csv", "ndjson")}
    n = len(clean["csv"])
    rejected = sum(1 for r in clean["csv"] if r.get("status") != "assessed")
    bad = bad_findings(clean["csv"])
    total_bad = sum(len(v) for v in bad.values())
    records_bad = len({e[0] for v in bad.values() for e in v})
    print("### Clean data: %d records, %d warning/error findings on %d "
          "records, %d not assessed\n" % (n, total_bad, records_bad, rejected))
    if bad:
        print("| rule | findings | examples (record, field, item, value, message) |")
        print("| --- | ---: | --- |")
        for rule, v in sorted(bad.items(), key=lambda kv: -len(kv[1])):
            ex = "; ".join(md_cell(e) for e in v[:EXAMPLES])
            print("| `%s` | %d | %s |" % (rule, len(v), ex))
        print()
    tally.add(total_bad == 0 and rejected == 0 and n == args.records,
              "%s: clean data has findings" % profile)

    diffs = compare_formats(clean["csv"], clean["ndjson"])
    print("CSV and NDJSON, clean: %s" % (
        "identical per-record results" if not diffs
        else "%d differences, e.g. %s" % (len(diffs), md_cell(diffs[0]))))
    tally.add(not diffs, "%s: clean CSV and NDJSON differ" % profile)

    # 2. defects
    manifest = read_manifest(files["manifest"])
    defect = {fmt: check(sdq, files["defects"][fmt], fmt, profile, tmp,
                         "defects", wl)
              for fmt in ("csv", "ndjson")}
    diffs = compare_formats(defect["csv"], defect["ndjson"])
    print("CSV and NDJSON, defects: %s\n" % (
        "identical per-record results" if not diffs
        else "%d differences, e.g. %s" % (len(diffs), md_cell(diffs[0]))))
    tally.add(not diffs, "%s: defect CSV and NDJSON differ" % profile)

    by_record = {r.get("record"): r for r in defect["csv"]}
    found = collections.defaultdict(list)
    for row in manifest:
        found[row["rule"]].append(row)
    classes = collections.OrderedDict()
    for rule in rules + sorted(found):  # catalogue order, then the rest
        if rule in found and rule not in classes:
            classes[rule] = found[rule]
    print("### Defects: %d defective records of %d\n" % (len(manifest),
                                                         len(defect["csv"])))
    print("| class (rule) | rule exists | injected | expected | detected | "
          "rate % | other warning/error findings on these records | result |")
    print("| --- | --- | ---: | ---: | ---: | ---: | --- | --- |")
    misses = {}
    for rule, rows in classes.items():
        exists = rule in rule_set
        expected = detected = 0
        others = collections.Counter()
        missed = []
        for row in rows:
            rec = by_record.get(int(row["record"]))
            findings = rec.get("findings", []) if rec else []
            applicable = not (rule == "completeness.missing" and
                              row["field"] not in required)
            hit = any(f["rule"] == rule for f in findings)
            for f in findings:
                if f["rule"] != rule and f.get("severity") in ("warning", "error"):
                    others[f["rule"]] += 1
            if applicable:
                expected += 1
                detected += hit
                if not hit:
                    missed.append(row)
        rate = 100.0 * detected / expected if expected else 100.0
        if not exists:
            result = "skipped (no such rule)"
        else:
            ok = rate >= MIN_RATE
            result = "pass" if ok else "FAIL"
            tally.add(ok, "%s: %s detected in %.1f %%" % (profile, rule, rate))
        other = ", ".join("%s %d" % (k, v) for k, v in others.most_common(4))
        print("| `%s` | %s | %d | %d | %d | %.1f | %s | %s |" % (
            rule, "yes" if exists else "no", len(rows), expected, detected,
            rate, other or "none", result))
        if missed:
            misses[rule] = missed
    if misses:
        print("\nMissed defects (first %d per class):\n" % EXAMPLES)
        for rule, rows in misses.items():
            for row in rows[:EXAMPLES]:
                rec = by_record.get(int(row["record"])) or {}
                got = [(f["rule"], f.get("value")) for f in rec.get("findings", [])]
                print("- `%s` record %s (%s, item %s, field %s): findings %s" % (
                    rule, row["record"], row["shipment_id"], row["item"] or "-",
                    row["field"], md_cell(got) if got else "none"))
    missing_classes = [r for r in rules if r not in classes and
                       r != "validity.container" and
                       not (r == "risk.watchlist" and not wl)]
    if missing_classes:
        print("\nRules without a defect class in this run: %s" %
              ", ".join("`%s`" % r for r in missing_classes))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sdq", help="the sdq program")
    ap.add_argument("--records", type=int, default=None,
                    help="consignments per run (default 20000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--profile", default="core",
                    help="profile(s), comma-separated (default core)")
    ap.add_argument("--quick", action="store_true", help="2,000 records")
    ap.add_argument("--keep", metavar="DIR",
                    help="write the generated files and results here")
    args = ap.parse_args(argv)
    if args.records is None:
        args.records = 2000 if args.quick else 20000
    sdq = os.path.abspath(args.sdq) if os.path.sep in args.sdq else args.sdq

    rules = rules_of(sdq)
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="sdq-gen-eval-") as scratch:
        tmp = args.keep or scratch
        os.makedirs(tmp, exist_ok=True)
        print("# sdq gen evaluation: %d records, seed %d\n" % (args.records,
                                                            args.seed))
        files = {"clean": {}, "defects": {}, "watchlist": None}
        manifest = os.path.join(tmp, "manifest.csv")
        common = []
        if supports_watchlist(sdq):
            files["watchlist"] = os.path.join(tmp, "watchlist.csv")
            common = ["--watchlist", files["watchlist"]]
        else:
            print("(no --watchlist in this sdq: risk.watchlist not tested)\n")
        for fmt in ("csv", "ndjson"):
            files["clean"][fmt] = generate(sdq, tmp, "clean", fmt, args, common)
            extra = common + ["--defect-rate", "1"]
            if fmt == "csv":
                extra += ["--manifest", manifest]
            files["defects"][fmt] = generate(sdq, tmp, "defects", fmt, args, extra)
        files["manifest"] = manifest
        for profile in [p for p in args.profile.split(",") if p]:
            evaluate_profile(sdq, args, tmp, profile, rules, files, tally)
    if tally.failures:
        print("\nFailed:")
        for f in tally.failures:
            print("- " + f)
    print("\n%d passed, %d failed" % (tally.passed, tally.failed))
    return 0 if tally.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
