/* Lookups in the generated reference tables (see refdata.h, tables.h). */
#include "tables.h"

#include <string.h>

/* Longest name key compared; generate.py checks that every key fits
 * (NAME_KEY_MAX there). A longer name names no country. */
#define NAME_KEY_MAX 64

/* The index of an alpha-2 / alpha-3 code in a direct table, or -1 if a
 * byte is not an upper-case ASCII letter. */
static int a2_index(const char code[2]) {
  unsigned a = (unsigned)(unsigned char)code[0] - 'A';
  unsigned b = (unsigned)(unsigned char)code[1] - 'A';
  if (a >= 26 || b >= 26)
    return -1;
  return (int)(a * 26 + b);
}

static int a3_index(const char code[3]) {
  unsigned a = (unsigned)(unsigned char)code[0] - 'A';
  unsigned b = (unsigned)(unsigned char)code[1] - 'A';
  unsigned c = (unsigned)(unsigned char)code[2] - 'A';
  if (a >= 26 || b >= 26 || c >= 26)
    return -1;
  return (int)((a * 26 + b) * 26 + c);
}

/* ------------------------------------------------------------------------ */
/* ISO 3166-1                                                                */
/* ------------------------------------------------------------------------ */

country_status refdata_country_status(const char code[2]) {
  int i = a2_index(code);
  return i < 0 ? COUNTRY_NONE : (country_status)refdata_country_status_table[i];
}

static const refdata_country *country_entry(const char code[2]) {
  int i = a2_index(code);
  if (i < 0 || !refdata_country_index[i])
    return NULL;
  return &refdata_countries[refdata_country_index[i] - 1];
}

const char *refdata_country_name(const char code[2]) {
  const refdata_country *c = country_entry(code);
  return c ? refdata_country_names + c->name : NULL;
}

const char *refdata_country_instead(const char code[2]) {
  const refdata_country *c = country_entry(code);
  return c && c->instead[0] ? c->instead : NULL;
}

const char *refdata_country_alpha3(const char code[2]) {
  const refdata_country *c = country_entry(code);
  return c && c->alpha3[0] ? c->alpha3 : NULL;
}

const char *refdata_country_alpha2_of_alpha3(const char code[3]) {
  int i = a3_index(code);
  if (i < 0 || !refdata_country_alpha3_index[i])
    return NULL;
  return refdata_countries[refdata_country_alpha3_index[i] - 1].alpha2;
}

const char *refdata_country_alpha2_of_numeric(unsigned numeric) {
  if (numeric >= 1000 || !refdata_country_numeric_index[numeric])
    return NULL;
  return refdata_countries[refdata_country_numeric_index[numeric] - 1].alpha2;
}

static bool ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z');
}

/* Writes the comparison key of a name into out (cap bytes) and returns its
 * length, or SIZE_MAX if it does not fit. The same as name_key() in
 * generate.py: a leading word "the" dropped; ASCII letters and digits
 * lower-cased, other ASCII dropped; U+00A0..U+017F folded through
 * refdata_name_fold (accented letters to their base letters, punctuation
 * dropped); U+2000..U+207F (general punctuation: quotes, dashes, spaces)
 * dropped; any other byte kept, so that other scripts compare exactly. */
static size_t name_key(const unsigned char *s, size_t len, char *out,
                       size_t cap) {
  size_t i = 0, n = 0;
  while (i < len && (s[i] == ' ' || s[i] == '\t'))
    i++;
  if (len - i > 3 && (s[i] | 0x20) == 't' && (s[i + 1] | 0x20) == 'h' &&
      (s[i + 2] | 0x20) == 'e' && s[i + 3] < 0x80 && !ascii_alnum(s[i + 3]))
    i += 3;
  while (i < len) {
    unsigned char c = s[i];
    const char *fold = NULL;
    size_t skip = 1;
    if (c < 0x80) {
      if (!ascii_alnum(c)) {
        i++;
        continue;
      }
      if (n == cap)
        return SIZE_MAX;
      out[n++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
      i++;
      continue;
    }
    if (c >= 0xC2 && c <= 0xC5 && i + 1 < len && (s[i + 1] & 0xC0) == 0x80) {
      unsigned cp = ((unsigned)(c & 0x1F) << 6) | (s[i + 1] & 0x3Fu);
      if (cp >= 0xA0) {
        fold = refdata_name_fold[cp - 0xA0];
        skip = 2;
      }
    } else if (c == 0xE2 && i + 2 < len &&
               (s[i + 1] == 0x80 || s[i + 1] == 0x81) &&
               (s[i + 2] & 0xC0) == 0x80) {
      fold = "";
      skip = 3;
    }
    if (fold) {
      for (; *fold; fold++) {
        if (n == cap)
          return SIZE_MAX;
        out[n++] = *fold;
      }
      i += skip;
      continue;
    }
    if (n == cap)
      return SIZE_MAX;
    out[n++] = (char)c;
    i++;
  }
  return n;
}

const char *refdata_country_alpha2_of_name(const char *name, size_t len) {
  char key[NAME_KEY_MAX];
  if (!name || !len)
    return NULL;
  size_t n = name_key((const unsigned char *)name, len, key, sizeof key);
  if (n == 0 || n == SIZE_MAX)
    return NULL;
  size_t lo = 0, hi = refdata_country_key_count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const refdata_name_key *k = &refdata_country_keys[mid];
    size_t m = k->len < n ? k->len : n;
    int cmp = memcmp(k->key, key, m);
    if (cmp == 0)
      cmp = k->len < n ? -1 : k->len > n ? 1 : 0;
    if (cmp == 0)
      return refdata_countries[k->country].alpha2;
    if (cmp < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* ISO 4217                                                                  */
/* ------------------------------------------------------------------------ */

static const refdata_currency *currency_entry(const char code[3]) {
  int i = a3_index(code);
  if (i < 0 || !refdata_currency_index[i])
    return NULL;
  return &refdata_currencies[refdata_currency_index[i] - 1];
}

int refdata_currency_minor_units(const char code[3]) {
  const refdata_currency *c = currency_entry(code);
  return c ? c->minor_units : REFDATA_MINOR_UNKNOWN;
}

const char *refdata_currency_name(const char code[3]) {
  const refdata_currency *c = currency_entry(code);
  return c ? refdata_currency_names + c->name : NULL;
}

bool refdata_currency_is_fund(const char code[3]) {
  const refdata_currency *c = currency_entry(code);
  return c && (c->flags & REFDATA_CURRENCY_FUND);
}

const char *refdata_currency_of_numeric(unsigned numeric) {
  if (numeric >= 1000 || !refdata_currency_numeric_index[numeric])
    return NULL;
  return refdata_currencies[refdata_currency_numeric_index[numeric] - 1].code;
}

/* ------------------------------------------------------------------------ */
/* Harmonized System                                                         */
/* ------------------------------------------------------------------------ */

const char *refdata_hs_edition_name(hs_edition e) {
  switch (e) {
  case HS_2017:
    return "HS 2017";
  case HS_2022:
    return "HS 2022";
  }
  return NULL;
}

bool refdata_hs_edition_at(uint32_t yyyymmdd, hs_edition *e) {
  for (int i = HS_EDITION_COUNT - 1; i >= 0; i--) {
    if (yyyymmdd >= refdata_hs_edition_start[i]) {
      *e = (hs_edition)i;
      return true;
    }
  }
  return false;
}

bool refdata_hs_chapter(hs_edition e, unsigned chapter) {
  if ((unsigned)e >= HS_EDITION_COUNT || chapter >= 100)
    return false;
  return (refdata_hs_chapter_bits[e][chapter >> 6] >> (chapter & 63)) & 1u;
}

bool refdata_hs_heading(hs_edition e, unsigned heading) {
  if ((unsigned)e >= HS_EDITION_COUNT || heading >= 10000)
    return false;
  return refdata_hs_heading_mask[e][heading] != 0;
}

bool refdata_hs_subheading(hs_edition e, unsigned subheading) {
  if ((unsigned)e >= HS_EDITION_COUNT || subheading >= 1000000)
    return false;
  unsigned m = refdata_hs_heading_mask[e][subheading / 100];
  unsigned s = subheading % 100;
  return (refdata_hs_masks[m][s >> 6] >> (s & 63)) & 1u;
}
