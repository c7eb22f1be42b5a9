//! The article store: a cheap scan of each input recording where every article is, and lazy parsing.
//!
//! JSON Lines files (optionally `.gz`) give one article per line; any other file is one plain-text
//! article. Plain files and `.jsonl` are re-read from disk on demand (only byte offsets are kept);
//! a `.gz` file is decompressed once and its bytes kept, since gzip cannot be read at an offset.

use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::article::{Article, plain};

/// Where one article's bytes are.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Index into the store's sources.
    pub source: u32,
    /// Byte offset of the record in the (decompressed) source.
    pub offset: u64,
    /// Byte length of the record.
    pub len: u32,
    /// The title, read during the scan for the listing.
    pub title: String,
}

/// One input file.
#[derive(Debug)]
pub struct Source {
    pub path: PathBuf,
    /// JSON Lines (one article per line) rather than one plain article.
    pub jsonl: bool,
    /// Decompressed bytes, for gzip inputs only.
    pub bytes: Option<Vec<u8>>,
}

#[derive(Deserialize)]
struct Head {
    #[serde(default)]
    title: String,
}

#[derive(Deserialize)]
struct Record {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    lead: Option<String>,
    #[serde(default)]
    paragraphs: Vec<String>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    source: Option<String>,
}

fn is_gz(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "gz")
}

fn is_jsonl(path: &Path) -> bool {
    let name = path.to_string_lossy();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.ends_with(".jsonl") || name.ends_with(".ndjson")
}

/// Scan one file, calling `push` for every article found. Errors are returned as one line.
pub fn scan(path: &Path, source: u32, push: &mut dyn FnMut(Entry)) -> Result<Source, String> {
    let jsonl = is_jsonl(path);
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if !jsonl {
        let mut text = String::new();
        let mut bytes = Vec::new();
        BufReader::new(file)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        text.push_str(&String::from_utf8_lossy(&bytes));
        let art = plain::parse(&text, "", "");
        let bytes_kept = if is_gz(path) { Some(bytes) } else { None };
        push(Entry {
            source,
            offset: 0,
            len: u32::MAX,
            title: art.title,
        });
        return Ok(Source {
            path: path.to_path_buf(),
            jsonl,
            bytes: bytes_kept,
        });
    }
    let mut scan_lines = |reader: &mut dyn BufRead| -> Result<(), String> {
        let mut line = Vec::new();
        let mut offset = 0u64;
        loop {
            line.clear();
            let n = reader
                .read_until(b'\n', &mut line)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            if n == 0 {
                break;
            }
            if line.iter().any(|b| !b.is_ascii_whitespace()) {
                let title = serde_json::from_slice::<Head>(&line)
                    .map(|h| h.title)
                    .unwrap_or_default();
                push(Entry {
                    source,
                    offset,
                    len: u32::try_from(n).unwrap_or(u32::MAX),
                    title,
                });
            }
            offset += n as u64;
        }
        Ok(())
    };
    if is_gz(path) {
        let mut bytes = Vec::new();
        flate2::read::MultiGzDecoder::new(BufReader::new(file))
            .read_to_end(&mut bytes)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        scan_lines(&mut &bytes[..])?;
        Ok(Source {
            path: path.to_path_buf(),
            jsonl,
            bytes: Some(bytes),
        })
    } else {
        scan_lines(&mut BufReader::with_capacity(1 << 16, file))?;
        Ok(Source {
            path: path.to_path_buf(),
            jsonl,
            bytes: None,
        })
    }
}

/// Parse the article at `entry` (re-reading it from its source). `index` is its position in the library.
pub fn load(src: &Source, entry: &Entry, index: usize) -> Result<Article, String> {
    let source_name = src.path.to_string_lossy().into_owned();
    let raw: Vec<u8> = match (&src.bytes, src.jsonl) {
        (Some(b), true) => {
            let start = usize::try_from(entry.offset).map_err(|e| e.to_string())?;
            let end = start.saturating_add(entry.len as usize).min(b.len());
            b.get(start..end).unwrap_or_default().to_vec()
        }
        (Some(b), false) => b.clone(),
        (None, true) => {
            let mut f = std::fs::File::open(&src.path).map_err(|e| e.to_string())?;
            f.seek(SeekFrom::Start(entry.offset))
                .map_err(|e| e.to_string())?;
            let mut buf = vec![0; entry.len as usize];
            f.read_exact(&mut buf).map_err(|e| e.to_string())?;
            buf
        }
        (None, false) => std::fs::read(&src.path).map_err(|e| e.to_string())?,
    };
    if !src.jsonl {
        let id = src
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Ok(plain::parse(
            &String::from_utf8_lossy(&raw),
            &id,
            &source_name,
        ));
    }
    let rec: Record = serde_json::from_slice(&raw).map_err(|e| format!("{source_name}: {e}"))?;
    let mut paragraphs = rec.paragraphs;
    if paragraphs.is_empty()
        && let Some(body) = rec.body
    {
        paragraphs = body
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(String::from)
            .collect();
    }
    let id = match rec.id {
        Some(serde_json::Value::String(s)) => s,
        Some(v) => v.to_string(),
        None => format!("{index}"),
    };
    Ok(Article {
        id,
        title: rec.title,
        lead: rec.lead,
        paragraphs,
        source: source_name,
        url: rec.url,
        date: rec.date,
        outlet: rec.source,
        direction: None,
    })
}
