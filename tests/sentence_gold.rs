//! Sentence splitter against the hand-written gold set: boundary precision, recall and F1.

use newsdesk::text::split_sentences;

/// Cases are blank-line separated; each line of a case is one gold sentence.
fn cases() -> Vec<Vec<String>> {
    let raw = include_str!("data/sentence_gold.txt");
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for line in raw.lines() {
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(line.to_string());
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[test]
fn gold_set_boundary_f1_is_at_least_0_98() {
    let cases = cases();
    assert!(cases.len() >= 150, "gold set has {} cases", cases.len());
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let mut misses = Vec::new();
    for case in &cases {
        let text = case.join(" ");
        // Gold boundaries: the start offset of every sentence but the first.
        let mut gold = Vec::new();
        let mut pos = 0;
        for s in case {
            if pos > 0 {
                gold.push(pos);
            }
            pos += s.len() + 1;
        }
        let got: Vec<usize> = split_sentences(&text)
            .iter()
            .skip(1)
            .map(|s| s.start)
            .collect();
        let hit = got.iter().filter(|b| gold.contains(b)).count();
        tp += hit;
        fp += got.len() - hit;
        fn_ += gold.len() - hit;
        if hit != gold.len() || hit != got.len() {
            misses.push(text);
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    let f1 = 2.0 * p * r / (p + r).max(1e-12);
    println!(
        "sentence gold set: {} cases, boundaries tp={tp} fp={fp} fn={fn_}",
        cases.len()
    );
    println!("precision {p:.4}  recall {r:.4}  F1 {f1:.4}");
    for m in &misses {
        println!("  miss: {m}");
    }
    assert!(f1 >= 0.98, "boundary F1 {f1:.4} < 0.98");
}

#[test]
fn every_sentence_span_slices_the_text_exactly() {
    for case in cases() {
        let text = case.join(" ");
        for s in split_sentences(&text) {
            let slice = &text[s.start..s.end];
            assert_eq!(slice, slice.trim());
            assert!(!slice.is_empty());
        }
    }
}
