/* Profiles as JSON documents. docs/profiles.md describes the format:
 *
 *   {"name": "my-ics2", "extends": "ics2",
 *    "required": ["seller_name", {"one_of": ["awb", "postal_item_id"]}],
 *    "also_required": ["buyer_phone"],
 *    "rules": {"completeness.placeholder": {"severity": "warning",
 *                                           "weight": 0.1},
 *              "completeness.missing": true},
 *    "levels": {"medium": 25, "high": 50}}
 *
 * The built-in profiles below are written in the same format and parsed
 * the same way. */
#include "profile.h"

#include "check/values.h"
#include "fields.h"
#include "read/json.h"
#include "refdata/refdata.h"
#include "result.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct builtin {
  const char *name;
  const char *json;
} builtin;

/* Risk settings shared by the built-in profiles that extend none: the value
 * thresholds (kept as indicators after their abolition or suspension),
 * indicative exchange rates of late 2025 (set your own for real use), and
 * routes of origin through departure countries known from trade-remedy
 * circumvention cases. */
#define RISK_SETTINGS                                                          \
  " \"thresholds\": [\n"                                                       \
  "   {\"amount\": 150, \"currency\": \"EUR\", \"from\": \"2010-01-01\",\n"    \
  "    \"destinations\": [\"EU\"],\n"                                          \
  "    \"note\": \"EU customs duty relief for consignments of negligible "     \
  "value (Regulation (EC) 1186/2009); ended 1 July 2026, kept as an "          \
  "indicator\"},\n"                                                            \
  "   {\"amount\": 800, \"currency\": \"USD\", \"from\": \"2016-03-10\",\n"    \
  "    \"destinations\": [\"US\"],\n"                                          \
  "    \"note\": \"US de minimis (19 U.S.C. 1321); suspended from 29 August "  \
  "2025, kept as an indicator\"}],\n"                                          \
  " \"exchange_rates\": {\"base\": \"EUR\", \"rates\": {\n"                    \
  "   \"USD\": 1.17, \"GBP\": 0.87, \"CNY\": 8.35, \"HKD\": 9.1, "             \
  "\"JPY\": 173, \"KRW\": 1640,\n"                                             \
  "   \"TWD\": 35.7, \"SGD\": 1.51, \"INR\": 103, \"VND\": 30800, "            \
  "\"THB\": 38, \"MYR\": 4.95,\n"                                              \
  "   \"TRY\": 48.5, \"CHF\": 0.94, \"PLN\": 4.27, \"CZK\": 24.3, "            \
  "\"HUF\": 390, \"SEK\": 11,\n"                                               \
  "   \"DKK\": 7.46, \"NOK\": 11.7, \"RON\": 5.08, \"CAD\": 1.63, "            \
  "\"AUD\": 1.78, \"MXN\": 21.6,\n"                                            \
  "   \"BRL\": 6.25, \"AED\": 4.3, \"ILS\": 3.9}},\n"                          \
  " \"origin_routes\": [\n"                                                    \
  "   {\"origin\": \"CN\", \"departures\": [\"VN\", \"MY\", \"TH\", "          \
  "\"KH\"],\n"                                                                 \
  "    \"note\": \"Chinese-origin goods re-exported through South-East "       \
  "Asia\"}],\n"

static const builtin BUILTIN[] = {
    {"core",
     "{\"name\": \"core\",\n" RISK_SETTINGS
     " \"description\": \"The parties, goods, weight and value every "
     "consignment needs for a first risk assessment.\",\n"
     " \"required\": [\"shipment_id\", \"seller_name\", \"seller_country\",\n"
     "   \"buyer_name\", \"buyer_address\", \"buyer_country\", "
     "\"gross_weight\",\n"
     "   \"total_value\", \"currency\", \"description\"]}\n"},
    {"placi",
     "{\"name\": \"placi\",\n" RISK_SETTINGS
     " \"description\": \"WCO/ICAO 7+1 pre-loading air cargo data (PLACI): "
     "pieces, gross weight, description, shipper and consignee name and "
     "address, plus a transport document or item id.\",\n"
     " \"required\": [\"seller_name\", \"seller_address\", \"buyer_name\",\n"
     "   \"buyer_address\", \"pieces\", \"gross_weight\", \"description\",\n"
     "   {\"one_of\": [\"awb\", \"postal_item_id\", \"shipment_id\"]}]}\n"},
    {"ics2",
     "{\"name\": \"ics2\", \"extends\": \"placi\",\n"
     " \"description\": \"EU ICS2 house-level data: the 7+1 data plus the "
     "HS code, the parties' countries and the departure date.\",\n"
     " \"also_required\": [\"hs_code\", \"seller_country\", "
     "\"buyer_country\",\n"
     "   \"departure_date\"]}\n"},
    {"acas",
     "{\"name\": \"acas\", \"extends\": \"placi\",\n"
     " \"description\": \"US CBP Air Cargo Advance Screening: the 7+1 data "
     "plus the parties' countries and a consignee phone or e-mail.\",\n"
     " \"also_required\": [\"seller_country\", \"buyer_country\",\n"
     "   {\"one_of\": [\"buyer_phone\", \"buyer_email\"]}]}\n"},
    {"cn23",
     "{\"name\": \"cn23\",\n" RISK_SETTINGS
     " \"description\": \"UPU CN 23 postal customs declaration: item id, "
     "parties, category, totals, and per item description, quantity, net "
     "weight, value, HS code and origin.\",\n"
     " \"required\": [\"postal_item_id\", \"seller_name\", "
     "\"seller_address\",\n"
     "   \"buyer_name\", \"buyer_address\", \"buyer_country\", "
     "\"category\",\n"
     "   \"gross_weight\", \"total_value\", \"currency\", \"description\",\n"
     "   \"quantity\", \"net_weight\", \"item_value\", \"hs_code\",\n"
     "   \"origin_country\"]}\n"},
};

#define BUILTIN_COUNT (sizeof BUILTIN / sizeof BUILTIN[0])
#define EXTENDS_DEPTH_MAX 8

const char *profile_builtin_json(const char *name) {
  for (size_t i = 0; name && i < BUILTIN_COUNT; i++)
    if (strcmp(BUILTIN[i].name, name) == 0)
      return BUILTIN[i].json;
  return NULL;
}

size_t sdq_profile_count(void) { return BUILTIN_COUNT; }

const char *sdq_profile_name(size_t i) {
  return i < BUILTIN_COUNT ? BUILTIN[i].name : NULL;
}

const char *sdq_profile_json(const char *name) {
  return profile_builtin_json(name);
}

/* ---- parsing ------------------------------------------------------------- */

typedef struct parser {
  json_lexer lx;
  sdq_error *err;
  char scratch[1024]; /* decoded strings with escapes (names, ids) */
  size_t scratch_used;
} parser;

static char *scratch_alloc(void *ctx, size_t size) {
  parser *p = ctx;
  if (size > sizeof p->scratch - p->scratch_used)
    return NULL;
  char *s = p->scratch + p->scratch_used;
  p->scratch_used += size;
  return s;
}

static sdq_status fail_at(parser *p, sdq_status st, size_t offset,
                          const char *fmt, const char *name, size_t len) {
  if (p->err) {
    uint64_t line, column;
    json_position(&p->lx, offset, &line, &column);
    memset(p->err, 0, sizeof *p->err);
    p->err->code = st;
    p->err->line = line;
    p->err->column = column;
    p->err->offset = offset;
    snprintf(p->err->message, sizeof p->err->message, fmt,
             name ? clip_utf8(name, len, 80) : 0, name ? name : "");
    end_utf8(p->err->message);
  }
  return st;
}

static sdq_status lexer_failed(parser *p) {
  const char *msg = p->lx.error ? p->lx.error : "invalid JSON";
  if (p->lx.error_kind == JSON_ERR_NOMEM)
    msg = "a string in the profile is too long";
  return fail_at(p, SDQ_EPARSE, p->lx.error_offset, "%.*s", msg, strlen(msg));
}

/* Expects the next token to be `want`. */
static sdq_status expect(parser *p, json_token want, const char *what) {
  json_token t = json_next(&p->lx);
  if (t == want)
    return SDQ_OK;
  if (t == JSON_ERROR)
    return lexer_failed(p);
  return fail_at(p, SDQ_EPARSE, p->lx.token_offset, "expected %.*s", what,
                 strlen(what));
}

static bool is(const parser *p, const char *s) {
  size_t n = strlen(s);
  return p->lx.len == n && memcmp(p->lx.text, s, n) == 0;
}

static sdq_status read_number(parser *p, double lo, double hi, double *out,
                              const char *what) {
  size_t at = 0;
  json_token t = json_next(&p->lx);
  at = p->lx.token_offset;
  if (t == JSON_ERROR)
    return lexer_failed(p);
  if (t != JSON_NUMBER)
    return fail_at(p, SDQ_EPARSE, at, "%.*s must be a number", what,
                   strlen(what));
  char buf[64];
  size_t n = p->lx.len < sizeof buf - 1 ? p->lx.len : sizeof buf - 1;
  memcpy(buf, p->lx.text, n);
  buf[n] = '\0';
  double v = strtod(buf, NULL);
  if (!(v >= lo && v <= hi)) {
    char msg[96];
    snprintf(msg, sizeof msg, "%s must be between %g and %g", what, lo, hi);
    return fail_at(p, SDQ_EPARSE, at, "%.*s", msg, strlen(msg));
  }
  *out = v;
  return SDQ_OK;
}

/* A field list: ["field", ..., {"one_of": ["field", ...]}]. */
static sdq_status read_fields(parser *p, profile *pr) {
  sdq_status st = expect(p, JSON_ARRAY_BEGIN, "an array of field names");
  if (st != SDQ_OK)
    return st;
  for (;;) {
    json_token t = json_next(&p->lx);
    size_t at = p->lx.token_offset;
    if (t == JSON_ARRAY_END)
      return SDQ_OK;
    if (t == JSON_STRING) {
      sdq_field f = sdq_field_lookup(p->lx.text, p->lx.len);
      if (f == SDQ_FIELD_NONE)
        return fail_at(p, SDQ_ENOTFOUND, at, "unknown field \"%.*s\"",
                       p->lx.text, p->lx.len);
      if (field_is_item(f))
        pr->required_items |= 1u << (f - SDQ_ITEM_FIELD_BASE);
      else
        pr->required |= (uint64_t)1 << f;
      continue;
    }
    if (t != JSON_OBJECT_BEGIN)
      return t == JSON_ERROR
                 ? lexer_failed(p)
                 : fail_at(p, SDQ_EPARSE, at,
                           "expected a field name or {\"one_of\": [...]}%.*s",
                           "", 0);
    if ((st = expect(p, JSON_KEY, "\"one_of\"")) != SDQ_OK)
      return st;
    if (!is(p, "one_of"))
      return fail_at(p, SDQ_EPARSE, p->lx.token_offset,
                     "unknown key \"%.*s\" (expected \"one_of\")", p->lx.text,
                     p->lx.len);
    if (pr->one_of_count == PROFILE_ONE_OF_MAX)
      return fail_at(p, SDQ_ELIMIT, at, "more than 8 one_of groups%.*s", "", 0);
    if ((st = expect(p, JSON_ARRAY_BEGIN, "an array of field names")) != SDQ_OK)
      return st;
    uint64_t group = 0;
    for (;;) {
      t = json_next(&p->lx);
      size_t fat = p->lx.token_offset;
      if (t == JSON_ARRAY_END)
        break;
      if (t != JSON_STRING)
        return t == JSON_ERROR ? lexer_failed(p)
                               : fail_at(p, SDQ_EPARSE, fat,
                                         "expected a field name%.*s", "", 0);
      sdq_field f = sdq_field_lookup(p->lx.text, p->lx.len);
      if (f == SDQ_FIELD_NONE)
        return fail_at(p, SDQ_ENOTFOUND, fat, "unknown field \"%.*s\"",
                       p->lx.text, p->lx.len);
      if (field_is_item(f))
        return fail_at(p, SDQ_EPARSE, fat,
                       "one_of groups take consignment fields, not the item "
                       "field \"%.*s\"",
                       p->lx.text, p->lx.len);
      group |= (uint64_t)1 << f;
    }
    if (!group)
      return fail_at(p, SDQ_EPARSE, at, "an empty one_of group%.*s", "", 0);
    pr->one_of[pr->one_of_count++] = group;
    if ((st = expect(p, JSON_OBJECT_END, "'}' after the one_of group")) !=
        SDQ_OK)
      return st;
  }
}

static sdq_status read_rule(parser *p, profile *pr) {
  size_t at = p->lx.token_offset;
  size_t rule;
  char id[64];
  size_t n = p->lx.len < sizeof id - 1 ? p->lx.len : sizeof id - 1;
  memcpy(id, p->lx.text, n);
  id[n] = '\0';
  if (p->lx.len >= sizeof id || sdq_rule_find(id, &rule) != SDQ_OK)
    return fail_at(p, SDQ_ENOTFOUND, at, "unknown rule \"%.*s\"", p->lx.text,
                   p->lx.len);
  rule_params *rp = &pr->rules[rule];
  json_token t = json_next(&p->lx);
  if (t == JSON_TRUE || t == JSON_FALSE) {
    rp->enabled = t == JSON_TRUE;
    return SDQ_OK;
  }
  if (t != JSON_OBJECT_BEGIN)
    return t == JSON_ERROR
               ? lexer_failed(p)
               : fail_at(p, SDQ_EPARSE, p->lx.token_offset,
                         "rule \"%.*s\" takes true, false or an object", id, n);
  for (;;) {
    t = json_next(&p->lx);
    size_t kat = p->lx.token_offset;
    if (t == JSON_OBJECT_END)
      return SDQ_OK;
    if (t != JSON_KEY)
      return lexer_failed(p);
    sdq_status st = SDQ_OK;
    if (is(p, "enabled")) {
      t = json_next(&p->lx);
      if (t != JSON_TRUE && t != JSON_FALSE)
        return t == JSON_ERROR
                   ? lexer_failed(p)
                   : fail_at(p, SDQ_EPARSE, p->lx.token_offset,
                             "enabled must be true or false%.*s", "", 0);
      rp->enabled = t == JSON_TRUE;
    } else if (is(p, "severity")) {
      t = json_next(&p->lx);
      size_t vat = p->lx.token_offset;
      if (t == JSON_ERROR)
        return lexer_failed(p);
      if (t == JSON_STRING && is(p, "info"))
        rp->severity = SDQ_SEVERITY_INFO;
      else if (t == JSON_STRING && is(p, "warning"))
        rp->severity = SDQ_SEVERITY_WARNING;
      else if (t == JSON_STRING && is(p, "error"))
        rp->severity = SDQ_SEVERITY_ERROR;
      else
        return fail_at(p, SDQ_EPARSE, vat,
                       "severity must be \"info\", \"warning\" or "
                       "\"error\"%.*s",
                       "", 0);
    } else if (is(p, "weight")) {
      st = read_number(p, 0.0, 1.0, &rp->weight, "weight");
    } else if (is(p, "params")) {
      if ((st = expect(p, JSON_OBJECT_BEGIN, "an object")) != SDQ_OK)
        return st;
      for (;;) {
        t = json_next(&p->lx);
        if (t == JSON_OBJECT_END)
          break;
        if (t != JSON_KEY)
          return lexer_failed(p);
        const rule_param_info *pi = NULL;
        for (size_t i = 0; i < RULE_PARAM_COUNT; i++)
          if (RULE_PARAMS[i].rule == (rule_index)rule &&
              is(p, RULE_PARAMS[i].name))
            pi = &RULE_PARAMS[i];
        if (!pi)
          return fail_at(p, SDQ_ENOTFOUND, p->lx.token_offset,
                         "unknown parameter \"%.*s\" of this rule", p->lx.text,
                         p->lx.len);
        st = read_number(p, pi->min, pi->max, param_slot(&pr->params, pi),
                         pi->name);
        if (st != SDQ_OK)
          return st;
      }
    } else {
      return fail_at(p, SDQ_EPARSE, kat,
                     "unknown key \"%.*s\" in a rule (expected enabled, "
                     "severity, weight or params)",
                     p->lx.text, p->lx.len);
    }
    if (st != SDQ_OK)
      return st;
  }
}

/* ---- thresholds, exchange rates, value floors, origin routes ---- */

static const char EU_MEMBERS[] =
    "ATBEBGHRCYCZDKEEFIFRDEGRIEITLVLTLUMTNLPLPTROSKSIESSE";

static void country_add(country_set *s, const char c[2]) {
  unsigned i = (unsigned)(c[0] - 'A') * 26u + (unsigned)(c[1] - 'A');
  s->bits[i / 8] |= (uint8_t)(1u << (i % 8));
}

/* Reads a string token into out (cap bytes with the NUL). */
static sdq_status read_string(parser *p, char *out, size_t cap,
                              const char *what) {
  json_token t = json_next(&p->lx);
  if (t == JSON_ERROR)
    return lexer_failed(p);
  if (t != JSON_STRING || p->lx.len >= cap)
    return fail_at(p, SDQ_EPARSE, p->lx.token_offset, "%.*s", what,
                   strlen(what));
  memcpy(out, p->lx.text, p->lx.len);
  out[p->lx.len] = '\0';
  return SDQ_OK;
}

static sdq_status read_currency(parser *p, char out[4], size_t at,
                                const char *text, size_t len) {
  char c[4] = {0};
  for (size_t i = 0; i < len && i < 3; i++)
    c[i] = text[i] >= 'a' && text[i] <= 'z' ? (char)(text[i] - 32) : text[i];
  if (len != 3 || refdata_currency_minor_units(c) == REFDATA_MINOR_UNKNOWN)
    return fail_at(p, SDQ_EPARSE, at,
                   "\"%.*s\" is not an ISO 4217 currency code", text, len);
  memcpy(out, c, 4);
  return SDQ_OK;
}

static bool country_ok(const char c[2]) {
  return refdata_country_status(c) == COUNTRY_OFFICIAL ||
         (c[0] == 'X' && c[1] == 'K');
}

/* ["DE", "EU", ...] into a set; "EU" stands for the 27 member states. */
static sdq_status read_countries(parser *p, country_set *set) {
  sdq_status st = expect(p, JSON_ARRAY_BEGIN, "an array of country codes");
  if (st != SDQ_OK)
    return st;
  memset(set, 0, sizeof *set);
  for (;;) {
    json_token t = json_next(&p->lx);
    size_t at = p->lx.token_offset;
    if (t == JSON_ARRAY_END)
      return SDQ_OK;
    if (t != JSON_STRING || p->lx.len != 2)
      return t == JSON_ERROR ? lexer_failed(p)
                             : fail_at(p, SDQ_EPARSE, at,
                                       "expected a 2-letter country code or "
                                       "\"EU\"%.*s",
                                       "", 0);
    char c[2] = {p->lx.text[0], p->lx.text[1]};
    if (c[0] == 'E' && c[1] == 'U') {
      for (size_t i = 0; i + 1 < sizeof EU_MEMBERS; i += 2)
        country_add(set, EU_MEMBERS + i);
    } else if (country_ok(c)) {
      country_add(set, c);
    } else {
      return fail_at(p, SDQ_EPARSE, at,
                     "\"%.*s\" is not an ISO 3166-1 country code", c, 2);
    }
  }
}

static sdq_status read_date(parser *p, uint32_t *out) {
  json_token t = json_next(&p->lx);
  size_t at = p->lx.token_offset;
  if (t == JSON_ERROR)
    return lexer_failed(p);
  date d = t == JSON_STRING ? parse_date(p->lx.text, p->lx.len)
                            : (date){DATE_NOT_ISO, 0, 0, 0, 0};
  if (d.status != DATE_OK)
    return fail_at(p, SDQ_EPARSE, at, "expected a date YYYY-MM-DD%.*s", "", 0);
  *out = (uint32_t)(d.year * 10000 + d.month * 100 + d.day);
  return SDQ_OK;
}

static sdq_status read_thresholds(parser *p, profile *pr) {
  sdq_status st = expect(p, JSON_ARRAY_BEGIN, "an array of thresholds");
  if (st != SDQ_OK)
    return st;
  pr->threshold_count = 0;
  for (;;) {
    json_token t = json_next(&p->lx);
    size_t at = p->lx.token_offset;
    if (t == JSON_ARRAY_END)
      return SDQ_OK;
    if (t != JSON_OBJECT_BEGIN)
      return t == JSON_ERROR
                 ? lexer_failed(p)
                 : fail_at(p, SDQ_EPARSE, at, "expected a threshold object%.*s",
                           "", 0);
    if (pr->threshold_count == PROFILE_THRESHOLDS_MAX)
      return fail_at(p, SDQ_ELIMIT, at, "more than 16 thresholds%.*s", "", 0);
    threshold *th = &pr->thresholds[pr->threshold_count];
    memset(th, 0, sizeof *th);
    th->any_destination = true;
    bool has_amount = false;
    for (;;) {
      t = json_next(&p->lx);
      size_t kat = p->lx.token_offset;
      if (t == JSON_OBJECT_END)
        break;
      if (t != JSON_KEY)
        return lexer_failed(p);
      if (is(p, "amount")) {
        st = read_number(p, 0.0, 1e12, &th->amount, "amount");
        has_amount = true;
      } else if (is(p, "currency")) {
        t = json_next(&p->lx);
        if (t != JSON_STRING)
          return fail_at(p, SDQ_EPARSE, p->lx.token_offset,
                         "currency must be a string%.*s", "", 0);
        st = read_currency(p, th->currency, p->lx.token_offset, p->lx.text,
                           p->lx.len);
      } else if (is(p, "from")) {
        st = read_date(p, &th->from);
      } else if (is(p, "until")) {
        st = read_date(p, &th->until);
      } else if (is(p, "destinations")) {
        th->any_destination = false;
        st = read_countries(p, &th->destinations);
      } else if (is(p, "note")) {
        st = read_string(p, th->note, sizeof th->note,
                         "note must be a string of at most 159 bytes");
      } else {
        return fail_at(p, SDQ_EPARSE, kat,
                       "unknown key \"%.*s\" in a threshold (expected "
                       "amount, currency, from, until, destinations or note)",
                       p->lx.text, p->lx.len);
      }
      if (st != SDQ_OK)
        return st;
    }
    if (!has_amount || !th->currency[0])
      return fail_at(p, SDQ_EPARSE, at,
                     "a threshold needs an amount and a currency%.*s", "", 0);
    pr->threshold_count++;
  }
}

static sdq_status read_rates(parser *p, profile *pr) {
  sdq_status st = expect(p, JSON_OBJECT_BEGIN, "an object");
  if (st != SDQ_OK)
    return st;
  pr->rate_count = 0;
  pr->base_currency[0] = '\0';
  for (;;) {
    json_token t = json_next(&p->lx);
    size_t kat = p->lx.token_offset;
    if (t == JSON_OBJECT_END)
      break;
    if (t != JSON_KEY)
      return lexer_failed(p);
    if (is(p, "base")) {
      t = json_next(&p->lx);
      if (t != JSON_STRING)
        return fail_at(p, SDQ_EPARSE, p->lx.token_offset,
                       "base must be a currency code%.*s", "", 0);
      st = read_currency(p, pr->base_currency, p->lx.token_offset, p->lx.text,
                         p->lx.len);
    } else if (is(p, "rates")) {
      if ((st = expect(p, JSON_OBJECT_BEGIN, "an object of rates")) != SDQ_OK)
        return st;
      for (;;) {
        t = json_next(&p->lx);
        size_t at = p->lx.token_offset;
        if (t == JSON_OBJECT_END)
          break;
        if (t != JSON_KEY)
          return lexer_failed(p);
        if (pr->rate_count == PROFILE_RATES_MAX)
          return fail_at(p, SDQ_ELIMIT, at, "more than 96 rates%.*s", "", 0);
        rate *rt = &pr->rates[pr->rate_count];
        if ((st = read_currency(p, rt->currency, at, p->lx.text, p->lx.len)) !=
            SDQ_OK)
          return st;
        if ((st = read_number(p, 1e-9, 1e12, &rt->per_base, "a rate")) !=
            SDQ_OK)
          return st;
        pr->rate_count++;
      }
    } else {
      return fail_at(p, SDQ_EPARSE, kat,
                     "unknown key \"%.*s\" in exchange_rates (expected base "
                     "or rates)",
                     p->lx.text, p->lx.len);
    }
    if (st != SDQ_OK)
      return st;
  }
  if (!pr->base_currency[0] && pr->rate_count)
    return fail_at(p, SDQ_EPARSE, p->lx.token_offset,
                   "exchange_rates needs a base currency%.*s", "", 0);
  return SDQ_OK;
}

static sdq_status read_floors(parser *p, profile *pr) {
  sdq_status st = expect(p, JSON_OBJECT_BEGIN, "an object of HS codes");
  if (st != SDQ_OK)
    return st;
  pr->floor_count = 0;
  for (;;) {
    json_token t = json_next(&p->lx);
    size_t at = p->lx.token_offset;
    if (t == JSON_OBJECT_END)
      break;
    if (t != JSON_KEY)
      return lexer_failed(p);
    unsigned code = 0;
    bool digits = p->lx.len == 2 || p->lx.len == 4;
    for (size_t i = 0; digits && i < p->lx.len; i++) {
      digits = p->lx.text[i] >= '0' && p->lx.text[i] <= '9';
      code = code * 10 + (unsigned)(p->lx.text[i] - '0');
    }
    if (!digits)
      return fail_at(p, SDQ_EPARSE, at,
                     "\"%.*s\" is not an HS chapter (2 digits) or heading "
                     "(4 digits)",
                     p->lx.text, p->lx.len);
    if (pr->floor_count == PROFILE_FLOORS_MAX)
      return fail_at(p, SDQ_ELIMIT, at, "more than 512 value floors%.*s", "",
                     0);
    value_floor *vf = &pr->floors[pr->floor_count];
    vf->code = (uint16_t)code;
    vf->digits = (uint8_t)p->lx.len;
    if ((st = read_number(p, 0.0, 1e9, &vf->per_kg, "a value per kg")) !=
        SDQ_OK)
      return st;
    pr->floor_count++;
  }
  return SDQ_OK;
}

static sdq_status read_routes(parser *p, profile *pr) {
  sdq_status st = expect(p, JSON_ARRAY_BEGIN, "an array of routes");
  if (st != SDQ_OK)
    return st;
  pr->route_count = 0;
  for (;;) {
    json_token t = json_next(&p->lx);
    size_t at = p->lx.token_offset;
    if (t == JSON_ARRAY_END)
      return SDQ_OK;
    if (t != JSON_OBJECT_BEGIN)
      return t == JSON_ERROR ? lexer_failed(p)
                             : fail_at(p, SDQ_EPARSE, at,
                                       "expected a route object%.*s", "", 0);
    if (pr->route_count == PROFILE_ROUTES_MAX)
      return fail_at(p, SDQ_ELIMIT, at, "more than 32 routes%.*s", "", 0);
    origin_route *ro = &pr->routes[pr->route_count];
    memset(ro, 0, sizeof *ro);
    for (;;) {
      t = json_next(&p->lx);
      size_t kat = p->lx.token_offset;
      if (t == JSON_OBJECT_END)
        break;
      if (t != JSON_KEY)
        return lexer_failed(p);
      if (is(p, "origin")) {
        t = json_next(&p->lx);
        if (t != JSON_STRING || p->lx.len != 2 || !country_ok(p->lx.text))
          return fail_at(p, SDQ_EPARSE, p->lx.token_offset,
                         "origin must be an ISO 3166-1 country code%.*s", "",
                         0);
        memcpy(ro->origin, p->lx.text, 2);
      } else if (is(p, "departures")) {
        st = read_countries(p, &ro->departures);
      } else if (is(p, "note")) {
        st = read_string(p, ro->note, sizeof ro->note,
                         "note must be a string of at most 119 bytes");
      } else {
        return fail_at(p, SDQ_EPARSE, kat,
                       "unknown key \"%.*s\" in a route (expected origin, "
                       "departures or note)",
                       p->lx.text, p->lx.len);
      }
      if (st != SDQ_OK)
        return st;
    }
    if (!ro->origin[0])
      return fail_at(p, SDQ_EPARSE, at, "a route needs an origin%.*s", "", 0);
    pr->route_count++;
  }
}

static size_t rate_slot_of(const char currency[3]) {
  uint32_t key = (uint32_t)(unsigned char)currency[0] << 16 |
                 (uint32_t)(unsigned char)currency[1] << 8 |
                 (uint32_t)(unsigned char)currency[2];
  return (size_t)((key * UINT32_C(2654435761)) >> 24) &
         (PROFILE_RATE_SLOTS - 1);
}

/* Fills rate_slots. A currency listed twice has its last rate, as when
 * the list was searched. */
static void index_rates(profile *p) {
  _Static_assert(PROFILE_RATES_MAX < PROFILE_RATE_SLOTS,
                 "rate_slots: always a free slot");
  _Static_assert((PROFILE_RATE_SLOTS & (PROFILE_RATE_SLOTS - 1)) == 0,
                 "rate_slots: a power of two, for a mask");
  _Static_assert(PROFILE_RATES_MAX < 256, "rate_slots: byte-sized indexes");
  memset(p->rate_slots, 0, sizeof p->rate_slots);
  for (size_t i = 0; i < p->rate_count; i++) {
    size_t j = rate_slot_of(p->rates[i].currency);
    while (p->rate_slots[j] && memcmp(p->rates[p->rate_slots[j] - 1].currency,
                                      p->rates[i].currency, 3) != 0)
      j = (j + 1) & (PROFILE_RATE_SLOTS - 1);
    p->rate_slots[j] = (uint8_t)(i + 1);
  }
}

/* The rate of a currency, or 0 when it has none. */
static double rate_of(const profile *p, const char currency[3]) {
  for (size_t j = rate_slot_of(currency); p->rate_slots[j];
       j = (j + 1) & (PROFILE_RATE_SLOTS - 1)) {
    const rate *r = &p->rates[p->rate_slots[j] - 1];
    if (memcmp(r->currency, currency, 3) == 0)
      return r->per_base;
  }
  return 0;
}

bool profile_convert(const profile *p, double amount, const char from[3],
                     const char to[3], double *out) {
  if (memcmp(from, to, 3) == 0) {
    *out = amount;
    return true;
  }
  double a = memcmp(p->base_currency, from, 3) == 0 ? 1.0 : rate_of(p, from);
  double b = memcmp(p->base_currency, to, 3) == 0 ? 1.0 : rate_of(p, to);
  if (a <= 0 || b <= 0)
    return false;
  *out = amount / a * b;
  return true;
}

static void defaults(profile *pr) {
  memset(pr, 0, sizeof *pr);
  for (size_t i = 0; i < RULE_COUNT; i++) {
    pr->rules[i].enabled = true;
    pr->rules[i].severity = RULES[i].severity;
    pr->rules[i].weight = RULES[i].weight;
  }
  for (size_t i = 0; i < RULE_PARAM_COUNT; i++)
    *param_slot(&pr->params, &RULE_PARAMS[i]) = RULE_PARAMS[i].default_value;
  pr->level_medium = 25.0;
  pr->level_high = 50.0;
}

static const char *find_builtin(void *ctx, const char *name) {
  (void)ctx;
  return profile_builtin_json(name);
}

static sdq_status parse(profile *out, const char *json, size_t len,
                        profile_find_fn find, void *ctx, sdq_error *err,
                        int depth);

/* First pass: the value of "extends", if any, into `name`. */
static sdq_status find_extends(parser *p, char *name, size_t cap, size_t *at) {
  sdq_status st = expect(p, JSON_OBJECT_BEGIN, "a JSON object");
  if (st != SDQ_OK)
    return st;
  name[0] = '\0';
  for (;;) {
    json_token t = json_next(&p->lx);
    if (t == JSON_OBJECT_END)
      break;
    if (t != JSON_KEY)
      return lexer_failed(p);
    bool ext = is(p, "extends");
    t = json_next(&p->lx);
    if (t == JSON_ERROR)
      return lexer_failed(p);
    if (ext) {
      *at = p->lx.token_offset;
      if (t != JSON_STRING || p->lx.len >= cap)
        return fail_at(p, SDQ_EPARSE, *at, "extends must name a profile%.*s",
                       "", 0);
      memcpy(name, p->lx.text, p->lx.len);
      name[p->lx.len] = '\0';
    } else if (!json_skip(&p->lx, t)) {
      return lexer_failed(p);
    }
  }
  json_token t = json_next(&p->lx);
  return t == JSON_END ? SDQ_OK : lexer_failed(p);
}

static sdq_status parse(profile *out, const char *json, size_t len,
                        profile_find_fn find, void *ctx, sdq_error *err,
                        int depth) {
  parser p;
  p.err = err;
  p.scratch_used = 0;
  json_init(&p.lx, json, len);
  p.lx.max_depth = 16;
  p.lx.decode = scratch_alloc;
  p.lx.decode_ctx = &p;

  char parent[PROFILE_NAME_MAX];
  size_t parent_at = 0;
  sdq_status st = find_extends(&p, parent, sizeof parent, &parent_at);
  if (st != SDQ_OK)
    return st;
  if (parent[0]) {
    const char *doc = find(ctx, parent);
    if (!doc)
      return fail_at(&p, SDQ_ENOTFOUND, parent_at, "unknown profile \"%.*s\"",
                     parent, strlen(parent));
    if (depth >= EXTENDS_DEPTH_MAX)
      return fail_at(&p, SDQ_ELIMIT, parent_at,
                     "profiles extend each other too deeply%.*s", "", 0);
    /* Errors in the parent are reported as they are, without position in
     * this document. */
    st = parse(out, doc, strlen(doc), find, ctx, err, depth + 1);
    if (st != SDQ_OK)
      return st;
    out->name[0] = '\0'; /* a profile is not named after its parent */
  } else {
    defaults(out);
  }

  json_init(&p.lx, json, len);
  p.lx.max_depth = 16;
  p.lx.decode = scratch_alloc;
  p.lx.decode_ctx = &p;
  p.scratch_used = 0;
  json_next(&p.lx); /* the '{' the first pass saw */
  for (;;) {
    p.scratch_used = 0;
    json_token t = json_next(&p.lx);
    if (t == JSON_OBJECT_END)
      break;
    if (t != JSON_KEY)
      return lexer_failed(&p);
    size_t at = p.lx.token_offset;
    if (is(&p, "name")) {
      t = json_next(&p.lx);
      if (t != JSON_STRING || p.lx.len == 0 || p.lx.len >= PROFILE_NAME_MAX)
        return fail_at(&p, SDQ_EPARSE, p.lx.token_offset,
                       "name must be a string of 1 to 63 bytes%.*s", "", 0);
      memcpy(out->name, p.lx.text, p.lx.len);
      out->name[p.lx.len] = '\0';
    } else if (is(&p, "description") || is(&p, "extends")) {
      t = json_next(&p.lx); /* extends was read by the first pass */
      if (t != JSON_STRING)
        return fail_at(&p, SDQ_EPARSE, p.lx.token_offset,
                       "expected a string%.*s", "", 0);
    } else if (is(&p, "required")) {
      out->required = 0;
      out->required_items = 0;
      out->one_of_count = 0;
      if ((st = read_fields(&p, out)) != SDQ_OK)
        return st;
    } else if (is(&p, "also_required")) {
      if ((st = read_fields(&p, out)) != SDQ_OK)
        return st;
    } else if (is(&p, "rules")) {
      if ((st = expect(&p, JSON_OBJECT_BEGIN, "an object of rules")) != SDQ_OK)
        return st;
      for (;;) {
        t = json_next(&p.lx);
        if (t == JSON_OBJECT_END)
          break;
        if (t != JSON_KEY)
          return lexer_failed(&p);
        if ((st = read_rule(&p, out)) != SDQ_OK)
          return st;
      }
    } else if (is(&p, "thresholds")) {
      if ((st = read_thresholds(&p, out)) != SDQ_OK)
        return st;
    } else if (is(&p, "exchange_rates")) {
      if ((st = read_rates(&p, out)) != SDQ_OK)
        return st;
    } else if (is(&p, "value_floors")) {
      if ((st = read_floors(&p, out)) != SDQ_OK)
        return st;
    } else if (is(&p, "origin_routes")) {
      if ((st = read_routes(&p, out)) != SDQ_OK)
        return st;
    } else if (is(&p, "levels")) {
      if ((st = expect(&p, JSON_OBJECT_BEGIN, "an object")) != SDQ_OK)
        return st;
      for (;;) {
        t = json_next(&p.lx);
        size_t kat = p.lx.token_offset;
        if (t == JSON_OBJECT_END)
          break;
        if (t != JSON_KEY)
          return lexer_failed(&p);
        if (is(&p, "medium"))
          st = read_number(&p, 0, 100, &out->level_medium, "levels.medium");
        else if (is(&p, "high"))
          st = read_number(&p, 0, 100, &out->level_high, "levels.high");
        else
          return fail_at(&p, SDQ_EPARSE, kat,
                         "unknown key \"%.*s\" in levels (expected medium or "
                         "high)",
                         p.lx.text, p.lx.len);
        if (st != SDQ_OK)
          return st;
      }
      if (out->level_medium > out->level_high)
        return fail_at(&p, SDQ_EPARSE, at,
                       "levels.medium is above levels.high%.*s", "", 0);
    } else {
      return fail_at(&p, SDQ_EPARSE, at,
                     "unknown key \"%.*s\" (expected name, description, "
                     "extends, required, also_required, rules, thresholds, "
                     "exchange_rates, value_floors, origin_routes or levels)",
                     p.lx.text, p.lx.len);
    }
  }
  return SDQ_OK;
}

sdq_status profile_parse(profile *out, const char *json, size_t len,
                         profile_find_fn find, void *ctx, sdq_error *err) {
  if (!find)
    find = find_builtin;
  profile tmp;
  sdq_status st = parse(&tmp, json, len, find, ctx, err, 0);
  if (st == SDQ_OK) {
    if (!tmp.name[0])
      strcpy(tmp.name, "custom");
    index_rates(&tmp);
    *out = tmp;
  }
  return st;
}
