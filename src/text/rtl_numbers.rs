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

/// The byte ranges of `text` at level 2 (maximal, in order), or None when a class other than R,
/// AL, EN, NSM, WS, ON, ES, ET or CS occurs. Everything outside the ranges is at level 1.
pub(crate) fn number_ranges(text: &str) -> Option<Vec<Range<usize>>> {
    use BidiClass::*;
    let mut segs: Vec<Segment> = Vec::new();
    // W1 (NSM takes the type before it; sos = R), W2 (EN after AL is AN) and W3 (AL is R), in
    // one left-to-right pass. R, WS and ON all end at level 1 and take no part in W4 or W5: they
    // are one segment type (R). The segment being collected starts at `start` (a leading empty
    // R segment changes nothing).
    let (mut class_now, mut start, mut single) = (R, 0, true);
    let mut prev = R;
    let mut last_strong = R;
    for (i, c, info) in charclass::scan(text) {
        let class = info.map_or_else(|| unicode_bidi::bidi_class(c), |i| i.class);
        // The common classes first, with plain comparisons (a `match` here becomes a jump
        // table, mispredicted at every change of class).
        let t = if class == AL {
            prev = AL;
            last_strong = AL;
            R
        } else if class == WS || class == ON {
            prev = class;
            R
        } else {
            let w1 = match class {
                R | EN | ES | ET | CS => class,
                NSM => prev,
                _ => return None,
            };
            prev = w1;
            match w1 {
                R | AL => {
                    last_strong = w1;
                    R
                }
                EN if last_strong == AL => AN,
                WS | ON => R,
                _ => w1,
            }
        };
        if t == class_now {
            single = false;
        } else {
            segs.push(Segment {
                class: class_now,
                start,
                end: i,
                single,
            });
            (class_now, start, single) = (t, i, true);
        }
    }
    segs.push(Segment {
        class: class_now,
        start,
        end: text.len(),
        single,
    });
    // W4: a single separator between two numbers of the same type.
    for k in 1..segs.len().saturating_sub(1) {
        let (a, b) = (segs[k - 1].class, segs[k + 1].class);
        let s = &mut segs[k];
        if s.single
            && ((s.class == ES && a == EN && b == EN)
                || (s.class == CS && a == b && matches!(a, EN | AN)))
        {
            s.class = a;
        }
    }
    // W5: a sequence of ET next to EN becomes EN.
    for k in 0..segs.len() {
        if segs[k].class != ET {
            continue;
        }
        let before = k > 0 && segs[k - 1].class == EN;
        let after = segs.get(k + 1).is_some_and(|s| s.class == EN);
        if before || after {
            segs[k].class = EN;
        }
    }
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
