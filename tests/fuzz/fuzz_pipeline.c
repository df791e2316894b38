/*
 * Fuzz target: the whole pipeline, bytes -> reader -> batch -> metrics.
 *
 * Input layout:
 *   [0] bit 0 format (0 CSV, 1 NDJSON), bit 1 group items, bits 2-4
 *       delimiter (auto , ; tab |), bit 5 small limits, bit 6 reference
 *       time, bit 7 fail allocations;
 *   [1] bits 0-2 built-in profile, bits 3-5 reference time, bit 6 load a
 *       small watch-list;
 *   [2] [3] limits, as bytes 1 and 2 of the reader targets' options;
 *   [4] low nibble: number N of chunk sizes that follow;
 *   N bytes: chunk sizes, used in turn (a 0 is an empty chunk, or now and
 *       then "the rest");
 *   with bit 7 of [0]: two bytes for the allocation that fails first, one
 *       for how often allocations fail after it;
 *   the rest: the records.
 *
 * Every record is assessed with sdq_batch_assess() and every rejection
 * counted with sdq_batch_reject(). Every finding is checked (rule,
 * dimension, severity, field, item, NUL-terminated valid UTF-8 value and
 * message, weight, contribution), and the scores (risk = 100 (1 - prod(1 -
 * weight)), contributions adding up to it, reasons in order, level from
 * the profile's thresholds). The same records go through
 * sdq_engine_assess() + sdq_batch_complete() into a second batch, which
 * must give the same results and metrics. At the end the metrics must
 * agree with what was seen: read = assessed + rejected =
 * sdq_reader_records(), items, each field's occurrences = present + missing
 * + placeholder (once per record for consignment fields, once per item or
 * once for an item-less record for item fields), each rule's records and
 * findings, levels, histograms, checks, mean scores and providers; and
 * metrics saved, loaded, merged and saved again give the same bytes.
 *
 * With failing allocations the reader and batch must report SDQ_ENOMEM,
 * keep counting consistently, and leak nothing.
 */
#include "fuzz_common.h"

static const int64_t REFERENCE_TIMES[8] = {
    INT64_C(1798761600), /* 2027-01-01 */
    0,
    -1,
    INT64_C(1609459200), /* 2021-01-01 */
    INT64_C(2147483647) * 86400,
    INT64_MIN,
    INT64_MAX,
    INT64_C(253402300799), /* 9999-12-31T23:59:59 */
};

#define FIELD_SLOTS (SDQ_CONSIGNMENT_FIELD_COUNT + SDQ_ITEM_FIELD_COUNT)
#define MAX_RULES 64

/* A small watch-list, loaded when bit 6 of byte 1 is set, so that
 * risk.watchlist matches the records' parties against it. */
static const char WATCHLIST[] =
    "name,id,address,country,reason\n"
    "Acme Trading Ltd,DE123456789012345,,DE,test entry\n"
    "\"Jos\xC3\xA9 P\xC3\xA9rez Garc\xC3\xAD\x61\",,,ES,name with accents\n"
    "Shenzhen Bright Electronics Co.,,\"Nanshan, Shenzhen\",CN,legal form\n"
    ",CN91440300MA5F,,,id only\n"
    "\xCE\x96\xCE\xAE\xCF\x84\xCE\xB1 "
    "\xCE\x94\xCE\xAD\xCE\xBB\xCF\x84\xCE\xB1,,,GR,Greek\n";

typedef struct run {
  const sdq_engine *engine;
  sdq_batch *batch;
  sdq_result *res;
  /* The same records through sdq_engine_assess() + sdq_batch_complete(),
   * which must give the same results and metrics (not with failing
   * allocations). */
  sdq_batch *batch2;
  sdq_result *res2;
  fz_buf out1, out2;
  bool oom;
  uint64_t assessed, rejected, assess_failed, items, item_occurrences;
  uint64_t rule_records[MAX_RULES], rule_findings[MAX_RULES];
  uint64_t levels[3], made[SDQ_DIMENSION_COUNT], passed[SDQ_DIMENSION_COUNT];
  double quality_sum, risk_sum;
} run;

static void on_record(void *ctx, const sdq_record *rec) {
  run *r = ctx;
  sdq_status st = sdq_batch_assess(r->batch, rec, r->res);
  if (st == SDQ_ENOMEM && r->oom) {
    r->assess_failed++;
    return;
  }
  FZ_CHECK(st == SDQ_OK, "sdq_batch_assess returned %d", (int)st);
  /* Built-in profiles: medium from 25, high from 50 (docs/profiles.md). */
  fz_result(r->batch2 ? &r->out1 : NULL, r->res, rec, 25.0, 50.0);
  if (r->batch2) {
    FZ_CHECK(sdq_engine_assess(r->engine, rec, r->res2) == SDQ_OK,
             "sdq_engine_assess");
    FZ_CHECK(sdq_batch_complete(r->batch2, rec, r->res2) == SDQ_OK,
             "sdq_batch_complete");
    fz_result(&r->out2, r->res2, rec, 25.0, 50.0);
    fz_compare("sdq_batch_assess vs sdq_engine_assess + sdq_batch_complete",
               &r->out1, &r->out2);
    r->out1.len = r->out2.len = 0;
  }
  r->assessed++;
  r->levels[sdq_result_level(r->res)]++;
  r->quality_sum += sdq_result_quality(r->res);
  r->risk_sum += sdq_result_risk(r->res);
  for (int d = 0; d < SDQ_DIMENSION_COUNT; d++) {
    uint32_t made = 0, passed = 0;
    sdq_result_dimension_quality(r->res, (sdq_dimension)d, &made, &passed);
    r->made[d] += made;
    r->passed[d] += passed;
  }
  size_t items = sdq_record_item_count(rec);
  r->items += items;
  r->item_occurrences += items ? items : 1;
  bool seen[MAX_RULES] = {false};
  for (size_t i = 0; i < sdq_result_finding_count(r->res); i++) {
    size_t rule = sdq_result_finding(r->res, i)->rule;
    FZ_CHECK(rule < MAX_RULES, "rule %zu", rule);
    r->rule_findings[rule]++;
    if (!seen[rule]) {
      seen[rule] = true;
      r->rule_records[rule]++;
    }
  }
}

static void on_reject(void *ctx, sdq_status st, const sdq_error *err) {
  run *r = ctx;
  (void)st;
  FZ_CHECK(sdq_batch_reject(r->batch, err) == SDQ_OK, "reject");
  if (r->batch2)
    FZ_CHECK(sdq_batch_reject(r->batch2, err) == SDQ_OK, "reject");
  r->rejected++;
}

static void check_metrics(const run *r, uint64_t reader_records) {
  const sdq_metrics *m = sdq_batch_metrics(r->batch);
  FZ_CHECK(m != NULL, "no metrics");
  sdq_record_counts rc;
  FZ_CHECK(sdq_metrics_records(m, &rc) == SDQ_OK, "metrics");
  FZ_CHECK(rc.read == rc.assessed + rc.rejected,
           "metrics: read %llu != assessed %llu + rejected %llu",
           (unsigned long long)rc.read, (unsigned long long)rc.assessed,
           (unsigned long long)rc.rejected);
  FZ_CHECK(rc.assessed == r->assessed && rc.rejected == r->rejected,
           "metrics: assessed %llu rejected %llu; the run saw %llu and %llu",
           (unsigned long long)rc.assessed, (unsigned long long)rc.rejected,
           (unsigned long long)r->assessed, (unsigned long long)r->rejected);
  FZ_CHECK(rc.read + r->assess_failed == reader_records,
           "metrics: read %llu (+%llu not assessed for lack of memory), but "
           "the reader handed out %llu records",
           (unsigned long long)rc.read, (unsigned long long)r->assess_failed,
           (unsigned long long)reader_records);
  FZ_CHECK(rc.items == r->items, "metrics: items %llu, expected %llu",
           (unsigned long long)rc.items, (unsigned long long)r->items);
  for (int i = 0; i < FIELD_SLOTS; i++) {
    sdq_field f = i < SDQ_CONSIGNMENT_FIELD_COUNT
                      ? (sdq_field)i
                      : (sdq_field)(SDQ_ITEM_FIELD_BASE + i -
                                    SDQ_CONSIGNMENT_FIELD_COUNT);
    sdq_field_counts fc;
    FZ_CHECK(sdq_metrics_field(m, f, &fc) == SDQ_OK, "field metrics");
    FZ_CHECK(fc.present + fc.missing + fc.placeholder == fc.occurrences,
             "%s: present %llu + missing %llu + placeholder %llu != %llu",
             sdq_field_name(f), (unsigned long long)fc.present,
             (unsigned long long)fc.missing, (unsigned long long)fc.placeholder,
             (unsigned long long)fc.occurrences);
    uint64_t want = sdq_field_is_item(f) ? r->item_occurrences : r->assessed;
    FZ_CHECK(fc.occurrences == want, "%s: %llu occurrences, expected %llu",
             sdq_field_name(f), (unsigned long long)fc.occurrences,
             (unsigned long long)want);
    uint64_t req = (uint64_t)sdq_engine_requires(r->engine, f);
    FZ_CHECK(fc.required == req, "%s: required %llu, the engine says %llu",
             sdq_field_name(f), (unsigned long long)fc.required,
             (unsigned long long)req);
    FZ_CHECK(fc.invalid <= fc.present,
             "%s: %llu invalid values but %llu present", sdq_field_name(f),
             (unsigned long long)fc.invalid, (unsigned long long)fc.present);
  }
  sdq_field_counts fc;
  FZ_CHECK(sdq_metrics_field(m, (sdq_field)40, &fc) == SDQ_EINVAL,
           "metrics of a non-field");
  size_t rules = sdq_rule_count();
  FZ_CHECK(rules <= MAX_RULES, "%zu rules", rules);
  for (size_t i = 0; i < rules; i++) {
    sdq_rule_counts c;
    FZ_CHECK(sdq_metrics_rule(m, i, &c) == SDQ_OK, "rule metrics");
    FZ_CHECK(
        c.records == r->rule_records[i] && c.findings == r->rule_findings[i],
        "%s: metrics %llu records %llu findings; the results had %llu "
        "and %llu",
        sdq_rule_id(i), (unsigned long long)c.records,
        (unsigned long long)c.findings, (unsigned long long)r->rule_records[i],
        (unsigned long long)r->rule_findings[i]);
  }
  sdq_rule_counts c;
  FZ_CHECK(sdq_metrics_rule(m, rules, &c) == SDQ_EINVAL, "rule past the end");
  uint64_t tracked = 0, untracked = 0;
  FZ_CHECK(sdq_metrics_ids(m, &tracked, &untracked) == SDQ_OK, "ids");
  FZ_CHECK(tracked <= 3 * r->assessed, "%llu ids tracked for %llu records",
           (unsigned long long)tracked, (unsigned long long)r->assessed);

  sdq_score_summary sc;
  FZ_CHECK(sdq_metrics_scores(m, &sc) == SDQ_OK, "scores");
  uint64_t qh = 0, rh = 0;
  for (int b = 0; b < SDQ_HISTOGRAM_BINS; b++) {
    qh += sc.quality_histogram[b];
    rh += sc.risk_histogram[b];
  }
  FZ_CHECK(qh == r->assessed && rh == r->assessed,
           "histograms hold %llu and %llu records of %llu",
           (unsigned long long)qh, (unsigned long long)rh,
           (unsigned long long)r->assessed);
  for (int l = 0; l < 3; l++)
    FZ_CHECK(sc.levels[l] == r->levels[l], "level %d: %llu records, saw %llu",
             l, (unsigned long long)sc.levels[l],
             (unsigned long long)r->levels[l]);
  for (int d = 0; d < SDQ_DIMENSION_COUNT; d++)
    FZ_CHECK(sc.checks_made[d] == r->made[d] &&
                 sc.checks_passed[d] == r->passed[d],
             "dimension %d: %llu/%llu checks, the results had %llu/%llu", d,
             (unsigned long long)sc.checks_passed[d],
             (unsigned long long)sc.checks_made[d],
             (unsigned long long)r->passed[d], (unsigned long long)r->made[d]);
  double mq = r->assessed ? r->quality_sum / (double)r->assessed : 100.0;
  double mr = r->assessed ? r->risk_sum / (double)r->assessed : 0.0;
  FZ_CHECK(sc.mean_quality >= mq - 1e-3 && sc.mean_quality <= mq + 1e-3,
           "mean quality %.17g, the results give %.17g", sc.mean_quality, mq);
  FZ_CHECK(sc.mean_risk >= mr - 1e-3 && sc.mean_risk <= mr + 1e-3,
           "mean risk %.17g, the results give %.17g", sc.mean_risk, mr);

  /* Providers: each a scorecard of assessed records. */
  size_t np = sdq_metrics_provider_count(m);
  uint64_t per_kind[2] = {0, 0};
  for (size_t i = 0; i <= np; i++) {
    sdq_field kind = (sdq_field)77;
    const char *name = "x";
    const sdq_metrics *pm = sdq_metrics_provider(m, i, &kind, &name);
    if (i == np) {
      FZ_CHECK(pm == NULL && kind == SDQ_FIELD_NONE && name == NULL,
               "provider past the count");
      break;
    }
    FZ_CHECK(pm != NULL && name != NULL, "provider %zu missing", i);
    FZ_CHECK(kind == SDQ_FIELD_PLATFORM_ID || kind == SDQ_FIELD_CARRIER_ID,
             "provider of kind %d", (int)kind);
    size_t n = strlen(name);
    FZ_CHECK(fz_utf8_valid(name, n), "provider name not valid UTF-8");
    sdq_record_counts pc;
    FZ_CHECK(sdq_metrics_records(pm, &pc) == SDQ_OK, "provider records");
    /* With failing allocations a provider may stay listed with nothing
     * counted (its record then failed with SDQ_ENOMEM). */
    FZ_CHECK(pc.read == pc.assessed && pc.rejected == 0 &&
                 (pc.assessed >= 1 || r->oom),
             "provider %s: read %llu assessed %llu rejected %llu", name,
             (unsigned long long)pc.read, (unsigned long long)pc.assessed,
             (unsigned long long)pc.rejected);
    per_kind[kind == SDQ_FIELD_CARRIER_ID] += pc.assessed;
  }
  FZ_CHECK(per_kind[0] <= r->assessed && per_kind[1] <= r->assessed,
           "providers count more records (%llu, %llu) than were assessed "
           "(%llu)",
           (unsigned long long)per_kind[0], (unsigned long long)per_kind[1],
           (unsigned long long)r->assessed);
}

static unsigned char *save_metrics(const sdq_metrics *m, size_t *len) {
  FZ_CHECK(sdq_metrics_save(m, NULL, 0, len) == SDQ_ERANGE, "size query");
  unsigned char *buf = malloc(*len);
  FZ_CHECK(buf != NULL, "out of memory in the fuzz target");
  size_t n = 0;
  FZ_CHECK(sdq_metrics_save(m, buf, *len, &n) == SDQ_OK && n == *len, "save");
  return buf;
}

/* The byte format: save, load, save again gives the same bytes; merging
 * into empty metrics gives the same bytes; a truncated copy is refused. */
static void check_save_load(const run *r) {
  const sdq_metrics *m = sdq_batch_metrics(r->batch);
  size_t len = 0;
  sdq_status st = sdq_metrics_save(m, NULL, 0, &len);
  FZ_CHECK(st == SDQ_ERANGE && len > 0, "size query: %d, %zu", (int)st, len);
  unsigned char *a = malloc(len), *b = malloc(len);
  FZ_CHECK(a && b, "out of memory in the fuzz target");
  size_t n = 0;
  FZ_CHECK(sdq_metrics_save(m, a, len, &n) == SDQ_OK && n == len, "save");
  sdq_metrics *loaded = NULL;
  sdq_error err;
  fz_poison(&err);
  st = sdq_metrics_load(r->engine, a, len, &loaded, &err);
  FZ_CHECK(st == SDQ_OK, "saved metrics do not load: %d \"%.200s\"", (int)st,
           fz_is_poison(&err) ? "" : err.message);
  FZ_CHECK(sdq_metrics_save(loaded, b, len, &n) == SDQ_OK && n == len &&
               memcmp(a, b, len) == 0,
           "saved, loaded and saved again: different bytes");
  sdq_metrics *merged = NULL;
  FZ_CHECK(sdq_metrics_new(r->engine, &merged) == SDQ_OK, "metrics_new");
  FZ_CHECK(sdq_metrics_merge(merged, loaded) == SDQ_OK, "merge");
  FZ_CHECK(sdq_metrics_save(merged, b, len, &n) == SDQ_OK && n == len &&
               memcmp(a, b, len) == 0,
           "merged into empty metrics: different bytes");
  sdq_metrics_free(merged);
  sdq_metrics_free(loaded);
  loaded = NULL;
  fz_poison(&err);
  st = sdq_metrics_load(r->engine, a, len - 1, &loaded, &err);
  FZ_CHECK(st == SDQ_EPARSE && loaded == NULL, "truncated metrics loaded");
  fz_check_message(&err);
  free(a);
  free(b);
}

/* The reading loop with failing allocations: looser than fz_read(), since
 * SDQ_ENOMEM may come with or without a record number, but every record
 * handed out must still be counted once. Returns the reader's count. */
static uint64_t read_oom(run *rn, sdq_reader *reader, sdq_record *rec,
                         sdq_format format, const uint8_t *body, size_t len,
                         fz_chunking *ch) {
  size_t pos = 0;
  bool fed = false, finished = false;
  uint64_t stalls = 0, numbered = 0;
  for (;;) {
    if (!finished && (pos < len || !fed)) {
      size_t k = 0;
      while ((k = ch->nsizes ? (size_t)ch->sizes[ch->next++ % ch->nsizes]
                             : len - pos) == 0 &&
             ch->next % 4 != 0)
        ;
      if (k == 0 || k > len - pos)
        k = len - pos;
      FZ_CHECK(sdq_reader_feed(reader, body + pos, k) == SDQ_OK, "feed");
      pos += k;
      fed = true;
    } else if (!finished) {
      FZ_CHECK(sdq_reader_finish(reader) == SDQ_OK, "finish");
      finished = true;
    }
    for (;;) {
      sdq_error err;
      fz_poison(&err);
      sdq_status st = sdq_reader_next(reader, rec, &err);
      if (st == SDQ_NEED_INPUT) {
        FZ_CHECK(!finished, "NEED_INPUT after finish");
        break;
      }
      if (st == SDQ_END) {
        FZ_CHECK(finished, "END before finish");
        FZ_CHECK(sdq_reader_records(reader) == numbered,
                 "reader counted %llu records, %llu were numbered",
                 (unsigned long long)sdq_reader_records(reader),
                 (unsigned long long)numbered);
        return numbered;
      }
      if (st == SDQ_OK) {
        stalls = 0;
        numbered++;
        FZ_CHECK(numbered <= 4 * (len + 4), "too many records");
        FZ_CHECK(sdq_record_number(rec) == numbered,
                 "record number %llu, expected %llu",
                 (unsigned long long)sdq_record_number(rec),
                 (unsigned long long)numbered);
        fz_record(NULL, rec, 0, 0);
        on_record(rn, rec);
        continue;
      }
      FZ_CHECK(st == SDQ_EPARSE || st == SDQ_ELIMIT || st == SDQ_ENOMEM,
               "sdq_reader_next returned %d", (int)st);
      fz_check_message(&err);
      if (err.record == 0) {
        FZ_CHECK(st == SDQ_ENOMEM ||
                     (format == SDQ_FORMAT_CSV && numbered == 0),
                 "record 0 for a rejection that is not the CSV header's");
        /* Out of memory before a record was framed: try again, but not
         * for ever. A rejected header is not repeated without end. */
        if (++stalls > 64) {
          FZ_CHECK(st == SDQ_ENOMEM, "record 0 rejected over and over");
          return sdq_reader_records(reader);
        }
        continue;
      }
      stalls = 0;
      numbered++;
      FZ_CHECK(numbered <= 4 * (len + 4), "too many records");
      FZ_CHECK(err.record == numbered, "rejected record %llu, expected %llu",
               (unsigned long long)err.record, (unsigned long long)numbered);
      on_reject(rn, st, &err);
    }
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_input in = {data, size};
  uint8_t b0 = fz_byte(&in), b1 = fz_byte(&in), b2 = fz_byte(&in),
          b3 = fz_byte(&in), b4 = fz_byte(&in);
  size_t nsizes = b4 & 15;
  if (nsizes > in.n)
    nsizes = in.n;
  const uint8_t *sizes = in.p;
  in.p += nsizes;
  in.n -= nsizes;
  bool oom = (b0 >> 7) & 1;
  uint64_t fail_at = 0, fail_every = 0;
  if (oom) {
    uint8_t hi = fz_byte(&in), lo = fz_byte(&in), every = fz_byte(&in);
    fail_at = 1 + (((uint64_t)hi << 8 | lo) % 3000);
    fail_every = every % 8;
  }
  const uint8_t *body = in.p;
  size_t len = in.n;

  sdq_format format = (b0 & 1) ? SDQ_FORMAT_NDJSON : SDQ_FORMAT_CSV;
  fz_settings set;
  memset(&set, 0, sizeof set);
  if ((b0 >> 5) & 1) {
    set.limits[SDQ_LIMIT_FIELD_BYTES] = FZ_FIELD_BYTES[b2 & 15];
    set.limits[SDQ_LIMIT_FIELDS] = FZ_FIELDS[b2 >> 4];
    set.limits[SDQ_LIMIT_RECORD_BYTES] = FZ_RECORD_BYTES[b3 & 15];
    set.limits[SDQ_LIMIT_ITEMS] = FZ_ITEMS[(b3 >> 4) & 3];
    set.limits[SDQ_LIMIT_DEPTH] = FZ_DEPTH[b3 >> 6];
  }

  fz_alloc alloc;
  memset(&alloc, 0, sizeof alloc);
  sdq_allocator al = fz_allocator(&alloc);
  sdq_config *cfg = NULL;
  FZ_CHECK(sdq_config_new(&al, &cfg) == SDQ_OK, "config");
  fz_config_limits(cfg, &set);
  const char *profile = sdq_profile_name((b1 & 7) % sdq_profile_count());
  FZ_CHECK(profile && sdq_config_set_profile(cfg, profile) == SDQ_OK,
           "profile");
  if ((b0 >> 6) & 1) {
    sdq_status st =
        sdq_config_set_reference_time(cfg, REFERENCE_TIMES[(b1 >> 3) & 7]);
    FZ_CHECK(st == SDQ_OK || st == SDQ_EINVAL, "reference time");
  }
  if ((b1 >> 6) & 1) {
    sdq_error err;
    fz_poison(&err);
    sdq_status st =
        sdq_config_load_watchlist(cfg, WATCHLIST, strlen(WATCHLIST), &err);
    FZ_CHECK(st == SDQ_OK, "the fixed watch-list does not load: %d %.200s",
             (int)st, fz_is_poison(&err) ? "" : err.message);
  }
  /* Allocations fail from here on. */
  alloc.calls = 0;
  alloc.fail_at = fail_at;
  alloc.fail_every = fail_every;

  run rn;
  memset(&rn, 0, sizeof rn);
  rn.oom = oom;
  sdq_engine *engine = NULL;
  sdq_reader *reader = NULL;
  sdq_record *rec = NULL;
  sdq_status st = sdq_engine_new(cfg, &engine, NULL);
  if (st == SDQ_OK)
    st = sdq_reader_new(engine, format, &reader);
  if (st == SDQ_OK)
    st = sdq_record_new(engine, &rec);
  if (st == SDQ_OK)
    st = sdq_batch_new(engine, &rn.batch);
  if (st == SDQ_OK)
    st = sdq_result_new(engine, &rn.res);
  if (st == SDQ_OK && !oom) {
    FZ_CHECK(sdq_batch_new(engine, &rn.batch2) == SDQ_OK, "batch");
    FZ_CHECK(sdq_result_new(engine, &rn.res2) == SDQ_OK, "result");
  }
  FZ_CHECK(st == SDQ_OK || (oom && st == SDQ_ENOMEM),
           "creating objects returned %d", (int)st);
  rn.engine = engine;
  if (st == SDQ_OK && format == SDQ_FORMAT_CSV) {
    FZ_CHECK(sdq_reader_set_delimiter(reader, FZ_DELIMS[(b0 >> 2) & 7]) ==
                 SDQ_OK,
             "delimiter");
    FZ_CHECK(sdq_reader_set_group_items(reader, (b0 >> 1) & 1) == SDQ_OK,
             "group");
  }

  fz_chunking ch;
  memset(&ch, 0, sizeof ch);
  ch.mode = 2;
  ch.sizes = sizes;
  ch.nsizes = nsizes;

  if (st == SDQ_OK && !oom) {
    fz_read_opts o;
    memset(&o, 0, sizeof o);
    o.format = format;
    o.delim = FZ_DELIMS[(b0 >> 2) & 7];
    o.group = (b0 >> 1) & 1;
    o.field_bytes = set.limits[SDQ_LIMIT_FIELD_BYTES]
                        ? set.limits[SDQ_LIMIT_FIELD_BYTES]
                        : FZ_DEFAULT_FIELD_BYTES;
    o.items = set.limits[SDQ_LIMIT_ITEMS] ? set.limits[SDQ_LIMIT_ITEMS]
                                          : FZ_DEFAULT_ITEMS;
    o.on_record = on_record;
    o.on_reject = on_reject;
    o.ctx = &rn;
    fz_read(reader, rec, &o, body, len, &ch, NULL);
    check_metrics(&rn, sdq_reader_records(reader));
    check_save_load(&rn);
    size_t n1 = 0, n2 = 0;
    unsigned char *m1 = save_metrics(sdq_batch_metrics(rn.batch), &n1);
    unsigned char *m2 = save_metrics(sdq_batch_metrics(rn.batch2), &n2);
    FZ_CHECK(n1 == n2 && memcmp(m1, m2, n1) == 0,
             "metrics of sdq_batch_assess and of sdq_engine_assess + "
             "sdq_batch_complete differ");
    free(m1);
    free(m2);
  } else if (st == SDQ_OK) {
    /* The data must outlive the reader's use of it; it does here. */
    uint64_t records = read_oom(&rn, reader, rec, format, body, len, &ch);
    (void)records;
    check_metrics(&rn, sdq_reader_records(reader));
  }

  sdq_result_free(rn.res);
  sdq_batch_free(rn.batch);
  sdq_result_free(rn.res2);
  sdq_batch_free(rn.batch2);
  fz_buf_free(&rn.out1);
  fz_buf_free(&rn.out2);
  sdq_record_free(rec);
  sdq_reader_free(reader);
  sdq_engine_free(engine);
  sdq_config_free(cfg);
  fz_alloc_check_empty(&alloc);
  return 0;
}
