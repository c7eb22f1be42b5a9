//! The side panel: Quotes / Speakers / Entities tabs. Article text in rows goes through the engine.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders};

use super::rows::{draw_label, draw_plain, fill_row};
use crate::analysis::EntityType;
use crate::ui::app::{App, Focus, Tab};

/// Number of words of a quote shown in the panel.
const QUOTE_WORDS: usize = 6;

/// The text of each row of the current tab: (label text, optional type tag).
pub fn panel_rows(app: &App) -> Vec<(String, Option<EntityType>)> {
    let Some(d) = &app.doc else { return Vec::new() };
    match app.tab {
        Tab::Quotes => d
            .analysis
            .quotes
            .iter()
            .map(|q| {
                let words: Vec<&str> = q.text.split_whitespace().collect();
                let mut first = words
                    .iter()
                    .take(QUOTE_WORDS)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ");
                if words.len() > QUOTE_WORDS {
                    first.push('…');
                }
                let who = q.speaker.as_deref().unwrap_or("?");
                (format!("{who}: «{first}»"), None)
            })
            .collect(),
        Tab::Speakers => d
            .speakers
            .iter()
            .map(|s| (format!("{} ({})", s.name, s.quotes.len()), None))
            .collect(),
        Tab::Entities => d
            .entity_order
            .iter()
            .map(|&e| {
                let ent = &d.analysis.entities[e];
                (
                    format!("{} ({})", ent.name, ent.mentions.len()),
                    Some(ent.kind),
                )
            })
            .collect(),
    }
}

/// Draw the panel in `area`.
pub fn render(app: &mut App, frame: &mut Frame, area: Rect) {
    let theme = app.theme.clone();
    let focused = app.focus == Focus::Panel;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(if focused {
            theme.border_focused
        } else {
            theme.border
        });
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let rows = panel_rows(app);
    let tab_i = match app.tab {
        Tab::Quotes => 0,
        Tab::Speakers => 1,
        Tab::Entities => 2,
    };
    let rtl = app.doc.as_ref().is_some_and(|d| d.rtl);
    let buf = frame.buffer_mut();
    // Tabs row: three columns when there is room, else the active tab's name and the keys.
    let names = ["1 Quotes", "2 Speakers", "3 Entities"];
    let third = (inner.width / 3).max(1);
    if third >= 11 {
        for (i, name) in names.iter().enumerate() {
            let x = inner.x + third * i as u16;
            let style = if i == tab_i {
                theme.row_selected
            } else {
                theme.dim
            };
            draw_plain(buf, x, inner.y, third.min(inner.right() - x), name, style);
        }
    } else {
        let label = format!("{} ·1·2·3", &names[tab_i][2..]);
        draw_plain(
            buf,
            inner.x,
            inner.y,
            inner.width,
            &label,
            theme.row_selected,
        );
    }
    let list = Rect {
        y: inner.y + 1,
        height: inner.height - 1,
        ..inner
    };
    if list.height == 0 {
        return;
    }
    let h = list.height as usize;
    let selected = app.panel_row[tab_i].min(rows.len().saturating_sub(1));
    if rows.is_empty() {
        draw_plain(buf, list.x, list.y, list.width, "(none)", theme.dim);
        return;
    }
    if selected < app.panel_scroll {
        app.panel_scroll = selected;
    } else if selected >= app.panel_scroll + h {
        app.panel_scroll = selected + 1 - h;
    }
    app.panel_scroll = app.panel_scroll.min(rows.len().saturating_sub(1));
    for (i, (text, kind)) in rows.iter().enumerate().skip(app.panel_scroll).take(h) {
        let y = list.y + (i - app.panel_scroll) as u16;
        let style = if i == selected {
            theme.row_selected
        } else {
            theme.base
        };
        if i == selected {
            fill_row(buf, list.x, y, list.width, style);
        }
        let mut r = Rect {
            y,
            height: 1,
            ..list
        };
        if let Some(k) = kind {
            let (label, tag_style) = match k {
                EntityType::PER => ("PER", theme.per),
                EntityType::ORG => ("ORG", theme.org),
                EntityType::LOC => ("LOC", theme.loc),
                EntityType::MISC => ("MSC", theme.misc),
            };
            draw_plain(buf, r.x, y, 4.min(r.width), label, style.patch(tag_style));
            r.x += 4.min(r.width);
            r.width = r.width.saturating_sub(4);
        }
        draw_label(buf, r, y, text, rtl, style);
    }
}
