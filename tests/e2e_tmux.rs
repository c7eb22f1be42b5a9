//! End to end: the real binary in tmux (120×40), read back with `capture-pane`.
//! Skips (with a message) when tmux is not installed.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use khabar::analysis::analyze;
use khabar::article::bundled_seeds;
use khabar::text::{BaseDirection, ControlPolicy, LayoutOptions, layout};
use khabar::ui::app::Focus;
use khabar::ui::config::PanelSide;
use khabar::ui::widgets::{reader_layout, reader_text_area};
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthChar;

const W: u16 = 120;
const H: u16 = 40;

struct Tmux {
    socket: String,
}

impl Tmux {
    fn cmd(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn capture(&self, escapes: bool) -> String {
        if escapes {
            self.cmd(&["capture-pane", "-p", "-e", "-t", "k"])
        } else {
            self.cmd(&["capture-pane", "-p", "-t", "k"])
        }
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "k"];
        args.extend_from_slice(keys);
        self.cmd(&args);
    }

    fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture(false);
            if pred(&screen) {
                return screen;
            }
            if start.elapsed() > Duration::from_secs(20) {
                panic!("timed out waiting for {what}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

fn tmux_present() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Columns `x0..x1` of a captured line (by display width; marks stay with their letter).
fn columns(line: &str, x0: usize, x1: usize) -> String {
    let mut out = String::new();
    let mut col = 0;
    for c in line.chars() {
        let w = c.width().unwrap_or(0);
        if col >= x0 && col < x1 || (w == 0 && col > x0 && col <= x1) {
            out.push(c);
        }
        col += w;
    }
    out
}

/// Text drawn with a blue background (the selection), from `capture-pane -e` output.
fn selected_text(escaped: &str) -> String {
    let mut out = String::new();
    let mut blue = false;
    let mut chars = escaped.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' && chars.peek() == Some(&'[') {
            chars.next();
            let mut params = String::new();
            let mut fin = ' ';
            for p in chars.by_ref() {
                if p.is_ascii_alphabetic() {
                    fin = p;
                    break;
                }
                params.push(p);
            }
            if fin != 'm' {
                continue;
            }
            let ps: Vec<&str> = params.split(';').collect();
            if params.is_empty() {
                blue = false;
            }
            let mut i = 0;
            while i < ps.len() {
                match ps[i] {
                    "0" | "" | "49" => blue = false,
                    "44" => blue = true,
                    "48" => {
                        blue = ps.get(1 + i) == Some(&"5") && ps.get(2 + i) == Some(&"4");
                        i += 2;
                    }
                    "38" => i += 2,
                    p if p.len() == 2 && p.starts_with('4') => blue = false,
                    _ => {}
                }
                i += 1;
            }
        } else if blue && c != '\n' {
            out.push(c);
        }
    }
    out
}

fn char_bag(s: &str) -> Vec<char> {
    let mut v: Vec<char> = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{25CC}')
        .map(|c| if c == ')' { '(' } else { c })
        .collect();
    v.sort_unstable();
    v
}

#[test]
fn reader_in_tmux() {
    if !tmux_present() {
        eprintln!("skipping: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let home = dir.path();
    for d in ["config", "data"] {
        std::fs::create_dir_all(home.join(d)).expect("mkdir");
    }
    let bin = common::khabar_bin();
    let script = format!(
        "env HOME={h} XDG_CONFIG_HOME={h}/config XDG_DATA_HOME={h}/data TERM=tmux-256color {bin}; \
         echo \"EXITED $?\"; stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo; sleep 60",
        h = home.display(),
        bin = bin.display()
    );
    let socket = format!(
        "khabar-e2e-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    );
    let tmux = Tmux { socket };
    let w = W.to_string();
    let h = H.to_string();
    tmux.cmd(&[
        "new-session",
        "-d",
        "-s",
        "k",
        "-x",
        &w,
        "-y",
        &h,
        "sh",
        "-c",
        &script,
    ]);

    let article = bundled_seeds().remove(0);
    let lay = reader_layout(Rect::new(0, 0, W, H), PanelSide::Left, Focus::Reader);
    let ta = reader_text_area(lay.reader.expect("reader"));
    let opts = LayoutOptions {
        width: ta.width as usize,
        base: BaseDirection::Rtl,
        controls: ControlPolicy::Honor,
        shape: false,
    };
    let title_row = layout(&article.title, &opts, &[]).remove(0);
    let mut expected = " ".repeat(title_row.indent);
    for c in &title_row.cells {
        expected.push_str(&c.symbol);
    }
    let expected = expected.trim_end().to_string();
    let words: Vec<&str> = expected.split_whitespace().collect();
    let screen = tmux.wait_for("the title", |s| s.contains(words[0]));
    let line = screen.lines().nth(ta.y as usize).unwrap_or("");
    let shown = columns(line, ta.x as usize, ta.right() as usize);
    assert_eq!(
        shown.trim_end(),
        expected,
        "title row as the text engine lays it out"
    );

    // `]` brings the first quote into view, highlighted.
    let quote = analyze(&article).quotes.remove(0);
    tmux.keys(&["]"]);
    let start = Instant::now();
    loop {
        let esc = tmux.capture(true);
        let sel = selected_text(&esc);
        // Only the reader pane's selection (the panel row is selected too): keep the quote's letters.
        let bag = char_bag(&sel);
        let want = char_bag(&quote.text);
        let contains_all = {
            let mut it = bag.iter().peekable();
            want.iter().all(|c| {
                while let Some(x) = it.peek() {
                    if *x < c {
                        it.next();
                    } else {
                        break;
                    }
                }
                it.next() == Some(c)
            })
        };
        if contains_all {
            break;
        }
        if start.elapsed() > Duration::from_secs(10) {
            panic!("first quote not shown highlighted; selected text: {sel:?}\n{esc}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }

    // `?` shows the help; Esc closes it.
    tmux.keys(&["?"]);
    tmux.wait_for("the help", |s| {
        s.contains("next quote") && s.contains("Keys")
    });
    tmux.keys(&["Escape"]);
    tmux.wait_for("help closed", |s| !s.contains("next quote"));

    // `q` exits and the terminal is restored: normal screen, canonical mode and echo back.
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("exit", |s| s.contains("EXITED"));
    assert!(screen.contains("EXITED 0"), "{screen}");
    let screen = tmux.wait_for("stty", |s| {
        s.lines()
            .any(|l| l.trim() == "icanon" || l.trim() == "-icanon")
            && s.lines().any(|l| l.trim() == "echo" || l.trim() == "-echo")
    });
    assert!(
        screen.lines().any(|l| l.trim() == "icanon"),
        "canonical mode restored:\n{screen}"
    );
    assert!(
        screen.lines().any(|l| l.trim() == "echo"),
        "echo restored:\n{screen}"
    );
    let alt = tmux.cmd(&["display-message", "-p", "-t", "k", "#{alternate_on}"]);
    assert_eq!(alt.trim(), "0", "left the alternate screen");
    let cursor = tmux.cmd(&["display-message", "-p", "-t", "k", "#{cursor_flag}"]);
    assert_eq!(cursor.trim(), "1", "cursor shown");
    let mouse = tmux.cmd(&[
        "display-message",
        "-p",
        "-t",
        "k",
        "#{mouse_any_flag}#{mouse_button_flag}#{mouse_sgr_flag}",
    ]);
    assert_eq!(mouse.trim(), "000", "mouse reporting off");
    let _ = Path::new(home);
}
