#!/usr/bin/env python3
"""Generate the bundled sdq sample data set (deterministic, standard library only).

Writes, next to this script (or to --outdir):
  sample.csv           one row per item, consecutive rows of a consignment share shipment_id
  sample.ndjson        the same consignments, one JSON object per line, items in "items"
  sample-defects.csv   the manifest of every planted defect (shipment_id,item,field,rule)
  watchlist.csv        an invented watch-list of parties (name,id,address,country,reason)
  README.md            what the files are and how to regenerate them

Usage (from the repository root):
  /usr/bin/python3 examples/data/make_sample.py [--refdata DIR] [--outdir DIR]

--refdata defaults to ../shared/refdata relative to the repository root. Every clean
value is checked against that reference data (HS codes in the edition in force at the
declaration date, ISO 4217 currencies and minor units, ISO 3166 alpha-2 countries,
postcode ValidationRegex), and the script re-reads what it wrote and verifies that the
defects it finds are exactly the ones in the manifest (risk rules included, applied as sdq's
core profile applies them, with watchlist.csv); it exits non-zero otherwise.
The output is byte-identical on every run (fixed seed, no dependence on hash order,
time or locale).
"""

import argparse
import copy
import csv
import datetime as dt
import io
import json
import math
import os
import random
import re
import sys
import textwrap
import unicodedata
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation

SEED = 20260115
N_CONSIGNMENTS = 300
N_2021 = 30                 # consignments declared in 2021 (HS 2017 edition applies)
MULTI_ITEM_SHARE = 0.25     # consignments with 2-4 items
NEAR_DESTINATIONS = ["DE", "FR", "IT", "US"]    # one consignment each with a total just under a threshold
N_SPLIT = 2                 # orders split into three consignments, to buyers in:
SPLIT_DESTINATIONS = ["NL", "DE"]
DATA_CUTOFF = dt.date(2026, 11, 1)   # every date is before this day

CONSIGNMENT_FIELDS = [
    "shipment_id", "awb", "postal_item_id", "seller_name", "seller_address", "seller_city",
    "seller_postcode", "seller_country", "seller_id", "buyer_name", "buyer_address",
    "buyer_city", "buyer_postcode", "buyer_country", "buyer_email", "buyer_phone",
    "platform_id", "carrier_id", "pieces", "gross_weight", "total_value", "currency",
    "category", "transport_mode", "departure_country", "departure_location",
    "destination_country", "arrival_location", "departure_date", "arrival_date",
    "declaration_date",
]
ITEM_FIELDS = ["description", "hs_code", "quantity", "item_value", "net_weight", "origin_country"]
HEADER = CONSIGNMENT_FIELDS + ITEM_FIELDS
NUMERIC_FIELDS = ("pieces", "gross_weight", "total_value", "quantity", "item_value", "net_weight")
# core profile required fields (shipment_id is never blanked) + seller_address
REQUIRED = ("seller_name", "seller_address", "seller_country", "buyer_name", "buyer_address",
            "buyer_country", "description", "gross_weight", "total_value", "currency")

# Risk rules of sdq's core profile and their default parameters (lib/rules.c): value thresholds
# (amount, currency, in force from, destinations), the share under a threshold that is near it, the
# split-shipment window, the watch-list name similarity, the largest quantity of a gift, the origins
# marked for some departure countries, and the comparison of values per kg within a batch.
EU27 = {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
        "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"}
THRESHOLDS = [(150.0, "EUR", dt.date(2010, 1, 1), EU27), (800.0, "USD", dt.date(2016, 3, 10), {"US"})]
THRESHOLD_BAND = 0.10
SPLIT_WINDOW_DAYS = 7
WATCH_SIMILARITY = 0.85
GIFT_MAX_QUANTITY = 5
ORIGIN_ROUTES = {"CN": {"VN", "MY", "TH", "KH"}}
VALUE_RATIO, VALUE_MIN_ITEMS = 0.10, 30
# Clean items of one HS heading have values per kg (in EUR) within this factor of each other.
HEADING_SPREAD = 2.8

# --------------------------------------------------------------------------- reference data


class Refdata:
    def __init__(self, root):
        self.root = root
        self.hs = {2017: self._hs("hs2017.csv"), 2022: self._hs("hs2022.csv")}
        self.minor_units = self._iso4217()
        self.countries, self.postal = self._postal()

    def _path(self, name):
        return os.path.join(self.root, name)

    def _hs(self, name):
        codes = set()
        with open(self._path(name), encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                code = (row.get("hscode") or "").strip()
                if row.get("level") == "6" and re.fullmatch(r"\d{6}", code) and code != "999999":
                    codes.add(code)
        if len(codes) < 5000:
            raise SystemExit("refdata: %s looks incomplete (%d subheadings)" % (name, len(codes)))
        return codes

    def _iso4217(self):
        tree = ET.parse(self._path("iso-4217-list-one.xml"))
        units = {}
        for e in tree.iter("CcyNtry"):
            code = e.findtext("Ccy")
            mu = e.findtext("CcyMnrUnts")
            if code and mu and mu.strip().isdigit():
                units[code.strip()] = int(mu)
        return units

    def _postal(self):
        pdir = self._path("postal-codes")
        with open(os.path.join(pdir, "_country-map.json"), encoding="utf-8") as f:
            cmap = json.load(f)
        countries = set(cmap)
        postal = {}
        for cc in sorted(cmap):
            fmt = cmap[cc].get("postalCodeFormat")
            if not fmt:
                continue
            with open(os.path.join(pdir, fmt), encoding="utf-8") as f:
                spec = json.load(f)
            postal[cc] = (spec["ValidationRegex"], spec.get("RedundantCharacters", ""))
        return countries, postal

    def edition(self, day):
        return 2017 if day < dt.date(2022, 1, 1) else 2022

    def postcode_ok(self, cc, value):
        """postal-codes-js semantics: strip RedundantCharacters, case-insensitive, whole value."""
        spec = self.postal.get(cc)
        if spec is None:
            return True
        regex, redundant = spec
        s = value.strip()
        for ch in redundant:
            s = s.replace(ch, "")
        return re.fullmatch(regex, s, re.I) is not None

    def postcode_clearly_bad(self, cc, value):
        """Fails whatever way a validator applies the regex (raw or stripped, search or full)."""
        regex, redundant = self.postal[cc]
        stripped = value
        for ch in redundant:
            stripped = stripped.replace(ch, "")
        for s in (value, stripped, stripped.upper()):
            if re.search(regex, s, re.I) or re.fullmatch(regex, s, re.I):
                return False
        return True


# --------------------------------------------------------------------------- check digits

S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def s10_check(serial8):
    s = sum(int(d) * w for d, w in zip(serial8, S10_WEIGHTS))
    c = 11 - s % 11
    return 0 if c == 10 else 5 if c == 11 else c


def awb_check(serial7):
    return int(serial7) % 7


def self_test_check_digits():
    assert s10_check("12345678") == 5          # RB123456785GB
    assert s10_check("28704377") == 5          # RR287043775IN
    assert s10_check("00000008") == 0          # the 10 case
    assert s10_check("00000015") == 5          # the 11 case
    assert awb_check("1234567") == 5           # 176-12345675
    assert awb_check("8114074") == 3           # 020-81140743


# --------------------------------------------------------------------------- goods

# key, description, HS 2022 subheading, HS 2017 subheading if different,
# unit price EUR (lo, hi), unit net weight kg (lo, hi), max quantity
GOODS_TABLE = [
    ("tshirt_m", "Men's cotton T-shirt, short sleeve", "610910", None, (6, 25), (0.15, 0.22), 3),
    ("tshirt_w", "Women's cotton T-shirt, printed", "610910", None, (5, 20), (0.12, 0.20), 3),
    ("dress", "Women's polyester dress, knitted", "610443", None, (12, 45), (0.20, 0.40), 2),
    ("baby_body", "Baby bodysuits, cotton, knitted, pack of 3", "611120", None, (8, 20), (0.15, 0.25), 2),
    ("kurta", "Women's cotton kurta dress, block printed", "620442", None, (15, 45), (0.20, 0.35), 2),
    ("pashmina", "Pashmina shawl, 100% cashmere", "621420", None, (40, 150), (0.12, 0.20), 2),
    ("silk_scarf", "Silk scarf, hand-painted, 90 x 90 cm", "621410", None, (20, 60), (0.05, 0.08), 2),
    ("scarf_knit", "Knitted lambswool scarf", "611710", None, (25, 70), (0.12, 0.20), 2),
    ("gloves", "Cycling gloves, synthetic, knitted", "611693", None, (8, 25), (0.05, 0.10), 2),
    ("running_shoes", "Men's running shoes, textile upper, rubber sole", "640411", None, (30, 110), (0.60, 0.90), 1),
    ("boots", "Women's leather ankle boots", "640391", None, (50, 160), (0.90, 1.30), 1),
    ("handbag", "Women's leather handbag", "420221", None, (35, 220), (0.50, 1.00), 1),
    ("backpack", "Laptop backpack, polyester, 15.6 inch", "420292", None, (18, 60), (0.50, 0.90), 1),
    ("wallet", "Men's leather wallet, bifold", "420231", None, (10, 45), (0.08, 0.15), 2),
    ("sleeve", 'Tablet sleeve, 11", neoprene', "420232", None, (8, 20), (0.10, 0.20), 2),
    ("sunglasses", "Sunglasses, polarised, plastic frame", "900410", None, (8, 40), (0.03, 0.06), 2),
    ("watch", "Quartz wrist watch, stainless steel case", "910211", None, (25, 180), (0.06, 0.12), 1),
    ("necklace", "Sterling silver necklace, 925", "711311", None, (20, 120), (0.015, 0.030), 2),
    ("earrings", "Fashion earrings, base metal, gold-plated", "711719", None, (3, 15), (0.015, 0.030), 4),
    ("earphones", "Bluetooth wireless earphones", "851830", None, (12, 90), (0.05, 0.12), 2),
    ("smartphone", "Smartphone, 128 GB, unlocked", "851713", "851712", (120, 650), (0.17, 0.23), 1),
    ("phone_case", "Phone case, silicone, for smartphones", "392690", None, (2, 12), (0.02, 0.05), 3),
    ("usb_cable", "USB-C charging cable, 1 m", "854442", None, (2, 10), (0.02, 0.05), 4),
    ("power_bank", "Power bank, lithium-ion, 10000 mAh", "850760", None, (12, 40), (0.20, 0.30), 1),
    ("charger", "USB wall charger, 20 W", "850440", None, (6, 25), (0.04, 0.08), 2),
    ("desk_lamp", "LED desk lamp, dimmable", "940521", "940520", (15, 45), (0.60, 1.10), 1),
    ("led_strip", "LED strip lights, 5 m, with remote control", "940542", "940540", (8, 25), (0.15, 0.30), 2),
    ("smartwatch", "Smart watch with heart-rate monitor", "851762", None, (25, 200), (0.05, 0.10), 1),
    ("mouse", "Wireless computer mouse", "847160", None, (8, 40), (0.08, 0.12), 2),
    ("keyboard", "Mechanical keyboard, compact, USB", "847160", None, (60, 140), (0.50, 0.70), 1),
    ("ssd", "External hard drive, 2 TB, USB 3.0", "847170", None, (55, 95), (0.18, 0.25), 1),
    ("sd_card", "microSD memory card, 64 GB, with SD adapter", "852351", None, (6, 18), (0.03, 0.05), 3),
    ("action_cam", "Action camera, 4K, waterproof", "852589", "852580", (40, 250), (0.12, 0.20), 1),
    ("hair_dryer", "Hair dryer, 1800 W, foldable", "851631", None, (15, 50), (0.50, 0.80), 1),
    ("knife_set", "Stainless steel kitchen knife set", "821110", None, (25, 120), (0.80, 1.60), 1),
    ("frying_pan", "Non-stick frying pan, aluminium, 28 cm", "761510", None, (15, 45), (0.90, 1.30), 1),
    ("bottle", "Stainless steel water bottle, vacuum insulated, 750 ml", "961700", None, (10, 30), (0.30, 0.40), 2),
    ("mugs", "Ceramic coffee mugs, set of 4", "691200", None, (12, 35), (1.20, 1.60), 1),
    ("baking_mat", "Silicone baking mat, 40 x 30 cm", "392410", None, (4, 12), (0.10, 0.15), 3),
    ("kitchen_scale", "Digital kitchen scale, 5 kg", "842310", None, (10, 30), (0.40, 0.60), 1),
    ("towels", "Cotton bath towels, terry, set of 2", "630260", None, (15, 45), (0.80, 1.20), 2),
    ("bed_sheets", "Bed sheet set, polyester microfibre", "630232", None, (15, 40), (0.80, 1.20), 1),
    ("yoga_mat", "Yoga mat, TPE, 6 mm", "950691", None, (12, 35), (0.80, 1.10), 1),
    ("blocks", "Children's plastic building blocks", "950300", None, (10, 60), (0.40, 1.00), 2),
    ("teddy", "Plush teddy bear, 30 cm", "950300", None, (8, 25), (0.20, 0.35), 2),
    ("puzzle", "Jigsaw puzzle, 1000 pieces, cardboard", "950300", None, (8, 25), (0.50, 0.80), 2),
    ("board_game", "Board game, family strategy", "950490", None, (15, 50), (0.80, 1.40), 1),
    ("paint_set", "Acrylic paint set, 24 colours", "321310", None, (8, 30), (0.40, 0.70), 2),
    ("pens", "Ballpoint pens, pack of 10", "960810", None, (3, 10), (0.08, 0.12), 3),
    ("novel", "Paperback novel, English edition", "490199", None, (6, 15), (0.30, 0.50), 3),
    ("lipstick", "Lipstick, matte finish", "330410", None, (5, 20), (0.03, 0.05), 3),
    ("face_cream", "Face moisturising cream, 50 ml", "330499", None, (8, 45), (0.08, 0.12), 3),
    ("sheet_masks", "Sheet face masks, hydrating, pack of 5", "330499", None, (8, 25), (0.10, 0.15), 3),
    ("vitamins", "Vitamin C tablets, 1000 mg, 60 count", "210690", None, (6, 20), (0.10, 0.15), 3),
    ("green_tea", "Green tea, loose leaf, 100 g", "090210", None, (6, 25), (0.10, 0.12), 3),
    ("matcha", "Matcha green tea powder, 100 g", "090210", None, (15, 40), (0.10, 0.12), 3),
    ("black_tea", "Black tea, Assam, whole leaf, 100 g", "090230", None, (7, 20), (0.10, 0.12), 3),
    ("coffee", "Roasted coffee beans, arabica, 500 g", "090121", None, (10, 25), (0.50, 0.52), 3),
    ("lokum", "Turkish delight, rose flavour, 500 g", "170490", None, (8, 20), (0.50, 0.55), 3),
    ("dog_collar", "Dog collar, nylon, adjustable", "420100", None, (5, 20), (0.05, 0.10), 2),
    ("pet_bed", "Pet bed, polyester filled, 60 cm", "940490", None, (20, 50), (1.00, 1.60), 1),
    ("brake_pads", "Bicycle parts: brake pads, resin", "871494", None, (6, 20), (0.05, 0.10), 3),
    ("fishing_reel", "Fishing reel, spinning, aluminium", "950730", None, (20, 90), (0.25, 0.35), 1),
    ("guitar_strings", "Electric guitar strings, nickel-plated steel", "920930", None, (5, 15), (0.02, 0.04), 4),
    ("umbrella", "Folding umbrella, windproof, telescopic shaft", "660191", None, (8, 25), (0.30, 0.45), 2),
    ("candle", "Scented candle, soy wax, 200 g", "340600", None, (10, 30), (0.35, 0.45), 3),
    ("flowers", "Artificial flowers, plastic, bouquet", "670210", None, (6, 20), (0.10, 0.25), 3),
    ("vinyl", "Vinyl record, LP, 180 g, rock music", "852380", None, (22, 45), (0.25, 0.30), 3),
    ("frame", 'Wooden picture frame, 8" x 10"', "441490", "441400", (8, 25), (0.35, 0.55), 2),
    ("documents", "Printed contract documents, signed originals", "490199", None, (2, 2), (0.08, 0.20), 1),
]
GOODS = {g[0]: g for g in GOODS_TABLE}
EDITION_CHANGED = [g[0] for g in GOODS_TABLE if g[3]]


def heading(hs):
    return hs[:4]


def feasible_share(g, lo, hi, steps=24):
    """Share of a goods line's (unit weight, unit price) ranges whose value per kg is in [lo, hi]."""
    (plo, phi), (wlo, whi) = g[4], g[5]
    inside = 0
    for a in range(steps):
        w = wlo + (whi - wlo) * (a + 0.5) / steps
        for b in range(steps):
            price = plo + (phi - plo) * (b + 0.5) / steps
            inside += lo <= price / w <= hi
    return inside / float(steps * steps)


def heading_bands():
    """Per HS heading, the range of values per kg (EUR) of its clean items: a window of
    HEADING_SPREAD that leaves every goods line of the heading the largest share of its ranges."""
    by_heading = {}
    for g in GOODS_TABLE:
        by_heading.setdefault(heading(g[2]), []).append(g)
    bands = {}
    for h in sorted(by_heading):
        best = None
        for k in range(0, 201):                   # lower bounds 1 .. 10^5 EUR per kg
            lo = 10 ** (k / 40.0)
            share = min(feasible_share(g, lo, lo * HEADING_SPREAD) for g in by_heading[h])
            if best is None or share > best[0]:
                best = (share, lo)
        if best[0] < 0.25:
            raise SystemExit("goods of HS heading %s have values per kg too far apart" % h)
        bands[h] = (best[1], best[1] * HEADING_SPREAD)
    return bands


HEADING_BAND = heading_bands()

# --------------------------------------------------------------------------- parties

SELLERS = [
    # country, name, address, city, postcode, goods, platforms
    ("CN", "Shenzhen Huaqiang Electronics Co., Ltd.",
     "Room 1203, Block A, Huaqiang Plaza, 1019 Huaqiang North Road, Futian District", "Shenzhen", "518031",
     ["earphones", "smartphone", "phone_case", "usb_cable", "power_bank", "charger", "smartwatch", "sd_card", "action_cam"],
     ["ALIEXPRESS", "AMZN", "TEMU", "EBAY"]),
    ("CN", "深圳市华强电子有限公司", "广东省深圳市福田区华强北路1002号赛格广场15楼", "深圳市", "518028",
     ["earphones", "usb_cable", "charger", "led_strip", "mouse", "keyboard", "desk_lamp"],
     ["ALIEXPRESS", "TEMU"]),
    ("CN", "Yiwu Jiayi Trading Co., Ltd.", "No. 88 Chouzhou North Road, Futian Street", "Yiwu", "322000",
     ["earrings", "phone_case", "baking_mat", "flowers", "teddy", "pens", "umbrella", "led_strip"],
     ["ALIEXPRESS", "TEMU", "EBAY"]),
    ("CN", "Guangzhou Meiyu Apparel Co., Ltd.", "3F, No. 16 Zhanqian Road, Liwan District", "Guangzhou", "510010",
     ["tshirt_w", "dress", "baby_body", "gloves"],
     ["SHEIN", "TEMU", "ALIEXPRESS"]),
    ("CN", "Hangzhou West Lake Tea Co., Ltd.", "No. 5 Longjing Road, Xihu District", "Hangzhou", "310013",
     ["green_tea", "matcha"],
     ["ALIEXPRESS", "EBAY", "ETSY"]),
    ("CN", "Ningbo Homeware Import & Export Co., Ltd.", "No. 777 Zhongxing Road, Yinzhou District", "Ningbo", "315040",
     ["frying_pan", "knife_set", "bottle", "baking_mat", "kitchen_scale", "towels", "bed_sheets"],
     ["AMZN", "TEMU", "ALIEXPRESS", "EBAY"]),
    ("CN", "东莞市新星玩具有限公司", "广东省东莞市茶山镇新星路28号", "东莞市", "523380",
     ["blocks", "teddy", "puzzle", "board_game"],
     ["TEMU", "ALIEXPRESS", "AMZN"]),
    ("CN", "Xiamen Fitness Gear Co., Ltd.", "Unit 502, No. 9 Xinglin Bay Road, Jimei District", "Xiamen", "361021",
     ["yoga_mat", "gloves", "bottle", "fishing_reel", "brake_pads"],
     ["AMZN", "ALIEXPRESS", "EBAY"]),
    ("CN", "Shanghai Bloom Cosmetics Co., Ltd.", "Room 808, 1500 Century Avenue, Pudong New District", "Shanghai", "200122",
     ["lipstick", "face_cream", "sheet_masks", "hair_dryer"],
     ["TEMU", "SHEIN", "ALIEXPRESS"]),
    ("CN", "Dongguan Leather Goods Co., Ltd.", "No. 12 Houjie Avenue, Houjie Town", "Dongguan", "523960",
     ["handbag", "wallet", "backpack", "sleeve", "dog_collar", "sunglasses"],
     ["AMZN", "ALIEXPRESS", "SHEIN", "EBAY"]),
    ("HK", "Kowloon Gadget Trading Ltd.", "Flat B, 12/F, 580 Nathan Road, Mong Kok", "Kowloon", "",
     ["smartphone", "smartwatch", "earphones", "ssd", "action_cam", "sd_card", "power_bank"],
     ["EBAY", "AMZN", "ALIEXPRESS"]),
    ("HK", "Victoria Harbour Watches Co., Ltd.", "Shop 23, G/F, 101 Des Voeux Road Central", "Hong Kong", "",
     ["watch", "sunglasses", "necklace", "earrings"],
     ["EBAY", "AMZN"]),
    ("US", "Brooklyn Candle Co. LLC", "245 Wythe Avenue", "Brooklyn, NY", "11249",
     ["candle", "flowers", "frame"],
     ["ETSY", "AMZN"]),
    ("US", "Sunrise Nutrition Inc.", "1100 Congress Avenue, Suite 400", "Austin, TX", "78701",
     ["vitamins"],
     ["AMZN", "EBAY"]),
    ("US", "Pacific Trail Outfitters, Inc.", "1020 SW Taylor Street", "Portland, OR", "97205",
     ["backpack", "bottle", "running_shoes", "gloves", "fishing_reel", "umbrella"],
     ["AMZN", "EBAY"]),
    ("US", "Nashville Strings & Co.", "505 Broadway", "Nashville, TN", "37203",
     ["guitar_strings", "vinyl"],
     ["EBAY", "ETSY", "AMZN"]),
    ("GB", "Highland Knitwear Ltd", "14 Academy Street", "Inverness", "IV1 1LE",
     ["scarf_knit", "gloves"],
     ["ETSY", "AMZN", "EBAY"]),
    ("GB", "Camden Vinyl Records Ltd", "Unit 7, Camden Lock Place", "London", "NW1 8AF",
     ["vinyl", "novel", "puzzle"],
     ["EBAY", "AMZN"]),
    ("GB", "Albion Tea Company Ltd", "31 Corn Street", "Bristol", "BS1 1HT",
     ["black_tea", "green_tea", "mugs"],
     ["AMZN", "ETSY"]),
    ("GB", "Wright's Pet Supplies Ltd", "Unit 3, Riverside Industrial Estate", "Leeds", "LS10 1AB",
     ["dog_collar", "pet_bed"],
     ["AMZN", "EBAY"]),
    ("TR", "Anatolia Tekstil San. ve Tic. A.Ş.", "Merter Mah. Keresteciler Sitesi No: 12", "İstanbul", "34169",
     ["towels", "tshirt_m", "baby_body", "bed_sheets"],
     ["AMZN", "ETSY", "EBAY"]),
    ("TR", 'Bazaar "Kapalıçarşı" Hediyelik Ltd. Şti.', "Kalpakçılar Cad. No: 44, Fatih", "İstanbul", "34126",
     ["lokum", "necklace", "mugs", "earrings"],
     ["ETSY", "EBAY"]),
    ("TR", "Ege Deri Çanta Ltd. Şti.", "1203/4 Sok. No: 15, Yenişehir", "İzmir", "35110",
     ["handbag", "wallet", "boots"],
     ["ETSY", "AMZN"]),
    ("KR", "Hanbit Cosmetics Co., Ltd.", "152 Teheran-ro, Gangnam-gu", "Seoul", "06236",
     ["sheet_masks", "face_cream", "lipstick"],
     ["AMZN", "EBAY"]),
    ("KR", "주식회사 서울뷰티랩", "서울특별시 마포구 양화로 45", "서울", "04036",
     ["sheet_masks", "face_cream"],
     ["EBAY", "AMZN"]),
    ("KR", "Busan Outdoor Co., Ltd.", "30 Haeundae-ro, Haeundae-gu", "Busan", "48094",
     ["yoga_mat", "fishing_reel", "bottle", "gloves"],
     ["AMZN", "EBAY"]),
    ("JP", "Sakura Hobby K.K.", "2-14-5 Sotokanda, Chiyoda-ku", "Tokyo", "101-0021",
     ["puzzle", "paint_set", "pens", "board_game"],
     ["AMZN", "EBAY"]),
    ("JP", "株式会社京都茶舗", "京都府京都市中京区三条通河原町東入ル中島町80", "京都市", "604-8004",
     ["matcha", "green_tea"],
     ["EBAY", "ETSY", "AMZN"]),
    ("JP", "Osaka Knife Works Co., Ltd.", "1-3-2 Ebisuhigashi, Naniwa-ku", "Osaka", "556-0002",
     ["knife_set"],
     ["EBAY", "AMZN", "ETSY"]),
    ("VN", "Saigon Coffee Roasters JSC", "68 Nguyễn Huệ, Bến Nghé, Quận 1", "Thành phố Hồ Chí Minh", "700000",
     ["coffee"],
     ["ETSY", "AMZN"]),
    ("VN", "Hanoi Silk Company Ltd.", "42 Hàng Gai, Hoàn Kiếm", "Hà Nội", "100000",
     ["silk_scarf", "dress"],
     ["ETSY", "EBAY"]),
    ("IN", "Jaipur Handloom Exports Pvt. Ltd.", "B-14, Malviya Industrial Area", "Jaipur", "302017",
     ["kurta", "towels"],
     ["ETSY", "AMZN", "EBAY"]),
    ("IN", "Mumbai Gems & Jewels Pvt. Ltd.", "Office 402, Panchratna Building, Opera House", "Mumbai", "400004",
     ["necklace", "earrings"],
     ["ETSY", "EBAY"]),
    ("IN", "Kashmir Pashmina House", "Residency Road, Lal Chowk", "Srinagar", "190001",
     ["pashmina"],
     ["ETSY", "EBAY"]),
    ("IN", "Assam Valley Tea Estates Pvt. Ltd.", "G.S. Road, Christian Basti", "Guwahati", "781005",
     ["black_tea", "green_tea"],
     ["AMZN", "ETSY"]),
    ("DE", "Müller Küchenwaren GmbH", "Grünewalder Straße 29", "Solingen", "42657",
     ["knife_set", "frying_pan", "kitchen_scale"],
     ["AMZN", "EBAY"]),
    ("DE", "Schwarzwald Uhren GmbH", "Hauptstraße 45", "Triberg im Schwarzwald", "78098",
     ["watch"],
     ["AMZN", "ETSY"]),
    ("DE", "Berliner Spielwaren GmbH", "Oranienstraße 183", "Berlin", "10999",
     ["blocks", "board_game", "puzzle", "teddy"],
     ["AMZN", "EBAY"]),
]

# private senders of gifts: country, name, address, city, postcode, goods
GIFT_SENDERS = [
    ("CN", "Wang Fang", "Room 302, Building 5, 18 Xueyuan Road, Haidian District", "Beijing", "100083", ["teddy", "green_tea", "silk_scarf"]),
    ("CN", "李娜", "上海市徐汇区漕溪北路88号1202室", "上海市", "200030", ["green_tea", "teddy"]),
    ("HK", "Chan Tai Man", "Flat 8D, Tower 2, 1 Tung Chung Waterfront Road", "Tung Chung", "", ["teddy", "black_tea"]),
    ("US", "Emily Johnson", "1842 Oak Street", "Columbus, OH", "43215", ["candle", "novel", "puzzle"]),
    ("GB", "James Wilson", "27 Rose Lane", "Norwich", "NR1 3JQ", ["scarf_knit", "black_tea", "novel"]),
    ("TR", "Mehmet Yılmaz", "Bağdat Cad. No: 210 D: 5, Kadıköy", "İstanbul", "34728", ["lokum", "towels"]),
    ("VN", "Nguyễn Thị Lan", "15 Lê Lợi, Phường 3", "Đà Nẵng", "550000", ["coffee", "silk_scarf"]),
    ("IN", "Priya Sharma", "Flat 12, Sector 15, Vashi", "Navi Mumbai", "400703", ["pashmina", "black_tea", "kurta"]),
    ("JP", "田中 美咲", "東京都世田谷区北沢2-10-15", "東京都", "155-0031", ["matcha", "green_tea"]),
    ("KR", "이서연", "서울특별시 종로구 세종대로 175", "서울", "03172", ["sheet_masks"]),
]

# The watch-list written to watchlist.csv: name, id, address, country, reason. Every entry is
# invented (names, ids and addresses alike).
WATCHLIST = [
    ("SHENZHEN QUILLMOOR ELECTRONIC TECHNOLOGY LIMITED", "91440300MA5G8K2Q7X",
     "5/F, Building B, Fuqiao Industrial Zone, Fuyong Street, Bao'an District, Shenzhen", "CN", "denied party (example)"),
    ("Brelmont Air Cargo and Parcel Forwarding Services GmbH", "DE418273645512093",
     "Billstraße 118, 20539 Hamburg", "DE", "parcel forwarder, repeated undervaluation (example)"),
    ("Perlvane Sourcing Ltd", "CN4419552871360",
     "Unit 1208, 88 Huangpu Avenue West, Tianhe District, Guangzhou", "CN", "counterfeit goods seized (example)"),
    ("Yiwu Glimmora Commodity Import Export Co., Ltd.", "",
     "No. 9 Futian Road, Yiwu", "CN", "false origin declarations (example)"),
    ("Kesslomir, Viktor", "", "Am Sandtorkai 12, Hamburg", "DE", "sanctions list (example)"),
    ("Marguerite Oduvanne-Fontel", "", "14 rue des Tanneurs, Lille", "FR", "customs fraud conviction (example)"),
    ("Orivane Pearl Global Trading Co., Ltd.", "HK-61839274",
     "Unit 7, 22/F, 33 Hoi Yuen Road, Kwun Tong, Kowloon", "HK", "denied party (example)"),
    ("Silvaront Import-Export S.R.L.", "RO40918273", "Strada Fabricii 41, Bucharest", "RO", "sanctions list (example)"),
    ("Kappadrel Components LLC", "84-2917365", "4410 Commerce Parkway, Suite 210, Miami, FL", "US",
     "export control violation (example)"),
    ("Nordwelkin Handelskontor GmbH", "DE907766512345678", "Lagerstraße 5, Bremen", "DE", "VAT fraud (example)"),
    ("Adrivesta Shipping d.o.o.", "HR77123456789", "Obala kneza Branimira 8, Rijeka", "HR", "smuggling (example)"),
    ("Sunvardex Electronic Components Pte. Ltd.", "201934572K", "60 Kaki Bukit Place, Singapore", "SG",
     "export control violation (example)"),
    ("Marvelta Lojistik Dış Ticaret A.Ş.", "TR4930127765", "Ambarlı Liman Yolu No: 7, Avcılar, İstanbul", "TR",
     "denied party (example)"),
    ("Dmitri Varnasko", "", "", "", "sanctions list (example)"),
    ("Helena Thornquist-Vasq", "", "88 Wharf Street, Dover", "GB", "repeated undervaluation (example)"),
    ("Mekorra Trading Co., Ltd.", "0316274859", "112 Nguyen Tat Thanh, District 4, Ho Chi Minh City", "VN",
     "false origin declarations (example)"),
    ("Tavoridge Imports Inc.", "", "1900 Harbor Boulevard, Long Beach, CA", "US", "counterfeit goods seized (example)"),
    ("Rahim Karvonbek", "", "", "UZ", "sanctions list (example)"),
    ("Luxtarro Parcel Consolidation Ltd", "", "Unit 3, 18 Sheung Yuet Road, Kowloon Bay", "HK",
     "parcel forwarder, split consignments (example)"),
    ("Baltamber Gifts SIA", "LV40203112345", "Brīvības iela 77, Rīga", "LV", "undervaluation (example)"),
]
# Parties planted to meet the watch-list. Sellers: country, name, address, city, postcode, seller_id,
# the regular seller whose consignment they take over. The first matches entry 1 exactly once
# folded (case, legal form), the second entry 3 by its id only; the last has 4 of the 5 words of
# entry 4 (similarity 0.8) and must not match. The buyer has 6 of the 7 words of entry 2.
WATCH_SELLER_EXACT = ("CN", "Shenzhen Quillmoor Electronic Technology Co., Ltd.",
                      "5F, Building B, Fuqiao Industrial Zone, Fuyong Street, Bao'an District", "Shenzhen", "518103",
                      None, "Shenzhen Huaqiang Electronics Co., Ltd.")
WATCH_SELLER_ID = ("CN", "Dongguan Veltaro Leather Products Co., Ltd.", "No. 35 Xinwei Road, Houjie Town",
                   "Dongguan", "523945", "CN4419552871360", "Dongguan Leather Goods Co., Ltd.")
WATCH_SELLER_NEAR_MISS = ("CN", "Yiwu Glimmora Commodity Export Co., Ltd.",
                          "Room 1506, Building 2, International Trade City District 5", "Yiwu", "322000", None,
                          "Yiwu Jiayi Trading Co., Ltd.")
WATCH_BUYER = ("DE", "Brelmont Air Cargo & Parcel Forwarding Services GmbH")

SELLER_COUNTRY_WEIGHTS = [("CN", 40), ("HK", 7), ("US", 10), ("GB", 8), ("TR", 8), ("KR", 6),
                          ("JP", 5), ("VN", 4), ("IN", 6), ("DE", 6)]

EU = ["DE", "FR", "NL", "BE", "PL", "IT", "ES", "AT", "SE", "IE", "CZ", "PT", "DK", "FI"]
BUYER_COUNTRY_WEIGHTS = [("DE", 14), ("FR", 11), ("NL", 7), ("BE", 4), ("PL", 6), ("IT", 8), ("ES", 7),
                         ("AT", 3), ("SE", 3), ("IE", 3), ("CZ", 2), ("PT", 2), ("DK", 2), ("FI", 2),
                         ("GB", 8), ("US", 8), ("CA", 3), ("AU", 3), ("KR", 2), ("JP", 2)]

# Buyer data per country: first names, last names, (city, [postcodes]), street patterns,
# e-mail domains, phone (country code, mobile prefixes, national number length), currency.
BUYERS = {
    "DE": dict(first=["Lukas", "Anna", "Jürgen", "Sophie", "Björn", "Lena", "Maximilian", "Hannah", "Felix", "Marie", "Jonas", "Katrin", "Uwe", "Sabine"],
               last=["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Schröder", "Becker", "Hoffmann", "Weiß", "Krüger", "Schäfer", "Wagner", "Koch", "Bauer"],
               cities=[("Berlin", ["10115", "10243", "10437", "12043", "13353"]), ("München", ["80331", "80469", "81371"]),
                       ("Hamburg", ["20095", "22765", "20357"]), ("Köln", ["50667", "50823"]), ("Frankfurt am Main", ["60311", "60594"]),
                       ("Leipzig", ["04109", "04275"]), ("Düsseldorf", ["40213", "40477"]), ("Stuttgart", ["70173", "70178"]), ("Nürnberg", ["90402"])],
               streets=["Hauptstraße {n}", "Goethestraße {n}", "Schillerstraße {n}", "Bahnhofstraße {n}", "Lindenallee {n}",
                        "Gartenweg {n}a", "Friedrichstraße {n}", "Am Mühlbach {n}", "Bergstraße {n}, Hinterhaus"],
               mail=["gmx.de", "web.de", "gmail.com", "t-online.de"], phone=("49", ["151", "152", "157", "160", "170", "172", "176", "179"], 11), cur="EUR"),
    "FR": dict(first=["Léa", "Chloé", "Hélène", "Lucas", "Théo", "Camille", "Manon", "Hugo", "Inès", "Mathieu", "Émilie", "Jérôme"],
               last=["Dubois", "Lefèvre", "Martin", "Bernard", "Moreau", "Laurent", "Girard", "Rousseau", "Fontaine", "Mercier", "Lemaître", "Faure"],
               cities=[("Paris", ["75011", "75015", "75018", "75004"]), ("Lyon", ["69002", "69007"]), ("Marseille", ["13001", "13008"]),
                       ("Toulouse", ["31000", "31400"]), ("Nantes", ["44000"]), ("Lille", ["59000", "59800"]), ("Bordeaux", ["33000", "33800"]), ("Strasbourg", ["67000"])],
               streets=["{n} rue de la République", "{n} avenue Jean Jaurès", "{n} rue Pasteur", "{n} rue des Lilas",
                        "Appt {m}B, {n} rue Victor Hugo", "{n} place de l'Église"],
               mail=["orange.fr", "free.fr", "gmail.com", "laposte.net"], phone=("33", ["6", "7"], 9), cur="EUR"),
    "NL": dict(first=["Daan", "Sanne", "Emma", "Bram", "Lotte", "Thijs", "Femke", "Joris", "Anouk", "Sem"],
               last=["de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "de Jong", "van Dijk", "Mulder", "Bos"],
               cities=[("Amsterdam", ["1012 AB", "1016 DK", "1072 LH"]), ("Rotterdam", ["3011 AD", "3032 BT"]), ("Utrecht", ["3511 LX", "3581 KP"]),
                       ("Den Haag", ["2511 CV"]), ("Eindhoven", ["5611 AB"]), ("Groningen", ["9711 LM"])],
               streets=["Kerkstraat {n}", "Dorpsstraat {n}", "Molenweg {n}", "Stationsweg {n}", "Julianalaan {n}", "Beatrixstraat {n}"],
               mail=["ziggo.nl", "gmail.com", "kpnmail.nl", "outlook.com"], phone=("31", ["6"], 9), cur="EUR"),
    "BE": dict(first=["Lotte", "Noah", "Elise", "Arthur", "Louise", "Wout", "Amélie", "Jules"],
               last=["Peeters", "Janssens", "Maes", "Jacobs", "Willems", "Claes", "Dupont", "Lambert"],
               cities=[("Bruxelles", ["1000", "1050", "1180"]), ("Antwerpen", ["2000", "2018"]), ("Gent", ["9000"]), ("Liège", ["4000"]),
                       ("Leuven", ["3000"]), ("Brugge", ["8000"])],
               streets=["Kerkstraat {n}", "Stationsstraat {n}", "Rue de la Station {n}", "Rue de l'Église {n}", "Nieuwstraat {n}"],
               mail=["telenet.be", "skynet.be", "gmail.com"], phone=("32", ["47", "48", "49"], 9), cur="EUR"),
    "PL": dict(first=["Łukasz", "Zofia", "Małgorzata", "Piotr", "Katarzyna", "Tomasz", "Agnieszka", "Michał", "Anna", "Paweł"],
               last=["Nowak", "Wójcik", "Kowalczyk", "Zając", "Woźniak", "Mazur", "Krawczyk", "Kaczmarek", "Pawlak", "Michalak"],
               cities=[("Warszawa", ["00-001", "02-677", "01-234"]), ("Kraków", ["31-042", "30-001"]), ("Łódź", ["90-001", "93-121"]),
                       ("Wrocław", ["50-001", "53-333"]), ("Gdańsk", ["80-001", "80-831"]), ("Poznań", ["60-001"])],
               streets=["ul. Kościuszki {n}", "ul. Mickiewicza {n}/{m}", "ul. Długa {n}", "ul. Żeromskiego {n}", "ul. Wojska Polskiego {n}", "ul. Łąkowa {n}"],
               mail=["wp.pl", "onet.pl", "gmail.com", "o2.pl"], phone=("48", ["50", "51", "53", "57", "60", "66", "69", "72", "78", "79", "88"], 9), cur="PLN"),
    "IT": dict(first=["Giulia", "Marco", "Francesca", "Niccolò", "Chiara", "Luca", "Alessandro", "Sofia", "Matteo", "Martina"],
               last=["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco"],
               cities=[("Roma", ["00184", "00153"]), ("Milano", ["20121", "20144"]), ("Napoli", ["80133"]), ("Torino", ["10121"]),
                       ("Bologna", ["40121"]), ("Firenze", ["50122"])],
               streets=["Via Roma {n}", "Via Garibaldi {n}", "Corso Vittorio Emanuele II {n}", "Via dei Mille {n}", "Via Mazzini {n}", "Via Niccolò Machiavelli {n}"],
               mail=["libero.it", "gmail.com", "virgilio.it"], phone=("39", ["320", "328", "333", "338", "340", "347", "349", "366", "392"], 10), cur="EUR"),
    "ES": dict(first=["José", "Lucía", "Javier", "María", "Sofía", "Álvaro", "Carmen", "Pablo", "Nuria", "Andrés"],
               last=["García", "Martínez", "Fernández", "López", "Sánchez", "Pérez", "Gómez", "Núñez", "Jiménez", "Ruiz"],
               cities=[("Madrid", ["28013", "28004", "28045"]), ("Barcelona", ["08001", "08012"]), ("Valencia", ["46001"]), ("Sevilla", ["41001"]),
                       ("Zaragoza", ["50001"]), ("Málaga", ["29001"])],
               streets=["Calle Mayor {n}, {m}º B", "Calle San Francisco {n}", "Avenida de la Constitución {n}", "Calle Nueva {n}", "Calle Real {n}", "Plaza de España {n}"],
               mail=["gmail.com", "hotmail.es", "telefonica.net"], phone=("34", ["6", "7"], 9), cur="EUR"),
    "AT": dict(first=["Johanna", "Florian", "Katharina", "Sebastian", "Magdalena", "Lukas", "Theresa", "Elias"],
               last=["Gruber", "Huber", "Bauer", "Wagner", "Pichler", "Steiner", "Moser", "Hofer"],
               cities=[("Wien", ["1010", "1070", "1100"]), ("Graz", ["8010"]), ("Linz", ["4020"]), ("Salzburg", ["5020"]), ("Innsbruck", ["6020"])],
               streets=["Hauptstraße {n}", "Bahnhofstraße {n}", "Kirchengasse {n}", "Schulgasse {n}", "Mozartstraße {n}"],
               mail=["gmx.at", "gmail.com", "aon.at"], phone=("43", ["650", "660", "664", "676", "680", "699"], 10), cur="EUR"),
    "SE": dict(first=["Åsa", "Erik", "Linnéa", "Oskar", "Maja", "Anders", "Ingrid", "Johan"],
               last=["Lindström", "Andersson", "Johansson", "Karlsson", "Nilsson", "Björk", "Öberg", "Lindqvist"],
               cities=[("Stockholm", ["111 22", "114 35", "118 46"]), ("Göteborg", ["411 06", "413 01"]), ("Malmö", ["211 20"]), ("Uppsala", ["753 10"])],
               streets=["Drottninggatan {n}", "Storgatan {n}", "Kungsgatan {n}", "Skolgatan {n}", "Järnvägsgatan {n}"],
               mail=["gmail.com", "telia.com", "hotmail.se"], phone=("46", ["70", "72", "73", "76", "79"], 9), cur="SEK"),
    "IE": dict(first=["Siobhán", "Seán", "Aoife", "Ciarán", "Niamh", "Conor", "Róisín", "Darragh"],
               last=["O'Brien", "Murphy", "Kelly", "Byrne", "Ó Súilleabháin", "Walsh", "McCarthy", "Ryan"],
               cities=[("Dublin", ["D02 X285", "D04 C932", "D08 VF8H"]), ("Cork", ["T12 R2NC"]), ("Galway", ["H91 E2K3"]), ("Limerick", ["V94 T9PX"])],
               streets=["{n} Main Street", "{n} Church Road", "Apartment {m}, {n} Park Road", "{n} St. Patrick's Terrace", "{n} Castle Street"],
               mail=["gmail.com", "eircom.net", "outlook.ie"], phone=("353", ["83", "85", "86", "87", "89"], 9), cur="EUR"),
    "CZ": dict(first=["Jiří", "Petra", "Tomáš", "Lucie", "Jan", "Tereza", "Martin", "Eliška"],
               last=["Dvořák", "Novák", "Svoboda", "Černý", "Procházka", "Kučera", "Veselý", "Horák"],
               cities=[("Praha", ["110 00", "120 00", "140 00"]), ("Brno", ["602 00"]), ("Ostrava", ["702 00"]), ("Plzeň", ["301 00"])],
               streets=["Masarykova {n}", "Husova {n}", "Nádražní {n}", "Palackého {n}", "Komenského {n}"],
               mail=["seznam.cz", "gmail.com", "email.cz"], phone=("420", ["60", "72", "73", "77"], 9), cur="CZK"),
    "PT": dict(first=["João", "Inês", "Gonçalo", "Beatriz", "Tiago", "Mariana", "Rui", "Leonor"],
               last=["Gonçalves", "Conceição", "Silva", "Santos", "Ferreira", "Pereira", "Costa", "Magalhães"],
               cities=[("Lisboa", ["1100-148", "1250-096", "1000-001"]), ("Porto", ["4000-322", "4050-262"]), ("Braga", ["4700-001"]), ("Coimbra", ["3000-001"])],
               streets=["Rua de São Paulo {n}, {m}.º Esq.", "Avenida da República {n}", "Rua Direita {n}", "Rua do Comércio {n}", "Travessa do Conde {n}"],
               mail=["gmail.com", "sapo.pt", "hotmail.com"], phone=("351", ["91", "92", "93", "96"], 9), cur="EUR"),
    "DK": dict(first=["Søren", "Mette", "Mads", "Freja", "Rasmus", "Ida", "Jens", "Sofie"],
               last=["Jørgensen", "Nielsen", "Hansen", "Pedersen", "Sørensen", "Rasmussen", "Kjær", "Møller"],
               cities=[("København", ["1050", "1620", "2200"]), ("Aarhus", ["8000"]), ("Odense", ["5000"]), ("Aalborg", ["9000"])],
               streets=["Nørregade {n}, {m}. th.", "Vestergade {n}", "Algade {n}", "Østergade {n}", "Søndergade {n}"],
               mail=["gmail.com", "mail.dk", "outlook.dk"], phone=("45", ["20", "21", "22", "26", "28", "30", "31", "40", "42", "50", "60"], 8), cur="DKK"),
    "FI": dict(first=["Eetu", "Aino", "Mikko", "Sanna", "Juha", "Elina", "Väinö", "Pia"],
               last=["Mäkinen", "Virtanen", "Korhonen", "Nieminen", "Jääskeläinen", "Heikkinen", "Hämäläinen", "Laine"],
               cities=[("Helsinki", ["00100", "00530", "00180"]), ("Tampere", ["33100"]), ("Turku", ["20100"]), ("Oulu", ["90100"])],
               streets=["Koulukatu {n} B {m}", "Kirkkokatu {n}", "Rautatienkatu {n}", "Puistokatu {n}", "Kauppakatu {n}"],
               mail=["gmail.com", "luukku.com", "outlook.com"], phone=("358", ["40", "41", "44", "45", "50"], 9), cur="EUR"),
    "GB": dict(first=["Oliver", "Amelia", "Harry", "Isla", "George", "Emily", "Jack", "Charlotte", "Thomas", "Grace"],
               last=["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "Roberts", "Walker"],
               cities=[("London", ["SW1A 1AA", "EC1A 1BB", "W1A 0AX", "NW1 6XE", "SE5 0EG", "N1 9GU"]), ("Manchester", ["M1 1AE", "M4 5JD"]),
                       ("Birmingham", ["B33 8TH", "B1 1BB"]), ("Leeds", ["LS1 4AP"]), ("Edinburgh", ["EH1 1YZ"]), ("Glasgow", ["G1 1XQ"]), ("Bristol", ["BS1 4DJ"])],
               streets=["{n} High Street", "Flat {m}, {n} Church Road", "{n} Church Lane", "{n} Victoria Road", "{n} Station Road", "{n} Queen's Road"],
               mail=["gmail.com", "btinternet.com", "outlook.com", "yahoo.co.uk"], phone=("44", ["74", "75", "77", "78", "79"], 10), cur="GBP"),
    "US": dict(first=["James", "Emily", "Michael", "Olivia", "David", "Sarah", "Daniel", "Jessica", "Ryan", "Ashley"],
               last=["Johnson", "Williams", "Brown", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Anderson", "Taylor"],
               cities=[("New York, NY", ["10001", "10036-4601", "10027"]), ("Los Angeles, CA", ["90012", "90026"]), ("Chicago, IL", ["60601", "60614"]),
                       ("Houston, TX", ["77002"]), ("Seattle, WA", ["98101", "98122"]), ("Miami, FL", ["33130"]), ("Boston, MA", ["02108", "02116"]), ("Denver, CO", ["80202"])],
               streets=["{n} Main St, Apt {m}B", "{n} Maple Avenue", "{n} Oak Street", "{n} Washington Street", "{n} Pine St, Unit {m}", "{n} Park Avenue"],
               mail=["gmail.com", "yahoo.com", "outlook.com", "icloud.com"], phone=("1", ["212", "646", "718", "310", "213", "312", "713", "206", "305", "617", "303"], 10), cur="USD"),
    "CA": dict(first=["Liam", "Geneviève", "Noah", "Chloé", "Ethan", "Sophie", "Benjamin", "Olivia"],
               last=["Côté", "Tremblay", "Smith", "Roy", "Gagnon", "Wilson", "Martin", "MacDonald"],
               cities=[("Toronto, ON", ["M5V 2T6", "M4C 1B5"]), ("Vancouver, BC", ["V6B 1A1", "V5K 0A1"]), ("Montréal, QC", ["H3B 2Y5", "H2X 1Y4"]),
                       ("Calgary, AB", ["T2P 1J9"]), ("Ottawa, ON", ["K1P 1J1"])],
               streets=["{n} Main Street", "{n} Wellington Street", "Apt {m}, {n} Maple Drive", "{n} King Street"],
               mail=["gmail.com", "rogers.com", "outlook.com"], phone=("1", ["416", "647", "604", "778", "514", "438", "403", "613"], 10), cur="CAD"),
    "AU": dict(first=["Jack", "Charlotte", "William", "Mia", "Lachlan", "Chloe", "Thomas", "Ruby"],
               last=["Smith", "Jones", "Williams", "Brown", "Wilson", "Taylor", "Nguyen", "Kelly"],
               cities=[("Sydney NSW", ["2000", "2010"]), ("Melbourne VIC", ["3000", "3121"]), ("Brisbane QLD", ["4000"]), ("Perth WA", ["6000"]), ("Adelaide SA", ["5000"])],
               streets=["{n} George Street", "Unit {m}, {n} King Street", "{n} Queen Street", "{n} Victoria Street"],
               mail=["gmail.com", "bigpond.com", "outlook.com.au"], phone=("61", ["4"], 9), cur="AUD"),
    "KR": dict(first=[("민준", "Minjun"), ("서연", "Seoyeon"), ("지훈", "Jihoon"), ("수아", "Sua"), ("하윤", "Hayoon"), ("도윤", "Doyoon"), ("지우", "Jiwoo")],
               last=[("김", "Kim"), ("이", "Lee"), ("박", "Park"), ("최", "Choi"), ("정", "Jung"), ("강", "Kang")],
               cities=[("Seoul", ["06164", "06236"], ["{n} Teheran-ro, Gangnam-gu"], "서울", ["서울특별시 강남구 테헤란로 {n}"]),
                       ("Seoul", ["04524", "03187"], ["{n} Sejong-daero, Jung-gu"], "서울", ["서울특별시 중구 세종대로 {n}"]),
                       ("Busan", ["48058", "48094"], ["{n} Haeundae-ro, Haeundae-gu"], "부산", ["부산광역시 해운대구 해운대로 {n}"]),
                       ("Incheon", ["21999"], ["{n} Convensia-daero, Yeonsu-gu"], "인천", ["인천광역시 연수구 컨벤시아대로 {n}"])],
               streets=[],
               mail=["naver.com", "daum.net", "gmail.com"], phone=("82", ["10"], 10), cur="KRW"),
    "JP": dict(first=[("健", "Ken"), ("美咲", "Misaki"), ("翔太", "Shota"), ("陽菜", "Hina"), ("大輔", "Daisuke"), ("結衣", "Yui")],
               last=[("佐藤", "Sato"), ("鈴木", "Suzuki"), ("高橋", "Takahashi"), ("田中", "Tanaka"), ("伊藤", "Ito"), ("渡辺", "Watanabe")],
               cities=[("Tokyo", ["150-0001"], ["{a}-{m}-{k} Jingumae, Shibuya-ku"], "東京都", ["東京都渋谷区神宮前{a}-{m}-{k}"]),
                       ("Tokyo", ["160-0023"], ["{a}-{m}-{k} Nishi-Shinjuku, Shinjuku-ku"], "東京都", ["東京都新宿区西新宿{a}-{m}-{k}"]),
                       ("Osaka", ["530-0001"], ["{a}-{m} Umeda, Kita-ku"], "大阪市", ["大阪府大阪市北区梅田{a}-{m}"]),
                       ("Yokohama", ["220-0011"], ["{a}-{m}-{k} Takashima, Nishi-ku"], "横浜市", ["神奈川県横浜市西区高島{a}-{m}-{k}"])],
               streets=[],
               mail=["gmail.com", "yahoo.co.jp", "docomo.ne.jp"], phone=("81", ["70", "80", "90"], 10), cur="JPY"),
}

SELLER_CURRENCY = {"CN": "CNY", "HK": "HKD", "US": "USD", "GB": "GBP", "TR": "TRY", "KR": "KRW",
                   "JP": "JPY", "VN": "VND", "IN": "INR", "DE": "EUR"}
# Units per EUR: the indicative exchange rates of sdq's core profile (`sdq profiles core`), so that the
# values its risk rules convert are the values drawn here.
EUR_RATE = {"EUR": 1.0, "USD": 1.17, "GBP": 0.87, "CNY": 8.35, "HKD": 9.1, "TRY": 48.5, "KRW": 1640.0,
            "JPY": 173.0, "VND": 30800.0, "INR": 103.0, "SEK": 11.0, "PLN": 4.27, "DKK": 7.46, "CZK": 24.3,
            "CAD": 1.63, "AUD": 1.78}
# price granularity in minor units for currencies without decimals
ZERO_DECIMAL_STEP = {"JPY": 10, "KRW": 100, "VND": 1000}

AMAZON_MARKET = {"GB": "AMZN-UK", "US": "AMZN-US", "CA": "AMZN-CA", "AU": "AMZN-AU", "JP": "AMZN-JP"}
POSTAL_CARRIER = {"CN": "CHINA-POST", "HK": "HONGKONG-POST", "US": "USPS", "GB": "ROYAL-MAIL", "TR": "PTT",
                  "KR": "KOREA-POST", "JP": "JAPAN-POST", "VN": "VIETNAM-POST", "IN": "INDIA-POST",
                  "DE": "DEUTSCHE-POST", "NL": "POSTNL"}
EXPRESS_CARRIERS = [("DHL-EXPRESS", "615", 50), ("FEDEX", "023", 25), ("UPS", "406", 25)]
S10_SMALL = ["LP", "LX", "LZ", "RB", "RR", "RS", "UA", "UB", "UH", "HA"]
S10_LARGE = ["CP", "CY", "CX", "EE", "EA", "EM"]

DEPARTURE_LOC = {
    "air": {"CN": ["CNSZX", "CNCAN", "CNPVG", "CNHGH"], "HK": ["HKHKG"], "US": ["USJFK", "USLAX", "USMIA"],
            "GB": ["GBLHR", "GBSTN", "GBMAN"], "TR": ["TRIST", "TRIZM"], "KR": ["KRICN"], "JP": ["JPNRT", "JPHND", "JPKIX"],
            "VN": ["VNSGN", "VNHAN"], "IN": ["INDEL", "INBOM", "INMAA"], "DE": ["DEFRA", "DELEJ", "DECGN"]},
    "road": {"TR": ["TRIST"], "GB": ["GBDVR"], "DE": ["DECGN", "DEHAM"]},
    "sea": {"CN": ["CNSHA", "CNNGB", "CNYTN"]},
}
ARRIVAL_LOC = {
    "air": {"DE": ["DEFRA", "DELEJ", "DECGN", "DEMUC"], "FR": ["FRCDG", "FRORY"], "NL": ["NLAMS"], "BE": ["BEBRU", "BELGG"],
            "PL": ["PLWAW"], "IT": ["ITMIL", "ITROM"], "ES": ["ESMAD", "ESBCN"], "AT": ["ATVIE"], "SE": ["SESTO"],
            "IE": ["IEDUB"], "CZ": ["CZPRG"], "PT": ["PTLIS", "PTOPO"], "DK": ["DKCPH"], "FI": ["FIHEL"],
            "GB": ["GBLHR", "GBSTN", "GBMAN"], "US": ["USJFK", "USLAX", "USMIA"], "CA": ["CAYYZ", "CAYVR", "CAYUL"],
            "AU": ["AUSYD", "AUMEL"], "KR": ["KRICN"], "JP": ["JPNRT", "JPHND"]},
    "road": {"DE": ["DEMUC", "DECGN"], "FR": ["FRPAR", "FRCQF"], "NL": ["NLAMS"], "BE": ["BEBRU", "BEANR"], "PL": ["PLWAW"],
             "IT": ["ITMIL"], "AT": ["ATVIE"], "CZ": ["CZPRG"], "IE": ["IEDUB"], "GB": ["GBDVR"], "ES": ["ESMAD"]},
    "sea": {"DE": ["DEHAM"], "NL": ["NLRTM"], "BE": ["BEANR"], "ES": ["ESVLC"], "IT": ["ITGOA"], "PL": ["PLGDN"], "FR": ["FRLEH"]},
}
ROAD_PAIRS = {("TR", c) for c in ["DE", "AT", "NL", "BE", "FR", "PL", "IT", "CZ"]} | \
             {("GB", c) for c in ["FR", "BE", "NL", "DE", "IE"]} | {("DE", "GB")}

TRANSLIT = {"ł": "l", "Ł": "L", "ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "đ": "d", "Đ": "D", "ı": "i", "'": "", "’": ""}


def ascii_fold(s):
    s = "".join(TRANSLIT.get(ch, ch) for ch in s)
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch) and ord(ch) < 128)


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    r = rng.random() * total
    for value, w in pairs:
        r -= w
        if r < 0:
            return value
    return pairs[-1][0]


def fmt_minor(minor, mu):
    if mu == 0:
        return str(minor)
    sign = "-" if minor < 0 else ""
    minor = abs(minor)
    return "%s%d.%0*d" % (sign, minor // 10 ** mu, mu, minor % 10 ** mu)


def fmt_kg(grams):
    return "%d.%03d" % (grams // 1000, grams % 1000)


def daterange_pick(rng, lo, hi):
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


# --------------------------------------------------------------------------- generator


class Generator:
    def __init__(self, ref, seed=SEED):
        self.ref = ref
        self.rng = random.Random(seed)
        self.used_ids = set()
        self.used_buyers = set()
        self.seller_eori = {}
        self._verify_static_tables()

    # -- sanity of the hand-written tables against refdata
    def _verify_static_tables(self):
        ref = self.ref
        for g in GOODS_TABLE:
            key, _, hs22, hs17 = g[0], g[1], g[2], g[3] or g[2]
            if hs22 not in ref.hs[2022]:
                raise SystemExit("goods %s: %s not in HS 2022" % (key, hs22))
            if hs17 not in ref.hs[2017]:
                raise SystemExit("goods %s: %s not in HS 2017" % (key, hs17))
            if g[3] and (g[3] in ref.hs[2022] or g[2] in ref.hs[2017]):
                raise SystemExit("goods %s: edition pair is not an edition change" % key)
        for s in SELLERS + [tuple(x) for x in GIFT_SENDERS]:
            cc, pc = s[0], s[4]
            if pc and not ref.postcode_ok(cc, pc):
                raise SystemExit("seller postcode %r invalid for %s" % (pc, cc))
            if not pc and cc in ref.postal:
                raise SystemExit("seller in %s needs a postcode" % cc)
            for gk in s[5]:
                if gk not in GOODS:
                    raise SystemExit("unknown goods %s" % gk)
        for cc, b in BUYERS.items():
            assert cc in ref.countries
            for entry in b["cities"]:
                for pc in entry[1]:
                    if not ref.postcode_ok(cc, pc):
                        raise SystemExit("buyer postcode %r invalid for %s" % (pc, cc))
            if b["cur"] not in ref.minor_units:
                raise SystemExit("currency %s not in ISO 4217" % b["cur"])
        for cur in list(SELLER_CURRENCY.values()) + list(EUR_RATE):
            if cur not in ref.minor_units:
                raise SystemExit("currency %s not in ISO 4217" % cur)
        for table in (DEPARTURE_LOC, ARRIVAL_LOC):
            for mode, by_cc in table.items():
                for cc, locs in by_cc.items():
                    for loc in locs:
                        if not (re.fullmatch(r"[A-Z]{2}[A-Z2-9]{3}", loc) and loc[:2] == cc):
                            raise SystemExit("bad UN/LOCODE %s for %s" % (loc, cc))

    # -- identifiers
    def new_s10(self, cc, heavy):
        rng = self.rng
        while True:
            serial = "%08d" % rng.randint(0, 99999999)
            svc = rng.choice(S10_LARGE if heavy else S10_SMALL)
            value = "%s%s%d%s" % (svc, serial, s10_check(serial), cc)
            if value not in self.used_ids:
                self.used_ids.add(value)
                return value

    def new_awb(self, prefix):
        rng = self.rng
        while True:
            serial = "%07d" % rng.randint(0, 9999999)
            value = "%s-%s%d" % (prefix, serial, awb_check(serial))
            if value not in self.used_ids:
                self.used_ids.add(value)
                return value

    def eori(self, seller):
        name = seller[1]
        if name not in self.seller_eori:
            cc = seller[0]
            length = {"DE": 15, "GB": 12, "CN": 13, "KR": 13, "JP": 13}.get(cc, 10)
            digits = "".join(str(self.rng.randint(0, 9)) for _ in range(length))
            self.seller_eori[name] = cc + digits
        return self.seller_eori[name] if self.rng.random() < 0.5 else None

    # -- buyer
    def buyer(self, cc):
        rng = self.rng
        b = BUYERS[cc]
        while True:
            first, last = rng.choice(b["first"]), rng.choice(b["last"])
            entry = rng.choice(b["cities"])
            city, pcs = entry[0], entry[1]
            pc = rng.choice(pcs)
            n, m, k, a = rng.randint(1, 180), rng.randint(1, 9), rng.randint(1, 30), rng.randint(1, 3)
            native = False
            if isinstance(first, tuple):          # KR / JP: native script or romanised
                native = rng.random() < 0.5
                if native:
                    name = last[0] + first[0] if cc == "KR" else last[0] + " " + first[0]
                else:
                    name = first[1] + " " + last[1]
                ascii_first, ascii_last = first[1], last[1]
            else:
                name = first + " " + last
                ascii_first, ascii_last = ascii_fold(first), ascii_fold(last)
            streets = b["streets"]
            if len(entry) > 2:                    # streets (and native forms) given per city
                streets = entry[4] if native else entry[2]
                if native:
                    city = entry[3]
            address = rng.choice(streets).format(n=n, m=m, k=k, a=a)
            key = (name, address)
            if key in self.used_buyers or name in {x[0] for x in self.used_buyers}:
                continue
            break
        af = re.sub(r"[^a-z]", "", ascii_first.lower())
        al = re.sub(r"[^a-z]", "", ascii_last.lower())
        style = rng.randint(0, 2)
        local = (af + "." + al) if style == 0 else (af + al + str(rng.randint(1, 99))) if style == 1 else (af[0] + "." + al)
        email = local + "@" + rng.choice(b["mail"])
        code, prefixes, nlen = b["phone"]
        national = rng.choice(prefixes)
        if code == "1":
            national += str(rng.randint(2, 9))
        while len(national) < nlen:
            national += str(rng.randint(0, 9))
        phone = "+" + code + national
        return dict(buyer_name=name, buyer_address=address, buyer_city=city, buyer_postcode=pc,
                    buyer_country=cc, buyer_email=email, buyer_phone=phone)

    # -- money
    def unit_price_minor(self, eur, currency):
        mu = self.ref.minor_units[currency]
        amount = eur * EUR_RATE[currency]
        if mu == 0:
            step = ZERO_DECIMAL_STEP.get(currency, 1)
            return max(step, int(round(amount / step)) * step)
        scale = 10 ** mu
        if self.rng.random() < 0.6:
            return max(scale - 1, int(round(amount)) * scale - 1)      # x.99 style
        return max(1, int(round(amount * scale)))

    def unit_price_and_weight(self, g, currency, category):
        """Unit price (minor units of `currency`) and unit net weight (grams) of goods line g, with
        a value per kg in the band of its HS heading. A gift is worth at most EUR 45; a commercial
        sample is declared at about the lowest price the band allows."""
        rng = self.rng
        lo, hi = HEADING_BAND[heading(g[2])]
        plo, phi = g[4]
        if category == "gift":
            phi = min(phi, 45.0)
        mu = self.ref.minor_units[currency]
        for _ in range(1000):
            grams = max(1, int(round(rng.uniform(*g[5]) * 1000)))
            kg = grams / 1000.0
            a, b = max(plo, lo * kg), min(phi, hi * kg)
            if a > b:
                continue
            price = min(a * 1.03, b) if category == "commercial_sample" else rng.uniform(a, b)
            unit = self.unit_price_minor(price, currency)
            if lo <= unit / 10.0 ** mu / EUR_RATE[currency] / kg <= hi:
                return unit, grams
        raise SystemExit("goods %s: no price in the value band of its heading" % g[0])

    # -- one consignment
    def consignment(self, year, category, force_goods=None, n_items=1, fixed=None, dest=None, accept=None):
        """A consignment whose total value is not near a threshold of its destination, or, with
        `accept`, one for which accept(c) holds (drawn again until it does)."""
        for _ in range(20000):
            c = self.draw_consignment(year, category, force_goods, n_items, fixed, dest)
            if accept(c) if accept else not near_threshold(c, self.ref, margin=0.02):
                self.used_buyers.add((c["buyer_name"], c["buyer_address"]))
                return c
        raise SystemExit("no acceptable consignment (%s, %s)" % (category, dest))

    def draw_consignment(self, year, category, force_goods, n_items, fixed, dest):
        """fixed: seller, seller_id, buyer, platform, currency and departure date of an earlier
        consignment of the same seller to the same buyer; dest: the buyer country to use."""
        rng = self.rng
        ref = self.ref
        if force_goods:
            n_items = min(n_items, max(len(x[5]) for x in SELLERS if force_goods in x[5]))
        # seller country first, then a buyer country the seller ships to cross-border
        # (an EU seller only counts for buyers outside the EU customs union)
        for _ in range(1000):
            if fixed:
                seller, bcc = fixed["seller"], fixed["buyer"]["buyer_country"]
                break
            if category == "gift":
                seller = rng.choice(GIFT_SENDERS)
                scc = seller[0]
            else:
                scc = weighted(rng, SELLER_COUNTRY_WEIGHTS)
                if category == "documents":
                    cands = [s for s in SELLERS if s[0] == scc]
                else:
                    cands = [s for s in SELLERS if s[0] == scc and len(s[5]) >= n_items]
                if force_goods:
                    cands = [s for s in cands if force_goods in s[5]]
                if not cands:
                    continue
                seller = rng.choice(cands)
            allowed = [(b, w) for b, w in BUYER_COUNTRY_WEIGHTS if b != scc and not (scc in EU and b in EU)]
            if dest:
                allowed = [(b, w) for b, w in allowed if b == dest]
                if not allowed:
                    continue
            bcc = weighted(rng, allowed)
            break
        else:
            raise SystemExit("could not pick a seller")
        scc = seller[0]
        c = {}
        c.update(seller_name=seller[1], seller_address=seller[2], seller_city=seller[3])
        if seller[4]:
            c["seller_postcode"] = seller[4]
        c["seller_country"] = scc
        if fixed:
            if fixed["seller_id"]:
                c["seller_id"] = fixed["seller_id"]
            c.update(fixed["buyer"])
        else:
            if category not in ("gift",):
                eori = self.eori(seller)
                if eori:
                    c["seller_id"] = eori
            buyer = self.buyer(bcc)
            if rng.random() < 0.10:
                del buyer["buyer_email"]
            if rng.random() < 0.12:
                del buyer["buyer_phone"]
            c.update(buyer)

        # platform and currency
        platform = None
        if category == "sale_of_goods" and rng.random() < 0.93:
            opts = list(seller[6])
            if bcc == "KR":
                opts = [p for p in opts if p != "AMZN"] or ["EBAY"]
            platform = rng.choice(opts)
            if platform == "AMZN":
                platform = AMAZON_MARKET.get(bcc, "AMZN-EU" if bcc in EU else "AMZN-US")
        seller_cur = SELLER_CURRENCY[scc]
        buyer_cur = BUYERS[bcc]["cur"]
        if fixed:
            platform, currency = fixed["platform"], fixed["currency"]
        elif platform is None:
            currency = seller_cur if category != "documents" else rng.choice([seller_cur, "USD", "EUR"])
        elif platform.startswith("AMZN") or platform in ("ALIEXPRESS", "TEMU", "SHEIN"):
            currency = buyer_cur
        else:   # EBAY, ETSY
            r = rng.random()
            currency = seller_cur if r < 0.3 else "USD" if r < 0.6 else buyer_cur
        mu = ref.minor_units[currency]

        # items
        goods_pool = list(seller[5])
        if category == "documents":
            keys = ["documents"]
        else:
            if force_goods:
                rest = [g for g in goods_pool if g != force_goods]
                keys = [force_goods] + rng.sample(rest, min(n_items - 1, len(rest)))
            else:
                keys = rng.sample(goods_pool, min(n_items, len(goods_pool)))
        edition = 2017 if year == 2021 else 2022
        items = []
        net_total = 0
        for key in keys:
            g = GOODS[key]
            hs = g[3] if (edition == 2017 and g[3]) else g[2]
            qty = 1
            if category == "sale_of_goods" and g[6] > 1 and rng.random() < 0.35:
                qty = rng.randint(2, g[6])
            unit, unit_g = self.unit_price_and_weight(g, currency, category)
            net_g = unit_g * qty
            net_total += net_g
            hs_text = hs
            r = rng.random()
            if r < 0.15:
                hs_text = hs[:4] + "." + hs[4:]
            elif r < 0.27:
                hs_text = hs + "00"
            elif r < 0.32:
                hs_text = hs + "%04d" % (rng.randint(0, 99) * 100 + 10 * rng.randint(0, 9))
            origin = scc
            if scc == "HK" and rng.random() < 0.5:
                origin = "CN"
            elif scc in ("US", "GB", "DE", "KR", "JP") and category != "gift" and rng.random() < 0.08:
                origin = "CN"
            items.append(dict(description=g[1], hs_code=hs_text, quantity=str(qty),
                              _minor=unit * qty, _net=net_g, origin_country=origin))
        for it in items:
            it["item_value"] = fmt_minor(it["_minor"], mu)
            it["net_weight"] = fmt_kg(it["_net"])
        total_minor = sum(it["_minor"] for it in items)
        gross_g = -(-net_total * rng.randint(105, 130) // 100)      # ceil, 5-30 % packaging
        if gross_g <= net_total:
            gross_g = net_total + 1

        # carrier, transport mode, ids
        dep_cc = scc
        postal = category == "gift" or (category == "sale_of_goods" and rng.random() < {"CN": 0.65, "HK": 0.5}.get(scc, 0.45))
        if scc == "HK" and not postal and rng.random() < 0.25:
            dep_cc = "CN"                                   # HK seller, goods leave from Shenzhen
        heavy = gross_g >= 2000
        if postal:
            carrier = POSTAL_CARRIER[scc]
            s10_cc = scc
            if scc == "CN" and bcc in EU and rng.random() < 0.15:
                carrier, s10_cc = "POSTNL", "NL"
            r = rng.random()
            if scc == "CN" and bcc in ARRIVAL_LOC["sea"] and r < 0.2:
                mode = "sea"
            elif (scc, bcc) in ROAD_PAIRS and r < 0.35:
                mode = "road"
            elif r < 0.45:
                mode = "post"
            else:
                mode = "air"
            c["postal_item_id"] = self.new_s10(s10_cc, heavy)
        else:
            carrier = weighted(rng, [(x[0], x[2]) for x in EXPRESS_CARRIERS])
            prefix = [x[1] for x in EXPRESS_CARRIERS if x[0] == carrier][0]
            mode = "road" if (dep_cc, bcc) in ROAD_PAIRS and rng.random() < 0.5 else "air"
            c["awb"] = self.new_awb(prefix)
        loc_mode = "air" if mode == "post" else mode
        dep_loc = rng.choice(DEPARTURE_LOC[loc_mode][dep_cc])
        arr_loc = rng.choice(ARRIVAL_LOC[loc_mode][bcc])

        # dates
        transit = {"air": (1, 4) if not postal else (3, 9), "post": (4, 14), "road": (2, 6), "sea": (28, 42)}[mode]
        days = rng.randint(*transit)
        if year == 2021:
            lo, hi = dt.date(2021, 1, 11), dt.date(2021, 11, 30)
        else:
            lo, hi = dt.date(2025, 1, 6), DATA_CUTOFF - dt.timedelta(days=days + 1)
        if fixed:
            dep = decl = fixed["departure"]
        else:
            dep = daterange_pick(rng, lo, hi)
            decl = dep - dt.timedelta(days=rng.choice([0, 0, 0, 1, 1, 2]))
        arr = dep + dt.timedelta(days=days)

        pieces = 1
        if len(items) > 1:
            pieces = weighted(rng, [(1, 70), (2, 25), (3, 5)]) if len(items) >= 3 else weighted(rng, [(1, 75), (2, 25)])
        elif int(items[0]["quantity"]) >= 2 and rng.random() < 0.15:
            pieces = 2

        if platform:
            c["platform_id"] = platform
        c["carrier_id"] = carrier
        c["pieces"] = str(pieces)
        c["gross_weight"] = fmt_kg(gross_g)
        c["total_value"] = fmt_minor(total_minor, mu)
        c["currency"] = currency
        c["category"] = category
        c["transport_mode"] = mode
        c["departure_country"] = dep_cc
        c["departure_location"] = dep_loc
        c["destination_country"] = bcc
        c["arrival_location"] = arr_loc
        c["departure_date"] = dep.isoformat()
        c["arrival_date"] = arr.isoformat()
        c["declaration_date"] = decl.isoformat()
        c["items"] = [{k: it[k] for k in ITEM_FIELDS} for it in items]
        return c

    def split_order(self, k):
        """Three consignments of one seller to one buyer in the EU, declared within a week, each
        under EUR 150 and not near it; the first two together under it, all three over it."""
        amount = THRESHOLDS[0][0]

        def share(c):
            return total_in_threshold(c, self.ref)[2] / amount

        def first(c):
            t = total_in_threshold(c, self.ref)
            return (t is not None and t[0] == 0 and 0.30 <= share(c) <= 0.55 and "platform_id" in c
                    and parse_date(c["departure_date"]) <= DATA_CUTOFF - dt.timedelta(days=60))
        a = self.consignment(2025, "sale_of_goods", None, 1, dest=SPLIT_DESTINATIONS[k], accept=first)
        seller = [s for s in SELLERS if s[1] == a["seller_name"]][0]
        fixed = dict(seller=seller, seller_id=a.get("seller_id"), platform=a["platform_id"], currency=a["currency"],
                     buyer={f: a[f] for f in CONSIGNMENT_FIELDS if f.startswith("buyer_") and f in a})
        out = [a]
        for days in (2, 5):
            fixed["departure"] = parse_date(a["departure_date"]) + dt.timedelta(days=days)
            done = sum(share(c) for c in out)
            lo, hi = (0.30, 0.95 - done) if len(out) == 1 else (max(0.30, 1.03 - done), 0.85)
            out.append(self.consignment(2025, "sale_of_goods", None, 1, fixed=fixed,
                                        accept=lambda c, lo=lo, hi=hi: lo <= share(c) <= hi))
        return out

    def generate(self):
        rng = self.rng
        n = N_CONSIGNMENTS
        years = [2025] * n
        idx_2021 = sorted(rng.sample(range(n), N_2021))
        for i in idx_2021:
            years[i] = 2021
        force = {}
        for j, i in enumerate(idx_2021[:6]):          # make sure HS edition changes occur in 2021
            force[i] = EDITION_CHANGED[j % len(EDITION_CHANGED)]
        multi = set(rng.sample(range(n), int(round(n * MULTI_ITEM_SHARE))))
        # risk patterns drawn on purpose (the rest avoid them): totals near a threshold, and
        # orders split into three consignments that are each under the threshold
        special = rng.sample([i for i in range(n) if years[i] != 2021], len(NEAR_DESTINATIONS) + 3 * N_SPLIT)
        near = dict(zip(special, NEAR_DESTINATIONS))
        split = special[len(NEAR_DESTINATIONS):]
        out = []
        for i in range(n):
            r = rng.random()
            category = ("sale_of_goods" if r < 0.88 else "gift" if r < 0.925 else "commercial_sample" if r < 0.955
                        else "returned_goods" if r < 0.98 else "documents")
            if i in force:
                category = "sale_of_goods"
            n_items = 1
            if i in multi:
                if category in ("documents", "gift"):
                    category = "sale_of_goods"
                n_items = weighted(rng, [(2, 55), (3, 30), (4, 15)])
            if i in near:
                c = self.consignment(years[i], "sale_of_goods", None, 4 if near[i] == "US" else n_items, dest=near[i],
                                     accept=lambda c: near_threshold(c, self.ref, margin=-0.015))
                c["_plant"] = ("near",)
            elif i in split:
                c = None                               # below
            else:
                c = self.consignment(years[i], category, force.get(i), n_items)
            out.append(c)
        for k in range(N_SPLIT):
            for j, c in enumerate(self.split_order(k)):
                c["_plant"] = ("split", k, j)
                out[split[3 * k + j]] = c
        # a batch export sorted by declaration date; ids by filing year
        out.sort(key=lambda c: (c["declaration_date"], c["departure_date"], c.get("awb", ""), c.get("postal_item_id", "")))
        seq = {}
        for c in out:
            y = c["declaration_date"][:4]
            seq[y] = seq.get(y, {"2021": 4100, "2025": 100, "2026": 12000}.get(y, 100)) + rng.randint(1, 37)
            c["shipment_id"] = "SHP-%s-%06d" % (y, seq[y])
        return [order_consignment(c) for c in out]


def order_consignment(c):
    o = {k: c[k] for k in CONSIGNMENT_FIELDS + ["_plant"] if k in c}
    o["items"] = [{k: it[k] for k in ITEM_FIELDS if k in it} for it in c["items"]]
    return o


# --------------------------------------------------------------------------- defects

PLACEHOLDER_VALUES = ["N/A", "n.a.", "unknown", "TBA", "-", "xxx", "none", "Unknown", "TBD", "N/A", "test", "NONE",
                      "n/a", "unknown", "TBA", "N/A", "none"]
VAGUE_VALUES = ["Gift", "parts", "Various goods", "accessories", "clothes", "electronics", "samples", "stuff", "goods",
                "Merchandise", "Items", "Spare parts", "Clothing", "toys", "Electronic goods", "General cargo",
                "Daily necessities"]


class Defect:
    def __init__(self, rule, groups, eligible, apply, label, simple=False):
        self.rule, self.groups, self.eligible, self.apply, self.label, self.simple = rule, set(groups), eligible, apply, label, simple


def decl_date(c):
    for f in ("declaration_date", "departure_date", "arrival_date"):
        d = parse_date(c.get(f))
        if d:
            return d
    return None


def parse_date(v):
    if not v or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        return None
    try:
        return dt.date.fromisoformat(v)
    except ValueError:
        return None


def hs6(v):
    return re.sub(r"[.\s]", "", v)[:6]


def build_defects(ref, rng):
    D = []

    def add(*a, **k):
        D.append(Defect(*a, **k))

    # completeness.missing (18)
    missing_fields = ["seller_name", "seller_name", "seller_address", "seller_address", "seller_address", "seller_country",
                      "buyer_name", "buyer_name", "buyer_address", "buyer_address", "buyer_address", "buyer_country",
                      "description", "description", "description", "gross_weight", "total_value", "currency"]
    group_of = {"seller_country": "country", "buyer_country": "country", "gross_weight": "weight",
                "total_value": "value", "currency": "value"}
    for f in missing_fields:
        if f == "description":
            def ap(c, rng, f=f):
                i = rng.randrange(len(c["items"]))
                del c["items"][i]["description"]
                return [(i, f)]
            add("completeness.missing", ["description"], lambda c: True, ap, "missing description", simple=True)
        else:
            def ap(c, rng, f=f):
                del c[f]
                return [(None, f)]
            add("completeness.missing", [group_of.get(f, f)], lambda c, f=f: f in c, ap, "missing " + f,
                simple=f not in group_of)

    # completeness.placeholder (17)
    ph_fields = ["seller_name", "buyer_name", "buyer_address", "seller_address", "buyer_city", "buyer_name",
                 "seller_address", "buyer_address", "seller_city", "buyer_name", "buyer_address", "seller_name",
                 "buyer_city", "seller_address", "buyer_name", "buyer_address", "seller_name"]
    for f, v in zip(ph_fields, PLACEHOLDER_VALUES):
        def ap(c, rng, f=f, v=v):
            c[f] = v
            return [(None, f)]
        add("completeness.placeholder", [f], lambda c, f=f: f in c, ap, "placeholder %s=%r" % (f, v), simple=True)

    # risk.vague_description (17)
    for v in VAGUE_VALUES:
        def ap(c, rng, v=v):
            i = rng.randrange(len(c["items"]))
            c["items"][i]["description"] = v
            return [(i, "description")]
        add("risk.vague_description", ["description"], lambda c: True, ap, "vague %r" % v, simple=True)

    # validity.hs_code (5)
    def ap_hs_literal(c, rng):
        i = rng.randrange(len(c["items"]))
        c["items"][i]["hs_code"] = "12AB34"
        return [(i, "hs_code")]
    add("validity.hs_code", ["hs"], lambda c: True, ap_hs_literal, "hs 12AB34")

    def el_8517(c):
        return decl_date(c).year >= 2022 and any(hs6(it["hs_code"]).startswith("8517") for it in c["items"])

    def ap_8517(c, rng):
        i = [k for k, it in enumerate(c["items"]) if hs6(it["hs_code"]).startswith("8517")][0]
        c["items"][i]["hs_code"] = "8517.99.99"
        return [(i, "hs_code")]
    add("validity.hs_code", ["hs"], el_8517, ap_8517, "hs 8517.99.99")

    def ap_unknown_sub(c, rng):
        i = rng.randrange(len(c["items"]))
        ed = ref.edition(decl_date(c))
        base = hs6(c["items"][i]["hs_code"])
        for tail in ("99", "98", "97", "95", "59", "39"):
            if base[:4] + tail not in ref.hs[ed] and base[:4] + tail not in ref.hs[2017] | ref.hs[2022]:
                c["items"][i]["hs_code"] = base[:4] + tail
                return [(i, "hs_code")]
        raise SystemExit("no unknown subheading for %s" % base)
    add("validity.hs_code", ["hs"], lambda c: True, ap_unknown_sub, "hs unknown subheading")

    def el_2021(c):
        return decl_date(c).year == 2021 and any(hs6(it["hs_code"]) in [GOODS[k][3] for k in EDITION_CHANGED] for it in c["items"])

    def ap_2021(c, rng):
        for i, it in enumerate(c["items"]):
            for k in EDITION_CHANGED:
                if hs6(it["hs_code"]) == GOODS[k][3]:
                    it["hs_code"] = GOODS[k][2]          # HS 2022 code on a 2021 declaration
                    return [(i, "hs_code")]
    add("validity.hs_code", ["hs", "dates"], el_2021, ap_2021, "hs 2022-only code in 2021")
    add("validity.hs_code", ["hs", "dates"], el_2021, ap_2021, "hs 2022-only code in 2021")

    # validity.country (4)
    for field, bad, need in (("seller_country", "UK", "GB"), ("seller_country", "DEU", "DE"),
                             ("seller_country", "CHN", "CN"), ("origin_country", "ZZ", None)):
        if field == "origin_country":
            def ap(c, rng, bad=bad):
                i = rng.randrange(len(c["items"]))
                c["items"][i]["origin_country"] = bad
                return [(i, "origin_country")]
            add("validity.country", ["country"], lambda c: True, ap, "origin ZZ")
        else:
            def ap(c, rng, bad=bad, field=field):
                c[field] = bad
                return [(None, field)]
            add("validity.country", ["country"], lambda c, need=need: c.get("seller_country") == need, ap, "country " + bad)

    # validity.currency (4)
    for bad, need in (("EURO", "EUR"), ("US$", "USD"), ("RMB", "CNY"), ("XYZ", None)):
        def ap(c, rng, bad=bad):
            c["currency"] = bad
            return [(None, "currency")]
        add("validity.currency", ["value"], lambda c, need=need: "currency" in c and (need is None or c["currency"] == need), ap, "currency " + bad)

    # validity.s10 / validity.awb (4 each)
    def ap_s10(c, rng):
        v = c["postal_item_id"]
        good = int(v[10])
        bad = (good + rng.randint(1, 9)) % 10
        c["postal_item_id"] = v[:10] + str(bad) + v[11:]
        return [(None, "postal_item_id")]

    def ap_awb(c, rng):
        v = c["awb"]
        good = int(v[-1])
        bad = rng.choice([d for d in range(10) if d != good])
        c["awb"] = v[:-1] + str(bad)
        return [(None, "awb")]
    for _ in range(4):
        add("validity.s10", ["id"], lambda c: "postal_item_id" in c, ap_s10, "s10 check digit")
        add("validity.awb", ["id"], lambda c: "awb" in c, ap_awb, "awb check digit")

    # validity.junk_text (4)
    for field, v in (("buyer_name", "12345"), ("seller_address", "????"), ("buyer_address", "...."), ("description", ".pdf")):
        if field == "description":
            def ap(c, rng, v=v):
                i = rng.randrange(len(c["items"]))
                c["items"][i]["description"] = v
                return [(i, "description")]
            add("validity.junk_text", ["description"], lambda c: True, ap, "junk description", simple=True)
        else:
            def ap(c, rng, field=field, v=v):
                c[field] = v
                return [(None, field)]
            add("validity.junk_text", [field], lambda c, field=field: field in c, ap, "junk " + field, simple=True)

    # validity.number (4)
    def ap_comma_gross(c, rng):
        c["gross_weight"] = c["gross_weight"].replace(".", ",")
        return [(None, "gross_weight")]
    add("validity.number", ["weight"], lambda c: "gross_weight" in c, ap_comma_gross, "gross decimal comma")
    add("validity.number", ["weight"], lambda c: "gross_weight" in c and float(c["gross_weight"]) >= 1.0, ap_comma_gross, "gross decimal comma")

    def ap_abc(c, rng):
        i = rng.randrange(len(c["items"]))
        c["items"][i]["net_weight"] = "abc"
        return [(i, "net_weight")]
    add("validity.number", ["weight"], lambda c: True, ap_abc, "net abc")

    def ap_neg(c, rng):
        i = rng.randrange(len(c["items"]))
        c["items"][i]["quantity"] = "-5"
        return [(i, "quantity")]
    add("validity.number", ["quantity"], lambda c: True, ap_neg, "quantity -5")

    # validity.date (4)
    def month_len(y, m):
        return (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).day

    def impossible(field):
        def el(c):
            d = parse_date(c.get(field))
            if not d or month_len(d.year, d.month) == 31:
                return False
            if field == "declaration_date":      # edition must not depend on the broken date
                return all(hs6(it["hs_code"]) in ref.hs[2017] and hs6(it["hs_code"]) in ref.hs[2022] for it in c["items"])
            return True

        def ap(c, rng):
            d = parse_date(c[field])
            c[field] = "%04d-%02d-%02d" % (d.year, d.month, month_len(d.year, d.month) + 1)
            return [(None, field)]
        return el, ap
    for field in ("arrival_date", "arrival_date", "declaration_date"):
        el, ap = impossible(field)
        add("validity.date", ["dates", "hs"], el, ap, "impossible " + field)

    def ap_dmy(c, rng):
        d = parse_date(c["departure_date"])
        c["departure_date"] = d.strftime("%d.%m.%Y")
        return [(None, "departure_date")]
    add("validity.date", ["dates", "hs"], lambda c: parse_date(c.get("departure_date")) is not None, ap_dmy, "departure dd.mm.yyyy")

    # validity.postcode (4)
    def bad_postcode(cc, pc):
        digits = re.sub(r"\D", "", pc)
        cands = []
        if cc == "GB":
            cands = [pc.split()[0], digits + "0" * (5 - len(digits))]
        elif cc == "NL":
            cands = [digits, digits + "0"]
        elif cc in ("PL", "PT"):
            cands = [digits, pc.split("-")[0]]
        else:
            cands = [digits[:-1], digits + "9"]
        for cand in cands:
            if cand and ref.postcode_clearly_bad(cc, cand):
                return cand
        return None

    def ap_pc(c, rng):
        c["buyer_postcode"] = bad_postcode(c["buyer_country"], c["buyer_postcode"])
        return [(None, "buyer_postcode")]
    for want in (("DE", "FR", "IT", "ES"), ("NL",), ("GB",), ("PL", "PT")):
        add("validity.postcode", ["country", "postcode"],
            lambda c, want=want: c.get("buyer_country") in want and "buyer_postcode" in c and bad_postcode(c["buyer_country"], c["buyer_postcode"]),
            ap_pc, "postcode " + "/".join(want))

    # validity.email (4)
    for sep in (".", "(at)", " at ", ""):
        def ap(c, rng, sep=sep):
            c["buyer_email"] = c["buyer_email"].replace("@", sep)
            return [(None, "buyer_email")]
        add("validity.email", ["email"], lambda c: "buyer_email" in c, ap, "email without @ (%r)" % sep, simple=True)

    # validity.phone (4)
    for kind in ("12", "cc", "555-0100", "1234"):
        def ap(c, rng, kind=kind):
            if kind == "cc":
                c["buyer_phone"] = "+" + BUYERS[c["buyer_country"]]["phone"][0]
            else:
                c["buyer_phone"] = kind
            return [(None, "buyer_phone")]
        add("validity.phone", ["phone"], lambda c: "buyer_phone" in c and c.get("buyer_country") in BUYERS, ap, "phone " + kind, simple=True)

    # consistency.total_value (4)
    def ap_total_omit(c, rng):
        mu = ref.minor_units[c["currency"]]
        vals = [to_minor(it["item_value"], mu) for it in c["items"]]
        c["total_value"] = fmt_minor(sum(vals[:-1]), mu)      # the last line was left out of the total
        return [(None, "total_value")]

    def ap_total_typo(c, rng):
        mu = ref.minor_units[c["currency"]]
        tot = to_minor(c["total_value"], mu)
        new = tot
        s = c["total_value"]
        ds = [k for k in range(len(s) - 1) if s[k].isdigit() and s[k + 1].isdigit() and s[k] != s[k + 1]]
        if ds:
            k = ds[0]
            s2 = s[:k] + s[k + 1] + s[k] + s[k + 2:]
            new = to_minor(s2, mu)
        if new == tot or new is None or new <= 0:
            new = tot + 10 ** mu
        c["total_value"] = fmt_minor(new, mu)
        return [(None, "total_value")]
    for k in range(4):
        if k % 2 == 0:
            add("consistency.total_value", ["value"], lambda c: len(c["items"]) >= 2, ap_total_omit, "total omits an item")
        else:
            add("consistency.total_value", ["value"], lambda c: True, ap_total_typo, "total typo")

    # consistency.weight (4)
    def ap_weight(c, rng):
        net = sum(to_grams(it["net_weight"]) for it in c["items"])
        c["gross_weight"] = fmt_kg(max(1, net * rng.randint(40, 80) // 100))
        return [(None, "gross_weight")]
    for _ in range(4):
        add("consistency.weight", ["weight"], lambda c: True, ap_weight, "net above gross")

    # consistency.destination (4): buyer country differs from destination, same postcode format
    swap_groups = [["DE", "FR", "IT", "ES", "FI"], ["AT", "BE"]]

    def ap_dest(c, rng):
        cc = c["buyer_country"]
        grp = [g for g in swap_groups if cc in g][0]
        c["buyer_country"] = rng.choice([x for x in grp if x != cc])
        return [(None, "buyer_country")]
    for _ in range(4):
        add("consistency.destination", ["country", "postcode"],
            lambda c: any(c.get("buyer_country") in g for g in swap_groups), ap_dest, "buyer country != destination")

    # consistency.dates (4): arrival before departure
    def ap_dates(c, rng):
        d = parse_date(c["departure_date"])
        c["arrival_date"] = (d - dt.timedelta(days=rng.randint(1, 4))).isoformat()
        return [(None, "arrival_date")]
    for _ in range(4):
        add("consistency.dates", ["dates"], lambda c: True, ap_dates, "arrival before departure")

    # consistency.currency_precision (4): one item, value with more decimals than the currency has
    def ap_prec(c, rng):
        mu = ref.minor_units[c["currency"]]
        v = c["items"][0]["item_value"]
        if mu == 0:
            nv = v + ".50"
        else:
            nv = v + str(rng.randint(1, 9))
        c["items"][0]["item_value"] = nv
        c["total_value"] = nv
        return [(0, "item_value"), (None, "total_value")]
    for zero in (False, False, False, True):
        add("consistency.currency_precision", ["value"],
            lambda c, zero=zero: len(c["items"]) == 1 and "currency" in c and (ref.minor_units[c["currency"]] == 0) == zero,
            ap_prec, "precision" + (" (0-decimal currency)" if zero else ""))

    # risk.origin_mismatch (4): goods made in CN leave from VN
    def ap_origin(c, rng):
        i = rng.randrange(len(c["items"]))
        c["items"][i]["origin_country"] = "CN"
        return [(i, "origin_country")]
    for _ in range(4):
        add("risk.origin_mismatch", ["origin", "country"],
            lambda c: c.get("departure_country") in ORIGIN_ROUTES["CN"] and c["category"] == "sale_of_goods",
            ap_origin, "CN origin departing from " + "/".join(sorted(ORIGIN_ROUTES["CN"])))

    # risk.gift_commercial (4): a company's sale declared a gift (with and without a marketplace),
    # a private gift sold through a marketplace, a gift in a commercial quantity
    def ap_as_gift(c, rng):
        c["category"] = "gift"
        return [(None, "category")]
    for with_platform in (False, True):
        add("risk.gift_commercial", ["category", "seller_name"],
            lambda c, wp=with_platform: (c["category"] == "sale_of_goods" and ("platform_id" in c) == wp
                                         and has_legal_form(c.get("seller_name", ""))),
            ap_as_gift, "sale of a company declared a gift" + (" (marketplace)" if with_platform else ""))

    def ap_gift_platform(c, rng):
        c["platform_id"] = rng.choice(["EBAY", "ETSY"])
        return [(None, "category")]
    add("risk.gift_commercial", ["category", "seller_name"],
        lambda c: c["category"] == "gift" and "platform_id" not in c, ap_gift_platform, "gift sold on a marketplace")

    def gift_quantities(c):
        it = c["items"][0]
        mu = ref.minor_units[c["currency"]]
        unit, grams = to_minor(it["item_value"], mu), to_grams(it["net_weight"])
        for q in (8, 7, 9, 6, 10):
            t = dict(c, total_value=fmt_minor(unit * q, mu))
            if not near_threshold(t, ref, margin=0.02):
                return q, unit, grams, mu
        return None

    def ap_gift_quantity(c, rng):
        q, unit, grams, mu = gift_quantities(c)
        it = c["items"][0]
        it["quantity"], it["item_value"], it["net_weight"] = str(q), fmt_minor(unit * q, mu), fmt_kg(grams * q)
        c["total_value"] = it["item_value"]
        c["gross_weight"] = fmt_kg(-(-grams * q * rng.randint(105, 130) // 100))
        return [(None, "category")]
    add("risk.gift_commercial", ["category", "seller_name", "value", "weight", "quantity"],
        lambda c: c["category"] == "gift" and len(c["items"]) == 1 and c["items"][0]["quantity"] == "1"
        and gift_quantities(c) is not None, ap_gift_quantity, "gift in a commercial quantity")

    # risk.watchlist (3): a seller that matches an entry once names are folded, one that matches by
    # its id, a buyer with all but one word of an entry's name
    seller_fields = ["seller_name", "seller_address", "seller_city", "country", "seller_id"]
    for party, field in ((WATCH_SELLER_EXACT, "seller_name"), (WATCH_SELLER_ID, "seller_id")):
        def ap(c, rng, party=party, field=field):
            set_seller(c, party)
            return [(None, field)]
        add("risk.watchlist", seller_fields,
            lambda c, party=party: c.get("seller_name") == party[6] and c["category"] == "sale_of_goods",
            ap, "watch-listed seller " + party[1])

    def ap_watch_buyer(c, rng):
        c["buyer_name"] = WATCH_BUYER[1]
        return [(None, "buyer_name")]
    add("risk.watchlist", ["buyer_name", "country"],
        lambda c: c.get("buyer_country") == WATCH_BUYER[0] and "buyer_name" in c and c["category"] == "sale_of_goods",
        ap_watch_buyer, "watch-listed buyer")
    return D


def set_seller(c, party):
    """The consignment's seller becomes `party` (country, name, address, city, postcode, id, ...)."""
    for f in ("seller_postcode", "seller_id"):
        c.pop(f, None)
    c.update(seller_name=party[1], seller_address=party[2], seller_city=party[3], seller_country=party[0])
    if party[4]:
        c["seller_postcode"] = party[4]
    if party[5]:
        c["seller_id"] = party[5]


def to_minor(s, mu):
    try:
        d = Decimal(s)
    except InvalidOperation:
        return None
    v = d * (10 ** mu)
    if v != v.to_integral_value():
        return None
    return int(v)


def to_grams(s):
    return int((Decimal(s) * 1000).to_integral_value())


N_DUPLICATES = 4
N_DOUBLE = 21     # consignments that carry two defects


def plant_defects(consignments, ref, rng):
    defects = build_defects(ref, rng)
    state = [dict(groups=set(), rules=set(), n=0, exclusive=False) for _ in consignments]
    manifest = []      # (position, item or None, field, rule)
    planted = []       # (position, rule): one entry per planted defect

    # risk patterns drawn by the generator: they carry nothing else
    split_last = {}
    for p, c in enumerate(consignments):
        tag = c.pop("_plant", None)
        if tag is None:
            continue
        state[p]["exclusive"] = True
        if tag[0] == "near":
            manifest.append((p, None, "total_value", "risk.near_threshold"))
            planted.append((p, "risk.near_threshold"))
        else:
            split_last[tag[1]] = p          # batch order: the last one completes the pattern
    for k in sorted(split_last):
        manifest.append((split_last[k], None, "total_value", "risk.split_shipment"))
        planted.append((split_last[k], "risk.split_shipment"))

    # uniqueness.duplicate_id: a later consignment re-uses an earlier id of the same year
    for _ in range(N_DUPLICATES):
        for _attempt in range(1000):
            i, j = sorted(rng.sample(range(len(consignments)), 2))
            if j - i < 5 or state[i]["n"] or state[j]["n"] or state[i]["exclusive"] or state[j]["exclusive"]:
                continue
            if consignments[i]["shipment_id"][4:8] != consignments[j]["shipment_id"][4:8]:
                continue
            break
        else:
            raise SystemExit("no pair for duplicate id")
        consignments[j]["shipment_id"] = consignments[i]["shipment_id"]
        for k in (i, j):
            state[k]["exclusive"] = True
        state[j]["n"] = 1
        manifest.append((j, None, "shipment_id", "uniqueness.duplicate_id"))
        planted.append((j, "uniqueness.duplicate_id"))

    simple_idx = [k for k, d in enumerate(defects) if d.simple]
    second = set(rng.sample(simple_idx, N_DOUBLE))
    primary = [d for k, d in enumerate(defects) if k not in second]
    secondary = [d for k, d in enumerate(defects) if k in second]

    def candidates(d, want_n):
        out = []
        for p, c in enumerate(consignments):
            st = state[p]
            if st["exclusive"] or st["n"] != want_n or (st["groups"] & d.groups) or d.rule in st["rules"]:
                continue
            if d.eligible(c):
                out.append(p)
        return out

    def plant(d, cands):
        """Plants d on one of the candidates: the first drawn on which it raises no risk finding
        other than its own (a changed value can land near a threshold)."""
        cands = list(cands)
        while cands:
            p = rng.choice(cands)
            c = copy.deepcopy(consignments[p])
            rows = d.apply(c, rng)
            risks = {r for _, _, r in record_risks(c, ref)}
            if risks <= (state[p]["rules"] | {d.rule}):
                consignments[p] = c
                for item, field in rows:
                    manifest.append((p, item, field, d.rule))
                planted.append((p, d.rule))
                state[p]["groups"] |= d.groups
                state[p]["rules"].add(d.rule)
                state[p]["n"] += 1
                return
            cands.remove(p)
        raise SystemExit("no consignment eligible for %s" % d.label)

    # most constrained first, ties in plan order
    order = sorted(range(len(primary)), key=lambda k: (len(candidates(primary[k], 0)), k))
    for k in order:
        plant(primary[k], candidates(primary[k], 0))
    for d in secondary:
        plant(d, candidates(d, 1))

    # a clean consignment whose seller comes close to a watch-list entry without matching it
    cands = [p for p, c in enumerate(consignments) if not state[p]["n"] and not state[p]["exclusive"]
             and c["seller_name"] == WATCH_SELLER_NEAR_MISS[6] and c["category"] == "sale_of_goods"]
    if not cands:
        raise SystemExit("no consignment for the watch-list near miss")
    near_miss = rng.choice(cands)
    set_seller(consignments[near_miss], WATCH_SELLER_NEAR_MISS)
    manifest.sort(key=lambda r: (r[0], -1 if r[1] is None else r[1], HEADER.index(r[2]), r[3]))
    return manifest, planted, near_miss


# --------------------------------------------------------------------------- writers

JSON_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")


def json_value(key, value):
    if key in NUMERIC_FIELDS and JSON_NUMBER.fullmatch(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def ndjson_line(c):
    parts = []
    for k in CONSIGNMENT_FIELDS:
        if k in c and c[k] != "":
            parts.append(json.dumps(k) + ":" + json_value(k, c[k]))
    items = []
    for it in c["items"]:
        ip = [json.dumps(k) + ":" + json_value(k, it[k]) for k in ITEM_FIELDS if k in it and it[k] != ""]
        items.append("{" + ",".join(ip) + "}")
    parts.append('"items":[' + ",".join(items) + "]")
    return "{" + ",".join(parts) + "}\n"


def csv_text(consignments):
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    w.writerow(HEADER)
    for c in consignments:
        for it in c["items"]:
            w.writerow([c.get(k, "") for k in CONSIGNMENT_FIELDS] + [it.get(k, "") for k in ITEM_FIELDS])
    return buf.getvalue()


def watchlist_text():
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    w.writerow(["name", "id", "address", "country", "reason"])
    for entry in WATCHLIST:
        w.writerow(entry)
    return buf.getvalue()


def manifest_text(consignments, manifest):
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    w.writerow(["shipment_id", "item", "field", "rule"])
    for p, item, field, rule in manifest:
        w.writerow([consignments[p]["shipment_id"], "" if item is None else str(item), field, rule])
    return buf.getvalue()


# --------------------------------------------------------------------------- independent checker

PLACEHOLDER_SET = {"n/a", "n.a.", "unknown", "tba", "tbd", "-", "xxx", "none", "test", "null", "0"}
VAGUE_SET = {"gift", "gifts", "part", "parts", "various goods", "accessories", "accessory", "clothes", "clothing",
             "electronics", "electronic goods", "sample", "samples", "stuff", "goods", "merchandise", "item", "items",
             "spare parts", "toy", "toys", "general cargo", "daily necessities", "consolidated", "misc", "various"}
TEXT_JUNK_FIELDS = ("seller_name", "seller_address", "seller_city", "buyer_name", "buyer_address", "buyer_city")
COUNTRY_FIELDS = ("seller_country", "buyer_country", "departure_country", "destination_country")


def is_junk(v):
    return bool(re.fullmatch(r"[\d\W_]+", v) or re.fullmatch(r"(.)\1{2,}", v) or re.fullmatch(r"\.[A-Za-z0-9]{2,4}", v))


def check_batch(consignments, ref):
    """Return the findings {(position, item, field, rule)} that a checker following design.md
    makes when it skips comparisons involving absent, placeholder or invalid values."""
    found = set()
    seen = {}
    for p, c in enumerate(consignments):
        def hit(item, field, rule):
            found.add((p, item, field, rule))

        bad = set()   # (item, field) values that are absent, placeholder or invalid

        def text_checks(item, field, v):
            if v.strip().lower() in PLACEHOLDER_SET:
                hit(item, field, "completeness.placeholder")
                bad.add((item, field))
                return False
            return True

        for f in REQUIRED:
            if f == "description":
                continue
            if f not in c:
                hit(None, f, "completeness.missing")
                bad.add((None, f))
        for i, it in enumerate(c["items"]):
            if "description" not in it:
                hit(i, "description", "completeness.missing")
        for f in CONSIGNMENT_FIELDS:
            if f in c:
                text_checks(None, f, c[f])
        for i, it in enumerate(c["items"]):
            for f in ITEM_FIELDS:
                if f in it:
                    text_checks(i, f, it[f])
        for f in TEXT_JUNK_FIELDS:
            if f in c and (None, f) not in bad and is_junk(c[f]):
                hit(None, f, "validity.junk_text")
        for i, it in enumerate(c["items"]):
            d = it.get("description")
            if d and (i, "description") not in bad:
                norm = re.sub(r"\s+", " ", d.strip(" .,;:!?-").lower())
                if is_junk(d):
                    hit(i, "description", "validity.junk_text")
                elif norm in VAGUE_SET or norm.rstrip("s") in VAGUE_SET:
                    hit(i, "description", "risk.vague_description")
        for f in COUNTRY_FIELDS:
            if f in c and (None, f) not in bad and c[f] not in ref.countries:
                hit(None, f, "validity.country")
                bad.add((None, f))
        for i, it in enumerate(c["items"]):
            if "origin_country" in it and it["origin_country"] not in ref.countries:
                hit(i, "origin_country", "validity.country")
        cur = c.get("currency")
        if cur is not None and cur not in ref.minor_units:
            hit(None, "currency", "validity.currency")
            cur = None
        if "postal_item_id" in c:
            m = re.fullmatch(r"([A-Z]{2})(\d{8})(\d)([A-Z]{2})", c["postal_item_id"])
            if not m or s10_check(m.group(2)) != int(m.group(3)) or m.group(4) not in ref.countries:
                hit(None, "postal_item_id", "validity.s10")
        if "awb" in c:
            m = re.fullmatch(r"(\d{3})[- ]?(\d{7})(\d)", c["awb"])
            if not m or awb_check(m.group(2)) != int(m.group(3)):
                hit(None, "awb", "validity.awb")
        # numbers
        nums = {}
        for f in ("pieces", "gross_weight", "total_value"):
            if f in c and (None, f) not in bad:
                ok = re.fullmatch(r"[1-9]\d*", c[f]) if f == "pieces" else re.fullmatch(r"\d+(\.\d+)?", c[f]) and Decimal(c[f]) > 0
                if ok:
                    nums[(None, f)] = Decimal(c[f])
                else:
                    hit(None, f, "validity.number")
        for i, it in enumerate(c["items"]):
            for f in ("quantity", "item_value", "net_weight"):
                if f in it and (i, f) not in bad:
                    ok = re.fullmatch(r"[1-9]\d*", it[f]) if f == "quantity" else re.fullmatch(r"\d+(\.\d+)?", it[f]) and Decimal(it[f]) > 0
                    if ok:
                        nums[(i, f)] = Decimal(it[f])
                    else:
                        hit(i, f, "validity.number")
        # dates
        dates = {}
        for f in ("departure_date", "arrival_date", "declaration_date"):
            if f in c:
                d = parse_date(c[f])
                if d is None:
                    hit(None, f, "validity.date")
                else:
                    dates[f] = d
                    if d >= DATA_CUTOFF:
                        hit(None, f, "consistency.dates")
        if "departure_date" in dates and "arrival_date" in dates and dates["arrival_date"] < dates["departure_date"]:
            hit(None, "arrival_date", "consistency.dates")
        # hs code in the edition in force at the declaration date
        when = dates.get("declaration_date") or dates.get("departure_date") or dates.get("arrival_date")
        ed = ref.edition(when)
        for i, it in enumerate(c["items"]):
            if "hs_code" in it and (i, "hs_code") not in bad:
                s = re.sub(r"[.\s]", "", it["hs_code"])
                if not (re.fullmatch(r"\d{6}(\d{2}){0,2}", s) and s[:6] in ref.hs[ed]):
                    hit(i, "hs_code", "validity.hs_code")
        # postcodes
        for pf, cf in (("seller_postcode", "seller_country"), ("buyer_postcode", "buyer_country")):
            cc = c.get(cf)
            if pf in c and cc in ref.countries and (None, cf) not in bad and not ref.postcode_ok(cc, c[pf]):
                hit(None, pf, "validity.postcode")
        if "buyer_email" in c and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", c["buyer_email"]):
            hit(None, "buyer_email", "validity.email")
        if "buyer_phone" in c and not re.fullmatch(r"\+[1-9]\d{6,14}", c["buyer_phone"]):
            hit(None, "buyer_phone", "validity.phone")
        if "seller_id" in c and not re.fullmatch(r"[A-Z]{2}[\x21-\x7E]{1,15}", c["seller_id"]):
            hit(None, "seller_id", "validity.eori")
        for lf, cf in (("departure_location", "departure_country"), ("arrival_location", "destination_country")):
            if lf in c:
                if not re.fullmatch(r"[A-Z]{2}[A-Z2-9]{3}", c[lf]):
                    hit(None, lf, "validity.locode")
                elif cf in c and c[lf][:2] != c[cf]:
                    hit(None, lf, "consistency.location_country")
        # consistency
        ivals = [nums.get((i, "item_value")) for i in range(len(c["items"]))]
        if (None, "total_value") in nums and all(v is not None for v in ivals) and sum(ivals) != nums[(None, "total_value")]:
            hit(None, "total_value", "consistency.total_value")
        nets = [nums.get((i, "net_weight")) for i in range(len(c["items"]))]
        if (None, "gross_weight") in nums and all(v is not None for v in nets) and sum(nets) > nums[(None, "gross_weight")]:
            hit(None, "gross_weight", "consistency.weight")
        bc, dc = c.get("buyer_country"), c.get("destination_country")
        if bc in ref.countries and dc in ref.countries and (None, "buyer_country") not in bad and bc != dc:
            hit(None, "buyer_country", "consistency.destination")
        if cur is not None:
            mu = ref.minor_units[cur]
            for key, v in nums.items():
                if key[1] in ("item_value", "total_value"):
                    text = c[key[1]] if key[0] is None else c["items"][key[0]][key[1]]
                    dec = len(text.split(".")[1]) if "." in text else 0
                    if dec > mu:
                        hit(key[0], key[1], "consistency.currency_precision")
        # uniqueness
        for f in ("shipment_id", "awb", "postal_item_id"):
            if f in c:
                if (f, c[f]) in seen:
                    hit(None, f, "uniqueness.duplicate_id")
                seen[(f, c[f])] = p
    return found | batch_risks(consignments, ref)


# --------------------------------------------------------------------------- risk rules

# Legal forms of businesses, as words after folding (lib/check/names.c): dropped from names before
# they are compared, and the mark of a business seller.
LEGAL_FORMS = {"ab", "ag", "aps", "as", "bv", "co", "company", "corp", "corporation", "cv", "eirl", "gmbh",
               "inc", "incorporated", "kft", "kg", "kk", "limited", "llc", "llp", "lp", "ltd", "mbh", "nv",
               "ohg", "oy", "oyj", "plc", "pte", "pty", "sa", "sarl", "sas", "sl", "spa", "sro", "srl", "ug",
               "ulc", "zoo", "sp", "oo"}
NAME_TOKENS_MAX = 16
# Latin Extended-A (U+0100-U+017F): the letter each code point folds to.
LATIN_EXT_A = ("aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllll"
               "nnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs")


def fold_latin(cp):
    if 0xC0 <= cp <= 0xC5 or 0xE0 <= cp <= 0xE5:
        return "a"
    if cp in (0xC6, 0xE6):
        return "ae"
    if cp in (0xC7, 0xE7):
        return "c"
    if 0xC8 <= cp <= 0xCB or 0xE8 <= cp <= 0xEB:
        return "e"
    if 0xCC <= cp <= 0xCF or 0xEC <= cp <= 0xEF:
        return "i"
    if cp in (0xD0, 0xF0):
        return "d"
    if cp in (0xD1, 0xF1):
        return "n"
    if 0xD2 <= cp <= 0xD6 or cp == 0xD8 or 0xF2 <= cp <= 0xF6 or cp == 0xF8:
        return "o"
    if 0xD9 <= cp <= 0xDC or 0xF9 <= cp <= 0xFC:
        return "u"
    if cp in (0xDD, 0xFD, 0xFF):
        return "y"
    if cp == 0xDF:
        return "ss"
    if cp in (0x152, 0x153):
        return "oe"
    if 0x100 <= cp <= 0x17F and cp - 0x100 < len(LATIN_EXT_A):
        return LATIN_EXT_A[cp - 0x100]
    return None


def name_words(text):
    """The words of a name as sdq reads them: runs of ASCII letters and digits and of non-ASCII
    characters; apostrophes and dots join ("S.A." is "sa"), so does a slash after one letter ("A/S"
    is "as"), anything else separates; Latin letters lose case and accents."""
    words, w = [], []
    for ch in text + " ":
        cp = ord(ch)
        if ch in ("'", "\u2019", ".") or (ch == "/" and len("".join(w).encode("utf-8")) == 1):
            continue
        if (cp < 0x80 and ch.isalnum()) or cp >= 0x80:
            folded = fold_latin(cp) if cp >= 0x80 else ch.lower()
            w.append(folded if folded else ch)
        elif w:
            words.append("".join(w))
            w = []
    return words


def name_key(text):
    """A name's distinct words without legal forms (at most NAME_TOKENS_MAX), as a frozenset."""
    out = []
    for w in name_words(text):
        if w in LEGAL_FORMS or w in out:
            continue
        if len(out) == NAME_TOKENS_MAX:
            break
        out.append(w)
    return frozenset(out)


def has_legal_form(text):
    return any(w in LEGAL_FORMS for w in name_words(text))


def similarity(a, b):
    union = len(a | b)
    return len(a & b) / float(union) if union else 0.0


def norm_id(v):
    return "".join(ch for ch in v if ch not in " \t-./").upper()


def present(c, f):
    v = c.get(f)
    return v is not None and v.strip() != "" and v.strip().lower() not in PLACEHOLDER_SET


def sdq_number(v):
    """A plain decimal number as sdq parses it (digits times a power of ten), else None."""
    if v is None or not re.fullmatch(r"\d+(\.\d+)?", v.strip()):
        return None
    v = v.strip()
    frac = len(v.split(".")[1]) if "." in v else 0
    return float(int(v.replace(".", ""))) * (1.0 / 10.0 ** frac)


def country_of(c, f, ref):
    v = (c.get(f) or "").strip().upper()
    return v if v in ref.countries else None


def currency_of(c, ref):
    v = (c.get("currency") or "").strip().upper()
    return v if v in ref.minor_units and v in EUR_RATE else None


def risk_day(c):
    return parse_date(c.get("declaration_date")) or parse_date(c.get("departure_date"))


def total_in_threshold(c, ref):
    """(index, amount, total converted to the threshold's currency) of the value threshold sdq
    applies to the consignment, or None."""
    total, cur = sdq_number(c.get("total_value")), currency_of(c, ref)
    dest = country_of(c, "destination_country", ref) or country_of(c, "buyer_country", ref)
    if total is None or cur is None or dest is None:
        return None
    day = risk_day(c)
    for k, (amount, tcur, since, dests) in enumerate(THRESHOLDS):
        if dest in dests and not (day and day < since):
            return k, amount, total / EUR_RATE[cur] * EUR_RATE[tcur]
    return None


def near_threshold(c, ref, margin=0.0):
    """Whether the total is within THRESHOLD_BAND under the threshold (margin > 0 widens the band
    on both sides, margin < 0 narrows it)."""
    t = total_in_threshold(c, ref)
    if t is None:
        return False
    _, amount, value = t
    if margin == 0.0:
        return amount * (1.0 - THRESHOLD_BAND) <= value < amount
    return amount * (1.0 - THRESHOLD_BAND - margin) <= value < amount * (1.0 + margin)


def watch_index(entries):
    return [(e, name_key(e[0]) if e[0] else frozenset(), norm_id(e[1]) if e[1] else "") for e in entries]


def watch_match(index, name, pid, country):
    """The watch-list entry a party matches, as sdq matches it: by id, else by the best name
    similarity of at least WATCH_SIMILARITY; an entry with a country only matches parties of that
    country (when the party's country is known)."""
    def fits(e):
        return not e[3] or not country or e[3] == country
    if pid and norm_id(pid):
        for e, _, eid in index:
            if eid and eid == norm_id(pid) and fits(e):
                return e, 1.0, True
    key = name_key(name) if name else frozenset()
    best = None
    for e, ekey, _ in index:
        if not key & ekey:
            continue
        sim = similarity(key, ekey)
        if sim >= WATCH_SIMILARITY and (best is None or sim > best[1]) and fits(e):
            best = (e, sim, False)
    return best


def record_risks(c, ref):
    """The findings {(item, field, rule)} of sdq's risk rules that look at one consignment (near a
    threshold, watch-list, origin route, gift)."""
    out = set()
    if near_threshold(c, ref):
        out.add((None, "total_value", "risk.near_threshold"))
    for name_f, id_f, country_f in (("seller_name", "seller_id", "seller_country"),
                                    ("buyer_name", None, "buyer_country")):
        has_name, has_id = present(c, name_f), bool(id_f) and present(c, id_f)
        m = (has_name or has_id) and watch_match(WATCH, c[name_f] if has_name else None,
                                                 c[id_f] if has_id else None, country_of(c, country_f, ref))
        if m:
            out.add((None, id_f if m[2] or not has_name else name_f, "risk.watchlist"))
    dep = country_of(c, "departure_country", ref)
    for i, it in enumerate(c["items"]):
        origin = (it.get("origin_country") or "").strip().upper()
        if dep and origin in ref.countries and origin != dep and dep in ORIGIN_ROUTES.get(origin, ()):
            out.add((i, "origin_country", "risk.origin_mismatch"))
    if (c.get("category") or "").strip(" \t").lower() == "gift":
        qty = [sdq_number(it.get("quantity")) for it in c["items"]]
        if ((present(c, "seller_name") and has_legal_form(c["seller_name"])) or present(c, "platform_id")
                or any(q is not None and q > GIFT_MAX_QUANTITY for q in qty)):
            out.add((None, "category", "risk.gift_commercial"))
    return out


def item_value_per_kg(c, it, ref):
    """(HS heading, value per kg in EUR) of an item as sdq computes it, or None."""
    value, net, cur = sdq_number(it.get("item_value")), sdq_number(it.get("net_weight")), currency_of(c, ref)
    if value is None or not net or cur is None or not present(it, "hs_code"):
        return None
    digits = ""
    for ch in it["hs_code"]:
        if len(digits) == 4:
            break
        if ch.isdigit():
            digits += ch
        elif ch not in ". -":
            return None
    if len(digits) < 4:
        return None
    return digits, value / EUR_RATE[cur] / net


def batch_risks(consignments, ref):
    """The findings {(position, item, field, rule)} of every risk rule sdq applies (except the
    vague description), in batch order: split shipments and values per kg compare consignments."""
    found = set()
    pairs = {}
    hist = {}
    for p, c in enumerate(consignments):
        found |= {(p,) + f for f in record_risks(c, ref)}
        # risk.split_shipment
        t, day = total_in_threshold(c, ref), risk_day(c)
        if t and day and t[2] < t[1]:
            if present(c, "buyer_name") and name_key(c["buyer_name"]):
                buyer = (name_key(c["buyer_name"]),
                         name_key(c["buyer_address"]) if present(c, "buyer_address") else frozenset())
            else:
                buyer = None
            if present(c, "seller_id"):
                seller = ("id", norm_id(c["seller_id"]))
            elif present(c, "seller_name") and name_key(c["seller_name"]):
                seller = ("name", name_key(c["seller_name"]))
            else:
                seller = None
            if buyer and seller:
                entries = pairs.setdefault((buyer, seller, t[0]), [])
                total, others = t[2], 0
                for d, v in entries:
                    if abs((d - day).days) <= SPLIT_WINDOW_DAYS:
                        total += v
                        others += 1
                entries.append((day, t[2]))
                if others and total >= t[1]:
                    found.add((p, None, "total_value", "risk.split_shipment"))
        # risk.low_value_per_kg against the items of the same heading seen before
        pending = []
        for i, it in enumerate(c["items"]):
            hv = item_value_per_kg(c, it, ref)
            if hv is None:
                continue
            buckets = hist.setdefault(hv[0], [0] * 80)
            b = 0 if not hv[1] > 1e-4 else min(79, max(0, int(math.log10(hv[1]) * 8.0) + 32))
            pending.append((buckets, b))
            n = sum(buckets)
            if n < VALUE_MIN_ITEMS:
                continue
            seen, m = 0, 0
            for m in range(80):
                seen += buckets[m]
                if seen >= (n + 1) // 2:
                    break
            if hv[1] < 10 ** ((m - 32) / 8.0) * VALUE_RATIO:
                found.add((p, i, "item_value", "risk.low_value_per_kg"))
        for buckets, b in pending:
            buckets[b] += 1
    return found


WATCH = watch_index(WATCHLIST)


def realism_problems(consignments, ref, defect_positions):
    """Extra expectations on clean records that are not findings of any rule."""
    probs = []
    for p, c in enumerate(consignments):
        if p in defect_positions:
            continue
        sid = c["shipment_id"]
        if ("awb" in c) == ("postal_item_id" in c):
            probs.append((sid, "needs exactly one of awb / postal_item_id"))
        if not re.fullmatch(r"SHP-20\d\d-\d{6}", sid):
            probs.append((sid, "shipment id format"))
        dep, arr, dec = (parse_date(c[f]) for f in ("departure_date", "arrival_date", "declaration_date"))
        if not (dec <= arr and dep <= arr and (dep - dec).days <= 2 and dec <= dep):
            probs.append((sid, "date order"))
        if c["buyer_country"] != c["destination_country"]:
            probs.append((sid, "buyer/destination"))
        gross = Decimal(c["gross_weight"])
        net = sum(Decimal(it["net_weight"]) for it in c["items"])
        if not (net * Decimal("1.05") <= gross + Decimal("0.001") and gross <= net * Decimal("1.30") + Decimal("0.002")):
            probs.append((sid, "gross %s vs net %s" % (gross, net)))
        if not 1 <= int(c["pieces"]) <= 3:
            probs.append((sid, "pieces"))
        for f in ("seller_name", "seller_address", "seller_country", "buyer_name", "buyer_address", "buyer_city",
                  "buyer_postcode", "buyer_country", "carrier_id", "category", "transport_mode"):
            if not c.get(f):
                probs.append((sid, "empty " + f))
        if c["category"] == "sale_of_goods" and c.get("seller_name") in [g[1] for g in GIFT_SENDERS]:
            probs.append((sid, "private sender selling"))
        if c["category"] == "gift" and (c.get("seller_name") not in [g[1] for g in GIFT_SENDERS] or "platform_id" in c
                                        or any(int(it["quantity"]) > 3 for it in c["items"])):
            probs.append((sid, "gift not from a private person, through a marketplace or more than 3 of a kind"))
    # values per kg of the items of one HS heading (all records) within HEADING_SPREAD of each other
    per_heading = {}
    for c in consignments:
        for it in c["items"]:
            hv = item_value_per_kg(c, it, ref)
            if hv:
                per_heading.setdefault(hv[0], []).append((hv[1], c["shipment_id"]))
    for h in sorted(per_heading):
        lo, hi = min(per_heading[h]), max(per_heading[h])
        if hi[0] > lo[0] * HEADING_SPREAD * 1.01:
            probs.append((lo[1], "HS heading %s: %.2f EUR per kg, %s has %.2f" % (h, lo[0], hi[1], hi[0])))
    return probs


# --------------------------------------------------------------------------- README


def readme_text(consignments, manifest, planted, n_rows, args_refdata_note, ref, near_miss):
    n = len(consignments)
    items = sum(len(c["items"]) for c in consignments)
    by_items = {}
    for c in consignments:
        by_items[len(c["items"])] = by_items.get(len(c["items"]), 0) + 1
    rules = {}
    per_cons = {}
    for p, rule in planted:
        rules[rule] = rules.get(rule, 0) + 1
        per_cons[p] = per_cons.get(p, 0) + 1
    rows_per_rule = {}
    for p, item, field, rule in manifest:
        rows_per_rule[rule] = rows_per_rule.get(rule, 0) + 1
    defective = len(per_cons)
    ndef = len(planted)
    double = sum(1 for v in per_cons.values() if v == 2)
    order = ["completeness.missing", "completeness.placeholder", "risk.vague_description", "validity.hs_code",
             "validity.country", "validity.currency", "validity.s10", "validity.awb", "validity.junk_text",
             "validity.number", "validity.date", "validity.postcode", "validity.email", "validity.phone",
             "consistency.total_value", "consistency.weight", "consistency.destination", "consistency.dates",
             "consistency.currency_precision", "uniqueness.duplicate_id", "risk.near_threshold",
             "risk.split_shipment", "risk.watchlist", "risk.origin_mismatch", "risk.gift_commercial"]
    what = {
        "completeness.missing": "a required field (core profile, plus seller_address) is empty; fields:",
        "completeness.placeholder": "a placeholder instead of a name, address or city:",
        "risk.vague_description": "the whole description is a stop word:",
        "validity.hs_code": "malformed, unknown subheading, or an HS 2022-only code on a 2021 declaration:",
        "validity.country": "not an ISO 3166 alpha-2 code:",
        "validity.currency": "not an ISO 4217 code:",
        "validity.s10": "UPU S10 item id with a wrong check digit:",
        "validity.awb": "air waybill number with a wrong check digit:",
        "validity.junk_text": "only digits, punctuation or a file extension:",
        "validity.number": "not a number, or negative:",
        "validity.date": "impossible day or not ISO 8601:",
        "validity.postcode": "wrong format for buyer_country:",
        "validity.email": "e-mail without @:",
        "validity.phone": "not E.164:",
        "consistency.total_value": "item values do not add up to total_value:",
        "consistency.weight": "sum of net weights above gross_weight:",
        "consistency.destination": "buyer_country differs from destination_country:",
        "consistency.dates": "arrival_date before departure_date:",
        "consistency.currency_precision": "more decimals than the currency has (item_value and total_value):",
        "uniqueness.duplicate_id": "a later, non-adjacent consignment re-uses an earlier shipment_id:",
        "risk.near_threshold": "total value less than 10 % under the threshold of the destination (EUR 150 for "
                               "the EU, USD 800 for the US), at the core profile's exchange rates:",
        "risk.split_shipment": "one order split into three consignments of one seller to one buyer within a week, "
                               "each under EUR 150 and together over it; the row names the third (the first two "
                               "are clean on their own):",
        "risk.watchlist": "a seller or buyer of `watchlist.csv`:",
        "risk.origin_mismatch": "an item made in CN leaves from VN:",
        "risk.gift_commercial": "declared a gift, but from a business, sold through a marketplace, or more than 5 "
                                "of a kind:",
    }
    watch_how = {WATCH_SELLER_EXACT[1]: "the same words as entry 1",
                 WATCH_SELLER_ID[5]: "the id of entry 3, seller " + WATCH_SELLER_ID[1],
                 WATCH_BUYER[1]: "6 of the 7 words of entry 2"}
    examples = {}
    for p, item, field, rule in manifest:
        c = consignments[p]
        src = c if item is None else c["items"][item]
        if rule == "completeness.missing":
            v = field
        elif rule == "consistency.currency_precision":
            if item is not None:
                continue
            v = "%s %s" % (src[field], c.get("currency", ""))
        elif rule == "consistency.destination":
            v = "%s vs %s" % (src[field], c.get("destination_country", ""))
        elif rule == "consistency.dates":
            v = "%s < %s" % (src[field], c.get("departure_date", ""))
        elif rule in ("consistency.total_value", "consistency.weight"):
            key = "item_value" if rule == "consistency.total_value" else "net_weight"
            v = "%s vs %s" % (src[field], " + ".join(it.get(key, "?") for it in c["items"]))
        elif rule == "validity.hs_code":
            v = src[field] + (" (%s)" % c["declaration_date"][:4] if c["declaration_date"].startswith("2021") else "")
        elif rule == "risk.near_threshold":
            k, amount, value = total_in_threshold(c, ref)
            v = "%s %s" % (c["total_value"], c["currency"])
            v += "" if c["currency"] == THRESHOLDS[k][1] else " = %.2f %s" % (value, THRESHOLDS[k][1])
        elif rule == "risk.split_shipment":
            day = risk_day(c)
            group = [x for x in consignments if x.get("buyer_name") == c["buyer_name"]
                     and x.get("seller_name") == c["seller_name"] and abs((risk_day(x) - day).days) <= SPLIT_WINDOW_DAYS]
            v = "%s = %.2f EUR" % (" + ".join(x["shipment_id"] for x in group),
                                   sum(total_in_threshold(x, ref)[2] for x in group))
        elif rule == "risk.watchlist":
            v = "%s (%s)" % (src[field], watch_how[src[field]])
        elif rule == "risk.origin_mismatch":
            v = "%s from %s" % (src[field], c["departure_country"])
        elif rule == "risk.gift_commercial":
            if has_legal_form(c["seller_name"]):
                v = "a company" + (" on a marketplace" if "platform_id" in c else "")
            elif "platform_id" in c:
                v = "sold on " + c["platform_id"]
            else:
                v = "quantity " + c["items"][0]["quantity"]
        else:
            v = src[field]
        lst = examples.setdefault(rule, [])
        if v not in lst:
            lst.append(v)
    lines = []
    lines.append("# Sample data\n")
    lines.append("A synthetic but realistic batch of cross-border e-commerce consignments (marketplace sales")
    lines.append("shipped by postal operators and express carriers, mainly to buyers in the EU, also GB, US, CA,")
    lines.append("AU, KR and JP) with known, deliberately planted data-quality defects. Use it for the CLI,")
    lines.append("the examples and end-to-end tests. Generated; do not edit by hand.\n")
    lines.append("| file | what |")
    lines.append("| --- | --- |")
    lines.append("| `sample.csv` | %d consignments as %d rows, one row per item (RFC 4180, UTF-8 without BOM, LF, header row) |" % (n, n_rows))
    lines.append("| `sample.ndjson` | the same %d consignments, one JSON object per line, items in `items` |" % n)
    lines.append("| `sample-defects.csv` | the manifest: one row per planted defect (%d rows) |" % len(manifest))
    lines.append("| `watchlist.csv` | an invented watch-list of %d parties for `risk.watchlist` (`name,id,address,country,reason`) |" % len(WATCHLIST))
    lines.append("| `make_sample.py` | the generator (Python 3 standard library only) |")
    lines.append("| `README.md` | this file (written by the generator) |\n")
    lines.append("Regenerate from the repository root (output is byte-identical on every run):\n")
    lines.append("```")
    lines.append("/usr/bin/python3 examples/data/make_sample.py            # --refdata DIR, default ../shared/refdata")
    lines.append("```\n")
    lines.append("Check it with the watch-list, so that `risk.watchlist` has something to match:\n")
    lines.append("```")
    lines.append("sdq check --group-items --watchlist examples/data/watchlist.csv examples/data/sample.csv")
    lines.append("```\n")
    lines.append("## Columns\n")
    lines.append("Canonical field names of the sdq field dictionary, in this order:\n")
    lines.append("`" + ",".join(HEADER) + "`\n")
    lines.append("- CSV: consecutive rows with the same `shipment_id` are one consignment; each repeats the")
    lines.append("  consignment-level columns and carries one item's `description,hs_code,quantity,item_value,")
    lines.append("  net_weight,origin_country`. Read it with grouping of consecutive rows by `shipment_id` on.")
    lines.append("  An absent value is an empty cell; fields are quoted only when they hold a comma, quote or newline.")
    lines.append("- NDJSON: consignment keys in the CSV column order, then `items`. An absent value is an omitted")
    lines.append("  key. `pieces, gross_weight, total_value, quantity, item_value, net_weight` are JSON numbers whose")
    lines.append("  text equals the CSV cell (`12.50` stays `12.50`), except where a planted defect makes the value")
    lines.append("  non-numeric (`1,234`, `abc`): then it is a JSON string.")
    lines.append("- Weights in kg (3 decimals), values in `currency` with its ISO 4217 minor units (0 for JPY, KRW,")
    lines.append("  VND), `total_value` = sum of `item_value` (each the value of the whole line), gross weight 5-30 %")
    lines.append("  above the sum of net weights. Dates ISO 8601; %d consignments are declared in 2021 and use HS 2017" % sum(1 for c in consignments if c["declaration_date"].startswith("2021")))
    lines.append("  codes, the rest in 2025-2026 and use HS 2022. HS codes are written `610910`, `6109.10`, `61091000`")
    lines.append("  or with 10 digits. Postal consignments carry a UPU S10 `postal_item_id`, express ones an IATA `awb`.")
    lines.append("- Items per consignment: " + ", ".join("%d item%s: %d" % (k, "s" if k > 1 else "", by_items[k]) for k in sorted(by_items)) + " (%d items in all).\n" % items)
    lines.append("## Planted defects\n")
    lines.append("%d of %d consignments (%.0f %%) carry a planted defect, %d of them two. Every other consignment is" % (defective, n, 100.0 * defective / n, double))
    lines.append("clean: codes exist in the HS edition in force at the declaration date, check digits are right,")
    lines.append("postcodes match the country's format, countries and currencies are ISO codes, items add up.")
    lines.append("Manifest columns: `shipment_id,item,field,rule` - `item` is the 0-based item index, empty for a")
    lines.append("consignment-level field; `rule` is the rule id of design.md that should catch it. For")
    lines.append("`uniqueness.duplicate_id` the row names the id; the second consignment with it is the defect.")
    lines.append("The `risk.*` rows are risk indicators planted on purpose, not errors in the data: each is")
    lines.append("chosen to fire one rule of sdq's core profile with its default parameters.\n")
    lines.append("| rule | defects | share of consignments | manifest rows | what was planted |")
    lines.append("| --- | ---: | ---: | ---: | --- |")
    for r in order:
        k = rules.get(r, 0)
        vals = ", ".join("`%s`" % v.replace("|", "\\|") for v in examples.get(r, []))
        lines.append("| `%s` | %d | %.1f %% | %d | %s %s |" % (r, k, 100.0 * k / n, rows_per_rule.get(r, 0), what[r], vals))
    lines.append("| total | %d defects | | %d | |\n" % (ndef, len(manifest)))
    lines.append("Where each finding is expected: `consistency.weight` on `gross_weight`, `consistency.destination`")
    lines.append("on `buyer_country`, `consistency.dates` on `arrival_date`, `consistency.total_value` on `total_value`")
    lines.append("(all consignment-level); `consistency.currency_precision` on both `item_value` (item) and")
    lines.append("`total_value`; `uniqueness.duplicate_id` on the second consignment carrying the id. The HS edition")
    lines.append("is chosen by `declaration_date` (before 2022-01-01: HS 2017). Postcodes are checked as")
    lines.append("postal-codes-js does: drop the format's RedundantCharacters, then match ValidationRegex against")
    lines.append("the whole value, ignoring case (HK has no postcodes, so HK sellers have none). Risk findings:")
    lines.append("`risk.near_threshold`, `risk.split_shipment` (on the consignment that completes the pattern, the")
    lines.append("last of the three in the batch) on `total_value`; `risk.watchlist` on `seller_name` or `buyer_name`")
    lines.append("(`seller_id` when the id matches);")
    lines.append("`risk.origin_mismatch` on the item's `origin_country`; `risk.gift_commercial` on `category`.\n")
    lines.append("Notes:")
    lines.append("- Each planted value is chosen so that it trips only its own rule when a checker skips")
    lines.append("  comparisons involving an absent or invalid value (e.g. no total check when a value is not a")
    lines.append("  number). Two overlaps remain by design: the placeholders `-` and `xxx` also look like junk")
    lines.append("  text (report the placeholder), and an invalid `seller_country` or `origin_country` makes any")
    lines.append("  origin comparison meaningless.")
    lines.append("- Clean records raise no risk finding either. Totals keep clear of the band 10 % under a")
    lines.append("  threshold of their destination (EUR 150 for EU buyers, USD 800 for US buyers, converted at the")
    lines.append("  indicative exchange rates of sdq's core profile, which the generator uses for all values). Gifts")
    lines.append("  come from private persons, without a marketplace, at most 3 of a kind. Goods made in CN are")
    lines.append("  sold from HK, US, GB, DE, KR or JP now and then, but never leave from VN, MY, TH or KH. Buyers")
    lines.append("  are all distinct except in the two split orders. The values per kg of the items of one HS heading")
    lines.append("  are within a factor of %.1f of each other, so `risk.low_value_per_kg` (under a tenth of the" % HEADING_SPREAD)
    lines.append("  heading's median) has nothing to find.")
    watch_note = (
        "The watch-list `watchlist.csv` holds %d companies and persons with ids, addresses, countries and "
        "reasons. All of them are invented (names, ids, addresses and reasons alike); any likeness to a real "
        "party is coincidental. sdq compares names as sets of words, after folding case, accents and "
        "punctuation and dropping legal forms (Ltd, GmbH, Co. ...): shared words / all words, 0.85 or more "
        "to match; an entry with a country only matches parties of that country. Three parties match: seller "
        "`%s` has the same words as entry 1 `%s`; buyer `%s` has 6 of the 7 words of entry 2 `%s` (`&` for "
        "`and`: 6/7 = 0.86); seller `%s` carries the id of entry 3 `%s` (`%s`) under another name. One clean "
        "consignment, %s, is a near miss that must not match: its seller `%s` has 4 of the 5 words of entry 4 "
        "`%s` (4/5 = 0.80). Without the watch-list the `risk.watchlist` rows cannot be found."
        % (len(WATCHLIST), WATCH_SELLER_EXACT[1], WATCHLIST[0][0], WATCH_BUYER[1], WATCHLIST[1][0],
           WATCH_SELLER_ID[1], WATCHLIST[2][0], WATCH_SELLER_ID[5], consignments[near_miss]["shipment_id"],
           WATCH_SELLER_NEAR_MISS[1], WATCHLIST[3][0]))
    lines.append(textwrap.fill(watch_note, width=100, initial_indent="- ", subsequent_indent="  ",
                               break_on_hyphens=False, break_long_words=False))
    lines.append("- Reference data: %s" % args_refdata_note)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- main


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--refdata", default=os.path.join(repo, "..", "shared", "refdata"),
                    help="reference data directory (default: ../shared/refdata relative to the repository root)")
    ap.add_argument("--outdir", default=here, help="where to write the files (default: next to this script)")
    args = ap.parse_args(argv)

    self_test_check_digits()
    ref = Refdata(os.path.normpath(args.refdata))
    gen = Generator(ref, SEED)
    consignments = gen.generate()
    rng = random.Random(SEED + 1)
    manifest, planted, near_miss = plant_defects(consignments, ref, rng)

    # verify: the findings of an independent checker are exactly the planted defects
    expected = {(p, item, field, rule) for p, item, field, rule in manifest}
    found = check_batch(consignments, ref)
    if found != expected:
        for x in sorted(found - expected, key=str):
            print("unexpected finding:", consignments[x[0]]["shipment_id"], x[1:], file=sys.stderr)
        for x in sorted(expected - found, key=str):
            print("planted but not found:", consignments[x[0]]["shipment_id"], x[1:], file=sys.stderr)
        return 1
    probs = realism_problems(consignments, ref, {m[0] for m in manifest})
    if probs:
        for pr in probs:
            print("realism:", *pr, file=sys.stderr)
        return 1

    csv_out = csv_text(consignments)
    nd_out = "".join(ndjson_line(c) for c in consignments)
    man_out = manifest_text(consignments, manifest)
    n_rows = csv_out.count("\n") - 1
    readme = readme_text(consignments, manifest, planted, n_rows,
                         "`hs2017.csv`, `hs2022.csv`, `iso-4217-list-one.xml`, `postal-codes/` from the shared "
                         "refdata directory (see its SOURCES.md).", ref, near_miss)
    os.makedirs(args.outdir, exist_ok=True)
    for name, text in (("sample.csv", csv_out), ("sample.ndjson", nd_out),
                       ("sample-defects.csv", man_out), ("watchlist.csv", watchlist_text()),
                       ("README.md", readme)):
        with open(os.path.join(args.outdir, name), "w", encoding="utf-8", newline="") as f:
            f.write(text)
    print("wrote %d consignments (%d CSV rows), %d defect rows to %s" % (len(consignments), n_rows, len(manifest), args.outdir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
