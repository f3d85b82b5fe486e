//! newsdesk's sparse scoring equals linfa-bayes's own fitted model on the same rows:
//! the same predicted labels, and the same joint log-likelihoods to 1e-9 (before calibration).

use linfa::DatasetBase;
use linfa::prelude::{Fit, Predict};
use linfa_bayes::MultinomialNb;
use ndarray::{Array1, Array2};
use newsdesk::classify::train::{fit_linfa_model, linfa_params};
use newsdesk::classify::{Example, TrainParams, Unit};
use newsdesk::features::SparseVec;
use std::path::Path;

/// A few hundred paragraphs of the shipped training corpus, four labels.
fn examples() -> Vec<Example> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("training-data");
    let mut out = Vec::new();
    for label in ["diplomacy", "economics", "general", "security"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(label))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for f in files.iter().take(2) {
            out.push(Example {
                text: std::fs::read_to_string(f).unwrap(),
                label: label.to_string(),
            });
        }
    }
    out
}

fn dense(rows: &[SparseVec], n_features: usize) -> Array2<f64> {
    let mut x = Array2::zeros((rows.len(), n_features));
    for (r, row) in rows.iter().enumerate() {
        for (f, v) in row.iter() {
            x[[r, f]] = v;
        }
    }
    x
}

#[test]
fn labels_and_joint_log_likelihoods_equal_linfa_bayes() {
    let examples = examples();
    let params = TrainParams {
        unit: Unit::Paragraph,
        calibration_folds: 0,
        ..Default::default()
    }
    .check()
    .unwrap();
    let model = params.fit(&examples, &mut |_| {}).unwrap();
    let (texts, y, labels) = params.units(&examples).unwrap();
    assert_eq!(labels, model.labels);
    assert!(texts.len() > 300, "{} units", texts.len());
    let v = model.vectorizer.len();
    let rows: Vec<SparseVec> = texts
        .iter()
        .map(|t| model.vectorizer.transform(t))
        .collect();

    // linfa-bayes fitted the plain way: every row, dense, in the original order, one `fit`.
    let x = dense(&rows, v);
    let linfa_model = MultinomialNb::params()
        .alpha(params.params().alpha)
        .fit(&DatasetBase::new(x.clone(), Array1::from_vec(y.clone())))
        .unwrap();
    let predicted = linfa_model.predict(&x);
    // linfa-bayes's joint log-likelihood from its own fitted parameters: ln prior + x · ln P(f|c).
    let p = linfa_params(&linfa_model, labels.len(), v).unwrap();
    // newsdesk's per-label sums fed to linfa-bayes give the same log-probabilities, whatever
    // the run length (1 row = the row-by-row path through `fit_with`).
    let refs: Vec<&SparseVec> = rows.iter().collect();
    for run in [0, 1, 7] {
        let summed = fit_linfa_model(&refs, &y, v, params.params().alpha, run).unwrap();
        let summed = linfa_params(&summed, labels.len(), v).unwrap();
        for c in 0..labels.len() {
            for (a, b) in summed.feature_log_prob[c]
                .iter()
                .zip(&p.feature_log_prob[c])
            {
                assert!((a - b).abs() < 1e-12, "run {run} label {c}: {a} vs {b}");
            }
        }
    }
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

#[test]
fn calibration_changes_probabilities_but_not_labels() {
    let examples = examples();
    let calibrated = TrainParams {
        unit: Unit::Paragraph,
        ..Default::default()
    }
    .check()
    .unwrap()
    .fit(&examples, &mut |_| {})
    .unwrap();
    let raw = TrainParams {
        unit: Unit::Paragraph,
        calibration_folds: 0,
        ..Default::default()
    }
    .check()
    .unwrap()
    .fit(&examples, &mut |_| {})
    .unwrap();
    assert!(
        (calibrated.temperature - 1.0).abs() > 1e-3,
        "a temperature was fitted: {}",
        calibrated.temperature
    );
    let info = calibrated.meta.calibration.as_ref().unwrap();
    assert!(info.ece_after <= info.ece_before, "{info:?}");
    let (mut a, mut b) = (calibrated.classifier(), raw.classifier());
    for text in [
        "Troops shelled the border town.",
        "The central bank cut rates.",
        "The envoys signed a treaty.",
    ] {
        let (sa, sb) = (a.score(text), b.score(text));
        assert_eq!(sa.best(), sb.best());
        assert!((sa.probabilities[sa.best()] - sb.probabilities[sb.best()]).abs() > 1e-6);
    }
}
