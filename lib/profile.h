/* Profiles: required fields, rule switches, severities, weights and
 * parameters. Built-in profiles are JSON documents like users' own, parsed
 * when an engine is made. Internal to libsdq. */
#ifndef SDQ_PROFILE_H
#define SDQ_PROFILE_H

#include "alloc.h"
#include "rules.h"
#include "sdq.h"

#include <stdbool.h>
#include <stdint.h>

#define PROFILE_NAME_MAX 64
#define PROFILE_ONE_OF_MAX 8

typedef struct rule_params {
  bool enabled;
  sdq_severity severity;
  double weight; /* contribution to the risk score, 0..1 */
} rule_params;

#define PROFILE_THRESHOLDS_MAX 16
#define PROFILE_RATES_MAX 96
#define PROFILE_RATE_SLOTS 256 /* a power of two above PROFILE_RATES_MAX */
#define PROFILE_FLOORS_MAX 512
#define PROFILE_ROUTES_MAX 32

/* A set of ISO 3166-1 alpha-2 countries: one bit per code. */
typedef struct country_set {
  uint8_t bits[(26 * 26 + 7) / 8];
} country_set;

static inline bool country_in(const country_set *s, const char c[2]) {
  unsigned i = (unsigned)(c[0] - 'A') * 26u + (unsigned)(c[1] - 'A');
  return c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z' &&
         ((s->bits[i / 8] >> (i % 8)) & 1u);
}

/* A value threshold: a de minimis or similar limit, with the currency and
 * dates it holds for and the destinations it applies to. */
typedef struct threshold {
  double amount;
  char currency[4];
  uint32_t from, until; /* yyyymmdd; until 0: no end */
  country_set destinations;
  bool any_destination;
  char note[160];
} threshold;

typedef struct rate {
  char currency[4];
  double per_base; /* units of `currency` for one unit of the base */
} rate;

/* A value floor per kg for an HS chapter (2 digits) or heading (4). */
typedef struct value_floor {
  uint16_t code;
  uint8_t digits;
  double per_kg; /* in the base currency of the exchange rates */
} value_floor;

/* Origins that, shipped from these departure countries, deserve a look. */
typedef struct origin_route {
  char origin[2];
  country_set departures;
  char note[120];
} origin_route;

typedef struct profile {
  char name[PROFILE_NAME_MAX];
  uint64_t required;       /* bit f: consignment field f is required */
  uint32_t required_items; /* bit k: item field BASE + k is required */
  /* groups of consignment fields of which at least one is required */
  uint64_t one_of[PROFILE_ONE_OF_MAX];
  size_t one_of_count;
  rule_params rules[RULE_COUNT];
  profile_params params;
  threshold thresholds[PROFILE_THRESHOLDS_MAX];
  size_t threshold_count;
  char base_currency[4]; /* of the exchange rates and value floors */
  rate rates[PROFILE_RATES_MAX];
  size_t rate_count;
  /* rates by currency: open addressing, rate index + 1, 0 empty; made by
   * profile_parse() (the checks convert amounts for every record) */
  uint8_t rate_slots[PROFILE_RATE_SLOTS];
  value_floor floors[PROFILE_FLOORS_MAX]; /* sorted by digits, code */
  size_t floor_count;
  origin_route routes[PROFILE_ROUTES_MAX];
  size_t route_count;
  double level_medium; /* risk at or above: medium */
  double level_high;   /* risk at or above: high */
} profile;

/* Converts an amount from one currency to another with the profile's
 * rates; false when either currency has no rate. */
bool profile_convert(const profile *p, double amount, const char from[3],
                     const char to[3], double *out);

/* A built-in profile's JSON document by name, or NULL. */
const char *profile_builtin_json(const char *name);

/* Parses a profile document into *out. `extends` names are looked up with
 * `find` (built-in profiles when NULL), up to a nesting of 8. On error,
 * `err` names the offending key, field or rule with its line and column. */
typedef const char *(*profile_find_fn)(void *ctx, const char *name);
sdq_status profile_parse(profile *out, const char *json, size_t len,
                         profile_find_fn find, void *ctx, sdq_error *err);

static inline bool profile_requires(const profile *p, sdq_field f) {
  return f >= SDQ_ITEM_FIELD_BASE
             ? (p->required_items >> (f - SDQ_ITEM_FIELD_BASE)) & 1u
             : (p->required >> f) & 1u;
}

#endif
