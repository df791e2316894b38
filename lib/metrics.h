/* Metrics: counts over assessed records that merge exactly, per batch and
 * per data provider. Internal to libsdq. */
#ifndef SDQ_METRICS_H
#define SDQ_METRICS_H

#include "alloc.h"
#include "fields.h"
#include "record.h"
#include "result.h"
#include "rules.h"
#include "sdq.h"

#define HIST_BINS 20 /* quality and risk in steps of 5; 100 in the last */

/* Everything counted for one group of records (all, or one provider).
 * Only integers, so that merging is exact and independent of order;
 * scores are summed in thousandths of a point. */
typedef struct group_metrics {
  uint64_t read, assessed, rejected, items;
  uint64_t levels[3];
  uint64_t quality_hist[HIST_BINS], risk_hist[HIST_BINS];
  uint64_t quality_milli, risk_milli;
  uint64_t checks_made[SDQ_DIMENSION_COUNT], checks_passed[SDQ_DIMENSION_COUNT];
  /* Per field: present, missing, placeholder, invalid. Each counted
   * record adds one occurrence of every consignment field and
   * `item_occurrences` of every item field; nearly all are present, so the
   * present count is kept as what loading and merging added, less the
   * counted occurrences that were not present, and the occurrences counted
   * are added when it is read (group_field()). Sums stay exact modulo
   * 2^64 however they are merged. */
  uint64_t field[FIELD_INDEX_COUNT][4];
  uint64_t field_records, item_occurrences;
  uint64_t rule_records[RULE_COUNT], rule_findings[RULE_COUNT];
  /* The consignment fields' missing occurrences counted since the group
   * was made, as 64 bit-sliced counters: bit f of missing_bits[j] is bit j
   * of field f's count, so that a record's missing fields are added in a
   * few word operations, however many they are. Added to field[][] (and
   * taken from present) when read or merged; not a sum, so kept last. */
  uint64_t missing_bits[64];
} group_metrics;

/* Providers kept per metrics object; records of further providers are
 * counted under "(other)" (merges stay exact until the cap is reached). */
#define PROVIDERS_MAX 10000
#define PROVIDER_NAME_MAX 128

typedef struct provider {
  sdq_field kind; /* SDQ_FIELD_PLATFORM_ID or SDQ_FIELD_CARRIER_ID */
  char *name;
  size_t len;
  uint64_t hash;
  sdq_metrics *m; /* a metrics object without providers of its own */
} provider;

struct sdq_metrics {
  sdq_allocator al;
  const sdq_engine *engine;
  group_metrics g;
  uint64_t ids_tracked, ids_untracked;
  provider *providers;
  size_t provider_count, provider_cap;
  size_t *index; /* open addressing: provider number + 1, 0 empty */
  size_t index_cap;
  bool is_provider;
};

sdq_status metrics_init(sdq_metrics *m, const sdq_engine *e);
void metrics_destroy(sdq_metrics *m);
/* Counts an assessed record and its result. */
sdq_status metrics_add(sdq_metrics *m, const sdq_record *rec,
                       const sdq_result *res);
void metrics_reject(sdq_metrics *m);

#endif
