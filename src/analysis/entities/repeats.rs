//! Mentions the tagger missed: every occurrence in the article of a form an entity is known by
//! (its mentions, its alias group's names, a person's distinctive first or last name).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::rc::Rc;

use super::link::{aliases, without_org_head};
use super::{is_ordinary_word, strip_proclitics};
use crate::analysis::gazetteer::{GazKind, Gazetteer};
use crate::analysis::ner::lexicon::WordInfo;
use crate::analysis::ner::tokenize::{Token, tokenize};
use crate::analysis::normalize::{
    for_each_proclitic_reading, is_function_word, is_nisba, normalize, phrase_readings,
};
use crate::analysis::{Entity, EntityType, Mention};

/// A form that [`add_repeats`] looks for: the entity it names, and whether it is an ordinary
/// word (الأخضر, إلهام) that does not count right after a definite word (الضوء الأخضر).
#[derive(Clone, Copy)]
pub(super) struct Form {
    entity: usize,
    ordinary_word: bool,
}

/// First words that are not a given name on their own (عبد الله, أبو محمد, آل سعود).
pub(super) const NAME_PREFIXES: &[&str] =
    &["عبد", "ابو", "ابن", "بن", "بنت", "ام", "ال", "ذو", "ذي"];

/// The forms each entity is known by in this article: its mentions (first word without its
/// proclitics), the other names in its alias group (الجنرز for آرسنال, د ب أ for وكالة الأنباء
/// الألمانية), a non-person's one-word name with ال (التورنادو), and a person's first or last
/// name when no other person in the article shares it (ميك for ميك فانينج).
pub(super) fn entity_forms(ents: &[Entity]) -> HashMap<Vec<String>, Form> {
    let ordinary = |w: &[String]| w.len() == 1 && is_ordinary_word(&w[0]);
    let mut forms: HashMap<Vec<String>, Form> = HashMap::default();
    let add = |forms: &mut HashMap<Vec<String>, Form>, words: Vec<String>, entity: usize| {
        if words.is_empty()
            || (words.len() == 1 && (words[0].chars().count() < 3 || is_function_word(&words[0])))
        {
            return;
        }
        let ordinary_word = ordinary(&words);
        forms.entry(words).or_insert(Form {
            entity,
            ordinary_word,
        });
    };
    let mention_words = |text: &str| -> Vec<String> {
        let mut words: Vec<String> = tokenize(text).iter().map(|t| normalize(t.text)).collect();
        if let Some(first) = words.first_mut() {
            *first = strip_proclitics(first);
        }
        words
    };
    for (ei, e) in ents.iter().enumerate() {
        for m in &e.mentions {
            add(&mut forms, mention_words(&m.text), ei);
        }
    }
    let alias = aliases();
    for (ei, e) in ents.iter().enumerate() {
        let group = e.mentions.iter().find_map(|m| {
            let norm = normalize(&m.text);
            phrase_readings(&norm.split_whitespace().collect::<Vec<_>>())
                .into_iter()
                .find_map(|key| alias.ids.get(&key).copied())
                .or_else(|| {
                    let words = mention_words(&m.text);
                    alias.ids.get(&without_org_head(&words).join(" ")).copied()
                })
        });
        for name in group.map(|g| &alias.groups[g]).into_iter().flatten() {
            add(
                &mut forms,
                name.split(' ').map(str::to_string).collect(),
                ei,
            );
        }
        if e.kind != EntityType::PER
            && let [word] = &mention_words(&e.name)[..]
            && !word.starts_with("ال")
            && word.chars().count() >= 3
            && !is_ordinary_word(word)
        {
            add(&mut forms, vec![format!("ال{word}")], ei);
        }
    }
    // A person's first or last name, when it is in no other person's name.
    let names: Vec<Vec<String>> = ents
        .iter()
        .map(|e| {
            if e.kind == EntityType::PER {
                mention_words(&e.name)
            } else {
                Vec::new()
            }
        })
        .collect();
    let mut owners: HashMap<&str, usize> = HashMap::default();
    for words in &names {
        let mut unique: Vec<&str> = words.iter().map(String::as_str).collect();
        unique.sort_unstable();
        unique.dedup();
        for w in unique {
            *owners.entry(w).or_default() += 1;
        }
    }
    // Only a part that cannot be read as something else: no ordinary word, even after a
    // proclitic (سعيد، الأمير، بفيروس), no place (بجدة), no adjective shape (التركي), no particle.
    let g = Gazetteer::get();
    let name_kinds = [GazKind::Given, GazKind::Surname, GazKind::Per];
    let distinctive = |part: &str| {
        owners.get(part) == Some(&1)
            && !NAME_PREFIXES.contains(&part)
            && !is_ordinary_word(part)
            && !is_nisba(part)
            && g.word_kinds(part).iter().all(|k| name_kinds.contains(k))
    };
    for (ei, words) in names.iter().enumerate() {
        if words.len() < 2 {
            continue;
        }
        let first = &words[0];
        let last = &words[words.len() - 1];
        if distinctive(first)
            && !first.starts_with("ال")
            && !NAME_PREFIXES.contains(&words[1].as_str())
        {
            add(&mut forms, vec![first.clone()], ei);
        }
        if distinctive(last) && !NAME_PREFIXES.contains(&words[words.len() - 2].as_str()) {
            add(&mut forms, vec![last.clone()], ei);
        }
    }
    forms
}

/// Every occurrence in the article of a recognised entity's forms (see [`entity_forms`]; with
/// or without attached proclitics: وروسيا، بموسكو، لحلف الناتو) becomes a mention of it, so a
/// name the tagger found in one paragraph is also linked where the tagger missed it. Longest
/// forms win; a form of one word needs at least three letters.
pub(super) fn add_repeats(
    blocks: &[&str],
    block_toks: &[Vec<Token<'_>>],
    block_words: &[Vec<Rc<WordInfo>>],
    ents: &mut [Entity],
) {
    let forms = entity_forms(ents);
    if forms.is_empty() {
        return;
    }
    // First word → (other words, form), so each token costs a few lookups.
    let mut by_first: HashMap<&str, Vec<(&[String], Form)>> = HashMap::default();
    for (words, &form) in &forms {
        by_first
            .entry(words[0].as_str())
            .or_default()
            .push((&words[1..], form));
    }
    let mut seen: HashSet<(usize, String)> = ents
        .iter()
        .enumerate()
        .flat_map(|(ei, e)| e.mentions.iter().map(move |m| (ei, m.text.clone())))
        .collect();
    for (bi, block) in blocks.iter().enumerate() {
        let toks = &block_toks[bi];
        let norm: Vec<&str> = block_words[bi].iter().map(|w| &*w.norm).collect();
        let mut i = 0;
        while i < toks.len() {
            let after_definite = i > 0 && norm[i - 1].starts_with("ال");
            let mut hit: Option<(usize, usize)> = None;
            for_each_proclitic_reading(norm[i], |r| {
                for &(rest, form) in by_first.get(r).into_iter().flatten() {
                    let len = rest.len() + 1;
                    if i + len <= toks.len()
                        && norm[i + 1..i + len] == *rest
                        && !(form.ordinary_word && after_definite)
                        && hit.is_none_or(|(l, _)| len > l)
                    {
                        hit = Some((len, form.entity));
                    }
                }
            });
            let Some((len, ei)) = hit else {
                i += 1;
                continue;
            };
            let (a, b) = (toks[i].start, toks[i + len - 1].end);
            let text: String = block.chars().skip(a).take(b - a).collect();
            if seen.insert((ei, text.clone())) {
                ents[ei].mentions.push(Mention {
                    text,
                    paragraph: bi,
                    start: a,
                    end: b,
                });
            }
            i += len;
        }
    }
}
