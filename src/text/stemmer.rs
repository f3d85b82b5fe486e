//! Snowball stemming (rust-stemmers); the analyzer's word table makes sure each distinct word
//! is stemmed once per analyzer.

use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A stemming language: every language rust-stemmers has, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Arabic (Snowball).
    Arabic,
    /// Danish (Snowball).
    Danish,
    /// Dutch (Snowball).
    Dutch,
    /// English (Snowball).
    English,
    /// Finnish (Snowball).
    Finnish,
    /// French (Snowball).
    French,
    /// German (Snowball).
    German,
    /// Greek (Snowball).
    Greek,
    /// Hungarian (Snowball).
    Hungarian,
    /// Italian (Snowball).
    Italian,
    /// Norwegian (Snowball).
    Norwegian,
    /// Portuguese (Snowball).
    Portuguese,
    /// Romanian (Snowball).
    Romanian,
    /// Russian (Snowball).
    Russian,
    /// Spanish (Snowball).
    Spanish,
    /// Swedish (Snowball).
    Swedish,
    /// Tamil (Snowball).
    Tamil,
    /// Turkish (Snowball).
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

impl Language {
    /// Every language, in the order of [`Language::NAMES`].
    const ALL: [Language; 19] = {
        use Language::*;
        [
            Arabic, Danish, Dutch, English, Finnish, French, German, Greek, Hungarian, Italian,
            Norwegian, Portuguese, Romanian, Russian, Spanish, Swedish, Tamil, Turkish, None,
        ]
    };

    /// The language's name, as parsed, printed and saved.
    pub fn name(self) -> &'static str {
        Self::NAMES[Self::ALL.iter().position(|l| *l == self).unwrap_or(0)]
    }
}

impl FromStr for Language {
    type Err = crate::error::UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.to_ascii_lowercase();
        let i = Self::NAMES
            .iter()
            .position(|n| *n == lower)
            .ok_or_else(|| crate::error::UnknownName {
                what: "language",
                name: s.to_string(),
                choices: Self::NAMES,
            })?;
        Ok(Self::ALL[i])
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A Snowball stemmer for one language (or none).
///
/// It keeps no cache of its own: the [`Analyzer`](super::Analyzer) remembers each distinct
/// surface word's term, so a word reaches the stemmer once per analyzer (one per thread).
/// A process-wide cache shared by the threads was measured slower (locks and cache lines
/// passed between cores cost more than the stemming they save).
pub struct WordStemmer {
    stemmer: Option<Stemmer>,
}

impl WordStemmer {
    /// A stemmer for `language` (no-op for [`Language::None`]).
    pub fn new(language: Language) -> Self {
        WordStemmer {
            stemmer: language.algorithm().map(Stemmer::create),
        }
    }

    /// Writes the stem of a lower-cased word into `out` (cleared first).
    pub fn stem_into(&self, word: &str, out: &mut String) {
        out.clear();
        match &self.stemmer {
            Some(stemmer) => out.push_str(&stemmer.stem(word)),
            None => out.push_str(word),
        }
    }

    /// The stem of a lower-cased word.
    pub fn stem(&self, word: &str) -> String {
        let mut out = String::new();
        self.stem_into(word, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_stems() {
        let s = WordStemmer::new(Language::English);
        assert_eq!(s.stem("negotiations"), "negoti");
        assert_eq!(s.stem("negotiating"), "negoti");
        assert_eq!(s.stem("militants"), "milit");
    }

    #[test]
    fn other_languages_and_none() {
        let fr = WordStemmer::new("french".parse().unwrap());
        assert_eq!(fr.stem("négociations"), "négoci");
        let none = WordStemmer::new(Language::None);
        assert_eq!(none.stem("talks"), "talks");
    }

    #[test]
    fn language_names_round_trip_and_errors_list_choices() {
        for name in Language::NAMES {
            let l: Language = name.parse().unwrap();
            assert_eq!(&l.to_string(), name);
            assert_eq!(serde_json::to_value(l).unwrap(), *name, "saved as printed");
        }
        let err = "klingon".parse::<Language>().unwrap_err().to_string();
        assert!(err.contains("klingon") && err.contains("english"));
    }
}
