//! Speaker attribution and quote kinds.
//!
//! The article is read once, in order, as word and punctuation tokens. The steps, in the order they
//! are tried for each quote (the quote's `rule` names the step that decided):
//!
//! 1. **`cue-before`** — the nearest reporting cue (`assets/cues`: verbs with their conjugations and
//!    و/ف clitics, participles such as مضيفاً، source prepositions such as بحسب) before the quote in
//!    the same sentence, outside other quotes. Its speaker is found by step 3.
//! 2. **`cue-after`** — otherwise a cue after the quote in the same sentence: a pronoun phrase
//!    (على حد قوله) or a cue with its subject ("…"، بحسب البيان / قال فلان).
//! 3. **Subject of the cue**, in order:
//!    * `subject-after`: the noun phrase after the cue, up to punctuation, a preposition or a
//!      complementiser (وقال مدرب المنتخب جورج ايفانوف: …). A named entity inside it wins (its
//!      person first): the speaker is the entity's fullest name, the mention the words written.
//!      Without an entity, role words and a listener (لوكالة، للصحفيين) are dropped and the noun
//!      phrase itself is the (unnamed) speaker: مصدر عسكري.
//!    * `subject-before`: for a verb without a conjunction, the phrase before it in the clause
//!      (ستولتنبرغ أكد …).
//!    * `statement`: a statement noun (البيان) resolves to the last body that issued one
//!      (وقال الاتحاد … في بيان) — the mention stays البيان.
//!    * `role`: a phrase that is only a role word (الشاعر، الوزير) resolves to the last person
//!      written with that role word.
//!    * `anaphor`: المصدر، نفس المصدر، هذا المصدر العسكري resolve to the last unnamed source with
//!      the same head noun.
//!    * `carry-over`: a verb with no subject (وتابع، وأضاف)، a participle (مشيراً) or a pronoun
//!      phrase (على حد قوله) takes the last speaker of the article.
//! 4. **`none`** — no cue in the sentence: no speaker (a scare quote).
//!
//! Every cue met in the text (with or without a quote) updates the last speaker, so carry-over
//! follows the article. Kinds: `direct` after a colon, after a speech cue with only its subject or
//! adverbials between, or as a clause after a bare إن/أن; `partial` otherwise; `scare` with no
//! speaker. Short quotes (up to three words) that are names — a known entity, after a title noun
//! (لحلف "الناتو"، صحيفة "سبق"), inside the cue's subject phrase, or with no cue at all — are dropped.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::cues::{CueKind, Lexicon, lexicon, norm_word};
use super::normalize::{normalize, normalize_cow, phrase_readings, proclitic_readings};
use super::quotes::{self, Span};
use super::{Entity, EntityType, Mention, Quote, QuoteKind};

/// Longest speaker phrase after a cue, in words.
const MAX_SUBJECT_WORDS: usize = 10;
/// How far back (in tokens) a cue may be from the quote.
const MAX_CUE_DISTANCE: usize = 60;
/// Prepositions with an attached pronoun (قال فيها: …), never a speaker's name.
const PREPOSITION_PRONOUNS: &[&str] = &[
    "فيه",
    "فيها",
    "فيهم",
    "فيهما",
    "عنه",
    "عنها",
    "عنهم",
    "منه",
    "منها",
    "منهم",
    "اليه",
    "اليها",
    "عليه",
    "عليها",
    "له",
    "لها",
    "لهم",
];
/// Honorific pronouns (his highness, his excellency…): they stand for the last person named.
const HONORIFIC_PRONOUNS: &[&str] = &[
    "سموه",
    "سموها",
    "معاليه",
    "معاليها",
    "فضيلته",
    "سيادته",
    "جلالته",
    "سعادته",
    "سماحته",
    "دولته",
];
/// The listener after a reporting verb (قال لي، قالت لهم), never the speaker.
const ADDRESSEE_PRONOUNS: &[&str] = &["لي", "لنا", "لك", "لكم", "له", "لها", "لهم", "لهما", "لهن"];
/// One-letter abbreviations of titles before a name (د. طارق كوشك، م. خالد، أ. محمد): their
/// full stop ends no sentence.
const TITLE_ABBREVIATIONS: &[&str] = &["د", "م", "ا"];
/// Quotes of at most this many words may be names or titles.
const SHORT_QUOTE_WORDS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokKind {
    Word,
    Punct(char),
    Mark,
}

#[derive(Debug, Clone)]
struct Tok<'a> {
    block: usize,
    start: usize,
    end: usize,
    kind: TokKind,
    surface: &'a str,
    /// Normalised form (borrowed when normalising changes nothing).
    norm: Cow<'a, str>,
    /// Index of the span this token is inside (marks included), if any.
    quote: Option<usize>,
}

fn tokenize<'a>(blocks: &[&'a str]) -> Vec<Tok<'a>> {
    let word = super::normalize::is_word_char;
    let mut toks = Vec::new();
    for (b, text) in blocks.iter().enumerate() {
        // (byte offset, char) with the char index as the position in the iterator.
        let cs: Vec<(usize, char)> = text.char_indices().collect();
        let byte_at = |i: usize| cs.get(i).map_or(text.len(), |&(o, _)| o);
        let mut i = 0;
        while i < cs.len() {
            let c = cs[i].1;
            if c.is_whitespace() {
                i += 1;
                continue;
            }
            if word(c) {
                let s = i;
                while i < cs.len()
                    && (word(cs[i].1)
                        || (cs[i].1 == '-'
                            && i + 1 < cs.len()
                            && word(cs[i + 1].1)
                            && cs[i + 1].1.is_ascii_digit()))
                {
                    i += 1;
                }
                let surface = &text[byte_at(s)..byte_at(i)];
                let norm = normalize_cow(surface);
                // د. طارق: the full stop belongs to the title (a word follows after a space).
                let title_stop = i - s == 1
                    && TITLE_ABBREVIATIONS.contains(&norm.as_ref())
                    && cs.get(i).is_some_and(|&(_, c)| c == '.')
                    && cs.get(i + 1).is_some_and(|&(_, c)| c == ' ')
                    && cs
                        .get(i + 2)
                        .is_some_and(|&(_, c)| word(c) && !c.is_ascii_digit());
                let end = if title_stop { i + 1 } else { i };
                toks.push(Tok {
                    block: b,
                    start: s,
                    end,
                    kind: TokKind::Word,
                    surface: &text[byte_at(s)..byte_at(end)],
                    norm,
                    quote: None,
                });
                i = end;
            } else {
                let kind = if quotes::is_mark(c) {
                    TokKind::Mark
                } else {
                    TokKind::Punct(c)
                };
                toks.push(Tok {
                    block: b,
                    start: i,
                    end: i + 1,
                    kind,
                    surface: &text[byte_at(i)..byte_at(i + 1)],
                    norm: Cow::Borrowed(&text[byte_at(i)..byte_at(i + 1)]),
                    quote: None,
                });
                i += 1;
            }
        }
    }
    toks
}

fn pos_le(a: (usize, usize), b: (usize, usize)) -> bool {
    a <= b
}

/// A speaker as resolved at some point of the article.
#[derive(Debug, Clone)]
struct Speaker {
    name: String,
    mention: String,
    location: Option<Mention>,
    named: bool,
}

/// Entity mention strings (normalised, space-joined words) → entity index.
struct EntityIndex<'a> {
    entities: &'a [Entity],
    by_text: HashMap<String, usize>,
    /// Every reading of every entity string's first word (a cheap pre-check).
    first_words: HashSet<String>,
    max_words: usize,
}

impl<'a> EntityIndex<'a> {
    fn new(entities: &'a [Entity]) -> Self {
        let mut by_text = HashMap::default();
        let mut first_words = HashSet::default();
        let mut max_words = 1;
        for (i, e) in entities.iter().enumerate() {
            for s in std::iter::once(&e.name).chain(e.mentions.iter().map(|m| &m.text)) {
                let words: Vec<String> = s.split_whitespace().map(normalize).collect();
                max_words = max_words.max(words.len());
                if let Some(f) = words.first() {
                    first_words.insert(f.clone());
                }
                for r in phrase_readings(&words) {
                    by_text.entry(r).or_insert(i);
                }
            }
        }
        EntityIndex {
            entities,
            by_text,
            first_words,
            max_words,
        }
    }

    /// The entity a normalised word sequence names (with clitic readings of its first word).
    fn lookup(&self, words: &[&str]) -> Option<usize> {
        let first = words.first()?;
        if !proclitic_readings(first)
            .iter()
            .any(|r| self.first_words.contains(r))
        {
            return None;
        }
        phrase_readings(words)
            .iter()
            .find_map(|r| self.by_text.get(r).copied())
    }
}

/// What the resolution of a cue gave.
#[derive(Debug, Clone)]
struct Resolved {
    speaker: Option<Speaker>,
    rule: &'static str,
    /// Token range of the subject phrase after the cue (for name detection).
    subject: (usize, usize),
}

struct Ctx<'a> {
    toks: Vec<Tok<'a>>,
    spans: &'a [Span],
    lex: &'static Lexicon,
    ents: EntityIndex<'a>,
    /// Canonical names seen so far (for fullest-name linking without an entity).
    names: Names,
}

/// The canonical names seen so far, indexed so that finding the names that equal, end with or
/// start with a mention (on a space) is one lookup instead of a pass over every name seen
/// (which made long articles with many named speakers quadratic).
#[derive(Default)]
struct Names {
    /// Distinct names, each with the sequence number of its latest [`Names::push`].
    list: Vec<(String, usize)>,
    at: HashMap<String, usize>,
    /// A normalised name, each part of it after a space and each part before a space → names.
    by_key: HashMap<String, Vec<usize>>,
    seq: usize,
}

impl Names {
    fn push(&mut self, name: &str) {
        self.seq += 1;
        if let Some(&i) = self.at.get(name) {
            self.list[i].1 = self.seq;
            return;
        }
        let i = self.list.len();
        self.list.push((name.to_string(), self.seq));
        self.at.insert(name.to_string(), i);
        let nn = normalize(name);
        let mut keys = vec![nn.as_str()];
        for (p, _) in nn.match_indices(' ') {
            keys.push(&nn[p + 1..]);
            keys.push(&nn[..p]);
        }
        for k in keys {
            let v = self.by_key.entry(k.to_string()).or_default();
            if v.last() != Some(&i) {
                v.push(i);
            }
        }
    }

    /// The names whose normalised form is `norm_m`, ends with " `norm_m`" or starts with
    /// "`norm_m` ".
    fn matching(&self, norm_m: &str) -> impl Iterator<Item = &(String, usize)> {
        self.by_key
            .get(norm_m)
            .into_iter()
            .flatten()
            .map(|&i| &self.list[i])
    }

    /// The fullest (most characters) name matching `norm_m`; of equals, the latest pushed.
    fn fullest(&self, norm_m: &str) -> Option<&str> {
        self.matching(norm_m)
            .max_by_key(|(n, seq)| (n.chars().count(), *seq))
            .map(|(n, _)| n.as_str())
    }
}

fn is_boundary(t: &Tok) -> bool {
    matches!(t.kind, TokKind::Punct('.' | '!' | '?' | '؟' | '…'))
}

fn is_clause_punct(t: &Tok) -> bool {
    matches!(t.kind, TokKind::Punct(_))
}

impl<'a> Ctx<'a> {
    fn cue_at(&self, i: usize) -> Option<CueKind> {
        let t = &self.toks[i];
        if t.kind != TokKind::Word || t.quote.is_some() {
            return None;
        }
        let k = self.lex.cue(&t.norm)?;
        // عن alone is not a source; نقلا needs عن after it.
        if k == CueKind::Source && matches!(t.norm.as_ref(), "نقلا") {
            return self.toks.get(i + 1).filter(|n| n.norm == "عن").map(|_| k);
        }
        // "وفق" / "حسب" as nouns inside other phrases are rare enough; accept.
        Some(k)
    }

    /// End (exclusive) of the subject phrase after the cue at `c`.
    fn subject_range(&self, c: usize) -> (usize, usize) {
        let start = if self.toks[c].norm == "نقلا" {
            c + 2
        } else {
            c + 1
        };
        let mut i = start;
        let mut words = 0;
        while i < self.toks.len() && words < MAX_SUBJECT_WORDS {
            let t = &self.toks[i];
            if t.block != self.toks[c].block {
                break;
            }
            match t.kind {
                TokKind::Punct('(') => {
                    // A bracketed aside (د ب أ): skip it.
                    let close = (i..self.toks.len().min(i + 8))
                        .find(|&j| self.toks[j].kind == TokKind::Punct(')'));
                    match close {
                        Some(j) => i = j + 1,
                        None => break,
                    }
                    continue;
                }
                TokKind::Punct(_) => break,
                TokKind::Mark => {
                    // A short quoted name inside the phrase (لحلف "الناتو" ينس) is transparent when
                    // the phrase goes on after it.
                    match t.quote {
                        Some(q) if quotes::word_count(&self.spans[q].text) <= SHORT_QUOTE_WORDS => {
                            let mut close = i;
                            while close + 1 < self.toks.len()
                                && self.toks[close + 1].quote == Some(q)
                            {
                                close += 1;
                            }
                            let goes_on = self.toks.get(close + 1).is_some_and(|n| {
                                n.kind == TokKind::Word
                                    && n.block == t.block
                                    && !self.lex.is_stop(&n.norm)
                                    && self.lex.cue(&n.norm).is_none()
                            });
                            // A quoted name right after the cue is its subject (وقال "داود": …).
                            if goes_on || (words == 0 && i == start) {
                                words += 1;
                                i = close + 1;
                                continue;
                            }
                            break;
                        }
                        _ => break,
                    }
                }
                TokKind::Word => {
                    let prepositional = words == 0
                        && ["بال", "لل", "كال", "بـ", "لـ"]
                            .iter()
                            .any(|p| t.norm.starts_with(p))
                        && self.ents.lookup(&[t.norm.as_ref()]).is_none();
                    if self.lex.is_stop(&t.norm)
                        || self.lex.cue(&t.norm).is_some()
                        || self.lex.is_medium(&t.norm)
                        || prepositional
                    {
                        break;
                    }
                    words += 1;
                    i += 1;
                }
            }
        }
        (start, i)
    }

    /// The phrase before a verb cue, back to the clause start (at most 6 words).
    fn subject_before(&self, c: usize) -> (usize, usize) {
        let mut i = c;
        while i > 0 {
            let t = &self.toks[i - 1];
            if t.block != self.toks[c].block || t.kind != TokKind::Word || t.quote.is_some() {
                break;
            }
            if c - i >= 6 {
                return (c, c);
            }
            if self.lex.is_stop(&t.norm) || self.lex.cue(&t.norm).is_some() {
                return (i, c);
            }
            i -= 1;
        }
        let at_clause_start = i == 0
            || self.toks[i - 1].block != self.toks[c].block
            || is_clause_punct(&self.toks[i - 1]);
        if at_clause_start { (i, c) } else { (c, c) }
    }

    /// The word tokens of a subject range, without what cannot name the speaker: honorific
    /// pronouns (وقال سموه: he, the last person named) and the addressee right after the verb
    /// (قال لي، وقالت لهم).
    fn words_in(&self, r: (usize, usize)) -> Vec<usize> {
        let mut words: Vec<usize> = (r.0..r.1)
            .filter(|&i| {
                self.toks[i].kind == TokKind::Word
                    && !HONORIFIC_PRONOUNS.contains(&self.toks[i].norm.as_ref())
                    && self.toks[i].quote.is_none_or(|q| {
                        quotes::word_count(&self.spans[q].text) <= SHORT_QUOTE_WORDS
                    })
            })
            .collect();
        // (لي is also a name, Lee: not when it starts a name of two or more words of the
        // article's entities, لي ولوسكي.)
        let starts_name = |k: usize| {
            (2..=self.ents.max_words.min(words.len() - k)).any(|len| {
                let ws: Vec<&str> = words[k..k + len]
                    .iter()
                    .map(|&i| self.toks[i].norm.as_ref())
                    .collect();
                self.ents.lookup(&ws).is_some()
            })
        };
        let addressees = (0..words.len())
            .take_while(|&k| {
                ADDRESSEE_PRONOUNS.contains(&self.toks[words[k]].norm.as_ref()) && !starts_name(k)
            })
            .count();
        words.drain(..addressees);
        words
    }

    fn mention_of(&self, a: usize, b: usize) -> Mention {
        let (ta, tb) = (&self.toks[a], &self.toks[b]);
        Mention {
            text: self.surface(a, b),
            paragraph: ta.block,
            start: ta.start,
            end: tb.end,
        }
    }

    fn surface(&self, a: usize, b: usize) -> String {
        let mut s = String::new();
        for i in a..=b {
            if self.toks[i].kind == TokKind::Mark {
                continue;
            }
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(self.toks[i].surface);
        }
        s
    }

    /// How many times the normalised word sequence occurs in the article's word tokens.
    fn occurrences(&self, words: &[&str]) -> usize {
        let norms: Vec<&str> = self
            .toks
            .iter()
            .filter(|t| t.kind == TokKind::Word)
            .map(|t| t.norm.as_ref())
            .collect();
        norms
            .windows(words.len().max(1))
            .filter(|w| *w == words)
            .count()
    }

    /// The speaker a subject phrase names, if any (entity first, else the noun phrase).
    fn speaker_in(
        &mut self,
        range: (usize, usize),
        state: &State,
    ) -> Option<(Speaker, &'static str)> {
        let idx = self.words_in(range);
        if idx.is_empty() {
            return None;
        }
        // Entities: longest match, persons preferred.
        let mut best: Option<(usize, usize, usize)> = None; // (entity, from, to)
        for s in 0..idx.len() {
            let first = self.toks[idx[s]].norm.as_ref();
            if !proclitic_readings(first)
                .iter()
                .any(|r| self.ents.first_words.contains(r))
            {
                continue;
            }
            for len in (1..=self.ents.max_words.min(idx.len() - s)).rev() {
                let ws: Vec<&str> = idx[s..s + len]
                    .iter()
                    .map(|&i| self.toks[i].norm.as_ref())
                    .collect();
                if let Some(e) = self.ents.lookup(&ws) {
                    let kind = self.ents.entities[e].kind;
                    let better = match best {
                        None => true,
                        Some((be, _, _)) => {
                            self.ents.entities[be].kind != EntityType::PER
                                && kind == EntityType::PER
                        }
                    };
                    if better && kind != EntityType::LOC {
                        best = Some((e, idx[s], idx[s + len - 1]));
                    }
                    break;
                }
            }
        }
        if let Some((e, a, b)) = best {
            let ent = &self.ents.entities[e];
            // An organisation that is only the complement of a role (الأمين العام لحلف الناتو) is
            // not the speaker when the phrase starts with a role word.
            let role_head = self.lex.is_role(&self.toks[idx[0]].norm) && idx[0] != a;
            if ent.kind == EntityType::PER || !role_head {
                return Some((
                    Speaker {
                        name: ent.name.clone(),
                        mention: self.surface(a, b),
                        location: Some(self.mention_of(a, b)),
                        named: true,
                    },
                    "entity",
                ));
            }
        }
        let first = &self.toks[idx[0]].norm;
        // A title's abbreviation alone (قال د.) names nobody.
        if idx
            .iter()
            .all(|&i| TITLE_ABBREVIATIONS.contains(&self.toks[i].norm.as_ref()))
        {
            return None;
        }
        // A statement noun: its issuer.
        if self.lex.is_statement(first) {
            let mention = self.surface(idx[0], idx[0]);
            if let Some(iss) = &state.issuer {
                return Some((
                    Speaker {
                        name: iss.name.clone(),
                        mention,
                        location: Some(self.mention_of(idx[0], idx[0])),
                        named: iss.named,
                    },
                    "statement",
                ));
            }
            return None;
        }
        // Only role words (الشاعر، الوزير): the last person written with that role.
        let content: Vec<usize> = idx
            .iter()
            .copied()
            .filter(|&i| {
                !matches!(
                    self.toks[i].norm.as_ref(),
                    "نفس" | "هذا" | "هذه" | "ذات" | "نفسه" | "نفسها" | "ذاته"
                )
            })
            .collect();
        if content.len() <= 2
            && self.lex.is_role(first)
            && let Some(p) = state.role_person.get(role_key(first))
        {
            {
                return Some((
                    Speaker {
                        name: p.name.clone(),
                        mention: self.surface(idx[0], *idx.last().unwrap_or(&idx[0])),
                        location: Some(self.mention_of(idx[0], *idx.last().unwrap_or(&idx[0]))),
                        named: true,
                    },
                    "role",
                ));
            }
        }
        // A name-like tail after role words and their complements (no entity known). An
        // indefinite source noun (مسؤول أمني، خبير اقتصادي) is not a title before a name: the
        // whole phrase is the (unnamed) speaker.
        let indefinite_source = self.lex.is_unnamed_head(first)
            && !first.strip_prefix('و').unwrap_or(first).starts_with("ال");
        let mut s = 0;
        while !indefinite_source && s < idx.len() && self.lex.is_role(&self.toks[idx[s]].norm) {
            s += 1;
        }
        let (a, b) = if s > 0 && s < idx.len() {
            // Skip definite complements of the role (المنتخب، العام), keep the name after.
            let mut n = s;
            while n < idx.len()
                && (self.toks[idx[n]].norm.starts_with("ال")
                    || self.toks[idx[n]].norm.starts_with('ل'))
            {
                n += 1;
            }
            if n < idx.len() {
                (idx[n], *idx.last().unwrap_or(&idx[n]))
            } else {
                (idx[0], *idx.last().unwrap_or(&idx[0]))
            }
        } else {
            (idx[0], *idx.last().unwrap_or(&idx[0]))
        };
        let a_pos = idx.iter().position(|&i| i == a).unwrap_or(0);
        let b_pos = idx.iter().position(|&i| i == b).unwrap_or(idx.len() - 1);
        let phrase_words: Vec<&str> = idx[a_pos..=b_pos]
            .iter()
            .map(|&i| self.toks[i].norm.as_ref())
            .collect();
        let mention = self.surface(a, b);
        // Anaphoric unnamed source: المصدر، المصدر العسكري → the last source with that head.
        let head = phrase_words
            .iter()
            .copied()
            .find(|w| {
                !matches!(
                    *w,
                    "نفس" | "هذا" | "هذه" | "ذات" | "نفسه" | "نفسها" | "ذاته"
                )
            })
            .unwrap_or("");
        if let Some(bare) = head.strip_prefix("ال")
            && let Some(prev) = state.unnamed.get(bare)
        {
            return Some((
                Speaker {
                    name: prev.clone(),
                    mention: mention.clone(),
                    location: Some(self.mention_of(a, b)),
                    named: false,
                },
                "anaphor",
            ));
        }
        // Fullest earlier name that ends or starts with this mention.
        let norm_m = normalize(&mention);
        let canonical = self.names.fullest(&norm_m).map(str::to_string);
        let known = canonical.is_some();
        // Without an entity, only a source noun, a role phrase or a name seen before is a speaker.
        let quoted_name = a > 0 && self.toks[a - 1].kind == TokKind::Mark;
        // A short indefinite phrase ending at a colon (وقالت إلهام: «…») names the speaker even
        // when no recogniser knows the name: the colon introduces the words, so nothing else
        // stands between the verb and them.
        let before_colon = (range.1 == b + 1)
            && self
                .toks
                .get(range.1)
                .is_some_and(|t| matches!(t.kind, TokKind::Punct(':')))
            && phrase_words.len() <= 3
            // Definite words are common nouns; the surface form tells ال from إل (إلهام).
            && !idx[a_pos..=b_pos]
                .iter()
                .any(|&i| self.toks[i].surface.starts_with("ال"))
            && !phrase_words
                .iter()
                .any(|w| w.chars().any(|c| c.is_numeric()) || PREPOSITION_PRONOUNS.contains(w))
            // A name recurs in its article; a manner adverb (مبتسما، بحزم) seldom does.
            && self.occurrences(&phrase_words) >= 2;
        if !known
            && !quoted_name
            && !before_colon
            && !self.lex.is_unnamed_head(head)
            && !self.lex.is_role(first)
        {
            return None;
        }
        let canonical = canonical.unwrap_or_else(|| mention.clone());
        let head_definite = idx[a_pos..=b_pos]
            .iter()
            .find(|&&i| self.toks[i].norm == head)
            .is_some_and(|&i| self.toks[i].surface.starts_with("ال"));
        let named = !self.lex.is_unnamed_head(head) && !head_definite;
        Some((
            Speaker {
                name: canonical,
                mention: mention.clone(),
                location: Some(self.mention_of(a, b)),
                named,
            },
            "subject",
        ))
    }
}

#[derive(Default)]
struct State {
    last: Option<Speaker>,
    /// The last speaker whose cue introduced a quote (preferred by verb-only cues).
    last_quoted: Option<Speaker>,
    /// Token of the cue that set `last` from its own subject.
    last_at: Option<usize>,
    issuer: Option<Speaker>,
    role_person: HashMap<String, Speaker>,
    /// Unnamed sources by the normalised first word of their phrase (the latest for each).
    unnamed: HashMap<String, String>,
}

/// Attribute speakers and kinds to the quoted spans of an article and drop quoted names.
pub fn attribute(blocks: &[&str], spans: &[Span], entities: &[Entity]) -> Vec<Quote> {
    let mut toks = tokenize(blocks);
    // Mark tokens inside spans (marks included).
    let mut si = 0;
    for t in toks.iter_mut() {
        while si < spans.len()
            && pos_le(
                (spans[si].close_block, spans[si].close_at),
                (t.block, t.start),
            )
            && (spans[si].close_block, spans[si].close_at) != (t.block, t.start)
        {
            si += 1;
        }
        if let Some(s) = spans.get(si)
            && pos_le((s.open_block, s.open_at), (t.block, t.start))
            && pos_le((t.block, t.start), (s.close_block, s.close_at))
        {
            t.quote = Some(si);
        }
    }
    let lex = lexicon();
    let mut ctx = Ctx {
        toks,
        spans,
        lex,
        ents: EntityIndex::new(entities),
        names: Names::default(),
    };
    let mut state = State::default();
    // Role words followed by a person: remembered for الشاعر → the poet named earlier.
    let mut resolved: BTreeMap<usize, Resolved> = BTreeMap::new();
    let n = ctx.toks.len();
    // Sentence boundaries among the tokens before each index (a boundary between two tokens is
    // a difference of two entries).
    let mut boundaries_before = Vec::with_capacity(n + 1);
    boundaries_before.push(0usize);
    for t in &ctx.toks {
        let last = boundaries_before.last().copied().unwrap_or(0);
        boundaries_before.push(last + usize::from(is_boundary(t)));
    }
    let mut q_first_tok: Vec<Option<usize>> = vec![None; spans.len()];
    for i in 0..n {
        if let Some(q) = ctx.toks[i].quote
            && q_first_tok[q].is_none()
        {
            q_first_tok[q] = Some(i);
        }
        if ctx.toks[i].kind == TokKind::Word
            && ctx.toks[i].quote.is_none()
            && lex.is_role(&ctx.toks[i].norm)
        {
            // The person the role names: in the phrase, or in an apposition after a comma
            // (وزير الأوقاف الأردني، الدكتور هايل داود).
            let r = ctx.subject_range(i);
            let mut found = ctx.speaker_in((r.0.saturating_sub(1), r.1), &state);
            if !matches!(found, Some((_, "entity")))
                && ctx
                    .toks
                    .get(r.1)
                    .is_some_and(|t| matches!(t.kind, TokKind::Punct('،' | ',')))
            {
                let r2 = ctx.subject_range(r.1);
                found = ctx.speaker_in(r2, &state);
            }
            if let Some((sp, "entity")) = found
                && normalize(&sp.mention) != ctx.toks[i].norm
            {
                state
                    .role_person
                    .insert(role_key(&ctx.toks[i].norm).to_string(), sp);
            }
        }
        let Some(kind) = ctx.cue_at(i) else { continue };
        let sub = ctx.subject_range(i);
        let mut res: Option<(Speaker, &'static str)> = None;
        if kind != CueKind::Participle {
            res = ctx.speaker_in(sub, &state).map(|(s, r)| {
                (
                    s,
                    if r == "subject" || r == "entity" {
                        "subject-after"
                    } else {
                        r
                    },
                )
            });
            if let Some((sp, "subject-after")) = &res
                && sp
                    .mention
                    .split_whitespace()
                    .next()
                    .is_some_and(|w| lex.is_role(&norm_word(w)))
                && ctx
                    .toks
                    .get(sub.1)
                    .is_some_and(|t| matches!(t.kind, TokKind::Punct('،' | ',')))
                && let Some((sp, "entity")) = ctx.speaker_in(ctx.subject_range(sub.1), &state)
            {
                res = Some((sp, "subject-after"));
            }
            let tok = &ctx.toks[i].norm;
            let conj = tok
                .strip_prefix('و')
                .or_else(|| tok.strip_prefix('ف'))
                .is_some_and(|r| lex.cue(r).is_some());
            if res.is_none() && kind == CueKind::Verb && !conj {
                let before = ctx.subject_before(i);
                res = ctx.speaker_in(before, &state).map(|(s, r)| {
                    (
                        s,
                        if r == "subject" || r == "entity" {
                            "subject-before"
                        } else {
                            r
                        },
                    )
                });
            }
        }
        // A subject phrase that is there but names no source: no speaker (not a carry-over).
        let rejected = kind != CueKind::Participle && !ctx.words_in(sub).is_empty();
        let res = match res {
            None if rejected => Resolved {
                speaker: None,
                rule: "none",
                subject: sub,
            },
            Some((s, r)) => Resolved {
                speaker: Some(s),
                rule: r,
                subject: sub,
            },
            None => {
                let same_sentence = state.last_at.is_some_and(|p| {
                    ctx.toks[p].block == ctx.toks[i].block
                        && boundaries_before[i] == boundaries_before[p]
                });
                let prev = if kind == CueKind::Verb && !same_sentence {
                    state.last_quoted.clone().or_else(|| state.last.clone())
                } else {
                    state.last.clone()
                };
                Resolved {
                    speaker: prev,
                    rule: "carry-over",
                    subject: sub,
                }
            }
        };
        // Does this cue introduce a quote (one before the next cue or sentence end)?
        let owns_quote = (i + 1..n)
            .take_while(|&j| {
                let t = &ctx.toks[j];
                t.block == ctx.toks[i].block
                    && !is_boundary(t)
                    && (j == i + 1 || ctx.cue_at(j).is_none())
            })
            .any(|j| ctx.toks[j].kind == TokKind::Mark);
        if let Some(sp) = &res.speaker {
            if !sp.named && res.rule.starts_with("subject") {
                let head = normalize(sp.name.split_whitespace().next().unwrap_or(""));
                state.unnamed.insert(head, sp.name.clone());
            }
            if sp.named {
                ctx.names.push(&sp.name);
            }
            // "… في بيان" / "بيانا" after the subject: this speaker issues statements.
            let after: Vec<&str> = (sub.1..(sub.1 + 4).min(n))
                .map(|j| ctx.toks[j].norm.as_ref())
                .collect();
            if after
                .iter()
                .any(|w| matches!(*w, "بيان" | "بيانا" | "بيانه" | "بيانها"))
                && res.rule != "statement"
            {
                state.issuer = Some(sp.clone());
            }
            if res.rule != "statement" || state.last.is_none() {
                state.last = Some(sp.clone());
            }
            if res.rule != "carry-over" {
                state.last_at = Some(i);
            }
            if owns_quote {
                state.last_quoted = Some(sp.clone());
            }
        }
        resolved.insert(i, res);
    }

    let mut out = Vec::new();
    for (qi, span) in spans.iter().enumerate() {
        let Some(open) = q_first_tok[qi] else {
            continue;
        };
        let close = (open..n)
            .take_while(|&j| ctx.toks[j].quote == Some(qi))
            .last()
            .unwrap_or(open);
        let words = quotes::word_count(&span.text);
        if words == 0 {
            continue;
        }
        // Cue before, in the same sentence.
        let mut cue: Option<usize> = None;
        let mut j = open;
        while j > 0 && open - j < MAX_CUE_DISTANCE {
            j -= 1;
            let t = &ctx.toks[j];
            if t.block != ctx.toks[open].block || is_boundary(t) {
                break;
            }
            if resolved.contains_key(&j) {
                cue = Some(j);
                break;
            }
        }
        let mut after_phrase = false;
        if cue.is_none() {
            // Pronoun phrase or a cue after the quote.
            let mut k = close + 1;
            while k < n && k <= close + 3 {
                let t = &ctx.toks[k];
                if is_boundary(t) || t.kind == TokKind::Mark {
                    break;
                }
                if t.kind == TokKind::Word {
                    let ws: Vec<&str> = ctx.toks[k..n.min(k + 4)]
                        .iter()
                        .map(|t| t.norm.as_ref())
                        .collect();
                    if lex
                        .phrases
                        .iter()
                        .any(|p| ws.len() >= p.len() && p.iter().zip(&ws).all(|(a, b)| a == b))
                    {
                        after_phrase = true;
                        break;
                    }
                    if resolved.contains_key(&k) {
                        cue = Some(k);
                        break;
                    }
                }
                k += 1;
            }
        }
        let prev_word = (0..open).rev().find(|&j| ctx.toks[j].kind == TokKind::Word);
        // A title noun right before, or before adjectives (للصحيفة الأسبوعية الفرنسية «…»).
        let title_before = prev_word.is_some_and(|j| {
            let mut k = j;
            let mut hops = 0;
            loop {
                let w = ctx.toks[k].norm.as_ref();
                if lex.is_title_noun(w) {
                    return open - j <= 1;
                }
                // Only nisba adjectives are hopped over (الأسبوعية، الفرنسية).
                let adjective = crate::analysis::normalize::is_nisba(w);
                if hops >= 3 || k == 0 || !adjective || ctx.toks[k - 1].kind != TokKind::Word {
                    break;
                }
                k -= 1;
                hops += 1;
            }
            open - j <= 1
                && (ctx.toks[j].norm == "ل"
                    || (matches!(ctx.toks[j].norm.as_ref(), "الي" | "لدي")
                        && (j.saturating_sub(3)..j).any(|k| {
                            let w = ctx.toks[k].norm.as_ref();
                            lex.is_statement(w)
                                || ["تصريح", "حديث", "حوار", "مقابله"]
                                    .iter()
                                    .any(|p| w.starts_with(p))
                        })))
        });
        let norm_words: Vec<String> = span.text.split_whitespace().map(normalize).collect();
        let refs: Vec<&str> = norm_words.iter().map(String::as_str).collect();
        // A known entity, unless the recogniser only saw it inside quote marks with a cue (then
        // the recogniser may have taken quoted wording for a name).
        let is_entity = !refs.is_empty()
            && ctx.ents.lookup(&refs).is_some_and(|e| {
                cue.is_none()
                    || ctx.ents.entities[e].mentions.len() > 1
                    || ctx.ents.entities[e]
                        .mentions
                        .iter()
                        .any(|m| !inside_any(spans, m))
            });
        let in_subject = cue.is_some_and(|c| {
            let r = resolved[&c].subject;
            let inside = c < open && close < r.1.max(c + 1) && r.0 <= open;
            // Right after the cue, as its source (حسب «رويترز»، ذكرت "النهار" أن).
            let right_after = c < open && r.0 == open && {
                let next = ctx.toks.get(close + 1).map(|t| t.norm.as_ref());
                lex.cue(&ctx.toks[c].norm) == Some(CueKind::Source)
                    || matches!(next, Some("ان" | "انه" | "انها" | "بان"))
            };
            inside || right_after
        });
        let short = words <= SHORT_QUOTE_WORDS;
        // A person's name in quote marks: a nasab word (بن، أبو، آل) or a role word first, or a
        // role word right before it (الشيخ "…", الطفل "…").
        let role_before =
            prev_word.is_some_and(|j| open - j <= 1 && lex.is_role(&ctx.toks[j].norm));
        let name_like = words <= 6
            && (norm_words
                .iter()
                .skip(1)
                .any(|w| matches!(w.as_str(), "بن" | "بنت" | "ابن" | "ابو" | "ال"))
                || norm_words.first().is_some_and(|w| lex.is_role(w))
                || (role_before && cue.is_none() && words <= 4));
        if is_entity
            || name_like
            || in_subject
            || title_before
            || (short && cue.is_none() && !after_phrase)
        {
            continue;
        }
        let (speaker, rule) = if after_phrase {
            (state_last_before(&resolved, open), "carry-over")
        } else if let Some(c) = cue {
            let r = &resolved[&c];
            (
                r.speaker.clone(),
                if c > close { "cue-after" } else { r.rule },
            )
        } else {
            (None, "none")
        };
        let kind = match &speaker {
            None => QuoteKind::Scare,
            Some(_) => quote_kind(&ctx, open, cue, words),
        };
        out.push(Quote {
            text: span.text.clone(),
            paragraph: span.start_block,
            start: span.start,
            end_paragraph: span.end_block,
            end: span.end,
            kind,
            speaker: speaker.as_ref().map(|s| s.name.clone()),
            speaker_mention: speaker.as_ref().map(|s| s.mention.clone()),
            speaker_location: speaker.as_ref().and_then(|s| s.location.clone()),
            rule: Some(rule.to_string()),
        });
    }
    out
}

/// The speaker of the last resolved cue before token `at`.
fn state_last_before(resolved: &BTreeMap<usize, Resolved>, at: usize) -> Option<Speaker> {
    resolved
        .range(..at)
        .rev()
        .find_map(|(_, r)| r.speaker.clone())
}

fn quote_kind(ctx: &Ctx<'_>, open: usize, cue: Option<usize>, words: usize) -> QuoteKind {
    let lex = ctx.lex;
    // The token before the opening mark, skipping commas.
    let mut j = open;
    while j > 0 && matches!(ctx.toks[j - 1].kind, TokKind::Punct(',' | '،')) {
        j -= 1;
    }
    let prev = j.checked_sub(1).map(|p| &ctx.toks[p]);
    if prev.is_some_and(|t| t.kind == TokKind::Punct(':')) {
        return QuoteKind::Direct;
    }
    if let Some(t) = prev
        && t.kind == TokKind::Word
        && matches!(t.norm.as_ref(), "ان" | "بان" | "وان")
    {
        return if words >= 3 {
            QuoteKind::Direct
        } else {
            QuoteKind::Partial
        };
    }
    if let Some(c) = cue
        && c < open
        && speech_cue(lex, &ctx.toks[c].norm)
    {
        let between_ok = (c + 1..open).all(|k| {
            let t = &ctx.toks[k];
            !(t.kind == TokKind::Word
                && (matches!(
                    t.norm.as_ref(),
                    "ان" | "انه" | "انها" | "انهم" | "انهما" | "بان" | "على" | "عن"
                ) || lex.cue(&t.norm).is_some()))
        });
        if between_ok {
            return QuoteKind::Direct;
        }
    }
    QuoteKind::Partial
}

fn speech_cue(_lex: &Lexicon, w: &str) -> bool {
    use std::sync::OnceLock;
    static SPEECH: OnceLock<HashSet<String>> = OnceLock::new();
    let set = SPEECH.get_or_init(|| {
        include_str!("../../assets/cues/speech.txt")
            .lines()
            .map(|l| l.split('#').next().unwrap_or(""))
            .flat_map(str::split_whitespace)
            .map(norm_word)
            .collect()
    });
    set.contains(w)
        || w.strip_prefix('و')
            .or_else(|| w.strip_prefix('ف'))
            .is_some_and(|r| set.contains(r))
}

/// Whether a mention lies inside one of the quoted spans.
fn inside_any(spans: &[Span], m: &Mention) -> bool {
    spans.iter().any(|s| {
        (s.open_block, s.open_at) <= (m.paragraph, m.start)
            && (m.paragraph, m.end) <= (s.close_block, s.close_at)
    })
}

/// A role word without و and ال, so الوزير finds the person written as وزير الأوقاف فلان.
fn role_key(w: &str) -> &str {
    w.strip_prefix("وال")
        .or_else(|| w.strip_prefix("ال"))
        .unwrap_or(w)
}
