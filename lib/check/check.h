/* The checks run on each record. Internal to libsdq. */
#ifndef SDQ_CHECK_H
#define SDQ_CHECK_H

#include "../engine.h"
#include "../profile.h"
#include "../record.h"
#include "../result.h"
#include "values.h"

typedef struct check_ctx {
  const sdq_engine *engine;
  const profile *profile;
  const sdq_record *rec;
  sdq_result *res;
} check_ctx;

/* completeness.missing and completeness.placeholder, and the per-field
 * tallies the metrics use. */
sdq_status check_completeness(check_ctx *c);

/* The validity rules on every present value; fills the facts (parsed
 * numbers, dates, countries) that later checks use. */
sdq_status check_validity(check_ctx *c);

/* The consistency rules, on the facts validity found. */
sdq_status check_consistency(check_ctx *c);

/* The ids a batch has seen, for uniqueness.duplicate_id: their keys and
 * the records that gave them first, in the order they came, and a hash
 * table of their places in that order. */
typedef struct id_entry {
  uint64_t key;
  uint64_t record;
} id_entry;
typedef struct id_set {
  /* 0: empty, else the place + 1 in the low `shift` bits and, above them,
   * the top 32 - shift bits of the key, so that a probe reads the ids
   * only when those match */
  uint32_t *slots;
  size_t cap; /* slots: 1 << shift */
  unsigned shift;
  id_entry *ids;
  size_t count, room; /* ids, and room for them */
  uint64_t untracked; /* ids not remembered past max_ids */
} id_set;
void id_set_free(id_set *s, const sdq_allocator *al);
/* Starts fetching the places of the record's id keys in the set: a hint,
 * which pays when other work comes between it and check_uniqueness(). */
void id_set_prefetch(const id_set *s, const sdq_result *res);
/* The ids of one record not seen before, to remember once its assessment
 * has succeeded. */
typedef struct id_pending {
  uint64_t keys[3];
  size_t count;
  uint64_t untracked;
} id_pending;
/* uniqueness.duplicate_id: looks the record's ids up in `ids`, and notes
 * the new ones in `pending` without changing `ids` (but for capacity). */
sdq_status check_uniqueness(check_ctx *c, id_set *ids, id_pending *pending);
/* Remembers the pending ids as given by record `record` of the batch. */
void id_set_commit(id_set *ids, const id_pending *pending, uint64_t record);

/* risk.split_shipment: the consignments of a seller to a buyer within the
 * window, each under a threshold. */
#define SPLIT_ENTRIES 8
typedef struct split_entry {
  int32_t day;  /* days since 1970 */
  double value; /* in the threshold's currency */
  char id[36];
} split_entry;
typedef struct split_pair {
  uint64_t key;
  size_t count;
  split_entry entries[SPLIT_ENTRIES];
} split_pair;
/* The pairs are kept together in `pairs`, and found through `slots`, a hash
 * table of their keys and places: growing or sweeping the table then moves
 * 16 bytes a pair, not the whole pair. */
typedef struct split_slot split_slot;
typedef struct split_state {
  split_slot *slots;
  size_t cap;   /* slots */
  size_t count; /* pairs */
  split_pair *pairs;
  size_t pairs_cap;
  uint64_t untracked;
  int32_t latest;     /* the latest day seen */
  size_t since_sweep; /* pairs added since old pairs were last dropped */
} split_state;
typedef struct split_pending {
  uint64_t key; /* 0: nothing to remember */
  split_entry entry;
} split_pending;
sdq_status check_split(check_ctx *c, split_state *s, split_pending *pending);
/* Starts fetching the place of the record's split-shipment key (a hint). */
void split_prefetch(const split_state *s, const sdq_result *res);
void split_commit(split_state *s, const split_pending *pending);
void split_state_free(split_state *s, const sdq_allocator *al);

/* risk.low_value_per_kg against the batch: values per kg per HS heading. */
typedef struct value_hist {
  uint64_t total;
  uint64_t upto;   /* items in the buckets up to the median's */
  uint32_t median; /* the median's bucket, kept as items are added */
  uint32_t buckets[80];
} value_hist;
typedef struct value_pending {
  uint32_t hist;
  uint8_t bucket;
} value_pending;
typedef struct value_state {
  uint32_t *index; /* heading -> hist + 1; 0 none */
  double edge[81]; /* the lower bound of each bucket, and the last's upper */
  value_hist *hist;
  size_t count, cap;
  value_pending *pending;
  size_t pending_count, pending_cap;
} value_state;
sdq_status check_value_batch(check_ctx *c, value_state *s);
/* Work out, from the record alone, what the dataset-level checks and the
 * threshold rules need, for c->profile: the id keys (res->keys.id), as
 * soon as completeness has given the fields' states; then the rest
 * (res->keys, the items' values per kg), which marks the keys made. */
void dataset_prepare_ids(check_ctx *c);
void dataset_prepare(check_ctx *c);
void value_commit(value_state *s);
void value_state_free(value_state *s, const sdq_allocator *al);

/* The record-level risk rules (risk.c) and their helpers. */
sdq_status check_risk(check_ctx *c);
bool risk_destination(const check_ctx *c, char out[2]);
uint32_t risk_date(const check_ctx *c); /* yyyymmdd or 0 */
const threshold *risk_threshold(const check_ctx *c, double *value);
bool risk_item_value_per_kg(const check_ctx *c, size_t item, unsigned *heading,
                            double *per_kg);

/* risk.vague_description on every item's description. */
sdq_status check_vague_descriptions(check_ctx *c);
/* Whether the term table is sorted, as the lookup needs, and the table of
 * their first bytes has every term (for tests). */
bool vague_terms_sorted(void);

/* 1 if the value, trimmed and case-folded, is a placeholder in this field. */
bool is_placeholder(const char *p, size_t len, sdq_field field);
/* 1 if the value is empty or only white space. */
bool is_blank(const char *p, size_t len);

#endif
