//! Everything a key can ask the reader to do. Names (snake_case) are the keys of `[keys]` in the config.

/// One user-level command. `name()` is its config name, `describe()` its help text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    Back,
    CloseOverlay,
    Help,
    FocusNext,
    FocusPrev,
    NextQuote,
    PrevQuote,
    NextMention,
    PrevMention,
    TabQuotes,
    TabSpeakers,
    TabEntities,
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Activate,
    Search,
    NextMatch,
    PrevMatch,
    Filter,
    ToggleSort,
    ToggleRead,
    BrowseEntity,
    LibrarySpeakers,
    SearchLibrary,
    Suspend,
}

impl Action {
    /// All actions, in the order the help lists them.
    pub const ALL: [Action; 30] = [
        Action::NextQuote,
        Action::PrevQuote,
        Action::NextMention,
        Action::PrevMention,
        Action::FocusNext,
        Action::FocusPrev,
        Action::TabQuotes,
        Action::TabSpeakers,
        Action::TabEntities,
        Action::Down,
        Action::Up,
        Action::PageDown,
        Action::PageUp,
        Action::Top,
        Action::Bottom,
        Action::Activate,
        Action::Search,
        Action::NextMatch,
        Action::PrevMatch,
        Action::BrowseEntity,
        Action::LibrarySpeakers,
        Action::SearchLibrary,
        Action::Filter,
        Action::ToggleSort,
        Action::ToggleRead,
        Action::Help,
        Action::CloseOverlay,
        Action::Back,
        Action::Quit,
        Action::Suspend,
    ];

    /// The action's name in the config file.
    pub fn name(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Back => "back",
            Action::CloseOverlay => "close",
            Action::Help => "help",
            Action::FocusNext => "focus_next",
            Action::FocusPrev => "focus_prev",
            Action::NextQuote => "next_quote",
            Action::PrevQuote => "prev_quote",
            Action::NextMention => "next_mention",
            Action::PrevMention => "prev_mention",
            Action::TabQuotes => "tab_quotes",
            Action::TabSpeakers => "tab_speakers",
            Action::TabEntities => "tab_entities",
            Action::Down => "down",
            Action::Up => "up",
            Action::PageDown => "page_down",
            Action::PageUp => "page_up",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::Activate => "activate",
            Action::Search => "search",
            Action::NextMatch => "next_match",
            Action::PrevMatch => "prev_match",
            Action::Filter => "filter",
            Action::ToggleSort => "toggle_sort",
            Action::ToggleRead => "toggle_read",
            Action::BrowseEntity => "browse_entity",
            Action::LibrarySpeakers => "library_speakers",
            Action::SearchLibrary => "search_library",
            Action::Suspend => "suspend",
        }
    }

    /// The action named `name` in the config file.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }

    /// One line of help text.
    pub fn describe(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Back => "back to the library / quit",
            Action::CloseOverlay => "close overlay, search or filter",
            Action::Help => "this help",
            Action::FocusNext => "focus: library → reader → panel",
            Action::FocusPrev => "focus backwards",
            Action::NextQuote => "next quote",
            Action::PrevQuote => "previous quote",
            Action::NextMention => "next mention of the entity / quote of the speaker",
            Action::PrevMention => "previous mention / quote of the speaker",
            Action::TabQuotes => "panel: Quotes",
            Action::TabSpeakers => "panel: Speakers",
            Action::TabEntities => "panel: Entities",
            Action::Down => "scroll / move down",
            Action::Up => "scroll / move up",
            Action::PageDown => "page down",
            Action::PageUp => "page up",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::Activate => "open / jump to the selected item",
            Action::Search => "search in the article",
            Action::NextMatch => "next search match",
            Action::PrevMatch => "previous search match",
            Action::Filter => "filter the library",
            Action::ToggleSort => "library: sort by date / source",
            Action::ToggleRead => "library: mark read / unread",
            Action::BrowseEntity => "articles mentioning the selected entity",
            Action::LibrarySpeakers => "who is quoted most across the library",
            Action::SearchLibrary => "search every article in the library",
            Action::Suspend => "suspend (fg to resume)",
        }
    }
}
