#!/usr/bin/env python3
"""End-to-end tests of the sdq command and the embedding example.

usage: e2e.py SDQ MINIMAL SOURCE_ROOT [--update]

Compares `sdq check` on the bundled sample with the reviewed golden files in
tests/golden/, checks that the CSV and NDJSON forms of the sample give the
same per-record results, and checks exit statuses and messages. --update
rewrites the golden files; review the diff before committing it.
"""
import json
import os
import subprocess
import sys
import tempfile

failures = []
passes = 0


def check(name, ok, detail=""):
    global passes
    if ok:
        passes += 1
    else:
        failures.append(f"{name}: {detail}")
        print(f"FAIL {name}: {detail}")


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def main():
    sdq, minimal, root = (os.path.abspath(a) for a in sys.argv[1:4])
    update = "--update" in sys.argv[4:]
    data = os.path.join(root, "examples", "data")
    golden = os.path.join(root, "tests", "golden")
    tmp = tempfile.mkdtemp(prefix="sdq-e2e-")
    os.chdir(data)  # file names in outputs are then short and stable

    # 1. The sample, against reviewed golden files.
    outputs = {}
    for name, extra in (("sample.csv", ["--group-items"]), ("sample.ndjson", [])):
        out = os.path.join(tmp, name + ".out.jsonl")
        rep = os.path.join(tmp, name + ".report.json")
        p = run([sdq, "check", *extra, "--now", "2026-11-28",
                 "--watchlist", "watchlist.csv", "--out", out, "--report", rep,
                 name])
        check(f"{name} exit status", p.returncode == 0, p.stderr)
        for produced, suffix in ((out, ".out.jsonl"), (rep, ".report.json"),):
            text = open(produced, encoding="utf-8").read()
            gold = os.path.join(golden, name + suffix)
            if update:
                os.makedirs(golden, exist_ok=True)
                open(gold, "w", encoding="utf-8").write(text)
            want = open(gold, encoding="utf-8").read()
            check(f"{name}{suffix} matches golden", text == want,
                  f"differs from {gold}; run e2e.py with --update and review")
        summary = open(os.path.join(golden, name + ".summary.txt"),
                       encoding="utf-8").read() if not update else None
        if update:
            open(os.path.join(golden, name + ".summary.txt"), "w",
                 encoding="utf-8").write(p.stdout)
        else:
            check(f"{name} summary matches golden", p.stdout == summary,
                  "summary differs")
        lines = [json.loads(l) for l in open(out, encoding="utf-8")]
        report = json.load(open(rep, encoding="utf-8"))
        outputs[name] = lines
        rc = report["records"]
        check(f"{name} read = assessed + rejected",
              rc["read"] == rc["assessed"] + rc["rejected"] == len(lines),
              f"{rc} vs {len(lines)} lines")
        check(f"{name} records numbered 1..n",
              [l["record"] for l in lines] == list(range(1, len(lines) + 1)))

    # 2. CSV and NDJSON forms give identical per-record results.
    def comparable(line):
        return {k: v for k, v in line.items() if k not in ("file", "line")}
    a = [comparable(l) for l in outputs["sample.csv"]]
    b = [comparable(l) for l in outputs["sample.ndjson"]]
    check("csv and ndjson give the same record count", len(a) == len(b),
          f"{len(a)} vs {len(b)}")
    diff = [i + 1 for i, (x, y) in enumerate(zip(a, b)) if x != y]
    check("csv and ndjson give identical results", not diff,
          f"records differ: {diff[:10]}")

    # 3. Reading from standard input gives the same results as the file.
    with open("sample.ndjson", "rb") as f:
        p = subprocess.run([sdq, "check", "--format", "ndjson", "--quiet",
                            "--now", "2026-11-28", "--watchlist",
                            "watchlist.csv", "--out", "-", "-"], stdin=f,
                           capture_output=True)
    lines = [comparable(json.loads(l)) for l in p.stdout.decode().splitlines()]
    check("stdin gives the same results", lines == b)

    # 4. Malformed input: each bad record rejected with its position, the
    # records after it assessed.
    bad = os.path.join(tmp, "bad.csv")
    with open(bad, "wb") as f:
        f.write(b"shipment_id,seller_name,buyer_country\n"
                b"S1,Acme,DE\n"
                b"S2,too,many,fields\n"
                b"S3,\"bad\"x,FR\n"
                b"S4,\xc3\x28,IT\n"
                b"S5,Fine Ltd,ES\n"
                b"S6,\"open quote,PL\n")
    p = run([sdq, "check", "--quiet", "--out", "-", bad])
    got = [json.loads(l) for l in p.stdout.splitlines()]
    want = [("S1", "assessed", 2, None), (None, "rejected", 3, 1),
            (None, "rejected", 4, 9), (None, "rejected", 5, 4),
            ("S5", "assessed", 6, None), (None, "rejected", 7, 4)]
    check("malformed CSV outcomes",
          [(l["id"], l["status"], l["line"], l.get("column")) for l in got] == want,
          str([(l["id"], l["status"], l["line"], l.get("column")) for l in got]))
    check("malformed CSV messages",
          [l.get("error") for l in got if l["status"] == "rejected"] ==
          ["row has 4 fields; the header has 3",
           "unexpected character after a closing quote", "invalid UTF-8",
           "quoted field is not terminated"],
          str([l.get("error") for l in got]))

    # 5. Mapping and constants from the command line.
    mapped = os.path.join(tmp, "mapped.csv")
    with open(mapped, "w") as f:
        f.write("Ref,Versender,Empfaenger,Land\nA1,Acme,Bob,DE\n")
    p = run([sdq, "check", "--quiet", "--out", "-", "--map", "Ref=shipment_id",
             "--map", "Versender=seller_name", "--map", "Empfaenger=buyer_name",
             "--map", "Land=buyer_country", "--set", "currency=EUR", mapped])
    rec = json.loads(p.stdout.splitlines()[0])
    missing = sorted(f["field"] for f in rec["findings"])
    check("--map and --set", rec["id"] == "A1" and missing == sorted(
        ["seller_country", "buyer_address", "gross_weight", "total_value",
         "description"]), str(missing))

    # 6. --threads: the same results, report and metrics as one thread, on a
    # larger input (the sample 20 times, so that blocks and threads matter).
    big = os.path.join(tmp, "big.ndjson")
    with open(big, "w", encoding="utf-8") as f:
        for _ in range(20):
            f.write(open("sample.ndjson", encoding="utf-8").read())
    outs = {}
    for n in ("1", "2", "3"):
        o, rp = os.path.join(tmp, f"t{n}.jsonl"), os.path.join(tmp, f"t{n}.json")
        p = run([sdq, "check", "--threads", n, "--now", "2026-11-28", "--quiet",
                 "--out", o, "--report", rp, big])
        check(f"--threads {n} exit status", p.returncode == 0, p.stderr)
        outs[n] = (open(o, encoding="utf-8").read(), open(rp, encoding="utf-8").read())
    check("--threads 2 gives the same --out as --threads 1", outs["2"][0] == outs["1"][0])
    check("--threads 2 gives the same --report as --threads 1", outs["2"][1] == outs["1"][1])
    check("--threads 3 gives the same --out as --threads 1", outs["3"][0] == outs["1"][0])
    check("--threads: every record", len(outs["1"][0].splitlines()) == 20 * 300)

    # With workers the input is cut into parts of about 128 KB, each read by
    # its own reader: the results, report, messages and exit status must be
    # those of one thread for every kind of input the readers handle (the
    # reader test files, their rows repeated so that they span several
    # parts), for grouped CSV, and for a grouped consignment longer than
    # the 4 MB a part may grow to (the reading thread then reads on).
    readers = os.path.join(root, "tests", "data", "readers")
    cases = []
    for name in sorted(os.listdir(readers)):
        raw = open(os.path.join(readers, name), "rb").read()
        if name.endswith(".csv"):
            cut = max(raw.find(b"\n"), raw.find(b"\r"))
            head, body = (raw[:cut + 1], raw[cut + 1:]) if cut >= 0 else (raw, b"")
            data = head + body * 400
        else:
            data = raw * 400
        path = os.path.join(tmp, "parts-" + name)
        open(path, "wb").write(data)
        cases.append((name, path, ["--group-items"] if ".group." in name else []))
    sample_csv = open("sample.csv", "rb").read()
    head, body = sample_csv.split(b"\n", 1)
    big_csv = os.path.join(tmp, "big.csv")
    open(big_csv, "wb").write(head + b"\n" + body * 12)
    cases.append(("sample.csv x 12, grouped", big_csv, ["--group-items"]))
    rows = body.split(b"\n")
    one = rows[0].split(b",", 1)[1]
    long_group = os.path.join(tmp, "long-group.csv")
    with open(long_group, "wb") as f:
        f.write(head + b"\n" + body * 2)
        f.write(b"".join(b"LONG-1," + one + b"\n" for _ in range(24000)))
        f.write(body * 2)
    check("the long consignment is over 4 MB",
          os.path.getsize(long_group) > 6 * 1024 * 1024)
    cases.append(("a grouped consignment over 4 MB", long_group, ["--group-items"]))
    for name, path, extra in cases:
        got = {}
        for n in ("1", "2"):
            o, rp = os.path.join(tmp, f"p{n}.jsonl"), os.path.join(tmp, f"p{n}.json")
            p = run([sdq, "check", "--threads", n, "--now", "2026-11-28",
                     "--quiet", *extra, "--out", o, "--report", rp, path])
            got[n] = (p.returncode, p.stderr, open(o, "rb").read(),
                      open(rp, "rb").read())
        check(f"--threads 2 on {name}: as one thread", got["2"] == got["1"],
              f"exit {got['1'][0]}/{got['2'][0]}, stderr {got['1'][1]!r} / "
              f"{got['2'][1]!r}")
        # A regular file is mapped (on one thread 4 MB at a time, with
        # threads whole, its parts cut where they lie); standard input is
        # copied in: the same, but for the input's name.
        fmt = "ndjson" if ".ndjson" in path else "csv"
        for n in ("1", "2"):
            o, rp = os.path.join(tmp, "pin.jsonl"), os.path.join(tmp, "pin.json")
            with open(path, "rb") as f:
                p = run([sdq, "check", "--threads", n, "--now", "2026-11-28",
                         "--quiet", "--format", fmt, *extra, "--out", o,
                         "--report", rp, "-"], stdin=f)
            named = tuple(x.replace(path, "-") if isinstance(x, str)
                          else x.replace(path.encode(), b"-")
                          if isinstance(x, bytes) else x for x in got[n])
            check(f"--threads {n} on {name} from standard input: as mapped",
                  (p.returncode, p.stderr, open(o, "rb").read(),
                   open(rp, "rb").read()) == named,
                  f"exit {p.returncode}/{named[0]}, stderr {p.stderr!r} / "
                  f"{named[1]!r}")

    # 7. --fail-on: exit 1 when a consignment reaches the level.
    p = run([sdq, "check", "--quiet", "--fail-on", "medium", "sample.ndjson"])
    check("--fail-on medium exits 1 on the sample", p.returncode == 1, p.stderr)
    clean = os.path.join(tmp, "clean.csv")
    with open(clean, "w") as f:
        f.write("shipment_id,seller_name,seller_country,buyer_name,buyer_address,"
                "buyer_country,gross_weight,total_value,currency,description\n"
                "S1,Acme GmbH,DE,Jan Jansen,Dorpsstraat 1,NL,1.2,20.00,EUR,"
                "Cotton T-shirts\n")
    p = run([sdq, "check", "--quiet", "--fail-on", "medium", clean])
    check("--fail-on medium exits 0 on a clean record", p.returncode == 0,
          p.stderr)

    # 8. Exit statuses and messages.
    cases = [
        ([], 2, "no command"),
        (["frobnicate"], 2, "unknown command"),
        (["check", "--format", "xml", "x.csv"], 2, "unknown format"),
        (["check", "--profile", "nope", "sample.csv"], 2, "unknown profile"),
        (["check", "--map", "nofield"], 2, "--map takes COLUMN=FIELD"),
        (["check", "--map", "A=not_a_field", "sample.csv"], 2, "unknown field"),
        (["check", "--set", "bogus=1", "sample.csv"], 2, "unknown field"),
        (["check", "--out"], 2, "--out needs a value"),
        (["check", "--bogus"], 2, "unknown option"),
        (["check", "--threads", "0", "x.csv"], 2, "--threads takes"),
        (["check", "--fail-on", "low", "x.csv"], 2, "--fail-on takes"),
        (["check", "--top", "-1", "x.csv"], 2, "--top takes"),
        (["check", "--watchlist", "does-not-exist.csv", "x.csv"], 3,
         "cannot read watch-list"),
        (["check", "data.xml"], 2, "cannot tell the format"),
        (["check", "does-not-exist.csv"], 3, "cannot open"),
        (["check", "--mapping", "does-not-exist.json", "sample.csv"], 3,
         "cannot read mapping"),
    ]
    for args, status, text in cases:
        p = run([sdq, *args])
        check(f"sdq {' '.join(args)} exits {status}",
              p.returncode == status and text in p.stderr,
              f"status {p.returncode}, stderr {p.stderr[:200]!r}")
    p = run([sdq, "--version"])
    check("--version", p.returncode == 0 and p.stdout.startswith("sdq "), p.stdout)
    p = run([sdq, "--help"])
    check("--help", p.returncode == 0 and "--group-items" in p.stdout)
    p = run([sdq, "fields"])
    check("fields lists aliases", p.returncode == 0 and
          any(l.split()[0] == "seller_name" and "consignor" in l
              for l in p.stdout.splitlines() if l.strip()), p.stdout[:300])

    # 9. The embedding example.
    p = run([minimal])
    want = ("quality 89.5, risk 27.8 (medium)\n"
            "error   completeness.placeholder   buyer_name \"N/A\" is a "
            "placeholder, not a value (the field is required)\n"
            "error   completeness.missing       required field buyer_address "
            "is missing\n")
    check("examples/minimal output", p.returncode == 0 and p.stdout == want,
          repr(p.stdout))

    print(f"{passes} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
