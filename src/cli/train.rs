//! `khabar train`: train the named-entity model from a CoNLL file.
//!
//! The shipped model `assets/ner/model.bin` is exactly what this produces:
//! `khabar train --train ../shared/eval/ner/anercorp/train.conll --out assets/ner/model.bin`
//! (run with a release build; it takes about a minute). `--holdout 0.1` trains on the first 90 %
//! of sentences and reports entity F1 on the last 10 % (for choosing features; does not write
//! a model unless `--out` is given); `--folds 5` cross-validates on the training file instead
//! (mean entity F1 over five contiguous folds, steadier than one held-out slice).

use std::process::ExitCode;

use anyhow::Context;

use crate::analysis::ner::features::FeatureSet;
use crate::analysis::ner::tags::{N_TAGS, entity_type, is_begin, tag_index};
use crate::analysis::ner::train::DOC_WINDOW;
use crate::analysis::ner::train::{Sentence, TrainOptions, read_conll, train, train_stacked};
use crate::analysis::ner::{model::Model, tag_document_with};

#[derive(Debug, clap::Args)]
pub struct TrainArgs {
    /// Tagged CoNLL file (token first column, BIO tag last column).
    #[arg(long)]
    pub train: std::path::PathBuf,
    /// Where to write the model.
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
    /// Training passes over the data.
    #[arg(long, default_value_t = 15)]
    pub epochs: usize,
    /// Add a second stage that sees document context (measured: no gain on held-out data, so
    /// the shipped model is single-stage).
    #[arg(long)]
    pub stacked: bool,
    /// Train this many perceptrons (different shuffles) and average them.
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// Share of training tokens whose word-identity features are hidden in each pass
    /// (measured with `--folds 5`: 0.1 gives −0.1 F1, 0.25 gives −0.3, so the default is 0).
    #[arg(long, default_value_t = 0.0)]
    pub dropout: f32,
    /// Features seen fewer times than this are not used.
    #[arg(long, default_value_t = 2)]
    pub min_count: u32,
    /// Hold out this share of sentences (from the end) and report F1 on them.
    #[arg(long)]
    pub holdout: Option<f64>,
    /// Cross-validate: split the sentences into this many contiguous folds, train on all but
    /// one, report entity F1 on it, for every fold, and the mean (for choosing features).
    #[arg(long)]
    pub folds: Option<usize>,
    /// Cost-augmented training: wrong tags get this much extra score while training.
    #[arg(long, default_value_t = 0.0)]
    pub margin: f32,
    /// Weights smaller than this (absolute) are dropped from the model file.
    #[arg(long, default_value_t = 0.0)]
    pub prune: f32,
    /// Lower the outside tag's score by this much on every token (more names tagged).
    #[arg(long, default_value_t = 0.0)]
    pub o_bias: f32,
    /// With --holdout: also report held-out F1 for these values of --o-bias.
    #[arg(long, value_delimiter = ',')]
    pub sweep_o_bias: Vec<f32>,
    /// Turn feature groups off (for measuring what they add): stems, affixes, context, gazetteer,
    /// dict, bigrams, persons.
    #[arg(long, value_delimiter = ',')]
    pub without: Vec<String>,
    /// Turn optional feature groups on: chargrams, affix4, trigwin, stem2, pdict (measured with
    /// `--folds 5`: none gains more than 0.1 F1, so the shipped model leaves them off).
    #[arg(long, value_delimiter = ',')]
    pub with: Vec<String>,
}

pub fn run(args: TrainArgs) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&args.train)
        .with_context(|| format!("reading {}", args.train.display()))?;
    let data = read_conll(&text);
    let mut features = FeatureSet::ALL;
    for w in &args.without {
        match w.as_str() {
            "stems" => features.stems = false,
            "affixes" => features.affixes = false,
            "context" => features.context = false,
            "gazetteer" => features.gazetteer = false,
            "dict" => features.dict = false,
            "bigrams" => features.bigrams = false,
            "persons" => features.persons = false,
            other => anyhow::bail!("unknown feature group {other:?}"),
        }
    }
    for w in &args.with {
        match w.as_str() {
            "chargrams" => features.chargrams = true,
            "affix4" => features.affix4 = true,
            "trigwin" => features.trigwin = true,
            "stem2" => features.stem2 = true,
            "persons" => features.persons = true,
            "pdict" => features.pdict = true,
            other => anyhow::bail!("unknown feature group {other:?}"),
        }
    }
    let opts = TrainOptions {
        epochs: args.epochs,
        features,
        min_count: args.min_count,
        runs: args.runs,
        dropout: args.dropout,
        margin: args.margin,
        ..TrainOptions::default()
    };
    if let Some(k) = args.folds.filter(|&k| k >= 2) {
        let mut sum = [0.0f64; 3];
        let mut per_sum = [0.0f64; 4];
        for i in 0..k {
            let (a, b) = (i * data.len() / k, (i + 1) * data.len() / k);
            let rest: Vec<Sentence> = data[..a].iter().chain(&data[b..]).cloned().collect();
            let mut model = if args.stacked {
                train_stacked(&rest, opts)
            } else {
                train(&rest, opts, None)
            };
            model.bias_outside(args.o_bias);
            let (p, r, f, per) = evaluate(&model, &data[a..b]);
            eprintln!("fold {i}: P {p:.4} R {r:.4} F1 {f:.4}");
            for (s, x) in sum.iter_mut().zip([p, r, f]) {
                *s += x / k as f64;
            }
            for (s, (_, x)) in per_sum.iter_mut().zip(per) {
                *s += x / k as f64;
            }
        }
        eprintln!(
            "cv mean: P {:.4} R {:.4} F1 {:.4} (PER {:.4} ORG {:.4} LOC {:.4} MISC {:.4})",
            sum[0], sum[1], sum[2], per_sum[0], per_sum[1], per_sum[2], per_sum[3]
        );
        return Ok(ExitCode::SUCCESS);
    }
    let (train_part, held) = match args.holdout {
        Some(f) if f > 0.0 && f < 1.0 => {
            let cut = ((data.len() as f64) * (1.0 - f)) as usize;
            (&data[..cut], &data[cut..])
        }
        _ => (&data[..], &data[..0]),
    };
    let mut model = if args.stacked {
        train_stacked(train_part, opts)
    } else {
        train(train_part, opts, None)
    };
    if !held.is_empty() {
        for &b in &args.sweep_o_bias {
            model.bias_outside(b);
            let (p, r, f, _) = evaluate(&model, held);
            eprintln!("holdout with o-bias {b}: P {p:.4} R {r:.4} F1 {f:.4}");
            model.bias_outside(-b);
        }
    }
    model.bias_outside(args.o_bias);
    eprintln!(
        "trained on {} sentences, {} features",
        train_part.len(),
        model.index.len()
    );
    if !held.is_empty() {
        let (p, r, f, per_type) = evaluate(&model, held);
        eprintln!("holdout: P {p:.4} R {r:.4} F1 {f:.4}");
        for (name, f) in per_type {
            eprintln!("  {name}: F1 {f:.4}");
        }
    }
    if let Some(out) = &args.out {
        let bytes = model.to_bytes(args.prune);
        std::fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
        eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    }
    Ok(ExitCode::SUCCESS)
}

/// Chunks (type, start, end) of a tag sequence, conlleval-style.
fn chunks(tags: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, usize)> = None;
    for (i, &t) in tags.iter().enumerate() {
        let typ = t.div_ceil(2);
        let starts = t != 0 && (is_begin(t) || cur.is_none_or(|(ct, _)| ct != typ));
        if (t == 0 || starts)
            && let Some((ct, s)) = cur.take()
        {
            out.push((ct, s, i));
        }
        if starts {
            cur = Some((typ, i));
        }
    }
    if let Some((ct, s)) = cur {
        out.push((ct, s, tags.len()));
    }
    out
}

/// Entity-level precision, recall, F1 and per-type F1 of `model` on `data`.
pub fn evaluate(model: &Model, data: &[Sentence]) -> (f64, f64, f64, Vec<(String, f64)>) {
    let ntypes = N_TAGS / 2 + 1;
    let mut tp = vec![0usize; ntypes];
    let mut np = vec![0usize; ntypes];
    let mut ng = vec![0usize; ntypes];
    let mut preds: Vec<Vec<usize>> = Vec::new();
    for chunk in data.chunks(DOC_WINDOW) {
        let sents: Vec<Vec<&str>> = chunk
            .iter()
            .map(|s| s.tokens.iter().map(String::as_str).collect())
            .collect();
        preds.extend(tag_document_with(model, &sents));
    }
    for (s, pred) in data.iter().zip(preds) {
        let gold: Vec<usize> = s.tags.iter().map(|t| tag_index(t)).collect();
        let pc = chunks(&pred);
        let gc = chunks(&gold);
        for c in &pc {
            np[c.0] += 1;
            if gc.contains(c) {
                tp[c.0] += 1;
            }
        }
        for c in &gc {
            ng[c.0] += 1;
        }
    }
    let prf = |tp: usize, np: usize, ng: usize| {
        let p = if np > 0 { tp as f64 / np as f64 } else { 0.0 };
        let r = if ng > 0 { tp as f64 / ng as f64 } else { 0.0 };
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    };
    let (p, r, f) = prf(tp.iter().sum(), np.iter().sum(), ng.iter().sum());
    let per = (1..ntypes)
        .map(|t| {
            let name = entity_type(2 * t - 1).map_or("?".to_string(), |e| format!("{e:?}"));
            (name, prf(tp[t], np[t], ng[t]).2)
        })
        .collect();
    (p, r, f, per)
}
