//! Topics of a text or an article: labels with probabilities, tags over a threshold, and the
//! terms that drove the top label.

use super::model::{Classifier, TopicModel};
use super::scores::argmax;
use crate::text::{Article, Span};
use serde::Serialize;

/// A label's probability.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelScore {
    /// The label.
    pub label: String,
    /// Its calibrated probability.
    pub score: f64,
}

/// Topics of one text or paragraph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Topics {
    /// The most probable label.
    pub label: String,
    /// Every label's probability, in the model's label order.
    pub scores: Vec<LabelScore>,
    /// Labels scoring at least the threshold, most probable first (empty: no confident topic).
    pub tags: Vec<String>,
    /// The terms that most favoured `label`.
    pub terms: Vec<String>,
}

/// Topics of one paragraph of an article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParagraphTopics {
    /// Index among the article's paragraphs.
    pub index: usize,
    /// Byte span in the article text.
    pub span: Span,
    /// The paragraph's topics.
    #[serde(flatten)]
    pub topics: Topics,
}

/// Topics of an article: its distribution (paragraph scores weighted by length) and each paragraph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleTopics {
    /// The article-level topics.
    #[serde(flatten)]
    pub topics: Topics,
    /// Per paragraph, in order.
    pub paragraphs: Vec<ParagraphTopics>,
}

/// Topics from probabilities and the label `best`; `evidence` false (too little the model
/// knows, see [`Scores::has_evidence`](super::Scores::has_evidence)) gives no tags.
fn topics_from(
    model: &TopicModel,
    probs: &[f64],
    best: usize,
    evidence: bool,
    terms: Vec<String>,
    min_score: f64,
) -> Topics {
    let mut order: Vec<usize> = (0..probs.len())
        .filter(|&i| evidence && probs[i] >= min_score)
        .collect();
    order.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]).then(a.cmp(&b)));
    Topics {
        label: model.labels()[best].clone(),
        scores: model
            .labels()
            .iter()
            .zip(probs)
            .map(|(l, &s)| LabelScore {
                label: l.clone(),
                score: s,
            })
            .collect(),
        tags: order
            .into_iter()
            .map(|i| model.labels()[i].clone())
            .collect(),
        terms,
    }
}

impl Classifier<'_> {
    /// Topics of `text` as one unit.
    pub fn classify_text(&mut self, text: &str, min_score: f64) -> Topics {
        let (scores, terms) = self.score_explained(text, self.terms());
        let evidence = scores.has_evidence();
        topics_from(
            self.model(),
            &scores.probabilities,
            scores.best(),
            evidence,
            terms,
            min_score,
        )
    }

    /// Topics of each paragraph of `article` (headings, teasers and boilerplate are skipped)
    /// and of the article as a whole.
    pub fn classify_article(&mut self, article: &Article, min_score: f64) -> ArticleTopics {
        let model = self.model();
        let mut total = vec![0.0; model.labels().len()];
        let mut weight_sum = 0.0;
        let mut paragraphs = Vec::with_capacity(article.paragraphs.len());
        for (index, span) in article.paragraphs.iter().enumerate() {
            let text = span.slice(&article.text);
            let (scores, terms) = self.score_explained(text, self.terms());
            // A paragraph with too little evidence says nothing about the article's topics.
            let weight = if scores.has_evidence() {
                text.split_whitespace().count() as f64
            } else {
                0.0
            };
            for (t, p) in total.iter_mut().zip(&scores.probabilities) {
                *t += weight * p;
            }
            weight_sum += weight;
            paragraphs.push(ParagraphTopics {
                index,
                span: *span,
                topics: topics_from(
                    model,
                    &scores.probabilities,
                    scores.best(),
                    scores.has_evidence(),
                    terms,
                    min_score,
                ),
            });
        }
        let topics = if weight_sum > 0.0 {
            total.iter_mut().for_each(|t| *t /= weight_sum);
            let best = argmax(&total);
            let mut terms: Vec<String> = Vec::new();
            for p in paragraphs
                .iter()
                .filter(|p| p.topics.label == model.labels()[best])
            {
                for t in &p.topics.terms {
                    if !terms.contains(t) && terms.len() < self.terms() {
                        terms.push(t.clone());
                    }
                }
            }
            topics_from(model, &total, best, true, terms, min_score)
        } else {
            self.classify_text("", min_score)
        };
        ArticleTopics { topics, paragraphs }
    }
}
