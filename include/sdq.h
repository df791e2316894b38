/*
 * sdq — shipment data quality assessment.
 *
 * The one public header of libsdq. sdq reads shipment records (consignments
 * and their goods items), checks their completeness, validity and
 * consistency against a profile, and returns for each record a quality
 * score, a risk score and the findings that explain them, plus metrics per
 * batch.
 *
 * Conventions
 * - Every object is opaque and is created and freed in pairs; every
 *   `*_free` function accepts NULL.
 * - Functions that can fail return an `sdq_status`: SDQ_OK (0) on success,
 *   a negative code on error, and a positive code for the two non-error
 *   reader states (SDQ_NEED_INPUT, SDQ_END). Functions that take an optional
 *   `sdq_error *` fill it with a message and, for input errors, a position.
 * - The library never prints, exits, aborts, reads files or environment
 *   variables, and keeps no global mutable state.
 * - Strings passed in are UTF-8 and are given with an explicit length;
 *   strings returned are valid UTF-8 and NUL-terminated unless said
 *   otherwise.
 * - Thread safety is stated on each declaration. In short: an `sdq_engine`
 *   is immutable and may be shared by any number of threads; every other
 *   object belongs to one thread at a time.
 *
 * Copyright 2026 the sdq authors. Licensed under the Apache License 2.0.
 */
#ifndef SDQ_H
#define SDQ_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Export macro and version                                                   */
/* ------------------------------------------------------------------------ */

#if defined(_WIN32) && defined(SDQ_BUILDING_SHARED)
#define SDQ_API __declspec(dllexport)
#elif defined(_WIN32) && defined(SDQ_USING_SHARED)
#define SDQ_API __declspec(dllimport)
#elif defined(__GNUC__) && __GNUC__ >= 4
#define SDQ_API __attribute__((visibility("default")))
#else
#define SDQ_API
#endif

#define SDQ_VERSION_MAJOR 0
#define SDQ_VERSION_MINOR 1
#define SDQ_VERSION_PATCH 0
/** The version as one number: major * 10000 + minor * 100 + patch. */
#define SDQ_VERSION_NUMBER                                                     \
  (SDQ_VERSION_MAJOR * 10000 + SDQ_VERSION_MINOR * 100 + SDQ_VERSION_PATCH)
#define SDQ_VERSION_STRING "0.1.0"

/** The version of the linked library as "MAJOR.MINOR.PATCH" (static
 * storage). Thread-safe. */
SDQ_API const char *sdq_version(void);
/** The version of the linked library as SDQ_VERSION_NUMBER computes it, to
 * compare with the header the caller was compiled against. Thread-safe. */
SDQ_API unsigned sdq_version_number(void);

/* ------------------------------------------------------------------------ */
/* Status codes and errors                                                    */
/* ------------------------------------------------------------------------ */

/** Result of a call. Values are stable across versions. */
typedef enum sdq_status {
  SDQ_OK = 0,
  /** The reader has handed out every record of the input given so far;
   * feed more bytes or call sdq_reader_finish(). */
  SDQ_NEED_INPUT = 1,
  /** The reader has handed out every record and its input is finished. */
  SDQ_END = 2,
  /** An argument is NULL, out of range or otherwise invalid. */
  SDQ_EINVAL = -1,
  /** An allocation failed. The object is unchanged or still freeable. */
  SDQ_ENOMEM = -2,
  /** The call is not allowed in the object's current state (for example
   * configuring a reader after it was fed). */
  SDQ_ESTATE = -3,
  /** Input is malformed: the record was rejected and reading goes on. */
  SDQ_EPARSE = -4,
  /** Input exceeds a configured limit: the record was rejected and reading
   * goes on. */
  SDQ_ELIMIT = -5,
  /** A name (field, profile, rule) is not known. */
  SDQ_ENOTFOUND = -6,
  /** A buffer given by the caller is too small. */
  SDQ_ERANGE = -7
} sdq_status;

/** A short English description of a status code (static storage; never
 * NULL, "unknown status" for values not listed above). Thread-safe. */
SDQ_API const char *sdq_strerror(sdq_status status);

/**
 * Details of an error, filled by functions that take an `sdq_error *` (which
 * may always be NULL). The caller owns the struct; the library writes to it
 * only when it returns an error (and for rejected records). Positions are
 * 1-based; 0 means "not applicable".
 * Layout frozen: fields are only ever added at the end, in a new major
 * version (0.x versions may still add members, with a new soversion).
 */
typedef struct sdq_error {
  sdq_status code;
  /** Record number across the reader's input (1-based; header rows and
   * blank lines are not records). */
  uint64_t record;
  /** Line of the input where the problem is (1-based). */
  uint64_t line;
  /** Column in bytes within that line (1-based). */
  uint64_t column;
  /** Byte offset from the start of the reader's input (0-based). */
  uint64_t offset;
  /** A human-readable, NUL-terminated message. */
  char message[256];
} sdq_error;

/* ------------------------------------------------------------------------ */
/* Memory                                                                    */
/* ------------------------------------------------------------------------ */

/**
 * Allocator hooks. Every allocation the library makes for an engine and the
 * objects made from it goes through these. `free` and `realloc` receive the
 * size of the block as it was allocated, so hooks can account for memory
 * without headers. `realloc` is optional (NULL: malloc + copy + free). The
 * hooks must be thread-safe if the engine is shared between threads.
 * Layout frozen.
 */
typedef struct sdq_allocator {
  void *(*malloc)(void *ctx, size_t size);
  void *(*realloc)(void *ctx, void *ptr, size_t old_size, size_t new_size);
  void (*free)(void *ctx, void *ptr, size_t size);
  void *ctx;
} sdq_allocator;

/* ------------------------------------------------------------------------ */
/* Fields                                                                    */
/* ------------------------------------------------------------------------ */

/**
 * The canonical field dictionary. Values are stable: consignment fields use
 * 0..63, item (goods line) fields 64..127. docs/fields.md describes each.
 */
typedef enum sdq_field {
  SDQ_FIELD_NONE = -1,
  /* consignment */
  SDQ_FIELD_SHIPMENT_ID = 0,
  SDQ_FIELD_AWB = 1,
  SDQ_FIELD_POSTAL_ITEM_ID = 2,
  SDQ_FIELD_CONTAINER_ID = 3,
  SDQ_FIELD_SELLER_NAME = 4,
  SDQ_FIELD_SELLER_ADDRESS = 5,
  SDQ_FIELD_SELLER_CITY = 6,
  SDQ_FIELD_SELLER_POSTCODE = 7,
  SDQ_FIELD_SELLER_COUNTRY = 8,
  SDQ_FIELD_SELLER_ID = 9,
  SDQ_FIELD_BUYER_NAME = 10,
  SDQ_FIELD_BUYER_ADDRESS = 11,
  SDQ_FIELD_BUYER_CITY = 12,
  SDQ_FIELD_BUYER_POSTCODE = 13,
  SDQ_FIELD_BUYER_COUNTRY = 14,
  SDQ_FIELD_BUYER_ID = 15,
  SDQ_FIELD_BUYER_EMAIL = 16,
  SDQ_FIELD_BUYER_PHONE = 17,
  SDQ_FIELD_PLATFORM_ID = 18,
  SDQ_FIELD_CARRIER_ID = 19,
  SDQ_FIELD_DECLARANT_ID = 20,
  SDQ_FIELD_PIECES = 21,
  SDQ_FIELD_GROSS_WEIGHT = 22,
  SDQ_FIELD_TOTAL_VALUE = 23,
  SDQ_FIELD_CURRENCY = 24,
  SDQ_FIELD_CATEGORY = 25,
  SDQ_FIELD_TRANSPORT_MODE = 26,
  SDQ_FIELD_DEPARTURE_COUNTRY = 27,
  SDQ_FIELD_DEPARTURE_LOCATION = 28,
  SDQ_FIELD_DESTINATION_COUNTRY = 29,
  SDQ_FIELD_ARRIVAL_LOCATION = 30,
  SDQ_FIELD_DEPARTURE_DATE = 31,
  SDQ_FIELD_ARRIVAL_DATE = 32,
  SDQ_FIELD_DECLARATION_DATE = 33,
  /* item */
  SDQ_FIELD_DESCRIPTION = 64,
  SDQ_FIELD_HS_CODE = 65,
  SDQ_FIELD_QUANTITY = 66,
  SDQ_FIELD_ITEM_VALUE = 67,
  SDQ_FIELD_NET_WEIGHT = 68,
  SDQ_FIELD_ORIGIN_COUNTRY = 69
} sdq_field;

/** Number of consignment fields (they are 0..SDQ_CONSIGNMENT_FIELD_COUNT-1). */
#define SDQ_CONSIGNMENT_FIELD_COUNT 34
/** First item field value. */
#define SDQ_ITEM_FIELD_BASE 64
/** Number of item fields (they are SDQ_ITEM_FIELD_BASE + 0..count-1). */
#define SDQ_ITEM_FIELD_COUNT 6

/** Canonical name of a field ("seller_name"), or NULL for a value that is not
 * a field. Static storage. Thread-safe. */
SDQ_API const char *sdq_field_name(sdq_field field);
/** 1 if `field` is an item field, 0 if a consignment field or not a field. */
SDQ_API int sdq_field_is_item(sdq_field field);
/**
 * The field a name denotes: a canonical name or one of its aliases
 * ("consignee", "HS Code", "tariff-code"), compared ignoring ASCII case and
 * the characters space, tab, '-', '_', '.', '/', '(' and ')'. Returns
 * SDQ_FIELD_NONE when unknown.
 * Thread-safe.
 */
SDQ_API sdq_field sdq_field_lookup(const char *name, size_t len);
/** Number of aliases of a field (not counting its canonical name). */
SDQ_API size_t sdq_field_alias_count(sdq_field field);
/** The i-th alias of a field, or NULL. Static storage. Thread-safe. */
SDQ_API const char *sdq_field_alias(sdq_field field, size_t i);

/* ------------------------------------------------------------------------ */
/* Configuration and engine                                                  */
/* ------------------------------------------------------------------------ */

/** A mutable builder of engine settings: profile, source mapping, limits.
 * One thread at a time. */
typedef struct sdq_config sdq_config;
/** Immutable settings, profile and reference data. Safe to share between
 * threads once created; it must outlive every object made from it. */
typedef struct sdq_engine sdq_engine;

/** Input limits. A record exceeding one is rejected with SDQ_ELIMIT. */
typedef enum sdq_limit {
  /** Bytes in one value after decoding. Default 65536. */
  SDQ_LIMIT_FIELD_BYTES = 0,
  /** Fields (CSV columns, JSON keys) in one record. Default 4096. */
  SDQ_LIMIT_FIELDS = 1,
  /** Items in one consignment. Default 10000. */
  SDQ_LIMIT_ITEMS = 2,
  /** Bytes in one record as read (a CSV row or group, a JSON line).
   * Default 4 MiB. This also bounds the reader's buffer. */
  SDQ_LIMIT_RECORD_BYTES = 3,
  /** Nesting depth of JSON values. Default 64. */
  SDQ_LIMIT_DEPTH = 4
} sdq_limit;

/**
 * Create a configuration with defaults: the "core" profile, no mapping,
 * default limits. `allocator` may be NULL for the C library's malloc; it is
 * copied, and the engine made from this configuration uses it too.
 * Returns SDQ_OK, SDQ_EINVAL (out is NULL) or SDQ_ENOMEM.
 */
SDQ_API sdq_status sdq_config_new(const sdq_allocator *allocator,
                                  sdq_config **out);
SDQ_API void sdq_config_free(sdq_config *config);

/** Select a built-in profile by name ("core", "placi", "ics2", "acas",
 * "cn23"). SDQ_ENOTFOUND if unknown. */
SDQ_API sdq_status sdq_config_set_profile(sdq_config *config, const char *name);
/**
 * Use a profile given as a JSON document (docs/profiles.md): required fields
 * with "one_of" groups, rule switches, severities, weights, parameters and
 * risk levels, optionally extending a built-in profile. An unknown key,
 * field, rule or parameter is an error naming it, with its line and column
 * in `err`; on error the configuration is unchanged. The document is not
 * kept after the call.
 */
SDQ_API sdq_status sdq_config_load_profile(sdq_config *config, const char *json,
                                           size_t len, sdq_error *err);
/**
 * Set the reference time ("now", seconds since 1970-01-01 UTC) against which
 * consistency.dates judges dates in the future. Without one, dates are not
 * compared with the present: the library does not read the clock itself.
 */
SDQ_API sdq_status sdq_config_set_reference_time(sdq_config *config,
                                                 int64_t unix_seconds);
/** Set a limit; `value` must be at least 1. */
SDQ_API sdq_status sdq_config_set_limit(sdq_config *config, sdq_limit limit,
                                        uint64_t value);
/**
 * Map a source column (CSV header) or key (JSON) onto a field. The source
 * name is compared exactly after trimming spaces and ignoring case. An
 * explicit mapping takes precedence over the built-in aliases; mapping to
 * SDQ_FIELD_NONE ignores the column. Mapping the same source twice keeps the
 * last.
 */
SDQ_API sdq_status sdq_config_map(sdq_config *config, const char *source,
                                  size_t source_len, sdq_field field);
/** Give a field a constant value, used when a record lacks the field
 * (absent, not merely empty). For an item field, every item lacking it
 * gets it. The value is copied. */
SDQ_API sdq_status sdq_config_set_constant(sdq_config *config, sdq_field field,
                                           const char *value, size_t value_len);
/**
 * Load a mapping document (JSON):
 *   {"columns": {"Source Name": "field", ...},
 *    "constants": {"field": "value", ...}}
 * Both members are optional; an unknown member or field name is an error
 * naming it, with its line and column in `err`. On error nothing of the
 * document is applied.
 */
SDQ_API sdq_status sdq_config_load_mapping(sdq_config *config, const char *json,
                                           size_t len, sdq_error *err);

/**
 * Add a watch-list of parties for risk.watchlist: CSV with a header row
 * naming the columns name, id, address, country and reason (any may be
 * empty; other columns are ignored, so exports of sanctions and
 * denied-party lists load directly). Sellers and buyers are matched by id,
 * or by name after folding case and accents and dropping punctuation and
 * legal forms (Ltd, GmbH, LLC ...), exactly or by the share of words in
 * common (the rule's "similarity" parameter). Entries add up over calls.
 * A row that cannot be read (or a value holding a NUL byte, or a country
 * that is not an ISO 3166-1 code) is an error with its line in `err`; on
 * error nothing of the list is added.
 */
SDQ_API sdq_status sdq_config_load_watchlist(sdq_config *config,
                                             const char *csv, size_t len,
                                             sdq_error *err);

/** Build an engine from a configuration (NULL: all defaults). The
 * configuration is copied; it may be freed or changed afterwards. */
SDQ_API sdq_status sdq_engine_new(const sdq_config *config, sdq_engine **out,
                                  sdq_error *err);
SDQ_API void sdq_engine_free(sdq_engine *engine);
/** Name of the engine's profile (owned by the engine). Thread-safe. */
SDQ_API const char *sdq_engine_profile(const sdq_engine *engine);
/** Whether the engine's profile requires a field: 1 required; 2 + g when
 * the field belongs to the profile's "one of" group g (g from 0: at least
 * one field of the group must have a value); 0 not required or not a field.
 * Thread-safe. */
SDQ_API int sdq_engine_requires(const sdq_engine *engine, sdq_field field);

/** Names of the built-in profiles: count, and the i-th name or NULL. */
SDQ_API size_t sdq_profile_count(void);
SDQ_API const char *sdq_profile_name(size_t i);
/** The JSON document of a built-in profile (static storage), a starting
 * point for one's own; NULL if there is no such profile. Thread-safe. */
SDQ_API const char *sdq_profile_json(const char *name);

/* ------------------------------------------------------------------------ */
/* Records                                                                   */
/* ------------------------------------------------------------------------ */

/** One consignment: consignment fields plus zero or more items. Reusable;
 * one thread at a time. */
typedef struct sdq_record sdq_record;

SDQ_API sdq_status sdq_record_new(const sdq_engine *engine, sdq_record **out);
SDQ_API void sdq_record_free(sdq_record *record);
/** Remove every field and item, keeping allocated memory for reuse. */
SDQ_API void sdq_record_clear(sdq_record *record);

/**
 * Set a consignment field, copying the value into the record (the copy lives
 * until sdq_record_clear() or sdq_record_free()). An item field given here
 * is set on item 0, which is created if the record has no item. Setting an
 * empty value records the field as present but empty (it then counts as
 * missing). Errors: SDQ_EINVAL (bad field, NULL value with nonzero length),
 * SDQ_ELIMIT (value longer than SDQ_LIMIT_FIELD_BYTES), SDQ_ENOMEM.
 */
SDQ_API sdq_status sdq_record_set(sdq_record *record, sdq_field field,
                                  const char *value, size_t len);
/** Like sdq_record_set() but without copying: the caller keeps `value`
 * alive and unchanged until the record is cleared, freed or the field set
 * again. */
SDQ_API sdq_status sdq_record_set_view(sdq_record *record, sdq_field field,
                                       const char *value, size_t len);
/** Append an empty item; its index is stored in `*index` if not NULL.
 * SDQ_ELIMIT past SDQ_LIMIT_ITEMS. */
SDQ_API sdq_status sdq_record_add_item(sdq_record *record, size_t *index);
/** Set an item field on item `item` (copying the value). SDQ_EINVAL if
 * `field` is not an item field or `item` does not exist. */
SDQ_API sdq_status sdq_record_set_item(sdq_record *record, size_t item,
                                       sdq_field field, const char *value,
                                       size_t len);
/** Like sdq_record_set_item() but without copying (see set_view). */
SDQ_API sdq_status sdq_record_set_item_view(sdq_record *record, size_t item,
                                            sdq_field field, const char *value,
                                            size_t len);
/** Make `dst` a deep copy of `src` (values copied into dst, which may
 * belong to another engine), e.g. to keep a record a reader handed out
 * beyond the reader's next call. `dst` is cleared first. */
SDQ_API sdq_status sdq_record_copy(sdq_record *dst, const sdq_record *src);
/** Remove a consignment field (it becomes absent). */
SDQ_API sdq_status sdq_record_unset(sdq_record *record, sdq_field field);

/**
 * Read a consignment field. Returns 1 and sets `*value`/`*len` (the value is
 * NOT NUL-terminated and is valid until the record changes) when present,
 * 0 when absent (then `*value` is NULL and `*len` 0). For an item field,
 * reads item 0.
 */
SDQ_API int sdq_record_get(const sdq_record *record, sdq_field field,
                           const char **value, size_t *len);
/** Read an item field of item `item`; as sdq_record_get(). */
SDQ_API int sdq_record_get_item(const sdq_record *record, size_t item,
                                sdq_field field, const char **value,
                                size_t *len);
SDQ_API size_t sdq_record_item_count(const sdq_record *record);
/** Where the record came from when a reader filled it: its record number
 * and first line (0 when set by the host). */
SDQ_API uint64_t sdq_record_number(const sdq_record *record);
SDQ_API uint64_t sdq_record_line(const sdq_record *record);

/* ------------------------------------------------------------------------ */
/* Readers                                                                   */
/* ------------------------------------------------------------------------ */

/** Input formats. */
typedef enum sdq_format {
  /** RFC 4180 CSV with a header row. */
  SDQ_FORMAT_CSV = 0,
  /** Newline-delimited JSON: one object per line. */
  SDQ_FORMAT_NDJSON = 1
} sdq_format;

/**
 * A streaming parser. Push bytes with sdq_reader_feed() in chunks of any
 * size, pull records with sdq_reader_next(), and call sdq_reader_finish()
 * after the last chunk. One thread at a time. Memory is bounded by the
 * engine's limits whatever the input.
 *
 *   while ((n = read(fd, buf, sizeof buf)) > 0) {
 *     sdq_reader_feed(reader, buf, n);
 *     while ((st = sdq_reader_next(reader, rec, &err)) != SDQ_NEED_INPUT)
 *       st == SDQ_OK ? assess(rec) : reject(&err);
 *   }
 *   sdq_reader_finish(reader);
 *   while ((st = sdq_reader_next(reader, rec, &err)) != SDQ_END) ...
 */
typedef struct sdq_reader sdq_reader;

SDQ_API sdq_status sdq_reader_new(const sdq_engine *engine, sdq_format format,
                                  sdq_reader **out);
SDQ_API void sdq_reader_free(sdq_reader *reader);
/** Forget all input and state but keep the settings, to read a new input. */
SDQ_API void sdq_reader_reset(sdq_reader *reader);

/** CSV only: the field delimiter, one of ',' ';' '\t' '|', or 0 (the
 * default) to detect it from the header row. Before the first feed, else
 * SDQ_ESTATE. */
SDQ_API sdq_status sdq_reader_set_delimiter(sdq_reader *reader, char delim);
/** CSV only: if nonzero, consecutive rows sharing a non-empty shipment_id
 * form one consignment with one item per row. Before the first feed. */
SDQ_API sdq_status sdq_reader_set_group_items(sdq_reader *reader, int on);

/**
 * Give the reader the next chunk of input. The reader does not copy the
 * chunk: `data` must stay valid and unchanged until sdq_reader_next()
 * returns SDQ_NEED_INPUT (or SDQ_END), after which the reader has copied
 * whatever it still needs. Call only when the previous chunk is consumed
 * (else SDQ_ESTATE) and before sdq_reader_finish().
 */
SDQ_API sdq_status sdq_reader_feed(sdq_reader *reader, const void *data,
                                   size_t len);
/** Declare the end of input: the last record may end without a newline. */
SDQ_API sdq_status sdq_reader_finish(sdq_reader *reader);

/**
 * Fill `record` with the next record (it is cleared first).
 * - SDQ_OK: a record. Its values may point into the fed chunk or the
 *   reader's buffers; they stay valid until the next call on this reader.
 * - SDQ_EPARSE / SDQ_ELIMIT: a record was rejected; `err` (if not NULL)
 *   says why and where. Call again to continue with the next record.
 * - SDQ_ENOMEM: memory ran out while reading a record; if `err->record` is
 *   nonzero that record was rejected (and counted) like the above, and
 *   reading can go on.
 * - SDQ_NEED_INPUT: feed more bytes (or finish).
 * - SDQ_END: the input is finished and every record was handed out.
 * - SDQ_EINVAL: a NULL argument; nothing happened.
 * A CSV header row that cannot be read is reported once as SDQ_EPARSE,
 * SDQ_ELIMIT or SDQ_ENOMEM with `err->record` 0; every row after it is then
 * rejected, since it cannot be mapped.
 */
SDQ_API sdq_status sdq_reader_next(sdq_reader *reader, sdq_record *record,
                                   sdq_error *err);

/** Records handed out so far (accepted + rejected). */
SDQ_API uint64_t sdq_reader_records(const sdq_reader *reader);
/** Bytes consumed so far. */
SDQ_API uint64_t sdq_reader_offset(const sdq_reader *reader);
/** Number of distinct source columns/keys that mapped onto no field. For
 * CSV, known once the header was read; for NDJSON, grows as keys appear. */
SDQ_API size_t sdq_reader_unmapped_count(const sdq_reader *reader);
/** Name of the i-th unmapped column or key (NUL-terminated, owned by the
 * reader, in order of first appearance) and, in `*occurrences`, how many
 * values it had. NULL if i is out of range. */
SDQ_API const char *sdq_reader_unmapped(const sdq_reader *reader, size_t i,
                                        uint64_t *occurrences);

/**
 * Parallel reading of one input. One reader, the lead, cuts the input into
 * parts at record boundaries (for CSV with grouped items, at consignment
 * boundaries) by framing it, which is far cheaper than parsing it; each
 * part is read by its own reader, forked from the lead where the part
 * starts, on any thread; and the parts' readers are joined, in input order,
 * into one reader that holds the totals. The parts' records, taken in part
 * order, are the records one reader would have handed out for the whole
 * input, with the same lines, offsets, values and errors; only their record
 * numbers (sdq_record_number(), sdq_error.record) count from 1 in each
 * part. For every part, in input order:
 *
 *   sdq_reader_fork(lead, &part);         // where the part starts
 *   sdq_reader_cut(lead, buf, n, at_eof, &len);
 *   // hand buf[0, len) and `part` to a worker, which runs
 *   //   sdq_reader_feed(part, buf, len); sdq_reader_finish(part);
 *   //   while ((st = sdq_reader_next(part, rec, &err)) != SDQ_END) ...
 *   // then, in input order: sdq_reader_join(total, part)
 *   // and buf[len, n) starts the next part's data.
 *
 * When len is 0 the data holds no whole record (or, grouped, no boundary
 * between consignments): call again with more data; the fork stays good.
 */

/**
 * Cuts: `data` continues the input where the lead stands (it starts the
 * input on the first call). Stores in *len how many of its first bytes are
 * whole records, with a CSV header row if it was not read yet, so that the
 * rest starts a record (grouped CSV: a consignment); with `last` nonzero,
 * data ends the input and *len is `size`. The lead moves past those *len
 * bytes and keeps no pointer into data. It reads the CSV header, which it
 * then gives its forks, but reports nothing: the first part's reader,
 * forked before the first cut, reads the header again and reports its
 * errors. Grouped CSV: the boundary is looked for among the last 64 rows,
 * so a consignment of more rows than that, or data ending inside one,
 * gives len 0.
 * Returns SDQ_OK; SDQ_ESTATE on a reader that was fed, or after the last
 * cut; SDQ_ENOMEM when memory ran out (the lead is then finished); or
 * SDQ_EINVAL. A lead is only cut, never fed.
 */
SDQ_API sdq_status sdq_reader_cut(sdq_reader *lead, const void *data,
                                  size_t size, int last, size_t *len);
/**
 * A new reader for the part that starts where the lead stands: with the
 * lead's settings, position (line, offset) and CSV header. Feed it its
 * part, then finish. When its part is fed in one sdq_reader_feed() followed
 * by sdq_reader_finish() before the first sdq_reader_next(), its records'
 * values point into those bytes or into the records themselves, so they
 * stay valid, after the reader's next call and after it is freed, as long
 * as the bytes and the record do. SDQ_ESTATE after the lead's last cut.
 */
SDQ_API sdq_status sdq_reader_fork(const sdq_reader *lead, sdq_reader **out);
/**
 * Adds a part reader's counts (records, unmapped names and their
 * occurrences) to `total`, as if `total` had read the part after what it
 * read before: join the parts in input order into a new reader (made with
 * sdq_reader_new(), never fed) and it reports what one reader would have
 * reported for the whole input. Neither reader may be in use by another
 * thread meanwhile.
 */
SDQ_API sdq_status sdq_reader_join(sdq_reader *total, const sdq_reader *part);

/* ------------------------------------------------------------------------ */
/* Rules, findings and results                                               */
/* ------------------------------------------------------------------------ */

/** Data quality dimensions (stable values). */
typedef enum sdq_dimension {
  SDQ_DIM_COMPLETENESS = 0,
  SDQ_DIM_VALIDITY = 1,
  SDQ_DIM_CONSISTENCY = 2,
  SDQ_DIM_UNIQUENESS = 3,
  SDQ_DIM_RISK = 4
} sdq_dimension;
#define SDQ_DIMENSION_COUNT 5

typedef enum sdq_severity {
  SDQ_SEVERITY_INFO = 0,
  SDQ_SEVERITY_WARNING = 1,
  SDQ_SEVERITY_ERROR = 2
} sdq_severity;

typedef enum sdq_level {
  SDQ_LEVEL_LOW = 0,
  SDQ_LEVEL_MEDIUM = 1,
  SDQ_LEVEL_HIGH = 2
} sdq_level;

/** "completeness", "validity", ... (static storage, NULL if invalid). */
SDQ_API const char *sdq_dimension_name(sdq_dimension dimension);
/** "info", "warning", "error" (static storage, NULL if invalid). */
SDQ_API const char *sdq_severity_name(sdq_severity severity);
/** "low", "medium", "high" (static storage, NULL if invalid). */
SDQ_API const char *sdq_level_name(sdq_level level);

/** The rule catalogue: number of rules and, by index, each rule's stable id
 * ("completeness.missing") and dimension. Indexes are stable within one
 * library version only; ids are stable across versions. Thread-safe. */
SDQ_API size_t sdq_rule_count(void);
SDQ_API const char *sdq_rule_id(size_t rule);
SDQ_API sdq_dimension sdq_rule_dimension(size_t rule);
/** One-line description of the rule (static storage). */
SDQ_API const char *sdq_rule_summary(size_t rule);
/** Index of a rule id, or SDQ_ENOTFOUND. */
SDQ_API sdq_status sdq_rule_find(const char *id, size_t *rule);

/** Item index of a finding about the consignment rather than an item. */
#define SDQ_NO_ITEM ((int32_t)-1)

/**
 * One finding. Strings are NUL-terminated and owned by the result: valid
 * until the result is reused or freed. Layout frozen.
 */
typedef struct sdq_finding {
  /** Index into the rule catalogue (see sdq_rule_id()). */
  size_t rule;
  sdq_dimension dimension;
  sdq_severity severity;
  /** The field concerned, or SDQ_FIELD_NONE. */
  sdq_field field;
  /** The item concerned, or SDQ_NO_ITEM. */
  int32_t item;
  /** The offending value as given (NULL when the value is absent). */
  const char *value;
  size_t value_len;
  /** A human-readable explanation. */
  const char *message;
  /** Weight in the risk score, 0..1. */
  double weight;
  /** The finding's share of the record's risk score, in points: the risk
   * 100 * (1 - prod(1 - w)) split in proportion to each finding's
   * -log(1 - w), so that the contributions add up to the risk exactly. */
  double contribution;
} sdq_finding;

/** The assessment of one record. Reusable; one thread at a time. */
typedef struct sdq_result sdq_result;

SDQ_API sdq_status sdq_result_new(const sdq_engine *engine, sdq_result **out);
SDQ_API void sdq_result_free(sdq_result *result);

/** Quality 0..100: checks passed over checks made, times 100. A record on
 * which no check was made scores 100. */
SDQ_API double sdq_result_quality(const sdq_result *result);
/** Quality of one dimension; also gives the counts when the pointers are
 * not NULL. A dimension with no check scores 100. */
SDQ_API double sdq_result_dimension_quality(const sdq_result *result,
                                            sdq_dimension dimension,
                                            uint32_t *checks_made,
                                            uint32_t *checks_passed);
/** Risk 0..100: 100 * (1 - prod(1 - weight)) over the findings. */
SDQ_API double sdq_result_risk(const sdq_result *result);
SDQ_API sdq_level sdq_result_level(const sdq_result *result);
SDQ_API size_t sdq_result_finding_count(const sdq_result *result);
/** The i-th finding, in the order the checks made them (completeness,
 * validity, consistency, the record-level risk rules, then uniqueness and
 * the dataset-level risk rules; within each, consignment fields in
 * dictionary order, then items in order). NULL if out of range. */
SDQ_API const sdq_finding *sdq_result_finding(const sdq_result *result,
                                              size_t i);
/** The i-th reason for the risk score: the findings ordered by their
 * contribution, largest first (ties in finding order). NULL if out of
 * range. */
SDQ_API const sdq_finding *sdq_result_reason(const sdq_result *result,
                                             size_t i);

/* ------------------------------------------------------------------------ */
/* Batches and metrics                                                       */
/* ------------------------------------------------------------------------ */

/** The state of an assessment run: the dataset-level checks (ids seen,
 * consignments per buyer) and the metrics of every record it saw. One
 * thread at a time. Records given to a batch are judged in the order given;
 * for parallel work, run the record-level checks on many threads with
 * sdq_engine_assess() and give the records to one batch in input order
 * with sdq_batch_complete() (the `sdq` command's --threads does this), or
 * give each thread a batch of its own and merge their metrics (then
 * duplicates across batches are not seen). */
typedef struct sdq_batch sdq_batch;

SDQ_API sdq_status sdq_batch_new(const sdq_engine *engine, sdq_batch **out);
SDQ_API void sdq_batch_free(sdq_batch *batch);

/**
 * Assess a record: run the profile's checks, fill `result` (replacing what
 * it held) and count the record in the batch's metrics. The record is not
 * changed. Returns SDQ_OK, SDQ_EINVAL or SDQ_ENOMEM (then the record is not
 * counted). The same as sdq_engine_assess() then sdq_batch_complete(), but
 * faster on one thread: the batch's lookups of the record's ids start
 * while the record-level checks run.
 */
SDQ_API sdq_status sdq_batch_assess(sdq_batch *batch, const sdq_record *record,
                                    sdq_result *result);
/**
 * The record-level part of sdq_batch_assess(): every check that looks at
 * the record alone, into `result` (replacing what it held). Thread-safe:
 * threads may share the engine, each with its own record and result. The
 * result is not final until sdq_batch_complete() has added the
 * dataset-level findings and the scores.
 */
SDQ_API sdq_status sdq_engine_assess(const sdq_engine *engine,
                                     const sdq_record *record,
                                     sdq_result *result);
/** The dataset-level part: given the record and the result of
 * sdq_engine_assess(), run the checks that compare it with the records
 * before it, score it, and count it. Records must come in input order for
 * results that do not depend on threads. */
SDQ_API sdq_status sdq_batch_complete(sdq_batch *batch,
                                      const sdq_record *record,
                                      sdq_result *result);
/** Count a record that a reader rejected (`err` may be NULL), so that
 * records read = assessed + rejected holds in the metrics. */
SDQ_API sdq_status sdq_batch_reject(sdq_batch *batch, const sdq_error *err);
/** A hint, for a thread that completes records in a loop: `result` (made
 * by sdq_engine_assess()) is to be given to sdq_batch_complete() soon, so
 * the batch starts fetching the places it will look up (the record's ids
 * and split-shipment pair), and the memory waits of several records
 * overlap. Call it a few records ahead. It changes nothing and may be
 * left out; NULL arguments are ignored. Not thread-safe against other
 * uses of the batch. */
SDQ_API void sdq_batch_prefetch(const sdq_batch *batch,
                                const sdq_result *result);

/**
 * Metrics: what a batch has counted, in integers that merge exactly, so
 * that threads, processes or cluster workers can each take a part of the
 * input and be combined (merging the metrics of the parts of a file gives
 * the metrics of the whole). Per data provider too: every assessed record
 * counts in the scorecard of its platform_id and of its carrier_id.
 * docs/metrics.md defines every count and the byte format.
 */
typedef struct sdq_metrics sdq_metrics;

/** The metrics of a batch (owned by the batch, valid while it lives and
 * changing as it assesses). Not thread-safe against the batch's use. */
SDQ_API const sdq_metrics *sdq_batch_metrics(const sdq_batch *batch);

/** Empty metrics, to merge others into. One thread at a time. */
SDQ_API sdq_status sdq_metrics_new(const sdq_engine *engine, sdq_metrics **out);
SDQ_API void sdq_metrics_free(sdq_metrics *metrics);
/** Adds `from` into `into`. Exact: every count is a sum. SDQ_ENOMEM leaves
 * `into`'s counts unchanged (it may have gained empty providers). */
SDQ_API sdq_status sdq_metrics_merge(sdq_metrics *into,
                                     const sdq_metrics *from);
/**
 * Writes the metrics in their versioned byte format (docs/metrics.md) to
 * `buf` of `cap` bytes; `*len` receives the size needed. SDQ_ERANGE when
 * `cap` is too small (call with NULL, 0 to learn the size).
 */
SDQ_API sdq_status sdq_metrics_save(const sdq_metrics *metrics, void *buf,
                                    size_t cap, size_t *len);
/** Reads metrics saved by sdq_metrics_save() (by this or another version of
 * the library: fields and rules are matched by name). SDQ_EPARSE with a
 * message in `err` for data that is not such metrics. */
SDQ_API sdq_status sdq_metrics_load(const sdq_engine *engine, const void *data,
                                    size_t len, sdq_metrics **out,
                                    sdq_error *err);

/** Record counts. Layout frozen. */
typedef struct sdq_record_counts {
  uint64_t read;     /**< assessed + rejected */
  uint64_t assessed; /**< assessed records */
  uint64_t rejected; /**< records a reader rejected */
  uint64_t items;    /**< items in assessed records */
} sdq_record_counts;

/**
 * Counts for one field over assessed records. For a consignment field each
 * record counts once; for an item field each item counts once (and a
 * record with no item counts once as missing).
 * - present: a value that is non-empty after trimming white space and is
 *   not a placeholder (it may still be invalid);
 * - missing: absent, or empty / white space only;
 * - placeholder: a value such as "N/A" or "unknown" (see docs/rules.md);
 * - invalid: present values that failed a validity rule.
 * present + missing + placeholder = occurrences. Layout frozen.
 */
typedef struct sdq_field_counts {
  uint64_t occurrences;
  uint64_t present;
  uint64_t missing;
  uint64_t placeholder;
  /** Whether the engine's profile requires the field, as
   * sdq_engine_requires() says (0, 1, or 2 + group). */
  uint64_t required;
  uint64_t invalid;
} sdq_field_counts;

/** Per-rule counts: records with at least one finding of the rule, and
 * findings in all. Layout frozen. */
typedef struct sdq_rule_counts {
  uint64_t records;
  uint64_t findings;
} sdq_rule_counts;

/** Bins of the score histograms: [0,5), [5,10), ... [95,100]. */
#define SDQ_HISTOGRAM_BINS 20

/** Scores over assessed records. Layout frozen. */
typedef struct sdq_score_summary {
  double mean_quality; /**< 100 when no record was assessed */
  double mean_risk;
  uint64_t levels[3]; /**< records per sdq_level */
  uint64_t checks_made[SDQ_DIMENSION_COUNT];
  uint64_t checks_passed[SDQ_DIMENSION_COUNT];
  uint64_t quality_histogram[SDQ_HISTOGRAM_BINS];
  uint64_t risk_histogram[SDQ_HISTOGRAM_BINS];
} sdq_score_summary;

SDQ_API sdq_status sdq_metrics_records(const sdq_metrics *metrics,
                                       sdq_record_counts *out);
SDQ_API sdq_status sdq_metrics_scores(const sdq_metrics *metrics,
                                      sdq_score_summary *out);
/** Ids (shipment_id, awb, postal_item_id) remembered for
 * uniqueness.duplicate_id, and ids not remembered because the profile's
 * max_ids was reached: duplicates of those cannot be found. Merged metrics
 * add these up. */
SDQ_API sdq_status sdq_metrics_ids(const sdq_metrics *metrics,
                                   uint64_t *tracked, uint64_t *untracked);
SDQ_API sdq_status sdq_metrics_field(const sdq_metrics *metrics,
                                     sdq_field field, sdq_field_counts *out);
SDQ_API sdq_status sdq_metrics_rule(const sdq_metrics *metrics, size_t rule,
                                    sdq_rule_counts *out);

/** Data providers seen: how many, and the i-th as metrics of its own (its
 * scorecard; valid as long as `metrics`), with its kind
 * (SDQ_FIELD_PLATFORM_ID or SDQ_FIELD_CARRIER_ID) and name (owned by the
 * metrics). Providers are listed in the order they were first seen; past
 * 10,000 of them the rest count as "(other)". NULL if i is out of range. */
SDQ_API size_t sdq_metrics_provider_count(const sdq_metrics *metrics);
SDQ_API const sdq_metrics *sdq_metrics_provider(const sdq_metrics *metrics,
                                                size_t i, sdq_field *kind,
                                                const char **name);

#ifdef __cplusplus
}
#endif
#endif /* SDQ_H */
