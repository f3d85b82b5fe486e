//! `newsdesk train-summarizer` and `newsdesk eval-summaries`: learn a summary style from
//! article–summary pairs, and score summaries against references with ROUGE.

use super::super::args::output_path;
use crate::cli::UsageError;
use crate::cli::input::{Input, collect_inputs, warn_fn};
use crate::cli::output::{Output, write_stdout};
use crate::cli::values::parse_bytes;
use anyhow::{Context, Result};
use clap::Args;
use newsdesk::io::{NamePattern, STDIN_LABEL};
use newsdesk::summarize::{
    BUILTIN_STYLE_NAMES, StyleParams, SummaryOptions, SummarySource, SummaryStyle, evaluate_pairs,
    read_pairs, read_style_bytes, train_style,
};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The article–summary pairs both commands read.
#[derive(Debug, Args)]
pub struct PairsArgs {
    /// JSONL files of {"text": …, "summary": …} rows ("article" is read as "text"), or folders,
    /// searched recursively for *.jsonl; `-` reads standard input. Each file is one source,
    /// given once.
    #[arg(required = true, value_name = "PAIRS")]
    pub inputs: Vec<PathBuf>,
    /// Refuse input with a line longer than this (not text: /dev/zero, a binary file); K, M,
    /// G: KiB, MiB, GiB.
    #[arg(long, value_name = "BYTES", default_value = "64M", value_parser = parse_bytes, help_heading = "Input")]
    pub max_line_bytes: usize,
}

#[derive(Debug, Args)]
pub struct TrainSummarizerArgs {
    /// The pairs (every source weighs the same).
    #[command(flatten)]
    pub pairs: PairsArgs,
    /// The summary length, in sentences, the style is for, when a reference is abstractive
    /// (default: the reference's own sentence count). Extractive references give their own.
    #[arg(short = 'n', long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..), help_heading = "Summary")]
    pub sentences: Option<u32>,
    /// Write the style to FILE (replaced only on success); `-o -` is standard output.
    #[arg(
        short = 'o',
        long,
        value_name = "FILE",
        required = true,
        help_heading = "Output"
    )]
    pub output: PathBuf,
    /// No summary of the fit on standard error.
    #[arg(short, long, help_heading = "Output")]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct EvalSummariesArgs {
    /// The pairs.
    #[command(flatten)]
    pub pairs: PairsArgs,
    /// Style file from `newsdesk train-summarizer`, or a built-in style, `learned` (the
    /// default) or `lead`.
    #[arg(long, value_name = "STYLE", help_heading = "Summary")]
    pub style: Option<PathBuf>,
    /// Summary length in sentences for abstractive references (default: the reference's own
    /// sentence count); extractive references give their own.
    #[arg(short = 'n', long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..), help_heading = "Summary")]
    pub sentences: Option<u32>,
}

/// The style of `--style`: a compiled-in style's name (`learned`, `lead`), a style file, or
/// `-` for standard input (refused when `inputs`, the command's inputs, read it too); the
/// built-in (`learned`) without it. A name that is also a file here is refused as ambiguous.
pub fn load_style(path: &Option<PathBuf>, inputs: &[PathBuf]) -> Result<SummaryStyle> {
    let Some(p) = path else {
        return Ok(SummaryStyle::builtin());
    };
    if p.as_os_str() == "-" {
        if inputs.is_empty() || inputs.iter().any(|i| i.as_os_str() == "-") {
            return Err(UsageError(
                "--style - and the input both read standard input; give the input as a file".into(),
            )
            .into());
        }
        let bytes = read_style_bytes(std::io::stdin().lock())
            .context("cannot read the style from standard input")?;
        return Ok(SummaryStyle::from_bytes(&bytes, STDIN_LABEL)?);
    }
    let Some(style) = p.to_str().and_then(SummaryStyle::named) else {
        return SummaryStyle::load(p).map_err(|e| {
            if p.symlink_metadata().is_ok() {
                return e.into();
            }
            let names = BUILTIN_STYLE_NAMES.join(", ");
            anyhow::anyhow!("{e}; --style takes a style file or a built-in style's name ({names})")
        });
    };
    if p.is_file() {
        return Err(UsageError(format!(
            "--style {0}: '{0}' is both a built-in style and a file here; write ./{0} for the file",
            p.display()
        ))
        .into());
    }
    Ok(style)
}

/// The file `--style` reads, if it names one (not a built-in style's name, not `-`).
pub fn style_file(path: &Option<PathBuf>) -> Option<&PathBuf> {
    path.as_ref()
        .filter(|p| p.as_os_str() != "-" && p.to_str().and_then(SummaryStyle::named).is_none())
}

/// The inputs of `a`: `-` is standard input (once), folders give their *.jsonl files. A file
/// given twice, by any name (a link, `./`, standard input redirected from it), or inside a
/// folder also given, is refused: its pairs would count twice.
fn pair_inputs(a: &PairsArgs, quiet: bool) -> Result<Vec<Input>> {
    super::refuse_stdin_twice(&a.inputs)?;
    super::refuse_inputs_twice(&a.inputs, "pairs")?;
    let pattern = "*.jsonl";
    let matcher = NamePattern::any_case(pattern)?;
    // No --glob here: the message for a folder without *.jsonl need not suggest one.
    collect_inputs(&a.inputs, (matcher, pattern), true, quiet)
}

/// The pairs of one input.
fn read_source(input: &Input, a: &PairsArgs, quiet: bool) -> Result<SummarySource> {
    let path = match input {
        Input::Stdin => Path::new("-"),
        Input::File(p) => p,
    };
    Ok(read_pairs(path, a.max_line_bytes, &mut warn_fn(quiet))?)
}

pub fn run_train(a: TrainSummarizerArgs) -> Result<()> {
    if a.output.as_os_str() != "-" {
        super::refuse_data_as_output(Some(&a.output), &a.pairs.inputs, None)?;
    }
    let sources: Vec<SummarySource> = pair_inputs(&a.pairs, a.quiet)?
        .iter()
        .map(|input| read_source(input, &a.pairs, a.quiet))
        .collect::<Result<_>>()?;
    let params = StyleParams {
        sentences: a.sentences.map(|n| n as usize),
        ..Default::default()
    };
    let style = train_style(&sources, &params).with_context(|| {
        let names: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
        names.join(", ")
    })?;
    let json = style.to_json();
    match output_path(&Some(a.output.clone())) {
        Some(p) => newsdesk::io::write_atomically(p, json.as_bytes())?,
        None => write_stdout(json.as_bytes())?,
    }
    if !a.quiet {
        let pairs: usize = sources.iter().map(|s| s.pairs.len()).sum();
        eprintln!(
            "trained on {pairs} article–summary pairs from {} file(s)",
            sources.len()
        );
        for (name, w) in style.weights() {
            eprintln!("  {name:22} {w:+.4}");
        }
    }
    Ok(())
}

pub fn run_eval(a: EvalSummariesArgs) -> Result<()> {
    let options = SummaryOptions {
        style: load_style(&a.style, &a.pairs.inputs)?,
        ..Default::default()
    };
    let inputs = pair_inputs(&a.pairs, false)?;
    let mut out = Output::open(None)?;
    for input in &inputs {
        let source = read_source(input, &a.pairs, false)?;
        let e = evaluate_pairs(&source.pairs, &options, a.sentences.map(|n| n as usize));
        let name = input.name();
        for (system, s) in [("style", e.style), ("lead", e.lead)] {
            writeln!(
                out,
                "{name}\t{system:5}\tR1={:.4} R2={:.4} RL={:.4} n={}",
                s.rouge1, s.rouge2, s.rouge_l, e.pairs
            )?;
        }
    }
    out.finish()
}
