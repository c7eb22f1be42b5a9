//! Analysis of an article: quotes, their speakers, and named entities.
//!
//! Pure library: no terminal code. Locations are code-point (Unicode scalar value) offsets within
//! a block of [`Article::blocks`] (block 0 is the title).
//!
//! PINNED API (used by the UI, the CLI and the library index; keep these names and shapes stable):
//! [`analyze`], [`Analysis`], [`Quote`], [`QuoteKind`], [`Entity`], [`EntityType`], [`Mention`].

/// Revision of what analysis finds, for caches of its results: raise it whenever a change can
/// alter the quotes, speakers or entities found in some article (2: speakers before a colon;
/// 4: more mentions per entity, names in lists, HTML character references in JSON text decoded).
pub const REVISION: u32 = 4;

pub mod cues;
pub mod entities;
pub mod gazetteer;
pub mod ner;
pub mod normalize;
pub mod quotes;
pub mod speakers;

use serde::{Deserialize, Serialize};

use crate::article::Article;

/// Named entity type, as in ANERcorp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityType {
    PER,
    ORG,
    LOC,
    MISC,
}

/// A span of text in one block of the article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub text: String,
    pub paragraph: usize,
    /// Start offset in code points within the block.
    pub start: usize,
    /// End offset (exclusive) in code points within the block.
    pub end: usize,
}

/// One entity with every mention of it in the article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// The fullest form in the article.
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub mentions: Vec<Mention>,
}

/// What kind of quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    Direct,
    Partial,
    Scare,
}

/// A quotation with its speaker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The exact text between the marks, surrounding spaces removed (a newline where it runs over
    /// a paragraph break).
    pub text: String,
    /// Block of the opening mark's content.
    pub paragraph: usize,
    /// Start offset (code points) of the text in `paragraph`.
    pub start: usize,
    /// Block where the text ends (equal to `paragraph` unless it runs over a break).
    pub end_paragraph: usize,
    /// End offset (exclusive, code points) of the text in `end_paragraph`.
    pub end: usize,
    pub kind: QuoteKind,
    /// Canonical speaker name (fullest form), if any.
    pub speaker: Option<String>,
    /// The surface mention nearest the quote that names the speaker.
    pub speaker_mention: Option<String>,
    /// Where that mention is, when it is in the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_location: Option<Mention>,
    /// Which attribution rule decided (for "why" in the reader).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

/// Everything the analysis finds in one article.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Analysis {
    pub quotes: Vec<Quote>,
    pub entities: Vec<Entity>,
}

/// Analyse one article: entities first (once), then quotes and their speakers, which use them.
pub fn analyze(article: &Article) -> Analysis {
    let blocks = article.blocks();
    let entities = entities::recognize(&blocks);
    let spans = quotes::find_spans(&blocks);
    let quotes = speakers::attribute(&blocks, &spans, &entities);
    Analysis { quotes, entities }
}
