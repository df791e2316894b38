/*
 * The CSV reader's scanning primitives (lib/read/scan.h): the SSE2 forms
 * must give exactly what the scalar forms give, from every start position
 * of many pseudo-random buffers rich in quotes, line breaks, delimiters and
 * non-ASCII bytes. Each buffer is an exact-size heap block, so that
 * AddressSanitizer catches a read past its end. On targets without SSE2
 * only the scalar forms are checked against a plain definition.
 *
 * The reader's own tests also run against a library built with
 * SDQ_SCAN_SCALAR (csv_scalar, chunks_scalar, csv-diff-scalar), so both
 * forms meet every malformed input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "read/scan.h"

static const char DELIMS[] = {',', ';', '\t', '|'};

/* A small xorshift generator: fixed seeds, reproducible runs. */
static uint64_t next_rand(uint64_t *s) {
  uint64_t x = *s;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  *s = x;
  return x;
}

static char *random_buffer(uint64_t *seed, size_t n) {
  static const char ALPHABET[] = {'"',    '"',    '\n',   '\r',  ',', ';',
                                  '\t',   '|',    'a',    'b',   ' ', '\0',
                                  '\x7f', '\x80', '\xc3', '\xff'};
  char *p = malloc(n ? n : 1);
  assert_non_null(p);
  /* Some buffers are mostly plain bytes, so that long runs without any
   * special byte are scanned too. */
  unsigned plain = (unsigned)(next_rand(seed) % 4);
  for (size_t i = 0; i < n; i++) {
    uint64_t r = next_rand(seed);
    if (plain && r % (plain * 8) != 0)
      p[i] = (char)('a' + (r >> 8) % 26);
    else
      p[i] = ALPHABET[(r >> 8) % sizeof ALPHABET];
  }
  return p;
}

static void check_scalar_definitions(const char *p, size_t n) {
  for (size_t i = 0; i <= n; i++) {
    size_t j = scan_quoted_scalar(p, i, n);
    assert_true(j >= i && j <= n);
    for (size_t k = i; k < j; k++)
      assert_true(p[k] != '"' && p[k] != '\n' && p[k] != '\r');
    j = scan_ascii_scalar(p, i, n);
    for (size_t k = i; k < j; k++)
      assert_true((unsigned char)p[k] < 0x80);
    if (j < n)
      assert_true((unsigned char)p[j] >= 0x80);
  }
}

/* The row classifier's scalar form, byte by byte. */
static void check_classify_definition(const char *p, size_t n) {
  for (size_t base = 0; base < n; base++) {
    for (size_t d = 0; d < sizeof DELIMS; d++) {
      scan_masks m = scan_classify64_scalar(p, base, n, DELIMS[d]);
      for (size_t k = 0; k < 64; k++) {
        bool in = base + k < n;
        char c = in ? p[base + k] : 0;
        assert_true(((m.delim >> k) & 1) == (in && c == DELIMS[d]));
        assert_true(((m.quote >> k) & 1) == (in && c == '"'));
        assert_true(((m.high >> k) & 1) == (in && (unsigned char)c >= 0x80));
        assert_true(((m.nl >> k) & 1) == (in && (c == '\n' || c == '\r')));
      }
    }
  }
}

static void compare_forms(const char *p, size_t n) {
  check_scalar_definitions(p, n);
  check_classify_definition(p, n);
#if defined(SCAN_HAVE_SSE2)
  for (size_t i = 0; i <= n; i++) {
    for (size_t d = 0; d < sizeof DELIMS; d++)
      assert_int_equal(scan_unquoted_sse2(p, i, n, DELIMS[d]),
                       scan_unquoted_scalar(p, i, n, DELIMS[d]));
    assert_int_equal(scan_quoted_sse2(p, i, n), scan_quoted_scalar(p, i, n));
    assert_int_equal(scan_ascii_sse2(p, i, n), scan_ascii_scalar(p, i, n));
  }
  for (size_t base = 0; base < n; base++)
    for (size_t d = 0; d < sizeof DELIMS; d++)
      assert_true(scan_mask64_sse2(p, base, n, DELIMS[d], '"') ==
                  scan_mask64_scalar(p, base, n, DELIMS[d], '"'));
  for (size_t base = 0; base < n; base++) {
    for (size_t d = 0; d < sizeof DELIMS; d++) {
      scan_masks a = scan_classify64_sse2(p, base, n, _mm_set1_epi8(DELIMS[d]));
      scan_masks b = scan_classify64_scalar(p, base, n, DELIMS[d]);
      assert_true(a.delim == b.delim && a.quote == b.quote &&
                  a.high == b.high && a.nl == b.nl);
    }
  }
#endif
}

static void test_random_buffers(void **state) {
  (void)state;
  uint64_t seed = UINT64_C(0x9E3779B97F4A7C15);
  for (int round = 0; round < 3000; round++) {
    size_t n = (size_t)(next_rand(&seed) % 200);
    char *p = random_buffer(&seed, n);
    compare_forms(p, n);
    free(p);
  }
}

/* Special bytes at every position of a block and around block edges. */
static void test_single_special_byte(void **state) {
  (void)state;
  static const char SPECIAL[] = {'"', '\n', '\r', ',', ';', '\t', '|', '\x80'};
  for (size_t n = 1; n <= 70; n++) {
    for (size_t at = 0; at < n; at++) {
      for (size_t s = 0; s < sizeof SPECIAL; s++) {
        char *p = malloc(n);
        assert_non_null(p);
        memset(p, 'x', n);
        p[at] = SPECIAL[s];
        compare_forms(p, n);
        /* A delimiter directly before a quote, across a block edge. */
        if (at + 1 < n) {
          p[at + 1] = '"';
          compare_forms(p, n);
        }
        free(p);
      }
    }
  }
}

static void test_unquoted_definition(void **state) {
  (void)state;
  /* A delimiter is reported only before a quote or at the end. */
  static const char row[] = "ab,cd,\"q\",x\ny";
  size_t n = sizeof row - 1;
  assert_int_equal(scan_unquoted(row, 0, n, ','), 5);
  assert_int_equal(scan_unquoted(row, 6, n, ','), 11);
  assert_int_equal(scan_unquoted(row, 12, n, ','), n);
  static const char tail[] = "abcdefghijklmnopqrstuvwxyz,";
  assert_int_equal(scan_unquoted(tail, 0, sizeof tail - 1, ','), 26);
  assert_int_equal(scan_quoted(tail, 0, sizeof tail - 1), sizeof tail - 1);
}

static void test_prefix_xor(void **state) {
  (void)state;
  uint64_t seed = 7;
  for (int round = 0; round < 1000; round++) {
    uint64_t m = next_rand(&seed) & next_rand(&seed);
    uint64_t x = scan_prefix_xor(m), parity = 0;
    for (unsigned k = 0; k < 64; k++) {
      parity ^= (m >> k) & 1;
      assert_true(((x >> k) & 1) == parity);
    }
  }
}

/* The well-formed UTF-8 sequences of the Unicode standard (table 3-7):
 * the length of the one at p[0..n), 0 if none. */
static size_t reference_utf8(const unsigned char *p, size_t n) {
  unsigned c = p[0], lo = 0x80, hi = 0xBF;
  size_t len;
  if (c >= 0xC2 && c <= 0xDF)
    len = 2;
  else if (c >= 0xE0 && c <= 0xEF)
    len = 3;
  else if (c >= 0xF0 && c <= 0xF4)
    len = 4;
  else
    return 0;
  if (c == 0xE0)
    lo = 0xA0;
  else if (c == 0xED)
    hi = 0x9F;
  else if (c == 0xF0)
    lo = 0x90;
  else if (c == 0xF4)
    hi = 0x8F;
  if (n < len || p[1] < lo || p[1] > hi)
    return 0;
  for (size_t k = 2; k < len; k++)
    if (p[k] < 0x80 || p[k] > 0xBF)
      return 0;
  return len;
}

static void test_utf8_sequence(void **state) {
  (void)state;
  static const unsigned char TAIL[] = {0x00, 0x7F, 0x80, 0x8F, 0x90,
                                       0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
  unsigned char b[4];
  for (unsigned c = 0x80; c <= 0xFF; c++) {
    for (unsigned x = 0; x <= 0xFF; x++) {
      for (size_t t = 0; t < sizeof TAIL * sizeof TAIL; t++) {
        b[0] = (unsigned char)c;
        b[1] = (unsigned char)x;
        b[2] = TAIL[t % sizeof TAIL];
        b[3] = TAIL[t / sizeof TAIL];
        for (size_t n = 1; n <= 4; n++)
          assert_int_equal(scan_utf8_sequence(b, 0, n), reference_utf8(b, n));
      }
    }
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_random_buffers),
      cmocka_unit_test(test_single_special_byte),
      cmocka_unit_test(test_unquoted_definition),
      cmocka_unit_test(test_prefix_xor),
      cmocka_unit_test(test_utf8_sequence),
  };
  return cmocka_run_group_tests_name("scan", tests, NULL, NULL);
}
