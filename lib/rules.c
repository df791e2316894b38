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
    [RULE_VALIDITY_JUNK_TEXT] =
        {"validity.junk_text", SDQ_DIM_VALIDITY, SDQ_SEVERITY_ERROR, 0.15,
         "a name, address or description is only digits, punctuation, "
         "special characters, one repeated character or a file extension"},
    [RULE_VALIDITY_COUNTRY] = {"validity.country", SDQ_DIM_VALIDITY,
                               SDQ_SEVERITY_ERROR, 0.10,
                               "a country is not an ISO 3166-1 alpha-2 code"},
    [RULE_VALIDITY_CURRENCY] = {"validity.currency", SDQ_DIM_VALIDITY,
                                SDQ_SEVERITY_ERROR, 0.10,
                                "a currency is not a current ISO 4217 code"},
    [RULE_VALIDITY_HS_CODE] =
        {"validity.hs_code", SDQ_DIM_VALIDITY, SDQ_SEVERITY_ERROR, 0.10,
         "an HS code is malformed or not in the HS edition in force at the "
         "record's date"},
    [RULE_VALIDITY_NUMBER] =
        {"validity.number", SDQ_DIM_VALIDITY, SDQ_SEVERITY_ERROR, 0.10,
         "a quantity, weight or value is not a number, is negative, is zero "
         "where that is impossible, or is ambiguous"},
    [RULE_VALIDITY_DATE] =
        {"validity.date", SDQ_DIM_VALIDITY, SDQ_SEVERITY_ERROR, 0.10,
         "a date is not an ISO 8601 date or date-time, or no such day"},
    [RULE_VALIDITY_S10] =
        {"validity.s10", SDQ_DIM_VALIDITY, SDQ_SEVERITY_ERROR, 0.10,
         "a postal item id is not a UPU S10 identifier with a correct check "
         "digit and country"},
    [RULE_VALIDITY_AWB] =
        {"validity.awb", SDQ_DIM_VALIDITY, SDQ_SEVERITY_ERROR, 0.10,
         "an air waybill number is malformed or its check digit is wrong"},
    [RULE_VALIDITY_CONTAINER] =
        {"validity.container", SDQ_DIM_VALIDITY, SDQ_SEVERITY_ERROR, 0.10,
         "a container number is not ISO 6346 or its check digit is wrong"},
    [RULE_VALIDITY_EORI] =
        {"validity.eori", SDQ_DIM_VALIDITY, SDQ_SEVERITY_WARNING, 0.05,
         "a party id written as an EORI number is malformed or has an "
         "unknown country"},
    [RULE_VALIDITY_LOCODE] = {"validity.locode", SDQ_DIM_VALIDITY,
                              SDQ_SEVERITY_WARNING, 0.05,
                              "a location is not a UN/LOCODE"},
    [RULE_VALIDITY_POSTCODE] =
        {"validity.postcode", SDQ_DIM_VALIDITY, SDQ_SEVERITY_WARNING, 0.05,
         "a postcode does not have the format of its country"},
    [RULE_VALIDITY_EMAIL] = {"validity.email", SDQ_DIM_VALIDITY,
                             SDQ_SEVERITY_WARNING, 0.03,
                             "an e-mail address is malformed"},
    [RULE_VALIDITY_PHONE] =
        {"validity.phone", SDQ_DIM_VALIDITY, SDQ_SEVERITY_WARNING, 0.03,
         "a phone number does not have the shape of ITU-T E.123 / E.164"},
    [RULE_CONSISTENCY_TOTAL_VALUE] =
        {"consistency.total_value", SDQ_DIM_CONSISTENCY, SDQ_SEVERITY_ERROR,
         0.15,
         "the items' values do not add up to the total value within the "
         "currency's rounding"},
    [RULE_CONSISTENCY_WEIGHT] =
        {"consistency.weight", SDQ_DIM_CONSISTENCY, SDQ_SEVERITY_ERROR, 0.10,
         "the items' net weights exceed the gross weight, or the gross weight "
         "per piece is implausible"},
    [RULE_CONSISTENCY_DESTINATION] =
        {"consistency.destination", SDQ_DIM_CONSISTENCY, SDQ_SEVERITY_WARNING,
         0.10, "the buyer's country is not the destination country"},
    [RULE_CONSISTENCY_LOCATION_COUNTRY] =
        {"consistency.location_country", SDQ_DIM_CONSISTENCY,
         SDQ_SEVERITY_WARNING, 0.05,
         "a UN/LOCODE's country differs from the country given beside it"},
    [RULE_CONSISTENCY_DATES] =
        {"consistency.dates", SDQ_DIM_CONSISTENCY, SDQ_SEVERITY_WARNING, 0.05,
         "arrival before departure, declaration after arrival, or a date "
         "too far in the future"},
    [RULE_CONSISTENCY_CURRENCY_PRECISION] =
        {"consistency.currency_precision", SDQ_DIM_CONSISTENCY,
         SDQ_SEVERITY_WARNING, 0.02,
         "a value has more decimals than its currency has (EUR 2, JPY 0, "
         "BHD 3)"},
    [RULE_UNIQUENESS_DUPLICATE_ID] =
        {"uniqueness.duplicate_id", SDQ_DIM_UNIQUENESS, SDQ_SEVERITY_ERROR,
         0.20,
         "a shipment_id, awb or postal_item_id was already seen in the batch"},
    [RULE_RISK_VAGUE_DESCRIPTION] =
        {"risk.vague_description", SDQ_DIM_RISK, SDQ_SEVERITY_WARNING, 0.20,
         "a goods description is only a general term customs does not "
         "accept (\"gift\", \"parts\", \"various goods\")"},
    [RULE_RISK_NEAR_THRESHOLD] =
        {"risk.near_threshold", SDQ_DIM_RISK, SDQ_SEVERITY_WARNING, 0.10,
         "the total value is just under a value threshold of the "
         "destination (EU EUR 150, US USD 800 ...)"},
    [RULE_RISK_LOW_VALUE_PER_KG] =
        {"risk.low_value_per_kg", SDQ_DIM_RISK, SDQ_SEVERITY_WARNING, 0.15,
         "an item's value per kg is below the floor for its HS heading or far "
         "below the batch's other items of that heading"},
    [RULE_RISK_SPLIT_SHIPMENT] =
        {"risk.split_shipment", SDQ_DIM_RISK, SDQ_SEVERITY_WARNING, 0.25,
         "one buyer receives from one seller, within a few days, several "
         "consignments each under a threshold and together over it"},
    [RULE_RISK_WATCHLIST] = {"risk.watchlist", SDQ_DIM_RISK, SDQ_SEVERITY_ERROR,
                             0.50,
                             "a party matches an entry of the watch-list"},
    [RULE_RISK_ORIGIN_MISMATCH] =
        {"risk.origin_mismatch", SDQ_DIM_RISK, SDQ_SEVERITY_WARNING, 0.15,
         "goods of one origin leave from a departure country the profile "
         "marks for that origin"},
    [RULE_RISK_GIFT_COMMERCIAL] =
        {"risk.gift_commercial", SDQ_DIM_RISK, SDQ_SEVERITY_WARNING, 0.15,
         "a consignment declared a gift comes from a business or a "
         "marketplace, or in commercial quantities"},
};

#include <stddef.h>

const rule_param_info RULE_PARAMS[] = {
    {RULE_CONSISTENCY_WEIGHT, "min_kg_per_piece",
     offsetof(profile_params, min_kg_per_piece), 0, 1e6, 0.001,
     "gross weight per piece below this is implausible"},
    {RULE_CONSISTENCY_WEIGHT, "max_kg_per_piece",
     offsetof(profile_params, max_kg_per_piece), 0, 1e9, 1000,
     "gross weight per piece above this is implausible"},
    {RULE_CONSISTENCY_DATES, "max_days_ahead",
     offsetof(profile_params, max_days_ahead), 0, 36500, 90,
     "departure or arrival more than this many days after the reference "
     "time"},
    {RULE_CONSISTENCY_DATES, "declaration_grace_days",
     offsetof(profile_params, declaration_grace_days), 0, 36500, 1,
     "a declaration dated later than the reference time by more than this"},
    {RULE_UNIQUENESS_DUPLICATE_ID, "max_ids", offsetof(profile_params, max_ids),
     0, 1e9, 1000000,
     "distinct ids remembered per batch (24 to 48 bytes each); beyond it ids "
     "are counted as untracked"},
    {RULE_RISK_NEAR_THRESHOLD, "band", offsetof(profile_params, threshold_band),
     0, 1, 0.10,
     "how far under a threshold, as a share of it, a value is near it"},
    {RULE_RISK_LOW_VALUE_PER_KG, "ratio", offsetof(profile_params, value_ratio),
     0, 1, 0.10,
     "an item below this share of the median value per kg of its heading in "
     "the batch fires"},
    {RULE_RISK_LOW_VALUE_PER_KG, "min_items",
     offsetof(profile_params, value_min_items), 1, 1e9, 30,
     "items of a heading the batch must have seen before the median counts"},
    {RULE_RISK_SPLIT_SHIPMENT, "window_days",
     offsetof(profile_params, split_window_days), 0, 3650, 7,
     "days within which consignments of one seller to one buyer are added up"},
    {RULE_RISK_SPLIT_SHIPMENT, "max_pairs",
     offsetof(profile_params, split_max_pairs), 1, 1e9, 40000,
     "seller and buyer pairs remembered per batch (about 170 bytes each); "
     "when full, pairs with nothing in the window are dropped"},
    {RULE_RISK_WATCHLIST, "similarity",
     offsetof(profile_params, watch_similarity), 0.01, 1, 0.85,
     "share of words two names must have in common (1: exact, in any word "
     "order)"},
    {RULE_RISK_GIFT_COMMERCIAL, "max_quantity",
     offsetof(profile_params, gift_max_quantity), 1, 1e9, 5,
     "an item quantity above this is commercial"},
};
const size_t RULE_PARAM_COUNT = sizeof RULE_PARAMS / sizeof RULE_PARAMS[0];

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

double *param_slot(profile_params *pp, const rule_param_info *pi) {
  /* By offset, through a switch rather than pointer arithmetic on the
   * struct, so that every member is reached as a double. */
  switch (pi->offset) {
  case offsetof(profile_params, min_kg_per_piece):
    return &pp->min_kg_per_piece;
  case offsetof(profile_params, max_kg_per_piece):
    return &pp->max_kg_per_piece;
  case offsetof(profile_params, max_days_ahead):
    return &pp->max_days_ahead;
  case offsetof(profile_params, declaration_grace_days):
    return &pp->declaration_grace_days;
  case offsetof(profile_params, max_ids):
    return &pp->max_ids;
  case offsetof(profile_params, threshold_band):
    return &pp->threshold_band;
  case offsetof(profile_params, value_ratio):
    return &pp->value_ratio;
  case offsetof(profile_params, value_min_items):
    return &pp->value_min_items;
  case offsetof(profile_params, split_window_days):
    return &pp->split_window_days;
  case offsetof(profile_params, split_max_pairs):
    return &pp->split_max_pairs;
  case offsetof(profile_params, watch_similarity):
    return &pp->watch_similarity;
  default:
    return &pp->gift_max_quantity;
  }
}
