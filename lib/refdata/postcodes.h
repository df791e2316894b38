/* Postcode formats by country. Internal to libsdq.
 *
 * The formats are those of the npm package postal-codes-js (Apache-2.0):
 * for each ISO 3166-1 alpha-2 country, a regular expression, the
 * characters to drop before matching and, added here, a short description
 * for messages. lib/refdata/gen_postcodes.py generates them into
 * postcodes.c (committed, never edited by hand) from the package's files.
 *
 * postcode_check() judges a value the way postal-codes-js's validate()
 * does:
 *   1. leading and trailing white space is removed;
 *   2. every "redundant" character of the country's format is removed,
 *      wherever it is (for most formats space and hyphen; for a few only
 *      space, where the hyphen is part of the format, e.g. PL "00-950";
 *      for IE none);
 *   3. the rest must match the format's pattern as a whole, ignoring the
 *      case of ASCII letters ("se5 0eg" is a valid GB postcode).
 * Differences from postal-codes-js:
 *   - only ASCII white space (space, tab, CR, LF, VT, FF) is trimmed, and
 *     \s in a pattern (CA's) matches only ASCII white space; JavaScript
 *     also counts U+00A0 and the other Unicode spaces. A value with any
 *     non-ASCII byte is therefore invalid for every format.
 *   - a value longer than PATTERN_MAX_INPUT (64) bytes after steps 1 and 2
 *     is invalid without matching (the longest format is 10 characters).
 *   - the country is an alpha-2 code only (postal-codes-js also takes
 *     alpha-3), in either case.
 *   - a country that postal-codes-js does not know gives
 *     POSTCODE_NO_FORMAT, like the 61 it lists without postcodes (AE, HK,
 *     QA ...; see postcodes.c), even for an empty value: whether the
 *     country code itself is valid, and whether a value is missing, is for
 *     the caller to check.
 *   - the patterns are matched by lib/check/pattern.c, which reads the
 *     subset of JavaScript regular expressions they use; see pattern.h.
 *     The tests run the package's valid and invalid examples for every
 *     country.
 *
 * Pure function: no allocation, no global state, thread-safe. Each call
 * compiles the country's pattern (at most ~150 characters) into a buffer on
 * the stack and matches it: under 7 KB of stack, and well under a
 * microsecond (GB's pattern, the longest, takes the longest).
 * postcode_check_compiled() skips the compile.
 */
#ifndef SDQ_REFDATA_POSTCODES_H
#define SDQ_REFDATA_POSTCODES_H

#include <stdbool.h>
#include <stddef.h>

#include "../check/pattern.h"

typedef enum {
  POSTCODE_VALID,
  POSTCODE_INVALID,  /* empty, blank, or not of the country's format */
  POSTCODE_NO_FORMAT /* no format known for the country: do not judge */
} postcode_status;

/* Checks the postcode p[0..len) (no NUL terminator needed; NULL is taken
 * as empty) against the format of country, an ISO 3166-1 alpha-2 code
 * (upper-case; lower-case is accepted too). If format_description is not
 * NULL, *format_description is set to a static description of the format
 * for messages ("5 digits", "4 digits and 2 letters ..., e.g. 1011 AB"),
 * or NULL with POSTCODE_NO_FORMAT. */
postcode_status postcode_check(const char country[2], const char *p, size_t len,
                               const char **format_description);

/* Where the formats come from: "postal-codes-js 2.5.2". */
/* The same with the formats' patterns compiled once: progs[i] is format i
 * compiled by postcode_compile() (NULL: compile on each call). */
postcode_status postcode_check_compiled(const pattern_prog *progs,
                                        const char country[2], const char *p,
                                        size_t len,
                                        const char **format_description);
size_t postcode_format_count(void);
bool postcode_compile(size_t i, pattern_prog *prog);

extern const char postcode_source[];

#endif
