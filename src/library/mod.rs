//! Many articles: lazy loading, background analysis, library-wide index and search. No terminal code.
//!
//! [`Library::open`] returns at once; a scanner thread lists the articles (listing fields and file
//! offsets only; every format the loaders read, folders and stdin), then worker threads analyse
//! every article and build the [`Index`], which is cached on disk.
//! Nothing here blocks the caller except [`Library::article`] (parsing one article) and
//! [`Library::wait`]. Articles are numbered `0..len()` in listing order.

pub mod cache;
pub mod chunks;
pub mod index;
pub mod store;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use crate::analysis::Analysis;
use crate::article::Article;

pub use index::{EntityEntry, Index, Span, SpeakerEntry};
pub use store::Listing;

use crate::article::walk::{self, Input};
use crate::article::{LoadEvent, LoadOptions};

/// Words per generation of each thread's NER word memo while a library is open (the default,
/// 32k, made the archive's peak memory 2.02× its size; 16k gave 1.9×, and 2.05–2.08× once the
/// larger gazetteers found 10% more entities; 8k gave 1.98–2.00×, 4k gives 1.94× with the
/// index built in the same time, 22.4–23.4 s).
const LIBRARY_MEMO_WORDS: usize = 4_096;

/// The analyser the library runs on every article (the real one is [`crate::analysis::analyze`]).
pub type Analyzer = Arc<dyn Fn(&Article) -> Analysis + Send + Sync>;

/// How to open a library.
#[derive(Clone)]
pub struct OpenOptions {
    /// Where the index cache lives; `None` → `$XDG_CACHE_HOME/khabar`. Caching is skipped if no dir.
    pub cache_dir: Option<PathBuf>,
    /// Worker threads for analysis (default: all cores).
    pub threads: usize,
    pub analyzer: Analyzer,
}

impl Default for OpenOptions {
    fn default() -> Self {
        Self {
            cache_dir: cache::default_dir(),
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            analyzer: Arc::new(crate::analysis::analyze),
        }
    }
}

/// Progress of the background work, for a status bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Articles listed so far, and whether listing is finished.
    pub listed: usize,
    pub listing_done: bool,
    /// Articles analysed / indexed so far (equal to `listed` once the index is ready).
    pub indexed: usize,
    pub index_ready: bool,
    /// Whether the index came from the on-disk cache.
    pub from_cache: bool,
}

/// One search result: an article and where the words occur in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub article: u32,
    pub spans: Vec<Span>,
}

struct Shared {
    sources: RwLock<Vec<store::Source>>,
    entries: RwLock<Vec<store::Entry>>,
    errors: Mutex<Vec<String>>,
    /// Quotes per article once analysed (`u32::MAX`: not yet).
    quote_counts: RwLock<Vec<u32>>,
    listing_done: AtomicBool,
    indexed: AtomicUsize,
    index: RwLock<Option<Arc<Index>>>,
    from_cache: AtomicBool,
    priority: Mutex<Vec<u32>>,
    analyses: Mutex<HashMap<u32, Arc<Analysis>>>,
    cancel: AtomicBool,
}

impl Shared {
    fn new() -> Shared {
        Shared {
            sources: RwLock::new(Vec::new()),
            entries: RwLock::new(Vec::new()),
            errors: Mutex::new(Vec::new()),
            quote_counts: RwLock::new(Vec::new()),
            listing_done: AtomicBool::new(false),
            indexed: AtomicUsize::new(0),
            index: RwLock::new(None),
            from_cache: AtomicBool::new(false),
            priority: Mutex::new(Vec::new()),
            analyses: Mutex::new(HashMap::new()),
            cancel: AtomicBool::new(false),
        }
    }

    fn set_quote_count(&self, i: u32, n: usize) {
        if let Ok(mut c) = self.quote_counts.write() {
            let i = i as usize;
            if c.len() <= i {
                c.resize(i + 1, u32::MAX);
            }
            c[i] = u32::try_from(n).unwrap_or(u32::MAX - 1);
        }
    }

    fn problem(&self, line: String) {
        if let Ok(mut errs) = self.errors.lock() {
            errs.push(line);
        }
    }
}

/// Orders of the library list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// As listed (input order).
    Listing,
    /// Newest first.
    Date,
    /// By outlet, then input.
    Source,
}

/// A library of articles from many files.
pub struct Library {
    shared: Arc<Shared>,
    analyzer: Analyzer,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Library {
    /// Open these files and folders (`-`: stdin); returns immediately.
    pub fn open(paths: Vec<PathBuf>, opts: OpenOptions) -> Library {
        // The index is built on all cores behind the reader: a smaller per-thread word memo
        // keeps the archive's peak memory under twice its size (`benches/archive.rs`).
        crate::analysis::ner::lexicon::set_memo_words(LIBRARY_MEMO_WORDS);
        Self::start(Shared::new(), opts, move |s, o| background(s, paths, o))
    }

    /// A library of articles already in memory (bundled seeds, tests); analysed in the background.
    pub fn from_articles(articles: Vec<crate::article::Article>, opts: OpenOptions) -> Library {
        let shared = Shared::new();
        if let (Ok(mut sources), Ok(mut entries)) = (shared.sources.write(), shared.entries.write())
        {
            sources.push(store::Source::memory());
            entries.extend(articles.into_iter().map(|a| store::Entry {
                source: 0,
                listing: store::Listing::of(&a),
                place: store::Place::Kept(Arc::new(a)),
            }));
        }
        shared.listing_done.store(true, Ordering::Release);
        Self::start(shared, opts, |s, o| build_index(&s, &o, None))
    }

    fn start(
        shared: Shared,
        opts: OpenOptions,
        work: impl FnOnce(Arc<Shared>, OpenOptions) + Send + 'static,
    ) -> Library {
        let shared = Arc::new(shared);
        let s = Arc::clone(&shared);
        let o = opts.clone();
        let thread = std::thread::spawn(move || work(s, o));
        Library {
            shared,
            analyzer: opts.analyzer,
            thread: Some(thread),
        }
    }

    /// Articles listed so far.
    pub fn len(&self) -> usize {
        self.shared.entries.read().map_or(0, |e| e.len())
    }

    /// Whether no article is listed (yet).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Title of article `i` (from the listing; no parsing).
    pub fn title(&self, i: u32) -> Option<String> {
        self.listing(i as usize).map(|l| l.title)
    }

    /// What the library list shows of article `i` (no parsing).
    pub fn listing(&self, i: usize) -> Option<Listing> {
        let e = self.shared.entries.read().ok()?;
        e.get(i).map(|e| e.listing.clone())
    }

    /// Articles whose normalised title or outlet contains the normalised `filter` (all when it is
    /// empty), in `order`.
    pub fn select(&self, filter: &str, order: Order) -> Vec<usize> {
        let Ok(entries) = self.shared.entries.read() else {
            return Vec::new();
        };
        let key = crate::analysis::normalize::normalize(filter);
        let mut out: Vec<usize> = entries
            .iter()
            .enumerate()
            .filter(|(_, e)| key.is_empty() || e.listing.key.contains(&key))
            .map(|(i, _)| i)
            .collect();
        match order {
            Order::Listing => {}
            Order::Date => out.sort_by(|&a, &b| {
                let (da, db) = (&entries[a].listing.date, &entries[b].listing.date);
                db.cmp(da).then(a.cmp(&b))
            }),
            Order::Source => {
                let sources = self.shared.sources.read().ok();
                let name = |e: &store::Entry| {
                    sources
                        .as_ref()
                        .and_then(|s| s.get(e.source as usize))
                        .map(|s| s.input.name())
                        .unwrap_or_default()
                };
                let mut keyed: Vec<(Option<String>, String, usize)> = out
                    .iter()
                    .map(|&i| (entries[i].listing.outlet.clone(), name(&entries[i]), i))
                    .collect();
                keyed.sort();
                out = keyed.into_iter().map(|(_, _, i)| i).collect();
            }
        }
        out
    }

    /// Number of quotes of article `i`, once it is analysed.
    pub fn quote_count(&self, i: usize) -> Option<usize> {
        let c = *self.shared.quote_counts.read().ok()?.get(i)?;
        (c != u32::MAX).then_some(c as usize)
    }

    /// Titles of articles `range` (for drawing a visible window of the listing).
    pub fn titles(&self, range: std::ops::Range<usize>) -> Vec<String> {
        let Ok(e) = self.shared.entries.read() else {
            return Vec::new();
        };
        let end = range.end.min(e.len());
        let start = range.start.min(end);
        e[start..end]
            .iter()
            .map(|x| x.listing.title.clone())
            .collect()
    }

    /// Parse article `i` from its file (not kept: the caller holds what it shows).
    pub fn article(&self, i: u32) -> Option<Article> {
        load_entry(&self.shared, i)
    }

    /// Ask for article `i` to be analysed before the rest (the one being read).
    pub fn request_analysis(&self, i: u32) {
        if let Ok(mut p) = self.shared.priority.lock() {
            p.push(i);
        }
    }

    /// The analysis of article `i` if it is done (requested ones are kept), else `None`.
    pub fn analysis(&self, i: u32) -> Option<Arc<Analysis>> {
        self.shared.analyses.lock().ok()?.get(&i).cloned()
    }

    /// Analyse article `i` now on the calling thread (blocks for one article).
    pub fn analyze_now(&self, i: u32) -> Option<Arc<Analysis>> {
        if let Some(a) = self.analysis(i) {
            return Some(a);
        }
        let art = self.article(i)?;
        let a = Arc::new((self.analyzer)(&art));
        self.shared.set_quote_count(i, a.quotes.len());
        if let Ok(mut m) = self.shared.analyses.lock() {
            m.insert(i, Arc::clone(&a));
        }
        Some(a)
    }

    /// Background progress (atomic reads; never blocks on work).
    pub fn progress(&self) -> Progress {
        Progress {
            listed: self.len(),
            listing_done: self.shared.listing_done.load(Ordering::Acquire),
            indexed: self.shared.indexed.load(Ordering::Acquire),
            index_ready: self.index().is_some(),
            from_cache: self.shared.from_cache.load(Ordering::Acquire),
        }
    }

    /// Inputs that could not be read, one line each.
    pub fn errors(&self) -> Vec<String> {
        self.shared
            .errors
            .lock()
            .map(|e| e.clone())
            .unwrap_or_default()
    }

    /// The library-wide index once it is complete.
    pub fn index(&self) -> Option<Arc<Index>> {
        self.shared.index.read().ok()?.clone()
    }

    /// Block until listing and indexing have finished (for the CLI, tests and benches).
    pub fn wait(&self) {
        while self.index().is_none() && self.thread.as_ref().is_some_and(|t| !t.is_finished()) {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
    }

    /// Articles matching every word of `query` (Arabic-aware), with positions for the first `limit`.
    /// Returns the total number of matching articles too. Empty until the index is ready.
    pub fn search(&self, query: &str, limit: usize) -> (usize, Vec<SearchHit>) {
        let Some(index) = self.index() else {
            return (0, Vec::new());
        };
        let ids = index.search_articles(query);
        let hits = ids
            .iter()
            .take(limit)
            .filter_map(|&a| {
                let art = self.article(a)?;
                Some(SearchHit {
                    article: a,
                    spans: index::find_in_article(&art, query),
                })
            })
            .collect();
        (ids.len(), hits)
    }
}

impl Drop for Library {
    fn drop(&mut self) {
        self.shared.cancel.store(true, Ordering::Release);
    }
}

fn load_entry(shared: &Shared, i: u32) -> Option<Article> {
    let entry = shared.entries.read().ok()?.get(i as usize)?.clone();
    let sources = shared.sources.read().ok()?;
    let src = sources.get(entry.source as usize)?;
    store::load(src, &entry).ok()
}

fn background(shared: Arc<Shared>, paths: Vec<PathBuf>, opts: OpenOptions) {
    // 1. Listing: every input below every argument, in order.
    let mut inputs = Vec::new();
    for path in &paths {
        let mut events = Vec::new();
        walk::expand(path, &mut inputs, &mut events);
        for e in events {
            if let LoadEvent::Error(e) = e {
                shared.problem(e.to_string());
            }
        }
    }
    let files: Option<Vec<PathBuf>> = inputs
        .iter()
        .map(|i| match i {
            Input::File(p) => Some(p.clone()),
            Input::Stdin => None,
        })
        .collect();
    let load_opts = LoadOptions::default();
    for input in inputs {
        if shared.cancel.load(Ordering::Acquire) {
            return;
        }
        let si = shared.sources.read().map_or(0, |s| s.len()) as u32;
        let mut batch = Vec::new();
        let mut push = |e: store::Entry| {
            batch.push(e);
            if batch.len() >= 256
                && let Ok(mut entries) = shared.entries.write()
            {
                entries.append(&mut batch);
            }
        };
        // Sources must be in place before their entries are visible: push a placeholder first.
        if let Ok(mut s) = shared.sources.write() {
            s.push(store::Source {
                input: input.clone(),
                bytes: None,
            });
        }
        let mut problems = Vec::new();
        let src = store::scan(input, si, &load_opts, &mut push, &mut |p| problems.push(p));
        if let Ok(mut s) = shared.sources.write()
            && let Some(slot) = s.get_mut(si as usize)
        {
            *slot = src;
        }
        if let Ok(mut entries) = shared.entries.write() {
            entries.append(&mut batch);
        }
        problems.into_iter().for_each(|p| shared.problem(p));
    }
    shared.listing_done.store(true, Ordering::Release);
    // 2. Index: from cache (files only), else built.
    let key = files.map(|f| cache::Key::for_files(&f));
    build_index(&shared, &opts, key.as_ref());
}

/// Analyse every article and build the index (or read it from the cache), then serve priority
/// requests until the library is dropped.
fn build_index(shared: &Shared, opts: &OpenOptions, key: Option<&cache::Key>) {
    let total = shared.entries.read().map_or(0, |e| e.len());
    if let (Some(dir), Some(key)) = (&opts.cache_dir, key)
        && let Some(index) = cache::read(dir, key)
        && index.quote_counts.len() == total
    {
        shared.from_cache.store(true, Ordering::Release);
        shared.indexed.store(total, Ordering::Release);
        if let Ok(mut c) = shared.quote_counts.write() {
            c.clone_from(&index.quote_counts);
        }
        if let Ok(mut slot) = shared.index.write() {
            *slot = Some(Arc::new(index));
        }
        serve_priority(shared, opts);
        return;
    }
    // Workers analyse; one shared builder takes each article's facts (adding them is cheap next to
    // analysing them, and one builder holds every term once).
    let next = AtomicUsize::new(0);
    let threads = opts.threads.max(1);
    let builder = Mutex::new(index::IndexBuilder::default());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let (next, builder, analyzer) = (&next, &builder, &opts.analyzer);
            scope.spawn(move || {
                loop {
                    if shared.cancel.load(Ordering::Acquire) {
                        break;
                    }
                    let prio = shared.priority.lock().ok().and_then(|mut p| p.pop());
                    if let Some(i) = prio {
                        analyse_priority(shared, analyzer, i);
                        continue;
                    }
                    let i = next.fetch_add(1, Ordering::AcqRel);
                    if i >= total {
                        break;
                    }
                    if let Some(art) = load_entry(shared, i as u32) {
                        let analysis = analyzer(&art);
                        shared.set_quote_count(i as u32, analysis.quotes.len());
                        let facts = index::ArticleFacts::new(i as u32, &art, analysis);
                        if let Ok(mut b) = builder.lock() {
                            b.add(facts);
                        }
                    }
                    shared.indexed.fetch_add(1, Ordering::AcqRel);
                }
            });
        }
    });
    if shared.cancel.load(Ordering::Acquire) {
        return;
    }
    let Ok(builder) = builder.into_inner() else {
        return;
    };
    let index = builder.finish(total);
    if let (Some(dir), Some(key)) = (&opts.cache_dir, key) {
        let _ = cache::write(dir, key, &index);
    }
    if let Ok(mut slot) = shared.index.write() {
        *slot = Some(Arc::new(index));
    }
    serve_priority(shared, opts);
}

fn analyse_priority(shared: &Shared, analyzer: &Analyzer, i: u32) {
    let known = shared.analyses.lock().is_ok_and(|m| m.contains_key(&i));
    if known {
        return;
    }
    if let Some(art) = load_entry(shared, i) {
        let a = Arc::new(analyzer(&art));
        shared.set_quote_count(i, a.quotes.len());
        if let Ok(mut m) = shared.analyses.lock() {
            m.insert(i, a);
        }
    }
}

/// After indexing, keep serving priority requests until the library is dropped.
fn serve_priority(shared: &Shared, opts: &OpenOptions) {
    while !shared.cancel.load(Ordering::Acquire) {
        let prio = shared.priority.lock().ok().and_then(|mut p| p.pop());
        match prio {
            Some(i) => analyse_priority(shared, &opts.analyzer, i),
            None => std::thread::sleep(std::time::Duration::from_millis(10)),
        }
    }
}
