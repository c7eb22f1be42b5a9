//! Training: an averaged structured perceptron over Viterbi-decoded BIO sequences.
//! Deterministic: sentences are shuffled with a fixed seed, so the same data and options give
//! the same model file.

#![allow(clippy::needless_range_loop)] // index loops over parallel arrays read clearer here

use super::dict::Dict;
use super::features::{FeatureSet, sentence_features};
use super::model::Model;
use super::tags::{N_TAGS, tag_index};

/// A CoNLL sentence: tokens and (possibly empty) tag strings.
#[derive(Debug, Clone, Default)]
pub struct Sentence {
    pub tokens: Vec<String>,
    pub tags: Vec<String>,
}

/// Read CoNLL text: first column token, last column (when there are two or more) tag; blank
/// lines separate sentences.
pub fn read_conll(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.tokens.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let cols: Vec<&str> = if line.contains('\t') {
            line.split('\t').collect()
        } else {
            line.split_whitespace().collect()
        };
        cur.tokens.push(cols[0].to_string());
        cur.tags.push(if cols.len() > 1 {
            cols[cols.len() - 1].to_string()
        } else {
            String::new()
        });
    }
    if !cur.tokens.is_empty() {
        out.push(cur);
    }
    out
}

/// Training options.
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    pub epochs: usize,
    pub features: FeatureSet,
    pub seed: u64,
    /// Features seen fewer times than this in training are not used.
    pub min_count: u32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 15,
            features: FeatureSet::ALL,
            seed: 42,
            min_count: 2,
        }
    }
}

/// Train a model on tagged sentences.
pub fn train(data: &[Sentence], opts: TrainOptions) -> Model {
    let mut model = Model::new(opts.features);
    // Precompute features and gold tags.
    // Jackknifed dictionary: each fold's features use a dictionary of the other folds.
    let folds = 10;
    let fold_of = |i: usize| i * folds / data.len().max(1);
    let fold_dicts: Vec<Dict> = (0..folds)
        .map(|k| {
            Dict::build(
                data.iter()
                    .enumerate()
                    .filter(|(i, _)| fold_of(*i) != k)
                    .map(|(_, s)| s),
            )
        })
        .collect();
    let feats: Vec<Vec<Vec<u64>>> = data
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let toks: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
            sentence_features(&toks, opts.features, &fold_dicts[fold_of(i)])
        })
        .collect();
    if opts.features.dict {
        model.dict = Dict::build(data);
    }
    let gold: Vec<Vec<usize>> = data
        .iter()
        .map(|s| s.tags.iter().map(|t| tag_index(t)).collect())
        .collect();
    let mut freq: std::collections::HashMap<u64, u32> = std::collections::HashMap::new();
    for sent in &feats {
        for tok in sent {
            for &f in tok {
                *freq.entry(f).or_default() += 1;
            }
        }
    }
    for sent in &feats {
        for tok in sent {
            for &f in tok {
                if freq.get(&f).copied().unwrap_or(0) >= opts.min_count {
                    let next = model.index.len() as u32;
                    model.index.entry(f).or_insert(next);
                }
            }
        }
    }
    let nrows = model.index.len();
    model.weights = vec![0.0; nrows * N_TAGS];
    // Row indices per token, to avoid hashing in the loop.
    let rows: Vec<Vec<Vec<u32>>> = feats
        .iter()
        .map(|s| {
            s.iter()
                .map(|t| {
                    t.iter()
                        .filter_map(|f| model.index.get(f).copied())
                        .collect()
                })
                .collect()
        })
        .collect();
    let mut acc_w = vec![0.0f32; nrows * N_TAGS];
    let mut acc_t = vec![0.0f32; model.trans.len()];
    let mut c: f32 = 1.0;
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = opts.seed.max(1);
    for _ in 0..opts.epochs {
        // Fisher-Yates with xorshift.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        for &si in &order {
            let pred = model.decode(&feats[si]);
            let g = &gold[si];
            if pred == *g {
                c += 1.0;
                continue;
            }
            for t in 0..g.len() {
                let (gy, py) = (g[t], pred[t]);
                if gy != py {
                    for &r in &rows[si][t] {
                        let b = r as usize * N_TAGS;
                        model.weights[b + gy] += 1.0;
                        model.weights[b + py] -= 1.0;
                        acc_w[b + gy] += c;
                        acc_w[b + py] -= c;
                    }
                }
                let gp = if t == 0 { N_TAGS } else { g[t - 1] };
                let pp = if t == 0 { N_TAGS } else { pred[t - 1] };
                if gp != pp || gy != py {
                    model.trans[gp * N_TAGS + gy] += 1.0;
                    model.trans[pp * N_TAGS + py] -= 1.0;
                    acc_t[gp * N_TAGS + gy] += c;
                    acc_t[pp * N_TAGS + py] -= c;
                }
            }
            c += 1.0;
        }
    }
    for (w, a) in model.weights.iter_mut().zip(&acc_w) {
        *w -= a / c;
    }
    for (w, a) in model.trans.iter_mut().zip(&acc_t) {
        *w -= a / c;
    }
    model
}
