//! Named entities of an article: run the recogniser over each block, then link mentions into
//! entities by normalised form, clitic-stripped form, the alias table (`assets/ner/aliases.txt`)
//! and, for people, last-name matching (ستولتنبرغ → ينس ستولتنبرغ). An entity's name is its
//! fullest form; each distinct surface string is listed once, at its first location.

#![allow(clippy::needless_range_loop)] // index loops over parallel arrays read clearer here

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

use super::gazetteer::{GazKind, Gazetteer};
use super::ner::lexicon::WordInfo;
use super::ner::{
    self, tags,
    tokenize::{Token, tokenize},
};
use super::normalize::{
    for_each_proclitic_reading, is_function_word, is_nisba, normalize, proclitic_readings,
};
use super::{Entity, EntityType, Mention};
use std::rc::Rc;

/// A recognised span before linking.
#[derive(Debug, Clone)]
struct Span {
    kind: EntityType,
    mention: Mention,
    /// Normalised words with the first word's proclitics removed (most likely reading).
    bare: Vec<String>,
}

/// Find the named entities in an article's blocks (block index = [`Mention::paragraph`],
/// offsets in code points, surface text including attached proclitics).
pub fn recognize(blocks: &[&str]) -> Vec<Entity> {
    let toks: Vec<Vec<Token<'_>>> = blocks.iter().map(|b| tokenize(b)).collect();
    let (spans, words) = article_spans(blocks, &toks);
    let mut ents = link(spans);
    ents.retain(|e| !e.mentions.iter().all(|m| is_currency(&m.text)));
    add_repeats(blocks, &toks, &words, &mut ents);
    ents
}

/// Whether a mention names a currency (الدولار، بالريال السعودي): the tagger learnt them as
/// names from ANERcorp, but they are not people, organisations, places or events.
fn is_currency(text: &str) -> bool {
    let norm = normalize(text);
    let g = Gazetteer::get();
    // The whole name, or its first word when an adjective follows (الدولار الأمريكي).
    [norm.as_str(), norm.split(' ').next().unwrap_or_default()]
        .iter()
        .any(|w| g.word_kinds(w).contains(&GazKind::Currency))
}

/// A form that [`add_repeats`] looks for: the entity it names, and whether it is an ordinary
/// word (الأخضر, إلهام) that does not count right after a definite word (الضوء الأخضر).
#[derive(Clone, Copy)]
struct Form {
    entity: usize,
    ordinary_word: bool,
}

/// First words that are not a given name on their own (عبد الله, أبو محمد, آل سعود).
const NAME_PREFIXES: &[&str] = &["عبد", "ابو", "ابن", "بن", "بنت", "ام", "ال", "ذو", "ذي"];

/// The forms each entity is known by in this article: its mentions (first word without its
/// proclitics), the other names in its alias group (الجنرز for آرسنال, د ب أ for وكالة الأنباء
/// الألمانية), a non-person's one-word name with ال (التورنادو), and a person's first or last
/// name when no other person in the article shares it (ميك for ميك فانينج).
fn entity_forms(ents: &[Entity]) -> HashMap<Vec<String>, Form> {
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
            let (first, rest) = norm.split_once(' ').unwrap_or((&norm, ""));
            proclitic_readings(first)
                .into_iter()
                .find_map(|r| {
                    let key = if rest.is_empty() {
                        r
                    } else {
                        format!("{r} {rest}")
                    };
                    alias.ids.get(&key).copied()
                })
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

/// Whether a normalised word (with or without ال) is an ordinary Arabic word.
fn is_ordinary_word(norm: &str) -> bool {
    let g = Gazetteer::get();
    g.contains(norm, GazKind::Vocab)
        || norm
            .strip_prefix("ال")
            .is_some_and(|rest| g.contains(rest, GazKind::Vocab))
}

/// Head nouns, normalised, before the name of a club, company or outlet (نادي آرسنال، شركة
/// أرامكو، وكالة رويترز): the name alone is the same organisation.
const ORG_NAME_HEADS: &[&str] = &[
    "نادي",
    "فريق",
    "شركه",
    "صحيفه",
    "جريده",
    "مجله",
    "قناه",
    "وكاله",
    "مجموعه",
];

/// A name's words without a leading head noun of [`ORG_NAME_HEADS`] (the words unchanged when
/// there is none, or nothing would be left).
fn without_org_head(words: &[String]) -> &[String] {
    match words.split_first() {
        Some((head, rest)) if !rest.is_empty() && ORG_NAME_HEADS.contains(&head.as_str()) => rest,
        _ => words,
    }
}

/// Every occurrence in the article of a recognised entity's forms (see [`entity_forms`]; with
/// or without attached proclitics: وروسيا، بموسكو، لحلف الناتو) becomes a mention of it, so a
/// name the tagger found in one paragraph is also linked where the tagger missed it. Longest
/// forms win; a form of one word needs at least three letters.
fn add_repeats(
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

fn is_sentence_end(t: &str) -> bool {
    matches!(t, "." | "!" | "?" | "؟" | "…")
}

/// Tag every block's sentences as one document and collect the tagged spans, with every
/// block's token memo entries (normalised forms).
fn article_spans(blocks: &[&str], toks: &[Vec<Token<'_>>]) -> (Vec<Span>, Vec<Vec<Rc<WordInfo>>>) {
    // (block index, token range) of each sentence.
    let mut sents: Vec<(usize, usize, usize)> = Vec::new();
    for (bi, ts) in toks.iter().enumerate() {
        let mut s = 0;
        while s < ts.len() {
            let mut e = s;
            while e < ts.len() && !is_sentence_end(ts[e].text) {
                e += 1;
            }
            let e = (e + 1).min(ts.len());
            sents.push((bi, s, e));
            s = e;
        }
    }
    let words: Vec<Vec<&str>> = sents
        .iter()
        .map(|&(bi, s, e)| toks[bi][s..e].iter().map(|t| t.text).collect())
        .collect();
    let mut tagged = ner::tag_document(&words);
    ner::gazetteer_fixups(&mut tagged);
    let mut block_words: Vec<Vec<Rc<WordInfo>>> = vec![Vec::new(); blocks.len()];
    let mut tagged_all = Vec::with_capacity(tagged.len());
    for (&(bi, _, _), t) in sents.iter().zip(tagged) {
        block_words[bi].extend(t.words);
        tagged_all.push(t.tags);
    }
    let mut out = Vec::new();
    for (si, ts) in tagged_all.iter_mut().enumerate() {
        let (bi, s, _) = sents[si];
        for (x, y, kind) in name_patterns(&words[si], ts) {
            let (a, b) = (toks[bi][s + x].start, toks[bi][s + y - 1].end);
            let text: String = blocks[bi].chars().skip(a).take(b - a).collect();
            out.extend(make_span(bi, a, b, text, kind));
        }
    }
    for (si, (&(bi, s, _), tagged)) in sents.iter().zip(&tagged_all).enumerate() {
        let block = blocks[bi];
        let toks = &toks[bi];
        let mut i = 0;
        while i < tagged.len() {
            let t = tagged[i];
            let Some(kind) = tags::entity_type(t) else {
                i += 1;
                continue;
            };
            let j = chunk_end(tagged, &words[si], i);
            // Trim function words the tagger let into the edges of a name (but علي written
            // with ya is also the name Ali, which the tagger tells apart from على).
            let trims = |tok: &str| {
                is_function_word(tok) && !(kind == EntityType::PER && tok == "علي") && tok != "إم"
            };
            let (mut x, mut y) = (i, j);
            while x < y && trims(toks[s + x].text) {
                x += 1;
            }
            // An administrative noun is not part of a place's name (بمنطقة عسير: عسير), unless
            // what follows is a name only with it (مدينة نصر).
            if kind == EntityType::LOC
                && y - x >= 2
                && reading_in(&normalize(toks[s + x].text), ner::ADMIN_NOUNS)
                && !(y - x == 2 && ner::needs_admin_noun(&words[si][x + 1..y]))
            {
                x += 1;
            }
            while y > x && (trims(toks[s + y - 1].text) || is_future_verb(toks[s + y - 1].text)) {
                y -= 1;
            }
            if x == y {
                i = j;
                continue;
            }
            let (a, b) = (toks[s + x].start, toks[s + y - 1].end);
            let text: String = block.chars().skip(a).take(b - a).collect();
            if let Some(span) = make_span(bi, a, b, text, kind) {
                out.push(span);
            }
            i = j;
        }
    }
    (out, block_words)
}

/// The end of the tagged chunk that starts at token `i`: its inside tags, and for a person
/// also names tagged side by side (توري|مورتون is one name), unless the next one starts with
/// the conjunction و (هيفاء حسين|وحسن عسيري are two people).
fn chunk_end(tagged: &[usize], words: &[&str], i: usize) -> usize {
    let kind = tags::entity_type(tagged[i]);
    let mut j = i + 1;
    while j < tagged.len()
        && tagged[j] != 0
        && (!tags::is_begin(tagged[j])
            || (kind == Some(EntityType::PER)
                && tags::entity_type(tagged[j]) == kind
                && !starts_with_conjunction(words[j])))
    {
        j += 1;
    }
    j
}

/// Whether a word starts with the conjunction و (وحسن), not as part of a listed given name
/// (وليد).
fn starts_with_conjunction(word: &str) -> bool {
    ner::lists::starts_with_conjunction(&normalize(word))
}

/// Whether some proclitic reading of the normalised word is in `set`.
fn reading_in(norm: &str, set: &[&str]) -> bool {
    let mut found = false;
    for_each_proclitic_reading(norm, |r| found |= set.contains(&r));
    found
}

/// «المملكة», normalised: on its own, the kingdom the article is about.
const KINGDOM: &str = "المملكه";

/// Head nouns of facilities, which are places (فندق بيبلوس، مطار الملك خالد).
const PLACE_HEADS: &[&str] = &["فندق", "مطار", "ملعب", "استاد", "مستشفي", "منتجع"];
/// Head nouns of organisations (قناة أبو ظبي، جامعة الملك سعود، منتخب مصر).
const ORG_HEADS: &[&str] = &[
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
const COMPASS: &[&str] = &[
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
fn is_nationality_adjective(word: &str) -> bool {
    is_nisba(word) && word.chars().count() >= 5 && !COMPASS.contains(&word)
}

/// Whether a normalised nisba adjective is made from a country or region of the hand-written
/// list (السعودي ← السعودية, الفرنسي ← فرنسا, الألماني ← ألمانيا, المصري ← مصر); the world list
/// of towns is too large for this (الدولية is not from دولا).
fn is_place_adjective(norm: &str) -> bool {
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
const EVENT_HEADS: &[&str] = &[
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
fn name_patterns(words: &[&str], ts: &mut [usize]) -> Vec<(usize, usize, EntityType)> {
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

/// Whether a word is a verb in the future tense (ستنضم، سيعود): سـ before an imperfect verb of
/// at least four letters that the word list knows (سالم is not سـ + ألم). A name never ends
/// with one.
fn is_future_verb(tok: &str) -> bool {
    let n = normalize(tok);
    n.strip_prefix('س').is_some_and(|verb| {
        verb.starts_with(['ت', 'ي', 'ن'])
            && verb.chars().count() >= 4
            && Gazetteer::get().contains(verb, GazKind::Vocab)
    })
}

/// Whether a normalised word, exactly as written, is in a list of names or the vocabulary.
fn is_listed_as_is(norm: &str) -> bool {
    let g = Gazetteer::get();
    [
        GazKind::Given,
        GazKind::Surname,
        GazKind::Per,
        GazKind::Loc,
        GazKind::Place,
        GazKind::Vocab,
    ]
    .into_iter()
    .any(|k| g.contains(norm, k))
}

fn make_span(bi: usize, a: usize, b: usize, text: String, kind: EntityType) -> Option<Span> {
    let norm = normalize(&text);
    let letters = norm.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 {
        return None;
    }
    let mut words: Vec<String> = norm.split_whitespace().map(str::to_string).collect();
    if let Some(first) = words.first_mut() {
        let stripped = strip_proclitics(first);
        // A person's name does not start with the conjunction (وصمود in a list is صمود), unless
        // the word is known with it and not without it (ويلسون).
        *first = match stripped.strip_prefix('و') {
            Some(rest)
                if kind == EntityType::PER
                    && stripped == *first
                    && rest.chars().nth(2).is_some()
                    && !is_listed_as_is(first)
                    && !Gazetteer::get().word_kinds(rest).is_empty() =>
            {
                rest.to_string()
            }
            _ => stripped,
        };
    }
    Some(Span {
        kind,
        mention: Mention {
            text,
            paragraph: bi,
            start: a,
            end: b,
        },
        bare: words,
    })
}

/// The most likely bare form of a normalised word: proclitics removed when what is left starts
/// with ال (بالرياض → الرياض, للحلف → الحلف), is a listed name (بموسكو → موسكو) or the head
/// noun of an organisation's name (لوكالة → وكالة).
pub fn strip_proclitics(word: &str) -> String {
    let g = Gazetteer::get();
    let readings = proclitic_readings(word);
    for r in readings.iter().skip(1) {
        if r.starts_with("ال") && r.chars().count() >= 5 {
            return r.clone();
        }
    }
    let listed = |w: &str, kinds: &[GazKind]| kinds.iter().any(|&k| g.contains(w, k));
    if listed(word, &[GazKind::Loc, GazKind::Place, GazKind::Given]) {
        return word.to_string();
    }
    for r in readings.iter().skip(1) {
        if listed(
            r,
            &[
                GazKind::Loc,
                GazKind::Org,
                GazKind::Given,
                GazKind::OrgTrigger,
            ],
        ) {
            return r.clone();
        }
    }
    // The world list of places is large: only the conjunction is taken off for it
    // (وفيسبادن → فيسبادن), never ب/ك/ل (بايدن is not ب + ايدن).
    if let Some(r) = word.strip_prefix(['و', 'ف'])
        && r.chars().nth(2).is_some()
        && g.contains(r, GazKind::Place)
    {
        return r.to_string();
    }
    word.to_string()
}

/// The alias table: each normalised name's group, and each group's names.
struct Aliases {
    ids: HashMap<String, usize>,
    groups: Vec<Vec<String>>,
}

fn aliases() -> &'static Aliases {
    static A: OnceLock<Aliases> = OnceLock::new();
    A.get_or_init(|| {
        let mut ids = HashMap::default();
        let mut groups = Vec::new();
        for line in include_str!("../../assets/ner/aliases.txt")
            .lines()
            .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
        {
            let id = groups.len();
            let names: Vec<String> = line
                .split(" = ")
                .map(|name| {
                    normalize(name.trim())
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .filter(|n| !n.is_empty())
                .collect();
            for name in &names {
                ids.entry(name.clone()).or_insert(id);
            }
            groups.push(names);
        }
        Aliases { ids, groups }
    })
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[rb.max(ra)] = rb.min(ra);
    }
}

/// All readings of a span's words: every proclitic reading of the first word with the rest.
fn readings(span: &Span) -> Vec<String> {
    let norm = normalize(&span.mention.text);
    let words: Vec<&str> = norm.split_whitespace().collect();
    let Some((first, rest)) = words.split_first() else {
        return Vec::new();
    };
    let rest = rest.join(" ");
    proclitic_readings(first)
        .into_iter()
        .map(|r| {
            if rest.is_empty() {
                r
            } else {
                format!("{r} {rest}")
            }
        })
        .collect()
}

fn link(spans: Vec<Span>) -> Vec<Entity> {
    let n = spans.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let bare: Vec<String> = spans.iter().map(|s| s.bare.join(" ")).collect();
    // 1. Same bare form.
    let mut by_bare: HashMap<&str, usize> = HashMap::default();
    for (i, b) in bare.iter().enumerate() {
        if let Some(&j) = by_bare.get(b.as_str()) {
            union(&mut parent, i, j);
        } else {
            by_bare.insert(b, i);
        }
    }
    // 1b. Same bare form once spaces are removed (أبو ظبي = أبوظبي، عبد الله = عبدالله).
    let mut by_compact: HashMap<String, usize> = HashMap::default();
    for (i, b) in bare.iter().enumerate() {
        let key: String = b.chars().filter(|c| !c.is_whitespace()).collect();
        if let Some(&j) = by_compact.get(&key) {
            union(&mut parent, i, j);
        } else {
            by_compact.insert(key, i);
        }
    }
    // 1c. A one-word name of a thing or place with ال is that name (التورنادو = تورنادو), when
    //     it is no ordinary word.
    for i in 0..n {
        if spans[i].kind != EntityType::PER
            && let [word] = &spans[i].bare[..]
            && let Some(rest) = word.strip_prefix("ال")
            && rest.chars().count() >= 3
            && let Some(&j) = by_bare.get(rest)
            && spans[j].kind != EntityType::PER
            && !is_ordinary_word(rest)
        {
            union(&mut parent, i, j);
        }
    }
    // 1d. An organisation after its head noun is the organisation (نادي آرسنال = آرسنال), and
    //     an event after its head noun the event (كأس السوبر السعودي = السوبر السعودي).
    for i in 0..n {
        let name = match spans[i].kind {
            EntityType::ORG => without_org_head(&spans[i].bare),
            EntityType::MISC => match spans[i].bare.split_first() {
                Some((head, rest)) if !rest.is_empty() && EVENT_HEADS.contains(&head.as_str()) => {
                    rest
                }
                _ => continue,
            },
            _ => continue,
        };
        if name.len() < spans[i].bare.len()
            && let Some(&j) = by_bare.get(name.join(" ").as_str())
            && spans[j].kind == spans[i].kind
        {
            union(&mut parent, i, j);
        }
    }
    // 2. Any reading of one equals the bare form of another; alias groups.
    let alias = aliases();
    let mut by_alias: HashMap<usize, usize> = HashMap::default();
    for i in 0..n {
        let headless = without_org_head(&spans[i].bare).join(" ");
        for r in readings(&spans[i]).into_iter().chain([headless]) {
            if let Some(&j) = by_bare.get(r.as_str()) {
                union(&mut parent, i, j);
            }
            if let Some(&g) = alias.ids.get(&r) {
                match by_alias.get(&g) {
                    Some(&j) => union(&mut parent, i, j),
                    None => {
                        by_alias.insert(g, i);
                    }
                }
                break;
            }
        }
    }
    // 2a. «المملكة» on its own is the one kingdom the article names (المملكة العربية السعودية,
    //     or السعودية through its alias group).
    let kingdom_prefix = format!("{KINGDOM} ");
    let mut kingdoms: Vec<usize> = Vec::new();
    for j in 0..n {
        let b = &bare[j];
        let named = b.starts_with(&kingdom_prefix)
            || alias.ids.get(b.as_str()).is_some_and(|&g| {
                alias.groups[g]
                    .iter()
                    .any(|name| name.starts_with(&kingdom_prefix))
            });
        if named {
            let r = find(&mut parent, j);
            if !kingdoms.contains(&r) {
                kingdoms.push(r);
            }
        }
    }
    if let [only] = kingdoms[..] {
        for i in 0..n {
            if bare[i] == KINGDOM {
                union(&mut parent, i, only);
            }
        }
    }
    // 2b. A name followed by a nationality adjective is that name (حزب الله اللبناني = حزب الله),
    //     when the name alone is recognised too; compass adjectives belong to the name.
    for i in 0..n {
        if let Some((last, rest)) = spans[i].bare.split_last()
            && !rest.is_empty()
            && is_nationality_adjective(last)
            && let Some(&j) = by_bare.get(rest.join(" ").as_str())
            && spans[j].kind == spans[i].kind
        {
            union(&mut parent, i, j);
        }
    }
    // 3. People: a shorter name that is the end of a longer one (ستولتنبرغ → ينس ستولتنبرغ).
    let per: Vec<usize> = (0..n)
        .filter(|&i| spans[i].kind == EntityType::PER)
        .collect();
    for &i in &per {
        let wi = &spans[i].bare;
        let mut best: Option<usize> = None;
        for &j in &per {
            let wj = &spans[j].bare;
            if wj.len() > wi.len() && wj[wj.len() - wi.len()..] == wi[..] {
                best = match best {
                    Some(b) if spans[b].bare.len() >= wj.len() => Some(b),
                    _ => Some(j),
                };
            }
        }
        if let Some(j) = best {
            union(&mut parent, i, j);
        }
    }
    // 4. People: a shorter name that starts exactly one longer name (ميك → ميك فانينج,
    //    محمد بن سلمان → محمد بن سلمان بن عبد العزيز).
    for &i in &per {
        let wi = &spans[i].bare;
        let mut owners: Vec<usize> = Vec::new();
        for &j in &per {
            let wj = &spans[j].bare;
            if wj.len() > wi.len() && wj[..wi.len()] == wi[..] {
                let r = find(&mut parent, j);
                if !owners.contains(&r) {
                    owners.push(r);
                }
            }
        }
        if let [only] = owners[..] {
            union(&mut parent, i, only);
        }
    }
    // Group.
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut slot: HashMap<usize, usize> = HashMap::default();
    for i in 0..n {
        let r = find(&mut parent, i);
        let k = *slot.entry(r).or_insert_with(|| {
            groups.push((r, Vec::new()));
            groups.len() - 1
        });
        groups[k].1.push(i);
    }
    let mut out = Vec::new();
    for (_, members) in groups {
        let mut votes: HashMap<EntityType, usize> = HashMap::default();
        for &i in &members {
            *votes.entry(spans[i].kind).or_default() += 1 + spans[i].bare.len();
        }
        let kind = votes
            .into_iter()
            .max_by_key(|&(k, v)| (v, std::cmp::Reverse(k)))
            .map_or(EntityType::MISC, |(k, _)| k);
        let mut mentions: Vec<Mention> = Vec::new();
        for &i in &members {
            if !mentions.iter().any(|m| m.text == spans[i].mention.text) {
                mentions.push(spans[i].mention.clone());
            }
        }
        // A member that is another member with a proclitic (لحلف شمال الأطلسي beside حلف شمال
        // الأطلسي) does not name the entity.
        let with_clitic = |i: usize| {
            readings(&spans[i])
                .iter()
                .skip(1)
                .any(|r| members.iter().any(|&j| j != i && bare[j] == *r))
        };
        let name = members
            .iter()
            .max_by_key(|&&i| {
                (
                    spans[i].bare.len(),
                    !with_clitic(i),
                    spans[i]
                        .bare
                        .iter()
                        .map(|w| w.chars().count())
                        .sum::<usize>(),
                    std::cmp::Reverse(usize::from(normalize(&spans[i].mention.text) != bare[i])),
                    spans[i].mention.text.chars().count(),
                )
            })
            .map(|&i| display_name(&spans[i]))
            .unwrap_or_default();
        out.push(Entity {
            name,
            kind,
            mentions,
        });
    }
    out
}

/// The surface text with the proclitics that [`strip_proclitics`] removed taken off.
fn display_name(span: &Span) -> String {
    let text = &span.mention.text;
    let norm_first = text
        .split_whitespace()
        .next()
        .map(normalize)
        .unwrap_or_default();
    let bare_first = span.bare.first().cloned().unwrap_or_default();
    if norm_first == bare_first {
        return text.clone();
    }
    // لل → ال: the bare form gained an alef.
    let cut = norm_first.chars().count() as isize - bare_first.chars().count() as isize;
    let mut chars = text.chars();
    if norm_first.starts_with("لل") && bare_first.starts_with("ال") && cut == 1 {
        // drop the first ل only and write ال
        chars.next();
        chars.next();
        return format!("ال{}", chars.as_str());
    }
    let mut dropped = 0;
    while dropped < cut {
        match chars.next() {
            Some(c) if super::normalize::fold_char(c).is_some() => dropped += 1,
            Some(_) => {}
            None => break,
        }
    }
    chars.as_str().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_input_does_not_panic() {
        let blocks = [
            "",
            "   ",
            "«»\"\"..،،",
            "ـــ ً ٌ ٍ",
            "abc 123 بـ«الشرق» و",
            "\u{200f}موسكو\u{200e}",
        ];
        let ents = recognize(&blocks);
        for e in ents {
            for m in e.mentions {
                let got: String = blocks[m.paragraph]
                    .chars()
                    .skip(m.start)
                    .take(m.end - m.start)
                    .collect();
                assert_eq!(got, m.text);
            }
        }
    }

    /// The entity with a mention whose text is `text`.
    fn entity_with<'a>(ents: &'a [Entity], text: &str) -> &'a Entity {
        ents.iter()
            .find(|e| e.mentions.iter().any(|m| m.text == text))
            .unwrap_or_else(|| panic!("{text} is no mention: {ents:?}"))
    }

    fn has_mention(e: &Entity, text: &str) -> bool {
        e.mentions.iter().any(|m| m.text == text)
    }

    #[test]
    fn nicknames_and_abbreviations_are_mentions_of_a_named_entity() {
        let blocks = [
            "وفاز نادي آرسنال على ضيفه تشيلسي بهدفين في لندن.",
            "وقال مدرب الجنرز بعد المباراة إن فريقه استحق الفوز على البلوز.",
            "ونقلت وكالة الأنباء الألمانية عن المدرب قوله إن الموسم طويل (د ب أ).",
        ];
        let ents = recognize(&blocks);
        assert!(
            has_mention(entity_with(&ents, "نادي آرسنال"), "الجنرز"),
            "{ents:?}"
        );
        assert!(
            has_mention(entity_with(&ents, "تشيلسي"), "البلوز"),
            "{ents:?}"
        );
        let agency = entity_with(&ents, "د ب أ");
        assert_eq!(agency.name, "وكالة الأنباء الألمانية", "{agency:?}");
    }

    #[test]
    fn an_everyday_word_nickname_counts_only_outside_a_phrase() {
        let blocks = [
            "أعطى الاتحاد الضوء الأخضر لمباراة المنتخب السعودي أمام اليابان.",
            "وتألق الأخضر في الشوط الثاني.",
        ];
        let ents = recognize(&blocks);
        let team = entity_with(&ents, "المنتخب السعودي");
        let green: Vec<_> = team.mentions.iter().filter(|m| m.text == "الأخضر").collect();
        assert_eq!(green.len(), 1, "{team:?}");
        assert_eq!(green[0].paragraph, 1, "not the الأخضر of الضوء الأخضر");
    }

    #[test]
    fn the_kingdom_on_its_own_is_the_kingdom_the_article_names() {
        let blocks = [
            "أعلنت المملكة العربية السعودية خطة جديدة للسياحة.",
            "وقال مسؤول إن المملكة ستستقبل ملايين الزوار.",
        ];
        let ents = recognize(&blocks);
        let saudi = entity_with(&ents, "المملكة العربية السعودية");
        assert!(has_mention(saudi, "المملكة"), "{saudi:?}");
        let alone = recognize(&["وتواصل المملكة دعم المبادرات الثقافية."]);
        assert_eq!(entity_with(&alone, "المملكة").kind, EntityType::LOC);
        // With two kingdoms named, «المملكة» could be either: it is linked to neither.
        let two = recognize(&[
            "أعلنت المملكة العربية السعودية والمملكة المتحدة خطة مشتركة.",
            "وقال مسؤول إن المملكة ستستقبل الوفد.",
        ]);
        let alone = entity_with(&two, "المملكة");
        assert_eq!(alone.mentions.len(), 1, "{two:?}");
    }

    #[test]
    fn a_first_name_alone_is_the_one_person_who_has_it() {
        let blocks = [
            "وقال المدرب الأسترالي ميك فانينج للصحفيين إن الفريق جاهز.",
            "وأضاف ميك أن الموسم المقبل سيكون صعبا.",
        ];
        let ents = recognize(&blocks);
        let mick = entity_with(&ents, "ميك فانينج");
        assert!(has_mention(mick, "ميك"), "{mick:?}");
    }

    #[test]
    fn a_preposition_is_never_a_mention() {
        let blocks = [
            "وقالت الفنانة إلهام علي إن العمل جاهز.",
            "وحصلت إلهام علي على جائزة أفضل ممثلة، وحصل الفيلم على جائزة أخرى.",
        ];
        let ents = recognize(&blocks);
        for e in &ents {
            assert!(!has_mention(e, "على"), "{e:?}");
        }
        assert_eq!(entity_with(&ents, "إلهام علي").kind, EntityType::PER);
    }

    #[test]
    fn administrative_nouns_stay_outside_place_names() {
        let ents = recognize(&[
            "وصلت الأمطار إلى محافظة الأحساء ومنطقة عسير، وإلى حي مدينة نصر في القاهرة.",
        ]);
        assert_eq!(entity_with(&ents, "الأحساء").kind, EntityType::LOC);
        assert_eq!(entity_with(&ents, "عسير").kind, EntityType::LOC);
        assert!(
            ents.iter()
                .all(|e| e.mentions.iter().all(|m| !m.text.contains("محافظة"))),
            "{ents:?}"
        );
    }

    #[test]
    fn events_keep_their_head_noun_and_country() {
        let ents = recognize(&[
            "ويلتقي الفريقان في مباراة كأس السوبر السعودي في لندن، وهي أول مرة يقام فيها السوبر السعودي خارج المملكة.",
        ]);
        let cup = entity_with(&ents, "كأس السوبر السعودي");
        assert_eq!(cup.kind, EntityType::MISC);
        assert!(has_mention(cup, "السوبر السعودي"), "{cup:?}");
    }

    #[test]
    fn a_currency_with_its_country_is_no_entity() {
        let ents = recognize(&["وارتفع سعر الدولار الأمريكي أمام اليورو في لندن."]);
        assert!(ents.iter().all(|e| !e.name.contains("الدولار")), "{ents:?}");
    }

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

    #[test]
    fn a_name_does_not_end_in_a_future_verb() {
        assert!(is_future_verb("ستنضم"));
        assert!(is_future_verb("سيعود"));
        assert!(!is_future_verb("سالم"), "a name, not سـ + ألم");
        assert!(!is_future_verb("سامر"));
    }

    #[test]
    fn clitics_are_taken_off_names_but_not_off_bare_names() {
        assert_eq!(strip_proclitics("بالرياض"), "الرياض");
        assert_eq!(strip_proclitics("للحلف"), "الحلف");
        assert_eq!(strip_proclitics("فالون"), "فالون");
        assert_eq!(strip_proclitics("لبنان"), "لبنان");
    }

    #[test]
    fn every_occurrence_of_a_found_name_is_a_mention() {
        let blocks = [
            "وصل الرئيس الروسي فلاديمير بوتين إلى العاصمة الروسية موسكو أمس.",
            "وقالت مصادر بموسكو إن الزيارة مهمة.",
            "وموسكو ترفض ذلك.",
        ];
        let ents = recognize(&blocks);
        let moscow: Vec<_> = ents
            .iter()
            .filter(|e| e.mentions.iter().any(|m| m.text == "موسكو"))
            .collect();
        assert_eq!(moscow.len(), 1, "{ents:?}");
        for form in ["بموسكو", "وموسكو"] {
            assert!(
                moscow[0].mentions.iter().any(|m| m.text == form),
                "{form} missing: {:?}",
                moscow[0].mentions
            );
        }
    }

    #[test]
    fn head_nouns_and_compass_adjectives_belong_to_the_name() {
        let blocks = [
            "وصل الوفد إلى القدس الشرقية أمس.",
            "وعقدت قمة الناتو في بروكسل، وقال مسؤول في حلف الناتو إن القمة مهمة.",
            "وبثت قناة أبو ظبي اللقاء، ثم أعادت قناة أبوظبي بثه.",
        ];
        let ents = recognize(&blocks);
        let with = |text: &str| {
            ents.iter()
                .find(|e| e.mentions.iter().any(|m| m.text == text))
                .unwrap_or_else(|| panic!("{text} not a mention: {ents:?}"))
        };
        assert_eq!(with("القدس الشرقية").kind, EntityType::LOC);
        assert_eq!(with("قمة الناتو").kind, EntityType::MISC);
        assert_eq!(
            with("الناتو").kind,
            EntityType::ORG,
            "the nested name stays"
        );
        let channel = with("قناة أبو ظبي");
        assert_eq!(channel.kind, EntityType::ORG);
        assert!(
            channel.mentions.iter().any(|m| m.text == "قناة أبوظبي"),
            "spellings with and without the space are one entity: {channel:?}"
        );
    }

    #[test]
    fn short_person_names_join_the_full_name() {
        let blocks = [
            "التقى الرئيس الأميركي جو بايدن مع الأمين العام لحلف الناتو ينس ستولتنبرغ في بروكسل.",
            "وقال ستولتنبرغ إن بايدن أكد التزامه تجاه حلف شمال الأطلسي.",
        ];
        let ents = recognize(&blocks);
        let biden: Vec<_> = ents
            .iter()
            .filter(|e| e.mentions.iter().any(|m| m.text.contains("بايدن")))
            .collect();
        assert_eq!(biden.len(), 1, "{ents:?}");
        assert_eq!(biden[0].name, "جو بايدن");
        let nato: Vec<_> = ents
            .iter()
            .filter(|e| {
                e.mentions
                    .iter()
                    .any(|m| m.text.contains("الناتو") || m.text.contains("الأطلسي"))
            })
            .collect();
        assert_eq!(nato.len(), 1, "{ents:?}");
        assert_eq!(nato[0].kind, EntityType::ORG);
    }

    #[test]
    fn a_name_with_a_nationality_adjective_is_the_same_entity() {
        let blocks = [
            "وأعلن حزب الله اللبناني موقفه من الاتفاق.",
            "وقال مسؤول في حزب الله إن الحزب لن يتراجع.",
            "وزار الوفد كوريا الشمالية ثم كوريا الجنوبية.",
        ];
        let ents = recognize(&blocks);
        let hezbollah: Vec<_> = ents
            .iter()
            .filter(|e| e.mentions.iter().any(|m| m.text.contains("حزب الله")))
            .collect();
        assert_eq!(hezbollah.len(), 1, "{ents:?}");
        let koreas = ents
            .iter()
            .filter(|e| e.mentions.iter().any(|m| m.text.starts_with("كوريا")))
            .count();
        assert_eq!(koreas, 2, "compass adjectives name other places: {ents:?}");
    }

    #[test]
    fn person_names_side_by_side_are_one_name_unless_joined_by_wa() {
        // Tags: O=0, B-PER=1, I-PER=2 (ANERcorp order, as in `tags`).
        let (b, i) = (1, 2);
        let words = [
            "مع",
            "توري",
            "مورتون",
            "و",
            "هيفاء",
            "حسين",
            "وحسن",
            "عسيري",
        ];
        let tagged = [0, b, b, 0, b, i, b, i];
        assert_eq!(chunk_end(&tagged, &words, 1), 3, "توري مورتون is one name");
        assert_eq!(chunk_end(&tagged, &words, 4), 6, "وحسن starts another name");
        let words = ["محمد", "وليد"];
        assert_eq!(
            chunk_end(&[b, b], &words, 0),
            2,
            "وليد is a given name, not و + ليد"
        );
    }

    #[test]
    fn currencies_are_not_listed_as_entities() {
        let blocks = [
            "وارتفع سعر الدولار أمام اليورو، وبلغ الدين مليار ريال سعودي.",
            "وقال وزير المالية في الرياض إن الجنيه المصري استقر.",
        ];
        let ents = recognize(&blocks);
        for e in &ents {
            for m in &e.mentions {
                assert!(
                    !["الدولار", "اليورو", "ريال", "ريال سعودي", "الجنيه"]
                        .contains(&m.text.as_str()),
                    "{ents:?}"
                );
            }
        }
        assert!(
            ents.iter().any(|e| e.name == "الرياض"),
            "places stay: {ents:?}"
        );
    }

    #[test]
    fn a_quote_mark_after_a_proclitic_is_not_part_of_the_name() {
        let blocks = ["وقال مصدر لـ«الشرق الأوسط» إن الاجتماع انتهى."];
        let ents = recognize(&blocks);
        assert!(
            ents.iter()
                .flat_map(|e| &e.mentions)
                .all(|m| !m.text.contains('«')),
            "{ents:?}"
        );
    }
}
