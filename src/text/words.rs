//! The words of a paragraph, for wrapping: maximal runs of characters other than U+0020, each
//! with its display width (the sum of its characters' widths). Found once per paragraph, while
//! sanitising when the text is kept as it is.

use std::ops::Range;

use super::charclass;
use super::width::char_width;

/// One word: a byte range of the paragraph and its width in cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    pub range: Range<usize>,
    pub width: usize,
}

/// Collects words from the characters of a text, in order.
#[derive(Debug, Default)]
pub(crate) struct WordsBuilder {
    words: Vec<Word>,
    /// The word being collected: start byte and width so far.
    open: Option<(usize, usize)>,
}

impl WordsBuilder {
    /// A U+0020 at byte `at`.
    #[inline(always)]
    pub(crate) fn space(&mut self, at: usize) {
        if let Some((start, width)) = self.open.take() {
            self.words.push(Word {
                range: start..at,
                width,
            });
        }
    }

    /// Another character at byte `at`, of display width `width`.
    #[inline(always)]
    pub(crate) fn other(&mut self, at: usize, width: usize) {
        match &mut self.open {
            Some((_, w)) => *w += width,
            None => self.open = Some((at, width)),
        }
    }

    /// The words of a text of `len` bytes.
    pub(crate) fn finish(mut self, len: usize) -> Vec<Word> {
        self.space(len);
        self.words
    }
}

/// The words of `text`.
pub(crate) fn words(text: &str) -> Vec<Word> {
    let mut b = WordsBuilder::default();
    for (i, c, info) in charclass::scan(text) {
        if c == ' ' {
            b.space(i);
        } else {
            b.other(
                i,
                info.map_or_else(|| char_width(c), |i| usize::from(i.width)),
            );
        }
    }
    b.finish(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_runs_without_spaces() {
        let t = "  قال  الرئيس: (NATO) 中 ";
        let got: Vec<(&str, usize)> = words(t)
            .into_iter()
            .map(|w| (&t[w.range], w.width))
            .collect();
        assert_eq!(got, [("قال", 3), ("الرئيس:", 7), ("(NATO)", 6), ("中", 2)]);
        assert!(words("   ").is_empty());
    }
}
