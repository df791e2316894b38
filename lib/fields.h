/* The field dictionary: names, kinds and aliases. Internal to libsdq. */
#ifndef SDQ_FIELDS_H
#define SDQ_FIELDS_H

#include "sdq.h"

#include <stdbool.h>
#include <stdint.h>

/* What kind of value a field holds; decides which generic checks apply
 * (for instance "0" is a placeholder in a text field, not in a number). */
typedef enum field_kind {
  FIELD_TEXT,   /* names, addresses, descriptions, cities */
  FIELD_ID,     /* identifiers: shipment ids, EORI, platform, carrier */
  FIELD_CODE,   /* codes from a list: country, currency, category, HS */
  FIELD_NUMBER, /* quantities, weights, values */
  FIELD_DATE,   /* ISO 8601 dates */
  FIELD_CONTACT /* e-mail and phone */
} field_kind;

/* Dense index of a field: consignment fields 0..33, item fields follow.
 * Used for per-field tables; the public enum values are sparse. */
#define FIELD_INDEX_COUNT (SDQ_CONSIGNMENT_FIELD_COUNT + SDQ_ITEM_FIELD_COUNT)

static inline bool field_valid(sdq_field f) {
  return (f >= 0 && f < SDQ_CONSIGNMENT_FIELD_COUNT) ||
         (f >= SDQ_ITEM_FIELD_BASE &&
          f < SDQ_ITEM_FIELD_BASE + SDQ_ITEM_FIELD_COUNT);
}
static inline bool field_is_item(sdq_field f) {
  return f >= SDQ_ITEM_FIELD_BASE &&
         f < SDQ_ITEM_FIELD_BASE + SDQ_ITEM_FIELD_COUNT;
}
/* Dense index of a valid field. */
static inline int field_index(sdq_field f) {
  return field_is_item(f)
             ? SDQ_CONSIGNMENT_FIELD_COUNT + (int)(f - SDQ_ITEM_FIELD_BASE)
             : (int)f;
}
static inline sdq_field field_from_index(int i) {
  return i < SDQ_CONSIGNMENT_FIELD_COUNT
             ? (sdq_field)i
             : (sdq_field)(SDQ_ITEM_FIELD_BASE + i -
                           SDQ_CONSIGNMENT_FIELD_COUNT);
}

field_kind field_kind_of(sdq_field f);

/* Writes the alias-normalised form of [name, name+len) into out (at most
 * cap bytes): ASCII letters lower-cased; space, tab, '-', '_', '.', '/',
 * '(' and ')' dropped. Returns the length, or SIZE_MAX if it does not fit. */
size_t field_normalise_name(const char *name, size_t len, char *out,
                            size_t cap);

#endif
