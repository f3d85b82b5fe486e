//! `newsdesk summarize`: the best sentences of each article.

use super::load_model;
use crate::cli::UsageError;
use crate::cli::args::{LengthArgs, SummarizeArgs, SummaryFormat};
use crate::cli::format::*;
use crate::cli::input::{Input, article_of, article_row, open_io, several_inputs, stream_jsonl};
use crate::cli::output::{Output, write_json_docs};
use anyhow::Result;
use newsdesk::classify::{Classifier, TopicModel};
use newsdesk::summarize::{Length, Summarizer, SummaryOptions, SummarySentence};
use newsdesk::text::Article;
use std::io::Write;

pub fn run(a: SummarizeArgs) -> Result<()> {
    super::refuse_model_as_output(&a.model, &a.io.output)?;
    super::refuse_stdin_twice(&a.io.inputs)?;
    let stdin = |p: &Option<std::path::PathBuf>| p.as_ref().is_some_and(|p| p.as_os_str() == "-");
    if stdin(&a.model.model) && stdin(&a.style) {
        return Err(UsageError(
            "-m - and --style - both read standard input; give one of them as a file".into(),
        )
        .into());
    }
    if let (Some(out), Some(style)) = (
        crate::cli::args::output_path(&a.io.output),
        super::summary_style::style_file(&a.style),
    ) {
        crate::cli::output::refuse_input_path_as_output(out, std::slice::from_ref(style))?;
    }
    let options = SummaryOptions {
        length: summary_length(&a.length),
        order: a.order.into(),
        style: super::summary_style::load_style(&a.style, &a.io.inputs)?,
        ..Default::default()
    };
    options.check()?;
    let format = a.format.unwrap_or(if a.jsonl {
        SummaryFormat::Jsonl
    } else {
        SummaryFormat::Text
    });
    // A model given with -m is always loaded, so a wrong one is reported even when the
    // output has no topics.
    let needs_model = a.topic.is_some()
        || a.model.model.is_some()
        || (!a.jsonl && matches!(format, SummaryFormat::Json | SummaryFormat::Jsonl));
    let model = if needs_model {
        Some(load_model(&a.model, Some(&a.io.inputs))?)
    } else {
        None
    };
    if let (Some(t), Some(m)) = (&a.topic, &model)
        && !m.labels().contains(t)
    {
        return Err(UsageError(format!(
            "--topic '{t}' is not a label of the model; its labels are: {}",
            m.labels().join(", ")
        ))
        .into());
    }
    let (inputs, mut out) = open_io(&a.io, a.jsonl)?;
    if a.jsonl {
        if format != SummaryFormat::Jsonl {
            return Err(UsageError("with --jsonl, --format must be jsonl".into()).into());
        }
        summarize_rows(&a, &options, model.as_ref(), &inputs, &mut out)?;
    } else {
        summarize_files(&a, options, model.as_ref(), format, &inputs, &mut out)?;
    }
    out.finish()
}

/// The summary length of `-n`, `--ratio` or `--words`; three sentences by default.
pub fn summary_length(l: &LengthArgs) -> Length {
    match (l.sentences, l.ratio, l.words) {
        (Some(n), _, _) => Length::Sentences(n as usize),
        (_, Some(r), _) => Length::Ratio(r),
        (_, _, Some(w)) => Length::Words(w as usize),
        _ => Length::Sentences(3),
    }
}

/// Per-paragraph weights for `--topic`: each paragraph's probability of that label.
fn topic_focus(classifier: &mut Classifier<'_>, article: &Article, label: &str) -> Vec<f64> {
    let li = classifier
        .model()
        .labels()
        .iter()
        .position(|l| l == label)
        .unwrap_or(0);
    article
        .paragraphs
        .iter()
        .map(|p| classifier.score(p.slice(&article.text)).probabilities[li])
        .collect()
}

/// The summary of one article, leaning towards `--topic` when there is one.
fn summarize_one(
    summarizer: &mut Summarizer,
    classifier: Option<&mut Classifier<'_>>,
    topic: Option<&str>,
    article: &Article,
) -> Vec<SummarySentence> {
    let focus = match (classifier, topic) {
        (Some(c), Some(t)) => Some(topic_focus(c, article, t)),
        _ => None,
    };
    summarizer.summarize(article, focus.as_deref())
}

/// `--jsonl`: one summary per row, in order.
fn summarize_rows(
    a: &SummarizeArgs,
    options: &SummaryOptions,
    model: Option<&TopicModel>,
    inputs: &[Input],
    out: &mut Output,
) -> Result<()> {
    stream_jsonl(
        inputs,
        out,
        &a.io,
        || {
            (
                Summarizer::new(options.clone()),
                model.map(|m| m.classifier()),
            )
        },
        |(summarizer, classifier), line, source, out| {
            let Some((id, article)) =
                article_row(line, source, &a.io, &mut |w| out.warnings.push(w))?
            else {
                return Ok(());
            };
            let buf = &mut out.bytes;
            let summary = summarize_one(
                summarizer,
                classifier.as_mut(),
                a.topic.as_deref(),
                &article,
            );
            write_summary_row(buf, &id, &article, &summary);
            Ok(())
        },
    )
}

/// Text files: sentences one per line (text, TSV) or a JSON document per file.
fn summarize_files(
    a: &SummarizeArgs,
    options: SummaryOptions,
    model: Option<&TopicModel>,
    format: SummaryFormat,
    inputs: &[Input],
    out: &mut Output,
) -> Result<()> {
    let mut summarizer = Summarizer::new(options);
    let mut classifier = model.map(|m| m.classifier());
    let mut docs = Vec::new();
    if format == SummaryFormat::Tsv {
        writeln!(out, "source\tsentence\tparagraph\tstart\tend\tscore\ttext")?;
    }
    for (i, input) in inputs.iter().enumerate() {
        let Some(text) = input.read_article(&a.io)? else {
            continue;
        };
        let article = article_of(text, &input.label(), a.io.quiet);
        let topic = a.topic.as_deref();
        let summary = summarize_one(&mut summarizer, classifier.as_mut(), topic, &article);
        match format {
            SummaryFormat::Text => {
                if inputs.len() > 1 {
                    write_file_header(out, i, &input.name())?;
                }
                write_sentences(out, &article, &summary)?;
            }
            SummaryFormat::Tsv => write_sentences_tsv(out, &input.name(), &article, &summary)?,
            SummaryFormat::Json | SummaryFormat::Jsonl => {
                let topics = classifier
                    .as_mut()
                    .map(|c| c.classify_article(&article, 0.5));
                let doc = summary_json(&input.name(), &article, &summary, topics.as_ref());
                if format == SummaryFormat::Jsonl {
                    serde_json::to_writer(&mut *out, &doc)?;
                    out.write_all(b"\n")?;
                } else {
                    docs.push(doc);
                }
            }
        }
    }
    if format == SummaryFormat::Json {
        write_json_docs(out, docs, several_inputs(&a.io))?;
    }
    Ok(())
}

/// `==> name <==` before each of several files, as `head` does.
pub fn write_file_header(out: &mut Output, i: usize, name: &str) -> Result<()> {
    writeln!(out, "{}==> {name} <==", if i > 0 { "\n" } else { "" })?;
    Ok(())
}

/// The chosen sentences, one per line.
fn write_sentences(out: &mut Output, article: &Article, summary: &[SummarySentence]) -> Result<()> {
    for s in summary {
        writeln!(out, "{}", one_line(s.span.slice(&article.text)))?;
    }
    Ok(())
}

/// TSV rows, one per chosen sentence; sentence and paragraph numbered from 1 (people's
/// numbering, as in every text and TSV output), byte span as in JSON.
fn write_sentences_tsv(
    out: &mut Output,
    source: &str,
    article: &Article,
    summary: &[SummarySentence],
) -> Result<()> {
    for s in summary {
        let text = one_line(s.span.slice(&article.text));
        writeln!(
            out,
            "{source}\t{}\t{}\t{}\t{}\t{:.4}\t{text}",
            s.index + 1,
            s.paragraph + 1,
            s.span.start,
            s.span.end,
            s.score
        )?;
    }
    Ok(())
}
