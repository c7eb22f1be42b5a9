//! The right-to-left text engine: turns one paragraph into screen rows.
//!
//! Pure library: no terminal code. Pipeline: sanitise → resolve bidi levels once per paragraph →
//! wrap in logical order → reorder each line to visual order → (optionally) shape → align.
//!
//! Rows match the independent oracle in `shared/rtl` exactly (see `tests/rtl_cases.rs`), which keeps
//! ZWJ/ZWNJ in the cells. Before drawing into a terminal, pass the rows through
//! [`make_terminal_safe`], which removes ZWJ and zero-width characters at the start of a cell
//! (terminals and ratatui disagree on where those go).
//!
//! ```
//! use khabar::text::{layout, LayoutOptions, BaseDirection};
//! let opts = LayoutOptions { width: 12, base: BaseDirection::Auto, ..Default::default() };
//! let rows = layout("مرحبا (NATO)", &opts, &[]);
//! assert_eq!(rows[0].to_line(), "(NATO) ابحرم");
//! ```
//!
//! PINNED API (used by the UI and the CLI; keep these names and shapes stable):
//! [`LayoutOptions`], [`BaseDirection`], [`ControlPolicy`], [`Highlight`], [`Cell`], [`Row`],
//! [`layout`], and the per-paragraph cache [`ParagraphLayout`].

use std::ops::Range;

mod bidi;
mod charclass;
mod implicit;
mod reorder;
mod rtl_numbers;
mod sanitize;
mod shape;
mod symbol;
mod width;
mod words;
mod wrap;

pub use sanitize::{MARK_CARRIER, is_bidi_control};
pub use symbol::Symbol;
pub use width::{char_width, str_width};

use bidi::Levels;
use sanitize::{Sanitized, SrcMap};

/// Paragraph direction selection (UAX #9 P2/P3 or forced).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BaseDirection {
    /// First strong character decides; left-to-right when there is none.
    #[default]
    Auto,
    /// Always right-to-left (an article body that is mostly Arabic).
    Rtl,
    /// Always left-to-right.
    Ltr,
    /// First strong character decides; right-to-left when there is none.
    AutoRtl,
}

/// What to do with explicit bidi controls (LRE RLE PDF LRO RLO LRI RLI FSI PDI LRM RLM ALM).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ControlPolicy {
    /// Obey them in the algorithm, then remove them from the output.
    #[default]
    Honor,
    /// Delete them before layout.
    Strip,
}

/// How to lay out a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayoutOptions {
    /// Width of the text area in terminal cells (at least 1 is used).
    pub width: usize,
    /// Paragraph direction.
    pub base: BaseDirection,
    /// What to do with explicit bidi controls.
    pub controls: ControlPolicy,
    /// Shape Arabic into presentation forms (for terminals that do not shape).
    pub shape: bool,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        Self {
            width: 80,
            base: BaseDirection::Auto,
            controls: ControlPolicy::Honor,
            shape: false,
        }
    }
}

/// A styled byte range of the input paragraph, with a caller-chosen tag
/// (quote, speaker, entity type, search match, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    pub range: Range<usize>,
    pub tag: u32,
}

/// One visual cell group: a grapheme cluster as it must be written into the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The text to write (one grapheme cluster, mirrored/shaped as needed; never a control).
    /// Dereferences to `&str`; stored inline (no allocation) for all but very long clusters.
    pub symbol: Symbol,
    /// Display width in cells (0, 1 or 2).
    pub width: usize,
    /// Byte range of the input paragraph this cell came from.
    pub source: Range<usize>,
    /// Tags of every highlight that overlaps `source`, in the order the highlights were given.
    pub tags: Vec<u32>,
}

/// One screen row in visual order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Row {
    /// Number of blank cells before the first cell (right-alignment padding for RTL rows).
    pub indent: usize,
    /// Cells from left to right.
    pub cells: Vec<Cell>,
    /// Whether the paragraph this row belongs to is right-to-left.
    pub rtl: bool,
}

impl Row {
    /// Width of the cells (without the indent).
    pub fn width(&self) -> usize {
        self.cells.iter().map(|c| c.width).sum()
    }

    /// The row as a string: indent spaces, then the cells, with trailing spaces removed.
    pub fn to_line(&self) -> String {
        let mut bytes = Vec::with_capacity(self.indent + 4 * self.cells.len());
        bytes.resize(self.indent, b' ');
        for c in &self.cells {
            bytes.extend_from_slice(c.symbol.as_bytes());
        }
        while bytes.last() == Some(&b' ') {
            bytes.pop();
        }
        // Every symbol is UTF-8: one check for the whole row instead of one per cell.
        String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

/// Lay out one paragraph into rows of at most `opts.width` cells, with highlights carried onto cells.
/// An empty paragraph gives one empty row.
pub fn layout(text: &str, opts: &LayoutOptions, highlights: &[Highlight]) -> Vec<Row> {
    let mut cache = ParagraphLayout::new(text, opts.base, opts.controls);
    let mut rows = cache.rows(opts.width, opts.shape).to_vec();
    apply_highlights(&mut rows, highlights);
    rows
}

/// Fill each cell's `tags` from the highlights overlapping its source range.
pub fn apply_highlights(rows: &mut [Row], highlights: &[Highlight]) {
    for row in rows {
        for cell in &mut row.cells {
            cell.tags.clear();
            for h in highlights {
                if h.range.start < cell.source.end && cell.source.start < h.range.end {
                    cell.tags.push(h.tag);
                }
            }
        }
    }
}

/// Per-paragraph cache: sanitising and bidi levels are computed once; rows once per (width, shape).
#[derive(Debug, Clone)]
pub struct ParagraphLayout {
    base: BaseDirection,
    clean: Sanitized,
    words: Vec<words::Word>,
    levels: Levels,
    cached: Option<(usize, bool, Vec<Row>)>,
}

impl ParagraphLayout {
    /// Sanitise `text` (one paragraph) and resolve its bidi levels.
    pub fn new(text: &str, base: BaseDirection, controls: ControlPolicy) -> Self {
        let mut clean = sanitize::sanitize(text, controls);
        let levels = Levels::resolve_hinted(&clean.text, base, clean.hint, clean.numbers.take());
        let words = clean
            .words
            .take()
            .unwrap_or_else(|| words::words(&clean.text));
        Self {
            base,
            clean,
            words,
            levels,
            cached: None,
        }
    }

    /// Whether the paragraph resolved to right-to-left.
    pub fn is_rtl(&self) -> bool {
        self.levels.is_rtl()
    }

    /// Rows for a width (cached until the width or shaping changes). Tags are empty.
    pub fn rows(&mut self, width: usize, shape: bool) -> &[Row] {
        let stale = !matches!(&self.cached, Some((w, s, _)) if *w == width && *s == shape);
        if stale {
            let rows = self.build_rows(width.max(1), shape);
            self.cached = Some((width, shape, rows));
        }
        match &self.cached {
            Some((_, _, rows)) => rows,
            None => &[],
        }
    }

    fn build_rows(&self, width: usize, shape: bool) -> Vec<Row> {
        let text = &self.clean.text;
        let lines = wrap::wrap(text, &self.words, width);
        if lines.is_empty() {
            return vec![Row {
                indent: 0,
                cells: Vec::new(),
                rtl: self.is_rtl(),
            }];
        }
        if shape {
            // Shape each wrapped line, rebuild the paragraph with the original gaps, and resolve
            // the levels of the shaped paragraph (as the oracle does).
            let src_owned;
            let src = match self.clean.map() {
                SrcMap::Map(m) => m,
                SrcMap::Identity => {
                    let mut v = Vec::with_capacity(text.len());
                    SrcMap::Identity.extend_into(text, 0, text.len(), &mut v);
                    src_owned = v;
                    &src_owned
                }
            };
            let mut shaped = String::with_capacity(text.len());
            let mut shaped_src = Vec::with_capacity(text.len());
            let mut shaped_lines = Vec::with_capacity(lines.len());
            let mut prev_end = None;
            for line in &lines {
                if let Some(pe) = prev_end {
                    shaped.push_str(&text[pe..line.start]);
                    shaped_src.extend_from_slice(&src[pe..line.start]);
                }
                let start = shaped.len();
                shape::shape_line_into(
                    &text[line.clone()],
                    &src[line.clone()],
                    &mut shaped,
                    &mut shaped_src,
                );
                shaped_lines.push(start..shaped.len());
                prev_end = Some(line.end);
            }
            // Shaping turns Arabic letters into presentation forms of the same bidi class (AL) and
            // adds no other class, so what the sanitiser learnt of the text still holds.
            let levels = Levels::resolve_hinted(&shaped, self.base, self.clean.hint, None);
            visual_rows(
                &shaped,
                SrcMap::Map(&shaped_src),
                &levels,
                &shaped_lines,
                width,
            )
        } else {
            visual_rows(text, self.clean.map(), &self.levels, &lines, width)
        }
    }
}

/// Reorder and align each line.
fn visual_rows(
    text: &str,
    src: SrcMap<'_>,
    levels: &Levels,
    lines: &[Range<usize>],
    width: usize,
) -> Vec<Row> {
    let rtl = levels.is_rtl();
    let mut runs = Vec::new();
    let mut scratch = bidi::RunScratch::default();
    lines
        .iter()
        .map(|line| {
            runs.clear();
            levels.visual_runs(text, line.clone(), &mut runs, &mut scratch);
            // At most one cell per cell of width, except for zero-width clusters.
            let mut cells = Vec::with_capacity(width.min(line.len()) + 2);
            reorder::push_line_cells(text, src, line.clone(), &runs, &mut cells);
            let mut w = 0;
            for cell in &mut cells {
                if cell.width > width {
                    // A cluster wider than the whole area (a wide character at width 1, an emoji
                    // sequence): it cannot be drawn.
                    cell.symbol = Symbol::from_char(NOT_DRAWABLE);
                    cell.width = 1;
                }
                w += cell.width;
            }
            Row {
                indent: if rtl { width.saturating_sub(w) } else { 0 },
                cells,
                rtl,
            }
        })
        .collect()
}

/// What a cell shows instead of a grapheme cluster wider than the whole text area (a wide
/// character when the width is 1).
pub const NOT_DRAWABLE: char = '\u{FFFD}';

/// The paragraph text as the engine lays it out, in logical order: controls and escape sequences
/// removed, tabs as spaces, carriers under lone marks, and the explicit bidi controls kept
/// ([`ControlPolicy::Honor`]; they are removed from the cells after reordering) or deleted.
pub fn sanitize(text: &str, controls: ControlPolicy) -> String {
    sanitize::sanitize(text, controls).text
}

/// Sanitise a one-line string for display (a title, a status message): no control character,
/// escape sequence or bidi control; tabs and line breaks become spaces. Logical order is kept.
pub fn sanitize_inline(text: &str) -> String {
    sanitize::sanitize(text, ControlPolicy::Strip).text
}

/// Make rows safe to write into real terminal cells: remove ZWJ (U+200D) from every cell, and
/// zero-width characters at the start of a cell; drop cells left empty. (The oracle keeps ZWJ, so
/// [`layout`] does too; tmux moves the cursor on a ZWJ while ratatui does not.)
pub fn make_terminal_safe(rows: &mut [Row]) {
    for row in rows {
        row.cells.retain_mut(|cell| {
            let s: &str = &cell.symbol;
            let lead = s
                .char_indices()
                .find(|&(_, c)| char_width(c) > 0)
                .map_or(s.len(), |(i, _)| i);
            if lead > 0 || s.contains('\u{200D}') {
                let kept: String = s[lead..].chars().filter(|&c| c != '\u{200D}').collect();
                cell.symbol = Symbol::from(kept);
            }
            !cell.symbol.is_empty()
        });
    }
}

/// Terminal sequences for `--bidi app` (see the "BiDi in Terminal Emulators" recommendation).
pub mod terminal_modes {
    /// Sent at start-up when khabar reorders itself: explicit mode (`CSI 8 l`, BDSM reset) and
    /// paragraph direction left-to-right (`CSI 1 SP k`, SCP), so VTE-like terminals do not reorder
    /// a second time.
    pub const APP_BIDI_ENTER: &str = "\x1b[8l\x1b[1 k";
    /// Sent on exit: back to implicit mode (`CSI 8 h`) and the default direction (`CSI 0 SP k`).
    pub const APP_BIDI_EXIT: &str = "\x1b[8h\x1b[0 k";
    /// `APP_BIDI_ENTER` wrapped for tmux passthrough (needs `set -g allow-passthrough on`).
    pub const APP_BIDI_ENTER_TMUX: &str = "\x1bPtmux;\x1b\x1b[8l\x1b\x1b[1 k\x1b\\";
    /// `APP_BIDI_EXIT` wrapped for tmux passthrough.
    pub const APP_BIDI_EXIT_TMUX: &str = "\x1bPtmux;\x1b\x1b[8h\x1b\x1b[0 k\x1b\\";
}
