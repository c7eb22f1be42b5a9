//! The reader: the only module that uses ratatui and crossterm. Draws state, turns keys into actions.
//!
//! - [`app`]: state and what keys / mouse do; [`doc`]: the open article (layouts, highlights);
//! - [`action`], [`keymap`], [`config`]: rebindable keys and the config file; [`theme`]: styles;
//! - [`state`]: read / unread marks on disk; [`widgets`]: drawing, one file per region;
//! - this file: terminal set-up and restore (normal exit, panic, SIGTERM/SIGHUP, Ctrl-Z) and the loop.

pub mod action;
pub mod app;
pub mod config;
pub mod doc;
pub mod keymap;
pub mod state;
pub mod theme;
pub mod widgets;

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context;
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub use app::App;
pub use config::UiConfig;
pub use state::ReadState;

use crate::article::bundled_seeds;
use crate::library::{Library, OpenOptions};

/// Options for the interactive reader (after config file and CLI flags are merged).
#[derive(Debug, Clone, Default)]
pub struct ReaderOptions {
    pub paths: Vec<PathBuf>,
    pub shape: Option<bool>,
    pub bidi_terminal: Option<bool>,
    pub config: Option<PathBuf>,
}

/// Ask the terminal to leave reordering to us (bidi explicit mode, ECMA-48 / BiDi in terminals).
const BIDI_APP_ENTER: &str = "\x1b[8l\x1b[1 k";
/// Give reordering back to the terminal.
const BIDI_APP_LEAVE: &str = "\x1b[8h\x1b[0 k";

static BIDI_ACTIVE: AtomicBool = AtomicBool::new(false);

fn enter_terminal(bidi_app: bool) -> std::io::Result<()> {
    let mut out = std::io::stdout();
    if bidi_app {
        out.write_all(BIDI_APP_ENTER.as_bytes())?;
        BIDI_ACTIVE.store(true, Ordering::SeqCst);
    }
    terminal::enable_raw_mode()?;
    execute!(out, EnterAlternateScreen, EnableMouseCapture, cursor::Hide)?;
    Ok(())
}

/// Put the terminal back as it was (safe to call more than once).
pub fn restore_terminal() {
    let mut out = std::io::stdout();
    let _ = terminal::disable_raw_mode();
    let _ = execute!(out, DisableMouseCapture, LeaveAlternateScreen, cursor::Show);
    if BIDI_ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = out.write_all(BIDI_APP_LEAVE.as_bytes());
    }
    let _ = out.flush();
}

/// Run the reader until the user quits.
pub fn run(opts: ReaderOptions) -> anyhow::Result<()> {
    let mut cfg =
        UiConfig::load(opts.config.as_deref()).map_err(|e| anyhow::anyhow!("config: {e}"))?;
    if let Some(s) = opts.shape {
        cfg.shape = s;
    }
    if let Some(t) = opts.bidi_terminal {
        cfg.bidi_app = !t;
    }
    // Articles are listed, analysed and indexed in the background: the first frame comes first.
    let library = if opts.paths.is_empty() {
        Library::from_articles(bundled_seeds(), OpenOptions::default())
    } else {
        Library::open(opts.paths.clone(), OpenOptions::default())
    };
    // A few milliseconds for small inputs, so that nothing readable is a plain error, not a screen.
    let deadline = std::time::Instant::now() + Duration::from_millis(250);
    while !library.progress().listing_done && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(2));
    }
    if library.progress().listing_done && library.is_empty() {
        for e in library.errors() {
            eprintln!(
                "khabar: {}",
                crate::cli::safe_output::message_terminal_safe(&e)
            );
        }
        anyhow::bail!("no articles to read");
    }
    let (read, read_msg) = match ReadState::default_path() {
        Some(p) => ReadState::open(p),
        None => (ReadState::in_memory(), None),
    };
    let bidi_app = cfg.bidi_app;
    let mut app = App::new(cfg, library, read);
    if let Some(m) = read_msg {
        app.status = m;
    }

    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
    let stop = Arc::new(AtomicBool::new(false));
    watch_signals(Arc::clone(&stop)).context("installing signal handlers")?;
    enter_terminal(bidi_app).context("setting up the terminal")?;
    let result = event_loop(&mut app, &stop, bidi_app);
    restore_terminal();
    for e in app.library.errors() {
        eprintln!(
            "khabar: {}",
            crate::cli::safe_output::message_terminal_safe(&e)
        );
    }
    result
}

/// On SIGTERM / SIGHUP: ask the loop to stop; if it has not stopped shortly after (a hung-up
/// terminal can keep the input reader busy), restore the terminal and exit from here.
fn watch_signals(stop: Arc<AtomicBool>) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP])?;
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            stop.store(true, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(400));
            restore_terminal();
            std::process::exit(128 + sig);
        }
    });
    Ok(())
}

fn event_loop(app: &mut App, stop: &AtomicBool, bidi_app: bool) -> anyhow::Result<()> {
    let mut terminal = Terminal::new(CrosstermBackend::new(std::io::stdout()))?;
    terminal.clear()?;
    let mut dirty = true;
    while app.running && !stop.load(Ordering::SeqCst) {
        if app.poll_background() {
            dirty = true;
        }
        if dirty {
            terminal.draw(|f| widgets::render(app, f))?;
            dirty = false;
        }
        if !event::poll(Duration::from_millis(150))? {
            continue;
        }
        match event::read()? {
            Event::Key(k) => app.handle_key(k),
            Event::Mouse(m) => app.handle_mouse(m),
            Event::Resize(_, _) => terminal.autoresize()?,
            _ => {}
        }
        dirty = true;
        if app.suspend_requested {
            app.suspend_requested = false;
            restore_terminal();
            let _ = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP);
            // Resumed (SIGCONT): set the terminal up again and redraw everything.
            enter_terminal(bidi_app)?;
            terminal.clear()?;
        }
    }
    Ok(())
}
