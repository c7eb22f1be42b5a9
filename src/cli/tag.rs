//! `khabar tag`: read CoNLL on stdin (first column the token, blank lines between sentences) and
//! write `token<TAB>tag` lines, blank lines kept, tagged by the shipped named-entity model.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use anyhow::Context;

use crate::analysis::ner::{self, model::Model, tags::TAG_NAMES};

#[derive(Debug, clap::Args)]
pub struct TagArgs {
    /// Use this model file instead of the shipped one (as written by `khabar train --out`).
    #[arg(long)]
    pub model: Option<std::path::PathBuf>,
    /// How many consecutive sentences count as one document (names are propagated within it).
    /// (Chosen on a held-out tenth of the training split.)
    #[arg(long, default_value_t = 60)]
    pub window: usize,
}

pub fn run(args: TagArgs) -> anyhow::Result<ExitCode> {
    let loaded = match &args.model {
        Some(p) => Some(Model::from_bytes(
            &std::fs::read(p).with_context(|| format!("reading {}", p.display()))?,
        )?),
        None => None,
    };
    let model = loaded.as_ref().unwrap_or_else(|| ner::shipped_model());
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // Sentences are tagged in windows of `args.window` sentences, treated as one document
    // (names found in one sentence are propagated to repeats in the others).
    let mut sent: Vec<String> = Vec::new();
    // Each pending item: a sentence's tokens, and how many blank lines followed it.
    let mut pending: Vec<(Vec<String>, usize)> = Vec::new();
    let mut leading_blanks = 0usize;
    let window = args.window.max(1);
    let flush_doc =
        |pending: &mut Vec<(Vec<String>, usize)>, out: &mut dyn Write| -> std::io::Result<()> {
            let sents: Vec<Vec<&str>> = pending
                .iter()
                .map(|(s, _)| s.iter().map(String::as_str).collect())
                .collect();
            let tags = ner::tag_document_with(model, &sents);
            for ((toks, blanks), ts) in pending.iter().zip(tags) {
                for (t, y) in toks.iter().zip(ts) {
                    writeln!(out, "{t}\t{}", TAG_NAMES[y])?;
                }
                for _ in 0..*blanks {
                    writeln!(out)?;
                }
            }
            pending.clear();
            Ok(())
        };
    for line in stdin.lock().lines() {
        let line = line?;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !sent.is_empty() {
                pending.push((std::mem::take(&mut sent), 1));
                if pending.len() >= window {
                    flush_doc(&mut pending, &mut out)?;
                }
            } else if let Some(last) = pending.last_mut() {
                last.1 += 1;
            } else {
                leading_blanks += 1;
                writeln!(out)?;
            }
            continue;
        }
        let tok = line
            .split('\t')
            .next()
            .and_then(|c| c.split_whitespace().next())
            .unwrap_or("");
        sent.push(tok.to_string());
    }
    if !sent.is_empty() {
        pending.push((sent, 0));
    }
    flush_doc(&mut pending, &mut out)?;
    let _ = leading_blanks;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
