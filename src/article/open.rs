//! Reading one input: size caps, transparent gzip, format choice (extension, then content
//! sniffing), and the per-format parsers. JSON Lines is read line by line (streaming).

use std::io::{BufRead, BufReader, Cursor, Read};

use super::decode::{Utf8Policy, decode};
use super::walk::Input;
use super::{LoadError, LoadEvent, LoadOptions, feed, io_reason, json, plain};

/// The formats khabar reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Plain,
    Json,
    JsonLines,
    Feed,
}

/// The stream of events from one input.
pub type Events = Box<dyn Iterator<Item = LoadEvent> + Send>;

type Reader = Box<dyn BufRead + Send>;

const SNIFF_LEN: usize = 8192;

/// Open one input and return its events (articles, warnings, errors), lazily for JSON Lines.
pub fn open_input(input: &Input, opts: &LoadOptions) -> Events {
    let source = input.name();
    match open_inner(input, opts, &source) {
        Ok(events) => events,
        Err(reason) => one(LoadEvent::Error(LoadError { source, reason })),
    }
}

fn one(event: LoadEvent) -> Events {
    Box::new(std::iter::once(event))
}

fn open_inner(input: &Input, opts: &LoadOptions, source: &str) -> Result<Events, String> {
    let (raw, name): (Box<dyn Read + Send>, String) = match input {
        Input::Stdin => (Box::new(std::io::stdin()), String::new()),
        Input::File(path) => {
            let meta = std::fs::metadata(path).map_err(|e| io_reason(&e))?;
            if meta.is_dir() {
                return Err("is a folder".to_string());
            }
            if meta.len() > opts.max_file_size {
                return Err(format!(
                    "file is {} bytes, over the size cap of {} bytes",
                    meta.len(),
                    opts.max_file_size
                ));
            }
            let file =
                std::fs::File::open(path).map_err(|e| format!("cannot open: {}", io_reason(&e)))?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            // Even a file whose size was checked can grow while we read it: cap the read too.
            (
                Box::new(file.take(opts.max_file_size.saturating_add(1))),
                name,
            )
        }
    };
    let lower = name.to_ascii_lowercase();
    let (prefix, raw) = sniff(raw)?;
    let gzipped = prefix.starts_with(&[0x1f, 0x8b]);
    let inner_name = lower.strip_suffix(".gz").unwrap_or(&lower).to_string();
    let (prefix, reader): (Vec<u8>, Reader) = if gzipped {
        let decoder = flate2::read::MultiGzDecoder::new(Cursor::new(prefix).chain(raw));
        let capped = CappedRead {
            inner: decoder,
            left: opts.max_decompressed_size,
            cap: opts.max_decompressed_size,
        };
        let (prefix, rest) = sniff(Box::new(capped))?;
        let reader = BufReader::new(Cursor::new(prefix.clone()).chain(rest));
        (prefix, Box::new(reader))
    } else {
        (
            prefix.clone(),
            Box::new(BufReader::new(Cursor::new(prefix).chain(raw))),
        )
    };
    let stem = stem_of(&inner_name, input);
    let (format, sniffed) = match extension_format(&inner_name) {
        Some(f) => (f, false),
        None => (sniff_format(&prefix), true),
    };
    if format == Format::JsonLines {
        return Ok(Box::new(JsonLinesReader {
            reader,
            source: source.to_string(),
            stem,
            line_no: 0,
            offset: 0,
            index: 0,
            max_line: opts.max_file_size,
            done: false,
            sniffed,
            opts: opts.clone(),
            empty: true,
            pending: Vec::new().into_iter(),
        }));
    }
    let bytes = read_all(reader, opts.max_file_size)?;
    Ok(Box::new(
        parse_whole(format, &bytes, source, &stem).into_iter(),
    ))
}

/// Parse a whole (non-streamed) document into events.
fn parse_whole(format: Format, bytes: &[u8], source: &str, stem: &str) -> Vec<LoadEvent> {
    let mut events = Vec::new();
    let error = |reason: String| {
        LoadEvent::Error(LoadError {
            source: source.to_string(),
            reason,
        })
    };
    let policy = if matches!(format, Format::Json | Format::JsonLines) {
        Utf8Policy::Strict
    } else {
        Utf8Policy::Lossy
    };
    // Feeds that declare another encoding are handed to the XML parser as bytes.
    if format == Format::Feed && declares_other_encoding(bytes) && !bytes.contains(&0) {
        return outcomes(feed::parse(bytes, source, stem), source);
    }
    let decoded = match decode(bytes, policy) {
        Ok(d) => d,
        Err(reason) => return vec![error(reason)],
    };
    if let Some(w) = decoded.warning {
        events.push(LoadEvent::Warning(format!("{source}: {w}")));
    }
    let text = decoded.text.as_ref();
    let results = match format {
        Format::Plain => vec![Ok(super::finish(plain::parse(text, stem, source)))],
        Format::Json | Format::JsonLines => json::parse_document(text, source, stem),
        Format::Feed => feed::parse(text.as_bytes(), source, stem),
    };
    events.extend(outcomes(results, source));
    events
}

fn outcomes(results: Vec<Result<super::Article, String>>, source: &str) -> Vec<LoadEvent> {
    results
        .into_iter()
        .map(|r| match r {
            Ok(a) => LoadEvent::Article(a),
            Err(reason)
                if reason.starts_with("record ") && reason.ends_with(json::EMPTY_RECORD) =>
            {
                LoadEvent::Warning(format!("{source}: {reason}, skipped"))
            }
            Err(reason) => LoadEvent::Error(LoadError {
                source: source.to_string(),
                reason,
            }),
        })
        .collect()
}

fn declares_other_encoding(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(200)];
    let Some(end) = head.windows(2).position(|w| w == b"?>") else {
        return false;
    };
    let decl = String::from_utf8_lossy(&head[..end]).to_ascii_lowercase();
    if !decl.starts_with("<?xml") {
        return false;
    }
    match decl.split_once("encoding") {
        Some((_, rest)) => {
            let value: String = rest
                .trim_start_matches([' ', '='])
                .trim_start_matches(['"', '\''])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            !value.is_empty() && value != "utf-8" && value != "utf8"
        }
        None => false,
    }
}

fn stem_of(inner_name: &str, input: &Input) -> String {
    match input {
        Input::Stdin => "stdin".to_string(),
        Input::File(path) => {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let name = if name.to_ascii_lowercase().ends_with(".gz") {
                name[..name.len() - 3].to_string()
            } else {
                name
            };
            let _ = inner_name;
            match name.rsplit_once('.') {
                Some((stem, _)) if !stem.is_empty() => stem.to_string(),
                _ => name,
            }
        }
    }
}

/// The format named by a (lower-case, `.gz`-stripped) file name's extension.
pub fn extension_format(name: &str) -> Option<Format> {
    let (_, ext) = name.rsplit_once('.')?;
    match ext {
        "txt" | "text" => Some(Format::Plain),
        "json" => Some(Format::Json),
        "jsonl" | "ndjson" => Some(Format::JsonLines),
        "rss" | "atom" | "xml" => Some(Format::Feed),
        _ => None,
    }
}

/// Guess the format from the first bytes.
pub fn sniff_format(prefix: &[u8]) -> Format {
    let body = prefix.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(prefix);
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    match first {
        Some(b'<') => Format::Feed,
        Some(b'[') => Format::Json,
        Some(b'{') => Format::JsonLines,
        _ => Format::Plain,
    }
}

/// Read up to [`SNIFF_LEN`] bytes, returning them and the rest of the stream.
fn sniff(mut raw: Box<dyn Read + Send>) -> Result<(Vec<u8>, Box<dyn Read + Send>), String> {
    let mut prefix = vec![0u8; SNIFF_LEN];
    let mut filled = 0;
    while filled < SNIFF_LEN {
        match raw.read(&mut prefix[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(read_reason(&e)),
        }
    }
    prefix.truncate(filled);
    Ok((prefix, raw))
}

fn read_all(mut reader: Reader, cap: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    reader
        .by_ref()
        .take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| read_reason(&e))?;
    if bytes.len() as u64 > cap {
        return Err(format!("content is over the size cap of {cap} bytes"));
    }
    Ok(bytes)
}

fn read_reason(e: &std::io::Error) -> String {
    if let Some(inner) = e.get_ref().and_then(|i| i.downcast_ref::<CapExceeded>()) {
        return format!("decompressed size is over the cap of {} bytes", inner.0);
    }
    if e.kind() == std::io::ErrorKind::InvalidInput || e.kind() == std::io::ErrorKind::InvalidData {
        return format!("cannot read (corrupt gzip data?): {e}");
    }
    format!("cannot read: {}", io_reason(e))
}

#[derive(Debug)]
struct CapExceeded(u64);

impl std::fmt::Display for CapExceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "decompressed size is over the cap of {} bytes", self.0)
    }
}

impl std::error::Error for CapExceeded {}

/// A reader that fails once more than `cap` bytes came out of it (gzip bombs).
struct CappedRead<R> {
    inner: R,
    left: u64,
    cap: u64,
}

impl<R: Read> Read for CappedRead<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > self.left {
            return Err(std::io::Error::other(CapExceeded(self.cap)));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// JSON Lines, one record per line, read lazily. When the format was only sniffed and the first
/// line is not a complete JSON value, the input is a pretty-printed JSON document instead.
struct JsonLinesReader {
    reader: Reader,
    source: String,
    stem: String,
    line_no: usize,
    offset: u64,
    index: usize,
    max_line: u64,
    done: bool,
    sniffed: bool,
    opts: LoadOptions,
    empty: bool,
    pending: std::vec::IntoIter<LoadEvent>,
}

impl JsonLinesReader {
    fn error(&self, reason: String) -> LoadEvent {
        LoadEvent::Error(LoadError {
            source: self.source.clone(),
            reason,
        })
    }
}

impl Iterator for JsonLinesReader {
    type Item = LoadEvent;

    fn next(&mut self) -> Option<LoadEvent> {
        if let Some(ev) = self.pending.next() {
            return Some(ev);
        }
        let mut buf = Vec::new();
        loop {
            if self.done {
                return None;
            }
            buf.clear();
            let read = (&mut self.reader)
                .take(self.max_line.saturating_add(1))
                .read_until(b'\n', &mut buf);
            match read {
                Ok(0) => {
                    self.done = true;
                    if self.empty {
                        return Some(self.error("empty file".to_string()));
                    }
                    return None;
                }
                Ok(n) => {
                    if n as u64 > self.max_line && !buf.ends_with(b"\n") {
                        self.done = true;
                        return Some(self.error(format!(
                            "line {} is over the size cap of {} bytes",
                            self.line_no + 1,
                            self.max_line
                        )));
                    }
                }
                Err(e) => {
                    self.done = true;
                    return Some(self.error(read_reason(&e)));
                }
            }
            self.line_no += 1;
            let line_offset = self.offset;
            self.offset += buf.len() as u64;
            let mut bytes = buf.as_slice();
            if self.line_no == 1 {
                bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
            }
            if bytes.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            let first_line = self.empty;
            self.empty = false;
            if first_line
                && (bytes.starts_with(&[0xFF, 0xFE])
                    || bytes.starts_with(&[0xFE, 0xFF])
                    || bytes.contains(&0))
            {
                // UTF-16 or binary: handle as a whole document for a clear message.
                let mut all = buf.clone();
                match read_all(
                    std::mem::replace(&mut self.reader, Box::new(Cursor::new(Vec::new()))),
                    self.opts.max_file_size,
                ) {
                    Ok(rest) => all.extend(rest),
                    Err(reason) => {
                        self.done = true;
                        return Some(self.error(reason));
                    }
                }
                self.done = true;
                self.pending =
                    parse_whole(Format::Json, &all, &self.source, &self.stem).into_iter();
                return self.pending.next();
            }
            let text = match std::str::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    return Some(self.error(format!(
                        "line {}: invalid UTF-8 at byte offset {}",
                        self.line_no,
                        line_offset + e.valid_up_to() as u64 + (buf.len() - bytes.len()) as u64
                    )));
                }
            };
            let incomplete = first_line
                && self.sniffed
                && serde_json::from_str::<serde::de::IgnoredAny>(text).is_err_and(|e| e.is_eof());
            if incomplete {
                // A multi-line JSON document: read it whole.
                let mut all = buf.clone();
                let rest = std::mem::replace(&mut self.reader, Box::new(Cursor::new(Vec::new())));
                self.done = true;
                match read_all(rest, self.opts.max_file_size) {
                    Ok(rest) => all.extend(rest),
                    Err(reason) => return Some(self.error(reason)),
                }
                self.pending =
                    parse_whole(Format::Json, &all, &self.source, &self.stem).into_iter();
                return self.pending.next();
            }
            self.index += 1;
            let outcome = json::parse_line(
                text.trim(),
                self.line_no,
                self.index,
                &self.source,
                &self.stem,
            );
            return Some(match outcome {
                Ok(a) => LoadEvent::Article(a),
                Err(reason) if reason.ends_with(json::EMPTY_RECORD) => {
                    LoadEvent::Warning(format!("{}: {reason}, skipped", self.source))
                }
                Err(reason) => self.error(reason),
            });
        }
    }
}
