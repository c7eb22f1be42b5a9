//! The reader's config file and read-state store.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use khabar::ui::action::Action;
use khabar::ui::config::{DEFAULT_CONFIG, PanelSide, UiConfig};
use khabar::ui::state::ReadState;

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

#[test]
fn shipped_defaults_parse_and_bind_the_issue_keys() {
    let cfg = UiConfig::from_layers(None).expect("defaults parse");
    assert!(DEFAULT_CONFIG.contains("panel = \"left\""));
    assert_eq!(cfg.panel, PanelSide::Left);
    assert!(cfg.bidi_app);
    let km = &cfg.keymap;
    for (c, action) in [
        (']', Action::NextQuote),
        ('[', Action::PrevQuote),
        ('د', Action::NextQuote),
        ('ج', Action::PrevQuote),
        ('}', Action::NextMention),
        ('{', Action::PrevMention),
        ('1', Action::TabQuotes),
        ('2', Action::TabSpeakers),
        ('3', Action::TabEntities),
        ('j', Action::Down),
        ('k', Action::Up),
        ('g', Action::Top),
        ('G', Action::Bottom),
        ('/', Action::Search),
        ('n', Action::NextMatch),
        ('N', Action::PrevMatch),
        ('?', Action::Help),
        ('q', Action::Back),
    ] {
        assert_eq!(km.lookup(&key(c), false), Some(action), "key {c}");
    }
    let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(km.lookup(&shift_g, false), Some(Action::Bottom));
    let named = [
        (KeyCode::Tab, Action::FocusNext),
        (KeyCode::BackTab, Action::FocusPrev),
        (KeyCode::PageDown, Action::PageDown),
        (KeyCode::PageUp, Action::PageUp),
        (KeyCode::Home, Action::Top),
        (KeyCode::End, Action::Bottom),
        (KeyCode::Down, Action::Down),
        (KeyCode::Up, Action::Up),
        (KeyCode::Enter, Action::Activate),
        (KeyCode::Esc, Action::CloseOverlay),
    ];
    for (code, action) in named {
        assert_eq!(
            km.lookup(&KeyEvent::new(code, KeyModifiers::NONE), false),
            Some(action)
        );
    }
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(km.lookup(&ctrl_c, false), Some(Action::Quit));
    // In the library, Arabic letters are typed into the filter rather than taken as commands.
    assert_eq!(km.lookup(&key('د'), true), None);
}

#[test]
fn unknown_keys_are_rejected_by_name() {
    let err =
        UiConfig::from_layers(Some("colour_scheme = 1\n")).expect_err("unknown top-level key");
    assert!(err.contains("colour_scheme"), "{err}");
    let err =
        UiConfig::from_layers(Some("[keys]\nnext_qoute = [\"x\"]\n")).expect_err("unknown action");
    assert!(err.contains("keys.next_qoute"), "{err}");
    let err =
        UiConfig::from_layers(Some("[colors]\nquotes = \"red\"\n")).expect_err("unknown colour");
    assert!(err.contains("colors.quotes"), "{err}");
    let err = UiConfig::from_layers(Some("panel = \"top\"\n")).expect_err("bad value");
    assert!(err.contains("panel"), "{err}");
    let err = UiConfig::from_layers(Some("[keys]\nquit = [\"ctrl-\"]\n")).expect_err("bad key");
    assert!(err.contains("keys.quit"), "{err}");
}

#[test]
fn user_file_overrides_defaults_and_no_color_is_honoured() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config.toml");
    std::fs::write(
        &path,
        "panel = \"right\"\nbidi = \"terminal\"\nshape = true\n[keys]\nnext_quote = [\"x\", \"ctrl-n\"]\n[colors]\nquote = \"#ff8800\"\n",
    )
    .expect("write");
    let cfg = UiConfig::load(Some(&path)).expect("loads");
    assert_eq!(cfg.panel, PanelSide::Right);
    assert!(!cfg.bidi_app);
    assert!(cfg.shape);
    assert_eq!(cfg.keymap.lookup(&key('x'), false), Some(Action::NextQuote));
    assert_eq!(
        cfg.keymap.lookup(&key(']'), false),
        None,
        "rebinding replaces the keys"
    );
    let ctrl_n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL);
    assert_eq!(cfg.keymap.lookup(&ctrl_n, false), Some(Action::NextQuote));
    assert_eq!(
        cfg.keymap.lookup(&key('['), false),
        Some(Action::PrevQuote),
        "others kept"
    );
    assert_eq!(cfg.colors.quote, ratatui::style::Color::Rgb(0xff, 0x88, 0));
    // A missing explicit file is an error naming it; a bad one names the file and the key.
    let missing = dir.path().join("nope.toml");
    let err = UiConfig::load(Some(&missing)).expect_err("missing explicit file");
    assert!(err.contains("nope.toml"), "{err}");
    std::fs::write(&path, "wat = 1\n").expect("write");
    let err = UiConfig::load(Some(&path)).expect_err("bad file");
    assert!(err.contains("config.toml") && err.contains("wat"), "{err}");
}

#[test]
fn no_color_theme_uses_no_colours() {
    let mut cfg = UiConfig::defaults();
    cfg.color = false;
    let theme = khabar::ui::theme::Theme::new(&cfg);
    for s in [
        theme.quote,
        theme.per,
        theme.selected,
        theme.search,
        theme.row_selected,
    ] {
        assert!(s.fg.is_none() && s.bg.is_none(), "{s:?}");
        assert!(
            !s.add_modifier.is_empty(),
            "still visible through a modifier"
        );
    }
}

#[test]
fn read_state_is_saved_atomically_and_survives_corruption() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("khabar").join("read.json");
    let (mut state, msg) = ReadState::open(path.clone());
    assert!(msg.is_none());
    state.set("a1", true).expect("save");
    state.set("b2", true).expect("save");
    state.set("b2", false).expect("save");
    let (again, _) = ReadState::open(path.clone());
    assert!(again.is_read("a1") && !again.is_read("b2"));
    let leftovers: Vec<_> = std::fs::read_dir(path.parent().expect("dir"))
        .expect("list")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        leftovers,
        vec!["read.json".to_string()],
        "no temp files left"
    );
    std::fs::write(&path, "{not json").expect("corrupt");
    let (fresh, msg) = ReadState::open(path.clone());
    let msg = msg.expect("a message about the corrupt file");
    assert!(
        msg.contains("corrupt") && msg.contains("set aside"),
        "{msg}"
    );
    assert!(!fresh.is_read("a1"));
    assert!(!path.exists(), "corrupt file moved away");
    let aside = std::fs::read_dir(path.parent().expect("dir"))
        .expect("list")
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().contains("corrupt"));
    assert!(aside);
}
