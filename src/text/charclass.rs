//! A per-character look-up table for the common scripts of news text (Latin-1, Arabic, Arabic
//! presentation forms): bidi class, grapheme-cluster role and whether the bidi class allows the
//! all-right-to-left fast path. Built once from the same crates the slow paths use
//! (unicode-segmentation, unicode-bidi), so the fast paths
//! agree with them by construction.

use std::sync::OnceLock;

use unicode_bidi::BidiClass;
use unicode_segmentation::UnicodeSegmentation;

/// Grapheme-cluster role of a table character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cluster {
    /// Not in the table or with a special rule (controls, prepend, joiners, ...): use the segmenter.
    Complex,
    /// Starts a cluster after anything simple and never joins with what follows except marks.
    Base,
    /// Always joins the cluster before it (a combining or spacing mark).
    Extend,
}

/// Bidi role of a table character for the all-right-to-left fast path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bidi {
    /// Anything that could change levels (L, EN, AN, explicit controls, BN, ...).
    Other,
    /// R or AL.
    Strong,
    /// NSM, WS, ON, ES, ET, CS: all resolve to the embedding direction when there is no L/EN/AN.
    Neutral,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Info {
    pub class: BidiClass,
    pub cluster: Cluster,
    pub bidi: Bidi,
    /// Display width ([`super::width::char_width`]).
    pub width: u8,
    /// Whether the character has a bidi mirror (rule L4).
    pub mirrors: bool,
}

const LOW_END: u32 = 0x0800;
const HIGH_START: u32 = 0xFB50;
const HIGH_END: u32 = 0xFF00;

fn count(s: &str) -> usize {
    s.graphemes(true).count()
}

fn pair(a: char, b: char) -> usize {
    let mut s = String::with_capacity(8);
    s.push(a);
    s.push(b);
    count(&s)
}

fn build(c: char) -> Info {
    let mark = '\u{064E}';
    let cluster = if c == '\u{200D}' || c == '\u{200C}' || c.is_control() {
        Cluster::Complex
    } else if pair('a', c) == 2 && pair(c, 'a') == 2 && pair(c, c) == 2 && pair(c, mark) == 1 {
        Cluster::Base
    } else if pair('a', c) == 1 && pair(c, 'a') == 2 && pair(c, c) == 1 && pair(c, mark) == 1 {
        Cluster::Extend
    } else {
        Cluster::Complex
    };
    let class = unicode_bidi::bidi_class(c);
    let bidi = match class {
        BidiClass::R | BidiClass::AL => Bidi::Strong,
        BidiClass::NSM
        | BidiClass::WS
        | BidiClass::ON
        | BidiClass::ES
        | BidiClass::ET
        | BidiClass::CS => Bidi::Neutral,
        _ => Bidi::Other,
    };
    Info {
        class,
        cluster,
        bidi,
        width: super::width::char_width(c) as u8,
        mirrors: unicode_bidi_mirroring::get_mirrored(c).is_some(),
    }
}

fn table() -> &'static [Info] {
    static TABLE: OnceLock<Vec<Info>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..LOW_END)
            .chain(HIGH_START..HIGH_END)
            .map(|u| build(char::from_u32(u).unwrap_or('\u{FFFD}')))
            .collect()
    })
}

/// Table entry for `c`, or None for characters outside the table.
#[inline]
pub(crate) fn info(c: char) -> Option<Info> {
    let u = c as u32;
    if u < LOW_END {
        table().get(u as usize).copied()
    } else if (HIGH_START..HIGH_END).contains(&u) {
        table().get((u - HIGH_START + LOW_END) as usize).copied()
    } else {
        None
    }
}

/// Characters of `s` as `(byte offset, char, table entry)`, decoding one- and two-byte
/// sequences inline (the common case for Arabic and Latin text).
#[inline]
pub(crate) fn scan(s: &str) -> Scan<'_> {
    Scan {
        s,
        pos: 0,
        table: table(),
    }
}

pub(crate) struct Scan<'a> {
    s: &'a str,
    pos: usize,
    table: &'static [Info],
}

impl Iterator for Scan<'_> {
    type Item = (usize, char, Option<Info>);

    #[inline(always)]
    fn next(&mut self) -> Option<Self::Item> {
        let pos = self.pos;
        let bytes = self.s.as_bytes();
        let b = *bytes.get(pos)?;
        if b < 0x80 {
            self.pos += 1;
            return Some((pos, char::from(b), self.table.get(usize::from(b)).copied()));
        }
        if b < 0xE0
            && let Some(&b2) = bytes.get(pos + 1)
        {
            // A valid `str`: a two-byte sequence encodes U+0080..U+07FF.
            let u = (u32::from(b & 0x1F) << 6) | u32::from(b2 & 0x3F);
            self.pos += 2;
            let c = char::from_u32(u).unwrap_or('\u{FFFD}');
            return Some((pos, c, self.table.get(u as usize).copied()));
        }
        let c = self.s.get(pos..)?.chars().next()?;
        self.pos += c.len_utf8();
        Some((pos, c, info(c)))
    }
}

/// [`scan`] from the last character to the first.
#[inline]
pub(crate) fn scan_rev(s: &str) -> ScanRev<'_> {
    ScanRev {
        s,
        end: s.len(),
        table: table(),
    }
}

pub(crate) struct ScanRev<'a> {
    s: &'a str,
    end: usize,
    table: &'static [Info],
}

impl Iterator for ScanRev<'_> {
    type Item = (usize, char, Option<Info>);

    #[inline(always)]
    fn next(&mut self) -> Option<Self::Item> {
        let end = self.end;
        let bytes = self.s.as_bytes();
        let b = *bytes.get(end.checked_sub(1)?)?;
        if b < 0x80 {
            self.end -= 1;
            return Some((
                self.end,
                char::from(b),
                self.table.get(usize::from(b)).copied(),
            ));
        }
        if let Some(&b1) = end.checked_sub(2).and_then(|i| bytes.get(i))
            && (0xC0..0xE0).contains(&b1)
        {
            let u = (u32::from(b1 & 0x1F) << 6) | u32::from(b & 0x3F);
            self.end -= 2;
            let c = char::from_u32(u).unwrap_or('\u{FFFD}');
            return Some((self.end, c, self.table.get(u as usize).copied()));
        }
        let c = self.s.get(..end)?.chars().next_back()?;
        self.end -= c.len_utf8();
        Some((self.end, c, info(c)))
    }
}

/// A bidi data source for unicode-bidi that answers from the table first.
pub(crate) struct TableData;

impl unicode_bidi::BidiDataSource for TableData {
    #[inline]
    fn bidi_class(&self, c: char) -> BidiClass {
        bidi_class(c)
    }

    fn bidi_matched_opening_bracket(
        &self,
        c: char,
    ) -> Option<unicode_bidi::data_source::BidiMatchedOpeningBracket> {
        // Every paired bracket is ON.
        if bidi_class(c) != BidiClass::ON {
            return None;
        }
        unicode_bidi::HardcodedBidiData.bidi_matched_opening_bracket(c)
    }
}

/// The bidi class of `c` (table first).
#[inline]
pub(crate) fn bidi_class(c: char) -> BidiClass {
    info(c).map_or_else(|| unicode_bidi::bidi_class(c), |i| i.class)
}

/// Whether `text` resolves, for a right-to-left paragraph, to level 1 everywhere: every character
/// is R/AL or a neutral that the rules turn into the embedding direction (no L, EN, AN, explicit
/// control or boundary neutral). Returns `(all_level_one, has_strong_rtl)`.
pub(crate) fn rtl_uniform(text: &str) -> (bool, bool) {
    let mut strong = false;
    for (_, c, info) in scan(text) {
        match info.map_or_else(|| slow_bidi(c), |i| i.bidi) {
            Bidi::Other => return (false, strong),
            Bidi::Strong => strong = true,
            Bidi::Neutral => {}
        }
    }
    (true, strong)
}

fn slow_bidi(c: char) -> Bidi {
    match unicode_bidi::bidi_class(c) {
        BidiClass::R | BidiClass::AL => Bidi::Strong,
        BidiClass::NSM
        | BidiClass::WS
        | BidiClass::ON
        | BidiClass::ES
        | BidiClass::ET
        | BidiClass::CS => Bidi::Neutral,
        _ => Bidi::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_rtl_matches_bidi_info() {
        let samples = [
            "قال الرئيس: (الناتو) «الأخبار» - نعم؟",
            "مُحَمَّدٌ ! ، . / + % #",
            " ( ) ",
        ];
        for s in samples {
            let (uniform, _) = rtl_uniform(s);
            assert!(uniform);
            let info = unicode_bidi::BidiInfo::new(s, Some(unicode_bidi::Level::rtl()));
            assert!(info.levels.iter().all(|l| l.number() == 1), "{s:?}");
        }
        for s in ["قال 2030", "NATO قال", "٢٠٢١ قال", "قال\u{202A}"] {
            assert!(!rtl_uniform(s).0, "{s:?}");
        }
    }
}
