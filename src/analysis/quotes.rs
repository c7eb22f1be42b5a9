//! Quote-mark pairing over a whole article.
//!
//! Marks: `"` `«` `»` `“` `”` `„` `″` `＂`. Each mark's role (open / close) is read from its
//! position first — an opener has a space, start or proclitic before it and a word after it, a
//! closer has a word or sentence punctuation before it and a space, punctuation or the end after
//! it — and only when the position is ambiguous from its glyph (`«` `“` open, `»` `”` close, `"`
//! toggles). So mis-typed `»…»` and `″…″` pair, and mixed styles (`“…"`) close each other.
//!
//! Only outermost spans are returned (nested quotes stay inside their outer quote). A quote that
//! is still open at the end of a paragraph continues into the next paragraph only when that
//! paragraph begins with an opening mark (the book style) or its first mark is a closer; otherwise
//! the stray opener is dropped, so one stray mark never swallows the rest of the article. A span
//! runs over at most [`MAX_BLOCKS`] paragraphs.

/// A span may cover at most this many blocks.
pub const MAX_BLOCKS: usize = 4;

/// One outermost quoted span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// Block and code-point index of the opening mark.
    pub open_block: usize,
    pub open_at: usize,
    /// Block and code-point index of the closing mark.
    pub close_block: usize,
    pub close_at: usize,
    /// The text between the marks, trimmed; paragraphs joined with `\n`.
    pub text: String,
    /// Location of `text`: it starts at `start` in `start_block` and ends (exclusive) at `end`
    /// in `end_block`. These are the mark's blocks unless the text only begins in the next
    /// paragraph (an opening mark that ends its paragraph) or ends in the one before.
    pub start_block: usize,
    pub start: usize,
    pub end_block: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Straight,
    Guillemet,
    Curly,
}

fn family(c: char) -> Option<Family> {
    match c {
        '"' | '″' | '＂' | '‟' => Some(Family::Straight),
        '«' | '»' => Some(Family::Guillemet),
        '“' | '”' | '„' => Some(Family::Curly),
        _ => None,
    }
}

/// Whether `c` is a quotation mark this module pairs.
pub fn is_mark(c: char) -> bool {
    family(c).is_some()
}

fn is_word(c: char) -> bool {
    super::normalize::is_word_char(c)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Open,
    Close,
}

/// Positional role of the mark at `i`: `Some` when the position decides.
fn positional(chars: &[char], i: usize) -> Option<Role> {
    let prev = i.checked_sub(1).map(|p| chars[p]);
    let next = chars.get(i + 1).copied();
    let next_wordish = next.is_some_and(|c| is_word(c) || c == '(' || c == '-');
    let prev_space = match prev {
        None => true,
        Some(p) if !is_word(p) && !matches!(p, '.' | '!' | '?' | '؟' | ')' | '…') => true,
        // A one-letter proclitic glued to the mark: و"نشرة، ب"التاريخية".
        Some('و' | 'ب' | 'ل' | 'ف' | 'ك') => {
            i < 2
                || !is_word(chars[i - 2])
                || (i >= 3 && chars[i - 2] == 'ل' && !is_word(chars[i - 3]))
        }
        _ => false,
    };
    let prev_wordish =
        prev.is_some_and(|p| is_word(p) || matches!(p, '.' | '!' | '?' | '؟' | ')' | '…'));
    let next_end = next.is_none_or(|c| !is_word(c) && c != '(');
    let open = prev_space && next_wordish;
    let close = prev_wordish && next_end;
    match (open, close) {
        (true, false) => Some(Role::Open),
        (false, true) => Some(Role::Close),
        _ => None,
    }
}

struct Open {
    fam: Family,
    block: usize,
    at: usize,
}

/// Find the outermost quoted spans of an article's blocks.
pub fn find_spans(blocks: &[&str]) -> Vec<Span> {
    let chars: Vec<Vec<char>> = blocks.iter().map(|b| b.chars().collect()).collect();
    let mut spans = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut b = 0;
    while b < chars.len() {
        let cs = &chars[b];
        let mut i = 0;
        // Continuation: a still-open quote and a paragraph starting with an opening mark.
        if !stack.is_empty() {
            let first = cs.iter().position(|c| !c.is_whitespace());
            if let Some(f) = first
                && family(cs[f]).is_some()
                && positional(cs, f) != Some(Role::Close)
            {
                i = f + 1;
            }
        }
        while i < cs.len() {
            let c = cs[i];
            let Some(fam) = family(c) else {
                i += 1;
                continue;
            };
            let role = match positional(cs, i) {
                Some(r) => r,
                None => match c {
                    '«' | '“' | '„' => Role::Open,
                    '»' | '”' => {
                        if stack.iter().any(|o| o.fam == fam) || !stack.is_empty() {
                            Role::Close
                        } else {
                            Role::Open
                        }
                    }
                    _ => {
                        if stack.last().is_some_and(|o| o.fam == fam) {
                            Role::Close
                        } else {
                            Role::Open
                        }
                    }
                },
            };
            match role {
                Role::Open => stack.push(Open {
                    fam,
                    block: b,
                    at: i,
                }),
                Role::Close => {
                    let idx = stack
                        .iter()
                        .rposition(|o| o.fam == fam)
                        .or_else(|| stack.len().checked_sub(1));
                    if let Some(idx) = idx {
                        let open = &stack[idx];
                        if idx == 0
                            && let Some(span) = make_span(&chars, open.block, open.at, b, i)
                        {
                            spans.push(span);
                        }
                        stack.truncate(idx);
                    }
                    // A closer with nothing open is a stray mark: ignored.
                }
            }
            i += 1;
        }
        // End of paragraph: keep open quotes only if the next paragraph continues them.
        if !stack.is_empty() {
            let keep = b + 1 < chars.len()
                && stack[0].block + MAX_BLOCKS > b + 1
                && continues(&chars[b + 1]);
            if !keep {
                stack.clear();
            }
        }
        b += 1;
    }
    spans
}

/// Whether a paragraph continues a quote left open: it starts with a mark, or its first mark closes.
fn continues(cs: &[char]) -> bool {
    if let Some(f) = cs.iter().position(|c| !c.is_whitespace())
        && family(cs[f]).is_some()
    {
        return true;
    }
    match cs.iter().position(|&c| family(c).is_some()) {
        Some(i) => positional(cs, i) == Some(Role::Close),
        None => false,
    }
}

fn make_span(chars: &[Vec<char>], ob: usize, oat: usize, cb: usize, cat: usize) -> Option<Span> {
    let mut text = String::new();
    // Where each non-space character of `text` is: (block, index).
    let mut first: Option<(usize, usize)> = None;
    let mut last: Option<(usize, usize)> = None;
    for (b, cs) in chars.iter().enumerate().take(cb + 1).skip(ob) {
        let from = if b == ob { oat + 1 } else { 0 };
        let to = if b == cb { cat } else { cs.len() };
        if b != ob {
            text.push('\n');
        }
        let mut seg: &[char] = cs.get(from..to)?;
        let mut at = from;
        if b != ob
            && let Some(f) = seg.iter().position(|c| !c.is_whitespace())
            && family(seg[f]).is_some()
        {
            seg = &seg[f + 1..];
            at += f + 1;
        }
        for (k, c) in seg.iter().enumerate() {
            if !c.is_whitespace() {
                first.get_or_insert((b, at + k));
                last = Some((b, at + k));
            }
        }
        text.extend(seg.iter());
    }
    let trimmed = text.trim();
    let (Some((start_block, start)), Some((end_block, last_at))) = (first, last) else {
        return None;
    };
    if trimmed.is_empty() {
        return None;
    }
    Some(Span {
        open_block: ob,
        open_at: oat,
        close_block: cb,
        close_at: cat,
        start_block,
        start,
        end_block,
        end: last_at + 1,
        text: trimmed.to_string(),
    })
}

/// Number of words in a quote's text.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(blocks: &[&str]) -> Vec<String> {
        find_spans(blocks).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn pairs_every_style() {
        assert_eq!(texts(&["قال: \"نعم هنا\" ثم"]), ["نعم هنا"]);
        assert_eq!(texts(&["قال: «نعم هنا» ثم"]), ["نعم هنا"]);
        assert_eq!(texts(&["قال: “نعم هنا” ثم"]), ["نعم هنا"]);
        assert_eq!(texts(&["قال: »نعم هنا» ثم"]), ["نعم هنا"]);
        assert_eq!(texts(&["قال: ″نعم هنا″ ثم"]), ["نعم هنا"]);
        assert_eq!(texts(&["قال: “نعم هنا\" ثم"]), ["نعم هنا"]);
    }

    #[test]
    fn nested_stays_inside_and_stray_does_not_swallow() {
        assert_eq!(
            texts(&["قال \"إن \"الجنرز\" سيفوز\" اليوم"]),
            ["إن \"الجنرز\" سيفوز"]
        );
        assert_eq!(
            texts(&["جثة \"لرجل\" امام الفندق\" ، وختم قائلا \"ان الوضع صعب\"."]),
            ["لرجل", "ان الوضع صعب"]
        );
        assert!(texts(&["قال \"بداية بلا نهاية", "فقرة أخرى", "وقال \"هنا\""]) == ["هنا"]);
    }

    #[test]
    fn runs_over_a_paragraph_break() {
        let s = find_spans(&["وقال: \"الجزء الأول", "والجزء الثاني\" ثم"]);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].text, "الجزء الأول\nوالجزء الثاني");
        assert_eq!((s[0].open_block, s[0].close_block), (0, 1));
    }
}
