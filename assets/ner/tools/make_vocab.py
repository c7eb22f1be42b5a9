#!/usr/bin/env python3
"""Build assets/ner/vocab.txt: ordinary Arabic words (nouns, verb forms, particles) from the
Ayaspell Arabic spelling dictionary, as packaged by Debian (hunspell-ar 3.2-1.2, file
/usr/share/hunspell/ar.dic; GPL-2.0+ / LGPL-2.1+ / MPL-1.1, used here under the LGPL-2.1+).
The dictionary's proper nouns (affix classes 64, 92 and 221-225) are left out, so the list
says "this is an ordinary word", a feature the tagger weighs against names.

usage: apt-get download hunspell-ar && dpkg-deb -x hunspell-ar_*.deb hun &&
       make_vocab.py hun/usr/share/hunspell/ar.dic > assets/ner/vocab.txt
"""
import re
import sys

PROPER = {"64", "92", "221", "222", "223", "224", "225"}
HARAKAT = re.compile("[\u064B-\u0652\u0640]")
words = set()
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.strip()
    if not line or not re.match("[\u0621-\u064a]", line):
        continue
    word, _, flags = line.partition("/")
    flags = flags.split()[0] if flags else ""
    word = HARAKAT.sub("", word.split()[0])
    if flags in PROPER or not re.fullmatch("[\u0621-\u064a]+", word):
        continue
    words.add(word)
print("# Ordinary Arabic words from the Ayaspell dictionary (Debian hunspell-ar 3.2), LGPL-2.1+;")
print("# proper nouns left out. Built by tools/make_vocab.py.")
for w in sorted(words):
    print(w)
