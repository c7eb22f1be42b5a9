//! The reader: the only module that uses ratatui and crossterm. Draws state, turns keys into actions.

use std::path::PathBuf;

/// Options for the interactive reader (after config file and CLI flags are merged).
#[derive(Debug, Clone, Default)]
pub struct ReaderOptions {
    pub paths: Vec<PathBuf>,
    pub shape: Option<bool>,
    pub bidi_terminal: Option<bool>,
    pub config: Option<PathBuf>,
}

/// Run the reader. PLACEHOLDER until the reader issue lands.
pub fn run(opts: ReaderOptions) -> anyhow::Result<()> {
    let _ = opts;
    anyhow::bail!("the reader is not built yet")
}
