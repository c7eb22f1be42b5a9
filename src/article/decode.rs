//! Turning raw bytes into text: byte-order marks, UTF-16, binary detection and invalid UTF-8.

use std::borrow::Cow;

/// Text decoded from a file, with an optional warning when bytes had to be replaced.
#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub warning: Option<String>,
}

/// How to treat invalid UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Utf8Policy {
    /// Replace invalid sequences with U+FFFD and warn (plain text, feeds).
    Lossy,
    /// Refuse the input (JSON).
    Strict,
}

/// Decode `bytes` as text. Errors are one-line reasons (without the file name).
pub fn decode(bytes: &[u8], policy: Utf8Policy) -> Result<Decoded<'_>, String> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err("empty file".to_string());
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(rest, false, policy);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(rest, true, policy);
    }
    let (body, bom_len) = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => (rest, 3),
        None => (bytes, 0),
    };
    if let Some(pos) = memchr_nul(body) {
        if looks_like_utf16(body) {
            return Err(
                "looks like UTF-16 without a byte-order mark; save it as UTF-8".to_string(),
            );
        }
        return Err(format!(
            "binary file (NUL byte at byte offset {})",
            pos + bom_len
        ));
    }
    let decoded = match std::str::from_utf8(body) {
        Ok(text) => Decoded {
            text: Cow::Borrowed(text),
            warning: None,
        },
        Err(err) => {
            let offset = err.valid_up_to() + bom_len;
            if policy == Utf8Policy::Strict {
                return Err(format!("invalid UTF-8 at byte offset {offset}"));
            }
            Decoded {
                text: String::from_utf8_lossy(body),
                warning: Some(format!(
                    "invalid UTF-8 at byte offset {offset} (replaced with U+FFFD)"
                )),
            }
        }
    };
    if decoded.text.trim().is_empty() {
        return Err("empty file".to_string());
    }
    Ok(decoded)
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

/// UTF-16 text without a BOM has a NUL in every other byte for ASCII and Arabic alike
/// (Arabic is U+06xx: high byte 0x06, so check for a regular pattern of small high bytes).
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(512) & !1];
    if sample.len() < 4 {
        return false;
    }
    let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let half = sample.len() / 2;
    (even_nul * 10 >= half * 3 && odd_nul == 0) || (odd_nul * 10 >= half * 3 && even_nul == 0)
}

fn decode_utf16(bytes: &[u8], big_endian: bool, policy: Utf8Policy) -> Result<Decoded<'_>, String> {
    let units = bytes.chunks(2).map(|pair| match (pair, big_endian) {
        ([a, b], false) => u16::from_le_bytes([*a, *b]),
        ([a, b], true) => u16::from_be_bytes([*a, *b]),
        // An odd trailing byte cannot be a code unit: replace it.
        _ => 0xFFFD,
    });
    let mut text = String::with_capacity(bytes.len());
    let mut first_bad: Option<usize> = None;
    let mut offset = 2; // after the BOM
    for unit in char::decode_utf16(units) {
        match unit {
            Ok(c) => {
                offset += c.len_utf16() * 2;
                text.push(c);
            }
            Err(_) => {
                first_bad.get_or_insert(offset);
                offset += 2;
                text.push('\u{FFFD}');
            }
        }
    }
    if bytes.len() % 2 == 1 {
        first_bad.get_or_insert(bytes.len() + 1);
    }
    let warning = match first_bad {
        Some(off) if policy == Utf8Policy::Strict => {
            return Err(format!("invalid UTF-16 at byte offset {off}"));
        }
        Some(off) => Some(format!(
            "invalid UTF-16 at byte offset {off} (replaced with U+FFFD)"
        )),
        None => None,
    };
    if text.contains('\0') {
        return Err("binary file (NUL character in UTF-16 text)".to_string());
    }
    if text.trim().is_empty() {
        return Err("empty file".to_string());
    }
    Ok(Decoded {
        text: Cow::Owned(text),
        warning,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16le_with_bom_decodes() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "سلام\nhi".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes, Utf8Policy::Strict).expect("decodes");
        assert_eq!(d.text, "سلام\nhi");
    }

    #[test]
    fn invalid_utf8_names_offset() {
        let d = decode(b"abc\xffdef", Utf8Policy::Lossy).expect("lossy");
        assert_eq!(d.text, "abc\u{FFFD}def");
        assert!(
            d.warning
                .clone()
                .unwrap_or_default()
                .contains("byte offset 3")
        );
        let e = decode(b"abc\xffdef", Utf8Policy::Strict).expect_err("strict");
        assert!(e.contains("byte offset 3"));
    }
}
