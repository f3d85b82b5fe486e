//! The candidates' representation: each sentence of an article as an L2-normalised TF-IDF
//! vector over the article's own terms (IDF over the article's sentences).

use crate::features::{SparseVec, smoothed_idf, tfidf_weight};
use crate::text::{Analyzer, Article};
use rustc_hash::FxHashMap;

/// An article's sentences as TF-IDF vectors.
pub(super) struct SentenceVectors {
    /// Analyzer term id → the article's own (local) term id.
    pub(super) local: FxHashMap<u32, u32>,
    /// One vector per sentence, over local term ids, in sentence order.
    pub(super) vecs: Vec<SparseVec>,
    /// Whitespace-separated words of each sentence.
    pub(super) words: Vec<usize>,
}

impl SentenceVectors {
    /// The vectors of `article`'s sentences.
    pub(super) fn of(analyzer: &mut Analyzer, article: &Article) -> SentenceVectors {
        let n_all = article.sentences.len();
        let mut local: FxHashMap<u32, u32> = FxHashMap::default();
        let mut counts: Vec<Vec<(u32, f64)>> = Vec::with_capacity(n_all);
        let mut words = Vec::with_capacity(n_all);
        for s in &article.sentences {
            let text = s.span.slice(&article.text);
            words.push(text.split_whitespace().count());
            counts.push(term_counts(analyzer, text, &mut local));
        }
        let idf = idf(&counts, local.len());
        let vecs = counts.iter().map(|c| weighted(c, &idf)).collect();
        SentenceVectors { local, vecs, words }
    }

    /// Number of distinct terms in the article.
    pub(super) fn n_terms(&self) -> usize {
        self.local.len()
    }
}

/// (local term id, count) of each term of `text`, by id; new terms get the next local id.
fn term_counts(
    analyzer: &mut Analyzer,
    text: &str,
    local: &mut FxHashMap<u32, u32>,
) -> Vec<(u32, f64)> {
    let mut c: Vec<(u32, f64)> = Vec::new();
    analyzer.for_each_term(text, |id, _| {
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
    c
}

/// Smoothed IDF of each local term over the sentences.
fn idf(counts: &[Vec<(u32, f64)>], n_terms: usize) -> Vec<f64> {
    let mut df = vec![0.0f64; n_terms];
    for c in counts {
        for &(t, _) in c {
            df[t as usize] += 1.0;
        }
    }
    let n = counts.len() as f64;
    df.iter().map(|&d| smoothed_idf(n, d)).collect()
}

/// The unit-length vector of sublinear TF-IDF weights of one sentence's counts.
fn weighted(counts: &[(u32, f64)], idf: &[f64]) -> SparseVec {
    let mut v = SparseVec {
        indices: counts.iter().map(|x| x.0).collect(),
        values: counts
            .iter()
            .map(|&(t, tf)| tfidf_weight(tf, idf[t as usize], true))
            .collect(),
    };
    let norm = v.values.iter().map(|x| x * x).sum::<f64>().sqrt();
    if norm > 0.0 {
        v.values.iter_mut().for_each(|x| *x /= norm);
    }
    v
}
