/*
 * Helpers shared by the fuzz targets: an input cursor, a small PRNG, a
 * checking allocator, a byte buffer for serialized outcomes, an
 * independent UTF-8 validator, error and position checks, and a reader
 * driver that feeds an input in chunks and checks every outcome.
 *
 * The targets use the public API only (include/sdq.h). Every check that
 * fails prints what broke and calls abort(), which libFuzzer reports as a
 * crash and the replay driver as a failed test.
 */
#ifndef SDQ_FUZZ_COMMON_H
#define SDQ_FUZZ_COMMON_H

#include "../status_name.h"
#include "sdq.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__)
#define FZ_UNUSED __attribute__((unused))
#define FZ_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define FZ_UNUSED
#define FZ_PRINTF(a, b)
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ------------------------------------------------------------------------ */
/* Failing                                                                   */
/* ------------------------------------------------------------------------ */

static void fz_fail(const char *file, int line, const char *cond,
                    const char *fmt, ...) FZ_PRINTF(4, 5);
static FZ_UNUSED void fz_fail(const char *file, int line, const char *cond,
                              const char *fmt, ...) {
  fprintf(stderr, "\n==fuzz== invariant broken at %s:%d: %s\n", file, line,
          cond);
  if (fmt && *fmt) {
    va_list ap;
    va_start(ap, fmt);
    fputs("==fuzz== ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
  }
  fflush(stderr);
  abort();
}

#define FZ_CHECK(cond, ...)                                                    \
  do {                                                                         \
    if (!(cond))                                                               \
      fz_fail(__FILE__, __LINE__, #cond, "" __VA_ARGS__);                      \
  } while (0)

/* Reads every byte, so that the sanitizers see each access. */
static FZ_UNUSED void fz_touch(const void *p, size_t n) {
  static volatile unsigned char sink;
  const unsigned char *b = p;
  unsigned char acc = 0;
  for (size_t i = 0; i < n; i++)
    acc ^= b[i];
  sink = (unsigned char)(sink ^ acc);
  (void)sink;
}

/* ------------------------------------------------------------------------ */
/* Input cursor and PRNG                                                     */
/* ------------------------------------------------------------------------ */

typedef struct fz_input {
  const uint8_t *p;
  size_t n;
} fz_input;

/* The next byte, or 0 once the input is used up. */
static FZ_UNUSED uint8_t fz_byte(fz_input *in) {
  if (!in->n)
    return 0;
  in->n--;
  return *in->p++;
}

typedef struct fz_rng {
  uint64_t s;
} fz_rng;

static FZ_UNUSED uint64_t fz_rand(fz_rng *r) {
  /* splitmix64 */
  uint64_t z = (r->s += UINT64_C(0x9E3779B97F4A7C15));
  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* ------------------------------------------------------------------------ */
/* Checking allocator                                                        */
/* ------------------------------------------------------------------------ */

/* Checks the allocator contract of sdq.h: `free` and `realloc` get the size
 * the block was allocated with, the library never asks for 0 bytes and
 * never passes NULL to realloc or free. Counts live blocks and bytes, so
 * that a leak shows up without LeakSanitizer too. Can fail the n-th
 * allocation and every `fail_every`-th one after it, to reach the
 * out-of-memory paths. */
typedef struct fz_alloc {
  uint64_t live_blocks, live_bytes;
  uint64_t calls;      /* malloc + realloc calls so far */
  uint64_t fail_at;    /* 0: never fail; else fail call number fail_at... */
  uint64_t fail_every; /* ...and then every fail_every-th call (0: once) */
  uint64_t failed;
} fz_alloc;

#define FZ_HDR 16
#define FZ_MAGIC UINT64_C(0x5D0A110C5D0A110C)

static bool fz_alloc_should_fail(fz_alloc *a) {
  a->calls++;
  if (!a->fail_at || a->calls < a->fail_at)
    return false;
  if (a->calls == a->fail_at ||
      (a->fail_every && (a->calls - a->fail_at) % a->fail_every == 0)) {
    a->failed++;
    return true;
  }
  return false;
}

static void *fz_malloc(void *ctx, size_t size) {
  fz_alloc *a = ctx;
  FZ_CHECK(size != 0, "the library asked for 0 bytes");
  if (fz_alloc_should_fail(a) || size > SIZE_MAX - FZ_HDR)
    return NULL;
  unsigned char *p = malloc(size + FZ_HDR);
  if (!p)
    return NULL;
  uint64_t h[2] = {FZ_MAGIC, (uint64_t)size};
  memcpy(p, h, sizeof h);
  a->live_blocks++;
  a->live_bytes += size;
  return p + FZ_HDR;
}

static void fz_check_block(void *ptr, size_t size, const char *what) {
  FZ_CHECK(ptr != NULL, "%s(NULL)", what);
  uint64_t h[2];
  memcpy(h, (unsigned char *)ptr - FZ_HDR, sizeof h);
  FZ_CHECK(h[0] == FZ_MAGIC, "%s of a block not from this allocator", what);
  FZ_CHECK(h[1] == (uint64_t)size,
           "%s given size %zu for a block of %llu bytes", what, size,
           (unsigned long long)h[1]);
}

static void fz_free(void *ctx, void *ptr, size_t size) {
  fz_alloc *a = ctx;
  fz_check_block(ptr, size, "free");
  unsigned char *p = (unsigned char *)ptr - FZ_HDR;
  memset(p, 0, sizeof(uint64_t)); /* a second free breaks the magic */
  a->live_blocks--;
  a->live_bytes -= size;
  free(p);
}

static void *fz_realloc(void *ctx, void *ptr, size_t old_size,
                        size_t new_size) {
  fz_alloc *a = ctx;
  fz_check_block(ptr, old_size, "realloc");
  FZ_CHECK(new_size != 0, "realloc to 0 bytes");
  if (fz_alloc_should_fail(a) || new_size > SIZE_MAX - FZ_HDR)
    return NULL;
  /* Always move the block, so that a stale pointer into it is caught. */
  unsigned char *q = malloc(new_size + FZ_HDR);
  if (!q)
    return NULL;
  uint64_t h[2] = {FZ_MAGIC, (uint64_t)new_size};
  memcpy(q, h, sizeof h);
  memcpy(q + FZ_HDR, ptr, old_size < new_size ? old_size : new_size);
  unsigned char *p = (unsigned char *)ptr - FZ_HDR;
  memset(p, 0, sizeof(uint64_t));
  free(p);
  a->live_bytes += new_size;
  a->live_bytes -= old_size;
  return q + FZ_HDR;
}

static FZ_UNUSED sdq_allocator fz_allocator(fz_alloc *a) {
  sdq_allocator al = {fz_malloc, fz_realloc, fz_free, a};
  return al;
}

static FZ_UNUSED void fz_alloc_check_empty(const fz_alloc *a) {
  FZ_CHECK(a->live_blocks == 0 && a->live_bytes == 0,
           "leak: %llu blocks, %llu bytes still allocated after every object "
           "was freed",
           (unsigned long long)a->live_blocks,
           (unsigned long long)a->live_bytes);
}

/* ------------------------------------------------------------------------ */
/* Byte buffer                                                               */
/* ------------------------------------------------------------------------ */

typedef struct fz_buf {
  char *data;
  size_t len, cap;
} fz_buf;

static FZ_UNUSED void fz_put(fz_buf *b, const void *p, size_t n) {
  if (!b)
    return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1)
      cap *= 2;
    char *d = realloc(b->data, cap);
    FZ_CHECK(d != NULL, "out of memory in the fuzz target itself");
    b->data = d;
    b->cap = cap;
  }
  if (n)
    memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
}

static void fz_printf(fz_buf *b, const char *fmt, ...) FZ_PRINTF(2, 3);
static FZ_UNUSED void fz_printf(fz_buf *b, const char *fmt, ...) {
  if (!b)
    return;
  char tmp[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0)
    n = 0;
  if ((size_t)n >= sizeof tmp)
    n = sizeof tmp - 1;
  fz_put(b, tmp, (size_t)n);
}

/* A length-prefixed byte string, so that any bytes serialize unambiguously. */
static FZ_UNUSED void fz_put_bytes(fz_buf *b, const char *p, size_t n) {
  fz_printf(b, "%zu:", n);
  fz_put(b, p, n);
}

static FZ_UNUSED void fz_buf_free(fz_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

/* Reports the first difference of two serializations and aborts. */
static FZ_UNUSED void fz_compare(const char *what, const fz_buf *a,
                                 const fz_buf *b) {
  size_t n = a->len < b->len ? a->len : b->len;
  size_t i = 0;
  while (i < n && a->data[i] == b->data[i])
    i++;
  if (i == n && a->len == b->len)
    return;
  size_t from = i > 160 ? i - 160 : 0;
  fprintf(stderr, "\n==fuzz== %s: outcomes differ at byte %zu\n", what, i);
  fprintf(stderr, "==fuzz== first:  ...%.*s<<<HERE>>>%.*s\n", (int)(i - from),
          a->data + from, (int)(a->len - i > 200 ? 200 : a->len - i),
          a->data + i);
  fprintf(stderr, "==fuzz== second: ...%.*s<<<HERE>>>%.*s\n", (int)(i - from),
          b->data + from, (int)(b->len - i > 200 ? 200 : b->len - i),
          b->data + i);
  fz_fail(__FILE__, __LINE__, what, "serialized outcomes differ");
}

/* ------------------------------------------------------------------------ */
/* UTF-8                                                                     */
/* ------------------------------------------------------------------------ */

/* Offset of the first byte that is not part of well-formed UTF-8 (Unicode
 * table 3-7), or SIZE_MAX. Written independently of the library's. */
static FZ_UNUSED size_t fz_utf8_invalid_at(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    unsigned c = p[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t k;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      k = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      k = 3;
      if (c == 0xE0)
        lo = 0xA0;
      if (c == 0xED)
        hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      k = 4;
      if (c == 0xF0)
        lo = 0x90;
      if (c == 0xF4)
        hi = 0x8F;
    } else {
      return i;
    }
    if (n - i < k)
      return i;
    if (p[i + 1] < lo || p[i + 1] > hi)
      return i;
    for (size_t j = 2; j < k; j++)
      if ((p[i + j] & 0xC0) != 0x80)
        return i;
    i += k;
  }
  return SIZE_MAX;
}

static FZ_UNUSED bool fz_utf8_valid(const char *s, size_t n) {
  return fz_utf8_invalid_at(s, n) == SIZE_MAX;
}

/* ------------------------------------------------------------------------ */
/* Errors and positions                                                      */
/* ------------------------------------------------------------------------ */

/* Fills an sdq_error with a pattern and no NUL, so that a message the
 * library leaves unterminated, or a struct it writes when it should not,
 * shows up. */
static FZ_UNUSED void fz_poison(sdq_error *err) {
  memset(err, 0xA5, sizeof *err);
}

static FZ_UNUSED bool fz_is_poison(const sdq_error *err) {
  const unsigned char *p = (const unsigned char *)err;
  for (size_t i = 0; i < sizeof *err; i++)
    if (p[i] != 0xA5)
      return false;
  return true;
}

/* The message of an error the library filled: NUL-terminated, non-empty,
 * valid UTF-8. */
static FZ_UNUSED void fz_check_message(const sdq_error *err) {
  const char *nul = memchr(err->message, '\0', sizeof err->message);
  FZ_CHECK(nul != NULL, "error message is not NUL-terminated");
  size_t n = (size_t)(nul - err->message);
  FZ_CHECK(n > 0, "error message is empty");
  size_t bad = fz_utf8_invalid_at(err->message, n);
  FZ_CHECK(bad == SIZE_MAX,
           "error message is not valid UTF-8 (byte %zu of %zu): \"%s\"", bad, n,
           err->message);
}

/* Line and column (1-based, bytes) of byte `off` of an input, as sdq.h and
 * docs/api.md define them: in CSV, LF, CRLF and CR end lines; in NDJSON
 * (and JSON documents), LF does. A UTF-8 byte order mark at the start of a
 * reader's input is not counted in the columns of line 1. */
static FZ_UNUSED void fz_position(const uint8_t *d, size_t len, uint64_t off,
                                  bool cr_breaks, bool skip_bom, uint64_t *line,
                                  uint64_t *col) {
  size_t start = 0;
  if (skip_bom && len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF)
    start = 3;
  uint64_t l = 1;
  size_t ls = start;
  for (size_t i = start; i < off && i < len; i++) {
    if (d[i] == '\n' ||
        (cr_breaks && d[i] == '\r' && !(i + 1 < len && d[i + 1] == '\n'))) {
      l++;
      ls = i + 1;
    }
  }
  *line = l;
  *col = off >= ls ? off - ls + 1 : 0;
}

static FZ_UNUSED const char *fz_status_name(sdq_status st) {
  return test_status_name(st);
}

/* ------------------------------------------------------------------------ */
/* Records                                                                   */
/* ------------------------------------------------------------------------ */

/* Reads every field of every item of a record, checks each value (valid
 * UTF-8, at most `max_value` bytes unless 0) and serializes the record. */
static FZ_UNUSED void fz_record_as(fz_buf *out, const sdq_record *rec,
                                   uint64_t max_value, uint64_t max_items,
                                   uint64_t number) {
  size_t items = sdq_record_item_count(rec);
  if (max_items)
    FZ_CHECK(items <= max_items, "record has %zu items; the limit is %llu",
             items, (unsigned long long)max_items);
  fz_printf(out, "OK n=%llu line=%llu items=%zu", (unsigned long long)number,
            (unsigned long long)sdq_record_line(rec), items);
  for (int f = 0; f < SDQ_CONSIGNMENT_FIELD_COUNT; f++) {
    const char *v = (const char *)1;
    size_t n = 1;
    int has = sdq_record_get(rec, (sdq_field)f, &v, &n);
    if (!has) {
      FZ_CHECK(v == NULL && n == 0, "absent field %d: value not cleared", f);
      continue;
    }
    FZ_CHECK(v != NULL || n == 0, "field %d present with NULL value", f);
    fz_touch(v, n);
    size_t bad = fz_utf8_invalid_at(v, n);
    FZ_CHECK(bad == SIZE_MAX, "field %s: value not valid UTF-8 at byte %zu",
             sdq_field_name((sdq_field)f), bad);
    if (max_value)
      FZ_CHECK(n <= max_value,
               "field %s: value of %zu bytes; the field byte limit is %llu "
               "(value \"%.*s\")",
               sdq_field_name((sdq_field)f), n, (unsigned long long)max_value,
               (int)(n > 64 ? 64 : n), v);
    fz_printf(out, " f%d=", f);
    fz_put_bytes(out, v, n);
  }
  for (size_t i = 0; i <= items; i++) {
    if (i < items)
      fz_printf(out, " |%zu", i);
    for (int k = 0; k < SDQ_ITEM_FIELD_COUNT; k++) {
      sdq_field f = (sdq_field)(SDQ_ITEM_FIELD_BASE + k);
      const char *v = (const char *)1;
      size_t n = 1;
      int has = sdq_record_get_item(rec, i, f, &v, &n);
      if (i == items) {
        /* One past the last item: never a value. */
        FZ_CHECK(!has && v == NULL && n == 0, "value past the last item");
        continue;
      }
      if (!has) {
        FZ_CHECK(v == NULL && n == 0, "absent item field: value not cleared");
        continue;
      }
      fz_touch(v, n);
      size_t bad = fz_utf8_invalid_at(v, n);
      FZ_CHECK(bad == SIZE_MAX,
               "item %zu field %s: value not valid UTF-8 at byte %zu", i,
               sdq_field_name(f), bad);
      if (max_value)
        FZ_CHECK(n <= max_value,
                 "item %zu field %s: value of %zu bytes; the field byte limit "
                 "is %llu (value \"%.*s\")",
                 i, sdq_field_name(f), n, (unsigned long long)max_value,
                 (int)(n > 64 ? 64 : n), v);
      if (i == 0) {
        /* sdq_record_get() of an item field reads item 0. */
        const char *v0;
        size_t n0;
        FZ_CHECK(sdq_record_get(rec, f, &v0, &n0) == 1 && v0 == v && n0 == n,
                 "sdq_record_get of an item field is not item 0");
      }
      fz_printf(out, " i%d=", k);
      fz_put_bytes(out, v, n);
    }
  }
  fz_put(out, "\n", 1);
}

/* As fz_record_as(), serialized with the record's own number. */
static FZ_UNUSED void fz_record(fz_buf *out, const sdq_record *rec,
                                uint64_t max_value, uint64_t max_items) {
  fz_record_as(out, rec, max_value, max_items, sdq_record_number(rec));
}

/* ------------------------------------------------------------------------ */
/* Reading an input through a reader                                        */
/* ------------------------------------------------------------------------ */

typedef struct fz_read_opts {
  sdq_format format;
  char delim;           /* CSV: 0 (detect), ',', ';', '\t', '|' */
  int group;            /* CSV: group items */
  uint64_t field_bytes; /* limits in force (for the checks; 0: unchecked) */
  uint64_t items;
  /* Called for each record and each rejection (may be NULL). */
  void (*on_record)(void *ctx, const sdq_record *rec);
  void (*on_reject)(void *ctx, sdq_status st, const sdq_error *err);
  void *ctx;
} fz_read_opts;

/* How the input is cut into chunks. */
typedef struct fz_chunking {
  int mode; /* 0: one chunk; 1: PRNG sizes; 2: the `sizes` list */
  fz_rng rng;
  unsigned max;         /* PRNG: largest chunk */
  const uint8_t *sizes; /* mode 2: chunk sizes, used in turn */
  size_t nsizes, next;
  bool finish_early; /* call finish right after feeding the last chunk */
} fz_chunking;

static size_t fz_next_chunk(fz_chunking *ch, size_t left) {
  size_t k = left;
  if (ch->mode == 1) {
    uint64_t r = fz_rand(&ch->rng);
    switch (r & 7) {
    case 0:
      k = 0; /* an empty chunk */
      break;
    case 1:
    case 2:
      k = 1 + (size_t)((r >> 8) % 3);
      break;
    default:
      k = 1 + (size_t)((r >> 8) % (ch->max ? ch->max : 1));
      break;
    }
  } else if (ch->mode == 2 && ch->nsizes) {
    k = ch->sizes[ch->next++ % ch->nsizes];
    if (k == 0 && ch->next % 4 == 0)
      k = left; /* some zeros stand for "the rest" */
  }
  return k < left ? k : left;
}

typedef struct fz_read_state {
  const fz_read_opts *o;
  const uint8_t *data;
  size_t len;
  fz_buf *out;
  uint64_t ok, rejected, outcomes;
  bool header_error;
  /* Records (accepted + rejected) before the part being read: a part's
   * reader numbers its records from 1; they are serialized as numbered
   * across the whole input. 0 for a whole read. */
  uint64_t base;
} fz_read_state;

/* Checks and serializes one outcome of sdq_reader_next(). */
static void fz_outcome(fz_read_state *s, sdq_status st, const sdq_record *rec,
                       const sdq_error *err) {
  const fz_read_opts *o = s->o;
  s->outcomes++;
  FZ_CHECK(s->outcomes <= s->len + 2,
           "more outcomes (%llu) than the input (%zu bytes) can hold",
           (unsigned long long)s->outcomes, s->len);
  if (st == SDQ_OK) {
    FZ_CHECK(fz_is_poison(err), "sdq_error written for an accepted record");
    uint64_t expect = s->ok + s->rejected + 1 - s->base;
    FZ_CHECK(
        sdq_record_number(rec) == expect, "record number %llu, expected %llu",
        (unsigned long long)sdq_record_number(rec), (unsigned long long)expect);
    FZ_CHECK(sdq_record_line(rec) >= 1, "record line 0");
    s->ok++;
    fz_record_as(s->out, rec, o->field_bytes, o->items,
                 sdq_record_number(rec) + s->base);
    if (o->on_record)
      o->on_record(o->ctx, rec);
    return;
  }
  FZ_CHECK(st == SDQ_EPARSE || st == SDQ_ELIMIT || st == SDQ_ENOMEM,
           "sdq_reader_next returned %d (%s)", (int)st, fz_status_name(st));
  FZ_CHECK(err->code == st, "err.code %d but status %d", (int)err->code,
           (int)st);
  fz_check_message(err);
  FZ_CHECK(err->line >= 1, "rejection with line 0: \"%s\"", err->message);
  FZ_CHECK(err->column >= 1, "rejection with column 0: \"%s\"", err->message);
  FZ_CHECK(err->offset <= s->len, "rejection offset %llu past the input (%zu)",
           (unsigned long long)err->offset, s->len);
  if (err->record == 0) {
    /* Only a CSV header row, once, before any record. */
    FZ_CHECK(o->format == SDQ_FORMAT_CSV, "NDJSON rejection with record 0");
    FZ_CHECK(!s->header_error && s->ok + s->rejected == 0,
             "a rejection with record 0 that is not the header's");
    s->header_error = true;
  } else {
    uint64_t expect = s->ok + s->rejected + 1 - s->base;
    FZ_CHECK(err->record == expect, "rejected record %llu, expected %llu",
             (unsigned long long)err->record, (unsigned long long)expect);
    s->rejected++;
  }
  /* The position must be that of the offset in the input. */
  if (st != SDQ_ENOMEM) {
    uint64_t line, col;
    fz_position(s->data, s->len, err->offset, o->format == SDQ_FORMAT_CSV, true,
                &line, &col);
    FZ_CHECK(line == err->line && col == err->column,
             "error at offset %llu reported at line %llu column %llu; that "
             "offset is line %llu column %llu (\"%s\")",
             (unsigned long long)err->offset, (unsigned long long)err->line,
             (unsigned long long)err->column, (unsigned long long)line,
             (unsigned long long)col, err->message);
  }
  fz_printf(s->out,
            "%s n=%llu line=%llu col=%llu off=%llu msg=", fz_status_name(st),
            (unsigned long long)(err->record ? err->record + s->base : 0),
            (unsigned long long)err->line, (unsigned long long)err->column,
            (unsigned long long)err->offset);
  fz_put_bytes(s->out, err->message, strlen(err->message));
  fz_put(s->out, "\n", 1);
  if (o->on_reject && err->record != 0)
    o->on_reject(o->ctx, st, err);
}

/* Pulls outcomes until NEED_INPUT (finished == false) or END. */
static void fz_drain(fz_read_state *s, sdq_reader *r, sdq_record *rec,
                     bool finished) {
  for (;;) {
    sdq_error err;
    fz_poison(&err);
    sdq_status st = sdq_reader_next(r, rec, &err);
    if (st == SDQ_NEED_INPUT) {
      FZ_CHECK(!finished, "NEED_INPUT after finish");
      FZ_CHECK(fz_is_poison(&err), "sdq_error written for NEED_INPUT");
      return;
    }
    if (st == SDQ_END) {
      FZ_CHECK(finished, "END before finish");
      FZ_CHECK(fz_is_poison(&err), "sdq_error written for END");
      /* END stays END. */
      FZ_CHECK(sdq_reader_next(r, rec, &err) == SDQ_END, "END then not END");
      FZ_CHECK(sdq_record_item_count(rec) == 0, "record not cleared at END");
      return;
    }
    fz_outcome(s, st, rec, &err);
  }
}

/* Checks and serializes the unmapped names of a reader. */
static FZ_UNUSED void fz_unmapped(fz_buf *out, const sdq_reader *r) {
  size_t nu = sdq_reader_unmapped_count(r);
  FZ_CHECK(nu <= 256, "%zu unmapped names", nu);
  for (size_t i = 0; i <= nu; i++) {
    uint64_t occ = 7;
    const char *name = sdq_reader_unmapped(r, i, &occ);
    if (i == nu) {
      FZ_CHECK(name == NULL && occ == 0, "unmapped name past the count");
      break;
    }
    FZ_CHECK(name != NULL, "unmapped name %zu is NULL", i);
    size_t n = strlen(name);
    FZ_CHECK(n <= 96, "unmapped name of %zu bytes", n);
    FZ_CHECK(fz_utf8_valid(name, n), "unmapped name not valid UTF-8");
    fz_printf(out, "unmapped ");
    fz_put_bytes(out, name, n);
    fz_printf(out, "=%llu\n", (unsigned long long)occ);
  }
}

/* Reads data[0..len) with reader r (fresh or reset) in the chunks `ch`
 * gives, checking every outcome and serializing them into `out`. */
static FZ_UNUSED void fz_read(sdq_reader *r, sdq_record *rec,
                              const fz_read_opts *o, const uint8_t *data,
                              size_t len, fz_chunking *ch, fz_buf *out) {
  fz_read_state s = {o, data, len, out, 0, 0, 0, false, 0};
  if (o->format == SDQ_FORMAT_CSV) {
    FZ_CHECK(sdq_reader_set_delimiter(r, o->delim) == SDQ_OK, "delimiter");
    FZ_CHECK(sdq_reader_set_group_items(r, o->group) == SDQ_OK, "group");
  } else {
    FZ_CHECK(sdq_reader_set_delimiter(r, ',') == SDQ_EINVAL,
             "NDJSON reader took a delimiter");
  }
  size_t pos = 0;
  bool fed = false;
  while (pos < len || !fed) {
    size_t k = fz_next_chunk(ch, len - pos);
    /* A copy of exactly the chunk, freed as soon as the reader says it is
     * done with it: a value or state left pointing into it is caught. */
    uint8_t *chunk = k ? malloc(k) : NULL;
    FZ_CHECK(k == 0 || chunk != NULL, "out of memory in the fuzz target");
    if (k)
      memcpy(chunk, data + pos, k);
    FZ_CHECK(sdq_reader_feed(r, chunk, k) == SDQ_OK, "feed refused");
    if (!fed && o->format == SDQ_FORMAT_CSV)
      FZ_CHECK(sdq_reader_set_delimiter(r, ',') == SDQ_ESTATE,
               "delimiter changed after a feed");
    fed = true;
    pos += k;
    if (pos == len && ch->finish_early) {
      FZ_CHECK(sdq_reader_finish(r) == SDQ_OK, "finish refused");
      fz_drain(&s, r, rec, true);
      free(chunk);
      goto done;
    }
    fz_drain(&s, r, rec, false);
    free(chunk);
  }
  FZ_CHECK(sdq_reader_finish(r) == SDQ_OK, "finish refused");
  FZ_CHECK(sdq_reader_finish(r) == SDQ_ESTATE, "finish twice accepted");
  fz_drain(&s, r, rec, true);
done:
  FZ_CHECK(sdq_reader_feed(r, "x", 1) == SDQ_ESTATE, "feed after finish");
  uint64_t records = sdq_reader_records(r);
  FZ_CHECK(records == s.ok + s.rejected,
           "sdq_reader_records %llu, but %llu accepted + %llu rejected",
           (unsigned long long)records, (unsigned long long)s.ok,
           (unsigned long long)s.rejected);
  FZ_CHECK(sdq_reader_offset(r) == len, "offset %llu at the end of %zu bytes",
           (unsigned long long)sdq_reader_offset(r), len);
  fz_printf(out, "END records=%llu ok=%llu offset=%llu\n",
            (unsigned long long)records, (unsigned long long)s.ok,
            (unsigned long long)sdq_reader_offset(r));
  fz_unmapped(out, r);
}

/* One outcome of a part's reader, kept until the reader is freed. */
typedef struct fz_part_outcome {
  sdq_status st;
  sdq_record *rec; /* SDQ_OK */
  sdq_error err;
} fz_part_outcome;

/* Reads data[0..len) in parts (sdq_reader_cut, sdq_reader_fork,
 * sdq_reader_join), the data given to the lead growing by the sizes `ch`
 * gives: fork, cut (a fresh copy of the data, freed right after, so that a
 * lead keeping a pointer into it is caught), read the first *len bytes (a
 * fresh copy) with the fork in one feed + finish, keep the rest; when the
 * cut gives 0 bytes, add data and cut again with the same fork. Every
 * outcome of a part is pulled into a record of its own and checked and
 * serialized only once the part's reader is freed (sdq_reader_fork()
 * promises that the values live as long as the bytes and the records).
 * The serialization is fz_read()'s of the whole input: records numbered
 * across the parts, the joined reader's record count and unmapped names,
 * the last part's end offset. */
static FZ_UNUSED void fz_read_parts(const sdq_engine *engine,
                                    const fz_read_opts *o, const uint8_t *data,
                                    size_t len, fz_chunking *ch, fz_buf *out) {
  sdq_reader *lead = NULL, *total = NULL, *part = NULL;
  FZ_CHECK(sdq_reader_new(engine, o->format, &lead) == SDQ_OK, "reader");
  FZ_CHECK(sdq_reader_new(engine, o->format, &total) == SDQ_OK, "reader");
  if (o->format == SDQ_FORMAT_CSV) {
    FZ_CHECK(sdq_reader_set_delimiter(lead, o->delim) == SDQ_OK, "delimiter");
    FZ_CHECK(sdq_reader_set_group_items(lead, o->group) == SDQ_OK, "group");
  }
  fz_read_state s = {o, data, len, out, 0, 0, 0, false, 0};
  uint8_t *buf = malloc(len ? len : 1);
  FZ_CHECK(buf != NULL, "out of memory in the fuzz target");
  size_t have = 0, pos = 0, start = 0; /* start: input offset of buf[0] */
  fz_part_outcome *v = NULL;
  size_t cap = 0;
  for (;;) {
    if (!part)
      FZ_CHECK(sdq_reader_fork(lead, &part) == SDQ_OK && part, "fork refused");
    /* Small steps, but at least a quarter of the data held, so that a long
     * consignment costs O(n log n) cuts' work rather than O(n^2). */
    size_t k = fz_next_chunk(ch, len - pos);
    if (k < have / 4)
      k = have / 4 < len - pos ? have / 4 : len - pos;
    if (k)
      memcpy(buf + have, data + pos, k);
    have += k;
    pos += k;
    const int last = pos == len;
    uint8_t *copy = malloc(have ? have : 1);
    FZ_CHECK(copy != NULL, "out of memory in the fuzz target");
    if (have)
      memcpy(copy, buf, have);
    size_t cut = SIZE_MAX;
    sdq_status st = sdq_reader_cut(lead, copy, have, last, &cut);
    FZ_CHECK(st == SDQ_OK, "cut returned %s", fz_status_name(st));
    if (have)
      memset(copy, 0xEE, have);
    free(copy);
    FZ_CHECK(cut <= have && (!last || cut == have),
             "cut of %zu bytes from %zu (last %d)", cut, have, last);
    if (cut == 0 && !last)
      continue;
    /* The part. */
    uint8_t *bytes = malloc(cut ? cut : 1);
    FZ_CHECK(bytes != NULL, "out of memory in the fuzz target");
    if (cut)
      memcpy(bytes, buf, cut);
    FZ_CHECK(sdq_reader_feed(part, bytes, cut) == SDQ_OK, "feed refused");
    FZ_CHECK(sdq_reader_finish(part) == SDQ_OK, "finish refused");
    size_t count = 0;
    for (;;) {
      sdq_record *rec = NULL;
      FZ_CHECK(sdq_record_new(engine, &rec) == SDQ_OK, "record");
      sdq_error err;
      fz_poison(&err);
      st = sdq_reader_next(part, rec, &err);
      if (st == SDQ_END) {
        FZ_CHECK(fz_is_poison(&err), "sdq_error written for END");
        sdq_record_free(rec);
        break;
      }
      FZ_CHECK(st != SDQ_NEED_INPUT, "NEED_INPUT after finish");
      FZ_CHECK(count <= cut + 2, "more outcomes than the part can hold");
      if (count == cap) {
        cap = cap ? 2 * cap : 16;
        v = realloc(v, cap * sizeof *v);
        FZ_CHECK(v != NULL, "out of memory in the fuzz target");
      }
      v[count].st = st;
      v[count].err = err;
      v[count].rec = rec;
      count++;
    }
    uint64_t records = sdq_reader_records(part);
    FZ_CHECK(sdq_reader_offset(part) == start + cut,
             "a part read to offset %llu, expected %zu",
             (unsigned long long)sdq_reader_offset(part), start + cut);
    FZ_CHECK(sdq_reader_join(total, part) == SDQ_OK, "join refused");
    sdq_reader_free(part);
    part = NULL;
    s.base = s.ok + s.rejected;
    for (size_t i = 0; i < count; i++) {
      fz_outcome(&s, v[i].st, v[i].rec, &v[i].err);
      sdq_record_free(v[i].rec);
    }
    FZ_CHECK(records == s.ok + s.rejected - s.base,
             "a part's sdq_reader_records %llu, but %llu outcomes",
             (unsigned long long)records,
             (unsigned long long)(s.ok + s.rejected - s.base));
    if (cut)
      memset(bytes, 0xEE, cut);
    free(bytes);
    memmove(buf, buf + cut, have - cut);
    have -= cut;
    start += cut;
    if (last)
      break;
  }
  FZ_CHECK(sdq_reader_fork(lead, &part) == SDQ_ESTATE && part == NULL,
           "fork after the last cut");
  uint64_t records = sdq_reader_records(total);
  FZ_CHECK(records == s.ok + s.rejected,
           "joined sdq_reader_records %llu, but %llu accepted + %llu rejected",
           (unsigned long long)records, (unsigned long long)s.ok,
           (unsigned long long)s.rejected);
  fz_printf(out, "END records=%llu ok=%llu offset=%zu\n",
            (unsigned long long)records, (unsigned long long)s.ok, start);
  fz_unmapped(out, total);
  free(v);
  free(buf);
  sdq_reader_free(total);
  sdq_reader_free(lead);
}

/* ------------------------------------------------------------------------ */
/* Results                                                                   */
/* ------------------------------------------------------------------------ */

typedef struct fz_finding_ref {
  const sdq_finding *f;
  size_t index;
} fz_finding_ref;

static int fz_ref_cmp(const void *a, const void *b) {
  uintptr_t x = (uintptr_t)((const fz_finding_ref *)a)->f;
  uintptr_t y = (uintptr_t)((const fz_finding_ref *)b)->f;
  return x < y ? -1 : x > y;
}

/* Checks a result sdq_batch_assess() filled for `rec`, and serializes it
 * (if `out`). `level_medium`/`level_high` are the profile's thresholds, or
 * negative when unknown. */
static FZ_UNUSED void fz_result(fz_buf *out, const sdq_result *res,
                                const sdq_record *rec, double level_medium,
                                double level_high) {
  size_t count = sdq_result_finding_count(res);
  size_t items = sdq_record_item_count(rec);
  size_t rules = sdq_rule_count();
  double keep = 1.0, contributions = 0.0;
  for (size_t i = 0; i < count; i++) {
    const sdq_finding *f = sdq_result_finding(res, i);
    FZ_CHECK(f != NULL, "finding %zu of %zu is NULL", i, count);
    FZ_CHECK(f->rule < rules, "finding with rule %zu", f->rule);
    FZ_CHECK(sdq_rule_id(f->rule) != NULL, "rule without id");
    FZ_CHECK(f->dimension == sdq_rule_dimension(f->rule),
             "finding of %s has dimension %d", sdq_rule_id(f->rule),
             (int)f->dimension);
    FZ_CHECK(sdq_severity_name(f->severity) != NULL, "severity %d",
             (int)f->severity);
    FZ_CHECK(f->field == SDQ_FIELD_NONE || sdq_field_name(f->field) != NULL,
             "finding with field %d", (int)f->field);
    FZ_CHECK(f->item == SDQ_NO_ITEM ||
                 (f->item >= 0 && (size_t)f->item < items),
             "finding of %s about item %d of %zu", sdq_rule_id(f->rule),
             (int)f->item, items);
    FZ_CHECK(f->weight >= 0.0 && f->weight <= 1.0, "weight %g", f->weight);
    FZ_CHECK(f->message != NULL, "finding without message");
    size_t mlen = strlen(f->message);
    FZ_CHECK(mlen > 0, "empty finding message");
    size_t bad = fz_utf8_invalid_at(f->message, mlen);
    FZ_CHECK(bad == SIZE_MAX,
             "message of a %s finding is not valid UTF-8 (byte %zu of %zu): "
             "\"%s\"",
             sdq_rule_id(f->rule), bad, mlen, f->message);
    if (f->value) {
      fz_touch(f->value, f->value_len + 1);
      FZ_CHECK(f->value[f->value_len] == '\0',
               "finding value not NUL-terminated");
      FZ_CHECK(fz_utf8_valid(f->value, f->value_len),
               "finding value not valid UTF-8");
    } else {
      FZ_CHECK(f->value_len == 0, "NULL value with length %zu", f->value_len);
    }
    if (f->weight > 0)
      keep *= 1.0 - f->weight;
    FZ_CHECK(f->contribution >= 0.0 && f->contribution <= 100.0,
             "contribution %g", f->contribution);
    contributions += f->contribution;
    fz_printf(out,
              "  %s sev=%d field=%d item=%d w=%.17g msg=", sdq_rule_id(f->rule),
              (int)f->severity, (int)f->field, (int)f->item, f->weight);
    fz_put_bytes(out, f->message, mlen);
    if (f->value) {
      fz_printf(out, " value=");
      fz_put_bytes(out, f->value, f->value_len);
    }
    fz_put(out, "\n", 1);
  }
  FZ_CHECK(sdq_result_finding(res, count) == NULL, "finding past the count");
  uint32_t made_all = 0, passed_all = 0;
  for (int d = 0; d < SDQ_DIMENSION_COUNT; d++) {
    uint32_t made = 0, passed = 0;
    double q =
        sdq_result_dimension_quality(res, (sdq_dimension)d, &made, &passed);
    FZ_CHECK(passed <= made, "dimension %d: %u passed of %u", d, passed, made);
    double expect = made ? 100.0 * passed / made : 100.0;
    FZ_CHECK(q >= expect - 1e-9 && q <= expect + 1e-9,
             "dimension %d quality %g, expected %g", d, q, expect);
    made_all += made;
    passed_all += passed;
  }
  double quality = sdq_result_quality(res);
  double qexpect = made_all ? 100.0 * passed_all / made_all : 100.0;
  FZ_CHECK(quality >= qexpect - 1e-9 && quality <= qexpect + 1e-9,
           "quality %g, expected %g", quality, qexpect);
  double risk = sdq_result_risk(res);
  double rexpect = 100.0 * (1.0 - keep);
  FZ_CHECK(risk >= 0.0 && risk <= 100.0, "risk %g", risk);
  FZ_CHECK(risk >= rexpect - 1e-6 && risk <= rexpect + 1e-6,
           "risk %g, but 100 * (1 - prod(1 - weight)) is %g", risk, rexpect);
  FZ_CHECK(contributions >= risk - 1e-6 && contributions <= risk + 1e-6,
           "contributions add up to %.17g, the risk is %.17g", contributions,
           risk);
  /* The reasons: every finding once, by contribution, largest first, ties
   * in finding order. */
  fz_finding_ref *refs = malloc((count ? count : 1) * sizeof *refs);
  bool *used = calloc(count ? count : 1, 1);
  FZ_CHECK(refs && used, "out of memory in the fuzz target");
  for (size_t i = 0; i < count; i++) {
    refs[i].f = sdq_result_finding(res, i);
    refs[i].index = i;
  }
  qsort(refs, count, sizeof *refs, fz_ref_cmp);
  size_t prev = SIZE_MAX;
  for (size_t i = 0; i < count; i++) {
    const sdq_finding *f = sdq_result_reason(res, i);
    FZ_CHECK(f != NULL, "reason %zu of %zu is NULL", i, count);
    fz_finding_ref key = {f, 0};
    const fz_finding_ref *hit =
        bsearch(&key, refs, count, sizeof *refs, fz_ref_cmp);
    FZ_CHECK(hit != NULL, "reason %zu is not one of the findings", i);
    FZ_CHECK(!used[hit->index], "finding %zu is listed twice as a reason",
             hit->index);
    used[hit->index] = true;
    if (prev != SIZE_MAX) {
      const sdq_finding *p = sdq_result_finding(res, prev);
      FZ_CHECK(p->contribution > f->contribution ||
                   (p->contribution == f->contribution && prev < hit->index),
               "reasons %zu and %zu out of order (contributions %g, %g)", i - 1,
               i, p->contribution, f->contribution);
    }
    prev = hit->index;
  }
  FZ_CHECK(sdq_result_reason(res, count) == NULL, "reason past the count");
  free(refs);
  free(used);
  sdq_level level = sdq_result_level(res);
  FZ_CHECK(sdq_level_name(level) != NULL, "level %d", (int)level);
  if (level_medium >= 0 && level_high >= 0) {
    sdq_level want = risk >= level_high     ? SDQ_LEVEL_HIGH
                     : risk >= level_medium ? SDQ_LEVEL_MEDIUM
                                            : SDQ_LEVEL_LOW;
    FZ_CHECK(level == want, "risk %g gives level %d, expected %d", risk,
             (int)level, (int)want);
  }
  fz_printf(out, "quality=%.17g risk=%.17g level=%d findings=%zu\n", quality,
            risk, (int)level, count);
}

/* Fills a record that trips many rules: placeholders, bad codes and check
 * digits, dates in the wrong order, totals that do not add up, a vague
 * description, an HS code, and values with multi-byte characters across
 * the 40-byte quoting limit of messages. */
static FZ_UNUSED void fz_fixed_record(sdq_record *rec, int variant) {
#define FZ_SET(f, s) sdq_record_set(rec, f, s, strlen(s))
#define FZ_ITEM(i, f, s) sdq_record_set_item(rec, i, f, s, strlen(s))
  sdq_record_clear(rec);
  FZ_SET(SDQ_FIELD_SHIPMENT_ID, variant ? "SHP-1" : "SHP-0");
  FZ_SET(SDQ_FIELD_AWB, "123-45678901");
  FZ_SET(SDQ_FIELD_POSTAL_ITEM_ID, "RR123456789DE");
  FZ_SET(SDQ_FIELD_CONTAINER_ID, "MSCU1234567");
  FZ_SET(SDQ_FIELD_SELLER_NAME, "N/A");
  FZ_SET(SDQ_FIELD_SELLER_ADDRESS, "??? ###");
  FZ_SET(SDQ_FIELD_SELLER_COUNTRY, "XX");
  FZ_SET(SDQ_FIELD_SELLER_POSTCODE, "ABCDEFGHIJ");
  FZ_SET(SDQ_FIELD_SELLER_ID, "DE12345678901234567");
  FZ_SET(SDQ_FIELD_BUYER_NAME, "Jos\xC3\xA9 Mar\xC3\xAD"
                               "a Pe\xC3\xB1"
                               "a");
  FZ_SET(SDQ_FIELD_BUYER_ADDRESS, "unknown");
  FZ_SET(SDQ_FIELD_BUYER_COUNTRY, "DE");
  FZ_SET(SDQ_FIELD_BUYER_POSTCODE, "1234");
  FZ_SET(SDQ_FIELD_BUYER_EMAIL, "not an e-mail");
  FZ_SET(SDQ_FIELD_BUYER_PHONE, "+49 (0) 30 1234 5678 99999");
  FZ_SET(SDQ_FIELD_PIECES, "0");
  FZ_SET(SDQ_FIELD_GROSS_WEIGHT, "0.001");
  FZ_SET(SDQ_FIELD_TOTAL_VALUE, "10.005");
  FZ_SET(SDQ_FIELD_CURRENCY, "JPY");
  FZ_SET(SDQ_FIELD_DEPARTURE_COUNTRY, "CN");
  FZ_SET(SDQ_FIELD_DEPARTURE_LOCATION, "FRPAR");
  FZ_SET(SDQ_FIELD_DESTINATION_COUNTRY, "FR");
  FZ_SET(SDQ_FIELD_ARRIVAL_LOCATION, "ZZZZZ");
  FZ_SET(SDQ_FIELD_DEPARTURE_DATE, "2099-02-30");
  FZ_SET(SDQ_FIELD_ARRIVAL_DATE, "2020-01-01");
  FZ_SET(SDQ_FIELD_DECLARATION_DATE, "2030-12-31T23:59:59Z");
  size_t i = 0;
  sdq_record_add_item(rec, &i);
  FZ_ITEM(i, SDQ_FIELD_DESCRIPTION, "gift");
  FZ_ITEM(i, SDQ_FIELD_HS_CODE, "9999.99");
  FZ_ITEM(i, SDQ_FIELD_QUANTITY, "-1");
  FZ_ITEM(i, SDQ_FIELD_ITEM_VALUE, "3.333");
  FZ_ITEM(i, SDQ_FIELD_NET_WEIGHT, "5");
  FZ_ITEM(i, SDQ_FIELD_ORIGIN_COUNTRY, "zz");
  sdq_record_add_item(rec, &i);
  /* 39 ASCII bytes, then a two-byte character across byte 40. */
  FZ_ITEM(i, SDQ_FIELD_DESCRIPTION,
          "parts parts parts parts parts parts par\xC3\xA9 and more");
  FZ_ITEM(i, SDQ_FIELD_HS_CODE, "01012\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9");
  FZ_ITEM(i, SDQ_FIELD_ORIGIN_COUNTRY, "\xC3\xA9\xC3\xA9");
  sdq_record_add_item(rec, &i);
#undef FZ_SET
#undef FZ_ITEM
}

/* ------------------------------------------------------------------------ */
/* Options from the first bytes of an input                                  */
/* ------------------------------------------------------------------------ */

/* Limits the first bytes can choose; the last entry of each table means
 * "the default". */
static const uint64_t FZ_FIELD_BYTES[16] = {1,  2,  3,  4,  5,   6,   8,    12,
                                            16, 24, 32, 64, 128, 256, 1024, 0};
static const uint64_t FZ_FIELDS[16] = {1,  2,  3,  4,  5,  6,  8,   12,
                                       16, 24, 32, 37, 38, 64, 256, 0};
static const uint64_t FZ_RECORD_BYTES[16] = {1,  2,  3,  4,  6,   8,   12,   16,
                                             24, 32, 48, 64, 100, 256, 1024, 0};
static const uint64_t FZ_ITEMS[4] = {1, 2, 5, 0};
static const uint64_t FZ_DEPTH[4] = {1, 2, 3, 0};
static const unsigned FZ_CHUNK_MAX[8] = {1, 2, 3, 8, 16, 64, 256, 4096};
static const char FZ_DELIMS[8] = {0, ',', ';', '\t', '|', 0, 0, 0};

#define FZ_DEFAULT_FIELD_BYTES 65536
#define FZ_DEFAULT_ITEMS 10000

typedef struct fz_settings {
  char delim;
  int group;
  uint64_t limits[5]; /* 0: default */
  unsigned chunk_max;
  uint8_t seed;
} fz_settings;

/* Four bytes of options:
 *   [0] bits 0-2 delimiter (auto , ; tab |), bit 3 group items, bit 4 small
 *       limits, bits 5-7 largest chunk (1 2 3 8 16 64 256 4096);
 *   [1] field byte limit (low nibble), field limit (high nibble);
 *   [2] record byte limit (low nibble), item limit (bits 4-5), depth
 *       (bits 6-7);
 *   [3] seed of the chunk sizes. */
static FZ_UNUSED fz_settings fz_settings_from(fz_input *in) {
  fz_settings s;
  memset(&s, 0, sizeof s);
  uint8_t b0 = fz_byte(in), b1 = fz_byte(in), b2 = fz_byte(in);
  s.seed = fz_byte(in);
  s.delim = FZ_DELIMS[b0 & 7];
  s.group = (b0 >> 3) & 1;
  s.chunk_max = FZ_CHUNK_MAX[b0 >> 5];
  if ((b0 >> 4) & 1) {
    s.limits[SDQ_LIMIT_FIELD_BYTES] = FZ_FIELD_BYTES[b1 & 15];
    s.limits[SDQ_LIMIT_FIELDS] = FZ_FIELDS[b1 >> 4];
    s.limits[SDQ_LIMIT_RECORD_BYTES] = FZ_RECORD_BYTES[b2 & 15];
    s.limits[SDQ_LIMIT_ITEMS] = FZ_ITEMS[(b2 >> 4) & 3];
    s.limits[SDQ_LIMIT_DEPTH] = FZ_DEPTH[b2 >> 6];
  }
  return s;
}

static FZ_UNUSED void fz_config_limits(sdq_config *cfg, const fz_settings *s) {
  for (int l = 0; l < 5; l++)
    if (s->limits[l])
      FZ_CHECK(sdq_config_set_limit(cfg, (sdq_limit)l, s->limits[l]) == SDQ_OK,
               "limit %d refused", l);
}

/* ------------------------------------------------------------------------ */
/* The CSV and NDJSON targets                                                */
/* ------------------------------------------------------------------------ */

/* Reads the input four ways and requires the same outcomes: in chunks of
 * pseudo-random sizes (some empty), in one chunk, in one chunk again after
 * sdq_reader_reset() with finish called before the first pull, and in
 * parts (fz_read_parts(), cut sizes from the same seed). */
static FZ_UNUSED int fz_reader_target(const uint8_t *data, size_t size,
                                      sdq_format format) {
  fz_input in = {data, size};
  fz_settings set = fz_settings_from(&in);
  const uint8_t *body = in.p;
  size_t len = in.n;

  fz_alloc alloc;
  memset(&alloc, 0, sizeof alloc);
  sdq_allocator al = fz_allocator(&alloc);
  sdq_config *cfg = NULL;
  FZ_CHECK(sdq_config_new(&al, &cfg) == SDQ_OK, "config");
  fz_config_limits(cfg, &set);
  sdq_engine *engine = NULL;
  FZ_CHECK(sdq_engine_new(cfg, &engine, NULL) == SDQ_OK, "engine");
  sdq_config_free(cfg);

  fz_read_opts o;
  memset(&o, 0, sizeof o);
  o.format = format;
  o.delim = set.delim;
  o.group = set.group;
  o.field_bytes = set.limits[SDQ_LIMIT_FIELD_BYTES]
                      ? set.limits[SDQ_LIMIT_FIELD_BYTES]
                      : FZ_DEFAULT_FIELD_BYTES;
  o.items = set.limits[SDQ_LIMIT_ITEMS] ? set.limits[SDQ_LIMIT_ITEMS]
                                        : FZ_DEFAULT_ITEMS;

  sdq_reader *r1 = NULL, *r2 = NULL;
  sdq_record *rec = NULL;
  FZ_CHECK(sdq_reader_new(engine, format, &r1) == SDQ_OK, "reader");
  FZ_CHECK(sdq_reader_new(engine, format, &r2) == SDQ_OK, "reader");
  FZ_CHECK(sdq_record_new(engine, &rec) == SDQ_OK, "record");

  fz_buf chunked = {0}, whole = {0}, again = {0};
  fz_chunking ch;
  memset(&ch, 0, sizeof ch);
  ch.mode = 1;
  ch.max = set.chunk_max;
  ch.rng.s = set.seed * UINT64_C(0x100000001B3) + len;
  fz_read(r1, rec, &o, body, len, &ch, &chunked);

  fz_chunking one;
  memset(&one, 0, sizeof one);
  fz_read(r2, rec, &o, body, len, &one, &whole);
  fz_compare("chunked read vs one-chunk read", &chunked, &whole);

  sdq_reader_reset(r1);
  one.finish_early = true;
  fz_read(r1, rec, &o, body, len, &one, &again);
  fz_compare("read after sdq_reader_reset vs fresh reader", &whole, &again);

  /* In parts cut by a lead, read by forks and joined: the cut sizes come
   * from the same seed byte, as another sequence. */
  fz_buf parts = {0};
  fz_chunking cuts;
  memset(&cuts, 0, sizeof cuts);
  cuts.mode = 1;
  cuts.max = set.chunk_max;
  cuts.rng.s = (set.seed ^ 0xA5u) * UINT64_C(0x100000001B3) + len + 1;
  fz_read_parts(engine, &o, body, len, &cuts, &parts);
  fz_compare("read in parts vs one-chunk read", &whole, &parts);
  fz_buf_free(&parts);

  fz_buf_free(&chunked);
  fz_buf_free(&whole);
  fz_buf_free(&again);
  sdq_record_free(rec);
  sdq_reader_free(r1);
  sdq_reader_free(r2);
  sdq_engine_free(engine);
  fz_alloc_check_empty(&alloc);
  return 0;
}

#endif
