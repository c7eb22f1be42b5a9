//! RSS 2.0 and Atom feeds (via feed-rs): one article per item, HTML bodies turned into paragraphs.
//! Entities other than the XML built-ins are never expanded, and external entities never fetched.

use super::{Article, finish, html};

/// Parse a feed document into one outcome per item (an error string when an item is unusable).
pub fn parse(bytes: &[u8], source: &str, stem: &str) -> Vec<Result<Article, String>> {
    // An item without an id gets `stem#N` below (stable across loads), not a random UUID.
    let parser = feed_rs::parser::Builder::new()
        .id_generator(|_, _, _| String::new())
        .build();
    let feed = match parser.parse(bytes) {
        Ok(feed) => feed,
        Err(err) => return vec![Err(describe_error(bytes, &err))],
    };
    if feed.entries.is_empty() {
        return vec![Err("feed has no items".to_string())];
    }
    let outlet = feed
        .title
        .as_ref()
        .map(|t| html::inline_text(&t.content))
        .filter(|t| !t.is_empty());
    feed.entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let title = entry
                .title
                .as_ref()
                .map(|t| html::inline_text(&t.content))
                .unwrap_or_default();
            let summary = entry.summary.as_ref().map(|t| t.content.as_str());
            let body = entry.content.as_ref().and_then(|c| c.body.as_deref());
            let (lead, paragraphs) = match body.map(html::paragraphs) {
                Some(paras) if !paras.is_empty() => (
                    summary.map(html::inline_text).filter(|l| !l.is_empty()),
                    paras,
                ),
                _ => (None, summary.map(html::paragraphs).unwrap_or_default()),
            };
            if title.is_empty() && lead.is_none() && paragraphs.is_empty() {
                return Err(format!("item {}: no title or text", i + 1));
            }
            let id = if entry.id.trim().is_empty() {
                format!("{stem}#{}", i + 1)
            } else {
                entry.id.clone()
            };
            Ok(finish(Article {
                id,
                title,
                lead,
                paragraphs,
                source: source.to_string(),
                url: entry.links.first().map(|l| l.href.clone()),
                date: entry.published.or(entry.updated).map(|d| d.to_rfc3339()),
                outlet: outlet.clone(),
                direction: None,
            }))
        })
        .collect()
}

/// One-line reason for a feed that failed to parse, with line/column when the XML is malformed.
fn describe_error(bytes: &[u8], err: &feed_rs::parser::ParseFeedError) -> String {
    let reason = match xml_error_position(bytes) {
        Some((line, column, reason)) => {
            format!("invalid XML at line {line}, column {column}: {reason}")
        }
        None => format!("not a readable RSS or Atom feed: {err}"),
    };
    escape_controls(&reason)
}

/// The parsers quote pieces of the input in their messages (a tag name): write control and bidi
/// characters there as `\u{…}` escapes, so a reason stays one line and cannot drive a terminal.
fn escape_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let bidi = matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        );
        if c.is_control() || bidi {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Find the first XML well-formedness error with quick-xml and turn its byte offset into a
/// 1-based line and column (in characters).
fn xml_error_position(bytes: &[u8]) -> Option<(usize, usize, String)> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut depth: usize = 0;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Eof) => {
                if depth > 0 {
                    let (line, col) = line_column(bytes, bytes.len());
                    return Some((
                        line,
                        col,
                        "unexpected end of file (unclosed element)".into(),
                    ));
                }
                return None;
            }
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(_) => {}
            Err(e) => {
                let pos = usize::try_from(reader.error_position()).unwrap_or(0);
                let (line, col) = line_column(bytes, pos.min(bytes.len()));
                return Some((line, col, e.to_string()));
            }
        }
        buf.clear();
    }
}

fn line_column(bytes: &[u8], pos: usize) -> (usize, usize) {
    let before = &bytes[..pos];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, col)
}
