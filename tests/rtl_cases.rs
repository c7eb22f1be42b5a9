//! The screen rows of every case in `shared/rtl/cases` (made by an independent oracle: GNU
//! FriBidi and arabic_reshaper) must equal what khabar lays out, row by row: through the library
//! and through the `khabar render` binary, plain, shaped, and with `--controls strip` where the
//! case has it.

mod common;

use std::path::Path;
use std::process::Command;

use khabar::text::{BaseDirection, ControlPolicy, LayoutOptions, ParagraphLayout};

/// One expected screen: which file, and the options that produce it.
struct Screen {
    file: String,
    width: usize,
    base: String,
    shape: bool,
    strip: bool,
}

fn screens(case: &Path) -> Vec<Screen> {
    let json = std::fs::read_to_string(case.join("case.json")).expect("case.json");
    let v: serde_json::Value = serde_json::from_str(&json).expect("case.json parses");
    let widths: Vec<usize> = v["widths"]
        .as_array()
        .expect("widths")
        .iter()
        .map(|w| w.as_u64().expect("width") as usize)
        .collect();
    let bases: Vec<String> = v["bases"]
        .as_array()
        .expect("bases")
        .iter()
        .map(|b| b.as_str().expect("base").to_string())
        .collect();
    let mut out = Vec::new();
    for &width in &widths {
        for base in &bases {
            for (suffix, shape, strip) in [
                ("plain", false, false),
                ("shaped", true, false),
                ("plain-strip", false, true),
            ] {
                let file = format!("w{width}-{base}-{suffix}.txt");
                let required = !strip;
                if required || case.join("expected").join(&file).exists() {
                    out.push(Screen {
                        file,
                        width,
                        base: base.clone(),
                        shape,
                        strip,
                    });
                }
            }
        }
    }
    out
}

fn paragraphs(input: &str) -> Vec<&str> {
    let body = input.strip_suffix('\n').unwrap_or(input);
    body.split('\n').collect()
}

fn base_of(name: &str) -> BaseDirection {
    match name {
        "rtl" => BaseDirection::Rtl,
        "ltr" => BaseDirection::Ltr,
        "auto-rtl" => BaseDirection::AutoRtl,
        _ => BaseDirection::Auto,
    }
}

fn library_rows(input: &str, s: &Screen) -> Vec<String> {
    let opts = LayoutOptions {
        width: s.width,
        base: base_of(&s.base),
        controls: if s.strip {
            ControlPolicy::Strip
        } else {
            ControlPolicy::Honor
        },
        shape: s.shape,
    };
    let mut rows = Vec::new();
    for p in paragraphs(input) {
        let mut para = ParagraphLayout::new(p, opts.base, opts.controls);
        rows.extend(
            para.rows(opts.width, opts.shape)
                .iter()
                .map(|r| r.to_line()),
        );
    }
    rows
}

fn binary_rows(input_path: &Path, s: &Screen) -> Vec<String> {
    let mut cmd = Command::new(common::khabar_bin());
    cmd.arg("render")
        .arg("--width")
        .arg(s.width.to_string())
        .arg("--base")
        .arg(&s.base);
    if s.shape {
        cmd.arg("--shape");
    }
    if s.strip {
        cmd.args(["--controls", "strip"]);
    }
    let out = cmd.arg(input_path).output().expect("run khabar render");
    assert!(out.status.success(), "khabar render failed: {out:?}");
    let text = String::from_utf8(out.stdout).expect("render prints UTF-8");
    paragraphs(&text).into_iter().map(str::to_string).collect()
}

fn codepoints(s: &str) -> String {
    s.chars()
        .map(|c| format!("{:04X}", u32::from(c)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A readable description of the differences, or None when equal.
fn diff(expected: &[String], got: &[String]) -> Option<String> {
    if expected == got {
        return None;
    }
    let mut msg = format!(
        "{} expected rows, {} rows laid out\n",
        expected.len(),
        got.len()
    );
    for i in 0..expected.len().max(got.len()) {
        let e = expected.get(i).map_or("<none>", String::as_str);
        let g = got.get(i).map_or("<none>", String::as_str);
        if e != g {
            msg.push_str(&format!(
                "  row {i}:\n    expected |{e}|\n    got      |{g}|\n    expected {}\n    got      {}\n",
                codepoints(e),
                codepoints(g)
            ));
        }
    }
    Some(msg)
}

#[test]
fn every_case_matches_the_oracle() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let cases_dir = shared.join("rtl/cases");
    let mut cases: Vec<_> = std::fs::read_dir(&cases_dir)
        .expect("rtl/cases")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("case.json").exists())
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no cases in {}", cases_dir.display());
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in &cases {
        let input_path = case.join("input.txt");
        let input = std::fs::read_to_string(&input_path).expect("input.txt");
        for s in screens(case) {
            let expected_text =
                std::fs::read_to_string(case.join("expected").join(&s.file)).expect("expected");
            let expected: Vec<String> = paragraphs(&expected_text)
                .into_iter()
                .map(|l| l.trim_end_matches(' ').to_string())
                .collect();
            let name = format!(
                "{}/{}",
                case.file_name().unwrap_or_default().to_string_lossy(),
                s.file
            );
            if let Some(d) = diff(&expected, &library_rows(&input, &s)) {
                failures.push(format!("library {name}: {d}"));
            }
            if let Some(d) = diff(&expected, &binary_rows(&input_path, &s)) {
                failures.push(format!("khabar render {name}: {d}"));
            }
            checked += 1;
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} screens differ from the oracle:\n{}",
        failures.len(),
        checked,
        failures.join("\n")
    );
    eprintln!("{checked} screens match the oracle");
}
