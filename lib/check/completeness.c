/* Completeness: is each required field there, and is each value a value
 * rather than a placeholder? See docs/rules.md. */
#include "check.h"

#include "../bits.h"

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
 * and ASCII case folding, so "Nana Unknownson" is not one. The tables
 * BYTE_FIRST and BYTE_LAST below must list every first and last byte of
 * these (and "0"). */
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
_Static_assert(PLACEHOLDER_MAX < 16, "lengths are bits 1 to 15 of a uint16_t, "
                                     "longer values leave them clear");

/* Per byte: bit 0 when it is white space; bit n (1..14) when a placeholder
 * of n bytes starts (BYTE_FIRST) or ends (BYTE_LAST) with it, in either
 * case. Nearly every real value fails the test of its first and last byte
 * against its length, so the list is only searched for the few that pass,
 * and values without surrounding white space are never trimmed. */
#define SPACE 1u
#define LEN(n) (1u << (n))
#define ANY_CASE(c, bits) [c] = (bits), [(c) - 'a' + 'A'] = (bits)
#define SPACES                                                                 \
  ['\t'] = SPACE, ['\n'] = SPACE, ['\v'] = SPACE, ['\f'] = SPACE,              \
  ['\r'] = SPACE, [' '] = SPACE
#define SHORT (LEN(1) | LEN(2) | LEN(3)) /* "-" "--" "---", "?"..., "x"... */
static const uint16_t BYTE_FIRST[256] = {
    SPACES,
    ANY_CASE('n', LEN(2) | LEN(3) | LEN(4) | LEN(7) | LEN(13) | LEN(14)),
    ANY_CASE('u', LEN(3) | LEN(7)),
    ANY_CASE('t', LEN(3) | LEN(4)),
    ANY_CASE('x', SHORT),
    ['-'] = SHORT,
    ['?'] = SHORT,
    ['0'] = LEN(1),
};
static const uint16_t BYTE_LAST[256] = {
    SPACES,
    ANY_CASE('a', LEN(2) | LEN(3)),
    ANY_CASE('c', LEN(3)),
    ANY_CASE('d', LEN(3)),
    ANY_CASE('e', LEN(4) | LEN(7) | LEN(13) | LEN(14)),
    ANY_CASE('k', LEN(3)),
    ANY_CASE('l', LEN(3) | LEN(4)),
    ANY_CASE('n', LEN(7)),
    ANY_CASE('t', LEN(4)),
    ANY_CASE('x', SHORT),
    ['.'] = LEN(4),
    ['-'] = SHORT,
    ['?'] = SHORT,
    ['0'] = LEN(1),
};
#undef SHORT
#undef SPACES
#undef ANY_CASE
#undef LEN

static bool is_country_field(sdq_field f) {
  return f == SDQ_FIELD_SELLER_COUNTRY || f == SDQ_FIELD_BUYER_COUNTRY ||
         f == SDQ_FIELD_DEPARTURE_COUNTRY ||
         f == SDQ_FIELD_DESTINATION_COUNTRY || f == SDQ_FIELD_ORIGIN_COUNTRY;
}

/* Whether the trimmed value p[0..len), 1 to PLACEHOLDER_MAX bytes, is a
 * placeholder in this field. */
static bool placeholder_in_list(const char *p, size_t len, sdq_field field) {
  /* "0" says nothing in a name or an id; in a number it is a value, which
   * the validity rules judge. */
  if (len == 1 && p[0] == '0') {
    field_kind kind = field_kind_of(field);
    return kind != FIELD_NUMBER && kind != FIELD_DATE;
  }
  char folded[PLACEHOLDER_MAX] = {0};
  for (size_t i = 0; i < len; i++) {
    char ch = p[i];
    folded[i] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
  }
  /* "NA" is Namibia's country code. */
  if (is_country_field(field) && len == 2 && memcmp(folded, "na", 2) == 0)
    return false;
  /* Compared here rather than with memcmp(): the values that come this
   * far are short, and most differ from a placeholder of their length in
   * the first bytes (currency "USD" against "unk", say). */
  for (size_t i = 0; i < PLACEHOLDER_COUNT; i++) {
    const char *t = PLACEHOLDERS[i].text;
    if (PLACEHOLDERS[i].len != len || t[0] != folded[0])
      continue;
    size_t k = 1;
    while (k < len && t[k] == folded[k])
      k++;
    if (k == len)
      return true;
  }
  return false;
}

/* The state of a value that is there: missing when only white space, a
 * placeholder, or present. */
static field_state classify_slow(const char *p, size_t len, sdq_field field) {
  while (len && is_space(*p)) {
    p++;
    len--;
  }
  if (len == 0)
    return FIELD_MISSING;
  while (is_space(p[len - 1]))
    len--;
  unsigned first = BYTE_FIRST[(unsigned char)p[0]];
  unsigned last = BYTE_LAST[(unsigned char)p[len - 1]];
  if (len <= PLACEHOLDER_MAX && ((first & last) >> len) & 1u &&
      placeholder_in_list(p, len, field))
    return FIELD_PLACEHOLDER;
  return FIELD_PRESENT;
}

/* Whether a value is certainly present: not empty, neither starting nor
 * ending with white space, and without the first and last byte of a
 * placeholder of its length. Nearly all values are; classify_slow() tells
 * the others. */
static inline bool surely_present(const char *p, size_t len) {
  if (!len)
    return false;
  uint32_t first = BYTE_FIRST[(unsigned char)p[0]];
  uint32_t last = BYTE_LAST[(unsigned char)p[len - 1]];
  /* Lengths are taken modulo 64, which a shift does for free: bits past
   * 14 are clear, so only a value of 65 to 78 bytes (and so on) may be
   * sent to classify_slow() for nothing, never a placeholder missed. */
  return !(((first | last) & SPACE) |
           (((uint64_t)(first & last) >> (len & 63)) & 1u));
}

static inline field_state classify(const char *p, size_t len, sdq_field field) {
  return surely_present(p, len) ? FIELD_PRESENT : classify_slow(p, len, field);
}

bool is_placeholder(const char *p, size_t len, sdq_field field) {
  return classify(p, len, field) == FIELD_PLACEHOLDER;
}

/* Counts the check of a field occurrence that is missing (where the field
 * is required) or a placeholder, and adds the finding the profile asks
 * for. */
static sdq_status report(check_ctx *c, sdq_field f, int32_t item, bool has,
                         sdq_view v, field_state state) {
  const profile *p = c->profile;
  bool required = profile_requires(p, f);
  sdq_result *res = c->res;
  result_check(res, SDQ_DIM_COMPLETENESS, false);
  if (state == FIELD_MISSING) {
    const rule_params *rp = &p->rules[RULE_COMPLETENESS_MISSING];
    if (!rp->enabled)
      return SDQ_OK;
    return result_add(res, RULE_COMPLETENESS_MISSING, rp->severity, rp->weight,
                      f, item, has ? &v : NULL, "required field %s is %s",
                      sdq_field_name(f), has ? "empty" : "missing");
  }
  const rule_params *rp = &p->rules[RULE_COMPLETENESS_PLACEHOLDER];
  if (!rp->enabled)
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
                    &v, "%s \"%.*s\" is a placeholder, not a value%s",
                    sdq_field_name(f), CLIP(v.ptr, v.len, 40),
                    required ? " (the field is required)" : "");
}

/* A "one of" group: one check, passed when any of its fields has a value
 * (is in `present`). */
static sdq_status assess_group(check_ctx *c, uint64_t group, uint64_t present) {
  if (group & present) {
    result_check(c->res, SDQ_DIM_COMPLETENESS, true);
    return SDQ_OK;
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

#define CONSIGNMENT_FIELDS ((UINT64_C(1) << SDQ_CONSIGNMENT_FIELD_COUNT) - 1)

static inline unsigned count_bits(uint64_t x) {
  x = x - ((x >> 1) & UINT64_C(0x5555555555555555));
  x = (x & UINT64_C(0x3333333333333333)) +
      ((x >> 2) & UINT64_C(0x3333333333333333));
  x = (x + (x >> 4)) & UINT64_C(0x0F0F0F0F0F0F0F0F);
  return (unsigned)((x * UINT64_C(0x0101010101010101)) >> 56);
}

/* Classifies the consignment's fields into res->missing and
 * res->placeholder (the others are present) and their facts; returns the
 * fields to report (placeholders, and required fields missing), and adds
 * the checks passed to *passed. */
static uint64_t classify_consignment(check_ctx *c, uint32_t *passed) {
  const sdq_record *r = c->rec;
  sdq_result *res = c->res;
  uint8_t *state = res->facts.state;
  const uint64_t set = r->set & CONSIGNMENT_FIELDS;
  uint64_t missing = CONSIGNMENT_FIELDS & ~set, placeholders = 0;
  /* Values that need a closer look are left for a second loop, which
   * keeps this one short. */
  uint64_t unsure = 0;
  const sdq_view *v = r->v;
  for (uint64_t bits = set; bits; bits &= bits - 1) {
    size_t f = bit_lowest(bits);
    if (!surely_present(v[f].ptr, v[f].len))
      unsure |= UINT64_C(1) << f;
  }
  /* Nearly every field is present: mark all so, then the others. */
  memset(state, FIELD_PRESENT, SDQ_CONSIGNMENT_FIELD_COUNT);
  for (uint64_t bits = missing; bits; bits &= bits - 1)
    state[bit_lowest(bits)] = FIELD_MISSING;
  for (uint64_t bits = unsure; bits; bits &= bits - 1) {
    unsigned f = bit_lowest(bits);
    field_state st = classify_slow(r->v[f].ptr, r->v[f].len, (sdq_field)f);
    state[f] = (uint8_t)st;
    if (st == FIELD_MISSING)
      missing |= UINT64_C(1) << f;
    else if (st == FIELD_PLACEHOLDER)
      placeholders |= UINT64_C(1) << f;
  }
  res->missing = missing;
  res->placeholder = placeholders;
  *passed += SDQ_CONSIGNMENT_FIELD_COUNT - count_bits(missing | placeholders);
  return placeholders | (missing & c->profile->required);
}

/* The same for item i, with the counts of the item fields kept in res. */
static uint32_t classify_item(check_ctx *c, size_t i, uint32_t *passed) {
  const record_item *it = &c->rec->items[i];
  sdq_result *res = c->res;
  uint8_t *state = res->facts.items[i].state;
  const uint32_t all = (UINT32_C(1) << SDQ_ITEM_FIELD_COUNT) - 1;
  const uint32_t set = it->set & all;
  uint32_t missing = all & ~set, placeholders = 0, unsure = 0;
  for (int k = 0; k < SDQ_ITEM_FIELD_COUNT; k++)
    if (((set >> k) & 1u) && !surely_present(it->v[k].ptr, it->v[k].len))
      unsure |= UINT32_C(1) << k;
  memset(state, FIELD_PRESENT, SDQ_ITEM_FIELD_COUNT);
  if (!(missing | unsure)) {
    *passed += SDQ_ITEM_FIELD_COUNT;
    return 0;
  }
  for (uint32_t bits = unsure; bits; bits &= bits - 1) {
    unsigned k = bit_lowest(bits);
    field_state st = classify_slow(it->v[k].ptr, it->v[k].len,
                                   (sdq_field)(SDQ_ITEM_FIELD_BASE + k));
    if (st == FIELD_MISSING)
      missing |= UINT32_C(1) << k;
    else if (st == FIELD_PLACEHOLDER)
      placeholders |= UINT32_C(1) << k;
  }
  for (uint32_t bits = missing; bits; bits &= bits - 1) {
    unsigned k = bit_lowest(bits);
    state[k] = FIELD_MISSING;
    res->item_missing[k]++;
  }
  for (uint32_t bits = placeholders; bits; bits &= bits - 1) {
    unsigned k = bit_lowest(bits);
    state[k] = FIELD_PLACEHOLDER;
    res->item_placeholder[k]++;
  }
  *passed += SDQ_ITEM_FIELD_COUNT - count_bits(missing | placeholders);
  res->item_not_present |= missing | placeholders;
  return placeholders | (missing & c->profile->required_items);
}

/* Classifies, counts and checks every field of the record and its items.
 * Values are classified first; findings are then added in field order.
 * Checks passed are counted in *passed rather than one by one. */
static sdq_status assess_fields(check_ctx *c, uint32_t *passed) {
  const sdq_record *r = c->rec;
  const profile *p = c->profile;
  sdq_result *res = c->res;
  /* The groups' findings come first; classifying adds none. */
  uint64_t to_report = classify_consignment(c, passed);
  uint64_t present = CONSIGNMENT_FIELDS & ~(res->missing | res->placeholder);
  for (size_t g = 0; g < p->one_of_count; g++) {
    sdq_status st = assess_group(c, p->one_of[g], present);
    if (st != SDQ_OK)
      return st;
  }
  for (uint64_t bits = to_report; bits; bits &= bits - 1) {
    sdq_field f = (sdq_field)bit_lowest(bits);
    bool has = record_has(r, f);
    sdq_status st =
        report(c, f, SDQ_NO_ITEM, has, has ? r->v[f] : (sdq_view){NULL, 0},
               (field_state)res->facts.state[f]);
    if (st != SDQ_OK)
      return st;
  }
  if (r->item_count == 0) {
    /* No item: each item field is missing once, for the consignment. */
    res->item_occurrences = 1;
    res->item_not_present = (UINT32_C(1) << SDQ_ITEM_FIELD_COUNT) - 1;
    for (int k = 0; k < SDQ_ITEM_FIELD_COUNT; k++) {
      sdq_field f = (sdq_field)(SDQ_ITEM_FIELD_BASE + k);
      res->item_missing[k] = 1;
      if (!profile_requires(p, f))
        continue;
      result_check(res, SDQ_DIM_COMPLETENESS, false);
      const rule_params *rp = &p->rules[RULE_COMPLETENESS_MISSING];
      if (!rp->enabled)
        continue;
      sdq_status st = result_add(
          res, RULE_COMPLETENESS_MISSING, rp->severity, rp->weight, f,
          SDQ_NO_ITEM, NULL,
          "required field %s is missing: the consignment has no items",
          sdq_field_name(f));
      if (st != SDQ_OK)
        return st;
    }
    return SDQ_OK;
  }
  res->item_occurrences = (uint32_t)r->item_count;
  for (size_t i = 0; i < r->item_count; i++) {
    for (uint32_t bits = classify_item(c, i, passed); bits; bits &= bits - 1) {
      unsigned k = bit_lowest(bits);
      sdq_field f = (sdq_field)(SDQ_ITEM_FIELD_BASE + k);
      const record_item *it = &r->items[i];
      bool has = (it->set >> k) & 1u;
      sdq_status st =
          report(c, f, (int32_t)i, has, has ? it->v[k] : (sdq_view){NULL, 0},
                 (field_state)res->facts.items[i].state[k]);
      if (st != SDQ_OK)
        return st;
    }
  }
  return SDQ_OK;
}

sdq_status check_completeness(check_ctx *c) {
  sdq_status st = result_prepare_items(c->res, c->rec->item_count);
  if (st != SDQ_OK)
    return st;
  uint32_t passed = 0;
  st = assess_fields(c, &passed);
  c->res->made[SDQ_DIM_COMPLETENESS] += passed;
  c->res->passed[SDQ_DIM_COMPLETENESS] += passed;
  return st;
}
