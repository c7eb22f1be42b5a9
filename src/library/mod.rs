//! Many articles: lazy loading, background analysis, library-wide index and search. No terminal code.
