/*
 * Fuzz target: saved metrics (sdq_metrics_load).
 *
 * The whole input is the saved form.
 * - On error: the status is SDQ_EPARSE (or SDQ_ENOMEM), it matches
 *   err.code, the message is NUL-terminated valid UTF-8, and nothing is
 *   returned.
 * - On success: err is not written; the counts are consistent (read =
 *   assessed + rejected, present + missing + placeholder = occurrences,
 *   passed checks <= checks made); saving gives bytes that load again and
 *   save to the same bytes; merging into empty metrics and saving gives
 *   the same bytes too; every provider can be read.
 */
#include "fuzz_common.h"

static uint8_t *save(const sdq_metrics *m, size_t *len) {
  size_t need = 0;
  FZ_CHECK(sdq_metrics_save(m, NULL, 0, &need) == SDQ_ERANGE || need == 0,
           "size query");
  uint8_t *buf = malloc(need ? need : 1);
  FZ_CHECK(buf != NULL, "out of memory in the fuzz target");
  FZ_CHECK(sdq_metrics_save(m, buf, need, len) == SDQ_OK && *len == need,
           "save");
  return buf;
}

static void check_counts(const sdq_metrics *m) {
  sdq_record_counts rc;
  FZ_CHECK(sdq_metrics_records(m, &rc) == SDQ_OK, "records");
  FZ_CHECK(rc.read == rc.assessed + rc.rejected,
           "read %llu != assessed %llu + rejected %llu",
           (unsigned long long)rc.read, (unsigned long long)rc.assessed,
           (unsigned long long)rc.rejected);
  sdq_score_summary sc;
  FZ_CHECK(sdq_metrics_scores(m, &sc) == SDQ_OK, "scores");
  for (int d = 0; d < SDQ_DIMENSION_COUNT; d++)
    FZ_CHECK(sc.checks_passed[d] <= sc.checks_made[d],
             "dimension %d: %llu passed of %llu", d,
             (unsigned long long)sc.checks_passed[d],
             (unsigned long long)sc.checks_made[d]);
  for (int f = 0; f < SDQ_ITEM_FIELD_BASE + SDQ_ITEM_FIELD_COUNT; f++) {
    if (!sdq_field_name((sdq_field)f))
      continue;
    sdq_field_counts fc;
    FZ_CHECK(sdq_metrics_field(m, (sdq_field)f, &fc) == SDQ_OK, "field");
    FZ_CHECK(fc.present + fc.missing + fc.placeholder == fc.occurrences,
             "field %d counts do not add up", f);
  }
  for (size_t r = 0; r < sdq_rule_count(); r++) {
    sdq_rule_counts ru;
    FZ_CHECK(sdq_metrics_rule(m, r, &ru) == SDQ_OK, "rule");
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_alloc alloc;
  memset(&alloc, 0, sizeof alloc);
  sdq_allocator al = fz_allocator(&alloc);
  sdq_config *cfg = NULL;
  FZ_CHECK(sdq_config_new(&al, &cfg) == SDQ_OK, "config");
  sdq_engine *engine = NULL;
  FZ_CHECK(sdq_engine_new(cfg, &engine, NULL) == SDQ_OK, "engine");
  sdq_config_free(cfg);

  sdq_error err;
  fz_poison(&err);
  sdq_metrics *m = NULL;
  sdq_status st = sdq_metrics_load(engine, data, size, &m, &err);
  if (st != SDQ_OK) {
    FZ_CHECK(st == SDQ_EPARSE, "sdq_metrics_load returned %d (%s)", (int)st,
             fz_status_name(st));
    FZ_CHECK(err.code == st, "err.code %d but status %d", (int)err.code,
             (int)st);
    fz_check_message(&err);
    FZ_CHECK(m == NULL, "metrics returned with an error");
  } else {
    FZ_CHECK(fz_is_poison(&err), "sdq_error written on success");
    check_counts(m);
    size_t n = sdq_metrics_provider_count(m);
    for (size_t i = 0; i < n; i++) {
      sdq_field kind;
      const char *name = NULL;
      const sdq_metrics *p = sdq_metrics_provider(m, i, &kind, &name);
      FZ_CHECK(p != NULL && name != NULL, "provider %zu", i);
      FZ_CHECK(kind == SDQ_FIELD_PLATFORM_ID || kind == SDQ_FIELD_CARRIER_ID,
               "provider kind %d", (int)kind);
      FZ_CHECK(fz_utf8_valid(name, strlen(name)), "provider name not UTF-8");
      check_counts(p);
    }
    FZ_CHECK(sdq_metrics_provider(m, n, NULL, NULL) == NULL,
             "provider past the count");

    size_t len1 = 0, len2 = 0, len3 = 0;
    uint8_t *saved1 = save(m, &len1);
    sdq_metrics *m2 = NULL;
    FZ_CHECK(sdq_metrics_load(engine, saved1, len1, &m2, NULL) == SDQ_OK,
             "saved metrics do not load");
    uint8_t *saved2 = save(m2, &len2);
    FZ_CHECK(len1 == len2 && memcmp(saved1, saved2, len1) == 0,
             "save, load, save changed the bytes");
    sdq_metrics *sum = NULL;
    FZ_CHECK(sdq_metrics_new(engine, &sum) == SDQ_OK, "new metrics");
    FZ_CHECK(sdq_metrics_merge(sum, m) == SDQ_OK, "merge");
    uint8_t *saved3 = save(sum, &len3);
    FZ_CHECK(len1 == len3 && memcmp(saved1, saved3, len1) == 0,
             "merging into empty metrics changed the saved bytes");
    free(saved1);
    free(saved2);
    free(saved3);
    sdq_metrics_free(sum);
    sdq_metrics_free(m2);
    sdq_metrics_free(m);
  }
  sdq_engine_free(engine);
  fz_alloc_check_empty(&alloc);
  return 0;
}
