//! Vocabulary and weighting options of a vectorizer.

use serde::{Deserialize, Serialize};

/// Vocabulary and weighting options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TfidfOptions {
    /// Keep terms found in at least this many units.
    pub min_df: usize,
    /// Drop terms found in more than this fraction of units (0 < max_df ≤ 1).
    pub max_df: f64,
    /// Keep at most this many terms (the most frequent by document frequency).
    pub max_features: Option<usize>,
    /// Add pairs of adjacent terms ("central bank") as features.
    pub bigrams: bool,
    /// Use `1 + ln(tf)` instead of raw counts.
    pub sublinear_tf: bool,
    /// Weight terms by inverse document frequency (off: plain term frequency).
    #[serde(default = "yes")]
    pub use_idf: bool,
    /// Extra count given to each term of a leading title line (a short first line without a
    /// final period, followed by more text); 0 treats the title like any other line.
    #[serde(default)]
    pub title_boost: f64,
}

fn yes() -> bool {
    true
}

impl Default for TfidfOptions {
    fn default() -> Self {
        TfidfOptions {
            min_df: 1,
            max_df: 1.0,
            max_features: None,
            bigrams: false,
            sublinear_tf: true,
            use_idf: true,
            title_boost: 0.0,
        }
    }
}
