/* Names of parties, normalised for matching: case and accents folded,
 * punctuation removed, legal forms (Ltd, GmbH, LLC ...) dropped. Internal
 * to libsdq. */
#ifndef SDQ_NAMES_H
#define SDQ_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NAME_TOKENS_MAX 16

/* A normalised name: its distinct tokens' hashes, sorted, and a hash of
 * the whole sorted set (equal names in any word order share it). */
typedef struct name_key {
  uint64_t tokens[NAME_TOKENS_MAX];
  size_t count;
  uint64_t whole;
} name_key;

/* Normalises a name into *key. Words beyond NAME_TOKENS_MAX are ignored.
 * Returns false when nothing is left (no word, or only legal forms). */
bool name_normalise(const char *p, size_t len, name_key *key);

/* Whether the name contains a legal form of a business (Ltd, GmbH, Co.,
 * Inc, LLC, S.A., ...). */
bool name_has_legal_form(const char *p, size_t len);

/* Jaccard similarity of two token sets: shared / (union), 0..1. */
double name_similarity(const name_key *a, const name_key *b);

#endif
