//! `newsdesk inspect`: a model's labels, priors, vocabulary, options and indicative terms.

use super::load_model;
use crate::cli::args::{InspectArgs, ReportFormat, output_path};
use crate::cli::format::{inspect_json, write_inspect_text};
use crate::cli::output::Output;
use anyhow::Result;
use std::io::Write;

pub fn run(a: InspectArgs) -> Result<()> {
    super::refuse_model_as_output(&a.model, &a.output)?;
    let model = load_model(&a.model, None)?;
    let mut out = Output::open(output_path(&a.output))?;
    let top = model.top_terms(a.top);
    match a.format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &inspect_json(&model, &top))?;
            out.write_all(b"\n")?;
        }
        ReportFormat::Text => write_inspect_text(&mut out, &model, &top)?,
    }
    out.finish()
}
