//! `newsdesk classify`: the topics of each paragraph (or text) and of the article.

use super::load_model;
use crate::cli::UsageError;
use crate::cli::args::{ClassifyArgs, Level, OutputFormat};
use crate::cli::format::*;
use crate::cli::input::{Input, article_of, open_io, parse_row, several_inputs, stream_jsonl};
use crate::cli::output::{Output, write_json_docs};
use anyhow::Result;
use newsdesk::classify::{self, TopicModel};
use newsdesk::text::Article;
use std::io::Write;

pub fn run(a: ClassifyArgs) -> Result<()> {
    super::refuse_model_as_output(&a.model, &a.io.output)?;
    super::refuse_stdin_twice(&a.io.inputs)?;
    let model = load_model(&a.model, Some(&a.io.inputs))?;
    let format = a.format.unwrap_or(if a.jsonl {
        OutputFormat::Jsonl
    } else {
        OutputFormat::Text
    });
    let (inputs, mut out) = open_io(&a.io, a.jsonl)?;
    if a.jsonl {
        classify_rows(&a, &model, format, &inputs, &mut out)?;
    } else {
        classify_files(&a, &model, format, &inputs, &mut out)?;
    }
    out.finish()
}

/// `--jsonl`: one result per row, in order.
fn classify_rows(
    a: &ClassifyArgs,
    model: &TopicModel,
    format: OutputFormat,
    inputs: &[Input],
    out: &mut Output,
) -> Result<()> {
    if matches!(format, OutputFormat::Text | OutputFormat::Json) {
        return Err(UsageError("with --jsonl, --format must be jsonl or tsv".into()).into());
    }
    if format == OutputFormat::Tsv {
        writeln!(out, "id\tlabel\tscore\ttags")?;
    }
    let terms = if a.paragraphs { 5 } else { 0 };
    stream_jsonl(
        inputs,
        out,
        &a.io,
        || model.classifier().with_terms(terms),
        |classifier, line, source, out| {
            let Some((id, (text, title_len))) =
                parse_row(line, source, &a.io, &mut |w| out.warnings.push(w))?
            else {
                return Ok(());
            };
            let buf = &mut out.bytes;
            // The row's own result is its whole text as one unit, with or without
            // --paragraphs; paragraphs add their own results beside it.
            let topics = classifier.classify_text(&text, a.min_score);
            if a.paragraphs {
                let article = Article::parse_titled(text, title_len);
                let parts = classifier.classify_article(&article, a.min_score);
                let paragraphs = Some((&article, &parts.paragraphs[..]));
                write_row_topics(buf, format, &id, &topics, paragraphs);
            } else {
                write_row_topics(buf, format, &id, &topics, None);
            }
            Ok(())
        },
    )
}

/// Text files: every paragraph, or each file as one unit with `--level article`.
fn classify_files(
    a: &ClassifyArgs,
    model: &TopicModel,
    format: OutputFormat,
    inputs: &[Input],
    out: &mut Output,
) -> Result<()> {
    let mut classifier = model.classifier();
    let mut docs = Vec::new();
    if format == OutputFormat::Tsv {
        writeln!(
            out,
            "source\tparagraph\tstart\tend\tlabel\tscore\ttags\ttext"
        )?;
    }
    for input in inputs {
        let Some(text) = input.read_article(&a.io)? else {
            continue;
        };
        let article = article_of(text, &input.label(), a.io.quiet);
        let result = match a.level {
            Level::Paragraph => classifier.classify_article(&article, a.min_score),
            Level::Article => classify::ArticleTopics {
                topics: classifier.classify_text(&article.text, a.min_score),
                paragraphs: Vec::new(),
            },
        };
        let source = input.name();
        // `--level article` has no paragraphs to list: its JSON has no "paragraphs" at all.
        let doc = || {
            let mut doc = article_topics_json(&source, &article, &result);
            if a.level == Level::Article
                && let Some(o) = doc.as_object_mut()
            {
                o.remove("paragraphs");
            }
            doc
        };
        match format {
            OutputFormat::Text => {
                write_topics_text(out, &source, &article, &result, model.labels())?
            }
            OutputFormat::Tsv => write_topics_tsv(out, &source, &article, &result)?,
            OutputFormat::Jsonl => {
                serde_json::to_writer(&mut *out, &doc())?;
                out.write_all(b"\n")?;
            }
            OutputFormat::Json => docs.push(doc()),
        }
    }
    if format == OutputFormat::Json {
        write_json_docs(out, docs, several_inputs(&a.io))?;
    }
    Ok(())
}
