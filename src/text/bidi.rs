//! Bidi embedding levels, resolved once per paragraph (UAX #9 with unicode-bidi), and the visual
//! runs of each line (rules L1 and L2 applied to the line's slice of the paragraph levels).

use std::ops::Range;

use unicode_bidi::{BidiClass, BidiInfo, Direction, Level};

use super::BaseDirection;
use super::implicit::{self, LevelRuns};
use super::rtl_numbers;
use super::sanitize::BidiHint;

/// Levels of one paragraph, indexed by byte.
#[derive(Debug, Clone, Default)]
pub(crate) struct Levels {
    classes: Vec<BidiClass>,
    levels: Vec<Level>,
    para_rtl: bool,
    /// Whether any reordering can happen (an RTL paragraph or any odd level).
    needs_reorder: bool,
    /// Every character is at level 1 in a right-to-left paragraph (`levels` is left empty).
    uniform_rtl: bool,
    /// A right-to-left paragraph of R/AL, EN and neutrals: its level-2 byte ranges (everything
    /// else is at level 1; `levels` and `classes` are left empty).
    numbers: Option<Vec<Range<usize>>>,
    /// A paragraph without explicit controls: its level runs (`levels` and `classes` are left
    /// empty).
    implicit: Option<LevelRuns>,
}

impl Levels {
    /// Resolve the levels of `text` (one paragraph: no paragraph separators) for a base direction.
    #[cfg(test)]
    pub(crate) fn resolve(text: &str, base: BaseDirection) -> Levels {
        Levels::resolve_hinted(text, base, None, None)
    }

    /// [`Levels::resolve`], with [`super::charclass::rtl_uniform`] and
    /// [`rtl_numbers::number_ranges`] of `text` when already known.
    pub(crate) fn resolve_hinted(
        text: &str,
        base: BaseDirection,
        hint: Option<BidiHint>,
        numbers: Option<Option<Vec<Range<usize>>>>,
    ) -> Levels {
        let forced = match base {
            BaseDirection::Rtl => Some(Level::rtl()),
            BaseDirection::Ltr => Some(Level::ltr()),
            BaseDirection::Auto => None,
            BaseDirection::AutoRtl => match unicode_bidi::get_base_direction(text) {
                Direction::Mixed => Some(Level::rtl()),
                _ => None,
            },
        };
        // ASCII has no right-to-left character: an LTR paragraph needs no reordering.
        let ltr_para = forced.is_none_or(|l| l.is_ltr());
        if text.is_empty() || (ltr_para && text.is_ascii()) {
            return Levels {
                para_rtl: !ltr_para,
                ..Levels::default()
            };
        }
        let (uniform, strong) = match hint {
            Some(h) => (h.rtl_uniform, h.strong),
            None => super::charclass::rtl_uniform(text),
        };
        let para_is_rtl = match base {
            BaseDirection::Rtl => true,
            BaseDirection::Ltr => false,
            BaseDirection::Auto => strong,
            // With no L character, the first strong character is R/AL, or there is none.
            BaseDirection::AutoRtl => true,
        };
        if uniform && para_is_rtl {
            // No L, EN, AN or explicit control: every character resolves to the embedding level.
            return Levels {
                para_rtl: true,
                needs_reorder: true,
                uniform_rtl: true,
                ..Levels::default()
            };
        }
        if para_is_rtl
            && let Some(numbers) = numbers.unwrap_or_else(|| rtl_numbers::number_ranges(text))
        {
            return Levels {
                para_rtl: true,
                needs_reorder: true,
                numbers: Some(numbers),
                ..Levels::default()
            };
        }
        if let Some(runs) = implicit::resolve(text, forced) {
            return Levels {
                para_rtl: runs.para_rtl(),
                needs_reorder: runs.para_rtl() || runs.any_rtl(),
                implicit: Some(runs),
                ..Levels::default()
            };
        }
        Levels::full(text, forced, ltr_para)
    }

    /// The levels from unicode-bidi (every case the shortcuts do not cover).
    fn full(text: &str, forced: Option<Level>, ltr_para: bool) -> Levels {
        let info = BidiInfo::new_with_data_source(&super::charclass::TableData, text, forced);
        let para_rtl = info
            .paragraphs
            .first()
            .map_or(!ltr_para, |p| p.level.is_rtl());
        let needs_reorder = para_rtl || info.levels.iter().any(|l| l.is_rtl());
        Levels {
            classes: info.original_classes,
            levels: info.levels,
            para_rtl,
            needs_reorder,
            uniform_rtl: false,
            numbers: None,
            implicit: None,
        }
    }

    /// Whether the paragraph direction is right-to-left.
    pub(crate) fn is_rtl(&self) -> bool {
        self.para_rtl
    }

    /// Append the visual runs of `line` (a byte range of `text`, the paragraph these levels were
    /// resolved for) to `out`, from left to right, each with whether it is right-to-left.
    pub(crate) fn visual_runs(
        &self,
        text: &str,
        line: Range<usize>,
        out: &mut Vec<(Range<usize>, bool)>,
        scratch: &mut RunScratch,
    ) {
        if line.is_empty() {
            return;
        }
        if self.uniform_rtl {
            out.push((line, true));
            return;
        }
        if let Some(numbers) = &self.numbers {
            rtl_numbers::visual_runs(numbers, line, out);
            return;
        }
        if !self.needs_reorder {
            out.push((line, false));
            return;
        }
        if let Some(runs) = &self.implicit {
            implicit::visual_runs(runs, text, line, &mut scratch.runs, out);
            return;
        }
        if line.end > self.levels.len() {
            out.push((line, false));
            return;
        }
        let levels = &self.levels[line.clone()];
        let last_class = self.classes[line.end - 1];
        let l1_free = !matches!(
            last_class,
            BidiClass::WS
                | BidiClass::FSI
                | BidiClass::LRI
                | BidiClass::RLI
                | BidiClass::PDI
                | BidiClass::B
                | BidiClass::S
                | BidiClass::RLE
                | BidiClass::LRE
                | BidiClass::RLO
                | BidiClass::LRO
                | BidiClass::PDF
                | BidiClass::BN
        );
        if l1_free && levels.iter().all(|l| *l == levels[0]) {
            // One level, nothing for L1 to reset at the end of the line: a single run.
            out.push((line, levels[0].is_rtl()));
            return;
        }
        let para_level = if self.para_rtl {
            Level::rtl()
        } else {
            Level::ltr()
        };
        let line_levels = &mut scratch.levels;
        line_levels.clear();
        line_levels.extend_from_slice(levels);
        reset_line_levels(
            &text[line.clone()],
            &self.classes[line.clone()],
            line_levels,
            para_level,
        );
        line_runs(line_levels, &mut scratch.runs);
        for (run, level) in &scratch.runs {
            out.push((run.start + line.start..run.end + line.start, level.is_rtl()));
        }
    }
}

/// Reusable buffers for [`Levels::visual_runs`].
#[derive(Debug, Default)]
pub(crate) struct RunScratch {
    levels: Vec<Level>,
    runs: Vec<(Range<usize>, Level)>,
}

/// Rule L1 on one line (`classes` and `levels` per byte of `line_text`): segment and paragraph
/// separators, and whitespace and isolate controls before them or at the end of the line, go
/// back to the paragraph level; characters removed by X9 take the level before them. The same
/// as unicode-bidi's `reorder_levels` (which it does not export).
fn reset_line_levels(
    line_text: &str,
    classes: &[BidiClass],
    levels: &mut [Level],
    para_level: Level,
) {
    use BidiClass::*;
    let mut reset_from: Option<usize> = Some(0);
    let mut reset_to: Option<usize> = None;
    let mut prev_level = para_level;
    for (i, c) in line_text.char_indices() {
        let len = c.len_utf8();
        match classes[i] {
            B | S => {
                reset_to = Some(i + len);
                if reset_from.is_none() {
                    reset_from = Some(i);
                }
            }
            WS | FSI | LRI | RLI | PDI => {
                if reset_from.is_none() {
                    reset_from = Some(i);
                }
            }
            RLE | LRE | RLO | LRO | PDF | BN => {
                if reset_from.is_none() {
                    reset_from = Some(i);
                }
                levels[i..i + len].fill(prev_level);
            }
            _ => reset_from = None,
        }
        if let (Some(from), Some(to)) = (reset_from, reset_to) {
            levels[from..to].fill(para_level);
            reset_from = None;
            reset_to = None;
        }
        prev_level = levels[i];
    }
    if let Some(from) = reset_from {
        levels[from..].fill(para_level);
    }
}

/// Rule L2 on one line's levels (per byte, after L1): the level runs in visual order, as byte
/// ranges of the line. The same as unicode-bidi's `visual_runs_for_line`.
fn line_runs(levels: &[Level], runs: &mut Vec<(Range<usize>, Level)>) {
    runs.clear();
    let Some(&first) = levels.first() else {
        return;
    };
    let (mut start, mut run_level) = (0, first);
    for (i, &l) in levels.iter().enumerate().skip(1) {
        if l != run_level {
            runs.push((start..i, run_level));
            start = i;
            run_level = l;
        }
    }
    runs.push((start..levels.len(), run_level));
    reverse_runs(runs);
}

/// The reordering part of rule L2: reverse every sequence of runs (in logical order) at any level
/// or above, from the highest level down to the lowest odd level.
pub(crate) fn reverse_runs(runs: &mut [(Range<usize>, Level)]) {
    let Some(first) = runs.first() else {
        return;
    };
    let (mut min_level, mut max_level) = (first.1, first.1);
    for (_, l) in runs.iter().skip(1) {
        min_level = min_level.min(*l);
        max_level = max_level.max(*l);
    }
    let lowest_odd = min_level.number() | 1;
    let mut level = max_level.number();
    while level >= lowest_odd {
        let mut i = 0;
        while i < runs.len() {
            if runs[i].1.number() < level {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < runs.len() && runs[j].1.number() >= level {
                j += 1;
            }
            runs[i..j].reverse();
            i = j;
        }
        level -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_bidi::ParagraphInfo;

    /// unicode-bidi's visual runs for one line of a paragraph (what `visual_runs` replaces).
    fn reference_runs(
        text: &str,
        levels: &Levels,
        line: Range<usize>,
    ) -> Vec<(Range<usize>, bool)> {
        let line_text = &text[line.clone()];
        let level = if levels.para_rtl {
            Level::rtl()
        } else {
            Level::ltr()
        };
        let info = BidiInfo {
            text: line_text,
            original_classes: levels.classes[line.clone()].to_vec(),
            levels: levels.levels[line.clone()].to_vec(),
            paragraphs: vec![ParagraphInfo {
                range: 0..line_text.len(),
                level,
            }],
        };
        let (lv, runs) = info.visual_runs(&info.paragraphs[0], 0..line_text.len());
        runs.into_iter()
            .map(|r| {
                (
                    r.start + line.start..r.end + line.start,
                    lv[r.start].is_rtl(),
                )
            })
            .collect()
    }

    /// The levels from unicode-bidi, without the shortcuts.
    fn full(text: &str, base: BaseDirection) -> Levels {
        let forced = match base {
            BaseDirection::Rtl => Some(Level::rtl()),
            BaseDirection::Ltr => Some(Level::ltr()),
            _ => None,
        };
        Levels::full(text, forced, forced.is_none_or(|l| l.is_ltr()))
    }

    fn removed_by_x9(c: BidiClass) -> bool {
        use BidiClass::*;
        matches!(c, RLE | LRE | RLO | LRO | PDF | BN)
    }

    /// Sanitised text (no segment or paragraph separator, which the single-level shortcut of
    /// `visual_runs` relies on).
    #[test]
    fn line_runs_match_unicode_bidi() {
        let alphabet = [
            "ب", "ا", "\u{64E}", " ", "1", "2", ",", "(", ")", "a", "Z", "\u{661}", "\u{2003}",
            "\u{202A}", "\u{202B}", "\u{202C}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}",
            "\u{2069}", "\u{200E}", "\u{200F}", "\u{AD}", "\u{5D0}",
        ];
        let mut seed = 11u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let (mut runs, mut scratch) = (Vec::new(), RunScratch::default());
        for _ in 0..3000 {
            let len = 1 + next() % 14;
            let s: String = (0..len)
                .map(|_| alphabet[next() % alphabet.len()])
                .collect();
            for base in [BaseDirection::Rtl, BaseDirection::Ltr, BaseDirection::Auto] {
                // The shortcuts under test, and unicode-bidi's per-byte levels as the reference.
                let fast = Levels::resolve(&s, base);
                let levels = full(&s, base);
                assert_eq!(fast.para_rtl, levels.para_rtl, "{s:?} {base:?}");
                let bounds: Vec<usize> =
                    s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
                for (k, &a) in bounds.iter().enumerate() {
                    for &b in &bounds[k + 1..] {
                        let want = reference_runs(&s, &levels, a..b);
                        // The port of L1 and L2 gives exactly unicode-bidi's runs.
                        let mut lv = levels.levels[a..b].to_vec();
                        let para = if levels.para_rtl {
                            Level::rtl()
                        } else {
                            Level::ltr()
                        };
                        reset_line_levels(&s[a..b], &levels.classes[a..b], &mut lv, para);
                        let mut port = Vec::new();
                        line_runs(&lv, &mut port);
                        let port: Vec<_> = port
                            .into_iter()
                            .map(|(r, l)| (r.start + a..r.end + a, l.is_rtl()))
                            .collect();
                        assert_eq!(port, want, "{s:?} {base:?} {a}..{b}");
                        // With the shortcuts, every character that gets a cell is in the same
                        // place (X9-removed characters may move; they are never drawn).
                        runs.clear();
                        fast.visual_runs(&s, a..b, &mut runs, &mut scratch);
                        let cells = |r: &[(Range<usize>, bool)]| {
                            let mut v = Vec::new();
                            for (x, rtl) in r {
                                let mut p: Vec<usize> = x
                                    .clone()
                                    .filter(|&i| {
                                        s.is_char_boundary(i) && !removed_by_x9(levels.classes[i])
                                    })
                                    .collect();
                                if *rtl {
                                    p.reverse();
                                }
                                v.extend(p);
                            }
                            v
                        };
                        assert_eq!(cells(&runs), cells(&want), "{s:?} {base:?} {a}..{b}");
                    }
                }
            }
        }
    }

    #[test]
    fn rtl_number_fast_path_matches_bidi_info() {
        let alphabet = [
            "ب", "ا", "\u{64E}", " ", "1", "2", ",", ".", "-", "+", "%", "$", "#", "(", ")", "«",
            "»", "!", "/", ":", "\u{66A}", "\u{60C}", "\u{5D0}",
        ];
        let mut seed = 7u64;
        for _ in 0..20000 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = 1 + (seed >> 60) as usize;
            let mut s = String::new();
            for _ in 0..len {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.push_str(alphabet[(seed >> 33) as usize % alphabet.len()]);
            }
            let info = BidiInfo::new(&s, Some(Level::rtl()));
            let numbers = rtl_numbers::number_ranges(&s).expect("all classes allowed");
            let mut levels = vec![Level::rtl(); s.len()];
            for r in numbers {
                levels[r].fill(Level::new(2).expect("valid level"));
            }
            assert_eq!(levels, info.levels, "{s:?}");
            let resolved = Levels::resolve(&s, BaseDirection::Rtl);
            if resolved.uniform_rtl {
                assert!(info.levels.iter().all(|l| l.number() == 1), "{s:?}");
            }
        }
    }
}
