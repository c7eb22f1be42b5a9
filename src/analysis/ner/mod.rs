//! Named-entity recogniser: a structured perceptron over BIO tags with Viterbi decoding,
//! trained on ANERcorp (see `assets/ner/LICENSE.md`) by `khabar train`.
//!
//! - [`tokenize`] splits text into ANERcorp-style tokens with code-point offsets;
//! - [`features`] turns a sentence into hashed features;
//! - [`model`] holds weights and decodes; [`train`] learns them;
//! - [`tags`] is the tag set.

pub mod dict;
pub mod features;
pub mod model;
pub mod tags;
pub mod tokenize;
pub mod train;

use std::sync::OnceLock;

use super::normalize;
use features::sentence_features;
use model::Model;

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

/// Tag the sentences of one document: each sentence with the model, then names found in one
/// place propagated to untagged repeats elsewhere in the document (a whole name seen again, or
/// the last word of a person's full name: ستولتنبرغ after ينس ستولتنبرغ).
pub fn tag_document_with(model: &Model, sentences: &[Vec<&str>]) -> Vec<Vec<usize>> {
    let mut tags: Vec<Vec<usize>> = sentences.iter().map(|s| tag_with(model, s)).collect();
    let stems: Vec<Vec<String>> = sentences
        .iter()
        .map(|s| {
            s.iter()
                .map(|t| features::stem(&normalize::normalize(t)))
                .collect()
        })
        .collect();
    // Phrases (stem sequences) → tag type index (1..=4).
    let mut phrases: std::collections::HashMap<Vec<String>, usize> = Default::default();
    for (s, ts) in stems.iter().zip(&tags) {
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
                let last = vec![s[j - 1].clone()];
                if s[j - 1].chars().count() >= 3 && !is_common(model, &s[j - 1]) {
                    phrases.entry(last).or_insert(1);
                }
            }
            i = j;
        }
    }
    if phrases.is_empty() {
        return tags;
    }
    let max_len = phrases.keys().map(Vec::len).max().unwrap_or(1).min(6);
    for (s, ts) in stems.iter().zip(tags.iter_mut()) {
        let mut i = 0;
        while i < ts.len() {
            let mut hit = None;
            if ts[i] == 0 {
                for len in (1..=max_len.min(ts.len() - i)).rev() {
                    if ts[i..i + len].iter().all(|&t| t == 0)
                        && let Some(&typ) = phrases.get(&s[i..i + len])
                        && (len > 1 || !is_common(model, &s[i]))
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
    tags
}

/// Whether a stem is mostly not a name in the training data (a common word).
fn is_common(model: &Model, stem: &str) -> bool {
    stem.chars().count() < 3
        || model
            .dict
            .get(stem)
            .is_some_and(|e| e.share < 64 && e.count >= 5)
}
