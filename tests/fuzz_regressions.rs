//! Inputs found by fuzzing and property testing (`tests/fuzz`, `tests/props_loaders_analysis.rs`),
//! each kept as a test of what the user gets.

mod common;

use khabar::analysis::{analyze, quotes};
use khabar::article::Article;

fn article(title: &str, paragraphs: &[&str]) -> Article {
    Article {
        title: title.to_string(),
        paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
        ..Article::default()
    }
}

/// The characters of `block` from `start` to `end`.
fn chars(block: &str, start: usize, end: usize) -> String {
    block
        .chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

/// An opening mark at the very end of a paragraph, continued by a paragraph that begins with a
/// mark (the book style): the quote's text starts in the second paragraph, and its location must
/// say so (it used to point past the end of the first paragraph).
#[test]
fn quote_opened_at_the_end_of_a_paragraph_is_located_in_the_next() {
    let blocks = ["قال الوزير «", "«الوضع تحت السيطرة الكاملة الآن» ثم غادر"];
    let spans = quotes::find_spans(&blocks);
    assert_eq!(spans.len(), 1, "{spans:?}");
    let s = &spans[0];
    assert_eq!(s.text, "الوضع تحت السيطرة الكاملة الآن");
    assert_eq!((s.start_block, s.end_block), (1, 1), "{s:?}");
    assert_eq!(chars(blocks[1], s.start, s.end), s.text);

    let a = analyze(&article(blocks[0], &blocks[1..]));
    assert_eq!(a.quotes.len(), 1, "{:?}", a.quotes);
    let q = &a.quotes[0];
    assert_eq!((q.paragraph, q.end_paragraph), (1, 1), "{q:?}");
    assert_eq!(chars(blocks[1], q.start, q.end), q.text);
}

/// The shrunk property-test case: a lone mark as the title.
#[test]
fn lone_mark_title_then_a_quoted_paragraph() {
    let blocks = ["\"", "\"مصدر عسكري قالقال»"];
    for s in quotes::find_spans(&blocks) {
        assert!(s.start <= blocks[s.start_block].chars().count(), "{s:?}");
        assert!(s.end <= blocks[s.end_block].chars().count(), "{s:?}");
        if s.start_block == s.end_block {
            assert_eq!(chars(blocks[s.start_block], s.start, s.end), s.text);
        }
    }
}

/// A closing mark alone after a continued paragraph: the text ends in the paragraph before.
#[test]
fn quote_closed_at_the_start_of_a_paragraph_ends_in_the_one_before() {
    let blocks = ["قال: \"الجزء الأول من الكلام", "\" \""];
    let spans = quotes::find_spans(&blocks);
    assert_eq!(spans.len(), 1, "{spans:?}");
    for s in &spans {
        assert_eq!(s.text, "الجزء الأول من الكلام", "{s:?}");
        assert_eq!((s.start_block, s.end_block), (0, 0), "{s:?}");
        assert_eq!(chars(blocks[0], s.start, s.end), s.text);
    }
}

/// Found by `cargo fuzz run loaders`: quick-xml quotes the bad close tag in its message, and the
/// tag held a newline (and could hold ESC sequences or bidi overrides), so the error "line" for
/// the file was two lines of raw input. The reason is now one line with those characters escaped.
#[test]
fn feed_errors_quote_the_input_without_control_characters() {
    let clean = |line: &str| {
        !line
            .chars()
            .any(|c| c.is_control() || ('\u{202A}'..='\u{202E}').contains(&c))
    };
    // The fuzzer's input, straight to the feed parser.
    let crash = std::fs::read(common::repo_path(
        "tests/fixtures/fuzz/crash-loaders-feed-newline-in-tag.bin",
    ))
    .expect("fixture");
    let out = khabar::article::feed::parse(&crash, "crash.rss", "crash");
    assert_eq!(out.len(), 1);
    let reason = out[0].as_ref().expect_err("not a feed");
    assert!(
        reason.starts_with("invalid XML at line 1, column 28"),
        "{reason}"
    );
    assert!(clean(reason), "{reason:?}");
    assert!(reason.contains("</\\u{0}22\\u{a}@>"), "{reason}");

    // A feed file whose bad tag carries a title-setting OSC, a screen clear and an RLO.
    let path = common::repo_path("tests/fixtures/fuzz/feed-error-escape-in-tag.rss");
    let report = khabar::article::load_paths(
        std::slice::from_ref(&path),
        &khabar::article::LoadOptions::default(),
    );
    assert!(report.articles.is_empty(), "{:?}", report.articles);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    let line = report.errors[0].to_string();
    assert!(line.starts_with(&*path.to_string_lossy()), "{line}");
    assert!(line.contains("invalid XML at line 1"), "{line}");
    assert!(clean(&line), "{line:?}");
    assert!(line.contains("\\u{1b}]0;pwned\\u{7}"), "{line}");
}
