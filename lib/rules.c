#include "rules.h"

#include <string.h>

const rule_info RULES[RULE_COUNT] = {
    [RULE_COMPLETENESS_MISSING] =
        {"completeness.missing", SDQ_DIM_COMPLETENESS, SDQ_SEVERITY_ERROR, 0.15,
         "a field the profile requires is absent, empty or only white space"},
    [RULE_COMPLETENESS_PLACEHOLDER] =
        {"completeness.placeholder", SDQ_DIM_COMPLETENESS, SDQ_SEVERITY_ERROR,
         0.15,
         "a value is a placeholder (N/A, unknown, none, TBA, -, xxx, test, "
         "0 ...) standing for a missing value"},
};

size_t sdq_rule_count(void) { return RULE_COUNT; }

const char *sdq_rule_id(size_t rule) {
  return rule < RULE_COUNT ? RULES[rule].id : NULL;
}

sdq_dimension sdq_rule_dimension(size_t rule) {
  return rule < RULE_COUNT ? RULES[rule].dimension : SDQ_DIM_COMPLETENESS;
}

const char *sdq_rule_summary(size_t rule) {
  return rule < RULE_COUNT ? RULES[rule].summary : NULL;
}

sdq_status sdq_rule_find(const char *id, size_t *rule) {
  if (!id)
    return SDQ_EINVAL;
  for (size_t i = 0; i < RULE_COUNT; i++) {
    if (strcmp(RULES[i].id, id) == 0) {
      if (rule)
        *rule = i;
      return SDQ_OK;
    }
  }
  return SDQ_ENOTFOUND;
}
