//! Arabic normalisation shared by analysis, search and the library index.
//!
//! [`normalize`] removes harakat (diacritics) and tatweel and folds letter forms
//! (أ إ آ ٱ → ا, ى → ي, ة → ه, Persian ی ک → ي ك), so vowelled and plain spellings compare equal.
//! [`proclitic_readings`] lists a word with its leading proclitics (و ف, then ب ك ل, and لل → ال) taken off.

/// Whether `c` is an Arabic diacritic (harakat, shadda, sukun, dagger alef, Quranic marks).
pub fn is_harakah(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06DC}' | '\u{06DF}'..='\u{06E8}' | '\u{06EA}'..='\u{06ED}' | '\u{08D3}'..='\u{08FF}')
}

/// Fold one character: `None` when it is dropped (harakat, tatweel), else its folded form.
pub fn fold_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    // The Arabic block has no case: fold its letter forms without a case-table lookup.
    if ('\u{0600}'..='\u{06FF}').contains(&c) {
        if is_harakah(c) || c == '\u{0640}' {
            return None;
        }
        return Some(match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' | 'ی' => 'ي',
            'ة' => 'ه',
            'ک' => 'ك',
            _ => c,
        });
    }
    if is_harakah(c) {
        return None;
    }
    Some(c.to_lowercase().next().unwrap_or(c))
}

/// Normalise a string for comparison (see module docs).
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    out.extend(s.chars().filter_map(fold_char));
    out
}

/// The readings of one (normalised) word with leading proclitics optionally removed, longest first:
/// the word itself, then without و/ف, then without a following ب/ك/ل (or لل → ال).
/// Readings shorter than two letters are not offered.
pub fn proclitic_readings(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    let mut stems: Vec<&str> = vec![word];
    if let Some(rest) = word.strip_prefix('و').or_else(|| word.strip_prefix('ف')) {
        stems.push(rest);
    }
    for stem in stems.clone() {
        if let Some(rest) = stem.strip_prefix("لل") {
            out.push(format!("ال{rest}"));
        }
        for p in ['ب', 'ك', 'ل'] {
            if let Some(rest) = stem.strip_prefix(p) {
                stems.push(rest);
            }
        }
    }
    for s in stems.into_iter().skip(1) {
        if s.chars().count() >= 2 && !out.iter().any(|o| o == s) {
            out.push(s.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vowelled_and_plain_spellings_fold_together() {
        assert_eq!(normalize("مُحَمَّد"), normalize("محمد"));
        assert_eq!(normalize("أحمـــد"), "احمد");
        assert_eq!(normalize("مدرسة"), "مدرسه");
        assert_eq!(normalize("مستشفى"), "مستشفي");
        assert_eq!(normalize("NATO Ünal"), "nato ünal");
        assert_eq!(normalize("ی ک ٱ"), "ي ك ا");
    }

    #[test]
    fn clitic_readings_include_the_bare_name() {
        let r = proclitic_readings("وروسيا");
        assert!(r.contains(&"روسيا".to_string()));
        let r = proclitic_readings("بموسكو");
        assert!(r.contains(&"موسكو".to_string()));
        let r = proclitic_readings("للحلف");
        assert!(r.contains(&"الحلف".to_string()));
    }
}
