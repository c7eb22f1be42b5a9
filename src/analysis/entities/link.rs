//! Linking an article's recognised spans into entities: by normalised and clitic-stripped form,
//! the alias table (`assets/ner/aliases.txt`), head nouns, and for people the last or first
//! name; the entity's name is its fullest form.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use super::patterns::{EVENT_HEADS, KINGDOM, is_nationality_adjective};
use super::{Span, is_ordinary_word};
use crate::analysis::normalize::{fold_char, normalize, phrase_readings};
use crate::analysis::{Entity, EntityType, Mention};

/// Head nouns, normalised, before the name of a club, company or outlet (نادي آرسنال، شركة
/// أرامكو، وكالة رويترز): the name alone is the same organisation. Not the heads of
/// [`ORG_HEADS`] whose name is something else (منتخب مصر is not مصر, جامعة الملك سعود not a king).
pub(super) const ORG_NAME_HEADS: &[&str] = &[
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
pub(super) fn without_org_head(words: &[String]) -> &[String] {
    match words.split_first() {
        Some((head, rest)) if !rest.is_empty() && ORG_NAME_HEADS.contains(&head.as_str()) => rest,
        _ => words,
    }
}

/// The alias table: each normalised name's group, and each group's names.
pub(super) struct Aliases {
    pub(super) ids: HashMap<String, usize>,
    pub(super) groups: Vec<Vec<String>>,
}

pub(super) fn aliases() -> &'static Aliases {
    static A: OnceLock<Aliases> = OnceLock::new();
    A.get_or_init(|| {
        let mut ids = HashMap::default();
        let mut groups = Vec::new();
        for line in include_str!("../../../assets/ner/aliases.txt")
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

pub(super) fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

pub(super) fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[rb.max(ra)] = rb.min(ra);
    }
}

/// All readings of a span's words: every proclitic reading of the first word with the rest.
pub(super) fn readings(span: &Span) -> Vec<String> {
    let norm = normalize(&span.mention.text);
    phrase_readings(&norm.split_whitespace().collect::<Vec<_>>())
}

pub(super) fn link(spans: Vec<Span>) -> Vec<Entity> {
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
pub(super) fn display_name(span: &Span) -> String {
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
            Some(c) if fold_char(c).is_some() => dropped += 1,
            Some(_) => {}
            None => break,
        }
    }
    chars.as_str().to_string()
}
