//! Arabic normalisation shared by analysis, search and the library index.
//!
//! [`normalize`] removes harakat (diacritics) and tatweel and folds letter forms
//! (أ إ آ ٱ → ا, ى → ي, ة → ه, Persian ی ک → ي ك), so vowelled and plain spellings compare equal.
//! [`proclitic_readings`] lists a word with its leading proclitics (و ف, then ب ك ل, and لل → ال) taken off.

/// Whether `c` is an Arabic diacritic (harakat, shadda, sukun, dagger alef, Quranic marks).
pub fn is_harakah(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06DC}' | '\u{06DF}'..='\u{06E8}' | '\u{06EA}'..='\u{06ED}' | '\u{08D3}'..='\u{08FF}')
}

/// Whether `c` belongs to a word: a letter or digit of any script, or an Arabic diacritic or
/// tatweel. The Arabic letters, diacritics and digits and ASCII are answered without the
/// Unicode tables.
pub fn is_word_char(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphanumeric(),
        '\u{0621}'..='\u{065F}' | '\u{0660}'..='\u{0669}' => true,
        _ => c.is_alphanumeric() || is_harakah(c),
    }
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

/// [`normalize`], borrowing the input when normalising changes nothing (most words).
pub fn normalize_cow(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().all(|c| fold_char(c) == Some(c)) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(normalize(s))
    }
}

/// Whether a normalised word has the shape of a nisba adjective: ال + … + ي or يه
/// (الفرنسي، الأسبوعية).
pub fn is_nisba(norm: &str) -> bool {
    norm.starts_with("ال") && (norm.ends_with('ي') || norm.ends_with("يه"))
}

/// The readings of one (normalised) word with leading proclitics optionally removed, longest first:
/// the word itself, then without و/ف, then without a following ب/ك/ل (or لل → ال).
/// Readings shorter than two letters are not offered.
pub fn proclitic_readings(word: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for_each_proclitic_reading(word, |r| {
        if !out.iter().any(|o| o == r) {
            out.push(r.to_string());
        }
    });
    out
}

/// The readings of a phrase of normalised words: every proclitic reading of its first word,
/// followed by the other words (وبحلف شمال الأطلسي → … حلف شمال الأطلسي). None for no words.
pub fn phrase_readings<S: AsRef<str>>(words: &[S]) -> Vec<String> {
    let Some((first, rest)) = words.split_first() else {
        return Vec::new();
    };
    let tail: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
    let tail = tail.join(" ");
    proclitic_readings(first.as_ref())
        .into_iter()
        .map(|r| {
            if tail.is_empty() {
                r
            } else {
                format!("{r} {tail}")
            }
        })
        .collect()
}

/// Visit the readings [`proclitic_readings`] lists, in the same order, without allocating
/// (except for a لل → ال reading).
pub fn for_each_proclitic_reading(word: &str, mut f: impl FnMut(&str)) {
    f(word);
    let rest1 = word.strip_prefix('و').or_else(|| word.strip_prefix('ف'));
    for stem in std::iter::once(word).chain(rest1) {
        if let Some(rest) = stem.strip_prefix("لل") {
            f(&format!("ال{rest}"));
        }
    }
    let long_enough = |s: &str| s.chars().nth(1).is_some();
    for s in rest1
        .into_iter()
        .chain(strip_bkl(word))
        .chain(rest1.and_then(strip_bkl))
    {
        if long_enough(s) {
            f(s);
        }
    }
}

fn strip_bkl(s: &str) -> Option<&str> {
    s.strip_prefix('ب')
        .or_else(|| s.strip_prefix('ك'))
        .or_else(|| s.strip_prefix('ل'))
}

/// Pronouns, particles and prepositions, which never end or start a name.
pub fn is_function_word(tok: &str) -> bool {
    let n = normalize(tok);
    matches!(
        n.as_str(),
        "هي" | "هو"
            | "هم"
            | "هما"
            | "انه"
            | "انها"
            | "ان"
            | "بان"
            | "لان"
            | "وان"
            | "فان"
            | "في"
            | "من"
            | "علي"
            | "الي"
            | "عن"
            | "مع"
            | "قد"
            | "لم"
            | "لن"
            | "لا"
            | "ما"
            | "و"
            | "ف"
            | "ثم"
            | "او"
            | "ام"
            | "بل"
            | "التي"
            | "الذي"
            | "الذين"
            | "هذا"
            | "هذه"
            | "ذلك"
            | "تلك"
            | "كان"
            | "كانت"
            | "يكون"
            | "حيث"
            | "قال"
            | "قالت"
            | "بعد"
            | "قبل"
            | "عند"
            | "منذ"
            | "حتي"
            | "كما"
            | "لكن"
            | "اذا"
            | "اذ"
            | "بين"
            | "خلال"
    ) || tok.chars().all(|c| !c.is_alphanumeric())
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
    fn word_chars_agree_with_the_unicode_tables() {
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            let slow = c.is_alphanumeric() || is_harakah(c) || c == '\u{0640}';
            assert_eq!(is_word_char(c), slow, "{c:?}");
        }
    }

    #[test]
    fn readings_come_longest_first() {
        assert_eq!(
            proclitic_readings("وللحلف"),
            ["وللحلف", "الحلف", "للحلف", "لحلف"]
        );
        assert_eq!(
            proclitic_readings("وبالرياض"),
            ["وبالرياض", "بالرياض", "الرياض"]
        );
        assert_eq!(proclitic_readings("وب"), ["وب"]);
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
