//! Greedy wrapping in logical order, by display width, breaking only at runs of U+0020.
//!
//! Rules (the same as the oracle in `shared/rtl`): the paragraph's leading and trailing spaces are
//! dropped, and so is the run of spaces where a line breaks; other runs of spaces are kept and
//! counted. A word goes on the current line if `line + gap + word <= width`. A word wider than the
//! width starts a fresh line and is cut at grapheme-cluster boundaries into pieces of at most
//! `width` cells (a single cluster wider than the width gets a line of its own); the last piece may
//! be followed by more words.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::width::str_width;
use super::words::Word;

/// Byte ranges of `text`, one per line, in logical order, given the words of `text`
/// ([`super::words::words`]). Empty when `text` has only spaces.
pub(crate) fn wrap(text: &str, words: &[Word], width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut lines = Vec::new();
    // Current line: start, end, cells.
    let mut cur: Option<(usize, usize, usize)> = None;
    for word in words {
        let (s, e, ww) = (word.range.start, word.range.end, word.width);
        if let Some((cs, ce, cw)) = cur {
            let gap = s - ce; // spaces are one cell each
            if cw + gap + ww <= width {
                cur = Some((cs, e, cw + gap + ww));
                continue;
            }
            lines.push(cs..ce);
        }
        if ww <= width {
            cur = Some((s, e, ww));
            continue;
        }
        let (mut piece_start, mut cells) = (s, 0);
        for (off, g) in text[s..e].grapheme_indices(true) {
            let gs = s + off;
            let gw = str_width(g);
            if cells > 0 && cells + gw > width {
                lines.push(piece_start..gs);
                piece_start = gs;
                cells = 0;
            }
            cells += gw;
        }
        cur = Some((piece_start, e, cells));
    }
    if let Some((cs, ce, _)) = cur {
        lines.push(cs..ce);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::super::words::words;
    use super::*;

    fn pieces(text: &str, w: usize) -> Vec<&str> {
        wrap(text, &words(text), w)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn breaks_only_at_spaces() {
        assert_eq!(pieces("  ab cd  ef ", 5), ["ab cd", "ef"]);
        assert_eq!(pieces("ab  cd", 6), ["ab  cd"]);
        assert_eq!(pieces("a/b-c d", 5), ["a/b-c", "d"]);
    }

    #[test]
    fn long_words_are_cut_at_clusters() {
        assert_eq!(pieces("abcdefg hi", 3), ["abc", "def", "g", "hi"]);
        assert_eq!(pieces("xy abcdef", 4), ["xy", "abcd", "ef"]);
        assert_eq!(pieces("بَبَبَ", 2), ["بَبَ", "بَ"]);
        assert_eq!(pieces("中中", 1), ["中", "中"]);
    }

    #[test]
    fn lam_alef_is_two_cells() {
        assert_eq!(pieces("لا لا", 4), ["لا", "لا"]);
    }

    #[test]
    fn only_spaces_give_no_line() {
        assert!(pieces("   ", 5).is_empty());
        assert!(pieces("", 5).is_empty());
    }
}
