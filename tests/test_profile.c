/*
 * What lib/profile.c works out when it parses a profile, for the checks
 * to use on every record.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "profile.h"

/* The rate of a currency as the list says: the last one listed, the base
 * at 1, 0 when there is none. */
static double ref_rate(const profile *p, const char c[3]) {
  double r = 0;
  for (size_t i = 0; i < p->rate_count; i++)
    if (memcmp(p->rates[i].currency, c, 3) == 0)
      r = p->rates[i].per_base;
  return memcmp(p->base_currency, c, 3) == 0 ? 1.0 : r;
}

/* profile_convert() finds rates through an index made when the profile is
 * parsed: the same answers as searching the list for every pair of
 * currencies, with enough rates for the index to have collisions. */
static void test_convert_indexed_rates(void **state) {
  (void)state;
  static const char *const codes[] = {
      "USD", "GBP", "CNY", "HKD", "JPY", "KRW", "TWD", "SGD", "INR", "VND",
      "THB", "MYR", "TRY", "CHF", "PLN", "CZK", "HUF", "SEK", "DKK", "NOK",
      "RON", "CAD", "AUD", "MXN", "BRL", "AED", "ILS", "NZD", "ZAR", "EGP",
      "SAR", "QAR", "KWD", "BHD", "OMR", "JOD", "PHP", "IDR", "PKR", "BDT",
      "LKR", "NPR", "KZT", "UAH", "ISK", "RSD", "CLP", "COP", "PEN", "ARS"};
  enum { N = sizeof codes / sizeof codes[0] };
  char json[4096];
  size_t n = (size_t)snprintf(
      json, sizeof json,
      "{\"exchange_rates\": {\"base\": \"EUR\", \"rates\": {\"USD\": 0.5");
  for (size_t i = 0; i < N; i++)
    n += (size_t)snprintf(json + n, sizeof json - n, ", \"%s\": %zu.25",
                          codes[i], i + 1);
  /* Listed twice: the second rate counts. EUR, the base, stays at 1. */
  n += (size_t)snprintf(json + n, sizeof json - n,
                        ", \"CNY\": 77, \"EUR\": 3}}}");
  assert_true(n < sizeof json);
  static profile p;
  sdq_error err;
  assert_int_equal(profile_parse(&p, json, n, NULL, NULL, &err), SDQ_OK);
  assert_int_equal(p.rate_count, N + 3);
  const char *all[N + 4];
  for (size_t i = 0; i < N; i++)
    all[i] = codes[i];
  all[N] = "EUR";
  all[N + 1] = "XAU";  /* no rate */
  all[N + 2] = "usd";  /* not as stored */
  all[N + 3] = "US\0"; /* not a code */
  for (size_t i = 0; i < N + 4; i++)
    for (size_t j = 0; j < N + 4; j++) {
      double got = -1;
      bool ok = profile_convert(&p, 1000.0, all[i], all[j], &got);
      bool same = memcmp(all[i], all[j], 3) == 0;
      double a = ref_rate(&p, all[i]), b = ref_rate(&p, all[j]);
      bool want_ok = same || (a > 0 && b > 0);
      double want = same ? 1000.0 : want_ok ? 1000.0 / a * b : -1;
      if (ok != want_ok || got != want)
        fail_msg("%.3s -> %.3s: %d %g, want %d %g", all[i], all[j], ok, got,
                 want_ok, want);
    }
  double out = 0;
  assert_true(profile_convert(&p, 77.0, "CNY", "EUR", &out));
  assert_true(out == 1.0);
}

/* A profile without rates converts only an amount to its own currency. */
static void test_convert_without_rates(void **state) {
  (void)state;
  static const char json[] = "{\"name\": \"no-rates\"}";
  static profile p;
  assert_int_equal(profile_parse(&p, json, sizeof json - 1, NULL, NULL, NULL),
                   SDQ_OK);
  double out = 0;
  assert_true(profile_convert(&p, 5.0, "EUR", "EUR", &out));
  assert_true(out == 5.0);
  assert_false(profile_convert(&p, 5.0, "EUR", "USD", &out));
  assert_false(profile_convert(&p, 5.0, "USD", "GBP", &out));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_convert_indexed_rates),
      cmocka_unit_test(test_convert_without_rates),
  };
  return cmocka_run_group_tests_name("profile", tests, NULL, NULL);
}
