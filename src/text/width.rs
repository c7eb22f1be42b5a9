//! Display width of characters, as the terminal counts them.
//!
//! The width of a string is the **sum of per-character widths** (never a whole-string width, which
//! would count lam + alef as one cell).

use unicode_width::UnicodeWidthChar;

/// Cells taken by one character: 0 for controls, combining marks and format characters, 2 for wide
/// and fullwidth characters, 1 otherwise.
#[inline]
pub fn char_width(c: char) -> usize {
    if c.is_ascii() {
        return usize::from((' '..='~').contains(&c));
    }
    if c == '\u{AD}' {
        // SOFT HYPHEN is a format character (Cf): invisible unless the line breaks there.
        return 0;
    }
    c.width().unwrap_or(0)
}

/// Sum of [`char_width`] over the characters of `s`.
#[inline]
pub fn str_width(s: &str) -> usize {
    if s.is_ascii() {
        return s.bytes().filter(|b| (b' '..=b'~').contains(b)).count();
    }
    s.chars().map(char_width).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lam_alef_counts_two_cells() {
        assert_eq!(str_width("لا"), 2);
        assert_eq!(str_width("بَ"), 1);
        assert_eq!(str_width("中"), 2);
        assert_eq!(str_width("\u{200D}\u{202E}"), 0);
    }
}
