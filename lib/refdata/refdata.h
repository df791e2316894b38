/* Reference data: ISO 3166-1 countries, ISO 4217 currencies and the
 * Harmonized System, compiled into the library. Internal to libsdq.
 *
 * The tables are generated from their sources by lib/refdata/generate.py
 * (countries.c, currencies.c, hs.c: committed, never edited by hand); the
 * lookups are in refdata.c. Everything is read-only static data: every
 * function is thread-safe, allocates nothing and returns pointers to static
 * strings that live as long as the program.
 *
 * Lookups by code are O(1) table reads (no string compares, no hashing):
 * alpha-2 codes index a 26 x 26 table, alpha-3 codes a 26 x 26 x 26 one, HS
 * headings a 10000-entry table per edition pointing to a 100-bit set of its
 * subheadings. Codes are taken as they are: upper-case letters for ISO codes
 * (the caller upper-cases; any other byte simply gives "unknown") and
 * numbers for HS codes. Only the lookup by country name is slower (a fold
 * and a binary search); it is meant for suggesting a code when the one given
 * is invalid.
 */
#ifndef SDQ_REFDATA_H
#define SDQ_REFDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------------------ */
/* ISO 3166-1 countries                                                      */
/* ------------------------------------------------------------------------ */

/* What an alpha-2 code element is in ISO 3166-1. Only COUNTRY_OFFICIAL is a
 * country code proper; the others are reserved by the ISO 3166 Maintenance
 * Agency (and never assigned to a country while reserved) or left to users. */
typedef enum country_status {
  COUNTRY_NONE = 0,          /* not assigned, not reserved */
  COUNTRY_OFFICIAL = 1,      /* officially assigned (DE, GB, NA ...) */
  COUNTRY_USER_ASSIGNED = 2, /* AA, QM-QZ, XA-XZ, ZZ (XK: Kosovo in trade) */
  COUNTRY_EXCEPTIONAL = 3,   /* exceptionally reserved: UK, EU, IC, EA ... */
  COUNTRY_TRANSITIONAL = 4,  /* deleted, reserved for a while: YU, AN, CS ... */
  COUNTRY_INDETERMINATE = 5  /* vehicle signs, indeterminately reserved: JA,
                                RA, WL ... */
} country_status;

/* The status of a 2-letter code. */
country_status refdata_country_status(const char code[2]);

/* The status of a code given as two bytes, ASCII letters of either case;
 * COUNTRY_NONE if either is not a letter. Inline, for the hot path of the
 * validity check: a table read. */
extern const uint8_t refdata_country_status_table[26 * 26];
static inline country_status refdata_country_status_ci(unsigned char a,
                                                       unsigned char b) {
  /* | 0x20 takes upper-case letters to lower case and no other byte into
   * 'a'..'z'. */
  unsigned i = (a | 0x20u) - 'a', j = (b | 0x20u) - 'a';
  if (i >= 26 || j >= 26)
    return COUNTRY_NONE;
  return (country_status)refdata_country_status_table[i * 26 + j];
}

/* The name of a code: the ISO short name of an officially assigned code
 * ("Germany", "United Kingdom"), the name of what a reserved code stands for
 * ("United Kingdom" for UK, "European Union" for EU), "Kosovo" for XK; NULL
 * for other codes. UTF-8 ("Côte d'Ivoire"). */
const char *refdata_country_name(const char code[2]);

/* For a reserved code that stands for a part or the whole of one officially
 * assigned country, that country's code (UK -> "GB", FX -> "FR", IC -> "ES",
 * BU -> "MM", JA -> "JM"); NULL otherwise (EU, YU, official codes ...). */
const char *refdata_country_instead(const char code[2]);

/* The alpha-2 code of an officially assigned alpha-3 code ("DEU" -> "DE"),
 * or NULL. */
const char *refdata_country_alpha2_of_alpha3(const char code[3]);

/* The alpha-3 code of an officially assigned alpha-2 code ("DE" -> "DEU"),
 * or NULL. */
const char *refdata_country_alpha3(const char code[2]);

/* The alpha-2 code of an ISO 3166-1 numeric code (276 -> "DE"), or NULL. */
const char *refdata_country_alpha2_of_numeric(unsigned numeric);

/* The alpha-2 code of the officially assigned country a name names, or
 * NULL. Compares case-insensitively, ignoring spaces and punctuation, a
 * leading "the" and accents of Latin letters ("Germany", "GERMANY",
 * "Cote d'Ivoire", "Côte d’Ivoire" all match). Knows ISO's short, official
 * and common names ("United Kingdom", "Korea, Republic of", "South Korea"),
 * "X, Y of" as "Y of X", "St" for "Saint", "&" for "and", and a few names
 * usual in shipment data (generate.py lists them: "Russia", "Turkey",
 * "Holland", "USA", "UK" ...). name need not be NUL-terminated; NULL with
 * len 0 is allowed. Not O(1): a fold of the name and a binary search. */
const char *refdata_country_alpha2_of_name(const char *name, size_t len);

/* ------------------------------------------------------------------------ */
/* ISO 4217 currencies                                                       */
/* ------------------------------------------------------------------------ */

#define REFDATA_MINOR_UNKNOWN (-1) /* not a current ISO 4217 code */
#define REFDATA_MINOR_NONE (-2)    /* minor unit "N.A." (XAU, XDR, XXX ...) */

/* The minor units (0..4 decimals) of a current currency or fund code ("EUR"
 * 2, "JPY" 0, "BHD" 3, "CLF" 4); REFDATA_MINOR_NONE for codes without a
 * minor unit (precious metals, SDR, testing, no currency);
 * REFDATA_MINOR_UNKNOWN for anything else, including withdrawn codes
 * (HRK, ZWL). */
int refdata_currency_minor_units(const char code[3]);

/* The ISO name of a current code ("Euro", "Yen"), or NULL. */
const char *refdata_currency_name(const char code[3]);

/* True for a fund code (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI): a unit of
 * account, not a currency in circulation. */
bool refdata_currency_is_fund(const char code[3]);

/* The alphabetic code of an ISO 4217 numeric code (978 -> "EUR"), or NULL. */
const char *refdata_currency_of_numeric(unsigned numeric);

/* ------------------------------------------------------------------------ */
/* Harmonized System                                                         */
/* ------------------------------------------------------------------------ */

/* An edition of the HS nomenclature. A code is valid or not in an edition;
 * the edition is the one in force at the date of the declaration. */
typedef enum hs_edition { HS_2017 = 0, HS_2022 = 1 } hs_edition;
#define HS_EDITION_COUNT 2

/* "HS 2017", "HS 2022"; NULL for an invalid edition. */
const char *refdata_hs_edition_name(hs_edition e);

/* The edition in force at a date given as the number yyyymmdd (20230115):
 * HS 2017 from 2017-01-01, HS 2022 from 2022-01-01. Returns false for dates
 * before 2017-01-01, whose edition (HS 2012 and earlier) is not bundled.
 * Dates from 2028-01-01 (HS 2028) still give HS 2022, the latest bundled. */
bool refdata_hs_edition_at(uint32_t yyyymmdd, hs_edition *e);

/* Whether a chapter (0..99: 85), heading (0..9999: 8517) or subheading
 * (0..999999: 851713) exists in an edition. Out-of-range numbers and
 * invalid editions give false. Chapter 77 (reserved) and chapters 98, 99
 * (national use) never exist; nor do Comtrade's aggregate codes 99, 9999,
 * 999999. */
bool refdata_hs_chapter(hs_edition e, unsigned chapter);
bool refdata_hs_heading(hs_edition e, unsigned heading);
bool refdata_hs_subheading(hs_edition e, unsigned subheading);

/* ------------------------------------------------------------------------ */
/* About the data (generated; for reports and tests)                        */
/* ------------------------------------------------------------------------ */

/* Where each table comes from, for example "iso-codes 4.15.0-1 (ISO 3166-1)",
 * "ISO 4217 list one published 2024-06-25". */
extern const char refdata_country_source[];
extern const char refdata_currency_source[];
extern const char refdata_hs_source[];

/* Numbers of codes found in the sources. */
extern const unsigned refdata_country_official_count;
extern const unsigned refdata_currency_count;
extern const unsigned refdata_hs_chapter_count[HS_EDITION_COUNT];
extern const unsigned refdata_hs_heading_count[HS_EDITION_COUNT];
extern const unsigned refdata_hs_subheading_count[HS_EDITION_COUNT];

#endif
