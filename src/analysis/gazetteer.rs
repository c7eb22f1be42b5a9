//! Gazetteers shipped in `assets/ner/`: places, organisations, person-name parts and trigger
//! words. Entries are stored normalised ([`normalize`]); multi-word entries are matched over
//! token sequences, with the proclitics of the first token taken as optional.
//! Sources and licences of every list are in `assets/ner/SOURCES.md`.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::normalize::{for_each_proclitic_reading, normalize, normalize_cow};

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
    /// The ordinary-vocabulary list (100k words), kept apart and compact: the hashes of its
    /// normalised words.
    vocab: FxHashSet<u64>,
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

/// The kinds [`Gazetteer::phrase_match_at`] reports.
const PHRASE_KINDS: u16 = (1 << GazKind::Loc as u16)
    | (1 << GazKind::Org as u16)
    | (1 << GazKind::Per as u16)
    | (1 << GazKind::Place as u16)
    | (1 << GazKind::Misc as u16);

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

    /// Build the shipped lists afresh (what [`Gazetteer::get`] does once per process).
    pub fn build() -> Gazetteer {
        let mut g = Gazetteer::default();
        for (kind, text) in LISTS {
            for line in text.lines() {
                let line = line.split('#').next().unwrap_or("").trim();
                if line.is_empty() {
                    continue;
                }
                if *kind == GazKind::Vocab {
                    g.vocab.insert(vocab_hash(&normalize_cow(line)));
                    continue;
                }
                let key = normalize(line)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                g.max_words = g.max_words.max(key.split(' ').count());
                if let Some((first, _)) = key.split_once(' ') {
                    g.first_words.insert(first.into());
                }
                *g.entries.entry(key.into()).or_default() |= bit(*kind);
            }
        }
        g
    }

    /// Number of entries (phrases and vocabulary words).
    pub fn len(&self) -> usize {
        self.entries.len() + self.vocab.len()
    }

    /// Whether no list was loaded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn in_vocab(&self, norm_word: &str) -> bool {
        self.vocab.contains(&vocab_hash(norm_word))
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

    /// Where matches can start at this normalised word: the kind of its one-word match
    /// ([`Gazetteer::phrase_match_at`] of it alone), and whether some reading of it opens a
    /// listed phrase of several words.
    pub fn match_start(&self, norm_word: &str) -> (Option<GazKind>, bool) {
        let mut single = None;
        let mut opens = false;
        for_each_proclitic_reading(norm_word, |r| {
            if single.is_none()
                && let Some(&bits) = self.entries.get(r)
                && bits & PHRASE_KINDS != 0
            {
                single = Some(KINDS[(bits & PHRASE_KINDS).trailing_zeros() as usize]);
            }
            opens = opens || self.first_words.contains(r);
        });
        (single, opens)
    }

    /// The longest Loc/Org/Per/Place match starting at token `i` (at equal length, the kind
    /// listed first).
    pub fn phrase_match_at<S: AsRef<str>>(&self, norm_tokens: &[S], i: usize) -> Option<GazMatch> {
        let n = norm_tokens.len();
        let mut best: Option<GazMatch> = None;
        let mut consider = |bits: u16, end: usize| {
            let bits = bits & PHRASE_KINDS;
            if bits != 0 && best.is_none_or(|b| end > b.end) {
                let kind = KINDS[bits.trailing_zeros() as usize];
                best = Some(GazMatch {
                    start: i,
                    end,
                    kind,
                });
            }
        };
        for_each_proclitic_reading(norm_tokens[i].as_ref(), |first| {
            if let Some(&bits) = self.entries.get(first) {
                consider(bits, i + 1);
            }
            if !self.first_words.contains(first) {
                return;
            }
            let mut key = first.to_string();
            for end in i + 2..=(i + self.max_words).min(n) {
                key.push(' ');
                key.push_str(norm_tokens[end - 1].as_ref());
                if let Some(&bits) = self.entries.get(key.as_str()) {
                    consider(bits, end);
                }
            }
        });
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_listed_in_the_order_of_their_bits() {
        for (i, k) in KINDS.iter().enumerate() {
            assert_eq!(*k as usize, i, "{k:?}");
        }
    }
}
