//! `khabar tag`: read CoNLL on stdin (first column the token, blank lines between sentences) and
//! write `token<TAB>tag` lines, blank lines kept, tagged by the shipped named-entity model.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use crate::analysis::ner::{self, tags::TAG_NAMES};

#[derive(Debug, clap::Args)]
pub struct TagArgs {}

pub fn run(args: TagArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut sent: Vec<String> = Vec::new();
    let flush = |sent: &mut Vec<String>, out: &mut dyn Write| -> std::io::Result<()> {
        if sent.is_empty() {
            return Ok(());
        }
        let toks: Vec<&str> = sent.iter().map(String::as_str).collect();
        let tags = ner::tag(&toks);
        for (t, y) in toks.iter().zip(tags) {
            writeln!(out, "{t}\t{}", TAG_NAMES[y])?;
        }
        sent.clear();
        Ok(())
    };
    for line in stdin.lock().lines() {
        let line = line?;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush(&mut sent, &mut out)?;
            writeln!(out)?;
            continue;
        }
        let tok = line
            .split('\t')
            .next()
            .and_then(|c| c.split_whitespace().next())
            .unwrap_or("");
        sent.push(tok.to_string());
    }
    flush(&mut sent, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
