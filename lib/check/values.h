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

/* parse_number() and parse_date() without their shortcuts for the usual
 * spellings ("53.99", "2024-11-04"): the same results, slower; for the
 * tests that compare the two. */
number parse_number_general(const char *p, size_t len);
date parse_date_general(const char *p, size_t len);

/* Days since 1970-01-01 of a proleptic Gregorian date. */
int32_t days_from_civil(int y, int m, int d);

#endif
