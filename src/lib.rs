//! khabar (خبر, "news"): a terminal news reader built for Arabic and other right-to-left news.
//!
//! The crate is a library with a thin binary on top:
//! - [`article`] loads articles from plain text, JSON / JSON Lines, RSS / Atom, folders and stdin;
//! - [`text`] is the right-to-left text engine (sanitise, bidi, wrap, reorder, shape) — pure, no terminal code;
//! - [`analysis`] finds quotes, speakers and named entities — pure, no terminal code;
//! - [`library`] holds many articles: lazy loading, background analysis, index and search;
//! - [`ui`] is the reader (ratatui + crossterm), the only module that touches the terminal;
//! - [`cli`] parses arguments and runs the non-interactive commands.

pub mod allocator;
pub mod analysis;
pub mod article;
pub mod cli;
pub mod library;
pub mod text;
pub mod ui;
