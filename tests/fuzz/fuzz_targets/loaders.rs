//! Fuzz the loaders: any bytes as any supported format — no panic.
#![no_main]

use khabar::article::plain;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = plain::parse(&text, "fuzz", "fuzz");
});
