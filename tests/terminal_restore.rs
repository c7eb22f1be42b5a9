//! Terminal restore under faults (issue 6): the real reader in tmux is sent SIGTERM, SIGHUP and
//! SIGINT, or made to panic (debug builds: `KHABAR_DEBUG_PANIC=1`); afterwards the pane must be back
//! in normal mode: main screen, cursor visible, mouse reporting off, tty cooked (`icanon`, `echo`),
//! and the last bytes khabar wrote give bidi reordering back to the terminal.
//! Skips (with a message) when tmux is not installed.

mod common;
mod tmux_harness;

use std::process::Command;

use tmux_harness::{Pane, csi_list, find, problems, rfind, tmux_present};

const W: u16 = 100;
const H: u16 = 30;
const BIDI_RESTORE: &[u8] = b"\x1b[8h\x1b[0 k";

fn start(env: &[(&str, &str)]) -> Pane {
    // No paths: the bundled seed articles, so nothing is printed on exit but the restore.
    let pane = Pane::start(&common::khabar_bin(), &[], env, W, H);
    pane.wait_screen("the first frame", |s| s.contains("help"));
    assert_eq!(
        pane.display("#{alternate_on}"),
        "1",
        "reader on the alternate screen"
    );
    pane
}

/// Everything a user needs back after khabar is gone.
fn assert_restored(pane: &Pane, raw: &[u8], what: &str) {
    assert_eq!(pane.display("#{alternate_on}"), "0", "{what}: main screen");
    assert_eq!(
        pane.display("#{cursor_flag}"),
        "1",
        "{what}: cursor visible"
    );
    assert_eq!(
        pane.display("#{mouse_any_flag}#{mouse_button_flag}#{mouse_sgr_flag}"),
        "000",
        "{what}: mouse reporting off"
    );
    let (icanon, echo) = pane.stty_after_exit();
    assert!(icanon, "{what}: canonical mode back (stty shows icanon)");
    assert!(echo, "{what}: echo back (stty shows echo)");
    let found = problems(raw, H, W);
    assert!(found.is_empty(), "{what}: {found:?}");
}

fn signal_test(sig: &str, number: i32) {
    signal_test_with(sig, number, &[]);
}

fn signal_test_with(sig: &str, number: i32, env: &[(&str, &str)]) {
    if !tmux_present() {
        eprintln!("skipping: tmux is not installed");
        return;
    }
    let pane = start(env);
    let pid = pane.khabar_pid().to_string();
    let ok = Command::new("kill")
        .args(["-s", sig, &pid])
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "kill -s {sig} {pid}");
    let (status, raw) = pane.wait_exit();
    assert_eq!(status, 128 + number, "exit status after SIG{sig}");
    let what = format!("after SIG{sig}");
    assert_restored(&pane, &raw, &what);
    let tail = csi_list(&raw);
    let tail = &tail[tail.len().saturating_sub(8)..];
    assert!(
        raw.ends_with(BIDI_RESTORE),
        "{what}: the stream ends with the bidi restore; last sequences: {tail:?}"
    );
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_test("TERM", 15);
}

#[test]
fn sighup_restores_the_terminal() {
    signal_test("HUP", 1);
}

#[test]
fn sigquit_restores_the_terminal() {
    signal_test("QUIT", 3);
}

#[test]
fn sigint_restores_the_terminal() {
    signal_test("INT", 2);
}

/// The loop stops responding after its first frame (debug builds: `KHABAR_DEBUG_PANIC=hang`), so
/// the signal watcher itself must restore the terminal and exit.
#[test]
fn signals_restore_the_terminal_when_the_loop_is_stuck() {
    if !cfg!(debug_assertions) {
        eprintln!("skipping: the forced hang (KHABAR_DEBUG_PANIC) exists only in debug builds");
        return;
    }
    for (sig, number) in [("TERM", 15), ("HUP", 1), ("INT", 2), ("QUIT", 3)] {
        signal_test_with(sig, number, &[("KHABAR_DEBUG_PANIC", "hang")]);
    }
}

/// Run the reader with `KHABAR_DEBUG_PANIC=<mode>`; it must exit 101 with the terminal restored
/// before the panic report, and the message readable on the main screen.
fn panic_test(mode: &str, message: &str) {
    if !tmux_present() {
        eprintln!("skipping: tmux is not installed");
        return;
    }
    if !cfg!(debug_assertions) {
        eprintln!("skipping: the forced panic (KHABAR_DEBUG_PANIC) exists only in debug builds");
        return;
    }
    let pane = Pane::start(
        &common::khabar_bin(),
        &[],
        &[("KHABAR_DEBUG_PANIC", mode), ("RUST_BACKTRACE", "0")],
        W,
        H,
    );
    let (status, raw) = pane.wait_exit();
    assert_eq!(status, 101, "a panic exits with status 101");
    // A frame was drawn first (the panic comes after it).
    assert!(
        find(&raw, "help".as_bytes()).is_some(),
        "a frame was drawn before the panic"
    );
    let restored = rfind(&raw, BIDI_RESTORE).expect("bidi mode restored") + BIDI_RESTORE.len();
    let left_alt = rfind(&raw, b"\x1b[?1049l").expect("alternate screen left");
    let panicked = find(&raw, b"panicked at").expect("panic report written");
    let at = find(&raw, message.as_bytes()).expect("panic message written");
    assert!(
        left_alt < restored && restored <= panicked && panicked < at,
        "the terminal is restored (alternate screen left at byte {left_alt}, bidi restored by \
         byte {restored}) before the panic report (byte {panicked})"
    );
    // Up to the restore: khabar's own sequences only (the report after it is plain text).
    assert_restored(&pane, &raw[..restored], &format!("after a panic ({mode})"));
    // The message is readable on the main screen afterwards.
    let screen = pane.wait_screen("the panic message", |s| s.contains(message));
    assert!(screen.contains("panicked"), "{screen}");
}

#[test]
fn panic_restores_the_terminal_then_prints_the_message() {
    panic_test(
        "1",
        "KHABAR_DEBUG_PANIC: forced panic after the first frame",
    );
}

#[test]
fn panic_in_the_background_analysis_restores_the_terminal_and_ends_the_reader() {
    panic_test(
        "background",
        "KHABAR_DEBUG_PANIC: forced panic in the background analysis",
    );
}

/// Whether process `pid` is gone (or a zombie waiting to be reaped).
fn exited(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        // Fields after the command name (which is in parentheses): state first.
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with(['Z', 'X'])),
    }
}

/// The terminal goes away (the tmux pane is killed: SIGHUP, then reads and writes fail): khabar must
/// exit promptly instead of lingering or spinning.
#[test]
fn reader_exits_when_its_terminal_is_gone() {
    if !tmux_present() {
        eprintln!("skipping: tmux is not installed");
        return;
    }
    if !std::path::Path::new("/proc/self/stat").exists() {
        eprintln!("skipping: no /proc to watch the process");
        return;
    }
    let pane = start(&[]);
    let pid = pane.khabar_pid();
    assert!(!exited(pid), "khabar is running");
    pane.cmd(&["kill-pane", "-t", "k"]);
    let start = std::time::Instant::now();
    while !exited(pid) {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "khabar (pid {pid}) still running 10 s after its terminal was closed"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    eprintln!(
        "khabar exited {:?} after its terminal closed",
        start.elapsed()
    );
}
