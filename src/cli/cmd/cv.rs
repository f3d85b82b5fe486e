//! `newsdesk cv`: stratified k-fold cross-validation of training options.

use super::eval::{Scored, print_report};
use super::labelled::{eval_units, input_names, read_labelled};
use super::status::Status;
use super::train::train_params;
use crate::cli::args::CvArgs;
use anyhow::{Context, Result};
use newsdesk::classify::{self, Example};

pub fn run(a: CvArgs) -> Result<()> {
    let params = train_params(&a.options, a.data.unit)?.check()?;
    super::refuse_data_as_output(
        crate::cli::args::output_path(&a.report.output),
        &a.data.inputs,
        super::stop_words_file(&a.options.stop_words),
    )?;
    let status = Status::new(a.data.quiet);
    let data = read_labelled(&a.data, &status)?;
    let mut labels: Vec<String> = data.examples.iter().map(|e| e.label.clone()).collect();
    labels.sort();
    labels.dedup();
    let y: Vec<usize> = data
        .examples
        .iter()
        .map(|e| labels.binary_search(&e.label).unwrap_or(0))
        .collect();
    let k = a.folds as usize;
    let folds = classify::stratified_folds(&y, labels.len(), k);
    let mut scored = Scored::default();
    for fold in 0..k {
        let test: Vec<usize> = (0..folds.len()).filter(|&i| folds[i] == fold).collect();
        if test.is_empty() {
            continue;
        }
        let train: Vec<Example> = (0..folds.len())
            .filter(|&i| folds[i] != fold)
            .map(|i| data.examples[i].clone())
            .collect();
        status.phase(format!(
            "fold {} of {k}: training on {} labelled texts",
            fold + 1,
            train.len()
        ));
        let model = params
            .fit(&train, &mut |_| {})
            .with_context(|| format!("{}: fold {}", input_names(&a.data), fold + 1))?;
        let units = eval_units(&data, test.into_iter(), a.data.unit.into());
        status.steps(format!("fold {} of {k}: scoring", fold + 1), units.len());
        scored.add(&model, &units, &labels, &status);
    }
    status.finish();
    print_report(&scored, &labels, &a.report)
}
