//! Fuzz the text engine: any paragraph, any width, any options — no panic, rows fit, no controls out.
#![no_main]

use khabar::text::{layout, BaseDirection, ControlPolicy, Highlight, LayoutOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let width = usize::from(data[0]) % 201;
    let base = match data[1] % 4 {
        0 => BaseDirection::Auto,
        1 => BaseDirection::Rtl,
        2 => BaseDirection::Ltr,
        _ => BaseDirection::AutoRtl,
    };
    let controls = if data[2] & 1 == 0 { ControlPolicy::Honor } else { ControlPolicy::Strip };
    let shape = data[2] & 2 != 0;
    let text = String::from_utf8_lossy(&data[3..]);
    let len = text.len();
    let highlights = [Highlight { range: len / 3..len / 2, tag: 1 }];
    let opts = LayoutOptions { width, base, controls, shape };
    for row in layout(&text, &opts, &highlights) {
        assert!(row.indent + row.width() <= width.max(1) || row.cells.len() == 1);
        for cell in &row.cells {
            assert!(!cell.symbol.chars().any(|c| c.is_control()), "control in output");
        }
    }
});
