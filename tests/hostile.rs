//! Hostile and broken inputs (issue 6): for every fixture in `tests/fixtures/hostile/`, `render` and
//! `extract` give either clean output or a clear error naming the file, and the raw bytes written
//! contain no escape sequence, control character or bidi control that did not come from khabar.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn khabar(args: &[&str]) -> Output {
    Command::new(common::khabar_bin())
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run khabar")
}

/// The first character in `bytes` that must never reach a terminal from article text, if any.
fn first_unsafe(bytes: &[u8]) -> Option<(usize, char)> {
    String::from_utf8_lossy(bytes).char_indices().find(|&(_, c)| {
        (c < ' ' && c != '\n')
            || ('\u{7f}'..='\u{9f}').contains(&c)
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
    })
}

fn assert_clean(what: &str, file: &Path, out: &Output) {
    if let Some((at, c)) = first_unsafe(&out.stdout) {
        panic!(
            "{what} {}: unsafe character U+{:04X} at byte {at} of stdout",
            file.display(),
            c as u32
        );
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    if let Some((at, c)) = first_unsafe(stderr.trim_end().as_bytes()) {
        panic!(
            "{what} {}: unsafe character U+{:04X} at byte {at} of stderr: {stderr:?}",
            file.display(),
            c as u32
        );
    }
    if !out.status.success() {
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        assert!(
            stderr.contains(&name),
            "{what} {} failed without naming the file: {stderr}",
            file.display()
        );
        assert_ne!(
            out.status.code(),
            None,
            "{what} {} was killed by a signal (crash)",
            file.display()
        );
    }
}

#[test]
fn render_never_passes_escapes_or_controls() {
    for file in common::hostile_fixtures() {
        let path = file.to_string_lossy();
        for args in [
            vec!["render", "--width", "40", &path],
            vec!["render", "--width", "7", "--base", "rtl", "--shape", &path],
            vec!["render", "--width", "80", "--controls", "strip", &path],
        ] {
            let out = khabar(&args);
            assert_clean("render", &file, &out);
        }
    }
}

#[test]
fn extract_never_passes_escapes_or_controls() {
    for file in common::hostile_fixtures() {
        let out = khabar(&["extract", &file.to_string_lossy()]);
        assert_clean("extract", &file, &out);
        if out.status.success() {
            for line in String::from_utf8_lossy(&out.stdout).lines() {
                let v: serde_json::Value = serde_json::from_str(line).expect("extract prints JSON");
                assert!(v.get("id").is_some(), "record without id: {line}");
            }
        }
    }
}

#[test]
fn one_bad_file_never_stops_the_others() {
    let seed = common::repo_path("seeds/000_3c23b7db6eabfe86.txt");
    let mut args: Vec<String> = vec!["extract".into()];
    args.extend(
        common::hostile_fixtures()
            .iter()
            .map(|p| p.to_string_lossy().into_owned()),
    );
    args.push(seed.to_string_lossy().into_owned());
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = khabar(&refs);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("ستولتنبرغ يناقش مع بايدن ضرورة إجراء حوار مع روسيا"),
        "the seed article is missing from the output"
    );
    // Some fixtures are unreadable by design (NUL bytes, malformed JSON, entity bombs):
    // the exit code says that something failed.
    assert_eq!(
        out.status.code(),
        Some(1),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn external_entities_are_never_resolved() {
    for name in ["external_entity.rss", "external_entity.atom"] {
        let file = common::repo_path(&format!("tests/fixtures/hostile/{name}"));
        let out = khabar(&["extract", &file.to_string_lossy()]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            !stdout.contains("root:"),
            "{name}: /etc/passwd leaked: {stdout}"
        );
        let hostname = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
        let hostname = hostname.trim();
        if !hostname.is_empty() {
            assert!(!stdout.contains(hostname), "{name}: /etc/hostname leaked");
        }
    }
}

#[test]
fn huge_paragraph_and_many_paragraphs_load_and_render() {
    let dir = tempfile::tempdir().expect("tempdir");
    let big = dir.path().join("ten_megabyte_paragraph.txt");
    let word = "الاجتماع ";
    let mut text = String::from("عنوان\n");
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(word);
    }
    text.push('\n');
    std::fs::write(&big, &text).expect("write");
    let many = dir.path().join("two_hundred_thousand_paragraphs.txt");
    let mut text = String::from("عنوان\n");
    for i in 0..200_000 {
        text.push_str(if i % 2 == 0 { "كلمة\n" } else { "word\n" });
    }
    std::fs::write(&many, &text).expect("write");

    let out = khabar(&["extract", &many.to_string_lossy()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON record");
    let paragraphs = v["paragraphs"].as_array().map(Vec::len).unwrap_or(0);
    assert_eq!(
        paragraphs,
        200_000 - 1,
        "line 2 is the lead, the rest are paragraphs"
    );

    let out = khabar(&["render", "--width", "100", &big.to_string_lossy()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = String::from_utf8_lossy(&out.stdout).lines().count();
    // 10 MiB of 18-byte, 9-cell words ("الاجتماع "): about 582,000 words at 11 a row.
    assert!(rows > 50_000, "only {rows} rows");
    assert!(first_unsafe(&out.stdout).is_none());
}

#[cfg(unix)]
#[test]
fn symlink_loop_and_dangling_link_in_a_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("library");
    std::fs::create_dir_all(root.join("sub")).expect("mkdir");
    std::fs::write(root.join("sub/good.txt"), "عنوان جيد\nمقدمة\nفقرة\n").expect("write");
    std::os::unix::fs::symlink(&root, root.join("sub/loop")).expect("symlink");
    std::os::unix::fs::symlink(root.join("missing.txt"), root.join("dangling.txt"))
        .expect("symlink");
    let out = khabar(&["extract", &root.to_string_lossy()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout.matches("عنوان جيد").count(),
        1,
        "the good file is loaded exactly once: {stdout}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("dangling.txt"), "stderr: {stderr}");
}
