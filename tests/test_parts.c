/*
 * Parallel reading of one input (sdq_reader_cut, sdq_reader_fork,
 * sdq_reader_join): the parts' records, in part order, must be exactly the
 * records one reader gives for the whole input, and the joined reader must
 * report the same record count and unmapped names.
 *
 * For every input the reference is one reader fed the whole input (and,
 * as a check of the reference itself, the same reader fed 3 bytes at a
 * time). The parts path keeps a buffer: it forks the lead, cuts the buffer
 * (a fresh heap copy, freed right after the cut, so that a lead keeping a
 * pointer into it is caught), gives the first *len bytes (again a fresh
 * copy) to the fork in one feed + finish, and keeps the rest as the start
 * of the next data; when the cut gives 0 bytes it appends more input and
 * cuts again with the same fork. The data grows by a sequence of sizes:
 * 1, 7, 64 and 1000 bytes, pseudo-random sizes (with empty appends) from
 * fixed seeds, and everything at once. Each part's records are pulled into
 * a record of their own and serialized only after the part's reader is
 * freed: sdq_reader_fork() promises that their values live as long as the
 * bytes and the records do (AddressSanitizer checks it).
 *
 * The serialization: for a record its line, item count and every value of
 * every field and item; for a rejection its code, whether it is the
 * header's (record 0), line, column, offset and message; then the record
 * count and the unmapped names with their occurrences. Record numbers are
 * left out, since they count from 1 in each part; the numbers are checked
 * separately (1, 2, ... within each part; within the single read).
 *
 * Inputs: CSV and NDJSON written here for each case the contract names,
 * the files under $SDQ_TEST_DATA/readers/, and, when the build made them
 * (SDQ_PARTS_GEN_CSV / SDQ_PARTS_GEN_NDJSON), files of `sdq gen`.
 */
#define _POSIX_C_SOURCE 200809L
#include "test_util.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the headers above first. */
#include <cmocka.h>

/* Under -fsanitize=undefined, undefined behaviour ends the run. */
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void) {
  return "halt_on_error=1:print_stacktrace=1";
}

/* ------------------------------------------------------------------------ */
/* Engines                                                                   */
/* ------------------------------------------------------------------------ */

/* Default limits, small limits, and those of test_chunks.c (for the files
 * of tests/data/readers). */
enum { ENG_DEFAULT, ENG_SMALL, ENG_CHUNKS, ENG_COUNT };

static const tu_limits SMALL = {.field_bytes = 24,
                                .fields = 12,
                                .items = 5,
                                .record_bytes = 96,
                                .depth = 4};
static const tu_limits CHUNKS = {.field_bytes = 200,
                                 .fields = 40,
                                 .items = 5,
                                 .record_bytes = 1024,
                                 .depth = 16};

typedef struct fixture {
  tu_alloc alloc;
  sdq_allocator al;
  sdq_engine *engine[ENG_COUNT];
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  if (!f)
    return -1;
  f->al = tu_allocator(&f->alloc);
  f->engine[ENG_DEFAULT] = tu_engine(&f->al, NULL);
  f->engine[ENG_SMALL] = tu_engine(&f->al, &SMALL);
  f->engine[ENG_CHUNKS] = tu_engine(&f->al, &CHUNKS);
  for (int i = 0; i < ENG_COUNT; i++)
    if (!f->engine[i])
      return -1;
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  for (int i = 0; i < ENG_COUNT; i++)
    sdq_engine_free(f->engine[i]);
  int bad = f->alloc.live != 0 || f->alloc.bad_sizes != 0;
  if (bad)
    fprintf(stderr, "teardown: %zu bytes leaked, %zu frees with a wrong size\n",
            f->alloc.live, f->alloc.bad_sizes);
  free(f);
  return bad ? -1 : 0;
}

/* ------------------------------------------------------------------------ */
/* Serialization                                                             */
/* ------------------------------------------------------------------------ */

static void dump_record(tu_buf *b, const sdq_record *rec) {
  tu_printf(b, "OK line=%llu items=%zu",
            (unsigned long long)sdq_record_line(rec),
            sdq_record_item_count(rec));
  tu_serialize_values(b, rec);
  tu_puts(b, "\n");
}

static void dump_error(tu_buf *b, sdq_status st, const sdq_error *err) {
  tu_printf(b, "%s code=%s %s line=%llu col=%llu off=%llu msg=",
            tu_status_name(st), tu_status_name(err->code),
            err->record ? "row" : "header", (unsigned long long)err->line,
            (unsigned long long)err->column, (unsigned long long)err->offset);
  tu_put_quoted(b, err->message, strnlen(err->message, sizeof err->message));
  tu_puts(b, "\n");
}

static void dump_end(tu_buf *b, const sdq_reader *r) {
  tu_printf(b, "END records=%llu\n", (unsigned long long)sdq_reader_records(r));
  tu_serialize_unmapped(b, r);
}

/* ------------------------------------------------------------------------ */
/* Reading with one reader                                                   */
/* ------------------------------------------------------------------------ */

typedef struct ropts {
  sdq_format format;
  char delim; /* CSV: 0 to detect */
  int group;  /* CSV: group items */
} ropts;

static sdq_reader *new_reader(const sdq_engine *e, const ropts *o) {
  sdq_reader *r = NULL;
  assert_int_equal(sdq_reader_new(e, o->format, &r), SDQ_OK);
  if (o->format == SDQ_FORMAT_CSV) {
    assert_int_equal(sdq_reader_set_delimiter(r, o->delim), SDQ_OK);
    assert_int_equal(sdq_reader_set_group_items(r, o->group), SDQ_OK);
  }
  return r;
}

/* Counts record numbers: records and rejections of rows are numbered 1, 2,
 * ... ; a rejection numbered 0 is the CSV header's, before any record. */
static void check_number(uint64_t *count, sdq_status st, const sdq_record *rec,
                         const sdq_error *err) {
  if (st == SDQ_OK) {
    assert_int_equal(sdq_record_number(rec), ++*count);
    return;
  }
  assert_true(st == SDQ_EPARSE || st == SDQ_ELIMIT);
  assert_int_equal(err->code, st);
  if (err->record == 0)
    assert_int_equal(*count, 0);
  else
    assert_int_equal(err->record, ++*count);
}

/* Reads data with one reader, fed `chunk` bytes at a time (0: at once). */
static char *read_single(const sdq_engine *e, const ropts *o, const char *data,
                         size_t len, size_t chunk) {
  tu_buf out = {0};
  sdq_reader *r = new_reader(e, o);
  sdq_record *rec = NULL;
  assert_int_equal(sdq_record_new(e, &rec), SDQ_OK);
  uint64_t count = 0;
  size_t pos = 0;
  for (int finished = 0;;) {
    if (!finished) {
      size_t n = chunk && chunk < len - pos ? chunk : len - pos;
      assert_int_equal(sdq_reader_feed(r, data + pos, n), SDQ_OK);
      pos += n;
      if (pos == len) {
        assert_int_equal(sdq_reader_finish(r), SDQ_OK);
        finished = 1;
      }
    }
    sdq_status st;
    sdq_error err;
    while (tu_error_poison(&err),
           (st = sdq_reader_next(r, rec, &err)) != SDQ_NEED_INPUT &&
               st != SDQ_END) {
      check_number(&count, st, rec, &err);
      if (st == SDQ_OK)
        dump_record(&out, rec);
      else
        dump_error(&out, st, &err);
    }
    if (st == SDQ_END) {
      assert_true(finished);
      break;
    }
    assert_false(finished);
  }
  assert_int_equal(sdq_reader_records(r), count);
  assert_int_equal(sdq_reader_offset(r), len);
  dump_end(&out, r);
  sdq_record_free(rec);
  sdq_reader_free(r);
  assert_false(out.oom);
  return out.p;
}

/* ------------------------------------------------------------------------ */
/* Reading in parts                                                          */
/* ------------------------------------------------------------------------ */

/* How the data given to the lead grows: `fixed` bytes at a time, or
 * pseudo-random sizes 0..max from `seed` (a fifth of them 0), or (both 0)
 * everything at once. */
typedef struct sizes {
  size_t fixed;
  uint64_t seed;
  size_t max;
} sizes;

static size_t next_size(const sizes *s, uint64_t *state, size_t left) {
  size_t k = left;
  if (s->fixed)
    k = s->fixed;
  else if (s->seed) {
    uint64_t x = tu_rand(state);
    k = x % 5 == 0 ? 0 : 1 + (size_t)((x >> 8) % s->max);
  }
  return k < left ? k : left;
}

typedef struct outcome {
  sdq_status st;
  sdq_record *rec; /* SDQ_OK */
  sdq_error err;   /* otherwise */
} outcome;

typedef struct parts_stats {
  size_t parts;       /* parts read */
  size_t empty_cuts;  /* cuts that gave 0 bytes */
  size_t max_pending; /* largest data given to one cut */
} parts_stats;

/* Reads one part: bytes (a fresh copy) fed to `part` at once, every
 * outcome pulled into a record of its own; the part is joined into `total`
 * and freed before the outcomes are serialized. */
static void read_part(const sdq_engine *e, sdq_reader *part, sdq_reader *total,
                      const char *bytes, size_t n, uint64_t start,
                      tu_buf *out) {
  char *copy = malloc(n ? n : 1);
  assert_non_null(copy);
  if (n)
    memcpy(copy, bytes, n);
  assert_int_equal(sdq_reader_feed(part, copy, n), SDQ_OK);
  assert_int_equal(sdq_reader_finish(part), SDQ_OK);
  outcome *v = NULL;
  size_t count = 0, cap = 0;
  uint64_t number = 0;
  for (;;) {
    sdq_record *rec = NULL;
    assert_int_equal(sdq_record_new(e, &rec), SDQ_OK);
    sdq_error err;
    tu_error_poison(&err);
    sdq_status st = sdq_reader_next(part, rec, &err);
    if (st == SDQ_END) {
      sdq_record_free(rec);
      break;
    }
    assert_int_not_equal(st, SDQ_NEED_INPUT);
    check_number(&number, st, rec, &err);
    if (count == cap) {
      cap = cap ? 2 * cap : 16;
      v = realloc(v, cap * sizeof *v);
      assert_non_null(v);
    }
    v[count].st = st;
    v[count].err = err;
    if (st == SDQ_OK) {
      v[count].rec = rec;
    } else {
      v[count].rec = NULL;
      sdq_record_free(rec);
    }
    count++;
  }
  assert_int_equal(sdq_reader_records(part), number);
  assert_int_equal(sdq_reader_offset(part), start + n);
  assert_int_equal(sdq_reader_join(total, part), SDQ_OK);
  sdq_reader_free(part);
  for (size_t i = 0; i < count; i++) {
    if (v[i].st == SDQ_OK)
      dump_record(out, v[i].rec);
    else
      dump_error(out, v[i].st, &v[i].err);
    sdq_record_free(v[i].rec);
  }
  free(v);
  if (n)
    memset(copy, 0xEE, n);
  free(copy);
}

static char *read_parts(const sdq_engine *e, const ropts *o, const char *data,
                        size_t len, const sizes *sz, parts_stats *stats) {
  tu_buf out = {0};
  memset(stats, 0, sizeof *stats);
  sdq_reader *lead = new_reader(e, o);
  sdq_reader *total = NULL;
  assert_int_equal(sdq_reader_new(e, o->format, &total), SDQ_OK);
  char *buf = malloc(len ? len : 1);
  assert_non_null(buf);
  size_t have = 0, pos = 0;
  uint64_t state = sz->seed * UINT64_C(0x9E3779B97F4A7C15) + 1;
  uint64_t start = 0; /* input offset of buf[0] */
  sdq_reader *part = NULL;
  for (;;) {
    if (!part)
      assert_int_equal(sdq_reader_fork(lead, &part), SDQ_OK);
    size_t k = next_size(sz, &state, len - pos);
    memcpy(buf + have, data + pos, k);
    have += k;
    pos += k;
    int last = pos == len;
    /* The lead must keep no pointer into the data it cut. */
    char *copy = malloc(have ? have : 1);
    assert_non_null(copy);
    memcpy(copy, buf, have);
    size_t cut = 12345;
    assert_int_equal(sdq_reader_cut(lead, copy, have, last, &cut), SDQ_OK);
    memset(copy, 0xEE, have);
    free(copy);
    if (have > stats->max_pending)
      stats->max_pending = have;
    assert_true(cut <= have);
    if (last)
      assert_int_equal(cut, have);
    if (cut == 0 && !last) {
      stats->empty_cuts++;
      continue;
    }
    read_part(e, part, total, buf, cut, start, &out);
    part = NULL;
    stats->parts++;
    memmove(buf, buf + cut, have - cut);
    have -= cut;
    start += cut;
    if (last)
      break;
  }
  assert_int_equal(start, len);
  /* The lead is done. */
  sdq_reader *late = (sdq_reader *)&late;
  assert_int_equal(sdq_reader_fork(lead, &late), SDQ_ESTATE);
  assert_null(late);
  size_t cut = 1;
  assert_int_equal(sdq_reader_cut(lead, "x", 1, 1, &cut), SDQ_ESTATE);
  assert_int_equal(cut, 0);
  dump_end(&out, total);
  sdq_reader_free(total);
  sdq_reader_free(lead);
  free(buf);
  assert_false(out.oom);
  return out.p;
}

/* ------------------------------------------------------------------------ */
/* Comparing                                                                 */
/* ------------------------------------------------------------------------ */

static size_t count_prefix(const char *text, const char *prefix) {
  return tu_count_lines(text, prefix);
}

/* Reads `data` with one reader and in parts with every size sequence (the
 * byte-by-byte ones only for inputs up to `small_max` bytes); fails on the
 * first difference. Returns the reference serialization (malloc'd). */
static char *check_parts_limit(fixture *f, const char *name, int eng,
                               const ropts *o, const char *data, size_t len,
                               size_t small_max) {
  const sdq_engine *e = f->engine[eng];
  const size_t live = f->alloc.live;
  char *ref = read_single(e, o, data, len, 0);
  char *ref3 = read_single(e, o, data, len, 3);
  if (strcmp(ref, ref3) != 0) {
    tu_print_diff(name, ref, ref3);
    fail_msg("%s: the reference read differs when fed 3 bytes at a time", name);
  }
  free(ref3);
  static const sizes SIZES[] = {
      {1, 0, 0},   {7, 0, 0},    {64, 0, 0},    {1000, 0, 0},
      {0, 11, 40}, {0, 12, 300}, {0, 13, 5000}, {0, 0, 0},
  };
  for (size_t i = 0; i < sizeof SIZES / sizeof *SIZES; i++) {
    const sizes *sz = &SIZES[i];
    if (len > small_max && sz->fixed && sz->fixed < 64)
      continue;
    parts_stats st;
    char *got = read_parts(e, o, data, len, sz, &st);
    if (strcmp(ref, got) != 0) {
      char label[200];
      snprintf(label, sizeof label, "%s (sizes fixed=%zu seed=%llu max=%zu)",
               name, sz->fixed, (unsigned long long)sz->seed, sz->max);
      tu_print_diff(label, ref, got);
      free(got);
      fail_msg("%s: the parts give other outcomes than one reader", label);
    }
    free(got);
  }
  assert_int_equal(f->alloc.live, live);
  assert_int_equal(f->alloc.bad_sizes, 0);
  return ref;
}

static char *check_parts(fixture *f, const char *name, int eng, const ropts *o,
                         const char *data, size_t len) {
  return check_parts_limit(f, name, eng, o, data, len, 20000);
}

/* One input with what its single read must give: accepted records,
 * rejections (with the header's), and strings the serialization must
 * contain (NULL-terminated). */
typedef struct case_ {
  const char *name;
  int eng;
  ropts o;
  const char *data;
  size_t len;
  size_t ok, rejected;
  const char *contains[4];
} case_;

#define S(lit) lit, sizeof lit - 1

static void run_cases(fixture *f, const case_ *cases, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const case_ *c = &cases[i];
    char *ref = check_parts(f, c->name, c->eng, &c->o, c->data, c->len);
    size_t ok = count_prefix(ref, "OK ");
    size_t rejected = count_prefix(ref, "EPARSE ") +
                      count_prefix(ref, "ELIMIT ") +
                      count_prefix(ref, "ENOMEM ");
    if (ok != c->ok || rejected != c->rejected) {
      fprintf(stderr, "%s:\n%s", c->name, ref);
      fail_msg("%s: %zu records and %zu rejections, expected %zu and %zu",
               c->name, ok, rejected, c->ok, c->rejected);
    }
    for (int k = 0; k < 4 && c->contains[k]; k++) {
      if (!strstr(ref, c->contains[k])) {
        fprintf(stderr, "%s:\n%s", c->name, ref);
        fail_msg("%s: the outcomes lack %s", c->name, c->contains[k]);
      }
    }
    free(ref);
  }
}

#define CSV_PLAIN                                                              \
  { SDQ_FORMAT_CSV, 0, 0 }
#define CSV_GROUP                                                              \
  { SDQ_FORMAT_CSV, 0, 1 }
#define NDJSON                                                                 \
  { SDQ_FORMAT_NDJSON, 0, 0 }

/* ------------------------------------------------------------------------ */
/* CSV                                                                       */
/* ------------------------------------------------------------------------ */

#define H "shipment_id,seller_name,buyer_name,description,quantity,Colour\n"

static void test_csv_quoting(void **state) {
  static const case_ cases[] = {
      {"quoted fields",
       ENG_DEFAULT,
       CSV_PLAIN,
       S(H "S1,\"Acme, Inc.\",\"say \"\"hi\"\"\",\"two\nlines\",1,red\n"
           "S2,\"cr\rinside\",\"crlf\r\ninside\",\"\"\"\",2,\n"
           "S3,\"a,b,c\",\"\",\"x\"\"y\"\"z\",3,blue\r\n"
           "S4,plain,\"q\"\"\",\"\r\n\r\n\",4,\r"
           "S5,lone cr,end,d,5,green\r"
           "S6,\"\",\"\",\"\",,\n"),
       6,
       0,
       {"OK line=2 items=1 shipment_id=\"S1\" seller_name=\"Acme, Inc.\" "
        "buyer_name=\"say \\x22hi\\x22\"",
        "OK line=4 items=1 shipment_id=\"S2\" seller_name=\"cr\\x0Dinside\" "
        "buyer_name=\"crlf\\x0D\\x0Ainside\"",
        "OK line=11 items=1 shipment_id=\"S5\"", "unmapped \"Colour\"=3"}},
      {"line ends and blank lines",
       ENG_DEFAULT,
       CSV_PLAIN,
       S("\r\n\n" H "\n\nA1,s,b,d,1,x\r\n\r\n\r\nA2,s,b,d,2,x\r\r\rA3,s,b,d,3,"
         "x\n\r\n\n"),
       3,
       0,
       {"OK line=6 items=1 shipment_id=\"A1\"",
        "OK line=9 items=1 shipment_id=\"A2\"",
        "OK line=12 items=1 shipment_id=\"A3\""}},
      {"last row without newline",
       ENG_DEFAULT,
       CSV_PLAIN,
       S(H "L1,s,b,d,1,x\nL2,s,b,\"d\nd\",2,x"),
       2,
       0,
       {"OK line=3 items=1 shipment_id=\"L2\" seller_name=\"s\" "
        "buyer_name=\"b\" | item0: description=\"d\\x0Ad\""}},
      {"unterminated quote at the end",
       ENG_DEFAULT,
       CSV_PLAIN,
       S(H "U1,s,b,d,1,x\nU2,s,\"b,d,1,x\nU3,s,b,d,1,x\n"),
       1,
       1,
       {"EPARSE code=EPARSE row line=3 col=6 off=81 "
        "msg=\"quoted field is not terminated\""}},
      {"unterminated quote right at the end",
       ENG_DEFAULT,
       CSV_PLAIN,
       S(H "U1,s,b,d,1,x\nU2,s,b,d,1,\""),
       1,
       1,
       {"quoted field is not terminated"}},
      {"row errors",
       ENG_DEFAULT,
       CSV_PLAIN,
       S(H "E1,s,b,d,1,x\n"
           "E2,s,b,d,1\n"
           "E3,s,b\xC3(,d,1,x\n"
           "E4,\"s\"x,b,d,1,x\n"
           "E5,s,b,d,1,x,extra\n"
           "E6,s,b,d,1,x\n"),
       2,
       4,
       {"row has 5 fields; the header has 6",
        "EPARSE code=EPARSE row line=4 col=7 off=93 msg=\"invalid UTF-8\"",
        "unexpected character after a closing quote",
        "OK line=7 items=1 shipment_id=\"E6\""}},
  };
  run_cases(*state, cases, sizeof cases / sizeof *cases);
}

static void test_csv_header(void **state) {
  static const case_ cases[] = {
      {"empty input", ENG_DEFAULT, CSV_PLAIN, S(""), 0, 0, {"END records=0"}},
      {"blank lines only", ENG_DEFAULT, CSV_PLAIN, S("\n\r\n\r\n"), 0, 0, {0}},
      {"header only",
       ENG_DEFAULT,
       CSV_PLAIN,
       S(H),
       0,
       0,
       {"END records=0\nunmapped \"Colour\"=0\n"}},
      {"header without newline",
       ENG_DEFAULT,
       CSV_PLAIN,
       S("shipment_id,Colour,Size"),
       0,
       0,
       {"unmapped \"Colour\"=0\nunmapped \"Size\"=0\n"}},
      {"header ending in CR",
       ENG_DEFAULT,
       CSV_PLAIN,
       S("shipment_id,Colour\rX1,red\r\nX2,blue"),
       2,
       0,
       {"OK line=3 items=1 shipment_id=\"X2\"", "unmapped \"Colour\"=2"}},
      {"byte order mark",
       ENG_DEFAULT,
       CSV_PLAIN,
       S("\xEF\xBB\xBFshipment_id;seller_name;Colour\nB1;s;c\nB2;t;\n"),
       2,
       0,
       {"OK line=3 items=1 shipment_id=\"B2\" seller_name=\"t\"",
        "unmapped \"Colour\"=1"}},
      {"false byte order mark",
       ENG_DEFAULT,
       CSV_PLAIN,
       S("\xEF\x41,shipment_id\nx,F1\ny,F2\n"),
       0,
       3,
       {"EPARSE code=EPARSE header line=1 col=1 off=0 msg=\"the header row "
        "(line 1, column 1) could not be read: invalid UTF-8\"",
        "EPARSE code=EPARSE row line=3 col=1 off=20"}},
      {"two bytes of a byte order mark",
       ENG_DEFAULT,
       CSV_PLAIN,
       S("\xEF\xBBshipment_id\nF1\n"),
       0,
       2,
       {"header line=1 col=1 off=0"}},
      {"header with invalid UTF-8",
       ENG_DEFAULT,
       CSV_PLAIN,
       S("\r\nshipment_id,sel\xFFler\nI1,s\nI2,s,t\n"),
       0,
       3,
       {"EPARSE code=EPARSE header line=2 col=16 off=17",
        "EPARSE code=EPARSE row line=3 col=1 off=22"}},
      {"header with too many fields",
       ENG_SMALL,
       CSV_PLAIN,
       S("shipment_id,seller_name,buyer_name,description,quantity,"
         "c1,c2,c3,c4,c5,c6,c7,c8,c9,c10,c11\nL1,s\nL2,s\n"),
       0,
       3,
       {"ELIMIT code=ELIMIT header line=1 col=78 off=77 msg=\"the header row "
        "(line 1, column 78) could not be read: too many fields\"",
        "ELIMIT code=ELIMIT row line=3 col=1 off=96"}},
      {"header longer than the record limit",
       ENG_SMALL,
       CSV_PLAIN,
       S("\xEF\xBB\xBFshipment_id,seller_name,buyer_name,description,"
         "quantity,twenty_bytes_column_1,twenty_bytes_column_2,twenty_bytes_"
         "column_3\r\nL1,s\r\n\r\nL2,s\r\n"),
       0,
       3,
       {"ELIMIT code=ELIMIT header line=1 col=1 off=3 msg=\"the header row "
        "(line 1) could not be read: longer than the record byte limit\"",
        "EPARSE code=EPARSE row line=4 col=1 off=134 msg=\"the header row "
        "(line 1) could not be read: longer than the record byte limit\""}},
      {"explicit delimiter",
       ENG_DEFAULT,
       {SDQ_FORMAT_CSV, '|', 0},
       S("shipment_id|seller_name,x\nP1|a,b\n"),
       1,
       0,
       {"OK line=2 items=1 shipment_id=\"P1\" | item0:\n",
        "unmapped \"seller_name,x\"=1"}},
  };
  run_cases(*state, cases, sizeof cases / sizeof *cases);
}

static void test_csv_limits(void **state) {
  static const case_ cases[] = {
      {"row longer than the record limit",
       ENG_SMALL,
       CSV_PLAIN,
       S("shipment_id,seller_name,Colour\n"
         "R1,s,c\n"
         "R2,\"" /* 100 bytes of value, in quotes with line breaks */
         "0123456789\n0123456789\r\n0123456789\r0123456789 0123456789"
         "0123456789 0123456789 0123456789 0123456789 0123456789\",c\n"
         "R3,s,c\n"
         "R4,0123456789012345678901234567890123456789012345678901234567890123"
         "45678901234567890123456789012345678901234567890123456789\n"
         "R5,s,c"),
       3,
       2,
       {"ELIMIT code=ELIMIT row line=3 col=1 off=38 msg=\"record longer than "
        "the record byte limit\"",
        "OK line=7 items=1 shipment_id=\"R3\"",
        "OK line=9 items=1 shipment_id=\"R5\""}},
      {"field and field count limits",
       ENG_SMALL,
       CSV_PLAIN,
       S("shipment_id,seller_name\n"
         "F1,0123456789012345678901234\n"
         "F2,\"012345678901234567890123\"\n"
         "1,2,3,4,5,6,7,8,9,10,11,12,13\n"),
       1,
       2,
       {"field longer than the field byte limit", "too many fields"}},
  };
  run_cases(*state, cases, sizeof cases / sizeof *cases);
}

/* A header with `columns` unmapped columns after shipment_id, and rows
 * that give values to some of them. */
static char *many_columns(size_t columns, size_t rows, size_t *len) {
  tu_buf b = {0};
  tu_puts(&b, "shipment_id");
  for (size_t i = 0; i < columns; i++)
    tu_printf(&b, ",u%zu", i);
  tu_puts(&b, "\n");
  for (size_t r = 0; r < rows; r++) {
    tu_printf(&b, "M%zu", r);
    for (size_t i = 0; i < columns; i++)
      tu_puts(&b, (i + r) % 3 == 0 ? ",v" : ",");
    tu_puts(&b, r % 2 ? "\r\n" : "\n");
  }
  assert_false(b.oom);
  *len = b.len;
  return b.p;
}

static void test_csv_unmapped(void **state) {
  static const case_ cases[] = {
      {"unmapped columns",
       ENG_DEFAULT,
       CSV_PLAIN,
       S("shipment_id,Colour,Size,,Size,Weight2,shipment_id\n"
         "C1,red,L,e,,w,dup\n"
         "C2,,M,,s,,\n"
         "C3,blue,,,,,\n"),
       3,
       0,
       {"unmapped \"Colour\"=2\nunmapped \"Size\"=3\nunmapped \"column "
        "4\"=1\nunmapped \"Weight2\"=1\nunmapped \"shipment_id\"=1\n"}},
  };
  fixture *f = *state;
  run_cases(f, cases, sizeof cases / sizeof *cases);

  /* 254 unmapped columns: one short of the cap, every name its own. */
  size_t len = 0;
  char *data = many_columns(254, 40, &len);
  ropts o = CSV_PLAIN;
  char *ref =
      check_parts(f, "254 unmapped columns", ENG_DEFAULT, &o, data, len);
  assert_int_equal(count_prefix(ref, "OK "), 40);
  assert_int_equal(count_prefix(ref, "unmapped "), 254);
  assert_non_null(strstr(ref, "unmapped \"u0\"=14\nunmapped \"u1\"=13\n"));
  assert_non_null(strstr(ref, "unmapped \"u253\"=13\n"));
  assert_null(strstr(ref, "(other names)"));
  free(ref);
  free(data);
}

/* ------------------------------------------------------------------------ */
/* A full list of unmapped names                                            */
/* ------------------------------------------------------------------------ */

/*
 * Joining into a total that already lists 255 names: a name it lists keeps
 * its own count; only names it does not list go to "(other names)". Input:
 * a CSV header with 255 unmapped columns and one row giving each a value,
 * cut after the header (part 1 = the header, part 2 = the row). One reader
 * and the join: 255 names, each with 1 occurrence.
 */
static void test_join_into_full_unmapped_list(void **state) {
  fixture *f = *state;
  const sdq_engine *e = f->engine[ENG_DEFAULT];
  tu_buf b = {0};
  tu_puts(&b, "shipment_id");
  for (int i = 0; i < 255; i++)
    tu_printf(&b, ",u%d", i);
  tu_puts(&b, "\n");
  const size_t header = b.len;
  tu_puts(&b, "M0");
  for (int i = 0; i < 255; i++)
    tu_puts(&b, ",v");
  tu_puts(&b, "\n");
  ropts o = CSV_PLAIN;
  /* One reader. */
  char *ref = read_single(e, &o, b.p, b.len, 0);
  assert_int_equal(count_prefix(ref, "unmapped "), 255);
  assert_non_null(strstr(ref, "unmapped \"u0\"=1\n"));
  assert_non_null(strstr(ref, "unmapped \"u254\"=1\n"));
  /* Two parts: the header, then the row. */
  sdq_reader *lead = new_reader(e, &o), *total = NULL, *part = NULL;
  assert_int_equal(sdq_reader_new(e, SDQ_FORMAT_CSV, &total), SDQ_OK);
  tu_buf out = {0};
  size_t len = 0;
  assert_int_equal(sdq_reader_fork(lead, &part), SDQ_OK);
  assert_int_equal(sdq_reader_cut(lead, b.p, header, 0, &len), SDQ_OK);
  assert_int_equal(len, header);
  read_part(e, part, total, b.p, header, 0, &out);
  assert_int_equal(sdq_reader_fork(lead, &part), SDQ_OK);
  assert_int_equal(sdq_reader_cut(lead, b.p + header, b.len - header, 1, &len),
                   SDQ_OK);
  read_part(e, part, total, b.p + header, b.len - header, header, &out);
  dump_end(&out, total);
  uint64_t occ = 0;
  const char *name = sdq_reader_unmapped(total, 0, &occ);
  fprintf(stderr, "joined: %zu names; name 0 \"%s\"=%llu; name 255 \"%s\"\n",
          sdq_reader_unmapped_count(total), name ? name : "(null)",
          (unsigned long long)occ,
          sdq_reader_unmapped(total, 255, NULL)
              ? sdq_reader_unmapped(total, 255, NULL)
              : "(none)");
  if (strcmp(ref, out.p) != 0)
    tu_print_diff("255 unmapped columns in two parts", ref, out.p);
  assert_int_equal(sdq_reader_unmapped_count(total), 255);
  assert_int_equal(occ, 1);
  assert_string_equal(out.p, ref);
  sdq_reader_free(total);
  sdq_reader_free(lead);
  free(out.p);
  free(ref);
  free(b.p);
}

/* The same on a bigger input: more than 256 unmapped columns (the last
 * entry counts the rest), in parts of every size sequence. */
static void test_csv_over_256_unmapped(void **state) {
  fixture *f = *state;
  size_t len = 0;
  char *data = many_columns(300, 40, &len);
  ropts o = CSV_PLAIN;
  char *ref =
      check_parts(f, "300 unmapped columns", ENG_DEFAULT, &o, data, len);
  assert_int_equal(count_prefix(ref, "OK "), 40);
  assert_int_equal(count_prefix(ref, "unmapped "), 256);
  assert_non_null(strstr(ref, "unmapped \"u0\"=14\nunmapped \"u1\"=13\n"));
  assert_non_null(strstr(ref, "unmapped \"u254\"=13\nunmapped \"(other "
                              "names)\"="));
  free(ref);
  free(data);
}

/*
 * One reader: an NDJSON key the key cache does not hold (longer than 64
 * bytes, or past 1024 distinct keys) is looked up again at each
 * occurrence; once the list is full, that lookup must still find the key
 * under its own name. Input: a line with a 74-byte unmapped key, 300 lines
 * with other unmapped keys, the first line again: the long key is listed
 * with 2 occurrences (not 1, with the second under "(other names)").
 */
static void test_uncached_key_after_full_list(void **state) {
  fixture *f = *state;
  static const char LONG[] = "a_long_unmapped_key_of_more_than_sixty_four_"
                             "bytes_xxxxxxxxxxxxxxxxxxxxxxx";
  tu_buf b = {0};
  tu_printf(&b, "{\"%s\":1,\"short\":1}\n", LONG);
  for (int i = 0; i < 300; i++)
    tu_printf(&b, "{\"k%d\":1}\n", i);
  tu_printf(&b, "{\"%s\":1,\"short\":1}\n", LONG);
  ropts o = NDJSON;
  char *ref = read_single(f->engine[ENG_DEFAULT], &o, b.p, b.len, 0);
  char want[200];
  snprintf(want, sizeof want, "unmapped \"%s\"=2\nunmapped \"short\"=2\n",
           LONG);
  if (!strstr(ref, want))
    fprintf(stderr, "one reader gives:\n%.*s...\n", 200, strstr(ref, "END"));
  assert_non_null(strstr(ref, want));
  free(ref);
  free(check_parts(f, "a long key before and after a full list", ENG_DEFAULT,
                   &o, b.p, b.len));
  free(b.p);
}

/* ------------------------------------------------------------------------ */
/* Grouped CSV                                                               */
/* ------------------------------------------------------------------------ */

#define GH "shipment_id,seller_name,description,quantity,Colour\n"

/* Runs of 1..10 rows, rows without an id between them, CRLF and blank
 * lines. */
static char *runs(size_t *len) {
  tu_buf b = {0};
  tu_puts(&b, GH);
  for (int run = 1; run <= 10; run++) {
    for (int i = 0; i < run; i++)
      tu_printf(&b, "G%d,seller %d,item %d.%d,%d,%s%s", run, run, run, i, i,
                i % 2 ? "c" : "", i % 3 == 2 ? "\r\n" : "\n");
    if (run % 3 == 0)
      tu_puts(&b, ",no id,loose,1,\n");
    if (run % 4 == 0)
      tu_puts(&b, "\n\r\n");
  }
  assert_false(b.oom);
  *len = b.len;
  return b.p;
}

static void test_grouped_runs(void **state) {
  fixture *f = *state;
  size_t len = 0;
  char *data = runs(&len);
  ropts o = CSV_GROUP;
  char *ref =
      check_parts(f, "runs of 1 to 10 rows", ENG_DEFAULT, &o, data, len);
  /* 10 consignments and 3 rows without an id. */
  assert_int_equal(count_prefix(ref, "OK "), 13);
  assert_non_null(strstr(ref, "OK line=54 items=10 shipment_id=\"G10\""));
  assert_non_null(strstr(ref, "items=1 seller_name=\"no id\""));
  free(ref);
  free(data);
}

static void test_grouped_cases(void **state) {
  static const case_ cases[] = {
      {"rejected rows inside runs",
       ENG_DEFAULT,
       CSV_GROUP,
       S(GH "A,s,d1,1,\n"
            "A,s,d2\n" /* wrong field count */
            "A,s,d3,3,\n"
            "A,s,\"d4\"x,4,\n" /* stray quote */
            "A,s,d5,5,\n"
            "B,s,d\xFF,1,\n" /* invalid UTF-8 */
            "B,s,d7,7,\n"
            "B,s,d8,8,\n"),
       4,
       3,
       {"OK line=2 items=1 shipment_id=\"A\"",
        "OK line=4 items=1 shipment_id=\"A\"",
        "OK line=8 items=2 shipment_id=\"B\""}},
      {"quoted ids with escapes",
       ENG_DEFAULT,
       CSV_GROUP,
       S(GH "\"Q\"\"1\",s,a,1,\n"
            "Q\"1,s,b,1,\n"       /* the same id, unquoted */
            "\"Q\"\"1\",s,c,1,\n" /* and quoted again */
            "\"Q\"\"\"\"\",s,d,1,\n"
            "Q\"\",s,e,1,\n"
            "\"Q,1\",s,f,1,\n"
            "\"Q,1\",s,g,1,\n"),
       3,
       0,
       {"OK line=2 items=3 shipment_id=\"Q\\x221\"",
        "OK line=5 items=2 shipment_id=\"Q\\x22\\x22\"",
        "OK line=7 items=2 shipment_id=\"Q,1\""}},
      {"rows without an id",
       ENG_DEFAULT,
       CSV_GROUP,
       S(GH ",s,a,1,\n,s,b,1,\nN,s,c,1,\n,s,d,1,\nN,s,e,1,\n"),
       5,
       0,
       {0}},
      {"consignment over the item limit",
       ENG_SMALL,
       CSV_GROUP,
       S(GH "I,s,1,1,\nI,s,2,1,\nI,s,3,1,\nI,s,4,1,\nI,s,5,1,\nI,s,6,1,\n"
            "I,s,7,1,\nJ,s,1,1,\n"),
       1,
       1,
       {"ELIMIT code=ELIMIT row line=2 col=1 off=52 msg=\"consignment exceeds "
        "the item or record byte limit\"",
        "OK line=9 items=1 shipment_id=\"J\""}},
      {"consignment over the record limit",
       ENG_SMALL,
       CSV_GROUP,
       S(GH "K,s,01234567890123456789,1,\nK,s,01234567890123456789,1,\n"
            "K,s,01234567890123456789,1,\nK,s,01234567890123456789,1,\n"
            "L,s,01234567890123456789,1,\n"),
       1,
       1,
       {"ELIMIT code=ELIMIT row line=2 col=1 off=52"}},
      {"row over the record limit inside a run",
       ENG_SMALL,
       CSV_GROUP,
       S(GH "O,s,a,1,\n"
            "O,s,0123456789012345678901234567890123456789012345678901234567890"
            "1234567890123456789012345678901234567890,1,\n"
            "O,s,b,1,\n"),
       2,
       1,
       {"record longer than the record byte limit"}},
      {"header failed, grouped",
       ENG_DEFAULT,
       CSV_GROUP,
       S("shipment_id,\xC0\n1,a\n1,b\n"),
       0,
       3,
       {0}},
  };
  run_cases(*state, cases, sizeof cases / sizeof *cases);
}

/* A run of `long_run` rows of one id between short consignments. */
static char *long_run(size_t long_run, size_t *len) {
  tu_buf b = {0};
  tu_puts(&b, GH);
  tu_puts(&b, "P,s,p,1,\n");
  for (size_t i = 0; i < long_run; i++)
    tu_printf(&b, "R,s,r%zu,1,\n", i);
  tu_puts(&b, "Q,s,q,1,\nQ,s,q,2,\n");
  for (size_t i = 0; i < long_run; i++)
    tu_printf(&b, "\"S\",s,s%zu,1,\r\n", i);
  assert_false(b.oom);
  *len = b.len;
  return b.p;
}

static void test_grouped_long_run(void **state) {
  fixture *f = *state;
  size_t len = 0;
  char *data = long_run(100, &len);
  ropts o = CSV_GROUP;
  char *ref = check_parts(f, "a run of 100 rows", ENG_DEFAULT, &o, data, len);
  assert_int_equal(count_prefix(ref, "OK "), 4);
  assert_non_null(strstr(ref, "OK line=3 items=100 shipment_id=\"R\""));
  assert_non_null(strstr(ref, "OK line=105 items=100 shipment_id=\"S\""));
  free(ref);
  free(data);
}

/* The cut gives 0 bytes while the data ends inside a run, or while the
 * last 64 rows are one consignment. */
static void test_grouped_cut_lengths(void **state) {
  fixture *f = *state;
  const sdq_engine *e = f->engine[ENG_DEFAULT];
  ropts o = CSV_GROUP;
  sdq_reader *lead = new_reader(e, &o);
  size_t len = 99;
  /* Not yet a whole header: nothing. */
  assert_int_equal(sdq_reader_cut(lead, "shipment_id,desc", 16, 0, &len),
                   SDQ_OK);
  assert_int_equal(len, 0);
  /* The header and rows of one id: the header alone. */
  tu_buf b = {0};
  tu_puts(&b, "shipment_id,description\n");
  size_t header = b.len;
  for (int i = 0; i < 100; i++)
    tu_printf(&b, "A,a%d\n", i);
  size_t run_a = b.len - header;
  assert_int_equal(sdq_reader_cut(lead, b.p, b.len, 0, &len), SDQ_OK);
  assert_int_equal(len, header);
  /* 100 rows of A: no boundary. */
  assert_int_equal(sdq_reader_cut(lead, b.p + header, run_a, 0, &len), SDQ_OK);
  assert_int_equal(len, 0);
  /* A row of B: the boundary is among the last 64 rows. */
  tu_puts(&b, "B,b0\n");
  assert_int_equal(sdq_reader_cut(lead, b.p + header, b.len - header, 0, &len),
                   SDQ_OK);
  assert_int_equal(len, run_a);
  /* 64 rows of B after A: the boundary is not among the last 64 rows. */
  tu_buf c = {0};
  tu_puts(&c, "A,a\n");
  size_t first = c.len;
  for (int i = 0; i < 64; i++)
    tu_printf(&c, "B,b%d\n", i);
  assert_int_equal(sdq_reader_cut(lead, c.p, c.len, 0, &len), SDQ_OK);
  assert_int_equal(len, 0);
  /* 63 rows of B: it is. */
  assert_int_equal(sdq_reader_cut(lead, c.p, c.len - 5, 0, &len), SDQ_OK);
  assert_int_equal(len, first);
  /* The rest, last: everything. */
  assert_int_equal(sdq_reader_cut(lead, c.p + first, c.len - first, 1, &len),
                   SDQ_OK);
  assert_int_equal(len, c.len - first);
  sdq_reader_free(lead);
  free(b.p);
  free(c.p);
}

/* Cut lengths of plain CSV, with a CRLF split by the cut: the lead stands
 * after the CR, and the next part skips the LF. */
static void test_csv_cut_crlf(void **state) {
  fixture *f = *state;
  const sdq_engine *e = f->engine[ENG_DEFAULT];
  ropts o = CSV_PLAIN;
  sdq_reader *lead = new_reader(e, &o);
  sdq_reader *total = NULL;
  assert_int_equal(sdq_reader_new(e, SDQ_FORMAT_CSV, &total), SDQ_OK);
  static const char input[] = "shipment_id,description\r\nX1,\"a\r\nb\"\r\n"
                              "X2,c\r\nX3,d";
  const size_t n = sizeof input - 1;
  tu_buf out = {0};
  /* The header up to its CR, then row X1 up to its CR. */
  const size_t at[] = {24, 35, 41, n};
  size_t from = 0;
  for (size_t i = 0; i < 4; i++) {
    sdq_reader *part = NULL;
    assert_int_equal(sdq_reader_fork(lead, &part), SDQ_OK);
    size_t len = 0;
    int last = i == 3;
    /* The data given ends right after a CR (except the last). */
    assert_int_equal(
        sdq_reader_cut(lead, input + from, at[i] - from, last, &len), SDQ_OK);
    assert_int_equal(len, at[i] - from);
    read_part(e, part, total, input + from, len, from, &out);
    from = at[i];
  }
  dump_end(&out, total);
  char *ref = read_single(e, &o, input, n, 0);
  assert_string_equal(out.p, ref);
  assert_non_null(strstr(ref, "OK line=2 items=1 shipment_id=\"X1\" | item0: "
                              "description=\"a\\x0D\\x0Ab\"\n"
                              "OK line=4 items=1 shipment_id=\"X2\""));
  assert_non_null(strstr(ref, "OK line=5 items=1 shipment_id=\"X3\""));
  free(ref);
  free(out.p);
  sdq_reader_free(total);
  sdq_reader_free(lead);
}

/* Appends one pseudo-random field to `b`: plain or quoted text with the
 * bytes that matter to framing (delimiters, quotes, CR, LF, CRLF, UTF-8),
 * now and then malformed (a quote inside an unquoted field, text after a
 * closing quote, a quote left open). */
static void random_field(tu_buf *b, uint64_t *state) {
  static const char *const PLAIN[] = {"ab", "x y", "\xC3\xA9t\xC3\xA9", "7",
                                      ""};
  static const char *const QUOTED[] = {
      "a,b", "\"\"", "\n", "\r", "\r\n", "q", ",", " ", "\xE2\x82\xAC"};
  uint64_t x = tu_rand(state);
  unsigned kind = (unsigned)(x % 40);
  if (kind < 20) {
    tu_puts(b, PLAIN[(x >> 8) % 5]);
  } else if (kind < 37) {
    tu_puts(b, "\"");
    for (unsigned k = (unsigned)((x >> 16) % 6); k; k--)
      tu_puts(b, QUOTED[tu_rand(state) % 9]);
    tu_puts(b, "\"");
  } else if (kind == 37) {
    tu_puts(b, "ab\"c"); /* an ordinary byte there */
  } else if (kind == 38) {
    tu_puts(b, "\"ab\"c"); /* malformed: the row is rejected */
  } else {
    tu_puts(b, "\"open"); /* may swallow the rest of the input */
  }
}

/* A CRLF, outside quotes and inside them, and a quote inside an unquoted
 * field (an ordinary byte), at every place of the lead's first windows,
 * the two bytes on either side of a window's edge among them: the LF
 * counts no line, a record ending in the CR starts the next one past the
 * LF, and the quote opens nothing. */
static void test_csv_window_edges(void **state) {
  fixture *f = *state;
  for (size_t pad = 0; pad < 140; pad++) {
    tu_buf in = {0};
    tu_puts(&in, "shipment_id,description,seller_name\r\n");
    tu_printf(&in, "A%zu,x", pad);
    for (size_t k = 0; k < pad; k++)
      tu_puts(&in, "x");
    tu_puts(&in, pad % 2 ? "\"z,\"q\r\nq\"\r\n" : "\"z,s\r\n");
    /* 13 bytes a row: their CRLFs fall at every place modulo 64. */
    for (int row = 0; row < 100; row++)
      tu_printf(&in, "B%d,\"y\r\n\",s\r\n", row / 2 % 10);
    assert_false(in.oom);
    ropts o = pad % 4 < 2 ? (ropts)CSV_GROUP : (ropts)CSV_PLAIN;
    char name[64];
    snprintf(name, sizeof name, "window edges, pad %zu", pad);
    char *ref = check_parts_limit(f, name, ENG_DEFAULT, &o, in.p, in.len, 0);
    /* 101 rows, each a consignment of its own unless grouped; the B rows
     * take two lines each, and so does the A row when odd. */
    assert_int_equal(count_prefix(ref, "OK "), o.group ? 51 : 101);
    char text[64];
    snprintf(text, sizeof text, "OK line=2 items=1 shipment_id=\"A%zu\"", pad);
    assert_non_null(strstr(ref, text));
    snprintf(text, sizeof text, "OK line=%zu items=%d shipment_id=\"B9\"",
             (o.group ? 199 : 201) + pad % 2, o.group ? 2 : 1);
    assert_non_null(strstr(ref, text));
    free(ref);
    free(in.p);
  }
}

/* Inputs long enough for the lead to frame most of each part 64 bytes at a
 * time, with quotes, line breaks and delimiters at every place in its
 * windows, and the quotes that make it hand over to the exact framing:
 * the parts must still be what one reader reads, grouped or not. */
static void test_csv_random_framing(void **state) {
  fixture *f = *state;
  static const char *const BREAKS[] = {"\n", "\r\n", "\r", "\n\n"};
  for (uint64_t seed = 1; seed <= 48; seed++) {
    uint64_t rnd = seed * UINT64_C(0x9E3779B97F4A7C15);
    tu_buf in = {0};
    tu_puts(&in, "shipment_id,seller_name,buyer_name,description\n");
    const size_t rows = 8 + (size_t)(tu_rand(&rnd) % 40);
    for (size_t i = 0; i < rows; i++) {
      /* Runs of two or three rows share an id, for grouping. */
      tu_printf(&in, "S%zu", i / (2 + seed % 2));
      for (int k = 0; k < 3; k++) {
        tu_puts(&in, ",");
        random_field(&in, &rnd);
      }
      tu_puts(&in, BREAKS[tu_rand(&rnd) % 4]);
    }
    assert_false(in.oom);
    ropts o = seed % 2 ? (ropts)CSV_GROUP : (ropts)CSV_PLAIN;
    char name[64];
    snprintf(name, sizeof name, "random framing, seed %llu",
             (unsigned long long)seed);
    free(check_parts_limit(f, name, ENG_DEFAULT, &o, in.p, in.len, 1500));
    free(in.p);
  }
}

/* ------------------------------------------------------------------------ */
/* NDJSON                                                                    */
/* ------------------------------------------------------------------------ */

static void test_ndjson_cases(void **state) {
  static const case_ cases[] = {
      {"objects, errors, blank lines",
       ENG_DEFAULT,
       NDJSON,
       S("{\"shipment_id\":\"N1\",\"Colour\":\"red\",\"items\":[{"
         "\"description\":"
         "\"a\\u00e9\",\"quantity\":2,\"Size\":\"L\"},{\"hs_code\":\"0101\"}]}"
         "\n"
         "\n   \t\r\n"
         "{\"shipment_id\":\"N2\",\"Weight2\":1,\"Colour\":\"\"}\r\n"
         "{\"shipment_id\":\"N3\",\"seller_name\":\"x\\ny\"\n"
         "[1,2]\n"
         "{\"shipment_id\":\"N4\",\"Size\":{\"a\":1},\"Colour\":\"blue\","
         "\"Extra\":[1]}\n"
         "{\"shipment_id\":\"N5\"} trailing\n"
         "{\"Extra\":1,\"shipment_id\":\"N6\",\"description\":\"top\","
         "\"items\":[{\"description\":\"inner\"}]}"),
       4,
       3,
       {"OK line=1 items=2 shipment_id=\"N1\" | item0: "
        "description=\"a\xC3\xA9\" "
        "quantity=\"2\" | item1: hs_code=\"0101\"",
        "OK line=9 items=2 shipment_id=\"N6\" | item0: description=\"top\" | "
        "item1: description=\"inner\"",
        "unmapped \"Colour\"=2\nunmapped \"items.Size\"=1\nunmapped "
        "\"Weight2\"=1\nunmapped \"Size\"=1\nunmapped \"Extra\"=2\n"}},
      {"byte order mark",
       ENG_DEFAULT,
       NDJSON,
       S("\xEF\xBB\xBF{\"shipment_id\":\"B1\"}\n{\"shipment_id\":\"B2\"}"),
       2,
       0,
       {"OK line=1 items=0 shipment_id=\"B1\""}},
      {"false byte order mark",
       ENG_DEFAULT,
       NDJSON,
       S("\xEF\xBB{\"shipment_id\":\"F1\"}\n{\"shipment_id\":\"F2\"}\n"),
       1,
       1,
       {"row line=1 col=1 off=0"}},
      {"a lone first byte of a byte order mark",
       ENG_DEFAULT,
       NDJSON,
       S("\xEF\n{\"shipment_id\":\"F2\"}\n"),
       1,
       1,
       {0}},
      {"line over the record limit",
       ENG_SMALL,
       NDJSON,
       S("{\"shipment_id\":\"L1\"}\n"
         "{\"shipment_id\":\"L2\",\"seller_name\":\"0123456789012345678901\","
         "\"buyer_name\":\"0123456789012345678901\"}\n"
         "{\"shipment_id\":\"L3\",\"items\":[{},{},{},{},{},{}]}\n"
         "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1}}}}}\n"
         "{\"shipment_id\":\"L4\"}"),
       2,
       3,
       {"ELIMIT code=ELIMIT row line=2 col=1 off=21 msg=\"record longer than "
        "the record byte limit\"",
        "more items than the item limit"}},
  };
  run_cases(*state, cases, sizeof cases / sizeof *cases);
}

/* The full list with NDJSON: lines with unmapped keys in varying order,
 * more than 256 of them across the input, some only in rejected lines. */
static void test_ndjson_many_unmapped(void **state) {
  fixture *f = *state;
  tu_buf b = {0};
  for (int i = 0; i < 420; i++) {
    if (i % 7 == 3) {
      tu_printf(&b, "{\"bad%d\":1,\"k%d\":\n", i, i); /* rejected */
      continue;
    }
    tu_printf(&b, "{\"shipment_id\":\"S%d\"", i);
    if (i % 2)
      tu_printf(&b, ",\"k%d\":\"v\",\"common\":1", i);
    else
      tu_printf(&b, ",\"common\":2,\"k%d\":\"w\"", i);
    if (i % 5 == 0)
      tu_printf(&b, ",\"items\":[{\"ik%d\":1,\"description\":\"d\"}]", i % 50);
    tu_puts(&b, i % 3 ? "}\n" : "}\r\n");
  }
  assert_false(b.oom);
  ropts o = NDJSON;
  char *ref = check_parts(f, "420 lines, 400 unmapped keys", ENG_DEFAULT, &o,
                          b.p, b.len);
  assert_int_equal(count_prefix(ref, "unmapped "), 256);
  assert_non_null(
      strstr(ref, "END records=420\nunmapped \"common\"=360\nunmapped "
                  "\"k0\"=1\nunmapped \"items.ik0\"=8\nunmapped \"k1\"=1\n"));
  assert_non_null(strstr(ref, "unmapped \"(other names)\"="));
  free(ref);
  free(b.p);
}

/* ------------------------------------------------------------------------ */
/* Files                                                                     */
/* ------------------------------------------------------------------------ */

static int ends_with(const char *s, const char *suffix) {
  size_t a = strlen(s), b = strlen(suffix);
  return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void test_reader_files(void **state) {
  fixture *f = *state;
  const char *data = tu_data_dir();
  assert_non_null(data);
  char *dir = tu_path(data, "readers");
  size_t n = 0;
  char **names = tu_list_dir(dir, "", &n);
  assert_non_null(names);
  assert_true(n >= 17);
  for (size_t i = 0; i < n; i++) {
    char *path = tu_path(dir, names[i]);
    size_t len = 0;
    char *text = tu_read_file(path, &len);
    assert_non_null(text);
    ropts o = {ends_with(names[i], ".ndjson") ? SDQ_FORMAT_NDJSON
                                              : SDQ_FORMAT_CSV,
               0, ends_with(names[i], ".group.csv")};
    free(check_parts(f, names[i], ENG_CHUNKS, &o, text, len));
    free(text);
    free(path);
  }
  tu_free_names(names);
  free(dir);
}

/* The files `sdq gen` wrote at build time (3000 consignments, seed 11,
 * defect rate 0.6), when the build has the sdq program. */
static void check_generated(void **state, const char *var, ropts o) {
  fixture *f = *state;
  const char *path = getenv(var);
  if (!path || !*path) {
    fprintf(stderr, "%s is not set: skipped\n", var);
    skip();
  }
  size_t len = 0;
  char *text = tu_read_file(path, &len);
  assert_non_null(text);
  assert_true(len > 100000);
  char *ref = check_parts_limit(f, path, ENG_DEFAULT, &o, text, len, 0);
  assert_int_equal(count_prefix(ref, "OK ") + count_prefix(ref, "EPARSE ") +
                       count_prefix(ref, "ELIMIT "),
                   3000);
  free(ref);
  free(text);
}

static void test_generated_csv(void **state) {
  check_generated(state, "SDQ_PARTS_GEN_CSV", (ropts)CSV_GROUP);
}

static void test_generated_ndjson(void **state) {
  check_generated(state, "SDQ_PARTS_GEN_NDJSON", (ropts)NDJSON);
}

/* ------------------------------------------------------------------------ */
/* States and arguments                                                      */
/* ------------------------------------------------------------------------ */

static void test_api_states(void **state) {
  fixture *f = *state;
  const sdq_engine *e = f->engine[ENG_DEFAULT];
  sdq_reader *lead = NULL, *part = NULL, *nd = NULL;
  assert_int_equal(sdq_reader_new(e, SDQ_FORMAT_CSV, &lead), SDQ_OK);
  assert_int_equal(sdq_reader_new(e, SDQ_FORMAT_NDJSON, &nd), SDQ_OK);
  size_t len = 7;

  /* NULL arguments. */
  assert_int_equal(sdq_reader_cut(NULL, "a", 1, 0, &len), SDQ_EINVAL);
  assert_int_equal(len, 0);
  assert_int_equal(sdq_reader_cut(lead, "a", 1, 0, NULL), SDQ_EINVAL);
  len = 7;
  assert_int_equal(sdq_reader_cut(lead, NULL, 1, 0, &len), SDQ_EINVAL);
  assert_int_equal(len, 0);
  assert_int_equal(sdq_reader_cut(lead, NULL, 0, 0, &len), SDQ_OK);
  assert_int_equal(len, 0);
  part = (sdq_reader *)&part;
  assert_int_equal(sdq_reader_fork(NULL, &part), SDQ_EINVAL);
  assert_null(part);
  assert_int_equal(sdq_reader_fork(lead, NULL), SDQ_EINVAL);
  assert_int_equal(sdq_reader_join(NULL, lead), SDQ_EINVAL);
  assert_int_equal(sdq_reader_join(lead, NULL), SDQ_EINVAL);
  assert_int_equal(sdq_reader_join(lead, lead), SDQ_EINVAL);
  /* Different formats. */
  assert_int_equal(sdq_reader_join(nd, lead), SDQ_EINVAL);
  assert_int_equal(sdq_reader_join(lead, nd), SDQ_EINVAL);

  /* A cut reader cannot be fed; a fed one cannot be cut or forked. */
  assert_int_equal(sdq_reader_cut(lead, "shipment_id\nA\n", 14, 0, &len),
                   SDQ_OK);
  assert_int_equal(len, 14);
  assert_int_equal(sdq_reader_feed(lead, "B\n", 2), SDQ_ESTATE);
  assert_int_equal(sdq_reader_feed(nd, "{}\n", 3), SDQ_OK);
  assert_int_equal(sdq_reader_cut(nd, "{}\n", 3, 0, &len), SDQ_ESTATE);
  assert_int_equal(len, 0);
  part = (sdq_reader *)&part;
  assert_int_equal(sdq_reader_fork(nd, &part), SDQ_ESTATE);
  assert_null(part);
  /* A finished reader cannot be cut either. */
  sdq_reader *fin = NULL;
  assert_int_equal(sdq_reader_new(e, SDQ_FORMAT_NDJSON, &fin), SDQ_OK);
  assert_int_equal(sdq_reader_finish(fin), SDQ_OK);
  assert_int_equal(sdq_reader_cut(fin, "{}\n", 3, 1, &len), SDQ_ESTATE);
  sdq_reader_free(fin);

  /* After the last cut: no fork, no cut. */
  assert_int_equal(sdq_reader_fork(lead, &part), SDQ_OK);
  assert_int_equal(sdq_reader_cut(lead, "B\nC", 3, 1, &len), SDQ_OK);
  assert_int_equal(len, 3);
  sdq_reader *late = (sdq_reader *)&late;
  assert_int_equal(sdq_reader_fork(lead, &late), SDQ_ESTATE);
  assert_null(late);
  assert_int_equal(sdq_reader_cut(lead, "D\n", 2, 1, &len), SDQ_ESTATE);
  assert_int_equal(len, 0);
  assert_int_equal(sdq_reader_cut(lead, "D\n", 2, 0, &len), SDQ_ESTATE);

  /* The fork made before the last cut reads its part: the lead gave it the
   * header, its position and its record numbers start at 1. */
  assert_int_equal(sdq_reader_feed(part, "B\nC", 3), SDQ_OK);
  assert_int_equal(sdq_reader_finish(part), SDQ_OK);
  sdq_record *rec = NULL;
  assert_int_equal(sdq_record_new(e, &rec), SDQ_OK);
  assert_int_equal(sdq_reader_next(part, rec, NULL), SDQ_OK);
  assert_int_equal(sdq_record_number(rec), 1);
  assert_int_equal(sdq_record_line(rec), 3);
  assert_int_equal(sdq_reader_next(part, rec, NULL), SDQ_OK);
  assert_int_equal(sdq_record_number(rec), 2);
  assert_int_equal(sdq_record_line(rec), 4);
  assert_int_equal(sdq_reader_next(part, rec, NULL), SDQ_END);
  assert_int_equal(sdq_reader_offset(part), 17);
  /* Joined twice into a fresh reader: counts add up. */
  sdq_reader *total = NULL;
  assert_int_equal(sdq_reader_new(e, SDQ_FORMAT_CSV, &total), SDQ_OK);
  assert_int_equal(sdq_reader_join(total, part), SDQ_OK);
  assert_int_equal(sdq_reader_join(total, part), SDQ_OK);
  assert_int_equal(sdq_reader_records(total), 4);
  sdq_reader_free(total);
  sdq_record_free(rec);
  sdq_reader_free(part);
  sdq_reader_free(lead);
  sdq_reader_free(nd);
}

/* NDJSON cut lengths: whole lines only; a BOM is held back until it is
 * known to be one. */
static void test_ndjson_cut_lengths(void **state) {
  fixture *f = *state;
  const sdq_engine *e = f->engine[ENG_DEFAULT];
  sdq_reader *lead = NULL;
  assert_int_equal(sdq_reader_new(e, SDQ_FORMAT_NDJSON, &lead), SDQ_OK);
  size_t len = 9;
  assert_int_equal(sdq_reader_cut(lead, "\xEF\xBB", 2, 0, &len), SDQ_OK);
  assert_int_equal(len, 0);
  assert_int_equal(sdq_reader_cut(lead, "\xEF\xBB\xBF{}\n{\"a\"", 11, 0, &len),
                   SDQ_OK);
  assert_int_equal(len, 6);
  assert_int_equal(sdq_reader_cut(lead, "{\"a\"", 4, 0, &len), SDQ_OK);
  assert_int_equal(len, 0);
  assert_int_equal(sdq_reader_cut(lead, "{\"a\":1}\r\n\r\n{", 12, 0, &len),
                   SDQ_OK);
  assert_int_equal(len, 11);
  assert_int_equal(sdq_reader_cut(lead, "{", 1, 1, &len), SDQ_OK);
  assert_int_equal(len, 1);
  sdq_reader_free(lead);
}

/* ------------------------------------------------------------------------ */
/* Out of memory while cutting                                               */
/* ------------------------------------------------------------------------ */

/*
 * sdq.h: sdq_reader_cut() returns "SDQ_ENOMEM when memory ran out (the lead
 * is then finished)". Grouped CSV: the boundary search unescapes ids
 * with doubled quotes into a scratch record; when that allocation fails,
 * the cut must return SDQ_ENOMEM and the lead must be finished (a fork
 * then gives SDQ_ESTATE, and so does another cut).
 */
static void test_cut_enomem_finishes_lead(void **state) {
  (void)state;
  tu_alloc a = {0};
  sdq_allocator al = tu_allocator(&a);
  sdq_engine *e = tu_engine(&al, NULL);
  assert_non_null(e);
  ropts o = CSV_GROUP;
  sdq_reader *lead = new_reader(e, &o);
  size_t len = 0;
  static const char header[] = "shipment_id,description\n";
  assert_int_equal(sdq_reader_cut(lead, header, sizeof header - 1, 0, &len),
                   SDQ_OK);
  assert_int_equal(len, sizeof header - 1);
  /* Every allocation from now on fails. */
  a.fail_at = a.calls + 1;
  a.fail_after = 1;
  static const char rows[] = "\"A\"\"1\",a\n\"A\"\"1\",b\n\"B\"\"2\",c\n";
  sdq_status st = sdq_reader_cut(lead, rows, sizeof rows - 1, 0, &len);
  a.fail_at = 0;
  a.fail_after = 0;
  if (st == SDQ_ENOMEM) {
    assert_int_equal(len, 0);
    sdq_reader *part = (sdq_reader *)&part;
    /* The lead is finished: no fork starts on the line after the rows the
     * failed cut framed. */
    sdq_status fs = sdq_reader_fork(lead, &part);
    sdq_reader_free(fs == SDQ_OK ? part : NULL);
    assert_int_equal(fs, SDQ_ESTATE);
    assert_int_equal(sdq_reader_cut(lead, rows, sizeof rows - 1, 0, &len),
                     SDQ_ESTATE);
  } else {
    /* The ids needed no memory: then the cut is as usual. */
    assert_int_equal(st, SDQ_OK);
    assert_int_equal(len, 18);
  }
  sdq_reader_free(lead);
  sdq_engine_free(e);
  assert_int_equal(a.live, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_csv_quoting),
      cmocka_unit_test(test_csv_header),
      cmocka_unit_test(test_csv_limits),
      cmocka_unit_test(test_csv_unmapped),
      cmocka_unit_test(test_csv_cut_crlf),
      cmocka_unit_test(test_csv_random_framing),
      cmocka_unit_test(test_csv_window_edges),
      cmocka_unit_test(test_grouped_runs),
      cmocka_unit_test(test_grouped_cases),
      cmocka_unit_test(test_grouped_long_run),
      cmocka_unit_test(test_grouped_cut_lengths),
      cmocka_unit_test(test_ndjson_cases),
      cmocka_unit_test(test_ndjson_cut_lengths),
      cmocka_unit_test(test_reader_files),
      cmocka_unit_test(test_generated_csv),
      cmocka_unit_test(test_generated_ndjson),
      cmocka_unit_test(test_api_states),
      cmocka_unit_test(test_join_into_full_unmapped_list),
      cmocka_unit_test(test_csv_over_256_unmapped),
      cmocka_unit_test(test_ndjson_many_unmapped),
      cmocka_unit_test(test_uncached_key_after_full_list),
      cmocka_unit_test(test_cut_enomem_finishes_lead),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
