/* Results: findings, checks made and passed, per-field tallies, scores.
 * Internal to libsdq. */
#ifndef SDQ_RESULT_H
#define SDQ_RESULT_H

#include <stdarg.h>

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

/* What the checks learnt about one item, for the checks that follow. */
typedef struct item_facts {
  uint8_t state[SDQ_ITEM_FIELD_COUNT]; /* field_state of each item field */
  uint8_t num_ok; /* bit k: item field BASE + k parsed as a number */
  uint8_t decimals[SDQ_ITEM_FIELD_COUNT];
  double num[SDQ_ITEM_FIELD_COUNT];
  char origin[2]; /* origin_country when valid */
  bool origin_ok;
  /* risk_item_value_per_kg(), worked out by dataset_prepare() */
  bool per_kg_ok;
  uint16_t heading;
  double per_kg;
} item_facts;

/* What the checks learnt about the record: each field's state, parsed
 * numbers, dates and countries. Filled by completeness and validity, read
 * by consistency and risk, so that nothing is parsed twice. */
typedef struct record_facts {
  uint8_t state[SDQ_CONSIGNMENT_FIELD_COUNT]; /* field_state */
  uint64_t num_ok, day_ok, country_ok;        /* bit f: parsed and valid */
  double num[SDQ_CONSIGNMENT_FIELD_COUNT];
  uint8_t decimals[SDQ_CONSIGNMENT_FIELD_COUNT];
  int32_t day[SDQ_CONSIGNMENT_FIELD_COUNT];     /* days since 1970-01-01 */
  uint32_t ymd[SDQ_CONSIGNMENT_FIELD_COUNT];    /* yyyymmdd */
  char country[SDQ_CONSIGNMENT_FIELD_COUNT][2]; /* upper-case alpha-2 */
  int currency_minor; /* minor units of a valid currency, else -1 */
  char currency[4];   /* the valid currency, upper case, or "" */
  item_facts *items;
  size_t item_cap;
} record_facts;

struct sdq_result {
  const sdq_engine *engine;
  sdq_finding *findings;
  size_t finding_count, finding_cap;
  size_t *reasons; /* finding indexes by contribution, largest first */
  size_t reason_cap;
  sdq_arena arena; /* finding values and messages */
  uint32_t made[SDQ_DIMENSION_COUNT], passed[SDQ_DIMENSION_COUNT];
  /* How the record's fields were found, for the metrics: every other
   * occurrence is present. Each consignment field occurs once, as a bit of
   * `missing` or `placeholder`. Each item field occurs `item_occurrences`
   * times: once per item, or once for a record without items; 0 when
   * completeness has not run, and then nothing was counted. */
  uint64_t missing, placeholder;
  uint32_t item_occurrences;
  uint32_t item_missing[SDQ_ITEM_FIELD_COUNT];
  uint32_t item_placeholder[SDQ_ITEM_FIELD_COUNT];
  uint32_t item_not_present; /* bit k: item_missing[k] or
                                item_placeholder[k] is not 0 */
  /* occurrences of each field present but failing a validity rule */
  uint32_t invalid[FIELD_INDEX_COUNT];
  record_facts facts;
  /* What the dataset-level checks need of the record, worked out by
   * dataset_prepare() in sdq_engine_assess(), on any thread, so that
   * sdq_batch_complete(), which runs in input order on one, only looks it
   * up. Made for `keys.engine`'s profile; NULL when not made. */
  struct {
    const sdq_engine *engine;
    uint64_t id[3]; /* id_key() of shipment_id, awb, postal_item_id, or 0 */
    const struct threshold *threshold; /* risk_threshold(), and its value */
    double value;
    uint64_t split; /* the split-shipment pair's key; 0: not a candidate */
    int32_t split_day;
  } keys;
  double risk;
  sdq_level level;
};

void result_reset(sdq_result *res);

/* The length of at most `max` bytes of UTF-8 text, cut at a character
 * boundary: for quoting values in messages with "%.*s". */
static inline int clip_utf8(const char *p, size_t len, size_t max) {
  if (len > max) {
    len = max;
    while (len && ((unsigned char)p[len] & 0xC0) == 0x80)
      len--;
  }
  return (int)len;
}
#define CLIP(p, len, max) clip_utf8((p), (len), (max)), (p)

/* Cuts a NUL-terminated string (e.g. one snprintf truncated) back to its
 * last complete UTF-8 character. */
static inline void end_utf8(char *s) {
  size_t n = 0;
  while (s[n])
    n++;
  size_t i = n;
  while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
    i--;
  if (i == 0)
    return;
  unsigned char lead = (unsigned char)s[i - 1];
  size_t need = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
  if (n - (i - 1) < need)
    s[i - 1] = '\0';
}
/* Makes room for the facts of n items (cleared). */
sdq_status result_prepare_items(sdq_result *res, size_t n);
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
/* result_add with the arguments of the message in a va_list, for the
 * checks' own printf-like helpers. */
sdq_status result_addv(sdq_result *res, rule_index rule, sdq_severity severity,
                       double weight, sdq_field field, int32_t item,
                       const sdq_view *value, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 8, 0)))
#endif
    ;
/* Percent of checks passed; 100 when none was made. */
static inline double result_ratio(uint32_t passed, uint32_t made) {
  return made ? 100.0 * passed / made : 100.0;
}
/* sdq_result_quality() of a result. */
static inline double result_quality(const sdq_result *res) {
  uint32_t made = 0, passed = 0;
  for (int d = 0; d < SDQ_DIMENSION_COUNT; d++) {
    made += res->made[d];
    passed += res->passed[d];
  }
  return result_ratio(passed, made);
}
/* Computes risk, level, contributions and the order of the reasons. */
sdq_status result_score(sdq_result *res, double level_medium,
                        double level_high);

#endif
