//! The BIO tag set: `O`, then `B-`/`I-` for PER, ORG, LOC, MISC.

use crate::analysis::EntityType;

/// Number of tags.
pub const N_TAGS: usize = 9;

/// Tag names by index.
pub const TAG_NAMES: [&str; N_TAGS] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];

/// Tag index of a CoNLL tag string (`B-PERS` is read as `B-PER`; anything unknown is `O`).
pub fn tag_index(tag: &str) -> usize {
    let tag = tag.trim();
    let (bi, typ) = match tag.split_once('-') {
        Some((b, t)) => (b, t),
        None => return 0,
    };
    let t = match typ {
        "PER" | "PERS" | "PERSON" => 0,
        "ORG" => 1,
        "LOC" => 2,
        "MISC" => 3,
        _ => return 0,
    };
    match bi {
        "B" => 1 + 2 * t,
        "I" => 2 + 2 * t,
        _ => 0,
    }
}

/// Whether tag `to` may follow tag `from` (`None` = sentence start): `I-X` only after `B-X`/`I-X`.
pub fn allowed(from: Option<usize>, to: usize) -> bool {
    if to == 0 || to % 2 == 1 {
        return true;
    }
    match from {
        Some(f) if f != 0 => f.div_ceil(2) == to / 2,
        _ => false,
    }
}

/// Entity type of a non-`O` tag.
pub fn entity_type(tag: usize) -> Option<EntityType> {
    match tag.div_ceil(2) {
        1 => Some(EntityType::PER),
        2 => Some(EntityType::ORG),
        3 => Some(EntityType::LOC),
        4 => Some(EntityType::MISC),
        _ => None,
    }
}

/// Whether the tag begins an entity.
pub fn is_begin(tag: usize) -> bool {
    tag % 2 == 1
}
