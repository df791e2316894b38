/* Completeness: is each required field there, and is each value a value
 * rather than a placeholder? See docs/rules.md. */
#include "check.h"

#include <stdio.h>
#include <string.h>

static bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
         c == '\f';
}

bool is_blank(const char *p, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (!is_space(p[i]))
      return false;
  return true;
}

/* Placeholders seen in shipment data standing for "no value" (ICS2 stop
 * words for parties, PACT's rejected values, and what carriers' systems
 * put in mandatory fields). Compared with the whole value after trimming
 * and ASCII case folding, so "Nana Unknownson" is not one. */
#define P(s)                                                                   \
  { (s), sizeof(s) - 1 }
static const struct {
  const char *text;
  size_t len;
} PLACEHOLDERS[] = {
    P("n/a"),
    P("n.a."),
    P("n.a"),
    P("na"),
    P("n/d"),
    P("none"),
    P("null"),
    P("nil"),
    P("unknown"),
    P("unk"),
    P("tba"),
    P("tbc"),
    P("tbd"),
    P("-"),
    P("--"),
    P("---"),
    P("?"),
    P("??"),
    P("???"),
    P("xxx"),
    P("xx"),
    P("x"),
    P("test"),
    P("not available"),
    P("not applicable"),
    P("no name"),
};
#undef P
#define PLACEHOLDER_COUNT (sizeof PLACEHOLDERS / sizeof PLACEHOLDERS[0])
#define PLACEHOLDER_MAX 14 /* "not applicable" */

/* Whether a byte can start a placeholder: most values are rejected on
 * their first byte. */
static bool placeholder_start(char c) {
  switch (c) {
  case 'n':
  case 'N':
  case 'u':
  case 'U':
  case 't':
  case 'T':
  case 'x':
  case 'X':
  case '-':
  case '?':
  case '0':
    return true;
  default:
    return false;
  }
}

static bool is_country_field(sdq_field f) {
  return f == SDQ_FIELD_SELLER_COUNTRY || f == SDQ_FIELD_BUYER_COUNTRY ||
         f == SDQ_FIELD_DEPARTURE_COUNTRY ||
         f == SDQ_FIELD_DESTINATION_COUNTRY || f == SDQ_FIELD_ORIGIN_COUNTRY;
}

bool is_placeholder(const char *p, size_t len, sdq_field field) {
  field_kind kind = field_kind_of(field);
  while (len && is_space(*p)) {
    p++;
    len--;
  }
  while (len && is_space(p[len - 1]))
    len--;
  if (len == 0 || len > PLACEHOLDER_MAX || !placeholder_start(p[0]))
    return false;
  /* "0" says nothing in a name or an id; in a number it is a value, which
   * the validity rules judge. */
  if (len == 1 && p[0] == '0')
    return kind != FIELD_NUMBER && kind != FIELD_DATE;
  char folded[PLACEHOLDER_MAX];
  for (size_t i = 0; i < len; i++) {
    char ch = p[i];
    folded[i] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
  }
  /* "NA" is Namibia's country code. */
  if (is_country_field(field) && len == 2 && memcmp(folded, "na", 2) == 0)
    return false;
  for (size_t i = 0; i < PLACEHOLDER_COUNT; i++)
    if (PLACEHOLDERS[i].len == len &&
        memcmp(PLACEHOLDERS[i].text, folded, len) == 0)
      return true;
  return false;
}

/* Classifies one occurrence of a field, counts it, checks it, and adds a
 * finding when it fails. */
static sdq_status assess_value(check_ctx *c, sdq_field f, int32_t item,
                               bool has, sdq_view v) {
  const profile *p = c->profile;
  bool required = profile_requires(p, f);
  const char *name = sdq_field_name(f);
  sdq_result *res = c->res;
  field_state state;
  if (!has || is_blank(v.ptr, v.len))
    state = FIELD_MISSING;
  else if (is_placeholder(v.ptr, v.len, f))
    state = FIELD_PLACEHOLDER;
  else
    state = FIELD_PRESENT;
  res->tally[field_index(f)][state]++;
  if (item == SDQ_NO_ITEM)
    res->facts.state[f] = (uint8_t)state;
  else
    res->facts.items[item].state[f - SDQ_ITEM_FIELD_BASE] = (uint8_t)state;

  if (state == FIELD_MISSING) {
    if (!required)
      return SDQ_OK;
    result_check(res, SDQ_DIM_COMPLETENESS, false);
    const rule_params *rp = &p->rules[RULE_COMPLETENESS_MISSING];
    if (!rp->enabled)
      return SDQ_OK;
    return result_add(res, RULE_COMPLETENESS_MISSING, rp->severity, rp->weight,
                      f, item, has ? &v : NULL, "required field %s is %s", name,
                      has ? "empty" : "missing");
  }
  result_check(res, SDQ_DIM_COMPLETENESS, state == FIELD_PRESENT);
  const rule_params *rp = &p->rules[RULE_COMPLETENESS_PLACEHOLDER];
  if (state == FIELD_PRESENT || !rp->enabled)
    return SDQ_OK;
  /* A placeholder where the profile requires a value is as bad as a missing
   * value; in an optional field it only lowers the data's credibility. */
  sdq_severity sev = rp->severity;
  double weight = rp->weight;
  if (!required) {
    sev = sev > SDQ_SEVERITY_WARNING ? SDQ_SEVERITY_WARNING : sev;
    weight /= 2;
  }
  return result_add(res, RULE_COMPLETENESS_PLACEHOLDER, sev, weight, f, item,
                    &v, "%s \"%.*s\" is a placeholder, not a value%s", name,
                    CLIP(v.ptr, v.len, 40),
                    required ? " (the field is required)" : "");
}

/* A "one of" group: one check, passed when any of its fields has a value. */
static sdq_status assess_group(check_ctx *c, uint64_t group) {
  const sdq_record *r = c->rec;
  for (int f = 0; f < SDQ_CONSIGNMENT_FIELD_COUNT; f++) {
    if (!((group >> f) & 1u) || !record_has(r, (sdq_field)f))
      continue;
    sdq_view v = r->v[f];
    if (!is_blank(v.ptr, v.len) &&
        !is_placeholder(v.ptr, v.len, (sdq_field)f)) {
      result_check(c->res, SDQ_DIM_COMPLETENESS, true);
      return SDQ_OK;
    }
  }
  result_check(c->res, SDQ_DIM_COMPLETENESS, false);
  const rule_params *rp = &c->profile->rules[RULE_COMPLETENESS_MISSING];
  if (!rp->enabled)
    return SDQ_OK;
  char names[256];
  size_t n = 0;
  sdq_field first = SDQ_FIELD_NONE;
  for (int f = 0; f < SDQ_CONSIGNMENT_FIELD_COUNT && n < sizeof names; f++) {
    if (!((group >> f) & 1u))
      continue;
    if (first == SDQ_FIELD_NONE)
      first = (sdq_field)f;
    int k = snprintf(names + n, sizeof names - n, "%s%s", n ? ", " : "",
                     sdq_field_name((sdq_field)f));
    n += k > 0 ? (size_t)k : 0;
  }
  return result_add(c->res, RULE_COMPLETENESS_MISSING, rp->severity, rp->weight,
                    first, SDQ_NO_ITEM, NULL,
                    "one of %s is required, and none has a value", names);
}

sdq_status check_completeness(check_ctx *c) {
  const sdq_record *r = c->rec;
  sdq_status prep = result_prepare_items(c->res, r->item_count);
  if (prep != SDQ_OK)
    return prep;
  for (size_t g = 0; g < c->profile->one_of_count; g++) {
    sdq_status st = assess_group(c, c->profile->one_of[g]);
    if (st != SDQ_OK)
      return st;
  }
  for (int f = 0; f < SDQ_CONSIGNMENT_FIELD_COUNT; f++) {
    bool has = record_has(r, (sdq_field)f);
    sdq_view v = has ? r->v[f] : (sdq_view){NULL, 0};
    sdq_status st = assess_value(c, (sdq_field)f, SDQ_NO_ITEM, has, v);
    if (st != SDQ_OK)
      return st;
  }
  if (r->item_count == 0) {
    /* No item: each item field is missing once, for the consignment. */
    for (int k = 0; k < SDQ_ITEM_FIELD_COUNT; k++) {
      sdq_field f = (sdq_field)(SDQ_ITEM_FIELD_BASE + k);
      const profile *p = c->profile;
      c->res->tally[field_index(f)][FIELD_MISSING]++;
      if (!profile_requires(p, f))
        continue;
      result_check(c->res, SDQ_DIM_COMPLETENESS, false);
      const rule_params *rp = &p->rules[RULE_COMPLETENESS_MISSING];
      if (!rp->enabled)
        continue;
      sdq_status st = result_add(
          c->res, RULE_COMPLETENESS_MISSING, rp->severity, rp->weight, f,
          SDQ_NO_ITEM, NULL,
          "required field %s is missing: the consignment has no items",
          sdq_field_name(f));
      if (st != SDQ_OK)
        return st;
    }
    return SDQ_OK;
  }
  for (size_t i = 0; i < r->item_count; i++) {
    const record_item *it = &r->items[i];
    for (int k = 0; k < SDQ_ITEM_FIELD_COUNT; k++) {
      sdq_field f = (sdq_field)(SDQ_ITEM_FIELD_BASE + k);
      bool has = item_has(it, f);
      sdq_view v = has ? item_get(it, f) : (sdq_view){NULL, 0};
      sdq_status st = assess_value(c, f, (int32_t)i, has, v);
      if (st != SDQ_OK)
        return st;
    }
  }
  return SDQ_OK;
}
