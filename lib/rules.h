/* The rule catalogue. Internal to libsdq; ids are public and stable. */
#ifndef SDQ_RULES_H
#define SDQ_RULES_H

#include "sdq.h"

/* Dense rule indexes, in catalogue order (docs/rules.md). */
typedef enum rule_index {
  RULE_COMPLETENESS_MISSING = 0,
  RULE_COMPLETENESS_PLACEHOLDER,
  RULE_VALIDITY_JUNK_TEXT,
  RULE_VALIDITY_COUNTRY,
  RULE_VALIDITY_CURRENCY,
  RULE_VALIDITY_HS_CODE,
  RULE_VALIDITY_NUMBER,
  RULE_VALIDITY_DATE,
  RULE_VALIDITY_S10,
  RULE_VALIDITY_AWB,
  RULE_VALIDITY_CONTAINER,
  RULE_VALIDITY_EORI,
  RULE_VALIDITY_LOCODE,
  RULE_VALIDITY_POSTCODE,
  RULE_VALIDITY_EMAIL,
  RULE_VALIDITY_PHONE,
  RULE_CONSISTENCY_TOTAL_VALUE,
  RULE_CONSISTENCY_WEIGHT,
  RULE_CONSISTENCY_DESTINATION,
  RULE_CONSISTENCY_LOCATION_COUNTRY,
  RULE_CONSISTENCY_DATES,
  RULE_CONSISTENCY_CURRENCY_PRECISION,
  RULE_UNIQUENESS_DUPLICATE_ID,
  RULE_RISK_VAGUE_DESCRIPTION,
  RULE_RISK_NEAR_THRESHOLD,
  RULE_RISK_LOW_VALUE_PER_KG,
  RULE_RISK_SPLIT_SHIPMENT,
  RULE_RISK_WATCHLIST,
  RULE_RISK_ORIGIN_MISMATCH,
  RULE_RISK_GIFT_COMMERCIAL,
  RULE_COUNT
} rule_index;

typedef struct rule_info {
  const char *id;
  sdq_dimension dimension;
  sdq_severity severity; /* default, before any profile */
  double weight;         /* default weight in the risk score */
  const char *summary;
} rule_info;

extern const rule_info RULES[RULE_COUNT];

/* A numeric parameter of a rule, set in profiles as
 * "rules": {"consistency.weight": {"params": {"max_kg_per_piece": 500}}}. */
typedef struct rule_param_info {
  rule_index rule;
  const char *name;
  size_t offset; /* of the double in struct profile_params */
  double min, max, default_value;
  const char *summary;
} rule_param_info;

typedef struct profile_params {
  double min_kg_per_piece;
  double max_kg_per_piece;
  double max_days_ahead;
  double declaration_grace_days;
  double max_ids;
  double threshold_band;
  double value_ratio;
  double value_min_items;
  double split_window_days;
  double split_max_pairs;
  double watch_similarity;
  double gift_max_quantity;
} profile_params;

extern const rule_param_info RULE_PARAMS[];
extern const size_t RULE_PARAM_COUNT;

/* The member of `pp` that parameter `pi` sets. */
double *param_slot(profile_params *pp, const rule_param_info *pi);

#endif
