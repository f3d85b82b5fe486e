//! Snowball stemming (rust-stemmers), with a per-process cache: each distinct word is stemmed once.

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A stemming language: every language rust-stemmers has, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Arabic,
    Danish,
    Dutch,
    English,
    Finnish,
    French,
    German,
    Greek,
    Hungarian,
    Italian,
    Norwegian,
    Portuguese,
    Romanian,
    Russian,
    Spanish,
    Swedish,
    Tamil,
    Turkish,
    /// No stemming.
    None,
}

impl Language {
    /// Every accepted name, for help and error messages.
    pub const NAMES: &'static [&'static str] = &[
        "arabic",
        "danish",
        "dutch",
        "english",
        "finnish",
        "french",
        "german",
        "greek",
        "hungarian",
        "italian",
        "norwegian",
        "portuguese",
        "romanian",
        "russian",
        "spanish",
        "swedish",
        "tamil",
        "turkish",
        "none",
    ];

    fn algorithm(self) -> Option<Algorithm> {
        use Language::*;
        Some(match self {
            Arabic => Algorithm::Arabic,
            Danish => Algorithm::Danish,
            Dutch => Algorithm::Dutch,
            English => Algorithm::English,
            Finnish => Algorithm::Finnish,
            French => Algorithm::French,
            German => Algorithm::German,
            Greek => Algorithm::Greek,
            Hungarian => Algorithm::Hungarian,
            Italian => Algorithm::Italian,
            Norwegian => Algorithm::Norwegian,
            Portuguese => Algorithm::Portuguese,
            Romanian => Algorithm::Romanian,
            Russian => Algorithm::Russian,
            Spanish => Algorithm::Spanish,
            Swedish => Algorithm::Swedish,
            Tamil => Algorithm::Tamil,
            Turkish => Algorithm::Turkish,
            None => return Option::None,
        })
    }
}

impl FromStr for Language {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let lower = s.to_ascii_lowercase();
        let i = Self::NAMES
            .iter()
            .position(|n| *n == lower)
            .ok_or_else(|| {
                format!(
                    "unknown language '{s}'; choose one of: {}",
                    Self::NAMES.join(", ")
                )
            })?;
        serde_json::from_value(serde_json::Value::String(Self::NAMES[i].to_string()))
            .map_err(|e| e.to_string())
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = serde_json::to_value(self).map_err(|_| fmt::Error)?;
        f.write_str(v.as_str().unwrap_or("?"))
    }
}

/// Stems lower-cased words, remembering each result.
pub struct CachedStemmer {
    stemmer: Option<Stemmer>,
    cache: FxHashMap<Box<str>, Box<str>>,
}

/// The cache is cleared when it holds this many words, so memory stays bounded.
const CACHE_LIMIT: usize = 1 << 20;

impl CachedStemmer {
    /// A stemmer for `language` (no-op for [`Language::None`]).
    pub fn new(language: Language) -> Self {
        CachedStemmer {
            stemmer: language.algorithm().map(Stemmer::create),
            cache: FxHashMap::default(),
        }
    }

    /// The stem of a lower-cased word.
    pub fn stem<'a>(&'a mut self, word: &'a str) -> &'a str {
        let Some(stemmer) = &self.stemmer else {
            return word;
        };
        if !self.cache.contains_key(word) {
            if self.cache.len() >= CACHE_LIMIT {
                self.cache.clear();
            }
            let stem = stemmer.stem(word).into_owned().into_boxed_str();
            self.cache.insert(word.into(), stem);
        }
        &self.cache[word]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_stems_and_caches() {
        let mut s = CachedStemmer::new(Language::English);
        assert_eq!(s.stem("negotiations"), "negoti");
        assert_eq!(s.stem("negotiating"), "negoti");
        assert_eq!(s.stem("militants"), "milit");
        assert_eq!(s.stem("negotiations"), "negoti");
        assert_eq!(s.cache.len(), 3);
    }

    #[test]
    fn other_languages_and_none() {
        let mut fr = CachedStemmer::new("french".parse().unwrap());
        assert_eq!(fr.stem("négociations"), "négoci");
        let mut none = CachedStemmer::new(Language::None);
        assert_eq!(none.stem("talks"), "talks");
    }

    #[test]
    fn language_names_round_trip_and_errors_list_choices() {
        for name in Language::NAMES {
            let l: Language = name.parse().unwrap();
            assert_eq!(&l.to_string(), name);
        }
        let err = "klingon".parse::<Language>().unwrap_err();
        assert!(err.contains("klingon") && err.contains("english"));
    }
}
