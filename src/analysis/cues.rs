//! The reporting-cue lexicon (`assets/cues/*.txt`), loaded once and normalised.
//!
//! Files hold whitespace-separated forms, `#` starts a comment. All forms go through
//! [`normalize`](super::normalize::normalize) with tanween alef folded (قائلاً → قائلا), and a form
//! also matches with the conjunction proclitics و / ف in front (وقال، فأضاف).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

use super::normalize::normalize;

/// What a cue word does for attribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    /// A finite reporting verb (قال، أضاف، أكد…): the speaker is its subject.
    Verb,
    /// A circumstantial participle (مضيفاً، مشيراً، قائلاً): the speaker is the sentence's subject.
    Participle,
    /// A source preposition (بحسب، وفق، نقلا عن): the source follows.
    Source,
}

/// The loaded lexicon.
#[derive(Debug, Default)]
pub struct Lexicon {
    words: HashMap<String, CueKind>,
    /// Pronoun phrases (على حد قوله), as normalised word sequences.
    pub phrases: Vec<Vec<String>>,
    statements: HashSet<String>,
    roles: HashSet<String>,
    titles: HashSet<String>,
    media: HashSet<String>,
    stops: HashSet<String>,
    unnamed: HashSet<String>,
}

fn forms(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .flat_map(str::split_whitespace)
        .map(|w| norm_word(&w.replace('_', " ")))
}

/// Normalise one word for lexicon lookup (see the module docs).
pub fn norm_word(w: &str) -> String {
    normalize(w)
}

impl Lexicon {
    fn load() -> Self {
        let mut lex = Lexicon::default();
        for (text, kind) in [
            (include_str!("../../assets/cues/verbs.txt"), CueKind::Verb),
            (
                include_str!("../../assets/cues/participles.txt"),
                CueKind::Participle,
            ),
            (
                include_str!("../../assets/cues/sources.txt"),
                CueKind::Source,
            ),
        ] {
            for f in forms(text) {
                lex.words.insert(f, kind);
            }
        }
        lex.phrases = include_str!("../../assets/cues/phrases.txt")
            .lines()
            .map(|l| l.split('#').next().unwrap_or(""))
            .map(|l| l.split_whitespace().map(norm_word).collect::<Vec<_>>())
            .filter(|p| !p.is_empty())
            .collect();
        lex.statements = forms(include_str!("../../assets/cues/statements.txt")).collect();
        lex.roles = forms(include_str!("../../assets/cues/roles.txt")).collect();
        lex.titles = forms(include_str!("../../assets/cues/titles.txt")).collect();
        lex.media = forms(include_str!("../../assets/cues/media.txt")).collect();
        lex.stops = forms(include_str!("../../assets/cues/stops.txt")).collect();
        lex.unnamed = forms(include_str!("../../assets/cues/unnamed.txt")).collect();
        lex
    }

    /// The cue kind of a normalised word, accepting a leading و / ف.
    pub fn cue(&self, w: &str) -> Option<CueKind> {
        if let Some(k) = self.words.get(w) {
            return Some(*k);
        }
        let rest = w.strip_prefix('و').or_else(|| w.strip_prefix('ف'))?;
        self.words.get(rest).copied()
    }

    fn in_set(set: &HashSet<String>, w: &str) -> bool {
        set.contains(w)
            || w.strip_prefix('و')
                .or_else(|| w.strip_prefix('ف'))
                .is_some_and(|r| set.contains(r))
    }

    /// Whether a normalised word is a statement noun (البيان، التقرير).
    pub fn is_statement(&self, w: &str) -> bool {
        Self::in_set(&self.statements, w)
    }
    /// Whether a normalised word is a role or title word before a name (الوزير، مدرب).
    pub fn is_role(&self, w: &str) -> bool {
        Self::in_set(&self.roles, w)
    }
    /// Whether a normalised word introduces a quoted name (صحيفة "سبق"), clitics ل ب allowed.
    pub fn is_title_noun(&self, w: &str) -> bool {
        Self::in_set(&self.titles, w)
            || super::normalize::proclitic_readings(w)
                .iter()
                .any(|r| self.titles.contains(r))
    }
    /// Whether a normalised word names a listener/medium (لوكالة، للصحفيين) once ل is removed.
    pub fn is_medium(&self, w: &str) -> bool {
        let rest = w
            .strip_prefix("لل")
            .map(|r| format!("ال{r}"))
            .or_else(|| w.strip_prefix('ل').map(str::to_string));
        rest.is_some_and(|r| self.media.contains(&r))
    }
    /// Whether a normalised word heads an unnamed source (مصدر، المسؤول، ومتحدث).
    pub fn is_unnamed_head(&self, w: &str) -> bool {
        let bare = |w: &str| self.unnamed.contains(w.strip_prefix("ال").unwrap_or(w));
        bare(w) || w.strip_prefix('و').is_some_and(bare)
    }
    /// Whether a normalised word ends a speaker phrase (prepositions, complementisers, time words).
    pub fn is_stop(&self, w: &str) -> bool {
        self.stops.contains(w)
    }
}

/// The lexicon, loaded on first use.
pub fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(Lexicon::load)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conjugations_and_clitics_are_cues() {
        let l = lexicon();
        assert_eq!(l.cue(&norm_word("وأضاف")), Some(CueKind::Verb));
        assert_eq!(l.cue(&norm_word("قالت")), Some(CueKind::Verb));
        assert_eq!(l.cue(&norm_word("مضيفاً")), Some(CueKind::Participle));
        assert_eq!(l.cue(&norm_word("بحسب")), Some(CueKind::Source));
        assert_eq!(l.cue(&norm_word("الحوار")), None);
        assert!(l.is_statement(&norm_word("البيان")));
        assert!(l.is_title_noun(&norm_word("لحلف")));
        assert!(l.is_medium(&norm_word("للصحفيين")));
        assert!(l.is_unnamed_head(&norm_word("وزارة")));
        assert!(l.is_unnamed_head(&norm_word("والمصدر")));
        assert!(l.is_role(&norm_word("الوزير")));
    }
}
