/*
 * A strict RFC 8259 JSON pull lexer. json.h is the contract.
 *
 * Design
 * - No recursion: the grammar is a small state machine (lx->state) and the
 *   kind of each open container (object or array) is one bit of lx->stack.
 * - A string is scanned once: to find its closing quote, to check escapes,
 *   control characters and UTF-8, and to compute its decoded length. A
 *   string without a backslash is returned in place (zero copy); otherwise a
 *   buffer of exactly the decoded length (never more than the raw length) is
 *   requested from lx->decode and filled by a second pass that needs no
 *   checks.
 * - Runs of plain ASCII in strings are scanned 16 bytes at a time with SSE2
 *   (8 at a time without it, or when SDQ_JSON_SCALAR is defined: the tests
 *   build both and compare them). A string without anything to check but
 *   its closing quote takes one short path; escapes and non-ASCII bytes
 *   take the general one.
 * - Every read is bounded by lx->end; no pointer is formed past it.
 * - Error messages are string literals (static storage), and error_offset is
 *   the offset of the offending byte (or of the end of the input when the
 *   input stops early; or of the opening quote for an unterminated, too long
 *   or undecodable string).
 *
 * Choices json.h leaves open
 * - text/len of OBJECT_/ARRAY_BEGIN/END and of literals point at their
 *   source bytes; END and ERROR set text NULL and len 0.
 * - A string with escapes and no `decode` function fails with
 *   JSON_ERR_NOMEM.
 * - max_string applies to keys and values that json_next() returns, not to
 *   strings inside a value passed over by json_skip() (they are not
 *   decoded). json_skip() of a KEY, END or scalar does nothing.
 * - json_position() counts '\n' as the line break ("\r\n" works; a lone
 *   '\r' is an ordinary byte).
 * - A leading UTF-8 byte order mark is an error, like any non-JSON byte.
 */
#include "json.h"

#include <string.h>

#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__)) &&          \
    !defined(SDQ_JSON_SCALAR)
#include <emmintrin.h>
#define JL_SSE2 1
#endif

/* The hot path of a string is kept inline, its rare cases out of line. */
#if defined(__GNUC__) || defined(__clang__)
#define JL_INLINE inline __attribute__((always_inline))
#define JL_NOINLINE __attribute__((noinline))
#else
#define JL_INLINE inline
#define JL_NOINLINE
#endif

/* Grammar states (lx->state). */
enum {
  JL_START = 0,    /* before the top-level value */
  JL_ARRAY_FIRST,  /* after '[': a value or ']' */
  JL_ARRAY_NEXT,   /* after an array element: ',' or ']' */
  JL_OBJECT_FIRST, /* after '{': a key or '}' */
  JL_OBJECT_COLON, /* after a key: ':' then a value */
  JL_OBJECT_NEXT,  /* after a member value: ',' or '}' */
  JL_AFTER,        /* after the top-level value: white space only */
  JL_END,
  JL_ERROR
};

#define JL_DEFAULT_DEPTH 64

/* ------------------------------------------------------------------------ */
/* Small helpers                                                             */
/* ------------------------------------------------------------------------ */

static json_token jl_fail(json_lexer *lx, json_error_kind kind, const char *at,
                          const char *msg) {
  lx->state = JL_ERROR;
  lx->error_kind = kind;
  lx->error_offset = (size_t)(at - lx->begin);
  lx->error = msg;
  lx->text = NULL;
  lx->len = 0;
  return JSON_ERROR;
}

static int jl_is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

static int jl_is_alnum(unsigned char c) {
  unsigned char l = (unsigned char)(c | 0x20);
  return jl_is_digit(c) || (l >= 'a' && l <= 'z') || c == '_';
}

static int jl_hex_value(unsigned char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  c = (unsigned char)(c | 0x20);
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

/* The value of the 4 hex digits at p (all readable), or -1. */
static long jl_hex4(const char *p) {
  long v = 0;
  int i;
  for (i = 0; i < 4; i++) {
    int h = jl_hex_value((unsigned char)p[i]);
    if (h < 0)
      return -1;
    v = (v << 4) | h;
  }
  return v;
}

static const char *jl_skip_ws(const char *p, const char *end) {
  while (p < end) {
    unsigned char c = (unsigned char)*p;
    if (c > ' ' || (c != ' ' && c != '\n' && c != '\r' && c != '\t'))
      break;
    p++;
  }
  return p;
}

/* ------------------------------------------------------------------------ */
/* Strings                                                                   */
/* ------------------------------------------------------------------------ */

#ifndef JL_SSE2
#define JL_ONES UINT64_C(0x0101010101010101)
#define JL_HIGHS UINT64_C(0x8080808080808080)

static uint64_t jl_load64(const char *p) {
  uint64_t v;
  memcpy(&v, p, sizeof v);
  return v;
}

/* Nonzero when one of the 8 bytes of v is '"', '\\', a control character
 * (< 0x20) or has its high bit set. Each test below is exact for the word as
 * a whole (only the position of a hit may be blurred by borrows, which we do
 * not use), so the result does not depend on byte order. */
static int jl_word_special(uint64_t v) {
  uint64_t q = v ^ (JL_ONES * '"');
  uint64_t b = v ^ (JL_ONES * '\\');
  uint64_t t = ((q - JL_ONES) & ~q) | ((b - JL_ONES) & ~b) |
               ((v - JL_ONES * 0x20) & ~v) | v;
  return (t & JL_HIGHS) != 0;
}
#endif

/* A byte that stands for itself in a string: printable ASCII but '"'/'\\'. */
static int jl_plain_byte(unsigned char c) {
  return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

#ifdef JL_SSE2
/* Bit i set when byte i of the 16 at p is not plain. A signed compare with
 * 0x20 catches both the control characters and the bytes >= 0x80, which
 * are negative as signed chars. */
static unsigned jl_special_mask16(const char *p) {
  __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
  __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                        _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
                           _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
  return (unsigned)_mm_movemask_epi8(m);
}
#endif

/* The first byte in [q, end) that is not plain, or end. All of [begin, end)
 * is readable. */
static JL_INLINE const char *jl_skip_plain(const char *q, const char *end,
                                           const char *begin) {
#ifdef JL_SSE2
  unsigned m;
  while (end - q >= 16) {
    m = jl_special_mask16(q);
    if (m)
      return q + __builtin_ctz(m);
    q += 16;
  }
  if (q == end)
    return q;
  if (end - begin >= 16) {
    /* Fewer than 16 bytes are left: look at the last 16 bytes of the input
     * instead, and drop the bits of those before q. */
    m = jl_special_mask16(end - 16) >> (16 - (end - q));
    return m ? q + __builtin_ctz(m) : end;
  }
#else
  (void)begin;
  while (end - q >= 8 && !jl_word_special(jl_load64(q)))
    q += 8;
#endif
  while (q < end && jl_plain_byte((unsigned char)*q))
    q++;
  return q;
}

/* Length of the well-formed UTF-8 sequence of 2 to 4 bytes at p (whose
 * first byte is >= 0x80), or 0 (Unicode 15, table 3-7: no overlong forms,
 * no surrogates, nothing above U+10FFFF, no truncated sequence). */
static size_t jl_utf8_sequence(const unsigned char *p,
                               const unsigned char *end) {
  size_t n = (size_t)(end - p);
  unsigned char c = p[0], lo = 0x80, hi = 0xBF;
  if (c < 0xC2)
    return 0; /* continuation byte, or overlong lead C0/C1 */
  if (c < 0xE0)
    return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
  if (c < 0xF0) {
    if (c == 0xE0)
      lo = 0xA0; /* overlong */
    else if (c == 0xED)
      hi = 0x9F; /* U+D800..DFFF */
    if (n < 3 || p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80)
      return 0;
    return 3;
  }
  if (c < 0xF5) {
    if (c == 0xF0)
      lo = 0x90; /* overlong */
    else if (c == 0xF4)
      hi = 0x8F; /* above U+10FFFF */
    if (n < 4 || p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80 ||
        (p[3] & 0xC0) != 0x80)
      return 0;
    return 4;
  }
  return 0;
}

/* Read the \uXXXX escape at q (q[0] == '\\', q[1] == 'u'). Returns its code
 * unit, or -1 after failing. */
static long jl_read_u_escape(json_lexer *lx, const char *q, const char *open) {
  long cp;
  if (lx->end - q < 6) {
    /* The input ends within 4 digits: a bad digit is a bad escape,
     * otherwise the string is unterminated. */
    const char *s;
    for (s = q + 2; s < lx->end; s++)
      if (jl_hex_value((unsigned char)*s) < 0)
        break;
    if (s < lx->end)
      jl_fail(lx, JSON_ERR_SYNTAX, q, "invalid \\u escape in string");
    else
      jl_fail(lx, JSON_ERR_SYNTAX, open, "unterminated string");
    return -1;
  }
  cp = jl_hex4(q + 2);
  if (cp < 0)
    jl_fail(lx, JSON_ERR_SYNTAX, q, "invalid \\u escape in string");
  return cp;
}

/* The general case of jl_scan_string(): q is the first byte of the string
 * that is not plain, and is not its closing quote. */
static const char *jl_scan_string_rest(json_lexer *lx, const char *open,
                                       const char *q, size_t *decoded_len,
                                       int *escaped) {
  const char *end = lx->end;
  size_t shrink = 0; /* raw bytes minus decoded bytes of the escapes */
  int esc = 0;
  for (;; q = jl_skip_plain(q, end, lx->begin)) {
    unsigned char c;
    if (q == end) {
      jl_fail(lx, JSON_ERR_SYNTAX, open, "unterminated string");
      return NULL;
    }
    c = (unsigned char)*q;
    if (c == '"')
      break;
    if (c == '\\') {
      long cp;
      esc = 1;
      if (end - q < 2) {
        jl_fail(lx, JSON_ERR_SYNTAX, open, "unterminated string");
        return NULL;
      }
      switch (q[1]) {
      case '"':
      case '\\':
      case '/':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
        q += 2;
        shrink += 1;
        continue;
      case 'u':
        break;
      default:
        jl_fail(lx, JSON_ERR_SYNTAX, q, "invalid escape in string");
        return NULL;
      }
      cp = jl_read_u_escape(lx, q, open);
      if (cp < 0)
        return NULL;
      if (cp >= 0xDC00 && cp <= 0xDFFF) {
        jl_fail(lx, JSON_ERR_SYNTAX, q, "lone low surrogate in \\u escape");
        return NULL;
      }
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        long lo;
        if (end - q < 8 || q[6] != '\\' || q[7] != 'u') {
          jl_fail(lx, JSON_ERR_SYNTAX, q, "lone high surrogate in \\u escape");
          return NULL;
        }
        lo = jl_read_u_escape(lx, q + 6, open);
        if (lo < 0)
          return NULL;
        if (lo < 0xDC00 || lo > 0xDFFF) {
          jl_fail(lx, JSON_ERR_SYNTAX, q, "lone high surrogate in \\u escape");
          return NULL;
        }
        q += 12;
        shrink += 8; /* 12 bytes become 4 */
        continue;
      }
      if (cp == 0) {
        jl_fail(lx, JSON_ERR_SYNTAX, q, "\\u0000 not allowed in string");
        return NULL;
      }
      q += 6;
      shrink += cp < 0x80 ? 5 : cp < 0x800 ? 4 : 3;
      continue;
    }
    if (c < 0x20) {
      jl_fail(lx, JSON_ERR_SYNTAX, q, "control character in string");
      return NULL;
    } else {
      size_t n = jl_utf8_sequence((const unsigned char *)q,
                                  (const unsigned char *)end);
      if (n == 0) {
        jl_fail(lx, JSON_ERR_SYNTAX, q, "invalid UTF-8 in string");
        return NULL;
      }
      q += n;
    }
  }
  *decoded_len = (size_t)(q - open - 1) - shrink;
  *escaped = esc;
  return q;
}

static char *jl_put_utf8(char *o, unsigned long cp) {
  if (cp < 0x80) {
    *o++ = (char)cp;
  } else if (cp < 0x800) {
    *o++ = (char)(0xC0 | (cp >> 6));
    *o++ = (char)(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *o++ = (char)(0xE0 | (cp >> 12));
    *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
    *o++ = (char)(0x80 | (cp & 0x3F));
  } else {
    *o++ = (char)(0xF0 | (cp >> 18));
    *o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
    *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
    *o++ = (char)(0x80 | (cp & 0x3F));
  }
  return o;
}

/* Decode the raw string [s, e), already checked by jl_scan_string(), into o. */
static void jl_decode_string(char *o, const char *s, const char *e) {
  while (s < e) {
    const char *bs = memchr(s, '\\', (size_t)(e - s));
    size_t run = bs ? (size_t)(bs - s) : (size_t)(e - s);
    memcpy(o, s, run);
    o += run;
    if (!bs)
      break;
    s = bs;
    switch (s[1]) {
    case 'b':
      *o++ = '\b';
      break;
    case 'f':
      *o++ = '\f';
      break;
    case 'n':
      *o++ = '\n';
      break;
    case 'r':
      *o++ = '\r';
      break;
    case 't':
      *o++ = '\t';
      break;
    case 'u': {
      unsigned long cp = (unsigned long)jl_hex4(s + 2);
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        unsigned long lo = (unsigned long)jl_hex4(s + 8);
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        s += 6;
      }
      o = jl_put_utf8(o, cp);
      s += 6;
      continue;
    }
    default: /* '"', '\\', '/' */
      *o++ = s[1];
      break;
    }
    s += 2;
  }
}

/* ------------------------------------------------------------------------ */
/* Tokens                                                                    */
/* ------------------------------------------------------------------------ */

/* The state after a complete value at the current depth, kept in
 * lx->after so that a value needs no look at the stack. */
static void jl_after_value(json_lexer *lx) { lx->state = lx->after; }

/* Sets lx->after from the kind of the container open at the current depth. */
static void jl_set_after(json_lexer *lx) {
  if (lx->depth == 0) {
    lx->after = JL_AFTER;
  } else {
    uint32_t d = lx->depth - 1;
    lx->after =
        (lx->stack[d >> 3] >> (d & 7)) & 1 ? JL_OBJECT_NEXT : JL_ARRAY_NEXT;
  }
}

static json_token jl_open_container(json_lexer *lx, const char *p, int object) {
  uint32_t limit = lx->max_depth;
  uint32_t d = lx->depth;
  if (limit == 0)
    limit = JL_DEFAULT_DEPTH;
  else if (limit > JSON_MAX_DEPTH_LIMIT)
    limit = JSON_MAX_DEPTH_LIMIT;
  if (d >= limit)
    return jl_fail(lx, JSON_ERR_DEPTH, p, "nesting too deep");
  if (object)
    lx->stack[d >> 3] = (uint8_t)(lx->stack[d >> 3] | (1u << (d & 7)));
  else
    lx->stack[d >> 3] = (uint8_t)(lx->stack[d >> 3] & ~(1u << (d & 7)));
  lx->depth = d + 1;
  lx->state = object ? JL_OBJECT_FIRST : JL_ARRAY_FIRST;
  lx->after = object ? JL_OBJECT_NEXT : JL_ARRAY_NEXT;
  lx->text = p;
  lx->len = 1;
  lx->cur = p + 1;
  return object ? JSON_OBJECT_BEGIN : JSON_ARRAY_BEGIN;
}

static json_token jl_close_container(json_lexer *lx, const char *p,
                                     json_token tok) {
  lx->depth--;
  jl_set_after(lx);
  jl_after_value(lx);
  lx->text = p;
  lx->len = 1;
  lx->cur = p + 1;
  return tok;
}

/* The general case of jl_string_token(): q is the first byte of the string
 * at p that is not plain, or its closing quote when the string is too
 * long. */
static JL_NOINLINE json_token jl_string_token_rest(json_lexer *lx,
                                                   const char *p, const char *q,
                                                   int decode, json_token tok) {
  size_t n;
  int esc;
  const char *close = jl_scan_string_rest(lx, p, q, &n, &esc);
  if (!close)
    return JSON_ERROR;
  if (!decode) {
    lx->text = esc ? NULL : p + 1;
  } else if (lx->max_string != 0 && n > lx->max_string) {
    return jl_fail(lx, JSON_ERR_STRING, p, "string too long");
  } else if (!esc) {
    lx->text = p + 1;
  } else {
    char *out;
    if (!lx->decode)
      return jl_fail(lx, JSON_ERR_NOMEM, p,
                     "no decode buffer for escaped string");
    out = lx->decode(lx->decode_ctx, n);
    if (!out)
      return jl_fail(lx, JSON_ERR_NOMEM, p, "out of memory decoding string");
    jl_decode_string(out, p + 1, close);
    lx->text = out;
  }
  lx->len = n;
  lx->cur = close + 1;
  if (tok == JSON_KEY)
    lx->state = JL_OBJECT_COLON;
  else
    jl_after_value(lx);
  return tok;
}

/* A KEY or STRING token whose opening quote is at p. Most strings are plain
 * bytes up to the closing quote, and are returned in place here, without a
 * call. */
static JL_INLINE json_token jl_string_token(json_lexer *lx, const char *p,
                                            int decode, json_token tok) {
  const char *q = jl_skip_plain(p + 1, lx->end, lx->begin);
  size_t n = (size_t)(q - p - 1);
  if (q == lx->end || *q != '"' ||
      (decode && lx->max_string != 0 && n > lx->max_string))
    return jl_string_token_rest(lx, p, q, decode, tok);
  lx->text = p + 1;
  lx->len = n;
  lx->cur = q + 1;
  if (tok == JSON_KEY)
    lx->state = JL_OBJECT_COLON;
  else
    jl_after_value(lx);
  return tok;
}

static JL_INLINE json_token jl_number_token(json_lexer *lx, const char *p) {
  const char *end = lx->end;
  const char *q = p;
  if (*q == '-') {
    q++;
    if (q == end || !jl_is_digit((unsigned char)*q))
      return jl_fail(lx, JSON_ERR_SYNTAX, q, "expected digit after '-'");
  }
  if (*q == '0') {
    q++;
    if (q < end && jl_is_digit((unsigned char)*q))
      return jl_fail(lx, JSON_ERR_SYNTAX, q, "leading zero in number");
  } else {
    while (q < end && jl_is_digit((unsigned char)*q))
      q++;
  }
  if (q < end && *q == '.') {
    q++;
    if (q == end || !jl_is_digit((unsigned char)*q))
      return jl_fail(lx, JSON_ERR_SYNTAX, q,
                     "expected digit after decimal point");
    while (q < end && jl_is_digit((unsigned char)*q))
      q++;
  }
  if (q < end && (*q == 'e' || *q == 'E')) {
    q++;
    if (q < end && (*q == '+' || *q == '-'))
      q++;
    if (q == end || !jl_is_digit((unsigned char)*q))
      return jl_fail(lx, JSON_ERR_SYNTAX, q, "expected digit in exponent");
    while (q < end && jl_is_digit((unsigned char)*q))
      q++;
  }
  if (q < end &&
      (jl_is_alnum((unsigned char)*q) || *q == '.' || *q == '+' || *q == '-'))
    return jl_fail(lx, JSON_ERR_SYNTAX, q, "invalid number");
  lx->text = p;
  lx->len = (size_t)(q - p);
  lx->cur = q;
  jl_after_value(lx);
  return JSON_NUMBER;
}

static json_token jl_literal_token(json_lexer *lx, const char *p,
                                   const char *word, size_t n, json_token tok) {
  size_t i;
  for (i = 1; i < n; i++)
    if (p + i == lx->end || p[i] != word[i])
      return jl_fail(lx, JSON_ERR_SYNTAX, p + i, "invalid literal");
  if (lx->end - p > (ptrdiff_t)n && jl_is_alnum((unsigned char)p[n]))
    return jl_fail(lx, JSON_ERR_SYNTAX, p + n, "invalid literal");
  lx->text = p;
  lx->len = n;
  lx->cur = p + n;
  jl_after_value(lx);
  return tok;
}

/* A value starting at p (after white space). */
static JL_INLINE json_token jl_value_token(json_lexer *lx, const char *p,
                                           int decode) {
  unsigned char c;
  if (p == lx->end)
    return jl_fail(lx, JSON_ERR_SYNTAX, p, "unexpected end of input");
  c = (unsigned char)*p;
  switch (c) {
  case '{':
    return jl_open_container(lx, p, 1);
  case '[':
    return jl_open_container(lx, p, 0);
  case '"':
    return jl_string_token(lx, p, decode, JSON_STRING);
  case '-':
  case '0':
  case '1':
  case '2':
  case '3':
  case '4':
  case '5':
  case '6':
  case '7':
  case '8':
  case '9':
    return jl_number_token(lx, p);
  case 't':
    return jl_literal_token(lx, p, "true", 4, JSON_TRUE);
  case 'f':
    return jl_literal_token(lx, p, "false", 5, JSON_FALSE);
  case 'n':
    return jl_literal_token(lx, p, "null", 4, JSON_NULL);
  case ']':
    if (lx->state == JL_START)
      return jl_fail(lx, JSON_ERR_SYNTAX, p, "unmatched ']'");
    break;
  case '}':
    if (lx->state == JL_START)
      return jl_fail(lx, JSON_ERR_SYNTAX, p, "unmatched '}'");
    break;
  case '+':
  case '.':
    return jl_fail(lx, JSON_ERR_SYNTAX, p, "invalid number");
  case 0xEF:
    if (p == lx->begin && lx->end - p >= 3 && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF)
      return jl_fail(lx, JSON_ERR_SYNTAX, p, "byte order mark not allowed");
    break;
  default:
    if (jl_is_alnum(c))
      return jl_fail(lx, JSON_ERR_SYNTAX, p, "invalid literal");
    break;
  }
  return jl_fail(lx, JSON_ERR_SYNTAX, p, "expected a value");
}

/* The next token; strings are decoded only when `decode` is set (json_skip
 * validates without decoding). Inline in both callers, so that each has a
 * copy specialised for its `decode`. */
static JL_INLINE json_token jl_next_token(json_lexer *lx, int decode) {
  const char *end = lx->end;
  const char *p = jl_skip_ws(lx->cur, end);
  switch (lx->state) {
  case JL_END:
    return JSON_END;
  case JL_ERROR:
    return JSON_ERROR;
  case JL_START:
    if (p == end)
      return jl_fail(lx, JSON_ERR_SYNTAX, p, "empty input");
    break;
  case JL_ARRAY_FIRST:
    if (p < end && *p == ']')
      return jl_close_container(lx, p, JSON_ARRAY_END);
    break;
  case JL_ARRAY_NEXT:
    if (p == end)
      return jl_fail(lx, JSON_ERR_SYNTAX, p, "unexpected end of input");
    if (*p == ']')
      return jl_close_container(lx, p, JSON_ARRAY_END);
    if (*p != ',')
      return jl_fail(lx, JSON_ERR_SYNTAX, p,
                     "expected ',' or ']' after array element");
    p = jl_skip_ws(p + 1, end);
    if (p < end && *p == ']')
      return jl_fail(lx, JSON_ERR_SYNTAX, p, "trailing comma in array");
    break;
  case JL_OBJECT_FIRST:
    if (p == end)
      return jl_fail(lx, JSON_ERR_SYNTAX, p, "unexpected end of input");
    if (*p == '}')
      return jl_close_container(lx, p, JSON_OBJECT_END);
    if (*p != '"')
      return jl_fail(lx, JSON_ERR_SYNTAX, p, "expected string key or '}'");
    lx->token_offset = (size_t)(p - lx->begin);
    return jl_string_token(lx, p, decode, JSON_KEY);
  case JL_OBJECT_NEXT:
    if (p == end)
      return jl_fail(lx, JSON_ERR_SYNTAX, p, "unexpected end of input");
    if (*p == '}')
      return jl_close_container(lx, p, JSON_OBJECT_END);
    if (*p != ',')
      return jl_fail(lx, JSON_ERR_SYNTAX, p,
                     "expected ',' or '}' after object member");
    p = jl_skip_ws(p + 1, end);
    if (p == end)
      return jl_fail(lx, JSON_ERR_SYNTAX, p, "unexpected end of input");
    if (*p == '}')
      return jl_fail(lx, JSON_ERR_SYNTAX, p, "trailing comma in object");
    if (*p != '"')
      return jl_fail(lx, JSON_ERR_SYNTAX, p, "expected string key");
    lx->token_offset = (size_t)(p - lx->begin);
    return jl_string_token(lx, p, decode, JSON_KEY);
  case JL_OBJECT_COLON:
    if (p == end)
      return jl_fail(lx, JSON_ERR_SYNTAX, p, "unexpected end of input");
    if (*p != ':')
      return jl_fail(lx, JSON_ERR_SYNTAX, p, "expected ':' after object key");
    p = jl_skip_ws(p + 1, end);
    break;
  case JL_AFTER:
    if (p == end) {
      lx->state = JL_END;
      lx->cur = p;
      lx->text = NULL;
      lx->len = 0;
      return JSON_END;
    }
    if (*p == ']')
      return jl_fail(lx, JSON_ERR_SYNTAX, p, "unmatched ']'");
    if (*p == '}')
      return jl_fail(lx, JSON_ERR_SYNTAX, p, "unmatched '}'");
    return jl_fail(lx, JSON_ERR_SYNTAX, p,
                   "unexpected data after top-level value");
  default:
    return jl_fail(lx, JSON_ERR_SYNTAX, p, "invalid lexer state");
  }
  lx->token_offset = (size_t)(p - lx->begin);
  return jl_value_token(lx, p, decode);
}

/* ------------------------------------------------------------------------ */
/* API                                                                       */
/* ------------------------------------------------------------------------ */

void json_init(json_lexer *lx, const char *data, size_t len) {
  if (!data) {
    data = "";
    len = 0;
  }
  lx->begin = data;
  lx->cur = data;
  lx->end = data + len;
  lx->max_depth = 0;
  lx->max_string = 0;
  lx->decode = NULL;
  lx->decode_ctx = NULL;
  lx->text = NULL;
  lx->len = 0;
  lx->token_offset = 0;
  lx->error_kind = JSON_ERR_NONE;
  lx->error_offset = 0;
  lx->error = NULL;
  lx->depth = 0;
  lx->state = JL_START;
  lx->after = JL_AFTER;
  /* lx->stack needs no clearing: a level's bit is written when it opens. */
}

json_token json_next(json_lexer *lx) { return jl_next_token(lx, 1); }

/* json_next_member() as json_next() twice. */
static JL_NOINLINE json_token jl_next_member_general(json_lexer *lx,
                                                     const char **key,
                                                     size_t *key_len,
                                                     size_t *key_offset) {
  json_token t = jl_next_token(lx, 1);
  if (t != JSON_KEY) {
    *key = NULL;
    return t;
  }
  *key = lx->text;
  *key_len = lx->len;
  *key_offset = lx->token_offset;
  return jl_next_token(lx, 1);
}

/* Members with a plain key and a plain string or a number for value
 * ("key":"value", "key": 1.5), with at most one space after the comma and
 * after the colon, are lexed here directly; anything else goes through
 * json_next(), from the key or from its value. The spaces are looked for
 * only where a key or value did not start, to keep compact input fast. */
json_token json_next_member(json_lexer *lx, const char **key, size_t *key_len,
                            size_t *key_offset) {
  const char *begin = lx->begin, *end = lx->end;
  const char *p = lx->cur;
  const char *close, *v;
  size_t n;
  if (lx->state == JL_OBJECT_NEXT && p < end && *p == ',')
    p++;
  else if (lx->state != JL_OBJECT_FIRST)
    return jl_next_member_general(lx, key, key_len, key_offset);
  if (p == end)
    return jl_next_member_general(lx, key, key_len, key_offset);
  if (*p != '"') {
    if (*p != ' ' || end - p < 2 || p[1] != '"')
      return jl_next_member_general(lx, key, key_len, key_offset);
    p++;
  }
  close = jl_skip_plain(p + 1, end, begin);
  n = (size_t)(close - p - 1);
  if (close == end || *close != '"' ||
      (lx->max_string != 0 && n > lx->max_string))
    return jl_next_member_general(lx, key, key_len, key_offset);
  /* The key, as json_next() would leave it. */
  *key = lx->text = p + 1;
  *key_len = lx->len = n;
  *key_offset = lx->token_offset = (size_t)(p - begin);
  lx->cur = close + 1;
  lx->state = JL_OBJECT_COLON;
  if (end - close < 3 || close[1] != ':')
    return json_next(lx);
  /* The value, as json_next() would read it after the colon. */
  v = close + 2;
value:
  if (*v == '"') {
    close = jl_skip_plain(v + 1, end, begin);
    n = (size_t)(close - v - 1);
    if (close < end && *close == '"' &&
        (lx->max_string == 0 || n <= lx->max_string)) {
      lx->token_offset = (size_t)(v - begin);
      lx->text = v + 1;
      lx->len = n;
      lx->cur = close + 1;
      jl_after_value(lx);
      return JSON_STRING;
    }
  } else if (*v == '-' || jl_is_digit((unsigned char)*v)) {
    lx->token_offset = (size_t)(v - begin);
    return jl_number_token(lx, v);
  } else if (*v == ' ' && v == close + 2 && end - v > 1) {
    v++;
    goto value;
  }
  return json_next(lx);
}

int json_skip(json_lexer *lx, json_token first) {
  uint32_t target;
  if (lx->state == JL_ERROR)
    return 0;
  if ((first != JSON_OBJECT_BEGIN && first != JSON_ARRAY_BEGIN) ||
      lx->depth == 0)
    return 1;
  target = lx->depth - 1;
  while (lx->depth > target)
    if (jl_next_token(lx, 0) == JSON_ERROR)
      return 0;
  return 1;
}

void json_position(const json_lexer *lx, size_t offset, uint64_t *line,
                   uint64_t *column) {
  size_t len = (size_t)(lx->end - lx->begin);
  const char *s = lx->begin, *stop, *nl;
  uint64_t ln = 1;
  if (offset > len)
    offset = len;
  stop = lx->begin + offset;
  while (s < stop && (nl = memchr(s, '\n', (size_t)(stop - s))) != NULL) {
    ln++;
    s = nl + 1;
  }
  if (line)
    *line = ln;
  if (column)
    *column = (uint64_t)(stop - s) + 1;
}
