/*
 * Fuzz target: watch-lists (sdq_config_load_watchlist).
 *
 * The whole input is the CSV list. It is loaded twice into configurations
 * that already hold a one-entry list.
 * - On error: the status is a documented one and matches err.code, the
 *   message is NUL-terminated valid UTF-8, err.record is 0, the offset is
 *   inside the list, and the configuration is unchanged (it assesses the
 *   probe records exactly as before).
 * - On success: err is not written, an engine is built and the probe
 *   records are assessed (findings checked as in the other targets); the
 *   names of the list's last line are among the probes, so matching runs
 *   on the entries just loaded.
 */
#include "fuzz_common.h"

static const char BASE[] = "name,id\nAcme Trading GmbH,DE123456789\n";

/* The probes: the fixed records of fuzz_common.h, then a record whose
 * seller and buyer names are the first and second halves of the list's
 * last line (when valid UTF-8). */
static void assess_probes(const sdq_config *cfg, const uint8_t *data,
                          size_t size, fz_buf *out) {
  sdq_engine *engine = NULL;
  FZ_CHECK(sdq_engine_new(cfg, &engine, NULL) == SDQ_OK, "engine");
  sdq_record *rec = NULL;
  sdq_batch *batch = NULL;
  sdq_result *res = NULL;
  FZ_CHECK(sdq_record_new(engine, &rec) == SDQ_OK, "record");
  FZ_CHECK(sdq_batch_new(engine, &batch) == SDQ_OK, "batch");
  FZ_CHECK(sdq_result_new(engine, &res) == SDQ_OK, "result");
  for (int variant = 0; variant < 3; variant++) {
    if (variant < 2) {
      fz_fixed_record(rec, variant);
    } else {
      size_t start = size;
      while (start > 0 && data[start - 1] != '\n')
        start--;
      size_t n = size - start, half = n / 2;
      if (n > 400 || !fz_utf8_valid((const char *)data + start, n))
        continue;
      /* Values given to the API are UTF-8: cut between characters. */
      while (half > 0 && (data[start + half] & 0xC0) == 0x80)
        half--;
      sdq_record_clear(rec);
      sdq_status s1 = sdq_record_set(rec, SDQ_FIELD_SELLER_NAME,
                                     (const char *)data + start, half);
      sdq_status s2 =
          sdq_record_set(rec, SDQ_FIELD_BUYER_NAME,
                         (const char *)data + start + half, n - half);
      FZ_CHECK(s1 == SDQ_OK || s1 == SDQ_EINVAL, "set seller: %s",
               fz_status_name(s1));
      FZ_CHECK(s2 == SDQ_OK || s2 == SDQ_EINVAL, "set buyer: %s",
               fz_status_name(s2));
    }
    FZ_CHECK(sdq_batch_assess(batch, rec, res) == SDQ_OK, "assess");
    fz_result(out, res, rec, -1, -1);
  }
  sdq_result_free(res);
  sdq_batch_free(batch);
  sdq_record_free(rec);
  sdq_engine_free(engine);
}

static sdq_config *new_config(const sdq_allocator *al) {
  sdq_config *cfg = NULL;
  FZ_CHECK(sdq_config_new(al, &cfg) == SDQ_OK, "config");
  sdq_error err;
  FZ_CHECK(sdq_config_load_watchlist(cfg, BASE, strlen(BASE), &err) == SDQ_OK,
           "base watch-list");
  return cfg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_alloc alloc;
  memset(&alloc, 0, sizeof alloc);
  sdq_allocator al = fz_allocator(&alloc);
  sdq_config *cfg = new_config(&al);
  fz_buf before = {0};
  assess_probes(cfg, data, size, &before);

  char *list = malloc(size ? size : 1);
  FZ_CHECK(list != NULL, "out of memory in the fuzz target");
  if (size)
    memcpy(list, data, size);

  sdq_error err;
  fz_poison(&err);
  sdq_status st = sdq_config_load_watchlist(cfg, list, size, &err);
  if (st != SDQ_OK) {
    FZ_CHECK(st == SDQ_EPARSE || st == SDQ_ELIMIT,
             "sdq_config_load_watchlist returned %d (%s)", (int)st,
             fz_status_name(st));
    FZ_CHECK(err.code == st, "err.code %d but status %d", (int)err.code,
             (int)st);
    fz_check_message(&err);
    FZ_CHECK(err.offset <= size, "error offset %llu past the list (%zu)",
             (unsigned long long)err.offset, size);
    FZ_CHECK(err.line >= 1, "error line 0");
    fz_buf after = {0};
    assess_probes(cfg, data, size, &after);
    fz_compare("configuration changed by a failing watch-list", &before,
               &after);
    fz_buf_free(&after);
  } else {
    FZ_CHECK(fz_is_poison(&err), "sdq_error written on success");
    fz_buf after = {0};
    assess_probes(cfg, data, size, &after);
    /* Loading the same list again adds the same entries: still loads. */
    FZ_CHECK(sdq_config_load_watchlist(cfg, list, size, NULL) == SDQ_OK,
             "the same list failed the second time");
    fz_buf_free(&after);
  }
  fz_buf_free(&before);
  free(list);
  sdq_config_free(cfg);
  fz_alloc_check_empty(&alloc);
  return 0;
}
