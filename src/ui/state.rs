//! Read / unread marks, kept in `$XDG_DATA_HOME/khabar/read.json` and written atomically
//! (temp file flushed to disk, renamed, folder flushed). A corrupt file is set aside (renamed) with a
//! message, never fatal.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::config::xdg_dir;

/// The set of article ids marked read, and where it is stored (`None`: memory only).
#[derive(Debug, Default)]
pub struct ReadState {
    read: BTreeSet<String>,
    path: Option<PathBuf>,
}

impl ReadState {
    /// A store that is never written (tests).
    pub fn in_memory() -> ReadState {
        ReadState::default()
    }

    /// `$XDG_DATA_HOME/khabar/read.json` (else `~/.local/share/khabar/read.json`).
    pub fn default_path() -> Option<PathBuf> {
        xdg_dir("XDG_DATA_HOME", ".local/share").map(|d| d.join("khabar").join("read.json"))
    }

    /// Open the store at `path`. Returns the store and a message when the file had to be set aside
    /// or could not be read. A file that is not a JSON list of ids (corrupt, truncated, not UTF-8)
    /// is renamed to `read.json.corrupt-<time>` and the store starts empty; when the file can be
    /// neither read nor set aside, the store is kept in memory only, so it is never overwritten.
    /// Temp files left by a writer that was killed mid-save (older than ten minutes) are removed.
    pub fn open(path: PathBuf) -> (ReadState, Option<String>) {
        remove_stale_temps(&path);
        let mut state = ReadState {
            read: BTreeSet::new(),
            path: Some(path.clone()),
        };
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (state, None),
            Err(e) => {
                state.path = None;
                let msg = format!(
                    "read state {}: {e}; read marks will not be saved",
                    path.display()
                );
                return (state, Some(msg));
            }
        };
        match serde_json::from_slice::<Vec<String>>(&bytes) {
            Ok(ids) => {
                state.read = ids.into_iter().collect();
                (state, None)
            }
            Err(e) => {
                let msg = match set_aside(&path) {
                    Ok(aside) => format!(
                        "read state {} was corrupt ({e}); set aside as {}",
                        path.display(),
                        aside.display()
                    ),
                    Err(err) => {
                        state.path = None;
                        format!(
                            "read state {} is corrupt ({e}) and could not be set aside ({err}); \
                             starting empty, read marks will not be saved",
                            path.display()
                        )
                    }
                };
                (state, Some(msg))
            }
        }
    }

    /// Whether an article id is marked read.
    pub fn is_read(&self, id: &str) -> bool {
        self.read.contains(id)
    }

    /// Mark read or unread; saves when it changed. `Err` is a one-line message.
    pub fn set(&mut self, id: &str, read: bool) -> Result<(), String> {
        let changed = if read {
            self.read.insert(id.to_string())
        } else {
            self.read.remove(id)
        };
        if changed { self.save() } else { Ok(()) }
    }

    /// Write the store atomically: a temp file in the same folder, flushed to disk, renamed over
    /// the old file, then the folder flushed, so a crash at any moment leaves the old or the new
    /// content, never a mix.
    pub fn save(&self) -> Result<(), String> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let fail = |e: std::io::Error| format!("saving read state {}: {e}", path.display());
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(fail)?;
        }
        let ids: Vec<&String> = self.read.iter().collect();
        let text = serde_json::to_string_pretty(&ids).map_err(|e| e.to_string())?;
        let tmp = temp_path(path);
        let written = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(text.as_bytes())?;
            f.sync_all()?;
            std::fs::rename(&tmp, path)
        })();
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(fail(e));
        }
        sync_dir(path);
        Ok(())
    }
}

/// Prefix of the temp files next to `path` (`read.json.tmp-`).
fn temp_prefix(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    format!("{}.tmp-", name.unwrap_or_default())
}

fn temp_path(path: &Path) -> PathBuf {
    path.with_file_name(format!("{}{}", temp_prefix(path), std::process::id()))
}

/// Remove temp files of `path` not touched for ten minutes (a save takes milliseconds, so these
/// were left by a writer that died; a live writer's temp file is never that old).
fn remove_stale_temps(path: &Path) {
    let Some(dir) = path.parent() else { return };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = temp_prefix(path);
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(&prefix) {
            continue;
        }
        let age = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok());
        if age.is_some_and(|a| a > Duration::from_secs(600)) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Rename a corrupt `path` to `<name>.corrupt-<unix seconds>` (with `-<n>` added when that exists).
fn set_aside(path: &Path) -> std::io::Result<PathBuf> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let base = format!("{}.corrupt-{secs}", name.unwrap_or_default());
    let mut aside = path.with_file_name(&base);
    let mut n = 1;
    while aside.symlink_metadata().is_ok() {
        aside = path.with_file_name(format!("{base}-{n}"));
        n += 1;
    }
    std::fs::rename(path, &aside)?;
    sync_dir(path);
    Ok(aside)
}

/// Flush the folder holding `path` so a rename in it is on disk (best effort; Unix only).
fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}
