//! Named entities of an article: run the recogniser over each block, then link mentions into
//! entities by normalised form, clitic-stripped form, the alias table (`assets/ner/aliases.txt`)
//! and, for people, last-name matching (ستولتنبرغ → ينس ستولتنبرغ). An entity's name is its
//! fullest form; each distinct surface string is listed once, at its first location.
//!
//! This module cuts the tagged text into spans; `patterns` adjusts the tags first (head
//! nouns, adjectives), `link` joins spans into entities, and `repeats` adds the
//! occurrences the tagger missed.

#![allow(clippy::needless_range_loop)] // index loops over parallel arrays read clearer here

mod link;
mod patterns;
mod repeats;

use link::link;
use patterns::name_patterns;
use repeats::add_repeats;

use super::gazetteer::{GazKind, Gazetteer};
use super::ner::lexicon::WordInfo;
use super::ner::{
    self, tags,
    tokenize::{Token, tokenize},
};
use super::normalize::{
    for_each_proclitic_reading, is_function_word, normalize, proclitic_readings,
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

/// Whether a normalised word (with or without ال) is an ordinary Arabic word.
fn is_ordinary_word(norm: &str) -> bool {
    let g = Gazetteer::get();
    g.contains(norm, GazKind::Vocab)
        || norm
            .strip_prefix("ال")
            .is_some_and(|rest| g.contains(rest, GazKind::Vocab))
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
                && !(y - x == 2 && ner::needs_admin_noun(&normalize(words[si][x + 1])))
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
