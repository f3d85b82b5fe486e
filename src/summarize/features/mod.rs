//! The sentence features the scoring model weighs, one small function each.
//!
//! Every feature is computed for every eligible sentence (at least `min_words` words; structure
//! and fragments never are). Centrality features are z-scored within the article. "Share" is
//! the part of the article the summary is asked to cover, `k / n` (k sentences wanted, n
//! eligible): position matters when a few sentences are wanted from a long article and fades
//! when the summary covers much of it, so position and centrality also enter multiplied by it.

mod centrality;
mod position;
mod surface;

pub use centrality::GRAPH_POOL;

use super::vectors::SentenceVectors;
use crate::text::Article;

/// Number of features.
pub const N_FEATURES: usize = 14;

/// The features' names, as in style files, in the order of a feature row.
pub const FEATURE_NAMES: [&str; N_FEATURES] = [
    "lead",
    "rank_decay_1",
    "rank_decay_3",
    "lead_x_share",
    "rank_decay_1_x_share",
    "rank_decay_3_x_share",
    "pagerank",
    "pagerank_x_share",
    "centroid",
    "centroid_x_share",
    "length",
    "quotation",
    "attribution",
    "paragraph_start",
];

/// One sentence's features, in the order of [`FEATURE_NAMES`].
pub type FeatureRow = [f64; N_FEATURES];

/// The eligible sentences (indices into `article.sentences`, in order) and their features.
pub(crate) struct ArticleFeatures {
    /// Sentences that may be chosen, in document order; a sentence's rank is its place here.
    pub(crate) eligible: Vec<usize>,
    /// One row per eligible sentence.
    pub(crate) rows: Vec<FeatureRow>,
}

/// Sentences with at least `min_words` words, or every sentence when none has.
pub(crate) fn eligible(words: &[usize], min_words: usize) -> Vec<usize> {
    let e: Vec<usize> = (0..words.len())
        .filter(|&i| words[i] >= min_words)
        .collect();
    if e.is_empty() {
        (0..words.len()).collect()
    } else {
        e
    }
}

/// The features of `article`'s eligible sentences for a summary of `k` sentences.
pub(crate) fn article_features(
    article: &Article,
    vectors: &SentenceVectors,
    eligible: Vec<usize>,
    k: usize,
) -> ArticleFeatures {
    let n = eligible.len();
    let share = (k as f64 / n.max(1) as f64).min(1.0);
    let vecs: Vec<_> = eligible.iter().map(|&i| &vectors.vecs[i]).collect();
    let centroid_raw = centrality::centroid_similarity(&vecs, vectors.n_terms());
    let pagerank = centrality::z_scores(&centrality::pagerank(&vecs, &centroid_raw));
    let centroid = centrality::z_scores(&centroid_raw);
    let in_paragraph =
        position::indices_in_paragraphs(article.sentences.iter().map(|s| s.paragraph));
    let rows = eligible
        .iter()
        .enumerate()
        .map(|(rank, &i)| {
            let text = article.sentences[i].span.slice(&article.text);
            let (lead, d1, d3) = (
                position::lead(rank, k),
                position::rank_decay(rank, 1.0),
                position::rank_decay(rank, 3.0),
            );
            [
                lead,
                d1,
                d3,
                lead * share,
                d1 * share,
                d3 * share,
                pagerank[rank],
                pagerank[rank] * share,
                centroid[rank],
                centroid[rank] * share,
                surface::length(vectors.words[i]),
                surface::quotation(text),
                surface::attribution(text),
                position::paragraph_start(in_paragraph[i]),
            ]
        })
        .collect();
    ArticleFeatures { eligible, rows }
}
