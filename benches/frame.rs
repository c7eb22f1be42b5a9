//! Frame time of the reader: one full frame of the seed at 200×60 (TestBackend), a frame after a
//! resize (re-layout), and keypress → frame (`]`), against a baseline measured in the same run:
//! ratatui's own wrapped `Paragraph` of the same text at the same size.
//! Run: `cargo bench --bench frame`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use khabar::article::bundled_seeds;
use khabar::ui::config::UiConfig;
use khabar::ui::{App, widgets};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::widgets::{Paragraph, Wrap};

fn time<F: FnMut()>(mut f: F) -> Duration {
    // Warm up, then take the median of batches.
    for _ in 0..20 {
        f();
    }
    let mut samples = Vec::new();
    for _ in 0..9 {
        let n = 20;
        let t = Instant::now();
        for _ in 0..n {
            f();
        }
        samples.push(t.elapsed() / n);
    }
    samples.sort();
    samples[samples.len() / 2]
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn main() {
    let article = bundled_seeds().remove(0);
    let text = article.blocks().join("\n\n");
    let (w, h) = (200u16, 60u16);

    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    let baseline = time(|| {
        term.draw(|f| {
            f.render_widget(
                Paragraph::new(text.as_str()).wrap(Wrap { trim: true }),
                f.area(),
            )
        })
        .expect("draw");
    });

    let mut app = App::with_analysis(UiConfig::defaults(), vec![article.clone()]);
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    let frame = time(|| {
        term.draw(|f| widgets::render(&mut app, f)).expect("draw");
    });

    let mut app = App::with_analysis(UiConfig::defaults(), vec![article.clone()]);
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    let key = KeyEvent::new(KeyCode::Char(']'), KeyModifiers::NONE);
    let back = KeyEvent::new(KeyCode::Char('['), KeyModifiers::NONE);
    let mut forward = true;
    let keypress = time(|| {
        // Alternate ] and [ so every press changes the selection.
        app.handle_key(if forward { key } else { back });
        forward = !forward;
        term.draw(|f| widgets::render(&mut app, f)).expect("draw");
    });

    let mut app = App::with_analysis(UiConfig::defaults(), vec![article.clone()]);
    let mut big = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    let mut small = Terminal::new(TestBackend::new(w - 1, h)).expect("terminal");
    let mut flip = false;
    let resize = time(|| {
        flip = !flip;
        let t = if flip { &mut big } else { &mut small };
        t.draw(|f| widgets::render(&mut app, f)).expect("draw");
    });
    black_box(&app);

    println!("reader frame benchmark (seed article, {w}x{h}, TestBackend; median of 9×20)");
    println!(
        "  baseline ratatui Paragraph (wrapped, no bidi):  {:8.1} µs",
        us(baseline)
    );
    println!(
        "  khabar frame:                                 {:8.1} µs  ({:.2}× baseline)",
        us(frame),
        us(frame) / us(baseline)
    );
    println!(
        "  keypress `]`/`[` → frame:                     {:8.1} µs  ({:.2}× baseline)",
        us(keypress),
        us(keypress) / us(baseline)
    );
    println!(
        "  frame after a resize (re-layout all blocks):  {:8.1} µs  ({:.2}× baseline)",
        us(resize),
        us(resize) / us(baseline)
    );
    let target = 2000.0;
    println!(
        "  target < {target} µs per frame: {}",
        if us(frame).max(us(keypress)) < target {
            "met"
        } else {
            "NOT met"
        }
    );
}
