//! Archive scale: the reader and the library on the 31,030-article SaudiNewsNet archive.
//!
//! Prints, in one run, each figure next to a baseline measured in the same run:
//! - time to the reader's first frame (library opened, one frame drawn into a 200x60 TestBackend)
//!   and until every title is listed, against just decompressing the archive;
//! - peak memory after listing and indexing (VmHWM), against the archive's uncompressed size;
//! - time until the library-wide index is complete and analysis MB/s per core;
//! - search latency over the archive (median and worst of several queries), against the index
//!   lookup alone;
//! - `khabar extract` MB/s on one core and on all cores (on the first articles of the archive).
//!
//! Run: `cargo bench --bench archive` (the archive is read from `KHABAR_SHARED` or `../shared`;
//! it is never copied into the project). `KHABAR_BENCH_EXTRACT_ARTICLES` sets how many articles the
//! extract runs use (default 4000).

/// The allocator the `khabar` binary uses (`src/main.rs`), so figures match it.
#[global_allocator]
static GLOBAL: khabar::allocator::Allocator = khabar::allocator::Allocator {};

use std::io::{BufRead, Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use khabar::library::{Library, OpenOptions};
use khabar::ui::config::UiConfig;
use khabar::ui::{App, ReadState, widgets};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn archive() -> Option<PathBuf> {
    let shared = std::env::var_os("KHABAR_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared")));
    let path = shared.join("bench/saudinewsnet.jsonl.gz");
    path.exists().then_some(path)
}

fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn main() {
    khabar::allocator::tune();
    let Some(path) = archive() else {
        println!("archive not found (set KHABAR_SHARED to the shared folder); nothing measured");
        return;
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cache = tempfile::tempdir().expect("temp cache dir");

    // The reader on the archive: first frame, then the full listing, then the index.
    let opts = OpenOptions {
        cache_dir: Some(cache.path().to_path_buf()),
        ..OpenOptions::default()
    };
    let t = Instant::now();
    let library = Library::open(vec![path.clone()], opts.clone());
    let mut app = App::new(UiConfig::defaults(), library, ReadState::in_memory());
    let mut term = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    term.draw(|f| widgets::render(&mut app, f)).expect("draw");
    let first_frame = t.elapsed();
    while !app.library.progress().listing_done {
        std::thread::sleep(Duration::from_millis(1));
    }
    app.poll_background();
    term.draw(|f| widgets::render(&mut app, f)).expect("draw");
    let listed = t.elapsed();
    let after_listing = peak_rss_bytes();
    let articles = app.library.len();
    // A keypress while the index is being built: open the first article (analysed on demand).
    let tk = Instant::now();
    app.handle_key(crossterm::event::KeyEvent::from(
        crossterm::event::KeyCode::Enter,
    ));
    term.draw(|f| widgets::render(&mut app, f)).expect("draw");
    let open_during_index = tk.elapsed();
    app.library.wait();
    let indexed = t.elapsed();
    // Peak memory of the library alone: measured before the baseline below allocates anything.
    let peak = peak_rss_bytes();

    // Baseline: decompress the archive, nothing else.
    let t = Instant::now();
    let mut raw = Vec::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(&path).expect("archive"))
        .read_to_end(&mut raw)
        .expect("decompress");
    let decompress = t.elapsed();
    let uncompressed = raw.len() as u64;
    let text_bytes: u64 = raw
        .lines()
        .map_while(Result::ok)
        .enumerate()
        .filter_map(|(i, l)| {
            khabar::article::json::parse_line(&l, i + 1, i + 1, "archive", "a").ok()
        })
        .map(|a| a.text_len() as u64)
        .sum();
    drop(raw);

    println!(
        "archive: {articles} articles, {:.1} MB compressed, {:.1} MB uncompressed, {:.1} MB of article text; {cores} cores",
        mb(std::fs::metadata(&path).map_or(0, |m| m.len())),
        mb(uncompressed),
        mb(text_bytes)
    );
    println!(
        "baseline: decompressing the archive alone takes {:.3} s",
        decompress.as_secs_f64()
    );
    println!(
        "first frame of the reader: {:.1} ms ({:.2}x the decompression baseline; target < 500 ms: {})",
        first_frame.as_secs_f64() * 1e3,
        first_frame.as_secs_f64() / decompress.as_secs_f64(),
        if first_frame < Duration::from_millis(500) {
            "met"
        } else {
            "missed"
        }
    );
    println!(
        "every title listed after {:.3} s ({:.2}x the decompression baseline)",
        listed.as_secs_f64(),
        listed.as_secs_f64() / decompress.as_secs_f64()
    );
    println!(
        "opening an article while the index is built: {:.1} ms (key to frame)",
        open_during_index.as_secs_f64() * 1e3
    );
    let index_secs = (indexed - listed).as_secs_f64();
    let per_core = mb(text_bytes) / index_secs / cores as f64;
    println!(
        "library index complete after {:.1} s ({:.1} s of analysis on {cores} threads): {:.2} MB/s per core \
         ({:.2}x the 5 MB/s per-core target)",
        indexed.as_secs_f64(),
        index_secs,
        per_core,
        per_core / 5.0
    );
    if let Some(m) = after_listing {
        println!(
            "peak memory once every title is listed: {:.1} MB = {:.2}x the uncompressed archive",
            mb(m),
            m as f64 / uncompressed as f64
        );
    }
    if let Some(peak) = peak {
        println!(
            "peak memory (VmHWM) after listing and indexing: {:.1} MB = {:.2}x the uncompressed archive (target < 2x: {})",
            mb(peak),
            peak as f64 / uncompressed as f64,
            if peak < 2 * uncompressed {
                "met"
            } else {
                "missed"
            }
        );
    }

    // Reopening: the index comes from the on-disk cache.
    drop(app);
    let t = Instant::now();
    let library = Library::open(vec![path.clone()], opts);
    library.wait();
    println!(
        "reopen with the cached index: ready after {:.3} s (from cache: {}; {:.2}x the decompression baseline)",
        t.elapsed().as_secs_f64(),
        library.progress().from_cache,
        t.elapsed().as_secs_f64() / decompress.as_secs_f64()
    );

    // Search latency.
    let queries = [
        "السعودية",
        "وزير الخارجية",
        "الرياض",
        "أمطار غزيرة",
        "النفط",
        "الأمم المتحدة",
        "كرة القدم",
        "مستشفى",
        "الحوثيين",
        "جامعة الملك سعود",
    ];
    let index = library.index().expect("index");
    let mut full = Vec::new();
    let mut lookup = Vec::new();
    let mut found = 0;
    for q in queries {
        for _ in 0..3 {
            let t = Instant::now();
            let ids = index.search_articles(q);
            lookup.push(t.elapsed());
            let t = Instant::now();
            let (n, hits) = library.search(q, 20);
            full.push(t.elapsed());
            found += n;
            std::hint::black_box((ids, hits));
        }
    }
    full.sort();
    lookup.sort();
    let median = |v: &[Duration]| v[v.len() / 2].as_secs_f64() * 1e3;
    let worst = |v: &[Duration]| v[v.len() - 1].as_secs_f64() * 1e3;
    println!(
        "search over the archive ({} queries x3, first 20 hits with positions): median {:.2} ms, worst {:.2} ms \
         (index lookup alone: median {:.3} ms; {:.1}x); {} matching articles in all; target < 50 ms: {}",
        queries.len(),
        median(&full),
        worst(&full),
        median(&lookup),
        median(&full) / median(&lookup).max(1e-6),
        found / 3,
        if worst(&full) < 50.0 { "met" } else { "missed" }
    );
    drop(library);

    // khabar extract: one core against all cores on the first articles.
    let n: usize = std::env::var("KHABAR_BENCH_EXTRACT_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4000);
    let dir = tempfile::tempdir().expect("tempdir");
    let sample = dir.path().join("sample.jsonl");
    let mut out = std::fs::File::create(&sample).expect("sample");
    let reader = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(
        std::fs::File::open(&path).expect("archive"),
    ));
    let mut sample_bytes = 0u64;
    for line in reader.lines().map_while(Result::ok).take(n) {
        sample_bytes += line.len() as u64 + 1;
        writeln!(out, "{line}").expect("write sample");
    }
    drop(out);
    let run = |threads: Option<usize>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_khabar"));
        cmd.arg("extract")
            .arg(&sample)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(t) = threads {
            cmd.env("RAYON_NUM_THREADS", t.to_string());
        }
        let t = Instant::now();
        let ok = cmd.status().is_ok_and(|s| s.success());
        (t.elapsed().as_secs_f64(), ok)
    };
    let (one, ok1) = run(Some(1));
    let (all, ok2) = run(None);
    println!(
        "khabar extract on {n} articles ({:.1} MB JSON Lines): one core {:.2} MB/s, all {cores} cores {:.2} MB/s \
         (speed-up {:.2}x){}",
        mb(sample_bytes),
        mb(sample_bytes) / one,
        mb(sample_bytes) / all,
        one / all,
        if ok1 && ok2 { "" } else { " [extract failed]" }
    );
    println!(
        "layout throughput against fribidi on the archive's text: `cargo bench --bench layout`"
    );
}
