//! The plain-text shape of the seed articles: line 1 title, line 2 lead, then one paragraph per line.

use super::Article;

/// Parse plain text into an article. Blank lines are ignored, `\r\n` is accepted, a BOM is ignored.
pub fn parse(text: &str, id: &str, source: &str) -> Article {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .lines()
        .map(|l| l.trim_end_matches('\r').trim())
        .filter(|l| !l.is_empty());
    let title = lines.next().unwrap_or_default().to_string();
    let lead = lines.next().map(str::to_string);
    let paragraphs = lines.map(str::to_string).collect();
    Article {
        id: id.to_string(),
        title,
        lead,
        paragraphs,
        source: source.to_string(),
        ..Article::default()
    }
}
