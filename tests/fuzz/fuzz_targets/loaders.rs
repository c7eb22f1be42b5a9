//! Fuzz the loaders: any bytes through the decoder and every format's parser — no panic.
#![no_main]

use khabar::article::{decode, feed, json, plain};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = feed::parse(data, "fuzz.rss", "fuzz");
    for policy in [decode::Utf8Policy::Strict, decode::Utf8Policy::Lossy] {
        let _ = decode::decode(data, policy);
    }
    let text = String::from_utf8_lossy(data);
    let _ = plain::parse(&text, "fuzz", "fuzz.txt");
    let _ = json::parse_document(&text, "fuzz.json", "fuzz");
    for (i, line) in text.lines().enumerate() {
        let _ = json::parse_line(line, i + 1, i, "fuzz.jsonl", "fuzz");
    }
});
