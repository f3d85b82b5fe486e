//! What a summary should be: its length, order, style (score weights) and selection controls.

use super::function_words::summary_analyzer_options;
use super::style::SummaryStyle;
use crate::error::{Error, Result};
use crate::text::AnalyzerOptions;

/// How long the summary is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Length {
    /// This many sentences.
    Sentences(usize),
    /// This share of the article's sentences (0 < r ≤ 1), at least one.
    Ratio(f64),
    /// At most this many words, never cutting a sentence (at least one sentence).
    Words(usize),
}

/// Order of the chosen sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// As they appear in the article.
    Document,
    /// Best first.
    Score,
}

/// Summary options.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryOptions {
    /// Length of the summary.
    pub length: Length,
    /// Order of the output.
    pub order: Order,
    /// Sentences with fewer words are never chosen.
    pub min_words: usize,
    /// Sentences at least this similar (cosine) to a chosen one are never chosen.
    pub duplicate_similarity: f64,
    /// The scoring model's weights and the redundancy penalty.
    pub style: SummaryStyle,
    /// How text becomes terms (the summariser's own function-word list by default).
    pub analyzer: AnalyzerOptions,
}

impl Default for SummaryOptions {
    fn default() -> Self {
        SummaryOptions {
            length: Length::Sentences(3),
            order: Order::Document,
            min_words: 8,
            duplicate_similarity: 0.8,
            style: SummaryStyle::builtin(),
            analyzer: summary_analyzer_options(),
        }
    }
}

impl SummaryOptions {
    /// Checks the length controls, naming the option at fault.
    pub fn check(&self) -> Result<()> {
        let bad = |m: String| Err(Error::InvalidOption(m));
        match self.length {
            Length::Sentences(0) => bad("-n must be at least 1".into()),
            Length::Ratio(r) if !(r > 0.0 && r <= 1.0) => {
                bad(format!("--ratio must be in (0, 1], got {r}"))
            }
            Length::Words(0) => bad("--words must be at least 1".into()),
            _ => Ok(()),
        }
    }
}

impl Length {
    /// How many sentences this length asks for out of `n` eligible sentences of `mean_words`
    /// words on average (a word budget counts as that many average sentences); at least 1.
    pub fn sentences_of(&self, n: usize, mean_words: f64) -> usize {
        let k = match *self {
            Length::Sentences(k) => k,
            Length::Ratio(r) => ((n as f64) * r).round() as usize,
            Length::Words(w) => (w as f64 / mean_words.max(1.0)).round() as usize,
        };
        k.max(1)
    }
}
