//! Naive Bayes parameters, and newsdesk's own sparse estimator of them.
//!
//! The estimator uses linfa-bayes `MultinomialNb`'s formulas (a test in `linfa_nb` checks the
//! two agree); it serves the many small fits of calibration and cross-validation folds, where
//! building dense rows for linfa-bayes would cost more than the fit.

use super::weighting::{Weighting, complement_sums, complement_weights, uniform_log_priors};
use crate::error::{Error, Result};
use crate::fast::filled;
use crate::features::SparseVec;

/// Naive Bayes parameters: log priors and per-label feature weights (`ln P(feature | label)`
/// for multinomial weighting).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NbParams {
    /// Log prior per label.
    pub(crate) log_priors: Vec<f64>,
    /// Log feature probabilities, one row per label.
    pub(crate) feature_log_prob: Vec<Vec<f64>>,
}

impl NbParams {
    /// Parameters in which every label got training rows (a label without any keeps a -inf
    /// prior, which is refused).
    pub(crate) fn checked(
        log_priors: Vec<f64>,
        feature_log_prob: Vec<Vec<f64>>,
    ) -> Result<NbParams> {
        if log_priors.iter().any(|p| !p.is_finite()) {
            return Err(Error::Training(
                "a label has no training text left after splitting into units".into(),
            ));
        }
        Ok(NbParams {
            log_priors,
            feature_log_prob,
        })
    }

    /// Joint log-likelihood of a sparse row.
    pub(crate) fn joint_log_likelihood(&self, row: &SparseVec) -> Vec<f64> {
        self.log_priors
            .iter()
            .zip(&self.feature_log_prob)
            .map(|(p, w)| p + row.iter().map(|(f, x)| x * w[f]).sum::<f64>())
            .collect()
    }
}

/// Each label's feature sums and row count.
pub(crate) fn label_sums(
    rows: &[&SparseVec],
    y: &[usize],
    n_labels: usize,
    n_features: usize,
) -> (Vec<Vec<f64>>, Vec<usize>) {
    let mut sums: Vec<Vec<f64>> = (0..n_labels).map(|_| filled(n_features, 0.0)).collect();
    let mut counts = vec![0usize; n_labels];
    for (row, &c) in rows.iter().zip(y) {
        counts[c] += 1;
        for (f, x) in row.iter() {
            sums[c][f] += x;
        }
    }
    (sums, counts)
}

/// `ln((s + alpha) / Σ(s + alpha))` of each row of sums: linfa-bayes `MultinomialNb`'s formula.
/// Written over the sums; features a label never has (most of them) share one logarithm,
/// `ln(0 + alpha)`, taken once.
pub(crate) fn smoothed_log_prob(sums: Vec<Vec<f64>>, alpha: f64) -> Vec<Vec<f64>> {
    sums.into_iter()
        .map(|mut s| {
            let denom: f64 = s.iter().map(|x| x + alpha).sum::<f64>().ln();
            let unseen = (0.0 + alpha).ln() - denom;
            for x in &mut s {
                *x = if *x == 0.0 {
                    unseen
                } else {
                    (*x + alpha).ln() - denom
                };
            }
            s
        })
        .collect()
}

/// The same estimator as linfa-bayes `MultinomialNb` (same formulas), on sparse rows, with
/// `weighting`'s weights (complement: linfa-bayes's formula on each label's complement sums,
/// then the TWCNB normalisation).
pub(crate) fn fit_sparse(
    rows: &[&SparseVec],
    y: &[usize],
    n_labels: usize,
    n_features: usize,
    alpha: f64,
    weighting: Weighting,
) -> NbParams {
    let (sums, counts) = label_sums(rows, y, n_labels, n_features);
    match weighting {
        Weighting::Multinomial => {
            let total: usize = counts.iter().sum();
            let log_priors = counts
                .iter()
                .map(|&n| (n as f64 / total as f64).ln())
                .collect();
            NbParams {
                log_priors,
                feature_log_prob: smoothed_log_prob(sums, alpha),
            }
        }
        Weighting::Complement => NbParams {
            log_priors: uniform_log_priors(n_labels),
            feature_log_prob: complement_weights(&smoothed_log_prob(complement_sums(&sums), alpha)),
        },
    }
}
