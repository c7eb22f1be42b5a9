#!/usr/bin/env python3
"""Print assets/ner/currencies.txt: Arabic currency names from Unicode CLDR
(via the PyPI package Babel 2.19.0; Unicode licence), full names and their head words, without
head words that are also ordinary words or other names (listed below).
usage: make_currencies.py > assets/ner/currencies.txt"""
import re

from babel import Locale

NOT_CURRENCY = {
    "الوحدة", "وحدة", "حقوق", "عملة", "ذهب", "فضة", "البلاتين", "بالاديوم", "قرطبة", "أفغاني",
    "سيدي", "كود", "بير", "ليون", "مارك", "سول", "بولا", "كيب", "ليو", "كولن", "اكويل", "جوردى",
    "ماركا", "أوقية", "كولون", "تالا", "كينا", "بانغا",
}
names = set()
for value in Locale("ar").currencies.values():
    value = re.sub("[\u064B-\u0652\u0640]", "", value)
    if not re.fullmatch("[\u0621-\u064a ]+", value):
        continue
    names.add(value)
    head = value.split()[0]
    if head not in NOT_CURRENCY:
        names.add(head)
print("# Currencies: Unicode CLDR Arabic currency names (via Babel), Unicode licence; built by tools/make_currencies.py.")
for n in sorted(names):
    if n not in NOT_CURRENCY:
        print(n)
