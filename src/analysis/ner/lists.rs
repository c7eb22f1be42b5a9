//! Names in lists joined by و. In a list of people (وبطولة صلاح الملا وصمود وباسمة حمادة وإلهام
//! علي) the model tags most names but misses those that are also ordinary words (صمود، شمعة):
//! words between two tagged people are people too, one per conjunction. A listed organisation
//! or place joined by و to a tagged one of the same kind is one too (فريقي الهلال والنصر).

use crate::analysis::gazetteer::{GazKind, Gazetteer};
use crate::analysis::normalize::{for_each_proclitic_reading, is_function_word};

const B_PER: usize = 1;
const I_PER: usize = 2;
/// The most words between two people that a list rule fills.
const MAX_GAP: usize = 3;

/// Whether a normalised word starts with the conjunction و and is not a listed given name
/// that starts with it (وليد). (ف rarely joins names, and starts many: فالون، فرانك.)
pub fn starts_with_conjunction(norm: &str) -> bool {
    norm.starts_with('و')
        && norm.chars().count() > 2
        && !Gazetteer::get().contains(norm, GazKind::Given)
}

/// Whether a normalised word is the conjunction and a listed given name (ودانة = و + دانة).
fn conjunction_and_given(norm: &str) -> bool {
    starts_with_conjunction(norm)
        && norm
            .strip_prefix('و')
            .is_some_and(|name| Gazetteer::get().contains(name, GazKind::Given))
}

/// Person chunks (start, end) of a tagged sentence.
fn person_chunks(tags: &[usize]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        if tags[i] != B_PER && tags[i] != I_PER {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < tags.len() && tags[j] == I_PER {
            j += 1;
        }
        out.push((i, j));
        i = j;
    }
    out
}

/// Whether some proclitic reading of a normalised word is a one-word listed name of `kind`.
fn listed(norm: &str, kind: GazKind) -> bool {
    let g = Gazetteer::get();
    let mut found = false;
    for_each_proclitic_reading(norm, |r| found |= g.contains(r, kind));
    found
}

/// An untagged listed organisation or place joined by و to a tagged one of the same kind
/// (الهلال والنصر, والنصر والهلال) is tagged like it.
fn tag_coordinated_names(norms: &[&str], tags: &mut [usize]) {
    const KINDS: [(usize, GazKind); 2] = [(3, GazKind::Org), (5, GazKind::Loc)];
    let n = tags.len();
    for k in 0..n {
        if tags[k] != 0 {
            continue;
        }
        for (begin, kind) in KINDS {
            // X وY: Y is a one-word chunk of the kind, X is listed.
            let before = k + 1 < n
                && tags[k + 1] == begin
                && (k + 2 == n || tags[k + 2] != begin + 1)
                && starts_with_conjunction(norms[k + 1]);
            // Y وX: the chunk before ends at k - 1, X starts with the conjunction.
            let after = k > 0
                && (tags[k - 1] == begin || tags[k - 1] == begin + 1)
                && starts_with_conjunction(norms[k]);
            if (before || after) && listed(norms[k], kind) {
                tags[k] = begin;
                break;
            }
        }
    }
}

/// Apply the list rules to one sentence (`norms`: normalised words; `tags`: tag indices).
pub fn tag_listed_names(norms: &[&str], tags: &mut [usize]) {
    tag_coordinated_names(norms, tags);
    tag_listed_people(norms, tags);
}

fn tag_listed_people(norms: &[&str], tags: &mut [usize]) {
    // A person chunk that runs on into «و + given name» is two people (شمعة محمد|ودانة آل سالم).
    for k in 1..tags.len() {
        if tags[k] == I_PER && conjunction_and_given(norms[k]) {
            tags[k] = B_PER;
        }
    }
    let chunks = person_chunks(tags);
    for w in 0..chunks.len().saturating_sub(1) {
        let (a_start, gap_start) = chunks[w];
        let (gap_end, b_end) = chunks[w + 1];
        let gap = gap_end - gap_start;
        if gap == 0 || gap > MAX_GAP {
            continue;
        }
        let words_only = (gap_start..gap_end).all(|k| {
            tags[k] == 0
                && !is_function_word(norms[k])
                && norms[k].chars().count() >= 2
                && norms[k].chars().all(char::is_alphabetic)
        });
        let has_conjunction = (gap_start..gap_end).any(|k| starts_with_conjunction(norms[k]));
        // A list: the first person already follows a conjunction, or another person
        // joined by one follows the second.
        let list = starts_with_conjunction(norms[a_start])
            || chunks
                .get(w + 2)
                .is_some_and(|&(c, _)| c == b_end && starts_with_conjunction(norms[c]));
        if !(words_only && has_conjunction && list) {
            continue;
        }
        // Words before the first conjunction finish the first name; each conjunction starts
        // a name; the second person's words finish the last one unless they start their own.
        for k in gap_start..b_end {
            let starts_item = starts_with_conjunction(norms[k]);
            tags[k] = if k == gap_end && !starts_item {
                I_PER
            } else if starts_item {
                B_PER
            } else {
                I_PER
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::normalize::normalize;

    fn run(text: &str, tags: &[&str]) -> Vec<String> {
        let words: Vec<String> = text.split(' ').map(normalize).collect();
        let norms: Vec<&str> = words.iter().map(String::as_str).collect();
        let mut ts: Vec<usize> = tags
            .iter()
            .map(|t| super::super::tags::tag_index(t))
            .collect();
        tag_listed_names(&norms, &mut ts);
        ts.iter()
            .map(|&t| super::super::tags::TAG_NAMES[t].to_string())
            .collect()
    }

    #[test]
    fn words_between_listed_people_are_people() {
        let got = run(
            "وبطولة صلاح الملا وصمود وباسمة حمادة وإلهام علي",
            &["O", "B-PER", "O", "O", "O", "B-PER", "B-PER", "I-PER"],
        );
        assert_eq!(
            got,
            [
                "O", "B-PER", "I-PER", "B-PER", "B-PER", "I-PER", "B-PER", "I-PER"
            ]
        );
    }

    #[test]
    fn a_verb_between_two_people_outside_a_list_stays() {
        let got = run("قال بوش وأضاف تشيني", &["O", "B-PER", "O", "B-PER"]);
        assert_eq!(got, ["O", "B-PER", "O", "B-PER"]);
    }
}
