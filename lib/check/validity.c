/* Validity: is each value that is there a well-formed value of its kind?
 * Codes against the ISO and WCO lists, identifiers against their check
 * digits, numbers and dates against their grammar. Only values that the
 * completeness check found present are judged (a placeholder or a blank
 * is already a finding). docs/rules.md lists each rule with its source. */
#include "check.h"

#include "../refdata/postcodes.h"
#include "../refdata/refdata.h"
#include "ids.h"
#include "values.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- helpers ---- */

static bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
         c == '\f';
}

static sdq_view trimmed(sdq_view v) {
  /* Most values have nothing to trim: a byte above ' ' at both ends. */
  if (v.len && (unsigned char)v.ptr[0] > ' ' &&
      (unsigned char)v.ptr[v.len - 1] > ' ')
    return v;
  while (v.len && is_space(v.ptr[0])) {
    v.ptr++;
    v.len--;
  }
  while (v.len && is_space(v.ptr[v.len - 1]))
    v.len--;
  return v;
}

static char upper(char c) { return c >= 'a' && c <= 'z' ? (char)(c - 32) : c; }
static bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* The reporting paths of the checks, apart from their hot paths: a check
 * that calls invalid() saves and restores registers even when the value
 * is valid, as most are. */
#if defined(__GNUC__)
#define COLD __attribute__((noinline, cold))
#else
#define COLD
#endif

/* At most this many bytes of a value are quoted in a message. */
#define QUOTE_MAX 40
#define Q(v) CLIP((v).ptr, (v).len, QUOTE_MAX)

/* Reports a failed validity check: one check made and failed, the field
 * counted invalid, and a finding with the rule's settings (severity capped
 * at `max_severity`). */
static sdq_status invalid(check_ctx *c, rule_index rule, sdq_field f,
                          int32_t item, sdq_view v, sdq_severity max_severity,
                          const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

static sdq_status invalid(check_ctx *c, rule_index rule, sdq_field f,
                          int32_t item, sdq_view v, sdq_severity max_severity,
                          const char *fmt, ...) {
  /* A rule switched off makes no check: it neither lowers quality nor
   * counts the value as invalid. */
  const rule_params *rp = &c->profile->rules[rule];
  if (!rp->enabled)
    return SDQ_OK;
  c->res->invalid[field_index(f)]++;
  result_check(c->res, RULES[rule].dimension, false);
  sdq_severity sev = rp->severity < max_severity ? rp->severity : max_severity;
  va_list ap;
  va_start(ap, fmt);
  sdq_status st =
      result_addv(c->res, rule, sev, rp->weight, f, item, &v, fmt, ap);
  va_end(ap);
  return st;
}

static void valid(check_ctx *c, rule_index rule) {
  if (c->profile->rules[rule].enabled)
    result_check(c->res, RULES[rule].dimension, true);
}

static bool enabled(const check_ctx *c, rule_index rule) {
  return c->profile->rules[rule].enabled;
}

/* ---- junk text ---- */

/* Decimal digits of other scripts (Unicode category Nd): Arabic-Indic,
 * Devanagari and the other Indic scripts, Thai, Lao, Tibetan, Myanmar,
 * Khmer, Mongolian, fullwidth. */
static bool digit_like(uint32_t cp) {
  /* Outside the span of the table, and the gap between Mongolian and
   * fullwidth (most of it CJK): no need to look. */
  if (cp < 0x0660 || cp > 0xFF19 || (cp > 0x1819 && cp < 0xFF10))
    return false;
  static const uint32_t ZEROS[] = {
      0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6,
      0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6, 0x0E50,
      0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0xFF10};
  for (size_t i = 0; i < sizeof ZEROS / sizeof ZEROS[0]; i++)
    if (cp >= ZEROS[i] && cp <= ZEROS[i] + 9)
      return true;
  return false;
}

/* A code point that is a letter or ideograph for this purpose: ASCII
 * letters and everything outside the ranges of punctuation, symbols and
 * spaces. Names in any script count as text. */
static bool letter_like(uint32_t cp) {
  if (cp < 0x80)
    return is_alpha((char)cp);
  if (digit_like(cp))
    return false;
  if (cp >= 0x80 && cp <= 0xBF)
    return cp == 0xAA || cp == 0xB5 || cp == 0xBA; /* ª µ º */
  if (cp == 0xD7 || cp == 0xF7)
    return false; /* × ÷ */
  if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
      (cp >= 0xFE30 && cp <= 0xFE6F) || (cp >= 0xFF00 && cp <= 0xFF20) ||
      (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) ||
      (cp >= 0xFFE0 && cp <= 0xFFEF) || (cp >= 0x1F000 && cp <= 0x1FAFF))
    return false;
  return true;
}

/* Decodes one UTF-8 code point (values are valid UTF-8: readers check). */
static uint32_t next_cp(const char *p, size_t len, size_t *i) {
  unsigned char b = (unsigned char)p[*i];
  size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  if (*i + n > len)
    n = len - *i;
  uint32_t cp = n == 1 ? b : b & (0x3Fu >> (n - 1));
  for (size_t k = 1; k < n; k++)
    cp = (cp << 6) | ((unsigned char)p[*i + k] & 0x3Fu);
  *i += n;
  return cp;
}

/* Why a text value is junk (Canada PACT, Technical Implementation Guide,
 * section 6), or NULL. */
static const char *junk_reason(sdq_view v) {
  /* Names and descriptions mostly start with a letter and then another
   * byte: text, as the loop below would find after two characters. */
  if (v.len >= 2 && is_alpha(v.ptr[0]) && v.ptr[1] != v.ptr[0])
    return NULL;
  size_t letters = 0, digits = 0, others = 0;
  bool same = true;
  uint32_t first = 0;
  size_t count = 0;
  /* Most values settle it at once: a letter and a second, different
   * character, in a value not starting with '.', is text. */
  bool dot = v.len && v.ptr[0] == '.';
  for (size_t i = 0; i < v.len;) {
    if (letters && !same && !dot)
      return NULL;
    uint32_t cp = (unsigned char)v.ptr[i] < 0x80 ? (uint32_t)v.ptr[i++]
                                                 : next_cp(v.ptr, v.len, &i);
    if (count == 0)
      first = cp;
    else if (cp != first)
      same = false;
    count++;
    if (letter_like(cp))
      letters++;
    else if ((cp < 0x80 && is_digit((char)cp)) || digit_like(cp))
      digits++;
    else
      others++;
  }
  if (count >= 3 && same)
    return "is one character repeated";
  if (letters == 0)
    return digits && !others ? "is only digits"
           : digits          ? "is only digits and special characters"
                             : "is only punctuation or special characters";
  /* A file extension alone: ".pdf", ".wpx". */
  if (v.len >= 2 && v.len <= 6 && v.ptr[0] == '.') {
    bool ext = true;
    for (size_t i = 1; i < v.len; i++)
      ext &= is_alpha(v.ptr[i]) || is_digit(v.ptr[i]);
    if (ext)
      return "is only a file extension";
  }
  return NULL;
}

static COLD sdq_status check_text_slow(check_ctx *c, sdq_field f, int32_t item,
                                       sdq_view v) {
  const char *why = junk_reason(trimmed(v));
  if (!why) {
    valid(c, RULE_VALIDITY_JUNK_TEXT);
    return SDQ_OK;
  }
  return invalid(c, RULE_VALIDITY_JUNK_TEXT, f, item, v, SDQ_SEVERITY_ERROR,
                 "%s \"%.*s\" %s, not a %s", sdq_field_name(f), Q(v), why,
                 f == SDQ_FIELD_DESCRIPTION ? "description of goods"
                 : (f == SDQ_FIELD_SELLER_NAME || f == SDQ_FIELD_BUYER_NAME)
                     ? "name"
                     : "place or address");
}

static sdq_status check_text(check_ctx *c, sdq_field f, int32_t item,
                             sdq_view v) {
  /* Nothing to trim and text at once for junk_reason(): a letter, then
   * another byte. */
  if (v.len >= 2 && is_alpha(v.ptr[0]) && v.ptr[1] != v.ptr[0] &&
      (unsigned char)v.ptr[v.len - 1] > ' ') {
    valid(c, RULE_VALIDITY_JUNK_TEXT);
    return SDQ_OK;
  }
  return check_text_slow(c, f, item, v);
}

/* ---- countries and currencies ---- */

/* Notes a valid country code in the facts. */
static void country_fact(check_ctx *c, sdq_field f, int32_t item,
                         const char code[2]) {
  if (item == SDQ_NO_ITEM) {
    memcpy(c->res->facts.country[f], code, 2);
    c->res->facts.country_ok |= (uint64_t)1 << f;
  } else {
    item_facts *it = &c->res->facts.items[item];
    memcpy(it->origin, code, 2);
    it->origin_ok = true;
  }
}

static COLD sdq_status check_country_slow(check_ctx *c, sdq_field f,
                                          int32_t item, sdq_view raw) {
  sdq_view v = trimmed(raw);
  char code[3] = {0};
  if (v.len == 2 && is_alpha(v.ptr[0]) && is_alpha(v.ptr[1])) {
    code[0] = upper(v.ptr[0]);
    code[1] = upper(v.ptr[1]);
    country_status cs = refdata_country_status(code);
    /* XK is user-assigned, but the European Commission and most customs
     * systems use it for Kosovo. */
    if (cs == COUNTRY_OFFICIAL || (code[0] == 'X' && code[1] == 'K')) {
      valid(c, RULE_VALIDITY_COUNTRY);
      country_fact(c, f, item, code);
      return SDQ_OK;
    }
    const char *instead = refdata_country_instead(code);
    if (instead)
      return invalid(c, RULE_VALIDITY_COUNTRY, f, item, raw, SDQ_SEVERITY_ERROR,
                     "%s \"%s\" is not an ISO 3166-1 code; use %s",
                     sdq_field_name(f), code, instead);
    const char *kind =
        cs == COUNTRY_USER_ASSIGNED  ? "a user-assigned code"
        : cs == COUNTRY_EXCEPTIONAL  ? "a reserved code, not a country"
        : cs == COUNTRY_TRANSITIONAL ? "a code no longer in use"
                                     : "not an ISO 3166-1 country code";
    return invalid(c, RULE_VALIDITY_COUNTRY, f, item, raw, SDQ_SEVERITY_ERROR,
                   "%s \"%s\" is %s", sdq_field_name(f), code, kind);
  }
  const char *suggest = NULL;
  if (v.len == 3 && is_alpha(v.ptr[0]) && is_alpha(v.ptr[1]) &&
      is_alpha(v.ptr[2])) {
    char a3[3] = {upper(v.ptr[0]), upper(v.ptr[1]), upper(v.ptr[2])};
    suggest = refdata_country_alpha2_of_alpha3(a3);
  } else if (v.len == 3 && is_digit(v.ptr[0]) && is_digit(v.ptr[1]) &&
             is_digit(v.ptr[2])) {
    suggest = refdata_country_alpha2_of_numeric(
        (unsigned)((v.ptr[0] - '0') * 100 + (v.ptr[1] - '0') * 10 +
                   (v.ptr[2] - '0')));
  }
  if (!suggest && v.len > 2)
    suggest = refdata_country_alpha2_of_name(v.ptr, v.len);
  if (suggest)
    return invalid(c, RULE_VALIDITY_COUNTRY, f, item, raw, SDQ_SEVERITY_ERROR,
                   "%s \"%.*s\" is not an ISO 3166-1 alpha-2 code; use %s",
                   sdq_field_name(f), Q(v), suggest);
  return invalid(c, RULE_VALIDITY_COUNTRY, f, item, raw, SDQ_SEVERITY_ERROR,
                 "%s \"%.*s\" is not an ISO 3166-1 alpha-2 country code",
                 sdq_field_name(f), Q(v));
}

static sdq_status check_country(check_ctx *c, sdq_field f, int32_t item,
                                sdq_view raw) {
  /* Two letters, nothing to trim: an official code (or XK) is valid. */
  if (raw.len == 2) {
    unsigned char a = (unsigned char)raw.ptr[0], b = (unsigned char)raw.ptr[1];
    country_status cs = refdata_country_status_ci(a, b);
    if (cs == COUNTRY_OFFICIAL || ((a | 0x20u) == 'x' && (b | 0x20u) == 'k')) {
      const char code[2] = {upper((char)a), upper((char)b)};
      valid(c, RULE_VALIDITY_COUNTRY);
      country_fact(c, f, item, code);
      return SDQ_OK;
    }
  }
  return check_country_slow(c, f, item, raw);
}

/* Currency names and signs seen instead of codes. */
static const char *currency_instead(sdq_view v) {
  static const struct {
    const char *text;
    const char *code;
  } NAMES[] = {
      {"EURO", "EUR"},         {"EUROS", "EUR"},
      {"\xE2\x82\xAC", "EUR"}, {"$", "USD"},
      {"US$", "USD"},          {"USD$", "USD"},
      {"DOLLAR", "USD"},       {"DOLLARS", "USD"},
      {"\xC2\xA3", "GBP"},     {"UKL", "GBP"},
      {"POUND", "GBP"},        {"RMB", "CNY"},
      {"YUAN", "CNY"},         {"\xC2\xA5", "JPY or CNY"},
      {"YEN", "JPY"},          {"WON", "KRW"},
      {"\xE2\x82\xA9", "KRW"}, {"NTD", "TWD"},
      {"RUR", "RUB"},          {"TL", "TRY"},
  };
  char up[8];
  if (v.len >= sizeof up)
    return NULL;
  for (size_t i = 0; i < v.len; i++)
    up[i] = upper(v.ptr[i]);
  for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++)
    if (strlen(NAMES[i].text) == v.len && memcmp(NAMES[i].text, up, v.len) == 0)
      return NAMES[i].code;
  return NULL;
}

static sdq_status check_currency(check_ctx *c, sdq_field f, sdq_view raw) {
  sdq_view v = trimmed(raw);
  if (v.len == 3 && is_alpha(v.ptr[0]) && is_alpha(v.ptr[1]) &&
      is_alpha(v.ptr[2])) {
    char code[3] = {upper(v.ptr[0]), upper(v.ptr[1]), upper(v.ptr[2])};
    int minor = refdata_currency_minor_units(code);
    if (minor != REFDATA_MINOR_UNKNOWN) {
      valid(c, RULE_VALIDITY_CURRENCY);
      c->res->facts.currency_minor = minor >= 0 ? minor : -1;
      memcpy(c->res->facts.currency, code, 3);
      c->res->facts.currency[3] = '\0';
      return SDQ_OK;
    }
  }
  const char *instead = currency_instead(v);
  if (instead)
    return invalid(
        c, RULE_VALIDITY_CURRENCY, f, SDQ_NO_ITEM, raw, SDQ_SEVERITY_ERROR,
        "currency \"%.*s\" is not an ISO 4217 code; use %s", Q(v), instead);
  return invalid(c, RULE_VALIDITY_CURRENCY, f, SDQ_NO_ITEM, raw,
                 SDQ_SEVERITY_ERROR,
                 "currency \"%.*s\" is not a current ISO 4217 code", Q(v));
}

/* ---- HS codes ---- */

/* The HS edition for the record: that of its declaration date, else its
 * departure date, else the newest bundled. Says which date decided
 * (SDQ_FIELD_NONE: none). */
/* *older is set for a date before 2017-01-01, under HS 2012 or earlier,
 * which is not bundled: the code is then judged against both editions. */
static hs_edition record_edition(check_ctx *c, sdq_field *why, uint32_t *ymd,
                                 bool *older) {
  static const sdq_field DATES[] = {SDQ_FIELD_DECLARATION_DATE,
                                    SDQ_FIELD_DEPARTURE_DATE};
  const record_facts *fx = &c->res->facts;
  *older = false;
  for (size_t i = 0; i < 2; i++) {
    sdq_field f = DATES[i];
    if (!((fx->day_ok >> f) & 1u))
      continue;
    hs_edition e = HS_2017;
    *why = f;
    *ymd = fx->ymd[f];
    *older = !refdata_hs_edition_at(fx->ymd[f], &e);
    return e;
  }
  *why = SDQ_FIELD_NONE;
  *ymd = 0;
  return HS_2022;
}

static COLD sdq_status check_hs_slow(check_ctx *c, int32_t item, sdq_view raw) {
  const sdq_field f = SDQ_FIELD_HS_CODE;
  sdq_view v = trimmed(raw);
  char digits[16];
  size_t n = 0;
  bool bad = false;
  for (size_t i = 0; i < v.len; i++) {
    char ch = v.ptr[i];
    if (ch == '.' || ch == ' ' || ch == '-')
      continue;
    if (!is_digit(ch) || n == sizeof digits) {
      bad = true;
      break;
    }
    digits[n++] = ch;
  }
  if (bad || n == 0)
    return invalid(c, RULE_VALIDITY_HS_CODE, f, item, raw, SDQ_SEVERITY_ERROR,
                   "hs_code \"%.*s\" is malformed: an HS code is digits "
                   "(6 for the subheading, up to 10 with national digits)",
                   Q(v));
  if (n < 6 || n > 10) {
    if (n == 5 || n == 9)
      return invalid(c, RULE_VALIDITY_HS_CODE, f, item, raw, SDQ_SEVERITY_ERROR,
                     "hs_code \"%.*s\" has %zu digits: a leading zero may "
                     "have been lost (0%.*s)",
                     Q(v), n, (int)n, digits);
    return invalid(c, RULE_VALIDITY_HS_CODE, f, item, raw, SDQ_SEVERITY_ERROR,
                   n > 10 ? "hs_code \"%.*s\" has %zu digits; an HS code has "
                            "at most 10 (6 and up to 4 national)"
                          : "hs_code \"%.*s\" has %zu digits; at least the 6 "
                            "digits of the subheading are needed",
                   Q(v), n);
  }
  unsigned chapter = (unsigned)((digits[0] - '0') * 10 + (digits[1] - '0'));
  unsigned heading =
      chapter * 100 + (unsigned)((digits[2] - '0') * 10 + (digits[3] - '0'));
  unsigned sub =
      heading * 100 + (unsigned)((digits[4] - '0') * 10 + (digits[5] - '0'));
  sdq_field why;
  uint32_t ymd;
  bool older;
  hs_edition e = record_edition(c, &why, &ymd, &older);
  hs_edition other = e == HS_2022 ? HS_2017 : HS_2022;
  if (older) {
    if (refdata_hs_subheading(HS_2017, sub) ||
        refdata_hs_subheading(HS_2022, sub)) {
      valid(c, RULE_VALIDITY_HS_CODE);
      return SDQ_OK;
    }
    return invalid(c, RULE_VALIDITY_HS_CODE, f, item, raw, SDQ_SEVERITY_ERROR,
                   "hs_code \"%.*s\": subheading %06u is in neither HS 2017 "
                   "nor HS 2022 (%s %04u-%02u-%02u falls under an older "
                   "edition, which is not bundled)",
                   Q(v), sub, sdq_field_name(why), (unsigned)(ymd / 10000),
                   (unsigned)(ymd / 100 % 100), (unsigned)(ymd % 100));
  }
  if (refdata_hs_subheading(e, sub)) {
    valid(c, RULE_VALIDITY_HS_CODE);
    return SDQ_OK;
  }
  /* Only a code that fails says which edition and why. */
  char basis[96];
  if (why != SDQ_FIELD_NONE)
    snprintf(basis, sizeof basis, "%s (%s %04u-%02u-%02u)",
             refdata_hs_edition_name(e), sdq_field_name(why),
             (unsigned)(ymd / 10000), (unsigned)(ymd / 100 % 100),
             (unsigned)(ymd % 100));
  else
    snprintf(basis, sizeof basis, "%s (no usable date: the latest edition)",
             refdata_hs_edition_name(e));
  if (!refdata_hs_chapter(e, chapter)) {
    const char *what = chapter == 77   ? "is reserved"
                       : chapter >= 98 ? "is left to national use"
                                       : "does not exist";
    return invalid(c, RULE_VALIDITY_HS_CODE, f, item, raw, SDQ_SEVERITY_ERROR,
                   "hs_code \"%.*s\": chapter %02u %s in %s", Q(v), chapter,
                   what, basis);
  }
  if (refdata_hs_subheading(other, sub))
    return invalid(c, RULE_VALIDITY_HS_CODE, f, item, raw, SDQ_SEVERITY_ERROR,
                   "hs_code \"%.*s\": subheading %06u exists only in %s, not "
                   "in %s",
                   Q(v), sub, refdata_hs_edition_name(other), basis);
  if (!refdata_hs_heading(e, heading))
    return invalid(c, RULE_VALIDITY_HS_CODE, f, item, raw, SDQ_SEVERITY_ERROR,
                   "hs_code \"%.*s\": heading %04u does not exist in %s", Q(v),
                   heading, basis);
  return invalid(c, RULE_VALIDITY_HS_CODE, f, item, raw, SDQ_SEVERITY_ERROR,
                 "hs_code \"%.*s\": subheading %06u does not exist in %s", Q(v),
                 sub, basis);
}

static sdq_status check_hs(check_ctx *c, int32_t item, sdq_view raw) {
  /* The usual case, as check_hs_slow() would decide it: nothing to trim,
   * 6 to 10 digits with dots, spaces or hyphens between them, and a
   * subheading of the record's edition (under HS 2017 or later). */
  if (raw.len && (unsigned char)raw.ptr[0] > ' ' &&
      (unsigned char)raw.ptr[raw.len - 1] > ' ' && raw.len <= 16) {
    unsigned sub = 0;
    size_t n = 0;
    for (size_t i = 0; i < raw.len; i++) {
      unsigned d = (unsigned)((unsigned char)raw.ptr[i] - '0');
      if (d < 10) {
        if (n < 6)
          sub = sub * 10 + d;
        n++;
      } else if (raw.ptr[i] != '.' && raw.ptr[i] != ' ' && raw.ptr[i] != '-') {
        n = 0;
        break;
      }
    }
    if (n >= 6 && n <= 10) {
      sdq_field why;
      uint32_t ymd;
      bool older;
      hs_edition e = record_edition(c, &why, &ymd, &older);
      if (!older && refdata_hs_subheading(e, sub)) {
        valid(c, RULE_VALIDITY_HS_CODE);
        return SDQ_OK;
      }
    }
  }
  return check_hs_slow(c, item, raw);
}

/* ---- numbers and dates ---- */

static bool zero_impossible(sdq_field f) {
  return f == SDQ_FIELD_PIECES || f == SDQ_FIELD_QUANTITY ||
         f == SDQ_FIELD_GROSS_WEIGHT;
}

static bool counts(sdq_field f) {
  return f == SDQ_FIELD_PIECES || f == SDQ_FIELD_QUANTITY;
}

static COLD sdq_status check_number_slow(check_ctx *c, sdq_field f,
                                         int32_t item, sdq_view v, number n) {
  switch (n.status) {
  case NUMBER_OK:
    break;
  case NUMBER_NEGATIVE:
    return invalid(c, RULE_VALIDITY_NUMBER, f, item, v, SDQ_SEVERITY_ERROR,
                   "%s \"%.*s\" is negative", sdq_field_name(f), Q(v));
  case NUMBER_AMBIGUOUS:
    return invalid(c, RULE_VALIDITY_NUMBER, f, item, v, SDQ_SEVERITY_WARNING,
                   "%s \"%.*s\" is ambiguous: a thousands separator or a "
                   "decimal comma; write it with '.' for decimals and no "
                   "separators",
                   sdq_field_name(f), Q(v));
  case NUMBER_DECIMAL_COMMA:
    return invalid(c, RULE_VALIDITY_NUMBER, f, item, v, SDQ_SEVERITY_WARNING,
                   "%s \"%.*s\" uses a decimal comma; write decimals with '.'",
                   sdq_field_name(f), Q(v));
  case NUMBER_NOT_NUMBER:
    return invalid(
        c, RULE_VALIDITY_NUMBER, f, item, v, SDQ_SEVERITY_ERROR,
        "%s \"%.*s\" is not a number%s", sdq_field_name(f), Q(v),
        field_kind_of(f) == FIELD_NUMBER &&
                (f == SDQ_FIELD_GROSS_WEIGHT || f == SDQ_FIELD_NET_WEIGHT)
            ? " (give kilograms without a unit)"
            : "");
  }
  if (n.value == 0.0 && zero_impossible(f))
    return invalid(c, RULE_VALIDITY_NUMBER, f, item, v, SDQ_SEVERITY_ERROR,
                   "%s is zero, which is impossible for a consignment",
                   sdq_field_name(f));
  if (counts(f) && !n.integer)
    return invalid(c, RULE_VALIDITY_NUMBER, f, item, v, SDQ_SEVERITY_ERROR,
                   "%s \"%.*s\" is not a whole number", sdq_field_name(f),
                   Q(v));
  return SDQ_OK; /* not reached: check_number() took it */
}

/* Notes a valid number in the facts. */
static void number_fact(check_ctx *c, sdq_field f, int32_t item,
                        const number *n) {
  uint8_t dec = (uint8_t)(n->decimals > 255 ? 255 : n->decimals);
  if (!field_is_item(f)) {
    c->res->facts.num[f] = n->value;
    c->res->facts.decimals[f] = dec;
    c->res->facts.num_ok |= (uint64_t)1 << f;
  } else if (item != SDQ_NO_ITEM) {
    item_facts *it = &c->res->facts.items[item];
    int k = f - SDQ_ITEM_FIELD_BASE;
    it->num[k] = n->value;
    it->decimals[k] = dec;
    it->num_ok |= (uint8_t)(1u << k);
  }
}

/* A number not in a plain spelling, or not valid. */
static COLD sdq_status check_number_other(check_ctx *c, sdq_field f,
                                          int32_t item, sdq_view v) {
  number n = parse_number(v.ptr, v.len);
  if (n.status != NUMBER_OK || (n.value == 0.0 && zero_impossible(f)) ||
      (counts(f) && !n.integer))
    return check_number_slow(c, f, item, v, n);
  valid(c, RULE_VALIDITY_NUMBER);
  number_fact(c, f, item, &n);
  return SDQ_OK;
}

static sdq_status check_number(check_ctx *c, sdq_field f, int32_t item,
                               sdq_view v) {
  number n;
  if (number_plain(v.ptr, v.len, &n) &&
      !(n.value == 0.0 && zero_impossible(f)) && !(counts(f) && !n.integer)) {
    valid(c, RULE_VALIDITY_NUMBER);
    number_fact(c, f, item, &n);
    return SDQ_OK;
  }
  /* parse_number() takes the plain spellings the same way. */
  return check_number_other(c, f, item, v);
}

static COLD sdq_status check_date_slow(check_ctx *c, sdq_field f, sdq_view v,
                                       date d) {
  if (d.status == DATE_NOT_ISO)
    return invalid(c, RULE_VALIDITY_DATE, f, SDQ_NO_ITEM, v, SDQ_SEVERITY_ERROR,
                   "%s \"%.*s\" is not an ISO 8601 date (YYYY-MM-DD, "
                   "optionally with a time)",
                   sdq_field_name(f), Q(v));
  if (d.status == DATE_IMPOSSIBLE)
    return invalid(c, RULE_VALIDITY_DATE, f, SDQ_NO_ITEM, v, SDQ_SEVERITY_ERROR,
                   "%s \"%.*s\" is no such %s", sdq_field_name(f), Q(v),
                   d.year < 1900 || d.year > 2199 ? "year (1900-2199)"
                                                  : "date or time");
  return SDQ_OK; /* not reached: check_date() took it */
}

/* Notes a valid date in the facts. */
static void date_fact(check_ctx *c, sdq_field f, const date *d) {
  c->res->facts.day[f] = d->days;
  c->res->facts.ymd[f] = (uint32_t)(d->year * 10000 + d->month * 100 + d->day);
  c->res->facts.day_ok |= (uint64_t)1 << f;
}

/* A date not in the plain spelling, or not valid. */
static COLD sdq_status check_date_other(check_ctx *c, sdq_field f, sdq_view v) {
  date d = parse_date(v.ptr, v.len);
  if (d.status != DATE_OK)
    return check_date_slow(c, f, v, d);
  valid(c, RULE_VALIDITY_DATE);
  date_fact(c, f, &d);
  return SDQ_OK;
}

static sdq_status check_date(check_ctx *c, sdq_field f, sdq_view v) {
  date d;
  if (date_plain(v.ptr, v.len, &d)) {
    valid(c, RULE_VALIDITY_DATE);
    date_fact(c, f, &d);
    return SDQ_OK;
  }
  /* parse_date() takes the plain spelling the same way. */
  return check_date_other(c, f, v);
}

/* ---- identifiers ---- */

/* Party ids use XI (Northern Ireland, EORI) and EL (Greece, VAT) besides
 * the ISO codes. */
static bool party_prefix(const char code[2]) {
  return (code[0] == 'X' && code[1] == 'I') ||
         (code[0] == 'E' && code[1] == 'L');
}

static const char *country_problem(const char code[2]) {
  country_status cs =
      refdata_country_status_ci((unsigned char)code[0], (unsigned char)code[1]);
  if (cs == COUNTRY_OFFICIAL || (code[0] == 'X' && code[1] == 'K'))
    return NULL;
  return "is not an ISO 3166-1 country";
}

static sdq_status check_s10(check_ctx *c, sdq_view v) {
  const sdq_field f = SDQ_FIELD_POSTAL_ITEM_ID;
  char plain[2];
  if (id_s10_plain(v.ptr, v.len, plain) && !country_problem(plain)) {
    valid(c, RULE_VALIDITY_S10);
    return SDQ_OK;
  }
  id_result r = id_check_s10(v.ptr, v.len);
  if (r.status == ID_MALFORMED)
    return invalid(c, RULE_VALIDITY_S10, f, SDQ_NO_ITEM, v, SDQ_SEVERITY_ERROR,
                   "postal_item_id \"%.*s\" is not a UPU S10 id (2 letters, "
                   "8 digits, a check digit, a 2-letter country: "
                   "RB123456785GB)",
                   Q(v));
  if (r.status == ID_CHECK_DIGIT)
    return invalid(c, RULE_VALIDITY_S10, f, SDQ_NO_ITEM, v, SDQ_SEVERITY_ERROR,
                   "postal_item_id \"%.*s\": wrong S10 check digit (expected "
                   "%c)",
                   Q(v), r.expected_check);
  if (r.status == ID_BAD_COUNTRY || country_problem(r.country))
    return invalid(c, RULE_VALIDITY_S10, f, SDQ_NO_ITEM, v, SDQ_SEVERITY_ERROR,
                   "postal_item_id \"%.*s\": the country \"%s\" is not an ISO "
                   "3166-1 code",
                   Q(v), r.country);
  valid(c, RULE_VALIDITY_S10);
  return SDQ_OK;
}

static sdq_status check_awb(check_ctx *c, sdq_view v) {
  const sdq_field f = SDQ_FIELD_AWB;
  if (id_awb_plain(v.ptr, v.len)) {
    valid(c, RULE_VALIDITY_AWB);
    return SDQ_OK;
  }
  id_result r = id_check_awb(v.ptr, v.len);
  if (r.status == ID_CHECK_DIGIT)
    return invalid(c, RULE_VALIDITY_AWB, f, SDQ_NO_ITEM, v, SDQ_SEVERITY_ERROR,
                   "awb \"%.*s\": wrong check digit (the serial mod 7 is %c)",
                   Q(v), r.expected_check);
  if (r.status != ID_VALID)
    return invalid(c, RULE_VALIDITY_AWB, f, SDQ_NO_ITEM, v, SDQ_SEVERITY_ERROR,
                   "awb \"%.*s\" is not an air waybill number (3-digit airline "
                   "prefix and 8 digits: 176-12345675)",
                   Q(v));
  valid(c, RULE_VALIDITY_AWB);
  return SDQ_OK;
}

static sdq_status check_container(check_ctx *c, sdq_view v) {
  const sdq_field f = SDQ_FIELD_CONTAINER_ID;
  id_result r = id_check_container(v.ptr, v.len);
  if (r.status == ID_CHECK_DIGIT)
    return invalid(c, RULE_VALIDITY_CONTAINER, f, SDQ_NO_ITEM, v,
                   SDQ_SEVERITY_ERROR,
                   "container_id \"%.*s\": wrong ISO 6346 check digit "
                   "(expected %c)",
                   Q(v), r.expected_check);
  if (r.status != ID_VALID)
    return invalid(c, RULE_VALIDITY_CONTAINER, f, SDQ_NO_ITEM, v,
                   SDQ_SEVERITY_ERROR,
                   "container_id \"%.*s\" is not an ISO 6346 container number "
                   "(owner code, U/J/Z, 6 digits, check digit: MWCU6059784)",
                   Q(v));
  valid(c, RULE_VALIDITY_CONTAINER);
  return SDQ_OK;
}

/* A party id is judged as an EORI number when it starts with two letters,
 * as EORI and EU VAT numbers do; other national ids are left alone. */
static sdq_status check_party_id(check_ctx *c, sdq_field f, sdq_view raw) {
  char plain[2];
  if (id_eori_plain(raw.ptr, raw.len, plain) &&
      (!country_problem(plain) || party_prefix(plain))) {
    valid(c, RULE_VALIDITY_EORI);
    return SDQ_OK;
  }
  sdq_view v = trimmed(raw);
  if (v.len < 2 || !is_alpha(v.ptr[0]) || !is_alpha(v.ptr[1]))
    return SDQ_OK;
  id_result r = id_check_eori(v.ptr, v.len);
  if (r.status != ID_VALID)
    return invalid(c, RULE_VALIDITY_EORI, f, SDQ_NO_ITEM, raw,
                   SDQ_SEVERITY_ERROR,
                   "%s \"%.*s\" is not an EORI number (a country code and 1 "
                   "to 15 characters without spaces)",
                   sdq_field_name(f), Q(v));
  if (country_problem(r.country) && !party_prefix(r.country))
    return invalid(c, RULE_VALIDITY_EORI, f, SDQ_NO_ITEM, raw,
                   SDQ_SEVERITY_ERROR,
                   "%s \"%.*s\": \"%s\" is not a country code",
                   sdq_field_name(f), Q(v), r.country);
  valid(c, RULE_VALIDITY_EORI);
  return SDQ_OK;
}

static sdq_status check_locode(check_ctx *c, sdq_field f, sdq_view v) {
  char plain[2];
  if (id_locode_plain(v.ptr, v.len, plain) && !country_problem(plain)) {
    valid(c, RULE_VALIDITY_LOCODE);
    memcpy(c->res->facts.country[f], plain, 2);
    c->res->facts.country_ok |= (uint64_t)1 << f;
    return SDQ_OK;
  }
  id_result r = id_check_locode(v.ptr, v.len);
  if (r.status != ID_VALID)
    return invalid(c, RULE_VALIDITY_LOCODE, f, SDQ_NO_ITEM, v,
                   SDQ_SEVERITY_ERROR,
                   "%s \"%.*s\" is not a UN/LOCODE (a country code and 3 "
                   "letters or digits 2-9: DEHAM)",
                   sdq_field_name(f), Q(v));
  if (country_problem(r.country))
    return invalid(c, RULE_VALIDITY_LOCODE, f, SDQ_NO_ITEM, v,
                   SDQ_SEVERITY_ERROR,
                   "%s \"%.*s\": \"%s\" is not a country code",
                   sdq_field_name(f), Q(v), r.country);
  valid(c, RULE_VALIDITY_LOCODE);
  memcpy(c->res->facts.country[f], r.country, 2);
  c->res->facts.country_ok |= (uint64_t)1 << f;
  return SDQ_OK;
}

/* ---- postcodes ---- */

/* A postcode is judged against the format of the country beside it, when
 * that country is valid and has a format (about 190 do). */
static sdq_status check_postcode(check_ctx *c, sdq_field f, sdq_field country) {
  const record_facts *fx = &c->res->facts;
  if (fx->state[f] != FIELD_PRESENT || !((fx->country_ok >> country) & 1u))
    return SDQ_OK;
  sdq_view v = c->rec->v[f];
  const char *format = NULL;
  postcode_status ps = postcode_check_compiled(
      c->engine->postcodes, fx->country[country], v.ptr, v.len, &format);
  if (ps == POSTCODE_NO_FORMAT)
    return SDQ_OK;
  if (ps == POSTCODE_VALID) {
    valid(c, RULE_VALIDITY_POSTCODE);
    return SDQ_OK;
  }
  return invalid(
      c, RULE_VALIDITY_POSTCODE, f, SDQ_NO_ITEM, v, SDQ_SEVERITY_ERROR,
      "%s \"%.*s\" is not a postcode of %.2s (%s)", sdq_field_name(f), Q(v),
      fx->country[country], format ? format : "another format");
}

/* ---- contacts ---- */

static sdq_status check_email(check_ctx *c, sdq_view raw) {
  if (raw.len && (unsigned char)raw.ptr[0] > ' ' &&
      (unsigned char)raw.ptr[raw.len - 1] > ' ' &&
      email_fine(raw.ptr, raw.len)) {
    valid(c, RULE_VALIDITY_EMAIL);
    return SDQ_OK;
  }
  sdq_view v = trimmed(raw);
  const char *why = email_problem(v.ptr, v.len);
  if (!why) {
    valid(c, RULE_VALIDITY_EMAIL);
    return SDQ_OK;
  }
  return invalid(c, RULE_VALIDITY_EMAIL, SDQ_FIELD_BUYER_EMAIL, SDQ_NO_ITEM,
                 raw, SDQ_SEVERITY_ERROR, "buyer_email \"%.*s\" %s", Q(v), why);
}

/* ITU-T E.123 notation of an E.164 number: an optional '+' and country
 * code, digits grouped by spaces, hyphens, dots or a parenthesised area
 * code; 8 to 15 digits (E.164 allows at most 15; a number that reaches the
 * buyer from abroad needs its area code, so a 7-digit local number is not
 * enough). */
static const char *phone_problem(sdq_view v) {
  size_t digits = 0, i = 0;
  if (v.len && v.ptr[0] == '+') {
    i = 1;
    if (v.len < 2 || !is_digit(v.ptr[1]) || v.ptr[1] == '0')
      return "has no country code after '+'";
  }
  int parens = 0;
  for (; i < v.len; i++) {
    char ch = v.ptr[i];
    if (is_digit(ch))
      digits++;
    else if (ch == '(' && parens == 0)
      parens = 1;
    else if (ch == ')' && parens == 1)
      parens = 2;
    else if (ch != ' ' && ch != '-' && ch != '.' && ch != '/')
      return "contains characters other than digits, '+', spaces, hyphens, "
             "dots and parentheses";
  }
  if (parens == 1)
    return "has an unclosed parenthesis";
  if (digits < 8)
    return "has too few digits for a phone number with its area code";
  if (digits > 15)
    return "has more than the 15 digits E.164 allows";
  return NULL;
}

static sdq_status check_phone(check_ctx *c, sdq_view raw) {
  sdq_view v = trimmed(raw);
  const char *why = phone_problem(v);
  if (!why) {
    valid(c, RULE_VALIDITY_PHONE);
    return SDQ_OK;
  }
  return invalid(c, RULE_VALIDITY_PHONE, SDQ_FIELD_BUYER_PHONE, SDQ_NO_ITEM,
                 raw, SDQ_SEVERITY_ERROR, "buyer_phone \"%.*s\" %s", Q(v), why);
}

/* ---- dispatch ---- */

/* Which check each field gets. */
typedef enum value_check {
  VC_NONE = 0,
  VC_TEXT,
  VC_COUNTRY,
  VC_CURRENCY,
  VC_HS,
  VC_NUMBER,
  VC_DATE,
  VC_S10,
  VC_AWB,
  VC_CONTAINER,
  VC_PARTY_ID,
  VC_LOCODE,
  VC_EMAIL,
  VC_PHONE
} value_check;

/* The check of each field, by dense index: a table rather than a switch on
 * the field, so that fields without a check cost one load. */
static const uint8_t CHECK_OF[FIELD_INDEX_COUNT] = {
    [SDQ_FIELD_SELLER_NAME] = VC_TEXT,
    [SDQ_FIELD_SELLER_ADDRESS] = VC_TEXT,
    [SDQ_FIELD_SELLER_CITY] = VC_TEXT,
    [SDQ_FIELD_BUYER_NAME] = VC_TEXT,
    [SDQ_FIELD_BUYER_ADDRESS] = VC_TEXT,
    [SDQ_FIELD_BUYER_CITY] = VC_TEXT,
    [SDQ_FIELD_SELLER_COUNTRY] = VC_COUNTRY,
    [SDQ_FIELD_BUYER_COUNTRY] = VC_COUNTRY,
    [SDQ_FIELD_DEPARTURE_COUNTRY] = VC_COUNTRY,
    [SDQ_FIELD_DESTINATION_COUNTRY] = VC_COUNTRY,
    [SDQ_FIELD_CURRENCY] = VC_CURRENCY,
    [SDQ_FIELD_PIECES] = VC_NUMBER,
    [SDQ_FIELD_GROSS_WEIGHT] = VC_NUMBER,
    [SDQ_FIELD_TOTAL_VALUE] = VC_NUMBER,
    [SDQ_FIELD_DEPARTURE_DATE] = VC_DATE,
    [SDQ_FIELD_ARRIVAL_DATE] = VC_DATE,
    [SDQ_FIELD_DECLARATION_DATE] = VC_DATE,
    [SDQ_FIELD_POSTAL_ITEM_ID] = VC_S10,
    [SDQ_FIELD_AWB] = VC_AWB,
    [SDQ_FIELD_CONTAINER_ID] = VC_CONTAINER,
    [SDQ_FIELD_SELLER_ID] = VC_PARTY_ID,
    [SDQ_FIELD_BUYER_ID] = VC_PARTY_ID,
    [SDQ_FIELD_DECLARANT_ID] = VC_PARTY_ID,
    [SDQ_FIELD_DEPARTURE_LOCATION] = VC_LOCODE,
    [SDQ_FIELD_ARRIVAL_LOCATION] = VC_LOCODE,
    [SDQ_FIELD_BUYER_EMAIL] = VC_EMAIL,
    [SDQ_FIELD_BUYER_PHONE] = VC_PHONE,
    [SDQ_CONSIGNMENT_FIELD_COUNT + SDQ_FIELD_DESCRIPTION -
        SDQ_ITEM_FIELD_BASE] = VC_TEXT,
    [SDQ_CONSIGNMENT_FIELD_COUNT + SDQ_FIELD_HS_CODE - SDQ_ITEM_FIELD_BASE] =
        VC_HS,
    [SDQ_CONSIGNMENT_FIELD_COUNT + SDQ_FIELD_QUANTITY - SDQ_ITEM_FIELD_BASE] =
        VC_NUMBER,
    [SDQ_CONSIGNMENT_FIELD_COUNT + SDQ_FIELD_ITEM_VALUE - SDQ_ITEM_FIELD_BASE] =
        VC_NUMBER,
    [SDQ_CONSIGNMENT_FIELD_COUNT + SDQ_FIELD_NET_WEIGHT - SDQ_ITEM_FIELD_BASE] =
        VC_NUMBER,
    [SDQ_CONSIGNMENT_FIELD_COUNT + SDQ_FIELD_ORIGIN_COUNTRY -
        SDQ_ITEM_FIELD_BASE] = VC_COUNTRY,
};

/* The rule that gates each check, or RULE_COUNT for the checks that always
 * run because later checks use the facts they find (their findings still
 * follow the rule's setting). */
static const uint8_t GATE_OF[] = {
    [VC_NONE] = RULE_COUNT,
    [VC_TEXT] = RULE_VALIDITY_JUNK_TEXT,
    [VC_COUNTRY] = RULE_COUNT,
    [VC_CURRENCY] = RULE_COUNT,
    [VC_HS] = RULE_VALIDITY_HS_CODE,
    [VC_NUMBER] = RULE_COUNT,
    [VC_DATE] = RULE_COUNT,
    [VC_S10] = RULE_VALIDITY_S10,
    [VC_AWB] = RULE_VALIDITY_AWB,
    [VC_CONTAINER] = RULE_VALIDITY_CONTAINER,
    [VC_PARTY_ID] = RULE_VALIDITY_EORI,
    [VC_LOCODE] = RULE_COUNT,
    [VC_EMAIL] = RULE_VALIDITY_EMAIL,
    [VC_PHONE] = RULE_VALIDITY_PHONE,
};

/* Bit k set: check k runs under this profile. */
static uint32_t active_checks(const check_ctx *c) {
  uint32_t active = 0;
  for (unsigned k = VC_NONE + 1; k < sizeof GATE_OF / sizeof GATE_OF[0]; k++)
    if (GATE_OF[k] == RULE_COUNT || enabled(c, (rule_index)GATE_OF[k]))
      active |= 1u << k;
  return active;
}

/* Inlined into the loops of check_validity: called once per present
 * value, a call would save and restore most registers each time. */
static inline sdq_status check_value(check_ctx *c, value_check k, sdq_field f,
                                     int32_t item, sdq_view v)
#if defined(__GNUC__)
    __attribute__((always_inline))
#endif
    ;
static inline sdq_status check_value(check_ctx *c, value_check k, sdq_field f,
                                     int32_t item, sdq_view v) {
  switch (k) {
  case VC_TEXT:
    return check_text(c, f, item, v);
  case VC_COUNTRY:
    return check_country(c, f, item, v);
  case VC_CURRENCY:
    return check_currency(c, f, v);
  case VC_HS:
    return check_hs(c, item, v);
  case VC_NUMBER:
    return check_number(c, f, item, v);
  case VC_DATE:
    return check_date(c, f, v);
  case VC_S10:
    return check_s10(c, v);
  case VC_AWB:
    return check_awb(c, v);
  case VC_CONTAINER:
    return check_container(c, v);
  case VC_PARTY_ID:
    return check_party_id(c, f, v);
  case VC_LOCODE:
    return check_locode(c, f, v);
  case VC_EMAIL:
    return check_email(c, v);
  case VC_PHONE:
    return check_phone(c, v);
  default:
    return SDQ_OK;
  }
}

sdq_status check_validity(check_ctx *c) {
  const sdq_record *r = c->rec;
  record_facts *fx = &c->res->facts;
  /* Dates first: the HS edition of the items depends on them. */
  static const sdq_field FIRST[] = {SDQ_FIELD_DECLARATION_DATE,
                                    SDQ_FIELD_DEPARTURE_DATE};
  const uint32_t active = active_checks(c);
  /* Both loops unrolled whole: CHECK_OF[f] is then a constant in each
   * copy and check_value()'s switch a direct call, where it was one
   * indirect jump per value through a dozen targets, which the processor
   * often mispredicted. */
#pragma GCC unroll 64
  for (int f = 0; f < SDQ_CONSIGNMENT_FIELD_COUNT; f++) {
    unsigned k = CHECK_OF[f];
    if (!((active >> k) & 1u) || fx->state[f] != FIELD_PRESENT)
      continue;
    sdq_status st =
        check_value(c, (value_check)k, (sdq_field)f, SDQ_NO_ITEM, r->v[f]);
    if (st != SDQ_OK)
      return st;
  }
  (void)FIRST; /* dates precede hs_code: all consignment fields come first */
  /* Postcodes need the countries, which come after them in the dictionary. */
  if (enabled(c, RULE_VALIDITY_POSTCODE)) {
    sdq_status st =
        check_postcode(c, SDQ_FIELD_SELLER_POSTCODE, SDQ_FIELD_SELLER_COUNTRY);
    if (st == SDQ_OK)
      st = check_postcode(c, SDQ_FIELD_BUYER_POSTCODE, SDQ_FIELD_BUYER_COUNTRY);
    if (st != SDQ_OK)
      return st;
  }
  for (size_t i = 0; i < r->item_count; i++) {
    const record_item *it = &r->items[i];
#pragma GCC unroll 32
    for (int k = 0; k < SDQ_ITEM_FIELD_COUNT; k++) {
      unsigned vc = CHECK_OF[SDQ_CONSIGNMENT_FIELD_COUNT + k];
      if (!((active >> vc) & 1u) || fx->items[i].state[k] != FIELD_PRESENT)
        continue;
      sdq_status st =
          check_value(c, (value_check)vc, (sdq_field)(SDQ_ITEM_FIELD_BASE + k),
                      (int32_t)i, it->v[k]);
      if (st != SDQ_OK)
        return st;
    }
  }
  return SDQ_OK;
}
