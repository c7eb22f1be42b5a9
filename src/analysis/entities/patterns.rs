//! Name patterns over a tagged sentence, applied before spans are cut: head nouns of facilities,
//! organisations and events join the name after them, compass and country adjectives join the
//! name before them, and «المملكة» on its own is a place.

use super::reading_in;
use crate::analysis::EntityType;
use crate::analysis::gazetteer::{GazKind, Gazetteer};
use crate::analysis::normalize::{is_nisba, normalize};

/// «المملكة», normalised: on its own, the kingdom the article is about.
pub(super) const KINGDOM: &str = "المملكه";

/// Head nouns of facilities, which are places (فندق بيبلوس، مطار الملك خالد).
pub(super) const PLACE_HEADS: &[&str] = &["فندق", "مطار", "ملعب", "استاد", "مستشفي", "منتجع"];

/// Head nouns of organisations (قناة أبو ظبي، جامعة الملك سعود، منتخب مصر).
pub(super) const ORG_HEADS: &[&str] = &[
    "قناه",
    "صحيفه",
    "جريده",
    "مجله",
    "اذاعه",
    "شركه",
    "جامعه",
    "منتخب",
    "بنك",
];

/// Compass adjectives that belong to a place's name (القدس الشرقية، كوريا الشمالية).
pub(super) const COMPASS: &[&str] = &[
    "الشرقيه",
    "الغربيه",
    "الشماليه",
    "الجنوبيه",
    "الوسطي",
    "الشرقي",
    "الغربي",
    "الشمالي",
    "الجنوبي",
];

/// Whether a normalised word is an adjective of nationality or origin (اللبناني، الامريكيه):
/// ال + a word ending in ي or يه, not a compass adjective.
pub(super) fn is_nationality_adjective(word: &str) -> bool {
    is_nisba(word) && word.chars().count() >= 5 && !COMPASS.contains(&word)
}

/// Whether a normalised nisba adjective is made from a country or region of the hand-written
/// list (السعودي ← السعودية, الفرنسي ← فرنسا, الألماني ← ألمانيا, المصري ← مصر); the world list
/// of towns is too large for this (الدولية is not from دولا).
pub(super) fn is_place_adjective(norm: &str) -> bool {
    let g = Gazetteer::get();
    let Some(stem) = norm
        .strip_prefix("ال")
        .and_then(|w| w.strip_suffix("يه").or_else(|| w.strip_suffix('ي')))
    else {
        return false;
    };
    [
        stem.to_string(),
        format!("{stem}ا"),
        format!("{stem}يا"),
        format!("ال{stem}يه"),
    ]
    .iter()
    .any(|place| g.contains(place, GazKind::Loc))
}

/// Words that name an event, treaty or programme after an organisation or place
/// (قمة الناتو، مبادرة الناتو 2030، اتفاقية باريس).
pub(super) const EVENT_HEADS: &[&str] = &[
    "قمه",
    "مبادره",
    "معاهده",
    "اتفاقيه",
    "اتفاق",
    "مؤتمر",
    "منتدي",
    "مهرجان",
    "بطوله",
    "كاس",
    "جائزه",
    "دوره",
    "عمليه",
    "خطه",
    "رؤيه",
];

/// General name patterns over one tagged sentence: a facility or organisation head noun
/// before a tagged name joins it (and gives the type), an event head noun joins a tagged
/// event (كأس السوبر), a compass adjective after a place and a nationality adjective after an
/// event join it, «المنتخب» with a nationality adjective is a team. Tags are changed in place.
/// (ANERcorp puts كأس, الدوري and such adjectives inside some names and outside others, and
/// doing this in the tagger lowered its cross-validated F1 from 0.774 to 0.772; the article
/// analysis follows the annotation of `shared/eval`, which keeps them, as readers name events.)
/// Returns extra nested spans (start, end, kind): an event head before a tagged organisation
/// or place names an event (قمة الناتو), with a following year or number (مبادرة الناتو 2030).
pub(super) fn name_patterns(words: &[&str], ts: &mut [usize]) -> Vec<(usize, usize, EntityType)> {
    let n = words.len();
    // Normalised only where needed (this runs on every sentence of every article).
    let norm = |k: usize| normalize(words[k]);
    let mut extra = Vec::new();
    // «المنتخب» + nationality adjective.
    for k in 0..n.saturating_sub(1) {
        if ts[k] == 0 && ts[k + 1] == 0 && words[k].contains("منتخب") {
            let next = norm(k + 1);
            if reading_in(&norm(k), &["المنتخب"])
                && next.starts_with("ال")
                && next.ends_with('ي')
                && next.chars().count() >= 5
            {
                ts[k] = 3;
                ts[k + 1] = 4;
            }
        }
    }
    // «المملكة» on its own is the kingdom the article is about (a place); «المملكة المتحدة»
    // and «المملكة العربية السعودية» are left to the tagger.
    for k in 0..n {
        if ts[k] == 0
            && words[k].contains("مملك")
            && reading_in(&norm(k), &[KINGDOM])
            && (k + 1 == n || (ts[k + 1] == 0 && !norm(k + 1).starts_with("ال")))
        {
            ts[k] = 5;
        }
    }
    let mut i = 0;
    while i < n {
        if ts[i] == 0 {
            i += 1;
            continue;
        }
        let typ = ts[i].div_ceil(2);
        let mut j = i + 1;
        while j < n && ts[j] == 2 * typ {
            j += 1;
        }
        let mut typ2 = typ;
        let mut start = i;
        if i > 0 && ts[i - 1] == 0 {
            let head = norm(i - 1);
            if reading_in(&head, PLACE_HEADS) {
                typ2 = 3;
                start = i - 1;
            } else if reading_in(&head, ORG_HEADS) {
                typ2 = 2;
                start = i - 1;
            } else if (typ == 2 || typ == 3) && reading_in(&head, EVENT_HEADS) {
                let mut end = j;
                if end < n && words[end].chars().all(|c| c.is_numeric()) {
                    end += 1;
                }
                extra.push((i - 1, end, EntityType::MISC));
            } else if typ == 4 && reading_in(&head, EVENT_HEADS) {
                start = i - 1;
            }
        }
        let mut end = j;
        if typ2 == 3 && end < n && ts[end] == 0 && COMPASS.contains(&norm(end).as_str()) {
            end += 1;
        }
        // An event's name takes the adjective of a country after it (السوبر السعودي), or any
        // such adjective when it starts with its head noun (بطولة عسير الدولية).
        if typ2 == 4 && end < n && ts[end] == 0 {
            let adjective = norm(end);
            if is_nationality_adjective(&adjective)
                && (reading_in(&norm(start), EVENT_HEADS) || is_place_adjective(&adjective))
            {
                end += 1;
            }
        }
        if (start, end, typ2) != (i, j, typ) {
            ts[start] = 2 * typ2 - 1;
            for t in &mut ts[start + 1..end] {
                *t = 2 * typ2;
            }
        }
        i = end;
    }
    extra
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjectives_of_countries_are_told_from_other_nisbas() {
        for adjective in ["السعودي", "الفرنسي", "الألماني", "المصري", "الأمريكية"]
        {
            assert!(is_place_adjective(&normalize(adjective)), "{adjective}");
        }
        for adjective in ["العلي", "الدولية", "الثاني"] {
            assert!(!is_place_adjective(&normalize(adjective)), "{adjective}");
        }
    }
}
