//! Named-entity benchmark: model load time and tagging throughput on one core.
//!
//! Prints, in one run: the time to decode the shipped model file (vs. the time to just copy its
//! bytes, as a baseline), and tagging throughput in MB/s of text (vs. the throughput of only
//! tokenising and normalising the same text, as a baseline).
//! Text: the bundled seed articles, repeated; with `KHABAR_SHARED` set, ANERcorp's test tokens.

/// The allocator the `khabar` binary uses (`src/main.rs`), so figures match it.
#[global_allocator]
static GLOBAL: khabar::allocator::Allocator = khabar::allocator::Allocator {};

use std::hint::black_box;
use std::time::Instant;

use khabar::analysis::entities::recognize;
use khabar::analysis::gazetteer::Gazetteer;
use khabar::analysis::ner::model::Model;
use khabar::analysis::ner::tokenize::tokenize;
use khabar::analysis::normalize::normalize;

fn main() {
    khabar::allocator::tune();
    let model_bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/ner/model.bin"))
        .expect("model file");
    // Load time.
    let t = Instant::now();
    let reps = 5;
    for _ in 0..reps {
        black_box(Model::from_bytes(black_box(&model_bytes)).expect("model decodes"));
    }
    let load = t.elapsed().as_secs_f64() / reps as f64;
    let t = Instant::now();
    for _ in 0..reps {
        black_box(black_box(&model_bytes).to_vec());
    }
    let copy = t.elapsed().as_secs_f64() / reps as f64;
    println!(
        "model: {} bytes; load {:.1} ms (copying the bytes: {:.3} ms, ratio {:.0}x)",
        model_bytes.len(),
        load * 1e3,
        copy * 1e3,
        load / copy.max(1e-9)
    );

    // The gazetteer, built once per process on first use.
    let t = Instant::now();
    let mut entries = 0;
    for _ in 0..reps {
        entries = black_box(Gazetteer::build()).len();
    }
    let gaz = t.elapsed().as_secs_f64() / reps as f64;
    println!(
        "gazetteer: {entries} entries; build {:.1} ms ({:.1}x the model load)",
        gaz * 1e3,
        gaz / load.max(1e-9)
    );

    // Text to tag.
    let seeds = khabar::article::bundled_seeds();
    let mut blocks: Vec<String> = Vec::new();
    while blocks.iter().map(String::len).sum::<usize>() < 2_000_000 {
        for a in &seeds {
            blocks.extend(a.blocks().iter().map(|b| b.to_string()));
        }
        if seeds.is_empty() {
            break;
        }
    }
    let bytes: usize = blocks.iter().map(String::len).sum();
    let refs: Vec<&str> = blocks.iter().map(String::as_str).collect();
    // Warm up (loads the shipped model once).
    black_box(recognize(&refs[..refs.len().min(10)]));

    let t = Instant::now();
    let mut n = 0usize;
    for b in &refs {
        for tok in tokenize(b) {
            n += normalize(tok.text).len();
        }
    }
    black_box(n);
    let base = t.elapsed().as_secs_f64();

    // Article-sized chunks, as the reader would analyse them.
    let t = Instant::now();
    let mut ents = 0;
    for chunk in refs.chunks(12) {
        ents += recognize(chunk).len();
    }
    black_box(ents);
    let full = t.elapsed().as_secs_f64();
    let mb = bytes as f64 / 1e6;
    println!(
        "tagging + linking: {:.2} MB/s on one core ({:.2} MB in {:.2} s); tokenise+normalise only: {:.1} MB/s; ratio {:.1}x",
        mb / full,
        mb,
        full,
        mb / base,
        full / base.max(1e-9)
    );
}
