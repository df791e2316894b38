#include "names.h"

#include <string.h>

/* Words of up to four letters packed into an integer, for the switch. */
#define K2(a, b) ((uint32_t)(a) << 8 | (uint32_t)(b))
#define K3(a, b, c) (K2(a, b) << 8 | (uint32_t)(c))
#define K4(a, b, c, d) (K3(a, b, c) << 8 | (uint32_t)(d))

/* Legal forms of businesses, as words after folding: dropped from names
 * before matching, and the mark of a business seller. A switch on the
 * length first, as most words have a length no legal form has. */
/* clang-format off */
static bool is_legal_form(const char *w, size_t n) {
  const unsigned char *u = (const unsigned char *)w;
  switch (n) {
  case 2:
    switch (K2(u[0], u[1])) {
    case K2('a', 'b'): case K2('a', 'g'): case K2('a', 's'):
    case K2('b', 'v'): case K2('c', 'o'): case K2('c', 'v'):
    case K2('k', 'g'): case K2('k', 'k'): case K2('l', 'p'):
    case K2('n', 'v'): case K2('o', 'o'): case K2('o', 'y'):
    case K2('s', 'a'): case K2('s', 'l'): case K2('s', 'p'):
    case K2('u', 'g'):
      return true;
    }
    return false;
  case 3:
    switch (K3(u[0], u[1], u[2])) {
    case K3('a', 'p', 's'): case K3('i', 'n', 'c'): case K3('k', 'f', 't'):
    case K3('l', 'l', 'c'): case K3('l', 'l', 'p'): case K3('l', 't', 'd'):
    case K3('m', 'b', 'h'): case K3('o', 'h', 'g'): case K3('o', 'y', 'j'):
    case K3('p', 'l', 'c'): case K3('p', 't', 'e'): case K3('p', 't', 'y'):
    case K3('s', 'a', 's'): case K3('s', 'p', 'a'): case K3('s', 'r', 'o'):
    case K3('s', 'r', 'l'): case K3('u', 'l', 'c'): case K3('z', 'o', 'o'):
      return true;
    }
    return false;
  case 4:
    switch (K4(u[0], u[1], u[2], u[3])) {
    case K4('c', 'o', 'r', 'p'): case K4('e', 'i', 'r', 'l'):
    case K4('g', 'm', 'b', 'h'): case K4('s', 'a', 'r', 'l'):
      return true;
    }
    return false;
  case 7:
    return memcmp(w, "company", 7) == 0 || memcmp(w, "limited", 7) == 0;
  case 11:
    return memcmp(w, "corporation", 11) == 0;
  case 12:
    return memcmp(w, "incorporated", 12) == 0;
  default:
    return false;
  }
}
/* clang-format on */

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

#define FNV_BASIS UINT64_C(14695981039346656037)
#define FNV_PRIME UINT64_C(1099511628211)

/* ASCII characters in names: letters and digits as their lower case, the
 * joiners and a slash as marks, everything else as a word break. A table,
 * because nearly every byte of a name is ASCII; bytes beyond ASCII are in
 * it as breaks, so that they end a run of letters. */
enum { ASCII_BREAK = 0, ASCII_JOIN = 1, ASCII_SLASH = 2 };
#define LETTER(c) [(c) - 'a' + 'A'] = (c), [(c)] = (c)
/* clang-format off */
static const unsigned char ASCII_FOLD[256] = {
    ['\''] = ASCII_JOIN, ['.'] = ASCII_JOIN, ['/'] = ASCII_SLASH,
    ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
    ['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
    LETTER('a'), LETTER('b'), LETTER('c'), LETTER('d'), LETTER('e'),
    LETTER('f'), LETTER('g'), LETTER('h'), LETTER('i'), LETTER('j'),
    LETTER('k'), LETTER('l'), LETTER('m'), LETTER('n'), LETTER('o'),
    LETTER('p'), LETTER('q'), LETTER('r'), LETTER('s'), LETTER('t'),
    LETTER('u'), LETTER('v'), LETTER('w'), LETTER('x'), LETTER('y'),
    LETTER('z'),
};
/* clang-format on */
#undef LETTER

/* The lengths legal forms have: most words have another, and are let
 * through without a call to is_legal_form(). */
#define LEGAL_LENGTHS                                                          \
  (1u << 2 | 1u << 3 | 1u << 4 | 1u << 7 | 1u << 11 | 1u << 12)
#define MAYBE_LEGAL_FORM(w, n)                                                 \
  ((n) <= 12 && ((LEGAL_LENGTHS >> (n)) & 1u) && is_legal_form(w, n))

/* Inlined into words(): called once per word, a call would save and
 * restore most registers each time. */
static inline bool add_token(name_key *key, const char *w, size_t n, uint64_t h)
#if defined(__GNUC__)
    __attribute__((always_inline))
#endif
    ;
static inline bool add_token(name_key *key, const char *w, size_t n,
                             uint64_t h) {
  if (MAYBE_LEGAL_FORM(w, n))
    return true;
  size_t i = key->count;
  if (i == NAME_TOKENS_MAX) {
    for (size_t k = 0; k < i; k++)
      if (key->tokens[k] == h)
        return true; /* a repeated word */
    return false;
  }
  /* Insertion into the sorted list, where a repeated word is found just
   * before the place (and the insertion undone). */
  while (i > 0 && key->tokens[i - 1] > h) {
    key->tokens[i] = key->tokens[i - 1];
    i--;
  }
  if (i > 0 && key->tokens[i - 1] == h) {
    for (; i < key->count; i++)
      key->tokens[i] = key->tokens[i + 1];
    return true; /* a repeated word */
  }
  key->tokens[i] = h;
  key->count++;
  return true;
}

/* For name_has_legal_form(): notes a legal form and stops. */
static bool find_legal(bool *found, const char *w, size_t n) {
  if (MAYBE_LEGAL_FORM(w, n)) {
    *found = true;
    return false;
  }
  return true;
}

/* Gives each folded word of the name, with its FNV-1a hash (never 0), to
 * add_token() into *key, or when key is NULL to find_legal() into *found;
 * stops when that returns false. Words are at most 63 bytes (longer ones
 * are cut). The calls are direct, so that they can be inlined. */
static void words(const char *p, size_t len, name_key *key, bool *found) {
  char w[64];
  size_t n = 0;
#define WORD() (key ? add_token(key, w, n, h ? h : 1) : find_legal(found, w, n))
  uint64_t h = FNV_BASIS;
#define PUT(c)                                                                 \
  do {                                                                         \
    w[n++] = (char)(c);                                                        \
    h = (h ^ (unsigned char)(c)) * FNV_PRIME;                                  \
  } while (0)
  for (size_t i = 0; i < len;) {
    unsigned char b = (unsigned char)p[i];
    uint32_t cp = b;
    size_t step = 1;
    if (b >= 0x80) {
      size_t k = b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
      if (i + k > len)
        k = len - i;
      cp = b & (0x3Fu >> (k - 1));
      for (size_t j = 1; j < k; j++)
        cp = (cp << 6) | ((unsigned char)p[i + j] & 0x3Fu);
      step = k;
    }
    i += step;
    if (cp < 0x80) {
      /* Apostrophes join ("O'Brien"), and so do dots ("S.A.", "B.V." are
       * "sa", "bv") and a slash after one letter ("A/S" is "as"); other
       * punctuation separates. */
      unsigned char c = ASCII_FOLD[cp];
      if (c > ASCII_SLASH) {
        /* The rest of a run of ASCII letters and digits, in one loop that
         * stops where the word is full (the rest of the run is skipped). */
        if (n < sizeof w)
          PUT(c);
        size_t room = sizeof w - n;
        size_t end = len - i > room ? i + room : len;
        for (; i < end; i++) {
          c = ASCII_FOLD[(unsigned char)p[i]];
          if (c <= ASCII_SLASH)
            break;
          PUT(c);
        }
        if (i == end)
          while (i < len && ASCII_FOLD[(unsigned char)p[i]] > ASCII_SLASH)
            i++;
        continue;
      }
      if (c == ASCII_JOIN || (c == ASCII_SLASH && n == 1))
        continue;
      if (n) {
        if (!WORD())
          return;
        n = 0;
        h = FNV_BASIS;
      }
      continue;
    }
    if (cp == 0x2019) /* a right single quotation mark joins too */
      continue;
    /* Every other character beyond ASCII is a letter. */
    const char *f = fold_latin(cp);
    if (f) {
      for (; *f && n < sizeof w; f++)
        PUT(*f);
    } else {
      for (size_t j = i - step; j < i && n < sizeof w; j++)
        PUT(p[j]);
    }
  }
  if (n)
    WORD();
#undef PUT
#undef WORD
}

bool name_normalise(const char *p, size_t len, name_key *key) {
  key->count = 0;
  words(p, len, key, NULL);
  uint64_t h = UINT64_C(1469598103934665603);
  for (size_t i = 0; i < key->count; i++) {
    h ^= key->tokens[i];
    h *= FNV_PRIME;
  }
  key->whole = h ? h : 1;
  return key->count > 0;
}

bool name_has_legal_form(const char *p, size_t len) {
  bool found = false;
  words(p, len, NULL, &found);
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
