//! Names in quote marks after a head noun: a work, programme or operation after its kind
//! (رواية «عزازيل», مسلسل "باب الحارة", عملية «عاصفة الحزم») is a MISC name, and a newspaper,
//! channel or agency (صحيفة «الشرق الأوسط», قناة "العربية") an organisation. The marks delimit
//! the name exactly, so the span replaces whatever the model tagged inside them. A name in
//! quote marks after «قال لـ» or «في تصريح إلى» is the outlet that was spoken to (ORG).

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::analysis::normalize::{for_each_proclitic_reading, is_nisba, normalize};

use super::tags::{is_begin, tag_index};

/// Head nouns of works, programmes, campaigns and events (MISC).
const WORK_HEADS: &[&str] = &[
    "كتاب",
    "رواية",
    "ديوان",
    "قصيدة",
    "مسرحية",
    "فيلم",
    "مسلسل",
    "برنامج",
    "أغنية",
    "ألبوم",
    "لوحة",
    "عملية",
    "حملة",
    "مبادرة",
    "مشروع",
    "مهرجان",
    "مسابقة",
    "قصة",
    "سلسلة",
    "معرض",
];
/// Head nouns of organisations (ORG).
const ORG_HEADS: &[&str] = &[
    "صحيفة",
    "جريدة",
    "مجلة",
    "قناة",
    "وكالة",
    "موقع",
    "شركة",
    "إذاعة",
    "فضائية",
    "جمعية",
    "مؤسسة",
    "منظمة",
    "حركة",
    "حزب",
    "نادي",
    "فرقة",
    "دار",
];

/// Normalised head noun (with and without ال) → the `B-` tag of its names.
fn heads() -> &'static FxHashMap<String, usize> {
    static H: OnceLock<FxHashMap<String, usize>> = OnceLock::new();
    H.get_or_init(|| {
        let mut m = FxHashMap::default();
        for (list, typ) in [
            (WORK_HEADS, tag_index("B-MISC")),
            (ORG_HEADS, tag_index("B-ORG")),
        ] {
            for h in list {
                let n = normalize(h);
                // The dual before a name pair: صحيفتي «ميل أون صنداي» و«أس».
                if let Some(stem) = n.strip_suffix('ه') {
                    m.insert(format!("{stem}تي"), typ);
                }
                m.insert(format!("ال{n}"), typ);
                m.insert(n, typ);
            }
        }
        m
    })
}

fn is_quote_mark(t: &str) -> bool {
    matches!(t, "«" | "»" | "“" | "”" | "\"" | "″")
}

fn head_tag(norm: &str) -> Option<usize> {
    let heads = heads();
    let mut found = None;
    for_each_proclitic_reading(norm, |r| {
        found = found.or_else(|| heads.get(r).copied());
    });
    found
}

/// Whether the quote mark at `i` opens the name of the outlet a statement was given to:
/// right after لـ or إلى after a reporting verb or a statement noun (قال لـ«الوطن»، في تصريح
/// خاص إلى "عكاظ").
fn is_outlet_position(norms: &[&str], i: usize) -> bool {
    let cues = crate::analysis::cues::lexicon();
    if i < 2 || !matches!(norms[i - 1], "ل" | "الي") {
        return false;
    }
    let mut k = i - 2;
    if matches!(norms[k], "خاص" | "خاصه") && k > 0 {
        k -= 1;
    }
    // إلى after a verb is where it points (أشار إلى «محاولة خطف»), not who was told.
    cues.is_statement(norms[k])
        || (norms[i - 1] == "ل" && cues.cue(norms[k]) == Some(crate::analysis::cues::CueKind::Verb))
}

/// Tag the names in quote marks after a head noun in one sentence (`norms`: its normalised
/// tokens; `tags`: indices into [`super::tags::TAG_NAMES`]).
pub fn tag_quoted_names(norms: &[&str], tags: &mut [usize]) {
    const MAX_WORDS: usize = 6;
    let mut i = 1;
    // The tag of the quoted name just closed, and where the next one may open: a second name
    // joined by و takes the same head (صحيفتي «ميل أون صنداي» الإنجليزية و«أس» الإسبانية).
    let mut previous: Option<(usize, usize)> = None;
    while i < norms.len() {
        if !is_quote_mark(norms[i]) {
            i += 1;
            continue;
        }
        let joined = previous.and_then(|(b, open)| (i == open && norms[i - 1] == "و").then_some(b));
        let outlet = is_outlet_position(norms, i).then(|| tag_index("B-ORG"));
        let Some(b) = head_tag(norms[i - 1]).or(joined).or(outlet) else {
            i += 1;
            continue;
        };
        let close = (i + 2..norms.len().min(i + 2 + MAX_WORDS)).find(|&k| is_quote_mark(norms[k]));
        let Some(close) = close else {
            i += 1;
            continue;
        };
        let inner = i + 1..close;
        if norms[inner.clone()]
            .iter()
            .any(|w| !w.chars().any(char::is_alphanumeric))
        {
            i = close;
            continue;
        }
        // A chunk running on past the closing mark is cut there (its I- tag becomes B-).
        if let Some(t) = tags.get_mut(close + 1)
            && *t != 0
            && !is_begin(*t)
        {
            *t -= 1;
        }
        for (k, t) in tags[inner].iter_mut().enumerate() {
            *t = if k == 0 { b } else { b + 1 };
        }
        // و and the next mark, after at most one adjective (الإنجليزية).
        let adjective = usize::from(norms.get(close + 1).is_some_and(|w| is_nisba(w)));
        previous = Some((b, close + 2 + adjective));
        i = close + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ner::tags::TAG_NAMES;

    fn tag(words: &[&str]) -> Vec<&'static str> {
        let norms: Vec<String> = words.iter().map(|w| normalize(w)).collect();
        let norms: Vec<&str> = norms.iter().map(String::as_str).collect();
        let mut tags = vec![0; words.len()];
        tag_quoted_names(&norms, &mut tags);
        tags.iter().map(|&t| TAG_NAMES[t]).collect()
    }

    #[test]
    fn works_and_newspapers_in_quote_marks_are_names() {
        assert_eq!(
            tag(&["صدرت", "روايته", "الجديدة", "«", "عزازيل", "»", "أمس"]),
            ["O"; 7],
            "the head must be right before the mark"
        );
        assert_eq!(
            tag(&["وعرض", "مسلسل", "«", "باب", "الحارة", "»", "أمس"]),
            ["O", "O", "O", "B-MISC", "I-MISC", "O", "O"]
        );
        assert_eq!(
            tag(&["وقال", "لصحيفة", "\"", "الشرق", "الأوسط", "\"", "إن"]),
            ["O", "O", "O", "B-ORG", "I-ORG", "O", "O"]
        );
    }

    #[test]
    fn a_dual_head_names_both_quoted_names() {
        assert_eq!(
            tag(&[
                "صحيفتي",
                "\"",
                "ميل",
                "أون",
                "صنداي",
                "\"",
                "الإنجليزية",
                "و",
                "\"",
                "أس",
                "\"",
                "الإسبانية"
            ]),
            [
                "O", "O", "B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O", "B-ORG", "O", "O"
            ]
        );
    }

    #[test]
    fn the_outlet_a_statement_was_given_to_is_an_organisation() {
        assert_eq!(
            tag(&["وقال", "لـ", "\"", "الوطن", "\"", "إن"]),
            ["O", "O", "O", "B-ORG", "O", "O"]
        );
        assert_eq!(
            tag(&["في", "تصريح", "خاص", "إلى", "«", "الوطن", "»"]),
            ["O", "O", "O", "O", "O", "B-ORG", "O"]
        );
        assert_eq!(
            tag(&["ذهب", "إلى", "«", "الوطن", "»"]),
            ["O"; 5],
            "not after a reporting word"
        );
        assert_eq!(
            tag(&["وأشار", "إلى", "\"", "محاولة", "خطف", "\""]),
            ["O"; 6],
            "what a verb points to is no outlet"
        );
    }

    #[test]
    fn speech_in_quote_marks_is_left_alone() {
        assert_eq!(tag(&["وقال", "«", "لن", "نتراجع", "»"]), ["O"; 5]);
        let long = ["برنامج", "«", "a", "b", "c", "d", "e", "f", "g", "»"];
        assert!(tag(&long).iter().all(|t| *t == "O"), "too long for a name");
    }
}
