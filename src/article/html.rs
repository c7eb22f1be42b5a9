//! HTML fragments (feed item bodies) to plain paragraphs: block elements and `<br>` split
//! paragraphs, all tags are stripped, `<script>`/`<style>` contents dropped, entities decoded.

/// Tags that end one paragraph and start the next.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "br",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "pre",
    "hr",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "aside",
    "nav",
    "main",
    "address",
    "td",
    "th",
];

/// Split an HTML fragment into paragraphs of plain text (whitespace folded, empty ones dropped).
pub fn paragraphs(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        current.push_str(&rest[..lt]);
        let after = &rest[lt..];
        if let Some(comment) = after.strip_prefix("<!--") {
            rest = match comment.find("-->") {
                Some(end) => &comment[end + 3..],
                None => "",
            };
            continue;
        }
        let Some(gt) = after.find('>') else {
            // A lone '<' that never closes is text.
            current.push_str(after);
            rest = "";
            break;
        };
        let tag = &after[1..gt];
        rest = &after[gt + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            // Not a tag (e.g. "a < b"): keep it as text.
            current.push('<');
            current.push_str(tag);
            current.push('>');
            continue;
        }
        if (name == "script" || name == "style") && !tag.starts_with('/') {
            let close = format!("</{name}");
            rest = match find_ascii_ci(rest, &close) {
                Some(pos) => match rest[pos..].find('>') {
                    Some(end) => &rest[pos + end + 1..],
                    None => "",
                },
                None => "",
            };
            continue;
        }
        if BLOCK_TAGS.contains(&name.as_str()) {
            flush(&mut current, &mut out);
        }
    }
    current.push_str(rest);
    flush(&mut current, &mut out);
    out
}

/// Plain text of an HTML fragment on one line (for titles and leads).
pub fn inline_text(html: &str) -> String {
    paragraphs(html).join(" ")
}

fn flush(current: &mut String, out: &mut Vec<String>) {
    let decoded = html_escape::decode_html_entities(current.as_str());
    let folded = decoded.split_whitespace().collect::<Vec<_>>().join(" ");
    if !folded.is_empty() {
        out.push(folded);
    }
    current.clear();
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_br_split_entities_decode() {
        let p = paragraphs(
            "<p>One &amp; <b>two</b></p><p>three<br/>four &lt;x&gt;</p><script>bad()</script>",
        );
        assert_eq!(p, vec!["One & two", "three", "four <x>"]);
    }

    #[test]
    fn unclosed_and_stray_brackets_do_not_panic() {
        assert_eq!(paragraphs("a < b"), vec!["a < b"]);
        assert_eq!(paragraphs("<p>x<script>"), vec!["x"]);
        assert_eq!(paragraphs("<!-- c"), Vec::<String>::new());
    }
}
