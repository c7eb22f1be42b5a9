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
    /// A city, country or region from the large world lists (GeoNames, CLDR): a feature for the
    /// tagger only, never forced on the text.
    Place,
    /// A family name or surname (a person-name part after the given name).
    Surname,
    /// Another kind of name: currencies, religions, prizes, tournaments, wars (a feature only).
    Misc,
    /// A currency (دولار، يورو، ريال): a feature for the tagger; not an entity the reader lists.
    Currency,
    /// An ordinary Arabic word (noun, verb or particle) from a spelling dictionary.
    Vocab,
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
            GazKind::Place => "PLC",
            GazKind::Surname => "SUR",
            GazKind::Vocab => "VOC",
            GazKind::Misc => "MSC",
            GazKind::Currency => "CUR",
        }
    }
}

/// All lists, indexed by normalised (space-joined) entry.
#[derive(Debug, Default)]
pub struct Gazetteer {
    /// Kinds of each entry, as a set of bits (bit `k as u16`).
    entries: FxHashMap<Box<str>, u16>,
    /// First words of multi-word entries.
    first_words: FxHashSet<Box<str>>,
    max_words: usize,
    /// The ordinary-vocabulary list (100k words), kept apart and compact: the sorted hashes of
    /// its normalised words.
    vocab: Vec<u64>,
}

/// Every kind, in the order of their bits (declaration order).
const KINDS: [GazKind; 12] = [
    GazKind::Loc,
    GazKind::Org,
    GazKind::Given,
    GazKind::Per,
    GazKind::PerTrigger,
    GazKind::OrgTrigger,
    GazKind::LocTrigger,
    GazKind::Place,
    GazKind::Surname,
    GazKind::Misc,
    GazKind::Currency,
    GazKind::Vocab,
];

fn bit(kind: GazKind) -> u16 {
    1 << (kind as u16)
}

fn vocab_hash(word: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(word)
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
    (GazKind::Place, include_str!("../../assets/ner/places.txt")),
    (
        GazKind::Surname,
        include_str!("../../assets/ner/surnames.txt"),
    ),
    (GazKind::Vocab, include_str!("../../assets/ner/vocab.txt")),
    (GazKind::Misc, include_str!("../../assets/ner/misc.txt")),
    (
        GazKind::Currency,
        include_str!("../../assets/ner/currencies.txt"),
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
                if *kind == GazKind::Vocab {
                    g.vocab.push(vocab_hash(&key));
                    continue;
                }
                g.max_words = g.max_words.max(key.split(' ').count());
                if let Some((first, _)) = key.split_once(' ') {
                    g.first_words.insert(first.into());
                }
                *g.entries.entry(key.into()).or_default() |= bit(*kind);
            }
        }
        g.vocab.sort_unstable();
        g.vocab.dedup();
        g
    }

    fn in_vocab(&self, norm_word: &str) -> bool {
        self.vocab.binary_search(&vocab_hash(norm_word)).is_ok()
    }

    /// Kinds of a single normalised word (trying its proclitic readings).
    pub fn word_kinds(&self, norm_word: &str) -> Vec<GazKind> {
        let mut out = Vec::new();
        let mut vocab = false;
        let mut add = |r: &str| {
            if let Some(&bits) = self.entries.get(r) {
                for k in KINDS {
                    if bits & bit(k) != 0 && !out.contains(&k) {
                        out.push(k);
                    }
                }
            }
            vocab = vocab || self.in_vocab(r);
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
        if vocab {
            out.push(GazKind::Vocab);
        }
        out
    }

    /// Whether the normalised phrase (words separated by single spaces) is listed as `kind`.
    pub fn contains(&self, norm_phrase: &str, kind: GazKind) -> bool {
        if kind == GazKind::Vocab {
            return self.in_vocab(norm_phrase);
        }
        self.entries
            .get(norm_phrase)
            .is_some_and(|&bits| bits & bit(kind) != 0)
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

    /// The longest Loc/Org/Per/Place match starting at token `i` (at equal length, the kind
    /// listed first).
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
                if let Some(&bits) = self.entries.get(key.as_str()) {
                    for kind in KINDS.into_iter().filter(|&k| bits & bit(k) != 0) {
                        if matches!(
                            kind,
                            GazKind::Loc
                                | GazKind::Org
                                | GazKind::Per
                                | GazKind::Place
                                | GazKind::Misc
                        ) && best.is_none_or(|b| end > b.end)
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
