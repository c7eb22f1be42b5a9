//! Property tests of the loaders (plain text, JSON, JSON Lines, RSS, Atom, HTML bodies) and of
//! the analysis, on small random inputs: nothing panics, every error names its input, valid
//! documents load back to the article they were written from, and every location the analysis
//! gives is inside its paragraph and spells what is written there. (The same entry points are
//! fuzzed for longer by `tests/fuzz`.)

use std::path::{Path, PathBuf};

use proptest::prelude::*;

use khabar::analysis::analyze;
use khabar::article::{self, Article, LoadOptions, LoadReport, feed, html, json, plain};

// ---------------------------------------------------------------------------------------------
// Loaders on arbitrary bytes.

/// Every extension khabar reads, and one it does not (the content is sniffed).
const EXTENSIONS: &[&str] = &["txt", "json", "jsonl", "rss", "atom", "xml", "dat"];

/// Byte strings that are mostly near a format: random bytes, with the openings of each format
/// mixed in so the parsers get past their first check.
fn near_document() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..16),
        Just(b"<?xml version=\"1.0\"?>".to_vec()),
        Just(b"<rss version=\"2.0\"><channel><item><title>".to_vec()),
        Just(b"</title></item></channel></rss>".to_vec()),
        Just(b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>".to_vec()),
        Just(b"<content type=\"html\">&lt;p&gt;".to_vec()),
        Just(b"</entry></feed>".to_vec()),
        Just(b"<!DOCTYPE x [<!ENTITY a \"aaaa\">]>&a;".to_vec()),
        Just(b"{\"title\":\"".to_vec()),
        Just(b"\",\"paragraphs\":[\"".to_vec()),
        Just(b"\"]}\n".to_vec()),
        Just(b"[".to_vec()),
        Just(b"]".to_vec()),
        Just("مرحبا بالعالم".as_bytes().to_vec()),
        Just(vec![0xEF, 0xBB, 0xBF]),
        Just(vec![0xFF, 0xFE]),
        Just(vec![0xFE, 0xFF]),
        Just(vec![0x1F, 0x8B]),
        Just(vec![0xC3]),
        Just(vec![0]),
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
    ];
    prop::collection::vec(piece, 0..10).prop_map(|v| v.concat())
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write temp file");
    path
}

fn load(path: &Path) -> LoadReport {
    article::load_paths(&[path.to_path_buf()], &LoadOptions::default())
}

/// Every error and warning of `report` is one line that names `path`.
fn check_messages_name(report: &LoadReport, path: &Path) -> Result<(), TestCaseError> {
    let name = path.to_string_lossy();
    for e in &report.errors {
        prop_assert_eq!(&e.source, &name);
        let line = e.to_string();
        prop_assert!(line.starts_with(name.as_ref()), "{}", line);
        prop_assert!(!line.contains('\n'), "one line: {:?}", line);
        prop_assert!(!e.reason.trim().is_empty(), "a reason: {:?}", line);
    }
    for w in &report.warnings {
        prop_assert!(w.starts_with(name.as_ref()), "{}", w);
        prop_assert!(!w.contains('\n'), "one line: {:?}", w);
    }
    for a in &report.articles {
        prop_assert_eq!(&a.source, &name);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Any bytes under any extension (and gzipped): no panic; either articles or messages that
    /// name the file.
    #[test]
    fn any_bytes_in_any_format_load_or_name_the_file(
        bytes in prop_oneof![near_document(), prop::collection::vec(any::<u8>(), 0..64)],
        gz in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        for ext in EXTENSIONS {
            let (name, data) = if gz {
                (format!("in.{ext}.gz"), gzip(&bytes))
            } else {
                (format!("in.{ext}"), bytes.clone())
            };
            let path = write(dir.path(), &name, &data);
            let report = load(&path);
            prop_assert!(
                !report.articles.is_empty() || !report.errors.is_empty()
                    || !report.warnings.is_empty(),
                "{} gave nothing at all", name
            );
            check_messages_name(&report, &path)?;
        }
    }

    /// The per-format parsers on any text: no panic, and what they return is clean.
    #[test]
    fn format_parsers_on_any_text(bytes in near_document()) {
        let text = String::from_utf8_lossy(&bytes);
        let a = plain::parse(&text, "id", "in.txt");
        for line in std::iter::once(&a.title).chain(&a.lead).chain(&a.paragraphs) {
            prop_assert!(!line.contains('\n') && line.trim() == line, "{:?}", line);
        }
        prop_assert!(a.lead.is_none() || !a.title.is_empty());
        for r in json::parse_document(&text, "in.json", "in") {
            if let Err(e) = r {
                prop_assert!(!e.contains('\n') && !e.is_empty(), "{:?}", e);
            }
        }
        for (i, line) in text.lines().enumerate() {
            if let Err(e) = json::parse_line(line, i + 1, i, "in.jsonl", "in") {
                prop_assert!(!e.contains('\n') && !e.is_empty(), "{:?}", e);
                prop_assert!(e.contains(&format!("line {}", i + 1)), "{:?}", e);
            }
        }
        for r in feed::parse(&bytes, "in.rss", "in") {
            match r {
                Ok(a) => prop_assert!(!a.title.is_empty() || a.lead.is_some() || !a.paragraphs.is_empty()),
                Err(e) => prop_assert!(!e.contains('\n') && !e.is_empty(), "{:?}", e),
            }
        }
    }

    /// HTML bodies: no panic; paragraphs are non-empty, trimmed, single-spaced lines; text
    /// without markup or entities comes back as its words.
    #[test]
    fn html_fragments(parts in prop::collection::vec(html_piece(), 0..16)) {
        let fragment = parts.concat();
        let paras = html::paragraphs(&fragment);
        for p in &paras {
            prop_assert!(!p.is_empty());
            prop_assert_eq!(p.split_whitespace().collect::<Vec<_>>().join(" "), p.clone());
        }
        let inline = html::inline_text(&fragment);
        prop_assert!(!inline.contains('\n'));
        if !fragment.contains(['<', '&']) {
            let words: Vec<&str> = fragment.split_whitespace().collect();
            prop_assert_eq!(inline, words.join(" "));
        }
    }
}

fn html_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        word().prop_map(|w| w.to_string()),
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<br/>".to_string()),
        Just("<b>".to_string()),
        Just("</B>".to_string()),
        Just("<script>".to_string()),
        Just("</script>".to_string()),
        Just("<style".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("<".to_string()),
        Just(">".to_string()),
        Just("&amp;".to_string()),
        Just("&lt;".to_string()),
        Just("&#x627;".to_string()),
        Just("&bogus;".to_string()),
        Just("&".to_string()),
        Just("<a href=\"x\">".to_string()),
    ]
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use flate2::write::GzEncoder;
    use std::io::Write;
    let mut e = GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).expect("gzip");
    e.finish().expect("gzip")
}

// ---------------------------------------------------------------------------------------------
// Loaders on valid documents: what was written is what loads.

/// Words with the characters each format must escape (& < > " ' \ /), Arabic, marks, digits.
fn word() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "خبر",
        "الأخبار",
        "مُحَمَّدٌ",
        "ستولتنبرغ",
        "«قال»",
        "\"نعم\"",
        "“هنا”",
        "١٢٣",
        "،",
        "؟",
        "NATO",
        "COVID-19",
        "a&b",
        "x<y",
        "y>x",
        "<p>",
        "&amp;",
        "it's",
        "back\\slash",
        "a/b",
        "{[",
        "]}",
        "#",
        "%",
    ])
}

/// A line of one to six words, single-spaced.
fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..6).prop_map(|w| w.join(" "))
}

#[derive(Debug, Clone)]
struct Doc {
    title: String,
    lead: Option<String>,
    paragraphs: Vec<String>,
}

fn doc() -> impl Strategy<Value = Doc> {
    (
        line(),
        proptest::option::of(line()),
        prop::collection::vec(line(), 1..4),
    )
        .prop_map(|(title, lead, paragraphs)| Doc {
            title,
            lead,
            paragraphs,
        })
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Feed text fields are HTML inside XML: escape for HTML, then for XML.
fn feed_text(s: &str) -> String {
    xml_escape(&xml_escape(s))
}

fn html_body(paragraphs: &[String]) -> String {
    paragraphs
        .iter()
        .map(|p| format!("<p>{}</p>", xml_escape(p)))
        .collect()
}

fn json_record(d: &Doc) -> String {
    let mut v = serde_json::json!({ "title": d.title, "paragraphs": d.paragraphs });
    if let Some(l) = &d.lead {
        v["lead"] = serde_json::json!(l);
    }
    v.to_string()
}

fn rss(docs: &[Doc]) -> String {
    let items: String = docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let desc = match &d.lead {
                Some(l) => format!("<description>{}</description>", feed_text(l)),
                None => String::new(),
            };
            format!(
                "<item><guid>g{i}</guid><title>{}</title>{desc}<content:encoded>{}</content:encoded></item>",
                feed_text(&d.title),
                xml_escape(&html_body(&d.paragraphs)),
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>t</title><link>http://x/</link><description>d</description>{items}</channel></rss>"
    )
}

fn atom(docs: &[Doc]) -> String {
    let entries: String = docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let summary = match &d.lead {
                Some(l) => format!("<summary type=\"html\">{}</summary>", feed_text(l)),
                None => String::new(),
            };
            format!(
                "<entry><id>urn:e{i}</id><title type=\"html\">{}</title><updated>2024-01-02T03:04:05Z</updated>{summary}<content type=\"html\">{}</content></entry>",
                feed_text(&d.title),
                xml_escape(&html_body(&d.paragraphs)),
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><id>urn:f</id><updated>2024-01-02T03:04:05Z</updated>{entries}</feed>"
    )
}

fn plain_text(d: &Doc) -> String {
    let mut s = format!("{}\n", d.title);
    // Without a lead, the first paragraph is read as the lead: write it as such.
    s.push_str(&format!("{}\n", d.lead.as_deref().unwrap_or("")));
    for p in &d.paragraphs {
        s.push_str(&format!("{p}\n"));
    }
    s
}

fn same(got: &Article, want: &Doc, what: &str) -> Result<(), TestCaseError> {
    prop_assert_eq!(&got.title, &want.title, "{}", what);
    prop_assert_eq!(&got.lead, &want.lead, "{}", what);
    prop_assert_eq!(&got.paragraphs, &want.paragraphs, "{}", what);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn valid_documents_load_back_in_every_format(docs in prop::collection::vec(doc(), 1..4)) {
        let dir = tempfile::tempdir().expect("tempdir");
        // Plain text: one article per file (the lead line is required to keep the paragraphs).
        for (i, d) in docs.iter().filter(|d| d.lead.is_some()).enumerate() {
            let path = write(dir.path(), &format!("a{i}.txt"), plain_text(d).as_bytes());
            let r = load(&path);
            prop_assert!(r.errors.is_empty(), "{:?}", r.errors);
            prop_assert_eq!(r.articles.len(), 1);
            same(&r.articles[0], d, "txt")?;
        }
        let records: Vec<String> = docs.iter().map(json_record).collect();
        let cases = [
            ("one.json", records[0].clone(), 1),
            ("all.json", format!("[{}]", records.join(",")), docs.len()),
            ("all.jsonl", records.join("\n"), docs.len()),
            ("all.rss", rss(&docs), docs.len()),
            ("all.atom", atom(&docs), docs.len()),
        ];
        for (name, text, count) in cases {
            let path = write(dir.path(), name, text.as_bytes());
            let r = load(&path);
            prop_assert!(r.errors.is_empty(), "{}: {:?}\n{}", name, r.errors, text);
            prop_assert!(r.warnings.is_empty(), "{}: {:?}", name, r.warnings);
            prop_assert_eq!(r.articles.len(), count, "{}", name);
            for (a, d) in r.articles.iter().zip(&docs) {
                same(a, d, name)?;
                prop_assert_eq!(&a.source, &path.to_string_lossy());
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Analysis on small random text.

/// Arabic words (names, cue verbs, role and source words, clitics), Latin, every quote mark,
/// punctuation, harakat, tatweel, spaces and paragraph breaks.
fn analysis_piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "قال",
        "وقال",
        "وأضاف",
        "بحسب",
        "مشيرا",
        "على حد قوله",
        "الوزير",
        "الرئيس",
        "المصدر",
        "مصدر عسكري",
        "ينس ستولتنبرغ",
        "ستولتنبرغ",
        "الناتو",
        "لحلف",
        "روسيا",
        "بموسكو",
        "البيت الأبيض",
        "في بيان",
        "البيان",
        "إن",
        "أن",
        "الشيخ",
        "بن",
        "خبر",
        "NATO",
        "Biden",
        "\"",
        "«",
        "»",
        "“",
        "”",
        "„",
        "″",
        "＂",
        "‟",
        ".",
        "،",
        ",",
        ":",
        "؟",
        "!",
        "(",
        ")",
        "-",
        "…",
        "\u{64E}",
        "\u{651}",
        "\u{640}",
        "١٢",
        "3",
        " ",
        " ",
        " ",
        "\n",
        "\u{200F}",
        "\u{202E}",
        "\t",
    ])
}

fn check_analysis(title: &str, paragraphs: Vec<String>) -> Result<(), TestCaseError> {
    let a = Article {
        title: title.to_string(),
        paragraphs,
        ..Article::default()
    };
    let blocks: Vec<Vec<char>> = a.blocks().iter().map(|b| b.chars().collect()).collect();
    let result = analyze(&a);
    let span = |block: usize, start: usize, end: usize| -> Option<String> {
        let cs = blocks.get(block)?;
        (start <= end && end <= cs.len()).then(|| cs[start..end].iter().collect())
    };
    for q in &result.quotes {
        prop_assert!(
            q.paragraph < blocks.len() && q.end_paragraph >= q.paragraph,
            "{:?}",
            q
        );
        prop_assert!(q.end_paragraph < blocks.len(), "{:?}", q);
        prop_assert!(q.start <= blocks[q.paragraph].len(), "{:?}", q);
        prop_assert!(q.end <= blocks[q.end_paragraph].len(), "{:?}", q);
        prop_assert!(!q.text.is_empty() && q.text.trim() == q.text, "{:?}", q);
        if q.paragraph == q.end_paragraph {
            prop_assert_eq!(
                span(q.paragraph, q.start, q.end),
                Some(q.text.clone()),
                "{:?}",
                q
            );
        }
        if let Some(m) = &q.speaker_location {
            prop_assert!(span(m.paragraph, m.start, m.end).is_some(), "{:?}", q);
        }
        prop_assert_eq!(q.speaker.is_some(), q.speaker_mention.is_some(), "{:?}", q);
    }
    for e in &result.entities {
        prop_assert!(!e.mentions.is_empty(), "{:?}", e);
        for m in &e.mentions {
            prop_assert!(m.paragraph < blocks.len(), "{:?}", m);
            prop_assert_eq!(
                span(m.paragraph, m.start, m.end),
                Some(m.text.clone()),
                "{:?}",
                m
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn analysis_locations_are_inside_and_spell_the_text(
        pieces in prop::collection::vec(analysis_piece(), 0..60),
        glue in prop::collection::vec(any::<bool>(), 60),
    ) {
        // Pieces joined with or without a space, so clitics and marks stick to words.
        let mut text = String::new();
        for (p, g) in pieces.iter().zip(&glue) {
            text.push_str(p);
            if *g {
                text.push(' ');
            }
        }
        let mut lines = text.split('\n').map(str::to_string);
        let title = lines.next().unwrap_or_default();
        check_analysis(&title, lines.collect())?;
    }

    #[test]
    fn analysis_on_any_characters(text in "\\PC{0,80}", breaks in prop::collection::vec(0usize..80, 0..4)) {
        let cs: Vec<char> = text.chars().collect();
        let mut paras = Vec::new();
        let mut last = 0;
        let mut cuts: Vec<usize> = breaks.into_iter().map(|b| b.min(cs.len())).collect();
        cuts.sort_unstable();
        for c in cuts {
            paras.push(cs[last..c].iter().collect::<String>());
            last = c;
        }
        paras.push(cs[last..].iter().collect());
        check_analysis("", paras)?;
    }
}
