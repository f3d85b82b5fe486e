//! Scoring: each sentence's features (centrality, position, title overlap, length) and their
//! weighted sum, scaled by the paragraph's focus weight when one is given.
//!
//! This is the one step that decides how good a sentence is; candidates
//! ([`super::vectors`]) and selection ([`super::selection`]) do not depend on how.

use super::Weights;
use super::vectors::SentenceVectors;
use crate::text::{Analyzer, Article};

/// What a sentence's score is made of, each in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct SentenceFeatures {
    /// Cosine similarity to the article's centroid.
    pub(super) centrality: f64,
    /// 1 for the article's first sentence, 0.25 for other paragraphs' first, else 0.
    pub(super) position: f64,
    /// Share of the title's terms the sentence contains.
    pub(super) title: f64,
    /// Words / 40, at most 1.
    pub(super) length: f64,
}

impl SentenceFeatures {
    /// The weighted sum.
    pub(super) fn score(&self, w: &Weights) -> f64 {
        w.centroid * self.centrality
            + w.position * self.position
            + w.title * self.title
            + w.length * self.length
    }
}

/// Every sentence's score, in sentence order. `focus` holds a weight per paragraph.
pub(super) fn score_sentences(
    analyzer: &mut Analyzer,
    article: &Article,
    vectors: &SentenceVectors,
    weights: &Weights,
    focus: Option<&[f64]>,
) -> Vec<f64> {
    features(analyzer, article, vectors)
        .iter()
        .zip(&article.sentences)
        .map(|(f, sentence)| {
            let mut s = f.score(weights);
            if let Some(f) = focus {
                s *= 0.25 + f.get(sentence.paragraph).copied().unwrap_or(0.0);
            }
            s
        })
        .collect()
}

/// Every sentence's features, in sentence order.
pub(super) fn features(
    analyzer: &mut Analyzer,
    article: &Article,
    vectors: &SentenceVectors,
) -> Vec<SentenceFeatures> {
    let n_all = article.sentences.len();
    let (centroid, cnorm) = centroid(vectors);
    let title_terms = title_terms(analyzer, article, vectors);
    let first_para_sentence: Vec<bool> = (0..n_all)
        .map(|i| i == 0 || article.sentences[i - 1].paragraph != article.sentences[i].paragraph)
        .collect();
    (0..n_all)
        .map(|i| {
            let v = &vectors.vecs[i];
            let centrality = v.iter().map(|(t, x)| x * centroid[t]).sum::<f64>() / cnorm;
            let position = if i == 0 {
                1.0
            } else if first_para_sentence[i] {
                0.25
            } else {
                0.0
            };
            let title = if title_terms.is_empty() {
                0.0
            } else {
                let hits = v
                    .indices
                    .iter()
                    .filter(|t| title_terms.binary_search(t).is_ok())
                    .count();
                hits as f64 / title_terms.len() as f64
            };
            let length = (vectors.words[i] as f64 / 40.0).min(1.0);
            SentenceFeatures {
                centrality,
                position,
                title,
                length,
            }
        })
        .collect()
}

/// The sum of all sentence vectors (dense over local terms) and its norm (at least 1e-12).
fn centroid(vectors: &SentenceVectors) -> (Vec<f64>, f64) {
    let mut centroid = vec![0.0; vectors.n_terms()];
    for v in &vectors.vecs {
        for (t, x) in v.iter() {
            centroid[t] += x;
        }
    }
    let norm = centroid
        .iter()
        .map(|x| x * x)
        .sum::<f64>()
        .sqrt()
        .max(1e-12);
    (centroid, norm)
}

/// The local ids of the title's terms that occur in the sentences, sorted.
fn title_terms(analyzer: &mut Analyzer, article: &Article, vectors: &SentenceVectors) -> Vec<u32> {
    let mut terms: Vec<u32> = Vec::new();
    if let Some(title) = article.title() {
        analyzer.for_each_term(title, |id, _| {
            if let Some(&l) = vectors.local.get(&id) {
                terms.push(l);
            }
        });
        terms.sort_unstable();
        terms.dedup();
    }
    terms
}
