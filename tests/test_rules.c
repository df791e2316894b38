/*
 * Every rule of the catalogue except the completeness rules (those are in
 * test_checks.c), through the public API: values that must fire and values
 * that must not, and the profile settings that change what the rules do.
 *
 * Method: a fully valid record (every field set to a clean value, in the
 * style of examples/data/sample.ndjson) is assessed with a profile where
 * every rule is on and gives no finding at all; each case then changes one
 * thing and asserts exactly the findings expected: rule id (looked up with
 * sdq_rule_find), field, item index, severity and a part of the message.
 * Each assessment uses a fresh batch, except in the uniqueness tests.
 *
 * The group "regressions" holds tests of bugs that were found and fixed.
 */
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

/* lib/check/check.h (whose names clash with this file's helpers). */
bool vague_terms_sorted(void);

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
 * with each other. Dates in 2021, so the HS edition is HS 2017. */
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
  if (f < 0 || f >= SDQ_CONSIGNMENT_FIELD_COUNT)
    fail_msg("put: %d is not a consignment field", (int)f);
  else
    s->c[f] = v;
}

static void put_item(spec *s, size_t i, sdq_field f, const char *v) {
  assert_true(i < s->items);
  assert_true(sdq_field_is_item(f));
  s->it[i][IT(f)] = v;
}

/* Sets a field: consignment fields directly, item fields on item `i`. */
static void put_any(spec *s, sdq_field f, size_t i, const char *v) {
  if (sdq_field_is_item(f))
    put_item(s, i, f, v);
  else
    put(s, f, v);
}

static void put_dates(spec *s, const char *dep, const char *arr,
                      const char *decl) {
  put(s, SDQ_FIELD_DEPARTURE_DATE, dep);
  put(s, SDQ_FIELD_ARRIVAL_DATE, arr);
  put(s, SDQ_FIELD_DECLARATION_DATE, decl);
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
  size_t cap = 8192;
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

/* 2026-11-01T00:00:00Z, the reference time of the tests of the future. */
static const int64_t REF_2026_11_01 = INT64_C(1793491200);

static void run_open_json(run *r, const char *json, const int64_t *ref) {
  memset(r, 0, sizeof *r);
  sdq_config *c = NULL;
  sdq_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(sdq_config_new(NULL, &c), SDQ_OK);
  sdq_status st = sdq_config_load_profile(c, json, strlen(json), &err);
  if (st != SDQ_OK)
    fail_msg("profile rejected (%d) at line %llu: %s\n%s", (int)st,
             (unsigned long long)err.line, err.message, json);
  if (ref)
    assert_int_equal(sdq_config_set_reference_time(c, *ref), SDQ_OK);
  assert_int_equal(sdq_engine_new(c, &r->e, NULL), SDQ_OK);
  sdq_config_free(c);
  assert_int_equal(sdq_record_new(r->e, &r->rec), SDQ_OK);
  assert_int_equal(sdq_result_new(r->e, &r->res), SDQ_OK);
}

/* An all-on profile extending `extends` with the extras. */
static void run_open(run *r, const char *extends, const char *extra_rules,
                     const char *extra_top, const int64_t *ref) {
  char *json = all_on_profile(extends, extra_rules, extra_top);
  run_open_json(r, json, ref);
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
static void expect_nth_(const run *r, const char *ctx, size_t n, size_t i,
                        const char *id, sdq_field field, int32_t item,
                        sdq_severity sev, const char *needle, const char *file,
                        int line) {
  if (sdq_result_finding_count(r->res) != n ||
      !finding_is(sdq_result_finding(r->res, i), id, field, item, sev, needle))
    fail_msg("%s:%d: %s: want %zu findings, [%zu] %s on %s item %d (%s) "
             "with \"%s\", got:%s",
             file, line, ctx, n, i, id, sdq_field_name(field), (int)item,
             sdq_severity_name(sev), needle ? needle : "", dump(r->res));
}

/* The finding's value is the value given. */
static void finding_value_is(const sdq_finding *f, const char *v) {
  assert_non_null(f->value);
  assert_int_equal(f->value_len, strlen(v));
  assert_memory_equal(f->value, v, strlen(v));
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
  run_open(&fx->r, "core", NULL, NULL, NULL);
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

/* Sets one field of the clean record to `v` and asserts exactly one
 * finding of `id` on it; returns the finding. */
#define fires(fx, field, item, v, id, sev, needle)                             \
  fires_((fx), (field), (item), (v), (id), (sev), (needle), __FILE__, __LINE__)
static const sdq_finding *fires_(fixture *fx, sdq_field field, size_t item,
                                 const char *v, const char *id,
                                 sdq_severity sev, const char *needle,
                                 const char *file, int line) {
  base_spec(&fx->s);
  put_any(&fx->s, field, item, v);
  assess(&fx->r, &fx->s);
  char ctx[256];
  snprintf(ctx, sizeof ctx, "%s = \"%s\"", sdq_field_name(field), v);
  const sdq_finding *f =
      expect_one_(&fx->r, ctx, id, field,
                  sdq_field_is_item(field) ? (int32_t)item : SDQ_NO_ITEM, sev,
                  needle, file, line);
  if (!f->value || f->value_len != strlen(v) ||
      memcmp(f->value, v, f->value_len) != 0)
    fail_msg("%s:%d: %s: the finding's value is \"%s\"", file, line, ctx,
             f->value ? f->value : "(null)");
  return f;
}

/* Sets one field of the clean record to `v` and asserts no finding. */
#define passes(fx, field, item, v)                                             \
  passes_((fx), (field), (item), (v), __FILE__, __LINE__)
static void passes_(fixture *fx, sdq_field field, size_t item, const char *v,
                    const char *file, int line) {
  base_spec(&fx->s);
  put_any(&fx->s, field, item, v);
  assess(&fx->r, &fx->s);
  char ctx[256];
  snprintf(ctx, sizeof ctx, "%s = \"%s\"", sdq_field_name(field), v);
  expect_none_(&fx->r, ctx, file, line);
}

/* ------------------------------------------------------------------------ */
/* The catalogue and the clean record                                        */
/* ------------------------------------------------------------------------ */

/* The rules this file covers: every rule but the completeness ones. */
static const char *const COVERED[] = {
    "validity.junk_text",
    "validity.country",
    "validity.currency",
    "validity.hs_code",
    "validity.number",
    "validity.date",
    "validity.s10",
    "validity.awb",
    "validity.container",
    "validity.eori",
    "validity.locode",
    "validity.postcode",
    "validity.email",
    "validity.phone",
    "consistency.total_value",
    "consistency.weight",
    "consistency.destination",
    "consistency.location_country",
    "consistency.dates",
    "consistency.currency_precision",
    "uniqueness.duplicate_id",
    "risk.vague_description",
};
#define COVERED_COUNT (sizeof COVERED / sizeof COVERED[0])

static void test_catalogue_covered(void **state) {
  (void)state;
  /* Every rule of the catalogue is a completeness rule, covered here, or a
   * risk rule covered by tests/test_risk.c (which has the same guard): a
   * new rule fails this test until its cases are written. */
  size_t risk_elsewhere = 0;
  for (size_t i = 0; i < sdq_rule_count(); i++)
    risk_elsewhere += strncmp(sdq_rule_id(i), "risk.", 5) == 0 &&
                      strcmp(sdq_rule_id(i), "risk.vague_description") != 0;
  assert_int_equal(sdq_rule_count(), COVERED_COUNT + 2 + risk_elsewhere);
  for (size_t i = 0; i < sdq_rule_count(); i++) {
    const char *id = sdq_rule_id(i);
    assert_non_null(id);
    bool known = strcmp(id, "completeness.missing") == 0 ||
                 strcmp(id, "completeness.placeholder") == 0 ||
                 (strncmp(id, "risk.", 5) == 0 &&
                  strcmp(id, "risk.vague_description") != 0);
    for (size_t k = 0; k < COVERED_COUNT && !known; k++)
      known = strcmp(id, COVERED[k]) == 0;
    if (!known)
      fail_msg("rule \"%s\" has no test in test_rules.c", id);
    size_t found = 99;
    assert_int_equal(sdq_rule_find(id, &found), SDQ_OK);
    assert_int_equal(found, i);
    /* The dimension is the id's prefix. */
    const char *dim = sdq_dimension_name(sdq_rule_dimension(i));
    assert_non_null(dim);
    assert_int_equal(strncmp(id, dim, strlen(dim)), 0);
    assert_int_equal(id[strlen(dim)], '.');
    assert_non_null(sdq_rule_summary(i));
    assert_true(strlen(sdq_rule_summary(i)) > 10);
  }
  size_t dummy = 7;
  assert_int_equal(sdq_rule_find("validity.postcode_typo", &dummy),
                   SDQ_ENOTFOUND);
  assert_int_equal(dummy, 7);
  assert_int_equal(sdq_rule_find("Validity.Country", NULL), SDQ_ENOTFOUND);
}

static void test_clean_record(void **state) {
  fixture *fx = *state;
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "the clean record");
  /* Every check was made, and passed. */
  uint32_t made = 0, passed = 0;
  sdq_result_dimension_quality(fx->r.res, SDQ_DIM_COMPLETENESS, &made, &passed);
  assert_int_equal(made, 34 + 2 * 6);
  assert_int_equal(passed, made);
  /* 8 texts, 6 countries, 1 currency, 2 HS codes, 9 numbers, 3 dates,
   * S10, AWB, container, 3 party ids, 2 UN/LOCODEs, 2 postcodes, e-mail,
   * phone. */
  sdq_result_dimension_quality(fx->r.res, SDQ_DIM_VALIDITY, &made, &passed);
  assert_int_equal(made, 41);
  assert_int_equal(passed, 41);
  /* total; net and per piece; destination; 2 locations; 2 date orders;
   * precision of the total and of 2 items. */
  sdq_result_dimension_quality(fx->r.res, SDQ_DIM_CONSISTENCY, &made, &passed);
  assert_int_equal(made, 11);
  assert_int_equal(passed, 11);
  sdq_result_dimension_quality(fx->r.res, SDQ_DIM_UNIQUENESS, &made, &passed);
  assert_int_equal(made, 3);
  assert_int_equal(passed, 3);
  assert_true(sdq_result_quality(fx->r.res) == 100.0);
  assert_true(sdq_result_risk(fx->r.res) == 0.0);
  assert_int_equal(sdq_result_level(fx->r.res), SDQ_LEVEL_LOW);
}

static void test_clean_record_every_builtin(void **state) {
  fixture *fx = *state;
  /* The clean record has every field: no built-in profile finds anything
   * in it, with every rule on. */
  for (size_t i = 0; i < sdq_profile_count(); i++) {
    run r;
    run_open(&r, sdq_profile_name(i), NULL, NULL, NULL);
    assess(&r, &fx->s);
    expect_none(&r, sdq_profile_name(i));
    run_close(&r);
  }
}

/* ------------------------------------------------------------------------ */
/* validity.junk_text                                                        */
/* ------------------------------------------------------------------------ */

static const struct text_field {
  sdq_field field;
  const char *as; /* what the message says the value is not */
} TEXT_FIELDS[] = {
    {SDQ_FIELD_SELLER_NAME, "not a name"},
    {SDQ_FIELD_SELLER_ADDRESS, "not a place or address"},
    {SDQ_FIELD_SELLER_CITY, "not a place or address"},
    {SDQ_FIELD_BUYER_NAME, "not a name"},
    {SDQ_FIELD_BUYER_ADDRESS, "not a place or address"},
    {SDQ_FIELD_BUYER_CITY, "not a place or address"},
    {SDQ_FIELD_DESCRIPTION, "not a description of goods"},
};
#define TEXT_FIELD_COUNT (sizeof TEXT_FIELDS / sizeof TEXT_FIELDS[0])

static void test_junk_text_fires(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *v, *why;
  } CASES[] = {
      {"12345", "is only digits"},
      {"1004", "is only digits"},
      {"....", "is one character repeated"},
      {".pdf", "is only a file extension"},
      {".wpx", "is only a file extension"},
      {"!\xC2\xA3"
       "12",
       "is only digits and special characters"},
      {"ZZZZ", "is one character repeated"},
      {"aaa", "is one character repeated"},
      {"#*!", "is only punctuation or special characters"},
      {"\xE2\x80\x94\xE2\x80\x94", "is only punctuation or special characters"},
  };
  for (size_t k = 0; k < TEXT_FIELD_COUNT; k++) {
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
      const sdq_finding *f =
          fires(fx, TEXT_FIELDS[k].field, 1, CASES[i].v, "validity.junk_text",
                SDQ_SEVERITY_ERROR, CASES[i].why);
      if (!strstr(f->message, TEXT_FIELDS[k].as) ||
          !strstr(f->message, sdq_field_name(TEXT_FIELDS[k].field)))
        fail_msg("%s \"%s\": message \"%s\"",
                 sdq_field_name(TEXT_FIELDS[k].field), CASES[i].v, f->message);
      assert_true(f->weight == 0.15);
      assert_int_equal(f->dimension, SDQ_DIM_VALIDITY);
    }
  }
}

static void test_junk_text_passes(void **state) {
  fixture *fx = *state;
  static const char *const CASES[] = {
      "M\xC3\xBCller GmbH",
      /* 深圳市华强电子有限公司 */
      ("\xE6\xB7\xB1\xE5\x9C\xB3\xE5\xB8\x82\xE5\x8D\x8E\xE5\xBC\xBA\xE7\x94"
       "\xB5\xE5\xAD\x90\xE6\x9C\x89\xE9\x99\x90\xE5\x85\xAC\xE5\x8F\xB8"),
      "3M Deutschland GmbH",
      "7-Eleven Japan",
      /* Ελληνικά */
      "\xCE\x95\xCE\xBB\xCE\xBB\xCE\xB7\xCE\xBD\xCE\xB9\xCE\xBA\xCE\xAC",
      "Lyon 3e",
      "A1 Telekom",
      "Aa",
      "M\xC3\xBCller & S\xC3\xB6hne",
      "Calle Mayor 38, 2\xC2\xBA B",
  };
  for (size_t k = 0; k < TEXT_FIELD_COUNT; k++)
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++)
      passes(fx, TEXT_FIELDS[k].field, 0, CASES[i]);
}

static void test_junk_text_other_fields_not_judged(void **state) {
  fixture *fx = *state;
  /* Ids and postcodes may be digits only. */
  passes(fx, SDQ_FIELD_BUYER_POSTCODE, 0, "12345");
  passes(fx, SDQ_FIELD_PLATFORM_ID, 0, "12345");
  passes(fx, SDQ_FIELD_CARRIER_ID, 0, "....");
  passes(fx, SDQ_FIELD_SHIPMENT_ID, 0, "12345");
}

/* ------------------------------------------------------------------------ */
/* validity.country                                                          */
/* ------------------------------------------------------------------------ */

static void test_country_fires(void **state) {
  fixture *fx = *state;
  const sdq_finding *f =
      fires(fx, SDQ_FIELD_BUYER_COUNTRY, 0, "UK", "validity.country",
            SDQ_SEVERITY_ERROR, "use GB");
  assert_non_null(strstr(f->message, "buyer_country \"UK\""));
  assert_true(f->weight == 0.10);
  fires(fx, SDQ_FIELD_BUYER_COUNTRY, 0, "uk", "validity.country",
        SDQ_SEVERITY_ERROR, "use GB");
  fires(fx, SDQ_FIELD_SELLER_COUNTRY, 0, "DEU", "validity.country",
        SDQ_SEVERITY_ERROR,
        "\"DEU\" is not an ISO 3166-1 alpha-2 code; use DE");
  fires(fx, SDQ_FIELD_SELLER_COUNTRY, 0, "Germany", "validity.country",
        SDQ_SEVERITY_ERROR, "use DE");
  fires(fx, SDQ_FIELD_SELLER_COUNTRY, 0, "276", "validity.country",
        SDQ_SEVERITY_ERROR, "use DE");
  fires(fx, SDQ_FIELD_SELLER_COUNTRY, 0, "ZZ", "validity.country",
        SDQ_SEVERITY_ERROR, "\"ZZ\" is a user-assigned code");
  fires(fx, SDQ_FIELD_SELLER_COUNTRY, 0, "EU", "validity.country",
        SDQ_SEVERITY_ERROR, "reserved code, not a country");
  fires(fx, SDQ_FIELD_SELLER_COUNTRY, 0, "YU", "validity.country",
        SDQ_SEVERITY_ERROR, "\"YU\" is a code no longer in use");
  fires(fx, SDQ_FIELD_SELLER_COUNTRY, 0, "FX", "validity.country",
        SDQ_SEVERITY_ERROR, "use FR");
  fires(fx, SDQ_FIELD_SELLER_COUNTRY, 0, "USA", "validity.country",
        SDQ_SEVERITY_ERROR, "use US");
  fires(fx, SDQ_FIELD_SELLER_COUNTRY, 0, "Holland", "validity.country",
        SDQ_SEVERITY_ERROR, "use NL");
  fires(fx, SDQ_FIELD_SELLER_COUNTRY, 0, "Q1", "validity.country",
        SDQ_SEVERITY_ERROR, "not an ISO 3166-1 alpha-2 country code");
  fires(fx, SDQ_FIELD_ORIGIN_COUNTRY, 1, "UK", "validity.country",
        SDQ_SEVERITY_ERROR, "origin_country \"UK\"");
  fires(fx, SDQ_FIELD_ORIGIN_COUNTRY, 0, "China", "validity.country",
        SDQ_SEVERITY_ERROR, "use CN");
}

static void test_country_passes(void **state) {
  fixture *fx = *state;
  passes(fx, SDQ_FIELD_SELLER_COUNTRY, 0, "XK"); /* Kosovo */
  passes(fx, SDQ_FIELD_BUYER_COUNTRY, 0, "de");  /* case */
  passes(fx, SDQ_FIELD_BUYER_COUNTRY, 0, " DE ");
  passes(fx, SDQ_FIELD_ORIGIN_COUNTRY, 1, "XK");
  /* NA is Namibia, not a placeholder: a consignment to Windhoek. */
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_BUYER_COUNTRY, "NA");
  put(&fx->s, SDQ_FIELD_DESTINATION_COUNTRY, "NA");
  put(&fx->s, SDQ_FIELD_ARRIVAL_LOCATION, "NAWDH");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "buyer_country NA");
}

/* ------------------------------------------------------------------------ */
/* validity.currency                                                         */
/* ------------------------------------------------------------------------ */

static void test_currency(void **state) {
  fixture *fx = *state;
  passes(fx, SDQ_FIELD_CURRENCY, 0, "EUR");
  passes(fx, SDQ_FIELD_CURRENCY, 0, "USD");
  passes(fx, SDQ_FIELD_CURRENCY, 0, "ZWG"); /* Zimbabwe Gold, 2024 */
  /* Yen, lower case, with whole values (the yen has no minor unit). */
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_CURRENCY, "jpy");
  put(&fx->s, SDQ_FIELD_TOTAL_VALUE, "2490");
  put_item(&fx->s, 0, SDQ_FIELD_ITEM_VALUE, "599");
  put_item(&fx->s, 1, SDQ_FIELD_ITEM_VALUE, "1891");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "currency jpy");

  const sdq_finding *f =
      fires(fx, SDQ_FIELD_CURRENCY, 0, "EURO", "validity.currency",
            SDQ_SEVERITY_ERROR, "use EUR");
  assert_non_null(strstr(f->message, "\"EURO\""));
  assert_true(f->weight == 0.10);
  fires(fx, SDQ_FIELD_CURRENCY, 0, "\xE2\x82\xAC", "validity.currency",
        SDQ_SEVERITY_ERROR, "use EUR");
  fires(fx, SDQ_FIELD_CURRENCY, 0, "US$", "validity.currency",
        SDQ_SEVERITY_ERROR, "use USD");
  fires(fx, SDQ_FIELD_CURRENCY, 0, "RMB", "validity.currency",
        SDQ_SEVERITY_ERROR, "use CNY");
  fires(fx, SDQ_FIELD_CURRENCY, 0, "XYZ", "validity.currency",
        SDQ_SEVERITY_ERROR, "\"XYZ\" is not a current ISO 4217 code");
  /* The kuna was withdrawn when Croatia adopted the euro (2023). */
  fires(fx, SDQ_FIELD_CURRENCY, 0, "HRK", "validity.currency",
        SDQ_SEVERITY_ERROR, "\"HRK\" is not a current ISO 4217 code");
  fires(fx, SDQ_FIELD_CURRENCY, 0, "EU", "validity.currency",
        SDQ_SEVERITY_ERROR, "not a current ISO 4217 code");
}

/* ------------------------------------------------------------------------ */
/* validity.hs_code                                                          */
/* ------------------------------------------------------------------------ */

/* Item 0's HS code with the given dates (NULL: absent). */
static void hs_case(fixture *fx, const char *hs, const char *dep,
                    const char *arr, const char *decl) {
  base_spec(&fx->s);
  put_dates(&fx->s, dep, arr, decl);
  put_item(&fx->s, 0, SDQ_FIELD_HS_CODE, hs);
  assess(&fx->r, &fx->s);
}

static void test_hs_edition(void **state) {
  fixture *fx = *state;
  /* 851713 (smartphones) exists only in HS 2022. */
  hs_case(fx, "851713", "2021-06-01", "2021-06-03", "2021-06-01");
  expect_one(&fx->r, "851713 declared 2021-06-01", "validity.hs_code",
             SDQ_FIELD_HS_CODE, 0, SDQ_SEVERITY_ERROR,
             "subheading 851713 exists only in HS 2022, not in HS 2017 "
             "(declaration_date 2021-06-01)");
  hs_case(fx, "851713", "2023-03-01", "2023-03-03", "2023-03-01");
  expect_none(&fx->r, "851713 declared 2023-03-01");
  /* 940540 exists only in HS 2017. */
  hs_case(fx, "940540", "2021-06-01", "2021-06-03", "2021-06-01");
  expect_none(&fx->r, "940540 declared 2021-06-01");
  hs_case(fx, "940540", "2023-03-01", "2023-03-03", "2023-03-01");
  expect_one(&fx->r, "940540 declared 2023-03-01", "validity.hs_code",
             SDQ_FIELD_HS_CODE, 0, SDQ_SEVERITY_ERROR,
             "subheading 940540 exists only in HS 2017, not in HS 2022 "
             "(declaration_date 2023-03-01)");
  /* The edition changes on 2022-01-01. */
  hs_case(fx, "851713", "2021-12-31", "2022-01-02", "2021-12-31");
  expect_one(&fx->r, "851713 declared 2021-12-31", "validity.hs_code",
             SDQ_FIELD_HS_CODE, 0, SDQ_SEVERITY_ERROR, "HS 2017");
  hs_case(fx, "851713", "2021-12-31", "2022-01-02", "2022-01-01");
  expect_none(&fx->r, "851713 declared 2022-01-01");
  /* The declaration date decides over the departure date. */
  hs_case(fx, "851713", "2021-12-30", "2022-01-02", "2022-01-01");
  expect_none(&fx->r, "851713 declared 2022, departed 2021");
  /* Without a declaration date the departure date decides. */
  hs_case(fx, "851713", "2021-06-01", "2021-06-03", NULL);
  expect_one(&fx->r, "851713 departed 2021-06-01", "validity.hs_code",
             SDQ_FIELD_HS_CODE, 0, SDQ_SEVERITY_ERROR,
             "not in HS 2017 (departure_date 2021-06-01)");
  hs_case(fx, "851713", "2023-03-01", "2023-03-03", NULL);
  expect_none(&fx->r, "851713 departed 2023-03-01");
  /* An invalid declaration date is no date: the departure date decides. */
  hs_case(fx, "851713", "2023-03-01", "2023-03-03", "2023-02-30");
  expect_nth(&fx->r, "851713, declaration 2023-02-30", 1, 0, "validity.date",
             SDQ_FIELD_DECLARATION_DATE, SDQ_NO_ITEM, SDQ_SEVERITY_ERROR, NULL);
  /* With no date at all the latest edition, HS 2022, is used. */
  hs_case(fx, "851713", NULL, NULL, NULL);
  expect_none(&fx->r, "851713 without dates");
  hs_case(fx, "940540", NULL, NULL, NULL);
  expect_one(&fx->r, "940540 without dates", "validity.hs_code",
             SDQ_FIELD_HS_CODE, 0, SDQ_SEVERITY_ERROR,
             "not in HS 2022 (no usable date: the latest edition)");
  /* The arrival date alone does not choose the edition. */
  hs_case(fx, "940540", NULL, "2021-06-03", NULL);
  expect_one(&fx->r, "940540 with only an arrival date", "validity.hs_code",
             SDQ_FIELD_HS_CODE, 0, SDQ_SEVERITY_ERROR, "no usable date");
  /* The second item is judged too, with its own index. */
  base_spec(&fx->s);
  put_dates(&fx->s, "2021-06-01", "2021-06-03", "2021-06-01");
  put_item(&fx->s, 1, SDQ_FIELD_HS_CODE, "851713");
  assess(&fx->r, &fx->s);
  expect_one(&fx->r, "item 1 851713 in 2021", "validity.hs_code",
             SDQ_FIELD_HS_CODE, 1, SDQ_SEVERITY_ERROR, "851713");
}

static void test_hs_format(void **state) {
  fixture *fx = *state;
  /* Separators are ignored; digits 7 to 10 are national. */
  passes(fx, SDQ_FIELD_HS_CODE, 0, "6109.10");
  passes(fx, SDQ_FIELD_HS_CODE, 0, "6109 10 00");
  passes(fx, SDQ_FIELD_HS_CODE, 0, "61091000");
  passes(fx, SDQ_FIELD_HS_CODE, 0, "6109.10.00.10");
  passes(fx, SDQ_FIELD_HS_CODE, 0, "6109-10");
  passes(fx, SDQ_FIELD_HS_CODE, 0, " 610910 ");
  passes(fx, SDQ_FIELD_HS_CODE, 0, "010121"); /* live pure-bred horses */
  const sdq_finding *f =
      fires(fx, SDQ_FIELD_HS_CODE, 0, "12AB34", "validity.hs_code",
            SDQ_SEVERITY_ERROR, "is malformed");
  assert_non_null(strstr(f->message, "\"12AB34\""));
  assert_true(f->weight == 0.10);
  fires(fx, SDQ_FIELD_HS_CODE, 0, "6109/10", "validity.hs_code",
        SDQ_SEVERITY_ERROR, "is malformed");
  /* A leading zero lost by a spreadsheet: 010121 read as a number. */
  fires(fx, SDQ_FIELD_HS_CODE, 0, "10121", "validity.hs_code",
        SDQ_SEVERITY_ERROR,
        "has 5 digits: a leading zero may have been lost "
        "(010121)");
  fires(fx, SDQ_FIELD_HS_CODE, 0, "10121000", "validity.hs_code",
        SDQ_SEVERITY_ERROR, "heading 1012 does not exist in HS 2017");
  fires(fx, SDQ_FIELD_HS_CODE, 0, "7701.00", "validity.hs_code",
        SDQ_SEVERITY_ERROR, "chapter 77 is reserved");
  fires(fx, SDQ_FIELD_HS_CODE, 0, "980100", "validity.hs_code",
        SDQ_SEVERITY_ERROR, "chapter 98 is left to national use");
  fires(fx, SDQ_FIELD_HS_CODE, 0, "8517", "validity.hs_code",
        SDQ_SEVERITY_ERROR, "has 4 digits; at least the 6 digits");
  fires(fx, SDQ_FIELD_HS_CODE, 0, "85", "validity.hs_code", SDQ_SEVERITY_ERROR,
        "has 2 digits");
  fires(fx, SDQ_FIELD_HS_CODE, 0, "851799", "validity.hs_code",
        SDQ_SEVERITY_ERROR, "subheading 851799 does not exist in HS 2017");
  fires(fx, SDQ_FIELD_HS_CODE, 0, "850099", "validity.hs_code",
        SDQ_SEVERITY_ERROR, "heading 8500 does not exist in HS 2017");
}

/* ------------------------------------------------------------------------ */
/* validity.number                                                           */
/* ------------------------------------------------------------------------ */

static void test_number_passes(void **state) {
  fixture *fx = *state;
  /* Thousands separators with a decimal part are unambiguous. */
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_TOTAL_VALUE, "1,234.50");
  put_item(&fx->s, 0, SDQ_FIELD_ITEM_VALUE, "1,000.00");
  put_item(&fx->s, 1, SDQ_FIELD_ITEM_VALUE, "234.50");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "total_value 1,234.50");
  passes(fx, SDQ_FIELD_PIECES, 0, "1.0");
  passes(fx, SDQ_FIELD_PIECES, 0, "+1");
  passes(fx, SDQ_FIELD_GROSS_WEIGHT, 0, " 1.583 ");
  passes(fx, SDQ_FIELD_GROSS_WEIGHT, 0, "1583e-3");
  passes(fx, SDQ_FIELD_QUANTITY, 1, "12");
  passes(fx, SDQ_FIELD_NET_WEIGHT, 0, "0"); /* zero net weight is possible */
  /* A total of zero is a value (for a gift, say): no validity finding. */
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_TOTAL_VALUE, "0");
  put_item(&fx->s, 0, SDQ_FIELD_ITEM_VALUE, "0");
  put_item(&fx->s, 1, SDQ_FIELD_ITEM_VALUE, "0.00");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "total_value 0");
  /* Against the items' values it is a consistency finding, not validity. */
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_TOTAL_VALUE, "0");
  assess(&fx->r, &fx->s);
  expect_one(&fx->r, "total_value 0, items 24.90", "consistency.total_value",
             SDQ_FIELD_TOTAL_VALUE, SDQ_NO_ITEM, SDQ_SEVERITY_ERROR, NULL);
  assert_int_equal(count_rule(fx->r.res, "validity.number"), 0);
}

static void test_number_fires(void **state) {
  fixture *fx = *state;
  const sdq_finding *f =
      fires(fx, SDQ_FIELD_GROSS_WEIGHT, 0, "1,234", "validity.number",
            SDQ_SEVERITY_WARNING, "is ambiguous");
  assert_true(f->weight == 0.10);
  fires(fx, SDQ_FIELD_TOTAL_VALUE, 0, "1,234", "validity.number",
        SDQ_SEVERITY_WARNING, "a thousands separator or a decimal comma");
  fires(fx, SDQ_FIELD_NET_WEIGHT, 0, "0,5", "validity.number",
        SDQ_SEVERITY_WARNING, "net_weight \"0,5\" uses a decimal comma");
  fires(fx, SDQ_FIELD_GROSS_WEIGHT, 0, "1.234,50", "validity.number",
        SDQ_SEVERITY_WARNING, "decimal comma");
  fires(fx, SDQ_FIELD_TOTAL_VALUE, 0, "-5", "validity.number",
        SDQ_SEVERITY_ERROR, "total_value \"-5\" is negative");
  fires(fx, SDQ_FIELD_ITEM_VALUE, 1, "-18.91", "validity.number",
        SDQ_SEVERITY_ERROR, "is negative");
  fires(fx, SDQ_FIELD_GROSS_WEIGHT, 0, "abc", "validity.number",
        SDQ_SEVERITY_ERROR,
        "gross_weight \"abc\" is not a number (give kilograms without a "
        "unit)");
  fires(fx, SDQ_FIELD_NET_WEIGHT, 1, "1.127 kg", "validity.number",
        SDQ_SEVERITY_ERROR, "(give kilograms without a unit)");
  f = fires(fx, SDQ_FIELD_TOTAL_VALUE, 0, "EUR 24.90", "validity.number",
            SDQ_SEVERITY_ERROR, "is not a number");
  assert_null(strstr(f->message, "kilograms"));
  fires(fx, SDQ_FIELD_GROSS_WEIGHT, 0, "0", "validity.number",
        SDQ_SEVERITY_ERROR, "gross_weight is zero");
  fires(fx, SDQ_FIELD_GROSS_WEIGHT, 0, "0.000", "validity.number",
        SDQ_SEVERITY_ERROR, "is zero");
  fires(fx, SDQ_FIELD_PIECES, 0, "0", "validity.number", SDQ_SEVERITY_ERROR,
        "pieces is zero");
  fires(fx, SDQ_FIELD_QUANTITY, 1, "0", "validity.number", SDQ_SEVERITY_ERROR,
        "quantity is zero");
  fires(fx, SDQ_FIELD_PIECES, 0, "1.5", "validity.number", SDQ_SEVERITY_ERROR,
        "pieces \"1.5\" is not a whole number");
  fires(fx, SDQ_FIELD_QUANTITY, 0, "2.25", "validity.number",
        SDQ_SEVERITY_ERROR, "is not a whole number");
}

/* ------------------------------------------------------------------------ */
/* validity.date                                                             */
/* ------------------------------------------------------------------------ */

static void test_date(void **state) {
  fixture *fx = *state;
  const sdq_finding *f =
      fires(fx, SDQ_FIELD_DEPARTURE_DATE, 0, "2025-02-30", "validity.date",
            SDQ_SEVERITY_ERROR, "\"2025-02-30\" is no such date or time");
  assert_true(f->weight == 0.10);
  fires(fx, SDQ_FIELD_DECLARATION_DATE, 0, "15/01/2025", "validity.date",
        SDQ_SEVERITY_ERROR, "is not an ISO 8601 date");
  fires(fx, SDQ_FIELD_ARRIVAL_DATE, 0, "2021-1-17", "validity.date",
        SDQ_SEVERITY_ERROR, "is not an ISO 8601 date");
  fires(fx, SDQ_FIELD_ARRIVAL_DATE, 0, "1899-12-31", "validity.date",
        SDQ_SEVERITY_ERROR, "no such year (1900-2199)");
  fires(fx, SDQ_FIELD_DEPARTURE_DATE, 0, "2021-01-15T25:00", "validity.date",
        SDQ_SEVERITY_ERROR, "no such date or time");
  /* A leap day, with dates that agree. */
  base_spec(&fx->s);
  put_dates(&fx->s, "2024-02-29", "2024-03-02", "2024-02-28");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "departure 2024-02-29");
  /* Date-times. */
  base_spec(&fx->s);
  put_dates(&fx->s, "2021-01-15T10:00:00Z", "20210117",
            "2021-01-15 08:30+01:00");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "date-times");
}

/* ------------------------------------------------------------------------ */
/* Identifiers: validity.s10, .awb, .container, .eori, .locode               */
/* ------------------------------------------------------------------------ */

static void test_s10(void **state) {
  fixture *fx = *state;
  passes(fx, SDQ_FIELD_POSTAL_ITEM_ID, 0, "RB123456785GB");
  passes(fx, SDQ_FIELD_POSTAL_ITEM_ID, 0, "RR287043775IN");
  passes(fx, SDQ_FIELD_POSTAL_ITEM_ID, 0, "rb123456785gb");
  passes(fx, SDQ_FIELD_POSTAL_ITEM_ID, 0, "RB 1234 5678 5 GB");
  /* Check digits 10 -> 0 and 11 -> 5. */
  passes(fx, SDQ_FIELD_POSTAL_ITEM_ID, 0, "EE000000080CN");
  passes(fx, SDQ_FIELD_POSTAL_ITEM_ID, 0, "EE000000155CN");
  const sdq_finding *f =
      fires(fx, SDQ_FIELD_POSTAL_ITEM_ID, 0, "RB123456786US", "validity.s10",
            SDQ_SEVERITY_ERROR, "wrong S10 check digit (expected 5)");
  assert_true(f->weight == 0.10);
  fires(fx, SDQ_FIELD_POSTAL_ITEM_ID, 0, "RB123456785XX", "validity.s10",
        SDQ_SEVERITY_ERROR, "the country \"XX\" is not an ISO 3166-1 code");
  fires(fx, SDQ_FIELD_POSTAL_ITEM_ID, 0, "RB123456785G8", "validity.s10",
        SDQ_SEVERITY_ERROR, "is not an ISO 3166-1 code");
  fires(fx, SDQ_FIELD_POSTAL_ITEM_ID, 0, "RB12345678GB", "validity.s10",
        SDQ_SEVERITY_ERROR, "is not a UPU S10 id");
  fires(fx, SDQ_FIELD_POSTAL_ITEM_ID, 0, "RB-123456785-GB", "validity.s10",
        SDQ_SEVERITY_ERROR, "is not a UPU S10 id");
}

static void test_awb(void **state) {
  fixture *fx = *state;
  passes(fx, SDQ_FIELD_AWB, 0, "176-12345675");
  passes(fx, SDQ_FIELD_AWB, 0, "020-81140743");
  passes(fx, SDQ_FIELD_AWB, 0, "17612345675");
  passes(fx, SDQ_FIELD_AWB, 0, "176 1234 5675");
  const sdq_finding *f =
      fires(fx, SDQ_FIELD_AWB, 0, "176-12345676", "validity.awb",
            SDQ_SEVERITY_ERROR, "wrong check digit (the serial mod 7 is 5)");
  assert_true(f->weight == 0.10);
  fires(fx, SDQ_FIELD_AWB, 0, "020-81140744", "validity.awb",
        SDQ_SEVERITY_ERROR, "the serial mod 7 is 3");
  fires(fx, SDQ_FIELD_AWB, 0, "176-12345678", "validity.awb",
        SDQ_SEVERITY_ERROR, "wrong check digit");
  fires(fx, SDQ_FIELD_AWB, 0, "176-1234567", "validity.awb", SDQ_SEVERITY_ERROR,
        "is not an air waybill number");
  fires(fx, SDQ_FIELD_AWB, 0, "AB-12345675", "validity.awb", SDQ_SEVERITY_ERROR,
        "is not an air waybill number");
}

static void test_container(void **state) {
  fixture *fx = *state;
  passes(fx, SDQ_FIELD_CONTAINER_ID, 0, "MWCU6059784");
  passes(fx, SDQ_FIELD_CONTAINER_ID, 0, "CSQU3054383");
  passes(fx, SDQ_FIELD_CONTAINER_ID, 0, "PSSU2109481");
  passes(fx, SDQ_FIELD_CONTAINER_ID, 0, "MWCU 605978 4");
  passes(fx, SDQ_FIELD_CONTAINER_ID, 0, "csqu3054383");
  const sdq_finding *f =
      fires(fx, SDQ_FIELD_CONTAINER_ID, 0, "MWCU6059785", "validity.container",
            SDQ_SEVERITY_ERROR, "wrong ISO 6346 check digit (expected 4)");
  assert_true(f->weight == 0.10);
  fires(fx, SDQ_FIELD_CONTAINER_ID, 0, "CSQU3054384", "validity.container",
        SDQ_SEVERITY_ERROR, "(expected 3)");
  fires(fx, SDQ_FIELD_CONTAINER_ID, 0, "PSSU2109480", "validity.container",
        SDQ_SEVERITY_ERROR, "(expected 1)");
  fires(fx, SDQ_FIELD_CONTAINER_ID, 0, "MWCX6059784", "validity.container",
        SDQ_SEVERITY_ERROR, "is not an ISO 6346 container number");
  fires(fx, SDQ_FIELD_CONTAINER_ID, 0, "MWCU605978", "validity.container",
        SDQ_SEVERITY_ERROR, "is not an ISO 6346 container number");
}

static void test_eori(void **state) {
  fixture *fx = *state;
  passes(fx, SDQ_FIELD_BUYER_ID, 0, "DE123456789012345");
  passes(fx, SDQ_FIELD_BUYER_ID, 0, "GB123456789000");
  passes(fx, SDQ_FIELD_BUYER_ID, 0, "de12ab");
  /* A national id without a country prefix is not judged. */
  passes(fx, SDQ_FIELD_BUYER_ID, 0, "123456789");
  passes(fx, SDQ_FIELD_SELLER_ID, 0, "91440300MA5EXAMPLE");
  const sdq_finding *f =
      fires(fx, SDQ_FIELD_BUYER_ID, 0, "DE 1234", "validity.eori",
            SDQ_SEVERITY_WARNING, "buyer_id \"DE 1234\" is not an EORI number");
  assert_true(f->weight == 0.05);
  fires(fx, SDQ_FIELD_BUYER_ID, 0, "QQ123", "validity.eori",
        SDQ_SEVERITY_WARNING, "\"QQ\" is not a country code");
  fires(fx, SDQ_FIELD_BUYER_ID, 0, "QQ123456", "validity.eori",
        SDQ_SEVERITY_WARNING,
        "buyer_id \"QQ123456\": \"QQ\" is not a "
        "country code");
  fires(fx, SDQ_FIELD_SELLER_ID, 0, "DE1234567890123456", "validity.eori",
        SDQ_SEVERITY_WARNING, "is not an EORI number");
  fires(fx, SDQ_FIELD_DECLARANT_ID, 0, "DE", "validity.eori",
        SDQ_SEVERITY_WARNING, "declarant_id \"DE\" is not an EORI number");
  /* Without a prefix no check is made: the validity count shows it. */
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_BUYER_ID, "123456789");
  assess(&fx->r, &fx->s);
  uint32_t made = 0;
  sdq_result_dimension_quality(fx->r.res, SDQ_DIM_VALIDITY, &made, NULL);
  assert_int_equal(made, 40);
}

static void test_locode(void **state) {
  fixture *fx = *state;
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_ARRIVAL_LOCATION, "DEHAM");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "arrival_location DEHAM");
  passes(fx, SDQ_FIELD_ARRIVAL_LOCATION, 0, "DE HAM");
  passes(fx, SDQ_FIELD_ARRIVAL_LOCATION, 0, "deham");
  passes(fx, SDQ_FIELD_DEPARTURE_LOCATION, 0, "CNSZX");
  const sdq_finding *f = fires(fx, SDQ_FIELD_ARRIVAL_LOCATION, 0, "DEH1M",
                               "validity.locode", SDQ_SEVERITY_WARNING,
                               "arrival_location \"DEH1M\" is not a UN/LOCODE");
  assert_true(f->weight == 0.05);
  fires(fx, SDQ_FIELD_ARRIVAL_LOCATION, 0, "XXHAM", "validity.locode",
        SDQ_SEVERITY_WARNING, "\"XX\" is not a country code");
  fires(fx, SDQ_FIELD_DEPARTURE_LOCATION, 0, "Guangzhou", "validity.locode",
        SDQ_SEVERITY_WARNING, "is not a UN/LOCODE");
  fires(fx, SDQ_FIELD_ARRIVAL_LOCATION, 0, "Hamburg", "validity.locode",
        SDQ_SEVERITY_WARNING, "is not a UN/LOCODE");
  fires(fx, SDQ_FIELD_DEPARTURE_LOCATION, 0, "D3HAM", "validity.locode",
        SDQ_SEVERITY_WARNING, "is not a UN/LOCODE");
}

/* ------------------------------------------------------------------------ */
/* validity.postcode                                                         */
/* ------------------------------------------------------------------------ */

static void test_postcode(void **state) {
  fixture *fx = *state;
  passes(fx, SDQ_FIELD_BUYER_POSTCODE, 0, "60311");
  passes(fx, SDQ_FIELD_BUYER_POSTCODE, 0, " 60311 ");
  passes(fx, SDQ_FIELD_SELLER_POSTCODE, 0, "315040");
  const sdq_finding *f =
      fires(fx, SDQ_FIELD_BUYER_POSTCODE, 0, "1234", "validity.postcode",
            SDQ_SEVERITY_WARNING,
            "buyer_postcode \"1234\" is not a postcode of DE (5 digits)");
  assert_true(f->weight == 0.05);
  assert_int_equal(f->dimension, SDQ_DIM_VALIDITY);
  fires(fx, SDQ_FIELD_BUYER_POSTCODE, 0, "D-60311", "validity.postcode",
        SDQ_SEVERITY_WARNING, "is not a postcode of DE");
  fires(fx, SDQ_FIELD_SELLER_POSTCODE, 0, "31504", "validity.postcode",
        SDQ_SEVERITY_WARNING,
        "seller_postcode \"31504\" is not a postcode of CN (6 digits)");
  /* Judged against the country beside it, in either case. */
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_BUYER_COUNTRY, "gb");
  put(&fx->s, SDQ_FIELD_DESTINATION_COUNTRY, "GB");
  put(&fx->s, SDQ_FIELD_ARRIVAL_LOCATION, "GBLHR");
  put(&fx->s, SDQ_FIELD_BUYER_POSTCODE, "se5 0eg");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "GB se5 0eg");
  put(&fx->s, SDQ_FIELD_BUYER_POSTCODE, "60311");
  assess(&fx->r, &fx->s);
  expect_one(&fx->r, "GB 60311", "validity.postcode", SDQ_FIELD_BUYER_POSTCODE,
             SDQ_NO_ITEM, SDQ_SEVERITY_WARNING,
             "is not a postcode of GB (a UK postcode");
  /* A country without postcodes (Hong Kong): not judged, no check. */
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_SELLER_COUNTRY, "HK");
  put(&fx->s, SDQ_FIELD_SELLER_POSTCODE, "Kowloon 999077");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "HK postcode");
  uint32_t made = 0;
  sdq_result_dimension_quality(fx->r.res, SDQ_DIM_VALIDITY, &made, NULL);
  assert_int_equal(made, 40);
  /* An invalid or absent country: only the country is reported. */
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_BUYER_COUNTRY, "ZZ");
  put(&fx->s, SDQ_FIELD_BUYER_POSTCODE, "1234");
  assess(&fx->r, &fx->s);
  expect_one(&fx->r, "ZZ 1234", "validity.country", SDQ_FIELD_BUYER_COUNTRY,
             SDQ_NO_ITEM, SDQ_SEVERITY_ERROR, NULL);
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_SELLER_COUNTRY, NULL);
  put(&fx->s, SDQ_FIELD_SELLER_POSTCODE, "1");
  run r;
  run_open(&r, "core", NULL, "\"required\": [\"shipment_id\"]", NULL);
  assess(&r, &fx->s);
  expect_none(&r, "seller_postcode without seller_country");
  run_close(&r);
  /* A placeholder is a completeness finding, not a postcode. */
  fires(fx, SDQ_FIELD_BUYER_POSTCODE, 0, "N/A", "completeness.placeholder",
        SDQ_SEVERITY_WARNING, NULL);
  /* Switched off. */
  run_open(&r, "core", "\"validity.postcode\": false", NULL, NULL);
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_BUYER_POSTCODE, "1234");
  assess(&r, &fx->s);
  expect_none(&r, "validity.postcode off");
  run_close(&r);
}

/* ------------------------------------------------------------------------ */
/* Contacts: validity.email, validity.phone                                  */
/* ------------------------------------------------------------------------ */

static void test_email(void **state) {
  fixture *fx = *state;
  passes(fx, SDQ_FIELD_BUYER_EMAIL, 0, "a.b+c@example.co.uk");
  passes(fx, SDQ_FIELD_BUYER_EMAIL, 0, "jeromemercier86@orange.fr");
  passes(fx, SDQ_FIELD_BUYER_EMAIL, 0, " x@mail-server.example.com ");
  passes(fx, SDQ_FIELD_BUYER_EMAIL, 0, "jane@\xE4\xBE\x8B\xE3\x81\x88.jp");
  const sdq_finding *f =
      fires(fx, SDQ_FIELD_BUYER_EMAIL, 0, "erika.example.de", "validity.email",
            SDQ_SEVERITY_WARNING, "has no '@'");
  assert_true(f->weight == 0.03);
  fires(fx, SDQ_FIELD_BUYER_EMAIL, 0, "erika@mail@example.de", "validity.email",
        SDQ_SEVERITY_WARNING, "has more than one '@'");
  fires(fx, SDQ_FIELD_BUYER_EMAIL, 0, "erika@example", "validity.email",
        SDQ_SEVERITY_WARNING, "has no top-level domain");
  fires(fx, SDQ_FIELD_BUYER_EMAIL, 0, "erika m@example.de", "validity.email",
        SDQ_SEVERITY_WARNING, "contains a space");
  fires(fx, SDQ_FIELD_BUYER_EMAIL, 0, "@example.de", "validity.email",
        SDQ_SEVERITY_WARNING, "no valid part before the '@'");
  fires(fx, SDQ_FIELD_BUYER_EMAIL, 0, "erika.@example.de", "validity.email",
        SDQ_SEVERITY_WARNING, "a dot at the start or end");
  fires(fx, SDQ_FIELD_BUYER_EMAIL, 0, "erika@example.d", "validity.email",
        SDQ_SEVERITY_WARNING, "shorter than 2 letters");
  fires(fx, SDQ_FIELD_BUYER_EMAIL, 0, "erika@example..de", "validity.email",
        SDQ_SEVERITY_WARNING, "empty or malformed domain label");
  fires(fx, SDQ_FIELD_BUYER_EMAIL, 0, "erika@exa_mple.de", "validity.email",
        SDQ_SEVERITY_WARNING, "a character not allowed in a domain");
}

static void test_phone(void **state) {
  fixture *fx = *state;
  passes(fx, SDQ_FIELD_BUYER_PHONE, 0, "+49 30 1234567");
  passes(fx, SDQ_FIELD_BUYER_PHONE, 0, "(212) 555-0100");
  passes(fx, SDQ_FIELD_BUYER_PHONE, 0, "+1-212-555-0100");
  passes(fx, SDQ_FIELD_BUYER_PHONE, 0, "+34724475888");
  passes(fx, SDQ_FIELD_BUYER_PHONE, 0, "030/1234567");
  const sdq_finding *f =
      fires(fx, SDQ_FIELD_BUYER_PHONE, 0, "12", "validity.phone",
            SDQ_SEVERITY_WARNING, "has too few digits");
  assert_true(f->weight == 0.03);
  fires(fx, SDQ_FIELD_BUYER_PHONE, 0, "+420", "validity.phone",
        SDQ_SEVERITY_WARNING, "has too few digits");
  fires(fx, SDQ_FIELD_BUYER_PHONE, 0, "555-0100", "validity.phone",
        SDQ_SEVERITY_WARNING, "has too few digits");
  fires(fx, SDQ_FIELD_BUYER_PHONE, 0, "phone: 123", "validity.phone",
        SDQ_SEVERITY_WARNING, "contains characters other than digits");
  fires(fx, SDQ_FIELD_BUYER_PHONE, 0, "+0049 30 1234567", "validity.phone",
        SDQ_SEVERITY_WARNING, "has no country code after '+'");
  fires(fx, SDQ_FIELD_BUYER_PHONE, 0, "(212 555-0100", "validity.phone",
        SDQ_SEVERITY_WARNING, "has an unclosed parenthesis");
  fires(fx, SDQ_FIELD_BUYER_PHONE, 0, "+49 30 1234567 8901234",
        "validity.phone", SDQ_SEVERITY_WARNING, "more than the 15 digits");
}

/* ------------------------------------------------------------------------ */
/* consistency.total_value                                                   */
/* ------------------------------------------------------------------------ */

/* Two items worth a and b, the total t, in currency cur. */
static void values_case(fixture *fx, const char *cur, const char *a,
                        const char *b, const char *t) {
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_CURRENCY, cur);
  put(&fx->s, SDQ_FIELD_TOTAL_VALUE, t);
  put_item(&fx->s, 0, SDQ_FIELD_ITEM_VALUE, a);
  put_item(&fx->s, 1, SDQ_FIELD_ITEM_VALUE, b);
  assess(&fx->r, &fx->s);
}

static void test_total_value(void **state) {
  fixture *fx = *state;
  /* The tolerance is half a minor unit for each item and for the total:
   * EUR, 2 items: 0.005 * 3 = 0.015. */
  values_case(fx, "EUR", "10.00", "5.00", "15.00");
  expect_none(&fx->r, "10.00 + 5.00 = 15.00");
  values_case(fx, "EUR", "10.00", "5.00", "15.01");
  expect_none(&fx->r, "15.01 within 0.015");
  values_case(fx, "EUR", "10.00", "5.00", "14.99");
  expect_none(&fx->r, "14.99 within 0.015");
  values_case(fx, "EUR", "10.00", "5.00", "15.02");
  const sdq_finding *f =
      expect_one(&fx->r, "15.02 beyond 0.015", "consistency.total_value",
                 SDQ_FIELD_TOTAL_VALUE, SDQ_NO_ITEM, SDQ_SEVERITY_ERROR,
                 "the 2 item values add up to 15.00, but total_value is "
                 "15.02 (0.02 less)");
  finding_value_is(f, "15.02");
  assert_true(f->weight == 0.15);
  assert_int_equal(f->dimension, SDQ_DIM_CONSISTENCY);
  values_case(fx, "EUR", "10.00", "5.00", "14.98");
  expect_one(&fx->r, "14.98 beyond 0.015", "consistency.total_value",
             SDQ_FIELD_TOTAL_VALUE, SDQ_NO_ITEM, SDQ_SEVERITY_ERROR,
             "(0.02 more)");
  values_case(fx, "EUR", "10.00", "5.00", "16.00");
  expect_one(&fx->r, "16.00", "consistency.total_value", SDQ_FIELD_TOTAL_VALUE,
             SDQ_NO_ITEM, SDQ_SEVERITY_ERROR,
             "add up to 15.00, but total_value is 16.00 (1.00 less)");
  /* One item: 0.005 * 2 = 0.01. */
  base_spec(&fx->s);
  fx->s.items = 1;
  put(&fx->s, SDQ_FIELD_TOTAL_VALUE, "6.00");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "one item 5.99, total 6.00");
  put(&fx->s, SDQ_FIELD_TOTAL_VALUE, "5.98");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "one item 5.99, total 5.98");
  put(&fx->s, SDQ_FIELD_TOTAL_VALUE, "6.01");
  assess(&fx->r, &fx->s);
  expect_one(&fx->r, "one item 5.99, total 6.01", "consistency.total_value",
             SDQ_FIELD_TOTAL_VALUE, SDQ_NO_ITEM, SDQ_SEVERITY_ERROR,
             "the 1 item value add up to 5.99, but total_value is 6.01");
  put(&fx->s, SDQ_FIELD_TOTAL_VALUE, "5.97");
  assess(&fx->r, &fx->s);
  expect_one(&fx->r, "one item 5.99, total 5.97", "consistency.total_value",
             SDQ_FIELD_TOTAL_VALUE, SDQ_NO_ITEM, SDQ_SEVERITY_ERROR,
             "(0.02 more)");
}

static void test_total_value_minor_units(void **state) {
  fixture *fx = *state;
  /* JPY has no minor unit: 0.5 * 3 = 1.5. */
  values_case(fx, "JPY", "1000", "500", "1501");
  expect_none(&fx->r, "JPY 1000 + 500 vs 1501");
  values_case(fx, "JPY", "1000", "500", "1499");
  expect_none(&fx->r, "JPY 1000 + 500 vs 1499");
  values_case(fx, "JPY", "1000", "500", "1502");
  expect_one(&fx->r, "JPY 1000 + 500 vs 1502", "consistency.total_value",
             SDQ_FIELD_TOTAL_VALUE, SDQ_NO_ITEM, SDQ_SEVERITY_ERROR,
             "add up to 1500, but total_value is 1502 (2 less)");
  /* BHD has 3 decimals: 0.0005 * 3 = 0.0015. */
  values_case(fx, "BHD", "10.000", "5.000", "15.001");
  expect_none(&fx->r, "BHD 15.001");
  values_case(fx, "BHD", "10.000", "5.000", "15.002");
  expect_one(&fx->r, "BHD 15.002", "consistency.total_value",
             SDQ_FIELD_TOTAL_VALUE, SDQ_NO_ITEM, SDQ_SEVERITY_ERROR,
             "add up to 15.000, but total_value is 15.002 (0.002 less)");
}

static void test_total_value_not_checked(void **state) {
  fixture *fx = *state;
  /* An item without a value: nothing to add, no check. */
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_TOTAL_VALUE, "99.00");
  put_item(&fx->s, 1, SDQ_FIELD_ITEM_VALUE, NULL);
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "item 1 without item_value");
  uint32_t made = 0;
  sdq_result_dimension_quality(fx->r.res, SDQ_DIM_CONSISTENCY, &made, NULL);
  assert_int_equal(made, 11 - 1 - 1); /* no total check, one item less */
  /* An item value that is not a number: only the validity finding. */
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_TOTAL_VALUE, "99.00");
  put_item(&fx->s, 1, SDQ_FIELD_ITEM_VALUE, "abc");
  assess(&fx->r, &fx->s);
  expect_one(&fx->r, "item 1 item_value abc", "validity.number",
             SDQ_FIELD_ITEM_VALUE, 1, SDQ_SEVERITY_ERROR, NULL);
  /* A total that is not a number: only the validity finding. */
  fires(fx, SDQ_FIELD_TOTAL_VALUE, 0, "lots", "validity.number",
        SDQ_SEVERITY_ERROR, NULL);
  /* No items at all. */
  base_spec(&fx->s);
  fx->s.items = 0;
  run r;
  run_open(&r, "core", NULL, "\"required\": [\"shipment_id\"]", NULL);
  assess(&r, &fx->s);
  expect_none(&r, "no items");
  run_close(&r);
}

/* ------------------------------------------------------------------------ */
/* consistency.weight                                                        */
/* ------------------------------------------------------------------------ */

static void test_weight_net_gross(void **state) {
  fixture *fx = *state;
  /* Net weights 0.129 + 1.127 = 1.256 kg. */
  const sdq_finding *f =
      fires(fx, SDQ_FIELD_GROSS_WEIGHT, 0, "1.0", "consistency.weight",
            SDQ_SEVERITY_ERROR,
            "the net weights of the items (1.256 kg) exceed the gross "
            "weight 1.000 kg");
  assert_true(f->weight == 0.10);
  passes(fx, SDQ_FIELD_GROSS_WEIGHT, 0, "1.256"); /* equal */
  passes(fx, SDQ_FIELD_GROSS_WEIGHT, 0, "1.255"); /* within 1 g */
  fires(fx, SDQ_FIELD_GROSS_WEIGHT, 0, "1.254", "consistency.weight",
        SDQ_SEVERITY_ERROR, "exceed the gross weight 1.254 kg");
  /* A partial sum above the gross weight is already inconsistent. */
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_GROSS_WEIGHT, "1.0");
  put_item(&fx->s, 0, SDQ_FIELD_NET_WEIGHT, NULL);
  assess(&fx->r, &fx->s);
  expect_one(&fx->r, "one known net weight", "consistency.weight",
             SDQ_FIELD_GROSS_WEIGHT, SDQ_NO_ITEM, SDQ_SEVERITY_ERROR,
             "the net weight of the items (1.127 kg) exceeds the gross");
}

static void test_weight_per_piece(void **state) {
  fixture *fx = *state;
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_GROSS_WEIGHT, "5000");
  assess(&fx->r, &fx->s);
  const sdq_finding *f = expect_one(
      &fx->r, "5000 kg in 1 piece", "consistency.weight",
      SDQ_FIELD_GROSS_WEIGHT, SDQ_NO_ITEM, SDQ_SEVERITY_ERROR,
      "gross weight per piece is 5000 kg, outside the plausible 0.001 to "
      "1000 kg");
  finding_value_is(f, "5000");
  put(&fx->s, SDQ_FIELD_PIECES, "5");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "5000 kg in 5 pieces");
  put(&fx->s, SDQ_FIELD_PIECES, "1");
  put(&fx->s, SDQ_FIELD_GROSS_WEIGHT, "1000");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "1000 kg in 1 piece (the maximum)");
  /* Too light: 0.0005 kg per piece. */
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_GROSS_WEIGHT, "0.001");
  put(&fx->s, SDQ_FIELD_PIECES, "2");
  put_item(&fx->s, 0, SDQ_FIELD_NET_WEIGHT, NULL);
  put_item(&fx->s, 1, SDQ_FIELD_NET_WEIGHT, NULL);
  assess(&fx->r, &fx->s);
  expect_one(&fx->r, "0.001 kg in 2 pieces", "consistency.weight",
             SDQ_FIELD_GROSS_WEIGHT, SDQ_NO_ITEM, SDQ_SEVERITY_ERROR,
             "per piece is 0.0005 kg");

  /* A profile raises the maximum. */
  run r;
  run_open(&r, "core",
           "\"consistency.weight\": {\"params\": {\"max_kg_per_piece\": "
           "10000}}",
           NULL, NULL);
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_GROSS_WEIGHT, "5000");
  assess(&r, &fx->s);
  expect_none(&r, "5000 kg with max_kg_per_piece 10000");
  put(&fx->s, SDQ_FIELD_GROSS_WEIGHT, "10001");
  assess(&r, &fx->s);
  expect_one(&r, "10001 kg with max_kg_per_piece 10000", "consistency.weight",
             SDQ_FIELD_GROSS_WEIGHT, SDQ_NO_ITEM, SDQ_SEVERITY_ERROR,
             "outside the plausible 0.001 to 10000 kg");
  run_close(&r);
  /* And the minimum. */
  run_open(&r, "core",
           "\"consistency.weight\": {\"params\": {\"min_kg_per_piece\": 2}}",
           NULL, NULL);
  base_spec(&fx->s);
  assess(&r, &fx->s);
  expect_one(&r, "1.583 kg with min_kg_per_piece 2", "consistency.weight",
             SDQ_FIELD_GROSS_WEIGHT, SDQ_NO_ITEM, SDQ_SEVERITY_ERROR,
             "outside the plausible 2 to 1000 kg");
  run_close(&r);
}

static void test_weight_param_errors(void **state) {
  (void)state;
  static const char doc[] = "{\"extends\": \"core\",\n"
                            " \"rules\": {\n"
                            "  \"consistency.weight\": {\"params\": {\n"
                            "    \"max_kg_per_pice\": 10000}}}}\n";
  sdq_config *c = NULL;
  assert_int_equal(sdq_config_new(NULL, &c), SDQ_OK);
  sdq_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(sdq_config_load_profile(c, doc, sizeof doc - 1, &err),
                   SDQ_ENOTFOUND);
  assert_int_equal(err.code, SDQ_ENOTFOUND);
  assert_non_null(strstr(err.message, "\"max_kg_per_pice\""));
  assert_int_equal(err.line, 4);
  assert_int_equal(err.column, 5);
  /* A parameter of another rule is unknown to this one. */
  static const char other[] =
      "{\"rules\": {\"consistency.dates\": {\"params\": "
      "{\"max_kg_per_piece\": 5}}}}";
  memset(&err, 0, sizeof err);
  assert_int_equal(sdq_config_load_profile(c, other, sizeof other - 1, &err),
                   SDQ_ENOTFOUND);
  assert_non_null(
      strstr(err.message, "unknown parameter \"max_kg_per_piece\""));
  /* Out of range. */
  static const char neg[] = "{\"rules\": {\"consistency.weight\": {\"params\": "
                            "{\"max_kg_per_piece\": -1}}}}";
  memset(&err, 0, sizeof err);
  assert_int_equal(sdq_config_load_profile(c, neg, sizeof neg - 1, &err),
                   SDQ_EPARSE);
  assert_non_null(strstr(err.message, "max_kg_per_piece must be between 0"));
  sdq_config_free(c);
}

/* ------------------------------------------------------------------------ */
/* consistency.destination and consistency.location_country                  */
/* ------------------------------------------------------------------------ */

static void test_destination(void **state) {
  fixture *fx = *state;
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_DESTINATION_COUNTRY, "FR");
  put(&fx->s, SDQ_FIELD_ARRIVAL_LOCATION, "FRCDG");
  assess(&fx->r, &fx->s);
  const sdq_finding *f = expect_one(
      &fx->r, "buyer DE, destination FR", "consistency.destination",
      SDQ_FIELD_DESTINATION_COUNTRY, SDQ_NO_ITEM, SDQ_SEVERITY_WARNING,
      "buyer_country is DE, but destination_country is FR");
  finding_value_is(f, "FR");
  assert_true(f->weight == 0.10);
  /* Equal, whatever the case. */
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_DESTINATION_COUNTRY, "de");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "buyer DE, destination de");
  /* An invalid country: only the validity finding. */
  fires(fx, SDQ_FIELD_BUYER_COUNTRY, 0, "ZZ", "validity.country",
        SDQ_SEVERITY_ERROR, NULL);
  fires(fx, SDQ_FIELD_BUYER_COUNTRY, 0, "Deutschland", "validity.country",
        SDQ_SEVERITY_ERROR, NULL);
  /* Without a destination: no check. */
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_DESTINATION_COUNTRY, NULL);
  put(&fx->s, SDQ_FIELD_BUYER_COUNTRY, "FR");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "buyer FR, no destination");
}

static void test_location_country(void **state) {
  fixture *fx = *state;
  passes(fx, SDQ_FIELD_DEPARTURE_LOCATION, 0, "CNSZX");
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_DEPARTURE_LOCATION, "CNSZX");
  put(&fx->s, SDQ_FIELD_DEPARTURE_COUNTRY, "HK");
  assess(&fx->r, &fx->s);
  const sdq_finding *f = expect_one(
      &fx->r, "CNSZX from HK", "consistency.location_country",
      SDQ_FIELD_DEPARTURE_LOCATION, SDQ_NO_ITEM, SDQ_SEVERITY_WARNING,
      "departure_country is HK, but departure_location is in CN");
  finding_value_is(f, "CNSZX");
  assert_true(f->weight == 0.05);
  /* Arrival: DEFRA in DE passes (the clean record); in FR it fires. */
  passes(fx, SDQ_FIELD_ARRIVAL_LOCATION, 0, "DEFRA");
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_DESTINATION_COUNTRY, "FR");
  put(&fx->s, SDQ_FIELD_BUYER_COUNTRY, "FR");
  assess(&fx->r, &fx->s);
  expect_one(&fx->r, "DEFRA to FR", "consistency.location_country",
             SDQ_FIELD_ARRIVAL_LOCATION, SDQ_NO_ITEM, SDQ_SEVERITY_WARNING,
             "destination_country is FR, but arrival_location is in DE");
  /* An invalid location or country: no comparison. */
  fires(fx, SDQ_FIELD_DEPARTURE_LOCATION, 0, "CN1ZX", "validity.locode",
        SDQ_SEVERITY_WARNING, NULL);
  fires(fx, SDQ_FIELD_DEPARTURE_COUNTRY, 0, "Cina", "validity.country",
        SDQ_SEVERITY_ERROR, NULL);
}

/* ------------------------------------------------------------------------ */
/* consistency.dates                                                         */
/* ------------------------------------------------------------------------ */

static void test_dates_order(void **state) {
  fixture *fx = *state;
  base_spec(&fx->s);
  put_dates(&fx->s, "2021-01-15", "2021-01-14", "2021-01-13");
  assess(&fx->r, &fx->s);
  const sdq_finding *f =
      expect_one(&fx->r, "arrival before departure", "consistency.dates",
                 SDQ_FIELD_ARRIVAL_DATE, SDQ_NO_ITEM, SDQ_SEVERITY_WARNING,
                 "arrival_date 2021-01-14 is before departure_date 2021-01-15");
  finding_value_is(f, "2021-01-14");
  assert_true(f->weight == 0.05);
  /* The same day is fine. */
  put_dates(&fx->s, "2021-01-15", "2021-01-15", "2021-01-15");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "departure, arrival and declaration the same day");
  /* Declared after arrival. */
  put_dates(&fx->s, "2021-01-15", "2021-01-17", "2021-01-18");
  assess(&fx->r, &fx->s);
  expect_one(&fx->r, "declaration after arrival", "consistency.dates",
             SDQ_FIELD_DECLARATION_DATE, SDQ_NO_ITEM, SDQ_SEVERITY_WARNING,
             "declaration_date 2021-01-18 is after arrival_date 2021-01-17");
  /* Both. */
  put_dates(&fx->s, "2021-01-15", "2021-01-14", "2021-01-16");
  assess(&fx->r, &fx->s);
  expect_nth(&fx->r, "both", 2, 0, "consistency.dates", SDQ_FIELD_ARRIVAL_DATE,
             SDQ_NO_ITEM, SDQ_SEVERITY_WARNING, "before departure_date");
  expect_nth(&fx->r, "both", 2, 1, "consistency.dates",
             SDQ_FIELD_DECLARATION_DATE, SDQ_NO_ITEM, SDQ_SEVERITY_WARNING,
             "after arrival_date");
  /* A declaration long before departure is normal (advance data). */
  put_dates(&fx->s, "2021-01-15", "2021-01-17", "2021-01-01");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "declared two weeks before departure");
  /* Times do not matter, only days. */
  put_dates(&fx->s, "2021-01-15T23:00:00Z", "2021-01-15T01:00:00Z",
            "2021-01-15");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "arrival earlier the same day");
}

static void test_dates_future(void **state) {
  fixture *fx = *state;
  run r;
  run_open(&r, "core", NULL, NULL, &REF_2026_11_01);
  /* Declarations may be one day ahead (time zones). */
  base_spec(&fx->s);
  put_dates(&fx->s, "2026-11-02", "2026-11-04", "2026-11-03");
  assess(&r, &fx->s);
  const sdq_finding *f = expect_one(
      &r, "declared 2026-11-03 on 2026-11-01", "consistency.dates",
      SDQ_FIELD_DECLARATION_DATE, SDQ_NO_ITEM, SDQ_SEVERITY_WARNING,
      "declaration_date 2026-11-03 is 2 days in the future (more than 1)");
  finding_value_is(f, "2026-11-03");
  put_dates(&fx->s, "2026-11-02", "2026-11-04", "2026-11-02");
  assess(&r, &fx->s);
  expect_none(&r, "declared 2026-11-02 on 2026-11-01");
  /* Departure and arrival up to 90 days ahead. */
  put_dates(&fx->s, "2027-02-09", NULL, "2026-11-01");
  assess(&r, &fx->s);
  expect_one(&r, "departure 100 days ahead", "consistency.dates",
             SDQ_FIELD_DEPARTURE_DATE, SDQ_NO_ITEM, SDQ_SEVERITY_WARNING,
             "departure_date 2027-02-09 is 100 days in the future (more "
             "than 90)");
  put_dates(&fx->s, "2027-01-20", NULL, "2026-11-01");
  assess(&r, &fx->s);
  expect_none(&r, "departure 80 days ahead");
  put_dates(&fx->s, "2027-01-30", NULL, "2026-11-01");
  assess(&r, &fx->s);
  expect_none(&r, "departure 90 days ahead");
  put_dates(&fx->s, "2027-01-31", NULL, "2026-11-01");
  assess(&r, &fx->s);
  expect_one(&r, "departure 91 days ahead", "consistency.dates",
             SDQ_FIELD_DEPARTURE_DATE, SDQ_NO_ITEM, SDQ_SEVERITY_WARNING,
             "91 days in the future");
  put_dates(&fx->s, "2026-11-01", "2027-02-09", "2026-11-01");
  assess(&r, &fx->s);
  expect_one(&r, "arrival 100 days ahead", "consistency.dates",
             SDQ_FIELD_ARRIVAL_DATE, SDQ_NO_ITEM, SDQ_SEVERITY_WARNING,
             "arrival_date 2027-02-09 is 100 days in the future");
  /* Dates in the past are not judged by age. */
  put_dates(&fx->s, "2021-01-15", "2021-01-17", "2021-01-15");
  assess(&r, &fx->s);
  expect_none(&r, "dates of 2021 on 2026-11-01");
  run_close(&r);

  /* The parameters come from the profile. */
  run_open(&r, "core",
           "\"consistency.dates\": {\"params\": {\"max_days_ahead\": 120, "
           "\"declaration_grace_days\": 0}}",
           NULL, &REF_2026_11_01);
  put_dates(&fx->s, "2027-02-09", NULL, "2026-11-01");
  assess(&r, &fx->s);
  expect_none(&r, "departure 100 days ahead, max_days_ahead 120");
  put_dates(&fx->s, "2026-11-02", "2026-11-04", "2026-11-02");
  assess(&r, &fx->s);
  expect_one(&r, "declared 1 day ahead, grace 0", "consistency.dates",
             SDQ_FIELD_DECLARATION_DATE, SDQ_NO_ITEM, SDQ_SEVERITY_WARNING,
             "1 days in the future (more than 0)");
  run_close(&r);
}

static void test_dates_no_reference(void **state) {
  fixture *fx = *state;
  /* Without a reference time the library does not know "now". */
  base_spec(&fx->s);
  put_dates(&fx->s, "2199-01-01", "2199-01-03", "2199-01-01");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "dates in 2199 without a reference time");
  put_dates(&fx->s, "2027-02-09", NULL, "2026-11-03");
  assess(&fx->r, &fx->s);
  expect_none(&fx->r, "dates ahead without a reference time");
}

/* ------------------------------------------------------------------------ */
/* consistency.currency_precision                                            */
/* ------------------------------------------------------------------------ */

/* A total in a currency, with items without values. */
static void total_case(fixture *fx, const char *cur, const char *total) {
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_CURRENCY, cur);
  put(&fx->s, SDQ_FIELD_TOTAL_VALUE, total);
  put_item(&fx->s, 0, SDQ_FIELD_ITEM_VALUE, NULL);
  put_item(&fx->s, 1, SDQ_FIELD_ITEM_VALUE, NULL);
  assess(&fx->r, &fx->s);
}

static void test_currency_precision(void **state) {
  fixture *fx = *state;
  total_case(fx, "EUR", "12.345");
  const sdq_finding *f =
      expect_one(&fx->r, "EUR 12.345", "consistency.currency_precision",
                 SDQ_FIELD_TOTAL_VALUE, SDQ_NO_ITEM, SDQ_SEVERITY_WARNING,
                 "total_value \"12.345\" has 3 decimals; the currency has 2");
  finding_value_is(f, "12.345");
  assert_true(f->weight == 0.02);
  /* On the total and on the item. */
  base_spec(&fx->s);
  fx->s.items = 1;
  put(&fx->s, SDQ_FIELD_TOTAL_VALUE, "12.345");
  put_item(&fx->s, 0, SDQ_FIELD_ITEM_VALUE, "12.345");
  assess(&fx->r, &fx->s);
  expect_nth(&fx->r, "EUR 12.345 total and item", 2, 0,
             "consistency.currency_precision", SDQ_FIELD_TOTAL_VALUE,
             SDQ_NO_ITEM, SDQ_SEVERITY_WARNING, "total_value \"12.345\"");
  expect_nth(&fx->r, "EUR 12.345 total and item", 2, 1,
             "consistency.currency_precision", SDQ_FIELD_ITEM_VALUE, 0,
             SDQ_SEVERITY_WARNING,
             "item_value \"12.345\" has 3 decimals; the currency has 2");
  /* Only an item. */
  base_spec(&fx->s);
  put_item(&fx->s, 1, SDQ_FIELD_ITEM_VALUE, "18.910");
  assess(&fx->r, &fx->s);
  expect_one(&fx->r, "item 1 18.910", "consistency.currency_precision",
             SDQ_FIELD_ITEM_VALUE, 1, SDQ_SEVERITY_WARNING, "has 3 decimals");
  total_case(fx, "JPY", "100.5");
  expect_one(&fx->r, "JPY 100.5", "consistency.currency_precision",
             SDQ_FIELD_TOTAL_VALUE, SDQ_NO_ITEM, SDQ_SEVERITY_WARNING,
             "has 1 decimal; the currency has 0");
  total_case(fx, "JPY", "100");
  expect_none(&fx->r, "JPY 100");
  total_case(fx, "JPY", "1,000");
  expect_one(&fx->r, "JPY 1,000 (ambiguous)", "validity.number",
             SDQ_FIELD_TOTAL_VALUE, SDQ_NO_ITEM, SDQ_SEVERITY_WARNING, NULL);
  total_case(fx, "BHD", "1.234");
  expect_none(&fx->r, "BHD 1.234");
  total_case(fx, "BHD", "1.2345");
  expect_one(&fx->r, "BHD 1.2345", "consistency.currency_precision",
             SDQ_FIELD_TOTAL_VALUE, SDQ_NO_ITEM, SDQ_SEVERITY_WARNING,
             "has 4 decimals; the currency has 3");
  total_case(fx, "EUR", "12.3");
  expect_none(&fx->r, "EUR 12.3");
  /* No currency, or an invalid one: no precision to compare with. */
  total_case(fx, "XAU", "12.34567");
  expect_none(&fx->r, "XAU (no minor unit)");
  total_case(fx, "EURO", "12.345");
  expect_one(&fx->r, "EURO 12.345", "validity.currency", SDQ_FIELD_CURRENCY,
             SDQ_NO_ITEM, SDQ_SEVERITY_ERROR, NULL);
}

/* ------------------------------------------------------------------------ */
/* uniqueness.duplicate_id                                                   */
/* ------------------------------------------------------------------------ */

static void test_duplicate_shipment_id(void **state) {
  fixture *fx = *state;
  sdq_batch *b = NULL;
  assert_int_equal(sdq_batch_new(fx->r.e, &b), SDQ_OK);
  base_spec(&fx->s);
  assess_in(&fx->r, b, &fx->s);
  expect_none(&fx->r, "record 1");
  /* Another consignment: every id differs. */
  spec other;
  base_spec(&other);
  put(&other, SDQ_FIELD_SHIPMENT_ID, "SHP-2021-004134");
  put(&other, SDQ_FIELD_AWB, "020-81140743");
  put(&other, SDQ_FIELD_POSTAL_ITEM_ID, "RR287043775IN");
  assess_in(&fx->r, b, &other);
  expect_none(&fx->r, "record 2");
  /* The first one's shipment_id again. */
  put(&other, SDQ_FIELD_SHIPMENT_ID, "SHP-2021-004133");
  put(&other, SDQ_FIELD_AWB, "057-12345675");
  put(&other, SDQ_FIELD_POSTAL_ITEM_ID, "EE000000080CN");
  assess_in(&fx->r, b, &other);
  const sdq_finding *f = expect_one(
      &fx->r, "record 3", "uniqueness.duplicate_id", SDQ_FIELD_SHIPMENT_ID,
      SDQ_NO_ITEM, SDQ_SEVERITY_ERROR,
      "shipment_id \"SHP-2021-004133\" was already given in record 1 of "
      "this batch");
  finding_value_is(f, "SHP-2021-004133");
  assert_true(f->weight == 0.20);
  assert_int_equal(f->dimension, SDQ_DIM_UNIQUENESS);
  uint32_t made = 0, passed = 0;
  sdq_result_dimension_quality(fx->r.res, SDQ_DIM_UNIQUENESS, &made, &passed);
  assert_int_equal(made, 3);
  assert_int_equal(passed, 2);
  /* The metrics count it. */
  sdq_rule_counts rc;
  assert_int_equal(sdq_metrics_rule(sdq_batch_metrics(b),
                                    rule_index("uniqueness.duplicate_id"), &rc),
                   SDQ_OK);
  assert_int_equal(rc.records, 1);
  assert_int_equal(rc.findings, 1);
  uint64_t tracked = 0, untracked = 99;
  assert_int_equal(sdq_metrics_ids(sdq_batch_metrics(b), &tracked, &untracked),
                   SDQ_OK);
  assert_int_equal(tracked, 8);
  assert_int_equal(untracked, 0);
  /* A rejected record counts in the numbering. */
  assert_int_equal(sdq_batch_reject(b, NULL), SDQ_OK);
  put(&other, SDQ_FIELD_SHIPMENT_ID, "SHP-2021-004199");
  put(&other, SDQ_FIELD_AWB, "057-12345675");
  put(&other, SDQ_FIELD_POSTAL_ITEM_ID, NULL);
  assess_in(&fx->r, b, &other);
  expect_one(&fx->r, "record 5", "uniqueness.duplicate_id", SDQ_FIELD_AWB,
             SDQ_NO_ITEM, SDQ_SEVERITY_ERROR,
             "awb \"057-12345675\" was already given in record 3 of this "
             "batch");
  sdq_batch_free(b);
}

static void test_duplicate_normalised(void **state) {
  fixture *fx = *state;
  sdq_batch *b = NULL;
  assert_int_equal(sdq_batch_new(fx->r.e, &b), SDQ_OK);
  base_spec(&fx->s);
  assess_in(&fx->r, b, &fx->s);
  expect_none(&fx->r, "record 1");
  /* The same air waybill without its hyphen. */
  spec other;
  base_spec(&other);
  put(&other, SDQ_FIELD_SHIPMENT_ID, "SHP-2021-004134");
  put(&other, SDQ_FIELD_AWB, "17612345675");
  put(&other, SDQ_FIELD_POSTAL_ITEM_ID, "RR287043775IN");
  assess_in(&fx->r, b, &other);
  expect_one(&fx->r, "17612345675 after 176-12345675",
             "uniqueness.duplicate_id", SDQ_FIELD_AWB, SDQ_NO_ITEM,
             SDQ_SEVERITY_ERROR,
             "awb \"17612345675\" was already given in "
             "record 1");
  /* The same postal item id, spaced and in lower case. */
  put(&other, SDQ_FIELD_SHIPMENT_ID, "SHP-2021-004135");
  put(&other, SDQ_FIELD_AWB, "020-81140743");
  put(&other, SDQ_FIELD_POSTAL_ITEM_ID, "rb 1234 5678 5 gb");
  assess_in(&fx->r, b, &other);
  expect_one(&fx->r, "rb 1234 5678 5 gb after RB123456785GB",
             "uniqueness.duplicate_id", SDQ_FIELD_POSTAL_ITEM_ID, SDQ_NO_ITEM,
             SDQ_SEVERITY_ERROR, "record 1");
  /* The same characters in another field are another id. */
  put(&other, SDQ_FIELD_SHIPMENT_ID, "17612345675");
  put(&other, SDQ_FIELD_AWB, "057-12345675");
  put(&other, SDQ_FIELD_POSTAL_ITEM_ID, "EE000000080CN");
  assess_in(&fx->r, b, &other);
  expect_none(&fx->r, "a shipment_id equal to an earlier awb");
  /* Placeholders and blanks are not ids. */
  put(&other, SDQ_FIELD_SHIPMENT_ID, "SHP-2021-004136");
  put(&other, SDQ_FIELD_AWB, NULL);
  put(&other, SDQ_FIELD_POSTAL_ITEM_ID, NULL);
  put(&other, SDQ_FIELD_CONTAINER_ID, "N/A");
  assess_in(&fx->r, b, &other);
  expect_one(&fx->r, "container N/A", "completeness.placeholder",
             SDQ_FIELD_CONTAINER_ID, SDQ_NO_ITEM, SDQ_SEVERITY_WARNING, NULL);
  put(&other, SDQ_FIELD_SHIPMENT_ID, "SHP-2021-004137");
  assess_in(&fx->r, b, &other);
  expect_one(&fx->r, "container N/A again", "completeness.placeholder",
             SDQ_FIELD_CONTAINER_ID, SDQ_NO_ITEM, SDQ_SEVERITY_WARNING, NULL);
  sdq_batch_free(b);
}

static void test_duplicate_batches_separate(void **state) {
  fixture *fx = *state;
  sdq_batch *b1 = NULL, *b2 = NULL;
  assert_int_equal(sdq_batch_new(fx->r.e, &b1), SDQ_OK);
  assert_int_equal(sdq_batch_new(fx->r.e, &b2), SDQ_OK);
  base_spec(&fx->s);
  assess_in(&fx->r, b1, &fx->s);
  expect_none(&fx->r, "batch 1");
  assess_in(&fx->r, b2, &fx->s);
  expect_none(&fx->r, "batch 2, the same record");
  assess_in(&fx->r, b1, &fx->s);
  assert_int_equal(sdq_result_finding_count(fx->r.res), 3);
  assert_int_equal(count_rule(fx->r.res, "uniqueness.duplicate_id"), 3);
  for (size_t i = 0; i < 3; i++)
    assert_non_null(
        strstr(sdq_result_finding(fx->r.res, i)->message, "in record 1 "));
  sdq_batch_free(b1);
  sdq_batch_free(b2);
  /* Switched off, nothing is remembered or reported. */
  run r;
  run_open(&r, "core", "\"uniqueness.duplicate_id\": false", NULL, NULL);
  sdq_batch *b = NULL;
  assert_int_equal(sdq_batch_new(r.e, &b), SDQ_OK);
  assess_in(&r, b, &fx->s);
  assess_in(&r, b, &fx->s);
  expect_none(&r, "duplicate_id switched off");
  uint64_t tracked = 99;
  assert_int_equal(sdq_metrics_ids(sdq_batch_metrics(b), &tracked, NULL),
                   SDQ_OK);
  assert_int_equal(tracked, 0);
  sdq_batch_free(b);
  run_close(&r);
}

static void test_duplicate_max_ids(void **state) {
  fixture *fx = *state;
  run r;
  run_open(&r, "core",
           "\"uniqueness.duplicate_id\": {\"params\": {\"max_ids\": 2}}", NULL,
           NULL);
  sdq_batch *b = NULL;
  assert_int_equal(sdq_batch_new(r.e, &b), SDQ_OK);
  const sdq_metrics *m = sdq_batch_metrics(b);
  uint64_t tracked = 99, untracked = 99;
  /* Records with a shipment_id only. */
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_AWB, NULL);
  put(&fx->s, SDQ_FIELD_POSTAL_ITEM_ID, NULL);
  static const char *const IDS[] = {"SHP-A", "SHP-B", "SHP-C"};
  for (size_t i = 0; i < 3; i++) {
    put(&fx->s, SDQ_FIELD_SHIPMENT_ID, IDS[i]);
    assess_in(&r, b, &fx->s);
    expect_none(&r, IDS[i]);
  }
  assert_int_equal(sdq_metrics_ids(m, &tracked, &untracked), SDQ_OK);
  assert_int_equal(tracked, 2);
  assert_int_equal(untracked, 1);
  /* The third id was not remembered: its duplicate goes unseen. */
  put(&fx->s, SDQ_FIELD_SHIPMENT_ID, "SHP-C");
  assess_in(&r, b, &fx->s);
  expect_none(&r, "SHP-C again (untracked)");
  assert_int_equal(sdq_metrics_ids(m, &tracked, &untracked), SDQ_OK);
  assert_int_equal(tracked, 2);
  assert_true(untracked >= 1);
  /* The remembered ones are still found. */
  put(&fx->s, SDQ_FIELD_SHIPMENT_ID, "SHP-A");
  assess_in(&r, b, &fx->s);
  expect_one(&r, "SHP-A again", "uniqueness.duplicate_id",
             SDQ_FIELD_SHIPMENT_ID, SDQ_NO_ITEM, SDQ_SEVERITY_ERROR,
             "in record 1 of this batch");
  put(&fx->s, SDQ_FIELD_SHIPMENT_ID, "shp-b");
  assess_in(&r, b, &fx->s);
  expect_one(&r, "shp-b after SHP-B", "uniqueness.duplicate_id",
             SDQ_FIELD_SHIPMENT_ID, SDQ_NO_ITEM, SDQ_SEVERITY_ERROR,
             "in record 2 of this batch");
  assert_int_equal(sdq_metrics_ids(m, &tracked, NULL), SDQ_OK);
  assert_int_equal(tracked, 2);
  sdq_batch_free(b);
  run_close(&r);
}

/* ------------------------------------------------------------------------ */
/* risk.vague_description                                                    */
/* ------------------------------------------------------------------------ */

static const char ALL3[] = "EU ICS2 stop words, US CBP vague descriptions, "
                           "Canada PACT unacceptable descriptions";

static void test_vague_fires(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *v, *term, *lists, *example;
  } CASES[] = {
      {"Gift", "gift", ALL3, "children's wooden toy train"},
      {"gifts", "gift", ALL3, "children's wooden toy train"},
      {"GIFT!", "gift", ALL3, "children's wooden toy train"},
      {"  Gift.  ", "gift", ALL3, "children's wooden toy train"},
      {"various goods", "various goods",
       "(EU ICS2 stop words, Canada PACT unacceptable descriptions)",
       "men's cotton T-shirts"},
      {"Various  Goods.", "various goods", NULL, "men's cotton T-shirts"},
      {"parts", "parts",
       "(US CBP vague descriptions, Canada PACT unacceptable descriptions)",
       "bicycle brake pads"},
      {"Spare parts", "spare parts", "(Canada PACT unacceptable descriptions)",
       "bicycle brake pads"},
      {"accessories", "accessories", ALL3, "leather phone cases"},
      {"toys", "toys", "(Canada PACT unacceptable descriptions)",
       "plastic building blocks"},
      {"Freight all kinds", "freight all kinds", ALL3, NULL},
      {"E-Commerce", "e commerce", "(EU ICS2 stop words)", NULL},
      {"boxes", "boxes", NULL, "empty corrugated cardboard boxes"},
      {"Samples", "sample", NULL, NULL},
      {"STC", "stc", NULL, NULL},
  };
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
    char term[96];
    snprintf(term, sizeof term, "is only the general term \"%s\"",
             CASES[i].term);
    const sdq_finding *f =
        fires(fx, SDQ_FIELD_DESCRIPTION, 0, CASES[i].v,
              "risk.vague_description", SDQ_SEVERITY_WARNING, term);
    assert_int_equal(f->dimension, SDQ_DIM_RISK);
    assert_true(f->weight == 0.20);
    if (CASES[i].lists && !strstr(f->message, CASES[i].lists))
      fail_msg("\"%s\": message lacks the lists \"%s\": %s", CASES[i].v,
               CASES[i].lists, f->message);
    if (CASES[i].example) {
      char ex[128];
      snprintf(ex, sizeof ex, "e.g. \"%s\"", CASES[i].example);
      if (!strstr(f->message, ex))
        fail_msg("\"%s\": message lacks the example %s: %s", CASES[i].v, ex,
                 f->message);
    }
  }
  /* A risk finding adds to the risk, not to the quality: risk rules make
   * no check. */
  fires(fx, SDQ_FIELD_DESCRIPTION, 0, "Gift", "risk.vague_description",
        SDQ_SEVERITY_WARNING, NULL);
  assert_true(sdq_result_quality(fx->r.res) == 100.0);
  assert_true(sdq_result_risk(fx->r.res) > 19.999999 &&
              sdq_result_risk(fx->r.res) < 20.000001);
  assert_int_equal(sdq_result_level(fx->r.res), SDQ_LEVEL_LOW);
  /* On the second item, with its index. */
  fires(fx, SDQ_FIELD_DESCRIPTION, 1, "Gift", "risk.vague_description",
        SDQ_SEVERITY_WARNING, "description \"Gift\"");
  /* On both items: two findings, in item order. */
  base_spec(&fx->s);
  put_item(&fx->s, 0, SDQ_FIELD_DESCRIPTION, "parts");
  put_item(&fx->s, 1, SDQ_FIELD_DESCRIPTION, "gifts");
  assess(&fx->r, &fx->s);
  expect_nth(&fx->r, "two vague items", 2, 0, "risk.vague_description",
             SDQ_FIELD_DESCRIPTION, 0, SDQ_SEVERITY_WARNING, "\"parts\"");
  expect_nth(&fx->r, "two vague items", 2, 1, "risk.vague_description",
             SDQ_FIELD_DESCRIPTION, 1, SDQ_SEVERITY_WARNING, "\"gift\"");
}

static void test_vague_passes(void **state) {
  fixture *fx = *state;
  static const char *const CASES[] = {
      "Gift box of assorted dark chocolates 500 g",
      "Bicycle parts: brake pads",
      "Printed contract documents, signed originals",
      "Gift card holder, leather",
      "Toy train, wooden",
      "Spare parts for Bosch dishwasher: drain pump",
      "Giftware",
      "Partsch",
  };
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++)
    passes(fx, SDQ_FIELD_DESCRIPTION, 0, CASES[i]);
  /* Only descriptions are judged. */
  passes(fx, SDQ_FIELD_SELLER_NAME, 0, "Gift");
  passes(fx, SDQ_FIELD_BUYER_CITY, 0, "Parts");
}

/* ------------------------------------------------------------------------ */
/* Profiles: switches, severities, weights, levels, errors, built-ins        */
/* ------------------------------------------------------------------------ */

static void test_profile_disables_rule(void **state) {
  fixture *fx = *state;
#define E SDQ_SEVERITY_ERROR
#define W SDQ_SEVERITY_WARNING
  static const struct {
    const char *rule;
    sdq_field field;
    const char *value;
    sdq_severity sev; /* of the finding when the rule is on */
  } CASES[] = {
      {"validity.junk_text", SDQ_FIELD_BUYER_NAME, "12345", E},
      {"validity.country", SDQ_FIELD_SELLER_COUNTRY, "UK", E},
      {"validity.currency", SDQ_FIELD_CURRENCY, "EURO", E},
      {"validity.hs_code", SDQ_FIELD_HS_CODE, "8517", E},
      {"validity.number", SDQ_FIELD_GROSS_WEIGHT, "abc", E},
      {"validity.date", SDQ_FIELD_ARRIVAL_DATE, "2021-02-30", E},
      {"validity.s10", SDQ_FIELD_POSTAL_ITEM_ID, "RB123456786US", E},
      {"validity.awb", SDQ_FIELD_AWB, "176-12345676", E},
      {"validity.container", SDQ_FIELD_CONTAINER_ID, "MWCU6059785", E},
      {"validity.eori", SDQ_FIELD_BUYER_ID, "DE 1234", W},
      {"validity.locode", SDQ_FIELD_ARRIVAL_LOCATION, "DEH1M", W},
      {"validity.email", SDQ_FIELD_BUYER_EMAIL, "erika@example", W},
      {"validity.phone", SDQ_FIELD_BUYER_PHONE, "12", W},
  };
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
    /* On: exactly one finding of the rule. */
    fires(fx, CASES[i].field, 0, CASES[i].value, CASES[i].rule, CASES[i].sev,
          NULL);
    /* Off, in a profile: no finding. */
    char rules[128];
    snprintf(rules, sizeof rules, "\"%s\": false", CASES[i].rule);
    run r;
    run_open(&r, "core", rules, NULL, NULL);
    base_spec(&fx->s);
    put_any(&fx->s, CASES[i].field, 0, CASES[i].value);
    assess(&r, &fx->s);
    expect_none(&r, rules);
    run_close(&r);
    /* Off with {"enabled": false}: the same. */
    snprintf(rules, sizeof rules, "\"%s\": {\"enabled\": false}",
             CASES[i].rule);
    run_open(&r, "core", rules, NULL, NULL);
    assess(&r, &fx->s);
    expect_none(&r, rules);
    run_close(&r);
  }
  /* Consistency and risk rules: the finding is on another field than the
   * one changed, so the cases say both. */
  static const struct {
    const char *rule;
    sdq_field changed;
    const char *value;
    sdq_field reported;
    sdq_severity sev;
  } OTHER[] = {
      {"consistency.total_value", SDQ_FIELD_TOTAL_VALUE, "99.00",
       SDQ_FIELD_TOTAL_VALUE, E},
      {"consistency.weight", SDQ_FIELD_GROSS_WEIGHT, "5000",
       SDQ_FIELD_GROSS_WEIGHT, E},
      {"consistency.destination", SDQ_FIELD_BUYER_COUNTRY, "FR",
       SDQ_FIELD_DESTINATION_COUNTRY, W},
      {"consistency.location_country", SDQ_FIELD_DEPARTURE_COUNTRY, "HK",
       SDQ_FIELD_DEPARTURE_LOCATION, W},
      {"consistency.dates", SDQ_FIELD_ARRIVAL_DATE, "2021-01-14",
       SDQ_FIELD_ARRIVAL_DATE, W},
      {"consistency.currency_precision", SDQ_FIELD_TOTAL_VALUE, "24.900",
       SDQ_FIELD_TOTAL_VALUE, W},
      {"risk.vague_description", SDQ_FIELD_DESCRIPTION, "Gift",
       SDQ_FIELD_DESCRIPTION, W},
  };
  for (size_t i = 0; i < sizeof OTHER / sizeof OTHER[0]; i++) {
    base_spec(&fx->s);
    put_any(&fx->s, OTHER[i].changed, 0, OTHER[i].value);
    if (OTHER[i].changed == SDQ_FIELD_ARRIVAL_DATE)
      put(&fx->s, SDQ_FIELD_DECLARATION_DATE, "2021-01-13");
    assess(&fx->r, &fx->s);
    expect_one(&fx->r, OTHER[i].rule, OTHER[i].rule, OTHER[i].reported,
               sdq_field_is_item(OTHER[i].reported) ? 0 : SDQ_NO_ITEM,
               OTHER[i].sev, NULL);
    char rules[128];
    snprintf(rules, sizeof rules, "\"%s\": false", OTHER[i].rule);
    run r;
    run_open(&r, "core", rules, NULL, NULL);
    assess(&r, &fx->s);
    expect_none(&r, rules);
    run_close(&r);
  }
  /* The duplicate_id switch is in test_duplicate_batches_separate. */
#undef E
#undef W
}

static void test_profile_severity_weight(void **state) {
  fixture *fx = *state;
  run r;
  run_open(&r, "core",
           "\"validity.country\": {\"severity\": \"info\", \"weight\": 0.5},\n"
           "  \"risk.vague_description\": {\"severity\": \"error\", "
           "\"weight\": 0.3},\n"
           "  \"consistency.destination\": {\"severity\": \"info\"},\n"
           "  \"validity.number\": {\"weight\": 0}",
           NULL, NULL);
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_SELLER_COUNTRY, "UK");
  assess(&r, &fx->s);
  const sdq_finding *f = expect_one(&r, "UK, info 0.5", "validity.country",
                                    SDQ_FIELD_SELLER_COUNTRY, SDQ_NO_ITEM,
                                    SDQ_SEVERITY_INFO, "use GB");
  assert_true(f->weight == 0.5);
  assert_true(sdq_result_risk(r.res) == 50.0);
  assert_int_equal(sdq_result_level(r.res), SDQ_LEVEL_HIGH);
  base_spec(&fx->s);
  put_item(&fx->s, 0, SDQ_FIELD_DESCRIPTION, "Gift");
  assess(&r, &fx->s);
  f = expect_one(&r, "Gift, error 0.3", "risk.vague_description",
                 SDQ_FIELD_DESCRIPTION, 0, SDQ_SEVERITY_ERROR, NULL);
  assert_true(f->weight == 0.3);
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_BUYER_COUNTRY, "FR");
  assess(&r, &fx->s);
  f = expect_one(&r, "destination, info", "consistency.destination",
                 SDQ_FIELD_DESTINATION_COUNTRY, SDQ_NO_ITEM, SDQ_SEVERITY_INFO,
                 NULL);
  assert_true(f->weight == 0.10); /* the default weight is kept */
  /* A weight of 0: a finding that does not add to the risk. */
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_GROSS_WEIGHT, "abc");
  assess(&r, &fx->s);
  f = expect_one(&r, "number, weight 0", "validity.number",
                 SDQ_FIELD_GROSS_WEIGHT, SDQ_NO_ITEM, SDQ_SEVERITY_ERROR, NULL);
  assert_true(f->weight == 0.0);
  assert_true(sdq_result_risk(r.res) == 0.0);
  run_close(&r);
  /* An ambiguous number is at most a warning, even when the rule is an
   * error; lowering the rule lowers it too. */
  run_open(&r, "core", "\"validity.number\": {\"severity\": \"info\"}", NULL,
           NULL);
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_GROSS_WEIGHT, "1,234");
  assess(&r, &fx->s);
  expect_one(&r, "ambiguous, info", "validity.number", SDQ_FIELD_GROSS_WEIGHT,
             SDQ_NO_ITEM, SDQ_SEVERITY_INFO, NULL);
  run_close(&r);
}

static void test_profile_levels(void **state) {
  fixture *fx = *state;
  /* One finding of weight 0.10: risk 10. */
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_SELLER_COUNTRY, "UK");
  assess(&fx->r, &fx->s);
  double risk = sdq_result_risk(fx->r.res);
  assert_true(risk > 9.999999 && risk < 10.000001);
  assert_int_equal(sdq_result_level(fx->r.res), SDQ_LEVEL_LOW);
  run r;
  run_open(&r, "core", NULL, "\"levels\": {\"medium\": 5, \"high\": 50}", NULL);
  assess(&r, &fx->s);
  assert_int_equal(sdq_result_level(r.res), SDQ_LEVEL_MEDIUM);
  run_close(&r);
  run_open(&r, "core", NULL, "\"levels\": {\"medium\": 5, \"high\": 9}", NULL);
  assess(&r, &fx->s);
  assert_int_equal(sdq_result_level(r.res), SDQ_LEVEL_HIGH);
  /* The clean record stays low whatever the thresholds (above 0). */
  base_spec(&fx->s);
  assess(&r, &fx->s);
  assert_int_equal(sdq_result_level(r.res), SDQ_LEVEL_LOW);
  run_close(&r);
  /* Three findings: 1 - 0.9 * 0.85 * 0.8 = 38.8 %. */
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_SELLER_COUNTRY, "UK");
  put(&fx->s, SDQ_FIELD_BUYER_NAME, "12345");
  put_item(&fx->s, 0, SDQ_FIELD_DESCRIPTION, "Gift");
  assess(&fx->r, &fx->s);
  assert_int_equal(sdq_result_finding_count(fx->r.res), 3);
  risk = sdq_result_risk(fx->r.res);
  assert_true(risk > 38.799999 && risk < 38.800001);
  assert_int_equal(sdq_result_level(fx->r.res), SDQ_LEVEL_MEDIUM);
  /* levels.medium above levels.high is an error. */
  sdq_config *c = NULL;
  assert_int_equal(sdq_config_new(NULL, &c), SDQ_OK);
  static const char bad[] = "{\"levels\": {\"medium\": 60, \"high\": 40}}";
  sdq_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(sdq_config_load_profile(c, bad, sizeof bad - 1, &err),
                   SDQ_EPARSE);
  assert_non_null(strstr(err.message, "levels.medium is above levels.high"));
  sdq_config_free(c);
}

/* Loads `doc`, expecting status `st` and an error at line:column whose
 * message contains `needle`; the configuration is left unchanged. */
#define profile_error(doc, st, line, column, needle)                           \
  profile_error_((doc), (st), (line), (column), (needle), __FILE__, __LINE__)
static void profile_error_(const char *doc, sdq_status st, uint64_t line,
                           uint64_t column, const char *needle,
                           const char *file, int at) {
  sdq_config *c = NULL;
  assert_int_equal(sdq_config_new(NULL, &c), SDQ_OK);
  assert_int_equal(sdq_config_set_profile(c, "cn23"), SDQ_OK);
  sdq_error err;
  memset(&err, 0xA5, sizeof err);
  err.message[sizeof err.message - 1] = '\0';
  sdq_status got = sdq_config_load_profile(c, doc, strlen(doc), &err);
  if (got != st || err.code != st)
    fail_msg("%s:%d: status %d (err.code %d), want %d: %s", file, at, (int)got,
             (int)err.code, (int)st, err.message);
  if (!strstr(err.message, needle))
    fail_msg("%s:%d: message \"%s\" lacks \"%s\"", file, at, err.message,
             needle);
  if (err.line != line || err.column != column)
    fail_msg("%s:%d: error at %llu:%llu, want %llu:%llu (%s)", file, at,
             (unsigned long long)err.line, (unsigned long long)err.column,
             (unsigned long long)line, (unsigned long long)column, err.message);
  /* Unchanged: still cn23. */
  sdq_engine *e = NULL;
  assert_int_equal(sdq_engine_new(c, &e, NULL), SDQ_OK);
  assert_string_equal(sdq_engine_profile(e), "cn23");
  assert_int_equal(sdq_engine_requires(e, SDQ_FIELD_POSTAL_ITEM_ID), 1);
  sdq_engine_free(e);
  sdq_config_free(c);
}

static void test_profile_errors(void **state) {
  (void)state;
  profile_error("{\n"
                "  \"name\": \"mine\",\n"
                "  \"extends\": \"core\",\n"
                "  \"rules\": {\n"
                "    \"validity.country\": false,\n"
                "    \"validity.cuntry\": false\n"
                "  }\n"
                "}\n",
                SDQ_ENOTFOUND, 6, 5, "unknown rule \"validity.cuntry\"");
  profile_error("{\n"
                "  \"name\": \"mine\",\n"
                "\n"
                "  \"colour\": \"blue\"\n"
                "}\n",
                SDQ_EPARSE, 4, 3, "unknown key \"colour\"");
  profile_error("{\"extends\": \"core\",\n"
                " \"also_required\": [\"buyer_phone\",\n"
                "   \"consignee_shoe_size\"]}\n",
                SDQ_ENOTFOUND, 3, 4, "unknown field \"consignee_shoe_size\"");
  profile_error("{\"required\": [\n"
                "  {\"one_of\": [\"awb\",\n"
                "               \"parcel_colour\"]}]}",
                SDQ_ENOTFOUND, 3, 16, "unknown field \"parcel_colour\"");
  profile_error("{\"rules\": {\n"
                "  \"validity.country\": {\n"
                "    \"sevrity\": \"info\"}}}",
                SDQ_EPARSE, 3, 5, "unknown key \"sevrity\" in a rule");
  profile_error("{\"levels\": {\n"
                "  \"medium\": 10,\n"
                "  \"low\": 0}}",
                SDQ_EPARSE, 3, 3, "unknown key \"low\" in levels");
  profile_error("{\n\n  \"extends\": \"icss2\"}", SDQ_ENOTFOUND, 3, 14,
                "unknown profile \"icss2\"");
  profile_error("{\"rules\": {\"validity.country\": {\"severity\": "
                "\"fatal\"}}}",
                SDQ_EPARSE, 1, 45, "severity must be");
  profile_error("{\"rules\": {\"validity.country\": {\"weight\": 1.5}}}",
                SDQ_EPARSE, 1, 43, "weight must be between 0 and 1");
  profile_error("{\"required\": [{\"one_of\": [\"description\"]}]}", SDQ_EPARSE,
                1, 27, "not the item field \"description\"");
}

static void test_builtin_profiles(void **state) {
  (void)state;
  static const char *const NAMES[] = {"core", "placi", "ics2", "acas", "cn23"};
  assert_int_equal(sdq_profile_count(), 5);
  for (size_t i = 0; i < 5; i++) {
    assert_string_equal(sdq_profile_name(i), NAMES[i]);
    const char *json = sdq_profile_json(NAMES[i]);
    assert_non_null(json);
    /* By name, and as a document: the same profile. */
    sdq_config *c = NULL;
    assert_int_equal(sdq_config_new(NULL, &c), SDQ_OK);
    assert_int_equal(sdq_config_set_profile(c, NAMES[i]), SDQ_OK);
    sdq_engine *by_name = NULL, *by_doc = NULL;
    assert_int_equal(sdq_engine_new(c, &by_name, NULL), SDQ_OK);
    sdq_error err;
    memset(&err, 0, sizeof err);
    sdq_status st = sdq_config_load_profile(c, json, strlen(json), &err);
    if (st != SDQ_OK)
      fail_msg("profile %s does not parse: %s (line %llu)", NAMES[i],
               err.message, (unsigned long long)err.line);
    assert_int_equal(sdq_engine_new(c, &by_doc, NULL), SDQ_OK);
    assert_string_equal(sdq_engine_profile(by_name), NAMES[i]);
    assert_string_equal(sdq_engine_profile(by_doc), NAMES[i]);
    for (int f = 0; f < SDQ_CONSIGNMENT_FIELD_COUNT; f++)
      assert_int_equal(sdq_engine_requires(by_name, (sdq_field)f),
                       sdq_engine_requires(by_doc, (sdq_field)f));
    for (int k = 0; k < SDQ_ITEM_FIELD_COUNT; k++) {
      sdq_field f = (sdq_field)(SDQ_ITEM_FIELD_BASE + k);
      assert_int_equal(sdq_engine_requires(by_name, f),
                       sdq_engine_requires(by_doc, f));
    }
    sdq_engine_free(by_name);
    sdq_engine_free(by_doc);
    sdq_config_free(c);
  }
  assert_null(sdq_profile_json("icss2"));
  assert_null(sdq_profile_name(5));
  sdq_config *c = NULL;
  assert_int_equal(sdq_config_new(NULL, &c), SDQ_OK);
  assert_int_equal(sdq_config_set_profile(c, "icss2"), SDQ_ENOTFOUND);
  sdq_config_free(c);
}

static void test_extends_chain(void **state) {
  (void)state;
  sdq_config *c = NULL;
  sdq_engine *e = NULL;
  assert_int_equal(sdq_config_new(NULL, &c), SDQ_OK);
  assert_int_equal(sdq_config_set_profile(c, "ics2"), SDQ_OK);
  assert_int_equal(sdq_engine_new(c, &e, NULL), SDQ_OK);
  /* From placi. */
  assert_int_equal(sdq_engine_requires(e, SDQ_FIELD_PIECES), 1);
  assert_int_equal(sdq_engine_requires(e, SDQ_FIELD_SELLER_ADDRESS), 1);
  assert_int_equal(sdq_engine_requires(e, SDQ_FIELD_DESCRIPTION), 1);
  assert_int_equal(sdq_engine_requires(e, SDQ_FIELD_AWB), 2);
  assert_int_equal(sdq_engine_requires(e, SDQ_FIELD_POSTAL_ITEM_ID), 2);
  assert_int_equal(sdq_engine_requires(e, SDQ_FIELD_SHIPMENT_ID), 2);
  /* Its own. */
  assert_int_equal(sdq_engine_requires(e, SDQ_FIELD_HS_CODE), 1);
  assert_int_equal(sdq_engine_requires(e, SDQ_FIELD_DEPARTURE_DATE), 1);
  assert_int_equal(sdq_engine_requires(e, SDQ_FIELD_BUYER_COUNTRY), 1);
  assert_int_equal(sdq_engine_requires(e, SDQ_FIELD_CURRENCY), 0);
  sdq_engine_free(e);
  /* A profile extending ics2 inherits placi's fields through it. */
  static const char mine[] =
      "{\"name\": \"my-ics2\", \"extends\": \"ics2\",\n"
      " \"also_required\": [\"buyer_phone\", {\"one_of\": [\"seller_id\", "
      "\"declarant_id\"]}],\n"
      " \"rules\": {\"validity.phone\": false}}";
  sdq_error err;
  assert_int_equal(sdq_config_load_profile(c, mine, sizeof mine - 1, &err),
                   SDQ_OK);
  assert_int_equal(sdq_engine_new(c, &e, NULL), SDQ_OK);
  assert_string_equal(sdq_engine_profile(e), "my-ics2");
  assert_int_equal(sdq_engine_requires(e, SDQ_FIELD_PIECES), 1);
  assert_int_equal(sdq_engine_requires(e, SDQ_FIELD_HS_CODE), 1);
  assert_int_equal(sdq_engine_requires(e, SDQ_FIELD_BUYER_PHONE), 1);
  assert_int_equal(sdq_engine_requires(e, SDQ_FIELD_AWB), 2);
  assert_int_equal(sdq_engine_requires(e, SDQ_FIELD_SELLER_ID), 3);
  assert_int_equal(sdq_engine_requires(e, SDQ_FIELD_DECLARANT_ID), 3);
  sdq_engine_free(e);
  /* Without a name, a profile is not named after its parent. */
  static const char anon[] = "{\"extends\": \"ics2\"}";
  assert_int_equal(sdq_config_load_profile(c, anon, sizeof anon - 1, &err),
                   SDQ_OK);
  assert_int_equal(sdq_engine_new(c, &e, NULL), SDQ_OK);
  assert_string_equal(sdq_engine_profile(e), "custom");
  assert_int_equal(sdq_engine_requires(e, SDQ_FIELD_PIECES), 1);
  sdq_engine_free(e);
  /* acas: its own one_of group after placi's. */
  assert_int_equal(sdq_config_set_profile(c, "acas"), SDQ_OK);
  assert_int_equal(sdq_engine_new(c, &e, NULL), SDQ_OK);
  assert_int_equal(sdq_engine_requires(e, SDQ_FIELD_AWB), 2);
  assert_int_equal(sdq_engine_requires(e, SDQ_FIELD_BUYER_PHONE), 3);
  assert_int_equal(sdq_engine_requires(e, SDQ_FIELD_BUYER_EMAIL), 3);
  assert_int_equal(sdq_engine_requires(e, SDQ_FIELD_PIECES), 1);
  sdq_engine_free(e);
  sdq_config_free(c);
}

static void test_one_of_group(void **state) {
  fixture *fx = *state;
  run r;
  run_open(&r, "placi", NULL, NULL, NULL);
  /* The air waybill alone satisfies the "+1". */
  base_spec(&fx->s);
  put(&fx->s, SDQ_FIELD_SHIPMENT_ID, NULL);
  put(&fx->s, SDQ_FIELD_POSTAL_ITEM_ID, NULL);
  assess(&r, &fx->s);
  expect_none(&r, "placi with awb only");
  uint32_t made = 0, passed = 0;
  sdq_result_dimension_quality(r.res, SDQ_DIM_COMPLETENESS, &made, &passed);
  assert_int_equal(made, 32 + 2 * 6 + 1); /* the fields and the group */
  assert_int_equal(passed, made);
  /* The postal item id alone too. */
  put(&fx->s, SDQ_FIELD_AWB, NULL);
  put(&fx->s, SDQ_FIELD_POSTAL_ITEM_ID, "RR287043775IN");
  assess(&r, &fx->s);
  expect_none(&r, "placi with postal_item_id only");
  /* None of them: one finding naming all three. */
  put(&fx->s, SDQ_FIELD_POSTAL_ITEM_ID, NULL);
  assess(&r, &fx->s);
  const sdq_finding *f = expect_one(
      &r, "placi without any id", "completeness.missing", SDQ_FIELD_SHIPMENT_ID,
      SDQ_NO_ITEM, SDQ_SEVERITY_ERROR,
      "one of shipment_id, awb, postal_item_id is required, and none has a "
      "value");
  assert_null(f->value);
  assert_true(f->weight == 0.15);
  /* A placeholder does not satisfy the group. */
  put(&fx->s, SDQ_FIELD_AWB, "N/A");
  assess(&r, &fx->s);
  expect_nth(&r, "placi with awb N/A", 2, 0, "completeness.missing",
             SDQ_FIELD_SHIPMENT_ID, SDQ_NO_ITEM, SDQ_SEVERITY_ERROR,
             "one of shipment_id, awb, postal_item_id");
  expect_nth(&r, "placi with awb N/A", 2, 1, "completeness.placeholder",
             SDQ_FIELD_AWB, SDQ_NO_ITEM, SDQ_SEVERITY_WARNING, NULL);
  run_close(&r);
}

/* ------------------------------------------------------------------------ */
/* Pending: known bugs                                                       */
/* ------------------------------------------------------------------------ */

/* lib/check/validity.c, check_party_id() and country_problem(): the
 * country part of an EORI number must be an officially assigned ISO 3166
 * code (or XK). Northern Ireland's traders have EORI numbers starting
 * with "XI" (issued by HMRC since 2021, accepted by the EU's EORI
 * system), so valid XI EORI numbers are reported as having no country. */
static void regression_eori_xi_northern_ireland(void **state) {
  fixture *fx = *state;
  passes(fx, SDQ_FIELD_SELLER_ID, 0, "XI123456789000");
}

/* lib/check/validity.c, check_party_id(), check_locode(), check_email()
 * and check_phone() pass SDQ_SEVERITY_WARNING as the maximum severity to
 * invalid(), which keeps the lower of it and the profile's severity: a
 * profile that makes these rules errors still gets warnings. The profile
 * sets a rule's severity (docs/profiles.md), and for the other rules it
 * does. */
static void regression_severity_raise_ignored(void **state) {
  fixture *fx = *state;
  run r;
  run_open(&r, "core",
           "\"validity.email\": {\"severity\": \"error\"},\n"
           "  \"validity.phone\": {\"severity\": \"error\"},\n"
           "  \"validity.eori\": {\"severity\": \"error\"},\n"
           "  \"validity.locode\": {\"severity\": \"error\"},\n"
           "  \"validity.postcode\": {\"severity\": \"error\"}",
           NULL, NULL);
  static const struct {
    sdq_field field;
    const char *value, *rule;
  } CASES[] = {
      {SDQ_FIELD_BUYER_EMAIL, "erika@example", "validity.email"},
      {SDQ_FIELD_BUYER_PHONE, "12", "validity.phone"},
      {SDQ_FIELD_BUYER_ID, "DE 1234", "validity.eori"},
      {SDQ_FIELD_ARRIVAL_LOCATION, "DEH1M", "validity.locode"},
      {SDQ_FIELD_BUYER_POSTCODE, "1234", "validity.postcode"},
  };
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
    base_spec(&fx->s);
    put(&fx->s, CASES[i].field, CASES[i].value);
    assess(&r, &fx->s);
    expect_one(&r, CASES[i].rule, CASES[i].rule, CASES[i].field, SDQ_NO_ITEM,
               SDQ_SEVERITY_ERROR, NULL);
  }
  run_close(&r);
}

/* lib/check/validity.c, invalid(): the failed check is counted before the
 * rule's switch is looked at, and check_value() calls check_country(),
 * check_currency(), check_number(), check_date() and check_locode()
 * whatever the switch. So a rule switched off in the profile still lowers
 * the quality score of every record it would have fired on, unlike
 * validity.junk_text, .hs_code, .s10, .awb, .container, .eori, .email and
 * .phone, which make no check when off. */
static void regression_disabled_rule_still_fails_checks(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *rule;
    sdq_field field;
    const char *value;
  } CASES[] = {
      {"validity.junk_text", SDQ_FIELD_BUYER_NAME, "12345"}, /* passes */
      {"validity.country", SDQ_FIELD_SELLER_COUNTRY, "UK"},
      {"validity.currency", SDQ_FIELD_CURRENCY, "EURO"},
      {"validity.number", SDQ_FIELD_PIECES, "1.5"},
      {"validity.date", SDQ_FIELD_ARRIVAL_DATE, "2021-02-30"},
      {"validity.locode", SDQ_FIELD_ARRIVAL_LOCATION, "DEH1M"},
  };
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
    char rules[96];
    snprintf(rules, sizeof rules, "\"%s\": false", CASES[i].rule);
    run r;
    run_open(&r, "core", rules, NULL, NULL);
    base_spec(&fx->s);
    put(&fx->s, CASES[i].field, CASES[i].value);
    assess(&r, &fx->s);
    expect_none(&r, rules);
    uint32_t made = 0, passed = 0;
    sdq_result_dimension_quality(r.res, SDQ_DIM_VALIDITY, &made, &passed);
    if (made != passed || sdq_result_quality(r.res) != 100.0)
      fail_msg("%s off, %s = \"%s\": %u of %u validity checks passed, "
               "quality %.2f; want every check made to pass",
               CASES[i].rule, sdq_field_name(CASES[i].field), CASES[i].value,
               passed, made, sdq_result_quality(r.res));
    run_close(&r);
  }
}

/* lib/check/vague.c, vague(): only a trailing "s" or "es" of the
 * description is removed before the lookup, and the table holds some
 * terms in the plural ("parts", "toys", "tools", "spare parts"). So the
 * singular of a plural term ("Part", "Toy") does not fire, while the
 * reference (standards.md section 3) compares "after case folding,
 * trimming punctuation and plurals". */
static void regression_vague_singular_of_plural_term(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *v, *term;
  } CASES[] = {
      {"Part", "parts"},
      {"Toy", "toys"},
      {"Tool", "tools"},
      {"Spare part", "spare parts"},
  };
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++)
    fires(fx, SDQ_FIELD_DESCRIPTION, 0, CASES[i].v, "risk.vague_description",
          SDQ_SEVERITY_WARNING, CASES[i].term);
}

/* lib/check/vague.c, vague(): plurals in "-ies" are not recognised, so
 * "Batteries" (the ICS2 stop word "battery") does not fire, nor does
 * "Accessory" (the singular of "accessories", on all three lists). */
static void regression_vague_ies_plural(void **state) {
  fixture *fx = *state;
  fires(fx, SDQ_FIELD_DESCRIPTION, 0, "Batteries", "risk.vague_description",
        SDQ_SEVERITY_WARNING, "\"battery\"");
  fires(fx, SDQ_FIELD_DESCRIPTION, 0, "Accessory", "risk.vague_description",
        SDQ_SEVERITY_WARNING, "\"accessories\"");
}

/* lib/check/vague.c: the term table is searched by bisection, but "line"
 * stood after "likewise", so "Line" and "Lines" (Canada PACT) never
 * fired. vague_terms_sorted() checks the whole table's order. */
static void regression_vague_terms_out_of_order(void **state) {
  fixture *fx = *state;
  assert_true(vague_terms_sorted());
  fires(fx, SDQ_FIELD_DESCRIPTION, 0, "Line", "risk.vague_description",
        SDQ_SEVERITY_WARNING, "is only the general term \"line\"");
  fires(fx, SDQ_FIELD_DESCRIPTION, 0, "lines", "risk.vague_description",
        SDQ_SEVERITY_WARNING, "is only the general term \"line\"");
  fires(fx, SDQ_FIELD_DESCRIPTION, 0, "Likewise", "risk.vague_description",
        SDQ_SEVERITY_WARNING, "is only the general term \"likewise\"");
}

/* lib/check/vague.c, vague(): descriptions longer than 2 * TERM_MAX (80)
 * bytes are skipped before white space is trimmed, so a vague term padded
 * with spaces (fixed-width exports pad every column) is not recognised:
 * "Gift" followed by 96 spaces gives no finding, while "Gift" followed by
 * 56 spaces does. */
static void regression_vague_padded(void **state) {
  fixture *fx = *state;
  char padded[128];
  memset(padded, ' ', sizeof padded);
  memcpy(padded, "Gift", 4);
  padded[100] = '\0';
  fires(fx, SDQ_FIELD_DESCRIPTION, 0, padded, "risk.vague_description",
        SDQ_SEVERITY_WARNING, "is only the general term \"gift\"");
  memset(padded, ' ', sizeof padded);
  memcpy(padded + 96, "Gift", 5);
  fires(fx, SDQ_FIELD_DESCRIPTION, 0, padded, "risk.vague_description",
        SDQ_SEVERITY_WARNING, "is only the general term \"gift\"");
}

/* lib/check/validity.c, letter_like(): every code point outside a few
 * symbol and punctuation ranges counts as a letter, digits of other
 * scripts included. A name of Arabic-Indic digits (U+0661..U+0665) or
 * Devanagari digits has no letter, yet gives no junk_text finding, while
 * the same value in ASCII digits does ("is only digits"). */
static void regression_junk_non_ascii_digits(void **state) {
  fixture *fx = *state;
  fires(fx, SDQ_FIELD_BUYER_NAME, 0, "\xD9\xA1\xD9\xA2\xD9\xA3\xD9\xA4\xD9\xA5",
        "validity.junk_text", SDQ_SEVERITY_ERROR, "is only digits");
  fires(fx, SDQ_FIELD_BUYER_NAME, 0,
        "\xE0\xA5\xA7\xE0\xA5\xA8\xE0\xA5\xA9\xE0\xA5\xAA",
        "validity.junk_text", SDQ_SEVERITY_ERROR, "is only digits");
}

/* lib/check/validity.c, check_hs(): a code of 11 to 16 digits gets the
 * message for codes that are too short: "hs_code \"851713000000\" has 12
 * digits; at least the 6 digits of the subheading are needed", which
 * tells the sender to add digits to a code that has too many. */
static void regression_hs_too_long_message(void **state) {
  fixture *fx = *state;
  const sdq_finding *f =
      fires(fx, SDQ_FIELD_HS_CODE, 0, "851713000000", "validity.hs_code",
            SDQ_SEVERITY_ERROR, "has 12 digits");
  if (strstr(f->message, "at least") || !strstr(f->message, "10"))
    fail_msg("message for a 12-digit code: \"%s\"; want it to say that at "
             "most 10 digits are allowed",
             f->message);
}

/* ------------------------------------------------------------------------ */

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_catalogue_covered),
      T(test_clean_record),
      T(test_clean_record_every_builtin),
      T(test_junk_text_fires),
      T(test_junk_text_passes),
      T(test_junk_text_other_fields_not_judged),
      T(test_country_fires),
      T(test_country_passes),
      T(test_currency),
      T(test_hs_edition),
      T(test_hs_format),
      T(test_number_passes),
      T(test_number_fires),
      T(test_date),
      T(test_s10),
      T(test_awb),
      T(test_container),
      T(test_eori),
      T(test_locode),
      T(test_postcode),
      T(test_email),
      T(test_phone),
      T(test_total_value),
      T(test_total_value_minor_units),
      T(test_total_value_not_checked),
      T(test_weight_net_gross),
      T(test_weight_per_piece),
      cmocka_unit_test(test_weight_param_errors),
      T(test_destination),
      T(test_location_country),
      T(test_dates_order),
      T(test_dates_future),
      T(test_dates_no_reference),
      T(test_currency_precision),
      T(test_duplicate_shipment_id),
      T(test_duplicate_normalised),
      T(test_duplicate_batches_separate),
      T(test_duplicate_max_ids),
      T(test_vague_fires),
      T(test_vague_passes),
      T(test_profile_disables_rule),
      T(test_profile_severity_weight),
      T(test_profile_levels),
      cmocka_unit_test(test_profile_errors),
      cmocka_unit_test(test_builtin_profiles),
      cmocka_unit_test(test_extends_chain),
      T(test_one_of_group),
  };
  const struct CMUnitTest regressions[] = {
      T(regression_eori_xi_northern_ireland),
      T(regression_severity_raise_ignored),
      T(regression_disabled_rule_still_fails_checks),
      T(regression_vague_singular_of_plural_term),
      T(regression_vague_ies_plural),
      T(regression_vague_terms_out_of_order),
      T(regression_vague_padded),
      T(regression_junk_non_ascii_digits),
      T(regression_hs_too_long_message),
  };
  int failed = cmocka_run_group_tests_name("rules", tests, NULL, NULL);
  failed += cmocka_run_group_tests_name("regressions", regressions, NULL, NULL);
  return failed;
}
