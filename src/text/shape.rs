//! Optional Arabic shaping into presentation forms (U+FB50–U+FEFF) with the ar-reshaper crate,
//! configured like the oracle: harakat kept, only the four lam-alef ligatures (no single-glyph
//! الله), tatweel and ZWJ handling at their defaults.
//!
//! Shaping runs on one wrapped logical line at a time. Every shaped character keeps the input byte
//! range it came from; a lam-alef ligature covers both letters. Two inputs that would make the
//! crate panic or misplace a ligature are handled here: harakat at the start of a line are kept in
//! front untouched, and ZWJ (which the crate drops) is shaped as a joining tatweel placeholder and
//! then removed, so character positions stay aligned.

use std::sync::OnceLock;

use ar_reshaper::ArabicReshaper;
use ar_reshaper::ReshaperConfig;
use ar_reshaper::prelude::LigatureNames;

const TATWEEL: char = '\u{0640}';
const ZWJ: char = '\u{200D}';

/// The character ranges ar-reshaper treats as harakat (copied from its `HARAKAT_RE`).
fn is_haraka(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{08D4}'..='\u{08ED}'
        | '\u{08E3}'..='\u{08FF}')
}

fn is_lam_alef(c: char) -> bool {
    ('\u{FEF5}'..='\u{FEFC}').contains(&c)
}

fn reshaper() -> &'static ArabicReshaper {
    static RESHAPER: OnceLock<ArabicReshaper> = OnceLock::new();
    RESHAPER.get_or_init(|| {
        let mut cfg = ReshaperConfig {
            delete_harakat: false,
            ..ReshaperConfig::default()
        };
        cfg.update_ligature(LigatureNames::ARABIC_LIGATURE_ALLAH, false);
        ArabicReshaper::new(cfg)
    })
}

/// Append the shaped form of `line` to `out`, and for every appended byte its input range to
/// `out_src` (`line_src` holds the input range of every byte of `line`).
pub(crate) fn shape_line_into(
    line: &str,
    line_src: &[(u32, u32)],
    out: &mut String,
    out_src: &mut Vec<(u32, u32)>,
) {
    let start = (out.len(), out_src.len());
    if !try_shape(line, line_src, out, out_src) {
        // The shaped text did not line up with the input: fall back to the unshaped line.
        out.truncate(start.0);
        out_src.truncate(start.1);
        out.push_str(line);
        out_src.extend_from_slice(line_src);
    }
}

fn push(out: &mut String, out_src: &mut Vec<(u32, u32)>, c: char, span: (u32, u32)) {
    out.push(c);
    for _ in 0..c.len_utf8() {
        out_src.push(span);
    }
}

/// Words shaped before, per thread: news text repeats its words, and a word's shape depends
/// only on its own letters (a space never joins).
const WORD_CACHE_LIMIT: usize = 100_000;

thread_local! {
    static WORDS: std::cell::RefCell<std::collections::HashMap<String, String>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// `shaper.reshape(text)`, a space-separated piece at a time. A piece starts after a space that is
/// followed by a letter, so no haraka or joiner ever starts one.
fn reshape_words(shaper: &ArabicReshaper, text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b' ' {
            let next = text[i + 1..].chars().next();
            if next.is_some_and(|c| c.is_alphabetic() && !is_haraka(c)) {
                out.push_str(&reshape_piece(shaper, &text[start..=i]));
                start = i + 1;
            }
        }
        i += 1;
    }
    out.push_str(&reshape_piece(shaper, &text[start..]));
    out
}

fn reshape_piece(shaper: &ArabicReshaper, piece: &str) -> String {
    if piece.is_ascii() {
        return piece.to_string();
    }
    WORDS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(done) = cache.get(piece) {
            return done.clone();
        }
        let done = shaper.reshape(piece);
        if cache.len() >= WORD_CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(piece.to_string(), done.clone());
        done
    })
}

fn try_shape(
    line: &str,
    line_src: &[(u32, u32)],
    out: &mut String,
    out_src: &mut Vec<(u32, u32)>,
) -> bool {
    let shaper = reshaper();
    if line.is_ascii() || !shaper.need_reshape(line) {
        out.push_str(line);
        out_src.extend_from_slice(line_src);
        return true;
    }
    // Leading harakat have no letter to attach to: keep them in front.
    let lead = line
        .char_indices()
        .find(|&(_, c)| !is_haraka(c))
        .map_or(line.len(), |(i, _)| i);
    out.push_str(&line[..lead]);
    out_src.extend_from_slice(&line_src[..lead]);
    let rest = &line[lead..];
    if rest.is_empty() {
        return true;
    }
    let work: String = rest
        .chars()
        .map(|c| if c == ZWJ { TATWEEL } else { c })
        .collect();
    let shaped = reshape_words(shaper, &work);
    let mut shaped_chars = shaped.chars();
    // Byte position in `out` of the last ligature whose alef is still to come.
    let mut pending_alef: Option<usize> = None;
    for (off, c) in rest.char_indices() {
        let span = line_src[lead + off];
        if !is_haraka(c)
            && let Some(at) = pending_alef.take()
        {
            // The alef was absorbed into the ligature at `at`: widen its source.
            let lig_len = out[at..].chars().next().map_or(0, char::len_utf8);
            for s in &mut out_src[at..at + lig_len] {
                s.0 = s.0.min(span.0);
                s.1 = s.1.max(span.1);
            }
            continue;
        }
        let Some(sc) = shaped_chars.next() else {
            return false;
        };
        if is_haraka(c) && sc != c {
            return false;
        }
        if c == ZWJ {
            if sc != TATWEEL {
                return false;
            }
            continue;
        }
        if is_lam_alef(sc) {
            pending_alef = Some(out.len());
        }
        push(out, out_src, sc, span);
    }
    pending_alef.is_none() && shaped_chars.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(s: &str) -> (String, Vec<(u32, u32)>) {
        let src: Vec<(u32, u32)> = s
            .char_indices()
            .flat_map(|(i, c)| {
                std::iter::repeat_n((i as u32, (i + c.len_utf8()) as u32), c.len_utf8())
            })
            .collect();
        let (mut out, mut out_src) = (String::new(), Vec::new());
        shape_line_into(s, &src, &mut out, &mut out_src);
        (out, out_src)
    }

    #[test]
    fn lam_alef_ligature_covers_both_letters() {
        let (out, src) = shape("لا");
        assert_eq!(out, "\u{FEFB}");
        assert_eq!(src[0], (0, 4));
    }

    #[test]
    fn contextual_forms_and_harakat_kept() {
        // beh (initial) + fatha, then teh (final).
        let (out, _) = shape("بَت");
        assert_eq!(out, "\u{FE91}\u{64E}\u{FE96}");
    }

    #[test]
    fn allah_is_not_one_glyph() {
        let (out, _) = shape("الله");
        assert!(!out.contains('\u{FDF2}'));
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        for s in [
            "\u{64E}ب",
            "\u{200D}لا",
            "ل\u{200D}ا",
            "\u{200D}",
            "\u{64E}",
            "ب\u{200D}",
        ] {
            let (out, _) = shape(s);
            assert!(!out.contains('\u{200D}'), "{s:?} → {out:?}");
        }
    }
}
