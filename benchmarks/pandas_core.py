#!/usr/bin/env python3
"""The core profile's completeness checks written with pandas, for
comparison with `sdq check --profile core` on the same file.

usage: /usr/bin/python3 benchmarks/pandas_core.py FILE.csv

Reads the generated CSV (one row per item), groups rows into consignments
by shipment_id as `sdq check --group-items` does, and counts per
consignment the required fields that are missing or placeholders — the
completeness part of what sdq does, and nothing of its validity,
consistency, uniqueness or risk rules. Prints rows, consignments, seconds,
records/s and MB/s.
"""
import os
import sys
import time

import pandas as pd

REQUIRED = ["shipment_id", "seller_name", "seller_country", "buyer_name",
            "buyer_address", "buyer_country", "gross_weight", "total_value",
            "currency"]
PLACEHOLDERS = {"n/a", "n.a.", "n.a", "na", "n/d", "none", "null", "nil",
                "unknown", "unk", "tba", "tbc", "tbd", "-", "--", "---", "?",
                "??", "???", "xxx", "xx", "x", "test", "not available",
                "not applicable", "no name", "0"}


def main():
    path = sys.argv[1]
    start = time.perf_counter()
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    folded = {c: df[c].str.strip().str.lower() for c in REQUIRED + ["description"]}
    bad = pd.Series(0, index=df.index)
    for c in REQUIRED:
        v = folded[c]
        bad += (v == "") | v.isin(PLACEHOLDERS)
    desc = folded["description"]
    item_bad = (desc == "") | desc.isin(PLACEHOLDERS)
    per = pd.DataFrame({"id": df["shipment_id"], "bad": bad, "item": item_bad})
    groups = per.groupby("id", sort=False).agg(bad=("bad", "first"),
                                               items=("item", "sum"))
    findings = int(groups["bad"].sum() + groups["items"].sum())
    seconds = time.perf_counter() - start
    size = os.path.getsize(path)
    print(f"rows {len(df)} consignments {len(groups)} findings {findings} "
          f"seconds {seconds:.3f} records/s {len(groups) / seconds:.0f} "
          f"MB/s {size / 1e6 / seconds:.1f}")


if __name__ == "__main__":
    main()
