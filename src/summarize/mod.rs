//! Extractive summaries: score every prose sentence, pick the best without repeating content.
//!
//! Three steps, one file each: candidates (`vectors`: each sentence as a TF-IDF vector over
//! the article's own terms), scoring (`scoring`) and selection (`selection`).
//!
//! A sentence's score mixes
//! - **centrality**: cosine similarity of its TF-IDF vector (IDF over the article's own
//!   sentences) to the article's centroid (its mean similarity to the other sentences ranks
//!   the same, being an affine function of it);
//! - **position**: news puts the lead first;
//! - **title overlap**: share of the title's terms it contains;
//! - **length**: very short sentences say little.
//!
//! Selection is maximal marginal relevance: each pick maximises
//! `score − redundancy · max similarity to what is already picked`, and near-duplicates are
//! never picked. Titles, headings, teasers, datelines, metadata and boilerplate are not
//! sentences of the article's paragraphs, so they can never be chosen. Fragments of fewer
//! than [`SummaryOptions::min_words`] words are chosen only when no sentence is longer.
//!
//! ```
//! use newsdesk::summarize::{Summarizer, SummaryOptions, Length};
//! use newsdesk::text::Article;
//! let article = Article::parse("Port strike spreads\n\nDock workers walked out at three ports on Monday, halting exports. \
//!     The union wants higher pay after a year of rising prices. Exporters said losses were mounting.\n\n\
//!     Talks between the union and port operators are set for Friday, officials said.".to_string());
//! let mut summarizer = Summarizer::new(SummaryOptions { length: Length::Sentences(2), ..Default::default() });
//! let summary = summarizer.summarize(&article, None);
//! assert_eq!(summary.len(), 2);
//! for s in &summary {
//!     assert!(article.text[s.span.start..s.span.end].ends_with('.'));
//! }
//! ```

mod options;
mod scoring;
mod selection;
mod vectors;

pub use options::{Length, Order, SummaryOptions, Weights};

use crate::text::{Analyzer, Article, Span};
use serde::Serialize;
use vectors::SentenceVectors;

/// A chosen sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummarySentence {
    /// Index among the article's sentences.
    pub index: usize,
    /// Index of its paragraph.
    pub paragraph: usize,
    /// Byte span in the article text.
    pub span: Span,
    /// Its score.
    pub score: f64,
}

/// Summarises articles; holds the term caches, so make one per thread.
pub struct Summarizer {
    options: SummaryOptions,
    analyzer: Analyzer,
}

impl Summarizer {
    /// A summariser with these options.
    pub fn new(options: SummaryOptions) -> Summarizer {
        Summarizer {
            analyzer: Analyzer::new(options.analyzer.clone()),
            options,
        }
    }

    /// The options.
    pub fn options(&self) -> &SummaryOptions {
        &self.options
    }

    /// Picks the summary sentences of `article`. `focus`, if given, holds a weight in [0, 1]
    /// per paragraph (e.g. its probability of a topic); sentences of heavier paragraphs are
    /// preferred.
    pub fn summarize(&mut self, article: &Article, focus: Option<&[f64]>) -> Vec<SummarySentence> {
        if article.sentences.is_empty() {
            return Vec::new();
        }
        let vectors = SentenceVectors::of(&mut self.analyzer, article);
        let scores = scoring::score_sentences(
            &mut self.analyzer,
            article,
            &vectors,
            &self.options.weights,
            focus,
        );
        let mut chosen = selection::select(&self.options, &scores, &vectors);
        if self.options.order == Order::Document {
            chosen.sort_unstable();
        }
        chosen
            .into_iter()
            .map(|i| SummarySentence {
                index: i,
                paragraph: article.sentences[i].paragraph,
                span: article.sentences[i].span,
                score: scores[i],
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article() -> Article {
        Article::parse(
            "Drought hits grain harvest\n\n\
             KIGALI (Reuters) - A severe drought has cut the grain harvest by a third, the farm ministry said on Monday.\n\n\
             Read more\n\n\
             The drought has pushed grain prices to a record and the harvest shortfall will force imports. \
             Officials said the grain harvest could fall further if rains fail again. Yes indeed.\n\n\
             Farmers in the east said the drought had ruined their grain harvest and their savings.\n\n\
             A drought has cut the grain harvest by a third, the farm ministry said on Monday."
                .to_string(),
        )
    }

    #[test]
    fn picks_the_requested_number_in_document_order() {
        let a = article();
        let mut s = Summarizer::new(SummaryOptions {
            length: Length::Sentences(2),
            ..Default::default()
        });
        let out = s.summarize(&a, None);
        assert_eq!(out.len(), 2);
        assert!(out[0].index < out[1].index);
        for x in &out {
            assert_eq!(x.span, a.sentences[x.index].span);
        }
    }

    #[test]
    fn never_picks_title_boilerplate_dateline_fragments_or_duplicates() {
        let a = article();
        let mut s = Summarizer::new(SummaryOptions {
            length: Length::Sentences(10),
            ..Default::default()
        });
        let out = s.summarize(&a, None);
        let texts: Vec<&str> = out.iter().map(|x| x.span.slice(&a.text)).collect();
        assert!(!texts.iter().any(|t| t.contains("Drought hits")
            || t.contains("Read more")
            || t.contains("KIGALI")
            || *t == "Yes indeed."));
        // The lead and its near copy in the last paragraph are never both chosen.
        let copies = texts
            .iter()
            .filter(|t| t.contains("cut the grain harvest by a third"))
            .count();
        assert_eq!(copies, 1, "{texts:?}");
    }

    #[test]
    fn word_budget_is_never_exceeded_except_by_a_single_first_sentence() {
        let a = article();
        let mut s = Summarizer::new(SummaryOptions {
            length: Length::Words(35),
            ..Default::default()
        });
        let out = s.summarize(&a, None);
        let total: usize = out
            .iter()
            .map(|x| x.span.slice(&a.text).split_whitespace().count())
            .sum();
        assert!(total <= 35 && !out.is_empty(), "{total}");
        let mut tiny = Summarizer::new(SummaryOptions {
            length: Length::Words(3),
            ..Default::default()
        });
        assert_eq!(tiny.summarize(&a, None).len(), 1);
    }

    #[test]
    fn length_options_are_checked() {
        assert!(
            SummaryOptions {
                length: Length::Sentences(0),
                ..Default::default()
            }
            .check()
            .is_err()
        );
        assert!(
            SummaryOptions {
                length: Length::Ratio(2.0),
                ..Default::default()
            }
            .check()
            .is_err()
        );
        assert!(
            SummaryOptions {
                length: Length::Ratio(0.5),
                ..Default::default()
            }
            .check()
            .is_ok()
        );
    }

    #[test]
    fn focus_prefers_the_weighted_paragraph() {
        let a = article();
        let mut s = Summarizer::new(SummaryOptions {
            length: Length::Sentences(1),
            ..Default::default()
        });
        let farmers = a
            .sentences
            .iter()
            .position(|x| x.span.slice(&a.text).starts_with("Farmers"))
            .unwrap();
        let para = a.sentences[farmers].paragraph;
        let focus: Vec<f64> = (0..a.paragraphs.len())
            .map(|p| if p == para { 1.0 } else { 0.0 })
            .collect();
        let out = s.summarize(&a, Some(&focus));
        assert_eq!(out[0].paragraph, para);
    }
}
