/* risk.vague_description: a goods description that is nothing but a general
 * term customs administrations reject ("gift", "parts", "various goods").
 *
 * The terms are the union of three published lists:
 * - ICS2: the EU's "stop words" that ICS2 rejects when they stand alone
 *   (DG TAXUD list; Delegated Regulation (EU) 2015/2446, Annex B, data
 *   element 18 05 000 000: general terms are not accepted);
 * - CBP: US Customs and Border Protection's vague descriptions for ACAS
 *   (CSMS #60011750 and #62081967; 19 CFR 122.48b);
 * - PACT: Canada's Pre-load Air Cargo Targeting, Technical Implementation
 *   Guide, section 6, unacceptable commodity descriptions.
 * A term fires only when it is the whole description after normalising
 * (case, punctuation, spacing, a plural "s" or "es"), so "Bicycle parts:
 * brake pads" is fine and "Parts." is not. */
#include "check.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum { ICS2 = 1, CBP = 2, PACT = 4 };

typedef struct vague_term {
  const char *term; /* normalised: lower case, words separated by a space */
  unsigned lists;
  const char *example; /* an acceptable description, or NULL */
} vague_term;

/* Sorted by term (strcmp order) for binary search; a test checks it. */
static const vague_term TERMS[] = {
    {"accessories", ICS2 | CBP | PACT, "leather phone cases"},
    {"adapter", ICS2, "USB-C power adapters for laptops"},
    {"agricultural products", ICS2, "dried white beans"},
    {"aid consignment", ICS2, NULL},
    {"alcohol", ICS2, "red wine in bottles, 75 cl"},
    {"all kind of cargo", ICS2 | PACT, NULL},
    {"all kind of goods", ICS2 | PACT, NULL},
    {"animals", ICS2, "live ornamental fish"},
    {"apparel", ICS2, "women's cotton dresses"},
    {"appliances", ICS2, "electric kettles"},
    {"arms", ICS2, NULL},
    {"articles", ICS2 | PACT, NULL},
    {"artwork", ICS2, "oil paintings on canvas"},
    {"as ordered", ICS2, NULL},
    {"as per attached invoice", ICS2, NULL},
    {"attached manifest", ICS2, NULL},
    {"auto", ICS2, "car brake pads"},
    {"auto parts", ICS2, "car brake pads"},
    {"automobiles", ICS2, NULL},
    {"awb", PACT, NULL},
    {"baggage", ICS2 | PACT, NULL},
    {"bags", ICS2, "women's leather handbags"},
    {"battery", ICS2, "lithium-ion batteries for mobile phones"},
    {"bazaar goods", ICS2, NULL},
    {"biological substances", ICS2, NULL},
    {"birthday gifts", ICS2 | PACT, "children's wooden toy train"},
    {"bits", ICS2 | PACT, "steel drill bits"},
    {"blanket", CBP, "100% polyester blanket"},
    {"boards", ICS2, "printed circuit boards for computers"},
    {"box", PACT, NULL},
    {"boxes", ICS2, "empty corrugated cardboard boxes"},
    {"cables", ICS2, "USB charging cables"},
    {"caps", ICS2, "men's cotton baseball caps"},
    {"cards", ICS2, "paper greeting cards"},
    {"cartons", ICS2, NULL},
    {"case", ICS2 | PACT, "silicone phone cases"},
    {"charity", ICS2 | PACT, NULL},
    {"chemicals", ICS2 | CBP, "sodium bicarbonate, food grade"},
    {"cleaning products", ICS2, "dishwashing liquid"},
    {"clothes", ICS2, "women's cotton dresses"},
    {"clothing", ICS2, "women's cotton dresses"},
    {"cnsl", ICS2, NULL},
    {"collected items", ICS2 | PACT, NULL},
    {"commodity", ICS2 | PACT, NULL},
    {"component", ICS2 | PACT, "electronic resistors"},
    {"consol", ICS2 | PACT, NULL},
    {"consolidated", ICS2 | CBP, NULL},
    {"consolidated cargo", ICS2, NULL},
    {"consolidated goods", ICS2, NULL},
    {"consolidation", ICS2 | PACT, NULL},
    {"consumer", ICS2 | PACT, NULL},
    {"courier", ICS2, NULL},
    {"courier bags", ICS2, NULL},
    {"courier goods", ICS2, NULL},
    {"courier material", ICS2, NULL},
    {"daily necessities", CBP, "toothbrushes and toothpaste"},
    {"dangerous goods", ICS2, NULL},
    {"decorations", ICS2, "glass Christmas tree ornaments"},
    {"decorative crafts", ICS2, "hand-carved wooden figurines"},
    {"decorative items", ICS2, "ceramic vases"},
    {"didactic articles", ICS2, "children's picture books"},
    {"docs", ICS2, "printed contract documents"},
    {"documentations", ICS2, "printed contract documents"},
    {"documents", ICS2, "printed contract documents"},
    {"dox", ICS2, "printed contract documents"},
    {"drugs", ICS2, "paracetamol tablets, 500 mg"},
    {"drums", ICS2, NULL},
    {"e commerce", ICS2, NULL},
    {"electronic equipment", ICS2, "mobile telephones"},
    {"electronic goods", ICS2 | CBP, "mobile telephones"},
    {"electronic items", ICS2, "mobile telephones"},
    {"electronics", ICS2, "mobile telephones"},
    {"eqp", PACT, NULL},
    {"equipment", ICS2 | PACT, "metal working machinery"},
    {"exhibition goods", ICS2, NULL},
    {"express", ICS2, NULL},
    {"fak", CBP | PACT, NULL},
    {"firearm", ICS2, NULL},
    {"fish", ICS2, "frozen salmon fillets"},
    {"food", ICS2 | CBP, "canned tuna"},
    {"food stuffs", CBP, "canned tuna"},
    {"foodstuff", ICS2 | CBP, "canned tuna"},
    {"footwear", ICS2, "men's leather shoes"},
    {"freight all kinds", ICS2 | CBP | PACT, NULL},
    {"fresh fruit", ICS2, "fresh apples"},
    {"fresh herbs", ICS2, "fresh basil"},
    {"fresh plants", ICS2, "live rose bushes"},
    {"fresh vegetable", ICS2, "fresh tomatoes"},
    {"from upu postal", ICS2 | PACT, NULL},
    {"fruit", ICS2, "fresh apples"},
    {"fruit products", ICS2, "strawberry jam"},
    {"fruit pulp", ICS2, "mango pulp, canned"},
    {"fuel", ICS2, NULL},
    {"garments", ICS2, "women's cotton dresses"},
    {"gds", PACT, NULL},
    {"general cargo", ICS2, NULL},
    {"gift", ICS2 | CBP | PACT, "children's wooden toy train"},
    {"gift box", PACT, "gift box of assorted dark chocolates"},
    {"gizmos", PACT, NULL},
    {"goods", PACT, NULL},
    {"hawb", PACT, NULL},
    {"invoice", PACT, NULL},
    {"items", ICS2, NULL},
    {"joint shipping", PACT, NULL},
    {"label", PACT, "printed self-adhesive paper labels"},
    {"likewise", PACT, NULL},
    {"line", PACT, NULL},
    {"machinery", ICS2 | CBP, "metal working machinery"},
    {"mail", PACT, NULL},
    {"materials", PACT, "cotton fabric, woven"},
    {"merc", PACT, NULL},
    {"merchandise", PACT, NULL},
    {"misc", PACT, NULL},
    {"miscellaneous products", PACT, NULL},
    {"mix", PACT, NULL},
    {"mixed", PACT, NULL},
    {"model", PACT, "plastic scale model kits"},
    {"odd parts", PACT, NULL},
    {"others", PACT, NULL},
    {"pad", PACT, "car brake pads"},
    {"pallets", PACT, NULL},
    {"parcel", PACT, NULL},
    {"parts", CBP | PACT, "bicycle brake pads"},
    {"party accessories", ICS2, "latex party balloons"},
    {"pces", PACT, NULL},
    {"personal effects", PACT, "used clothing and books, personal effects"},
    {"pieces", PACT, NULL},
    {"plt", PACT, NULL},
    {"pre addressed parcel", PACT, NULL},
    {"private things", PACT, NULL},
    {"products", PACT, NULL},
    {"returned goods", PACT, NULL},
    {"said to contain", CBP | PACT, NULL},
    {"sample", ICS2 | PACT, "sample of cotton fabric, woven"},
    {"samples for analysis", PACT, "soil samples for laboratory analysis"},
    {"scrap", PACT, "copper wire scrap"},
    {"see invoice", ICS2, NULL},
    {"several", PACT, NULL},
    {"several goods", PACT, NULL},
    {"shoes", ICS2, "men's leather shoes"},
    {"souvenirs", PACT, "ceramic fridge magnets"},
    {"spare", PACT, "bicycle brake pads"},
    {"spare parts", PACT, "bicycle brake pads"},
    {"sporting goods", PACT, "tennis rackets"},
    {"sppt", PACT, NULL},
    {"stc", CBP | PACT, NULL},
    {"stuff", ICS2 | PACT, NULL},
    {"substance", PACT, NULL},
    {"textiles", ICS2, "cotton bed sheets"},
    {"things", PACT, NULL},
    {"tools", ICS2, "hand-operated screwdrivers"},
    {"toys", PACT, "plastic building blocks"},
    {"various", PACT, NULL},
    {"various goods", ICS2 | PACT, NULL},
    {"various products", PACT, NULL},
    {"vegetables", ICS2, "fresh tomatoes"},
    {"white goods", PACT, "household washing machines"},
};

#define TERM_COUNT (sizeof TERMS / sizeof TERMS[0])
#define TERM_LONGEST 23 /* "as per attached invoice"; checked by a test */
/* A singular or plural is at most 2 bytes shorter than the description, so
 * longer descriptions cannot be a bare term. */
#define DESC_MAX (TERM_LONGEST + 2)
/* Every form tried shares all but the last 3 bytes of the description (see
 * vague()); once this many bytes are out, the first ones are looked up and
 * a description that no term starts like is dropped without reading on. */
#define PREFIX_AT 8

/* Every term's first 3 bytes, packed by K3 and sorted; a test checks that
 * none is missing. A description of 6 bytes or more that starts otherwise
 * is dropped after 6 bytes, at the cost of a few comparisons of integers
 * (the forms tried keep all but its last 3 bytes, see vague()). */
#define K3(a, b, c) ((uint32_t)(a) << 16 | (uint32_t)(b) << 8 | (uint32_t)(c))
#define PREFIX3_AT 6
/* clang-format off */
static const uint32_t PREFIX3[] = {
    K3('a', 'c', 'c'), K3('a', 'd', 'a'), K3('a', 'g', 'r'), K3('a', 'i', 'd'),
    K3('a', 'l', 'c'), K3('a', 'l', 'l'), K3('a', 'n', 'i'), K3('a', 'p', 'p'),
    K3('a', 'r', 'm'), K3('a', 'r', 't'), K3('a', 's', ' '), K3('a', 't', 't'),
    K3('a', 'u', 't'), K3('a', 'w', 'b'), K3('b', 'a', 'g'), K3('b', 'a', 't'),
    K3('b', 'a', 'z'), K3('b', 'i', 'o'), K3('b', 'i', 'r'), K3('b', 'i', 't'),
    K3('b', 'l', 'a'), K3('b', 'o', 'a'), K3('b', 'o', 'x'), K3('c', 'a', 'b'),
    K3('c', 'a', 'p'), K3('c', 'a', 'r'), K3('c', 'a', 's'), K3('c', 'h', 'a'),
    K3('c', 'h', 'e'), K3('c', 'l', 'e'), K3('c', 'l', 'o'), K3('c', 'n', 's'),
    K3('c', 'o', 'l'), K3('c', 'o', 'm'), K3('c', 'o', 'n'), K3('c', 'o', 'u'),
    K3('d', 'a', 'i'), K3('d', 'a', 'n'), K3('d', 'e', 'c'), K3('d', 'i', 'd'),
    K3('d', 'o', 'c'), K3('d', 'o', 'x'), K3('d', 'r', 'u'), K3('e', ' ', 'c'),
    K3('e', 'l', 'e'), K3('e', 'q', 'p'), K3('e', 'q', 'u'), K3('e', 'x', 'h'),
    K3('e', 'x', 'p'), K3('f', 'a', 'k'), K3('f', 'i', 'r'), K3('f', 'i', 's'),
    K3('f', 'o', 'o'), K3('f', 'r', 'e'), K3('f', 'r', 'o'), K3('f', 'r', 'u'),
    K3('f', 'u', 'e'), K3('g', 'a', 'r'), K3('g', 'd', 's'), K3('g', 'e', 'n'),
    K3('g', 'i', 'f'), K3('g', 'i', 'z'), K3('g', 'o', 'o'), K3('h', 'a', 'w'),
    K3('i', 'n', 'v'), K3('i', 't', 'e'), K3('j', 'o', 'i'), K3('l', 'a', 'b'),
    K3('l', 'i', 'k'), K3('l', 'i', 'n'), K3('m', 'a', 'c'), K3('m', 'a', 'i'),
    K3('m', 'a', 't'), K3('m', 'e', 'r'), K3('m', 'i', 's'), K3('m', 'i', 'x'),
    K3('m', 'o', 'd'), K3('o', 'd', 'd'), K3('o', 't', 'h'), K3('p', 'a', 'd'),
    K3('p', 'a', 'l'), K3('p', 'a', 'r'), K3('p', 'c', 'e'), K3('p', 'e', 'r'),
    K3('p', 'i', 'e'), K3('p', 'l', 't'), K3('p', 'r', 'e'), K3('p', 'r', 'i'),
    K3('p', 'r', 'o'), K3('r', 'e', 't'), K3('s', 'a', 'i'), K3('s', 'a', 'm'),
    K3('s', 'c', 'r'), K3('s', 'e', 'e'), K3('s', 'e', 'v'), K3('s', 'h', 'o'),
    K3('s', 'o', 'u'), K3('s', 'p', 'a'), K3('s', 'p', 'o'), K3('s', 'p', 'p'),
    K3('s', 't', 'c'), K3('s', 't', 'u'), K3('s', 'u', 'b'), K3('t', 'e', 'x'),
    K3('t', 'h', 'i'), K3('t', 'o', 'o'), K3('t', 'o', 'y'), K3('v', 'a', 'r'),
    K3('v', 'e', 'g'), K3('w', 'h', 'i'),
};
/* clang-format on */
#define PREFIX3_COUNT (sizeof PREFIX3 / sizeof PREFIX3[0])

/* Where the prefixes of each first letter start in PREFIX3 (and, last,
 * where they end); a test checks it. */
static const uint8_t PREFIX3_FROM[27] = {
    0,  14, 23, 36, 43, 49,  57,  63,  64,  66,  67,  67,  70, 77,
    77, 79, 89, 89, 90, 103, 107, 107, 109, 110, 110, 110, 110};

/* Whether some term starts with the 3 bytes at s: a few comparisons among
 * the prefixes of its first letter (every term starts with one). */
static bool prefix3_known(const char *s) {
  const unsigned char *u = (const unsigned char *)s;
  if (u[0] < 'a' || u[0] > 'z')
    return false;
  uint32_t k = K3(u[0], u[1], u[2]);
  for (size_t i = PREFIX3_FROM[u[0] - 'a']; i < PREFIX3_FROM[u[0] - 'a' + 1];
       i++)
    if (PREFIX3[i] >= k)
      return PREFIX3[i] == k;
  return false;
}

/* ASCII letters and digits in lower case; 0 for every other ASCII byte. */
#define LETTER(c) [(c) - 'a' + 'A'] = (c), [(c)] = (c)
/* clang-format off */
static const unsigned char ASCII_WORD[128] = {
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

/* Compares s[0..n) with the NUL-terminated term without strlen; with
 * `prefix`, a term that starts with s[0..n) compares equal. */
static int term_cmp(const char *s, size_t n, const char *term, bool prefix) {
  const unsigned char *t = (const unsigned char *)term;
  size_t k = 0;
  for (; k < n && t[k]; k++) {
    int cmp = (unsigned char)s[k] - t[k];
    if (cmp)
      return cmp;
  }
  return k < n ? 1 : t[k] && !prefix ? -1 : 0;
}

static const vague_term *find(const char *s, size_t n) {
  size_t lo = 0, hi = TERM_COUNT;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int cmp = term_cmp(s, n, TERMS[mid].term, false);
    if (cmp == 0)
      return &TERMS[mid];
    if (cmp < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  return NULL;
}

/* Whether some term starts with s[0..n). */
static bool term_starts(const char *s, size_t n) {
  size_t lo = 0, hi = TERM_COUNT;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int cmp = term_cmp(s, n, TERMS[mid].term, true);
    if (cmp == 0)
      return true;
    if (cmp < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  return false;
}

/* Whether some term may still start like out[0..n), looked at when n
 * reaches PREFIX3_AT and PREFIX_AT. */
static bool known_so_far(const char *out, size_t n) {
  if (n == PREFIX3_AT)
    return prefix3_known(out);
  if (n == PREFIX_AT)
    return term_starts(out, PREFIX_AT - 3);
  return true;
}

/* Lower-cases ASCII letters, turns every other ASCII character that is not
 * a letter or a digit into a word break, and collapses breaks. Returns the
 * length, or 0 when the result would be longer than DESC_MAX or starts
 * like no term (so no term can match). */
static size_t normalise(const char *p, size_t len, char *out) {
  size_t n = 0;
  bool gap = false;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)p[i];
    if (c < 0x80) {
      c = ASCII_WORD[c];
      if (!c) {
        gap = n > 0;
        continue;
      }
    }
    if (gap) {
      if (n == DESC_MAX)
        return 0;
      out[n++] = ' ';
      gap = false;
      if (!known_so_far(out, n))
        return 0;
    }
    if (n == DESC_MAX)
      return 0;
    out[n++] = (char)c;
    if (!known_so_far(out, n))
      return 0;
  }
  return n;
}

/* The vague term a description is, if it is one: the term itself, or its
 * plural or singular ("part" and "parts", "battery" and "batteries",
 * "box" and "boxes"). */
static const vague_term *vague(const char *p, size_t len) {
  char s[DESC_MAX + 3];
  size_t n = normalise(p, len, s);
  if (n == 0)
    return NULL;
  /* Each form below keeps s[0..n-3): without a term that starts so, none
   * can match. */
  if (n > PREFIX_AT && !term_starts(s, n - 3))
    return NULL;
  const vague_term *t = find(s, n);
  if (t)
    return t;
  /* Plural to singular. */
  if (n > 1 && s[n - 1] == 's' && (t = find(s, n - 1)))
    return t;
  if (n > 2 && s[n - 1] == 's' && s[n - 2] == 'e' && (t = find(s, n - 2)))
    return t;
  if (n > 3 && memcmp(s + n - 3, "ies", 3) == 0) {
    s[n - 3] = 'y';
    t = find(s, n - 2);
    memcpy(s + n - 3, "ies", 3);
    if (t)
      return t;
  }
  /* Singular to plural. */
  s[n] = 's';
  if ((t = find(s, n + 1)))
    return t;
  memcpy(s + n, "es", 2);
  if ((t = find(s, n + 2)))
    return t;
  if (s[n - 1] == 'y') {
    memcpy(s + n - 1, "ies", 3);
    if ((t = find(s, n + 2)))
      return t;
  }
  return NULL;
}

static void list_names(unsigned lists, char *out, size_t cap) {
  static const char *const NAMES[] = {"EU ICS2 stop words",
                                      "US CBP vague descriptions",
                                      "Canada PACT unacceptable descriptions"};
  size_t n = 0;
  out[0] = '\0';
  for (int i = 0; i < 3; i++) {
    if (!(lists & (1u << i)))
      continue;
    int k = snprintf(out + n, cap - n, "%s%s", n ? ", " : "", NAMES[i]);
    if (k < 0 || (size_t)k >= cap - n)
      return;
    n += (size_t)k;
  }
}

sdq_status check_vague_descriptions(check_ctx *c) {
  const rule_params *rp = &c->profile->rules[RULE_RISK_VAGUE_DESCRIPTION];
  if (!rp->enabled)
    return SDQ_OK;
  const sdq_record *r = c->rec;
  for (size_t i = 0; i < r->item_count; i++) {
    if (c->res->facts.items[i].state[SDQ_FIELD_DESCRIPTION -
                                     SDQ_ITEM_FIELD_BASE] != FIELD_PRESENT)
      continue;
    sdq_view v = item_get(&r->items[i], SDQ_FIELD_DESCRIPTION);
    const vague_term *t = vague(v.ptr, v.len);
    if (!t)
      continue;
    char lists[128];
    list_names(t->lists, lists, sizeof lists);
    sdq_status st = result_add(
        c->res, RULE_RISK_VAGUE_DESCRIPTION, rp->severity, rp->weight,
        SDQ_FIELD_DESCRIPTION, (int32_t)i, &v,
        "description \"%.*s\" is only the general term \"%s\" (%s); say what "
        "the goods are, of what, for what: e.g. \"%s\"",
        CLIP(v.ptr, v.len, 40), t->term, lists,
        t->example ? t->example : "men's cotton T-shirts");
    if (st != SDQ_OK)
      return st;
  }
  return SDQ_OK;
}

bool vague_terms_sorted(void) {
  for (size_t i = 0; i < TERM_COUNT; i++)
    if ((i && strcmp(TERMS[i - 1].term, TERMS[i].term) >= 0) ||
        strlen(TERMS[i].term) > TERM_LONGEST || strlen(TERMS[i].term) < 3 ||
        !prefix3_known(TERMS[i].term))
      return false;
  for (size_t i = 1; i < PREFIX3_COUNT; i++)
    if (PREFIX3[i - 1] >= PREFIX3[i])
      return false;
  for (size_t c = 0; c < 26; c++)
    for (size_t i = PREFIX3_FROM[c]; i < PREFIX3_FROM[c + 1]; i++)
      if (PREFIX3[i] >> 16 != 'a' + c)
        return false;
  return PREFIX3_FROM[0] == 0 && PREFIX3_FROM[26] == PREFIX3_COUNT;
}
