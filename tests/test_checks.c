/*
 * The completeness rules (completeness.missing, completeness.placeholder)
 * with the core profile, their scores and metrics, through the public API.
 *
 * The core profile requires shipment_id, seller_name, seller_country,
 * buyer_name, buyer_address, buyer_country, gross_weight, total_value,
 * currency and, on each item, description.
 *
 * The group "regressions" holds tests of bugs that were found and fixed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "sdq.h"

#define S(lit) (lit), (sizeof(lit) - 1)

/* |x| and x^n without libm. */
static double dabs(double x) { return x < 0 ? -x : x; }
static double powi(double x, double n) {
  double r = 1.0;
  for (int i = 0; i < (int)n; i++)
    r *= x;
  return r;
}

/* ------------------------------------------------------------------------ */
/* Fixture                                                                   */
/* ------------------------------------------------------------------------ */

typedef struct fixture {
  sdq_engine *engine;
  sdq_record *rec;
  sdq_batch *batch;
  sdq_result *res;
  size_t rule_missing, rule_placeholder;
} fixture;

static int setup(void **state) {
  fixture *fx = calloc(1, sizeof *fx);
  if (!fx)
    return -1;
  sdq_config *c = NULL;
  /* The core profile without uniqueness: these tests assess the same
   * record again and again in one batch. */
  static const char doc[] = "{\"name\": \"core-once\", \"extends\": \"core\",\n"
                            " \"rules\": {\"uniqueness.duplicate_id\": false}}";
  if (sdq_config_new(NULL, &c) != SDQ_OK ||
      sdq_config_load_profile(c, doc, sizeof doc - 1, NULL) != SDQ_OK ||
      sdq_engine_new(c, &fx->engine, NULL) != SDQ_OK ||
      sdq_record_new(fx->engine, &fx->rec) != SDQ_OK ||
      sdq_batch_new(fx->engine, &fx->batch) != SDQ_OK ||
      sdq_result_new(fx->engine, &fx->res) != SDQ_OK ||
      sdq_rule_find("completeness.missing", &fx->rule_missing) != SDQ_OK ||
      sdq_rule_find("completeness.placeholder", &fx->rule_placeholder) !=
          SDQ_OK) {
    sdq_config_free(c);
    return -1;
  }
  sdq_config_free(c);
  *state = fx;
  return 0;
}

static int teardown(void **state) {
  fixture *fx = *state;
  sdq_result_free(fx->res);
  sdq_batch_free(fx->batch);
  sdq_record_free(fx->rec);
  sdq_engine_free(fx->engine);
  free(fx);
  return 0;
}

static const sdq_field REQUIRED[] = {
    SDQ_FIELD_SHIPMENT_ID,  SDQ_FIELD_SELLER_NAME,   SDQ_FIELD_SELLER_COUNTRY,
    SDQ_FIELD_BUYER_NAME,   SDQ_FIELD_BUYER_ADDRESS, SDQ_FIELD_BUYER_COUNTRY,
    SDQ_FIELD_GROSS_WEIGHT, SDQ_FIELD_TOTAL_VALUE,   SDQ_FIELD_CURRENCY};
#define REQUIRED_COUNT (sizeof REQUIRED / sizeof REQUIRED[0])

static void set_str(sdq_record *r, sdq_field f, const char *value) {
  assert_int_equal(sdq_record_set(r, f, value, strlen(value)), SDQ_OK);
}

static void set_item(sdq_record *r, size_t item, sdq_field f,
                     const char *value) {
  assert_int_equal(sdq_record_set_item(r, item, f, value, strlen(value)),
                   SDQ_OK);
}

/* Every required consignment field, without any item. */
static void fill_consignment(sdq_record *r) {
  set_str(r, SDQ_FIELD_SHIPMENT_ID, "SHP-2026-000001");
  set_str(r, SDQ_FIELD_SELLER_NAME, "Shenzhen Bright Electronics Co., Ltd");
  set_str(r, SDQ_FIELD_SELLER_COUNTRY, "CN");
  set_str(r, SDQ_FIELD_BUYER_NAME, "Erika Mustermann");
  set_str(r, SDQ_FIELD_BUYER_ADDRESS, "Heidestrasse 17, 51147 Koeln");
  set_str(r, SDQ_FIELD_BUYER_COUNTRY, "DE");
  set_str(r, SDQ_FIELD_GROSS_WEIGHT, "0.42");
  set_str(r, SDQ_FIELD_TOTAL_VALUE, "23.90");
  set_str(r, SDQ_FIELD_CURRENCY, "EUR");
}

/* A complete record: every required field and one described item. */
static void fill_complete(sdq_record *r) {
  sdq_record_clear(r);
  fill_consignment(r);
  set_str(r, SDQ_FIELD_DESCRIPTION, "Bluetooth wireless earphones");
}

static void assess(fixture *fx) {
  assert_int_equal(sdq_batch_assess(fx->batch, fx->rec, fx->res), SDQ_OK);
}

/* Findings of the completeness rules only, so that these tests do not
 * depend on the findings of other dimensions' rules. */
static size_t ccount(const sdq_result *res) {
  size_t n = 0;
  for (size_t i = 0; i < sdq_result_finding_count(res); i++)
    n += sdq_result_finding(res, i)->dimension == SDQ_DIM_COMPLETENESS;
  return n;
}

static const sdq_finding *cfinding(const sdq_result *res, size_t k) {
  for (size_t i = 0; i < sdq_result_finding_count(res); i++) {
    const sdq_finding *f = sdq_result_finding(res, i);
    if (f->dimension == SDQ_DIM_COMPLETENESS && k-- == 0)
      return f;
  }
  return NULL;
}

/* Quality of the completeness dimension. */
static double cquality(const sdq_result *res) {
  return sdq_result_dimension_quality(res, SDQ_DIM_COMPLETENESS, NULL, NULL);
}

static const sdq_finding *only_finding(fixture *fx) {
  assert_int_equal(ccount(fx->res), 1);
  const sdq_finding *f = cfinding(fx->res, 0);
  assert_non_null(f);
  assert_null(cfinding(fx->res, 1));
  return f;
}

/* The scores of a record whose only findings are completeness findings. */
static void expect_only_completeness(fixture *fx) {
  assert_int_equal(sdq_result_finding_count(fx->res), ccount(fx->res));
}

static void expect_contains(const char *haystack, const char *needle) {
  assert_non_null(haystack);
  if (!strstr(haystack, needle))
    fail_msg("\"%s\" does not contain \"%s\"", haystack, needle);
}

/* Risk as the header defines it, from the findings' own weights. */
static double risk_from_findings(const sdq_result *res) {
  double keep = 1.0;
  for (size_t i = 0; i < sdq_result_finding_count(res); i++)
    keep *= 1.0 - sdq_result_finding(res, i)->weight;
  return 100.0 * (1.0 - keep);
}

/* ------------------------------------------------------------------------ */
/* completeness.missing                                                      */
/* ------------------------------------------------------------------------ */

static void test_complete_record_passes(void **state) {
  fixture *fx = *state;
  fill_complete(fx->rec);
  assess(fx);
  assert_int_equal(sdq_result_finding_count(fx->res), 0);
  assert_true(sdq_result_quality(fx->res) == 100.0);
  assert_true(sdq_result_risk(fx->res) == 0.0);
  assert_int_equal(sdq_result_level(fx->res), SDQ_LEVEL_LOW);
}

static void test_each_required_absent(void **state) {
  fixture *fx = *state;
  for (size_t i = 0; i < REQUIRED_COUNT; i++) {
    sdq_field field = REQUIRED[i];
    fill_complete(fx->rec);
    assert_int_equal(sdq_record_unset(fx->rec, field), SDQ_OK);
    assess(fx);
    const sdq_finding *f = only_finding(fx);
    assert_int_equal(f->rule, fx->rule_missing);
    assert_int_equal(f->dimension, SDQ_DIM_COMPLETENESS);
    assert_int_equal(f->severity, SDQ_SEVERITY_ERROR);
    assert_int_equal(f->field, field);
    assert_int_equal(f->item, SDQ_NO_ITEM);
    assert_null(f->value);
    assert_int_equal(f->value_len, 0);
    assert_true(f->weight > 0.0 && f->weight <= 1.0);
    expect_contains(f->message, sdq_field_name(field));
    expect_contains(f->message, "missing");
    /* One failed check out of ten. */
    uint32_t made = 0, passed = 0;
    sdq_result_dimension_quality(fx->res, SDQ_DIM_COMPLETENESS, &made, &passed);
    assert_int_equal(made, 10);
    assert_int_equal(passed, 9);
    assert_true(dabs(cquality(fx->res) - 90.0) < 1e-9);
  }
  /* The description of an item that exists but lacks it. */
  sdq_record_clear(fx->rec);
  fill_consignment(fx->rec);
  set_str(fx->rec, SDQ_FIELD_HS_CODE, "851830"); /* creates item 0 */
  assess(fx);
  const sdq_finding *f = only_finding(fx);
  assert_int_equal(f->rule, fx->rule_missing);
  assert_int_equal(f->field, SDQ_FIELD_DESCRIPTION);
  assert_int_equal(f->item, 0);
  assert_int_equal(f->severity, SDQ_SEVERITY_ERROR);
  assert_null(f->value);
  expect_contains(f->message, "description");
}

static void test_each_required_blank(void **state) {
  fixture *fx = *state;
  static const char *const blanks[] = {"",       " ",    "   ", "\t",
                                       " \t \t", "\r\n", " \n "};
  for (size_t b = 0; b < sizeof blanks / sizeof blanks[0]; b++) {
    const char *blank = blanks[b];
    for (size_t i = 0; i < REQUIRED_COUNT; i++) {
      sdq_field field = REQUIRED[i];
      fill_complete(fx->rec);
      set_str(fx->rec, field, blank);
      assess(fx);
      const sdq_finding *f = only_finding(fx);
      assert_int_equal(f->rule, fx->rule_missing);
      assert_int_equal(f->severity, SDQ_SEVERITY_ERROR);
      assert_int_equal(f->field, field);
      assert_int_equal(f->item, SDQ_NO_ITEM);
      /* Present but blank: the value is given, as it was. */
      assert_non_null(f->value);
      assert_int_equal(f->value_len, strlen(blank));
      assert_memory_equal(f->value, blank, f->value_len);
      assert_int_equal(f->value[f->value_len], '\0');
      expect_contains(f->message, sdq_field_name(field));
      expect_contains(f->message, "empty");
    }
    /* A blank description. */
    fill_complete(fx->rec);
    set_str(fx->rec, SDQ_FIELD_DESCRIPTION, blank);
    assess(fx);
    const sdq_finding *f = only_finding(fx);
    assert_int_equal(f->rule, fx->rule_missing);
    assert_int_equal(f->field, SDQ_FIELD_DESCRIPTION);
    assert_int_equal(f->item, 0);
    assert_non_null(f->value);
    assert_string_equal(f->value, blank);
  }
}

static void test_items_missing_description(void **state) {
  fixture *fx = *state;
  /* Item 2 of 3 (index 1), then the third (index 2), then both. */
  for (int missing_mask = 1; missing_mask <= 3; missing_mask++) {
    sdq_record_clear(fx->rec);
    fill_consignment(fx->rec);
    for (size_t i = 0; i < 3; i++) {
      size_t idx = 99;
      assert_int_equal(sdq_record_add_item(fx->rec, &idx), SDQ_OK);
      assert_int_equal(idx, i);
      set_item(fx->rec, i, SDQ_FIELD_QUANTITY, "1");
      int lacks =
          (i == 1 && (missing_mask & 1)) || (i == 2 && (missing_mask & 2));
      if (!lacks)
        set_item(fx->rec, i, SDQ_FIELD_DESCRIPTION, "Cotton T-shirt");
    }
    assess(fx);
    size_t want = missing_mask == 3 ? 2 : 1;
    assert_int_equal(ccount(fx->res), want);
    const sdq_finding *f = cfinding(fx->res, 0);
    assert_int_equal(f->rule, fx->rule_missing);
    assert_int_equal(f->field, SDQ_FIELD_DESCRIPTION);
    assert_int_equal(f->item, missing_mask == 2 ? 2 : 1);
    assert_null(f->value);
    if (want == 2) {
      f = cfinding(fx->res, 1);
      assert_int_equal(f->field, SDQ_FIELD_DESCRIPTION);
      assert_int_equal(f->item, 2);
    }
    /* 9 consignment checks; per item description + quantity. */
    uint32_t made = 0, passed = 0;
    sdq_result_dimension_quality(fx->res, SDQ_DIM_COMPLETENESS, &made, &passed);
    assert_int_equal(made, 9 + 3 * 2);
    assert_int_equal(passed, 9 + 3 * 2 - want);
  }
}

static void test_no_items(void **state) {
  fixture *fx = *state;
  sdq_record_clear(fx->rec);
  fill_consignment(fx->rec);
  assert_int_equal(sdq_record_item_count(fx->rec), 0);
  assess(fx);
  const sdq_finding *f = only_finding(fx);
  assert_int_equal(f->rule, fx->rule_missing);
  assert_int_equal(f->dimension, SDQ_DIM_COMPLETENESS);
  assert_int_equal(f->severity, SDQ_SEVERITY_ERROR);
  assert_int_equal(f->field, SDQ_FIELD_DESCRIPTION);
  assert_int_equal(f->item, SDQ_NO_ITEM);
  assert_null(f->value);
  assert_int_equal(f->value_len, 0);
  expect_contains(f->message, "description");
  uint32_t made = 0, passed = 0;
  sdq_result_dimension_quality(fx->res, SDQ_DIM_COMPLETENESS, &made, &passed);
  assert_int_equal(made, 10);
  assert_int_equal(passed, 9);
}

/* ------------------------------------------------------------------------ */
/* completeness.placeholder                                                  */
/* ------------------------------------------------------------------------ */

static const char *const PLACEHOLDERS[] = {
    "N/A",     "n/a",     " n.a. ", "NA",  "none",    "NONE",
    "unknown", "Unknown", "TBA",    "TBD", "-",       "?",
    "xxx",     "XXX",     "test",   "0",   "\tN/A\t", "  Unknown  ",
    "Test",    "n.a",     "NULL",   "tbc", "---"};

static void test_placeholders_fire(void **state) {
  fixture *fx = *state;
  double w_required = -1;
  for (size_t i = 0; i < sizeof PLACEHOLDERS / sizeof PLACEHOLDERS[0]; i++) {
    const char *p = PLACEHOLDERS[i];
    fill_complete(fx->rec);
    set_str(fx->rec, SDQ_FIELD_SELLER_NAME, p);
    assess(fx);
    if (ccount(fx->res) != 1)
      fail_msg("seller_name \"%s\": %zu findings, want 1", p, ccount(fx->res));
    const sdq_finding *f = cfinding(fx->res, 0);
    if (f->rule != fx->rule_placeholder)
      fail_msg("seller_name \"%s\": rule %s", p, sdq_rule_id(f->rule));
    assert_int_equal(f->dimension, SDQ_DIM_COMPLETENESS);
    assert_int_equal(f->severity, SDQ_SEVERITY_ERROR); /* a required field */
    assert_int_equal(f->field, SDQ_FIELD_SELLER_NAME);
    assert_int_equal(f->item, SDQ_NO_ITEM);
    /* The value as given, untrimmed. */
    assert_non_null(f->value);
    assert_int_equal(f->value_len, strlen(p));
    assert_string_equal(f->value, p);
    expect_contains(f->message, "seller_name");
    expect_contains(f->message, "placeholder");
    assert_true(f->weight > 0.0 && f->weight <= 1.0);
    if (w_required < 0)
      w_required = f->weight;
    assert_true(f->weight == w_required);
    /* The check failed. */
    uint32_t made = 0, passed = 0;
    sdq_result_dimension_quality(fx->res, SDQ_DIM_COMPLETENESS, &made, &passed);
    assert_int_equal(made, 10);
    assert_int_equal(passed, 9);
  }
  /* Placeholders in number fields: only "0" is a value there. */
  static const char *const number_placeholders[] = {"N/A", "-", "?", "TBD"};
  for (size_t i = 0; i < 4; i++) {
    fill_complete(fx->rec);
    set_str(fx->rec, SDQ_FIELD_GROSS_WEIGHT, number_placeholders[i]);
    assess(fx);
    const sdq_finding *f = only_finding(fx);
    assert_int_equal(f->rule, fx->rule_placeholder);
    assert_int_equal(f->field, SDQ_FIELD_GROSS_WEIGHT);
    assert_int_equal(f->severity, SDQ_SEVERITY_ERROR);
  }
  /* The same in a required item field. */
  fill_complete(fx->rec);
  set_str(fx->rec, SDQ_FIELD_DESCRIPTION, "  TBA");
  assess(fx);
  const sdq_finding *f = only_finding(fx);
  assert_int_equal(f->rule, fx->rule_placeholder);
  assert_int_equal(f->field, SDQ_FIELD_DESCRIPTION);
  assert_int_equal(f->item, 0);
  assert_int_equal(f->severity, SDQ_SEVERITY_ERROR);
  assert_string_equal(f->value, "  TBA");
}

static void test_placeholders_do_not_fire(void **state) {
  fixture *fx = *state;
  static const struct {
    sdq_field field;
    const char *value;
  } cases[] = {
      {SDQ_FIELD_SELLER_NAME, "Nana Unknownson"},
      {SDQ_FIELD_SELLER_NAME, "Test Labs GmbH"},
      {SDQ_FIELD_SELLER_NAME, "None Such Ltd"},
      {SDQ_FIELD_SELLER_NAME, "0.5"},
      {SDQ_FIELD_SELLER_NAME, "10"},
      {SDQ_FIELD_SELLER_NAME, "N/A Trading"},
      {SDQ_FIELD_SELLER_NAME, "00"},
      {SDQ_FIELD_SELLER_NAME, "Nana"},
      {SDQ_FIELD_SELLER_NAME, "N/A-Trading"},
      {SDQ_FIELD_SELLER_NAME, "Xavier"},
      {SDQ_FIELD_BUYER_NAME, "Testa"},
      {SDQ_FIELD_BUYER_COUNTRY, "NA"}, /* Namibia */
      {SDQ_FIELD_BUYER_COUNTRY, "na"},
      {SDQ_FIELD_SELLER_COUNTRY, "NA"},
      {SDQ_FIELD_GROSS_WEIGHT, "0"}, /* a number: validity judges it */
      {SDQ_FIELD_TOTAL_VALUE, "0"},
      {SDQ_FIELD_TOTAL_VALUE, "0.00"},
      {SDQ_FIELD_SHIPMENT_ID, "TEST-0001"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    fill_complete(fx->rec);
    set_str(fx->rec, cases[i].field, cases[i].value);
    assess(fx);
    if (ccount(fx->res) != 0)
      fail_msg("%s \"%s\": %zu findings (%s), want none",
               sdq_field_name(cases[i].field), cases[i].value, ccount(fx->res),
               sdq_rule_id(cfinding(fx->res, 0)->rule));
    assert_true(cquality(fx->res) == 100.0);
  }
  /* Item number fields: "0" is a value too. */
  fill_complete(fx->rec);
  set_str(fx->rec, SDQ_FIELD_QUANTITY, "0");
  set_str(fx->rec, SDQ_FIELD_NET_WEIGHT, "0");
  set_str(fx->rec, SDQ_FIELD_ORIGIN_COUNTRY, "NA");
  assess(fx);
  assert_int_equal(ccount(fx->res), 0);
}

static void test_placeholder_optional_field(void **state) {
  fixture *fx = *state;
  /* The weight of the rule in a required field. */
  fill_complete(fx->rec);
  set_str(fx->rec, SDQ_FIELD_BUYER_NAME, "unknown");
  assess(fx);
  const sdq_finding *f = only_finding(fx);
  assert_int_equal(f->severity, SDQ_SEVERITY_ERROR);
  const double w = f->weight;
  assert_true(w > 0.0);

  fill_complete(fx->rec);
  set_str(fx->rec, SDQ_FIELD_SELLER_CITY, "unknown");
  assess(fx);
  f = only_finding(fx);
  assert_int_equal(f->rule, fx->rule_placeholder);
  assert_int_equal(f->severity, SDQ_SEVERITY_WARNING);
  assert_int_equal(f->field, SDQ_FIELD_SELLER_CITY);
  assert_int_equal(f->item, SDQ_NO_ITEM);
  assert_string_equal(f->value, "unknown");
  assert_true(f->weight == w / 2);
  expect_only_completeness(fx);
  assert_true(dabs(sdq_result_risk(fx->res) - 100.0 * w / 2) < 1e-9);
  uint32_t made = 0, passed = 0;
  sdq_result_dimension_quality(fx->res, SDQ_DIM_COMPLETENESS, &made, &passed);
  assert_int_equal(made, 11); /* a present optional field is checked */
  assert_int_equal(passed, 10);

  /* An optional item field. */
  fill_complete(fx->rec);
  set_str(fx->rec, SDQ_FIELD_HS_CODE, "N/A");
  assess(fx);
  f = only_finding(fx);
  assert_int_equal(f->rule, fx->rule_placeholder);
  assert_int_equal(f->severity, SDQ_SEVERITY_WARNING);
  assert_int_equal(f->field, SDQ_FIELD_HS_CODE);
  assert_int_equal(f->item, 0);
  assert_true(f->weight == w / 2);

  /* A blank optional field is neither a finding nor a check. */
  fill_complete(fx->rec);
  set_str(fx->rec, SDQ_FIELD_SELLER_CITY, "  ");
  set_str(fx->rec, SDQ_FIELD_HS_CODE, "");
  assess(fx);
  assert_int_equal(ccount(fx->res), 0);
  sdq_result_dimension_quality(fx->res, SDQ_DIM_COMPLETENESS, &made, &passed);
  assert_int_equal(made, 10);
  assert_int_equal(passed, 10);
}

/* ------------------------------------------------------------------------ */
/* Scores                                                                    */
/* ------------------------------------------------------------------------ */

/* A complete record with the first n required consignment fields absent. */
static void fill_missing(fixture *fx, size_t n) {
  fill_complete(fx->rec);
  for (size_t i = 0; i < n; i++)
    assert_int_equal(sdq_record_unset(fx->rec, REQUIRED[i]), SDQ_OK);
}

static void test_risk_formula(void **state) {
  fixture *fx = *state;
  for (size_t n = 0; n <= REQUIRED_COUNT; n++) {
    fill_missing(fx, n);
    assess(fx);
    expect_only_completeness(fx);
    assert_int_equal(ccount(fx->res), n);
    double w = n ? cfinding(fx->res, 0)->weight : 0.0;
    for (size_t i = 0; i < n; i++)
      assert_true(cfinding(fx->res, i)->weight == w);
    double want = 100.0 * (1.0 - powi(1.0 - w, (double)n));
    double got = sdq_result_risk(fx->res);
    if (dabs(got - want) > 1e-9)
      fail_msg("n=%zu w=%g: risk %.12f, want %.12f", n, w, got, want);
    assert_true(got >= 0.0 && got <= 100.0);
  }
  /* Mixed weights: required and optional placeholders and missing. */
  fill_missing(fx, 2);
  set_str(fx->rec, SDQ_FIELD_SELLER_CITY, "TBA");
  set_str(fx->rec, SDQ_FIELD_PLATFORM_ID, "none");
  set_str(fx->rec, SDQ_FIELD_BUYER_NAME, "xxx");
  assess(fx);
  expect_only_completeness(fx);
  assert_int_equal(ccount(fx->res), 5);
  assert_true(dabs(sdq_result_risk(fx->res) - risk_from_findings(fx->res)) <
              1e-9);
  /* Everything missing and every optional field a placeholder: the risk
   * stays within 0..100. */
  sdq_record_clear(fx->rec);
  for (int f = 0; f < SDQ_CONSIGNMENT_FIELD_COUNT; f++)
    set_str(fx->rec, (sdq_field)f, "?");
  for (int i = 0; i < 50; i++) {
    size_t idx;
    assert_int_equal(sdq_record_add_item(fx->rec, &idx), SDQ_OK);
    for (int k = 0; k < SDQ_ITEM_FIELD_COUNT; k++)
      set_item(fx->rec, idx, (sdq_field)(SDQ_ITEM_FIELD_BASE + k), "n/a");
  }
  assess(fx);
  assert_int_equal(ccount(fx->res), 34 + 50 * 6);
  double risk = sdq_result_risk(fx->res);
  assert_true(risk <= 100.0 && risk > 99.0);
  assert_true(dabs(risk - risk_from_findings(fx->res)) < 1e-9);
  assert_int_equal(sdq_result_level(fx->res), SDQ_LEVEL_HIGH);
  assert_true(cquality(fx->res) == 0.0);
}

static void test_levels(void **state) {
  fixture *fx = *state;
  static const struct {
    size_t missing;
    sdq_level level;
  } cases[] = {
      {0, SDQ_LEVEL_LOW},    {1, SDQ_LEVEL_LOW},    {2, SDQ_LEVEL_MEDIUM},
      {3, SDQ_LEVEL_MEDIUM}, {4, SDQ_LEVEL_MEDIUM}, {5, SDQ_LEVEL_HIGH},
      {9, SDQ_LEVEL_HIGH},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    fill_missing(fx, cases[i].missing);
    assess(fx);
    expect_only_completeness(fx);
    double risk = sdq_result_risk(fx->res);
    sdq_level want = risk >= 50.0   ? SDQ_LEVEL_HIGH
                     : risk >= 25.0 ? SDQ_LEVEL_MEDIUM
                                    : SDQ_LEVEL_LOW;
    /* The thresholds and the expected table agree. */
    assert_int_equal(want, cases[i].level);
    if (sdq_result_level(fx->res) != cases[i].level)
      fail_msg("%zu missing: risk %g, level %s, want %s", cases[i].missing,
               risk, sdq_level_name(sdq_result_level(fx->res)),
               sdq_level_name(cases[i].level));
  }
}

/* The record the quality and order tests use:
 * - required: seller_name "N/A" (placeholder), buyer_address and
 *   total_value absent, the 6 others present;
 * - optional: seller_city, buyer_email present, platform_id "unknown"
 *   (placeholder), buyer_phone "" (blank: no check);
 * - item 0: description and hs_code present; item 1: description "" and
 *   quantity present.
 * Checks: 9 required + 3 optional non-blank + 2 + 2 item fields = 16;
 * passed: 6 + 2 + 2 + 1 = 11. */
static void fill_quality_record(fixture *fx) {
  sdq_record *r = fx->rec;
  sdq_record_clear(r);
  set_str(r, SDQ_FIELD_SHIPMENT_ID, "S1");
  set_str(r, SDQ_FIELD_SELLER_NAME, "N/A");
  set_str(r, SDQ_FIELD_SELLER_COUNTRY, "CN");
  set_str(r, SDQ_FIELD_BUYER_NAME, "Jane Doe");
  set_str(r, SDQ_FIELD_BUYER_COUNTRY, "DE");
  set_str(r, SDQ_FIELD_GROSS_WEIGHT, "1.2");
  set_str(r, SDQ_FIELD_CURRENCY, "EUR");
  set_str(r, SDQ_FIELD_SELLER_CITY, "Shenzhen");
  set_str(r, SDQ_FIELD_BUYER_EMAIL, "jane@example.com");
  set_str(r, SDQ_FIELD_PLATFORM_ID, "unknown");
  set_str(r, SDQ_FIELD_BUYER_PHONE, "");
  set_str(r, SDQ_FIELD_DESCRIPTION, "Phone");
  set_str(r, SDQ_FIELD_HS_CODE, "851713");
  size_t idx;
  assert_int_equal(sdq_record_add_item(r, &idx), SDQ_OK);
  assert_int_equal(idx, 1);
  set_item(r, 1, SDQ_FIELD_DESCRIPTION, "");
  set_item(r, 1, SDQ_FIELD_QUANTITY, "2");
}

static void test_quality_counts(void **state) {
  fixture *fx = *state;
  fill_quality_record(fx);
  assess(fx);
  uint32_t made = 0, passed = 0;
  double q = sdq_result_dimension_quality(fx->res, SDQ_DIM_COMPLETENESS, &made,
                                          &passed);
  assert_int_equal(made, 16);
  assert_int_equal(passed, 11);
  assert_true(dabs(q - 100.0 * 11 / 16) < 1e-9);
  assert_true(dabs(q - 68.75) < 1e-9);
  /* Overall quality: passed over made, summed over the dimensions. */
  uint32_t all_made = 0, all_passed = 0;
  for (int d = 0; d < SDQ_DIMENSION_COUNT; d++) {
    double dq =
        sdq_result_dimension_quality(fx->res, (sdq_dimension)d, &made, &passed);
    assert_true(passed <= made);
    assert_true(dabs(dq - (made ? 100.0 * passed / made : 100.0)) < 1e-9);
    all_made += made;
    all_passed += passed;
  }
  assert_true(
      dabs(sdq_result_quality(fx->res) - 100.0 * all_passed / all_made) < 1e-9);
  /* Fixing the placeholder turns one failed check into a passed one. */
  set_str(fx->rec, SDQ_FIELD_PLATFORM_ID, "AliExpress");
  assess(fx);
  sdq_result_dimension_quality(fx->res, SDQ_DIM_COMPLETENESS, &made, &passed);
  assert_int_equal(made, 16);
  assert_int_equal(passed, 12);
  assert_true(dabs(cquality(fx->res) - 75.0) < 1e-9);
  /* Removing an optional field removes its check. */
  assert_int_equal(sdq_record_unset(fx->rec, SDQ_FIELD_PLATFORM_ID), SDQ_OK);
  assess(fx);
  sdq_result_dimension_quality(fx->res, SDQ_DIM_COMPLETENESS, &made, &passed);
  assert_int_equal(made, 15);
  assert_int_equal(passed, 11);
}

static void test_findings_order(void **state) {
  fixture *fx = *state;
  fill_quality_record(fx);
  assess(fx);
  expect_only_completeness(fx);
  static const struct {
    sdq_field field;
    int32_t item;
    int placeholder;
    sdq_severity severity;
  } want[] = {
      {SDQ_FIELD_SELLER_NAME, SDQ_NO_ITEM, 1, SDQ_SEVERITY_ERROR},
      {SDQ_FIELD_BUYER_ADDRESS, SDQ_NO_ITEM, 0, SDQ_SEVERITY_ERROR},
      {SDQ_FIELD_PLATFORM_ID, SDQ_NO_ITEM, 1, SDQ_SEVERITY_WARNING},
      {SDQ_FIELD_TOTAL_VALUE, SDQ_NO_ITEM, 0, SDQ_SEVERITY_ERROR},
      {SDQ_FIELD_DESCRIPTION, 1, 0, SDQ_SEVERITY_ERROR},
  };
  const size_t n = sizeof want / sizeof want[0];
  assert_int_equal(ccount(fx->res), n);
  for (size_t i = 0; i < n; i++) {
    const sdq_finding *f = cfinding(fx->res, i);
    assert_int_equal(f->field, want[i].field);
    assert_int_equal(f->item, want[i].item);
    assert_int_equal(f->rule, want[i].placeholder ? fx->rule_placeholder
                                                  : fx->rule_missing);
    assert_int_equal(f->severity, want[i].severity);
  }
  assert_string_equal(cfinding(fx->res, 0)->value, "N/A");
  assert_null(cfinding(fx->res, 1)->value);
  assert_string_equal(cfinding(fx->res, 2)->value, "unknown");
  assert_null(cfinding(fx->res, 3)->value);
  assert_string_equal(cfinding(fx->res, 4)->value, "");
  double w = cfinding(fx->res, 0)->weight;
  double want_risk = 100.0 * (1.0 - powi(1.0 - w, 4) * (1.0 - w / 2));
  assert_true(dabs(sdq_result_risk(fx->res) - want_risk) < 1e-9);
  assert_true(dabs(sdq_result_risk(fx->res) - risk_from_findings(fx->res)) <
              1e-9);

  /* Setting fields in another order does not change the order. */
  sdq_record_clear(fx->rec);
  assert_int_equal(sdq_record_add_item(fx->rec, NULL), SDQ_OK);
  assert_int_equal(sdq_record_add_item(fx->rec, NULL), SDQ_OK);
  set_item(fx->rec, 1, SDQ_FIELD_HS_CODE, "tbd");
  set_item(fx->rec, 0, SDQ_FIELD_ORIGIN_COUNTRY, "unknown");
  set_str(fx->rec, SDQ_FIELD_BUYER_CITY, "?");
  set_str(fx->rec, SDQ_FIELD_SELLER_CITY, "xxx");
  fill_consignment(fx->rec);
  set_str(fx->rec, SDQ_FIELD_SHIPMENT_ID, "none");
  assess(fx);
  static const struct {
    sdq_field field;
    int32_t item;
  } want2[] = {
      {SDQ_FIELD_SHIPMENT_ID, SDQ_NO_ITEM},
      {SDQ_FIELD_SELLER_CITY, SDQ_NO_ITEM},
      {SDQ_FIELD_BUYER_CITY, SDQ_NO_ITEM},
      {SDQ_FIELD_DESCRIPTION, 0},
      {SDQ_FIELD_ORIGIN_COUNTRY, 0},
      {SDQ_FIELD_DESCRIPTION, 1},
      {SDQ_FIELD_HS_CODE, 1},
  };
  assert_int_equal(ccount(fx->res), sizeof want2 / sizeof want2[0]);
  for (size_t i = 0; i < sizeof want2 / sizeof want2[0]; i++) {
    const sdq_finding *f = cfinding(fx->res, i);
    assert_int_equal(f->field, want2[i].field);
    assert_int_equal(f->item, want2[i].item);
  }
}

/* ------------------------------------------------------------------------ */
/* Metrics                                                                   */
/* ------------------------------------------------------------------------ */

static void expect_counts(const sdq_metrics *m, sdq_field field,
                          uint64_t present, uint64_t missing,
                          uint64_t placeholder, uint64_t required) {
  sdq_field_counts fc;
  memset(&fc, 0x5a, sizeof fc);
  assert_int_equal(sdq_metrics_field(m, field, &fc), SDQ_OK);
  if (fc.present != present || fc.missing != missing ||
      fc.placeholder != placeholder || fc.required != required ||
      fc.occurrences != present + missing + placeholder)
    fail_msg("%s: present %llu missing %llu placeholder %llu occurrences "
             "%llu required %llu; want %llu %llu %llu %llu %llu",
             sdq_field_name(field), (unsigned long long)fc.present,
             (unsigned long long)fc.missing, (unsigned long long)fc.placeholder,
             (unsigned long long)fc.occurrences,
             (unsigned long long)fc.required, (unsigned long long)present,
             (unsigned long long)missing, (unsigned long long)placeholder,
             (unsigned long long)(present + missing + placeholder),
             (unsigned long long)required);
}

static void test_metrics_several_records(void **state) {
  fixture *fx = *state;
  sdq_record *r = fx->rec;
  /* R1: complete, seller_city present. */
  fill_complete(r);
  set_str(r, SDQ_FIELD_SELLER_CITY, "Shenzhen");
  assess(fx);
  assert_int_equal(ccount(fx->res), 0);
  /* R2: seller_name placeholder, buyer_address blank, three items: item 1
   * description a placeholder, item 2 without description. */
  fill_complete(r);
  set_str(r, SDQ_FIELD_SELLER_NAME, "unknown");
  set_str(r, SDQ_FIELD_BUYER_ADDRESS, " ");
  assert_int_equal(sdq_record_add_item(r, NULL), SDQ_OK);
  set_item(r, 1, SDQ_FIELD_DESCRIPTION, "N/A");
  assert_int_equal(sdq_record_add_item(r, NULL), SDQ_OK);
  set_item(r, 2, SDQ_FIELD_QUANTITY, "4");
  assess(fx);
  assert_int_equal(ccount(fx->res), 4);
  /* R3: no items, seller_name absent, seller_city a placeholder. */
  sdq_record_clear(r);
  fill_consignment(r);
  assert_int_equal(sdq_record_unset(r, SDQ_FIELD_SELLER_NAME), SDQ_OK);
  set_str(r, SDQ_FIELD_SELLER_CITY, "TBA");
  assess(fx);
  assert_int_equal(ccount(fx->res), 3);
  /* One rejected record. */
  assert_int_equal(sdq_batch_reject(fx->batch, NULL), SDQ_OK);

  const sdq_metrics *m = sdq_batch_metrics(fx->batch);
  sdq_record_counts rc;
  assert_int_equal(sdq_metrics_records(m, &rc), SDQ_OK);
  assert_int_equal(rc.assessed, 3);
  assert_int_equal(rc.rejected, 1);
  assert_int_equal(rc.read, 4);
  assert_int_equal(rc.items, 1 + 3 + 0);

  /*                        field                 pres miss plh req */
  expect_counts(m, SDQ_FIELD_SELLER_NAME, 1, 1, 1, 1);
  expect_counts(m, SDQ_FIELD_BUYER_ADDRESS, 2, 1, 0, 1);
  expect_counts(m, SDQ_FIELD_SELLER_CITY, 1, 1, 1, 0);
  expect_counts(m, SDQ_FIELD_SHIPMENT_ID, 3, 0, 0, 1);
  expect_counts(m, SDQ_FIELD_AWB, 0, 3, 0, 0);
  /* Item fields: once per item, and once for the record without items. */
  expect_counts(m, SDQ_FIELD_DESCRIPTION, 2, 2, 1, 1);
  expect_counts(m, SDQ_FIELD_QUANTITY, 1, 4, 0, 0);
  expect_counts(m, SDQ_FIELD_HS_CODE, 0, 5, 0, 0);

  sdq_rule_counts rl;
  assert_int_equal(sdq_metrics_rule(m, fx->rule_missing, &rl), SDQ_OK);
  assert_int_equal(rl.records, 2);  /* R2, R3 */
  assert_int_equal(rl.findings, 4); /* R2: address, item 2; R3: name, items */
  assert_int_equal(sdq_metrics_rule(m, fx->rule_placeholder, &rl), SDQ_OK);
  assert_int_equal(rl.records, 2);  /* R2, R3 */
  assert_int_equal(rl.findings, 3); /* R2: name, item 1; R3: city */
}

/* A failed assessment (bad argument) counts nothing. */
static void test_metrics_not_counted_on_error(void **state) {
  fixture *fx = *state;
  fill_complete(fx->rec);
  assert_int_equal(sdq_batch_assess(fx->batch, fx->rec, NULL), SDQ_EINVAL);
  sdq_record_counts rc;
  assert_int_equal(sdq_metrics_records(sdq_batch_metrics(fx->batch), &rc),
                   SDQ_OK);
  assert_int_equal(rc.read, 0);
  assert_int_equal(rc.assessed, 0);
  expect_counts(sdq_batch_metrics(fx->batch), SDQ_FIELD_SELLER_NAME, 0, 0, 0,
                1);
}

/* is_placeholder() against a plain reading of docs/rules.md: trim white
 * space, fold ASCII case, compare with the whole list; "0" only outside
 * numbers and dates, "NA" not in country fields. The function filters
 * values on their first and last byte before searching the list: every
 * placeholder in every case, padded or not, and many near misses must give
 * the same answer in every field. */
static const char *const REF_PLACEHOLDERS[] = {
    "n/a",
    "n.a.",
    "n.a",
    "na",
    "n/d",
    "none",
    "null",
    "nil",
    "unknown",
    "unk",
    "tba",
    "tbc",
    "tbd",
    "-",
    "--",
    "---",
    "?",
    "??",
    "???",
    "xxx",
    "xx",
    "x",
    "test",
    "not available",
    "not applicable",
    "no name",
};
#define REF_COUNT (sizeof REF_PLACEHOLDERS / sizeof REF_PLACEHOLDERS[0])

static bool ref_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
         c == '\f';
}

static bool ref_placeholder(const char *p, size_t len, sdq_field f) {
  while (len && ref_space(*p)) {
    p++;
    len--;
  }
  while (len && ref_space(p[len - 1]))
    len--;
  if (len == 1 && p[0] == '0')
    return f != SDQ_FIELD_PIECES && f != SDQ_FIELD_GROSS_WEIGHT &&
           f != SDQ_FIELD_TOTAL_VALUE && f != SDQ_FIELD_QUANTITY &&
           f != SDQ_FIELD_ITEM_VALUE && f != SDQ_FIELD_NET_WEIGHT &&
           f != SDQ_FIELD_DEPARTURE_DATE && f != SDQ_FIELD_ARRIVAL_DATE &&
           f != SDQ_FIELD_DECLARATION_DATE;
  char folded[64];
  if (len > sizeof folded)
    return false;
  for (size_t i = 0; i < len; i++)
    folded[i] = p[i] >= 'A' && p[i] <= 'Z' ? (char)(p[i] - 'A' + 'a') : p[i];
  bool country =
      f == SDQ_FIELD_SELLER_COUNTRY || f == SDQ_FIELD_BUYER_COUNTRY ||
      f == SDQ_FIELD_DEPARTURE_COUNTRY || f == SDQ_FIELD_DESTINATION_COUNTRY ||
      f == SDQ_FIELD_ORIGIN_COUNTRY;
  if (country && len == 2 && memcmp(folded, "na", 2) == 0)
    return false;
  for (size_t i = 0; i < REF_COUNT; i++)
    if (strlen(REF_PLACEHOLDERS[i]) == len &&
        memcmp(REF_PLACEHOLDERS[i], folded, len) == 0)
      return true;
  return false;
}

static uint64_t rng_next(uint64_t *s) {
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

/* Compares on the value in every field; the value is copied to a buffer
 * of its exact size so that ASan sees any read past it. */
static void compare_placeholder(const char *p, size_t len) {
  char *copy = malloc(len ? len : 1);
  assert_non_null(copy);
  memcpy(copy, p, len);
  for (int i = 0; i < SDQ_CONSIGNMENT_FIELD_COUNT + SDQ_ITEM_FIELD_COUNT; i++) {
    sdq_field f = i < SDQ_CONSIGNMENT_FIELD_COUNT
                      ? (sdq_field)i
                      : (sdq_field)(SDQ_ITEM_FIELD_BASE + i -
                                    SDQ_CONSIGNMENT_FIELD_COUNT);
    bool want = ref_placeholder(copy, len, f);
    if (is_placeholder(copy, len, f) != want)
      fail_msg("\"%.*s\" in %s: is_placeholder %d, want %d", (int)len, p,
               sdq_field_name(f), !want, want);
  }
  free(copy);
}

static void test_placeholder_filter_exact(void **state) {
  (void)state;
  static const char *const pads[] = {"", " ", "\t", "\r\n", " \v\f "};
  char buf[64];
  /* Every placeholder in every case (up to 2^7 variants), padded. */
  for (size_t k = 0; k < REF_COUNT; k++) {
    const char *ph = REF_PLACEHOLDERS[k];
    size_t len = strlen(ph);
    unsigned variants = len > 7 ? 128 : 1u << len;
    for (unsigned m = 0; m < variants; m++)
      for (size_t a = 0; a < 5; a++)
        for (size_t b = 0; b < 5; b++) {
          size_t n = 0;
          n += (size_t)snprintf(buf + n, sizeof buf - n, "%s", pads[a]);
          for (size_t i = 0; i < len; i++) {
            char c = ph[i];
            if (((m >> (i % 7)) & 1u) && c >= 'a' && c <= 'z')
              c = (char)(c - 'a' + 'A');
            buf[n++] = c;
          }
          n += (size_t)snprintf(buf + n, sizeof buf - n, "%s", pads[b]);
          compare_placeholder(buf, n);
          /* Near misses: one byte more or less at either end. */
          compare_placeholder(buf, n - 1);
          compare_placeholder(buf + 1, n - 1);
          buf[n] = 'a';
          compare_placeholder(buf, n + 1);
        }
  }
  compare_placeholder("", 0);
  compare_placeholder("0", 1);
  compare_placeholder(" 0\t", 3);
  compare_placeholder("00", 2);
  /* Random strings over the bytes placeholders are made of, and others. */
  static const char alphabet[] = "nNaA/.dDoOeEuUlLiIkKtTbBcC-?xXsS 0\t\r\n"
                                 "pPmMvVhHzZ9\x80\xc3\xff";
  uint64_t seed = UINT64_C(0x9E3779B97F4A7C15);
  for (int round = 0; round < 200000; round++) {
    size_t n = (size_t)(rng_next(&seed) % 17);
    for (size_t i = 0; i < n; i++)
      buf[i] = alphabet[rng_next(&seed) % (sizeof alphabet - 1)];
    compare_placeholder(buf, n);
  }
}

/* ------------------------------------------------------------------------ */
/* Regressions: bugs found and fixed                                         */
/* ------------------------------------------------------------------------ */

/* lib/check/completeness.c is_placeholder() trims only ' ' and '\t', while
 * is_blank() and the metrics' definition ("non-empty after trimming white
 * space") treat CR, LF, VT and FF as white space too: "N/A\n" (e.g. a
 * quoted CSV cell or a JSON string ending in a newline) counts as a
 * present value instead of a placeholder. */
static void bug_placeholder_trailing_newline(void **state) {
  fixture *fx = *state;
  static const char *const values[] = {"N/A\n", "unknown\r\n", "\nTBA",
                                       "none\r"};
  for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
    fill_complete(fx->rec);
    set_str(fx->rec, SDQ_FIELD_SELLER_NAME, values[i]);
    assess(fx);
    assert_int_equal(ccount(fx->res), 1);
    assert_int_equal(cfinding(fx->res, 0)->rule, fx->rule_placeholder);
  }
}

/* lib/check/completeness.c is_placeholder(): the exemption of "NA"
 * (Namibia's country code) applies to every FIELD_CODE field, so "NA" in
 * currency (a required field), hs_code, category or a postcode passes as a
 * value. Only country fields can hold Namibia. */
static void bug_na_exempt_outside_country_fields(void **state) {
  fixture *fx = *state;
  static const sdq_field fields[] = {SDQ_FIELD_CURRENCY, SDQ_FIELD_HS_CODE,
                                     SDQ_FIELD_CATEGORY,
                                     SDQ_FIELD_BUYER_POSTCODE};
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
    fill_complete(fx->rec);
    set_str(fx->rec, fields[i], "NA");
    assess(fx);
    if (ccount(fx->res) != 1)
      fail_msg("%s \"NA\": %zu findings, want 1 (placeholder)",
               sdq_field_name(fields[i]), ccount(fx->res));
    assert_int_equal(cfinding(fx->res, 0)->rule, fx->rule_placeholder);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_complete_record_passes, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_each_required_absent, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_each_required_blank, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_items_missing_description, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_no_items, setup, teardown),
      cmocka_unit_test_setup_teardown(test_placeholders_fire, setup, teardown),
      cmocka_unit_test_setup_teardown(test_placeholders_do_not_fire, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_placeholder_optional_field, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_risk_formula, setup, teardown),
      cmocka_unit_test_setup_teardown(test_levels, setup, teardown),
      cmocka_unit_test_setup_teardown(test_quality_counts, setup, teardown),
      cmocka_unit_test_setup_teardown(test_findings_order, setup, teardown),
      cmocka_unit_test_setup_teardown(test_metrics_several_records, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_metrics_not_counted_on_error, setup,
                                      teardown),

      cmocka_unit_test(test_placeholder_filter_exact),
  };
  const struct CMUnitTest regressions[] = {
      cmocka_unit_test_setup_teardown(bug_placeholder_trailing_newline, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(bug_na_exempt_outside_country_fields,
                                      setup, teardown),
  };
  int failed = cmocka_run_group_tests_name("checks", tests, NULL, NULL);
  failed += cmocka_run_group_tests_name("regressions", regressions, NULL, NULL);
  return failed;
}
