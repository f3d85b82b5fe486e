//! Where text comes from: files, folders (searched), standard input; JSONL rows streamed
//! through the library's batch runner.

use super::args::{IoArgs, output_path};
use super::output::{Output, refuse_input_as_output};
use super::progress::Progress;
use anyhow::{Result, bail};
use newsdesk::batch;
use newsdesk::error::Error as LibError;
use newsdesk::html::{self, InputKind, Page};
use newsdesk::io::{
    LineLimit, NamePattern, RowId, STDIN_LABEL, SeenFiles, files_under_once, parse_jsonl_row,
    read_bytes_limited,
};
use newsdesk::text::{Article, normalise_string};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// One input: standard input or a file.
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    /// The name used in output (`-` for standard input).
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "-".into(),
            Input::File(p) => p.display().to_string(),
        }
    }

    /// The name used in messages (`standard input`, as `train` and `eval` say it).
    pub fn label(&self) -> String {
        match self {
            Input::Stdin => STDIN_LABEL.into(),
            Input::File(p) => p.display().to_string(),
        }
    }

    /// The whole input's bytes, read once; a line longer than `max_line` bytes is an error.
    fn read_bytes(&self, max_line: usize) -> Result<Vec<u8>> {
        let mut bytes = Vec::new();
        match self {
            Input::Stdin => {
                LineLimit::new(std::io::stdin().lock(), STDIN_LABEL, max_line)
                    .read_to_end(&mut bytes)
                    .map_err(|e| LibError::read_failed(STDIN_LABEL, e))?;
            }
            Input::File(p) => {
                if p.is_dir() {
                    bail!("{}: is a directory, expected a file", p.display());
                }
                bytes = read_bytes_limited(p, max_line)?;
            }
        }
        Ok(bytes)
    }

    fn path(&self) -> Option<&Path> {
        match self {
            Input::Stdin => None,
            Input::File(p) => Some(p),
        }
    }

    /// The article's text: a web page's extracted article (see `--input`), or the decoded
    /// text. `None`, after a warning, for a page without an article. Warnings (encoding
    /// fallbacks, ...) go to standard error unless `quiet`.
    /// With the length of a page's title at the start of the text (0 for plain text).
    pub fn read_article(&self, io: &IoArgs) -> Result<Option<(String, usize)>> {
        let bytes = self.read_bytes(io.max_line_bytes)?;
        let kind = InputKind::from(io.input);
        let mut warn = warn_fn(io.quiet);
        Ok(html::article_text_titled(
            bytes,
            &self.label(),
            self.path(),
            kind,
            &mut warn,
        )?)
    }

    /// The input as `newsdesk extract` reads it (see `--input`): a web page's article, or
    /// plain text's paragraphs; `None` after a warning when it has none.
    pub fn read_page(&self, io: &IoArgs) -> Result<Option<Page>> {
        let bytes = self.read_bytes(io.max_line_bytes)?;
        let kind = InputKind::from(io.input);
        let mut warn = warn_fn(io.quiet);
        Ok(html::page_of(
            bytes,
            &self.label(),
            self.path(),
            kind,
            &mut warn,
        )?)
    }

    /// The input, buffered, failing on a line longer than `max_line` bytes.
    fn reader(&self, max_line: usize) -> Result<LineLimit<Box<dyn BufRead + Send>>> {
        let inner: Box<dyn BufRead + Send> = match self {
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
        };
        Ok(LineLimit::new(inner, &self.label(), max_line))
    }
}

/// Parses the text of the input `name` as an article. When every line of it is set aside as
/// structure (metadata, boilerplate, teasers, datelines), says so unless `quiet`: the results
/// for it are then empty.
pub fn article_of((text, title_len): (String, usize), name: &str, quiet: bool) -> Article {
    let article = Article::parse_titled(text, title_len);
    if article.document.is_all_structure() {
        warn_fn(quiet)(format!(
            "warning: {name}: every line was set aside as structure (metadata, boilerplate, teasers, datelines); no paragraph to classify or summarise"
        ));
    }
    article
}

/// Prints warnings on standard error unless `quiet`.
pub fn warn_fn(quiet: bool) -> impl FnMut(String) {
    move |w| {
        if !quiet {
            eprintln!("newsdesk: {w}");
        }
    }
}

/// True when the command line names several inputs or a folder: `--format json` then writes
/// an array, whatever number of inputs had a result.
pub fn several_inputs(io: &IoArgs) -> bool {
    io.inputs.len() > 1 || io.inputs.iter().any(|p| p.is_dir())
}

/// Web pages in folders.
pub const PAGE_GLOB: &str = "{*.html,*.htm,*.xhtml,*.html.gz,*.htm.gz}";

/// The inputs (text files and web pages, or `.jsonl` files with `--jsonl`) and the output of
/// a command.
pub fn open_io(io: &IoArgs, jsonl: bool) -> Result<(Vec<Input>, Output)> {
    let default_glob = if jsonl {
        "*.jsonl"
    } else {
        "{*.txt,*.html,*.htm,*.xhtml,*.html.gz,*.htm.gz}"
    };
    open_io_matching(io, default_glob)
}

/// Like [`open_io`], searching folders for `default_glob` unless `--glob` says otherwise.
pub fn open_io_matching(io: &IoArgs, default_glob: &str) -> Result<(Vec<Input>, Output)> {
    let matcher = match io.glob.as_deref() {
        Some(glob) => (NamePattern::new(glob)?, glob),
        None => (NamePattern::any_case(default_glob)?, default_glob),
    };
    let inputs = collect_inputs(&io.inputs, matcher, io.glob.is_some(), io.quiet)?;
    let output = output_path(&io.output);
    if let Some(out) = output {
        refuse_input_as_output(out, &inputs)?;
    }
    Ok((inputs, Output::open(output)?))
}

/// Expands the command line's inputs: `-`/nothing is standard input, folders are searched for
/// files whose name matches the pattern (the user's `--glob`, else the default in any case);
/// `chosen` says whether the user gave the pattern.
pub fn collect_inputs(
    paths: &[PathBuf],
    (matcher, pattern): (NamePattern, &str),
    chosen: bool,
    quiet: bool,
) -> Result<Vec<Input>> {
    if paths.is_empty() {
        return Ok(vec![Input::Stdin]);
    }
    let mut out = Vec::new();
    let mut seen = SeenFiles::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin);
        } else if p.is_dir() {
            let below = |f: &Path| matcher.matches(f.strip_prefix(p).unwrap_or(f));
            let skipped = seen.skipped();
            let files = files_under_once(p, &below, &mut seen, &mut warn_fn(quiet))?;
            // A folder whose files were all read already (given twice, or inside one given)
            // has been warned about; it is not empty.
            if files.is_empty() && seen.skipped() == skipped {
                let hint = if chosen {
                    ""
                } else {
                    " (choose others with --glob)"
                };
                bail!(
                    "{}: no files matching '{pattern}' in this folder{hint}",
                    p.display()
                );
            }
            out.extend(files.into_iter().map(Input::File));
        } else if !p.exists() {
            match std::fs::metadata(p) {
                // A symbolic link that leads nowhere: a loop, or a link to a missing file.
                Err(e) if p.symlink_metadata().is_ok() => {
                    bail!(
                        "{}: a symbolic link that leads to no file ({e})",
                        p.display()
                    )
                }
                _ => bail!("{}: no such file", p.display()),
            }
        } else if let Some(first) = seen.take(p) {
            warn_fn(quiet)(format!(
                "warning: {}: skipped, already read (as {})",
                p.display(),
                first.display()
            ));
        } else {
            out.push(Input::File(p.clone()));
        }
    }
    Ok(out)
}

/// True when a `--jsonl` row is a page: it came as `"html"`, or its `"text"` looks like one,
/// unless `--input` says which.
fn row_is_page(as_html: bool, text: &str, io: &IoArgs) -> bool {
    match InputKind::from(io.input) {
        InputKind::Auto => as_html || html::looks_like_html(text.as_bytes()),
        kind => kind == InputKind::Html,
    }
}

/// An article's text with the length in bytes of the page title at its start (0: none).
pub type TitledText = (String, usize);

/// A `--jsonl` input row: its id as written (the line number when it has none) and its
/// normalised text, with the length of the page's title at its start (0 for plain text); a
/// row's `"html"` (or its `"text"` with `--input html`) gives the page's article text. `None` for a page without an article, after a warning naming the line: such
/// a row gives no result row. Warnings go to `warn`.
pub fn parse_row(
    line: &batch::Line,
    source: &str,
    io: &IoArgs,
    warn: &mut dyn FnMut(String),
) -> Result<Option<(RowId, TitledText)>, LibError> {
    let row = parse_jsonl_row(line.text, source, line.number, false)?;
    let id = RowId::of(row.id, line.number);
    if !row_is_page(row.html, &row.text, io) {
        return Ok(Some((id, (normalise_string(row.text).text, 0))));
    }
    let name = format!("{source}:{}", line.number);
    let page = html::page_of_row(&row.text, &name, warn)?;
    Ok(page.map(|page| (id, page.titled_text())))
}

/// A `--jsonl` row's id and article (see [`parse_row`]); `None` after a warning for a page
/// without an article.
pub fn article_row(
    line: &batch::Line,
    source: &str,
    io: &IoArgs,
    warn: &mut dyn FnMut(String),
) -> Result<Option<(RowId, Article)>, LibError> {
    Ok(parse_row(line, source, io, warn)?
        .map(|(id, (text, title_len))| (id, Article::parse_titled(text, title_len))))
}

/// A `--jsonl` row as `newsdesk extract` reads it: its id, and its page's article (its
/// `"html"`, or its `"text"` when that looks like a page or with `--input html`) or its text's
/// paragraphs; `None` after a warning naming the line when there is none. Other errors name
/// the row's line. Warnings go to `warn`.
pub fn parse_page_row(
    line: &batch::Line,
    source: &str,
    io: &IoArgs,
    warn: &mut dyn FnMut(String),
) -> Result<(RowId, Option<Page>), LibError> {
    let row = parse_jsonl_row(line.text, source, line.number, false)?;
    let id = RowId::of(row.id, line.number);
    let name = format!("{source}:{}", line.number);
    let page = if row_is_page(row.html, &row.text, io) {
        html::page_of_row(&row.text, &name, warn)?
    } else {
        html::page_of(row.text.into_bytes(), &name, None, InputKind::Text, warn)?
    };
    Ok((id, page))
}

/// Streams JSONL rows of every input through `work` on the worker threads, in order, to `out`;
/// the warnings `work` puts in [`batch::LineOut::warnings`] go to standard error in input
/// order too (unless `--quiet`).
pub fn stream_jsonl<S>(
    inputs: &[Input],
    out: &mut Output,
    io: &IoArgs,
    make_state: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &batch::Line, &str, &mut batch::LineOut) -> Result<(), LibError> + Sync,
) -> Result<()> {
    let progress = std::cell::RefCell::new(Progress::new(io.quiet));
    for input in inputs {
        let source = input.label();
        let mut reader = input.reader(io.max_line_bytes)?;
        let report = batch::Report {
            progress: &mut |rows| progress.borrow_mut().update(rows),
            warn: &mut |w| progress.borrow_mut().warn(&w),
        };
        batch::run_reporting(
            &mut reader,
            &source,
            out,
            threads(io.threads),
            &make_state,
            |state, line, out| work(state, line, &source, out),
            report,
        )?;
    }
    progress.borrow().finish();
    Ok(())
}

fn threads(n: Option<u16>) -> usize {
    n.map(usize::from)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}
