/*
 * The risk rules other than risk.vague_description (which test_rules.c
 * covers): risk.near_threshold, risk.split_shipment, risk.watchlist,
 * risk.origin_mismatch, risk.gift_commercial and risk.low_value_per_kg,
 * plus the contributions of findings to the risk score, the order of the
 * reasons, and the contract between sdq_engine_assess() +
 * sdq_batch_complete() and sdq_batch_assess().
 *
 * Method (as in test_rules.c): a fully valid record is assessed with a
 * profile where every rule is on and gives no finding at all; each case
 * changes what its pattern needs and asserts exactly the findings expected
 * (rule id, field, item, severity, parts of the message), so that no other
 * finding may appear. Each assessment uses a fresh batch, except where a
 * test is about what a batch remembers.
 *
 * The group "regressions" holds tests of bugs that were found and fixed.
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sdq.h"

/* ------------------------------------------------------------------------ */
/* A record as values                                                        */
/* ------------------------------------------------------------------------ */

enum { MAX_ITEMS = 4 };

/* Values of one consignment; NULL: the field is absent. */
typedef struct spec {
  const char *c[SDQ_CONSIGNMENT_FIELD_COUNT];
  size_t items;
  const char *it[MAX_ITEMS][SDQ_ITEM_FIELD_COUNT];
} spec;

#define IT(f) ((int)(f)-SDQ_ITEM_FIELD_BASE)

/* The clean record: every field has a valid value and the values agree
 * with each other. Dates in 2021, so the HS edition is HS 2017. Origin and
 * departure are both CN, the category is a sale, the total (EUR 24.90) is
 * far under every threshold. */
static void base_spec(spec *s) {
  memset(s, 0, sizeof *s);
  const char **c = s->c;
  c[SDQ_FIELD_SHIPMENT_ID] = "SHP-2021-004133";
  c[SDQ_FIELD_AWB] = "176-12345675";
  c[SDQ_FIELD_POSTAL_ITEM_ID] = "RB123456785GB";
  c[SDQ_FIELD_CONTAINER_ID] = "MWCU6059784";
  c[SDQ_FIELD_SELLER_NAME] = "Ningbo Homeware Import & Export Co., Ltd.";
  c[SDQ_FIELD_SELLER_ADDRESS] = "No. 777 Zhongxing Road, Yinzhou District";
  c[SDQ_FIELD_SELLER_CITY] = "Ningbo";
  c[SDQ_FIELD_SELLER_POSTCODE] = "315040";
  c[SDQ_FIELD_SELLER_COUNTRY] = "CN";
  c[SDQ_FIELD_SELLER_ID] = "CN3302960123";
  c[SDQ_FIELD_BUYER_NAME] = "Erika Mustermann";
  c[SDQ_FIELD_BUYER_ADDRESS] = "Heidestrasse 17";
  c[SDQ_FIELD_BUYER_CITY] = "Frankfurt am Main";
  c[SDQ_FIELD_BUYER_POSTCODE] = "60311";
  c[SDQ_FIELD_BUYER_COUNTRY] = "DE";
  c[SDQ_FIELD_BUYER_ID] = "DE123456789012345";
  c[SDQ_FIELD_BUYER_EMAIL] = "erika.mustermann@example.de";
  c[SDQ_FIELD_BUYER_PHONE] = "+49 69 1234567";
  c[SDQ_FIELD_PLATFORM_ID] = "TEMU";
  c[SDQ_FIELD_CARRIER_ID] = "FEDEX";
  c[SDQ_FIELD_DECLARANT_ID] = "DE987654321";
  c[SDQ_FIELD_PIECES] = "1";
  c[SDQ_FIELD_GROSS_WEIGHT] = "1.583";
  c[SDQ_FIELD_TOTAL_VALUE] = "24.90";
  c[SDQ_FIELD_CURRENCY] = "EUR";
  c[SDQ_FIELD_CATEGORY] = "sale_of_goods";
  c[SDQ_FIELD_TRANSPORT_MODE] = "air";
  c[SDQ_FIELD_DEPARTURE_COUNTRY] = "CN";
  c[SDQ_FIELD_DEPARTURE_LOCATION] = "CNCAN";
  c[SDQ_FIELD_DESTINATION_COUNTRY] = "DE";
  c[SDQ_FIELD_ARRIVAL_LOCATION] = "DEFRA";
  c[SDQ_FIELD_DEPARTURE_DATE] = "2021-01-15";
  c[SDQ_FIELD_ARRIVAL_DATE] = "2021-01-17";
  c[SDQ_FIELD_DECLARATION_DATE] = "2021-01-15";
  s->items = 2;
  const char **a = s->it[0], **b = s->it[1];
  a[IT(SDQ_FIELD_DESCRIPTION)] = "Silicone baking mat, 40 x 30 cm";
  a[IT(SDQ_FIELD_HS_CODE)] = "392410";
  a[IT(SDQ_FIELD_QUANTITY)] = "1";
  a[IT(SDQ_FIELD_ITEM_VALUE)] = "5.99";
  a[IT(SDQ_FIELD_NET_WEIGHT)] = "0.129";
  a[IT(SDQ_FIELD_ORIGIN_COUNTRY)] = "CN";
  b[IT(SDQ_FIELD_DESCRIPTION)] = "Bed sheet set, polyester microfibre";
  b[IT(SDQ_FIELD_HS_CODE)] = "630232";
  b[IT(SDQ_FIELD_QUANTITY)] = "1";
  b[IT(SDQ_FIELD_ITEM_VALUE)] = "18.91";
  b[IT(SDQ_FIELD_NET_WEIGHT)] = "1.127";
  b[IT(SDQ_FIELD_ORIGIN_COUNTRY)] = "CN";
}

static void put(spec *s, sdq_field f, const char *v) {
  assert_true(f >= 0 && f < SDQ_CONSIGNMENT_FIELD_COUNT);
  s->c[f] = v;
}

static void put_item(spec *s, size_t i, sdq_field f, const char *v) {
  assert_true(i < s->items);
  assert_true(sdq_field_is_item(f));
  s->it[i][IT(f)] = v;
}

static void put_dates(spec *s, const char *dep, const char *arr,
                      const char *decl) {
  put(s, SDQ_FIELD_DEPARTURE_DATE, dep);
  put(s, SDQ_FIELD_ARRIVAL_DATE, arr);
  put(s, SDQ_FIELD_DECLARATION_DATE, decl);
}

/* One item (the first of the clean record) carrying the whole value, so
 * that the total can be set freely without consistency.total_value. */
static void one_item(spec *s, const char *value) {
  s->items = 1;
  memset(s->it[1], 0, sizeof s->it[1]);
  put(s, SDQ_FIELD_TOTAL_VALUE, value);
  put_item(s, 0, SDQ_FIELD_ITEM_VALUE, value);
}

/* The total in another currency, on one item. */
static void value_in(spec *s, const char *value, const char *currency) {
  one_item(s, value);
  put(s, SDQ_FIELD_CURRENCY, currency);
}

/* One item of heading `hs`, `value` EUR for `kg` kg net (gross 10% more),
 * dated 2025 so that HS 2022 codes are valid; no awb, postal item id or
 * container, so that records of one batch differ by shipment_id only. */
static void goods_spec(spec *s, const char *hs, const char *value,
                       const char *kg, const char *gross) {
  base_spec(s);
  put_dates(s, "2025-03-10", "2025-03-12", "2025-03-10");
  put(s, SDQ_FIELD_AWB, NULL);
  put(s, SDQ_FIELD_POSTAL_ITEM_ID, NULL);
  put(s, SDQ_FIELD_CONTAINER_ID, NULL);
  one_item(s, value);
  put_item(s, 0, SDQ_FIELD_DESCRIPTION, "Cotton T-shirts, men's, printed");
  put_item(s, 0, SDQ_FIELD_HS_CODE, hs);
  put_item(s, 0, SDQ_FIELD_NET_WEIGHT, kg);
  put(s, SDQ_FIELD_GROSS_WEIGHT, gross);
}

static void fill(sdq_record *rec, const spec *s) {
  sdq_record_clear(rec);
  for (int f = 0; f < SDQ_CONSIGNMENT_FIELD_COUNT; f++)
    if (s->c[f])
      assert_int_equal(
          sdq_record_set(rec, (sdq_field)f, s->c[f], strlen(s->c[f])), SDQ_OK);
  for (size_t i = 0; i < s->items; i++) {
    size_t idx = 99;
    assert_int_equal(sdq_record_add_item(rec, &idx), SDQ_OK);
    assert_int_equal(idx, i);
    for (int k = 0; k < SDQ_ITEM_FIELD_COUNT; k++) {
      const char *v = s->it[i][k];
      if (v)
        assert_int_equal(
            sdq_record_set_item(rec, i, (sdq_field)(SDQ_ITEM_FIELD_BASE + k), v,
                                strlen(v)),
            SDQ_OK);
    }
  }
}

/* ------------------------------------------------------------------------ */
/* Profiles and engines                                                      */
/* ------------------------------------------------------------------------ */

/* A profile extending `extends` with every rule of the catalogue switched
 * on explicitly, then `extra_rules` (members of "rules", may be NULL) and
 * `extra_top` (members of the document, may be NULL). malloc'd. */
static char *all_on_profile(const char *extends, const char *extra_rules,
                            const char *extra_top) {
  size_t cap = 16384;
  char *buf = malloc(cap);
  assert_non_null(buf);
  size_t n = (size_t)snprintf(buf, cap,
                              "{\"name\": \"all-on\", \"extends\": \"%s\",\n"
                              " \"rules\": {",
                              extends);
  for (size_t i = 0; i < sdq_rule_count(); i++)
    n += (size_t)snprintf(buf + n, cap - n, "%s\n  \"%s\": true", i ? "," : "",
                          sdq_rule_id(i));
  if (extra_rules)
    n += (size_t)snprintf(buf + n, cap - n, ",\n  %s", extra_rules);
  n += (size_t)snprintf(buf + n, cap - n, "}");
  if (extra_top)
    n += (size_t)snprintf(buf + n, cap - n, ",\n %s", extra_top);
  n += (size_t)snprintf(buf + n, cap - n, "}\n");
  assert_true(n < cap);
  return buf;
}

/* An engine, a record and a result made from it. */
typedef struct run {
  sdq_engine *e;
  sdq_record *rec;
  sdq_result *res;
} run;

/* Loads a watch-list into `c`, failing the test when it is refused. */
static void load_list(sdq_config *c, const char *csv) {
  sdq_error err;
  memset(&err, 0, sizeof err);
  sdq_status st = sdq_config_load_watchlist(c, csv, strlen(csv), &err);
  if (st != SDQ_OK)
    fail_msg("watch-list refused (%d) at line %llu: %s\n%s", (int)st,
             (unsigned long long)err.line, err.message, csv);
}

/* An engine of the profile `json` with the watch-lists `lists` (NULL or
 * NULL-terminated). */
static void run_open_json(run *r, const char *json, const char *const *lists) {
  memset(r, 0, sizeof *r);
  sdq_config *c = NULL;
  sdq_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(sdq_config_new(NULL, &c), SDQ_OK);
  sdq_status st = sdq_config_load_profile(c, json, strlen(json), &err);
  if (st != SDQ_OK)
    fail_msg("profile rejected (%d) at line %llu: %s\n%s", (int)st,
             (unsigned long long)err.line, err.message, json);
  for (size_t i = 0; lists && lists[i]; i++)
    load_list(c, lists[i]);
  assert_int_equal(sdq_engine_new(c, &r->e, NULL), SDQ_OK);
  sdq_config_free(c);
  assert_int_equal(sdq_record_new(r->e, &r->rec), SDQ_OK);
  assert_int_equal(sdq_result_new(r->e, &r->res), SDQ_OK);
}

/* An all-on profile extending `extends` with the extras. */
static void run_open(run *r, const char *extends, const char *extra_rules,
                     const char *extra_top) {
  char *json = all_on_profile(extends, extra_rules, extra_top);
  run_open_json(r, json, NULL);
  free(json);
}

/* The all-on core profile with one watch-list. */
static void run_open_list(run *r, const char *extra_rules, const char *csv) {
  char *json = all_on_profile("core", extra_rules, NULL);
  const char *lists[] = {csv, NULL};
  run_open_json(r, json, lists);
  free(json);
}

static void run_close(run *r) {
  sdq_result_free(r->res);
  sdq_record_free(r->rec);
  sdq_engine_free(r->e);
  memset(r, 0, sizeof *r);
}

/* Assesses the record in `b`. */
static void assess_in(run *r, sdq_batch *b, const spec *s) {
  fill(r->rec, s);
  assert_int_equal(sdq_batch_assess(b, r->rec, r->res), SDQ_OK);
}

/* Assesses the record in a batch of its own. */
static void assess(run *r, const spec *s) {
  sdq_batch *b = NULL;
  assert_int_equal(sdq_batch_new(r->e, &b), SDQ_OK);
  assess_in(r, b, s);
  sdq_batch_free(b);
}

/* ------------------------------------------------------------------------ */
/* Assertions on findings                                                    */
/* ------------------------------------------------------------------------ */

static size_t rule_index(const char *id) {
  size_t i = (size_t)-1;
  if (sdq_rule_find(id, &i) != SDQ_OK)
    fail_msg("rule \"%s\" is not in the catalogue", id);
  return i;
}

/* The findings of a result, one per line, for failure messages. */
static const char *dump(const sdq_result *res) {
  static char buf[8192];
  size_t n = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < sdq_result_finding_count(res); i++) {
    const sdq_finding *f = sdq_result_finding(res, i);
    int k =
        snprintf(buf + n, sizeof buf - n,
                 "\n    [%zu] %s field=%s item=%d %s w=%g value=%s: %s", i,
                 sdq_rule_id(f->rule),
                 f->field == SDQ_FIELD_NONE ? "none" : sdq_field_name(f->field),
                 (int)f->item, sdq_severity_name(f->severity), f->weight,
                 f->value ? f->value : "(null)", f->message);
    if (k < 0 || (size_t)k >= sizeof buf - n)
      break;
    n += (size_t)k;
  }
  return n ? buf : " (none)";
}

static size_t count_rule(const sdq_result *res, const char *id) {
  size_t rule = rule_index(id), n = 0;
  for (size_t i = 0; i < sdq_result_finding_count(res); i++)
    if (sdq_result_finding(res, i)->rule == rule)
      n++;
  return n;
}

static bool finding_is(const sdq_finding *f, const char *id, sdq_field field,
                       int32_t item, sdq_severity sev, const char *needle) {
  return f && f->rule == rule_index(id) &&
         f->dimension == sdq_rule_dimension(f->rule) && f->field == field &&
         f->item == item && f->severity == sev && f->message &&
         (!needle || strstr(f->message, needle));
}

#define expect_none(r, ctx) expect_none_((r), (ctx), __FILE__, __LINE__)
static void expect_none_(const run *r, const char *ctx, const char *file,
                         int line) {
  if (sdq_result_finding_count(r->res) != 0)
    fail_msg("%s:%d: %s: want no finding, got:%s", file, line, ctx,
             dump(r->res));
}

/* Exactly one finding, and it is this one. */
#define expect_one(r, ctx, id, field, item, sev, needle)                       \
  expect_one_((r), (ctx), (id), (field), (item), (sev), (needle), __FILE__,    \
              __LINE__)
static const sdq_finding *expect_one_(const run *r, const char *ctx,
                                      const char *id, sdq_field field,
                                      int32_t item, sdq_severity sev,
                                      const char *needle, const char *file,
                                      int line) {
  const sdq_finding *f = sdq_result_finding(r->res, 0);
  if (sdq_result_finding_count(r->res) != 1 ||
      !finding_is(f, id, field, item, sev, needle))
    fail_msg("%s:%d: %s: want exactly one %s on %s item %d (%s) with "
             "\"%s\", got:%s",
             file, line, ctx, id, sdq_field_name(field), (int)item,
             sdq_severity_name(sev), needle ? needle : "", dump(r->res));
  return f;
}

/* The i-th of exactly n findings is this one. */
#define expect_nth(r, ctx, n, i, id, field, item, sev, needle)                 \
  expect_nth_((r), (ctx), (n), (i), (id), (field), (item), (sev), (needle),    \
              __FILE__, __LINE__)
static const sdq_finding *expect_nth_(const run *r, const char *ctx, size_t n,
                                      size_t i, const char *id, sdq_field field,
                                      int32_t item, sdq_severity sev,
                                      const char *needle, const char *file,
                                      int line) {
  if (sdq_result_finding_count(r->res) != n ||
      !finding_is(sdq_result_finding(r->res, i), id, field, item, sev, needle))
    fail_msg("%s:%d: %s: want %zu findings, [%zu] %s on %s item %d (%s) "
             "with \"%s\", got:%s",
             file, line, ctx, n, i, id, sdq_field_name(field), (int)item,
             sdq_severity_name(sev), needle ? needle : "", dump(r->res));
  return sdq_result_finding(r->res, i);
}

/* The message of a finding contains `needle`. */
#define expect_msg(f, needle) expect_msg_((f), (needle), __FILE__, __LINE__)
static void expect_msg_(const sdq_finding *f, const char *needle,
                        const char *file, int line) {
  assert_non_null(f);
  if (!f->message || !strstr(f->message, needle))
    fail_msg("%s:%d: want \"%s\" in the message \"%s\"", file, line, needle,
             f->message ? f->message : "(null)");
}

/* The finding's value is the value given. */
static void finding_value_is(const sdq_finding *f, const char *v) {
  assert_non_null(f->value);
  if (f->value_len != strlen(v) || memcmp(f->value, v, strlen(v)) != 0)
    fail_msg("the finding's value is \"%.*s\", want \"%s\"", (int)f->value_len,
             f->value, v);
}

/* ------------------------------------------------------------------------ */
/* Fixture: the core profile with every rule on, and the clean record        */
/* ------------------------------------------------------------------------ */

typedef struct fixture {
  run r;
  spec s;
} fixture;

static int setup(void **state) {
  fixture *fx = calloc(1, sizeof *fx);
  if (!fx)
    return -1;
  run_open(&fx->r, "core", NULL, NULL);
  base_spec(&fx->s);
  *state = fx;
  return 0;
}

static int teardown(void **state) {
  fixture *fx = *state;
  run_close(&fx->r);
  free(fx);
  return 0;
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

/* Reopens the fixture's engine with another profile (all rules on). */
static void reopen(fixture *fx, const char *extra_rules,
                   const char *extra_top) {
  run_close(&fx->r);
  run_open(&fx->r, "core", extra_rules, extra_top);
}

static void reopen_list(fixture *fx, const char *extra_rules, const char *csv) {
  run_close(&fx->r);
  run_open_list(&fx->r, extra_rules, csv);
}

/* ------------------------------------------------------------------------ */
/* The catalogue and the clean record                                        */
/* ------------------------------------------------------------------------ */

/* The rules this file covers: every risk rule but risk.vague_description,
 * which test_rules.c covers. */
static const char *const COVERED[] = {
    "risk.near_threshold", "risk.low_value_per_kg", "risk.split_shipment",
    "risk.watchlist",      "risk.origin_mismatch",  "risk.gift_commercial",
};
#define COVERED_COUNT (sizeof COVERED / sizeof COVERED[0])

static void test_catalogue_covered(void **state) {
  (void)state;
  /* Every risk rule of the catalogue but risk.vague_description has cases
   * here: a new risk rule fails this test until they are written (and
   * test_rules.c has the same guard for the other rules). */
  size_t risk = 0;
  for (size_t i = 0; i < sdq_rule_count(); i++) {
    const char *id = sdq_rule_id(i);
    assert_non_null(id);
    if (strncmp(id, "risk.", 5) != 0 ||
        strcmp(id, "risk.vague_description") == 0)
      continue;
    risk++;
    bool known = false;
    for (size_t k = 0; k < COVERED_COUNT && !known; k++)
      known = strcmp(id, COVERED[k]) == 0;
    if (!known)
      fail_msg("rule \"%s\" has no test in test_risk.c", id);
    assert_int_equal(sdq_rule_dimension(i), SDQ_DIM_RISK);
  }
  assert_int_equal(risk, COVERED_COUNT);
  for (size_t k = 0; k < COVERED_COUNT; k++)
    assert_int_equal(sdq_rule_find(COVERED[k], NULL), SDQ_OK);
}

static void test_clean_record(void **state) {
  fixture *fx = *state;
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "the clean record");
  assert_true(sdq_result_risk(fx->r.res) == 0.0);
  assert_null(sdq_result_reason(fx->r.res, 0));
}

/* ------------------------------------------------------------------------ */
/* risk.near_threshold                                                       */
/* ------------------------------------------------------------------------ */

#define NEAR "risk.near_threshold"

/* The total `value` in `currency` fires risk.near_threshold with `needle`
 * in its message, as the only finding. */
#define near_fires(fx, value, currency, needle)                                \
  near_fires_((fx), (value), (currency), (needle), __FILE__, __LINE__)
static const sdq_finding *near_fires_(fixture *fx, const char *value,
                                      const char *currency, const char *needle,
                                      const char *file, int line) {
  value_in(&fx->s, value, currency);
  assess(&fx->r, &fx->s);
  char ctx[128];
  snprintf(ctx, sizeof ctx, "total %s %s", currency, value);
  const sdq_finding *f =
      expect_one_(&fx->r, ctx, NEAR, SDQ_FIELD_TOTAL_VALUE, SDQ_NO_ITEM,
                  SDQ_SEVERITY_WARNING, needle, file, line);
  finding_value_is(f, value);
  assert_true(fabs(f->weight - 0.10) < 1e-12);
  return f;
}

#define near_passes(fx, value, currency)                                       \
  near_passes_((fx), (value), (currency), __FILE__, __LINE__)
static void near_passes_(fixture *fx, const char *value, const char *currency,
                         const char *file, int line) {
  value_in(&fx->s, value, currency);
  assess(&fx->r, &fx->s);
  char ctx[128];
  snprintf(ctx, sizeof ctx, "total %s %s", currency, value);
  expect_none_(&fx->r, ctx, file, line);
}

static void test_near_threshold_eur(void **state) {
  fixture *fx = *state;
  const sdq_finding *f =
      near_fires(fx, "145.00", "EUR",
                 "total value 145.00 EUR is 3.3% under the EUR 150 "
                 "threshold: EU customs duty relief");
  expect_msg(f, "negligible value");
  near_fires(fx, "149.99", "EUR", "149.99 EUR is 0.0% under the EUR 150");
  /* The band is 10%: from 135 (inclusive) to 150 (exclusive). */
  near_fires(fx, "135.00", "EUR", "135.00 EUR is 10.0% under");
  near_passes(fx, "134.99", "EUR");
  near_passes(fx, "134.00", "EUR");
  near_passes(fx, "150.00", "EUR");
  near_passes(fx, "150.01", "EUR");
  near_passes(fx, "1450.00", "EUR");
  near_passes(fx, "24.90", "EUR");
  /* Every EU member is a destination of the EU threshold. */
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_DESTINATION_COUNTRY, "FR");
  put(&fx->s, SDQ_FIELD_BUYER_COUNTRY, "FR");
  put(&fx->s, SDQ_FIELD_BUYER_POSTCODE, "75001");
  put(&fx->s, SDQ_FIELD_BUYER_CITY, "Paris");
  put(&fx->s, SDQ_FIELD_BUYER_ID, NULL);
  put(&fx->s, SDQ_FIELD_BUYER_PHONE, "+33 1 42 68 53 00");
  put(&fx->s, SDQ_FIELD_ARRIVAL_LOCATION, "FRCDG");
  near_fires(fx, "140.00", "EUR", "EUR 150 threshold");
  /* A destination outside the EU has no EUR threshold. */
  put(&fx->s, SDQ_FIELD_DESTINATION_COUNTRY, "CH");
  put(&fx->s, SDQ_FIELD_BUYER_COUNTRY, "CH");
  put(&fx->s, SDQ_FIELD_BUYER_POSTCODE, "8001");
  put(&fx->s, SDQ_FIELD_BUYER_CITY, "Zurich");
  put(&fx->s, SDQ_FIELD_BUYER_PHONE, "+41 44 123 45 67");
  put(&fx->s, SDQ_FIELD_ARRIVAL_LOCATION, "CHZRH");
  near_passes(fx, "145.00", "EUR");
}

static void test_near_threshold_converted(void **state) {
  fixture *fx = *state;
  /* USD at 1.17 per EUR: 170.00 USD is 145.30 EUR. */
  near_fires(fx, "170.00", "USD",
             "total value 145.30 EUR is 3.1% under the EUR 150 threshold");
  /* 150.00 USD is 128.21 EUR, under the band. */
  near_passes(fx, "150.00", "USD");
  /* 176.00 USD is 150.43 EUR: over. */
  near_passes(fx, "176.00", "USD");
  /* GBP at 0.87: 126.00 GBP is 144.83 EUR. */
  near_fires(fx, "126.00", "GBP", "144.83 EUR");
  /* CNY at 8.35: 1200.00 CNY is 143.71 EUR. */
  near_fires(fx, "1200.00", "CNY", "143.71 EUR");
  /* JPY at 173 (no minor unit): 25000 JPY is 144.51 EUR. */
  near_fires(fx, "25000", "JPY", "144.51 EUR");
  /* A currency without a rate is not converted: no finding. */
  near_passes(fx, "240.00", "NZD");
}

/* The clean record sent to a buyer in the US. */
static void us_spec(spec *s) {
  base_spec(s);
  put(s, SDQ_FIELD_BUYER_NAME, "John Smith");
  put(s, SDQ_FIELD_BUYER_ADDRESS, "350 Fifth Avenue");
  put(s, SDQ_FIELD_BUYER_CITY, "New York");
  put(s, SDQ_FIELD_BUYER_POSTCODE, "10118");
  put(s, SDQ_FIELD_BUYER_COUNTRY, "US");
  put(s, SDQ_FIELD_BUYER_ID, NULL);
  put(s, SDQ_FIELD_BUYER_EMAIL, "john.smith@example.com");
  put(s, SDQ_FIELD_BUYER_PHONE, "+1 212 555 0100");
  put(s, SDQ_FIELD_DECLARANT_ID, NULL);
  put(s, SDQ_FIELD_DESTINATION_COUNTRY, "US");
  put(s, SDQ_FIELD_ARRIVAL_LOCATION, "USJFK");
}

static void test_near_threshold_us(void **state) {
  fixture *fx = *state;
  us_spec(&fx->s);
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "the clean record to the US");
  const sdq_finding *f = near_fires(
      fx, "790.00", "USD",
      "total value 790.00 USD is 1.2% under the USD 800 threshold: US de "
      "minimis");
  expect_msg(f, "19 U.S.C. 1321");
  near_fires(fx, "720.00", "USD", "720.00 USD is 10.0% under");
  near_passes(fx, "700.00", "USD");
  near_passes(fx, "719.99", "USD");
  near_passes(fx, "800.00", "USD");
  /* EUR converted to USD: 681.00 EUR is 796.77 USD. */
  near_fires(fx, "681.00", "EUR", "796.77 USD is 0.4% under the USD 800");
  /* The EUR threshold is not the US one: EUR 145 to the US is USD 169.65. */
  near_passes(fx, "145.00", "EUR");
}

static void test_near_threshold_from(void **state) {
  fixture *fx = *state;
  /* The US threshold holds from 2016-03-10. The record's date is its
   * declaration date, else its departure date. */
  us_spec(&fx->s);
  put_dates(&fx->s, "2016-03-09", "2016-03-11", "2016-03-09");
  near_passes(fx, "790.00", "USD");
  put_dates(&fx->s, "2016-03-10", "2016-03-11", "2016-03-10");
  near_fires(fx, "790.00", "USD", "USD 800 threshold");
  /* Without a declaration date, the departure date counts. */
  put_dates(&fx->s, "2016-03-09", "2016-03-11", NULL);
  near_passes(fx, "790.00", "USD");
  put_dates(&fx->s, "2016-03-10", "2016-03-11", NULL);
  near_fires(fx, "790.00", "USD", "USD 800 threshold");
  /* The declaration date wins over the departure date. */
  put_dates(&fx->s, "2016-03-10", "2016-03-11", "2016-03-09");
  near_passes(fx, "790.00", "USD");
}

static const char CUSTOM_THRESHOLD[] =
    "\"thresholds\": [{\"amount\": 150, \"currency\": \"EUR\", "
    "\"from\": \"2021-01-10\", \"until\": \"2021-02-01\", "
    "\"destinations\": [\"EU\"], \"note\": \"trial period\"}]";

static void test_near_threshold_until(void **state) {
  fixture *fx = *state;
  reopen(fx, NULL, CUSTOM_THRESHOLD);
  near_fires(fx, "145.00", "EUR",
             "145.00 EUR is 3.3% under the EUR 150 threshold: trial period");
  /* "until" is the first day it no longer holds. */
  put_dates(&fx->s, "2021-01-31", "2021-02-02", "2021-01-31");
  near_fires(fx, "145.00", "EUR", "trial period");
  put_dates(&fx->s, "2021-02-01", "2021-02-03", "2021-02-01");
  near_passes(fx, "145.00", "EUR");
  put_dates(&fx->s, "2021-03-01", "2021-03-03", "2021-03-01");
  near_passes(fx, "145.00", "EUR");
  /* "from" is the first day it holds. */
  put_dates(&fx->s, "2021-01-09", "2021-01-11", "2021-01-09");
  near_passes(fx, "145.00", "EUR");
  put_dates(&fx->s, "2021-01-10", "2021-01-12", "2021-01-10");
  near_fires(fx, "145.00", "EUR", "trial period");
  /* The profile's thresholds replace the built-in ones: no US threshold. */
  us_spec(&fx->s);
  near_passes(fx, "790.00", "USD");
}

static void test_near_threshold_band(void **state) {
  fixture *fx = *state;
  reopen(fx, "\"risk.near_threshold\": {\"params\": {\"band\": 0.2}}", NULL);
  near_fires(fx, "120.00", "EUR", "120.00 EUR is 20.0% under the EUR 150");
  near_fires(fx, "134.00", "EUR", "10.7% under");
  near_passes(fx, "119.99", "EUR");
  near_passes(fx, "150.00", "EUR");
  reopen(fx, "\"risk.near_threshold\": {\"params\": {\"band\": 0.01}}", NULL);
  near_fires(fx, "148.50", "EUR", "1.0% under");
  near_passes(fx, "148.49", "EUR");
  near_passes(fx, "145.00", "EUR");
  /* Band 0: nothing is near. */
  reopen(fx, "\"risk.near_threshold\": {\"params\": {\"band\": 0}}", NULL);
  near_passes(fx, "149.99", "EUR");
  /* The rule switched off. */
  reopen(fx, "\"risk.near_threshold\": false", NULL);
  near_passes(fx, "145.00", "EUR");
  /* Severity and weight from the profile. */
  reopen(fx,
         "\"risk.near_threshold\": {\"severity\": \"error\", \"weight\": "
         "0.3}",
         NULL);
  value_in(&fx->s, "145.00", "EUR");
  assess(&fx->r, &fx->s);
  const sdq_finding *f =
      expect_one(&fx->r, "weight 0.3", NEAR, SDQ_FIELD_TOTAL_VALUE, SDQ_NO_ITEM,
                 SDQ_SEVERITY_ERROR, "3.3% under");
  assert_true(fabs(f->weight - 0.3) < 1e-12);
  assert_true(fabs(sdq_result_risk(fx->r.res) - 30.0) < 1e-9);
}

static void test_near_threshold_no_destination(void **state) {
  fixture *fx = *state;
  /* Without a destination country, the buyer's country is the
   * destination. */
  value_in(&fx->s, "145.00", "EUR");
  put(&fx->s, SDQ_FIELD_DESTINATION_COUNTRY, NULL);
  assess(&fx->r, &fx->s);
  expect_one(&fx->r, "no destination_country, buyer in DE", NEAR,
             SDQ_FIELD_TOTAL_VALUE, SDQ_NO_ITEM, SDQ_SEVERITY_WARNING,
             "EUR 150 threshold");
  /* Neither: no finding (a profile that does not require buyer_country,
   * so that nothing else fires). */
  reopen(fx, NULL,
         "\"required\": [\"shipment_id\", \"seller_name\", "
         "\"seller_country\", \"buyer_name\", \"buyer_address\", "
         "\"gross_weight\", \"total_value\", \"currency\", "
         "\"description\"]");
  put(&fx->s, SDQ_FIELD_BUYER_COUNTRY, NULL);
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "no destination at all");
  /* No currency or no total: nothing to compare. */
  base_spec(&fx->s);
  value_in(&fx->s, "145.00", "EUR");
  put(&fx->s, SDQ_FIELD_BUYER_COUNTRY, NULL);
  put(&fx->s, SDQ_FIELD_DESTINATION_COUNTRY, "DE");
  assess(&fx->r, &fx->s);
  expect_one(&fx->r, "destination DE, no buyer country", NEAR,
             SDQ_FIELD_TOTAL_VALUE, SDQ_NO_ITEM, SDQ_SEVERITY_WARNING,
             "EUR 150 threshold");
}

/* ------------------------------------------------------------------------ */
/* risk.split_shipment                                                       */
/* ------------------------------------------------------------------------ */

#define SPLIT "risk.split_shipment"

/* The clean record as consignment `id` of `value` EUR (one item) dated
 * `date`, without the awb, postal item id and container of the clean
 * record (so that records of one batch differ by their shipment_id). */
static void split_spec(spec *s, const char *id, const char *date,
                       const char *value) {
  base_spec(s);
  put(s, SDQ_FIELD_AWB, NULL);
  put(s, SDQ_FIELD_POSTAL_ITEM_ID, NULL);
  put(s, SDQ_FIELD_CONTAINER_ID, NULL);
  put(s, SDQ_FIELD_SHIPMENT_ID, id);
  put_dates(s, date, date, date);
  one_item(s, value);
}

/* Assesses the fixture's record in `b`: no finding, or exactly one
 * risk.split_shipment with `needle`. */
#define split_step(fx, b, fire, needle)                                        \
  split_step_((fx), (b), (fire), (needle), __FILE__, __LINE__)
static void split_step_(fixture *fx, sdq_batch *b, bool fire,
                        const char *needle, const char *file, int line) {
  assess_in(&fx->r, b, &fx->s);
  char ctx[160];
  snprintf(ctx, sizeof ctx, "consignment %s of %s on %s",
           fx->s.c[SDQ_FIELD_SHIPMENT_ID], fx->s.c[SDQ_FIELD_TOTAL_VALUE],
           fx->s.c[SDQ_FIELD_DECLARATION_DATE]
               ? fx->s.c[SDQ_FIELD_DECLARATION_DATE]
               : "(no date)");
  if (!fire) {
    expect_none_(&fx->r, ctx, file, line);
    return;
  }
  const sdq_finding *f =
      expect_one_(&fx->r, ctx, SPLIT, SDQ_FIELD_TOTAL_VALUE, SDQ_NO_ITEM,
                  SDQ_SEVERITY_WARNING, needle, file, line);
  finding_value_is(f, fx->s.c[SDQ_FIELD_TOTAL_VALUE]);
  assert_true(fabs(f->weight - 0.25) < 1e-12);
}

static sdq_batch *new_batch(const run *r) {
  sdq_batch *b = NULL;
  assert_int_equal(sdq_batch_new(r->e, &b), SDQ_OK);
  return b;
}

static void test_split_three(void **state) {
  fixture *fx = *state;
  sdq_batch *b = new_batch(&fx->r);
  split_spec(&fx->s, "SPLIT-1", "2021-01-15", "60.00");
  split_step(fx, b, false, NULL);
  split_spec(&fx->s, "SPLIT-2", "2021-01-17", "60.00");
  split_step(fx, b, false, NULL);
  /* The third brings the sum to 180 >= 150. */
  split_spec(&fx->s, "SPLIT-3", "2021-01-19", "60.00");
  split_step(fx, b, true,
             "with 2 other consignments from the same seller to the same "
             "buyer within 7 days (SPLIT-1, SPLIT-2), the total is 180.00 "
             "EUR, over the EUR 150 threshold, though each is under it");
  /* A fourth names the three others. */
  split_spec(&fx->s, "SPLIT-4", "2021-01-20", "60.00");
  split_step(fx, b, true,
             "with 3 other consignments from the same seller to the same "
             "buyer within 7 days (SPLIT-1, SPLIT-2, SPLIT-3), the total is "
             "240.00 EUR");
  sdq_rule_counts rc;
  assert_int_equal(
      sdq_metrics_rule(sdq_batch_metrics(b), rule_index(SPLIT), &rc), SDQ_OK);
  assert_int_equal(rc.records, 2);
  assert_int_equal(rc.findings, 2);
  sdq_batch_free(b);
  /* Another batch remembers nothing of the first. */
  b = new_batch(&fx->r);
  split_spec(&fx->s, "SPLIT-5", "2021-01-20", "60.00");
  split_step(fx, b, false, NULL);
  sdq_batch_free(b);
}

static void test_split_short(void **state) {
  fixture *fx = *state;
  /* One consignment short: 2 x 60 = 120. */
  sdq_batch *b = new_batch(&fx->r);
  split_spec(&fx->s, "SPLIT-1", "2021-01-15", "60.00");
  split_step(fx, b, false, NULL);
  split_spec(&fx->s, "SPLIT-2", "2021-01-16", "60.00");
  split_step(fx, b, false, NULL);
  sdq_batch_free(b);
  /* 3 x 49.99 = 149.97 is still under; a fourth brings it over. */
  b = new_batch(&fx->r);
  split_spec(&fx->s, "SPLIT-1", "2021-01-15", "49.99");
  split_step(fx, b, false, NULL);
  split_spec(&fx->s, "SPLIT-2", "2021-01-15", "49.99");
  split_step(fx, b, false, NULL);
  split_spec(&fx->s, "SPLIT-3", "2021-01-15", "49.99");
  split_step(fx, b, false, NULL);
  split_spec(&fx->s, "SPLIT-4", "2021-01-15", "49.99");
  split_step(fx, b, true, "the total is 199.96 EUR");
  sdq_batch_free(b);
  /* Two that reach the threshold exactly: 75 + 75 = 150 fires (the
   * total is over or at it, each is under). */
  b = new_batch(&fx->r);
  split_spec(&fx->s, "SPLIT-1", "2021-01-15", "75.00");
  split_step(fx, b, false, NULL);
  split_spec(&fx->s, "SPLIT-2", "2021-01-15", "75.00");
  split_step(fx, b, true, "with 1 other consignment from the same seller");
  sdq_batch_free(b);
}

static void test_split_window(void **state) {
  fixture *fx = *state;
  /* 7 days apart: within the window. */
  sdq_batch *b = new_batch(&fx->r);
  split_spec(&fx->s, "SPLIT-1", "2021-01-01", "60.00");
  split_step(fx, b, false, NULL);
  split_spec(&fx->s, "SPLIT-2", "2021-01-04", "60.00");
  split_step(fx, b, false, NULL);
  split_spec(&fx->s, "SPLIT-3", "2021-01-08", "60.00");
  split_step(fx, b, true, "(SPLIT-1, SPLIT-2), the total is 180.00 EUR");
  sdq_batch_free(b);
  /* 8 days apart: the first is out of the window of the third. */
  b = new_batch(&fx->r);
  split_spec(&fx->s, "SPLIT-1", "2021-01-01", "60.00");
  split_step(fx, b, false, NULL);
  split_spec(&fx->s, "SPLIT-2", "2021-01-05", "60.00");
  split_step(fx, b, false, NULL);
  split_spec(&fx->s, "SPLIT-3", "2021-01-09", "60.00");
  split_step(fx, b, false, NULL);
  sdq_batch_free(b);
  /* Out of order: the window is on both sides. */
  b = new_batch(&fx->r);
  split_spec(&fx->s, "SPLIT-1", "2021-01-10", "60.00");
  split_step(fx, b, false, NULL);
  split_spec(&fx->s, "SPLIT-2", "2021-01-04", "60.00");
  split_step(fx, b, false, NULL);
  split_spec(&fx->s, "SPLIT-3", "2021-01-07", "60.00");
  split_step(fx, b, true, "(SPLIT-1, SPLIT-2)");
  sdq_batch_free(b);
  /* Without a date, nothing is added up. */
  b = new_batch(&fx->r);
  for (int i = 0; i < 3; i++) {
    char id[24];
    snprintf(id, sizeof id, "SPLIT-%d", i + 1);
    split_spec(&fx->s, id, "2021-01-15", "60.00");
    put_dates(&fx->s, NULL, NULL, NULL);
    split_step(fx, b, false, NULL);
  }
  sdq_batch_free(b);
  /* The departure date stands in for a missing declaration date. */
  b = new_batch(&fx->r);
  for (int i = 0; i < 3; i++) {
    char id[24];
    snprintf(id, sizeof id, "SPLIT-%d", i + 1);
    split_spec(&fx->s, id, "2021-01-15", "60.00");
    put(&fx->s, SDQ_FIELD_DECLARATION_DATE, NULL);
    split_step(fx, b, i == 2, "(SPLIT-1, SPLIT-2)");
  }
  sdq_batch_free(b);
}

static void test_split_window_param(void **state) {
  fixture *fx = *state;
  reopen(fx, "\"risk.split_shipment\": {\"params\": {\"window_days\": 10}}",
         NULL);
  sdq_batch *b = new_batch(&fx->r);
  split_spec(&fx->s, "SPLIT-1", "2021-01-01", "60.00");
  split_step(fx, b, false, NULL);
  split_spec(&fx->s, "SPLIT-2", "2021-01-05", "60.00");
  split_step(fx, b, false, NULL);
  split_spec(&fx->s, "SPLIT-3", "2021-01-11", "60.00");
  split_step(fx, b, true, "within 10 days (SPLIT-1, SPLIT-2)");
  split_spec(&fx->s, "SPLIT-4", "2021-01-22", "60.00");
  split_step(fx, b, false, NULL); /* 11 days after SPLIT-3 */
  sdq_batch_free(b);
  /* Window 0: the same day only. */
  reopen(fx, "\"risk.split_shipment\": {\"params\": {\"window_days\": 0}}",
         NULL);
  b = new_batch(&fx->r);
  split_spec(&fx->s, "SPLIT-1", "2021-01-01", "60.00");
  split_step(fx, b, false, NULL);
  split_spec(&fx->s, "SPLIT-2", "2021-01-02", "60.00");
  split_step(fx, b, false, NULL);
  split_spec(&fx->s, "SPLIT-3", "2021-01-03", "60.00");
  split_step(fx, b, false, NULL);
  split_spec(&fx->s, "SPLIT-4", "2021-01-03", "60.00");
  split_step(fx, b, false, NULL);
  split_spec(&fx->s, "SPLIT-5", "2021-01-03", "60.00");
  split_step(fx, b, true, "within 0 days (SPLIT-3, SPLIT-4)");
  sdq_batch_free(b);
  /* Switched off. */
  reopen(fx, "\"risk.split_shipment\": false", NULL);
  b = new_batch(&fx->r);
  for (int i = 0; i < 4; i++) {
    char id[24];
    snprintf(id, sizeof id, "SPLIT-%d", i + 1);
    split_spec(&fx->s, id, "2021-01-15", "60.00");
    split_step(fx, b, false, NULL);
  }
  sdq_batch_free(b);
}

static void test_split_parties(void **state) {
  fixture *fx = *state;
  /* A different seller (id and name) is another pair. */
  sdq_batch *b = new_batch(&fx->r);
  split_spec(&fx->s, "SPLIT-1", "2021-01-15", "60.00");
  split_step(fx, b, false, NULL);
  split_spec(&fx->s, "SPLIT-2", "2021-01-15", "60.00");
  split_step(fx, b, false, NULL);
  split_spec(&fx->s, "SPLIT-3", "2021-01-15", "60.00");
  put(&fx->s, SDQ_FIELD_SELLER_ID, "CN4403960555");
  put(&fx->s, SDQ_FIELD_SELLER_NAME, "Shenzhen Bright Electronics Co., Ltd");
  split_step(fx, b, false, NULL);
  /* A different buyer (id) too. */
  split_spec(&fx->s, "SPLIT-4", "2021-01-15", "60.00");
  put(&fx->s, SDQ_FIELD_BUYER_ID, "DE123456789012346");
  split_step(fx, b, false, NULL);
  /* The first pair goes on. */
  split_spec(&fx->s, "SPLIT-5", "2021-01-16", "60.00");
  split_step(fx, b, true, "(SPLIT-1, SPLIT-2), the total is 180.00 EUR");
  sdq_batch_free(b);

  /* The same buyer by id, whatever the names. */
  b = new_batch(&fx->r);
  split_spec(&fx->s, "SPLIT-1", "2021-01-15", "60.00");
  split_step(fx, b, false, NULL);
  split_spec(&fx->s, "SPLIT-2", "2021-01-15", "60.00");
  put(&fx->s, SDQ_FIELD_BUYER_NAME, "Max Mustermann");
  split_step(fx, b, false, NULL);
  split_spec(&fx->s, "SPLIT-3", "2021-01-15", "60.00");
  put(&fx->s, SDQ_FIELD_BUYER_NAME, "Mustermann Haushaltswaren");
  put(&fx->s, SDQ_FIELD_BUYER_ADDRESS, "Zeil 5");
  split_step(fx, b, true, "(SPLIT-1, SPLIT-2)");
  sdq_batch_free(b);

  /* The same seller by name when it has no id: case, spaces and
   * punctuation do not matter. */
  b = new_batch(&fx->r);
  const char *sellers[] = {"Ningbo Homeware Import & Export Co., Ltd.",
                           "NINGBO HOMEWARE IMPORT EXPORT CO LTD",
                           "ningbo-homeware  import/export co. ltd"};
  for (int i = 0; i < 3; i++) {
    char id[24];
    snprintf(id, sizeof id, "SPLIT-%d", i + 1);
    split_spec(&fx->s, id, "2021-01-15", "60.00");
    put(&fx->s, SDQ_FIELD_SELLER_ID, NULL);
    put(&fx->s, SDQ_FIELD_SELLER_NAME, sellers[i]);
    split_step(fx, b, i == 2, "(SPLIT-1, SPLIT-2)");
  }
  sdq_batch_free(b);
}

/* Three consignments of 60 EUR to a buyer without an id, named and
 * addressed as given: the third fires if they are one buyer. */
static void split_buyers(fixture *fx, const char *const names[3][2], bool same,
                         const char *file, int line) {
  sdq_batch *b = new_batch(&fx->r);
  for (int i = 0; i < 3; i++) {
    char id[24];
    snprintf(id, sizeof id, "SPLIT-%d", i + 1);
    split_spec(&fx->s, id, "2021-01-15", "60.00");
    put(&fx->s, SDQ_FIELD_BUYER_ID, NULL);
    put(&fx->s, SDQ_FIELD_BUYER_NAME, names[i][0]);
    put(&fx->s, SDQ_FIELD_BUYER_ADDRESS, names[i][1]);
    split_step_(fx, b, same && i == 2, "(SPLIT-1, SPLIT-2)", file, line);
  }
  sdq_batch_free(b);
}

static void test_split_buyer_by_name(void **state) {
  fixture *fx = *state;
  /* Without a buyer id, the buyer is its name and address: case, spaces
   * and punctuation do not matter. */
  static const char *const names[3][2] = {
      {"Erika Mustermann", "Heidestrasse 17"},
      {"ERIKA MUSTERMANN", "HEIDESTRASSE 17"},
      {"erika  mustermann.", "Heidestrasse, 17"},
  };
  split_buyers(fx, names, true, __FILE__, __LINE__);
  static const char *const accented[3][2] = {
      {"Jérôme Müller-Lüdenscheidt", "Rue de la Paix 3"},
      {"Jérôme Müller Lüdenscheidt", "Rue de la Paix 3"},
      {"JéRôME MüLLER-LüDENSCHEIDT", "rue de la paix 3"},
  };
  split_buyers(fx, accented, true, __FILE__, __LINE__);
  /* The same name at another address is another buyer. */
  static const char *const moved[3][2] = {
      {"Erika Mustermann", "Heidestrasse 17"},
      {"Erika Mustermann", "Heidestrasse 17"},
      {"Erika Mustermann", "Zeil 5"},
  };
  split_buyers(fx, moved, false, __FILE__, __LINE__);
  /* Another name at the same address is another buyer too. */
  static const char *const others[3][2] = {
      {"Erika Mustermann", "Heidestrasse 17"},
      {"Erika Mustermann", "Heidestrasse 17"},
      {"Erika Musterfrau", "Heidestrasse 17"},
  };
  split_buyers(fx, others, false, __FILE__, __LINE__);
}

static void test_split_over_threshold(void **state) {
  fixture *fx = *state;
  /* A consignment at or over the threshold takes no part. */
  sdq_batch *b = new_batch(&fx->r);
  split_spec(&fx->s, "SPLIT-1", "2021-01-15", "60.00");
  split_step(fx, b, false, NULL);
  split_spec(&fx->s, "SPLIT-2", "2021-01-15", "200.00");
  split_step(fx, b, false, NULL);
  split_spec(&fx->s, "SPLIT-3", "2021-01-15", "60.00");
  split_step(fx, b, false, NULL);
  split_spec(&fx->s, "SPLIT-4", "2021-01-15", "150.00");
  split_step(fx, b, false, NULL);
  split_spec(&fx->s, "SPLIT-5", "2021-01-15", "60.00");
  split_step(fx, b, true,
             "with 2 other consignments from the same seller to the same "
             "buyer within 7 days (SPLIT-1, SPLIT-3), the total is 180.00 EUR");
  sdq_batch_free(b);
}

static void test_split_converted(void **state) {
  fixture *fx = *state;
  /* 70 USD is 59.83 EUR: three of them are 179.49 EUR. */
  sdq_batch *b = new_batch(&fx->r);
  for (int i = 0; i < 3; i++) {
    char id[24];
    snprintf(id, sizeof id, "SPLIT-%d", i + 1);
    split_spec(&fx->s, id, "2021-01-15", "70.00");
    put(&fx->s, SDQ_FIELD_CURRENCY, "USD");
    split_step(fx, b, i == 2, "the total is 179.49 EUR, over the EUR 150");
  }
  sdq_batch_free(b);
  /* No destination with a threshold: nothing to add up. */
  b = new_batch(&fx->r);
  for (int i = 0; i < 3; i++) {
    char id[24];
    snprintf(id, sizeof id, "SPLIT-%d", i + 1);
    split_spec(&fx->s, id, "2021-01-15", "60.00");
    put(&fx->s, SDQ_FIELD_DESTINATION_COUNTRY, "CH");
    put(&fx->s, SDQ_FIELD_BUYER_COUNTRY, "CH");
    put(&fx->s, SDQ_FIELD_BUYER_POSTCODE, "8001");
    put(&fx->s, SDQ_FIELD_BUYER_CITY, "Zurich");
    put(&fx->s, SDQ_FIELD_BUYER_ID, NULL);
    put(&fx->s, SDQ_FIELD_BUYER_PHONE, "+41 44 123 45 67");
    put(&fx->s, SDQ_FIELD_ARRIVAL_LOCATION, "CHZRH");
    split_step(fx, b, false, NULL);
  }
  sdq_batch_free(b);
}

static void test_split_max_pairs(void **state) {
  fixture *fx = *state;
  reopen(fx, "\"risk.split_shipment\": {\"params\": {\"max_pairs\": 1}}", NULL);
  /* The first pair is remembered, the second is not. */
  static const char *const buyers[] = {"DE123456789012345",
                                       "DE123456789012346"};
  sdq_batch *b = new_batch(&fx->r);
  for (int i = 0; i < 6; i++) {
    char id[24];
    snprintf(id, sizeof id, "SPLIT-%d", i + 1);
    split_spec(&fx->s, id, "2021-01-15", "60.00");
    put(&fx->s, SDQ_FIELD_BUYER_ID, buyers[i % 2]);
    /* SPLIT-5 is the third of the first pair; SPLIT-6 the third of the
     * second, which is not tracked. */
    split_step(fx, b, i == 4, "(SPLIT-1, SPLIT-3)");
  }
  sdq_batch_free(b);
  /* With the default, both pairs are. */
  reopen(fx, NULL, NULL);
  b = new_batch(&fx->r);
  for (int i = 0; i < 6; i++) {
    char id[24];
    snprintf(id, sizeof id, "SPLIT-%d", i + 1);
    split_spec(&fx->s, id, "2021-01-15", "60.00");
    put(&fx->s, SDQ_FIELD_BUYER_ID, buyers[i % 2]);
    split_step(fx, b, i >= 4,
               i == 4 ? "(SPLIT-1, SPLIT-3)" : "(SPLIT-2, SPLIT-4)");
  }
  sdq_batch_free(b);
}

/* ------------------------------------------------------------------------ */
/* risk.watchlist                                                            */
/* ------------------------------------------------------------------------ */

#define WATCH "risk.watchlist"
#define HEADER "name,id,address,country,reason\n"

/* The seller's name `name` fires risk.watchlist with `needle`. */
#define seller_fires(fx, name, needle)                                         \
  seller_fires_((fx), (name), (needle), __FILE__, __LINE__)
static const sdq_finding *seller_fires_(fixture *fx, const char *name,
                                        const char *needle, const char *file,
                                        int line) {
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_SELLER_NAME, name);
  assess(&fx->r, &fx->s);
  char ctx[200];
  snprintf(ctx, sizeof ctx, "seller \"%s\"", name);
  const sdq_finding *f =
      expect_one_(&fx->r, ctx, WATCH, SDQ_FIELD_SELLER_NAME, SDQ_NO_ITEM,
                  SDQ_SEVERITY_ERROR, needle, file, line);
  finding_value_is(f, name);
  assert_true(fabs(f->weight - 0.50) < 1e-12);
  return f;
}

#define seller_passes(fx, name) seller_passes_((fx), (name), __FILE__, __LINE__)
static void seller_passes_(fixture *fx, const char *name, const char *file,
                           int line) {
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_SELLER_NAME, name);
  assess(&fx->r, &fx->s);
  char ctx[200];
  snprintf(ctx, sizeof ctx, "seller \"%s\"", name);
  expect_none_(&fx->r, ctx, file, line);
}

static void test_watchlist_exact_name(void **state) {
  fixture *fx = *state;
  reopen_list(fx, NULL,
              HEADER "Acme Trading,,,,Denied party (test)\n"
                     "Société Générale d'Importation,,,,Fraud\n");
  seller_fires(fx, "ACME Trading Co., Ltd.",
               "seller_name matches watch-list entry \"Acme Trading\" (line "
               "2, similarity 1.00): Denied party (test)");
  seller_fires(fx, "Acme Trading", "similarity 1.00");
  seller_fires(fx, "Trading Acme Ltd", "\"Acme Trading\" (line 2");
  seller_fires(fx, "ÀCMÉ TRÄDING GmbH", "similarity 1.00");
  seller_fires(fx, "acme-trading, inc.", "similarity 1.00");
  seller_fires(fx, "SOCIETE GENERALE D'IMPORTATION SARL",
               "\"Société Générale d'Importation\" (line 3, similarity "
               "1.00): Fraud");
  /* Near misses: a word more (2 of 3), a word changed. */
  seller_passes(fx, "Acme Trading International Ltd");
  seller_passes(fx, "Acme Tradings Ltd");
  seller_passes(fx, "Acme Ltd");
  /* The clean record's parties are not listed. */
  base_spec(&fx->s);
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "the clean record with a watch-list");
  /* Switched off. */
  reopen_list(fx, "\"risk.watchlist\": false",
              HEADER "Acme Trading,,,,Denied party (test)\n");
  seller_passes(fx, "Acme Trading");
}

/* Names of 7 words; none is a legal form. */
#define SEVEN "Golden Dragon Pacific Star Electronics Export Trading"
#define FIVE "Silver Lotus Harbour Machinery Works"

static void test_watchlist_similarity(void **state) {
  fixture *fx = *state;
  reopen_list(fx, NULL, HEADER SEVEN ",,,,Seven words\n" FIVE ",,,,Five\n");
  /* 6 of 7 words: Jaccard 6/7 = 0.857 >= 0.85. */
  seller_fires(fx, "Golden Dragon Pacific Star Electronics Export Co., Ltd.",
               "\"" SEVEN "\" (line 2, similarity 0.86): Seven words");
  seller_fires(fx, "Pacific Star Electronics Export Trading Golden",
               "similarity 0.86");
  /* 7 words of which 6 shared: 6/8 = 0.75. */
  seller_passes(fx, "Golden Dragon Pacific Star Electronics Export Import");
  /* 4 of 5 words: 4/5 = 0.8 < 0.85. */
  seller_passes(fx, "Silver Lotus Harbour Machinery Ltd");
  seller_fires(fx, "Silver Lotus Harbour Machinery Works Ltd",
               "\"" FIVE "\" (line 3, similarity 1.00): Five");
  /* The parameter: 0.8 lets 4 of 5 through. */
  reopen_list(fx, "\"risk.watchlist\": {\"params\": {\"similarity\": 0.8}}",
              HEADER SEVEN ",,,,Seven words\n" FIVE ",,,,Five\n");
  seller_fires(fx, "Silver Lotus Harbour Machinery Ltd",
               "\"" FIVE "\" (line 3, similarity 0.80): Five");
  seller_passes(fx, "Silver Lotus Harbour Ltd"); /* 3/5 */
  /* 1: exact only (in any word order). */
  reopen_list(fx, "\"risk.watchlist\": {\"params\": {\"similarity\": 1}}",
              HEADER SEVEN ",,,,Seven words\n" FIVE ",,,,Five\n");
  seller_passes(fx, "Golden Dragon Pacific Star Electronics Export Co., Ltd.");
  seller_fires(fx, "Trading Export Electronics Star Pacific Dragon Golden",
               "similarity 1.00");
}

static void test_watchlist_id(void **state) {
  fixture *fx = *state;
  /* An entry with an id only; the seller's id is CN3302960123. */
  reopen_list(fx, NULL, HEADER ",CN 3302-960123,,,Known offender\n");
  base_spec(&fx->s);
  assess(&fx->r, &fx->s);
  if (count_rule(fx->r.res, WATCH) != 1 ||
      sdq_result_finding_count(fx->r.res) != 1)
    fail_msg("want one risk.watchlist, got:%s", dump(fx->r.res));
  const sdq_finding *f = sdq_result_finding(fx->r.res, 0);
  expect_msg(f, "matches watch-list entry \"CN 3302-960123\" (line 2, "
                "similarity 1.00): Known offender");
  assert_int_equal(f->severity, SDQ_SEVERITY_ERROR);
  assert_int_equal(f->item, SDQ_NO_ITEM);
  /* Case and separators do not matter; another id does not match. */
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_SELLER_ID, "cn3302960123");
  assess(&fx->r, &fx->s);
  assert_int_equal(count_rule(fx->r.res, WATCH), 1);
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_SELLER_ID, "CN3302960124");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "another seller id");
  /* An entry with a name and an id: the message gives both. */
  reopen_list(fx, NULL, HEADER "Other Name Holdings,CN3302960123,,,Alias\n");
  base_spec(&fx->s);
  assess(&fx->r, &fx->s);
  assert_int_equal(sdq_result_finding_count(fx->r.res), 1);
  expect_msg(sdq_result_finding(fx->r.res, 0),
             "entry \"Other Name Holdings\" [CN3302960123] (line 2, "
             "similarity 1.00): Alias");
  /* The buyer's id. */
  reopen_list(fx, NULL, HEADER ",DE-1234567890-12345,,DE,Buyer fraud\n");
  base_spec(&fx->s);
  assess(&fx->r, &fx->s);
  if (count_rule(fx->r.res, WATCH) != 1 ||
      sdq_result_finding_count(fx->r.res) != 1)
    fail_msg("want one risk.watchlist, got:%s", dump(fx->r.res));
  expect_msg(sdq_result_finding(fx->r.res, 0),
             "entry \"DE-1234567890-12345\" (line 2, similarity 1.00): Buyer "
             "fraud");
}

static void test_watchlist_country(void **state) {
  fixture *fx = *state;
  reopen_list(fx, NULL,
              HEADER "Acme Trading,,,RU,Sanctions\n"
                     ",CN3302960123,,ru,Sanctioned id\n");
  /* The seller is in CN: neither entry applies. */
  seller_passes(fx, "Acme Trading Ltd");
  /* A seller in RU: both would; the id matches first. */
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_SELLER_NAME, "Acme Trading Ltd");
  put(&fx->s, SDQ_FIELD_SELLER_ID, NULL);
  put(&fx->s, SDQ_FIELD_SELLER_COUNTRY, "RU");
  assess(&fx->r, &fx->s);
  expect_one(&fx->r, "seller in RU", WATCH, SDQ_FIELD_SELLER_NAME, SDQ_NO_ITEM,
             SDQ_SEVERITY_ERROR,
             "\"Acme Trading\" (line 2, similarity 1.00): Sanctions");
  /* An entry without a country applies to every country. */
  reopen_list(fx, NULL, HEADER "Acme Trading,,,,Anywhere\n");
  seller_fires(fx, "Acme Trading Ltd", "Anywhere");
  /* A seller from DE and an entry from RU. */
  reopen_list(fx, NULL, HEADER "Acme Trading,,,RU,Sanctions\n");
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_SELLER_NAME, "Acme Trading GmbH");
  put(&fx->s, SDQ_FIELD_SELLER_ID, NULL);
  put(&fx->s, SDQ_FIELD_SELLER_COUNTRY, "DE");
  put(&fx->s, SDQ_FIELD_SELLER_POSTCODE, "10115");
  put(&fx->s, SDQ_FIELD_SELLER_CITY, "Berlin");
  put(&fx->s, SDQ_FIELD_SELLER_ADDRESS, "Invalidenstrasse 1");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "a seller from DE, an entry from RU");
}

static void test_watchlist_buyer(void **state) {
  fixture *fx = *state;
  reopen_list(fx, NULL, HEADER "Erika Mustermann,,,DE,Reshipper\n");
  base_spec(&fx->s);
  assess(&fx->r, &fx->s);
  const sdq_finding *f = expect_one(
      &fx->r, "listed buyer", WATCH, SDQ_FIELD_BUYER_NAME, SDQ_NO_ITEM,
      SDQ_SEVERITY_ERROR,
      "buyer_name matches watch-list entry \"Erika Mustermann\" (line 2, "
      "similarity 1.00): Reshipper");
  finding_value_is(f, "Erika Mustermann");
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_BUYER_NAME, "MUSTERMANN, Erika");
  assess(&fx->r, &fx->s);
  assert_int_equal(count_rule(fx->r.res, WATCH), 1);
  /* The entry is in AT; the buyer in DE. */
  reopen_list(fx, NULL, HEADER "Erika Mustermann,,,AT,Reshipper\n");
  base_spec(&fx->s);
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "buyer in DE, entry in AT");
  /* Seller and buyer both listed: two findings, seller first. */
  reopen_list(fx, NULL,
              HEADER "Erika Mustermann,,,,Reshipper\n"
                     "Ningbo Homeware Import & Export,,,CN,Undervaluation\n");
  base_spec(&fx->s);
  assess(&fx->r, &fx->s);
  expect_nth(&fx->r, "both", 2, 0, WATCH, SDQ_FIELD_SELLER_NAME, SDQ_NO_ITEM,
             SDQ_SEVERITY_ERROR, "(line 3, similarity 1.00): Undervaluation");
  expect_nth(&fx->r, "both", 2, 1, WATCH, SDQ_FIELD_BUYER_NAME, SDQ_NO_ITEM,
             SDQ_SEVERITY_ERROR, "(line 2, similarity 1.00): Reshipper");
}

static void test_watchlist_csv_forms(void **state) {
  fixture *fx = *state;
  /* Columns in another order, with columns that are not used, a quoted
   * name with a comma, a lower-case country. */
  reopen_list(fx, NULL,
              "program,reason,listed_on,country,name,remarks,id\n"
              "SDN,Export ban,2024-01-01,cn,\"Acme Trading, Ltd.\",none,\n");
  seller_fires(fx, "Acme Trading",
               "\"Acme Trading, Ltd.\" (line 2, similarity 1.00): Export ban");
  /* A byte order mark, CRLF line ends, a blank line, a quoted reason on
   * two lines. */
  reopen_list(fx, NULL,
              "\xEF\xBB\xBFname,id,address,country,reason\r\n"
              "Acme Trading,,,,\"First\r\nentry\"\r\n"
              "\r\n"
              "Beta Holdings,,,,Second\r\n");
  seller_fires(fx, "Acme Trading", "(line 2, similarity 1.00): First");
  seller_fires(fx, "Beta Holdings Ltd", "(line 5, similarity 1.00): Second");
  /* Only a name column. */
  reopen_list(fx, NULL, "name\nAcme Trading\n");
  const sdq_finding *f =
      seller_fires(fx, "Acme Trading", "(line 2, similarity 1.00)");
  assert_null(strstr(f->message, "similarity 1.00:"));
  /* Lists add up over calls. */
  run_close(&fx->r);
  char *json = all_on_profile("core", NULL, NULL);
  const char *lists[] = {HEADER "Acme Trading,,,,First list\n",
                         HEADER "Beta Holdings,,,,Second list\n", NULL};
  run_open_json(&fx->r, json, lists);
  free(json);
  seller_fires(fx, "Acme Trading", "(line 2, similarity 1.00): First list");
  seller_fires(fx, "Beta Holdings", "(line 2, similarity 1.00): Second list");
}

/* Loads `csv` into a new configuration and returns the status; `err`
 * receives the error. */
static sdq_status load_err(const char *csv, sdq_error *err) {
  sdq_config *c = NULL;
  assert_int_equal(sdq_config_new(NULL, &c), SDQ_OK);
  memset(err, 0x5A, sizeof *err);
  err->message[sizeof err->message - 1] = '\0';
  sdq_status st = sdq_config_load_watchlist(c, csv, strlen(csv), err);
  sdq_config_free(c);
  return st;
}

static void test_watchlist_errors(void **state) {
  fixture *fx = *state;
  sdq_error err;
  /* A country that is not a code: the error names the value and its line. */
  assert_int_equal(load_err(HEADER "Acme Trading,,,RU,ok\n"
                                   "Evil Corp,,,Russia,bad\n",
                            &err),
                   SDQ_EPARSE);
  assert_int_equal(err.code, SDQ_EPARSE);
  assert_int_equal(err.line, 3);
  assert_non_null(strstr(err.message, "Russia"));
  /* The same with CRLF and a BOM. */
  assert_int_equal(load_err("\xEF\xBB\xBF"
                            "name,id,address,country,reason\r\n"
                            "Acme Trading,,,RU,ok\r\n"
                            "Evil Corp,,,Russia,bad\r\n",
                            &err),
                   SDQ_EPARSE);
  assert_int_equal(err.line, 3);
  /* No entry with a name or an id. */
  assert_int_equal(load_err(HEADER ",,Some Street 1,DE,no name\n", &err),
                   SDQ_EPARSE);
  assert_int_equal(err.code, SDQ_EPARSE);
  assert_non_null(strstr(err.message, "no entry with a name or an id"));
  assert_int_equal(load_err(HEADER, &err), SDQ_EPARSE);
  assert_non_null(strstr(err.message, "no entry with a name or an id"));
  assert_int_equal(load_err("address,reason\nSome Street 1,x\n", &err),
                   SDQ_EPARSE);
  /* A row that cannot be read. */
  assert_int_equal(load_err(HEADER "\"Acme Trading,,,,x\n", &err), SDQ_EPARSE);
  assert_true(err.message[0] != '\0');
  /* Arguments. */
  assert_int_equal(
      sdq_config_load_watchlist(NULL, HEADER, strlen(HEADER), NULL),
      SDQ_EINVAL);
  sdq_config *c = NULL;
  assert_int_equal(sdq_config_new(NULL, &c), SDQ_OK);
  assert_int_equal(sdq_config_load_watchlist(c, NULL, 5, NULL), SDQ_EINVAL);
  /* On error, nothing of the list is added: the rows before the bad one
   * neither. Errors without `err` too. */
  char *json = all_on_profile("core", NULL, NULL);
  assert_int_equal(sdq_config_load_profile(c, json, strlen(json), NULL),
                   SDQ_OK);
  free(json);
  load_list(c, HEADER "Acme Trading,,,,kept\n");
  static const char bad[] = HEADER "Beta Holdings,,,,dropped\n"
                                   "Evil Corp,,,Russia,bad\n";
  assert_int_equal(sdq_config_load_watchlist(c, bad, strlen(bad), &err),
                   SDQ_EPARSE);
  assert_int_equal(sdq_config_load_watchlist(c, bad, strlen(bad), NULL),
                   SDQ_EPARSE);
  run_close(&fx->r);
  assert_int_equal(sdq_engine_new(c, &fx->r.e, NULL), SDQ_OK);
  sdq_config_free(c);
  assert_int_equal(sdq_record_new(fx->r.e, &fx->r.rec), SDQ_OK);
  assert_int_equal(sdq_result_new(fx->r.e, &fx->r.res), SDQ_OK);
  seller_fires(fx, "Acme Trading", "kept");
  seller_passes(fx, "Beta Holdings");
}

/* ------------------------------------------------------------------------ */
/* risk.origin_mismatch                                                      */
/* ------------------------------------------------------------------------ */

#define ORIGIN "risk.origin_mismatch"

/* The clean record departing from `country` at `location`. */
static void depart(spec *s, const char *country, const char *location) {
  base_spec(s);
  put(s, SDQ_FIELD_DEPARTURE_COUNTRY, country);
  put(s, SDQ_FIELD_DEPARTURE_LOCATION, location);
}

static void test_origin_mismatch(void **state) {
  fixture *fx = *state;
  /* Both items are of origin CN. */
  depart(&fx->s, "VN", "VNSGN");
  assess(&fx->r, &fx->s);
  const char *msg = "goods of origin CN depart from VN: Chinese-origin goods "
                    "re-exported through South-East Asia";
  const sdq_finding *f =
      expect_nth(&fx->r, "CN from VN", 2, 0, ORIGIN, SDQ_FIELD_ORIGIN_COUNTRY,
                 0, SDQ_SEVERITY_WARNING, msg);
  finding_value_is(f, "CN");
  assert_true(fabs(f->weight - 0.15) < 1e-12);
  expect_nth(&fx->r, "CN from VN", 2, 1, ORIGIN, SDQ_FIELD_ORIGIN_COUNTRY, 1,
             SDQ_SEVERITY_WARNING, msg);
  /* Only the item of origin CN. */
  put_item(&fx->s, 0, SDQ_FIELD_ORIGIN_COUNTRY, "VN");
  assess(&fx->r, &fx->s);
  expect_one(&fx->r, "VN and CN from VN", ORIGIN, SDQ_FIELD_ORIGIN_COUNTRY, 1,
             SDQ_SEVERITY_WARNING, "goods of origin CN depart from VN");
  /* Every departure of the built-in route. */
  static const char *const route[][2] = {
      {"MY", "MYPKG"}, {"TH", "THBKK"}, {"KH", "KHPNH"}};
  for (size_t i = 0; i < 3; i++) {
    depart(&fx->s, route[i][0], route[i][1]);
    one_item(&fx->s, "24.90");
    assess(&fx->r, &fx->s);
    char want[64];
    snprintf(want, sizeof want, "goods of origin CN depart from %s",
             route[i][0]);
    expect_one(&fx->r, route[i][0], ORIGIN, SDQ_FIELD_ORIGIN_COUNTRY, 0,
               SDQ_SEVERITY_WARNING, want);
  }
  /* Near misses: CN from CN (the clean record), VN from VN, CN from DE (not
   * a marked route), VN from CN (the route is one way). */
  base_spec(&fx->s);
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "CN from CN");
  depart(&fx->s, "VN", "VNSGN");
  put_item(&fx->s, 0, SDQ_FIELD_ORIGIN_COUNTRY, "VN");
  put_item(&fx->s, 1, SDQ_FIELD_ORIGIN_COUNTRY, "VN");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "VN from VN");
  depart(&fx->s, "DE", "DEHAM");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "CN from DE");
  depart(&fx->s, "CN", "CNCAN");
  put_item(&fx->s, 0, SDQ_FIELD_ORIGIN_COUNTRY, "VN");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "VN from CN");
  /* No departure country, or no origin: nothing to compare. */
  depart(&fx->s, NULL, NULL);
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "no departure country");
  depart(&fx->s, "VN", "VNSGN");
  put_item(&fx->s, 0, SDQ_FIELD_ORIGIN_COUNTRY, NULL);
  put_item(&fx->s, 1, SDQ_FIELD_ORIGIN_COUNTRY, NULL);
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "no origin");
  /* Switched off. */
  reopen(fx, "\"risk.origin_mismatch\": false", NULL);
  depart(&fx->s, "VN", "VNSGN");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "switched off");
}

static void test_origin_custom_routes(void **state) {
  fixture *fx = *state;
  reopen(fx, NULL,
         "\"origin_routes\": [{\"origin\": \"RU\", \"departures\": [\"KZ\", "
         "\"AM\"], \"note\": \"re-export of restricted goods\"}, "
         "{\"origin\": \"CN\", \"departures\": [\"TR\"]}]");
  depart(&fx->s, "KZ", "KZALA");
  put_item(&fx->s, 1, SDQ_FIELD_ORIGIN_COUNTRY, "RU");
  assess(&fx->r, &fx->s);
  expect_one(&fx->r, "RU from KZ", ORIGIN, SDQ_FIELD_ORIGIN_COUNTRY, 1,
             SDQ_SEVERITY_WARNING,
             "goods of origin RU depart from KZ: re-export of restricted "
             "goods");
  /* A route without a note. */
  depart(&fx->s, "TR", "TRIST");
  one_item(&fx->s, "24.90");
  assess(&fx->r, &fx->s);
  const sdq_finding *f =
      expect_one(&fx->r, "CN from TR", ORIGIN, SDQ_FIELD_ORIGIN_COUNTRY, 0,
                 SDQ_SEVERITY_WARNING, "goods of origin CN depart from TR");
  assert_string_equal(f->message, "goods of origin CN depart from TR");
  /* The profile's routes replace the built-in ones. */
  depart(&fx->s, "VN", "VNSGN");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "CN from VN, not a route of this profile");
  depart(&fx->s, "KZ", "KZALA");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "CN from KZ");
  /* No route at all. */
  reopen(fx, NULL, "\"origin_routes\": []");
  depart(&fx->s, "VN", "VNSGN");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "no routes");
}

/* ------------------------------------------------------------------------ */
/* risk.gift_commercial                                                      */
/* ------------------------------------------------------------------------ */

#define GIFT "risk.gift_commercial"

/* A gift from a private person, without a marketplace, quantities 2 and 1. */
static void gift_spec(spec *s) {
  base_spec(s);
  put(s, SDQ_FIELD_CATEGORY, "gift");
  put(s, SDQ_FIELD_SELLER_NAME, "Maria Rossi");
  put(s, SDQ_FIELD_SELLER_ID, NULL);
  put(s, SDQ_FIELD_PLATFORM_ID, NULL);
  put_item(s, 0, SDQ_FIELD_QUANTITY, "2");
}

#define gift_fires(fx, needle) gift_fires_((fx), (needle), __FILE__, __LINE__)
static const sdq_finding *gift_fires_(fixture *fx, const char *needle,
                                      const char *file, int line) {
  assess(&fx->r, &fx->s);
  const sdq_finding *f =
      expect_one_(&fx->r, "gift", GIFT, SDQ_FIELD_CATEGORY, SDQ_NO_ITEM,
                  SDQ_SEVERITY_WARNING, needle, file, line);
  finding_value_is(f, fx->s.c[SDQ_FIELD_CATEGORY]);
  assert_true(fabs(f->weight - 0.15) < 1e-12);
  return f;
}

static void test_gift_business_seller(void **state) {
  fixture *fx = *state;
  gift_spec(&fx->s);
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "a gift from Maria Rossi");
  /* The seller is a company (and the marketplace is there too: one
   * finding). */
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_CATEGORY, "gift");
  put(&fx->s, SDQ_FIELD_SELLER_NAME, "Shenzhen Bright Electronics Co., Ltd");
  const sdq_finding *f = gift_fires(
      fx, "declared a gift, but the seller \"Shenzhen Bright Electronics Co., "
          "Ltd\" is a business (a gift is sent by a private person)");
  assert_string_equal(f->message,
                      "declared a gift, but the seller \"Shenzhen Bright "
                      "Electronics Co., Ltd\" is a business (a gift is sent "
                      "by a private person)");
  /* Legal forms of other countries. */
  static const char *const companies[] = {
      "Bright Electronics GmbH",      "Bright Electronics LLC",
      "Bright Electronics SA",        "Bright Electronics Inc.",
      "BRIGHT ELECTRONICS PTE. LTD.", "Bright Electronics AB",
      "Bright Electronics Limited",   "Bright Electronics Corporation"};
  for (size_t i = 0; i < sizeof companies / sizeof companies[0]; i++) {
    gift_spec(&fx->s);
    put(&fx->s, SDQ_FIELD_SELLER_NAME, companies[i]);
    gift_fires(fx, "declared a gift, but the seller \"");
  }
  /* The category in other case and with white space. */
  gift_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_SELLER_NAME, "Bright Electronics Ltd");
  put(&fx->s, SDQ_FIELD_CATEGORY, "GIFT");
  gift_fires(fx, "is a business");
  put(&fx->s, SDQ_FIELD_CATEGORY, " Gift ");
  gift_fires(fx, "is a business");
  /* A sale from a company is no gift. */
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_SELLER_NAME, "Shenzhen Bright Electronics Co., Ltd");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "sale_of_goods from a company");
  put(&fx->s, SDQ_FIELD_CATEGORY, "gifts and samples");
  assess(&fx->r, &fx->s);
  assert_int_equal(count_rule(fx->r.res, GIFT), 0);
}

static void test_gift_platform(void **state) {
  fixture *fx = *state;
  gift_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_PLATFORM_ID, "TEMU");
  const sdq_finding *f =
      gift_fires(fx, "declared a gift, but sold through the marketplace TEMU");
  assert_string_equal(f->message,
                      "declared a gift, but sold through the marketplace "
                      "TEMU");
}

/* A copy of `s` in a heap block of exactly its length (no NUL after it),
 * so that AddressSanitizer catches a read past the value. */
static char *exact(const char *s) {
  size_t n = strlen(s);
  char *p = malloc(n ? n : 1);
  assert_non_null(p);
  memcpy(p, s, n);
  return p;
}

static void test_gift_message_of_views(void **state) {
  fixture *fx = *state;
  /* The values are not NUL-terminated (as values a reader hands out, which
   * point into the input): the messages end where the values end. */
  static const char seller[] = "Shenzhen Bright Electronics Co., Ltd";
  static const char platform[] = "ALIEXPRESS";
  char *sv = exact(seller), *pv = exact(platform);
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_CATEGORY, "gift");
  fill(fx->r.rec, &fx->s);
  assert_int_equal(
      sdq_record_set_view(fx->r.rec, SDQ_FIELD_SELLER_NAME, sv, strlen(seller)),
      SDQ_OK);
  sdq_batch *b = new_batch(&fx->r);
  assert_int_equal(sdq_batch_assess(b, fx->r.rec, fx->r.res), SDQ_OK);
  const sdq_finding *f =
      expect_one(&fx->r, "seller as a view", GIFT, SDQ_FIELD_CATEGORY,
                 SDQ_NO_ITEM, SDQ_SEVERITY_WARNING, NULL);
  assert_string_equal(f->message,
                      "declared a gift, but the seller \"Shenzhen Bright "
                      "Electronics Co., Ltd\" is a business (a gift is sent "
                      "by a private person)");
  sdq_batch_free(b);
  b = new_batch(&fx->r);
  gift_spec(&fx->s);
  fill(fx->r.rec, &fx->s);
  assert_int_equal(sdq_record_set_view(fx->r.rec, SDQ_FIELD_PLATFORM_ID, pv,
                                       strlen(platform)),
                   SDQ_OK);
  assert_int_equal(sdq_batch_assess(b, fx->r.rec, fx->r.res), SDQ_OK);
  f = expect_one(&fx->r, "platform as a view", GIFT, SDQ_FIELD_CATEGORY,
                 SDQ_NO_ITEM, SDQ_SEVERITY_WARNING, NULL);
  assert_string_equal(f->message,
                      "declared a gift, but sold through the marketplace "
                      "ALIEXPRESS");
  sdq_batch_free(b);
  free(sv);
  free(pv);
}

static void test_gift_quantity(void **state) {
  fixture *fx = *state;
  gift_spec(&fx->s);
  put_item(&fx->s, 0, SDQ_FIELD_QUANTITY, "12");
  gift_fires(fx, "declared a gift, but item 0 has a commercial quantity (12, "
                 "more than 5)");
  put_item(&fx->s, 0, SDQ_FIELD_QUANTITY, "6");
  gift_fires(fx, "(6, more than 5)");
  put_item(&fx->s, 0, SDQ_FIELD_QUANTITY, "5");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "a gift of quantity 5");
  put_item(&fx->s, 1, SDQ_FIELD_QUANTITY, "40");
  gift_fires(fx, "item 1 has a commercial quantity (40, more than 5)");
  /* The parameter. */
  reopen(fx, "\"risk.gift_commercial\": {\"params\": {\"max_quantity\": 20}}",
         NULL);
  gift_spec(&fx->s);
  put_item(&fx->s, 0, SDQ_FIELD_QUANTITY, "12");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "12 with max_quantity 20");
  put_item(&fx->s, 0, SDQ_FIELD_QUANTITY, "21");
  gift_fires(fx, "(21, more than 20)");
  /* Switched off. */
  reopen(fx, "\"risk.gift_commercial\": false", NULL);
  gift_spec(&fx->s);
  put_item(&fx->s, 0, SDQ_FIELD_QUANTITY, "12");
  put(&fx->s, SDQ_FIELD_PLATFORM_ID, "TEMU");
  put(&fx->s, SDQ_FIELD_SELLER_NAME, "Bright Electronics Ltd");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "switched off");
}

/* ------------------------------------------------------------------------ */
/* risk.low_value_per_kg                                                     */
/* ------------------------------------------------------------------------ */

#define LOW "risk.low_value_per_kg"

/* The result holds exactly one risk.low_value_per_kg, on item 0. */
#define low_found(fx, needle) low_found_((fx), (needle), __FILE__, __LINE__)
static const sdq_finding *low_found_(fixture *fx, const char *needle,
                                     const char *file, int line) {
  char ctx[160];
  snprintf(ctx, sizeof ctx, "HS %s, %s for %s kg",
           fx->s.it[0][IT(SDQ_FIELD_HS_CODE)],
           fx->s.it[0][IT(SDQ_FIELD_ITEM_VALUE)],
           fx->s.it[0][IT(SDQ_FIELD_NET_WEIGHT)]);
  const sdq_finding *f = expect_one_(&fx->r, ctx, LOW, SDQ_FIELD_ITEM_VALUE, 0,
                                     SDQ_SEVERITY_WARNING, needle, file, line);
  finding_value_is(f, fx->s.it[0][IT(SDQ_FIELD_ITEM_VALUE)]);
  assert_true(fabs(f->weight - 0.15) < 1e-12);
  return f;
}

/* Assessed in a batch of its own, the record fires. */
#define low_fires(fx, needle) low_fires_((fx), (needle), __FILE__, __LINE__)
static const sdq_finding *low_fires_(fixture *fx, const char *needle,
                                     const char *file, int line) {
  assess(&fx->r, &fx->s);
  return low_found_(fx, needle, file, line);
}

#define low_passes(fx) low_passes_((fx), __FILE__, __LINE__)
static void low_passes_(fixture *fx, const char *file, int line) {
  assess(&fx->r, &fx->s);
  char ctx[160];
  snprintf(ctx, sizeof ctx, "HS %s, %s for %s kg",
           fx->s.it[0][IT(SDQ_FIELD_HS_CODE)],
           fx->s.it[0][IT(SDQ_FIELD_ITEM_VALUE)],
           fx->s.it[0][IT(SDQ_FIELD_NET_WEIGHT)]);
  expect_none_(&fx->r, ctx, file, line);
}

static void phones(spec *s, const char *value, const char *kg,
                   const char *gross) {
  goods_spec(s, "851713", value, kg, gross);
  put_item(s, 0, SDQ_FIELD_DESCRIPTION, "Smartphone, 128 GB, refurbished");
}

static void test_low_value_floor(void **state) {
  fixture *fx = *state;
  reopen(fx, NULL, "\"value_floors\": {\"8517\": 40, \"61\": 5}");
  phones(&fx->s, "10.00", "1.000", "1.100");
  low_fires(fx, "item value is 10.00 EUR per kg, under the floor of 40.00 "
                "EUR per kg for HS heading 8517");
  phones(&fx->s, "50.00", "1.000", "1.100");
  low_passes(fx);
  phones(&fx->s, "40.00", "1.000", "1.100");
  low_passes(fx);
  phones(&fx->s, "39.99", "1.000", "1.100");
  low_fires(fx, "39.99 EUR per kg");
  /* Per kg: 30 EUR for 0.5 kg is 60 per kg; 30 for 2 kg is 15. */
  phones(&fx->s, "30.00", "0.500", "0.550");
  low_passes(fx);
  phones(&fx->s, "30.00", "2.000", "2.200");
  low_fires(fx, "15.00 EUR per kg");
  /* Converted to the base currency: 10 USD is 8.55 EUR. */
  phones(&fx->s, "10.00", "1.000", "1.100");
  put(&fx->s, SDQ_FIELD_CURRENCY, "USD");
  low_fires(fx, "8.55 EUR per kg, under the floor of 40.00 EUR per kg");
  /* The HS code written with separators. */
  phones(&fx->s, "10.00", "1.000", "1.100");
  put_item(&fx->s, 0, SDQ_FIELD_HS_CODE, "8517.13");
  low_fires(fx, "HS heading 8517");
  /* The chapter's floor for a heading without its own. */
  goods_spec(&fx->s, "610910", "4.00", "1.000", "1.100");
  low_fires(fx, "item value is 4.00 EUR per kg, under the floor of 5.00 EUR "
                "per kg for HS heading 6109");
  goods_spec(&fx->s, "610910", "6.00", "1.000", "1.100");
  low_passes(fx);
  goods_spec(&fx->s, "611020", "4.00", "1.000", "1.100");
  put_item(&fx->s, 0, SDQ_FIELD_DESCRIPTION, "Cotton jerseys, knitted");
  low_fires(fx, "HS heading 6110");
  /* No floor for the heading or its chapter. */
  goods_spec(&fx->s, "392410", "0.10", "1.000", "1.100");
  put_item(&fx->s, 0, SDQ_FIELD_DESCRIPTION, "Silicone baking mats");
  low_passes(fx);
  /* Without a net weight, no value per kg. */
  phones(&fx->s, "10.00", "1.000", "1.100");
  put_item(&fx->s, 0, SDQ_FIELD_NET_WEIGHT, NULL);
  low_passes(fx);
  /* A heading's floor wins over its chapter's. */
  reopen(fx, NULL, "\"value_floors\": {\"61\": 5, \"6109\": 2}");
  goods_spec(&fx->s, "610910", "4.00", "1.000", "1.100");
  low_passes(fx);
  goods_spec(&fx->s, "610910", "1.50", "1.000", "1.100");
  low_fires(fx, "under the floor of 2.00 EUR per kg for HS heading 6109");
  goods_spec(&fx->s, "611020", "4.00", "1.000", "1.100");
  low_fires(fx, "under the floor of 5.00 EUR per kg for HS heading 6110");
  /* Switched off. */
  reopen(fx, "\"risk.low_value_per_kg\": false",
         "\"value_floors\": {\"8517\": 40}");
  phones(&fx->s, "10.00", "1.000", "1.100");
  low_passes(fx);
}

/* Consignment number n of a batch: one item of heading 6109 worth `value`
 * EUR for 1 kg, its own shipment id and buyer id (so that no consignments
 * add up to a split shipment). */
static void tshirt(spec *s, char bufs[2][32], int n, const char *value) {
  goods_spec(s, "610910", value, "1.000", "1.100");
  snprintf(bufs[0], 32, "LOW-%04d", n);
  snprintf(bufs[1], 32, "DE1000000000%05d", n);
  put(s, SDQ_FIELD_SHIPMENT_ID, bufs[0]);
  put(s, SDQ_FIELD_BUYER_ID, bufs[1]);
}

/* Assesses `count` consignments of 18 to 22 EUR per kg in `b`; none may
 * have a finding. */
static void tshirts(fixture *fx, sdq_batch *b, int first, int count) {
  static const char *const values[] = {"18.00", "19.50", "20.00", "21.00",
                                       "22.00"};
  char bufs[2][32];
  for (int i = first; i < first + count; i++) {
    tshirt(&fx->s, bufs, i, values[i % 5]);
    assess_in(&fx->r, b, &fx->s);
    expect_none(&fx->r, bufs[0]);
  }
}

static void test_low_value_batch(void **state) {
  fixture *fx = *state;
  char bufs[2][32];
  sdq_batch *b = new_batch(&fx->r);
  tshirts(fx, b, 1, 40);
  /* 1 EUR per kg is under 10% of the median (about 17.78, the lower bound
   * of the median's bucket). */
  tshirt(&fx->s, bufs, 41, "1.00");
  assess_in(&fx->r, b, &fx->s);
  low_found(fx, "item value is 1.00 EUR per kg, under 10% of the median of "
                "40 items of HS heading 6109 in this batch (about 17.78 EUR "
                "per kg)");
  sdq_rule_counts rc;
  assert_int_equal(sdq_metrics_rule(sdq_batch_metrics(b), rule_index(LOW), &rc),
                   SDQ_OK);
  assert_int_equal(rc.records, 1);
  assert_int_equal(rc.findings, 1);
  /* 5 EUR per kg is not. */
  tshirt(&fx->s, bufs, 42, "5.00");
  assess_in(&fx->r, b, &fx->s);
  expect_none(&fx->r, "5 EUR per kg");
  /* Another heading has no history. */
  tshirt(&fx->s, bufs, 43, "1.00");
  put_item(&fx->s, 0, SDQ_FIELD_HS_CODE, "611020");
  put_item(&fx->s, 0, SDQ_FIELD_DESCRIPTION, "Cotton jerseys, knitted");
  assess_in(&fx->r, b, &fx->s);
  expect_none(&fx->r, "1 EUR per kg of heading 6110");
  sdq_batch_free(b);
}

static void test_low_value_batch_min_items(void **state) {
  fixture *fx = *state;
  char bufs[2][32];
  /* 29 items before: not enough for a median. */
  sdq_batch *b = new_batch(&fx->r);
  tshirts(fx, b, 1, 29);
  tshirt(&fx->s, bufs, 30, "1.00");
  assess_in(&fx->r, b, &fx->s);
  expect_none(&fx->r, "after 29 items");
  /* 30 before (the low one counted too): it fires. */
  tshirt(&fx->s, bufs, 31, "1.00");
  assess_in(&fx->r, b, &fx->s);
  low_found(fx, "the median of 30 items of HS heading 6109");
  /* The same record alone in a batch: no history. */
  low_passes(fx);
  sdq_batch_free(b);
  /* The parameters. */
  reopen(fx,
         "\"risk.low_value_per_kg\": {\"params\": {\"min_items\": 5, "
         "\"ratio\": 0.5}}",
         NULL);
  b = new_batch(&fx->r);
  tshirts(fx, b, 1, 5);
  tshirt(&fx->s, bufs, 6, "5.00");
  assess_in(&fx->r, b, &fx->s);
  low_found(fx, "item value is 5.00 EUR per kg, under 50% of the median of 5 "
                "items");
  tshirt(&fx->s, bufs, 7, "9.00");
  assess_in(&fx->r, b, &fx->s);
  expect_none(&fx->r, "9 EUR per kg, ratio 0.5");
  sdq_batch_free(b);
  reopen(fx, "\"risk.low_value_per_kg\": false", NULL);
  b = new_batch(&fx->r);
  tshirts(fx, b, 1, 40);
  tshirt(&fx->s, bufs, 41, "1.00");
  assess_in(&fx->r, b, &fx->s);
  expect_none(&fx->r, "switched off");
  sdq_batch_free(b);
}

/* ------------------------------------------------------------------------ */
/* Contributions and reasons                                                 */
/* ------------------------------------------------------------------------ */

/* A record with three risk findings: risk.vague_description on item 0
 * (weight 0.20), risk.near_threshold (0.10) and risk.gift_commercial
 * (0.15), in that order of findings. */
static void three_findings(spec *s) {
  base_spec(s);
  one_item(s, "145.00");
  put_item(s, 0, SDQ_FIELD_DESCRIPTION, "Gift");
  put(s, SDQ_FIELD_CATEGORY, "gift");
}

/* The contributions add up to the risk, and each is the risk split in
 * proportion to -log(1 - w). */
static void check_contributions(const sdq_result *res) {
  size_t n = sdq_result_finding_count(res);
  double sum = 0, logs = 0, keep = 1;
  for (size_t i = 0; i < n; i++) {
    const sdq_finding *f = sdq_result_finding(res, i);
    sum += f->contribution;
    logs += -log1p(-f->weight);
    keep *= 1.0 - f->weight;
  }
  double risk = sdq_result_risk(res);
  assert_true(fabs(risk - 100.0 * (1.0 - keep)) < 1e-9);
  if (fabs(sum - risk) > 1e-9)
    fail_msg("contributions add up to %.15g, the risk is %.15g", sum, risk);
  for (size_t i = 0; i < n && logs > 0; i++) {
    const sdq_finding *f = sdq_result_finding(res, i);
    assert_true(fabs(f->contribution - risk * -log1p(-f->weight) / logs) <
                1e-9);
  }
}

/* The reasons are these findings, in this order, and no more. */
static void expect_reasons(const sdq_result *res, const size_t *order,
                           size_t n) {
  for (size_t k = 0; k < n; k++) {
    const sdq_finding *want = sdq_result_finding(res, order[k]);
    const sdq_finding *got = sdq_result_reason(res, k);
    if (got != want)
      fail_msg("reason %zu is %s, want finding %zu (%s):%s", k,
               got ? sdq_rule_id(got->rule) : "(null)", order[k],
               want ? sdq_rule_id(want->rule) : "(null)", dump(res));
  }
  assert_null(sdq_result_reason(res, n));
  assert_null(sdq_result_reason(res, n + 100));
}

static void test_contributions_and_reasons(void **state) {
  fixture *fx = *state;
  three_findings(&fx->s);
  assess(&fx->r, &fx->s);
  expect_nth(&fx->r, "three", 3, 0, "risk.vague_description",
             SDQ_FIELD_DESCRIPTION, 0, SDQ_SEVERITY_WARNING, NULL);
  expect_nth(&fx->r, "three", 3, 1, NEAR, SDQ_FIELD_TOTAL_VALUE, SDQ_NO_ITEM,
             SDQ_SEVERITY_WARNING, "3.3% under");
  expect_nth(&fx->r, "three", 3, 2, GIFT, SDQ_FIELD_CATEGORY, SDQ_NO_ITEM,
             SDQ_SEVERITY_WARNING, "is a business");
  assert_true(fabs(sdq_result_finding(fx->r.res, 0)->weight - 0.20) < 1e-12);
  assert_true(fabs(sdq_result_finding(fx->r.res, 1)->weight - 0.10) < 1e-12);
  assert_true(fabs(sdq_result_finding(fx->r.res, 2)->weight - 0.15) < 1e-12);
  /* 100 * (1 - 0.8 * 0.9 * 0.85) = 38.8 */
  assert_true(fabs(sdq_result_risk(fx->r.res) - 38.8) < 1e-9);
  assert_int_equal(sdq_result_level(fx->r.res), SDQ_LEVEL_MEDIUM);
  check_contributions(fx->r.res);
  /* Largest contribution first: 0.20, 0.15, 0.10. */
  const size_t order[] = {0, 2, 1};
  expect_reasons(fx->r.res, order, 3);
  const sdq_finding *r0 = sdq_result_reason(fx->r.res, 0);
  const sdq_finding *r1 = sdq_result_reason(fx->r.res, 1);
  const sdq_finding *r2 = sdq_result_reason(fx->r.res, 2);
  assert_true(r0->contribution > r1->contribution);
  assert_true(r1->contribution > r2->contribution);

  /* Ties keep the order of the findings. */
  reopen(fx, "\"risk.near_threshold\": {\"weight\": 0.15}", NULL);
  assess(&fx->r, &fx->s);
  check_contributions(fx->r.res);
  const size_t tie[] = {0, 1, 2};
  expect_reasons(fx->r.res, tie, 3);
  assert_true(sdq_result_finding(fx->r.res, 1)->contribution ==
              sdq_result_finding(fx->r.res, 2)->contribution);
  reopen(fx,
         "\"risk.near_threshold\": {\"weight\": 0.2}, "
         "\"risk.gift_commercial\": {\"weight\": 0.2}",
         NULL);
  assess(&fx->r, &fx->s);
  check_contributions(fx->r.res);
  expect_reasons(fx->r.res, tie, 3);
  /* The smallest first in finding order is last among the reasons. */
  reopen(fx, "\"risk.vague_description\": {\"weight\": 0.05}", NULL);
  assess(&fx->r, &fx->s);
  check_contributions(fx->r.res);
  const size_t last[] = {2, 1, 0};
  expect_reasons(fx->r.res, last, 3);
  /* Weights of 0: no risk, no contribution, reasons in finding order. */
  reopen(fx,
         "\"risk.vague_description\": {\"weight\": 0}, "
         "\"risk.near_threshold\": {\"weight\": 0}, "
         "\"risk.gift_commercial\": {\"weight\": 0}",
         NULL);
  assess(&fx->r, &fx->s);
  assert_int_equal(sdq_result_finding_count(fx->r.res), 3);
  assert_true(sdq_result_risk(fx->r.res) == 0.0);
  for (size_t i = 0; i < 3; i++)
    assert_true(sdq_result_finding(fx->r.res, i)->contribution == 0.0);
  expect_reasons(fx->r.res, tie, 3);
  /* One finding: it is the whole risk. */
  reopen(fx, NULL, NULL);
  base_spec(&fx->s);
  value_in(&fx->s, "145.00", "EUR");
  assess(&fx->r, &fx->s);
  const sdq_finding *f = expect_one(&fx->r, "one", NEAR, SDQ_FIELD_TOTAL_VALUE,
                                    SDQ_NO_ITEM, SDQ_SEVERITY_WARNING, NULL);
  assert_true(fabs(f->contribution - 10.0) < 1e-9);
  assert_true(sdq_result_reason(fx->r.res, 0) == f);
  /* A finding of weight 1: the risk is (about) 100. */
  reopen(fx, "\"risk.near_threshold\": {\"weight\": 1}", NULL);
  three_findings(&fx->s);
  assess(&fx->r, &fx->s);
  assert_true(sdq_result_risk(fx->r.res) > 99.999 &&
              sdq_result_risk(fx->r.res) <= 100.0);
  assert_int_equal(sdq_result_level(fx->r.res), SDQ_LEVEL_HIGH);
  const size_t heavy[] = {1, 0, 2};
  expect_reasons(fx->r.res, heavy, 3);
  double sum = 0;
  for (size_t i = 0; i < 3; i++)
    sum += sdq_result_finding(fx->r.res, i)->contribution;
  assert_true(fabs(sum - sdq_result_risk(fx->r.res)) < 1e-9);
}

static void test_reasons_many(void **state) {
  fixture *fx = *state;
  /* Many findings of several rules: the reasons are a permutation of the
   * findings, by contribution, ties in finding order. */
  reopen_list(fx, NULL, HEADER "Erika Mustermann,,,,Reshipper\n");
  three_findings(&fx->s);
  put(&fx->s, SDQ_FIELD_DEPARTURE_COUNTRY, "VN");
  put(&fx->s, SDQ_FIELD_DEPARTURE_LOCATION, "VNSGN");
  put(&fx->s, SDQ_FIELD_BUYER_EMAIL, "not an e-mail");
  put(&fx->s, SDQ_FIELD_SELLER_COUNTRY, "XX");
  assess(&fx->r, &fx->s);
  size_t n = sdq_result_finding_count(fx->r.res);
  assert_true(n >= 6);
  check_contributions(fx->r.res);
  bool used[64] = {false};
  const sdq_finding *first = sdq_result_finding(fx->r.res, 0);
  for (size_t k = 0; k < n; k++) {
    const sdq_finding *r = sdq_result_reason(fx->r.res, k);
    assert_non_null(r);
    size_t i = (size_t)(r - first);
    assert_true(i < n && !used[i]);
    used[i] = true;
    if (k > 0) {
      const sdq_finding *p = sdq_result_reason(fx->r.res, k - 1);
      assert_true(p->contribution >= r->contribution);
      if (p->contribution == r->contribution)
        assert_true(p < r);
    }
  }
  assert_null(sdq_result_reason(fx->r.res, n));
}

/* ------------------------------------------------------------------------ */
/* sdq_engine_assess + sdq_batch_complete = sdq_batch_assess                 */
/* ------------------------------------------------------------------------ */

enum { CORPUS_MAX = 128 };

typedef struct corpus {
  spec s[CORPUS_MAX];
  char bufs[CORPUS_MAX][3][32];
  size_t n;
} corpus;

static spec *corpus_add(corpus *c) {
  assert_true(c->n < CORPUS_MAX);
  return &c->s[c->n++];
}

/* Records that make every kind of finding, record-level and dataset-level:
 * clean ones, invalid values, duplicates, split shipments, low values per
 * kg against the batch and a floor, watch-listed parties, origins, gifts. */
static void corpus_build(corpus *c) {
  memset(c, 0, sizeof *c);
  base_spec(corpus_add(c));
  base_spec(corpus_add(c)); /* a duplicate of every id */
  spec *s = corpus_add(c);
  base_spec(s);
  put(s, SDQ_FIELD_SHIPMENT_ID, "SHP-2021-004134");
  put(s, SDQ_FIELD_SELLER_COUNTRY, "XX");
  put(s, SDQ_FIELD_BUYER_ADDRESS, "");
  put_item(s, 1, SDQ_FIELD_HS_CODE, "12AB34");
  for (int i = 0; i < 4; i++) {
    s = corpus_add(c);
    snprintf(c->bufs[c->n - 1][0], 32, "SPLIT-%d", i + 1);
    split_spec(s, c->bufs[c->n - 1][0], i < 2 ? "2021-01-15" : "2021-01-18",
               i == 3 ? "70.00" : "60.00");
    if (i == 3)
      put(s, SDQ_FIELD_CURRENCY, "USD");
  }
  for (int i = 0; i < 34; i++) {
    s = corpus_add(c);
    static const char *const values[] = {"18.00", "19.50", "20.00", "21.00",
                                         "22.00"};
    tshirt(s, c->bufs[c->n - 1], i + 1, i >= 32 ? "1.00" : values[i % 5]);
  }
  s = corpus_add(c);
  phones(s, "10.00", "1.000", "1.100");
  put(s, SDQ_FIELD_SHIPMENT_ID, "PHONE-1");
  s = corpus_add(c);
  three_findings(s);
  put(s, SDQ_FIELD_SHIPMENT_ID, "GIFT-1");
  s = corpus_add(c);
  gift_spec(s);
  put(s, SDQ_FIELD_SHIPMENT_ID, "GIFT-2");
  put_item(s, 1, SDQ_FIELD_QUANTITY, "30");
  s = corpus_add(c);
  depart(s, "VN", "VNSGN");
  put(s, SDQ_FIELD_SHIPMENT_ID, "ORIGIN-1");
  put(s, SDQ_FIELD_AWB, NULL);
  put(s, SDQ_FIELD_POSTAL_ITEM_ID, NULL);
  s = corpus_add(c);
  base_spec(s);
  put(s, SDQ_FIELD_SHIPMENT_ID, "WATCH-1");
  put(s, SDQ_FIELD_AWB, NULL);
  put(s, SDQ_FIELD_POSTAL_ITEM_ID, NULL);
  put(s, SDQ_FIELD_CONTAINER_ID, NULL);
  put(s, SDQ_FIELD_SELLER_NAME, "ACME Trading Co., Ltd.");
  put(s, SDQ_FIELD_PLATFORM_ID, "ALIEXPRESS");
  put(s, SDQ_FIELD_CARRIER_ID, "DHL");
  s = corpus_add(c);
  us_spec(s);
  value_in(s, "790.00", "USD");
  put(s, SDQ_FIELD_SHIPMENT_ID, "US-1");
  put(s, SDQ_FIELD_AWB, NULL);
  put(s, SDQ_FIELD_POSTAL_ITEM_ID, NULL);
  put(s, SDQ_FIELD_CONTAINER_ID, NULL);
  /* A record without items and one with almost nothing. */
  s = corpus_add(c);
  base_spec(s);
  s->items = 0;
  put(s, SDQ_FIELD_SHIPMENT_ID, "EMPTY-1");
  s = corpus_add(c);
  memset(s, 0, sizeof *s);
  put(s, SDQ_FIELD_SHIPMENT_ID, "BARE-1");
}

/* Everything a result says, as text. */
static void serialize_result(char *buf, size_t cap, const sdq_result *res) {
  size_t n = 0;
#define OUT(...)                                                               \
  do {                                                                         \
    int k_ = snprintf(buf + n, cap - n, __VA_ARGS__);                          \
    assert_true(k_ >= 0 && (size_t)k_ < cap - n);                              \
    n += (size_t)k_;                                                           \
  } while (0)
  OUT("quality=%.17g risk=%.17g level=%d findings=%zu\n",
      sdq_result_quality(res), sdq_result_risk(res), (int)sdq_result_level(res),
      sdq_result_finding_count(res));
  for (int d = 0; d < SDQ_DIMENSION_COUNT; d++) {
    uint32_t made = 0, passed = 0;
    double q =
        sdq_result_dimension_quality(res, (sdq_dimension)d, &made, &passed);
    OUT("dim%d %.17g %u/%u\n", d, q, passed, made);
  }
  for (size_t i = 0; i < sdq_result_finding_count(res); i++) {
    const sdq_finding *f = sdq_result_finding(res, i);
    OUT("[%zu] %s dim=%d sev=%d field=%d item=%d w=%.17g c=%.17g value=%.*s "
        "msg=%s\n",
        i, sdq_rule_id(f->rule), (int)f->dimension, (int)f->severity,
        (int)f->field, (int)f->item, f->weight, f->contribution,
        f->value ? (int)f->value_len : 6, f->value ? f->value : "(null)",
        f->message);
  }
  for (size_t k = 0; k < sdq_result_finding_count(res); k++)
    OUT("reason %zu = %zu\n", k,
        (size_t)(sdq_result_reason(res, k) - sdq_result_finding(res, 0)));
#undef OUT
}

/* The saved bytes of metrics (malloc'd). */
static unsigned char *save_metrics(const sdq_metrics *m, size_t *len) {
  size_t need = 0;
  assert_int_equal(sdq_metrics_save(m, NULL, 0, &need), SDQ_ERANGE);
  unsigned char *buf = malloc(need ? need : 1);
  assert_non_null(buf);
  assert_int_equal(sdq_metrics_save(m, buf, need, len), SDQ_OK);
  assert_int_equal(*len, need);
  return buf;
}

static void test_engine_assess_then_complete(void **state) {
  fixture *fx = *state;
  run_close(&fx->r);
  char *json = all_on_profile("core", NULL, "\"value_floors\": {\"8517\": 40}");
  const char *lists[] = {HEADER "Acme Trading,,,,Denied party\n", NULL};
  run_open_json(&fx->r, json, lists);
  free(json);
  corpus *c = malloc(sizeof *c);
  assert_non_null(c);
  corpus_build(c);
  enum { TEXT = 16384 };
  char *one = malloc(TEXT), *two = malloc(TEXT);
  assert_non_null(one);
  assert_non_null(two);

  /* One way: sdq_batch_assess, one result reused. */
  sdq_batch *b1 = new_batch(&fx->r);
  char **texts = calloc(c->n, sizeof *texts);
  assert_non_null(texts);
  for (size_t i = 0; i < c->n; i++) {
    assess_in(&fx->r, b1, &c->s[i]);
    serialize_result(one, TEXT, fx->r.res);
    texts[i] = strdup(one);
    assert_non_null(texts[i]);
  }
  /* The other: every record assessed first, each into a result and a
   * record of its own (as threads would), then completed in order. */
  sdq_record **recs = calloc(c->n, sizeof *recs);
  sdq_result **res = calloc(c->n, sizeof *res);
  assert_non_null(recs);
  assert_non_null(res);
  for (size_t i = 0; i < c->n; i++) {
    assert_int_equal(sdq_record_new(fx->r.e, &recs[i]), SDQ_OK);
    assert_int_equal(sdq_result_new(fx->r.e, &res[i]), SDQ_OK);
    fill(recs[i], &c->s[i]);
  }
  for (size_t i = c->n; i-- > 0;) /* in any order */
    assert_int_equal(sdq_engine_assess(fx->r.e, recs[i], res[i]), SDQ_OK);
  sdq_batch *b2 = new_batch(&fx->r);
  size_t dataset_findings = 0;
  for (size_t i = 0; i < c->n; i++) {
    /* As a loop that completes records would: the batch's lookups of the
     * records ahead started (a hint, which must change nothing). */
    if (i + 3 < c->n)
      sdq_batch_prefetch(b2, res[i + 3]);
    size_t before = sdq_result_finding_count(res[i]);
    assert_int_equal(sdq_batch_complete(b2, recs[i], res[i]), SDQ_OK);
    dataset_findings += sdq_result_finding_count(res[i]) - before;
    serialize_result(two, TEXT, res[i]);
    if (strcmp(texts[i], two) != 0)
      fail_msg("record %zu differs:\nsdq_batch_assess:\n%s\nsdq_engine_assess "
               "+ sdq_batch_complete:\n%s",
               i, texts[i], two);
  }
  /* The corpus does reach the dataset-level rules. */
  assert_true(dataset_findings >= 4);
  const sdq_metrics *m1 = sdq_batch_metrics(b1), *m2 = sdq_batch_metrics(b2);
  static const char *const rules[] = {
      "uniqueness.duplicate_id", SPLIT, LOW, WATCH, ORIGIN, GIFT, NEAR,
      "risk.vague_description"};
  for (size_t k = 0; k < sizeof rules / sizeof rules[0]; k++) {
    sdq_rule_counts rc;
    assert_int_equal(sdq_metrics_rule(m1, rule_index(rules[k]), &rc), SDQ_OK);
    if (rc.findings == 0)
      fail_msg("the corpus has no finding of %s", rules[k]);
  }
  size_t l1 = 0, l2 = 0;
  unsigned char *s1 = save_metrics(m1, &l1), *s2 = save_metrics(m2, &l2);
  assert_int_equal(l1, l2);
  assert_memory_equal(s1, s2, l1);
  free(s1);
  free(s2);
  for (size_t i = 0; i < c->n; i++) {
    free(texts[i]);
    sdq_record_free(recs[i]);
    sdq_result_free(res[i]);
  }
  free(texts);
  free(recs);
  free(res);
  sdq_batch_free(b1);
  sdq_batch_free(b2);
  free(one);
  free(two);
  free(c);
}

/* ------------------------------------------------------------------------ */
/* Regressions: bugs found and fixed                                         */
/* ------------------------------------------------------------------------ */

/* lib/check/names.c, words() and is_legal_form(): a legal form written
 * with dots or a slash is split at them into one-letter words ("S.A." is
 * "s" and "a"), so it is not recognised, though names.h lists "S.A." among
 * the legal forms it finds (and LEGAL_FORMS has "sa", "bv", "spa", "srl",
 * "sro", "llc", "zoo" for them). risk.gift_commercial then misses these
 * business sellers. */
static void regression_legal_form_dotted_gift(void **state) {
  fixture *fx = *state;
  static const char *const companies[] = {
      "Bright Electronics S.A.",   "Bright Electronics B.V.",
      "Bright Electronics S.p.A.", "Bright Electronics S.R.L.",
      "Bright Electronics s.r.o.", "Bright Electronics sp. z o.o.",
      "Bright Electronics L.L.C.", "Bright Electronics A/S"};
  for (size_t i = 0; i < sizeof companies / sizeof companies[0]; i++) {
    gift_spec(&fx->s);
    put(&fx->s, SDQ_FIELD_SELLER_NAME, companies[i]);
    assess(&fx->r, &fx->s);
    if (count_rule(fx->r.res, GIFT) != 1)
      fail_msg("a gift from \"%s\": want risk.gift_commercial, got:%s",
               companies[i], dump(fx->r.res));
  }
}

/* The same defect in watch-list matching: the dotted legal form stays in
 * the name as words of its own, so "Acme Trading S.A." shares 2 of 4 words
 * with the entry "Acme Trading" (similarity 0.50) and is not found. */
static void regression_legal_form_dotted_watchlist(void **state) {
  fixture *fx = *state;
  reopen_list(fx, NULL,
              HEADER "Acme Trading,,,,Denied party\n"
                     "Beta Holdings S.p.A.,,,,Fraud\n");
  seller_fires(fx, "Acme Trading S.A.",
               "\"Acme Trading\" (line 2, "
               "similarity 1.00)");
  seller_fires(fx, "ACME TRADING B.V.", "similarity 1.00");
  seller_fires(fx, "Beta Holdings",
               "\"Beta Holdings S.p.A.\" (line 3, "
               "similarity 1.00)");
}

/* lib/check/risk.c, watch_party(): the finding's field is the party's name
 * whenever it has one (`f = has_name ? name : id`), also when the match
 * was by id: the seller "Ningbo Homeware Import & Export Co., Ltd." whose
 * seller_id matches the entry "CN 3302-960123" gets "seller_name matches
 * watch-list entry ...", with the name as the value, though the name
 * matches nothing. The field should be the one that matched: seller_id. */
static void regression_watchlist_id_match_field(void **state) {
  fixture *fx = *state;
  reopen_list(fx, NULL, HEADER ",CN 3302-960123,,,Known offender\n");
  base_spec(&fx->s);
  assess(&fx->r, &fx->s);
  const sdq_finding *f =
      expect_one(&fx->r, "seller id listed", WATCH, SDQ_FIELD_SELLER_ID,
                 SDQ_NO_ITEM, SDQ_SEVERITY_ERROR,
                 "seller_id matches watch-list entry \"CN 3302-960123\"");
  finding_value_is(f, "CN3302960123");
}

/* lib/watchlist.c, sdq_config_load_watchlist(): a country is only checked
 * for being 2 bytes long, so "R1", "12" or "ZZ" load (and such an entry
 * then matches no party with a valid country, silently), though the
 * error message says "is not a 2-letter ISO 3166-1 code". */
static void regression_watchlist_country_not_a_code(void **state) {
  (void)state;
  static const char *const bad[] = {"R1", "12", "ZZ", "\xC3\x9C"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char csv[128];
    snprintf(csv, sizeof csv,
             HEADER "Acme Trading,,,RU,ok\n"
                    "Evil Corp,,,%s,bad\n",
             bad[i]);
    sdq_error err;
    sdq_status st = load_err(csv, &err);
    if (st != SDQ_EPARSE)
      fail_msg("country \"%s\" loaded (%d)", bad[i], (int)st);
    assert_int_equal(err.line, 3);
  }
}

/* lib/watchlist.c, watch_match(): candidates are found only through tokens
 * listed for at most COMMON_TOKEN (1000) entries. An entry whose every
 * word is that common is never found, not even by its exact name: with
 * 1001 entries "Global Trading W<n>", the entry "Global Trading" does not
 * match the seller "Global Trading Ltd" (similarity 1). */
static void regression_watchlist_common_tokens(void **state) {
  fixture *fx = *state;
  size_t cap = 64 * 1024, n = 0;
  char *csv = malloc(cap);
  assert_non_null(csv);
  n += (size_t)snprintf(csv + n, cap - n, "%s", HEADER);
  for (int i = 0; i < 1001; i++)
    n +=
        (size_t)snprintf(csv + n, cap - n, "Global Trading W%d,,,,common\n", i);
  n += (size_t)snprintf(csv + n, cap - n, "Global Trading,,,,the one\n");
  assert_true(n < cap);
  reopen_list(fx, NULL, csv);
  free(csv);
  seller_fires(fx, "Global Trading Ltd",
               "\"Global Trading\" (line 1003, similarity 1.00): the one");
}

/* lib/watchlist.c, sdq_config_load_watchlist(): an empty input (len 0)
 * loaded into a configuration without a watch-list calls
 * memcpy(NULL + 0, NULL, 0) (line 183), undefined behaviour that
 * UndefinedBehaviorSanitizer reports ("null pointer passed as argument 1,
 * which is declared to never be null"). The calls succeed; the defect
 * shows under -fsanitize=undefined (with UBSAN_OPTIONS=halt_on_error=1
 * this test aborts). */
static void regression_watchlist_empty_load(void **state) {
  (void)state;
  sdq_config *c = NULL;
  assert_int_equal(sdq_config_new(NULL, &c), SDQ_OK);
  assert_int_equal(sdq_config_load_watchlist(c, NULL, 0, NULL), SDQ_OK);
  assert_int_equal(sdq_config_load_watchlist(c, "", 0, NULL), SDQ_OK);
  sdq_config_free(c);
}

/* lib/check/dataset.c, party_key() / fold_hash(): without a buyer id, a
 * buyer is its name and address with ASCII case, spaces and punctuation
 * ignored, and nothing else: the same buyer with the words of the name in
 * another order ("MUSTERMANN, Erika"), with accents written or not
 * ("Heidestraße" / "Heidestrasse", "Jérôme" / "JEROME"), or a seller with
 * or without its legal form, is another party, and three consignments of
 * 60 EUR are not added up. Expected: the normalisation of names used for
 * the watch-list (check/names.c: words in any order, accents folded, legal
 * forms dropped). */
static void regression_split_party_normalisation(void **state) {
  fixture *fx = *state;
  static const char *const order[3][2] = {
      {"Erika Mustermann", "Heidestrasse 17"},
      {"MUSTERMANN, Erika", "Heidestrasse 17"},
      {"Mustermann Erika", "Heidestrasse 17"},
  };
  split_buyers(fx, order, true, __FILE__, __LINE__);
  static const char *const accents[3][2] = {
      {"Erika Mustermann", "Heidestrasse 17"},
      {"Erika Mustermann", "Heidestraße 17"},
      {"Érika Mustermann", "HEIDESTRASSE 17"},
  };
  split_buyers(fx, accents, true, __FILE__, __LINE__);
  static const char *const upper[3][2] = {
      {"Jérôme Müller", "Rue de la Paix 3"},
      {"JÉRÔME MÜLLER", "Rue de la Paix 3"},
      {"Jerome Muller", "Rue de la Paix 3"},
  };
  split_buyers(fx, upper, true, __FILE__, __LINE__);
  /* A seller with and without its legal form. */
  sdq_batch *b = new_batch(&fx->r);
  static const char *const sellers[] = {
      "Ningbo Homeware Import & Export Co., Ltd.",
      "Ningbo Homeware Import & Export", "Ningbo Homeware Import Export Ltd"};
  for (int i = 0; i < 3; i++) {
    char id[24];
    snprintf(id, sizeof id, "SPLIT-%d", i + 1);
    split_spec(&fx->s, id, "2021-01-15", "60.00");
    put(&fx->s, SDQ_FIELD_SELLER_ID, NULL);
    put(&fx->s, SDQ_FIELD_SELLER_NAME, sellers[i]);
    split_step(fx, b, i == 2, "(SPLIT-1, SPLIT-2)");
  }
  sdq_batch_free(b);
}

/* lib/profile.c, profile_convert(): converting an amount to its own
 * currency needs a rate for it like any other conversion. A threshold in
 * the record's own currency therefore never applies when that currency has
 * no rate: a profile without exchange_rates and an EU threshold of EUR 150
 * does not flag EUR 145.00 to DE, and a profile extending core with a NZD
 * 1000 threshold for NZ (NZD has no rate in core) does not flag NZD 950.00
 * (the same with AUD, which has a rate, fires). Expected: an amount in the
 * threshold's currency is compared as it is. risk.split_shipment is
 * affected the same way. */
static void regression_threshold_same_currency_without_rate(void **state) {
  fixture *fx = *state;
  run_close(&fx->r);
  run_open_json(&fx->r,
                "{\"name\": \"no-rates\", \"thresholds\": [{\"amount\": 150, "
                "\"currency\": \"EUR\", \"destinations\": [\"EU\"]}]}",
                NULL);
  value_in(&fx->s, "145.00", "EUR");
  assess(&fx->r, &fx->s);
  if (count_rule(fx->r.res, NEAR) != 1)
    fail_msg("EUR 145.00 to DE, EUR threshold, no rates: want %s, got:%s", NEAR,
             dump(fx->r.res));
  reopen(fx, NULL,
         "\"thresholds\": [{\"amount\": 1000, \"currency\": \"NZD\", "
         "\"destinations\": [\"NZ\"]}, {\"amount\": 1000, \"currency\": "
         "\"AUD\", \"destinations\": [\"AU\"]}]");
  static const char *const dest[][2] = {{"AU", "AUD"}, {"NZ", "NZD"}};
  for (size_t i = 0; i < 2; i++) {
    base_spec(&fx->s);
    value_in(&fx->s, "950.00", dest[i][1]);
    put(&fx->s, SDQ_FIELD_DESTINATION_COUNTRY, dest[i][0]);
    assess(&fx->r, &fx->s);
    if (count_rule(fx->r.res, NEAR) != 1)
      fail_msg("%s 950.00 to %s: want %s, got:%s", dest[i][1], dest[i][0], NEAR,
               dump(fx->r.res));
  }
}

/* 1 if [s, s+n) is well-formed UTF-8. */
static bool utf8_valid(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    unsigned c = p[i];
    size_t k = c < 0x80                 ? 0
               : c >= 0xC2 && c <= 0xDF ? 1
               : c >= 0xE0 && c <= 0xEF ? 2
               : c >= 0xF0 && c <= 0xF4 ? 3
                                        : 99;
    if (k == 99 || n - i <= k)
      return k == 0;
    for (size_t j = 1; j <= k; j++)
      if ((p[i + j] & 0xC0) != 0x80)
        return false;
    i += k + 1;
  }
  return true;
}

/* lib/check/dataset.c, check_split(): the ids of the other consignments
 * are written into a buffer of 200 bytes with snprintf, which cuts the
 * last one at a byte, not a character: with shipment ids of 35 bytes
 * ("xxx" and 16 times "É"), the 9th consignment's message lists 5 ids and
 * a cut one ending in half an "É", so the message is not UTF-8, though
 * sdq.h says strings returned are. (A cut id is not marked as cut
 * either.) */
static void regression_split_message_utf8(void **state) {
  fixture *fx = *state;
  sdq_batch *b = new_batch(&fx->r);
  char ids[9][64];
  for (int i = 0; i < 9; i++) {
    int n = snprintf(ids[i], sizeof ids[i], "xxx");
    for (int k = 0; k < 16; k++)
      n += snprintf(ids[i] + n, sizeof ids[i] - (size_t)n, "\xC3\x89");
    snprintf(ids[i] + n, sizeof ids[i] - (size_t)n, "%d", i);
    split_spec(&fx->s, ids[i], "2021-01-15", "20.00");
    assess_in(&fx->r, b, &fx->s);
    for (size_t f = 0; f < sdq_result_finding_count(fx->r.res); f++) {
      const sdq_finding *fd = sdq_result_finding(fx->r.res, f);
      if (!utf8_valid(fd->message, strlen(fd->message)))
        fail_msg("consignment %d: the message of %s is not UTF-8: %s", i + 1,
                 sdq_rule_id(fd->rule), fd->message);
    }
  }
  assert_int_equal(count_rule(fx->r.res, SPLIT), 1);
  sdq_batch_free(b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_catalogue_covered),
      T(test_clean_record),
      T(test_near_threshold_eur),
      T(test_near_threshold_converted),
      T(test_near_threshold_us),
      T(test_near_threshold_from),
      T(test_near_threshold_until),
      T(test_near_threshold_band),
      T(test_near_threshold_no_destination),
      T(test_split_three),
      T(test_split_short),
      T(test_split_window),
      T(test_split_window_param),
      T(test_split_parties),
      T(test_split_buyer_by_name),
      T(test_split_over_threshold),
      T(test_split_converted),
      T(test_split_max_pairs),
      T(test_watchlist_exact_name),
      T(test_watchlist_similarity),
      T(test_watchlist_id),
      T(test_watchlist_country),
      T(test_watchlist_buyer),
      T(test_watchlist_csv_forms),
      T(test_watchlist_errors),
      T(test_origin_mismatch),
      T(test_origin_custom_routes),
      T(test_gift_business_seller),
      T(test_gift_platform),
      T(test_gift_message_of_views),
      T(test_gift_quantity),
      T(test_low_value_floor),
      T(test_low_value_batch),
      T(test_low_value_batch_min_items),
      T(test_contributions_and_reasons),
      T(test_reasons_many),
      T(test_engine_assess_then_complete),
  };
  int failed = cmocka_run_group_tests_name("risk", tests, NULL, NULL);
  {
    const struct CMUnitTest regressions[] = {
        T(regression_legal_form_dotted_gift),
        T(regression_legal_form_dotted_watchlist),
        T(regression_watchlist_id_match_field),
        cmocka_unit_test(regression_watchlist_country_not_a_code),
        T(regression_watchlist_common_tokens),
        cmocka_unit_test(regression_watchlist_empty_load),
        T(regression_split_party_normalisation),
        T(regression_threshold_same_currency_without_rate),
        T(regression_split_message_utf8),
    };
    failed +=
        cmocka_run_group_tests_name("regressions", regressions, NULL, NULL);
  }
  return failed;
}
