//! Calibration on held-out folds changes a model's probabilities, never its labels.
//! (The equivalence with linfa-bayes is checked inside the crate, next to its adapter.)

use newsdesk::classify::{Example, TrainParams, Unit};
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
        (calibrated.temperature() - 1.0).abs() > 1e-3,
        "a temperature was fitted: {}",
        calibrated.temperature()
    );
    let info = calibrated.meta().calibration.as_ref().unwrap();
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
