/* Metrics of assessed records: counts, histograms and sums that merge
 * exactly, for the whole batch and per data provider (platform_id and
 * carrier_id), and their byte format (docs/metrics.md). */
#include "metrics.h"

#include "bits.h"
#include "engine.h"
#include "read/reader.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* ---- counting ---- */

sdq_status metrics_init(sdq_metrics *m, const sdq_engine *e) {
  memset(m, 0, sizeof *m);
  m->al = e->al;
  m->engine = e;
  return SDQ_OK;
}

void metrics_destroy(sdq_metrics *m) {
  for (size_t i = 0; i < m->provider_count; i++) {
    provider *p = &m->providers[i];
    metrics_destroy(p->m);
    sdq_free(&m->al, p->m, sizeof *p->m);
    sdq_free(&m->al, p->name, p->len + 1);
  }
  sdq_free(&m->al, m->providers, m->provider_cap * sizeof *m->providers);
  sdq_free(&m->al, m->index, m->index_cap * sizeof *m->index);
  m->providers = NULL;
  m->index = NULL;
  m->provider_count = m->provider_cap = m->index_cap = 0;
}

static int bin(double score) {
  int b = (int)(score / 5.0);
  return b < 0 ? 0 : b >= HIST_BINS ? HIST_BINS - 1 : b;
}

static uint64_t milli(double score) { return (uint64_t)(score * 1000.0 + 0.5); }

/* What one assessed record adds to a group, worked out once for the
 * batch's group and its providers' groups. The per-field counts are read
 * from the result: only the occurrences that are not present are listed
 * there, and they are few. */
typedef struct record_delta {
  uint64_t items, quality_milli, risk_milli;
  int level, quality_bin, risk_bin;
  bool any_invalid;
  /* findings of each rule that has any */
  uint8_t rule[RULE_COUNT]; /* rule indexes: see the assertion below */
  uint32_t rule_findings[RULE_COUNT];
  size_t rule_count;
} record_delta;
_Static_assert(RULE_COUNT <= 256, "record_delta.rule holds rule indexes");

static void delta_make(record_delta *d, const sdq_record *rec,
                       const sdq_result *res) {
  d->items = rec->item_count;
  double q = result_quality(res), r = res->risk;
  d->level = res->level;
  d->quality_bin = bin(q);
  d->risk_bin = bin(r);
  d->quality_milli = milli(q);
  d->risk_milli = milli(r);
  /* Most records have no invalid value: one pass tells. */
  uint32_t any_invalid = 0;
  for (int i = 0; i < FIELD_INDEX_COUNT; i++)
    any_invalid |= res->invalid[i];
  d->any_invalid = any_invalid != 0;
  d->rule_count = 0;
  if (!res->finding_count)
    return;
  uint32_t findings[RULE_COUNT] = {0};
  for (size_t i = 0; i < res->finding_count; i++)
    findings[res->findings[i].rule]++;
  for (int k = 0; k < RULE_COUNT; k++)
    if (findings[k]) {
      d->rule[d->rule_count] = (uint8_t)k;
      d->rule_findings[d->rule_count++] = findings[k];
    }
}

static void group_add(group_metrics *g, const record_delta *d,
                      const sdq_result *res) {
  g->read++;
  g->assessed++;
  g->items += d->items;
  g->levels[d->level]++;
  g->quality_hist[d->quality_bin]++;
  g->risk_hist[d->risk_bin]++;
  g->quality_milli += d->quality_milli;
  g->risk_milli += d->risk_milli;
  for (int k = 0; k < SDQ_DIMENSION_COUNT; k++) {
    g->checks_made[k] += res->made[k];
    g->checks_passed[k] += res->passed[k];
  }
  for (size_t j = 0; j < d->rule_count; j++) {
    g->rule_findings[d->rule[j]] += d->rule_findings[j];
    g->rule_records[d->rule[j]]++;
  }
  /* The field counts (group_metrics.field says how present is kept). */
  if (!res->item_occurrences)
    return; /* completeness did not run: no field was counted */
  g->field_records++;
  g->item_occurrences += res->item_occurrences;
  /* Adds 1 to the counters of the missing fields; a carry out of the
   * last bit is dropped, as sums modulo 2^64 drop it. */
  uint64_t carry = res->missing;
  for (int j = 0; carry && j < 64; j++) {
    uint64_t next = g->missing_bits[j] & carry;
    g->missing_bits[j] ^= carry;
    carry = next;
  }
  for (uint64_t bits = res->placeholder; bits; bits &= bits - 1) {
    unsigned f = bit_lowest(bits);
    g->field[f][FIELD_PLACEHOLDER]++;
    g->field[f][FIELD_PRESENT]--;
  }
  for (uint32_t bits = res->item_not_present; bits; bits &= bits - 1) {
    unsigned k = bit_lowest(bits);
    uint64_t *c = g->field[SDQ_CONSIGNMENT_FIELD_COUNT + k];
    c[FIELD_MISSING] += res->item_missing[k];
    c[FIELD_PLACEHOLDER] += res->item_placeholder[k];
    c[FIELD_PRESENT] -=
        (uint64_t)res->item_missing[k] + res->item_placeholder[k];
  }
  for (int i = 0; d->any_invalid && i < FIELD_INDEX_COUNT; i++)
    g->field[i][3] += res->invalid[i];
}

/* The missing occurrences of consignment field f in g->missing_bits. */
static uint64_t missing_counted(const group_metrics *g, int f) {
  uint64_t n = 0;
  for (int j = 0; j < 64; j++)
    n |= ((g->missing_bits[j] >> f) & 1u) << j;
  return n;
}

/* Count s (present, missing, placeholder, invalid) of field i. */
static uint64_t group_field(const group_metrics *g, int i, int s) {
  uint64_t c = g->field[i][s];
  if (i < SDQ_CONSIGNMENT_FIELD_COUNT) {
    if (s == FIELD_PRESENT)
      c += g->field_records - missing_counted(g, i);
    else if (s == FIELD_MISSING)
      c += missing_counted(g, i);
  } else if (s == FIELD_PRESENT) {
    c += g->item_occurrences;
  }
  return c;
}

static void group_merge(group_metrics *into, const group_metrics *from) {
  uint64_t *a = (uint64_t *)into;
  const uint64_t *b = (const uint64_t *)from;
  for (size_t i = 0; i < offsetof(group_metrics, missing_bits) / sizeof *a; i++)
    a[i] += b[i];
  for (int f = 0; f < SDQ_CONSIGNMENT_FIELD_COUNT; f++) {
    uint64_t n = missing_counted(from, f);
    into->field[f][FIELD_MISSING] += n;
    into->field[f][FIELD_PRESENT] -= n;
  }
}

/* Loads of 8 and 4 bytes that need no alignment (compilers make them one
 * instruction); the hash is never saved, so the byte order does not
 * matter. */
static inline uint64_t load64(const char *p) {
  uint64_t v;
  memcpy(&v, p, sizeof v);
  return v;
}
static inline uint64_t load32(const char *p) {
  uint32_t v;
  memcpy(&v, p, sizeof v);
  return v;
}

static inline uint64_t mix(uint64_t h, uint64_t w) {
  h = (h ^ w) * UINT64_C(0x9E3779B97F4A7C15);
  return h ^ (h >> 32);
}

/* Provider names are short: hashed 8 bytes at a time, the last 1 to 8
 * bytes by two loads that may overlap, never past the name. */
static inline uint64_t name_hash(sdq_field kind, const char *p, size_t len) {
  uint64_t h = mix((uint64_t)kind, (uint64_t)len);
  for (; len > 8; p += 8, len -= 8)
    h = mix(h, load64(p));
  uint64_t w;
  if (len >= 4) /* and len <= 8 after the loop */
    // cppcheck-suppress pointerOutOfBoundsCond
    w = load32(p) | load32(p + len - 4) << 32;
  else if (len)
    w = (uint64_t)(unsigned char)p[0] |
        (uint64_t)(unsigned char)p[len / 2] << 8 |
        (uint64_t)(unsigned char)p[len - 1] << 16;
  else
    w = 0;
  return mix(h, w);
}

/* memcmp(a, b, len) == 0 without a call, for names of a few bytes. */
static inline bool same_bytes(const char *a, const char *b, size_t len) {
  for (; len >= 8; a += 8, b += 8, len -= 8)
    if (load64(a) != load64(b))
      return false;
  if (len >= 4)
    return load32(a) == load32(b) && load32(a + len - 4) == load32(b + len - 4);
  for (size_t i = 0; i < len; i++)
    if (a[i] != b[i])
      return false;
  return true;
}

static bool index_put(sdq_metrics *m, size_t cap, size_t *index, size_t n) {
  const provider *p = &m->providers[n];
  size_t j = (size_t)p->hash & (cap - 1);
  while (index[j])
    j = (j + 1) & (cap - 1);
  index[j] = n + 1;
  return true;
}

/* The provider of that kind, name and hash, or NULL. */
static inline provider *lookup_provider(const sdq_metrics *m, sdq_field kind,
                                        const char *name, size_t len,
                                        uint64_t h) {
  if (!m->index_cap)
    return NULL;
  for (size_t j = (size_t)h & (m->index_cap - 1);;
       j = (j + 1) & (m->index_cap - 1)) {
    size_t n = m->index[j];
    if (!n)
      return NULL;
    provider *p = &m->providers[n - 1];
    if (p->hash == h && p->kind == kind && p->len == len &&
        same_bytes(p->name, name, len))
      return p;
  }
}

/* find_provider() for a name not found: adds it, or past PROVIDERS_MAX
 * finds or adds "(other)" of that kind. Apart, so that the lookup of
 * every record stays small. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static provider *
add_provider(sdq_metrics *m, sdq_field kind, const char *name, size_t len,
             uint64_t h) {
  static const char OTHER[] = "(other)";
  if (m->provider_count >= PROVIDERS_MAX &&
      !(len == sizeof OTHER - 1 && memcmp(name, OTHER, len) == 0)) {
    name = OTHER;
    len = sizeof OTHER - 1;
    h = name_hash(kind, name, len);
    provider *p = lookup_provider(m, kind, name, len, h);
    if (p)
      return p;
  }
  if ((m->provider_count + 1) * 2 > m->index_cap) {
    size_t cap = m->index_cap ? m->index_cap * 2 : 64;
    size_t *index = sdq_calloc(&m->al, cap, sizeof *index);
    if (!index)
      return NULL;
    for (size_t i = 0; i < m->provider_count; i++)
      index_put(m, cap, index, i);
    sdq_free(&m->al, m->index, m->index_cap * sizeof *m->index);
    m->index = index;
    m->index_cap = cap;
  }
  if (!sdq_grow(&m->al, (void **)&m->providers, &m->provider_cap,
                m->provider_count + 1, sizeof *m->providers))
    return NULL;
  provider *p = &m->providers[m->provider_count];
  p->name = sdq_strndup(&m->al, name, len);
  p->m = sdq_alloc(&m->al, sizeof *p->m);
  if (!p->name || !p->m) {
    sdq_free(&m->al, p->name, len + 1);
    sdq_free(&m->al, p->m, sizeof *p->m);
    return NULL;
  }
  metrics_init(p->m, m->engine);
  p->m->is_provider = true;
  p->kind = kind;
  p->len = len;
  p->hash = h;
  index_put(m, m->index_cap, m->index, m->provider_count);
  m->provider_count++;
  return p;
}

/* The provider of that kind and name, added if new (NULL when out of
 * memory). Past PROVIDERS_MAX, "(other)" of that kind. */
static provider *find_provider(sdq_metrics *m, sdq_field kind, const char *name,
                               size_t len) {
  if (len > PROVIDER_NAME_MAX) {
    len = PROVIDER_NAME_MAX; /* at a character boundary */
    while (len && ((unsigned char)name[len] & 0xC0) == 0x80)
      len--;
  }
  uint64_t h = name_hash(kind, name, len);
  provider *p = lookup_provider(m, kind, name, len, h);
  return p ? p : add_provider(m, kind, name, len, h);
}

sdq_status metrics_add(sdq_metrics *m, const sdq_record *rec,
                       const sdq_result *res) {
  /* Providers first: on failure nothing is counted. */
  static const sdq_field KINDS[] = {SDQ_FIELD_PLATFORM_ID,
                                    SDQ_FIELD_CARRIER_ID};
  /* Keep the providers' metrics, not the providers: finding the second
   * may move the array of the first. */
  sdq_metrics *ps[2] = {NULL, NULL};
  for (int k = 0; k < 2; k++) {
    sdq_field f = KINDS[k];
    if (!record_has(rec, f) || res->facts.state[f] != FIELD_PRESENT)
      continue;
    const char *p = rec->v[f].ptr;
    size_t len = rec->v[f].len;
    trim_blanks(&p, &len);
    provider *pv = find_provider(m, f, p, len);
    if (!pv)
      return SDQ_ENOMEM;
    ps[k] = pv->m;
  }
  record_delta d;
  delta_make(&d, rec, res);
  group_add(&m->g, &d, res);
  for (int k = 0; k < 2; k++)
    if (ps[k])
      group_add(&ps[k]->g, &d, res);
  return SDQ_OK;
}

void metrics_reject(sdq_metrics *m) {
  m->g.read++;
  m->g.rejected++;
}

/* ---- public API ---- */

sdq_status sdq_metrics_new(const sdq_engine *engine, sdq_metrics **out) {
  if (!out)
    return SDQ_EINVAL;
  *out = NULL;
  if (!engine)
    return SDQ_EINVAL;
  sdq_metrics *m = sdq_alloc(&engine->al, sizeof *m);
  if (!m)
    return SDQ_ENOMEM;
  metrics_init(m, engine);
  *out = m;
  return SDQ_OK;
}

void sdq_metrics_free(sdq_metrics *m) {
  if (!m)
    return;
  sdq_allocator al = m->al;
  metrics_destroy(m);
  sdq_free(&al, m, sizeof *m);
}

sdq_status sdq_metrics_merge(sdq_metrics *into, const sdq_metrics *from) {
  if (!into || !from || into == from)
    return SDQ_EINVAL;
  /* Find or add every provider first, so that a failure changes nothing
   * but possibly adds empty providers. */
  for (size_t i = 0; i < from->provider_count; i++) {
    const provider *p = &from->providers[i];
    if (!into->is_provider && !find_provider(into, p->kind, p->name, p->len))
      return SDQ_ENOMEM;
  }
  group_merge(&into->g, &from->g);
  into->ids_tracked += from->ids_tracked;
  into->ids_untracked += from->ids_untracked;
  for (size_t i = 0; i < from->provider_count && !into->is_provider; i++) {
    const provider *p = &from->providers[i];
    provider *q = find_provider(into, p->kind, p->name, p->len);
    group_merge(&q->m->g, &p->m->g);
  }
  return SDQ_OK;
}

sdq_status sdq_metrics_records(const sdq_metrics *m, sdq_record_counts *out) {
  if (!m || !out)
    return SDQ_EINVAL;
  out->read = m->g.read;
  out->assessed = m->g.assessed;
  out->rejected = m->g.rejected;
  out->items = m->g.items;
  return SDQ_OK;
}

sdq_status sdq_metrics_field(const sdq_metrics *m, sdq_field field,
                             sdq_field_counts *out) {
  if (!m || !out || !field_valid(field))
    return SDQ_EINVAL;
  int i = field_index(field);
  out->present = group_field(&m->g, i, FIELD_PRESENT);
  out->missing = group_field(&m->g, i, FIELD_MISSING);
  out->placeholder = group_field(&m->g, i, FIELD_PLACEHOLDER);
  out->occurrences = out->present + out->missing + out->placeholder;
  out->required = m->engine ? sdq_engine_requires(m->engine, field) : 0;
  out->invalid = group_field(&m->g, i, 3);
  return SDQ_OK;
}

sdq_status sdq_metrics_rule(const sdq_metrics *m, size_t rule,
                            sdq_rule_counts *out) {
  if (!m || !out || rule >= RULE_COUNT)
    return SDQ_EINVAL;
  out->records = m->g.rule_records[rule];
  out->findings = m->g.rule_findings[rule];
  return SDQ_OK;
}

sdq_status sdq_metrics_ids(const sdq_metrics *m, uint64_t *tracked,
                           uint64_t *untracked) {
  if (!m)
    return SDQ_EINVAL;
  if (tracked)
    *tracked = m->ids_tracked;
  if (untracked)
    *untracked = m->ids_untracked;
  return SDQ_OK;
}

sdq_status sdq_metrics_scores(const sdq_metrics *m, sdq_score_summary *out) {
  if (!m || !out)
    return SDQ_EINVAL;
  memset(out, 0, sizeof *out);
  uint64_t n = m->g.assessed;
  out->mean_quality =
      n ? (double)m->g.quality_milli / 1000.0 / (double)n : 100.0;
  out->mean_risk = n ? (double)m->g.risk_milli / 1000.0 / (double)n : 0.0;
  for (int l = 0; l < 3; l++)
    out->levels[l] = m->g.levels[l];
  for (int d = 0; d < SDQ_DIMENSION_COUNT; d++) {
    out->checks_made[d] = m->g.checks_made[d];
    out->checks_passed[d] = m->g.checks_passed[d];
  }
  for (int b = 0; b < SDQ_HISTOGRAM_BINS; b++) {
    out->quality_histogram[b] = m->g.quality_hist[b];
    out->risk_histogram[b] = m->g.risk_hist[b];
  }
  return SDQ_OK;
}

size_t sdq_metrics_provider_count(const sdq_metrics *m) {
  return m ? m->provider_count : 0;
}

const sdq_metrics *sdq_metrics_provider(const sdq_metrics *m, size_t i,
                                        sdq_field *kind, const char **name) {
  if (!m || i >= m->provider_count) {
    if (kind)
      *kind = SDQ_FIELD_NONE;
    if (name)
      *name = NULL;
    return NULL;
  }
  const provider *p = &m->providers[i];
  if (kind)
    *kind = p->kind;
  if (name)
    *name = p->name;
  return p->m;
}

/* ---- byte format ---- */

/* docs/metrics.md describes it: little-endian, a magic, a version, the
 * field and rule identities (so that files from other library versions are
 * read by name, not by position), then the groups. */
static const char MAGIC[8] = {'S', 'D', 'Q', 'M', 'E', 'T', 'R', 'I'};
#define FORMAT_VERSION 1

typedef struct writer {
  unsigned char *p;
  size_t cap, len;
} writer;

static void put(writer *w, const void *data, size_t n) {
  if (w->len + n <= w->cap && n)
    memcpy(w->p + w->len, data, n);
  w->len += n;
}

static void put_u64(writer *w, uint64_t v) {
  unsigned char b[8];
  for (int i = 0; i < 8; i++)
    b[i] = (unsigned char)(v >> (8 * i));
  put(w, b, 8);
}

static void put_u32(writer *w, uint32_t v) {
  unsigned char b[4];
  for (int i = 0; i < 4; i++)
    b[i] = (unsigned char)(v >> (8 * i));
  put(w, b, 4);
}

static void put_str(writer *w, const char *s, size_t n) {
  put_u32(w, (uint32_t)n);
  put(w, s, n);
}

/* A group: the scalars in struct order, then per field its enum value and
 * four counts, then per rule its records and findings (rules listed once
 * in the header). */
static void put_group(writer *w, const group_metrics *g) {
  put_u64(w, g->read);
  put_u64(w, g->assessed);
  put_u64(w, g->rejected);
  put_u64(w, g->items);
  for (int l = 0; l < 3; l++)
    put_u64(w, g->levels[l]);
  for (int b = 0; b < HIST_BINS; b++)
    put_u64(w, g->quality_hist[b]);
  for (int b = 0; b < HIST_BINS; b++)
    put_u64(w, g->risk_hist[b]);
  put_u64(w, g->quality_milli);
  put_u64(w, g->risk_milli);
  for (int d = 0; d < SDQ_DIMENSION_COUNT; d++) {
    put_u64(w, g->checks_made[d]);
    put_u64(w, g->checks_passed[d]);
  }
  for (int i = 0; i < FIELD_INDEX_COUNT; i++)
    for (int s = 0; s < 4; s++)
      put_u64(w, group_field(g, i, s));
  for (int r = 0; r < RULE_COUNT; r++) {
    put_u64(w, g->rule_records[r]);
    put_u64(w, g->rule_findings[r]);
  }
}

sdq_status sdq_metrics_save(const sdq_metrics *m, void *buf, size_t cap,
                            size_t *len) {
  if (!m || !len || (!buf && cap))
    return SDQ_EINVAL;
  writer w = {buf, cap, 0};
  put(&w, MAGIC, sizeof MAGIC);
  put_u32(&w, FORMAT_VERSION);
  put_u32(&w, FIELD_INDEX_COUNT);
  for (int i = 0; i < FIELD_INDEX_COUNT; i++)
    put_u32(&w, (uint32_t)field_from_index(i));
  put_u32(&w, RULE_COUNT);
  for (int r = 0; r < RULE_COUNT; r++)
    put_str(&w, RULES[r].id, strlen(RULES[r].id));
  put_u64(&w, m->ids_tracked);
  put_u64(&w, m->ids_untracked);
  put_group(&w, &m->g);
  put_u32(&w, (uint32_t)m->provider_count);
  for (size_t i = 0; i < m->provider_count; i++) {
    const provider *p = &m->providers[i];
    put_u32(&w, (uint32_t)p->kind);
    put_str(&w, p->name, p->len);
    put_group(&w, &p->m->g);
  }
  *len = w.len;
  return w.len <= cap ? SDQ_OK : SDQ_ERANGE;
}

typedef struct reader_state {
  const unsigned char *p;
  size_t len, pos;
  bool bad;
  const char *why;
} reader_state;

static void bad(reader_state *r, const char *why) {
  if (!r->bad) {
    r->bad = true;
    r->why = why;
  }
}

static uint64_t get_u64(reader_state *r) {
  if (r->bad || r->len - r->pos < 8) {
    bad(r, "the data ends too early");
    return 0;
  }
  uint64_t v = 0;
  for (int i = 0; i < 8; i++)
    v |= (uint64_t)r->p[r->pos + (size_t)i] << (8 * i);
  r->pos += 8;
  return v;
}

static uint32_t get_u32(reader_state *r) {
  if (r->bad || r->len - r->pos < 4) {
    bad(r, "the data ends too early");
    return 0;
  }
  uint32_t v = 0;
  for (int i = 0; i < 4; i++)
    v |= (uint32_t)r->p[r->pos + (size_t)i] << (8 * i);
  r->pos += 4;
  return v;
}

static const char *get_str(reader_state *r, size_t max, size_t *n) {
  uint32_t len = get_u32(r);
  if (r->bad)
    return NULL;
  if (len > max || r->len - r->pos < len) {
    bad(r, "a string is too long or the data ends too early");
    return NULL;
  }
  const char *s = (const char *)r->p + r->pos;
  r->pos += len;
  *n = len;
  return s;
}

/* How the file's fields and rules map onto this library's. */
typedef struct layout {
  int field[64 + FIELD_INDEX_COUNT]; /* file position -> dense index or -1 */
  uint32_t field_count;
  int rule[256]; /* file position -> rule index or -1 */
  uint32_t rule_count;
} layout;

static void get_group(reader_state *r, const layout *lay, group_metrics *g) {
  g->read = get_u64(r);
  g->assessed = get_u64(r);
  g->rejected = get_u64(r);
  g->items = get_u64(r);
  for (int l = 0; l < 3; l++)
    g->levels[l] = get_u64(r);
  for (int b = 0; b < HIST_BINS; b++)
    g->quality_hist[b] = get_u64(r);
  for (int b = 0; b < HIST_BINS; b++)
    g->risk_hist[b] = get_u64(r);
  g->quality_milli = get_u64(r);
  g->risk_milli = get_u64(r);
  for (int d = 0; d < SDQ_DIMENSION_COUNT; d++) {
    g->checks_made[d] = get_u64(r);
    g->checks_passed[d] = get_u64(r);
  }
  for (uint32_t i = 0; i < lay->field_count; i++)
    for (int s = 0; s < 4; s++) {
      uint64_t v = get_u64(r);
      if (lay->field[i] >= 0)
        g->field[lay->field[i]][s] = v;
    }
  for (uint32_t i = 0; i < lay->rule_count; i++) {
    uint64_t records = get_u64(r), findings = get_u64(r);
    if (lay->rule[i] >= 0) {
      g->rule_records[lay->rule[i]] = records;
      g->rule_findings[lay->rule[i]] = findings;
    }
  }
  if (!r->bad && g->read != g->assessed + g->rejected)
    bad(r, "records read differ from assessed plus rejected");
  /* Every assessed record has one level and one bin in each histogram,
   * and no check passes without being made. */
  uint64_t levels = 0, quality = 0, risk = 0;
  for (int l = 0; l < 3; l++)
    levels += g->levels[l];
  for (int b = 0; b < HIST_BINS; b++) {
    quality += g->quality_hist[b];
    risk += g->risk_hist[b];
  }
  if (!r->bad &&
      (levels != g->assessed || quality != g->assessed || risk != g->assessed))
    bad(r, "levels or histograms differ from the records assessed");
  for (int d = 0; !r->bad && d < SDQ_DIMENSION_COUNT; d++)
    if (g->checks_passed[d] > g->checks_made[d])
      bad(r, "more checks passed than made");
}

sdq_status sdq_metrics_load(const sdq_engine *engine, const void *data,
                            size_t len, sdq_metrics **out, sdq_error *err) {
  if (!out)
    return SDQ_EINVAL;
  *out = NULL;
  if (!engine || (!data && len))
    return SDQ_EINVAL;
  reader_state r = {data, len, 0, false, NULL};
  layout lay;
  sdq_metrics *m = NULL;
  sdq_status st = SDQ_EPARSE;
  if (len < sizeof MAGIC || memcmp(data, MAGIC, sizeof MAGIC) != 0) {
    bad(&r, "not sdq metrics (wrong magic)");
    goto fail;
  }
  r.pos = sizeof MAGIC;
  uint32_t version = get_u32(&r);
  if (!r.bad && version != FORMAT_VERSION) {
    bad(&r, "unsupported metrics format version");
    goto fail;
  }
  lay.field_count = get_u32(&r);
  if (lay.field_count > sizeof lay.field / sizeof lay.field[0])
    bad(&r, "too many fields");
  for (uint32_t i = 0; !r.bad && i < lay.field_count; i++) {
    uint32_t f = get_u32(&r);
    lay.field[i] = field_valid((sdq_field)f) ? field_index((sdq_field)f) : -1;
    if (lay.field[i] < 0)
      bad(&r, "a field unknown to this version of the library");
  }
  lay.rule_count = get_u32(&r);
  if (lay.rule_count > sizeof lay.rule / sizeof lay.rule[0])
    bad(&r, "too many rules");
  for (uint32_t i = 0; !r.bad && i < lay.rule_count; i++) {
    size_t n = 0;
    const char *id = get_str(&r, 64, &n);
    lay.rule[i] = -1;
    for (int k = 0; id && k < RULE_COUNT; k++)
      if (strlen(RULES[k].id) == n && memcmp(RULES[k].id, id, n) == 0)
        lay.rule[i] = k;
    if (!r.bad && lay.rule[i] < 0)
      bad(&r, "a rule unknown to this version of the library");
  }
  if (r.bad)
    goto fail;
  st = sdq_metrics_new(engine, &m);
  if (st != SDQ_OK)
    goto fail;
  st = SDQ_EPARSE;
  m->ids_tracked = get_u64(&r);
  m->ids_untracked = get_u64(&r);
  get_group(&r, &lay, &m->g);
  uint32_t providers = get_u32(&r);
  if (providers > PROVIDERS_MAX + 2)
    bad(&r, "too many providers");
  for (uint32_t i = 0; !r.bad && i < providers; i++) {
    uint32_t kind = get_u32(&r);
    size_t n = 0;
    const char *name = get_str(&r, PROVIDER_NAME_MAX, &n);
    if (r.bad)
      break;
    if (utf8_check(name, n) != SIZE_MAX) {
      bad(&r, "a provider name is not valid UTF-8");
      break;
    }
    if (kind != SDQ_FIELD_PLATFORM_ID && kind != SDQ_FIELD_CARRIER_ID) {
      bad(&r, "a provider of an unknown kind");
      break;
    }
    size_t before = m->provider_count;
    provider *p = find_provider(m, (sdq_field)kind, name, n);
    if (!p) {
      st = SDQ_ENOMEM;
      bad(&r, "out of memory");
      break;
    }
    if (m->provider_count == before) {
      bad(&r, "a provider is listed twice");
      break;
    }
    get_group(&r, &lay, &p->m->g);
  }
  if (!r.bad && r.pos != r.len)
    bad(&r, "data after the end of the metrics");
  if (r.bad)
    goto fail;
  *out = m;
  return SDQ_OK;
fail:
  sdq_metrics_free(m);
  if (err) {
    memset(err, 0, sizeof *err);
    err->code = st;
    err->offset = r.pos;
    snprintf(err->message, sizeof err->message, "%s",
             r.why ? r.why : "out of memory");
  }
  return st;
}
