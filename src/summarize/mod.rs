//! Extractive summaries: score every prose sentence, pick the best without repeating content.
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
//! sentences of the article's paragraphs, so they can never be chosen; nor can fragments of
//! fewer than [`SummaryOptions::min_words`] words.
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

use crate::features::SparseVec;
use crate::text::{Analyzer, AnalyzerOptions, Article, Span};
use rustc_hash::FxHashMap;
use serde::Serialize;

/// How long the summary is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Length {
    /// This many sentences.
    Sentences(usize),
    /// This share of the article's sentences (0 < r ≤ 1), at least one.
    Ratio(f64),
    /// At most this many words, never cutting a sentence (at least one sentence).
    Words(usize),
}

/// Order of the chosen sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// As they appear in the article.
    Document,
    /// Best first.
    Score,
}

/// Weights of the sentence score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Similarity to the article centroid.
    pub centroid: f64,
    /// Lead bonus: full for the article's first sentence, a quarter for other paragraphs' first.
    pub position: f64,
    /// Title overlap.
    pub title: f64,
    /// Length bonus.
    pub length: f64,
}

/// Defaults picked by ROUGE on the BBC News Summary development split: centrality carries the
/// score. Title overlap and length lowered ROUGE there and are off unless asked for. A small
/// lead bonus also costs a little ROUGE there (about 0.004 R1) but keeps the lead sentence of
/// hard news, which centrality alone tends to pass over for short sentences full of common terms.
impl Default for Weights {
    fn default() -> Self {
        Weights {
            centroid: 1.0,
            position: 0.03,
            title: 0.0,
            length: 0.0,
        }
    }
}

/// Summary options.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryOptions {
    /// Length of the summary.
    pub length: Length,
    /// Order of the output.
    pub order: Order,
    /// Sentences with fewer words are never chosen.
    pub min_words: usize,
    /// MMR penalty on similarity to already chosen sentences.
    pub redundancy: f64,
    /// Sentences at least this similar (cosine) to a chosen one are never chosen.
    pub duplicate_similarity: f64,
    /// Score weights.
    pub weights: Weights,
    /// How text becomes terms.
    pub analyzer: AnalyzerOptions,
}

impl Default for SummaryOptions {
    fn default() -> Self {
        SummaryOptions {
            length: Length::Sentences(3),
            order: Order::Document,
            min_words: 8,
            redundancy: 0.05,
            duplicate_similarity: 0.8,
            weights: Weights::default(),
            analyzer: AnalyzerOptions::default(),
        }
    }
}

impl SummaryOptions {
    /// Checks the length controls.
    pub fn check(&self) -> Result<(), String> {
        match self.length {
            Length::Sentences(0) => Err("-n must be at least 1".into()),
            Length::Ratio(r) if !(r > 0.0 && r <= 1.0) => {
                Err(format!("--ratio must be in (0, 1], got {r}"))
            }
            Length::Words(0) => Err("--words must be at least 1".into()),
            _ => Ok(()),
        }
    }
}

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
        let n_all = article.sentences.len();
        if n_all == 0 {
            return Vec::new();
        }
        // Term-count vectors per sentence, with local term ids.
        let mut local: FxHashMap<u32, u32> = FxHashMap::default();
        let mut counts: Vec<Vec<(u32, f64)>> = Vec::with_capacity(n_all);
        let mut words = Vec::with_capacity(n_all);
        for s in &article.sentences {
            let text = s.span.slice(&article.text);
            words.push(text.split_whitespace().count());
            let mut c: Vec<(u32, f64)> = Vec::new();
            self.analyzer.for_each_term(text, |id, _| {
                let next = local.len() as u32;
                let l = *local.entry(id).or_insert(next);
                c.push((l, 1.0));
            });
            c.sort_unstable_by_key(|x| x.0);
            c.dedup_by(|b, a| {
                if a.0 == b.0 {
                    a.1 += b.1;
                    true
                } else {
                    false
                }
            });
            counts.push(c);
        }
        let n_terms = local.len();
        let mut df = vec![0.0f64; n_terms];
        for c in &counts {
            for &(t, _) in c {
                df[t as usize] += 1.0;
            }
        }
        let n = n_all as f64;
        let idf: Vec<f64> = df
            .iter()
            .map(|d| ((1.0 + n) / (1.0 + d)).ln() + 1.0)
            .collect();
        let vecs: Vec<SparseVec> = counts
            .iter()
            .map(|c| {
                let mut v = SparseVec {
                    indices: c.iter().map(|x| x.0).collect(),
                    values: c
                        .iter()
                        .map(|&(t, tf)| (1.0 + f64::ln(tf)) * idf[t as usize])
                        .collect(),
                };
                let norm = v.values.iter().map(|x| x * x).sum::<f64>().sqrt();
                if norm > 0.0 {
                    v.values.iter_mut().for_each(|x| *x /= norm);
                }
                v
            })
            .collect();
        // Centroid of all sentences (dense over local terms).
        let mut centroid = vec![0.0; n_terms];
        for v in &vecs {
            for (t, x) in v.iter() {
                centroid[t] += x;
            }
        }
        let cnorm = centroid
            .iter()
            .map(|x| x * x)
            .sum::<f64>()
            .sqrt()
            .max(1e-12);
        // Title terms.
        let mut title_terms: Vec<u32> = Vec::new();
        if let Some(title) = article.title() {
            self.analyzer.for_each_term(title, |id, _| {
                if let Some(&l) = local.get(&id) {
                    title_terms.push(l);
                }
            });
            title_terms.sort_unstable();
            title_terms.dedup();
        }
        let w = self.options.weights;
        let first_para_sentence: Vec<bool> = (0..n_all)
            .map(|i| i == 0 || article.sentences[i - 1].paragraph != article.sentences[i].paragraph)
            .collect();
        let scores: Vec<f64> = (0..n_all)
            .map(|i| {
                let v = &vecs[i];
                let centrality = v.iter().map(|(t, x)| x * centroid[t]).sum::<f64>() / cnorm;
                let position = if i == 0 {
                    1.0
                } else if first_para_sentence[i] {
                    0.25
                } else {
                    0.0
                };
                let title = if title_terms.is_empty() {
                    0.0
                } else {
                    let hits = v
                        .indices
                        .iter()
                        .filter(|t| title_terms.binary_search(t).is_ok())
                        .count();
                    hits as f64 / title_terms.len() as f64
                };
                let length = (words[i] as f64 / 40.0).min(1.0);
                let mut s = w.centroid * centrality
                    + w.position * position
                    + w.title * title
                    + w.length * length;
                if let Some(f) = focus {
                    s *= 0.25
                        + f.get(article.sentences[i].paragraph)
                            .copied()
                            .unwrap_or(0.0);
                }
                s
            })
            .collect();
        // How many to pick.
        let eligible: Vec<usize> = (0..n_all)
            .filter(|&i| words[i] >= self.options.min_words)
            .collect();
        let candidates: Vec<usize> = if eligible.is_empty() {
            (0..n_all).collect()
        } else {
            eligible
        };
        let (max_sentences, word_budget) = match self.options.length {
            Length::Sentences(k) => (k, usize::MAX),
            Length::Ratio(r) => (((n * r).round() as usize).max(1), usize::MAX),
            Length::Words(wb) => (usize::MAX, wb),
        };
        // Candidates best first. MMR runs over a pool of the best 16k + 64, with each
        // candidate's similarity to the chosen sentences updated as they are chosen: O(k · pool)
        // dot products, never n² (a 50 MB article has hundreds of thousands of sentences).
        let mut pool = candidates;
        pool.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
        let mut chosen: Vec<usize> = Vec::new();
        let mut used_words = 0;
        let expected = max_sentences.min(word_budget / self.options.min_words.max(1) + 1);
        if expected <= 256 {
            pool.truncate(16 * expected + 64);
            let mut max_sim = vec![0.0f64; pool.len()];
            let mut taken = vec![false; pool.len()];
            while chosen.len() < max_sentences {
                let mut best: Option<(f64, usize)> = None;
                for (p, &i) in pool.iter().enumerate() {
                    if taken[p] || max_sim[p] >= self.options.duplicate_similarity {
                        continue;
                    }
                    if !chosen.is_empty() && used_words + words[i] > word_budget {
                        continue;
                    }
                    let mmr = scores[i] - self.options.redundancy * max_sim[p];
                    if best.is_none_or(|(b, _)| mmr > b) {
                        best = Some((mmr, p));
                    }
                }
                let Some((_, p)) = best else { break };
                taken[p] = true;
                let i = pool[p];
                used_words += words[i];
                chosen.push(i);
                for (q, &j) in pool.iter().enumerate() {
                    if !taken[q] {
                        max_sim[q] = max_sim[q].max(vecs[i].dot(&vecs[j]));
                    }
                }
                if used_words >= word_budget {
                    break;
                }
            }
        } else {
            // Long summaries: best first, skipping exact repeats of a chosen sentence.
            let mut seen = rustc_hash::FxHashSet::default();
            for i in pool {
                if chosen.len() >= max_sentences
                    || (!chosen.is_empty() && used_words + words[i] > word_budget)
                {
                    continue;
                }
                if seen.insert(&vecs[i].indices) {
                    used_words += words[i];
                    chosen.push(i);
                }
            }
        }
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
