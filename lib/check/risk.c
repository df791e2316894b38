/* Risk rules that look at one record: values just under a threshold,
 * values per kg under a floor, watch-listed parties, origins routed
 * through marked countries, and gifts that look like sales. The rules that
 * compare records (split shipments, values per kg against the batch) are in
 * dataset.c. docs/rules.md gives each rule's source. */
#include "check.h"

#include "../engine.h"
#include "names.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static sdq_status fire(check_ctx *c, rule_index rule, sdq_field f, int32_t item,
                       const sdq_view *v, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

static sdq_status fire(check_ctx *c, rule_index rule, sdq_field f, int32_t item,
                       const sdq_view *v, const char *fmt, ...) {
  const rule_params *rp = &c->profile->rules[rule];
  va_list ap;
  va_start(ap, fmt);
  sdq_status st =
      result_addv(c->res, rule, rp->severity, rp->weight, f, item, v, fmt, ap);
  va_end(ap);
  return st;
}

static bool on(const check_ctx *c, rule_index rule) {
  return c->profile->rules[rule].enabled;
}

static bool has_country(const record_facts *fx, sdq_field f) {
  return (fx->country_ok >> f) & 1u;
}

/* The record's currency as an upper-case code when valid. */
static bool currency_of(const check_ctx *c, char out[4]) {
  if (!c->res->facts.currency[0])
    return false;
  memcpy(out, c->res->facts.currency, 4);
  return true;
}

bool risk_destination(const check_ctx *c, char out[2]) {
  const record_facts *fx = &c->res->facts;
  sdq_field f = has_country(fx, SDQ_FIELD_DESTINATION_COUNTRY)
                    ? SDQ_FIELD_DESTINATION_COUNTRY
                    : SDQ_FIELD_BUYER_COUNTRY;
  if (!has_country(fx, f))
    return false;
  memcpy(out, fx->country[f], 2);
  return true;
}

uint32_t risk_date(const check_ctx *c) {
  const record_facts *fx = &c->res->facts;
  if ((fx->day_ok >> SDQ_FIELD_DECLARATION_DATE) & 1u)
    return fx->ymd[SDQ_FIELD_DECLARATION_DATE];
  if ((fx->day_ok >> SDQ_FIELD_DEPARTURE_DATE) & 1u)
    return fx->ymd[SDQ_FIELD_DEPARTURE_DATE];
  return 0;
}

const threshold *risk_threshold(const check_ctx *c, double *value) {
  const record_facts *fx = &c->res->facts;
  char dest[2], cur[4];
  if (!((fx->num_ok >> SDQ_FIELD_TOTAL_VALUE) & 1u) ||
      !risk_destination(c, dest) || !currency_of(c, cur))
    return NULL;
  uint32_t day = risk_date(c);
  const profile *p = c->profile;
  for (size_t i = 0; i < p->threshold_count; i++) {
    const threshold *t = &p->thresholds[i];
    if (!t->any_destination && !country_in(&t->destinations, dest))
      continue;
    if (day && (day < t->from || (t->until && day >= t->until)))
      continue;
    if (profile_convert(p, fx->num[SDQ_FIELD_TOTAL_VALUE], cur, t->currency,
                        value))
      return t;
  }
  return NULL;
}

static sdq_status near_threshold(check_ctx *c) {
  const threshold *t = c->res->keys.threshold; /* dataset_prepare() */
  const double value = c->res->keys.value;
  if (!t)
    return SDQ_OK;
  double band = c->profile->params.threshold_band;
  if (!(value < t->amount && value >= t->amount * (1.0 - band)))
    return SDQ_OK;
  sdq_view v = c->rec->v[SDQ_FIELD_TOTAL_VALUE];
  return fire(c, RULE_RISK_NEAR_THRESHOLD, SDQ_FIELD_TOTAL_VALUE, SDQ_NO_ITEM,
              &v, "total value %.2f %s is %.1f%% under the %s %g threshold%s%s",
              value, t->currency, 100.0 * (t->amount - value) / t->amount,
              t->currency, t->amount, t->note[0] ? ": " : "", t->note);
}

/* The floor of an HS code's heading, else of its chapter, in the base
 * currency; 0 when none. */
static double floor_of(const profile *p, unsigned heading) {
  double chapter_floor = 0;
  for (size_t i = 0; i < p->floor_count; i++) {
    const value_floor *f = &p->floors[i];
    if (f->digits == 4 && f->code == heading)
      return f->per_kg;
    if (f->digits == 2 && f->code == heading / 100)
      chapter_floor = f->per_kg;
  }
  return chapter_floor;
}

static bool is_digit4(const char *p) {
  return (unsigned)(p[0] - '0') < 10u && (unsigned)(p[1] - '0') < 10u &&
         (unsigned)(p[2] - '0') < 10u && (unsigned)(p[3] - '0') < 10u;
}

bool risk_item_value_per_kg(const check_ctx *c, size_t i, unsigned *heading,
                            double *per_kg) {
  const item_facts *it = &c->res->facts.items[i];
  const int kv = SDQ_FIELD_ITEM_VALUE - SDQ_ITEM_FIELD_BASE;
  const int kw = SDQ_FIELD_NET_WEIGHT - SDQ_ITEM_FIELD_BASE;
  const int kh = SDQ_FIELD_HS_CODE - SDQ_ITEM_FIELD_BASE;
  char cur[4];
  if (!((it->num_ok >> kv) & 1u) || !((it->num_ok >> kw) & 1u) ||
      it->num[kw] <= 0 || it->state[kh] != FIELD_PRESENT ||
      !currency_of(c, cur) || !c->profile->base_currency[0])
    return false;
  /* The heading: the first 4 digits of the code, separators ignored. */
  sdq_view h = item_get(&c->rec->items[i], SDQ_FIELD_HS_CODE);
  unsigned code = 0, n = 0;
  if (h.len >= 4 && is_digit4(h.ptr)) {
    /* The common case, "620342" or "1806.32": four digits first. */
    code = (unsigned)(h.ptr[0] - '0') * 1000 +
           (unsigned)(h.ptr[1] - '0') * 100 + (unsigned)(h.ptr[2] - '0') * 10 +
           (unsigned)(h.ptr[3] - '0');
    n = 4;
  }
  for (size_t k = 0; k < h.len && n < 4; k++) {
    char ch = h.ptr[k];
    if (ch >= '0' && ch <= '9') {
      code = code * 10 + (unsigned)(ch - '0');
      n++;
    } else if (ch != '.' && ch != ' ' && ch != '-') {
      return false;
    }
  }
  if (n < 4)
    return false;
  double value;
  if (!profile_convert(c->profile, it->num[kv], cur, c->profile->base_currency,
                       &value))
    return false;
  *heading = code;
  *per_kg = value / it->num[kw];
  return true;
}

static sdq_status low_value_floor(check_ctx *c) {
  const profile *p = c->profile;
  if (!p->floor_count)
    return SDQ_OK;
  for (size_t i = 0; i < c->rec->item_count; i++) {
    const item_facts *it = &c->res->facts.items[i]; /* dataset_prepare() */
    if (!it->per_kg_ok)
      continue;
    const unsigned heading = it->heading;
    const double per_kg = it->per_kg;
    double floor = floor_of(p, heading);
    if (floor <= 0 || per_kg >= floor)
      continue;
    sdq_view v = item_get(&c->rec->items[i], SDQ_FIELD_ITEM_VALUE);
    sdq_status st = fire(
        c, RULE_RISK_LOW_VALUE_PER_KG, SDQ_FIELD_ITEM_VALUE, (int32_t)i, &v,
        "item value is %.2f %s per kg, under the floor of "
        "%.2f %s per kg for HS heading %04u",
        per_kg, p->base_currency, floor, p->base_currency, heading);
    if (st != SDQ_OK)
      return st;
  }
  return SDQ_OK;
}

static sdq_status watch_party(check_ctx *c, sdq_field name, sdq_field id,
                              sdq_field country) {
  const sdq_record *r = c->rec;
  const record_facts *fx = &c->res->facts;
  const watch_index *ix = &c->engine->watch;
  bool has_name = fx->state[name] == FIELD_PRESENT;
  bool has_id = fx->state[id] == FIELD_PRESENT;
  if (!has_name && !has_id)
    return SDQ_OK;
  double sim = 0;
  bool by_id = false;
  long e = watch_match(ix, has_name ? r->v[name].ptr : NULL,
                       has_name ? r->v[name].len : 0,
                       has_id ? r->v[id].ptr : NULL, has_id ? r->v[id].len : 0,
                       has_country(fx, country) ? fx->country[country] : NULL,
                       c->profile->params.watch_similarity, &sim, &by_id);
  if (e < 0)
    return SDQ_OK;
  const watch_entry *we = &ix->list->entries[e];
  const char *entry_name = we->name ? we->name : we->id ? we->id : "";
  const char *entry_id = we->id && we->name ? we->id : "";
  const char *reason = we->reason ? we->reason : "";
  sdq_field f = by_id || !has_name ? id : name;
  sdq_view v = r->v[f];
  return fire(c, RULE_RISK_WATCHLIST, f, SDQ_NO_ITEM, &v,
              "%s matches watch-list entry \"%.*s\"%s%.*s%s (line %llu, "
              "similarity %.2f)%s%.*s",
              sdq_field_name(f), CLIP(entry_name, strlen(entry_name), 60),
              we->id && we->name ? " [" : "",
              CLIP(entry_id, strlen(entry_id), 40),
              we->id && we->name ? "]" : "", (unsigned long long)we->line, sim,
              we->reason ? ": " : "", CLIP(reason, strlen(reason), 120));
}

static sdq_status origin_mismatch(check_ctx *c) {
  const profile *p = c->profile;
  const record_facts *fx = &c->res->facts;
  if (!p->route_count || !has_country(fx, SDQ_FIELD_DEPARTURE_COUNTRY))
    return SDQ_OK;
  const char *dep = fx->country[SDQ_FIELD_DEPARTURE_COUNTRY];
  for (size_t i = 0; i < c->rec->item_count; i++) {
    const item_facts *it = &fx->items[i];
    if (!it->origin_ok || memcmp(it->origin, dep, 2) == 0)
      continue;
    for (size_t k = 0; k < p->route_count; k++) {
      const origin_route *ro = &p->routes[k];
      if (memcmp(ro->origin, it->origin, 2) != 0 ||
          !country_in(&ro->departures, dep))
        continue;
      sdq_view v = item_get(&c->rec->items[i], SDQ_FIELD_ORIGIN_COUNTRY);
      sdq_status st =
          fire(c, RULE_RISK_ORIGIN_MISMATCH, SDQ_FIELD_ORIGIN_COUNTRY,
               (int32_t)i, &v, "goods of origin %.2s depart from %.2s%s%s",
               it->origin, dep, ro->note[0] ? ": " : "", ro->note);
      if (st != SDQ_OK)
        return st;
      break;
    }
  }
  return SDQ_OK;
}

static bool is_gift(const sdq_record *r) {
  if (!record_has(r, SDQ_FIELD_CATEGORY))
    return false;
  sdq_view v = r->v[SDQ_FIELD_CATEGORY];
  while (v.len && (v.ptr[0] == ' ' || v.ptr[0] == '\t')) {
    v.ptr++;
    v.len--;
  }
  while (v.len && (v.ptr[v.len - 1] == ' ' || v.ptr[v.len - 1] == '\t'))
    v.len--;
  static const char GIFT[] = "gift";
  if (v.len != 4)
    return false;
  for (size_t i = 0; i < 4; i++) {
    char ch = v.ptr[i];
    if ((ch >= 'A' && ch <= 'Z' ? ch + 32 : ch) != GIFT[i])
      return false;
  }
  return true;
}

static sdq_status gift_commercial(check_ctx *c) {
  const sdq_record *r = c->rec;
  const record_facts *fx = &c->res->facts;
  if (!is_gift(r))
    return SDQ_OK;
  sdq_view cat = r->v[SDQ_FIELD_CATEGORY];
  if (fx->state[SDQ_FIELD_SELLER_NAME] == FIELD_PRESENT &&
      name_has_legal_form(r->v[SDQ_FIELD_SELLER_NAME].ptr,
                          r->v[SDQ_FIELD_SELLER_NAME].len))
    return fire(c, RULE_RISK_GIFT_COMMERCIAL, SDQ_FIELD_CATEGORY, SDQ_NO_ITEM,
                &cat,
                "declared a gift, but the seller \"%.*s\" is a business (a "
                "gift is sent by a private person)",
                CLIP(r->v[SDQ_FIELD_SELLER_NAME].ptr,
                     r->v[SDQ_FIELD_SELLER_NAME].len, 60));
  if (fx->state[SDQ_FIELD_PLATFORM_ID] == FIELD_PRESENT)
    return fire(c, RULE_RISK_GIFT_COMMERCIAL, SDQ_FIELD_CATEGORY, SDQ_NO_ITEM,
                &cat, "declared a gift, but sold through the marketplace %.*s",
                CLIP(r->v[SDQ_FIELD_PLATFORM_ID].ptr,
                     r->v[SDQ_FIELD_PLATFORM_ID].len, 60));
  const int kq = SDQ_FIELD_QUANTITY - SDQ_ITEM_FIELD_BASE;
  for (size_t i = 0; i < r->item_count; i++) {
    const item_facts *it = &fx->items[i];
    if (((it->num_ok >> kq) & 1u) &&
        it->num[kq] > c->profile->params.gift_max_quantity)
      return fire(c, RULE_RISK_GIFT_COMMERCIAL, SDQ_FIELD_CATEGORY, SDQ_NO_ITEM,
                  &cat,
                  "declared a gift, but item %zu has a commercial quantity "
                  "(%g, more than %g)",
                  i, it->num[kq], c->profile->params.gift_max_quantity);
  }
  return SDQ_OK;
}

sdq_status check_risk(check_ctx *c) {
  sdq_status st = SDQ_OK;
  if (on(c, RULE_RISK_NEAR_THRESHOLD))
    st = near_threshold(c);
  if (st == SDQ_OK && on(c, RULE_RISK_LOW_VALUE_PER_KG))
    st = low_value_floor(c);
  if (st == SDQ_OK && on(c, RULE_RISK_WATCHLIST) && c->engine->watch.list &&
      c->engine->watch.list->count) {
    st = watch_party(c, SDQ_FIELD_SELLER_NAME, SDQ_FIELD_SELLER_ID,
                     SDQ_FIELD_SELLER_COUNTRY);
    if (st == SDQ_OK)
      st = watch_party(c, SDQ_FIELD_BUYER_NAME, SDQ_FIELD_BUYER_ID,
                       SDQ_FIELD_BUYER_COUNTRY);
  }
  if (st == SDQ_OK && on(c, RULE_RISK_ORIGIN_MISMATCH))
    st = origin_mismatch(c);
  if (st == SDQ_OK && on(c, RULE_RISK_GIFT_COMMERCIAL))
    st = gift_commercial(c);
  return st;
}
