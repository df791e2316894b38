/* Configuration and engine. Internal to libsdq. */
#ifndef SDQ_ENGINE_H
#define SDQ_ENGINE_H

#include "alloc.h"
#include "fields.h"
#include "profile.h"
#include "record.h"
#include "sdq.h"
#include "watchlist.h"

#define LIMIT_COUNT 5

/* One explicit source mapping: a source name (trimmed, ASCII lower-cased)
 * and the field it maps to (SDQ_FIELD_NONE: ignore the column). */
typedef struct source_map {
  char *name;
  size_t len;
  sdq_field field;
} source_map;

/* The settings shared by sdq_config (mutable) and sdq_engine (frozen). */
typedef struct settings {
  profile profile; /* parsed from a built-in or the caller's document */
  uint64_t limits[LIMIT_COUNT];
  source_map *maps;
  size_t map_count, map_cap;
  char *constants[FIELD_INDEX_COUNT]; /* NUL-terminated copies or NULL */
  size_t constant_len[FIELD_INDEX_COUNT];
  bool has_constants;
  /* "now" for the checks of dates in the future (days since 1970-01-01);
   * without one those checks are not made */
  bool has_reference_day;
  int32_t reference_day;
  watch_list watch;
} settings;

struct sdq_config {
  sdq_allocator al;
  settings s;
};

struct sdq_engine {
  sdq_allocator al;
  settings s;        /* copied from the configuration, never changed */
  watch_index watch; /* built from s.watch */
  /* the postcode formats' patterns, compiled once */
  struct pattern_prog *postcodes;
  size_t postcode_count;
};

/* The field a source column or key denotes: an explicit mapping first,
 * then the built-in names and aliases. Sets *explicit_ignore when an
 * explicit mapping says to ignore the source. */
sdq_field engine_resolve(const sdq_engine *e, const char *name, size_t len,
                         bool *explicit_ignore);
/* Fills fields that `r` lacks with the configured constants. */
sdq_status engine_apply_constants(const sdq_engine *e, sdq_record *r);

/* Settings helpers shared by config and engine. */
void settings_free(const sdq_allocator *al, settings *s);
sdq_status settings_copy(const sdq_allocator *al, settings *dst,
                         const settings *src);
sdq_status settings_map(const sdq_allocator *al, settings *s,
                        const char *source, size_t len, sdq_field field);
sdq_status settings_constant(const sdq_allocator *al, settings *s,
                             sdq_field field, const char *value, size_t len);

#endif
