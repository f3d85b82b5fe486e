//! Where results go: standard output, or a file written atomically. Every failed write names
//! where it was going, once.

use super::UsageError;
use super::input::Input;
use anyhow::Result;
use newsdesk::error::Error as LibError;
use newsdesk::io::{AtomicFile, FileId, files_under};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Standard output or an atomically written file.
pub enum Output {
    Stdout(std::io::BufWriter<std::io::Stdout>),
    File(AtomicFile),
}

impl Output {
    /// Standard output when `path` is `None`, else a replacement for the file.
    pub fn open(path: Option<&Path>) -> Result<Output> {
        Ok(match path {
            None => Output::Stdout(std::io::BufWriter::with_capacity(
                1 << 16,
                std::io::stdout(),
            )),
            Some(p) => Output::File(AtomicFile::create(p)?),
        })
    }

    /// Flushes standard output, or puts the file in place.
    pub fn finish(mut self) -> Result<()> {
        match self {
            Output::Stdout(_) => self.flush()?,
            Output::File(f) => f.commit()?,
        }
        Ok(())
    }

    /// Where the output goes, for messages.
    fn name(&self) -> String {
        match self {
            Output::Stdout(_) => "standard output".into(),
            Output::File(f) => f.target().display().to_string(),
        }
    }

    /// A write error that names the output (its kind is kept, so a closed pipe is still seen
    /// as one).
    fn named(&self, e: std::io::Error) -> std::io::Error {
        std::io::Error::new(e.kind(), LibError::io(self.name(), "cannot write", e))
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Output::Stdout(w) => w.write(buf),
            Output::File(f) => f.write(buf),
        }
        .map_err(|e| self.named(e))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::File(f) => f.flush(),
        }
        .map_err(|e| self.named(e))
    }
}

/// Writes `bytes` to standard output and flushes it, naming standard output in any error.
pub fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = Output::open(None)?;
    out.write_all(bytes)?;
    out.finish()
}

/// Writes the pretty JSON of `--format json`. Its shape follows the command line, not how many
/// inputs had a result: several inputs (or a folder) give an array, also an empty one when no
/// input had a result; one file (or standard input) gives its object, or nothing (after the
/// warning) when it had none.
pub fn write_json_docs(
    out: &mut Output,
    mut docs: Vec<serde_json::Value>,
    several: bool,
) -> Result<()> {
    let doc = match (several, docs.len()) {
        (true, _) => serde_json::Value::Array(docs),
        (false, 0) => return Ok(()),
        (false, _) => docs.remove(0),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// Refuses an output file that is also one of the inputs, however it is named (compared by
/// file identity): writing it would replace the input. Devices and FIFOs are written through,
/// never replaced, so they are not checked.
pub fn refuse_input_as_output(output: &Path, inputs: &[Input]) -> Result<()> {
    let Some(out) = regular_file_id(output) else {
        return Ok(());
    };
    for input in inputs {
        let id = match input {
            Input::Stdin => FileId::of_stdin(),
            Input::File(p) => FileId::of(p),
        };
        if id == Some(out) {
            return Err(same_file(output, &input.name()));
        }
    }
    Ok(())
}

/// Like [`refuse_input_as_output`] for input paths that may be folders (searched for any file).
pub fn refuse_input_path_as_output(output: &Path, inputs: &[PathBuf]) -> Result<()> {
    let Some(out) = regular_file_id(output) else {
        return Ok(());
    };
    for input in inputs {
        if input.as_os_str() == "-" {
            if FileId::of_stdin() == Some(out) {
                return Err(same_file(output, "-"));
            }
            continue;
        }
        let files = if input.is_dir() {
            files_under(input, &|_| true, &mut |_| {})?
        } else {
            vec![input.clone()]
        };
        if let Some(f) = files.iter().find(|f| FileId::of(f) == Some(out)) {
            return Err(same_file(output, &f.display().to_string()));
        }
    }
    Ok(())
}

/// The identity of `path` when it is an existing regular file.
fn regular_file_id(path: &Path) -> Option<FileId> {
    let meta = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
    FileId::of_metadata(&meta)
}

fn same_file(output: &Path, input: &str) -> anyhow::Error {
    UsageError(format!(
        "-o {}: this is the input {input}; writing it would replace the input, so give another output file",
        output.display()
    ))
    .into()
}
