//! The command-line layer: parses arguments, reads input, formats output. The library does the work.
//!
//! - [`args`]: the arguments (clap derive; doc comments are the `--help` text), with
//!   [`values`] wrapping the library's enums for clap;
//! - [`input`]: files, folders, standard input and JSONL rows; [`output`]: where results go;
//! - [`format`]: how results are printed; [`progress`]: the row counter on standard error;
//! - [`cmd`]: one file per command.

/// Like `eprint!`, but a standard error that cannot be written (closed, a full disk) is
/// ignored instead of panicking: a warning that cannot be shown must not end the run.
macro_rules! eprint {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr().lock(), $($arg)*);
    }};
}

/// Like `eprintln!`, but ignoring write failures (see `eprint!` above).
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

mod args;
mod cmd;
mod format;
mod input;
mod output;
mod progress;
mod values;

use anyhow::Result;
use args::{Cli, Command};
use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};
use newsdesk::error::Error as LibError;

/// Runs the CLI and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e)
            if e.use_stderr()
                && e.kind() != ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand =>
        {
            // Usage errors start `newsdesk: error:` like every other error of the tool.
            use std::io::IsTerminal;
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let text = if color {
                e.render().ansi().to_string()
            } else {
                e.render().to_string()
            };
            eprint!("newsdesk: {text}");
            return 2;
        }
        Err(e) => {
            // --help and --version (exit 0); help for a missing command (exit 2).
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    // Ctrl-C, SIGTERM or SIGHUP: remove the temporary file of an output not yet in place,
    // then exit as an interrupted program does (128 + SIGINT); once the output is in place
    // the run has done its work, and says so.
    let _ = ctrlc::set_handler(|| {
        newsdesk::io::remove_unfinished();
        let replaced = newsdesk::io::output_replaced();
        std::process::exit(if replaced { 0 } else { 130 });
    });
    match run(cli) {
        Ok(()) => 0,
        Err(e) => {
            if is_broken_pipe(&e) {
                return 0; // `newsdesk … | head` ends quietly
            }
            eprintln!("newsdesk: error: {}", message(&e));
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
    let broken = |io: &std::io::Error| io.kind() == std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(broken)
            || c.downcast_ref::<LibError>()
                .and_then(LibError::io_cause)
                .is_some_and(broken)
    })
}

/// The error and its causes, each said once: a cause whose text the message already holds
/// (a JSON writer's I/O error, say) is not repeated.
fn message(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let part = cause.to_string();
        if text.contains(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
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
        // Both are made in memory first: clap_complete panics when its writer fails, and
        // writing once lets a closed pipe or a full disk end like any other command's output.
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "newsdesk", &mut script);
            output::write_stdout(&script)
        }
        Command::Man(a) => cmd::man::run(a),
    }
}
