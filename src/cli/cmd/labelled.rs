//! Labelled text for `train`, `eval` and `cv`: read alike from the same options, each unit
//! with an id for reports.

use super::status::Status;
use crate::cli::args::DataArgs;
use anyhow::Result;
use newsdesk::classify::{self, Columns, Example, Unit};
use newsdesk::io::NamePattern;
use std::path::Path;

/// The examples of every input, and where each came from.
pub struct Labelled {
    /// In input order.
    pub examples: Vec<Example>,
    /// Per example: its file in a label folder, else `INPUT#K`, the K-th (from 1) labelled
    /// unit of that input.
    pub ids: Vec<String>,
}

/// The inputs of `d` as messages name them: `a.jsonl`, `a.jsonl, b.csv`, `standard input`.
pub fn input_names(d: &DataArgs) -> String {
    let names: Vec<String> = d.inputs.iter().map(|p| input_name(p)).collect();
    names.join(", ")
}

use super::input_name;

/// Reads every input of `d`, naming each on the status line.
pub fn read_labelled(d: &DataArgs, status: &Status) -> Result<Labelled> {
    super::refuse_stdin_twice(&d.inputs)?;
    super::refuse_inputs_twice(&d.inputs, "units")?;
    let columns = Columns {
        text: d.text_column.clone(),
        label: d.label_column.clone(),
    };
    let pattern = d.glob.as_deref().map(NamePattern::new).transpose()?;
    let matches = |p: &Path| pattern.as_ref().is_some_and(|m| m.matches(p));
    let accept: Option<&dyn Fn(&Path) -> bool> = pattern.as_ref().map(|_| &matches as _);
    let quiet = d.quiet;
    let mut warn = |w: String| {
        if !quiet {
            status.println(&format!("newsdesk: {w}"));
        }
    };
    let mut data = Labelled {
        examples: Vec::new(),
        ids: Vec::new(),
    };
    // Files taken so far, across inputs: one reached through a link in two inputs is read once.
    let mut seen = newsdesk::io::SeenFiles::new();
    for (i, path) in d.inputs.iter().enumerate() {
        let name = input_name(path);
        let so_far = match data.examples.len() {
            0 => String::new(),
            n => format!("; {n} units so far"),
        };
        status.phase(format!(
            "reading {name} ({} of {}{so_far})",
            i + 1,
            d.inputs.len()
        ));
        let (examples, ids) = classify::read_examples_once(
            std::slice::from_ref(path),
            d.input_format.into(),
            &columns,
            accept,
            d.max_line_bytes,
            &mut seen,
            &mut warn,
        )?;
        data.examples.extend(examples);
        data.ids.extend(ids);
    }
    Ok(data)
}

/// One unit to evaluate.
pub struct EvalUnit {
    /// As in [`Labelled::ids`], with `.P` for the P-th paragraph with `--unit paragraph`.
    pub id: String,
    pub text: String,
    pub label: String,
}

/// The evaluation units of the examples `which`: whole texts, or their paragraphs.
pub fn eval_units(
    data: &Labelled,
    which: impl Iterator<Item = usize>,
    unit: Unit,
) -> Vec<EvalUnit> {
    let mut out = Vec::new();
    for i in which {
        let (e, id) = (&data.examples[i], &data.ids[i]);
        let paragraphs = unit == Unit::Paragraph;
        for (p, text) in unit.split(&e.text).into_iter().enumerate() {
            out.push(EvalUnit {
                id: if paragraphs {
                    format!("{id}.{}", p + 1)
                } else {
                    id.clone()
                },
                text: text.to_string(),
                label: e.label.clone(),
            });
        }
    }
    out
}
