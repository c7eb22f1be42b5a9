//! Named entities of an article: run the recogniser over each block, then link mentions into
//! entities by normalised form, clitic-stripped form, the alias table (`assets/ner/aliases.txt`)
//! and, for people, last-name matching (ستولتنبرغ → ينس ستولتنبرغ). An entity's name is its
//! fullest form; each distinct surface string is listed once, at its first location.

#![allow(clippy::needless_range_loop)] // index loops over parallel arrays read clearer here

use std::collections::HashMap;
use std::sync::OnceLock;

use super::gazetteer::{GazKind, Gazetteer};
use super::ner::{
    self, tags,
    tokenize::{Token, tokenize},
};
use super::normalize::{normalize, proclitic_readings};
use super::{Entity, EntityType, Mention};

/// A recognised span before linking.
#[derive(Debug, Clone)]
struct Span {
    kind: EntityType,
    mention: Mention,
    /// Normalised words with the first word's proclitics removed (most likely reading).
    bare: Vec<String>,
}

/// Find the named entities in an article's blocks (block index = [`Mention::paragraph`],
/// offsets in code points, surface text including attached proclitics).
pub fn recognize(blocks: &[&str]) -> Vec<Entity> {
    link(article_spans(blocks))
}

fn is_sentence_end(t: &str) -> bool {
    matches!(t, "." | "!" | "?" | "؟" | "…")
}

/// Tag every block's sentences as one document and collect the tagged spans.
fn article_spans(blocks: &[&str]) -> Vec<Span> {
    // (block index, token range) of each sentence.
    let toks: Vec<Vec<Token<'_>>> = blocks.iter().map(|b| tokenize(b)).collect();
    let mut sents: Vec<(usize, usize, usize)> = Vec::new();
    for (bi, ts) in toks.iter().enumerate() {
        let mut s = 0;
        while s < ts.len() {
            let mut e = s;
            while e < ts.len() && !is_sentence_end(ts[e].text) {
                e += 1;
            }
            let e = (e + 1).min(ts.len());
            sents.push((bi, s, e));
            s = e;
        }
    }
    let words: Vec<Vec<&str>> = sents
        .iter()
        .map(|&(bi, s, e)| toks[bi][s..e].iter().map(|t| t.text).collect())
        .collect();
    let tagged_all = ner::tag_document_with(ner::shipped_model(), &words);
    let mut out = Vec::new();
    for (&(bi, s, _), tagged) in sents.iter().zip(&tagged_all) {
        let block = blocks[bi];
        let toks = &toks[bi];
        let mut i = 0;
        while i < tagged.len() {
            let t = tagged[i];
            let Some(kind) = tags::entity_type(t) else {
                i += 1;
                continue;
            };
            let mut j = i + 1;
            while j < tagged.len() && tagged[j] != 0 && !tags::is_begin(tagged[j]) {
                j += 1;
            }
            let (a, b) = (toks[s + i].start, toks[s + j - 1].end);
            let text: String = block.chars().skip(a).take(b - a).collect();
            if let Some(span) = make_span(bi, a, b, text, kind) {
                out.push(span);
            }
            i = j;
        }
    }
    out
}

fn make_span(bi: usize, a: usize, b: usize, text: String, kind: EntityType) -> Option<Span> {
    let norm = normalize(&text);
    let letters = norm.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 {
        return None;
    }
    let mut words: Vec<String> = norm.split_whitespace().map(str::to_string).collect();
    if let Some(first) = words.first_mut() {
        *first = strip_proclitics(first);
    }
    Some(Span {
        kind,
        mention: Mention {
            text,
            paragraph: bi,
            start: a,
            end: b,
        },
        bare: words,
    })
}

/// The most likely bare form of a normalised word: proclitics removed when what is left starts
/// with ال (بالرياض → الرياض, للحلف → الحلف) or is a listed name (بموسكو → موسكو).
pub fn strip_proclitics(word: &str) -> String {
    let g = Gazetteer::get();
    let readings = proclitic_readings(word);
    for r in readings.iter().skip(1) {
        if r.starts_with("ال") && r.chars().count() >= 4 {
            return r.clone();
        }
    }
    if !g.word_kinds(word).is_empty() {
        for r in readings.iter().skip(1) {
            if [GazKind::Loc, GazKind::Org, GazKind::Given]
                .iter()
                .any(|&k| g.contains(r, k))
                && !g.contains(word, GazKind::Loc)
                && !g.contains(word, GazKind::Given)
            {
                return r.clone();
            }
        }
    }
    word.to_string()
}

/// Alias table: normalised name → alias-group id.
fn aliases() -> &'static HashMap<String, usize> {
    static A: OnceLock<HashMap<String, usize>> = OnceLock::new();
    A.get_or_init(|| {
        let mut m = HashMap::new();
        for (id, line) in include_str!("../../assets/ner/aliases.txt")
            .lines()
            .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
            .enumerate()
        {
            for name in line.split(" = ") {
                let key = normalize(name.trim())
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                m.entry(key).or_insert(id);
            }
        }
        m
    })
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[rb.max(ra)] = rb.min(ra);
    }
}

/// All readings of a span's words: every proclitic reading of the first word with the rest.
fn readings(span: &Span) -> Vec<String> {
    let norm = normalize(&span.mention.text);
    let words: Vec<&str> = norm.split_whitespace().collect();
    let Some((first, rest)) = words.split_first() else {
        return Vec::new();
    };
    let rest = rest.join(" ");
    proclitic_readings(first)
        .into_iter()
        .map(|r| {
            if rest.is_empty() {
                r
            } else {
                format!("{r} {rest}")
            }
        })
        .collect()
}

fn link(spans: Vec<Span>) -> Vec<Entity> {
    let n = spans.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let bare: Vec<String> = spans.iter().map(|s| s.bare.join(" ")).collect();
    // 1. Same bare form.
    let mut by_bare: HashMap<&str, usize> = HashMap::new();
    for (i, b) in bare.iter().enumerate() {
        if let Some(&j) = by_bare.get(b.as_str()) {
            union(&mut parent, i, j);
        } else {
            by_bare.insert(b, i);
        }
    }
    // 2. Any reading of one equals the bare form of another; alias groups.
    let alias = aliases();
    let mut by_alias: HashMap<usize, usize> = HashMap::new();
    for i in 0..n {
        for r in readings(&spans[i]) {
            if let Some(&j) = by_bare.get(r.as_str()) {
                union(&mut parent, i, j);
            }
            if let Some(&g) = alias.get(&r) {
                match by_alias.get(&g) {
                    Some(&j) => union(&mut parent, i, j),
                    None => {
                        by_alias.insert(g, i);
                    }
                }
                break;
            }
        }
    }
    // 3. People: a shorter name that is the end of a longer one (ستولتنبرغ → ينس ستولتنبرغ).
    let per: Vec<usize> = (0..n)
        .filter(|&i| spans[i].kind == EntityType::PER)
        .collect();
    for &i in &per {
        let wi = &spans[i].bare;
        let mut best: Option<usize> = None;
        for &j in &per {
            let wj = &spans[j].bare;
            if wj.len() > wi.len() && wj[wj.len() - wi.len()..] == wi[..] {
                best = match best {
                    Some(b) if spans[b].bare.len() >= wj.len() => Some(b),
                    _ => Some(j),
                };
            }
        }
        if let Some(j) = best {
            union(&mut parent, i, j);
        }
    }
    // Group.
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut slot: HashMap<usize, usize> = HashMap::new();
    for i in 0..n {
        let r = find(&mut parent, i);
        let k = *slot.entry(r).or_insert_with(|| {
            groups.push((r, Vec::new()));
            groups.len() - 1
        });
        groups[k].1.push(i);
    }
    let mut out = Vec::new();
    for (_, members) in groups {
        let mut votes: HashMap<EntityType, usize> = HashMap::new();
        for &i in &members {
            *votes.entry(spans[i].kind).or_default() += 1 + spans[i].bare.len();
        }
        let kind = votes
            .into_iter()
            .max_by_key(|&(k, v)| (v, std::cmp::Reverse(k)))
            .map_or(EntityType::MISC, |(k, _)| k);
        let mut mentions: Vec<Mention> = Vec::new();
        for &i in &members {
            if !mentions.iter().any(|m| m.text == spans[i].mention.text) {
                mentions.push(spans[i].mention.clone());
            }
        }
        let name = members
            .iter()
            .max_by_key(|&&i| {
                (
                    spans[i].bare.len(),
                    std::cmp::Reverse(usize::from(normalize(&spans[i].mention.text) != bare[i])),
                    spans[i].mention.text.chars().count(),
                )
            })
            .map(|&i| display_name(&spans[i]))
            .unwrap_or_default();
        out.push(Entity {
            name,
            kind,
            mentions,
        });
    }
    out
}

/// The surface text with the proclitics that [`strip_proclitics`] removed taken off.
fn display_name(span: &Span) -> String {
    let text = &span.mention.text;
    let norm_first = text
        .split_whitespace()
        .next()
        .map(normalize)
        .unwrap_or_default();
    let bare_first = span.bare.first().cloned().unwrap_or_default();
    if norm_first == bare_first {
        return text.clone();
    }
    // لل → ال: the bare form gained an alef.
    let cut = norm_first.chars().count() as isize - bare_first.chars().count() as isize;
    let mut chars = text.chars();
    if norm_first.starts_with("لل") && bare_first.starts_with("ال") && cut == 1 {
        // drop the first ل only and write ال
        chars.next();
        chars.next();
        return format!("ال{}", chars.as_str());
    }
    let mut dropped = 0;
    while dropped < cut {
        match chars.next() {
            Some(c) if super::normalize::fold_char(c).is_some() => dropped += 1,
            Some(_) => {}
            None => break,
        }
    }
    chars.as_str().to_string()
}
