//! The status bar: mode, messages, search/filter input, position.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::rows::{draw_label, draw_plain};
use crate::ui::app::{App, Focus, Input};

/// Draw the status bar in `area` (one row).
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let buf = frame.buffer_mut();
    let theme = &app.theme;
    for x in area.x..area.right() {
        buf[(x, area.y)].reset();
    }
    let right = match (&app.doc, app.focus) {
        (Some(d), f) if f != Focus::Library => {
            let total = d.line_count().max(1);
            let pct = ((d.scroll + 1) * 100 / total).min(100);
            let m = if d.search.matches.is_empty() {
                String::new()
            } else {
                format!(
                    " match {}/{} ",
                    d.search.current.map(|c| c + 1).unwrap_or(0),
                    d.search.matches.len()
                )
            };
            format!("{m} {}/{} {pct}% ", d.scroll + 1, total)
        }
        _ => format!(" {}/{} ", app.visible.len(), app.library.len()),
    };
    let p = app.progress;
    let right = if !p.listing_done {
        format!(" listing {}…{right}", p.listed)
    } else if !p.index_ready {
        let pct = (p.indexed * 100).checked_div(p.listed).unwrap_or(0);
        format!(" indexing {pct}%{right}")
    } else {
        right
    };
    let (label, text) = match app.input {
        Input::Search => ("/", app.search_text.as_str()),
        Input::Filter => ("filter: ", app.filter.as_str()),
        Input::LibrarySearch => ("search library: ", app.library_query.as_str()),
        Input::None => ("", app.status.as_str()),
    };
    let focus = match app.focus {
        Focus::Library => " LIBRARY ",
        Focus::Reader => " READER ",
        Focus::Panel => " PANEL ",
    };
    let rw = right.chars().count() as u16;
    let fw = focus.chars().count() as u16;
    draw_plain(buf, area.x, area.y, area.width, focus, theme.row_selected);
    let x = area.x + fw.min(area.width);
    let avail = area.width.saturating_sub(fw + rw);
    if !label.is_empty() || !text.is_empty() {
        let line = format!(" {label}{text}");
        // Messages carry article text (names, queries): laid out by the text engine.
        let r = Rect {
            x,
            y: area.y,
            width: avail,
            height: 1,
        };
        draw_label(buf, r, area.y, &line, false, theme.base);
    } else if app.input == Input::None && app.status.is_empty() {
        draw_plain(buf, x, area.y, avail, " ? help · q back/quit", theme.dim);
    }
    if area.width > rw + fw {
        draw_plain(buf, area.right() - rw, area.y, rw, &right, theme.dim);
    }
}
