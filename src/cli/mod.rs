//! Command-line interface: argument parsing and the non-interactive commands.
//! Never imports the UI beyond calling [`crate::ui::run`] for the reader.

mod extract;
mod render;
pub mod safe_output;
mod tag;
mod train;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// khabar — a terminal news reader for Arabic and other right-to-left news.
#[derive(Debug, Parser)]
#[command(
    name = "khabar",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Articles to open: files, folders, or `-` for stdin (default: the bundled seed articles).
    pub paths: Vec<PathBuf>,
    /// Shape Arabic into presentation forms (for terminals that do not shape).
    #[arg(long, overrides_with = "no_shape")]
    pub shape: bool,
    /// Do not shape Arabic.
    #[arg(long)]
    pub no_shape: bool,
    /// Who reorders bidirectional text: khabar (`app`) or the terminal (`terminal`).
    #[arg(long, value_parser = ["app", "terminal"])]
    pub bidi: Option<String>,
    /// Config file (default: $XDG_CONFIG_HOME/khabar/config.toml).
    #[arg(long)]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lay out text as screen rows (each input line is a paragraph).
    Render(render::RenderArgs),
    /// Print each article with its quotes and entities as JSON.
    Extract(extract::ExtractArgs),
    /// Tag CoNLL tokens on stdin with named-entity tags.
    Tag(tag::TagArgs),
    /// Train the named-entity model from a CoNLL file.
    Train(train::TrainArgs),
}

/// Entry point of the binary: parse, run, map errors to one line on stderr and an exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Render(args)) => render::run(args),
        Some(Command::Extract(args)) => extract::run(args),
        Some(Command::Tag(args)) => tag::run(args),
        Some(Command::Train(args)) => train::run(args),
        None => {
            let opts = crate::ui::ReaderOptions {
                paths: cli.paths,
                shape: if cli.shape {
                    Some(true)
                } else if cli.no_shape {
                    Some(false)
                } else {
                    None
                },
                bidi_terminal: cli.bidi.as_deref().map(|b| b == "terminal"),
                config: cli.config,
            };
            crate::ui::run(opts).map(|()| ExitCode::SUCCESS)
        }
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!(
                "khabar: {}",
                safe_output::message_terminal_safe(&format!("{err:#}"))
            );
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
