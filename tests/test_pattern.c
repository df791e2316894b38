/*
 * The regular-expression matcher of the format patterns
 * (lib/check/pattern.c).
 *
 * - Each construct of the subset, alone and combined, with the result
 *   JavaScript gives for ^(?:pattern)$ (the table in test_vs_javascript was
 *   checked against Node.js's RegExp).
 * - Anchors, whole-input matching, ASCII case folding (literals, classes,
 *   negated classes, lookaheads), bytes >= 0x80 and NUL bytes.
 * - The limits: input length, steps, backtrack stack, program size,
 *   nesting; the syntax refused, with the offset of the error.
 * - Hostile patterns and inputs: random byte strings compile or fail
 *   cleanly and match without reading outside their buffers.
 *
 * Every match goes through an exact-size heap copy of the input (no NUL
 * terminator after it), so that AddressSanitizer reports any read past the
 * end.
 *
 * Build alone, e.g.:
 *   cc -std=c11 -Wall -Wextra -Werror -g -fsanitize=address,undefined
 *      -Ilib lib/check/pattern.c tests/test_pattern.c -lcmocka
 *      -o /tmp/test_pattern
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/pattern.h"

#define CI PATTERN_CASE_INSENSITIVE

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */
/* ------------------------------------------------------------------------ */

/* Matches s[0..len) from an exact-size heap copy. */
static pattern_status match_n(const pattern_prog *prog, const char *s,
                              size_t len, unsigned flags) {
  char *copy = malloc(len ? len : 1);
  assert_non_null(copy);
  if (len)
    memcpy(copy, s, len);
  pattern_status st = pattern_match(prog, copy, len, flags);
  free(copy);
  return st;
}

/* Compiles pat (which must compile) from an exact-size heap copy. */
static void compile_ok(pattern_prog *prog, const char *pat) {
  size_t len = strlen(pat), off = 99;
  char *copy = malloc(len ? len : 1);
  assert_non_null(copy);
  if (len)
    memcpy(copy, pat, len);
  pattern_error e = pattern_compile(prog, copy, len, &off);
  free(copy);
  if (e != PATTERN_OK)
    fail_msg("\"%s\" does not compile: error %d at %zu", pat, (int)e, off);
  assert_int_equal(off, 0);
}

/* The status of matching the NUL-terminated s against pat. */
static pattern_status m(const char *pat, const char *s, unsigned flags) {
  pattern_prog prog;
  compile_ok(&prog, pat);
  return match_n(&prog, s, strlen(s), flags);
}

#define YES(pat, s) assert_int_equal(m(pat, s, 0), PATTERN_MATCH)
#define NO(pat, s) assert_int_equal(m(pat, s, 0), PATTERN_NO_MATCH)
#define YES_CI(pat, s) assert_int_equal(m(pat, s, CI), PATTERN_MATCH)
#define NO_CI(pat, s) assert_int_equal(m(pat, s, CI), PATTERN_NO_MATCH)

/* The error compiling pat, and where. */
static pattern_error compile_err(const char *pat, size_t *off) {
  pattern_prog prog;
  size_t len = strlen(pat);
  char *copy = malloc(len ? len : 1);
  assert_non_null(copy);
  if (len)
    memcpy(copy, pat, len);
  pattern_error e = pattern_compile(&prog, copy, len, off);
  free(copy);
  if (e != PATTERN_OK) {
    /* A failed compile leaves a program that matches nothing. */
    assert_int_equal(pattern_match(&prog, "", 0, 0), PATTERN_NO_MATCH);
    assert_int_equal(pattern_match(&prog, "a", 1, 0), PATTERN_NO_MATCH);
  }
  return e;
}

static void expect_err(const char *pat, pattern_error want, size_t want_off) {
  size_t off = 12345;
  pattern_error e = compile_err(pat, &off);
  if (e != want || off != want_off)
    fail_msg("\"%s\": error %d at %zu, expected %d at %zu", pat, (int)e, off,
             (int)want, want_off);
}

/* A deterministic pseudo-random generator (xorshift32). */
static uint32_t next_random(uint32_t *state) {
  uint32_t x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return *state = x;
}

/* ------------------------------------------------------------------------ */
/* Constructs                                                                */
/* ------------------------------------------------------------------------ */

static void test_literals(void **state) {
  (void)state;
  YES("", "");
  NO("", "a");
  YES("abc", "abc");
  NO("abc", "ab");
  NO("abc", "abcd");
  NO("abc", "xabc");
  NO("abc", "abd");
  YES("a b", "a b");
  YES("a-b,c/d:e#f", "a-b,c/d:e#f");
  /* escaped punctuation is literal */
  YES("\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\\\\\^\\$\\-\\/", ".*+?()[]{}|\\^$-/");
  NO("\\.", "a");
  YES("\\ ", " ");
  YES("\\d", "7");
  NO("\\d", "a");
  NO("\\d", "");
  NO("\\d", "12");
  YES("\\s", " ");
  YES("\\s", "\t");
  YES("\\s", "\n");
  YES("\\s", "\v");
  YES("\\s", "\f");
  YES("\\s", "\r");
  NO("\\s", "a");
  NO("\\s", "\xc2\xa0"); /* U+00A0: not ASCII white space */
}

static void test_classes(void **state) {
  (void)state;
  YES("[abc]", "b");
  NO("[abc]", "d");
  NO("[abc]", "");
  NO("[abc]", "ab");
  YES("[a-c]", "a");
  YES("[a-c]", "c");
  NO("[a-c]", "d");
  NO("[a-c]", "A");
  YES("[A-HJ-Y]", "J");
  NO("[A-HJ-Y]", "I");
  NO("[A-HJ-Y]", "Z");
  YES("[0-9A-Fa-f]", "e");
  YES("[\\d]", "5");
  YES("[\\s\\-]", "-");
  YES("[\\s\\-]", "\t");
  NO("[\\s\\-]", "_");
  YES("[\\d\\s]", " ");
  YES("[\\]]", "]");
  YES("[\\\\]", "\\");
  YES("[.*+?(){}|^$]", "$");
  YES("[a^]", "^");
  /* '-' first, last, or right after a range is literal */
  YES("[-a]", "-");
  YES("[a-]", "-");
  YES("[a-c-e]", "-");
  YES("[a-c-e]", "e");
  NO("[a-c-e]", "d");
  YES("[ -]", " ");
  YES("[ -]", "-");
  YES("[\\--/]", "."); /* a range from '-' to '/' */
  /* negated */
  YES("[^0-9]", "a");
  NO("[^0-9]", "5");
  NO("[^0-9]", "");
  YES("[^a]", "\xe9"); /* any byte not in the set */
  YES("[^a][^a]", "\xc3\xa9");
  /* empty and full classes */
  NO("[]", "");
  NO("[]", "a");
  NO("a[]", "a");
  YES("[^]", "a");
  YES("[^]", "\n");
  NO("[^]", "");
  /* all 256 bytes */
  pattern_prog prog;
  compile_ok(&prog, "[^]");
  for (unsigned c = 0; c < 256; c++) {
    char b = (char)c;
    assert_int_equal(match_n(&prog, &b, 1, 0), PATTERN_MATCH);
  }
  compile_ok(&prog, "[ -~]");
  for (unsigned c = 0; c < 256; c++) {
    char b = (char)c;
    assert_int_equal(match_n(&prog, &b, 1, 0),
                     c >= 0x20 && c <= 0x7e ? PATTERN_MATCH : PATTERN_NO_MATCH);
  }
}

static void test_groups_and_alternation(void **state) {
  (void)state;
  YES("(ab)", "ab");
  YES("(?:ab)", "ab");
  YES("a|b", "a");
  YES("a|b", "b");
  NO("a|b", "ab");
  YES("ab|cd|ef", "cd");
  YES("ab|cd|ef", "ef");
  NO("ab|cd|ef", "ad");
  YES("x(ab|cd)y", "xcdy");
  NO("x(ab|cd)y", "xaby1");
  /* the whole input with any alternative, not only the first that fits */
  YES("a|ab", "ab");
  YES("(a|ab)(c|bcd)", "abcd");
  YES("(?:a|ab)c", "abc");
  /* empty alternatives and groups */
  YES("a|", "");
  YES("|a", "a");
  YES("()", "");
  YES("(?:)a", "a");
  YES("a(|b)c", "ac");
  YES("a(|b)c", "abc");
  /* nested */
  YES("((a|b)(c|(d|e)))", "be");
  NO("((a|b)(c|(d|e)))", "bf");
  YES("(((((((((((((((a)))))))))))))))", "a"); /* 15 groups */
}

static void test_quantifiers(void **state) {
  (void)state;
  YES("a?", "");
  YES("a?", "a");
  NO("a?", "aa");
  YES("a*", "");
  YES("a*", "aaaa");
  NO("a*", "aab");
  NO("a+", "");
  YES("a+", "aaa");
  YES("a{3}", "aaa");
  NO("a{3}", "aa");
  NO("a{3}", "aaaa");
  YES("a{0}", "");
  NO("a{0}", "a");
  YES("a{0}b", "b");
  YES("a{2,}", "aa");
  YES("a{2,}", "aaaaaa");
  NO("a{2,}", "a");
  YES("a{0,}", "");
  YES("a{1,}", "a");
  YES("a{2,4}", "aa");
  YES("a{2,4}", "aaaa");
  NO("a{2,4}", "aaaaa");
  NO("a{2,4}", "a");
  YES("a{0,1}", "");
  YES("a{1,1}", "a");
  YES("a{0,0}", "");
  YES("[0-9]{5}", "10115");
  NO("[0-9]{5}", "1011");
  YES("(ab){2}", "abab");
  NO("(ab){2}", "aba");
  YES("(?:ab)+", "ababab");
  YES("(a|bc){2,3}", "abca");
  NO("(a|bc){2,3}", "abcabc");
  YES("(DK){0,1}\\d{4}", "DK1050");
  YES("(DK){0,1}\\d{4}", "1050");
  /* greedy quantifiers give back what the rest needs */
  YES("a*a", "aaa");
  YES("a*ab", "aaab");
  YES("[0-9]{1,2}[0-9]", "12");
  YES("(a*)*b", "aab");
  /* quantified empty things end */
  YES("()*", "");
  YES("(a?)*", "aa");
  YES("(a*)+", "");
  YES("(a?){3}b", "ab");
  YES("(|a)*b", "aab");
  YES("(?:a*|b)*", "abba");
  /* {n,m} large but within limits (each optional copy takes two
   * instructions) */
  YES("a{0,60}", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  YES("a{60,}",
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  NO("a{63,}",
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
}

static void test_anchors(void **state) {
  (void)state;
  YES("^abc$", "abc");
  YES("^abc", "abc");
  YES("abc$", "abc");
  NO("^abc$", "abcd");
  NO("^abc$", "xabc");
  YES("^$", "");
  NO("a^b", "ab");
  NO("a$b", "ab");
  YES("(^a|b)c", "ac");
  YES("a(b$|c)", "ab");
  YES("a(b$|c)d", "acd");
  NO("a(b$|c)d", "abd");
  YES("^^a$$", "a");
  YES("(?:^)*a", "a"); /* a group holding ^ may be repeated */
  YES("(?:^a)+", "a");
}

static void test_lookahead(void **state) {
  (void)state;
  const char *nl = "^[1-9][0-9]{3}(?!SA|SD|SS)[A-Z]{2}$";
  YES(nl, "1011AB");
  YES(nl, "1945SB");
  YES(nl, "1945AS");
  NO(nl, "1945SA");
  NO(nl, "1945SD");
  NO(nl, "1945SS");
  NO(nl, "0945AB");
  YES_CI(nl, "1011ab");
  NO_CI(nl, "1011sa"); /* the lookahead folds case too */
  NO_CI(nl, "1011sS");
  NO(nl, "1011ab"); /* without the flag, [A-Z] takes no lower case */
  YES("(?!a)[a-z]", "b");
  NO("(?!a)[a-z]", "a");
  YES("a(?!b)", "a");   /* at the end */
  YES("a(?!$)b", "ab"); /* $ inside */
  NO("a(?!b|$)", "a");
  NO("(?!)a", "a"); /* the empty body always matches */
  YES("(?!x)", "");
  YES("(?:(?!ab)[a-z])*", "aacbba");
  NO("(?:(?!ab)[a-z])*", "aacabba");
  /* a lookahead inside a lookahead */
  YES("(?!a(?!b))[a-z]{2}", "ab");
  NO("(?!a(?!b))[a-z]{2}", "ac");
  YES("(?!a(?!b))[a-z]{2}", "cc");
  /* the same lookahead at many offsets */
  YES("(?:(?!b)[a-z])*(?:b|c)", "aaaaac");
  YES("(?:(?!bb)[ab])*", "abababa");
  NO("(?:(?!bb)[ab])*", "ababba");
  /* lookaheads in repeated groups, with case folding */
  YES_CI("(?:(?!X)[a-z]){3}", "ABC");
  NO_CI("(?:(?!X)[a-z]){3}", "AxC");
}

static void test_case_folding(void **state) {
  (void)state;
  NO("abc", "ABC");
  YES_CI("abc", "ABC");
  YES_CI("ABC", "abc");
  YES_CI("aBc", "AbC");
  YES_CI("[a-c]", "B");
  YES_CI("[A-C]", "b");
  NO_CI("[A-C]", "d");
  YES_CI("[AZa-z]", "m"); /* GB's [AZa-z] */
  YES_CI("[AZ]", "z");
  NO_CI("[^a]", "A"); /* negation after folding, as in JavaScript */
  NO_CI("[^A]", "a");
  YES_CI("[^a]", "b");
  NO_CI("[^a-z]", "Q");
  /* only letters fold: '@' '[' '`' '{' are not letters */
  NO_CI("@", "`");
  NO_CI("\\[", "{");
  NO_CI("\\^", "~");
  NO_CI("[@-@]", "`");
  NO_CI("[\\[-\\[]", "{");
  /* no byte >= 0x80 folds (they are parts of UTF-8 characters here) */
  YES_CI("[^a-z]", "\xc9");
  NO_CI("[a-z]", "\xe9");
  YES_CI("\\d", "5");
  /* flags other than the one defined are ignored */
  assert_int_equal(m("a", "A", 0x100), PATTERN_NO_MATCH);
  assert_int_equal(m("a", "A", 0x101), PATTERN_MATCH);
}

static void test_bytes(void **state) {
  (void)state;
  pattern_prog prog;
  compile_ok(&prog, "a[^b]c");
  assert_int_equal(match_n(&prog, "a\0c", 3, 0), PATTERN_MATCH);
  assert_int_equal(match_n(&prog, "abc", 3, 0), PATTERN_NO_MATCH);
  compile_ok(&prog, "abc");
  assert_int_equal(match_n(&prog, "ab\0", 3, 0), PATTERN_NO_MATCH);
  assert_int_equal(match_n(&prog, "abc\0", 4, 0), PATTERN_NO_MATCH);
  /* NULL input is empty */
  compile_ok(&prog, "a*");
  assert_int_equal(pattern_match(&prog, NULL, 0, 0), PATTERN_MATCH);
  assert_int_equal(pattern_match(&prog, NULL, 100, 0), PATTERN_MATCH);
  compile_ok(&prog, "a+");
  assert_int_equal(pattern_match(&prog, NULL, 5, 0), PATTERN_NO_MATCH);
  /* NULL pattern is empty */
  assert_int_equal(pattern_compile(&prog, NULL, 10, NULL), PATTERN_OK);
  assert_int_equal(pattern_match(&prog, "", 0, 0), PATTERN_MATCH);
  assert_int_equal(pattern_match(&prog, "a", 1, 0), PATTERN_NO_MATCH);
  /* the pattern need not be NUL-terminated; a NUL in it is refused */
  assert_int_equal(pattern_compile(&prog, "abX", 2, NULL), PATTERN_OK);
  assert_int_equal(pattern_match(&prog, "ab", 2, 0), PATTERN_MATCH);
  size_t off;
  assert_int_equal(pattern_compile(&prog, "a\0b", 3, &off),
                   PATTERN_ERR_UNSUPPORTED);
  assert_int_equal(off, 1);
}

/* ------------------------------------------------------------------------ */
/* Results checked against JavaScript                                        */
/* ------------------------------------------------------------------------ */

/* new RegExp('^(?:' + pattern + ')$', ci ? 'i' : '').test(input), as
 * Node.js 20 gives it. */
static const struct {
  const char *pattern, *input;
  unsigned flags;
  int match;
} js_cases[] = {
    {"((([A-Za-z][0-9]{1,2})|(([A-Za-z][A-Ha-hJ-Yj-y][0-9]{1,2})|"
     "(([AZa-z][0-9][A-Za-z])|([A-Za-z][A-Ha-hJ-Yj-y][0-9]?[A-Za-z]))))"
     "[0-9][A-Za-z]{2})|GIR0AA",
     "SW1A1AA", 0, 1},
    {"((([A-Za-z][0-9]{1,2})|(([A-Za-z][A-Ha-hJ-Yj-y][0-9]{1,2})|"
     "(([AZa-z][0-9][A-Za-z])|([A-Za-z][A-Ha-hJ-Yj-y][0-9]?[A-Za-z]))))"
     "[0-9][A-Za-z]{2})|GIR0AA",
     "gir0aa", CI, 1},
    {"((([A-Za-z][0-9]{1,2})|(([A-Za-z][A-Ha-hJ-Yj-y][0-9]{1,2})|"
     "(([AZa-z][0-9][A-Za-z])|([A-Za-z][A-Ha-hJ-Yj-y][0-9]?[A-Za-z]))))"
     "[0-9][A-Za-z]{2})|GIR0AA",
     "gir0aa", 0, 0},
    {"((([A-Za-z][0-9]{1,2})|(([A-Za-z][A-Ha-hJ-Yj-y][0-9]{1,2})|"
     "(([AZa-z][0-9][A-Za-z])|([A-Za-z][A-Ha-hJ-Yj-y][0-9]?[A-Za-z]))))"
     "[0-9][A-Za-z]{2})|GIR0AA",
     "WC2H7LTa", 0, 0},
    {"((([A-Za-z][0-9]{1,2})|(([A-Za-z][A-Ha-hJ-Yj-y][0-9]{1,2})|"
     "(([AZa-z][0-9][A-Za-z])|([A-Za-z][A-Ha-hJ-Yj-y][0-9]?[A-Za-z]))))"
     "[0-9][A-Za-z]{2})|GIR0AA",
     "AI1AA", 0, 0},
    {"^[ABCEGHJKLMNPRSTVXY]\\d[ABCEGHJ-NPRSTV-Z][\\s\\-]?\\d"
     "[ABCEGHJ-NPRSTV-Z]\\d$",
     "K1A\t0B1", 0, 1},
    {"^[ABCEGHJKLMNPRSTVXY]\\d[ABCEGHJ-NPRSTV-Z][\\s\\-]?\\d"
     "[ABCEGHJ-NPRSTV-Z]\\d$",
     "K1I0B1", 0, 0},
    {"^[ABCEGHJKLMNPRSTVXY]\\d[ABCEGHJ-NPRSTV-Z][\\s\\-]?\\d"
     "[ABCEGHJ-NPRSTV-Z]\\d$",
     "k1a0b1", CI, 1},
    {"^[AaC-Fc-fHhKkNnPpRrTtV-Yv-y]\\d[0-9Ww][ -]?"
     "[0-9AaC-Fc-fHhKkNnPpRrTtV-Yv-y]{4}$",
     "D6W 1234", 0, 1},
    {"^[AaC-Fc-fHhKkNnPpRrTtV-Yv-y]\\d[0-9Ww][ -]?"
     "[0-9AaC-Fc-fHhKkNnPpRrTtV-Yv-y]{4}$",
     "y63  1fhk", 0, 0},
    {"^[0-9]{4}(?:[0-9]{4})?$", "12345678", 0, 1},
    {"^[0-9]{4}(?:[0-9]{4})?$", "123456", 0, 0},
    {"^(MSR)?[0-9]{4}$", "msr1110", CI, 1},
    {"^(L){0,1}\\d{4}$", "LL1009", 0, 0},
    {"(a|ab)(c|bcd)(d*)", "abcd", 0, 1},
    {"(?:a|b)*?", "ab", 0, -1}, /* lazy: refused here */
    {"a{2}b{0,1}c{1,}", "aacc", 0, 1},
    {"(?!a)\\w", "b", 0, -1}, /* \w: refused here */
    {"[\\d-]+", "1-2", 0, 1},
    {"[a-c-e]+", "a-e", 0, 1},
    {"(?:(?!ab)[a-z])*", "xaabx", 0, 0},
    {"(?!a(?!b))[a-z]{2}", "ab", 0, 1},
    {"(?!a(?!b))[a-z]{2}", "ac", 0, 0},
    {"(?:a|ab)(?:c|bcd)(?:d*)", "abcd", CI, 1},
    {"a$|b", "a", 0, 1},
    {"(^a|b)+", "aab", 0, 0},
    {"(^a|b)+", "abb", 0, 1},
    {"(?:$|a)+", "aa", 0, 1},
};

static void test_vs_javascript(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof js_cases / sizeof js_cases[0]; i++) {
    pattern_prog prog;
    const char *pat = js_cases[i].pattern;
    pattern_error e = pattern_compile(&prog, pat, strlen(pat), NULL);
    if (js_cases[i].match < 0) {
      assert_int_equal(e, PATTERN_ERR_UNSUPPORTED);
      continue;
    }
    assert_int_equal(e, PATTERN_OK);
    pattern_status st = match_n(&prog, js_cases[i].input,
                                strlen(js_cases[i].input), js_cases[i].flags);
    if (st != (js_cases[i].match ? PATTERN_MATCH : PATTERN_NO_MATCH))
      fail_msg("case %zu: /%s/ on \"%s\": %d", i, pat, js_cases[i].input,
               (int)st);
  }
}

/* ------------------------------------------------------------------------ */
/* Syntax refused                                                            */
/* ------------------------------------------------------------------------ */

static void test_refused(void **state) {
  (void)state;
  /* valid JavaScript, outside the subset */
  expect_err(".", PATTERN_ERR_UNSUPPORTED, 0);
  expect_err("a.b", PATTERN_ERR_UNSUPPORTED, 1);
  expect_err("\\w", PATTERN_ERR_UNSUPPORTED, 1);
  expect_err("\\W", PATTERN_ERR_UNSUPPORTED, 1);
  expect_err("\\D", PATTERN_ERR_UNSUPPORTED, 1);
  expect_err("\\S", PATTERN_ERR_UNSUPPORTED, 1);
  expect_err("\\b", PATTERN_ERR_UNSUPPORTED, 1);
  expect_err("\\B", PATTERN_ERR_UNSUPPORTED, 1);
  expect_err("\\n", PATTERN_ERR_UNSUPPORTED, 1);
  expect_err("\\t", PATTERN_ERR_UNSUPPORTED, 1);
  expect_err("\\x41", PATTERN_ERR_UNSUPPORTED, 1);
  expect_err("\\u0041", PATTERN_ERR_UNSUPPORTED, 1);
  expect_err("\\0", PATTERN_ERR_UNSUPPORTED, 1);
  expect_err("(a)\\1", PATTERN_ERR_UNSUPPORTED, 4);
  expect_err("a*?", PATTERN_ERR_UNSUPPORTED, 2);
  expect_err("a+?", PATTERN_ERR_UNSUPPORTED, 2);
  expect_err("a??", PATTERN_ERR_UNSUPPORTED, 2);
  expect_err("a{2,3}?", PATTERN_ERR_UNSUPPORTED, 6);
  expect_err("(?=a)", PATTERN_ERR_UNSUPPORTED, 1);
  expect_err("(?<=a)b", PATTERN_ERR_UNSUPPORTED, 1);
  expect_err("(?<!a)b", PATTERN_ERR_UNSUPPORTED, 1);
  expect_err("(?<n>a)", PATTERN_ERR_UNSUPPORTED, 1);
  expect_err("(?!a)*", PATTERN_ERR_UNSUPPORTED, 5);
  expect_err("(?!a){2}", PATTERN_ERR_UNSUPPORTED, 5);
  expect_err("a{", PATTERN_ERR_UNSUPPORTED, 1);
  expect_err("a{,2}", PATTERN_ERR_UNSUPPORTED, 1);
  expect_err("a{2", PATTERN_ERR_UNSUPPORTED, 1);
  expect_err("a}", PATTERN_ERR_UNSUPPORTED, 1);
  expect_err("]", PATTERN_ERR_UNSUPPORTED, 0);
  expect_err("[[]", PATTERN_ERR_UNSUPPORTED, 1);
  expect_err("[\\w]", PATTERN_ERR_UNSUPPORTED, 2);
  expect_err("[\\b]", PATTERN_ERR_UNSUPPORTED, 2);
  expect_err("[\\d-z]", PATTERN_ERR_UNSUPPORTED, 1);
  expect_err("[a-\\d]", PATTERN_ERR_UNSUPPORTED, 1);
  expect_err("a\tb", PATTERN_ERR_UNSUPPORTED, 1);
  expect_err("[\x7f]", PATTERN_ERR_UNSUPPORTED, 1);
  expect_err("\xc3\xa9", PATTERN_ERR_UNSUPPORTED, 0);
  expect_err("[\xc3\xa9]", PATTERN_ERR_UNSUPPORTED, 1);
  /* invalid in JavaScript too */
  expect_err("(", PATTERN_ERR_SYNTAX, 0);
  expect_err("(a", PATTERN_ERR_SYNTAX, 0);
  expect_err("a(b(c)", PATTERN_ERR_SYNTAX, 1);
  expect_err(")", PATTERN_ERR_SYNTAX, 0);
  expect_err("a)", PATTERN_ERR_SYNTAX, 1);
  expect_err("(a))", PATTERN_ERR_SYNTAX, 3);
  expect_err("*", PATTERN_ERR_SYNTAX, 0);
  expect_err("+a", PATTERN_ERR_SYNTAX, 0);
  expect_err("?", PATTERN_ERR_SYNTAX, 0);
  expect_err("a|*", PATTERN_ERR_SYNTAX, 2);
  expect_err("(*)", PATTERN_ERR_SYNTAX, 1);
  expect_err("{2}", PATTERN_ERR_SYNTAX, 0);
  expect_err("a**", PATTERN_ERR_SYNTAX, 2);
  expect_err("a+*", PATTERN_ERR_SYNTAX, 2);
  expect_err("a{2}{3}", PATTERN_ERR_SYNTAX, 4);
  expect_err("a{3,2}", PATTERN_ERR_SYNTAX, 1);
  expect_err("^*", PATTERN_ERR_SYNTAX, 1);
  expect_err("$+", PATTERN_ERR_SYNTAX, 1);
  expect_err("[z-a]", PATTERN_ERR_SYNTAX, 1);
  expect_err("[", PATTERN_ERR_SYNTAX, 1);
  expect_err("[a", PATTERN_ERR_SYNTAX, 2);
  expect_err("[a-", PATTERN_ERR_SYNTAX, 3);
  expect_err("[\\", PATTERN_ERR_SYNTAX, 2);
  expect_err("\\", PATTERN_ERR_SYNTAX, 1);
  expect_err("ab\\", PATTERN_ERR_SYNTAX, 3);
  /* NULL error_offset is allowed */
  pattern_prog prog;
  assert_int_equal(pattern_compile(&prog, "(", 1, NULL), PATTERN_ERR_SYNTAX);
  /* a program is reusable after a failed compile */
  compile_ok(&prog, "ab");
  assert_int_equal(pattern_compile(&prog, "a(", 2, NULL), PATTERN_ERR_SYNTAX);
  assert_int_equal(pattern_match(&prog, "ab", 2, 0), PATTERN_NO_MATCH);
  compile_ok(&prog, "ab");
  assert_int_equal(pattern_match(&prog, "ab", 2, 0), PATTERN_MATCH);
}

/* ------------------------------------------------------------------------ */
/* Limits                                                                    */
/* ------------------------------------------------------------------------ */

static void test_too_large(void **state) {
  (void)state;
  char pat[512];
  /* repeat counts */
  expect_err("a{255}", PATTERN_ERR_TOO_LARGE, 6); /* 255 instructions */
  expect_err("a{256}", PATTERN_ERR_TOO_LARGE, 1);
  expect_err("a{1,256}", PATTERN_ERR_TOO_LARGE, 1);
  expect_err("a{99999999999999999999}", PATTERN_ERR_TOO_LARGE, 1);
  /* instructions: 127 literals and MATCH fit, 128 do not */
  memset(pat, 'a', 127);
  pat[127] = '\0';
  assert_int_equal(compile_err(pat, NULL), PATTERN_OK);
  pat[127] = 'a';
  pat[128] = '\0';
  expect_err(pat, PATTERN_ERR_TOO_LARGE, 128);
  assert_int_equal(compile_err("(?:ab){63}", NULL), PATTERN_OK);
  assert_int_equal(compile_err("(?:ab){64}", NULL), PATTERN_ERR_TOO_LARGE);
  assert_int_equal(compile_err("(?:ab){10,70}", NULL), PATTERN_ERR_TOO_LARGE);
  assert_int_equal(compile_err("a{60}b{60}c{10}", NULL), PATTERN_ERR_TOO_LARGE);
  /* alternatives: each adds a SPLIT and a JMP */
  strcpy(pat, "a");
  for (int i = 0; i < 42; i++)
    strcat(pat, "|a");
  assert_int_equal(compile_err(pat, NULL), PATTERN_OK); /* 43*3-2+1 = 128 */
  strcat(pat, "|a");
  assert_int_equal(compile_err(pat, NULL), PATTERN_ERR_TOO_LARGE);
  /* classes: 16 distinct ones, the same one any number of times */
  pat[0] = '\0';
  for (int i = 0; i < 16; i++) {
    char one[8];
    snprintf(one, sizeof one, "[%c]", 'a' + i);
    strcat(pat, one);
  }
  assert_int_equal(compile_err(pat, NULL), PATTERN_OK);
  strcat(pat, "[z]");
  expect_err(pat, PATTERN_ERR_TOO_LARGE, 51);
  assert_int_equal(compile_err("[a][a][a][a][a][a][a][a][a][a][a][a][a][a][a]"
                               "[a][a][a][a][a]\\d\\d\\s[0-9]",
                               NULL),
                   PATTERN_OK);
  /* nesting: 16 groups, 4 lookaheads */
  strcpy(pat, "((((((((((((((((a))))))))))))))))");
  assert_int_equal(compile_err(pat, NULL), PATTERN_OK);
  expect_err("(((((((((((((((((a)))))))))))))))))", PATTERN_ERR_TOO_LARGE, 16);
  assert_int_equal(compile_err("(?!(?!(?!(?!a))))b", NULL), PATTERN_OK);
  expect_err("(?!(?!(?!(?!(?!a)))))b", PATTERN_ERR_TOO_LARGE, 12);
  /* a deep nest gives an error, not a deep recursion */
  static char deep[20001];
  memset(deep, '(', 10000);
  memset(deep + 10000, ')', 10000);
  expect_err(deep, PATTERN_ERR_TOO_LARGE, 16);
}

static void test_long_input(void **state) {
  (void)state;
  char s[200];
  memset(s, 'a', sizeof s);
  pattern_prog prog;
  compile_ok(&prog, "a*");
  assert_int_equal(match_n(&prog, s, 64, 0), PATTERN_MATCH);
  assert_int_equal(match_n(&prog, s, 65, 0), PATTERN_TOO_LONG);
  assert_int_equal(match_n(&prog, s, 200, 0), PATTERN_TOO_LONG);
  assert_int_equal(pattern_match(&prog, s, (size_t)-1, 0), PATTERN_TOO_LONG);
  compile_ok(&prog, "[^]{64}");
  assert_int_equal(match_n(&prog, s, 64, 0), PATTERN_MATCH);
  assert_int_equal(match_n(&prog, s, 63, 0), PATTERN_NO_MATCH);
  compile_ok(&prog, "a{0,60}a{4}$");
  assert_int_equal(match_n(&prog, s, 64, CI), PATTERN_MATCH);
}

static void test_step_limit(void **state) {
  (void)state;
  char s[64];
  memset(s, 'a', sizeof s);
  pattern_prog prog;
  /* Each offset of the outer loop runs the outer lookahead, which runs the
   * inner one at each later offset, which scans to the end: ~64^3/2 steps. */
  compile_ok(&prog, "(?:(?!(?:(?!a*b)a)*b)a)*");
  assert_int_equal(match_n(&prog, s, 20, 0), PATTERN_MATCH);
  assert_int_equal(match_n(&prog, s, 64, 0), PATTERN_STEP_LIMIT);
  /* Without lookaheads a match runs each (instruction, offset) once at most:
   * the classic exponential patterns are quick. */
  compile_ok(&prog, "(a*)*b");
  assert_int_equal(match_n(&prog, s, 64, 0), PATTERN_NO_MATCH);
  compile_ok(&prog, "(a|a)*b");
  assert_int_equal(match_n(&prog, s, 64, 0), PATTERN_NO_MATCH);
  compile_ok(&prog, "(a|aa)*(a|aa)*(a|aa)*(a|aa)*c");
  assert_int_equal(match_n(&prog, s, 64, 0), PATTERN_NO_MATCH);
  compile_ok(&prog, "(?:a?){40}a{40}");
  assert_int_equal(match_n(&prog, s, 40, 0), PATTERN_MATCH);
  /* Too many pending alternatives: each 'a' leaves 21 of them (the 20 'x'
   * not tried yet, and the end of the loop). */
  compile_ok(&prog, "(?:(?:|x){20}a)*");
  assert_int_equal(match_n(&prog, s, 40, 0), PATTERN_MATCH);
  assert_int_equal(match_n(&prog, s, 64, 0), PATTERN_STEP_LIMIT);
}

/* ------------------------------------------------------------------------ */
/* Hostile patterns and inputs                                               */
/* ------------------------------------------------------------------------ */

/* Programs with a single path take a straight-line path; the backtracking
 * machine must give the same answers on them. */
static void test_linear(void **state) {
  (void)state;
  static const char *const pats[] = {"^[0-9]{5}$",
                                     "^AD[0-9]{3}$",
                                     "^[A-Z]{3}[0-9]{4}$",
                                     "abc",
                                     "^[^a]b$",
                                     "a^b",
                                     "a$b",
                                     "^$",
                                     "",
                                     "[]",
                                     "^[0-9]{2}-[0-9]{3}$",
                                     "\\d\\s\\d"};
  static const char *const ins[] = {
      "12345", "1234", "123456", "AD123", "ad123",   "abc",     "ABC",
      "xb",    "ab",   "Ab",     "",      "VLT1117", "vlt1117", "00-950",
      "1 2",   "a$b",  "a\0b",   "12a45", "\xff\xfe"};
  size_t linear = 0;
  for (size_t i = 0; i < sizeof pats / sizeof pats[0]; i++) {
    pattern_prog prog;
    compile_ok(&prog, pats[i]);
    linear += prog.linear_len != PATTERN_NOT_LINEAR;
    for (size_t j = 0; j < sizeof ins / sizeof ins[0]; j++) {
      for (unsigned flags = 0; flags <= CI; flags++) {
        size_t len = strlen(ins[j]);
        assert_int_equal(
            match_n(&prog, ins[j], len, flags),
            match_n(&prog, ins[j], len, flags | PATTERN_NO_FAST_PATH));
      }
    }
  }
  assert_int_equal(linear, sizeof pats / sizeof pats[0]);
  pattern_prog prog;
  compile_ok(&prog, "^[0-9]{5}$");
  assert_int_equal(match_n(&prog, "12345", 5, 0), PATTERN_MATCH);
  assert_int_equal(match_n(&prog, "1234", 4, 0), PATTERN_NO_MATCH);
  compile_ok(&prog, "^AD[0-9]{3}$");
  assert_int_equal(match_n(&prog, "ad500", 5, CI), PATTERN_MATCH);
  assert_int_equal(match_n(&prog, "ad500", 5, 0), PATTERN_NO_MATCH);
  compile_ok(&prog, "^(AX)?[0-9]{5}$");
  assert_int_equal(prog.linear_len, PATTERN_NOT_LINEAR);
}

static void test_random(void **state) {
  (void)state;
  static const char alphabet[] = "ab09-^$\\()[]{}|?*+,:!=<.dsDw\t\xc3";
  uint32_t seed = 12345;
  unsigned compiled = 0, matched = 0, automata = 0;
  for (int round = 0; round < 20000; round++) {
    char pat[40], in[70];
    size_t plen = next_random(&seed) % sizeof pat;
    for (size_t i = 0; i < plen; i++)
      pat[i] = alphabet[next_random(&seed) % (sizeof alphabet - 1)];
    pattern_prog prog;
    char *pcopy = malloc(plen ? plen : 1);
    assert_non_null(pcopy);
    memcpy(pcopy, pat, plen);
    size_t off = 0;
    pattern_error e = pattern_compile(&prog, pcopy, plen, &off);
    free(pcopy);
    assert_true(e <= PATTERN_ERR_TOO_LARGE);
    if (e != PATTERN_OK) {
      assert_true(off <= plen);
      continue;
    }
    compiled++;
    automata += prog.dfa_states != 0;
    for (int k = 0; k < 4; k++) {
      size_t ilen = next_random(&seed) % (k ? 6 : sizeof in);
      for (size_t i = 0; i < ilen; i++)
        in[i] = "ab09- A\0\xff"[next_random(&seed) % 9];
      unsigned flags = next_random(&seed) & 1 ? CI : 0;
      pattern_status st = match_n(&prog, in, ilen, flags);
      /* The automaton, and the straight-line path of single-path
       * programs, agree with the backtracking machine. */
      assert_int_equal(st,
                       match_n(&prog, in, ilen, flags | PATTERN_NO_FAST_PATH));
      assert_true(st <= PATTERN_STEP_LIMIT);
      assert_true(st != PATTERN_TOO_LONG || ilen > PATTERN_MAX_INPUT);
      matched += st == PATTERN_MATCH;
    }
  }
  /* the generator must produce some valid patterns and some matches */
  assert_true(compiled > 1000);
  assert_true(matched > 100);
  assert_true(automata > compiled / 2);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_literals),
      cmocka_unit_test(test_classes),
      cmocka_unit_test(test_groups_and_alternation),
      cmocka_unit_test(test_quantifiers),
      cmocka_unit_test(test_anchors),
      cmocka_unit_test(test_lookahead),
      cmocka_unit_test(test_case_folding),
      cmocka_unit_test(test_bytes),
      cmocka_unit_test(test_vs_javascript),
      cmocka_unit_test(test_refused),
      cmocka_unit_test(test_too_large),
      cmocka_unit_test(test_long_input),
      cmocka_unit_test(test_step_limit),
      cmocka_unit_test(test_linear),
      cmocka_unit_test(test_random),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
