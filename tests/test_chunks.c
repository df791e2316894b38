/*
 * Chunk invariance of the readers: every input file under
 * $SDQ_TEST_DATA/readers/ is read whole, one byte per feed, in
 * pseudo-random chunks of 1..97 bytes (several fixed seeds), split in two
 * at every position, and with zero-length chunks in between; the
 * serialized outcomes (for each record its status, number, line and every
 * value; for each rejection code, record, line, column, offset and
 * message; then the record count, final offset and unmapped names) must
 * be identical. Each file's whole read is also checked against counts
 * written by hand below, so that a reader that is wrong the same way in
 * every chunking still fails.
 *
 * The format comes from the file name: *.ndjson is NDJSON, *.group.csv
 * CSV with grouping, *.csv CSV. All files are read with small limits
 * (LIMITS below) so that limit errors are cheap to provoke.
 *
 * Build alone, e.g.:
 *   cc -std=c11 -Wall -Wextra -Werror -g -fsanitize=address,undefined \
 *      -Iinclude -Ilib $(find lib -name '*.c') tests/test_chunks.c \
 *      -lcmocka -o /tmp/test_chunks
 *   SDQ_TEST_DATA=tests/data /tmp/test_chunks
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sdq.h"
#include "test_util.h"

/* Under -fsanitize=undefined, undefined behaviour ends the run. */
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void) {
  return "halt_on_error=1:print_stacktrace=1";
}

static const tu_limits LIMITS = {.field_bytes = 200,
                                 .fields = 40,
                                 .items = 5,
                                 .record_bytes = 1024,
                                 .depth = 16};

/* Files at most this long are also split at every position. */
#define SPLIT_ALL_MAX 4096

/* What the whole read of each file must give: accepted records, rejections
 * (a broken CSV header counts as one), and a string the serialization must
 * contain (NULL: none). */
typedef struct expectation {
  const char *file;
  unsigned ok, rejected;
  const char *contains;
} expectation;

static const expectation EXPECTED[] = {
    {"basic.ndjson", 6, 0,
     "seller_name=\"Esc \\x22q\\x22 \\x5C / \\x0A\\x09 \xC3\xA9 "
     "\xF0\x9F\x98\x80\""},
    {"basic_lf.csv", 3, 0, "unmapped \"Colour\"=2"},
    {"bom_pipe.csv", 2, 0, "seller_name=\"Ali\""},
    {"broken_header.csv", 0, 4, "code=EPARSE n=0 line=1 col=21 off=20"},
    {"cr_only.csv", 3, 0, "buyer_name=\"Delta\\x0DEpsilon\""},
    {"crlf_blank.ndjson", 3, 0, "OK n=3 line=7 items=0 shipment_id=\"C3\""},
    {"crlf_errors.ndjson", 3, 3,
     "OK n=4 line=5 items=1 shipment_id=\"E2\" | item0: "
     "description=\"d\\x0D\\x0A\""},
    {"crlf_quotes.csv", 4, 0, "buyer_address=\"Main St 1\\x0D\\x0AApt 2\""},
    {"empty.csv", 0, 0, "END records=0 offset=0"},
    {"fake_bom.csv", 0, 3, "n=0 line=1 col=1 off=0 msg=\"the header row"},
    {"header_only.csv", 0, 0, "END records=0 offset=28"},
    {"limits.group.csv", 2, 3, "items=2 shipment_id=\"L2\""},
    {"malformed.csv", 4, 10, "OK n=12 line=13 items=1 shipment_id=\"M12\""},
    {"malformed.ndjson", 5, 15, "OK n=19 line=19 items=0 shipment_id=\"OK5\""},
    {"mixed_tab.csv", 3, 0, "seller_name=\"tab\\x09inside\""},
    {"orders.group.csv", 6, 0, "OK n=1 line=2 items=3 shipment_id=\"G1\""},
    {"unicode.ndjson", 3, 0, "unmapped \"items.\xE5\x93\x81\xE5\x90\x8D\"=1"},
    /* Rows whose closing quotes, line ends and two-byte characters fall on
     * every side of the one-pass parser's 64-byte windows. */
    {"window_edges.csv", 207, 3,
     "OK n=210 line=213 items=1 shipment_id=\"W908\""},
};

#define N_EXPECTED (sizeof EXPECTED / sizeof *EXPECTED)

/* ------------------------------------------------------------------------ */
/* Fixture: every file, read once whole                                      */
/* ------------------------------------------------------------------------ */

typedef struct input {
  char *name;
  char *data;
  size_t len;
  tu_reader_opts opts;
  char *whole; /* outcomes of the whole read */
} input;

typedef struct fixture {
  tu_alloc alloc;
  sdq_allocator al;
  sdq_engine *engine;
  size_t engine_live;
  input *inputs;
  size_t count;
} fixture;

static int ends_with(const char *s, const char *suffix) {
  size_t a = strlen(s), b = strlen(suffix);
  return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void free_fixture(fixture *f) {
  for (size_t i = 0; i < f->count; i++) {
    free(f->inputs[i].name);
    free(f->inputs[i].data);
    free(f->inputs[i].whole);
  }
  free(f->inputs);
  sdq_engine_free(f->engine);
  free(f);
}

static int group_setup(void **state) {
  const char *data = tu_data_dir();
  if (!data)
    return -1;
  fixture *f = calloc(1, sizeof *f);
  if (!f)
    return -1;
  f->al = tu_allocator(&f->alloc);
  f->engine = tu_engine(&f->al, &LIMITS);
  char *dir = tu_path(data, "readers");
  size_t n = 0;
  char **names = dir ? tu_list_dir(dir, "", &n) : NULL;
  if (!f->engine || !names) {
    fprintf(stderr, "cannot set up: engine or directory %s\n", dir ? dir : "?");
    free(dir);
    tu_free_names(names);
    free_fixture(f);
    return -1;
  }
  f->engine_live = f->alloc.live;
  f->inputs = calloc(n ? n : 1, sizeof *f->inputs);
  int ok = f->inputs != NULL;
  for (size_t i = 0; ok && i < n; i++) {
    input *in = &f->inputs[f->count++];
    in->name = names[i];
    names[i] = NULL;
    char *path = tu_path(dir, in->name);
    in->data = path ? tu_read_file(path, &in->len) : NULL;
    free(path);
    if (!in->data) {
      ok = 0;
      break;
    }
    in->opts.format =
        ends_with(in->name, ".ndjson") ? SDQ_FORMAT_NDJSON : SDQ_FORMAT_CSV;
    in->opts.group_items = ends_with(in->name, ".group.csv");
    tu_chunking whole = {TU_CHUNK_WHOLE, 0, 0, 0, 0};
    in->whole = tu_read(f->engine, &in->opts, in->data, in->len, &whole);
    if (!in->whole)
      ok = 0;
  }
  free(dir);
  tu_free_names(names);
  if (!ok) {
    free_fixture(f);
    return -1;
  }
  *state = f;
  return 0;
}

static int group_teardown(void **state) {
  fixture *f = *state;
  sdq_engine_free(f->engine);
  f->engine = NULL;
  size_t live = f->alloc.live, bad = f->alloc.bad_sizes;
  free_fixture(f);
  if (live || bad) {
    fprintf(stderr, "teardown: %zu bytes leaked, %zu frees with a wrong size\n",
            live, bad);
    return -1;
  }
  return 0;
}

/* Reads `in` with `ch` and compares with its whole read; also checks that
 * the reader freed everything. */
static void check_same(fixture *f, const input *in, const tu_chunking *ch,
                       const char *what) {
  char *got = tu_read(f->engine, &in->opts, in->data, in->len, ch);
  assert_non_null(got);
  if (strcmp(in->whole, got) != 0) {
    char label[256];
    snprintf(label, sizeof label, "%s, %s", in->name, what);
    tu_print_diff(label, in->whole, got);
    free(got);
    fail_msg("%s: outcomes differ from the whole read", label);
  }
  free(got);
  if (f->alloc.live != f->engine_live)
    fail_msg("%s, %s: %zu bytes leaked", in->name, what,
             f->alloc.live - f->engine_live);
  assert_int_equal(f->alloc.bad_sizes, 0);
}

/* ------------------------------------------------------------------------ */
/* Tests                                                                     */
/* ------------------------------------------------------------------------ */

static const expectation *expectation_of(const char *name) {
  for (size_t i = 0; i < N_EXPECTED; i++)
    if (strcmp(EXPECTED[i].file, name) == 0)
      return &EXPECTED[i];
  return NULL;
}

static void test_files_present(void **state) {
  fixture *f = *state;
  if (f->count < 12)
    fail_msg("only %zu input files in readers/ (at least 12 expected)",
             f->count);
  size_t ndjson = 0, csv = 0, group = 0;
  for (size_t i = 0; i < f->count; i++) {
    const input *in = &f->inputs[i];
    if (!expectation_of(in->name))
      fail_msg("%s has no entry in EXPECTED (test_chunks.c)", in->name);
    ndjson += in->opts.format == SDQ_FORMAT_NDJSON;
    csv += in->opts.format == SDQ_FORMAT_CSV;
    group += in->opts.group_items != 0;
  }
  for (size_t i = 0; i < N_EXPECTED; i++) {
    size_t k = 0;
    while (k < f->count && strcmp(f->inputs[k].name, EXPECTED[i].file) != 0)
      k++;
    if (k == f->count)
      fail_msg("%s is listed in EXPECTED but missing from readers/",
               EXPECTED[i].file);
  }
  assert_true(ndjson >= 3);
  assert_true(csv >= 6);
  assert_true(group >= 2);
}

static void test_whole_read_as_expected(void **state) {
  fixture *f = *state;
  for (size_t i = 0; i < f->count; i++) {
    const input *in = &f->inputs[i];
    const expectation *e = expectation_of(in->name);
    if (!e)
      continue;
    size_t ok = tu_count_lines(in->whole, "OK ");
    size_t rejected = tu_count_lines(in->whole, "EPARSE ") +
                      tu_count_lines(in->whole, "ELIMIT ") +
                      tu_count_lines(in->whole, "ENOMEM ");
    if (ok != e->ok || rejected != e->rejected) {
      fprintf(stderr, "%s", in->whole);
      fail_msg("%s: %zu accepted and %zu rejected, expected %u and %u",
               in->name, ok, rejected, e->ok, e->rejected);
    }
    const char *problem = tu_outcome_problem(in->whole);
    if (problem) {
      fprintf(stderr, "%s", in->whole);
      fail_msg("%s: %s", in->name, problem);
    }
    if (e->contains && !strstr(in->whole, e->contains)) {
      fprintf(stderr, "%s", in->whole);
      fail_msg("%s: outcomes lack %s", in->name, e->contains);
    }
    /* records counted = accepted + rejected rows (a header error is not a
     * record) */
    char want[64];
    size_t header_errors =
        tu_count_lines(in->whole, "EPARSE code=EPARSE n=0 ") +
        tu_count_lines(in->whole, "ELIMIT code=ELIMIT n=0 ");
    snprintf(want, sizeof want, "END records=%zu offset=%zu\n",
             ok + rejected - header_errors, in->len);
    if (!strstr(in->whole, want)) {
      fprintf(stderr, "%s", in->whole);
      fail_msg("%s: expected \"%.*s\"", in->name, (int)strlen(want) - 1, want);
    }
  }
}

static void test_one_byte_per_feed(void **state) {
  fixture *f = *state;
  tu_chunking ch = {TU_CHUNK_BYTES, 0, 0, 0, 0};
  for (size_t i = 0; i < f->count; i++)
    check_same(f, &f->inputs[i], &ch, "one byte per feed");
}

static void test_random_chunks(void **state) {
  fixture *f = *state;
  static const uint64_t seeds[] = {1, 2, 3, 5, 8, 13, 21, 34};
  static const size_t maxima[] = {97, 97, 97, 97, 4, 7, 31, 64};
  for (size_t i = 0; i < f->count; i++) {
    for (size_t s = 0; s < sizeof seeds / sizeof *seeds; s++) {
      tu_chunking ch = {TU_CHUNK_RANDOM, seeds[s], maxima[s], 0, 0};
      char what[64];
      snprintf(what, sizeof what, "random chunks 1..%zu, seed %llu", maxima[s],
               (unsigned long long)seeds[s]);
      check_same(f, &f->inputs[i], &ch, what);
    }
  }
}

static void test_fixed_chunks(void **state) {
  fixture *f = *state;
  static const size_t sizes[] = {2, 3, 16, 64, 1023, 1024, 1025};
  for (size_t i = 0; i < f->count; i++) {
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
      tu_chunking ch = {TU_CHUNK_FIXED, 0, sizes[s], 0, 0};
      char what[64];
      snprintf(what, sizeof what, "chunks of %zu", sizes[s]);
      check_same(f, &f->inputs[i], &ch, what);
    }
  }
}

static void test_every_split(void **state) {
  fixture *f = *state;
  size_t files = 0;
  for (size_t i = 0; i < f->count; i++) {
    const input *in = &f->inputs[i];
    if (in->len > SPLIT_ALL_MAX)
      continue;
    files++;
    for (size_t k = 1; k < in->len; k++) {
      tu_chunking ch = {TU_CHUNK_SPLIT, 0, 0, k, 0};
      char what[64];
      snprintf(what, sizeof what, "split at %zu", k);
      check_same(f, in, &ch, what);
    }
  }
  assert_true(files >= 12);
}

static void test_zero_length_chunks(void **state) {
  fixture *f = *state;
  tu_chunking ways[] = {{TU_CHUNK_WHOLE, 0, 0, 0, 1},
                        {TU_CHUNK_BYTES, 0, 0, 0, 1},
                        {TU_CHUNK_RANDOM, 77, 97, 0, 1},
                        {TU_CHUNK_RANDOM, 78, 5, 0, 1}};
  static const char *names[] = {"whole", "one byte", "random 1..97",
                                "random 1..5"};
  for (size_t i = 0; i < f->count; i++)
    for (size_t w = 0; w < sizeof ways / sizeof *ways; w++) {
      char what[64];
      snprintf(what, sizeof what, "%s with zero-length chunks", names[w]);
      check_same(f, &f->inputs[i], &ways[w], what);
    }
}

/* Reads are deterministic: two readers of one engine give the same
 * outcomes (nothing is shared between readers). */
static void test_same_file_twice_fresh_readers(void **state) {
  fixture *f = *state;
  tu_chunking ch = {TU_CHUNK_RANDOM, 99, 97, 0, 0};
  for (size_t i = 0; i < f->count; i++) {
    const input *in = &f->inputs[i];
    char *a = tu_read(f->engine, &in->opts, in->data, in->len, &ch);
    char *b = tu_read(f->engine, &in->opts, in->data, in->len, &ch);
    assert_non_null(a);
    assert_non_null(b);
    if (strcmp(a, b) != 0) {
      tu_print_diff(in->name, a, b);
      fail_msg("%s: two reads differ", in->name);
    }
    free(a);
    free(b);
  }
}

int main(void) {
  if (!tu_data_dir()) {
    fprintf(stderr, "test_chunks: cannot run without its input files\n");
    return 1;
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_files_present),
      cmocka_unit_test(test_whole_read_as_expected),
      cmocka_unit_test(test_one_byte_per_feed),
      cmocka_unit_test(test_random_chunks),
      cmocka_unit_test(test_fixed_chunks),
      cmocka_unit_test(test_every_split),
      cmocka_unit_test(test_zero_length_chunks),
      cmocka_unit_test(test_same_file_twice_fresh_readers),
  };
  return cmocka_run_group_tests_name("chunks", tests, group_setup,
                                     group_teardown);
}
