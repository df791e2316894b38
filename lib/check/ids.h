/* Identifiers with check digits and coded identifiers: UPU S10 postal item
 * ids, IATA air waybill numbers, ISO 6346 container numbers, IMO ship
 * numbers, GS1 GTIN and SSCC, EU EORI numbers and UN/LOCODEs.
 * Internal to libsdq.
 *
 * Every function takes a raw value as it appears in shipment data (pointer
 * and length; no NUL terminator needed, NUL bytes are ordinary bytes) and
 * returns an id_result by value. The functions are pure: no allocation, no
 * locale, no global state, safe from any number of threads. They read no
 * byte outside p[0..len) and run in O(len). A NULL p is taken as an empty
 * value whatever len is.
 *
 * Common rules for every function:
 * - Leading and trailing ASCII white space (space, tab, CR, LF, VT, FF) is
 *   ignored. A value that is empty or only white space gives ID_EMPTY (the
 *   completeness rules report it, not the validity rules).
 * - ASCII letters may be in either case; the normalised form is upper case.
 * - Inside the value only the separators listed for each function are
 *   accepted, each at most once where it is allowed. Anything else - another
 *   separator, two separators in a row, a control character, a NUL byte, a
 *   byte of a non-ASCII (UTF-8) character - makes the value ID_MALFORMED.
 * - Country parts (S10, EORI, UN/LOCODE) are checked here for their shape
 *   only (two ASCII letters). Whether they name a country is for the caller
 *   to decide with the country table; result.country holds the part,
 *   upper-cased.
 */
#ifndef SDQ_CHECK_IDS_H
#define SDQ_CHECK_IDS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum id_status {
  /* Well formed, and the check digit (if the scheme has one) is right. */
  ID_VALID = 0,
  /* Wrong length, a character not allowed at its place, or a separator
   * where none is accepted. error_offset says where. */
  ID_MALFORMED = 1,
  /* Well formed, but the check digit is not the one computed from the
   * data; expected_check holds the right one. */
  ID_CHECK_DIGIT = 2,
  /* UPU S10 only: the service indicator, serial and check digit are well
   * formed and the check digit is right, but the last two characters are
   * letters and digits, not two letters ("RB123456785G8"). */
  ID_BAD_COUNTRY = 3,
  /* Empty, or only white space. */
  ID_EMPTY = 4
} id_status;

/* What a value was recognised as (set together with normalised). */
typedef enum id_kind {
  ID_KIND_NONE = 0,
  ID_KIND_S10 = 1,
  ID_KIND_AWB = 2,
  ID_KIND_CONTAINER = 3,
  ID_KIND_IMO = 4,
  ID_KIND_GTIN8 = 5,
  ID_KIND_GTIN12 = 6,
  ID_KIND_GTIN13 = 7,
  ID_KIND_GTIN14 = 8,
  ID_KIND_SSCC = 9,
  ID_KIND_EORI = 10,
  ID_KIND_LOCODE = 11
} id_kind;

/* The longest normalised form is an SSCC (18 digits); EORI is at most 17. */
#define ID_NORMALISED_MAX 23

typedef struct id_result {
  id_status status;
  /* Set when the layout was recognised (status ID_VALID, ID_CHECK_DIGIT or
   * ID_BAD_COUNTRY); ID_KIND_NONE otherwise. */
  id_kind kind;
  /* Where the problem is, as a byte offset into p (not into the trimmed
   * value): for ID_MALFORMED the first byte that does not fit the layout,
   * or the end of the trimmed value when the value is too short or its
   * length is not one the scheme has; for ID_CHECK_DIGIT the check digit;
   * for ID_BAD_COUNTRY the first character of the country part. 0 for
   * ID_VALID and ID_EMPTY. */
  size_t error_offset;
  /* The check digit computed from the data part, '0'..'9', for ID_VALID,
   * ID_CHECK_DIGIT and ID_BAD_COUNTRY of a scheme with a check digit;
   * '\0' otherwise, and always for EORI and UN/LOCODE (no check digit). */
  char expected_check;
  /* The two-character country part, upper-cased and NUL-terminated, for
   * S10 (ID_VALID, ID_CHECK_DIGIT, ID_BAD_COUNTRY), EORI and UN/LOCODE
   * (ID_VALID); "" otherwise. Only for ID_BAD_COUNTRY may it hold a digit. */
  char country[3];
  /* The value without white space and separators, upper-cased,
   * NUL-terminated; set together with kind, "" (length 0) otherwise. The
   * normalised form of a valid value is itself valid and normalises to
   * itself, so it can be compared to find duplicates. */
  size_t normalised_len;
  char normalised[ID_NORMALISED_MAX + 1];
} id_result;

/* UPU S10 postal item identifier (UPU standard S10, "Identification of
 * postal items - 13-character identifier").
 *
 * Layout: 2 letters (service indicator) + 8 digits (serial number) + 1
 * check digit + 2 letters (ISO 3166-1 alpha-2 country of the issuing
 * operator), 13 characters: "RB123456785GB".
 * Accepted spellings: one optional space between the service indicator and
 * the digits, between any two of the nine digits, and between the digits
 * and the country: "RB 1234 5678 5 GB", "RB 123 456 785 GB",
 * "RB123456785 GB". No space inside the service indicator or the country,
 * no hyphens. Normalised: "RB123456785GB".
 * Check digit: weights 8 6 4 2 3 5 9 7 on the serial digits from the
 * left; S = the weighted sum; C = 11 - (S mod 11); C = 10 gives 0 and
 * C = 11 gives 5.
 * The service indicator's value (R registered, E EMS, C parcels, ...) is
 * not checked. Statuses are decided in this order: ID_MALFORMED,
 * ID_CHECK_DIGIT, ID_BAD_COUNTRY; the last two characters may be letters
 * or digits for the value to be recognised, anything else is malformed. */
id_result id_check_s10(const char *p, size_t len);

/* Whether p[0..len) is an S10 id in its plain spelling, 13 characters
 * without white space ("RB123456785GB", "rb123456785gb"), with the right
 * check digit and two letters at the end. If so, id_check_s10() would say
 * ID_VALID, and country gets the country part, upper-cased (not
 * NUL-terminated). False says nothing: use id_check_s10(). For the hot
 * path of the validity check. */
bool id_s10_plain(const char *p, size_t len, char country[2]);

/* IATA air waybill number (IATA Resolution 600a, the air waybill; the
 * form used in Cargo-IMP and Cargo-XML messages).
 *
 * Layout: 3-digit airline prefix + 7-digit serial number + 1 check digit,
 * 11 digits: "17612345675".
 * Accepted spellings: one optional hyphen or space after the prefix, and
 * one optional space between the 4th and the 5th digit of the serial
 * (the grouping printed on the air waybill form): "176-12345675",
 * "176 12345675", "176-1234 5675", "176 1234 5675", "17612345675".
 * Normalised: the 11 digits without separators, "17612345675".
 * Check digit: the 7-digit serial number modulo 7 (so 0 to 6); the prefix
 * is not part of it. A check digit 7, 8 or 9 is ID_CHECK_DIGIT. The
 * prefix is not compared with the list of airline prefixes. */
id_result id_check_awb(const char *p, size_t len);

/* Whether p[0..len) is an air waybill number in a plain spelling, 11
 * digits or 3 digits, a hyphen and 8 digits ("17612345675",
 * "176-12345675"), with the right check digit. If so, id_check_awb() would
 * say ID_VALID. False says nothing: use id_check_awb(). For the hot path
 * of the validity check. */
bool id_awb_plain(const char *p, size_t len);

/* ISO 6346 freight container identification (ISO 6346:2022, "Freight
 * containers - Coding, identification and marking").
 *
 * Layout: 3-letter owner code + equipment category identifier (U freight
 * container, J detachable freight container-related equipment, Z trailer
 * or chassis) + 6-digit serial number + 1 check digit, 11 characters:
 * "MWCU6059784".
 * Accepted spellings: one optional space or hyphen after the category
 * letter and one before the check digit: "MWCU 605978 4",
 * "MWCU 605978-4", "MWCU-605978-4", "MWCU605978-4". Normalised:
 * "MWCU6059784".
 * Check digit: letters take the values A=10, B=12 ... K=21, L=23 ...
 * U=32, V=34 ... Z=38 (multiples of 11 are skipped), digits their own
 * value; the character at position i (0-based from the left, i = 0..9)
 * is weighted 2^i; check = (sum mod 11) mod 10, so a remainder of 10
 * gives 0. The owner code is not compared with the BIC register. */
id_result id_check_container(const char *p, size_t len);

/* IMO ship identification number (IMO Resolution A.1117(30); SOLAS
 * chapter XI-1, regulation 3).
 *
 * Layout: 7 digits, the last the check digit: "9074729".
 * Accepted spellings: an optional "IMO" prefix in any case, followed by
 * one optional space: "IMO 9074729", "IMO9074729", "imo 9074729".
 * Normalised: the 7 digits, "9074729".
 * Check digit: the last digit of d1*7 + d2*6 + d3*5 + d4*4 + d5*3 + d6*2
 * (d1 the leftmost digit). IMO unique company and registered owner
 * identification numbers use another check digit scheme and are not
 * accepted by this function. */
id_result id_check_imo(const char *p, size_t len);

/* GS1 identification keys with the GS1 mod 10 check digit (GS1 General
 * Specifications, section 7.9): GTIN-8, GTIN-12 (UPC-A), GTIN-13, GTIN-14
 * and SSCC (18 digits), told apart by their length (result.kind).
 *
 * Layout: 8, 12, 13, 14 or 18 digits, the last the check digit.
 * Accepted spellings: one optional space between any two digits (as in
 * the human-readable line under a bar code, "6 291041 500213"), and the
 * application identifier in parentheses before an SSCC, "(00)", or a
 * GTIN-14, "(01)", followed by one optional space:
 * "(00) 000123450000000027", "(01)10614141000415". Normalised: the digits
 * only, without the application identifier.
 * Check digit: the data digits are weighted 3, 1, 3, 1, ... starting with
 * 3 on the rightmost data digit; check = (10 - (sum mod 10)) mod 10.
 * A GTIN's company prefix is not checked. */
id_result id_check_gs1(const char *p, size_t len);

/* EU Economic Operators Registration and Identification number
 * (Regulation (EU) No 952/2013, the Union Customs Code, article 9, and
 * Commission Implementing Regulation (EU) 2015/2447).
 *
 * Layout: 2-letter country code + 1 to 15 characters, each printable
 * ASCII other than space (0x21 to 0x7E): [A-Z]{2}[\x21-\x7E]{1,15}, so 3
 * to 17 characters: "DE123456789012345", "GB123456789000".
 * Accepted spellings: the country code in either case; no separator of
 * any kind (a space inside is malformed). Normalised: the country code
 * upper-cased and the rest kept exactly as given ("de12ab" -> "DE12ab"):
 * the national part is opaque and is not case-folded.
 * There is no check digit EU-wide; national formats (a member state's own
 * check digits) are not checked. */
id_result id_check_eori(const char *p, size_t len);

/* Whether p[0..len) is an EORI number without white space around it: two
 * letters and 1 to 15 printable ASCII characters other than space. If so,
 * id_check_eori() would say ID_VALID, and country gets the country part,
 * upper-cased (not NUL-terminated). False says nothing: use
 * id_check_eori(). For the hot path of the validity check. */
bool id_eori_plain(const char *p, size_t len, char country[2]);

/* UN/LOCODE, the United Nations Code for Trade and Transport Locations
 * (UNECE Recommendation No. 16).
 *
 * Layout: 2-letter ISO 3166-1 country code + 3 characters, each a letter
 * or a digit 2 to 9 (0 and 1 are not used, to avoid confusion with O and
 * I): "DEHAM", "USNYC".
 * Accepted spellings: letters in either case and one optional space
 * between the country and the location ("DE HAM"). A digit in the country
 * part, as in "D3HAM", is malformed. Normalised: "DEHAM".
 * There is no check digit; whether the code exists is not checked. */
id_result id_check_locode(const char *p, size_t len);

/* Whether p[0..len) is a UN/LOCODE in its plain spelling: 5 letters and
 * digits, without white space or separator ("DEHAM", "deham"). If so,
 * id_check_locode() would say ID_VALID, and country gets the country part,
 * upper-cased (not NUL-terminated). False says nothing: use
 * id_check_locode(). For the hot path of the validity check, which needs
 * no more than this. */
bool id_locode_plain(const char *p, size_t len, char country[2]);

#endif
