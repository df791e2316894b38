/* Profiles: required fields, rule switches, severities and weights.
 * Internal to libsdq. */
#ifndef SDQ_PROFILE_H
#define SDQ_PROFILE_H

#include "rules.h"
#include "sdq.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct rule_params {
  bool enabled;
  sdq_severity severity;
  double weight; /* contribution to the risk score, 0..1 */
} rule_params;

typedef struct profile {
  const char *name;
  uint64_t required;       /* bit f: consignment field f is required */
  uint32_t required_items; /* bit k: item field BASE + k is required */
  rule_params rules[RULE_COUNT];
  double level_medium; /* risk at or above: medium */
  double level_high;   /* risk at or above: high */
} profile;

/* A built-in profile by name, or NULL. */
const profile *profile_builtin(const char *name);

static inline bool profile_requires(const profile *p, sdq_field f) {
  return f >= SDQ_ITEM_FIELD_BASE
             ? (p->required_items >> (f - SDQ_ITEM_FIELD_BASE)) & 1u
             : (p->required >> f) & 1u;
}

#endif
