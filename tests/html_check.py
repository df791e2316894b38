#!/usr/bin/env python3
"""Checks the HTML report of `sdq check --html`.

    html_check.py REPORT.html...         check the given pages
    html_check.py SDQ SOURCE_ROOT        make pages from the sample data and
                                         from awkward inputs, and check them

Each page must be UTF-8 with a doctype and a charset; load nothing from
elsewhere (no src, no href but '#' anchors, no url() or @import in CSS, no
<script src>, <link>, <iframe>, <object>, <embed>, <img>, <base>); have the
report's headings; have unique ids and balanced tags; and every <svg> must
be well-formed XML. With SDQ, the pages are also checked to be the same for
the same input, to escape what the input holds, and to say what lists leave
out. Ends with "N passed, N failed"; exits 1 if any check failed.
"""

import csv
import io
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

HEADINGS = [
    ("h1", "Shipment data quality report"),
    ("h2", "Completeness and validity per field"),
    ("h2", "Findings per rule"),
    ("h2", "Risk distribution"),
    ("h2", "Provider scorecards"),
    ("h2", "Top risky consignments"),
    ("h2", "Rejected records"),
    ("h2", "Unmapped columns"),
]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}
# SVG elements written self-closing (<rect/>) or that close themselves.
SVG_CHILDREN = {"rect", "line", "text", "tspan", "title", "g", "path",
                "circle", "polyline", "polygon", "defs", "pattern"}
FORBIDDEN = {"link", "iframe", "object", "embed", "img", "base", "frame",
             "audio", "video", "source", "track"}
URL_ATTRS = {"src", "href", "xlink:href", "action", "formaction", "poster",
             "srcset", "data", "background", "manifest", "ping"}

passed = 0
failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)
    return ok


class Page(HTMLParser):
    """Collects what the checks need while parsing."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.doctype = None
        self.charset = None
        self.lang = None
        self.urls = []        # (tag, attr, value)
        self.forbidden = []
        self.scripts_with_src = 0
        self.ids = []
        self.headings = []    # (tag, text)
        self.stack = []
        self.unbalanced = []
        self.style = []
        self._heading = None
        self._in_style = False

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs)

    def _start(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and "charset" in a:
            self.charset = a["charset"]
        if tag == "html":
            self.lang = a.get("lang")
        if tag in FORBIDDEN:
            self.forbidden.append(tag)
        if tag == "script" and "src" in a:
            self.scripts_with_src += 1
        for name, value in attrs:
            if name in URL_ATTRS:
                self.urls.append((tag, name, value or ""))
            if name == "style" and value:
                self.style.append(value)
        if "id" in a:
            self.ids.append(a["id"])
        if tag in ("h1", "h2"):
            self._heading = [tag, ""]
        if tag == "style":
            self._in_style = True

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self._heading and tag == self._heading[0]:
            self.headings.append((tag, " ".join(self._heading[1].split())))
            self._heading = None
        if tag == "style":
            self._in_style = False
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        else:
            self.unbalanced.append((tag, list(self.stack[-3:])))
            if tag in self.stack:  # recover
                while self.stack.pop() != tag:
                    pass

    def handle_data(self, data):
        if self._heading:
            self._heading[1] += data
        if self._in_style:
            self.style.append(data)


def svg_blocks(text):
    """The <svg ...>...</svg> substrings (SVG is never nested here)."""
    return re.findall(r"<svg\b.*?</svg>", text, flags=re.S)


def check_page(path):
    name = os.path.basename(path)
    try:
        raw = open(path, "rb").read()
    except OSError as e:
        check(False, "%s: cannot read: %s" % (name, e))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        check(False, "%s: not UTF-8 (%s)" % (name, e))
        return None
    check(True, "utf-8")
    p = Page()
    p.feed(text)
    p.close()
    check(p.doctype is not None and p.doctype.lower() == "doctype html",
          "%s: <!DOCTYPE html> first" % name)
    check((p.charset or "").lower() == "utf-8", "%s: meta charset utf-8" % name)
    check(bool(p.lang), "%s: <html lang>" % name)
    external = [u for u in p.urls if not u[2].startswith("#")]
    check(not external, "%s: external references %s" % (name, external[:5]))
    check(not p.forbidden, "%s: elements that load things: %s"
          % (name, sorted(set(p.forbidden))))
    check(p.scripts_with_src == 0, "%s: <script src>" % name)
    css = "\n".join(p.style)
    check(not re.search(r"url\s*\(|@import", css, flags=re.I),
          "%s: url() or @import in CSS" % name)
    check(not re.search(r"\b(?:https?|ftp):|//[a-z0-9.-]+\.[a-z]{2,}/",
                        css, flags=re.I),
          "%s: a network address in CSS" % name)
    anchors = {u[2][1:] for u in p.urls if u[2].startswith("#")}
    missing_targets = anchors - set(p.ids)
    check(not missing_targets, "%s: links to missing ids %s"
          % (name, sorted(missing_targets)))
    dup = sorted({i for i in p.ids if p.ids.count(i) > 1})
    check(not dup, "%s: duplicate ids %s" % (name, dup))
    check(not p.unbalanced and not p.stack,
          "%s: unbalanced tags %s, open at the end %s"
          % (name, p.unbalanced[:3], p.stack[-5:]))
    for tag, title in HEADINGS:
        check((tag, title) in p.headings,
              "%s: heading <%s>%s</%s>" % (name, tag, title, tag))
    for i, svg in enumerate(svg_blocks(text)):
        try:
            root = ET.fromstring(svg)
            ok = root.tag.endswith("svg")
            err = "root is %s" % root.tag
        except ET.ParseError as e:
            ok, err = False, str(e)
        check(ok, "%s: <svg> number %d is not well-formed XML: %s"
              % (name, i + 1, err))
    return text


# ---- making pages ----------------------------------------------------------

def sdq_html(sdq, workdir, name, inputs, *options):
    out = os.path.join(workdir, name + ".html")
    cmd = [sdq, "check", "--quiet", "--now", "2026-11-28", "--html", out]
    cmd += list(options) + list(inputs)
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if not check(r.returncode == 0 and os.path.exists(out),
                 "%s: sdq exited %d: %s"
                 % (name, r.returncode, r.stderr.decode(errors="replace"))):
        return None
    return out


def write_inputs(root, workdir):
    sample = os.path.join(root, "examples", "data", "sample.csv")
    rows = list(csv.reader(open(sample, encoding="utf-8", newline="")))
    header, body = rows[0], rows[1:]
    files = {"sample": sample}

    files["empty"] = os.path.join(workdir, "empty.csv")
    open(files["empty"], "w").close()

    files["header"] = os.path.join(workdir, "header.csv")
    with open(files["header"], "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerow(header)

    # 130 rows of the wrong width, a few good ones, an open quote at the end.
    files["malformed"] = os.path.join(workdir, "malformed.csv")
    with open(files["malformed"], "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        for i in range(130):
            if i % 40 == 0:
                w.writerow(body[i])
            f.write("BAD-%d,only,three\r\n" % i)
        f.write('BAD-X,"never closed\n')

    # Names to escape, a long one, many platforms, an unmapped column.
    pi, si = header.index("platform_id"), header.index("shipment_id")
    hostile = "<script>alert('x')</script> & \"Ltd\""
    long_name = "Very Long Marketplace Name International Holdings " * 4
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header + ["notes <b>&amp;</b>"])
    for i in range(240):
        r = list(body[i % len(body)])
        r[pi] = hostile if i % 9 == 0 else long_name if i % 9 == 1 else \
            "P-%03d" % (i % 80)
        r[si] = "SHP-H-%04d" % i + ("\u00e9" * 40 if i % 5 == 0 else "")
        w.writerow(r + ["<i>x</i>"])
    files["hostile"] = os.path.join(workdir, "hostile.csv")
    with open(files["hostile"], "w", encoding="utf-8", newline="") as f:
        f.write(out.getvalue())
    return files, hostile


def run_sdq(sdq, root):
    with tempfile.TemporaryDirectory() as workdir:
        files, hostile = write_inputs(root, workdir)
        pages = {}
        for name in ("sample", "empty", "header", "malformed", "hostile"):
            path = sdq_html(sdq, workdir, name, [files[name]], "--group-items")
            if path:
                pages[name] = (path, check_page(path))

        # The same input gives the same page, whatever the threads.
        again = sdq_html(sdq, workdir, "again", [files["sample"]],
                         "--group-items", "--threads", "3")
        if again and "sample" in pages:
            check(open(again, "rb").read() == open(pages["sample"][0],
                                                   "rb").read(),
                  "sample: the page differs between runs")

        def text_of(name):
            return pages.get(name, (None, None))[1] or ""

        sample = text_of("sample")
        check("Showing" not in sample or "of medium or high risk" in sample,
              "sample: the top list says what it leaves out")
        top3 = sdq_html(sdq, workdir, "top3", [files["sample"]],
                        "--group-items", "--top", "3")
        if top3:
            t = check_page(top3) or ""
            check(re.search(r"Showing 3 of \d+ consignments of medium or "
                            r"high risk", t) is not None,
                  "top3: 'Showing 3 of M consignments of medium or high "
                  "risk'")

        empty = text_of("empty")
        check("No record was assessed." in empty,
              "empty: says no record was assessed")
        check("<svg" in empty and "Mean quality" in empty,
              "empty: the header is still drawn")

        malformed = text_of("malformed")
        check(re.search(r"and \d+ more", malformed) is not None,
              "malformed: 'and N more' under the rejected records")
        check(malformed.count('<tr><td class="num">') >= 100,
              "malformed: the first 100 rejections are listed")

        h = text_of("hostile")
        check("<script" not in h.lower(), "hostile: no <script> element")
        check("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
              "&quot;Ltd&quot;" in h, "hostile: the provider name is escaped")
        check("notes &lt;b&gt;&amp;amp;&lt;/b&gt;" in h,
              "hostile: the unmapped column name is escaped")
        ids = re.findall(r'class="cut id" title="([^"]*)"', h)
        check(ids and not any("\ufffd" in i for i in ids),
              "hostile: cut shipment ids stay whole characters")
        check(re.search(r"Only the 50 with the most records are listed; "
                        r"\d+ more platforms", h) is not None,
              "hostile: the platforms past 50 are counted")
        check('class="cut name" title="Very Long' in h,
              "hostile: long names are cut, with the whole name as title")


def main(argv):
    if len(argv) == 3 and not argv[1].endswith(".html"):
        run_sdq(argv[1], argv[2])
    elif len(argv) >= 2:
        for path in argv[1:]:
            check_page(path)
    else:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
