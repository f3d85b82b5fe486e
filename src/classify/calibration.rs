//! Calibration: a softmax temperature and an evidence exponent fitted on held-out folds, so
//! that scores are probabilities for long and short texts alike.

use super::meta::CalibrationInfo;
use super::metrics::expected_calibration_error;
use super::naive_bayes::fit_sparse;
use super::scores::{argmax, softmax};
use super::weighting::Weighting;
use crate::features::SparseVec;

/// Held-out rows' joint log-likelihoods with their true labels and evidence (distinct features).
type Held = Vec<(Vec<f64>, usize, usize)>;

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

/// What calibration fitted: how a text's scores become probabilities.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Calibrated {
    /// Softmax temperature.
    pub(crate) temperature: f64,
    /// Scores are multiplied by `n^evidence_exponent` before the temperature.
    pub(crate) evidence_exponent: f64,
    /// Held-out figures (none: not calibrated).
    pub(crate) info: Option<CalibrationInfo>,
}

/// The training rows and how to fit and score them on held-out folds.
pub(crate) struct HeldOut<'a> {
    /// Every unit's row.
    pub(crate) rows: &'a [SparseVec],
    /// Shorter versions of some units (row, index of the unit it was cut from), scored by the
    /// model of their unit's fold so that short texts are calibrated too.
    pub(crate) extra: &'a [(SparseVec, usize)],
    /// Label of each unit.
    pub(crate) y: &'a [usize],
    /// Label count.
    pub(crate) n_labels: usize,
    /// Feature count.
    pub(crate) n_features: usize,
    /// Smoothing.
    pub(crate) alpha: f64,
    /// Naive Bayes weighting.
    pub(crate) weighting: Weighting,
}

/// Exponents tried for the evidence-dependent temperature.
const EXPONENTS: [f64; 11] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

/// Fits the softmax temperature and the evidence exponent on `folds` held-out folds (the pair
/// with the lowest held-out negative log-likelihood); returns (1, 0, none) when there are too
/// few folds or a label has fewer rows than folds.
pub(crate) fn calibrate(data: &HeldOut, folds: usize) -> Calibrated {
    let k = folds;
    let mut per_label = vec![0usize; data.n_labels];
    data.y.iter().for_each(|&c| per_label[c] += 1);
    if k < 2 || per_label.iter().any(|&n| n < k) {
        return Calibrated {
            temperature: 1.0,
            evidence_exponent: 0.0,
            info: None,
        };
    }
    let held = held_out_scores(data, k);
    let (mut best, mut best_nll) = ((1.0, 0.0), f64::INFINITY);
    for b in EXPONENTS {
        let scaled = scale_by_evidence(&held, b);
        let t = fit_temperature(&scaled);
        let nll = negative_log_likelihood(&scaled, 1.0 / t);
        if nll < best_nll {
            (best, best_nll) = ((t, b), nll);
        }
    }
    let (t, b) = best;
    let info = CalibrationInfo {
        folds: k,
        ece_before: held_out_ece(&scale_by_evidence(&held, 0.0), 1.0),
        ece_after: held_out_ece(&scale_by_evidence(&held, b), t),
    };
    Calibrated {
        temperature: t,
        evidence_exponent: b,
        info: Some(info),
    }
}

/// Held-out scores multiplied by `evidence^b`, with their labels.
fn scale_by_evidence(held: &Held, b: f64) -> Vec<(Vec<f64>, usize)> {
    held.iter()
        .map(|(jll, c, n)| {
            let s = (*n.max(&1) as f64).powf(b);
            (jll.iter().map(|x| x * s).collect(), *c)
        })
        .collect()
}

/// Every row's (and every extra row's) joint log-likelihoods under a model fitted without its
/// fold. Folds are fitted and scored side by side; results are joined in fold order.
fn held_out_scores(data: &HeldOut, k: usize) -> Held {
    let (rows, y) = (data.rows, data.y);
    let folds = stratified_folds(y, data.n_labels, k);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let score_fold = |fold: usize| -> Held {
        let (tr_rows, tr_y): (Vec<&SparseVec>, Vec<usize>) = rows
            .iter()
            .zip(y)
            .zip(&folds)
            .filter(|(_, f)| **f != fold)
            .map(|((r, &c), _)| (r, c))
            .unzip();
        let nb = fit_sparse(
            &tr_rows,
            &tr_y,
            data.n_labels,
            data.n_features,
            data.alpha,
            data.weighting,
        );
        let held = rows.iter().zip(y).zip(&folds).filter(|(_, f)| **f == fold);
        let extra = data.extra.iter().filter(|(_, i)| folds[*i] == fold);
        held.map(|((r, &c), _)| (r, c))
            .chain(extra.map(|(r, i)| (r, y[*i])))
            .map(|(r, c)| (nb.joint_log_likelihood(r), c, r.indices.len()))
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

/// Held-out negative log-likelihood of the true labels under `softmax(jll * inv_t)`.
fn negative_log_likelihood(held: &[(Vec<f64>, usize)], inv_t: f64) -> f64 {
    // -ln softmax(jll / t)[c] = logsumexp(jll / t) - jll[c] / t, capped as if p >= 1e-300.
    let cap = -(1e-300f64).ln();
    held.iter()
        .map(|(jll, c)| {
            let max = jll.iter().fold(f64::NEG_INFINITY, |m, &x| m.max(x));
            let sum: f64 = jll.iter().map(|&x| ((x - max) * inv_t).exp()).sum();
            (sum.ln() - (jll[*c] - max) * inv_t).min(cap)
        })
        .sum::<f64>()
}

/// The temperature minimising held-out negative log-likelihood (golden-section search on ln T,
/// to a bracket of about 1e-7).
pub(crate) fn fit_temperature(held: &[(Vec<f64>, usize)]) -> f64 {
    let nll = |log_t: f64| negative_log_likelihood(held, (-log_t).exp());
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
