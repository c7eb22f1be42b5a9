//! Overlays: the help (generated from the key bindings) and the cross-library entity list.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear};

use super::rows::{draw_label, draw_plain, fill_row};
use crate::ui::app::{App, Overlay};

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
            hits,
            selected,
            pending,
            ..
        } => {
            let r = centered(area, 70, hits.len() as u16 + 4);
            frame.render_widget(Clear, r);
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border_focused)
                .title(" Articles mentioning (Enter opens, Esc closes) ");
            let inner = block.inner(r);
            frame.render_widget(block, r);
            app.panes.overlay = Some(r);
            if inner.height == 0 {
                return;
            }
            let buf = frame.buffer_mut();
            let head = if *pending > 0 {
                format!(
                    "{name} — {} articles ({pending} still being analysed)",
                    hits.len()
                )
            } else {
                format!("{name} — {} articles", hits.len())
            };
            let hr = Rect { height: 1, ..inner };
            draw_label(buf, hr, inner.y, &head, false, theme.accent);
            let h = inner.height.saturating_sub(1) as usize;
            let top = selected.saturating_sub(h.saturating_sub(1));
            for (i, hit) in hits.iter().enumerate().skip(top).take(h) {
                let y = inner.y + 1 + (i - top) as u16;
                let style = if i == *selected {
                    theme.row_selected
                } else {
                    theme.base
                };
                if i == *selected {
                    fill_row(buf, inner.x, y, inner.width, style);
                }
                let count = format!("{:>3} ", hit.mentions);
                draw_plain(buf, inner.x, y, 4.min(inner.width), &count, style);
                let title = app
                    .articles
                    .get(hit.article)
                    .map(|a| a.title.as_str())
                    .unwrap_or("");
                let rtl = app.rtl.get(hit.article).copied().unwrap_or(false);
                let tr = Rect {
                    x: inner.x + 4.min(inner.width),
                    y,
                    width: inner.width.saturating_sub(4),
                    height: 1,
                };
                draw_label(buf, tr, y, title, rtl, style);
            }
        }
    }
}
