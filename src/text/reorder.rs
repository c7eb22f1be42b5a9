//! Visual order of one line: the line's visual runs (L1/L2 on paragraph levels), right-to-left
//! runs reversed by grapheme cluster so combining marks stay after their letter (L3), mirrored
//! characters in right-to-left runs (L4), and bidi controls removed from the cells.
//!
//! When a run boundary falls inside a grapheme cluster (a ZWJ/ZWNJ or a mark whose level differs
//! from its letter's), the cluster is kept whole and drawn where its first character appears
//! visually, with its characters in logical order (as the oracle regroups clusters).

use std::ops::Range;

use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

use super::Cell;
use super::charclass::{self, Cluster};
use super::sanitize::{SrcMap, is_bidi_control};
use super::symbol::{Symbol, SymbolBuilder};
use super::width::char_width;

/// Append the cells of one visual line, left to right.
///
/// `runs` are the line's visual runs (byte ranges of `text`, left to right, with their direction);
/// `src` maps every byte of `text` to an input byte range.
pub(crate) fn push_line_cells(
    text: &str,
    src: SrcMap<'_>,
    line: Range<usize>,
    runs: &[(Range<usize>, bool)],
    out: &mut Vec<Cell>,
) {
    if runs.len() > 1 && splits_a_cluster(&text[line.clone()], line.start, runs) {
        push_regrouped(text, src, line, runs, out);
        return;
    }
    for (run, rtl) in runs {
        let mark = out.len();
        if push_simple_run(text, src, run.clone(), *rtl, out) {
            continue;
        }
        // A character outside the table or with a special cluster rule: use the segmenter.
        out.truncate(mark);
        let t = &text[run.clone()];
        if *rtl {
            for (off, g) in t.grapheme_indices(true).rev() {
                push_cluster(text, g, run.start + off, src, true, out);
            }
        } else {
            for (off, g) in t.grapheme_indices(true) {
                push_cluster(text, g, run.start + off, src, false, out);
            }
        }
    }
}

/// Cells of a run made of table characters with simple cluster roles (a base and the marks after
/// it), in one pass; false (with some cells pushed) when another character occurs.
fn push_simple_run(
    text: &str,
    src: SrcMap<'_>,
    run: Range<usize>,
    rtl: bool,
    out: &mut Vec<Cell>,
) -> bool {
    let t = &text[run.clone()];
    // At most one cell per character.
    let chars = t.bytes().filter(|&b| (b as i8) >= -0x40).count();
    let mut slots = Slots::new(out, chars);
    // Cluster being collected: end byte (exclusive, relative to `t`), width, whether it has a
    // mirrored character.
    let mut width = 0usize;
    let mut mirrored = false;
    if rtl {
        let mut end = t.len();
        for (i, _, info) in charclass::scan_rev(t) {
            let Some(info) = info else {
                return false;
            };
            width += usize::from(info.width);
            mirrored |= info.mirrors;
            match info.cluster {
                Cluster::Extend => continue,
                Cluster::Complex => return false,
                Cluster::Base => {}
            }
            slots.fill(text, src, run.start + i..run.start + end, width, mirrored);
            end = i;
            width = 0;
            mirrored = false;
        }
        slots.finish();
        // Marks before the first base: the run starts inside a cluster.
        end == 0
    } else {
        let mut start = 0;
        for (i, _, info) in charclass::scan(t) {
            let Some(info) = info else {
                return false;
            };
            match info.cluster {
                Cluster::Extend if i > 0 => {}
                Cluster::Extend | Cluster::Complex => return false,
                Cluster::Base if i > 0 => {
                    slots.fill(text, src, run.start + start..run.start + i, width, false);
                    start = i;
                    width = 0;
                }
                Cluster::Base => {}
            }
            width += usize::from(info.width);
        }
        if !t.is_empty() {
            slots.fill(text, src, run.start + start..run.end, width, false);
        }
        slots.finish();
        true
    }
}

/// Cells appended as blanks first and then filled in place: a cell assembled on the stack and
/// copied into the vector costs a store-forwarding stall per cell.
struct Slots<'a> {
    out: &'a mut Vec<Cell>,
    next: usize,
}

impl<'a> Slots<'a> {
    #[inline]
    fn new(out: &'a mut Vec<Cell>, max: usize) -> Self {
        let next = out.len();
        out.resize_with(next + max, || Cell {
            symbol: Symbol::new(),
            width: 0,
            source: 0..0,
            tags: Vec::new(),
        });
        Slots { out, next }
    }

    /// Fill the next cell with the cluster `text[g]`.
    #[inline(always)]
    fn fill(&mut self, text: &str, src: SrcMap<'_>, g: Range<usize>, width: usize, mirrored: bool) {
        let (a, b) = src.range(text, g.start, g.end);
        if self.next == self.out.len() {
            self.out.push(Cell {
                symbol: Symbol::new(),
                width: 0,
                source: 0..0,
                tags: Vec::new(),
            });
        }
        let Some(cell) = self.out.get_mut(self.next) else {
            return;
        };
        self.next += 1;
        cell.width = width;
        cell.source = a as usize..b as usize;
        if mirrored {
            let mut sym = SymbolBuilder::new();
            text[g].chars().for_each(|c| sym.push(mirror(c)));
            cell.symbol = sym.finish();
        } else {
            cell.symbol.set_text(text, g);
        }
    }

    /// Drop the blanks left over.
    #[inline]
    fn finish(self) {
        self.out.truncate(self.next);
    }
}

#[inline]
fn mirror(c: char) -> char {
    if ('\u{0600}'..='\u{08FF}').contains(&c) {
        // Arabic letters, marks and digits never mirror (skip the table look-up).
        return c;
    }
    unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c)
}

fn push_cluster(text: &str, g: &str, at: usize, src: SrcMap<'_>, rtl: bool, out: &mut Vec<Cell>) {
    let mut symbol = SymbolBuilder::new();
    let mut width = 0;
    let mut source: Option<(u32, u32)> = None;
    for (off, c) in g.char_indices() {
        if is_bidi_control(c) {
            continue;
        }
        let c = if rtl { mirror(c) } else { c };
        symbol.push(c);
        width += char_width(c);
        let span = src.span(text, at + off);
        source = Some(match source {
            None => span,
            Some((a, b)) => (a.min(span.0), b.max(span.1)),
        });
    }
    if let Some((a, b)) = source {
        out.push(Cell {
            symbol: symbol.finish(),
            width,
            source: a as usize..b as usize,
            tags: Vec::new(),
        });
    }
}

/// Whether a run boundary falls inside a grapheme cluster of the line.
fn splits_a_cluster(line_text: &str, line_start: usize, runs: &[(Range<usize>, bool)]) -> bool {
    runs.iter().any(|(run, _)| {
        let at = run.start - line_start;
        at > 0
            && at < line_text.len()
            && !GraphemeCursor::new(at, line_text.len(), true)
                .is_boundary(line_text, 0)
                .unwrap_or(true)
    })
}

/// Slow path: order whole clusters by the first visual appearance of any of their characters.
fn push_regrouped(
    text: &str,
    src: SrcMap<'_>,
    line: Range<usize>,
    runs: &[(Range<usize>, bool)],
    out: &mut Vec<Cell>,
) {
    let line_text = &text[line.clone()];
    let clusters: Vec<Range<usize>> = line_text
        .grapheme_indices(true)
        .map(|(o, g)| line.start + o..line.start + o + g.len())
        .collect();
    let mut rtl_at = vec![false; line_text.len()];
    for (run, rtl) in runs {
        rtl_at[run.start - line.start..run.end - line.start].fill(*rtl);
    }
    let mut seen = vec![false; clusters.len()];
    let mut visit = |pos: usize, out: &mut Vec<Cell>| {
        let k = clusters.partition_point(|c| c.end <= pos);
        if k >= clusters.len() || seen[k] {
            return;
        }
        seen[k] = true;
        let cl = clusters[k].clone();
        let mut symbol = SymbolBuilder::new();
        let mut width = 0;
        let mut source: Option<(u32, u32)> = None;
        for (off, c) in text[cl.clone()].char_indices() {
            if is_bidi_control(c) {
                continue;
            }
            let at = cl.start + off;
            let c = if rtl_at[at - line.start] {
                mirror(c)
            } else {
                c
            };
            symbol.push(c);
            width += char_width(c);
            let span = src.span(text, at);
            source = Some(match source {
                None => span,
                Some((a, b)) => (a.min(span.0), b.max(span.1)),
            });
        }
        if let Some((a, b)) = source {
            out.push(Cell {
                symbol: symbol.finish(),
                width,
                source: a as usize..b as usize,
                tags: Vec::new(),
            });
        }
    };
    for (run, rtl) in runs {
        let t = &text[run.clone()];
        if *rtl {
            for (off, _) in t.char_indices().rev() {
                visit(run.start + off, out);
            }
        } else {
            for (off, _) in t.char_indices() {
                visit(run.start + off, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The segmenter-based cells of one run (the slow path).
    fn segmenter_cells(text: &str, rtl: bool) -> Vec<Cell> {
        let mut out = Vec::new();
        let clusters: Vec<_> = text.grapheme_indices(true).collect();
        let order: Box<dyn Iterator<Item = &(usize, &str)>> = if rtl {
            Box::new(clusters.iter().rev())
        } else {
            Box::new(clusters.iter())
        };
        for (off, g) in order {
            push_cluster(text, g, *off, SrcMap::Identity, rtl, &mut out);
        }
        out
    }

    #[test]
    fn simple_runs_match_the_segmenter() {
        let samples = [
            "بَِسْمِ الله، (قال) «الأخبار» ؟!",
            "ب ﻻ ﷲ ﺑﺎ [x] {y} <z>",
            "abc é ü ñ (1) 2",
            "",
        ];
        for s in samples {
            for rtl in [false, true] {
                let mut fast = Vec::new();
                assert!(push_simple_run(
                    s,
                    SrcMap::Identity,
                    0..s.len(),
                    rtl,
                    &mut fast
                ));
                assert_eq!(fast, segmenter_cells(s, rtl), "{s:?} rtl={rtl}");
            }
        }
        // A run that starts with a mark, or holds a joiner, is left to the segmenter.
        for s in ["\u{64E}ب", "ب\u{200D}ب"] {
            assert!(!push_simple_run(
                s,
                SrcMap::Identity,
                0..s.len(),
                true,
                &mut Vec::new()
            ));
        }
    }
}
