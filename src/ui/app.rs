//! Reader state and what keys and mouse events do to it. Drawing lives in `widgets/`.

use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};

use super::action::Action;
use super::config::{PanelSide, SortKey, UiConfig};
use super::doc::{Doc, Selection, cp_to_byte};
use super::state::ReadState;
use super::theme::Theme;
use crate::analysis::Analysis;
use crate::analysis::normalize::normalize;
use crate::article::Article;
use crate::library::{Library, OpenOptions, Order, Progress};

/// Which part of the screen has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Library,
    Reader,
    Panel,
}

/// Side panel tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Quotes,
    Speakers,
    Entities,
}

/// One article in a cross-library list (entity mentions, a speaker's quotes, search results).
#[derive(Debug, Clone)]
pub struct EntityHit {
    pub article: usize,
    /// Number of mentions (quotes, matching words) in that article.
    pub mentions: usize,
}

/// What a cross-library article list is about, and so where opening a hit lands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An entity: normalised forms matched (name and mentions).
    Entity(Vec<String>),
    /// A speaker's quotes (normalised speaker name).
    Speaker(String),
    /// Words searched for.
    Search(String),
}

/// A window over the main screen.
#[derive(Debug, Clone)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    /// Articles across the library mentioning an entity, quoting a speaker, or matching a search.
    Entity {
        name: String,
        target: Target,
        hits: Vec<EntityHit>,
        selected: usize,
        /// Total number of matching articles (hits may be capped).
        total: usize,
    },
    /// Who is quoted most across the library.
    Speakers {
        selected: usize,
    },
}

/// A line being typed in the status bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    None,
    Filter,
    Search,
    /// Words to find in every article of the library.
    LibrarySearch,
}

/// Where things were drawn in the last frame (for the mouse).
#[derive(Debug, Clone, Copy, Default)]
pub struct Panes {
    pub library: Option<Rect>,
    pub reader: Option<Rect>,
    pub panel: Option<Rect>,
    pub overlay: Option<Rect>,
}

/// The whole reader state.
pub struct App {
    pub config: UiConfig,
    pub theme: Theme,
    /// The articles: listed, parsed on demand, analysed and indexed in the background.
    pub library: Library,
    pub read: ReadState,
    pub focus: Focus,
    pub tab: Tab,
    /// Selected row per panel tab.
    pub panel_row: [usize; 3],
    pub panel_scroll: usize,
    pub doc: Option<Doc>,
    pub filter: String,
    pub sort: SortKey,
    /// Visible library entries (indices into `articles`), filtered and sorted.
    pub visible: Vec<usize>,
    pub lib_selected: usize,
    pub lib_scroll: usize,
    pub input: Input,
    pub search_text: String,
    /// Words being typed for a search over the whole library.
    pub library_query: String,
    pub overlay: Option<Overlay>,
    pub status: String,
    pub running: bool,
    pub suspend_requested: bool,
    pub panes: Panes,
    pub shape: bool,
    /// Background progress when last looked at.
    pub progress: Progress,
    /// Inputs that could not be read, as last reported to the user.
    errors_seen: usize,
    /// Whether a library with a single article has been opened into it.
    auto_opened: bool,
    /// The open article, when its analysis is still being computed in the background.
    pending_analysis: Option<usize>,
    /// Articles up to this many bytes of text are analysed when opened (if the background has not
    /// done so yet); longer ones open at once and are analysed first, in the background.
    pub sync_analysis_limit: usize,
}

impl App {
    /// A reader over `library` (which may still be listing and analysing in the background).
    pub fn new(config: UiConfig, library: Library, read: ReadState) -> App {
        let mut app = App {
            theme: Theme::new(&config),
            sort: config.sort,
            shape: config.shape,
            config,
            library,
            read,
            focus: Focus::Library,
            tab: Tab::Quotes,
            panel_row: [0; 3],
            panel_scroll: 0,
            doc: None,
            filter: String::new(),
            visible: Vec::new(),
            lib_selected: 0,
            lib_scroll: 0,
            input: Input::None,
            search_text: String::new(),
            library_query: String::new(),
            overlay: None,
            status: String::new(),
            running: true,
            suspend_requested: false,
            panes: Panes::default(),
            progress: Progress {
                listed: 0,
                listing_done: false,
                indexed: 0,
                index_ready: false,
                from_cache: false,
            },
            errors_seen: 0,
            auto_opened: false,
            pending_analysis: None,
            sync_analysis_limit: 64 * 1024,
        };
        app.poll_background();
        app
    }

    /// A reader over articles in memory, every one analysed and indexed before it returns (tests,
    /// benches).
    pub fn with_analysis(config: UiConfig, articles: Vec<Article>) -> App {
        let opts = OpenOptions {
            cache_dir: None,
            ..OpenOptions::default()
        };
        let library = Library::from_articles(articles, opts);
        library.wait();
        App::new(config, library, ReadState::in_memory())
    }

    /// Take in background progress (listing, analysis, index); true when something changed.
    pub fn poll_background(&mut self) -> bool {
        let analysed = self.take_pending_analysis();
        let progress = self.library.progress();
        if progress == self.progress {
            return analysed;
        }
        let relist = progress.listed != self.progress.listed;
        self.progress = progress;
        if relist {
            self.refresh_library();
        }
        if progress.listing_done && !self.auto_opened {
            self.auto_opened = true;
            if self.library.len() == 1 && self.doc.is_none() {
                self.open(0);
            }
        }
        let errors = self.library.errors().len();
        if errors > self.errors_seen {
            self.errors_seen = errors;
            self.status = if errors == 1 {
                "1 input or record could not be read (listed on exit)".to_string()
            } else {
                format!("{errors} inputs or records could not be read (listed on exit)")
            };
        }
        true
    }

    /// Number of quotes of an article, when analysed.
    pub fn quote_count(&self, i: usize) -> Option<usize> {
        self.library.quote_count(i)
    }

    /// Recompute the visible library list after a filter or sort change (or more articles listed),
    /// keeping the selected article selected.
    pub fn refresh_library(&mut self) {
        let current = self.visible.get(self.lib_selected).copied();
        let order = match self.sort {
            SortKey::Date => Order::Date,
            SortKey::Source => Order::Source,
        };
        self.visible = self.library.select(&self.filter, order);
        // The top stays the top (the list may still be growing); a moved selection stays on its article.
        if self.lib_selected > 0 {
            self.lib_selected = current
                .and_then(|c| self.visible.iter().position(|&i| i == c))
                .unwrap_or(self.lib_selected)
                .min(self.visible.len().saturating_sub(1));
        }
    }

    /// Open article `i` in the reader. Its analysis is computed now when it is short (or taken
    /// from the background); a long article opens at once and its analysis arrives later.
    pub fn open(&mut self, i: usize) {
        let Ok(key) = u32::try_from(i) else { return };
        let Some(article) = self.library.article(key) else {
            self.status = "this article can no longer be read".into();
            return;
        };
        let analysis = match self.library.analysis(key) {
            Some(a) => Some(a),
            None if article.text_len() <= self.sync_analysis_limit => self.library.analyze_now(key),
            None => None,
        };
        self.pending_analysis = None;
        let doc = match analysis {
            Some(a) => Doc::new(i, &article, Analysis::clone(&a)),
            None => {
                self.library.request_analysis(key);
                self.pending_analysis = Some(i);
                self.status = "analysing this article…".into();
                Doc::new(i, &article, Analysis::default())
            }
        };
        self.doc = Some(doc);
        self.focus = Focus::Reader;
        self.panel_row = [0; 3];
        self.panel_scroll = 0;
        if let Err(e) = self.read.set(&article.id, true) {
            self.status = e;
        }
    }

    /// Put a finished background analysis of the open article in place; true when it did.
    fn take_pending_analysis(&mut self) -> bool {
        let Some(i) = self.pending_analysis else {
            return false;
        };
        let Some(a) = u32::try_from(i).ok().and_then(|k| self.library.analysis(k)) else {
            return false;
        };
        self.pending_analysis = None;
        if let Some(d) = self.doc.as_mut().filter(|d| d.article == i) {
            d.set_analysis(Analysis::clone(&a));
            self.status = format!(
                "{} quotes, {} entities",
                d.analysis.quotes.len(),
                d.analysis.entities.len()
            );
        }
        true
    }

    /// Handle one key press.
    pub fn handle_key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        if self.input != Input::None {
            self.handle_input_key(key);
            return;
        }
        let text_context = self.focus == Focus::Library && self.overlay.is_none();
        let action = self.config.keymap.lookup(&key, text_context);
        if let Some(Overlay::Entity { .. }) = self.overlay
            && self.entity_overlay_key(action)
        {
            return;
        }
        if let Some(Overlay::Speakers { .. }) = self.overlay {
            self.speakers_overlay_key(action);
            return;
        }
        if let Some(Overlay::Help { .. }) = self.overlay {
            match action {
                Some(Action::Down) => self.scroll_help(1),
                Some(Action::Up) => self.scroll_help(-1),
                Some(Action::PageDown) => self.scroll_help(10),
                Some(Action::PageUp) => self.scroll_help(-10),
                Some(Action::Quit) => self.running = false,
                Some(Action::Suspend) => self.suspend_requested = true,
                _ => self.overlay = None,
            }
            return;
        }
        match action {
            Some(a) => self.apply(a),
            None => {
                if let KeyCode::Char(c) = key.code
                    && self.focus == Focus::Library
                    && !key
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                {
                    self.input = Input::Filter;
                    self.filter.push(c);
                    self.refresh_library();
                }
            }
        }
    }

    fn scroll_help(&mut self, d: isize) {
        if let Some(Overlay::Help { scroll }) = &mut self.overlay {
            *scroll = scroll.saturating_add_signed(d);
        }
    }

    fn entity_overlay_key(&mut self, action: Option<Action>) -> bool {
        let Some(Overlay::Entity { hits, selected, .. }) = &mut self.overlay else {
            return false;
        };
        let n = hits.len();
        match action {
            Some(Action::Down) => *selected = (*selected + 1).min(n.saturating_sub(1)),
            Some(Action::Up) => *selected = selected.saturating_sub(1),
            Some(Action::Top) => *selected = 0,
            Some(Action::Bottom) => *selected = n.saturating_sub(1),
            Some(Action::Activate) => self.open_entity_hit(),
            Some(Action::Quit) => self.running = false,
            Some(Action::Suspend) => self.suspend_requested = true,
            _ => self.overlay = None,
        }
        true
    }

    fn handle_input_key(&mut self, key: KeyEvent) {
        if key.modifiers.contains(KeyModifiers::CONTROL) {
            match key.code {
                KeyCode::Char('c') => self.running = false,
                KeyCode::Char('z') => self.suspend_requested = true,
                _ => {}
            }
            return;
        }
        if self.input == Input::LibrarySearch {
            match key.code {
                KeyCode::Esc => {
                    self.library_query.clear();
                    self.input = Input::None;
                }
                KeyCode::Enter => {
                    self.input = Input::None;
                    self.search_library();
                }
                KeyCode::Backspace => {
                    self.library_query.pop();
                }
                KeyCode::Char(c) => self.library_query.push(c),
                _ => {}
            }
            return;
        }
        let filter = self.input == Input::Filter;
        match key.code {
            KeyCode::Esc => {
                if filter {
                    self.filter.clear();
                    self.refresh_library();
                } else {
                    self.search_text.clear();
                    if let Some(d) = &mut self.doc {
                        d.set_search("");
                    }
                }
                self.input = Input::None;
            }
            KeyCode::Enter => {
                self.input = Input::None;
                if filter {
                    if self.visible.len() == 1 {
                        self.open(self.visible[0]);
                    }
                } else {
                    self.report_search();
                }
            }
            KeyCode::Backspace => {
                if filter {
                    self.filter.pop();
                    self.refresh_library();
                } else {
                    self.search_text.pop();
                    self.update_search();
                }
            }
            KeyCode::Down if filter => self.lib_move(1),
            KeyCode::Up if filter => self.lib_move(-1),
            KeyCode::Char(c) => {
                if filter {
                    self.filter.push(c);
                    self.refresh_library();
                } else {
                    self.search_text.push(c);
                    self.update_search();
                }
            }
            _ => {}
        }
    }

    fn update_search(&mut self) {
        let q = self.search_text.clone();
        if let Some(d) = &mut self.doc {
            d.set_search(&q);
        }
    }

    fn report_search(&mut self) {
        if let Some(d) = &self.doc {
            self.status = if d.search.query.is_empty() {
                String::new()
            } else if d.search.matches.is_empty() {
                format!("no match for “{}”", d.search.query)
            } else {
                format!("{} matches", d.search.matches.len())
            };
        }
    }

    fn lib_move(&mut self, d: isize) {
        let n = self.visible.len();
        if n == 0 {
            return;
        }
        self.lib_selected = self.lib_selected.saturating_add_signed(d).min(n - 1);
    }

    fn panel_len(&self) -> usize {
        match &self.doc {
            None => 0,
            Some(d) => match self.tab {
                Tab::Quotes => d.analysis.quotes.len(),
                Tab::Speakers => d.speakers.len(),
                Tab::Entities => d.entity_order.len(),
            },
        }
    }

    fn tab_index(&self) -> usize {
        match self.tab {
            Tab::Quotes => 0,
            Tab::Speakers => 1,
            Tab::Entities => 2,
        }
    }

    /// Select the panel row `row` of the current tab: highlight it and scroll the reader to it.
    pub fn select_panel_row(&mut self, row: usize) {
        let n = self.panel_len();
        if n == 0 {
            return;
        }
        let row = row.min(n - 1);
        let t = self.tab_index();
        self.panel_row[t] = row;
        let tab = self.tab;
        if let Some(d) = &mut self.doc {
            let sel = match tab {
                Tab::Quotes => Selection::Quote(row),
                Tab::Speakers => Selection::Speaker { s: row, k: 0 },
                Tab::Entities => Selection::Mention {
                    e: d.entity_order[row],
                    m: 0,
                },
            };
            d.select(sel);
        }
        self.describe_selection();
    }

    fn describe_selection(&mut self) {
        let Some(d) = &self.doc else { return };
        self.status = match d.selection {
            Selection::None => String::new(),
            Selection::Quote(_) | Selection::Speaker { .. } => {
                let Some(q) = d.selected_quote() else { return };
                let quote = &d.analysis.quotes[q];
                let who = quote.speaker.as_deref().unwrap_or("?");
                let rule = quote
                    .rule
                    .as_deref()
                    .map(|r| format!(" · {r}"))
                    .unwrap_or_default();
                format!("quote {}/{} · {who}{rule}", q + 1, d.analysis.quotes.len())
            }
            Selection::Mention { e, m } => {
                let ent = &d.analysis.entities[e];
                format!(
                    "{:?} {} · mention {}/{}",
                    ent.kind,
                    ent.name,
                    m + 1,
                    ent.mentions.len()
                )
            }
        };
    }

    fn step_quote(&mut self, forward: bool) {
        let Some(d) = &mut self.doc else { return };
        let n = d.analysis.quotes.len();
        if n == 0 {
            self.status = "no quotes in this article".into();
            return;
        }
        let next = match d.selected_quote() {
            None => {
                if forward {
                    0
                } else {
                    n - 1
                }
            }
            Some(q) if forward => (q + 1).min(n - 1),
            Some(q) => q.saturating_sub(1),
        };
        d.select(Selection::Quote(next));
        self.tab = Tab::Quotes;
        self.panel_row[0] = next;
        self.describe_selection();
    }

    fn step_mention(&mut self, forward: bool) {
        let tab = self.tab;
        let rows = self.panel_row;
        let Some(d) = &mut self.doc else { return };
        let step = |i: usize, n: usize| {
            if n == 0 {
                0
            } else if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            }
        };
        let sel = match d.selection {
            Selection::Mention { e, m } => {
                let n = d.analysis.entities[e].mentions.len();
                Selection::Mention { e, m: step(m, n) }
            }
            Selection::Speaker { s, k } => {
                let n = d.speakers[s].quotes.len();
                Selection::Speaker { s, k: step(k, n) }
            }
            Selection::Quote(q) => {
                let name = d.analysis.quotes[q].speaker.clone();
                match name.and_then(|n| d.speakers.iter().position(|s| s.name == n)) {
                    Some(s) => {
                        let k = d.speakers[s]
                            .quotes
                            .iter()
                            .position(|&x| x == q)
                            .unwrap_or(0);
                        Selection::Speaker {
                            s,
                            k: step(k, d.speakers[s].quotes.len()),
                        }
                    }
                    None => Selection::Quote(q),
                }
            }
            Selection::None => match tab {
                Tab::Entities if !d.entity_order.is_empty() => Selection::Mention {
                    e: d.entity_order[rows[2].min(d.entity_order.len() - 1)],
                    m: 0,
                },
                Tab::Speakers if !d.speakers.is_empty() => Selection::Speaker {
                    s: rows[1].min(d.speakers.len() - 1),
                    k: 0,
                },
                _ => Selection::None,
            },
        };
        d.select(sel);
        if let Selection::Speaker { s, .. } = sel {
            self.tab = Tab::Speakers;
            self.panel_row[1] = s;
        }
        if let (Selection::Mention { e, .. }, Some(d)) = (sel, &self.doc)
            && let Some(row) = d.entity_order.iter().position(|&x| x == e)
        {
            self.tab = Tab::Entities;
            self.panel_row[2] = row;
        }
        self.describe_selection();
    }

    fn reader_page(&self) -> usize {
        self.panes
            .reader
            .map(|r| r.height.saturating_sub(3) as usize)
            .unwrap_or(10)
            .max(1)
    }

    /// Apply an action.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Quit => self.running = false,
            Action::Suspend => self.suspend_requested = true,
            Action::Back => {
                if self.overlay.is_some() {
                    self.overlay = None;
                } else if self.focus != Focus::Library && self.library.len() > 1 {
                    self.focus = Focus::Library;
                } else {
                    self.running = false;
                }
            }
            Action::CloseOverlay => {
                if self.overlay.is_some() {
                    self.overlay = None;
                } else if self.focus == Focus::Library && !self.filter.is_empty() {
                    self.filter.clear();
                    self.refresh_library();
                } else if let Some(d) = &mut self.doc {
                    if !d.search.query.is_empty() {
                        d.set_search("");
                        self.search_text.clear();
                    } else {
                        d.selection = Selection::None;
                    }
                    self.status.clear();
                }
            }
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::FocusNext | Action::FocusPrev => {
                let order: Vec<Focus> = {
                    let mut v = Vec::new();
                    if self.library.len() > 1 || self.doc.is_none() {
                        v.push(Focus::Library);
                    }
                    if self.doc.is_some() {
                        v.push(Focus::Reader);
                        v.push(Focus::Panel);
                    }
                    v
                };
                if let Some(i) = order.iter().position(|f| *f == self.focus) {
                    let n = order.len();
                    let j = if action == Action::FocusNext {
                        (i + 1) % n
                    } else {
                        (i + n - 1) % n
                    };
                    self.focus = order[j];
                }
            }
            Action::NextQuote => self.step_quote(true),
            Action::PrevQuote => self.step_quote(false),
            Action::NextMention => self.step_mention(true),
            Action::PrevMention => self.step_mention(false),
            Action::TabQuotes => self.tab = Tab::Quotes,
            Action::TabSpeakers => self.tab = Tab::Speakers,
            Action::TabEntities => self.tab = Tab::Entities,
            Action::Down
            | Action::Up
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom => self.move_action(action),
            Action::Activate => match self.focus {
                Focus::Library => {
                    if let Some(&i) = self.visible.get(self.lib_selected) {
                        self.open(i);
                    }
                }
                Focus::Panel => {
                    let row = self.panel_row[self.tab_index()];
                    self.select_panel_row(row);
                    self.focus = Focus::Reader;
                }
                Focus::Reader => {
                    if let Some(d) = &mut self.doc
                        && let Some((b, s, _, e)) = d.selection_target()
                    {
                        d.reveal(b, s, e);
                    }
                }
            },
            Action::Search => {
                if self.doc.is_some() && self.focus != Focus::Library {
                    self.input = Input::Search;
                    self.search_text.clear();
                    self.update_search();
                } else {
                    self.input = Input::Filter;
                }
            }
            Action::NextMatch | Action::PrevMatch => {
                if let Some(d) = &mut self.doc
                    && !d.step_match(action == Action::NextMatch)
                {
                    self.status = "no search matches".into();
                }
            }
            Action::Filter => {
                if self.focus == Focus::Library {
                    self.input = Input::Filter;
                }
            }
            Action::ToggleSort => {
                self.sort = match self.sort {
                    SortKey::Date => SortKey::Source,
                    SortKey::Source => SortKey::Date,
                };
                self.refresh_library();
            }
            Action::ToggleRead => {
                if self.focus == Focus::Library
                    && let Some(&i) = self.visible.get(self.lib_selected)
                {
                    let Some(id) = self.library.listing(i).map(|l| l.id) else {
                        return;
                    };
                    let now = !self.read.is_read(&id);
                    if let Err(e) = self.read.set(&id, now) {
                        self.status = e;
                    }
                }
            }
            Action::BrowseEntity => self.browse_entity(),
            Action::LibrarySpeakers => {
                if self.with_index().is_some() {
                    self.overlay = Some(Overlay::Speakers { selected: 0 });
                }
            }
            Action::SearchLibrary => {
                self.input = Input::LibrarySearch;
                self.library_query.clear();
            }
        }
    }

    fn move_action(&mut self, action: Action) {
        let page = self.reader_page() as isize;
        match self.focus {
            Focus::Library => {
                let n = self.visible.len();
                let lib_page = self
                    .panes
                    .library
                    .map(|r| r.height.saturating_sub(2) as isize)
                    .unwrap_or(10)
                    .max(1);
                match action {
                    Action::Down => self.lib_move(1),
                    Action::Up => self.lib_move(-1),
                    Action::PageDown => self.lib_move(lib_page),
                    Action::PageUp => self.lib_move(-lib_page),
                    Action::Top => self.lib_selected = 0,
                    _ => self.lib_selected = n.saturating_sub(1),
                }
            }
            Focus::Reader => {
                let Some(d) = &mut self.doc else { return };
                match action {
                    Action::Down => d.scroll_by(1),
                    Action::Up => d.scroll_by(-1),
                    Action::PageDown => d.scroll_by(page),
                    Action::PageUp => d.scroll_by(-page),
                    Action::Top => d.scroll = 0,
                    _ => d.scroll = usize::MAX / 2,
                }
            }
            Focus::Panel => {
                let n = self.panel_len();
                if n == 0 {
                    return;
                }
                let cur = self.panel_row[self.tab_index()];
                let row = match action {
                    Action::Down => (cur + 1).min(n - 1),
                    Action::Up => cur.saturating_sub(1),
                    Action::PageDown => (cur + page as usize).min(n - 1),
                    Action::PageUp => cur.saturating_sub(page as usize),
                    Action::Top => 0,
                    _ => n - 1,
                };
                self.select_panel_row(row);
            }
        }
    }

    /// The entity selected in the panel or text, if any: (name, normalised forms: name and mentions).
    fn current_entity(&self) -> Option<(String, Vec<String>)> {
        let d = self.doc.as_ref()?;
        let e = match d.selection {
            Selection::Mention { e, .. } => e,
            _ => *d.entity_order.get(self.panel_row[2])?,
        };
        let ent = d.analysis.entities.get(e)?;
        let mut keys = vec![normalize(&ent.name)];
        for m in &ent.mentions {
            let k = normalize(&m.text);
            if !k.is_empty() && !keys.contains(&k) {
                keys.push(k);
            }
        }
        Some((ent.name.clone(), keys))
    }

    /// The library-wide index, or `None` with a progress message in the status bar.
    fn with_index(&mut self) -> Option<std::sync::Arc<crate::library::Index>> {
        let index = self.library.index();
        if index.is_none() {
            let p = self.library.progress();
            self.status = format!(
                "the library index is being built ({}/{} articles analysed); try again shortly",
                p.indexed, p.listed
            );
        }
        index
    }

    /// List every article in the library that mentions the current entity: articles where an
    /// entity's normalised name is one of the current entity's forms (its name and mentions).
    pub fn browse_entity(&mut self) {
        let Some((name, keys)) = self.current_entity() else {
            self.status = "select an entity in the Entities panel first".into();
            return;
        };
        let Some(index) = self.with_index() else {
            return;
        };
        let mut mentions: std::collections::BTreeMap<usize, usize> = Default::default();
        for k in &keys {
            if let Some(entry) = index.entity(k) {
                for &(a, n) in &entry.articles {
                    *mentions.entry(a as usize).or_default() += n as usize;
                }
            }
        }
        let hits: Vec<EntityHit> = mentions
            .into_iter()
            .map(|(article, mentions)| EntityHit { article, mentions })
            .collect();
        self.overlay = Some(Overlay::Entity {
            name,
            target: Target::Entity(keys),
            total: hits.len(),
            hits,
            selected: 0,
        });
    }

    /// Articles quoting the speaker at `row` of the library-wide speakers list.
    fn browse_speaker(&mut self, row: usize) {
        let Some(index) = self.with_index() else {
            return;
        };
        let Some(speaker) = index.top_speakers().get(row).copied() else {
            return;
        };
        let mut quotes: std::collections::BTreeMap<usize, usize> = Default::default();
        for (a, _) in &speaker.quotes {
            *quotes.entry(*a as usize).or_default() += 1;
        }
        let hits: Vec<EntityHit> = quotes
            .into_iter()
            .map(|(article, mentions)| EntityHit { article, mentions })
            .collect();
        self.overlay = Some(Overlay::Entity {
            name: speaker.name.clone(),
            target: Target::Speaker(normalize(&speaker.name)),
            total: hits.len(),
            hits,
            selected: 0,
        });
    }

    /// Search every article of the library for the words typed.
    fn search_library(&mut self) {
        let query = self.library_query.trim().to_string();
        if query.is_empty() {
            return;
        }
        if self.with_index().is_none() {
            return;
        }
        let (total, found) = self.library.search(&query, 100);
        if total == 0 {
            self.status = format!("no article matches “{query}”");
            return;
        }
        let hits = found
            .into_iter()
            .map(|h| EntityHit {
                article: h.article as usize,
                mentions: h.spans.len(),
            })
            .collect();
        self.overlay = Some(Overlay::Entity {
            name: query.clone(),
            target: Target::Search(query),
            hits,
            selected: 0,
            total,
        });
    }

    fn speakers_overlay_key(&mut self, action: Option<Action>) {
        let n = self.library.index().map_or(0, |i| i.speakers.len());
        let Some(Overlay::Speakers { selected }) = &mut self.overlay else {
            return;
        };
        match action {
            Some(Action::Down) => *selected = (*selected + 1).min(n.saturating_sub(1)),
            Some(Action::Up) => *selected = selected.saturating_sub(1),
            Some(Action::PageDown) => *selected = (*selected + 10).min(n.saturating_sub(1)),
            Some(Action::PageUp) => *selected = selected.saturating_sub(10),
            Some(Action::Top) => *selected = 0,
            Some(Action::Bottom) => *selected = n.saturating_sub(1),
            Some(Action::Activate) => {
                let row = *selected;
                self.browse_speaker(row);
            }
            Some(Action::Quit) => self.running = false,
            Some(Action::Suspend) => self.suspend_requested = true,
            _ => self.overlay = None,
        }
    }

    fn open_entity_hit(&mut self) {
        let Some(Overlay::Entity {
            name,
            target,
            hits,
            selected,
            ..
        }) = self.overlay.take()
        else {
            return;
        };
        let Some(hit) = hits.get(selected) else {
            return;
        };
        self.open(hit.article);
        let Some(d) = &mut self.doc else { return };
        match target {
            Target::Entity(keys) => {
                match d
                    .analysis
                    .entities
                    .iter()
                    .position(|e| entity_matches(e, &keys))
                {
                    Some(e) => {
                        d.select(Selection::Mention { e, m: 0 });
                        if let Some(row) = d.entity_order.iter().position(|&x| x == e) {
                            self.tab = Tab::Entities;
                            self.panel_row[2] = row;
                        }
                        self.describe_selection();
                    }
                    None => self.show_search(name),
                }
            }
            Target::Speaker(key) => {
                match d.speakers.iter().position(|s| normalize(&s.name) == key) {
                    Some(s) => {
                        d.select(Selection::Speaker { s, k: 0 });
                        self.tab = Tab::Speakers;
                        self.panel_row[1] = s;
                        self.describe_selection();
                    }
                    None => self.show_search(name),
                }
            }
            Target::Search(query) => self.show_search(query),
        }
    }

    /// Search the open article for `query` and report the matches.
    fn show_search(&mut self, query: String) {
        if let Some(d) = &mut self.doc {
            d.set_search(&query);
        }
        self.search_text = query;
        self.report_search();
    }

    /// Handle a mouse event (wheel scrolls the pane under the pointer; click selects a row).
    pub fn handle_mouse(&mut self, ev: MouseEvent) {
        let pos = Position::new(ev.column, ev.row);
        let inside = |r: Option<Rect>| r.is_some_and(|r| r.contains(pos));
        match ev.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let d: isize = if ev.kind == MouseEventKind::ScrollDown {
                    3
                } else {
                    -3
                };
                if self.overlay.is_some() {
                    self.scroll_help(d);
                } else if inside(self.panes.reader) {
                    if let Some(doc) = &mut self.doc {
                        doc.scroll_by(d);
                    }
                } else if inside(self.panes.panel) {
                    let n = self.panel_len();
                    self.panel_scroll = self
                        .panel_scroll
                        .saturating_add_signed(d)
                        .min(n.saturating_sub(1));
                } else if inside(self.panes.library) {
                    let n = self.visible.len();
                    self.lib_scroll = self
                        .lib_scroll
                        .saturating_add_signed(d)
                        .min(n.saturating_sub(1));
                }
            }
            MouseEventKind::Down(MouseButton::Left) => {
                if let Some(r) = self.panes.panel.filter(|r| r.contains(pos)) {
                    self.focus = Focus::Panel;
                    // Row 0 is the border, row 1 the tabs.
                    if ev.row == r.y + 1 {
                        let third = (r.width.saturating_sub(2) / 3).max(1);
                        self.tab = if third >= 11 {
                            match (ev.column.saturating_sub(r.x + 1)) / third {
                                0 => Tab::Quotes,
                                1 => Tab::Speakers,
                                _ => Tab::Entities,
                            }
                        } else {
                            match self.tab {
                                Tab::Quotes => Tab::Speakers,
                                Tab::Speakers => Tab::Entities,
                                Tab::Entities => Tab::Quotes,
                            }
                        };
                    } else if ev.row >= r.y + 2 {
                        let row = self.panel_scroll + (ev.row - r.y - 2) as usize;
                        if row < self.panel_len() {
                            self.select_panel_row(row);
                        }
                    }
                } else if let Some(r) = self.panes.library.filter(|r| r.contains(pos)) {
                    self.focus = Focus::Library;
                    if ev.row > r.y {
                        let i = self.lib_scroll + (ev.row - r.y - 1) as usize;
                        if i < self.visible.len() {
                            self.lib_selected = i;
                        }
                    }
                } else if inside(self.panes.reader) {
                    self.focus = Focus::Reader;
                }
            }
            _ => {}
        }
    }

    /// Whether the panel is on the left.
    pub fn panel_left(&self) -> bool {
        self.config.panel == PanelSide::Left
    }

    /// Code-point offset to byte offset helper for callers of the analysis.
    pub fn byte_of(text: &str, cp: usize) -> usize {
        cp_to_byte(text, cp)
    }
}

/// Whether an entity's normalised name or one of its mentions is among `keys`.
fn entity_matches(e: &crate::analysis::Entity, keys: &[String]) -> bool {
    keys.contains(&normalize(&e.name))
        || e.mentions
            .iter()
            .any(|m| keys.contains(&normalize(&m.text)))
}
