//! Stop-word filter: words too common to say anything about a topic.

use rustc_hash::FxHashSet;

/// The shipped English stop-word list, one word per line.
pub const ENGLISH: &str = include_str!("stop_words_en.txt");

/// A set of lower-cased stop words.
#[derive(Debug, Clone, Default)]
pub struct StopWords {
    words: FxHashSet<String>,
}

impl StopWords {
    /// The shipped English list.
    pub fn english() -> Self {
        Self::parse(ENGLISH)
    }

    /// No stop words at all.
    pub fn none() -> Self {
        Self::default()
    }

    /// Parses a list: one word per line; blank lines and lines starting with `#` are ignored.
    /// Words are lower-cased.
    pub fn parse(list: &str) -> Self {
        let mut buf = String::new();
        let words = list
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|w| {
                crate::text::lowercase::lowercase_into(w, &mut buf);
                buf.clone()
            })
            .collect();
        StopWords { words }
    }

    /// True when the lower-cased `word` is a stop word.
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// Number of words in the list.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when the list is empty.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The words, sorted (for saving with a model).
    pub fn sorted(&self) -> Vec<String> {
        let mut v: Vec<String> = self.words.iter().cloned().collect();
        v.sort();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_list_filters_function_words_only() {
        let sw = StopWords::english();
        for w in ["the", "and", "of", "said", "would", "don't"] {
            assert!(sw.contains(w), "{w} should be a stop word");
        }
        for w in ["troops", "summit", "inflation", "bank"] {
            assert!(!sw.contains(w), "{w} should not be a stop word");
        }
    }

    #[test]
    fn custom_list_ignores_comments_and_case() {
        let sw = StopWords::parse("# my list\nReuters\n\n  AP \n");
        assert_eq!(sw.len(), 2);
        assert!(sw.contains("reuters") && sw.contains("ap"));
    }
}
