/* Parsing of numbers and dates as they appear in shipment data, without
 * locale. Internal to libsdq. */
#ifndef SDQ_VALUES_H
#define SDQ_VALUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum number_status {
  NUMBER_OK = 0,
  NUMBER_NOT_NUMBER,   /* letters, units, several numbers, ... */
  NUMBER_NEGATIVE,     /* a valid number below zero */
  NUMBER_AMBIGUOUS,    /* "1,234": a thousands separator or a decimal comma */
  NUMBER_DECIMAL_COMMA /* "0,179" or "1.234,50": a decimal comma */
} number_status;

typedef struct number {
  number_status status;
  double value; /* for NUMBER_OK and NUMBER_NEGATIVE */
  int decimals; /* digits after the decimal point as written */
  bool integer; /* no fractional part as written (or it is all zeros) */
} number;

/* 10^0 .. 10^18: exact in a double, as the general parser computes them. */
#define NUMBER_PLAIN_DIGITS 18
extern const double number_pow10[NUMBER_PLAIN_DIGITS + 1];

/* parse_number()'s shortcut for the common spellings, "12", "0.774",
 * "53.99": digits, optionally a '.' and digits, at most
 * NUMBER_PLAIN_DIGITS digits in all, so that every digit is kept in the
 * mantissa as in the general parser, which gives the same result for
 * them. False for anything else (white space too), to take parse_number().
 * Inline, for the validity check's hot path. */
static inline bool number_plain(const char *p, size_t len, number *n) {
  if (len == 0 || len > NUMBER_PLAIN_DIGITS + 1)
    return false;
  uint64_t mant = 0;
  size_t i = 0;
  for (; i < len && (unsigned)(p[i] - '0') < 10u; i++)
    mant = mant * 10 + (uint64_t)(p[i] - '0');
  if (i == 0 || i > NUMBER_PLAIN_DIGITS)
    return false;
  if (i == len) {
    n->status = NUMBER_OK;
    n->value = (double)mant;
    n->decimals = 0;
    n->integer = true;
    return true;
  }
  if (p[i] != '.')
    return false;
  size_t start = ++i;
  unsigned nonzero = 0;
  for (; i < len && (unsigned)(p[i] - '0') < 10u; i++) {
    mant = mant * 10 + (uint64_t)(p[i] - '0');
    nonzero |= (unsigned)(p[i] - '0');
  }
  if (i != len || i == start)
    return false;
  int frac_digits = (int)(len - start);
  n->status = NUMBER_OK;
  n->value = (double)mant * (1.0 / number_pow10[frac_digits]);
  n->decimals = frac_digits;
  n->integer = nonzero == 0;
  return true;
}

/* Reads a decimal number: optional sign, digits with optional ','
 * thousands separators in groups of three when a '.' decimal part follows
 * or the grouping is unambiguous ("1,234,567"), optional exponent.
 * Surrounding white space is ignored. */
number parse_number(const char *p, size_t len);

typedef enum date_status {
  DATE_OK = 0,
  DATE_NOT_ISO,   /* not an ISO 8601 calendar date or date-time */
  DATE_IMPOSSIBLE /* ISO 8601 shape, but no such day or time */
} date_status;

typedef struct date {
  date_status status;
  int32_t days; /* days since 1970-01-01 (of the date part, local) */
  int year, month, day;
} date;

/* Reads an ISO 8601 calendar date "YYYY-MM-DD" or "YYYYMMDD", optionally
 * followed by a time ("T" or one space, "hh:mm", ":ss", ".fff", and "Z" or
 * an offset "+hh:mm", "+hhmm", "+hh"). Years 1900-2199. */
date parse_date(const char *p, size_t len);

/* parse_date()'s shortcut for the usual spelling, "YYYY-MM-DD" alone,
 * of a day that exists in the years 1900-2199: true with *d as
 * parse_date() gives it. False for anything else (white space too), to
 * take parse_date(). Inline, for the validity check's hot path: the digits
 * are read at their places and the days counted with a table of month
 * starts. */
static inline bool date_plain(const char *p, size_t len, date *d) {
  if (len != 10 || p[4] != '-' || p[7] != '-')
    return false;
  unsigned y0 = (unsigned)(p[0] - '0'), y1 = (unsigned)(p[1] - '0'),
           y2 = (unsigned)(p[2] - '0'), y3 = (unsigned)(p[3] - '0'),
           m0 = (unsigned)(p[5] - '0'), m1 = (unsigned)(p[6] - '0'),
           d0 = (unsigned)(p[8] - '0'), d1 = (unsigned)(p[9] - '0');
  if ((y0 > 9) | (y1 > 9) | (y2 > 9) | (y3 > 9) | (m0 > 9) | (m1 > 9) |
      (d0 > 9) | (d1 > 9))
    return false;
  int y = (int)(y0 * 1000 + y1 * 100 + y2 * 10 + y3);
  int m = (int)(m0 * 10 + m1), dd = (int)(d0 * 10 + d1);
  if (y < 1900 || y > 2199 || m < 1 || m > 12 || dd < 1)
    return false;
  bool leap = (y & 3) == 0 && (y % 100 != 0 || y % 400 == 0);
  static const uint8_t DAYS_IN[12] = {31, 28, 31, 30, 31, 30,
                                      31, 31, 30, 31, 30, 31};
  if (dd > DAYS_IN[m - 1] + (m == 2 && leap))
    return false;
  static const uint16_t BEFORE[12] = {0,   31,  59,  90,  120, 151,
                                      181, 212, 243, 273, 304, 334};
  /* Leap days in the years before y, less those before 1970 (477). */
  int yy = y - 1;
  int leaps = yy / 4 - yy / 100 + yy / 400 - 477;
  d->status = DATE_OK;
  d->days = (int32_t)(365 * (y - 1970) + leaps + BEFORE[m - 1] +
                      (m > 2 && leap) + dd - 1);
  d->year = y;
  d->month = m;
  d->day = dd;
  return true;
}

/* parse_number() and parse_date() without their shortcuts for the usual
 * spellings ("53.99", "2024-11-04"): the same results, slower; for the
 * tests that compare the two. */
number parse_number_general(const char *p, size_t len);
date parse_date_general(const char *p, size_t len);

/* What is wrong with an e-mail address ("has no '@'", ...), or NULL: the
 * shape of an RFC 5321 mailbox, without quoted local parts or address
 * literals, which shipment data does not use. No white space is trimmed. */
const char *email_problem(const char *p, size_t len);
/* Whether email_problem() gives NULL, found in one pass. */
bool email_fine(const char *p, size_t len);

/* Days since 1970-01-01 of a proleptic Gregorian date. */
int32_t days_from_civil(int y, int m, int d);

#endif
