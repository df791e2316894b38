/*
 * sdq gen — synthetic e-commerce consignments for tests and benchmarks.
 *
 * Writes N consignments in the layout of examples/data/sample.csv (one row
 * per item, 37 columns) or sample.ndjson (one object per consignment, items
 * in "items"). Every clean consignment passes the built-in profiles with
 * no warning or error: ids with correct check digits and unique in the
 * batch, postcodes in their country's format, UN/LOCODEs in the right
 * countries, HS codes valid in both HS 2017 and HS 2022, values that add up
 * in the currency's minor units, net weights under the gross weight, dates
 * in order, and values clear of the risk rules (not just under a value
 * threshold, gifts only from private persons, origin equal to the seller's
 * or departure country, no buyer receiving several consignments from one
 * seller, values per kg near each good's typical value).
 *
 * With --defect-rate R each consignment carries, with probability R,
 * exactly one defect, drawn uniformly from the classes whose rule the
 * linked library has; each class is made to be caught by its one rule and
 * no other. A split-shipment defect is a group of three consignments in a
 * row, the third of which completes the pattern and carries the defect;
 * watch-list defects need --watchlist FILE, which writes the fictitious
 * parties they use for `sdq check --watchlist FILE`. --manifest lists the
 * defects: record,shipment_id,item,field,rule (record is the consignment's
 * 1-based number, item its 0-based index, empty for the consignment).
 *
 * Ids stay unique up to 10 million express consignments per carrier and
 * 100 million postal items per country (ids then repeat).
 *
 * Deterministic for a seed (splitmix64; no rand(), no clock). Records are
 * built in memory and written in large blocks.
 */
#include "gen.h"

#include "sdq.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- random numbers (splitmix64) ----------------------------------------- */

typedef struct rng {
  uint64_t s;
} rng;

static uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static uint64_t rnext(rng *r) {
  r->s += UINT64_C(0x9e3779b97f4a7c15);
  return mix64(r->s);
}

static rng rseed(uint64_t a, uint64_t b) {
  rng r = {mix64(a ^ mix64(b + UINT64_C(0x632be59bd9b4e019)))};
  return r;
}

/* Uniform in 0 .. n-1 (n > 0). */
static uint32_t below(rng *r, uint32_t n) {
  return (uint32_t)(((rnext(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in lo .. hi inclusive. */
static int irange(rng *r, int lo, int hi) {
  return lo + (int)below(r, (uint32_t)(hi - lo + 1));
}

static double unit(rng *r) { return (double)(rnext(r) >> 11) * 0x1.0p-53; }

static double urange(rng *r, double lo, double hi) {
  return lo + (hi - lo) * unit(r);
}

static bool chance(rng *r, double p) { return unit(r) < p; }

/* ---- reference tables ---------------------------------------------------- */

typedef struct list {
  const char *const *v;
  int n;
} list;

#define LIST(...)                                                              \
  {                                                                            \
    (const char *const[]){__VA_ARGS__},                                        \
        (int)(sizeof((const char *const[]){__VA_ARGS__}) / sizeof(char *))     \
  }
#define NOLIST                                                                 \
  { NULL, 0 }

static const char *pick(rng *r, list l) { return l.v[below(r, (uint32_t)l.n)]; }

/* Lines of goods a seller specialises in. */
enum {
  L_AP, /* apparel */
  L_SB, /* shoes and bags */
  L_JW, /* jewellery and accessories */
  L_EL, /* electronics */
  L_PC, /* computer */
  L_HK, /* home and kitchen */
  L_HT, /* home textiles */
  L_TY, /* toys and games */
  L_BE, /* beauty */
  L_FD, /* food and tea */
  L_SP, /* sports and outdoor */
  L_PT, /* pets */
  L_MU, /* music and crafts */
  L_BK, /* books and stationery */
  L_DC, /* decoration */
  L_XX, /* documents only */
  L_COUNT
};

/* A kind of goods: a precise description, an HS subheading valid in both
 * HS 2017 and HS 2022, a subheading of the same heading that is in
 * neither, the typical unit price (EUR) and unit net weight (kg), the
 * largest quantity of a line, the line, and the seller countries it comes
 * from (empty: any that has the line). Goods of one HS heading have
 * typical values per kg within a factor 3 of each other. */
typedef struct good {
  const char *desc, *hs, *bad_hs;
  double eur, kg;
  int maxq, line;
  const char *only;
} good;

static const good GOODS[] = {
    {"Men's cotton T-shirt, short sleeve", "610910", "610999", 15.00, 0.180, 3,
     L_AP, ""},
    {"Women's cotton T-shirt, printed", "610910", "610999", 13.00, 0.160, 3,
     L_AP, ""},
    {"Men's cotton polo shirt, knitted", "610510", "610599", 22.00, 0.240, 2,
     L_AP, ""},
    {"Women's polyester dress, knitted", "610443", "610499", 28.00, 0.300, 2,
     L_AP, ""},
    {"Baby bodysuits, cotton, knitted, pack of 3", "611120", "611199", 14.00,
     0.200, 2, L_AP, ""},
    {"Men's cotton hoodie, fleece lined", "611020", "611099", 30.00, 0.550, 2,
     L_AP, ""},
    {"Women's wool cardigan, knitted", "611011", "611099", 55.00, 0.450, 1,
     L_AP, ""},
    {"Men's denim jeans, cotton", "620342", "620399", 40.00, 0.650, 2, L_AP,
     ""},
    {"Women's cotton blouse, woven", "620630", "620699", 25.00, 0.200, 2, L_AP,
     ""},
    {"Women's cotton kurta dress, block printed", "620442", "620499", 30.00,
     0.280, 2, L_AP, "IN"},
    {"Men's polyester running shorts, woven", "620343", "620399", 18.00, 0.150,
     3, L_AP, ""},
    {"Women's leggings, polyester, knitted", "610463", "610499", 15.00, 0.200,
     3, L_AP, ""},
    {"Men's cotton socks, pack of 5", "611595", "611598", 10.00, 0.250, 3, L_AP,
     ""},
    {"Cotton baseball cap, embroidered", "650500", "650599", 12.00, 0.100, 3,
     L_AP, ""},
    {"Knitted lambswool scarf", "611710", "611799", 45.00, 0.160, 2, L_AP, ""},
    {"Silk scarf, hand-painted, 90 x 90 cm", "621410", "621499", 40.00, 0.065,
     2, L_AP, "CNVNINTR"},
    {"Pashmina shawl, 100% cashmere", "621420", "621499", 90.00, 0.160, 2, L_AP,
     "IN"},
    {"Cycling gloves, synthetic, knitted", "611693", "611698", 15.00, 0.070, 2,
     L_SP, ""},
    {"Men's running shoes, textile upper, rubber sole", "640411", "640499",
     70.00, 0.750, 1, L_SB, ""},
    {"Women's leather ankle boots", "640391", "640398", 100.00, 1.100, 1, L_SB,
     ""},
    {"Children's rubber rain boots", "640192", "640198", 20.00, 0.600, 1, L_SB,
     ""},
    {"Flip-flops, rubber sole and straps", "640220", "640298", 8.00, 0.250, 3,
     L_SB, ""},
    {"Women's leather handbag", "420221", "420298", 120.00, 0.750, 1, L_SB, ""},
    {"Laptop backpack, polyester, 15.6 inch", "420292", "420298", 45.00, 0.700,
     1, L_SB, ""},
    {"Men's leather wallet, bifold", "420231", "420298", 25.00, 0.150, 2, L_SB,
     ""},
    {"Tablet sleeve, neoprene, 11 inch", "420232", "420298", 14.00, 0.150, 2,
     L_EL, ""},
    {"Men's leather belt, 35 mm", "420330", "420399", 25.00, 0.200, 2, L_SB,
     ""},
    {"Sunglasses, polarised, plastic frame", "900410", "900499", 22.00, 0.045,
     2, L_JW, ""},
    {"Quartz wrist watch, stainless steel case", "910211", "910298", 90.00,
     0.090, 1, L_JW, ""},
    {"Sterling silver necklace, 925", "711311", "711399", 60.00, 0.022, 2, L_JW,
     ""},
    {"Sterling silver ring with cubic zirconia", "711311", "711399", 35.00,
     0.012, 2, L_JW, ""},
    {"Fashion earrings, base metal, gold-plated", "711719", "711799", 8.00,
     0.022, 3, L_JW, ""},
    {"Cufflinks, stainless steel, pair", "711711", "711799", 20.00, 0.030, 2,
     L_JW, ""},
    {"Hair clips, plastic, set of 6", "961519", "961599", 6.00, 0.050, 3, L_JW,
     ""},
    {"Folding umbrella, windproof, telescopic shaft", "660191", "660198", 15.00,
     0.380, 2, L_JW, ""},
    {"Bluetooth wireless earphones", "851830", "851899", 45.00, 0.100, 2, L_EL,
     ""},
    {"Over-ear headphones, wired, foldable", "851830", "851899", 45.00, 0.250,
     1, L_EL, ""},
    {"Phone case, silicone, for smartphones", "392690", "392699", 6.00, 0.035,
     3, L_EL, ""},
    {"USB-C charging cable, 1 m", "854442", "854499", 5.00, 0.035, 3, L_EL, ""},
    {"HDMI cable, 2 m, gold-plated connectors", "854442", "854499", 8.00, 0.100,
     3, L_PC, ""},
    {"Power bank, lithium-ion, 10000 mAh", "850760", "850799", 25.00, 0.250, 1,
     L_EL, ""},
    {"USB wall charger, 20 W", "850440", "850499", 14.00, 0.060, 2, L_EL, ""},
    {"Smart watch with heart-rate monitor", "851762", "851799", 90.00, 0.070, 1,
     L_EL, ""},
    {"microSD memory card, 64 GB", "852351", "852399", 12.00, 0.030, 3, L_EL,
     ""},
    {"USB flash drive, 128 GB", "852351", "852399", 15.00, 0.030, 3, L_PC, ""},
    {"Electric toothbrush, rechargeable", "850980", "850999", 40.00, 0.200, 1,
     L_BE, ""},
    {"Hair dryer, 1800 W, foldable", "851631", "851699", 30.00, 0.650, 1, L_BE,
     ""},
    {"Hair straightener, ceramic plates", "851632", "851699", 30.00, 0.400, 1,
     L_BE, ""},
    {"Electric shaver, rotary, cordless", "851010", "851099", 50.00, 0.300, 1,
     L_EL, ""},
    {"Rechargeable AA batteries, NiMH, pack of 4", "850750", "850799", 12.00,
     0.110, 3, L_EL, ""},
    {"Smartphone tripod with remote shutter", "962000", "962099", 15.00, 0.250,
     1, L_EL, ""},
    {"Camping headlamp, LED, rechargeable", "851310", "851399", 20.00, 0.100, 2,
     L_SP, ""},
    {"Wireless computer mouse", "847160", "847199", 25.00, 0.120, 2, L_PC, ""},
    {"Mechanical keyboard, USB", "847160", "847199", 80.00, 0.750, 1, L_PC, ""},
    {"Graphics drawing tablet, USB", "847160", "847199", 70.00, 0.500, 1, L_PC,
     ""},
    {"External hard drive, 2 TB, USB 3.0", "847170", "847199", 60.00, 0.250, 1,
     L_PC, ""},
    {"Laptop stand, aluminium, adjustable", "761699", "761698", 30.00, 1.000, 1,
     L_PC, ""},
    {"Stainless steel kitchen knife set", "821110", "821199", 60.00, 1.200, 1,
     L_HK, ""},
    {"Stainless steel cutlery set, 24 pieces", "821520", "821598", 40.00, 1.600,
     1, L_HK, ""},
    {"Non-stick frying pan, aluminium, 28 cm", "761510", "761599", 30.00, 1.100,
     1, L_HK, ""},
    {"Stainless steel water bottle, vacuum insulated, 750 ml", "961700",
     "961799", 20.00, 0.350, 2, L_HK, ""},
    {"Ceramic coffee mugs, set of 4", "691200", "691299", 24.00, 1.400, 1, L_HK,
     ""},
    {"Espresso cups, porcelain, set of 2", "691110", "691199", 18.00, 0.400, 2,
     L_HK, ""},
    {"Silicone baking mat, 40 x 30 cm", "392410", "392499", 8.00, 0.120, 3,
     L_HK, ""},
    {"Digital kitchen scale, 5 kg", "842310", "842399", 20.00, 0.500, 1, L_HK,
     ""},
    {"Glass food storage containers, set of 5", "701349", "701398", 30.00,
     2.000, 1, L_HK, ""},
    {"Bamboo cutting board, 38 x 28 cm", "441911", "441999", 18.00, 0.900, 1,
     L_HK, ""},
    {"Manual coffee grinder, ceramic burr", "821000", "821099", 30.00, 0.500, 1,
     L_HK, ""},
    {"Cotton bath towels, terry, set of 2", "630260", "630298", 30.00, 1.000, 2,
     L_HT, ""},
    {"Bed sheet set, polyester microfibre", "630232", "630298", 28.00, 1.000, 1,
     L_HT, ""},
    {"Cushion covers, cotton, 45 x 45 cm, pack of 2", "630492", "630498", 14.00,
     0.250, 2, L_HT, ""},
    {"Fleece blanket, polyester, 150 x 200 cm", "630140", "630199", 20.00,
     0.900, 1, L_HT, ""},
    {"Blackout curtains, polyester, pair", "630392", "630398", 35.00, 1.300, 1,
     L_HT, ""},
    {"Children's plastic building blocks", "950300", "950399", 30.00, 0.700, 2,
     L_TY, ""},
    {"Plush teddy bear, 30 cm", "950300", "950399", 15.00, 0.280, 2, L_TY, ""},
    {"Jigsaw puzzle, 1000 pieces, cardboard", "950300", "950399", 15.00, 0.650,
     2, L_TY, ""},
    {"Remote control car, 1:16 scale", "950300", "950399", 40.00, 0.900, 1,
     L_TY, ""},
    {"Board game, family strategy", "950490", "950499", 30.00, 1.100, 1, L_TY,
     ""},
    {"Chess set, wooden, folding board", "950490", "950499", 35.00, 1.200, 1,
     L_TY, ""},
    {"Playing cards, plastic coated, 2 decks", "950440", "950499", 8.00, 0.200,
     3, L_TY, ""},
    {"Christmas tree ornaments, glass, set of 12", "950510", "950599", 20.00,
     0.600, 2, L_DC, ""},
    {"Lipstick, matte finish", "330410", "330498", 14.00, 0.050, 3, L_BE, ""},
    {"Face moisturising cream, 50 ml", "330499", "330498", 25.00, 0.100, 3,
     L_BE, ""},
    {"Sheet face masks, hydrating, pack of 5", "330499", "330498", 14.00, 0.130,
     3, L_BE, "KRCNJP"},
    {"Eye shadow palette, 12 colours", "330420", "330498", 18.00, 0.120, 2,
     L_BE, ""},
    {"Nail polish, 15 ml", "330430", "330498", 7.00, 0.060, 3, L_BE, ""},
    {"Shampoo with argan oil, 400 ml", "330510", "330599", 10.00, 0.450, 3,
     L_BE, ""},
    {"Eau de parfum, 50 ml", "330300", "330399", 60.00, 0.250, 1, L_BE, ""},
    {"Makeup brush set, synthetic bristles, 12 pieces", "960330", "960399",
     15.00, 0.200, 2, L_BE, ""},
    {"Green tea, loose leaf, 100 g", "090210", "090299", 15.00, 0.110, 3, L_FD,
     "CNJPKRVNIN"},
    {"Matcha green tea powder, 100 g", "090210", "090299", 30.00, 0.110, 3,
     L_FD, "JPCN"},
    {"Black tea, Darjeeling first flush, 100 g", "090230", "090299", 12.00,
     0.110, 3, L_FD, "INGBCNTR"},
    {"Roasted coffee beans, arabica, 500 g", "090121", "090199", 16.00, 0.510,
     3, L_FD, "VNUSDEGBIN"},
    {"Turkish delight, rose flavour, 500 g", "170490", "170499", 13.00, 0.520,
     3, L_FD, "TR"},
    {"Vitamin C tablets, 1000 mg, 60 count", "210690", "210699", 12.00, 0.120,
     3, L_FD, "USDEGBKRJP"},
    {"Dark chocolate bars, 70% cocoa, 4 x 100 g", "180632", "180699", 14.00,
     0.420, 3, L_FD, "DEGBUSTR"},
    {"Dried mango slices, 200 g", "080450", "080499", 6.00, 0.210, 3, L_FD,
     "VNIN"},
    {"Manuka honey, 250 g jar", "040900", "040999", 25.00, 0.400, 2, L_FD,
     "USGBDE"},
    {"Instant ramen noodles, pack of 5", "190230", "190299", 6.00, 0.600, 3,
     L_FD, "KRJPCN"},
    {"Garam masala spice mix, 100 g", "091091", "091098", 5.00, 0.110, 3, L_FD,
     "INGBUS"},
    {"Yoga mat, TPE, 6 mm", "950691", "950698", 25.00, 0.950, 1, L_SP, ""},
    {"Resistance bands, latex, set of 5", "950691", "950698", 15.00, 0.300, 2,
     L_SP, ""},
    {"Fishing reel, spinning, aluminium", "950730", "950799", 50.00, 0.300, 1,
     L_SP, ""},
    {"Fishing lures, set of 10", "950790", "950799", 12.00, 0.150, 3, L_SP, ""},
    {"Bicycle parts: brake pads, resin", "871494", "871498", 12.00, 0.075, 3,
     L_SP, ""},
    {"Bicycle helmet, adult, in-mould shell", "650610", "650698", 45.00, 0.350,
     1, L_SP, ""},
    {"Swimming goggles, anti-fog", "900490", "900499", 12.00, 0.050, 2, L_SP,
     ""},
    {"Tennis balls, pressurised, can of 3", "950661", "950698", 7.00, 0.200, 3,
     L_SP, ""},
    {"Dog collar, nylon, adjustable", "420100", "420199", 12.00, 0.070, 2, L_PT,
     ""},
    {"Dog lead, nylon, 2 m", "420100", "420199", 10.00, 0.120, 2, L_PT, ""},
    {"Pet bed, polyester filled, 60 cm", "940490", "940499", 35.00, 1.300, 1,
     L_PT, ""},
    {"Electric guitar strings, nickel-plated steel", "920930", "920998", 9.00,
     0.030, 3, L_MU, ""},
    {"Sheet music book, piano, printed", "490400", "490499", 15.00, 0.300, 2,
     L_MU, ""},
    {"Ukulele, soprano, mahogany", "920290", "920299", 45.00, 0.700, 1, L_MU,
     "CNUSJP"},
    {"Harmonica, 10-hole, key of C", "920590", "920599", 25.00, 0.100, 1, L_MU,
     "DECNJP"},
    {"Acrylic paint set, 24 colours", "321310", "321399", 18.00, 0.550, 2, L_MU,
     ""},
    {"Knitting yarn, merino wool, 100 g", "510910", "510999", 9.00, 0.100, 3,
     L_MU, "GBTRUSDECN"},
    {"Paperback novel, English edition", "490199", "490198", 12.00, 0.350, 3,
     L_BK, ""},
    {"Ballpoint pens, metal, pack of 5", "960810", "960898", 12.00, 0.100, 3,
     L_BK, ""},
    {"Fountain pen, steel nib, in gift box", "960830", "960898", 30.00, 0.100,
     1, L_BK, ""},
    {"Notebook, A5, dotted pages, hardcover", "482020", "482099", 12.00, 0.300,
     3, L_BK, ""},
    {"Children's picture book, hardcover", "490300", "490399", 14.00, 0.400, 2,
     L_BK, ""},
    {"Wall calendar, printed, 30 x 30 cm", "491000", "491099", 12.00, 0.400, 2,
     L_BK, ""},
    {"Printed contract documents, signed originals", "490199", "490198", 2.00,
     0.060, 1, L_XX, ""},
    {"Scented candle, soy wax, 200 g", "340600", "340699", 18.00, 0.400, 3,
     L_DC, ""},
    {"Artificial flowers, plastic, bouquet", "670210", "670299", 12.00, 0.180,
     3, L_DC, ""},
    {"Metal photo frame, 13 x 18 cm", "830630", "830699", 12.00, 0.300, 2, L_DC,
     ""},
    {"Ceramic flower vase, glazed", "691390", "691399", 25.00, 0.800, 1, L_DC,
     ""},
    {"Wall clock, quartz movement, 30 cm", "910521", "910598", 25.00, 0.700, 1,
     L_DC, ""},
    {"Incense sticks, sandalwood, pack of 50", "330741", "330799", 5.00, 0.100,
     3, L_DC, ""},
    {"Handwoven cotton rug, 120 x 180 cm", "570500", "570599", 60.00, 3.000, 1,
     L_DC, ""},
};
#define GOOD_COUNT ((int)COUNT(GOODS))

/* Currencies: ISO 4217 code, minor units, units per EUR (the indicative
 * rates of the built-in profiles), and the price step of currencies
 * without decimals. */
typedef struct currency {
  const char *code;
  int decimals;
  double per_eur;
  int step;
} currency;

enum {
  K_EUR,
  K_USD,
  K_GBP,
  K_CNY,
  K_HKD,
  K_JPY,
  K_KRW,
  K_INR,
  K_VND,
  K_TRY,
  K_PLN,
  K_CZK,
  K_SEK,
  K_DKK,
  K_CAD,
  K_AUD,
  K_COUNT
};

static const currency CURRENCIES[K_COUNT] = {
    [K_EUR] = {"EUR", 2, 1.0, 1},      [K_USD] = {"USD", 2, 1.17, 1},
    [K_GBP] = {"GBP", 2, 0.87, 1},     [K_CNY] = {"CNY", 2, 8.35, 1},
    [K_HKD] = {"HKD", 2, 9.1, 1},      [K_JPY] = {"JPY", 0, 173, 10},
    [K_KRW] = {"KRW", 0, 1640, 100},   [K_INR] = {"INR", 2, 103, 1},
    [K_VND] = {"VND", 0, 30800, 1000}, [K_TRY] = {"TRY", 2, 48.5, 1},
    [K_PLN] = {"PLN", 2, 4.27, 1},     [K_CZK] = {"CZK", 2, 24.3, 1},
    [K_SEK] = {"SEK", 2, 11.0, 1},     [K_DKK] = {"DKK", 2, 7.46, 1},
    [K_CAD] = {"CAD", 2, 1.63, 1},     [K_AUD] = {"AUD", 2, 1.78, 1},
};

static int64_t pow10i(int n) {
  int64_t p = 1;
  while (n-- > 0)
    p *= 10;
  return p;
}

/* A name with its ASCII form for e-mail addresses (NULL: fold the name),
 * or a native-script name with its romanisation. */
typedef struct pname {
  const char *s, *ascii;
} pname;

typedef struct pnames {
  const pname *v;
  int n;
} pnames;

#define PNAMES(...)                                                            \
  {                                                                            \
    (const pname[]){__VA_ARGS__},                                              \
        (int)(sizeof((const pname[]){__VA_ARGS__}) / sizeof(pname))            \
  }

/* A city: name, native-script name (or NULL), postcode patterns ('#' is a
 * random digit; each pattern matches the country's format), and street
 * patterns of its own (else the country's). Street patterns: {n} house
 * number 1-180, {m} 1-9, {k} 1-30, {a} 1-3, {A} a letter A-D. */
typedef struct city {
  const char *name, *native;
  list postcodes;
  list streets, streets_native;
} city;

typedef struct cities {
  const city *v;
  int n;
} cities;

#define CITIES(...)                                                            \
  {                                                                            \
    (const city[]){__VA_ARGS__},                                               \
        (int)(sizeof((const city[]){__VA_ARGS__}) / sizeof(city))              \
  }

enum { STYLE_WESTERN, STYLE_EAST, STYLE_CJK };

typedef struct country {
  const char *cc;
  int cur;
  bool eu;
  int style; /* WESTERN "First Last"; EAST "Last First"; CJK: native
                "LastFirst" (KR, CN) or "Last First" (JP), or romanised */
  pnames first, last;
  cities places;
  list streets;
  list mail;
  const char *phone_cc;
  list phone_pre;
  int phone_len;    /* national digits, prefix included */
  const char *post; /* postal operator, as carrier_id */
  list dep_air, dep_road, dep_sea, arr_air, arr_road, arr_sea;
  const char *alpha3, *english; /* for country-code defects */
  int swap;                     /* postcode format group for buyer swaps */
} country;

enum {
  C_DE,
  C_FR,
  C_NL,
  C_BE,
  C_PL,
  C_IT,
  C_ES,
  C_AT,
  C_SE,
  C_IE,
  C_CZ,
  C_PT,
  C_DK,
  C_FI,
  C_GB,
  C_US,
  C_CA,
  C_AU,
  C_KR,
  C_JP,
  C_CN,
  C_HK,
  C_TR,
  C_VN,
  C_IN,
  C_COUNT
};

static const country COUNTRIES[C_COUNT] = {
    [C_DE] = {"DE",
              K_EUR,
              true,
              STYLE_WESTERN,
              PNAMES({"Lukas", NULL}, {"Anna", NULL}, {"Jürgen", NULL},
                     {"Sophie", NULL}, {"Björn", NULL}, {"Lena", NULL},
                     {"Maximilian", NULL}, {"Hannah", NULL}, {"Felix", NULL},
                     {"Marie", NULL}, {"Jonas", NULL}, {"Katrin", NULL},
                     {"Uwe", NULL}, {"Sabine", NULL}, {"Tobias", NULL},
                     {"Julia", NULL}, {"Moritz", NULL}, {"Laura", NULL},
                     {"Dieter", NULL}, {"Ursula", NULL}, {"Niklas", NULL},
                     {"Franziska", NULL}),
              PNAMES({"Müller", NULL}, {"Schmidt", NULL}, {"Schneider", NULL},
                     {"Fischer", NULL}, {"Weber", NULL}, {"Schröder", NULL},
                     {"Becker", NULL}, {"Hoffmann", NULL}, {"Weiß", NULL},
                     {"Krüger", NULL}, {"Schäfer", NULL}, {"Wagner", NULL},
                     {"Koch", NULL}, {"Bauer", NULL}, {"Richter", NULL},
                     {"Klein", NULL}, {"Wolf", NULL}, {"Neumann", NULL},
                     {"Schwarz", NULL}, {"Zimmermann", NULL}, {"Braun", NULL},
                     {"Hartmann", NULL}),
              CITIES(
                  {"Berlin", NULL, LIST("10###", "12###", "13###"), NOLIST,
                   NOLIST},
                  {"München", NULL, LIST("80###", "81###"), NOLIST, NOLIST},
                  {"Hamburg", NULL, LIST("20###", "22###"), NOLIST, NOLIST},
                  {"Köln", NULL, LIST("50###", "51###"), NOLIST, NOLIST},
                  {"Frankfurt am Main", NULL, LIST("603##", "605##"), NOLIST,
                   NOLIST},
                  {"Leipzig", NULL, LIST("041##", "042##"), NOLIST, NOLIST},
                  {"Düsseldorf", NULL, LIST("402##", "404##"), NOLIST, NOLIST},
                  {"Stuttgart", NULL, LIST("701##", "705##"), NOLIST, NOLIST},
                  {"Nürnberg", NULL, LIST("904##"), NOLIST, NOLIST},
                  {"Dresden", NULL, LIST("010##"), NOLIST, NOLIST},
                  {"Bremen", NULL, LIST("281##", "282##"), NOLIST, NOLIST}),
              LIST("Hauptstraße {n}", "Goethestraße {n}", "Schillerstraße {n}",
                   "Bahnhofstraße {n}", "Lindenallee {n}", "Gartenweg {n}a",
                   "Friedrichstraße {n}", "Am Mühlbach {n}",
                   "Bergstraße {n}, Hinterhaus", "Kastanienweg {n}",
                   "Rosenstraße {n}"),
              LIST("gmx.de", "web.de", "gmail.com", "t-online.de", "posteo.de"),
              "49",
              LIST("151", "152", "157", "160", "170", "172", "176", "179"),
              10,
              "DEUTSCHE-POST",
              LIST("DEFRA", "DELEJ", "DECGN", "DEMUC"),
              LIST("DECGN", "DEHAM"),
              NOLIST,
              LIST("DEFRA", "DELEJ", "DECGN", "DEMUC"),
              LIST("DEMUC", "DECGN"),
              LIST("DEHAM"),
              "DEU",
              "Germany",
              1},
    [C_FR] =
        {"FR",
         K_EUR,
         true,
         STYLE_WESTERN,
         PNAMES({"Léa", NULL}, {"Chloé", NULL}, {"Hélène", NULL},
                {"Lucas", NULL}, {"Théo", NULL}, {"Camille", NULL},
                {"Manon", NULL}, {"Hugo", NULL}, {"Inès", NULL},
                {"Mathieu", NULL}, {"Émilie", NULL}, {"Jérôme", NULL},
                {"Nathalie", NULL}, {"Antoine", NULL}, {"Margaux", NULL},
                {"Bastien", NULL}, {"Céline", NULL}, {"François", NULL}),
         PNAMES({"Dubois", NULL}, {"Lefèvre", NULL}, {"Martin", NULL},
                {"Bernard", NULL}, {"Moreau", NULL}, {"Laurent", NULL},
                {"Girard", NULL}, {"Rousseau", NULL}, {"Fontaine", NULL},
                {"Mercier", NULL}, {"Lemaître", NULL}, {"Faure", NULL},
                {"Petit", NULL}, {"Durand", NULL}, {"Leroy", NULL},
                {"Garnier", NULL}, {"Chevalier", NULL}, {"Boyer", NULL}),
         CITIES({"Paris", NULL, LIST("7500#", "7501#"), NOLIST, NOLIST},
                {"Lyon", NULL, LIST("6900#"), NOLIST, NOLIST},
                {"Marseille", NULL, LIST("1300#", "1301#"), NOLIST, NOLIST},
                {"Toulouse", NULL,
                 LIST("31000", "31100", "31200", "31300", "31400", "31500"),
                 NOLIST, NOLIST},
                {"Nantes", NULL, LIST("44000", "44100", "44200", "44300"),
                 NOLIST, NOLIST},
                {"Lille", NULL, LIST("59000", "59800"), NOLIST, NOLIST},
                {"Bordeaux", NULL,
                 LIST("33000", "33100", "33200", "33300", "33800"), NOLIST,
                 NOLIST},
                {"Strasbourg", NULL, LIST("67000", "67100", "67200"), NOLIST,
                 NOLIST},
                {"Montpellier", NULL, LIST("34000", "34070", "34080", "34090"),
                 NOLIST, NOLIST}),
         LIST("{n} rue de la République", "{n} avenue Jean Jaurès",
              "{n} rue Pasteur", "{n} rue des Lilas",
              "Appt {m}B, {n} rue Victor Hugo", "{n} place de l'Église",
              "{n} boulevard Voltaire", "{n} allée des Tilleuls"),
         LIST("orange.fr", "free.fr", "gmail.com", "laposte.net", "sfr.fr"),
         "33",
         LIST("6", "7"),
         9,
         "LA-POSTE",
         LIST("FRCDG", "FRORY"),
         NOLIST,
         NOLIST,
         LIST("FRCDG", "FRORY"),
         LIST("FRPAR", "FRCQF"),
         LIST("FRLEH"),
         "FRA",
         "France",
         1},
    [C_NL] =
        {"NL",
         K_EUR,
         true,
         STYLE_WESTERN,
         PNAMES({"Daan", NULL}, {"Sanne", NULL}, {"Emma", NULL}, {"Bram", NULL},
                {"Lotte", NULL}, {"Thijs", NULL}, {"Femke", NULL},
                {"Joris", NULL}, {"Anouk", NULL}, {"Sem", NULL},
                {"Maarten", NULL}, {"Eline", NULL}, {"Ruben", NULL},
                {"Iris", NULL}),
         PNAMES({"de Vries", NULL}, {"Jansen", NULL}, {"van den Berg", NULL},
                {"Bakker", NULL}, {"Visser", NULL}, {"Smit", NULL},
                {"de Jong", NULL}, {"van Dijk", NULL}, {"Mulder", NULL},
                {"Bos", NULL}, {"Meijer", NULL}, {"de Boer", NULL},
                {"Vos", NULL}, {"Hendriks", NULL}),
         CITIES({"Amsterdam", NULL,
                 LIST("101# AB", "101# DK", "107# LH", "105# XR"), NOLIST,
                 NOLIST},
                {"Rotterdam", NULL, LIST("301# AD", "303# BT"), NOLIST, NOLIST},
                {"Utrecht", NULL, LIST("351# LX", "358# KP"), NOLIST, NOLIST},
                {"Den Haag", NULL, LIST("251# CV", "256# GH"), NOLIST, NOLIST},
                {"Eindhoven", NULL, LIST("561# AB"), NOLIST, NOLIST},
                {"Groningen", NULL, LIST("971# LM"), NOLIST, NOLIST}),
         LIST("Kerkstraat {n}", "Dorpsstraat {n}", "Molenweg {n}",
              "Stationsweg {n}", "Julianalaan {n}", "Beatrixstraat {n}",
              "Prinsengracht {n}-{m}"),
         LIST("ziggo.nl", "gmail.com", "kpnmail.nl", "outlook.com"),
         "31",
         LIST("6"),
         9,
         "POSTNL",
         LIST("NLAMS"),
         NOLIST,
         NOLIST,
         LIST("NLAMS"),
         LIST("NLAMS"),
         LIST("NLRTM"),
         "NLD",
         "Netherlands",
         0},
    [C_BE] = {"BE",
              K_EUR,
              true,
              STYLE_WESTERN,
              PNAMES({"Lotte", NULL}, {"Noah", NULL}, {"Elise", NULL},
                     {"Arthur", NULL}, {"Louise", NULL}, {"Wout", NULL},
                     {"Amélie", NULL}, {"Jules", NULL}, {"Victor", NULL},
                     {"Marie", NULL}, {"Pieter", NULL}, {"Charlotte", NULL}),
              PNAMES({"Peeters", NULL}, {"Janssens", NULL}, {"Maes", NULL},
                     {"Jacobs", NULL}, {"Willems", NULL}, {"Claes", NULL},
                     {"Dupont", NULL}, {"Lambert", NULL}, {"Goossens", NULL},
                     {"Wouters", NULL}, {"Dubois", NULL}, {"Mertens", NULL}),
              CITIES({"Bruxelles", NULL, LIST("1000", "1050", "1180", "1030"),
                      NOLIST, NOLIST},
                     {"Antwerpen", NULL, LIST("2000", "2018", "2060"), NOLIST,
                      NOLIST},
                     {"Gent", NULL, LIST("9000", "9050"), NOLIST, NOLIST},
                     {"Liège", NULL, LIST("4000", "4020"), NOLIST, NOLIST},
                     {"Leuven", NULL, LIST("3000", "3010"), NOLIST, NOLIST},
                     {"Brugge", NULL, LIST("8000", "8200"), NOLIST, NOLIST}),
              LIST("Kerkstraat {n}", "Stationsstraat {n}",
                   "Rue de la Station {n}", "Rue de l'Église {n}",
                   "Nieuwstraat {n}", "Avenue Louise {n}"),
              LIST("telenet.be", "skynet.be", "gmail.com", "proximus.be"),
              "32",
              LIST("47", "48", "49"),
              9,
              "BPOST",
              LIST("BEBRU"),
              NOLIST,
              NOLIST,
              LIST("BEBRU", "BELGG"),
              LIST("BEBRU", "BEANR"),
              LIST("BEANR"),
              "BEL",
              "Belgium",
              2},
    [C_PL] =
        {"PL",
         K_PLN,
         true,
         STYLE_WESTERN,
         PNAMES({"Łukasz", NULL}, {"Zofia", NULL}, {"Małgorzata", NULL},
                {"Piotr", NULL}, {"Katarzyna", NULL}, {"Tomasz", NULL},
                {"Agnieszka", NULL}, {"Michał", NULL}, {"Anna", NULL},
                {"Paweł", NULL}, {"Magdalena", NULL}, {"Krzysztof", NULL}),
         PNAMES({"Nowak", NULL}, {"Wójcik", NULL}, {"Kowalczyk", NULL},
                {"Zając", NULL}, {"Woźniak", NULL}, {"Mazur", NULL},
                {"Krawczyk", NULL}, {"Kaczmarek", NULL}, {"Pawlak", NULL},
                {"Michalak", NULL}, {"Lewandowski", NULL}, {"Dąbrowska", NULL}),
         CITIES({"Warszawa", NULL, LIST("00-###", "01-###", "02-###"), NOLIST,
                 NOLIST},
                {"Kraków", NULL, LIST("30-###", "31-###"), NOLIST, NOLIST},
                {"Łódź", NULL, LIST("90-###", "93-###"), NOLIST, NOLIST},
                {"Wrocław", NULL, LIST("50-###", "53-###"), NOLIST, NOLIST},
                {"Gdańsk", NULL, LIST("80-###"), NOLIST, NOLIST},
                {"Poznań", NULL, LIST("60-###", "61-###"), NOLIST, NOLIST}),
         LIST("ul. Kościuszki {n}", "ul. Mickiewicza {n}/{m}", "ul. Długa {n}",
              "ul. Żeromskiego {n}", "ul. Wojska Polskiego {n}",
              "ul. Łąkowa {n}"),
         LIST("wp.pl", "onet.pl", "gmail.com", "o2.pl"),
         "48",
         LIST("50", "51", "53", "57", "60", "66", "69", "72", "78", "79", "88"),
         9,
         "POCZTA-POLSKA",
         LIST("PLWAW"),
         NOLIST,
         NOLIST,
         LIST("PLWAW"),
         LIST("PLWAW"),
         LIST("PLGDN"),
         "POL",
         "Poland",
         0},
    [C_IT] = {"IT",
              K_EUR,
              true,
              STYLE_WESTERN,
              PNAMES({"Giulia", NULL}, {"Marco", NULL}, {"Francesca", NULL},
                     {"Niccolò", NULL}, {"Chiara", NULL}, {"Luca", NULL},
                     {"Alessandro", NULL}, {"Sofia", NULL}, {"Matteo", NULL},
                     {"Martina", NULL}, {"Lorenzo", NULL}, {"Valentina", NULL}),
              PNAMES({"Rossi", NULL}, {"Russo", NULL}, {"Ferrari", NULL},
                     {"Esposito", NULL}, {"Bianchi", NULL}, {"Romano", NULL},
                     {"Colombo", NULL}, {"Ricci", NULL}, {"Marino", NULL},
                     {"Greco", NULL}, {"Bruno", NULL}, {"Conti", NULL}),
              CITIES({"Roma", NULL, LIST("001##"), NOLIST, NOLIST},
                     {"Milano", NULL, LIST("201##"), NOLIST, NOLIST},
                     {"Napoli", NULL, LIST("801##"), NOLIST, NOLIST},
                     {"Torino", NULL, LIST("101##"), NOLIST, NOLIST},
                     {"Bologna", NULL, LIST("401##"), NOLIST, NOLIST},
                     {"Firenze", NULL, LIST("501##"), NOLIST, NOLIST}),
              LIST("Via Roma {n}", "Via Garibaldi {n}",
                   "Corso Vittorio Emanuele II {n}", "Via dei Mille {n}",
                   "Via Mazzini {n}", "Via Niccolò Machiavelli {n}"),
              LIST("libero.it", "gmail.com", "virgilio.it", "tiscali.it"),
              "39",
              LIST("320", "328", "333", "338", "340", "347", "349", "366",
                   "392"),
              10,
              "POSTE-ITALIANE",
              LIST("ITMIL", "ITROM"),
              NOLIST,
              NOLIST,
              LIST("ITMIL", "ITROM"),
              LIST("ITMIL"),
              LIST("ITGOA"),
              "ITA",
              "Italy",
              1},
    [C_ES] = {"ES",
              K_EUR,
              true,
              STYLE_WESTERN,
              PNAMES({"José", NULL}, {"Lucía", NULL}, {"Javier", NULL},
                     {"María", NULL}, {"Sofía", NULL}, {"Álvaro", NULL},
                     {"Carmen", NULL}, {"Pablo", NULL}, {"Nuria", NULL},
                     {"Andrés", NULL}, {"Marta", NULL}, {"Sergio", NULL}),
              PNAMES({"García", NULL}, {"Martínez", NULL}, {"Fernández", NULL},
                     {"López", NULL}, {"Sánchez", NULL}, {"Pérez", NULL},
                     {"Gómez", NULL}, {"Núñez", NULL}, {"Jiménez", NULL},
                     {"Ruiz", NULL}, {"Moreno", NULL}, {"Muñoz", NULL}),
              CITIES({"Madrid", NULL, LIST("280##"), NOLIST, NOLIST},
                     {"Barcelona", NULL, LIST("080##"), NOLIST, NOLIST},
                     {"Valencia", NULL, LIST("460##"), NOLIST, NOLIST},
                     {"Sevilla", NULL, LIST("410##"), NOLIST, NOLIST},
                     {"Zaragoza", NULL, LIST("500##"), NOLIST, NOLIST},
                     {"Málaga", NULL, LIST("290##"), NOLIST, NOLIST}),
              LIST("Calle Mayor {n}, {m}º B", "Calle San Francisco {n}",
                   "Avenida de la Constitución {n}", "Calle Nueva {n}",
                   "Calle Real {n}", "Plaza de España {n}"),
              LIST("gmail.com", "hotmail.es", "telefonica.net", "yahoo.es"),
              "34",
              LIST("6", "7"),
              9,
              "CORREOS",
              LIST("ESMAD", "ESBCN"),
              NOLIST,
              NOLIST,
              LIST("ESMAD", "ESBCN"),
              LIST("ESMAD"),
              LIST("ESVLC"),
              "ESP",
              "Spain",
              1},
    [C_AT] = {"AT",
              K_EUR,
              true,
              STYLE_WESTERN,
              PNAMES({"Johanna", NULL}, {"Florian", NULL}, {"Katharina", NULL},
                     {"Sebastian", NULL}, {"Magdalena", NULL}, {"Lukas", NULL},
                     {"Theresa", NULL}, {"Elias", NULL}, {"Valentina", NULL},
                     {"Stefan", NULL}),
              PNAMES({"Gruber", NULL}, {"Huber", NULL}, {"Bauer", NULL},
                     {"Wagner", NULL}, {"Pichler", NULL}, {"Steiner", NULL},
                     {"Moser", NULL}, {"Hofer", NULL}, {"Leitner", NULL},
                     {"Eder", NULL}),
              CITIES({"Wien", NULL, LIST("10#0", "11#0"), NOLIST, NOLIST},
                     {"Graz", NULL, LIST("80#0"), NOLIST, NOLIST},
                     {"Linz", NULL, LIST("40#0"), NOLIST, NOLIST},
                     {"Salzburg", NULL, LIST("5020"), NOLIST, NOLIST},
                     {"Innsbruck", NULL, LIST("6020"), NOLIST, NOLIST}),
              LIST("Hauptstraße {n}", "Bahnhofstraße {n}", "Kirchengasse {n}",
                   "Schulgasse {n}", "Mozartstraße {n}", "Lindengasse {n}/{m}"),
              LIST("gmx.at", "gmail.com", "aon.at"),
              "43",
              LIST("650", "660", "664", "676", "680", "699"),
              10,
              "POST-AT",
              LIST("ATVIE"),
              NOLIST,
              NOLIST,
              LIST("ATVIE"),
              LIST("ATVIE"),
              NOLIST,
              "AUT",
              "Austria",
              2},
    [C_SE] = {"SE",
              K_SEK,
              true,
              STYLE_WESTERN,
              PNAMES({"Åsa", NULL}, {"Erik", NULL}, {"Linnéa", NULL},
                     {"Oskar", NULL}, {"Maja", NULL}, {"Anders", NULL},
                     {"Ingrid", NULL}, {"Johan", NULL}, {"Elsa", NULL},
                     {"Gustav", NULL}),
              PNAMES({"Lindström", NULL}, {"Andersson", NULL},
                     {"Johansson", NULL}, {"Karlsson", NULL}, {"Nilsson", NULL},
                     {"Björk", NULL}, {"Öberg", NULL}, {"Lindqvist", NULL},
                     {"Eriksson", NULL}, {"Larsson", NULL}),
              CITIES({"Stockholm", NULL, LIST("11# ##"), NOLIST, NOLIST},
                     {"Göteborg", NULL, LIST("41# ##"), NOLIST, NOLIST},
                     {"Malmö", NULL, LIST("21# ##"), NOLIST, NOLIST},
                     {"Uppsala", NULL, LIST("75# ##"), NOLIST, NOLIST}),
              LIST("Drottninggatan {n}", "Storgatan {n}", "Kungsgatan {n}",
                   "Skolgatan {n}", "Järnvägsgatan {n}"),
              LIST("gmail.com", "telia.com", "hotmail.se"),
              "46",
              LIST("70", "72", "73", "76", "79"),
              9,
              "POSTNORD",
              LIST("SEARN"),
              NOLIST,
              NOLIST,
              LIST("SEARN"),
              NOLIST,
              NOLIST,
              "SWE",
              "Sweden",
              1},
    [C_IE] = {"IE",
              K_EUR,
              true,
              STYLE_WESTERN,
              PNAMES({"Siobhán", "siobhan"}, {"Seán", "sean"}, {"Aoife", NULL},
                     {"Ciarán", NULL}, {"Niamh", NULL}, {"Conor", NULL},
                     {"Róisín", NULL}, {"Darragh", NULL}, {"Orla", NULL},
                     {"Cian", NULL}),
              PNAMES({"O'Brien", "obrien"}, {"Murphy", NULL}, {"Kelly", NULL},
                     {"Byrne", NULL}, {"Ó Súilleabháin", "osullivan"},
                     {"Walsh", NULL}, {"McCarthy", NULL}, {"Ryan", NULL},
                     {"Doyle", NULL}, {"Gallagher", NULL}),
              CITIES({"Dublin", NULL,
                      LIST("D02 X2#5", "D04 C9#2", "D08 VF#H", "D06 W7#2"),
                      NOLIST, NOLIST},
                     {"Cork", NULL, LIST("T12 R2#C"), NOLIST, NOLIST},
                     {"Galway", NULL, LIST("H91 E2#3"), NOLIST, NOLIST},
                     {"Limerick", NULL, LIST("V94 T9#X"), NOLIST, NOLIST}),
              LIST("{n} Main Street", "{n} Church Road",
                   "Apartment {m}, {n} Park Road", "{n} St. Patrick's Terrace",
                   "{n} Castle Street"),
              LIST("gmail.com", "eircom.net", "outlook.ie"),
              "353",
              LIST("83", "85", "86", "87", "89"),
              9,
              "AN-POST",
              LIST("IEDUB"),
              NOLIST,
              NOLIST,
              LIST("IEDUB"),
              LIST("IEDUB"),
              NOLIST,
              "IRL",
              "Ireland",
              0},
    [C_CZ] = {"CZ",
              K_CZK,
              true,
              STYLE_WESTERN,
              PNAMES({"Jiří", NULL}, {"Petra", NULL}, {"Tomáš", NULL},
                     {"Lucie", NULL}, {"Jan", NULL}, {"Tereza", NULL},
                     {"Martin", NULL}, {"Eliška", NULL}, {"Ondřej", NULL},
                     {"Veronika", NULL}),
              PNAMES({"Dvořák", NULL}, {"Novák", NULL}, {"Svoboda", NULL},
                     {"Černý", NULL}, {"Procházka", NULL}, {"Kučera", NULL},
                     {"Veselý", NULL}, {"Horák", NULL}, {"Němec", NULL},
                     {"Marek", NULL}),
              CITIES({"Praha", NULL, LIST("1#0 00"), NOLIST, NOLIST},
                     {"Brno", NULL, LIST("60# 00"), NOLIST, NOLIST},
                     {"Ostrava", NULL, LIST("70# 00"), NOLIST, NOLIST},
                     {"Plzeň", NULL, LIST("30# 00"), NOLIST, NOLIST}),
              LIST("Masarykova {n}", "Husova {n}", "Nádražní {n}",
                   "Palackého {n}", "Komenského {n}"),
              LIST("seznam.cz", "gmail.com", "email.cz"),
              "420",
              LIST("60", "72", "73", "77"),
              9,
              "CESKA-POSTA",
              LIST("CZPRG"),
              NOLIST,
              NOLIST,
              LIST("CZPRG"),
              LIST("CZPRG"),
              NOLIST,
              "CZE",
              "Czechia",
              1},
    [C_PT] = {"PT",
              K_EUR,
              true,
              STYLE_WESTERN,
              PNAMES({"João", NULL}, {"Inês", NULL}, {"Gonçalo", NULL},
                     {"Beatriz", NULL}, {"Tiago", NULL}, {"Mariana", NULL},
                     {"Rui", NULL}, {"Leonor", NULL}, {"Diogo", NULL},
                     {"Catarina", NULL}),
              PNAMES({"Gonçalves", NULL}, {"Conceição", NULL}, {"Silva", NULL},
                     {"Santos", NULL}, {"Ferreira", NULL}, {"Pereira", NULL},
                     {"Costa", NULL}, {"Magalhães", NULL}, {"Oliveira", NULL},
                     {"Rodrigues", NULL}),
              CITIES(
                  {"Lisboa", NULL, LIST("1100-1##", "1250-0##", "1000-0##"),
                   NOLIST, NOLIST},
                  {"Porto", NULL, LIST("4000-3##", "4050-2##"), NOLIST, NOLIST},
                  {"Braga", NULL, LIST("4700-0##"), NOLIST, NOLIST},
                  {"Coimbra", NULL, LIST("3000-0##"), NOLIST, NOLIST}),
              LIST("Rua de São Paulo {n}, {m}.º Esq.",
                   "Avenida da República {n}", "Rua Direita {n}",
                   "Rua do Comércio {n}", "Travessa do Conde {n}"),
              LIST("gmail.com", "sapo.pt", "hotmail.com"),
              "351",
              LIST("91", "92", "93", "96"),
              9,
              "CTT",
              LIST("PTLIS"),
              NOLIST,
              NOLIST,
              LIST("PTLIS", "PTOPO"),
              NOLIST,
              NOLIST,
              "PRT",
              "Portugal",
              0},
    [C_DK] = {"DK",
              K_DKK,
              true,
              STYLE_WESTERN,
              PNAMES({"Søren", NULL}, {"Mette", NULL}, {"Mads", NULL},
                     {"Freja", NULL}, {"Rasmus", NULL}, {"Ida", NULL},
                     {"Jens", NULL}, {"Sofie", NULL}),
              PNAMES({"Jørgensen", "jorgensen"}, {"Nielsen", NULL},
                     {"Hansen", NULL}, {"Pedersen", NULL},
                     {"Sørensen", "sorensen"}, {"Rasmussen", NULL},
                     {"Kjær", "kjaer"}, {"Møller", "moller"}),
              CITIES({"København", NULL, LIST("1050", "1620", "2200", "2100"),
                      NOLIST, NOLIST},
                     {"Aarhus", NULL, LIST("8000"), NOLIST, NOLIST},
                     {"Odense", NULL, LIST("5000"), NOLIST, NOLIST},
                     {"Aalborg", NULL, LIST("9000"), NOLIST, NOLIST}),
              LIST("Nørregade {n}, {m}. th.", "Vestergade {n}", "Algade {n}",
                   "Østergade {n}", "Søndergade {n}"),
              LIST("gmail.com", "mail.dk", "outlook.dk"),
              "45",
              LIST("20", "21", "22", "26", "28", "30", "31", "40", "42", "50",
                   "60"),
              8,
              "POSTNORD",
              LIST("DKCPH"),
              NOLIST,
              NOLIST,
              LIST("DKCPH"),
              NOLIST,
              NOLIST,
              "DNK",
              "Denmark",
              2},
    [C_FI] = {"FI",
              K_EUR,
              true,
              STYLE_WESTERN,
              PNAMES({"Eetu", NULL}, {"Aino", NULL}, {"Mikko", NULL},
                     {"Sanna", NULL}, {"Juha", NULL}, {"Elina", NULL},
                     {"Väinö", NULL}, {"Pia", NULL}),
              PNAMES({"Mäkinen", NULL}, {"Virtanen", NULL}, {"Korhonen", NULL},
                     {"Nieminen", NULL}, {"Jääskeläinen", NULL},
                     {"Heikkinen", NULL}, {"Hämäläinen", NULL},
                     {"Laine", NULL}),
              CITIES({"Helsinki", NULL, LIST("001#0", "005#0"), NOLIST, NOLIST},
                     {"Tampere", NULL, LIST("331#0"), NOLIST, NOLIST},
                     {"Turku", NULL, LIST("201#0"), NOLIST, NOLIST},
                     {"Oulu", NULL, LIST("901#0"), NOLIST, NOLIST}),
              LIST("Koulukatu {n} B {m}", "Kirkkokatu {n}", "Rautatienkatu {n}",
                   "Puistokatu {n}", "Kauppakatu {n}"),
              LIST("gmail.com", "luukku.com", "outlook.com"),
              "358",
              LIST("40", "41", "44", "45", "50"),
              9,
              "POSTI",
              LIST("FIHEL"),
              NOLIST,
              NOLIST,
              LIST("FIHEL"),
              NOLIST,
              NOLIST,
              "FIN",
              "Finland",
              1},
    [C_GB] =
        {"GB",
         K_GBP,
         false,
         STYLE_WESTERN,
         PNAMES({"Oliver", NULL}, {"Amelia", NULL}, {"Harry", NULL},
                {"Isla", NULL}, {"George", NULL}, {"Emily", NULL},
                {"Jack", NULL}, {"Charlotte", NULL}, {"Thomas", NULL},
                {"Grace", NULL}, {"William", NULL}, {"Sophie", NULL},
                {"James", NULL}, {"Poppy", NULL}),
         PNAMES({"Smith", NULL}, {"Jones", NULL}, {"Taylor", NULL},
                {"Brown", NULL}, {"Williams", NULL}, {"Wilson", NULL},
                {"Evans", NULL}, {"Thomas", NULL}, {"Roberts", NULL},
                {"Walker", NULL}, {"Wright", NULL}, {"Hughes", NULL},
                {"Green", NULL}, {"Hall", NULL}),
         CITIES({"London", NULL,
                 LIST("SW1A #AA", "EC1A #BB", "NW1 #XE", "SE5 #EG", "N1 #GU",
                      "E14 #HQ"),
                 NOLIST, NOLIST},
                {"Manchester", NULL, LIST("M1 #AE", "M4 #JD", "M20 #PT"),
                 NOLIST, NOLIST},
                {"Birmingham", NULL, LIST("B33 #TH", "B1 #BB"), NOLIST, NOLIST},
                {"Leeds", NULL, LIST("LS1 #AP", "LS6 #QR"), NOLIST, NOLIST},
                {"Edinburgh", NULL, LIST("EH1 #YZ", "EH3 #DN"), NOLIST, NOLIST},
                {"Glasgow", NULL, LIST("G1 #XQ", "G12 #LS"), NOLIST, NOLIST},
                {"Bristol", NULL, LIST("BS1 #DJ", "BS8 #TH"), NOLIST, NOLIST},
                {"Norwich", NULL, LIST("NR1 #JQ", "NR2 #PA"), NOLIST, NOLIST}),
         LIST("{n} High Street", "Flat {m}, {n} Church Road", "{n} Church Lane",
              "{n} Victoria Road", "{n} Station Road", "{n} Queen's Road",
              "{n} Mill Lane"),
         LIST("gmail.com", "btinternet.com", "outlook.com", "yahoo.co.uk"),
         "44",
         LIST("74", "75", "77", "78", "79"),
         10,
         "ROYAL-MAIL",
         LIST("GBLHR", "GBSTN", "GBMAN", "GBEMA"),
         LIST("GBDVR"),
         NOLIST,
         LIST("GBLHR", "GBSTN", "GBMAN"),
         LIST("GBDVR"),
         NOLIST,
         "GBR",
         "United Kingdom",
         0},
    [C_US] = {"US",
              K_USD,
              false,
              STYLE_WESTERN,
              PNAMES({"James", NULL}, {"Emily", NULL}, {"Michael", NULL},
                     {"Olivia", NULL}, {"David", NULL}, {"Sarah", NULL},
                     {"Daniel", NULL}, {"Jessica", NULL}, {"Ryan", NULL},
                     {"Ashley", NULL}, {"Brandon", NULL}, {"Megan", NULL},
                     {"Tyler", NULL}, {"Lauren", NULL}),
              PNAMES({"Johnson", NULL}, {"Williams", NULL}, {"Brown", NULL},
                     {"Garcia", NULL}, {"Miller", NULL}, {"Davis", NULL},
                     {"Rodriguez", NULL}, {"Martinez", NULL},
                     {"Anderson", NULL}, {"Taylor", NULL}, {"Thompson", NULL},
                     {"Moore", NULL}, {"Clark", NULL}, {"Lewis", NULL}),
              CITIES({"New York, NY", NULL, LIST("100##", "10036-46##"), NOLIST,
                      NOLIST},
                     {"Los Angeles, CA", NULL, LIST("900##"), NOLIST, NOLIST},
                     {"Chicago, IL", NULL, LIST("606##"), NOLIST, NOLIST},
                     {"Houston, TX", NULL, LIST("770##"), NOLIST, NOLIST},
                     {"Seattle, WA", NULL, LIST("981##"), NOLIST, NOLIST},
                     {"Miami, FL", NULL, LIST("331##"), NOLIST, NOLIST},
                     {"Boston, MA", NULL, LIST("021##"), NOLIST, NOLIST},
                     {"Denver, CO", NULL, LIST("802##"), NOLIST, NOLIST},
                     {"Austin, TX", NULL, LIST("787##"), NOLIST, NOLIST}),
              LIST("{n} Main St, Apt {m}B", "{n} Maple Avenue",
                   "{n} Oak Street", "{n} Washington Street",
                   "{n} Pine St, Unit {m}", "{n} Park Avenue", "{n} Elm Drive"),
              LIST("gmail.com", "yahoo.com", "outlook.com", "icloud.com"),
              "1",
              LIST("212", "646", "718", "310", "213", "312", "713", "206",
                   "305", "617", "303"),
              10,
              "USPS",
              LIST("USJFK", "USLAX", "USMIA", "USORD"),
              NOLIST,
              NOLIST,
              LIST("USJFK", "USLAX", "USMIA", "USORD"),
              NOLIST,
              NOLIST,
              "USA",
              "United States",
              1},
    [C_CA] = {"CA",
              K_CAD,
              false,
              STYLE_WESTERN,
              PNAMES({"Liam", NULL}, {"Geneviève", NULL}, {"Noah", NULL},
                     {"Chloé", NULL}, {"Ethan", NULL}, {"Sophie", NULL},
                     {"Benjamin", NULL}, {"Olivia", NULL}, {"Mathis", NULL},
                     {"Avery", NULL}),
              PNAMES({"Côté", NULL}, {"Tremblay", NULL}, {"Smith", NULL},
                     {"Roy", NULL}, {"Gagnon", NULL}, {"Wilson", NULL},
                     {"Martin", NULL}, {"MacDonald", NULL}, {"Bouchard", NULL},
                     {"Campbell", NULL}),
              CITIES({"Toronto, ON", NULL, LIST("M5V #T6", "M4C #B5"), NOLIST,
                      NOLIST},
                     {"Vancouver, BC", NULL, LIST("V6B #A1", "V5K #A1"), NOLIST,
                      NOLIST},
                     {"Montréal, QC", NULL, LIST("H3B #Y5", "H2X #Y4"), NOLIST,
                      NOLIST},
                     {"Calgary, AB", NULL, LIST("T2P #J9"), NOLIST, NOLIST},
                     {"Ottawa, ON", NULL, LIST("K1P #J1"), NOLIST, NOLIST}),
              LIST("{n} Main Street", "{n} Wellington Street",
                   "Apt {m}, {n} Maple Drive", "{n} King Street",
                   "{n} rue Saint-Denis"),
              LIST("gmail.com", "rogers.com", "outlook.com", "videotron.ca"),
              "1",
              LIST("416", "647", "604", "778", "514", "438", "403", "613"),
              10,
              "CANADA-POST",
              LIST("CAYYZ"),
              NOLIST,
              NOLIST,
              LIST("CAYYZ", "CAYVR", "CAYUL"),
              NOLIST,
              NOLIST,
              "CAN",
              "Canada",
              0},
    [C_AU] = {"AU",
              K_AUD,
              false,
              STYLE_WESTERN,
              PNAMES({"Jack", NULL}, {"Charlotte", NULL}, {"William", NULL},
                     {"Mia", NULL}, {"Lachlan", NULL}, {"Chloe", NULL},
                     {"Thomas", NULL}, {"Ruby", NULL}, {"Cooper", NULL},
                     {"Matilda", NULL}),
              PNAMES({"Smith", NULL}, {"Jones", NULL}, {"Williams", NULL},
                     {"Brown", NULL}, {"Wilson", NULL}, {"Taylor", NULL},
                     {"Nguyen", NULL}, {"Kelly", NULL}, {"Mitchell", NULL},
                     {"Harris", NULL}),
              CITIES(
                  {"Sydney NSW", NULL, LIST("2000", "2010", "2026"), NOLIST,
                   NOLIST},
                  {"Melbourne VIC", NULL, LIST("3000", "3121", "3182"), NOLIST,
                   NOLIST},
                  {"Brisbane QLD", NULL, LIST("4000", "4101"), NOLIST, NOLIST},
                  {"Perth WA", NULL, LIST("6000"), NOLIST, NOLIST},
                  {"Adelaide SA", NULL, LIST("5000"), NOLIST, NOLIST}),
              LIST("{n} George Street", "Unit {m}, {n} King Street",
                   "{n} Queen Street", "{n} Victoria Street", "{n} Beach Road"),
              LIST("gmail.com", "bigpond.com", "outlook.com.au"),
              "61",
              LIST("4"),
              9,
              "AUSTRALIA-POST",
              LIST("AUSYD"),
              NOLIST,
              NOLIST,
              LIST("AUSYD", "AUMEL"),
              NOLIST,
              NOLIST,
              "AUS",
              "Australia",
              2},
    [C_KR] = {"KR",
              K_KRW,
              false,
              STYLE_CJK,
              PNAMES({"민준", "Minjun"}, {"서연", "Seoyeon"},
                     {"지훈", "Jihoon"}, {"수아", "Sua"}, {"하윤", "Hayoon"},
                     {"도윤", "Doyoon"}, {"지우", "Jiwoo"}, {"예준", "Yejun"},
                     {"서준", "Seojun"}, {"지민", "Jimin"}),
              PNAMES({"김", "Kim"}, {"이", "Lee"}, {"박", "Park"},
                     {"최", "Choi"}, {"정", "Jung"}, {"강", "Kang"},
                     {"윤", "Yoon"}, {"한", "Han"}),
              CITIES({"Seoul", "서울", LIST("06###"),
                      LIST("{n} Teheran-ro, Gangnam-gu"),
                      LIST("서울특별시 강남구 테헤란로 {n}")},
                     {"Seoul", "서울", LIST("04###", "03###"),
                      LIST("{n} Sejong-daero, Jung-gu"),
                      LIST("서울특별시 중구 세종대로 {n}")},
                     {"Busan", "부산", LIST("48###"),
                      LIST("{n} Haeundae-ro, Haeundae-gu"),
                      LIST("부산광역시 해운대구 해운대로 {n}")},
                     {"Incheon", "인천", LIST("21###"),
                      LIST("{n} Convensia-daero, Yeonsu-gu"),
                      LIST("인천광역시 연수구 컨벤시아대로 {n}")}),
              NOLIST,
              LIST("naver.com", "daum.net", "gmail.com"),
              "82",
              LIST("10"),
              10,
              "KOREA-POST",
              LIST("KRICN"),
              NOLIST,
              NOLIST,
              LIST("KRICN"),
              NOLIST,
              NOLIST,
              "KOR",
              "South Korea",
              1},
    [C_JP] = {"JP",
              K_JPY,
              false,
              STYLE_CJK,
              PNAMES({"健", "Ken"}, {"美咲", "Misaki"}, {"翔太", "Shota"},
                     {"陽菜", "Hina"}, {"大輔", "Daisuke"}, {"結衣", "Yui"},
                     {"蓮", "Ren"}, {"葵", "Aoi"}),
              PNAMES({"佐藤", "Sato"}, {"鈴木", "Suzuki"},
                     {"高橋", "Takahashi"}, {"田中", "Tanaka"}, {"伊藤", "Ito"},
                     {"渡辺", "Watanabe"}, {"山本", "Yamamoto"},
                     {"中村", "Nakamura"}),
              CITIES({"Tokyo", "東京都", LIST("150-00##"),
                      LIST("{a}-{m}-{k} Jingumae, Shibuya-ku"),
                      LIST("東京都渋谷区神宮前{a}-{m}-{k}")},
                     {"Tokyo", "東京都", LIST("160-0023"),
                      LIST("{a}-{m}-{k} Nishi-Shinjuku, Shinjuku-ku"),
                      LIST("東京都新宿区西新宿{a}-{m}-{k}")},
                     {"Osaka", "大阪市", LIST("530-000#"),
                      LIST("{a}-{m} Umeda, Kita-ku"),
                      LIST("大阪府大阪市北区梅田{a}-{m}")},
                     {"Yokohama", "横浜市", LIST("220-0011"),
                      LIST("{a}-{m}-{k} Takashima, Nishi-ku"),
                      LIST("神奈川県横浜市西区高島{a}-{m}-{k}")}),
              NOLIST,
              LIST("gmail.com", "yahoo.co.jp", "docomo.ne.jp"),
              "81",
              LIST("70", "80", "90"),
              10,
              "JAPAN-POST",
              LIST("JPNRT", "JPHND", "JPKIX"),
              NOLIST,
              NOLIST,
              LIST("JPNRT", "JPHND"),
              NOLIST,
              NOLIST,
              "JPN",
              "Japan",
              0},
    [C_CN] =
        {"CN",
         K_CNY,
         false,
         STYLE_CJK,
         PNAMES({"芳", "Fang"}, {"娜", "Na"}, {"伟", "Wei"}, {"敏", "Min"},
                {"静", "Jing"}, {"磊", "Lei"}, {"洋", "Yang"}, {"婷", "Ting"}),
         PNAMES({"王", "Wang"}, {"李", "Li"}, {"张", "Zhang"}, {"刘", "Liu"},
                {"陈", "Chen"}, {"杨", "Yang"}, {"赵", "Zhao"},
                {"黄", "Huang"}),
         CITIES(
             {"Shenzhen", "深圳市", LIST("5180##", "5181##"), NOLIST, NOLIST},
             {"Guangzhou", "广州市", LIST("5100##", "5106##"), NOLIST, NOLIST},
             {"Yiwu", "义乌市", LIST("3220##"), NOLIST, NOLIST},
             {"Hangzhou", "杭州市", LIST("3100##", "3101##"), NOLIST, NOLIST},
             {"Ningbo", "宁波市", LIST("3150##"), NOLIST, NOLIST},
             {"Dongguan", "东莞市", LIST("5230##", "5239##"), NOLIST, NOLIST},
             {"Xiamen", "厦门市", LIST("3610##"), NOLIST, NOLIST},
             {"Shanghai", "上海市", LIST("2000##", "2001##"), NOLIST, NOLIST},
             {"Suzhou", "苏州市", LIST("2150##"), NOLIST, NOLIST},
             {"Quanzhou", "泉州市", LIST("3620##"), NOLIST, NOLIST}),
         LIST("No. {n} Zhongshan Road", "Room {k}0{m}, No. {n} Jianshe Road",
              "{k}F, No. {n} Renmin Road", "No. {n} Xinhua Street",
              "Unit {m}0{k}, Block {A}, Keji Park", "No. {n} Keji Road"),
         NOLIST,
         "86",
         NOLIST,
         11,
         "CHINA-POST",
         LIST("CNSZX", "CNCAN", "CNPVG", "CNHGH", "CNPEK"),
         NOLIST,
         LIST("CNSHA", "CNNGB", "CNYTN"),
         NOLIST,
         NOLIST,
         NOLIST,
         "CHN",
         "China",
         0},
    [C_HK] = {"HK",
              K_HKD,
              false,
              STYLE_EAST,
              PNAMES({"Tai Man", NULL}, {"Ka Yan", NULL}, {"Wing Kei", NULL},
                     {"Siu Ming", NULL}, {"Mei Ling", NULL},
                     {"Chi Keung", NULL}),
              PNAMES({"Chan", NULL}, {"Wong", NULL}, {"Leung", NULL},
                     {"Cheung", NULL}, {"Lau", NULL}, {"Ng", NULL}),
              CITIES({"Kowloon", NULL, NOLIST, NOLIST, NOLIST},
                     {"Hong Kong", NULL, NOLIST, NOLIST, NOLIST},
                     {"Kwun Tong", NULL, NOLIST, NOLIST, NOLIST},
                     {"Tsuen Wan", NULL, NOLIST, NOLIST, NOLIST}),
              LIST("Flat {A}, {k}/F, {n} Nathan Road, Mong Kok",
                   "Shop {k}, G/F, {n} Des Voeux Road Central",
                   "Unit {m}0{k}, {n} Hennessy Road, Wan Chai",
                   "Room {k}0{m}, {n} Kwun Tong Road"),
              NOLIST,
              "852",
              NOLIST,
              8,
              "HONGKONG-POST",
              LIST("HKHKG"),
              NOLIST,
              NOLIST,
              NOLIST,
              NOLIST,
              NOLIST,
              "HKG",
              "Hong Kong",
              0},
    [C_TR] = {"TR",
              K_TRY,
              false,
              STYLE_WESTERN,
              PNAMES({"Mehmet", NULL}, {"Ayşe", NULL}, {"Mustafa", NULL},
                     {"Fatma", NULL}, {"Emre", NULL}, {"Zeynep", NULL},
                     {"Burak", NULL}, {"Elif", NULL}),
              PNAMES({"Yılmaz", NULL}, {"Kaya", NULL}, {"Demir", NULL},
                     {"Çelik", NULL}, {"Şahin", NULL}, {"Yıldız", NULL},
                     {"Aydın", NULL}, {"Öztürk", NULL}),
              CITIES({"İstanbul", NULL, LIST("341##", "347##"), NOLIST, NOLIST},
                     {"İzmir", NULL, LIST("351##"), NOLIST, NOLIST},
                     {"Bursa", NULL, LIST("162##"), NOLIST, NOLIST},
                     {"Ankara", NULL, LIST("065##"), NOLIST, NOLIST},
                     {"Denizli", NULL, LIST("200##"), NOLIST, NOLIST},
                     {"Gaziantep", NULL, LIST("272##"), NOLIST, NOLIST}),
              LIST("Merter Mah. Keresteciler Sitesi No: {n}",
                   "{k}03/{m} Sok. No: {n}", "Atatürk Cad. No: {n}",
                   "Cumhuriyet Mah. {k}. Sok. No: {n}",
                   "Organize Sanayi Bölgesi {m}. Cad. No: {n}"),
              NOLIST,
              "90",
              NOLIST,
              10,
              "PTT",
              LIST("TRIST", "TRIZM", "TRSAW"),
              LIST("TRIST"),
              NOLIST,
              NOLIST,
              NOLIST,
              NOLIST,
              "TUR",
              "Turkey",
              1},
    [C_VN] = {"VN",
              K_VND,
              false,
              STYLE_EAST,
              PNAMES({"Thị Lan", NULL}, {"Văn Hùng", NULL}, {"Thị Mai", NULL},
                     {"Minh Tuấn", NULL}, {"Thu Hà", NULL}, {"Quốc Bảo", NULL}),
              PNAMES({"Nguyễn", NULL}, {"Trần", NULL}, {"Lê", NULL},
                     {"Phạm", NULL}, {"Hoàng", NULL}, {"Vũ", NULL}),
              CITIES({"Thành phố Hồ Chí Minh", NULL, LIST("70####"), NOLIST,
                      NOLIST},
                     {"Hà Nội", NULL, LIST("10####"), NOLIST, NOLIST},
                     {"Đà Nẵng", NULL, LIST("55####"), NOLIST, NOLIST},
                     {"Hải Phòng", NULL, LIST("18####"), NOLIST, NOLIST}),
              LIST("{n} Nguyễn Huệ, Quận 1", "{n} Lê Lợi, Phường {m}",
                   "{n} Hàng Gai, Hoàn Kiếm", "Lô {A}{k}, KCN Tân Bình",
                   "{n} Trần Phú, Phường {m}"),
              NOLIST,
              "84",
              NOLIST,
              9,
              "VIETNAM-POST",
              LIST("VNSGN", "VNHAN"),
              NOLIST,
              NOLIST,
              NOLIST,
              NOLIST,
              NOLIST,
              "VNM",
              "Viet Nam",
              1},
    [C_IN] = {"IN",
              K_INR,
              false,
              STYLE_WESTERN,
              PNAMES({"Priya", NULL}, {"Rahul", NULL}, {"Ananya", NULL},
                     {"Arjun", NULL}, {"Sneha", NULL}, {"Vikram", NULL},
                     {"Kavya", NULL}, {"Rohan", NULL}),
              PNAMES({"Sharma", NULL}, {"Patel", NULL}, {"Gupta", NULL},
                     {"Singh", NULL}, {"Iyer", NULL}, {"Reddy", NULL},
                     {"Nair", NULL}, {"Mehta", NULL}),
              CITIES({"Jaipur", NULL, LIST("3020##"), NOLIST, NOLIST},
                     {"Mumbai", NULL, LIST("4000##"), NOLIST, NOLIST},
                     {"New Delhi", NULL, LIST("1100##"), NOLIST, NOLIST},
                     {"Bengaluru", NULL, LIST("5600##"), NOLIST, NOLIST},
                     {"Chennai", NULL, LIST("6000##"), NOLIST, NOLIST},
                     {"Kolkata", NULL, LIST("7000##"), NOLIST, NOLIST},
                     {"Tiruppur", NULL, LIST("6416##"), NOLIST, NOLIST}),
              LIST("B-{k}, Malviya Industrial Area",
                   "Plot {n}, MIDC Andheri East", "{n} M.G. Road",
                   "Office {k}0{m}, {n} Residency Road",
                   "Flat {k}, Sector {m}, Vashi"),
              NOLIST,
              "91",
              NOLIST,
              10,
              "INDIA-POST",
              LIST("INDEL", "INBOM", "INMAA", "INBLR"),
              NOLIST,
              NOLIST,
              NOLIST,
              NOLIST,
              NOLIST,
              "IND",
              "India",
              0},
};

/* Sellers are made from parts: a country's brand words, a line's trade
 * word, a city and a legal form. A seller is one (country kit, line,
 * brand) and keeps its name, address, city and EORI number. */
enum { LANG_EN, LANG_DE, LANG_TR, LANG_COUNT };

static const list LINE_WORDS[L_COUNT][LANG_COUNT] = {
    [L_AP] = {LIST("Apparel", "Fashion", "Garment"),
              LIST("Mode", "Textilhandel"), LIST("Tekstil", "Konfeksiyon")},
    [L_SB] = {LIST("Leather Goods", "Bags", "Footwear"),
              LIST("Lederwaren", "Schuhhaus"), LIST("Deri", "Çanta")},
    [L_JW] = {LIST("Jewelry", "Accessories", "Watch Trading"),
              LIST("Schmuck", "Uhren"), LIST("Kuyumculuk", "Aksesuar")},
    [L_EL] = {LIST("Electronics", "Technology", "Digital"),
              LIST("Elektronik", "Technik"), LIST("Elektronik", "Teknoloji")},
    [L_PC] = {LIST("Computer", "Digital Technology", "Peripherals"),
              LIST("Computertechnik", "Datentechnik"),
              LIST("Bilgisayar", "Bilişim")},
    [L_HK] = {LIST("Homeware", "Kitchenware", "Household Products"),
              LIST("Küchenwaren", "Haushaltswaren"),
              LIST("Ev Gereçleri", "Mutfak")},
    [L_HT] = {LIST("Textiles", "Home Textiles", "Linen"),
              LIST("Heimtextilien", "Weberei"), LIST("Ev Tekstili", "Dokuma")},
    [L_TY] = {LIST("Toys", "Toys & Games", "Hobby"),
              LIST("Spielwaren", "Spielzeug"), LIST("Oyuncak", "Oyun")},
    [L_BE] = {LIST("Cosmetics", "Beauty", "Beauty Lab"),
              LIST("Kosmetik", "Naturkosmetik"), LIST("Kozmetik", "Güzellik")},
    [L_FD] = {LIST("Tea", "Foods", "Trading"),
              LIST("Feinkost", "Kaffeerösterei"), LIST("Gıda", "Lokumcu")},
    [L_SP] = {LIST("Sports", "Fitness Gear", "Outdoor"),
              LIST("Sportartikel", "Outdoor"), LIST("Spor", "Outdoor")},
    [L_PT] = {LIST("Pet Supplies", "Pet Products"),
              LIST("Tierbedarf", "Heimtierbedarf"),
              LIST("Evcil Hayvan", "Pet")},
    [L_MU] = {LIST("Music", "Arts & Crafts", "Instruments"),
              LIST("Musikhaus", "Künstlerbedarf"), LIST("Müzik", "Sanat")},
    [L_BK] = {LIST("Stationery", "Paper Products", "Books"),
              LIST("Papeterie", "Buchhandlung"), LIST("Kırtasiye", "Kitap")},
    [L_DC] = {LIST("Crafts", "Home Decor", "Gifts"),
              LIST("Wohnaccessoires", "Kunsthandwerk"),
              LIST("Hediyelik", "Dekorasyon")},
    [L_XX] = {LIST("Trading"), LIST("Handel"), LIST("Ticaret")},
};

static const char *const CN_LINE_WORDS[L_COUNT] = {
    [L_AP] = "服饰",     [L_SB] = "皮具",     [L_JW] = "饰品",
    [L_EL] = "电子",     [L_PC] = "数码",     [L_HK] = "家居用品",
    [L_HT] = "纺织",     [L_TY] = "玩具",     [L_BE] = "化妆品",
    [L_FD] = "茶业",     [L_SP] = "体育用品", [L_PT] = "宠物用品",
    [L_MU] = "文化用品", [L_BK] = "文具",     [L_DC] = "工艺品",
    [L_XX] = "贸易",
};

enum { P_ALIEXPRESS, P_AMZN, P_TEMU, P_EBAY, P_ETSY, P_SHEIN, P_COUNT };
static const char *const PLATFORMS[P_COUNT] = {"ALIEXPRESS", "AMZN", "TEMU",
                                               "EBAY",       "ETSY", "SHEIN"};

#define M(l) (1u << (l))
#define PM(p) (1u << (p))

typedef struct kit {
  int c, weight, lang;
  unsigned lines, platforms;
  list brands, brands_native, forms;
  bool city_in_name;
} kit;

static const kit KITS[] = {
    {C_CN, 40, LANG_EN,
     M(L_AP) | M(L_SB) | M(L_JW) | M(L_EL) | M(L_PC) | M(L_HK) | M(L_HT) |
         M(L_TY) | M(L_BE) | M(L_FD) | M(L_SP) | M(L_PT) | M(L_DC) | M(L_MU) |
         M(L_BK),
     PM(P_ALIEXPRESS) | PM(P_TEMU) | PM(P_AMZN) | PM(P_EBAY) | PM(P_SHEIN),
     LIST("Huaxin", "Xinyuan", "Hengda", "Jiayi", "Meiyu", "Xinxing",
          "Shenghua", "Jincheng", "Hongyuan", "Tianyou", "Yongsheng", "Shunfa",
          "Boyuan", "Ruifeng", "Jubao", "Longteng", "Kaili", "Weiye", "Huitong",
          "Dongsheng", "Fuxing", "Jintai", "Huamei", "Kangda", "Dexin",
          "Yuanhang", "Zhengtai", "Haina", "Lixin", "Guangming"),
     LIST("华信", "鑫源", "恒达", "佳怡", "美宇", "新星", "盛华", "金诚",
          "宏远", "天佑", "永盛", "顺发", "博远", "瑞丰", "聚宝", "龙腾",
          "凯利", "伟业", "汇通", "东升", "福星", "金泰", "华美", "康达",
          "德信", "远航", "正泰", "海纳", "立信", "光明"),
     LIST(" Co., Ltd.", " Co., Ltd.", " Trading Co., Ltd.",
          " Import & Export Co., Ltd."),
     true},
    {C_HK, 7, LANG_EN, M(L_JW) | M(L_EL) | M(L_PC),
     PM(P_EBAY) | PM(P_AMZN) | PM(P_ALIEXPRESS),
     LIST("Kowloon", "Victoria Harbour", "Golden Dragon", "Lucky Star",
          "Pearl River", "Harbour City", "Jade Garden", "Silver Bay",
          "Lion Rock", "Orient Star", "Dragon Gate", "Sai Kung", "Wing Fat",
          "Kam Wah", "Tai Hing", "Sun Kee", "Man Yuen", "Hing Lung",
          "Eastern Pearl", "Grand Century", "Good Hope", "Sky Bridge",
          "Bright Ocean", "Tung Fook"),
     NOLIST, LIST(" Ltd.", " Co., Limited", " Trading Limited"), false},
    {C_US, 10, LANG_EN,
     M(L_AP) | M(L_SB) | M(L_EL) | M(L_SP) | M(L_PT) | M(L_FD) | M(L_BE) |
         M(L_BK) | M(L_DC) | M(L_MU),
     PM(P_AMZN) | PM(P_EBAY) | PM(P_ETSY),
     LIST("Brooklyn", "Pacific Trail", "Sunrise", "Nashville", "Golden Gate",
          "Blue Ridge", "Lone Star", "Great Lakes", "Evergreen", "Red Rock",
          "Cascade", "Silver Creek", "Liberty", "Hudson Valley",
          "Rocky Mountain", "Bayou", "Sierra", "Prairie", "Harbor Point",
          "Desert Sun", "Atlantic", "Redwood", "Cedar Hill", "Copper Canyon",
          "Magnolia", "Lakeside", "Mesa", "Chesapeake"),
     NOLIST, LIST(" LLC", ", Inc.", " Co. LLC"), false},
    {C_GB, 8, LANG_EN,
     M(L_AP) | M(L_HT) | M(L_FD) | M(L_BK) | M(L_DC) | M(L_MU) | M(L_PT) |
         M(L_TY),
     PM(P_AMZN) | PM(P_EBAY) | PM(P_ETSY),
     LIST("Highland", "Camden", "Albion", "Cotswold", "Thames", "Pennine",
          "Windsor", "Yorkshire", "Brighton", "Kensington", "Cornish",
          "Lakeland", "Devon", "Shetland", "Mayfair", "Royal Oak", "Hampshire",
          "Norfolk", "Cambridge", "Chiltern", "Sussex", "Mersey", "Tyne",
          "Clyde", "Severn"),
     NOLIST, LIST(" Ltd", " Limited", " Trading Ltd"), false},
    {C_TR, 8, LANG_TR,
     M(L_AP) | M(L_HT) | M(L_SB) | M(L_FD) | M(L_DC) | M(L_JW),
     PM(P_ETSY) | PM(P_AMZN) | PM(P_EBAY),
     LIST("Anatolia", "Ege", "Bosphorus", "Kapadokya", "Marmara", "Pamukkale",
          "Karadeniz", "Galata", "Efes", "Toros", "Akdeniz", "Uludağ", "Bodrum",
          "Truva", "Sultan", "Lale", "Yıldız", "Altın", "Kartal", "Güneş",
          "İpek", "Mavi", "Nazar", "Kervan", "Çınar"),
     NOLIST, LIST(" Ltd. Şti.", " San. ve Tic. Ltd. Şti."), false},
    {C_KR, 6, LANG_EN, M(L_BE) | M(L_EL) | M(L_AP) | M(L_FD) | M(L_SP),
     PM(P_AMZN) | PM(P_EBAY),
     LIST("Hanbit", "Seoul Beauty", "Busan", "Jeju", "Hangang", "Daehan",
          "Sejong", "Mirae", "Haneul", "Saerom", "Bitna", "Dasom", "Areum",
          "Gaon", "Nuri", "Namsan", "Seorak", "Hallasan", "Donghae", "Hwarang",
          "Baekje", "Silla", "Goryeo"),
     NOLIST, LIST(" Co., Ltd.", " Corp."), false},
    {C_JP, 5, LANG_EN,
     M(L_HK) | M(L_BK) | M(L_TY) | M(L_FD) | M(L_MU) | M(L_EL),
     PM(P_AMZN) | PM(P_EBAY) | PM(P_ETSY),
     LIST("Sakura", "Kyoto", "Osaka", "Fuji", "Hokkaido", "Shinjuku", "Kansai",
          "Yamato", "Asahi", "Hikari", "Midori", "Sora", "Tsubasa", "Hoshi",
          "Kiku", "Sendai", "Nagoya", "Kobe", "Nara", "Akita", "Aoi", "Momiji",
          "Tsuru"),
     NOLIST, LIST(" Co., Ltd.", " Inc."), false},
    {C_VN, 4, LANG_EN, M(L_AP) | M(L_FD) | M(L_SB) | M(L_DC),
     PM(P_ETSY) | PM(P_EBAY) | PM(P_AMZN),
     LIST("Saigon", "Hanoi", "Mekong", "Hoi An", "Halong", "Sapa", "Lotus",
          "Bamboo", "Lac Hong", "Phu Quoc", "Dalat", "Cuu Long", "Thang Long",
          "Hoa Sen", "Binh Minh", "Phuong Nam", "Kim Long", "Truong Son",
          "Ben Thanh", "Nha Trang"),
     NOLIST, LIST(" Co., Ltd.", " Trading Co., Ltd."), false},
    {C_IN, 6, LANG_EN,
     M(L_AP) | M(L_HT) | M(L_JW) | M(L_FD) | M(L_BE) | M(L_DC),
     PM(P_ETSY) | PM(P_AMZN) | PM(P_EBAY),
     LIST("Jaipur", "Mumbai", "Kashmir", "Assam Valley", "Kerala", "Ganga",
          "Himalaya", "Rajasthan", "Bengal", "Deccan", "Indus", "Shree Ganesh",
          "Krishna", "Lakshmi", "Mysore", "Kaveri", "Narmada", "Malabar",
          "Konark", "Ajanta", "Nilgiri", "Darjeeling", "Varanasi"),
     NOLIST, LIST(" Pvt. Ltd.", " Exports Pvt. Ltd."), false},
    {C_DE, 6, LANG_DE,
     M(L_HK) | M(L_TY) | M(L_JW) | M(L_SP) | M(L_PT) | M(L_BK) | M(L_MU) |
         M(L_FD),
     PM(P_AMZN) | PM(P_EBAY) | PM(P_ETSY),
     LIST("Müller", "Schwarzwald", "Berliner", "Bayerische", "Hanseatische",
          "Rhein", "Elbe", "Alpen", "Harz", "Spreewald", "Nordsee", "Ostsee",
          "Eifel", "Taunus", "Weser", "Neckar", "Mosel", "Allgäu", "Hoffmann",
          "Sonnenberg", "Lindenhof", "Adler", "Falken", "Eichen"),
     NOLIST, LIST(" GmbH", " GmbH & Co. KG", " AG"), false},
};
#define KIT_COUNT ((int)COUNT(KITS))

/* Private senders of gifts, by country. */
static const struct {
  int c, weight;
} GIFT_FROM[] = {{C_CN, 20}, {C_HK, 5},  {C_US, 15}, {C_GB, 12}, {C_TR, 10},
                 {C_VN, 6},  {C_IN, 12}, {C_JP, 8},  {C_KR, 6},  {C_DE, 6}};

/* Lines a private person sends as gifts. */
static const unsigned GIFT_LINES =
    M(L_AP) | M(L_FD) | M(L_TY) | M(L_DC) | M(L_BK) | M(L_BE) | M(L_HT);

/* Destinations of consignments, weighted. */
static const struct {
  int c, weight;
} DESTINATIONS[] = {{C_DE, 14}, {C_FR, 11}, {C_NL, 7}, {C_BE, 4}, {C_PL, 6},
                    {C_IT, 8},  {C_ES, 7},  {C_AT, 3}, {C_SE, 3}, {C_IE, 3},
                    {C_CZ, 2},  {C_PT, 2},  {C_DK, 2}, {C_FI, 2}, {C_GB, 8},
                    {C_US, 8},  {C_CA, 3},  {C_AU, 3}, {C_KR, 2}, {C_JP, 2}};

/* Road links (departure, destination). */
static bool road_link(int dep, int dest) {
  if (dep == C_TR)
    return dest == C_DE || dest == C_AT || dest == C_NL || dest == C_BE ||
           dest == C_FR || dest == C_PL || dest == C_IT || dest == C_CZ;
  if (dep == C_GB)
    return dest == C_FR || dest == C_BE || dest == C_NL || dest == C_DE ||
           dest == C_IE;
  if (dep == C_DE)
    return dest == C_GB;
  return false;
}

/* Express carriers and their IATA airline prefixes. */
typedef struct carrier {
  const char *name, *prefix;
  int weight;
  int only; /* departure country, or -1 */
} carrier;

static const carrier CARRIERS[] = {
    {"DHL-EXPRESS", "615", 50, -1}, {"FEDEX", "023", 25, -1},
    {"UPS", "406", 25, -1},         {"YUNEXPRESS", "784", 12, C_CN},
    {"CAINIAO", "999", 12, C_CN},   {"4PX", "112", 8, C_CN},
    {"SF-EXPRESS", "781", 8, C_CN}, {"SF-EXPRESS", "160", 10, C_HK},
    {"ARAMEX", "235", 6, C_TR},     {"ARAMEX", "098", 6, C_IN},
    {"EMS-KR", "180", 6, C_KR},     {"YAMATO", "131", 6, C_JP},
};
#define CARRIER_COUNT ((int)COUNT(CARRIERS))

static const list S10_SMALL =
    LIST("LP", "LX", "LZ", "RB", "RR", "RS", "UA", "UB", "UH", "HA");
static const list S10_LARGE = LIST("CP", "CX", "CY", "EE", "EA", "EM");

enum { CAT_SALE, CAT_GIFT, CAT_SAMPLE, CAT_RETURN, CAT_DOCUMENTS, CAT_COUNT };
static const char *const CATEGORIES[CAT_COUNT] = {
    "sale_of_goods", "gift", "commercial_sample", "returned_goods",
    "documents"};

enum { MODE_AIR, MODE_POST, MODE_ROAD, MODE_SEA };
static const char *const MODES[] = {"air", "post", "road", "sea"};

/* Value thresholds of the built-in profiles: EUR 150 for EU destinations,
 * USD 800 for US ones. Clean totals keep clear of the band just under
 * them (risk.near_threshold fires within 10 %). */
static bool threshold_of(int dest, int *cur, int64_t *amount) {
  if (COUNTRIES[dest].eu) {
    *cur = K_EUR;
    *amount = 150;
    return true;
  }
  if (dest == C_US) {
    *cur = K_USD;
    *amount = 800;
    return true;
  }
  return false;
}

/* ---- days ---------------------------------------------------------------- */

static int32_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  int32_t era = (y >= 0 ? y : y - 399) / 400;
  int32_t yoe = y - era * 400;
  int32_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void civil_from_days(int32_t z, int *y, int *m, int *d) {
  z += 719468;
  int32_t era = (z >= 0 ? z : z - 146096) / 146097;
  int32_t doe = z - era * 146097;
  int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int32_t mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp + (mp < 10 ? 3 : -9);
  *y = yoe + era * 400 + (*m <= 2);
}

/* ---- the consignment in memory ------------------------------------------- */

enum {
  F_SHIPMENT_ID,
  F_AWB,
  F_POSTAL_ITEM_ID,
  F_SELLER_NAME,
  F_SELLER_ADDRESS,
  F_SELLER_CITY,
  F_SELLER_POSTCODE,
  F_SELLER_COUNTRY,
  F_SELLER_ID,
  F_BUYER_NAME,
  F_BUYER_ADDRESS,
  F_BUYER_CITY,
  F_BUYER_POSTCODE,
  F_BUYER_COUNTRY,
  F_BUYER_EMAIL,
  F_BUYER_PHONE,
  F_PLATFORM_ID,
  F_CARRIER_ID,
  F_PIECES,
  F_GROSS_WEIGHT,
  F_TOTAL_VALUE,
  F_CURRENCY,
  F_CATEGORY,
  F_TRANSPORT_MODE,
  F_DEPARTURE_COUNTRY,
  F_DEPARTURE_LOCATION,
  F_DESTINATION_COUNTRY,
  F_ARRIVAL_LOCATION,
  F_DEPARTURE_DATE,
  F_ARRIVAL_DATE,
  F_DECLARATION_DATE,
  NF
};
enum {
  I_DESCRIPTION,
  I_HS_CODE,
  I_QUANTITY,
  I_ITEM_VALUE,
  I_NET_WEIGHT,
  I_ORIGIN_COUNTRY,
  NI
};

static const char *const CONSIGNMENT_FIELDS[NF] = {"shipment_id",
                                                   "awb",
                                                   "postal_item_id",
                                                   "seller_name",
                                                   "seller_address",
                                                   "seller_city",
                                                   "seller_postcode",
                                                   "seller_country",
                                                   "seller_id",
                                                   "buyer_name",
                                                   "buyer_address",
                                                   "buyer_city",
                                                   "buyer_postcode",
                                                   "buyer_country",
                                                   "buyer_email",
                                                   "buyer_phone",
                                                   "platform_id",
                                                   "carrier_id",
                                                   "pieces",
                                                   "gross_weight",
                                                   "total_value",
                                                   "currency",
                                                   "category",
                                                   "transport_mode",
                                                   "departure_country",
                                                   "departure_location",
                                                   "destination_country",
                                                   "arrival_location",
                                                   "departure_date",
                                                   "arrival_date",
                                                   "declaration_date"};
static const char *const ITEM_FIELDS[NI] = {"description", "hs_code",
                                            "quantity",    "item_value",
                                            "net_weight",  "origin_country"};

/* Fields whose JSON value is a number when its text is one. */
static bool numeric_field(int f) {
  return f == F_PIECES || f == F_GROSS_WEIGHT || f == F_TOTAL_VALUE;
}
static bool numeric_item_field(int f) {
  return f == I_QUANTITY || f == I_ITEM_VALUE || f == I_NET_WEIGHT;
}

#define MAX_ITEMS 4
#define ARENA 8192

typedef struct item {
  const char *f[NI];
  int good, qty;
  int64_t unit;  /* unit price in minor units of the currency */
  int64_t minor; /* line value */
  int64_t grams; /* line net weight */
} item;

typedef struct cons {
  const char *f[NF]; /* NULL: absent */
  item it[MAX_ITEMS];
  int n;
  /* what the values were made from */
  int cat, cur, seller_c, buyer_c, dep_c, mode, pieces;
  bool postal, company;
  int64_t total, gross;
  int32_t dep_day, arr_day, decl_day;
  size_t used;
  char arena[ARENA];
} cons;

/* Appending text to the arena: one string at a time. */
typedef struct sb {
  cons *c;
  char *p;
  size_t n, cap;
} sb;

static sb sb_begin(cons *c) {
  sb b = {c, c->arena + c->used, 0, ARENA - c->used - 1};
  return b;
}

static void sb_mem(sb *b, const char *s, size_t k) {
  if (k > b->cap - b->n)
    k = b->cap - b->n;
  memcpy(b->p + b->n, s, k);
  b->n += k;
}

static void sb_str(sb *b, const char *s) { sb_mem(b, s, strlen(s)); }

static void sb_chr(sb *b, char ch) {
  if (b->n < b->cap)
    b->p[b->n++] = ch;
}

/* Decimal, at least `width` digits (at most 20). */
static void sb_uint(sb *b, uint64_t v, int width) {
  char t[24];
  int k = 24;
  do {
    t[--k] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (24 - k < width && k > 4)
    t[--k] = '0';
  sb_mem(b, t + k, (size_t)(24 - k));
}

static const char *sb_end(sb *b) {
  b->p[b->n] = '\0';
  b->c->used += b->n + 1;
  return b->p;
}

/* An amount in minor units as text: 1234 with 2 decimals is "12.34". */
static const char *money(cons *c, int64_t minor, int decimals) {
  sb b = sb_begin(c);
  if (minor < 0) {
    sb_chr(&b, '-');
    minor = -minor;
  }
  int64_t p = pow10i(decimals);
  sb_uint(&b, (uint64_t)(minor / p), 1);
  if (decimals) {
    sb_chr(&b, '.');
    sb_uint(&b, (uint64_t)(minor % p), decimals);
  }
  return sb_end(&b);
}

static const char *kg(cons *c, int64_t grams) { return money(c, grams, 3); }

static const char *integer(cons *c, int64_t v) { return money(c, v, 0); }

static const char *date_text(cons *c, int32_t day) {
  int y, m, d;
  civil_from_days(day, &y, &m, &d);
  sb b = sb_begin(c);
  sb_uint(&b, (uint64_t)y, 4);
  sb_chr(&b, '-');
  sb_uint(&b, (uint64_t)m, 2);
  sb_chr(&b, '-');
  sb_uint(&b, (uint64_t)d, 2);
  return sb_end(&b);
}

/* Expands a street pattern ({n} {m} {k} {a} {A}) or a postcode pattern
 * ('#': a digit). */
static void expand(sb *b, const char *pat, rng *r) {
  for (const char *p = pat; *p; p++) {
    if (*p == '#') {
      sb_chr(b, (char)('0' + below(r, 10)));
    } else if (p[0] == '{' && p[1] && p[2] == '}') {
      switch (p[1]) {
      case 'n':
        sb_uint(b, (uint64_t)irange(r, 1, 180), 1);
        break;
      case 'm':
        sb_uint(b, (uint64_t)irange(r, 1, 9), 1);
        break;
      case 'k':
        sb_uint(b, (uint64_t)irange(r, 1, 30), 1);
        break;
      case 'a':
        sb_uint(b, (uint64_t)irange(r, 1, 3), 1);
        break;
      case 'A':
        sb_chr(b, (char)('A' + below(r, 4)));
        break;
      default:
        sb_mem(b, p, 3);
        break;
      }
      p += 2;
    } else {
      sb_chr(b, *p);
    }
  }
}

static const char *expanded(cons *c, const char *pat, rng *r) {
  sb b = sb_begin(c);
  expand(&b, pat, r);
  return sb_end(&b);
}

/* Lower-case ASCII letters of a name for an e-mail address: Latin letters
 * with diacritics lose them, everything else is dropped. */
static void fold_ascii(sb *b, const char *s) {
  static const char LATIN1[] = "aaaaaaaceeeeiiiidnooooo ouuuuyts"
                               "aaaaaaaceeeeiiiidnooooo ouuuuyty";
  static const char EXT_A[] =
      "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllllll"
      "lnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
  for (const unsigned char *p = (const unsigned char *)s; *p;) {
    unsigned ch = *p;
    if (ch < 0x80) {
      if (ch >= 'A' && ch <= 'Z')
        sb_chr(b, (char)(ch + 32));
      else if (ch >= 'a' && ch <= 'z')
        sb_chr(b, (char)ch);
      p++;
      continue;
    }
    if ((ch & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
      unsigned cp = ((ch & 0x1Fu) << 6) | (p[1] & 0x3Fu);
      if (cp == 0xDF) {
        sb_str(b, "ss");
      } else if (cp == 0xC6 || cp == 0xE6) {
        sb_str(b, "ae");
      } else if (cp == 0x152 || cp == 0x153) {
        sb_str(b, "oe");
      } else if (cp >= 0xC0 && cp <= 0xFF && LATIN1[cp - 0xC0] != ' ') {
        sb_chr(b, LATIN1[cp - 0xC0]);
      } else if (cp >= 0x100 && cp - 0x100 < sizeof EXT_A - 1) {
        sb_chr(b, EXT_A[cp - 0x100]);
      }
      p += 2;
      continue;
    }
    p++; /* other scripts: dropped */
    while ((*p & 0xC0) == 0x80)
      p++;
  }
}

/* ---- the generator ------------------------------------------------------- */

#define RING 16     /* recent shipment ids, for duplicate-id defects */
#define POOL_MAX 40 /* goods of one line sold from one country */

typedef struct defect_class defect_class;

#define DAYS_FROM 18600 /* 2020-12-04: before every date made */
#define DAYS_CACHED 2200

typedef struct gen {
  uint64_t seed, records;
  double rate;
  bool ndjson;
  FILE *out, *manifest;
  char *buf;
  size_t len, cap;
  bool write_failed, watchlist;
  int watch; /* the watch-list entry of a risk.watchlist defect */
  /* goods by seller country and line */
  unsigned char pool[C_COUNT][L_COUNT][POOL_MAX];
  unsigned char pool_n[C_COUNT][L_COUNT];
  int documents; /* the documents good */
  int kit_of[C_COUNT];
  /* id counters */
  uint32_t awb_count[CARRIER_COUNT];
  uint32_t s10_count[C_COUNT + 1];
  /* items written per HS heading (risk.low_value_per_kg compares with
     the batch's median per heading once it has seen enough) */
  uint32_t heading_items[10000];
  /* recent shipment ids */
  char ring[RING][32];
  size_t ring_n;
  /* "YYYY-MM-DD" of the days the generator uses, from DAYS_FROM */
  char days[DAYS_CACHED][11];
  /* defect classes whose rule the library has */
  const defect_class *classes[40];
  int class_count;
  /* split-shipment group in progress */
  int group_left;
  uint64_t group_buyer;
  int group_kit, group_line, group_brand, group_dest, group_cur;
  int32_t group_day;
  int64_t group_values[3];
  cons cur;
} gen;

static void init_days(gen *g) {
  for (int32_t i = 0; i < DAYS_CACHED; i++) {
    int y, m, d;
    civil_from_days(DAYS_FROM + i, &y, &m, &d);
    snprintf(g->days[i], sizeof g->days[i], "%04d-%02d-%02d", y, m, d);
  }
}

/* A day as text: from the cache, else made in the arena. */
static const char *day_text(const gen *g, cons *c, int32_t day) {
  if (day >= DAYS_FROM && day < DAYS_FROM + DAYS_CACHED)
    return g->days[day - DAYS_FROM];
  return date_text(c, day);
}

static void init_pools(gen *g) {
  g->documents = -1;
  for (int i = 0; i < GOOD_COUNT; i++) {
    const good *gd = &GOODS[i];
    if (gd->line == L_XX) {
      g->documents = i;
      continue;
    }
    for (int c = 0; c < C_COUNT; c++) {
      if (gd->only[0]) {
        bool ok = false;
        for (const char *o = gd->only; o[0] && o[1]; o += 2)
          ok |= o[0] == COUNTRIES[c].cc[0] && o[1] == COUNTRIES[c].cc[1];
        if (!ok)
          continue;
      }
      if (g->pool_n[c][gd->line] < POOL_MAX)
        g->pool[c][gd->line][g->pool_n[c][gd->line]++] = (unsigned char)i;
    }
  }
  for (int c = 0; c < C_COUNT; c++)
    g->kit_of[c] = -1;
  for (int k = 0; k < KIT_COUNT; k++)
    g->kit_of[KITS[k].c] = k;
}

/* Constraints on a consignment, set by a defect class or a group. */
typedef struct want {
  int cat;         /* -1: any */
  int kit;         /* -1: any; else a company seller of this kit */
  int line, brand; /* with kit: -1 any */
  int good;        /* -1: any; else the first item's goods */
  int items;       /* 0: any */
  int postal;      /* 0: any, 1: postal, 2: express */
  int dest;        /* -1: any */
  int dests;       /* DS_* */
  int cur;         /* -1: the usual */
  bool seller_id;  /* the seller gives its EORI number */
  bool company;    /* a gift from a company */
  bool contact;    /* the buyer gives e-mail and phone */
  uint64_t buyer;  /* 0: a new buyer */
  int32_t day;     /* departure day, or -1 */
  int64_t target;  /* total in minor units, or 0 */
} want;

enum { DS_ANY, DS_EU_EUR, DS_SWAP };

static want want_any(void) {
  want w = {.cat = -1,
            .kit = -1,
            .line = -1,
            .brand = -1,
            .good = -1,
            .dest = -1,
            .dests = DS_ANY,
            .cur = -1,
            .day = -1};
  return w;
}

static bool dest_allowed(int dest, int dests) {
  const country *d = &COUNTRIES[dest];
  switch (dests) {
  case DS_EU_EUR:
    return d->eu && d->cur == K_EUR;
  case DS_SWAP:
    return d->eu && d->swap != 0;
  default:
    return true;
  }
}

static int weighted_dest(rng *r, int seller_c, int dests) {
  int total = 0;
  for (size_t i = 0; i < COUNT(DESTINATIONS); i++) {
    int c = DESTINATIONS[i].c;
    if (c == seller_c || (COUNTRIES[seller_c].eu && COUNTRIES[c].eu) ||
        !dest_allowed(c, dests))
      continue;
    total += DESTINATIONS[i].weight;
  }
  int x = (int)below(r, (uint32_t)total);
  for (size_t i = 0; i < COUNT(DESTINATIONS); i++) {
    int c = DESTINATIONS[i].c;
    if (c == seller_c || (COUNTRIES[seller_c].eu && COUNTRIES[c].eu) ||
        !dest_allowed(c, dests))
      continue;
    if ((x -= DESTINATIONS[i].weight) < 0)
      return c;
  }
  return C_DE;
}

static int weighted_kit(rng *r) {
  int total = 0;
  for (int k = 0; k < KIT_COUNT; k++)
    total += KITS[k].weight;
  int x = (int)below(r, (uint32_t)total);
  for (int k = 0; k < KIT_COUNT; k++)
    if ((x -= KITS[k].weight) < 0)
      return k;
  return 0;
}

static int gift_country(rng *r) {
  int total = 0;
  for (size_t i = 0; i < COUNT(GIFT_FROM); i++)
    total += GIFT_FROM[i].weight;
  int x = (int)below(r, (uint32_t)total);
  for (size_t i = 0; i < COUNT(GIFT_FROM); i++)
    if ((x -= GIFT_FROM[i].weight) < 0)
      return GIFT_FROM[i].c;
  return C_US;
}

/* A random line of the mask that has goods for country c. */
static int pick_line(const gen *g, rng *r, int c, unsigned mask) {
  int lines[L_COUNT], n = 0;
  for (int l = 0; l < L_COUNT; l++)
    if ((mask & M(l)) && g->pool_n[c][l])
      lines[n++] = l;
  return n ? lines[below(r, (uint32_t)n)] : -1;
}

static const list CN_STREETS_NATIVE =
    LIST("中山路{n}号", "人民路{n}号{k}楼", "建设路{n}号", "科技园南区{n}号");

/* A person: name, address, city, postcode of country c, from a seed. The
 * e-mail address's parts go to first_ascii and last_ascii (arena). */
typedef struct person {
  const char *name, *address, *city, *postcode;
  const char *first_ascii, *last_ascii;
} person;

static const char *ascii_of(cons *c, const pname *n) {
  sb b = sb_begin(c);
  if (n->ascii)
    fold_ascii(&b, n->ascii);
  else
    fold_ascii(&b, n->s);
  return sb_end(&b);
}

static person make_person(cons *c, int cc, uint64_t seed) {
  const country *co = &COUNTRIES[cc];
  rng r = rseed(seed, (uint64_t)cc * 7919u + 17u);
  const pname *first = &co->first.v[below(&r, (uint32_t)co->first.n)];
  const pname *last = &co->last.v[below(&r, (uint32_t)co->last.n)];
  const city *ci = &co->places.v[below(&r, (uint32_t)co->places.n)];
  bool native = co->style == STYLE_CJK && chance(&r, 0.5) && ci->native != NULL;
  person p;
  sb b = sb_begin(c);
  if (co->style == STYLE_CJK) {
    if (native) {
      sb_str(&b, last->s);
      if (cc == C_JP)
        sb_chr(&b, ' ');
      sb_str(&b, first->s);
    } else if (cc == C_CN) {
      sb_str(&b, last->ascii);
      sb_chr(&b, ' ');
      sb_str(&b, first->ascii);
    } else {
      sb_str(&b, first->ascii);
      sb_chr(&b, ' ');
      sb_str(&b, last->ascii);
    }
  } else if (co->style == STYLE_EAST) {
    sb_str(&b, last->s);
    sb_chr(&b, ' ');
    sb_str(&b, first->s);
  } else {
    sb_str(&b, first->s);
    sb_chr(&b, ' ');
    sb_str(&b, last->s);
  }
  p.name = sb_end(&b);
  list streets = co->streets;
  if (native && ci->streets_native.n)
    streets = ci->streets_native;
  else if (native && cc == C_CN)
    streets = CN_STREETS_NATIVE;
  else if (ci->streets.n)
    streets = ci->streets;
  p.address = expanded(c, pick(&r, streets), &r);
  p.city = native ? ci->native : ci->name;
  p.postcode =
      ci->postcodes.n ? expanded(c, pick(&r, ci->postcodes), &r) : NULL;
  p.first_ascii = ascii_of(c, first);
  p.last_ascii = ascii_of(c, last);
  return p;
}

/* A company seller: (kit, line, brand) always gives the same name, address
 * and EORI number. Sets the seller fields. */
static void make_seller(cons *c, int k, int line, int brand, bool force_id,
                        bool latin) {
  const kit *kt = &KITS[k];
  const country *co = &COUNTRIES[kt->c];
  uint64_t key = ((uint64_t)k << 40) ^ ((uint64_t)line << 32) ^ (uint64_t)brand;
  rng r = rseed(key, 0x5e11e7u);
  const city *ci = &co->places.v[below(&r, (uint32_t)co->places.n)];
  bool native = kt->brands_native.n && chance(&r, 0.2) && !latin;
  sb b = sb_begin(c);
  if (native) {
    sb_str(&b, ci->native);
    sb_str(&b, kt->brands_native.v[brand % kt->brands_native.n]);
    sb_str(&b, CN_LINE_WORDS[line]);
    sb_str(&b, "有限公司");
  } else {
    if (kt->city_in_name && chance(&r, 0.5)) {
      sb_str(&b, ci->name);
      sb_chr(&b, ' ');
    }
    sb_str(&b, kt->brands.v[brand]);
    sb_chr(&b, ' ');
    sb_str(&b, pick(&r, LINE_WORDS[line][kt->lang]));
    sb_str(&b, pick(&r, kt->forms));
  }
  c->f[F_SELLER_NAME] = sb_end(&b);
  list streets = native          ? CN_STREETS_NATIVE
                 : ci->streets.n ? ci->streets
                                 : co->streets;
  c->f[F_SELLER_ADDRESS] = expanded(c, pick(&r, streets), &r);
  c->f[F_SELLER_CITY] = native ? ci->native : ci->name;
  c->f[F_SELLER_POSTCODE] =
      ci->postcodes.n ? expanded(c, pick(&r, ci->postcodes), &r) : NULL;
  c->f[F_SELLER_COUNTRY] = co->cc;
  bool has_id = chance(&r, 0.55);
  int len = kt->c == C_DE                                       ? 15
            : kt->c == C_GB                                     ? 12
            : (kt->c == C_CN || kt->c == C_KR || kt->c == C_JP) ? 13
                                                                : 10;
  b = sb_begin(c);
  sb_str(&b, co->cc);
  for (int i = 0; i < len; i++)
    sb_chr(&b, (char)('0' + below(&r, 10)));
  const char *id = sb_end(&b);
  c->f[F_SELLER_ID] = has_id || force_id ? id : NULL;
}

static void make_buyer(cons *c, int cc, uint64_t seed, bool contact) {
  const country *co = &COUNTRIES[cc];
  person p = make_person(c, cc, seed);
  rng r = rseed(seed, 0xb1e7u);
  c->f[F_BUYER_NAME] = p.name;
  c->f[F_BUYER_ADDRESS] = p.address;
  c->f[F_BUYER_CITY] = p.city;
  c->f[F_BUYER_POSTCODE] = p.postcode;
  c->f[F_BUYER_COUNTRY] = co->cc;
  bool email =
      (chance(&r, 0.8) || contact) && p.first_ascii[0] && p.last_ascii[0];
  bool phone = chance(&r, 0.8) || contact || !email; /* one at least */
  if (email) {
    sb b = sb_begin(c);
    switch (below(&r, 3)) {
    case 0:
      sb_str(&b, p.first_ascii);
      sb_chr(&b, '.');
      sb_str(&b, p.last_ascii);
      break;
    case 1:
      sb_str(&b, p.first_ascii);
      sb_str(&b, p.last_ascii);
      sb_uint(&b, (uint64_t)irange(&r, 1, 99), 1);
      break;
    default:
      sb_chr(&b, p.first_ascii[0]);
      sb_chr(&b, '.');
      sb_str(&b, p.last_ascii);
      break;
    }
    sb_chr(&b, '@');
    sb_str(&b, pick(&r, co->mail));
    c->f[F_BUYER_EMAIL] = sb_end(&b);
  } else {
    c->f[F_BUYER_EMAIL] = NULL;
  }
  if (phone) {
    const char *pre = pick(&r, co->phone_pre);
    char digits[20];
    int n = 0;
    for (const char *q = pre; *q && n < 16; q++)
      digits[n++] = *q;
    if (co->phone_cc[0] == '1' && !co->phone_cc[1])
      digits[n++] = (char)('2' + below(&r, 8)); /* NANP exchange 2-9 */
    while (n < co->phone_len)
      digits[n++] = (char)('0' + below(&r, 10));
    int style = (int)below(&r, 3);
    int plen = (int)strlen(pre);
    sb b = sb_begin(c);
    sb_chr(&b, '+');
    sb_str(&b, co->phone_cc);
    if (style)
      sb_chr(&b, ' ');
    for (int i = 0; i < n; i++) {
      if (style == 2 && i == plen)
        sb_chr(&b, ' ');
      sb_chr(&b, digits[i]);
    }
    c->f[F_BUYER_PHONE] = sb_end(&b);
  } else {
    c->f[F_BUYER_PHONE] = NULL;
  }
}

/* ---- values and weights -------------------------------------------------- */

/* An amount in minor units of currency k, converted as the profiles do
 * (through EUR) into currency t, in major units. */
static double convert(int64_t minor, int k, int t) {
  double major = (double)minor / (double)pow10i(CURRENCIES[k].decimals);
  return major / CURRENCIES[k].per_eur * CURRENCIES[t].per_eur;
}

/* Whether a total is in, or within rounding of, the band just under the
 * destination's value threshold. */
static bool near_band(int dest, int k, int64_t total) {
  int t;
  int64_t amount;
  if (!threshold_of(dest, &t, &amount))
    return false;
  double v = convert(total, k, t);
  return v >= 0.87 * (double)amount && v < 1.01 * (double)amount;
}

/* A price in major units as minor units of currency k (currencies without
 * decimals in steps: JPY 10, KRW 100, VND 1000). */
static int64_t round_price(double major, int k) {
  const currency *cu = &CURRENCIES[k];
  if (cu->decimals == 0) {
    int64_t v = (int64_t)(major / cu->step + 0.5) * cu->step;
    return v < cu->step ? cu->step : v;
  }
  int64_t v = (int64_t)(major * (double)pow10i(cu->decimals) + 0.5);
  return v < 1 ? 1 : v;
}

static void sum_values(cons *c) {
  c->total = 0;
  for (int i = 0; i < c->n; i++)
    c->total += c->it[i].minor;
}

static void scale_values(cons *c, double f) {
  double p = (double)pow10i(CURRENCIES[c->cur].decimals);
  for (int i = 0; i < c->n; i++) {
    item *it = &c->it[i];
    it->unit = round_price((double)it->unit / p * f, c->cur);
    it->minor = it->unit * it->qty;
  }
  sum_values(c);
}

/* Makes the total exactly `target`, the items in proportion. */
static void set_target(cons *c, int64_t target) {
  scale_values(c, (double)target / (double)c->total);
  int64_t others = 0;
  for (int i = 0; i + 1 < c->n; i++)
    others += c->it[i].minor;
  if (others >= target) {
    others = 0;
    for (int i = 0; i + 1 < c->n; i++)
      others += c->it[i].minor = target / c->n;
  }
  c->it[c->n - 1].minor = target - others;
  c->total = target;
}

/* ---- building one consignment -------------------------------------------- */

static int hs_heading(const good *gd) {
  return (gd->hs[0] - '0') * 1000 + (gd->hs[1] - '0') * 100 +
         (gd->hs[2] - '0') * 10 + (gd->hs[3] - '0');
}

static const char *hs_text(cons *c, const char *hs, rng *r) {
  sb b = sb_begin(c);
  double u = unit(r);
  if (u < 0.15) {
    sb_mem(&b, hs, 4);
    sb_chr(&b, '.');
    sb_str(&b, hs + 4);
  } else if (u < 0.27) {
    sb_str(&b, hs);
    sb_str(&b, "00");
  } else if (u < 0.32) {
    sb_str(&b, hs);
    sb_uint(&b, (uint64_t)(below(r, 100) * 100 + 10 * below(r, 10)), 4);
  } else {
    sb_str(&b, hs);
  }
  return sb_end(&b);
}

static void build_items(gen *g, cons *c, rng *r, const want *w, int line) {
  int n = w->items;
  if (!n) {
    uint32_t x = below(r, 100);
    n = x < 72 ? 1 : x < 87 ? 2 : x < 96 ? 3 : 4;
  }
  int goods[POOL_MAX], m = 0;
  if (c->cat == CAT_DOCUMENTS) {
    goods[m++] = g->documents;
    n = 1;
  } else {
    for (int i = 0; i < g->pool_n[c->seller_c][line]; i++)
      goods[m++] = g->pool[c->seller_c][line][i];
  }
  if (w->good >= 0) { /* the wanted goods first */
    for (int i = 0; i < m; i++)
      if (goods[i] == w->good) {
        goods[i] = goods[0];
        goods[0] = w->good;
      }
  }
  if (n > m)
    n = m;
  c->n = n;
  const currency *cu = &CURRENCIES[c->cur];
  double p = (double)pow10i(cu->decimals);
  for (int i = 0; i < n; i++) {
    if (i > 0 || w->good < 0) { /* partial shuffle */
      int j = i + (int)below(r, (uint32_t)(m - i));
      int t = goods[i];
      goods[i] = goods[j];
      goods[j] = t;
    }
    const good *gd = &GOODS[goods[i]];
    item *it = &c->it[i];
    it->good = goods[i];
    it->qty = 1;
    if (gd->maxq > 1 && (c->cat == CAT_SALE || c->cat == CAT_GIFT) &&
        chance(r, 0.35))
      it->qty = irange(r, 2, gd->maxq);
    double eur = gd->eur * urange(r, 0.8, 1.25);
    if (c->cat == CAT_SAMPLE)
      eur = gd->eur * urange(r, 0.6, 0.7);
    if (c->cat == CAT_GIFT && eur > 45)
      eur = 45;
    double amount = eur * cu->per_eur;
    if (cu->decimals && chance(r, 0.6) && amount >= 1.5) {
      it->unit = (int64_t)(amount + 0.5) * (int64_t)p - 1; /* x.99 */
    } else {
      it->unit = round_price(amount, c->cur);
    }
    it->minor = it->unit * it->qty;
    int64_t grams = (int64_t)(gd->kg * 1000.0 * urange(r, 0.9, 1.15) + 0.5);
    it->grams = (grams < 1 ? 1 : grams) * it->qty;
  }
  sum_values(c);
}

static const char *s10(gen *g, cons *c, int cc, bool heavy, rng *r) {
  uint32_t k = g->s10_count[cc]++;
  uint32_t serial =
      (uint32_t)(((uint64_t)k * 7368787u + (uint64_t)cc * 1234567u) %
                 100000000u);
  static const int W[8] = {8, 6, 4, 2, 3, 5, 9, 7};
  char d[8];
  int s = 0;
  for (int i = 7; i >= 0; i--) {
    d[i] = (char)('0' + serial % 10);
    serial /= 10;
  }
  for (int i = 0; i < 8; i++)
    s += (d[i] - '0') * W[i];
  int check = 11 - s % 11;
  check = check == 10 ? 0 : check == 11 ? 5 : check;
  sb b = sb_begin(c);
  sb_str(&b, pick(r, heavy ? S10_LARGE : S10_SMALL));
  sb_mem(&b, d, 8);
  sb_chr(&b, (char)('0' + check));
  sb_str(&b, COUNTRIES[cc].cc);
  return sb_end(&b);
}

static const char *awb(gen *g, cons *c, int carrier_index) {
  uint32_t k = g->awb_count[carrier_index]++;
  uint32_t serial =
      (uint32_t)(((uint64_t)k * 3456789u + (uint64_t)carrier_index * 987654u) %
                 10000000u);
  sb b = sb_begin(c);
  sb_str(&b, CARRIERS[carrier_index].prefix);
  sb_chr(&b, '-');
  sb_uint(&b, serial, 7);
  sb_chr(&b, (char)('0' + serial % 7));
  return sb_end(&b);
}

static int pick_carrier(rng *r, int dep) {
  int total = 0;
  for (int i = 0; i < CARRIER_COUNT; i++)
    if (CARRIERS[i].only < 0 || CARRIERS[i].only == dep)
      total += CARRIERS[i].weight;
  int x = (int)below(r, (uint32_t)total);
  for (int i = 0; i < CARRIER_COUNT; i++)
    if (CARRIERS[i].only < 0 || CARRIERS[i].only == dep)
      if ((x -= CARRIERS[i].weight) < 0)
        return i;
  return 0;
}

static list dep_locations(int c, int mode) {
  const country *co = &COUNTRIES[c];
  if (mode == MODE_ROAD && co->dep_road.n)
    return co->dep_road;
  if (mode == MODE_SEA && co->dep_sea.n)
    return co->dep_sea;
  return co->dep_air;
}

static list arr_locations(int c, int mode) {
  const country *co = &COUNTRIES[c];
  if (mode == MODE_ROAD && co->arr_road.n)
    return co->arr_road;
  if (mode == MODE_SEA && co->arr_sea.n)
    return co->arr_sea;
  return co->arr_air;
}

/* Builds consignment number `index` (0-based) into g->cur. */
static void build(gen *g, uint64_t index, rng *r, const want *w) {
  cons *c = &g->cur;
  memset(c->f, 0, sizeof c->f);
  c->used = 0;
  c->n = 0;

  /* category and seller */
  int cat = w->cat;
  if (cat < 0) {
    double u = unit(r);
    cat = u < 0.88    ? CAT_SALE
          : u < 0.925 ? CAT_GIFT
          : u < 0.955 ? CAT_SAMPLE
          : u < 0.98  ? CAT_RETURN
                      : CAT_DOCUMENTS;
  }
  c->cat = cat;
  int line;
  if (cat == CAT_GIFT && !w->company) {
    c->company = false;
    c->seller_c = gift_country(r);
    person p = make_person(c, c->seller_c, rnext(r));
    c->f[F_SELLER_NAME] = p.name;
    c->f[F_SELLER_ADDRESS] = p.address;
    c->f[F_SELLER_CITY] = p.city;
    c->f[F_SELLER_POSTCODE] = p.postcode;
    c->f[F_SELLER_COUNTRY] = COUNTRIES[c->seller_c].cc;
    line = pick_line(g, r, c->seller_c, GIFT_LINES);
    if (line < 0)
      line = L_AP;
  } else {
    c->company = true;
    int k = w->kit >= 0 ? w->kit : weighted_kit(r);
    c->seller_c = KITS[k].c;
    line = w->line >= 0 ? w->line : pick_line(g, r, c->seller_c, KITS[k].lines);
    if (line < 0)
      line = L_AP;
    int brand =
        w->brand >= 0 ? w->brand : (int)below(r, (uint32_t)KITS[k].brands.n);
    make_seller(c, k, line, brand, w->seller_id, w->company);
  }
  if (w->good >= 0)
    line = GOODS[w->good].line;

  /* buyer */
  int dest = w->dest >= 0 ? w->dest : weighted_dest(r, c->seller_c, w->dests);
  c->buyer_c = dest;
  make_buyer(c, dest, w->buyer ? w->buyer : rnext(r), w->contact);

  /* marketplace and currency */
  const char *platform = NULL;
  int pl = -1;
  if (cat == CAT_SALE && c->company && chance(r, 0.93)) {
    unsigned mask = KITS[g->kit_of[c->seller_c]].platforms;
    if (line != L_AP && line != L_BE)
      mask &= ~PM(P_SHEIN);
    if (dest == C_KR)
      mask &= ~PM(P_AMZN);
    int opts[P_COUNT], n = 0;
    for (int i = 0; i < P_COUNT; i++)
      if (mask & PM(i))
        opts[n++] = i;
    if (n) {
      pl = opts[below(r, (uint32_t)n)];
      platform = PLATFORMS[pl];
      if (pl == P_AMZN)
        platform = dest == C_GB   ? "AMZN-UK"
                   : dest == C_US ? "AMZN-US"
                   : dest == C_CA ? "AMZN-CA"
                   : dest == C_AU ? "AMZN-AU"
                   : dest == C_JP ? "AMZN-JP"
                                  : "AMZN-EU";
    }
  }
  int seller_cur = COUNTRIES[c->seller_c].cur, buyer_cur = COUNTRIES[dest].cur;
  if (w->cur >= 0)
    c->cur = w->cur;
  else if (pl < 0)
    c->cur = cat == CAT_DOCUMENTS && chance(r, 0.5) ? K_USD : seller_cur;
  else if (pl == P_EBAY || pl == P_ETSY)
    c->cur = chance(r, 0.3) ? seller_cur : chance(r, 0.45) ? K_USD : buyer_cur;
  else
    c->cur = buyer_cur;
  const currency *cu = &CURRENCIES[c->cur];

  /* goods and values */
  build_items(g, c, r, w, line);
  if (w->target > 0) {
    set_target(c, w->target);
  } else {
    for (int tries = 0; tries < 4 && near_band(dest, c->cur, c->total);
         tries++) {
      int t = K_EUR;
      int64_t amount = 150;
      threshold_of(dest, &t, &amount);
      double v = convert(c->total, c->cur, t);
      scale_values(c, v < 0.94 * (double)amount ? 0.80 * (double)amount / v
                                                : 1.06 * (double)amount / v);
    }
  }
  int origin = c->seller_c;
  if (c->seller_c == C_HK && chance(r, 0.5))
    origin = C_CN;
  int64_t net = 0;
  for (int i = 0; i < c->n; i++) {
    item *it = &c->it[i];
    const good *gd = &GOODS[it->good];
    it->f[I_DESCRIPTION] = gd->desc;
    it->f[I_HS_CODE] = hs_text(c, gd->hs, r);
    it->f[I_QUANTITY] = integer(c, it->qty);
    it->f[I_ITEM_VALUE] = money(c, it->minor, cu->decimals);
    it->f[I_NET_WEIGHT] = kg(c, it->grams);
    it->f[I_ORIGIN_COUNTRY] = COUNTRIES[origin].cc;
    net += it->grams;
  }
  int pieces = 1;
  if (c->n > 1) {
    uint32_t x = below(r, 100);
    pieces = x < 72 ? 1 : x < 95 || c->n < 3 ? 2 : 3;
  } else if (c->it[0].qty >= 2 && chance(r, 0.15)) {
    pieces = 2;
  }
  int64_t pack = (int64_t)((double)net * urange(r, 0.05, 0.30)) + 1;
  c->gross = net + (pack < 15 ? 15 : pack);
  if (c->gross < 12 * pieces)
    c->gross = 12 * pieces;
  c->pieces = pieces;

  /* transport */
  bool postal;
  if (w->postal)
    postal = w->postal == 1;
  else if (cat == CAT_GIFT)
    postal = true;
  else if (cat == CAT_SALE)
    postal = chance(r, c->seller_c == C_CN   ? 0.65
                       : c->seller_c == C_HK ? 0.5
                                             : 0.45);
  else
    postal = chance(r, 0.3);
  c->postal = postal;
  int dep = c->seller_c;
  if (c->seller_c == C_HK && !postal && chance(r, 0.25))
    dep = C_CN;
  c->dep_c = dep;
  int mode;
  const char *carrier_id;
  if (postal) {
    carrier_id = COUNTRIES[c->seller_c].post;
    int s10_cc = c->seller_c;
    if (c->seller_c == C_CN && COUNTRIES[dest].eu && chance(r, 0.15)) {
      carrier_id = "POSTNL";
      s10_cc = C_NL;
    }
    double u = unit(r);
    if (dep == C_CN && COUNTRIES[dest].arr_sea.n && u < 0.2)
      mode = MODE_SEA;
    else if (road_link(dep, dest) && u < 0.35)
      mode = MODE_ROAD;
    else if (u < 0.45)
      mode = MODE_POST;
    else
      mode = MODE_AIR;
    c->f[F_POSTAL_ITEM_ID] = s10(g, c, s10_cc, c->gross >= 2000, r);
  } else {
    int k = pick_carrier(r, dep);
    carrier_id = CARRIERS[k].name;
    mode = road_link(dep, dest) && chance(r, 0.5) ? MODE_ROAD : MODE_AIR;
    c->f[F_AWB] = awb(g, c, k);
  }
  int loc_mode = mode == MODE_POST ? MODE_AIR : mode;
  c->mode = mode;

  /* dates */
  static const int TRANSIT[4][2] = {{1, 4}, {4, 14}, {2, 6}, {28, 42}};
  int transit = mode == MODE_AIR && postal
                    ? irange(r, 3, 9)
                    : irange(r, TRANSIT[mode][0], TRANSIT[mode][1]);
  int32_t first = days_from_civil(2021, 1, 4),
          cutoff = days_from_civil(2026, 11, 1);
  c->dep_day =
      w->day >= 0
          ? w->day
          : first + (int32_t)below(r, (uint32_t)(cutoff - first - transit - 1));
  c->arr_day = c->dep_day + transit;
  static const int EARLY[6] = {0, 0, 0, 1, 1, 2};
  c->decl_day = c->dep_day - EARLY[below(r, 6)];

  /* the fields */
  int y, mo, d;
  civil_from_days(c->decl_day, &y, &mo, &d);
  sb b = sb_begin(c);
  sb_str(&b, "SHP-");
  sb_uint(&b, (uint64_t)y, 4);
  sb_chr(&b, '-');
  sb_uint(&b, index + 1, 7);
  c->f[F_SHIPMENT_ID] = sb_end(&b);
  c->f[F_PLATFORM_ID] = platform;
  c->f[F_CARRIER_ID] = carrier_id;
  c->f[F_PIECES] = integer(c, pieces);
  c->f[F_GROSS_WEIGHT] = kg(c, c->gross);
  c->f[F_TOTAL_VALUE] = money(c, c->total, cu->decimals);
  c->f[F_CURRENCY] = cu->code;
  c->f[F_CATEGORY] = CATEGORIES[cat];
  c->f[F_TRANSPORT_MODE] = MODES[mode];
  c->f[F_DEPARTURE_COUNTRY] = COUNTRIES[dep].cc;
  c->f[F_DEPARTURE_LOCATION] = pick(r, dep_locations(dep, loc_mode));
  c->f[F_DESTINATION_COUNTRY] = COUNTRIES[dest].cc;
  c->f[F_ARRIVAL_LOCATION] = pick(r, arr_locations(dest, loc_mode));
  c->f[F_DEPARTURE_DATE] = day_text(g, c, c->dep_day);
  c->f[F_ARRIVAL_DATE] = day_text(g, c, c->arr_day);
  if (chance(r, 0.75))
    c->f[F_DECLARATION_DATE] = day_text(g, c, c->decl_day);
  for (int i = 0; i < c->n; i++)
    g->heading_items[hs_heading(&GOODS[c->it[i].good])]++;
}

/* ---- output -------------------------------------------------------------- */

#define OUT_CAP (4u << 20)
#define RECORD_MAX (96u << 10) /* a record's output is far smaller */

static bool flush(gen *g) {
  if (g->len && fwrite(g->buf, 1, g->len, g->out) != g->len)
    g->write_failed = true;
  g->len = 0;
  return !g->write_failed;
}

static void out_mem(gen *g, const char *s, size_t n) {
  memcpy(g->buf + g->len, s, n);
  g->len += n;
}

static void out_chr(gen *g, char ch) { g->buf[g->len++] = ch; }

/* A CSV field, quoted when it holds a comma, a quote or a line break. */
static void out_csv(gen *g, const char *s) {
  static const unsigned char SPECIAL[256] = {
      [','] = 1, ['"'] = 1, ['\n'] = 1, ['\r'] = 1};
  if (!s)
    return;
  char *d = g->buf + g->len;
  const unsigned char *p = (const unsigned char *)s;
  while (*p && !SPECIAL[*p])
    *d++ = (char)*p++;
  if (!*p) {
    g->len = (size_t)(d - g->buf);
    return;
  }
  out_chr(g, '"');
  for (const char *q = s; *q; q++) {
    if (*q == '"')
      out_chr(g, '"');
    out_chr(g, *q);
  }
  out_chr(g, '"');
}

static void write_csv_header(gen *g) {
  for (int f = 0; f < NF; f++) {
    out_mem(g, CONSIGNMENT_FIELDS[f], strlen(CONSIGNMENT_FIELDS[f]));
    out_chr(g, ',');
  }
  for (int f = 0; f < NI; f++) {
    out_mem(g, ITEM_FIELDS[f], strlen(ITEM_FIELDS[f]));
    out_chr(g, f + 1 < NI ? ',' : '\n');
  }
}

static void write_csv(gen *g, const cons *c) {
  size_t start = g->len;
  for (int f = 0; f < NF; f++) {
    out_csv(g, c->f[f]);
    out_chr(g, ',');
  }
  size_t prefix = g->len - start;
  for (int i = 0; i < c->n; i++) {
    if (i)
      out_mem(g, g->buf + start, prefix);
    for (int f = 0; f < NI; f++) {
      out_csv(g, c->it[i].f[f]);
      out_chr(g, f + 1 < NI ? ',' : '\n');
    }
  }
}

/* RFC 8259 number syntax: the text can go into JSON as it is. */
static bool json_number(const char *s) {
  const char *p = s;
  if (*p == '-')
    p++;
  if (*p == '0')
    p++;
  else if (*p >= '1' && *p <= '9')
    while (*p >= '0' && *p <= '9')
      p++;
  else
    return false;
  if (*p == '.') {
    p++;
    if (!(*p >= '0' && *p <= '9'))
      return false;
    while (*p >= '0' && *p <= '9')
      p++;
  }
  if (*p == 'e' || *p == 'E') {
    p++;
    if (*p == '+' || *p == '-')
      p++;
    if (!(*p >= '0' && *p <= '9'))
      return false;
    while (*p >= '0' && *p <= '9')
      p++;
  }
  return *p == '\0';
}

static void out_json_string(gen *g, const char *s) {
  static const char HEX[] = "0123456789abcdef";
  out_chr(g, '"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    unsigned char ch = *p;
    if (ch == '"' || ch == '\\') {
      out_chr(g, '\\');
      out_chr(g, (char)ch);
    } else if (ch < 0x20) {
      out_chr(g, '\\');
      switch (ch) {
      case '\n':
        out_chr(g, 'n');
        break;
      case '\r':
        out_chr(g, 'r');
        break;
      case '\t':
        out_chr(g, 't');
        break;
      default:
        out_mem(g, "u00", 3);
        out_chr(g, HEX[ch >> 4]);
        out_chr(g, HEX[ch & 15]);
      }
    } else {
      out_chr(g, (char)ch);
    }
  }
  out_chr(g, '"');
}

static void out_json_member(gen *g, bool *first, const char *key,
                            const char *value, bool numeric) {
  if (!value || !value[0])
    return;
  if (!*first)
    out_chr(g, ',');
  *first = false;
  out_chr(g, '"');
  out_mem(g, key, strlen(key));
  out_mem(g, "\":", 2);
  if (numeric && json_number(value))
    out_mem(g, value, strlen(value));
  else
    out_json_string(g, value);
}

static void write_ndjson(gen *g, const cons *c) {
  bool first = true;
  out_chr(g, '{');
  for (int f = 0; f < NF; f++)
    out_json_member(g, &first, CONSIGNMENT_FIELDS[f], c->f[f],
                    numeric_field(f));
  if (!first)
    out_chr(g, ',');
  out_mem(g, "\"items\":[", 9);
  for (int i = 0; i < c->n; i++) {
    bool ifirst = true;
    if (i)
      out_chr(g, ',');
    out_chr(g, '{');
    for (int f = 0; f < NI; f++)
      out_json_member(g, &ifirst, ITEM_FIELDS[f], c->it[i].f[f],
                      numeric_item_field(f));
    out_chr(g, '}');
  }
  out_mem(g, "]}\n", 3);
}

/* ---- defects ------------------------------------------------------------- */

/* Where a defect was put: the item (-1: the consignment) and the field. */
typedef struct spot {
  int item;
  const char *field;
} spot;

/* A class of defects, caught by one rule. `prep` sets what the
 * consignment must be like (false: not possible here, draw another);
 * `apply` changes the built consignment. */
struct defect_class {
  const char *rule;
  bool (*prep)(gen *g, uint64_t index, rng *r, want *w);
  spot (*apply)(gen *g, rng *r);
};

static bool prep_none(gen *g, uint64_t index, rng *r, want *w) {
  (void)g, (void)index, (void)r, (void)w;
  return true;
}

static spot at(int i, const char *field) {
  spot s = {i, field};
  return s;
}

static spot item_at(int i, int f) { return at(i, ITEM_FIELDS[f]); }
static spot cons_at(int f) { return at(-1, CONSIGNMENT_FIELDS[f]); }

/* Reformats the values after a change of minor units. */
static void refresh_values(cons *c) {
  int dec = CURRENCIES[c->cur].decimals;
  for (int i = 0; i < c->n; i++)
    c->it[i].f[I_ITEM_VALUE] = money(c, c->it[i].minor, dec);
  c->f[F_TOTAL_VALUE] = money(c, c->total, dec);
}

/* A destination with a value threshold, and its currency. */
static int threshold_dest(rng *r, int *cur) {
  static const int D[] = {C_DE, C_DE, C_FR, C_FR, C_NL, C_IT, C_ES, C_BE,
                          C_AT, C_IE, C_PT, C_FI, C_US, C_US, C_US};
  int d = D[below(r, COUNT(D))];
  *cur = d == C_US ? K_USD : K_EUR;
  return d;
}

/* A seller kit that ships to dest (another country, not within the EU). */
static int kit_for(rng *r, int dest) {
  for (;;) {
    int k = weighted_kit(r);
    int c = KITS[k].c;
    if (c != dest && !(COUNTRIES[c].eu && COUNTRIES[dest].eu))
      return k;
  }
}

/* Values the defects use. */
static const list PLACEHOLDERS =
    LIST("N/A", "n/a", "unknown", "Unknown", "TBA", "none", "xxx", "TBD", "-");
static const list JUNK_TEXT = LIST(".pdf", "....", "12345", "ZZZZ", ".jpg");
static const list JUNK_PARTY =
    LIST("12345", "....", "ZZZZ", "!£12", "+++", "0000");
static const list BAD_QUANTITIES = LIST("-1", "-5", "abc", "2 pcs", "one");
static const list HUBS = LIST("NLAMS", "DEFRA", "BEBRU", "FRCDG", "DELEJ",
                              "GBLHR", "USJFK", "ATVIE");
static const list VAGUE =
    LIST("Gift", "gift", "Parts", "Various goods", "Accessories", "Clothes",
         "Electronics", "Stuff", "Toys", "Samples", "Clothing", "Spare parts",
         "Goods", "Merchandise");

/* completeness.missing: a required field emptied. */
static spot apply_missing(gen *g, rng *r) {
  static const int F[] = {F_SELLER_NAME,   F_BUYER_NAME,     F_BUYER_ADDRESS,
                          F_BUYER_COUNTRY, F_SELLER_COUNTRY, F_GROSS_WEIGHT,
                          F_TOTAL_VALUE,   F_CURRENCY,       -1};
  cons *c = &g->cur;
  int f = F[below(r, COUNT(F))];
  if (f < 0) {
    int i = (int)below(r, (uint32_t)c->n);
    c->it[i].f[I_DESCRIPTION] = NULL;
    return item_at(i, I_DESCRIPTION);
  }
  c->f[f] = NULL;
  return cons_at(f);
}

/* completeness.placeholder: a stand-in for a missing value. */
static spot apply_placeholder(gen *g, rng *r) {
  static const int F[] = {F_SELLER_NAME, F_BUYER_NAME, F_BUYER_ADDRESS,
                          F_SELLER_ADDRESS, -1};
  cons *c = &g->cur;
  int f = F[below(r, COUNT(F))];
  const char *v = pick(r, PLACEHOLDERS);
  if (f < 0) {
    int i = (int)below(r, (uint32_t)c->n);
    c->it[i].f[I_DESCRIPTION] = v;
    return item_at(i, I_DESCRIPTION);
  }
  c->f[f] = v;
  return cons_at(f);
}

/* validity.junk_text: no letters, a repeated character, a file name. */
static spot apply_junk(gen *g, rng *r) {
  static const int F[] = {F_SELLER_NAME,    F_BUYER_NAME, F_BUYER_ADDRESS,
                          F_SELLER_ADDRESS, F_BUYER_CITY, -1};
  cons *c = &g->cur;
  int f = F[below(r, COUNT(F))];
  if (f < 0) {
    int i = (int)below(r, (uint32_t)c->n);
    c->it[i].f[I_DESCRIPTION] = pick(r, JUNK_TEXT);
    return item_at(i, I_DESCRIPTION);
  }
  c->f[f] = pick(r, JUNK_PARTY);
  return cons_at(f);
}

/* A wrong way to write a country: UK for GB, alpha-3, an English name,
 * or a code that is not assigned. */
static const char *bad_country(int cc, rng *r) {
  uint32_t k = below(r, 4);
  if (cc == C_GB && k == 0)
    return "UK";
  if (k <= 1)
    return COUNTRIES[cc].alpha3;
  if (k == 2)
    return COUNTRIES[cc].english;
  return "ZZ";
}

static spot apply_country(gen *g, rng *r) {
  cons *c = &g->cur;
  if (chance(r, 0.6)) {
    c->f[F_SELLER_COUNTRY] = bad_country(c->seller_c, r);
    return cons_at(F_SELLER_COUNTRY);
  }
  int i = (int)below(r, (uint32_t)c->n);
  const char *o = c->it[i].f[I_ORIGIN_COUNTRY];
  int oc = c->seller_c;
  for (int k = 0; k < C_COUNT; k++)
    if (strcmp(COUNTRIES[k].cc, o) == 0)
      oc = k;
  c->it[i].f[I_ORIGIN_COUNTRY] = bad_country(oc, r);
  return item_at(i, I_ORIGIN_COUNTRY);
}

static spot apply_currency(gen *g, rng *r) {
  cons *c = &g->cur;
  const char *v = c->cur == K_EUR   ? (chance(r, 0.5) ? "EURO" : "EUROS")
                  : c->cur == K_USD ? (chance(r, 0.5) ? "US$" : "USD$")
                  : c->cur == K_CNY ? "RMB"
                  : c->cur == K_GBP ? "UKP"
                                    : "XYZ";
  c->f[F_CURRENCY] = v;
  return cons_at(F_CURRENCY);
}

/* validity.hs_code: letters, a subheading no edition has, or a code that
 * lost a digit. */
static spot apply_hs(gen *g, rng *r) {
  cons *c = &g->cur;
  int i = (int)below(r, (uint32_t)c->n);
  const good *gd = &GOODS[c->it[i].good];
  uint32_t k = below(r, 3);
  sb b = sb_begin(c);
  if (k == 0)
    sb_str(&b, "12AB34");
  else if (k == 1)
    sb_str(&b, gd->bad_hs);
  else if (gd->hs[0] == '0')
    sb_str(&b, gd->hs + 1); /* the leading zero lost */
  else
    sb_mem(&b, gd->hs, 5);
  c->it[i].f[I_HS_CODE] = sb_end(&b);
  return item_at(i, I_HS_CODE);
}

/* A weight written wrongly: decimal comma, a unit, a minus sign. */
static const char *bad_weight(cons *c, const char *v, rng *r) {
  sb b = sb_begin(c);
  uint32_t k = below(r, 3);
  if (k == 0) {
    for (const char *p = v; *p; p++)
      sb_chr(&b, *p == '.' ? ',' : *p);
  } else if (k == 1) {
    sb_str(&b, v);
    sb_str(&b, " kg");
  } else {
    sb_chr(&b, '-');
    sb_str(&b, v);
  }
  return sb_end(&b);
}

static spot apply_number(gen *g, rng *r) {
  cons *c = &g->cur;
  uint32_t k = below(r, 3);
  if (k == 0) {
    c->f[F_GROSS_WEIGHT] = bad_weight(c, c->f[F_GROSS_WEIGHT], r);
    return cons_at(F_GROSS_WEIGHT);
  }
  int i = (int)below(r, (uint32_t)c->n);
  if (k == 1) {
    c->it[i].f[I_NET_WEIGHT] = bad_weight(c, c->it[i].f[I_NET_WEIGHT], r);
    return item_at(i, I_NET_WEIGHT);
  }
  c->it[i].f[I_QUANTITY] = pick(r, BAD_QUANTITIES);
  return item_at(i, I_QUANTITY);
}

/* validity.date: no such day, or not ISO 8601. */
static spot apply_date(gen *g, rng *r) {
  cons *c = &g->cur;
  int y, m, d;
  civil_from_days(c->dep_day, &y, &m, &d);
  sb b = sb_begin(c);
  switch (below(r, 3)) {
  case 0: /* 30 February */
    sb_uint(&b, (uint64_t)y, 4);
    sb_str(&b, "-02-30");
    break;
  case 1: /* DD/MM/YYYY */
    sb_uint(&b, (uint64_t)d, 2);
    sb_chr(&b, '/');
    sb_uint(&b, (uint64_t)m, 2);
    sb_chr(&b, '/');
    sb_uint(&b, (uint64_t)y, 4);
    break;
  default: /* month 13 */
    sb_uint(&b, (uint64_t)y, 4);
    sb_str(&b, "-13-");
    sb_uint(&b, (uint64_t)d, 2);
    break;
  }
  c->f[F_DEPARTURE_DATE] = sb_end(&b);
  return cons_at(F_DEPARTURE_DATE);
}

/* A copy of v with the digit at pos replaced by another digit. */
static const char *wrong_digit(cons *c, const char *v, size_t pos, rng *r) {
  sb b = sb_begin(c);
  sb_str(&b, v);
  b.p[pos] = (char)('0' + (b.p[pos] - '0' + 1 + (int)below(r, 9)) % 10);
  return sb_end(&b);
}

static bool prep_postal(gen *g, uint64_t index, rng *r, want *w) {
  (void)g, (void)index, (void)r;
  w->postal = 1;
  return true;
}

static spot apply_s10(gen *g, rng *r) {
  cons *c = &g->cur;
  c->f[F_POSTAL_ITEM_ID] = wrong_digit(c, c->f[F_POSTAL_ITEM_ID], 10, r);
  return cons_at(F_POSTAL_ITEM_ID);
}

static bool prep_express(gen *g, uint64_t index, rng *r, want *w) {
  (void)g, (void)index, (void)r;
  w->postal = 2;
  return true;
}

static spot apply_awb(gen *g, rng *r) {
  cons *c = &g->cur;
  c->f[F_AWB] = wrong_digit(c, c->f[F_AWB], strlen(c->f[F_AWB]) - 1, r);
  return cons_at(F_AWB);
}

static bool prep_company_id(gen *g, uint64_t index, rng *r, want *w) {
  (void)g, (void)index, (void)r;
  w->cat = CAT_SALE;
  w->seller_id = true;
  return true;
}

/* validity.eori: a space after the country, or a country that is none. */
static spot apply_eori(gen *g, rng *r) {
  cons *c = &g->cur;
  const char *v = c->f[F_SELLER_ID];
  sb b = sb_begin(c);
  if (chance(r, 0.5)) {
    sb_mem(&b, v, 2);
    sb_chr(&b, ' ');
  } else {
    sb_str(&b, "QQ");
  }
  sb_str(&b, v + 2);
  c->f[F_SELLER_ID] = sb_end(&b);
  return cons_at(F_SELLER_ID);
}

/* validity.locode: a 0 or 1 for a letter, which UN/LOCODEs do not use. */
static spot apply_locode(gen *g, rng *r) {
  cons *c = &g->cur;
  sb b = sb_begin(c);
  sb_str(&b, c->f[F_DEPARTURE_LOCATION]);
  b.p[3 + below(r, 2)] = chance(r, 0.5) ? '1' : '0';
  c->f[F_DEPARTURE_LOCATION] = sb_end(&b);
  return cons_at(F_DEPARTURE_LOCATION);
}

/* validity.postcode: the buyer's postcode cut short or run together so that
 * it no longer has the country's format. */
static spot apply_postcode(gen *g, rng *r) {
  cons *c = &g->cur;
  (void)r;
  const char *v = c->f[F_BUYER_POSTCODE];
  const char *sp = strchr(v, ' '), *dash = strchr(v, '-');
  int cc = c->buyer_c;
  sb b = sb_begin(c);
  if (cc == C_NL) {
    sb_mem(&b, v, 4); /* the letters dropped */
  } else if ((cc == C_GB || cc == C_CA || cc == C_IE) && sp) {
    sb_mem(&b, v, (size_t)(sp - v)); /* only the first half */
  } else if ((cc == C_PL || cc == C_PT) && dash) {
    sb_mem(&b, v, (size_t)(dash - v)); /* run together, a digit short */
    sb_str(&b, dash + 1);
    b.n--;
  } else {
    sb_str(&b, v);
    b.n--; /* a digit short */
  }
  c->f[F_BUYER_POSTCODE] = sb_end(&b);
  return cons_at(F_BUYER_POSTCODE);
}

static bool prep_contact(gen *g, uint64_t index, rng *r, want *w) {
  (void)g, (void)index, (void)r;
  w->contact = true;
  return true;
}

static spot apply_email(gen *g, rng *r) {
  cons *c = &g->cur;
  const char *v = c->f[F_BUYER_EMAIL];
  const char *at_sign = strchr(v, '@');
  const char *dot = strchr(at_sign, '.'); /* the domain's first dot */
  sb b = sb_begin(c);
  uint32_t k = below(r, 3);
  if (k == 0) { /* no @ */
    sb_mem(&b, v, (size_t)(at_sign - v));
    sb_str(&b, chance(r, 0.5) ? " at " : "(at)");
    sb_str(&b, at_sign + 1);
  } else if (k == 1) { /* two */
    sb_mem(&b, v, (size_t)(at_sign - v) + 1);
    sb_str(&b, at_sign);
  } else { /* no top-level domain */
    sb_mem(&b, v, (size_t)((dot ? dot : at_sign) - v));
  }
  c->f[F_BUYER_EMAIL] = sb_end(&b);
  return cons_at(F_BUYER_EMAIL);
}

static spot apply_phone(gen *g, rng *r) {
  cons *c = &g->cur;
  const char *v = c->f[F_BUYER_PHONE];
  sb b = sb_begin(c);
  if (chance(r, 0.5)) { /* too few digits: cut short */
    sb_mem(&b, v, strlen(COUNTRIES[c->buyer_c].phone_cc) + 4);
  } else { /* a letter O for a zero, or l for a one */
    sb_str(&b, v);
    b.p[b.n - 3] = chance(r, 0.5) ? 'O' : 'l';
  }
  c->f[F_BUYER_PHONE] = sb_end(&b);
  return cons_at(F_BUYER_PHONE);
}

/* consistency.total_value: a line left out of the total, or a total off by
 * much more than rounding (kept out of the band under a threshold). */
static spot apply_total(gen *g, rng *r) {
  cons *c = &g->cur;
  int dec = CURRENCIES[c->cur].decimals;
  int64_t one = pow10i(dec);
  for (int tries = 0; tries < 8; tries++) {
    int64_t t;
    if (c->n > 1 && tries == 0 && chance(r, 0.5)) {
      t = c->total - c->it[c->n - 1].minor;
    } else {
      int64_t d = (int64_t)((double)c->total * urange(r, 0.1, 0.5));
      if (d < 2 * one)
        d = 2 * one;
      t = chance(r, 0.5) && c->total - d > one ? c->total - d : c->total + d;
    }
    if (t > 0 && !near_band(c->buyer_c, c->cur, t)) {
      c->f[F_TOTAL_VALUE] = money(c, t, dec);
      break;
    }
  }
  return cons_at(F_TOTAL_VALUE);
}

/* consistency.weight: net weights above the gross weight. */
static spot apply_weight(gen *g, rng *r) {
  cons *c = &g->cur;
  int64_t net = 0;
  for (int i = 0; i < c->n; i++)
    net += c->it[i].grams;
  int64_t gross = (int64_t)((double)net * urange(r, 0.4, 0.8));
  if (net - gross < 3)
    gross = net - 3;
  if (gross < c->pieces)
    gross = c->pieces;
  c->f[F_GROSS_WEIGHT] = kg(c, gross);
  return cons_at(F_GROSS_WEIGHT);
}

static bool prep_swap(gen *g, uint64_t index, rng *r, want *w) {
  (void)g, (void)index;
  w->dests = DS_SWAP;
  w->kit = kit_for(r, C_DE); /* a seller outside the EU */
  return true;
}

/* consistency.destination: the buyer's country differs from the
 * destination (one whose postcodes have the same format). */
static spot apply_destination(gen *g, rng *r) {
  cons *c = &g->cur;
  int opts[C_COUNT], n = 0;
  for (int k = 0; k < C_COUNT; k++)
    if (k != c->buyer_c && COUNTRIES[k].eu &&
        COUNTRIES[k].swap == COUNTRIES[c->buyer_c].swap)
      opts[n++] = k;
  c->f[F_BUYER_COUNTRY] = COUNTRIES[opts[below(r, (uint32_t)n)]].cc;
  return cons_at(F_BUYER_COUNTRY);
}

/* consistency.location_country: arrival at a hub in another country. */
static spot apply_location(gen *g, rng *r) {
  cons *c = &g->cur;
  const char *v;
  do
    v = pick(r, HUBS);
  while (memcmp(v, COUNTRIES[c->buyer_c].cc, 2) == 0);
  c->f[F_ARRIVAL_LOCATION] = v;
  return cons_at(F_ARRIVAL_LOCATION);
}

/* consistency.dates: arrival before departure. */
static spot apply_dates(gen *g, rng *r) {
  cons *c = &g->cur;
  c->f[F_ARRIVAL_DATE] = day_text(g, c, c->dep_day - irange(r, 1, 4));
  return cons_at(F_ARRIVAL_DATE);
}

static bool prep_precision(gen *g, uint64_t index, rng *r, want *w) {
  (void)index;
  static const int FROM[] = {C_CN, C_HK, C_TR, C_VN, C_IN, C_US, C_GB};
  w->items = 1;
  w->cur = K_EUR;
  w->dests = DS_EU_EUR;
  w->kit = g->kit_of[FROM[below(r, COUNT(FROM))]];
  return true;
}

/* consistency.currency_precision: EUR with three decimals, item and total
 * alike so that they still add up. */
static spot apply_precision(gen *g, rng *r) {
  cons *c = &g->cur;
  sb b = sb_begin(c);
  sb_str(&b, c->f[F_TOTAL_VALUE]);
  sb_chr(&b, (char)('1' + below(r, 9)));
  const char *v = sb_end(&b);
  c->f[F_TOTAL_VALUE] = v;
  c->it[0].f[I_ITEM_VALUE] = v;
  return cons_at(F_TOTAL_VALUE);
}

static bool prep_duplicate(gen *g, uint64_t index, rng *r, want *w) {
  (void)r, (void)w;
  return g->ring_n >= 2 && index >= 2;
}

/* uniqueness.duplicate_id: the shipment id of an earlier consignment (not
 * the one just before, which CSV grouping would merge with this one). */
static spot apply_duplicate(gen *g, rng *r) {
  cons *c = &g->cur;
  size_t n = g->ring_n < RING ? g->ring_n : RING;
  const char *prev = g->ring[(g->ring_n - 1) % RING], *id = NULL;
  for (int tries = 0; tries < 32 && !id; tries++) {
    size_t back = 2 + below(r, (uint32_t)(n - 1)); /* 2 .. n records back */
    id = g->ring[(g->ring_n - back) % RING];
    if (strcmp(id, prev) == 0) /* the previous one has it too */
      id = NULL;
  }
  c->f[F_SHIPMENT_ID] = id ? id : g->ring[(g->ring_n - 2) % RING];
  return cons_at(F_SHIPMENT_ID);
}

/* risk.vague_description: a general term instead of the goods. */
static spot apply_vague(gen *g, rng *r) {
  cons *c = &g->cur;
  int i = (int)below(r, (uint32_t)c->n);
  c->it[i].f[I_DESCRIPTION] = pick(r, VAGUE);
  return item_at(i, I_DESCRIPTION);
}

static bool prep_near(gen *g, uint64_t index, rng *r, want *w) {
  (void)g, (void)index;
  int cur, t;
  int64_t amount = 150;
  w->dest = threshold_dest(r, &cur);
  w->cur = cur;
  w->kit = kit_for(r, w->dest);
  w->cat = CAT_SALE;
  threshold_of(w->dest, &t, &amount);
  int64_t minor =
      (int64_t)((double)amount * (1.0 - urange(r, 0.03, 0.09)) * 100.0);
  if (chance(r, 0.5)) /* a round price: 139.00 or 138.90 */
    minor = minor / 100 * 100 - (chance(r, 0.5) ? 10 : 0);
  w->target = minor;
  return true;
}

static spot apply_near(gen *g, rng *r) {
  (void)g, (void)r;
  return cons_at(F_TOTAL_VALUE);
}

/* risk.low_value_per_kg compares with the batch's median of the HS
 * heading once it has seen enough items of it (the library's min_items,
 * 30): pick goods seen often enough. */
#define LOW_VALUE_MIN_SEEN 60

static bool prep_low_value(gen *g, uint64_t index, rng *r, want *w) {
  (void)index;
  for (int tries = 0; tries < 40; tries++) {
    int gi = (int)below(r, GOOD_COUNT);
    const good *gd = &GOODS[gi];
    if (gd->line == L_XX ||
        g->heading_items[hs_heading(gd)] < LOW_VALUE_MIN_SEEN)
      continue;
    int k0 = (int)below(r, KIT_COUNT);
    for (int k = 0; k < KIT_COUNT; k++) {
      int kk = (k0 + k) % KIT_COUNT, c = KITS[kk].c;
      if (!(KITS[kk].lines & M(gd->line)))
        continue;
      for (int j = 0; j < g->pool_n[c][gd->line]; j++)
        if (g->pool[c][gd->line][j] == gi) {
          w->kit = kk;
          w->line = gd->line;
          w->good = gi;
          w->items = 1;
          w->cat = CAT_SALE;
          return true;
        }
    }
  }
  return false;
}

/* The goods declared at about a hundredth of their value. */
static spot apply_low_value(gen *g, rng *r) {
  cons *c = &g->cur;
  const good *gd = &GOODS[c->it[0].good];
  const currency *cu = &CURRENCIES[c->cur];
  double eur = gd->eur * c->it[0].qty * urange(r, 0.005, 0.012);
  int64_t minor =
      (int64_t)(eur * cu->per_eur * (double)pow10i(cu->decimals) + 0.5);
  c->it[0].minor = minor < 1 ? 1 : minor;
  c->total = c->it[0].minor;
  refresh_values(c);
  return item_at(0, I_ITEM_VALUE);
}

/* risk.split_shipment: three consignments in a row from one seller to one
 * buyer within two days, each under the threshold and together over it.
 * The third, which completes the pattern, carries the defect. */
static bool prep_split(gen *g, uint64_t index, rng *r, want *w) {
  (void)w;
  if (index + 3 > g->records)
    return false;
  int cur, t;
  int64_t amount = 150;
  int32_t first = days_from_civil(2021, 1, 4);
  int32_t last = days_from_civil(2026, 11, 1) - 60;
  g->group_dest = threshold_dest(r, &cur);
  g->group_cur = cur;
  g->group_kit = kit_for(r, g->group_dest);
  g->group_line =
      pick_line(g, r, KITS[g->group_kit].c, KITS[g->group_kit].lines);
  g->group_brand = (int)below(r, (uint32_t)KITS[g->group_kit].brands.n);
  g->group_buyer = rnext(r) | 1u;
  g->group_day = first + (int32_t)below(r, (uint32_t)(last - first));
  threshold_of(g->group_dest, &t, &amount);
  for (int k = 0; k < 3; k++)
    g->group_values[k] =
        (int64_t)((double)amount * urange(r, 0.36, 0.44) * 100.0);
  g->group_left = 3;
  return true;
}

static void split_want(gen *g, rng *r, want *w) {
  static const int OFFSET[3][2] = {{0, 0}, {0, 1}, {1, 2}};
  int k = 3 - g->group_left;
  w->cat = CAT_SALE;
  w->kit = g->group_kit;
  w->line = g->group_line;
  w->brand = g->group_brand;
  w->dest = g->group_dest;
  w->cur = g->group_cur;
  w->buyer = g->group_buyer;
  w->items = 1;
  w->day = g->group_day + irange(r, OFFSET[k][0], OFFSET[k][1]);
  w->target = g->group_values[k];
}

static spot apply_split(gen *g, rng *r) {
  (void)g, (void)r;
  return cons_at(F_TOTAL_VALUE);
}

static bool prep_origin(gen *g, uint64_t index, rng *r, want *w) {
  (void)index, (void)r;
  w->kit = g->kit_of[C_VN];
  w->cat = CAT_SALE;
  return true;
}

/* risk.origin_mismatch: goods made in China leaving from Viet Nam. */
static spot apply_origin(gen *g, rng *r) {
  cons *c = &g->cur;
  int i = (int)below(r, (uint32_t)c->n);
  c->it[i].f[I_ORIGIN_COUNTRY] = "CN";
  return item_at(i, I_ORIGIN_COUNTRY);
}

static bool prep_gift_company(gen *g, uint64_t index, rng *r, want *w) {
  (void)g, (void)index, (void)r;
  w->cat = CAT_GIFT;
  w->company = true;
  return true;
}

/* risk.gift_commercial: a gift from a business. */
static spot apply_gift(gen *g, rng *r) {
  (void)g, (void)r;
  return cons_at(F_CATEGORY);
}

/* risk.watchlist: a seller on a watch-list. With --watchlist FILE the
 * generator writes these fictitious parties as a watch-list (CSV: name, id,
 * address, country, reason) for `sdq check --watchlist FILE`; a defect
 * gives a consignment one of them as its seller, by name (with another
 * legal form) or by EORI number. No clean party comes near them. */
typedef struct watched {
  int c;
  const char *name, *variant, *id, *reason;
} watched;

static const watched WATCHLIST[] = {
    {C_CN, "Zhongke Tianhe Precision Machinery Co., Ltd.",
     "Zhongke Tianhe Precision Machinery Ltd", "CN9113070000418",
     "fictitious test entry: export controls"},
    {C_CN, "Shenyang Beifang Optronics Trading Co., Ltd.",
     "Beifang Optronics Trading Shenyang Co., Ltd.", "CN9121010000233",
     "fictitious test entry: dual-use goods"},
    {C_HK, "Crimson Tide Logistics Limited", "Crimson Tide Logistics Ltd.",
     "HK0000781245", "fictitious test entry: sanctions"},
    {C_TR, "Karakum Makine Sanayi Ltd. Şti.", "KARAKUM MAKINE SANAYI LTD STI",
     "TR0004518820", "fictitious test entry: re-export"},
    {C_IN, "Vindhya Specialty Chemicals Pvt. Ltd.",
     "VINDHYA SPECIALTY CHEMICALS PVT LTD", "IN0302991177",
     "fictitious test entry: precursor chemicals"},
    {C_VN, "Truong Giang Import Export Co., Ltd.",
     "Truong Giang Import-Export Co., Ltd", "VN0315558821",
     "fictitious test entry: transshipment"},
    {C_US, "Westbrook Avionics Surplus LLC", "Westbrook Avionics Surplus, Inc.",
     "US5512093377", "fictitious test entry: denied party"},
    {C_GB, "Northgate Marine Components Ltd",
     "Northgate Marine Components Limited", "GB771203945003",
     "fictitious test entry: sanctions"},
    {C_KR, "Daeyang Industrial Controls Co., Ltd.",
     "Daeyang Industrial Controls Corp.", "KR1208844120551",
     "fictitious test entry: export controls"},
    {C_JP, "Kitakaze Electronic Materials Co., Ltd.",
     "Kitakaze Electronic Materials Inc.", "JP7010401091234",
     "fictitious test entry: end-use concern"},
    {C_DE, "Rabenwald Feinmechanik GmbH", "Rabenwald Feinmechanik AG",
     "DE811223344556677", "fictitious test entry: sanctions"},
};

static bool write_watchlist(FILE *f) {
  fputs("name,id,address,country,reason\n", f);
  for (size_t i = 0; i < COUNT(WATCHLIST); i++) {
    const watched *w = &WATCHLIST[i];
    fputc('"', f);
    fputs(w->name, f);
    fprintf(f, "\",%s,,%s,%s\n", w->id, COUNTRIES[w->c].cc, w->reason);
  }
  return !ferror(f);
}

static bool prep_watch(gen *g, uint64_t index, rng *r, want *w) {
  (void)index;
  g->watch = (int)below(r, COUNT(WATCHLIST));
  w->kit = g->kit_of[WATCHLIST[g->watch].c];
  w->cat = CAT_SALE;
  return true;
}

static spot apply_watch(gen *g, rng *r) {
  cons *c = &g->cur;
  const watched *e = &WATCHLIST[g->watch];
  uint32_t k = below(r, 3);
  c->f[F_SELLER_NAME] = k == 0 ? e->name : e->variant;
  c->f[F_SELLER_ID] = k == 2 ? e->id : NULL;
  return cons_at(F_SELLER_NAME);
}

static const defect_class CLASSES[] = {
    {"completeness.missing", prep_none, apply_missing},
    {"completeness.placeholder", prep_none, apply_placeholder},
    {"validity.junk_text", prep_none, apply_junk},
    {"validity.country", prep_none, apply_country},
    {"validity.currency", prep_none, apply_currency},
    {"validity.hs_code", prep_none, apply_hs},
    {"validity.number", prep_none, apply_number},
    {"validity.date", prep_none, apply_date},
    {"validity.s10", prep_postal, apply_s10},
    {"validity.awb", prep_express, apply_awb},
    {"validity.eori", prep_company_id, apply_eori},
    {"validity.locode", prep_none, apply_locode},
    {"validity.postcode", prep_none, apply_postcode},
    {"validity.email", prep_contact, apply_email},
    {"validity.phone", prep_contact, apply_phone},
    {"consistency.total_value", prep_none, apply_total},
    {"consistency.weight", prep_none, apply_weight},
    {"consistency.destination", prep_swap, apply_destination},
    {"consistency.location_country", prep_none, apply_location},
    {"consistency.dates", prep_none, apply_dates},
    {"consistency.currency_precision", prep_precision, apply_precision},
    {"uniqueness.duplicate_id", prep_duplicate, apply_duplicate},
    {"risk.vague_description", prep_none, apply_vague},
    {"risk.near_threshold", prep_near, apply_near},
    {"risk.low_value_per_kg", prep_low_value, apply_low_value},
    {"risk.split_shipment", prep_split, apply_split},
    {"risk.origin_mismatch", prep_origin, apply_origin},
    {"risk.gift_commercial", prep_gift_company, apply_gift},
    {"risk.watchlist", prep_watch, apply_watch}, /* with --watchlist only */
};

/* The classes whose rule the linked library has. */
static void init_classes(gen *g) {
  g->class_count = 0;
  for (size_t i = 0; i < COUNT(CLASSES); i++) {
    size_t rule;
    if (sdq_rule_find(CLASSES[i].rule, &rule) == SDQ_OK &&
        (CLASSES[i].apply != apply_watch || g->watchlist))
      g->classes[g->class_count++] = &CLASSES[i];
  }
}

static void write_manifest(gen *g, uint64_t index, const defect_class *d,
                           spot s) {
  const char *id = g->cur.f[F_SHIPMENT_ID];
  fprintf(g->manifest, "%llu,", (unsigned long long)(index + 1));
  if (strpbrk(id, ",\"\n\r")) {
    fputc('"', g->manifest);
    for (const char *p = id; *p; p++) {
      if (*p == '"')
        fputc('"', g->manifest);
      fputc(*p, g->manifest);
    }
    fputc('"', g->manifest);
  } else {
    fputs(id, g->manifest);
  }
  if (s.item >= 0)
    fprintf(g->manifest, ",%d,%s,%s\n", s.item, s.field, d->rule);
  else
    fprintf(g->manifest, ",,%s,%s\n", s.field, d->rule);
}

/* Builds consignment `index`, with a defect or not, and writes it. */
static void generate(gen *g, uint64_t index) {
  rng r = rseed(g->seed, index);
  rng dr = rseed(g->seed ^ UINT64_C(0xdefec7), index);
  want w = want_any();
  const defect_class *d = NULL;
  if (g->group_left > 0) { /* the split-shipment group goes on */
    split_want(g, &dr, &w);
    if (g->group_left == 1)
      for (int k = 0; k < g->class_count; k++)
        if (g->classes[k]->apply == apply_split)
          d = g->classes[k];
    g->group_left--;
  } else if (g->class_count && chance(&dr, g->rate)) {
    for (int tries = 0; tries < 16 && !d; tries++) {
      const defect_class *k = g->classes[below(&dr, (uint32_t)g->class_count)];
      want t = want_any();
      if (k->prep(g, index, &dr, &t)) {
        d = k;
        w = t;
      }
    }
    if (d && d->apply == apply_split) {
      split_want(g, &dr, &w);
      g->group_left--;
      d = NULL; /* the third of the group carries it */
    }
  }
  build(g, index, &r, &w);
  if (d) {
    spot s = d->apply(g, &dr);
    if (g->manifest)
      write_manifest(g, index, d, s);
  }
  cons *c = &g->cur;
  if (c->f[F_SHIPMENT_ID]) {
    char *slot = g->ring[g->ring_n % RING];
    size_t n = strlen(c->f[F_SHIPMENT_ID]);
    n = n < sizeof g->ring[0] - 1 ? n : sizeof g->ring[0] - 1;
    memcpy(slot, c->f[F_SHIPMENT_ID], n);
    slot[n] = '\0';
    g->ring_n++;
  }
  if (g->ndjson)
    write_ndjson(g, c);
  else
    write_csv(g, c);
}

/* ---- the command --------------------------------------------------------- */

static const char GEN_USAGE[] =
    "usage: sdq gen --records N [--seed S] [--defect-rate R]\n"
    "               [--format csv|ndjson] [--out FILE] [--manifest FILE]\n"
    "               [--watchlist FILE]\n";

static const char GEN_HELP[] =
    "Writes N synthetic e-commerce consignments (default CSV to stdout):\n"
    "  --records N        consignments to write\n"
    "  --seed S           seed of the generator (default 1); the same seed\n"
    "                     gives the same output\n"
    "  --defect-rate R    share of consignments (0..1, default 0) that carry\n"
    "                     exactly one known defect, each caught by one rule\n"
    "  --format csv|ndjson  CSV (one row per item; check with --group-items)\n"
    "                     or NDJSON (one object per consignment)\n"
    "  --out FILE         where to write (default stdout)\n"
    "  --manifest FILE    the defects as CSV:\n"
    "                     record,shipment_id,item,field,rule\n"
    "  --watchlist FILE   write a watch-list of fictitious parties (for sdq\n"
    "                     check --watchlist) and add risk.watchlist defects\n"
    "Exit status: 0 written, 2 usage error, 3 an output could not be "
    "written.\n";

static int gen_usage(const char *fmt, const char *arg) {
  fputs("sdq gen: ", stderr);
  fprintf(stderr, fmt, arg);
  fputs("\n", stderr);
  fputs(GEN_USAGE, stderr);
  return 2;
}

static bool parse_u64(const char *s, uint64_t *out) {
  if (!*s)
    return false;
  uint64_t v = 0;
  for (const char *p = s; *p; p++) {
    if (*p < '0' || *p > '9' || v > (UINT64_MAX - 9) / 10)
      return false;
    v = v * 10 + (uint64_t)(*p - '0');
  }
  *out = v;
  return true;
}

int sdq_gen_main(int argc, char **argv) {
  const char *out_file = NULL, *manifest_file = NULL, *format = "csv";
  const char *watchlist_file = NULL;
  uint64_t records = 0, seed = 1;
  bool have_records = false;
  double rate = 0;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      fputs(GEN_USAGE, stdout);
      fputs("\n", stdout);
      fputs(GEN_HELP, stdout);
      return 0;
    }
    static const char *const OPTS[] = {"--records",  "--seed", "--defect-rate",
                                       "--format",   "--out",  "--manifest",
                                       "--watchlist"};
    const char *value = NULL;
    size_t k = 0;
    for (; k < COUNT(OPTS); k++) {
      size_t n = strlen(OPTS[k]);
      if (strncmp(a, OPTS[k], n) == 0 && (a[n] == '=' || a[n] == '\0')) {
        if (a[n] == '=')
          value = a + n + 1;
        else if (i + 1 < argc)
          value = argv[++i];
        else
          return gen_usage("%s needs a value", a);
        break;
      }
    }
    if (k == COUNT(OPTS))
      return gen_usage("unknown option '%s'", a);
    switch (k) {
    case 0:
      if (!parse_u64(value, &records))
        return gen_usage("--records wants a whole number, not '%s'", value);
      have_records = true;
      break;
    case 1:
      if (!parse_u64(value, &seed))
        return gen_usage("--seed wants a whole number, not '%s'", value);
      break;
    case 2: {
      char *end;
      errno = 0;
      rate = strtod(value, &end);
      if (end == value || *end || errno || !(rate >= 0 && rate <= 1))
        return gen_usage("--defect-rate wants a number from 0 to 1, not '%s'",
                         value);
      break;
    }
    case 3:
      if (strcmp(value, "csv") != 0 && strcmp(value, "ndjson") != 0)
        return gen_usage("--format is csv or ndjson, not '%s'", value);
      format = value;
      break;
    case 4:
      out_file = value;
      break;
    case 5:
      manifest_file = value;
      break;
    default:
      watchlist_file = value;
      break;
    }
  }
  if (!have_records)
    return gen_usage("--records N is required%s", "");

  gen *g = calloc(1, sizeof *g);
  char *buf = malloc(OUT_CAP);
  if (!g || !buf) {
    free(g);
    free(buf);
    fputs("sdq gen: out of memory\n", stderr);
    return 3;
  }
  g->buf = buf;
  g->cap = OUT_CAP;
  g->seed = seed;
  g->records = records;
  g->rate = rate;
  g->ndjson = strcmp(format, "ndjson") == 0;
  g->watchlist = watchlist_file != NULL;
  init_days(g);
  init_pools(g);
  init_classes(g);
  if (watchlist_file) {
    FILE *f = fopen(watchlist_file, "wb");
    bool ok = f && write_watchlist(f);
    if (f && fclose(f) != 0)
      ok = false;
    if (!ok) {
      fprintf(stderr, "sdq gen: cannot write %s\n", watchlist_file);
      free(g->buf);
      free(g);
      return 3;
    }
  }
  int rc = 0;
  g->out =
      out_file && strcmp(out_file, "-") != 0 ? fopen(out_file, "wb") : stdout;
  if (!g->out) {
    fprintf(stderr, "sdq gen: cannot write %s: %s\n", out_file,
            strerror(errno));
    free(g->buf);
    free(g);
    return 3;
  }
  if (manifest_file) {
    g->manifest = fopen(manifest_file, "wb");
    if (!g->manifest) {
      fprintf(stderr, "sdq gen: cannot write %s: %s\n", manifest_file,
              strerror(errno));
      if (g->out != stdout)
        fclose(g->out);
      free(g->buf);
      free(g);
      return 3;
    }
    fputs("record,shipment_id,item,field,rule\n", g->manifest);
  }
  if (!g->ndjson)
    write_csv_header(g);
  for (uint64_t i = 0; i < records && !g->write_failed; i++) {
    generate(g, i);
    if (g->cap - g->len < RECORD_MAX)
      flush(g);
  }
  flush(g);
  if (g->write_failed || fflush(g->out) != 0 || ferror(g->out)) {
    fprintf(stderr, "sdq gen: cannot write %s\n",
            out_file ? out_file : "to stdout");
    rc = 3;
  }
  if (g->out != stdout && fclose(g->out) != 0 && rc == 0) {
    fprintf(stderr, "sdq gen: cannot write %s\n", out_file);
    rc = 3;
  }
  if (g->manifest && (fclose(g->manifest) != 0) && rc == 0) {
    fprintf(stderr, "sdq gen: cannot write %s\n", manifest_file);
    rc = 3;
  }
  free(g->buf);
  free(g);
  return rc;
}
