/* The HTML report of `sdq check --html`: one self-contained page (inline
 * CSS and SVG; no script, font, image or anything else fetched) with the
 * data of the JSON report (docs/report.md), laid out to be read at a
 * glance. The page depends only on the input: it carries no date. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* Providers listed per kind; the rest are counted. */
#define PROVIDERS_LISTED 50

/* UTF-8 of characters used in the page's own text. */
#define EN_DASH "\xE2\x80\x93"
#define MIDDOT "\xC2\xB7"
#define THIN_SPACE "\xE2\x80\xAF" /* narrow no-break space */
#define ELLIPSIS "\xE2\x80\xA6"
#define REPLACEMENT "\xEF\xBF\xBD"

/* Colours: levels (green, amber, red, always with a text label) and the
 * shares of a field's values. */
static const char *const LEVEL_NAME[3] = {"Low", "Medium", "High"};
static const char *const LEVEL_CLASS[3] = {"low", "medium", "high"};
static const char *const LEVEL_COLOUR[3] = {"#1a7f37", "#e0a100", "#c62828"};
static const char *const LEVEL_TEXT[3] = {"#fff", "#1f2328", "#fff"};

/* Dimensions, from a palette that colour-blind readers can tell apart. */
static const char *const DIMENSION_COLOUR[SDQ_DIMENSION_COUNT] = {
    "#0072b2", /* completeness: blue */
    "#e69f00", /* validity: orange */
    "#009e73", /* consistency: bluish green */
    "#cc79a7", /* uniqueness: reddish purple */
    "#d55e00", /* risk: vermilion */
};

#define COLOUR_VALID "#3b75af"
#define COLOUR_INVALID "#d55e00"
#define COLOUR_PLACEHOLDER "#f0c05a"
#define COLOUR_MISSING "#4d4d4d"
#define COLOUR_MISSING_OPTIONAL "#d4d4d4"

/* What every section needs. */
typedef struct page {
  const run *r;
  const sdq_metrics *m;
  sdq_record_counts rc;
  sdq_score_summary sc;
  FILE *out;
} page;

/* ---- text ---------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at p (n bytes left), or 0. */
static size_t utf8_length(const unsigned char *p, size_t n) {
  unsigned c = p[0];
  size_t len;
  unsigned lo = 0x80, hi = 0xBF; /* range of the second byte */
  if (c >= 0xC2 && c <= 0xDF)
    len = 2;
  else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0)
      lo = 0xA0;
    else if (c == 0xED)
      hi = 0x9F; /* no surrogates */
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0)
      lo = 0x90;
    else if (c == 0xF4)
      hi = 0x8F;
  } else
    return 0;
  if (n < len || p[1] < lo || p[1] > hi)
    return 0;
  for (size_t i = 2; i < len; i++)
    if ((p[i] & 0xC0) != 0x80)
      return 0;
  return len;
}

/* Writes s[0..n) as HTML (and XML) text or attribute value: & < > " '
 * escaped; control characters and bytes that are not UTF-8 (a value cut
 * in the middle of a character) become U+FFFD. */
static void html_escape_n(FILE *out, const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    unsigned c = p[i];
    if (c >= 0x80) {
      size_t len = utf8_length(p + i, n - i);
      if (!len || (c == 0xC2 && p[i + 1] < 0xA0)) /* C1 controls */
        fputs(REPLACEMENT, out);
      else
        fwrite(p + i, 1, len, out);
      i += len ? len : 1;
      continue;
    }
    switch (c) {
    case '&':
      fputs("&amp;", out);
      break;
    case '<':
      fputs("&lt;", out);
      break;
    case '>':
      fputs("&gt;", out);
      break;
    case '"':
      fputs("&quot;", out);
      break;
    case '\'':
      fputs("&#39;", out);
      break;
    default:
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
        fputs(REPLACEMENT, out);
      else
        fputc((int)c, out);
    }
    i++;
  }
}

/* As html_escape_n for a NUL-terminated string; nothing for NULL. */
static void html_escape(FILE *out, const char *s) {
  if (s)
    html_escape_n(out, s, strlen(s));
}

/* As html_escape for a value copied into a buffer of `size` bytes: when
 * it fills the buffer it was probably cut, maybe inside a character; the
 * part of a character is dropped and an ellipsis shows the cut. */
static void html_escape_kept(FILE *out, const char *s, size_t size) {
  const char *end = memchr(s, '\0', size);
  size_t n = end ? (size_t)(end - s) : size;
  bool cut = n + 1 >= size;
  if (cut) {
    size_t lead = n;
    while (lead > 0 && n - lead < 3 &&
           ((unsigned char)s[lead - 1] & 0xC0) == 0x80)
      lead--;
    if (lead > 0 && (unsigned char)s[lead - 1] >= 0xC0 &&
        !utf8_length((const unsigned char *)s + lead - 1, n - lead + 1))
      n = lead - 1;
  }
  html_escape_n(out, s, n);
  if (cut)
    fputs(ELLIPSIS, out);
}

/* A value that may be long: cut visually by CSS, whole in the tooltip. */
static void put_long(FILE *out, const char *s, const char *cls) {
  fprintf(out, "<span class=\"cut%s%s\" title=\"", cls ? " " : "",
          cls ? cls : "");
  html_escape(out, s);
  fputs("\">", out);
  html_escape(out, s);
  fputs("</span>", out);
}

/* A count with narrow spaces between thousands: 1 234 567. */
static void put_count(FILE *out, uint64_t v) {
  char digits[24];
  int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)v);
  for (int i = 0; i < n; i++) {
    if (i && (n - i) % 3 == 0)
      fputs(THIN_SPACE, out);
    fputc(digits[i], out);
  }
}

/* part of whole as a percentage with one decimal, never rounded to 0 or
 * 100 when it is not; a dash when whole is 0. */
static void put_share(FILE *out, uint64_t part, uint64_t whole) {
  if (!whole) {
    fputs(EN_DASH, out);
    return;
  }
  double p = 100.0 * (double)part / (double)whole;
  if (part && p < 0.05)
    fputs("&lt;0.1%", out);
  else if (part < whole && p >= 99.95)
    fputs("&gt;99.9%", out);
  else
    fprintf(out, "%.1f%%", p);
}

static double share(uint64_t part, uint64_t whole) {
  return whole ? (double)part / (double)whole : 0.0;
}

static void put_score(FILE *out, double score) { fprintf(out, "%.1f", score); }

static const char *plural(uint64_t n, const char *one, const char *many) {
  return n == 1 ? one : many;
}

static void put_level(FILE *out, sdq_level level) {
  int l = level >= SDQ_LEVEL_LOW && level <= SDQ_LEVEL_HIGH ? (int)level : 0;
  fprintf(out, "<span class=\"level level-%s\">%s</span>", LEVEL_CLASS[l],
          LEVEL_NAME[l]);
}

/* ---- SVG ----------------------------------------------------------------- */

static void svg_open(FILE *out, int width, int height, const char *cls,
                     const char *label) {
  fprintf(out,
          "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"%s\" "
          "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
          "aria-label=\"",
          cls, width, height, width, height);
  html_escape(out, label);
  fputs("\">\n", out);
}

static void svg_rect(FILE *out, double x, double y, double w, double h,
                     const char *fill) {
  fprintf(out,
          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
          "fill=\"%s\"/>",
          x, y, w, h, fill);
}

/* A step for axis ticks: 1, 2 or 5 times a power of ten, so that max needs
 * at most four steps. */
static uint64_t tick_step(uint64_t max) {
  uint64_t p = 1;
  while (p <= UINT64_MAX / 200 && max > 20 * p)
    p *= 10;
  if (max <= 4 * p)
    return p;
  return max <= 8 * p ? 2 * p : 5 * p;
}

/* ---- head ---------------------------------------------------------------- */

static const char STYLE[] =
    ":root{--ink:#1f2328;--muted:#59636e;--line:#d0d7de;--soft:#f6f8fa;"
    "--low:#1a7f37;--medium:#e0a100;--high:#c62828}\n"
    "*{box-sizing:border-box}\n"
    "html{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "body{margin:0;color:var(--ink);background:#fff;font:14px/1.45 "
    "system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,"
    "sans-serif}\n"
    "main{max-width:1180px;margin:0 auto;padding:24px 32px 40px}\n"
    "h1{font-size:27px;margin:0 0 2px}\n"
    "h2{font-size:19px;margin:34px 0 10px;padding-bottom:4px;"
    "border-bottom:2px solid var(--line)}\n"
    "h3{font-size:15px;margin:18px 0 6px}\n"
    "p{margin:6px 0}\n"
    "code{font:12.5px/1.3 ui-monospace,SFMono-Regular,Menlo,Consolas,"
    "monospace}\n"
    ".meta,.note{color:var(--muted)}\n"
    ".note{font-size:13px}\n"
    "nav{margin:14px 0 0;font-size:13px}\n"
    "nav a{color:#0b5cad;margin-right:14px;text-decoration:none}\n"
    "nav a:hover{text-decoration:underline}\n"
    "table{border-collapse:collapse;width:100%;margin:6px 0}\n"
    "th,td{padding:4px 8px;border-bottom:1px solid var(--line);"
    "text-align:left;vertical-align:top}\n"
    "th{font-size:12px;font-weight:600;color:var(--muted);"
    "background:var(--soft)}\n"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;"
    "white-space:nowrap}\n"
    "table.inputs{width:auto;margin-top:10px}\n"
    ".cut{display:inline-block;max-width:100%;overflow:hidden;"
    "text-overflow:ellipsis;white-space:nowrap;vertical-align:bottom}\n"
    ".cut.name{max-width:260px}.cut.file{max-width:240px}"
    ".cut.id{max-width:180px}\n"
    ".kpis{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}\n"
    ".kpi{flex:1 1 130px;border:1px solid var(--line);border-radius:6px;"
    "padding:8px 12px;background:var(--soft)}\n"
    ".kpi .label{font-size:12px;color:var(--muted)}\n"
    ".kpi .value{font-size:30px;font-weight:650;line-height:1.15;"
    "font-variant-numeric:tabular-nums}\n"
    ".kpi .value small{font-size:14px;font-weight:400;color:var(--muted)}\n"
    ".kpi.big .value{font-size:38px}\n"
    ".kpi.alert{border-color:var(--high)}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:6px 18px;margin:4px 0 8px;"
    "padding:0;list-style:none;font-size:13px}\n"
    ".swatch{display:inline-block;width:12px;height:12px;border-radius:2px;"
    "margin-right:5px;vertical-align:-1px;border:1px solid rgba(0,0,0,.25)}\n"
    ".dims{display:flex;flex-wrap:wrap;gap:8px 22px;font-size:13px;"
    "margin:6px 0}\n"
    ".dims b{font-variant-numeric:tabular-nums}\n"
    "svg.chart{display:block;width:100%;height:auto;max-width:1100px}\n"
    "svg text{fill:var(--ink);font-size:12px}\n"
    "svg .axis{fill:var(--muted);font-size:11px}\n"
    "svg .head{fill:var(--muted);font-size:11px;font-weight:600}\n"
    "svg .grid{stroke:#e4e8ec;stroke-width:1}\n"
    "svg .base{stroke:#8c959f;stroke-width:1}\n"
    ".charts{display:flex;flex-wrap:wrap;gap:20px}\n"
    ".charts figure{flex:1 1 480px;margin:0}\n"
    "figcaption{font-weight:600;margin:0 0 4px}\n"
    ".level{display:inline-block;min-width:58px;padding:1px 7px;"
    "border-radius:10px;font-size:12px;font-weight:600;text-align:center}\n"
    ".level-low{background:var(--low);color:#fff}\n"
    ".level-medium{background:var(--medium);color:var(--ink)}\n"
    ".level-high{background:var(--high);color:#fff}\n"
    ".bad{color:var(--high);font-weight:600}\n"
    "th.reasons{width:48%}\n"
    "ol.reasons{margin:0;padding-left:18px}\n"
    "ol.reasons li{margin:0 0 3px}\n"
    ".contrib{font-variant-numeric:tabular-nums;font-weight:600;"
    "white-space:nowrap}\n"
    ".field{color:var(--muted)}\n"
    ".riskbar{display:inline-block;vertical-align:middle;margin-right:4px}\n"
    ".score{display:inline-block;min-width:3.2em;text-align:right}\n"
    "table.compact td{padding:2px 8px}\n"
    ".empty{color:var(--muted);font-style:italic}\n"
    "footer{margin-top:36px;padding-top:8px;border-top:1px solid "
    "var(--line);font-size:12px;color:var(--muted)}\n"
    "@media print{body{font-size:11px}main{max-width:none;padding:0}"
    "nav{display:none}h2{break-after:avoid;margin-top:20px}"
    "tr,figure,svg{break-inside:avoid}"
    ".cut{white-space:normal;overflow:visible}"
    "a{color:inherit;text-decoration:none}}\n";

static void write_head(const page *pg) {
  FILE *out = pg->out;
  const run *r = pg->r;
  fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
        "charset=\"utf-8\">\n<meta name=\"viewport\" "
        "content=\"width=device-width, initial-scale=1\">\n"
        "<title>Shipment data quality report",
        out);
  if (r->opt->input_count) {
    fputs(": ", out);
    html_escape(out, r->inputs[0].file);
    if (r->opt->input_count > 1)
      fprintf(out, " and %zu more", r->opt->input_count - 1);
  }
  fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n",
          STYLE);
}

/* ---- 1. header ----------------------------------------------------------- */

static void write_inputs(const page *pg) {
  FILE *out = pg->out;
  const run *r = pg->r;
  fputs("<table class=\"inputs\">\n<thead><tr><th>Input</th><th>Format</th>"
        "<th class=\"num\">Records</th><th class=\"num\">Bytes</th>"
        "<th>Status</th></tr></thead>\n<tbody>\n",
        out);
  for (size_t i = 0; i < r->opt->input_count; i++) {
    const input_stats *in = &r->inputs[i];
    fputs("<tr><td>", out);
    put_long(out, strcmp(in->file, "-") ? in->file : "(standard input)",
             "file");
    fprintf(out, "</td><td>%s</td><td class=\"num\">",
            in->format == SDQ_FORMAT_CSV ? "CSV" : "NDJSON");
    put_count(out, in->records);
    fputs("</td><td class=\"num\">", out);
    put_count(out, in->bytes);
    fputs(in->failed ? "</td><td class=\"bad\">not read to the end</td></tr>\n"
                     : "</td><td>read</td></tr>\n",
          out);
  }
  fputs("</tbody>\n</table>\n", out);
}

static void kpi_count(FILE *out, const char *label, uint64_t v, bool alert) {
  fprintf(out, "<div class=\"kpi%s\"><div class=\"label\">%s</div>",
          alert ? " alert" : "", label);
  fputs("<div class=\"value\">", out);
  put_count(out, v);
  fputs("</div></div>\n", out);
}

static void kpi_score(FILE *out, const char *label, double score, bool assessed,
                      const char *hint) {
  fprintf(out,
          "<div class=\"kpi big\"><div class=\"label\">%s</div>"
          "<div class=\"value\">",
          label);
  if (assessed) {
    put_score(out, score);
    fputs("<small> / 100</small>", out);
  } else
    fputs(EN_DASH, out);
  fprintf(out, "</div><div class=\"label\">%s</div></div>\n",
          assessed ? hint : "no record assessed");
}

static void write_kpis(const page *pg) {
  FILE *out = pg->out;
  bool assessed = pg->rc.assessed > 0;
  fputs("<div class=\"kpis\">\n", out);
  kpi_score(out, "Mean quality", pg->sc.mean_quality, assessed,
            "checks passed, higher is better");
  kpi_score(out, "Mean risk", pg->sc.mean_risk, assessed,
            "from the findings, lower is better");
  kpi_count(out, "Records read", pg->rc.read, false);
  kpi_count(out, "Assessed", pg->rc.assessed, false);
  kpi_count(out, "Rejected (unreadable)", pg->rc.rejected, pg->rc.rejected > 0);
  kpi_count(out, "Goods items", pg->rc.items, false);
  fputs("</div>\n", out);
}

/* The risk levels as one stacked bar, with a legend in words. */
static void write_levels(const page *pg) {
  FILE *out = pg->out;
  const uint64_t *lv = pg->sc.levels;
  uint64_t total = lv[0] + lv[1] + lv[2];
  const double W = 1100, H = 34;
  fputs("<h3>Risk levels of the assessed consignments</h3>\n", out);
  svg_open(out, (int)W, (int)H, "chart", "Risk levels: stacked bar");
  if (!total) {
    svg_rect(out, 0, 0, W, H, "#eef1f4");
    fprintf(out,
            "<text x=\"%.0f\" y=\"22\" text-anchor=\"middle\" "
            "class=\"axis\">no record assessed</text>\n",
            W / 2);
  }
  double x = 0;
  for (int l = 0; total && l < 3; l++) {
    if (!lv[l])
      continue;
    double w = W * share(lv[l], total);
    fputs("<g><title>", out);
    fprintf(out, "%s risk: ", LEVEL_NAME[l]);
    put_count(out, lv[l]);
    fputs(" consignments (", out);
    put_share(out, lv[l], total);
    fputs(")</title>", out);
    svg_rect(out, x, 0, w < 2 ? 2 : w, H, LEVEL_COLOUR[l]);
    if (w >= 90) {
      fprintf(out,
              "<text x=\"%.1f\" y=\"22\" style=\"fill:%s;font-weight:600\">"
              "%s ",
              x + 8, LEVEL_TEXT[l], LEVEL_NAME[l]);
      put_count(out, lv[l]);
      fputs("</text>", out);
    }
    fputs("</g>\n", out);
    x += w;
  }
  fputs("</svg>\n<ul class=\"legend\">\n", out);
  for (int l = 0; l < 3; l++) {
    fprintf(out,
            "<li><span class=\"swatch\" style=\"background:%s\"></span>"
            "<b>%s</b> ",
            LEVEL_COLOUR[l], LEVEL_NAME[l]);
    put_count(out, lv[l]);
    fputs(" (", out);
    put_share(out, lv[l], total);
    fputs(")</li>\n", out);
  }
  fputs("</ul>\n", out);
}

static void write_dimensions(const page *pg) {
  FILE *out = pg->out;
  if (!pg->rc.assessed)
    return;
  fputs("<div class=\"dims\"><span class=\"meta\">Checks passed by "
        "dimension:</span>\n",
        out);
  for (int d = 0; d < SDQ_DIMENSION_COUNT; d++) {
    uint64_t made = pg->sc.checks_made[d];
    if (!made)
      continue; /* risk rules are findings, not checks */
    fprintf(out,
            "<span title=\"%llu of %llu checks passed\"><span "
            "class=\"swatch\" style=\"background:%s\"></span>%s <b>",
            (unsigned long long)pg->sc.checks_passed[d],
            (unsigned long long)made, DIMENSION_COLOUR[d],
            sdq_dimension_name((sdq_dimension)d));
    put_share(out, pg->sc.checks_passed[d], made);
    fputs("</b></span>\n", out);
  }
  fputs("</div>\n", out);
  uint64_t tracked = 0, untracked = 0;
  sdq_metrics_ids(pg->m, &tracked, &untracked);
  if (untracked) {
    fputs("<p class=\"note bad\">", out);
    put_count(out, untracked);
    fputs(" ids were not remembered (the profile's max_ids was reached): "
          "duplicates of those cannot be found.</p>\n",
          out);
  }
}

static void write_header(const page *pg) {
  FILE *out = pg->out;
  const run *r = pg->r;
  fputs("<header>\n<h1>Shipment data quality report</h1>\n<p class=\"meta\">"
        "Profile <strong>",
        out);
  html_escape(out, sdq_engine_profile(r->engine));
  fprintf(out, "</strong> " MIDDOT " sdq %s", sdq_version());
  if (r->opt->group_items)
    fputs(" " MIDDOT " CSV rows with the same shipment_id read as one "
          "consignment",
          out);
  fputs("</p>\n", out);
  write_inputs(pg);
  write_kpis(pg);
  write_levels(pg);
  write_dimensions(pg);
  fputs("<nav aria-label=\"Sections\"><a href=\"#fields\">Fields</a>"
        "<a href=\"#rules\">Findings</a><a href=\"#distribution\">Risk "
        "distribution</a><a href=\"#providers\">Providers</a>"
        "<a href=\"#top\">Riskiest consignments</a>"
        "<a href=\"#rejected\">Rejected records</a>"
        "<a href=\"#unmapped\">Unmapped columns</a></nav>\n</header>\n",
        out);
}

/* ---- 2. completeness and validity per field ------------------------------ */

typedef struct field_row {
  sdq_field field;
  sdq_field_counts c;
  uint64_t valid, invalid; /* present = valid + invalid */
  double defects;          /* share of occurrences that are defects */
} field_row;

static int by_defects(const void *a, const void *b) {
  const field_row *x = a, *y = b;
  if (x->defects != y->defects)
    return x->defects < y->defects ? 1 : -1;
  return (x->field > y->field) - (x->field < y->field);
}

/* Fields the profile requires and fields with invalid values, worst
 * first. Missing counts as a defect only where the field is required on
 * its own (a field of a "one of" group may be missing). */
static size_t field_rows(const page *pg, field_row *rows) {
  size_t n = 0;
  for (int pass = 0; pass < 2; pass++) {
    int base = pass ? SDQ_ITEM_FIELD_BASE : 0;
    int count = pass ? SDQ_ITEM_FIELD_COUNT : SDQ_CONSIGNMENT_FIELD_COUNT;
    for (int k = 0; k < count; k++) {
      field_row *fr = &rows[n];
      fr->field = (sdq_field)(base + k);
      sdq_metrics_field(pg->m, fr->field, &fr->c);
      if (!fr->c.required && !fr->c.invalid)
        continue;
      fr->invalid =
          fr->c.invalid < fr->c.present ? fr->c.invalid : fr->c.present;
      fr->valid = fr->c.present - fr->invalid;
      uint64_t bad = fr->invalid + fr->c.placeholder +
                     (fr->c.required == 1 ? fr->c.missing : 0);
      fr->defects = share(bad, fr->c.occurrences);
      n++;
    }
  }
  qsort(rows, n, sizeof *rows, by_defects);
  return n;
}

static void requirement_text(FILE *out, uint64_t required) {
  if (required == 1)
    fputs("required", out);
  else if (required >= 2)
    fprintf(out, "one of group %llu", (unsigned long long)(required - 1));
  else
    fputs("optional", out);
}

static void write_field_row(FILE *out, const field_row *fr, double y) {
  const double BAR_X = 270, BAR_W = 400, BAR_H = 16;
  const uint64_t parts[4] = {fr->valid, fr->invalid, fr->c.placeholder,
                             fr->c.missing};
  const char *colours[4] = {COLOUR_VALID, COLOUR_INVALID, COLOUR_PLACEHOLDER,
                            fr->c.required == 1 ? COLOUR_MISSING
                                                : COLOUR_MISSING_OPTIONAL};
  const char *name = sdq_field_name(fr->field);
  uint64_t occ = fr->c.occurrences;
  fprintf(out, "<g><title>%s (", name);
  requirement_text(out, fr->c.required);
  fputs("): ", out);
  put_count(out, occ);
  fputs(sdq_field_is_item(fr->field) ? " item occurrences; " : " occurrences; ",
        out);
  put_count(out, fr->c.present);
  fputs(" present, of which ", out);
  put_count(out, fr->invalid);
  fputs(" invalid; ", out);
  put_count(out, fr->c.placeholder);
  fputs(" placeholder; ", out);
  put_count(out, fr->c.missing);
  fputs(" missing</title>\n", out);
  fprintf(out,
          "<text x=\"160\" y=\"%.0f\" text-anchor=\"end\"%s>%s</text>"
          "<text x=\"170\" y=\"%.0f\" class=\"axis\">",
          y + 13, fr->c.required == 1 ? " font-weight=\"600\"" : "", name,
          y + 13);
  requirement_text(out, fr->c.required);
  fputs("</text>\n", out);
  svg_rect(out, BAR_X, y + 2, BAR_W, BAR_H, "#eef1f4");
  double x = BAR_X;
  for (int i = 0; occ && i < 4; i++) {
    if (!parts[i])
      continue;
    double w = BAR_W * share(parts[i], occ);
    svg_rect(out, x, y + 2, w < 1.5 ? 1.5 : w, BAR_H, colours[i]);
    x += w;
  }
  const double cols[4] = {770, 860, 965, 1060};
  const uint64_t shown[4] = {fr->c.present, fr->invalid, fr->c.placeholder,
                             fr->c.missing};
  for (int i = 0; i < 4; i++) {
    bool flag = i > 0 && shown[i] && (i < 3 || fr->c.required == 1);
    fprintf(out, "\n<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\"%s>",
            cols[i], y + 13, flag ? " font-weight=\"600\"" : "");
    put_share(out, shown[i], occ);
    fputs("</text>", out);
  }
  fputs("</g>\n", out);
}

static void write_fields(const page *pg) {
  FILE *out = pg->out;
  field_row rows[SDQ_CONSIGNMENT_FIELD_COUNT + SDQ_ITEM_FIELD_COUNT];
  fputs("<section id=\"fields\">\n<h2>Completeness and validity per "
        "field</h2>\n",
        out);
  size_t n = field_rows(pg, rows);
  if (!pg->rc.assessed || !n) {
    fprintf(out, "<p class=\"empty\">%s</p>\n</section>\n",
            pg->rc.assessed ? "The profile requires no field, and no value "
                              "was invalid."
                            : "No record was assessed.");
    return;
  }
  fputs("<p class=\"note\">The fields the profile requires and the fields "
        "with invalid values, worst first. Shares of the field's "
        "occurrences (each item counts for an item field); a value that is "
        "present may still be invalid.</p>\n<ul class=\"legend\">\n",
        out);
  const char *legend[5][2] = {
      {COLOUR_VALID, "present and valid"},
      {COLOUR_INVALID, "present but invalid"},
      {COLOUR_PLACEHOLDER, "placeholder (N/A, unknown, ...)"},
      {COLOUR_MISSING, "missing"},
      {COLOUR_MISSING_OPTIONAL, "missing, not required on its own"},
  };
  for (int i = 0; i < 5; i++)
    fprintf(out,
            "<li><span class=\"swatch\" style=\"background:%s\"></span>%s"
            "</li>\n",
            legend[i][0], legend[i][1]);
  fputs("</ul>\n", out);
  const double ROW = 24, TOP = 22;
  svg_open(out, 1100, (int)(TOP + ROW * (double)n + 4), "chart",
           "Completeness and validity per field, worst first");
  fputs("<text x=\"160\" y=\"14\" text-anchor=\"end\" class=\"head\">field"
        "</text><text x=\"170\" y=\"14\" class=\"head\">requirement</text>"
        "<text x=\"270\" y=\"14\" class=\"head\">share of occurrences</text>"
        "<text x=\"770\" y=\"14\" text-anchor=\"end\" class=\"head\">present"
        "</text><text x=\"860\" y=\"14\" text-anchor=\"end\" class=\"head\">"
        "invalid</text><text x=\"965\" y=\"14\" text-anchor=\"end\" "
        "class=\"head\">placeholder</text><text x=\"1060\" y=\"14\" "
        "text-anchor=\"end\" class=\"head\">missing</text>\n",
        out);
  for (size_t i = 0; i < n; i++)
    write_field_row(out, &rows[i], TOP + ROW * (double)i);
  fputs("</svg>\n</section>\n", out);
}

/* ---- 3. findings per rule ------------------------------------------------ */

/* Rules with findings, most records first (then catalogue order). */
static size_t rules_with_findings(const sdq_metrics *m, size_t *order,
                                  sdq_rule_counts *counts, size_t cap) {
  size_t n = 0;
  for (size_t i = 0; i < sdq_rule_count() && n < cap; i++) {
    sdq_rule_counts c;
    sdq_metrics_rule(m, i, &c);
    if (!c.findings)
      continue;
    size_t j = n++;
    for (; j > 0 && counts[j - 1].records < c.records; j--) {
      order[j] = order[j - 1];
      counts[j] = counts[j - 1];
    }
    order[j] = i;
    counts[j] = c;
  }
  return n;
}

static void write_rule_row(const page *pg, size_t rule,
                           const sdq_rule_counts *c, uint64_t max, double y) {
  FILE *out = pg->out;
  const double BAR_X = 270, BAR_W = 500, BAR_H = 16;
  sdq_dimension dim = sdq_rule_dimension(rule);
  double w = BAR_W * share(c->records, max);
  fputs("<g><title>", out);
  html_escape(out, sdq_rule_id(rule));
  fprintf(out, " (%s): ", sdq_dimension_name(dim));
  html_escape(out, sdq_rule_summary(rule));
  fputs("</title>\n", out);
  fprintf(out, "<text x=\"260\" y=\"%.0f\" text-anchor=\"end\">", y + 13);
  html_escape(out, sdq_rule_id(rule));
  fputs("</text>", out);
  svg_rect(out, BAR_X, y + 2, w < 1.5 ? 1.5 : w, BAR_H,
           DIMENSION_COLOUR[(int)dim]);
  fprintf(out, "\n<text x=\"%.1f\" y=\"%.0f\"><tspan font-weight=\"600\">",
          BAR_X + w + 8, y + 13);
  put_count(out, c->records);
  fprintf(out, "</tspan> %s (", plural(c->records, "record", "records"));
  put_share(out, c->records, pg->rc.assessed);
  fputs(") " MIDDOT " ", out);
  put_count(out, c->findings);
  fprintf(out, " %s</text></g>\n", plural(c->findings, "finding", "findings"));
}

static void write_rules(const page *pg) {
  FILE *out = pg->out;
  size_t cap = sdq_rule_count();
  size_t *order = malloc((cap ? cap : 1) * sizeof *order);
  sdq_rule_counts *counts = malloc((cap ? cap : 1) * sizeof *counts);
  fputs("<section id=\"rules\">\n<h2>Findings per rule</h2>\n", out);
  size_t n =
      order && counts ? rules_with_findings(pg->m, order, counts, cap) : 0;
  if (!n) {
    fprintf(out, "<p class=\"empty\">%s</p>\n",
            !order || !counts ? "Out of memory: the rules are not listed."
            : pg->rc.assessed ? "No finding: every check passed."
                              : "No record was assessed.");
  } else {
    fputs("<p class=\"note\">Records with at least one finding of the rule "
          "(share of the assessed records) and findings in all. Point at a "
          "bar for what the rule checks; docs/rules.md describes each.</p>\n"
          "<ul class=\"legend\">\n",
          out);
    for (int d = 0; d < SDQ_DIMENSION_COUNT; d++)
      fprintf(out,
              "<li><span class=\"swatch\" style=\"background:%s\"></span>%s"
              "</li>\n",
              DIMENSION_COLOUR[d], sdq_dimension_name((sdq_dimension)d));
    fputs("</ul>\n", out);
    const double ROW = 24;
    svg_open(out, 1100, (int)(ROW * (double)n + 6), "chart",
             "Records per rule, most first");
    for (size_t i = 0; i < n; i++)
      write_rule_row(pg, order[i], &counts[i], counts[0].records,
                     2 + ROW * (double)i);
    fputs("</svg>\n", out);
  }
  fputs("</section>\n", out);
  free(order);
  free(counts);
}

/* ---- 4. score distributions ---------------------------------------------- */

typedef struct histogram {
  const char *title, *score, *colour;
  const uint64_t *bins;
  double mean;
} histogram;

/* Geometry of a histogram: the plot area inside a 540 x 262 chart. */
#define HIST_X 56.0
#define HIST_Y 30.0
#define HIST_W 460.0
#define HIST_H 180.0
#define HIST_BIN (HIST_W / SDQ_HISTOGRAM_BINS)

/* Grid lines and the y axis up to `top` in steps of `step`; the x axis. */
static void histogram_axes(FILE *out, const histogram *h, uint64_t top,
                           uint64_t step) {
  for (uint64_t t = 0; t <= top; t += step) {
    double y = HIST_Y + HIST_H - HIST_H * share(t, top);
    fprintf(out,
            "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" "
            "class=\"%s\"/><text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\" "
            "class=\"axis\">",
            HIST_X, HIST_X + HIST_W, y, y, t ? "grid" : "base", HIST_X - 6,
            y + 4);
    put_count(out, t);
    fputs("</text>\n", out);
    if (top - t < step)
      break;
  }
  for (int s = 0; s <= 100; s += 25)
    fprintf(out,
            "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\" "
            "class=\"axis\">%d</text>",
            HIST_X + HIST_W * s / 100.0, HIST_Y + HIST_H + 16, s);
  fprintf(out,
          "\n<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\" "
          "class=\"axis\">%s score (bins of 5 points)</text>\n"
          "<text transform=\"rotate(-90)\" x=\"%.0f\" y=\"14\" "
          "text-anchor=\"middle\" class=\"axis\">records</text>\n",
          HIST_X + HIST_W / 2, HIST_Y + HIST_H + 36, h->score,
          -(HIST_Y + HIST_H / 2));
}

/* A dashed line at the mean, labelled above the plot. */
static void histogram_mean(FILE *out, const histogram *h) {
  double x = HIST_X + HIST_W * h->mean / 100.0;
  bool left = h->mean > 70;
  fprintf(out,
          "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.0f\" y2=\"%.0f\" "
          "stroke=\"#1f2328\" stroke-dasharray=\"4 3\"/>"
          "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"%s\" "
          "font-weight=\"600\">mean ",
          x, x, HIST_Y - 12, HIST_Y + HIST_H, left ? x - 5 : x + 5, HIST_Y - 16,
          left ? "end" : "start");
  put_score(out, h->mean);
  fputs("</text>\n", out);
}

/* One column per bin, with its count above it and in its tooltip. */
static void histogram_columns(FILE *out, const histogram *h, uint64_t top,
                              uint64_t total) {
  for (int k = 0; k < SDQ_HISTOGRAM_BINS; k++) {
    uint64_t v = h->bins[k];
    double hgt = HIST_H * share(v, top);
    if (v && hgt < 1.5)
      hgt = 1.5;
    double x = HIST_X + HIST_BIN * k;
    fprintf(out, "<g><title>%s %d to %s%d: ", h->score, 5 * k,
            k == SDQ_HISTOGRAM_BINS - 1 ? "" : "under ", 5 * k + 5);
    put_count(out, v);
    fprintf(out, " %s (", plural(v, "record", "records"));
    put_share(out, v, total);
    fputs(")</title>", out);
    /* an invisible full-height target, for the tooltip of small bins */
    fprintf(out,
            "<rect x=\"%.1f\" y=\"%.0f\" width=\"%.1f\" height=\"%.0f\" "
            "fill=\"transparent\"/>",
            x, HIST_Y, HIST_BIN, HIST_H);
    svg_rect(out, x + 2, HIST_Y + HIST_H - hgt, HIST_BIN - 4, hgt, h->colour);
    if (v) {
      fprintf(out,
              "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
              "class=\"axis\" font-size=\"10\">",
              x + HIST_BIN / 2, HIST_Y + HIST_H - hgt - 3);
      put_count(out, v);
      fputs("</text>", out);
    }
    fputs("</g>\n", out);
  }
}

/* A histogram of `total` assessed records (at least one). */
static void write_histogram(FILE *out, const histogram *h, uint64_t total) {
  uint64_t max = 0;
  for (int k = 0; k < SDQ_HISTOGRAM_BINS; k++)
    if (h->bins[k] > max)
      max = h->bins[k];
  uint64_t step = tick_step(max ? max : 1);
  uint64_t top = (max + step - 1) / step * step;
  if (!top)
    top = step;
  fprintf(out, "<figure>\n<figcaption>%s</figcaption>\n", h->title);
  svg_open(out, 540, 262, "chart", h->title);
  histogram_axes(out, h, top, step);
  histogram_mean(out, h);
  histogram_columns(out, h, top, total);
  fputs("</svg>\n</figure>\n", out);
}

static void write_distribution(const page *pg) {
  FILE *out = pg->out;
  fputs("<section id=\"distribution\">\n<h2>Risk distribution</h2>\n", out);
  if (!pg->rc.assessed) {
    fputs("<p class=\"empty\">No record was assessed.</p>\n</section>\n", out);
    return;
  }
  fputs("<p class=\"note\">Assessed consignments by score. Risk is 100 "
        "&#215; (1 &#8722; &#8719;(1 &#8722; w)) over the weights of the "
        "findings; quality is the share of checks passed.</p>\n"
        "<div class=\"charts\">\n",
        out);
  histogram risk = {"Risk", "risk", "#b5442c", pg->sc.risk_histogram,
                    pg->sc.mean_risk};
  histogram quality = {"Quality", "quality", COLOUR_VALID,
                       pg->sc.quality_histogram, pg->sc.mean_quality};
  write_histogram(out, &risk, pg->rc.assessed);
  write_histogram(out, &quality, pg->rc.assessed);
  fputs("</div>\n</section>\n", out);
}

/* ---- 5. provider scorecards ---------------------------------------------- */

typedef struct provider_row {
  size_t index; /* first seen first */
  const sdq_metrics *pm;
  const char *name;
  uint64_t records;
  double mean_risk;
} provider_row;

static int by_index(size_t a, size_t b) { return (a > b) - (a < b); }

static int by_records(const void *a, const void *b) {
  const provider_row *x = a, *y = b;
  if (x->records != y->records)
    return x->records < y->records ? 1 : -1;
  return by_index(x->index, y->index);
}

static int by_mean_risk(const void *a, const void *b) {
  const provider_row *x = a, *y = b;
  if (x->mean_risk != y->mean_risk)
    return x->mean_risk < y->mean_risk ? 1 : -1;
  return by_records(a, b);
}

/* The provider's least complete field of those required on their own. */
static void put_worst_field(FILE *out, const sdq_metrics *pm) {
  sdq_field worst = SDQ_FIELD_NONE;
  double worst_share = 2;
  sdq_field_counts worst_c;
  memset(&worst_c, 0, sizeof worst_c);
  for (int pass = 0; pass < 2; pass++) {
    int base = pass ? SDQ_ITEM_FIELD_BASE : 0;
    int count = pass ? SDQ_ITEM_FIELD_COUNT : SDQ_CONSIGNMENT_FIELD_COUNT;
    for (int k = 0; k < count; k++) {
      sdq_field_counts c;
      sdq_metrics_field(pm, (sdq_field)(base + k), &c);
      if (c.required != 1 || !c.occurrences)
        continue;
      double s = share(c.present, c.occurrences);
      if (s < worst_share) {
        worst_share = s;
        worst = (sdq_field)(base + k);
        worst_c = c;
      }
    }
  }
  if (worst == SDQ_FIELD_NONE)
    fputs(EN_DASH, out);
  else if (worst_c.present == worst_c.occurrences)
    fputs("all complete", out);
  else {
    fprintf(out, "%s <b>", sdq_field_name(worst));
    put_share(out, worst_c.present, worst_c.occurrences);
    fputs("</b>", out);
  }
}

static void put_top_rule(FILE *out, const sdq_metrics *pm) {
  size_t best = 0;
  uint64_t best_records = 0;
  for (size_t i = 0; i < sdq_rule_count(); i++) {
    sdq_rule_counts c;
    sdq_metrics_rule(pm, i, &c);
    if (c.records > best_records) {
      best = i;
      best_records = c.records;
    }
  }
  if (!best_records) {
    fputs(EN_DASH, out);
    return;
  }
  fputs("<code title=\"", out);
  html_escape(out, sdq_rule_summary(best));
  fputs("\">", out);
  html_escape(out, sdq_rule_id(best));
  fputs("</code> ", out);
  put_count(out, best_records);
}

static void write_provider_row(FILE *out, const provider_row *p,
                               double max_risk) {
  sdq_score_summary sc;
  sdq_metrics_scores(p->pm, &sc);
  uint64_t above = sc.levels[1] + sc.levels[2];
  fputs("<tr><td>", out);
  put_long(out, p->name, "name");
  fputs("</td><td class=\"num\">", out);
  put_count(out, p->records);
  fputs("</td><td class=\"num\">", out);
  put_score(out, sc.mean_quality);
  fputs("</td><td class=\"num\">", out);
  double w = max_risk > 0 ? 64.0 * sc.mean_risk / max_risk : 0;
  fprintf(out,
          "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"riskbar\" "
          "width=\"64\" height=\"10\" viewBox=\"0 0 64 10\" "
          "aria-hidden=\"true\"><rect width=\"64\" height=\"10\" "
          "fill=\"#eef1f4\"/><rect width=\"%.1f\" height=\"10\" "
          "fill=\"#b5442c\"/></svg><span class=\"score\">",
          w);
  put_score(out, sc.mean_risk);
  fprintf(out, "</span></td><td class=\"num%s\">", above ? " bad" : "");
  put_count(out, above);
  fputs(" (", out);
  put_share(out, above, p->records);
  fputs(")</td><td>", out);
  put_worst_field(out, p->pm);
  fputs("</td><td>", out);
  put_top_rule(out, p->pm);
  fputs("</td></tr>\n", out);
}

static const char *what_lower(sdq_field kind, uint64_t n) {
  if (kind == SDQ_FIELD_PLATFORM_ID)
    return plural(n, "platform", "platforms");
  return plural(n, "carrier", "carriers");
}

static void write_provider_kind(const page *pg, sdq_field kind,
                                provider_row *rows, size_t total) {
  FILE *out = pg->out;
  const char *what = kind == SDQ_FIELD_PLATFORM_ID ? "Platforms" : "Carriers";
  size_t n = 0;
  for (size_t i = 0; i < total; i++) {
    sdq_field k;
    const char *name;
    const sdq_metrics *pm = sdq_metrics_provider(pg->m, i, &k, &name);
    if (!pm || k != kind)
      continue;
    sdq_record_counts rc;
    sdq_score_summary sc;
    sdq_metrics_records(pm, &rc);
    sdq_metrics_scores(pm, &sc);
    provider_row p = {i, pm, name ? name : "", rc.assessed, sc.mean_risk};
    rows[n++] = p;
  }
  fprintf(out, "<h3>%s (<code>%s</code>)</h3>\n", what, sdq_field_name(kind));
  if (!n) {
    fprintf(out, "<p class=\"empty\">No record has a %s.</p>\n",
            sdq_field_name(kind));
    return;
  }
  qsort(rows, n, sizeof *rows, by_records);
  size_t shown = n < PROVIDERS_LISTED ? n : PROVIDERS_LISTED;
  uint64_t hidden_records = 0;
  for (size_t i = shown; i < n; i++)
    hidden_records += rows[i].records;
  qsort(rows, shown, sizeof *rows, by_mean_risk);
  fputs("<table>\n<thead><tr><th>Name</th><th class=\"num\">Records</th>"
        "<th class=\"num\">Mean quality</th><th class=\"num\">Mean risk</th>"
        "<th class=\"num\">Medium + high</th><th>Least complete required "
        "field</th><th>Most frequent finding (records)</th></tr></thead>\n"
        "<tbody>\n",
        out);
  for (size_t i = 0; i < shown; i++)
    write_provider_row(out, &rows[i], rows[0].mean_risk);
  fputs("</tbody>\n</table>\n", out);
  if (shown < n) {
    fprintf(out,
            "<p class=\"note\">Only the %zu with the most records are "
            "listed; ",
            shown);
    put_count(out, n - shown);
    fprintf(out, " more %s, with ", what_lower(kind, n - shown));
    put_count(out, hidden_records);
    fprintf(out, " %s in all, %s not listed.</p>\n",
            plural(hidden_records, "record", "records"),
            n - shown == 1 ? "is" : "are");
  }
}

static void write_providers(const page *pg) {
  FILE *out = pg->out;
  size_t total = sdq_metrics_provider_count(pg->m);
  fputs("<section id=\"providers\">\n<h2>Provider scorecards</h2>\n"
        "<p class=\"note\">Every assessed record counts for its platform "
        "and for its carrier. Sorted by mean risk, highest first; the bars "
        "are scaled to the highest mean risk in the table.</p>\n",
        out);
  provider_row *rows = malloc((total ? total : 1) * sizeof *rows);
  if (!rows)
    fputs("<p class=\"empty\">Out of memory: the providers are not "
          "listed.</p>\n",
          out);
  else {
    write_provider_kind(pg, SDQ_FIELD_PLATFORM_ID, rows, total);
    write_provider_kind(pg, SDQ_FIELD_CARRIER_ID, rows, total);
  }
  free(rows);
  fputs("</section>\n", out);
}

/* ---- 6. riskiest consignments -------------------------------------------- */

static int riskiest_first(const void *a, const void *b) {
  const top_record *x = a, *y = b;
  if (x->risk != y->risk)
    return x->risk < y->risk ? 1 : -1;
  return (x->record > y->record) - (x->record < y->record);
}

/* What the list holds, in the terms of the JSON report's "top". */
static void write_top_caption(const page *pg) {
  FILE *out = pg->out;
  const run *r = pg->r;
  uint64_t listed = r->top_count, above = r->above_low;
  fputs("<p>", out);
  if (!r->opt->top) {
    fputs("The list is turned off (--top 0). ", out);
    put_count(out, above);
    fprintf(out, " %s of medium or high risk.",
            plural(above, "consignment is", "consignments are"));
  } else if (!listed) {
    fputs("No consignment has a finding that adds to its risk.", out);
  } else if (above > listed) {
    fputs("<strong>Showing ", out);
    put_count(out, listed);
    fputs(" of ", out);
    put_count(out, above);
    fprintf(out,
            " consignments of medium or high risk</strong>, the riskiest "
            "first (the list is limited by --top %llu).",
            (unsigned long long)r->opt->top);
  } else if (above) {
    fputs(above == 1 ? "The one consignment" : "All ", out);
    if (above > 1)
      put_count(out, above);
    fprintf(out, "%s of medium or high risk %s listed",
            above > 1 ? " consignments" : "", above > 1 ? "are" : "is");
    if (listed > above) {
      fputs(", followed by the ", out);
      put_count(out, listed - above);
      fputs(" riskiest of low risk", out);
    }
    fputc('.', out);
  } else {
    fputs("No consignment is of medium or high risk; these are the ", out);
    put_count(out, listed);
    fputs(" riskiest of low risk.", out);
  }
  fputs("</p>\n", out);
}

static void write_reasons(FILE *out, const top_record *t) {
  if (!t->reason_count) {
    fputs(EN_DASH, out);
    return;
  }
  fputs("<ol class=\"reasons\">", out);
  for (size_t k = 0; k < t->reason_count && k < TOP_REASONS; k++) {
    fputs("<li><span class=\"contrib\" title=\"points of the risk score\">+",
          out);
    put_score(out, t->reasons[k].contribution);
    fputs("</span> <code>", out);
    html_escape(out, t->reasons[k].rule);
    fputs("</code>", out);
    if (t->reasons[k].field[0]) {
      fputs(" <span class=\"field\">", out);
      html_escape(out, t->reasons[k].field);
      fputs("</span>", out);
    }
    fputs(": ", out);
    html_escape_kept(out, t->reasons[k].message, sizeof t->reasons[k].message);
    fputs("</li>", out);
  }
  fputs("</ol>", out);
}

static void write_top(const page *pg) {
  FILE *out = pg->out;
  const run *r = pg->r;
  fputs("<section id=\"top\">\n<h2>Top risky consignments</h2>\n", out);
  write_top_caption(pg);
  top_record *t = NULL;
  if (r->top_count && !(t = malloc(r->top_count * sizeof *t)))
    fputs("<p class=\"empty\">Out of memory: the consignments are not "
          "listed.</p>\n",
          out);
  if (t) {
    memcpy(t, r->top, r->top_count * sizeof *t);
    qsort(t, r->top_count, sizeof *t, riskiest_first);
    fputs("<table>\n<thead><tr><th class=\"num\">#</th><th class=\"num\">"
          "Record</th><th>Source</th><th>Shipment id</th><th>Risk</th>"
          "<th class=\"num\">Quality</th><th class=\"reasons\">Main reasons "
          "(points of risk)</th></tr></thead>\n<tbody>\n",
          out);
    for (size_t i = 0; i < r->top_count; i++) {
      char source[64];
      fprintf(out, "<tr><td class=\"num\">%zu</td><td class=\"num\">", i + 1);
      put_count(out, t[i].record);
      fputs("</td><td>", out);
      snprintf(source, sizeof source, ":%llu", (unsigned long long)t[i].line);
      fputs("<span class=\"cut file\" title=\"", out);
      html_escape(out, t[i].file);
      fprintf(out, "%s\">", source);
      html_escape(out, t[i].file);
      fprintf(out, "%s</span></td><td>", source);
      if (t[i].id[0]) {
        fputs("<span class=\"cut id\" title=\"", out);
        html_escape_kept(out, t[i].id, sizeof t[i].id);
        fputs("\">", out);
        html_escape_kept(out, t[i].id, sizeof t[i].id);
        fputs("</span>", out);
      } else
        fputs("<span class=\"empty\">no id</span>", out);
      fputs("</td><td class=\"num\">", out);
      put_level(out, t[i].level);
      fputs(" <b>", out);
      put_score(out, t[i].risk);
      fputs("</b></td><td class=\"num\">", out);
      put_score(out, t[i].quality);
      fputs("</td><td>", out);
      write_reasons(out, &t[i]);
      fputs("</td></tr>\n", out);
    }
    fputs("</tbody>\n</table>\n", out);
  }
  free(t);
  fputs("</section>\n", out);
}

/* ---- 7. rejected records and unmapped columns ---------------------------- */

static void write_rejected(const page *pg) {
  FILE *out = pg->out;
  const run *r = pg->r;
  fputs("<section id=\"rejected\">\n<h2>Rejected records</h2>\n", out);
  if (!r->rejections_total) {
    fputs("<p class=\"empty\">None: every record could be read.</p>\n"
          "</section>\n",
          out);
    return;
  }
  fputs("<p>", out);
  put_count(out, r->rejections_total);
  fprintf(out,
          " %s could not be read and %s not assessed.</p>\n"
          "<table class=\"compact\">\n<thead>"
          "<tr><th class=\"num\">Record</th><th>Input</th><th class=\"num\">"
          "Line</th><th class=\"num\">Column</th><th>Reason</th></tr>"
          "</thead>\n<tbody>\n",
          plural(r->rejections_total, "record", "records"),
          r->rejections_total == 1 ? "was" : "were");
  for (size_t i = 0; i < r->rejection_count; i++) {
    const rejection *j = &r->rejections[i];
    fputs("<tr><td class=\"num\">", out);
    put_count(out, j->record);
    fputs("</td><td>", out);
    put_long(out, j->file, "file");
    fputs("</td><td class=\"num\">", out);
    put_count(out, j->line);
    fputs("</td><td class=\"num\">", out);
    put_count(out, j->column);
    fputs("</td><td>", out);
    html_escape(out, j->message);
    fputs("</td></tr>\n", out);
  }
  fputs("</tbody>\n</table>\n", out);
  if (r->rejections_total > r->rejection_count) {
    fputs("<p class=\"note\">&#8230; and ", out);
    put_count(out, r->rejections_total - r->rejection_count);
    fprintf(out, " more (the first %zu are listed).</p>\n", r->rejection_count);
  }
  fputs("</section>\n", out);
}

static void write_unmapped(const page *pg) {
  FILE *out = pg->out;
  const run *r = pg->r;
  fputs("<section id=\"unmapped\">\n<h2>Unmapped columns</h2>\n", out);
  if (!r->unmapped_count) {
    fputs("<p class=\"empty\">None: every column or key maps onto a "
          "field.</p>\n</section>\n",
          out);
    return;
  }
  fputs("<p class=\"note\">Source columns (CSV) or keys (NDJSON) that map "
        "onto no field: their values were ignored. Map them with --map "
        "COLUMN=FIELD or --mapping FILE.json.</p>\n<table class=\"inputs\">"
        "\n<thead><tr><th>Name</th><th class=\"num\">Values</th></tr>"
        "</thead>\n<tbody>\n",
        out);
  for (size_t i = 0; i < r->unmapped_count; i++) {
    fputs("<tr><td>", out);
    put_long(out, r->unmapped[i].name, "name");
    fputs("</td><td class=\"num\">", out);
    put_count(out, r->unmapped[i].values);
    fputs("</td></tr>\n", out);
  }
  fputs("</tbody>\n</table>\n</section>\n", out);
}

static void write_footer(const page *pg) {
  FILE *out = pg->out;
  fprintf(out, "<footer>sdq %s " MIDDOT " profile ", sdq_version());
  html_escape(out, sdq_engine_profile(pg->r->engine));
  fputs(" " MIDDOT " The rules are described in docs/rules.md, the counts "
        "in docs/report.md.</footer>\n</main>\n</body>\n</html>\n",
        out);
}

void write_report_html(const run *r, FILE *out) {
  page pg;
  memset(&pg, 0, sizeof pg);
  pg.r = r;
  pg.out = out;
  pg.m = sdq_batch_metrics(r->batch);
  sdq_metrics_records(pg.m, &pg.rc);
  sdq_metrics_scores(pg.m, &pg.sc);
  write_head(&pg);
  write_header(&pg);
  write_fields(&pg);
  write_rules(&pg);
  write_distribution(&pg);
  write_providers(&pg);
  write_top(&pg);
  write_rejected(&pg);
  write_unmapped(&pg);
  write_footer(&pg);
}
