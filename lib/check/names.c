#include "names.h"

#include <string.h>

/* Legal forms of businesses, as words after folding: dropped from names
 * before matching, and the mark of a business seller. */
static const char *const LEGAL_FORMS[] = {
    "ab",   "ag",          "aps", "as",      "bv",   "co",  "company",
    "corp", "corporation", "cv",  "eirl",    "gmbh", "inc", "incorporated",
    "kft",  "kg",          "kk",  "limited", "llc",  "llp", "lp",
    "ltd",  "mbh",         "nv",  "ohg",     "oy",   "oyj", "plc",
    "pte",  "pty",         "sa",  "sarl",    "sas",  "sl",  "spa",
    "sro",  "srl",         "ug",  "ulc",     "zoo",  "sp",  "oo",
};

static bool is_legal_form(const char *w, size_t n) {
  /* Most words are longer than any legal form or start elsewhere. */
  if (n < 2 || n > 12)
    return false;
  for (size_t i = 0; i < sizeof LEGAL_FORMS / sizeof LEGAL_FORMS[0]; i++)
    if (LEGAL_FORMS[i][0] == w[0] && strncmp(LEGAL_FORMS[i], w, n) == 0 &&
        LEGAL_FORMS[i][n] == '\0')
      return true;
  return false;
}

/* The ASCII letters a Latin letter with a diacritic folds to (lower case),
 * or NULL to keep the character as it is. */
static const char *fold_latin(uint32_t cp) {
  if (cp >= 0xC0 && cp <= 0xC5)
    return "a";
  if (cp >= 0xE0 && cp <= 0xE5)
    return "a";
  if (cp == 0xC6 || cp == 0xE6)
    return "ae";
  if (cp == 0xC7 || cp == 0xE7)
    return "c";
  if ((cp >= 0xC8 && cp <= 0xCB) || (cp >= 0xE8 && cp <= 0xEB))
    return "e";
  if ((cp >= 0xCC && cp <= 0xCF) || (cp >= 0xEC && cp <= 0xEF))
    return "i";
  if (cp == 0xD0 || cp == 0xF0)
    return "d";
  if (cp == 0xD1 || cp == 0xF1)
    return "n";
  if ((cp >= 0xD2 && cp <= 0xD6) || cp == 0xD8 || (cp >= 0xF2 && cp <= 0xF6) ||
      cp == 0xF8)
    return "o";
  if ((cp >= 0xD9 && cp <= 0xDC) || (cp >= 0xF9 && cp <= 0xFC))
    return "u";
  if (cp == 0xDD || cp == 0xFD || cp == 0xFF)
    return "y";
  if (cp == 0xDF)
    return "ss";
  if (cp >= 0x100 && cp <= 0x17F) {
    /* Latin Extended-A: pairs of upper and lower case letters. */
    static const char BASE[] =
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllll"
        "nnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
    size_t k = cp - 0x100;
    if (cp == 0x152 || cp == 0x153)
      return "oe";
    if (k < sizeof BASE - 1) {
      static const char *const ONE[26] = {
          "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m",
          "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z"};
      return ONE[BASE[k] - 'a'];
    }
  }
  return NULL;
}

static uint64_t fnv(const char *p, size_t n) {
  uint64_t h = UINT64_C(14695981039346656037);
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)p[i];
    h *= UINT64_C(1099511628211);
  }
  return h ? h : 1;
}

/* Calls `word` on each folded word of the name; stops when it returns
 * false. Words are at most 63 bytes (longer ones are cut). */
typedef bool (*word_fn)(void *ctx, const char *w, size_t n);

static void words(const char *p, size_t len, word_fn word, void *ctx) {
  char w[64];
  size_t n = 0;
  for (size_t i = 0; i <= len;) {
    uint32_t cp = 0;
    size_t step = 1;
    if (i < len) {
      unsigned char b = (unsigned char)p[i];
      if (b < 0x80) {
        cp = b;
      } else {
        size_t k = b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        if (i + k > len)
          k = len - i;
        cp = b & (0x3Fu >> (k - 1));
        for (size_t j = 1; j < k; j++)
          cp = (cp << 6) | ((unsigned char)p[i + j] & 0x3Fu);
        step = k;
      }
    }
    bool letter =
        i < len && ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
                    (cp >= '0' && cp <= '9') || cp >= 0x80);
    /* Apostrophes join ("O'Brien"), and so do dots ("S.A.", "B.V." are
     * "sa", "bv") and a slash after one letter ("A/S" is "as"); other
     * punctuation separates. */
    if (i < len &&
        (cp == '\'' || cp == 0x2019 || cp == '.' || (cp == '/' && n == 1))) {
      i += step;
      continue;
    }
    if (letter) {
      const char *f = cp >= 0x80 ? fold_latin(cp) : NULL;
      if (f) {
        for (; *f && n < sizeof w; f++)
          w[n++] = *f;
      } else if (cp < 0x80) {
        if (n < sizeof w)
          w[n++] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
      } else {
        for (size_t j = 0; j < step && n < sizeof w; j++)
          w[n++] = p[i + j];
      }
    } else if (n) {
      if (!word(ctx, w, n))
        return;
      n = 0;
    }
    i += step;
  }
}

static bool add_token(void *ctx, const char *w, size_t n) {
  name_key *key = ctx;
  if (is_legal_form(w, n))
    return true;
  uint64_t h = fnv(w, n);
  size_t i = key->count;
  for (size_t k = 0; k < key->count; k++)
    if (key->tokens[k] == h)
      return true; /* a repeated word */
  if (key->count == NAME_TOKENS_MAX)
    return false;
  /* Insertion into the sorted list. */
  while (i > 0 && key->tokens[i - 1] > h) {
    key->tokens[i] = key->tokens[i - 1];
    i--;
  }
  key->tokens[i] = h;
  key->count++;
  return true;
}

bool name_normalise(const char *p, size_t len, name_key *key) {
  key->count = 0;
  words(p, len, add_token, key);
  uint64_t h = UINT64_C(1469598103934665603);
  for (size_t i = 0; i < key->count; i++) {
    h ^= key->tokens[i];
    h *= UINT64_C(1099511628211);
  }
  key->whole = h ? h : 1;
  return key->count > 0;
}

static bool find_legal(void *ctx, const char *w, size_t n) {
  if (is_legal_form(w, n)) {
    *(bool *)ctx = true;
    return false;
  }
  return true;
}

bool name_has_legal_form(const char *p, size_t len) {
  bool found = false;
  words(p, len, find_legal, &found);
  return found;
}

double name_similarity(const name_key *a, const name_key *b) {
  size_t i = 0, j = 0, shared = 0;
  while (i < a->count && j < b->count) {
    if (a->tokens[i] == b->tokens[j]) {
      shared++;
      i++;
      j++;
    } else if (a->tokens[i] < b->tokens[j]) {
      i++;
    } else {
      j++;
    }
  }
  size_t all = a->count + b->count - shared;
  return all ? (double)shared / (double)all : 0.0;
}
