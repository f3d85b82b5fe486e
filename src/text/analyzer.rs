//! The analyzer: tokenizer → lower-caser → stop-word filter → stemmer, with byte offsets kept.
//!
//! Each distinct surface word is analysed once; later occurrences cost one hash lookup. Terms
//! are interned: [`Analyzer::for_each_term`] hands out a small id with each term, stable for the
//! life of the analyzer, so callers can keep per-term tables in a `Vec`.

use super::lowercase::{is_lowercase_ascii, lowercase_into};
use super::stemmer::{Language, WordStemmer};
use super::stop_words::StopWords;
use super::tokenizer::{Token, TokenKind, tokenize};
use crate::fast::FlatMap;
use crate::fast::packed::{Packed, pack, pack8_at, pack16_at, unpack8, unpack16};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Which stop words to drop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StopWordList {
    /// The shipped English list.
    English,
    /// Keep every word.
    None,
    /// A user's own list (lower-cased words).
    Custom(Vec<String>),
}

/// How text becomes terms. Saved with every model so training and inference agree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalyzerOptions {
    /// Snowball stemming language.
    pub language: Language,
    /// Stop words to drop.
    pub stop_words: StopWordList,
    /// Keep number tokens (`2024`, `3.5`) as terms; off by default, as numbers rarely carry topic.
    pub keep_numbers: bool,
    /// Drop words shorter than this many characters (CJK characters are always kept).
    pub min_chars: usize,
}

impl Default for AnalyzerOptions {
    fn default() -> Self {
        AnalyzerOptions {
            language: Language::English,
            stop_words: StopWordList::English,
            keep_numbers: false,
            min_chars: 2,
        }
    }
}

/// Marks a surface word that yields no term (stop word, number, too short).
const NO_TERM: u32 = u32::MAX;
/// Longest token that can be a term, in bytes. Longer runs of letters are not words (a pasted
/// hash, base64, a run of one letter); they would cost the stemmer time that grows with the
/// square of their length, and fill the vocabulary with one-off terms.
pub const MAX_TERM_BYTES: usize = 256;
/// The word cache is cleared past this size so memory stays bounded on endless streams.
const CACHE_LIMIT: usize = 1 << 20;

/// How a word is looked up in the analyzer's caches.
#[derive(Clone, Copy)]
enum WordKey {
    /// An ASCII word under 8 bytes, packed into a u64.
    Tiny(u64),
    /// An ASCII word of 8 to 15 bytes, packed into a u128.
    Short(u128),
    /// Looked up by its text.
    Other,
}

/// Turns text into stemmed terms with byte offsets. Not shared between threads: make one each.
pub struct Analyzer {
    options: AnalyzerOptions,
    stop_words: StopWords,
    stemmer: WordStemmer,
    /// Lower-cased surface word → interned term id (or [`NO_TERM`]).
    words: FxHashMap<Box<str>, u32>,
    /// The same for ASCII words under 8 bytes, keyed by their bytes packed with the length.
    tiny_words: FlatMap<u64, u32>,
    /// The same for ASCII words of 8 to 15 bytes.
    short_words: FlatMap<u128, u32>,
    /// Interned terms, by id.
    terms: Vec<Box<str>>,
    term_ids: FxHashMap<Box<str>, u32>,
    buf: String,
    stem_buf: String,
}

impl Analyzer {
    /// An analyzer with these options.
    pub fn new(options: AnalyzerOptions) -> Self {
        let stop_words = match &options.stop_words {
            StopWordList::English => StopWords::english(),
            StopWordList::None => StopWords::none(),
            StopWordList::Custom(words) => StopWords::parse(&words.join("\n")),
        };
        Analyzer {
            stemmer: WordStemmer::new(options.language),
            options,
            stop_words,
            words: FxHashMap::default(),
            tiny_words: FlatMap::default(),
            short_words: FlatMap::default(),
            terms: Vec::new(),
            term_ids: FxHashMap::default(),
            buf: String::new(),
            stem_buf: String::new(),
        }
    }

    /// The options this analyzer was made with.
    pub fn options(&self) -> &AnalyzerOptions {
        &self.options
    }

    /// The term with interned id `id`.
    pub fn term(&self, id: u32) -> &str {
        &self.terms[id as usize]
    }

    /// Number of distinct terms interned so far.
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// Calls `emit(term_id, token)` for each term of `text`, in order.
    pub fn for_each_term(&mut self, text: &str, mut emit: impl FnMut(u32, Token)) {
        // Each word's cache slot is prefetched when the word is found and read one word later,
        // so the memory load overlaps with tokenizing the next word.
        let bytes = text.as_bytes();
        let mut pending: Option<(Token, WordKey)> = None;
        tokenize(text, |tok| {
            let key = match pack8_at(bytes, tok.start, tok.end) {
                Some(k) => {
                    self.tiny_words.prefetch(k);
                    WordKey::Tiny(k)
                }
                None => match pack16_at(bytes, tok.start, tok.end) {
                    Some(k) => {
                        self.short_words.prefetch(k);
                        WordKey::Short(k)
                    }
                    None => WordKey::Other,
                },
            };
            if let Some((tok, key)) = pending.replace((tok, key)) {
                self.resolve(text, tok, key, &mut emit);
            }
        });
        if let Some((tok, key)) = pending {
            self.resolve(text, tok, key, &mut emit);
        }
    }

    #[inline]
    fn resolve(&mut self, text: &str, tok: Token, key: WordKey, emit: &mut impl FnMut(u32, Token)) {
        let id = match key {
            WordKey::Tiny(k) => self.tiny_term_id(k, tok.kind),
            WordKey::Short(k) => self.short_term_id(k, tok.kind),
            WordKey::Other if tok.end - tok.start > MAX_TERM_BYTES => NO_TERM,
            WordKey::Other => self.term_id_of(tok.text(text), tok.kind),
        };
        if id != NO_TERM {
            emit(id, tok);
        }
    }

    /// The terms of `text` as strings (convenient for tests and inspection).
    pub fn terms_of(&mut self, text: &str) -> Vec<String> {
        let mut ids = Vec::new();
        self.for_each_term(text, |id, _| ids.push(id));
        ids.into_iter()
            .map(|id| self.term(id).to_string())
            .collect()
    }

    /// The term id of a word under 8 bytes, by its packed key.
    fn tiny_term_id(&mut self, key: u64, kind: TokenKind) -> u32 {
        if let Some(id) = self.tiny_words.get(key) {
            return id;
        }
        let id = self.analyse_new_word(unpack8(key, &mut [0; 8]), kind);
        if self.tiny_words.len() >= CACHE_LIMIT {
            self.tiny_words.clear();
        }
        self.tiny_words.insert(key, id);
        id
    }

    /// The term id of a word of 8 to 15 bytes, by its packed key.
    fn short_term_id(&mut self, key: u128, kind: TokenKind) -> u32 {
        if let Some(id) = self.short_words.get(key) {
            return id;
        }
        let id = self.analyse_new_word(unpack16(key, &mut [0; 16]), kind);
        if self.short_words.len() >= CACHE_LIMIT {
            self.short_words.clear();
        }
        self.short_words.insert(key, id);
        id
    }

    fn term_id_of(&mut self, surface: &str, kind: TokenKind) -> u32 {
        // Short ASCII words are looked up by their packed key, as on the fast path.
        match pack(surface) {
            Some(Packed::Tiny(key)) => return self.tiny_term_id(key, kind),
            Some(Packed::Short(key)) => return self.short_term_id(key, kind),
            None => {}
        }
        let key: &str = if is_lowercase_ascii(surface) {
            surface
        } else {
            lowercase_into(surface, &mut self.buf);
            &self.buf
        };
        if let Some(&id) = self.words.get(key) {
            return id;
        }
        let key: Box<str> = key.into();
        let id = self.analyse_new_word(&key, kind);
        if self.words.len() >= CACHE_LIMIT {
            self.words.clear();
        }
        self.words.insert(key, id);
        id
    }

    fn analyse_new_word(&mut self, word: &str, kind: TokenKind) -> u32 {
        if kind == TokenKind::Number && !self.options.keep_numbers {
            return NO_TERM;
        }
        let unspaced = word
            .chars()
            .next()
            .is_some_and(super::tokenizer::is_unspaced_script);
        if word.chars().count() < self.options.min_chars && !unspaced {
            return NO_TERM;
        }
        if self.stop_words.contains(word) {
            return NO_TERM;
        }
        let mut stem = std::mem::take(&mut self.stem_buf);
        self.stemmer.stem_into(word, &mut stem);
        let id = match self.term_ids.get(stem.as_str()) {
            Some(&id) => id,
            None => {
                let id = self.terms.len() as u32;
                let boxed: Box<str> = stem.as_str().into();
                self.terms.push(boxed.clone());
                self.term_ids.insert(boxed, id);
                id
            }
        };
        self.stem_buf = stem;
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_longer_than_the_limit_is_no_term() {
        let mut a = Analyzer::new(AnalyzerOptions::default());
        let long = "x".repeat(MAX_TERM_BYTES + 1);
        let at_limit = "y".repeat(MAX_TERM_BYTES);
        let text = format!("rates {long} rose {at_limit}");
        let terms = a.terms_of(&text);
        assert_eq!(terms.len(), 3, "{terms:?}");
        assert_eq!(terms[0], "rate");
        assert_eq!(terms[2].len(), MAX_TERM_BYTES);
        assert!(!terms.iter().any(|t| t.starts_with('x')));
    }

    #[test]
    fn full_chain_lowercases_filters_and_stems() {
        let mut a = Analyzer::new(AnalyzerOptions::default());
        assert_eq!(
            a.terms_of("The Ministers said Pakistan’s talks were negotiated in 2024."),
            ["minist", "pakistan", "talk", "negoti"]
        );
    }

    #[test]
    fn offsets_point_at_the_original_words() {
        let mut a = Analyzer::new(AnalyzerOptions::default());
        let text = "Central BANKS raised rates";
        let mut spans = Vec::new();
        a.for_each_term(text, |_, t| spans.push(&text[t.start..t.end]));
        assert_eq!(spans, ["Central", "BANKS", "raised", "rates"]);
    }

    #[test]
    fn same_term_gets_same_id() {
        let mut a = Analyzer::new(AnalyzerOptions::default());
        let mut ids = Vec::new();
        a.for_each_term("Tariffs tariff TARIFFS", |id, _| ids.push(id));
        assert_eq!(ids.len(), 3);
        assert!(ids.iter().all(|&i| i == ids[0]));
        assert_eq!(a.term_count(), 1);
    }

    #[test]
    fn fast_and_slow_word_keys_meet() {
        // Same word at the end of a text (no 8-byte window) goes the slow way to the same term.
        let mut a = Analyzer::new(AnalyzerOptions::default());
        let mut ids = Vec::new();
        a.for_each_term("Kabul talks resumed in Kabul", |id, _| ids.push(id));
        assert_eq!(ids.first(), ids.last());
        assert_eq!(a.term_count(), 3);
        let mut ids = Vec::new();
        a.for_each_term("Negotiations resumed; NEGOTIATIONS", |id, _| ids.push(id));
        assert_eq!(
            ids.first(),
            ids.last(),
            "8-15 byte words: fast and slow paths agree"
        );
    }

    #[test]
    fn options_change_the_output() {
        let mut keep = Analyzer::new(AnalyzerOptions {
            keep_numbers: true,
            stop_words: StopWordList::None,
            language: Language::None,
            min_chars: 1,
        });
        assert_eq!(keep.terms_of("The 3 talks"), ["the", "3", "talks"]);
        let mut custom = Analyzer::new(AnalyzerOptions {
            stop_words: StopWordList::Custom(vec!["talks".into()]),
            ..AnalyzerOptions::default()
        });
        assert_eq!(custom.terms_of("the talks resumed"), ["the", "resum"]);
    }
}
