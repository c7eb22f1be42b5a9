//! Long articles that once made the speaker attribution quadratic (every named speaker was
//! compared with every name seen before, unnamed sources and "على حد قوله" looked back over the
//! whole article). These check what the reader gets on such articles; speed is in benches/.

use khabar::analysis::{QuoteKind, analyze};
use khabar::article::Article;

fn article(paragraphs: Vec<String>) -> Article {
    Article {
        title: "عنوان".to_string(),
        paragraphs,
        ..Article::default()
    }
}

/// `count` distinct made-up family names (three syllables each).
fn family_names(count: usize) -> Vec<String> {
    // No syllable starts with a letter that can be a proclitic (و ف ب ك ل).
    let syl = ["سا", "ري", "دو", "نا", "مو", "تي", "هي", "زا"];
    let mut out = Vec::new();
    'outer: for a in syl {
        for b in syl {
            for c in syl {
                if out.len() == count {
                    break 'outer;
                }
                out.push(format!("{a}{b}{c}ني"));
            }
        }
    }
    out
}

#[test]
fn hundreds_of_named_speakers_each_keep_their_quotes() {
    let given = ["سامي", "فهد", "جورج", "خالد", "ليلى", "منى"];
    let families = family_names(300);
    let mut paragraphs = Vec::new();
    let mut want = Vec::new();
    for (k, family) in families.iter().enumerate() {
        let full = format!("{} {family}", given[k % given.len()]);
        paragraphs.push(format!(
            "وقال الوزير {full}: \"نعمل على خطة جديدة للتعليم في البلاد\"."
        ));
        // The family name alone, later: the fullest name written before.
        paragraphs.push(format!(
            "وأضاف {family} أن \"الخطة تشمل كل المدارس في المملكة\"."
        ));
        want.push(full.clone());
        want.push(full);
    }
    let a = analyze(&article(paragraphs));
    let got: Vec<&str> = a
        .quotes
        .iter()
        .map(|q| q.speaker.as_deref().unwrap_or("-"))
        .collect();
    assert_eq!(
        got.len(),
        want.len(),
        "{:?}",
        &a.quotes[..3.min(a.quotes.len())]
    );
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "quote {i}: {:?}", a.quotes[i]);
    }
    assert!(
        a.quotes
            .iter()
            .step_by(2)
            .all(|q| q.kind == QuoteKind::Direct)
    );
}

#[test]
fn many_unnamed_sources_and_after_phrases_resolve_to_the_latest() {
    let heads = ["مصدر", "شاهد", "مسعف"];
    let mut paragraphs = Vec::new();
    let mut want = Vec::new();
    for k in 0..300 {
        let head = heads[k % heads.len()];
        let adj = ["عسكري", "أمني", "حكومي", "رسمي"][k % 4];
        paragraphs.push(format!(
            "وقال {head} {adj} في المدينة: \"الوضع تحت السيطرة الكاملة الآن\"."
        ));
        paragraphs.push(format!(
            "وأضاف ال{head} أن \"القوات انتشرت في كل الشوارع\"."
        ));
        paragraphs.push("\"الخطة تشمل كل الأحياء في المدينة\"، على حد قوله.".to_string());
        for _ in 0..3 {
            want.push(format!("{head} {adj}"));
        }
    }
    let a = analyze(&article(paragraphs));
    let got: Vec<&str> = a
        .quotes
        .iter()
        .map(|q| q.speaker.as_deref().unwrap_or("-"))
        .collect();
    assert_eq!(
        got.len(),
        want.len(),
        "{:?}",
        &a.quotes[..3.min(a.quotes.len())]
    );
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "quote {i}: {:?}", a.quotes[i]);
    }
}

#[test]
fn a_long_run_of_verb_only_cues_after_one_speaker() {
    let text = format!(
        "قال الوزير فهد السالم: \"نعمل على خطة جديدة للتعليم\" {} وتابع، \"سنعلن التفاصيل الأسبوع المقبل في مؤتمر\".",
        "وأضاف ".repeat(5000)
    );
    let a = analyze(&article(vec![text]));
    assert_eq!(a.quotes.len(), 2, "{:?}", a.quotes);
    assert!(
        a.quotes
            .iter()
            .all(|q| q.speaker.as_deref() == Some("فهد السالم")),
        "{:?}",
        a.quotes
    );
}
