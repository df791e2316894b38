/* Byte scanning primitives of the CSV reader, each in a portable scalar
 * form and, where SSE2 is available, a 16-bytes-at-a-time form that gives
 * the same result. The readers call the unsuffixed names; tests compare
 * both forms directly. Defining SDQ_SCAN_SCALAR makes the unsuffixed names
 * use the scalar forms. No function reads outside [p, p + n). Internal to
 * libsdq. */
#ifndef SDQ_SCAN_H
#define SDQ_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "../bits.h"

#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>
#define SCAN_HAVE_SSE2 1
#endif

/* The first i' >= i where an unquoted CSV field stops mattering to
 * framing: a line break, or a delimiter followed by a quote (which opens a
 * quoted field) or ending the data (what follows is not known yet). A
 * delimiter followed by anything else leads to the same framing state as
 * the unquoted field before it, so it is passed over. n if none. */
static inline size_t scan_unquoted_scalar(const char *p, size_t i, size_t n,
                                          char delim) {
  for (; i < n; i++) {
    char c = p[i];
    if (c == '\n' || c == '\r')
      return i;
    if (c == delim && (i + 1 == n || p[i + 1] == '"'))
      return i;
  }
  return n;
}

/* The first i' >= i holding a quote or a line break; n if none. */
static inline size_t scan_quoted_scalar(const char *p, size_t i, size_t n) {
  for (; i < n; i++)
    if (p[i] == '"' || p[i] == '\n' || p[i] == '\r')
      return i;
  return n;
}

/* The first i' >= i holding a byte >= 0x80; n if none. */
static inline size_t scan_ascii_scalar(const char *p, size_t i, size_t n) {
  for (; i < n; i++)
    if ((unsigned char)p[i] >= 0x80)
      return i;
  return n;
}

/* Bit k set when base + k < n and p[base + k] is a or b (k < 64). */
static inline uint64_t scan_mask64_scalar(const char *p, size_t base, size_t n,
                                          char a, char b) {
  uint64_t m = 0;
  size_t end = n - base < 64 ? n - base : 64;
  for (size_t k = 0; k < end; k++)
    if (p[base + k] == a || p[base + k] == b)
      m |= (uint64_t)1 << k;
  return m;
}

/* What the bytes of a 64-byte window of a row are: bit k of each mask
 * describes p[base + k] when base + k < n, and is 0 past n. */
typedef struct scan_masks {
  uint64_t delim; /* the delimiter */
  uint64_t quote; /* '"' */
  uint64_t high;  /* a byte >= 0x80 */
  uint64_t nl;    /* a line break: '\n' or '\r' */
} scan_masks;

static inline scan_masks scan_classify64_scalar(const char *p, size_t base,
                                                size_t n, char delim) {
  scan_masks m = {0, 0, 0, 0};
  size_t end = n - base < 64 ? n - base : 64;
  for (size_t k = 0; k < end; k++) {
    char c = p[base + k];
    m.delim |= (uint64_t)(c == delim) << k;
    m.quote |= (uint64_t)(c == '"') << k;
    m.high |= (uint64_t)((unsigned char)c >= 0x80) << k;
    m.nl |= (uint64_t)(c == '\n' || c == '\r') << k;
  }
  return m;
}

/* Bit k of the result: the parity of the bits 0..k of m, so that a quote
 * mask becomes "inside quotes" (each quote toggling, itself included). */
static inline uint64_t scan_prefix_xor(uint64_t m) {
  m ^= m << 1;
  m ^= m << 2;
  m ^= m << 4;
  m ^= m << 8;
  m ^= m << 16;
  m ^= m << 32;
  return m;
}

/* The length of the valid UTF-8 sequence that starts with the byte
 * p[i] >= 0x80 within p[0..len), or 0 when it is not one (overlong forms,
 * surrogates and code points past U+10FFFF are invalid). */
static inline size_t scan_utf8_sequence(const unsigned char *p, size_t i,
                                        size_t len) {
  unsigned c = p[i];
  size_t n;
  unsigned min;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 1;
    min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 2;
    min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 3;
    min = 0x10000;
  } else {
    return 0;
  }
  if (len - i <= n)
    return 0;
  unsigned cp = c & (0x3Fu >> n);
  for (size_t k = 1; k <= n; k++) {
    unsigned cc = p[i + k];
    if ((cc & 0xC0) != 0x80)
      return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return n + 1;
}

#if defined(SCAN_HAVE_SSE2)
static inline unsigned scan_eq16(__m128i v, char c) {
  return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c)));
}

static inline size_t scan_unquoted_sse2(const char *p, size_t i, size_t n,
                                        char delim) {
  while (n - i >= 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
    unsigned breaks = scan_eq16(v, '\n') | scan_eq16(v, '\r');
    unsigned delims = scan_eq16(v, delim);
    unsigned quotes = scan_eq16(v, '"');
    /* A delimiter in the last lane is checked against the next byte. */
    unsigned m = breaks | (delims & ((quotes >> 1) | 0x8000u));
    while (m) {
      size_t j = i + (unsigned)__builtin_ctz(m);
      if (!((delims >> (j - i)) & 1u) || j + 1 == n || p[j + 1] == '"')
        return j;
      m &= m - 1;
    }
    i += 16;
  }
  return scan_unquoted_scalar(p, i, n, delim);
}

static inline size_t scan_quoted_sse2(const char *p, size_t i, size_t n) {
  while (n - i >= 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
    unsigned m = scan_eq16(v, '"') | scan_eq16(v, '\n') | scan_eq16(v, '\r');
    if (m)
      return i + (unsigned)__builtin_ctz(m);
    i += 16;
  }
  return scan_quoted_scalar(p, i, n);
}

static inline size_t scan_ascii_sse2(const char *p, size_t i, size_t n) {
  while (n - i >= 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
    unsigned m = (unsigned)_mm_movemask_epi8(v);
    if (m)
      return i + (unsigned)__builtin_ctz(m);
    i += 16;
  }
  return scan_ascii_scalar(p, i, n);
}

static inline uint64_t scan_mask64_sse2(const char *p, size_t base, size_t n,
                                        char a, char b) {
  size_t end = n - base < 64 ? n - base : 64;
  uint64_t m = 0;
  size_t k = 0;
  for (; end - k >= 16; k += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + base + k));
    m |= (uint64_t)(scan_eq16(v, a) | scan_eq16(v, b)) << k;
  }
  if (k < end)
    m |= scan_mask64_scalar(p, base + k, base + end, a, b) << k;
  return m;
}

/* The masks of 16 bytes at p, in the low 16 bits. */
static inline void scan_classify16(const char *p, __m128i delims, unsigned *d,
                                   unsigned *q, unsigned *h, unsigned *l) {
  __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
  *d = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, delims));
  *q = scan_eq16(v, '"');
  *h = (unsigned)_mm_movemask_epi8(v);
  *l = scan_eq16(v, '\n') | scan_eq16(v, '\r');
}

/* The delimiter is given in every byte of `delims` (scan_delims()). */
static inline scan_masks scan_classify64_sse2(const char *p, size_t base,
                                              size_t n, __m128i delims) {
  unsigned d, q, h, l;
  if (n - base >= 64) {
    /* A whole window, unrolled: the shifts are constants. */
    scan_masks m;
    scan_classify16(p + base, delims, &d, &q, &h, &l);
    m.delim = d;
    m.quote = q;
    m.high = h;
    m.nl = l;
    scan_classify16(p + base + 16, delims, &d, &q, &h, &l);
    m.delim |= (uint64_t)d << 16;
    m.quote |= (uint64_t)q << 16;
    m.high |= (uint64_t)h << 16;
    m.nl |= (uint64_t)l << 16;
    scan_classify16(p + base + 32, delims, &d, &q, &h, &l);
    m.delim |= (uint64_t)d << 32;
    m.quote |= (uint64_t)q << 32;
    m.high |= (uint64_t)h << 32;
    m.nl |= (uint64_t)l << 32;
    scan_classify16(p + base + 48, delims, &d, &q, &h, &l);
    m.delim |= (uint64_t)d << 48;
    m.quote |= (uint64_t)q << 48;
    m.high |= (uint64_t)h << 48;
    m.nl |= (uint64_t)l << 48;
    return m;
  }
  size_t end = n - base;
  scan_masks m = {0, 0, 0, 0};
  size_t k = 0;
  for (; end - k >= 16; k += 16) {
    scan_classify16(p + base + k, delims, &d, &q, &h, &l);
    m.delim |= (uint64_t)d << k;
    m.quote |= (uint64_t)q << k;
    m.high |= (uint64_t)h << k;
    m.nl |= (uint64_t)l << k;
  }
  if (k < end) {
    size_t rest = end - k;
    if (base + k >= 16 - rest) {
      /* The 16 bytes that end where the data ends, shifted so that only
       * the last `rest` remain: no byte past n is read. */
      scan_classify16(p + base + end - 16, delims, &d, &q, &h, &l);
      unsigned drop = (unsigned)(16 - rest);
      m.delim |= (uint64_t)(d >> drop) << k;
      m.quote |= (uint64_t)(q >> drop) << k;
      m.high |= (uint64_t)(h >> drop) << k;
      m.nl |= (uint64_t)(l >> drop) << k;
    } else {
      scan_masks t = scan_classify64_scalar(p, base + k, base + end,
                                            (char)_mm_cvtsi128_si32(delims));
      m.delim |= t.delim << k;
      m.quote |= t.quote << k;
      m.high |= t.high << k;
      m.nl |= t.nl << k;
    }
  }
  return m;
}
#endif

/* scan_classify64() takes the delimiter as scan_delims() makes it, once
 * per row rather than once per window: the SSE2 form wants it in every
 * byte of a vector, and when it was broadcast in the window loop the
 * compiler kept the byte on the stack and rebuilt the vector from it for
 * every window, where perf showed the row parser's samples piling up. */
#if defined(SCAN_HAVE_SSE2) && !defined(SDQ_SCAN_SCALAR)
#define scan_unquoted scan_unquoted_sse2
#define scan_quoted scan_quoted_sse2
#define scan_ascii scan_ascii_sse2
#define scan_mask64 scan_mask64_sse2
#define scan_classify64 scan_classify64_sse2
typedef __m128i scan_delim;
static inline scan_delim scan_delims(char delim) {
  return _mm_set1_epi8(delim);
}
#else
#define scan_unquoted scan_unquoted_scalar
#define scan_quoted scan_quoted_scalar
#define scan_ascii scan_ascii_scalar
#define scan_mask64 scan_mask64_scalar
#define scan_classify64 scan_classify64_scalar
typedef char scan_delim;
static inline scan_delim scan_delims(char delim) { return delim; }
#endif

/* Asks for the bytes `ahead` bytes past p to be brought into the cache,
 * without waiting for them and without faulting when they are past the
 * data (the address is worked out as an integer, so that no pointer
 * leaves its buffer). The readers and the cut fetch SCAN_PREFETCH_AHEAD
 * bytes ahead of what they scan: the processor's own prefetching stops at
 * the end of each 4 KB page, and a file's pages lie anywhere in memory,
 * so that every page would otherwise start with a wait for memory. */
#define SCAN_PREFETCH_AHEAD 2048
static inline void scan_prefetch(const char *p, size_t ahead) {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch((const void *)((uintptr_t)p + ahead));
#else
  (void)p;
  (void)ahead;
#endif
}

#endif
