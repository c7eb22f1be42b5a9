//! Fuzz the loaders: any bytes through the decoder and every format's parser (plain text, JSON,
//! JSON Lines, RSS/Atom, HTML bodies) — no panic, every error one line.
#![no_main]

use khabar::article::{decode, feed, html, json, plain};
use libfuzzer_sys::fuzz_target;

fn one_line(r: &Result<khabar::article::Article, String>) {
    if let Err(e) = r {
        assert!(!e.is_empty() && !e.contains('\n'), "{e:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    feed::parse(data, "fuzz.rss", "fuzz").iter().for_each(one_line);
    for policy in [decode::Utf8Policy::Strict, decode::Utf8Policy::Lossy] {
        let _ = decode::decode(data, policy);
    }
    let text = String::from_utf8_lossy(data);
    let _ = plain::parse(&text, "fuzz", "fuzz.txt");
    json::parse_document(&text, "fuzz.json", "fuzz").iter().for_each(one_line);
    for (i, line) in text.lines().enumerate() {
        one_line(&json::parse_line(line, i + 1, i, "fuzz.jsonl", "fuzz"));
    }
    for p in html::paragraphs(&text) {
        assert!(!p.is_empty() && !p.contains('\n'));
    }
});
