//! Named entities: the seed article's entities, ANERcorp test-split score, `khabar tag` I/O.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use khabar::analysis::{EntityType, analyze};
use khabar::article::bundled_seeds;

/// The seed article's entities as (type, name, mention texts).
fn seed_entities() -> Vec<(EntityType, String, Vec<String>)> {
    let seeds = bundled_seeds();
    let art = seeds
        .iter()
        .find(|a| a.title.contains("ستولتنبرغ"))
        .expect("the NATO seed article is bundled");
    analyze(art)
        .entities
        .into_iter()
        .map(|e| {
            let m = e.mentions.iter().map(|m| m.text.clone()).collect();
            (e.kind, e.name, m)
        })
        .collect()
}

/// The entity with a mention whose text is exactly `text`.
fn entity_with<'a>(
    ents: &'a [(EntityType, String, Vec<String>)],
    text: &str,
) -> Option<&'a (EntityType, String, Vec<String>)> {
    ents.iter().find(|e| e.2.iter().any(|m| m == text))
}

#[test]
fn cities_from_the_world_list_are_places_without_their_clitics() {
    // Cities that are in `places.txt` (GeoNames) but neither in the hand-written lists nor in
    // the ANERcorp training data.
    let art = khabar::article::plain::parse(
        "وفد تجاري\n\
         ووصل الوفد التجاري أمس إلى كويمباتور، ثم توجه إلى سورابايا، قبل أن يزور فيسبادن.\n\
         وقال رئيس الوفد إن الزيارة إلى سورابايا وفيسبادن كانت ناجحة.\n",
        "trip",
        "trip.txt",
    );
    let ents = analyze(&art).entities;
    for city in ["كويمباتور", "سورابايا", "فيسبادن"] {
        let e = ents
            .iter()
            .find(|e| e.name == city)
            .unwrap_or_else(|| panic!("{city} not found: {ents:?}"));
        assert_eq!(e.kind, EntityType::LOC, "{e:?}");
    }
    let wiesbaden = ents.iter().find(|e| e.name == "فيسبادن");
    assert!(
        wiesbaden.is_some_and(|e| e.mentions.iter().any(|m| m.text == "وفيسبادن")),
        "the clitic form is a mention of the same place: {ents:?}"
    );
}

#[test]
fn seed_places_are_loc() {
    let ents = seed_entities();
    for place in ["روسيا", "موسكو", "واشنطن", "بروكسل", "الصين"] {
        let hit = ents
            .iter()
            .find(|e| e.2.iter().any(|m| m.ends_with(place)))
            .unwrap_or_else(|| panic!("{place} not found in {ents:?}"));
        assert_eq!(hit.0, EntityType::LOC, "{place}: {hit:?}");
    }
}

#[test]
fn seed_people_are_per_with_short_forms_merged() {
    let ents = seed_entities();
    for (full, short) in [("جو بايدن", "بايدن"), ("ينس ستولتنبرغ", "ستولتنبرغ")]
    {
        let e = entity_with(&ents, full).unwrap_or_else(|| panic!("{full} not in {ents:?}"));
        assert_eq!(e.0, EntityType::PER, "{e:?}");
        assert_eq!(e.1, full, "the name is the fullest form");
        assert!(e.2.iter().any(|m| m == short), "{short} merged: {e:?}");
    }
    let putin = ents
        .iter()
        .find(|e| e.2.iter().any(|m| m.ends_with("بوتين")))
        .unwrap_or_else(|| panic!("بوتين not in {ents:?}"));
    assert_eq!(putin.0, EntityType::PER);
    let per_with = |s: &str| {
        ents.iter()
            .filter(|e| e.0 == EntityType::PER && e.2.iter().any(|m| m.ends_with(s)))
            .count()
    };
    assert_eq!(per_with("بايدن"), 1, "one entity for Biden: {ents:?}");
    assert_eq!(
        per_with("ستولتنبرغ"),
        1,
        "one entity for Stoltenberg: {ents:?}"
    );
}

#[test]
fn seed_nato_is_one_org_and_white_house_is_org() {
    let ents = seed_entities();
    let nato: Vec<_> = ents
        .iter()
        .filter(|e| {
            e.2.iter()
                .any(|m| m.contains("الناتو") || m.contains("شمال الأطلسي"))
                && !e
                    .2
                    .iter()
                    .any(|m| m.starts_with("قمة") || m.starts_with("مبادرة"))
        })
        .collect();
    assert_eq!(nato.len(), 1, "NATO is one entity: {nato:?}");
    let n = nato[0];
    assert_eq!(n.0, EntityType::ORG);
    assert!(n.2.iter().any(|m| m.contains("الناتو")), "{n:?}");
    assert!(n.2.iter().any(|m| m.contains("حلف شمال الأطلسي")), "{n:?}");
    assert_eq!(
        n.1, "حلف شمال الأطلسي",
        "named without the proclitic of لحلف"
    );
    let wh = ents
        .iter()
        .find(|e| e.2.iter().any(|m| m.ends_with("البيت الأبيض")))
        .unwrap_or_else(|| panic!("البيت الأبيض not in {ents:?}"));
    assert_eq!(wh.0, EntityType::ORG);
}

#[test]
fn mention_offsets_point_at_their_text() {
    let seeds = bundled_seeds();
    for art in &seeds {
        let blocks = art.blocks();
        for e in analyze(art).entities {
            for m in e.mentions {
                let block = blocks[m.paragraph];
                let got: String = block.chars().skip(m.start).take(m.end - m.start).collect();
                assert_eq!(got, m.text);
            }
        }
    }
}

fn run_tag(input: &str) -> String {
    let mut child = Command::new(common::khabar_bin())
        .arg("tag")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("khabar runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("khabar finishes");
    writer.join().expect("writer").expect("write stdin");
    assert!(out.status.success());
    String::from_utf8(out.stdout).expect("utf-8 output")
}

#[test]
fn tag_keeps_tokens_and_blank_lines() {
    let input =
        "أعلن\tO\nالرئيس\tO\nفلاديمير\tB-PERS\nبوتين\tI-PERS\nفي\tO\nموسكو\tB-LOC\n\nوقال\nبايدن\n";
    let out = run_tag(input);
    let in_lines: Vec<&str> = input.lines().collect();
    let out_lines: Vec<&str> = out.lines().collect();
    assert_eq!(in_lines.len(), out_lines.len(), "{out}");
    for (i, o) in in_lines.iter().zip(&out_lines) {
        if i.is_empty() {
            assert!(o.is_empty());
            continue;
        }
        let (tok, tag) = o.split_once('\t').expect("token<TAB>tag");
        assert_eq!(tok, i.split('\t').next().unwrap_or_default());
        assert!(
            tag == "O"
                || ["B-", "I-"].iter().any(|p| {
                    tag.strip_prefix(p)
                        .is_some_and(|t| ["PER", "ORG", "LOC", "MISC"].contains(&t))
                }),
            "bad tag {tag}"
        );
    }
    assert!(out_lines[5].ends_with("B-LOC"), "موسكو is a place: {out}");
}

#[test]
fn tag_handles_empty_input() {
    assert_eq!(run_tag(""), "");
}

/// Entity-level F1 on the ANERcorp test split, scored by the shared conlleval-style script
/// (`None` when the shared data or python3 is missing).
fn anercorp_test_f1() -> Option<f64> {
    // Scored once and shared by the tests that read it (they run in parallel threads).
    static F1: std::sync::OnceLock<Option<f64>> = std::sync::OnceLock::new();
    *F1.get_or_init(score_anercorp_test)
}

fn score_anercorp_test() -> Option<f64> {
    let shared = common::shared_dir()?;
    let dir = shared.join("eval/ner/anercorp");
    let Ok(gold) = std::fs::read_to_string(dir.join("test.conll")) else {
        eprintln!("skipping: no ANERcorp test split");
        return None;
    };
    let pred = run_tag(&gold);
    let pred_path = std::env::temp_dir().join(format!("khabar-ner-{}.conll", std::process::id()));
    std::fs::write(&pred_path, pred).expect("write prediction");
    let out = Command::new("python3")
        .arg(shared.join("eval/conll_score.py"))
        .arg(dir.join("test.conll"))
        .arg(&pred_path)
        .output();
    let _ = std::fs::remove_file(&pred_path);
    let Ok(out) = out else {
        eprintln!("skipping: python3 not available");
        return None;
    };
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}");
    let f1: f64 = report
        .lines()
        .last()
        .and_then(|l| l.strip_prefix("ner_f1="))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("ner_f1 line");
    eprintln!("{report}");
    Some(f1)
}

/// The issue's bar for calling the recogniser done (0.724 when last measured).
#[test]
fn anercorp_test_f1_is_at_least_072() {
    if let Some(f1) = anercorp_test_f1() {
        assert!(f1 >= 0.72, "ANERcorp test F1 {f1}");
    }
}

/// Beats the issue's reference points: the training-split dictionary (0.48) and a greedy
/// perceptron with the same kind of features (0.61).
#[test]
fn anercorp_test_f1_beats_the_issue_baselines() {
    if let Some(f1) = anercorp_test_f1() {
        assert!(f1 > 0.61, "ANERcorp test F1 {f1}");
    }
}
