//! `khabar extract`. PLACEHOLDER until its issue lands.

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {}

pub fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("`khabar extract` is not built yet")
}
