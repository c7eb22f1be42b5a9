//! The right-to-left text engine: turns one paragraph into screen rows.
//!
//! Pure library: no terminal code. Pipeline: sanitise → resolve bidi levels once per paragraph →
//! wrap in logical order → reorder each line to visual order → (optionally) shape → align.
//!
//! PINNED API (used by the UI and the CLI; keep these names and shapes stable):
//! [`LayoutOptions`], [`BaseDirection`], [`ControlPolicy`], [`Highlight`], [`Cell`], [`Row`],
//! [`layout`], and the per-paragraph cache [`ParagraphLayout`].

use std::ops::Range;

/// Paragraph direction selection (UAX #9 P2/P3 or forced).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BaseDirection {
    /// First strong character decides; left-to-right when there is none.
    #[default]
    Auto,
    Rtl,
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
    pub base: BaseDirection,
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
    pub symbol: String,
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
        let mut s = " ".repeat(self.indent);
        for c in &self.cells {
            s.push_str(&c.symbol);
        }
        s.truncate(s.trim_end_matches(' ').len());
        s
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

/// Per-paragraph cache: levels and analysis are computed once; rows once per (width, shape).
#[derive(Debug, Clone)]
pub struct ParagraphLayout {
    text: String,
    base: BaseDirection,
    cached: Option<(usize, bool, Vec<Row>)>,
}

impl ParagraphLayout {
    pub fn new(text: &str, base: BaseDirection, controls: ControlPolicy) -> Self {
        let _ = controls;
        Self {
            text: text.to_string(),
            base,
            cached: None,
        }
    }

    /// Whether the paragraph resolved to right-to-left.
    pub fn is_rtl(&self) -> bool {
        matches!(self.base, BaseDirection::Rtl)
    }

    /// Rows for a width (cached until the width or shaping changes). Tags are empty.
    pub fn rows(&mut self, width: usize, shape: bool) -> &[Row] {
        let stale = !matches!(&self.cached, Some((w, s, _)) if *w == width && *s == shape);
        if stale {
            let rows = naive_rows(&self.text, width.max(1), self.is_rtl());
            self.cached = Some((width, shape, rows));
        }
        match &self.cached {
            Some((_, _, rows)) => rows,
            None => &[],
        }
    }
}

/// PLACEHOLDER until the real engine lands: char-wrapped, reversed for RTL, no bidi.
fn naive_rows(text: &str, width: usize, rtl: bool) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut cur: Vec<Cell> = Vec::new();
    for (i, ch) in text.char_indices() {
        if ch.is_control() {
            continue;
        }
        cur.push(Cell {
            symbol: ch.to_string(),
            width: 1,
            source: i..i + ch.len_utf8(),
            tags: Vec::new(),
        });
        if cur.len() == width {
            rows.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() || rows.is_empty() {
        rows.push(cur);
    }
    rows.into_iter()
        .map(|mut cells| {
            if rtl {
                cells.reverse();
            }
            let w = cells.len();
            Row {
                indent: if rtl { width - w } else { 0 },
                cells,
                rtl,
            }
        })
        .collect()
}
