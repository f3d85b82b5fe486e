//! Training: hyper-parameters → checked parameters → `fit` → a [`TopicModel`].
//!
//! The naive Bayes parameters come from linfa-bayes `MultinomialNb`, fed dense row chunks with
//! `fit_with` so memory stays bounded however large the corpus. A temperature is then fitted on
//! held-out folds so that scores are calibrated probabilities.

use super::data::Example;
use super::metrics::expected_calibration_error;
use super::model::{CalibrationInfo, LabelCount, ModelMeta, TopicModel, argmax, softmax};
use crate::error::{Error, Result};
use crate::features::{SparseVec, TfidfOptions, Vectorizer};
use crate::text::{AnalyzerOptions, Document};
use linfa::DatasetBase;
use linfa::traits::FitWith;
use linfa_bayes::MultinomialNb;
use ndarray::{Array1, Array2};
use std::collections::BTreeMap;

/// What one training unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Each file or row is one unit.
    Document,
    /// Each file or row is split into paragraphs that all carry its label.
    Paragraph,
}

impl Unit {
    fn name(self) -> &'static str {
        match self {
            Unit::Document => "document",
            Unit::Paragraph => "paragraph",
        }
    }
}

/// Training hyper-parameters (unchecked). Build, then [`TrainParams::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct TrainParams {
    /// Additive (Laplace/Lidstone) smoothing, > 0.
    pub alpha: f64,
    /// How text becomes terms.
    pub analyzer: AnalyzerOptions,
    /// Vocabulary and weighting. `min_df` 0 means automatic: 1 below 100 units, 2 below
    /// 1000, else 3.
    pub tfidf: TfidfOptions,
    /// What one training unit is.
    pub unit: Unit,
    /// Held-out folds for the temperature (0 or 1: no calibration).
    pub calibration_folds: usize,
    /// Rows summed into one dense row for linfa-bayes at most (see
    /// [`fit_linfa_model`]); 0: all of a label's rows.
    pub chunk_rows: usize,
}

impl Default for TrainParams {
    fn default() -> Self {
        TrainParams {
            alpha: 0.05,
            analyzer: AnalyzerOptions {
                keep_numbers: true,
                ..AnalyzerOptions::default()
            },
            tfidf: TfidfOptions {
                min_df: 0,
                bigrams: true,
                ..TfidfOptions::default()
            },
            unit: Unit::Document,
            calibration_folds: 5,
            chunk_rows: 0,
        }
    }
}

/// Checked training parameters, ready to [`ValidTrainParams::fit`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValidTrainParams(TrainParams);

impl TrainParams {
    /// Checks every value, naming the option at fault.
    pub fn check(self) -> Result<ValidTrainParams> {
        let bad = |m: String| Err(Error::InvalidOption(m));
        if !(self.alpha.is_finite() && self.alpha > 0.0) {
            return bad(format!(
                "--alpha must be a positive number, got {}",
                self.alpha
            ));
        }
        if !(self.tfidf.max_df > 0.0 && self.tfidf.max_df <= 1.0) {
            return bad(format!(
                "--max-df must be in (0, 1], got {}",
                self.tfidf.max_df
            ));
        }
        if self.tfidf.max_features == Some(0) {
            return bad("--max-features must be at least 1".into());
        }
        if self.calibration_folds > 20 {
            return bad(format!(
                "--calibration-folds must be at most 20, got {}",
                self.calibration_folds
            ));
        }
        Ok(ValidTrainParams(self))
    }
}

impl ValidTrainParams {
    /// The parameters.
    pub fn params(&self) -> &TrainParams {
        &self.0
    }

    /// Splits examples into training units with label ids; returns (texts, label ids, labels).
    pub fn units<'a>(
        &self,
        examples: &'a [Example],
    ) -> Result<(Vec<&'a str>, Vec<usize>, Vec<String>)> {
        let mut labels: Vec<String> = examples.iter().map(|e| e.label.clone()).collect();
        labels.sort();
        labels.dedup();
        let index: BTreeMap<&str, usize> = labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.as_str(), i))
            .collect();
        let mut texts = Vec::new();
        let mut ids = Vec::new();
        for e in examples {
            let id = index[e.label.as_str()];
            match self.0.unit {
                Unit::Document => {
                    if !e.text.trim().is_empty() {
                        texts.push(e.text.as_str());
                        ids.push(id);
                    }
                }
                Unit::Paragraph => {
                    for p in Document::parse(&e.text).paragraphs() {
                        texts.push(p.slice(&e.text));
                        ids.push(id);
                    }
                }
            }
        }
        let present: std::collections::BTreeSet<usize> = ids.iter().copied().collect();
        if present.len() < 2 {
            return Err(Error::Training(format!(
                "training needs at least two labels with text; found {}",
                match labels.as_slice() {
                    [] => "none".to_string(),
                    ls => ls.join(", "),
                }
            )));
        }
        Ok((texts, ids, labels))
    }

    /// Fits a model on labelled examples. `warn` receives notes such as rare labels.
    pub fn fit(&self, examples: &[Example], warn: &mut dyn FnMut(String)) -> Result<TopicModel> {
        let p = &self.0;
        let (texts, y, labels) = self.units(examples)?;
        let mut counts = vec![0usize; labels.len()];
        y.iter().for_each(|&c| counts[c] += 1);
        for (l, &n) in labels.iter().zip(&counts) {
            if n < 5 {
                warn(format!(
                    "warning: label '{l}' has only {n} training unit(s); its scores will be unreliable"
                ));
            }
        }
        let mut tfidf = p.tfidf.clone();
        if tfidf.min_df == 0 {
            tfidf.min_df = auto_min_df(texts.len());
        }
        let (vectorizer, rows) = Vectorizer::fit_transform(p.analyzer.clone(), tfidf, &texts);
        if vectorizer.is_empty() {
            return Err(Error::Training(
                "the training text has no usable words (after stop words and --min-df); add more text or lower --min-df".into(),
            ));
        }
        // The linfa-bayes fit and the calibration folds are independent: run them side by side.
        let (nb, (temperature, calibration)) = std::thread::scope(|scope| {
            let calibration =
                scope.spawn(|| calibrate(&rows, &y, labels.len(), vectorizer.len(), p));
            let nb = fit_linfa(
                &rows,
                &y,
                labels.len(),
                vectorizer.len(),
                p.alpha,
                p.chunk_rows,
            );
            (nb, calibration.join().unwrap_or((1.0, None)))
        });
        let nb = nb?;
        let meta = ModelMeta {
            crate_version: env!("CARGO_PKG_VERSION").to_string(),
            labels: labels
                .iter()
                .zip(&counts)
                .map(|(l, &c)| LabelCount {
                    label: l.clone(),
                    count: c,
                })
                .collect(),
            alpha: p.alpha,
            unit: p.unit.name().to_string(),
            vocabulary_size: vectorizer.len(),
            calibration,
        };
        Ok(TopicModel::new(
            meta,
            vectorizer,
            labels,
            nb.log_priors,
            nb.feature_log_prob,
            temperature,
        ))
    }
}

/// The automatic minimum document frequency for a corpus of `units` training units.
pub fn auto_min_df(units: usize) -> usize {
    match units {
        0..100 => 1,
        100..1000 => 2,
        _ => 3,
    }
}

/// Naive Bayes parameters: `ln P(label)` and `ln P(feature | label)`.
#[derive(Debug, Clone, PartialEq)]
pub struct NbParams {
    /// Log prior per label.
    pub log_priors: Vec<f64>,
    /// Log feature probabilities, one row per label.
    pub feature_log_prob: Vec<Vec<f64>>,
}

/// Fits linfa-bayes `MultinomialNb` on sparse rows, in dense chunks, and reads its parameters.
pub fn fit_linfa(
    rows: &[SparseVec],
    y: &[usize],
    n_labels: usize,
    n_features: usize,
    alpha: f64,
    chunk_rows: usize,
) -> Result<NbParams> {
    // A label's parameters depend only on its own rows, so labels are split into groups fitted
    // side by side, each by linfa-bayes; priors are then the labels' shares of all rows, the
    // formula linfa-bayes uses (a test checks the result equals one linfa-bayes fit).
    let mut counts = vec![0usize; n_labels];
    y.iter().for_each(|&c| counts[c] += 1);
    let groups = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(n_labels)
        .max(1);
    let mut by_size: Vec<usize> = (0..n_labels).collect();
    by_size.sort_by_key(|&c| std::cmp::Reverse(counts[c]));
    let (mut group_of, mut load) = (vec![0usize; n_labels], vec![0usize; groups]);
    for c in by_size {
        let g = (0..groups).min_by_key(|&g| load[g]).unwrap_or(0);
        group_of[c] = g;
        load[g] += counts[c];
    }
    let fitted: Vec<Result<Vec<ClassStats>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..groups)
            .map(|g| {
                let group_of = &group_of;
                scope.spawn(move || {
                    let (rs, ys): (Vec<&SparseVec>, Vec<usize>) = rows
                        .iter()
                        .zip(y)
                        .filter(|(_, c)| group_of[**c] == g)
                        .map(|(r, &c)| (r, c))
                        .unzip();
                    if rs.is_empty() {
                        return Ok(Vec::new());
                    }
                    let model = fit_linfa_model(&rs, &ys, n_features, alpha, chunk_rows)?;
                    class_stats(&model, n_labels, n_features)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Error::Training("a training thread failed".into())))
            })
            .collect()
    });
    let mut log_priors = vec![f64::NEG_INFINITY; n_labels];
    let mut feature_log_prob = vec![Vec::new(); n_labels];
    let total = y.len() as f64;
    for stats in fitted {
        for ClassStats {
            label,
            feature_log_prob: flp,
            ..
        } in stats?
        {
            log_priors[label] = (counts[label] as f64 / total).ln();
            feature_log_prob[label] = flp;
        }
    }
    NbParams::checked(log_priors, feature_log_prob)
}

/// One label's fitted statistics, read from a linfa-bayes model.
struct ClassStats {
    label: usize,
    prior: f64,
    feature_log_prob: Vec<f64>,
}

/// Reads each label's row count and feature log-probabilities out of a fitted linfa-bayes
/// model through its serde form (linfa-bayes 0.7 does not export them otherwise).
fn class_stats(
    model: &MultinomialNb<f64, usize>,
    n_labels: usize,
    n_features: usize,
) -> Result<Vec<ClassStats>> {
    let broken = |m: &str| Error::Training(format!("unexpected linfa-bayes model layout: {m}"));
    let v = serde_json::to_value(model).map_err(|e| broken(&e.to_string()))?;
    let info = v
        .get("class_info")
        .and_then(|c| c.as_object())
        .ok_or_else(|| broken("no class_info"))?;
    let mut out = Vec::with_capacity(info.len());
    for (key, ci) in info {
        let label: usize = key.parse().map_err(|_| broken("label key"))?;
        let prior = ci
            .get("prior")
            .and_then(|p| p.as_f64())
            .ok_or_else(|| broken("prior"))?;
        let data = ci
            .get("feature_log_prob")
            .and_then(|a| a.get("data"))
            .and_then(|d| d.as_array())
            .ok_or_else(|| broken("feature_log_prob"))?;
        if label >= n_labels || data.len() != n_features {
            return Err(broken("shape"));
        }
        let feature_log_prob = data
            .iter()
            .map(|x| x.as_f64().ok_or_else(|| broken("number")))
            .collect::<Result<_>>()?;
        out.push(ClassStats {
            label,
            prior,
            feature_log_prob,
        });
    }
    Ok(out)
}

/// The fitted linfa-bayes model itself.
///
/// Multinomial naive Bayes depends on its training rows only through each label's feature
/// sums and row count, so the rows are summed per label (in runs of at most `chunk_rows` rows;
/// 0 means a whole label) and linfa-bayes is fed one dense row per run through `fit_with`, in
/// batches of about a million cells. Its `feature_log_prob` then equals a row-by-row fit (up to
/// float rounding; `tests/linfa_equivalence.rs` checks it), while the dense work shrinks from
/// rows × features to runs × features. Its `class_count` and `prior` count runs, not rows: take
/// priors from the row counts, as [`fit_linfa`] does.
pub fn fit_linfa_model(
    rows: &[&SparseVec],
    y: &[usize],
    n_features: usize,
    alpha: f64,
    chunk_rows: usize,
) -> Result<MultinomialNb<f64, usize>> {
    let params = MultinomialNb::<f64, usize>::params()
        .alpha(alpha)
        .check_ref()
        .map_err(|e| Error::InvalidOption(format!("naive Bayes parameters: {e}")))?
        .clone();
    let run_limit = if chunk_rows > 0 {
        chunk_rows
    } else {
        usize::MAX
    };
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&i| y[i]);
    // Runs of rows with one label: (label, positions in `order`).
    let mut runs: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    let mut start = 0;
    for i in 1..=order.len() {
        if i == order.len() || y[order[i]] != y[order[start]] || i - start == run_limit {
            runs.push((y[order[start]], start..i));
            start = i;
        }
    }
    let batch = (1_000_000 / n_features.max(1)).max(1);
    let mut model = None;
    for runs in runs.chunks(batch) {
        let mut x = Array2::from_shape_vec(
            (runs.len(), n_features),
            filled(runs.len() * n_features, 0.0),
        )
        .map_err(|e| Error::Training(format!("naive Bayes batch: {e}")))?;
        for ((_, range), mut sum) in runs.iter().zip(x.rows_mut()) {
            for &i in &order[range.clone()] {
                for (f, v) in rows[i].iter() {
                    sum[f] += v;
                }
            }
        }
        let labels = Array1::from_iter(runs.iter().map(|(label, _)| *label));
        model = params
            .fit_with(model, &DatasetBase::new(x, labels))
            .map_err(|e| Error::Training(format!("naive Bayes fit failed: {e}")))?;
    }
    model.ok_or_else(|| Error::Training("no training rows".into()))
}

use crate::flat_map::filled;
use linfa::ParamGuard;

/// Reads priors and feature log-probabilities out of a linfa-bayes model fitted row by row (its
/// own `prior` and `feature_log_prob`, through its serde form). Not for [`fit_linfa_model`]'s
/// models, whose priors count runs of rows.
pub fn linfa_params(
    model: &MultinomialNb<f64, usize>,
    n_labels: usize,
    n_features: usize,
) -> Result<NbParams> {
    let mut log_priors = vec![f64::NEG_INFINITY; n_labels];
    let mut feature_log_prob = vec![Vec::new(); n_labels];
    for c in class_stats(model, n_labels, n_features)? {
        log_priors[c.label] = c.prior.ln();
        feature_log_prob[c.label] = c.feature_log_prob;
    }
    NbParams::checked(log_priors, feature_log_prob)
}

/// The same estimator as linfa-bayes `MultinomialNb` (same formulas), on sparse rows:
/// used for the many small fits of calibration and cross-validation folds.
pub fn fit_sparse(
    rows: &[&SparseVec],
    y: &[usize],
    n_labels: usize,
    n_features: usize,
    alpha: f64,
) -> NbParams {
    let mut sums: Vec<Vec<f64>> = (0..n_labels).map(|_| filled(n_features, 0.0)).collect();
    let mut counts = vec![0usize; n_labels];
    for (row, &c) in rows.iter().zip(y) {
        counts[c] += 1;
        for (f, x) in row.iter() {
            sums[c][f] += x;
        }
    }
    let total: usize = counts.iter().sum();
    let log_priors = counts
        .iter()
        .map(|&n| (n as f64 / total as f64).ln())
        .collect();
    let feature_log_prob = sums
        .into_iter()
        .map(|s| {
            let denom: f64 = s.iter().map(|x| x + alpha).sum::<f64>().ln();
            s.into_iter().map(|x| (x + alpha).ln() - denom).collect()
        })
        .collect();
    NbParams {
        log_priors,
        feature_log_prob,
    }
}

impl NbParams {
    /// Parameters in which every label got training rows (a label without any keeps a -inf
    /// prior, which is refused).
    fn checked(log_priors: Vec<f64>, feature_log_prob: Vec<Vec<f64>>) -> Result<NbParams> {
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
    pub fn joint_log_likelihood(&self, row: &SparseVec) -> Vec<f64> {
        self.log_priors
            .iter()
            .zip(&self.feature_log_prob)
            .map(|(p, w)| p + row.iter().map(|(f, x)| x * w[f]).sum::<f64>())
            .collect()
    }
}

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

/// Fits the softmax temperature on held-out folds; returns (temperature, figures).
fn calibrate(
    rows: &[SparseVec],
    y: &[usize],
    n_labels: usize,
    n_features: usize,
    p: &TrainParams,
) -> (f64, Option<CalibrationInfo>) {
    let k = p.calibration_folds;
    let mut per_label = vec![0usize; n_labels];
    y.iter().for_each(|&c| per_label[c] += 1);
    if k < 2 || per_label.iter().any(|&n| n < k) {
        return (1.0, None);
    }
    let folds = stratified_folds(y, n_labels, k);
    // Folds are fitted and scored side by side; results are joined in fold order.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Held-out rows' joint log-likelihoods with their true labels.
    type Held = Vec<(Vec<f64>, usize)>;
    let score_fold = |fold: usize| -> Held {
        let (tr_rows, tr_y): (Vec<&SparseVec>, Vec<usize>) = rows
            .iter()
            .zip(y)
            .zip(&folds)
            .filter(|(_, f)| **f != fold)
            .map(|((r, &c), _)| (r, c))
            .unzip();
        let nb = fit_sparse(&tr_rows, &tr_y, n_labels, n_features, p.alpha);
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
    let held: Held = per_fold.into_iter().flatten().collect();
    let t = fit_temperature(&held);
    let ece = |t: f64| {
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
    };
    (
        t,
        Some(CalibrationInfo {
            folds: k,
            ece_before: ece(1.0),
            ece_after: ece(t),
        }),
    )
}

/// The temperature minimising held-out negative log-likelihood (golden-section search on ln T,
/// to a bracket of about 1e-7).
pub fn fit_temperature(held: &[(Vec<f64>, usize)]) -> f64 {
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

    fn ex(text: &str, label: &str) -> Example {
        Example {
            text: text.into(),
            label: label.into(),
        }
    }

    #[test]
    fn check_rejects_bad_values_naming_the_option() {
        let e = TrainParams {
            alpha: -1.0,
            ..Default::default()
        }
        .check()
        .unwrap_err()
        .to_string();
        assert!(e.contains("--alpha"));
        let mut p = TrainParams::default();
        p.tfidf.max_df = 1.5;
        assert!(p.check().unwrap_err().to_string().contains("--max-df"));
    }

    #[test]
    fn a_single_label_is_refused() {
        let p = TrainParams::default().check().unwrap();
        let e = p
            .fit(
                &[ex("Rates rose", "economics"), ex("Rates fell", "economics")],
                &mut |_| {},
            )
            .unwrap_err();
        assert!(e.to_string().contains("at least two labels"), "{e}");
    }

    #[test]
    fn sparse_fit_equals_linfa_fit() {
        let rows = vec![
            SparseVec {
                indices: vec![0, 2],
                values: vec![0.6, 0.8],
            },
            SparseVec {
                indices: vec![1],
                values: vec![1.0],
            },
            SparseVec {
                indices: vec![0, 1, 2],
                values: vec![0.5, 0.5, std::f64::consts::FRAC_1_SQRT_2],
            },
            SparseVec {
                indices: vec![2],
                values: vec![1.0],
            },
        ];
        let y = vec![0, 1, 1, 0];
        // Chunks of one row exercise fit_with's incremental path.
        let a = fit_linfa(&rows, &y, 2, 3, 0.1, 1).unwrap();
        let refs: Vec<&SparseVec> = rows.iter().collect();
        let b = fit_sparse(&refs, &y, 2, 3, 0.1);
        for c in 0..2 {
            assert!((a.log_priors[c] - b.log_priors[c]).abs() < 1e-12);
            for f in 0..3 {
                assert!((a.feature_log_prob[c][f] - b.feature_log_prob[c][f]).abs() < 1e-12);
            }
        }
    }

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
    fn paragraph_units_split_examples() {
        let p = TrainParams {
            unit: Unit::Paragraph,
            ..Default::default()
        }
        .check()
        .unwrap();
        let exs = [
            ex("Rates rose.\n\nBanks lent more.", "economics"),
            ex("Troops moved.", "security"),
        ];
        let (texts, y, labels) = p.units(&exs).unwrap();
        assert_eq!(texts, ["Rates rose.", "Banks lent more.", "Troops moved."]);
        assert_eq!(y, [0, 0, 1]);
        assert_eq!(labels, ["economics", "security"]);
    }
}
