//! Articles and the loaders that read them from every ordinary source.
//!
//! The model is deliberately small: a title, an optional lead and paragraphs, plus where the
//! article came from. Analysis offsets refer to [`Article::blocks`]: block 0 is the title, then the
//! lead (when there is one), then the paragraphs in order.

pub mod decode;
pub mod feed;
pub mod html;
pub mod json;
pub mod open;
pub mod plain;
pub mod walk;

use std::collections::VecDeque;
use std::path::PathBuf;

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
    /// Files larger than this many bytes are refused without being read (default 64 MiB). Also
    /// caps documents read whole after decompression, and each line of a JSON Lines input.
    pub max_file_size: u64,
    /// Gzip inputs are refused once they decompress to more than this many bytes (default 4 GiB;
    /// JSON Lines archives are streamed, so this bounds time, not memory).
    pub max_decompressed_size: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            max_file_size: 64 * 1024 * 1024,
            max_decompressed_size: 4 * 1024 * 1024 * 1024,
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

/// One thing that happened while loading, in input order.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadEvent {
    /// An article was read.
    Article(Article),
    /// A non-fatal problem, one line naming the input (e.g. lossy UTF-8 decoding).
    Warning(String),
    /// An input (or one record in it) could not be read.
    Error(LoadError),
}

impl LoadReport {
    fn push(&mut self, event: LoadEvent) {
        match event {
            LoadEvent::Article(a) => self.articles.push(a),
            LoadEvent::Warning(w) => self.warnings.push(w),
            LoadEvent::Error(e) => self.errors.push(e),
        }
    }
}

/// Load every article from files, folders and `-` (stdin), in input order (folders: sorted,
/// recursive). Files are read in parallel; for very large inputs prefer [`stream_paths`].
pub fn load_paths(paths: &[PathBuf], opts: &LoadOptions) -> LoadReport {
    use rayon::prelude::*;
    let mut report = LoadReport::default();
    let mut inputs = Vec::new();
    let mut events = Vec::new();
    for path in paths {
        walk::expand(path, &mut inputs, &mut events);
    }
    events.into_iter().for_each(|e| report.push(e));
    let loaded: Vec<Vec<LoadEvent>> = inputs
        .par_iter()
        .map(|input| open::open_input(input, opts).collect())
        .collect();
    loaded.into_iter().flatten().for_each(|e| report.push(e));
    report
}

/// Load articles lazily, one event at a time, in input order: JSON Lines (also gzipped) is read
/// line by line, so memory stays constant however large the archive. Folder walk errors come
/// first for each command-line argument, then that argument's files in sorted order.
pub fn stream_paths(paths: &[PathBuf], opts: &LoadOptions) -> ArticleStream {
    ArticleStream {
        opts: opts.clone(),
        args: paths.iter().cloned().collect(),
        inputs: VecDeque::new(),
        pending: VecDeque::new(),
        current: None,
    }
}

/// Iterator over [`LoadEvent`]s returned by [`stream_paths`].
pub struct ArticleStream {
    opts: LoadOptions,
    args: VecDeque<PathBuf>,
    inputs: VecDeque<walk::Input>,
    pending: VecDeque<LoadEvent>,
    current: Option<open::Events>,
}

impl Iterator for ArticleStream {
    type Item = LoadEvent;

    fn next(&mut self) -> Option<LoadEvent> {
        loop {
            if let Some(event) = self.pending.pop_front() {
                return Some(event);
            }
            if let Some(current) = &mut self.current {
                match current.next() {
                    Some(event) => return Some(event),
                    None => self.current = None,
                }
            }
            if let Some(input) = self.inputs.pop_front() {
                self.current = Some(open::open_input(&input, &self.opts));
                continue;
            }
            let arg = self.args.pop_front()?;
            let mut inputs = Vec::new();
            let mut events = Vec::new();
            walk::expand(&arg, &mut inputs, &mut events);
            self.inputs.extend(inputs);
            self.pending.extend(events);
        }
    }
}

/// The seed files compiled into the binary: (file name, contents). The same article as plain
/// text, JSON and RSS.
pub const BUNDLED_SEED_FILES: &[(&str, &str)] = &[
    (
        "000_3c23b7db6eabfe86.txt",
        include_str!("../../seeds/000_3c23b7db6eabfe86.txt"),
    ),
    (
        "000_3c23b7db6eabfe86.json",
        include_str!("../../seeds/000_3c23b7db6eabfe86.json"),
    ),
    (
        "000_3c23b7db6eabfe86.rss",
        include_str!("../../seeds/000_3c23b7db6eabfe86.rss"),
    ),
];

/// The sample articles bundled into the binary (from `seeds/`): the seed article, once.
pub fn bundled_seeds() -> Vec<Article> {
    let (name, text) = BUNDLED_SEED_FILES[0];
    let stem = name.trim_end_matches(".txt");
    vec![finish(plain::parse(text, stem, &format!("seeds/{name}")))]
}

/// Parse one bundled seed file by name with the loader for its format (for tests and demos).
pub fn parse_bundled(name: &str, text: &str) -> Vec<Result<Article, String>> {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let source = format!("seeds/{name}");
    match ext {
        "json" => json::parse_document(text, &source, stem),
        "rss" | "xml" | "atom" => feed::parse(text.as_bytes(), &source, stem),
        _ => vec![Ok(finish(plain::parse(text, stem, &source)))],
    }
}

/// Final touches shared by all loaders: the direction hint from the text.
pub(crate) fn finish(mut article: Article) -> Article {
    if article.direction.is_none() {
        let sample = if article.title.is_empty() {
            article.paragraphs.first().map(String::as_str).unwrap_or("")
        } else {
            article.title.as_str()
        };
        article.direction = match unicode_bidi::get_base_direction(sample) {
            unicode_bidi::Direction::Rtl => Some(Direction::Rtl),
            unicode_bidi::Direction::Ltr => Some(Direction::Ltr),
            unicode_bidi::Direction::Mixed => None,
        };
    }
    article
}

/// A short, lower-case reason for an I/O error (without "os error N").
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "no such file or folder".to_string(),
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}
