//! Levels of a right-to-left paragraph whose characters are all R/AL, European digits (EN) or
//! neutrals (NSM WS ON ES ET CS), kept compact: the byte ranges at level 2 (everything else is at
//! level 1).
//!
//! Rules W1–W6 for a single isolating run sequence with sos = eos = R, then N1 (every neutral
//! between R/EN/AN becomes R) and I2 (R → 1, EN/AN → 2). The weak rules run on segments of
//! characters of one resolved type, not on characters: a separator segment of one character is a
//! single separator (W4), and an ET segment is a whole sequence of ETs (W5).

use std::ops::Range;

use unicode_bidi::BidiClass;

use super::charclass;

/// Characters of one type after W1–W3.
#[derive(Debug, Clone, Copy)]
struct Segment {
    class: BidiClass,
    start: usize,
    end: usize,
    /// Whether the segment has exactly one character.
    single: bool,
}

/// A run of characters of one bidi class, as rules W4 and W5 see it.
pub(super) trait ClassSegment {
    fn class(&self) -> BidiClass;
    fn set_class(&mut self, class: BidiClass);
    /// Whether the run has exactly one character.
    fn single(&self) -> bool;
}

impl ClassSegment for Segment {
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

/// Rules W4 and W5 over runs of one class each (W1–W3 already applied).
pub(super) fn separators_and_terminators<S: ClassSegment>(segs: &mut [S]) {
    use BidiClass::*;
    // W4: a single separator between two numbers of the same type.
    for k in 1..segs.len().saturating_sub(1) {
        let (a, b) = (segs[k - 1].class(), segs[k + 1].class());
        let s = &mut segs[k];
        if s.single()
            && ((s.class() == ES && a == EN && b == EN)
                || (s.class() == CS && a == b && matches!(a, EN | AN)))
        {
            s.set_class(a);
        }
    }
    // W5: a sequence of ET next to EN becomes EN.
    for k in 0..segs.len() {
        if segs[k].class() != ET {
            continue;
        }
        let before = k > 0 && segs[k - 1].class() == EN;
        let after = segs.get(k + 1).is_some_and(|s| s.class() == EN);
        if before || after {
            segs[k].set_class(EN);
        }
    }
}

/// The byte ranges of `text` at level 2 (maximal, in order), or None when a class other than R,
/// AL, EN, NSM, WS, ON, ES, ET or CS occurs. Everything outside the ranges is at level 1.
pub(crate) fn number_ranges(text: &str) -> Option<Vec<Range<usize>>> {
    let mut b = NumbersBuilder::new();
    for (i, c, info) in charclass::scan(text) {
        b.push(
            i,
            info.map_or_else(|| unicode_bidi::bidi_class(c), |i| i.class),
        );
        if !b.ok {
            return None;
        }
    }
    b.finish(text.len())
}

/// [`number_ranges`] a character at a time (for a pass over the text that does other work too).
#[derive(Debug, Clone)]
pub(crate) struct NumbersBuilder {
    segs: Vec<Segment>,
    /// The segment being collected: its type, start and whether it has one character.
    class_now: BidiClass,
    start: usize,
    single: bool,
    /// The type of the previous character after W1, and the last strong type (W2).
    prev: BidiClass,
    last_strong: BidiClass,
    /// False once a class outside the fast path occurred.
    ok: bool,
}

impl NumbersBuilder {
    /// A builder at the start of a text (sos = R; a leading empty R segment changes nothing).
    pub(crate) fn new() -> Self {
        NumbersBuilder {
            segs: Vec::new(),
            class_now: BidiClass::R,
            start: 0,
            single: true,
            prev: BidiClass::R,
            last_strong: BidiClass::R,
            ok: true,
        }
    }

    /// A builder that has seen `text[..at]`, when every character there is R, AL or a neutral
    /// (no EN): only what follows the last R/AL can take part in W4 and W5, and everything before
    /// it is at level 1.
    pub(crate) fn resume(text: &str, at: usize) -> Self {
        let head = text.get(..at).unwrap_or_default();
        let mut b = NumbersBuilder::new();
        let mut from = 0;
        for (i, c, info) in charclass::scan_rev(head) {
            let class = info.map_or_else(|| unicode_bidi::bidi_class(c), |i| i.class);
            if matches!(class, BidiClass::R | BidiClass::AL) {
                (b.prev, b.last_strong) = (class, class);
                from = i + c.len_utf8();
                b.start = from;
                break;
            }
        }
        for (i, c, info) in charclass::scan(&head[from..]) {
            b.push(
                from + i,
                info.map_or_else(|| unicode_bidi::bidi_class(c), |i| i.class),
            );
        }
        b
    }

    /// Whether every class so far is one the fast path handles.
    #[inline(always)]
    pub(crate) fn ok(&self) -> bool {
        self.ok
    }

    /// The character at byte `i`, of bidi class `class`: W1 (NSM takes the type before it), W2
    /// (EN after AL is AN) and W3 (AL is R). R, WS and ON all end at level 1 and take no part in
    /// W4 or W5: they are one segment type (R).
    #[inline(always)]
    pub(crate) fn push(&mut self, i: usize, class: BidiClass) {
        use BidiClass::*;
        // The common classes first, with plain comparisons (a `match` here becomes a jump
        // table, mispredicted at every change of class).
        let t = if class == AL {
            self.prev = AL;
            self.last_strong = AL;
            R
        } else if class == WS || class == ON {
            self.prev = class;
            R
        } else {
            let w1 = match class {
                R | EN | ES | ET | CS => class,
                NSM => self.prev,
                _ => {
                    self.ok = false;
                    return;
                }
            };
            self.prev = w1;
            match w1 {
                R | AL => {
                    self.last_strong = w1;
                    R
                }
                EN if self.last_strong == AL => AN,
                WS | ON => R,
                _ => w1,
            }
        };
        if t == self.class_now {
            self.single = false;
        } else {
            self.segs.push(Segment {
                class: self.class_now,
                start: self.start,
                end: i,
                single: self.single,
            });
            (self.class_now, self.start, self.single) = (t, i, true);
        }
    }

    /// The level-2 ranges of a text of `len` bytes (see [`number_ranges`]).
    pub(crate) fn finish(self, len: usize) -> Option<Vec<Range<usize>>> {
        use BidiClass::*;
        if !self.ok {
            return None;
        }
        let mut segs = self.segs;
        segs.push(Segment {
            class: self.class_now,
            start: self.start,
            end: len,
            single: self.single,
        });
        separators_and_terminators(&mut segs);
        // W6, N1, I2: numbers are at level 2, everything else at level 1.
        let mut ranges: Vec<Range<usize>> = Vec::new();
        for s in segs.iter().filter(|s| matches!(s.class, EN | AN)) {
            match ranges.last_mut() {
                Some(r) if r.end == s.start => r.end = s.end,
                _ => ranges.push(s.start..s.end),
            }
        }
        Some(ranges)
    }
}

/// Append the visual runs of `line` (left to right, each with whether it is right-to-left) for a
/// paragraph whose level-2 ranges are `numbers` (see [`number_ranges`]). Rule L1 changes nothing:
/// whitespace is never at level 2.
pub(crate) fn visual_runs(
    numbers: &[Range<usize>],
    line: Range<usize>,
    out: &mut Vec<(Range<usize>, bool)>,
) {
    let first = numbers.partition_point(|r| r.end <= line.start);
    let last = numbers.partition_point(|r| r.start < line.end).max(first);
    let mut end = line.end;
    for r in numbers[first..last].iter().rev() {
        let (a, b) = (r.start.max(line.start), r.end.min(line.end));
        if b < end {
            out.push((b..end, true));
        }
        out.push((a..b, false));
        end = a;
    }
    if line.start < end {
        out.push((line.start..end, true));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Resuming after a prefix without numbers gives what a pass over the whole text gives.
    #[test]
    fn resume_matches_a_whole_pass() {
        let alphabet = [
            "ب", "ا", "\u{64E}", " ", "1", "2", ",", ".", "-", "+", "%", "$", "#", "(", ")", "«",
            "»", "!", "/", ":", "\u{66A}", "\u{60C}", "\u{5D0}", "a",
        ];
        let mut seed = 3u64;
        for _ in 0..20000 {
            let mut s = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = 1 + (seed >> 60) as usize;
            for _ in 0..len {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.push_str(alphabet[(seed >> 33) as usize % alphabet.len()]);
            }
            let want = number_ranges(&s);
            for (at, _) in s.char_indices() {
                let head_ok = s[..at].chars().all(|c| {
                    !matches!(
                        charclass::bidi_class(c),
                        BidiClass::EN | BidiClass::L | BidiClass::AN
                    )
                });
                if !head_ok {
                    break;
                }
                let mut b = NumbersBuilder::resume(&s, at);
                for (i, c) in s[at..].char_indices() {
                    b.push(at + i, charclass::bidi_class(c));
                }
                assert_eq!(b.finish(s.len()), want, "{s:?} at {at}");
            }
        }
    }
}
