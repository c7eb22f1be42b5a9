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
use super::charclass;
use super::sanitize::is_bidi_control;
use super::width::char_width;

/// Append the cells of one visual line, left to right.
///
/// `runs` are the line's visual runs (byte ranges of `text`, left to right, with their direction);
/// `src` maps every byte of `text` to an input byte range.
pub(crate) fn push_line_cells(
    text: &str,
    src: &[(u32, u32)],
    line: Range<usize>,
    runs: &[(Range<usize>, bool)],
    out: &mut Vec<Cell>,
) {
    if runs.len() > 1 && splits_a_cluster(&text[line.clone()], line.start, runs) {
        push_regrouped(text, src, line, runs, out);
        return;
    }
    for (run, rtl) in runs {
        let t = &text[run.clone()];
        if t.is_ascii() {
            // Every ASCII character is its own cluster (CR was sanitised away).
            let mut push_byte = |i: usize| {
                let b = t.as_bytes()[i];
                let c = if *rtl {
                    mirror(char::from(b))
                } else {
                    char::from(b)
                };
                push_cluster_char(c, src[run.start + i], out);
            };
            if *rtl {
                (0..t.len()).rev().for_each(&mut push_byte);
            } else {
                (0..t.len()).for_each(&mut push_byte);
            }
        } else if charclass::all_simple(t) {
            // Letters and marks only: clusters are a base and the marks after it.
            if *rtl {
                for (off, g) in charclass::simple_clusters_rev(t) {
                    push_cluster(g, run.start + off, src, true, out);
                }
            } else {
                for (off, g) in charclass::simple_clusters(t) {
                    push_cluster(g, run.start + off, src, false, out);
                }
            }
        } else if *rtl {
            for (off, g) in t.grapheme_indices(true).rev() {
                push_cluster(g, run.start + off, src, true, out);
            }
        } else {
            for (off, g) in t.grapheme_indices(true) {
                push_cluster(g, run.start + off, src, false, out);
            }
        }
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

fn push_cluster_char(c: char, span: (u32, u32), out: &mut Vec<Cell>) {
    out.push(Cell {
        symbol: c.to_string(),
        width: char_width(c),
        source: span.0 as usize..span.1 as usize,
        tags: Vec::new(),
    });
}

fn push_cluster(g: &str, at: usize, src: &[(u32, u32)], rtl: bool, out: &mut Vec<Cell>) {
    let mut symbol = String::with_capacity(g.len());
    let mut width = 0;
    let mut source: Option<(u32, u32)> = None;
    for (off, c) in g.char_indices() {
        if is_bidi_control(c) {
            continue;
        }
        let c = if rtl { mirror(c) } else { c };
        symbol.push(c);
        width += char_width(c);
        let span = src.get(at + off).copied().unwrap_or((0, 0));
        source = Some(match source {
            None => span,
            Some((a, b)) => (a.min(span.0), b.max(span.1)),
        });
    }
    if let Some((a, b)) = source {
        out.push(Cell {
            symbol,
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
    src: &[(u32, u32)],
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
        let mut symbol = String::new();
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
            let span = src.get(at).copied().unwrap_or((0, 0));
            source = Some(match source {
                None => span,
                Some((a, b)) => (a.min(span.0), b.max(span.1)),
            });
        }
        if let Some((a, b)) = source {
            out.push(Cell {
                symbol,
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
