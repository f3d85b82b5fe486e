//! newsdesk: topic tagging and extractive summaries for news text.
//!
//! The crate follows the pipeline: [`text`] (decode → structure → sentences → terms),
//! [`features`] (TF-IDF), [`classify`] (naive Bayes topic model), [`summarize`]; [`batch`] runs
//! any per-row work on every core in input order, and [`io`] reads inputs and writes outputs
//! atomically. Each of these is a namespace of re-exported types; the files behind them are
//! private. Fitted models keep their state private: a [`classify::TopicModel`] is only made by
//! training or by loading through a checked form, so its lookup tables always match its weights.
//!
//! ```no_run
//! use newsdesk::classify::builtin_model;
//! use newsdesk::summarize::{Length, Summarizer, SummaryOptions};
//! use newsdesk::text::Article;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let model = builtin_model()?; // or TopicModel::load(path)?
//! let mut classifier = model.classifier(); // one per thread
//! let article = Article::parse(std::fs::read_to_string("article.txt")?);
//! let topics = classifier.classify_article(&article, 0.5);
//! println!("{} {:?}", topics.topics.label, topics.topics.tags);
//! for p in &topics.paragraphs {
//!     println!("{} {}", p.topics.label, &article.text[p.span.start..p.span.end]);
//! }
//! let options = SummaryOptions { length: Length::Sentences(3), ..Default::default() };
//! let mut summarizer = Summarizer::new(options);
//! for s in summarizer.summarize(&article, None) {
//!     println!("{}", &article.text[s.span.start..s.span.end]);
//! }
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

pub mod batch;
pub mod classify;
pub mod error;
mod fast;
pub mod features;
mod floats;
pub mod html;
pub mod io;
pub mod summarize;
pub mod text;
