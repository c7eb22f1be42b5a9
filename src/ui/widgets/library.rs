//! The library list: read mark, title (through the text engine), outlet, date, number of quotes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders};

use super::rows::{draw_label, draw_plain, fill_row};
use crate::ui::app::App;
use crate::ui::config::SortKey;

/// Draw the library in `area`.
pub fn render(app: &mut App, frame: &mut Frame, area: Rect) {
    let theme = app.theme.clone();
    let sort = match app.sort {
        SortKey::Date => "date",
        SortKey::Source => "source",
    };
    let listing = if app.progress.listing_done {
        ""
    } else {
        " (listing…)"
    };
    let title = format!(
        " khabar · {} articles{listing} · sort: {sort} ",
        app.library.len()
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let buf = frame.buffer_mut();
    let h = inner.height as usize;
    if app.visible.is_empty() {
        draw_plain(
            buf,
            inner.x,
            inner.y,
            inner.width,
            if app.library.is_empty() {
                if app.progress.listing_done {
                    "no articles (inputs that could not be read are listed on exit)"
                } else {
                    "listing articles…"
                }
            } else {
                "no articles match the filter"
            },
            theme.dim,
        );
        return;
    }
    // Keep the selection visible.
    if app.lib_selected < app.lib_scroll {
        app.lib_scroll = app.lib_selected;
    } else if app.lib_selected >= app.lib_scroll + h {
        app.lib_scroll = app.lib_selected + 1 - h;
    }
    // Columns: mark(2) | quotes(4) | date(11) | outlet(16) | title (rest).
    let w = inner.width;
    let meta_w: u16 = if w >= 60 { 2 + 4 + 11 + 16 } else { 2 + 4 };
    let title_w = w.saturating_sub(meta_w + 1);
    for (row, &i) in app.visible.iter().enumerate().skip(app.lib_scroll).take(h) {
        let y = inner.y + (row - app.lib_scroll) as u16;
        let Some(a) = app.library.listing(i) else {
            continue;
        };
        let selected = row == app.lib_selected;
        let style = if selected {
            theme.row_selected
        } else {
            theme.base
        };
        if selected {
            fill_row(buf, inner.x, y, w, style);
        }
        let mark = if app.read.is_read(&a.id) {
            "  "
        } else {
            "● "
        };
        draw_plain(buf, inner.x, y, 2, mark, style.patch(theme.accent));
        let q = match app.quote_count(i) {
            Some(n) => format!("{n:>3} "),
            None => "  … ".to_string(),
        };
        draw_plain(buf, inner.x + 2, y, 4, &q, style);
        let mut x = inner.x + 6;
        if w >= 60 {
            let date = a
                .date
                .as_deref()
                .unwrap_or("")
                .chars()
                .take(10)
                .collect::<String>();
            draw_plain(buf, x, y, 11, &date, style.patch(theme.dim));
            x += 11;
            let outlet = a.outlet.as_deref().unwrap_or("");
            let r = Rect {
                x,
                y,
                width: 15,
                height: 1,
            };
            draw_label(buf, r, y, outlet, false, style);
            x += 16;
        }
        let r = Rect {
            x: x + 1,
            y,
            width: title_w,
            height: 1,
        };
        draw_label(buf, r, y, &a.title, a.rtl, style);
    }
}
