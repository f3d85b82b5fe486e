//! `newsdesk extract`: the article of saved web pages, as text or JSON.

use super::summarize::write_file_header;
use crate::cli::args::{ExtractArgs, ExtractFormat};
use crate::cli::input::{
    Input, PAGE_GLOB, open_io_matching, parse_page_row, several_inputs, stream_jsonl,
};
use crate::cli::output::{Output, write_json_docs};
use anyhow::Result;
use newsdesk::html::Page;
use std::io::Write;

pub fn run(a: ExtractArgs) -> Result<()> {
    super::refuse_stdin_twice(&a.io.inputs)?;
    let format = a.format.unwrap_or(if a.jsonl {
        ExtractFormat::Jsonl
    } else {
        ExtractFormat::Text
    });
    let glob = if a.jsonl { "*.jsonl" } else { PAGE_GLOB };
    let (inputs, mut out) = open_io_matching(&a.io, glob)?;
    if a.jsonl {
        extract_rows(&a, &inputs, &mut out)?;
    } else {
        extract_files(&a, format, &inputs, &mut out)?;
    }
    out.finish()
}

/// One result: the page's fields, the body as `text`, and `paragraphs` unless rows are lean.
#[derive(serde::Serialize)]
struct Extracted<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a newsdesk::io::RowId>,
    title: &'a Option<String>,
    byline: &'a Option<String>,
    date: &'a Option<String>,
    site: &'a Option<String>,
    language: &'a Option<String>,
    url: &'a Option<String>,
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    paragraphs: Option<&'a [String]>,
}

fn extracted<'a>(page: &'a Page, with_paragraphs: bool) -> Extracted<'a> {
    Extracted {
        source: None,
        id: None,
        title: &page.title,
        byline: &page.byline,
        date: &page.date,
        site: &page.site,
        language: &page.language,
        url: &page.url,
        text: page.body(),
        paragraphs: with_paragraphs.then_some(&page.paragraphs[..]),
    }
}

/// `--jsonl`: `{"id", "html"}` rows in, one `{"id", "title", "text", …}` row out per page
/// with an article, in order, on every core.
fn extract_rows(a: &ExtractArgs, inputs: &[Input], out: &mut Output) -> Result<()> {
    if a.format.is_some_and(|f| f != ExtractFormat::Jsonl) {
        return Err(crate::cli::UsageError("with --jsonl, --format must be jsonl".into()).into());
    }
    stream_jsonl(
        inputs,
        out,
        &a.io,
        || (),
        |(), line, source, out| {
            let (id, page) = parse_page_row(line, source, &a.io, &mut |w| out.warnings.push(w))?;
            if let Some(page) = page {
                let mut row = extracted(&page, false);
                row.id = Some(&id);
                let _ = serde_json::to_writer(&mut out.bytes, &row);
                out.bytes.push(b'\n');
            }
            Ok(())
        },
    )
}

/// Page files: the body as text, or JSON with the metadata and paragraphs.
fn extract_files(
    a: &ExtractArgs,
    format: ExtractFormat,
    inputs: &[Input],
    out: &mut Output,
) -> Result<()> {
    let mut docs = Vec::new();
    let mut printed = 0;
    for input in inputs {
        let Some(page) = input.read_page(&a.io)? else {
            continue;
        };
        let source = input.name();
        match format {
            ExtractFormat::Text => {
                if inputs.len() > 1 {
                    write_file_header(out, printed, &source)?;
                }
                out.write_all(page.body().as_bytes())?;
                out.write_all(b"\n")?;
            }
            ExtractFormat::Json | ExtractFormat::Jsonl => {
                let mut doc = extracted(&page, true);
                doc.source = Some(&source);
                if format == ExtractFormat::Json {
                    docs.push(serde_json::to_value(&doc)?);
                } else {
                    serde_json::to_writer(&mut *out, &doc)?;
                    out.write_all(b"\n")?;
                }
            }
        }
        printed += 1;
    }
    if format == ExtractFormat::Json {
        write_json_docs(out, docs, several_inputs(&a.io))?;
    }
    Ok(())
}
