//! The analyzer: tokenizer → lower-caser → stop-word filter → stemmer, with byte offsets kept.
//!
//! Each distinct surface word is analysed once; later occurrences cost one hash lookup. Terms
//! are interned: [`Analyzer::for_each_term`] hands out a small id with each term, stable for the
//! life of the analyzer, so callers can keep per-term tables in a `Vec`.

use super::lowercase::{is_lowercase_ascii, lowercase_into};
use super::stemmer::{Language, WordStemmer};
use super::stop_words::StopWords;
use super::tokenizer::{Token, TokenKind, tokenize};
use crate::flat_map::FlatMap;
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
/// The word cache is cleared past this size so memory stays bounded on endless streams.
const CACHE_LIMIT: usize = 1 << 20;

/// An ASCII word of 1 to 7 bytes at `start..end`, lower-cased and packed with its length into
/// a u64 (length in the top byte), read with one unaligned load when 8 bytes are available.
#[inline]
fn packed_word(text: &[u8], start: usize, end: usize) -> Option<u64> {
    let len = end - start;
    if len >= 8 || start + 8 > text.len() {
        return None;
    }
    let raw = u64::from_le_bytes(text[start..start + 8].try_into().ok()?);
    let w = raw & ((1u64 << (8 * len)) - 1);
    if w & 0x8080_8080_8080_8080 != 0 {
        return None; // not ASCII
    }
    // Bytes in 'A'..='Z' get 0x20 added (no byte carries: all are < 0x80).
    Some(swar_lower(w) | ((len as u64) << 56))
}

/// Lower-cases the ASCII bytes of `w` (all < 0x80) with SWAR arithmetic.
#[inline]
fn swar_lower(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let ge_a = w + ONES * (0x80 - b'A' as u64);
    let gt_z = w + ONES * (0x80 - b'Z' as u64 - 1);
    w | (((ge_a ^ gt_z) & 0x8080_8080_8080_8080) >> 2)
}

/// An ASCII word of 8 to 15 bytes, packed like [`packed_word`] into a u128.
#[inline]
fn packed_word16(text: &[u8], start: usize, end: usize) -> Option<u128> {
    let len = end - start;
    if !(8..16).contains(&len) || start + 16 > text.len() {
        return None;
    }
    let lo = u64::from_le_bytes(text[start..start + 8].try_into().ok()?);
    let hi = u64::from_le_bytes(text[start + 8..start + 16].try_into().ok()?)
        & ((1u64 << (8 * (len - 8))) - 1);
    if (lo | hi) & 0x8080_8080_8080_8080 != 0 {
        return None;
    }
    Some(swar_lower(lo) as u128 | (swar_lower(hi) as u128) << 64 | (len as u128) << 120)
}

/// How a word is looked up in the analyzer's caches.
#[derive(Clone, Copy)]
enum WordKey {
    /// Packed by [`packed_word`].
    Tiny(u64),
    /// Packed by [`packed_word16`].
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
            let key = match packed_word(bytes, tok.start, tok.end) {
                Some(k) => {
                    self.tiny_words.prefetch(k);
                    WordKey::Tiny(k)
                }
                None => match packed_word16(bytes, tok.start, tok.end) {
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

    /// The term id of a word packed by [`packed_word`].
    fn tiny_term_id(&mut self, key: u64, kind: TokenKind) -> u32 {
        if let Some(id) = self.tiny_words.get(key) {
            return id;
        }
        let len = (key >> 56) as usize;
        let bytes = key.to_le_bytes();
        let id =
            self.analyse_new_word(std::str::from_utf8(&bytes[..len]).unwrap_or_default(), kind);
        if self.tiny_words.len() >= CACHE_LIMIT {
            self.tiny_words.clear();
        }
        self.tiny_words.insert(key, id);
        id
    }

    /// The term id of a word packed by [`packed_word16`].
    fn short_term_id(&mut self, key: u128, kind: TokenKind) -> u32 {
        if let Some(id) = self.short_words.get(key) {
            return id;
        }
        let len = (key >> 120) as usize;
        let bytes = key.to_le_bytes();
        let id =
            self.analyse_new_word(std::str::from_utf8(&bytes[..len]).unwrap_or_default(), kind);
        if self.short_words.len() >= CACHE_LIMIT {
            self.short_words.clear();
        }
        self.short_words.insert(key, id);
        id
    }

    fn term_id_of(&mut self, surface: &str, kind: TokenKind) -> u32 {
        // Short ASCII words are looked up by value, packed with their length into a u64 or
        // u128 and lower-cased in place (see `packed_word`): no allocation, no string compare.
        let bytes = surface.as_bytes();
        if bytes.len() < 16 && bytes.is_ascii() {
            let mut packed = [0u8; 16];
            packed[..bytes.len()].copy_from_slice(bytes);
            packed.make_ascii_lowercase();
            if bytes.len() < 8 {
                packed[7] = bytes.len() as u8;
                let key = u64::from_le_bytes(packed[..8].try_into().unwrap_or_default());
                return self.tiny_term_id(key, kind);
            }
            packed[15] = bytes.len() as u8;
            return self.short_term_id(u128::from_le_bytes(packed), kind);
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
    fn packed_words_lowercase_and_match_the_slow_path() {
        let text = "Talks IN Kabul, then ACME's x. padding padding";
        let key = |s: usize, e: usize| packed_word(text.as_bytes(), s, e).unwrap();
        assert_eq!(key(0, 5), key(0, 5));
        let lower = "talks in kabul, then acme's x. padding padding";
        assert_eq!(key(0, 5), packed_word(lower.as_bytes(), 0, 5).unwrap());
        assert_eq!(key(6, 8), packed_word(lower.as_bytes(), 6, 8).unwrap());
        assert_ne!(key(6, 8), key(0, 5));
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
