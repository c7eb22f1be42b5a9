//! Sanitising a paragraph before layout: no control character or terminal escape sequence ever
//! reaches the screen.
//!
//! Removed: C0 and C1 controls, DEL, whole escape sequences (CSI, OSC, DCS, SOS, PM, APC, and their
//! 8-bit forms, plus two- and three-character `ESC x` sequences), and the prepended concatenation
//! marks U+0605, U+0890, U+0891 and U+08E2 (width 0 for unicode-width but 1 in most terminals, so
//! they would shift the row). Tabs, line and paragraph separators become one space. Explicit bidi
//! controls are kept for the bidi algorithm ([`ControlPolicy::Honor`], removed after reordering) or
//! deleted here ([`ControlPolicy::Strip`]). A combining mark (or other cluster-extending
//! character) that would start a grapheme cluster, at the start or after a space where lines may
//! break, gets the carrier U+25CC; a ZWJ/ZWNJ there is dropped (it joins nothing).
//!
//! The result keeps, for every byte, the byte range of the input it came from.

use std::iter::Peekable;
use std::ops::Range;
use std::str::CharIndices;

use unicode_segmentation::UnicodeSegmentation;

use super::ControlPolicy;
use super::charclass::{self, Bidi, Cluster};
use super::rtl_numbers::NumbersBuilder;
use super::width::char_width;
use super::words::{Word, WordsBuilder};

/// The dotted circle drawn under a combining mark that has no base letter.
pub const MARK_CARRIER: char = '\u{25CC}';

/// Whether `c` is one of the explicit bidi controls (LRE RLE PDF LRO RLO LRI RLI FSI PDI LRM RLM ALM).
#[inline]
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Characters that unicode-width and terminals disagree on (see the module doc).
#[inline]
fn is_width_disagreement(c: char) -> bool {
    matches!(c, '\u{0605}' | '\u{0890}' | '\u{0891}' | '\u{08E2}')
}

/// A sanitised paragraph with a map back to the input.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sanitized {
    /// The text to lay out.
    pub text: String,
    /// For every byte of `text`: the input byte range of the character it belongs to. Empty
    /// when `text` is the input unchanged (see [`SrcMap::Identity`]).
    pub src: Vec<(u32, u32)>,
    /// What the clean-text check learnt about the bidi classes (None when not checked).
    pub hint: Option<BidiHint>,
    /// The words of `text`, when the clean-text check found them.
    pub words: Option<Vec<Word>>,
    /// [`number_ranges`](super::rtl_numbers::number_ranges) of `text`, when the clean-text check
    /// found them (`Some(None)`: the text does not qualify). Not looked for when
    /// [`BidiHint::rtl_uniform`] holds.
    pub numbers: Option<Option<Vec<Range<usize>>>>,
}

/// [`charclass::rtl_uniform`] of a text, found while sanitising it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BidiHint {
    /// Every character is R/AL or a neutral that resolves to the embedding direction.
    pub rtl_uniform: bool,
    /// A strong right-to-left character occurs before any other kind of character.
    pub strong: bool,
}

/// Where each byte of a laid-out text came from in the input paragraph.
#[derive(Debug, Clone, Copy)]
pub(crate) enum SrcMap<'a> {
    /// The text is the input: a character's source is its own byte range.
    Identity,
    /// For every byte: the input byte range of the character it belongs to.
    Map(&'a [(u32, u32)]),
}

impl SrcMap<'_> {
    /// Source of the character of `text` starting at byte `at`.
    #[inline]
    pub(crate) fn span(&self, text: &str, at: usize) -> (u32, u32) {
        match self {
            SrcMap::Identity => {
                let len = text.as_bytes().get(at).map_or(1, |&b| utf8_len(b));
                (clamp_u32(at), clamp_u32(at + len))
            }
            SrcMap::Map(m) => m.get(at).copied().unwrap_or((0, 0)),
        }
    }

    /// Source of the bytes `start..end` of `text` (whole characters, at least one), whose
    /// sources are in input order.
    #[inline]
    pub(crate) fn range(&self, text: &str, start: usize, end: usize) -> (u32, u32) {
        match self {
            SrcMap::Identity => (clamp_u32(start), clamp_u32(end)),
            SrcMap::Map(_) => (self.span(text, start).0, self.span(text, end - 1).1),
        }
    }

    /// Append the sources of the bytes `start..end` of `text`.
    pub(crate) fn extend_into(
        &self,
        text: &str,
        start: usize,
        end: usize,
        out: &mut Vec<(u32, u32)>,
    ) {
        match self {
            SrcMap::Identity => {
                let mut at = start;
                while at < end {
                    let span = self.span(text, at);
                    let n = (span.1 - span.0) as usize;
                    for _ in 0..n {
                        out.push(span);
                    }
                    at += n.max(1);
                }
            }
            SrcMap::Map(m) => out.extend_from_slice(&m[start..end]),
        }
    }
}

#[inline]
fn utf8_len(b: u8) -> usize {
    match b {
        0..0x80 => 1,
        0xC0..0xE0 => 2,
        0xE0..0xF0 => 3,
        _ => 4,
    }
}

impl Sanitized {
    /// The source map of `text`.
    pub(crate) fn map(&self) -> SrcMap<'_> {
        if self.src.is_empty() {
            SrcMap::Identity
        } else {
            SrcMap::Map(&self.src)
        }
    }
}

impl Sanitized {
    fn push(&mut self, c: char, from: usize, to: usize) {
        let span = (clamp_u32(from), clamp_u32(to));
        self.text.push(c);
        for _ in 0..c.len_utf8() {
            self.src.push(span);
        }
    }
}

fn clamp_u32(v: usize) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// Sanitise one paragraph (see the module doc).
pub(crate) fn sanitize(input: &str, controls: ControlPolicy) -> Sanitized {
    // Fast path: nothing to change (the source map is the identity).
    if input.len() < u32::MAX as usize
        && let Some((hint, words, numbers)) = is_clean(input)
    {
        return Sanitized {
            text: input.to_string(),
            src: Vec::new(),
            hint: Some(hint),
            words: Some(words),
            numbers,
        };
    }
    let mut out = Sanitized {
        text: String::with_capacity(input.len()),
        src: Vec::with_capacity(input.len()),
        hint: None,
        words: None,
        numbers: None,
    };
    let mut it = input.char_indices().peekable();
    let mut prev: Option<char> = None;
    while let Some((i, c)) = it.next() {
        let end = i + c.len_utf8();
        let kept = match c {
            '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{2028}' | '\u{2029}' => Some(' '),
            '\u{1B}' => {
                skip_escape(&mut it);
                None
            }
            '\u{9B}' => {
                skip_csi_body(&mut it);
                None
            }
            '\u{90}' | '\u{98}' | '\u{9D}' | '\u{9E}' | '\u{9F}' => {
                skip_string_body(&mut it);
                None
            }
            c if c.is_control() => None,
            c if is_width_disagreement(c) => None,
            c if is_bidi_control(c) && controls == ControlPolicy::Strip => None,
            c => Some(c),
        };
        let Some(k) = kept else { continue };
        if extends_a_cluster(k) && starts_cluster(prev, k) {
            if matches!(k, '\u{200C}' | '\u{200D}') {
                if matches!(prev, None | Some(' ')) {
                    // A joiner after a space or at the start joins nothing.
                    continue;
                }
            } else {
                out.push(MARK_CARRIER, i, end);
            }
        }
        out.push(k, i, end);
        prev = Some(k);
    }
    out
}

/// Whether [`sanitize`] would return `input` unchanged, judged conservatively: printable ASCII
/// and table characters that start a cluster (or marks that extend a visible base before them).
/// With the words of `input` and, when it is not all level 1, its number ranges, found in the
/// same pass.
#[allow(clippy::type_complexity)]
fn is_clean(input: &str) -> Option<(BidiHint, Vec<Word>, Option<Option<Vec<Range<usize>>>>)> {
    let mut words = WordsBuilder::default();
    let mut numbers: Option<NumbersBuilder> = None;
    let mut prev_base = false;
    let mut hint = BidiHint {
        rtl_uniform: true,
        strong: false,
    };
    for (i, c, info) in charclass::scan(input) {
        let info = info?;
        if c.is_ascii() {
            if !(' '..='~').contains(&c) {
                return None;
            }
            prev_base = c != ' ';
            if prev_base {
                words.other(i, 1);
            } else {
                words.space(i);
            }
        } else {
            words.other(i, usize::from(info.width));
            match info.cluster {
                Cluster::Complex => return None,
                Cluster::Extend if !prev_base => return None,
                Cluster::Extend => {}
                Cluster::Base if info.width == 0 || is_width_disagreement(c) => return None,
                Cluster::Base => prev_base = true,
            }
        }
        if hint.rtl_uniform {
            match info.bidi {
                Bidi::Other => {
                    hint.rtl_uniform = false;
                    // Everything before is R, AL or a neutral.
                    let mut b = NumbersBuilder::resume(input, i);
                    b.push(i, info.class);
                    numbers = Some(b);
                }
                Bidi::Strong => hint.strong = true,
                Bidi::Neutral => {}
            }
        } else if let Some(b) = &mut numbers
            && b.ok()
        {
            b.push(i, info.class);
        }
    }
    let len = input.len();
    Some((hint, words.finish(len), numbers.map(|b| b.finish(len))))
}

/// Whether `c` would start a new grapheme cluster after `prev` (or at the start of the text).
fn starts_cluster(prev: Option<char>, c: char) -> bool {
    let Some(p) = prev else { return true };
    if p == ' ' {
        // Wrapping breaks at spaces: a mark must not hang on one.
        return true;
    }
    if char_width(p) > 0 {
        // Marks extend every visible character (controls were removed).
        return false;
    }
    pair_graphemes(p, c) == 2
}

/// Whether `c` extends the grapheme cluster before it (a combining mark, ZWJ, ZWNJ, an emoji
/// modifier, a spacing mark).
fn extends_a_cluster(c: char) -> bool {
    match charclass::info(c).map(|i| i.cluster) {
        Some(Cluster::Base) => return false,
        Some(Cluster::Extend) => return true,
        _ => {}
    }
    !c.is_ascii() && pair_graphemes('a', c) == 1
}

fn pair_graphemes(a: char, b: char) -> usize {
    let mut buf = [0u8; 8];
    let la = a.encode_utf8(&mut buf).len();
    let lb = b.encode_utf8(&mut buf[la..]).len();
    match std::str::from_utf8(&buf[..la + lb]) {
        Ok(s) => s.graphemes(true).count(),
        Err(_) => 2,
    }
}

/// After ESC: skip the rest of the sequence.
fn skip_escape(it: &mut Peekable<CharIndices<'_>>) {
    let Some(&(_, n)) = it.peek() else { return };
    match n {
        '[' => {
            it.next();
            skip_csi_body(it);
        }
        ']' | 'P' | 'X' | '^' | '_' => {
            it.next();
            skip_string_body(it);
        }
        '\u{20}'..='\u{2F}' => {
            while it
                .next_if(|&(_, c)| ('\u{20}'..='\u{2F}').contains(&c))
                .is_some()
            {}
            it.next_if(|&(_, c)| ('\u{30}'..='\u{7E}').contains(&c));
        }
        '\u{30}'..='\u{7E}' => {
            it.next();
        }
        _ => {}
    }
}

/// Parameter and intermediate bytes, then one final byte.
fn skip_csi_body(it: &mut Peekable<CharIndices<'_>>) {
    while it
        .next_if(|&(_, c)| ('\u{20}'..='\u{3F}').contains(&c))
        .is_some()
    {}
    it.next_if(|&(_, c)| ('\u{40}'..='\u{7E}').contains(&c));
}

/// A control string: everything up to BEL, ST (U+009C) or `ESC \` (or the end of the paragraph).
fn skip_string_body(it: &mut Peekable<CharIndices<'_>>) {
    while let Some((_, c)) = it.next() {
        match c {
            '\u{07}' | '\u{9C}' => return,
            '\u{1B}' => {
                it.next_if(|&(_, c)| c == '\\');
                return;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(s: &str) -> String {
        sanitize(s, ControlPolicy::Honor).text
    }

    #[test]
    fn escape_sequences_are_removed_whole() {
        assert_eq!(clean("a\u{1b}[31;1mb\u{1b}[0m"), "ab");
        assert_eq!(clean("x\u{1b}]0;title\u{7}y"), "xy");
        assert_eq!(
            clean("x\u{1b}]8;;http://e\u{1b}\\link\u{1b}]8;;\u{1b}\\y"),
            "xlinky"
        );
        assert_eq!(clean("x\u{9b}2Jy\u{90}qqq\u{9c}z"), "xyz");
        assert_eq!(clean("x\u{1b}Py\u{1b}\\z\u{1b}(Bw\u{1b}7v"), "xzwv");
        assert_eq!(clean("a\tb\u{7f}c\u{1}d\u{85}e"), "a bcde");
    }

    #[test]
    fn bidi_controls_follow_the_policy() {
        let s = "a\u{202E}b\u{202C}";
        assert_eq!(sanitize(s, ControlPolicy::Honor).text, s);
        assert_eq!(sanitize(s, ControlPolicy::Strip).text, "ab");
    }

    #[test]
    fn source_map_points_at_input_bytes() {
        let s = "\u{1b}[1mبَ";
        let out = sanitize(s, ControlPolicy::Honor);
        assert_eq!(out.text, "بَ");
        assert_eq!(out.src[0], (4, 6));
        assert_eq!(out.src[2], (6, 8));
    }

    #[test]
    fn clean_text_is_kept_with_its_bidi_summary() {
        for s in [
            "قال الرئيس: (الناتو) «الأخبار» - نعم؟",
            "مُحَمَّدٌ 2030 NATO",
            "abc é (x)",
            "NATO قال",
            "",
        ] {
            let out = sanitize(s, ControlPolicy::Honor);
            assert_eq!(out.text, s);
            assert!(out.src.is_empty(), "{s:?}");
            assert_eq!(out.words, Some(super::super::words::words(s)), "{s:?}");
            if !out.hint.is_some_and(|h| h.rtl_uniform) {
                let want = super::super::rtl_numbers::number_ranges(s);
                assert_eq!(out.numbers, Some(want), "{s:?}");
            }
            let h = out.hint.expect("clean text has a hint");
            assert_eq!(
                (h.rtl_uniform, h.strong),
                charclass::rtl_uniform(s),
                "{s:?}"
            );
        }
        for s in ["a\tb", "\u{64E}ب", "ب \u{64E}", "a\u{200D}b", "x\u{202E}y"] {
            assert!(sanitize(s, ControlPolicy::Honor).hint.is_none(), "{s:?}");
        }
    }

    #[test]
    fn lone_mark_gets_a_carrier() {
        assert_eq!(clean("\u{64E}ب"), "\u{25CC}\u{64E}ب");
        assert_eq!(clean("\u{202E}\u{64E}"), "\u{202E}\u{25CC}\u{64E}");
        assert_eq!(clean("ب\u{64E}\u{651}"), "ب\u{64E}\u{651}");
        assert_eq!(clean("\u{200D}ب ب\u{200C}"), "ب ب\u{200C}");
        assert_eq!(clean("ب \u{64E}"), "ب \u{25CC}\u{64E}");
    }
}
