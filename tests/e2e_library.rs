//! End to end: the real binary in tmux on a generated library (a gzipped JSON Lines archive and a
//! plain-text article in one folder): the listing, background indexing with progress, search across
//! the library, the library-wide speakers view, and the index cache written for the next start.
//! Skips (with a message) when tmux is not installed.

mod common;
mod tmux_harness;

use std::io::Write;
use std::path::Path;

use tmux_harness::{Pane, tmux_present};

const W: u16 = 120;
const H: u16 = 40;
const ARCHIVED: usize = 400;

/// Writes the library; returns how many articles mention بروكسل.
fn write_library(root: &Path) -> usize {
    std::fs::create_dir_all(root).expect("mkdir");
    let seed = common::repo_path("seeds/000_3c23b7db6eabfe86.txt");
    std::fs::copy(seed, root.join("seed.txt")).expect("copy seed");
    let file = std::fs::File::create(root.join("wire.jsonl.gz")).expect("create");
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
    let mut brussels = 1; // the seed
    for i in 0..ARCHIVED {
        let place = if i % 10 == 0 {
            brussels += 1;
            "بروكسل"
        } else {
            "الرياض"
        };
        let record = serde_json::json!({
            "id": format!("w{i}"),
            "title": format!("اجتماع رقم {i} في {place}"),
            "date": format!("2021-06-{:02}", 1 + i % 28),
            "paragraphs": [
                format!("عقد الوزراء اجتماعهم في {place} يوم الاثنين."),
                format!("وقال المتحدث باسم الوزارة: «الاجتماع رقم {i} كان مثمرا»."),
            ],
        });
        writeln!(gz, "{record}").expect("write");
    }
    gz.finish().expect("finish");
    brussels
}

#[test]
fn library_in_tmux_lists_indexes_searches_and_caches() {
    if !tmux_present() {
        eprintln!("skipping: tmux is not installed");
        return;
    }
    let lib = tempfile::tempdir().expect("tempdir");
    let brussels = write_library(lib.path());
    let root = lib.path().to_string_lossy().into_owned();
    let bin = common::khabar_bin();
    let pane = Pane::start(&bin, &[&root], &[], W, H);
    let total = format!("{} articles", ARCHIVED + 1);
    pane.wait_screen("the full listing", |s| s.contains(&total));
    // Indexing runs in the background with its progress in the status bar, until it is done.
    pane.wait_screen("the index", |s| {
        let status = s.lines().nth(H as usize - 1).unwrap_or("");
        !status.contains("indexing") && !status.contains("listing")
    });

    // Search every article: the harakat in the query do not matter.
    pane.keys(&["S"]);
    pane.keys(&["-l", "بُروكسل"]);
    pane.wait_screen("the query in the status bar", |s| {
        s.contains("search library")
    });
    pane.keys(&["Enter"]);
    let screen = pane.wait_screen("search results", |s| s.contains("Articles matching"));
    // The heading starts with the (Arabic) query, so it reads right to left: "… — N articles".
    let want = format!("articles {brussels} —");
    assert!(screen.contains(&want), "{want}:\n{screen}");
    pane.keys(&["Escape"]);
    pane.wait_screen("results closed", |s| !s.contains("Articles matching"));

    // Who is quoted most across the library: the ministry's spokesman, once per archived article.
    pane.keys(&["W"]);
    let screen = pane.wait_screen("the speakers view", |s| s.contains("Who is quoted most"));
    let spokesman = screen
        .lines()
        .find(|l| l.contains(&format!("{ARCHIVED:>5} {ARCHIVED:>5}")))
        .unwrap_or_else(|| {
            panic!("a speaker with {ARCHIVED} quotes in {ARCHIVED} articles:\n{screen}")
        });
    assert!(!spokesman.trim().is_empty());
    pane.keys(&["Escape"]);
    pane.keys(&["q"]);
    let (status, _) = pane.wait_exit();
    assert_eq!(status, 0);
    // The index was cached for the next start.
    let cache = pane.dir.path().join(".cache/khabar");
    let cached = std::fs::read_dir(&cache)
        .map(|d| {
            d.flatten()
                .any(|f| f.file_name().to_string_lossy().starts_with("index-"))
        })
        .unwrap_or(false);
    assert!(cached, "no index cache in {}", cache.display());
}
