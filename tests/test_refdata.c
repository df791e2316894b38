/*
 * Unit tests of the reference data (lib/refdata/refdata.h): ISO 3166-1
 * countries, ISO 4217 currencies and the HS 2017 and 2022 nomenclatures.
 *
 * The counts are those of the sources named in the generated files'
 * headers (iso-codes 4.15.0, the ISO 4217 list published 2024-06-25, the HS
 * files of datasets/harmonized-system); a change of source that changes
 * them must change this file too. Codes and names are passed in heap blocks
 * of exactly their length, so that AddressSanitizer reports any read past
 * them.
 *
 * Build alone, e.g.:
 *   cc -std=c11 -Wall -Wextra -Werror -g -fsanitize=address,undefined \
 *      -Ilib lib/refdata/refdata.c lib/refdata/countries.c \
 *      lib/refdata/currencies.c lib/refdata/hs.c tests/test_refdata.c \
 *      -lcmocka
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "refdata/refdata.h"

/* A heap copy of s without its NUL, freed by the caller. */
static char *exact(const char *s, size_t len) {
  char *p = malloc(len ? len : 1);
  assert_non_null(p);
  memcpy(p, s, len);
  return p;
}

static country_status status(const char *code) {
  char *p = exact(code, 2);
  country_status s = refdata_country_status(p);
  free(p);
  return s;
}

/* The result of a lookup returning a static string, as "" for NULL. */
#define STR(call) ((call) ? (call) : "")

static const char *name_of(const char *code) {
  char *p = exact(code, 2);
  const char *r = refdata_country_name(p);
  free(p);
  return STR(r);
}

static const char *instead_of(const char *code) {
  char *p = exact(code, 2);
  const char *r = refdata_country_instead(p);
  free(p);
  return STR(r);
}

static const char *alpha2_of_alpha3(const char *code) {
  char *p = exact(code, 3);
  const char *r = refdata_country_alpha2_of_alpha3(p);
  free(p);
  return STR(r);
}

static const char *alpha2_of_name(const char *name) {
  size_t len = strlen(name);
  char *p = exact(name, len);
  const char *r = refdata_country_alpha2_of_name(p, len);
  free(p);
  return STR(r);
}

static int minor_units(const char *code) {
  char *p = exact(code, 3);
  int r = refdata_currency_minor_units(p);
  free(p);
  return r;
}

/* ------------------------------------------------------------------------ */
/* ISO 3166-1                                                                */
/* ------------------------------------------------------------------------ */

static void test_country_counts(void **state) {
  (void)state;
  unsigned count[6] = {0};
  char code[2];
  for (char a = 'A'; a <= 'Z'; a++) {
    for (char b = 'A'; b <= 'Z'; b++) {
      code[0] = a;
      code[1] = b;
      country_status s = refdata_country_status(code);
      assert_true(s <= COUNTRY_INDETERMINATE);
      count[s]++;
      if (s == COUNTRY_OFFICIAL) {
        /* Every official code has a name and an alpha-3 code that leads
         * back to it, and nothing to use instead. */
        assert_non_null(refdata_country_name(code));
        const char *a3 = refdata_country_alpha3(code);
        assert_non_null(a3);
        assert_int_equal(strlen(a3), 3);
        const char *back = refdata_country_alpha2_of_alpha3(a3);
        assert_non_null(back);
        assert_memory_equal(back, code, 2);
        assert_null(refdata_country_instead(code));
      } else {
        assert_null(refdata_country_alpha3(code));
      }
      const char *instead = refdata_country_instead(code);
      if (instead)
        assert_int_equal(refdata_country_status(instead), COUNTRY_OFFICIAL);
    }
  }
  /* iso-codes 4.15.0 lists 249 officially assigned codes. */
  assert_int_equal(refdata_country_official_count, 249);
  assert_int_equal(count[COUNTRY_OFFICIAL], refdata_country_official_count);
  /* AA, QM-QZ (14), XA-XZ (26), ZZ. */
  assert_int_equal(count[COUNTRY_USER_ASSIGNED], 42);
  assert_int_equal(count[COUNTRY_EXCEPTIONAL], 13);
  assert_int_equal(count[COUNTRY_TRANSITIONAL], 7);
  assert_int_equal(count[COUNTRY_INDETERMINATE], 19);
  assert_int_equal(count[COUNTRY_NONE], 676 - 249 - 42 - 13 - 7 - 19);

  /* Numeric codes: each official country has one, leading back to it. */
  unsigned numeric = 0;
  for (unsigned n = 0; n < 1000; n++) {
    const char *a2 = refdata_country_alpha2_of_numeric(n);
    if (a2) {
      numeric++;
      assert_int_equal(refdata_country_status(a2), COUNTRY_OFFICIAL);
    }
  }
  assert_int_equal(numeric, 249);
  assert_null(refdata_country_alpha2_of_numeric(1000));
  assert_null(refdata_country_alpha2_of_numeric(~0u));
}

static void test_country_status(void **state) {
  (void)state;
  const char *official[] = {"DE", "GB", "CN", "US", "NA", "FR", "GG", "SS",
                            "CW", "SX", "BQ", "TL", "RS", "ME", "AQ"};
  for (size_t i = 0; i < sizeof official / sizeof *official; i++)
    assert_int_equal(status(official[i]), COUNTRY_OFFICIAL);

  const char *exceptional[] = {"UK", "EU", "EZ", "UN", "AC", "CP", "CQ",
                               "DG", "EA", "FX", "IC", "SU", "TA"};
  for (size_t i = 0; i < sizeof exceptional / sizeof *exceptional; i++)
    assert_int_equal(status(exceptional[i]), COUNTRY_EXCEPTIONAL);

  const char *transitional[] = {"AN", "BU", "CS", "NT", "TP", "YU", "ZR"};
  for (size_t i = 0; i < sizeof transitional / sizeof *transitional; i++)
    assert_int_equal(status(transitional[i]), COUNTRY_TRANSITIONAL);

  const char *user[] = {"AA", "QM", "QZ", "XA", "XK", "XZ", "ZZ"};
  for (size_t i = 0; i < sizeof user / sizeof *user; i++)
    assert_int_equal(status(user[i]), COUNTRY_USER_ASSIGNED);

  assert_int_equal(status("JA"), COUNTRY_INDETERMINATE);
  assert_int_equal(status("RC"), COUNTRY_INDETERMINATE);

  /* Deleted long ago and free again, or never assigned. */
  assert_int_equal(status("DD"), COUNTRY_NONE);
  assert_int_equal(status("QL"), COUNTRY_NONE);
  assert_int_equal(status("EL"), COUNTRY_NONE);
  assert_int_equal(status("OO"), COUNTRY_NONE);

  /* The caller upper-cases; anything but A-Z is unknown. */
  assert_int_equal(status("de"), COUNTRY_NONE);
  assert_int_equal(status("De"), COUNTRY_NONE);
  assert_int_equal(status("D1"), COUNTRY_NONE);
  assert_int_equal(status("@["), COUNTRY_NONE);
  assert_int_equal(status("\xff\x80"), COUNTRY_NONE);
  char nul[2] = {0, 0};
  assert_int_equal(refdata_country_status(nul), COUNTRY_NONE);
  assert_null(refdata_country_name(nul));
}

static void test_country_names_and_codes(void **state) {
  (void)state;
  assert_string_equal(name_of("DE"), "Germany");
  assert_string_equal(name_of("GB"), "United Kingdom");
  assert_string_equal(name_of("NA"), "Namibia");
  assert_string_equal(name_of("CI"), "C\xc3\xb4te d'Ivoire");
  assert_string_equal(name_of("UK"), "United Kingdom");
  assert_string_equal(name_of("EU"), "European Union");
  assert_string_equal(name_of("XK"), "Kosovo");
  assert_string_equal(name_of("YU"), "Yugoslavia");
  assert_string_equal(name_of("QM"), "");
  assert_string_equal(name_of("DD"), "");

  assert_string_equal(instead_of("UK"), "GB");
  assert_string_equal(instead_of("FX"), "FR");
  assert_string_equal(instead_of("IC"), "ES");
  assert_string_equal(instead_of("EA"), "ES");
  assert_string_equal(instead_of("BU"), "MM");
  assert_string_equal(instead_of("TP"), "TL");
  assert_string_equal(instead_of("JA"), "JM");
  assert_string_equal(instead_of("EU"), "");
  assert_string_equal(instead_of("YU"), "");
  assert_string_equal(instead_of("DE"), "");
  assert_string_equal(instead_of("XK"), "");

  assert_string_equal(alpha2_of_alpha3("DEU"), "DE");
  assert_string_equal(alpha2_of_alpha3("GBR"), "GB");
  assert_string_equal(alpha2_of_alpha3("USA"), "US");
  assert_string_equal(alpha2_of_alpha3("NAM"), "NA");
  assert_string_equal(alpha2_of_alpha3("CHN"), "CN");
  assert_string_equal(alpha2_of_alpha3("UKR"), "UA");
  assert_string_equal(alpha2_of_alpha3("GER"), "");
  assert_string_equal(alpha2_of_alpha3("XXX"), "");
  assert_string_equal(alpha2_of_alpha3("deu"), "");
  assert_string_equal(alpha2_of_alpha3("DE1"), "");

  char *de = exact("DE", 2);
  assert_string_equal(STR(refdata_country_alpha3(de)), "DEU");
  free(de);
  assert_string_equal(STR(refdata_country_alpha2_of_numeric(276)), "DE");
  assert_string_equal(STR(refdata_country_alpha2_of_numeric(826)), "GB");
  assert_string_equal(STR(refdata_country_alpha2_of_numeric(4)), "AF");
  assert_null(refdata_country_alpha2_of_numeric(0));
  assert_null(refdata_country_alpha2_of_numeric(999));
}

static void test_country_by_name(void **state) {
  (void)state;
  static const struct {
    const char *name, *code;
  } cases[] = {
      {"Germany", "DE"},
      {"germany", "DE"},
      {"GERMANY", "DE"},
      {"  Germany. ", "DE"},
      {"United Kingdom", "GB"},
      {"united-kingdom", "GB"},
      {"The United Kingdom", "GB"},
      {"United Kingdom of Great Britain and Northern Ireland", "GB"},
      {"U.K.", "GB"},
      {"Great Britain", "GB"},
      {"United States", "US"},
      {"United States of America", "US"},
      {"U.S.A.", "US"},
      {"Namibia", "NA"},
      {"China", "CN"},
      /* accents and typographic punctuation */
      {"C\xc3\xb4te d'Ivoire", "CI"},
      {"C\xc3\xb4te d\xe2\x80\x99Ivoire", "CI"},
      {"COTE D IVOIRE", "CI"},
      {"Ivory Coast", "CI"},
      {"T\xc3\xbcrkiye", "TR"},
      {"Turkiye", "TR"},
      {"Turkey", "TR"},
      {"\xc3\x85land Islands", "AX"},
      {"Aland Islands", "AX"},
      {"Cura\xc3\xa7\x61o", "CW"},
      {"R\xc3\xa9union", "RE"},
      {"Saint Barth\xc3\xa9lemy", "BL"},
      /* ISO's inverted forms, official and common names */
      {"Korea, Republic of", "KR"},
      {"Republic of Korea", "KR"},
      {"South Korea", "KR"},
      {"North Korea", "KP"},
      {"Iran", "IR"},
      {"Islamic Republic of Iran", "IR"},
      {"Congo, The Democratic Republic of the", "CD"},
      {"Democratic Republic of the Congo", "CD"},
      {"DR Congo", "CD"},
      {"Congo", "CG"},
      {"Republic of the Congo", "CG"},
      {"Tanzania", "TZ"},
      {"Viet Nam", "VN"},
      {"Vietnam", "VN"},
      {"Czechia", "CZ"},
      {"Czech Republic", "CZ"},
      {"Russian Federation", "RU"},
      {"Russia", "RU"},
      {"Netherlands", "NL"},
      {"The Netherlands", "NL"},
      {"Holland", "NL"},
      {"Hong Kong", "HK"},
      {"Taiwan", "TW"},
      /* "St" for "Saint", "&" for "and" */
      {"St. Lucia", "LC"},
      {"St Kitts & Nevis", "KN"},
      {"Saint Vincent and the Grenadines", "VC"},
      {"Bosnia & Herzegovina", "BA"},
      {"Trinidad and Tobago", "TT"},
      {"Virgin Islands, British", "VG"},
      {"British Virgin Islands", "VG"},
      {"US Virgin Islands", "VI"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    const char *got = alpha2_of_name(cases[i].name);
    if (strcmp(got, cases[i].code) != 0)
      fail_msg("\"%s\": got \"%s\", want \"%s\"", cases[i].name, got,
               cases[i].code);
  }

  static const char *const unknown[] = {
      "",       " ",          "the",      "The ",     "...",
      "Narnia", "Korea",      "Germanyy", "Germ",     "European Union",
      "Kosovo", "Yugoslavia", "\xc3",     "\xe2\x80", "T\xc3\xbcrkiye\xff"};
  for (size_t i = 0; i < sizeof unknown / sizeof *unknown; i++) {
    const char *got = alpha2_of_name(unknown[i]);
    if (*got)
      fail_msg("\"%s\": got \"%s\", want none", unknown[i], got);
  }
  assert_null(refdata_country_alpha2_of_name(NULL, 0));

  /* Names of any length, longer than any country's: no match, no overrun. */
  char *many = malloc(7 * 40);
  assert_non_null(many);
  for (size_t n = 1; n <= 40; n++) {
    memcpy(many + 7 * (n - 1), "Germany", 7);
    char *p = exact(many, 7 * n);
    const char *got = refdata_country_alpha2_of_name(p, 7 * n);
    free(p);
    if (n == 1)
      assert_string_equal(STR(got), "DE");
    else
      assert_null(got);
  }
  free(many);

  /* Only len bytes are read. */
  char *p = exact("GermanyXYZ", 10);
  assert_string_equal(STR(refdata_country_alpha2_of_name(p, 7)), "DE");
  free(p);

  /* Every official country is found by its own name. */
  char code[3] = {0};
  for (char a = 'A'; a <= 'Z'; a++) {
    for (char b = 'A'; b <= 'Z'; b++) {
      code[0] = a;
      code[1] = b;
      if (refdata_country_status(code) != COUNTRY_OFFICIAL)
        continue;
      const char *name = refdata_country_name(code);
      const char *got = alpha2_of_name(name);
      if (strcmp(got, code) != 0)
        fail_msg("\"%s\": got \"%s\", want \"%s\"", name, got, code);
    }
  }
}

/* ------------------------------------------------------------------------ */
/* ISO 4217                                                                  */
/* ------------------------------------------------------------------------ */

static void test_currency_minor_units(void **state) {
  (void)state;
  assert_int_equal(minor_units("EUR"), 2);
  assert_int_equal(minor_units("USD"), 2);
  assert_int_equal(minor_units("JPY"), 0);
  assert_int_equal(minor_units("KRW"), 0);
  assert_int_equal(minor_units("BHD"), 3);
  assert_int_equal(minor_units("KWD"), 3);
  assert_int_equal(minor_units("CLF"), 4);
  assert_int_equal(minor_units("UYW"), 4);
  assert_int_equal(minor_units("ZWG"), 2); /* new in 2024 */
  assert_int_equal(minor_units("XAU"), REFDATA_MINOR_NONE);
  assert_int_equal(minor_units("XDR"), REFDATA_MINOR_NONE);
  assert_int_equal(minor_units("XXX"), REFDATA_MINOR_NONE);
  assert_int_equal(REFDATA_MINOR_NONE, -2);
  assert_int_equal(minor_units("XYZ"), REFDATA_MINOR_UNKNOWN);
  assert_int_equal(REFDATA_MINOR_UNKNOWN, -1);
  /* withdrawn before the 2024-06-25 list */
  assert_int_equal(minor_units("HRK"), -1);
  assert_int_equal(minor_units("ZWL"), -1);
  assert_int_equal(minor_units("SLL"), -1);
  assert_int_equal(minor_units("DEM"), -1);
  /* not upper-case letters */
  assert_int_equal(minor_units("eur"), -1);
  assert_int_equal(minor_units("EU1"), -1);
  assert_int_equal(minor_units("\xff\xff\xff"), -1);

  /* Each code once, although the list names it once per country. */
  unsigned count = 0, none = 0;
  char code[3];
  for (char a = 'A'; a <= 'Z'; a++) {
    for (char b = 'A'; b <= 'Z'; b++) {
      for (char c = 'A'; c <= 'Z'; c++) {
        code[0] = a;
        code[1] = b;
        code[2] = c;
        int m = refdata_currency_minor_units(code);
        assert_true(m >= -2 && m <= 4);
        if (m == REFDATA_MINOR_UNKNOWN) {
          assert_null(refdata_currency_name(code));
          continue;
        }
        count++;
        none += m == REFDATA_MINOR_NONE;
        assert_non_null(refdata_currency_name(code));
      }
    }
  }
  assert_int_equal(refdata_currency_count, 179);
  assert_int_equal(count, refdata_currency_count);
  assert_int_equal(none, 13);
}

static void test_currency_details(void **state) {
  (void)state;
  assert_string_equal(STR(refdata_currency_name("EUR")), "Euro");
  assert_string_equal(STR(refdata_currency_name("JPY")), "Yen");
  assert_null(refdata_currency_name("HRK"));
  assert_true(refdata_currency_is_fund("CLF"));
  assert_true(refdata_currency_is_fund("USN"));
  assert_false(refdata_currency_is_fund("EUR"));
  assert_false(refdata_currency_is_fund("XYZ"));
  assert_string_equal(STR(refdata_currency_of_numeric(978)), "EUR");
  assert_string_equal(STR(refdata_currency_of_numeric(392)), "JPY");
  assert_string_equal(STR(refdata_currency_of_numeric(8)), "ALL");
  assert_string_equal(STR(refdata_currency_of_numeric(924)), "ZWG");
  assert_null(refdata_currency_of_numeric(191)); /* HRK */
  assert_null(refdata_currency_of_numeric(0));
  assert_null(refdata_currency_of_numeric(1000));
  unsigned numeric = 0;
  for (unsigned n = 0; n < 1000; n++)
    numeric += refdata_currency_of_numeric(n) != NULL;
  assert_int_equal(numeric, 179);
}

/* ------------------------------------------------------------------------ */
/* Harmonized System                                                         */
/* ------------------------------------------------------------------------ */

static void test_hs_counts(void **state) {
  (void)state;
  unsigned subs[HS_EDITION_COUNT] = {0}, gone = 0, added = 0;
  for (unsigned s = 0; s < 1000000; s++) {
    bool a = refdata_hs_subheading(HS_2017, s);
    bool b = refdata_hs_subheading(HS_2022, s);
    subs[HS_2017] += a;
    subs[HS_2022] += b;
    gone += a && !b;
    added += b && !a;
    /* A subheading lies in an existing heading and chapter. */
    if (a)
      assert_true(refdata_hs_heading(HS_2017, s / 100) &&
                  refdata_hs_chapter(HS_2017, s / 10000));
    if (b)
      assert_true(refdata_hs_heading(HS_2022, s / 100) &&
                  refdata_hs_chapter(HS_2022, s / 10000));
  }
  assert_int_equal(subs[HS_2017], 5387);
  assert_int_equal(subs[HS_2022], 5612);
  assert_int_equal(gone, 145);
  assert_int_equal(added, 370);
  assert_int_equal(refdata_hs_subheading_count[HS_2017], 5387);
  assert_int_equal(refdata_hs_subheading_count[HS_2022], 5612);

  for (int e = 0; e < HS_EDITION_COUNT; e++) {
    unsigned headings = 0, chapters = 0;
    for (unsigned h = 0; h < 10000; h++) {
      if (!refdata_hs_heading((hs_edition)e, h))
        continue;
      headings++;
      /* A heading has at least one subheading. */
      bool any = false;
      for (unsigned s = h * 100; s < h * 100 + 100 && !any; s++)
        any = refdata_hs_subheading((hs_edition)e, s);
      assert_true(any);
    }
    for (unsigned c = 0; c < 100; c++)
      chapters += refdata_hs_chapter((hs_edition)e, c);
    assert_int_equal(headings, refdata_hs_heading_count[e]);
    assert_int_equal(chapters, refdata_hs_chapter_count[e]);
    /* 01-97 without 77 */
    assert_int_equal(chapters, 96);
  }
  assert_int_equal(refdata_hs_heading_count[HS_2017], 1222);
  assert_int_equal(refdata_hs_heading_count[HS_2022], 1228);
}

static void test_hs_codes(void **state) {
  (void)state;
  /* Smartphones: a subheading of its own from HS 2022 (in 851712 before). */
  assert_false(refdata_hs_subheading(HS_2017, 851713));
  assert_true(refdata_hs_subheading(HS_2022, 851713));
  assert_true(refdata_hs_subheading(HS_2017, 851712));
  assert_false(refdata_hs_subheading(HS_2022, 851712));
  /* Electric lamps and lighting fittings: restructured in HS 2022. */
  assert_true(refdata_hs_subheading(HS_2017, 940540));
  assert_false(refdata_hs_subheading(HS_2022, 940540));
  /* Cotton T-shirts, in both. */
  assert_true(refdata_hs_subheading(HS_2017, 610910));
  assert_true(refdata_hs_subheading(HS_2022, 610910));
  assert_true(refdata_hs_heading(HS_2017, 6109));
  assert_true(refdata_hs_chapter(HS_2022, 61));
  /* Headings new in 2022 and gone in 2022. */
  assert_false(refdata_hs_heading(HS_2017, 8549));
  assert_true(refdata_hs_heading(HS_2022, 8549));
  assert_true(refdata_hs_heading(HS_2017, 8803));
  assert_false(refdata_hs_heading(HS_2022, 8803));
  /* First and last. */
  assert_true(refdata_hs_subheading(HS_2022, 10121));
  assert_true(refdata_hs_heading(HS_2022, 101));
  assert_true(refdata_hs_chapter(HS_2022, 1));
  assert_true(refdata_hs_chapter(HS_2022, 97));

  for (int e = 0; e < HS_EDITION_COUNT; e++) {
    hs_edition ed = (hs_edition)e;
    /* 77 reserved; 98, 99 national use; 00 nothing; aggregates skipped. */
    assert_false(refdata_hs_chapter(ed, 0));
    assert_false(refdata_hs_chapter(ed, 77));
    assert_false(refdata_hs_chapter(ed, 98));
    assert_false(refdata_hs_chapter(ed, 99));
    assert_false(refdata_hs_heading(ed, 7701));
    assert_false(refdata_hs_heading(ed, 9999));
    assert_false(refdata_hs_subheading(ed, 999999));
    assert_false(refdata_hs_subheading(ed, 0));
    /* Out of range. */
    assert_false(refdata_hs_chapter(ed, 100));
    assert_false(refdata_hs_heading(ed, 10000));
    assert_false(refdata_hs_subheading(ed, 1000000));
    assert_false(refdata_hs_subheading(ed, 8517130));
    assert_false(refdata_hs_subheading(ed, ~0u));
  }
  assert_false(refdata_hs_subheading((hs_edition)2, 610910));
  assert_false(refdata_hs_subheading((hs_edition)-1, 610910));
  assert_false(refdata_hs_heading((hs_edition)7, 6109));
  assert_false(refdata_hs_chapter((hs_edition)7, 61));
}

static void test_hs_editions(void **state) {
  (void)state;
  hs_edition e = HS_2022;
  assert_false(refdata_hs_edition_at(20161231, &e));
  assert_false(refdata_hs_edition_at(0, &e));
  assert_true(refdata_hs_edition_at(20170101, &e));
  assert_int_equal(e, HS_2017);
  assert_true(refdata_hs_edition_at(20211231, &e));
  assert_int_equal(e, HS_2017);
  assert_true(refdata_hs_edition_at(20220101, &e));
  assert_int_equal(e, HS_2022);
  assert_true(refdata_hs_edition_at(20291231, &e));
  assert_int_equal(e, HS_2022);

  /* "851713 on a 2021 declaration fails, on a 2023 one passes; 940540 the
   * other way round." */
  assert_true(refdata_hs_edition_at(20210615, &e));
  assert_false(refdata_hs_subheading(e, 851713));
  assert_true(refdata_hs_subheading(e, 940540));
  assert_true(refdata_hs_edition_at(20230615, &e));
  assert_true(refdata_hs_subheading(e, 851713));
  assert_false(refdata_hs_subheading(e, 940540));

  assert_string_equal(refdata_hs_edition_name(HS_2017), "HS 2017");
  assert_string_equal(refdata_hs_edition_name(HS_2022), "HS 2022");
  assert_null(refdata_hs_edition_name((hs_edition)2));
}

static void test_sources(void **state) {
  (void)state;
  assert_non_null(strstr(refdata_country_source, "iso-codes"));
  assert_non_null(strstr(refdata_currency_source, "2024-06-25"));
  assert_non_null(strstr(refdata_hs_source, "HS 2017"));
  assert_non_null(strstr(refdata_hs_source, "HS 2022"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_country_counts),
      cmocka_unit_test(test_country_status),
      cmocka_unit_test(test_country_names_and_codes),
      cmocka_unit_test(test_country_by_name),
      cmocka_unit_test(test_currency_minor_units),
      cmocka_unit_test(test_currency_details),
      cmocka_unit_test(test_hs_counts),
      cmocka_unit_test(test_hs_codes),
      cmocka_unit_test(test_hs_editions),
      cmocka_unit_test(test_sources),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
