//! Hostile fixtures in the reader (issue 6). Every file in `tests/fixtures/hostile/` is opened in the
//! reader drawn into a TestBackend and driven through its views: no cell may hold a control
//! character, ESC or a bidi control. Then the real binary runs in tmux on the fixtures that carry
//! escape sequences, OSC 52 / OSC 8, bidi controls and C1 controls, the raw bytes it writes to the
//! pane are recorded (`tmux pipe-pane -o`), and every escape sequence in them must be one khabar
//! itself sends (an allow-list of crossterm's cursor moves, colours and modes, and the bidi mode
//! sequences). The tmux part skips with a message when tmux is not installed.

mod common;
mod tmux_harness;

use std::path::Path;

use khabar::article::{LoadOptions, load_paths};
use khabar::ui::App;
use khabar::ui::action::Action;
use khabar::ui::config::UiConfig;
use khabar::ui::widgets;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tmux_harness::{Pane, Token, allowed_csi, problems, scan, tmux_present};

/// Characters a terminal acts on instead of showing: C0 controls (ESC among them), DEL, C1
/// controls, and the bidi embedding / override / isolate / mark controls.
fn forbidden(c: char) -> bool {
    c < ' '
        || ('\u{7f}'..='\u{9f}').contains(&c)
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

fn check_frame(term: &mut Terminal<TestBackend>, app: &mut App, file: &Path, step: &str) {
    term.draw(|f| widgets::render(app, f)).expect("draw");
    let buf = term.backend().buffer();
    for y in buf.area.y..buf.area.bottom() {
        for x in buf.area.x..buf.area.right() {
            let sym = buf[(x, y)].symbol();
            if let Some(c) = sym.chars().find(|&c| forbidden(c)) {
                panic!(
                    "{} ({step}, {}x{}): cell ({x},{y}) holds U+{:04X}: {sym:?}",
                    file.display(),
                    buf.area.width,
                    buf.area.height,
                    c as u32
                );
            }
        }
    }
}

/// The views a reader goes through: scrolling, quotes, the three panel tabs, focus, help.
const STEPS: [Action; 18] = [
    Action::PageDown,
    Action::PageDown,
    Action::Bottom,
    Action::Top,
    Action::NextQuote,
    Action::NextQuote,
    Action::TabSpeakers,
    Action::TabEntities,
    Action::FocusNext,
    Action::Down,
    Action::Activate,
    Action::NextMention,
    Action::TabQuotes,
    Action::FocusNext,
    Action::ToggleRead,
    Action::Help,
    Action::PageDown,
    Action::CloseOverlay,
];

#[test]
fn reader_cells_never_hold_controls_escapes_or_bidi_controls() {
    let mut opened = 0;
    for file in common::hostile_fixtures() {
        let report = load_paths(std::slice::from_ref(&file), &LoadOptions::default());
        if report.articles.is_empty() {
            // The reader refuses to start then; the error must name the file.
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
            let name = name.unwrap_or_default();
            assert!(
                report.errors.iter().any(|e| e.to_string().contains(&name)),
                "{}: no article and no error naming the file: {:?}",
                file.display(),
                report.errors
            );
            continue;
        }
        opened += 1;
        for shape in [false, true] {
            for (w, h) in [(80, 24), (30, 10)] {
                let mut cfg = UiConfig::defaults();
                cfg.shape = shape;
                let mut app = App::with_analysis(cfg, report.articles.clone());
                let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
                check_frame(&mut term, &mut app, &file, "first frame");
                for i in 0..report.articles.len().min(5) {
                    app.open(i);
                    check_frame(&mut term, &mut app, &file, &format!("article {i} opened"));
                    for step in STEPS {
                        app.apply(step);
                        check_frame(&mut term, &mut app, &file, &format!("article {i} {step:?}"));
                    }
                }
            }
        }
    }
    assert!(opened >= 15, "only {opened} fixtures gave an article");
}

#[test]
fn scanner_flags_what_must_never_reach_the_terminal() {
    let (rows, cols) = (24, 80);
    let ok = b"\x1b[8l\x1b[1 k\x1b[?1049h\x1b[?1000h\x1b[?25l\x1b[6n\x1b[2J\x1b[1;1H\x1b[38;5;8;49m\xe2\x94\x8c\
               \x1b[2;3H\x1b[1m\x1b[39;48;5;4mQuotes\x1b[22m\x1b[38;2;1;2;3m\xd9\x82\x1b[0m\x1b[?25l\
               \x1b[?25h\x1b[?1000l\x1b[?1049l\x1b[?25h\x1b[8h\x1b[0 k";
    assert_eq!(problems(ok, rows, cols), Vec::<String>::new());
    let bad: [(&[u8], &str); 15] = [
        (b"a\x1b]0;title\x07b", "OSC"),
        (b"a\x1b]52;c;ZXZpbA==\x1b\\b", "OSC"),
        (b"a\x1b]8;;http://x/\x1b\\b", "OSC"),
        (b"a\x1bP+q544e\x1b\\b", "DCS"),
        (b"a\x1bXsos\x1b\\b", "SOS"),
        (b"a\x1b^pm\x1b\\b", "PM"),
        (b"a\x1b_apc\x1b\\b", "APC"),
        (b"a\xc2\x9b2Jb", "C1"),
        (b"a\xc2\x9d0;t\xc2\x9cb", "C1"),
        (b"a\x07b", "C0"),
        (b"a\x1b[31mb", "allow-list"),
        (b"a\x1b[2Jb", "between drawn text"),
        (b"a\x1b[?1049lb\x1b[?1049l", "between drawn text"),
        (b"\x1b[?1049ha\x1b[?1049l\x1b[?1049l", "left more often"),
        (b"a\xe2\x80\xaeb", "bidi control"),
    ];
    for (bytes, want) in bad {
        let found = problems(bytes, rows, cols);
        assert!(
            found.iter().any(|p| p.contains(want)),
            "{:?}: expected a problem mentioning {want:?}, got {found:?}",
            String::from_utf8_lossy(bytes)
        );
    }
    assert_eq!(
        scan(b"\x1b[12;34H"),
        vec![(
            0,
            Token::Csi {
                params: "12;34".into(),
                inter: String::new(),
                fin: 'H'
            }
        )]
    );
    assert_eq!(
        allowed_csi("99;1", "", 'H', rows, cols),
        None,
        "row off screen"
    );
    assert_eq!(
        allowed_csi("", "", 'H', rows, cols),
        None,
        "crossterm always sends both"
    );
}

const TMUX_FIXTURES: [&str; 9] = [
    "csi_sequences.txt",
    "osc_title_clipboard_link.txt",
    "dcs_sos_pm_apc.txt",
    "bidi_controls.txt",
    "c0_c1_del.txt",
    "c8bit_csi_osc.txt",
    "bare_esc.txt",
    "escape_in_json.json",
    "escape_in_rss.rss",
];

#[test]
fn reader_output_stream_holds_only_khabars_own_sequences() {
    if !tmux_present() {
        eprintln!("skipping: tmux is not installed");
        return;
    }
    let (w, h) = (80u16, 24u16);
    for name in TMUX_FIXTURES {
        let file = common::repo_path(&format!("tests/fixtures/hostile/{name}"));
        let path = file.to_string_lossy().into_owned();
        for bidi in ["app", "terminal"] {
            let pane = Pane::start(&common::khabar_bin(), &["--bidi", bidi, &path], &[], w, h);
            pane.wait_screen("the reader", |s| {
                s.contains("READER") || s.contains("LIBRARY")
            });
            // Scroll, walk the quotes, the panel tabs and the help, then quit.
            for keys in [
                &["PageDown"][..],
                &["]"],
                &["Tab"],
                &["?"],
                &["Escape"],
                &["q"],
                &["q"],
            ] {
                pane.keys(keys);
                std::thread::sleep(std::time::Duration::from_millis(150));
            }
            let (status, raw) = pane.wait_exit();
            assert_eq!(status, 0, "{name}: exit status");
            if bidi == "app" {
                // The whole stream was recorded: from khabar's first bytes to its last.
                assert!(
                    raw.starts_with(b"\x1b[8l\x1b[1 k"),
                    "{name}: stream starts with the bidi set-up"
                );
                assert!(
                    raw.ends_with(b"\x1b[8h\x1b[0 k"),
                    "{name}: stream ends with the bidi restore"
                );
            } else {
                // The terminal reorders: khabar leaves its bidi mode alone.
                let bidi_seqs: Vec<String> = tmux_harness::csi_list(&raw)
                    .into_iter()
                    .filter(|c| c == "\x1b[8l" || c == "\x1b[8h" || c.ends_with(" k"))
                    .collect();
                assert!(bidi_seqs.is_empty(), "{name}: {bidi_seqs:?}");
            }
            let found = problems(&raw, h, w);
            assert!(
                found.is_empty(),
                "{name} (--bidi {bidi}): {} problems in the raw output, first: {:?}",
                found.len(),
                &found[..found.len().min(10)]
            );
            let text: String = scan(&raw)
                .into_iter()
                .filter_map(|(_, t)| match t {
                    Token::Text(c) => Some(c),
                    _ => None,
                })
                .collect();
            assert!(
                text.contains("READER") || text.contains("LIBRARY"),
                "{name}: the frame was drawn"
            );
            assert!(
                !text.contains("pwned") || name != "osc_title_clipboard_link.txt",
                "{name}: OSC title text shown"
            );
            let title = pane.display("#{pane_title}");
            assert!(
                !title.contains("pwned") && !title.contains("unterminated"),
                "{name}: the window title was changed to {title:?}"
            );
        }
    }
}

/// A folder whose file names carry an OSC title sequence, a CSI, a C1 control and a bidi override:
/// one readable article, one file that fails to load (its error names it), and a plain article.
fn folder_with_hostile_names() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    std::fs::create_dir(&lib).expect("mkdir");
    std::fs::write(
        lib.join("good\u{1b}[31m\u{9b}2J\u{202e}txt.txt"),
        "عنوان الخبر\nمقدمة الخبر\nفقرة أولى من الخبر.\n",
    )
    .expect("write");
    std::fs::write(
        lib.join("bad\u{1b}]0;pwned\u{7}\u{1b}]52;c;ZXZpbA==\u{7}.json"),
        "{\"title\": ",
    )
    .expect("write");
    std::fs::write(lib.join("plain.txt"), "عنوان آخر\nمقدمة\nفقرة.\n").expect("write");
    dir
}

#[test]
fn hostile_file_names_in_reader_cells() {
    let dir = folder_with_hostile_names();
    let lib = dir.path().join("lib");
    let report = load_paths(std::slice::from_ref(&lib), &LoadOptions::default());
    assert_eq!(report.articles.len(), 2, "{:?}", report.errors);
    assert_eq!(report.errors.len(), 1, "the bad file is reported");
    for (w, h) in [(80, 24), (30, 10)] {
        let mut app = App::with_analysis(UiConfig::defaults(), report.articles.clone());
        let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        check_frame(&mut term, &mut app, &lib, "library");
        for i in 0..2 {
            app.open(i);
            check_frame(&mut term, &mut app, &lib, &format!("article {i}"));
            app.apply(Action::Help);
            check_frame(&mut term, &mut app, &lib, "help");
            app.apply(Action::CloseOverlay);
            app.apply(Action::Back);
            check_frame(&mut term, &mut app, &lib, "back in the library");
        }
    }
}

#[test]
fn hostile_file_names_never_reach_the_terminal_raw() {
    if !tmux_present() {
        eprintln!("skipping: tmux is not installed");
        return;
    }
    let dir = folder_with_hostile_names();
    let lib = dir.path().join("lib");
    let (w, h) = (80u16, 24u16);
    // The reader (errors listed on exit), then a run where nothing loads (errors before quitting).
    let bad_only = dir.path().join("bad_only");
    std::fs::create_dir(&bad_only).expect("mkdir");
    std::fs::write(bad_only.join("x\u{1b}]2;pwned\u{7}\u{85}.json"), "[").expect("write");
    for (target, interactive) in [(&lib, true), (&bad_only, false)] {
        let path = target.to_string_lossy().into_owned();
        let pane = Pane::start(&common::khabar_bin(), &[&path], &[], w, h);
        if interactive {
            pane.wait_screen("the library", |s| s.contains("LIBRARY"));
            pane.keys(&["Enter"]);
            std::thread::sleep(std::time::Duration::from_millis(200));
            pane.keys(&["q"]);
            std::thread::sleep(std::time::Duration::from_millis(200));
            pane.keys(&["q"]);
        }
        let (status, raw) = pane.wait_exit();
        assert_eq!(
            status,
            if interactive { 0 } else { 2 },
            "{path}: exit status"
        );
        let found = problems(&raw, h, w);
        assert!(found.is_empty(), "{path}: {found:?}");
        let shown = String::from_utf8_lossy(&raw).into_owned();
        assert!(
            shown.contains("khabar: "),
            "{path}: errors are listed: {shown:?}"
        );
        let title = pane.display("#{pane_title}");
        assert!(
            !title.contains("pwned"),
            "{path}: title changed to {title:?}"
        );
    }
}
