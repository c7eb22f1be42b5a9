//! Feature extraction for the sequence labeller: every token gets a list of hashed feature ids
//! (64-bit FNV-1a over a template code and its value). Feature groups are listed in
//! [`FeatureSet`] so training can measure what each adds.

#![allow(clippy::needless_range_loop)] // index loops over parallel arrays read clearer here

use crate::analysis::gazetteer::{GazKind, GazMatch, Gazetteer};
use crate::analysis::normalize::normalize;

use super::dict::Dict;
use super::tags::TAG_NAMES;

/// Which feature groups are on (all on in the shipped model).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureSet {
    /// Stems (proclitics / ال / enclitics stripped) of the word and neighbours.
    pub stems: bool,
    /// Prefixes and suffixes.
    pub affixes: bool,
    /// Neighbouring words (±2) and bigrams.
    pub context: bool,
    /// Gazetteer membership (places, organisations, given names) and trigger words.
    pub gazetteer: bool,
    /// Jackknifed dictionary of the training data's names ([`Dict`]).
    pub dict: bool,
    /// Word bigrams (previous+current, current+next).
    pub bigrams: bool,
    /// Character 3-grams inside the stem.
    pub chargrams: bool,
    /// Document context: how a first-stage model tagged the same stem elsewhere in the
    /// document ([`DocInfo`]); only in the second-stage model.
    pub doc: bool,
    /// Prefixes of the stem (1–4 letters) and 4-letter suffixes.
    pub affix4: bool,
    /// Trigger words anywhere in the three words before, and gazetteer-kind conjunctions
    /// (previous word's kind with the current word's kind).
    pub trigwin: bool,
    /// Stems of the words two before and two after.
    pub stem2: bool,
    /// The well-known-people list (`persons.txt`) as gazetteer features.
    pub persons: bool,
    /// Jackknifed dictionary of the training data's multi-word names, matched as phrases.
    pub pdict: bool,
}

impl FeatureSet {
    /// The shipped model's groups. The optional groups (character 3-grams, affix4, trigwin,
    /// stem2, persons, pdict) measured within ±0.1 F1 of this with `khabar train --folds 5`, so
    /// they are left off.
    pub const ALL: FeatureSet = FeatureSet {
        stems: true,
        affixes: true,
        context: true,
        gazetteer: true,
        dict: true,
        bigrams: true,
        chargrams: false,
        doc: false,
        affix4: false,
        trigwin: false,
        stem2: false,
        persons: false,
        pdict: false,
    };

    /// Encode as bits (stored in the model file).
    pub fn bits(self) -> u16 {
        u16::from(self.stems)
            | (u16::from(self.affixes) << 1)
            | (u16::from(self.context) << 2)
            | (u16::from(self.gazetteer) << 3)
            | (u16::from(self.dict) << 4)
            | (u16::from(self.bigrams) << 5)
            | (u16::from(self.chargrams) << 6)
            | (u16::from(self.doc) << 7)
            | (u16::from(self.affix4) << 8)
            | (u16::from(self.trigwin) << 9)
            | (u16::from(self.stem2) << 10)
            | (u16::from(self.persons) << 11)
            | (u16::from(self.pdict) << 12)
    }

    /// Decode from [`FeatureSet::bits`].
    pub fn from_bits(b: u16) -> FeatureSet {
        FeatureSet {
            stems: b & 1 != 0,
            affixes: b & 2 != 0,
            context: b & 4 != 0,
            gazetteer: b & 8 != 0,
            dict: b & 16 != 0,
            bigrams: b & 32 != 0,
            chargrams: b & 64 != 0,
            doc: b & 128 != 0,
            affix4: b & 256 != 0,
            trigwin: b & 512 != 0,
            stem2: b & 1024 != 0,
            persons: b & 2048 != 0,
            pdict: b & 4096 != 0,
        }
    }
}

/// 64-bit FNV-1a of a template code and a value.
pub fn fh(code: u8, value: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in std::iter::once(code).chain(value.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The feature every token has (its weights are per-tag biases).
pub fn bias_feature() -> u64 {
    fh(0, "")
}

/// FNV-1a of a template code and two values.
pub fn fh2(code: u8, a: &str, b: &str) -> u64 {
    fh_extend(fh(code, a), b)
}

/// Continue an [`fh`] state with a second value: `fh_extend(fh(c, a), b) == fh2(c, a, b)`.
pub fn fh_extend(mut h: u64, b: &str) -> u64 {
    for byte in std::iter::once(0xffu8).chain(b.bytes()) {
        h ^= u64::from(byte);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The word with leading proclitics (و ف, then ب ك ل, then ال / لل) and common enclitics removed.
pub fn stem(norm: &str) -> String {
    let mut s = norm;
    let len = |x: &str| x.chars().count();
    if let Some(r) = s.strip_prefix('و').or_else(|| s.strip_prefix('ف'))
        && len(r) >= 3
    {
        s = r;
    }
    if let Some(r) = s.strip_prefix("لل")
        && len(r) >= 2
    {
        s = r;
    } else if let Some(r) = s
        .strip_prefix('ب')
        .or_else(|| s.strip_prefix('ك'))
        .or_else(|| s.strip_prefix('ل'))
        && r.starts_with("ال")
        && len(r) >= 4
    {
        s = r;
    }
    if let Some(r) = s.strip_prefix("ال")
        && len(r) >= 2
    {
        s = r;
    }
    for suf in ["هما", "ها", "هم", "كم", "نا"] {
        if let Some(r) = s.strip_suffix(suf)
            && len(r) >= 3
        {
            s = r;
            break;
        }
    }
    s.to_string()
}

fn shape(w: &str) -> &'static str {
    let mut digit = false;
    let mut latin = false;
    let mut arabic = false;
    let mut other = false;
    for c in w.chars() {
        if c.is_numeric() {
            digit = true;
        } else if c.is_ascii_alphabetic() {
            latin = true;
        } else if ('\u{0600}'..='\u{06ff}').contains(&c) {
            arabic = true;
        } else {
            other = true;
        }
    }
    match (digit, latin, arabic, other) {
        (true, false, false, _) => "D",
        (true, _, _, _) => "DX",
        (false, true, false, _) => "L",
        (false, true, true, _) => "LA",
        (false, false, true, false) => match w.chars().count() {
            0..=2 => "A2",
            3..=4 => "A4",
            5..=7 => "A7",
            _ => "A8",
        },
        (false, false, true, true) => "AX",
        (false, false, false, _) => "P",
    }
}

/// Per-sentence precomputed forms.
struct Forms {
    norm: Vec<String>,
    stem: Vec<String>,
    kinds: Vec<Vec<GazKind>>,
    /// Gazetteer phrase position code per token ("LOC-B", "ORG-I", ...).
    phrase: Vec<Vec<&'static str>>,
}

fn forms(tokens: &[&str], set: FeatureSet) -> Forms {
    let norm: Vec<String> = tokens.iter().map(|t| normalize(t)).collect();
    let stem: Vec<String> = norm.iter().map(|n| stem(n)).collect();
    let (kinds, phrase) = if set.gazetteer {
        let kinds = norm.iter().map(|n| word_kinds(n, set)).collect();
        let norms: Vec<&str> = norm.iter().map(String::as_str).collect();
        let phrase = phrase_codes(&norms, set);
        (kinds, phrase)
    } else {
        (
            vec![Vec::new(); tokens.len()],
            vec![Vec::new(); tokens.len()],
        )
    };
    Forms {
        norm,
        stem,
        kinds,
        phrase,
    }
}

/// Gazetteer kinds of a word as the features see them: its listed kinds (well-known people
/// only when the persons group is on).
pub fn word_kinds(norm: &str, set: FeatureSet) -> Vec<GazKind> {
    if !set.gazetteer {
        return Vec::new();
    }
    let mut k = Gazetteer::get().word_kinds(norm);
    if !set.persons {
        k.retain(|&k| k != GazKind::Per);
    }
    k
}

/// Gazetteer phrase position codes ("LOC-B", "ORG-I", …) of each normalised token.
pub fn phrase_codes(norm: &[&str], set: FeatureSet) -> Vec<Vec<&'static str>> {
    phrase_codes_of(&Gazetteer::get().phrase_matches(norm), norm.len(), set)
}

/// [`phrase_codes`] of a sentence of `n` tokens from its gazetteer matches.
pub fn phrase_codes_of(matches: &[GazMatch], n: usize, set: FeatureSet) -> Vec<Vec<&'static str>> {
    let mut phrase: Vec<Vec<&'static str>> = vec![Vec::new(); n];
    for &m in matches {
        if !set.persons && m.kind == GazKind::Per {
            continue;
        }
        for (i, p) in phrase.iter_mut().enumerate().take(m.end).skip(m.start) {
            let code = match (m.kind, i == m.start) {
                (GazKind::Loc, true) => "LOC-B",
                (GazKind::Loc, false) => "LOC-I",
                (GazKind::Per, true) => "PER-B",
                (GazKind::Per, false) => "PER-I",
                (GazKind::Place, true) => "PLC-B",
                (GazKind::Place, false) => "PLC-I",
                (GazKind::Misc, true) => "MSC-B",
                (GazKind::Misc, false) => "MSC-I",
                (_, true) => "ORG-B",
                (_, false) => "ORG-I",
            };
            if !p.contains(&code) {
                p.push(code);
            }
        }
    }
    phrase
}

/// The bias and word-identity features of a token (word, normalised word, stem) and its shape,
/// in this order (training's dropout relies on it).
pub fn identity_features(w: &str, nw: &str, st: &str, set: FeatureSet, fs: &mut Vec<u64>) {
    fs.push(fh(0, ""));
    fs.push(fh(1, w));
    fs.push(fh(2, nw));
    if set.stems {
        fs.push(fh(4, st));
    }
    fs.push(fh(3, shape(w)));
}

/// Features of a token's letters: whether clitics were stripped, prefixes and suffixes.
pub fn form_features(nw: &str, st: &str, set: FeatureSet, fs: &mut Vec<u64>) {
    if set.stems {
        fs.push(fh(7, if st != nw { "clitic" } else { "bare" }));
    }
    if set.affixes {
        // Byte offsets without collecting: the k-th char from the start / end.
        let nlen = nw.chars().count();
        let slen = st.chars().count();
        for k in 1..=3 {
            if nlen > k {
                let pre = nw.char_indices().nth(k).map_or(nw.len(), |(b, _)| b);
                let suf = nw.char_indices().nth_back(k - 1).map_or(0, |(b, _)| b);
                fs.push(fh(10 + k as u8, &nw[..pre]));
                fs.push(fh(20 + k as u8, &nw[suf..]));
            }
            if slen > k {
                let suf = st.char_indices().nth_back(k - 1).map_or(0, |(b, _)| b);
                fs.push(fh(30 + k as u8, &st[suf..]));
            }
        }
    }
}

/// Whether a normalised word marks a family name after it (بن، ابو، عبد …).
pub fn is_family_marker_before(prev: &str) -> bool {
    matches!(
        prev,
        "بن" | "ابن" | "ابو" | "ال" | "بنت" | "عبد" | "ابا" | "ابي"
    )
}

/// Name-part features of a normalised word: a family marker itself, a nisba ending.
pub fn name_part_features(nw: &str) -> impl Iterator<Item = u64> {
    let marker = matches!(nw, "بن" | "ابن" | "ابو" | "بنت" | "عبد" | "ابا" | "ابي");
    let nisba = crate::analysis::normalize::is_nisba(nw);
    marker
        .then(|| fh(70, "family-marker"))
        .into_iter()
        .chain(nisba.then(|| fh(71, "nisba")))
}

/// Hashed features of every token of a sentence.
pub fn sentence_features(tokens: &[&str], set: FeatureSet, dict: &Dict) -> Vec<Vec<u64>> {
    sentence_features_in_doc(tokens, set, dict, None)
}

/// How a first-stage tagging labelled each stem across a document: per stem, counts of tokens
/// tagged as each entity type (index 1..=4) and of all its tokens (index 0).
#[derive(Debug, Clone, Default)]
pub struct DocInfo {
    counts: std::collections::HashMap<String, [u16; 5]>,
}

impl DocInfo {
    /// Build from the document's sentences and their first-stage tags.
    pub fn build(sentences: &[Vec<&str>], tags: &[Vec<usize>]) -> DocInfo {
        let mut counts: std::collections::HashMap<String, [u16; 5]> = Default::default();
        for (s, ts) in sentences.iter().zip(tags) {
            for (tok, &t) in s.iter().zip(ts) {
                let c = counts.entry(stem(&normalize(tok))).or_default();
                c[0] = c[0].saturating_add(1);
                if t != 0 {
                    let k = t.div_ceil(2);
                    c[k] = c[k].saturating_add(1);
                }
            }
        }
        DocInfo { counts }
    }
}

const DOC_TYPES: [&str; 5] = ["", "PER", "ORG", "LOC", "MISC"];

/// Hashed features of every token of a sentence, with document context when given.
pub fn sentence_features_in_doc(
    tokens: &[&str],
    set: FeatureSet,
    dict: &Dict,
    doc: Option<&DocInfo>,
) -> Vec<Vec<u64>> {
    let f = forms(tokens, set);
    let n = tokens.len();
    fn get(v: &[String], i: isize) -> &str {
        if i < 0 {
            "<S>"
        } else if i as usize >= v.len() {
            "</S>"
        } else {
            &v[i as usize]
        }
    }
    // Phrase-dictionary marks: (position code, tag, level) per token.
    let mut pmarks: Vec<Option<(&'static str, u8, &'static str)>> = Vec::new();
    if set.pdict && !dict.firsts.is_empty() {
        pmarks = vec![None; n];
        let mut i = 0;
        while i < n {
            let mut hit = None;
            if dict.firsts.contains(&f.stem[i]) {
                let mut key = f.stem[i].clone();
                for end in i + 2..=(i + 5).min(n) {
                    key.push(' ');
                    key.push_str(&f.stem[end - 1]);
                    if let Some(e) = dict.get(&key) {
                        hit = Some((end, e));
                    }
                }
            }
            match hit {
                Some((end, e)) => {
                    let level = match e.share {
                        0..=63 => "lo",
                        64..=159 => "mid",
                        _ => "hi",
                    };
                    for j in i..end {
                        let pos = if j == i {
                            "B"
                        } else if j + 1 == end {
                            "E"
                        } else {
                            "I"
                        };
                        pmarks[j] = Some((pos, e.tag, level));
                    }
                    i = end;
                }
                None => i += 1,
            }
        }
    }
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let ii = i as isize;
        let mut fs = Vec::with_capacity(48);
        let w = tokens[i];
        let nw = &f.norm[i];
        let st = &f.stem[i];
        // Bias first, then the word-identity features (training's dropout relies on this order).
        identity_features(w, nw, st, set, &mut fs);
        if set.stems {
            fs.push(fh(5, get(&f.stem, ii - 1)));
            fs.push(fh(6, get(&f.stem, ii + 1)));
        }
        form_features(nw, st, set, &mut fs);
        if set.affix4 {
            let slen = st.chars().count();
            for k in 1..=4 {
                if slen > k {
                    let pre = st.char_indices().nth(k).map_or(st.len(), |(b, _)| b);
                    fs.push(fh(35 + k as u8, &st[..pre]));
                }
            }
            let nlen = nw.chars().count();
            if nlen > 4 {
                let suf = nw.char_indices().nth_back(3).map_or(0, |(b, _)| b);
                fs.push(fh(24, &nw[suf..]));
            }
            if slen > 4 {
                let suf = st.char_indices().nth_back(3).map_or(0, |(b, _)| b);
                fs.push(fh(34, &st[suf..]));
            }
        }
        if set.stem2 {
            fs.push(fh(8, get(&f.stem, ii - 2)));
            fs.push(fh(9, get(&f.stem, ii + 2)));
        }
        if set.context {
            let p1 = get(&f.norm, ii - 1);
            let p2 = get(&f.norm, ii - 2);
            let n1 = get(&f.norm, ii + 1);
            let n2 = get(&f.norm, ii + 2);
            fs.push(fh(40, p1));
            fs.push(fh(41, p2));
            fs.push(fh(42, n1));
            fs.push(fh(43, n2));
            if set.bigrams {
                fs.push(fh2(44, p1, nw));
                fs.push(fh2(45, nw, n1));
                fs.push(fh2(46, p2, p1));
            }
        }
        if set.doc
            && let Some(doc) = doc
        {
            for (off, code) in [(-1isize, 90u8), (0, 91), (1, 92)] {
                let j = ii + off;
                if j < 0 || j as usize >= n {
                    continue;
                }
                if let Some(c) = doc.counts.get(&f.stem[j as usize]) {
                    for k in 1..5 {
                        if c[k] > 0 {
                            let share = if c[k] * 2 >= c[0] { "most" } else { "some" };
                            fs.push(fh2(code, DOC_TYPES[k], share));
                        }
                    }
                }
            }
        }
        if set.chargrams {
            let sc: Vec<char> = st.chars().collect();
            for w in sc.windows(3) {
                fs.push(fh(47, &w.iter().collect::<String>()));
            }
        }
        if set.dict {
            for (off, code) in [(-1isize, 80u8), (0, 81), (1, 82)] {
                let j = ii + off;
                if j < 0 || j as usize >= n {
                    continue;
                }
                if let Some(e) = dict.get(&f.stem[j as usize]) {
                    let tag = TAG_NAMES[usize::from(e.tag)];
                    let level = match e.share {
                        0..=63 => "lo",
                        64..=159 => "mid",
                        _ => "hi",
                    };
                    fs.push(fh2(code, tag, level));
                    if off == 0 {
                        fs.push(fh2(83, tag, if e.count >= 3 { "freq" } else { "rare" }));
                    }
                }
            }
        }
        if let Some(&Some((pos, tag, level))) = pmarks.get(i) {
            let tag = TAG_NAMES[usize::from(tag)];
            fs.push(fh2(84, pos, tag));
            fs.push(fh2(85, tag, level));
        }
        if set.gazetteer {
            for (off, code) in [(-2isize, 50u8), (-1, 51), (0, 52), (1, 53), (2, 54)] {
                let j = ii + off;
                if j < 0 || j as usize >= n {
                    continue;
                }
                for k in &f.kinds[j as usize] {
                    fs.push(fh(code, k.code()));
                }
                if off.abs() <= 1 {
                    for p in &f.phrase[j as usize] {
                        fs.push(fh(code + 10, p));
                    }
                }
            }
            if set.trigwin {
                for j in i.saturating_sub(3)..i {
                    for k in &f.kinds[j] {
                        if matches!(
                            k,
                            GazKind::PerTrigger | GazKind::OrgTrigger | GazKind::LocTrigger
                        ) {
                            fs.push(fh(55, k.code()));
                        }
                    }
                }
                let prev: &[GazKind] = if i > 0 { &f.kinds[i - 1] } else { &[] };
                let cur = &f.kinds[i];
                for a in prev {
                    for b in cur {
                        fs.push(fh2(56, a.code(), b.code()));
                    }
                    if cur.is_empty() {
                        fs.push(fh2(56, a.code(), "-"));
                    }
                }
                if prev.is_empty() {
                    for b in cur {
                        fs.push(fh2(56, "-", b.code()));
                    }
                }
            }
            // Name-part patterns: family markers and nisba endings.
            if is_family_marker_before(get(&f.norm, ii - 1)) {
                fs.push(fh(70, "after-family-marker"));
            }
            fs.extend(name_part_features(nw));
        }
        out.push(fs);
    }
    out
}
