//! The reading pane: title, lead and paragraphs from the text engine, highlighted, with a
//! scroll position indicator.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::widgets::{Block, Borders};

use super::reader_text_area;
use super::rows::draw_row;
use crate::ui::app::{App, Focus};

/// Draw the reader pane in `area`.
pub fn render(app: &mut App, frame: &mut Frame, area: Rect) {
    let theme = app.theme.clone();
    let shape = app.shape;
    let focused = app.focus == Focus::Reader;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(if focused {
            theme.border_focused
        } else {
            theme.border
        });
    frame.render_widget(block, area);
    let text = reader_text_area(area);
    let Some(doc) = &mut app.doc else { return };
    if text.width == 0 || text.height == 0 {
        return;
    }
    let h = text.height as usize;
    doc.ensure_layout(text.width as usize, h, shape);
    let rows = doc.visible_rows(h);
    let has_lead = doc.has_lead;
    let buf = frame.buffer_mut();
    for (i, line) in rows.iter().enumerate() {
        let Some((block, row)) = line else { continue };
        let base = if *block == 0 {
            theme.title
        } else if *block == 1 && has_lead {
            theme.base.add_modifier(Modifier::ITALIC)
        } else {
            theme.base
        };
        let y = text.y + i as u16;
        draw_row(buf, text.x, y, text.width, row, &|tags| {
            theme.for_tags(base, tags)
        });
    }
    // Scroll indicator: a track with a thumb in the last inner column.
    let bar_x = text.right() + 1;
    let inner_right = area.right().saturating_sub(1);
    if bar_x < inner_right {
        let total = doc.line_count().max(1);
        let track = h;
        let thumb = (track * track / total).clamp(1, track);
        let max_scroll = total.saturating_sub(track);
        let pos = (doc.scroll.min(max_scroll) * (track - thumb))
            .checked_div(max_scroll)
            .unwrap_or(0);
        for i in 0..track {
            let y = text.y + i as u16;
            if bar_x >= buf.area.right() {
                break;
            }
            let (sym, style) = if total <= track {
                (" ", theme.dim)
            } else if i >= pos && i < pos + thumb {
                ("┃", theme.accent)
            } else {
                ("│", theme.dim)
            };
            buf[(bar_x, y)].set_symbol(sym).set_style(style);
        }
    }
}
