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

mod calibration;
#[cfg(test)]
mod corpus_tests;
pub(crate) mod data;
mod file;
mod float_tap;
mod linfa_nb;
mod meta;
mod metrics;
mod model;
mod naive_bayes;
mod scores;
mod topics;
mod train;
mod weighting;

pub use calibration::stratified_folds;
pub use data::{
    Columns, DataFormat, Duplicates, Example, duplicates, parse_jsonl, read_examples,
    read_examples_matching, read_examples_once,
};
pub use file::{FORMAT_NAME, FORMAT_VERSION, ModelError, OLDEST_FORMAT_VERSION};
pub use meta::{CalibrationInfo, LabelCount, ModelMeta};
pub use metrics::{LabelReport, LengthReport, Report, expected_calibration_error, report};
pub use model::{Classifier, TopicModel};
pub use scores::{MIN_EVIDENCE, Scores};
pub use topics::{ArticleTopics, LabelScore, ParagraphTopics, Topics};
pub use train::{TrainParams, Unit, ValidTrainParams, auto_min_df, blocks};
pub use weighting::Weighting;

use crate::error::Result;

/// The built-in model's bytes (security, diplomacy, economics, general), trained from
/// `training-data/` by
/// `newsdesk train training-data --unit block --catch-all general --drop-numbers --alpha 1 --min-df 2 -o models/topics.json`.
pub static BUILTIN_MODEL: &[u8] = include_bytes!("../../models/topics.json");

/// Loads the built-in model.
///
/// ```
/// use newsdesk::classify::builtin_model;
/// use newsdesk::text::Article;
/// let model = builtin_model()?;
/// assert_eq!(model.labels(), ["diplomacy", "economics", "general", "security"]);
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
