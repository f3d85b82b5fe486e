//! bytes → TopicModel::from_bytes → classify a short text.
//!
//! Loading must never panic: any byte string is either a model or an error. A model that
//! loads must classify without panicking and give finite probabilities that sum to 1.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdesk::classify::TopicModel;

fuzz_target!(|data: &[u8]| {
    let Ok(model) = TopicModel::from_bytes(data, "fuzz") else { return };
    let mut classifier = model.classifier();
    let topics = classifier.classify_text("Troops and banks", 0.5);
    assert_eq!(topics.scores.len(), model.labels().len(), "one score per label");
    assert!(model.labels().contains(&topics.label), "label {:?} is not one of the model's", topics.label);
    let probs: Vec<f64> = topics.scores.iter().map(|s| s.score).collect();
    assert!(probs.iter().all(|p| p.is_finite() && *p >= 0.0), "bad probabilities {probs:?}");
    let sum: f64 = probs.iter().sum();
    assert!((sum - 1.0).abs() < 1e-6, "probabilities sum to {sum}: {probs:?}");
    for tag in &topics.tags {
        assert!(model.labels().contains(tag), "tag {tag:?} is not one of the model's labels");
    }
});
