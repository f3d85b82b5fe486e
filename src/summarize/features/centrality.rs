//! Centrality features: similarity to the article's centroid, and PageRank on the sentence
//! graph whose edges are TF-IDF cosines.
//!
//! The graph is dense over at most [`GRAPH_POOL`] sentences: for longer inputs it is built on
//! the pool of sentences most similar to the centroid, and the others get the lowest rank, so
//! a 50 MB article costs `O(pool²)` dot products rather than `O(n²)`.

use crate::features::SparseVec;

/// Most sentences the PageRank graph holds.
pub const GRAPH_POOL: usize = 300;
/// PageRank damping.
const DAMPING: f64 = 0.85;
/// Power iterations.
const ITERATIONS: usize = 50;

/// Cosine of each vector to the sum of all of them (vectors are unit length).
pub fn centroid_similarity(vecs: &[&SparseVec], n_terms: usize) -> Vec<f64> {
    let mut centroid = vec![0.0; n_terms];
    for v in vecs {
        for (&t, &x) in v.indices.iter().zip(&v.values) {
            centroid[t as usize] += x;
        }
    }
    let norm = centroid
        .iter()
        .map(|x| x * x)
        .sum::<f64>()
        .sqrt()
        .max(1e-12);
    vecs.iter()
        .map(|v| {
            v.indices
                .iter()
                .zip(&v.values)
                .map(|(&t, &x)| x * centroid[t as usize])
                .sum::<f64>()
                / norm
        })
        .collect()
}

/// PageRank of each sentence (mean 1 over the pool; 0 outside it). `centroid` ranks the
/// sentences for the pool when there are more than [`GRAPH_POOL`].
pub fn pagerank(vecs: &[&SparseVec], centroid: &[f64]) -> Vec<f64> {
    let n = vecs.len();
    let mut pool: Vec<usize> = (0..n).collect();
    if n > GRAPH_POOL {
        pool.sort_by(|&a, &b| centroid[b].total_cmp(&centroid[a]).then(a.cmp(&b)));
        pool.truncate(GRAPH_POOL);
        pool.sort_unstable();
    }
    let ranks = pagerank_dense(&pool.iter().map(|&i| vecs[i]).collect::<Vec<_>>());
    let mut out = vec![0.0; n];
    for (&i, r) in pool.iter().zip(ranks) {
        out[i] = r;
    }
    out
}

/// PageRank on the complete cosine graph of `vecs`, scaled to mean 1. Power iteration on the
/// row-normalised graph, stopping when the ranks move by less than 1e-9 (at most 50 steps).
fn pagerank_dense(vecs: &[&SparseVec]) -> Vec<f64> {
    let m = vecs.len();
    if m < 2 {
        return vec![1.0; m];
    }
    let mut w = vec![0.0; m * m];
    for i in 0..m {
        for j in i + 1..m {
            let s = vecs[i].dot(vecs[j]);
            w[i * m + j] = s;
            w[j * m + i] = s;
        }
    }
    // Row i spreads its rank over its edges; a sentence without edges spreads it evenly.
    let mut dangling = vec![false; m];
    for (i, row) in w.chunks_mut(m).enumerate() {
        let sum: f64 = row.iter().sum();
        if sum > 0.0 {
            row.iter_mut().for_each(|x| *x /= sum);
        } else {
            dangling[i] = true;
        }
    }
    let base = (1.0 - DAMPING) / m as f64;
    let mut r = vec![1.0 / m as f64; m];
    let mut next = vec![0.0; m];
    for _ in 0..ITERATIONS {
        let spread: f64 = (0..m).filter(|&i| dangling[i]).map(|i| r[i]).sum::<f64>() / m as f64;
        next.iter_mut().for_each(|x| *x = base + DAMPING * spread);
        for (i, row) in w.chunks(m).enumerate() {
            let share = DAMPING * r[i];
            if share != 0.0 && !dangling[i] {
                for (x, &p) in next.iter_mut().zip(row) {
                    *x += share * p;
                }
            }
        }
        let moved: f64 = r.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut r, &mut next);
        if moved < 1e-9 {
            break;
        }
    }
    r.iter().map(|x| x * m as f64).collect()
}

/// `(x - mean) / sd` within the article (all zeros when the values do not vary).
pub fn z_scores(x: &[f64]) -> Vec<f64> {
    let n = x.len().max(1) as f64;
    let mean = x.iter().sum::<f64>() / n;
    let sd = (x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt();
    if sd > 1e-12 {
        x.iter().map(|v| (v - mean) / sd).collect()
    } else {
        vec![0.0; x.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(i: &[u32], x: &[f64]) -> SparseVec {
        let n = x.iter().map(|a| a * a).sum::<f64>().sqrt();
        SparseVec {
            indices: i.to_vec(),
            values: x.iter().map(|a| a / n).collect(),
        }
    }

    #[test]
    fn the_sentence_sharing_most_ranks_highest() {
        // 0 shares a term with 1 and with 2; 1 and 2 share nothing with each other; 3 is alone.
        let s = [
            v(&[0, 1], &[1.0, 1.0]),
            v(&[0, 2], &[1.0, 1.0]),
            v(&[1, 3], &[1.0, 1.0]),
            v(&[4], &[1.0]),
        ];
        let refs: Vec<&SparseVec> = s.iter().collect();
        let pr = pagerank(&refs, &centroid_similarity(&refs, 5));
        assert!(pr[0] > pr[1] && pr[0] > pr[2] && pr[1] > pr[3], "{pr:?}");
        assert!((pr.iter().sum::<f64>() - 4.0).abs() < 1e-9);
        let z = z_scores(&pr);
        assert!(z.iter().sum::<f64>().abs() < 1e-9);
    }

    #[test]
    fn long_inputs_rank_only_the_pool() {
        let s: Vec<SparseVec> = (0..GRAPH_POOL as u32 + 50)
            .map(|i| v(&[i % 7, 100 + i % 3], &[1.0, 1.0]))
            .collect();
        let refs: Vec<&SparseVec> = s.iter().collect();
        let pr = pagerank(&refs, &centroid_similarity(&refs, 103));
        assert_eq!(pr.iter().filter(|&&x| x > 0.0).count(), GRAPH_POOL);
    }
}
