//! Writing text-engine rows into the buffer cell by cell (never through `Line::width()`), and
//! laying out one-line labels (titles, names) through the text engine.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_width::UnicodeWidthChar;

use crate::text::{BaseDirection, ControlPolicy, LayoutOptions, Row, layout};

/// Carrier for a mark that would otherwise start a cell.
const CARRIER: char = '\u{25CC}';

/// Make a cell symbol safe to write: no ZWJ, no leading zero-width character.
pub fn safe_symbol(symbol: &str) -> Option<String> {
    let mut s: String = symbol
        .chars()
        .filter(|&c| {
            c != '\u{200D}' && !matches!(c, '\u{0605}' | '\u{0890}' | '\u{0891}' | '\u{08E2}')
        })
        .collect();
    let first = s.chars().next()?;
    if first.width().unwrap_or(0) == 0 {
        s.insert(0, CARRIER);
    }
    Some(s)
}

/// Draw `row` at `(x, y)` within `width` cells; `style_of` gives each cell's style from its tags.
/// Cells past `width` are cut. Returns the x after the last cell.
pub fn draw_row(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    width: u16,
    row: &Row,
    style_of: &dyn Fn(&[u32]) -> Style,
) {
    let area = buf.area;
    if y < area.y || y >= area.bottom() {
        return;
    }
    let right = x.saturating_add(width).min(area.right());
    let mut cx = x.saturating_add(row.indent.min(u16::MAX as usize) as u16);
    for cell in &row.cells {
        if cell.width == 0 {
            continue;
        }
        let w = cell.width.min(2) as u16;
        if cx.saturating_add(w) > right {
            break;
        }
        let Some(sym) = safe_symbol(&cell.symbol) else {
            cx += w;
            continue;
        };
        let style = style_of(&cell.tags);
        buf[(cx, y)].set_symbol(&sym).set_style(style);
        for i in 1..w {
            buf[(cx + i, y)].reset();
            buf[(cx + i, y)].set_style(style);
        }
        cx += w;
    }
}

/// The first screen row of `text` laid out to `width` (the logical start, reordered), as a label.
pub fn label_row(text: &str, width: usize, rtl: bool) -> Row {
    let opts = LayoutOptions {
        width: width.max(1),
        base: if rtl {
            BaseDirection::Rtl
        } else {
            BaseDirection::Auto
        },
        controls: ControlPolicy::Strip,
        shape: false,
    };
    let one_line: String = text.split(['\n', '\r']).next().unwrap_or("").to_string();
    layout(&one_line, &opts, &[])
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// Draw a label through the text engine inside `area` row `y`, aligned by the engine.
pub fn draw_label(buf: &mut Buffer, area: Rect, y: u16, text: &str, rtl: bool, style: Style) {
    if area.width == 0 {
        return;
    }
    let row = label_row(text, area.width as usize, rtl);
    draw_row(buf, area.x, y, area.width, &row, &|_| style);
}

/// Fill a rectangle row with a style (for selected list rows).
pub fn fill_row(buf: &mut Buffer, x: u16, y: u16, width: u16, style: Style) {
    let area = buf.area;
    if y < area.y || y >= area.bottom() {
        return;
    }
    for cx in x..x.saturating_add(width).min(area.right()) {
        buf[(cx, y)].set_style(style);
    }
}

/// Write plain (non-article, left-to-right) UI text.
pub fn draw_plain(buf: &mut Buffer, x: u16, y: u16, width: u16, text: &str, style: Style) {
    let area = buf.area;
    if y < area.y || y >= area.bottom() || x >= area.right() {
        return;
    }
    buf.set_stringn(x, y, text, width as usize, style);
}
