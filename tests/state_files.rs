//! khabar's read-state file under faults (issue 6): a writer killed with SIGKILL at random moments
//! (200 times or more, until at least 20 kills landed inside a save) never leaves an unreadable `read.json`, it always holds the old or the new list, and
//! temp files are never taken for state; corrupt, truncated, non-UTF-8 and empty files are set aside
//! (renamed, bytes kept) with a message naming the file; an unreadable path is never overwritten.

mod common;
mod tmux_harness;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

use khabar::ui::state::ReadState;

const CHILD_ENV: &str = "KHABAR_STATE_WRITER_CHILD";
const KILLS: usize = 200;
/// Entries already in the file before the first writer starts (so each save writes ~100 KB).
const PRELOADED: usize = 2000;

fn id(k: usize) -> String {
    format!("article-{k:07}-{}", "x".repeat(40))
}

/// The ids in a state file, read the way any JSON reader would (not through khabar).
fn ids_in(path: &Path) -> Result<Vec<String>, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    serde_json::from_slice(&bytes).map_err(|e| format!("{e} ({} bytes)", bytes.len()))
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// The child: open the store and mark ids read one after another, forever, saying after each save
/// how many ids the file now holds.
fn writer_child(path: PathBuf) -> ! {
    let mut n = ids_in(&path).map(|v| v.len()).unwrap_or(0);
    let (mut state, msg) = ReadState::open(path);
    if let Some(m) = msg {
        println!("MESSAGE {m}");
        std::process::exit(3);
    }
    loop {
        if let Err(e) = state.set(&id(n), true) {
            println!("ERROR {e}");
            std::process::exit(4);
        }
        n += 1;
        // One write per line, so a kill never leaves half a line.
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(format!("SAVED {n}\n").as_bytes());
        let _ = out.flush();
    }
}

/// A small xorshift generator seeded from the clock (the seed is printed for reruns).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn sigkill_during_state_writes_never_leaves_an_unreadable_file() {
    if let Some(p) = std::env::var_os(CHILD_ENV) {
        writer_child(PathBuf::from(p));
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("khabar").join("read.json");
    std::fs::create_dir_all(path.parent().expect("dir")).expect("mkdir");
    let preload: Vec<String> = (0..PRELOADED).map(id).collect();
    std::fs::write(&path, serde_json::to_vec(&preload).expect("json")).expect("preload");

    let seed = std::env::var("KHABAR_STATE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
                | 1
        });
    eprintln!("seed {seed} (KHABAR_STATE_SEED to repeat)");
    let mut rng = Rng(seed);
    let exe = std::env::current_exe().expect("test binary");
    let mut held = PRELOADED;
    let (mut mid_write, mut advanced) = (0, 0);
    // At least KILLS rounds, more (up to 5×) until enough kills have landed inside a save.
    let mut round = 0;
    while round < KILLS || (mid_write < 20 && round < 5 * KILLS) {
        round += 1;
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "sigkill_during_state_writes_never_leaves_an_unreadable_file",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the writer");
        let child_pid = child.id();
        std::thread::sleep(Duration::from_micros(2_000 + rng.next() % 80_000));
        child.kill().expect("SIGKILL");
        let out = child.wait_with_output().expect("wait");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            !stdout.contains("MESSAGE") && !stdout.contains("ERROR"),
            "round {round}: the writer reported: {stdout}"
        );
        let reported: Option<usize> = stdout
            .lines()
            .filter_map(|l| l.split("SAVED ").nth(1))
            .filter_map(|n| n.trim().parse().ok())
            .next_back();

        let ids = ids_in(&path)
            .unwrap_or_else(|e| panic!("round {round} (seed {seed}): read.json unreadable: {e}"));
        let n = ids.len();
        // The last completed save, or the one in progress when the kill came (renamed, not yet said).
        let last = reported.unwrap_or(held);
        assert!(
            n == last || n == last + 1,
            "round {round}: file holds {n} ids, last save reported {last}; writer said: {:?}",
            &stdout[stdout.len().saturating_sub(300)..]
        );
        let expected: Vec<String> = (0..n).map(id).collect();
        assert!(
            ids == expected,
            "round {round}: the file is not a whole save"
        );
        if n > held {
            advanced += 1;
        }
        held = n;
        let (state, msg) = ReadState::open(path.clone());
        assert_eq!(msg, None, "round {round}: khabar reads the file back");
        assert!(state.is_read(&id(n - 1)) && !state.is_read(&id(n)));
        if path
            .with_file_name(format!("read.json.tmp-{child_pid}"))
            .exists()
        {
            mid_write += 1;
        }
    }
    let names = names_in(path.parent().expect("dir"));
    let temps: Vec<&String> = names
        .iter()
        .filter(|f| f.starts_with("read.json.tmp-"))
        .collect();
    eprintln!(
        "{round} kills: file advanced in {advanced} rounds, {} ids at the end; \
         {mid_write} kills landed inside a save (temp file left) ({} distinct left over)",
        held,
        temps.len()
    );
    assert!(
        names
            .iter()
            .all(|f| f == "read.json" || f.starts_with("read.json.tmp-")),
        "nothing set aside or stray: {names:?}"
    );
    // The kills must have hit both between saves and inside them for the test to mean anything.
    assert!(
        advanced >= 10,
        "the writer rarely got to save ({advanced} rounds)"
    );
    assert!(
        mid_write >= 10,
        "few kills landed inside a save ({mid_write} rounds)"
    );

    // Temp files of killed writers are removed once stale, and never read as state.
    let old = SystemTime::now() - Duration::from_secs(3600);
    for t in &temps {
        let f = std::fs::File::options()
            .append(true)
            .open(path.with_file_name(t.as_str()))
            .expect("open temp");
        f.set_modified(old).expect("age the temp file");
    }
    let (state, msg) = ReadState::open(path.clone());
    assert_eq!(msg, None);
    assert!(state.is_read(&id(held - 1)));
    assert_eq!(names_in(path.parent().expect("dir")), vec!["read.json"]);
}

/// Open a store whose file holds `bytes`: the message must name the file and say where the bytes
/// went; the bytes must be kept there unchanged, and the store must start empty and save again.
fn assert_set_aside(bytes: &[u8], what: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("khabar").join("read.json");
    std::fs::create_dir_all(path.parent().expect("dir")).expect("mkdir");
    std::fs::write(&path, bytes).expect("write");
    let (mut state, msg) = ReadState::open(path.clone());
    let msg = msg.unwrap_or_else(|| panic!("{what}: no message"));
    assert!(
        msg.contains(&path.display().to_string()),
        "{what}: the message names the file: {msg}"
    );
    assert!(!path.exists(), "{what}: the file was moved away");
    let names = names_in(path.parent().expect("dir"));
    assert_eq!(names.len(), 1, "{what}: one file set aside: {names:?}");
    let aside = path.with_file_name(&names[0]);
    assert!(
        msg.contains(&aside.display().to_string()),
        "{what}: the message says where the file went: {msg}"
    );
    assert_eq!(
        std::fs::read(&aside).expect("read aside"),
        bytes,
        "{what}: bytes kept"
    );
    assert!(!state.is_read("a"));
    state.set("a", true).expect("save after setting aside");
    assert_eq!(ids_in(&path), Ok(vec!["a".to_string()]));
    assert_eq!(
        std::fs::read(&aside).expect("read aside"),
        bytes,
        "{what}: still kept"
    );
}

#[test]
fn corrupt_state_is_set_aside_and_reported() {
    assert_set_aside(b"{\"not\": \"a list\"}", "an object");
    assert_set_aside(b"[1, 2, 3]", "a list of numbers");
    assert_set_aside(b"<html>garbage</html>", "not JSON");
}

#[test]
fn state_that_is_not_utf8_is_set_aside_and_reported() {
    assert_set_aside(b"[\"a\xff\xfeb\"]", "invalid UTF-8 in a string");
    assert_set_aside(&[0xff, 0xfe, 0x5b, 0x00, 0x5d, 0x00], "UTF-16");
}

#[test]
fn truncated_state_is_set_aside_and_reported() {
    let full: Vec<String> = (0..50).map(id).collect();
    let full = serde_json::to_vec_pretty(&full).expect("json");
    for cut in [full.len() - 1, full.len() / 2, 1] {
        assert_set_aside(&full[..cut], &format!("truncated to {cut} bytes"));
    }
    assert_set_aside(b"", "empty (truncated to nothing)");
}

#[test]
fn two_corrupt_files_in_a_row_are_both_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("read.json");
    std::fs::write(&path, "first{").expect("write");
    let (_, first) = ReadState::open(path.clone());
    std::fs::write(&path, "second{").expect("write");
    let (_, second) = ReadState::open(path.clone());
    assert!(first.is_some() && second.is_some());
    let kept: Vec<String> = names_in(dir.path())
        .iter()
        .map(|n| std::fs::read_to_string(dir.path().join(n)).expect("read"))
        .collect();
    assert!(
        kept.contains(&"first{".to_string()) && kept.contains(&"second{".to_string()),
        "{kept:?}"
    );
}

#[test]
fn unreadable_state_path_is_reported_and_never_overwritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A folder where the file should be: it cannot be read as state.
    let path = dir.path().join("read.json");
    std::fs::create_dir(&path).expect("mkdir");
    std::fs::write(path.join("keep"), "x").expect("write");
    let (mut state, msg) = ReadState::open(path.clone());
    let msg = msg.expect("a message");
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert_eq!(state.set("a", true), Ok(()), "marks still work in memory");
    assert!(state.is_read("a"));
    assert!(path.join("keep").exists(), "the path was left alone");
    assert_eq!(names_in(dir.path()), vec!["read.json"]);
}

#[test]
fn saves_leave_no_temp_files_and_round_trip() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("deeper").join("read.json");
    let (mut state, msg) = ReadState::open(path.clone());
    assert_eq!(msg, None);
    for k in 0..20 {
        state.set(&id(k), true).expect("save");
    }
    state.set(&id(3), false).expect("save");
    let mut want: Vec<String> = (0..20).filter(|&k| k != 3).map(id).collect();
    want.sort();
    assert_eq!(ids_in(&path), Ok(want));
    assert_eq!(names_in(path.parent().expect("dir")), vec!["read.json"]);
}

/// In the reader: a corrupt `read.json` is set aside and the status line says so, naming the file;
/// the reader then saves a fresh state. Skips when tmux is not installed.
#[test]
fn reader_reports_a_corrupt_state_file_on_screen() {
    if !tmux_harness::tmux_present() {
        eprintln!("skipping: tmux is not installed");
        return;
    }
    let garbage = b"[\"article-1\", \"artic";
    let pane = tmux_harness::Pane::start_with(&common::khabar_bin(), &[], &[], 250, 20, |home| {
        let dir = home.join("data").join("khabar");
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join("read.json"), garbage).expect("write");
    });
    let dir = pane.dir.path().join("data").join("khabar");
    let screen = pane.wait_screen("the status message", |s| s.contains("set aside"));
    let status = screen
        .lines()
        .find(|l| l.contains("set aside"))
        .unwrap_or_default();
    let file = dir.join("read.json");
    assert!(
        status.contains(&file.display().to_string()),
        "the message names the file: {status}"
    );
    let names = names_in(&dir);
    let aside: Vec<&String> = names.iter().filter(|n| n.contains("corrupt")).collect();
    assert_eq!(aside.len(), 1, "{names:?}");
    assert_eq!(
        std::fs::read(dir.join(aside[0])).expect("read"),
        garbage,
        "the bytes are kept"
    );
    assert!(
        status.contains(aside[0].as_str()),
        "and where it went: {status}"
    );
    pane.keys(&["q"]);
    let (code, _) = pane.wait_exit();
    assert_eq!(code, 0);
}
