//! `khabar extract`: one JSON record per article with its quotes and entities.
//! MINIMAL VERSION (plain-text files only, sequential); the loaders issue extends it.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use crate::analysis::{self, Entity, Quote};
use crate::article::{self, Article};

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// Files to read.
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

pub fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = false;
    for path in &args.paths {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let id = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let art = article::plain::parse(&text, &id, &path.to_string_lossy());
                serde_json::to_writer(&mut out, &record(&art))?;
                out.write_all(b"\n")?;
            }
            Err(e) => {
                eprintln!("khabar: {}: {e}", path.display());
                failed = true;
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
