/* Watch-lists: loaded from CSV with the columns name, id, address, country
 * and reason (any may be empty; other columns are ignored, so exports of
 * sanctions and denied-party lists load directly), and matched by id or by
 * the similarity of normalised names (check/names.c). */
#include "watchlist.h"

#include "engine.h"
#include "refdata/refdata.h"
#include "result.h"

#include <stdio.h>
#include <string.h>

/* Tokens listed for more entries than this are too common to find
 * candidates by ("trading", "international"); the similarity of a
 * candidate found by a rarer token still counts them. */
#define COMMON_TOKEN 1000

static void free_entry(const sdq_allocator *al, watch_entry *e) {
  char **fs[] = {&e->name, &e->id, &e->address, &e->country, &e->reason};
  for (size_t i = 0; i < 5; i++)
    if (*fs[i])
      sdq_free(al, *fs[i], strlen(*fs[i]) + 1);
}

void watch_list_free(const sdq_allocator *al, watch_list *w) {
  for (size_t i = 0; i < w->count; i++)
    free_entry(al, &w->entries[i]);
  sdq_free(al, w->entries, w->cap * sizeof *w->entries);
  memset(w, 0, sizeof *w);
}

static char *dup_or_null(const sdq_allocator *al, const char *s, bool *ok) {
  if (!s)
    return NULL;
  char *d = sdq_strndup(al, s, strlen(s));
  if (!d)
    *ok = false;
  return d;
}

sdq_status watch_list_copy(const sdq_allocator *al, watch_list *dst,
                           const watch_list *src) {
  memset(dst, 0, sizeof *dst);
  if (!src->count)
    return SDQ_OK;
  if (!sdq_grow(al, (void **)&dst->entries, &dst->cap, src->count,
                sizeof *dst->entries))
    return SDQ_ENOMEM;
  bool ok = true;
  for (size_t i = 0; i < src->count; i++) {
    const watch_entry *s = &src->entries[i];
    watch_entry *d = &dst->entries[dst->count++];
    d->name = dup_or_null(al, s->name, &ok);
    d->id = dup_or_null(al, s->id, &ok);
    d->address = dup_or_null(al, s->address, &ok);
    d->country = dup_or_null(al, s->country, &ok);
    d->reason = dup_or_null(al, s->reason, &ok);
    d->line = s->line;
  }
  if (!ok) {
    watch_list_free(al, dst);
    return SDQ_ENOMEM;
  }
  return SDQ_OK;
}

/* ---- loading ---- */

/* Copies a column's trimmed value as a C string (NULL when empty). A NUL
 * byte would cut the entry short: it sets *nul and copies nothing. */
static char *field_copy(const sdq_allocator *al, const sdq_record *r,
                        sdq_field f, bool *ok, bool *nul) {
  const char *v;
  size_t n;
  if (!sdq_record_get(r, f, &v, &n))
    return NULL;
  if (memchr(v, '\0', n)) {
    *nul = true;
    return NULL;
  }
  while (n && (*v == ' ' || *v == '\t')) {
    v++;
    n--;
  }
  while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
    n--;
  if (!n)
    return NULL;
  char *d = sdq_strndup(al, v, n);
  if (!d)
    *ok = false;
  return d;
}

/* The columns, read through a CSV reader whose mapping names them. */
static const struct {
  const char *column;
  sdq_field field;
} COLUMNS[] = {{"name", SDQ_FIELD_SELLER_NAME},
               {"id", SDQ_FIELD_SELLER_ID},
               {"address", SDQ_FIELD_SELLER_ADDRESS},
               {"country", SDQ_FIELD_SELLER_COUNTRY},
               {"reason", SDQ_FIELD_SHIPMENT_ID}};

sdq_status sdq_config_load_watchlist(sdq_config *config, const char *csv,
                                     size_t len, sdq_error *err) {
  if (!config || (!csv && len))
    return SDQ_EINVAL;
  const sdq_allocator *al = &config->al;
  sdq_config *tmp = NULL;
  sdq_engine *e = NULL;
  sdq_reader *reader = NULL;
  sdq_record *rec = NULL;
  watch_list list = {0};
  sdq_error local;
  memset(&local, 0, sizeof local);
  sdq_status st = sdq_config_new(al, &tmp);
  for (size_t i = 0; st == SDQ_OK && i < 5; i++)
    st = sdq_config_map(tmp, COLUMNS[i].column, strlen(COLUMNS[i].column),
                        COLUMNS[i].field);
  if (st == SDQ_OK)
    st = sdq_engine_new(tmp, &e, NULL);
  if (st == SDQ_OK)
    st = sdq_reader_new(e, SDQ_FORMAT_CSV, &reader);
  if (st == SDQ_OK)
    st = sdq_record_new(e, &rec);
  if (st == SDQ_OK)
    st = sdq_reader_feed(reader, csv ? csv : "", len);
  if (st == SDQ_OK)
    st = sdq_reader_finish(reader);
  while (st == SDQ_OK) {
    sdq_status r = sdq_reader_next(reader, rec, &local);
    if (r == SDQ_END)
      break;
    if (r != SDQ_OK) {
      st = r;
      break;
    }
    if (!sdq_grow(al, (void **)&list.entries, &list.cap, list.count + 1,
                  sizeof *list.entries)) {
      st = SDQ_ENOMEM;
      break;
    }
    bool ok = true, nul = false;
    watch_entry *we = &list.entries[list.count++];
    memset(we, 0, sizeof *we);
    we->name = field_copy(al, rec, SDQ_FIELD_SELLER_NAME, &ok, &nul);
    we->id = field_copy(al, rec, SDQ_FIELD_SELLER_ID, &ok, &nul);
    we->address = field_copy(al, rec, SDQ_FIELD_SELLER_ADDRESS, &ok, &nul);
    we->country = field_copy(al, rec, SDQ_FIELD_SELLER_COUNTRY, &ok, &nul);
    we->reason = field_copy(al, rec, SDQ_FIELD_SHIPMENT_ID, &ok, &nul);
    we->line = sdq_record_line(rec);
    if (!ok) {
      st = SDQ_ENOMEM;
      break;
    }
    if (nul) {
      local.code = st = SDQ_EPARSE;
      local.line = we->line;
      local.record = list.count;
      local.column = 1;
      snprintf(local.message, sizeof local.message, "a value holds a NUL byte");
      break;
    }
    char code[2] = {0, 0};
    if (we->country && strlen(we->country) == 2)
      for (int k = 0; k < 2; k++)
        code[k] = we->country[k] >= 'a' && we->country[k] <= 'z'
                      ? (char)(we->country[k] - 32)
                      : we->country[k];
    if (we->country &&
        (!code[0] || (refdata_country_status(code) != COUNTRY_OFFICIAL &&
                      memcmp(code, "XK", 2) != 0))) {
      local.code = st = SDQ_EPARSE;
      local.line = we->line;
      local.record = list.count;
      local.column = 1;
      snprintf(local.message, sizeof local.message,
               "country \"%.*s\" is not a 2-letter ISO 3166-1 code",
               clip_utf8(we->country, strlen(we->country), 40), we->country);
      break;
    }
    if (we->country) /* compared in upper case */
      memcpy(we->country, code, 2);
    if (!we->name && !we->id) {
      list.count--;
      free_entry(al, we);
    }
  }
  if (st == SDQ_OK && list.count == 0 && len > 0) {
    local.code = st = SDQ_EPARSE;
    local.line = 1;
    snprintf(local.message, sizeof local.message,
             "the watch-list has no entry with a name or an id (columns: "
             "name, id, address, country, reason)");
  }
  if (st == SDQ_OK) {
    /* Appends to what the configuration already has. */
    watch_list *w = &config->s.watch;
    if (list.count && !sdq_grow(al, (void **)&w->entries, &w->cap,
                                w->count + list.count, sizeof *w->entries)) {
      st = SDQ_ENOMEM;
    } else if (list.count) {
      memcpy(w->entries + w->count, list.entries,
             list.count * sizeof *list.entries);
      w->count += list.count;
      list.count = 0;
    }
  }
  if (st != SDQ_OK && err) {
    *err = local;
    err->code = st;
    if (!err->message[0])
      snprintf(err->message, sizeof err->message, "%s", sdq_strerror(st));
  }
  watch_list_free(al, &list);
  sdq_record_free(rec);
  sdq_reader_free(reader);
  sdq_engine_free(e);
  sdq_config_free(tmp);
  return st;
}

/* ---- index and matching ---- */

static uint64_t id_hash(const char *p, size_t len) {
  uint64_t h = UINT64_C(14695981039346656037);
  bool any = false;
  for (size_t i = 0; i < len; i++) {
    char c = p[i];
    if (c == ' ' || c == '-' || c == '.' || c == '/' || c == '\t')
      continue;
    if (c >= 'a' && c <= 'z')
      c = (char)(c - 32);
    h ^= (unsigned char)c;
    h *= UINT64_C(1099511628211);
    any = true;
  }
  return any ? (h ? h : 1) : 0;
}

static watch_posting *slot(watch_posting *t, size_t cap, uint64_t token) {
  size_t i = (size_t)token & (cap - 1);
  while (t[i].token && t[i].token != token)
    i = (i + 1) & (cap - 1);
  return &t[i];
}

void watch_index_free(const sdq_allocator *al, watch_index *ix) {
  size_t n = ix->list ? ix->list->count : 0;
  sdq_free(al, ix->keys, n * sizeof *ix->keys);
  sdq_free(al, ix->ids, n * sizeof *ix->ids);
  sdq_free(al, ix->names, n * sizeof *ix->names);
  ix->id_count = ix->name_count = 0;
  sdq_free(al, ix->tokens, ix->token_cap * sizeof *ix->tokens);
  sdq_free(al, ix->postings, ix->posting_count * sizeof *ix->postings);
  memset(ix, 0, sizeof *ix);
}

/* Inserts into an array sorted by hash (lists are loaded once). */
static void sorted_insert(struct watch_id *a, size_t *n, uint64_t hash,
                          uint32_t entry) {
  size_t j = (*n)++;
  while (j > 0 && a[j - 1].hash > hash) {
    a[j] = a[j - 1];
    j--;
  }
  a[j].hash = hash;
  a[j].entry = entry;
}

/* The first position of `hash` in a sorted array. */
static size_t lower_bound(const struct watch_id *a, size_t n, uint64_t hash) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (a[mid].hash < hash)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

sdq_status watch_index_build(const sdq_allocator *al, watch_index *ix,
                             const watch_list *list) {
  memset(ix, 0, sizeof *ix);
  ix->list = list;
  size_t n = list->count;
  if (!n)
    return SDQ_OK;
  ix->keys = sdq_calloc(al, n, sizeof *ix->keys);
  ix->ids = sdq_calloc(al, n, sizeof *ix->ids);
  ix->names = sdq_calloc(al, n, sizeof *ix->names);
  size_t total = 0;
  for (size_t i = 0; ix->keys && i < n; i++) {
    const watch_entry *e = &list->entries[i];
    if (e->name)
      name_normalise(e->name, strlen(e->name), &ix->keys[i]);
    total += ix->keys[i].count;
  }
  ix->token_cap = 64;
  while (ix->token_cap < total * 2 + 2)
    ix->token_cap *= 2;
  ix->tokens = sdq_calloc(al, ix->token_cap, sizeof *ix->tokens);
  /* One slot at least (a list of ids only has no name tokens); the count
   * is what was allocated, so that freeing gives the same size. */
  ix->posting_count = total ? total : 1;
  ix->postings = sdq_calloc(al, ix->posting_count, sizeof *ix->postings);
  if (!ix->keys || !ix->ids || !ix->names || !ix->tokens || !ix->postings) {
    watch_index_free(al, ix);
    return SDQ_ENOMEM;
  }
  /* Count, place, then fill the postings of each token. */
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < ix->keys[i].count; k++) {
      watch_posting *p = slot(ix->tokens, ix->token_cap, ix->keys[i].tokens[k]);
      p->token = ix->keys[i].tokens[k];
      p->count++;
    }
  uint32_t start = 0;
  for (size_t t = 0; t < ix->token_cap; t++) {
    if (!ix->tokens[t].token)
      continue;
    ix->tokens[t].start = start;
    start += ix->tokens[t].count;
    ix->tokens[t].count = 0;
  }
  for (size_t i = 0; i < n; i++) {
    for (size_t k = 0; k < ix->keys[i].count; k++) {
      watch_posting *p = slot(ix->tokens, ix->token_cap, ix->keys[i].tokens[k]);
      ix->postings[p->start + p->count++] = (uint32_t)i;
    }
    const watch_entry *e = &list->entries[i];
    if (ix->keys[i].count)
      sorted_insert(ix->names, &ix->name_count, ix->keys[i].whole, (uint32_t)i);
    uint64_t h = e->id ? id_hash(e->id, strlen(e->id)) : 0;
    if (h) {
      /* Insertion keeps the ids sorted; lists are loaded once. */
      size_t j = ix->id_count++;
      while (j > 0 && ix->ids[j - 1].hash > h) {
        ix->ids[j] = ix->ids[j - 1];
        j--;
      }
      ix->ids[j].hash = h;
      ix->ids[j].entry = (uint32_t)i;
    }
  }
  return SDQ_OK;
}

static bool country_fits(const watch_entry *e, const char *country) {
  return !e->country || !country ||
         (e->country[0] == country[0] && e->country[1] == country[1]);
}

long watch_match(const watch_index *ix, const char *name, size_t name_len,
                 const char *id, size_t id_len, const char *country,
                 double min_similarity, double *similarity, bool *by_id) {
  *by_id = false;
  if (!ix->list || !ix->list->count)
    return -1;
  const watch_list *list = ix->list;
  long best = -1;
  double best_sim = 0.0;
  uint64_t h = id && id_len ? id_hash(id, id_len) : 0;
  if (h) {
    for (size_t k = lower_bound(ix->ids, ix->id_count, h);
         k < ix->id_count && ix->ids[k].hash == h; k++) {
      uint32_t i = ix->ids[k].entry;
      if (country_fits(&list->entries[i], country)) {
        *similarity = 1.0;
        *by_id = true;
        return (long)i;
      }
    }
  }
  name_key q;
  if (!name || !name_normalise(name, name_len, &q))
    return -1;
  /* The same words: found whatever the words' frequency. */
  for (size_t k = lower_bound(ix->names, ix->name_count, q.whole);
       k < ix->name_count && ix->names[k].hash == q.whole; k++) {
    uint32_t i = ix->names[k].entry;
    if (country_fits(&list->entries[i], country) &&
        name_similarity(&q, &ix->keys[i]) == 1.0) {
      *similarity = 1.0;
      return (long)i;
    }
  }
  /* Candidates: entries sharing a token that is not too common. Each is
   * scored by the exact similarity of the whole names. */
  uint32_t seen[64];
  size_t nseen = 0;
  for (size_t k = 0; k < q.count; k++) {
    const watch_posting *p = slot(ix->tokens, ix->token_cap, q.tokens[k]);
    if (!p->token || p->count > COMMON_TOKEN)
      continue;
    for (uint32_t j = 0; j < p->count; j++) {
      uint32_t i = ix->postings[p->start + j];
      bool dup = false;
      for (size_t s = 0; s < nseen && !dup; s++)
        dup = seen[s] == i;
      if (dup)
        continue;
      if (nseen < sizeof seen / sizeof seen[0])
        seen[nseen++] = i;
      double sim = name_similarity(&q, &ix->keys[i]);
      if (sim >= min_similarity && sim > best_sim &&
          country_fits(&list->entries[i], country)) {
        best = (long)i;
        best_sim = sim;
      }
    }
  }
  *similarity = best_sim;
  return best;
}
