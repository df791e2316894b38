/* The record: one consignment with its items, values as string views.
 * Internal to libsdq. */
#ifndef SDQ_RECORD_H
#define SDQ_RECORD_H

#include "alloc.h"
#include "fields.h"
#include "sdq.h"

typedef struct sdq_view {
  const char *ptr;
  size_t len;
} sdq_view;

typedef struct record_item {
  uint32_t set; /* bit i: item field SDQ_ITEM_FIELD_BASE + i is present */
  sdq_view v[SDQ_ITEM_FIELD_COUNT];
} record_item;

struct sdq_record {
  const sdq_engine *engine;
  uint64_t set; /* bit f: consignment field f is present */
  sdq_view v[SDQ_CONSIGNMENT_FIELD_COUNT];
  record_item *items;
  size_t item_count, item_cap;
  sdq_arena arena; /* copies of values; reset by sdq_record_clear() */
  uint64_t number, line, offset;
};

/* Trims blanks (space, tab) from both ends of p[0..*len). */
static inline void trim_blanks(const char **p, size_t *len) {
  while (*len && ((*p)[0] == ' ' || (*p)[0] == '\t')) {
    (*p)++;
    (*len)--;
  }
  while (*len && ((*p)[*len - 1] == ' ' || (*p)[*len - 1] == '\t'))
    (*len)--;
}

/* Field access for checks and readers, without argument checking. */
static inline bool record_has(const sdq_record *r, sdq_field f) {
  return (r->set >> f) & 1u;
}
static inline bool item_has(const record_item *it, sdq_field f) {
  return (it->set >> (f - SDQ_ITEM_FIELD_BASE)) & 1u;
}
static inline sdq_view item_get(const record_item *it, sdq_field f) {
  return it->v[f - SDQ_ITEM_FIELD_BASE];
}

/* Sets a value view on the consignment (f < 64) or on item `item`. The view
 * is stored as given. `item` must exist for an item field. Inline: the
 * readers call it for every value. */
static inline void record_put(sdq_record *r, size_t item, sdq_field f,
                              const char *p, size_t len) {
  if (field_is_item(f)) {
    record_item *it = &r->items[item];
    int k = f - SDQ_ITEM_FIELD_BASE;
    it->v[k].ptr = p;
    it->v[k].len = len;
    it->set |= 1u << k;
  } else {
    r->v[f].ptr = p;
    r->v[f].len = len;
    r->set |= (uint64_t)1 << f;
  }
}
/* Appends an empty item; SDQ_ELIMIT past the engine's item limit. */
sdq_status record_add_item(sdq_record *r);
/* Copies bytes into the record's arena (NULL when out of memory). */
char *record_copy(sdq_record *r, const char *p, size_t len);
/* Exchanges the contents (values, items, arenas) of two records of the
 * same engine. */
void record_swap(sdq_record *a, sdq_record *b);
/* Deep-copies src's values into dst's arena, replacing dst's content. */
sdq_status record_copy_from(sdq_record *dst, const sdq_record *src);
/* Copies into the record's arena every value that lies in the bytes
 * [p, p + len), so that the record no longer depends on them. Out of
 * memory, the values that could not be copied are removed and SDQ_ENOMEM
 * is returned. */
sdq_status record_own_range(sdq_record *r, const char *p, size_t len);

#endif
