/* Dataset-level checks: uniqueness.duplicate_id remembers the ids seen in
 * a batch.
 *
 * Memory: each distinct id costs one slot of 16 bytes (a 64-bit hash of the
 * field and the normalised id, and the number of the record that had it
 * first); the table is kept at most half full, so 16 to 32 bytes per id.
 * Two different ids collide with probability about n^2 / 2^65 (for ten
 * million ids, under 3 in a million for the whole batch). Past the
 * profile's max_ids, new ids are no longer remembered and are counted as
 * untracked; lookups of remembered ids go on. */
#include "check.h"

#include <string.h>

struct id_slot {
  uint64_t key; /* 0: empty */
  uint64_t record;
};

static uint64_t mix(uint64_t h) {
  /* MurmurHash3's 64-bit finaliser. */
  h ^= h >> 33;
  h *= UINT64_C(0xff51afd7ed558ccd);
  h ^= h >> 33;
  h *= UINT64_C(0xc4ceb9fe1a85ec53);
  h ^= h >> 33;
  return h;
}

static bool is_sep(char c) {
  return c == ' ' || c == '\t' || c == '-' || c == '.' || c == '/';
}

/* Hash of the field and the id, ignoring case and separators so that
 * "176-12345675" and "17612345675" are one air waybill. */
static uint64_t id_key(sdq_field f, sdq_view v) {
  uint64_t h = UINT64_C(14695981039346656037) ^ (uint64_t)(f + 1);
  h *= UINT64_C(1099511628211);
  for (size_t i = 0; i < v.len; i++) {
    char ch = v.ptr[i];
    if (is_sep(ch))
      continue;
    if (ch >= 'a' && ch <= 'z')
      ch = (char)(ch - 32);
    h ^= (unsigned char)ch;
    h *= UINT64_C(1099511628211);
  }
  h = mix(h);
  return h ? h : 1;
}

void id_set_free(id_set *s, const sdq_allocator *al) {
  sdq_free(al, s->slots, s->cap * sizeof *s->slots);
  memset(s, 0, sizeof *s);
}

static bool grow(id_set *s, const sdq_allocator *al) {
  size_t cap = s->cap ? s->cap * 2 : 1024;
  id_slot *t = sdq_calloc(al, cap, sizeof *t);
  if (!t)
    return false;
  for (size_t i = 0; i < s->cap; i++) {
    if (!s->slots[i].key)
      continue;
    size_t j = (size_t)s->slots[i].key & (cap - 1);
    while (t[j].key)
      j = (j + 1) & (cap - 1);
    t[j] = s->slots[i];
  }
  sdq_free(al, s->slots, s->cap * sizeof *s->slots);
  s->slots = t;
  s->cap = cap;
  return true;
}

/* Looks the key up: a duplicate gives the first record's number in
 * *first. An id not seen before is added to `pending`, for id_set_commit()
 * once the whole assessment has succeeded, so that a failure leaves the set
 * as it was; the table is grown here, where failing changes nothing. */
static sdq_status seen(id_set *s, const sdq_allocator *al, uint64_t key,
                       uint64_t max, id_pending *pending, uint64_t *first) {
  *first = 0;
  if (s->cap) {
    for (size_t i = (size_t)key & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
      if (!s->slots[i].key)
        break;
      if (s->slots[i].key == key) {
        *first = s->slots[i].record;
        return SDQ_OK;
      }
    }
  }
  if (s->count + pending->count >= max) {
    pending->untracked++;
    return SDQ_OK;
  }
  if ((s->count + pending->count + 1) * 2 > s->cap && !grow(s, al))
    return SDQ_ENOMEM;
  pending->keys[pending->count++] = key;
  return SDQ_OK;
}

void id_set_commit(id_set *s, const id_pending *pending, uint64_t record) {
  for (size_t k = 0; k < pending->count; k++) {
    size_t i = (size_t)pending->keys[k] & (s->cap - 1);
    while (s->slots[i].key)
      i = (i + 1) & (s->cap - 1);
    s->slots[i].key = pending->keys[k];
    s->slots[i].record = record;
    s->count++;
  }
  s->untracked += pending->untracked;
}

sdq_status check_uniqueness(check_ctx *c, id_set *ids, id_pending *pending) {
  const rule_params *rp = &c->profile->rules[RULE_UNIQUENESS_DUPLICATE_ID];
  pending->count = 0;
  pending->untracked = 0;
  if (!rp->enabled)
    return SDQ_OK;
  static const sdq_field IDS[] = {SDQ_FIELD_SHIPMENT_ID, SDQ_FIELD_AWB,
                                  SDQ_FIELD_POSTAL_ITEM_ID};
  const uint64_t max = (uint64_t)c->profile->params.max_ids;
  for (size_t k = 0; k < 3; k++) {
    sdq_field f = IDS[k];
    if (c->res->facts.state[f] != FIELD_PRESENT)
      continue;
    sdq_view v = c->rec->v[f];
    uint64_t first;
    sdq_status st =
        seen(ids, &c->engine->al, id_key(f, v), max, pending, &first);
    if (st != SDQ_OK)
      return st;
    result_check(c->res, SDQ_DIM_UNIQUENESS, first == 0);
    if (!first)
      continue;
    st = result_add(c->res, RULE_UNIQUENESS_DUPLICATE_ID, rp->severity,
                    rp->weight, f, SDQ_NO_ITEM, &v,
                    "%s \"%.*s\" was already given in record %llu of this "
                    "batch",
                    sdq_field_name(f), (int)(v.len > 40 ? 40 : v.len), v.ptr,
                    (unsigned long long)first);
    if (st != SDQ_OK)
      return st;
  }
  return SDQ_OK;
}
