//! A dictionary of the training data's names: for each word stem, the tag it most often carries
//! and how often. Used as a feature; during training each fold sees a dictionary built from the
//! other folds only (jackknifing), so the model learns how far to trust it on unseen text.

use std::collections::HashMap;

use super::features::stem;
use super::tags::N_TAGS;
use super::train::Sentence;
use crate::analysis::normalize::normalize;

/// One entry: most frequent non-`O` tag, its share of the stem's occurrences (0–255), count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DictEntry {
    pub tag: u8,
    pub share: u8,
    pub count: u16,
}

/// Stem → entry, for stems tagged as part of a name at least once.
#[derive(Debug, Clone, Default)]
pub struct Dict {
    pub entries: HashMap<String, DictEntry>,
}

impl Dict {
    /// Build from tagged sentences.
    pub fn build<'a>(data: impl IntoIterator<Item = &'a Sentence>) -> Dict {
        let mut counts: HashMap<String, [u32; N_TAGS]> = HashMap::new();
        for s in data {
            for (tok, tag) in s.tokens.iter().zip(&s.tags) {
                let y = super::tags::tag_index(tag);
                counts.entry(stem(&normalize(tok))).or_default()[y] += 1;
            }
        }
        let mut entries = HashMap::new();
        for (k, c) in counts {
            let total: u32 = c.iter().sum();
            let (best, &n) = c
                .iter()
                .enumerate()
                .skip(1)
                .max_by_key(|&(i, n)| (*n, std::cmp::Reverse(i)))
                .unwrap_or((0, &0));
            if n == 0 || k.chars().count() < 2 {
                continue;
            }
            entries.insert(
                k,
                DictEntry {
                    tag: best as u8,
                    share: ((n * 255) / total.max(1)) as u8,
                    count: total.min(u32::from(u16::MAX)) as u16,
                },
            );
        }
        Dict { entries }
    }

    /// Look up a stem.
    pub fn get(&self, stem: &str) -> Option<DictEntry> {
        self.entries.get(stem).copied()
    }
}
