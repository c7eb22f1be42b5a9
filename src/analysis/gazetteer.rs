//! Gazetteers shipped in `assets/ner/`: places, organisations, person-name parts and trigger
//! words. Entries are stored normalised ([`normalize`]); multi-word entries are matched over
//! token sequences, with the proclitics of the first token taken as optional.
//! Sources and licences of every list are in `assets/ner/SOURCES.md`.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::normalize::{for_each_proclitic_reading, normalize};

/// What a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GazKind {
    /// Country, capital, city or region.
    Loc,
    /// International or well-known organisation.
    Org,
    /// A given name (person-name part).
    Given,
    /// A well-known person's name or surname.
    Per,
    /// Title or word that precedes a person's name (الرئيس، الوزير).
    PerTrigger,
    /// Word that opens an organisation name (شركة، جامعة، وزارة).
    OrgTrigger,
    /// Word that opens a place name (مدينة، محافظة، نهر).
    LocTrigger,
}

impl GazKind {
    /// Short stable name, used in feature strings.
    pub fn code(self) -> &'static str {
        match self {
            GazKind::Loc => "LOC",
            GazKind::Org => "ORG",
            GazKind::Given => "GIV",
            GazKind::Per => "PER",
            GazKind::PerTrigger => "TP",
            GazKind::OrgTrigger => "TO",
            GazKind::LocTrigger => "TL",
        }
    }
}

/// All lists, indexed by normalised (space-joined) entry.
#[derive(Debug, Default)]
pub struct Gazetteer {
    entries: FxHashMap<String, Vec<GazKind>>,
    /// First words of multi-word entries.
    first_words: FxHashSet<String>,
    max_words: usize,
}

/// A gazetteer match over tokens `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GazMatch {
    pub start: usize,
    pub end: usize,
    pub kind: GazKind,
}

const LISTS: &[(GazKind, &str)] = &[
    (GazKind::Loc, include_str!("../../assets/ner/loc.txt")),
    (GazKind::Org, include_str!("../../assets/ner/org.txt")),
    (
        GazKind::Given,
        include_str!("../../assets/ner/given_names.txt"),
    ),
    (GazKind::Per, include_str!("../../assets/ner/persons.txt")),
    (
        GazKind::PerTrigger,
        include_str!("../../assets/ner/trigger_per.txt"),
    ),
    (
        GazKind::OrgTrigger,
        include_str!("../../assets/ner/trigger_org.txt"),
    ),
    (
        GazKind::LocTrigger,
        include_str!("../../assets/ner/trigger_loc.txt"),
    ),
];

impl Gazetteer {
    /// The shipped gazetteer, built once.
    pub fn get() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(Gazetteer::build)
    }

    fn build() -> Gazetteer {
        let mut g = Gazetteer::default();
        for (kind, text) in LISTS {
            for line in text.lines() {
                let line = line.split('#').next().unwrap_or("").trim();
                if line.is_empty() {
                    continue;
                }
                let key = normalize(line)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                g.max_words = g.max_words.max(key.split(' ').count());
                if let Some((first, _)) = key.split_once(' ') {
                    g.first_words.insert(first.to_string());
                }
                let kinds = g.entries.entry(key).or_default();
                if !kinds.contains(kind) {
                    kinds.push(*kind);
                }
            }
        }
        g
    }

    /// Kinds of a single normalised word (trying its proclitic readings).
    pub fn word_kinds(&self, norm_word: &str) -> Vec<GazKind> {
        let mut out = Vec::new();
        let mut add = |r: &str| {
            if let Some(k) = self.entries.get(r) {
                for &k in k {
                    if !out.contains(&k) {
                        out.push(k);
                    }
                }
            }
        };
        // The proclitic readings, then each of them without ال (always a suffix of the word).
        let mut without_al: Vec<&str> = Vec::new();
        for_each_proclitic_reading(norm_word, |r| {
            add(r);
            if let Some(rest) = r.strip_prefix("ال")
                && rest.chars().nth(1).is_some()
                && norm_word.ends_with(rest)
            {
                without_al.push(&norm_word[norm_word.len() - rest.len()..]);
            }
        });
        for r in without_al {
            add(r);
        }
        out
    }

    /// Whether the normalised phrase (words separated by single spaces) is listed as `kind`.
    pub fn contains(&self, norm_phrase: &str, kind: GazKind) -> bool {
        self.entries
            .get(norm_phrase)
            .is_some_and(|k| k.contains(&kind))
    }

    /// Longest Loc/Org/Per matches over normalised tokens, starting at every position.
    pub fn phrase_matches<S: AsRef<str>>(&self, norm_tokens: &[S]) -> Vec<GazMatch> {
        (0..norm_tokens.len())
            .filter_map(|i| self.phrase_match_at(norm_tokens, i))
            .collect()
    }

    /// Whether a match can start at this normalised word (some reading of it is listed or
    /// opens a listed phrase); [`Gazetteer::phrase_match_at`] is `None` otherwise.
    pub fn may_start(&self, norm_word: &str) -> bool {
        let mut found = false;
        for_each_proclitic_reading(norm_word, |r| {
            found = found || self.first_words.contains(r) || self.entries.contains_key(r);
        });
        found
    }

    /// The longest Loc/Org/Per match starting at token `i`.
    pub fn phrase_match_at<S: AsRef<str>>(&self, norm_tokens: &[S], i: usize) -> Option<GazMatch> {
        let n = norm_tokens.len();
        let mut best: Option<GazMatch> = None;
        for_each_proclitic_reading(norm_tokens[i].as_ref(), |first| {
            let multi = self.first_words.contains(first);
            if !multi && !self.entries.contains_key(first) {
                return;
            }
            let mut key = first.to_string();
            let last = if multi {
                (i + self.max_words).min(n)
            } else {
                i + 1
            };
            for end in i + 1..=last {
                if end > i + 1 {
                    key.push(' ');
                    key.push_str(norm_tokens[end - 1].as_ref());
                }
                if let Some(kinds) = self.entries.get(&key) {
                    for &kind in kinds {
                        if matches!(kind, GazKind::Loc | GazKind::Org | GazKind::Per)
                            && best.is_none_or(|b| end > b.end)
                        {
                            best = Some(GazMatch {
                                start: i,
                                end,
                                kind,
                            });
                        }
                    }
                }
            }
        });
        best
    }
}
