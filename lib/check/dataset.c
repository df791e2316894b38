/* Dataset-level checks: uniqueness.duplicate_id remembers the ids seen in
 * a batch.
 *
 * Memory: each distinct id costs 16 bytes (a 64-bit hash of the field and
 * the normalised id, and the number of the record that had it first), in
 * an array grown by doubling (up to max_ids), and 8 to 16 bytes of a hash
 * table of 4-byte places kept at most half full: 24 MB for 1,000,000 ids
 * (at most 28 MB while the table last grows). Two different ids collide with
 * probability about n^2 / 2^65 (for ten million ids, under 3 in a million for
 * the whole batch). Past the profile's max_ids, new ids are no longer
 * remembered and are counted as untracked; lookups of remembered ids go
 * on. */
#include "check.h"

#include "names.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static uint64_t mix(uint64_t h) {
  /* MurmurHash3's 64-bit finaliser. */
  h ^= h >> 33;
  h *= UINT64_C(0xff51afd7ed558ccd);
  h ^= h >> 33;
  h *= UINT64_C(0xc4ceb9fe1a85ec53);
  h ^= h >> 33;
  return h;
}

/* The bytes of an id as hashed: ID_KEPT and the byte, letters in upper
 * case, or 0 for a separator (white space, '-', '.', '/'), which is
 * skipped. A table, so that the loop over an id is a load and a test a
 * byte. */
#define ID_KEPT 0x100u
/* clang-format off */
static const uint16_t ID_BYTE[256] = {
    0x100, 0x101, 0x102, 0x103, 0x104, 0x105, 0x106, 0x107, 0x108, 0x000,
    0x10A, 0x10B, 0x10C, 0x10D, 0x10E, 0x10F, 0x110, 0x111, 0x112, 0x113,
    0x114, 0x115, 0x116, 0x117, 0x118, 0x119, 0x11A, 0x11B, 0x11C, 0x11D,
    0x11E, 0x11F, 0x000, 0x121, 0x122, 0x123, 0x124, 0x125, 0x126, 0x127,
    0x128, 0x129, 0x12A, 0x12B, 0x12C, 0x000, 0x000, 0x000, 0x130, 0x131,
    0x132, 0x133, 0x134, 0x135, 0x136, 0x137, 0x138, 0x139, 0x13A, 0x13B,
    0x13C, 0x13D, 0x13E, 0x13F, 0x140, 0x141, 0x142, 0x143, 0x144, 0x145,
    0x146, 0x147, 0x148, 0x149, 0x14A, 0x14B, 0x14C, 0x14D, 0x14E, 0x14F,
    0x150, 0x151, 0x152, 0x153, 0x154, 0x155, 0x156, 0x157, 0x158, 0x159,
    0x15A, 0x15B, 0x15C, 0x15D, 0x15E, 0x15F, 0x160, 0x141, 0x142, 0x143,
    0x144, 0x145, 0x146, 0x147, 0x148, 0x149, 0x14A, 0x14B, 0x14C, 0x14D,
    0x14E, 0x14F, 0x150, 0x151, 0x152, 0x153, 0x154, 0x155, 0x156, 0x157,
    0x158, 0x159, 0x15A, 0x17B, 0x17C, 0x17D, 0x17E, 0x17F, 0x180, 0x181,
    0x182, 0x183, 0x184, 0x185, 0x186, 0x187, 0x188, 0x189, 0x18A, 0x18B,
    0x18C, 0x18D, 0x18E, 0x18F, 0x190, 0x191, 0x192, 0x193, 0x194, 0x195,
    0x196, 0x197, 0x198, 0x199, 0x19A, 0x19B, 0x19C, 0x19D, 0x19E, 0x19F,
    0x1A0, 0x1A1, 0x1A2, 0x1A3, 0x1A4, 0x1A5, 0x1A6, 0x1A7, 0x1A8, 0x1A9,
    0x1AA, 0x1AB, 0x1AC, 0x1AD, 0x1AE, 0x1AF, 0x1B0, 0x1B1, 0x1B2, 0x1B3,
    0x1B4, 0x1B5, 0x1B6, 0x1B7, 0x1B8, 0x1B9, 0x1BA, 0x1BB, 0x1BC, 0x1BD,
    0x1BE, 0x1BF, 0x1C0, 0x1C1, 0x1C2, 0x1C3, 0x1C4, 0x1C5, 0x1C6, 0x1C7,
    0x1C8, 0x1C9, 0x1CA, 0x1CB, 0x1CC, 0x1CD, 0x1CE, 0x1CF, 0x1D0, 0x1D1,
    0x1D2, 0x1D3, 0x1D4, 0x1D5, 0x1D6, 0x1D7, 0x1D8, 0x1D9, 0x1DA, 0x1DB,
    0x1DC, 0x1DD, 0x1DE, 0x1DF, 0x1E0, 0x1E1, 0x1E2, 0x1E3, 0x1E4, 0x1E5,
    0x1E6, 0x1E7, 0x1E8, 0x1E9, 0x1EA, 0x1EB, 0x1EC, 0x1ED, 0x1EE, 0x1EF,
    0x1F0, 0x1F1, 0x1F2, 0x1F3, 0x1F4, 0x1F5, 0x1F6, 0x1F7, 0x1F8, 0x1F9,
    0x1FA, 0x1FB, 0x1FC, 0x1FD, 0x1FE, 0x1FF,
};
/* clang-format on */

/* Hash of the field and the id, ignoring case and separators so that
 * "176-12345675" and "17612345675" are one air waybill: FNV-1a over the
 * bytes kept, two at a time when both are kept. */
static uint64_t id_key(sdq_field f, sdq_view v) {
  const uint64_t prime = UINT64_C(1099511628211);
  uint64_t h = UINT64_C(14695981039346656037) ^ (uint64_t)(f + 1);
  h *= prime;
  const unsigned char *p = (const unsigned char *)v.ptr;
  size_t i = 0;
  for (; i + 2 <= v.len; i += 2) {
    unsigned a = ID_BYTE[p[i]], b = ID_BYTE[p[i + 1]];
    if (a & b & ID_KEPT) {
      h = (((h ^ (uint8_t)a) * prime) ^ (uint8_t)b) * prime;
      continue;
    }
    if (a & ID_KEPT)
      h = (h ^ (uint8_t)a) * prime;
    if (b & ID_KEPT)
      h = (h ^ (uint8_t)b) * prime;
  }
  if (i < v.len && (ID_BYTE[p[i]] & ID_KEPT))
    h = (h ^ (uint8_t)ID_BYTE[p[i]]) * prime;
  h = mix(h);
  return h ? h : 1;
}

void id_set_free(id_set *s, const sdq_allocator *al) {
  sdq_free(al, s->slots, s->cap * sizeof *s->slots);
  sdq_free(al, s->ids, s->room * sizeof *s->ids);
  memset(s, 0, sizeof *s);
}

/* A table word: the place + 1 (less than cap = 1 << shift, the table
 * being at most half full) under the key's top bits. */
static inline uint32_t id_word(uint64_t key, size_t place, unsigned shift) {
  return (uint32_t)(place + 1) | (uint32_t)(key >> (32 + shift)) << shift;
}

/* Room for `need` ids: in the arrays (doubled, but not past max_ids), and
 * in the table, kept at most half full. The table is rebuilt from the keys
 * in order, so only its 4-byte places are cleared and moved. */
static bool id_reserve(id_set *s, const sdq_allocator *al, size_t need,
                       uint64_t max) {
  if (!sdq_grow_capped(al, (void **)&s->ids, &s->room, need, max, 512,
                       sizeof *s->ids))
    return false;
  if (need * 2 <= s->cap)
    return true;
  size_t cap = s->cap ? s->cap * 2 : 1024;
  unsigned shift = s->cap ? s->shift + 1 : 10;
  while (need * 2 > cap) {
    cap *= 2;
    shift++;
  }
  /* The place + 1 must fit under the key bits in 32 bits: max_ids is at
   * most 10^9, so the table has at most 2^31 slots. */
  if (shift > 31)
    return false;
  uint32_t *t = sdq_calloc(al, cap, sizeof *t);
  if (!t)
    return false;
  for (size_t k = 0; k < s->count; k++) {
    size_t j = (size_t)s->ids[k].key & (cap - 1);
    while (t[j])
      j = (j + 1) & (cap - 1);
    t[j] = id_word(s->ids[k].key, k, shift);
  }
  sdq_free(al, s->slots, s->cap * sizeof *s->slots);
  s->slots = t;
  s->cap = cap;
  s->shift = shift;
  return true;
}

/* Looks the key up: a duplicate gives the first record's number in
 * *first. An id not seen before is added to `pending`, for id_set_commit()
 * once the whole assessment has succeeded, so that a failure leaves the set
 * as it was; room is made here, where failing changes nothing. */
static sdq_status seen(id_set *s, const sdq_allocator *al, uint64_t key,
                       uint64_t max, id_pending *pending, uint64_t *first) {
  *first = 0;
  if (s->cap) {
    const unsigned shift = s->shift;
    const uint32_t bits = (uint32_t)(key >> (32 + shift));
    const uint32_t place = ((uint32_t)1 << shift) - 1;
    for (size_t i = (size_t)key & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
      uint32_t w = s->slots[i];
      if (!w)
        break;
      if (w >> shift == bits && s->ids[(w & place) - 1].key == key) {
        *first = s->ids[(w & place) - 1].record;
        return SDQ_OK;
      }
    }
  }
  if (s->count + pending->count >= max) {
    pending->untracked++;
    return SDQ_OK;
  }
  if (!id_reserve(s, al, s->count + pending->count + 1, max))
    return SDQ_ENOMEM;
  pending->keys[pending->count++] = key;
  return SDQ_OK;
}

void id_set_commit(id_set *s, const id_pending *pending, uint64_t record) {
  for (size_t k = 0; k < pending->count; k++) {
    uint64_t key = pending->keys[k];
    size_t i = (size_t)key & (s->cap - 1);
    while (s->slots[i])
      i = (i + 1) & (s->cap - 1);
    s->ids[s->count].key = key;
    s->ids[s->count].record = record;
    s->slots[i] = id_word(key, s->count, s->shift);
    s->count++;
  }
  s->untracked += pending->untracked;
}

/* The fields whose values must be unique; res->keys.id follows this order. */
static const sdq_field IDS[3] = {SDQ_FIELD_SHIPMENT_ID, SDQ_FIELD_AWB,
                                 SDQ_FIELD_POSTAL_ITEM_ID};

void id_set_prefetch(const id_set *s, const sdq_result *res) {
#if defined(__GNUC__) || defined(__clang__)
  for (size_t k = 0; k < 3; k++)
    if (res->keys.id[k] && s->cap)
      __builtin_prefetch(&s->slots[(size_t)res->keys.id[k] & (s->cap - 1)]);
#else
  (void)s;
  (void)res;
#endif
}

sdq_status check_uniqueness(check_ctx *c, id_set *ids, id_pending *pending) {
  const rule_params *rp = &c->profile->rules[RULE_UNIQUENESS_DUPLICATE_ID];
  pending->count = 0;
  pending->untracked = 0;
  if (!rp->enabled)
    return SDQ_OK;
  const uint64_t max = (uint64_t)c->profile->params.max_ids;
  /* Once the table has outgrown the caches, each lookup waits for memory,
   * and the record's two or three lookups can wait together. */
  id_set_prefetch(ids, c->res);
  const uint64_t *keys = c->res->keys.id;
  for (size_t k = 0; k < 3; k++) {
    sdq_field f = IDS[k];
    if (!keys[k])
      continue;
    sdq_view v = c->rec->v[f];
    uint64_t first;
    sdq_status st = seen(ids, &c->engine->al, keys[k], max, pending, &first);
    if (st != SDQ_OK)
      return st;
    result_check(c->res, SDQ_DIM_UNIQUENESS, first == 0);
    if (!first)
      continue;
    st = result_add(c->res, RULE_UNIQUENESS_DUPLICATE_ID, rp->severity,
                    rp->weight, f, SDQ_NO_ITEM, &v,
                    "%s \"%.*s\" was already given in record %llu of this "
                    "batch",
                    sdq_field_name(f), CLIP(v.ptr, v.len, 40),
                    (unsigned long long)first);
    if (st != SDQ_OK)
      return st;
  }
  return SDQ_OK;
}

/* ---- risk.split_shipment ---- */

static uint64_t party_key(const check_ctx *c, sdq_field id, sdq_field name,
                          sdq_field address) {
  const record_facts *fx = &c->res->facts;
  const sdq_record *r = c->rec;
  if (fx->state[id] == FIELD_PRESENT)
    return id_key(id, r->v[id]);
  /* Names and addresses normalised as for watch-lists: case, accents,
   * punctuation, word order and legal forms do not matter. */
  name_key k;
  if (fx->state[name] != FIELD_PRESENT ||
      !name_normalise(r->v[name].ptr, r->v[name].len, &k))
    return 0;
  uint64_t h = mix(k.whole ^ (uint64_t)name);
  if (address != SDQ_FIELD_NONE && fx->state[address] == FIELD_PRESENT &&
      name_normalise(r->v[address].ptr, r->v[address].len, &k))
    h = mix(h ^ k.whole);
  return h ? h : 1;
}

struct split_slot {
  uint64_t key; /* 0: empty */
  size_t pair;  /* its place in split_state.pairs */
};

void split_state_free(split_state *s, const sdq_allocator *al) {
  sdq_free(al, s->slots, s->cap * sizeof *s->slots);
  sdq_free(al, s->pairs, s->pairs_cap * sizeof *s->pairs);
  memset(s, 0, sizeof *s);
}

void split_prefetch(const split_state *s, const sdq_result *res) {
#if defined(__GNUC__) || defined(__clang__)
  if (res->keys.split && s->cap)
    __builtin_prefetch(&s->slots[(size_t)res->keys.split & (s->cap - 1)]);
#else
  (void)s;
  (void)res;
#endif
}

static split_pair *split_find(split_state *s, uint64_t key) {
  if (!s->cap)
    return NULL;
  for (size_t i = (size_t)key & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
    if (!s->slots[i].key)
      return NULL;
    if (s->slots[i].key == key)
      return &s->pairs[s->slots[i].pair];
  }
}

static void split_place(split_slot *slots, size_t cap, uint64_t key,
                        size_t pair) {
  size_t j = (size_t)key & (cap - 1);
  while (slots[j].key)
    j = (j + 1) & (cap - 1);
  slots[j].key = key;
  slots[j].pair = pair;
}

/* Drops the pairs whose newest consignment is older than the window
 * before the latest day seen. */
static void split_sweep(split_state *s, int32_t window) {
  size_t kept = 0;
  for (size_t i = 0; i < s->count; i++) {
    const split_pair *p = &s->pairs[i];
    int32_t newest = INT32_MIN;
    for (uint32_t k = 0; k < p->count; k++)
      if (p->entries[k].day > newest)
        newest = p->entries[k].day;
    if (newest < s->latest - window)
      continue;
    if (kept != i)
      s->pairs[kept] = *p;
    kept++;
  }
  if (s->cap)
    memset(s->slots, 0, s->cap * sizeof *s->slots);
  for (size_t i = 0; i < kept; i++)
    split_place(s->slots, s->cap, s->pairs[i].key, i);
  s->count = kept;
  s->since_sweep = 0;
}

/* Room for one more pair (there are fewer than max_pairs): in the table,
 * up to 3/4 full, and in `pairs`, which grows to max_pairs at most. */
static bool split_reserve(split_state *s, const sdq_allocator *al,
                          uint64_t max_pairs) {
  if ((s->count + 1) * 4 > s->cap * 3) {
    size_t cap = s->cap ? s->cap * 2 : 256;
    split_slot *t = sdq_calloc(al, cap, sizeof *t);
    if (!t)
      return false;
    for (size_t i = 0; i < s->count; i++)
      split_place(t, cap, s->pairs[i].key, i);
    sdq_free(al, s->slots, s->cap * sizeof *s->slots);
    s->slots = t;
    s->cap = cap;
  }
  return sdq_grow_capped(al, (void **)&s->pairs, &s->pairs_cap, s->count + 1,
                         max_pairs, 16, sizeof *s->pairs);
}

sdq_status check_split(check_ctx *c, split_state *s, split_pending *pending) {
  pending->key = 0;
  const rule_params *rp = &c->profile->rules[RULE_RISK_SPLIT_SHIPMENT];
  if (!rp->enabled)
    return SDQ_OK;
  const uint64_t key = c->res->keys.split;
  if (!key)
    return SDQ_OK;
  const threshold *t = c->res->keys.threshold;
  const double value = c->res->keys.value;
  const int32_t day = c->res->keys.split_day;
  int32_t window = (int32_t)c->profile->params.split_window_days;
  /* The others within the window. */
  split_pair *pair = split_find(s, key);
  double sum = value;
  size_t others = 0;
  char ids[200];
  size_t n = 0;
  ids[0] = '\0';
  for (size_t i = 0; pair && i < pair->count; i++) {
    const split_entry *e = &pair->entries[i];
    int32_t gap = e->day > day ? e->day - day : day - e->day;
    if (gap > window)
      continue;
    sum += e->value;
    others++;
    /* Whole ids only, so the message stays valid UTF-8. */
    const char *id = e->id[0] ? e->id : "(no id)";
    size_t len = strlen(id), sep = n ? 2 : 0;
    if (n + sep + len + 4 < sizeof ids) {
      memcpy(ids + n, ", ", sep);
      memcpy(ids + n + sep, id, len + 1);
      n += sep + len;
    } else if (n + 5 < sizeof ids && !strstr(ids, "...")) {
      memcpy(ids + n, ", ...", 6);
      n += 5;
    }
  }
  /* Remember this one, once the assessment succeeds. When the table is
   * full, pairs with nothing in the window of the latest day are dropped
   * first: in a stream in time order, memory is bounded by the window. */
  uint64_t max_pairs = (uint64_t)c->profile->params.split_max_pairs;
  if (!pair && s->count >= max_pairs && s->since_sweep * 4 >= max_pairs) {
    split_sweep(s, window);
    pair = split_find(s, key);
  }
  if (!pair && s->count >= max_pairs) {
    s->untracked++;
  } else {
    if (!pair && !split_reserve(s, &c->engine->al, max_pairs))
      return SDQ_ENOMEM;
    pending->key = key;
    pending->entry.day = day;
    pending->entry.value = (float)value;
    pending->entry.id[0] = '\0';
    if (c->res->facts.state[SDQ_FIELD_SHIPMENT_ID] == FIELD_PRESENT) {
      sdq_view v = c->rec->v[SDQ_FIELD_SHIPMENT_ID];
      size_t len = v.len;
      if (len > sizeof pending->entry.id - 1) {
        len = sizeof pending->entry.id - 1; /* at a character boundary */
        while (len && ((unsigned char)v.ptr[len] & 0xC0) == 0x80)
          len--;
      }
      memcpy(pending->entry.id, v.ptr, len);
      pending->entry.id[len] = '\0';
    }
  }
  if (!others || sum < t->amount)
    return SDQ_OK;
  sdq_view v = c->rec->v[SDQ_FIELD_TOTAL_VALUE];
  return result_add(
      c->res, RULE_RISK_SPLIT_SHIPMENT, rp->severity, rp->weight,
      SDQ_FIELD_TOTAL_VALUE, SDQ_NO_ITEM, &v,
      "with %zu other consignment%s from the same seller to the same buyer "
      "within %d days (%s), the total is %.2f %s, over the %s %g threshold, "
      "though each is under it",
      others, others == 1 ? "" : "s", window, ids, sum, t->currency,
      t->currency, t->amount);
}

void split_commit(split_state *s, const split_pending *pending) {
  if (!pending->key)
    return;
  if (pending->entry.day > s->latest)
    s->latest = pending->entry.day;
  split_pair *pair = split_find(s, pending->key);
  if (!pair) {
    /* check_split() made room for it; the test only states so. */
    if (!s->pairs || s->count >= s->pairs_cap || !s->cap)
      return;
    split_place(s->slots, s->cap, pending->key, s->count);
    pair = &s->pairs[s->count];
    pair->key = pending->key;
    pair->count = 0;
    s->count++;
    s->since_sweep++;
  }
  /* Keep the latest SPLIT_ENTRIES: drop the oldest when full. */
  if (pair->count == SPLIT_ENTRIES) {
    size_t oldest = 0;
    for (size_t i = 1; i < pair->count; i++)
      if (pair->entries[i].day < pair->entries[oldest].day)
        oldest = i;
    pair->entries[oldest] = pending->entry;
  } else {
    pair->entries[pair->count++] = pending->entry;
  }
}

/* ---- risk.low_value_per_kg against the batch ---- */

/* Values per kg are counted per HS heading in buckets of an eighth of a
 * decade from 10^-4 to 10^6 (in the base currency): the median is then
 * known to within 33%, which is enough for a bound ten times lower. */
#define VALUE_BUCKETS 80

static int value_bucket_log(double per_kg) {
  if (!(per_kg > 1e-4))
    return 0;
  /* Clamped before the conversion to int, which an infinite value (a huge
   * value over a tiny weight) would make undefined. */
  double scaled = log10(per_kg) * 8.0;
  if (!(scaled < VALUE_BUCKETS - 32))
    return VALUE_BUCKETS - 1;
  int b = (int)scaled + 32;
  return b < 0 ? 0 : b;
}

static double bucket_low(int b) { return pow(10.0, (b - 32) / 8.0); }

/* value_bucket_log() without the logarithm: the value is placed between
 * the powers edge[j] = 10^((j - 32) / 8) by a binary search, and only a
 * value within a relative 1e-9 of an edge, where log10() and the edges
 * may round differently, goes to value_bucket_log(). Between two edges,
 * the truncation of log10 * 8 towards zero gives the lower one's bucket
 * from 1 up and the upper one's below 1. */
static int value_bucket(const value_state *s, double per_kg) {
  if (!(per_kg > 1e-4))
    return 0;
  if (per_kg > DBL_MAX)
    return VALUE_BUCKETS - 1;
  if (per_kg >= s->edge[VALUE_BUCKETS] * (1.0 + 1e-9))
    return VALUE_BUCKETS - 1;
  /* The last edge not above the value: edge[0] = 1e-4 < per_kg. */
  size_t lo = 0, hi = VALUE_BUCKETS;
  while (lo < hi) {
    size_t mid = (lo + hi + 1) / 2;
    if (s->edge[mid] <= per_kg)
      lo = mid;
    else
      hi = mid - 1;
  }
  if (per_kg <= s->edge[lo] * (1.0 + 1e-9) ||
      (lo < VALUE_BUCKETS && per_kg >= s->edge[lo + 1] * (1.0 - 1e-9)))
    return value_bucket_log(per_kg);
  int b = per_kg >= 1.0 ? (int)lo : (int)lo + 1;
  return b >= VALUE_BUCKETS ? VALUE_BUCKETS - 1 : b;
}

void value_state_free(value_state *s, const sdq_allocator *al) {
  sdq_free(al, s->index, 10000 * sizeof *s->index);
  sdq_free(al, s->hist, s->cap * sizeof *s->hist);
  sdq_free(al, s->pending, s->pending_cap * sizeof *s->pending);
  memset(s, 0, sizeof *s);
}

sdq_status check_value_batch(check_ctx *c, value_state *s) {
  s->pending_count = 0;
  const rule_params *rp = &c->profile->rules[RULE_RISK_LOW_VALUE_PER_KG];
  if (!rp->enabled || !c->rec->item_count)
    return SDQ_OK;
  const sdq_allocator *al = &c->engine->al;
  if (!s->index) {
    s->index = sdq_calloc(al, 10000, sizeof *s->index);
    if (!s->index)
      return SDQ_ENOMEM;
    for (int b = 0; b <= VALUE_BUCKETS; b++)
      s->edge[b] = bucket_low(b);
  }
  if (!sdq_grow(al, (void **)&s->pending, &s->pending_cap, c->rec->item_count,
                sizeof *s->pending))
    return SDQ_ENOMEM;
  const profile_params *pp = &c->profile->params;
  for (size_t i = 0; i < c->rec->item_count; i++) {
    const item_facts *it = &c->res->facts.items[i];
    if (!it->per_kg_ok || it->heading > 9999)
      continue;
    const unsigned heading = it->heading;
    const double per_kg = it->per_kg;
    if (!s->index[heading]) {
      if (!sdq_grow(al, (void **)&s->hist, &s->cap, s->count + 1,
                    sizeof *s->hist))
        return SDQ_ENOMEM;
      memset(&s->hist[s->count], 0, sizeof *s->hist);
      s->index[heading] = (uint32_t)++s->count;
    }
    value_hist *h = &s->hist[s->index[heading] - 1];
    s->pending[s->pending_count].hist = s->index[heading] - 1;
    s->pending[s->pending_count].bucket = (uint8_t)value_bucket(s, per_kg);
    s->pending_count++;
    if (h->total < pp->value_min_items)
      continue;
    double median = s->edge[h->median];
    double bound = median * pp->value_ratio;
    if (per_kg >= bound)
      continue;
    sdq_view v = item_get(&c->rec->items[i], SDQ_FIELD_ITEM_VALUE);
    sdq_status st = result_add(
        c->res, RULE_RISK_LOW_VALUE_PER_KG, rp->severity, rp->weight,
        SDQ_FIELD_ITEM_VALUE, (int32_t)i, &v,
        "item value is %.2f %s per kg, under %g%% of the median of %llu "
        "items of HS heading %04u in this batch (about %.2f %s per kg)",
        per_kg, c->profile->base_currency, pp->value_ratio * 100.0,
        (unsigned long long)h->total, heading, median,
        c->profile->base_currency);
    if (st != SDQ_OK)
      return st;
  }
  return SDQ_OK;
}

/* Adds the pending items, and moves each median to the first bucket where
 * the count of items up to it reaches half the total, rounded up. */
void value_commit(value_state *s) {
  for (size_t i = 0; i < s->pending_count; i++) {
    value_hist *h = &s->hist[s->pending[i].hist];
    uint32_t b = s->pending[i].bucket;
    h->buckets[b]++;
    h->total++;
    if (b <= h->median)
      h->upto++;
    uint64_t half = (h->total + 1) / 2;
    while (h->upto < half)
      h->upto += h->buckets[++h->median];
    while (h->median > 0 && h->upto - h->buckets[h->median] >= half)
      h->upto -= h->buckets[h->median--];
  }
  s->pending_count = 0;
}

/* ---- the record's part, on any thread ---- */

void dataset_prepare_ids(check_ctx *c) {
  sdq_result *res = c->res;
  const bool unique = c->profile->rules[RULE_UNIQUENESS_DUPLICATE_ID].enabled;
  for (size_t k = 0; k < 3; k++)
    res->keys.id[k] = unique && res->facts.state[IDS[k]] == FIELD_PRESENT
                          ? id_key(IDS[k], c->rec->v[IDS[k]])
                          : 0;
}

void dataset_prepare(check_ctx *c) {
  sdq_result *res = c->res;
  const profile *p = c->profile;
  res->keys.engine = c->engine;
  res->keys.threshold = NULL;
  res->keys.value = 0;
  res->keys.split = 0;
  res->keys.split_day = 0;
  const bool split = p->rules[RULE_RISK_SPLIT_SHIPMENT].enabled;
  if (split || p->rules[RULE_RISK_NEAR_THRESHOLD].enabled)
    res->keys.threshold = risk_threshold(c, &res->keys.value);
  if (p->rules[RULE_RISK_LOW_VALUE_PER_KG].enabled)
    for (size_t i = 0; i < c->rec->item_count; i++) {
      item_facts *it = &res->facts.items[i];
      unsigned heading = 0;
      it->per_kg_ok = risk_item_value_per_kg(c, i, &heading, &it->per_kg);
      it->heading = (uint16_t)heading; /* four digits */
    }
  const threshold *t = res->keys.threshold;
  uint32_t ymd = split ? risk_date(c) : 0;
  if (!t || !ymd || res->keys.value >= t->amount)
    return;
  uint64_t buyer = party_key(c, SDQ_FIELD_BUYER_ID, SDQ_FIELD_BUYER_NAME,
                             SDQ_FIELD_BUYER_ADDRESS);
  uint64_t seller =
      party_key(c, SDQ_FIELD_SELLER_ID, SDQ_FIELD_SELLER_NAME, SDQ_FIELD_NONE);
  if (!buyer || !seller)
    return;
  uint64_t key = mix(buyer ^ mix(seller) ^ (uint64_t)(t - p->thresholds));
  res->keys.split = key ? key : 1;
  res->keys.split_day = days_from_civil(
      (int)(ymd / 10000), (int)(ymd / 100 % 100), (int)(ymd % 100));
}
