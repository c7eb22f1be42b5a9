//! The on-disk index cache: keyed by the inputs' identity (path, size, mtime) and khabar's version,
//! written atomically (temp file + rename); a missing, stale or corrupt cache is simply ignored.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::index::Index;

/// Identity of the inputs: each file's path, size and modification time (ns), plus khabar's
/// version and [`crate::analysis::REVISION`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Key {
    pub version: String,
    pub files: Vec<(String, u64, u128)>,
}

impl Key {
    /// The key for these input files as they are now.
    pub fn for_files(paths: &[PathBuf]) -> Key {
        let files = paths
            .iter()
            .map(|p| {
                let meta = std::fs::metadata(p).ok();
                let size = meta.as_ref().map(|m| m.len()).unwrap_or(0);
                let mtime = meta
                    .and_then(|m| m.modified().ok())
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map(|d| d.as_nanos())
                    .unwrap_or(0);
                let path = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
                (path.to_string_lossy().into_owned(), size, mtime)
            })
            .collect();
        Key {
            version: format!(
                "{}+analysis{}",
                env!("CARGO_PKG_VERSION"),
                crate::analysis::REVISION
            ),
            files,
        }
    }

    /// The cache file name for this key inside `dir` (a hash of the paths; the full key is checked on read).
    pub fn file_in(&self, dir: &Path) -> PathBuf {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for (p, _, _) in &self.files {
            p.hash(&mut h);
        }
        dir.join(format!("index-{:016x}.json", h.finish()))
    }
}

/// The default cache folder: `$XDG_CACHE_HOME/khabar`, else `~/.cache/khabar`.
pub fn default_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d).join("khabar"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/khabar"))
}

#[derive(Serialize, Deserialize)]
struct Stored {
    key: Key,
    index: Index,
}

#[derive(Serialize)]
struct StoredRef<'a> {
    key: &'a Key,
    index: &'a Index,
}

/// Read the cached index for `key`, if present, intact and for exactly these inputs.
pub fn read(dir: &Path, key: &Key) -> Option<Index> {
    let file = std::fs::File::open(key.file_in(dir)).ok()?;
    let reader = std::io::BufReader::with_capacity(1 << 20, file);
    let stored: Stored = serde_json::from_reader(reader).ok()?;
    (stored.key == *key).then_some(stored.index)
}

/// Write the index for `key` atomically.
pub fn write(dir: &Path, key: &Key, index: &Index) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let path = key.file_in(dir);
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let stored = StoredRef { key, index };
    // Streamed to the file: the index is never held twice in memory.
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp)?);
    serde_json::to_writer(&mut out, &stored).map_err(std::io::Error::other)?;
    use std::io::Write;
    out.flush()?;
    out.get_ref().sync_all()?;
    drop(out);
    std::fs::rename(&tmp, &path)
}
