/* Identifiers with check digits and coded identifiers. See ids.h for the
 * accepted spellings and the check digit schemes. */
#include "ids.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* ASCII classes (no locale)                                                 */
/* ------------------------------------------------------------------------ */

static bool is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
         c == '\f';
}
static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static bool is_letter(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
static char to_upper(unsigned char c) {
  return (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
}

/* ------------------------------------------------------------------------ */
/* Results                                                                   */
/* ------------------------------------------------------------------------ */

static id_result result_new(void) {
  id_result r;
  memset(&r, 0, sizeof r);
  r.status = ID_VALID;
  r.kind = ID_KIND_NONE;
  return r;
}

static id_result result_status(id_status status, size_t offset) {
  id_result r = result_new();
  r.status = status;
  r.error_offset = offset;
  return r;
}

/* Records a recognised layout: its kind and normalised form (n <=
 * ID_NORMALISED_MAX characters, already upper-cased). */
static void result_set(id_result *r, id_kind kind, const char *s, size_t n) {
  r->kind = kind;
  memcpy(r->normalised, s, n);
  r->normalised[n] = '\0';
  r->normalised_len = n;
}

static void result_country(id_result *r, const char *s) {
  r->country[0] = s[0];
  r->country[1] = s[1];
  r->country[2] = '\0';
}

/* ------------------------------------------------------------------------ */
/* Scanning                                                                  */
/* ------------------------------------------------------------------------ */

/* The value without leading and trailing white space: [*b, *e). False if
 * nothing is left. */
static bool trim(const char *p, size_t len, size_t *b, size_t *e) {
  const unsigned char *u = (const unsigned char *)p;
  size_t i = 0, j = p ? len : 0;
  while (i < j && is_space(u[i]))
    i++;
  while (j > i && is_space(u[j - 1]))
    j--;
  *b = i;
  *e = j;
  return i < j;
}

/* The significant characters of a value matched against a template. */
typedef struct scan {
  char s[ID_NORMALISED_MAX + 1]; /* upper-cased, NUL-terminated */
  size_t at[ID_NORMALISED_MAX];  /* offset in p of each */
  size_t n;
  size_t error; /* where matching failed */
} scan;

/* A template is a string of character classes and optional separators,
 * one byte each. A class is a set of the bits below: a byte matches it if
 * the byte's own classes (classes_of) share a bit with it. */
enum {
  T_LETTER = 1,   /* 'A': a letter */
  T_DIGIT = 2,    /* 'D': a digit */
  T_ALNUM = 4,    /* 'X': a letter or a digit */
  T_LOCATION = 8, /* 'L': UN/LOCODE location: a letter or a digit 2-9 */
  T_UJZ = 16,     /* 'C': ISO 6346 equipment category U, J or Z */
  T_SPACE = 32,   /* 's': one optional space */
  T_HYPHEN = 64   /* 'h': one optional space or hyphen */
};

/* The template classes that byte c belongs to, as a constant expression
 * (for the table below). */
#define CLASSES_OF(c)                                                          \
  ((((c) & ~0x20u) - 'A' < 26u)                                                \
       ? (T_LETTER | T_ALNUM | T_LOCATION |                                    \
          (((c) & ~0x20u) == 'U' || ((c) & ~0x20u) == 'J' ||                   \
                   ((c) & ~0x20u) == 'Z'                                       \
               ? T_UJZ                                                         \
               : 0u))                                                          \
   : ((c) - '0' < 10u) ? (T_DIGIT | T_ALNUM | ((c) >= '2' ? T_LOCATION : 0u))  \
                       : 0u)
#define CLASSES_4(c)                                                           \
  CLASSES_OF(c), CLASSES_OF((c) + 1u), CLASSES_OF((c) + 2u),                   \
      CLASSES_OF((c) + 3u)
#define CLASSES_16(c)                                                          \
  CLASSES_4(c), CLASSES_4((c) + 4u), CLASSES_4((c) + 8u), CLASSES_4((c) + 12u)
#define CLASSES_64(c)                                                          \
  CLASSES_16(c), CLASSES_16((c) + 16u), CLASSES_16((c) + 32u),                 \
      CLASSES_16((c) + 48u)
/* A letter in upper case is 'A'..'Z' with bit 0x20 cleared; no other byte
 * moves into 'A'..'Z'. A table read instead of the comparisons. */
static const uint8_t CLASSES[256] = {CLASSES_64(0u), CLASSES_64(64u),
                                     CLASSES_64(128u), CLASSES_64(192u)};

static unsigned classes_of(unsigned char c) { return CLASSES[c]; }

/* Matches p[b, e) against a template (see above): a separator slot takes
 * one space (or, for T_HYPHEN, a hyphen) if there is one there. A separator
 * slot is always followed by a character class, so a separator is never
 * last and never doubled. */
static bool match(const char *p, size_t b, size_t e, const unsigned char *tmpl,
                  size_t tmpl_len, scan *out) {
  const unsigned char *u = (const unsigned char *)p;
  size_t i = b;
  out->n = 0;
  for (size_t k = 0; k < tmpl_len; k++) {
    unsigned t = tmpl[k];
    if (t & (T_SPACE | T_HYPHEN)) {
      if (i < e && (u[i] == ' ' || ((t & T_HYPHEN) && u[i] == '-')))
        i++;
      continue;
    }
    if (i >= e || !(classes_of(u[i]) & t)) {
      out->error = i;
      return false;
    }
    out->at[out->n] = i;
    out->s[out->n++] = to_upper(u[i]);
    i++;
  }
  if (i < e) { /* too long */
    out->error = i;
    return false;
  }
  out->s[out->n] = '\0';
  return true;
}

#define A T_LETTER
#define D T_DIGIT
#define X T_ALNUM
#define L T_LOCATION
#define C T_UJZ
#define SP T_SPACE
#define HY T_HYPHEN
/* service indicator, 8 + 1 digits, country; a space may fall between any
 * two digits and at either end of the digits. */
static const unsigned char S10_TEMPLATE[] = {A,  A, SP, D, SP, D, SP, D,
                                             SP, D, SP, D, SP, D, SP, D,
                                             SP, D, SP, D, SP, X, X};
static const unsigned char AWB_TEMPLATE[] = {D, D,  D, HY, D, D, D,
                                             D, SP, D, D,  D, D};
static const unsigned char CONTAINER_TEMPLATE[] = {A, A, A, C, HY, D, D,
                                                   D, D, D, D, HY, D};
static const unsigned char IMO_TEMPLATE[] = {D, D, D, D, D, D, D};
static const unsigned char LOCODE_TEMPLATE[] = {A, A, SP, L, L, L};
#undef A
#undef D
#undef X
#undef L
#undef C
#undef SP
#undef HY
#define MATCH(p, b, e, tmpl, out) match(p, b, e, tmpl, sizeof(tmpl), out)

static unsigned digit(char c) { return (unsigned)(c - '0'); }

/* ------------------------------------------------------------------------ */
/* UPU S10                                                                   */
/* ------------------------------------------------------------------------ */

id_result id_check_s10(const char *p, size_t len) {
  size_t b, e;
  if (!trim(p, len, &b, &e))
    return result_status(ID_EMPTY, 0);
  scan sc;
  if (!MATCH(p, b, e, S10_TEMPLATE, &sc))
    return result_status(ID_MALFORMED, sc.error);

  static const unsigned char weights[8] = {8, 6, 4, 2, 3, 5, 9, 7};
  unsigned sum = 0;
  for (size_t i = 0; i < 8; i++)
    sum += weights[i] * digit(sc.s[2 + i]);
  unsigned check = 11 - sum % 11;
  if (check == 10)
    check = 0;
  else if (check == 11)
    check = 5;

  id_result r = result_new();
  result_set(&r, ID_KIND_S10, sc.s, sc.n);
  result_country(&r, sc.s + 11);
  r.expected_check = (char)('0' + check);
  if (sc.s[10] != r.expected_check) {
    r.status = ID_CHECK_DIGIT;
    r.error_offset = sc.at[10];
  } else if (!is_letter((unsigned char)sc.s[11]) ||
             !is_letter((unsigned char)sc.s[12])) {
    r.status = ID_BAD_COUNTRY;
    r.error_offset = sc.at[11];
  }
  return r;
}

bool id_s10_plain(const char *p, size_t len, char country[2]) {
  if (!p || len != 13)
    return false;
  const unsigned char *u = (const unsigned char *)p;
  if (!(classes_of(u[0]) & classes_of(u[1]) & classes_of(u[11]) &
        classes_of(u[12]) & T_LETTER))
    return false;
  for (size_t i = 2; i < 11; i++)
    if (!is_digit(u[i]))
      return false;
  static const unsigned char weights[8] = {8, 6, 4, 2, 3, 5, 9, 7};
  unsigned sum = 0;
  for (size_t i = 0; i < 8; i++)
    sum += weights[i] * digit((char)u[2 + i]);
  unsigned check = 11 - sum % 11;
  if (check == 10)
    check = 0;
  else if (check == 11)
    check = 5;
  if (u[10] != '0' + check)
    return false;
  country[0] = to_upper(u[11]);
  country[1] = to_upper(u[12]);
  return true;
}

/* ------------------------------------------------------------------------ */
/* IATA air waybill number                                                   */
/* ------------------------------------------------------------------------ */

id_result id_check_awb(const char *p, size_t len) {
  size_t b, e;
  if (!trim(p, len, &b, &e))
    return result_status(ID_EMPTY, 0);
  scan sc;
  if (!MATCH(p, b, e, AWB_TEMPLATE, &sc))
    return result_status(ID_MALFORMED, sc.error);

  unsigned long serial = 0;
  for (size_t i = 3; i < 10; i++)
    serial = serial * 10 + digit(sc.s[i]);

  id_result r = result_new();
  result_set(&r, ID_KIND_AWB, sc.s, sc.n);
  r.expected_check = (char)('0' + serial % 7);
  if (sc.s[10] != r.expected_check) {
    r.status = ID_CHECK_DIGIT;
    r.error_offset = sc.at[10];
  }
  return r;
}

bool id_awb_plain(const char *p, size_t len) {
  if (!p || (len != 11 && len != 12))
    return false;
  const unsigned char *u = (const unsigned char *)p;
  size_t hyphen = len - 11; /* 1: a hyphen after the prefix */
  if (hyphen && u[3] != '-')
    return false;
  unsigned long serial = 0;
  for (size_t i = 0; i < 11; i++) {
    unsigned char c = u[i < 3 ? i : i + hyphen];
    if (!is_digit(c))
      return false;
    if (i >= 3 && i < 10)
      serial = serial * 10 + digit((char)c);
  }
  return u[len - 1] == '0' + serial % 7;
}

/* ------------------------------------------------------------------------ */
/* ISO 6346 container number                                                 */
/* ------------------------------------------------------------------------ */

/* Letter values: from A = 10 up, skipping 11, 22 and 33. */
static const unsigned char ISO6346_LETTER[26] = {
    10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24, /* A-M */
    25, 26, 27, 28, 29, 30, 31, 32, 34, 35, 36, 37, 38, /* N-Z */
};

id_result id_check_container(const char *p, size_t len) {
  size_t b, e;
  if (!trim(p, len, &b, &e))
    return result_status(ID_EMPTY, 0);
  scan sc;
  if (!MATCH(p, b, e, CONTAINER_TEMPLATE, &sc))
    return result_status(ID_MALFORMED, sc.error);

  unsigned long sum = 0;
  for (size_t i = 0; i < 10; i++) {
    char c = sc.s[i];
    unsigned v = i < 4 ? ISO6346_LETTER[c - 'A'] : digit(c);
    sum += (unsigned long)v << i;
  }

  id_result r = result_new();
  result_set(&r, ID_KIND_CONTAINER, sc.s, sc.n);
  r.expected_check = (char)('0' + sum % 11 % 10);
  if (sc.s[10] != r.expected_check) {
    r.status = ID_CHECK_DIGIT;
    r.error_offset = sc.at[10];
  }
  return r;
}

/* ------------------------------------------------------------------------ */
/* IMO ship identification number                                            */
/* ------------------------------------------------------------------------ */

id_result id_check_imo(const char *p, size_t len) {
  size_t b, e;
  if (!trim(p, len, &b, &e))
    return result_status(ID_EMPTY, 0);
  if (e - b >= 3 && to_upper((unsigned char)p[b]) == 'I' &&
      to_upper((unsigned char)p[b + 1]) == 'M' &&
      to_upper((unsigned char)p[b + 2]) == 'O') {
    b += 3;
    if (b < e && p[b] == ' ')
      b++;
  }
  scan sc;
  if (!MATCH(p, b, e, IMO_TEMPLATE, &sc))
    return result_status(ID_MALFORMED, sc.error);

  unsigned sum = 0;
  for (size_t i = 0; i < 6; i++)
    sum += (unsigned)(7 - i) * digit(sc.s[i]);

  id_result r = result_new();
  result_set(&r, ID_KIND_IMO, sc.s, sc.n);
  r.expected_check = (char)('0' + sum % 10);
  if (sc.s[6] != r.expected_check) {
    r.status = ID_CHECK_DIGIT;
    r.error_offset = sc.at[6];
  }
  return r;
}

/* ------------------------------------------------------------------------ */
/* GS1 GTIN and SSCC                                                         */
/* ------------------------------------------------------------------------ */

#define GS1_MAX 18

id_result id_check_gs1(const char *p, size_t len) {
  size_t b, e;
  if (!trim(p, len, &b, &e))
    return result_status(ID_EMPTY, 0);
  const unsigned char *u = (const unsigned char *)p;

  /* "(00)" before an SSCC, "(01)" before a GTIN-14. */
  int app_id = -1;
  size_t i = b;
  if (e - b >= 4 && u[b] == '(' && u[b + 1] == '0' &&
      (u[b + 2] == '0' || u[b + 2] == '1') && u[b + 3] == ')') {
    app_id = u[b + 2] - '0';
    i = b + 4;
    if (i < e && u[i] == ' ')
      i++;
  }

  char s[GS1_MAX + 1];
  size_t at[GS1_MAX];
  size_t n = 0;
  while (i < e) {
    if (is_digit(u[i])) {
      if (n == GS1_MAX)
        return result_status(ID_MALFORMED, i);
      at[n] = i;
      s[n++] = (char)u[i++];
    } else if (u[i] == ' ' && n > 0 && i + 1 < e && is_digit(u[i + 1])) {
      i++;
    } else {
      return result_status(ID_MALFORMED, i);
    }
  }
  s[n] = '\0';

  id_kind kind;
  switch (n) {
  case 8:
    kind = ID_KIND_GTIN8;
    break;
  case 12:
    kind = ID_KIND_GTIN12;
    break;
  case 13:
    kind = ID_KIND_GTIN13;
    break;
  case 14:
    kind = ID_KIND_GTIN14;
    break;
  case 18:
    kind = ID_KIND_SSCC;
    break;
  default:
    return result_status(ID_MALFORMED, e);
  }
  if ((app_id == 0 && kind != ID_KIND_SSCC) ||
      (app_id == 1 && kind != ID_KIND_GTIN14))
    return result_status(ID_MALFORMED, e);

  unsigned sum = 0;
  for (size_t k = 0; k + 1 < n; k++) {
    size_t from_right = n - 2 - k; /* 0 for the rightmost data digit */
    sum += (from_right % 2 == 0 ? 3u : 1u) * digit(s[k]);
  }

  id_result r = result_new();
  result_set(&r, kind, s, n);
  r.expected_check = (char)('0' + (10 - sum % 10) % 10);
  if (s[n - 1] != r.expected_check) {
    r.status = ID_CHECK_DIGIT;
    r.error_offset = at[n - 1];
  }
  return r;
}

/* ------------------------------------------------------------------------ */
/* EU EORI                                                                   */
/* ------------------------------------------------------------------------ */

#define EORI_MAX 17 /* 2-letter country + up to 15 characters */

id_result id_check_eori(const char *p, size_t len) {
  size_t b, e;
  if (!trim(p, len, &b, &e))
    return result_status(ID_EMPTY, 0);
  const unsigned char *u = (const unsigned char *)p;
  char s[EORI_MAX + 1];
  size_t n = 0;
  for (size_t i = b; i < e; i++, n++) {
    if (n == EORI_MAX)
      return result_status(ID_MALFORMED, i);
    if (n < 2) {
      if (!is_letter(u[i]))
        return result_status(ID_MALFORMED, i);
      s[n] = to_upper(u[i]);
    } else {
      if (u[i] < 0x21 || u[i] > 0x7E)
        return result_status(ID_MALFORMED, i);
      s[n] = (char)u[i];
    }
  }
  if (n < 3)
    return result_status(ID_MALFORMED, e);

  id_result r = result_new();
  result_set(&r, ID_KIND_EORI, s, n);
  result_country(&r, s);
  return r;
}

bool id_eori_plain(const char *p, size_t len, char country[2]) {
  if (!p || len < 3 || len > EORI_MAX)
    return false;
  const unsigned char *u = (const unsigned char *)p;
  if (!(classes_of(u[0]) & classes_of(u[1]) & T_LETTER))
    return false;
  for (size_t i = 2; i < len; i++)
    if (u[i] < 0x21 || u[i] > 0x7E)
      return false;
  country[0] = to_upper(u[0]);
  country[1] = to_upper(u[1]);
  return true;
}

/* ------------------------------------------------------------------------ */
/* UN/LOCODE                                                                 */
/* ------------------------------------------------------------------------ */

id_result id_check_locode(const char *p, size_t len) {
  size_t b, e;
  if (!trim(p, len, &b, &e))
    return result_status(ID_EMPTY, 0);
  scan sc;
  if (!MATCH(p, b, e, LOCODE_TEMPLATE, &sc))
    return result_status(ID_MALFORMED, sc.error);
  id_result r = result_new();
  result_set(&r, ID_KIND_LOCODE, sc.s, sc.n);
  result_country(&r, sc.s);
  return r;
}

bool id_locode_plain(const char *p, size_t len, char country[2]) {
  if (!p || len != 5)
    return false;
  const unsigned char *u = (const unsigned char *)p;
  if (!(classes_of(u[0]) & classes_of(u[1]) & T_LETTER) ||
      !(classes_of(u[2]) & classes_of(u[3]) & classes_of(u[4]) & T_LOCATION))
    return false;
  country[0] = to_upper(u[0]);
  country[1] = to_upper(u[1]);
  return true;
}
