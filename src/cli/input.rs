//! Where text comes from: files, folders (searched), standard input; JSONL rows streamed
//! through the library's batch runner.

use super::args::{IoArgs, output_path};
use super::output::Output;
use super::progress::Progress;
use anyhow::{Result, bail};
use newsdesk::batch;
use newsdesk::error::Error as LibError;
use newsdesk::io::{NamePattern, files_under, parse_jsonl_row, read_text, read_text_from};
use newsdesk::text::normalise_string;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// One input: standard input or a file.
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    /// The name used in output and messages (`-` for standard input).
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "-".into(),
            Input::File(p) => p.display().to_string(),
        }
    }

    /// Reads and decodes the whole input, warning about encoding fallbacks unless `quiet`.
    pub fn read_text(&self, quiet: bool) -> Result<String> {
        let mut warn = warn_fn(quiet);
        Ok(match self {
            Input::Stdin => read_text_from(&mut std::io::stdin().lock(), "-", &mut warn)?,
            Input::File(p) => read_text(p, &mut warn)?,
        })
    }

    fn reader(&self) -> Result<Box<dyn BufRead + Send>> {
        Ok(match self {
            Input::Stdin => Box::new(BufReader::with_capacity(1 << 16, std::io::stdin())),
            Input::File(p) => {
                if p.is_dir() {
                    bail!("{}: is a directory, expected a file", p.display());
                }
                Box::new(BufReader::with_capacity(
                    1 << 16,
                    std::fs::File::open(p).map_err(|e| LibError::io(p, "cannot read", e))?,
                ))
            }
        })
    }
}

/// Prints warnings on standard error unless `quiet`.
pub fn warn_fn(quiet: bool) -> impl FnMut(String) {
    move |w| {
        if !quiet {
            eprintln!("newsdesk: {w}");
        }
    }
}

/// The inputs (text files, or `.jsonl` files with `--jsonl`) and the output of a command.
pub fn open_io(io: &IoArgs, jsonl: bool) -> Result<(Vec<Input>, Output)> {
    let default_glob = if jsonl { "*.jsonl" } else { "*.txt" };
    let pattern = io.glob.as_deref().unwrap_or(default_glob);
    let inputs = collect_inputs(&io.inputs, pattern, io.quiet)?;
    Ok((inputs, Output::open(output_path(&io.output))?))
}

/// Expands the command line's inputs: `-`/nothing is standard input, folders are searched for
/// files whose name matches `pattern`.
fn collect_inputs(paths: &[PathBuf], pattern: &str, quiet: bool) -> Result<Vec<Input>> {
    if paths.is_empty() {
        return Ok(vec![Input::Stdin]);
    }
    let matcher = NamePattern::new(pattern)?;
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin);
        } else if p.is_dir() {
            let below = |f: &Path| matcher.matches(f.strip_prefix(p).unwrap_or(f));
            let files = files_under(p, &below, &mut warn_fn(quiet))?;
            if files.is_empty() {
                bail!(
                    "{}: no files matching '{pattern}' in this folder (choose others with --glob)",
                    p.display()
                );
            }
            out.extend(files.into_iter().map(Input::File));
        } else if !p.exists() {
            bail!("{}: no such file", p.display());
        } else {
            out.push(Input::File(p.clone()));
        }
    }
    Ok(out)
}

/// A `--jsonl` input row: its id (the line number when it has none) and its normalised text.
pub fn parse_row(
    line: &batch::Line,
    source: &str,
) -> Result<(serde_json::Value, String), LibError> {
    let row = parse_jsonl_row(line.text, source, line.number, false)?;
    let id = row.id.unwrap_or(serde_json::Value::from(line.number));
    Ok((id, normalise_string(row.text).text))
}

/// Streams JSONL rows of every input through `work` on the worker threads, in order, to `out`.
pub fn stream_jsonl<S>(
    inputs: &[Input],
    out: &mut Output,
    io: &IoArgs,
    make_state: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &batch::Line, &str, &mut Vec<u8>) -> Result<(), LibError> + Sync,
) -> Result<()> {
    let mut progress = Progress::new(io.quiet);
    for input in inputs {
        let source = input.name();
        let mut reader = input.reader()?;
        batch::run_with_progress(
            &mut *reader,
            &source,
            out,
            threads(io.threads),
            &make_state,
            |state, line, buf| work(state, line, &source, buf),
            &mut |rows| progress.update(rows),
        )?;
    }
    progress.finish();
    Ok(())
}

fn threads(n: Option<u16>) -> usize {
    n.map(usize::from)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}
