//! `khabar extract`: one JSON record per article with its quotes and entities.
//!
//! Streams: articles are loaded lazily on one thread and analysed in parallel in chunks on all
//! cores; output keeps input order. Errors go to stderr, one line each; exit code 1 if any
//! input failed. A closed stdout (e.g. `| head`) ends quietly with exit code 0.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use rayon::prelude::*;
use serde::Serialize;

use super::safe_output::{json_terminal_safe, message_terminal_safe};
use crate::analysis::{self, Entity, Quote};
use crate::article::{self, Article, LoadEvent, LoadOptions};

/// Output shape of `khabar extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// One JSON object per line.
    Jsonl,
    /// One JSON array of objects.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: OutputFormat,
    /// Refuse files larger than this many bytes (default 64 MiB).
    #[arg(long)]
    pub max_file_size: Option<u64>,
    /// Files, folders, or `-` for stdin (default: the bundled seed articles).
    pub paths: Vec<PathBuf>,
}

/// The output record: the article and its analysis, in the schema of the eval README.
#[derive(Debug, Serialize)]
pub struct Record<'a> {
    pub id: &'a str,
    pub title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead: Option<&'a str>,
    pub paragraphs: &'a [String],
    pub source: &'a str,
    pub quotes: Vec<Quote>,
    pub entities: Vec<Entity>,
}

pub fn record(article: &Article) -> Record<'_> {
    let analysis = analysis::analyze(article);
    Record {
        id: &article.id,
        title: &article.title,
        lead: article.lead.as_deref(),
        paragraphs: &article.paragraphs,
        source: &article.source,
        quotes: analysis.quotes,
        entities: analysis.entities,
    }
}

/// Articles analysed together on all cores before their output is written in order.
const CHUNK: usize = 256;

/// What one loaded event becomes on output.
enum Output {
    Record(Vec<u8>),
    Warning(String),
    Error(String),
}

fn render(event: LoadEvent) -> Output {
    match event {
        LoadEvent::Article(a) => match serde_json::to_vec(&record(&a)) {
            Ok(bytes) => Output::Record(json_terminal_safe(bytes)),
            Err(e) => Output::Error(format!("{}: cannot write JSON: {e}", a.source)),
        },
        LoadEvent::Warning(w) => Output::Warning(message_terminal_safe(&w)),
        LoadEvent::Error(e) => Output::Error(message_terminal_safe(&e.to_string())),
    }
}

pub fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    crate::allocator::tune_for_batch();
    let mut opts = LoadOptions::default();
    if let Some(cap) = args.max_file_size {
        opts.max_file_size = cap;
    }
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<LoadEvent>>(2);
    let paths = args.paths;
    let producer = std::thread::spawn(move || {
        let events: Box<dyn Iterator<Item = LoadEvent>> = if paths.is_empty() {
            Box::new(article::bundled_seeds().into_iter().map(LoadEvent::Article))
        } else {
            Box::new(article::stream_paths(&paths, &opts))
        };
        let mut chunk = Vec::with_capacity(CHUNK);
        for event in events {
            chunk.push(event);
            if chunk.len() >= CHUNK && tx.send(std::mem::take(&mut chunk)).is_err() {
                return;
            }
        }
        if !chunk.is_empty() {
            let _ = tx.send(chunk);
        }
    });
    let result = write_all(rx, args.format);
    // When stdout closed early the producer sees the channel closed and stops.
    let _ = producer.join();
    match result {
        Ok(failed) => Ok(if failed {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e.into()),
    }
}

/// Write every chunk's records in order; returns whether any input failed.
fn write_all(
    rx: std::sync::mpsc::Receiver<Vec<LoadEvent>>,
    format: OutputFormat,
) -> std::io::Result<bool> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut failed = false;
    let mut first = true;
    if format == OutputFormat::Json {
        out.write_all(b"[")?;
    }
    for chunk in rx {
        let outputs: Vec<Output> = chunk.into_par_iter().map(render).collect();
        for output in outputs {
            match output {
                Output::Record(bytes) => {
                    match format {
                        OutputFormat::Jsonl => {
                            out.write_all(&bytes)?;
                            out.write_all(b"\n")?;
                        }
                        OutputFormat::Json => {
                            out.write_all(if first { b"\n" } else { b",\n" })?;
                            out.write_all(&bytes)?;
                        }
                    }
                    first = false;
                }
                Output::Warning(w) => eprintln!("khabar: warning: {w}"),
                Output::Error(e) => {
                    // Keep stdout and stderr in a sensible order for a terminal.
                    out.flush()?;
                    eprintln!("khabar: {e}");
                    failed = true;
                }
            }
        }
    }
    if format == OutputFormat::Json {
        out.write_all(if first { b"]\n" } else { b"\n]\n" })?;
    }
    out.flush()?;
    Ok(failed)
}
