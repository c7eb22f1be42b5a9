//! Output that is safe to write to a terminal: article text and file names can carry escape
//! sequences, C1 controls and bidi overrides, which must never reach the terminal raw.

/// Whether `c` must not be written raw to a terminal (besides newline, which callers handle).
pub fn is_terminal_unsafe(c: char) -> bool {
    c.is_control() || crate::text::is_bidi_control(c)
}

/// Make serialised JSON terminal-safe: every unsafe character (they can only occur inside JSON
/// strings, where serde_json leaves C1 controls and bidi controls raw) becomes a `\uXXXX` escape,
/// so the JSON value is unchanged.
pub fn json_terminal_safe(json: Vec<u8>) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(&json) else {
        return json;
    };
    if !text.chars().any(|c| c != '\n' && is_terminal_unsafe(c)) {
        return json;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if c != '\n' && is_terminal_unsafe(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out.into_bytes()
}

/// A one-line message with unsafe characters shown as `\u{XX}` escapes.
pub fn message_terminal_safe(message: &str) -> String {
    message
        .chars()
        .map(|c| {
            if is_terminal_unsafe(c) {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keeps_its_value_and_loses_raw_controls() {
        let value = serde_json::json!({"t": "a\u{1b}[2J\u{9b}\u{202e}ب"});
        let safe = json_terminal_safe(serde_json::to_vec(&value).unwrap_or_default());
        let text = String::from_utf8(safe.clone()).unwrap_or_default();
        assert!(!text.chars().any(is_terminal_unsafe), "{text:?}");
        let back: serde_json::Value = serde_json::from_slice(&safe).unwrap_or_default();
        assert_eq!(back, value);
    }

    #[test]
    fn messages_show_escapes_visibly() {
        assert_eq!(message_terminal_safe("a\u{1b}b"), "a\\u{1b}b");
    }
}
