/* Results: findings, checks made and passed, per-field tallies, scores.
 * Internal to libsdq. */
#ifndef SDQ_RESULT_H
#define SDQ_RESULT_H

#include "alloc.h"
#include "fields.h"
#include "record.h"
#include "rules.h"
#include "sdq.h"

/* How a field occurrence was found, for the metrics. */
typedef enum field_state {
  FIELD_PRESENT = 0,
  FIELD_MISSING = 1,
  FIELD_PLACEHOLDER = 2
} field_state;

struct sdq_result {
  const sdq_engine *engine;
  sdq_finding *findings;
  size_t finding_count, finding_cap;
  sdq_arena arena; /* finding values and messages */
  uint32_t made[SDQ_DIMENSION_COUNT], passed[SDQ_DIMENSION_COUNT];
  /* occurrences of each field in each state */
  uint32_t tally[FIELD_INDEX_COUNT][3];
  double risk;
  sdq_level level;
};

void result_reset(sdq_result *res);
static inline void result_check(sdq_result *res, sdq_dimension d, bool passed) {
  res->made[d]++;
  res->passed[d] += passed;
}
/* Adds a finding; `value` may be NULL (absent). The message is formatted
 * into the result's arena. */
sdq_status result_add(sdq_result *res, rule_index rule, sdq_severity severity,
                      double weight, sdq_field field, int32_t item,
                      const sdq_view *value, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 8, 9)))
#endif
    ;
/* Computes risk and level from the findings. */
void result_score(sdq_result *res, double level_medium, double level_high);

#endif
