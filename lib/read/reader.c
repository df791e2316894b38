/* The reader's chunk handling and record framing, shared by both formats.
 *
 * A record that lies wholly inside the caller's chunk is handed out in
 * place (zero copy). A record that straddles chunks is gathered in
 * `pending`, which never grows beyond SDQ_LIMIT_RECORD_BYTES: past that the
 * rest of the record is skipped without being stored, and the record is
 * rejected once its end is found. Framing keeps its state between chunks,
 * so every byte is scanned once whatever the chunk sizes. */
#include "reader.h"

#include "../result.h"
#include "scan.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void reader_error(sdq_error *err, sdq_status code, uint64_t record,
                  uint64_t line, uint64_t column, uint64_t offset,
                  const char *fmt, ...) {
  if (!err)
    return;
  err->code = code;
  err->record = record;
  err->line = line;
  err->column = column;
  err->offset = offset;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  end_utf8(err->message);
}

void span_position(const span *s, size_t at, uint64_t *line, uint64_t *column) {
  uint64_t l = s->line;
  size_t line_start = 0;
  for (size_t i = 0; i < at && i < s->len; i++) {
    char c = s->ptr[i];
    if (c == '\n' || (s->cr_breaks && c == '\r' &&
                      !(i + 1 < s->len && s->ptr[i + 1] == '\n'))) {
      l++;
      line_start = i + 1;
    }
  }
  *line = l;
  *column = at - line_start + 1;
}

size_t utf8_check(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    /* ASCII fast path, 16 bytes at a time with SSE2. */
    i = scan_ascii(s, i, len);
    if (i >= len)
      break;
    size_t n = scan_utf8_sequence(p, i, len);
    if (!n)
      return i;
    i += n;
  }
  return SIZE_MAX;
}

int reader_unmapped_slot(sdq_reader *r, const char *name, size_t len) {
  static const char OTHER[] = "(other names)";
  if (len > UNMAPPED_NAME_MAX) {
    /* Keep whole UTF-8 characters. */
    len = UNMAPPED_NAME_MAX;
    while (len && ((unsigned char)name[len] & 0xC0) == 0x80)
      len--;
  }
  /* A name already listed keeps its place; once the list is full, new
   * names are counted under its last entry. */
  for (int pass = 0; pass < 2; pass++) {
    for (size_t i = 0; i < r->unmapped_count; i++)
      if (r->unmapped[i].len == len &&
          memcmp(r->unmapped[i].name, name, len) == 0)
        return (int)i;
    if (r->unmapped_count < r->unmapped_max - 1)
      break;
    name = OTHER;
    len = sizeof OTHER - 1;
  }
  if (r->unmapped_count >= r->unmapped_max)
    return -1;
  if (!sdq_grow(r->al, (void **)&r->unmapped, &r->unmapped_cap,
                r->unmapped_count + 1, sizeof *r->unmapped))
    return -1;
  char *copy = sdq_strndup(r->al, name, len);
  if (!copy)
    return -1;
  r->unmapped[r->unmapped_count] = (unmapped_name){copy, len, 0};
  return (int)r->unmapped_count++;
}

void reader_count_unmapped(sdq_reader *r, int slot) {
  if (slot >= 0)
    r->unmapped[slot].occurrences++;
  else
    r->unmapped_other++;
}

/* Scans a CSV header row: it ends at the first line break, quotes or not,
 * since the delimiter that decides where quoted fields start is not known
 * yet. */
static size_t header_scan(sdq_reader *r, const char *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (p[i] == '\n' || p[i] == '\r') {
      r->line++;
      r->skip_lf = p[i] == '\r';
      return i + 1;
    }
  }
  return SIZE_MAX;
}

/* Appends to the gathering buffer, never giving it more than `max` bytes
 * of capacity. */
static bool gather(sdq_reader *r, const char *p, size_t k, size_t max) {
  sdq_buf *b = &r->pending;
  size_t need = b->len + k;
  if (need > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 4096;
    if (cap < need)
      cap = need;
    if (cap > max)
      cap = max;
    char *d = sdq_realloc(r->al, b->data, b->cap, cap);
    if (!d)
      return false;
    b->data = d;
    b->cap = cap;
  }
  if (k)
    memcpy(b->data + b->len, p, k);
  b->len = need;
  return true;
}

/* Scans CSV bytes for the end of the record, keeping the quote state.
 * Returns the count of bytes up to and including the terminator, or
 * SIZE_MAX when the record goes on past n. Only quotes, line breaks and
 * delimiters that open a quoted field change the state, so the scan jumps
 * from one of those to the next. */
static size_t csv_scan(sdq_reader *r, const char *p, size_t n) {
  int st = r->frame_state;
  const char delim = r->csv.delim;
  bool prev_cr = r->prev_cr;
  size_t i = 0;
  while (i < n) {
    if (st == CSV_QUOTED) {
      /* Jump to the next quote or line break, counting the line breaks:
       * a CRLF inside a quoted field counts once. */
      size_t j = scan_quoted(p, i, n);
      if (j > i)
        prev_cr = false;
      if (j == n)
        break;
      char c = p[j];
      i = j + 1;
      if (c == '"') {
        prev_cr = false;
        st = CSV_QUOTE_IN_QUOTED;
        continue;
      }
      if (c == '\r' || !prev_cr)
        r->line++;
      prev_cr = c == '\r';
      continue;
    }
    if (st != CSV_UNQUOTED) {
      /* A quote opens a quoted field at its start; after a closing quote,
       * "" is an escaped quote and anything else is malformed, which the
       * row parser reports. A delimiter or line break here is handled as
       * in an unquoted field, with the same outcome. */
      if (p[i] == '"') {
        st = CSV_QUOTED;
        i++;
        continue;
      }
      st = CSV_UNQUOTED;
    }
    /* Inside an unquoted field a quote is an ordinary byte. */
    size_t j = scan_unquoted(p, i, n, delim);
    if (j == n)
      break;
    char c = p[j];
    if (c == '\n' || c == '\r') {
      r->line++;
      r->skip_lf = c == '\r';
      r->frame_state = CSV_FIELD_START;
      r->prev_cr = false;
      return j + 1;
    }
    /* A delimiter that ends the data or is followed by a quote. */
    if (j + 1 == n) {
      st = CSV_FIELD_START;
      break;
    }
    st = CSV_QUOTED;
    i = j + 2;
  }
  r->frame_state = st;
  r->prev_cr = prev_cr;
  return SIZE_MAX;
}

static size_t ndjson_scan(sdq_reader *r, const char *p, size_t n) {
  const char *nl = memchr(p, '\n', n);
  if (!nl)
    return SIZE_MAX;
  /* The cache lines as far ahead of the next records as this one is long
   * (see scan_prefetch()): memchr() is the first to read them. */
  for (size_t k = 0; k <= (size_t)(nl - p); k += 64)
    scan_prefetch(p + k, SCAN_PREFETCH_AHEAD);
  r->line++;
  return (size_t)(nl - p) + 1;
}

static bool blank(sdq_format format, const char *p, size_t len) {
  if (format == SDQ_FORMAT_CSV)
    return len == 0;
  for (size_t i = 0; i < len; i++)
    if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
      return false;
  return true;
}

static sdq_status oversized_record(sdq_reader *r) {
  sdq_status st = r->nomem ? SDQ_ENOMEM : SDQ_ELIMIT;
  r->oversized = r->nomem = false;
  return st;
}

static const unsigned char BOM[3] = {0xEF, 0xBB, 0xBF};

/* Skips a UTF-8 byte order mark at the start of input, which may arrive
 * split over chunks. Bytes that begin like a BOM but are not one are kept
 * as the start of the first record. bom_matched: 0-3 bytes matched so far,
 * 4 when decided. */
static sdq_status skip_bom(sdq_reader *r) {
  while (r->pos < r->chunk_len && r->bom_matched < 3 &&
         (unsigned char)r->chunk[r->pos] == BOM[r->bom_matched]) {
    r->bom_matched++;
    r->pos++;
  }
  if (r->bom_matched == 3) {
    r->bom_matched = 4;
    return SDQ_OK;
  }
  if (r->pos == r->chunk_len && !r->finished)
    return SDQ_NEED_INPUT;
  if (r->bom_matched) {
    /* Not a BOM after all: those bytes open the first record. */
    if (!sdq_buf_append(r->al, &r->pending, BOM, r->bom_matched))
      return SDQ_ENOMEM;
    r->in_record = true;
    r->rec_line = 1;
    r->rec_offset = 0;
    r->frame_state = CSV_UNQUOTED;
  }
  r->bom_matched = 4;
  return SDQ_OK;
}

sdq_status reader_frame(sdq_reader *r, span *out, bool csv_header) {
  const uint64_t limit = r->engine->s.limits[SDQ_LIMIT_RECORD_BYTES];
  if (r->release_pending) {
    r->pending.len = 0;
    r->release_pending = false;
  }
  if (r->bom_matched < 4) {
    sdq_status st = skip_bom(r);
    if (st != SDQ_OK)
      return st;
  }
  for (;;) {
    /* No arithmetic on a NULL chunk (before any feed, or an empty one). */
    const char *p = r->chunk ? r->chunk + r->pos : "";
    size_t n = r->chunk_len - r->pos;
    if (!r->in_record) {
      if (r->skip_lf && n) {
        if (*p == '\n') {
          p++;
          n--;
          r->pos++;
        }
        r->skip_lf = false;
      }
      if (n == 0)
        goto need_input;
      r->in_record = true;
      r->oversized = r->nomem = false;
      r->rec_line = r->line;
      r->rec_offset = r->chunk_offset + r->pos;
      r->frame_state = CSV_FIELD_START;
      r->prev_cr = false;
    }
    size_t k = r->format == SDQ_FORMAT_NDJSON ? ndjson_scan(r, p, n)
               : csv_header                   ? header_scan(r, p, n)
                                              : csv_scan(r, p, n);
    bool complete = k != SIZE_MAX;
    /* The input's last record, unterminated, wholly in this chunk: handed
     * out in place like the others. */
    bool at_end = !complete && r->finished && !r->pending.len;
    if (!complete)
      k = n;
    r->pos += k;
    /* Gather a straddling record, unless it is already too large. */
    if ((!complete && !at_end) || r->pending.len) {
      if (!r->oversized) {
        if (r->pending.len + k > limit + 2) {
          r->oversized = true;
          r->pending.len = 0;
        } else if (!gather(r, p, k, (size_t)limit + 2)) {
          /* Out of memory: reject this record like an oversized one. */
          r->oversized = true;
          r->nomem = true;
          r->pending.len = 0;
        }
      }
      if (!complete)
        goto need_input;
    }
    r->in_record = false;
    const char *rp = p;
    size_t rl = k;
    if (r->pending.len) {
      rp = r->pending.data;
      rl = r->pending.len;
      r->release_pending = true;
    }
    /* Strip the terminator: one LF or CR (a CRLF's LF is skipped before the
     * next record); an NDJSON CR before the LF is white space anyway. */
    if (complete && rl && (rp[rl - 1] == '\n' || rp[rl - 1] == '\r'))
      rl--;
    if (complete && r->format == SDQ_FORMAT_NDJSON && rl && rp[rl - 1] == '\r')
      rl--; /* CRLF */
    out->cr_breaks = r->format == SDQ_FORMAT_CSV;
    out->ptr = rp;
    out->len = rl;
    out->line = r->rec_line;
    out->offset = r->rec_offset;
    if (r->oversized || rl > limit)
      return oversized_record(r);
    if (blank(r->format, rp, rl)) {
      if (r->release_pending) {
        r->pending.len = 0;
        r->release_pending = false;
      }
      continue;
    }
    return SDQ_OK;
  need_input:
    if (!r->finished)
      return SDQ_NEED_INPUT;
    if (!r->in_record)
      return SDQ_END;
    /* The last record ends at the end of input, without a terminator. */
    r->in_record = false;
    out->cr_breaks = r->format == SDQ_FORMAT_CSV;
    out->ptr = r->pending.data;
    out->len = r->pending.len;
    out->line = r->rec_line;
    out->offset = r->rec_offset;
    r->release_pending = true;
    if (r->oversized || out->len > limit)
      return oversized_record(r);
    if (blank(r->format, out->ptr, out->len))
      return SDQ_END;
    return SDQ_OK;
  }
}

/* ------------------------------------------------------------------------ */

sdq_status sdq_reader_new(const sdq_engine *engine, sdq_format format,
                          sdq_reader **out) {
  if (!out)
    return SDQ_EINVAL;
  *out = NULL;
  if (!engine || (format != SDQ_FORMAT_CSV && format != SDQ_FORMAT_NDJSON))
    return SDQ_EINVAL;
  sdq_reader *r = sdq_calloc(&engine->al, 1, sizeof *r);
  if (!r)
    return SDQ_ENOMEM;
  r->engine = engine;
  r->al = &engine->al;
  r->format = format;
  r->line = 1;
  r->unmapped_max = UNMAPPED_MAX;
  *out = r;
  return SDQ_OK;
}

static void free_unmapped(sdq_reader *r) {
  for (size_t i = 0; i < r->unmapped_count; i++)
    sdq_free(r->al, r->unmapped[i].name, r->unmapped[i].len + 1);
  r->unmapped_count = 0;
  r->unmapped_other = 0;
}

void sdq_reader_free(sdq_reader *r) {
  if (!r)
    return;
  csv_free(r);
  ndjson_free(r);
  free_unmapped(r);
  sdq_free(r->al, r->unmapped, r->unmapped_cap * sizeof *r->unmapped);
  sdq_buf_free(r->al, &r->pending);
  sdq_free(r->al, r, sizeof *r);
}

void sdq_reader_reset(sdq_reader *r) {
  if (!r)
    return;
  csv_reset(r);
  ndjson_reset(r);
  free_unmapped(r);
  r->fed = r->finished = r->done = false;
  r->chunk = NULL;
  r->chunk_len = r->pos = 0;
  r->chunk_offset = 0;
  r->pending.len = 0;
  r->in_record = r->oversized = r->nomem = r->release_pending = false;
  r->frame_state = CSV_FIELD_START;
  r->skip_lf = r->prev_cr = false;
  r->line = 1;
  r->records = 0;
  r->bom_matched = 0;
  r->cutting = false;
}

sdq_status sdq_reader_set_delimiter(sdq_reader *r, char delim) {
  if (!r || r->format != SDQ_FORMAT_CSV ||
      (delim != 0 && delim != ',' && delim != ';' && delim != '\t' &&
       delim != '|'))
    return SDQ_EINVAL;
  if (r->fed || r->finished || r->cutting)
    return SDQ_ESTATE;
  r->csv.delim = r->csv.user_delim = delim;
  return SDQ_OK;
}

sdq_status sdq_reader_set_group_items(sdq_reader *r, int on) {
  if (!r || r->format != SDQ_FORMAT_CSV)
    return SDQ_EINVAL;
  if (r->fed || r->finished || r->cutting)
    return SDQ_ESTATE;
  r->csv.group_items = on != 0;
  return SDQ_OK;
}

sdq_status sdq_reader_feed(sdq_reader *r, const void *data, size_t len) {
  if (!r || (!data && len))
    return SDQ_EINVAL;
  if (r->finished || r->cutting || r->pos < r->chunk_len)
    return SDQ_ESTATE;
  r->chunk_offset += r->chunk_len;
  r->chunk = data;
  r->chunk_len = len;
  r->pos = 0;
  r->fed = true;
  return SDQ_OK;
}

sdq_status sdq_reader_finish(sdq_reader *r) {
  if (!r)
    return SDQ_EINVAL;
  if (r->finished)
    return SDQ_ESTATE;
  r->finished = true;
  return SDQ_OK;
}

sdq_status sdq_reader_next(sdq_reader *r, sdq_record *rec, sdq_error *err) {
  if (!r || !rec)
    return SDQ_EINVAL;
  sdq_record_clear(rec);
  if (r->done)
    return SDQ_END;
  sdq_status st = r->format == SDQ_FORMAT_CSV ? csv_next(r, rec, err)
                                              : ndjson_next(r, rec, err);
  if (st == SDQ_END)
    r->done = true;
  return st;
}

uint64_t sdq_reader_records(const sdq_reader *r) { return r ? r->records : 0; }

uint64_t sdq_reader_offset(const sdq_reader *r) {
  return r ? r->chunk_offset + r->pos : 0;
}

size_t sdq_reader_unmapped_count(const sdq_reader *r) {
  return r ? r->unmapped_count : 0;
}

const char *sdq_reader_unmapped(const sdq_reader *r, size_t i,
                                uint64_t *occurrences) {
  if (!r || i >= r->unmapped_count) {
    if (occurrences)
      *occurrences = 0;
    return NULL;
  }
  if (occurrences)
    *occurrences = r->unmapped[i].occurrences;
  return r->unmapped[i].name;
}

/* ------------------------------------------------------------------------ */
/* Parallel reading: the lead cuts, parts are read by forks, totals joined. */

/* Rows kept for finding a consignment boundary when cutting grouped CSV. */
#define CUT_ROWS 64

typedef struct cut_point {
  size_t pos; /* just past a record's terminator */
  uint64_t line;
  bool skip_lf;
} cut_point;

typedef struct cut_row {
  size_t start, len; /* bytes of the row, without its terminator */
  uint64_t line;
  cut_point end;
} cut_row;

/* How far framing for a cut has got: the next record starts at pos (past
 * the LF of a CRLF when skip_lf), on the reader's line. */
typedef struct cut_state {
  cut_point at; /* the cut: the last boundary, found later when grouped */
  cut_row rows[CUT_ROWS]; /* grouped: the last rows */
  size_t row_count;       /* rows framed; the last CUT_ROWS are kept */
  size_t pos;
  bool skip_lf;
  bool grouped;
} cut_state;

static void cut_add_row(cut_state *s, const cut_row *row) {
  if (!s->grouped)
    s->at = row->end;
  else if (row->len != 0) /* a blank line: no row, no boundary */
    s->rows[s->row_count++ % CUT_ROWS] = *row;
}

/* Frames CSV records for a cut 64 bytes at a time, telling quoted bytes by
 * quote parity. That agrees with csv_scan() as long as every quote that
 * parity takes for an opening one is at a field's start (after a
 * delimiter or a line break) or right after a closing quote ("" inside
 * quotes): csv_scan() then opens a quoted field there too. Bytes after a
 * closing quote up to the next delimiter are unquoted for both, whatever
 * they are. Line breaks are counted as csv_scan() counts them: a CRLF
 * once, inside quotes too. Stops before the first window with any other
 * quote, and before the last 64 bytes, leaving csv_scan() to go on from
 * the last record boundary found. */
static void cut_scan_windows(sdq_reader *r, const char *d, size_t size,
                             cut_state *s) {
  const char delim = r->csv.delim;
  if (delim == '"' || delim == '\n' || delim == '\r')
    return;
  const scan_delim delims = scan_delims(delim);
  const size_t origin = s->pos;
  const char *p = d + origin;
  const size_t n = size - origin;
  uint64_t line = r->line;
  cut_row row = {origin, 0, line, {0, 0, false}};
  if (s->skip_lf && n && p[0] == '\n')
    row.start++;
  cut_point last = {0, 0, false};
  bool found = false;
  uint64_t in_quotes = 0;      /* all ones when the last window ended inside */
  uint64_t special_before = 1; /* bit 0: a field starts the window */
  uint64_t cr_before = s->skip_lf; /* bit 0: the byte before is a CR */
  for (size_t base = 0; n - base >= 64; base += 64) {
    scan_prefetch(p + base, SCAN_PREFETCH_AHEAD);
    scan_masks m = scan_classify64(p, base, n, delims);
    uint64_t inside = scan_prefix_xor(m.quote) ^ in_quotes;
    uint64_t special = m.delim | m.nl | m.quote;
    /* Before an opening quote: a delimiter, a line break or a quote, which
     * parity makes a closing one. */
    if (m.quote & inside & ~((special << 1) | special_before))
      break;
    in_quotes = (uint64_t)0 - (inside >> 63);
    special_before = special >> 63;
    if (!m.nl) {
      cr_before = 0;
      continue;
    }
    uint64_t cr = scan_mask64(p, base, n, '\r', '\r');
    /* Every line break counts a line but the LF of a CRLF. */
    uint64_t counted = m.nl & ~(~cr & ((cr << 1) | cr_before));
    cr_before = cr >> 63;
    for (; counted; counted &= counted - 1) {
      unsigned k = bit_lowest(counted);
      line++;
      if ((inside >> k) & 1u)
        continue;                    /* a line break inside a quoted field */
      size_t at = origin + base + k; /* the record's terminator */
      bool cr_end = d[at] == '\r';
      row.len = at - row.start;
      row.end = (cut_point){at + 1, line, cr_end};
      cut_add_row(s, &row);
      last = row.end;
      found = true;
      row.start = at + 1 + (cr_end && at + 1 < size && d[at + 1] == '\n');
      row.line = line;
    }
  }
  if (found) {
    s->pos = last.pos;
    s->skip_lf = last.skip_lf;
    r->line = last.line;
  }
}

/* Whether grouping could join rows a and b (which follows it) into one
 * consignment: 1 if not, 0 if it could, -1 if unknown (out of memory). */
static int cut_between(sdq_reader *r, const char *data, const cut_row *a,
                       const cut_row *b) {
  span sa = {data + a->start, a->len, a->line, 0, true};
  span sb = {data + b->start, b->len, b->line, 0, true};
  sdq_view ida, idb;
  /* Each row's values may be unescaped into its own scratch record. */
  int ka = csv_row_id(r, &sa, r->csv.spare, &ida);
  if (ka == 0)
    return 1; /* a rejected row closes the group before it */
  int kb = csv_row_id(r, &sb, r->csv.row, &idb);
  if (kb == 0)
    return 1;
  if (ka < 0 || kb < 0)
    return -1;
  return !(ida.len && idb.len && ida.len == idb.len &&
           memcmp(ida.ptr, idb.ptr, ida.len) == 0);
}

sdq_status sdq_reader_cut(sdq_reader *r, const void *data, size_t size,
                          int last, size_t *len) {
  if (len)
    *len = 0;
  if (!r || !len || (!data && size))
    return SDQ_EINVAL;
  if (r->fed || r->finished)
    return SDQ_ESTATE;
  const char *d = size ? data : "";
  const uint64_t start_line = r->line;
  const bool start_skip_lf = r->skip_lf;
  const int start_bom = r->bom_matched;
  r->cutting = true;
  r->chunk = d;
  r->chunk_len = size;
  r->pos = 0;
  if (last)
    r->finished = true;
  bool grouped = false;
  if (r->format == SDQ_FORMAT_CSV) {
    /* The header is read here, as any reader reads it; the bytes up to
     * its end belong to the first part, whose reader reads it again. */
    sdq_status st = csv_read_header(r, NULL);
    if (st == SDQ_NEED_INPUT) {
      /* Not all there: forget it, to be read again with more data. */
      r->line = start_line;
      r->skip_lf = start_skip_lf;
      r->bom_matched = start_bom;
      r->in_record = false;
      r->pending.len = 0;
      r->release_pending = false;
      r->chunk = NULL;
      r->chunk_len = r->pos = 0;
      return SDQ_OK;
    }
    if (st == SDQ_ENOMEM) {
      /* Parts would disagree on the header: give up. */
      r->chunk = NULL;
      r->chunk_len = r->pos = 0;
      r->finished = true;
      return SDQ_ENOMEM;
    }
    if (r->release_pending) {
      r->pending.len = 0;
      r->release_pending = false;
    }
    grouped = r->csv.group_items && !r->csv.header_failed;
  } else if (r->bom_matched < 4) {
    size_t m = 0;
    while (m < 3 && m < size && (unsigned char)d[m] == BOM[m])
      m++;
    if (m == size && m < 3 && !last) {
      r->chunk = NULL;
      r->chunk_len = 0;
      return SDQ_OK;
    }
    /* A BOM is skipped; anything else opens the first record, which is
     * framed as usual from its first byte. */
    r->pos = m == 3 ? 3 : 0;
    r->bom_matched = 4;
  }
  /* Frames the records after the header, remembering the last boundary
   * and, for grouped rows, the last rows. The input's last part goes
   * whole, unframed. */
  cut_state s = {.at = {r->pos, r->line, r->skip_lf},
                 .pos = r->pos,
                 .skip_lf = r->skip_lf,
                 .grouped = grouped};
  if (!last && r->format == SDQ_FORMAT_CSV)
    cut_scan_windows(r, d, size, &s);
  while (!last) {
    if (s.skip_lf && s.pos < size && d[s.pos] == '\n')
      s.pos++; /* the LF of a CRLF */
    if (s.pos == size)
      break;
    cut_row row = {s.pos, 0, r->line, {0, 0, false}};
    r->frame_state = CSV_FIELD_START;
    r->prev_cr = false;
    r->skip_lf = false;
    size_t k = r->format == SDQ_FORMAT_NDJSON
                   ? ndjson_scan(r, d + s.pos, size - s.pos)
                   : csv_scan(r, d + s.pos, size - s.pos);
    if (k == SIZE_MAX)
      break; /* the rest is an unfinished record */
    s.pos += k;
    s.skip_lf = r->skip_lf;
    row.len = k - 1;
    if (r->format == SDQ_FORMAT_NDJSON && row.len && d[s.pos - 2] == '\r')
      row.len--;
    row.end = (cut_point){s.pos, r->line, s.skip_lf};
    cut_add_row(&s, &row);
  }
  if (last) {
    /* Everything goes: the lead is done. */
    *len = size;
    r->chunk_offset += size;
  } else {
    if (grouped) {
      /* The latest boundary between two whole rows that grouping would
       * not join. */
      size_t kept = s.row_count < CUT_ROWS ? s.row_count : CUT_ROWS;
      for (size_t j = 1; j < kept; j++) {
        const cut_row *b = &s.rows[(s.row_count - j) % CUT_ROWS];
        const cut_row *a = &s.rows[(s.row_count - j - 1) % CUT_ROWS];
        int c = cut_between(r, d, a, b);
        if (c < 0) {
          /* Where the part would end is not known: give up. */
          r->finished = true;
          r->chunk = NULL;
          r->chunk_len = r->pos = 0;
          return SDQ_ENOMEM;
        }
        if (c) {
          s.at = a->end;
          break;
        }
      }
      sdq_record_clear(r->csv.spare);
      sdq_record_clear(r->csv.row);
    }
    *len = s.at.pos;
    r->chunk_offset += s.at.pos;
    r->line = s.at.line;
    r->skip_lf = s.at.skip_lf;
  }
  r->frame_state = CSV_FIELD_START;
  r->prev_cr = false;
  r->in_record = false;
  r->chunk = NULL;
  r->chunk_len = r->pos = 0;
  return SDQ_OK;
}

sdq_status sdq_reader_fork(const sdq_reader *lead, sdq_reader **out) {
  if (out)
    *out = NULL;
  if (!lead || !out)
    return SDQ_EINVAL;
  if (lead->fed || lead->finished)
    return SDQ_ESTATE;
  sdq_reader *r = NULL;
  sdq_status st = sdq_reader_new(lead->engine, lead->format, &r);
  if (st != SDQ_OK)
    return st;
  r->unmapped_max = UNMAPPED_MAX_PART;
  r->line = lead->line;
  r->chunk_offset = lead->chunk_offset;
  r->skip_lf = lead->skip_lf;
  r->bom_matched = lead->bom_matched;
  /* The header's unmapped columns keep their places. */
  for (size_t i = 0; st == SDQ_OK && i < lead->unmapped_count; i++) {
    const unmapped_name *u = &lead->unmapped[i];
    if (reader_unmapped_slot(r, u->name, u->len) != (int)i)
      st = SDQ_ENOMEM;
  }
  if (st == SDQ_OK && r->format == SDQ_FORMAT_CSV)
    st = csv_fork(r, lead);
  if (st != SDQ_OK) {
    sdq_reader_free(r);
    return st;
  }
  *out = r;
  return SDQ_OK;
}

sdq_status sdq_reader_join(sdq_reader *total, const sdq_reader *part) {
  if (!total || !part || total == part || total->format != part->format)
    return SDQ_EINVAL;
  total->records += part->records;
  for (size_t i = 0; i < part->unmapped_count; i++) {
    const unmapped_name *u = &part->unmapped[i];
    int slot = reader_unmapped_slot(total, u->name, u->len);
    if (slot >= 0)
      total->unmapped[slot].occurrences += u->occurrences;
    else
      total->unmapped_other += u->occurrences;
  }
  total->unmapped_other += part->unmapped_other;
  return SDQ_OK;
}
