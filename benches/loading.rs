//! Loader throughput: a folder of 10,000 generated article files, a 50 MB JSON Lines file, and
//! (when present) the shared SaudiNewsNet archive. Each figure is printed next to a baseline
//! measured in the same run (raw reading / raw decompression of the same bytes), as a ratio.
//!
//! Run: `cargo bench --bench loading` (set KHABAR_SHARED to find ../shared elsewhere).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use khabar::article::{self, LoadEvent, LoadOptions};

const SEED: &str = include_str!("../seeds/000_3c23b7db6eabfe86.txt");

fn seed_lines() -> Vec<&'static str> {
    SEED.lines().filter(|l| !l.trim().is_empty()).collect()
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn report(what: &str, articles: usize, bytes: u64, secs: f64, baseline_secs: f64) {
    println!(
        "{what}: {articles} articles, {:.1} MB in {secs:.3} s = {:.0} articles/s, {:.1} MB/s \
         (baseline raw read {:.1} MB/s; loader/baseline time ratio {:.2})",
        mb(bytes),
        articles as f64 / secs,
        mb(bytes) / secs,
        mb(bytes) / baseline_secs,
        secs / baseline_secs,
    );
}

fn make_folder(root: &Path) -> (Vec<PathBuf>, u64) {
    let lines = seed_lines();
    let mut files = Vec::new();
    let mut bytes = 0;
    for i in 0..10_000 {
        let dir = root.join(format!("d{:03}", i / 100));
        if i % 100 == 0 {
            std::fs::create_dir_all(&dir).expect("mkdir");
        }
        // Vary length: title, lead and 2..=11 paragraphs.
        let n = 2 + (i % 10);
        let mut text = format!("{} ({i})\n", lines[0]);
        for line in lines.iter().skip(1).take(n + 1) {
            text.push_str(line);
            text.push('\n');
        }
        let path = dir.join(format!("a{i:05}.txt"));
        bytes += text.len() as u64;
        std::fs::write(&path, text).expect("write");
        files.push(path);
    }
    (files, bytes)
}

fn make_jsonl(path: &Path, target: u64) -> (usize, u64) {
    use std::io::Write;
    let lines = seed_lines();
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    let mut bytes = 0u64;
    let mut n = 0;
    while bytes < target {
        let record = serde_json::json!({
            "id": format!("r{n}"),
            "source": "bench",
            "url": format!("https://example.org/{n}"),
            "date": "2015-07-21 02:51:32",
            "title": format!("{} {n}", lines[0]),
            "paragraphs": &lines[1 + n % 3..],
        });
        let line = serde_json::to_string(&record).expect("json");
        out.write_all(line.as_bytes()).expect("write");
        out.write_all(b"\n").expect("write");
        bytes += line.len() as u64 + 1;
        n += 1;
    }
    out.flush().expect("flush");
    (n, bytes)
}

fn count_stream(paths: &[PathBuf], opts: &LoadOptions) -> (usize, usize) {
    let (mut articles, mut errors) = (0, 0);
    for event in article::stream_paths(paths, opts) {
        match event {
            LoadEvent::Article(_) => articles += 1,
            LoadEvent::Error(_) => errors += 1,
            LoadEvent::Warning(_) => {}
        }
    }
    (articles, errors)
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let opts = LoadOptions::default();
    println!("threads: {}", rayon::current_num_threads());

    // 1. A folder of 10,000 article files.
    let folder = dir.path().join("folder");
    let (files, bytes) = make_folder(&folder);
    let t = Instant::now();
    let mut raw = 0u64;
    for f in &files {
        raw += std::fs::read(f).expect("read").len() as u64;
    }
    let baseline = t.elapsed().as_secs_f64();
    assert_eq!(raw, bytes);
    let t = Instant::now();
    let loaded = article::load_paths(std::slice::from_ref(&folder), &opts);
    let secs = t.elapsed().as_secs_f64();
    assert_eq!(loaded.articles.len(), 10_000);
    report(
        "folder, load_paths (parallel)",
        10_000,
        bytes,
        secs,
        baseline,
    );
    let t = Instant::now();
    let (n, errors) = count_stream(std::slice::from_ref(&folder), &opts);
    let secs = t.elapsed().as_secs_f64();
    assert_eq!((n, errors), (10_000, 0));
    report(
        "folder, stream_paths (one thread)",
        n,
        bytes,
        secs,
        baseline,
    );

    // 2. A 50 MB JSON Lines file.
    let jsonl = dir.path().join("big.jsonl");
    let (records, bytes) = make_jsonl(&jsonl, 50_000_000);
    let t = Instant::now();
    let raw = std::fs::read(&jsonl).expect("read").len() as u64;
    let baseline = t.elapsed().as_secs_f64();
    assert_eq!(raw, bytes);
    let t = Instant::now();
    let (n, errors) = count_stream(std::slice::from_ref(&jsonl), &opts);
    let secs = t.elapsed().as_secs_f64();
    assert_eq!((n, errors), (records, 0));
    report("50 MB JSON Lines, stream_paths", n, bytes, secs, baseline);
    let t = Instant::now();
    let loaded = article::load_paths(std::slice::from_ref(&jsonl), &opts);
    let secs = t.elapsed().as_secs_f64();
    assert_eq!(loaded.articles.len(), records);
    drop(loaded);
    report(
        "50 MB JSON Lines, load_paths",
        records,
        bytes,
        secs,
        baseline,
    );

    // 3. The shared archive, if present.
    let shared = std::env::var_os("KHABAR_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let archive = shared.join("bench/saudinewsnet.jsonl.gz");
    if archive.exists() {
        let t = Instant::now();
        let mut decoder = flate2::read::MultiGzDecoder::new(std::io::BufReader::new(
            std::fs::File::open(&archive).expect("open"),
        ));
        let mut sink = vec![0u8; 1 << 16];
        let mut unzipped = 0u64;
        loop {
            let k = decoder.read(&mut sink).expect("gunzip");
            if k == 0 {
                break;
            }
            unzipped += k as u64;
        }
        let baseline = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let (n, errors) = count_stream(std::slice::from_ref(&archive), &opts);
        let secs = t.elapsed().as_secs_f64();
        println!(
            "shared archive {}: {n} articles ({errors} errors), {:.1} MB uncompressed in {secs:.3} s \
             = {:.0} articles/s, {:.1} MB/s (baseline gunzip alone {:.1} MB/s; ratio {:.2})",
            archive.display(),
            mb(unzipped),
            n as f64 / secs,
            mb(unzipped) / secs,
            mb(unzipped) / baseline,
            secs / baseline,
        );
    } else {
        println!(
            "shared archive not found at {} (set KHABAR_SHARED)",
            archive.display()
        );
    }
}
