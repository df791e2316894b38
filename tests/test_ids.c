/*
 * Identifier checks (lib/check/ids.c): UPU S10, IATA air waybill, ISO 6346
 * container, IMO ship number, GS1 GTIN/SSCC, EORI and UN/LOCODE.
 *
 * - The published test vectors of each scheme, must pass and must fail.
 * - The accepted spellings of each function, and the rejected ones with the
 *   offset of the offending byte.
 * - Hostile input: empty, NULL, blank, 10 KB values, NUL bytes, non-ASCII
 *   UTF-8, bytes >= 0x80, and random byte strings.
 * - Properties of the check digit schemes, on random valid identifiers
 *   built here with an independent implementation: which single-digit
 *   changes each scheme detects, asserted exactly.
 *
 * Every call goes through chk(), which hands the function an exact-size
 * heap copy of the value (no NUL terminator after it), so that
 * AddressSanitizer reports any read past the end, and then checks the
 * invariants every result must hold (see check_invariants()).
 *
 * Build alone, e.g.:
 *   cc -std=c11 -Wall -Wextra -Werror -g -fsanitize=address,undefined
 *      -Ilib lib/check/ids.c tests/test_ids.c -lcmocka -o /tmp/test_ids
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

#include "check/ids.h"

/* A string literal as (pointer, length). */
#define S(lit) (lit), (sizeof(lit) - 1)

typedef id_result (*checker)(const char *p, size_t len);

/* ------------------------------------------------------------------------ */
/* Calling and invariants                                                    */
/* ------------------------------------------------------------------------ */

static id_result chk_depth(checker fn, const char *p, size_t len, int depth);

static bool is_digit_char(char c) { return c >= '0' && c <= '9'; }
static bool is_upper_char(char c) { return c >= 'A' && c <= 'Z'; }

/* Index of the check digit in the normalised form. */
static size_t check_index(checker fn, const id_result *r) {
  return fn == id_check_s10 ? 10 : r->normalised_len - 1;
}

static bool has_check_digit(checker fn) {
  return fn != id_check_eori && fn != id_check_locode;
}

/* What every result holds, whatever the input. */
static void check_invariants(checker fn, const char *p, size_t len, id_result r,
                             int depth) {
  assert_in_range(r.status, ID_VALID, ID_EMPTY);
  /* Strings are terminated and their lengths right. */
  assert_true(r.normalised_len <= ID_NORMALISED_MAX);
  assert_int_equal(r.normalised[r.normalised_len], '\0');
  assert_int_equal(strlen(r.normalised), r.normalised_len);
  assert_int_equal(r.country[2], '\0');
  assert_true(strlen(r.country) == 0 || strlen(r.country) == 2);

  bool recognised = r.status == ID_VALID || r.status == ID_CHECK_DIGIT ||
                    r.status == ID_BAD_COUNTRY;
  assert_int_equal(recognised, r.kind != ID_KIND_NONE);
  assert_int_equal(recognised, r.normalised_len > 0);
  if (r.status == ID_BAD_COUNTRY)
    assert_ptr_equal(fn, id_check_s10);

  switch (r.status) {
  case ID_VALID:
  case ID_EMPTY:
    assert_int_equal(r.error_offset, 0);
    break;
  case ID_MALFORMED:
    assert_true(r.error_offset <= len);
    assert_int_equal(r.expected_check, '\0');
    assert_int_equal(r.country[0], '\0');
    break;
  case ID_CHECK_DIGIT:
  case ID_BAD_COUNTRY:
    assert_true(r.error_offset < len);
    break;
  }

  if (recognised) {
    /* The normalised form has no white space, separators or lower case. */
    for (size_t i = 0; i < r.normalised_len; i++) {
      char c = r.normalised[i];
      assert_true(c > ' ' && c <= '~');
      if (fn != id_check_eori || i < 2)
        assert_true(is_digit_char(c) || is_upper_char(c));
    }
    if (has_check_digit(fn))
      assert_true(is_digit_char(r.expected_check));
    else
      assert_int_equal(r.expected_check, '\0');
    if (fn == id_check_s10 || fn == id_check_eori || fn == id_check_locode)
      assert_int_equal(strlen(r.country), 2);
    else
      assert_int_equal(strlen(r.country), 0);
  }

  if (r.status == ID_VALID && has_check_digit(fn))
    assert_int_equal(r.normalised[check_index(fn, &r)], r.expected_check);

  if (r.status == ID_CHECK_DIGIT) {
    size_t ci = check_index(fn, &r);
    /* error_offset points at the check digit as written. */
    assert_int_equal(p[r.error_offset], r.normalised[ci]);
    assert_int_not_equal(r.normalised[ci], r.expected_check);
    if (depth == 0) {
      /* Putting the expected digit in its place makes the value pass. */
      char fixed[ID_NORMALISED_MAX + 1];
      memcpy(fixed, r.normalised, r.normalised_len + 1);
      fixed[ci] = r.expected_check;
      id_result f = chk_depth(fn, fixed, r.normalised_len, depth + 1);
      if (fn == id_check_s10)
        assert_true(f.status == ID_VALID || f.status == ID_BAD_COUNTRY);
      else
        assert_int_equal(f.status, ID_VALID);
    }
  }

  if (r.status == ID_BAD_COUNTRY) {
    assert_int_equal(p[r.error_offset] & 0xDF, r.country[0] & 0xDF);
    assert_true(is_digit_char(r.country[0]) || is_digit_char(r.country[1]));
  }

  if (r.status == ID_VALID && depth == 0) {
    /* The normalised form is valid and normalises to itself. */
    id_result n = chk_depth(fn, r.normalised, r.normalised_len, depth + 1);
    assert_int_equal(n.status, ID_VALID);
    assert_int_equal(n.kind, r.kind);
    assert_string_equal(n.normalised, r.normalised);
    assert_string_equal(n.country, r.country);
    assert_int_equal(n.expected_check, r.expected_check);
  }
}

static id_result chk_depth(checker fn, const char *p, size_t len, int depth) {
  /* An exact-size copy: a read past the end is a heap overflow. */
  char *copy = len ? malloc(len) : NULL;
  if (len) {
    assert_non_null(copy);
    memcpy(copy, p, len);
  }
  id_result r = fn(copy, len);
  check_invariants(fn, copy, len, r, depth);
  free(copy);
  return r;
}

static id_result chk(checker fn, const char *p, size_t len) {
  return chk_depth(fn, p, len, 0);
}

/* Assertions that report the line of the call. */
#define assert_valid(fn, lit, norm)                                            \
  do {                                                                         \
    id_result r_ = chk(fn, S(lit));                                            \
    assert_int_equal(r_.status, ID_VALID);                                     \
    assert_string_equal(r_.normalised, norm);                                  \
  } while (0)

#define assert_malformed_at(fn, lit, offset)                                   \
  do {                                                                         \
    id_result r_ = chk(fn, S(lit));                                            \
    assert_int_equal(r_.status, ID_MALFORMED);                                 \
    assert_int_equal(r_.error_offset, offset);                                 \
  } while (0)

#define assert_check_digit(fn, lit, expected, offset)                          \
  do {                                                                         \
    id_result r_ = chk(fn, S(lit));                                            \
    assert_int_equal(r_.status, ID_CHECK_DIGIT);                               \
    assert_int_equal(r_.expected_check, expected);                             \
    assert_int_equal(r_.error_offset, offset);                                 \
  } while (0)

/* ------------------------------------------------------------------------ */
/* Reference implementations, written independently of the library           */
/* ------------------------------------------------------------------------ */

/* S10: the remainder S mod 11 of the weighted serial, and the check digit
 * it gives. */
static unsigned ref_s10_rem(const char *serial8) {
  static const unsigned w[8] = {8, 6, 4, 2, 3, 5, 9, 7};
  unsigned s = 0;
  for (int i = 0; i < 8; i++)
    s += w[i] * (unsigned)(serial8[i] - '0');
  return s % 11;
}
static char ref_s10_check_of_rem(unsigned rem) {
  unsigned c = 11 - rem;
  return (char)('0' + (c == 10 ? 0 : c == 11 ? 5 : c));
}

/* ISO 6346: letter values listed out, and the sum mod 11. */
static unsigned ref_iso6346_value(char c) {
  static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  static const unsigned values[] = {10, 12, 13, 14, 15, 16, 17, 18, 19,
                                    20, 21, 23, 24, 25, 26, 27, 28, 29,
                                    30, 31, 32, 34, 35, 36, 37, 38};
  if (is_digit_char(c))
    return (unsigned)(c - '0');
  return values[strchr(letters, c) - letters];
}
static unsigned ref_iso6346_rem(const char *first10) {
  unsigned long s = 0;
  for (int i = 0; i < 10; i++)
    s += ref_iso6346_value(first10[i]) * (1ul << i);
  return (unsigned)(s % 11);
}

static char ref_gs1_check(const char *data, size_t n) {
  unsigned s = 0;
  for (size_t k = 0; k < n; k++)
    s += (unsigned)(data[n - 1 - k] - '0') * (k % 2 == 0 ? 3 : 1);
  return (char)('0' + (10 - s % 10) % 10);
}

/* A small deterministic generator (splitmix64); its state is local. */
static uint64_t rnd(uint64_t *state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
static unsigned rnd_below(uint64_t *state, unsigned n) {
  return (unsigned)(rnd(state) % n);
}
static char rnd_digit(uint64_t *st) { return (char)('0' + rnd_below(st, 10)); }
static char rnd_letter(uint64_t *st) { return (char)('A' + rnd_below(st, 26)); }

/* ------------------------------------------------------------------------ */
/* UPU S10                                                                   */
/* ------------------------------------------------------------------------ */

static void test_s10_vectors(void **state) {
  (void)state;
  id_result r = chk(id_check_s10, S("RB123456785GB"));
  assert_int_equal(r.status, ID_VALID);
  assert_int_equal(r.kind, ID_KIND_S10);
  assert_string_equal(r.normalised, "RB123456785GB");
  assert_int_equal(r.normalised_len, 13);
  assert_string_equal(r.country, "GB");
  assert_int_equal(r.expected_check, '5');

  r = chk(id_check_s10, S("RR287043775IN"));
  assert_int_equal(r.status, ID_VALID);
  assert_string_equal(r.country, "IN");

  r = chk(id_check_s10, S("RB123456786US"));
  assert_int_equal(r.status, ID_CHECK_DIGIT);
  assert_int_equal(r.expected_check, '5');
  assert_int_equal(r.error_offset, 10);
  assert_string_equal(r.country, "US");
  assert_string_equal(r.normalised, "RB123456786US");

  /* XX is two letters: the shape is right, the country table rejects it. */
  r = chk(id_check_s10, S("RB123456785XX"));
  assert_int_equal(r.status, ID_VALID);
  assert_string_equal(r.country, "XX");
}

/* C = 10 gives 0 and C = 11 gives 5. */
static void test_s10_remainder_cases(void **state) {
  (void)state;
  assert_int_equal(ref_s10_rem("00000008"), 1); /* C = 10 */
  assert_int_equal(ref_s10_rem("00000015"), 0); /* C = 11 */

  char id[14];
  for (char c = '0'; c <= '9'; c++) {
    snprintf(id, sizeof id, "RB00000008%cGB", c);
    id_result r = chk(id_check_s10, id, 13);
    assert_int_equal(r.expected_check, '0');
    assert_int_equal(r.status, c == '0' ? ID_VALID : ID_CHECK_DIGIT);

    snprintf(id, sizeof id, "EE00000015%cCN", c);
    r = chk(id_check_s10, id, 13);
    assert_int_equal(r.expected_check, '5');
    assert_int_equal(r.status, c == '5' ? ID_VALID : ID_CHECK_DIGIT);
  }
}

static void test_s10_spellings(void **state) {
  (void)state;
  assert_valid(id_check_s10, "RB 1234 5678 5 GB", "RB123456785GB");
  assert_valid(id_check_s10, "RB 123 456 785 GB", "RB123456785GB");
  assert_valid(id_check_s10, "RB 12345678 5 GB", "RB123456785GB");
  assert_valid(id_check_s10, "RB123456785 GB", "RB123456785GB");
  assert_valid(id_check_s10, "RB 123456785GB", "RB123456785GB");
  assert_valid(id_check_s10, "rb123456785gb", "RB123456785GB");
  assert_valid(id_check_s10, "Rb 1234 5678 5 gB", "RB123456785GB");
  assert_valid(id_check_s10, "  RB123456785GB\t\r\n", "RB123456785GB");

  /* Offsets are into the value as given, leading white space included. */
  id_result r = chk(id_check_s10, S("  RB 1234 5678 6 US "));
  assert_int_equal(r.status, ID_CHECK_DIGIT);
  assert_int_equal(r.error_offset, 15);
  assert_int_equal(r.expected_check, '5');
  assert_string_equal(r.normalised, "RB123456786US");

  assert_malformed_at(id_check_s10, "RB  123456785GB", 3); /* two spaces */
  assert_malformed_at(id_check_s10, "R B123456785GB", 1);
  assert_malformed_at(id_check_s10, "RB123456785G B", 12);
  assert_malformed_at(id_check_s10, "RB-123456785GB", 2);
  assert_malformed_at(id_check_s10, "RB1234-56785GB", 6);
  assert_malformed_at(id_check_s10, "RB\t123456785GB", 2);
  assert_malformed_at(id_check_s10, "RB12345678GB", 10);   /* 8 digits */
  assert_malformed_at(id_check_s10, "RB1234567851GB", 13); /* 10 digits */
  assert_malformed_at(id_check_s10, "RB123456785G", 12);   /* short */
  assert_malformed_at(id_check_s10, "RB123456785GBR", 13); /* long */
  assert_malformed_at(id_check_s10, "12123456785GB", 0);
  assert_malformed_at(id_check_s10, "R1123456785GB", 1);
  assert_malformed_at(id_check_s10, "RBA23456785GB", 2);
  assert_malformed_at(id_check_s10, "RB123456785G-", 12);
  assert_malformed_at(id_check_s10, "RB", 2);
  assert_malformed_at(id_check_s10, "R", 1);
}

static void test_s10_bad_country(void **state) {
  (void)state;
  id_result r = chk(id_check_s10, S("RB123456785G1"));
  assert_int_equal(r.status, ID_BAD_COUNTRY);
  assert_int_equal(r.error_offset, 11);
  assert_string_equal(r.country, "G1");
  assert_string_equal(r.normalised, "RB123456785G1");

  r = chk(id_check_s10, S("rb 1234 5678 5 01"));
  assert_int_equal(r.status, ID_BAD_COUNTRY);
  assert_int_equal(r.error_offset, 15);
  assert_string_equal(r.country, "01");

  /* The check digit is reported first. */
  r = chk(id_check_s10, S("RB123456786G1"));
  assert_int_equal(r.status, ID_CHECK_DIGIT);
  assert_int_equal(r.expected_check, '5');
  assert_string_equal(r.country, "G1");
}

/* ------------------------------------------------------------------------ */
/* IATA air waybill                                                          */
/* ------------------------------------------------------------------------ */

static void test_awb_vectors(void **state) {
  (void)state;
  id_result r = chk(id_check_awb, S("176-12345675"));
  assert_int_equal(r.status, ID_VALID);
  assert_int_equal(r.kind, ID_KIND_AWB);
  assert_string_equal(r.normalised, "17612345675");
  assert_string_equal(r.country, "");
  assert_int_equal(r.expected_check, '5');

  assert_valid(id_check_awb, "020-81140743", "02081140743");
  assert_check_digit(id_check_awb, "176-12345676", '5', 11);
  /* The check digit is 0..6: 7, 8 or 9 is always wrong. */
  assert_check_digit(id_check_awb, "176-12345677", '5', 11);
  assert_check_digit(id_check_awb, "176-12345679", '5', 11);
}

static void test_awb_spellings(void **state) {
  (void)state;
  assert_valid(id_check_awb, "17612345675", "17612345675");
  assert_valid(id_check_awb, "176 12345675", "17612345675");
  assert_valid(id_check_awb, "176-1234 5675", "17612345675");
  assert_valid(id_check_awb, "176 1234 5675", "17612345675");
  assert_valid(id_check_awb, "1761234 5675", "17612345675");
  assert_valid(id_check_awb, " 176-12345675 \t", "17612345675");

  assert_malformed_at(id_check_awb, "176--12345675", 4);
  assert_malformed_at(id_check_awb, "176 -12345675", 4);
  assert_malformed_at(id_check_awb, "176-1234-5675", 8);
  assert_malformed_at(id_check_awb, "176-123 45675", 7);
  assert_malformed_at(id_check_awb, "176-1234  5675", 9);
  assert_malformed_at(id_check_awb, "17-612345675", 2);
  assert_malformed_at(id_check_awb, "176/12345675", 3);
  assert_malformed_at(id_check_awb, "1761234567", 10);   /* 10 digits */
  assert_malformed_at(id_check_awb, "176123456750", 11); /* 12 digits */
  assert_malformed_at(id_check_awb, "176-1234567", 11);
  assert_malformed_at(id_check_awb, "ABC-12345675", 0);
  assert_malformed_at(id_check_awb, "176-1234567S", 11);
}

/* ------------------------------------------------------------------------ */
/* ISO 6346 container                                                        */
/* ------------------------------------------------------------------------ */

static void test_container_vectors(void **state) {
  (void)state;
  id_result r = chk(id_check_container, S("MWCU6059784"));
  assert_int_equal(r.status, ID_VALID);
  assert_int_equal(r.kind, ID_KIND_CONTAINER);
  assert_string_equal(r.normalised, "MWCU6059784");
  assert_int_equal(r.expected_check, '4');
  assert_string_equal(r.country, "");

  assert_valid(id_check_container, "CSQU3054383", "CSQU3054383");
  assert_valid(id_check_container, "PSSU2109481", "PSSU2109481");
  assert_check_digit(id_check_container, "MWCU6059785", '4', 10);
  /* X is not an equipment category identifier (U, J or Z). */
  assert_malformed_at(id_check_container, "MWCX6059784", 3);
  assert_malformed_at(id_check_container, "MWCA6059784", 3);
}

/* Each category letter is accepted; the check digit follows the letter. */
static void test_container_categories(void **state) {
  (void)state;
  const char *cats = "UJZ";
  for (int k = 0; k < 3; k++) {
    char id[12] = "MWCU605978";
    id[3] = cats[k];
    id[10] = (char)('0' + ref_iso6346_rem(id) % 10);
    id[11] = '\0';
    id_result r = chk(id_check_container, id, 11);
    assert_int_equal(r.status, ID_VALID);
    id[3] = (char)(cats[k] - 'A' + 'a');
    r = chk(id_check_container, id, 11);
    assert_int_equal(r.status, ID_VALID);
    assert_int_equal(r.normalised[3], cats[k]);
  }
}

/* A sum with remainder 10 gives the check digit 0. */
static void test_container_remainder_10(void **state) {
  (void)state;
  char id[12] = "MWCU000000";
  int found = 0;
  for (unsigned serial = 0; serial < 1000000 && !found; serial++) {
    snprintf(id + 4, 7, "%06u", serial);
    if (ref_iso6346_rem(id) == 10) {
      id[10] = '0';
      id[11] = '\0';
      id_result r = chk(id_check_container, id, 11);
      assert_int_equal(r.status, ID_VALID);
      assert_int_equal(r.expected_check, '0');
      id[10] = '1';
      r = chk(id_check_container, id, 11);
      assert_int_equal(r.status, ID_CHECK_DIGIT);
      assert_int_equal(r.expected_check, '0');
      found = 1;
    }
  }
  assert_true(found);
}

static void test_container_spellings(void **state) {
  (void)state;
  assert_valid(id_check_container, "MWCU 605978-4", "MWCU6059784");
  assert_valid(id_check_container, "MWCU 605978 4", "MWCU6059784");
  assert_valid(id_check_container, "MWCU-605978-4", "MWCU6059784");
  assert_valid(id_check_container, "MWCU605978-4", "MWCU6059784");
  assert_valid(id_check_container, "MWCU 6059784", "MWCU6059784");
  assert_valid(id_check_container, "mwcu605978 4", "MWCU6059784");
  assert_valid(id_check_container, "\t MWCU 605978 4 ", "MWCU6059784");

  assert_malformed_at(id_check_container, "MWCU 605978--4", 12);
  assert_malformed_at(id_check_container, "MWCU  6059784", 5);
  assert_malformed_at(id_check_container, "MWC U6059784", 3);
  assert_malformed_at(id_check_container, "MW CU6059784", 2);
  assert_malformed_at(id_check_container, "MWCU 605 9784", 8);
  assert_malformed_at(id_check_container, "MWCU605978", 10);
  assert_malformed_at(id_check_container, "MWCU605978-", 11);
  assert_malformed_at(id_check_container, "MWCU60597841", 11);
  assert_malformed_at(id_check_container, "MW1U6059784", 2);
  assert_malformed_at(id_check_container, "MWCU60597A4", 9);
  assert_malformed_at(id_check_container, "MWCU/605978/4", 4);
}

/* ------------------------------------------------------------------------ */
/* IMO ship number                                                           */
/* ------------------------------------------------------------------------ */

static void test_imo(void **state) {
  (void)state;
  id_result r = chk(id_check_imo, S("9074729"));
  assert_int_equal(r.status, ID_VALID);
  assert_int_equal(r.kind, ID_KIND_IMO);
  assert_string_equal(r.normalised, "9074729");
  assert_int_equal(r.expected_check, '9');

  assert_check_digit(id_check_imo, "9074728", '9', 6);
  assert_check_digit(id_check_imo, "IMO 9074728", '9', 10);

  assert_valid(id_check_imo, "IMO 9074729", "9074729");
  assert_valid(id_check_imo, "IMO9074729", "9074729");
  assert_valid(id_check_imo, "imo 9074729", "9074729");
  assert_valid(id_check_imo, "Imo9074729", "9074729");
  assert_valid(id_check_imo, " IMO 9074729\n", "9074729");

  assert_malformed_at(id_check_imo, "IMO", 3);
  assert_malformed_at(id_check_imo, "IMO ", 3); /* trimmed to "IMO" */
  assert_malformed_at(id_check_imo, "IMO  9074729", 4);
  assert_malformed_at(id_check_imo, "IMO-9074729", 3);
  assert_malformed_at(id_check_imo, "IMO:9074729", 3);
  assert_malformed_at(id_check_imo, "IM 9074729", 0);
  assert_malformed_at(id_check_imo, "90747290", 7);
  assert_malformed_at(id_check_imo, "907472", 6);
  assert_malformed_at(id_check_imo, "907 4729", 3);
  assert_malformed_at(id_check_imo, "IMO 9074729 IMO", 11);
}

/* ------------------------------------------------------------------------ */
/* GS1                                                                       */
/* ------------------------------------------------------------------------ */

static void test_gs1_vectors(void **state) {
  (void)state;
  id_result r = chk(id_check_gs1, S("000123450000000027"));
  assert_int_equal(r.status, ID_VALID);
  assert_int_equal(r.kind, ID_KIND_SSCC);
  assert_int_equal(r.expected_check, '7');

  r = chk(id_check_gs1, S("6291041500213"));
  assert_int_equal(r.status, ID_VALID);
  assert_int_equal(r.kind, ID_KIND_GTIN13);
  assert_int_equal(r.expected_check, '3');

  assert_check_digit(id_check_gs1, "6291041500214", '3', 12);
  assert_check_digit(id_check_gs1, "000123450000000028", '7', 17);

  r = chk(id_check_gs1, S("96385074"));
  assert_int_equal(r.status, ID_VALID);
  assert_int_equal(r.kind, ID_KIND_GTIN8);
  r = chk(id_check_gs1, S("036000291452"));
  assert_int_equal(r.status, ID_VALID);
  assert_int_equal(r.kind, ID_KIND_GTIN12);
  r = chk(id_check_gs1, S("10614141000415"));
  assert_int_equal(r.status, ID_VALID);
  assert_int_equal(r.kind, ID_KIND_GTIN14);
  assert_check_digit(id_check_gs1, "10614141000416", '5', 13);
}

static void test_gs1_spellings(void **state) {
  (void)state;
  assert_valid(id_check_gs1, "(00) 000123450000000027", "000123450000000027");
  assert_valid(id_check_gs1, "(00)000123450000000027", "000123450000000027");
  assert_valid(id_check_gs1, "(00) 0 0012345 000000002 7",
               "000123450000000027");
  assert_valid(id_check_gs1, "(01)10614141000415", "10614141000415");
  assert_valid(id_check_gs1, "(01) 10614141000415", "10614141000415");
  assert_valid(id_check_gs1, "6 291041 500213", "6291041500213");
  assert_valid(id_check_gs1, "0 36000 29145 2", "036000291452");
  assert_valid(id_check_gs1, " 6291041500213\r\n", "6291041500213");

  /* Application identifiers only with the length they belong to. */
  assert_malformed_at(id_check_gs1, "(00)6291041500213", 17);
  assert_malformed_at(id_check_gs1, "(01)000123450000000027", 22);
  assert_malformed_at(id_check_gs1, "(02)10614141000415", 0);
  assert_malformed_at(id_check_gs1, "(00)", 4);
  assert_malformed_at(id_check_gs1, "(00) ", 4);
  assert_malformed_at(id_check_gs1, "(00)  000123450000000027", 5);
  assert_malformed_at(id_check_gs1, "00000123450000000027", 18);
  assert_malformed_at(id_check_gs1, "6 291041  500213", 8);
  assert_malformed_at(id_check_gs1, "629-1041500213", 3);
  assert_malformed_at(id_check_gs1, "6291041500213-", 13);
  assert_malformed_at(id_check_gs1, "629104150021X", 12);

  /* Lengths other than 8, 12, 13, 14 and 18. */
  const char digits[] = "1234567890123456789012";
  for (size_t n = 1; n < sizeof digits; n++) {
    id_result r = chk(id_check_gs1, digits, n);
    if (n == 8 || n == 12 || n == 13 || n == 14 || n == 18) {
      assert_true(r.status == ID_VALID || r.status == ID_CHECK_DIGIT);
    } else {
      assert_int_equal(r.status, ID_MALFORMED);
      assert_int_equal(r.error_offset, n > 18 ? 18 : n);
    }
  }
}

/* ------------------------------------------------------------------------ */
/* EORI                                                                      */
/* ------------------------------------------------------------------------ */

static void test_eori(void **state) {
  (void)state;
  id_result r = chk(id_check_eori, S("DE123456789012345"));
  assert_int_equal(r.status, ID_VALID);
  assert_int_equal(r.kind, ID_KIND_EORI);
  assert_int_equal(r.normalised_len, 17);
  assert_string_equal(r.country, "DE");
  assert_int_equal(r.expected_check, '\0');

  assert_malformed_at(id_check_eori, "DE", 2);
  assert_malformed_at(id_check_eori, "D", 1);
  assert_malformed_at(id_check_eori, "DE1234567890123456", 17);  /* 18 */
  assert_malformed_at(id_check_eori, "DE12345678901234567", 17); /* 19 */

  assert_valid(id_check_eori, "DE1", "DE1");
  assert_valid(id_check_eori, "GB123456789000", "GB123456789000");
  assert_valid(id_check_eori, "XI123456789000", "XI123456789000");
  assert_valid(id_check_eori, "de123", "DE123");
  assert_valid(id_check_eori, " FR12ab/-X~ ", "FR12ab/-X~");
  r = chk(id_check_eori, S("nl123"));
  assert_string_equal(r.country, "NL");

  assert_malformed_at(id_check_eori, "DE 123456", 2);
  assert_malformed_at(id_check_eori, "DE123 456", 5);
  assert_malformed_at(id_check_eori, "DE123\t456", 5);
  assert_malformed_at(id_check_eori, "1E123", 0);
  assert_malformed_at(id_check_eori, "D1123", 1);
  assert_malformed_at(id_check_eori, "123456789", 0);
  assert_malformed_at(id_check_eori, "DE12\x7F", 4);
  assert_malformed_at(id_check_eori, "DE12\xE2\x82\xAC", 4); /* euro sign */
}

/* ------------------------------------------------------------------------ */
/* UN/LOCODE                                                                 */
/* ------------------------------------------------------------------------ */

static void test_locode(void **state) {
  (void)state;
  id_result r = chk(id_check_locode, S("DEHAM"));
  assert_int_equal(r.status, ID_VALID);
  assert_int_equal(r.kind, ID_KIND_LOCODE);
  assert_string_equal(r.normalised, "DEHAM");
  assert_string_equal(r.country, "DE");
  assert_int_equal(r.expected_check, '\0');

  assert_valid(id_check_locode, "DE HAM", "DEHAM");
  assert_valid(id_check_locode, "USNYC", "USNYC");
  assert_valid(id_check_locode, "deham", "DEHAM");
  assert_valid(id_check_locode, " de ham ", "DEHAM");
  assert_valid(id_check_locode, "GB2A9", "GB2A9");
  r = chk(id_check_locode, S("us nyc"));
  assert_string_equal(r.country, "US");

  assert_malformed_at(id_check_locode, "DEH1M", 3); /* 1 is not used */
  assert_malformed_at(id_check_locode, "DEHA0", 4); /* nor is 0 */
  assert_malformed_at(id_check_locode, "D3HAM", 1);
  assert_malformed_at(id_check_locode, "3DHAM", 0);
  assert_malformed_at(id_check_locode, "DE  HAM", 3);
  assert_malformed_at(id_check_locode, "DE-HAM", 2);
  assert_malformed_at(id_check_locode, "DEH AM", 3);
  assert_malformed_at(id_check_locode, "DEHA", 4);
  assert_malformed_at(id_check_locode, "DEHAMB", 5);
  assert_malformed_at(id_check_locode, "DE", 2);

  /* The plain spelling's shortcut agrees with id_check_locode(). */
  char cc[2];
  assert_true(id_locode_plain("deHAm", 5, cc));
  assert_memory_equal(cc, "DE", 2);
  assert_false(id_locode_plain("DE HA", 5, cc));
  assert_false(id_locode_plain("DEH1M", 5, cc));
  assert_false(id_locode_plain(NULL, 5, cc));
  static const char alphabet[] = "019AZaz -\t\xC3";
  uint64_t st = 7;
  unsigned plain = 0;
  for (int iter = 0; iter < 50000; iter++) {
    char buf[7];
    size_t n = iter % 2 ? 5 : rnd_below(&st, sizeof buf + 1);
    for (size_t i = 0; i < n; i++)
      buf[i] = alphabet[rnd_below(&st, sizeof alphabet)]; /* NUL included */
    char *copy = malloc(n ? n : 1);
    assert_non_null(copy);
    memcpy(copy, buf, n);
    if (id_locode_plain(copy, n, cc)) {
      r = id_check_locode(copy, n);
      assert_int_equal(r.status, ID_VALID);
      assert_memory_equal(cc, r.country, 2);
      plain++;
    }
    free(copy);
  }
  assert_true(plain > 100);
}

/* The plain spellings' shortcuts for S10 ids and air waybill numbers agree
 * with id_check_s10() and id_check_awb(): whatever they accept the general
 * checkers find valid, and they accept every value of their spelling that
 * the general checkers find valid. The values are mostly of the plain
 * shapes (so that about one in eleven or seven has the right check digit),
 * with a byte changed now and then. */
static void test_plain_shortcuts(void **state) {
  (void)state;
  char cc[2];
  assert_true(id_s10_plain("RB123456785GB", 13, cc));
  assert_memory_equal(cc, "GB", 2);
  assert_true(id_s10_plain("rb123456785gb", 13, cc));
  assert_memory_equal(cc, "GB", 2);
  assert_false(id_s10_plain("RB123456784GB", 13, cc));
  assert_false(id_s10_plain("RB 123456785GB", 14, cc));
  assert_false(id_s10_plain(NULL, 13, cc));
  assert_true(id_awb_plain("17612345675", 11));
  assert_true(id_awb_plain("176-12345675", 12));
  assert_false(id_awb_plain("176 12345675", 12));
  assert_false(id_awb_plain("17612345674", 11));
  assert_false(id_awb_plain(NULL, 11));
  static const char odd[] = "09AZaz -\t\xC3";
  uint64_t st = 11;
  unsigned s10 = 0, awb = 0;
  for (int iter = 0; iter < 100000; iter++) {
    char buf[14];
    size_t n;
    bool s10_shape = iter % 2 == 0;
    if (s10_shape) {
      n = 13;
      for (size_t i = 0; i < n; i++)
        buf[i] = i < 2 || i > 10 ? rnd_letter(&st) : rnd_digit(&st);
      if (rnd_below(&st, 4) == 0)
        buf[rnd_below(&st, 2) ? 0 : 12] += 'a' - 'A';
    } else {
      n = rnd_below(&st, 2) ? 11 : 12;
      for (size_t i = 0; i < n; i++)
        buf[i] = rnd_digit(&st);
      if (n == 12)
        buf[3] = "-- "[rnd_below(&st, 3)];
    }
    if (rnd_below(&st, 5) == 0) /* NUL included */
      buf[rnd_below(&st, (unsigned)n)] = odd[rnd_below(&st, sizeof odd)];
    if (rnd_below(&st, 20) == 0)
      n = rnd_below(&st, (unsigned)n + 1);
    char *copy = malloc(n ? n : 1);
    assert_non_null(copy);
    memcpy(copy, buf, n);
    id_result r = id_check_s10(copy, n);
    bool plain = id_s10_plain(copy, n, cc);
    if (plain) {
      assert_int_equal(r.status, ID_VALID);
      assert_memory_equal(cc, r.country, 2);
      s10++;
    } else if (r.status == ID_VALID) {
      assert_true(n != 13 || memchr(copy, ' ', n) != NULL);
    }
    r = id_check_awb(copy, n);
    plain = id_awb_plain(copy, n);
    if (plain) {
      assert_int_equal(r.status, ID_VALID);
      awb++;
    } else if (r.status == ID_VALID) {
      assert_true((n != 11 && n != 12) || memchr(copy, ' ', n) != NULL);
    }
    free(copy);
  }
  assert_true(s10 > 1000);
  assert_true(awb > 1000);

  /* EORI numbers: anything the shortcut takes id_check_eori() finds valid,
   * with the same country. */
  static const char eori_chars[] = "DEde09/-~ \t\x7F\xC3";
  unsigned eori = 0;
  for (int iter = 0; iter < 50000; iter++) {
    char buf[20];
    size_t n = rnd_below(&st, sizeof buf + 1);
    for (size_t i = 0; i < n; i++)
      buf[i] = i < 2 && rnd_below(&st, 8)
                   ? rnd_letter(&st)
                   : eori_chars[rnd_below(&st, sizeof eori_chars)];
    char *copy = malloc(n ? n : 1);
    assert_non_null(copy);
    memcpy(copy, buf, n);
    if (id_eori_plain(copy, n, cc)) {
      id_result r = id_check_eori(copy, n);
      assert_int_equal(r.status, ID_VALID);
      assert_memory_equal(cc, r.country, 2);
      eori++;
    } else if (id_check_eori(copy, n).status == ID_VALID) {
      /* only with white space around it */
      assert_true(strchr(" \t", copy[0]) || strchr(" \t", copy[n - 1]));
    }
    free(copy);
  }
  assert_true(eori > 1000);
}

/* ------------------------------------------------------------------------ */
/* Hostile input, every function                                             */
/* ------------------------------------------------------------------------ */

static const struct {
  checker fn;
  const char *valid; /* a valid value, to corrupt */
} ALL[] = {
    {id_check_s10, "RB123456785GB"},     {id_check_awb, "17612345675"},
    {id_check_container, "MWCU6059784"}, {id_check_imo, "9074729"},
    {id_check_gs1, "6291041500213"},     {id_check_eori, "DE123456789012345"},
    {id_check_locode, "DEHAM"},
};
#define ALL_COUNT (sizeof ALL / sizeof ALL[0])

static void test_empty(void **state) {
  (void)state;
  for (size_t k = 0; k < ALL_COUNT; k++) {
    id_result r = chk(ALL[k].fn, "", 0);
    assert_int_equal(r.status, ID_EMPTY);
    assert_string_equal(r.normalised, "");
    assert_int_equal(r.kind, ID_KIND_NONE);
    r = ALL[k].fn(NULL, 0);
    assert_int_equal(r.status, ID_EMPTY);
    r = ALL[k].fn(NULL, 5); /* NULL is empty whatever the length */
    assert_int_equal(r.status, ID_EMPTY);
    r = chk(ALL[k].fn, S(" "));
    assert_int_equal(r.status, ID_EMPTY);
    r = chk(ALL[k].fn, S(" \t\r\n\v\f "));
    assert_int_equal(r.status, ID_EMPTY);
  }
}

static void test_long_input(void **state) {
  (void)state;
  enum { N = 10 * 1024 };
  char *buf = malloc(N);
  assert_non_null(buf);

  memset(buf, '7', N);
  for (size_t k = 0; k < ALL_COUNT; k++) {
    id_result r = chk(ALL[k].fn, buf, N);
    assert_int_equal(r.status, ID_MALFORMED);
  }
  assert_int_equal(chk(id_check_awb, buf, N).error_offset, 11);
  assert_int_equal(chk(id_check_imo, buf, N).error_offset, 7);
  assert_int_equal(chk(id_check_gs1, buf, N).error_offset, 18);
  assert_int_equal(chk(id_check_s10, buf, N).error_offset, 0);

  memset(buf, 'A', N);
  for (size_t k = 0; k < ALL_COUNT; k++)
    assert_int_equal(chk(ALL[k].fn, buf, N).status, ID_MALFORMED);
  assert_int_equal(chk(id_check_eori, buf, N).error_offset, 17);
  assert_int_equal(chk(id_check_locode, buf, N).error_offset, 5);

  memset(buf, ' ', N);
  for (size_t k = 0; k < ALL_COUNT; k++)
    assert_int_equal(chk(ALL[k].fn, buf, N).status, ID_EMPTY);

  /* A valid value in a sea of white space is still valid. */
  for (size_t k = 0; k < ALL_COUNT; k++) {
    size_t n = strlen(ALL[k].valid);
    memcpy(buf + N / 2, ALL[k].valid, n);
    id_result r = chk(ALL[k].fn, buf, N);
    assert_int_equal(r.status, ID_VALID);
    memset(buf + N / 2, ' ', n);
  }

  /* A valid value followed by a long tail. */
  for (size_t k = 0; k < ALL_COUNT; k++) {
    size_t n = strlen(ALL[k].valid);
    memset(buf, 'Z', N);
    memcpy(buf, ALL[k].valid, n);
    id_result r = chk(ALL[k].fn, buf, N);
    assert_int_equal(r.status, ID_MALFORMED);
    assert_int_equal(r.error_offset, n);
  }
  free(buf);
}

/* A NUL byte, a non-ASCII byte or a UTF-8 sequence anywhere in a valid
 * value makes it malformed at that byte. */
static void test_bytes_inside(void **state) {
  (void)state;
  static const char *const inserts[] = {
      "\0",
      "\x80",
      "\xFF",
      "\xC3\x9C" /* U+00DC */,
      "\xC2\xA0" /* no-break space */,
      "\xEF\xBC\x91" /* fullwidth 1 */,
      "\x7F",
      "\x01",
      "\xE1" /* a with acute in Latin-1 */,
  };
  static const size_t insert_len[] = {1, 1, 1, 2, 2, 3, 1, 1, 1};
  char buf[64];
  for (size_t k = 0; k < ALL_COUNT; k++) {
    size_t n = strlen(ALL[k].valid);
    for (size_t j = 0; j < sizeof insert_len / sizeof insert_len[0]; j++) {
      for (size_t at = 0; at <= n; at++) {
        /* Insert. */
        memcpy(buf, ALL[k].valid, at);
        memcpy(buf + at, inserts[j], insert_len[j]);
        memcpy(buf + at + insert_len[j], ALL[k].valid + at, n - at);
        id_result r = chk(ALL[k].fn, buf, n + insert_len[j]);
        assert_int_equal(r.status, ID_MALFORMED);
        assert_int_equal(r.error_offset, at);
        /* Replace. */
        if (at < n) {
          memcpy(buf, ALL[k].valid, n);
          buf[at] = inserts[j][0];
          r = chk(ALL[k].fn, buf, n);
          assert_int_equal(r.status, ID_MALFORMED);
          assert_int_equal(r.error_offset, at);
        }
      }
    }
  }
}

/* Random byte strings over an alphabet that reaches every branch; the
 * invariants are checked on every result. */
static void test_random_bytes(void **state) {
  (void)state;
  static const char alphabet[] =
      "0123456789ABCGIJMOUXZabimouz ()- \t\xC3\xA0\x7F";
  uint64_t st = 42;
  char buf[40];
  size_t counts[ID_EMPTY + 1] = {0};
  for (int iter = 0; iter < 20000; iter++) {
    size_t n = rnd_below(&st, sizeof buf + 1);
    for (size_t i = 0; i < n; i++)
      buf[i] = alphabet[rnd_below(&st, sizeof alphabet)]; /* NUL included */
    for (size_t k = 0; k < ALL_COUNT; k++)
      counts[chk(ALL[k].fn, buf, n).status]++;
  }
  /* Mutations of valid values (replace, insert or delete one byte), which
   * reach the check digit and country outcomes. */
  for (int iter = 0; iter < 20000; iter++) {
    size_t k = rnd_below(&st, ALL_COUNT);
    size_t n = strlen(ALL[k].valid);
    memcpy(buf, ALL[k].valid, n);
    size_t at = rnd_below(&st, (unsigned)n);
    char c = alphabet[rnd_below(&st, sizeof alphabet)];
    switch (rnd_below(&st, 3)) {
    case 0:
      buf[at] = c;
      break;
    case 1:
      memmove(buf + at + 1, buf + at, n - at);
      buf[at] = c;
      n++;
      break;
    default:
      memmove(buf + at, buf + at + 1, n - at - 1);
      n--;
      break;
    }
    counts[chk(ALL[k].fn, buf, n).status]++;
  }
  for (int s = ID_VALID; s <= ID_EMPTY; s++)
    assert_true(counts[s] > 0);
}

/* ------------------------------------------------------------------------ */
/* Properties of the check digit schemes                                     */
/* ------------------------------------------------------------------------ */

#define PROPERTY_IDS 300

/* S10: the check digit is a function of r = S mod 11, which maps 0 and 6
 * both to 5 (and every other remainder to its own digit). Changing one
 * serial digit by d changes S by w*d with w in 2..9 and 0 < |d| < 10, never
 * a multiple of 11, so r always changes; the check still holds exactly
 * when r moves between 0 and 6. Changing the check digit itself is always
 * detected. */
static void test_property_s10(void **state) {
  (void)state;
  uint64_t st = 1;
  size_t undetected = 0, detected = 0;
  char id[14];
  for (int n = 0; n < PROPERTY_IDS; n++) {
    /* The two standard vectors (r = 6 and r = 0) first, then random ids. */
    if (n == 0)
      memcpy(id, "RB123456785GB", 14);
    else if (n == 1)
      memcpy(id, "RR287043775IN", 14);
    else {
      id[0] = rnd_letter(&st);
      id[1] = rnd_letter(&st);
      for (int i = 2; i < 10; i++)
        id[i] = rnd_digit(&st);
      id[10] = ref_s10_check_of_rem(ref_s10_rem(id + 2));
      id[11] = rnd_letter(&st);
      id[12] = rnd_letter(&st);
      id[13] = '\0';
    }
    unsigned rem = ref_s10_rem(id + 2);
    assert_int_equal(chk(id_check_s10, id, 13).status, ID_VALID);

    for (int pos = 2; pos <= 10; pos++) {
      char orig = id[pos];
      for (char c = '0'; c <= '9'; c++) {
        if (c == orig)
          continue;
        id[pos] = c;
        id_result r = chk(id_check_s10, id, 13);
        bool still_valid = false;
        if (pos < 10) {
          unsigned rem2 = ref_s10_rem(id + 2);
          assert_int_not_equal(rem2, rem); /* r always changes */
          still_valid = (rem == 0 && rem2 == 6) || (rem == 6 && rem2 == 0);
        }
        if (still_valid) {
          assert_int_equal(r.status, ID_VALID);
          undetected++;
        } else {
          assert_int_equal(r.status, ID_CHECK_DIGIT);
          detected++;
        }
      }
      id[pos] = orig;
    }
  }
  /* Both outcomes were reached. */
  assert_true(undetected > 0);
  assert_true(detected > 0);
}

/* AWB: the check digit covers the serial only, modulo 7. Changing a
 * serial digit by d changes the serial by d * 10^k, a multiple of 7 exactly
 * when d = +-7 (10^k is prime to 7): 0<->7, 1<->8, 2<->9 go undetected.
 * A change in the prefix is never detected; one in the check digit
 * always is. */
static void test_property_awb(void **state) {
  (void)state;
  uint64_t st = 2;
  size_t undetected_serial = 0;
  char id[12];
  for (int n = 0; n < PROPERTY_IDS; n++) {
    unsigned long serial = 0;
    for (int i = 0; i < 10; i++) {
      id[i] = rnd_digit(&st);
      if (i >= 3)
        serial = serial * 10 + (unsigned long)(id[i] - '0');
    }
    id[10] = (char)('0' + serial % 7);
    id[11] = '\0';
    assert_int_equal(chk(id_check_awb, id, 11).status, ID_VALID);

    for (int pos = 0; pos <= 10; pos++) {
      char orig = id[pos];
      for (char c = '0'; c <= '9'; c++) {
        if (c == orig)
          continue;
        id[pos] = c;
        id_result r = chk(id_check_awb, id, 11);
        int d = c - orig;
        if (pos < 3) {
          assert_int_equal(r.status, ID_VALID);
        } else if (pos < 10) {
          bool still_valid = d == 7 || d == -7;
          assert_int_equal(r.status, still_valid ? ID_VALID : ID_CHECK_DIGIT);
          undetected_serial += still_valid;
        } else {
          assert_int_equal(r.status, ID_CHECK_DIGIT);
        }
      }
      id[pos] = orig;
    }
  }
  assert_true(undetected_serial > 0);
}

/* ISO 6346: the check digit is (r mod 10) with r = sum mod 11, so r = 0 and
 * r = 10 both give 0. Changing a serial digit by d changes the sum by
 * d * 2^i, never a multiple of 11, so r always changes; the check still
 * holds exactly when r moves between 0 and 10. A letter change by a value
 * difference that is a multiple of 11 (A<->K, B<->L, ... : the letter values
 * skip 11, 22 and 33 but are not all distinct mod 11) keeps r. A change in
 * the check digit is always detected. */
static void test_property_container(void **state) {
  (void)state;
  uint64_t st = 3;
  const char *cats = "UJZ";
  size_t undetected_digit = 0, undetected_letter_same_r = 0;
  char id[12];
  for (int n = 0; n < PROPERTY_IDS; n++) {
    for (int i = 0; i < 3; i++)
      id[i] = rnd_letter(&st);
    id[3] = cats[rnd_below(&st, 3)];
    for (int i = 4; i < 10; i++)
      id[i] = rnd_digit(&st);
    unsigned rem = ref_iso6346_rem(id);
    id[10] = (char)('0' + rem % 10);
    id[11] = '\0';
    assert_int_equal(chk(id_check_container, id, 11).status, ID_VALID);

    for (int pos = 0; pos <= 10; pos++) {
      char orig = id[pos];
      const char *alts = pos < 3    ? "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                         : pos == 3 ? cats
                                    : "0123456789";
      for (const char *a = alts; *a; a++) {
        if (*a == orig)
          continue;
        id[pos] = *a;
        id_result r = chk(id_check_container, id, 11);
        if (pos == 10) {
          assert_int_equal(r.status, ID_CHECK_DIGIT);
          continue;
        }
        unsigned rem2 = ref_iso6346_rem(id);
        unsigned dv = ref_iso6346_value(*a) > ref_iso6346_value(orig)
                          ? ref_iso6346_value(*a) - ref_iso6346_value(orig)
                          : ref_iso6346_value(orig) - ref_iso6346_value(*a);
        bool same_r = dv % 11 == 0;
        if (pos >= 3)
          assert_false(same_r); /* digits, and U/J/Z (32, 20, 38) */
        assert_int_equal(same_r, rem2 == rem);
        bool still_valid =
            same_r || (rem == 0 && rem2 == 10) || (rem == 10 && rem2 == 0);
        assert_int_equal(r.status, still_valid ? ID_VALID : ID_CHECK_DIGIT);
        if (pos >= 4)
          undetected_digit += still_valid;
        if (same_r)
          undetected_letter_same_r++;
      }
      id[pos] = orig;
    }
  }
  assert_true(undetected_digit > 0);
  assert_true(undetected_letter_same_r > 0);
}

/* GS1 mod 10: weights 3 and 1; 3d and d are never multiples of 10 for
 * 0 < |d| < 10, so every single-digit change is detected. */
static void test_property_gs1(void **state) {
  (void)state;
  uint64_t st = 4;
  static const size_t lengths[] = {8, 12, 13, 14, 18};
  char id[19];
  for (int n = 0; n < PROPERTY_IDS; n++) {
    size_t len = lengths[rnd_below(&st, 5)];
    for (size_t i = 0; i + 1 < len; i++)
      id[i] = rnd_digit(&st);
    id[len - 1] = ref_gs1_check(id, len - 1);
    assert_int_equal(chk(id_check_gs1, id, len).status, ID_VALID);
    for (size_t pos = 0; pos < len; pos++) {
      char orig = id[pos];
      for (char c = '0'; c <= '9'; c++) {
        if (c == orig)
          continue;
        id[pos] = c;
        assert_int_equal(chk(id_check_gs1, id, len).status, ID_CHECK_DIGIT);
      }
      id[pos] = orig;
    }
  }
}

/* IMO: weights 7..2 modulo 10. Changing digit i (weight w = 7 - i) by d is
 * missed exactly when w*d is a multiple of 10: d = +-5 at weights 6, 4 and
 * 2, any even d at weight 5. The check digit is always checked. */
static void test_property_imo(void **state) {
  (void)state;
  uint64_t st = 5;
  size_t undetected = 0;
  char id[8];
  for (int n = 0; n < PROPERTY_IDS; n++) {
    unsigned sum = 0;
    for (int i = 0; i < 6; i++) {
      id[i] = rnd_digit(&st);
      sum += (unsigned)(7 - i) * (unsigned)(id[i] - '0');
    }
    id[6] = (char)('0' + sum % 10);
    id[7] = '\0';
    assert_int_equal(chk(id_check_imo, id, 7).status, ID_VALID);
    for (int pos = 0; pos < 7; pos++) {
      char orig = id[pos];
      for (char c = '0'; c <= '9'; c++) {
        if (c == orig)
          continue;
        id[pos] = c;
        int d = c - orig;
        bool still_valid = pos < 6 && ((7 - pos) * d) % 10 == 0;
        assert_int_equal(chk(id_check_imo, id, 7).status,
                         still_valid ? ID_VALID : ID_CHECK_DIGIT);
        undetected += still_valid;
      }
      id[pos] = orig;
    }
  }
  assert_true(undetected > 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_s10_vectors),
      cmocka_unit_test(test_s10_remainder_cases),
      cmocka_unit_test(test_s10_spellings),
      cmocka_unit_test(test_s10_bad_country),
      cmocka_unit_test(test_awb_vectors),
      cmocka_unit_test(test_awb_spellings),
      cmocka_unit_test(test_container_vectors),
      cmocka_unit_test(test_container_categories),
      cmocka_unit_test(test_container_remainder_10),
      cmocka_unit_test(test_container_spellings),
      cmocka_unit_test(test_imo),
      cmocka_unit_test(test_gs1_vectors),
      cmocka_unit_test(test_gs1_spellings),
      cmocka_unit_test(test_eori),
      cmocka_unit_test(test_locode),
      cmocka_unit_test(test_plain_shortcuts),
      cmocka_unit_test(test_empty),
      cmocka_unit_test(test_long_input),
      cmocka_unit_test(test_bytes_inside),
      cmocka_unit_test(test_random_bytes),
      cmocka_unit_test(test_property_s10),
      cmocka_unit_test(test_property_awb),
      cmocka_unit_test(test_property_container),
      cmocka_unit_test(test_property_gs1),
      cmocka_unit_test(test_property_imo),
  };
  return cmocka_run_group_tests_name("ids", tests, NULL, NULL);
}
