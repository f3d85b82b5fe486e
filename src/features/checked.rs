//! Reading a saved vectorizer: its fields as written, checked before the lookup tables are
//! built, so a [`Vectorizer`] read any way (a model file, plain serde) is always usable.

use super::stop_words::fingerprint;
use super::{TfidfOptions, Vectorizer};
use crate::text::AnalyzerOptions;
use serde::Deserialize;

/// Why a saved vectorizer cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum VectorizerError {
    /// A weight table of another length than the vocabulary.
    #[error("feature tables do not match the vocabulary")]
    FeatureTables,
    /// A term listed twice: its second weights could never be looked up.
    #[error("the vocabulary lists the term {0:?} twice")]
    DuplicateTerm(String),
    /// An inverse document frequency no fitted vectorizer has.
    #[error("numbers out of range (IDF weights must be positive and below 1e6)")]
    OutOfRange,
    /// The shipped stop-word list differs from the one the vectorizer was fitted with.
    #[error(
        "it was trained with another version of the shipped stop-word list (fingerprint {saved}, this newsdesk has {current}); retrain it, or use the newsdesk that trained it"
    )]
    StopWordsChanged {
        /// The fingerprint saved with the vectorizer.
        saved: String,
        /// The fingerprint of this build's list.
        current: String,
    },
}

/// A vectorizer's fields as saved, before they are checked.
#[derive(Deserialize)]
pub(crate) struct RawVectorizer {
    analyzer: AnalyzerOptions,
    #[serde(default)]
    stop_words_fingerprint: Option<String>,
    options: TfidfOptions,
    terms: Vec<String>,
    #[serde(with = "crate::floats::array")]
    idf: Vec<f64>,
    documents: usize,
}

impl RawVectorizer {
    /// True when it names a shipped stop-word list without saying which version of it
    /// (as files written before the fingerprint was saved do).
    pub(crate) fn lacks_stop_word_fingerprint(&self) -> bool {
        self.stop_words_fingerprint.is_none() && fingerprint(&self.analyzer.stop_words).is_some()
    }
}

/// The first item of `items` that an earlier one equals.
pub(crate) fn first_duplicate(items: &[String]) -> Option<&str> {
    // A fitted vocabulary is sorted: strictly increasing items have no duplicate, and checking
    // that costs one compare each instead of a hash table of every item.
    if items.windows(2).all(|w| w[0] < w[1]) {
        return None;
    }
    let mut seen = rustc_hash::FxHashSet::default();
    items
        .iter()
        .find(|item| !seen.insert(item.as_str()))
        .map(String::as_str)
}

impl RawVectorizer {
    /// Checks the saved fields without building the lookup tables.
    pub(crate) fn check(&self) -> Result<(), VectorizerError> {
        if self.idf.len() != self.terms.len() {
            return Err(VectorizerError::FeatureTables);
        }
        if !self.idf.iter().all(|x| (1e-6..1e6).contains(x)) {
            return Err(VectorizerError::OutOfRange);
        }
        if let Some(term) = first_duplicate(&self.terms) {
            return Err(VectorizerError::DuplicateTerm(term.to_string()));
        }
        let current = fingerprint(&self.analyzer.stop_words);
        if let (Some(saved), Some(current)) = (&self.stop_words_fingerprint, current)
            && saved != current
        {
            return Err(VectorizerError::StopWordsChanged {
                saved: saved.clone(),
                current: current.to_string(),
            });
        }
        Ok(())
    }

    /// Number of terms.
    pub(crate) fn len(&self) -> usize {
        self.terms.len()
    }
}

impl TryFrom<RawVectorizer> for Vectorizer {
    type Error = VectorizerError;

    fn try_from(raw: RawVectorizer) -> Result<Vectorizer, VectorizerError> {
        raw.check()?;
        Ok(Vectorizer::from_parts(
            raw.analyzer,
            raw.options,
            raw.terms,
            raw.idf,
            raw.documents,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_found_in_sorted_and_unsorted_lists() {
        let list = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(first_duplicate(&list(&["a", "b", "c"])), None);
        assert_eq!(first_duplicate(&list(&["a", "b", "b", "c"])), Some("b"));
        assert_eq!(first_duplicate(&list(&["c", "a", "b"])), None);
        assert_eq!(first_duplicate(&list(&["c", "a", "c", "a"])), Some("c"));
    }
}
