//! Scoring: the style's weighted sum of each eligible sentence's features, plus the topic
//! focus when one is given. Sentences that are not eligible score −∞.
//!
//! This is the one step that decides how good a sentence is; candidates
//! ([`super::vectors`]), features ([`super::features`]) and selection
//! ([`super::selection`]) do not depend on how.

use super::features::ArticleFeatures;
use super::style::SummaryStyle;
use crate::text::Article;

/// Score added per unit of a paragraph's focus weight (`--topic`): large enough, in the
/// model's units, that a paragraph about the topic wins over the lead of one that is not.
pub(super) const FOCUS_WEIGHT: f64 = 4.0;

/// Every sentence's score, in sentence order. `focus` holds a weight in [0, 1] per paragraph.
pub(super) fn score_sentences(
    article: &Article,
    features: &ArticleFeatures,
    style: &SummaryStyle,
    focus: Option<&[f64]>,
) -> Vec<f64> {
    let mut scores = vec![f64::NEG_INFINITY; article.sentences.len()];
    for (&i, row) in features.eligible.iter().zip(&features.rows) {
        let mut s = style.score(row);
        if let Some(f) = focus {
            s += FOCUS_WEIGHT
                * f.get(article.sentences[i].paragraph)
                    .copied()
                    .unwrap_or(0.0);
        }
        scores[i] = s;
    }
    scores
}
