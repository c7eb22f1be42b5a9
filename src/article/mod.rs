//! Articles and the loaders that read them from every ordinary source.
//!
//! The model is deliberately small: a title, an optional lead and paragraphs, plus where the
//! article came from. Analysis offsets refer to [`Article::blocks`]: block 0 is the title, then the
//! lead (when there is one), then the paragraphs in order.

pub mod plain;

use serde::{Deserialize, Serialize};

/// Writing direction hint for an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Rtl,
    Ltr,
}

/// One news article.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Article {
    /// Stable identifier: the file's stem, or the feed item's / record's id.
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    #[serde(default)]
    pub paragraphs: Vec<String>,
    /// Where the article was read from: a path, `-` for stdin, or a URL.
    #[serde(default)]
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
}

impl Article {
    /// The article's text blocks in reading order: title, lead (if any), paragraphs.
    /// Analysis locations (`paragraph` indices) index into this list.
    pub fn blocks(&self) -> Vec<&str> {
        let mut blocks = Vec::with_capacity(self.paragraphs.len() + 2);
        blocks.push(self.title.as_str());
        if let Some(lead) = &self.lead {
            blocks.push(lead.as_str());
        }
        blocks.extend(self.paragraphs.iter().map(String::as_str));
        blocks
    }

    /// Total text size in bytes (title, lead and paragraphs).
    pub fn text_len(&self) -> usize {
        self.blocks().iter().map(|b| b.len()).sum()
    }
}

/// Options for loading articles.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Files larger than this many bytes are refused without being read (default 64 MiB).
    pub max_file_size: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            max_file_size: 64 * 1024 * 1024,
        }
    }
}

/// One input that could not be (fully) read: `Display` is one line naming the input and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub source: String,
    pub reason: String,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.source, self.reason)
    }
}

impl std::error::Error for LoadError {}

/// What loading a set of paths gave: the articles that loaded, and one error per input that failed.
#[derive(Debug, Clone, Default)]
pub struct LoadReport {
    pub articles: Vec<Article>,
    pub errors: Vec<LoadError>,
    /// Non-fatal problems (e.g. lossy UTF-8 decoding), one line each naming the input.
    pub warnings: Vec<String>,
}

/// Load every article from files, folders and `-` (stdin). MINIMAL VERSION: plain-text files only.
pub fn load_paths(paths: &[std::path::PathBuf], opts: &LoadOptions) -> LoadReport {
    let _ = opts;
    let mut report = LoadReport::default();
    for path in paths {
        let source = path.to_string_lossy().into_owned();
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let id = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                report.articles.push(plain::parse(&text, &id, &source));
            }
            Err(e) => report.errors.push(LoadError {
                source,
                reason: e.to_string(),
            }),
        }
    }
    report
}

/// The sample articles bundled into the binary (from `seeds/`). MINIMAL VERSION: the plain-text seed.
pub fn bundled_seeds() -> Vec<Article> {
    vec![plain::parse(
        include_str!("../../seeds/000_3c23b7db6eabfe86.txt"),
        "000_3c23b7db6eabfe86",
        "seeds/000_3c23b7db6eabfe86.txt",
    )]
}
