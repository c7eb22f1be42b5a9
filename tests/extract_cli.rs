//! `khabar extract` end to end through the built binary: records, formats, stdin, errors and
//! exit codes, and a closed pipe.

mod common;

use std::io::{Read, Write};
use std::process::{Command, Stdio};

const SEED: &str = "000_3c23b7db6eabfe86";
const SEED_TITLE: &str = "ستولتنبرغ يناقش مع بايدن ضرورة إجراء حوار مع روسيا";

fn extract(args: &[&str], stdin: Option<&[u8]>) -> (String, String, i32) {
    let mut child = Command::new(common::khabar_bin())
        .arg("extract")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn khabar");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input)
            .expect("write stdin");
    } else {
        drop(child.stdin.take());
    }
    let out = child.wait_with_output().expect("wait");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn records(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

#[test]
fn no_arguments_extracts_the_bundled_seed() {
    let (out, err, code) = extract(&[], None);
    assert_eq!(code, 0, "{err}");
    let recs = records(&out);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["id"], SEED);
    assert_eq!(recs[0]["title"], SEED_TITLE);
    assert_eq!(recs[0]["paragraphs"].as_array().map(Vec::len), Some(11));
    assert!(recs[0]["quotes"].is_array() && recs[0]["entities"].is_array());
}

#[test]
fn seeds_folder_gives_three_records_in_sorted_order() {
    let (out, err, code) = extract(&["seeds"], None);
    assert_eq!(code, 0, "{err}");
    let recs = records(&out);
    let sources: Vec<_> = recs
        .iter()
        .map(|r| r["source"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        sources,
        vec![
            format!("seeds/{SEED}.json"),
            format!("seeds/{SEED}.rss"),
            format!("seeds/{SEED}.txt")
        ]
    );
    for r in &recs {
        assert_eq!(r["title"], SEED_TITLE);
        assert_eq!(r["id"], SEED);
    }
}

#[test]
fn json_format_is_one_array() {
    let (out, err, code) = extract(&["--format", "json", "seeds"], None);
    assert_eq!(code, 0, "{err}");
    let value: serde_json::Value = serde_json::from_str(&out).expect("one JSON document");
    assert_eq!(value.as_array().map(Vec::len), Some(3));
}

#[test]
fn stdin_is_read_with_dash() {
    let input = "{\"id\":\"s1\",\"title\":\"one\",\"paragraphs\":[\"a\"]}\n{\"id\":\"s2\",\"title\":\"two\",\"body\":\"b\"}\n";
    let (out, err, code) = extract(&["-"], Some(input.as_bytes()));
    assert_eq!(code, 0, "{err}");
    let recs = records(&out);
    let ids: Vec<_> = recs
        .iter()
        .map(|r| r["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(ids, vec!["s1", "s2"]);
    assert_eq!(recs[0]["source"], "-");

    let (out, _, code) = extract(&["-"], Some("Title\nLead\nPara one\nPara two\n".as_bytes()));
    assert_eq!(code, 0);
    let recs = records(&out);
    assert_eq!(recs[0]["title"], "Title");
    assert_eq!(
        recs[0]["paragraphs"],
        serde_json::json!(["Para one", "Para two"])
    );
}

#[test]
fn failures_print_one_line_each_and_exit_1_while_others_load() {
    let (out, err, code) = extract(
        &[
            "tests/fixtures/loaders/malformed.json",
            "seeds/000_3c23b7db6eabfe86.txt",
            "no/such/file.txt",
        ],
        None,
    );
    assert_eq!(code, 1);
    assert_eq!(records(&out).len(), 1);
    let lines: Vec<_> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0]
            .starts_with("khabar: tests/fixtures/loaders/malformed.json: invalid JSON at line 3")
    );
    assert_eq!(lines[1], "khabar: no/such/file.txt: no such file or folder");
}

#[test]
fn closed_stdout_exits_quietly() {
    // Many records, then close our end after reading one line.
    let mut input = String::new();
    for i in 0..20_000 {
        input.push_str(&format!(
            "{{\"id\":\"r{i}\",\"title\":\"t\",\"paragraphs\":[\"p\"]}}\n"
        ));
    }
    let mut child = Command::new(common::khabar_bin())
        .args(["extract", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("stderr");
    let status = child.wait().expect("wait");
    let _ = writer.join();
    assert_eq!(status.code(), Some(0), "stderr: {stderr}");
    assert!(stderr.is_empty(), "stderr: {stderr}");
}

#[test]
fn shared_archive_streams_when_present() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let archive = shared.join("bench/saudinewsnet.jsonl.gz");
    if !archive.exists() {
        return;
    }
    // Read only the first records, then close the pipe: streaming means output starts at once.
    let mut child = Command::new(common::khabar_bin())
        .arg("extract")
        .arg(&archive)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut stdout = std::io::BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut line).expect("output");
    drop(stdout);
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(0));
    let first: serde_json::Value = serde_json::from_str(&line).expect("first record");
    assert_eq!(first["id"], "2015-07-21_0000");
}
