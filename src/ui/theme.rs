//! Highlight tags given to the text engine, and the styles they map to.

use ratatui::style::{Color, Modifier, Style};

use super::config::UiConfig;
use crate::analysis::EntityType;

/// Highlight tags (the `tag` of [`crate::text::Highlight`]).
pub mod tag {
    pub const QUOTE: u32 = 1;
    pub const SPEAKER: u32 = 2;
    pub const PER: u32 = 3;
    pub const ORG: u32 = 4;
    pub const LOC: u32 = 5;
    pub const MISC: u32 = 6;
    pub const SEARCH: u32 = 7;
    pub const SEARCH_CURRENT: u32 = 8;
    pub const SELECTED: u32 = 9;
}

/// The tag for an entity type.
pub fn entity_tag(kind: EntityType) -> u32 {
    match kind {
        EntityType::PER => tag::PER,
        EntityType::ORG => tag::ORG,
        EntityType::LOC => tag::LOC,
        EntityType::MISC => tag::MISC,
    }
}

/// Styles used by every widget.
#[derive(Debug, Clone)]
pub struct Theme {
    pub base: Style,
    pub title: Style,
    pub dim: Style,
    pub accent: Style,
    pub border: Style,
    pub border_focused: Style,
    pub row_selected: Style,
    pub quote: Style,
    pub speaker: Style,
    pub per: Style,
    pub org: Style,
    pub loc: Style,
    pub misc: Style,
    pub search: Style,
    pub search_current: Style,
    pub selected: Style,
}

impl Theme {
    /// Build from the config; without colour, highlights use modifiers only.
    pub fn new(cfg: &UiConfig) -> Theme {
        let c = &cfg.colors;
        if !cfg.color {
            let b = Style::default();
            return Theme {
                base: b,
                title: b.add_modifier(Modifier::BOLD),
                dim: b,
                accent: b.add_modifier(Modifier::BOLD),
                border: b,
                border_focused: b.add_modifier(Modifier::BOLD),
                row_selected: b.add_modifier(Modifier::REVERSED),
                quote: b.add_modifier(Modifier::ITALIC),
                speaker: b.add_modifier(Modifier::BOLD),
                per: b.add_modifier(Modifier::UNDERLINED),
                org: b.add_modifier(Modifier::UNDERLINED),
                loc: b.add_modifier(Modifier::UNDERLINED),
                misc: b.add_modifier(Modifier::UNDERLINED),
                search: b.add_modifier(Modifier::REVERSED),
                search_current: b.add_modifier(Modifier::REVERSED | Modifier::BOLD),
                selected: b.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            };
        }
        let b = Style::default();
        Theme {
            base: b,
            title: b.add_modifier(Modifier::BOLD),
            dim: b.fg(Color::DarkGray),
            accent: b.fg(c.accent).add_modifier(Modifier::BOLD),
            border: b.fg(Color::DarkGray),
            border_focused: b.fg(c.accent),
            row_selected: b.bg(c.selected_bg).add_modifier(Modifier::BOLD),
            quote: b.fg(c.quote).add_modifier(Modifier::ITALIC),
            speaker: b.add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            per: b.fg(c.per),
            org: b.fg(c.org),
            loc: b.fg(c.loc),
            misc: b.fg(c.misc),
            search: b.bg(c.search_bg),
            search_current: b
                .bg(c.search_bg)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            selected: b.bg(c.selected_bg).add_modifier(Modifier::BOLD),
        }
    }

    /// Style of a cell from its tags; later layers win: quote < entity < speaker < search < selected.
    /// Speaker mentions only add underline/bold, so the entity colour stays visible; the selection
    /// and search set the background, so the text colours stay visible.
    pub fn for_tags(&self, base: Style, tags: &[u32]) -> Style {
        let mut style = base;
        for layer in [
            tag::QUOTE,
            tag::PER,
            tag::ORG,
            tag::LOC,
            tag::MISC,
            tag::SPEAKER,
            tag::SEARCH,
            tag::SEARCH_CURRENT,
            tag::SELECTED,
        ] {
            if tags.contains(&layer) {
                style = style.patch(self.tag_style(layer));
            }
        }
        style
    }

    /// The style of one tag.
    pub fn tag_style(&self, t: u32) -> Style {
        match t {
            tag::QUOTE => self.quote,
            tag::SPEAKER => self.speaker,
            tag::PER => self.per,
            tag::ORG => self.org,
            tag::LOC => self.loc,
            tag::MISC => self.misc,
            tag::SEARCH => self.search,
            tag::SEARCH_CURRENT => self.search_current,
            tag::SELECTED => self.selected,
            _ => Style::default(),
        }
    }
}
