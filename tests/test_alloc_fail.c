/*
 * Allocation failure: an sdq_allocator that accounts for every block (a
 * table of pointer -> size, so that the sizes the library gives to free and
 * realloc are checked against what it allocated) and fails the k-th
 * allocation attempt (malloc or realloc). For k = 1, 2, 3, ... until a run
 * completes without an injected failure, a full scenario runs:
 *
 *   config_new, config_map, config_set_constant, config_load_mapping,
 *   engine_new, batch_new, record_new, result_new, a CSV reader grouping
 *   items and an NDJSON reader, each fed a multi-record input in chunks
 *   (with records straddling chunks), next/assess on every record, then
 *   everything freed.
 *
 * For every k: each call returns SDQ_OK or SDQ_ENOMEM (or a documented
 * reader outcome), nothing crashes, the metrics stay consistent, and once
 * everything is freed no block and no byte is live.
 *
 * Policies on SDQ_ENOMEM:
 * - STOP: free everything made so far and end the scenario.
 * - CONTINUE: retry setup calls and assessments (the failure is injected
 *   once, so the retry must succeed: the object was left usable); a record
 *   the reader rejected for lack of memory is counted with
 *   sdq_batch_reject(); when sdq_reader_next() fails without consuming
 *   anything, the reader is abandoned (freed) and the scenario goes on.
 * - RETRY_NEXT (regressions): as CONTINUE, but sdq_reader_next() is called
 *   again after it failed without consuming anything, as its contract
 *   allows ("the call failed; nothing consumed").
 *
 * The group "regressions" holds tests of bugs that were found and fixed.
 */
#if !defined(_WIN32)
#define _POSIX_C_SOURCE 200809L
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#define HAVE_FORK 1
#endif

#include "sdq.h"

#define S(lit) (lit), (sizeof(lit) - 1)

/* ------------------------------------------------------------------------ */
/* The accounting, failing allocator                                         */
/* ------------------------------------------------------------------------ */

typedef struct block {
  void *ptr;
  size_t size;
} block;

typedef struct tracker {
  size_t attempts; /* malloc and realloc calls */
  size_t fail_at;  /* 1-based attempt to fail; 0: none */
  size_t injected; /* failures injected */
  size_t live_blocks, live_bytes;
  block *table;
  size_t count, cap;
  /* contract violations seen by the hooks */
  size_t bad_free_size, bad_realloc_size, unknown_free, unknown_realloc;
  size_t zero_size;
  int table_oom;
} tracker;

static block *find(tracker *t, void *p) {
  for (size_t i = t->count; i-- > 0;)
    if (t->table[i].ptr == p)
      return &t->table[i];
  return NULL;
}

static int remember(tracker *t, void *p, size_t size) {
  if (t->count == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 256;
    block *nt = realloc(t->table, cap * sizeof *nt);
    if (!nt) {
      t->table_oom = 1;
      return 0;
    }
    t->table = nt;
    t->cap = cap;
  }
  t->table[t->count++] = (block){p, size};
  t->live_blocks++;
  t->live_bytes += size;
  return 1;
}

static void forget(tracker *t, block *b) {
  t->live_blocks--;
  t->live_bytes -= b->size;
  *b = t->table[--t->count];
}

static int should_fail(tracker *t) {
  t->attempts++;
  if (t->fail_at && t->attempts == t->fail_at) {
    t->injected++;
    return 1;
  }
  return 0;
}

static void *t_malloc(void *ctx, size_t size) {
  tracker *t = ctx;
  if (size == 0)
    t->zero_size++;
  if (should_fail(t))
    return NULL;
  void *p = malloc(size ? size : 1);
  if (p && !remember(t, p, size)) {
    free(p);
    return NULL;
  }
  return p;
}

static void *t_realloc(void *ctx, void *ptr, size_t old_size, size_t new_size) {
  tracker *t = ctx;
  if (new_size == 0)
    t->zero_size++;
  if (should_fail(t))
    return NULL;
  block *b = find(t, ptr);
  if (!b) {
    t->unknown_realloc++;
    return NULL;
  }
  if (b->size != old_size)
    t->bad_realloc_size++;
  void *q = realloc(ptr, new_size ? new_size : 1);
  if (!q)
    return NULL;
  t->live_bytes = t->live_bytes - b->size + new_size;
  b->ptr = q;
  b->size = new_size;
  return q;
}

static void t_free(void *ctx, void *ptr, size_t size) {
  tracker *t = ctx;
  block *b = find(t, ptr);
  if (!b) {
    t->unknown_free++; /* not ours (or NULL): do not free */
    return;
  }
  if (b->size != size)
    t->bad_free_size++;
  forget(t, b);
  free(ptr);
}

static void tracker_reset(tracker *t, size_t fail_at) {
  block *table = t->table;
  size_t cap = t->cap;
  memset(t, 0, sizeof *t);
  t->table = table;
  t->cap = cap;
  t->fail_at = fail_at;
}

static void tracker_release(tracker *t) {
  /* Free whatever leaked so that ASan reports only what the test did. */
  for (size_t i = 0; i < t->count; i++)
    free(t->table[i].ptr);
  free(t->table);
  memset(t, 0, sizeof *t);
}

/* ------------------------------------------------------------------------ */
/* The scenario                                                              */
/* ------------------------------------------------------------------------ */

typedef enum policy { POLICY_STOP, POLICY_CONTINUE, POLICY_RETRY_NEXT } policy;

/* The readers a scenario runs, in this order. */
enum {
  READ_CSV_GROUPED = 1, /* CSV with grouping of items */
  READ_CSV_ROWS = 2,    /* CSV, one consignment per row */
  READ_NDJSON = 4,
  READ_ALL = 7
};

/* What one run of the scenario did. */
typedef struct outcome {
  int completed; /* reached the end without stopping */
  uint64_t assessed, rejected;
  uint64_t items;           /* items in assessed records (metrics) */
  uint64_t findings;        /* findings of all assessments */
  uint64_t reader_records;  /* sum over readers that reached SDQ_END */
  uint64_t counted_records; /* assessed + rejected from those readers */
  int readers_finished;     /* readers that reached SDQ_END */
  int parse_errors;         /* SDQ_EPARSE / SDQ_ELIMIT from next() */
  char parse_error_msg[300];
  char failure[512]; /* first contract violation, or "" */
} outcome;

typedef struct run {
  tracker *t;
  policy pol;
  int readers; /* READ_* mask */
  outcome *out;
  sdq_config *config;
  sdq_engine *engine;
  sdq_batch *batch;
  sdq_record *record;
  sdq_result *result;
  sdq_reader *reader;
} run;

static void violation(run *r, int line, const char *fmt, ...) {
  if (r->out->failure[0])
    return;
  int n = snprintf(r->out->failure, sizeof r->out->failure,
                   "k=%zu line %d: ", r->t->fail_at, line);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(r->out->failure + n, sizeof r->out->failure - (size_t)n, fmt, ap);
  va_end(ap);
}
#define VIOLATION(r, ...) violation((r), __LINE__, __VA_ARGS__)

/* A setup call: SDQ_OK, or SDQ_ENOMEM only when a failure was just
 * injected. Returns 1 to go on, 0 to stop. Under CONTINUE the call is
 * retried and must then succeed. */
#define SETUP_CALL(r, call)                                                    \
  do {                                                                         \
    size_t injected_before = (r)->t->injected;                                 \
    sdq_status st_ = (call);                                                   \
    if (st_ == SDQ_ENOMEM && (r)->t->injected == injected_before)              \
      VIOLATION((r), "%s: SDQ_ENOMEM without an injected failure", #call);     \
    if (st_ == SDQ_ENOMEM && (r)->pol == POLICY_STOP)                          \
      return 0;                                                                \
    if (st_ == SDQ_ENOMEM)                                                     \
      st_ = (call);                                                            \
    if (st_ != SDQ_OK) {                                                       \
      VIOLATION((r), "%s returned %d", #call, (int)st_);                       \
      return 0;                                                                \
    }                                                                          \
  } while (0)

static const char MAPPING[] =
    "{\"columns\": {\"Internal Ref\": null, \"Buyer Addr\": \"buyer_address\","
    " \"K\\u00e4ufer\": \"buyer_name\"},\n"
    " \"constants\": {\"origin_country\": \"CN\", \"transport_mode\": \"4\"}}";

/* Grouped into 4 consignments (S1: 2 items, S2, S3: 2 items, S4). */
static const char CSV_INPUT[] =
    "shipment_id,seller_name,seller_country,K\xc3\xa4ufer,Buyer Addr,"
    "buyer_country,gross_weight,total_value,Net Mass,description,hs_code,"
    "Internal Ref,Extra\n"
    "S1,ACME,CN,Jane,\"Main St 1, Town\",DE,1.5,20.00,0.5,"
    "\"Shoes \"\"red\"\"\",640399,r1,e\n"
    "S1,ACME,CN,Jane,\"Main St 1, Town\",DE,1.5,20.00,0.4,Socks,611595,r2,\n"
    "S2,Beta Ltd,US,John,Side St 2,FR,2.0,35.50,1.8,Book,490199,r3,e\r\n"
    "S3,N/A,CN,Ann,\"Long\nStreet 3\",AT,0.3,5.00,0.2,Cable,854442,,\n"
    "S3,N/A,CN,Ann,x,AT,0.3,5.00,0.1,\"Adapter \"\"EU\"\"\",850440,r5,e\n"
    "S4,Gamma,CN,Bob,Road 4,IT,1.0,12.00,0.9,Lamp,940540,r6,e";
#define CSV_RECORDS 4
#define CSV_ITEMS 6
#define CSV_ROWS 6

/* 4 records; the last without a newline. */
static const char NDJSON_INPUT[] =
    "{\"shipment_id\":\"N1\",\"seller_name\":\"ACME\",\"items\":["
    "{\"description\":\"Shoes\",\"hs_code\":\"640399\",\"colour\":\"red\"},"
    "{\"description\":\"Sock\\u00e9s \\\"wool\\\"\"}]}\n"
    "{\"shipment_id\":\"N2\",\"seller_name\":\"B\\\"eta\",\"buyer_country\":"
    "\"FR\",\"extra\":{\"a\":[1,2]},\"unknown_key\":\"v\",\"description\":"
    "\"Top-level item\",\"K\\u00e4ufer\":\"J\\u00fcrgen\"}\n"
    "\n"
    "{\"shipment_id\":\"N3\",\"items\":[],\"more\":\"x\",\"other\":true}\n"
    "{\"shipment_id\":\"N4\",\"Net Mass\":\"0.5\",\"total_value\":12.5,"
    "\"Buyer Addr\":\"Main \\/ St\"}";
#define NDJSON_RECORDS 4
#define NDJSON_ITEMS 4 /* N4: top-level "Net Mass" (net_weight) */

/* Chunk boundaries: the CSV header, a quoted field and an NDJSON string
 * each straddle a boundary. */
static const size_t CSV_CUTS[] = {37, 150, 155, 300};
static const size_t NDJSON_CUTS[] = {60, 61, 200, 330};

static int is_reader_outcome(sdq_status st) {
  return st == SDQ_OK || st == SDQ_NEED_INPUT || st == SDQ_END ||
         st == SDQ_EPARSE || st == SDQ_ELIMIT || st == SDQ_ENOMEM;
}

/* Pulls records until NEED_INPUT or END. Returns 1 to go on with this
 * reader, 0 when the reader is done or abandoned (*stop set when the whole
 * scenario must stop). */
static int drain(run *r, uint64_t *counted, int *ended, int *stop) {
  int retries = 0;
  for (;;) {
    sdq_error err;
    memset(&err, 0, sizeof err);
    uint64_t before = sdq_reader_records(r->reader);
    size_t injected_before = r->t->injected;
    (void)injected_before;
    sdq_status st = sdq_reader_next(r->reader, r->record, &err);
    uint64_t after = sdq_reader_records(r->reader);
#ifdef DEBUG_TRACE
    fprintf(stderr,
            "k=%zu next -> %d records %llu->%llu injected %zu/%zu "
            "err.record %llu line %llu: %s\n",
            r->t->fail_at, (int)st, (unsigned long long)before,
            (unsigned long long)after, injected_before, r->t->injected,
            (unsigned long long)err.record, (unsigned long long)err.line,
            err.message);
#endif
    if (!is_reader_outcome(st)) {
      VIOLATION(r, "sdq_reader_next returned %d", (int)st);
      *stop = 1;
      return 0;
    }
    if (st == SDQ_NEED_INPUT)
      return 1;
    if (st == SDQ_END) {
      *ended = 1;
      return 0;
    }
    if (st == SDQ_OK) {
      if (after != before + 1)
        VIOLATION(r, "records went from %llu to %llu on one record",
                  (unsigned long long)before, (unsigned long long)after);
      size_t inj = r->t->injected;
      sdq_status as = sdq_batch_assess(r->batch, r->record, r->result);
      if (as == SDQ_ENOMEM) {
        if (r->t->injected == inj)
          VIOLATION(r, "assess: SDQ_ENOMEM without an injected failure");
        if (r->pol == POLICY_STOP) {
          *stop = 1;
          return 0;
        }
        as = sdq_batch_assess(r->batch, r->record, r->result);
      }
      if (as != SDQ_OK) {
        VIOLATION(r, "sdq_batch_assess returned %d", (int)as);
        *stop = 1;
        return 0;
      }
      r->out->assessed++;
      r->out->findings += sdq_result_finding_count(r->result);
      (*counted)++;
      retries = 0;
      continue;
    }
    /* A rejection for lack of memory may come later than the failed
     * allocation (a group, a held row, a straddling record), but never
     * without one in this run. */
    if (st == SDQ_ENOMEM && r->t->injected == 0)
      VIOLATION(r, "next: SDQ_ENOMEM without an injected failure");
    if (st == SDQ_ENOMEM && r->pol == POLICY_STOP) {
      *stop = 1;
      return 0;
    }
    if (st == SDQ_EPARSE || st == SDQ_ELIMIT) {
      if (r->out->parse_errors++ == 0)
        snprintf(r->out->parse_error_msg, sizeof r->out->parse_error_msg,
                 "k=%zu: status %d, record %llu line %llu: %s", r->t->fail_at,
                 (int)st, (unsigned long long)err.record,
                 (unsigned long long)err.line, err.message);
    }
    if (after > before) {
      /* A record was consumed and rejected. */
      if (after != before + 1)
        VIOLATION(r, "records went from %llu to %llu on one rejection",
                  (unsigned long long)before, (unsigned long long)after);
      if (err.code != st)
        VIOLATION(r, "rejection %d but err.code %d", (int)st, (int)err.code);
      if (sdq_batch_reject(r->batch, &err) != SDQ_OK)
        VIOLATION(r, "sdq_batch_reject failed");
      r->out->rejected++;
      (*counted)++;
      retries = 0;
      continue;
    }
    if (st != SDQ_ENOMEM) {
      /* A header row rejected: no record consumed. Go on reading. */
      if (++retries > 3) {
        VIOLATION(r, "next keeps returning %d without progress", (int)st);
        *stop = 1;
        return 0;
      }
      continue;
    }
    /* SDQ_ENOMEM and nothing consumed. */
    if (r->pol == POLICY_CONTINUE)
      return 0; /* abandon this reader */
    if (++retries > 3) {
      VIOLATION(r, "next keeps failing with SDQ_ENOMEM");
      *stop = 1;
      return 0;
    }
  }
}

/* Reads `input` cut at `cuts` with a new reader. Returns 0 to stop. */
static int read_input(run *r, sdq_format format, int group, const char *input,
                      size_t len, const size_t *cuts, size_t ncuts) {
  SETUP_CALL(r, sdq_reader_new(r->engine, format, &r->reader));
  if (format == SDQ_FORMAT_CSV &&
      sdq_reader_set_group_items(r->reader, group) != SDQ_OK) {
    VIOLATION(r, "sdq_reader_set_group_items failed");
    return 0;
  }
  uint64_t counted = 0;
  int ended = 0, stop = 0, going = 1;
  size_t at = 0;
  for (size_t c = 0; going && c <= ncuts; c++) {
    size_t end = c < ncuts && cuts[c] < len ? cuts[c] : len;
    if (end < at)
      end = at;
    sdq_status st = sdq_reader_feed(r->reader, input + at, end - at);
    if (st != SDQ_OK) {
      VIOLATION(r, "sdq_reader_feed returned %d", (int)st);
      return 0;
    }
    at = end;
    going = drain(r, &counted, &ended, &stop);
  }
  if (going) {
    if (sdq_reader_finish(r->reader) != SDQ_OK) {
      VIOLATION(r, "sdq_reader_finish failed");
      return 0;
    }
    going = drain(r, &counted, &ended, &stop);
    if (going)
      VIOLATION(r, "SDQ_NEED_INPUT after finish");
  }
  if (stop)
    return 0;
  if (ended) {
    r->out->readers_finished++;
    r->out->reader_records += sdq_reader_records(r->reader);
    r->out->counted_records += counted;
    /* A finished reader says SDQ_END again. */
    if (sdq_reader_next(r->reader, r->record, NULL) != SDQ_END)
      VIOLATION(r, "next after SDQ_END is not SDQ_END");
  }
  sdq_reader_free(r->reader);
  r->reader = NULL;
  return 1;
}

static int scenario_steps(run *r, const sdq_allocator *al) {
  SETUP_CALL(r, sdq_config_new(al, &r->config));
  SETUP_CALL(r, sdq_config_map(r->config, S("Net Mass"), SDQ_FIELD_NET_WEIGHT));
  SETUP_CALL(r, sdq_config_map(r->config, S("Extra"), SDQ_FIELD_NONE));
  SETUP_CALL(r,
             sdq_config_set_constant(r->config, SDQ_FIELD_CURRENCY, S("EUR")));
  sdq_error err;
  SETUP_CALL(r, sdq_config_load_mapping(r->config, S(MAPPING), &err));
  SETUP_CALL(r, sdq_engine_new(r->config, &r->engine, &err));
  SETUP_CALL(r, sdq_batch_new(r->engine, &r->batch));
  SETUP_CALL(r, sdq_record_new(r->engine, &r->record));
  SETUP_CALL(r, sdq_result_new(r->engine, &r->result));
  if ((r->readers & READ_CSV_GROUPED) &&
      !read_input(r, SDQ_FORMAT_CSV, 1, S(CSV_INPUT), CSV_CUTS,
                  sizeof CSV_CUTS / sizeof CSV_CUTS[0]))
    return 0;
  if ((r->readers & READ_CSV_ROWS) &&
      !read_input(r, SDQ_FORMAT_CSV, 0, S(CSV_INPUT), CSV_CUTS,
                  sizeof CSV_CUTS / sizeof CSV_CUTS[0]))
    return 0;
  if ((r->readers & READ_NDJSON) &&
      !read_input(r, SDQ_FORMAT_NDJSON, 0, S(NDJSON_INPUT), NDJSON_CUTS,
                  sizeof NDJSON_CUTS / sizeof NDJSON_CUTS[0]))
    return 0;
  return 1;
}

static void scenario(tracker *t, const sdq_allocator *al, policy pol,
                     int readers, outcome *out) {
  memset(out, 0, sizeof *out);
  run r = {.t = t, .pol = pol, .readers = readers, .out = out};
  out->completed = scenario_steps(&r, al);
  /* Metrics: read = assessed + rejected, and what this run counted. */
  if (r.batch) {
    sdq_record_counts rc;
    if (sdq_metrics_records(sdq_batch_metrics(r.batch), &rc) != SDQ_OK) {
      VIOLATION(&r, "sdq_metrics_records failed");
    } else {
      out->items = rc.items;
      if (rc.read != rc.assessed + rc.rejected ||
          rc.assessed != out->assessed || rc.rejected != out->rejected)
        VIOLATION(&r,
                  "metrics read %llu assessed %llu rejected %llu; "
                  "counted %llu and %llu",
                  (unsigned long long)rc.read, (unsigned long long)rc.assessed,
                  (unsigned long long)rc.rejected,
                  (unsigned long long)out->assessed,
                  (unsigned long long)out->rejected);
    }
  }
  if (out->reader_records != out->counted_records)
    VIOLATION(&r, "readers handed out %llu records, %llu were counted",
              (unsigned long long)out->reader_records,
              (unsigned long long)out->counted_records);
  sdq_reader_free(r.reader);
  sdq_result_free(r.result);
  sdq_record_free(r.record);
  sdq_batch_free(r.batch);
  sdq_engine_free(r.engine);
  sdq_config_free(r.config);
  if (t->live_blocks || t->live_bytes)
    VIOLATION(&r, "after freeing everything: %zu blocks, %zu bytes live",
              t->live_blocks, t->live_bytes);
  if (t->bad_free_size || t->bad_realloc_size || t->unknown_free ||
      t->unknown_realloc)
    VIOLATION(&r,
              "sizes/pointers: %zu bad free sizes, %zu bad realloc "
              "sizes, %zu unknown frees, %zu unknown reallocs",
              t->bad_free_size, t->bad_realloc_size, t->unknown_free,
              t->unknown_realloc);
  if (t->zero_size)
    VIOLATION(&r, "%zu zero-size allocation requests", t->zero_size);
  if (t->table_oom)
    VIOLATION(&r, "the test's own table ran out of memory");
}

/* Runs the scenario for k = 1, 2, ... until a run injects nothing. Returns
 * the number of k values that injected a failure; the first violation (if
 * any) is copied to `failure`. */
typedef struct sweep {
  size_t k_values;
  size_t allocations; /* attempts in the run without failure */
  outcome clean;      /* the run without failure */
  char failure[512];
  size_t parse_error_runs;
  char parse_error_msg[300];
  size_t completed_runs;
  /* runs in which every reader finished and nothing was rejected: they
   * must assess exactly what the run without failure assessed */
  size_t full_runs;
} sweep;

/* In a child process: where the current k is written, so that the parent
 * can say which run crashed. -1: nowhere. */
static int progress_fd = -1;

static void run_sweep(policy pol, int with_realloc, int readers, sweep *sw) {
  memset(sw, 0, sizeof *sw);
  tracker t;
  memset(&t, 0, sizeof t);
  sdq_allocator al = {t_malloc, with_realloc ? t_realloc : NULL, t_free, &t};
  /* (k, records, items, findings) of the full runs, to compare with the
   * run without failure at the end. */
  typedef struct full {
    size_t k;
    uint64_t assessed, items, findings;
  } full;
  full *fulls = NULL;
  size_t nfull = 0, capfull = 0;
  for (size_t k = 1;; k++) {
    tracker_reset(&t, k);
#ifdef HAVE_FORK
    if (progress_fd >= 0 && write(progress_fd, &k, sizeof k) != sizeof k)
      progress_fd = -1;
#endif
    outcome out;
    scenario(&t, &al, pol, readers, &out);
    if (out.failure[0] && !sw->failure[0])
      memcpy(sw->failure, out.failure, sizeof sw->failure);
    if (out.parse_errors && sw->parse_error_runs++ == 0)
      memcpy(sw->parse_error_msg, out.parse_error_msg,
             sizeof sw->parse_error_msg);
    sw->completed_runs += out.completed != 0;
    if (out.completed && out.rejected == 0 && out.readers_finished == 3) {
      if (nfull == capfull) {
        capfull = capfull ? capfull * 2 : 64;
        full *nf = realloc(fulls, capfull * sizeof *nf);
        assert_non_null(nf);
        fulls = nf;
      }
      fulls[nfull++] = (full){k, out.assessed, out.items, out.findings};
    }
    if (t.injected == 0) {
      sw->clean = out;
      sw->allocations = t.attempts;
      break;
    }
    sw->k_values++;
    if (k > 100000) {
      snprintf(sw->failure, sizeof sw->failure, "no end after %zu runs", k);
      break;
    }
  }
  /* A failure that was retried (or that cost nothing) leaves no trace:
   * the same records, items and findings as without failure. */
  sw->full_runs = nfull;
  for (size_t i = 0; i < nfull && !sw->failure[0]; i++)
    if (fulls[i].assessed != sw->clean.assessed ||
        fulls[i].items != sw->clean.items ||
        fulls[i].findings != sw->clean.findings)
      snprintf(sw->failure, sizeof sw->failure,
               "k=%zu: %llu records, %llu items, %llu findings; without "
               "failure %llu, %llu, %llu",
               fulls[i].k, (unsigned long long)fulls[i].assessed,
               (unsigned long long)fulls[i].items,
               (unsigned long long)fulls[i].findings,
               (unsigned long long)sw->clean.assessed,
               (unsigned long long)sw->clean.items,
               (unsigned long long)sw->clean.findings);
  free(fulls);
  tracker_release(&t);
}

static void expect_clean_run(const sweep *sw) {
  const outcome *o = &sw->clean;
  assert_int_equal(o->completed, 1);
  assert_int_equal(o->readers_finished, 3);
  assert_int_equal(o->assessed, CSV_RECORDS + CSV_ROWS + NDJSON_RECORDS);
  assert_int_equal(o->rejected, 0);
  assert_int_equal(o->reader_records, CSV_RECORDS + CSV_ROWS + NDJSON_RECORDS);
  assert_int_equal(o->parse_errors, 0);
  assert_int_equal(o->items, CSV_ITEMS + CSV_ROWS + NDJSON_ITEMS);
  assert_true(o->findings > 0);
  assert_string_equal(o->failure, "");
  assert_true(sw->allocations > 20);
  assert_true(sw->k_values >= sw->allocations);
}

static void report(const char *name, const sweep *sw) {
  printf("[ INFO     ] %s: %zu k values (allocations in a clean run: %zu), "
         "%zu runs completed (%zu without loss), %zu runs with parse "
         "errors\n",
         name, sw->k_values, sw->allocations, sw->completed_runs, sw->full_runs,
         sw->parse_error_runs);
}

/* ------------------------------------------------------------------------ */
/* Tests                                                                     */
/* ------------------------------------------------------------------------ */

/* The scenario itself, without failures, with the same allocator: the
 * expected records, items and metrics. */
static void test_scenario_without_failure(void **state) {
  (void)state;
  tracker t;
  memset(&t, 0, sizeof t);
  sdq_allocator al = {t_malloc, t_realloc, t_free, &t};
  outcome out;
  scenario(&t, &al, POLICY_CONTINUE, READ_ALL, &out);
  assert_string_equal(out.failure, "");
  assert_int_equal(t.injected, 0);
  assert_true(t.attempts > 20);
  assert_int_equal(out.readers_finished, 3);
  assert_int_equal(out.assessed, CSV_RECORDS + CSV_ROWS + NDJSON_RECORDS);
  assert_int_equal(out.rejected, 0);
  assert_int_equal(t.live_blocks, 0);
  assert_int_equal(t.live_bytes, 0);
  tracker_release(&t);

  /* The records themselves, read with the same configuration. */
  memset(&t, 0, sizeof t);
  sdq_config *c = NULL;
  assert_int_equal(sdq_config_new(&al, &c), SDQ_OK);
  assert_int_equal(sdq_config_map(c, S("Net Mass"), SDQ_FIELD_NET_WEIGHT),
                   SDQ_OK);
  assert_int_equal(sdq_config_map(c, S("Extra"), SDQ_FIELD_NONE), SDQ_OK);
  assert_int_equal(sdq_config_set_constant(c, SDQ_FIELD_CURRENCY, S("EUR")),
                   SDQ_OK);
  assert_int_equal(sdq_config_load_mapping(c, S(MAPPING), NULL), SDQ_OK);
  sdq_engine *e = NULL;
  assert_int_equal(sdq_engine_new(c, &e, NULL), SDQ_OK);
  sdq_config_free(c);
  assert_true(t.live_blocks > 0);
  sdq_record *rec = NULL;
  sdq_batch *b = NULL;
  sdq_result *res = NULL;
  sdq_reader *rd = NULL;
  assert_int_equal(sdq_record_new(e, &rec), SDQ_OK);
  assert_int_equal(sdq_batch_new(e, &b), SDQ_OK);
  assert_int_equal(sdq_result_new(e, &res), SDQ_OK);
  assert_int_equal(sdq_reader_new(e, SDQ_FORMAT_CSV, &rd), SDQ_OK);
  assert_int_equal(sdq_reader_set_group_items(rd, 1), SDQ_OK);
  assert_int_equal(sdq_reader_feed(rd, S(CSV_INPUT)), SDQ_OK);
  assert_int_equal(sdq_reader_finish(rd), SDQ_OK);
  static const struct {
    const char *id;
    size_t items;
    const char *desc0;
    const char *addr;
  } want[CSV_RECORDS] = {
      {"S1", 2, "Shoes \"red\"", "Main St 1, Town"},
      {"S2", 1, "Book", "Side St 2"},
      {"S3", 2, "Cable", "Long\nStreet 3"},
      {"S4", 1, "Lamp", "Road 4"},
  };
  for (size_t i = 0; i < CSV_RECORDS; i++) {
    sdq_error err;
    assert_int_equal(sdq_reader_next(rd, rec, &err), SDQ_OK);
    const char *v;
    size_t n;
    assert_int_equal(sdq_record_get(rec, SDQ_FIELD_SHIPMENT_ID, &v, &n), 1);
    assert_int_equal(n, strlen(want[i].id));
    assert_memory_equal(v, want[i].id, n);
    assert_int_equal(sdq_record_item_count(rec), want[i].items);
    assert_int_equal(sdq_record_get(rec, SDQ_FIELD_DESCRIPTION, &v, &n), 1);
    assert_int_equal(n, strlen(want[i].desc0));
    assert_memory_equal(v, want[i].desc0, n);
    assert_int_equal(sdq_record_get(rec, SDQ_FIELD_BUYER_ADDRESS, &v, &n), 1);
    assert_int_equal(n, strlen(want[i].addr));
    assert_memory_equal(v, want[i].addr, n);
    assert_int_equal(sdq_record_get(rec, SDQ_FIELD_CURRENCY, &v, &n), 1);
    assert_memory_equal(v, "EUR", 3);
    assert_int_equal(sdq_record_get(rec, SDQ_FIELD_BUYER_NAME, &v, &n), 1);
    for (size_t it = 0; it < want[i].items; it++) {
      assert_int_equal(
          sdq_record_get_item(rec, it, SDQ_FIELD_ORIGIN_COUNTRY, &v, &n), 1);
      assert_memory_equal(v, "CN", 2);
      assert_int_equal(
          sdq_record_get_item(rec, it, SDQ_FIELD_NET_WEIGHT, &v, &n), 1);
    }
    assert_int_equal(sdq_batch_assess(b, rec, res), SDQ_OK);
  }
  sdq_error err;
  assert_int_equal(sdq_reader_next(rd, rec, &err), SDQ_END);
  /* "Extra" and "Internal Ref" are ignored, not unmapped. */
  assert_int_equal(sdq_reader_unmapped_count(rd), 0);
  sdq_reader_free(rd);
  rd = NULL;
  sdq_record_counts rc;
  assert_int_equal(sdq_metrics_records(sdq_batch_metrics(b), &rc), SDQ_OK);
  assert_int_equal(rc.items, CSV_ITEMS);

  assert_int_equal(sdq_reader_new(e, SDQ_FORMAT_NDJSON, &rd), SDQ_OK);
  assert_int_equal(sdq_reader_feed(rd, S(NDJSON_INPUT)), SDQ_OK);
  assert_int_equal(sdq_reader_finish(rd), SDQ_OK);
  static const size_t nd_items[NDJSON_RECORDS] = {2, 1, 0, 1};
  for (size_t i = 0; i < NDJSON_RECORDS; i++) {
    assert_int_equal(sdq_reader_next(rd, rec, &err), SDQ_OK);
    assert_int_equal(sdq_record_item_count(rec), nd_items[i]);
    assert_int_equal(sdq_record_number(rec), i + 1);
    assert_int_equal(sdq_batch_assess(b, rec, res), SDQ_OK);
  }
  assert_int_equal(sdq_reader_next(rd, rec, &err), SDQ_END);
  assert_int_equal(sdq_metrics_records(sdq_batch_metrics(b), &rc), SDQ_OK);
  assert_int_equal(rc.items, CSV_ITEMS + NDJSON_ITEMS);
  assert_int_equal(rc.assessed, CSV_RECORDS + NDJSON_RECORDS);
  sdq_reader_free(rd);
  sdq_result_free(res);
  sdq_batch_free(b);
  sdq_record_free(rec);
  sdq_engine_free(e);
  assert_int_equal(t.live_blocks, 0);
  assert_int_equal(t.live_bytes, 0);
  assert_int_equal(t.bad_free_size, 0);
  assert_int_equal(t.unknown_free, 0);
  tracker_release(&t);
}

static void test_fail_each_allocation_stop(void **state) {
  (void)state;
  sweep sw;
  run_sweep(POLICY_STOP, 1, READ_ALL, &sw);
  report("stop, realloc hook", &sw);
  assert_string_equal(sw.failure, "");
  expect_clean_run(&sw);
}

static void test_fail_each_allocation_stop_no_realloc(void **state) {
  (void)state;
  sweep sw;
  run_sweep(POLICY_STOP, 0, READ_ALL, &sw);
  report("stop, no realloc hook", &sw);
  assert_string_equal(sw.failure, "");
  expect_clean_run(&sw);
}

static void test_fail_each_allocation_continue(void **state) {
  (void)state;
  sweep sw;
  run_sweep(POLICY_CONTINUE, 1, READ_ALL, &sw);
  report("continue, realloc hook", &sw);
  assert_string_equal(sw.failure, "");
  expect_clean_run(&sw);
}

static void test_fail_each_allocation_continue_no_realloc(void **state) {
  (void)state;
  sweep sw;
  run_sweep(POLICY_CONTINUE, 0, READ_ALL, &sw);
  report("continue, no realloc hook", &sw);
  assert_string_equal(sw.failure, "");
  expect_clean_run(&sw);
}

/* Each object created alone under failure: *out is NULL on SDQ_ENOMEM and
 * nothing is live afterwards. */
static void test_constructors_out_null(void **state) {
  (void)state;
  tracker t;
  memset(&t, 0, sizeof t);
  sdq_allocator al = {t_malloc, t_realloc, t_free, &t};
  static char dummy;
  size_t k_values = 0;
  for (size_t k = 1; k <= 64; k++, k_values++) {
    tracker_reset(&t, k);
    sdq_config *c = (sdq_config *)(void *)&dummy;
    sdq_status st = sdq_config_new(&al, &c);
    if (st == SDQ_ENOMEM) {
      assert_null(c);
      assert_int_equal(t.live_blocks, 0);
      continue;
    }
    assert_int_equal(st, SDQ_OK);
    sdq_engine *e = (sdq_engine *)(void *)&dummy;
    sdq_error err;
    memset(&err, 0, sizeof err);
    st = sdq_engine_new(c, &e, &err);
    if (st == SDQ_ENOMEM) {
      assert_null(e);
      assert_int_equal(err.code, SDQ_ENOMEM);
      sdq_config_free(c);
      assert_int_equal(t.live_blocks, 0);
      continue;
    }
    assert_int_equal(st, SDQ_OK);
    sdq_config_free(c);
    sdq_record *rec = (sdq_record *)(void *)&dummy;
    sdq_batch *b = (sdq_batch *)(void *)&dummy;
    sdq_result *res = (sdq_result *)(void *)&dummy;
    sdq_reader *rd = (sdq_reader *)(void *)&dummy;
    sdq_status s1 = sdq_record_new(e, &rec);
    sdq_status s2 = sdq_batch_new(e, &b);
    sdq_status s3 = sdq_result_new(e, &res);
    sdq_status s4 = sdq_reader_new(e, SDQ_FORMAT_NDJSON, &rd);
    assert_true(s1 == SDQ_OK || (s1 == SDQ_ENOMEM && rec == NULL));
    assert_true(s2 == SDQ_OK || (s2 == SDQ_ENOMEM && b == NULL));
    assert_true(s3 == SDQ_OK || (s3 == SDQ_ENOMEM && res == NULL));
    assert_true(s4 == SDQ_OK || (s4 == SDQ_ENOMEM && rd == NULL));
    sdq_reader_free(rd);
    sdq_result_free(res);
    sdq_batch_free(b);
    sdq_record_free(rec);
    sdq_engine_free(e);
    assert_int_equal(t.live_blocks, 0);
    assert_int_equal(t.live_bytes, 0);
    if (t.injected == 0)
      break;
  }
  printf("[ INFO     ] constructors: %zu k values\n", k_values);
  assert_true(k_values >= 6 && k_values < 64);
  assert_int_equal(t.bad_free_size, 0);
  assert_int_equal(t.unknown_free, 0);
  tracker_release(&t);
}

/* A record's setters under failure: SDQ_ENOMEM leaves the record as it was
 * (the value is not set) and usable. */
static void test_record_setters_under_failure(void **state) {
  (void)state;
  tracker t;
  memset(&t, 0, sizeof t);
  sdq_allocator al = {t_malloc, t_realloc, t_free, &t};
  size_t k_values = 0;
  for (size_t k = 1;; k++) {
    tracker_reset(&t, 0);
    sdq_config *c = NULL;
    sdq_engine *e = NULL;
    sdq_record *rec = NULL;
    assert_int_equal(sdq_config_new(&al, &c), SDQ_OK);
    assert_int_equal(sdq_engine_new(c, &e, NULL), SDQ_OK);
    sdq_config_free(c);
    assert_int_equal(sdq_record_new(e, &rec), SDQ_OK);
    t.fail_at = t.attempts + k;
    char big[3000];
    memset(big, 'v', sizeof big);
    size_t set = 0;
    for (size_t i = 0; i < 40; i++) {
      sdq_field f = (sdq_field)(i % 34);
      sdq_status st;
      size_t inj = t.injected;
      if (i % 5 == 4) {
        size_t idx;
        st = sdq_record_add_item(rec, &idx);
        if (st == SDQ_OK)
          st = sdq_record_set_item(rec, idx, SDQ_FIELD_HS_CODE, big, i * 70);
      } else {
        st = sdq_record_set(rec, f, big, i * 70);
      }
      if (st == SDQ_ENOMEM) {
        assert_int_equal(t.injected, inj + 1);
        if (i % 5 != 4)
          /* Not set (or still the earlier value for a repeated field). */
          assert_true(i < 34 ? sdq_record_get(rec, f, NULL, NULL) == 0 : 1);
        continue;
      }
      assert_int_equal(st, SDQ_OK);
      set++;
    }
    assert_true(set >= 39);
    sdq_record_clear(rec);
    assert_int_equal(sdq_record_set(rec, SDQ_FIELD_AWB, S("1")), SDQ_OK);
    sdq_record_free(rec);
    sdq_engine_free(e);
    assert_int_equal(t.live_blocks, 0);
    assert_int_equal(t.live_bytes, 0);
    if (t.injected == 0)
      break;
    k_values++;
  }
  printf("[ INFO     ] record setters: %zu k values\n", k_values);
  assert_true(k_values >= 3);
  assert_int_equal(t.bad_free_size, 0);
  assert_int_equal(t.bad_realloc_size, 0);
  assert_int_equal(t.unknown_free, 0);
  tracker_release(&t);
}

/* ------------------------------------------------------------------------ */
/* Regressions: bugs found and fixed                                         */
/* ------------------------------------------------------------------------ */

/* sdq_reader_next() may be called again after it failed with SDQ_ENOMEM
 * without consuming anything. lib/read/csv.c csv_next(): when the first
 * sdq_record_new() (c->group) succeeds and the second (c->spare) fails,
 * the call returns SDQ_ENOMEM; the next call sees c->group != NULL and
 * goes on with c->spare == NULL, which record_copy_from() dereferences
 * when a grouped row must be held (segfault). Run in a child process. */
static void bug_retry_next_after_enomem(void **state) {
  (void)state;
#ifdef HAVE_FORK
  fflush(stdout);
  fflush(stderr);
  int fds[2];
  assert_int_equal(pipe(fds), 0);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    /* Die of a crash rather than return into cmocka's handler. */
    signal(SIGSEGV, SIG_DFL);
    signal(SIGBUS, SIG_DFL);
    signal(SIGILL, SIG_DFL);
    signal(SIGFPE, SIG_DFL);
    signal(SIGABRT, SIG_DFL);
    close(fds[0]);
    progress_fd = fds[1];
    sweep sw;
    run_sweep(POLICY_RETRY_NEXT, 1, READ_CSV_GROUPED, &sw);
    if (sw.failure[0]) {
      fprintf(stderr, "%s\n", sw.failure);
      _exit(1);
    }
    _exit(0);
  }
  close(fds[1]);
  size_t k = 0, last_k = 0;
  while (read(fds[0], &k, sizeof k) == (ssize_t)sizeof k)
    last_k = k;
  close(fds[0]);
  int status = 0;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  if (WIFSIGNALED(status))
    fail_msg("the scenario crashed with signal %d at k=%zu", WTERMSIG(status),
             last_k);
  assert_true(WIFEXITED(status));
  if (WEXITSTATUS(status) != 0)
    fail_msg("the scenario failed (exit status %d) at k=%zu",
             WEXITSTATUS(status), last_k);
#else
  sweep sw;
  run_sweep(POLICY_RETRY_NEXT, 1, READ_CSV_GROUPED, &sw);
  assert_string_equal(sw.failure, "");
#endif
}

/* A well-formed input gives no SDQ_EPARSE, whatever allocation fails.
 * lib/read/csv.c parse_header(): when growing the column tables (or the
 * values array) fails, the header is marked failed for good
 * (header_failed), the call returns SDQ_ENOMEM with err->record 0 and no
 * record consumed, and then every data row is rejected with SDQ_EPARSE
 * "the header row ... could not be read: out of memory". */
static void bug_enomem_in_header_turns_into_eparse(void **state) {
  (void)state;
  sweep sw;
  run_sweep(POLICY_RETRY_NEXT, 1, READ_CSV_ROWS | READ_NDJSON, &sw);
  report("retry next, CSV rows and NDJSON", &sw);
  assert_string_equal(sw.failure, "");
  if (sw.parse_error_runs)
    fail_msg("%zu runs gave parse errors on well-formed input; first: %s",
             sw.parse_error_runs, sw.parse_error_msg);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_scenario_without_failure),
      cmocka_unit_test(test_constructors_out_null),
      cmocka_unit_test(test_record_setters_under_failure),
      cmocka_unit_test(test_fail_each_allocation_stop),
      cmocka_unit_test(test_fail_each_allocation_stop_no_realloc),
      cmocka_unit_test(test_fail_each_allocation_continue),
      cmocka_unit_test(test_fail_each_allocation_continue_no_realloc),
  };
  const struct CMUnitTest regressions[] = {
      cmocka_unit_test(bug_enomem_in_header_turns_into_eparse),
      cmocka_unit_test(bug_retry_next_after_enomem),
  };
  int failed = cmocka_run_group_tests_name("alloc_fail", tests, NULL, NULL);
  failed += cmocka_run_group_tests_name("regressions", regressions, NULL, NULL);
  return failed;
}
