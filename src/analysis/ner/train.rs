//! Training: an averaged structured perceptron over Viterbi-decoded BIO sequences.
//! Deterministic: sentences are shuffled with a fixed seed, so the same data and options give
//! the same model file.

#![allow(clippy::needless_range_loop)] // index loops over parallel arrays read clearer here

use super::dict::Dict;
use super::features::{DocInfo, FeatureSet, sentence_features_in_doc};
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
    /// Perceptrons trained with different shuffles and averaged.
    pub runs: usize,
    /// Share of training tokens whose word-identity features (word, normalised word, stem)
    /// are hidden in each pass, so the model learns to tag names from context, affixes and
    /// lists too (names in new text are often unseen).
    pub dropout: f32,
    /// Cost-augmented training: while training, every wrong tag's score on a token is raised
    /// by this much, so updates continue until the gold sequence wins by a margin.
    pub margin: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 15,
            features: FeatureSet::ALL,
            seed: 42,
            min_count: 2,
            runs: 5,
            dropout: 0.0,
            margin: 0.0,
        }
    }
}

/// Sentences per document window when the training data has no document boundaries.
pub const DOC_WINDOW: usize = 60;

/// Train a two-stage model: a first stage, then a second stage whose features also include how
/// the first stage tagged each word elsewhere in the document. The second stage is trained on
/// first-stage tags from models that did not see the sentence (5-fold cross-prediction).
pub fn train_stacked(data: &[Sentence], opts: TrainOptions) -> Model {
    let mut first = train(data, opts, None);
    let folds = 5;
    let fold_of = |i: usize| i * folds / data.len().max(1);
    let mut tags1: Vec<Vec<usize>> = vec![Vec::new(); data.len()];
    for k in 0..folds {
        let rest: Vec<Sentence> = data
            .iter()
            .enumerate()
            .filter(|(i, _)| fold_of(*i) != k)
            .map(|(_, s)| s.clone())
            .collect();
        let m = train(&rest, opts, None);
        for (i, s) in data.iter().enumerate() {
            if fold_of(i) == k {
                let toks: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
                tags1[i] = super::tag_with(&m, &toks);
            }
        }
    }
    let docs: Vec<DocInfo> = data
        .chunks(DOC_WINDOW)
        .zip(tags1.chunks(DOC_WINDOW))
        .map(|(ss, ts)| {
            let toks: Vec<Vec<&str>> = ss
                .iter()
                .map(|s| s.tokens.iter().map(String::as_str).collect())
                .collect();
            DocInfo::build(&toks, ts)
        })
        .collect();
    let mut opts2 = opts;
    opts2.features.doc = true;
    let second = train(data, opts2, Some(&docs));
    first.stage2 = Some(Box::new(second));
    first
}

/// Train a model on tagged sentences (`doc`: document context of each window of
/// [`DOC_WINDOW`] sentences).
pub fn train(data: &[Sentence], opts: TrainOptions, doc: Option<&[DocInfo]>) -> Model {
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
            sentence_features_in_doc(
                &toks,
                opts.features,
                &fold_dicts[fold_of(i)],
                doc.and_then(|d| d.get(i / DOC_WINDOW)),
            )
        })
        .collect();
    if opts.features.dict {
        model.dict = Dict::build(data);
        if !opts.features.pdict {
            model.dict.entries.retain(|k, _| !k.contains(' '));
            model.dict.index_phrases();
        }
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
    // Row indices per token, to avoid hashing in the loop; the word-identity features (the
    // first LEXICAL after the bias) are kept apart for dropout.
    let nlex = if opts.features.stems { 3 } else { 2 };
    let to_rows = |fs: &[u64]| -> Vec<u32> {
        fs.iter()
            .filter_map(|f| model.index.get(f).copied())
            .collect()
    };
    let rows: Vec<Vec<Vec<u32>>> = feats
        .iter()
        .map(|s| {
            s.iter()
                .map(|t| {
                    let k = (1 + nlex).min(t.len());
                    let mut r = to_rows(&t[..1]);
                    r.extend(to_rows(&t[k..]));
                    r
                })
                .collect()
        })
        .collect();
    let lex: Vec<Vec<Vec<u32>>> = feats
        .iter()
        .map(|s| {
            s.iter()
                .map(|t| to_rows(&t[1.min(t.len())..(1 + nlex).min(t.len())]))
                .collect()
        })
        .collect();
    let drop_threshold = (f64::from(opts.dropout.clamp(0.0, 1.0)) * u64::MAX as f64) as u64;
    // Several perceptrons (different shuffles), their averaged weights averaged again.
    let runs = opts.runs.max(1);
    let mut sum_w = vec![0.0f32; nrows * N_TAGS];
    let mut sum_t = vec![0.0f32; model.trans.len()];
    for run in 0..runs {
        model.weights.iter_mut().for_each(|w| *w = 0.0);
        model.trans.iter_mut().for_each(|w| *w = 0.0);
        let mut acc_w = vec![0.0f32; nrows * N_TAGS];
        let mut acc_t = vec![0.0f32; model.trans.len()];
        let mut c: f32 = 1.0;
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut rng = opts.seed.wrapping_add(run as u64 * 7919).max(1);
        for _ in 0..opts.epochs {
            // Fisher-Yates with xorshift.
            for i in (1..order.len()).rev() {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                order.swap(i, (rng % (i as u64 + 1)) as usize);
            }
            for &si in &order {
                // Which tokens keep their word-identity features this time.
                let keep: Vec<bool> = (0..gold[si].len())
                    .map(|_| {
                        if drop_threshold == 0 {
                            return true;
                        }
                        rng ^= rng << 13;
                        rng ^= rng >> 7;
                        rng ^= rng << 17;
                        rng >= drop_threshold
                    })
                    .collect();
                let ems: Vec<[f32; N_TAGS]> = (0..gold[si].len())
                    .map(|t| {
                        let mut em = [0.0f32; N_TAGS];
                        let extra: &[u32] = if keep[t] { &lex[si][t] } else { &[] };
                        for &r in rows[si][t].iter().chain(extra) {
                            let b = r as usize * N_TAGS;
                            for (o, w) in em.iter_mut().zip(&model.weights[b..b + N_TAGS]) {
                                *o += w;
                            }
                        }
                        em
                    })
                    .collect();
                let g = &gold[si];
                let mut ems = ems;
                if opts.margin != 0.0 {
                    for (em, &gy) in ems.iter_mut().zip(g) {
                        em.iter_mut().for_each(|e| *e += opts.margin);
                        em[gy] -= opts.margin;
                    }
                }
                let pred = model.viterbi(&ems);
                if pred == *g {
                    c += 1.0;
                    continue;
                }
                for t in 0..g.len() {
                    let (gy, py) = (g[t], pred[t]);
                    if gy != py {
                        let extra: &[u32] = if keep[t] { &lex[si][t] } else { &[] };
                        for &r in rows[si][t].iter().chain(extra) {
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

        for (s, w) in sum_w.iter_mut().zip(&model.weights) {
            *s += w / runs as f32;
        }
        for (s, w) in sum_t.iter_mut().zip(&model.trans) {
            *s += w / runs as f32;
        }
    }
    model.weights = sum_w;
    model.trans = sum_t;
    model
}
