//! `khabar tag`. PLACEHOLDER until its issue lands.

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct TagArgs {}

pub fn run(args: TagArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("`khabar tag` is not built yet")
}
