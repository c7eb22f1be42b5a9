//! Read / unread marks, kept in `$XDG_DATA_HOME/khabar/read.json` and written atomically
//! (temp file + rename). A corrupt file is set aside (renamed) with a message, never fatal.

use std::collections::BTreeSet;
use std::path::PathBuf;

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
    /// or could not be read.
    pub fn open(path: PathBuf) -> (ReadState, Option<String>) {
        let mut state = ReadState {
            read: BTreeSet::new(),
            path: Some(path.clone()),
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (state, None),
            Err(e) => {
                return (state, Some(format!("read state {}: {e}", path.display())));
            }
        };
        match serde_json::from_str::<Vec<String>>(&text) {
            Ok(ids) => {
                state.read = ids.into_iter().collect();
                (state, None)
            }
            Err(e) => {
                let aside = path.with_extension(format!(
                    "json.corrupt-{}",
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map(|d| d.as_secs())
                        .unwrap_or(0)
                ));
                let moved = std::fs::rename(&path, &aside).is_ok();
                let msg = if moved {
                    format!(
                        "read state {} was corrupt ({e}); set aside as {}",
                        path.display(),
                        aside.display()
                    )
                } else {
                    format!(
                        "read state {} is corrupt ({e}); starting empty",
                        path.display()
                    )
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

    /// Write the store atomically (temp file in the same folder, then rename).
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
        let tmp = path.with_extension(format!("json.tmp-{}", std::process::id()));
        std::fs::write(&tmp, text).map_err(fail)?;
        std::fs::rename(&tmp, path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            fail(e)
        })
    }
}
