//! Visual order of one line: the line's visual runs (L1/L2 on paragraph levels), right-to-left
//! runs reversed by grapheme cluster so combining marks stay after their letter (L3), mirrored
//! characters in right-to-left runs (L4), and bidi controls removed from the cells.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::Cell;
use super::sanitize::is_bidi_control;
use super::width::char_width;

/// Append the cells of one visual line, left to right.
///
/// `runs` are the line's visual runs (byte ranges of `text`, left to right, with their direction);
/// `src` maps every byte of `text` to an input byte range.
pub(crate) fn push_line_cells(
    text: &str,
    src: &[(u32, u32)],
    runs: &[(Range<usize>, bool)],
    out: &mut Vec<Cell>,
) {
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
