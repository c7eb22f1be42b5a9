//! Quotes and speakers as a reader sees them: the seed article and small hand-made paragraphs for
//! each mark style and each attribution rule.

use khabar::analysis::{Quote, QuoteKind, analyze};
use khabar::article::{Article, bundled_seeds, plain};

fn article(text: &str) -> Article {
    plain::parse(text, "t", "t.txt")
}

fn quotes(text: &str) -> Vec<Quote> {
    analyze(&article(text)).quotes
}

/// (text, speaker) of every quote.
fn said(text: &str) -> Vec<(String, Option<String>)> {
    quotes(text)
        .into_iter()
        .map(|q| (q.text, q.speaker))
        .collect()
}

fn s(x: &str) -> Option<String> {
    Some(x.to_string())
}

#[test]
fn seed_article_has_its_eleven_quotes_and_speakers() {
    let seed = &bundled_seeds()[0];
    let got: Vec<(String, Option<String>)> = analyze(seed)
        .quotes
        .into_iter()
        .map(|q| (q.text, q.speaker))
        .collect();
    let wh = "البيت الأبيض";
    let js = "ينس ستولتنبرغ";
    let want = [
        (
            "بايدن أعلن عن التزامه القوي بالعمل عن كثب مع الحلفاء للبناء على سبعة عقود من النجاح للحلف في حماية الأمن عبر الأطلسي والقيم الديمقراطية",
            wh,
        ),
        (
            "تم الاتفاق على أهمية مبادرة الناتو 2030 لتكييف الحلف في مواجهة تحديات المنافسة الاستراتيجية والتهديدات العابرة للحدود، بما في ذلك تغير المناخ والهجمات الإلكترونية",
            wh,
        ),
        (
            "التقدم الذي أحرزه الحلفاء على مدى السنوات السبع الماضية في تعزيز الإنفاق الدفاعي والمساهمات الأخرى في الدفاع المشترك",
            wh,
        ),
        (
            "أهمية تقاسم المسؤوليات بشكل عادل داخل الناتو وضمان تزويد الحلف بالموارد الكافية لمواجهة التهديد",
            wh,
        ),
        ("احتواء روسيا", js),
        (
            "ناقشنا مجموعة واسعة من القضايا، روسيا والصين والإرهاب الدولي والأمن السيبراني وتغير المناخ",
            js,
        ),
        (
            "متفق مع موقف بايدن تجاه روسيا، ودعينا إلى الحوار مع موسكو",
            js,
        ),
        (
            "نحن متفقون مع الموقف المزدوج، حيث نحتاج إلى الردع والدفاع، ولكن في الوقت ذاته نحتاج الحوار مع روسيا",
            js,
        ),
        (
            "الحوار مع روسيا ليس دليلاً على الضعف. ونحن أقوياء وموحدون، ويجب أن نتحدث مع روسيا",
            js,
        ),
        (
            "حتى إن لم نثق بعلاقات أفضل مع روسيا، علينا أن نرتب الأمور في هذه العلاقات المقعدة",
            js,
        ),
        (
            "بتمديد موسكو وواشنطن معاهدة الحد من الأسلحة الهجومية الاستراتيجية (ستارت-3)",
            js,
        ),
    ];
    let texts: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
    for (text, speaker) in want {
        let found = got.iter().find(|(t, _)| t == text);
        let Some((_, sp)) = found else {
            panic!("missing quote {text}\n got {texts:#?}");
        };
        // The two استعرض الطرفان quotes are the statement's wording; the speaker must at least
        // not be someone else.
        if text.starts_with("التقدم") || text.starts_with("أهمية تقاسم") {
            assert!(sp.is_none() || sp.as_deref() == Some(wh), "{text}: {sp:?}");
        } else {
            assert_eq!(sp.as_deref(), Some(speaker), "speaker of {text}");
        }
    }
    assert!(
        !texts.contains(&"الناتو"),
        "a quoted name is not a quote: {texts:?}"
    );
    assert_eq!(got.len(), 11, "{texts:#?}");
}

#[test]
fn every_mark_style_pairs() {
    for (open, close) in [
        ("\"", "\""),
        ("«", "»"),
        ("“", "”"),
        ("»", "»"),
        ("″", "″"),
        ("“", "\""),
    ] {
        let text =
            format!("عنوان\nوقال الوزير خالد العمر: {open}سنبني المدارس في كل المدن{close}.\n");
        let q = quotes(&text);
        assert_eq!(q.len(), 1, "{open}…{close}: {q:?}");
        assert_eq!(q[0].text, "سنبني المدارس في كل المدن");
        assert_eq!(q[0].kind, QuoteKind::Direct);
    }
}

#[test]
fn a_stray_mark_does_not_swallow_the_article() {
    let text = "عنوان\nوقال المتحدث: \"بدأنا العمل اليوم\nوفي خبر آخر افتتح المعرض أبوابه للزوار.\nوأضاف المتحدث \"سنكمل المشروع قريبا\".\n";
    let q = said(text);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].0, "سنكمل المشروع قريبا");
    // A closing mark with nothing open is ignored; the next quote still pairs.
    let text = "عنوان\nوهناك جثة امام الفندق\" ، وختم قائلا \"ان العمليات الجارية صعبة جدا\".\n";
    let q = said(text);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].0, "ان العمليات الجارية صعبة جدا");
}

#[test]
fn a_quote_runs_over_a_paragraph_break() {
    let text = "عنوان\nوقال المدير: \"المرحلة الأولى انتهت بنجاح\nوالمرحلة الثانية تبدأ غدا في كل المناطق\".\n";
    let q = quotes(text);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(
        q[0].text,
        "المرحلة الأولى انتهت بنجاح\nوالمرحلة الثانية تبدأ غدا في كل المناطق"
    );
    assert_eq!((q[0].paragraph, q[0].end_paragraph), (1, 2));
}

#[test]
fn nested_quotes_stay_inside_the_outer_one() {
    let q = said("عنوان\nوقال المدرب: \"إن وجود اللاعب في هجوم \"الجنرز\" سيساعد الفريق كثيرا\".\n");
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(
        q[0].0,
        "إن وجود اللاعب في هجوم \"الجنرز\" سيساعد الفريق كثيرا"
    );
}

#[test]
fn quoted_names_are_not_quotes() {
    let q = said(
        "عنوان\nأعلنت صحيفة \"النهار\" أن الحكومة ستجتمع غدا. وقال الوزير لـ«الشرق» إن الاجتماع مهم.\nورحب \"الحلف\" بالقرار.\n",
    );
    assert!(q.is_empty(), "{q:?}");
}

#[test]
fn cue_then_subject_with_a_role_phrase() {
    let q = quotes("عنوان\nوقال مدرب المنتخب جورج ايفانوف: \"المباراة القادمة صعبة جدا علينا\".\n");
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].speaker.as_deref(), Some("جورج ايفانوف"));
}

#[test]
fn subject_written_before_the_verb() {
    let q = said(
        "عنوان\nقال الرئيس سامي خليل إن البلاد بخير.\nخليل أكد أن الحكومة \"ستعمل بكل قوة لتحقيق الأهداف\".\n",
    );
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].1, s("سامي خليل"));
}

#[test]
fn carry_over_for_verb_only_cues_and_after_phrases() {
    let text = "عنوان\nوقال الوزير فهد السالم: \"نعمل على خطة جديدة للتعليم\".\nوتابع، \"سنعلن التفاصيل الأسبوع المقبل في مؤتمر\".\n\"الخطة تشمل كل المدارس في المملكة\"، على حد قوله.\n";
    let q = said(text);
    assert_eq!(q.len(), 3, "{q:?}");
    assert!(
        q.iter().all(|(_, sp)| sp.as_deref() == Some("فهد السالم")),
        "{q:?}"
    );
}

#[test]
fn statement_resolves_to_its_issuer() {
    let text = "عنوان\nوقال الاتحاد الدولي للسباحة في بيان: \"نرحب بكل المشاركين في البطولة\".\nوتابع البيان: \"سلامة الرياضيين أولوية قصوى لنا دائما\".\n";
    let q = quotes(text);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[1].speaker_mention.as_deref(), Some("البيان"));
    assert_eq!(q[0].speaker, q[1].speaker);
    assert!(
        q[1].speaker
            .as_deref()
            .is_some_and(|sp| sp.contains("الاتحاد")),
        "{q:?}"
    );
}

#[test]
fn unnamed_sources_and_anaphors() {
    let text = "عنوان\nوقال مصدر عسكري في المدينة: \"الوضع تحت السيطرة الكاملة الآن\".\nوأضاف المصدر العسكري أن \"القوات انتشرت في كل الشوارع\".\n";
    let q = quotes(text);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[0].speaker.as_deref(), Some("مصدر عسكري"));
    assert_eq!(q[1].speaker.as_deref(), Some("مصدر عسكري"));
    assert_eq!(q[1].speaker_mention.as_deref(), Some("المصدر العسكري"));
}

#[test]
fn partial_and_scare_kinds() {
    let q =
        quotes("عنوان\nوقال الوزير سامي خليل إن العقوبات الجديدة \"لا تقدم ولا تؤخر\" في رأيه.\n");
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].kind, QuoteKind::Partial);
    let q =
        quotes("عنوان\nتعمل الشركة في مجال \"تزويد الأسواق النامية بالحلول الرقمية\" منذ سنوات.\n");
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].kind, QuoteKind::Scare);
    assert_eq!(q[0].speaker, None);
}

#[test]
fn a_title_abbreviation_does_not_end_the_sentence() {
    let q =
        said("عنوان\nوقال الخبير الاقتصادي د. سامي خليل: \"الأسواق ستتعافى خلال العام المقبل\".\n");
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].1, s("سامي خليل"));
}

#[test]
fn honorific_pronouns_stand_for_the_last_person_named() {
    let text = "عنوان\nوقال الأمير فيصل بن خالد: \"المنطقة تستقبل الزوار طوال العام\".\nوأضاف سموه: \"نعمل على مشاريع جديدة للسياحة في كل المحافظات\".\n";
    let q = said(text);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[1].1, q[0].1, "{q:?}");
    assert!(
        q[1].1.as_deref().is_some_and(|sp| sp.contains("فيصل")),
        "{q:?}"
    );
}

#[test]
fn the_listener_is_not_the_speaker() {
    let text = "عنوان\nوقال الوزير سامي خليل إن البلاد بخير.\nوقال لي بعد اللقاء: \"لن نتراجع عن الخطة مهما حدث\".\n";
    let q = said(text);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_ne!(q[0].1, s("لي"), "{q:?}");
}

#[test]
fn no_speaker_when_the_sentence_has_none() {
    let q = said(
        "عنوان\nوقال الوزير سامي خليل إن البلاد بخير.\nوانتشرت عبارة \"الوطن أولا قبل كل شيء\" في المدينة.\n",
    );
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].1, None);
}

#[test]
fn odd_input_does_not_panic() {
    for text in [
        "",
        "\"",
        "«»",
        "\"\"\"\"",
        "عنوان\n\"",
        "عنوان\n»«\n“",
        "قال: \"\nقال \"",
    ] {
        let _ = quotes(text);
    }
}

#[test]
fn an_indefinite_source_noun_is_the_speaker_not_a_title_before_a_name() {
    let text = "عنوان\nوقال مسؤول أمني: «الوضع تحت السيطرة».\nوقال خبير اقتصادي إن «الأسعار سترتفع».\nوقال الوزير خالد الفالح: «الإنتاج مستقر».\n";
    assert_eq!(
        said(text),
        vec![
            ("الوضع تحت السيطرة".to_string(), s("مسؤول أمني")),
            ("الأسعار سترتفع".to_string(), s("خبير اقتصادي")),
            ("الإنتاج مستقر".to_string(), s("خالد الفالح")),
        ]
    );
}

#[test]
fn an_unknown_name_between_the_verb_and_a_colon_is_the_speaker() {
    // The name is in no list; it recurs in the article, and the colon introduces the words.
    let text =
        "عنوان\nطالبت الممثلة زينوبيا قرطاج بعرض المسلسل.\nوقالت زينوبيا: «أتمنى عرضه قريبا».";
    assert_eq!(said(text), [("أتمنى عرضه قريبا".into(), s("زينوبيا"))]);
}

#[test]
fn a_manner_adverb_before_a_colon_is_not_a_speaker() {
    let text = "عنوان\nانتهى الاجتماع.\nوقال مبتسما: «ركبنا القطار».";
    assert_eq!(said(text), [("ركبنا القطار".into(), None)]);
    let text = "عنوان\nانتهى الاجتماع في المدينة.\nوقال فيها: «ركبنا القطار».";
    assert_eq!(said(text), [("ركبنا القطار".into(), None)]);
}
