//! Layout throughput (wrap + reorder + align, with and without shaping) on a large Arabic text,
//! compared in the same run with `fribidi --nobreak --nopad --clean --rtl` on the same text
//! (FriBidi does less: no wrapping). Run with `cargo bench --bench layout`.
//!
//! Text: paragraphs of `shared/bench/saudinewsnet.jsonl.gz` (first ~20 MB; `KHABAR_SHARED` or
//! `../shared`), else a generated mixed Arabic text. Figures are best of three passes.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use khabar::text::{BaseDirection, ControlPolicy, ParagraphLayout};

const TARGET_BYTES: usize = 20 << 20;
const WIDTH: usize = 80;
const PASSES: usize = 3;

fn shared_dir() -> PathBuf {
    std::env::var_os("KHABAR_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

/// Paragraphs of the news corpus, or None when it is absent or unreadable.
fn corpus() -> Option<Vec<String>> {
    let path = shared_dir().join("bench/saudinewsnet.jsonl.gz");
    let file = std::fs::File::open(&path).ok()?;
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut paras = Vec::new();
    let mut total = 0;
    for line in reader.lines() {
        let Ok(line) = line else { break };
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        for p in v["paragraphs"].as_array().into_iter().flatten() {
            if let Some(p) = p.as_str() {
                let p = p.replace(['\n', '\r'], " ");
                total += p.len() + 1;
                paras.push(p);
            }
        }
        if total >= TARGET_BYTES {
            break;
        }
    }
    (!paras.is_empty()).then_some(paras)
}

/// A generated mixed text when the corpus is absent.
fn generated() -> Vec<String> {
    let words = [
        "قال",
        "الرئيس",
        "إن",
        "الاجتماع",
        "في",
        "واشنطن",
        "ناقش",
        "NATO",
        "2030",
        "(الناتو)",
        "بنسبة",
        "3.5%",
        "مُحَمَّدٌ",
        "«الأخبار»",
        "لا",
        "COVID-19",
        "يوم",
        "14/6/2021",
    ];
    let mut paras = Vec::new();
    let mut total = 0;
    let mut seed = 12345u64;
    while total < TARGET_BYTES {
        let mut p = String::new();
        for _ in 0..60 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            if !p.is_empty() {
                p.push(' ');
            }
            p.push_str(words[(seed >> 33) as usize % words.len()]);
        }
        total += p.len() + 1;
        paras.push(p);
    }
    paras
}

fn best_of<F: FnMut() -> Option<usize>>(mut f: F) -> Option<(Duration, usize)> {
    let mut best: Option<(Duration, usize)> = None;
    for _ in 0..PASSES {
        let t = Instant::now();
        let n = f()?;
        let d = t.elapsed();
        if best.is_none_or(|(b, _)| d < b) {
            best = Some((d, n));
        }
    }
    best
}

fn mbps(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / (1 << 20) as f64 / d.as_secs_f64()
}

fn layout_all(paras: &[String], shape: bool) -> usize {
    let mut cells = 0;
    for p in paras {
        let mut para = ParagraphLayout::new(p, BaseDirection::Rtl, ControlPolicy::Honor);
        cells += para
            .rows(WIDTH, shape)
            .iter()
            .map(|r| r.cells.len() + r.indent)
            .sum::<usize>();
    }
    cells
}

fn run_to_null(cmd: &mut Command) -> Option<usize> {
    let status = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    status.success().then_some(1)
}

fn main() {
    let (paras, what) = match corpus() {
        Some(p) => (p, "saudinewsnet paragraphs"),
        None => (
            generated(),
            "generated mixed Arabic text (corpus not found)",
        ),
    };
    let bytes: usize = paras.iter().map(|p| p.len() + 1).sum();
    println!(
        "text: {what}: {} paragraphs, {:.1} MB; width {WIDTH}, base rtl, best of {PASSES}",
        paras.len(),
        bytes as f64 / (1 << 20) as f64
    );

    let plain = best_of(|| Some(layout_all(&paras, false)));
    let shaped = best_of(|| Some(layout_all(&paras, true)));
    let (Some((plain_t, _)), Some((shaped_t, _))) = (plain, shaped) else {
        return;
    };
    let plain_mbps = mbps(bytes, plain_t);
    let shaped_mbps = mbps(bytes, shaped_t);
    println!("khabar layout (wrap+reorder+align):          {plain_mbps:8.1} MB/s");
    println!("khabar layout + shaping:                     {shaped_mbps:8.1} MB/s");

    let mut tmp = match tempfile::NamedTempFile::new() {
        Ok(t) => t,
        Err(e) => {
            println!("cannot create a temp file ({e}); skipping the fribidi comparison");
            return;
        }
    };
    for p in &paras {
        if writeln!(tmp, "{p}").is_err() {
            println!("cannot write the temp file; skipping the fribidi comparison");
            return;
        }
    }
    let path = tmp.path().to_path_buf();

    let render = best_of(|| {
        run_to_null(
            Command::new(env!("CARGO_BIN_EXE_khabar"))
                .args(["render", "--width", &WIDTH.to_string(), "--base", "rtl"])
                .arg(&path),
        )
    });
    if let Some((t, _)) = render {
        println!(
            "khabar render (CLI, file → /dev/null):       {:8.1} MB/s",
            mbps(bytes, t)
        );
    }

    let fribidi = best_of(|| {
        run_to_null(
            Command::new("fribidi")
                .args(["--nobreak", "--nopad", "--clean", "--rtl"])
                .arg(&path),
        )
    });
    match fribidi {
        None => println!(
            "fribidi not found or failed: install it with `apt-get install libfribidi-bin`; no baseline"
        ),
        Some((t, _)) => {
            let f = mbps(bytes, t);
            println!("fribidi --nobreak --nopad --clean --rtl:     {f:8.1} MB/s");
            println!(
                "ratio vs fribidi: layout {:.2}x, layout+shaping {:.2}x{}",
                plain_mbps / f,
                shaped_mbps / f,
                render.map_or(String::new(), |(rt, _)| format!(
                    ", khabar render CLI {:.2}x",
                    mbps(bytes, rt) / f
                ))
            );
        }
    }
}
