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
            let (selected, heading) = (*selected, heading.to_string());
            let library = &app.library;
            let row = |i: usize| {
                let hit = &hits[i];
                let listing = library.listing(hit.article).unwrap_or_default();
                (format!("{:>3} ", hit.mentions), listing.title, listing.rtl)
            };
            let panes = list_overlay(
                &theme,
                frame,
                area,
                &heading,
                &head,
                hits.len(),
                &row,
                selected,
            );
            app.panes.overlay = panes;
        }
        Overlay::Speakers { selected } => {
            let selected = *selected;
            let Some(index) = app.library.index() else {
                return;
            };
            let speakers = index.top_speakers();
            let head = format!("{} speakers · quotes · articles", speakers.len());
            let row = |i: usize| {
                let s = speakers[i];
                let mut articles: Vec<u32> = s.quotes.iter().map(|(a, _)| *a).collect();
                articles.dedup();
                let count = format!("{:>5} {:>5} ", s.quotes.len(), articles.len());
                (count, s.name.clone(), reads_rtl(&s.name))
            };
            let heading = " Who is quoted most across the library (Enter lists the articles) ";
            let panes = list_overlay(
                &theme,
                frame,
                area,
                heading,
                &head,
                speakers.len(),
                &row,
                selected,
            );
            app.panes.overlay = panes;
        }
    }
}

/// A centred list: a heading row, then `n` rows of a count column and a label (laid out by the
/// text engine), the `selected` one highlighted and kept in view. Returns where it was drawn.
#[allow(clippy::too_many_arguments)]
fn list_overlay(
    theme: &crate::ui::theme::Theme,
    frame: &mut Frame,
    area: Rect,
    heading: &str,
    head: &str,
    n: usize,
    row: &dyn Fn(usize) -> (String, String, bool),
    selected: usize,
) -> Option<Rect> {
    let r = centered(area, 70, (n as u16).saturating_add(4));
    frame.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(heading.to_string());
    let inner = block.inner(r);
    frame.render_widget(block, r);
    if inner.height == 0 {
        return Some(r);
    }
    let buf = frame.buffer_mut();
    let hr = Rect { height: 1, ..inner };
    draw_label(buf, hr, inner.y, head, false, theme.accent);
    let h = inner.height.saturating_sub(1) as usize;
    let top = selected.saturating_sub(h.saturating_sub(1));
    for i in (top..n).take(h) {
        let y = inner.y + 1 + (i - top) as u16;
        let style = if i == selected {
            theme.row_selected
        } else {
            theme.base
        };
        if i == selected {
            fill_row(buf, inner.x, y, inner.width, style);
        }
        let (count, label, rtl) = row(i);
        let cw = (count.chars().count() as u16).min(inner.width);
        draw_plain(buf, inner.x, y, cw, &count, style);
        let tr = Rect {
            x: inner.x + cw,
            y,
            width: inner.width.saturating_sub(cw),
            height: 1,
        };
        draw_label(buf, tr, y, &label, rtl, style);
    }
    Some(r)
}
