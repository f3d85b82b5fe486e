//! Words that typically open a sentence in news prose.
//!
//! One list serves the sentence splitter (after an abbreviation that may end a sentence, such
//! as `Corp.` or `Jan.`, a capitalised opener marks a boundary) and the structure parser (the
//! real sentence glued after an `ALSO READ: <headline>` teaser starts at a capitalised opener).

/// Lower-cased sentence openers.
const OPENERS: &[&str] = &[
    // Articles, determiners and possessives.
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "its",
    "his",
    "her",
    "their",
    "our",
    "there",
    // Pronouns.
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    // Conjunctions and sentence adverbs.
    "but",
    "and",
    "so",
    "yet",
    "however",
    "meanwhile",
    "also",
    "still",
    "although",
    "though",
    "if",
    "as",
    "while",
    "when",
    "since",
    "after",
    "before",
    "until",
    "last",
    "earlier",
    "later",
    // Prepositions.
    "in",
    "on",
    "at",
    "for",
    "by",
    "with",
    "from",
    "to",
    "under",
    "over",
    "about",
    "during",
    "despite",
    "amid",
    "following",
    "according",
    // Quantities.
    "some",
    "many",
    "most",
    "more",
    "several",
    "both",
    "nearly",
    "no",
    "one",
    "two",
    "three",
    // Question words.
    "what",
    "who",
    "why",
    "how",
    // The subjects news sentences often start with.
    "officials",
    "analysts",
    "shares",
    "police",
    "troops",
    "detectives",
    "prices",
    "hospitals",
    "investors",
    "residents",
    "witnesses",
    "authorities",
    "officers",
    "prosecutors",
    "experts",
    "critics",
    "voters",
    "workers",
    "doctors",
    "rescuers",
];

/// True when `word` (lower-cased, without punctuation) typically opens a sentence.
pub(crate) fn is_sentence_opener(word: &str) -> bool {
    OPENERS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openers_are_lower_case_words_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for w in OPENERS {
            assert!(w.chars().all(|c| c.is_ascii_lowercase()), "{w}");
            assert!(seen.insert(w), "{w} listed twice");
        }
        assert!(is_sentence_opener("the") && is_sentence_opener("officials"));
        assert!(!is_sentence_opener("The") && !is_sentence_opener("ministry"));
    }
}
