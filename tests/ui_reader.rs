//! The reader drawn into a TestBackend and driven by keys: what a user sees.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use khabar::analysis::{EntityType, analyze};
use khabar::article::{Article, bundled_seeds};
use khabar::text::{BaseDirection, ControlPolicy, Highlight, LayoutOptions, Row, layout};
use khabar::ui::App;
use khabar::ui::app::{Focus, Tab};
use khabar::ui::config::{PanelSide, UiConfig};
use khabar::ui::doc::Selection;
use khabar::ui::widgets::{self, reader_layout, reader_text_area};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

const SIZES: [(u16, u16); 2] = [(120, 40), (60, 20)];

fn seed() -> Article {
    bundled_seeds().remove(0)
}

fn seed_app() -> App {
    App::with_analysis(UiConfig::defaults(), vec![seed()])
}

fn draw(app: &mut App, w: u16, h: u16) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    term.draw(|f| widgets::render(app, f)).expect("draw");
    let buf = term.backend().buffer().clone();
    assert_clean_cells(&buf);
    buf
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn code(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        app.handle_key(key(c));
    }
}

/// No cell may hold a ZWJ or start with a zero-width character (TestBackend and terminals disagree there).
fn assert_clean_cells(buf: &Buffer) {
    for cell in buf.content() {
        let s = cell.symbol();
        assert!(!s.contains('\u{200D}'), "cell with ZWJ: {s:?}");
        if let Some(c) = s.chars().next() {
            assert!(
                unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) > 0 || s.is_empty(),
                "cell starts with a zero-width char: {s:?}"
            );
        }
    }
}

fn row_text(buf: &Buffer, y: u16, x0: u16, x1: u16) -> String {
    (x0..x1).map(|x| buf[(x, y)].symbol()).collect()
}

fn screen_text(buf: &Buffer) -> String {
    let a = buf.area;
    (a.y..a.bottom())
        .map(|y| row_text(buf, y, a.x, a.right()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn text_area(w: u16, h: u16, focus: Focus) -> Rect {
    let lay = reader_layout(Rect::new(0, 0, w, h), PanelSide::Left, focus);
    reader_text_area(lay.reader.expect("reader pane"))
}

/// Multiset of the visible characters of a string (whitespace and dotted-circle carriers ignored).
fn char_bag(s: &str) -> Vec<char> {
    let mut v: Vec<char> = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{25CC}')
        .map(|c| match c {
            '(' | ')' => '(',
            '[' | ']' => '[',
            '«' | '»' => '«',
            other => other,
        })
        .collect();
    v.sort_unstable();
    v
}

/// Characters of the cells in `area` whose background is `bg`.
fn cells_with_bg(buf: &Buffer, area: Rect, bg: Color) -> String {
    let mut s = String::new();
    for y in area.y..area.bottom() {
        for x in area.x..area.right() {
            if buf[(x, y)].bg == bg {
                s.push_str(buf[(x, y)].symbol());
            }
        }
    }
    s
}

fn rtl_layout(text: &str, width: usize, hl: &[Highlight]) -> Vec<Row> {
    let opts = LayoutOptions {
        width,
        base: BaseDirection::Rtl,
        controls: ControlPolicy::Honor,
        shape: false,
    };
    layout(text, &opts, hl)
}

fn cp_byte(s: &str, cp: usize) -> usize {
    s.char_indices().nth(cp).map(|(i, _)| i).unwrap_or(s.len())
}

fn selected_bg() -> Color {
    UiConfig::defaults().colors.selected_bg
}

#[test]
fn seed_opens_directly_with_title_row_from_the_text_engine() {
    let article = seed();
    for (w, h) in SIZES {
        let mut app = seed_app();
        assert_eq!(app.focus, Focus::Reader, "one article opens directly");
        let buf = draw(&mut app, w, h);
        let ta = text_area(w, h, Focus::Reader);
        let rows = rtl_layout(&article.title, ta.width as usize, &[]);
        for (i, row) in rows.iter().enumerate() {
            let y = ta.y + i as u16;
            let mut expected = " ".repeat(row.indent);
            for c in &row.cells {
                expected.push_str(&c.symbol.replace('\u{200D}', ""));
            }
            let shown = row_text(&buf, y, ta.x, ta.x + row.indent as u16 + row.width() as u16);
            assert_eq!(
                shown.replace('\u{25CC}', ""),
                expected,
                "title row {i} at {w}x{h}"
            );
            // The title is bold.
            let x = ta.x + row.indent as u16;
            assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
        }
    }
}

#[test]
fn library_lists_titles_and_filters_by_typing() {
    let mut other = seed();
    other.id = "second".into();
    other.title = "قمة الناتو في بروكسل".into();
    other.date = Some("2021-06-01".into());
    let mut third = seed();
    third.id = "third".into();
    third.title = "Weather in Cairo".into();
    third.date = Some("2021-05-01".into());
    for (w, h) in SIZES {
        let articles = vec![seed(), other.clone(), third.clone()];
        let mut app = App::with_analysis(UiConfig::defaults(), articles.clone());
        assert_eq!(app.focus, Focus::Library);
        let buf = draw(&mut app, w, h);
        let screen = screen_text(&buf);
        for a in &articles {
            // The first words of each title, laid out by the engine (RTL: the articles are Arabic).
            let short: String = a.title.split(' ').take(2).collect::<Vec<_>>().join(" ");
            let piece = rtl_layout(&short, 40, &[])[0].to_line();
            assert!(
                screen.contains(piece.trim()),
                "{piece:?} not on screen at {w}x{h}:\n{screen}"
            );
        }
        assert!(screen.contains('●'), "unread marks");
        // Typing a word (Arabic letters go to the filter) narrows the list.
        press(&mut app, "بروكسل");
        let buf = draw(&mut app, w, h);
        let screen = screen_text(&buf);
        assert_eq!(app.visible, vec![1], "only the matching title");
        assert!(!screen.contains("Cairo"));
        // Esc clears the filter; Enter opens the selected entry and marks it read.
        app.handle_key(code(KeyCode::Esc));
        assert_eq!(app.visible.len(), 3);
        app.handle_key(code(KeyCode::Enter));
        assert_eq!(app.focus, Focus::Reader);
        let opened = app.doc.as_ref().map(|d| d.article).expect("open");
        let id = app.library.listing(opened).map(|l| l.id).expect("listed");
        assert!(app.read.is_read(&id));
        // q goes back to the library.
        press(&mut app, "q");
        assert_eq!(app.focus, Focus::Library);
        assert!(app.running);
    }
}

#[test]
fn library_sorts_by_date_then_source() {
    let mk = |id: &str, date: &str, outlet: &str| {
        let mut a = seed();
        a.id = id.into();
        a.date = Some(date.into());
        a.outlet = Some(outlet.into());
        a
    };
    let articles = vec![
        mk("a", "2020-01-01", "Alpha"),
        mk("b", "2022-01-01", "Zeta"),
        mk("c", "2021-01-01", "Mid"),
    ];
    let mut app = App::with_analysis(UiConfig::defaults(), articles);
    assert_eq!(app.visible, vec![1, 2, 0], "newest first");
    press(&mut app, "s");
    assert_eq!(app.visible, vec![0, 2, 1], "by outlet");
    let buf = draw(&mut app, 120, 40);
    assert!(screen_text(&buf).contains("sort: source"));
}

#[test]
fn next_quote_visits_the_eleven_quotes_in_order() {
    let article = seed();
    let analysis = analyze(&article);
    assert_eq!(analysis.quotes.len(), 11, "the seed has 11 quotes");
    for (w, h) in SIZES {
        let mut app = seed_app();
        let ta = text_area(w, h, Focus::Reader);
        for (i, q) in analysis.quotes.iter().enumerate() {
            press(&mut app, "]");
            let buf = draw(&mut app, w, h);
            let shown = cells_with_bg(&buf, ta, selected_bg());
            assert_eq!(
                char_bag(&shown),
                char_bag(&q.text),
                "quote {i} fully shown and selected at {w}x{h}"
            );
            // The panel follows: Quotes tab, row i.
            assert_eq!(app.tab, Tab::Quotes);
            assert_eq!(app.panel_row[0], i);
            let status: String = row_text(&buf, h - 1, 0, w);
            assert!(status.contains(&format!("quote {}/11", i + 1)), "{status}");
        }
        // [ goes back.
        press(&mut app, "[");
        let buf = draw(&mut app, w, h);
        let shown = cells_with_bg(&buf, ta, selected_bg());
        assert_eq!(char_bag(&shown), char_bag(&analysis.quotes[9].text));
    }
}

#[test]
fn arabic_layout_keys_work_like_brackets() {
    let analysis = analyze(&seed());
    let mut app = seed_app();
    press(&mut app, "دد");
    let buf = draw(&mut app, 120, 40);
    let ta = text_area(120, 40, Focus::Reader);
    assert_eq!(
        char_bag(&cells_with_bg(&buf, ta, selected_bg())),
        char_bag(&analysis.quotes[1].text)
    );
    press(&mut app, "ج");
    let buf = draw(&mut app, 120, 40);
    assert_eq!(
        char_bag(&cells_with_bg(&buf, ta, selected_bg())),
        char_bag(&analysis.quotes[0].text)
    );
}

#[test]
fn next_mention_cycles_an_entity() {
    let article = seed();
    let analysis = analyze(&article);
    let blocks = article.blocks();
    for (w, h) in SIZES {
        let mut app = seed_app();
        press(&mut app, "3}");
        let Some(Selection::Mention { e, m }) = app.doc.as_ref().map(|d| d.selection) else {
            panic!("an entity mention is selected");
        };
        assert_eq!(m, 0);
        let entity = &analysis.entities[e];
        assert!(
            entity.mentions.len() >= 2,
            "the first entity in the panel has several mentions"
        );
        let ta = text_area(w, h, Focus::Reader);
        for step in 0..=entity.mentions.len() {
            if step > 0 {
                press(&mut app, "}");
            }
            let expect = &entity.mentions[step % entity.mentions.len()];
            let buf = draw(&mut app, w, h);
            let shown = cells_with_bg(&buf, ta, selected_bg());
            let text = blocks[expect.paragraph];
            let mention = &text[cp_byte(text, expect.start)..cp_byte(text, expect.end)];
            assert_eq!(
                char_bag(&shown),
                char_bag(mention),
                "mention {step} at {w}x{h}"
            );
        }
        // { goes back to the last mention.
        press(&mut app, "{");
        let Some(Selection::Mention { m, .. }) = app.doc.as_ref().map(|d| d.selection) else {
            panic!("mention selected");
        };
        assert_eq!(m, entity.mentions.len() - 1);
    }
}

#[test]
fn entity_and_quote_styles_survive_rtl_layout() {
    let article = seed();
    let analysis = analyze(&article);
    let blocks = article.blocks();
    let cfg = UiConfig::defaults();
    let (w, h) = (120, 40);
    let mut app = seed_app();
    let buf = draw(&mut app, w, h);
    let ta = text_area(w, h, Focus::Reader);
    let colour = |k: EntityType| match k {
        EntityType::PER => cfg.colors.per,
        EntityType::ORG => cfg.colors.org,
        EntityType::LOC => cfg.colors.loc,
        EntityType::MISC => cfg.colors.misc,
    };
    // Tags: 1 = quote, 100 + i = entity i.
    let mut y = ta.y;
    let mut checked_entities = 0;
    let mut checked_quotes = 0;
    for (b, text) in blocks.iter().enumerate() {
        let mut hl = Vec::new();
        for q in &analysis.quotes {
            if q.paragraph == b && q.end_paragraph == b {
                hl.push(Highlight {
                    range: cp_byte(text, q.start)..cp_byte(text, q.end),
                    tag: 1,
                });
            }
        }
        for (i, e) in analysis.entities.iter().enumerate() {
            for m in e.mentions.iter().filter(|m| m.paragraph == b) {
                hl.push(Highlight {
                    range: cp_byte(text, m.start)..cp_byte(text, m.end),
                    tag: 100 + i as u32,
                });
            }
        }
        let rows = rtl_layout(text, ta.width as usize, &hl);
        for row in &rows {
            if y >= ta.bottom() {
                break;
            }
            let mut x = ta.x + row.indent as u16;
            for cell in &row.cells {
                if cell.width == 0 {
                    continue;
                }
                let shown = &buf[(x, y)];
                if let Some(t) = cell.tags.iter().find(|t| **t >= 100) {
                    let kind = analysis.entities[(*t - 100) as usize].kind;
                    assert_eq!(
                        shown.fg,
                        colour(kind),
                        "entity cell {:?} at ({x},{y})",
                        cell.symbol
                    );
                    checked_entities += 1;
                } else if cell.tags.contains(&1) {
                    assert_eq!(
                        shown.fg, cfg.colors.quote,
                        "quote cell {:?} at ({x},{y})",
                        cell.symbol
                    );
                    assert!(shown.modifier.contains(Modifier::ITALIC));
                    checked_quotes += 1;
                } else if b > 0 && !cell.symbol.trim().is_empty() {
                    assert_eq!(
                        shown.fg,
                        Color::Reset,
                        "plain cell {:?} at ({x},{y})",
                        cell.symbol
                    );
                }
                x += cell.width as u16;
            }
            y += 1;
        }
        y += 1;
        if y >= ta.bottom() {
            break;
        }
    }
    assert!(
        checked_entities > 10 && checked_quotes > 50,
        "{checked_entities} {checked_quotes}"
    );
}

#[test]
fn resize_keeps_the_selected_quote_visible() {
    let analysis = analyze(&seed());
    let mut app = seed_app();
    press(&mut app, "]]]]]]]]");
    let q = &analysis.quotes[7];
    for (w, h) in [(120, 40), (60, 20), (200, 60), (45, 14), (120, 40)] {
        let buf = draw(&mut app, w, h);
        let ta = text_area(w, h, Focus::Reader);
        assert_eq!(
            char_bag(&cells_with_bg(&buf, ta, selected_bg())),
            char_bag(&q.text),
            "{w}x{h}"
        );
    }
}

#[test]
fn panel_tabs_show_quotes_speakers_entities() {
    let analysis = analyze(&seed());
    for (w, h) in SIZES {
        let mut app = seed_app();
        let lay = reader_layout(Rect::new(0, 0, w, h), PanelSide::Left, Focus::Reader);
        let panel = lay.panel.expect("panel shown");
        assert_eq!(panel.x, 0, "panel on the left by default");
        let panel_text = |buf: &Buffer| {
            (panel.y..panel.bottom())
                .map(|y| row_text(buf, y, panel.x, panel.right()))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let buf = draw(&mut app, w, h);
        let text = panel_text(&buf);
        assert!(text.contains("Quotes"), "{text}");
        let quote_rows = text
            .lines()
            .filter(|l| l.contains('«') || l.contains('»') || l.contains(':'))
            .count();
        assert_eq!(
            quote_rows,
            analysis.quotes.len().min(panel.height as usize - 3),
            "{text}"
        );
        press(&mut app, "2");
        let buf = draw(&mut app, w, h);
        let text = panel_text(&buf);
        assert!(text.contains("Speakers"), "{text}");
        let speakers: std::collections::BTreeSet<&str> = analysis
            .quotes
            .iter()
            .filter_map(|q| q.speaker.as_deref())
            .collect();
        for s in &speakers {
            let count = analysis
                .quotes
                .iter()
                .filter(|q| q.speaker.as_deref() == Some(s))
                .count();
            let name = rtl_layout(s, 40, &[])[0].to_line();
            assert!(text.contains(name.trim()), "speaker {s} in\n{text}");
            assert!(
                text.contains(&format!("({count})")) || text.contains(&format!("){count}(")),
                "{text}"
            );
        }
        press(&mut app, "3");
        let buf = draw(&mut app, w, h);
        let text = panel_text(&buf);
        assert!(text.contains("Entities"), "{text}");
        assert!(text.contains("PER") && text.contains("LOC"), "{text}");
        let top = analysis
            .entities
            .iter()
            .find(|e| e.kind == EntityType::PER)
            .expect("a person");
        let name = rtl_layout(&top.name, 40, &[])[0].to_line();
        assert!(text.contains(name.trim()), "{text}");
        // Moving in the panel selects and scrolls the reader to the row.
        app.handle_key(code(KeyCode::Tab));
        assert_eq!(app.focus, Focus::Panel);
        press(&mut app, "j");
        assert!(matches!(
            app.doc.as_ref().map(|d| d.selection),
            Some(Selection::Mention { m: 0, .. })
        ));
    }
}

#[test]
fn help_overlay_is_generated_from_the_bindings() {
    for (w, h) in SIZES {
        let mut app = seed_app();
        press(&mut app, "?");
        let buf = draw(&mut app, w, h);
        let text = screen_text(&buf);
        assert!(text.contains("next quote"), "{text}");
        assert!(
            text.contains("] د"),
            "both the key and its Arabic-layout twin are listed:\n{text}"
        );
        app.handle_key(code(KeyCode::Esc));
        let text = screen_text(&draw(&mut app, w, h));
        assert!(!text.contains("next quote"));
    }
    // Rebinding changes the help.
    let cfg = UiConfig::from_layers(Some("[keys]\nnext_quote = [\"x\"]\n")).expect("valid");
    let mut app = App::with_analysis(cfg, vec![seed()]);
    press(&mut app, "?");
    let text = screen_text(&draw(&mut app, 120, 40));
    let line = text
        .lines()
        .find(|l| l.contains("next quote"))
        .expect("listed");
    assert!(line.contains(" x ") && !line.contains(']'), "{line}");
}

#[test]
fn search_ignores_harakat_and_folds_letters() {
    let cfg = UiConfig::defaults();
    for (w, h) in SIZES {
        let mut app = seed_app();
        // Plain alef finds the hamza form.
        press(&mut app, "/اعلن");
        app.handle_key(code(KeyCode::Enter));
        let buf = draw(&mut app, w, h);
        let ta = text_area(w, h, Focus::Reader);
        let mut current = String::new();
        for y in ta.y..ta.bottom() {
            for x in ta.x..ta.right() {
                let c = &buf[(x, y)];
                if c.bg == cfg.colors.search_bg && c.modifier.contains(Modifier::UNDERLINED) {
                    current.push_str(c.symbol());
                }
            }
        }
        assert_eq!(char_bag(&current), char_bag("أعلن"), "at {w}x{h}");
        let d = app.doc.as_ref().expect("doc");
        assert!(d.search.matches.len() >= 2);
        press(&mut app, "n");
        assert_eq!(app.doc.as_ref().and_then(|d| d.search.current), Some(1));
        press(&mut app, "N");
        assert_eq!(app.doc.as_ref().and_then(|d| d.search.current), Some(0));
        // Tanween: "مشيرا" finds "مشيراً".
        press(&mut app, "/مشيرا");
        let buf = draw(&mut app, w, h);
        let shown = cells_with_bg(&buf, ta, cfg.colors.search_bg);
        assert_eq!(char_bag(&shown), char_bag("مشيراً"), "at {w}x{h}");
        // The query is laid out by the text engine, so the status row holds it in visual order.
        let status = row_text(&buf, h - 1, 0, w);
        assert!(
            status.contains("اريشم") || status.contains("مشيرا"),
            "{status}"
        );
    }
}

#[test]
fn entity_browser_lists_articles_and_opens_at_the_mention() {
    let mut second = seed();
    second.id = "second".into();
    second.title = "خبر آخر".into();
    second.paragraphs = second.paragraphs[5..].to_vec();
    let articles = vec![seed(), second];
    let mut app = App::with_analysis(UiConfig::defaults(), articles.clone());
    app.handle_key(code(KeyCode::Enter));
    let first = app.doc.as_ref().map(|d| d.article).expect("open");
    press(&mut app, "3");
    let name = {
        let d = app.doc.as_ref().expect("doc");
        d.analysis.entities[d.entity_order[0]].name.clone()
    };
    press(&mut app, "b");
    let buf = draw(&mut app, 120, 40);
    let text = screen_text(&buf);
    assert!(text.contains("Articles mentioning"), "{text}");
    let hits = match &app.overlay {
        Some(khabar::ui::app::Overlay::Entity { hits, .. }) => hits.clone(),
        _ => panic!("entity overlay expected"),
    };
    let norm = khabar::analysis::normalize::normalize(&name);
    for h in &hits {
        let a = &articles[h.article];
        assert!(
            a.blocks()
                .iter()
                .any(|b| khabar::analysis::normalize::normalize(b).contains(&norm)),
            "listed article does not mention {name}"
        );
    }
    assert!(hits.iter().any(|h| h.article == first));
    // Open the last hit at its mention.
    for _ in 1..hits.len() {
        press(&mut app, "j");
    }
    app.handle_key(code(KeyCode::Enter));
    let target = hits[hits.len() - 1].article;
    assert_eq!(app.doc.as_ref().map(|d| d.article), Some(target));
    let buf = draw(&mut app, 120, 40);
    let shown = cells_with_bg(&buf, text_area(120, 40, Focus::Reader), selected_bg());
    let shown_norm =
        khabar::analysis::normalize::normalize(&shown.chars().rev().collect::<String>());
    assert!(!shown.trim().is_empty(), "the mention is shown selected");
    assert_eq!(char_bag(&shown_norm).len(), char_bag(&shown_norm).len());
    assert_eq!(app.tab, Tab::Entities);
}

#[test]
fn mouse_wheel_scrolls_and_click_selects() {
    let mut app = seed_app();
    let _ = draw(&mut app, 120, 40);
    let ta = text_area(120, 40, Focus::Reader);
    let ev = |kind, column, row| MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    app.handle_mouse(ev(MouseEventKind::ScrollDown, ta.x + 5, ta.y + 5));
    let _ = draw(&mut app, 120, 40);
    assert_eq!(app.doc.as_ref().map(|d| d.scroll), Some(3));
    // Click on the third quote row of the panel (border, tabs, rows).
    let panel = reader_layout(Rect::new(0, 0, 120, 40), PanelSide::Left, Focus::Reader)
        .panel
        .expect("panel");
    app.handle_mouse(ev(
        MouseEventKind::Down(MouseButton::Left),
        panel.x + 3,
        panel.y + 4,
    ));
    assert_eq!(app.focus, Focus::Panel);
    assert_eq!(
        app.doc.as_ref().map(|d| d.selection),
        Some(Selection::Quote(2))
    );
}

#[test]
fn tiny_sizes_do_not_panic() {
    let mut app = seed_app();
    press(&mut app, "]]3}");
    for w in 0..=45u16 {
        for h in 0..=12u16 {
            let _ = draw(&mut app, w, h);
        }
    }
    let buf = draw(&mut app, 12, 3);
    assert!(screen_text(&buf).contains("too"), "{}", screen_text(&buf));
    for c in ['?', '/', 'x', ']', '2', '3', 'b'] {
        app.handle_key(key(c));
        app.handle_key(code(KeyCode::Tab));
        for (w, h) in [(1, 1), (2, 1), (20, 5), (21, 6), (39, 7), (40, 8)] {
            let _ = draw(&mut app, w, h);
        }
        app.handle_key(code(KeyCode::Esc));
    }
}

#[test]
fn odd_text_draws_clean_cells() {
    let mut a = seed();
    a.title = "\u{064E}بداية\u{200D}لا ب\u{0605}".into();
    a.paragraphs = vec![
        "\u{0651}\u{200D}".into(),
        "".into(),
        "x\u{200D}y \u{0301}".into(),
    ];
    a.lead = None;
    let mut app = App::with_analysis(UiConfig::defaults(), vec![a]);
    for (w, h) in [(120, 40), (60, 20), (21, 6)] {
        let _ = draw(&mut app, w, h); // asserts clean cells
    }
}

fn briefing() -> Article {
    Article {
        id: "briefing".into(),
        title: "مؤتمر صحفي في بروكسل".into(),
        paragraphs: vec![
            "وقال ينس ستولتنبرغ للصحفيين: «الحلف موحد في مواجهة التحديات».".into(),
            "وأضاف ستولتنبرغ: «سنواصل الحوار مع روسيا».".into(),
        ],
        date: Some("2021-06-15".into()),
        ..Default::default()
    }
}

#[test]
fn library_speakers_view_lists_who_is_quoted_most_and_opens_their_quotes() {
    let mut app = App::with_analysis(UiConfig::defaults(), vec![seed(), briefing()]);
    assert_eq!(app.focus, Focus::Library);
    press(&mut app, "W");
    let buf = draw(&mut app, 120, 40);
    let screen = screen_text(&buf);
    assert!(screen.contains("Who is quoted most"), "{screen}");
    // The seed quotes Stoltenberg most; the briefing quotes him twice more: he heads the list.
    let name = rtl_layout("ينس ستولتنبرغ", 60, &[])[0].to_line();
    let first_row = screen
        .lines()
        .find(|l| l.contains("speakers · quotes · articles"))
        .and_then(|_| {
            let lines: Vec<&str> = screen.lines().collect();
            let i = lines.iter().position(|l| l.contains("speakers · quotes"))?;
            lines.get(i + 1).map(|s| s.to_string())
        })
        .expect("a first speaker row");
    assert!(first_row.contains(name.trim()), "{first_row}");
    let counts: Vec<usize> = first_row
        .split_whitespace()
        .filter_map(|w| w.trim_matches('│').parse().ok())
        .collect();
    let in_seed = analyze(&seed())
        .quotes
        .iter()
        .filter(|q| q.speaker.as_deref() == Some("ينس ستولتنبرغ"))
        .count();
    assert!(in_seed >= 5, "the seed quotes Stoltenberg often");
    assert_eq!(counts.first(), Some(&(in_seed + 2)), "quotes: {first_row}");
    assert_eq!(counts[1], 2, "quoted in both articles: {first_row}");
    // Enter lists the articles quoting him; Enter again opens one at his first quote.
    app.handle_key(code(KeyCode::Enter));
    let screen = screen_text(&draw(&mut app, 120, 40));
    assert!(screen.contains("Articles quoting"), "{screen}");
    app.handle_key(code(KeyCode::Enter));
    assert_eq!(app.tab, Tab::Speakers);
    let d = app.doc.as_ref().expect("an article is open");
    assert!(matches!(d.selection, Selection::Speaker { k: 0, .. }));
    let q = d.selected_quote().expect("a quote is selected");
    assert_eq!(
        d.analysis.quotes[q].speaker.as_deref(),
        Some("ينس ستولتنبرغ")
    );
}

#[test]
fn library_search_finds_words_in_every_article_and_opens_at_the_match() {
    let mut app = App::with_analysis(UiConfig::defaults(), vec![seed(), briefing()]);
    press(&mut app, "S");
    // Harakat in the query do not matter; the word is found with and without clitics.
    press(&mut app, "بُروكسل");
    let buf = draw(&mut app, 120, 40);
    assert!(row_text(&buf, 39, 0, 120).contains("search library"));
    app.handle_key(code(KeyCode::Enter));
    let screen = screen_text(&draw(&mut app, 120, 40));
    assert!(screen.contains("Articles matching"), "{screen}");
    assert!(screen.contains("2 articles"), "{screen}");
    let hits = match &app.overlay {
        Some(khabar::ui::app::Overlay::Entity { hits, .. }) => hits.clone(),
        _ => panic!("search results expected"),
    };
    assert_eq!(hits.iter().map(|h| h.article).collect::<Vec<_>>(), [0, 1]);
    press(&mut app, "j");
    app.handle_key(code(KeyCode::Enter));
    assert_eq!(app.doc.as_ref().map(|d| d.article), Some(1));
    let buf = draw(&mut app, 120, 40);
    let ta = text_area(120, 40, Focus::Reader);
    let shown = cells_with_bg(&buf, ta, UiConfig::defaults().colors.search_bg);
    assert_eq!(char_bag(&shown), char_bag("بروكسل"));
}

#[test]
fn first_frame_comes_before_analysis_and_the_status_bar_shows_progress() {
    use std::sync::{Arc, Condvar, Mutex};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("wire.jsonl");
    let lines: Vec<String> = (0..300)
        .map(|i| {
            format!(
                r#"{{"id":"w{i}","title":"خبر رقم {i}","paragraphs":["قال المتحدث: «نص {i}»."]}}"#
            )
        })
        .collect();
    std::fs::write(&path, lines.join("\n")).expect("write");
    // Analysis waits at a gate, so the first frames are drawn with nothing analysed.
    let gate = Arc::new((Mutex::new(false), Condvar::new()));
    let g = Arc::clone(&gate);
    let opts = khabar::library::OpenOptions {
        cache_dir: None,
        threads: 2,
        analyzer: Arc::new(move |a: &Article| {
            let (open, cv) = &*g;
            let mut o = open.lock().expect("gate");
            while !*o {
                o = cv.wait(o).expect("gate");
            }
            drop(o);
            analyze(a)
        }),
    };
    let library = khabar::library::Library::open(vec![path], opts);
    let mut app = App::new(
        UiConfig::defaults(),
        library,
        khabar::ui::ReadState::in_memory(),
    );
    let _ = draw(&mut app, 100, 30);
    while !app.progress.listing_done {
        app.poll_background();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let buf = draw(&mut app, 100, 30);
    let screen = screen_text(&buf);
    assert!(screen.contains("300 articles"), "{screen}");
    assert!(
        row_text(&buf, 29, 0, 100).contains("indexing 0%"),
        "{screen}"
    );
    assert!(screen.contains(" … "), "quote counts pending: {screen}");
    // Keys work while nothing is analysed.
    press(&mut app, "jj");
    assert_eq!(app.lib_selected, 2);
    {
        let (open, cv) = &*gate;
        *open.lock().expect("gate") = true;
        cv.notify_all();
    }
    app.handle_key(code(KeyCode::Enter));
    assert!(app.doc.is_some());
    app.library.wait();
    app.poll_background();
    assert!(app.progress.index_ready);
    press(&mut app, "q");
    let screen = screen_text(&draw(&mut app, 100, 30));
    assert!(!screen.contains("indexing"), "{screen}");
    assert!(screen.contains("  1 "), "one quote each: {screen}");
}

#[test]
fn a_very_long_article_opens_at_once_and_its_analysis_arrives_later() {
    let big = Article {
        id: "big".into(),
        title: "محضر طويل".into(),
        paragraphs: (0..200)
            .map(|i| format!("وقال الوزير في الجلسة رقم {i}: «نواصل العمل على الملف»."))
            .collect(),
        ..Default::default()
    };
    let opts = khabar::library::OpenOptions {
        cache_dir: None,
        threads: 1,
        ..Default::default()
    };
    let library = khabar::library::Library::from_articles(vec![seed(), big.clone()], opts);
    let mut app = App::new(
        UiConfig::defaults(),
        library,
        khabar::ui::ReadState::in_memory(),
    );
    // (Lowered from its default so that a short test article takes the long-article path.)
    app.sync_analysis_limit = 1024;
    assert!(big.text_len() > app.sync_analysis_limit);
    while !app.progress.listing_done {
        app.poll_background();
    }
    let at = app.visible.iter().position(|&i| i == 1).expect("listed");
    for _ in 0..at {
        press(&mut app, "j");
    }
    app.handle_key(code(KeyCode::Enter));
    let d = app
        .doc
        .as_ref()
        .expect("opened without waiting for the analysis");
    assert_eq!(d.article, 1);
    assert!(d.analysis.quotes.is_empty());
    let buf = draw(&mut app, 100, 30);
    assert!(screen_text(&buf).contains("analysing"));
    let start = std::time::Instant::now();
    while app
        .doc
        .as_ref()
        .is_some_and(|d| d.analysis.quotes.is_empty())
    {
        assert!(start.elapsed().as_secs() < 300, "analysis never arrived");
        app.poll_background();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    press(&mut app, "]");
    let d = app.doc.as_ref().expect("doc");
    assert_eq!(d.selection, Selection::Quote(0));
    let first = &d.analysis.quotes[0];
    assert_eq!(first.text, "نواصل العمل على الملف");
    assert_eq!(first.speaker.as_deref(), Some("الوزير"));
}
