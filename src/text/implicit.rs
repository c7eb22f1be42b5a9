//! Levels of a paragraph without explicit controls, isolates, boundary neutrals or separators
//! (the common mixed case: Arabic with Latin words, numbers and brackets), kept as level runs.
//!
//! Such a paragraph is one isolating run sequence at the paragraph level, with sos = eos = the
//! paragraph direction. The rules of UAX #9 (W1–W7, N0–N2, I1–I2) run on segments of characters of
//! one resolved type instead of on characters: a separator segment of one character is a single
//! separator (W4), an ET segment is a whole sequence of ETs (W5), and a paired bracket is a segment
//! of its own together with the marks after it (which follow its type under W1 and N0).

use std::ops::Range;

use unicode_bidi::{BidiClass, BidiDataSource, Level};

use super::charclass::{self, TableData};

/// Characters of one resolved type.
#[derive(Debug, Clone, Copy)]
struct Segment {
    class: BidiClass,
    start: usize,
    end: usize,
    /// Whether the segment has exactly one character.
    single: bool,
    /// For a paired bracket: its normalised opening bracket and whether it opens.
    bracket: Option<(char, bool)>,
}

impl super::rtl_numbers::ClassSegment for Segment {
    fn class(&self) -> BidiClass {
        self.class
    }
    fn set_class(&mut self, class: BidiClass) {
        self.class = class;
    }
    fn single(&self) -> bool {
        self.single
    }
}

/// Level runs of a paragraph: maximal byte ranges of one level, in order, covering the text.
#[derive(Debug, Clone)]
pub(crate) struct LevelRuns {
    runs: Vec<(Range<usize>, Level)>,
    para: Level,
}

impl LevelRuns {
    /// Whether the paragraph is right-to-left.
    pub(crate) fn para_rtl(&self) -> bool {
        self.para.is_rtl()
    }

    /// Whether any character is at an odd level.
    pub(crate) fn any_rtl(&self) -> bool {
        self.runs.iter().any(|(_, l)| l.is_rtl())
    }

    /// The level of every byte (for tests).
    #[cfg(test)]
    pub(crate) fn per_byte(&self) -> Vec<Level> {
        let mut v = Vec::new();
        for (r, l) in &self.runs {
            v.resize(r.end, *l);
        }
        v
    }
}

/// Resolve the levels of `text` (one paragraph) with the paragraph level `forced`, or by rules
/// P2/P3 when None. None when a character of another class occurs (B, S, BN, explicit controls and
/// isolates).
pub(crate) fn resolve(text: &str, forced: Option<Level>) -> Option<LevelRuns> {
    use BidiClass::*;
    let para = match forced {
        Some(l) => l,
        None => first_strong_level(text),
    };
    let e = if para.is_rtl() { R } else { L };
    let sos = e;
    let mut segs: Vec<Segment> = Vec::new();
    // W1 (NSM takes the type before it), W2 (EN after AL is AN) and W3 (AL is R).
    let mut prev = sos;
    let mut last_strong = sos;
    for (i, c, info) in charclass::scan(text) {
        let class = info.map_or_else(|| unicode_bidi::bidi_class(c), |i| i.class);
        let w1 = match class {
            L | R | AL | EN | AN | ES | ET | CS | WS | ON => class,
            NSM => prev,
            _ => return None,
        };
        prev = w1;
        let t = match w1 {
            L | R => {
                last_strong = w1;
                w1
            }
            AL => {
                last_strong = AL;
                R
            }
            EN if last_strong == AL => AN,
            _ => w1,
        };
        let end = i + c.len_utf8();
        let bracket = if class == ON {
            TableData
                .bidi_matched_opening_bracket(c)
                .map(|b| (b.opening, b.is_open))
        } else {
            None
        };
        let joins = match segs.last() {
            None => false,
            Some(_) if bracket.is_some() => false,
            // Only the marks right after a bracket share its segment.
            Some(s) if s.bracket.is_some() => class == NSM,
            Some(s) => s.class == t,
        };
        match segs.last_mut() {
            Some(s) if joins => {
                s.end = end;
                s.single = false;
            }
            _ => segs.push(Segment {
                class: t,
                start: i,
                end,
                single: true,
                bracket,
            }),
        }
    }
    weak(&mut segs, sos);
    brackets(&mut segs, e, sos);
    neutrals(&mut segs, e, sos);
    // I1, I2.
    let mut runs: Vec<(Range<usize>, Level)> = Vec::new();
    let n = para.number();
    for s in &segs {
        let level = match (para.is_rtl(), s.class) {
            (false, R) | (true, L | EN | AN) => n + 1,
            (false, AN | EN) => n + 2,
            _ => n,
        };
        let level = Level::new(level).unwrap_or(para);
        match runs.last_mut() {
            Some((r, l)) if *l == level => r.end = s.end,
            _ => runs.push((s.start..s.end, level)),
        }
    }
    Some(LevelRuns { runs, para })
}

/// Rules P2 and P3 without isolates: the level of the first strong character, else 0.
fn first_strong_level(text: &str) -> Level {
    for (_, c, info) in charclass::scan(text) {
        match info.map_or_else(|| unicode_bidi::bidi_class(c), |i| i.class) {
            BidiClass::L => return Level::ltr(),
            BidiClass::R | BidiClass::AL => return Level::rtl(),
            _ => {}
        }
    }
    Level::ltr()
}

/// W4–W7 (W1–W3 were applied while building the segments).
fn weak(segs: &mut [Segment], sos: BidiClass) {
    use BidiClass::*;
    super::rtl_numbers::separators_and_terminators(segs);
    // W6: remaining separators and terminators are ON. W7: EN after L (or sos L) is L.
    let mut last_strong = sos;
    for s in segs.iter_mut() {
        match s.class {
            ES | ET | CS => s.class = ON,
            L | R => last_strong = s.class,
            EN if last_strong == L => s.class = L,
            _ => {}
        }
    }
}

/// N0: paired brackets (BD16) take the embedding direction, or the opposite direction when only
/// that occurs inside and it is also the context before the opening bracket.
fn brackets(segs: &mut [Segment], e: BidiClass, sos: BidiClass) {
    use BidiClass::*;
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (k, s) in segs.iter().enumerate() {
        let Some((opening, is_open)) = s.bracket else {
            continue;
        };
        if is_open {
            if stack.len() >= 63 {
                break;
            }
            stack.push((opening, k));
        } else if let Some(at) = stack.iter().rposition(|&(o, _)| o == opening) {
            pairs.push((stack[at].1, k));
            stack.truncate(at);
        }
    }
    if pairs.is_empty() {
        return;
    }
    pairs.sort_unstable_by_key(|p| p.0);
    let not_e = if e == L { R } else { L };
    for (open, close) in pairs {
        let (mut found_e, mut found_not_e) = (false, false);
        for s in &segs[open + 1..close] {
            let class = match s.class {
                EN | AN => R,
                c => c,
            };
            if class == e {
                found_e = true;
                break;
            }
            found_not_e |= class == not_e;
        }
        let set = if found_e {
            e
        } else if found_not_e {
            segs[..open]
                .iter()
                .rev()
                .find_map(|s| match s.class {
                    L => Some(L),
                    R | EN | AN => Some(R),
                    _ => None,
                })
                .unwrap_or(sos)
        } else {
            continue;
        };
        segs[open].class = set;
        segs[close].class = set;
    }
}

/// N1 and N2: a sequence of neutrals between two strong types of one direction (EN and AN count as
/// R) takes that direction, else the embedding direction.
fn neutrals(segs: &mut [Segment], e: BidiClass, sos: BidiClass) {
    use BidiClass::*;
    let mut prev = sos;
    let mut k = 0;
    while k < segs.len() {
        if !matches!(segs[k].class, WS | ON) {
            prev = segs[k].class;
            k += 1;
            continue;
        }
        let start = k;
        while k < segs.len() && matches!(segs[k].class, WS | ON) {
            k += 1;
        }
        let next = segs.get(k).map_or(sos, |s| s.class);
        let class = match (prev, next) {
            (L, L) => L,
            (R | AN | EN, R | AN | EN) => R,
            _ => e,
        };
        for s in &mut segs[start..k] {
            s.class = class;
        }
    }
}

/// Append the visual runs of `line` (left to right, each with whether it is right-to-left):
/// rule L1 (whitespace at the end of the line goes to the paragraph level) and L2 on the level
/// runs that meet the line.
pub(crate) fn visual_runs(
    levels: &LevelRuns,
    text: &str,
    line: Range<usize>,
    scratch: &mut Vec<(Range<usize>, Level)>,
    out: &mut Vec<(Range<usize>, bool)>,
) {
    let runs = &levels.runs;
    let first = runs.partition_point(|(r, _)| r.end <= line.start);
    // L1: trailing whitespace.
    let mut ws = line.end;
    for (i, c, info) in charclass::scan_rev(&text[line.clone()]) {
        if info.map_or_else(|| unicode_bidi::bidi_class(c), |i| i.class) != BidiClass::WS {
            break;
        }
        ws = line.start + i;
    }
    scratch.clear();
    for (r, l) in &runs[first..] {
        let (a, b) = (r.start.max(line.start), r.end.min(ws));
        if a >= b {
            break;
        }
        scratch.push((a..b, *l));
    }
    if ws < line.end {
        match scratch.last_mut() {
            Some((r, l)) if *l == levels.para => r.end = line.end,
            _ => scratch.push((ws..line.end, levels.para)),
        }
    }
    super::bidi::reverse_runs(scratch);
    out.extend(scratch.iter().map(|(r, l)| (r.clone(), l.is_rtl())));
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_bidi::BidiInfo;

    const ALPHABET: [&str; 34] = [
        "ب", "ا", "\u{64E}", " ", "1", "2", ",", ".", "-", "+", "%", "$", "#", "(", ")", "[", "]",
        "{", "}", "«", "»", "a", "Z", "é", "\u{661}", "\u{66A}", "\u{60C}", "\u{5D0}", "\u{2003}",
        "!", "/", ":", "\u{2329}", "\u{3009}",
    ];

    fn random_texts(seed: u64, count: usize) -> Vec<String> {
        let mut seed = seed;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        (0..count)
            .map(|_| {
                let len = 1 + next() % 16;
                (0..len)
                    .map(|_| ALPHABET[next() % ALPHABET.len()])
                    .collect()
            })
            .collect()
    }

    #[test]
    fn levels_match_bidi_info() {
        for s in random_texts(5, 40000) {
            for forced in [Some(Level::rtl()), Some(Level::ltr()), None] {
                let info = BidiInfo::new_with_data_source(&TableData, &s, forced);
                let runs = resolve(&s, forced).expect("no explicit control in the alphabet");
                assert_eq!(runs.per_byte(), info.levels, "{s:?} {forced:?}");
                let para = info.paragraphs.first().map(|p| p.level);
                assert_eq!(Some(runs.para), para, "{s:?} {forced:?}");
            }
        }
    }

    #[test]
    fn visual_runs_match_bidi_info() {
        let (mut scratch, mut out) = (Vec::new(), Vec::new());
        for s in random_texts(9, 3000) {
            for forced in [Some(Level::rtl()), Some(Level::ltr()), None] {
                let info = BidiInfo::new_with_data_source(&TableData, &s, forced);
                let runs = resolve(&s, forced).expect("no explicit control in the alphabet");
                let para = &info.paragraphs[0];
                let bounds: Vec<usize> =
                    s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
                for (k, &a) in bounds.iter().enumerate() {
                    for &b in &bounds[k + 1..] {
                        let (lv, want) = info.visual_runs(para, a..b);
                        let want: Vec<_> = want
                            .into_iter()
                            .map(|r| {
                                let rtl = lv[r.start].is_rtl();
                                (r, rtl)
                            })
                            .collect();
                        out.clear();
                        visual_runs(&runs, &s, a..b, &mut scratch, &mut out);
                        assert_eq!(out, want, "{s:?} {forced:?} {a}..{b}");
                    }
                }
            }
        }
    }

    #[test]
    fn controls_and_separators_are_left_to_unicode_bidi() {
        for s in [
            "a\u{202B}b",
            "\u{2067}ب\u{2069}",
            "a\u{AD}b",
            "a\u{200D}b",
            "a\tb",
        ] {
            assert!(resolve(s, None).is_none(), "{s:?}");
        }
    }
}
