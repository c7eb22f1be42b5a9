//! `khabar render`. PLACEHOLDER until its issue lands.

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct RenderArgs {}

pub fn run(args: RenderArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("`khabar render` is not built yet")
}
