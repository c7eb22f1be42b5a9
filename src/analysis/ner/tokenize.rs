//! Splitting a block of text into tokens the way ANERcorp does: on whitespace, with punctuation
//! at either end of a word split off into tokens of its own.

/// One token with its code-point span in the block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    /// Start offset in code points.
    pub start: usize,
    /// End offset (exclusive) in code points.
    pub end: usize,
}

/// Whether `c` is punctuation that ANERcorp writes as a separate token.
pub fn is_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | '،'
            | '؛'
            | ';'
            | ':'
            | '!'
            | '?'
            | '؟'
            | '"'
            | '\''
            | '«'
            | '»'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '″'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '<'
            | '>'
            | '/'
            | '\\'
            | '…'
            | '*'
            | '|'
            | '–'
            | '—'
            | '-'
            | '_'
    )
}

/// Split a block into tokens (see module docs).
pub fn tokenize(block: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    // (byte index, code-point index) of every char, plus the end.
    let chars: Vec<(usize, char)> = block.char_indices().collect();
    let n = chars.len();
    let mut i = 0;
    while i < n {
        if chars[i].1.is_whitespace() || is_invisible(chars[i].1) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < n && !chars[j].1.is_whitespace() && !is_invisible(chars[j].1) {
            j += 1;
        }
        // A quote mark or bracket inside the word (لـ«الشرق) ends a piece there.
        let mut piece = i;
        for k in i..j {
            if is_inner_split(chars[k].1) {
                peel(block, &chars, piece, k, &mut out);
                peel(block, &chars, k, k + 1, &mut out);
                piece = k + 1;
            }
        }
        peel(block, &chars, piece, j, &mut out);
        i = j;
    }
    out
}

/// Quote marks and brackets, which split a word even inside it.
fn is_inner_split(c: char) -> bool {
    matches!(
        c,
        '"' | '«' | '»' | '“' | '”' | '″' | '(' | ')' | '[' | ']' | '{' | '}'
    )
}

/// Tokens of the word chars `i..j`: punctuation peeled off both ends, each a token of its own.
fn peel<'a>(block: &'a str, chars: &[(usize, char)], i: usize, j: usize, out: &mut Vec<Token<'a>>) {
    let n = chars.len();
    let byte_at = |i: usize| if i < n { chars[i].0 } else { block.len() };
    let mut a = i;
    let mut b = j;
    let mut tail = Vec::new();
    while a < b && is_punct(chars[a].1) {
        out.push(Token {
            text: &block[byte_at(a)..byte_at(a + 1)],
            start: a,
            end: a + 1,
        });
        a += 1;
    }
    while b > a && is_punct(chars[b - 1].1) {
        tail.push(b - 1);
        b -= 1;
    }
    if a < b {
        out.push(Token {
            text: &block[byte_at(a)..byte_at(b)],
            start: a,
            end: b,
        });
    }
    for &k in tail.iter().rev() {
        out.push(Token {
            text: &block[byte_at(k)..byte_at(k + 1)],
            start: k,
            end: k + 1,
        });
    }
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_is_split_off_and_offsets_are_code_points() {
        let toks = tokenize("قال «بايدن»، أمس.");
        let texts: Vec<&str> = toks.iter().map(|t| t.text).collect();
        assert_eq!(texts, ["قال", "«", "بايدن", "»", "،", "أمس", "."]);
        assert_eq!((toks[2].start, toks[2].end), (5, 10));
    }

    #[test]
    fn a_quote_mark_inside_a_word_splits_it() {
        let toks = tokenize("لـ«الشرق الأوسط» و(رويترز)");
        let texts: Vec<&str> = toks.iter().map(|t| t.text).collect();
        assert_eq!(
            texts,
            ["لـ", "«", "الشرق", "الأوسط", "»", "و", "(", "رويترز", ")"]
        );
        assert_eq!((toks[2].start, toks[2].end), (3, 8));
    }
}
