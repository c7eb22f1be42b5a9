//! JSON and JSON Lines articles: field names follow the model (`title`, `lead`, `paragraphs`, or
//! `body`/`text`/`content` as one string); unknown fields are ignored. A record's `source` field is
//! the outlet's name (as in the SaudiNewsNet corpus); the article's own `source` is the input path.
//! Scraped archives often keep character references in their text (`&quot;`, `&#8220;`): those
//! are decoded in the title, lead and paragraphs.

use serde::Deserialize;

use super::{Article, finish};

/// One JSON article record as found in files.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawRecord {
    pub id: Option<serde_json::Value>,
    pub title: Option<String>,
    pub lead: Option<String>,
    pub paragraphs: Option<Vec<Option<String>>>,
    pub body: Option<String>,
    pub text: Option<String>,
    pub content: Option<String>,
    pub source: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub date: Option<serde_json::Value>,
}

/// Reason given for a record without title or text. In multi-record files such records are
/// skipped with a warning (archives contain a few), in single-article files they are errors.
pub const EMPTY_RECORD: &str = "record has no title or text";

/// Where a record sits in its file, for ids and messages.
pub struct Place<'a> {
    /// The input's display name (path or `-`).
    pub source: &'a str,
    /// The file's stem, used for ids.
    pub stem: &'a str,
    /// 1-based position of the record in the file.
    pub index: usize,
    /// Whether the file holds a single article (its id is then the stem).
    pub single: bool,
}

impl RawRecord {
    /// Turn the record into an article, or a reason why it is not one.
    pub fn into_article(self, place: &Place<'_>) -> Result<Article, String> {
        let paragraphs: Vec<String> = match self.paragraphs {
            Some(list) => list
                .into_iter()
                .flatten()
                .map(|p| decode_references(p.trim()))
                .filter(|p| !p.is_empty())
                .collect(),
            None => self
                .body
                .or(self.text)
                .or(self.content)
                .map(|t| {
                    split_paragraphs(&t)
                        .iter()
                        .map(|p| decode_references(p))
                        .collect()
                })
                .unwrap_or_default(),
        };
        let title = self
            .title
            .map(|t| decode_references(t.trim()))
            .unwrap_or_default();
        let lead = self
            .lead
            .map(|l| decode_references(l.trim()))
            .filter(|l| !l.is_empty());
        if title.is_empty() && lead.is_none() && paragraphs.is_empty() {
            return Err(EMPTY_RECORD.to_string());
        }
        let id = if place.single {
            place.stem.to_string()
        } else {
            match self.id {
                Some(serde_json::Value::String(s)) if !s.is_empty() => s,
                Some(serde_json::Value::Number(n)) => n.to_string(),
                _ => format!("{}#{}", place.stem, place.index),
            }
        };
        let date = match self.date {
            Some(serde_json::Value::String(s)) if !s.is_empty() => Some(s),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        Ok(finish(Article {
            id,
            title,
            lead,
            paragraphs,
            source: place.source.to_string(),
            url: self.url.filter(|u| !u.is_empty()),
            date,
            outlet: self.outlet.or(self.source).filter(|o| !o.is_empty()),
            direction: None,
        }))
    }
}

/// Text with the character references scrapers leave in it decoded: `&quot;`, `&apos;` and
/// numeric ones (`&#8220;` → “, `&#39;` → '). Other named references (`&amp;`, `&lt;`) are kept
/// as written: in JSON text they may be meant literally, and archives do not use them for
/// Arabic news text. A reference to a control character is kept too.
fn decode_references(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        match reference(tail) {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character a reference at the start of `s` stands for, and the reference's length.
fn reference(s: &str) -> Option<(char, usize)> {
    let end = s.get(..12).unwrap_or(s).find(';')?;
    let name = &s[1..end];
    let c = match name {
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code).filter(|c| !c.is_control())?
        }
    };
    Some((c, end + 1))
}

/// Split a text body into paragraphs: at blank lines when there are any (lines inside a paragraph
/// are joined with a space), else at every newline.
pub fn split_paragraphs(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n");
    let has_blank_line = text
        .split('\n')
        .collect::<Vec<_>>()
        .windows(3)
        .any(|w| w[1].trim().is_empty() && !w[0].trim().is_empty() && !w[2].trim().is_empty());
    if has_blank_line {
        let mut out = Vec::new();
        let mut current: Vec<&str> = Vec::new();
        for line in text.split('\n') {
            let line = line.trim();
            if line.is_empty() {
                if !current.is_empty() {
                    out.push(current.join(" "));
                    current.clear();
                }
            } else {
                current.push(line);
            }
        }
        if !current.is_empty() {
            out.push(current.join(" "));
        }
        out
    } else {
        text.split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }
}

/// A serde_json error as "line L, column C: message".
pub fn describe_error(err: &serde_json::Error) -> String {
    let full = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full);
    if err.line() == 0 {
        format!("invalid JSON: {message}")
    } else {
        format!(
            "invalid JSON at line {}, column {}: {message}",
            err.line(),
            err.column()
        )
    }
}

/// Result of reading one whole JSON document.
pub type Outcome = Result<Article, String>;

/// Parse a whole JSON document: one object, an array of objects, or several objects in a row.
pub fn parse_document(text: &str, source: &str, stem: &str) -> Vec<Outcome> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let mut out = Vec::new();
    if trimmed.starts_with('[') {
        match serde_json::from_str::<Vec<RawRecord>>(text.trim_start_matches('\u{feff}')) {
            Ok(records) => {
                for (i, rec) in records.into_iter().enumerate() {
                    let place = Place {
                        source,
                        stem,
                        index: i + 1,
                        single: false,
                    };
                    out.push(
                        rec.into_article(&place)
                            .map_err(|e| format!("record {}: {e}", i + 1)),
                    );
                }
            }
            Err(err) => out.push(Err(describe_error(&err))),
        }
        return out;
    }
    if !trimmed.starts_with('{') {
        out.push(Err(
            "not an article: expected a JSON object or an array of objects".to_string(),
        ));
        return out;
    }
    let body = text.trim_start_matches('\u{feff}');
    let records: Vec<Result<RawRecord, serde_json::Error>> =
        serde_json::Deserializer::from_str(body)
            .into_iter::<RawRecord>()
            .collect();
    let single = records.len() == 1;
    for (i, rec) in records.into_iter().enumerate() {
        match rec {
            Ok(rec) => {
                let place = Place {
                    source,
                    stem,
                    index: i + 1,
                    single,
                };
                out.push(rec.into_article(&place).map_err(|e| {
                    if single {
                        e
                    } else {
                        format!("record {}: {e}", i + 1)
                    }
                }));
            }
            Err(err) => {
                out.push(Err(describe_error(&err)));
                break;
            }
        }
    }
    out
}

/// Parse one line of a JSON Lines file (`index` counts articles, `line` the line number).
pub fn parse_line(line: &str, line_no: usize, index: usize, source: &str, stem: &str) -> Outcome {
    let place = Place {
        source,
        stem,
        index,
        single: false,
    };
    match serde_json::from_str::<RawRecord>(line) {
        Ok(rec) => rec
            .into_article(&place)
            .map_err(|e| format!("line {line_no}: {e}")),
        Err(err) => {
            let msg = describe_error(&err);
            let msg = msg
                .strip_prefix("invalid JSON at line 1, ")
                .map(|rest| format!("invalid JSON at line {line_no}, {rest}"))
                .unwrap_or_else(|| format!("line {line_no}: {msg}"));
            Err(msg)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_references_in_scraped_text_are_decoded() {
        let outcomes = parse_document(
            r#"{"title": "توزيع &#8220;موسوعة خطب الجمعة&#8221; على الخطباء",
                "paragraphs": ["قال &quot;نعم&quot; و&#39;لا&#39;", "AT&T و R&D"]}"#,
            "a.json",
            "a",
        );
        let Some(Ok(a)) = outcomes.into_iter().next() else {
            panic!("one article expected");
        };
        assert_eq!(a.title, "توزيع “موسوعة خطب الجمعة” على الخطباء");
        assert_eq!(a.paragraphs, ["قال \"نعم\" و'لا'", "AT&T و R&D"]);
        let outcomes = parse_document(
            r#"{"title": "&amp; &lt;p&gt; &#0; &#xFFFFFF; &#8221 &", "paragraphs": ["x"]}"#,
            "b.json",
            "b",
        );
        let Some(Ok(b)) = outcomes.into_iter().next() else {
            panic!("one article expected");
        };
        assert_eq!(
            b.title, "&amp; &lt;p&gt; &#0; &#xFFFFFF; &#8221 &",
            "other references, controls, invalid and unfinished ones stay as written"
        );
    }

    #[test]
    fn body_splits_at_blank_lines_or_newlines() {
        assert_eq!(split_paragraphs("a\nb\n\nc"), vec!["a b", "c"]);
        assert_eq!(split_paragraphs("a\r\nb\nc"), vec!["a", "b", "c"]);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
        let out = parse_document(&deep, "x.json", "x");
        assert!(
            matches!(&out[0], Err(e) if e.contains("recursion limit")),
            "{out:?}"
        );
        let deep_field = format!(
            "{{\"title\":\"t\",\"x\":{}{}}}",
            "[".repeat(200_000),
            "]".repeat(200_000)
        );
        let out = parse_document(&deep_field, "x.json", "x");
        assert_eq!(out.len(), 1);
    }
}
