/* The streaming reader shared by the CSV and NDJSON formats: chunk
 * handling, framing of records across chunk boundaries, limits, positions
 * and the list of unmapped columns. Internal to libsdq. */
#ifndef SDQ_READER_H
#define SDQ_READER_H

#include "../alloc.h"
#include "../engine.h"
#include "../record.h"
#include "sdq.h"

/* Distinct unmapped names kept; further ones are counted together under
 * the last, "(other names)". Names are kept to UNMAPPED_NAME_MAX bytes. */
#define UNMAPPED_MAX 256
/* A part reader (sdq_reader_fork) keeps more, so that joining parts in
 * order keeps the same names as one reader would; its memory is bounded by
 * its part's size anyway. */
#define UNMAPPED_MAX_PART 65536
#define UNMAPPED_NAME_MAX 96

typedef struct unmapped_name {
  char *name;
  size_t len;
  uint64_t occurrences;
} unmapped_name;

/* A complete record's bytes, with where it starts. */
typedef struct span {
  const char *ptr;
  size_t len; /* without the line terminator */
  uint64_t line, offset;
  bool cr_breaks; /* a lone CR ends a line (CSV), or is a byte (NDJSON) */
} span;

/* CSV framing states. */
enum { CSV_FIELD_START, CSV_UNQUOTED, CSV_QUOTED, CSV_QUOTE_IN_QUOTED };

typedef struct csv_state {
  char delim;      /* 0 until known */
  char user_delim; /* as set by the caller, 0 to detect */
  bool header_done;
  bool header_failed;
  sdq_status header_status; /* why the rows after it are rejected */
  char header_error[160];
  uint64_t header_line;
  int group_items;
  size_t column_count;
  sdq_field *columns; /* field of each column, or SDQ_FIELD_NONE */
  int *unmapped_slot; /* index into the reader's unmapped list, or -1 */
  size_t columns_cap;
  size_t slots_cap;
  sdq_view *values; /* the values of the row being parsed */
  size_t values_cap;
  /* Where the one-pass row parser stores each column (see csv.c), with
   * CSV_FAST_PAD entries past column_count; fast_ok when it may be used. */
  uint8_t *fast_dest;
  size_t fast_dest_cap;
  int fast_counted[64]; /* unmapped slot of each counted column */
  bool fast_ok;
  /* group mode: the consignment being gathered, a spare record that holds
   * the row which opens the next one, and the row being parsed. Their
   * values may point into the caller's chunk until the reader returns
   * SDQ_NEED_INPUT; the open group's are copied then. The three records
   * change roles by exchanging pointers. */
  sdq_record *group, *spare, *row;
  bool group_open, have_held;
  sdq_status group_status; /* SDQ_OK, or why the group will be rejected */
  uint64_t group_bytes, held_bytes;
  /* a row rejected while a group was open: reported after the group */
  bool have_rejection;
  sdq_error rejection;
} csv_state;

typedef struct key_cache_entry {
  uint64_t hash;
  char *key;
  size_t len;
  sdq_field field;
  int unmapped_slot; /* -1 if mapped */
} key_cache_entry;

typedef struct ndjson_state {
  key_cache_entry *keys; /* open addressing, power-of-two size */
  size_t key_cap, key_count;
  /* for each slot of keys, the key looked up after it last time; and the
   * first key of the last record: (slot << 1 | level) + 1, 0 for none */
  uint32_t *next;
  uint32_t first;
  /* unmapped keys of the record being parsed, counted once it is accepted */
  int *slots;
  size_t slot_count, slot_cap;
} ndjson_state;

struct sdq_reader {
  const sdq_engine *engine;
  const sdq_allocator *al;
  sdq_format format;
  bool fed, finished, done;

  /* the caller's current chunk */
  const char *chunk;
  size_t chunk_len, pos;
  uint64_t chunk_offset; /* input offset of chunk[0] */

  /* a record that straddles chunks is gathered here */
  sdq_buf pending;
  bool in_record;       /* framing is inside a record */
  bool oversized;       /* the record in progress exceeded the byte limit */
  bool nomem;           /* ... or could not be gathered for lack of memory */
  bool release_pending; /* the last record was parsed from `pending` */
  uint64_t rec_line, rec_offset; /* where the record in progress starts */

  /* framing state */
  int frame_state;
  bool skip_lf;  /* the last terminator was CR: a following LF belongs to it */
  bool prev_cr;  /* inside a record, for counting CRLF once */
  uint64_t line; /* line at the framing position, 1-based */

  uint64_t records;
  int bom_matched; /* bytes of a leading UTF-8 BOM seen; 4: decided */
  bool cutting;    /* sdq_reader_cut() was called: it frames, never parses */

  unmapped_name *unmapped;
  size_t unmapped_count, unmapped_cap;
  size_t unmapped_max;     /* UNMAPPED_MAX, or UNMAPPED_MAX_PART for a part */
  uint64_t unmapped_other; /* occurrences beyond UNMAPPED_MAX names */

  csv_state csv;
  ndjson_state nd;
};

/* Fills err (if any) for a rejected record or failed call. */
void reader_error(sdq_error *err, sdq_status code, uint64_t record,
                  uint64_t line, uint64_t column, uint64_t offset,
                  const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

/* Line and column of byte `at` of a record span (which starts a line). */
void span_position(const span *s, size_t at, uint64_t *line, uint64_t *column);

/* Checks UTF-8; returns the offset of the first invalid byte or SIZE_MAX. */
size_t utf8_check(const char *p, size_t len);

/* The slot of an unmapped name, adding it (-1 when the list is full or out
 * of memory: then it is counted in unmapped_other). */
int reader_unmapped_slot(sdq_reader *r, const char *name, size_t len);
void reader_count_unmapped(sdq_reader *r, int slot);

/* Format hooks. */
sdq_status csv_next(sdq_reader *r, sdq_record *rec, sdq_error *err);
void csv_reset(sdq_reader *r);
void csv_free(sdq_reader *r);
/* Reads the header row if it is not read yet: SDQ_OK once it is (or has
 * failed earlier), else as sdq_reader_next(). */
sdq_status csv_read_header(sdq_reader *r, sdq_error *err);
/* For cutting grouped rows: 1 when parse_row() would accept the row, with
 * its shipment_id in *id (empty when absent; it may point into `scratch`),
 * 0 when it would reject it, -1 when that is not known (out of memory). */
int csv_row_id(sdq_reader *r, const span *s, sdq_record *scratch, sdq_view *id);
/* Gives a new reader the settings and header of another. */
sdq_status csv_fork(sdq_reader *dst, const sdq_reader *src);
sdq_status ndjson_next(sdq_reader *r, sdq_record *rec, sdq_error *err);
void ndjson_reset(sdq_reader *r);
void ndjson_free(sdq_reader *r);

/* Frames the next record: on SDQ_OK *out is a complete record (its bytes
 * stay valid until the next call), SDQ_NEED_INPUT / SDQ_END as for
 * sdq_reader_next(), SDQ_ELIMIT when the record exceeded the byte limit
 * (it has been skipped; *out holds its position), SDQ_ENOMEM when it could
 * not be gathered (likewise skipped). Blank lines
 * are skipped. `csv_header` frames with every candidate delimiter. */
sdq_status reader_frame(sdq_reader *r, span *out, bool csv_header);

#endif
