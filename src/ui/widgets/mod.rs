//! Drawing: one file per screen region. Everything here reads the state and writes the buffer;
//! no file I/O, no analysis (layouts are cached per paragraph and width).

pub mod help;
pub mod library;
pub mod reader;
pub mod rows;
pub mod side_panel;
pub mod status;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::app::{App, Focus, Panes};
use super::config::PanelSide;

/// Smallest screen the reader draws into; below it a "too small" message is shown.
pub const MIN_WIDTH: u16 = 20;
/// Smallest screen height.
pub const MIN_HEIGHT: u16 = 5;

/// Where the main regions go for a screen `area` (status bar on the last row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub main: Rect,
    pub status: Rect,
    pub panel: Option<Rect>,
    pub reader: Option<Rect>,
}

/// Width of the side panel for a screen width.
pub fn panel_width(total: u16) -> u16 {
    (total / 3).clamp(20, 44)
}

/// Split the screen for the reader view. With less than 40 columns only one pane is shown
/// (the panel when it has focus, else the reader).
pub fn reader_layout(area: Rect, side: PanelSide, focus: Focus) -> Layout {
    let main = Rect {
        height: area.height.saturating_sub(1),
        ..area
    };
    let status = Rect {
        y: area.y + main.height,
        height: area.height.min(1),
        ..area
    };
    if area.width < 40 {
        return if focus == Focus::Panel {
            Layout {
                main,
                status,
                panel: Some(main),
                reader: None,
            }
        } else {
            Layout {
                main,
                status,
                panel: None,
                reader: Some(main),
            }
        };
    }
    let pw = panel_width(area.width);
    let rest = main.width - pw;
    let (panel, reader) = match side {
        PanelSide::Left => (
            Rect { width: pw, ..main },
            Rect {
                x: main.x + pw,
                width: rest,
                ..main
            },
        ),
        PanelSide::Right => (
            Rect {
                x: main.x + rest,
                width: pw,
                ..main
            },
            Rect {
                width: rest,
                ..main
            },
        ),
    };
    Layout {
        main,
        status,
        panel: Some(panel),
        reader: Some(reader),
    }
}

/// The text area inside the reader pane: inside the border, one cell of margin on the left,
/// one blank column and the scroll indicator on the right.
pub fn reader_text_area(reader: Rect) -> Rect {
    let inner = Rect {
        x: reader.x.saturating_add(1),
        y: reader.y.saturating_add(1),
        width: reader.width.saturating_sub(2),
        height: reader.height.saturating_sub(2),
    };
    Rect {
        x: inner.x.saturating_add(1),
        width: inner.width.saturating_sub(3),
        ..inner
    }
}

/// Draw the whole screen.
pub fn render(app: &mut App, frame: &mut Frame) {
    let area = frame.area();
    app.panes = Panes::default();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "khabar: terminal too small ({}×{}); need {MIN_WIDTH}×{MIN_HEIGHT}",
            area.width, area.height
        );
        frame.render_widget(Clear, area);
        frame.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return;
    }
    if app.focus == Focus::Library || app.doc.is_none() {
        let main = Rect {
            height: area.height - 1,
            ..area
        };
        library::render(app, frame, main);
        app.panes.library = Some(main);
    } else {
        let lay = reader_layout(area, app.config.panel, app.focus);
        if let Some(r) = lay.reader {
            reader::render(app, frame, r);
            app.panes.reader = Some(r);
        }
        if let Some(p) = lay.panel {
            side_panel::render(app, frame, p);
            app.panes.panel = Some(p);
        }
    }
    let status = Rect {
        y: area.bottom() - 1,
        height: 1,
        ..area
    };
    status::render(app, frame, status);
    help::render_overlay(app, frame, area);
}
