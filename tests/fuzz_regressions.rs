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
