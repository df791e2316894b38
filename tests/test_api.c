/*
 * The public API contract of include/sdq.h: versions, status strings, NULL
 * and invalid arguments, call order, the field dictionary, configuration,
 * mapping documents, records, the rule catalogue, results and metrics.
 *
 * Only the public header is used. The group "regressions" holds tests of
 * bugs that were found and fixed.
 *
 * Build alone, e.g.:
 *   cc -std=c11 -Wall -Wextra -Werror -g -fsanitize=address,undefined
 *      -Iinclude -Ilib lib/(star).c lib/check/(star).c lib/read/(star).c
 *      tests/test_api.c -lcmocka -lm -o /tmp/test_api
 * where (star) is the shell glob "*".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sdq.h"

/* A string literal as (pointer, length). */
#define S(lit) (lit), (sizeof(lit) - 1)

/* |x| and x^n without libm. */
static double dabs(double x) { return x < 0 ? -x : x; }

/* A non-NULL pointer of any object type that must be overwritten by NULL. */
static char sentinel_byte;
#define SENTINEL(type) ((type *)(void *)&sentinel_byte)

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */
/* ------------------------------------------------------------------------ */

static sdq_engine *new_engine(void) {
  sdq_engine *e = NULL;
  assert_int_equal(sdq_engine_new(NULL, &e, NULL), SDQ_OK);
  assert_non_null(e);
  return e;
}

static sdq_record *new_record(const sdq_engine *e) {
  sdq_record *r = NULL;
  assert_int_equal(sdq_record_new(e, &r), SDQ_OK);
  assert_non_null(r);
  return r;
}

static sdq_result *new_result(const sdq_engine *e) {
  sdq_result *r = NULL;
  assert_int_equal(sdq_result_new(e, &r), SDQ_OK);
  assert_non_null(r);
  return r;
}

static sdq_batch *new_batch(const sdq_engine *e) {
  sdq_batch *b = NULL;
  assert_int_equal(sdq_batch_new(e, &b), SDQ_OK);
  assert_non_null(b);
  return b;
}

static sdq_reader *new_reader(const sdq_engine *e, sdq_format format) {
  sdq_reader *r = NULL;
  assert_int_equal(sdq_reader_new(e, format, &r), SDQ_OK);
  assert_non_null(r);
  return r;
}

static void set_str(sdq_record *r, sdq_field f, const char *value) {
  assert_int_equal(sdq_record_set(r, f, value, strlen(value)), SDQ_OK);
}

/* Asserts that field f of `r` (item 0 for item fields) holds `want`
 * exactly, or is absent when `want` is NULL. */
static void expect_field(const sdq_record *r, sdq_field f, const char *want) {
  const char *v = SENTINEL(const char);
  size_t n = 12345;
  int has = sdq_record_get(r, f, &v, &n);
  if (!want) {
    assert_int_equal(has, 0);
    assert_null(v);
    assert_int_equal(n, 0);
    return;
  }
  assert_int_equal(has, 1);
  assert_non_null(v);
  assert_int_equal(n, strlen(want));
  assert_memory_equal(v, want, n);
}

/* Fills every field the core profile requires (and one item description). */
static void fill_required(sdq_record *r) {
  set_str(r, SDQ_FIELD_SHIPMENT_ID, "SHP-2026-000001");
  set_str(r, SDQ_FIELD_SELLER_NAME, "Shenzhen Bright Electronics Co., Ltd");
  set_str(r, SDQ_FIELD_SELLER_COUNTRY, "CN");
  set_str(r, SDQ_FIELD_BUYER_NAME, "Erika Mustermann");
  set_str(r, SDQ_FIELD_BUYER_ADDRESS, "Heidestrasse 17, 51147 Koeln");
  set_str(r, SDQ_FIELD_BUYER_COUNTRY, "DE");
  set_str(r, SDQ_FIELD_GROSS_WEIGHT, "0.42");
  set_str(r, SDQ_FIELD_TOTAL_VALUE, "23.90");
  set_str(r, SDQ_FIELD_CURRENCY, "EUR");
  set_str(r, SDQ_FIELD_DESCRIPTION, "Bluetooth wireless earphones");
}

/* All valid field values, consignment then item. */
static sdq_field field_at(int i) {
  return i < SDQ_CONSIGNMENT_FIELD_COUNT
             ? (sdq_field)i
             : (sdq_field)(SDQ_ITEM_FIELD_BASE + i -
                           SDQ_CONSIGNMENT_FIELD_COUNT);
}
#define ALL_FIELDS (SDQ_CONSIGNMENT_FIELD_COUNT + SDQ_ITEM_FIELD_COUNT)

/* ------------------------------------------------------------------------ */
/* Version and status strings                                                */
/* ------------------------------------------------------------------------ */

static void test_version(void **state) {
  (void)state;
  assert_string_equal(sdq_version(), SDQ_VERSION_STRING);
  assert_int_equal(sdq_version_number(), SDQ_VERSION_NUMBER);
  assert_int_equal(SDQ_VERSION_NUMBER, SDQ_VERSION_MAJOR * 10000 +
                                           SDQ_VERSION_MINOR * 100 +
                                           SDQ_VERSION_PATCH);
  char buf[32];
  snprintf(buf, sizeof buf, "%d.%d.%d", SDQ_VERSION_MAJOR, SDQ_VERSION_MINOR,
           SDQ_VERSION_PATCH);
  assert_string_equal(sdq_version(), buf);
}

static void test_strerror(void **state) {
  (void)state;
  static const sdq_status all[] = {
      SDQ_OK,     SDQ_NEED_INPUT, SDQ_END,    SDQ_EINVAL,    SDQ_ENOMEM,
      SDQ_ESTATE, SDQ_EPARSE,     SDQ_ELIMIT, SDQ_ENOTFOUND, SDQ_ERANGE};
  const size_t n = sizeof all / sizeof all[0];
  /* Stable values. */
  assert_int_equal(SDQ_OK, 0);
  assert_int_equal(SDQ_NEED_INPUT, 1);
  assert_int_equal(SDQ_END, 2);
  assert_int_equal(SDQ_EINVAL, -1);
  assert_int_equal(SDQ_ENOMEM, -2);
  assert_int_equal(SDQ_ESTATE, -3);
  assert_int_equal(SDQ_EPARSE, -4);
  assert_int_equal(SDQ_ELIMIT, -5);
  assert_int_equal(SDQ_ENOTFOUND, -6);
  assert_int_equal(SDQ_ERANGE, -7);
  for (size_t i = 0; i < n; i++) {
    const char *s = sdq_strerror(all[i]);
    assert_non_null(s);
    assert_true(strlen(s) > 0);
    assert_string_not_equal(s, "unknown status");
    for (size_t j = 0; j < i; j++)
      assert_string_not_equal(s, sdq_strerror(all[j]));
  }
  assert_string_equal(sdq_strerror(SDQ_ENOMEM), "out of memory");
  assert_string_equal(sdq_strerror(SDQ_EINVAL), "invalid argument");
  static const int unknown[] = {3, 4, 100, -8, -9, -100, INT32_MIN, INT32_MAX};
  for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
    assert_string_equal(sdq_strerror((sdq_status)unknown[i]), "unknown status");
}

/* ------------------------------------------------------------------------ */
/* NULL and invalid arguments                                                */
/* ------------------------------------------------------------------------ */

static void test_null_config_engine(void **state) {
  (void)state;
  sdq_config *c = NULL;
  assert_int_equal(sdq_config_new(NULL, NULL), SDQ_EINVAL);
  assert_int_equal(sdq_config_new(NULL, &c), SDQ_OK);
  assert_non_null(c);
  sdq_config_free(NULL); /* no-op */

  assert_int_equal(sdq_config_set_profile(NULL, "core"), SDQ_EINVAL);
  assert_int_equal(sdq_config_set_profile(c, NULL), SDQ_EINVAL);
  assert_int_equal(sdq_config_set_limit(NULL, SDQ_LIMIT_ITEMS, 5), SDQ_EINVAL);

  assert_int_equal(sdq_config_map(NULL, S("A"), SDQ_FIELD_AWB), SDQ_EINVAL);
  assert_int_equal(sdq_config_map(c, NULL, 3, SDQ_FIELD_AWB), SDQ_EINVAL);
  static const int bad_fields[] = {-2, 34, 40, 63, 70, 127, 128, 1000};
  for (size_t i = 0; i < sizeof bad_fields / sizeof bad_fields[0]; i++) {
    sdq_field f = (sdq_field)bad_fields[i];
    assert_int_equal(sdq_config_map(c, S("A"), f), SDQ_EINVAL);
    assert_int_equal(sdq_config_set_constant(c, f, S("x")), SDQ_EINVAL);
  }
  assert_int_equal(sdq_config_map(c, S("A"), SDQ_FIELD_NONE), SDQ_OK);

  assert_int_equal(sdq_config_set_constant(NULL, SDQ_FIELD_CURRENCY, S("EUR")),
                   SDQ_EINVAL);
  assert_int_equal(sdq_config_set_constant(c, SDQ_FIELD_NONE, S("EUR")),
                   SDQ_EINVAL);
  assert_int_equal(sdq_config_set_constant(c, SDQ_FIELD_CURRENCY, NULL, 3),
                   SDQ_EINVAL);

  sdq_error err;
  assert_int_equal(sdq_config_load_mapping(NULL, S("{}"), &err), SDQ_EINVAL);
  assert_int_equal(sdq_config_load_mapping(c, NULL, 5, &err), SDQ_EINVAL);
  assert_int_equal(sdq_config_load_profile(NULL, S("{}"), &err), SDQ_EINVAL);
  assert_int_equal(sdq_config_load_profile(c, NULL, 5, &err), SDQ_EINVAL);

  sdq_engine *e = SENTINEL(sdq_engine);
  memset(&err, 0, sizeof err);
  assert_int_equal(sdq_engine_new(c, NULL, &err), SDQ_EINVAL);
  assert_int_equal(err.code, SDQ_EINVAL);
  assert_true(strlen(err.message) > 0);
  assert_int_equal(sdq_engine_new(c, NULL, NULL), SDQ_EINVAL);
  assert_int_equal(sdq_engine_new(c, &e, NULL), SDQ_OK);
  assert_non_null(e);
  assert_true(e != SENTINEL(sdq_engine));
  sdq_engine_free(NULL); /* no-op */
  assert_null(sdq_engine_profile(NULL));
  assert_int_equal(sdq_engine_requires(NULL, SDQ_FIELD_SHIPMENT_ID), 0);
  assert_int_equal(sdq_engine_requires(e, SDQ_FIELD_NONE), 0);
  assert_int_equal(sdq_engine_requires(e, (sdq_field)34), 0);
  assert_int_equal(sdq_engine_requires(e, (sdq_field)70), 0);
  assert_null(sdq_profile_name(sdq_profile_count()));
  assert_null(sdq_profile_name((size_t)-1));
  assert_null(sdq_profile_json(NULL));
  assert_null(sdq_profile_json("no-such-profile"));

  sdq_engine_free(e);
  sdq_config_free(c);
}

static void test_null_record(void **state) {
  (void)state;
  sdq_engine *e = new_engine();
  sdq_record *r = SENTINEL(sdq_record);
  assert_int_equal(sdq_record_new(NULL, &r), SDQ_EINVAL);
  assert_null(r);
  assert_int_equal(sdq_record_new(e, NULL), SDQ_EINVAL);
  r = new_record(e);
  sdq_record_free(NULL);  /* no-op */
  sdq_record_clear(NULL); /* no-op */

  assert_int_equal(sdq_record_set(NULL, SDQ_FIELD_AWB, S("1")), SDQ_EINVAL);
  assert_int_equal(sdq_record_set_view(NULL, SDQ_FIELD_AWB, S("1")),
                   SDQ_EINVAL);
  assert_int_equal(sdq_record_set(r, SDQ_FIELD_AWB, NULL, 1), SDQ_EINVAL);
  assert_int_equal(sdq_record_set_view(r, SDQ_FIELD_AWB, NULL, 1), SDQ_EINVAL);
  assert_int_equal(sdq_record_set(r, SDQ_FIELD_NONE, S("1")), SDQ_EINVAL);
  assert_int_equal(sdq_record_set(r, (sdq_field)34, S("1")), SDQ_EINVAL);
  assert_int_equal(sdq_record_set(r, (sdq_field)63, S("1")), SDQ_EINVAL);
  assert_int_equal(sdq_record_set(r, (sdq_field)70, S("1")), SDQ_EINVAL);
  assert_int_equal(sdq_record_set_view(r, (sdq_field)70, S("1")), SDQ_EINVAL);
  /* A failed call left nothing behind. */
  assert_int_equal(sdq_record_item_count(r), 0);
  /* NULL with length 0 is an empty value. */
  assert_int_equal(sdq_record_set(r, SDQ_FIELD_AWB, NULL, 0), SDQ_OK);
  expect_field(r, SDQ_FIELD_AWB, "");

  assert_int_equal(sdq_record_add_item(NULL, NULL), SDQ_EINVAL);
  size_t idx = 99;
  assert_int_equal(sdq_record_add_item(NULL, &idx), SDQ_EINVAL);
  assert_int_equal(sdq_record_set_item(NULL, 0, SDQ_FIELD_HS_CODE, S("1")),
                   SDQ_EINVAL);
  assert_int_equal(sdq_record_set_item_view(NULL, 0, SDQ_FIELD_HS_CODE, S("1")),
                   SDQ_EINVAL);
  assert_int_equal(sdq_record_add_item(r, &idx), SDQ_OK);
  assert_int_equal(idx, 0);
  assert_int_equal(sdq_record_set_item(r, 0, SDQ_FIELD_HS_CODE, NULL, 2),
                   SDQ_EINVAL);
  assert_int_equal(sdq_record_set_item(r, 0, (sdq_field)70, S("1")),
                   SDQ_EINVAL);
  assert_int_equal(sdq_record_set_item(r, 0, SDQ_FIELD_NONE, S("1")),
                   SDQ_EINVAL);

  assert_int_equal(sdq_record_unset(NULL, SDQ_FIELD_AWB), SDQ_EINVAL);
  assert_int_equal(sdq_record_unset(r, SDQ_FIELD_NONE), SDQ_EINVAL);
  assert_int_equal(sdq_record_unset(r, (sdq_field)34), SDQ_EINVAL);

  const char *v = SENTINEL(const char);
  size_t n = 7;
  assert_int_equal(sdq_record_get(NULL, SDQ_FIELD_AWB, &v, &n), 0);
  assert_null(v);
  assert_int_equal(n, 0);
  v = SENTINEL(const char);
  n = 7;
  assert_int_equal(sdq_record_get(r, SDQ_FIELD_NONE, &v, &n), 0);
  assert_null(v);
  assert_int_equal(n, 0);
  assert_int_equal(sdq_record_get(r, (sdq_field)70, NULL, NULL), 0);
  /* Getting with NULL out pointers is allowed. */
  assert_int_equal(sdq_record_get(r, SDQ_FIELD_AWB, NULL, NULL), 1);
  v = SENTINEL(const char);
  assert_int_equal(sdq_record_get_item(NULL, 0, SDQ_FIELD_DESCRIPTION, &v, &n),
                   0);
  assert_null(v);
  assert_int_equal(sdq_record_get_item(r, 5, SDQ_FIELD_DESCRIPTION, &v, &n), 0);
  assert_null(v);

  assert_int_equal(sdq_record_item_count(NULL), 0);
  assert_int_equal(sdq_record_number(NULL), 0);
  assert_int_equal(sdq_record_line(NULL), 0);

  sdq_record_free(r);
  sdq_engine_free(e);
}

static void test_null_reader(void **state) {
  (void)state;
  sdq_engine *e = new_engine();
  sdq_record *rec = new_record(e);
  sdq_reader *r = SENTINEL(sdq_reader);
  assert_int_equal(sdq_reader_new(NULL, SDQ_FORMAT_CSV, &r), SDQ_EINVAL);
  assert_null(r);
  r = SENTINEL(sdq_reader);
  assert_int_equal(sdq_reader_new(e, (sdq_format)2, &r), SDQ_EINVAL);
  assert_null(r);
  r = SENTINEL(sdq_reader);
  assert_int_equal(sdq_reader_new(e, (sdq_format)-1, &r), SDQ_EINVAL);
  assert_null(r);
  assert_int_equal(sdq_reader_new(e, SDQ_FORMAT_CSV, NULL), SDQ_EINVAL);
  sdq_reader_free(NULL);  /* no-op */
  sdq_reader_reset(NULL); /* no-op */

  assert_int_equal(sdq_reader_set_delimiter(NULL, ','), SDQ_EINVAL);
  assert_int_equal(sdq_reader_set_group_items(NULL, 1), SDQ_EINVAL);
  assert_int_equal(sdq_reader_feed(NULL, S("a")), SDQ_EINVAL);
  assert_int_equal(sdq_reader_finish(NULL), SDQ_EINVAL);
  sdq_error err;
  assert_int_equal(sdq_reader_next(NULL, rec, &err), SDQ_EINVAL);

  r = new_reader(e, SDQ_FORMAT_CSV);
  assert_int_equal(sdq_reader_feed(r, NULL, 3), SDQ_EINVAL);
  assert_int_equal(sdq_reader_next(r, NULL, &err), SDQ_EINVAL);
  assert_int_equal(sdq_reader_records(NULL), 0);
  assert_int_equal(sdq_reader_offset(NULL), 0);
  assert_int_equal(sdq_reader_unmapped_count(NULL), 0);
  uint64_t occ = 0;
  assert_null(sdq_reader_unmapped(NULL, 0, &occ));
  assert_null(sdq_reader_unmapped(r, 0, &occ));
  assert_null(sdq_reader_unmapped(r, 0, NULL));

  /* Invalid delimiters. */
  static const char bad[] = {'a', ' ', '"', '\n', '\r', ':', '.', '0'};
  for (size_t i = 0; i < sizeof bad; i++)
    assert_int_equal(sdq_reader_set_delimiter(r, bad[i]), SDQ_EINVAL);
  static const char good[] = {0, ',', ';', '\t', '|'};
  for (size_t i = 0; i < sizeof good; i++)
    assert_int_equal(sdq_reader_set_delimiter(r, good[i]), SDQ_OK);
  sdq_reader_free(r);

  /* CSV-only settings on an NDJSON reader. */
  r = new_reader(e, SDQ_FORMAT_NDJSON);
  assert_int_equal(sdq_reader_set_delimiter(r, ','), SDQ_EINVAL);
  assert_int_equal(sdq_reader_set_delimiter(r, 0), SDQ_EINVAL);
  assert_int_equal(sdq_reader_set_group_items(r, 1), SDQ_EINVAL);
  sdq_reader_free(r);

  sdq_record_free(rec);
  sdq_engine_free(e);
}

static void test_null_results_batches(void **state) {
  (void)state;
  sdq_engine *e = new_engine();
  sdq_record *rec = new_record(e);

  sdq_result *res = SENTINEL(sdq_result);
  assert_int_equal(sdq_result_new(NULL, &res), SDQ_EINVAL);
  assert_null(res);
  assert_int_equal(sdq_result_new(e, NULL), SDQ_EINVAL);
  res = new_result(e);
  sdq_result_free(NULL); /* no-op */
  assert_true(sdq_result_quality(NULL) == 0.0);
  assert_true(sdq_result_risk(NULL) == 0.0);
  assert_int_equal(sdq_result_level(NULL), SDQ_LEVEL_LOW);
  assert_int_equal(sdq_result_finding_count(NULL), 0);
  assert_null(sdq_result_finding(NULL, 0));
  /* A fresh result has no finding. */
  assert_int_equal(sdq_result_finding_count(res), 0);
  assert_null(sdq_result_finding(res, 0));

  sdq_batch *b = SENTINEL(sdq_batch);
  assert_int_equal(sdq_batch_new(NULL, &b), SDQ_EINVAL);
  assert_null(b);
  assert_int_equal(sdq_batch_new(e, NULL), SDQ_EINVAL);
  b = new_batch(e);
  sdq_batch_free(NULL); /* no-op */
  assert_int_equal(sdq_batch_assess(NULL, rec, res), SDQ_EINVAL);
  assert_int_equal(sdq_batch_assess(b, NULL, res), SDQ_EINVAL);
  assert_int_equal(sdq_batch_assess(b, rec, NULL), SDQ_EINVAL);
  assert_int_equal(sdq_batch_reject(NULL, NULL), SDQ_EINVAL);
  assert_null(sdq_batch_metrics(NULL));
  /* A hint: NULL arguments, or a result never assessed, are ignored. */
  sdq_batch_prefetch(NULL, res);
  sdq_batch_prefetch(b, NULL);
  sdq_batch_prefetch(b, res);

  const sdq_metrics *m = sdq_batch_metrics(b);
  assert_non_null(m);
  sdq_record_counts rc;
  sdq_field_counts fc;
  sdq_rule_counts rl;
  assert_int_equal(sdq_metrics_records(NULL, &rc), SDQ_EINVAL);
  assert_int_equal(sdq_metrics_records(m, NULL), SDQ_EINVAL);
  assert_int_equal(sdq_metrics_field(NULL, SDQ_FIELD_AWB, &fc), SDQ_EINVAL);
  assert_int_equal(sdq_metrics_field(m, SDQ_FIELD_AWB, NULL), SDQ_EINVAL);
  assert_int_equal(sdq_metrics_field(m, SDQ_FIELD_NONE, &fc), SDQ_EINVAL);
  assert_int_equal(sdq_metrics_field(m, (sdq_field)34, &fc), SDQ_EINVAL);
  assert_int_equal(sdq_metrics_field(m, (sdq_field)70, &fc), SDQ_EINVAL);
  assert_int_equal(sdq_metrics_rule(NULL, 0, &rl), SDQ_EINVAL);
  assert_int_equal(sdq_metrics_rule(m, 0, NULL), SDQ_EINVAL);
  assert_int_equal(sdq_metrics_rule(m, sdq_rule_count(), &rl), SDQ_EINVAL);
  /* Nothing was counted by the failed calls. */
  assert_int_equal(sdq_metrics_records(m, &rc), SDQ_OK);
  assert_int_equal(rc.read, 0);
  assert_int_equal(rc.assessed, 0);
  assert_int_equal(rc.rejected, 0);

  /* Names. */
  assert_null(sdq_dimension_name((sdq_dimension)SDQ_DIMENSION_COUNT));
  assert_null(sdq_dimension_name((sdq_dimension)-1));
  assert_null(sdq_severity_name((sdq_severity)3));
  assert_null(sdq_severity_name((sdq_severity)-1));
  assert_null(sdq_level_name((sdq_level)3));
  assert_null(sdq_level_name((sdq_level)-1));
  assert_null(sdq_rule_id(sdq_rule_count()));
  assert_null(sdq_rule_summary(sdq_rule_count()));
  assert_null(sdq_rule_id((size_t)-1));
  size_t idx = 77;
  assert_int_equal(sdq_rule_find(NULL, &idx), SDQ_EINVAL);
  assert_int_equal(idx, 77);

  /* Fields. */
  assert_null(sdq_field_name(SDQ_FIELD_NONE));
  assert_null(sdq_field_name((sdq_field)34));
  assert_null(sdq_field_name((sdq_field)63));
  assert_null(sdq_field_name((sdq_field)70));
  assert_int_equal(sdq_field_is_item(SDQ_FIELD_NONE), 0);
  assert_int_equal(sdq_field_is_item((sdq_field)70), 0);
  assert_int_equal(sdq_field_is_item((sdq_field)63), 0);
  assert_int_equal(sdq_field_lookup(NULL, 3), SDQ_FIELD_NONE);
  assert_int_equal(sdq_field_lookup(NULL, 0), SDQ_FIELD_NONE);
  assert_int_equal(sdq_field_lookup("", 0), SDQ_FIELD_NONE);
  assert_int_equal(sdq_field_alias_count(SDQ_FIELD_NONE), 0);
  assert_int_equal(sdq_field_alias_count((sdq_field)70), 0);
  assert_null(sdq_field_alias(SDQ_FIELD_NONE, 0));
  assert_null(sdq_field_alias((sdq_field)34, 0));
  assert_null(sdq_field_alias(SDQ_FIELD_HS_CODE,
                              sdq_field_alias_count(SDQ_FIELD_HS_CODE)));

  sdq_batch_free(b);
  sdq_result_free(res);
  sdq_record_free(rec);
  sdq_engine_free(e);
}

/* ------------------------------------------------------------------------ */
/* Call order                                                                */
/* ------------------------------------------------------------------------ */

static void test_reader_order(void **state) {
  (void)state;
  sdq_engine *e = new_engine();
  sdq_record *rec = new_record(e);
  sdq_error err;

  /* next before any feed. */
  sdq_reader *r = new_reader(e, SDQ_FORMAT_CSV);
  assert_int_equal(sdq_reader_next(r, rec, &err), SDQ_NEED_INPUT);
  assert_int_equal(sdq_reader_records(r), 0);
  /* Settings still allowed: nothing was fed. */
  assert_int_equal(sdq_reader_set_delimiter(r, ';'), SDQ_OK);
  assert_int_equal(sdq_reader_set_group_items(r, 1), SDQ_OK);

  static const char csv[] = "shipment_id;description\nA1;Shoes\n";
  assert_int_equal(sdq_reader_feed(r, S(csv)), SDQ_OK);
  /* Configuration after feed. */
  assert_int_equal(sdq_reader_set_delimiter(r, ','), SDQ_ESTATE);
  assert_int_equal(sdq_reader_set_delimiter(r, 0), SDQ_ESTATE);
  assert_int_equal(sdq_reader_set_group_items(r, 0), SDQ_ESTATE);
  /* Feeding before the chunk is consumed. */
  assert_int_equal(sdq_reader_feed(r, S("A1;Socks\n")), SDQ_ESTATE);
  /* The ';' delimiter and grouping set before the feed hold. */
  assert_int_equal(sdq_reader_next(r, rec, &err), SDQ_NEED_INPUT);
  assert_int_equal(sdq_reader_feed(r, S("A1;Socks\n")), SDQ_OK);
  assert_int_equal(sdq_reader_next(r, rec, &err), SDQ_NEED_INPUT);
  assert_int_equal(sdq_reader_finish(r), SDQ_OK);
  assert_int_equal(sdq_reader_finish(r), SDQ_ESTATE);
  assert_int_equal(sdq_reader_feed(r, S("A2;Hat\n")), SDQ_ESTATE);
  assert_int_equal(sdq_reader_feed(r, NULL, 0), SDQ_ESTATE);
  assert_int_equal(sdq_reader_next(r, rec, &err), SDQ_OK);
  expect_field(rec, SDQ_FIELD_SHIPMENT_ID, "A1");
  assert_int_equal(sdq_record_item_count(rec), 2);
  const char *v;
  size_t n;
  assert_int_equal(sdq_record_get_item(rec, 1, SDQ_FIELD_DESCRIPTION, &v, &n),
                   1);
  assert_int_equal(n, 5);
  assert_memory_equal(v, "Socks", 5);
  assert_int_equal(sdq_reader_next(r, rec, &err), SDQ_END);
  assert_int_equal(sdq_reader_next(r, rec, &err), SDQ_END);
  assert_int_equal(sdq_record_item_count(rec), 0); /* cleared */
  assert_int_equal(sdq_reader_records(r), 1);
  assert_int_equal(sdq_reader_offset(r), sizeof csv - 1 + 9);
  /* Settings after finish. */
  assert_int_equal(sdq_reader_set_delimiter(r, ','), SDQ_ESTATE);

  /* Reset allows a new input and new settings. */
  sdq_reader_reset(r);
  assert_int_equal(sdq_reader_records(r), 0);
  assert_int_equal(sdq_reader_offset(r), 0);
  assert_int_equal(sdq_reader_set_delimiter(r, ','), SDQ_OK);
  assert_int_equal(sdq_reader_set_group_items(r, 0), SDQ_OK);
  assert_int_equal(sdq_reader_feed(r, S("awb,hs\n123,8517\n")), SDQ_OK);
  assert_int_equal(sdq_reader_finish(r), SDQ_OK);
  assert_int_equal(sdq_reader_next(r, rec, &err), SDQ_OK);
  expect_field(rec, SDQ_FIELD_AWB, "123");
  expect_field(rec, SDQ_FIELD_HS_CODE, "8517");
  assert_int_equal(sdq_record_number(rec), 1);
  assert_int_equal(sdq_record_line(rec), 2);
  assert_int_equal(sdq_reader_next(r, rec, &err), SDQ_END);
  sdq_reader_free(r);

  /* NDJSON: next before feed, finish twice, feed after finish. (A finish
   * without any feed is in the regressions.) */
  r = new_reader(e, SDQ_FORMAT_NDJSON);
  assert_int_equal(sdq_reader_next(r, rec, &err), SDQ_NEED_INPUT);
  assert_int_equal(sdq_reader_feed(r, S("{\"awb\": \"1\"}")), SDQ_OK);
  assert_int_equal(sdq_reader_next(r, rec, &err), SDQ_NEED_INPUT);
  assert_int_equal(sdq_reader_finish(r), SDQ_OK);
  assert_int_equal(sdq_reader_finish(r), SDQ_ESTATE);
  assert_int_equal(sdq_reader_feed(r, S("{}\n")), SDQ_ESTATE);
  assert_int_equal(sdq_reader_next(r, rec, &err), SDQ_OK);
  expect_field(rec, SDQ_FIELD_AWB, "1");
  assert_int_equal(sdq_reader_next(r, rec, &err), SDQ_END);
  assert_int_equal(sdq_reader_records(r), 1);
  sdq_reader_free(r);

  sdq_record_free(rec);
  sdq_engine_free(e);
}

/* ------------------------------------------------------------------------ */
/* Fields                                                                    */
/* ------------------------------------------------------------------------ */

static void test_field_enum_values(void **state) {
  (void)state;
  assert_int_equal(SDQ_FIELD_NONE, -1);
  assert_int_equal(SDQ_FIELD_SHIPMENT_ID, 0);
  assert_int_equal(SDQ_FIELD_SELLER_NAME, 4);
  assert_int_equal(SDQ_FIELD_BUYER_NAME, 10);
  assert_int_equal(SDQ_FIELD_GROSS_WEIGHT, 22);
  assert_int_equal(SDQ_FIELD_CURRENCY, 24);
  assert_int_equal(SDQ_FIELD_DECLARATION_DATE, 33);
  assert_int_equal(SDQ_FIELD_DESCRIPTION, 64);
  assert_int_equal(SDQ_FIELD_HS_CODE, 65);
  assert_int_equal(SDQ_FIELD_ORIGIN_COUNTRY, 69);
  assert_int_equal(SDQ_CONSIGNMENT_FIELD_COUNT, 34);
  assert_int_equal(SDQ_ITEM_FIELD_BASE, 64);
  assert_int_equal(SDQ_ITEM_FIELD_COUNT, 6);
  assert_int_equal(SDQ_DIM_COMPLETENESS, 0);
  assert_int_equal(SDQ_DIM_RISK, 4);
  assert_int_equal(SDQ_SEVERITY_ERROR, 2);
  assert_int_equal(SDQ_LEVEL_HIGH, 2);
  assert_int_equal(SDQ_LIMIT_DEPTH, 4);
  assert_int_equal(SDQ_FORMAT_NDJSON, 1);
}

static void test_field_names_round_trip(void **state) {
  (void)state;
  static const char *const names[ALL_FIELDS] = {
      "shipment_id", "awb", "postal_item_id", "container_id", "seller_name",
      "seller_address", "seller_city", "seller_postcode", "seller_country",
      "seller_id", "buyer_name", "buyer_address", "buyer_city",
      "buyer_postcode", "buyer_country", "buyer_id", "buyer_email",
      "buyer_phone", "platform_id", "carrier_id", "declarant_id", "pieces",
      "gross_weight", "total_value", "currency", "category", "transport_mode",
      "departure_country", "departure_location", "destination_country",
      "arrival_location", "departure_date", "arrival_date", "declaration_date",
      /* item */
      "description", "hs_code", "quantity", "item_value", "net_weight",
      "origin_country"};
  for (int i = 0; i < ALL_FIELDS; i++) {
    sdq_field f = field_at(i);
    const char *name = sdq_field_name(f);
    assert_non_null(name);
    assert_string_equal(name, names[i]);
    assert_int_equal(sdq_field_lookup(name, strlen(name)), f);
    assert_int_equal(sdq_field_is_item(f), i >= SDQ_CONSIGNMENT_FIELD_COUNT);
    /* Upper case and with spaces instead of underscores too. */
    char buf[64];
    size_t n = strlen(name);
    for (size_t k = 0; k < n; k++) {
      char ch = name[k];
      buf[k] = ch == '_'                  ? ' '
               : (ch >= 'a' && ch <= 'z') ? (char)(ch - 32)
                                          : ch;
    }
    assert_int_equal(sdq_field_lookup(buf, n), f);
    /* The length is honoured: trailing bytes are not part of the name. */
    memcpy(buf, name, n);
    memcpy(buf + n, "zzz", 3);
    assert_int_equal(sdq_field_lookup(buf, n), f);
  }
}

static void test_field_aliases(void **state) {
  (void)state;
  static const struct {
    const char *name;
    sdq_field field;
  } cases[] = {
      {"consignor", SDQ_FIELD_SELLER_NAME},
      {"shipper", SDQ_FIELD_SELLER_NAME},
      {"Shipper Name", SDQ_FIELD_SELLER_NAME},
      {"consignee", SDQ_FIELD_BUYER_NAME},
      {"receiver", SDQ_FIELD_BUYER_NAME},
      {"Consignee Name", SDQ_FIELD_BUYER_NAME},
      {"consignee-name", SDQ_FIELD_BUYER_NAME},
      {"CONSIGNEE_NAME", SDQ_FIELD_BUYER_NAME},
      {"hs", SDQ_FIELD_HS_CODE},
      {"hscode", SDQ_FIELD_HS_CODE},
      {"tariff_code", SDQ_FIELD_HS_CODE},
      {"HS Code", SDQ_FIELD_HS_CODE},
      {"hs-code", SDQ_FIELD_HS_CODE},
      {"HS_CODE", SDQ_FIELD_HS_CODE},
      {"Tariff Code", SDQ_FIELD_HS_CODE},
      {"tariff-code", SDQ_FIELD_HS_CODE},
      {"H.S. Code", SDQ_FIELD_HS_CODE},
      {"  hs code  ", SDQ_FIELD_HS_CODE},
      {"Country of Origin", SDQ_FIELD_ORIGIN_COUNTRY},
      {"Air Waybill", SDQ_FIELD_AWB},
      {"Gross Weight", SDQ_FIELD_GROSS_WEIGHT},
      {"Net Weight", SDQ_FIELD_NET_WEIGHT},
      {"Goods Description", SDQ_FIELD_DESCRIPTION},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    sdq_field got = sdq_field_lookup(cases[i].name, strlen(cases[i].name));
    if (got != cases[i].field)
      fail_msg("lookup(\"%s\") = %d, want %d", cases[i].name, (int)got,
               (int)cases[i].field);
  }
  static const char *const unknown[] = {
      "seller name x",
      "foo",
      "hs codes",
      "hs_code_2",
      "shipment_idx",
      "consignees",
      "é",
      "12345",
      "-",
      "___",
      " ",
      "sellername2",
      "a_very_long_name_that_is_longer_than_any_field_name_in_the_dictionary"};
  for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
    sdq_field got = sdq_field_lookup(unknown[i], strlen(unknown[i]));
    if (got != SDQ_FIELD_NONE)
      fail_msg("lookup(\"%s\") = %d, want SDQ_FIELD_NONE", unknown[i],
               (int)got);
  }
  /* A name longer than any internal buffer. */
  char longname[4096];
  memset(longname, 'a', sizeof longname);
  assert_int_equal(sdq_field_lookup(longname, sizeof longname), SDQ_FIELD_NONE);
}

/* Normalises a name as the header says lookup compares: case, spaces,
 * dashes, underscores and dots ignored. */
static size_t normalise(const char *s, char *out, size_t cap) {
  size_t n = 0;
  for (; *s; s++) {
    char c = *s;
    if (c == ' ' || c == '-' || c == '_' || c == '.')
      continue;
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    assert_true(n < cap);
    out[n++] = c;
  }
  out[n] = '\0';
  return n;
}

static void test_alias_uniqueness(void **state) {
  (void)state;
  size_t total = 0;
  for (int i = 0; i < ALL_FIELDS; i++) {
    sdq_field f = field_at(i);
    size_t count = sdq_field_alias_count(f);
    assert_true(count >= 1); /* every field has at least one alias */
    for (size_t a = 0; a < count; a++) {
      const char *alias = sdq_field_alias(f, a);
      assert_non_null(alias);
      total++;
      sdq_field got = sdq_field_lookup(alias, strlen(alias));
      if (got != f)
        fail_msg("alias \"%s\" of %s looks up %s", alias, sdq_field_name(f),
                 got == SDQ_FIELD_NONE ? "nothing" : sdq_field_name(got));
      char na[128];
      normalise(alias, na, sizeof na - 1);
      /* No alias equals another field's canonical name ... */
      for (int j = 0; j < ALL_FIELDS; j++) {
        char nc[128];
        normalise(sdq_field_name(field_at(j)), nc, sizeof nc - 1);
        if (strcmp(na, nc) == 0 && field_at(j) != f)
          fail_msg("alias \"%s\" of %s is the name of %s", alias,
                   sdq_field_name(f), sdq_field_name(field_at(j)));
      }
      /* ... nor an alias of another field. */
      for (int j = 0; j < ALL_FIELDS; j++) {
        sdq_field g = field_at(j);
        if (g == f)
          continue;
        for (size_t b = 0; b < sdq_field_alias_count(g); b++) {
          char nb[128];
          normalise(sdq_field_alias(g, b), nb, sizeof nb - 1);
          if (strcmp(na, nb) == 0)
            fail_msg("alias \"%s\" of %s is also alias \"%s\" of %s", alias,
                     sdq_field_name(f), sdq_field_alias(g, b),
                     sdq_field_name(g));
        }
      }
    }
  }
  assert_true(total >= ALL_FIELDS * 2);
}

/* ------------------------------------------------------------------------ */
/* Configuration                                                             */
/* ------------------------------------------------------------------------ */

static void test_config(void **state) {
  (void)state;
  sdq_config *c = NULL;
  assert_int_equal(sdq_config_new(NULL, &c), SDQ_OK);
  assert_true(sdq_profile_count() >= 1);
  assert_string_equal(sdq_profile_name(0), "core");
  for (size_t i = 0; i < sdq_profile_count(); i++) {
    assert_non_null(sdq_profile_name(i));
    assert_int_equal(sdq_config_set_profile(c, sdq_profile_name(i)), SDQ_OK);
  }
  for (size_t i = 0; i < sdq_profile_count(); i++) {
    const char *json = sdq_profile_json(sdq_profile_name(i));
    assert_non_null(json);
    assert_non_null(strstr(json, sdq_profile_name(i)));
  }
  assert_int_equal(sdq_config_set_profile(c, "core"), SDQ_OK);
  assert_int_equal(sdq_config_set_profile(c, "no-such-profile"), SDQ_ENOTFOUND);
  assert_int_equal(sdq_config_set_profile(c, ""), SDQ_ENOTFOUND);
  assert_int_equal(sdq_config_set_profile(c, "CORE"), SDQ_ENOTFOUND);

  for (int l = SDQ_LIMIT_FIELD_BYTES; l <= SDQ_LIMIT_DEPTH; l++) {
    assert_int_equal(sdq_config_set_limit(c, (sdq_limit)l, 0), SDQ_EINVAL);
    assert_int_equal(sdq_config_set_limit(c, (sdq_limit)l, 1), SDQ_OK);
  }
  assert_int_equal(sdq_config_set_limit(c, (sdq_limit)5, 10), SDQ_EINVAL);
  assert_int_equal(sdq_config_set_limit(c, (sdq_limit)-1, 10), SDQ_EINVAL);
  assert_int_equal(sdq_config_set_limit(c, (sdq_limit)1000, 10), SDQ_EINVAL);
  assert_int_equal(sdq_config_set_limit(c, SDQ_LIMIT_FIELD_BYTES, 8), SDQ_OK);
  assert_int_equal(sdq_config_set_limit(c, SDQ_LIMIT_ITEMS, 3), SDQ_OK);
  assert_int_equal(sdq_config_set_limit(c, SDQ_LIMIT_FIELDS, 4096), SDQ_OK);
  assert_int_equal(sdq_config_set_limit(c, SDQ_LIMIT_RECORD_BYTES, 1u << 20),
                   SDQ_OK);
  assert_int_equal(sdq_config_set_limit(c, SDQ_LIMIT_DEPTH, UINT64_MAX),
                   SDQ_OK);

  sdq_engine *e = NULL;
  sdq_error err;
  assert_int_equal(sdq_engine_new(c, &e, &err), SDQ_OK);
  assert_string_equal(sdq_engine_profile(e), "core");
  /* The core profile's required fields. */
  static const sdq_field core_required[] = {
      SDQ_FIELD_SHIPMENT_ID,  SDQ_FIELD_SELLER_NAME,   SDQ_FIELD_SELLER_COUNTRY,
      SDQ_FIELD_BUYER_NAME,   SDQ_FIELD_BUYER_ADDRESS, SDQ_FIELD_BUYER_COUNTRY,
      SDQ_FIELD_GROSS_WEIGHT, SDQ_FIELD_TOTAL_VALUE,   SDQ_FIELD_CURRENCY,
      SDQ_FIELD_DESCRIPTION};
  int required_count = 0;
  for (int i = 0; i < ALL_FIELDS; i++) {
    int want = 0;
    for (size_t k = 0; k < sizeof core_required / sizeof core_required[0]; k++)
      want |= core_required[k] == field_at(i);
    assert_int_equal(sdq_engine_requires(e, field_at(i)), want);
    required_count += want;
  }
  assert_int_equal(required_count, 10);

  /* The engine copied the configuration: later changes do not reach it. */
  assert_int_equal(sdq_config_set_limit(c, SDQ_LIMIT_FIELD_BYTES, 100), SDQ_OK);
  assert_int_equal(sdq_config_map(c, S("Absender"), SDQ_FIELD_SELLER_NAME),
                   SDQ_OK);
  sdq_config_free(c);

  sdq_record *r = new_record(e);
  assert_int_equal(sdq_record_set(r, SDQ_FIELD_AWB, S("12345678")), SDQ_OK);
  assert_int_equal(sdq_record_set(r, SDQ_FIELD_AWB, S("123456789")),
                   SDQ_ELIMIT);
  expect_field(r, SDQ_FIELD_AWB, "12345678"); /* unchanged */
  assert_int_equal(sdq_record_set_view(r, SDQ_FIELD_AWB, S("123456789")),
                   SDQ_ELIMIT);

  sdq_reader *rd = new_reader(e, SDQ_FORMAT_CSV);
  assert_int_equal(sdq_reader_feed(rd, S("Absender\nACME\n")), SDQ_OK);
  assert_int_equal(sdq_reader_finish(rd), SDQ_OK);
  assert_int_equal(sdq_reader_next(rd, r, &err), SDQ_OK);
  expect_field(r, SDQ_FIELD_SELLER_NAME, NULL);
  assert_int_equal(sdq_reader_unmapped_count(rd), 1);
  uint64_t occ = 0;
  assert_string_equal(sdq_reader_unmapped(rd, 0, &occ), "Absender");
  assert_int_equal(occ, 1);
  sdq_reader_free(rd);
  sdq_record_free(r);
  sdq_engine_free(e);

  /* A NULL configuration means the defaults. */
  e = new_engine();
  assert_string_equal(sdq_engine_profile(e), "core");
  sdq_engine_free(e);
}

static void test_config_map(void **state) {
  (void)state;
  sdq_config *c = NULL;
  assert_int_equal(sdq_config_new(NULL, &c), SDQ_OK);
  /* Trimmed and case-insensitive; the last mapping wins; explicit mappings
   * beat aliases; NONE ignores a column. */
  assert_int_equal(sdq_config_map(c, S("  Net Mass "), SDQ_FIELD_GROSS_WEIGHT),
                   SDQ_OK);
  assert_int_equal(sdq_config_map(c, S("NET MASS"), SDQ_FIELD_NET_WEIGHT),
                   SDQ_OK);
  assert_int_equal(sdq_config_map(c, S("receiver"), SDQ_FIELD_SELLER_ADDRESS),
                   SDQ_OK);
  assert_int_equal(sdq_config_map(c, S("awb"), SDQ_FIELD_NONE), SDQ_OK);
  assert_int_equal(sdq_config_set_constant(c, SDQ_FIELD_CURRENCY, S("USD")),
                   SDQ_OK);
  assert_int_equal(sdq_config_set_constant(c, SDQ_FIELD_CURRENCY, S("EUR")),
                   SDQ_OK);
  assert_int_equal(
      sdq_config_set_constant(c, SDQ_FIELD_ORIGIN_COUNTRY, S("CN")), SDQ_OK);
  sdq_engine *e = NULL;
  assert_int_equal(sdq_engine_new(c, &e, NULL), SDQ_OK);
  sdq_config_free(c);

  sdq_record *r = new_record(e);
  sdq_reader *rd = new_reader(e, SDQ_FORMAT_CSV);
  static const char csv[] = "net mass,Receiver,AWB,currency,origin_country\n"
                            "1.5,Main St 1,123,,\n"
                            "2.5,Side St 2,456,USD,DE\n";
  assert_int_equal(sdq_reader_feed(rd, S(csv)), SDQ_OK);
  assert_int_equal(sdq_reader_finish(rd), SDQ_OK);
  sdq_error err;
  assert_int_equal(sdq_reader_next(rd, r, &err), SDQ_OK);
  expect_field(r, SDQ_FIELD_NET_WEIGHT, "1.5");
  expect_field(r, SDQ_FIELD_GROSS_WEIGHT, NULL);
  expect_field(r, SDQ_FIELD_SELLER_ADDRESS, "Main St 1");
  expect_field(r, SDQ_FIELD_BUYER_NAME, NULL);
  expect_field(r, SDQ_FIELD_AWB, NULL);
  expect_field(r, SDQ_FIELD_CURRENCY, "EUR");      /* constant: cell empty */
  expect_field(r, SDQ_FIELD_ORIGIN_COUNTRY, "CN"); /* item constant */
  assert_int_equal(sdq_reader_next(rd, r, &err), SDQ_OK);
  expect_field(r, SDQ_FIELD_NET_WEIGHT, "2.5");
  expect_field(r, SDQ_FIELD_CURRENCY, "USD"); /* the value wins */
  expect_field(r, SDQ_FIELD_ORIGIN_COUNTRY, "DE");
  assert_int_equal(sdq_reader_next(rd, r, &err), SDQ_END);
  /* The ignored column is not reported as unmapped. */
  assert_int_equal(sdq_reader_unmapped_count(rd), 0);
  sdq_reader_free(rd);
  sdq_record_free(r);
  sdq_engine_free(e);
}

/* ------------------------------------------------------------------------ */
/* Mapping documents                                                         */
/* ------------------------------------------------------------------------ */

static const char MAPPING_OK[] =
    "{\n"
    "  \"columns\": {\n"
    "    \"Absender\": \"seller_name\",\n"
    "    \"Internal Ref\": null,\n"
    "    \"Zoll Nr\": \"hs\",\n"
    "    \"Receiver\": \"Seller Address\"\n"
    "  },\n"
    "  \"constants\": {\"currency\": \"EUR\", \"quantity\": 1}\n"
    "}\n";

static const char MAPPING_CSV[] =
    "Absender,Empfaenger,Internal Ref,Zoll Nr,description,Receiver\n"
    "ACME GmbH,Jane Doe,R-1,8517.12,Phone,Hauptstr. 1\n";

/* Reads MAPPING_CSV with an engine made from `c` and checks that exactly
 * MAPPING_OK applies. */
static void expect_mapping_ok_applies(const sdq_config *c) {
  sdq_engine *e = NULL;
  assert_int_equal(sdq_engine_new(c, &e, NULL), SDQ_OK);
  sdq_record *r = new_record(e);
  sdq_reader *rd = new_reader(e, SDQ_FORMAT_CSV);
  sdq_error err;
  assert_int_equal(sdq_reader_feed(rd, S(MAPPING_CSV)), SDQ_OK);
  assert_int_equal(sdq_reader_finish(rd), SDQ_OK);
  assert_int_equal(sdq_reader_next(rd, r, &err), SDQ_OK);
  expect_field(r, SDQ_FIELD_SELLER_NAME, "ACME GmbH");
  expect_field(r, SDQ_FIELD_BUYER_NAME, NULL);
  expect_field(r, SDQ_FIELD_SELLER_ID, NULL);
  expect_field(r, SDQ_FIELD_HS_CODE, "8517.12");
  expect_field(r, SDQ_FIELD_DESCRIPTION, "Phone");
  expect_field(r, SDQ_FIELD_SELLER_ADDRESS, "Hauptstr. 1");
  expect_field(r, SDQ_FIELD_BUYER_ADDRESS, NULL);
  expect_field(r, SDQ_FIELD_CURRENCY, "EUR");
  expect_field(r, SDQ_FIELD_QUANTITY, "1");
  expect_field(r, SDQ_FIELD_SELLER_COUNTRY, NULL);
  expect_field(r, SDQ_FIELD_BUYER_COUNTRY, NULL);
  assert_int_equal(sdq_reader_unmapped_count(rd), 1);
  uint64_t occ = 0;
  assert_string_equal(sdq_reader_unmapped(rd, 0, &occ), "Empfaenger");
  assert_int_equal(occ, 1);

  /* The mapped record assesses as expected: of the required fields only
   * seller_name, currency and the description are there. */
  sdq_batch *b = new_batch(e);
  sdq_result *res = new_result(e);
  assert_int_equal(sdq_batch_assess(b, r, res), SDQ_OK);
  static const sdq_field missing[] = {
      SDQ_FIELD_SHIPMENT_ID,   SDQ_FIELD_SELLER_COUNTRY, SDQ_FIELD_BUYER_NAME,
      SDQ_FIELD_BUYER_ADDRESS, SDQ_FIELD_BUYER_COUNTRY,  SDQ_FIELD_GROSS_WEIGHT,
      SDQ_FIELD_TOTAL_VALUE};
  size_t rule_missing = 0, k = 0;
  assert_int_equal(sdq_rule_find("completeness.missing", &rule_missing),
                   SDQ_OK);
  for (size_t i = 0; i < sdq_result_finding_count(res); i++) {
    const sdq_finding *f = sdq_result_finding(res, i);
    if (f->dimension != SDQ_DIM_COMPLETENESS)
      continue; /* other dimensions' rules are not the subject here */
    assert_true(k < 7);
    assert_int_equal(f->rule, rule_missing);
    assert_int_equal(f->field, missing[k]);
    k++;
  }
  assert_int_equal(k, 7);
  sdq_result_free(res);
  sdq_batch_free(b);
  sdq_reader_free(rd);
  sdq_record_free(r);
  sdq_engine_free(e);
}

static void test_mapping_valid(void **state) {
  (void)state;
  sdq_config *c = NULL;
  assert_int_equal(sdq_config_new(NULL, &c), SDQ_OK);
  sdq_error err;
  memset(&err, 0x5a, sizeof err);
  assert_int_equal(sdq_config_load_mapping(c, S(MAPPING_OK), &err), SDQ_OK);
  expect_mapping_ok_applies(c);
  /* Both members are optional. */
  assert_int_equal(sdq_config_load_mapping(c, S("{}"), &err), SDQ_OK);
  assert_int_equal(sdq_config_load_mapping(c, S(" {\"columns\": {}} "), NULL),
                   SDQ_OK);
  expect_mapping_ok_applies(c);
  sdq_config_free(c);
}

static void test_mapping_unknown_member(void **state) {
  (void)state;
  static const char doc[] = "{\n"
                            "  \"columns\": {\"Absender\": \"seller_name\"},\n"
                            "  \"colums\": {}\n"
                            "}\n";
  sdq_config *c = NULL;
  assert_int_equal(sdq_config_new(NULL, &c), SDQ_OK);
  sdq_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(sdq_config_load_mapping(c, S(doc), &err), SDQ_EPARSE);
  assert_int_equal(err.code, SDQ_EPARSE);
  assert_non_null(strstr(err.message, "\"colums\""));
  assert_int_equal(err.line, 3);
  assert_int_equal(err.column, 3);
  assert_int_equal(err.offset, (uint64_t)(strstr(doc, "\"colums\"") - doc));
  /* A NULL err is allowed. */
  assert_int_equal(sdq_config_load_mapping(c, S(doc), NULL), SDQ_EPARSE);
  sdq_config_free(c);
}

static void test_mapping_unknown_field(void **state) {
  (void)state;
  sdq_config *c = NULL;
  assert_int_equal(sdq_config_new(NULL, &c), SDQ_OK);
  sdq_error err;
  static const char doc1[] = "{\n"
                             "  \"columns\": {\n"
                             "    \"Absender\": \"seller_nam\"\n"
                             "  }\n"
                             "}";
  memset(&err, 0, sizeof err);
  assert_int_equal(sdq_config_load_mapping(c, S(doc1), &err), SDQ_ENOTFOUND);
  assert_int_equal(err.code, SDQ_ENOTFOUND);
  assert_non_null(strstr(err.message, "seller_nam"));
  assert_int_equal(err.line, 3);

  static const char doc2[] = "{\"constants\": {\n"
                             "  \"currency\": \"EUR\",\n"
                             "  \"curency\": \"EUR\"}}";
  memset(&err, 0, sizeof err);
  assert_int_equal(sdq_config_load_mapping(c, S(doc2), &err), SDQ_ENOTFOUND);
  assert_int_equal(err.code, SDQ_ENOTFOUND);
  assert_non_null(strstr(err.message, "\"curency\""));
  assert_int_equal(err.line, 3);

  /* Wrong value types. */
  memset(&err, 0, sizeof err);
  assert_int_equal(
      sdq_config_load_mapping(c, S("{\"columns\": {\"A\": 5}}"), &err),
      SDQ_EPARSE);
  assert_non_null(strstr(err.message, "\"A\""));
  memset(&err, 0, sizeof err);
  assert_int_equal(sdq_config_load_mapping(
                       c, S("{\"constants\": {\"currency\": null}}"), &err),
                   SDQ_EPARSE);
  assert_non_null(strstr(err.message, "currency"));
  assert_int_equal(sdq_config_load_mapping(c, S("{\"columns\": []}"), &err),
                   SDQ_EPARSE);
  assert_int_equal(sdq_config_load_mapping(c, S("[]"), &err), SDQ_EPARSE);
  assert_int_equal(sdq_config_load_mapping(c, S("\"columns\""), &err),
                   SDQ_EPARSE);
  sdq_config_free(c);
}

/* The position of an unknown field name is that of the name itself, also
 * when it is on another line than its key (this used to point after the
 * key). */
static void test_mapping_unknown_field_position(void **state) {
  (void)state;
  sdq_config *c = NULL;
  assert_int_equal(sdq_config_new(NULL, &c), SDQ_OK);
  sdq_error err;
  /* The unknown field name is the value, on the line after its key. */
  static const char doc1[] = "{\"columns\": {\n"
                             "  \"Absender\":\n"
                             "      \"seller_nam\"}}";
  memset(&err, 0, sizeof err);
  assert_int_equal(sdq_config_load_mapping(c, S(doc1), &err), SDQ_ENOTFOUND);
  assert_int_equal(err.offset,
                   (uint64_t)(strstr(doc1, "\"seller_nam\"") - doc1));
  assert_int_equal(err.line, 3);
  assert_int_equal(err.column, 7);
  /* The unknown field name is a key of "constants". */
  static const char doc2[] = "{\"constants\": {\n"
                             "  \"curency\": \"EUR\"}}";
  memset(&err, 0, sizeof err);
  assert_int_equal(sdq_config_load_mapping(c, S(doc2), &err), SDQ_ENOTFOUND);
  assert_int_equal(err.line, 2);
  assert_int_equal(err.column, 3);
  assert_int_equal(err.offset, (uint64_t)(strstr(doc2, "\"curency\"") - doc2));
  sdq_config_free(c);
}

/* The position of an unknown top-level member whose key has escapes is
 * that of its opening quote (this used to be computed from the decoded
 * length). */
static void test_mapping_unknown_member_escaped_position(void **state) {
  (void)state;
  sdq_config *c = NULL;
  assert_int_equal(sdq_config_new(NULL, &c), SDQ_OK);
  sdq_error err;
  static const char doc[] = "{\"columns\": {},\n"
                            "  \"b\\u006fgus\": {}}";
  memset(&err, 0, sizeof err);
  assert_int_equal(sdq_config_load_mapping(c, S(doc), &err), SDQ_EPARSE);
  assert_non_null(strstr(err.message, "bogus"));
  assert_int_equal(err.line, 2);
  assert_int_equal(err.column, 3);
  sdq_config_free(c);
}

static void test_mapping_invalid_json(void **state) {
  (void)state;
  sdq_config *c = NULL;
  assert_int_equal(sdq_config_new(NULL, &c), SDQ_OK);
  sdq_error err;
  /* A trailing comma: the error is at the '}' that follows it. */
  static const char doc[] = "{\n"
                            "  \"columns\": {\n"
                            "    \"A\": \"seller_name\",\n"
                            "  }\n"
                            "}\n";
  memset(&err, 0, sizeof err);
  assert_int_equal(sdq_config_load_mapping(c, S(doc), &err), SDQ_EPARSE);
  assert_int_equal(err.code, SDQ_EPARSE);
  assert_int_equal(err.line, 4);
  assert_int_equal(err.column, 3);
  assert_int_equal(err.offset, (uint64_t)(strstr(doc, "  }\n}") - doc) + 2);
  assert_true(strlen(err.message) > 0);

  /* Truncated document: the error is at the end of the input. */
  static const char cut[] = "{\"columns\": {\"A\": \"seller_name\"}";
  memset(&err, 0, sizeof err);
  assert_int_equal(sdq_config_load_mapping(c, S(cut), &err), SDQ_EPARSE);
  assert_int_equal(err.line, 1);
  assert_int_equal(err.offset, sizeof cut - 1);
  assert_int_equal(err.column, sizeof cut);

  /* Empty input, garbage after the object. */
  assert_int_equal(sdq_config_load_mapping(c, NULL, 0, &err), SDQ_EPARSE);
  assert_int_equal(sdq_config_load_mapping(c, S("{} x"), &err), SDQ_EPARSE);
  assert_int_equal(err.offset, 3);
  assert_int_equal(err.column, 4);
  sdq_config_free(c);
}

static void test_mapping_failure_changes_nothing(void **state) {
  (void)state;
  sdq_config *c = NULL;
  assert_int_equal(sdq_config_new(NULL, &c), SDQ_OK);
  sdq_error err;
  assert_int_equal(sdq_config_load_mapping(c, S(MAPPING_OK), &err), SDQ_OK);

  /* Each document changes mappings and constants before failing. */
  static const char bad_member[] =
      "{\"columns\": {\"Absender\": \"buyer_name\",\n"
      "  \"Empfaenger\": \"buyer_name\", \"Internal Ref\": \"seller_id\"},\n"
      " \"constants\": {\"seller_country\": \"CN\", \"currency\": \"USD\"},\n"
      " \"bogus\": 1}";
  assert_int_equal(sdq_config_load_mapping(c, S(bad_member), &err), SDQ_EPARSE);
  assert_non_null(strstr(err.message, "bogus"));
  assert_int_equal(err.line, 4);
  expect_mapping_ok_applies(c);

  static const char bad_field[] =
      "{\"columns\": {\"Absender\": \"buyer_name\", \"Zoll Nr\": null},\n"
      " \"constants\": {\"seller_country\": \"CN\", \"bogus_field\": \"x\"}}";
  assert_int_equal(sdq_config_load_mapping(c, S(bad_field), &err),
                   SDQ_ENOTFOUND);
  assert_non_null(strstr(err.message, "bogus_field"));
  expect_mapping_ok_applies(c);

  static const char bad_json[] =
      "{\"columns\": {\"Absender\": \"buyer_address\"},\n"
      " \"constants\": {\"currency\": \"USD\", \"buyer_country\": \"DE\"}";
  assert_int_equal(sdq_config_load_mapping(c, S(bad_json), &err), SDQ_EPARSE);
  assert_int_equal(err.line, 2);
  expect_mapping_ok_applies(c);

  static const char bad_value[] =
      "{\"columns\": {\"Empfaenger\": \"buyer_name\", \"Absender\": {}}}";
  assert_int_equal(sdq_config_load_mapping(c, S(bad_value), &err), SDQ_EPARSE);
  expect_mapping_ok_applies(c);
  sdq_config_free(c);
}

/* ------------------------------------------------------------------------ */
/* Records                                                                   */
/* ------------------------------------------------------------------------ */

static void test_record_set_get(void **state) {
  (void)state;
  sdq_engine *e = new_engine();
  sdq_record *r = new_record(e);
  expect_field(r, SDQ_FIELD_SELLER_NAME, NULL);
  assert_int_equal(sdq_record_item_count(r), 0);
  assert_int_equal(sdq_record_number(r), 0);
  assert_int_equal(sdq_record_line(r), 0);

  set_str(r, SDQ_FIELD_SELLER_NAME, "ACME");
  expect_field(r, SDQ_FIELD_SELLER_NAME, "ACME");
  set_str(r, SDQ_FIELD_SELLER_NAME, "ACME Ltd"); /* set again replaces */
  expect_field(r, SDQ_FIELD_SELLER_NAME, "ACME Ltd");
  assert_int_equal(sdq_record_set(r, SDQ_FIELD_BUYER_NAME, S("")), SDQ_OK);
  expect_field(r, SDQ_FIELD_BUYER_NAME, ""); /* present but empty */
  /* Embedded NUL bytes are kept: values have explicit lengths. */
  assert_int_equal(sdq_record_set(r, SDQ_FIELD_BUYER_ID, "a\0b", 3), SDQ_OK);
  const char *v = NULL;
  size_t n = 0;
  assert_int_equal(sdq_record_get(r, SDQ_FIELD_BUYER_ID, &v, &n), 1);
  assert_int_equal(n, 3);
  assert_memory_equal(v, "a\0b", 3);

  assert_int_equal(sdq_record_unset(r, SDQ_FIELD_SELLER_NAME), SDQ_OK);
  expect_field(r, SDQ_FIELD_SELLER_NAME, NULL);
  assert_int_equal(sdq_record_unset(r, SDQ_FIELD_SELLER_NAME), SDQ_OK);
  expect_field(r, SDQ_FIELD_BUYER_NAME, ""); /* others untouched */
  /* unset takes consignment fields only. */
  assert_int_equal(sdq_record_unset(r, SDQ_FIELD_DESCRIPTION), SDQ_EINVAL);

  /* Every consignment field can be set and read back. */
  for (int f = 0; f < SDQ_CONSIGNMENT_FIELD_COUNT; f++) {
    const char *name = sdq_field_name((sdq_field)f);
    assert_int_equal(sdq_record_set(r, (sdq_field)f, name, strlen(name)),
                     SDQ_OK);
  }
  for (int f = 0; f < SDQ_CONSIGNMENT_FIELD_COUNT; f++)
    expect_field(r, (sdq_field)f, sdq_field_name((sdq_field)f));
  assert_int_equal(sdq_record_item_count(r), 0);

  sdq_record_clear(r);
  for (int f = 0; f < SDQ_CONSIGNMENT_FIELD_COUNT; f++)
    expect_field(r, (sdq_field)f, NULL);
  /* The record keeps working after clear. */
  set_str(r, SDQ_FIELD_AWB, "123-45678901");
  expect_field(r, SDQ_FIELD_AWB, "123-45678901");
  sdq_record_free(r);
  sdq_engine_free(e);
}

static void test_record_items(void **state) {
  (void)state;
  sdq_engine *e = new_engine();
  sdq_record *r = new_record(e);
  const char *v;
  size_t n;

  /* An item field set on the consignment goes to item 0, created. */
  set_str(r, SDQ_FIELD_DESCRIPTION, "Shoes");
  assert_int_equal(sdq_record_item_count(r), 1);
  expect_field(r, SDQ_FIELD_DESCRIPTION, "Shoes");
  assert_int_equal(sdq_record_get_item(r, 0, SDQ_FIELD_DESCRIPTION, &v, &n), 1);
  assert_int_equal(n, 5);
  assert_memory_equal(v, "Shoes", 5);
  set_str(r, SDQ_FIELD_HS_CODE, "640399"); /* the same item 0 */
  assert_int_equal(sdq_record_item_count(r), 1);
  expect_field(r, SDQ_FIELD_HS_CODE, "640399");

  size_t idx = 99;
  assert_int_equal(sdq_record_add_item(r, &idx), SDQ_OK);
  assert_int_equal(idx, 1);
  assert_int_equal(sdq_record_item_count(r), 2);
  /* A new item is empty. */
  for (int k = 0; k < SDQ_ITEM_FIELD_COUNT; k++) {
    v = SENTINEL(const char);
    assert_int_equal(
        sdq_record_get_item(r, 1, (sdq_field)(SDQ_ITEM_FIELD_BASE + k), &v, &n),
        0);
    assert_null(v);
  }
  assert_int_equal(sdq_record_set_item(r, 1, SDQ_FIELD_DESCRIPTION, S("Socks")),
                   SDQ_OK);
  assert_int_equal(sdq_record_set_item(r, 1, SDQ_FIELD_QUANTITY, S("3")),
                   SDQ_OK);
  assert_int_equal(sdq_record_get_item(r, 1, SDQ_FIELD_DESCRIPTION, &v, &n), 1);
  assert_int_equal(n, 5);
  assert_memory_equal(v, "Socks", 5);
  expect_field(r, SDQ_FIELD_DESCRIPTION, "Shoes"); /* item 0 unchanged */
  assert_int_equal(sdq_record_add_item(r, NULL), SDQ_OK);
  assert_int_equal(sdq_record_item_count(r), 3);

  /* Missing item, consignment field given as item field. */
  assert_int_equal(sdq_record_set_item(r, 3, SDQ_FIELD_DESCRIPTION, S("x")),
                   SDQ_EINVAL);
  assert_int_equal(
      sdq_record_set_item(r, (size_t)-1, SDQ_FIELD_DESCRIPTION, S("x")),
      SDQ_EINVAL);
  assert_int_equal(
      sdq_record_set_item_view(r, 3, SDQ_FIELD_DESCRIPTION, S("x")),
      SDQ_EINVAL);
  assert_int_equal(sdq_record_set_item(r, 0, SDQ_FIELD_SELLER_NAME, S("x")),
                   SDQ_EINVAL);
  assert_int_equal(
      sdq_record_set_item_view(r, 0, SDQ_FIELD_SELLER_NAME, S("x")),
      SDQ_EINVAL);
  expect_field(r, SDQ_FIELD_SELLER_NAME, NULL);
  assert_int_equal(sdq_record_item_count(r), 3);

  /* get_item on a consignment field reads the consignment. */
  set_str(r, SDQ_FIELD_SELLER_NAME, "ACME");
  assert_int_equal(sdq_record_get_item(r, 2, SDQ_FIELD_SELLER_NAME, &v, &n), 1);
  assert_int_equal(n, 4);

  /* Clear removes items; the record keeps working. */
  sdq_record_clear(r);
  assert_int_equal(sdq_record_item_count(r), 0);
  expect_field(r, SDQ_FIELD_DESCRIPTION, NULL);
  assert_int_equal(sdq_record_set_item(r, 0, SDQ_FIELD_DESCRIPTION, S("x")),
                   SDQ_EINVAL);
  assert_int_equal(sdq_record_add_item(r, &idx), SDQ_OK);
  assert_int_equal(idx, 0);
  expect_field(r, SDQ_FIELD_DESCRIPTION, NULL); /* no stale value */
  assert_int_equal(sdq_record_set_item(r, 0, SDQ_FIELD_DESCRIPTION, S("Hat")),
                   SDQ_OK);
  expect_field(r, SDQ_FIELD_DESCRIPTION, "Hat");
  sdq_record_free(r);
  sdq_engine_free(e);
}

static void test_record_limits(void **state) {
  (void)state;
  sdq_config *c = NULL;
  assert_int_equal(sdq_config_new(NULL, &c), SDQ_OK);
  assert_int_equal(sdq_config_set_limit(c, SDQ_LIMIT_FIELD_BYTES, 16), SDQ_OK);
  assert_int_equal(sdq_config_set_limit(c, SDQ_LIMIT_ITEMS, 3), SDQ_OK);
  sdq_engine *e = NULL;
  assert_int_equal(sdq_engine_new(c, &e, NULL), SDQ_OK);
  sdq_config_free(c);
  sdq_record *r = new_record(e);

  static const char v17[] = "0123456789abcdefX";
  assert_int_equal(sdq_record_set(r, SDQ_FIELD_BUYER_NAME, v17, 16), SDQ_OK);
  assert_int_equal(sdq_record_set(r, SDQ_FIELD_BUYER_NAME, v17, 17),
                   SDQ_ELIMIT);
  assert_int_equal(sdq_record_set_view(r, SDQ_FIELD_BUYER_NAME, v17, 17),
                   SDQ_ELIMIT);
  const char *v;
  size_t n;
  assert_int_equal(sdq_record_get(r, SDQ_FIELD_BUYER_NAME, &v, &n), 1);
  assert_int_equal(n, 16);

  size_t idx;
  for (size_t i = 0; i < 3; i++) {
    assert_int_equal(sdq_record_add_item(r, &idx), SDQ_OK);
    assert_int_equal(idx, i);
  }
  idx = 42;
  assert_int_equal(sdq_record_add_item(r, &idx), SDQ_ELIMIT);
  assert_int_equal(idx, 42);
  assert_int_equal(sdq_record_item_count(r), 3);
  assert_int_equal(sdq_record_set_item(r, 2, SDQ_FIELD_DESCRIPTION, v17, 17),
                   SDQ_ELIMIT);
  assert_int_equal(sdq_record_set_item(r, 2, SDQ_FIELD_DESCRIPTION, v17, 16),
                   SDQ_OK);

  /* After clear the limits count from zero again. */
  sdq_record_clear(r);
  for (size_t i = 0; i < 3; i++)
    assert_int_equal(sdq_record_add_item(r, NULL), SDQ_OK);
  assert_int_equal(sdq_record_add_item(r, NULL), SDQ_ELIMIT);

  /* The default item limit is 10000. */
  sdq_record_free(r);
  sdq_engine_free(e);
  e = new_engine();
  r = new_record(e);
  for (size_t i = 0; i < 10000; i++)
    assert_int_equal(sdq_record_add_item(r, NULL), SDQ_OK);
  assert_int_equal(sdq_record_add_item(r, NULL), SDQ_ELIMIT);
  assert_int_equal(sdq_record_item_count(r), 10000);
  /* The default field limit is 65536 bytes. */
  char *big = malloc(65537);
  assert_non_null(big);
  memset(big, 'a', 65537);
  assert_int_equal(sdq_record_set(r, SDQ_FIELD_BUYER_ADDRESS, big, 65536),
                   SDQ_OK);
  assert_int_equal(sdq_record_set(r, SDQ_FIELD_BUYER_ADDRESS, big, 65537),
                   SDQ_ELIMIT);
  free(big);
  sdq_record_free(r);
  sdq_engine_free(e);
}

static void test_record_copy_and_view(void **state) {
  (void)state;
  sdq_engine *e = new_engine();
  sdq_record *r = new_record(e);
  char buf[16];
  const char *v;
  size_t n;

  /* Copies survive the caller's buffer changing. */
  strcpy(buf, "ACME");
  assert_int_equal(sdq_record_set(r, SDQ_FIELD_SELLER_NAME, buf, 4), SDQ_OK);
  strcpy(buf, "DESC");
  assert_int_equal(sdq_record_set(r, SDQ_FIELD_DESCRIPTION, buf, 4), SDQ_OK);
  strcpy(buf, "ITM1");
  assert_int_equal(sdq_record_add_item(r, NULL), SDQ_OK);
  assert_int_equal(sdq_record_set_item(r, 1, SDQ_FIELD_DESCRIPTION, buf, 4),
                   SDQ_OK);
  memset(buf, 'z', sizeof buf);
  expect_field(r, SDQ_FIELD_SELLER_NAME, "ACME");
  expect_field(r, SDQ_FIELD_DESCRIPTION, "DESC");
  assert_int_equal(sdq_record_get_item(r, 1, SDQ_FIELD_DESCRIPTION, &v, &n), 1);
  assert_true(v != buf);
  assert_int_equal(n, 4);
  assert_memory_equal(v, "ITM1", 4);

  /* Views do not copy: the same pointer comes back. */
  strcpy(buf, "VIEW");
  assert_int_equal(sdq_record_set_view(r, SDQ_FIELD_BUYER_NAME, buf, 4),
                   SDQ_OK);
  assert_int_equal(sdq_record_get(r, SDQ_FIELD_BUYER_NAME, &v, &n), 1);
  assert_ptr_equal(v, buf);
  assert_int_equal(n, 4);
  buf[0] = 'X';
  assert_int_equal(sdq_record_get(r, SDQ_FIELD_BUYER_NAME, &v, &n), 1);
  assert_memory_equal(v, "XIEW", 4);

  assert_int_equal(
      sdq_record_set_item_view(r, 1, SDQ_FIELD_HS_CODE, buf + 1, 3), SDQ_OK);
  assert_int_equal(sdq_record_get_item(r, 1, SDQ_FIELD_HS_CODE, &v, &n), 1);
  assert_ptr_equal(v, buf + 1);
  assert_int_equal(n, 3);

  /* A view of an item field given on the consignment: item 0. */
  assert_int_equal(sdq_record_set_view(r, SDQ_FIELD_QUANTITY, buf, 2), SDQ_OK);
  assert_int_equal(sdq_record_get_item(r, 0, SDQ_FIELD_QUANTITY, &v, &n), 1);
  assert_ptr_equal(v, buf);

  /* A set copy replaces a view, and the copy is not the buffer. */
  assert_int_equal(sdq_record_set(r, SDQ_FIELD_BUYER_NAME, buf, 4), SDQ_OK);
  assert_int_equal(sdq_record_get(r, SDQ_FIELD_BUYER_NAME, &v, &n), 1);
  assert_true(v != buf);
  buf[0] = 'Q';
  assert_memory_equal(v, "XIEW", 4);

  /* Many copies (beyond one arena block) all stay intact. */
  char tmp[64];
  for (int round = 0; round < 3; round++) {
    sdq_record_clear(r);
    for (int i = 0; i < 2000; i++) {
      int len = snprintf(tmp, sizeof tmp, "value-%d-%d", round, i);
      if (i % 2 == 0) {
        assert_int_equal(sdq_record_add_item(r, NULL), SDQ_OK);
        assert_int_equal(sdq_record_set_item(r, (size_t)i / 2,
                                             SDQ_FIELD_DESCRIPTION, tmp,
                                             (size_t)len),
                         SDQ_OK);
      } else {
        assert_int_equal(
            sdq_record_set(r, (sdq_field)(i % 34), tmp, (size_t)len), SDQ_OK);
      }
    }
    for (int i = 0; i < 2000; i += 2) {
      int len = snprintf(tmp, sizeof tmp, "value-%d-%d", round, i);
      assert_int_equal(
          sdq_record_get_item(r, (size_t)i / 2, SDQ_FIELD_DESCRIPTION, &v, &n),
          1);
      assert_int_equal(n, (size_t)len);
      assert_memory_equal(v, tmp, n);
    }
    /* The last write of each consignment field: i = 1999 - ... */
    for (int f = 0; f < 34; f++) {
      int last = -1;
      for (int i = 1; i < 2000; i += 2)
        if (i % 34 == f)
          last = i;
      if (last < 0)
        continue;
      int len = snprintf(tmp, sizeof tmp, "value-%d-%d", round, last);
      assert_int_equal(sdq_record_get(r, (sdq_field)f, &v, &n), 1);
      assert_int_equal(n, (size_t)len);
      assert_memory_equal(v, tmp, n);
    }
  }
  sdq_record_free(r);
  sdq_engine_free(e);
}

/* ------------------------------------------------------------------------ */
/* Rules and names                                                           */
/* ------------------------------------------------------------------------ */

static void test_rules(void **state) {
  (void)state;
  assert_true(sdq_rule_count() >= 2);
  size_t missing = 99, placeholder = 99;
  assert_int_equal(sdq_rule_find("completeness.missing", &missing), SDQ_OK);
  assert_int_equal(sdq_rule_find("completeness.placeholder", &placeholder),
                   SDQ_OK);
  assert_true(missing < sdq_rule_count());
  assert_true(placeholder < sdq_rule_count());
  assert_true(missing != placeholder);
  assert_string_equal(sdq_rule_id(missing), "completeness.missing");
  assert_string_equal(sdq_rule_id(placeholder), "completeness.placeholder");
  assert_int_equal(sdq_rule_dimension(missing), SDQ_DIM_COMPLETENESS);
  assert_int_equal(sdq_rule_dimension(placeholder), SDQ_DIM_COMPLETENESS);
  assert_int_equal(sdq_rule_find("completeness.missing", NULL), SDQ_OK);

  size_t idx = 77;
  assert_int_equal(sdq_rule_find("completeness.nothing", &idx), SDQ_ENOTFOUND);
  assert_int_equal(idx, 77);
  assert_int_equal(sdq_rule_find("", &idx), SDQ_ENOTFOUND);
  assert_int_equal(sdq_rule_find("COMPLETENESS.MISSING", &idx), SDQ_ENOTFOUND);
  assert_int_equal(sdq_rule_find("completeness.missing ", &idx), SDQ_ENOTFOUND);

  for (size_t i = 0; i < sdq_rule_count(); i++) {
    const char *id = sdq_rule_id(i);
    assert_non_null(id);
    assert_non_null(strchr(id, '.'));
    const char *summary = sdq_rule_summary(i);
    assert_non_null(summary);
    assert_true(strlen(summary) > 10);
    assert_true((unsigned)sdq_rule_dimension(i) < SDQ_DIMENSION_COUNT);
    /* The id starts with the name of its dimension. */
    const char *dim = sdq_dimension_name(sdq_rule_dimension(i));
    assert_non_null(dim);
    assert_int_equal(strncmp(id, dim, strlen(dim)), 0);
    assert_int_equal(id[strlen(dim)], '.');
    size_t back = 99;
    assert_int_equal(sdq_rule_find(id, &back), SDQ_OK);
    assert_int_equal(back, i);
    for (size_t j = 0; j < i; j++)
      assert_string_not_equal(id, sdq_rule_id(j));
  }
}

static void test_enum_names(void **state) {
  (void)state;
  static const char *const dims[] = {"completeness", "validity", "consistency",
                                     "uniqueness", "risk"};
  for (int d = 0; d < SDQ_DIMENSION_COUNT; d++)
    assert_string_equal(sdq_dimension_name((sdq_dimension)d), dims[d]);
  assert_string_equal(sdq_severity_name(SDQ_SEVERITY_INFO), "info");
  assert_string_equal(sdq_severity_name(SDQ_SEVERITY_WARNING), "warning");
  assert_string_equal(sdq_severity_name(SDQ_SEVERITY_ERROR), "error");
  assert_string_equal(sdq_level_name(SDQ_LEVEL_LOW), "low");
  assert_string_equal(sdq_level_name(SDQ_LEVEL_MEDIUM), "medium");
  assert_string_equal(sdq_level_name(SDQ_LEVEL_HIGH), "high");
  assert_null(sdq_dimension_name((sdq_dimension)5));
  assert_null(sdq_dimension_name((sdq_dimension)INT32_MIN));
  assert_null(sdq_severity_name((sdq_severity)INT32_MAX));
  assert_null(sdq_level_name((sdq_level)-2));
}

/* ------------------------------------------------------------------------ */
/* Results and metrics                                                       */
/* ------------------------------------------------------------------------ */

static void test_result_complete_record(void **state) {
  (void)state;
  sdq_engine *e = new_engine();
  sdq_record *r = new_record(e);
  sdq_batch *b = new_batch(e);
  sdq_result *res = new_result(e);
  fill_required(r);
  assert_int_equal(sdq_batch_assess(b, r, res), SDQ_OK);
  assert_true(sdq_result_quality(res) == 100.0);
  assert_true(sdq_result_risk(res) == 0.0);
  assert_int_equal(sdq_result_level(res), SDQ_LEVEL_LOW);
  assert_int_equal(sdq_result_finding_count(res), 0);
  assert_null(sdq_result_finding(res, 0));
  uint32_t made = 99, passed = 99;
  /* 9 required consignment fields and 1 description: 10 checks. */
  assert_true(sdq_result_dimension_quality(res, SDQ_DIM_COMPLETENESS, &made,
                                           &passed) == 100.0);
  assert_int_equal(made, 10);
  assert_int_equal(passed, 10);
  /* Validity: the texts of seller_name, buyer_name, buyer_address and
   * description, the two countries, the two numbers and the currency. */
  made = passed = 99;
  assert_true(sdq_result_dimension_quality(res, SDQ_DIM_VALIDITY, &made,
                                           &passed) == 100.0);
  assert_int_equal(made, 9);
  assert_int_equal(passed, 9);
  /* Consistency: total_value has no more decimals than EUR has (the other
   * comparisons lack a value: no item_value, no net_weight). Uniqueness:
   * the shipment_id, seen for the first time. */
  static const uint32_t want_made[SDQ_DIMENSION_COUNT] = {10, 9, 1, 1, 0};
  for (int d = SDQ_DIM_CONSISTENCY; d < SDQ_DIMENSION_COUNT; d++) {
    made = passed = 99;
    assert_true(sdq_result_dimension_quality(res, (sdq_dimension)d, &made,
                                             &passed) == 100.0);
    assert_int_equal(made, want_made[d]);
    assert_int_equal(passed, want_made[d]);
  }
  /* NULL count pointers are allowed. */
  assert_true(sdq_result_dimension_quality(res, SDQ_DIM_COMPLETENESS, NULL,
                                           NULL) == 100.0);
  /* The record is not changed by the assessment. */
  expect_field(r, SDQ_FIELD_CURRENCY, "EUR");
  assert_int_equal(sdq_record_item_count(r), 1);

  /* Reusing the result replaces its content. (Each assessment gets its own
   * shipment_id: the batch reports an id seen before.) */
  set_str(r, SDQ_FIELD_SHIPMENT_ID, "SHP-2026-000002");
  assert_int_equal(sdq_record_unset(r, SDQ_FIELD_CURRENCY), SDQ_OK);
  assert_int_equal(sdq_batch_assess(b, r, res), SDQ_OK);
  assert_int_equal(sdq_result_finding_count(res), 1);
  /* 9 of 10 completeness checks, 8 of 8 validity checks and 1 of 1
   * uniqueness check passed. */
  assert_true(dabs(sdq_result_quality(res) - 100.0 * 18 / 19) < 1e-9);
  assert_true(sdq_result_risk(res) > 0.0);
  set_str(r, SDQ_FIELD_CURRENCY, "EUR");
  set_str(r, SDQ_FIELD_SHIPMENT_ID, "SHP-2026-000003");
  assert_int_equal(sdq_batch_assess(b, r, res), SDQ_OK);
  assert_int_equal(sdq_result_finding_count(res), 0);
  assert_true(sdq_result_risk(res) == 0.0);
  assert_true(sdq_result_quality(res) == 100.0);

  /* An empty record: every check fails. */
  sdq_record_clear(r);
  assert_int_equal(sdq_batch_assess(b, r, res), SDQ_OK);
  assert_true(sdq_result_quality(res) == 0.0);
  assert_int_equal(sdq_result_finding_count(res), 10);
  assert_int_equal(sdq_result_level(res), SDQ_LEVEL_HIGH);
  assert_true(sdq_result_dimension_quality(res, SDQ_DIM_COMPLETENESS, &made,
                                           &passed) == 0.0);
  assert_int_equal(made, 10);
  assert_int_equal(passed, 0);

  sdq_result_free(res);
  sdq_batch_free(b);
  sdq_record_free(r);
  sdq_engine_free(e);
}

static void test_metrics_invariants(void **state) {
  (void)state;
  sdq_engine *e = new_engine();
  sdq_record *r = new_record(e);
  sdq_batch *b = new_batch(e);
  sdq_result *res = new_result(e);
  const sdq_metrics *m = sdq_batch_metrics(b);
  assert_ptr_equal(m, sdq_batch_metrics(b));

  sdq_record_counts rc;
  memset(&rc, 0x5a, sizeof rc);
  assert_int_equal(sdq_metrics_records(m, &rc), SDQ_OK);
  assert_int_equal(rc.read, 0);
  assert_int_equal(rc.assessed, 0);
  assert_int_equal(rc.rejected, 0);
  assert_int_equal(rc.items, 0);

  /* 1: complete, one item. */
  fill_required(r);
  assert_int_equal(sdq_batch_assess(b, r, res), SDQ_OK);
  /* 2: two items, seller_name a placeholder, buyer_address missing. */
  set_str(r, SDQ_FIELD_SHIPMENT_ID, "SHP-2026-000002");
  assert_int_equal(sdq_record_add_item(r, NULL), SDQ_OK);
  set_str(r, SDQ_FIELD_SELLER_NAME, "N/A");
  assert_int_equal(sdq_record_unset(r, SDQ_FIELD_BUYER_ADDRESS), SDQ_OK);
  assert_int_equal(sdq_batch_assess(b, r, res), SDQ_OK);
  assert_int_equal(sdq_result_finding_count(res), 3);
  /* 3: no items at all. */
  sdq_record_clear(r);
  set_str(r, SDQ_FIELD_SELLER_NAME, "ACME");
  assert_int_equal(sdq_batch_assess(b, r, res), SDQ_OK);
  /* Two rejected records, one with and one without details. */
  sdq_error err;
  memset(&err, 0, sizeof err);
  err.code = SDQ_EPARSE;
  err.record = 4;
  err.line = 5;
  assert_int_equal(sdq_batch_reject(b, &err), SDQ_OK);
  assert_int_equal(sdq_batch_reject(b, NULL), SDQ_OK);

  assert_int_equal(sdq_metrics_records(m, &rc), SDQ_OK);
  assert_int_equal(rc.assessed, 3);
  assert_int_equal(rc.rejected, 2);
  assert_int_equal(rc.read, 5);
  assert_int_equal(rc.read, rc.assessed + rc.rejected);
  assert_int_equal(rc.items, 3);

  /* Field counts: present + missing + placeholder == occurrences. */
  for (int i = 0; i < ALL_FIELDS; i++) {
    sdq_field_counts fc;
    memset(&fc, 0x5a, sizeof fc);
    assert_int_equal(sdq_metrics_field(m, field_at(i), &fc), SDQ_OK);
    assert_int_equal(fc.present + fc.missing + fc.placeholder, fc.occurrences);
    /* A consignment field once per record; an item field once per item,
     * plus once for the record without items. */
    assert_int_equal(fc.occurrences,
                     i < SDQ_CONSIGNMENT_FIELD_COUNT ? 3 : 1 + 2 + 1);
  }
  sdq_field_counts fc;
  assert_int_equal(sdq_metrics_field(m, SDQ_FIELD_SELLER_NAME, &fc), SDQ_OK);
  assert_int_equal(fc.present, 2);
  assert_int_equal(fc.placeholder, 1);
  assert_int_equal(fc.missing, 0);
  assert_int_equal(fc.required, 1);
  assert_int_equal(sdq_metrics_field(m, SDQ_FIELD_BUYER_ADDRESS, &fc), SDQ_OK);
  assert_int_equal(fc.present, 1);
  assert_int_equal(fc.missing, 2);
  assert_int_equal(fc.placeholder, 0);
  assert_int_equal(sdq_metrics_field(m, SDQ_FIELD_DESCRIPTION, &fc), SDQ_OK);
  assert_int_equal(fc.present, 2); /* item 0 of records 1 and 2 */
  assert_int_equal(fc.missing, 2); /* item 1 of record 2, record 3 */
  assert_int_equal(fc.required, 1);
  assert_int_equal(sdq_metrics_field(m, SDQ_FIELD_AWB, &fc), SDQ_OK);
  assert_int_equal(fc.present, 0);
  assert_int_equal(fc.missing, 3);
  assert_int_equal(fc.required, 0);
  assert_int_equal(sdq_metrics_field(m, SDQ_FIELD_HS_CODE, &fc), SDQ_OK);
  assert_int_equal(fc.missing, 4);
  assert_int_equal(fc.required, 0);

  size_t missing, placeholder;
  assert_int_equal(sdq_rule_find("completeness.missing", &missing), SDQ_OK);
  assert_int_equal(sdq_rule_find("completeness.placeholder", &placeholder),
                   SDQ_OK);
  sdq_rule_counts rl;
  assert_int_equal(sdq_metrics_rule(m, missing, &rl), SDQ_OK);
  /* record 2: buyer_address, item 1 description; record 3: 8 required
   * consignment fields and description. */
  assert_int_equal(rl.records, 2);
  assert_int_equal(rl.findings, 2 + 9);
  assert_int_equal(sdq_metrics_rule(m, placeholder, &rl), SDQ_OK);
  assert_int_equal(rl.records, 1);
  assert_int_equal(rl.findings, 1);
  for (size_t i = 0; i < sdq_rule_count(); i++)
    if (i != missing && i != placeholder &&
        sdq_rule_dimension(i) == SDQ_DIM_COMPLETENESS) {
      assert_int_equal(sdq_metrics_rule(m, i, &rl), SDQ_OK);
      assert_int_equal(rl.records, 0);
      assert_int_equal(rl.findings, 0);
    }

  /* Records from another batch do not count here. */
  sdq_batch *b2 = new_batch(e);
  assert_int_equal(sdq_batch_assess(b2, r, res), SDQ_OK);
  assert_int_equal(sdq_metrics_records(m, &rc), SDQ_OK);
  assert_int_equal(rc.assessed, 3);
  sdq_batch_free(b2);

  sdq_result_free(res);
  sdq_batch_free(b);
  sdq_record_free(r);
  sdq_engine_free(e);
}

/* A reader's records, assessed and rejected, keep read = assessed +
 * rejected and match the reader's own count. */
static void test_metrics_with_reader(void **state) {
  (void)state;
  sdq_engine *e = new_engine();
  sdq_record *r = new_record(e);
  sdq_batch *b = new_batch(e);
  sdq_result *res = new_result(e);
  sdq_reader *rd = new_reader(e, SDQ_FORMAT_NDJSON);
  static const char input[] =
      "{\"shipment_id\": \"A1\", \"items\": [{\"description\": \"x\"}]}\n"
      "{\"shipment_id\": \n"
      "\n"
      "[1, 2]\n"
      "{\"shipment_id\": \"A2\"}\n";
  assert_int_equal(sdq_reader_feed(rd, S(input)), SDQ_OK);
  assert_int_equal(sdq_reader_finish(rd), SDQ_OK);
  sdq_error err;
  sdq_status st;
  uint64_t assessed = 0, rejected = 0;
  uint64_t reject_lines[4] = {0};
  while ((st = sdq_reader_next(rd, r, &err)) != SDQ_END) {
    if (st == SDQ_OK) {
      assert_int_equal(sdq_batch_assess(b, r, res), SDQ_OK);
      assessed++;
    } else {
      assert_int_equal(st, SDQ_EPARSE);
      assert_int_equal(err.code, SDQ_EPARSE);
      assert_true(rejected < 4);
      reject_lines[rejected++] = err.line;
      assert_int_equal(sdq_batch_reject(b, &err), SDQ_OK);
    }
  }
  assert_int_equal(assessed, 2);
  assert_int_equal(rejected, 2);
  assert_int_equal(reject_lines[0], 2);
  assert_int_equal(reject_lines[1], 4);
  sdq_record_counts rc;
  assert_int_equal(sdq_metrics_records(sdq_batch_metrics(b), &rc), SDQ_OK);
  assert_int_equal(rc.read, sdq_reader_records(rd));
  assert_int_equal(rc.read, 4);
  assert_int_equal(rc.assessed, 2);
  assert_int_equal(rc.rejected, 2);
  assert_int_equal(rc.items, 1);
  sdq_reader_free(rd);
  sdq_result_free(res);
  sdq_batch_free(b);
  sdq_record_free(r);
  sdq_engine_free(e);
}

/* ------------------------------------------------------------------------ */
/* Regressions: bugs found and fixed                                         */
/* ------------------------------------------------------------------------ */

/* lib/result.c sdq_result_dimension_quality(): a NULL result gives 100
 * while sdq_result_quality(NULL) gives 0 (NULL getters return 0). */
static void bug_dimension_quality_null(void **state) {
  (void)state;
  uint32_t made = 9, passed = 9;
  assert_true(sdq_result_quality(NULL) == 0.0);
  assert_true(sdq_result_dimension_quality(NULL, SDQ_DIM_COMPLETENESS, &made,
                                           &passed) == 0.0);
  assert_int_equal(made, 0);
  assert_int_equal(passed, 0);
}

/* lib/record.c set_consignment(): sdq_record_set() of an item field on a
 * record without items creates item 0 before checking the value against
 * SDQ_LIMIT_FIELD_BYTES, so a call failing with SDQ_ELIMIT leaves an empty
 * item behind (which changes the assessment: "description missing in item
 * 0" instead of "the consignment has no items"). */
static void bug_record_set_failed_leaves_item(void **state) {
  (void)state;
  sdq_config *c = NULL;
  assert_int_equal(sdq_config_new(NULL, &c), SDQ_OK);
  assert_int_equal(sdq_config_set_limit(c, SDQ_LIMIT_FIELD_BYTES, 4), SDQ_OK);
  sdq_engine *e = NULL;
  assert_int_equal(sdq_engine_new(c, &e, NULL), SDQ_OK);
  sdq_config_free(c);
  sdq_record *r = new_record(e);
  assert_int_equal(sdq_record_set(r, SDQ_FIELD_DESCRIPTION, S("too long")),
                   SDQ_ELIMIT);
  assert_int_equal(sdq_record_item_count(r), 0);
  sdq_record_free(r);
  sdq_engine_free(e);
}

/* lib/read/reader.c reader_frame(): `r->chunk + r->pos` with chunk == NULL
 * (no feed, or a feed of NULL with length 0) is pointer arithmetic on a
 * null pointer, undefined behaviour that clang's UBSan reports as "applying
 * zero offset to null pointer" (reader.c:230). The calls return the right
 * statuses, so this test fails only under UBSan with
 * UBSAN_OPTIONS=halt_on_error=1 (or -fno-sanitize-recover=undefined). */
static void bug_reader_null_chunk_arithmetic(void **state) {
  (void)state;
  sdq_engine *e = new_engine();
  sdq_record *rec = new_record(e);
  sdq_error err;
  for (int format = 0; format < 2; format++) {
    /* finish without any feed */
    sdq_reader *r = new_reader(e, (sdq_format)format);
    assert_int_equal(sdq_reader_finish(r), SDQ_OK);
    assert_int_equal(sdq_reader_next(r, rec, &err), SDQ_END);
    assert_int_equal(sdq_reader_records(r), 0);
    sdq_reader_free(r);
    /* an empty feed of NULL */
    r = new_reader(e, (sdq_format)format);
    assert_int_equal(sdq_reader_feed(r, NULL, 0), SDQ_OK);
    assert_int_equal(sdq_reader_next(r, rec, &err), SDQ_NEED_INPUT);
    assert_int_equal(sdq_reader_finish(r), SDQ_OK);
    assert_int_equal(sdq_reader_next(r, rec, &err), SDQ_END);
    sdq_reader_free(r);
  }
  sdq_record_free(rec);
  sdq_engine_free(e);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_version),
      cmocka_unit_test(test_strerror),
      cmocka_unit_test(test_null_config_engine),
      cmocka_unit_test(test_null_record),
      cmocka_unit_test(test_null_reader),
      cmocka_unit_test(test_null_results_batches),
      cmocka_unit_test(test_reader_order),
      cmocka_unit_test(test_field_enum_values),
      cmocka_unit_test(test_field_names_round_trip),
      cmocka_unit_test(test_field_aliases),
      cmocka_unit_test(test_alias_uniqueness),
      cmocka_unit_test(test_config),
      cmocka_unit_test(test_config_map),
      cmocka_unit_test(test_mapping_valid),
      cmocka_unit_test(test_mapping_unknown_member),
      cmocka_unit_test(test_mapping_unknown_field),
      cmocka_unit_test(test_mapping_unknown_field_position),
      cmocka_unit_test(test_mapping_unknown_member_escaped_position),
      cmocka_unit_test(test_mapping_invalid_json),
      cmocka_unit_test(test_mapping_failure_changes_nothing),
      cmocka_unit_test(test_record_set_get),
      cmocka_unit_test(test_record_items),
      cmocka_unit_test(test_record_limits),
      cmocka_unit_test(test_record_copy_and_view),
      cmocka_unit_test(test_rules),
      cmocka_unit_test(test_enum_names),
      cmocka_unit_test(test_result_complete_record),
      cmocka_unit_test(test_metrics_invariants),
      cmocka_unit_test(test_metrics_with_reader),
  };
  const struct CMUnitTest regressions[] = {
      cmocka_unit_test(bug_dimension_quality_null),
      cmocka_unit_test(bug_record_set_failed_leaves_item),
      cmocka_unit_test(bug_reader_null_chunk_arithmetic),
  };
  int failed = cmocka_run_group_tests_name("api", tests, NULL, NULL);
  failed += cmocka_run_group_tests_name("regressions", regressions, NULL, NULL);
  return failed;
}
