//! Property tests of the public library API: the text pipeline never panics, every span it
//! hands out is a clean slice of the text, summaries and topic scores are well formed, and
//! everything is deterministic.
//!
//! Inputs mix arbitrary Unicode, news-like text built from word lists (abbreviations, decimals,
//! curly quotes, datelines, teasers, metadata, boilerplate), CJK, RTL marks, emoji, combining
//! marks, NUL and other control characters.

use newsdesk::classify::{TopicModel, builtin_model};
use newsdesk::features::{TfidfOptions, Vectorizer};
use newsdesk::summarize::{Length, Order, Summarizer, SummaryOptions, SummarySentence};
use newsdesk::text::{AnalyzerOptions, Article, Document, Span, decode};
use newsdesk::text::{Token, tokenize};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::TestCaseError;
use std::sync::OnceLock;

// ---------------------------------------------------------------------------------------------
// Shared fixtures
// ---------------------------------------------------------------------------------------------

/// The built-in model, loaded once for the whole test binary.
fn model() -> &'static TopicModel {
    static MODEL: OnceLock<TopicModel> = OnceLock::new();
    MODEL.get_or_init(|| builtin_model().expect("the built-in model loads"))
}

// ---------------------------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------------------------

const WORDS: &[&str] = &[
    "the",
    "minister",
    "said",
    "talks",
    "troops",
    "bank",
    "rates",
    "inflation",
    "border",
    "officials",
    "on",
    "Monday",
    "in",
    "Kabul",
    "Pakistan’s",
    "minister's",
    "don't",
    "O’Brien",
    "workers'",
    "counter-terrorism",
    "4.88bn",
    "$3.5",
    "3.5",
    "1,000",
    "7,412.6.",
    "2024",
    "1.2%",
    "U.S.",
    "U.K.",
    "U.S.-led",
    "Mr.",
    "Mrs.",
    "Dr.",
    "Gen.",
    "Lt.",
    "Col.",
    "Jan.",
    "No.",
    "e.g.",
    "i.e.",
    "Inc.",
    "Corp.",
    "J.",
    "W.",
    "a.m.",
    "p.m.",
    "St.",
    "Calif.",
    "example.com",
    "central",
    "interest",
    "shelled",
    "rebel",
    "positions",
    "grain",
    "harvest",
    "drought",
    "election",
    "vote",
    "envoy",
    "ceasefire",
    "Zürich",
    "café",
    "naïve",
    "Москва",
    "заявила",
    "Αθήνα",
    "İstanbul",
    "ǅemal",
    "ﬁnance",
    "ß",
    "Straße",
    "a",
    "I",
    "x",
];

const CAPS: &[&str] = &[
    "The",
    "Officials",
    "He",
    "She",
    "Troops",
    "Prices",
    "It",
    "Police",
    "Analysts",
    "Shares",
    "Investors",
    "Residents",
    "According",
    "However",
    "Meanwhile",
    "In",
    "After",
    "Talks",
    "Mr.",
    "U.S.",
    "Gen.",
    "“We",
    "\"Why",
    "(Reuters)",
    "‘Never",
    "2024",
    "Ämter",
    "Москва",
];

const PUNCT: &[&str] = &[
    ".", ",", "!", "?", "...", "…", ";", ":", " -", " - ", "—", " – ", "“", "”", "‘", "’", "\"",
    "'", "(", ")", "[", "]", "«", "»", "‹", "›", "¿", "¡", "。", "！", "？", ".”", "?\"", "!’",
    ".)", "?!", ". . .", "%", "$", "&", "/", "-", "_", "*", "#", "@",
];

const SEPS: &[&str] = &[
    " ", " ", " ", "  ", "\n", "\n\n", "\n \n", "\n\n\n", "\t", "\r\n", "\r", "\r\n\r\n", "\u{A0}",
    "\u{3000}", "\u{2028}", "\u{2029}", "\u{85}", "\u{200B}", "\u{1680}", "\u{2003}", "\u{B}",
    "\u{C}",
];

const SPECIAL: &[&str] = &[
    "ALSO READ: ",
    "Also Read - ",
    "READ MORE | ",
    "Read more",
    "Advertisement",
    "More From This Section",
    "Subscribe to our newsletter",
    "© 2024 Reuters. All rights reserved.",
    "KABUL (Reuters) - ",
    "NAJAF, Iraq - ",
    "PARKFIELD, Calif. - ",
    "NEW YORK : ",
    "AP - ",
    "Reuters: ",
    "Lagos — ",
    "Mexico City – ",
    "date 2024-11-21 ",
    "Published: Jan 5, 2024 ",
    "Updated on 21 November 2024, 10:32 AM IST ",
    "11/21/2024 | ",
    "By John Smith",
    "By JANE DOE, Reuters",
    "北京会谈",
    "東京で会談が行われた。",
    "記者会見！",
    "한국어 기사",
    "مرحبا بالعالم",
    "שלום עולם",
    "\u{200F}",
    "\u{200E}",
    "\u{202E}",
    "\u{2066}",
    "🚀",
    "👨‍👩‍👧",
    "🇺🇸",
    "👍🏽",
    "e\u{301}",
    "\u{301}",
    "\u{20DD}",
    "क्षि",
    "\u{094D}",
    "\u{0}",
    "\u{1}",
    "\u{7}",
    "\u{1B}[0m",
    "\u{7F}",
    "\u{80}",
    "\u{9F}",
    "\u{FEFF}",
    "\u{FFFD}",
    "\u{FFFF}",
    "\u{10FFFF}",
    "\u{E000}",
    "\u{D7FF}",
];

/// Arbitrary Unicode scalar values, control characters included.
fn arbitrary_chars() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..160).prop_map(|cs| cs.into_iter().collect())
}

/// A soup of news fragments, separators, special strings and arbitrary characters.
fn soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        5 => select(WORDS).prop_map(str::to_string),
        2 => select(CAPS).prop_map(str::to_string),
        3 => select(PUNCT).prop_map(str::to_string),
        4 => select(SEPS).prop_map(str::to_string),
        2 => select(SPECIAL).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..160).prop_map(|v| v.concat())
}

/// One news-like sentence: a capitalised opener, some words, end punctuation.
fn sentence() -> impl Strategy<Value = String> {
    (
        select(CAPS),
        prop::collection::vec(
            prop_oneof![
                8 => select(WORDS).prop_map(str::to_string),
                1 => select(PUNCT).prop_map(|p| p.to_string()),
                1 => select(SPECIAL).prop_map(str::to_string),
            ],
            2..16,
        ),
        select(
            &[
                ".", ".", ".", "!", "?", ".”", "?\"", "...", "…", "。", ".)", "",
            ][..],
        ),
    )
        .prop_map(|(first, words, end)| format!("{first} {}{end}", words.join(" ")))
}

/// A paragraph: an optional dateline/teaser/metadata prefix and a few sentences.
fn paragraph() -> impl Strategy<Value = String> {
    (
        select(
            &[
                "",
                "",
                "",
                "",
                "KABUL (Reuters) - ",
                "AP - ",
                "Lagos — ",
                "NAJAF, Iraq - ",
                "ALSO READ: Drone strike hits fuel depot near the border ",
                "ALSO READ: Central bank holds rates ",
                "date 2025-03-02 ",
                "Published: Jan 5, 2024 ",
                "By John Smith\n",
            ][..],
        ),
        prop::collection::vec(sentence(), 1..6),
        select(&[" ", " ", " ", "  ", "\n", " \u{A0}"][..]),
    )
        .prop_map(|(prefix, sentences, sep)| format!("{prefix}{}", sentences.join(sep)))
}

/// A structured article: optional title, paragraphs separated by blank lines or newlines.
fn article_text() -> impl Strategy<Value = String> {
    (
        select(
            &[
                "",
                "",
                "Port strike widens\n\n",
                "Drought hits grain harvest\n\n",
                "Markets slide on rate fears\n",
                "北京会谈\n\n",
                "\u{200F}عنوان الخبر\n\n",
            ][..],
        ),
        prop::collection::vec(paragraph(), 1..7),
        select(
            &[
                "\n\n",
                "\n\n",
                "\n",
                "\n\n\n",
                "\r\n\r\n",
                "\n \t\n",
                "\n\nRead more\n\n",
            ][..],
        ),
    )
        .prop_map(|(title, paras, sep)| format!("{title}{}", paras.join(sep)))
}

/// A structured article with a soup of noise spliced in at some char boundary.
fn noisy_article() -> impl Strategy<Value = String> {
    (article_text(), soup(), any::<prop::sample::Index>()).prop_map(|(mut text, noise, at)| {
        let boundaries: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let i = boundaries[at.index(boundaries.len())];
        text.insert_str(i, &noise);
        text
    })
}

/// Long runs without end punctuation (exercise the sentence chunking at MAX_SENTENCE_BYTES).
fn long_run() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(
            select(&["word", "北京", "é\u{301}té", "🚀", "Mr.", "3.5", "x"][..]),
            1..4,
        ),
        200usize..900,
        select(&[" ", "  ", "\u{3000}", "", "\n"][..]),
    )
        .prop_map(|(words, n, sep)| {
            let mut s = String::new();
            for i in 0..n {
                s.push_str(words[i % words.len()]);
                s.push_str(if i % 97 == 96 { " " } else { sep });
            }
            s
        })
}

/// Any text: the mix the brief asks for.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => arbitrary_chars(),
        2 => any::<String>(),
        4 => soup(),
        4 => article_text(),
        4 => noisy_article(),
        1 => long_run(),
    ]
}

/// Texts that have real sentences (for summaries).
fn news_text() -> impl Strategy<Value = String> {
    prop_oneof![4 => article_text(), 3 => noisy_article(), 1 => soup(), 1 => long_run()]
}

/// Arbitrary bytes: random bytes, UTF-8 (with and without BOM), broken UTF-8, Windows-1252,
/// UTF-16 LE/BE with BOM (including odd lengths and lone surrogates).
fn any_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => prop::collection::vec(any::<u8>(), 0..400),
        2 => any_text().prop_map(String::into_bytes),
        1 => any_text().prop_map(|s| [&b"\xEF\xBB\xBF"[..], s.as_bytes()].concat()),
        2 => (any_text(), prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6)).prop_map(
            |(s, edits)| {
                let mut b = s.into_bytes();
                for (at, byte) in edits {
                    if b.is_empty() {
                        b.push(byte);
                    } else {
                        let i = at.index(b.len());
                        b[i] = byte;
                    }
                }
                b
            }
        ),
        2 => (any_text(), any::<bool>(), any::<bool>(), prop::collection::vec(any::<u16>(), 0..4)).prop_map(
            |(s, little, odd, junk)| {
                let mut b: Vec<u8> = if little { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
                for u in s.encode_utf16().chain(junk) {
                    b.extend_from_slice(&if little { u.to_le_bytes() } else { u.to_be_bytes() });
                }
                if odd {
                    b.push(0x41);
                }
                b
            }
        ),
        1 => Just(vec![0xFF]),
        1 => Just(vec![0xFE, 0xFF, 0xD8]),
        1 => Just(b"\xEF\xBB".to_vec()),
    ]
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

/// A span is within `text`, on char boundaries, non-empty and already trimmed.
fn check_span(text: &str, span: Span, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        span.start < span.end && span.end <= text.len(),
        "{what} {span:?} is empty or out of bounds (text is {} bytes): {text:?}",
        text.len()
    );
    prop_assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} {span:?} is not on char boundaries: {text:?}"
    );
    let s = &text[span.start..span.end];
    prop_assert_eq!(
        s,
        s.trim(),
        "{} {:?} has surrounding white space in {:?}",
        what,
        span,
        text
    );
    Ok(())
}

fn check_article(article: &Article) -> Result<(), TestCaseError> {
    let text = &article.text;

    let document = Document::parse(text);
    prop_assert_eq!(
        &document,
        &article.document,
        "Document::parse is not what Article::parse stored"
    );
    let mut prev_end = 0;
    for b in &document.blocks {
        check_span(text, b.span, &format!("{:?} block", b.kind))?;
        prop_assert!(
            b.span.start >= prev_end,
            "blocks overlap or are out of text order at {:?}: {:?} in {:?}",
            b,
            document.blocks,
            text
        );
        prev_end = b.span.end;
    }
    let paragraphs: Vec<Span> = document.paragraphs().collect();
    prop_assert_eq!(&paragraphs, &article.paragraphs);

    for p in &article.paragraphs {
        check_span(text, *p, "paragraph")?;
    }

    let mut prev: Option<(usize, Span)> = None;
    for s in &article.sentences {
        check_span(text, s.span, "sentence")?;
        prop_assert!(
            s.paragraph < article.paragraphs.len(),
            "sentence {:?} names a missing paragraph",
            s
        );
        let p = article.paragraphs[s.paragraph];
        prop_assert!(
            p.start <= s.span.start && s.span.end <= p.end,
            "sentence {:?} ({:?}) is outside its paragraph {:?} ({:?})",
            s.span,
            s.span.slice(text),
            p,
            p.slice(text)
        );
        if let Some((pp, ps)) = prev {
            prop_assert!(
                s.paragraph >= pp,
                "sentences are not in paragraph order: {:?}",
                article.sentences
            );
            prop_assert!(
                ps.end <= s.span.start,
                "sentences {:?} and {:?} overlap or are out of order in {:?}",
                ps,
                s.span,
                text
            );
        }
        prev = Some((s.paragraph, s.span));
    }
    Ok(())
}

fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize(text, |t| out.push(t));
    out
}

fn check_probabilities(probs: &[f64], what: &str, text: &str) -> Result<(), TestCaseError> {
    prop_assert_eq!(
        probs.len(),
        model().labels().len(),
        "{} has the wrong number of labels",
        what
    );
    prop_assert!(
        probs
            .iter()
            .all(|p| p.is_finite() && (0.0..=1.0).contains(p)),
        "{what}: probabilities not finite in [0, 1]: {probs:?} for {text:?}"
    );
    let sum: f64 = probs.iter().sum();
    prop_assert!(
        (sum - 1.0).abs() <= 1e-9,
        "{what}: probabilities sum to {sum}: {probs:?} for {text:?}"
    );
    Ok(())
}

fn summary_options(k: usize, order: Order) -> SummaryOptions {
    SummaryOptions {
        length: Length::Sentences(k),
        order,
        ..Default::default()
    }
}

/// A bitwise-comparable view of a summary.
fn summary_key(s: &[SummarySentence]) -> Vec<(usize, usize, Span, u64)> {
    s.iter()
        .map(|x| (x.index, x.paragraph, x.span, x.score.to_bits()))
        .collect()
}

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

/// Blocks (kind name and span), paragraph spans, and sentences (span, paragraph).
type ArticleSpans = (Vec<(String, Span)>, Vec<Span>, Vec<(Span, usize)>);

fn article_spans(a: &Article) -> ArticleSpans {
    (
        a.document
            .blocks
            .iter()
            .map(|b| (format!("{:?}", b.kind), b.span))
            .collect(),
        a.paragraphs.clone(),
        a.sentences.iter().map(|s| (s.span, s.paragraph)).collect(),
    )
}

fn tfidf_options() -> impl Strategy<Value = TfidfOptions> {
    (
        1usize..3,
        select(&[1.0, 0.9, 0.5][..]),
        prop::option::of(1usize..30),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        select(&[0.0, 1.5][..]),
    )
        .prop_map(
            |(min_df, max_df, max_features, bigrams, sublinear_tf, use_idf, title_boost)| {
                TfidfOptions {
                    min_df,
                    max_df,
                    max_features,
                    bigrams,
                    sublinear_tf,
                    use_idf,
                    title_boost,
                }
            },
        )
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// 1. decode → Article::parse (→ summarise, classify) never panics on arbitrary bytes.
    #[test]
    fn pipeline_never_panics_on_bytes(bytes in any_bytes()) {
        let decoded = decode(&bytes);
        let article = Article::parse(decoded.text);
        let _ = article.title();
        let _ = Summarizer::new(SummaryOptions::default()).summarize(&article, None);
        let _ = model().classifier().classify_article(&article, 0.5);
    }

    /// 1b. Article::parse never panics on arbitrary (undecoded) strings either.
    #[test]
    fn article_parse_never_panics_on_strings(text in any_text()) {
        let article = Article::parse(text.clone());
        prop_assert_eq!(&article.text, &text);
        let _ = decode(text.as_bytes());
    }

    /// 2. Block, paragraph and sentence spans are clean, trimmed, nested and ordered slices,
    ///    for decoded text.
    #[test]
    fn spans_are_clean_slices_of_decoded_text(bytes in any_bytes()) {
        let article = Article::parse(decode(&bytes).text);
        check_article(&article)?;
    }

    /// 2b. The same for text given straight to Article::parse.
    #[test]
    fn spans_are_clean_slices_of_text(text in any_text()) {
        let article = Article::parse(text);
        check_article(&article)?;
    }

    /// 3. Tokens are in bounds, on char boundaries, non-empty, increasing and non-overlapping.
    #[test]
    fn tokenizer_offsets_are_ordered_and_in_bounds(text in any_text()) {
        let mut prev_end = 0;
        for t in tokens(&text) {
            prop_assert!(t.start < t.end && t.end <= text.len(), "token {:?} out of bounds/empty in {:?}", t, text);
            prop_assert!(
                text.is_char_boundary(t.start) && text.is_char_boundary(t.end),
                "token {:?} not on char boundaries in {:?}", t, text
            );
            prop_assert!(t.start >= prev_end, "token {:?} overlaps the previous one (ended {}) in {:?}", t, prev_end, text);
            prev_end = t.end;
        }
    }

    /// 4. Summary sentences are input sentences: spans match, indices unique, at most k, and in
    ///    document order when asked.
    #[test]
    fn summary_sentences_are_article_sentences(
        text in news_text(),
        k in 1usize..6,
        order in prop_oneof![Just(Order::Document), Just(Order::Score)],
    ) {
        let article = Article::parse(decode(text.as_bytes()).text);
        let summary = Summarizer::new(summary_options(k, order)).summarize(&article, None);
        prop_assert!(summary.len() <= k, "{} sentences chosen for k = {}", summary.len(), k);
        let mut seen = std::collections::HashSet::new();
        for s in &summary {
            prop_assert!(s.index < article.sentences.len(), "index {} out of range", s.index);
            prop_assert_eq!(s.span, article.sentences[s.index].span);
            prop_assert_eq!(s.paragraph, article.sentences[s.index].paragraph);
            prop_assert!(seen.insert(s.index), "index {} chosen twice: {:?}", s.index, summary);
        }
        if order == Order::Document {
            prop_assert!(
                summary.windows(2).all(|w| w[0].index < w[1].index),
                "not in document order: {:?}", summary
            );
        }
    }

    /// 5. Probabilities are finite and sum to 1, for texts, articles and their paragraphs.
    #[test]
    fn classification_probabilities_sum_to_one(text in any_text()) {
        let mut classifier = model().classifier();
        let scores = classifier.score(&text);
        check_probabilities(&scores.probabilities, "score(text)", &text)?;

        let article = Article::parse(text.clone());
        let topics = classifier.classify_article(&article, 0.5);
        let article_probs: Vec<f64> = topics.topics.scores.iter().map(|s| s.score).collect();
        check_probabilities(&article_probs, "article scores", &text)?;
        prop_assert_eq!(topics.paragraphs.len(), article.paragraphs.len());
        for p in &topics.paragraphs {
            let probs: Vec<f64> = p.topics.scores.iter().map(|s| s.score).collect();
            check_probabilities(&probs, &format!("paragraph {} scores", p.index), &text)?;
            prop_assert_eq!(p.span, article.paragraphs[p.index]);
        }
    }

    /// 6. Determinism: same input, same spans, summaries and scores (fresh and reused
    ///    summarisers and classifiers alike).
    #[test]
    fn pipeline_is_deterministic(text in any_text(), other in any_text(), k in 1usize..6) {
        let a1 = Article::parse(text.clone());
        let a2 = Article::parse(text.clone());
        prop_assert_eq!(article_spans(&a1), article_spans(&a2));

        let options = summary_options(k, Order::Score);
        let mut reused = Summarizer::new(options.clone());
        let s1 = summary_key(&Summarizer::new(options.clone()).summarize(&a1, None));
        let s2 = summary_key(&Summarizer::new(options.clone()).summarize(&a2, None));
        prop_assert_eq!(&s1, &s2, "fresh summarisers disagree");
        let _ = reused.summarize(&Article::parse(other.clone()), None); // warm its caches
        let s3 = summary_key(&reused.summarize(&a1, None));
        prop_assert_eq!(&s1, &s3, "a reused summariser disagrees");

        let mut c1 = model().classifier();
        let mut c2 = model().classifier();
        let _ = c2.score(&other); // warm its caches
        let p1 = c1.score(&text);
        let p2 = c2.score(&text);
        let p3 = c1.score(&text);
        prop_assert_eq!(bits(&p1.probabilities), bits(&p2.probabilities));
        prop_assert_eq!(bits(&p1.probabilities), bits(&p3.probabilities));
        prop_assert_eq!(bits(&p1.joint_log_likelihood), bits(&p2.joint_log_likelihood));
        let t1 = c1.classify_article(&a1, 0.5);
        let t2 = c2.classify_article(&a2, 0.5);
        prop_assert_eq!(
            serde_json::to_string(&t1).unwrap(),
            serde_json::to_string(&t2).unwrap()
        );
    }

    /// 6b. Vectorizer::fit on the same units twice serialises identically.
    #[test]
    fn vectorizer_fit_is_deterministic(
        units in prop::collection::vec(any_text(), 0..8),
        options in tfidf_options(),
    ) {
        let fit = || Vectorizer::fit(AnalyzerOptions::default(), options.clone(), units.iter().map(String::as_str));
        let v1 = serde_json::to_string(&fit()).unwrap();
        let v2 = serde_json::to_string(&fit()).unwrap();
        prop_assert_eq!(v1, v2);
    }

    /// 7. Clean UTF-8 (no control characters other than \n and \t, no \r) decodes unchanged.
    ///    U+FEFF is left out: the decoder deliberately drops it anywhere (BOM / zero-width
    ///    no-break space), though it is not a control character.
    #[test]
    fn clean_utf8_decodes_unchanged(text in prop_oneof![arbitrary_chars(), any::<String>(), soup(), article_text(), noisy_article()]) {
        let s: String = text
            .chars()
            .filter(|&c| c == '\n' || c == '\t' || !(c.is_control() || c == '\u{FEFF}'))
            .collect();
        let d = decode(s.as_bytes());
        prop_assert_eq!(&d.text, &s);
        prop_assert_eq!(d.dropped_controls, 0);
        prop_assert_eq!(d.encoding, newsdesk::text::Encoding::Utf8);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    /// Tokens never depend on where a word sits: the same text with a prefix gives the same
    /// tokens, shifted (this exercises the ASCII shortcut and the general path on the same words).
    #[test]
    fn tokens_shift_with_a_prefix(text in "[a-zA-Z0-9 .,'’é-]{0,60}") {
        let mut plain = Vec::new();
        newsdesk::text::tokenize(&text, |t| plain.push((t.start, t.end)));
        let shifted = format!("  {text}");
        let mut moved = Vec::new();
        newsdesk::text::tokenize(&shifted, |t| moved.push((t.start - 2, t.end - 2)));
        prop_assert_eq!(plain, moved);
    }
}
