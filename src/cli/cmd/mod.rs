//! One file per command. Each parses nothing itself: it turns arguments into library calls,
//! reads input through [`super::input`] and prints through [`super::format`].

pub mod analyze;
pub mod classify;
pub mod cv;
pub mod eval;
pub mod extract;
pub mod inspect;
mod labelled;
pub mod man;
mod status;
pub mod summarize;
pub mod summary_style;
pub mod train;

use super::UsageError;
use super::args::ModelArg;
use anyhow::{Context, Result};
use newsdesk::classify::{self as lib, TopicModel};
use newsdesk::io::STDIN_LABEL;
use std::io::Read;
use std::path::PathBuf;

/// Refuses `-` given more than once: standard input can be read only once.
fn refuse_stdin_twice(inputs: &[PathBuf]) -> Result<()> {
    if inputs.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(UsageError(
            "`-` is given more than once; standard input can be read only once".into(),
        )
        .into());
    }
    Ok(())
}

/// One input as messages name it (`-` is standard input).
fn input_name(path: &std::path::Path) -> String {
    if path.as_os_str() == "-" {
        STDIN_LABEL.to_string()
    } else {
        path.display().to_string()
    }
}

/// Refuses an input given twice by any name (a link, `./`, standard input redirected from
/// it), or an input inside a folder also given: its `what` would count twice. Each input's
/// identity and real path are found once, so thousands of inputs cost little.
fn refuse_inputs_twice(inputs: &[PathBuf], what: &str) -> Result<()> {
    use newsdesk::io::FileId;
    use std::collections::HashMap;
    let name = |p: &PathBuf| input_name(p);
    let twice = |m: String| -> Result<()> { Err(UsageError(m).into()) };
    let mut ids: HashMap<FileId, &PathBuf> = HashMap::new();
    let mut folders: HashMap<PathBuf, &PathBuf> = HashMap::new();
    let mut real: Vec<(&PathBuf, PathBuf)> = Vec::new();
    for p in inputs {
        let stdin = p.as_os_str() == "-";
        let id = if stdin {
            FileId::of_stdin()
        } else {
            FileId::of(p)
        };
        if let Some(id) = id
            && let Some(first) = ids.insert(id, p)
        {
            return twice(format!(
                "{}: given more than once (as {} before); its {what} would count twice, so give it once",
                name(p),
                name(first)
            ));
        }
        if let (false, Ok(c)) = (stdin, p.canonicalize()) {
            if c.is_dir() {
                folders.insert(c.clone(), p);
            }
            real.push((p, c));
        }
    }
    for (p, c) in &real {
        if let Some(outer) = c.ancestors().skip(1).find_map(|a| folders.get(a)) {
            return twice(format!(
                "{}: inside {}, also given; its {what} would count twice, so give one of them",
                name(p),
                name(outer)
            ));
        }
    }
    Ok(())
}

/// Refuses `-o` naming the model file of `-m` (however it is named): writing the output
/// would destroy the model. `-m -` is standard input, compared by identity too.
fn refuse_model_as_output(model: &ModelArg, output: &Option<PathBuf>) -> Result<()> {
    match (&model.model, super::args::output_path(output)) {
        (Some(m), Some(out)) => {
            super::output::refuse_input_path_as_output(out, std::slice::from_ref(m))
        }
        _ => Ok(()),
    }
}

/// Refuses `-o` naming one of a labelled-data command's inputs (none given: standard input)
/// or `extra` files it reads (a stop-word list).
fn refuse_data_as_output(
    output: Option<&std::path::Path>,
    inputs: &[PathBuf],
    extra: Option<PathBuf>,
) -> Result<()> {
    let Some(out) = output else {
        return Ok(());
    };
    let mut all: Vec<PathBuf> = if inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        inputs.to_vec()
    };
    all.extend(extra);
    super::output::refuse_input_path_as_output(out, &all)
}

/// The stop-word file of `--stop-words`, when it names one (not `english` or `none`).
fn stop_words_file(list: &str) -> Option<PathBuf> {
    match list {
        "english" | "none" => None,
        p => Some(PathBuf::from(p)),
    }
}

/// The model of `-m` (`-m -`: read from standard input), or the built-in one. `inputs` are
/// the command's inputs, if it reads any (none given means standard input).
fn load_model(arg: &ModelArg, inputs: Option<&[PathBuf]>) -> Result<TopicModel> {
    Ok(match &arg.model {
        Some(p) if p.as_os_str() == "-" => {
            if inputs.is_some_and(|i| i.is_empty() || i.iter().any(|p| p.as_os_str() == "-")) {
                return Err(UsageError(
                    "-m - and the input both read standard input; give the input as a file".into(),
                )
                .into());
            }
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .context("cannot read the model from standard input")?;
            TopicModel::from_bytes(&bytes, STDIN_LABEL)?
        }
        Some(p) => TopicModel::load(p)?,
        None => lib::builtin_model()?,
    })
}
