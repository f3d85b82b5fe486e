//! `newsdesk eval`: a model's accuracy, per-label F1, confusion and calibration on labelled
//! text. The scoring and report are shared with `cv`.

use super::load_model;
use crate::cli::args::{AnalyzeFormat, EvalArgs};
use crate::cli::input::warn_fn;
use crate::cli::output::Output;
use anyhow::{Result, bail};

use newsdesk::classify::{self, Columns, Example, Report, TopicModel, Unit};
use std::io::Write;

pub fn run(a: EvalArgs) -> Result<()> {
    let model = load_model(&a.model)?;
    let examples = classify::read_examples(
        &a.inputs,
        a.data_format.into(),
        &Columns::default(),
        &mut warn_fn(false),
    )?;
    let units = eval_units(&examples, a.unit.into());
    if units.is_empty() {
        bail!("no labelled text to evaluate");
    }
    let labels = all_labels(model.labels(), &units);
    let mut scored = Scored::default();
    scored.add(&model, &units, &labels);
    print_report(&scored.report(&labels), a.format)
}

/// Evaluation units of labelled examples: whole texts, or paragraphs.
pub fn eval_units(examples: &[Example], unit: Unit) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in examples {
        for text in unit.split(&e.text) {
            out.push((text.to_string(), e.label.clone()));
        }
    }
    out
}

/// The model's labels, then any other gold label of `units`.
fn all_labels(model_labels: &[String], units: &[(String, String)]) -> Vec<String> {
    let mut labels: Vec<String> = model_labels.to_vec();
    for (_, l) in units {
        if !labels.contains(l) {
            labels.push(l.clone());
        }
    }
    labels
}

/// Gold and predicted label indexes (into a label list) and the predictions' confidence.
#[derive(Default)]
pub struct Scored {
    gold: Vec<usize>,
    pred: Vec<usize>,
    conf: Vec<f64>,
}

impl Scored {
    /// Scores `units` with `model`; labels are indexes into `labels`.
    pub fn add(&mut self, model: &TopicModel, units: &[(String, String)], labels: &[String]) {
        let mut c = model.classifier();
        for (text, label) in units {
            let s = c.score(text);
            let best = s.best();
            let name = &model.labels()[best];
            self.gold
                .push(labels.iter().position(|l| l == label).unwrap_or(0));
            self.pred
                .push(labels.iter().position(|l| l == name).unwrap_or(0));
            self.conf.push(s.probabilities[best]);
        }
    }

    /// The evaluation report.
    pub fn report(&self, labels: &[String]) -> Report {
        classify::report(labels, &self.gold, &self.pred, &self.conf)
    }
}

/// Prints a report on standard output.
pub fn print_report(r: &Report, format: AnalyzeFormat) -> Result<()> {
    let mut out = Output::open(None)?;
    match format {
        AnalyzeFormat::Text => out.write_all(r.to_text().as_bytes())?,
        AnalyzeFormat::Json => {
            serde_json::to_writer_pretty(&mut out, r)?;
            out.write_all(b"\n")?;
        }
    }
    out.finish()
}
