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

pub use checked::VectorizerError;
pub(crate) use checked::{RawVectorizer, first_duplicate};
pub use featurizer::Featurizer;
pub use options::TfidfOptions;
pub use vectorizer::Vectorizer;
pub(crate) use weighting::{smoothed_idf, tfidf_weight};

/// A sparse row: feature ids in increasing order, with their weights.
/// Built by the featurizers or by [`SparseVec::from_pairs`], so the ids are always in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseVec {
    /// Feature ids, strictly increasing.
    pub(crate) indices: Vec<u32>,
    /// Weights, one per id.
    pub(crate) values: Vec<f64>,
}

impl SparseVec {
    /// A row from (feature id, weight) pairs in any order; weights of a repeated id are added.
    pub fn from_pairs(mut pairs: Vec<(u32, f64)>) -> SparseVec {
        pairs.sort_unstable_by_key(|&(i, _)| i);
        let mut row = SparseVec::default();
        for (i, w) in pairs {
            match row.indices.last() {
                Some(&last) if last == i => *row.values.last_mut().unwrap() += w,
                _ => {
                    row.indices.push(i);
                    row.values.push(w);
                }
            }
        }
        row
    }

    /// Feature ids, strictly increasing.
    pub fn indices(&self) -> &[u32] {
        &self.indices
    }

    /// Weights, one per id of [`SparseVec::indices`].
    pub fn values(&self) -> &[f64] {
        &self.values
    }

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

#[cfg(test)]
mod tests {
    use super::SparseVec;

    #[test]
    fn rows_from_pairs_are_sorted_and_merged() {
        let row = SparseVec::from_pairs(vec![(7, 1.0), (2, 0.5), (7, 0.25), (4, -1.0)]);
        assert_eq!(row.indices(), &[2, 4, 7]);
        assert_eq!(row.values(), &[0.5, -1.0, 1.25]);
        let other = SparseVec::from_pairs(vec![(7, 2.0), (2, 2.0)]);
        assert_eq!(row.dot(&other), 0.5 * 2.0 + 1.25 * 2.0);
    }
}
