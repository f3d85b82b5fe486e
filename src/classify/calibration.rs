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
const EXPONENTS: [f64; 7] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6];

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
    let (t, b) = fit_temperature_and_exponent(&held);
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

/// The (temperature, exponent) pair of [`EXPONENTS`] with the lowest held-out negative
/// log-likelihood (the smaller exponent on ties); exponents are tried side by side.
fn fit_temperature_and_exponent(held: &Held) -> (f64, f64) {
    // Scaling by n^b multiplies typical scores by about g^b (g: the geometric mean of the
    // evidence), so each exponent's search starts from the last one's temperature times that.
    let g = (held.iter().map(|h| (h.2.max(1) as f64).ln()).sum::<f64>() / held.len().max(1) as f64)
        .exp();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per = EXPONENTS.len().div_ceil(threads.max(1));
    let fitted: Vec<(f64, f64, f64)> = std::thread::scope(|scope| {
        let handles: Vec<_> = EXPONENTS
            .chunks(per)
            .map(|bs| {
                scope.spawn(move || {
                    let mut t = 1.0;
                    let mut last_b = 0.0;
                    bs.iter()
                        .map(|&b| {
                            let scaled = Shifted::new(held.iter().map(|(jll, c, n)| {
                                let s = (*n.max(&1) as f64).powf(b);
                                (jll.iter().map(move |x| x * s), *c)
                            }));
                            t = fit_temperature_from(&scaled, t * g.powf(b - last_b));
                            last_b = b;
                            (nll_derivatives(&scaled, 1.0 / t).0, t, b)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut best = (f64::INFINITY, 1.0, 0.0);
    for f in fitted {
        if f.0 < best.0 {
            best = f;
        }
    }
    (best.1, best.2)
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

/// Held-out scores laid out for the temperature search: each row's scores minus the row's
/// largest (`z`, so that `exp(β z)` cannot overflow), one row after another, and the shifted
/// score of each row's true label. Shifting once here spares every pass of the search.
struct Shifted {
    labels: usize,
    z: Vec<f64>,
    true_z: Vec<f64>,
}

impl Shifted {
    /// The rows `(scores, true label)`, shifted.
    fn new<R: IntoIterator<Item = f64>>(rows: impl IntoIterator<Item = (R, usize)>) -> Shifted {
        let mut s = Shifted {
            labels: 0,
            z: Vec::new(),
            true_z: Vec::new(),
        };
        for (row, c) in rows {
            let start = s.z.len();
            s.z.extend(row);
            let row = &mut s.z[start..];
            s.labels = row.len();
            let max = row.iter().fold(f64::NEG_INFINITY, |m, &x| m.max(x));
            row.iter_mut().for_each(|x| *x -= max);
            s.true_z.push(row[c]);
        }
        s
    }

    /// Each row's shifted scores with its true label's.
    fn rows(&self) -> impl Iterator<Item = (&[f64], f64)> {
        self.z
            .chunks_exact(self.labels.max(1))
            .zip(self.true_z.iter().copied())
    }
}

/// The temperature minimising held-out negative log-likelihood. The negative log-likelihood is
/// convex in the inverse temperature `β`, so Newton's method on `β` (halving any step that does
/// not lower it) finds the minimum in a few passes; `β` stays in [1/400, 1/6e-6].
#[cfg(test)]
fn fit_temperature(held: &[(Vec<f64>, usize)]) -> f64 {
    fit_temperature_from(
        &Shifted::new(held.iter().map(|(r, c)| (r.iter().copied(), *c))),
        1.0,
    )
}

/// [`fit_temperature`], starting the search at temperature `start`.
fn fit_temperature_from(held: &Shifted, start: f64) -> f64 {
    const LOW: f64 = 1.0 / 400.0;
    const HIGH: f64 = 1.0 / 6e-6;
    let mut beta = (1.0 / start).clamp(LOW, HIGH);
    let (mut f, mut d1, mut d2) = nll_derivatives(held, beta);
    for _ in 0..100 {
        if d2 <= 0.0 || !d1.is_finite() {
            break;
        }
        let mut step = -d1 / d2;
        let mut moved = false;
        for _ in 0..30 {
            let next = (beta + step).clamp(LOW, HIGH);
            let (nf, nd1, nd2) = nll_derivatives(held, next);
            if nf <= f {
                moved = next != beta;
                (beta, f, d1, d2) = (next, nf, nd1, nd2);
                break;
            }
            step /= 2.0;
        }
        if !moved || step.abs() < 1e-8 * beta {
            break;
        }
    }
    1.0 / beta
}

/// The held-out negative log-likelihood under `softmax(β jll)` and its first and second
/// derivatives in `β`: `Σ E_p[z] − z_c` and `Σ Var_p[z]` (`z` the max-shifted scores).
fn nll_derivatives(held: &Shifted, beta: f64) -> (f64, f64, f64) {
    let (mut f, mut d1, mut d2) = (0.0, 0.0, 0.0);
    for (z, zc) in held.rows() {
        let (mut sum, mut mean, mut square) = (0.0, 0.0, 0.0);
        for &z in z {
            // exp(β·0) is exactly 1: the row's largest score needs no exponential.
            let e = if z == 0.0 { 1.0 } else { (beta * z).exp() };
            sum += e;
            mean += e * z;
            square += e * z * z;
        }
        let (mean, square) = (mean / sum, square / sum);
        f += sum.ln() - beta * zc;
        d1 += mean - zc;
        d2 += square - mean * mean;
    }
    (f, d1, d2)
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
    fn the_fitted_temperature_minimises_the_held_out_loss() {
        // Right 80% of the time with a margin of 1: the best inverse temperature is ln 4.
        let held: Vec<(Vec<f64>, usize)> = (0..50)
            .map(|i| (vec![1.0, 0.0], usize::from(i % 5 == 0)))
            .collect();
        let t = fit_temperature(&held);
        assert!((1.0 / t - 4f64.ln()).abs() < 1e-6, "{t}");
        let shifted = Shifted::new(held.iter().map(|(r, c)| (r.iter().copied(), *c)));
        let loss = |t: f64| nll_derivatives(&shifted, 1.0 / t).0;
        assert!(loss(t) < loss(t * 1.01) && loss(t) < loss(t * 0.99));
    }

    #[test]
    fn folds_are_stratified_per_label() {
        assert_eq!(
            stratified_folds(&[0, 0, 1, 0, 1, 1, 0], 2, 3),
            [0, 1, 0, 2, 1, 2, 0]
        );
    }
}
