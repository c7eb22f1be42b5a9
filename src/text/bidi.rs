//! Bidi embedding levels, resolved once per paragraph (UAX #9 with unicode-bidi), and the visual
//! runs of each line (rules L1 and L2 applied to the line's slice of the paragraph levels).

use std::ops::Range;

use unicode_bidi::{BidiClass, BidiInfo, Direction, Level, ParagraphInfo};

use super::BaseDirection;

/// Levels of one paragraph, indexed by byte.
#[derive(Debug, Clone, Default)]
pub(crate) struct Levels {
    classes: Vec<BidiClass>,
    levels: Vec<Level>,
    para_rtl: bool,
    /// Whether any reordering can happen (an RTL paragraph or any odd level).
    needs_reorder: bool,
}

impl Levels {
    /// Resolve the levels of `text` (one paragraph: no paragraph separators) for a base direction.
    pub(crate) fn resolve(text: &str, base: BaseDirection) -> Levels {
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
        let info = BidiInfo::new(text, forced);
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
    ) {
        if line.is_empty() {
            return;
        }
        if !self.needs_reorder || line.end > self.levels.len() {
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
        let line_text = &text[line.clone()];
        let para_level = if self.para_rtl {
            Level::rtl()
        } else {
            Level::ltr()
        };
        let info = BidiInfo {
            text: line_text,
            original_classes: self.classes[line.clone()].to_vec(),
            levels: self.levels[line.clone()].to_vec(),
            paragraphs: vec![ParagraphInfo {
                range: 0..line_text.len(),
                level: para_level,
            }],
        };
        let (levels, runs) = info.visual_runs(&info.paragraphs[0], 0..line_text.len());
        for run in runs {
            let rtl = levels.get(run.start).is_some_and(|l| l.is_rtl());
            out.push((run.start + line.start..run.end + line.start, rtl));
        }
    }
}
