//! Overlays: the help (generated from the key bindings), the cross-library article lists (an
//! entity's mentions, a speaker's quotes, search results) and the library-wide speakers list.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear};

use super::rows::{draw_label, draw_plain, fill_row};
use crate::library::store::reads_rtl;
use crate::ui::app::{App, Overlay, Target};

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Draw the open overlay, if any.
pub fn render_overlay(app: &mut App, frame: &mut Frame, area: Rect) {
    let theme = app.theme.clone();
    let Some(overlay) = &mut app.overlay else {
        return;
    };
    match overlay {
        Overlay::Help { scroll } => {
            let lines = app.config.keymap.help_lines();
            let keys_w = lines
                .iter()
                .map(|(k, _)| k.chars().count())
                .max()
                .unwrap_or(0)
                .min(24) as u16;
            let r = centered(area, 76, lines.len() as u16 + 2);
            frame.render_widget(Clear, r);
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border_focused)
                .title(" Keys (Esc closes) ");
            let inner = block.inner(r);
            frame.render_widget(block, r);
            app.panes.overlay = Some(r);
            let h = inner.height as usize;
            *scroll = (*scroll).min(lines.len().saturating_sub(h));
            if lines.len() > h && h > 0 {
                let more = format!(
                    " {}–{} of {} · j/k scroll ",
                    *scroll + 1,
                    (*scroll + h).min(lines.len()),
                    lines.len()
                );
                let w = more.chars().count() as u16;
                if r.width > w + 2 {
                    let buf = frame.buffer_mut();
                    buf.set_stringn(
                        r.right() - w - 1,
                        r.bottom() - 1,
                        &more,
                        w as usize,
                        theme.dim,
                    );
                }
            }
            let buf = frame.buffer_mut();
            for (i, (keys, desc)) in lines.iter().skip(*scroll).take(h).enumerate() {
                let y = inner.y + i as u16;
                draw_plain(
                    buf,
                    inner.x + 1,
                    y,
                    keys_w.min(inner.width.saturating_sub(1)),
                    keys,
                    theme.accent,
                );
                let x = inner.x + keys_w + 3;
                if x < inner.right() {
                    draw_plain(buf, x, y, inner.right() - x, desc, theme.base);
                }
            }
        }
        Overlay::Entity {
            name,
            target,
            hits,
            selected,
            total,
        } => {
            let heading = match target {
                Target::Entity(_) => " Articles mentioning (Enter opens, Esc closes) ",
                Target::Speaker(_) => " Articles quoting (Enter opens, Esc closes) ",
                Target::Search(_) => " Articles matching (Enter opens, Esc closes) ",
            };
            let head = if *total > hits.len() {
                format!("{name} — {total} articles (first {} shown)", hits.len())
            } else {
                format!("{name} — {total} articles")
            };
            let rows: Vec<(String, usize)> = hits
                .iter()
                .map(|h| (h.mentions.to_string(), h.article))
                .collect();
            let (selected, heading) = (*selected, heading.to_string());
            article_list(app, frame, area, &heading, &head, &rows, selected);
        }
        Overlay::Speakers { selected } => {
            let selected = *selected;
            let Some(index) = app.library.index() else {
                return;
            };
            let speakers = index.top_speakers();
            let r = centered(area, 70, speakers.len() as u16 + 4);
            frame.render_widget(Clear, r);
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border_focused)
                .title(" Who is quoted most across the library (Enter lists the articles) ");
            let inner = block.inner(r);
            frame.render_widget(block, r);
            app.panes.overlay = Some(r);
            if inner.height == 0 {
                return;
            }
            let buf = frame.buffer_mut();
            let head = format!("{} speakers · quotes · articles", speakers.len());
            draw_plain(buf, inner.x, inner.y, inner.width, &head, theme.accent);
            let h = inner.height.saturating_sub(1) as usize;
            let top = selected.saturating_sub(h.saturating_sub(1));
            for (i, s) in speakers.iter().enumerate().skip(top).take(h) {
                let y = inner.y + 1 + (i - top) as u16;
                let style = if i == selected {
                    theme.row_selected
                } else {
                    theme.base
                };
                if i == selected {
                    fill_row(buf, inner.x, y, inner.width, style);
                }
                let mut articles: Vec<u32> = s.quotes.iter().map(|(a, _)| *a).collect();
                articles.dedup();
                let count = format!("{:>5} {:>5} ", s.quotes.len(), articles.len());
                let cw = 12.min(inner.width);
                draw_plain(buf, inner.x, y, cw, &count, style);
                let tr = Rect {
                    x: inner.x + cw,
                    y,
                    width: inner.width.saturating_sub(cw),
                    height: 1,
                };
                draw_label(buf, tr, y, &s.name, reads_rtl(&s.name), style);
            }
        }
    }
}

/// A centred list of articles: a count column and each article's title.
fn article_list(
    app: &mut App,
    frame: &mut Frame,
    area: Rect,
    heading: &str,
    head: &str,
    rows: &[(String, usize)],
    selected: usize,
) {
    let theme = app.theme.clone();
    let r = centered(area, 70, rows.len() as u16 + 4);
    frame.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(heading.to_string());
    let inner = block.inner(r);
    frame.render_widget(block, r);
    app.panes.overlay = Some(r);
    if inner.height == 0 {
        return;
    }
    let buf = frame.buffer_mut();
    let hr = Rect { height: 1, ..inner };
    draw_label(buf, hr, inner.y, head, false, theme.accent);
    let h = inner.height.saturating_sub(1) as usize;
    let top = selected.saturating_sub(h.saturating_sub(1));
    for (i, (count, article)) in rows.iter().enumerate().skip(top).take(h) {
        let y = inner.y + 1 + (i - top) as u16;
        let style = if i == selected {
            theme.row_selected
        } else {
            theme.base
        };
        if i == selected {
            fill_row(buf, inner.x, y, inner.width, style);
        }
        let count = format!("{count:>3} ");
        draw_plain(buf, inner.x, y, 4.min(inner.width), &count, style);
        let listing = app.library.listing(*article).unwrap_or_default();
        let tr = Rect {
            x: inner.x + 4.min(inner.width),
            y,
            width: inner.width.saturating_sub(4),
            height: 1,
        };
        draw_label(buf, tr, y, &listing.title, listing.rtl, style);
    }
}
