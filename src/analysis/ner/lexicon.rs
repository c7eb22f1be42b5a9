//! A memo of what the model needs to know about each distinct word, so that tagging costs a few
//! table reads per token instead of building and looking up some forty hashed features.
//!
//! Almost every feature of [`super::features`] depends on one word only: the token itself (its
//! form, normalised form, stem, affixes, shape, dictionary and gazetteer entries) or one
//! neighbour at a fixed offset (the previous word's stem, the next word's normalised form, …).
//! Their summed weights are therefore a property of the word and of its offset from the token
//! being scored, and are computed once per distinct word ([`WordInfo`]). What is left per
//! token is the three word bigrams and the gazetteer phrase marks.
//!
//! The sums equal [`Model::emissions`] over [`super::features::sentence_features`] up to float
//! rounding (a test compares them); feature groups this does not cover make
//! [`Lexicon::supports`] false, and callers then use the feature path.

use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rustc_hash::FxHashMap;

use super::features::{self, fh, fh_extend, stem};
use super::model::Model;
use super::tags::{N_TAGS, TAG_NAMES};
use crate::analysis::gazetteer::{GazKind, GazMatch, Gazetteer};
use crate::analysis::normalize::normalize;

/// Offsets of a word from the token being scored (see [`WordInfo::role`]).
const SELF: usize = 0;
const PREV1: usize = 1;
const PREV2: usize = 2;
const NEXT1: usize = 3;
const NEXT2: usize = 4;

/// Emission scores of one token.
pub type Scores = [f32; N_TAGS];

/// What the model knows about one distinct word.
#[derive(Debug, Clone)]
pub struct WordInfo {
    /// [`normalize`]d form.
    pub norm: Box<str>,
    /// [`stem`] of the normalised form when it differs from it.
    stem: Option<Box<str>>,
    /// The kind of this word's one-word gazetteer match, and whether it opens a listed phrase
    /// of several words ([`Gazetteer::match_start`]).
    gazetteer_single: Option<GazKind>,
    gazetteer_opens: bool,
    /// Summed weights of the word's features as the scored token.
    own: Scores,
    /// Summed weights as a neighbour at −1, −2, +1, +2; absent when all are zero (most rare
    /// words: the model knows none of their neighbour features), which keeps the memo small.
    neighbour: Option<Box<[Scores; 4]>>,
}

const ZERO: Scores = [0.0; N_TAGS];

impl WordInfo {
    /// [`stem`] of the normalised form.
    pub fn stem(&self) -> &str {
        self.stem.as_deref().unwrap_or(&self.norm)
    }

    /// Summed weights at an offset ([`SELF`], [`PREV1`], …).
    fn role(&self, role: usize) -> &Scores {
        match (role, &self.neighbour) {
            (SELF, _) => &self.own,
            (_, Some(n)) => &n[role - 1],
            (_, None) => &ZERO,
        }
    }
}

/// Words kept per generation by default: two generations of 32k words hold nearly every word
/// of a few megabytes of news (measured: analysis 1.3× as fast as with 16k), at about 12 MB
/// per thread.
const GENERATION_LIMIT: usize = 32_768;

/// The current words-per-generation limit ([`set_memo_words`]).
static MEMO_WORDS: AtomicUsize = AtomicUsize::new(GENERATION_LIMIT);

/// Set how many words each thread's memo keeps per generation (at most twice this in all), for
/// every lexicon from now on. A program that analyses in the background of something else (the
/// reader's library index) trades some speed for memory with a smaller figure.
pub fn set_memo_words(words: usize) {
    MEMO_WORDS.store(words.max(1), Ordering::Relaxed);
}

type WordMap = FxHashMap<Box<str>, Rc<WordInfo>>;

/// The memo: word → [`WordInfo`]. Two generations: when the current one is full it becomes the
/// old one, and words still in use are carried over on their next lookup; memory stays bounded
/// (about 2 × [`GENERATION_LIMIT`] words) while frequent words stay memoised.
/// One lexicon serves one model (its entries hold that model's weights).
#[derive(Debug, Default)]
pub struct Lexicon {
    current: WordMap,
    old: WordMap,
    /// Weights of the words beyond the sentence's ends, computed on first use.
    bounds: Option<Boundaries>,
}

/// Emission weights of words beyond the sentence's ends (`<S>`, `</S>`), per offset.
#[derive(Debug, Clone)]
struct Boundaries {
    roles: [Scores; 5],
    bigram_heads: [u64; 3],
}

impl Lexicon {
    /// Whether the memo can score `model` exactly (its feature groups are all covered).
    pub fn supports(model: &Model) -> bool {
        let f = model.features;
        !(f.chargrams || f.doc || f.affix4 || f.trigwin || f.stem2 || f.pdict)
            && model.stage2.is_none()
    }

    /// The memo entry of `word`, computed when it is new.
    fn get(&mut self, model: &Model, word: &str) -> Rc<WordInfo> {
        if let Some(w) = self.current.get(word) {
            return Rc::clone(w);
        }
        if self.current.len() >= MEMO_WORDS.load(Ordering::Relaxed) {
            self.old = std::mem::take(&mut self.current);
        }
        let info = match self.old.get(word) {
            Some(w) => Rc::clone(w),
            None => Rc::new(word_info(model, word)),
        };
        self.current.insert(word.into(), Rc::clone(&info));
        info
    }

    /// The memo entries of a sentence's tokens.
    pub fn words(&mut self, model: &Model, tokens: &[&str]) -> Vec<Rc<WordInfo>> {
        tokens.iter().map(|t| self.get(model, t)).collect()
    }

    /// Emission scores of every token of a sentence (what [`Model::emissions`] gives for
    /// [`features::sentence_features`]).
    pub fn sentence_emissions(&mut self, model: &Model, tokens: &[&str]) -> Vec<Scores> {
        let words = self.words(model, tokens);
        self.emissions(model, &words, &gazetteer_matches(&words))
    }

    /// Emission scores of every token of a sentence, from its memo entries and gazetteer
    /// matches.
    pub fn emissions(
        &mut self,
        model: &Model,
        words: &[Rc<WordInfo>],
        matches: &[GazMatch],
    ) -> Vec<Scores> {
        let bounds = self.bounds.get_or_insert_with(|| boundaries(model));
        emissions(model, bounds, words, matches)
    }
}

/// The gazetteer's phrase matches over a sentence's words ([`Gazetteer::phrase_matches`]).
pub fn gazetteer_matches(words: &[Rc<WordInfo>]) -> Vec<GazMatch> {
    let mut out = Vec::new();
    let mut norms: Vec<&str> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if w.gazetteer_opens {
            if norms.is_empty() {
                norms = words.iter().map(|w| &*w.norm).collect();
            }
            out.extend(Gazetteer::get().phrase_match_at(&norms, i));
        } else if let Some(kind) = w.gazetteer_single {
            out.push(GazMatch {
                start: i,
                end: i + 1,
                kind,
            });
        }
    }
    out
}

fn emissions(
    model: &Model,
    bounds: &Boundaries,
    words: &[Rc<WordInfo>],
    matches: &[GazMatch],
) -> Vec<Scores> {
    let set = model.features;
    let n = words.len();
    let phrases = if set.gazetteer {
        features::phrase_codes_of(matches, n, set)
    } else {
        vec![Vec::new(); n]
    };
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let w = &words[i];
        let mut em = *w.role(SELF);
        let mut add = |s: &Scores| {
            for (o, x) in em.iter_mut().zip(s) {
                *o += x;
            }
        };
        add(match i.checked_sub(1) {
            Some(j) => words[j].role(PREV1),
            None => &bounds.roles[PREV1],
        });
        add(match i.checked_sub(2) {
            Some(j) => words[j].role(PREV2),
            None => &bounds.roles[PREV2],
        });
        add(words
            .get(i + 1)
            .map_or(&bounds.roles[NEXT1], |w| w.role(NEXT1)));
        add(words
            .get(i + 2)
            .map_or(&bounds.roles[NEXT2], |w| w.role(NEXT2)));
        if set.context && set.bigrams {
            let p1 = i.checked_sub(1).map(|j| &words[j]);
            let p2 = i.checked_sub(2).map(|j| &words[j]);
            let p1_text = p1.map_or("<S>", |w| &w.norm);
            let n1_text = words.get(i + 1).map_or("</S>", |w| &w.norm);
            let h44 = p1.map_or(bounds.bigram_heads[0], |w| fh(44, &w.norm));
            let h46 = p2.map_or(bounds.bigram_heads[2], |w| fh(46, &w.norm));
            for h in [
                fh_extend(h44, &w.norm),
                fh_extend(fh(45, &w.norm), n1_text),
                fh_extend(h46, p1_text),
            ] {
                add_feature(model, h, &mut em);
            }
        }
        for (off, code) in [(-1isize, 61u8), (0, 62), (1, 63)] {
            let j = i as isize + off;
            if j < 0 || j as usize >= n {
                continue;
            }
            for p in &phrases[j as usize] {
                add_feature(model, fh(code, p), &mut em);
            }
        }
        out.push(em);
    }
    out
}

fn add_feature(model: &Model, f: u64, em: &mut Scores) {
    if let Some(&row) = model.index.get(&f) {
        let r = row as usize * N_TAGS;
        for (o, w) in em.iter_mut().zip(&model.weights[r..r + N_TAGS]) {
            *o += w;
        }
    }
}

fn sum(model: &Model, feats: &[u64]) -> Scores {
    let mut em = [0.0; N_TAGS];
    for &f in feats {
        add_feature(model, f, &mut em);
    }
    em
}

fn dict_level(share: u8) -> &'static str {
    match share {
        0..=63 => "lo",
        64..=159 => "mid",
        _ => "hi",
    }
}

/// The memo entry of one word: the features of [`features::sentence_features_in_doc`] that
/// depend on this word alone, grouped by the word's offset from the scored token.
fn word_info(model: &Model, word: &str) -> WordInfo {
    let set = model.features;
    let nw = normalize(word);
    let st = stem(&nw);
    let kinds = features::word_kinds(&nw, set);
    let dict = model.dict.get(&st);
    let mut roles: [Vec<u64>; 5] = Default::default();
    // Offset 0.
    let me = &mut roles[SELF];
    features::identity_features(word, &nw, &st, set, me);
    features::form_features(&nw, &st, set, me);
    if set.dict
        && let Some(e) = dict
    {
        let tag = TAG_NAMES[usize::from(e.tag)];
        me.push(features::fh2(81, tag, dict_level(e.share)));
        me.push(features::fh2(
            83,
            tag,
            if e.count >= 3 { "freq" } else { "rare" },
        ));
    }
    // Offsets ±1, ±2: stems, words, dictionary and gazetteer kinds of the neighbour.
    if set.stems {
        roles[PREV1].push(fh(5, &st));
        roles[NEXT1].push(fh(6, &st));
    }
    if set.context {
        for (role, code) in [(PREV1, 40), (PREV2, 41), (NEXT1, 42), (NEXT2, 43)] {
            roles[role].push(fh(code, &nw));
        }
    }
    if set.dict
        && let Some(e) = dict
    {
        let tag = TAG_NAMES[usize::from(e.tag)];
        roles[PREV1].push(features::fh2(80, tag, dict_level(e.share)));
        roles[NEXT1].push(features::fh2(82, tag, dict_level(e.share)));
    }
    if set.gazetteer {
        for (role, code) in [
            (PREV2, 50u8),
            (PREV1, 51),
            (SELF, 52),
            (NEXT1, 53),
            (NEXT2, 54),
        ] {
            for k in &kinds {
                roles[role].push(fh(code, k.code()));
            }
        }
        if features::is_family_marker_before(&nw) {
            roles[PREV1].push(fh(70, "after-family-marker"));
        }
        roles[SELF].extend(features::name_part_features(&nw));
    }
    let [own, p1, p2, n1, n2] = roles.map(|r| sum(model, &r));
    let (gazetteer_single, gazetteer_opens) = Gazetteer::get().match_start(&nw);
    let neighbour = [p1, p2, n1, n2];
    WordInfo {
        own,
        neighbour: (neighbour != [ZERO; 4]).then(|| Box::new(neighbour)),
        gazetteer_single,
        gazetteer_opens,
        stem: (st != nw).then(|| st.into()),
        norm: nw.into(),
    }
}

/// The weights of the `<S>` / `</S>` neighbours, per offset.
fn boundaries(model: &Model) -> Boundaries {
    let set = model.features;
    let mut roles: [Vec<u64>; 5] = Default::default();
    if set.stems {
        roles[PREV1].push(fh(5, "<S>"));
        roles[NEXT1].push(fh(6, "</S>"));
    }
    if set.context {
        roles[PREV1].push(fh(40, "<S>"));
        roles[PREV2].push(fh(41, "<S>"));
        roles[NEXT1].push(fh(42, "</S>"));
        roles[NEXT2].push(fh(43, "</S>"));
    }
    Boundaries {
        roles: roles.map(|r| sum(model, &r)),
        bigram_heads: [fh(44, "<S>"), fh(45, "</S>"), fh(46, "<S>")],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ner::{shipped_model, tokenize::tokenize};

    /// Sentences of every length from 0 up, with gazetteer phrases, clitics, digits and Latin.
    fn sentences() -> Vec<String> {
        let seed = include_str!("../../../seeds/000_3c23b7db6eabfe86.txt");
        let mut out: Vec<String> = seed.lines().map(str::to_string).collect();
        out.extend(
            [
                "",
                "بايدن",
                "وقال بايدن",
                "حلف شمال الأطلسي",
                "التقى عبد الله بن سلمان بوزير خارجية المملكة العربية السعودية في الرياض 2021 NATO",
                "أعلنت شركة أرامكو وجامعة الملك سعود عن اتفاق مع الأمم المتحدة",
            ]
            .map(str::to_string),
        );
        out
    }

    #[test]
    fn memoised_scores_equal_the_feature_path() {
        let model = shipped_model();
        assert!(Lexicon::supports(model));
        let mut lex = Lexicon::default();
        for text in sentences() {
            let toks: Vec<&str> = tokenize(&text).iter().map(|t| t.text).collect();
            // Twice: the second time every word comes from the memo.
            for _ in 0..2 {
                let fast = lex.sentence_emissions(model, &toks);
                let feats = features::sentence_features(&toks, model.features, &model.dict);
                assert_eq!(fast.len(), feats.len());
                for (i, (f, fs)) in fast.iter().zip(&feats).enumerate() {
                    let mut slow = [0.0; N_TAGS];
                    model.emissions(fs, &mut slow);
                    for (a, b) in f.iter().zip(&slow) {
                        assert!(
                            (a - b).abs() < 1e-3,
                            "token {i} of {text:?}: {f:?} vs {slow:?}"
                        );
                    }
                }
                assert_eq!(model.viterbi(&fast), model.decode(&feats), "{text:?}");
            }
        }
    }

    #[test]
    fn the_memo_stays_bounded_and_keeps_scoring_right() {
        let model = shipped_model();
        let mut lex = Lexicon::default();
        let words: Vec<String> = (0..GENERATION_LIMIT * 2 + 10)
            .map(|i| format!("كلمة{i}"))
            .collect();
        for w in &words {
            lex.sentence_emissions(model, &[w.as_str(), "بايدن"]);
        }
        assert!(lex.current.len() <= GENERATION_LIMIT);
        let long: Vec<&str> = words.iter().map(String::as_str).collect();
        let feats = features::sentence_features(&long, model.features, &model.dict);
        assert_eq!(
            model.viterbi(&lex.sentence_emissions(model, &long)),
            model.decode(&feats)
        );
        assert!(lex.old.len() <= GENERATION_LIMIT);
        let toks = ["قال", "بايدن", "في", "واشنطن"];
        let feats = features::sentence_features(&toks, model.features, &model.dict);
        assert_eq!(
            model.viterbi(&lex.sentence_emissions(model, &toks)),
            model.decode(&feats)
        );
    }
}
