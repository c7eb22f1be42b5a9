//! Article loaders: every seed in every format, every bad-input kind, folders, stdin and gzip.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use khabar::article::{self, Article, LoadEvent, LoadOptions, LoadReport};

const SEED: &str = "000_3c23b7db6eabfe86";
const SEED_TITLE: &str = "ستولتنبرغ يناقش مع بايدن ضرورة إجراء حوار مع روسيا";
const SEED_LEAD_START: &str = "الرئيس الأميركي جو بايدن يلتقي مع الأمين العام لحلف الناتو";
const SEED_FIRST_PARAGRAPH: &str = "أعلن البيت الأبيض، يوم أمس الإثنين، أن الرئيس الأميركي جو بايدن التقى مع الأمين العام لحلف الناتو ينس ستولتنبرغ لبحث قمة الناتو في بروكسل في 14 حزيران/يونيو الحالي.";
const SEED_LAST_PARAGRAPH: &str =
    "ورحب \"الناتو\" باجتماع بايدن مع قادة حلف شمال الأطلسي قبل لقائه مع بوتين.";
const SEED_PARAGRAPHS: usize = 11;

fn seed_path(ext: &str) -> PathBuf {
    common::repo_path(&format!("seeds/{SEED}.{ext}"))
}

fn fixture(name: &str) -> PathBuf {
    common::repo_path(&format!("tests/fixtures/loaders/{name}"))
}

fn load(paths: &[PathBuf]) -> LoadReport {
    article::load_paths(paths, &LoadOptions::default())
}

fn assert_is_seed(a: &Article) {
    assert_eq!(a.title, SEED_TITLE);
    assert!(
        a.lead.as_deref().unwrap_or("").starts_with(SEED_LEAD_START),
        "lead: {:?}",
        a.lead
    );
    assert_eq!(a.paragraphs.len(), SEED_PARAGRAPHS);
    assert_eq!(a.paragraphs[0], SEED_FIRST_PARAGRAPH);
    assert_eq!(a.paragraphs[SEED_PARAGRAPHS - 1], SEED_LAST_PARAGRAPH);
}

/// The one error in `report` whose source ends with `name`.
fn error_for<'a>(report: &'a LoadReport, name: &str) -> &'a str {
    let found: Vec<_> = report
        .errors
        .iter()
        .filter(|e| e.source.ends_with(name))
        .collect();
    assert_eq!(found.len(), 1, "errors for {name}: {:?}", report.errors);
    let line = found[0].to_string();
    assert!(!line.contains('\n'), "one line: {line}");
    assert!(line.contains(name), "names the file: {line}");
    &found[0].reason
}

#[test]
fn seed_text_json_and_rss_load_the_same_article() {
    for ext in ["txt", "json", "rss"] {
        let report = load(&[seed_path(ext)]);
        assert!(report.errors.is_empty(), "{ext}: {:?}", report.errors);
        assert_eq!(report.articles.len(), 1, "{ext}");
        let a = &report.articles[0];
        assert_is_seed(a);
        assert_eq!(a.id, SEED, "{ext}");
        assert!(a.source.ends_with(&format!("{SEED}.{ext}")));
    }
    let rss = &load(&[seed_path("rss")]).articles[0];
    assert_eq!(rss.outlet.as_deref(), Some("khabar seeds"));
    assert_eq!(
        rss.url.as_deref(),
        Some("https://example.org/khabar/000_3c23b7db6eabfe86")
    );
    assert!(rss.date.as_deref().unwrap_or("").starts_with("2021-06-08"));
}

#[test]
fn bundled_seeds_are_the_seed_article_once_and_every_bundled_format_agrees() {
    let seeds = article::bundled_seeds();
    assert_eq!(seeds.len(), 1);
    assert_is_seed(&seeds[0]);
    assert_eq!(article::BUNDLED_SEED_FILES.len(), 3);
    for (name, text) in article::BUNDLED_SEED_FILES {
        let parsed = article::parse_bundled(name, text);
        assert_eq!(parsed.len(), 1, "{name}");
        match &parsed[0] {
            Ok(a) => assert_is_seed(a),
            Err(e) => panic!("{name}: {e}"),
        }
    }
}

#[test]
fn plain_text_accepts_crlf_bom_and_blank_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("crlf.txt");
    std::fs::write(
        &path,
        "\u{feff}Title\r\n\r\nLead\r\n\r\nOne\r\n   \r\nTwo\r\n",
    )
    .expect("write");
    let report = load(&[path]);
    assert!(report.errors.is_empty());
    let a = &report.articles[0];
    assert_eq!(a.title, "Title");
    assert_eq!(a.lead.as_deref(), Some("Lead"));
    assert_eq!(a.paragraphs, vec!["One", "Two"]);
    assert_eq!(a.id, "crlf");
}

#[test]
fn json_array_body_text_content_and_ids() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("many.json");
    std::fs::write(
        &path,
        r#"[{"id":"a1","title":"A","body":"p1\n\np2","extra":{"x":[1,2]}},
            {"title":"B","text":"l1\nl2\nl3"},
            {"title":"C","content":"only","source":"Al Outlet","url":"http://x/c","date":"2015-07-21"}]"#,
    )
    .expect("write");
    let report = load(&[path]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let ids: Vec<_> = report.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, vec!["a1", "many#2", "many#3"]);
    assert_eq!(report.articles[0].paragraphs, vec!["p1", "p2"]);
    assert_eq!(report.articles[1].paragraphs, vec!["l1", "l2", "l3"]);
    let c = &report.articles[2];
    assert_eq!(c.outlet.as_deref(), Some("Al Outlet"));
    assert!(c.source.ends_with("many.json"));
    assert_eq!(c.url.as_deref(), Some("http://x/c"));
    assert_eq!(c.date.as_deref(), Some("2015-07-21"));
}

#[test]
fn atom_feed_turns_html_into_paragraphs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("news.atom");
    std::fs::write(
        &path,
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Outlet</title><id>urn:feed</id>
<updated>2024-01-02T03:04:05Z</updated>
<entry><id>urn:e1</id><title>عنوان</title><updated>2024-01-02T03:04:05Z</updated>
<link href="http://example.org/e1"/>
<content type="html">&lt;p&gt;أولى &amp;amp; ثانية&lt;/p&gt;&lt;p&gt;سطر&lt;br&gt;سطر آخر&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;</content>
</entry></feed>"#,
    )
    .expect("write");
    let report = load(&[path]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let a = &report.articles[0];
    assert_eq!(a.id, "urn:e1");
    assert_eq!(a.title, "عنوان");
    assert_eq!(a.paragraphs, vec!["أولى & ثانية", "سطر", "سطر آخر"]);
    assert_eq!(a.outlet.as_deref(), Some("Atom Outlet"));
    assert_eq!(a.url.as_deref(), Some("http://example.org/e1"));
}

#[test]
fn rss_items_without_guid_get_stable_stem_ids() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("wire.rss");
    std::fs::write(
        &path,
        r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>أول</title><description>نص أول</description></item>
<item><guid>g-2</guid><title>ثان</title><description>نص ثان</description></item>
<item><title>ثالث</title><description>نص ثالث</description></item>
</channel></rss>"#,
    )
    .expect("write");
    let ids = |r: LoadReport| r.articles.into_iter().map(|a| a.id).collect::<Vec<_>>();
    let first = ids(load(std::slice::from_ref(&path)));
    assert_eq!(first, vec!["wire#1", "g-2", "wire#3"]);
    assert_eq!(ids(load(&[path])), first, "ids are the same on every load");
}

#[test]
fn every_bad_input_kind_gives_one_line_and_others_still_load() {
    let names = [
        "empty.txt",
        "binary.txt",
        "utf16-no-bom.txt",
        "invalid-utf8.json",
        "malformed.json",
        "malformed.rss",
        "corrupt.jsonl.gz",
        "not-articles.json",
        "deep-top.json",
    ];
    let mut paths: Vec<PathBuf> = vec![seed_path("txt")];
    paths.extend(names.iter().map(|n| fixture(n)));
    paths.push(fixture("does-not-exist.txt"));
    paths.push(seed_path("json"));
    let report = load(&paths);
    assert_eq!(report.articles.len(), 2, "{:?}", report.errors);
    assert_is_seed(&report.articles[0]);
    assert_is_seed(&report.articles[1]);
    assert_eq!(report.errors.len(), names.len() + 1, "{:?}", report.errors);

    assert_eq!(error_for(&report, "empty.txt"), "empty file");
    assert!(error_for(&report, "binary.txt").contains("binary file (NUL byte at byte offset 7)"));
    assert!(error_for(&report, "utf16-no-bom.txt").contains("UTF-16 without a byte-order mark"));
    assert!(error_for(&report, "invalid-utf8.json").contains("invalid UTF-8 at byte offset 14"));
    let json = error_for(&report, "malformed.json");
    assert!(json.contains("invalid JSON at line 3, column"), "{json}");
    let xml = error_for(&report, "malformed.rss");
    assert!(xml.contains("invalid XML at line 3, column"), "{xml}");
    assert!(error_for(&report, "corrupt.jsonl.gz").contains("cannot read"));
    assert!(error_for(&report, "not-articles.json").contains("not an article"));
    assert!(error_for(&report, "deep-top.json").contains("recursion limit"));
    assert_eq!(
        error_for(&report, "does-not-exist.txt"),
        "no such file or folder"
    );
}

#[test]
fn invalid_utf8_text_loads_lossily_with_a_warning_naming_the_offset() {
    let report = load(&[fixture("invalid-utf8.txt")]);
    assert!(report.errors.is_empty());
    assert_eq!(
        report.articles[0].paragraphs,
        vec!["فقرة أولى", "\u{FFFD}\u{FFFD} bad"]
    );
    assert_eq!(report.warnings.len(), 1);
    // "عنوان\nمقدمة\nفقرة أولى\n" is 10 + 1 + 10 + 1 + 17 + 1 = 40 bytes.
    assert!(report.warnings[0].contains("invalid-utf8.txt"));
    assert!(
        report.warnings[0].contains("byte offset 40"),
        "{:?}",
        report.warnings
    );
}

#[test]
fn utf16_with_bom_is_decoded() {
    let report = load(&[fixture("utf16le-bom.txt")]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let a = &report.articles[0];
    assert_eq!(a.title, "عنوان UTF-16");
    assert_eq!(a.paragraphs, vec!["فقرة أولى"]);
}

#[test]
fn json_lines_bad_line_is_reported_with_its_line_and_the_rest_load() {
    let report = load(&[fixture("mixed.jsonl")]);
    let ids: Vec<_> = report.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, vec!["good-1", "good-2"]);
    assert_eq!(report.articles[1].paragraphs, vec!["a", "b"]);
    let reason = error_for(&report, "mixed.jsonl");
    assert!(reason.contains("line 2, column"), "{reason}");
}

#[test]
fn deeply_nested_unknown_field_does_not_overflow_the_stack() {
    let report = load(&[fixture("deep-nesting.json")]);
    // Either loads (the field is ignored) or fails cleanly: never crashes.
    assert_eq!(report.articles.len() + report.errors.len(), 1);
}

#[test]
fn entity_expansion_and_external_entities_are_not_expanded() {
    let report = load(&[
        fixture("billion-laughs.rss"),
        fixture("external-entity.rss"),
    ]);
    for a in &report.articles {
        assert!(a.text_len() < 10_000, "expanded: {} bytes", a.text_len());
        assert!(
            !a.title.contains("root:"),
            "external entity read: {}",
            a.title
        );
    }
    for e in &report.errors {
        assert!(!e.to_string().contains('\n'));
    }
    assert_eq!(report.articles.len() + report.errors.len(), 2);
}

#[test]
fn files_over_the_size_cap_are_refused() {
    let opts = LoadOptions {
        max_file_size: 1000,
        ..LoadOptions::default()
    };
    let small = fixture("mixed.jsonl");
    let report = article::load_paths(&[seed_path("txt"), small], &opts);
    assert_eq!(report.articles.len(), 2);
    let reason = error_for(&report, &format!("{SEED}.txt"));
    assert!(
        reason.contains("over the size cap of 1000 bytes"),
        "{reason}"
    );
}

#[test]
fn gzip_loads_transparently_and_bombs_are_capped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gz = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        let file = std::fs::File::create(&path).expect("create");
        let mut enc = flate2::write::GzEncoder::new(file, flate2::Compression::default());
        enc.write_all(bytes).expect("gz");
        enc.finish().expect("finish");
        path
    };
    let seed = std::fs::read(seed_path("txt")).expect("seed");
    let seed_gz = gz(&format!("{SEED}.txt.gz"), &seed);
    let lines = gz(
        "archive.jsonl.gz",
        b"{\"id\":\"r1\",\"source\":\"aawsat\",\"title\":\"t1\",\"paragraphs\":[\"x\"]}\n{\"title\":\"t2\",\"paragraphs\":[]}\n",
    );
    let bomb = gz("bomb.txt.gz", &vec![b'a'; 2_000_000]);
    let opts = LoadOptions {
        max_file_size: 1_000_000,
        ..LoadOptions::default()
    };
    let report = article::load_paths(&[seed_gz, lines, bomb], &opts);
    assert_eq!(report.articles.len(), 3, "{:?}", report.errors);
    assert_is_seed(&report.articles[0]);
    assert_eq!(report.articles[0].id, SEED);
    assert_eq!(report.articles[1].id, "r1");
    assert_eq!(report.articles[1].outlet.as_deref(), Some("aawsat"));
    assert_eq!(report.articles[2].id, "archive#2");
    let reason = error_for(&report, "bomb.txt.gz");
    assert!(reason.contains("over the size cap"), "{reason}");

    let opts = LoadOptions {
        max_decompressed_size: 1_000,
        ..LoadOptions::default()
    };
    let bomb = dir.path().join("bomb.txt.gz");
    let report = article::load_paths(&[bomb], &opts);
    assert!(
        error_for(&report, "bomb.txt.gz")
            .contains("decompressed size is over the cap of 1000 bytes")
    );
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

#[test]
fn folders_load_recursively_in_sorted_order_and_survive_symlink_loops() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(&root.join("b.txt"), "B\nlead\npara");
    write(&root.join("a/z.txt"), "AZ\nlead\npara");
    write(
        &root.join("a/m.json"),
        r#"{"title":"AM","paragraphs":["p"]}"#,
    );
    write(
        &root.join("c/deeper/x.jsonl"),
        "{\"title\":\"X1\"}\n{\"title\":\"X2\"}\n",
    );
    write(&root.join("notes.md"), "# not an article");
    write(&root.join(".hidden.txt"), "H\nlead");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root, root.join("a/loop")).expect("symlink");
        std::os::unix::fs::symlink(root.join("gone.txt"), root.join("dangling.txt"))
            .expect("symlink");
    }
    let report = load(&[root.to_path_buf()]);
    let titles: Vec<_> = report.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, vec!["AM", "AZ", "B", "X1", "X2"]);
    #[cfg(unix)]
    {
        assert!(error_for(&report, "dangling.txt").contains("broken symbolic link"));
        assert!(
            report.warnings.iter().any(|w| w.contains("loop")),
            "{:?}",
            report.warnings
        );
    }
    // The streaming API gives the same order.
    let streamed: Vec<String> =
        article::stream_paths(&[root.to_path_buf()], &LoadOptions::default())
            .filter_map(|e| match e {
                LoadEvent::Article(a) => Some(a.title),
                _ => None,
            })
            .collect();
    assert_eq!(streamed, titles);
}

#[test]
fn unreadable_file_is_reported_and_others_load() {
    // /proc/self/mem cannot be read at offset 0, even by root.
    let mem = PathBuf::from("/proc/self/mem");
    if !mem.exists() {
        eprintln!("skipping: no /proc/self/mem");
        return;
    }
    let report = load(&[mem, seed_path("txt")]);
    assert_eq!(report.articles.len(), 1);
    assert!(error_for(&report, "mem").contains("cannot read"));
}

#[cfg(unix)]
#[test]
fn permission_denied_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("secret.txt");
    write(&path, "T\nL\nP");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read(&path).is_ok() {
        eprintln!("skipping: running as root, permissions are not enforced");
        return;
    }
    let report = load(&[path, seed_path("txt")]);
    assert_eq!(report.articles.len(), 1);
    assert!(error_for(&report, "secret.txt").contains("permission denied"));
}

#[test]
fn shared_seed_matches_the_bundled_seed() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let report = load(&[shared.join("seeds")]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_is_seed(&report.articles[0]);
}
