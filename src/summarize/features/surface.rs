//! Surface features read off the sentence text: length, quotation, attribution.

/// `ln(words)`: longer sentences carry more, with diminishing returns.
pub fn length(words: usize) -> f64 {
    (words.max(1) as f64).ln()
}

/// 1 when the sentence quotes someone (a quotation mark, or an apostrophe used as one).
pub fn quotation(text: &str) -> f64 {
    let b = text.as_bytes();
    let quoted = text.contains(['"', '\u{201c}', '\u{201d}', '\u{2018}'])
        || b.first() == Some(&b'\'')
        || b.windows(2).any(|w| w == b" '" || w == b"' " || w == b"',");
    if quoted { 1.0 } else { 0.0 }
}

/// Reporting verbs and phrases that attribute a statement to a source.
const REPORTING: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "according",
    "added",
    "adds",
    "claimed",
    "claims",
    "insisted",
    "admitted",
    "explained",
    "stated",
    "announced",
    "confirmed",
    "warned",
    "revealed",
];

/// 1 when the sentence attributes a statement ("…, the minister said"). The reporting words
/// are ASCII, so words are runs of ASCII letters (a hot loop: bytes, no allocation).
pub fn attribution(text: &str) -> f64 {
    let hit = text
        .as_bytes()
        .split(|b| !b.is_ascii_alphabetic())
        .filter(|w| (3..=9).contains(&w.len()))
        .any(|w| {
            REPORTING
                .iter()
                .any(|r| w.eq_ignore_ascii_case(r.as_bytes()))
        });
    if hit { 1.0 } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotation_and_attribution_are_detected() {
        assert_eq!(quotation("\u{201c}We will rebuild,\u{201d} she said."), 1.0);
        assert_eq!(quotation("'We will rebuild,' she said."), 1.0);
        assert_eq!(quotation("The council's plan was approved."), 0.0);
        assert_eq!(attribution("Prices rose, officials SAID on Monday."), 1.0);
        assert_eq!(attribution("Prices rose sharply on Monday."), 0.0);
        assert!(length(20) > length(8));
    }
}
