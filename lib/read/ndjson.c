/* NDJSON: one JSON object per line; consignment fields as members, items
 * as an "items" array of objects. Keys go through the mapping and aliases;
 * a reader-owned cache makes that one hash probe per key. Unknown keys and
 * nested values are skipped and counted. Strings are decoded (escapes,
 * surrogate pairs), numbers kept as their text, true/false as those words,
 * null as an absent value. Members named after item fields at the top
 * level form an item of their own, placed before the array's items. */
#include "json.h"
#include "reader.h"

#include <string.h>

#if defined(__GNUC__) || defined(__clang__)
#define ND_INLINE inline __attribute__((always_inline))
#define ND_NOINLINE __attribute__((noinline))
#else
#define ND_INLINE inline
#define ND_NOINLINE
#endif

/* Distinct keys cached, and the longest key cached: other keys are resolved
 * on every occurrence. This bounds the cache to about 100 KB. */
#define KEY_CACHE_MAX 1024
#define KEY_CACHE_KEY_MAX 64

static void free_keys(sdq_reader *r) {
  ndjson_state *n = &r->nd;
  for (size_t i = 0; i < n->key_cap; i++)
    if (n->keys[i].key)
      sdq_free(r->al, n->keys[i].key, n->keys[i].len + 1);
  sdq_free(r->al, n->keys, n->key_cap * sizeof *n->keys);
  sdq_free(r->al, n->next, n->key_cap * sizeof *n->next);
  n->keys = NULL;
  n->next = NULL;
  n->key_cap = n->key_count = 0;
  n->first = 0;
}

/* The cache holds slots of the unmapped list, which a reset empties. */
void ndjson_reset(sdq_reader *r) {
  free_keys(r);
  r->nd.slot_count = 0;
}

void ndjson_free(sdq_reader *r) {
  ndjson_state *n = &r->nd;
  free_keys(r);
  sdq_free(r->al, n->slots, n->slot_cap * sizeof *n->slots);
  memset(n, 0, sizeof *n);
}

/* Notes an unmapped key of the record being parsed; the counts are added
 * when the record is accepted. */
static void note_unmapped(sdq_reader *r, int slot) {
  ndjson_state *n = &r->nd;
  if (sdq_grow(r->al, (void **)&n->slots, &n->slot_cap, n->slot_count + 1,
               sizeof *n->slots))
    n->slots[n->slot_count++] = slot;
}

static uint64_t load64(const char *p) {
  uint64_t v;
  memcpy(&v, p, sizeof v);
  return v;
}

static uint64_t load32(const char *p) {
  uint32_t v;
  memcpy(&v, p, sizeof v);
  return v;
}

/* A key shorter than 8 bytes as one word: two 4-byte loads that overlap,
 * or the first, middle and last of 1 to 3 bytes. Two keys of the same
 * length (hashed separately) give the same word only if they are equal. */
static uint64_t short_word(const char *p, size_t len) {
  if (len >= 4)
    return load32(p) << 32 | load32(p + len - 4);
  if (len == 0)
    return 0;
  const unsigned char *u = (const unsigned char *)p;
  return (uint64_t)u[0] << 16 | (uint64_t)u[len >> 1] << 8 | u[len - 1];
}

#define HASH_MUL UINT64_C(0x9E3779B97F4A7C15)

/* Folding after each multiply carries every byte into the low bits, which
 * pick the cache slot. */
static uint64_t mix(uint64_t h, uint64_t w) {
  h = (h ^ w) * HASH_MUL;
  return h ^ (h >> 32);
}

/* Hashes a key 8 bytes at a time; a key of 8 bytes or more ends with its
 * last 8 bytes, which may overlap the word before. */
static uint64_t hash_key(const char *p, size_t len, int level) {
  uint64_t h = ((uint64_t)len << 8 | (uint64_t)level) * HASH_MUL;
  if (len < 8)
    return mix(h, short_word(p, len));
  for (size_t i = 0; i + 8 < len; i += 8)
    h = mix(h, load64(p + i));
  return mix(h, load64(p + len - 8));
}

/* memcmp() == 0, a word at a time as hash_key() reads them: the keys of the
 * cache are short, and most are 8 to 24 bytes. */
static ND_INLINE bool same_key(const char *a, const char *b, size_t len) {
  if (len < 8)
    return short_word(a, len) == short_word(b, len);
  for (size_t i = 0; i + 8 < len; i += 8)
    if (load64(a + i) != load64(b + i))
      return false;
  return load64(a + len - 8) == load64(b + len - 8);
}

typedef struct key_info {
  sdq_field field;
  int unmapped_slot; /* when field is NONE: -2 ignored, -1 other, >= 0 */
} key_info;

/* Resolves a key at a level (0: consignment, 1: item) without caching. */
static key_info resolve(sdq_reader *r, const char *key, size_t len, int level) {
  bool ignore = false;
  key_info ki = {engine_resolve(r->engine, key, len, &ignore), -1};
  bool fits =
      ki.field != SDQ_FIELD_NONE && (level == 1 ? field_is_item(ki.field) : 1);
  if (fits)
    return ki;
  ki.field = SDQ_FIELD_NONE;
  if (ignore) {
    ki.unmapped_slot = -2;
    return ki;
  }
  if (level == 1) {
    char name[UNMAPPED_NAME_MAX + 8];
    size_t n = len > UNMAPPED_NAME_MAX ? UNMAPPED_NAME_MAX : len;
    /* The name is passed with its length, without a terminator. */
    memcpy(name, "items.", 6); // NOLINT(bugprone-not-null-terminated-result)
    memcpy(name + 6, key, n);
    ki.unmapped_slot = reader_unmapped_slot(r, name, n + 6);
  } else {
    ki.unmapped_slot = reader_unmapped_slot(r, key, len);
  }
  return ki;
}

/* A key not found in the cache: resolves it, and caches it when there is
 * room. Out of line, to keep lookup() small. */
static ND_NOINLINE key_info lookup_miss(sdq_reader *r, const char *key,
                                        size_t len, int level, uint64_t h,
                                        size_t *slot) {
  ndjson_state *n = &r->nd;
  key_info ki = resolve(r, key, len, level);
  *slot = SIZE_MAX;
  if (n->key_count >= KEY_CACHE_MAX || len > KEY_CACHE_KEY_MAX)
    return ki;
  if (n->key_count * 2 + 2 > n->key_cap) {
    size_t cap = n->key_cap ? n->key_cap * 2 : 64;
    key_cache_entry *t = sdq_calloc(r->al, cap, sizeof *t);
    uint32_t *next = sdq_calloc(r->al, cap, sizeof *next);
    if (!t || !next) {
      sdq_free(r->al, t, t ? cap * sizeof *t : 0);
      sdq_free(r->al, next, next ? cap * sizeof *next : 0);
      return ki;
    }
    for (size_t i = 0; i < n->key_cap; i++) {
      key_cache_entry *e = &n->keys[i];
      if (!e->key)
        continue;
      size_t j = (size_t)e->hash & (cap - 1);
      while (t[j].key)
        j = (j + 1) & (cap - 1);
      t[j] = *e;
    }
    sdq_free(r->al, n->keys, n->key_cap * sizeof *n->keys);
    sdq_free(r->al, n->next, n->key_cap * sizeof *n->next);
    n->keys = t;
    n->next = next; /* the keys have moved: forget what followed what */
    n->first = 0;
    n->key_cap = cap;
  }
  char *copy = sdq_strndup(r->al, key, len);
  if (!copy)
    return ki;
  size_t j = (size_t)h & (n->key_cap - 1);
  while (n->keys[j].key)
    j = (j + 1) & (n->key_cap - 1);
  n->keys[j] = (key_cache_entry){h, copy, len, ki.field, ki.unmapped_slot};
  n->key_count++;
  *slot = j;
  return ki;
}

/* A key at a level; *prev is the key looked up before it in the record
 * (as in ndjson_state.next, 0 at the start), and becomes this one. Records
 * mostly repeat the keys of the record before in the same order, so the
 * key that followed the previous key last time is tried first: one
 * comparison instead of a hash and a probe. */
static ND_INLINE key_info lookup(sdq_reader *r, const char *key, size_t len,
                                 int level, uint32_t *prev) {
  ndjson_state *n = &r->nd;
  uint32_t *link = *prev ? &n->next[(*prev - 1) >> 1] : &n->first;
  uint32_t expected = *link;
  if (expected && (int)((expected - 1) & 1) == level) {
    key_cache_entry *e = &n->keys[(expected - 1) >> 1];
    if (e->len == len && same_key(e->key, key, len)) {
      *prev = expected;
      return (key_info){e->field, e->unmapped_slot};
    }
  }
  uint64_t h = hash_key(key, len, level);
  size_t slot = SIZE_MAX;
  if (n->key_cap) {
    size_t mask = n->key_cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
      key_cache_entry *e = &n->keys[i];
      if (!e->key)
        break;
      if (e->hash == h && e->len == len && same_key(e->key, key, len)) {
        *link = *prev = (uint32_t)(i << 1 | (size_t)level) + 1;
        return (key_info){e->field, e->unmapped_slot};
      }
    }
  }
  size_t cap = n->key_cap;
  key_info ki = lookup_miss(r, key, len, level, h, &slot);
  uint32_t code =
      slot == SIZE_MAX ? 0 : (uint32_t)(slot << 1 | (size_t)level) + 1;
  /* When the cache grew, *link is gone with the old slots. */
  if (n->key_cap == cap)
    *link = code;
  *prev = code;
  return ki;
}

static char *decode_alloc(void *ctx, size_t size) {
  return sdq_arena_alloc(&((sdq_record *)ctx)->arena, size);
}

typedef struct parse_ctx {
  sdq_reader *r;
  const span *s;
  sdq_record *rec;
  json_lexer lx;
  uint64_t fields_left; /* members the field limit still allows */
  uint32_t prev_key;    /* the key looked up last, as in lookup() */
  uint64_t field_bytes; /* the field byte limit */
  const char *why;      /* message of an error found here, not by the lexer */
  size_t why_at;
  sdq_status status;
} parse_ctx;

static bool fail(parse_ctx *c, sdq_status st, size_t at, const char *why) {
  c->status = st;
  c->why = why;
  c->why_at = at;
  return false;
}

static bool lexer_failed(parse_ctx *c) {
  sdq_status st = SDQ_EPARSE;
  if (c->lx.error_kind == JSON_ERR_DEPTH || c->lx.error_kind == JSON_ERR_STRING)
    st = SDQ_ELIMIT;
  else if (c->lx.error_kind == JSON_ERR_NOMEM)
    st = SDQ_ENOMEM;
  return fail(c, st, c->lx.error_offset,
              c->lx.error ? c->lx.error : "invalid JSON");
}

/* Reads the value of a member (inline: called once per member): on success
 * *text and *len hold a scalar's text (NULL for null), or *skipped is set for a
 * nested value. */
static ND_INLINE bool member_value(parse_ctx *c, json_token t,
                                   const char **text, size_t *len,
                                   bool *skipped) {
  *text = NULL;
  *len = 0;
  *skipped = false;
  switch (t) {
  case JSON_STRING:
    *text = c->lx.text;
    *len = c->lx.len;
    return true;
  case JSON_NUMBER:
    /* The lexer bounds strings; a number's text is bounded here. */
    if (c->lx.len > c->field_bytes)
      return fail(c, SDQ_ELIMIT, c->lx.token_offset,
                  "number longer than the field byte limit");
    *text = c->lx.text;
    *len = c->lx.len;
    return true;
  case JSON_TRUE:
  case JSON_FALSE:
    /* Kept as the words, which the field byte limit bounds too. */
    *text = t == JSON_TRUE ? "true" : "false";
    *len = t == JSON_TRUE ? 4 : 5;
    if (*len > c->field_bytes)
      return fail(c, SDQ_ELIMIT, c->lx.token_offset,
                  "value longer than the field byte limit");
    return true;
  case JSON_NULL:
    return true;
  case JSON_OBJECT_BEGIN:
  case JSON_ARRAY_BEGIN:
    *skipped = true;
    return json_skip(&c->lx, t) ? true : lexer_failed(c);
  default:
    return lexer_failed(c);
  }
}

/* Counts the member whose key is at byte `key_at`. */
static bool count_field(parse_ctx *c, size_t key_at) {
  if (c->fields_left-- == 0)
    return fail(c, SDQ_ELIMIT, key_at, "too many fields");
  return true;
}

/* A mapped key whose value is an object or an array cannot give a value:
 * it is reported among the unmapped names, under its own name. */
static void note_nested(parse_ctx *c, const char *prefix, const char *key,
                        size_t len) {
  char name[UNMAPPED_NAME_MAX + 8];
  size_t p = strlen(prefix);
  size_t n = len > UNMAPPED_NAME_MAX ? UNMAPPED_NAME_MAX : len;
  /* The name is passed with its length, without a terminator. */
  memcpy(name, prefix, p); // NOLINT(bugprone-not-null-terminated-result)
  memcpy(name + p, key, n);
  note_unmapped(c->r, reader_unmapped_slot(c->r, name, p + n));
}

static bool parse_items(parse_ctx *c) {
  sdq_reader *r = c->r;
  for (;;) {
    json_token t = json_next(&c->lx);
    size_t at = c->lx.token_offset;
    if (t == JSON_ARRAY_END)
      return true;
    if (t == JSON_ERROR)
      return lexer_failed(c);
    if (t != JSON_OBJECT_BEGIN)
      return fail(c, SDQ_EPARSE, at,
                  "an element of \"items\" is not an object");
    sdq_status st = record_add_item(c->rec);
    if (st != SDQ_OK)
      return fail(c, st, at,
                  st == SDQ_ELIMIT ? "more items than the item limit"
                                   : "out of memory");
    size_t item = c->rec->item_count - 1;
    for (;;) {
      /* The key and the first token of its value come in one call; the
       * key is counted before the value is looked at, as if one by one. */
      const char *key;
      size_t key_len, key_at;
      json_token v = json_next_member(&c->lx, &key, &key_len, &key_at);
      if (!key) {
        if (v == JSON_OBJECT_END)
          break;
        return lexer_failed(c);
      }
      if (!count_field(c, key_at))
        return false;
      key_info ki = lookup(r, key, key_len, 1, &c->prev_key);
      const char *text;
      size_t len;
      bool skipped;
      if (!member_value(c, v, &text, &len, &skipped))
        return false;
      if (ki.field != SDQ_FIELD_NONE) {
        /* As in CSV, the first of two keys for one field is kept. */
        if (skipped)
          note_nested(c, "items.", key, key_len);
        else if (text && len && !item_has(&c->rec->items[item], ki.field))
          record_put(c->rec, item, ki.field, text, len);
      } else if (ki.unmapped_slot != -2 && (skipped || (text && len))) {
        note_unmapped(r, ki.unmapped_slot);
      }
    }
  }
}

static bool parse_object(parse_ctx *c) {
  sdq_reader *r = c->r;
  sdq_view top[SDQ_ITEM_FIELD_COUNT];
  uint32_t top_set = 0;
  json_token t = json_next(&c->lx);
  if (t == JSON_ERROR)
    return lexer_failed(c);
  if (t != JSON_OBJECT_BEGIN) {
    json_skip(&c->lx, t);
    return fail(c, SDQ_EPARSE, 0, "a record must be a JSON object");
  }
  for (;;) {
    const char *key;
    size_t key_len, key_at;
    json_token v = json_next_member(&c->lx, &key, &key_len, &key_at);
    if (!key) {
      if (v == JSON_OBJECT_END)
        break;
      return lexer_failed(c);
    }
    if (!count_field(c, key_at))
      return false;
    if (v == JSON_ARRAY_BEGIN && key_len == 5 && memcmp(key, "items", 5) == 0) {
      if (!parse_items(c))
        return false;
      continue;
    }
    key_info ki = lookup(r, key, key_len, 0, &c->prev_key);
    const char *text;
    size_t len;
    bool skipped;
    if (!member_value(c, v, &text, &len, &skipped))
      return false;
    if (ki.field != SDQ_FIELD_NONE) {
      if (skipped) {
        note_nested(c, "", key, key_len);
        continue;
      }
      if (!text || !len)
        continue;
      if (field_is_item(ki.field)) {
        int k = ki.field - SDQ_ITEM_FIELD_BASE;
        if (!((top_set >> k) & 1u))
          top[k] = (sdq_view){text, len};
        top_set |= 1u << k;
      } else if (!record_has(c->rec, ki.field)) {
        record_put(c->rec, 0, ki.field, text, len);
      }
    } else if (ki.unmapped_slot != -2 && (skipped || (text && len))) {
      note_unmapped(r, ki.unmapped_slot);
    }
  }
  t = json_next(&c->lx);
  if (t != JSON_END)
    return lexer_failed(c);
  if (top_set) {
    /* The top-level item fields form the first item. */
    sdq_status st = record_add_item(c->rec);
    if (st != SDQ_OK)
      return fail(c, st, 0,
                  st == SDQ_ELIMIT ? "more items than the item limit"
                                   : "out of memory");
    sdq_record *rec = c->rec;
    memmove(rec->items + 1, rec->items,
            (rec->item_count - 1) * sizeof *rec->items);
    rec->items[0].set = 0;
    for (int k = 0; k < SDQ_ITEM_FIELD_COUNT; k++)
      if ((top_set >> k) & 1u)
        record_put(rec, 0, (sdq_field)(SDQ_ITEM_FIELD_BASE + k), top[k].ptr,
                   top[k].len);
  }
  return true;
}

sdq_status ndjson_next(sdq_reader *r, sdq_record *rec, sdq_error *err) {
  span s;
  sdq_status st = reader_frame(r, &s, false);
  if (st == SDQ_NEED_INPUT || st == SDQ_END)
    return st;
  uint64_t number = ++r->records;
  if (st != SDQ_OK) {
    reader_error(err, st, number, s.line, 1, s.offset, "%s",
                 st == SDQ_ELIMIT ? "record longer than the record byte limit"
                                  : "out of memory");
    return st;
  }
  r->nd.slot_count = 0;
  /* Member by member: an initializer would also clear the lexer's nesting
   * stack, which json_init() leaves alone as it needs no clearing. */
  parse_ctx c;
  c.r = r;
  c.s = &s;
  c.rec = rec;
  c.fields_left = r->engine->s.limits[SDQ_LIMIT_FIELDS];
  c.prev_key = 0;
  c.field_bytes = r->engine->s.limits[SDQ_LIMIT_FIELD_BYTES];
  c.why = NULL;
  c.why_at = 0;
  c.status = SDQ_OK;
  json_init(&c.lx, s.ptr, s.len);
  c.lx.max_depth =
      (uint32_t)(r->engine->s.limits[SDQ_LIMIT_DEPTH] < JSON_MAX_DEPTH_LIMIT
                     ? r->engine->s.limits[SDQ_LIMIT_DEPTH]
                     : JSON_MAX_DEPTH_LIMIT);
  c.lx.max_string = (size_t)r->engine->s.limits[SDQ_LIMIT_FIELD_BYTES];
  c.lx.decode = decode_alloc;
  c.lx.decode_ctx = rec;
  if (!parse_object(&c)) {
    uint64_t line, column;
    span_position(&s, c.why_at, &line, &column);
    reader_error(err, c.status, number, line, column, s.offset + c.why_at, "%s",
                 c.why);
    sdq_record_clear(rec);
    return c.status;
  }
  rec->number = number;
  rec->line = s.line;
  rec->offset = s.offset;
  for (size_t i = 0; i < r->nd.slot_count; i++)
    reader_count_unmapped(r, r->nd.slots[i]);
  return engine_apply_constants(r->engine, rec);
}
