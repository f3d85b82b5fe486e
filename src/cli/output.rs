//! Where results go: standard output, or a file written atomically.

use anyhow::{Context, Result};
use newsdesk::io::AtomicFile;
use std::io::Write;
use std::path::Path;

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
    pub fn finish(self) -> Result<()> {
        match self {
            Output::Stdout(mut w) => w.flush().context("cannot write to standard output")?,
            Output::File(f) => f.commit()?,
        }
        Ok(())
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Output::Stdout(w) => w.write(buf),
            Output::File(f) => f.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::File(f) => f.flush(),
        }
    }
}

/// Writes one pretty JSON document: the only one itself, several as an array.
pub fn write_json_docs(out: &mut Output, mut docs: Vec<serde_json::Value>) -> Result<()> {
    let doc = if docs.len() == 1 {
        docs.remove(0)
    } else {
        serde_json::Value::Array(docs)
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")?;
    Ok(())
}
