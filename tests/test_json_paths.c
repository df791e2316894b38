/*
 * The JSON lexer's two ways of scanning strings give the same results: the
 * library's (16 bytes at a time with SSE2 where available) and the portable
 * scalar one, compiled here from the same source with SDQ_JSON_SCALAR under
 * other names. Both lex the same inputs - generated strings around every
 * kind of byte the scanner must stop at, at every alignment and cut at
 * every length, pseudo-random documents, and the NDJSON fuzz corpus - and
 * every token, text, position and error must match.
 *
 * Every input is an exact-size heap copy, so that AddressSanitizer reports
 * a read past its end.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

/* The scalar lexer, under the names scalar_json_*. */
#define SDQ_JSON_SCALAR 1
#define json_init scalar_json_init
#define json_next scalar_json_next
#define json_skip scalar_json_skip
#define json_position scalar_json_position
#define json_next_member scalar_json_next_member
#include "read/json.c"
#undef json_init
#undef json_next
#undef json_skip
#undef json_position
#undef json_next_member

/* The library's lexer (json.h is already included, under the names above). */
void json_init(json_lexer *lx, const char *data, size_t len);
json_token json_next(json_lexer *lx);
json_token json_next_member(json_lexer *lx, const char **key, size_t *key_len,
                            size_t *key_offset);
int json_skip(json_lexer *lx, json_token first);

/* ------------------------------------------------------------------------ */
/* Running both lexers                                                       */
/* ------------------------------------------------------------------------ */

typedef struct decoder {
  char *blocks[64];
  size_t count;
} decoder;

static char *decoder_alloc(void *ctx, size_t size) {
  decoder *d = ctx;
  if (d->count == sizeof d->blocks / sizeof d->blocks[0])
    return NULL;
  d->blocks[d->count] = malloc(size ? size : 1);
  return d->blocks[d->count++];
}

static void decoder_free(decoder *d) {
  for (size_t i = 0; i < d->count; i++)
    free(d->blocks[i]);
  d->count = 0;
}

typedef struct run_opts {
  size_t max_string;
  int skip;   /* json_skip() every container after its first token */
  int member; /* 1: the library lexer reads members with json_next_member(),
                 2: the scalar one does; the other uses json_next() twice */
} run_opts;

static size_t compared; /* inputs compared, for the summary */

static void fail_at(const char *data, size_t len, size_t token,
                    const char *what) {
  fprintf(stderr, "scalar and SIMD lexers differ (%s) at token %zu of:\n", what,
          token);
  for (size_t i = 0; i < len; i++)
    fprintf(stderr, isprint((unsigned char)data[i]) ? "%c" : "\\x%02x",
            (unsigned char)data[i]);
  fprintf(stderr, "\n");
  fail();
}

/* One of the two lexers, with its functions. */
typedef struct side {
  json_lexer lx;
  json_token (*next)(json_lexer *);
  json_token (*member)(json_lexer *, const char **, size_t *, size_t *);
  int (*skip_value)(json_lexer *, json_token);
  int use_member;
  /* the key of the last step, when it read a member */
  const char *key;
  size_t key_len, key_offset;
} side;

/* The next token, or with use_member in an object, the next member. */
static json_token step(side *s, int in_object) {
  s->key = NULL;
  if (!in_object)
    return s->next(&s->lx);
  if (s->use_member)
    return s->member(&s->lx, &s->key, &s->key_len, &s->key_offset);
  json_token t = s->next(&s->lx);
  if (t != JSON_KEY)
    return t;
  s->key = s->lx.text;
  s->key_len = s->lx.len;
  s->key_offset = s->lx.token_offset;
  return s->next(&s->lx);
}

/* Lexes [data, data+len) (an exact-size heap block) with both lexers. */
static void compare_on(const char *data, size_t len, run_opts o) {
  side a = {.next = json_next,
            .member = json_next_member,
            .skip_value = json_skip,
            .use_member = o.member == 1};
  side b = {.next = scalar_json_next,
            .member = scalar_json_next_member,
            .skip_value = scalar_json_skip,
            .use_member = o.member == 2};
  decoder da = {{0}, 0}, db = {{0}, 0};
  json_init(&a.lx, data, len);
  scalar_json_init(&b.lx, data, len);
  a.lx.max_string = b.lx.max_string = o.max_string;
  a.lx.decode = b.lx.decode = decoder_alloc;
  a.lx.decode_ctx = &da;
  b.lx.decode_ctx = &db;
  /* open containers, to know when members come next: 'o' or 'a' */
  char open[128];
  size_t depth = 0;
  for (size_t i = 0; i < 10000; i++) {
    int in_object = o.member && depth > 0 && open[depth - 1] == 'o';
    json_token ta = step(&a, in_object), tb = step(&b, in_object);
    if ((a.key == NULL) != (b.key == NULL) ||
        (a.key && (a.key_len != b.key_len || a.key_offset != b.key_offset ||
                   memcmp(a.key, b.key, a.key_len) != 0)))
      fail_at(data, len, i, "key");
    if (ta != tb)
      fail_at(data, len, i, "token");
    if (a.lx.len != b.lx.len || (a.lx.text == NULL) != (b.lx.text == NULL) ||
        (a.lx.text && memcmp(a.lx.text, b.lx.text, a.lx.len) != 0))
      fail_at(data, len, i, "text");
    /* In place in both, or decoded in both. */
    if ((a.lx.text >= data && a.lx.text < data + len) !=
        (b.lx.text >= data && b.lx.text < data + len))
      fail_at(data, len, i, "zero copy");
    if (a.lx.text >= data && a.lx.text < data + len && a.lx.text != b.lx.text)
      fail_at(data, len, i, "text position");
    if (a.lx.cur != b.lx.cur || a.lx.token_offset != b.lx.token_offset)
      fail_at(data, len, i, "position");
    if (a.lx.error_kind != b.lx.error_kind ||
        a.lx.error_offset != b.lx.error_offset ||
        (a.lx.error == NULL) != (b.lx.error == NULL) ||
        (a.lx.error && strcmp(a.lx.error, b.lx.error) != 0))
      fail_at(data, len, i, "error");
    if (ta == JSON_ERROR || ta == JSON_END)
      break;
    if (o.skip && (ta == JSON_OBJECT_BEGIN || ta == JSON_ARRAY_BEGIN)) {
      int ra = a.skip_value(&a.lx, ta), rb = b.skip_value(&b.lx, tb);
      if (ra != rb || a.lx.error_offset != b.lx.error_offset ||
          a.lx.error_kind != b.lx.error_kind)
        fail_at(data, len, i, "skip");
    } else if (ta == JSON_OBJECT_BEGIN || ta == JSON_ARRAY_BEGIN) {
      if (depth == sizeof open)
        break;
      open[depth++] = ta == JSON_OBJECT_BEGIN ? 'o' : 'a';
    } else if ((ta == JSON_OBJECT_END || ta == JSON_ARRAY_END) && depth) {
      depth--;
    }
  }
  decoder_free(&da);
  decoder_free(&db);
  compared++;
}

/* Compares on an exact-size copy of the input, with and without a string
 * limit and skipping. */
static void compare(const char *data, size_t len) {
  char *copy = malloc(len ? len : 1);
  assert_non_null(copy);
  memcpy(copy, data, len);
  compare_on(copy, len, (run_opts){0, 0, 0});
  compare_on(copy, len, (run_opts){7, 0, 0});
  compare_on(copy, len, (run_opts){0, 1, 0});
  compare_on(copy, len, (run_opts){0, 0, 1});
  compare_on(copy, len, (run_opts){7, 0, 1});
  compare_on(copy, len, (run_opts){0, 0, 2});
  free(copy);
}

/* Compares on the input and on every prefix of it. */
static void compare_prefixes(const char *data, size_t len) {
  for (size_t n = 0; n <= len; n++)
    compare(data, n);
}

/* ------------------------------------------------------------------------ */
/* Inputs                                                                    */
/* ------------------------------------------------------------------------ */

/* Pieces of string contents: plain bytes and everything that stops the
 * plain scan, valid or not. */
static const char *const pieces[] = {
    "a",
    "Z",
    " ",
    "~",
    "\x7f",
    "\"",
    "\\",
    "\\\"",
    "\\\\",
    "\\/",
    "\\b\\f\\n\\r\\t",
    "\\u00e9",
    "\\u20AC",
    "\\ud83d\\ude00",
    "\\ud800",
    "\\udc00",
    "\\u0000",
    "\\u12",
    "\\x",
    "\\:1",
    "\\:\"",
    "\xc3:-",
    "\x01",
    "\x1f",
    "\t",
    "\n",
    "\xc3\xa9",
    "\xe2\x82\xac",
    "\xf0\x9f\x98\x80",
    "\xed\xa0\x80",
    "\xc0\xaf",
    "\xe0\x80\xaf",
    "\xf4\x90\x80\x80",
    "\xc3",
    "\xe2\x82",
    "\x80",
    "\xff",
};
#define PIECE_COUNT (sizeof pieces / sizeof pieces[0])

/* A string of `run` plain bytes, one piece, then `after` plain bytes, as a
 * value, a key and an array element, after `pad` spaces: the special byte
 * falls at every position of a 16-byte block and near every end. */
static void test_pieces_at_every_position(void **state) {
  (void)state;
  char buf[256];
  for (size_t k = 0; k < PIECE_COUNT; k++)
    for (size_t run = 0; run < 36; run++)
      for (size_t after = 0; after < 20; after += 3) {
        char body[128];
        size_t n = 0;
        for (size_t i = 0; i < run; i++)
          body[n++] = (char)('a' + i % 26);
        size_t pl = strlen(pieces[k]);
        memcpy(body + n, pieces[k], pl);
        n += pl;
        for (size_t i = 0; i < after; i++)
          body[n++] = (char)('A' + i % 26);
        for (size_t pad = 0; pad < 3; pad++) {
          int m = snprintf(buf, sizeof buf, "%*s\"%.*s\"", (int)pad, "", (int)n,
                           body);
          compare_prefixes(buf, (size_t)m);
          m = snprintf(buf, sizeof buf, "%*s{\"%.*s\":[\"%.*s\",1]}", (int)pad,
                       "", (int)n, body, (int)n, body);
          compare(buf, (size_t)m);
          compare(buf, (size_t)m - 1);
          compare(buf, (size_t)m - 3);
        }
      }
}

/* Objects around the separators of members, each cut at every length and
 * with every byte replaced in turn by each of a few that matter there: the
 * member fast path must fall back exactly where json_next() would fail or
 * read something else. */
static void test_member_syntax(void **state) {
  (void)state;
  static const char *const docs[] = {
      "{\"a\":\"b\",\"cd\":12,\"e\":-1.5e3,\"f\":[1],\"g\":{\"h\":\"i\"}}",
      "{ \"a\": \"b\", \"c\": 1, \"d\":  \"e\", \"f\" :\"g\"}",
      "{\"a\":\"b\" , \"c\":\t1,\n\"d\":\r\"e\"}",
      "{\"a\":true,\"b\":null,\"c\":false,\"d\":\"\\u00e9\",\"e\\n\":1}",
      "{\"\":\"\",\"\":0,\"a\":\"\\\"\"}",
  };
  static const char swaps[] = " x\":,\\}]1-\t";
  char buf[128];
  for (size_t d = 0; d < sizeof docs / sizeof docs[0]; d++) {
    size_t len = strlen(docs[d]);
    assert_true(len < sizeof buf);
    compare_prefixes(docs[d], len);
    for (size_t i = 0; i < len; i++)
      for (size_t k = 0; k < sizeof swaps - 1; k++) {
        memcpy(buf, docs[d], len);
        buf[i] = swaps[k];
        compare_prefixes(buf, len);
      }
  }
}

/* A tiny deterministic generator (xorshift64*). */
static uint64_t next_random(uint64_t *s) {
  *s ^= *s >> 12;
  *s ^= *s << 25;
  *s ^= *s >> 27;
  return *s * UINT64_C(2685821657736338717);
}

/* Pseudo-random documents: objects and arrays of strings made of random
 * pieces, numbers and literals, with random white space, and one random
 * byte replaced now and then. */
static void test_random_documents(void **state) {
  (void)state;
  static const char *const scalars[] = {"1",     "-0.5e+3", "true", "null",
                                        "false", "01",      "[]",   "{}"};
  uint64_t seed = UINT64_C(0x9E3779B97F4A7C15);
  char buf[4096];
  for (int doc = 0; doc < 20000; doc++) {
    size_t n = 0;
    size_t members = next_random(&seed) % 6;
    buf[n++] = '{';
    for (size_t m = 0; m < members && n < sizeof buf - 600; m++) {
      if (m)
        buf[n++] = ',';
      /* white space where the member fast path allows one space, and
       * more than it allows */
      for (uint64_t w = next_random(&seed) % 8; w > 4; w--)
        buf[n++] = w == 5 ? ' ' : "\t\n\r "[next_random(&seed) % 4];
      for (int part = 0; part < 2; part++) {
        if (part) {
          buf[n++] = ':';
          for (uint64_t w = next_random(&seed) % 8; w > 4; w--)
            buf[n++] = w == 5 ? ' ' : "\t\n\r "[next_random(&seed) % 4];
          if (next_random(&seed) % 3 == 0) {
            const char *v = scalars[next_random(&seed) % 8];
            memcpy(buf + n, v, strlen(v));
            n += strlen(v);
            break;
          }
        }
        buf[n++] = '"';
        size_t count = next_random(&seed) % 40;
        for (size_t i = 0; i < count; i++) {
          uint64_t r = next_random(&seed);
          const char *piece =
              r % 8 < 6 ? "plain" : pieces[(r >> 8) % PIECE_COUNT];
          size_t pl = strlen(piece);
          memcpy(buf + n, piece, pl);
          n += pl;
        }
        buf[n++] = '"';
      }
    }
    buf[n++] = '}';
    if (next_random(&seed) % 5 == 0) {
      uint64_t r = next_random(&seed);
      buf[r % n] = (char)(r >> 32);
    }
    compare(buf, n);
    if (doc % 16 == 0)
      compare(buf, next_random(&seed) % (n + 1));
  }
}

/* Every line, and every whole file, of the NDJSON fuzz corpus and
 * regressions. */
static void compare_tree(const char *dir) {
  size_t count = 0;
  char **names = tu_list_dir(dir, "", &count);
  if (!names)
    return;
  for (size_t f = 0; f < count; f++) {
    char *path = tu_path(dir, names[f]);
    size_t len = 0;
    char *data = path ? tu_read_file(path, &len) : NULL;
    free(path);
    assert_non_null(data);
    compare(data, len);
    size_t start = 0;
    for (size_t i = 0; i <= len; i++)
      if (i == len || data[i] == '\n') {
        compare(data + start, i - start);
        start = i + 1;
      }
    free(data);
  }
  tu_free_names(names);
}

static void test_fuzz_corpus(void **state) {
  (void)state;
  const char *root = getenv("SDQ_SOURCE_ROOT");
  if (!root)
    skip();
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/ndjson", root);
  compare_tree(dir);
  snprintf(dir, sizeof dir, "%s/tests/fuzz/regressions/ndjson", root);
  compare_tree(dir);
}

static int report(void **state) {
  (void)state;
  printf("compared the two string scanners on %zu inputs\n", compared);
  return 0;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_pieces_at_every_position),
      cmocka_unit_test(test_member_syntax),
      cmocka_unit_test(test_random_documents),
      cmocka_unit_test(test_fuzz_corpus),
  };
  return cmocka_run_group_tests(tests, NULL, report);
}
