//! Property tests of the text engine on random mixed Arabic / Latin / digits / punctuation /
//! controls / escape sequences / combining marks, at widths 1–200.

use std::collections::BTreeMap;

use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

use khabar::text::{
    BaseDirection, ControlPolicy, Highlight, LayoutOptions, MARK_CARRIER, NOT_DRAWABLE, Row,
    char_width, is_bidi_control, layout, sanitize,
};

const PIECES: &[&str] = &[
    // Arabic words, harakat, lam-alef, tatweel, Arabic-Indic digits and punctuation
    "مرحبا",
    "الأخبار",
    "لا",
    "لإ",
    "بَ",
    "مُحَمَّدٌ",
    "كـتـاب",
    "١٢٣",
    "،",
    "؟",
    "\u{64E}",
    "\u{651}",
    "\u{670}",
    "ٱ",
    "پ",
    "ے",
    // Latin, digits, punctuation and brackets
    "NATO",
    "COVID-19",
    "a",
    "Z",
    "3.5%",
    "2026-02-05",
    "$100",
    "(",
    ")",
    "[",
    "]",
    "«",
    "»",
    "<",
    ">",
    "\"",
    "“",
    "”",
    "-",
    "/",
    ".",
    ",",
    ":",
    "!",
    // spaces of several kinds
    " ",
    " ",
    " ",
    "  ",
    "\u{A0}",
    "\t",
    // wide characters and emoji
    "中",
    "😀",
    "👍🏽",
    // controls, escape sequences, DEL, C1
    "\u{0}",
    "\u{7}",
    "\u{8}",
    "\r",
    "\n",
    "\u{1b}",
    "\u{1b}[31m",
    "\u{1b}[0m",
    "\u{1b}]0;title\u{7}",
    "\u{1b}]8;;http://x\u{1b}\\",
    "\u{1b}P1$r\u{1b}\\",
    "\u{1b}(B",
    "\u{7f}",
    "\u{85}",
    "\u{9b}2J",
    "\u{9d}t\u{9c}",
    "\u{0605}",
    // bidi controls and joiners
    "\u{202A}",
    "\u{202B}",
    "\u{202C}",
    "\u{202D}",
    "\u{202E}",
    "\u{2066}",
    "\u{2067}",
    "\u{2068}",
    "\u{2069}",
    "\u{200E}",
    "\u{200F}",
    "\u{61C}",
    "\u{200C}",
    "\u{200D}",
];

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|v| v.concat())
}

fn options() -> impl Strategy<Value = LayoutOptions> {
    (
        1usize..=200,
        prop::sample::select(vec![
            BaseDirection::Auto,
            BaseDirection::Rtl,
            BaseDirection::Ltr,
            BaseDirection::AutoRtl,
        ]),
        prop::bool::ANY,
        prop::bool::ANY,
    )
        .prop_map(|(width, base, strip, shape)| LayoutOptions {
            width,
            base,
            controls: if strip {
                ControlPolicy::Strip
            } else {
                ControlPolicy::Honor
            },
            shape,
        })
}

/// A character and its mirror image count as the same (rule L4 mirrors in right-to-left runs).
fn canonical(s: &str) -> String {
    s.chars()
        .filter(|&c| c != MARK_CARRIER && !is_bidi_control(c))
        .map(|c| unicode_bidi_mirroring::get_mirrored(c).map_or(c, |m| m.min(c)))
        .collect()
}

/// The visible grapheme clusters of the text the engine lays out (spaces apart), with their counts.
fn visible_graphemes(text: &str, opts: &LayoutOptions) -> BTreeMap<String, usize> {
    let clean = sanitize(text, opts.controls);
    let mut out = BTreeMap::new();
    // Lines break at runs of U+0020 only, so clusters are taken word by word.
    for g in clean.split(' ').flat_map(|w| w.graphemes(true)) {
        let mut c = canonical(g);
        if c.is_empty() || c == " " {
            continue;
        }
        if g.chars().map(char_width).sum::<usize>() > opts.width {
            c = NOT_DRAWABLE.to_string();
        }
        *out.entry(c).or_insert(0) += 1;
    }
    out
}

fn cell_graphemes(rows: &[Row]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for cell in rows.iter().flat_map(|r| &r.cells) {
        let c = canonical(&cell.symbol);
        if c.is_empty() || c == " " {
            continue;
        }
        *out.entry(c).or_insert(0) += 1;
    }
    out
}

fn is_forbidden(c: char) -> bool {
    c.is_control()
        || is_bidi_control(c)
        || matches!(c, '\u{0605}' | '\u{0890}' | '\u{0891}' | '\u{08E2}')
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn rows_fit_and_never_contain_controls(text in paragraph(), opts in options()) {
        let rows = layout(&text, &opts, &[]);
        prop_assert!(!rows.is_empty());
        for row in &rows {
            prop_assert!(row.indent + row.width() <= opts.width,
                "row wider than {}: indent {} + {} cells: {:?}", opts.width, row.indent, row.width(), row.to_line());
            let line = row.to_line();
            prop_assert!(!line.ends_with(' '));
            prop_assert!(!line.chars().any(is_forbidden), "control in {:?}", line);
            for cell in &row.cells {
                prop_assert!(!cell.symbol.is_empty());
                prop_assert!(cell.source.start <= cell.source.end && cell.source.end <= text.len());
                prop_assert_eq!(cell.width, cell.symbol.chars().map(char_width).sum::<usize>());
            }
        }
    }

    #[test]
    fn every_visible_grapheme_appears_once(text in paragraph(), mut opts in options()) {
        opts.shape = false;
        let rows = layout(&text, &opts, &[]);
        prop_assert_eq!(cell_graphemes(&rows), visible_graphemes(&text, &opts), "input {:?}", text);
    }

    #[test]
    fn cells_point_at_their_input_bytes(text in paragraph(), mut opts in options()) {
        opts.shape = false;
        for cell in layout(&text, &opts, &[]).iter().flat_map(|r| &r.cells) {
            if cell.symbol == NOT_DRAWABLE.to_string() {
                continue;
            }
            let from_input = text.get(cell.source.clone());
            prop_assert!(from_input.is_some(), "source {:?} not on char boundaries", cell.source);
            // (Sanitising a slice alone may drop a joiner that starts it.)
            let no_joiners = |s: &str| canonical(s).replace(['\u{200C}', '\u{200D}'], "");
            let from_input = no_joiners(&sanitize(from_input.unwrap_or_default(), opts.controls));
            prop_assert_eq!(no_joiners(&cell.symbol), from_input, "cell {:?}", cell);
        }
    }

    #[test]
    fn highlights_land_on_the_cells_of_their_bytes(
        text in paragraph(),
        opts in options(),
        spans in prop::collection::vec((0usize..400, 0usize..60), 0..4),
    ) {
        let highlights: Vec<Highlight> = spans
            .iter()
            .enumerate()
            .map(|(i, &(start, len))| Highlight { range: start..start + len, tag: i as u32 + 1 })
            .collect();
        let rows = layout(&text, &opts, &highlights);
        for cell in rows.iter().flat_map(|r| &r.cells) {
            let expected: Vec<u32> = highlights
                .iter()
                .filter(|h| h.range.start < cell.source.end && cell.source.start < h.range.end)
                .map(|h| h.tag)
                .collect();
            prop_assert_eq!(&cell.tags, &expected, "cell {:?}", cell);
        }
        // Every visible letter inside a highlight is drawn in a cell carrying its tag.
        for h in &highlights {
            for (i, c) in text.char_indices() {
                if !h.range.contains(&i) || !c.is_alphabetic() {
                    continue;
                }
                let covering: Vec<_> = rows
                    .iter()
                    .flat_map(|r| &r.cells)
                    .filter(|cell| cell.source.contains(&i))
                    .collect();
                for cell in covering {
                    prop_assert!(cell.tags.contains(&h.tag), "{:?} lacks tag of {:?}", cell, h);
                }
            }
        }
    }
}
