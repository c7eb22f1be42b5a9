//! Expanding command-line inputs: folders become every supported file below them, recursively,
//! in sorted order; symlink loops are detected and skipped; hidden entries are ignored.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::{LoadError, LoadEvent};

/// One thing to read: a file or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    /// The input's display name: its path, or `-` for stdin.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::File(p) => p.to_string_lossy().into_owned(),
        }
    }
}

/// File extensions khabar reads (also with a trailing `.gz`).
pub const SUPPORTED_EXTENSIONS: &[&str] = &[
    "txt", "text", "json", "jsonl", "ndjson", "rss", "atom", "xml",
];

/// Whether a file found inside a folder is one khabar reads (by extension).
pub fn is_supported(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase());
    let Some(name) = name else { return false };
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    match name.rsplit_once('.') {
        Some((stem, ext)) => !stem.is_empty() && SUPPORTED_EXTENSIONS.contains(&ext),
        None => false,
    }
}

/// Expand one command-line argument into inputs, reporting unreadable folders as events.
pub fn expand(arg: &Path, inputs: &mut Vec<Input>, events: &mut Vec<LoadEvent>) {
    if arg.as_os_str() == "-" {
        inputs.push(Input::Stdin);
        return;
    }
    if arg.is_dir() {
        let mut visited = HashSet::new();
        walk_dir(arg, &mut visited, inputs, events);
    } else {
        // Files (and missing paths) are reported when opened.
        inputs.push(Input::File(arg.to_path_buf()));
    }
}

fn walk_dir(
    dir: &Path,
    visited: &mut HashSet<PathBuf>,
    inputs: &mut Vec<Input>,
    events: &mut Vec<LoadEvent>,
) {
    let error = |reason: String| {
        LoadEvent::Error(LoadError {
            source: dir.to_string_lossy().into_owned(),
            reason,
        })
    };
    match std::fs::canonicalize(dir) {
        Ok(canonical) => {
            if !visited.insert(canonical) {
                events.push(LoadEvent::Warning(format!(
                    "{}: folder already visited (symbolic link loop?), skipped",
                    dir.display()
                )));
                return;
            }
        }
        Err(e) => {
            events.push(error(format!(
                "cannot open folder: {}",
                super::io_reason(&e)
            )));
            return;
        }
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            events.push(error(format!(
                "cannot open folder: {}",
                super::io_reason(&e)
            )));
            return;
        }
    };
    let mut names: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok())
        .filter(|entry| !entry.file_name().to_string_lossy().starts_with('.'))
        .map(|entry| entry.path())
        .collect();
    names.sort();
    for path in names {
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk_dir(&path, visited, inputs, events),
            Ok(_) => {
                if is_supported(&path) {
                    inputs.push(Input::File(path));
                }
            }
            Err(e) => {
                if is_supported(&path) || path.is_symlink() {
                    let reason = if path.is_symlink() {
                        format!("broken symbolic link ({})", super::io_reason(&e))
                    } else {
                        super::io_reason(&e)
                    };
                    events.push(LoadEvent::Error(LoadError {
                        source: path.to_string_lossy().into_owned(),
                        reason,
                    }));
                }
            }
        }
    }
}
