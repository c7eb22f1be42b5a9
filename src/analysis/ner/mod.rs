//! Named-entity recogniser: a structured perceptron over BIO tags with Viterbi decoding,
//! trained on ANERcorp (see `assets/ner/LICENSE.md`) by `khabar train`.
//!
//! - [`tokenize`] splits text into ANERcorp-style tokens with code-point offsets;
//! - [`features`] turns a sentence into hashed features;
//! - [`model`] holds weights and decodes; [`train`] learns them;
//! - [`tags`] is the tag set.

pub mod dict;
pub mod features;
pub mod lexicon;
pub mod lists;
pub mod model;
pub mod name_edges;
pub mod quoted;
pub mod tags;
pub mod tokenize;
pub mod train;

use std::cell::RefCell;
use std::sync::OnceLock;

use crate::analysis::gazetteer::GazMatch;
use features::sentence_features;
use lexicon::{Lexicon, WordInfo};
use model::Model;
use std::rc::Rc;

/// The shipped model file, produced by `khabar train`.
static MODEL_BYTES: &[u8] = include_bytes!("../../../assets/ner/model.bin");

/// The shipped model, loaded once. An unreadable model gives an empty one (tags everything `O`).
pub fn shipped_model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(|| {
        Model::from_bytes(MODEL_BYTES).unwrap_or_else(|_| Model::new(features::FeatureSet::ALL))
    })
}

/// Tag one sentence of tokens with tag indices (see [`tags::TAG_NAMES`]).
pub fn tag_with(model: &Model, tokens: &[&str]) -> Vec<usize> {
    let feats = sentence_features(tokens, model.features, &model.dict);
    model.decode(&feats)
}

/// Tag one sentence with the shipped model.
pub fn tag(tokens: &[&str]) -> Vec<usize> {
    tag_with(shipped_model(), tokens)
}

/// Tags sentences with one model, memoising per-word work ([`Lexicon`]) across calls.
pub struct Tagger<'m> {
    model: &'m Model,
    lexicon: Lexicon,
    /// Whether the memo's scores can stand for the model's features ([`Lexicon::supports`]).
    memo_scores: bool,
}

/// One tagged sentence: a tag per token and the token's memo entry (normalised form, stem).
#[derive(Debug, Clone)]
pub struct TaggedSentence {
    pub tags: Vec<usize>,
    pub words: Vec<Rc<WordInfo>>,
    /// The gazetteer's phrase matches in the sentence.
    pub gazetteer: Vec<GazMatch>,
}

impl<'m> Tagger<'m> {
    /// A tagger for `model`.
    pub fn new(model: &'m Model) -> Tagger<'m> {
        Tagger {
            model,
            lexicon: Lexicon::default(),
            memo_scores: Lexicon::supports(model),
        }
    }

    /// Tag one sentence of tokens.
    pub fn tag_sentence(&mut self, tokens: &[&str]) -> TaggedSentence {
        let words = self.lexicon.words(self.model, tokens);
        let gazetteer = lexicon::gazetteer_matches(&words);
        let tags = if self.memo_scores {
            let scores = self.lexicon.emissions(self.model, &words, &gazetteer);
            self.model.viterbi(&scores)
        } else {
            tag_with(self.model, tokens)
        };
        TaggedSentence {
            tags,
            words,
            gazetteer,
        }
    }

    /// Tag the sentences of one document: each sentence with the model, then names found in
    /// one place propagated to untagged repeats elsewhere in the document (a whole name seen
    /// again, or the last word of a person's full name: ستولتنبرغ after ينس ستولتنبرغ).
    pub fn tag_document(&mut self, sentences: &[Vec<&str>]) -> Vec<TaggedSentence> {
        let model = self.model;
        let mut tagged: Vec<TaggedSentence> =
            sentences.iter().map(|s| self.tag_sentence(s)).collect();
        if let Some(m2) = &model.stage2 {
            let tags: Vec<Vec<usize>> = tagged.iter().map(|t| t.tags.clone()).collect();
            let doc = features::DocInfo::build(sentences, &tags);
            for (s, t) in sentences.iter().zip(&mut tagged) {
                let f = features::sentence_features_in_doc(s, m2.features, &m2.dict, Some(&doc));
                t.tags = m2.decode(&f);
            }
        }
        propagate_repeats(model, &mut tagged);
        for t in &mut tagged {
            let norms: Vec<&str> = t.words.iter().map(|w| &*w.norm).collect();
            quoted::tag_quoted_names(&norms, &mut t.tags);
            lists::tag_listed_names(&norms, &mut t.tags);
            name_edges::fix_name_edges(&norms, &mut t.tags);
        }
        tagged
    }
}

thread_local! {
    /// Each thread's tagger for the shipped model, so its memo lasts across articles.
    static SHIPPED_TAGGER: RefCell<Tagger<'static>> = RefCell::new(Tagger::new(shipped_model()));
}

/// Tag the sentences of one document with the shipped model (see [`Tagger::tag_document`]),
/// keeping a per-thread memo across calls.
pub fn tag_document(sentences: &[Vec<&str>]) -> Vec<TaggedSentence> {
    SHIPPED_TAGGER.with(|t| t.borrow_mut().tag_document(sentences))
}

/// Tags of the sentences of one document (see [`Tagger::tag_document`]).
pub fn tag_document_with(model: &Model, sentences: &[Vec<&str>]) -> Vec<Vec<usize>> {
    let tagged = if std::ptr::eq(model, shipped_model()) {
        tag_document(sentences)
    } else {
        Tagger::new(model).tag_document(sentences)
    };
    tagged.into_iter().map(|t| t.tags).collect()
}

/// Names found in one place propagated to untagged repeats of the same stems elsewhere.
fn propagate_repeats(model: &Model, doc: &mut [TaggedSentence]) {
    let mut tags: Vec<Vec<usize>> = doc
        .iter_mut()
        .map(|t| std::mem::take(&mut t.tags))
        .collect();
    let stems: Vec<Vec<&str>> = doc
        .iter()
        .map(|t| t.words.iter().map(|w| w.stem()).collect())
        .collect();
    propagate_stems(model, &stems, &mut tags);
    drop(stems);
    for (t, tags) in doc.iter_mut().zip(tags) {
        t.tags = tags;
    }
}

/// [`propagate_repeats`] over each token's stem.
fn propagate_stems(model: &Model, stems: &[Vec<&str>], tags: &mut [Vec<usize>]) {
    // Phrases (stem sequences) → tag type index (1..=4).
    let mut phrases: rustc_hash::FxHashMap<Vec<&str>, usize> = Default::default();
    for (s, ts) in stems.iter().zip(tags.iter()) {
        let mut i = 0;
        while i < ts.len() {
            if ts[i] == 0 {
                i += 1;
                continue;
            }
            let typ = ts[i].div_ceil(2);
            let mut j = i + 1;
            while j < ts.len() && ts[j] == 2 * typ {
                j += 1;
            }
            phrases.entry(s[i..j].to_vec()).or_insert(typ);
            if typ == 1 && j - i >= 2 {
                let last = vec![s[j - 1]];
                if s[j - 1].chars().count() >= 3 && !is_common(model, s[j - 1]) {
                    phrases.entry(last).or_insert(1);
                }
            }
            i = j;
        }
    }
    if phrases.is_empty() {
        return;
    }
    let max_len = phrases.keys().map(Vec::len).max().unwrap_or(1).min(6);
    // Most tokens start no phrase: test the first stem before hashing whole sequences.
    let firsts: rustc_hash::FxHashSet<&str> = phrases.keys().map(|k| k[0]).collect();
    for (s, ts) in stems.iter().zip(tags.iter_mut()) {
        let mut i = 0;
        while i < ts.len() {
            let mut hit = None;
            if ts[i] == 0 && firsts.contains(s[i]) {
                for len in (1..=max_len.min(ts.len() - i)).rev() {
                    if ts[i..i + len].iter().all(|&t| t == 0)
                        && let Some(&typ) = phrases.get(&s[i..i + len])
                        && (len > 1 || !is_common(model, s[i]))
                    {
                        hit = Some((len, typ));
                        break;
                    }
                }
            }
            match hit {
                Some((len, typ)) => {
                    ts[i] = 2 * typ - 1;
                    for t in &mut ts[i + 1..i + len] {
                        *t = 2 * typ;
                    }
                    i += len;
                }
                None => i += 1,
            }
        }
    }
}

/// Whether a stem is mostly not a name in the training data (a common word).
fn is_common(model: &Model, stem: &str) -> bool {
    stem.chars().count() < 3
        || model
            .dict
            .get(stem)
            .is_some_and(|e| e.share < 64 && e.count >= 5)
}

/// Make tagged names agree with the hand-written gazetteers: a listed place, organisation or
/// person that overlaps a tagged name takes the listed extent and type (لحلف الناتو when only
/// الناتو was tagged; البيت الأبيض tagged MISC becomes ORG). Listed names of two or more words
/// are tagged even when the model missed them; single listed words are left to the model.
/// Used for articles; not for `khabar tag`, because
/// ANERcorp's conventions differ from the lists' (measured: −1.9 F1 on a held-out tenth of its
/// training split).
/// Administrative nouns, normalised, that are not part of a place's name.
pub const ADMIN_NOUNS: &[&str] = &["محافظه", "منطقه", "مدينه", "ولايه", "اقليم", "مقاطعه"];

/// Whether the (normalised) word after an administrative noun names a place only with it: it is
/// no listed place on its own (مدينة نصر, but منطقة عسير is عسير).
pub fn needs_admin_noun(norm: &str) -> bool {
    use crate::analysis::gazetteer::{GazKind, Gazetteer};
    let g = Gazetteer::get();
    !g.word_kinds(norm)
        .iter()
        .any(|k| matches!(k, GazKind::Loc | GazKind::Place))
}

pub fn gazetteer_fixups(sentences: &mut [TaggedSentence]) {
    use crate::analysis::gazetteer::GazKind;
    for sentence in sentences {
        let ts = &mut sentence.tags;
        for &m in &sentence.gazetteer {
            let typ = match m.kind {
                GazKind::Per => 1,
                GazKind::Org => 2,
                GazKind::Loc => 3,
                _ => continue,
            };
            // ANERcorp keeps an administrative noun outside a place's name (محافظة الأحساء:
            // only الأحساء is the place).
            let mut m = m;
            if m.kind == GazKind::Loc
                && m.end - m.start >= 2
                && ADMIN_NOUNS.contains(&&*sentence.words[m.start].norm)
                && !(m.end - m.start == 2 && needs_admin_noun(&sentence.words[m.start + 1].norm))
            {
                if ts[m.start] == 5 && ts[m.start + 1] == 6 {
                    ts[m.start] = 0;
                    ts[m.start + 1] = 5;
                }
                m.start += 1;
            }
            if m.end - m.start < 2 && !ts[m.start..m.end].iter().any(|&t| t != 0) {
                continue;
            }
            // Only when the match covers whole chunks (no chunk sticks out on either side).
            let starts_ok = ts[m.start] == 0 || tags::is_begin(ts[m.start]);
            let ends_ok = m.end >= ts.len() || ts[m.end] == 0 || tags::is_begin(ts[m.end]);
            if !(starts_ok && ends_ok) {
                continue;
            }
            ts[m.start] = 2 * typ - 1;
            for t in &mut ts[m.start + 1..m.end] {
                *t = 2 * typ;
            }
        }
    }
}
