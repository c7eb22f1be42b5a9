//! Extraction throughput: quotes and entities together (`analysis::analyze`), on one core and on
//! all cores, over the first megabytes of the bench corpus (`shared/bench/saudinewsnet.jsonl.gz`),
//! or generated text when it is absent. Figures are printed as MB/s and as ratios to a baseline
//! measured in the same run (normalising the same text, a lower bound for any analysis pass).
//!
//! `cargo bench --bench analysis` (env `KHABAR_BENCH_MB`, default 4).

/// The allocator the `khabar` binary uses (`src/main.rs`), so figures match it.
#[global_allocator]
static GLOBAL: khabar::allocator::Allocator = khabar::allocator::Allocator {};

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::time::Instant;

use khabar::analysis::{analyze, normalize::normalize};
use khabar::article::Article;
use rayon::prelude::*;

fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("KHABAR_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    dir.is_dir().then_some(dir)
}

fn corpus(limit: usize) -> (Vec<Article>, &'static str) {
    if let Some(dir) = shared_dir()
        && let Ok(f) = std::fs::File::open(dir.join("bench/saudinewsnet.jsonl.gz"))
    {
        let reader = BufReader::new(flate2::read::GzDecoder::new(f));
        let mut out = Vec::new();
        let mut size = 0;
        for line in reader.lines() {
            let Ok(line) = line else { break };
            let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
                continue;
            };
            let paragraphs: Vec<String> = v["paragraphs"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|p| p.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            let art = Article {
                id: v["id"].as_str().unwrap_or_default().to_string(),
                title: v["title"].as_str().unwrap_or_default().to_string(),
                paragraphs,
                ..Article::default()
            };
            size += art.text_len();
            out.push(art);
            if size >= limit {
                break;
            }
        }
        if !out.is_empty() {
            return (out, "saudinewsnet");
        }
    }
    let para = "وقال الأمين العام لحلف \"الناتو\" ينس ستولتنبرغ للصحفيين، \"ناقشنا مجموعة واسعة من القضايا مع روسيا والصين\"، مضيفاً أن \"الحوار مع روسيا ليس ضعفاً\". وتابع البيان: «نحن ممتنون».";
    let mut out = Vec::new();
    let mut size = 0;
    let mut i = 0;
    while size < limit {
        let art = Article {
            id: i.to_string(),
            title: "ستولتنبرغ يناقش مع بايدن ضرورة الحوار".to_string(),
            paragraphs: vec![para.to_string(); 6],
            ..Article::default()
        };
        size += art.text_len();
        out.push(art);
        i += 1;
    }
    (out, "generated")
}

fn main() {
    // Batch analysis, as `khabar extract` runs it.
    khabar::allocator::tune();
    khabar::allocator::tune_for_batch();
    let mb: f64 = std::env::var("KHABAR_BENCH_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4.0);
    let (arts, source) = corpus((mb * 1e6) as usize);
    let bytes: usize = arts.iter().map(Article::text_len).sum();
    let mbytes = bytes as f64 / 1e6;
    println!("corpus: {source}, {} articles, {mbytes:.2} MB", arts.len());

    // Baseline: normalise every block (one pass over the text).
    let t = Instant::now();
    let mut n = 0usize;
    for a in &arts {
        for b in a.blocks() {
            n += normalize(b).len();
        }
    }
    let base = t.elapsed().as_secs_f64();
    std::hint::black_box(n);

    // One core: quotes + entities.
    let t = Instant::now();
    let mut quotes = 0usize;
    let mut entities = 0usize;
    for a in &arts {
        let r = analyze(a);
        quotes += r.quotes.len();
        entities += r.entities.len();
    }
    let one = t.elapsed().as_secs_f64();

    // Quotes and speakers alone (entities computed beforehand, not timed).
    let pre: Vec<(Vec<&str>, Vec<khabar::analysis::Entity>)> = arts
        .iter()
        .map(|a| {
            let b = a.blocks();
            let e = khabar::analysis::entities::recognize(&b);
            (b, e)
        })
        .collect();
    let t = Instant::now();
    let mut q2 = 0usize;
    for (b, e) in &pre {
        let spans = khabar::analysis::quotes::find_spans(b);
        q2 += khabar::analysis::speakers::attribute(b, &spans, e).len();
    }
    let qonly = t.elapsed().as_secs_f64();
    assert_eq!(q2, quotes);

    // All cores.
    let t = Instant::now();
    let q_all: usize = arts.par_iter().map(|a| analyze(a).quotes.len()).sum();
    let all = t.elapsed().as_secs_f64();
    assert_eq!(q_all, quotes);

    println!("found: {quotes} quotes, {entities} entities");
    println!("baseline (normalise): {:.1} MB/s", mbytes / base);
    println!(
        "analyze, one core:    {:.2} MB/s  ({:.1}x the baseline's time; target >= 5 MB/s)",
        mbytes / one,
        one / base
    );
    println!(
        "quotes+speakers only: {:.2} MB/s  ({:.1}x the baseline's time)",
        mbytes / qonly,
        qonly / base
    );
    println!(
        "analyze, {} threads:   {:.2} MB/s  (speed-up {:.2}x over one core)",
        rayon::current_num_threads(),
        mbytes / all,
        one / all
    );
}
