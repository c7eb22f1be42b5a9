//! Fuzz the analysis: any article text — no panic, every location inside its block.
#![no_main]

use khabar::analysis::analyze;
use khabar::article::Article;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n');
    let article = Article {
        title: lines.next().unwrap_or_default().to_string(),
        paragraphs: lines.map(str::to_string).collect(),
        ..Article::default()
    };
    let blocks = article.blocks();
    let analysis = analyze(&article);
    for q in &analysis.quotes {
        assert!(q.paragraph < blocks.len() && q.end_paragraph < blocks.len());
    }
    for e in &analysis.entities {
        for m in &e.mentions {
            assert!(m.paragraph < blocks.len());
            assert!(m.start <= m.end && m.end <= blocks[m.paragraph].chars().count());
        }
    }
});
