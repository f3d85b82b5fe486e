//! Features: TF-IDF rows over a fitted vocabulary.
//!
//! Weights: sublinear term frequency `1 + ln(tf)` (optional), smoothed inverse document
//! frequency `ln((1 + n) / (1 + df)) + 1` (`weighting`), rows scaled to unit length.
//! `vectorizer` fits the vocabulary (`shard`: analysis side by side; `bigrams`: pair
//! screening; `term_index`: lookup tables) and `featurizer` turns text into rows.

mod bigrams;
mod checked;
mod featurizer;
mod options;
mod shard;
mod stop_words;
mod term_index;
mod vectorizer;
mod weighting;

pub(crate) use checked::RawVectorizer;
pub use checked::VectorizerError;
pub use featurizer::Featurizer;
pub use options::TfidfOptions;
pub use vectorizer::Vectorizer;
pub(crate) use weighting::{smoothed_idf, tfidf_weight};

use serde::{Deserialize, Serialize};

/// A sparse row: feature ids in increasing order, with their weights.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SparseVec {
    /// Feature ids, strictly increasing.
    pub indices: Vec<u32>,
    /// Weights, one per id.
    pub values: Vec<f64>,
}

impl SparseVec {
    /// Number of non-zero entries.
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// Pairs of (feature id, weight).
    pub fn iter(&self) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.indices
            .iter()
            .map(|&i| i as usize)
            .zip(self.values.iter().copied())
    }

    /// Dot product with another sparse row.
    pub fn dot(&self, other: &SparseVec) -> f64 {
        let (mut i, mut j, mut acc) = (0, 0, 0.0);
        while i < self.indices.len() && j < other.indices.len() {
            match self.indices[i].cmp(&other.indices[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    acc += self.values[i] * other.values[j];
                    i += 1;
                    j += 1;
                }
            }
        }
        acc
    }
}
