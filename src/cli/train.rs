//! `khabar train`. PLACEHOLDER until its issue lands.

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct TrainArgs {}

pub fn run(args: TrainArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("`khabar train` is not built yet")
}
