//! `newsdesk cv`: stratified k-fold cross-validation of training options.

use super::eval::{Scored, eval_units, print_report};
use super::train::{read_training, train_params};
use crate::cli::args::CvArgs;
use anyhow::{Context, Result};
use newsdesk::classify::{self, Example};

pub fn run(a: CvArgs) -> Result<()> {
    let params = train_params(&a.options)?.check()?;
    let examples = read_training(&a.options)?;
    let mut labels: Vec<String> = examples.iter().map(|e| e.label.clone()).collect();
    labels.sort();
    labels.dedup();
    let y: Vec<usize> = examples
        .iter()
        .map(|e| labels.binary_search(&e.label).unwrap_or(0))
        .collect();
    let k = a.folds as usize;
    let folds = classify::stratified_folds(&y, labels.len(), k);
    let mut scored = Scored::default();
    for fold in 0..k {
        let (train, test) = split_fold(&examples, &folds, fold);
        if test.is_empty() {
            continue;
        }
        let model = params
            .fit(&train, &mut |_| {})
            .with_context(|| format!("fold {}", fold + 1))?;
        scored.add(&model, &eval_units(&test, a.options.unit.into()), &labels);
    }
    print_report(&scored.report(&labels), a.report_format)
}

/// The examples outside fold `fold` (to train on) and inside it (to test on).
fn split_fold(examples: &[Example], folds: &[usize], fold: usize) -> (Vec<Example>, Vec<Example>) {
    let (test, train): (Vec<_>, Vec<_>) =
        examples.iter().zip(folds).partition(|(_, f)| **f == fold);
    let strip = |v: Vec<(&Example, &usize)>| v.into_iter().map(|(e, _)| e.clone()).collect();
    (strip(train), strip(test))
}
