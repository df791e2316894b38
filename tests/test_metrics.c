/*
 * Metrics: merging, saving and loading.
 *
 * - Merging the metrics of two parts of an input gives the metrics of the
 *   whole, count for count and byte for byte: examples/data/sample.ndjson
 *   and sample.csv (found through SDQ_SOURCE_ROOT, the source root) are
 *   split at a record boundary into two inputs, each read into a batch of
 *   its own, and the whole into a third.
 *
 *   Exactness needs care: a batch sees only its own records, so a
 *   dataset-level finding that pairs a record of the first part with one of
 *   the second (a duplicate id, a split shipment, a value per kg judged
 *   against the items before it) would appear in the whole but in neither
 *   part. The split point below (after record 150) has no such pair in the
 *   sample: its duplicate ids are records 56/124 (both in the first part)
 *   and 224/262, 225/277, 230/237 (all in the second). The test checks this
 *   precondition itself: every record must get the same findings (rule,
 *   field, item, severity, weight) in its part as in the whole, before the
 *   metrics are compared.
 *
 * - Saved metrics load back to metrics that save to the same bytes, and
 *   merging loaded parts equals merging the originals.
 *
 * - Loading anything that is not such metrics (garbage, every prefix of a
 *   valid file, a wrong magic or version, flipped bytes, data after the
 *   end, an unknown rule or field) fails with SDQ_EPARSE and a message, or
 *   for flipped counts may load, but never crashes (run it under
 *   AddressSanitizer); metrics that load keep read = assessed + rejected.
 *
 * - Past 10,000 providers, the rest count as "(other)".
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sdq.h"
#include "test_util.h"

/* ------------------------------------------------------------------------ */
/* Engines and inputs                                                        */
/* ------------------------------------------------------------------------ */

/* 2026-11-01T00:00:00Z: the sample's dates in the future are judged
 * against a fixed day. */
static const int64_t REF_2026_11_01 = INT64_C(1793491200);

/* The core profile (every rule on) with a fixed reference time. */
static sdq_engine *new_engine(void) {
  sdq_config *c = NULL;
  sdq_engine *e = NULL;
  assert_int_equal(sdq_config_new(NULL, &c), SDQ_OK);
  assert_int_equal(sdq_config_set_reference_time(c, REF_2026_11_01), SDQ_OK);
  assert_int_equal(sdq_engine_new(c, &e, NULL), SDQ_OK);
  sdq_config_free(c);
  return e;
}

/* A file of the source tree (malloc'd), failing the test clearly when
 * SDQ_SOURCE_ROOT is not set. */
static char *source_file(const char *relative, size_t *len) {
  const char *root = getenv("SDQ_SOURCE_ROOT");
  if (!root || !*root)
    fail_msg("SDQ_SOURCE_ROOT is not set: it must name the source root (the "
             "directory holding %s)",
             relative);
  char *path = tu_path(root, relative);
  assert_non_null(path);
  char *data = tu_read_file(path, len);
  if (!data)
    fail_msg("cannot read %s (SDQ_SOURCE_ROOT=%s)", path, root);
  free(path);
  return data;
}

/* The findings of one record, as text without messages (messages of
 * duplicates name the record number within the batch). */
typedef struct signatures {
  char **s;
  size_t n, cap;
} signatures;

static void signatures_add(signatures *sg, const sdq_result *res) {
  if (sg->n == sg->cap) {
    sg->cap = sg->cap ? sg->cap * 2 : 64;
    sg->s = realloc(sg->s, sg->cap * sizeof *sg->s);
    assert_non_null(sg->s);
  }
  tu_buf b = {0};
  tu_printf(&b, "risk=%.17g quality=%.17g", sdq_result_risk(res),
            sdq_result_quality(res));
  for (size_t i = 0; i < sdq_result_finding_count(res); i++) {
    const sdq_finding *f = sdq_result_finding(res, i);
    tu_printf(&b, " | %s %d %d %d %.17g", sdq_rule_id(f->rule), (int)f->field,
              (int)f->item, (int)f->severity, f->weight);
  }
  assert_false(b.oom);
  if (!b.p)
    tu_puts(&b, "");
  sg->s[sg->n++] = b.p;
}

static void signatures_free(signatures *sg) {
  for (size_t i = 0; i < sg->n; i++)
    free(sg->s[i]);
  free(sg->s);
  memset(sg, 0, sizeof *sg);
}

/* What reading an input gave. */
typedef struct reading {
  size_t records;  /* assessed */
  size_t rejected; /* rejected by the reader */
  uint64_t *lines; /* first line of each assessed record */
} reading;

/* Reads `data` whole and assesses every record in `b`; rejected records
 * are counted with sdq_batch_reject(). `sg` (may be NULL) gets each
 * record's findings. */
static reading read_into(const sdq_engine *e, sdq_format format, int group,
                         const char *data, size_t len, sdq_batch *b,
                         signatures *sg) {
  reading rd = {0, 0, NULL};
  size_t cap = 0;
  sdq_reader *r = NULL;
  sdq_record *rec = NULL;
  sdq_result *res = NULL;
  assert_int_equal(sdq_reader_new(e, format, &r), SDQ_OK);
  if (group)
    assert_int_equal(sdq_reader_set_group_items(r, 1), SDQ_OK);
  assert_int_equal(sdq_record_new(e, &rec), SDQ_OK);
  assert_int_equal(sdq_result_new(e, &res), SDQ_OK);
  assert_int_equal(sdq_reader_feed(r, data, len), SDQ_OK);
  assert_int_equal(sdq_reader_finish(r), SDQ_OK);
  for (;;) {
    sdq_error err;
    memset(&err, 0, sizeof err);
    sdq_status st = sdq_reader_next(r, rec, &err);
    if (st == SDQ_END)
      break;
    if (st == SDQ_OK) {
      assert_int_equal(sdq_batch_assess(b, rec, res), SDQ_OK);
      if (sg)
        signatures_add(sg, res);
      if (rd.records == cap) {
        cap = cap ? cap * 2 : 256;
        rd.lines = realloc(rd.lines, cap * sizeof *rd.lines);
        assert_non_null(rd.lines);
      }
      rd.lines[rd.records++] = sdq_record_line(rec);
      continue;
    }
    if (st != SDQ_EPARSE && st != SDQ_ELIMIT)
      fail_msg("reader returned %d: %s", (int)st, err.message);
    assert_int_equal(sdq_batch_reject(b, &err), SDQ_OK);
    rd.rejected++;
  }
  sdq_result_free(res);
  sdq_record_free(rec);
  sdq_reader_free(r);
  return rd;
}

/* Offset of the start of 1-based line `line`. */
static size_t line_offset(const char *data, size_t len, uint64_t line) {
  size_t off = 0;
  for (uint64_t l = 1; l < line; l++) {
    const char *nl = memchr(data + off, '\n', len - off);
    assert_non_null(nl);
    off = (size_t)(nl - data) + 1;
  }
  return off;
}

/* ------------------------------------------------------------------------ */
/* Comparing metrics                                                         */
/* ------------------------------------------------------------------------ */

static const sdq_field *all_fields(size_t *n) {
  static sdq_field f[SDQ_CONSIGNMENT_FIELD_COUNT + SDQ_ITEM_FIELD_COUNT];
  size_t k = 0;
  for (int i = 0; i < SDQ_CONSIGNMENT_FIELD_COUNT; i++)
    f[k++] = (sdq_field)i;
  for (int i = 0; i < SDQ_ITEM_FIELD_COUNT; i++)
    f[k++] = (sdq_field)(SDQ_ITEM_FIELD_BASE + i);
  *n = k;
  return f;
}

/* Every count of a group (the providers aside) is equal. With `strict`,
 * the counts are also consistent with each other as assessment makes them
 * (metrics loaded from damaged data need not be). */
static void expect_same_group(const sdq_metrics *a, const sdq_metrics *b,
                              const char *what, int strict) {
  sdq_record_counts ra, rb;
  assert_int_equal(sdq_metrics_records(a, &ra), SDQ_OK);
  assert_int_equal(sdq_metrics_records(b, &rb), SDQ_OK);
  if (memcmp(&ra, &rb, sizeof ra) != 0)
    fail_msg("%s: records differ: read %llu/%llu assessed %llu/%llu "
             "rejected %llu/%llu items %llu/%llu",
             what, (unsigned long long)ra.read, (unsigned long long)rb.read,
             (unsigned long long)ra.assessed, (unsigned long long)rb.assessed,
             (unsigned long long)ra.rejected, (unsigned long long)rb.rejected,
             (unsigned long long)ra.items, (unsigned long long)rb.items);
  assert_int_equal(ra.read, ra.assessed + ra.rejected);
  sdq_score_summary sa, sb;
  assert_int_equal(sdq_metrics_scores(a, &sa), SDQ_OK);
  assert_int_equal(sdq_metrics_scores(b, &sb), SDQ_OK);
  if (sa.mean_quality != sb.mean_quality || sa.mean_risk != sb.mean_risk)
    fail_msg("%s: means differ: quality %.17g/%.17g risk %.17g/%.17g", what,
             sa.mean_quality, sb.mean_quality, sa.mean_risk, sb.mean_risk);
  for (int l = 0; l < 3; l++)
    if (sa.levels[l] != sb.levels[l])
      fail_msg("%s: level %d differs", what, l);
  for (int d = 0; d < SDQ_DIMENSION_COUNT; d++)
    if (sa.checks_made[d] != sb.checks_made[d] ||
        sa.checks_passed[d] != sb.checks_passed[d])
      fail_msg("%s: checks of dimension %d differ", what, d);
  for (int h = 0; h < SDQ_HISTOGRAM_BINS; h++)
    if (sa.quality_histogram[h] != sb.quality_histogram[h] ||
        sa.risk_histogram[h] != sb.risk_histogram[h])
      fail_msg("%s: histogram bin %d differs", what, h);
  size_t nf;
  const sdq_field *fields = all_fields(&nf);
  for (size_t i = 0; i < nf; i++) {
    sdq_field_counts fa, fb;
    assert_int_equal(sdq_metrics_field(a, fields[i], &fa), SDQ_OK);
    assert_int_equal(sdq_metrics_field(b, fields[i], &fb), SDQ_OK);
    if (memcmp(&fa, &fb, sizeof fa) != 0)
      fail_msg(
          "%s: field %s differs: occurrences %llu/%llu present "
          "%llu/%llu missing %llu/%llu placeholder %llu/%llu invalid "
          "%llu/%llu",
          what, sdq_field_name(fields[i]), (unsigned long long)fa.occurrences,
          (unsigned long long)fb.occurrences, (unsigned long long)fa.present,
          (unsigned long long)fb.present, (unsigned long long)fa.missing,
          (unsigned long long)fb.missing, (unsigned long long)fa.placeholder,
          (unsigned long long)fb.placeholder, (unsigned long long)fa.invalid,
          (unsigned long long)fb.invalid);
    if (strict)
      assert_int_equal(fa.occurrences,
                       fa.present + fa.missing + fa.placeholder);
  }
  for (size_t r = 0; r < sdq_rule_count(); r++) {
    sdq_rule_counts ca, cb;
    assert_int_equal(sdq_metrics_rule(a, r, &ca), SDQ_OK);
    assert_int_equal(sdq_metrics_rule(b, r, &cb), SDQ_OK);
    if (ca.records != cb.records || ca.findings != cb.findings)
      fail_msg("%s: rule %s differs: records %llu/%llu findings %llu/%llu",
               what, sdq_rule_id(r), (unsigned long long)ca.records,
               (unsigned long long)cb.records, (unsigned long long)ca.findings,
               (unsigned long long)cb.findings);
    if (strict)
      assert_true(ca.records <= ca.findings);
  }
}

/* The provider of that kind and name, or NULL. */
static const sdq_metrics *provider_named(const sdq_metrics *m, sdq_field kind,
                                         const char *name) {
  for (size_t i = 0; i < sdq_metrics_provider_count(m); i++) {
    sdq_field k;
    const char *n;
    const sdq_metrics *p = sdq_metrics_provider(m, i, &k, &n);
    assert_non_null(p);
    if (k == kind && strcmp(n, name) == 0)
      return p;
  }
  return NULL;
}

/* Everything is equal: the counts, the ids, and every provider's
 * scorecard by kind and name (in any order). */
static void expect_same_metrics_(const sdq_metrics *a, const sdq_metrics *b,
                                 int strict) {
  expect_same_group(a, b, "all records", strict);
  uint64_t ta = 0, ua = 0, tb = 0, ub = 0;
  assert_int_equal(sdq_metrics_ids(a, &ta, &ua), SDQ_OK);
  assert_int_equal(sdq_metrics_ids(b, &tb, &ub), SDQ_OK);
  assert_int_equal(ta, tb);
  assert_int_equal(ua, ub);
  size_t n = sdq_metrics_provider_count(a);
  assert_int_equal(n, sdq_metrics_provider_count(b));
  for (size_t i = 0; i < n; i++) {
    sdq_field kind = SDQ_FIELD_NONE;
    const char *name = NULL;
    const sdq_metrics *pa = sdq_metrics_provider(a, i, &kind, &name);
    assert_non_null(pa);
    assert_non_null(name);
    assert_true(kind == SDQ_FIELD_PLATFORM_ID || kind == SDQ_FIELD_CARRIER_ID);
    /* Usually at the same place; else anywhere. */
    sdq_field kb = SDQ_FIELD_NONE;
    const char *nb = NULL;
    const sdq_metrics *pb = sdq_metrics_provider(b, i, &kb, &nb);
    if (!pb || kb != kind || strcmp(nb, name) != 0)
      pb = provider_named(b, kind, name);
    if (!pb)
      fail_msg("provider %s \"%s\" is missing", sdq_field_name(kind), name);
    char what[200];
    snprintf(what, sizeof what, "provider %s \"%s\"", sdq_field_name(kind),
             name);
    expect_same_group(pa, pb, what, strict);
    assert_int_equal(sdq_metrics_provider_count(pa), 0);
  }
}

static void expect_same_metrics(const sdq_metrics *a, const sdq_metrics *b) {
  expect_same_metrics_(a, b, 1);
}

/* The saved bytes (malloc'd). */
static unsigned char *save(const sdq_metrics *m, size_t *len) {
  size_t need = 0;
  assert_int_equal(sdq_metrics_save(m, NULL, 0, &need), SDQ_ERANGE);
  assert_true(need > 16);
  unsigned char *buf = malloc(need + 1);
  assert_non_null(buf);
  /* One byte short is too small; the size is the same whatever the cap. */
  size_t got = 0;
  assert_int_equal(sdq_metrics_save(m, buf, need - 1, &got), SDQ_ERANGE);
  assert_int_equal(got, need);
  buf[need] = 0xA5;
  assert_int_equal(sdq_metrics_save(m, buf, need + 1, &got), SDQ_OK);
  assert_int_equal(got, need);
  assert_int_equal(buf[need], 0xA5); /* nothing written past the end */
  *len = need;
  return buf;
}

#define expect_same_bytes(a, b) expect_same_bytes_((a), (b), __FILE__, __LINE__)
static void expect_same_bytes_(const sdq_metrics *a, const sdq_metrics *b,
                               const char *file, int line) {
  size_t la = 0, lb = 0;
  unsigned char *sa = save(a, &la), *sb = save(b, &lb);
  size_t first = 0;
  while (first < la && first < lb && sa[first] == sb[first])
    first++;
  if (la != lb || first != la)
    fail_msg("%s:%d: saved metrics differ: %zu and %zu bytes, first "
             "difference at byte %zu",
             file, line, la, lb, first);
  free(sa);
  free(sb);
}

static sdq_metrics *load_ok(const sdq_engine *e, const void *data, size_t len) {
  sdq_metrics *m = NULL;
  sdq_error err;
  memset(&err, 0, sizeof err);
  sdq_status st = sdq_metrics_load(e, data, len, &m, &err);
  if (st != SDQ_OK)
    fail_msg("load failed (%d) at offset %llu: %s", (int)st,
             (unsigned long long)err.offset, err.message);
  assert_non_null(m);
  return m;
}

/* load(save(m)) saves to the same bytes, and has the same counts. */
static sdq_metrics *round_trip_(const sdq_engine *e, const sdq_metrics *m,
                                int strict) {
  size_t len = 0;
  unsigned char *bytes = save(m, &len);
  sdq_metrics *back = load_ok(e, bytes, len);
  expect_same_metrics_(m, back, strict);
  expect_same_bytes(m, back);
  free(bytes);
  return back;
}

static sdq_metrics *round_trip(const sdq_engine *e, const sdq_metrics *m) {
  return round_trip_(e, m, 1);
}

/* ------------------------------------------------------------------------ */
/* Merging the parts of a file                                               */
/* ------------------------------------------------------------------------ */

enum { SPLIT_AFTER = 150 };

static void merge_halves(const char *relative, sdq_format format, int group) {
  size_t len = 0;
  char *data = source_file(relative, &len);
  sdq_engine *e = new_engine();

  /* The whole. */
  sdq_batch *whole = NULL;
  assert_int_equal(sdq_batch_new(e, &whole), SDQ_OK);
  signatures sw = {0};
  reading rw = read_into(e, format, group, data, len, whole, &sw);
  assert_true(rw.records > SPLIT_AFTER + 100);

  /* The parts: the input split at the first line of record SPLIT_AFTER + 1
   * (for CSV the second part gets the header row too). */
  size_t off = line_offset(data, len, rw.lines[SPLIT_AFTER]);
  size_t header = 0;
  if (format == SDQ_FORMAT_CSV)
    header = line_offset(data, len, 2);
  char *second = malloc(header + (len - off) + 1);
  assert_non_null(second);
  memcpy(second, data, header);
  memcpy(second + header, data + off, len - off);
  sdq_batch *a = NULL, *b = NULL;
  assert_int_equal(sdq_batch_new(e, &a), SDQ_OK);
  assert_int_equal(sdq_batch_new(e, &b), SDQ_OK);
  signatures sa = {0}, sb = {0};
  reading ra = read_into(e, format, group, data, off, a, &sa);
  reading rb = read_into(e, format, group, second, header + len - off, b, &sb);
  assert_int_equal(ra.records, SPLIT_AFTER);
  assert_int_equal(ra.records + rb.records, rw.records);
  assert_int_equal(ra.rejected + rb.rejected, rw.rejected);
  /* Rejected records count as read in every part. */
  assert_int_equal(sdq_batch_reject(whole, NULL), SDQ_OK);
  assert_int_equal(sdq_batch_reject(whole, NULL), SDQ_OK);
  assert_int_equal(sdq_batch_reject(whole, NULL), SDQ_OK);
  assert_int_equal(sdq_batch_reject(a, NULL), SDQ_OK);
  assert_int_equal(sdq_batch_reject(b, NULL), SDQ_OK);
  assert_int_equal(sdq_batch_reject(b, NULL), SDQ_OK);

  /* The precondition: each record has the same findings in its part as in
   * the whole (no dataset-level finding pairs records across the split). */
  for (size_t i = 0; i < rw.records; i++) {
    const char *part = i < ra.records ? sa.s[i] : sb.s[i - ra.records];
    if (strcmp(sw.s[i], part) != 0)
      fail_msg("%s: record %zu has other findings in its part than in the "
               "whole; the input is not suitable for an exact merge test:\n"
               "whole: %s\npart:  %s",
               relative, i + 1, sw.s[i], part);
  }

  const sdq_metrics *mw = sdq_batch_metrics(whole);
  const sdq_metrics *ma = sdq_batch_metrics(a);
  const sdq_metrics *mb = sdq_batch_metrics(b);
  sdq_record_counts rc;
  assert_int_equal(sdq_metrics_records(mw, &rc), SDQ_OK);
  assert_int_equal(rc.assessed, rw.records);
  assert_int_equal(rc.rejected, rw.rejected + 3);
  /* Platforms and carriers. */
  assert_true(sdq_metrics_provider_count(mw) >= 8);
  bool kinds[2] = {false, false};
  for (size_t i = 0; i < sdq_metrics_provider_count(mw); i++) {
    sdq_field kind;
    sdq_metrics_provider(mw, i, &kind, NULL);
    kinds[kind == SDQ_FIELD_CARRIER_ID] = true;
  }
  assert_true(kinds[0] && kinds[1]);
  /* The sample has duplicates in each part: the rule counts are not 0. */
  size_t dup = 0;
  assert_int_equal(sdq_rule_find("uniqueness.duplicate_id", &dup), SDQ_OK);
  sdq_rule_counts dc;
  assert_int_equal(sdq_metrics_rule(ma, dup, &dc), SDQ_OK);
  assert_true(dc.findings > 0);
  assert_int_equal(sdq_metrics_rule(mb, dup, &dc), SDQ_OK);
  assert_true(dc.findings > 0);

  /* A then B: equal to the whole, count for count and byte for byte (the
   * providers are in the order they were first seen in both). */
  sdq_metrics *m = NULL;
  assert_int_equal(sdq_metrics_new(e, &m), SDQ_OK);
  assert_int_equal(sdq_metrics_merge(m, ma), SDQ_OK);
  assert_int_equal(sdq_metrics_merge(m, mb), SDQ_OK);
  expect_same_metrics(m, mw);
  expect_same_metrics(mw, m);
  expect_same_bytes(m, mw);
  /* B then A: the same counts, providers in another order. */
  sdq_metrics *r = NULL;
  assert_int_equal(sdq_metrics_new(e, &r), SDQ_OK);
  assert_int_equal(sdq_metrics_merge(r, mb), SDQ_OK);
  assert_int_equal(sdq_metrics_merge(r, ma), SDQ_OK);
  expect_same_metrics(r, mw);
  expect_same_metrics(mw, r);
  /* Into A directly. */
  sdq_metrics *a2 = round_trip(e, ma);
  assert_int_equal(sdq_metrics_merge(a2, mb), SDQ_OK);
  expect_same_bytes(a2, mw);

  /* Saved and loaded: the same bytes; merging loaded parts equals merging
   * the originals. */
  sdq_metrics *lw = round_trip(e, mw);
  sdq_metrics *la = round_trip(e, ma);
  sdq_metrics *lb = round_trip(e, mb);
  sdq_metrics *lm = round_trip(e, m);
  sdq_metrics *l2 = NULL;
  assert_int_equal(sdq_metrics_new(e, &l2), SDQ_OK);
  assert_int_equal(sdq_metrics_merge(l2, la), SDQ_OK);
  assert_int_equal(sdq_metrics_merge(l2, lb), SDQ_OK);
  expect_same_bytes(l2, m);
  expect_same_bytes(l2, lw);
  expect_same_bytes(lm, lw);
  expect_same_metrics(l2, mw);

  sdq_metrics_free(l2);
  sdq_metrics_free(lm);
  sdq_metrics_free(lb);
  sdq_metrics_free(la);
  sdq_metrics_free(lw);
  sdq_metrics_free(a2);
  sdq_metrics_free(r);
  sdq_metrics_free(m);
  signatures_free(&sw);
  signatures_free(&sa);
  signatures_free(&sb);
  free(rw.lines);
  free(ra.lines);
  free(rb.lines);
  sdq_batch_free(whole);
  sdq_batch_free(a);
  sdq_batch_free(b);
  sdq_engine_free(e);
  free(second);
  free(data);
}

static void test_merge_halves_ndjson(void **state) {
  (void)state;
  merge_halves("examples/data/sample.ndjson", SDQ_FORMAT_NDJSON, 0);
}

static void test_merge_halves_csv(void **state) {
  (void)state;
  merge_halves("examples/data/sample.csv", SDQ_FORMAT_CSV, 1);
}

/* The metrics of the CSV and the NDJSON form of the sample are the same:
 * both hold the same consignments. */
static void test_csv_and_ndjson_agree(void **state) {
  (void)state;
  size_t lc = 0, ln = 0;
  char *csv = source_file("examples/data/sample.csv", &lc);
  char *nd = source_file("examples/data/sample.ndjson", &ln);
  sdq_engine *e = new_engine();
  sdq_batch *bc = NULL, *bn = NULL;
  assert_int_equal(sdq_batch_new(e, &bc), SDQ_OK);
  assert_int_equal(sdq_batch_new(e, &bn), SDQ_OK);
  reading rc = read_into(e, SDQ_FORMAT_CSV, 1, csv, lc, bc, NULL);
  reading rn = read_into(e, SDQ_FORMAT_NDJSON, 0, nd, ln, bn, NULL);
  assert_int_equal(rc.records, rn.records);
  sdq_record_counts a, b;
  assert_int_equal(sdq_metrics_records(sdq_batch_metrics(bc), &a), SDQ_OK);
  assert_int_equal(sdq_metrics_records(sdq_batch_metrics(bn), &b), SDQ_OK);
  assert_int_equal(a.assessed, b.assessed);
  assert_int_equal(a.items, b.items);
  free(rc.lines);
  free(rn.lines);
  sdq_batch_free(bc);
  sdq_batch_free(bn);
  sdq_engine_free(e);
  free(csv);
  free(nd);
}

/* ------------------------------------------------------------------------ */
/* A small batch made in code                                                */
/* ------------------------------------------------------------------------ */

/* Three records (one a duplicate), two platforms and a carrier, and a
 * rejected record. */
static sdq_batch *small_batch(const sdq_engine *e) {
  sdq_batch *b = NULL;
  sdq_record *rec = NULL;
  sdq_result *res = NULL;
  assert_int_equal(sdq_batch_new(e, &b), SDQ_OK);
  assert_int_equal(sdq_record_new(e, &rec), SDQ_OK);
  assert_int_equal(sdq_result_new(e, &res), SDQ_OK);
  static const char *const rows[][4] = {
      {"SHP-1", "TEMU", "DHL", "24.90"},
      {"SHP-2", "WISH", "DHL", "145.00"},
      {"SHP-1", "TEMU", NULL, "N/A"},
  };
  for (size_t i = 0; i < 3; i++) {
    sdq_record_clear(rec);
    assert_int_equal(sdq_record_set(rec, SDQ_FIELD_SHIPMENT_ID, rows[i][0],
                                    strlen(rows[i][0])),
                     SDQ_OK);
    assert_int_equal(sdq_record_set(rec, SDQ_FIELD_PLATFORM_ID, rows[i][1],
                                    strlen(rows[i][1])),
                     SDQ_OK);
    if (rows[i][2])
      assert_int_equal(sdq_record_set(rec, SDQ_FIELD_CARRIER_ID, rows[i][2],
                                      strlen(rows[i][2])),
                       SDQ_OK);
    assert_int_equal(sdq_record_set(rec, SDQ_FIELD_TOTAL_VALUE, rows[i][3],
                                    strlen(rows[i][3])),
                     SDQ_OK);
    assert_int_equal(sdq_record_set(rec, SDQ_FIELD_CURRENCY, "EUR", 3), SDQ_OK);
    assert_int_equal(sdq_record_set(rec, SDQ_FIELD_BUYER_COUNTRY, "DE", 2),
                     SDQ_OK);
    assert_int_equal(sdq_record_set(rec, SDQ_FIELD_DESCRIPTION, "Gift", 4),
                     SDQ_OK);
    assert_int_equal(sdq_batch_assess(b, rec, res), SDQ_OK);
  }
  assert_int_equal(sdq_batch_reject(b, NULL), SDQ_OK);
  sdq_result_free(res);
  sdq_record_free(rec);
  return b;
}

static unsigned char *small_bytes(const sdq_engine *e, size_t *len) {
  sdq_batch *b = small_batch(e);
  unsigned char *bytes = save(sdq_batch_metrics(b), len);
  sdq_batch_free(b);
  return bytes;
}

static void test_small_round_trip(void **state) {
  (void)state;
  sdq_engine *e = new_engine();
  sdq_batch *b = small_batch(e);
  const sdq_metrics *m = sdq_batch_metrics(b);
  sdq_record_counts rc;
  assert_int_equal(sdq_metrics_records(m, &rc), SDQ_OK);
  assert_int_equal(rc.read, 4);
  assert_int_equal(rc.assessed, 3);
  assert_int_equal(rc.rejected, 1);
  assert_int_equal(rc.items, 3);
  assert_int_equal(sdq_metrics_provider_count(m), 3);
  sdq_field kind;
  const char *name;
  const sdq_metrics *p = sdq_metrics_provider(m, 0, &kind, &name);
  assert_non_null(p);
  assert_int_equal(kind, SDQ_FIELD_PLATFORM_ID);
  assert_string_equal(name, "TEMU");
  assert_int_equal(sdq_metrics_records(p, &rc), SDQ_OK);
  assert_int_equal(rc.assessed, 2);
  assert_int_equal(rc.read, 2);
  assert_int_equal(rc.rejected, 0);
  p = sdq_metrics_provider(m, 1, &kind, &name);
  assert_int_equal(kind, SDQ_FIELD_CARRIER_ID);
  assert_string_equal(name, "DHL");
  p = sdq_metrics_provider(m, 2, &kind, &name);
  assert_int_equal(kind, SDQ_FIELD_PLATFORM_ID);
  assert_string_equal(name, "WISH");
  uint64_t tracked = 0, untracked = 9;
  assert_int_equal(sdq_metrics_ids(m, &tracked, &untracked), SDQ_OK);
  assert_int_equal(tracked, 2);
  assert_int_equal(untracked, 0);
  /* Out of range. */
  kind = SDQ_FIELD_SHIPMENT_ID;
  name = "x";
  assert_null(sdq_metrics_provider(m, 3, &kind, &name));
  assert_int_equal(kind, SDQ_FIELD_NONE);
  assert_null(name);
  assert_null(sdq_metrics_provider(m, SIZE_MAX, NULL, NULL));
  assert_null(sdq_metrics_provider(NULL, 0, &kind, &name));
  assert_int_equal(sdq_metrics_provider_count(NULL), 0);
  /* Round trips, twice. */
  sdq_metrics *back = round_trip(e, m);
  sdq_metrics *again = round_trip(e, back);
  expect_same_metrics(again, m);
  /* Merging loaded copies equals merging the originals. */
  sdq_metrics *x = NULL, *y = NULL;
  assert_int_equal(sdq_metrics_new(e, &x), SDQ_OK);
  assert_int_equal(sdq_metrics_new(e, &y), SDQ_OK);
  assert_int_equal(sdq_metrics_merge(x, m), SDQ_OK);
  assert_int_equal(sdq_metrics_merge(x, m), SDQ_OK);
  assert_int_equal(sdq_metrics_merge(y, back), SDQ_OK);
  assert_int_equal(sdq_metrics_merge(y, again), SDQ_OK);
  expect_same_bytes(x, y);
  assert_int_equal(sdq_metrics_records(x, &rc), SDQ_OK);
  assert_int_equal(rc.read, 8);
  assert_int_equal(rc.rejected, 2);
  assert_int_equal(sdq_metrics_ids(x, &tracked, &untracked), SDQ_OK);
  assert_int_equal(tracked, 4);
  /* A provider's scorecard merges too (it has no providers). */
  sdq_metrics *z = NULL;
  assert_int_equal(sdq_metrics_new(e, &z), SDQ_OK);
  assert_int_equal(sdq_metrics_merge(z, sdq_metrics_provider(m, 0, NULL, NULL)),
                   SDQ_OK);
  assert_int_equal(sdq_metrics_records(z, &rc), SDQ_OK);
  assert_int_equal(rc.assessed, 2);
  assert_int_equal(sdq_metrics_provider_count(z), 0);
  sdq_metrics_free(z);
  sdq_metrics_free(x);
  sdq_metrics_free(y);
  sdq_metrics_free(again);
  sdq_metrics_free(back);
  sdq_batch_free(b);
  sdq_engine_free(e);
}

static void test_empty_and_arguments(void **state) {
  (void)state;
  sdq_engine *e = new_engine();
  sdq_metrics *m = NULL;
  assert_int_equal(sdq_metrics_new(NULL, &m), SDQ_EINVAL);
  assert_null(m);
  assert_int_equal(sdq_metrics_new(e, NULL), SDQ_EINVAL);
  assert_int_equal(sdq_metrics_new(e, &m), SDQ_OK);
  sdq_record_counts rc;
  assert_int_equal(sdq_metrics_records(m, &rc), SDQ_OK);
  assert_int_equal(rc.read + rc.assessed + rc.rejected + rc.items, 0);
  sdq_score_summary sc;
  assert_int_equal(sdq_metrics_scores(m, &sc), SDQ_OK);
  assert_true(sc.mean_quality == 100.0);
  assert_true(sc.mean_risk == 0.0);
  assert_int_equal(sdq_metrics_provider_count(m), 0);
  /* Merging into itself, or NULL. */
  assert_int_equal(sdq_metrics_merge(m, m), SDQ_EINVAL);
  assert_int_equal(sdq_metrics_merge(NULL, m), SDQ_EINVAL);
  assert_int_equal(sdq_metrics_merge(m, NULL), SDQ_EINVAL);
  sdq_batch *b = small_batch(e);
  sdq_metrics *own = round_trip(e, sdq_batch_metrics(b));
  assert_int_equal(sdq_metrics_merge(own, own), SDQ_EINVAL);
  expect_same_metrics(own, sdq_batch_metrics(b)); /* unchanged */
  /* Merging empty metrics changes nothing. */
  assert_int_equal(sdq_metrics_merge(own, m), SDQ_OK);
  expect_same_bytes(own, sdq_batch_metrics(b));
  /* Empty metrics round-trip. */
  sdq_metrics *back = round_trip(e, m);
  sdq_metrics_free(back);
  /* Other arguments. */
  size_t len = 0;
  assert_int_equal(sdq_metrics_save(NULL, NULL, 0, &len), SDQ_EINVAL);
  assert_int_equal(sdq_metrics_save(m, NULL, 0, NULL), SDQ_EINVAL);
  assert_int_equal(sdq_metrics_save(m, NULL, 10, &len), SDQ_EINVAL);
  sdq_metrics *out = (sdq_metrics *)&len;
  assert_int_equal(sdq_metrics_load(NULL, "x", 1, &out, NULL), SDQ_EINVAL);
  assert_null(out);
  assert_int_equal(sdq_metrics_load(e, "x", 1, NULL, NULL), SDQ_EINVAL);
  out = (sdq_metrics *)&len;
  assert_int_equal(sdq_metrics_load(e, NULL, 5, &out, NULL), SDQ_EINVAL);
  assert_null(out);
  assert_int_equal(sdq_metrics_records(NULL, &rc), SDQ_EINVAL);
  assert_int_equal(sdq_metrics_records(m, NULL), SDQ_EINVAL);
  assert_int_equal(sdq_metrics_scores(NULL, &sc), SDQ_EINVAL);
  sdq_field_counts fc;
  assert_int_equal(sdq_metrics_field(m, SDQ_FIELD_NONE, &fc), SDQ_EINVAL);
  assert_int_equal(sdq_metrics_field(m, (sdq_field)40, &fc), SDQ_EINVAL);
  sdq_rule_counts ru;
  assert_int_equal(sdq_metrics_rule(m, sdq_rule_count(), &ru), SDQ_EINVAL);
  assert_int_equal(sdq_metrics_ids(NULL, NULL, NULL), SDQ_EINVAL);
  sdq_metrics_free(own);
  sdq_metrics_free(m);
  sdq_metrics_free(NULL);
  sdq_batch_free(b);
  sdq_engine_free(e);
}

/* ------------------------------------------------------------------------ */
/* Loading what is not metrics                                               */
/* ------------------------------------------------------------------------ */

/* Loading fails with SDQ_EPARSE, a message and no metrics; returns the
 * message (static). `needle` (may be NULL) must be in it. */
#define load_fails(e, data, len, needle)                                       \
  load_fails_((e), (data), (len), (needle), __FILE__, __LINE__)
static const char *load_fails_(const sdq_engine *e, const void *data,
                               size_t len, const char *needle, const char *file,
                               int line) {
  static sdq_error err;
  memset(&err, 0xA5, sizeof err);
  err.message[sizeof err.message - 1] = '\0';
  sdq_metrics *m = (sdq_metrics *)&err;
  sdq_status st = sdq_metrics_load(e, data, len, &m, &err);
  if (st != SDQ_EPARSE) {
    sdq_metrics_free(st == SDQ_OK ? m : NULL);
    fail_msg("%s:%d: loading %zu bytes: want SDQ_EPARSE, got %d (%s)", file,
             line, len, (int)st, st == SDQ_OK ? "loaded" : err.message);
  }
  if (m != NULL)
    fail_msg("%s:%d: a failed load left *out set", file, line);
  if (err.code != SDQ_EPARSE || err.message[0] == '\0' ||
      strlen(err.message) >= sizeof err.message)
    fail_msg("%s:%d: the error is not filled in (code %d)", file, line,
             (int)err.code);
  if (err.offset > len)
    fail_msg("%s:%d: error offset %llu past the %zu bytes", file, line,
             (unsigned long long)err.offset, len);
  if (needle && !strstr(err.message, needle))
    fail_msg("%s:%d: want \"%s\" in \"%s\"", file, line, needle, err.message);
  return err.message;
}

/* A copy of bytes in an exact-size heap block, so that AddressSanitizer
 * catches a read past the end. */
static unsigned char *exact_copy(const unsigned char *p, size_t len) {
  unsigned char *c = malloc(len ? len : 1);
  assert_non_null(c);
  if (len)
    memcpy(c, p, len);
  return c;
}

static void test_load_garbage(void **state) {
  (void)state;
  sdq_engine *e = new_engine();
  load_fails(e, NULL, 0, "magic");
  load_fails(e, "", 0, "magic");
  load_fails(e, "SDQMETR", 7, "magic");
  load_fails(e, "not metrics at all, just text\n", 30, "magic");
  uint64_t seed = UINT64_C(0x9E3779B97F4A7C15);
  for (size_t len = 0; len < 300; len++) {
    unsigned char *g = malloc(len ? len : 1);
    assert_non_null(g);
    for (size_t i = 0; i < len; i++)
      g[i] = (unsigned char)tu_rand(&seed);
    load_fails(e, g, len, NULL);
    /* The magic followed by garbage. */
    if (len >= 8) {
      memcpy(g, "SDQMETRI", 8);
      load_fails(e, g, len, NULL);
    }
    free(g);
  }
  sdq_engine_free(e);
}

static void test_load_prefixes(void **state) {
  (void)state;
  sdq_engine *e = new_engine();
  size_t len = 0;
  unsigned char *bytes = small_bytes(e, &len);
  /* The whole loads. */
  sdq_metrics_free(load_ok(e, bytes, len));
  /* Every prefix fails. */
  for (size_t n = 0; n < len; n++) {
    unsigned char *p = exact_copy(bytes, n);
    load_fails(e, p, n, NULL);
    free(p);
  }
  free(bytes);
  sdq_engine_free(e);
}

static void test_load_wrong_header(void **state) {
  (void)state;
  sdq_engine *e = new_engine();
  size_t len = 0;
  unsigned char *bytes = small_bytes(e, &len);
  assert_memory_equal(bytes, "SDQMETRI", 8);
  unsigned char *c = exact_copy(bytes, len);
  /* A wrong magic. */
  c[0] = 'X';
  load_fails(e, c, len, "magic");
  memcpy(c, bytes, len);
  c[7] ^= 0x20;
  load_fails(e, c, len, "magic");
  /* Another version. */
  memcpy(c, bytes, len);
  assert_int_equal(c[8], 1);
  c[8] = 2;
  load_fails(e, c, len, "version");
  c[8] = 0;
  load_fails(e, c, len, "version");
  c[8] = 1;
  c[11] = 1;
  load_fails(e, c, len, "version");
  /* A field this library does not know (the field list follows the field
   * count at byte 12). */
  memcpy(c, bytes, len);
  c[16] = 50;
  load_fails(e, c, len, "field");
  /* Too many fields. */
  memcpy(c, bytes, len);
  c[12] = 0xFF;
  c[13] = 0xFF;
  load_fails(e, c, len, NULL);
  free(c);
  free(bytes);
  sdq_engine_free(e);
}

static void test_load_trailing_data(void **state) {
  (void)state;
  sdq_engine *e = new_engine();
  size_t len = 0;
  unsigned char *bytes = small_bytes(e, &len);
  for (size_t extra = 1; extra <= 16; extra++) {
    unsigned char *c = malloc(len + extra);
    assert_non_null(c);
    memcpy(c, bytes, len);
    memset(c + len, extra == 1 ? 0 : 0x5A, extra);
    load_fails(e, c, len + extra, "after the end");
    free(c);
  }
  /* Two metrics one after the other are not one. */
  unsigned char *two = malloc(2 * len);
  assert_non_null(two);
  memcpy(two, bytes, len);
  memcpy(two + len, bytes, len);
  load_fails(e, two, 2 * len, "after the end");
  free(two);
  free(bytes);
  sdq_engine_free(e);
}

/* The offset of `needle` in the bytes, or fails. */
static size_t find_bytes(const unsigned char *p, size_t len,
                         const char *needle) {
  size_t n = strlen(needle);
  for (size_t i = 0; i + n <= len; i++)
    if (memcmp(p + i, needle, n) == 0)
      return i;
  fail_msg("\"%s\" not found in the saved metrics", needle);
  abort(); /* not reached: tells the compiler no caller gets a 0 here */
}

static void test_load_unknown_rule(void **state) {
  (void)state;
  sdq_engine *e = new_engine();
  size_t len = 0;
  unsigned char *bytes = small_bytes(e, &len);
  unsigned char *c = exact_copy(bytes, len);
  /* A rule id of the same length this library does not have. */
  size_t at = find_bytes(c, len, "risk.vague_description");
  c[at + 5] = 'X';
  load_fails(e, c, len, "rule");
  /* A rule id cut short (its length prefix one less). */
  memcpy(c, bytes, len);
  at = find_bytes(c, len, "completeness.missing");
  assert_int_equal(c[at - 4], strlen("completeness.missing"));
  c[at - 4]--;
  load_fails(e, c, len, NULL);
  /* A rule id longer than any. */
  memcpy(c, bytes, len);
  c[at - 4] = 0xFF;
  load_fails(e, c, len, NULL);
  /* A provider of an unknown kind: the first provider's kind follows the
   * provider count; find it by the name "TEMU" (4-byte length before). */
  memcpy(c, bytes, len);
  at = find_bytes(c, len, "TEMU");
  assert_int_equal(c[at - 4], 4);
  assert_int_equal(c[at - 8], SDQ_FIELD_PLATFORM_ID);
  c[at - 8] = SDQ_FIELD_BUYER_ID;
  load_fails(e, c, len, "kind");
  /* A provider listed twice: WISH's scorecard renamed to TEMU. */
  memcpy(c, bytes, len);
  at = find_bytes(c, len, "WISH");
  assert_int_equal(c[at - 4], 4);
  memcpy(c + at, "WISP", 4);
  sdq_metrics_free(load_ok(e, c, len)); /* another name: fine */
  memcpy(c + at, "TEMU", 4);
  load_fails(e, c, len, "twice");
  /* A provider's name longer than any. */
  memcpy(c, bytes, len);
  c[at - 4] = 0xFF;
  c[at - 3] = 0x7F;
  load_fails(e, c, len, NULL);
  /* More providers than can be. */
  memcpy(c, bytes, len);
  at = find_bytes(c, len, "TEMU") - 12; /* count, kind, length, name */
  assert_int_equal(c[at], 3);
  c[at + 3] = 0x7F;
  load_fails(e, c, len, "too many providers");
  c[at + 3] = 0;
  c[at] = 4; /* one more than there is */
  load_fails(e, c, len, NULL);
  c[at] = 2; /* one less: the last is data after the end */
  load_fails(e, c, len, "after the end");
  free(c);
  free(bytes);
  sdq_engine_free(e);
}

/* Every byte of a valid file flipped: loading may succeed (a count
 * changed) or fail, never crash; what loads keeps read = assessed +
 * rejected everywhere and saves and loads again. */
static void test_load_flipped_bytes(void **state) {
  (void)state;
  sdq_engine *e = new_engine();
  size_t len = 0;
  unsigned char *bytes = small_bytes(e, &len);
  static const unsigned char masks[] = {0x01, 0xFF};
  size_t loaded = 0, failed = 0;
  for (size_t i = 0; i < len; i++) {
    for (size_t k = 0; k < sizeof masks; k++) {
      unsigned char *c = exact_copy(bytes, len);
      c[i] ^= masks[k];
      sdq_metrics *m = NULL;
      sdq_error err;
      memset(&err, 0, sizeof err);
      sdq_status st = sdq_metrics_load(e, c, len, &m, &err);
      if (st == SDQ_OK) {
        loaded++;
        assert_non_null(m);
        sdq_record_counts rc;
        assert_int_equal(sdq_metrics_records(m, &rc), SDQ_OK);
        if (rc.read != rc.assessed + rc.rejected)
          fail_msg("byte %zu ^ 0x%02X loaded with read %llu != %llu + %llu", i,
                   masks[k], (unsigned long long)rc.read,
                   (unsigned long long)rc.assessed,
                   (unsigned long long)rc.rejected);
        for (size_t p = 0; p < sdq_metrics_provider_count(m); p++) {
          const char *name = NULL;
          const sdq_metrics *pm = sdq_metrics_provider(m, p, NULL, &name);
          assert_non_null(pm);
          assert_non_null(name);
          assert_int_equal(sdq_metrics_records(pm, &rc), SDQ_OK);
          assert_int_equal(rc.read, rc.assessed + rc.rejected);
        }
        sdq_score_summary sc;
        assert_int_equal(sdq_metrics_scores(m, &sc), SDQ_OK);
        if (loaded % 16 == 1) {
          sdq_metrics *again = round_trip_(e, m, 0);
          sdq_metrics_free(again);
        }
        sdq_metrics_free(m);
      } else {
        failed++;
        assert_int_equal(st, SDQ_EPARSE);
        assert_null(m);
        assert_true(err.message[0] != '\0');
      }
      free(c);
    }
  }
  /* Both happen: flipped counts load, flipped structure does not. */
  assert_true(loaded > 0);
  assert_true(failed > 0);
  free(bytes);
  sdq_engine_free(e);
}

/* Prefixes and flips of the sample's metrics (a larger file with many
 * providers), at a stride. */
static void test_load_sample_damaged(void **state) {
  (void)state;
  size_t len = 0;
  char *data = source_file("examples/data/sample.ndjson", &len);
  sdq_engine *e = new_engine();
  sdq_batch *b = NULL;
  assert_int_equal(sdq_batch_new(e, &b), SDQ_OK);
  reading rd = read_into(e, SDQ_FORMAT_NDJSON, 0, data, len, b, NULL);
  free(rd.lines);
  size_t n = 0;
  unsigned char *bytes = save(sdq_batch_metrics(b), &n);
  for (size_t k = 0; k < n; k += 61) {
    unsigned char *p = exact_copy(bytes, k);
    load_fails(e, p, k, NULL);
    free(p);
  }
  for (size_t k = n > 64 ? n - 64 : 0; k < n; k++) {
    unsigned char *p = exact_copy(bytes, k);
    load_fails(e, p, k, NULL);
    free(p);
  }
  for (size_t i = 0; i < n; i += 7) {
    unsigned char *c = exact_copy(bytes, n);
    c[i] ^= 0xFF;
    sdq_metrics *m = NULL;
    sdq_status st = sdq_metrics_load(e, c, n, &m, NULL);
    assert_true(st == SDQ_OK || st == SDQ_EPARSE);
    if (st == SDQ_OK) {
      sdq_record_counts rc;
      assert_int_equal(sdq_metrics_records(m, &rc), SDQ_OK);
      assert_int_equal(rc.read, rc.assessed + rc.rejected);
    }
    sdq_metrics_free(m);
    free(c);
  }
  free(bytes);
  sdq_batch_free(b);
  sdq_engine_free(e);
  free(data);
}

/* ------------------------------------------------------------------------ */
/* The provider cap                                                          */
/* ------------------------------------------------------------------------ */

enum { PROVIDERS_CAP = 10000, EXTRA = 50 };

/* Assesses `count` minimal records with platform ids prefix + number,
 * and (when `carrier` is not NULL) that carrier. */
static void assess_platforms(const sdq_engine *e, sdq_batch *b,
                             const char *prefix, int count,
                             const char *carrier) {
  sdq_record *rec = NULL;
  sdq_result *res = NULL;
  assert_int_equal(sdq_record_new(e, &rec), SDQ_OK);
  assert_int_equal(sdq_result_new(e, &res), SDQ_OK);
  for (int i = 0; i < count; i++) {
    char id[32];
    int n = snprintf(id, sizeof id, "%s%05d", prefix, i);
    sdq_record_clear(rec);
    assert_int_equal(sdq_record_set(rec, SDQ_FIELD_PLATFORM_ID, id, (size_t)n),
                     SDQ_OK);
    if (carrier)
      assert_int_equal(
          sdq_record_set(rec, SDQ_FIELD_CARRIER_ID, carrier, strlen(carrier)),
          SDQ_OK);
    assert_int_equal(sdq_batch_assess(b, rec, res), SDQ_OK);
  }
  sdq_result_free(res);
  sdq_record_free(rec);
}

static uint64_t assessed(const sdq_metrics *m) {
  sdq_record_counts rc;
  assert_int_equal(sdq_metrics_records(m, &rc), SDQ_OK);
  return rc.assessed;
}

/* Sum of the assessed records over the providers of a kind. */
static uint64_t provider_total(const sdq_metrics *m, sdq_field kind) {
  uint64_t sum = 0;
  for (size_t i = 0; i < sdq_metrics_provider_count(m); i++) {
    sdq_field k;
    const sdq_metrics *p = sdq_metrics_provider(m, i, &k, NULL);
    if (k == kind)
      sum += assessed(p);
  }
  return sum;
}

static void test_provider_cap(void **state) {
  (void)state;
  sdq_engine *e = new_engine();
  sdq_batch *b = NULL;
  assert_int_equal(sdq_batch_new(e, &b), SDQ_OK);
  assess_platforms(e, b, "P", PROVIDERS_CAP + EXTRA, NULL);
  const sdq_metrics *m = sdq_batch_metrics(b);
  assert_int_equal(sdq_metrics_provider_count(m), PROVIDERS_CAP + 1);
  for (size_t i = 0; i < PROVIDERS_CAP; i += 997) {
    sdq_field kind;
    const char *name;
    const sdq_metrics *p = sdq_metrics_provider(m, i, &kind, &name);
    assert_non_null(p);
    char want[32];
    snprintf(want, sizeof want, "P%05zu", i);
    assert_string_equal(name, want);
    assert_int_equal(kind, SDQ_FIELD_PLATFORM_ID);
    assert_int_equal(assessed(p), 1);
  }
  sdq_field kind;
  const char *name;
  const sdq_metrics *other =
      sdq_metrics_provider(m, PROVIDERS_CAP, &kind, &name);
  assert_non_null(other);
  assert_string_equal(name, "(other)");
  assert_int_equal(kind, SDQ_FIELD_PLATFORM_ID);
  assert_int_equal(assessed(other), EXTRA);
  assert_null(sdq_metrics_provider(m, PROVIDERS_CAP + 1, &kind, &name));
  assert_int_equal(kind, SDQ_FIELD_NONE);
  assert_null(name);
  assert_int_equal(provider_total(m, SDQ_FIELD_PLATFORM_ID),
                   PROVIDERS_CAP + EXTRA);
  assert_int_equal(assessed(m), PROVIDERS_CAP + EXTRA);
  /* Known providers still count as themselves past the cap. */
  assess_platforms(e, b, "P", 3, NULL);
  assert_int_equal(assessed(sdq_metrics_provider(m, 0, NULL, NULL)), 2);
  assert_int_equal(assessed(other), EXTRA);
  /* A new carrier past the cap is "(other)" of its kind. */
  assess_platforms(e, b, "P", 1, "DHL");
  assert_int_equal(sdq_metrics_provider_count(m), PROVIDERS_CAP + 2);
  sdq_metrics_provider(m, PROVIDERS_CAP + 1, &kind, &name);
  assert_int_equal(kind, SDQ_FIELD_CARRIER_ID);
  assert_string_equal(name, "(other)");
  assert_int_equal(provider_total(m, SDQ_FIELD_CARRIER_ID), 1);

  /* Saved and loaded: the same. */
  sdq_metrics *back = round_trip(e, m);
  /* Merged with another capped batch of other names: everything new goes
   * to "(other)", and the totals stay exact. */
  sdq_batch *b2 = NULL;
  assert_int_equal(sdq_batch_new(e, &b2), SDQ_OK);
  assess_platforms(e, b2, "Q", PROVIDERS_CAP + EXTRA, NULL);
  sdq_metrics *sum = NULL;
  assert_int_equal(sdq_metrics_new(e, &sum), SDQ_OK);
  assert_int_equal(sdq_metrics_merge(sum, back), SDQ_OK);
  assert_int_equal(sdq_metrics_merge(sum, sdq_batch_metrics(b2)), SDQ_OK);
  assert_int_equal(sdq_metrics_provider_count(sum), PROVIDERS_CAP + 2);
  assert_int_equal(assessed(sum),
                   assessed(m) + assessed(sdq_batch_metrics(b2)));
  /* Every record has a platform: the platforms' scorecards add up to all. */
  assert_int_equal(provider_total(sum, SDQ_FIELD_PLATFORM_ID), assessed(sum));
  const sdq_metrics *o = provider_named(sum, SDQ_FIELD_PLATFORM_ID, "(other)");
  assert_non_null(o);
  assert_int_equal(assessed(o), EXTRA + PROVIDERS_CAP + EXTRA);
  sdq_metrics *sum_back = round_trip(e, sum);
  sdq_metrics_free(sum_back);
  sdq_metrics_free(sum);
  sdq_metrics_free(back);
  sdq_batch_free(b2);
  sdq_batch_free(b);
  sdq_engine_free(e);
}

/* Provider names: trimmed, and cut at 128 bytes on a character boundary. */
static void test_provider_names(void **state) {
  (void)state;
  sdq_engine *e = new_engine();
  sdq_batch *b = NULL;
  sdq_record *rec = NULL;
  sdq_result *res = NULL;
  assert_int_equal(sdq_batch_new(e, &b), SDQ_OK);
  assert_int_equal(sdq_record_new(e, &rec), SDQ_OK);
  assert_int_equal(sdq_result_new(e, &res), SDQ_OK);
  static const char *const names[] = {"  TEMU ", "TEMU", "\tTEMU"};
  for (size_t i = 0; i < 3; i++) {
    sdq_record_clear(rec);
    assert_int_equal(
        sdq_record_set(rec, SDQ_FIELD_PLATFORM_ID, names[i], strlen(names[i])),
        SDQ_OK);
    assert_int_equal(sdq_batch_assess(b, rec, res), SDQ_OK);
  }
  /* 127 ASCII bytes then a 2-byte character straddling byte 128. */
  char longname[200];
  memset(longname, 'a', 127);
  memcpy(longname + 127, "\xC3\xA9", 2);
  memset(longname + 129, 'b', 20);
  sdq_record_clear(rec);
  assert_int_equal(sdq_record_set(rec, SDQ_FIELD_CARRIER_ID, longname, 149),
                   SDQ_OK);
  assert_int_equal(sdq_batch_assess(b, rec, res), SDQ_OK);
  const sdq_metrics *m = sdq_batch_metrics(b);
  assert_int_equal(sdq_metrics_provider_count(m), 2);
  const char *name;
  const sdq_metrics *p = sdq_metrics_provider(m, 0, NULL, &name);
  assert_string_equal(name, "TEMU");
  assert_int_equal(assessed(p), 3);
  sdq_metrics_provider(m, 1, NULL, &name);
  assert_int_equal(strlen(name), 127);
  assert_true(tu_utf8_valid(name, strlen(name)));
  sdq_metrics *back = round_trip(e, m);
  sdq_metrics_free(back);
  sdq_result_free(res);
  sdq_record_free(rec);
  sdq_batch_free(b);
  sdq_engine_free(e);
}

/* A record with a new platform and a new carrier, where adding the
 * carrier grows the array of providers (8 slots at first: P1..P7 and C1
 * fill it, C2 grows it): the platform's scorecard must still be counted
 * (metrics_add() once kept a pointer into the old array, a
 * heap-use-after-free). */
static void test_provider_pair_in_one_record(void **state) {
  (void)state;
  sdq_engine *e = new_engine();
  sdq_batch *b = NULL;
  sdq_record *rec = NULL;
  sdq_result *res = NULL;
  assert_int_equal(sdq_batch_new(e, &b), SDQ_OK);
  assert_int_equal(sdq_record_new(e, &rec), SDQ_OK);
  assert_int_equal(sdq_result_new(e, &res), SDQ_OK);
  for (int i = 1; i <= 7; i++) {
    char p[16];
    snprintf(p, sizeof p, "P%d", i);
    sdq_record_clear(rec);
    assert_int_equal(sdq_record_set(rec, SDQ_FIELD_PLATFORM_ID, p, strlen(p)),
                     SDQ_OK);
    if (i == 1 || i == 7)
      assert_int_equal(
          sdq_record_set(rec, SDQ_FIELD_CARRIER_ID, i == 1 ? "C1" : "C2", 2),
          SDQ_OK);
    assert_int_equal(sdq_batch_assess(b, rec, res), SDQ_OK);
  }
  const sdq_metrics *m = sdq_batch_metrics(b);
  assert_int_equal(sdq_metrics_provider_count(m), 9);
  assert_int_equal(assessed(provider_named(m, SDQ_FIELD_PLATFORM_ID, "P7")), 1);
  assert_int_equal(assessed(provider_named(m, SDQ_FIELD_CARRIER_ID, "C2")), 1);
  sdq_result_free(res);
  sdq_record_free(rec);
  sdq_batch_free(b);
  sdq_engine_free(e);
}

/* ------------------------------------------------------------------------ */
/* Regressions: bugs found and fixed                                         */
/* ------------------------------------------------------------------------ */

/* lib/metrics.c, sdq_metrics_load(): provider names are taken from the
 * data as they are; a damaged file loads with a name that is not UTF-8,
 * though sdq.h says strings returned are valid UTF-8. Either the load
 * fails or every name is valid UTF-8. */
static void regression_load_name_not_utf8(void **state) {
  (void)state;
  sdq_engine *e = new_engine();
  size_t len = 0;
  unsigned char *bytes = small_bytes(e, &len);
  size_t at = find_bytes(bytes, len, "TEMU");
  bytes[at] = 0xFF;
  bytes[at + 1] = 0xFE;
  sdq_metrics *m = NULL;
  sdq_error err;
  sdq_status st = sdq_metrics_load(e, bytes, len, &m, &err);
  if (st == SDQ_OK) {
    for (size_t i = 0; i < sdq_metrics_provider_count(m); i++) {
      const char *name = NULL;
      sdq_metrics_provider(m, i, NULL, &name);
      assert_non_null(name);
      if (!tu_utf8_valid(name, strlen(name)))
        fail_msg("provider %zu loaded with a name that is not UTF-8", i);
    }
  } else {
    assert_int_equal(st, SDQ_EPARSE);
  }
  sdq_metrics_free(m);
  free(bytes);
  sdq_engine_free(e);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_merge_halves_ndjson),
      cmocka_unit_test(test_merge_halves_csv),
      cmocka_unit_test(test_csv_and_ndjson_agree),
      cmocka_unit_test(test_small_round_trip),
      cmocka_unit_test(test_empty_and_arguments),
      cmocka_unit_test(test_load_garbage),
      cmocka_unit_test(test_load_prefixes),
      cmocka_unit_test(test_load_wrong_header),
      cmocka_unit_test(test_load_trailing_data),
      cmocka_unit_test(test_load_unknown_rule),
      cmocka_unit_test(test_load_flipped_bytes),
      cmocka_unit_test(test_load_sample_damaged),
      cmocka_unit_test(test_provider_cap),
      cmocka_unit_test(test_provider_names),
      cmocka_unit_test(test_provider_pair_in_one_record),
  };
  int failed = cmocka_run_group_tests_name("metrics", tests, NULL, NULL);
  {
    const struct CMUnitTest regressions[] = {
        cmocka_unit_test(regression_load_name_not_utf8),
    };
    failed +=
        cmocka_run_group_tests_name("regressions", regressions, NULL, NULL);
  }
  return failed;
}
