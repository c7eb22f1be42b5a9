//! The open article: its blocks with cached layouts, its analysis, highlights, selection,
//! search matches and scroll position. Pure state and computation (no drawing, no I/O).

use std::ops::Range;

use crate::analysis::normalize::fold_char;
use crate::analysis::{Analysis, EntityType};
use crate::article::{Article, Direction};
use crate::text::{
    BaseDirection, ControlPolicy, Highlight, ParagraphLayout, Row, apply_highlights,
};

use super::theme::{entity_tag, tag};

/// A speaker and the quotes attributed to them (indices into `analysis.quotes`, in order).
#[derive(Debug, Clone)]
pub struct Speaker {
    pub name: String,
    pub quotes: Vec<usize>,
}

/// What is selected in the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    None,
    /// A quote (index into `analysis.quotes`).
    Quote(usize),
    /// The `k`-th quote of speaker `s`.
    Speaker {
        s: usize,
        k: usize,
    },
    /// Mention `m` of entity `e` (indices into `analysis.entities`).
    Mention {
        e: usize,
        m: usize,
    },
}

/// One screen line of the reader: a row of a block, or the blank line between blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineRef {
    Row { block: usize, row: usize },
    Blank,
}

/// Search state: the query and its matches (block, byte range).
#[derive(Debug, Clone, Default)]
pub struct Search {
    pub query: String,
    pub matches: Vec<(usize, Range<usize>)>,
    pub current: Option<usize>,
}

/// An article opened in the reader.
#[derive(Debug)]
pub struct Doc {
    /// Index of the article in the library.
    pub article: usize,
    pub rtl: bool,
    pub blocks: Vec<String>,
    pub has_lead: bool,
    pub analysis: Analysis,
    pub speakers: Vec<Speaker>,
    /// Entities in panel order: grouped by type (PER ORG LOC MISC), then by mentions.
    pub entity_order: Vec<usize>,
    pub selection: Selection,
    pub search: Search,
    /// Index of the first visible line.
    pub scroll: usize,
    layouts: Vec<ParagraphLayout>,
    static_hl: Vec<Vec<Highlight>>,
    lines: Vec<LineRef>,
    block_first_line: Vec<usize>,
    laid_out: Option<(usize, bool)>,
    /// (start block, start byte, end block, end byte) to bring into view at the next layout.
    reveal: Option<(usize, usize, usize, usize)>,
}

/// Whether an article reads right to left (its direction, else mostly Arabic-script letters).
pub fn article_is_rtl(article: &Article) -> bool {
    match article.direction {
        Some(Direction::Rtl) => return true,
        Some(Direction::Ltr) => return false,
        None => {}
    }
    let (mut rtl, mut ltr) = (0usize, 0usize);
    for block in article.blocks() {
        for c in block.chars().take(4000) {
            if super::keymap::is_arabic(c) || ('\u{0590}'..='\u{05FF}').contains(&c) {
                rtl += 1;
            } else if c.is_alphabetic() {
                ltr += 1;
            }
        }
    }
    rtl > ltr
}

/// Code point → byte offsets of one text, with a checkpoint every 64 code points (so that the
/// highlights of a very long paragraph are placed in linear time).
struct CpMap<'a> {
    text: &'a str,
    marks: Vec<usize>,
}

impl<'a> CpMap<'a> {
    fn new(text: &'a str) -> CpMap<'a> {
        let marks = text.char_indices().step_by(64).map(|(i, _)| i).collect();
        CpMap { text, marks }
    }

    /// Byte offset of code point `cp` (the end when past it).
    fn byte(&self, cp: usize) -> usize {
        match self.marks.get(cp / 64) {
            Some(&start) => start + cp_to_byte(&self.text[start..], cp % 64),
            None => self.text.len(),
        }
    }
}

/// Byte offset of code point `cp` in `s` (the end when past it).
pub fn cp_to_byte(s: &str, cp: usize) -> usize {
    s.char_indices().nth(cp).map(|(i, _)| i).unwrap_or(s.len())
}

impl Doc {
    /// Open an article with its (already computed) analysis.
    pub fn new(index: usize, article: &Article, analysis: Analysis) -> Doc {
        let rtl = article_is_rtl(article);
        let base = if rtl {
            BaseDirection::Rtl
        } else {
            BaseDirection::Auto
        };
        let blocks: Vec<String> = article.blocks().iter().map(|b| b.to_string()).collect();
        let layouts = blocks
            .iter()
            .map(|b| ParagraphLayout::new(b, base, ControlPolicy::Honor))
            .collect();
        let n = blocks.len();
        let mut doc = Doc {
            article: index,
            rtl,
            has_lead: article.lead.is_some(),
            blocks,
            analysis: Analysis::default(),
            speakers: Vec::new(),
            entity_order: Vec::new(),
            selection: Selection::None,
            search: Search::default(),
            scroll: 0,
            layouts,
            static_hl: vec![Vec::new(); n],
            lines: Vec::new(),
            block_first_line: Vec::new(),
            laid_out: None,
            reveal: None,
        };
        doc.set_analysis(analysis);
        doc
    }

    /// Take in the article's analysis (highlights, speakers, entities); the layout stays.
    pub fn set_analysis(&mut self, analysis: Analysis) {
        let blocks = &self.blocks;
        let maps: Vec<CpMap<'_>> = blocks.iter().map(|b| CpMap::new(b)).collect();
        let mut static_hl: Vec<Vec<Highlight>> = vec![Vec::new(); blocks.len()];
        let byte_range = |block: usize, start: usize, end: usize| -> Option<Range<usize>> {
            let map = maps.get(block)?;
            Some(map.byte(start)..map.byte(end))
        };
        for entity in &analysis.entities {
            for m in &entity.mentions {
                if let (Some(r), Some(hl)) = (
                    byte_range(m.paragraph, m.start, m.end),
                    static_hl.get_mut(m.paragraph),
                ) {
                    hl.push(Highlight {
                        range: r,
                        tag: entity_tag(entity.kind),
                    });
                }
            }
        }
        let mut speakers: Vec<Speaker> = Vec::new();
        for (qi, q) in analysis.quotes.iter().enumerate() {
            for (block, range) in quote_ranges(blocks, q) {
                if let Some(hl) = static_hl.get_mut(block) {
                    hl.push(Highlight {
                        range,
                        tag: tag::QUOTE,
                    });
                }
            }
            if let Some(loc) = &q.speaker_location
                && let (Some(r), Some(hl)) = (
                    byte_range(loc.paragraph, loc.start, loc.end),
                    static_hl.get_mut(loc.paragraph),
                )
            {
                hl.push(Highlight {
                    range: r,
                    tag: tag::SPEAKER,
                });
            }
            if let Some(name) = &q.speaker {
                match speakers.iter_mut().find(|s| &s.name == name) {
                    Some(s) => s.quotes.push(qi),
                    None => speakers.push(Speaker {
                        name: name.clone(),
                        quotes: vec![qi],
                    }),
                }
            }
        }
        let mut entity_order: Vec<usize> = (0..analysis.entities.len()).collect();
        entity_order.sort_by_key(|&i| {
            let e = &analysis.entities[i];
            (e.kind, std::cmp::Reverse(e.mentions.len()))
        });
        self.static_hl = static_hl;
        self.analysis = analysis;
        self.speakers = speakers;
        self.entity_order = entity_order;
        self.selection = Selection::None;
    }

    /// Number of screen lines at the current layout.
    pub fn line_count(&self) -> usize {
        self.lines.len()
    }

    /// Lay the blocks out for `width` (cached per paragraph); keeps the reading position or
    /// the selection in view when the width changes, and resolves a pending reveal.
    pub fn ensure_layout(&mut self, width: usize, height: usize, shape: bool) {
        let width = width.max(1);
        if self.laid_out != Some((width, shape)) {
            let anchor = self.top_anchor();
            self.lines.clear();
            self.block_first_line.clear();
            for (b, layout) in self.layouts.iter_mut().enumerate() {
                if b > 0 {
                    self.lines.push(LineRef::Blank);
                }
                self.block_first_line.push(self.lines.len());
                let n = layout.rows(width, shape).len();
                for row in 0..n {
                    self.lines.push(LineRef::Row { block: b, row });
                }
            }
            let first_layout = self.laid_out.is_none();
            self.laid_out = Some((width, shape));
            if !first_layout {
                if let Some((block, byte)) = anchor {
                    self.scroll = self.line_of(block, byte);
                }
                if self.reveal.is_none() {
                    self.reveal = self.selection_target();
                }
            }
        }
        if let Some((block, start, end_block, end)) = self.reveal.take() {
            let first = self.line_of(block, start);
            let last = self.line_of(end_block, end.saturating_sub(1));
            let last = last.max(first);
            if first < self.scroll || last >= self.scroll + height {
                let span = last - first + 1;
                let margin = height.saturating_sub(span) / 3;
                self.scroll = first.saturating_sub(margin.min(first));
            }
        }
        let max = self.lines.len().saturating_sub(height.max(1));
        self.scroll = self.scroll.min(max);
    }

    /// (block, byte) at the top of the view.
    fn top_anchor(&mut self) -> Option<(usize, usize)> {
        let (w, shape) = self.laid_out?;
        let mut i = self.scroll.min(self.lines.len().checked_sub(1)?);
        loop {
            if let LineRef::Row { block, row } = self.lines[i] {
                let rows = self.layouts[block].rows(w, shape);
                let byte = rows
                    .get(row)
                    .and_then(|r| r.cells.iter().map(|c| c.source.start).min())
                    .unwrap_or(0);
                return Some((block, byte));
            }
            i += 1;
            if i >= self.lines.len() {
                return None;
            }
        }
    }

    /// The screen line (at the current layout) showing byte `byte` of `block`.
    pub fn line_of(&mut self, block: usize, byte: usize) -> usize {
        let Some((w, shape)) = self.laid_out else {
            return 0;
        };
        let Some(&first) = self.block_first_line.get(block) else {
            return 0;
        };
        let rows = self.layouts[block].rows(w, shape);
        let mut best = 0;
        for (r, row) in rows.iter().enumerate() {
            if let Some(min) = row.cells.iter().map(|c| c.source.start).min()
                && min <= byte
            {
                best = r;
            }
        }
        first + best
    }

    /// Screen lines `scroll .. scroll + height`, each with tags for the current highlights.
    pub fn visible_rows(&mut self, height: usize) -> Vec<Option<(usize, Row)>> {
        let Some((w, shape)) = self.laid_out else {
            return Vec::new();
        };
        let end = (self.scroll + height).min(self.lines.len());
        let mut hl_cache: Vec<(usize, Vec<Highlight>)> = Vec::new();
        let mut out = Vec::with_capacity(height);
        for i in self.scroll..end {
            match self.lines[i] {
                LineRef::Blank => out.push(None),
                LineRef::Row { block, row } => {
                    if !hl_cache.iter().any(|(b, _)| *b == block) {
                        let hl = self.block_highlights(block);
                        hl_cache.push((block, hl));
                    }
                    let hl = hl_cache
                        .iter()
                        .find(|(b, _)| *b == block)
                        .map(|(_, h)| h.as_slice())
                        .unwrap_or(&[]);
                    let rows = self.layouts[block].rows(w, shape);
                    if let Some(r) = rows.get(row) {
                        let mut r = vec![r.clone()];
                        apply_highlights(&mut r, hl);
                        if let Some(r) = r.pop() {
                            out.push(Some((block, r)));
                        }
                    }
                }
            }
        }
        out
    }

    /// Every highlight of a block: analysis, search matches and the selection.
    pub fn block_highlights(&self, block: usize) -> Vec<Highlight> {
        let mut hl = self.static_hl.get(block).cloned().unwrap_or_default();
        for (i, (b, r)) in self.search.matches.iter().enumerate() {
            if *b == block {
                let t = if self.search.current == Some(i) {
                    tag::SEARCH_CURRENT
                } else {
                    tag::SEARCH
                };
                hl.push(Highlight {
                    range: r.clone(),
                    tag: t,
                });
            }
        }
        for (b, r) in self.selected_ranges() {
            if b == block {
                hl.push(Highlight {
                    range: r,
                    tag: tag::SELECTED,
                });
            }
        }
        hl
    }

    /// The quote that is selected (directly or through a speaker).
    pub fn selected_quote(&self) -> Option<usize> {
        match self.selection {
            Selection::Quote(q) => Some(q),
            Selection::Speaker { s, k } => self.speakers.get(s)?.quotes.get(k).copied(),
            _ => None,
        }
    }

    /// Byte ranges (block, range) of the selected item.
    pub fn selected_ranges(&self) -> Vec<(usize, Range<usize>)> {
        if let Some(q) = self.selected_quote() {
            return match self.analysis.quotes.get(q) {
                Some(quote) => quote_ranges(&self.blocks, quote),
                None => Vec::new(),
            };
        }
        if let Selection::Mention { e, m } = self.selection
            && let Some(mention) = self
                .analysis
                .entities
                .get(e)
                .and_then(|ent| ent.mentions.get(m))
            && let Some(text) = self.blocks.get(mention.paragraph)
        {
            return vec![(
                mention.paragraph,
                cp_to_byte(text, mention.start)..cp_to_byte(text, mention.end),
            )];
        }
        Vec::new()
    }

    /// (start block, start byte, end block, end byte) of the selection.
    pub fn selection_target(&self) -> Option<(usize, usize, usize, usize)> {
        let ranges = self.selected_ranges();
        let (b, first) = ranges.first()?;
        let (eb, last) = ranges.last()?;
        Some((*b, first.start, *eb, last.end))
    }

    /// Select and bring into view at the next layout.
    pub fn select(&mut self, selection: Selection) {
        self.selection = selection;
        self.reveal = self.selection_target();
    }

    /// Bring a block position into view at the next layout.
    pub fn reveal(&mut self, block: usize, start: usize, end: usize) {
        self.reveal = Some((block, start, block, end));
    }

    /// Scroll by `delta` lines (clamped at the next layout).
    pub fn scroll_by(&mut self, delta: isize) {
        self.scroll = self.scroll.saturating_add_signed(delta);
    }

    /// Search (harakat/tatweel-insensitive, folded letters); selects the first match at or after
    /// the top of the view.
    pub fn set_search(&mut self, query: &str) {
        let needle: Vec<char> = query.chars().filter_map(fold_char).collect();
        let mut matches = Vec::new();
        if !needle.is_empty() {
            for (b, text) in self.blocks.iter().enumerate() {
                let folded: Vec<(char, Range<usize>)> = text
                    .char_indices()
                    .filter_map(|(i, c)| fold_char(c).map(|f| (f, i..i + c.len_utf8())))
                    .collect();
                let mut i = 0;
                while i + needle.len() <= folded.len() {
                    if folded[i..i + needle.len()]
                        .iter()
                        .zip(&needle)
                        .all(|((f, _), n)| f == n)
                    {
                        let start = folded[i].1.start;
                        let mut end = folded[i + needle.len() - 1].1.end;
                        // Take the marks (and tatweel) that follow the last letter with it.
                        end += text[end..]
                            .chars()
                            .take_while(|c| fold_char(*c).is_none())
                            .map(char::len_utf8)
                            .sum::<usize>();
                        matches.push((b, start..end));
                        i += needle.len();
                    } else {
                        i += 1;
                    }
                }
            }
        }
        self.search = Search {
            query: query.to_string(),
            current: if matches.is_empty() { None } else { Some(0) },
            matches,
        };
        if let Some((b, r)) = self.search.matches.first().cloned() {
            self.reveal(b, r.start, r.end);
        }
    }

    /// Move to the next (`forward`) or previous search match.
    pub fn step_match(&mut self, forward: bool) -> bool {
        let n = self.search.matches.len();
        if n == 0 {
            return false;
        }
        let next = match self.search.current {
            Some(c) if forward => (c + 1) % n,
            Some(c) => (c + n - 1) % n,
            None => 0,
        };
        self.search.current = Some(next);
        let (b, r) = self.search.matches[next].clone();
        self.reveal(b, r.start, r.end);
        true
    }

    /// Entity type of entity `e`.
    pub fn entity_kind(&self, e: usize) -> Option<EntityType> {
        self.analysis.entities.get(e).map(|x| x.kind)
    }
}

/// The byte ranges, block by block, covered by a quote.
pub fn quote_ranges(blocks: &[String], q: &crate::analysis::Quote) -> Vec<(usize, Range<usize>)> {
    let mut out = Vec::new();
    let last = q.end_paragraph.max(q.paragraph);
    for b in q.paragraph..=last {
        let Some(text) = blocks.get(b) else { break };
        let start = if b == q.paragraph {
            cp_to_byte(text, q.start)
        } else {
            0
        };
        let end = if b == last {
            cp_to_byte(text, q.end)
        } else {
            text.len()
        };
        if start < end {
            out.push((b, start..end));
        }
    }
    out
}
