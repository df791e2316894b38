/*
 * Shared helpers of the reader tests (test_csv.c, test_ndjson.c,
 * test_chunks.c). Static inline functions only, no global state; C11 plus
 * POSIX <dirent.h> (define _POSIX_C_SOURCE 200809L before any #include).
 *
 * - tu_alloc: a counting sdq_allocator. Every block carries a hidden header
 *   with its size, so that the sizes the library passes to free/realloc are
 *   checked (bad_sizes), and live / peak bytes are what the library asked
 *   for. fail_at = k makes the k-th allocation (malloc or realloc) fail;
 *   with fail_after set, every allocation from the k-th on fails.
 * - tu_read(): reads a whole input through a reader, feeding it with a
 *   chunking strategy (whole, 1 byte, pseudo-random sizes, a split at k,
 *   fixed size, optionally with zero-length chunks in between). Every chunk
 *   is a fresh exact-size heap copy that is freed as soon as the reader
 *   returned SDQ_NEED_INPUT, so that AddressSanitizer catches a reader that
 *   keeps pointers into a chunk it said it had finished with. All outcomes
 *   are serialized into one malloc'd string, to compare between strategies.
 * - tu_session: a reader over one input given whole, for the unit tests,
 *   with helpers to read values as NUL-terminated strings.
 * - file helpers: SDQ_TEST_DATA, reading a file, listing a directory.
 */
#ifndef SDQ_TEST_UTIL_H
#define SDQ_TEST_UTIL_H

#if !defined(_POSIX_C_SOURCE) && !defined(_XOPEN_SOURCE) &&                    \
    !defined(_DEFAULT_SOURCE) && !defined(_GNU_SOURCE)
#error "test_util.h needs POSIX: #define _POSIX_C_SOURCE 200809L first"
#endif

#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sdq.h"
#include "status_name.h"

/* ------------------------------------------------------------------------ */
/* Counting allocator                                                        */
/* ------------------------------------------------------------------------ */

typedef struct tu_alloc {
  size_t live;      /* bytes held by the library now */
  size_t peak;      /* maximum of live */
  size_t calls;     /* malloc + realloc calls */
  size_t frees;     /* free calls */
  size_t fail_at;   /* 0: never fail; k: the k-th call fails */
  int fail_after;   /* with fail_at: every call from the k-th on fails */
  size_t failed;    /* calls that were made to fail */
  size_t bad_sizes; /* free/realloc given another size than the block's */
} tu_alloc;

/* The hidden header: a multiple of the strictest alignment. */
static inline size_t tu_hdr(void) {
  size_t a = _Alignof(max_align_t);
  return a >= sizeof(size_t) ? a : sizeof(size_t);
}

static inline int tu_alloc_should_fail(tu_alloc *a) {
  a->calls++;
  if (a->fail_at &&
      (a->calls == a->fail_at || (a->fail_after && a->calls > a->fail_at))) {
    a->failed++;
    return 1;
  }
  return 0;
}

static inline void tu_alloc_account(tu_alloc *a, size_t old_size,
                                    size_t new_size) {
  a->live = a->live - old_size + new_size;
  if (a->live > a->peak)
    a->peak = a->live;
}

static inline void *tu_alloc_malloc(void *ctx, size_t size) {
  tu_alloc *a = ctx;
  if (tu_alloc_should_fail(a))
    return NULL;
  char *p = malloc(tu_hdr() + size);
  if (!p)
    return NULL;
  memcpy(p, &size, sizeof size);
  tu_alloc_account(a, 0, size);
  return p + tu_hdr();
}

static inline void *tu_alloc_realloc(void *ctx, void *ptr, size_t old_size,
                                     size_t new_size) {
  tu_alloc *a = ctx;
  if (!ptr)
    return tu_alloc_malloc(ctx, new_size);
  char *base = (char *)ptr - tu_hdr();
  size_t stored;
  memcpy(&stored, base, sizeof stored);
  if (stored != old_size)
    a->bad_sizes++;
  if (tu_alloc_should_fail(a))
    return NULL;
  char *p = realloc(base, tu_hdr() + new_size);
  if (!p)
    return NULL;
  memcpy(p, &new_size, sizeof new_size);
  tu_alloc_account(a, stored, new_size);
  return p + tu_hdr();
}

static inline void tu_alloc_free(void *ctx, void *ptr, size_t size) {
  tu_alloc *a = ctx;
  if (!ptr)
    return;
  char *base = (char *)ptr - tu_hdr();
  size_t stored;
  memcpy(&stored, base, sizeof stored);
  if (stored != size)
    a->bad_sizes++;
  a->frees++;
  tu_alloc_account(a, stored, 0);
  free(base);
}

/* An sdq_allocator whose ctx is `a` (which must outlive every object). */
static inline sdq_allocator tu_allocator(tu_alloc *a) {
  sdq_allocator al = {tu_alloc_malloc, tu_alloc_realloc, tu_alloc_free, a};
  return al;
}

/* ------------------------------------------------------------------------ */
/* Engines                                                                   */
/* ------------------------------------------------------------------------ */

/* Limits for tests; 0 keeps the default. */
typedef struct tu_limits {
  uint64_t field_bytes, fields, items, record_bytes, depth;
} tu_limits;

static inline sdq_status tu_config_limits(sdq_config *c, const tu_limits *l) {
  if (!l)
    return SDQ_OK;
  const uint64_t v[5] = {l->field_bytes, l->fields, l->items, l->record_bytes,
                         l->depth};
  const sdq_limit k[5] = {SDQ_LIMIT_FIELD_BYTES, SDQ_LIMIT_FIELDS,
                          SDQ_LIMIT_ITEMS, SDQ_LIMIT_RECORD_BYTES,
                          SDQ_LIMIT_DEPTH};
  for (int i = 0; i < 5; i++) {
    if (!v[i])
      continue;
    sdq_status st = sdq_config_set_limit(c, k[i], v[i]);
    if (st != SDQ_OK)
      return st;
  }
  return SDQ_OK;
}

/* An engine with the given allocator (NULL: malloc) and limits (NULL:
 * defaults), or NULL. */
static inline sdq_engine *tu_engine(const sdq_allocator *al,
                                    const tu_limits *l) {
  sdq_config *c = NULL;
  sdq_engine *e = NULL;
  if (sdq_config_new(al, &c) != SDQ_OK)
    return NULL;
  if (tu_config_limits(c, l) == SDQ_OK)
    sdq_engine_new(c, &e, NULL);
  sdq_config_free(c);
  return e;
}

/* ------------------------------------------------------------------------ */
/* A growable string                                                         */
/* ------------------------------------------------------------------------ */

typedef struct tu_buf {
  char *p;
  size_t len, cap;
  int oom;
} tu_buf;

static inline void tu_putn(tu_buf *b, const char *s, size_t n) {
  if (b->oom)
    return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1)
      cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
      b->oom = 1;
      return;
    }
    b->p = p;
    b->cap = cap;
  }
  if (n)
    memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

static inline void tu_puts(tu_buf *b, const char *s) {
  tu_putn(b, s, strlen(s));
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static inline void
tu_printf(tu_buf *b, const char *fmt, ...) {
  char small[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  if ((size_t)n < sizeof small) {
    tu_putn(b, small, (size_t)n);
    return;
  }
  char *big = malloc((size_t)n + 1);
  if (!big) {
    b->oom = 1;
    return;
  }
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  tu_putn(b, big, (size_t)n);
  free(big);
}

/* Appends `s` in double quotes; control bytes, DEL, '"' and '\\' as \xHH,
 * other bytes (UTF-8) as they are. */
static inline void tu_put_quoted(tu_buf *b, const char *s, size_t n) {
  tu_putn(b, "\"", 1);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == 0x7F || c == '"' || c == '\\')
      tu_printf(b, "\\x%02X", c);
    else
      tu_putn(b, s + i, 1);
  }
  tu_putn(b, "\"", 1);
}

/* ------------------------------------------------------------------------ */
/* Serializing outcomes                                                      */
/* ------------------------------------------------------------------------ */

static inline const char *tu_status_name(sdq_status st) {
  return test_status_name(st);
}

/* Every present consignment field and every item's present fields, in
 * dictionary order. */
static inline void tu_serialize_values(tu_buf *b, const sdq_record *rec) {
  for (int f = 0; f < SDQ_CONSIGNMENT_FIELD_COUNT; f++) {
    const char *v;
    size_t n;
    if (sdq_record_get_item(rec, 0, (sdq_field)f, &v, &n)) {
      tu_printf(b, " %s=", sdq_field_name((sdq_field)f));
      tu_put_quoted(b, v, n);
    }
  }
  for (size_t i = 0; i < sdq_record_item_count(rec); i++) {
    tu_printf(b, " | item%zu:", i);
    for (int k = 0; k < SDQ_ITEM_FIELD_COUNT; k++) {
      sdq_field f = (sdq_field)(SDQ_ITEM_FIELD_BASE + k);
      const char *v;
      size_t n;
      if (sdq_record_get_item(rec, i, f, &v, &n)) {
        tu_printf(b, " %s=", sdq_field_name(f));
        tu_put_quoted(b, v, n);
      }
    }
  }
}

/* A record: number, line, then its values (tu_serialize_values()). */
static inline void tu_serialize_record(tu_buf *b, const sdq_record *rec) {
  tu_printf(b, "OK n=%llu line=%llu items=%zu",
            (unsigned long long)sdq_record_number(rec),
            (unsigned long long)sdq_record_line(rec),
            sdq_record_item_count(rec));
  tu_serialize_values(b, rec);
}

static inline void tu_serialize_error(tu_buf *b, sdq_status st,
                                      const sdq_error *err) {
  tu_printf(b, "%s code=%s n=%llu line=%llu col=%llu off=%llu msg=",
            tu_status_name(st), tu_status_name(err->code),
            (unsigned long long)err->record, (unsigned long long)err->line,
            (unsigned long long)err->column, (unsigned long long)err->offset);
  size_t n = strnlen(err->message, sizeof err->message);
  tu_put_quoted(b, err->message, n);
}

/* Fills an sdq_error with a recognisable pattern, so that fields the
 * library failed to write show up. */
static inline void tu_error_poison(sdq_error *err) {
  memset(err, 0xA5, sizeof *err);
  err->message[sizeof err->message - 1] = '\0';
}

/* The unmapped names with their counts, one per line. */
static inline void tu_serialize_unmapped(tu_buf *b, const sdq_reader *r) {
  size_t n = sdq_reader_unmapped_count(r);
  for (size_t i = 0; i < n; i++) {
    uint64_t occ = 0;
    const char *name = sdq_reader_unmapped(r, i, &occ);
    tu_puts(b, "unmapped ");
    if (name)
      tu_put_quoted(b, name, strlen(name));
    else
      tu_puts(b, "(null)");
    tu_printf(b, "=%llu\n", (unsigned long long)occ);
  }
}

/* ------------------------------------------------------------------------ */
/* Reading an input with a chunking strategy                                 */
/* ------------------------------------------------------------------------ */

typedef struct tu_reader_opts {
  sdq_format format;
  char delimiter;  /* CSV: 0 to detect */
  int group_items; /* CSV: group mode */
} tu_reader_opts;

typedef enum tu_chunk_kind {
  TU_CHUNK_WHOLE,  /* one feed */
  TU_CHUNK_BYTES,  /* one byte per feed */
  TU_CHUNK_RANDOM, /* pseudo-random sizes 1..max from seed */
  TU_CHUNK_SPLIT,  /* two feeds: [0, split) and [split, n) */
  TU_CHUNK_FIXED   /* feeds of `max` bytes */
} tu_chunk_kind;

typedef struct tu_chunking {
  tu_chunk_kind kind;
  uint64_t seed;
  size_t max;
  size_t split;
  int zero_chunks; /* also feed a zero-length chunk before each chunk and
                      before finishing */
} tu_chunking;

static inline uint64_t tu_rand(uint64_t *s) {
  /* xorshift64*; the state must not be 0 */
  uint64_t x = *s;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *s = x;
  return x * UINT64_C(2685821657736338717);
}

static inline size_t tu_chunk_size(const tu_chunking *ch, uint64_t *state,
                                   size_t done, size_t len) {
  size_t left = len - done;
  size_t n = left;
  switch (ch->kind) {
  case TU_CHUNK_WHOLE:
    break;
  case TU_CHUNK_BYTES:
    n = 1;
    break;
  case TU_CHUNK_RANDOM:
    n = 1 + (size_t)(tu_rand(state) % (ch->max ? ch->max : 1));
    break;
  case TU_CHUNK_SPLIT:
    n = done < ch->split ? ch->split - done : left;
    break;
  case TU_CHUNK_FIXED:
    n = ch->max ? ch->max : 1;
    break;
  }
  return n < left ? n : left;
}

typedef struct tu_drain {
  sdq_reader *r;
  sdq_record *rec;
  tu_buf *out;
  uint64_t outcomes;
  size_t budget;  /* guard against a reader that never stops */
  unsigned stuck; /* consecutive failed calls that consumed nothing */
} tu_drain;

/* Pulls records until SDQ_NEED_INPUT (finished == 0) or SDQ_END. Returns 0
 * when the guard stopped a runaway reader, or after 3 calls in a row that
 * failed without consuming anything (a reader that cannot allocate:
 * "!stuck"). */
static inline int tu_drain_reader(tu_drain *d, int finished) {
  for (;;) {
    if (d->budget == 0) {
      tu_puts(d->out, "!runaway reader\n");
      return 0;
    }
    d->budget--;
    sdq_error err;
    tu_error_poison(&err);
    uint64_t records = sdq_reader_records(d->r);
    uint64_t offset = sdq_reader_offset(d->r);
    sdq_status st = sdq_reader_next(d->r, d->rec, &err);
    if (st < 0 && sdq_reader_records(d->r) == records &&
        sdq_reader_offset(d->r) == offset) {
      if (++d->stuck >= 3) {
        tu_printf(d->out, "!stuck on %s\n", tu_status_name(st));
        return 0;
      }
    } else {
      d->stuck = 0;
    }
    if (st == SDQ_NEED_INPUT) {
      if (finished) {
        tu_puts(d->out, "!NEED_INPUT after finish\n");
        return 0;
      }
      return 1;
    }
    if (st == SDQ_END) {
      if (!finished)
        tu_puts(d->out, "!END before finish\n");
      return 1;
    }
    d->outcomes++;
    if (st == SDQ_OK)
      tu_serialize_record(d->out, d->rec);
    else
      tu_serialize_error(d->out, st, &err);
    tu_printf(d->out, " [records=%llu]\n",
              (unsigned long long)sdq_reader_records(d->r));
  }
}

/* Feeds a heap copy of [p, p+n) and drains; the copy is freed once the
 * reader asked for more input. Returns 0 on a runaway reader. */
static inline int tu_feed_chunk(tu_drain *d, const char *p, size_t n) {
  char *copy = malloc(n ? n : 1);
  if (!copy) {
    d->out->oom = 1;
    return 0;
  }
  if (n)
    memcpy(copy, p, n);
  /* A zero-length chunk is given as NULL (which the API allows). */
  sdq_status st = sdq_reader_feed(d->r, n ? copy : NULL, n);
  if (st != SDQ_OK)
    tu_printf(d->out, "!feed returned %s\n", tu_status_name(st));
  int ok = tu_drain_reader(d, 0);
  /* Poison before freeing: a stale pointer then reads garbage even
   * without ASan. */
  if (n)
    memset(copy, 0xEE, n);
  free(copy);
  return ok;
}

/*
 * Reads `data` whole through a new reader of engine `e` and returns every
 * outcome serialized (malloc'd; NULL only when the test itself ran out of
 * memory). Protocol anomalies (a feed refused, NEED_INPUT after finish, a
 * runaway reader) are written into the text as lines starting with '!'.
 */
static inline char *tu_read(const sdq_engine *e, const tu_reader_opts *o,
                            const void *data, size_t len,
                            const tu_chunking *ch) {
  tu_buf out = {0};
  sdq_reader *r = NULL;
  sdq_record *rec = NULL;
  sdq_status st = sdq_reader_new(e, o->format, &r);
  if (st != SDQ_OK) {
    tu_printf(&out, "!reader_new returned %s\n", tu_status_name(st));
    return out.p;
  }
  st = sdq_record_new(e, &rec);
  if (st != SDQ_OK) {
    tu_printf(&out, "!record_new returned %s\n", tu_status_name(st));
    sdq_reader_free(r);
    return out.p;
  }
  if (o->format == SDQ_FORMAT_CSV) {
    if (o->delimiter && (st = sdq_reader_set_delimiter(r, o->delimiter)))
      tu_printf(&out, "!set_delimiter returned %s\n", tu_status_name(st));
    if (o->group_items && (st = sdq_reader_set_group_items(r, 1)))
      tu_printf(&out, "!set_group_items returned %s\n", tu_status_name(st));
  }
  tu_drain d = {r, rec, &out, 0, 64 + 8 * len, 0};
  uint64_t state = ch->seed * UINT64_C(0x9E3779B97F4A7C15) + 1;
  const char *p = data;
  size_t done = 0;
  int ok = 1;
  do {
    if (ch->zero_chunks && ok)
      ok = tu_feed_chunk(&d, p + done, 0);
    size_t n = tu_chunk_size(ch, &state, done, len);
    if (ok && (n || len == 0))
      ok = tu_feed_chunk(&d, p + done, n);
    done += n;
  } while (ok && done < len);
  if (ok && ch->zero_chunks)
    ok = tu_feed_chunk(&d, p, 0);
  st = sdq_reader_finish(r);
  if (st != SDQ_OK)
    tu_printf(&out, "!finish returned %s\n", tu_status_name(st));
  if (ok)
    tu_drain_reader(&d, 1);
  tu_printf(&out, "END records=%llu offset=%llu\n",
            (unsigned long long)sdq_reader_records(r),
            (unsigned long long)sdq_reader_offset(r));
  tu_serialize_unmapped(&out, r);
  sdq_record_free(rec);
  sdq_reader_free(r);
  if (out.oom) {
    free(out.p);
    return NULL;
  }
  return out.p;
}

/* Checks the outcomes of a serialization for consistency: no protocol
 * anomaly ('!' lines); every rejection has its sdq_error filled with the
 * returned code; a record or a rejection with a nonzero number is counted
 * (sdq_reader_records() equals its number) and numbers increase by one.
 * Returns NULL, or a description of the first problem (static storage). */
static inline const char *tu_outcome_problem(const char *text) {
  unsigned long long last = 0;
  for (const char *p = text; p && *p;) {
    const char *nl = strchr(p, '\n');
    size_t len = nl ? (size_t)(nl - p) : strlen(p);
    char line[512];
    size_t n = len < sizeof line - 1 ? len : sizeof line - 1;
    memcpy(line, p, n);
    line[n] = '\0';
    p = nl ? nl + 1 : NULL;
    if (line[0] == '!')
      return "protocol anomaly";
    if (strncmp(line, "END ", 4) == 0 || strncmp(line, "unmapped ", 9) == 0)
      continue;
    char st[16] = "", code[16] = "";
    unsigned long long num = 0, records = 0;
    const char *rp = strstr(line, "[records=");
    if (!rp || sscanf(rp, "[records=%llu]", &records) != 1)
      return "an outcome without its record count";
    if (strncmp(line, "OK ", 3) == 0) {
      if (sscanf(line, "OK n=%llu", &num) != 1)
        return "unparsable record line";
    } else {
      if (sscanf(line, "%15s code=%15s n=%llu", st, code, &num) != 3)
        return "unparsable rejection line";
      if (strcmp(st, code) != 0)
        return "a rejection whose sdq_error was not filled (or has another "
               "code)";
      if (num == 0) {
        if (records != last)
          return "a rejection of no record changed the record count";
        continue;
      }
    }
    if (num != last + 1)
      return "record numbers do not increase by one";
    if (records != num)
      return "sdq_reader_records() differs from the record's number";
    last = num;
  }
  return NULL;
}

/* Counts lines of a serialization that start with `prefix`. */
static inline size_t tu_count_lines(const char *text, const char *prefix) {
  size_t n = 0, k = strlen(prefix);
  for (const char *p = text; p && *p;) {
    if (strncmp(p, prefix, k) == 0)
      n++;
    const char *nl = strchr(p, '\n');
    p = nl ? nl + 1 : NULL;
  }
  return n;
}

/* The first line at which two texts differ (1-based), 0 if equal. */
static inline size_t tu_first_diff_line(const char *a, const char *b) {
  size_t line = 1;
  for (size_t i = 0;; i++) {
    if (a[i] != b[i])
      return line;
    if (a[i] == '\0')
      return 0;
    if (a[i] == '\n')
      line++;
  }
}

/* Prints the two versions of the first differing line to stderr. */
static inline void tu_print_diff(const char *what, const char *a,
                                 const char *b) {
  size_t line = tu_first_diff_line(a, b);
  if (!line)
    return;
  const char *pa = a, *pb = b;
  for (size_t i = 1; i < line; i++) {
    pa = strchr(pa, '\n') + 1;
    pb = strchr(pb, '\n') + 1;
  }
  int la =
      (int)(strchr(pa, '\n') ? (size_t)(strchr(pa, '\n') - pa) : strlen(pa));
  int lb =
      (int)(strchr(pb, '\n') ? (size_t)(strchr(pb, '\n') - pb) : strlen(pb));
  fprintf(
      stderr,
      "%s: outcomes differ at line %zu\n  expected: %.*s\n  got:      %.*s\n",
      what, line, la, pa, lb, pb);
}

/* ------------------------------------------------------------------------ */
/* A session over one input, for unit tests                                  */
/* ------------------------------------------------------------------------ */

enum { TU_SLOTS = 8, TU_SLOT_BYTES = 1024 };

typedef struct tu_session {
  tu_alloc alloc;
  sdq_allocator al;   /* ctx = &alloc: the session must not move */
  sdq_config *config; /* customise before tu_session_start() */
  sdq_engine *engine;
  sdq_reader *reader;
  sdq_record *rec;
  sdq_error err;
  char *input; /* exact-size heap copy of the input */
  size_t input_len;
  char slots[TU_SLOTS][TU_SLOT_BYTES];
  unsigned next_slot;
} tu_session;

/* Creates the configuration with the counting allocator. */
static inline sdq_status tu_session_init(tu_session *s) {
  memset(s, 0, sizeof *s);
  s->al = tu_allocator(&s->alloc);
  return sdq_config_new(&s->al, &s->config);
}

/* Builds the engine and a reader; the input is fed whole, and finished
 * unless `finish` is 0. Returns the first failing status. */
static inline sdq_status tu_session_begin(tu_session *s, sdq_format format,
                                          char delim, int group,
                                          const void *input, size_t len,
                                          int finish) {
  sdq_error err;
  sdq_status st = sdq_engine_new(s->config, &s->engine, &err);
  if (st != SDQ_OK)
    return st;
  if ((st = sdq_reader_new(s->engine, format, &s->reader)) != SDQ_OK)
    return st;
  if ((st = sdq_record_new(s->engine, &s->rec)) != SDQ_OK)
    return st;
  if (delim && (st = sdq_reader_set_delimiter(s->reader, delim)) != SDQ_OK)
    return st;
  if (group && (st = sdq_reader_set_group_items(s->reader, 1)) != SDQ_OK)
    return st;
  s->input = malloc(len ? len : 1);
  if (!s->input)
    return SDQ_ENOMEM;
  if (len)
    memcpy(s->input, input, len);
  s->input_len = len;
  if ((st = sdq_reader_feed(s->reader, s->input, len)) != SDQ_OK)
    return st;
  if (finish)
    st = sdq_reader_finish(s->reader);
  return st;
}

/* The next outcome; s->err is poisoned first. */
static inline sdq_status tu_next(tu_session *s) {
  tu_error_poison(&s->err);
  return sdq_reader_next(s->reader, s->rec, &s->err);
}

/* Frees everything; returns the bytes still live (a leak if nonzero). */
static inline size_t tu_session_end(tu_session *s) {
  sdq_record_free(s->rec);
  sdq_reader_free(s->reader);
  sdq_engine_free(s->engine);
  sdq_config_free(s->config);
  free(s->input);
  s->rec = NULL;
  s->reader = NULL;
  s->engine = NULL;
  s->config = NULL;
  s->input = NULL;
  return s->alloc.live;
}

/* A value of item `item` (consignment fields ignore it) of the session's
 * record as a NUL-terminated string in a rotating slot, or NULL when
 * absent. Values that do not fit are cut and end in "...". */
static inline const char *tu_item(tu_session *s, size_t item, sdq_field f) {
  const char *v;
  size_t n;
  if (!sdq_record_get_item(s->rec, sdq_field_is_item(f) ? item : 0, f, &v, &n))
    return NULL;
  char *slot = s->slots[s->next_slot++ % TU_SLOTS];
  if (n >= TU_SLOT_BYTES) {
    memcpy(slot, v, TU_SLOT_BYTES - 4);
    memcpy(slot + TU_SLOT_BYTES - 4, "...", 4);
  } else {
    memcpy(slot, v, n);
    slot[n] = '\0';
  }
  return slot;
}

static inline const char *tu_get(tu_session *s, sdq_field f) {
  return tu_item(s, 0, f);
}

/* The i-th unmapped name, or NULL; *count gets its occurrences. */
static inline const char *tu_unmapped(tu_session *s, size_t i,
                                      uint64_t *count) {
  *count = UINT64_MAX;
  return sdq_reader_unmapped(s->reader, i, count);
}

/* ------------------------------------------------------------------------ */
/* Files                                                                     */
/* ------------------------------------------------------------------------ */

/* The test data directory (SDQ_TEST_DATA), or NULL with a message on
 * stderr when it is not set. */
static inline const char *tu_data_dir(void) {
  const char *d = getenv("SDQ_TEST_DATA");
  if (!d || !*d) {
    fprintf(stderr, "SDQ_TEST_DATA is not set: it must name the tests/data "
                    "directory (meson test sets it)\n");
    return NULL;
  }
  return d;
}

/* dir + "/" + name, malloc'd. */
static inline char *tu_path(const char *dir, const char *name) {
  size_t a = strlen(dir), b = strlen(name);
  char *p = malloc(a + b + 2);
  if (!p)
    return NULL;
  memcpy(p, dir, a);
  p[a] = '/';
  memcpy(p + a + 1, name, b + 1);
  return p;
}

/* The whole file, malloc'd (exact size, at least 1 byte), or NULL with a
 * message on stderr. */
static inline char *tu_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    return NULL;
  }
  tu_buf b = {0};
  char tmp[4096];
  size_t n;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
    tu_putn(&b, tmp, n);
  int bad = ferror(f) || b.oom;
  fclose(f);
  if (bad) {
    free(b.p);
    fprintf(stderr, "cannot read %s\n", path);
    return NULL;
  }
  *len = b.len;
  if (!b.p) /* empty file */
    b.p = calloc(1, 1);
  return b.p;
}

static inline int tu_name_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names of the regular entries of `dir` that end in `suffix`
 * (NULL-terminated malloc'd array of malloc'd names; *count set), or NULL
 * with a message. Free with tu_free_names(). */
static inline char **tu_list_dir(const char *dir, const char *suffix,
                                 size_t *count) {
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "cannot open directory %s\n", dir);
    return NULL;
  }
  size_t n = 0, cap = 16, sl = strlen(suffix);
  char **names = malloc(cap * sizeof *names);
  struct dirent *de;
  while (names && (de = readdir(d)) != NULL) {
    size_t l = strlen(de->d_name);
    if (de->d_name[0] == '.' || l < sl ||
        strcmp(de->d_name + l - sl, suffix) != 0)
      continue;
    if (n + 2 > cap) {
      char **t = realloc(names, (cap *= 2) * sizeof *names);
      if (!t) {
        for (size_t i = 0; i < n; i++)
          free(names[i]);
        free(names);
        names = NULL;
        break;
      }
      names = t;
    }
    names[n] = malloc(l + 1);
    if (names[n])
      memcpy(names[n++], de->d_name, l + 1);
  }
  closedir(d);
  if (!names)
    return NULL;
  qsort(names, n, sizeof *names, tu_name_cmp);
  names[n] = NULL;
  *count = n;
  return names;
}

static inline void tu_free_names(char **names) {
  if (!names)
    return;
  for (size_t i = 0; names[i]; i++)
    free(names[i]);
  free(names);
}

/* 1 if [p, p+n) is well-formed UTF-8 (no overlong forms, surrogates or
 * code points above U+10FFFF). */
static inline int tu_utf8_valid(const char *s, size_t n) {
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
    if (c >= 0xC2 && c <= 0xDF)
      k = 1;
    else if (c >= 0xE0 && c <= 0xEF) {
      k = 2;
      if (c == 0xE0)
        lo = 0xA0;
      if (c == 0xED)
        hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      k = 3;
      if (c == 0xF0)
        lo = 0x90;
      if (c == 0xF4)
        hi = 0x8F;
    } else
      return 0;
    if (n - i <= k)
      return 0;
    if (p[i + 1] < lo || p[i + 1] > hi)
      return 0;
    for (size_t j = 2; j <= k; j++)
      if ((p[i + j] & 0xC0) != 0x80)
        return 0;
    i += k + 1;
  }
  return 1;
}

#endif
