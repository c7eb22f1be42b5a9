//! Named-entity recogniser: a structured perceptron over BIO tags with Viterbi decoding,
//! trained on ANERcorp (see `assets/ner/LICENSE.md`) by `khabar train`.
//!
//! - [`tokenize`] splits text into ANERcorp-style tokens with code-point offsets;
//! - [`features`] turns a sentence into hashed features;
//! - [`model`] holds weights and decodes; [`train`] learns them;
//! - [`tags`] is the tag set.

pub mod features;
pub mod model;
pub mod tags;
pub mod tokenize;
pub mod train;

use std::sync::OnceLock;

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
    let feats = sentence_features(tokens, model.features);
    model.decode(&feats)
}

/// Tag one sentence with the shipped model.
pub fn tag(tokens: &[&str]) -> Vec<usize> {
    tag_with(shipped_model(), tokens)
}
