//! Tests that fit models on a sample of the shipped corpus: calibration on held-out folds
//! changes a model's probabilities, never its labels; short texts get less confident scores;
//! no evidence gives the catch-all. The sample is shared with the linfa-bayes adapter's tests.

use crate::classify::{Example, TrainParams, Unit, Weighting};
use std::path::Path;

/// A few hundred paragraphs of the shipped training corpus, four labels.
pub(crate) fn examples() -> Vec<Example> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("training-data");
    let mut out = Vec::new();
    for label in ["diplomacy", "economics", "general", "security"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(label))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        // The first two paragraph batches (`*-a-*`), not the headline batches.
        for f in files
            .iter()
            .filter(|f| f.to_string_lossy().contains("-a-"))
            .take(2)
        {
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

/// Paragraph units and headline-length cuts of them calibrate the evidence exponent: with
/// mixed lengths held out, short texts are right less often than long ones, and the fitted
/// exponent makes their scores less confident.
#[test]
fn short_texts_get_less_confident_scores_than_long_ones() {
    let model = TrainParams {
        unit: Unit::Paragraph,
        ..Default::default()
    }
    .check()
    .unwrap()
    .fit(&examples(), &mut |_| {})
    .unwrap();
    assert!(
        model.evidence_exponent() > 0.0,
        "exponent {}",
        model.evidence_exponent()
    );
    let mut c = model.classifier();
    let short = c.score("Troops shelled the town.");
    let long = c.score(
        "Troops shelled the town. Troops shelled the town again. Artillery and mortar fire hit \
         army posts, rebels ambushed a convoy and soldiers were killed in the fighting.",
    );
    assert_eq!(model.labels()[short.best()], "security");
    assert_eq!(model.labels()[long.best()], "security");
    assert!(short.evidence < long.evidence);
    assert!(short.probabilities[short.best()] < long.probabilities[long.best()]);
}

/// Text with no term (or a single term) the model knows gets the catch-all label, equal
/// probabilities and no tags, whatever the priors; without a catch-all, the label with most
/// training units.
#[test]
fn no_evidence_gives_the_catch_all_label_and_no_tags() {
    let examples = examples();
    for (catch_all, weighting) in [
        (Some("general"), Weighting::Multinomial),
        (Some("security"), Weighting::Complement),
        (None, Weighting::Multinomial),
    ] {
        let model = TrainParams {
            unit: Unit::Paragraph,
            calibration_folds: 0,
            catch_all: catch_all.map(str::to_string),
            weighting,
            ..Default::default()
        }
        .check()
        .unwrap()
        .fit(&examples, &mut |_| {})
        .unwrap();
        let topics = model.classifier().classify_text("Zyxw qwvq plugh.", 0.2);
        let most_units = model
            .meta()
            .labels
            .iter()
            .max_by_key(|l| l.count)
            .unwrap()
            .label
            .clone();
        assert_eq!(topics.label, catch_all.map_or(most_units, str::to_string));
        assert!(topics.tags.is_empty(), "{topics:?}");
        assert!(topics.scores.iter().all(|s| (s.score - 0.25).abs() < 1e-12));
        assert_eq!(model.weighting(), weighting);
        assert_eq!(model.catch_all(), catch_all);
        // One known word is too little evidence; two are enough.
        let one = model.classifier().classify_text("Zyxw inflation.", 0.2);
        assert_eq!(one.label, topics.label);
        assert!(one.tags.is_empty(), "{one:?}");
        let two = model
            .classifier()
            .classify_text("Zyxw inflation rates.", 0.2);
        assert_eq!(two.label, "economics");
    }
}

/// Complement weighting (TWCNB) classifies like multinomial on clear cases and its
/// probabilities are calibrated on held-out folds too.
#[test]
fn complement_weighting_fits_and_calibrates() {
    let model = TrainParams {
        unit: Unit::Paragraph,
        weighting: Weighting::Complement,
        ..Default::default()
    }
    .check()
    .unwrap()
    .fit(&examples(), &mut |_| {})
    .unwrap();
    let info = model.meta().calibration.as_ref().unwrap();
    assert!(info.ece_after < info.ece_before, "{info:?}");
    assert!(model.log_priors().windows(2).all(|w| w[0] == w[1]));
    let mut c = model.classifier();
    for (text, want) in [
        ("Troops shelled the border town overnight.", "security"),
        ("The central bank cut interest rates again.", "economics"),
        ("The envoys signed a treaty at the summit.", "diplomacy"),
    ] {
        let s = c.score(text);
        assert_eq!(model.labels()[s.best()], want, "{text}");
        assert!(
            s.probabilities[s.best()] > 0.5,
            "{text}: {:?}",
            s.probabilities
        );
    }
}
