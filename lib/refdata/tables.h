/* Layout of the generated reference tables (countries.c, currencies.c,
 * hs.c), shared by them and by the lookups in refdata.c. Internal to
 * lib/refdata/: everything else uses refdata.h. */
#ifndef SDQ_REFDATA_TABLES_H
#define SDQ_REFDATA_TABLES_H

#include "refdata.h"

#include <stdint.h>

/* Index of an upper-case alpha-2 or alpha-3 code in a direct table. */
#define REFDATA_A2(a, b) (((a) - 'A') * 26 + ((b) - 'A'))
#define REFDATA_A3(a, b, c)                                                    \
  ((((a) - 'A') * 26 + ((b) - 'A')) * 26 + ((c) - 'A'))

/* ISO 3166-1 ------------------------------------------------------------- */

/* A code with a name: an officially assigned one, or a reserved or
 * user-assigned one that stands for something. */
typedef struct refdata_country {
  char alpha2[3];
  char alpha3[4];   /* "" unless officially assigned */
  char instead[3];  /* official code to use instead of a reserved one, or "" */
  uint8_t status;   /* country_status */
  uint16_t numeric; /* ISO 3166-1 numeric code, 0 unless officially assigned */
  uint16_t name;    /* offset of the name in refdata_country_names */
} refdata_country;

/* One spelling of a name for the name lookup: its key (see name_key() in
 * refdata.c), the key's length and the index of the country in
 * refdata_countries. */
typedef struct refdata_name_key {
  const char *key;
  uint8_t len;
  uint8_t country;
} refdata_name_key;

extern const unsigned refdata_country_entry_count;
extern const uint8_t refdata_country_status_table[26 * 26];
extern const refdata_country refdata_countries[];
/* 1 + index in refdata_countries, 0 for none. The officially assigned
 * countries come first in refdata_countries, so that uint8_t suffices for
 * the indexes by alpha-3 and numeric code. */
extern const uint16_t refdata_country_index[26 * 26];
extern const uint8_t refdata_country_alpha3_index[26 * 26 * 26];
extern const uint8_t refdata_country_numeric_index[1000];
extern const char refdata_country_names[];
extern const unsigned refdata_country_key_count;
extern const refdata_name_key refdata_country_keys[];
/* U+00A0..U+017F: the ASCII letters (0 to 2) a code point folds to in name
 * keys; "" drops it. */
extern const char refdata_name_fold[0x180 - 0xA0][3];

/* ISO 4217 --------------------------------------------------------------- */

#define REFDATA_CURRENCY_FUND 1u /* flags: a fund code (IsFund) */

typedef struct refdata_currency {
  char code[4];
  uint16_t numeric;
  int8_t minor_units; /* 0..4, or REFDATA_MINOR_NONE */
  uint8_t flags;      /* REFDATA_CURRENCY_* */
  uint16_t name;      /* offset of the name in refdata_currency_names */
} refdata_currency;

extern const refdata_currency refdata_currencies[];
/* 1 + index in refdata_currencies, 0 for none. */
extern const uint8_t refdata_currency_index[26 * 26 * 26];
extern const uint8_t refdata_currency_numeric_index[1000];
extern const char refdata_currency_names[];

/* Harmonized System ------------------------------------------------------ */

/* First day each edition is in force, as yyyymmdd. */
extern const uint32_t refdata_hs_edition_start[HS_EDITION_COUNT];
/* Chapters 0..99 as bits: [0] holds 0..63, [1] 64..99. */
extern const uint64_t refdata_hs_chapter_bits[HS_EDITION_COUNT][2];
/* Sets of the last two digits of the subheadings of a heading, as bits:
 * [0] holds 00..63, [1] 64..99. Entry 0 is empty. Headings share sets
 * (most have 00 only, or 10 and 90). */
extern const uint64_t refdata_hs_masks[][2];
/* For each heading 0..9999, its set in refdata_hs_masks; 0 if the heading
 * does not exist in the edition. */
extern const uint16_t refdata_hs_heading_mask[HS_EDITION_COUNT][10000];

#endif
