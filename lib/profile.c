#include "profile.h"

#include <string.h>

#define REQ(f) ((uint64_t)1 << (f))
#define REQ_ITEM(f) (1u << ((f)-SDQ_ITEM_FIELD_BASE))

/* Default rule settings shared by the built-in profiles. A missing required
 * field and a placeholder standing in for one weigh the same: both leave
 * the officer without the data. */
#define DEFAULT_RULES                                                          \
  {                                                                            \
    [RULE_COMPLETENESS_MISSING] = {true, SDQ_SEVERITY_ERROR, 0.15},            \
    [RULE_COMPLETENESS_PLACEHOLDER] = {true, SDQ_SEVERITY_ERROR, 0.15},        \
  }

static const profile BUILTIN[] = {
    {
        .name = "core",
        .required = REQ(SDQ_FIELD_SHIPMENT_ID) | REQ(SDQ_FIELD_SELLER_NAME) |
                    REQ(SDQ_FIELD_SELLER_COUNTRY) | REQ(SDQ_FIELD_BUYER_NAME) |
                    REQ(SDQ_FIELD_BUYER_ADDRESS) |
                    REQ(SDQ_FIELD_BUYER_COUNTRY) | REQ(SDQ_FIELD_GROSS_WEIGHT) |
                    REQ(SDQ_FIELD_TOTAL_VALUE) | REQ(SDQ_FIELD_CURRENCY),
        .required_items = REQ_ITEM(SDQ_FIELD_DESCRIPTION),
        .rules = DEFAULT_RULES,
        .level_medium = 25.0,
        .level_high = 50.0,
    },
};

#define BUILTIN_COUNT (sizeof BUILTIN / sizeof BUILTIN[0])

const profile *profile_builtin(const char *name) {
  for (size_t i = 0; name && i < BUILTIN_COUNT; i++)
    if (strcmp(BUILTIN[i].name, name) == 0)
      return &BUILTIN[i];
  return NULL;
}

size_t sdq_profile_count(void) { return BUILTIN_COUNT; }

const char *sdq_profile_name(size_t i) {
  return i < BUILTIN_COUNT ? BUILTIN[i].name : NULL;
}
