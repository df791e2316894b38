/* The assessment pipeline of `sdq check`.
 *
 * Without worker threads, one reader per input turns bytes into records,
 * each assessed and completed before the next is read. With --threads N,
 * the reading thread reads the file and cuts it into parts at record
 * boundaries (sdq_reader_cut, which frames without parsing); N - 1 worker
 * threads, and the reading thread while the ring of parts is full, each
 * parse a whole part with a reader forked where the part starts and run
 * the record-level checks (sdq_engine_assess) on its records; and one of
 * them at a time completes the parts in input order (sdq_batch_complete:
 * duplicates, split shipments, scores, metrics) and writes them out, so
 * the results and metrics do not depend on the number of threads. A
 * grouped CSV whose consignments are too long to cut within PART_MAX bytes
 * is read on by the reading thread, which then copies each record into a
 * block for the workers to assess.
 *
 * A regular file is mapped rather than copied in: on one thread it is fed
 * to the reader a window at a time, with threads its parts are cut where
 * they lie; either way its pages are let go behind the reading. Standard
 * input and other streams are read with fread(). */
/* clock_gettime, isatty, stat, mmap: POSIX; madvise() and its advice
 * beyond POSIX where the system has them. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#include "cli.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define READ_CHUNK (1u << 20)
/* Bytes of a mapped file fed to a reader at a time, and let go at a time
 * once read: small enough that the mapped pages add little to the
 * resident memory. */
#define MAP_WINDOW (4u << 20)
/* Records ahead of the one being completed whose lookups are started. */
#define PREFETCH_AHEAD 4
/* Records per block when the reading thread parses. */
#define BLOCK_RECORDS 256
/* Bytes a part aims at, and the most it may grow to for lack of a
 * boundary between grouped consignments. */
#define PART_BYTES (128u << 10)
#define PART_MAX (4u << 20)

enum { SLOT_RECORD, SLOT_REJECTED, SLOT_NOTICE, SLOT_FATAL };

typedef struct slot {
  sdq_record *rec;
  sdq_result *res;
  int kind;
  sdq_status status; /* of the assessment, or the fatal error */
  sdq_error err;     /* a rejection or the header's notice */
  const char *file;
} slot;

enum { BLOCK_FREE, BLOCK_FILLED, BLOCK_ASSESSING, BLOCK_ASSESSED };

typedef struct block {
  slot *slots;
  size_t n;    /* records in the block */
  size_t made; /* slots with a record and a result */
  size_t cap;
  int state;
  /* A part: its bytes, its reader (until completed) and where its totals
   * go; part is NULL when the slots were filled by the reading thread. */
  char *data;
  size_t len, data_cap;
  const char *bytes; /* the part's len bytes: data, or in the mapped file */
  bool mapped;
  sdq_reader *part;
  sdq_reader *tally;
  const char *file;
  bool out_of_memory; /* reading the part stopped for lack of memory */
} block;

typedef struct pipeline {
  run *r;
  block *blocks;
  size_t count;      /* blocks in the ring */
  size_t head, tail; /* next to complete, next to fill */
  size_t used;       /* blocks between head and tail */
  size_t per_block;  /* records per block filled by the reading thread */
  pthread_mutex_t lock;
  pthread_cond_t changed;
  bool stop;
  bool completing; /* a worker is completing blocks */
  bool failed;     /* a fatal error: nothing more is completed */
  pthread_t *workers;
  int worker_count;
  sdq_record *scratch; /* the reader's record, copied into a slot */
  uint64_t records;    /* read (no workers) or completed, for progress */
  const char *map;     /* the input mapped whole for its parts, or NULL */
  size_t map_len;
  const char *map_released; /* its pages before this one are let go */
  size_t page;              /* the system's page size */
  char *carry;              /* bytes after a cut: the next part's start */
  size_t carry_len, carry_cap;
} pipeline;

/* ---- output of one record ---- */

static void write_assessed(run *r, const slot *s) {
  FILE *out = r->out;
  const sdq_result *res = s->res;
  fprintf(out,
          "{\"record\":%llu,\"file\":", (unsigned long long)r->record_number);
  json_write_cstring(out, s->file);
  fprintf(out, ",\"line\":%llu,\"id\":",
          (unsigned long long)sdq_record_line(s->rec));
  const char *id;
  size_t len;
  if (sdq_record_get(s->rec, SDQ_FIELD_SHIPMENT_ID, &id, &len))
    json_write_string(out, id, len);
  else
    fputs("null", out);
  fputs(",\"status\":\"assessed\",\"quality\":", out);
  json_write_score(out, sdq_result_quality(res));
  fputs(",\"risk\":", out);
  json_write_score(out, sdq_result_risk(res));
  fprintf(out, ",\"level\":\"%s\",\"findings\":[",
          sdq_level_name(sdq_result_level(res)));
  size_t n = sdq_result_finding_count(res);
  for (size_t i = 0; i < n; i++) {
    const sdq_finding *f = sdq_result_finding(res, i);
    fputs(i ? ",{\"rule\":" : "{\"rule\":", out);
    json_write_cstring(out, sdq_rule_id(f->rule));
    fprintf(out, ",\"dimension\":\"%s\",\"field\":",
            sdq_dimension_name(f->dimension));
    json_write_cstring(out, sdq_field_name(f->field));
    if (f->item == SDQ_NO_ITEM)
      fputs(",\"item\":null", out);
    else
      fprintf(out, ",\"item\":%ld", (long)f->item);
    fprintf(out,
            ",\"severity\":\"%s\",\"value\":", sdq_severity_name(f->severity));
    if (f->value)
      json_write_string(out, f->value, f->value_len);
    else
      fputs("null", out);
    fputs(",\"message\":", out);
    json_write_cstring(out, f->message);
    fputs(",\"contribution\":", out);
    json_write_score(out, f->contribution);
    fputs("}", out);
  }
  fputs("]}\n", out);
}

static void write_rejected(run *r, const slot *s) {
  FILE *out = r->out;
  fprintf(out,
          "{\"record\":%llu,\"file\":", (unsigned long long)r->record_number);
  json_write_cstring(out, s->file);
  fprintf(out,
          ",\"line\":%llu,\"column\":%llu,\"id\":null,\"status\":\"rejected\","
          "\"error\":",
          (unsigned long long)s->err.line, (unsigned long long)s->err.column);
  json_write_cstring(out, s->err.message);
  fputs("}\n", out);
}

/* ---- the riskiest consignments: a min-heap on (risk, -record) ---- */

/* Copies at most cap - 1 bytes of UTF-8 text, cutting at a character
 * boundary. */
static void copy_utf8(char *dst, size_t cap, const char *src, size_t len) {
  if (len > cap - 1) {
    len = cap - 1;
    while (len && ((unsigned char)src[len] & 0xC0) == 0x80)
      len--;
  }
  memcpy(dst, src, len);
  dst[len] = '\0';
}

static bool less(const top_record *a, const top_record *b) {
  return a->risk < b->risk || (a->risk == b->risk && a->record > b->record);
}

static void sift_down(top_record *h, size_t n, size_t i) {
  for (;;) {
    size_t l = 2 * i + 1, m = i;
    if (l < n && less(&h[l], &h[m]))
      m = l;
    if (l + 1 < n && less(&h[l + 1], &h[m]))
      m = l + 1;
    if (m == i)
      return;
    top_record t = h[i];
    h[i] = h[m];
    h[m] = t;
    i = m;
  }
}

static void sift_up(top_record *h, size_t i) {
  while (i > 0) {
    size_t p = (i - 1) / 2;
    if (!less(&h[i], &h[p]))
      return;
    top_record t = h[i];
    h[i] = h[p];
    h[p] = t;
    i = p;
  }
}

static void keep_top(run *r, const slot *s) {
  double risk = sdq_result_risk(s->res);
  if (!r->opt->top || risk <= 0)
    return;
  top_record t;
  memset(&t, 0, sizeof t);
  t.record = r->record_number;
  t.risk = risk;
  if (r->top_count == r->opt->top && !less(&r->top[0], &t))
    return;
  t.line = sdq_record_line(s->rec);
  t.file = s->file;
  t.quality = sdq_result_quality(s->res);
  t.level = sdq_result_level(s->res);
  const char *id;
  size_t len;
  if (sdq_record_get(s->rec, SDQ_FIELD_SHIPMENT_ID, &id, &len))
    copy_utf8(t.id, sizeof t.id, id, len);
  for (size_t i = 0; i < TOP_REASONS; i++) {
    const sdq_finding *f = sdq_result_reason(s->res, i);
    if (!f)
      break;
    snprintf(t.reasons[i].rule, sizeof t.reasons[i].rule, "%s",
             sdq_rule_id(f->rule));
    snprintf(t.reasons[i].field, sizeof t.reasons[i].field, "%s",
             f->field == SDQ_FIELD_NONE ? "" : sdq_field_name(f->field));
    copy_utf8(t.reasons[i].message, sizeof t.reasons[i].message, f->message,
              strlen(f->message));
    t.reasons[i].contribution = f->contribution;
    t.reason_count++;
  }
  if (r->top_count < r->opt->top) {
    r->top[r->top_count] = t;
    sift_up(r->top, r->top_count++);
  } else {
    r->top[0] = t;
    sift_down(r->top, r->top_count, 0);
  }
}

/* ---- completing records in order ---- */

static void note_rejection(run *r, const slot *s) {
  r->rejections_total++;
  if (r->rejection_count < REJECTIONS_LISTED) {
    rejection *j = &r->rejections[r->rejection_count++];
    j->record = r->record_number;
    j->file = s->file;
    j->line = s->err.line;
    j->column = s->err.column;
    copy_utf8(j->message, sizeof j->message, s->err.message,
              strlen(s->err.message));
  }
}

/* Prints a fatal reading error or the header's notice. */
static void print_reading_error(const slot *s) {
  if (s->kind == SLOT_NOTICE)
    fprintf(stderr, "sdq: %s:%llu:%llu: %s\n", s->file,
            (unsigned long long)s->err.line, (unsigned long long)s->err.column,
            s->err.message);
  else
    fprintf(stderr, "sdq: %s: %s\n", s->file, sdq_strerror(s->status));
}

/* Completes one slot in input order: for a record, the dataset checks,
 * metrics and outputs, after its record-level checks when `assess`
 * (sdq_batch_assess(), which overlaps the batch's lookups with them).
 * False on a fatal error. */
static bool complete(run *r, slot *s, bool assess) {
  if (s->kind == SLOT_NOTICE || s->kind == SLOT_FATAL) {
    print_reading_error(s);
    return s->kind == SLOT_NOTICE;
  }
  r->record_number++;
  if (s->kind == SLOT_REJECTED) {
    sdq_batch_reject(r->batch, &s->err);
    note_rejection(r, s);
    if (r->out)
      write_rejected(r, s);
    return true;
  }
  sdq_status st = s->status;
  if (assess)
    st = sdq_batch_assess(r->batch, s->rec, s->res);
  else if (st == SDQ_OK)
    st = sdq_batch_complete(r->batch, s->rec, s->res);
  if (st != SDQ_OK) {
    fprintf(stderr, "sdq: %s: record %llu: %s\n", s->file,
            (unsigned long long)r->record_number, sdq_strerror(st));
    return false;
  }
  sdq_level level = sdq_result_level(s->res);
  if (level != SDQ_LEVEL_LOW)
    r->above_low++;
  if (r->opt->fail_on >= 0 && (int)level >= r->opt->fail_on)
    r->failed_on = true;
  keep_top(r, s);
  if (r->out)
    write_assessed(r, s);
  return true;
}

/* ---- blocks ---- */

/* The block's next free slot, with a record and a result; NULL when
 * memory ran out. */
static slot *block_slot(const sdq_engine *e, block *b) {
  if (b->n == b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 64;
    slot *grown = realloc(b->slots, cap * sizeof *grown);
    if (!grown)
      return NULL;
    memset(grown + b->cap, 0, (cap - b->cap) * sizeof *grown);
    b->slots = grown;
    b->cap = cap;
  }
  slot *s = &b->slots[b->n];
  if (b->n == b->made) {
    if (sdq_record_new(e, &s->rec) != SDQ_OK ||
        sdq_result_new(e, &s->res) != SDQ_OK)
      return NULL;
    b->made++;
  }
  return s;
}

/* Sorts what sdq_reader_next() returned into the slot; false when it is
 * neither a record nor a rejection nor the header's notice. */
static bool take(slot *s, sdq_status st) {
  s->status = st;
  if (st == SDQ_OK)
    s->kind = SLOT_RECORD;
  else if ((st == SDQ_EPARSE || st == SDQ_ELIMIT || st == SDQ_ENOMEM) &&
           s->err.record != 0)
    s->kind = SLOT_REJECTED;
  else if (st == SDQ_EPARSE || st == SDQ_ELIMIT || st == SDQ_ENOMEM)
    s->kind = SLOT_NOTICE; /* the CSV header; its rows are rejected */
  else
    s->kind = SLOT_FATAL;
  return s->kind != SLOT_FATAL;
}

/* A worker reads a whole part with its own reader and assesses each
 * record; the values stay in the part's bytes and the records. */
static void read_part(const sdq_engine *e, block *b) {
  sdq_reader *reader = b->part;
  bool ok = sdq_reader_feed(reader, b->bytes, b->len) == SDQ_OK &&
            sdq_reader_finish(reader) == SDQ_OK;
  while (ok) {
    slot *s = block_slot(e, b);
    if (!s) {
      b->out_of_memory = true;
      return;
    }
    memset(&s->err, 0, sizeof s->err);
    sdq_status st = sdq_reader_next(reader, s->rec, &s->err);
    if (st == SDQ_END)
      return;
    s->file = b->file;
    ok = take(s, st);
    if (s->kind == SLOT_RECORD)
      s->status = sdq_engine_assess(e, s->rec, s->res);
    b->n++;
  }
}

static void assess_block(const sdq_engine *e, block *b) {
  if (b->part) {
    read_part(e, b);
    return;
  }
  for (size_t i = 0; i < b->n; i++)
    if (b->slots[i].kind == SLOT_RECORD)
      b->slots[i].status =
          sdq_engine_assess(e, b->slots[i].rec, b->slots[i].res);
}

/* Lets the pages wholly inside a mapped range go from the resident memory
 * once nothing reads them any more: the file's pages stay in the page
 * cache, and a later read of them maps them again. Returns the end of the
 * last page let go, or `bytes` when none was. */
static const char *release_pages(size_t page, const char *bytes, size_t len) {
  uintptr_t from = ((uintptr_t)bytes + page - 1) / page * page;
  uintptr_t to = ((uintptr_t)bytes + len) / page * page;
#ifdef MADV_DONTNEED
  /* Not posix_madvise(): glibc's ignores POSIX_MADV_DONTNEED. */
  if (to > from)
    madvise((void *)from, to - from, MADV_DONTNEED);
#endif
  return to > from ? (const char *)to : bytes;
}

/* Completes one block's records in order (assessing them too when
 * `assess`), then adds its part's totals to its input's; false on a fatal
 * error. */
static bool complete_block(run *r, block *b, bool assess) {
  bool ok = true;
  for (size_t i = 0; i < b->n && ok; i++) {
    /* The lookups of a record a few ahead start now (once assessed). */
    if (!assess && i + PREFETCH_AHEAD < b->n) {
      const slot *ahead = &b->slots[i + PREFETCH_AHEAD];
      if (ahead->kind == SLOT_RECORD && ahead->status == SDQ_OK)
        sdq_batch_prefetch(r->batch, ahead->res);
    }
    ok = complete(r, &b->slots[i], assess);
  }
  if (ok && b->out_of_memory) {
    fprintf(stderr, "sdq: %s: out of memory\n", b->file);
    ok = false;
  }
  if (b->part) {
    sdq_reader_join(b->tally, b->part);
    sdq_reader_free(b->part);
    b->part = NULL;
  }
  return ok;
}

/* Called with the lock held: returns the oldest block to the ring. */
static void release_head(pipeline *p) {
  block *b = &p->blocks[p->head];
  b->n = 0;
  b->len = 0;
  b->mapped = false;
  b->out_of_memory = false;
  b->state = BLOCK_FREE;
  p->head = (p->head + 1) % p->count;
  p->used--;
}

/* ---- workers ---- */

/* Called with the lock held. Completion is serial and in input order, but
 * not tied to a thread: whichever thread finds the oldest block assessed
 * and nobody completing takes the turn, completing blocks while the
 * oldest is assessed (only one with `one`). */
static bool take_completion(pipeline *p, bool one) {
  if (p->completing || p->failed || !p->used ||
      p->blocks[p->head].state != BLOCK_ASSESSED)
    return false;
  p->completing = true;
  bool more = true;
  while (more && !p->failed && p->used &&
         p->blocks[p->head].state == BLOCK_ASSESSED) {
    more = !one;
    block *b = &p->blocks[p->head];
    pthread_mutex_unlock(&p->lock);
    bool ok = complete_block(p->r, b, false);
    /* Parts are completed in file order: every page before this one's
     * end is read, the pages it shares with its neighbours included. A
     * window at a time, since each release stops the other threads to
     * flush their TLBs. */
    if (b->mapped &&
        (size_t)(b->bytes + b->len - p->map_released) >= MAP_WINDOW)
      p->map_released =
          release_pages(p->page, p->map_released,
                        (size_t)(b->bytes + b->len - p->map_released));
    pthread_mutex_lock(&p->lock);
    p->records = p->r->record_number;
    release_head(p);
    pthread_cond_broadcast(&p->changed);
    if (!ok) {
      p->failed = true;
      break;
    }
  }
  p->completing = false;
  return true;
}

/* Called with the lock held: one turn of work, if there is any: the
 * completion of the oldest blocks (only one with `one`), or the
 * assessment of a filled block. False when there is none. */
static bool work_once(pipeline *p, bool one) {
  if (take_completion(p, one))
    return true;
  block *b = NULL;
  for (size_t k = 0; k < p->used && !b; k++) {
    block *c = &p->blocks[(p->head + k) % p->count];
    if (c->state == BLOCK_FILLED)
      b = c;
  }
  if (!b)
    return false;
  b->state = BLOCK_ASSESSING;
  pthread_mutex_unlock(&p->lock);
  assess_block(p->r->engine, b);
  pthread_mutex_lock(&p->lock);
  b->state = BLOCK_ASSESSED;
  pthread_cond_broadcast(&p->changed);
  return true;
}

static void *worker(void *arg) {
  pipeline *p = arg;
  pthread_mutex_lock(&p->lock);
  for (;;) {
    if (work_once(p, false))
      continue;
    if (p->stop)
      break;
    pthread_cond_wait(&p->changed, &p->lock);
  }
  pthread_mutex_unlock(&p->lock);
  return NULL;
}

/* Without workers (and so without parts): assesses and completes the one
 * block; false on a fatal error. */
static bool complete_here(pipeline *p) {
  block *b = &p->blocks[p->head];
  bool ok = complete_block(p->r, b, true);
  release_head(p);
  return ok;
}

/* With workers: waits until the ring has room (until it is empty when
 * `all`), meanwhile working as they do, a block at a time, so that
 * --threads N keeps N threads busy rather than N + 1 runnable; false once
 * a completion has failed. */
static bool wait_for_room(pipeline *p, bool all) {
  pthread_mutex_lock(&p->lock);
  while (!p->failed && (all ? p->used > 0 : p->used == p->count))
    if (!work_once(p, true))
      pthread_cond_wait(&p->changed, &p->lock);
  bool ok = !p->failed;
  pthread_mutex_unlock(&p->lock);
  return ok;
}

/* Hands the block being filled on: to the workers, or, without them,
 * assesses and completes it here. */
static bool submit(pipeline *p) {
  block *b = &p->blocks[p->tail];
  if (b->n == 0 && !b->part)
    return true;
  if (!p->workers) {
    p->tail = (p->tail + 1) % p->count;
    p->used++;
    return complete_here(p);
  }
  pthread_mutex_lock(&p->lock);
  b->state = BLOCK_FILLED;
  p->tail = (p->tail + 1) % p->count;
  p->used++;
  pthread_cond_broadcast(&p->changed);
  pthread_mutex_unlock(&p->lock);
  return wait_for_room(p, false);
}

/* The slot the next record goes into (the block being filled). */
static slot *next_slot(pipeline *p) {
  block *b = &p->blocks[p->tail];
  if (b->n == p->per_block) {
    if (!submit(p))
      return NULL;
    b = &p->blocks[p->tail];
  }
  slot *s = block_slot(p->r->engine, b);
  if (!s)
    fprintf(stderr, "sdq: out of memory\n");
  return s;
}

/* ---- reading ---- */

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress(pipeline *p, bool last) {
  run *r = p->r;
  if (!r->opt->progress)
    return;
  double t = now_seconds();
  if (!last && t - r->last_progress < 0.5)
    return;
  r->last_progress = t;
  double elapsed = t - r->started;
  double mbs = elapsed > 0 ? (double)r->bytes_done / 1e6 / elapsed : 0;
  uint64_t records;
  if (p->workers) {
    pthread_mutex_lock(&p->lock);
    records = p->records;
    pthread_mutex_unlock(&p->lock);
  } else {
    records = p->records;
  }
  fprintf(stderr, "\rsdq: %llu records, %.1f MB/s", (unsigned long long)records,
          mbs);
  if (r->bytes_total && mbs > 0 && !last)
    fprintf(stderr, ", %.0f s left   ",
            (double)(r->bytes_total - r->bytes_done) / 1e6 / mbs);
  else
    fputs("              ", stderr);
  if (last)
    fputs("\n", stderr);
}

/* Moves every record the reader has into blocks; false on a fatal error. */
static bool drain(pipeline *p, sdq_reader *reader, const char *file) {
  for (;;) {
    slot *s = next_slot(p);
    if (!s)
      return false;
    memset(&s->err, 0, sizeof s->err);
    sdq_status st =
        sdq_reader_next(reader, p->workers ? p->scratch : s->rec, &s->err);
    if (st == SDQ_NEED_INPUT || st == SDQ_END)
      return true;
    s->file = file;
    if (!take(s, st)) {
      print_reading_error(s);
      return false;
    }
    if (s->kind == SLOT_NOTICE) {
      print_reading_error(s);
      continue;
    }
    /* The reader's values live until its next call: keep a copy. */
    if (s->kind == SLOT_RECORD && p->workers &&
        sdq_record_copy(s->rec, p->scratch) != SDQ_OK) {
      fprintf(stderr, "sdq: out of memory\n");
      return false;
    }
    p->blocks[p->tail].n++;
    if (!p->workers)
      p->records++;
  }
}

static void add_unmapped(run *r, const sdq_reader *reader) {
  size_t n = sdq_reader_unmapped_count(reader);
  for (size_t i = 0; i < n; i++) {
    uint64_t values = 0;
    const char *name = sdq_reader_unmapped(reader, i, &values);
    size_t k = 0;
    while (k < r->unmapped_count && strcmp(r->unmapped[k].name, name) != 0)
      k++;
    if (k == r->unmapped_count) {
      unmapped_total *grown =
          realloc(r->unmapped, (r->unmapped_count + 1) * sizeof *grown);
      size_t len = strlen(name);
      char *copy = malloc(len + 1);
      if (!grown || !copy) {
        free(copy);
        if (grown)
          r->unmapped = grown;
        return;
      }
      memcpy(copy, name, len + 1);
      r->unmapped = grown;
      r->unmapped[k].name = copy;
      r->unmapped[k].values = 0;
      r->unmapped_count++;
    }
    r->unmapped[k].values += values;
  }
}

/* A reader with the run's settings for the input's format. */
static sdq_reader *new_reader(run *r, sdq_format format) {
  sdq_reader *reader = NULL;
  if (sdq_reader_new(r->engine, format, &reader) != SDQ_OK)
    return NULL;
  if (format == SDQ_FORMAT_CSV) {
    sdq_reader_set_group_items(reader, r->opt->group_items);
    sdq_reader_set_delimiter(reader, r->opt->delimiter);
  }
  return reader;
}

/* Fills buf up to `want` bytes from the file; false at its end (or on an
 * error, reported). */
static bool fill(pipeline *p, input_stats *in, FILE *f, char *buf, size_t *len,
                 size_t want) {
  while (*len < want) {
    size_t n = fread(buf + *len, 1, want - *len, f);
    if (n == 0) {
      if (ferror(f)) {
        fprintf(stderr, "sdq: cannot read %s: %s\n", in->file, strerror(errno));
        in->failed = true;
        p->r->input_error = true;
      }
      return false;
    }
    *len += n;
    in->bytes += n;
    p->r->bytes_done += n;
  }
  return true;
}

/* Reads chunks into the reader, draining its records into blocks, to the
 * end of the file; false on a fatal error. */
static bool read_stream(pipeline *p, input_stats *in, FILE *f,
                        sdq_reader *reader, char *chunk) {
  for (bool more = true; more;) {
    size_t n = 0;
    more = fill(p, in, f, chunk, &n, READ_CHUNK);
    if (!n)
      break;
    sdq_reader_feed(reader, chunk, n);
    if (!drain(p, reader, in->file))
      return false;
    progress(p, false);
  }
  sdq_reader_finish(reader);
  return drain(p, reader, in->file);
}

/* A mapped file cut short while it is read raises SIGBUS at the first
 * page past its new end: say so and stop, as for an input that cannot be
 * read, rather than crash. Only async-signal-safe calls here. */
static void on_sigbus(int sig) {
  (void)sig;
  static const char msg[] =
      "sdq: an input file was cut short while it was read\n";
  ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
  (void)w;
  _exit(EXIT_INPUT);
}

/* Whether the file can be mapped (a regular file, not empty, read from
 * its start), with its size; SIGBUS is then handled. */
static bool mappable(FILE *f, off_t *size) {
  struct stat st;
  int fd = fileno(f);
  if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
      st.st_size <= 0 || ftello(f) != 0 ||
      (uintmax_t)st.st_size > (uintmax_t)SIZE_MAX)
    return false;
  static bool handler_set;
  if (!handler_set) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigbus;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGBUS, &sa, NULL) != 0)
      return false;
    handler_set = true;
  }
  *size = st.st_size;
  return true;
}

/* Hands a cut part of the input, `len` bytes at `bytes`, on to the
 * workers; false on a fatal error. */
static bool hand_on_part(pipeline *p, block *b, input_stats *in,
                         sdq_reader *tally, const char *bytes, size_t len,
                         bool mapped) {
  b->tally = tally;
  b->file = in->file;
  b->bytes = bytes;
  b->len = len;
  b->mapped = mapped;
  bool ok = submit(p);
  progress(p, false);
  return ok;
}

/* After a part whose end could not be found within PART_MAX bytes, whose
 * reader has read the rest of the input on this thread (`read_ok` tells
 * how that went): waits for every part before it to be completed, joins
 * it into the input's totals after them and frees it. */
static bool end_read_on(pipeline *p, sdq_reader *tally, sdq_reader *reader,
                        bool read_ok) {
  bool ok = read_ok && submit(p) && wait_for_room(p, true);
  if (ok)
    sdq_reader_join(tally, reader);
  sdq_reader_free(reader);
  return ok;
}

/* Feeds bytes [from, to) of the mapped input to `reader` a window at a
 * time, draining its records (completed, or copied into blocks) after
 * each and letting the window's pages go; then finishes it. False on a
 * fatal error. */
static bool read_on_mapped(pipeline *p, input_stats *in, sdq_reader *reader,
                           const char *map, size_t from, size_t to) {
  const char *released = map + from;
  for (size_t at = from; at < to; at += MAP_WINDOW) {
    size_t len = to - at < MAP_WINDOW ? to - at : MAP_WINDOW;
#ifdef MADV_POPULATE_READ
    /* The window's pages mapped at once, which costs less than a fault
     * for every few; where the kernel cannot, they fault in as read. */
    uintptr_t start = (uintptr_t)(map + at) / p->page * p->page;
    madvise((void *)start, (uintptr_t)(map + at + len) - start,
            MADV_POPULATE_READ);
#endif
    sdq_reader_feed(reader, map + at, len);
    in->bytes += len;
    p->r->bytes_done += len;
    bool ok = drain(p, reader, in->file);
    released =
        release_pages(p->page, released, (size_t)(map + at + len - released));
    if (!ok)
      return false;
    progress(p, false);
  }
  sdq_reader_finish(reader);
  return drain(p, reader, in->file);
}

/* Reads a regular file on one thread without copying it: it is mapped and
 * fed to the reader a window at a time (read_on_mapped()); the reader
 * keeps its own copy of a record that straddles two windows. Returns false
 * with *mapped false when the file cannot be mapped, for the caller to
 * read it instead; else false on a fatal error. */
static bool read_mapped(pipeline *p, input_stats *in, FILE *f,
                        sdq_reader *reader, bool *mapped) {
  *mapped = false;
  off_t size;
  if (!mappable(f, &size))
    return false;
  void *m = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fileno(f), 0);
  if (m == MAP_FAILED)
    return false;
  *mapped = true;
  bool ok = read_on_mapped(p, in, reader, m, 0, (size_t)size);
  munmap(m, (size_t)size);
  return ok;
}

/* With workers, a regular file: the parts are cut from a mapping of the
 * whole file and read where they lie, without a copy; each part's pages
 * go once it is completed (release_pages()), so that the file does not
 * pile up in the resident memory. A part whose end cannot be found within
 * PART_MAX bytes ends the cutting, as in read_parts(). False with *mapped
 * false when the file cannot be mapped; else false on a fatal error. */
static bool read_parts_mapped(pipeline *p, input_stats *in, FILE *f,
                              sdq_reader *tally, bool *mapped) {
  *mapped = false;
  off_t file_size;
  if (!mappable(f, &file_size))
    return false;
  const size_t size = (size_t)file_size;
  void *m = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fileno(f), 0);
  if (m == MAP_FAILED)
    return false;
  *mapped = true;
  /* Unmapped once every part is completed (read_input()), or at the end
   * of the run. */
  p->map = m;
  p->map_len = size;
  p->map_released = m;
  const char *map = m;
  sdq_reader *lead = new_reader(p->r, in->format);
  bool oom = !lead; /* else a failure was reported where it happened */
  bool ok = lead && submit(p);
  size_t pos = 0;
  bool last = false;
  while (ok && !last) {
    block *b = &p->blocks[p->tail];
    if (sdq_reader_fork(lead, &b->part) != SDQ_OK) {
      ok = false;
      oom = true;
      break;
    }
    size_t want = PART_BYTES, cut = 0;
    for (;;) {
      size_t avail = size - pos < want ? size - pos : want;
      last = avail == size - pos;
      if (sdq_reader_cut(lead, map + pos, avail, last, &cut) != SDQ_OK) {
        ok = false;
        oom = true;
        break;
      }
      /* No boundary yet: more bytes, up to PART_MAX. */
      if (cut || last || want >= PART_MAX)
        break;
      want *= 2;
    }
    if (!ok)
      break;
    if (!cut && !last) {
      /* The part's reader reads on from here, on this thread. */
      sdq_reader *reader = b->part;
      b->part = NULL;
      ok = end_read_on(p, tally, reader,
                       read_on_mapped(p, in, reader, map, pos, size));
      break;
    }
    in->bytes += cut;
    p->r->bytes_done += cut;
    ok = hand_on_part(p, b, in, tally, map + pos, cut, true);
    pos += cut;
  }
  if (oom)
    fprintf(stderr, "sdq: out of memory\n");
  sdq_reader_free(lead);
  return ok;
}

/* Makes room for `need` bytes in a growable buffer; false when memory ran
 * out. A buffer grown past twice `keep` goes back to `keep` when less is
 * needed, so one long part does not hold its memory for the run. */
static bool reserve(char **buf, size_t *cap, size_t need, size_t keep) {
  if (need <= *cap && (*cap <= 2 * keep || need > keep))
    return true;
  size_t to = need > keep ? need : keep;
  char *grown = realloc(*buf, to);
  if (!grown)
    return false;
  *buf = grown;
  *cap = to;
  return true;
}

/* On a fatal error: no completion is started after this returns, nor is one
 * still running, so the input's totals can go. */
static void stop_completing(pipeline *p) {
  pthread_mutex_lock(&p->lock);
  p->failed = true;
  while (p->completing)
    pthread_cond_wait(&p->changed, &p->lock);
  pthread_mutex_unlock(&p->lock);
}

/* With workers: cuts the input into parts for them. A part whose end
 * cannot be found within PART_MAX bytes (a grouped consignment longer
 * than that) ends the cutting: from there on this thread reads, as it
 * does without workers. */
static bool read_parts(pipeline *p, input_stats *in, FILE *f, sdq_reader *tally,
                       char *chunk) {
  sdq_reader *lead = new_reader(p->r, in->format);
  bool oom = !lead; /* else a failure was reported where it happened */
  bool ok = lead && submit(p);
  bool eof = false;
  p->carry_len = 0;
  while (ok && !eof) {
    block *b = &p->blocks[p->tail];
    if (sdq_reader_fork(lead, &b->part) != SDQ_OK ||
        !reserve(&b->data, &b->data_cap, PART_BYTES + p->carry_len,
                 PART_BYTES)) {
      ok = false;
      oom = true;
      break;
    }
    if (p->carry_len)
      memcpy(b->data, p->carry, p->carry_len);
    b->len = p->carry_len;
    size_t cut = 0, want = b->data_cap;
    for (;;) {
      eof = !fill(p, in, f, b->data, &b->len, want);
      if (sdq_reader_cut(lead, b->data, b->len, eof, &cut) != SDQ_OK) {
        ok = false;
        oom = true;
        break;
      }
      if (cut || eof)
        break;
      /* No boundary yet: more bytes, up to PART_MAX. */
      if (b->data_cap >= PART_MAX ||
          !reserve(&b->data, &b->data_cap, 2 * b->data_cap, PART_BYTES))
        break;
      want = b->data_cap;
    }
    if (!ok)
      break;
    if (!cut && !eof) {
      /* The part's reader reads on from here, on this thread. */
      sdq_reader *reader = b->part;
      b->part = NULL;
      sdq_reader_feed(reader, b->data, b->len);
      ok = end_read_on(p, tally, reader,
                       drain(p, reader, in->file) &&
                           read_stream(p, in, f, reader, chunk));
      sdq_reader_free(lead);
      return ok;
    }
    if (!reserve(&p->carry, &p->carry_cap, b->len - cut, PART_BYTES)) {
      ok = false;
      oom = true;
      break;
    }
    p->carry_len = b->len - cut;
    if (p->carry_len)
      memcpy(p->carry, b->data + cut, p->carry_len);
    ok = hand_on_part(p, b, in, tally, b->data, cut, false);
  }
  if (oom)
    fprintf(stderr, "sdq: out of memory\n");
  sdq_reader_free(lead);
  return ok;
}

static bool read_input(pipeline *p, input_stats *in, char *chunk) {
  run *r = p->r;
  const char *file = in->file;
  bool is_stdin = strcmp(file, "-") == 0;
  FILE *f = is_stdin ? stdin : fopen(file, "rb");
  if (!f) {
    fprintf(stderr, "sdq: cannot open %s: %s\n", file, strerror(errno));
    in->failed = true;
    r->input_error = true;
    return true;
  }
  /* With workers, the parts' readers are joined into `totals` as they are
   * completed; without, the one reader has them. */
  sdq_reader *totals = new_reader(r, in->format);
  bool ok = totals != NULL;
  if (ok && p->workers) {
    bool mapped = false;
    if (!is_stdin)
      ok = read_parts_mapped(p, in, f, totals, &mapped);
    if (!mapped)
      ok = read_parts(p, in, f, totals, chunk);
    ok = ok && submit(p) && wait_for_room(p, true);
    if (!ok) {
      stop_completing(p);
    } else if (p->map) {
      munmap((void *)p->map, p->map_len);
      p->map = NULL;
    }
  } else if (ok) {
    bool mapped = false;
    if (!is_stdin)
      ok = read_mapped(p, in, f, totals, &mapped);
    if (!mapped)
      ok = read_stream(p, in, f, totals, chunk);
  } else {
    fprintf(stderr, "sdq: out of memory\n");
  }
  in->records = sdq_reader_records(totals);
  add_unmapped(r, totals);
  sdq_reader_free(totals);
  if (!is_stdin)
    fclose(f);
  return ok;
}

/* ---- the run ---- */

static void free_blocks(pipeline *p) {
  for (size_t b = 0; p->blocks && b < p->count; b++) {
    block *k = &p->blocks[b];
    for (size_t i = 0; i < k->made; i++) {
      sdq_record_free(k->slots[i].rec);
      sdq_result_free(k->slots[i].res);
    }
    free(k->slots);
    free(k->data);
    sdq_reader_free(k->part);
  }
  free(p->blocks);
  free(p->carry);
  if (p->map)
    munmap((void *)p->map, p->map_len);
  sdq_record_free(p->scratch);
}

bool run_inputs(run *r) {
  const options *opt = r->opt;
  pipeline p;
  memset(&p, 0, sizeof p);
  p.r = r;
  int threads = opt->threads > 1 ? opt->threads : 0;
  p.count = threads ? (size_t)threads * 2 + 2 : 1;
  long page = sysconf(_SC_PAGESIZE);
  p.page = page > 0 ? (size_t)page : 4096;
  p.per_block = threads ? BLOCK_RECORDS : 1;
  p.blocks = calloc(p.count, sizeof *p.blocks);
  char *chunk = malloc(READ_CHUNK);
  bool ok =
      p.blocks && chunk && sdq_record_new(r->engine, &p.scratch) == SDQ_OK;
  if (!ok) {
    fprintf(stderr, "sdq: out of memory\n");
    free_blocks(&p);
    free(chunk);
    return false;
  }
  for (size_t i = 0; i < opt->input_count; i++) {
    struct stat st;
    if (strcmp(opt->inputs[i], "-") != 0 && stat(opt->inputs[i], &st) == 0 &&
        S_ISREG(st.st_mode))
      r->bytes_total += (uint64_t)st.st_size;
  }
  r->started = r->last_progress = now_seconds();
  if (threads) {
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.changed, NULL);
    /* The reading thread works too while the ring is full. */
    p.workers = calloc((size_t)threads, sizeof *p.workers);
    for (int t = 0; p.workers && t < threads - 1; t++)
      if (pthread_create(&p.workers[p.worker_count], NULL, worker, &p) == 0)
        p.worker_count++;
    if (!p.worker_count) {
      free(p.workers);
      p.workers = NULL;
    }
  }
  for (size_t i = 0; ok && i < opt->input_count; i++)
    ok = read_input(&p, &r->inputs[i], chunk);
  if (ok)
    ok = submit(&p);
  if (ok && p.workers)
    ok = wait_for_room(&p, true);
  if (p.workers) {
    /* On a fatal error, blocks may still be filled: the workers assess
     * them but complete nothing more, then stop. */
    pthread_mutex_lock(&p.lock);
    p.stop = true;
    p.failed |= !ok;
    pthread_cond_broadcast(&p.changed);
    pthread_mutex_unlock(&p.lock);
    for (int t = 0; t < p.worker_count; t++)
      pthread_join(p.workers[t], NULL);
    free(p.workers);
    pthread_cond_destroy(&p.changed);
    pthread_mutex_destroy(&p.lock);
  }
  progress(&p, true);
  free_blocks(&p);
  free(chunk);
  return ok;
}
