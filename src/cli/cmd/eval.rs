//! `newsdesk eval`: a model's accuracy, per-label F1, confusion and calibration on labelled
//! text. The scoring and report are shared with `cv`.

use super::labelled::{EvalUnit, eval_units, read_labelled};
use super::load_model;
use super::status::Status;
use crate::cli::args::{EvalArgs, ReportArgs, ReportFormat, output_path};
use crate::cli::format::{Misclassified, preview, write_report_text};
use crate::cli::output::Output;
use anyhow::{Result, bail};
use newsdesk::classify::{self, TopicModel};
use std::io::Write;

pub fn run(a: EvalArgs) -> Result<()> {
    super::refuse_model_as_output(&a.model, &a.report.output)?;
    super::refuse_data_as_output(output_path(&a.report.output), &a.data.inputs, None)?;
    let status = Status::new(a.data.quiet);
    let model = load_model(&a.model, Some(&a.data.inputs))?;
    let data = read_labelled(&a.data, &status)?;
    let units = eval_units(&data, 0..data.examples.len(), a.data.unit.into());
    if units.is_empty() {
        bail!("no labelled text to evaluate");
    }
    let labels = all_labels(model.labels(), &units);
    // Shown even under -q: it changes what the figures mean.
    warn_unknown_labels(
        &labels[model.labels().len()..],
        &units,
        model.labels(),
        &status,
    );
    let mut scored = Scored::default();
    status.steps("scoring".into(), units.len());
    scored.add(&model, &units, &labels, &status);
    status.finish();
    print_report(&scored, &labels, &a.report)
}

/// The model's labels, then any other gold label of `units`.
fn all_labels(model_labels: &[String], units: &[EvalUnit]) -> Vec<String> {
    let mut labels: Vec<String> = model_labels.to_vec();
    for u in units {
        if !labels.contains(&u.label) {
            labels.push(u.label.clone());
        }
    }
    labels
}

/// Names gold labels the model does not have on standard error: their units can never be
/// predicted right, which alone would show as a low score with no hint why.
fn warn_unknown_labels(unknown: &[String], units: &[EvalUnit], model: &[String], status: &Status) {
    if unknown.is_empty() {
        return;
    }
    let count = units.iter().filter(|u| unknown.contains(&u.label)).count();
    status.println(&format!(
        "newsdesk: warning: {count} unit(s) have gold labels the model does not have: {} (the model's labels: {})",
        unknown.join(", "),
        model.join(", ")
    ));
}

/// Gold and predicted label indexes (into a label list), the predictions' confidence, and
/// the misclassified units.
#[derive(Default)]
pub struct Scored {
    gold: Vec<usize>,
    pred: Vec<usize>,
    conf: Vec<f64>,
    errors: Vec<Misclassified>,
    words: Vec<usize>,
}

impl Scored {
    /// Scores `units` with `model`; labels are indexes into `labels`.
    pub fn add(
        &mut self,
        model: &TopicModel,
        units: &[EvalUnit],
        labels: &[String],
        status: &Status,
    ) {
        let mut c = model.classifier();
        for u in units {
            let s = c.score(&u.text);
            let best = s.best();
            let name = &model.labels()[best];
            let gold = labels.iter().position(|l| *l == u.label).unwrap_or(0);
            let pred = labels.iter().position(|l| l == name).unwrap_or(0);
            if gold != pred {
                self.errors.push(Misclassified {
                    id: u.id.clone(),
                    gold: u.label.clone(),
                    predicted: name.clone(),
                    score: s.probabilities[best],
                    text: preview(&u.text, 60),
                });
            }
            self.gold.push(gold);
            self.pred.push(pred);
            self.conf.push(s.probabilities[best]);
            self.words.push(u.text.split_whitespace().count());
            status.step();
        }
    }
}

/// Prints the report, with the `--errors` most confident mistakes, where `-o` says.
pub fn print_report(s: &Scored, labels: &[String], a: &ReportArgs) -> Result<()> {
    let report = classify::report(labels, &s.gold, &s.pred, &s.conf, &s.words);
    let errors = a.errors.map(|n| {
        let mut e: Vec<&Misclassified> = s.errors.iter().collect();
        // Most confident first; ties keep input order (the sort is stable).
        e.sort_by(|x, y| y.score.total_cmp(&x.score));
        e.truncate(n);
        e
    });
    let mut out = Output::open(output_path(&a.output))?;
    match a.format {
        ReportFormat::Text => write_report_text(&mut out, &report, errors.as_deref())?,
        ReportFormat::Json => {
            let mut doc = serde_json::to_value(&report)?;
            if let Some(e) = &errors {
                doc["errors"] = serde_json::to_value(e)?;
            }
            serde_json::to_writer_pretty(&mut out, &doc)?;
            out.write_all(b"\n")?;
        }
    }
    out.finish()
}
