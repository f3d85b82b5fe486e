//! Errors of the library. Each says what went wrong, where (file, line, field) and what to do.

use std::path::PathBuf;

/// Anything the library can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{path}: {action}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// What was being done ("cannot read", "cannot write").
        action: &'static str,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
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
    #[error("invalid file name pattern '{pattern}': {source}")]
    Pattern {
        /// The pattern as given.
        pattern: String,
        /// Why it is invalid.
        #[source]
        source: globset::Error,
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
    pub fn io(path: impl Into<PathBuf>, action: &'static str, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            action,
            source,
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
