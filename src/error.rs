//! Errors of the library. Each says what went wrong, where (file, line, field) and what to do.

use std::path::PathBuf;

/// Anything the library can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written. The message names the file once and the
    /// cause once: the cause is part of the message, not a separate error in the chain.
    #[error("{path}: {action}: {cause}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// What was being done ("cannot read", "cannot write").
        action: &'static str,
        /// The operating system's reason.
        cause: std::io::Error,
    },
    /// A line of an input file is malformed.
    #[error("{path}:{line}: {message}")]
    Input {
        /// The file (or `-` for standard input).
        path: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// A web page that could not be read or gave no article.
    #[error("{path}: {reason}")]
    Page {
        /// The page (a file, or a JSONL source and line).
        path: String,
        /// Why (shown in the message, so not also a `source`).
        reason: crate::html::HtmlError,
    },
    /// A model file cannot be used.
    #[error("{path}: not a usable newsdesk model: {message}")]
    Model {
        /// The model file.
        path: String,
        /// Why.
        message: String,
    },
    /// A summary style file cannot be used.
    #[error("{path}: not a usable newsdesk summary style: {message}")]
    Style {
        /// The style file.
        path: String,
        /// Why.
        message: String,
    },
    /// Training data or options that cannot produce a model.
    #[error("{0}")]
    Training(String),
    /// An option value out of range.
    #[error("{0}")]
    InvalidOption(String),
    /// A name that is not one of an option's accepted values.
    #[error(transparent)]
    UnknownName(#[from] UnknownName),
    /// A file name pattern (glob) that cannot be used.
    #[error("invalid file name pattern '{pattern}': {cause}")]
    Pattern {
        /// The pattern as given.
        pattern: String,
        /// Why it is invalid.
        cause: globset::Error,
    },
}

/// A name that is not one of an option's accepted values (a language, a data format, ...).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} '{name}'; choose one of: {}", .choices.join(", "))]
pub struct UnknownName {
    /// What was being named ("language", "data format").
    pub what: &'static str,
    /// The name given.
    pub name: String,
    /// Every accepted name.
    pub choices: &'static [&'static str],
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, action: &'static str, cause: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            action,
            cause,
        }
    }

    /// A failed write to an output. A writer that already named its file (it returns an
    /// [`std::io::Error`] wrapping an [`Error`]) keeps that message; other errors are said to be
    /// the output's.
    pub fn write_failed(cause: std::io::Error) -> Error {
        Error::write_failed_to("output", cause)
    }

    /// A failed write to `path`, as [`Error::write_failed`] but naming the file.
    pub fn write_failed_to(path: impl Into<PathBuf>, cause: std::io::Error) -> Error {
        Error::unwrapped(cause).unwrap_or_else(|e| Error::io(path, "cannot write", e))
    }

    /// A failed read of `path`. A reader that already said what is wrong (it returns an
    /// [`std::io::Error`] wrapping an [`Error`], as [`crate::io::LineLimit`] does) keeps its
    /// message.
    pub fn read_failed(path: impl Into<PathBuf>, cause: std::io::Error) -> Error {
        Error::unwrapped(cause).unwrap_or_else(|e| Error::io(path, "cannot read", e))
    }

    /// The [`Error`] inside an I/O error, or the I/O error itself.
    fn unwrapped(cause: std::io::Error) -> std::result::Result<Error, std::io::Error> {
        if !cause.get_ref().is_some_and(|inner| inner.is::<Error>()) {
            return Err(cause);
        }
        let kind = cause.kind();
        match cause.into_inner().map(|b| b.downcast::<Error>()) {
            Some(Ok(inner)) => Ok(*inner),
            _ => Err(kind.into()),
        }
    }

    /// The operating system's reason of an I/O error, if this is one.
    pub fn io_cause(&self) -> Option<&std::io::Error> {
        match self {
            Error::Io { cause, .. } => Some(cause),
            _ => None,
        }
    }

    /// A page that could not be read.
    pub fn page(path: impl Into<String>, reason: crate::html::HtmlError) -> Error {
        Error::Page {
            path: path.into(),
            reason,
        }
    }

    /// A malformed input line.
    pub fn input(path: impl Into<String>, line: usize, message: impl Into<String>) -> Error {
        Error::Input {
            path: path.into(),
            line,
            message: message.into(),
        }
    }
}

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::ErrorKind;

    #[test]
    fn an_io_error_names_the_file_and_cause_once() {
        let e = Error::io("a.txt", "cannot read", ErrorKind::NotFound.into());
        let text = e.to_string();
        assert!(text.starts_with("a.txt: cannot read: "), "{text}");
        assert_eq!(text.matches("not found").count(), 1, "{text}");
        // The cause is in the message, not a second error in the chain (printed again).
        assert!(std::error::Error::source(&e).is_none());
    }

    #[test]
    fn a_named_write_error_keeps_its_name() {
        let named = Error::io("out.tsv", "cannot write", ErrorKind::StorageFull.into());
        let wrapped = std::io::Error::new(ErrorKind::StorageFull, named);
        let e = Error::write_failed(wrapped).to_string();
        assert!(e.starts_with("out.tsv: cannot write: "), "{e}");
        let e = Error::write_failed(ErrorKind::BrokenPipe.into());
        assert!(e.to_string().starts_with("output: cannot write"), "{e}");
        assert_eq!(e.io_cause().map(|c| c.kind()), Some(ErrorKind::BrokenPipe));
    }
}
