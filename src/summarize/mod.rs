//! Extractive summaries: score every prose sentence with a small explicit model, pick the best
//! without repeating content.
//!
//! Steps, one file each: candidates (`vectors`: each sentence as a TF-IDF vector over the
//! article's own terms, with the summariser's own function-word list, which keeps reporting
//! words such as *said* and *Mr*), features (`features`: position in the article and in the
//! paragraph, centroid similarity, PageRank on the cosine graph, length, quotation,
//! attribution), scoring (`scoring`: the [`SummaryStyle`]'s weighted sum) and selection
//! (`selection`: maximal marginal relevance, exact length).
//!
//! A style's weights are learned from article–summary pairs ([`train_style`], `newsdesk
//! train-summarizer`): for each sentence of the lead and each later sentence, would putting the
//! later one in the lead one's place raise ROUGE against the summary? A logistic regression on
//! the feature differences (linfa-logistic) answers with one weight per feature. The built-in
//! style was fitted that way on public news with human-written highlights and on the BBC News
//! Summary development split, each weighing the same.
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

mod features;
mod function_words;
mod options;
mod rouge;
mod scoring;
mod selection;
mod style;
mod train;
mod vectors;

pub use features::{FEATURE_NAMES, GRAPH_POOL, N_FEATURES};
pub use function_words::{function_words, summary_analyzer_options};
pub use options::{Length, Order, SummaryOptions};
pub use rouge::{RougeScores, RougeTokenizer};
pub use style::{
    BUILTIN_STYLE_NAMES, MAX_STYLE_BYTES, MAX_STYLE_NUMBER, RawStyle, STYLE_FORMAT_NAME,
    STYLE_FORMAT_VERSION, StyleSource, SummaryStyle, read_style_bytes,
};
pub use train::{
    PairEval, StyleParams, SummaryPair, SummarySource, evaluate_pairs, read_pairs, train_style,
};

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

    /// The analyzer (for training and evaluation, which share the summariser's terms).
    pub(crate) fn analyzer_mut(&mut self) -> &mut Analyzer {
        &mut self.analyzer
    }

    /// Picks the summary sentences of `article`. `focus`, if given, holds a weight in [0, 1]
    /// per paragraph (e.g. its probability of a topic); sentences of heavier paragraphs are
    /// preferred.
    pub fn summarize(&mut self, article: &Article, focus: Option<&[f64]>) -> Vec<SummarySentence> {
        if article.sentences.is_empty() {
            return Vec::new();
        }
        let vectors = SentenceVectors::of(&mut self.analyzer, article);
        let eligible = features::eligible(&vectors.words, self.options.min_words);
        let mean_words = eligible.iter().map(|&i| vectors.words[i]).sum::<usize>() as f64
            / eligible.len().max(1) as f64;
        let k = self.options.length.sentences_of(eligible.len(), mean_words);
        let feats = features::article_features(article, &vectors, eligible, k);
        let scores = scoring::score_sentences(article, &feats, &self.options.style, focus);
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
