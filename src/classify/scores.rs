//! A text's scores: joint log-likelihoods and the calibrated softmax over them.

/// A text's scores.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    /// Joint log-likelihood per label (before calibration), in label order.
    pub joint_log_likelihood: Vec<f64>,
    /// Calibrated probabilities per label, summing to 1 (all equal when the text has fewer
    /// than [`MIN_EVIDENCE`] known features).
    pub probabilities: Vec<f64>,
    /// Distinct known features of the text (0: nothing the model knows).
    pub evidence: usize,
    /// Index of the label: the most probable (the first on ties), or the model's catch-all
    /// when the text has too little evidence (see [`Scores::has_evidence`]).
    pub best: usize,
}

/// The fewest distinct known features (words and word pairs) a text needs to get a label of
/// its own. A single known term is too little ("The text" knows only `text`, a word of treaty
/// drafts; on held-out text of the built-in corpus a lone term gives the right label about
/// half the time): such a text, like one with no known term, gets equal probabilities, no
/// tags and the catch-all label.
pub const MIN_EVIDENCE: usize = 2;

impl Scores {
    /// Index of the label (see [`Scores::best`]).
    pub fn best(&self) -> usize {
        self.best
    }

    /// Whether the text has enough evidence for a label of its own: at least
    /// [`MIN_EVIDENCE`] distinct known features.
    pub fn has_evidence(&self) -> bool {
        has_evidence(self.evidence)
    }
}

/// Whether `evidence` distinct known features are enough for a label (see [`MIN_EVIDENCE`]).
pub(crate) fn has_evidence(evidence: usize) -> bool {
    evidence >= MIN_EVIDENCE
}

/// The temperature for a text with `evidence` distinct known features: `t / n^exponent`, so
/// that with a positive exponent texts with little evidence get flatter probabilities.
pub(crate) fn evidence_temperature(t: f64, exponent: f64, evidence: usize) -> f64 {
    if exponent == 0.0 {
        t
    } else {
        t / (evidence.max(1) as f64).powf(exponent)
    }
}

/// Index of the largest value (the first on ties).
pub(crate) fn argmax(values: &[f64]) -> usize {
    let mut best = 0;
    for (i, &v) in values.iter().enumerate() {
        if v > values[best] {
            best = i;
        }
    }
    best
}

/// Softmax of `jll / temperature`, with the max shifted out so nothing overflows or underflows to NaN.
pub(crate) fn softmax(jll: &[f64], temperature: f64, out: &mut Vec<f64>) {
    out.clear();
    let max = jll.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !max.is_finite() || jll.iter().any(|v| v.is_nan()) {
        // Every score overflowed, or one is not a number: no label is preferred.
        out.extend(jll.iter().map(|_| 1.0 / jll.len() as f64));
        return;
    }
    let mut sum = 0.0;
    for &v in jll {
        let e = ((v - max) / temperature).exp();
        sum += e;
        out.push(e);
    }
    out.iter_mut().for_each(|p| *p /= sum);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn softmax_is_stable_on_huge_log_likelihoods() {
        let mut p = Vec::new();
        softmax(&[-12000.0, -12001.0, -50000.0], 1.0, &mut p);
        assert!(p.iter().all(|x| x.is_finite()));
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!((p[0] / p[1] - std::f64::consts::E).abs() < 1e-9);
        softmax(&[0.0, 1.0], 0.5, &mut p);
        assert!((p[1] / p[0] - 2f64.exp()).abs() < 1e-9);
    }

    #[test]
    fn softmax_of_overflowed_scores_is_uniform_not_nan() {
        let mut p = Vec::new();
        softmax(&[f64::NEG_INFINITY, f64::NEG_INFINITY], 1.0, &mut p);
        assert_eq!(p, [0.5, 0.5]);
        softmax(&[f64::NAN, 1.0], 1.0, &mut p);
        assert!(p.iter().all(|x| x.is_finite()));
    }

    #[test]
    fn more_evidence_means_a_lower_temperature() {
        assert_eq!(evidence_temperature(0.5, 0.0, 9), 0.5);
        assert!((evidence_temperature(0.5, 0.5, 4) - 0.25).abs() < 1e-12);
        assert!(evidence_temperature(0.5, 0.3, 20) < evidence_temperature(0.5, 0.3, 3));
    }

    #[test]
    fn one_known_term_is_too_little_evidence() {
        assert!(!has_evidence(0));
        assert!(!has_evidence(1));
        assert!(has_evidence(2));
        assert!(has_evidence(40));
    }

    #[test]
    fn argmax_takes_the_first_of_ties() {
        assert_eq!(argmax(&[1.0, 3.0, 3.0, 2.0]), 1);
    }
}
