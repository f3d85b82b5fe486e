//! Selection: which scored sentences make the summary, by maximal marginal relevance within
//! the length budget, never a near-duplicate of one already chosen.

use super::vectors::SentenceVectors;
use super::{Length, SummaryOptions};

/// The chosen sentences' indices, in the order they were chosen (best first).
pub(super) fn select(
    options: &SummaryOptions,
    scores: &[f64],
    vectors: &SentenceVectors,
) -> Vec<usize> {
    let words = &vectors.words;
    let budget = Budget::of(options.length, scores.len());
    // Candidates best first: sentences long enough, or every sentence if none is.
    let mut pool: Vec<usize> = (0..scores.len())
        .filter(|&i| words[i] >= options.min_words)
        .collect();
    if pool.is_empty() {
        pool = (0..scores.len()).collect();
    }
    pool.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let expected = budget
        .sentences
        .min(budget.words / options.min_words.max(1) + 1);
    if expected <= 256 {
        // MMR runs over a pool of the best 16k + 64, with each candidate's similarity to the
        // chosen sentences updated as they are chosen: O(k · pool) dot products, never n² (a
        // 50 MB article has hundreds of thousands of sentences).
        pool.truncate(16 * expected + 64);
        mmr(options, &budget, &pool, scores, vectors)
    } else {
        best_first(&budget, pool, vectors)
    }
}

/// How much a summary may hold.
struct Budget {
    /// Sentences at most.
    sentences: usize,
    /// Words at most (the first sentence is taken whatever its length).
    words: usize,
}

impl Budget {
    fn of(length: Length, n_sentences: usize) -> Budget {
        let (sentences, words) = match length {
            Length::Sentences(k) => (k, usize::MAX),
            Length::Ratio(r) => (
                (((n_sentences as f64) * r).round() as usize).max(1),
                usize::MAX,
            ),
            Length::Words(wb) => (usize::MAX, wb),
        };
        Budget { sentences, words }
    }
}

/// Maximal marginal relevance over `pool` (best first): each pick maximises
/// `score − redundancy · max similarity to the chosen`, skipping near-duplicates.
fn mmr(
    options: &SummaryOptions,
    budget: &Budget,
    pool: &[usize],
    scores: &[f64],
    vectors: &SentenceVectors,
) -> Vec<usize> {
    let (words, vecs) = (&vectors.words, &vectors.vecs);
    let mut chosen: Vec<usize> = Vec::new();
    let mut used_words = 0;
    let mut max_sim = vec![0.0f64; pool.len()];
    let mut taken = vec![false; pool.len()];
    while chosen.len() < budget.sentences {
        let mut best: Option<(f64, usize)> = None;
        for (p, &i) in pool.iter().enumerate() {
            if taken[p] || max_sim[p] >= options.duplicate_similarity {
                continue;
            }
            if !chosen.is_empty() && used_words + words[i] > budget.words {
                continue;
            }
            let mmr = scores[i] - options.style.redundancy() * max_sim[p];
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
        if used_words >= budget.words {
            break;
        }
    }
    chosen
}

/// Long summaries: best first, skipping exact repeats of a chosen sentence.
fn best_first(budget: &Budget, pool: Vec<usize>, vectors: &SentenceVectors) -> Vec<usize> {
    let (words, vecs) = (&vectors.words, &vectors.vecs);
    let mut chosen: Vec<usize> = Vec::new();
    let mut used_words = 0;
    let mut seen = rustc_hash::FxHashSet::default();
    for i in pool {
        if chosen.len() >= budget.sentences
            || (!chosen.is_empty() && used_words + words[i] > budget.words)
        {
            continue;
        }
        if seen.insert(&vecs[i].indices) {
            used_words += words[i];
            chosen.push(i);
        }
    }
    chosen
}
