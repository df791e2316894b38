/* Consistency: do the values of a record agree with each other? Each rule
 * compares values the validity rules found valid (the facts), and makes no
 * check when a value it needs is missing or invalid: that is already a
 * finding, and a comparison with it would only repeat it. */
#include "check.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static bool has_num(const record_facts *fx, sdq_field f) {
  return (fx->num_ok >> f) & 1u;
}
static bool has_day(const record_facts *fx, sdq_field f) {
  return (fx->day_ok >> f) & 1u;
}
static bool has_country(const record_facts *fx, sdq_field f) {
  return (fx->country_ok >> f) & 1u;
}

static sdq_status fail(check_ctx *c, rule_index rule, sdq_field f, int32_t item,
                       const sdq_view *v, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

static sdq_status fail(check_ctx *c, rule_index rule, sdq_field f, int32_t item,
                       const sdq_view *v, const char *fmt, ...) {
  result_check(c->res, SDQ_DIM_CONSISTENCY, false);
  const rule_params *rp = &c->profile->rules[rule];
  if (!rp->enabled)
    return SDQ_OK;
  va_list ap;
  va_start(ap, fmt);
  sdq_status st =
      result_addv(c->res, rule, rp->severity, rp->weight, f, item, v, fmt, ap);
  va_end(ap);
  return st;
}

static void pass(check_ctx *c) {
  result_check(c->res, SDQ_DIM_CONSISTENCY, true);
}

static bool on(const check_ctx *c, rule_index rule) {
  return c->profile->rules[rule].enabled;
}

static sdq_view value_of(const sdq_record *r, sdq_field f) { return r->v[f]; }

/* Formats an amount with the currency's decimals. */
static void amount(char *out, size_t cap, double v, int minor) {
  snprintf(out, cap, "%.*f", minor < 0 ? 2 : minor, v);
}

static sdq_status total_value(check_ctx *c) {
  const sdq_record *r = c->rec;
  const record_facts *fx = &c->res->facts;
  if (!has_num(fx, SDQ_FIELD_TOTAL_VALUE) || r->item_count == 0)
    return SDQ_OK;
  const int k = SDQ_FIELD_ITEM_VALUE - SDQ_ITEM_FIELD_BASE;
  double sum = 0;
  for (size_t i = 0; i < r->item_count; i++) {
    if (!((fx->items[i].num_ok >> k) & 1u))
      return SDQ_OK; /* an item value missing or invalid: nothing to add */
    sum += fx->items[i].num[k];
  }
  /* Each value may have been rounded to the currency's minor unit: half a
   * unit per item and for the total. */
  int minor = fx->currency_minor;
  double unit = 1.0;
  for (int i = 0; i < (minor < 0 ? 2 : minor); i++)
    unit /= 10.0;
  double tolerance = unit * 0.5 * (double)(r->item_count + 1) + 1e-9;
  double total = fx->num[SDQ_FIELD_TOTAL_VALUE];
  if ((sum > total ? sum - total : total - sum) <= tolerance) {
    pass(c);
    return SDQ_OK;
  }
  char a[48], b[48], d[48];
  amount(a, sizeof a, sum, minor);
  amount(b, sizeof b, total, minor);
  amount(d, sizeof d, (sum > total ? sum - total : total - sum), minor);
  sdq_view v = value_of(r, SDQ_FIELD_TOTAL_VALUE);
  return fail(c, RULE_CONSISTENCY_TOTAL_VALUE, SDQ_FIELD_TOTAL_VALUE,
              SDQ_NO_ITEM, &v,
              "the %zu item value%s add up to %s, but total_value is %s "
              "(%s %s)",
              r->item_count, r->item_count == 1 ? "" : "s", a, b, d,
              sum > total ? "more" : "less");
}

static sdq_status weight(check_ctx *c) {
  const sdq_record *r = c->rec;
  const record_facts *fx = &c->res->facts;
  if (!has_num(fx, SDQ_FIELD_GROSS_WEIGHT))
    return SDQ_OK;
  double gross = fx->num[SDQ_FIELD_GROSS_WEIGHT];
  sdq_view gv = value_of(r, SDQ_FIELD_GROSS_WEIGHT);
  const int k = SDQ_FIELD_NET_WEIGHT - SDQ_ITEM_FIELD_BASE;
  double net = 0;
  bool all = r->item_count > 0;
  for (size_t i = 0; i < r->item_count; i++) {
    if ((fx->items[i].num_ok >> k) & 1u)
      net += fx->items[i].num[k];
    else
      all = false;
  }
  /* Compare what is known: even a partial sum above the gross weight is
   * inconsistent. 1 g of tolerance for rounding to grams. */
  if (net > 0) {
    if (net > gross + 0.001 + 1e-9)
      return fail(c, RULE_CONSISTENCY_WEIGHT, SDQ_FIELD_GROSS_WEIGHT,
                  SDQ_NO_ITEM, &gv,
                  "the net weight%s of the items (%.3f kg) exceed%s the gross "
                  "weight %.3f kg",
                  all && r->item_count > 1 ? "s" : "", net,
                  all && r->item_count > 1 ? "" : "s", gross);
    pass(c);
  }
  if (has_num(fx, SDQ_FIELD_PIECES) && fx->num[SDQ_FIELD_PIECES] >= 1) {
    const profile_params *pp = &c->profile->params;
    double per = gross / fx->num[SDQ_FIELD_PIECES];
    if (per < pp->min_kg_per_piece || per > pp->max_kg_per_piece)
      return fail(c, RULE_CONSISTENCY_WEIGHT, SDQ_FIELD_GROSS_WEIGHT,
                  SDQ_NO_ITEM, &gv,
                  "gross weight per piece is %g kg, outside the plausible "
                  "%g to %g kg",
                  per, pp->min_kg_per_piece, pp->max_kg_per_piece);
    pass(c);
  }
  return SDQ_OK;
}

static sdq_status countries(check_ctx *c, sdq_field a, sdq_field b,
                            rule_index rule) {
  const record_facts *fx = &c->res->facts;
  if (!has_country(fx, a) || !has_country(fx, b))
    return SDQ_OK;
  if (memcmp(fx->country[a], fx->country[b], 2) == 0) {
    pass(c);
    return SDQ_OK;
  }
  sdq_view v = value_of(c->rec, b);
  return fail(c, rule, b, SDQ_NO_ITEM, &v, "%s is %.2s, but %s is %s%.2s",
              sdq_field_name(a), fx->country[a], sdq_field_name(b),
              rule == RULE_CONSISTENCY_LOCATION_COUNTRY ? "in " : "",
              fx->country[b]);
}

static void iso_date(char *out, size_t cap, uint32_t ymd) {
  snprintf(out, cap, "%04u-%02u-%02u", ymd / 10000, ymd / 100 % 100, ymd % 100);
}

static sdq_status dates(check_ctx *c) {
  const record_facts *fx = &c->res->facts;
  const sdq_field DEP = SDQ_FIELD_DEPARTURE_DATE, ARR = SDQ_FIELD_ARRIVAL_DATE,
                  DEC = SDQ_FIELD_DECLARATION_DATE;
  char a[16], b[16];
  if (has_day(fx, DEP) && has_day(fx, ARR)) {
    if (fx->day[ARR] < fx->day[DEP]) {
      iso_date(a, sizeof a, fx->ymd[ARR]);
      iso_date(b, sizeof b, fx->ymd[DEP]);
      sdq_view v = value_of(c->rec, ARR);
      sdq_status st = fail(c, RULE_CONSISTENCY_DATES, ARR, SDQ_NO_ITEM, &v,
                           "arrival_date %s is before departure_date %s", a, b);
      if (st != SDQ_OK)
        return st;
    } else {
      pass(c);
    }
  }
  if (has_day(fx, DEC) && has_day(fx, ARR)) {
    /* Advance data is declared before the goods arrive. */
    if (fx->day[DEC] > fx->day[ARR]) {
      iso_date(a, sizeof a, fx->ymd[DEC]);
      iso_date(b, sizeof b, fx->ymd[ARR]);
      sdq_view v = value_of(c->rec, DEC);
      sdq_status st =
          fail(c, RULE_CONSISTENCY_DATES, DEC, SDQ_NO_ITEM, &v,
               "declaration_date %s is after arrival_date %s", a, b);
      if (st != SDQ_OK)
        return st;
    } else {
      pass(c);
    }
  }
  const settings *s = &c->engine->s;
  if (!s->has_reference_day)
    return SDQ_OK;
  const profile_params *pp = &c->profile->params;
  static const sdq_field ALL[] = {SDQ_FIELD_DECLARATION_DATE,
                                  SDQ_FIELD_DEPARTURE_DATE,
                                  SDQ_FIELD_ARRIVAL_DATE};
  for (size_t i = 0; i < 3; i++) {
    sdq_field f = ALL[i];
    if (!has_day(fx, f))
      continue;
    double ahead = f == DEC ? pp->declaration_grace_days : pp->max_days_ahead;
    double days = (double)fx->day[f] - (double)s->reference_day;
    if (days <= ahead) {
      pass(c);
      continue;
    }
    iso_date(a, sizeof a, fx->ymd[f]);
    sdq_view v = value_of(c->rec, f);
    sdq_status st = fail(c, RULE_CONSISTENCY_DATES, f, SDQ_NO_ITEM, &v,
                         "%s %s is %.0f days in the future (more than %g)",
                         sdq_field_name(f), a, days, ahead);
    if (st != SDQ_OK)
      return st;
  }
  return SDQ_OK;
}

static sdq_status precision_of(check_ctx *c, sdq_field f, int32_t item,
                               unsigned decimals, int minor,
                               const sdq_view *v) {
  if ((int)decimals <= minor) {
    pass(c);
    return SDQ_OK;
  }
  return fail(c, RULE_CONSISTENCY_CURRENCY_PRECISION, f, item, v,
              "%s \"%.*s\" has %u decimal%s; the currency has %d",
              sdq_field_name(f), CLIP(v->ptr, v->len, 40), decimals,
              decimals == 1 ? "" : "s", minor);
}

static sdq_status currency_precision(check_ctx *c) {
  const sdq_record *r = c->rec;
  const record_facts *fx = &c->res->facts;
  int minor = fx->currency_minor;
  if (minor < 0)
    return SDQ_OK;
  if (has_num(fx, SDQ_FIELD_TOTAL_VALUE)) {
    sdq_view v = value_of(r, SDQ_FIELD_TOTAL_VALUE);
    sdq_status st =
        precision_of(c, SDQ_FIELD_TOTAL_VALUE, SDQ_NO_ITEM,
                     fx->decimals[SDQ_FIELD_TOTAL_VALUE], minor, &v);
    if (st != SDQ_OK)
      return st;
  }
  const int k = SDQ_FIELD_ITEM_VALUE - SDQ_ITEM_FIELD_BASE;
  for (size_t i = 0; i < r->item_count; i++) {
    if (!((fx->items[i].num_ok >> k) & 1u))
      continue;
    sdq_view v = item_get(&r->items[i], SDQ_FIELD_ITEM_VALUE);
    sdq_status st = precision_of(c, SDQ_FIELD_ITEM_VALUE, (int32_t)i,
                                 fx->items[i].decimals[k], minor, &v);
    if (st != SDQ_OK)
      return st;
  }
  return SDQ_OK;
}

sdq_status check_consistency(check_ctx *c) {
  sdq_status st = SDQ_OK;
  if (on(c, RULE_CONSISTENCY_TOTAL_VALUE))
    st = total_value(c);
  if (st == SDQ_OK && on(c, RULE_CONSISTENCY_WEIGHT))
    st = weight(c);
  if (st == SDQ_OK && on(c, RULE_CONSISTENCY_DESTINATION))
    st = countries(c, SDQ_FIELD_BUYER_COUNTRY, SDQ_FIELD_DESTINATION_COUNTRY,
                   RULE_CONSISTENCY_DESTINATION);
  if (st == SDQ_OK && on(c, RULE_CONSISTENCY_LOCATION_COUNTRY))
    st = countries(c, SDQ_FIELD_DEPARTURE_COUNTRY, SDQ_FIELD_DEPARTURE_LOCATION,
                   RULE_CONSISTENCY_LOCATION_COUNTRY);
  if (st == SDQ_OK && on(c, RULE_CONSISTENCY_LOCATION_COUNTRY))
    st = countries(c, SDQ_FIELD_DESTINATION_COUNTRY, SDQ_FIELD_ARRIVAL_LOCATION,
                   RULE_CONSISTENCY_LOCATION_COUNTRY);
  if (st == SDQ_OK && on(c, RULE_CONSISTENCY_DATES))
    st = dates(c);
  if (st == SDQ_OK && on(c, RULE_CONSISTENCY_CURRENCY_PRECISION))
    st = currency_precision(c);
  return st;
}
