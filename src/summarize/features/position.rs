//! Position features: where a sentence sits among the article's eligible sentences and in its
//! paragraph. Ranks count eligible sentences only (fragments and structure are not sentences
//! a reader meets as the lead).

/// A smooth step that is about 1 for the first `k` ranks and falls to 0 after: "is this
/// sentence inside the lead of a `k`-sentence summary?"
pub fn lead(rank: usize, k: usize) -> f64 {
    1.0 / (1.0 + ((rank as f64 - (k as f64 - 0.5)) / 0.5).exp())
}

/// Exponential decay with rank, `exp(-rank / scale)`.
pub fn rank_decay(rank: usize, scale: f64) -> f64 {
    (-(rank as f64) / scale).exp()
}

/// `1 / (1 + j)` for the `j`-th sentence of its paragraph (counting every sentence).
pub fn paragraph_start(index_in_paragraph: usize) -> f64 {
    1.0 / (1.0 + index_in_paragraph as f64)
}

/// Each sentence's index within its paragraph, for all sentences in order.
pub fn indices_in_paragraphs(paragraph_of: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut out = Vec::new();
    let mut last = usize::MAX;
    let mut j = 0;
    for p in paragraph_of {
        j = if p == last { j + 1 } else { 0 };
        last = p;
        out.push(j);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_is_a_step_at_k() {
        assert!(lead(0, 3) > 0.99 && lead(2, 3) > 0.7 && lead(3, 3) < 0.3 && lead(5, 3) < 0.01);
        assert!(rank_decay(0, 3.0) == 1.0 && rank_decay(3, 3.0) < 0.37);
        assert_eq!(
            indices_in_paragraphs([0, 0, 1, 1, 1, 2].into_iter()),
            [0, 1, 0, 1, 2, 0]
        );
        assert_eq!(paragraph_start(1), 0.5);
    }
}
