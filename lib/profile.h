/* Profiles: required fields, rule switches, severities, weights and
 * parameters. Built-in profiles are JSON documents like users' own, parsed
 * when an engine is made. Internal to libsdq. */
#ifndef SDQ_PROFILE_H
#define SDQ_PROFILE_H

#include "alloc.h"
#include "rules.h"
#include "sdq.h"

#include <stdbool.h>
#include <stdint.h>

#define PROFILE_NAME_MAX 64
#define PROFILE_ONE_OF_MAX 8

typedef struct rule_params {
  bool enabled;
  sdq_severity severity;
  double weight; /* contribution to the risk score, 0..1 */
} rule_params;

typedef struct profile {
  char name[PROFILE_NAME_MAX];
  uint64_t required;       /* bit f: consignment field f is required */
  uint32_t required_items; /* bit k: item field BASE + k is required */
  /* groups of consignment fields of which at least one is required */
  uint64_t one_of[PROFILE_ONE_OF_MAX];
  size_t one_of_count;
  rule_params rules[RULE_COUNT];
  profile_params params;
  double level_medium; /* risk at or above: medium */
  double level_high;   /* risk at or above: high */
} profile;

/* A built-in profile's JSON document by name, or NULL. */
const char *profile_builtin_json(const char *name);

/* Parses a profile document into *out. `extends` names are looked up with
 * `find` (built-in profiles when NULL), up to a nesting of 8. On error,
 * `err` names the offending key, field or rule with its line and column. */
typedef const char *(*profile_find_fn)(void *ctx, const char *name);
sdq_status profile_parse(profile *out, const char *json, size_t len,
                         profile_find_fn find, void *ctx, sdq_error *err);

static inline bool profile_requires(const profile *p, sdq_field f) {
  return f >= SDQ_ITEM_FIELD_BASE
             ? (p->required_items >> (f - SDQ_ITEM_FIELD_BASE)) & 1u
             : (p->required >> f) & 1u;
}

#endif
