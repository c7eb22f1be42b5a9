//! [`Symbol`]: the text of one cell, stored inline (no heap allocation) when it fits in 22 bytes,
//! which is every single character and nearly every grapheme cluster of real text.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

const INLINE: usize = 22;

/// The text of a cell: a small immutable string that dereferences to `&str`.
#[derive(Clone)]
pub struct Symbol(Repr);

#[derive(Clone)]
enum Repr {
    Inline { len: u8, buf: [u8; INLINE] },
    Heap(Box<str>),
}

impl Symbol {
    /// An empty symbol.
    pub const fn new() -> Self {
        Symbol(Repr::Inline {
            len: 0,
            buf: [0; INLINE],
        })
    }

    /// The symbol of one character.
    #[inline]
    pub fn from_char(c: char) -> Self {
        let mut buf = [0; INLINE];
        let len = c.encode_utf8(&mut buf).len() as u8;
        Symbol(Repr::Inline { len, buf })
    }

    /// A copy of `s`.
    #[inline]
    pub fn from_slice(s: &str) -> Self {
        if s.len() <= INLINE {
            let mut buf = [0; INLINE];
            buf[..s.len()].copy_from_slice(s.as_bytes());
            Symbol(Repr::Inline {
                len: s.len() as u8,
                buf,
            })
        } else {
            Symbol(Repr::Heap(s.into()))
        }
    }

    /// A copy of `text[range]` (`range` on character boundaries). Short symbols are read with one
    /// fixed-size load from `text` when it has the bytes (no variable-length copy).
    #[inline]
    pub(crate) fn from_text(text: &str, range: std::ops::Range<usize>) -> Self {
        let len = range.end.saturating_sub(range.start);
        let bytes = text.as_bytes();
        if len <= 16
            && let Some(chunk) = bytes.get(range.start..range.start + 16)
        {
            let mut buf = [0; INLINE];
            // Bytes past `len` are ignored (every read goes through `as_str`).
            buf[..16].copy_from_slice(chunk);
            return Symbol(Repr::Inline {
                len: len as u8,
                buf,
            });
        }
        Symbol::from_slice(&text[range])
    }

    /// Make this symbol a copy of `text[range]` ([`Symbol::from_text`]), writing in place.
    #[inline(always)]
    pub(crate) fn set_text(&mut self, text: &str, range: std::ops::Range<usize>) {
        let n = range.end.saturating_sub(range.start);
        if n <= 16
            && let Repr::Inline { len, buf } = &mut self.0
            && let Some(chunk) = text.as_bytes().get(range.start..range.start + 16)
        {
            // Bytes past `len` are ignored (every read goes through `as_str`).
            buf[..16].copy_from_slice(chunk);
            *len = n as u8;
            return;
        }
        *self = Symbol::from_text(text, range);
    }

    /// The UTF-8 bytes of the text (without re-checking them).
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Inline { len, buf } => &buf[..usize::from(*len)],
            Repr::Heap(s) => s.as_bytes(),
        }
    }

    /// The text.
    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // The inline bytes are always a copy of a `str` prefix cut at a char boundary.
            Repr::Inline { len, buf } => {
                std::str::from_utf8(&buf[..usize::from(*len)]).unwrap_or_default()
            }
            Repr::Heap(s) => s,
        }
    }
}

/// Builds a [`Symbol`] character by character without allocating while it fits inline.
pub(crate) struct SymbolBuilder {
    len: usize,
    buf: [u8; INLINE],
    heap: Option<String>,
}

impl SymbolBuilder {
    #[inline]
    pub(crate) fn new() -> Self {
        SymbolBuilder {
            len: 0,
            buf: [0; INLINE],
            heap: None,
        }
    }

    #[inline]
    pub(crate) fn push(&mut self, c: char) {
        if let Some(h) = &mut self.heap {
            h.push(c);
            return;
        }
        let n = c.len_utf8();
        if self.len + n <= INLINE {
            c.encode_utf8(&mut self.buf[self.len..]);
            self.len += n;
        } else {
            let mut h = String::with_capacity(self.len + n + 16);
            h.push_str(std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default());
            h.push(c);
            self.heap = Some(h);
        }
    }

    #[inline]
    pub(crate) fn finish(self) -> Symbol {
        match self.heap {
            Some(h) => Symbol(Repr::Heap(h.into_boxed_str())),
            None => Symbol(Repr::Inline {
                len: self.len as u8,
                buf: self.buf,
            }),
        }
    }
}

impl Default for Symbol {
    fn default() -> Self {
        Symbol::new()
    }
}

impl Deref for Symbol {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Symbol {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Symbol {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Symbol {
    fn from(s: &str) -> Self {
        Symbol::from_slice(s)
    }
}

impl From<String> for Symbol {
    fn from(s: String) -> Self {
        Symbol::from_slice(&s)
    }
}

impl From<char> for Symbol {
    fn from(c: char) -> Self {
        Symbol::from_char(c)
    }
}

impl From<Symbol> for String {
    fn from(s: Symbol) -> Self {
        s.as_str().to_string()
    }
}

impl PartialEq for Symbol {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Symbol {}

impl std::hash::Hash for Symbol {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialEq<str> for Symbol {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Symbol {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Symbol {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Symbol> for str {
    fn eq(&self, other: &Symbol) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Symbol> for &str {
    fn eq(&self, other: &Symbol) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Symbol> for String {
    fn eq(&self, other: &Symbol) -> bool {
        self.as_str() == other.as_str()
    }
}

impl fmt::Debug for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_symbols_round_trip() {
        assert_eq!(Symbol::from_char('ب'), "ب");
        assert_eq!(Symbol::from_slice(""), "");
        let long = "ب\u{64E}".repeat(20);
        assert_eq!(Symbol::from_slice(&long), long);
        let mut b = SymbolBuilder::new();
        for c in long.chars() {
            b.push(c);
        }
        assert_eq!(b.finish(), long);
        assert_eq!(std::mem::size_of::<Symbol>(), 24);
        let text = "(قال) «الأخبار» ؟! abc";
        for (i, c) in text.char_indices() {
            let r = i..i + c.len_utf8();
            assert_eq!(Symbol::from_text(text, r.clone()), &text[r]);
        }
    }
}
