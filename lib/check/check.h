/* The checks run on each record. Internal to libsdq. */
#ifndef SDQ_CHECK_H
#define SDQ_CHECK_H

#include "../engine.h"
#include "../profile.h"
#include "../record.h"
#include "../result.h"

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

/* The ids a batch has seen, for uniqueness.duplicate_id. */
typedef struct id_slot id_slot;
typedef struct id_set {
  id_slot *slots;
  size_t cap, count;
  uint64_t untracked; /* ids not remembered past max_ids */
} id_set;
void id_set_free(id_set *s, const sdq_allocator *al);
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

/* risk.vague_description on every item's description. */
sdq_status check_vague_descriptions(check_ctx *c);
/* Whether the term table is sorted, as the lookup needs (for tests). */
bool vague_terms_sorted(void);

/* 1 if the value, trimmed and case-folded, is a placeholder in this field. */
bool is_placeholder(const char *p, size_t len, sdq_field field);
/* 1 if the value is empty or only white space. */
bool is_blank(const char *p, size_t len);

#endif
