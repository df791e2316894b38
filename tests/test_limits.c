/*
 * Hostile sizes: a 2 GB line, 10 million columns, a million items, nesting
 * 100,000 deep, a 1 GB field, NUL bytes, invalid UTF-8, input that ends in
 * the middle of a record, and a stream that stops and resumes. Each gives
 * a rejected record or a clean error with its position, the record after
 * it is read, and the memory the library holds (counted through the
 * allocator hooks) stays bounded by the limits, whatever the input's size.
 *
 * The big inputs are generated and fed in chunks, never held in memory.
 */
#define _POSIX_C_SOURCE 200809L
#include "test_util.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the headers above first. */
#include <cmocka.h>

/* What the library may hold beyond the record byte limit: the engine,
 * reader, record and the reader's tables. */
#define OVERHEAD (512u * 1024u)

typedef struct session {
  tu_alloc counts;
  sdq_allocator al;
  sdq_engine *engine;
  sdq_reader *reader;
  sdq_record *record;
  uint64_t record_limit;
} session;

static void open_session(session *s, sdq_format format, const tu_limits *l) {
  memset(s, 0, sizeof *s);
  s->al = tu_allocator(&s->counts);
  s->engine = tu_engine(&s->al, l);
  assert_non_null(s->engine);
  assert_int_equal(sdq_reader_new(s->engine, format, &s->reader), SDQ_OK);
  assert_int_equal(sdq_record_new(s->engine, &s->record), SDQ_OK);
  s->record_limit = l && l->record_bytes ? l->record_bytes : 4u << 20;
}

static void close_session(session *s) {
  sdq_record_free(s->record);
  sdq_reader_free(s->reader);
  sdq_engine_free(s->engine);
  assert_int_equal(s->counts.live, 0);
  assert_int_equal(s->counts.bad_sizes, 0);
}

/* Outcomes seen while feeding. */
typedef struct outcomes {
  size_t records, rejected;
  sdq_status last_error;
  sdq_error err; /* the first rejection */
  char first_id[64];
} outcomes;

static void drain(session *s, outcomes *o) {
  for (;;) {
    sdq_error err;
    memset(&err, 0, sizeof err);
    sdq_status st = sdq_reader_next(s->reader, s->record, &err);
    if (st == SDQ_NEED_INPUT || st == SDQ_END)
      return;
    if (st == SDQ_OK) {
      const char *v;
      size_t n;
      if (!o->records &&
          sdq_record_get(s->record, SDQ_FIELD_SHIPMENT_ID, &v, &n)) {
        n = n < sizeof o->first_id - 1 ? n : sizeof o->first_id - 1;
        memcpy(o->first_id, v, n);
        o->first_id[n] = '\0';
      }
      o->records++;
      continue;
    }
    assert_true(st == SDQ_EPARSE || st == SDQ_ELIMIT);
    assert_true(err.record >= 1);
    assert_true(err.line >= 1 && err.column >= 1);
    assert_true(strlen(err.message) > 0);
    if (!o->rejected)
      o->err = err;
    o->rejected++;
    o->last_error = st;
  }
}

static void feed(session *s, outcomes *o, const char *p, size_t n) {
  assert_int_equal(sdq_reader_feed(s->reader, p, n), SDQ_OK);
  drain(s, o);
}

static void finish(session *s, outcomes *o) {
  assert_int_equal(sdq_reader_finish(s->reader), SDQ_OK);
  drain(s, o);
}

/* Feeds `total` bytes made of `pattern` repeated, in 64 KiB chunks. */
static void feed_repeated(session *s, outcomes *o, const char *pattern,
                          uint64_t total) {
  static char chunk[65536];
  size_t plen = strlen(pattern);
  for (size_t i = 0; i < sizeof chunk; i++)
    chunk[i] = pattern[i % plen];
  uint64_t done = 0;
  while (done < total) {
    size_t n =
        total - done < sizeof chunk ? (size_t)(total - done) : sizeof chunk;
    n -= n % plen ? n % plen : 0; /* whole patterns, but for the last */
    if (!n)
      n = (size_t)(total - done);
    feed(s, o, chunk, n);
    done += n;
  }
}

static void assert_bounded(const session *s) {
  if (s->counts.peak > s->record_limit + OVERHEAD)
    fail_msg("peak memory %zu bytes with a record limit of %llu",
             s->counts.peak, (unsigned long long)s->record_limit);
}

/* A 2 GB line (NDJSON): rejected as over the record limit, with memory
 * bounded by the limit, and the next line read. */
static void test_two_gigabyte_line(void **state) {
  (void)state;
  session s;
  outcomes o = {0};
  open_session(&s, SDQ_FORMAT_NDJSON, NULL);
  feed(&s, &o, "{\"shipment_id\":\"", 16);
  feed_repeated(&s, &o, "x", UINT64_C(2) << 30);
  feed(&s, &o, "\"}\n{\"shipment_id\":\"NEXT\"}\n", 26);
  finish(&s, &o);
  assert_int_equal(o.rejected, 1);
  assert_int_equal(o.last_error, SDQ_ELIMIT);
  assert_int_equal(o.err.line, 1);
  assert_int_equal(o.records, 1);
  assert_string_equal(o.first_id, "NEXT");
  assert_bounded(&s);
  close_session(&s);
}

/* 10 million columns in one CSV row: rejected by the field count limit
 * (with the record limit raised so that it is the field limit that acts),
 * memory bounded. */
static void test_ten_million_columns(void **state) {
  (void)state;
  session s;
  outcomes o = {0};
  tu_limits l = {0, 0, 0, 32u << 20, 0};
  open_session(&s, SDQ_FORMAT_CSV, &l);
  feed(&s, &o, "shipment_id,seller_name\n", 24);
  feed_repeated(&s, &o, "a,", UINT64_C(20000000));
  feed(&s, &o, "\nS2,Acme\n", 9);
  finish(&s, &o);
  assert_int_equal(o.rejected, 1);
  assert_int_equal(o.last_error, SDQ_ELIMIT);
  assert_non_null(strstr(o.err.message, "too many fields"));
  assert_int_equal(o.err.line, 2);
  assert_int_equal(o.records, 1);
  assert_string_equal(o.first_id, "S2");
  assert_bounded(&s);
  close_session(&s);
}

/* A million items in one consignment (NDJSON): the item limit rejects it. */
static void test_million_items(void **state) {
  (void)state;
  session s;
  outcomes o = {0};
  tu_limits l = {0, 0, 0, 16u << 20, 0};
  open_session(&s, SDQ_FORMAT_NDJSON, &l);
  feed(&s, &o, "{\"shipment_id\":\"S1\",\"items\":[", 29);
  /* Empty items, so that the item limit (not the field limit) acts. */
  feed_repeated(&s, &o, "{},", UINT64_C(1000000) * 3);
  feed(&s, &o, "{}]}\n{\"shipment_id\":\"S2\"}\n", 26);
  finish(&s, &o);
  assert_int_equal(o.rejected, 1);
  assert_int_equal(o.last_error, SDQ_ELIMIT);
  assert_non_null(strstr(o.err.message, "item limit"));
  assert_int_equal(o.records, 1);
  assert_string_equal(o.first_id, "S2");
  assert_bounded(&s);
  close_session(&s);
}

/* A million items in CSV group mode: the item limit rejects the group. */
static void test_million_items_grouped(void **state) {
  (void)state;
  session s;
  outcomes o = {0};
  tu_limits l = {0, 0, 0, 64u << 20, 0};
  open_session(&s, SDQ_FORMAT_CSV, &l);
  assert_int_equal(sdq_reader_set_group_items(s.reader, 1), SDQ_OK);
  feed(&s, &o, "shipment_id,description\n", 24);
  feed_repeated(&s, &o, "S1,bolt\n", UINT64_C(1000000) * 8);
  feed(&s, &o, "S2,nut\n", 7);
  finish(&s, &o);
  assert_int_equal(o.rejected, 1);
  assert_int_equal(o.last_error, SDQ_ELIMIT);
  assert_int_equal(o.records, 1);
  assert_string_equal(o.first_id, "S2");
  /* The group keeps at most the item limit's worth of items. */
  if (s.counts.peak > (size_t)32 << 20)
    fail_msg("peak memory %zu bytes for a rejected group", s.counts.peak);
  close_session(&s);
}

/* Nesting 100,000 deep: the depth limit rejects it, with no recursion. */
static void test_deep_nesting(void **state) {
  (void)state;
  session s;
  outcomes o = {0};
  open_session(&s, SDQ_FORMAT_NDJSON, NULL);
  feed(&s, &o, "{\"x\":", 5);
  feed_repeated(&s, &o, "[", 100000);
  feed_repeated(&s, &o, "]", 100000);
  feed(&s, &o, "}\n{\"shipment_id\":\"S2\"}\n", 23);
  finish(&s, &o);
  assert_int_equal(o.rejected, 1);
  assert_int_equal(o.last_error, SDQ_ELIMIT);
  assert_int_equal(o.records, 1);
  assert_string_equal(o.first_id, "S2");
  assert_bounded(&s);
  close_session(&s);
}

/* A 1 GB field (CSV, quoted, with line breaks inside): over the record
 * limit; the quoted line breaks do not split it into records. */
static void test_one_gigabyte_field(void **state) {
  (void)state;
  session s;
  outcomes o = {0};
  open_session(&s, SDQ_FORMAT_CSV, NULL);
  feed(&s, &o, "shipment_id,description\nS1,\"", 28);
  feed_repeated(&s, &o, "line of text\n", UINT64_C(1) << 30);
  feed(&s, &o, "\"\nS2,nut\n", 9);
  finish(&s, &o);
  assert_int_equal(o.rejected, 1);
  assert_int_equal(o.last_error, SDQ_ELIMIT);
  assert_int_equal(o.err.line, 2);
  assert_int_equal(o.records, 1);
  assert_string_equal(o.first_id, "S2");
  assert_bounded(&s);
  close_session(&s);
}

/* NUL bytes and invalid UTF-8 in values: rejected with their positions. */
static void test_nul_and_invalid_utf8(void **state) {
  (void)state;
  session s;
  outcomes o = {0};
  open_session(&s, SDQ_FORMAT_CSV, NULL);
  static const char input[] = "shipment_id,seller_name\n"
                              "S1,Ac\0me\n"
                              "S2,\xff\xfe\n"
                              "S3,Acme\n";
  feed(&s, &o, input, sizeof input - 1);
  finish(&s, &o);
  /* A NUL byte is valid UTF-8: the row is read, the NUL kept as data. */
  assert_int_equal(o.records, 2);
  assert_int_equal(o.rejected, 1);
  assert_int_equal(o.err.line, 3);
  assert_int_equal(o.err.column, 4);
  assert_non_null(strstr(o.err.message, "UTF-8"));
  close_session(&s);

  open_session(&s, SDQ_FORMAT_NDJSON, NULL);
  memset(&o, 0, sizeof o);
  static const char json[] = "{\"seller_name\":\"Ac\0me\"}\n"
                             "{\"seller_name\":\"A\\u0000\"}\n"
                             "{\"shipment_id\":\"S3\"}\n";
  feed(&s, &o, json, sizeof json - 1);
  finish(&s, &o);
  /* JSON strings may hold neither a raw NUL nor \u0000. */
  assert_int_equal(o.rejected, 2);
  assert_int_equal(o.records, 1);
  assert_int_equal(o.err.line, 1);
  assert_int_equal(o.err.column, 19);
  close_session(&s);
}

/* Input that ends in the middle of a record: the last record is read as
 * far as it goes (a CSV row) or rejected (an unterminated quote, an
 * incomplete JSON object), never lost. */
static void test_ends_mid_record(void **state) {
  (void)state;
  session s;
  outcomes o = {0};
  open_session(&s, SDQ_FORMAT_CSV, NULL);
  feed(&s, &o, "shipment_id,seller_name\nS1,Acme\nS2,\"Acm", 39);
  finish(&s, &o);
  assert_int_equal(o.records, 1);
  assert_int_equal(o.rejected, 1);
  assert_int_equal(o.err.line, 3);
  assert_non_null(strstr(o.err.message, "not terminated"));
  assert_int_equal(sdq_reader_records(s.reader), 2);
  close_session(&s);

  open_session(&s, SDQ_FORMAT_NDJSON, NULL);
  memset(&o, 0, sizeof o);
  feed(&s, &o, "{\"shipment_id\":\"S1\"}\n{\"shipment_id\":\"S2", 40);
  finish(&s, &o);
  assert_int_equal(o.records, 1);
  assert_int_equal(o.rejected, 1);
  assert_int_equal(o.err.line, 2);
  close_session(&s);
}

/* A stream that stops and resumes: feeding nothing for a while, then the
 * rest, gives the same records as feeding it at once. */
static void test_stop_and_resume(void **state) {
  (void)state;
  session s;
  outcomes o = {0};
  open_session(&s, SDQ_FORMAT_NDJSON, NULL);
  feed(&s, &o, "{\"shipment_id\":\"S1\",\"sell", 25);
  assert_int_equal(o.records, 0);
  for (int i = 0; i < 1000; i++) {
    feed(&s, &o, "", 0); /* nothing arrives */
    assert_int_equal(sdq_reader_next(s.reader, s.record, NULL), SDQ_NEED_INPUT);
  }
  feed(&s, &o, "er_name\":\"Acme\"}\n", 17);
  assert_int_equal(o.records, 1);
  assert_string_equal(o.first_id, "S1");
  finish(&s, &o);
  assert_int_equal(o.records, 1);
  assert_int_equal(o.rejected, 0);
  close_session(&s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_two_gigabyte_line),
      cmocka_unit_test(test_ten_million_columns),
      cmocka_unit_test(test_million_items),
      cmocka_unit_test(test_million_items_grouped),
      cmocka_unit_test(test_deep_nesting),
      cmocka_unit_test(test_one_gigabyte_field),
      cmocka_unit_test(test_nul_and_invalid_utf8),
      cmocka_unit_test(test_ends_mid_record),
      cmocka_unit_test(test_stop_and_resume),
  };
  return cmocka_run_group_tests_name("limits", tests, NULL, NULL);
}
