//! Calibration: a softmax temperature fitted on held-out folds, so that scores are
//! probabilities.

use super::meta::CalibrationInfo;
use super::metrics::expected_calibration_error;
use super::naive_bayes::fit_sparse;
use super::scores::{argmax, softmax};
use crate::features::SparseVec;

/// Held-out rows' joint log-likelihoods with their true labels.
type Held = Vec<(Vec<f64>, usize)>;

/// Stratified fold of each unit: the i-th unit of each label goes to fold `i % k`.
pub fn stratified_folds(y: &[usize], n_labels: usize, k: usize) -> Vec<usize> {
    let mut seen = vec![0usize; n_labels];
    y.iter()
        .map(|&c| {
            let f = seen[c] % k;
            seen[c] += 1;
            f
        })
        .collect()
}

/// Fits the softmax temperature on `folds` held-out folds of the rows; returns (temperature,
/// figures), or (1, none) when there are too few folds or a label has fewer rows than folds.
pub(crate) fn calibrate(
    rows: &[SparseVec],
    y: &[usize],
    n_labels: usize,
    n_features: usize,
    alpha: f64,
    folds: usize,
) -> (f64, Option<CalibrationInfo>) {
    let k = folds;
    let mut per_label = vec![0usize; n_labels];
    y.iter().for_each(|&c| per_label[c] += 1);
    if k < 2 || per_label.iter().any(|&n| n < k) {
        return (1.0, None);
    }
    let held = held_out_scores(rows, y, n_labels, n_features, alpha, k);
    let t = fit_temperature(&held);
    let info = CalibrationInfo {
        folds: k,
        ece_before: held_out_ece(&held, 1.0),
        ece_after: held_out_ece(&held, t),
    };
    (t, Some(info))
}

/// Every row's joint log-likelihoods under a model fitted without its fold, in fold order.
/// Folds are fitted and scored side by side; results are joined in fold order.
fn held_out_scores(
    rows: &[SparseVec],
    y: &[usize],
    n_labels: usize,
    n_features: usize,
    alpha: f64,
    k: usize,
) -> Held {
    let folds = stratified_folds(y, n_labels, k);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let score_fold = |fold: usize| -> Held {
        let (tr_rows, tr_y): (Vec<&SparseVec>, Vec<usize>) = rows
            .iter()
            .zip(y)
            .zip(&folds)
            .filter(|(_, f)| **f != fold)
            .map(|((r, &c), _)| (r, c))
            .unzip();
        let nb = fit_sparse(&tr_rows, &tr_y, n_labels, n_features, alpha);
        rows.iter()
            .zip(y)
            .zip(&folds)
            .filter(|(_, f)| **f == fold)
            .map(|((r, &c), _)| (nb.joint_log_likelihood(r), c))
            .collect()
    };
    let per_fold: Vec<Held> = std::thread::scope(|scope| {
        let score_fold = &score_fold;
        let handles: Vec<_> = (0..threads.min(k))
            .map(|t| {
                scope.spawn(move || {
                    (t..k)
                        .step_by(threads.min(k))
                        .map(|fold| (fold, score_fold(fold)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut done: Vec<(usize, Held)> = handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect();
        done.sort_by_key(|(fold, _)| *fold);
        done.into_iter().map(|(_, held)| held).collect()
    });
    per_fold.into_iter().flatten().collect()
}

/// Expected calibration error of the held-out top scores under temperature `t`.
fn held_out_ece(held: &[(Vec<f64>, usize)], t: f64) -> f64 {
    let mut probs = Vec::new();
    let pairs: Vec<(f64, bool)> = held
        .iter()
        .map(|(jll, c)| {
            softmax(jll, t, &mut probs);
            let best = argmax(jll);
            (probs[best], best == *c)
        })
        .collect();
    expected_calibration_error(&pairs)
}

/// The temperature minimising held-out negative log-likelihood (golden-section search on ln T,
/// to a bracket of about 1e-7).
pub(crate) fn fit_temperature(held: &[(Vec<f64>, usize)]) -> f64 {
    // -ln softmax(jll / t)[c] = logsumexp(jll / t) - jll[c] / t, capped as if p >= 1e-300.
    let cap = -(1e-300f64).ln();
    let nll = |log_t: f64| {
        let inv_t = (-log_t).exp();
        held.iter()
            .map(|(jll, c)| {
                let max = jll.iter().fold(f64::NEG_INFINITY, |m, &x| m.max(x));
                let sum: f64 = jll.iter().map(|&x| ((x - max) * inv_t).exp()).sum();
                (sum.ln() - (jll[*c] - max) * inv_t).min(cap)
            })
            .sum::<f64>()
    };
    let (mut a, mut b) = (-12.0f64, 6.0f64);
    let g = (5f64.sqrt() - 1.0) / 2.0;
    let (mut c, mut d) = (b - g * (b - a), a + g * (b - a));
    let (mut fc, mut fd) = (nll(c), nll(d));
    for _ in 0..40 {
        if fc < fd {
            b = d;
            d = c;
            fd = fc;
            c = b - g * (b - a);
            fc = nll(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + g * (b - a);
            fd = nll(d);
        }
    }
    ((a + b) / 2.0).exp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temperature_sharpens_underconfident_scores() {
        // Always right, but the raw scores are nearly flat: the fitted temperature must be < 1.
        let held: Vec<(Vec<f64>, usize)> = (0..50)
            .map(|i| {
                if i % 2 == 0 {
                    (vec![0.1, 0.0], 0)
                } else {
                    (vec![0.0, 0.1], 1)
                }
            })
            .collect();
        assert!(fit_temperature(&held) < 0.1);
    }

    #[test]
    fn folds_are_stratified_per_label() {
        assert_eq!(
            stratified_folds(&[0, 0, 1, 0, 1, 1, 0], 2, 3),
            [0, 1, 0, 2, 1, 2, 0]
        );
    }
}
