//! The library-wide index: entity → articles, speaker → quotes, normalised word → articles.
//!
//! Compact: strings are interned once, articles are `u32` positions in the library listing.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::analysis::normalize::{normalize, proclitic_readings};
use crate::analysis::{Analysis, EntityType};
use crate::article::Article;

/// A span in one article: block (0 = title), start and end in code points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub block: u32,
    pub start: u32,
    pub end: u32,
}

/// Every mention of one entity across the library.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EntityEntry {
    /// Display name (the first fullest form seen).
    pub name: String,
    pub kind: EntityType,
    /// `(article, number of mentions in that article)`, articles ascending. Where the mentions are
    /// is in that article's own analysis.
    pub articles: Vec<(u32, u32)>,
}

/// Every quote of one speaker across the library.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SpeakerEntry {
    pub name: String,
    /// `(article, index into that article's Analysis::quotes)`.
    pub quotes: Vec<(u32, u32)>,
}

/// The finished index.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Index {
    /// Normalised entity name → entry, sorted by key.
    pub entities: Vec<(String, EntityEntry)>,
    /// Normalised speaker name → entry, sorted by key.
    pub speakers: Vec<(String, SpeakerEntry)>,
    /// Normalised word (and its clitic-stripped readings) → term id.
    pub terms: HashMap<String, u32>,
    /// Term id `t` → articles containing it, ascending, as varint gaps in
    /// `postings[starts[t]..starts[t + 1]]` (see [`Index::posting`]).
    pub starts: Vec<u32>,
    pub postings: Vec<u8>,
    /// Quotes per article (`u32::MAX` for an article that could not be read).
    #[serde(default)]
    pub quote_counts: Vec<u32>,
}

/// Split a block into words: `(start, end)` in code points and the word text.
pub fn words(block: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<(usize, usize)> = None; // (char index, byte index)
    let mut ci = 0;
    for (bi, c) in block.char_indices() {
        let word_char =
            c.is_alphanumeric() || crate::analysis::normalize::is_harakah(c) || c == '\u{0640}';
        match (word_char, start) {
            (true, None) => start = Some((ci, bi)),
            (false, Some((sc, sb))) => {
                out.push((sc, ci, &block[sb..bi]));
                start = None;
            }
            _ => {}
        }
        ci += 1;
    }
    if let Some((sc, sb)) = start {
        out.push((sc, ci, &block[sb..]));
    }
    out
}

/// What one article contributes to the index (built on worker threads, merged later).
#[derive(Debug, Default)]
pub struct ArticleFacts {
    pub article: u32,
    pub words: Vec<String>,
    pub analysis: Analysis,
}

impl ArticleFacts {
    /// Collect an article's distinct normalised words (as written: clitic forms are expanded at
    /// query time, see [`clitic_forms`]) and take its analysis.
    pub fn new(article: u32, art: &Article, analysis: Analysis) -> Self {
        let mut set = std::collections::HashSet::new();
        for block in art.blocks() {
            for (_, _, w) in words(block) {
                let n = normalize(w);
                if !n.is_empty() {
                    set.insert(n);
                }
            }
        }
        let mut words: Vec<String> = set.into_iter().collect();
        words.sort_unstable();
        Self {
            article,
            words,
            analysis,
        }
    }
}

/// Accumulates [`ArticleFacts`] into an [`Index`].
#[derive(Debug, Default)]
pub struct IndexBuilder {
    entities: HashMap<String, EntityEntry>,
    speakers: HashMap<String, SpeakerEntry>,
    terms: HashMap<String, u32>,
    /// Per term: articles as varint gaps (compact while building), and the last article added.
    postings: Vec<(Vec<u8>, u32)>,
    /// (term, article) pairs that arrived after a later article of the same term.
    late: Vec<(u32, u32)>,
    quote_counts: Vec<(u32, u32)>,
}

/// Append `n` as a varint (7 bits a byte, high bit: more follows).
fn push_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Decode a list of varint gaps (the first is the first article + 1).
fn gaps(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let mut i = 0;
    let mut last = 0u32;
    std::iter::from_fn(move || {
        let (mut n, mut shift) = (0u32, 0);
        loop {
            let b = *bytes.get(i)?;
            i += 1;
            n |= u32::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
            shift += 7;
            if b < 0x80 {
                break;
            }
        }
        last = last.wrapping_add(n);
        Some(last.wrapping_sub(1))
    })
}

impl IndexBuilder {
    /// Add one article's facts (any order; lists are sorted in [`IndexBuilder::finish`]).
    pub fn add(&mut self, facts: ArticleFacts) {
        let a = facts.article;
        let quotes = u32::try_from(facts.analysis.quotes.len()).unwrap_or(u32::MAX - 1);
        self.quote_counts.push((a, quotes));
        for w in facts.words {
            let next = self.postings.len() as u32;
            let id = *self.terms.entry(w).or_insert(next);
            if id == next {
                self.postings.push((Vec::new(), 0));
            }
            if let Some((list, last)) = self.postings.get_mut(id as usize) {
                // `last` is the last article + 1 (0: none yet).
                if a >= *last {
                    push_varint(list, a + 1 - *last);
                    *last = a + 1;
                } else {
                    self.late.push((id, a));
                }
            }
        }
        for e in facts.analysis.entities {
            let key = normalize(&e.name);
            let entry = self.entities.entry(key).or_insert_with(|| EntityEntry {
                name: e.name.clone(),
                kind: e.kind,
                articles: Vec::new(),
            });
            let mentions = u32::try_from(e.mentions.len()).unwrap_or(u32::MAX);
            entry.articles.push((a, mentions));
        }
        for (qi, q) in facts.analysis.quotes.iter().enumerate() {
            if let Some(s) = &q.speaker {
                let entry = self
                    .speakers
                    .entry(normalize(s))
                    .or_insert_with(|| SpeakerEntry {
                        name: s.clone(),
                        quotes: Vec::new(),
                    });
                entry.quotes.push((a, qi as u32));
            }
        }
    }

    /// Sort everything and produce the index of a library of `articles` articles.
    pub fn finish(self, articles: usize) -> Index {
        let mut quote_counts = vec![u32::MAX; articles];
        for (a, n) in self.quote_counts {
            if let Some(slot) = quote_counts.get_mut(a as usize) {
                *slot = n;
            }
        }
        // One flat array of varint gaps: no per-term vector headers or spare capacity.
        let mut late = self.late;
        late.sort_unstable();
        let mut late = late.into_iter().peekable();
        let mut starts = Vec::with_capacity(self.postings.len() + 1);
        let mut postings = Vec::with_capacity(self.postings.iter().map(|p| p.0.len()).sum());
        for (t, (list, _)) in self.postings.into_iter().enumerate() {
            starts.push(postings.len() as u32);
            let mut extra = Vec::new();
            while let Some((_, a)) = late.next_if(|(lt, _)| *lt as usize == t) {
                extra.push(a);
            }
            if extra.is_empty() {
                postings.extend_from_slice(&list);
                continue;
            }
            let mut all: Vec<u32> = gaps(&list).chain(extra).collect();
            all.sort_unstable();
            all.dedup();
            let mut prev = 0;
            for a in all {
                push_varint(&mut postings, a + 1 - prev);
                prev = a + 1;
            }
        }
        starts.push(postings.len() as u32);
        let mut entities: Vec<_> = self.entities.into_iter().collect();
        for (_, e) in &mut entities {
            e.articles.sort_by_key(|(a, _)| *a);
        }
        entities.sort_by(|a, b| a.0.cmp(&b.0));
        let mut speakers: Vec<_> = self.speakers.into_iter().collect();
        for (_, s) in &mut speakers {
            s.quotes.sort_unstable();
        }
        speakers.sort_by(|a, b| a.0.cmp(&b.0));
        Index {
            entities,
            speakers,
            terms: self.terms,
            starts,
            postings,
            quote_counts,
        }
    }
}

impl Index {
    /// The articles containing term `t`, ascending.
    fn posting(&self, t: u32) -> Option<impl Iterator<Item = u32> + '_> {
        let t = t as usize;
        let (start, end) = (*self.starts.get(t)?, *self.starts.get(t + 1)?);
        Some(gaps(self.postings.get(start as usize..end as usize)?))
    }

    /// The entry for an entity name (any spelling that normalises the same).
    pub fn entity(&self, name: &str) -> Option<&EntityEntry> {
        let key = normalize(name);
        self.entities
            .binary_search_by(|(k, _)| k.as_str().cmp(&key))
            .ok()
            .and_then(|i| self.entities.get(i))
            .map(|(_, e)| e)
    }

    /// Entities ordered by how many articles mention them (most first), then by name.
    pub fn top_entities(&self) -> Vec<&EntityEntry> {
        let mut v: Vec<&EntityEntry> = self.entities.iter().map(|(_, e)| e).collect();
        v.sort_by(|a, b| {
            b.articles
                .len()
                .cmp(&a.articles.len())
                .then(a.name.cmp(&b.name))
        });
        v
    }

    /// Speakers ordered by number of quotes (most first), then by name.
    pub fn top_speakers(&self) -> Vec<&SpeakerEntry> {
        let mut v: Vec<&SpeakerEntry> = self.speakers.iter().map(|(_, s)| s).collect();
        v.sort_by(|a, b| {
            b.quotes
                .len()
                .cmp(&a.quotes.len())
                .then(a.name.cmp(&b.name))
        });
        v
    }

    /// Articles containing every word of `query` (normalised, clitic-tolerant), ascending.
    pub fn search_articles(&self, query: &str) -> Vec<u32> {
        let mut result: Option<Vec<u32>> = None;
        for (_, _, w) in words(query) {
            let n = normalize(w);
            if n.is_empty() {
                continue;
            }
            // Every written form with proclitics that reads as the query word; when the query word
            // itself carries a clitic and is found nowhere, its readings in turn.
            let mut hits: Vec<u32> = Vec::new();
            for r in proclitic_readings(&n) {
                for form in clitic_forms(&r) {
                    if let Some(p) = self.terms.get(&form).and_then(|&t| self.posting(t)) {
                        hits.extend(p);
                    }
                }
                if !hits.is_empty() {
                    break;
                }
            }
            hits.sort_unstable();
            hits.dedup();
            result = Some(match result {
                None => hits,
                Some(prev) => intersect(&prev, &hits),
            });
        }
        result.unwrap_or_default()
    }
}

fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        match x.cmp(&y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(x);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// Where the words of `query` occur in `art` (clitic-tolerant, normalised), in reading order.
pub fn find_in_article(art: &Article, query: &str) -> Vec<Span> {
    let wanted: Vec<String> = words(query)
        .into_iter()
        .map(|(_, _, w)| normalize(w))
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    let mut word = String::new();
    for (bi, block) in art.blocks().into_iter().enumerate() {
        for (s, e, w) in words(block) {
            word.clear();
            word.extend(w.chars().filter_map(crate::analysis::normalize::fold_char));
            // The word read with its proclitics off is a query word, or the other way round.
            if wanted
                .iter()
                .any(|q| is_reading(&word, q) || is_reading(q, &word))
            {
                out.push(Span {
                    block: bi as u32,
                    start: s as u32,
                    end: e as u32,
                });
            }
        }
    }
    out
}

/// The written forms `w` with `reading` among [`proclitic_readings`]`(w)`: the reading itself, with
/// و / ف and ب / ك / ل before it, and لل for ال.
pub fn clitic_forms(reading: &str) -> Vec<String> {
    let mut out = vec![reading.to_string()];
    let mut bases = Vec::new();
    if reading.chars().nth(1).is_some() {
        for p in ["ب", "ك", "ل"] {
            bases.push(format!("{p}{reading}"));
        }
        bases.push(reading.to_string());
    }
    if let Some(rest) = reading.strip_prefix("ال") {
        bases.push(format!("لل{rest}"));
    }
    for b in bases {
        for p in ["و", "ف"] {
            out.push(format!("{p}{b}"));
        }
        if b != reading {
            out.push(b);
        }
    }
    out
}

/// Whether `reading` is among [`proclitic_readings`] of `word`, without building them.
fn is_reading(word: &str, reading: &str) -> bool {
    if word == reading {
        return true;
    }
    let long_enough = reading.chars().nth(1).is_some();
    let stems = [
        Some(word),
        word.strip_prefix('و').or_else(|| word.strip_prefix('ف')),
    ];
    for (k, stem) in stems.into_iter().enumerate() {
        let Some(stem) = stem else { continue };
        if k == 1 && stem == reading && long_enough {
            return true;
        }
        if let Some(rest) = stem.strip_prefix("لل")
            && reading.strip_prefix("ال") == Some(rest)
        {
            return true;
        }
        if long_enough
            && ['ب', 'ك', 'ل']
                .into_iter()
                .any(|p| stem.strip_prefix(p) == Some(reading))
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_in_any_order_come_out_ascending() {
        let mut b = IndexBuilder::default();
        for a in [0u32, 2, 1, 300, 5, 70_000, 299, 2] {
            let art = Article {
                title: format!("كلمة{} مشتركة", a % 2),
                ..Default::default()
            };
            b.add(ArticleFacts::new(a, &art, Analysis::default()));
        }
        let index = b.finish(70_001);
        assert_eq!(
            index.search_articles("مشتركة"),
            [0, 1, 2, 5, 299, 300, 70_000]
        );
        assert_eq!(index.search_articles("كلمة1"), [1, 5, 299]);
    }

    #[test]
    fn clitic_forms_are_exactly_the_words_with_that_reading() {
        let candidates = [
            "روسيا",
            "وروسيا",
            "فروسيا",
            "بروسيا",
            "لروسيا",
            "كروسيا",
            "وبروسيا",
            "فلروسيا",
            "الحلف",
            "للحلف",
            "وللحلف",
            "فللحلف",
            "بالحلف",
            "حلف",
            "والحلف",
            "ب",
            "وب",
            "لب",
        ];
        for reading in ["روسيا", "الحلف", "ب"] {
            let forms = clitic_forms(reading);
            for w in candidates {
                assert_eq!(
                    forms.iter().any(|f| f == w),
                    proclitic_readings(w).iter().any(|r| r == reading),
                    "{w} / {reading}"
                );
            }
        }
    }

    #[test]
    fn is_reading_agrees_with_proclitic_readings() {
        let words = [
            "وروسيا",
            "بموسكو",
            "للحلف",
            "الحلف",
            "فبالحلف",
            "وللناتو",
            "ب",
            "وب",
            "لل",
            "كل",
            "وكل",
            "فلان",
            "ولل",
            "بك",
        ];
        for w in words {
            for r in words
                .iter()
                .chain(["روسيا", "موسكو", "الناتو", "حلف", "لان", "ك"].iter())
            {
                assert_eq!(
                    is_reading(w, r),
                    proclitic_readings(w).iter().any(|x| x == r),
                    "{w} / {r}"
                );
            }
        }
    }
}
