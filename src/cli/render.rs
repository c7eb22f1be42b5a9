//! `khabar render`: lay out text as screen rows, one paragraph per input line.
//!
//! Prints the rows of a W-wide text area: right-to-left rows padded on the left, no row ending in a
//! space, never a control or escape character. Invalid UTF-8 is decoded lossily (U+FFFD) with a
//! warning on stderr.

use std::io::{BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::text::{BaseDirection, ControlPolicy, LayoutOptions, ParagraphLayout};

/// Arguments of `khabar render`.
#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// Width of the text area in cells (default: the terminal width, else $COLUMNS, else 80).
    #[arg(long, short = 'w')]
    pub width: Option<usize>,
    /// Paragraph direction.
    #[arg(long, value_parser = ["auto", "rtl", "ltr", "auto-rtl"], default_value = "auto")]
    pub base: String,
    /// Shape Arabic into presentation forms.
    #[arg(long)]
    pub shape: bool,
    /// Explicit bidi controls: obey then remove (`honor`) or delete first (`strip`).
    #[arg(long, value_parser = ["honor", "strip"], default_value = "honor")]
    pub controls: String,
    /// Input file, or `-` for stdin (the default).
    pub file: Option<PathBuf>,
}

/// Run `khabar render`.
pub fn run(args: RenderArgs) -> anyhow::Result<ExitCode> {
    let opts = LayoutOptions {
        width: args.width.unwrap_or_else(default_width).max(1),
        base: match args.base.as_str() {
            "rtl" => BaseDirection::Rtl,
            "ltr" => BaseDirection::Ltr,
            "auto-rtl" => BaseDirection::AutoRtl,
            _ => BaseDirection::Auto,
        },
        controls: if args.controls == "strip" {
            ControlPolicy::Strip
        } else {
            ControlPolicy::Honor
        },
        shape: args.shape,
    };
    let (bytes, name) = match &args.file {
        Some(p) if p.as_os_str() != "-" => (
            std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?,
            p.display().to_string(),
        ),
        _ => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .context("cannot read stdin")?;
            (buf, "stdin".to_string())
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    if let std::borrow::Cow::Owned(_) = text {
        eprintln!(
            "khabar: warning: {} is not valid UTF-8; invalid bytes shown as U+FFFD",
            super::safe_output::message_terminal_safe(&name)
        );
    }
    let text = if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        text
    };
    let body = text.strip_suffix('\n').unwrap_or(&text);

    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for para in body.split('\n') {
        let mut layout = ParagraphLayout::new(para, opts.base, opts.controls);
        for row in layout.rows(opts.width, opts.shape) {
            out.write_all(row.to_line().as_bytes())?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The terminal width, else `$COLUMNS`, else 80.
fn default_width() -> usize {
    if let Ok((w, _)) = crossterm::terminal::size()
        && w > 0
    {
        return usize::from(w);
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|&w: &usize| w > 0)
        .unwrap_or(80)
}
