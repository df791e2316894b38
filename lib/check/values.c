#include "values.h"

static bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_letter(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void trim(const char **p, size_t *len) {
  /* Most values have nothing to trim: a byte above ' ' at both ends. */
  if (*len && (unsigned char)(*p)[0] > ' ' &&
      (unsigned char)(*p)[*len - 1] > ' ')
    return;
  while (*len && is_space(**p)) {
    (*p)++;
    (*len)--;
  }
  while (*len && is_space((*p)[*len - 1]))
    (*len)--;
}

static double pow10i(int e) {
  double r = 1.0, b = 10.0;
  unsigned n = (unsigned)(e < 0 ? -e : e);
  while (n) {
    if (n & 1u)
      r *= b;
    b *= b;
    n >>= 1;
  }
  return e < 0 ? 1.0 / r : r;
}

const double number_pow10[NUMBER_PLAIN_DIGITS + 1] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8, 1e9,
    1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18};

number parse_number(const char *p, size_t len) {
  number n = {NUMBER_NOT_NUMBER, 0.0, 0, true};
  trim(&p, &len);
  if (number_plain(p, len, &n))
    return n;
  return parse_number_general(p, len);
}

number parse_number_general(const char *p, size_t len) {
  number n = {NUMBER_NOT_NUMBER, 0.0, 0, true};
  trim(&p, &len);
  size_t i = 0;
  bool negative = false;
  if (i < len && (p[i] == '+' || p[i] == '-')) {
    negative = p[i] == '-';
    i++;
  }
  /* Integer part: digits, possibly grouped by commas. */
  uint64_t mant = 0;
  int digits = 0, dropped = 0; /* significant digits kept / beyond 19 */
  size_t int_start = i, first_group = 0, groups = 0;
  bool grouped = false, bad_group = false;
  size_t run = 0;
  for (; i < len; i++) {
    char c = p[i];
    if (is_digit(c)) {
      if (digits < 19) {
        mant = mant * 10 + (uint64_t)(c - '0');
        if (mant)
          digits++;
      } else {
        dropped++;
      }
      run++;
    } else if (c == ',') {
      if (!grouped)
        first_group = run;
      else if (run != 3)
        bad_group = true;
      grouped = true;
      groups++;
      run = 0;
    } else {
      break;
    }
  }
  size_t int_digits_end = i;
  if (int_digits_end == int_start)
    return n; /* no digit before anything else */
  if (grouped &&
      (run != 3 || first_group == 0 || first_group > 3 || bad_group)) {
    /* "0,179", "12,5": a decimal comma (or "1.234,50" below). */
    if (groups == 1 && i == len && first_group >= 1) {
      n.status = NUMBER_DECIMAL_COMMA;
    }
    return n;
  }
  int frac_digits = 0;
  bool frac_zero = true;
  if (i < len && p[i] == '.') {
    i++;
    size_t start = i;
    for (; i < len && is_digit(p[i]); i++) {
      if (digits < 19) {
        mant = mant * 10 + (uint64_t)(p[i] - '0');
        if (mant)
          digits++;
        frac_digits++;
      }
      if (p[i] != '0')
        frac_zero = false;
    }
    n.decimals = (int)(i - start);
    if (i == start)
      return n; /* "12." */
    if (i < len && (p[i] == ',' || p[i] == '.') && !grouped) {
      /* "1.234,50" and "1.234.567,89": dots group, comma decimal */
      size_t j = i;
      while (j < len && (is_digit(p[j]) || p[j] == '.'))
        j++;
      if (p[i] == ',' || (j < len && p[j] == ',')) {
        n.status = NUMBER_DECIMAL_COMMA;
        return n;
      }
    }
  }
  int exp = 0;
  if (i < len && (p[i] == 'e' || p[i] == 'E')) {
    i++;
    bool eneg = false;
    if (i < len && (p[i] == '+' || p[i] == '-'))
      eneg = p[i++] == '-';
    size_t start = i;
    for (; i < len && is_digit(p[i]); i++)
      if (exp < 10000)
        exp = exp * 10 + (p[i] - '0');
    if (i == start)
      return n;
    exp = eneg ? -exp : exp;
  }
  if (i != len)
    return n; /* trailing text: a unit, a second number, ... */
  if (grouped && n.decimals == 0 && groups == 1 && exp == 0) {
    /* "0,179" can only be a decimal comma; "1,234" is a thousands
     * separator or a decimal comma with three decimals. */
    n.status = first_group == 1 && p[int_start] == '0' ? NUMBER_DECIMAL_COMMA
                                                       : NUMBER_AMBIGUOUS;
    return n;
  }
  double v = (double)mant * pow10i(exp + dropped - frac_digits);
  if (!(v <= 1e300)) /* beyond what a double holds: overflow */
    return n;
  n.value = negative ? -v : v;
  /* Whole as written; with an exponent, whole in value ("1.5e1"; doubles
   * from 2^53 up are all whole). */
  n.integer = exp == 0 ? frac_zero : v >= 9e15 || v == (double)(int64_t)v;
  n.status = negative && v != 0.0 ? NUMBER_NEGATIVE : NUMBER_OK;
  return n;
}

int32_t days_from_civil(int y, int m, int d) {
  /* H. Hinnant's algorithm: days from 1970-01-01. */
  y -= m <= 2;
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (int32_t)(era * 146097 + doe - 719468);
}

static int days_in_month(int y, int m) {
  static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : dm[m - 1];
}

/* Reads exactly n digits at p[*i]. */
static bool digits_at(const char *p, size_t len, size_t *i, int n, int *out) {
  int v = 0;
  for (int k = 0; k < n; k++) {
    if (*i >= len || !is_digit(p[*i]))
      return false;
    v = v * 10 + (p[(*i)++] - '0');
  }
  *out = v;
  return true;
}

static bool impossible_day(int y, int m, int dd) {
  return y < 1900 || y > 2199 || m < 1 || m > 12 || dd < 1 ||
         dd > days_in_month(y, m < 1 || m > 12 ? 1 : m);
}

static date date_result(int y, int m, int dd, bool impossible) {
  date d = {DATE_NOT_ISO, 0, 0, 0, 0};
  d.year = y;
  d.month = m;
  d.day = dd;
  if (impossible) {
    d.status = DATE_IMPOSSIBLE;
    return d;
  }
  d.days = days_from_civil(y, m, dd);
  d.status = DATE_OK;
  return d;
}

date parse_date(const char *p, size_t len) {
  trim(&p, &len);
  date d;
  if (date_plain(p, len, &d))
    return d;
  return parse_date_general(p, len);
}

date parse_date_general(const char *p, size_t len) {
  date d = {DATE_NOT_ISO, 0, 0, 0, 0};
  trim(&p, &len);
  size_t i = 0;
  int y, m, dd;
  if (!digits_at(p, len, &i, 4, &y))
    return d;
  bool extended = i < len && p[i] == '-';
  if (extended)
    i++;
  if (!digits_at(p, len, &i, 2, &m))
    return d;
  if (extended) {
    if (i >= len || p[i] != '-')
      return d;
    i++;
  }
  if (!digits_at(p, len, &i, 2, &dd))
    return d;
  bool impossible = impossible_day(y, m, dd);
  if (i < len) {
    /* A time. */
    if (p[i] != 'T' && p[i] != 't' && p[i] != ' ')
      return d;
    i++;
    int hh, mm, ss = 0;
    if (!digits_at(p, len, &i, 2, &hh))
      return d;
    if (extended && (i >= len || p[i] != ':'))
      return d;
    if (extended)
      i++;
    if (!digits_at(p, len, &i, 2, &mm))
      return d;
    if (i < len && (p[i] == ':' || (!extended && is_digit(p[i])))) {
      if (p[i] == ':')
        i++;
      if (!digits_at(p, len, &i, 2, &ss))
        return d;
      if (i < len && (p[i] == '.' || p[i] == ',')) {
        size_t start = ++i;
        while (i < len && is_digit(p[i]))
          i++;
        if (i == start)
          return d;
      }
    }
    if (i < len) {
      if (p[i] == 'Z' || p[i] == 'z') {
        i++;
      } else if (p[i] == '+' || p[i] == '-') {
        i++;
        int oh, om = 0;
        if (!digits_at(p, len, &i, 2, &oh))
          return d;
        if (i < len && p[i] == ':') {
          i++;
          if (!digits_at(p, len, &i, 2, &om))
            return d;
        } else if (i < len && !digits_at(p, len, &i, 2, &om)) {
          return d;
        }
        if (oh > 14 || om > 59)
          impossible = true;
      }
    }
    if (i != len)
      return d;
    if (hh > 24 || mm > 59 || ss > 60 || (hh == 24 && (mm || ss)))
      impossible = true;
  }
  return date_result(y, m, dd, impossible);
}

/* ---- e-mail addresses ---- */

/* The shape of an address (RFC 5321 mailbox, without quoted local parts or
 * address literals, which shipment data does not use). */
/* Bit c: byte c cannot be in an address outside a quoted local part:
 * controls, space, and " ( ) , ; < >. */
#define NOT_IN_ADDRESS                                                         \
  (0x1FFFFFFFFull | 1ull << '"' | 1ull << '(' | 1ull << ')' | 1ull << ',' |    \
   1ull << ';' | 1ull << '<' | 1ull << '>')

const char *email_problem(const char *p, size_t len) {
  const char *at = NULL;
  for (size_t i = 0; i < len; i++) {
    char ch = p[i];
    if (ch == '@') {
      if (at)
        return "has more than one '@'";
      at = p + i;
    } else if ((unsigned char)ch < 64 && ((NOT_IN_ADDRESS >> ch) & 1u)) {
      return "contains a space or a character not allowed in an address";
    }
  }
  if (!at)
    return "has no '@'";
  size_t local = (size_t)(at - p), domain = len - local - 1;
  if (local == 0 || local > 64)
    return "has no valid part before the '@'";
  if (p[0] == '.' || at[-1] == '.')
    return "has a dot at the start or end of the part before the '@'";
  for (const char *q = p; q + 1 < at; q++)
    if (q[0] == '.' && q[1] == '.')
      return "has two dots in a row";
  const char *d = at + 1;
  if (domain < 3 || domain > 253)
    return "has no valid domain";
  size_t label = 0, dots = 0, last_dot = 0;
  for (size_t i = 0; i < domain; i++) {
    char ch = d[i];
    if (ch == '.') {
      if (label == 0 || d[i - 1] == '-')
        return "has an empty or malformed domain label";
      label = 0;
      dots++;
      last_dot = i;
    } else if (is_letter((unsigned char)ch) || is_digit(ch) ||
               (unsigned char)ch >= 0x80 || (ch == '-' && label > 0)) {
      label++;
    } else {
      return "has a character not allowed in a domain";
    }
  }
  if (!dots || label == 0)
    return "has no top-level domain";
  size_t tld = domain - last_dot - 1;
  if (tld < 2)
    return "has a top-level domain shorter than 2 letters";
  for (size_t i = last_dot + 1; i < domain; i++)
    if (is_digit(d[i]))
      return "has a top-level domain with digits";
  return NULL;
}

/* Whether email_problem() finds nothing, in one pass over the value: the
 * same rules, without telling which one fails. */
bool email_fine(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  const size_t n = len;
  size_t i = 0;
  unsigned char prev = 0;
  for (; i < n && p[i] != '@'; i++) {
    unsigned char ch = p[i];
    if ((ch < 64 && ((NOT_IN_ADDRESS >> ch) & 1u)) ||
        (ch == '.' && prev == '.'))
      return false;
    prev = ch;
  }
  size_t local = i, domain = n - i - (i < n);
  if (i == n || local == 0 || local > 64 || p[0] == '.' || prev == '.' ||
      domain < 3 || domain > 253)
    return false;
  /* The domain: labels of letters, digits, non-ASCII bytes and inner
   * hyphens; anything else (a second '@', a space, ...) fails here. */
  size_t label = 0, dots = 0, digits = 0;
  for (i++; i < n; i++) {
    unsigned char ch = p[i];
    if (ch == '.') {
      if (label == 0 || p[i - 1] == '-')
        return false;
      label = 0;
      digits = 0;
      dots++;
    } else if (is_letter(ch) || ch >= 0x80 || (ch == '-' && label > 0)) {
      label++;
    } else if (is_digit((char)ch)) {
      label++;
      digits++;
    } else {
      return false;
    }
  }
  /* The last label is the top-level domain: 2 or more, and no digit. */
  return dots && label >= 2 && digits == 0;
}
