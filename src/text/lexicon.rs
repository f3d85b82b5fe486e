//! Words whose analysis is known in advance: surface word → term, read-only and shared by the
//! analyzers of every thread.
//!
//! A model saves the words its training text contained, grouped by the term each analysed to.
//! An [`Analyzer`](super::Analyzer) given the lexicon looks a new word up here before running
//! the stop-word filter and the stemmer, which are most of the cost of a word seen for the first
//! time. The terms are the same either way, as long as the lexicon was made with the analyzer's
//! own options.

use super::analyzer::{WordKey, pack_surface};
use crate::flat_map::FlatMap;
use rustc_hash::FxHashMap;

/// Marks a word known to yield no term (a stop word, a word too short).
pub(crate) const NO_TERM: u32 = u32::MAX;

/// Surface words (lower-cased ASCII, under 16 bytes) → term, or known to yield none.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    terms: Vec<Box<str>>,
    tiny: FlatMap<u64, u32>,
    short: FlatMap<u128, u32>,
}

/// What a [`Lexicon`] knows of a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known<'a> {
    /// The word analyses to this term.
    Term(&'a str),
    /// The word yields no term.
    NoTerm,
    /// The lexicon does not hold the word.
    Unknown,
}

impl Lexicon {
    /// Reads groups of the form `"term word word …"` (a model's `surface_forms`), and words
    /// that yield no term, which win over a group that lists them. Words the lexicon cannot
    /// hold (non-ASCII, 16 bytes or longer) are skipped.
    pub fn new<'a>(
        groups: impl IntoIterator<Item = &'a str>,
        no_term: impl IntoIterator<Item = &'a str>,
    ) -> Lexicon {
        let groups: Vec<&str> = groups.into_iter().collect();
        // Sized up front from the word count, so the tables never grow.
        let words: usize = groups
            .iter()
            .map(|g| g.bytes().filter(|&b| b == b' ').count())
            .sum();
        let mut lexicon = Lexicon {
            terms: Vec::with_capacity(groups.len()),
            tiny: FlatMap::with_capacity(words),
            short: FlatMap::with_capacity(words / 2),
        };
        let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
        for group in groups {
            let mut parts = group.split_ascii_whitespace();
            let Some(term) = parts.next() else { continue };
            let next = lexicon.terms.len() as u32;
            let id = *ids.entry(term).or_insert(next);
            let mut any = false;
            for word in parts {
                any |= lexicon.insert(word, id);
            }
            if id == next && any {
                lexicon.terms.push(term.into());
            } else if id == next {
                ids.remove(term);
            }
        }
        for word in no_term {
            lexicon.insert(word, NO_TERM);
        }
        lexicon
    }

    fn insert(&mut self, word: &str, id: u32) -> bool {
        match pack_surface(word) {
            WordKey::Tiny(key) => self.tiny.insert(key, id),
            WordKey::Short(key) => self.short.insert(key, id),
            WordKey::Other => return false,
        }
        true
    }

    /// Number of distinct terms.
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.tiny.len() + self.short.len()
    }

    /// True when the lexicon holds no word.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The terms, by index: the ids [`Lexicon::get`] returns.
    pub fn terms(&self) -> &[Box<str>] {
        &self.terms
    }

    /// The term index of a packed word ([`NO_TERM`] for a word yielding none).
    #[inline]
    pub(crate) fn get(&self, key: WordKey) -> Option<u32> {
        match key {
            WordKey::Tiny(k) => self.tiny.get(k),
            WordKey::Short(k) => self.short.get(k),
            WordKey::Other => None,
        }
    }

    /// Starts loading the table slot of a packed word (see [`FlatMap::prefetch`]).
    #[inline]
    pub(crate) fn prefetch(&self, key: WordKey) {
        match key {
            WordKey::Tiny(k) => self.tiny.prefetch(k),
            WordKey::Short(k) => self.short.prefetch(k),
            WordKey::Other => {}
        }
    }

    /// What the lexicon knows of `word` (any case).
    pub fn lookup(&self, word: &str) -> Known<'_> {
        match self.get(pack_surface(word)) {
            None => Known::Unknown,
            Some(NO_TERM) => Known::NoTerm,
            Some(id) => Known::Term(&self.terms[id as usize]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_map_to_their_group_s_term_in_any_case() {
        let lexicon = Lexicon::new(["negoti negotiated negotiations", "talk talk talks"], []);
        assert_eq!(lexicon.len(), 4);
        assert_eq!(lexicon.term_count(), 2);
        assert_eq!(lexicon.lookup("Negotiations"), Known::Term("negoti"));
        assert_eq!(lexicon.lookup("TALK"), Known::Term("talk"));
        assert_eq!(lexicon.lookup("talked"), Known::Unknown);
    }

    #[test]
    fn no_term_words_win_and_repeated_terms_share_an_id() {
        let lexicon = Lexicon::new(["talk talks the", "talk talking"], ["the", "of"]);
        assert_eq!(lexicon.term_count(), 1);
        assert_eq!(lexicon.lookup("talking"), Known::Term("talk"));
        assert_eq!(lexicon.lookup("The"), Known::NoTerm);
        assert_eq!(lexicon.lookup("of"), Known::NoTerm);
    }

    #[test]
    fn words_it_cannot_hold_are_skipped() {
        let lexicon = Lexicon::new(
            [
                "intern internationalisation",
                "cafe café",
                "lonely",
                "",
                "econom economy",
            ],
            [],
        );
        assert_eq!(lexicon.terms().len(), 1);
        assert_eq!(lexicon.lookup("economy"), Known::Term("econom"));
        assert_eq!(lexicon.lookup("internationalisation"), Known::Unknown);
        assert_eq!(lexicon.lookup("café"), Known::Unknown);
    }
}
