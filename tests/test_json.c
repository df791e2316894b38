/*
 * Unit tests of the strict JSON pull lexer (lib/read/json.h).
 *
 * Every input is copied into a heap block of exactly its length before it
 * is lexed, so that AddressSanitizer reports any read past `end`.
 *
 * Build alone, e.g.:
 *   cc -std=c11 -Wall -Wextra -Werror -g -fsanitize=address,undefined \
 *      lib/read/json.c tests/test_json.c -lcmocka
 * Add -DSDQ_HAVE_JANSSON -ljansson for a differential check against
 * jansson on the mutated corpus.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef SDQ_HAVE_JANSSON
/* jansson's json_type uses some of the names of json_token: include it
 * first under other names (and use no jansson macro that names them). */
#define JSON_STRING JANSSON_STRING
#define JSON_TRUE JANSSON_TRUE
#define JSON_FALSE JANSSON_FALSE
#define JSON_NULL JANSSON_NULL
#include <jansson.h>
#undef JSON_STRING
#undef JSON_TRUE
#undef JSON_FALSE
#undef JSON_NULL
#endif

#include "../lib/read/json.h"

/* An input given as a string literal, which may hold NUL bytes. */
#define S(lit) (lit), (sizeof(lit) - 1)

/* ------------------------------------------------------------------------ */
/* Fixture: an exact-size copy of the input and a counting decoder          */
/* ------------------------------------------------------------------------ */

#define MAX_BLOCKS 512

typedef struct decoder {
  char *blocks[MAX_BLOCKS];
  size_t sizes[MAX_BLOCKS];
  size_t nblocks;
  size_t calls;
  size_t last_size;
  int fail; /* return NULL */
} decoder;

static char *decoder_alloc(void *ctx, size_t size) {
  decoder *d = ctx;
  char *p;
  d->calls++;
  d->last_size = size;
  if (d->fail || d->nblocks == MAX_BLOCKS)
    return NULL;
  p = malloc(size ? size : 1);
  if (p) {
    d->blocks[d->nblocks] = p;
    d->sizes[d->nblocks] = size;
    d->nblocks++;
  }
  return p;
}

static void decoder_reset(decoder *d) {
  size_t i;
  for (i = 0; i < d->nblocks; i++)
    free(d->blocks[i]);
  d->nblocks = 0;
}

typedef struct fixture {
  json_lexer lx;
  char *buf;
  size_t len;
  decoder dec;
} fixture;

static void fx_init(fixture *f, const char *in, size_t len) {
  memset(&f->dec, 0, sizeof f->dec);
  f->buf = malloc(len ? len : 1);
  assert_non_null(f->buf);
  if (len)
    memcpy(f->buf, in, len);
  f->len = len;
  json_init(&f->lx, f->buf, len);
  f->lx.decode = decoder_alloc;
  f->lx.decode_ctx = &f->dec;
}

static void fx_free(fixture *f) {
  decoder_reset(&f->dec);
  free(f->buf);
  f->buf = NULL;
}

/* Whether p lies within the input (else it must be a decoder block). */
static int text_is_in_input(const fixture *f, const char *p) {
  return p >= f->buf && p <= f->buf + f->len;
}

static const char *token_name(json_token t) {
  static const char *const names[] = {
      "ERROR",       "END",       "OBJECT_BEGIN", "OBJECT_END",
      "ARRAY_BEGIN", "ARRAY_END", "KEY",          "STRING",
      "NUMBER",      "TRUE",      "FALSE",        "NULL"};
  return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "?";
}

/* A printable rendering of an input, for failure messages. */
static const char *show(const char *in, size_t len, char *out, size_t cap) {
  size_t i, o = 0;
  for (i = 0; i < len && o + 5 < cap; i++) {
    unsigned char c = (unsigned char)in[i];
    if (c >= 0x20 && c < 0x7F && c != '\\')
      out[o++] = (char)c;
    else
      o += (size_t)snprintf(out + o, cap - o, "\\x%02X", c);
  }
  out[o] = 0;
  return out;
}

/* Lex to the end; returns the final token (END or ERROR). Fails the test if
 * the lexer takes more calls than the input can justify. */
static json_token lex_all(fixture *f) {
  size_t calls = 0;
  json_token t;
  do {
    t = json_next(&f->lx);
    calls++;
    if (calls > f->len + 2)
      fail_msg("lexer did not terminate after %zu calls", calls);
  } while (t != JSON_ERROR && t != JSON_END);
  return t;
}

#define EXPECT_ERROR(lit, kind, offset, msg)                                   \
  expect_error_at(S(lit), (kind), (offset), (msg), __LINE__)

static void expect_error_at(const char *in, size_t len, json_error_kind kind,
                            size_t offset, const char *msg, int line) {
  fixture f;
  json_token t;
  char buf[512];
  fx_init(&f, in, len);
  t = lex_all(&f);
  if (t != JSON_ERROR || f.lx.error_kind != kind ||
      f.lx.error_offset != offset || !f.lx.error ||
      (msg && strcmp(f.lx.error, msg) != 0)) {
    fail_msg("line %d: input \"%s\": got %s kind %d offset %zu \"%s\"; "
             "want ERROR kind %d offset %zu \"%s\"",
             line, show(in, len, buf, sizeof buf), token_name(t),
             (int)f.lx.error_kind, f.lx.error_offset,
             f.lx.error ? f.lx.error : "(null)", (int)kind, offset,
             msg ? msg : "*");
  }
  /* sticky */
  assert_int_equal(json_next(&f.lx), JSON_ERROR);
  assert_int_equal(json_next(&f.lx), JSON_ERROR);
  assert_int_equal(f.lx.error_offset, offset);
  assert_int_equal(f.lx.error_kind, kind);
  assert_null(f.lx.text);
  assert_int_equal(f.lx.len, 0);
  fx_free(&f);
}

#define EXPECT_SYNTAX(lit, offset, msg)                                        \
  EXPECT_ERROR(lit, JSON_ERR_SYNTAX, offset, msg)

#define EXPECT_OK(lit) expect_ok_at(S(lit), __LINE__)

static void expect_ok_at(const char *in, size_t len, int line) {
  fixture f;
  json_token t;
  char buf[512];
  fx_init(&f, in, len);
  t = lex_all(&f);
  if (t != JSON_END)
    fail_msg("line %d: input \"%s\": got %s \"%s\" at %zu; want END", line,
             show(in, len, buf, sizeof buf), token_name(t),
             f.lx.error ? f.lx.error : "", f.lx.error_offset);
  assert_int_equal(json_next(&f.lx), JSON_END);
  assert_int_equal(f.lx.error_kind, JSON_ERR_NONE);
  fx_free(&f);
}

typedef struct tokspec {
  json_token tok;
  const char *text; /* NULL: not checked */
  size_t len;
} tokspec;

#define T(tok, lit)                                                            \
  { (tok), (lit), sizeof(lit) - 1 }
#define T0(tok)                                                                \
  { (tok), NULL, 0 }
#define EXPECT_TOKENS(lit, ...)                                                \
  do {                                                                         \
    static const tokspec ts_[] = {__VA_ARGS__};                                \
    expect_tokens_at(S(lit), ts_, sizeof ts_ / sizeof ts_[0], __LINE__);       \
  } while (0)

static void expect_tokens_at(const char *in, size_t len, const tokspec *ts,
                             size_t n, int line) {
  fixture f;
  size_t i;
  char buf[512], got[256], want[256];
  fx_init(&f, in, len);
  for (i = 0; i < n; i++) {
    json_token t = json_next(&f.lx);
    if (t != ts[i].tok)
      fail_msg("line %d: input \"%s\": token %zu is %s (%s at %zu); want %s",
               line, show(in, len, buf, sizeof buf), i, token_name(t),
               f.lx.error ? f.lx.error : "", f.lx.error_offset,
               token_name(ts[i].tok));
    if (ts[i].text &&
        (f.lx.len != ts[i].len ||
         (ts[i].len && memcmp(f.lx.text, ts[i].text, ts[i].len) != 0)))
      fail_msg("line %d: input \"%s\": token %zu text \"%s\"; want \"%s\"",
               line, show(in, len, buf, sizeof buf), i,
               show(f.lx.text ? f.lx.text : "", f.lx.len, got, sizeof got),
               show(ts[i].text, ts[i].len, want, sizeof want));
  }
  fx_free(&f);
}

/* ------------------------------------------------------------------------ */
/* Independent reference checks                                             */
/* ------------------------------------------------------------------------ */

/* UTF-8 well-formedness by decoding code points (a method independent of
 * the lexer's table of byte ranges). */
static int ref_utf8_valid(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    size_t k, j;
    uint32_t cp, min;
    if (c < 0x80) {
      i++;
      continue;
    }
    if ((c & 0xE0) == 0xC0) {
      k = 1;
      cp = c & 0x1F;
      min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      k = 2;
      cp = c & 0x0F;
      min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      k = 3;
      cp = c & 0x07;
      min = 0x10000;
    } else {
      return 0;
    }
    if (n - i - 1 < k)
      return 0;
    for (j = 1; j <= k; j++) {
      if ((s[i + j] & 0xC0) != 0x80)
        return 0;
      cp = (cp << 6) | (s[i + j] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return 0;
    i += k + 1;
  }
  return 1;
}

/* The RFC 8259 number grammar, as a regular-expression-like walk. */
static int ref_number_valid(const char *s, size_t n) {
  size_t i = 0;
#define DIG(k) ((k) < n && s[k] >= '0' && s[k] <= '9')
  if (i < n && s[i] == '-')
    i++;
  if (!DIG(i))
    return 0;
  if (s[i] == '0')
    i++;
  else
    while (DIG(i))
      i++;
  if (i < n && s[i] == '.') {
    i++;
    if (!DIG(i))
      return 0;
    while (DIG(i))
      i++;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-'))
      i++;
    if (!DIG(i))
      return 0;
    while (DIG(i))
      i++;
  }
#undef DIG
  return i == n;
}

/* ------------------------------------------------------------------------ */
/* Tokens                                                                   */
/* ------------------------------------------------------------------------ */

static void test_scalars_top_level(void **state) {
  (void)state;
  EXPECT_TOKENS("true", T(JSON_TRUE, "true"), T0(JSON_END), T0(JSON_END));
  EXPECT_TOKENS("false", T(JSON_FALSE, "false"), T0(JSON_END));
  EXPECT_TOKENS("null", T(JSON_NULL, "null"), T0(JSON_END));
  EXPECT_TOKENS("0", T(JSON_NUMBER, "0"), T0(JSON_END));
  EXPECT_TOKENS("-12.5e3", T(JSON_NUMBER, "-12.5e3"), T0(JSON_END));
  EXPECT_TOKENS("\"abc\"", T(JSON_STRING, "abc"), T0(JSON_END));
  EXPECT_TOKENS("\"\"", T(JSON_STRING, ""), T0(JSON_END));
  EXPECT_TOKENS(" \t\r\n 42 \t\r\n ", T(JSON_NUMBER, "42"), T0(JSON_END),
                T0(JSON_END), T0(JSON_END));
}

static void test_all_tokens(void **state) {
  (void)state;
  EXPECT_TOKENS(
      "{\"a\":[1,-2.5e3,true,false,null,\"s\",{},[]],\"b\":{\"c\":\"d\"}}",
      T(JSON_OBJECT_BEGIN, "{"), T(JSON_KEY, "a"), T(JSON_ARRAY_BEGIN, "["),
      T(JSON_NUMBER, "1"), T(JSON_NUMBER, "-2.5e3"), T(JSON_TRUE, "true"),
      T(JSON_FALSE, "false"), T(JSON_NULL, "null"), T(JSON_STRING, "s"),
      T(JSON_OBJECT_BEGIN, "{"), T(JSON_OBJECT_END, "}"),
      T(JSON_ARRAY_BEGIN, "["), T(JSON_ARRAY_END, "]"), T(JSON_ARRAY_END, "]"),
      T(JSON_KEY, "b"), T(JSON_OBJECT_BEGIN, "{"), T(JSON_KEY, "c"),
      T(JSON_STRING, "d"), T(JSON_OBJECT_END, "}"), T(JSON_OBJECT_END, "}"),
      T0(JSON_END), T0(JSON_END));
  /* END and ERROR carry no text */
  {
    fixture f;
    fx_init(&f, S("[]"));
    assert_int_equal(json_next(&f.lx), JSON_ARRAY_BEGIN);
    assert_int_equal(json_next(&f.lx), JSON_ARRAY_END);
    assert_int_equal(json_next(&f.lx), JSON_END);
    assert_null(f.lx.text);
    assert_int_equal(f.lx.len, 0);
    assert_null(f.lx.error);
    assert_int_equal(f.lx.error_kind, JSON_ERR_NONE);
    fx_free(&f);
  }
}

static void test_nested(void **state) {
  (void)state;
  EXPECT_TOKENS("[[[]],{\"a\":[{\"b\":[1]}]},[{}]]", T0(JSON_ARRAY_BEGIN),
                T0(JSON_ARRAY_BEGIN), T0(JSON_ARRAY_BEGIN), T0(JSON_ARRAY_END),
                T0(JSON_ARRAY_END), T0(JSON_OBJECT_BEGIN), T(JSON_KEY, "a"),
                T0(JSON_ARRAY_BEGIN), T0(JSON_OBJECT_BEGIN), T(JSON_KEY, "b"),
                T0(JSON_ARRAY_BEGIN), T(JSON_NUMBER, "1"), T0(JSON_ARRAY_END),
                T0(JSON_OBJECT_END), T0(JSON_ARRAY_END), T0(JSON_OBJECT_END),
                T0(JSON_ARRAY_BEGIN), T0(JSON_OBJECT_BEGIN),
                T0(JSON_OBJECT_END), T0(JSON_ARRAY_END), T0(JSON_ARRAY_END),
                T0(JSON_END));
  /* the kind of each level is remembered across many levels (bit stack
   * crossing byte boundaries) */
  EXPECT_OK("{\"a\":[{\"b\":[{\"c\":[{\"d\":[{\"e\":[1,2]},3]},4]},5]},6]}");
  EXPECT_SYNTAX("{\"a\":[{\"b\":[{\"c\":[{\"d\":[{\"e\":[1,2}]}]}]}]}]}", 33,
                "expected ',' or ']' after array element");
  EXPECT_OK(" { \"a\" : [ 1 , { } , [ ] ] , \"b\" : null } ");
  EXPECT_OK("{\"\":\"\"}");
  EXPECT_OK("{\"a\":1,\"a\":2}"); /* duplicate keys are the caller's concern */
}

static void test_whitespace(void **state) {
  (void)state;
  EXPECT_OK("\t\n\r [ \t\n\r1 \t\n\r, \t\n\r2\r\n]\n");
  EXPECT_SYNTAX("\f1", 0, "expected a value");
  EXPECT_SYNTAX("\v1", 0, "expected a value");
  EXPECT_SYNTAX("\xC2\xA0\x31", 0, "expected a value");
  EXPECT_SYNTAX("1\f", 1, "unexpected data after top-level value");
  EXPECT_SYNTAX("[1,\v2]", 3, "expected a value");
  EXPECT_SYNTAX("\xEF\xBB\xBF{}", 0, "byte order mark not allowed");
}

static void test_empty_input(void **state) {
  json_lexer lx;
  (void)state;
  EXPECT_SYNTAX("", 0, "empty input");
  EXPECT_SYNTAX(" \t\r\n", 4, "empty input");
  json_init(&lx, NULL, 0);
  assert_int_equal(json_next(&lx), JSON_ERROR);
  assert_string_equal(lx.error, "empty input");
  assert_int_equal(lx.error_kind, JSON_ERR_SYNTAX);
  assert_int_equal(json_next(&lx), JSON_ERROR);
}

/* ------------------------------------------------------------------------ */
/* Strings                                                                  */
/* ------------------------------------------------------------------------ */

static void test_escapes(void **state) {
  (void)state;
  EXPECT_TOKENS("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
                T(JSON_STRING, "\"\\/\b\f\n\r\t"), T0(JSON_END));
  EXPECT_TOKENS("\"\\u0041\"", T(JSON_STRING, "A"));
  EXPECT_TOKENS("\"\\u0001\\u001f\"", T(JSON_STRING, "\x01\x1F"));
  EXPECT_TOKENS("\"\\u007F\"", T(JSON_STRING, "\x7F"));
  EXPECT_TOKENS("\"\\u0080\"", T(JSON_STRING, "\xC2\x80"));
  EXPECT_TOKENS("\"\\u00e9\\u00E9\"", T(JSON_STRING, "\xC3\xA9\xC3\xA9"));
  EXPECT_TOKENS("\"\\u07FF\"", T(JSON_STRING, "\xDF\xBF"));
  EXPECT_TOKENS("\"\\u0800\"", T(JSON_STRING, "\xE0\xA0\x80"));
  EXPECT_TOKENS("\"\\u20ac\"", T(JSON_STRING, "\xE2\x82\xAC"));
  EXPECT_TOKENS("\"\\uD7FF\\uE000\"",
                T(JSON_STRING, "\xED\x9F\xBF\xEE\x80\x80"));
  EXPECT_TOKENS("\"\\uFFFF\"", T(JSON_STRING, "\xEF\xBF\xBF"));
  EXPECT_TOKENS("\"\\ud83d\\ude00\"", T(JSON_STRING, "\xF0\x9F\x98\x80"));
  EXPECT_TOKENS("\"\\uD83D\\uDE00\"", T(JSON_STRING, "\xF0\x9F\x98\x80"));
  EXPECT_TOKENS("\"\\uD800\\uDC00\"", T(JSON_STRING, "\xF0\x90\x80\x80"));
  EXPECT_TOKENS("\"\\uDBFF\\uDFFF\"", T(JSON_STRING, "\xF4\x8F\xBF\xBF"));
  EXPECT_TOKENS("\"a\\u0062c\\nd\xC3\xA9\x66\\ud83d\\ude00!\"",
                T(JSON_STRING, "abc\nd\xC3\xA9\x66\xF0\x9F\x98\x80!"));
  EXPECT_TOKENS("{\"k\\ty\":\"v\\u00e9\"}", T0(JSON_OBJECT_BEGIN),
                T(JSON_KEY, "k\ty"), T(JSON_STRING, "v\xC3\xA9"),
                T0(JSON_OBJECT_END), T0(JSON_END));
}

static void test_escape_errors(void **state) {
  (void)state;
  EXPECT_SYNTAX("\"\\x\"", 1, "invalid escape in string");
  EXPECT_SYNTAX("\"\\'\"", 1, "invalid escape in string");
  EXPECT_SYNTAX("\"\\a\"", 1, "invalid escape in string");
  EXPECT_SYNTAX("\"\\0\"", 1, "invalid escape in string");
  EXPECT_SYNTAX("\"\\U0041\"", 1, "invalid escape in string");
  EXPECT_SYNTAX("\"ab\\\xC3\xA9\"", 3, "invalid escape in string");
  EXPECT_SYNTAX("\"\\u12G4\"", 1, "invalid \\u escape in string");
  EXPECT_SYNTAX("\"\\u123\"", 1, "invalid \\u escape in string");
  EXPECT_SYNTAX("\"\\u123\" ", 1, "invalid \\u escape in string");
  EXPECT_SYNTAX("\"\\u 123\"", 1, "invalid \\u escape in string");
  EXPECT_SYNTAX("\"\\u12", 0, "unterminated string");
  EXPECT_SYNTAX("\"\\", 0, "unterminated string");
  EXPECT_SYNTAX("\"abc\\\"", 0, "unterminated string");
  /* lone surrogates */
  EXPECT_SYNTAX("\"\\ud83d\"", 1, "lone high surrogate in \\u escape");
  EXPECT_SYNTAX("\"x\\uD800\"", 2, "lone high surrogate in \\u escape");
  EXPECT_SYNTAX("\"\\ud83d\\u0041\"", 1, "lone high surrogate in \\u escape");
  EXPECT_SYNTAX("\"\\ud83dx\"", 1, "lone high surrogate in \\u escape");
  EXPECT_SYNTAX("\"\\ud83d\\n\"", 1, "lone high surrogate in \\u escape");
  EXPECT_SYNTAX("\"\\ud83d\\ud83d\"", 1, "lone high surrogate in \\u escape");
  EXPECT_SYNTAX("\"\\ud83d\\uE000\"", 1, "lone high surrogate in \\u escape");
  EXPECT_SYNTAX("\"\\ud83d", 1, "lone high surrogate in \\u escape");
  EXPECT_SYNTAX("\"\\ud83d\\uZZZZ\"", 7, "invalid \\u escape in string");
  EXPECT_SYNTAX("\"\\ud83d\\u", 0, "unterminated string");
  EXPECT_SYNTAX("\"\\ude00\"", 1, "lone low surrogate in \\u escape");
  EXPECT_SYNTAX("\"\\uDFFF\"", 1, "lone low surrogate in \\u escape");
  EXPECT_SYNTAX("\"\\udc00\\ud800\"", 1, "lone low surrogate in \\u escape");
  /* NUL */
  EXPECT_SYNTAX("\"a\\u0000b\"", 2, "\\u0000 not allowed in string");
  EXPECT_SYNTAX("{\"\\u0000\":1}", 2, "\\u0000 not allowed in string");
}

static void test_utf8_valid(void **state) {
  static const char *const ok[] = {
      "\xC2\x80",         "\xDF\xBF",         "\xE0\xA0\x80",
      "\xE1\x80\x80",     "\xEC\xBF\xBF",     "\xED\x80\x80",
      "\xED\x9F\xBF",     "\xEE\x80\x80",     "\xEF\xBF\xBF",
      "\xF0\x90\x80\x80", "\xF1\x80\x80\x80", "\xF3\xBF\xBF\xBF",
      "\xF4\x80\x80\x80", "\xF4\x8F\xBF\xBF", "\xE2\x82\xAC",
      "\xF0\x9F\x98\x80"};
  size_t i;
  (void)state;
  for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    char in[64];
    size_t n = strlen(ok[i]);
    fixture f;
    in[0] = '"';
    memcpy(in + 1, ok[i], n);
    in[n + 1] = '"';
    fx_init(&f, in, n + 2);
    assert_int_equal(json_next(&f.lx), JSON_STRING);
    assert_int_equal(f.lx.len, n);
    assert_ptr_equal(f.lx.text, f.buf + 1);
    assert_memory_equal(f.lx.text, ok[i], n);
    assert_int_equal(json_next(&f.lx), JSON_END);
    fx_free(&f);
  }
  EXPECT_TOKENS(
      "\"\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E text \xC3\xA9\"",
      T(JSON_STRING, "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E text \xC3\xA9"));
  /* noncharacters are well-formed and accepted, raw or escaped */
  EXPECT_TOKENS("[\"\xEF\xBF\xBE\xEF\xB7\x90\xF4\x8F\xBF\xBF\",\"\\uFFFE\\uFDD0"
                "\\uDBFF\\uDFFF\"]",
                T0(JSON_ARRAY_BEGIN),
                T(JSON_STRING, "\xEF\xBF\xBE\xEF\xB7\x90\xF4\x8F\xBF\xBF"),
                T(JSON_STRING, "\xEF\xBF\xBE\xEF\xB7\x90\xF4\x8F\xBF\xBF"),
                T0(JSON_ARRAY_END), T0(JSON_END));
  EXPECT_TOKENS("{\"\xC3\xA9\":\"\x7F\"}", T0(JSON_OBJECT_BEGIN),
                T(JSON_KEY, "\xC3\xA9"), T(JSON_STRING, "\x7F"));
}

static void test_utf8_invalid(void **state) {
  static const char *const bad[] = {"\xC0\x80",         /* overlong NUL */
                                    "\xC1\xBF",         /* overlong */
                                    "\xE0\x80\x80",     /* overlong */
                                    "\xE0\x9F\xBF",     /* overlong */
                                    "\xED\xA0\x80",     /* U+D800 */
                                    "\xED\xBF\xBF",     /* U+DFFF */
                                    "\xF0\x80\x80\x80", /* overlong */
                                    "\xF0\x8F\xBF\xBF", /* overlong */
                                    "\xF4\x90\x80\x80", /* U+110000 */
                                    "\xF5\x80\x80\x80",
                                    "\xF8\x88\x80\x80\x80",
                                    "\xFE",
                                    "\xFF",
                                    "\xE2\x82", /* truncated, then '"' */
                                    "\xE2",
                                    "\xF0\x9F\x98",
                                    "\xC3",
                                    "\x80", /* stray */
                                    "\xBF",
                                    "\xC3\x41",
                                    "\xE2\x28\xA1",
                                    "\xE2\x82\x28",
                                    "\xF0\x9F\x98\x28",
                                    "\xC3\xC3\xA9"};
  size_t i;
  (void)state;
  for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char in[64];
    size_t n = strlen(bad[i]);
    /* "x<bad>" and a long ASCII prefix to go through the word-wise scan */
    in[0] = '"';
    in[1] = 'x';
    memcpy(in + 2, bad[i], n);
    in[n + 2] = '"';
    expect_error_at(in, n + 3, JSON_ERR_SYNTAX, 2, "invalid UTF-8 in string",
                    __LINE__);
    memcpy(in, "\"abcdefghijklmnopq", 18);
    memcpy(in + 18, bad[i], n);
    in[n + 18] = '"';
    expect_error_at(in, n + 19, JSON_ERR_SYNTAX, 18, "invalid UTF-8 in string",
                    __LINE__);
    /* in a string with escapes, and in a key */
    memcpy(in, "\"\\n", 3);
    memcpy(in + 3, bad[i], n);
    in[n + 3] = '"';
    expect_error_at(in, n + 4, JSON_ERR_SYNTAX, 3, "invalid UTF-8 in string",
                    __LINE__);
    memcpy(in, "{\"", 2);
    memcpy(in + 2, bad[i], n);
    memcpy(in + 2 + n, "\":1}", 4);
    expect_error_at(in, n + 6, JSON_ERR_SYNTAX, 2, "invalid UTF-8 in string",
                    __LINE__);
  }
  /* truncated at the very end of the input */
  EXPECT_SYNTAX("\"\xE2\x82", 1, "invalid UTF-8 in string");
  EXPECT_SYNTAX("\"\xF0", 1, "invalid UTF-8 in string");
  /* high bytes outside strings */
  EXPECT_SYNTAX("\x80", 0, "expected a value");
  EXPECT_SYNTAX("[\xC3\xA9]", 1, "expected a value");
}

/* Every byte pair and a selection of following bytes, against the
 * reference decoder. */
static void test_utf8_exhaustive(void **state) {
  static const unsigned char tail[] = {0x80, 0x8F, 0x90, 0x9F, 0xA0,
                                       0xBF, 0xC0, 0x7F, 'a'};
  unsigned b0, b1;
  size_t i2, i3;
  (void)state;
  for (b0 = 0x80; b0 < 0x100; b0++) {
    for (b1 = 0; b1 < 0x100; b1++) {
      if (b1 == '"' || b1 == '\\')
        continue;
      for (i2 = 0; i2 < sizeof tail; i2++) {
        for (i3 = 0; i3 < sizeof tail; i3 += 3) {
          unsigned char in[6] = {'"',      (unsigned char)b0, (unsigned char)b1,
                                 tail[i2], tail[i3],          '"'};
          json_lexer lx;
          json_token t;
          int want = ref_utf8_valid(in + 1, 4) && b1 >= 0x20;
          json_init(&lx, (const char *)in, sizeof in);
          t = json_next(&lx);
          if ((t == JSON_STRING) != want)
            fail_msg("%02X %02X %02X %02X: got %s, want %s", b0, b1, tail[i2],
                     tail[i3], token_name(t), want ? "STRING" : "ERROR");
          if (t == JSON_STRING) {
            assert_int_equal(lx.len, 4);
            assert_ptr_equal(lx.text, (const char *)in + 1);
          } else if (b1 >= 0x20) {
            assert_string_equal(lx.error, "invalid UTF-8 in string");
          }
        }
      }
    }
  }
}

static void test_control_chars(void **state) {
  unsigned c;
  (void)state;
  for (c = 0; c < 0x20; c++) {
    char in[40];
    memcpy(in, "\"a?b\"", 5);
    in[2] = (char)c;
    expect_error_at(in, 5, JSON_ERR_SYNTAX, 2, "control character in string",
                    __LINE__);
    /* after a run long enough for the word-wise scan */
    memcpy(in, "\"abcdefghijklmnopqrstuvwxy?\"", 28);
    in[26] = (char)c;
    expect_error_at(in, 28, JSON_ERR_SYNTAX, 26, "control character in string",
                    __LINE__);
  }
  EXPECT_TOKENS("\"\x7F\"", T(JSON_STRING, "\x7F"));
  EXPECT_SYNTAX("\"a\nb\"", 2, "control character in string");
  EXPECT_SYNTAX("{\"a\tb\":1}", 3, "control character in string");
  EXPECT_SYNTAX("\"\\n\t\"", 3, "control character in string");
  EXPECT_SYNTAX("\"\0\"", 1, "control character in string");
}

static void test_unterminated(void **state) {
  (void)state;
  EXPECT_SYNTAX("\"", 0, "unterminated string");
  EXPECT_SYNTAX("\"abc", 0, "unterminated string");
  EXPECT_SYNTAX("[\"abcdefghijklmnopqrstuvwxyz", 1, "unterminated string");
  EXPECT_SYNTAX("{\"a", 1, "unterminated string");
  EXPECT_SYNTAX("{\"a\":\"\xC3\xA9", 5, "unterminated string");
}

/* Special bytes at every position relative to 8-byte words. */
static void test_string_alignment(void **state) {
  size_t pos, shift;
  (void)state;
  for (shift = 0; shift < 8; shift++) {
    for (pos = 0; pos < 40; pos++) {
      char in[80], want[80], c;
      fixture f;
      size_t n = 0, i, wn = 0;
      for (i = 0; i < shift; i++)
        in[n++] = ' ';
      in[n++] = '"';
      for (i = 0; i < 40; i++) {
        if (i == pos) {
          memcpy(in + n, "\\n\xC3\xA9", 4);
          n += 4;
          memcpy(want + wn, "\n\xC3\xA9", 3);
          wn += 3;
        }
        c = (char)('!' + (i * 7) % 90);
        if (c == '"' || c == '\\')
          c = '#';
        in[n++] = c;
        want[wn++] = c;
      }
      in[n++] = '"';
      fx_init(&f, in, n);
      assert_int_equal(json_next(&f.lx), JSON_STRING);
      assert_int_equal(f.lx.len, wn);
      assert_memory_equal(f.lx.text, want, wn);
      assert_int_equal(f.dec.calls, 1);
      assert_int_equal(json_next(&f.lx), JSON_END);
      fx_free(&f);

      /* a quote at pos ends the string early: trailing data */
      in[shift + 1 + pos] = '"';
      fx_init(&f, in, n);
      assert_int_equal(json_next(&f.lx), JSON_STRING);
      assert_int_equal(f.lx.len, pos);
      assert_ptr_equal(f.lx.text, f.buf + shift + 1);
      assert_int_equal(json_next(&f.lx), JSON_ERROR);
      fx_free(&f);
    }
  }
  /* every printable ASCII byte but '"' and '\\' stands for itself */
  {
    char in[128];
    size_t n = 0;
    unsigned c;
    fixture f;
    in[n++] = '"';
    for (c = 0x20; c < 0x80; c++)
      if (c != '"' && c != '\\')
        in[n++] = (char)c;
    in[n++] = '"';
    fx_init(&f, in, n);
    assert_int_equal(json_next(&f.lx), JSON_STRING);
    assert_int_equal(f.lx.len, n - 2);
    assert_ptr_equal(f.lx.text, f.buf + 1);
    assert_int_equal(f.dec.calls, 0);
    fx_free(&f);
  }
}

static void test_zero_copy(void **state) {
  fixture f;
  (void)state;
  fx_init(&f, S("{\"key\":\"value\",\"k2\":\"caf\xC3\xA9\",\"e\":\"a\\nb\"}"));
  assert_int_equal(json_next(&f.lx), JSON_OBJECT_BEGIN);
  assert_ptr_equal(f.lx.text, f.buf);
  assert_int_equal(json_next(&f.lx), JSON_KEY);
  assert_ptr_equal(f.lx.text, f.buf + 2);
  assert_int_equal(f.lx.len, 3);
  assert_int_equal(json_next(&f.lx), JSON_STRING);
  assert_ptr_equal(f.lx.text, f.buf + 8);
  assert_int_equal(f.lx.len, 5);
  assert_int_equal(json_next(&f.lx), JSON_KEY);
  assert_ptr_equal(f.lx.text, f.buf + 16);
  assert_int_equal(json_next(&f.lx), JSON_STRING);
  assert_ptr_equal(f.lx.text, f.buf + 21);
  assert_int_equal(f.lx.len, 5);
  assert_int_equal(f.dec.calls, 0);
  assert_int_equal(json_next(&f.lx), JSON_KEY);
  assert_ptr_equal(f.lx.text, f.buf + 29);
  /* escaped: decoded into the decoder's buffer */
  assert_int_equal(json_next(&f.lx), JSON_STRING);
  assert_int_equal(f.dec.calls, 1);
  assert_ptr_equal(f.lx.text, f.dec.blocks[0]);
  assert_int_equal(f.lx.len, 3);
  assert_memory_equal(f.lx.text, "a\nb", 3);
  assert_int_equal(json_next(&f.lx), JSON_OBJECT_END);
  assert_ptr_equal(f.lx.text, f.buf + f.len - 1);
  assert_int_equal(json_next(&f.lx), JSON_END);
  fx_free(&f);
  /* without a decoder, strings without escapes still work */
  {
    json_lexer lx;
    static const char in[] = "[\"abc\",\"\"]";
    json_init(&lx, in, sizeof in - 1);
    assert_int_equal(json_next(&lx), JSON_ARRAY_BEGIN);
    assert_int_equal(json_next(&lx), JSON_STRING);
    assert_ptr_equal(lx.text, in + 2);
    assert_int_equal(json_next(&lx), JSON_STRING);
    assert_ptr_equal(lx.text, in + 8);
    assert_int_equal(lx.len, 0);
    assert_int_equal(json_next(&lx), JSON_ARRAY_END);
    assert_int_equal(json_next(&lx), JSON_END);
  }
}

static void test_decode_size(void **state) {
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
      {"\"a\\nb\"", "a\nb"},
      {"\"\\u00e9\"", "\xC3\xA9"},
      {"\"\\u20AC\"", "\xE2\x82\xAC"},
      {"\"\\ud83d\\ude00\"", "\xF0\x9F\x98\x80"},
      {"\"x\\/y\\\\z\"", "x/y\\z"},
      {"\"\\u0041\\u0042\"", "AB"},
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    fixture f;
    size_t n = strlen(cases[i].out), raw = strlen(cases[i].in) - 2;
    fx_init(&f, cases[i].in, strlen(cases[i].in));
    assert_int_equal(json_next(&f.lx), JSON_STRING);
    assert_int_equal(f.dec.calls, 1);
    /* the request is at most the raw length and fits the result (here it
     * is exact) */
    assert_true(f.dec.last_size <= raw);
    assert_int_equal(f.dec.last_size, n);
    assert_int_equal(f.lx.len, n);
    assert_memory_equal(f.lx.text, cases[i].out, n);
    fx_free(&f);
  }
}

static void test_nomem(void **state) {
  fixture f;
  json_lexer lx;
  (void)state;
  fx_init(&f, S("[\"plain\",\"a\\nb\"]"));
  f.dec.fail = 1;
  assert_int_equal(json_next(&f.lx), JSON_ARRAY_BEGIN);
  assert_int_equal(json_next(&f.lx), JSON_STRING);
  assert_int_equal(f.dec.calls, 0);
  assert_int_equal(json_next(&f.lx), JSON_ERROR);
  assert_int_equal(f.lx.error_kind, JSON_ERR_NOMEM);
  assert_int_equal(f.lx.error_offset, 9);
  assert_int_equal(f.dec.calls, 1);
  assert_int_equal(f.dec.last_size, 3);
  assert_int_equal(json_next(&f.lx), JSON_ERROR);
  assert_int_equal(f.lx.error_kind, JSON_ERR_NOMEM);
  assert_int_equal(f.dec.calls, 1);
  fx_free(&f);
  /* a key */
  fx_init(&f, S("{\"\\u00e9\":1}"));
  f.dec.fail = 1;
  assert_int_equal(json_next(&f.lx), JSON_OBJECT_BEGIN);
  assert_int_equal(json_next(&f.lx), JSON_ERROR);
  assert_int_equal(f.lx.error_kind, JSON_ERR_NOMEM);
  assert_int_equal(f.lx.error_offset, 1);
  fx_free(&f);
  /* no decoder at all */
  json_init(&lx, S("\"a\\tb\""));
  assert_null(lx.decode);
  assert_int_equal(json_next(&lx), JSON_ERROR);
  assert_int_equal(lx.error_kind, JSON_ERR_NOMEM);
  assert_int_equal(lx.error_offset, 0);
  assert_non_null(lx.error);
}

static void test_max_string(void **state) {
  fixture f;
  char *big;
  size_t n = 100000;
  (void)state;
  fx_init(&f, S("[\"abc\",\"\\u00e9a\",\"abcd\"]"));
  f.lx.max_string = 3;
  assert_int_equal(json_next(&f.lx), JSON_ARRAY_BEGIN);
  assert_int_equal(json_next(&f.lx), JSON_STRING);
  assert_int_equal(json_next(&f.lx), JSON_STRING);
  assert_int_equal(f.lx.len, 3);
  assert_int_equal(json_next(&f.lx), JSON_ERROR);
  assert_int_equal(f.lx.error_kind, JSON_ERR_STRING);
  assert_int_equal(f.lx.error_offset, 17);
  assert_string_equal(f.lx.error, "string too long");
  fx_free(&f);
  /* the decoded length counts, and no buffer is requested */
  fx_init(&f, S("\"\\u00e9\\u00e9\""));
  f.lx.max_string = 3;
  assert_int_equal(json_next(&f.lx), JSON_ERROR);
  assert_int_equal(f.lx.error_kind, JSON_ERR_STRING);
  assert_int_equal(f.dec.calls, 0);
  fx_free(&f);
  fx_init(&f, S("\"\\ud83d\\ude00\""));
  f.lx.max_string = 4;
  assert_int_equal(json_next(&f.lx), JSON_STRING);
  assert_int_equal(f.lx.len, 4);
  fx_free(&f);
  /* keys too */
  fx_init(&f, S("{\"abcd\":1}"));
  f.lx.max_string = 3;
  assert_int_equal(json_next(&f.lx), JSON_OBJECT_BEGIN);
  assert_int_equal(json_next(&f.lx), JSON_ERROR);
  assert_int_equal(f.lx.error_kind, JSON_ERR_STRING);
  assert_int_equal(f.lx.error_offset, 1);
  fx_free(&f);
  /* 0: unlimited */
  big = malloc(n + 2);
  assert_non_null(big);
  memset(big, 'x', n + 2);
  big[0] = big[n + 1] = '"';
  fx_init(&f, big, n + 2);
  assert_int_equal(json_next(&f.lx), JSON_STRING);
  assert_int_equal(f.lx.len, n);
  assert_int_equal(json_next(&f.lx), JSON_END);
  fx_free(&f);
  fx_init(&f, big, n + 2);
  f.lx.max_string = n;
  assert_int_equal(json_next(&f.lx), JSON_STRING);
  fx_free(&f);
  fx_init(&f, big, n + 2);
  f.lx.max_string = n - 1;
  assert_int_equal(json_next(&f.lx), JSON_ERROR);
  assert_int_equal(f.lx.error_kind, JSON_ERR_STRING);
  fx_free(&f);
  free(big);
}

/* ------------------------------------------------------------------------ */
/* Numbers and literals                                                     */
/* ------------------------------------------------------------------------ */

static void test_numbers_valid(void **state) {
  static const char *const ok[] = {
      "0",       "-0",       "1.5e+10",
      "1E-2",    "123",      "-123.456",
      "0.0",     "1e5",      "0e0",
      "-0.0e-0", "1E+0",     "9",
      "10",      "0.000001", "123456789012345678901234567890",
      "1e400",   "-1.0E-400"};
  size_t i;
  (void)state;
  for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    fixture f;
    size_t n = strlen(ok[i]);
    char in[128];
    fx_init(&f, ok[i], n);
    assert_int_equal(json_next(&f.lx), JSON_NUMBER);
    assert_int_equal(f.lx.len, n);
    assert_ptr_equal(f.lx.text, f.buf);
    assert_int_equal(json_next(&f.lx), JSON_END);
    fx_free(&f);
    /* inside an array, followed by each possible delimiter */
    snprintf(in, sizeof in, "[%s,%s ]", ok[i], ok[i]);
    fx_init(&f, in, strlen(in));
    assert_int_equal(json_next(&f.lx), JSON_ARRAY_BEGIN);
    assert_int_equal(json_next(&f.lx), JSON_NUMBER);
    assert_int_equal(f.lx.len, n);
    assert_int_equal(json_next(&f.lx), JSON_NUMBER);
    assert_int_equal(f.lx.len, n);
    assert_memory_equal(f.lx.text, ok[i], n);
    assert_int_equal(json_next(&f.lx), JSON_ARRAY_END);
    fx_free(&f);
  }
  EXPECT_TOKENS("{\"a\":-0}", T0(JSON_OBJECT_BEGIN), T0(JSON_KEY),
                T(JSON_NUMBER, "-0"), T0(JSON_OBJECT_END));
  EXPECT_TOKENS("[1]", T0(JSON_ARRAY_BEGIN), T(JSON_NUMBER, "1"));
}

static void test_numbers_invalid(void **state) {
  (void)state;
  EXPECT_SYNTAX("01", 1, "leading zero in number");
  EXPECT_SYNTAX("-01", 2, "leading zero in number");
  EXPECT_SYNTAX("00", 1, "leading zero in number");
  EXPECT_SYNTAX("[007]", 2, "leading zero in number");
  EXPECT_SYNTAX("+1", 0, "invalid number");
  EXPECT_SYNTAX(".5", 0, "invalid number");
  EXPECT_SYNTAX("[-.5]", 2, "expected digit after '-'");
  EXPECT_SYNTAX("1.", 2, "expected digit after decimal point");
  EXPECT_SYNTAX("[1.]", 3, "expected digit after decimal point");
  EXPECT_SYNTAX("1.e5", 2, "expected digit after decimal point");
  EXPECT_SYNTAX("1e", 2, "expected digit in exponent");
  EXPECT_SYNTAX("1e+", 3, "expected digit in exponent");
  EXPECT_SYNTAX("1E-", 3, "expected digit in exponent");
  EXPECT_SYNTAX("1e+-1", 3, "expected digit in exponent");
  EXPECT_SYNTAX("[1e]", 3, "expected digit in exponent");
  EXPECT_SYNTAX("-", 1, "expected digit after '-'");
  EXPECT_SYNTAX("--1", 1, "expected digit after '-'");
  EXPECT_SYNTAX("- 1", 1, "expected digit after '-'");
  EXPECT_SYNTAX("NaN", 0, "invalid literal");
  EXPECT_SYNTAX("nan", 1, "invalid literal");
  EXPECT_SYNTAX("Infinity", 0, "invalid literal");
  EXPECT_SYNTAX("-Infinity", 1, "expected digit after '-'");
  EXPECT_SYNTAX("0x10", 1, "invalid number");
  EXPECT_SYNTAX("1.5.3", 3, "invalid number");
  EXPECT_SYNTAX("1e5e5", 3, "invalid number");
  EXPECT_SYNTAX("1e5.3", 3, "invalid number");
  EXPECT_SYNTAX("1a", 1, "invalid number");
  EXPECT_SYNTAX("[1-2]", 2, "invalid number");
  EXPECT_SYNTAX("1+2", 1, "invalid number");
  EXPECT_SYNTAX("0.1.", 3, "invalid number");
  EXPECT_SYNTAX("[1.8011670033376514H-308]", 19, "invalid number");
  EXPECT_SYNTAX("123\0", 3, "unexpected data after top-level value");
  EXPECT_SYNTAX("1 2", 2, "unexpected data after top-level value");
}

static void test_literals(void **state) {
  (void)state;
  EXPECT_TOKENS("[true,false,null]", T0(JSON_ARRAY_BEGIN), T(JSON_TRUE, "true"),
                T(JSON_FALSE, "false"), T(JSON_NULL, "null"),
                T0(JSON_ARRAY_END), T0(JSON_END));
  EXPECT_SYNTAX("tru", 3, "invalid literal");
  EXPECT_SYNTAX("t", 1, "invalid literal");
  EXPECT_SYNTAX("trux", 3, "invalid literal");
  EXPECT_SYNTAX("truex", 4, "invalid literal");
  EXPECT_SYNTAX("true1", 4, "invalid literal");
  EXPECT_SYNTAX("True", 0, "invalid literal");
  EXPECT_SYNTAX("nul", 3, "invalid literal");
  EXPECT_SYNTAX("nulll", 4, "invalid literal");
  EXPECT_SYNTAX("fals", 4, "invalid literal");
  EXPECT_SYNTAX("[falsy]", 5, "invalid literal");
  EXPECT_SYNTAX("undefined", 0, "invalid literal");
  EXPECT_SYNTAX("[nul]", 4, "invalid literal");
  EXPECT_SYNTAX("true false", 5, "unexpected data after top-level value");
  EXPECT_OK("[true]");
  EXPECT_OK("{\"a\":null}");
}

/* ------------------------------------------------------------------------ */
/* Grammar errors                                                           */
/* ------------------------------------------------------------------------ */

static void test_trailing_commas(void **state) {
  (void)state;
  EXPECT_SYNTAX("[1,]", 3, "trailing comma in array");
  EXPECT_SYNTAX("[1, \n]", 5, "trailing comma in array");
  EXPECT_SYNTAX("{\"a\":1,}", 7, "trailing comma in object");
  EXPECT_SYNTAX("{\"a\":1 , }", 9, "trailing comma in object");
  EXPECT_SYNTAX("[,1]", 1, "expected a value");
  EXPECT_SYNTAX("[1,,2]", 3, "expected a value");
  EXPECT_SYNTAX("{,}", 1, "expected string key or '}'");
  EXPECT_SYNTAX("[1,", 3, "unexpected end of input");
  EXPECT_SYNTAX("{\"a\":1,", 7, "unexpected end of input");
  EXPECT_SYNTAX("1,", 1, "unexpected data after top-level value");
}

static void test_missing_separators(void **state) {
  (void)state;
  EXPECT_SYNTAX("{\"a\" 1}", 5, "expected ':' after object key");
  EXPECT_SYNTAX("{\"a\"}", 4, "expected ':' after object key");
  EXPECT_SYNTAX("{\"a\",1}", 4, "expected ':' after object key");
  EXPECT_SYNTAX("{\"a\"", 4, "unexpected end of input");
  EXPECT_SYNTAX("{\"a\":", 5, "unexpected end of input");
  EXPECT_SYNTAX("{\"a\":}", 5, "expected a value");
  EXPECT_SYNTAX("{\"a\"::1}", 5, "expected a value");
  EXPECT_SYNTAX("{\"a\":1 \"b\":2}", 7,
                "expected ',' or '}' after object member");
  EXPECT_SYNTAX("{\"a\":1:2}", 6, "expected ',' or '}' after object member");
  EXPECT_SYNTAX("[1 2]", 3, "expected ',' or ']' after array element");
  EXPECT_SYNTAX("[1:2]", 2, "expected ',' or ']' after array element");
  EXPECT_SYNTAX("[\"a\":1]", 4, "expected ',' or ']' after array element");
  /* non-string keys */
  EXPECT_SYNTAX("{1:2}", 1, "expected string key or '}'");
  EXPECT_SYNTAX("{a:2}", 1, "expected string key or '}'");
  EXPECT_SYNTAX("{'a':2}", 1, "expected string key or '}'");
  EXPECT_SYNTAX("{null:2}", 1, "expected string key or '}'");
  EXPECT_SYNTAX("{:\"b\"}", 1, "expected string key or '}'");
  EXPECT_SYNTAX("{\"a\":1,2:3}", 7, "expected string key");
  EXPECT_SYNTAX("{\"a\":1,[]:3}", 7, "expected string key");
}

static void test_brackets(void **state) {
  (void)state;
  EXPECT_SYNTAX("]", 0, "unmatched ']'");
  EXPECT_SYNTAX("  }", 2, "unmatched '}'");
  EXPECT_SYNTAX("[}", 1, "expected a value");
  EXPECT_SYNTAX("{]", 1, "expected string key or '}'");
  EXPECT_SYNTAX("[1}", 2, "expected ',' or ']' after array element");
  EXPECT_SYNTAX("{\"a\":1]", 6, "expected ',' or '}' after object member");
  EXPECT_SYNTAX("[[1]", 4, "unexpected end of input");
  EXPECT_SYNTAX("[1]]", 3, "unmatched ']'");
  EXPECT_SYNTAX("{\"a\":1}}", 7, "unmatched '}'");
  EXPECT_SYNTAX("[", 1, "unexpected end of input");
  EXPECT_SYNTAX("[ ", 2, "unexpected end of input");
  EXPECT_SYNTAX("{", 1, "unexpected end of input");
  EXPECT_SYNTAX("{\"a\":[}", 6, "expected a value");
  EXPECT_SYNTAX("{\"a\":{]}", 6, "expected string key or '}'");
}

static void test_trailing_garbage(void **state) {
  (void)state;
  EXPECT_SYNTAX("1 2", 2, "unexpected data after top-level value");
  EXPECT_SYNTAX("{} x", 3, "unexpected data after top-level value");
  EXPECT_SYNTAX("[] []", 3, "unexpected data after top-level value");
  EXPECT_SYNTAX("\"a\"\"b\"", 3, "unexpected data after top-level value");
  EXPECT_SYNTAX("null,", 4, "unexpected data after top-level value");
  EXPECT_SYNTAX("{}\n{}", 3, "unexpected data after top-level value");
  EXPECT_SYNTAX("1\0", 1, "unexpected data after top-level value");
  EXPECT_SYNTAX("[]\0", 2, "unexpected data after top-level value");
  EXPECT_SYNTAX("\0", 0, "expected a value");
  EXPECT_SYNTAX("{}/", 2, "unexpected data after top-level value");
  EXPECT_SYNTAX("// c\n1", 0, "expected a value");
  EXPECT_OK("{}  \n\r\t ");
}

/* Error offsets turned into lines and columns. */
static void test_position(void **state) {
  static const char doc[] = "{\n  \"a\": 1,\n  \"b\" 2\n}";
  json_lexer lx;
  uint64_t line = 0, col = 0;
  json_token t;
  (void)state;
  json_init(&lx, doc, sizeof doc - 1);
  do
    t = json_next(&lx);
  while (t != JSON_ERROR && t != JSON_END);
  assert_int_equal(t, JSON_ERROR);
  assert_string_equal(lx.error, "expected ':' after object key");
  assert_int_equal(lx.error_offset, 18);
  json_position(&lx, lx.error_offset, &line, &col);
  assert_int_equal(line, 3);
  assert_int_equal(col, 7);

  json_init(&lx, S("a\nbc\r\nd"));
  json_position(&lx, 0, &line, &col);
  assert_int_equal(line, 1);
  assert_int_equal(col, 1);
  json_position(&lx, 1, &line, &col); /* the '\n' ends line 1 */
  assert_int_equal(line, 1);
  assert_int_equal(col, 2);
  json_position(&lx, 2, &line, &col);
  assert_int_equal(line, 2);
  assert_int_equal(col, 1);
  json_position(&lx, 4, &line, &col); /* '\r' is a byte of line 2 */
  assert_int_equal(line, 2);
  assert_int_equal(col, 3);
  json_position(&lx, 6, &line, &col);
  assert_int_equal(line, 3);
  assert_int_equal(col, 1);
  json_position(&lx, 7, &line, &col); /* the end of the input */
  assert_int_equal(line, 3);
  assert_int_equal(col, 2);
  json_position(&lx, 1000, &line, &col); /* clamped to the end */
  assert_int_equal(line, 3);
  assert_int_equal(col, 2);
  json_position(&lx, 2, NULL, &col);
  assert_int_equal(col, 1);
  json_position(&lx, 6, &line, NULL);
  assert_int_equal(line, 3);

  json_init(&lx, NULL, 0);
  json_position(&lx, 0, &line, &col);
  assert_int_equal(line, 1);
  assert_int_equal(col, 1);

  /* columns are bytes */
  json_init(&lx, S("[\"\xC3\xA9\", x]"));
  do
    t = json_next(&lx);
  while (t != JSON_ERROR && t != JSON_END);
  assert_int_equal(lx.error_offset, 7);
  json_position(&lx, lx.error_offset, &line, &col);
  assert_int_equal(line, 1);
  assert_int_equal(col, 8);
}

static void test_sticky(void **state) {
  fixture f;
  int i;
  (void)state;
  fx_init(&f, S("[1,}"));
  assert_int_equal(json_next(&f.lx), JSON_ARRAY_BEGIN);
  assert_int_equal(json_next(&f.lx), JSON_NUMBER);
  for (i = 0; i < 5; i++) {
    assert_int_equal(json_next(&f.lx), JSON_ERROR);
    assert_int_equal(f.lx.error_offset, 3);
    assert_string_equal(f.lx.error, "expected a value");
    assert_int_equal(json_skip(&f.lx, JSON_ARRAY_BEGIN), 0);
  }
  fx_free(&f);
  fx_init(&f, S("{}"));
  assert_int_equal(json_next(&f.lx), JSON_OBJECT_BEGIN);
  assert_int_equal(json_next(&f.lx), JSON_OBJECT_END);
  for (i = 0; i < 5; i++)
    assert_int_equal(json_next(&f.lx), JSON_END);
  fx_free(&f);
}

/* ------------------------------------------------------------------------ */
/* Depth                                                                    */
/* ------------------------------------------------------------------------ */

/* n '[' (or {"a": when objects), a 0, then the closers. */
static char *nested(size_t n, int objects, size_t *len) {
  size_t open = objects ? 5 : 1, i, k = 0;
  char *s = malloc(n * (open + 1) + 1);
  assert_non_null(s);
  for (i = 0; i < n; i++) {
    memcpy(s + k, objects ? "{\"a\":" : "[", open);
    k += open;
  }
  s[k++] = '0';
  for (i = 0; i < n; i++)
    s[k++] = objects ? '}' : ']';
  *len = k;
  return s;
}

static json_token lex_nested(size_t n, int objects, uint32_t max_depth,
                             json_lexer *out) {
  size_t len;
  char *s = nested(n, objects, &len);
  fixture f;
  json_token t;
  fx_init(&f, s, len);
  f.lx.max_depth = max_depth;
  t = lex_all(&f);
  *out = f.lx;
  fx_free(&f);
  free(s);
  return t;
}

static void test_depth(void **state) {
  json_lexer lx;
  int objects;
  (void)state;
  for (objects = 0; objects < 2; objects++) {
    size_t unit = objects ? 5 : 1;
    /* default 64 */
    assert_int_equal(lex_nested(64, objects, 0, &lx), JSON_END);
    assert_int_equal(lex_nested(65, objects, 0, &lx), JSON_ERROR);
    assert_int_equal(lx.error_kind, JSON_ERR_DEPTH);
    assert_int_equal(lx.error_offset, 64 * unit);
    assert_non_null(lx.error);
    /* explicit */
    assert_int_equal(lex_nested(1, objects, 1, &lx), JSON_END);
    assert_int_equal(lex_nested(2, objects, 1, &lx), JSON_ERROR);
    assert_int_equal(lx.error_kind, JSON_ERR_DEPTH);
    assert_int_equal(lx.error_offset, unit);
    assert_int_equal(lex_nested(100, objects, 100, &lx), JSON_END);
    assert_int_equal(lex_nested(101, objects, 100, &lx), JSON_ERROR);
    assert_int_equal(lx.error_kind, JSON_ERR_DEPTH);
    /* clamped to JSON_MAX_DEPTH_LIMIT */
    assert_int_equal(lex_nested(JSON_MAX_DEPTH_LIMIT, objects, UINT32_MAX, &lx),
                     JSON_END);
    assert_int_equal(
        lex_nested(JSON_MAX_DEPTH_LIMIT + 1, objects, UINT32_MAX, &lx),
        JSON_ERROR);
    assert_int_equal(lx.error_kind, JSON_ERR_DEPTH);
    assert_int_equal(lx.error_offset, JSON_MAX_DEPTH_LIMIT * unit);
    assert_int_equal(lex_nested(JSON_MAX_DEPTH_LIMIT + 1, objects,
                                JSON_MAX_DEPTH_LIMIT + 1, &lx),
                     JSON_ERROR);
    assert_int_equal(lx.error_kind, JSON_ERR_DEPTH);
  }
  /* scalars have no depth */
  {
    fixture f;
    fx_init(&f, S("[1,[2]]"));
    f.lx.max_depth = 1;
    assert_int_equal(json_next(&f.lx), JSON_ARRAY_BEGIN);
    assert_int_equal(json_next(&f.lx), JSON_NUMBER);
    assert_int_equal(json_next(&f.lx), JSON_ERROR);
    assert_int_equal(f.lx.error_kind, JSON_ERR_DEPTH);
    assert_int_equal(f.lx.error_offset, 3);
    assert_string_equal(f.lx.error, "nesting too deep");
    fx_free(&f);
  }
  /* siblings do not add up */
  EXPECT_OK("[[],[],{},[[]],{\"a\":{}}]");
}

/* ------------------------------------------------------------------------ */
/* json_skip                                                                */
/* ------------------------------------------------------------------------ */

static void test_skip(void **state) {
  fixture f;
  (void)state;
  fx_init(&f, S("{\"a\":{\"x\":[1,{\"y\":\"\\u00e9\"},[]],\"z\":null},"
                "\"b\":2,\"c\":[[\"\\n\"],{}],\"d\":\"e\"}"));
  assert_int_equal(json_next(&f.lx), JSON_OBJECT_BEGIN);
  assert_int_equal(json_next(&f.lx), JSON_KEY);
  assert_int_equal(json_next(&f.lx), JSON_OBJECT_BEGIN);
  assert_int_equal(json_skip(&f.lx, JSON_OBJECT_BEGIN), 1);
  assert_int_equal(f.lx.depth, 1);
  assert_int_equal(json_next(&f.lx), JSON_KEY);
  assert_memory_equal(f.lx.text, "b", 1);
  /* a scalar: nothing to do */
  assert_int_equal(json_next(&f.lx), JSON_NUMBER);
  assert_int_equal(json_skip(&f.lx, JSON_NUMBER), 1);
  assert_int_equal(json_next(&f.lx), JSON_KEY);
  assert_memory_equal(f.lx.text, "c", 1);
  assert_int_equal(json_next(&f.lx), JSON_ARRAY_BEGIN);
  assert_int_equal(json_skip(&f.lx, JSON_ARRAY_BEGIN), 1);
  /* strings inside skipped values are not decoded */
  assert_int_equal(f.dec.calls, 0);
  assert_int_equal(json_next(&f.lx), JSON_KEY);
  assert_int_equal(json_skip(&f.lx, JSON_KEY), 1);
  assert_int_equal(json_next(&f.lx), JSON_STRING);
  assert_memory_equal(f.lx.text, "e", 1);
  assert_int_equal(json_next(&f.lx), JSON_OBJECT_END);
  assert_int_equal(json_next(&f.lx), JSON_END);
  assert_int_equal(json_skip(&f.lx, JSON_END), 1);
  fx_free(&f);

  /* the whole document */
  fx_init(&f, S(" [[1,2],{\"a\":[]}] "));
  assert_int_equal(json_next(&f.lx), JSON_ARRAY_BEGIN);
  assert_int_equal(json_skip(&f.lx, JSON_ARRAY_BEGIN), 1);
  assert_int_equal(f.lx.depth, 0);
  assert_int_equal(json_next(&f.lx), JSON_END);
  fx_free(&f);

  /* empty containers */
  fx_init(&f, S("[{},[]]"));
  assert_int_equal(json_next(&f.lx), JSON_ARRAY_BEGIN);
  assert_int_equal(json_next(&f.lx), JSON_OBJECT_BEGIN);
  assert_int_equal(json_skip(&f.lx, JSON_OBJECT_BEGIN), 1);
  assert_int_equal(json_next(&f.lx), JSON_ARRAY_BEGIN);
  assert_int_equal(json_skip(&f.lx, JSON_ARRAY_BEGIN), 1);
  assert_int_equal(json_next(&f.lx), JSON_ARRAY_END);
  assert_int_equal(json_next(&f.lx), JSON_END);
  fx_free(&f);
}

static void test_skip_errors(void **state) {
  static const struct {
    const char *in;
    size_t offset;
    const char *msg;
    json_error_kind kind;
  } cases[] = {
      {"[[1,{\"a\":\"\\x\"}]]", 10, "invalid escape in string",
       JSON_ERR_SYNTAX},
      {"[[\"\\ud800\"]]", 3, "lone high surrogate in \\u escape",
       JSON_ERR_SYNTAX},
      {"[[\"\\u0000\"]]", 3, "\\u0000 not allowed in string", JSON_ERR_SYNTAX},
      {"[[\"\xC0\x80\"]]", 3, "invalid UTF-8 in string", JSON_ERR_SYNTAX},
      {"[[1,]]", 4, "trailing comma in array", JSON_ERR_SYNTAX},
      {"[{\"a\" 1}]", 6, "expected ':' after object key", JSON_ERR_SYNTAX},
      {"[[01]]", 3, "leading zero in number", JSON_ERR_SYNTAX},
      {"[[1", 3, "unexpected end of input", JSON_ERR_SYNTAX},
      {"[[[[1]]]]", 3, "nesting too deep", JSON_ERR_DEPTH},
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    fixture f;
    fx_init(&f, cases[i].in, strlen(cases[i].in));
    f.lx.max_depth = 3;
    assert_int_equal(json_next(&f.lx), JSON_ARRAY_BEGIN);
    assert_int_equal(json_next(&f.lx), cases[i].in[1] == '['
                                           ? JSON_ARRAY_BEGIN
                                           : JSON_OBJECT_BEGIN);
    assert_int_equal(json_skip(&f.lx, cases[i].in[1] == '['
                                          ? JSON_ARRAY_BEGIN
                                          : JSON_OBJECT_BEGIN),
                     0);
    assert_int_equal(f.lx.error_kind, cases[i].kind);
    assert_int_equal(f.lx.error_offset, cases[i].offset);
    assert_string_equal(f.lx.error, cases[i].msg);
    assert_int_equal(json_next(&f.lx), JSON_ERROR);
    assert_int_equal(f.dec.calls, 0);
    fx_free(&f);
  }
  /* skipped strings are checked but not decoded, so neither max_string nor
   * a failing decoder applies to them */
  {
    fixture f;
    fx_init(&f, S("[[\"long string \\n\"],\"ab\"]"));
    f.lx.max_string = 2;
    f.dec.fail = 1;
    assert_int_equal(json_next(&f.lx), JSON_ARRAY_BEGIN);
    assert_int_equal(json_next(&f.lx), JSON_ARRAY_BEGIN);
    assert_int_equal(json_skip(&f.lx, JSON_ARRAY_BEGIN), 1);
    assert_int_equal(json_next(&f.lx), JSON_STRING);
    assert_int_equal(json_next(&f.lx), JSON_ARRAY_END);
    assert_int_equal(json_next(&f.lx), JSON_END);
    assert_int_equal(f.dec.calls, 0);
    fx_free(&f);
  }
}

/* ------------------------------------------------------------------------ */
/* Truncation and mutation                                                  */
/* ------------------------------------------------------------------------ */

static const char *const corpus[] = {
    ("{\"id\":\"C-001\",\"weight\":12.5,\"items\":[{\"hs\":\"847130\","
     "\"qty\":3,\"desc\":\"Laptop \\u00e9 \\ud83d\\ude00\"},{\"hs\":null,"
     "\"qty\":-0,\"ok\":true,\"no\":false}],\"tags\":[],\"meta\":{}}"),
    ("[1,-2.5e+3,0.001E-2,\"a\\\"b\\\\c\\/"
     "d\\b\\f\\n\\r\\t\",[[[]]],{\"\":\"\"}]"),
    ("{\"text\":\"caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80 "
     "\xF4\x8F\xBF\xBF \xED\x9F\xBF\",\"n\":[0,10,1e5,-1.5E-7]}"),
    " { \"a\" : [ true , false , null ] , \"b\" : { \"c\" : \"d\" } } ",
    "\"just a top-level string with an escape \\u20ac and more text\"",
    "[\"abcdefghijklmnopqrstuvwxyz0123456789\",\"ABCDEFGHIJKLMNOP\\u0041\"]",
    "{\"deep\":[[[[[[[[{\"x\":[[[[1]]]]}]]]]]]]]}",
    "-123.456e-7",
    "{\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":\"\\uD834\\uDD1E\"}",
};

/* Every proper prefix of an object or array document is an error, and
 * lexing it reads nothing past its end. */
static void test_prefixes(void **state) {
  size_t d, n;
  (void)state;
  for (d = 0; d < sizeof corpus / sizeof corpus[0]; d++) {
    size_t len = strlen(corpus[d]);
    int container = corpus[d][0] == '{' || corpus[d][0] == '[';
    for (n = 0; n <= len; n++) {
      fixture f;
      json_token t;
      fx_init(&f, corpus[d], n);
      t = lex_all(&f);
      if (n == len)
        assert_int_equal(t, JSON_END);
      else if (container)
        assert_int_equal(t, JSON_ERROR);
      if (t == JSON_ERROR)
        assert_true(f.lx.error_offset <= n);
      fx_free(&f);
    }
  }
}

static uint64_t rng_next(uint64_t *s) {
  uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));
  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

typedef struct outcome {
  json_token last;
  json_error_kind kind;
  size_t offset;
  const char *error;
  int top_string; /* the top-level value is a string */
  char *top;      /* its decoded value (malloc) */
  size_t top_len;
} outcome;

/* Lex `in` fully, checking invariants on every token. With skip_seed, skip
 * some containers instead of reading them. */
static void lex_checked(const char *in, size_t len, uint64_t *skip_seed,
                        outcome *out) {
  fixture f;
  json_token t;
  size_t calls = 0;
  fx_init(&f, in, len);
  memset(out, 0, sizeof *out);
  for (;;) {
    uint32_t depth_before = f.lx.depth;
    t = json_next(&f.lx);
    if (++calls > len + 2)
      fail_msg("no termination after %zu calls", calls);
    if (t == JSON_ERROR || t == JSON_END)
      break;
    switch (t) {
    case JSON_KEY:
    case JSON_STRING:
      /* decoded text: valid UTF-8, no NUL, in the input or a decoder
       * block */
      assert_true(f.lx.text != NULL);
      assert_true(ref_utf8_valid((const unsigned char *)f.lx.text, f.lx.len));
      assert_null(memchr(f.lx.text, 0, f.lx.len));
      if (!text_is_in_input(&f, f.lx.text)) {
        assert_true(f.dec.nblocks > 0);
        assert_ptr_equal(f.lx.text, f.dec.blocks[f.dec.nblocks - 1]);
        assert_true(f.lx.len <= f.dec.sizes[f.dec.nblocks - 1]);
      } else {
        assert_true(f.lx.text + f.lx.len <= f.buf + f.len);
      }
      if (t == JSON_STRING && depth_before == 0) {
        out->top_string = 1;
        out->top = malloc(f.lx.len + 1);
        assert_non_null(out->top);
        memcpy(out->top, f.lx.text, f.lx.len);
        out->top_len = f.lx.len;
      }
      break;
    case JSON_NUMBER:
      assert_true(text_is_in_input(&f, f.lx.text));
      assert_true(ref_number_valid(f.lx.text, f.lx.len));
      break;
    case JSON_OBJECT_BEGIN:
    case JSON_ARRAY_BEGIN:
      assert_int_equal(f.lx.depth, depth_before + 1);
      if (skip_seed && rng_next(skip_seed) % 3 == 0) {
        if (!json_skip(&f.lx, t)) {
          t = JSON_ERROR;
          goto done;
        }
        assert_int_equal(f.lx.depth, depth_before);
      }
      break;
    case JSON_OBJECT_END:
    case JSON_ARRAY_END:
      assert_int_equal(f.lx.depth + 1, depth_before);
      break;
    default:
      break;
    }
  }
done:
  if (t == JSON_END)
    assert_int_equal(f.lx.depth, 0);
  out->last = t;
  out->kind = f.lx.error_kind;
  out->offset = f.lx.error_offset;
  out->error = f.lx.error;
  if (t == JSON_ERROR) {
    assert_non_null(f.lx.error);
    assert_true(f.lx.error_kind != JSON_ERR_NONE);
    assert_true(f.lx.error_offset <= len);
  }
  /* sticky */
  assert_int_equal(json_next(&f.lx), t);
  assert_int_equal(json_next(&f.lx), t);
  fx_free(&f);
}

static size_t mutate(uint64_t *rng, char *buf, size_t len, size_t cap) {
  static const char interesting[] = "\"\\{}[],:-+.eE0 1u\n\t\x80\xC0\xC3\xA9"
                                    "\xED\xA0\xF0\xF4\x90\xBF\xFF\x1F\x7F";
  int k, rounds = 1 + (int)(rng_next(rng) % 4);
  for (k = 0; k < rounds; k++) {
    uint64_t r = rng_next(rng);
    size_t pos = len ? (size_t)(r >> 8) % len : 0;
    char c = (r >> 40) & 1 ? interesting[(r >> 41) % (sizeof interesting - 1)]
                           : (char)(r >> 48);
    switch (r % 6) {
    case 0: /* replace */
    case 1:
      if (len)
        buf[pos] = c;
      break;
    case 2: /* insert */
      if (len < cap) {
        memmove(buf + pos + 1, buf + pos, len - pos);
        buf[pos] = c;
        len++;
      }
      break;
    case 3: /* delete */
      if (len) {
        memmove(buf + pos, buf + pos + 1, len - pos - 1);
        len--;
      }
      break;
    case 4: /* truncate */
      len = pos;
      break;
    default: /* flip a bit */
      if (len)
        buf[pos] = (char)(buf[pos] ^ (1 << ((r >> 32) % 8)));
      break;
    }
  }
  return len;
}

#ifdef SDQ_HAVE_JANSSON
static size_t jansson_compared, jansson_skipped;

static void jansson_check(const char *in, size_t len, const outcome *ours) {
  json_error_t err;
  json_t *j;
  char buf[512];
  /* jansson's input stream drops NUL bytes instead of rejecting them */
  if (memchr(in, 0, len)) {
    jansson_skipped++;
    return;
  }
  j = json_loadb(in, len, JSON_DECODE_ANY, &err);
  if (!j) {
    /* jansson converts numbers and rejects what overflows its types */
    if (json_error_code(&err) == json_error_numeric_overflow) {
      jansson_skipped++;
      return;
    }
    if (ours->last != JSON_ERROR)
      fail_msg("\"%s\": jansson rejects (%s), we accept",
               show(in, len, buf, sizeof buf), err.text);
  } else {
    if (ours->last != JSON_END)
      fail_msg("\"%s\": jansson accepts, we reject at %zu: %s",
               show(in, len, buf, sizeof buf), ours->offset, ours->error);
    if (json_typeof(j) == JANSSON_STRING) {
      assert_true(ours->top_string);
      assert_int_equal(json_string_length(j), ours->top_len);
      assert_memory_equal(json_string_value(j), ours->top, ours->top_len);
    }
    json_decref(j);
  }
  jansson_compared++;
}
#endif

/* Overridable for longer runs: -DJSON_FUZZ_ITERATIONS=... -DJSON_FUZZ_SEED=...
 */
#ifndef JSON_FUZZ_ITERATIONS
#define JSON_FUZZ_ITERATIONS 30000
#endif
#ifndef JSON_FUZZ_SEED
#define JSON_FUZZ_SEED 0x5D0C0FFEE1234567u
#endif

static void test_mutation_fuzz(void **state) {
  uint64_t rng = (uint64_t)JSON_FUZZ_SEED;
  char buf[1024];
  long iter;
  size_t errors = 0, ends = 0;
  (void)state;
  for (iter = 0; iter < JSON_FUZZ_ITERATIONS; iter++) {
    const char *doc = corpus[rng_next(&rng) % (sizeof corpus / sizeof *corpus)];
    size_t len = strlen(doc);
    outcome full, skipped;
    uint64_t skip_seed = rng_next(&rng);
    memcpy(buf, doc, len);
    len = mutate(&rng, buf, len, sizeof buf);

    lex_checked(buf, len, NULL, &full);
    if (full.last == JSON_END)
      ends++;
    else
      errors++;
#ifdef SDQ_HAVE_JANSSON
    jansson_check(buf, len, &full);
#endif
    /* skipping checks exactly what reading checks */
    lex_checked(buf, len, &skip_seed, &skipped);
    assert_int_equal(skipped.last, full.last);
    if (full.last == JSON_ERROR) {
      assert_int_equal(skipped.offset, full.offset);
      assert_int_equal(skipped.kind, full.kind);
      assert_string_equal(skipped.error, full.error);
    }
    free(skipped.top);
    /* under tight limits it still terminates, with a limit error or the
     * same result */
    {
      fixture f;
      json_token t;
      fx_init(&f, buf, len);
      f.lx.max_depth = 1 + (uint32_t)(rng_next(&rng) % 3);
      f.lx.max_string = (size_t)(rng_next(&rng) % 8);
      f.dec.fail = (int)(rng_next(&rng) % 2);
      t = lex_all(&f);
      if (full.last == JSON_ERROR && t == JSON_END)
        fail_msg("accepted under limits what was rejected without");
      if (t == JSON_ERROR && f.lx.error_kind == JSON_ERR_SYNTAX)
        assert_int_equal(full.last, JSON_ERROR);
      fx_free(&f);
    }
    free(full.top);
  }
  /* the corpus mutates into both outcomes */
  assert_true(errors > 1000);
  assert_true(ends > 1000);
#ifdef SDQ_HAVE_JANSSON
  print_message("jansson: %zu compared, %zu skipped (NUL byte or number "
                "overflow)\n",
                jansson_compared, jansson_skipped);
#endif
}

/* ------------------------------------------------------------------------ */

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_scalars_top_level),
      cmocka_unit_test(test_all_tokens),
      cmocka_unit_test(test_nested),
      cmocka_unit_test(test_whitespace),
      cmocka_unit_test(test_empty_input),
      cmocka_unit_test(test_escapes),
      cmocka_unit_test(test_escape_errors),
      cmocka_unit_test(test_utf8_valid),
      cmocka_unit_test(test_utf8_invalid),
      cmocka_unit_test(test_utf8_exhaustive),
      cmocka_unit_test(test_control_chars),
      cmocka_unit_test(test_unterminated),
      cmocka_unit_test(test_string_alignment),
      cmocka_unit_test(test_zero_copy),
      cmocka_unit_test(test_decode_size),
      cmocka_unit_test(test_nomem),
      cmocka_unit_test(test_max_string),
      cmocka_unit_test(test_numbers_valid),
      cmocka_unit_test(test_numbers_invalid),
      cmocka_unit_test(test_literals),
      cmocka_unit_test(test_trailing_commas),
      cmocka_unit_test(test_missing_separators),
      cmocka_unit_test(test_brackets),
      cmocka_unit_test(test_trailing_garbage),
      cmocka_unit_test(test_position),
      cmocka_unit_test(test_sticky),
      cmocka_unit_test(test_depth),
      cmocka_unit_test(test_skip),
      cmocka_unit_test(test_skip_errors),
      cmocka_unit_test(test_prefixes),
      cmocka_unit_test(test_mutation_fuzz),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
