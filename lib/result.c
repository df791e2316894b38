#include "result.h"

#include "engine.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

sdq_status sdq_result_new(const sdq_engine *engine, sdq_result **out) {
  if (!out)
    return SDQ_EINVAL;
  *out = NULL;
  if (!engine)
    return SDQ_EINVAL;
  sdq_result *res = sdq_calloc(&engine->al, 1, sizeof *res);
  if (!res)
    return SDQ_ENOMEM;
  res->engine = engine;
  sdq_arena_init(&res->arena, &engine->al);
  *out = res;
  return SDQ_OK;
}

void sdq_result_free(sdq_result *res) {
  if (!res)
    return;
  const sdq_allocator *al = &res->engine->al;
  sdq_arena_free(&res->arena);
  sdq_free(al, res->findings, res->finding_cap * sizeof *res->findings);
  sdq_free(al, res->reasons, res->reason_cap * sizeof *res->reasons);
  sdq_free(al, res->facts.items,
           res->facts.item_cap * sizeof *res->facts.items);
  sdq_free(al, res, sizeof *res);
}

void result_reset(sdq_result *res) {
  res->finding_count = 0;
  sdq_arena_reset(&res->arena);
  memset(res->made, 0, sizeof res->made);
  memset(res->passed, 0, sizeof res->passed);
  res->missing = res->placeholder = 0;
  res->item_occurrences = 0;
  res->item_not_present = 0;
  memset(res->item_missing, 0, sizeof res->item_missing);
  memset(res->item_placeholder, 0, sizeof res->item_placeholder);
  memset(res->invalid, 0, sizeof res->invalid);
  res->facts.num_ok = res->facts.day_ok = res->facts.country_ok = 0;
  res->facts.currency_minor = -1;
  res->facts.currency[0] = '\0';
  res->keys.engine = NULL;
  res->risk = 0;
  res->level = SDQ_LEVEL_LOW;
}

sdq_status result_prepare_items(sdq_result *res, size_t n) {
  /* Nearly always there is room already: no call then. */
  if (n > res->facts.item_cap &&
      !sdq_grow(&res->engine->al, (void **)&res->facts.items,
                &res->facts.item_cap, n, sizeof *res->facts.items))
    return SDQ_ENOMEM;
  if (n)
    memset(res->facts.items, 0, n * sizeof *res->facts.items);
  return SDQ_OK;
}

sdq_status result_add(sdq_result *res, rule_index rule, sdq_severity severity,
                      double weight, sdq_field field, int32_t item,
                      const sdq_view *value, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  sdq_status st =
      result_addv(res, rule, severity, weight, field, item, value, fmt, ap);
  va_end(ap);
  return st;
}

sdq_status result_addv(sdq_result *res, rule_index rule, sdq_severity severity,
                       double weight, sdq_field field, int32_t item,
                       const sdq_view *value, const char *fmt, va_list ap) {
  if (!sdq_grow(&res->engine->al, (void **)&res->findings, &res->finding_cap,
                res->finding_count + 1, sizeof *res->findings))
    return SDQ_ENOMEM;
  char msg[512];
  int n = vsnprintf(msg, sizeof msg, fmt, ap);
  if (n < 0)
    msg[0] = '\0';
  /* A cut message (here or by the check that wrote it) ends on a whole
   * character. */
  end_utf8(msg);
  n = (int)strlen(msg);
  char *m = sdq_arena_strndup(&res->arena, msg, (size_t)n);
  char *v = NULL;
  if (value) {
    v = sdq_arena_strndup(&res->arena, value->ptr, value->len);
    if (!v)
      return SDQ_ENOMEM;
  }
  if (!m)
    return SDQ_ENOMEM;
  sdq_finding *f = &res->findings[res->finding_count++];
  f->rule = rule;
  f->dimension = RULES[rule].dimension;
  f->severity = severity;
  f->field = field;
  f->item = item;
  f->value = v;
  f->value_len = value ? value->len : 0;
  f->message = m;
  f->weight = weight;
  f->contribution = 0.0;
  return SDQ_OK;
}

sdq_status result_score(sdq_result *res, double level_medium,
                        double level_high) {
  /* 1 - risk/100 = prod(1 - w): each finding adds -log(1 - w) to
   * -log(1 - risk/100), which splits the risk exactly. */
  double keep = 1.0, logs = 0.0;
  for (size_t i = 0; i < res->finding_count; i++) {
    double w = res->findings[i].weight;
    w = w <= 0 ? 0 : w >= 1.0 ? 1.0 - 1e-12 : w;
    keep *= 1.0 - w;
    res->findings[i].contribution = -log1p(-w);
    logs += res->findings[i].contribution;
  }
  res->risk = 100.0 * (1.0 - keep);
  for (size_t i = 0; i < res->finding_count; i++)
    res->findings[i].contribution =
        logs > 0 ? res->risk * res->findings[i].contribution / logs : 0.0;
  res->level = res->risk >= level_high     ? SDQ_LEVEL_HIGH
               : res->risk >= level_medium ? SDQ_LEVEL_MEDIUM
                                           : SDQ_LEVEL_LOW;
  if (res->finding_count > res->reason_cap &&
      !sdq_grow(&res->engine->al, (void **)&res->reasons, &res->reason_cap,
                res->finding_count, sizeof *res->reasons))
    return SDQ_ENOMEM;
  /* Insertion sort: findings are few, and it keeps ties in order. */
  for (size_t i = 0; i < res->finding_count; i++) {
    size_t j = i;
    double c = res->findings[i].contribution;
    while (j > 0 && res->findings[res->reasons[j - 1]].contribution < c) {
      res->reasons[j] = res->reasons[j - 1];
      j--;
    }
    res->reasons[j] = i;
  }
  return SDQ_OK;
}

double sdq_result_quality(const sdq_result *res) {
  return res ? result_quality(res) : 0;
}

double sdq_result_dimension_quality(const sdq_result *res,
                                    sdq_dimension dimension,
                                    uint32_t *checks_made,
                                    uint32_t *checks_passed) {
  uint32_t made = 0, passed = 0;
  bool valid = res && (unsigned)dimension < SDQ_DIMENSION_COUNT;
  if (valid) {
    made = res->made[dimension];
    passed = res->passed[dimension];
  }
  if (checks_made)
    *checks_made = made;
  if (checks_passed)
    *checks_passed = passed;
  return valid ? result_ratio(passed, made) : 0.0;
}

double sdq_result_risk(const sdq_result *res) { return res ? res->risk : 0; }

sdq_level sdq_result_level(const sdq_result *res) {
  return res ? res->level : SDQ_LEVEL_LOW;
}

size_t sdq_result_finding_count(const sdq_result *res) {
  return res ? res->finding_count : 0;
}

const sdq_finding *sdq_result_finding(const sdq_result *res, size_t i) {
  return res && i < res->finding_count ? &res->findings[i] : NULL;
}

const sdq_finding *sdq_result_reason(const sdq_result *res, size_t i) {
  return res && i < res->finding_count && res->reasons
             ? &res->findings[res->reasons[i]]
             : NULL;
}
