//! `newsdesk analyze`: title, topics per paragraph and summary of each article.

use super::load_model;
use super::summarize::{summary_length, write_file_header};
use crate::cli::UsageError;
use crate::cli::args::{AnalyzeArgs, AnalyzeFormat};
use crate::cli::format::*;
use crate::cli::input::{Input, article_of, article_row, open_io, several_inputs, stream_jsonl};
use crate::cli::output::{Output, write_json_docs};
use anyhow::Result;
use newsdesk::classify::TopicModel;
use newsdesk::summarize::{Summarizer, SummaryOptions};
use std::io::{IsTerminal, Write};

pub fn run(a: AnalyzeArgs) -> Result<()> {
    super::refuse_model_as_output(&a.model, &a.io.output)?;
    super::refuse_stdin_twice(&a.io.inputs)?;
    let model = load_model(&a.model, Some(&a.io.inputs))?;
    let options = SummaryOptions {
        length: summary_length(&a.length),
        ..Default::default()
    };
    options.check()?;
    let format = a.format.unwrap_or(if a.jsonl {
        AnalyzeFormat::Jsonl
    } else {
        AnalyzeFormat::Text
    });
    if a.jsonl && format != AnalyzeFormat::Jsonl {
        return Err(UsageError("with --jsonl, --format must be jsonl".into()).into());
    }
    let (inputs, mut out) = open_io(&a.io, a.jsonl)?;
    if a.jsonl {
        analyze_rows(&a, &model, &options, &inputs, &mut out)?;
    } else {
        analyze_files(&a, &model, options, format, &inputs, &mut out)?;
    }
    out.finish()
}

/// `--jsonl`: one compact JSON analysis per row, in order.
fn analyze_rows(
    a: &AnalyzeArgs,
    model: &TopicModel,
    options: &SummaryOptions,
    inputs: &[Input],
    out: &mut Output,
) -> Result<()> {
    stream_jsonl(
        inputs,
        out,
        &a.io,
        || (model.classifier(), Summarizer::new(options.clone())),
        |(classifier, summarizer), line, source, out| {
            let Some((id, article)) =
                article_row(line, source, &a.io, &mut |w| out.warnings.push(w))?
            else {
                return Ok(());
            };
            let buf = &mut out.bytes;
            let topics = classifier.classify_article(&article, a.min_score);
            let summary = summarizer.summarize(&article, None);
            let doc = analysis_json(source, &article, &topics, &summary);
            let _ = serde_json::to_writer(&mut *buf, &WithId { id: &id, doc: &doc });
            buf.push(b'\n');
            Ok(())
        },
    )
}

/// Text files: a report per file for people, or one JSON document.
fn analyze_files(
    a: &AnalyzeArgs,
    model: &TopicModel,
    options: SummaryOptions,
    format: AnalyzeFormat,
    inputs: &[Input],
    out: &mut Output,
) -> Result<()> {
    let mut classifier = model.classifier();
    let mut summarizer = Summarizer::new(options);
    let color = a.io.output.is_none()
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let mut docs = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let Some(text) = input.read_article(&a.io)? else {
            continue;
        };
        let article = article_of(text, &input.label(), a.io.quiet);
        let topics = classifier.classify_article(&article, a.min_score);
        let summary = summarizer.summarize(&article, None);
        match format {
            AnalyzeFormat::Json => {
                docs.push(analysis_json(&input.name(), &article, &topics, &summary))
            }
            AnalyzeFormat::Jsonl => {
                let doc = analysis_json(&input.name(), &article, &topics, &summary);
                serde_json::to_writer(&mut *out, &doc)?;
                out.write_all(b"\n")?;
            }
            AnalyzeFormat::Text => {
                if inputs.len() > 1 {
                    write_file_header(out, i, &input.name())?;
                }
                write_analysis_text(out, &article, &topics, &summary, model.labels(), color)?;
            }
        }
    }
    if format == AnalyzeFormat::Json {
        write_json_docs(out, docs, several_inputs(&a.io))?;
    }
    Ok(())
}

/// A JSON object with the row's id, written as given, before its other fields.
#[derive(serde::Serialize)]
struct WithId<'a> {
    id: &'a newsdesk::io::RowId,
    #[serde(flatten)]
    doc: &'a serde_json::Value,
}
