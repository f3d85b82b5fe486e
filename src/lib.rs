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
pub mod io;
pub mod summarize;
pub mod text;
