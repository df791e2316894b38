/* RFC 4180 CSV: a header row mapped onto fields, then one consignment per
 * row, or per run of rows sharing a shipment_id when grouping is on.
 *
 * Quoting follows RFC 4180 with two tolerances common in exports: a quote
 * inside an unquoted field is an ordinary character, and LF, CRLF and CR
 * all end a row. A character other than a delimiter or line end after a
 * closing quote is an error. */
#include "reader.h"
#include "scan.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char CANDIDATES[] = {',', ';', '\t', '|'};

/* unmapped_slot of a column the mapping says to ignore: not counted. */
#define SLOT_IGNORED (-2)

void csv_reset(sdq_reader *r) {
  csv_state *c = &r->csv;
  c->delim = c->user_delim;
  c->have_rejection = false;
  c->header_done = c->header_failed = false;
  c->header_error[0] = '\0';
  c->column_count = 0;
  c->fast_ok = false;
  c->have_held = false;
  c->group_open = false;
}

void csv_free(sdq_reader *r) {
  csv_state *c = &r->csv;
  sdq_free(r->al, c->columns, c->columns_cap * sizeof *c->columns);
  sdq_free(r->al, c->unmapped_slot, c->slots_cap * sizeof *c->unmapped_slot);
  sdq_free(r->al, c->values, c->values_cap * sizeof *c->values);
  sdq_free(r->al, c->fast_dest, c->fast_dest_cap * sizeof *c->fast_dest);
  sdq_record_free(c->group);
  sdq_record_free(c->spare);
  sdq_record_free(c->row);
  memset(c, 0, sizeof *c);
}

/* Picks the candidate delimiter that occurs most often outside quotes in
 * the header row; ',' when none does. */
static char detect_delimiter(const span *s) {
  size_t counts[sizeof CANDIDATES] = {0};
  /* A quote opens a quoted field only at the start of a field (after any
   * candidate delimiter); a doubled quote inside one is a quote. */
  bool quoted = false, field_start = true;
  for (size_t i = 0; i < s->len; i++) {
    char ch = s->ptr[i];
    if (quoted) {
      if (ch == '"') {
        if (i + 1 < s->len && s->ptr[i + 1] == '"')
          i++;
        else
          quoted = false;
      }
      continue;
    }
    if (ch == '"' && field_start) {
      quoted = true;
      field_start = false;
      continue;
    }
    field_start = false;
    for (size_t k = 0; k < sizeof CANDIDATES; k++) {
      if (ch == CANDIDATES[k]) {
        counts[k]++;
        field_start = true;
      }
    }
  }
  size_t best = 0;
  for (size_t k = 1; k < sizeof CANDIDATES; k++)
    if (counts[k] > counts[best])
      best = k;
  return CANDIDATES[best];
}

/* The delimiters and quotes of a row are visited in order: `m` holds
 * those not yet visited of the 64-byte window at `base`. */
typedef struct row_cursor {
  const char *p;
  size_t n, base;
  uint64_t m;
  char delim;
} row_cursor;

#if defined(__GNUC__) || defined(__clang__)
#define CSV_NOINLINE __attribute__((noinline))
#else
#define CSV_NOINLINE
#endif

/* Out of line, so that the field loop keeps its state in registers. */
static CSV_NOINLINE uint64_t window_mask(const char *p, size_t base, size_t n,
                                         char delim) {
  return scan_mask64(p, base, n, delim, '"');
}

/* The position of the next delimiter or quote, n when none is left. */
static inline size_t pop_special(row_cursor *rc) {
  while (!rc->m) {
    if (rc->n - rc->base <= 64)
      return rc->n;
    rc->base += 64;
    rc->m = window_mask(rc->p, rc->base, rc->n, rc->delim);
  }
  size_t j = rc->base + bit_lowest(rc->m);
  rc->m &= rc->m - 1;
  return j;
}

/* The position of the next byte c (the delimiter or a quote), passing
 * over the other; n when none is left. */
static inline size_t pop_byte(row_cursor *rc, char c) {
  size_t j;
  do
    j = pop_special(rc);
  while (j < rc->n && rc->p[j] != c);
  return j;
}

/* Splits a row into c->values. Values of quoted fields with doubled quotes
 * are unescaped into `rec`'s arena; others point into the span. Returns
 * SDQ_OK, or an error with *at set to the offending byte. */
static sdq_status split_row(sdq_reader *r, const span *s, sdq_record *rec,
                            size_t *count, size_t *at, const char **why) {
  csv_state *c = &r->csv;
  const uint64_t max_fields = r->engine->s.limits[SDQ_LIMIT_FIELDS];
  const uint64_t max_bytes = r->engine->s.limits[SDQ_LIMIT_FIELD_BYTES];
  const char *p = s->ptr;
  const size_t end = s->len;
  const char delim = c->delim;
  row_cursor rc = {p, end, 0, 0, delim};
  if (end)
    rc.m = window_mask(p, 0, end, delim);
  /* Fields that fit both the limit and c->values without a check each. */
  size_t room = max_fields < c->values_cap ? (size_t)max_fields : c->values_cap;
  sdq_view *values = c->values; /* kept in a register across the stores */
  size_t i = 0, n = 0;
  for (;;) {
    if (n >= room) {
      if (n >= max_fields) {
        *at = i;
        *why = "too many fields";
        return SDQ_ELIMIT;
      }
      if (!sdq_grow(r->al, (void **)&c->values, &c->values_cap, n + 1,
                    sizeof *c->values))
        return SDQ_ENOMEM;
      room = max_fields < c->values_cap ? (size_t)max_fields : c->values_cap;
      values = c->values;
    }
    const char *start;
    size_t len, j; /* j: the delimiter after the field, or end */
    if (i < end && p[i] == '"') {
      const size_t open = i;
      pop_special(&rc); /* the opening quote */
      size_t escapes = 0, q;
      for (;;) {
        q = pop_byte(&rc, '"');
        if (q == end) {
          *at = open;
          *why = "quoted field is not terminated";
          return SDQ_EPARSE;
        }
        if (q + 1 < end && p[q + 1] == '"') {
          pop_special(&rc); /* the second quote of the pair */
          escapes++;
          continue;
        }
        break;
      }
      start = p + open + 1;
      len = q - (open + 1) - escapes;
      j = q + 1;
      if (j < end) {
        if (p[j] != delim) {
          *at = j;
          *why = "unexpected character after a closing quote";
          return SDQ_EPARSE;
        }
        pop_special(&rc); /* that delimiter */
      }
      if (len > max_bytes) {
        *at = open + 1;
        *why = "field longer than the field byte limit";
        return SDQ_ELIMIT;
      }
      if (escapes) {
        char *u = record_copy(rec, start, len);
        if (!u)
          return SDQ_ENOMEM;
        size_t o = 0;
        for (const char *e = start; o < len; e++) {
          u[o++] = *e;
          if (*e == '"')
            e++;
        }
        start = u;
      }
    } else {
      /* A quote inside an unquoted field is an ordinary byte. */
      j = pop_byte(&rc, delim);
      start = p + i;
      len = j - i;
      if (len > max_bytes) {
        *at = i;
        *why = "field longer than the field byte limit";
        return SDQ_ELIMIT;
      }
    }
    values[n].ptr = start;
    values[n].len = len;
    n++;
    if (j >= end)
      break;
    i = j + 1; /* past the delimiter: a field follows, possibly empty */
  }
  *count = n;
  return SDQ_OK;
}

/* The one-pass row parser's destination of each column (fast_dest): a
 * consignment field f as f, item field k as DEST_ITEM + k, the k-th
 * counted unmapped column as DEST_COUNTED + k, and DEST_SKIP for an
 * ignored column and the padding. The padding lets a window's separators
 * be stored before the field count is checked. */
#define DEST_ITEM 64
#define DEST_COUNTED 128
#define DEST_SKIP 255
#define CSV_FAST_PAD 64
_Static_assert(SDQ_CONSIGNMENT_FIELD_COUNT <= DEST_ITEM &&
                   SDQ_ITEM_FIELD_COUNT <= 32,
               "field destinations fit their ranges");

/* Prepares the one-pass row parser for the header's columns (fast_dest
 * has room for them and the padding). With more than 64 counted unmapped
 * columns, rows all take the general path. */
static void fast_setup(sdq_reader *r) {
  csv_state *c = &r->csv;
  const size_t n = c->column_count;
  c->fast_ok = false;
  size_t counted = 0;
  for (size_t i = 0; i < n; i++) {
    sdq_field f = c->columns[i];
    uint8_t d;
    if (f != SDQ_FIELD_NONE)
      d = (uint8_t)(field_is_item(f) ? DEST_ITEM + (f - SDQ_ITEM_FIELD_BASE)
                                     : (int)f);
    else if (c->unmapped_slot[i] == SLOT_IGNORED)
      d = DEST_SKIP;
    else if (counted < 64) {
      c->fast_counted[counted] = c->unmapped_slot[i];
      d = (uint8_t)(DEST_COUNTED + counted++);
    } else
      return;
    c->fast_dest[i] = d;
  }
  memset(c->fast_dest + n, DEST_SKIP, CSV_FAST_PAD);
  c->fast_ok = r->engine->s.limits[SDQ_LIMIT_ITEMS] >= 1;
}

/* Stores the value of the next field, bytes [start, j) of the row, of
 * which `quoted` tells whether they are in quotes (never doubled): as the
 * general path does, with an empty value absent. */
static inline void fast_store(const char *p, size_t start, size_t j,
                              size_t quoted, const uint8_t **dest, sdq_view *cv,
                              sdq_view *iv, uint64_t *set, uint32_t *item_set,
                              uint64_t *counted) {
  const char *v = p + start + quoted;
  size_t len = j - start - 2 * quoted;
  unsigned d = *(*dest)++;
  if (d < DEST_ITEM) {
    cv[d].ptr = v;
    cv[d].len = len;
    *set |= (uint64_t)(len != 0) << d;
  } else if (d < DEST_COUNTED) {
    iv[d - DEST_ITEM].ptr = v;
    iv[d - DEST_ITEM].len = len;
    /* d - DEST_ITEM < SDQ_ITEM_FIELD_COUNT <= 32 (asserted above); the
     * mask says so to the analysers too. */
    *item_set |= (uint32_t)(len != 0) << ((d - DEST_ITEM) & 31u);
  } else if (d != DEST_SKIP) {
    *counted |= (uint64_t)(len != 0) << (d - DEST_COUNTED);
  }
}

/* Parses a row of the common kind into `rec` in one pass over 64-byte
 * windows, finding its separators, quotes and non-ASCII bytes with one
 * load per 16 bytes: every quote opens or closes a field (no doubled
 * quote, no quote inside an unquoted field), the UTF-8 is valid, the
 * fields are as many as the header's and none is longer than the field
 * byte limit, and the record's item is already allocated. Returns false
 * for any other row, with nothing stored that counts (values written for
 * fields left absent are never read): the general path then parses it and
 * reports its errors.
 *
 * With `framed`, p[0..n) is the rest of the chunk and the row ends at its
 * first line break outside quotes, which the same windows find: its length
 * goes to *row_len. A row without one in the chunk, with a line break
 * inside quotes (the general path counts its lines), empty, or longer
 * than the record byte limit is left to the general path too. */
static inline bool fast_parse(sdq_reader *r, const char *p, size_t n,
                              sdq_record *rec, bool framed, size_t *row_len) {
  const csv_state *c = &r->csv;
  if (!c->fast_ok || rec->item_cap == 0 || rec->item_count != 0 ||
      (!framed && n > r->engine->s.limits[SDQ_LIMIT_FIELD_BYTES]))
    return false;
  const uint8_t *dest = c->fast_dest;
  const uint8_t *const last = dest + c->column_count - 1;
  const scan_delim delims = scan_delims(c->delim);
  record_item *item = &rec->items[0];
  sdq_view *cv = rec->v, *iv = item->v;
  uint64_t set = rec->set, counted = 0;
  uint32_t item_set = 0;
  uint64_t in_quotes = 0;    /* all ones when the previous window ended so */
  uint64_t sep_before = 1;   /* bit 0: the byte before the window is a
                                separator, or the row starts there */
  uint64_t close_before = 0; /* bit 0: that byte is a closing quote */
  size_t start = 0, utf8_done = 0;
  bool ended = !framed;
  for (size_t base = 0; base < n; base += 64) {
    if (dest > last)
      return false; /* more fields than columns */
    scan_prefetch(p + base, SCAN_PREFETCH_AHEAD);
    scan_masks m = scan_classify64(p, base, n, delims);
    /* Inside quotes from an opening quote to its closing one, both
     * included in `inside` for the first, excluded for the second. */
    uint64_t inside = scan_prefix_xor(m.quote) ^ in_quotes;
    in_quotes = (uint64_t)0 - (inside >> 63);
    if (framed && m.nl) {
      uint64_t breaks = m.nl & ~inside;
      /* The bytes before the row's end, all when it is further on. */
      uint64_t before = breaks ? (breaks & (0 - breaks)) - 1 : ~(uint64_t)0;
      if (m.nl & inside & before)
        return false;
      if (breaks) {
        n = base + bit_lowest(breaks);
        m.quote &= before;
        m.delim &= before;
        m.high &= before;
        inside &= before;
        in_quotes = 0;
        ended = true;
      }
    }
    uint64_t opens = m.quote & inside, closes = m.quote & ~inside;
    uint64_t seps = m.delim & ~inside;
    uint64_t end = n - base < 64 ? (uint64_t)1 << (n - base) : 0;
    /* An opening quote must start a field, a closing one be followed by a
     * separator or the end of the row (one in the last byte of the window
     * is checked with the next). */
    if ((opens & ~((seps << 1) | sep_before)) |
        (closes & ~((seps >> 1) | end | (uint64_t)1 << 63)) |
        (close_before & ~(seps | end)))
      return false;
    sep_before = seps >> 63;
    close_before = closes >> 63;
    for (uint64_t h = m.high; h; h &= h - 1) {
      size_t i = base + bit_lowest(h);
      if (i < utf8_done)
        continue; /* a continuation byte already checked */
      size_t len = scan_utf8_sequence((const unsigned char *)p, i, n);
      if (!len)
        return false;
      utf8_done = i + len;
    }
    for (; seps; seps &= seps - 1) {
      size_t j = base + bit_lowest(seps);
      /* p[start] is the delimiter at j when the field is empty. */
      fast_store(p, start, j, p[start] == '"', &dest, cv, iv, &set, &item_set,
                 &counted);
      start = j + 1;
    }
    if (n - base <= 64)
      break;
  }
  if (!ended || in_quotes || dest != last)
    return false;
  if (framed && (n == 0 || n > r->engine->s.limits[SDQ_LIMIT_FIELD_BYTES] ||
                 n > r->engine->s.limits[SDQ_LIMIT_RECORD_BYTES]))
    return false;
  fast_store(p, start, n, start < n && p[start] == '"', &dest, cv, iv, &set,
             &item_set, &counted);
  rec->set = set;
  rec->item_count = 1;
  item->set = item_set;
  for (; counted; counted &= counted - 1)
    reader_count_unmapped(r, c->fast_counted[bit_lowest(counted)]);
  if (framed)
    *row_len = n;
  return true;
}

static bool fast_row(sdq_reader *r, const span *s, sdq_record *rec) {
  return fast_parse(r, s->ptr, s->len, rec, false, NULL);
}

/* Frames and parses the next row in one pass when it lies wholly in the
 * chunk and is of the common kind (see fast_parse()); else leaves the
 * reader where reader_frame() takes over, which may only be past the LF
 * of a CRLF, as reader_frame() itself would be. */
static bool fast_next(sdq_reader *r, sdq_record *rec, span *s) {
  if (r->in_record || r->bom_matched < 4 || !r->chunk || !r->csv.fast_ok)
    return false;
  if (r->release_pending) {
    r->pending.len = 0;
    r->release_pending = false;
  }
  size_t pos = r->pos;
  if (r->skip_lf && pos < r->chunk_len) {
    if (r->chunk[pos] == '\n')
      pos++;
    r->skip_lf = false;
    r->pos = pos;
  }
  const char *p = r->chunk + pos;
  size_t len;
  if (pos == r->chunk_len ||
      !fast_parse(r, p, r->chunk_len - pos, rec, true, &len))
    return false;
  s->ptr = p;
  s->len = len;
  s->line = r->line;
  s->offset = r->chunk_offset + pos;
  s->cr_breaks = true;
  r->skip_lf = p[len] == '\r';
  r->pos = pos + len + 1;
  r->line++;
  return true;
}

static void reject(sdq_reader *r, sdq_error *err, sdq_status st, const span *s,
                   size_t at, uint64_t number, const char *what) {
  uint64_t line, column;
  span_position(s, at, &line, &column);
  reader_error(err, st, number, line, column, s->offset + at, "%s", what);
  (void)r;
}

static sdq_status parse_header(sdq_reader *r, const span *s, sdq_error *err) {
  csv_state *c = &r->csv;
  c->header_done = true;
  c->header_line = s->line;
  if (!c->delim)
    c->delim = detect_delimiter(s);
  size_t bad = utf8_check(s->ptr, s->len);
  const char *why = NULL;
  size_t at = 0, n = 0;
  sdq_status st = SDQ_OK;
  /* The header's values live in the spare record's arena until mapped. */
  if (bad != SIZE_MAX) {
    at = bad;
    why = "invalid UTF-8";
    st = SDQ_EPARSE;
  } else {
    st = split_row(r, s, c->spare, &n, &at, &why);
  }
  if (st == SDQ_OK &&
      !(sdq_grow(r->al, (void **)&c->columns, &c->columns_cap, n,
                 sizeof *c->columns) &&
        sdq_grow(r->al, (void **)&c->unmapped_slot, &c->slots_cap, n,
                 sizeof *c->unmapped_slot) &&
        sdq_grow(r->al, (void **)&c->fast_dest, &c->fast_dest_cap,
                 n + CSV_FAST_PAD, sizeof *c->fast_dest)))
    st = SDQ_ENOMEM;
  if (st != SDQ_OK) {
    c->header_failed = true;
    c->header_status = st;
    uint64_t line, column;
    span_position(s, at, &line, &column);
    snprintf(c->header_error, sizeof c->header_error,
             "the header row (line %llu, column %llu) could not be read: %s",
             (unsigned long long)line, (unsigned long long)column,
             why ? why : "out of memory");
    reader_error(err, c->header_status, 0, line, column, s->offset + at, "%s",
                 c->header_error);
    return st;
  }
  c->column_count = n;
  uint64_t seen_c = 0;
  uint32_t seen_i = 0;
  for (size_t i = 0; i < n; i++) {
    bool ignore = false;
    sdq_field f =
        engine_resolve(r->engine, c->values[i].ptr, c->values[i].len, &ignore);
    bool dup = f != SDQ_FIELD_NONE &&
               (field_is_item(f) ? (seen_i >> (f - SDQ_ITEM_FIELD_BASE)) & 1u
                                 : (seen_c >> f) & 1u);
    c->unmapped_slot[i] = -1;
    if (f != SDQ_FIELD_NONE && !dup) {
      if (field_is_item(f))
        seen_i |= 1u << (f - SDQ_ITEM_FIELD_BASE);
      else
        seen_c |= (uint64_t)1 << f;
      c->columns[i] = f;
      continue;
    }
    c->columns[i] = SDQ_FIELD_NONE;
    if (ignore) {
      c->unmapped_slot[i] = SLOT_IGNORED;
      continue;
    }
    char name[32];
    const char *nm = c->values[i].ptr;
    size_t len = c->values[i].len;
    if (len == 0) {
      len = (size_t)snprintf(name, sizeof name, "column %zu", i + 1);
      nm = name;
    }
    c->unmapped_slot[i] = reader_unmapped_slot(r, nm, len);
  }
  fast_setup(r);
  sdq_record_clear(c->spare);
  return SDQ_OK;
}

/* Parses one row into `rec` as a consignment with one item. */
static sdq_status parse_row(sdq_reader *r, const span *s, sdq_record *rec,
                            uint64_t number, sdq_error *err) {
  csv_state *c = &r->csv;
  if (c->header_failed) {
    reject(r, err, c->header_status, s, 0, number, c->header_error);
    return c->header_status;
  }
  if (fast_row(r, s, rec))
    goto parsed;
  size_t bad = utf8_check(s->ptr, s->len);
  if (bad != SIZE_MAX) {
    reject(r, err, SDQ_EPARSE, s, bad, number, "invalid UTF-8");
    return SDQ_EPARSE;
  }
  size_t n = 0, at = 0;
  const char *why = "out of memory";
  sdq_status st = split_row(r, s, rec, &n, &at, &why);
  if (st != SDQ_OK) {
    reject(r, err, st, s, at, number, why);
    return st;
  }
  if (n != c->column_count) {
    char msg[96];
    snprintf(msg, sizeof msg, "row has %zu field%s; the header has %zu", n,
             n == 1 ? "" : "s", c->column_count);
    reject(r, err, SDQ_EPARSE, s, 0, number, msg);
    return SDQ_EPARSE;
  }
  st = record_add_item(rec);
  if (st != SDQ_OK) {
    reject(r, err, st, s, 0, number, "out of memory");
    return st;
  }
  /* As record_put(), with the presence bits kept in registers; each field
   * has one column at most (parse_header maps duplicates to none). */
  const sdq_view *values = c->values;
  const sdq_field *columns = c->columns;
  record_item *item = &rec->items[0];
  uint64_t set = rec->set;
  uint32_t item_set = item->set;
  for (size_t i = 0; i < n; i++) {
    sdq_view v = values[i];
    if (v.len == 0)
      continue; /* an empty cell is an absent value */
    sdq_field f = columns[i];
    if (f == SDQ_FIELD_NONE) {
      if (c->unmapped_slot[i] != SLOT_IGNORED)
        reader_count_unmapped(r, c->unmapped_slot[i]);
    } else if (field_is_item(f)) {
      item->v[f - SDQ_ITEM_FIELD_BASE] = v;
      item_set |= 1u << (f - SDQ_ITEM_FIELD_BASE);
    } else {
      rec->v[f] = v;
      set |= (uint64_t)1 << f;
    }
  }
  rec->set = set;
  item->set = item_set;
parsed:
  rec->number = number;
  rec->line = s->line;
  rec->offset = s->offset;
  return SDQ_OK;
}

static bool same_id(const sdq_record *a, const sdq_record *b) {
  if (!record_has(a, SDQ_FIELD_SHIPMENT_ID) ||
      !record_has(b, SDQ_FIELD_SHIPMENT_ID))
    return false;
  sdq_view x = a->v[SDQ_FIELD_SHIPMENT_ID], y = b->v[SDQ_FIELD_SHIPMENT_ID];
  return x.len == y.len && memcmp(x.ptr, y.ptr, x.len) == 0;
}

/* A row value for the open group: a view stays a view while it points
 * into the caller's chunk (the group's are copied before the chunk goes);
 * a value in the row's arena is copied into the group's. */
static const char *group_value(sdq_reader *r, sdq_record *g, sdq_view v) {
  if (r->chunk && (uintptr_t)v.ptr - (uintptr_t)r->chunk < r->chunk_len)
    return v.ptr;
  return record_copy(g, v.ptr, v.len);
}

/* Adds a parsed row's item (and consignment fields the group lacks) to the
 * open group. */
static sdq_status group_add(sdq_reader *r, const sdq_record *row) {
  sdq_record *g = r->csv.group;
  uint64_t missing = row->set & ~g->set;
  for (int f = 0; missing; f++, missing >>= 1) {
    if (!(missing & 1u))
      continue;
    const char *p = group_value(r, g, row->v[f]);
    if (!p)
      return SDQ_ENOMEM;
    record_put(g, 0, (sdq_field)f, p, row->v[f].len);
  }
  sdq_status st = record_add_item(g);
  if (st != SDQ_OK)
    return st;
  size_t idx = g->item_count - 1;
  const record_item *it = &row->items[0];
  for (int k = 0; k < SDQ_ITEM_FIELD_COUNT; k++) {
    if (!((it->set >> k) & 1u))
      continue;
    const char *p = group_value(r, g, it->v[k]);
    if (!p)
      return SDQ_ENOMEM;
    record_put(g, idx, (sdq_field)(SDQ_ITEM_FIELD_BASE + k), p, it->v[k].len);
  }
  return SDQ_OK;
}

/* Hands out the open group as the next record. */
static sdq_status group_emit(sdq_reader *r, sdq_record *rec, sdq_error *err) {
  csv_state *c = &r->csv;
  c->group_open = false;
  uint64_t number = ++r->records;
  if (c->group_status != SDQ_OK) {
    reader_error(err, c->group_status, number, c->group->line, 1,
                 c->group->offset,
                 c->group_status == SDQ_ELIMIT
                     ? "consignment exceeds the item or record byte limit"
                     : "out of memory");
    return c->group_status;
  }
  /* Hand the group over by exchanging the records' contents when the
   * caller's record belongs to the reader's engine (their memory then
   * comes from the same allocator); else copy it. */
  sdq_status st = SDQ_OK;
  if (rec->engine == r->engine)
    record_swap(rec, c->group);
  else
    st = record_copy_from(rec, c->group);
  if (st == SDQ_OK)
    st = engine_apply_constants(r->engine, rec);
  if (st != SDQ_OK) {
    reader_error(err, st, number, c->group->line, 1, c->group->offset,
                 "out of memory");
    return st;
  }
  rec->number = number;
  return SDQ_OK;
}

/* The parsed row opens a group: it becomes the group record. */
static void group_start(sdq_reader *r, size_t bytes) {
  csv_state *c = &r->csv;
  sdq_record *t = c->group;
  c->group = c->row;
  c->row = t;
  c->group_open = true;
  c->group_bytes = bytes;
  c->group_status = SDQ_OK;
}

static sdq_status next_grouped(sdq_reader *r, sdq_record *rec, sdq_error *err) {
  csv_state *c = &r->csv;
  const uint64_t max_bytes = r->engine->s.limits[SDQ_LIMIT_RECORD_BYTES];
  if (c->have_rejection) {
    c->have_rejection = false;
    c->rejection.record = ++r->records;
    if (err)
      *err = c->rejection;
    return c->rejection.code;
  }
  for (;;) {
    if (c->have_held) {
      /* The row that closed the previous group opens the next one. */
      c->have_held = false;
      sdq_record *t = c->group;
      c->group = c->spare;
      c->spare = t;
      c->group_open = true;
      c->group_bytes = c->held_bytes;
      c->group_status = SDQ_OK;
    }
    span s;
    sdq_record *row = c->row;
    sdq_record_clear(row);
    const bool fast = fast_next(r, row, &s);
    sdq_status st = fast ? SDQ_OK : reader_frame(r, &s, false);
    if (st == SDQ_NEED_INPUT) {
      /* The caller may reuse the chunk now: the open group keeps copies. */
      if (c->group_open &&
          record_own_range(c->group, r->chunk, r->chunk_len) != SDQ_OK)
        c->group_status = SDQ_ENOMEM;
      return st;
    }
    if (st == SDQ_END)
      return c->group_open ? group_emit(r, rec, err) : SDQ_END;
    /* A row that cannot be read closes the open group, which is handed out
     * first so that records keep the order of the input. */
    sdq_error e;
    memset(&e, 0, sizeof e);
    if (fast) {
      row->number = 0;
      row->line = s.line;
      row->offset = s.offset;
    } else if (st == SDQ_OK) {
      st = parse_row(r, &s, row, 0, &e);
      /* A row gathered from several chunks is in `pending`, which the next
       * frame reuses: the row keeps copies. */
      if (st == SDQ_OK && r->release_pending &&
          record_own_range(row, s.ptr, s.len) != SDQ_OK) {
        st = SDQ_ENOMEM;
        reject(r, &e, st, &s, 0, 0, "out of memory");
      }
    } else {
      reject(r, &e, st, &s, 0, 0,
             st == SDQ_ELIMIT ? "record longer than the record byte limit"
                              : "out of memory");
    }
    if (st != SDQ_OK) {
      sdq_record_clear(row);
      if (c->group_open) {
        c->rejection = e;
        c->have_rejection = true;
        return group_emit(r, rec, err);
      }
      e.record = ++r->records;
      if (err)
        *err = e;
      return st;
    }
    if (c->group_open && same_id(c->group, row)) {
      c->group_bytes += s.len + 1;
      if (c->group_status == SDQ_OK) {
        c->group_status =
            c->group_bytes > max_bytes ? SDQ_ELIMIT : group_add(r, row);
      }
      continue;
    }
    if (!c->group_open) {
      group_start(r, s.len + 1);
      continue;
    }
    /* A new id: keep the row for the next call, hand out the group. */
    c->row = c->spare;
    c->spare = row;
    c->have_held = true;
    c->held_bytes = s.len + 1;
    return group_emit(r, rec, err);
  }
}

/* The three records grouping and the header use, made on first need. */
static sdq_status csv_records(sdq_reader *r, sdq_error *err) {
  csv_state *c = &r->csv;
  if ((!c->group && sdq_record_new(r->engine, &c->group) != SDQ_OK) ||
      (!c->spare && sdq_record_new(r->engine, &c->spare) != SDQ_OK) ||
      (!c->row && sdq_record_new(r->engine, &c->row) != SDQ_OK)) {
    reader_error(err, SDQ_ENOMEM, 0, r->line, 1, sdq_reader_offset(r),
                 "out of memory");
    return SDQ_ENOMEM;
  }
  return SDQ_OK;
}

sdq_status csv_read_header(sdq_reader *r, sdq_error *err) {
  csv_state *c = &r->csv;
  sdq_status st = csv_records(r, err);
  if (st != SDQ_OK)
    return st;
  while (!c->header_done) {
    span s;
    st = reader_frame(r, &s, true);
    if (st == SDQ_NEED_INPUT || st == SDQ_END)
      return st;
    if (st != SDQ_OK) {
      c->header_done = c->header_failed = true;
      c->header_status = st == SDQ_ENOMEM ? SDQ_ENOMEM : SDQ_EPARSE;
      snprintf(c->header_error, sizeof c->header_error,
               "the header row (line %llu) could not be read: %s",
               (unsigned long long)s.line,
               st == SDQ_ELIMIT ? "longer than the record byte limit"
                                : "out of memory");
      if (!c->delim)
        c->delim = ',';
      reader_error(err, st, 0, s.line, 1, s.offset, "%s", c->header_error);
      return st;
    }
    st = parse_header(r, &s, err);
    if (st != SDQ_OK)
      return st;
  }
  return SDQ_OK;
}

sdq_status csv_next(sdq_reader *r, sdq_record *rec, sdq_error *err) {
  csv_state *c = &r->csv;
  if (!c->header_done || !c->row) {
    sdq_status st = csv_read_header(r, err);
    if (st != SDQ_OK)
      return st;
  }
  if (c->group_items)
    return next_grouped(r, rec, err);
  span s;
  if (fast_next(r, rec, &s)) {
    rec->number = ++r->records;
    rec->line = s.line;
    rec->offset = s.offset;
    sdq_status st = engine_apply_constants(r->engine, rec);
    if (st != SDQ_OK)
      sdq_record_clear(rec);
    return st;
  }
  sdq_status st = reader_frame(r, &s, false);
  if (st == SDQ_NEED_INPUT || st == SDQ_END)
    return st;
  uint64_t number = ++r->records;
  if (st != SDQ_OK) {
    reject(r, err, st, &s, 0, number,
           st == SDQ_ELIMIT ? "record longer than the record byte limit"
                            : "out of memory");
    return st;
  }
  st = parse_row(r, &s, rec, number, err);
  if (st == SDQ_OK)
    st = engine_apply_constants(r->engine, rec);
  if (st != SDQ_OK)
    sdq_record_clear(rec);
  return st;
}

/* ---- parallel reading ---- */

int csv_row_id(sdq_reader *r, const span *s, sdq_record *scratch,
               sdq_view *id) {
  csv_state *c = &r->csv;
  const uint64_t limit = r->engine->s.limits[SDQ_LIMIT_RECORD_BYTES];
  id->ptr = NULL;
  id->len = 0;
  /* The conditions under which parse_row() rejects a row whatever the
   * memory; the one-pass parser accepts a subset of what the general one
   * does, with the same values. */
  if (c->header_failed || s->len > limit ||
      utf8_check(s->ptr, s->len) != SIZE_MAX ||
      r->engine->s.limits[SDQ_LIMIT_ITEMS] < 1)
    return 0;
  sdq_record_clear(scratch);
  size_t n = 0, at = 0;
  const char *why = NULL;
  sdq_status st = split_row(r, s, scratch, &n, &at, &why);
  if (st == SDQ_ENOMEM)
    return -1;
  if (st != SDQ_OK || n != c->column_count)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (c->columns[i] == SDQ_FIELD_SHIPMENT_ID)
      *id = c->values[i];
  /* The value points into the row or into the scratch record's arena. */
  return 1;
}

sdq_status csv_fork(sdq_reader *dst, const sdq_reader *src) {
  const csv_state *s = &src->csv;
  csv_state *d = &dst->csv;
  d->delim = s->delim;
  d->user_delim = s->user_delim;
  d->group_items = s->group_items;
  if (!s->header_done)
    return SDQ_OK;
  d->header_done = true;
  d->header_failed = s->header_failed;
  d->header_status = s->header_status;
  memcpy(d->header_error, s->header_error, sizeof d->header_error);
  d->header_line = s->header_line;
  if (s->header_failed)
    return csv_records(dst, NULL);
  const size_t n = s->column_count;
  if (!sdq_grow(dst->al, (void **)&d->columns, &d->columns_cap, n,
                sizeof *d->columns) ||
      !sdq_grow(dst->al, (void **)&d->unmapped_slot, &d->slots_cap, n,
                sizeof *d->unmapped_slot) ||
      !sdq_grow(dst->al, (void **)&d->fast_dest, &d->fast_dest_cap,
                n + CSV_FAST_PAD, sizeof *d->fast_dest))
    return SDQ_ENOMEM;
  d->column_count = n;
  if (n) {
    memcpy(d->columns, s->columns, n * sizeof *d->columns);
    memcpy(d->unmapped_slot, s->unmapped_slot, n * sizeof *d->unmapped_slot);
  }
  memcpy(d->fast_dest, s->fast_dest, (n + CSV_FAST_PAD) * sizeof *d->fast_dest);
  memcpy(d->fast_counted, s->fast_counted, sizeof d->fast_counted);
  d->fast_ok = s->fast_ok;
  return csv_records(dst, NULL);
}
