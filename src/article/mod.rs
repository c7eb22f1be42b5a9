//! Articles and the loaders that read them from every ordinary source.
//!
//! The model is deliberately small: a title, an optional lead and paragraphs, plus where the
//! article came from. Analysis offsets refer to [`Article::blocks`]: block 0 is the title, then the
//! lead (when there is one), then the paragraphs in order.

pub mod plain;

use serde::{Deserialize, Serialize};

/// Writing direction hint for an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Rtl,
    Ltr,
}

/// One news article.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Article {
    /// Stable identifier: the file's stem, or the feed item's / record's id.
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    #[serde(default)]
    pub paragraphs: Vec<String>,
    /// Where the article was read from: a path, `-` for stdin, or a URL.
    #[serde(default)]
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
}

impl Article {
    /// The article's text blocks in reading order: title, lead (if any), paragraphs.
    /// Analysis locations (`paragraph` indices) index into this list.
    pub fn blocks(&self) -> Vec<&str> {
        let mut blocks = Vec::with_capacity(self.paragraphs.len() + 2);
        blocks.push(self.title.as_str());
        if let Some(lead) = &self.lead {
            blocks.push(lead.as_str());
        }
        blocks.extend(self.paragraphs.iter().map(String::as_str));
        blocks
    }

    /// Total text size in bytes (title, lead and paragraphs).
    pub fn text_len(&self) -> usize {
        self.blocks().iter().map(|b| b.len()).sum()
    }
}
