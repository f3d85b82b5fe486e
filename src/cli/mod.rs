//! The command-line layer: parses arguments, reads input, formats output. The library does the work.
//!
//! - [`args`]: the arguments (clap derive; doc comments are the `--help` text), with
//!   [`values`] wrapping the library's enums for clap;
//! - [`input`]: files, folders, standard input and JSONL rows; [`output`]: where results go;
//! - [`format`]: how results are printed; [`progress`]: the row counter on standard error;
//! - [`cmd`]: one file per command.

mod args;
mod cmd;
mod format;
mod input;
mod output;
mod progress;
mod values;

use anyhow::Result;
use args::{Cli, Command};
use clap::{CommandFactory, Parser};
use newsdesk::error::Error as LibError;

/// Runs the CLI and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match run(cli) {
        Ok(()) => 0,
        Err(e) => {
            if is_broken_pipe(&e) {
                return 0; // `newsdesk … | head` ends quietly
            }
            eprintln!("newsdesk: error: {e:#}");
            if is_usage_error(&e) { 2 } else { 1 }
        }
    }
}

/// A usage error found after parsing (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct UsageError(String);

/// Usage errors exit with 2: found after parsing, or an option value the library refused.
fn is_usage_error(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.is::<UsageError>()
            || matches!(
                c.downcast_ref::<LibError>(),
                Some(
                    LibError::InvalidOption(_)
                        | LibError::UnknownName(_)
                        | LibError::Pattern { .. }
                )
            )
    })
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || matches!(c.downcast_ref::<LibError>(), Some(LibError::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Analyze(a) => cmd::analyze::run(a),
        Command::Classify(a) => cmd::classify::run(a),
        Command::Extract(a) => cmd::extract::run(a),
        Command::Summarize(a) => cmd::summarize::run(a),
        Command::Train(a) => cmd::train::run(a),
        Command::TrainSummarizer(a) => cmd::summary_style::run_train(a),
        Command::EvalSummaries(a) => cmd::summary_style::run_eval(a),
        Command::Eval(a) => cmd::eval::run(a),
        Command::Cv(a) => cmd::cv::run(a),
        Command::Inspect(a) => cmd::inspect::run(a),
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "newsdesk",
                &mut std::io::stdout(),
            );
            Ok(())
        }
        Command::Man(a) => cmd::man::run(a),
    }
}
