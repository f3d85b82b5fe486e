//! The linfa-bayes adapter: fits `MultinomialNb` on sparse rows and reads its fitted
//! parameters back.
//!
//! linfa-bayes 0.7.1 does not export a fitted model's parameters, so they are read from its
//! serde form: `class_info`, a map from label to `{class_count, prior, feature_count,
//! feature_log_prob}`, arrays in ndarray's `{v, dim, data}` form. This is the only file that
//! knows that layout; `the_fitted_layout_is_what_this_adapter_reads` fails if a linfa-bayes
//! upgrade changes it.

use super::float_tap::{Step, for_each_float};
use super::naive_bayes::{NbParams, label_sums};
use super::weighting::{complement_sums, complement_weights, uniform_log_priors};
use crate::error::{Error, Result};
use crate::fast::filled;
use crate::features::SparseVec;
use linfa::traits::FitWith;
use linfa::{DatasetBase, ParamGuard};
use linfa_bayes::MultinomialNb;
use ndarray::{Array1, Array2};
use std::collections::BTreeMap;

/// Fits linfa-bayes `MultinomialNb` on sparse rows, in dense chunks, and reads its parameters.
///
/// A label's parameters depend only on its own rows, so labels are split into groups fitted
/// side by side, each by linfa-bayes; priors are then the labels' shares of all rows, the
/// formula linfa-bayes uses (a test checks the result equals one linfa-bayes fit).
pub(crate) fn fit_linfa(
    rows: &[SparseVec],
    y: &[usize],
    n_labels: usize,
    n_features: usize,
    alpha: f64,
    chunk_rows: usize,
) -> Result<NbParams> {
    let mut counts = vec![0usize; n_labels];
    y.iter().for_each(|&c| counts[c] += 1);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (group_of, groups) = label_groups(&counts, threads);
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

/// Complement naive Bayes (TWCNB) through linfa-bayes `MultinomialNb`.
///
/// The complement log-probabilities `ln θ̃(f | label)` are multinomial log-probabilities fitted
/// on every other label's text; since naive Bayes depends on rows only through their sums,
/// feeding linfa-bayes one row per label equal to the total mass minus that label's gives them
/// exactly. The per-label normalisation is a step after the fit (see `weighting`); priors are
/// uniform.
pub(crate) fn fit_linfa_complement(
    rows: &[SparseVec],
    y: &[usize],
    n_labels: usize,
    n_features: usize,
    alpha: f64,
) -> Result<NbParams> {
    let refs: Vec<&SparseVec> = rows.iter().collect();
    let (sums, counts) = label_sums(&refs, y, n_labels, n_features);
    if counts.contains(&0) {
        return Err(Error::Training(
            "a label has no training text left after splitting into units".into(),
        ));
    }
    let complement = complement_sums(&sums);
    let params = MultinomialNb::<f64, usize>::params()
        .alpha(alpha)
        .check_ref()
        .map_err(|e| Error::InvalidOption(format!("naive Bayes parameters: {e}")))?
        .clone();
    let batch = (1_000_000 / n_features.max(1)).max(1);
    let mut model = None;
    let labels: Vec<usize> = (0..n_labels).collect();
    for chunk in labels.chunks(batch) {
        let mut x = Array2::from_shape_vec(
            (chunk.len(), n_features),
            filled(chunk.len() * n_features, 0.0),
        )
        .map_err(|e| Error::Training(format!("naive Bayes batch: {e}")))?;
        for (&c, mut row) in chunk.iter().zip(x.rows_mut()) {
            row.iter_mut()
                .zip(&complement[c])
                .for_each(|(a, b)| *a = *b);
        }
        let y = Array1::from_iter(chunk.iter().copied());
        model = params
            .fit_with(model, &DatasetBase::new(x, y))
            .map_err(|e| Error::Training(format!("naive Bayes fit failed: {e}")))?;
    }
    let model = model.ok_or_else(|| Error::Training("no training rows".into()))?;
    let mut log_prob = vec![Vec::new(); n_labels];
    for c in class_stats(&model, n_labels, n_features)? {
        log_prob[c.label] = c.feature_log_prob;
    }
    NbParams::checked(uniform_log_priors(n_labels), complement_weights(&log_prob))
}

/// Splits labels into at most `threads` groups of about equal row counts (largest label
/// first, each into the lightest group); returns each label's group and the group count.
fn label_groups(counts: &[usize], threads: usize) -> (Vec<usize>, usize) {
    let n_labels = counts.len();
    let groups = threads.min(n_labels).max(1);
    let mut by_size: Vec<usize> = (0..n_labels).collect();
    by_size.sort_by_key(|&c| std::cmp::Reverse(counts[c]));
    let (mut group_of, mut load) = (vec![0usize; n_labels], vec![0usize; groups]);
    for c in by_size {
        let g = (0..groups).min_by_key(|&g| load[g]).unwrap_or(0);
        group_of[c] = g;
        load[g] += counts[c];
    }
    (group_of, groups)
}

/// One label's fitted statistics, read from a linfa-bayes model.
struct ClassStats {
    label: usize,
    #[cfg_attr(not(test), allow(dead_code))]
    prior: f64,
    feature_log_prob: Vec<f64>,
}

/// Reads each label's prior and feature log-probabilities out of a fitted linfa-bayes model
/// through its serde form (linfa-bayes 0.7 does not export them otherwise), in label order.
fn class_stats(
    model: &MultinomialNb<f64, usize>,
    n_labels: usize,
    n_features: usize,
) -> Result<Vec<ClassStats>> {
    let broken = |m: &str| Error::Training(format!("unexpected linfa-bayes model layout: {m}"));
    let mut classes: BTreeMap<u64, (Option<f64>, Vec<f64>)> = BTreeMap::new();
    let mut read = |path: &[Step], x: f64| {
        use Step::{Element, Field, Key};
        match path {
            [Field("class_info"), Key(k), Field("prior")] => {
                classes.entry(*k).or_default().0 = Some(x);
            }
            [
                Field("class_info"),
                Key(k),
                Field("feature_log_prob"),
                Field("data"),
                Element,
            ] => classes
                .entry(*k)
                .or_insert_with(|| (None, Vec::with_capacity(n_features)))
                .1
                .push(x),
            _ => {}
        }
    };
    for_each_float(model, &mut read).map_err(|e| broken(&e.to_string()))?;
    if classes.is_empty() {
        return Err(broken("no class_info"));
    }
    classes
        .into_iter()
        .map(|(label, (prior, feature_log_prob))| {
            let prior = prior.ok_or_else(|| broken("prior"))?;
            let label = usize::try_from(label).map_err(|_| broken("label key"))?;
            if label >= n_labels || feature_log_prob.len() != n_features {
                return Err(broken("shape"));
            }
            Ok(ClassStats {
                label,
                prior,
                feature_log_prob,
            })
        })
        .collect()
}

/// The fitted linfa-bayes model itself.
///
/// Multinomial naive Bayes depends on its training rows only through each label's feature
/// sums and row count, so the rows are summed per label (in runs of at most `chunk_rows` rows;
/// 0 means a whole label) and linfa-bayes is fed one dense row per run through `fit_with`, in
/// batches of about a million cells. Its `feature_log_prob` then equals a row-by-row fit (up to
/// float rounding; a test below checks it), while the dense work shrinks from rows × features
/// to runs × features. Its `class_count` and `prior` count runs, not rows: take priors from
/// the row counts, as [`fit_linfa`] does.
pub(crate) fn fit_linfa_model(
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
    let (order, runs) = label_runs(y, chunk_rows);
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

/// Row ids ordered by label, and runs of at most `chunk_rows` (0: any number of) rows with
/// one label: (label, positions in the order).
#[allow(clippy::type_complexity)]
fn label_runs(
    y: &[usize],
    chunk_rows: usize,
) -> (Vec<usize>, Vec<(usize, std::ops::Range<usize>)>) {
    let run_limit = if chunk_rows > 0 {
        chunk_rows
    } else {
        usize::MAX
    };
    let mut order: Vec<usize> = (0..y.len()).collect();
    order.sort_by_key(|&i| y[i]);
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..=order.len() {
        if i == order.len() || y[order[i]] != y[order[start]] || i - start == run_limit {
            runs.push((y[order[start]], start..i));
            start = i;
        }
    }
    (order, runs)
}

/// Reads priors and feature log-probabilities out of a linfa-bayes model fitted row by row (its
/// own `prior` and `feature_log_prob`). Not for [`fit_linfa_model`]'s models, whose priors
/// count runs of rows.
#[cfg(test)]
fn linfa_params(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::corpus_tests::examples;
    use crate::classify::{TrainParams, Unit, Weighting};
    use crate::fast::filled;
    use linfa::prelude::{Fit, Predict};

    fn row(pairs: &[(u32, f64)]) -> SparseVec {
        SparseVec {
            indices: pairs.iter().map(|p| p.0).collect(),
            values: pairs.iter().map(|p| p.1).collect(),
        }
    }

    fn dense(rows: &[SparseVec], n_features: usize) -> Array2<f64> {
        let mut x = Array2::from_shape_vec(
            (rows.len(), n_features),
            filled(rows.len() * n_features, 0.0),
        )
        .unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (f, v) in row.iter() {
                x[[r, f]] = v;
            }
        }
        x
    }

    #[test]
    fn the_fitted_layout_is_what_this_adapter_reads() {
        // Counts: label 0 sums to [2, 1, 2], label 1 to [0, 3, 0]; alpha 1.
        let rows = [
            row(&[(0, 1.0), (2, 2.0)]),
            row(&[(1, 3.0)]),
            row(&[(0, 1.0), (1, 1.0)]),
        ];
        let x = dense(&rows, 3);
        let model = MultinomialNb::params()
            .alpha(1.0)
            .fit(&DatasetBase::new(x, Array1::from_vec(vec![0usize, 1, 0])))
            .unwrap();
        let v = serde_json::to_value(&model).unwrap();
        let keys = |v: &serde_json::Value| -> Vec<String> {
            let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
            k.sort();
            k
        };
        assert_eq!(keys(&v), ["class_info"]);
        let info = &v["class_info"];
        assert_eq!(keys(info), ["0", "1"]);
        for c in ["0", "1"] {
            assert_eq!(
                keys(&info[c]),
                ["class_count", "feature_count", "feature_log_prob", "prior"]
            );
            assert_eq!(keys(&info[c]["feature_log_prob"]), ["data", "dim", "v"]);
        }
        assert_eq!(info["0"]["class_count"], 2);
        let want = [
            (2.0 / 3.0, [3.0 / 8.0, 2.0 / 8.0, 3.0 / 8.0]),
            (1.0 / 3.0, [1.0 / 6.0, 4.0 / 6.0, 1.0 / 6.0]),
        ];
        let mut stats = class_stats(&model, 2, 3).unwrap();
        stats.sort_by_key(|s| s.label);
        for (s, (prior, probs)) in stats.iter().zip(want) {
            assert!((s.prior - prior).abs() < 1e-12, "{}", s.prior);
            for (got, p) in s.feature_log_prob.iter().zip(probs) {
                assert!((got - f64::ln(p)).abs() < 1e-12, "{got} vs ln {p}");
            }
        }
        // A model of another shape is refused, not misread.
        assert!(class_stats(&model, 2, 4).is_err());
    }

    #[test]
    fn sparse_fit_equals_linfa_fit() {
        let rows = vec![
            row(&[(0, 0.6), (2, 0.8)]),
            row(&[(1, 1.0)]),
            row(&[(0, 0.5), (1, 0.5), (2, std::f64::consts::FRAC_1_SQRT_2)]),
            row(&[(2, 1.0)]),
        ];
        let y = vec![0, 1, 1, 0];
        // Chunks of one row exercise fit_with's incremental path.
        let a = fit_linfa(&rows, &y, 2, 3, 0.1, 1).unwrap();
        let refs: Vec<&SparseVec> = rows.iter().collect();
        let b = super::super::naive_bayes::fit_sparse(&refs, &y, 2, 3, 0.1, Weighting::Multinomial);
        for c in 0..2 {
            assert!((a.log_priors[c] - b.log_priors[c]).abs() < 1e-12);
            for f in 0..3 {
                assert!((a.feature_log_prob[c][f] - b.feature_log_prob[c][f]).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn complement_through_linfa_equals_the_sparse_complement_estimator() {
        let rows = vec![
            row(&[(0, 0.6), (2, 0.8)]),
            row(&[(1, 1.0)]),
            row(&[(0, 0.5), (1, 0.5), (2, std::f64::consts::FRAC_1_SQRT_2)]),
            row(&[(2, 1.0)]),
            row(&[(0, 1.0)]),
        ];
        let y = vec![0, 1, 1, 0, 2];
        let a = fit_linfa_complement(&rows, &y, 3, 3, 0.1).unwrap();
        let refs: Vec<&SparseVec> = rows.iter().collect();
        let b = super::super::naive_bayes::fit_sparse(&refs, &y, 3, 3, 0.1, Weighting::Complement);
        assert_eq!(a.log_priors, b.log_priors);
        for c in 0..3 {
            for f in 0..3 {
                assert!((a.feature_log_prob[c][f] - b.feature_log_prob[c][f]).abs() < 1e-12);
            }
        }
    }

    /// Rows for a plain row-by-row linfa-bayes fit of complement log-probabilities: every row
    /// once for each label it does not carry, labelled with that label.
    fn complement_dataset(
        x: &Array2<f64>,
        y: &[usize],
        n_labels: usize,
    ) -> (Array2<f64>, Vec<usize>) {
        let mut rows = Vec::new();
        let mut labels = Vec::new();
        for (r, &c) in y.iter().enumerate() {
            for other in (0..n_labels).filter(|&o| o != c) {
                rows.extend(x.row(r).iter().copied());
                labels.push(other);
            }
        }
        (
            Array2::from_shape_vec((labels.len(), x.ncols()), rows).unwrap(),
            labels,
        )
    }

    /// newsdesk's sparse scoring equals linfa-bayes's own fitted model on the same rows: the
    /// same predicted labels, and the same joint log-likelihoods to 1e-9 (before calibration).
    #[test]
    fn labels_and_joint_log_likelihoods_equal_linfa_bayes() {
        equal_linfa_bayes(Weighting::Multinomial);
    }

    /// Complement weighting: linfa-bayes fitted row by row on every row given to each label it
    /// does not carry yields the complement log-probabilities; normalised as TWCNB, they score
    /// every row as newsdesk's model does.
    #[test]
    fn complement_labels_and_scores_equal_linfa_bayes() {
        equal_linfa_bayes(Weighting::Complement);
    }

    fn equal_linfa_bayes(weighting: Weighting) {
        let examples = examples();
        let params = TrainParams {
            unit: Unit::Paragraph,
            calibration_folds: 0,
            weighting,
            ..Default::default()
        }
        .check()
        .unwrap();
        let model = params.fit(&examples, &mut |_| {}).unwrap();
        let (texts, y, labels) = params.units(&examples).unwrap();
        assert_eq!(labels, model.labels());
        assert!(texts.len() > 300, "{} units", texts.len());
        let v = model.vectorizer().len();
        let rows: Vec<SparseVec> = texts
            .iter()
            .map(|t| model.vectorizer().transform(t))
            .collect();

        // linfa-bayes fitted the plain way: every row, dense, in the original order, one `fit`.
        let x = dense(&rows, v);
        let alpha = params.params().alpha;
        let refs: Vec<&SparseVec> = rows.iter().collect();
        let (p, predicted) = match weighting {
            Weighting::Multinomial => {
                let linfa_model = MultinomialNb::params()
                    .alpha(alpha)
                    .fit(&DatasetBase::new(x.clone(), Array1::from_vec(y.clone())))
                    .unwrap();
                // linfa-bayes's joint log-likelihood from its own fitted parameters.
                let p = linfa_params(&linfa_model, labels.len(), v).unwrap();
                // newsdesk's per-label sums fed to linfa-bayes give the same log-probabilities,
                // whatever the run length (1 row = the row-by-row path through `fit_with`).
                for run in [0, 1, 7] {
                    let summed = fit_linfa_model(&refs, &y, v, alpha, run).unwrap();
                    let summed = linfa_params(&summed, labels.len(), v).unwrap();
                    assert_close(&summed.feature_log_prob, &p.feature_log_prob, 1e-12);
                }
                (p, linfa_model.predict(&x).to_vec())
            }
            Weighting::Complement => {
                let (cx, cy) = complement_dataset(&x, &y, labels.len());
                let linfa_model = MultinomialNb::params()
                    .alpha(alpha)
                    .fit(&DatasetBase::new(cx, Array1::from_vec(cy)))
                    .unwrap();
                let lp = linfa_params(&linfa_model, labels.len(), v).unwrap();
                let p = NbParams {
                    log_priors: uniform_log_priors(labels.len()),
                    feature_log_prob: complement_weights(&lp.feature_log_prob),
                };
                // One summed complement row per label gives the same weights.
                let summed = fit_linfa_complement(&rows, &y, labels.len(), v, alpha).unwrap();
                assert_close(&summed.feature_log_prob, &p.feature_log_prob, 1e-12);
                let predicted = (0..rows.len())
                    .map(|r| super::super::scores::argmax(&p.joint_log_likelihood(&rows[r])))
                    .collect();
                (p, predicted)
            }
        };
        let mut agree = 0;
        for (r, row) in rows.iter().enumerate() {
            let ours = model.score_row(row);
            for c in 0..labels.len() {
                let theirs = p.log_priors[c]
                    + x.row(r)
                        .iter()
                        .zip(&p.feature_log_prob[c])
                        .map(|(a, b)| a * b)
                        .sum::<f64>();
                let diff = (ours.joint_log_likelihood[c] - theirs).abs();
                assert!(
                    diff < 1e-9,
                    "row {r} label {c}: {} vs {theirs}",
                    ours.joint_log_likelihood[c]
                );
            }
            assert_eq!(ours.best(), predicted[r], "row {r}");
            agree += usize::from(predicted[r] == y[r]);
        }
        // Sanity: the model fits its own training rows well, so the comparison is not vacuous.
        assert!(agree as f64 / rows.len() as f64 > 0.9);
    }

    fn assert_close(a: &[Vec<f64>], b: &[Vec<f64>], tol: f64) {
        for (c, (ra, rb)) in a.iter().zip(b).enumerate() {
            for (x, y) in ra.iter().zip(rb) {
                assert!((x - y).abs() < tol, "label {c}: {x} vs {y}");
            }
        }
    }
}
