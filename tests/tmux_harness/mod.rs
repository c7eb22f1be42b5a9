//! A tmux harness that records the raw bytes the program writes to its pane
//! (`tmux pipe-pane -o`), plus a scanner that checks every escape sequence in such a stream
//! against an allow-list of what khabar (crossterm) emits.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Printed by the pane's shell after khabar exits: `__KHABAR_EXIT__ <status>`.
pub const EXIT_MARK: &str = "__KHABAR_EXIT__";

pub fn tmux_present() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// One tmux server with one pane running khabar; killed on drop.
pub struct Pane {
    socket: String,
    pub dir: tempfile::TempDir,
    pub stream: PathBuf,
    pid_file: PathBuf,
    socket_path: String,
}

impl Pane {
    /// Start `khabar args` (with `env` added) in a `w`×`h` pane, with the raw output recorded from
    /// its very first byte. After khabar exits the shell prints [`EXIT_MARK`] and the exit status,
    /// then `stty -a` one setting per line, then waits.
    pub fn start(bin: &Path, args: &[&str], env: &[(&str, &str)], w: u16, h: u16) -> Pane {
        Pane::start_with(bin, args, env, w, h, |_| {})
    }

    /// [`Pane::start`], with `prepare(home)` run before khabar starts (`home/config` and
    /// `home/data` are `XDG_CONFIG_HOME` and `XDG_DATA_HOME`).
    pub fn start_with(
        bin: &Path,
        args: &[&str],
        env: &[(&str, &str)],
        w: u16,
        h: u16,
        prepare: impl FnOnce(&Path),
    ) -> Pane {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = dir.path();
        for d in ["config", "data"] {
            std::fs::create_dir_all(home.join(d)).expect("mkdir");
        }
        prepare(home);
        let go = home.join("go");
        let pid_file = home.join("pid");
        let stream = home.join("stream");
        let mut cmd = format!(
            "HOME={h} XDG_CONFIG_HOME={h}/config XDG_DATA_HOME={h}/data TERM=tmux-256color",
            h = quote(&home.to_string_lossy())
        );
        for (k, v) in env {
            cmd.push_str(&format!(" {k}={}", quote(v)));
        }
        cmd.push_str(&format!(" {}", quote(&bin.to_string_lossy())));
        for a in args {
            cmd.push_str(&format!(" {}", quote(a)));
        }
        // The inner shell writes its pid and `exec`s khabar, so the pid file holds khabar's pid.
        let inner = format!(
            "echo $$ > {}; exec env {cmd}",
            quote(&pid_file.to_string_lossy())
        );
        let script = format!(
            "while [ ! -e {go} ]; do sleep 0.02; done; sh -c {inner}; \
             printf '\\n{EXIT_MARK} %s\\n' $?; \
             stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo; sleep 120",
            go = quote(&go.to_string_lossy()),
            inner = quote(&inner),
        );
        let socket = format!(
            "khabar-hostile-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        );
        let mut pane = Pane {
            socket,
            dir,
            stream,
            pid_file,
            socket_path: String::new(),
        };
        let (ws, hs) = (w.to_string(), h.to_string());
        pane.cmd(&[
            "new-session",
            "-d",
            "-s",
            "k",
            "-x",
            &ws,
            "-y",
            &hs,
            "sh",
            "-c",
            &script,
        ]);
        pane.socket_path = pane.display("#{socket_path}");
        let pipe = format!("cat >> {}", quote(&pane.stream.to_string_lossy()));
        pane.cmd(&["pipe-pane", "-o", "-t", "k", &pipe]);
        // pipe-pane starts its command asynchronously: wait until the file exists.
        std::fs::write(&pane.stream, b"").expect("create stream file");
        std::thread::sleep(Duration::from_millis(200));
        std::fs::write(&go, b"").expect("go");
        pane
    }

    pub fn cmd(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn screen(&self) -> String {
        self.cmd(&["capture-pane", "-p", "-t", "k"])
    }

    pub fn display(&self, format: &str) -> String {
        self.cmd(&["display-message", "-p", "-t", "k", format])
            .trim()
            .to_string()
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "k"];
        args.extend_from_slice(keys);
        self.cmd(&args);
    }

    pub fn raw(&self) -> Vec<u8> {
        std::fs::read(&self.stream).unwrap_or_default()
    }

    /// khabar's pid (written by the pane's shell just before `exec`).
    pub fn khabar_pid(&self) -> u32 {
        let start = Instant::now();
        loop {
            if let Ok(s) = std::fs::read_to_string(&self.pid_file)
                && let Ok(pid) = s.trim().parse()
            {
                return pid;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "khabar never started"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn wait_screen(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(30) {
                panic!("timed out waiting for {what}; screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Wait for khabar to exit; returns (its exit status, the raw bytes it wrote).
    pub fn wait_exit(&self) -> (i32, Vec<u8>) {
        let start = Instant::now();
        loop {
            let raw = self.raw();
            if let Some(at) = find(&raw, EXIT_MARK.as_bytes()) {
                let rest = String::from_utf8_lossy(&raw[at + EXIT_MARK.len()..]).into_owned();
                let digits: String = rest
                    .trim_start()
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                if rest.contains('\n') && !digits.is_empty() {
                    let mut out = raw[..at].to_vec();
                    // The shell's `printf '\n'` before the mark (the tty turns it into "\r\n").
                    for tail in [b"\r\n".as_slice(), b"\n"] {
                        if out.ends_with(tail) {
                            out.truncate(out.len() - tail.len());
                            break;
                        }
                    }
                    return (digits.parse().unwrap_or(-1), out);
                }
            }
            if start.elapsed() > Duration::from_secs(30) {
                panic!("khabar did not exit; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// After exit: the pane's tty settings printed by `stty -a` (canonical mode, echo).
    pub fn stty_after_exit(&self) -> (bool, bool) {
        let s = self.wait_screen("stty output", |s| {
            s.lines().any(|l| matches!(l.trim(), "icanon" | "-icanon"))
                && s.lines().any(|l| matches!(l.trim(), "echo" | "-echo"))
        });
        (
            s.lines().any(|l| l.trim() == "icanon"),
            s.lines().any(|l| l.trim() == "echo"),
        )
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        let socket = self.socket_path.clone();
        let _ = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
        // tmux leaves the socket file behind.
        if socket.ends_with(&self.socket) {
            let _ = std::fs::remove_file(socket);
        }
    }
}

pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

pub fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// One piece of a terminal output stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// A printable character.
    Text(char),
    /// `\r` or `\n`.
    Newline(char),
    /// A control sequence: `ESC [ params intermediates final`.
    Csi {
        params: String,
        inter: String,
        fin: char,
    },
    /// Anything that must never be written: OSC, DCS, SOS, PM, APC, other escapes, C0 / C1 controls,
    /// DEL, bidi controls, malformed sequences, invalid UTF-8. Described in words.
    Bad(String),
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Split a raw output stream into tokens (ECMA-48 syntax).
pub fn scan(bytes: &[u8]) -> Vec<(usize, Token)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let at = i;
        let b = bytes[i];
        if b == 0x1b {
            let Some(&next) = bytes.get(i + 1) else {
                out.push((at, Token::Bad("ESC at the end of the stream".into())));
                break;
            };
            match next {
                b'[' => {
                    let mut j = i + 2;
                    let mut params = String::new();
                    let mut inter = String::new();
                    let mut fin = None;
                    while let Some(&c) = bytes.get(j) {
                        j += 1;
                        match c {
                            0x30..=0x3f if inter.is_empty() => params.push(c as char),
                            0x20..=0x2f => inter.push(c as char),
                            0x40..=0x7e => {
                                fin = Some(c as char);
                                break;
                            }
                            _ => break,
                        }
                    }
                    match fin {
                        Some(fin) => out.push((at, Token::Csi { params, inter, fin })),
                        None => out.push((
                            at,
                            Token::Bad(format!(
                                "malformed CSI {:?}",
                                String::from_utf8_lossy(&bytes[i..j.min(bytes.len())])
                            )),
                        )),
                    }
                    i = j;
                    continue;
                }
                b']' => out.push((at, Token::Bad("OSC (ESC ])".into()))),
                b'P' => out.push((at, Token::Bad("DCS (ESC P)".into()))),
                b'X' => out.push((at, Token::Bad("SOS (ESC X)".into()))),
                b'^' => out.push((at, Token::Bad("PM (ESC ^)".into()))),
                b'_' => out.push((at, Token::Bad("APC (ESC _)".into()))),
                other => out.push((
                    at,
                    Token::Bad(format!("escape sequence ESC {:?}", other as char)),
                )),
            }
            i += 2;
            continue;
        }
        if b < 0x80 {
            let c = b as char;
            let tok = match b {
                b'\r' | b'\n' => Token::Newline(c),
                0x00..=0x1f => Token::Bad(format!("C0 control 0x{b:02X}")),
                0x7f => Token::Bad("DEL".into()),
                _ => Token::Text(c),
            };
            out.push((at, tok));
            i += 1;
            continue;
        }
        let len = match b {
            0xc2..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf4 => 4,
            _ => 0,
        };
        let chunk = bytes.get(i..i + len.max(1)).unwrap_or(&bytes[i..]);
        match std::str::from_utf8(chunk)
            .ok()
            .and_then(|s| s.chars().next())
        {
            Some(c) if len > 0 => {
                let tok = if ('\u{80}'..='\u{9f}').contains(&c) {
                    Token::Bad(format!("C1 control U+{:04X}", c as u32))
                } else if is_bidi_control(c) {
                    Token::Bad(format!("bidi control U+{:04X}", c as u32))
                } else {
                    Token::Text(c)
                };
                out.push((at, tok));
                i += len;
            }
            _ => {
                out.push((at, Token::Bad(format!("invalid UTF-8 byte 0x{b:02X}"))));
                i += 1;
            }
        }
    }
    out
}

fn numbers(params: &str) -> Option<Vec<u32>> {
    if params.is_empty() {
        return Some(Vec::new());
    }
    params
        .split(';')
        .map(|p| {
            if p.is_empty() || p.len() > 5 {
                None
            } else {
                p.parse().ok()
            }
        })
        .collect()
}

/// SGR parameters as crossterm writes them: attributes, resets, and 256-colour / RGB colours.
fn sgr_ok(params: &str) -> bool {
    let Some(ns) = numbers(params) else {
        return false;
    };
    let mut i = 0;
    while i < ns.len() {
        match ns[i] {
            0..=29 | 39 | 49 | 51..=55 | 59 => i += 1,
            38 | 48 | 58 => match ns.get(i + 1) {
                Some(5) if ns.get(i + 2).is_some_and(|&n| n < 256) => i += 3,
                Some(2) if ns.len() >= i + 5 && ns[i + 2..i + 5].iter().all(|&n| n < 256) => i += 5,
                _ => return false,
            },
            _ => return false,
        }
    }
    !ns.is_empty()
}

/// Private modes crossterm sets and resets: cursor, alternate screen, mouse reporting, paste, focus.
const PRIVATE_MODES: [u32; 10] = [25, 47, 1000, 1002, 1003, 1004, 1006, 1015, 1049, 2004];

/// Whether a CSI sequence is one khabar emits, and if so whether it may appear only while setting
/// the terminal up or restoring it (`true`), or anywhere (`false`, cursor moves and colours).
/// `None`: not on the allow-list.
pub fn allowed_csi(params: &str, inter: &str, fin: char, rows: u16, cols: u16) -> Option<bool> {
    match (inter, fin) {
        ("", 'm') => sgr_ok(params).then_some(false),
        ("", 'H') => {
            let ns = numbers(params)?;
            (ns.len() == 2
                && (1..=u32::from(rows)).contains(&ns[0])
                && (1..=u32::from(cols)).contains(&ns[1]))
            .then_some(false)
        }
        ("", 'A' | 'B' | 'C' | 'D' | 'G' | 'd') => {
            let ns = numbers(params)?;
            (ns.len() <= 1 && ns.iter().all(|&n| n <= u32::from(rows.max(cols)))).then_some(false)
        }
        ("", 'K') => matches!(params, "" | "0" | "1" | "2").then_some(false),
        ("", 'J') => matches!(params, "2" | "3").then_some(true),
        ("", 'n') => (params == "6").then_some(true),
        ("", 'h' | 'l') => {
            if params == "8" {
                // BDSM: bidi explicit mode (khabar's own set-up and restore).
                return Some(true);
            }
            let mode: u32 = params.strip_prefix('?')?.parse().ok()?;
            if mode == 25 {
                // ratatui hides the cursor after each frame.
                return Some(false);
            }
            PRIVATE_MODES.contains(&mode).then_some(true)
        }
        // SCP: character path (bidi), khabar's set-up and restore.
        (" ", 'k') => matches!(params, "0" | "1").then_some(true),
        _ => None,
    }
}

/// Every problem in a stream written by khabar to a `rows`×`cols` terminal: forbidden tokens,
/// sequences not on the allow-list, and set-up / restore sequences (modes, clear, cursor report)
/// written between frames' text (where only article text could have put them).
pub fn problems(bytes: &[u8], rows: u16, cols: u16) -> Vec<String> {
    let toks = scan(bytes);
    let is_text = |t: &Token| matches!(t, Token::Text(_));
    // Frames are drawn between the first text and the last text before leaving the alternate
    // screen (what follows, e.g. errors listed on exit, is on the main screen).
    let leave = toks.iter().rposition(|(_, t)| {
        matches!(t, Token::Csi { params, inter, fin: 'l' } if params == "?1049" && inter.is_empty())
    });
    let first_text = toks.iter().position(|(_, t)| is_text(t));
    let last_text = toks[..leave.unwrap_or(toks.len())]
        .iter()
        .rposition(|(_, t)| is_text(t));
    let mut out = Vec::new();
    let count = |mode: &str, fin: char| {
        toks.iter()
            .filter(|(_, t)| matches!(t, Token::Csi { params, fin: f, .. } if params == mode && *f == fin))
            .count()
    };
    if count("?1049", 'l') > count("?1049", 'h') {
        out.push("the alternate screen is left more often than entered".to_string());
    }
    for (k, (at, tok)) in toks.iter().enumerate() {
        match tok {
            Token::Text(_) | Token::Newline(_) => {}
            Token::Bad(what) => out.push(format!("byte {at}: {what}")),
            Token::Csi { params, inter, fin } => {
                let shown = format!("ESC [{params}{inter}{fin}");
                match allowed_csi(params, inter, *fin, rows, cols) {
                    None => out.push(format!("byte {at}: {shown} is not on the allow-list")),
                    Some(true) => {
                        let inside =
                            first_text.is_some_and(|f| k > f) && last_text.is_some_and(|l| k < l);
                        if inside {
                            out.push(format!(
                                "byte {at}: {shown} between drawn text (only set-up / restore may send it)"
                            ));
                        }
                    }
                    Some(false) => {}
                }
            }
        }
    }
    out
}

/// The control sequences of a stream, in order, as `ESC [...` strings (for messages and tails).
pub fn csi_list(bytes: &[u8]) -> Vec<String> {
    scan(bytes)
        .into_iter()
        .filter_map(|(_, t)| match t {
            Token::Csi { params, inter, fin } => Some(format!("\x1b[{params}{inter}{fin}")),
            _ => None,
        })
        .collect()
}
