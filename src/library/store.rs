//! The article store: a scan of each input recording where every article is, and lazy parsing.
//!
//! JSON Lines files (also `.jsonl.gz`) are scanned line by line; only each record's place and its
//! listing fields are kept, and the record is parsed again, with the loaders' own JSON Lines
//! parser, when it is opened. A gzip file's text is kept re-compressed in blocks
//! ([`super::chunks`]), since gzip cannot be read at an offset. A file holding one article (plain text, a JSON object) is re-read when opened.
//! Articles of other multi-article files (JSON arrays, feeds) and of stdin are kept as read.

use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Arc;

use crate::analysis::normalize::normalize;
use crate::article::walk::Input;
use crate::article::{Article, LoadEvent, LoadOptions, json, open};

/// What the library list shows of an article, read once during the scan.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub id: String,
    pub title: String,
    pub outlet: Option<String>,
    pub date: Option<String>,
    /// Whether the title reads right to left (mostly Arabic or Hebrew letters).
    pub rtl: bool,
    /// Normalised title and outlet, for filtering.
    pub key: String,
}

impl Listing {
    /// The listing of an article.
    pub fn of(a: &Article) -> Listing {
        let mut key = normalize(&a.title);
        if let Some(o) = &a.outlet {
            key.push('\u{1f}');
            key.push_str(&normalize(o));
        }
        Listing {
            id: a.id.clone(),
            title: a.title.clone(),
            outlet: a.outlet.clone(),
            date: a.date.clone(),
            rtl: reads_rtl(&a.title),
            key,
        }
    }
}

/// Whether right-to-left letters outnumber other letters.
pub fn reads_rtl(text: &str) -> bool {
    let (mut rtl, mut ltr) = (0usize, 0usize);
    for c in text.chars() {
        if matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
        {
            rtl += 1;
        } else if c.is_alphabetic() {
            ltr += 1;
        }
    }
    rtl > ltr
}

/// Where one article is.
#[derive(Debug, Clone)]
pub enum Place {
    /// A JSON Lines record: byte offset and length of its line, its line number and record number
    /// (both 1-based, as the loader counts them).
    Line {
        offset: u64,
        len: u32,
        line_no: u32,
        index: u32,
    },
    /// The only article of a file, read again when opened.
    File,
    /// An article kept in memory.
    Kept(Arc<Article>),
}

/// One article of the library.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Index into the store's sources.
    pub source: u32,
    pub place: Place,
    pub listing: Listing,
}

/// One input.
#[derive(Debug)]
pub struct Source {
    pub input: Input,
    /// The text of a gzipped JSON Lines file.
    pub bytes: Option<super::chunks::Chunks>,
}

impl Source {
    /// A source whose articles are all kept in memory.
    pub fn memory() -> Source {
        Source {
            input: Input::Stdin,
            bytes: None,
        }
    }
}

fn is_jsonl(path: &Path) -> bool {
    let name = path.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.ends_with(".jsonl") || name.ends_with(".ndjson")
}

fn stem_of(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = match name.to_ascii_lowercase().strip_suffix(".gz") {
        Some(s) => name[..s.len()].to_string(),
        None => name,
    };
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => name,
    }
}

/// Scan one input, calling `push` for every article and `problem` for every one-line error or
/// warning (naming the input).
pub fn scan(
    input: Input,
    source: u32,
    opts: &LoadOptions,
    push: &mut dyn FnMut(Entry),
    problem: &mut dyn FnMut(String),
) -> Source {
    if let Input::File(path) = &input
        && is_jsonl(path)
    {
        let bytes = scan_lines(path, source, opts, push, problem);
        return Source { input, bytes };
    }
    let mut articles = Vec::new();
    for event in open::open_input(&input, opts) {
        match event {
            LoadEvent::Article(a) => articles.push(a),
            LoadEvent::Warning(w) => problem(w),
            LoadEvent::Error(e) => problem(e.to_string()),
        }
    }
    let reread = matches!(input, Input::File(_)) && articles.len() == 1;
    for a in articles {
        let listing = Listing::of(&a);
        let place = if reread {
            Place::File
        } else {
            Place::Kept(Arc::new(a))
        };
        push(Entry {
            source,
            place,
            listing,
        });
    }
    Source { input, bytes: None }
}

/// Scan a JSON Lines file; returns the text of a gzipped one.
fn scan_lines(
    path: &Path,
    source: u32,
    opts: &LoadOptions,
    push: &mut dyn FnMut(Entry),
    problem: &mut dyn FnMut(String),
) -> Option<super::chunks::Chunks> {
    let name = path.to_string_lossy().into_owned();
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            problem(format!("{name}: cannot open: {e}"));
            return None;
        }
    };
    let gz = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    // A gzip file is decompressed as it is scanned (titles appear at once), and its bytes kept.
    let cap = opts.max_decompressed_size;
    let mut kept = gz.then(super::chunks::Chunks::default);
    let stem = stem_of(path);
    let mut reader: Box<dyn BufRead> = if gz {
        Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::read::MultiGzDecoder::new(BufReader::new(file)).take(cap.saturating_add(1)),
        ))
    } else {
        Box::new(BufReader::with_capacity(1 << 16, file))
    };
    let (mut line, mut offset, mut line_no, mut index) = (Vec::new(), 0u64, 0u32, 0u32);
    let mut any = false;
    loop {
        line.clear();
        let n = match reader
            .by_ref()
            .take(opts.max_file_size.saturating_add(1))
            .read_until(b'\n', &mut line)
        {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if gz => {
                problem(format!("{name}: cannot read (corrupt gzip data?): {e}"));
                break;
            }
            Err(e) => {
                problem(format!("{name}: cannot read: {e}"));
                break;
            }
        };
        if let Some(k) = &mut kept {
            k.push_line(&line);
            if k.len() > cap {
                problem(format!(
                    "{name}: decompressed size is over the cap of {cap} bytes"
                ));
                break;
            }
        }
        line_no += 1;
        let here = offset;
        offset += n as u64;
        if n as u64 > opts.max_file_size {
            problem(format!(
                "{name}: line {line_no} is over the size cap of {} bytes",
                opts.max_file_size
            ));
            break;
        }
        match parse_record(&line, line_no, index + 1, &name, &stem) {
            Record::Blank => {}
            Record::Article(a) => {
                any = true;
                index += 1;
                push(Entry {
                    source,
                    place: Place::Line {
                        offset: here,
                        len: u32::try_from(n).unwrap_or(u32::MAX),
                        line_no,
                        index,
                    },
                    listing: Listing::of(&a),
                });
            }
            Record::Problem(p) => {
                any = true;
                index += 1;
                problem(p);
            }
        }
    }
    if !any {
        problem(format!("{name}: empty file"));
    }
    if let Some(k) = &mut kept {
        k.finish();
    }
    kept
}

enum Record {
    Blank,
    Article(Article),
    Problem(String),
}

/// One line of a JSON Lines file, exactly as the loader reads it.
fn parse_record(raw: &[u8], line_no: u32, index: u32, name: &str, stem: &str) -> Record {
    let bytes = if line_no == 1 {
        raw.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(raw)
    } else {
        raw
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Record::Blank;
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return Record::Problem(format!(
                "{name}: line {line_no}: invalid UTF-8 at byte {} of the line",
                e.valid_up_to() + (raw.len() - bytes.len())
            ));
        }
    };
    match json::parse_line(text.trim(), line_no as usize, index as usize, name, stem) {
        Ok(a) => Record::Article(a),
        Err(reason) if reason.ends_with(json::EMPTY_RECORD) => {
            Record::Problem(format!("{name}: {reason}, skipped"))
        }
        Err(reason) => Record::Problem(format!("{name}: {reason}")),
    }
}

/// Parse the article at `entry` (re-reading it from its source).
pub fn load(src: &Source, entry: &Entry) -> Result<Article, String> {
    match &entry.place {
        Place::Kept(a) => Ok(Article::clone(a)),
        Place::File => {
            let found =
                open::open_input(&src.input, &LoadOptions::default()).find_map(|e| match e {
                    LoadEvent::Article(a) => Some(Ok(a)),
                    LoadEvent::Error(e) => Some(Err(e.to_string())),
                    LoadEvent::Warning(_) => None,
                });
            found.unwrap_or_else(|| Err(format!("{}: no article any more", src.input.name())))
        }
        Place::Line {
            offset,
            len,
            line_no,
            index,
        } => {
            let Input::File(path) = &src.input else {
                return Err("not a file".to_string());
            };
            let name = path.to_string_lossy();
            let raw: Vec<u8> = match &src.bytes {
                Some(b) => b
                    .get(*offset, *len as usize)
                    .ok_or_else(|| format!("{name}: line {line_no} is gone"))?,
                None => {
                    let mut f = std::fs::File::open(path).map_err(|e| format!("{name}: {e}"))?;
                    f.seek(SeekFrom::Start(*offset))
                        .map_err(|e| format!("{name}: {e}"))?;
                    let mut buf = vec![0; *len as usize];
                    f.read_exact(&mut buf).map_err(|e| format!("{name}: {e}"))?;
                    buf
                }
            };
            match parse_record(&raw, *line_no, *index, &name, &stem_of(path)) {
                Record::Article(a) => Ok(a),
                Record::Problem(p) => Err(p),
                Record::Blank => Err(format!("{name}: line {line_no} is now blank")),
            }
        }
    }
}
