#!/usr/bin/env python3
"""Generates the postcode format table lib/refdata/postcodes.c.

Usage, from the repository root:

    /usr/bin/python3 lib/refdata/gen_postcodes.py [--refdata ../shared/refdata]
        [--source-version V] [--check]

Writes lib/refdata/postcodes.c (the formats by country and postcode_check())
and tests/postcode_vectors.h (every format's valid and invalid examples, for
tests/test_postcodes.c). The output depends only on the source files, never
on the time or the machine: a rerun gives the same bytes. With --check
nothing is written; the exit status is 1 if a committed file differs from
what the sources give.

Source (see SOURCES.md in the --refdata directory): postal-codes/*.json, the
formats of the npm package postal-codes-js (Apache-2.0), and its
_country-map.json (the package's generated/postal-codes-alpha2.json), which
maps alpha-2 codes to a format file or to none for countries without
postcodes. The package version comes from SOURCES.md, else from
--source-version.

Each format gives ValidationRegex (a JavaScript regular expression, applied
with the "i" flag), RedundantCharacters (removed from the value before
matching) and TestData. The descriptions used in messages are written here
(DESCRIPTIONS below), each for the exact pattern it describes: the source's
"Description" is often only the country code ("GB") or wrong ("MA : LLL
NNNN" for MT, "CCNNNNN" for the 4 digits of AZ). A format whose pattern is
not the one described falls back to the source's description, with a
warning. Every example of a description must be a valid postcode of its
format, and every TestData value must be judged as the data says, by the
validation of postal-codes-js (emulated here with Python's re, whose syntax
agrees with JavaScript's on these patterns); otherwise generation fails.

Python 3 standard library only.
"""

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# --------------------------------------------------------------------------
# Descriptions of the formats, for messages.
#
# format file (without .json) -> (the pattern described, description,
# examples). The description is "<text>, e.g. <ex1> or <ex2>"; with a text of
# None, the format is one fixed postcode and the description is the example.
# The "<n>Digits" formats (pattern ^[0-9]{n}$) are "<n> digits".

DESCRIPTIONS = {
    "AD": (r"^AD[0-9]{3}$", "AD and 3 digits", ["AD500"]),
    "AI": (r"^AI2640$", None, ["AI-2640"]),
    "AQ": (r"^BIQQ1ZZ$", None, ["BIQQ 1ZZ"]),
    "AX": (r"^(AX)?[0-9]{5}$", "5 digits, optionally preceded by AX",
           ["22100", "AX-22100"]),
    "AZ": (r"^AZ[0-9]{4}$", "AZ and 4 digits", ["AZ1000"]),
    "BB": (r"^(BB)?[0-9]{5}$", "5 digits, optionally preceded by BB",
           ["BB11000"]),
    "BH": (r"^[0-9]{3,4}$", "3 or 4 digits", ["317", "1216"]),
    "BL": (r"^97133$", None, ["97133"]),
    "BN": (r"^[a-zA-Z]{2}[0-9]{4}$", "2 letters and 4 digits", ["BS8811"]),
    "CA": (r"^[ABCEGHJKLMNPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][\s\-]?\d"
           r"[ABCEGHJ-NPRSTV-Z]\d$",
           "letter, digit, letter, digit, letter, digit", ["K1A 0B1"]),
    "DK": (r"^(DK){0,1}\d{4}$", "4 digits, optionally preceded by DK",
           ["1050", "DK-1050"]),
    "FK": (r"^FIQQ1ZZ$", None, ["FIQQ 1ZZ"]),
    "GB": (r"((([A-Za-z][0-9]{1,2})|(([A-Za-z][A-Ha-hJ-Yj-y][0-9]{1,2})|"
           r"(([AZa-z][0-9][A-Za-z])|([A-Za-z][A-Ha-hJ-Yj-y][0-9]?"
           r"[A-Za-z]))))[0-9][A-Za-z]{2})|GIR0AA",
           "a UK postcode: area and district, then a digit and 2 letters",
           ["SW1A 1AA", "M1 1AE"]),
    "GF": (r"^973[0-9]{2}$", "973 and 2 digits", ["97300"]),
    "GG": (r"^GY[0-9]{2,3}[A-Za-z]{2}$", "GY, 2 or 3 digits and 2 letters",
           ["GY1 1AA"]),
    "GI": (r"^GX111AA$", None, ["GX11 1AA"]),
    "GP": (r"^971[0-9]{2}$", "971 and 2 digits", ["97100"]),
    "GS": (r"^SIQQ1ZZ$", None, ["SIQQ 1ZZ"]),
    "HN": (r"^(HN)?[0-9]{5}$", "5 digits, optionally preceded by HN",
           ["11101"]),
    "IE": (r"^[AaC-Fc-fHhKkNnPpRrTtV-Yv-y]\d[0-9Ww][ -]?"
           r"[0-9AaC-Fc-fHhKkNnPpRrTtV-Yv-y]{4}$",
           "an Eircode: letter, digit, digit or W, then 4 letters or digits",
           ["D02 X285"]),
    "IM": (r"^IM[0-9]{2,3}[A-Za-z]{2}$", "IM, 2 or 3 digits and 2 letters",
           ["IM1 1AA"]),
    "IO": (r"^BBND1ZZ$", None, ["BBND 1ZZ"]),
    "JE": (r"^JE[0-9]{2,3}[A-Za-z]{2}$", "JE, 2 or 3 digits and 2 letters",
           ["JE2 3AB"]),
    "KY": (r"^KY[0-9]{5}$", "KY and 5 digits", ["KY1-1100"]),
    "LB": (r"^[0-9]{4}(?:[0-9]{4})?$", "4 or 8 digits",
           ["2038", "1100 2020"]),
    "LC": (r"^LC[0-9]{5}$", "LC and 5 digits", ["LC01 101"]),
    "LT": (r"^(LT)?[0-9]{5}$", "5 digits, optionally preceded by LT",
           ["LT-01100"]),
    "LU": (r"^(L){0,1}\d{4}$", "4 digits, optionally preceded by L",
           ["L-1009"]),
    "LV": (r"^(LV)?[0-9]{4}$", "4 digits, optionally preceded by LV",
           ["LV-1010"]),
    "MC": (r"^980[0-9]{2}$", "980 and 2 digits", ["98000"]),
    "MD": (r"^(MD)?[0-9]{4}$", "4 digits, optionally preceded by MD",
           ["MD-2001"]),
    "MF": (r"^97150$", None, ["97150"]),
    "MS": (r"^(MSR)?[0-9]{4}$", "4 digits, optionally preceded by MSR",
           ["MSR 1110"]),
    "MT": (r"^[A-Z]{3}[0-9]{4}$", "3 letters and 4 digits", ["VLT 1117"]),
    "NC": (r"^988[0-9]{2}$", "988 and 2 digits", ["98800"]),
    "NL": (r"^[1-9][0-9]{3}(?!SA|SD|SS)[A-Z]{2}$",
           "4 digits (the first not 0) and 2 letters other than SA, SD, SS",
           ["1011 AB"]),
    "PF": (r"^987[0-9]{2}$", "987 and 2 digits", ["98714"]),
    "PL": (r"^[0-9]{2}-[0-9]{3}$", "2 digits, hyphen, 3 digits", ["00-950"]),
    "PM": (r"^97500$", None, ["97500"]),
    "PN": (r"^PCRN1ZZ$", None, ["PCRN 1ZZ"]),
    "PT": (r"^[0-9]{4}-[0-9]{3}$", "4 digits, hyphen, 3 digits",
           ["1000-001"]),
    "RE": (r"^974[0-9]{2}$", "974 and 2 digits", ["97400"]),
    "RU": (r"^[0-9]{3}([0-9]{3})?$", "6 digits (or 3)", ["101000"]),
    "SH": (r"^STHL1ZZ$", None, ["STHL 1ZZ"]),
    "SM": (r"^4789[0-9]{1}$", "4789 and 1 digit", ["47890"]),
    "SO": (r"^[a-zA-Z]{2}[0-9]{5}$", "2 letters and 5 digits", ["JH 09010"]),
    "SZ": (r"^[a-zA-Z]{1}[0-9]{3}$", "a letter and 3 digits", ["H100"]),
    "TC": (r"^TKCA1ZZ$", None, ["TKCA 1ZZ"]),
    "TW": (r"^[0-9]{3}([0-9]{2})?$", "3 or 5 digits", ["100", "10048"]),
    "US": (r"^[0-9]{5}([0-9]{4})?$", "5 digits, or 5 and 4 digits",
           ["12345", "12345-6789"]),
    "VA": (r"^00120$", None, ["00120"]),
    "VC": (r"^(VC)?[0-9]{4}$", "4 digits, optionally preceded by VC",
           ["VC0100"]),
    "VE": (r"^[0-9]{4}[a-zA-Z]?$", "4 digits, optionally followed by a letter",
           ["1010", "1010-A"]),
    "VG": (r"^(VG)?[0-9]{4}$", "4 digits, optionally preceded by VG",
           ["VG1110"]),
    "WF": (r"^986[0-9]{2}$", "986 and 2 digits", ["98600"]),
    "WS": (r"^(WS)?[0-9]{4}$", "4 digits, optionally preceded by WS",
           ["WS1382"]),
}

# Characters RedundantCharacters may hold: postal-codes-js builds a RegExp of
# each one, so a character special in a regular expression would not be
# removed as itself.
SAFE_REDUNDANT = " -_/,:;#'\""

# What lib/check/pattern.c accepts, and the input length it matches.
PATTERN_MAX_INPUT = 64


def fail(msg):
    sys.stderr.write("gen_postcodes.py: %s\n" % msg)
    sys.exit(2)


def warn(msg):
    sys.stderr.write("gen_postcodes.py: warning: %s\n" % msg)


# --------------------------------------------------------------------------
# C text


def c_string(s):
    """A C string literal for s (ASCII)."""
    out = []
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= ord(ch) < 0x7F:
            out.append(ch)
        else:
            fail("non-ASCII or control character in %r" % s)
    return '"' + "".join(out) + '"'


def c_strings(s, indent, width=80, words=False):
    """s as adjacent C string literals, one a line after indent, each line
    at most width columns with one character after the literal (a comma).
    Broken after white space (words), else after ')' ']' or '|' (patterns), or
    anywhere in a piece too long for a line."""
    room = width - len(indent) - 1
    pieces = re.findall(r"\S+\s*|\s+" if words else r"[^)|\]]*[)|\]]?", s)
    tokens = []
    for p in pieces:
        tokens += [p] if len(c_string(p)) <= room else list(p)
    lines, cur = [], ""
    for t in tokens:
        if cur and len(c_string(cur + t)) > room:
            lines.append(c_string(cur))
            cur = t
        else:
            cur += t
    lines.append(c_string(cur))
    return [indent + ln for ln in lines]


def wrapped_comment(words, indent="    ", width=80):
    """A one-paragraph C comment of words, wrapped to width columns."""
    lines = wrap(words, indent=indent + "/* ", width=width - 3)
    lines = [indent + "   " + ln[len(indent) + 3:] if i else ln
             for i, ln in enumerate(lines)]
    lines[-1] += " */"
    return lines


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


# --------------------------------------------------------------------------
# Sources


def read_sources_md(refdata):
    """The postal-codes row of SOURCES.md: {what, source, licence}."""
    path = os.path.join(refdata, "SOURCES.md")
    if not os.path.exists(path):
        fail("%s is missing" % path)
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("|"):
                continue
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 4 and cells[0].startswith("postal-codes/"):
                return {"what": cells[1], "source": cells[2],
                        "licence": cells[3]}
    fail("SOURCES.md has no row for postal-codes/")


def load(refdata):
    """The country map and the formats used by it, checked."""
    pdir = os.path.join(refdata, "postal-codes")
    map_path = os.path.join(pdir, "_country-map.json")
    if not os.path.exists(map_path):
        fail("%s is missing" % map_path)
    with open(map_path, encoding="utf-8") as f:
        cmap = json.load(f)
    hasher = hashlib.sha256()
    countries = {}
    formats = {}
    for code in sorted(cmap):
        entry = cmap[code]
        if not re.fullmatch(r"[A-Z]{2}", code) or entry.get("alpha2") != code:
            fail("_country-map.json: bad entry %r" % code)
        fname = entry.get("postalCodeFormat")
        if not fname:
            countries[code] = None
            continue
        if not re.fullmatch(r"[A-Za-z0-9]+\.json", fname):
            fail("%s: bad format file name %r" % (code, fname))
        name = fname[:-len(".json")]
        countries[code] = name
        formats.setdefault(name, None)
    hasher.update(b"_country-map.json\0")
    with open(map_path, "rb") as f:
        hasher.update(f.read())
    for name in sorted(formats):
        path = os.path.join(pdir, name + ".json")
        if not os.path.exists(path):
            fail("%s is missing" % path)
        with open(path, "rb") as f:
            raw = f.read()
        hasher.update(name.encode() + b".json\0" + raw)
        d = json.loads(raw.decode("utf-8"))
        regex = d.get("ValidationRegex")
        if isinstance(regex, list):  # postal-codes-js: '^' + join('|') + '$'
            regex = "^" + "|".join(regex) + "$"
        if not isinstance(regex, str) or not regex:
            fail("%s.json: no ValidationRegex" % name)
        redundant = d.get("RedundantCharacters", "")
        if not isinstance(redundant, str) or any(
                c not in SAFE_REDUNDANT for c in redundant):
            fail("%s.json: unexpected RedundantCharacters %r" %
                 (name, redundant))
        tests = d.get("TestData", {})
        valid = tests.get("Valid", [])
        invalid = tests.get("Invalid", [])
        if not all(isinstance(v, str) for v in valid + invalid):
            fail("%s.json: TestData values must be strings" % name)
        formats[name] = {
            "name": name,
            "regex": regex,
            "redundant": redundant,
            "source_description": d.get("Description", ""),
            "valid": valid,
            "invalid": invalid,
        }
    return countries, formats, hasher.hexdigest()


# --------------------------------------------------------------------------
# Checks


def js_validate(fmt, value):
    """postal-codes-js's validate() for a country with this format: trim,
    remove each redundant character, exec the regex with the "i" flag, and
    require the match to be the whole value."""
    s = value.strip()
    if not s:
        return False  # "Missing postal code."
    for ch in fmt["redundant"]:
        s = s.replace(ch, "")
    m = re.search(fmt["regex"], s, re.IGNORECASE)
    return bool(m) and m.group(0).lower() == s.lower()


def describe(fmt):
    """The description of a format and its examples."""
    name, regex = fmt["name"], fmt["regex"]
    m = re.fullmatch(r"(\d+)Digits", name)
    if m and regex == "^[0-9]{%s}$" % m.group(1):
        return "%s digits" % m.group(1), []
    known = DESCRIPTIONS.get(name)
    if known and known[0] == regex:
        _, text, examples = known
        if text is None:
            return examples[0], examples
        return "%s, e.g. %s" % (text, " or ".join(examples)), examples
    # Not described here (a new format, or its pattern changed): the
    # source's description without its "XX : " prefix.
    warn("%s: no description for the pattern %s; using the source's %r" %
         (name, regex, fmt["source_description"]))
    text = re.sub(r"^[A-Z]{2} : ", "", fmt["source_description"]).strip()
    return text or name, []


def check(formats):
    """Judges every TestData value and example as postal-codes-js does."""
    for fmt in formats.values():
        for v in fmt["valid"] + fmt["examples"]:
            if not js_validate(fmt, v):
                fail("%s: %r should be valid but is not" % (fmt["name"], v))
        for v in fmt["invalid"]:
            if js_validate(fmt, v):
                fail("%s: %r should be invalid but is not" % (fmt["name"], v))
        for v in fmt["valid"] + fmt["invalid"] + fmt["examples"]:
            if len(v.encode("utf-8")) > PATTERN_MAX_INPUT:
                fail("%s: test value %r is too long" % (fmt["name"], v))


# --------------------------------------------------------------------------
# Output


def a2_index(code):
    return (ord(code[0]) - 65) * 26 + (ord(code[1]) - 65)


def gen_postcodes_c(countries, formats, digest, version):
    names = sorted(formats)
    index = {n: i + 1 for i, n in enumerate(names)}
    users = {n: [c for c in sorted(countries) if countries[c] == n]
             for n in names}
    with_format = sorted(c for c in countries if countries[c])
    without = sorted(c for c in countries if not countries[c])

    out = comment_block([
        "Generated by lib/refdata/gen_postcodes.py \u2014 do not edit.",
        "",
        "Postcode formats by ISO 3166-1 alpha-2 country, and "
        "postcode_check() (see postcodes.h).",
        "",
        "Source: the formats of the npm package postal-codes-js %s "
        "(https://github.com/Cimpress-MCP/postal-codes-js): the files in formats/ "
        "and generated/postal-codes-alpha2.json (here _country-map.json); "
        "SHA-256 over _country-map.json and then each format file in name "
        "order, of its name, a NUL byte and its bytes: %s." % (version, digest),
        "Licence: Apache-2.0. This file derives from the postal-codes-js "
        "formats (patterns, redundant characters and the country map), "
        "licensed under the Apache License 2.0; the descriptions are "
        "written in gen_postcodes.py.",
        "",
        "%d countries have one of %d formats; %d countries are listed by "
        "postal-codes-js without postcodes: %s." %
        (len(with_format), len(names), len(without), " ".join(without)),
    ])
    out += [
        '#include "postcodes.h"',
        "",
        '#include "../check/pattern.h"',
        "",
        "#include <stdbool.h>",
        "#include <stdint.h>",
        "#include <string.h>",
        "",
        "typedef struct postcode_format {",
        "  const char *name;        /* its file in postal-codes-js, without "
        ".json */",
        "  const char *pattern;     /* ValidationRegex */",
        "  /* RedundantCharacters, as bit c of redundant[c / 64] for each "
        "(all",
        "   * ASCII): one test a byte rather than a loop over the set. */",
        "  uint64_t redundant[2];",
        "  const char *description; /* for messages */",
        "} postcode_format;",
        "",
        "const char postcode_source[] = %s;" %
        c_string("postal-codes-js %s" % version),
        "",
        "static const postcode_format postcode_formats[%d] = {" % len(names),
    ]
    for n in names:
        f = formats[n]
        out += wrapped_comment(["%d:" % index[n]] + users[n])
        out.append("    {%s," % c_string(n))
        out += c_strings(f["regex"], "     ")
        out[-1] += ","
        bits = [0, 0]
        for ch in f["redundant"]:
            assert 0 < ord(ch) < 128
            bits[ord(ch) // 64] |= 1 << (ord(ch) % 64)
        out.append("     {0x%xu, 0x%xu}, /* %s */" %
                   (bits[0], bits[1], c_string(f["redundant"])))
        out += c_strings(f["description"], "     ", width=79, words=True)
        out[-1] += "},"
    out += ["};", ""]

    out += [
        "/* The format of each alpha-2 code, as 1 + its index in "
        "postcode_formats,",
        " * or 0: 13 codes a line, the first one in the comment. */",
        "static const uint8_t postcode_country_format[26 * 26] = {",
    ]
    for i in range(26):
        for half in (0, 13):
            row = []
            for j in range(half, half + 13):
                code = chr(65 + i) + chr(65 + j)
                row.append("%2d," % (index[countries[code]]
                                     if countries.get(code) else 0))
            out.append("    /* %s%s */ %s" % (chr(65 + i), chr(65 + half),
                                              "".join(row)))
    out += ["};", ""]
    out += CHECK_C.strip("\n").split("\n")
    return "\n".join(out) + "\n"


CHECK_C = r"""
static bool is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
         c == '\f';
}

static int letter_index(char ch) {
  unsigned char c = (unsigned char)ch;
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a';
  return -1;
}

postcode_status postcode_check(const char country[2], const char *p,
                               size_t len, const char **format_description) {
  return postcode_check_compiled(NULL, country, p, len, format_description);
}

size_t postcode_format_count(void) {
  return sizeof postcode_formats / sizeof postcode_formats[0];
}

bool postcode_compile(size_t i, pattern_prog *prog) {
  if (i >= postcode_format_count())
    return false;
  const postcode_format *f = &postcode_formats[i];
  return pattern_compile(prog, f->pattern, strlen(f->pattern), NULL) ==
         PATTERN_OK;
}

postcode_status postcode_check_compiled(const pattern_prog *progs,
                                        const char country[2], const char *p,
                                        size_t len,
                                        const char **format_description) {
  if (format_description)
    *format_description = NULL;
  if (!country)
    return POSTCODE_NO_FORMAT;
  int a = letter_index(country[0]), b = letter_index(country[1]);
  if (a < 0 || b < 0)
    return POSTCODE_NO_FORMAT;
  unsigned k = postcode_country_format[a * 26 + b];
  if (k == 0)
    return POSTCODE_NO_FORMAT;
  const postcode_format *f = &postcode_formats[k - 1];
  if (format_description)
    *format_description = f->description;

  /* The value without surrounding white space. */
  const unsigned char *u = (const unsigned char *)p;
  size_t i = 0, j = p ? len : 0;
  /* Most values have nothing to trim: a byte above ' ' at both ends. */
  if (!(j && u[0] > ' ' && u[j - 1] > ' ')) {
    while (i < j && is_space(u[i]))
      i++;
    while (j > i && is_space(u[j - 1]))
      j--;
  }

  /* Compiled once by the caller, or here on the stack. */
  pattern_prog local;
  const pattern_prog *prog = &local;
  if (progs)
    prog = &progs[k - 1];
  else if (pattern_compile(&local, f->pattern, strlen(f->pattern), NULL) !=
           PATTERN_OK) {
    /* Cannot happen: the tests compile every pattern. */
    if (format_description)
      *format_description = NULL;
    return POSTCODE_NO_FORMAT;
  }
  /* The rest without the redundant characters must match: nothing left,
   * or too much for any format, is invalid. */
  size_t kept;
  pattern_status st =
      pattern_match_skipping(prog, j > i ? p + i : NULL, j - i,
                             PATTERN_CASE_INSENSITIVE, f->redundant, &kept);
  return kept > 0 && st == PATTERN_MATCH ? POSTCODE_VALID : POSTCODE_INVALID;
}
"""


def gen_vectors_h(countries, formats, version):
    names = sorted(formats)
    index = {n: i for i, n in enumerate(names)}
    with_format = sorted(c for c in countries if countries[c])
    without = sorted(c for c in countries if not countries[c])
    out = comment_block([
        "Generated by lib/refdata/gen_postcodes.py \u2014 do not edit.",
        "",
        "Test vectors of the postcode formats, from the TestData of the "
        "formats of the npm package postal-codes-js %s (Apache-2.0), and "
        "the examples of the descriptions in gen_postcodes.py (valid). For "
        "tests/test_postcodes.c." % version,
    ])
    out += [
        "#ifndef SDQ_TEST_POSTCODE_VECTORS_H",
        "#define SDQ_TEST_POSTCODE_VECTORS_H",
        "",
        "#define POSTCODE_VECTOR_SOURCE %s" %
        c_string("postal-codes-js %s" % version),
        "",
        "typedef struct postcode_vector {",
        "  const char *value;",
        "  int valid;",
        "} postcode_vector;",
        "",
        "/* The vectors of a format: postcode_vectors[first .. first + "
        "n_valid +",
        " * n_invalid + n_examples), in that order. */",
        "typedef struct postcode_vector_format {",
        "  const char *name;",
        "  const char *description;",
        "  unsigned first, n_valid, n_invalid, n_examples;",
        "} postcode_vector_format;",
        "",
        "typedef struct postcode_vector_country {",
        "  char code[3];",
        "  unsigned format; /* index in postcode_vector_formats */",
        "} postcode_vector_country;",
        "",
        "static const postcode_vector postcode_vectors[] = {",
    ]
    fmt_rows = []
    first = 0
    for n in names:
        f = formats[n]
        out.append("    /* %s */" % n)
        rows = ([(v, 1) for v in f["valid"]] + [(v, 0) for v in f["invalid"]] +
                [(v, 1) for v in f["examples"]])
        for v, ok in rows:
            out.append("    {%s, %d}," % (c_string(v), ok))
        fmt_rows.append((n, f["description"], first, len(f["valid"]),
                         len(f["invalid"]), len(f["examples"])))
        first += len(rows)
    out += ["};", "",
            "static const postcode_vector_format postcode_vector_formats[] "
            "= {"]
    for n, desc, fst, nv, ni, ne in fmt_rows:
        head = "    {%s, " % c_string(n)
        tail = ", %d, %d, %d, %d}," % (fst, nv, ni, ne)
        one = head + c_string(desc) + tail
        if len(one) <= 80:
            out.append(one)
        else:
            out.append(head.rstrip())
            out += c_strings(desc, "     ", width=80 - len(tail) + 1,
                             words=True)
            out[-1] += tail
    out += ["};", "",
            "static const postcode_vector_country postcode_vector_countries[]"
            " = {"]
    out += wrap(['{"%s", %d},' % (c, index[countries[c]])
                 for c in with_format])
    out += ["};", "",
            "/* Countries listed by postal-codes-js without postcodes. */",
            "static const char postcode_vector_no_format[][3] = {"]
    out += wrap(['"%s",' % c for c in without])
    out += ["};", "", "#endif"]
    return "\n".join(out) + "\n"


def clang_format(text, path):
    """The text as the committed files have it: formatted with the
    repository's .clang-format, so that --check compares like with like."""
    try:
        done = subprocess.run(
            ["clang-format", "--style=file", "--assume-filename=" + path],
            input=text.encode("utf-8"), stdout=subprocess.PIPE, check=True,
            cwd=ROOT)
    except (OSError, subprocess.CalledProcessError) as e:
        fail("clang-format is needed to write %s: %s" % (path, e))
    return done.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--refdata", default="../shared/refdata",
                    help="directory of postal-codes/ and SOURCES.md "
                    "(relative to the repository root)")
    ap.add_argument("--source-version", default=None,
                    help="version of postal-codes-js, if SOURCES.md does "
                    "not say it")
    ap.add_argument("--check", action="store_true",
                    help="write nothing; fail if an output is out of date")
    args = ap.parse_args()

    refdata = os.path.join(ROOT, args.refdata)
    prov = read_sources_md(refdata)
    version = args.source_version
    if version is None:
        m = re.search(r"postal-codes-js (\d[0-9A-Za-z.\-]*)", prov["source"])
        if not m:
            fail("SOURCES.md does not give the version of postal-codes-js; "
                 "use --source-version")
        version = m.group(1)
    if "Apache-2.0" not in prov["licence"]:
        fail("SOURCES.md: postal-codes/ is not Apache-2.0 (%s)" %
             prov["licence"])

    countries, formats, digest = load(refdata)
    for f in formats.values():
        f["description"], f["examples"] = describe(f)
    check(formats)

    outputs = {
        "lib/refdata/postcodes.c":
            gen_postcodes_c(countries, formats, digest, version),
        "tests/postcode_vectors.h":
            gen_vectors_h(countries, formats, version),
    }
    stale = []
    for name, text in outputs.items():
        path = os.path.join(ROOT, name)
        # The library source is kept formatted; the test vectors as written.
        data = (clang_format(text, path) if name.endswith(".c")
                else text.encode("utf-8"))
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

    with_format = sum(1 for c in countries.values() if c)
    nv = sum(len(formats[c]["valid"]) for c in countries.values() if c)
    ni = sum(len(formats[c]["invalid"]) for c in countries.values() if c)
    print("postal-codes-js %s: %d countries, %d with one of %d formats, "
          "%d without; %d valid and %d invalid test values by country" %
          (version, len(countries), with_format, len(formats),
           len(countries) - with_format, nv, ni))
    if args.check:
        if stale:
            print("out of date: %s" % " ".join(stale))
            return 1
        print("up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
