#include "record.h"

#include "bits.h"
#include "engine.h"

#include <string.h>

sdq_status sdq_record_new(const sdq_engine *engine, sdq_record **out) {
  if (!out)
    return SDQ_EINVAL;
  *out = NULL;
  if (!engine)
    return SDQ_EINVAL;
  sdq_record *r = sdq_calloc(&engine->al, 1, sizeof *r);
  if (!r)
    return SDQ_ENOMEM;
  r->engine = engine;
  sdq_arena_init(&r->arena, &engine->al);
  *out = r;
  return SDQ_OK;
}

void sdq_record_free(sdq_record *r) {
  if (!r)
    return;
  const sdq_allocator *al = &r->engine->al;
  sdq_arena_free(&r->arena);
  sdq_free(al, r->items, r->item_cap * sizeof *r->items);
  sdq_free(al, r, sizeof *r);
}

void sdq_record_clear(sdq_record *r) {
  if (!r)
    return;
  r->set = 0;
  r->item_count = 0;
  r->number = r->line = r->offset = 0;
  sdq_arena_reset(&r->arena);
}

sdq_status record_add_item(sdq_record *r) {
  if (r->item_count >= r->engine->s.limits[SDQ_LIMIT_ITEMS])
    return SDQ_ELIMIT;
  if (!sdq_grow(&r->engine->al, (void **)&r->items, &r->item_cap,
                r->item_count + 1, sizeof *r->items))
    return SDQ_ENOMEM;
  r->items[r->item_count].set = 0;
  r->item_count++;
  return SDQ_OK;
}

char *record_copy(sdq_record *r, const char *p, size_t len) {
  char *c = sdq_arena_alloc(&r->arena, len ? len : 1);
  if (c && len)
    memcpy(c, p, len);
  return c;
}

sdq_status sdq_record_add_item(sdq_record *r, size_t *index) {
  if (!r)
    return SDQ_EINVAL;
  sdq_status st = record_add_item(r);
  if (st == SDQ_OK && index)
    *index = r->item_count - 1;
  return st;
}

static sdq_status set_value(sdq_record *r, size_t item, sdq_field f,
                            const char *value, size_t len, bool copy) {
  if (!r || !field_valid(f) || (!value && len))
    return SDQ_EINVAL;
  if (len > r->engine->s.limits[SDQ_LIMIT_FIELD_BYTES])
    return SDQ_ELIMIT;
  if (field_is_item(f) && item >= r->item_count)
    return SDQ_EINVAL;
  const char *p = value ? value : "";
  if (copy) {
    char *c = record_copy(r, p, len);
    if (!c)
      return SDQ_ENOMEM;
    p = c;
  }
  record_put(r, item, f, p, len);
  return SDQ_OK;
}

static sdq_status set_consignment(sdq_record *r, sdq_field f, const char *value,
                                  size_t len, bool copy) {
  if (r && field_is_item(f) && r->item_count == 0) {
    if (!value && len)
      return SDQ_EINVAL;
    if (len > r->engine->s.limits[SDQ_LIMIT_FIELD_BYTES])
      return SDQ_ELIMIT;
    sdq_status st = record_add_item(r);
    if (st != SDQ_OK)
      return st;
  }
  return set_value(r, 0, f, value, len, copy);
}

sdq_status sdq_record_set(sdq_record *r, sdq_field f, const char *value,
                          size_t len) {
  return set_consignment(r, f, value, len, true);
}

sdq_status sdq_record_set_view(sdq_record *r, sdq_field f, const char *value,
                               size_t len) {
  return set_consignment(r, f, value, len, false);
}

sdq_status sdq_record_set_item(sdq_record *r, size_t item, sdq_field f,
                               const char *value, size_t len) {
  if (!field_is_item(f))
    return SDQ_EINVAL;
  return set_value(r, item, f, value, len, true);
}

sdq_status sdq_record_set_item_view(sdq_record *r, size_t item, sdq_field f,
                                    const char *value, size_t len) {
  if (!field_is_item(f))
    return SDQ_EINVAL;
  return set_value(r, item, f, value, len, false);
}

sdq_status sdq_record_unset(sdq_record *r, sdq_field f) {
  if (!r || !field_valid(f) || field_is_item(f))
    return SDQ_EINVAL;
  r->set &= ~((uint64_t)1 << f);
  return SDQ_OK;
}

int sdq_record_get_item(const sdq_record *r, size_t item, sdq_field f,
                        const char **value, size_t *len) {
  const char *p = NULL;
  size_t n = 0;
  int found = 0;
  if (r && field_valid(f)) {
    if (field_is_item(f)) {
      if (item < r->item_count && item_has(&r->items[item], f)) {
        sdq_view v = item_get(&r->items[item], f);
        p = v.ptr;
        n = v.len;
        found = 1;
      }
    } else if (record_has(r, f)) {
      p = r->v[f].ptr;
      n = r->v[f].len;
      found = 1;
    }
  }
  if (value)
    *value = p;
  if (len)
    *len = n;
  return found;
}

int sdq_record_get(const sdq_record *r, sdq_field f, const char **value,
                   size_t *len) {
  return sdq_record_get_item(r, 0, f, value, len);
}

size_t sdq_record_item_count(const sdq_record *r) {
  return r ? r->item_count : 0;
}

uint64_t sdq_record_number(const sdq_record *r) { return r ? r->number : 0; }
uint64_t sdq_record_line(const sdq_record *r) { return r ? r->line : 0; }

/* The bytes of the views of `from` that `set` marks. */
static size_t views_bytes(const sdq_view *from, uint64_t set) {
  size_t total = 0;
  for (; set; set &= set - 1)
    total += from[bit_lowest(set)].len;
  return total;
}

/* Copies the views of `from` that `set` marks into to[], their bytes to
 * *at onwards; moves *at past them. */
static void copy_views(sdq_view *to, const sdq_view *from, uint64_t set,
                       char **at) {
  char *c = *at;
  for (; set; set &= set - 1) {
    unsigned k = bit_lowest(set);
    size_t len = from[k].len;
    if (len)
      memcpy(c, from[k].ptr, len);
    to[k].ptr = c;
    to[k].len = len;
    c += len;
  }
  *at = c;
}

sdq_status record_copy_from(sdq_record *dst, const sdq_record *src) {
  sdq_record_clear(dst);
  /* One arena allocation for every value's bytes, then a copy per value,
   * visiting only the values present. */
  size_t total = views_bytes(src->v, src->set);
  for (size_t i = 0; i < src->item_count; i++)
    total += views_bytes(src->items[i].v, src->items[i].set);
  /* A byte more, so that an empty value too points into the copy. */
  char *c = sdq_arena_alloc(&dst->arena, total + 1);
  if (!c)
    return SDQ_ENOMEM;
  copy_views(dst->v, src->v, src->set, &c);
  dst->set = src->set;
  for (size_t i = 0; i < src->item_count; i++) {
    sdq_status st = record_add_item(dst);
    if (st != SDQ_OK)
      return st;
    copy_views(dst->items[i].v, src->items[i].v, src->items[i].set, &c);
    dst->items[i].set = src->items[i].set;
  }
  dst->number = src->number;
  dst->line = src->line;
  dst->offset = src->offset;
  return SDQ_OK;
}

sdq_status sdq_record_copy(sdq_record *dst, const sdq_record *src) {
  if (!dst || !src)
    return SDQ_EINVAL;
  if (dst == src)
    return SDQ_OK;
  sdq_status st = record_copy_from(dst, src);
  if (st != SDQ_OK)
    sdq_record_clear(dst);
  return st;
}

/* Copies v into the record's arena if it lies in [lo, lo + len). The
 * comparison is on addresses as integers: v may point anywhere. */
static bool own_view(sdq_record *r, sdq_view *v, uintptr_t lo, size_t len) {
  if ((uintptr_t)v->ptr - lo >= len)
    return true;
  char *c = record_copy(r, v->ptr, v->len);
  if (!c)
    return false;
  v->ptr = c;
  return true;
}

sdq_status record_own_range(sdq_record *r, const char *p, size_t len) {
  if (!p || !len)
    return SDQ_OK;
  const uintptr_t lo = (uintptr_t)p;
  sdq_status st = SDQ_OK;
  for (int f = 0; f < SDQ_CONSIGNMENT_FIELD_COUNT; f++) {
    if (record_has(r, (sdq_field)f) && !own_view(r, &r->v[f], lo, len)) {
      r->set &= ~((uint64_t)1 << f);
      st = SDQ_ENOMEM;
    }
  }
  for (size_t i = 0; i < r->item_count; i++) {
    record_item *it = &r->items[i];
    for (int k = 0; k < SDQ_ITEM_FIELD_COUNT; k++) {
      if (((it->set >> k) & 1u) && !own_view(r, &it->v[k], lo, len)) {
        it->set &= ~(1u << k);
        st = SDQ_ENOMEM;
      }
    }
  }
  return st;
}

void record_swap(sdq_record *a, sdq_record *b) {
  /* The views of absent fields are never read, so when a record has no
   * consignment field (the reader hands its group to a cleared record)
   * the other's views are only copied to it: no whole-record copies. */
  if (!a->set)
    memcpy(a->v, b->v, sizeof a->v);
  else if (!b->set)
    memcpy(b->v, a->v, sizeof b->v);
  else {
    sdq_view v[SDQ_CONSIGNMENT_FIELD_COUNT];
    memcpy(v, a->v, sizeof v);
    memcpy(a->v, b->v, sizeof v);
    memcpy(b->v, v, sizeof v);
  }
  uint64_t set = a->set;
  a->set = b->set;
  b->set = set;
  record_item *items = a->items;
  a->items = b->items;
  b->items = items;
  size_t count = a->item_count, cap = a->item_cap;
  a->item_count = b->item_count;
  a->item_cap = b->item_cap;
  b->item_count = count;
  b->item_cap = cap;
  /* Each keeps its own engine; the arenas move with their blocks. */
  sdq_arena arena = a->arena;
  a->arena = b->arena;
  b->arena = arena;
  uint64_t number = a->number, line = a->line, offset = a->offset;
  a->number = b->number;
  a->line = b->line;
  a->offset = b->offset;
  b->number = number;
  b->line = line;
  b->offset = offset;
}
