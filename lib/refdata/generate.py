#!/usr/bin/env python3
"""Generates the reference tables of lib/refdata/ from their sources.

Usage, from the repository root:

    /usr/bin/python3 lib/refdata/generate.py [--refdata ../shared/refdata]
        [--iso-codes /usr/share/iso-codes/json] [--iso-codes-version V]
        [--check]

Writes lib/refdata/countries.c, currencies.c, hs.c and NOTICE.part. The
output depends only on the source files (and the iso-codes version), never on
the time or the machine: a rerun gives the same bytes. With --check nothing is
written; the exit status is 1 if a committed file differs from what the
sources give.

Sources (see SOURCES.md in the --refdata directory):
  - ISO 3166-1: iso_3166-1.json of the iso-codes package (Debian: apt-get
    install iso-codes). Its version comes from --iso-codes-version, else from
    dpkg-query when the directory is the system one, else from the package's
    pkg-config file beside it.
  - ISO 4217: iso-4217-list-one.xml, the list one of current currency and
    funds codes with their minor units.
  - HS: hs2017.csv and hs2022.csv (columns section,hscode,description,parent,
    level). Rows with hscode 99, 9999, 999999 and TOTAL are UN Comtrade
    aggregates, not HS codes, and are skipped.

Python 3 standard library only.
"""

import argparse
import csv
import hashlib
import json
import os
import re
import subprocess
import textwrap
import sys
import unicodedata
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SYSTEM_ISO_CODES = "/usr/share/iso-codes/json"

# --------------------------------------------------------------------------
# ISO 3166-1 code elements that are not officially assigned.
#
# Source: the ISO 3166 Maintenance Agency's public description of reserved
# code elements (ISO 3166-1 clause on reserved code elements, and the ISO
# Online Browsing Platform, https://www.iso.org/obp/ui/, which lists each
# reserved alpha-2 code with its reservation type). Only codes whose status
# is well established are listed; a code missing here is simply unknown
# (COUNTRY_NONE), never wrongly accepted.
#
# Each entry: code -> (name of what it stands for, official code to use
# instead or None when there is no single one).

# Exceptionally reserved: at the request of a government or international
# organisation, for a particular use (UK by the United Kingdom; EA and IC by
# the WCO for areas outside the EU customs territory; EU and EZ for the
# European Union and the euro area; AC and TA by the UPU; CP and DG by the
# ITU; CQ for Sark at the request of the United Kingdom).
EXCEPTIONAL = {
    "AC": ("Ascension Island", "SH"),
    "CP": ("Clipperton Island", "FR"),
    "CQ": ("Island of Sark", "GG"),
    "DG": ("Diego Garcia", "IO"),
    "EA": ("Ceuta, Melilla", "ES"),
    "EU": ("European Union", None),
    "EZ": ("Eurozone", None),
    "FX": ("France, Metropolitan", "FR"),
    "IC": ("Canary Islands", "ES"),
    "SU": ("USSR", None),
    "TA": ("Tristan da Cunha", "SH"),
    "UK": ("United Kingdom", "GB"),
    "UN": ("United Nations", None),
}

# Transitionally reserved: deleted from ISO 3166-1 and kept from reuse for a
# period while the codes that replaced them come into use.
TRANSITIONAL = {
    "AN": ("Netherlands Antilles", None),  # split into BQ, CW, SX
    "BU": ("Burma", "MM"),
    "CS": ("Serbia and Montenegro", None),  # split into RS, ME
    "NT": ("Neutral Zone", None),  # divided between SA and IQ
    "TP": ("East Timor", "TL"),
    "YU": ("Yugoslavia", None),
    "ZR": ("Zaire", "CD"),
}

# Indeterminately reserved: distinguishing signs of vehicles in international
# traffic (1949 and 1968 UN road traffic conventions) that differ from the
# ISO 3166-1 codes. RB (Bolivia or Botswana) and RC (China, used for Taiwan)
# have no single replacement.
INDETERMINATE = {
    "DY": ("Benin", "BJ"),
    "EW": ("Estonia", "EE"),
    "FL": ("Liechtenstein", "LI"),
    "JA": ("Jamaica", "JM"),
    "LF": ("Libya Fezzan", "LY"),
    "PI": ("Philippines", "PH"),
    "RA": ("Argentina", "AR"),
    "RB": ("Bolivia or Botswana", None),
    "RC": ("China", None),
    "RH": ("Haiti", "HT"),
    "RI": ("Indonesia", "ID"),
    "RL": ("Lebanon", "LB"),
    "RM": ("Madagascar", "MG"),
    "RN": ("Niger", "NE"),
    "RP": ("Philippines", "PH"),
    "WG": ("Grenada", "GD"),
    "WL": ("Saint Lucia", "LC"),
    "WV": ("Saint Vincent", "VC"),
    "YV": ("Venezuela", "VE"),
}

# User-assigned: AA, QM to QZ, XA to XZ and ZZ are at the disposal of users;
# ISO will never assign them. XK is the one with a settled meaning in trade
# data (Kosovo, as used by the European Commission, the IMF and SWIFT); the
# validity rule decides whether to accept it.
USER_ASSIGNED = (["AA"] + ["Q" + chr(c) for c in range(ord("M"), ord("Z") + 1)]
                 + ["X" + chr(c) for c in range(ord("A"), ord("Z") + 1)]
                 + ["ZZ"])
USER_ASSIGNED_NAMES = {"XK": "Kosovo"}

# Names other than ISO's that are common in shipment data, for the name
# lookup only (suggesting a code when the one given is invalid). Each names
# exactly one officially assigned country.
NAME_ALIASES = {
    "AE": ["UAE"],
    "BN": ["Brunei"],
    "CD": ["DR Congo", "Democratic Republic of the Congo", "Congo-Kinshasa"],
    "CG": ["Republic of the Congo", "Congo-Brazzaville"],
    "CI": ["Ivory Coast"],
    "CV": ["Cape Verde"],
    "CZ": ["Czech Republic"],
    "FK": ["Falkland Islands"],
    "FM": ["Micronesia"],
    "GB": ["Great Britain", "UK", "England", "Scotland", "Wales",
           "Northern Ireland"],
    "MF": ["Saint Martin"],
    "MK": ["Macedonia"],
    "MM": ["Burma"],
    "MO": ["Macau"],
    "NL": ["Holland"],
    "PS": ["Palestine"],
    "RU": ["Russia"],
    "SH": ["Saint Helena"],
    "SX": ["Sint Maarten"],
    "SZ": ["Swaziland"],
    "TL": ["East Timor"],
    "TR": ["Turkey"],
    "US": ["USA", "United States of America"],
    "VA": ["Vatican", "Vatican City", "Holy See"],
    "VI": ["US Virgin Islands"],
}

# Longest name key refdata.c folds into its buffer (NAME_KEY_MAX there).
NAME_KEY_MAX = 64

ISO_CODES_LICENCE = "LGPL-2.1-or-later"
ISO_CODES_URL = "https://salsa.debian.org/iso-codes-team/iso-codes"

# The first day each HS edition is in force (WCO).
HS_EDITIONS = [("2017", "hs2017.csv", 20170101),
               ("2022", "hs2022.csv", 20220101)]
HS_AGGREGATES = {"99", "9999", "999999", "TOTAL"}


def fail(msg):
    sys.stderr.write("generate.py: %s\n" % msg)
    sys.exit(2)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def ascii_comment(s):
    """s for a C comment: accents dropped, ASCII only."""
    d = unicodedata.normalize("NFKD", s)
    return "".join(c for c in d if 0x20 <= ord(c) < 0x7F).replace("*/", "")


def c_string(s):
    """A C string literal for s (UTF-8), with non-ASCII bytes escaped."""
    out = []
    prev_hex = False
    for b in s.encode("utf-8"):
        ch = chr(b)
        if ch in '"\\':
            out.append("\\" + ch)
            prev_hex = False
        elif 0x20 <= b < 0x7F:
            if prev_hex and ch in "0123456789abcdefABCDEF":
                out.append('" "')  # end the hex escape
            out.append(ch)
            prev_hex = False
        else:
            out.append("\\x%02x" % b)
            prev_hex = True
    return '"' + "".join(out) + '"'


def wrap(items, indent="    ", width=80, sep=" "):
    """Lines of items joined by sep, each line at most width columns."""
    lines, line = [], ""
    for it in items:
        cand = it if not line else line + sep + it
        if line and len(indent) + len(cand) > width:
            lines.append(indent + line)
            line = it
        else:
            line = cand
    if line:
        lines.append(indent + line)
    return lines


def comment_block(lines):
    """A C block comment; each line too long for 80 columns is wrapped, its
    continuation indented by two spaces more than the line."""
    out = ["/*"]
    for ln in lines:
        if not ln:
            out.append(" *")
            continue
        lead = len(ln) - len(ln.lstrip(" "))
        out += [(" * " + w).rstrip() for w in textwrap.wrap(
            ln, width=77, initial_indent=" " * lead,
            subsequent_indent=" " * (lead + 2), break_long_words=False,
            break_on_hyphens=False)]
    out.append(" */")
    return out


def c_string_def(name, value):
    """const char name[] = "value"; split into literals of at most 80
    columns."""
    first = "const char %s[] =" % name
    one = '%s %s;' % (first, c_string(value))
    if len(one) <= 80:
        return [one]
    words = re.findall(r"\S+\s*", value)
    lines = wrap([c_string(w) for w in words], indent="    ", width=79)
    lines[-1] += ";"
    return [first] + lines


def entry_line(code, note):
    """An initializer line with a comment after it, or before it when the
    line would be longer than 80 columns."""
    line = "    %s /* %s */" % (code, note)
    if len(line) <= 80:
        return [line]
    return ["    /* %s */" % note, "    " + code]


def header(title, body):
    return comment_block(
        ["Generated by lib/refdata/generate.py \u2014 do not edit.", "",
         title, ""] + body)


# --------------------------------------------------------------------------
# SOURCES.md


def read_sources_md(refdata):
    path = os.path.join(refdata, "SOURCES.md")
    if not os.path.exists(path):
        fail("%s is missing" % path)
    rows = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("|"):
                continue
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 4:
                rows[cells[0]] = {"what": cells[1], "source": cells[2],
                                  "licence": cells[3]}
    return rows


def hs_provenance(rows, name):
    row = rows.get(name)
    if not row:
        fail("SOURCES.md has no row for %s" % name)
    m = re.search(r"(\S+) at ([0-9a-f]{7,40})\b", row["source"])
    if not m:
        fail("SOURCES.md: no 'path at commit' for %s" % name)
    repo = None
    for r in rows.values():
        mm = re.search(r"github\.com/[\w.-]+/[\w.-]+", r["source"])
        if mm and "harmonized-system" in mm.group(0):
            repo = mm.group(0)
    if not repo:
        fail("SOURCES.md: no harmonized-system repository")
    return {"repo": repo, "path": m.group(1), "commit": m.group(2),
            "licence": row["licence"]}


def currency_provenance(rows, name):
    row = rows.get(name)
    if not row:
        fail("SOURCES.md has no row for %s" % name)
    m = re.search(r"npm package (\S+) (\d+(?:\.\d+)+)", row["source"])
    if not m:
        fail("SOURCES.md: no npm package for %s" % name)
    lic = re.sub(r"\s*\(package\)", "", row["licence"])
    return {"package": m.group(1), "version": m.group(2), "licence": lic}


# --------------------------------------------------------------------------
# Country names: the comparison key, the same as name_key() in refdata.c.


def fold_table():
    """For U+00A0..U+017F: the ASCII letters (at most 2) a code point folds
    to, or "" when it is dropped (punctuation, symbols)."""
    manual = {"Æ": "ae", "æ": "ae", "Ð": "d", "ð": "d", "Ø": "o", "ø": "o",
              "Þ": "th", "þ": "th", "ß": "ss", "Đ": "d", "đ": "d",
              "Ħ": "h", "ħ": "h", "ı": "i", "ĸ": "k", "Ł": "l", "ł": "l",
              "Ŋ": "n", "ŋ": "n", "Œ": "oe", "œ": "oe", "Ŧ": "t", "ŧ": "t"}
    table = []
    for cp in range(0xA0, 0x180):
        ch = chr(cp)
        if ch in manual:
            table.append(manual[ch])
            continue
        if not unicodedata.category(ch).startswith("L"):
            table.append("")
            continue
        d = unicodedata.normalize("NFKD", ch)
        s = "".join(c.lower() for c in d if c.isascii() and c.isalnum())
        if len(s) > 2:
            fail("fold of U+%04X is longer than 2" % cp)
        table.append(s)
    return table


FOLD = fold_table()


def name_key(s):
    """Bytes compared by the name lookup: a leading word "the" dropped;
    ASCII letters and digits lower-cased, other ASCII dropped; U+00A0..
    U+017F folded by FOLD; U+2000..U+207F (general punctuation) dropped;
    anything else kept as its UTF-8 bytes."""
    s = s.lstrip(" \t")
    if (len(s) > 3 and s[:3].lower() == "the" and s[3].isascii()
            and not s[3].isalnum()):
        s = s[3:]
    out = bytearray()
    for ch in s:
        cp = ord(ch)
        if cp < 0x80:
            if ch.isalnum():
                out += ch.lower().encode()
        elif 0xA0 <= cp < 0x180:
            f = FOLD[cp - 0xA0]
            out += f.encode()
        elif 0x2000 <= cp < 0x2080:
            pass
        else:
            out += ch.encode("utf-8")
    return bytes(out)


def name_variants(name):
    """The spellings of one name the lookup accepts: as given; "X, Y of"
    inverted to "Y of X"; "Saint" as "St"; "and" as "&" (which folds away)."""
    forms = {name}
    m = re.match(r"^(.*), ((?:the )?.* of(?: the)?)$", name, re.I)
    if m:
        forms.add(m.group(2) + " " + m.group(1))
    for f in list(forms):
        if re.search(r"\bSaint\b", f):
            forms.add(re.sub(r"\bSaint\b", "St", f))
    for f in list(forms):
        if re.search(r"\band\b", f):
            forms.add(re.sub(r"\s+and\s+", " & ", f))
    return forms


# --------------------------------------------------------------------------
# ISO 3166-1


def iso_codes_version(iso_dir, given):
    if given:
        return given
    if os.path.realpath(iso_dir) == os.path.realpath(SYSTEM_ISO_CODES):
        try:
            r = subprocess.run(
                ["dpkg-query", "-W", "-f=${Version}", "iso-codes"],
                capture_output=True, text=True, check=False)
            if r.returncode == 0 and r.stdout.strip():
                return r.stdout.strip()
        except OSError:
            pass
    pc = os.path.join(iso_dir, "..", "..", "pkgconfig", "iso-codes.pc")
    if os.path.exists(pc):
        with open(pc, encoding="utf-8") as f:
            for line in f:
                if line.startswith("Version:"):
                    return line.split(":", 1)[1].strip()
    fail("cannot tell the iso-codes version; pass --iso-codes-version")


def a2_index(code):
    return (ord(code[0]) - 65) * 26 + (ord(code[1]) - 65)


def load_countries(iso_dir):
    path = os.path.join(iso_dir, "iso_3166-1.json")
    if not os.path.exists(path):
        fail("%s is missing (apt-get install iso-codes)" % path)
    with open(path, encoding="utf-8") as f:
        data = json.load(f)["3166-1"]
    official = []
    seen2, seen3, seenn = set(), set(), set()
    for e in data:
        a2, a3, num = e["alpha_2"], e["alpha_3"], e["numeric"]
        if not re.fullmatch(r"[A-Z]{2}", a2) or not re.fullmatch(
                r"[A-Z]{3}", a3) or not re.fullmatch(r"[0-9]{3}", num):
            fail("bad ISO 3166-1 entry %r" % e)
        if a2 in seen2 or a3 in seen3 or num in seenn:
            fail("duplicate ISO 3166-1 entry %r" % e)
        seen2.add(a2)
        seen3.add(a3)
        seenn.add(num)
        names = [e["name"]]
        for k in ("official_name", "common_name"):
            if k in e:
                names.append(e[k])
        official.append({"a2": a2, "a3": a3, "num": int(num, 10),
                         "name": e["name"], "names": names})
    official.sort(key=lambda c: c["a2"])
    return path, official


def gen_countries(iso_dir, iso_version):
    path, official = load_countries(iso_dir)
    off_codes = {c["a2"] for c in official}

    status = [0] * 676  # COUNTRY_NONE
    reserved = []
    for table, st in ((EXCEPTIONAL, 3), (TRANSITIONAL, 4),
                      (INDETERMINATE, 5)):
        for code, (name, instead) in sorted(table.items()):
            if code in off_codes:
                fail("%s is both official and reserved" % code)
            if instead and instead not in off_codes:
                fail("%s -> %s: not an official code" % (code, instead))
            if status[a2_index(code)]:
                fail("%s is listed twice" % code)
            status[a2_index(code)] = st
            reserved.append({"a2": code, "status": st, "name": name,
                             "instead": instead or ""})
    for code in USER_ASSIGNED:
        if code in off_codes or status[a2_index(code)]:
            fail("%s: user-assigned and also listed elsewhere" % code)
        status[a2_index(code)] = 2
    for code, name in sorted(USER_ASSIGNED_NAMES.items()):
        reserved.append({"a2": code, "status": 2, "name": name,
                         "instead": ""})
    for c in official:
        status[a2_index(c["a2"])] = 1
    reserved.sort(key=lambda c: c["a2"])
    if len(official) >= 255:
        fail("more than 254 official countries: widen the uint8_t indexes")

    # Entries: the official countries first (so that their 1-based index
    # fits the uint8_t alpha-3 and numeric indexes), then the others.
    entries = [dict(c, status=1, instead="") for c in official] + reserved
    pool, pool_off = [], {}
    offset = 0
    for e in entries:
        if e["name"] not in pool_off:
            pool_off[e["name"]] = offset
            pool.append(e["name"])
            offset += len(e["name"].encode("utf-8")) + 1
    if offset > 4095:  # longest string literal ISO C requires to work
        fail("country name pool too large")

    # Name keys.
    key_owner = {}
    for i, c in enumerate(official):
        spellings = set()
        for n in c["names"] + NAME_ALIASES.get(c["a2"], []):
            spellings |= name_variants(n)
        for s in spellings:
            k = name_key(s)
            if not k:
                continue
            if len(k) > NAME_KEY_MAX:
                fail("name key too long: %r" % s)
            if key_owner.get(k, i) != i:
                fail("name %r names both %s and %s" %
                     (s, official[key_owner[k]]["a2"], c["a2"]))
            key_owner[k] = i
    for a2 in NAME_ALIASES:
        if a2 not in off_codes:
            fail("alias for %s, which is not official" % a2)
    keys = sorted(key_owner)
    L = []
    L += header("ISO 3166-1 country codes: officially assigned, reserved and "
                "user-assigned alpha-2 codes, alpha-3 and numeric codes, "
                "names.", [
                    "Source: iso_3166-1.json of the iso-codes package, "
                    "version %s (%s), SHA-256 %s." % (
                        iso_version, ISO_CODES_URL, sha256(path)),
                    "Licence: iso-codes is %s. This file holds only the codes "
                    "and the names of countries, which are facts." %
                    ISO_CODES_LICENCE,
                    "Reserved and user-assigned code elements: the ISO 3166 "
                    "Maintenance Agency's public description of reserved code "
                    "elements, as listed in generate.py, which also lists the "
                    "other spellings of names the name lookup accepts.",
                ])
    L.append('#include "tables.h"')
    L.append("")
    L += c_string_def("refdata_country_source",
                      "iso-codes %s (ISO 3166-1)" % iso_version)
    L.append("const unsigned refdata_country_official_count = %d;" %
             len(official))
    L.append("const unsigned refdata_country_entry_count = %d;" % len(entries))
    L.append("")
    L.append("/* country_status of every alpha-2 code: one row per first "
             "letter, one column")
    L.append(" * per second letter. 0 none, 1 official, 2 user-assigned, "
             "3 exceptional,")
    L.append(" * 4 transitional, 5 indeterminate. */")
    L.append("const uint8_t refdata_country_status_table[26 * 26] = {")
    L.append("    /*      A B C D E F G H I J K L M N O P Q R S T U V W X Y Z */")
    for r in range(26):
        row = ",".join(str(status[r * 26 + c]) for c in range(26))
        L.append("    /* %s */ %s," % (chr(65 + r), row))
    L.append("};")
    L.append("")
    L.append("/* Officially assigned first, then the reserved and user-assigned"
             " codes that")
    L.append(" * have a name. */")
    L.append("const refdata_country refdata_countries[%d] = {" % len(entries))
    for e in entries:
        L += entry_line('{"%s", "%s", "%s", %d, %d, %d},' % (
            e["a2"], e.get("a3", ""), e["instead"], e["status"],
            e.get("num", 0), pool_off[e["name"]]), ascii_comment(e["name"]))
    L.append("};")
    L.append("")
    L.append("/* 1 + index in refdata_countries, by alpha-2; 0 for none. */")
    L.append("const uint16_t refdata_country_index[26 * 26] = {")
    L += wrap(["[REFDATA_A2('%s', '%s')] = %d," % (e["a2"][0], e["a2"][1],
                                                   i + 1)
               for i, e in enumerate(entries)])
    L.append("};")
    L.append("")
    L.append("/* 1 + index in refdata_countries, by alpha-3; 0 for none. */")
    L.append("const uint8_t refdata_country_alpha3_index[26 * 26 * 26] = {")
    L += wrap(["[REFDATA_A3('%s', '%s', '%s')] = %d," % (
        c["a3"][0], c["a3"][1], c["a3"][2], i + 1)
        for i, c in sorted(enumerate(official), key=lambda x: x[1]["a3"])])
    L.append("};")
    L.append("")
    L.append("/* 1 + index in refdata_countries, by numeric code; 0 for none. "
             "*/")
    L.append("const uint8_t refdata_country_numeric_index[1000] = {")
    L += wrap(["[%d] = %d," % (c["num"], i + 1)
               for i, c in sorted(enumerate(official),
                                  key=lambda x: x[1]["num"])])
    L.append("};")
    L.append("")
    L.append("/* Names, NUL-separated; refdata_country.name is an offset. */")
    L.append("const char refdata_country_names[%d] =" % offset)
    for i, n in enumerate(pool):
        L.append("    %s%s" % (c_string(n + "\0") if i + 1 < len(pool)
                               else c_string(n), ";" if i + 1 == len(pool)
                               else ""))
    L.append("")
    L.append("/* Name keys (see name_key() in refdata.c), sorted bytewise. */")
    L.append("const unsigned refdata_country_key_count = %d;" % len(keys))
    L.append("const refdata_name_key refdata_country_keys[%d] = {" % len(keys))
    for k in keys:
        i = key_owner[k]
        L.append("    {%s, %d, %d}, /* %s */" % (
            c_string(k.decode("utf-8")), len(k), i, official[i]["a2"]))
    L.append("};")
    L.append("")
    L.append("/* Folding of U+00A0..U+017F for name keys: the ASCII letters a"
             " code point")
    L.append(" * stands for, or \"\" to drop it. */")
    L.append("const char refdata_name_fold[0x180 - 0xA0][3] = {")
    for base in range(0xA0, 0x180, 8):
        items = ['"%s"' % FOLD[cp - 0xA0] for cp in range(base, base + 8)]
        L.append("    /* U+%04X */ %s," % (base, ", ".join(items)))
    L.append("};")
    text = "\n".join(L) + "\n"
    info = {"version": iso_version, "official": len(official),
            "entries": len(entries), "keys": len(keys)}
    return text, info


# --------------------------------------------------------------------------
# ISO 4217


def gen_currencies(refdata, prov):
    path = os.path.join(refdata, "iso-4217-list-one.xml")
    root = ET.parse(path).getroot()
    published = root.get("Pblshd")
    if not published or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
        fail("%s: no Pblshd date" % path)
    table = root.find("CcyTbl")
    if table is None:
        fail("%s: no CcyTbl" % path)
    cur = {}
    for e in table.findall("CcyNtry"):
        code = e.findtext("Ccy")
        if code is None:  # "No universal currency"
            continue
        nm = e.find("CcyNm")
        minor = e.findtext("CcyMnrUnts")
        rec = {"code": code, "num": int(e.findtext("CcyNbr"), 10),
               "name": nm.text.strip(),
               "fund": nm.get("IsFund") == "true",
               "minor": -2 if minor == "N.A." else int(minor, 10)}
        if not re.fullmatch(r"[A-Z]{3}", code) or not (
                rec["minor"] == -2 or 0 <= rec["minor"] <= 4):
            fail("bad currency entry %r" % rec)
        if code in cur and cur[code] != rec:
            fail("%s listed with different details" % code)
        cur[code] = rec
    codes = sorted(cur)
    if len(codes) >= 255:
        fail("more than 254 currencies: widen the uint8_t indexes")
    nums = {}
    for c in codes:
        if cur[c]["num"] in nums:
            fail("numeric %d for %s and %s" % (cur[c]["num"], nums[
                cur[c]["num"]], c))
        nums[cur[c]["num"]] = c
    pool, pool_off, offset = [], {}, 0
    for c in codes:
        n = cur[c]["name"]
        if n not in pool_off:
            pool_off[n] = offset
            pool.append(n)
            offset += len(n.encode("utf-8")) + 1
    if offset > 4095:  # longest string literal ISO C requires to work
        fail("currency name pool too large")

    L = []
    L += header("ISO 4217 currency and funds codes with their minor units.", [
        "Source: iso-4217-list-one.xml, ISO 4217 list one (current currency "
        "and funds codes), published %s, from the npm package %s %s, "
        "SHA-256 %s." % (published, prov["package"], prov["version"],
                         sha256(path)),
        "Licence: %s (package). Only the codes, numbers, minor units and "
        "names are used; they are facts." % prov["licence"],
        "The list names a currency once for each country using it; here each "
        "appears once.",
    ])
    L.append('#include "tables.h"')
    L.append("")
    L += c_string_def("refdata_currency_source",
                      "ISO 4217 list one published %s" % published)
    L.append("const unsigned refdata_currency_count = %d;" % len(codes))
    L.append("")
    L.append("/* code, numeric, minor units (REFDATA_MINOR_NONE: N.A.), "
             "flags, name offset */")
    L.append("const refdata_currency refdata_currencies[%d] = {" % len(codes))
    for c in codes:
        r = cur[c]
        L += entry_line('{"%s", %d, %s, %s, %d},' % (
            c, r["num"], "REFDATA_MINOR_NONE" if r["minor"] == -2 else
            str(r["minor"]), "REFDATA_CURRENCY_FUND" if r["fund"] else "0",
            pool_off[r["name"]]), ascii_comment(r["name"]))
    L.append("};")
    L.append("")
    L.append("/* 1 + index in refdata_currencies, by code; 0 for none. */")
    L.append("const uint8_t refdata_currency_index[26 * 26 * 26] = {")
    L += wrap(["[REFDATA_A3('%s', '%s', '%s')] = %d," % (c[0], c[1], c[2],
                                                         i + 1)
               for i, c in enumerate(codes)])
    L.append("};")
    L.append("")
    L.append("/* 1 + index in refdata_currencies, by numeric code; 0 for none."
             " */")
    L.append("const uint8_t refdata_currency_numeric_index[1000] = {")
    L += wrap(["[%d] = %d," % (cur[c]["num"], codes.index(c) + 1)
               for c in sorted(codes, key=lambda c: cur[c]["num"])])
    L.append("};")
    L.append("")
    L.append("/* Names, NUL-separated; refdata_currency.name is an offset. */")
    L.append("const char refdata_currency_names[%d] =" % offset)
    for i, n in enumerate(pool):
        L.append("    %s%s" % (c_string(n + "\0") if i + 1 < len(pool)
                               else c_string(n), ";" if i + 1 == len(pool)
                               else ""))
    text = "\n".join(L) + "\n"
    minor_hist = {}
    for c in codes:
        minor_hist[cur[c]["minor"]] = minor_hist.get(cur[c]["minor"], 0) + 1
    info = {"published": published, "count": len(codes),
            "minor": minor_hist, "funds": sorted(c for c in codes
                                                 if cur[c]["fund"])}
    return text, info


# --------------------------------------------------------------------------
# HS


def load_hs(path):
    chapters, headings, subs = set(), set(), set()
    with open(path, encoding="utf-8-sig", newline="") as f:
        rd = csv.DictReader(f)
        for col in ("hscode", "level", "parent"):
            if col not in (rd.fieldnames or []):
                fail("%s: no column %s" % (path, col))
        for r in rd:
            code = (r["hscode"] or "").strip()
            if not code and not any((v or "").strip() for v in r.values()):
                continue  # blank line
            if code in HS_AGGREGATES:
                continue
            level = r["level"].strip()
            if not code.isdigit() or level not in ("2", "4", "6") or len(
                    code) != int(level):
                fail("%s: unexpected row %r" % (path, r))
            if level != "2" and r["parent"].strip() != code[:-2]:
                fail("%s: %s has parent %s" % (path, code, r["parent"]))
            dest = {"2": chapters, "4": headings, "6": subs}[level]
            if code in dest:
                fail("%s: %s listed twice" % (path, code))
            dest.add(code)
    for h in headings:
        if h[:2] not in chapters:
            fail("%s: heading %s without its chapter" % (path, h))
    for s in subs:
        if s[:4] not in headings:
            fail("%s: subheading %s without its heading" % (path, s))
    for h in headings:
        if not any(s[:4] == h for s in subs):
            fail("%s: heading %s without subheadings" % (path, h))
    return ({int(c) for c in chapters}, {int(h) for h in headings},
            {int(s) for s in subs})


def gen_hs(refdata, provs):
    editions = []
    for (year, fname, start), prov in zip(HS_EDITIONS, provs):
        path = os.path.join(refdata, fname)
        ch, hd, sb = load_hs(path)
        editions.append({"year": year, "file": fname, "path": path,
                         "start": start, "prov": prov, "chapters": ch,
                         "headings": hd, "subs": sb})

    # Distinct 100-bit masks of subheadings (the last two digits) under a
    # heading, in order of first use; index 0 stands for "no heading".
    masks, mask_id = [(0, 0)], {}
    heading_mask = []
    for ed in editions:
        per = {}
        for h in sorted(ed["headings"]):
            bits = 0
            for s in range(h * 100, h * 100 + 100):
                if s in ed["subs"]:
                    bits |= 1 << (s - h * 100)
            m = (bits & (2**64 - 1), bits >> 64)
            if m not in mask_id:
                mask_id[m] = len(masks)
                masks.append(m)
            per[h] = mask_id[m]
        heading_mask.append(per)
    if len(masks) >= 65536:
        fail("too many distinct masks")

    body = []
    for ed in editions:
        p = ed["prov"]
        body.append("HS %s: %s, from %s, %s at commit %s (from UN Comtrade), "
                    "SHA-256 %s." % (ed["year"], ed["file"], p["repo"],
                                     p["path"], p["commit"],
                                     sha256(ed["path"])))
    lic = sorted({p["licence"] for p in provs})
    body += ["Licence: %s." % ", ".join(lic),
             "Rows with hscode 99, 9999, 999999 and TOTAL (UN Comtrade "
             "aggregates) are skipped. Only the codes are kept, not the "
             "descriptions."]
    L = []
    L += header("Harmonized System (WCO) chapters, headings and subheadings "
                "by edition.", body)
    L.append('#include "tables.h"')
    L.append("")
    L += c_string_def("refdata_hs_source", (
        "; ".join("HS %s (%s %s)" % (ed["year"], ed["prov"]["repo"].split(
            "/", 1)[1], ed["prov"]["commit"]) for ed in editions)))
    L.append("const uint32_t refdata_hs_edition_start[HS_EDITION_COUNT] = {")
    L.append("    %s};" % ", ".join(str(ed["start"]) for ed in editions))
    for what, key in (("chapter", "chapters"), ("heading", "headings"),
                      ("subheading", "subs")):
        L.append("const unsigned refdata_hs_%s_count[HS_EDITION_COUNT] = "
                 "{%s};" % (what, ", ".join(str(len(ed[key]))
                                            for ed in editions)))
    L.append("")
    L.append("/* Chapters 0..99 as bits: [0] 0..63, [1] 64..99. */")
    L.append("const uint64_t refdata_hs_chapter_bits[HS_EDITION_COUNT][2] = {")
    for ed in editions:
        bits = sum(1 << c for c in ed["chapters"])
        L.append("    {0x%016xu, 0x%016xu}, /* HS %s */" % (
            bits & (2**64 - 1), bits >> 64, ed["year"]))
    L.append("};")
    L.append("")
    L.append("/* The subheadings hhhhxx of a heading hhhh as sets of xx: "
             "[0] 00..63,")
    L.append(" * [1] 64..99. */")
    L.append("const uint64_t refdata_hs_masks[%d][2] = {" % len(masks))
    for i, (lo, hi) in enumerate(masks):
        L.append("    {0x%xu, 0x%xu}, /* %d */" % (lo, hi, i))
    L.append("};")
    L.append("")
    L.append("/* Index in refdata_hs_masks of each heading 0..9999; 0 if the"
             " heading does")
    L.append(" * not exist. */")
    L.append("const uint16_t refdata_hs_heading_mask[HS_EDITION_COUNT][10000]"
             " = {")
    for ed, per in zip(editions, heading_mask):
        L.append("    { /* HS %s */" % ed["year"])
        for ch in sorted(ed["chapters"]):
            items = ["[%d] = %d," % (h, per[h]) for h in sorted(per)
                     if h // 100 == ch]
            L.append("        /* chapter %02d */" % ch)
            L += wrap(items, indent="        ")
        L.append("    },")
    L.append("};")
    text = "\n".join(L) + "\n"
    a, b = editions[0]["subs"], editions[1]["subs"]
    info = {"editions": [(ed["year"], len(ed["chapters"]), len(ed["headings"]),
                          len(ed["subs"])) for ed in editions],
            "gone": len(a - b), "new": len(b - a), "masks": len(masks) - 1}
    return text, info


# --------------------------------------------------------------------------


def notice(iso_version, cur_prov, cur_info, hs_provs):
    hs = hs_provs[0]
    paras = [
        "The reference tables in lib/refdata/ (countries.c, currencies.c, "
        "hs.c) are generated by lib/refdata/generate.py from:",
        "- ISO 3166-1 country codes and names: the iso-codes package %s "
        "(%s), licensed %s; only the codes and names, which are facts, are "
        "used." % (iso_version, ISO_CODES_URL, ISO_CODES_LICENCE),
        "- ISO 4217 currency codes and minor units: ISO 4217 list one "
        "published %s, from the npm package %s %s, licensed %s." % (
            cur_info["published"], cur_prov["package"], cur_prov["version"],
            cur_prov["licence"]),
        "- Harmonized System codes, editions 2017 and 2022: %s, %s at %s and "
        "%s (from UN Comtrade), licensed %s." % (
            hs["repo"], hs["path"], hs_provs[0]["commit"],
            hs_provs[1]["commit"], hs["licence"]),
    ]
    lines = []
    for p in paras:
        lines += textwrap.wrap(p, width=79, subsequent_indent=(
            "  " if p.startswith("- ") else ""), break_long_words=False,
            break_on_hyphens=False)
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--refdata", default="../shared/refdata",
                    help="directory of the source files and SOURCES.md "
                    "(relative to the repository root)")
    ap.add_argument("--iso-codes", default=SYSTEM_ISO_CODES,
                    help="directory of iso-codes' JSON files")
    ap.add_argument("--iso-codes-version", default=None,
                    help="version of iso-codes, if it cannot be found out")
    ap.add_argument("--out", default="lib/refdata",
                    help="output directory (relative to the repository root)")
    ap.add_argument("--check", action="store_true",
                    help="write nothing; fail if an output is out of date")
    args = ap.parse_args()

    refdata = os.path.join(ROOT, args.refdata)
    iso_dir = os.path.join(ROOT, args.iso_codes)
    out_dir = os.path.join(ROOT, args.out)

    rows = read_sources_md(refdata)
    hs_provs = [hs_provenance(rows, f) for _, f, _ in HS_EDITIONS]
    cur_prov = currency_provenance(rows, "iso-4217-list-one.xml")
    iso_version = iso_codes_version(iso_dir, args.iso_codes_version)

    countries, cinfo = gen_countries(iso_dir, iso_version)
    currencies, kinfo = gen_currencies(refdata, cur_prov)
    hs, hinfo = gen_hs(refdata, hs_provs)
    outputs = {
        "countries.c": countries,
        "currencies.c": currencies,
        "hs.c": hs,
        "NOTICE.part": notice(iso_version, cur_prov, kinfo, hs_provs),
    }

    stale = []
    for name, text in outputs.items():
        path = os.path.join(out_dir, name)
        data = text.encode("utf-8")
        old = None
        if os.path.exists(path):
            with open(path, "rb") as f:
                old = f.read()
        if old == data:
            continue
        stale.append(name)
        if not args.check:
            with open(path, "wb") as f:
                f.write(data)

    print("ISO 3166-1: iso-codes %s, %d official, %d named entries, "
          "%d name keys" % (cinfo["version"], cinfo["official"],
                            cinfo["entries"], cinfo["keys"]))
    print("ISO 4217: published %s, %d currencies, minor units %s, funds %s" %
          (kinfo["published"], kinfo["count"],
           dict(sorted(kinfo["minor"].items())), " ".join(kinfo["funds"])))
    for year, c, h, s in hinfo["editions"]:
        print("HS %s: %d chapters, %d headings, %d subheadings" %
              (year, c, h, s))
    print("HS 2017 -> 2022: %d subheadings gone, %d new; %d distinct masks" %
          (hinfo["gone"], hinfo["new"], hinfo["masks"]))
    if args.check:
        if stale:
            print("out of date: %s" % " ".join(stale))
            return 1
        print("up to date")
    else:
        print("written: %s" % (" ".join(stale) if stale else "nothing "
                               "(all up to date)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
