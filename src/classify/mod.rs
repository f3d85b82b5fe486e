//! Topic classification: train a naive Bayes model from labelled text, tag paragraphs and articles.
//!
//! ```
//! use newsdesk::classify::{TopicModel, TrainParams, Example};
//! let rows = [
//!     ("The central bank raised interest rates to curb inflation.", "economics"),
//!     ("Bond yields climbed as inflation data surprised markets.", "economics"),
//!     ("Troops shelled rebel positions near the border overnight.", "security"),
//!     ("Militants attacked an army convoy, killing four soldiers.", "security"),
//! ];
//! let examples: Vec<Example> = rows.iter()
//!     .map(|(t, l)| Example { text: t.to_string(), label: l.to_string() })
//!     .collect();
//! let params = TrainParams { calibration_folds: 0, ..TrainParams::default() }.check()?;
//! let model = params.fit(&examples, &mut |_| {})?;
//! let mut classifier = model.classifier();
//! let topics = classifier.classify_text("Inflation and interest rates rose again.", 0.5);
//! assert_eq!(topics.label, "economics");
//! # Ok::<(), newsdesk::error::Error>(())
//! ```

pub mod data;
pub mod metrics;
pub mod model;
pub mod train;

pub use data::{Columns, DataFormat, Example, read_examples};
pub use model::{Classifier, Scores, TopicModel};
pub use train::{TrainParams, Unit, ValidTrainParams};

use crate::error::Result;
use crate::text::{Article, Span};
use serde::Serialize;

/// The built-in model's bytes (security, diplomacy, economics, general), trained from
/// `training-data/` by
/// `newsdesk train training-data --unit paragraph --drop-numbers --alpha 1 --min-df 2 -o models/topics.json`.
pub static BUILTIN_MODEL: &[u8] = include_bytes!("../../models/topics.json");

/// Loads the built-in model.
///
/// ```
/// use newsdesk::classify::builtin_model;
/// use newsdesk::text::Article;
/// let model = builtin_model()?;
/// assert_eq!(model.labels, ["diplomacy", "economics", "general", "security"]);
/// let article = Article::parse(
///     "Border clashes spread\n\nArtillery fire hit two border villages overnight, killing four soldiers.\n\n\
///      The currency fell to a record low and bond yields jumped as investors fled."
///         .to_string(),
/// );
/// let topics = model.classifier().classify_article(&article, 0.5);
/// assert_eq!(topics.paragraphs[0].topics.label, "security");
/// assert_eq!(topics.paragraphs[1].topics.label, "economics");
/// let sum: f64 = topics.topics.scores.iter().map(|s| s.score).sum();
/// assert!((sum - 1.0).abs() < 1e-9);
/// # Ok::<(), newsdesk::error::Error>(())
/// ```
pub fn builtin_model() -> Result<TopicModel> {
    TopicModel::from_bytes(BUILTIN_MODEL, "built-in model")
}

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

fn topics_from(model: &TopicModel, probs: &[f64], terms: Vec<String>, min_score: f64) -> Topics {
    let best = model::argmax(probs);
    let mut order: Vec<usize> = (0..probs.len())
        .filter(|&i| probs[i] >= min_score)
        .collect();
    order.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]).then(a.cmp(&b)));
    Topics {
        label: model.labels[best].clone(),
        scores: model
            .labels
            .iter()
            .zip(probs)
            .map(|(l, &s)| LabelScore {
                label: l.clone(),
                score: s,
            })
            .collect(),
        tags: order.into_iter().map(|i| model.labels[i].clone()).collect(),
        terms,
    }
}

impl Classifier<'_> {
    /// Topics of `text` as one unit.
    pub fn classify_text(&mut self, text: &str, min_score: f64) -> Topics {
        let (scores, terms) = self.score_explained(text, self.terms());
        topics_from(self.model(), &scores.probabilities, terms, min_score)
    }

    /// Topics of each paragraph of `article` (headings, teasers and boilerplate are skipped)
    /// and of the article as a whole.
    pub fn classify_article(&mut self, article: &Article, min_score: f64) -> ArticleTopics {
        let model = self.model();
        let mut total = vec![0.0; model.labels.len()];
        let mut weight_sum = 0.0;
        let mut paragraphs = Vec::with_capacity(article.paragraphs.len());
        for (index, span) in article.paragraphs.iter().enumerate() {
            let text = span.slice(&article.text);
            let (scores, terms) = self.score_explained(text, self.terms());
            let weight = text.split_whitespace().count() as f64;
            for (t, p) in total.iter_mut().zip(&scores.probabilities) {
                *t += weight * p;
            }
            weight_sum += weight;
            paragraphs.push(ParagraphTopics {
                index,
                span: *span,
                topics: topics_from(model, &scores.probabilities, terms, min_score),
            });
        }
        let topics = if weight_sum > 0.0 {
            total.iter_mut().for_each(|t| *t /= weight_sum);
            let best = model::argmax(&total);
            let mut terms: Vec<String> = Vec::new();
            for p in paragraphs
                .iter()
                .filter(|p| p.topics.label == model.labels[best])
            {
                for t in &p.topics.terms {
                    if !terms.contains(t) && terms.len() < self.terms() {
                        terms.push(t.clone());
                    }
                }
            }
            topics_from(model, &total, terms, min_score)
        } else {
            self.classify_text("", min_score)
        };
        ArticleTopics { topics, paragraphs }
    }
}
