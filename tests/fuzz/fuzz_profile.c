/*
 * Fuzz target: profile documents (sdq_config_load_profile).
 *
 * The whole input is the document. It is loaded into a configuration that
 * starts from the built-in "acas" profile.
 * - On error: the status is one of the documented ones and matches
 *   err.code, err.record is 0, the position is the offset's line and
 *   column in the document, the message is NUL-terminated valid UTF-8, and
 *   the configuration is unchanged (an engine made from it assesses a
 *   fixed record exactly as before).
 * - On success: err is not written, an engine is built, its profile name
 *   is 1..63 bytes of valid UTF-8, sdq_engine_requires() is in range for
 *   every field, loading the document again gives the same engine, and two
 *   fixed records are assessed (the second twice, for the duplicate-id
 *   rule) with every finding checked.
 */
#include "fuzz_common.h"

#define REFERENCE_TIME INT64_C(1798761600) /* 2027-01-01 */

/* Everything observable about an engine's profile: name, required
 * fields, and the assessment of fixed records. */
static void snapshot(const sdq_engine *engine, fz_buf *out) {
  const char *name = sdq_engine_profile(engine);
  FZ_CHECK(name != NULL, "profile name is NULL");
  size_t n = strlen(name);
  FZ_CHECK(n >= 1 && n <= 63, "profile name of %zu bytes", n);
  FZ_CHECK(fz_utf8_valid(name, n), "profile name not valid UTF-8");
  fz_printf(out, "profile ");
  fz_put_bytes(out, name, n);
  fz_put(out, "\n", 1);
  for (int f = -2; f < 130; f++) {
    int req = sdq_engine_requires(engine, (sdq_field)f);
    if (!sdq_field_name((sdq_field)f)) {
      FZ_CHECK(req == 0, "requires(%d) = %d for a non-field", f, req);
      continue;
    }
    FZ_CHECK(req >= 0 && req <= 2 + 7, "requires(%s) = %d",
             sdq_field_name((sdq_field)f), req);
    if (req >= 2)
      FZ_CHECK(!sdq_field_is_item((sdq_field)f),
               "item field %s in a one_of group", sdq_field_name((sdq_field)f));
    fz_printf(out, "%d:%d ", f, req);
  }
  fz_put(out, "\n", 1);

  sdq_record *rec = NULL;
  sdq_result *res = NULL;
  sdq_batch *batch = NULL;
  FZ_CHECK(sdq_record_new(engine, &rec) == SDQ_OK, "record");
  FZ_CHECK(sdq_result_new(engine, &res) == SDQ_OK, "result");
  FZ_CHECK(sdq_batch_new(engine, &batch) == SDQ_OK, "batch");
  for (int i = 0; i < 3; i++) {
    fz_fixed_record(rec, i > 0);
    if (i == 2) {
      /* The same record with no items and nothing but ids. */
      const char *id = "SHP-1";
      sdq_record_clear(rec);
      sdq_record_set(rec, SDQ_FIELD_SHIPMENT_ID, id, strlen(id));
      sdq_record_set(rec, SDQ_FIELD_BUYER_NAME, "", 0);
    }
    FZ_CHECK(sdq_batch_assess(batch, rec, res) == SDQ_OK, "assess");
    fz_result(out, res, rec, -1, -1);
  }
  const sdq_metrics *m = sdq_batch_metrics(batch);
  sdq_record_counts rc;
  FZ_CHECK(sdq_metrics_records(m, &rc) == SDQ_OK, "metrics");
  FZ_CHECK(rc.read == 3 && rc.assessed == 3 && rc.rejected == 0,
           "record counts");
  for (size_t r = 0; r < sdq_rule_count(); r++) {
    sdq_rule_counts c;
    FZ_CHECK(sdq_metrics_rule(m, r, &c) == SDQ_OK, "rule metrics");
    FZ_CHECK(c.records <= c.findings && c.records <= 3, "rule counts");
    fz_printf(out, "%llu/%llu ", (unsigned long long)c.records,
              (unsigned long long)c.findings);
  }
  fz_put(out, "\n", 1);
  sdq_batch_free(batch);
  sdq_result_free(res);
  sdq_record_free(rec);
}

static void engine_snapshot(const sdq_config *cfg, fz_buf *out) {
  sdq_engine *engine = NULL;
  FZ_CHECK(sdq_engine_new(cfg, &engine, NULL) == SDQ_OK, "engine");
  snapshot(engine, out);
  sdq_engine_free(engine);
}

/* The configuration every document is loaded into. */
static sdq_config *new_config(const sdq_allocator *al) {
  sdq_config *cfg = NULL;
  FZ_CHECK(sdq_config_new(al, &cfg) == SDQ_OK, "config");
  FZ_CHECK(sdq_config_set_profile(cfg, "acas") == SDQ_OK, "acas");
  FZ_CHECK(sdq_config_set_reference_time(cfg, REFERENCE_TIME) == SDQ_OK,
           "reference time");
  return cfg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* The configuration's engine before any document: the same for every
   * input, so made once. */
  static fz_buf before;
  if (!before.len) {
    sdq_config *c0 = new_config(NULL);
    engine_snapshot(c0, &before);
    sdq_config_free(c0);
  }

  fz_alloc alloc;
  memset(&alloc, 0, sizeof alloc);
  sdq_allocator al = fz_allocator(&alloc);
  sdq_config *cfg = new_config(&al);

  /* An exact copy, so that a read past the document is caught even when
   * the input is a slice of a larger buffer. */
  char *doc = malloc(size ? size : 1);
  FZ_CHECK(doc != NULL, "out of memory in the fuzz target");
  if (size)
    memcpy(doc, data, size);

  sdq_error err;
  fz_poison(&err);
  sdq_status st = sdq_config_load_profile(cfg, doc, size, &err);
  if (st != SDQ_OK) {
    FZ_CHECK(st == SDQ_EPARSE || st == SDQ_ENOTFOUND || st == SDQ_ELIMIT,
             "sdq_config_load_profile returned %d (%s)", (int)st,
             fz_status_name(st));
    FZ_CHECK(err.code == st, "err.code %d but status %d", (int)err.code,
             (int)st);
    fz_check_message(&err);
    FZ_CHECK(err.record == 0, "err.record %llu for a profile",
             (unsigned long long)err.record);
    FZ_CHECK(err.offset <= size, "error offset %llu past the document (%zu)",
             (unsigned long long)err.offset, size);
    uint64_t line, col;
    fz_position(data, size, err.offset, false, false, &line, &col);
    FZ_CHECK(err.line == line && err.column == col,
             "error at offset %llu reported at line %llu column %llu; that "
             "offset is line %llu column %llu (\"%s\")",
             (unsigned long long)err.offset, (unsigned long long)err.line,
             (unsigned long long)err.column, (unsigned long long)line,
             (unsigned long long)col, err.message);
    /* Nothing of a failing document is applied. */
    fz_buf after = {0};
    engine_snapshot(cfg, &after);
    fz_compare("configuration changed by a failing profile", &before, &after);
    fz_buf_free(&after);
  } else {
    FZ_CHECK(fz_is_poison(&err), "sdq_error written on success");
    fz_buf first = {0}, second = {0};
    engine_snapshot(cfg, &first);
    /* Loading it again, over itself, gives the same profile. */
    FZ_CHECK(sdq_config_load_profile(cfg, doc, size, NULL) == SDQ_OK,
             "a profile loaded once fails the second time");
    engine_snapshot(cfg, &second);
    fz_compare("profile loaded twice", &first, &second);
    fz_buf_free(&first);
    fz_buf_free(&second);
  }
  free(doc);
  sdq_config_free(cfg);
  fz_alloc_check_empty(&alloc);
  return 0;
}
