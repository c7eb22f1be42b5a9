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
/// Multi-word names are stored too, keyed by their stems joined with single spaces (a stem
/// never contains a space); their entry's share is how often the word sequence is that name.
#[derive(Debug, Clone, Default)]
pub struct Dict {
    pub entries: rustc_hash::FxHashMap<String, DictEntry>,
    /// First stems of the multi-word entries.
    pub firsts: rustc_hash::FxHashSet<String>,
}

impl Dict {
    /// Build from tagged sentences.
    pub fn build<'a>(data: impl IntoIterator<Item = &'a Sentence>) -> Dict {
        let mut counts: HashMap<String, [u32; N_TAGS]> = HashMap::new();
        let mut sents: Vec<(Vec<String>, Vec<usize>)> = Vec::new();
        for s in data {
            let stems: Vec<String> = s.tokens.iter().map(|t| stem(&normalize(t))).collect();
            let tags: Vec<usize> = s.tags.iter().map(|t| super::tags::tag_index(t)).collect();
            for (st, &y) in stems.iter().zip(&tags) {
                counts.entry(st.clone()).or_default()[y] += 1;
            }
            sents.push((stems, tags));
        }
        // Multi-word names (2–5 words): how often each is a name of each type (index of its
        // B- tag), then how often the word sequence occurs at all.
        let mut phrases: HashMap<String, [u32; N_TAGS]> = HashMap::new();
        for (stems, tags) in &sents {
            let mut i = 0;
            while i < tags.len() {
                if tags[i] == 0 {
                    i += 1;
                    continue;
                }
                let b = if tags[i] % 2 == 1 {
                    tags[i]
                } else {
                    tags[i] - 1
                };
                let mut j = i + 1;
                while j < tags.len() && tags[j] == b + 1 {
                    j += 1;
                }
                if (2..=5).contains(&(j - i)) {
                    phrases.entry(stems[i..j].join(" ")).or_default()[b] += 1;
                }
                i = j;
            }
        }
        let firsts: std::collections::HashSet<String> = phrases
            .keys()
            .filter_map(|k| k.split(' ').next().map(str::to_string))
            .collect();
        for (stems, _) in &sents {
            for i in 0..stems.len() {
                if !firsts.contains(stems[i].as_str()) {
                    continue;
                }
                let mut key = stems[i].clone();
                for end in i + 2..=(i + 5).min(stems.len()) {
                    key.push(' ');
                    key.push_str(&stems[end - 1]);
                    if let Some(c) = phrases.get_mut(&key) {
                        c[0] += 1;
                    }
                }
            }
        }
        for (k, mut c) in phrases {
            // c[0] counted every occurrence, names included.
            let named: u32 = c[1..].iter().sum();
            c[0] = c[0].saturating_sub(named);
            counts.insert(k, c);
        }
        let mut entries = rustc_hash::FxHashMap::default();
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
        let mut d = Dict {
            entries,
            firsts: Default::default(),
        };
        d.index_phrases();
        d
    }

    /// Rebuild [`Dict::firsts`] from the entries.
    pub fn index_phrases(&mut self) {
        self.firsts = self
            .entries
            .keys()
            .filter_map(|k| k.split_once(' ').map(|(a, _)| a.to_string()))
            .collect();
    }

    /// Look up a stem.
    pub fn get(&self, stem: &str) -> Option<DictEntry> {
        self.entries.get(stem).copied()
    }
}
