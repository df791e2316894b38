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
    [RULE_VALIDITY_EMAIL] = {"validity.email", SDQ_DIM_VALIDITY,
                             SDQ_SEVERITY_WARNING, 0.03,
                             "an e-mail address is malformed"},
    [RULE_VALIDITY_PHONE] =
        {"validity.phone", SDQ_DIM_VALIDITY, SDQ_SEVERITY_WARNING, 0.03,
         "a phone number does not have the shape of ITU-T E.123 / E.164"},
    [RULE_RISK_VAGUE_DESCRIPTION] =
        {"risk.vague_description", SDQ_DIM_RISK, SDQ_SEVERITY_WARNING, 0.20,
         "a goods description is only a general term customs does not "
         "accept (\"gift\", \"parts\", \"various goods\")"},
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
