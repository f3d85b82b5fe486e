//! newsdesk: topic tagging and extractive summaries for news text.
//!
//! The crate follows the pipeline: [`text`] (decode → structure → sentences → terms),
//! [`features`] (TF-IDF), [`classify`] (naive Bayes topic model), [`summarize`].

pub mod batch;
pub mod classify;
pub mod error;
mod fast;
pub mod features;
mod floats;
pub mod html;
/// The old path of `fast::filled`, until src/classify/train.rs (being restructured
/// separately) imports it from `fast`.
mod flat_map {
    pub(crate) use crate::fast::filled;
}
pub mod io;
pub mod summarize;
pub mod text;
