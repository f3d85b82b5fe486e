//! bytes → decode → Article::parse → Analyzer → Summarizer.
//!
//! Checks that every span the pipeline hands out (blocks, paragraphs, sentences, tokens,
//! summary sentences) lies inside the decoded text and on `char` boundaries, and that the
//! summariser only ever picks sentences of the article.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdesk::summarize::Summarizer;
use newsdesk::text::{Analyzer, Article, Span, decode};

fn check_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what} span {span:?} out of bounds (text is {} bytes)",
        text.len()
    );
    assert!(text.is_char_boundary(span.start), "{what} span {span:?} starts inside a char");
    assert!(text.is_char_boundary(span.end), "{what} span {span:?} ends inside a char");
}

fuzz_target!(|data: &[u8]| {
    let decoded = decode(data);
    let article = Article::parse(decoded.text);
    let text = article.text.as_str();

    let mut last_end = 0;
    for block in &article.document.blocks {
        check_span(text, block.span, &format!("{:?} block", block.kind));
        assert!(block.span.start >= last_end, "blocks overlap or are out of order: {:?}", article.document.blocks);
        last_end = block.span.end;
    }
    for &p in &article.paragraphs {
        check_span(text, p, "paragraph");
    }
    for s in &article.sentences {
        check_span(text, s.span, "sentence");
        assert!(s.paragraph < article.paragraphs.len(), "sentence {s:?} names a missing paragraph");
        let p = article.paragraphs[s.paragraph];
        assert!(p.start <= s.span.start && s.span.end <= p.end, "sentence {s:?} outside its paragraph {p:?}");
    }

    let mut analyzer = Analyzer::new(Default::default());
    for s in &article.sentences {
        let sentence = s.span.slice(text);
        let mut ids = Vec::new();
        analyzer.for_each_term(sentence, |id, tok| {
            assert!(
                tok.start < tok.end && tok.end <= sentence.len(),
                "token {tok:?} out of bounds of a {}-byte sentence",
                sentence.len()
            );
            assert!(sentence.is_char_boundary(tok.start), "token {tok:?} starts inside a char");
            assert!(sentence.is_char_boundary(tok.end), "token {tok:?} ends inside a char");
            ids.push(id);
        });
        for id in ids {
            assert!((id as usize) < analyzer.term_count(), "term id {id} was never interned");
            let _ = analyzer.term(id);
        }
    }

    let mut summarizer = Summarizer::new(Default::default());
    let summary = summarizer.summarize(&article, None);
    if !article.sentences.is_empty() {
        assert!(!summary.is_empty(), "no summary of an article with sentences");
    }
    for chosen in &summary {
        check_span(text, chosen.span, "summary sentence");
        assert!(
            article.sentences.iter().any(|s| s.span == chosen.span),
            "summary span {:?} is not a sentence of the article",
            chosen.span
        );
        let own = article.sentences.get(chosen.index).expect("summary index out of range");
        assert_eq!(own.span, chosen.span, "summary index and span disagree");
        assert_eq!(own.paragraph, chosen.paragraph, "summary paragraph disagrees");
    }
    let mut indices: Vec<usize> = summary.iter().map(|c| c.index).collect();
    indices.sort_unstable();
    indices.dedup();
    assert_eq!(indices.len(), summary.len(), "a sentence was chosen twice");
});
