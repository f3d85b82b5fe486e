//! How naive Bayes counts become per-label feature weights: multinomial (`ln P(f | label)`) or
//! complement (Rennie et al. 2003, "Tackling the poor assumptions of naive Bayes text
//! classifiers": weights from each label's complement counts, normalised per label, TWCNB).

use serde::{Deserialize, Serialize};

/// The naive Bayes weighting of a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weighting {
    /// Multinomial naive Bayes: `ln P(label) + Σ x_f ln P(f | label)`.
    #[default]
    Multinomial,
    /// Complement naive Bayes (TWCNB): `Σ x_f w_f,label`, where `w` is minus the log-probability
    /// of the feature in every other label's text, normalised per label; no prior.
    Complement,
}

impl Weighting {
    /// The name used on the command line and in model files.
    pub fn name(self) -> &'static str {
        match self {
            Weighting::Multinomial => "multinomial",
            Weighting::Complement => "complement",
        }
    }
}

/// Each label's complement sums: the total mass of every feature minus the label's own.
pub(crate) fn complement_sums(sums: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let n_features = sums.first().map_or(0, Vec::len);
    let mut total = vec![0.0; n_features];
    for s in sums {
        total.iter_mut().zip(s).for_each(|(t, x)| *t += x);
    }
    sums.iter()
        .map(|s| total.iter().zip(s).map(|(t, x)| (t - x).max(0.0)).collect())
        .collect()
}

/// TWCNB weights from complement log-probabilities `ln θ̃(f | label)` (fitted on the label's
/// complement sums). Per label, `w = −ln θ̃ / mean_f |ln θ̃|`: Rennie's per-label normalisation
/// (scaled by the vocabulary size, so weights stay near 1 whatever its size), which keeps
/// labels with much complement text from dominating. Each feature's weights are then shifted
/// so that the largest is 0: the shift adds the same amount to every label's score, so it
/// changes neither the ranking nor the softmax, and weights stay at most 0 like
/// log-probabilities.
pub(crate) fn complement_weights(complement_log_prob: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let mut w: Vec<Vec<f64>> = complement_log_prob
        .iter()
        .map(|lp| {
            let mean = lp.iter().map(|x| x.abs()).sum::<f64>() / lp.len().max(1) as f64;
            let scale = if mean > 0.0 { 1.0 / mean } else { 1.0 };
            lp.iter().map(|x| -x * scale).collect()
        })
        .collect();
    let n_features = w.first().map_or(0, Vec::len);
    for f in 0..n_features {
        let max = w.iter().map(|r| r[f]).fold(f64::NEG_INFINITY, f64::max);
        w.iter_mut().for_each(|r| r[f] -= max);
    }
    w
}

/// Log priors for complement weighting: uniform (TWCNB decides by the weights alone).
pub(crate) fn uniform_log_priors(n_labels: usize) -> Vec<f64> {
    vec![-(n_labels.max(1) as f64).ln(); n_labels]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complement_sums_leave_out_the_label() {
        let s = complement_sums(&[vec![1.0, 0.0, 2.0], vec![0.0, 3.0, 1.0]]);
        assert_eq!(s, [vec![0.0, 3.0, 1.0], vec![1.0, 0.0, 2.0]]);
    }

    #[test]
    fn a_feature_rare_in_the_complement_favours_the_label() {
        // Feature 0 is common outside label 0 and rare outside label 1: it must weigh for label 1.
        let lp = vec![
            vec![(0.8f64).ln(), (0.2f64).ln()],
            vec![(0.1f64).ln(), (0.9f64).ln()],
        ];
        let w = complement_weights(&lp);
        assert!(w[1][0] > w[0][0], "{w:?}");
        assert!(w[0][1] > w[1][1], "{w:?}");
        // Shifted: the largest weight of each feature is 0, none above.
        for f in 0..2 {
            assert_eq!(
                w.iter().map(|r| r[f]).fold(f64::NEG_INFINITY, f64::max),
                0.0
            );
        }
    }
}
