//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The read-only `shared/` folder beside the project (`KHABAR_SHARED`, else `../shared`).
/// Returns `None` (and says so on stderr) when it is absent, so the calling test can skip.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("KHABAR_SHARED") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"),
    };
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipping: shared folder not found at {} (set KHABAR_SHARED)",
            dir.display()
        );
        None
    }
}

/// Path of the built `khabar` binary for end-to-end tests.
pub fn khabar_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_khabar"))
}

/// Path inside the repository.
pub fn repo_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The hostile-input fixtures (`tests/fixtures/hostile/`), one file per case, in name order.
pub fn hostile_fixtures() -> Vec<PathBuf> {
    let dir = repo_path("tests/fixtures/hostile");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(files.len() >= 20, "expected the hostile fixtures");
    files
}
