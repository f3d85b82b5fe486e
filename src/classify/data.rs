//! Labelled training text: reading the formats users keep it in.
//!
//! - a folder per label: `DIR/<label>/*.txt`, and saved web pages (`.html`, `.htm`,
//!   `.html.gz`) whose article is extracted;
//! - JSONL: one object per line with string fields `"text"` (or `"html"`, a web page) and
//!   `"label"` (others ignored);
//! - CSV or TSV with a header row naming the text and label columns;
//! - fastText lines: `__label__economics Text of the example…`.
//!
//! Every error names the file and line, and what to change.

use crate::error::{Error, Result, UnknownName};
use crate::html::{self, InputKind};
use crate::io::{
    DEFAULT_MAX_LINE_BYTES, LineLimit, STDIN_LABEL, SeenFiles, decode_bytes, files_under_once,
    jsonl, read_data_limited, read_text_from,
};
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// One labelled unit of training text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Example {
    /// The text.
    pub text: String,
    /// Its label.
    pub label: String,
}

/// Rows that repeat an earlier row's text. Texts are compared as the model sees them: in
/// lower case, with runs of white space as one space and punctuation at either end ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Duplicates {
    /// Rows whose text an earlier row has under the same label.
    pub repeated: usize,
    /// Distinct texts that appear under more than one label.
    pub conflicting: usize,
    /// The first such text: the index of its first row, and its labels in order of appearance.
    pub first_conflict: Option<(usize, Vec<String>)>,
}

/// Punctuation ignored at either end of a text when duplicates are compared.
fn edge(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || matches!(c, '“' | '”' | '‘' | '’' | '…' | '«' | '»' | '„' | '‹' | '›')
}

/// Writes into `buf` a text as duplicates are compared, up to `limit` bytes: in lower case,
/// its words (split at any white space) joined by single spaces, without punctuation at
/// either end. The first `limit` bytes of the whole form are the same whatever the limit.
fn comparable_into(text: &str, buf: &mut Vec<u8>, limit: usize) {
    buf.clear();
    let mut space = false;
    let mut utf8 = [0u8; 4];
    for c in text.trim_matches(edge).chars() {
        if buf.len() >= limit {
            break;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if std::mem::take(&mut space) {
            buf.push(b' ');
        }
        if c.is_ascii() {
            buf.push(c.to_ascii_lowercase() as u8);
        } else {
            for l in c.to_lowercase() {
                buf.extend_from_slice(l.encode_utf8(&mut utf8).as_bytes());
            }
        }
    }
}

/// A text as duplicates are compared (see [`comparable_into`]).
fn comparable(text: &str) -> Vec<u8> {
    let mut buf = Vec::with_capacity(text.len());
    comparable_into(text, &mut buf, usize::MAX);
    buf
}

/// Bytes of the compared form hashed to find candidates: texts with other starts are
/// different, and only candidates are compared whole.
const PREFIX_BYTES: usize = 256;

/// Rows that repeat an earlier row's text (see [`Duplicates`]), under the same label or
/// another.
///
/// Each text's first 256 bytes as compared are hashed, the halves of the list side by
/// side; only texts whose starts hash alike are compared whole, so the cost is a few hundred
/// bytes a text whatever their length.
pub fn duplicates(examples: &[Example]) -> Duplicates {
    use std::hash::BuildHasher;
    let prepare = |part: &[Example]| -> Vec<u64> {
        let mut buf = Vec::with_capacity(PREFIX_BYTES + 8);
        part.iter()
            .map(|e| {
                comparable_into(&e.text, &mut buf, PREFIX_BYTES);
                rustc_hash::FxBuildHasher.hash_one(&buf)
            })
            .collect()
    };
    let (first, second) = examples.split_at(examples.len() / 2);
    let hashes = std::thread::scope(|scope| {
        let later = scope.spawn(|| prepare(second));
        let mut hashes = prepare(first);
        hashes.extend(later.join().unwrap_or_else(|_| prepare(second)));
        hashes
    });
    let mut candidates: rustc_hash::FxHashMap<u64, Vec<usize>> = Default::default();
    for (i, h) in hashes.into_iter().enumerate() {
        candidates.entry(h).or_default().push(i);
    }
    let mut found = Duplicates::default();
    let mut first_conflict: Option<(usize, Vec<&str>)> = None;
    for rows in candidates.values().filter(|rows| rows.len() > 1) {
        // Each text of these rows: its first row and its labels, in order of appearance.
        let mut texts: std::collections::HashMap<Vec<u8>, (usize, Vec<&str>)> = Default::default();
        for &i in rows {
            let label = examples[i].label.as_str();
            let (_, labels) = texts
                .entry(comparable(&examples[i].text))
                .or_insert((i, Vec::new()));
            if labels.contains(&label) {
                found.repeated += 1;
            } else {
                if labels.len() == 1 {
                    found.conflicting += 1;
                }
                labels.push(label);
            }
        }
        for (first, labels) in texts.into_values().filter(|t| t.1.len() > 1) {
            if first_conflict.as_ref().is_none_or(|(f, _)| first < *f) {
                first_conflict = Some((first, labels));
            }
        }
    }
    found.first_conflict =
        first_conflict.map(|(i, labels)| (i, labels.into_iter().map(String::from).collect()));
    found
}

/// Formats of labelled text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFormat {
    /// Decide from the path: folder, `.jsonl`, `.csv`, `.tsv`, or a look at the first line.
    Auto,
    /// `DIR/<label>/*.txt`.
    Folder,
    /// One JSON object per line with "text" and "label".
    Jsonl,
    /// Comma-separated, with a header row.
    Csv,
    /// Tab-separated, with a header row.
    Tsv,
    /// `__label__<label> <text>` lines.
    Fasttext,
}

impl DataFormat {
    /// Every format, in the order of [`DataFormat::NAMES`].
    pub const ALL: [DataFormat; 6] = [
        DataFormat::Auto,
        DataFormat::Folder,
        DataFormat::Jsonl,
        DataFormat::Csv,
        DataFormat::Tsv,
        DataFormat::Fasttext,
    ];
    /// The name of each format, as parsed and printed.
    pub const NAMES: &'static [&'static str] =
        &["auto", "folder", "jsonl", "csv", "tsv", "fasttext"];

    /// The format's name.
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

impl FromStr for DataFormat {
    type Err = UnknownName;
    fn from_str(s: &str) -> std::result::Result<Self, UnknownName> {
        let lower = s.to_ascii_lowercase();
        Self::NAMES
            .iter()
            .position(|n| *n == lower)
            .map(|i| Self::ALL[i])
            .ok_or_else(|| UnknownName {
                what: "data format",
                name: s.to_string(),
                choices: Self::NAMES,
            })
    }
}

impl fmt::Display for DataFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Column names for CSV/TSV input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// Header of the text column.
    pub text: String,
    /// Header of the label column.
    pub label: String,
}

impl Default for Columns {
    fn default() -> Self {
        Columns {
            text: "text".into(),
            label: "label".into(),
        }
    }
}

/// Reads examples from every path; `warn` receives non-fatal notes (encoding fallbacks, ...).
/// A line longer than [`crate::io::DEFAULT_MAX_LINE_BYTES`] is an error.
pub fn read_examples(
    paths: &[PathBuf],
    format: DataFormat,
    columns: &Columns,
    warn: &mut dyn FnMut(String),
) -> Result<Vec<Example>> {
    Ok(read_examples_matching(paths, format, columns, None, DEFAULT_MAX_LINE_BYTES, warn)?.0)
}

/// Reads examples like [`read_examples`], where `-` is standard input and label folders give
/// the files `accept` takes (it sees each file's path below the folder named in `paths`;
/// `None`: the `*.txt` files and web pages, any case), and a line longer than `max_line` bytes
/// is an error. Each input is read once, so a FIFO or `<(command)` works: a format the name
/// does not tell is sniffed from the bytes already read. Folders give each file once, however
/// many links lead to it.
/// Also says where each example came from: its file in a label folder, else `INPUT#K`, the
/// K-th example (from 1) of that input (`-#K` for standard input).
pub fn read_examples_matching(
    paths: &[PathBuf],
    format: DataFormat,
    columns: &Columns,
    accept: Option<&dyn Fn(&Path) -> bool>,
    max_line: usize,
    warn: &mut dyn FnMut(String),
) -> Result<(Vec<Example>, Vec<String>)> {
    let mut seen = SeenFiles::new();
    read_examples_once(paths, format, columns, accept, max_line, &mut seen, warn)
}

/// Like [`read_examples_matching`], skipping files in `seen` (taken by earlier calls: a file
/// reached through a link or a hard link in two inputs is read once) and adding the rest.
pub fn read_examples_once(
    paths: &[PathBuf],
    format: DataFormat,
    columns: &Columns,
    accept: Option<&dyn Fn(&Path) -> bool>,
    max_line: usize,
    seen: &mut SeenFiles,
    warn: &mut dyn FnMut(String),
) -> Result<(Vec<Example>, Vec<String>)> {
    let is_txt = |p: &Path| {
        p.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt"))
            || html::page_name(p) != html::PageName::Other
    };
    let accept = accept.unwrap_or(&is_txt);
    let mut out = Vec::new();
    let mut sources = Vec::new();
    for path in paths {
        let (before, named) = (out.len(), sources.len());
        let read = Reading {
            format,
            columns,
            accept,
            max_line,
        };
        read.one(path, seen, &mut out, &mut sources, warn)?;
        if sources.len() == named {
            // Not a folder: the K-th example of this input.
            let name = path.display();
            sources.extend((1..=out.len() - before).map(|k| format!("{name}#{k}")));
        }
    }
    Ok((out, sources))
}

/// How inputs are read.
struct Reading<'a> {
    format: DataFormat,
    columns: &'a Columns,
    accept: &'a dyn Fn(&Path) -> bool,
    max_line: usize,
}

impl Reading<'_> {
    /// The examples of one input; a label folder also gives each one's file.
    fn one(
        &self,
        path: &Path,
        seen: &mut SeenFiles,
        out: &mut Vec<Example>,
        files: &mut Vec<String>,
        warn: &mut dyn FnMut(String),
    ) -> Result<()> {
        let stdin = path.as_os_str() == "-";
        let format = match self.format {
            DataFormat::Auto if !stdin => detect(path),
            f => f,
        };
        if format == DataFormat::Folder {
            return read_folder(path, self, seen, out, files, warn);
        }
        let (text, name) = if stdin {
            let input = std::io::BufReader::new(std::io::stdin());
            let mut input = LineLimit::new(input, STDIN_LABEL, self.max_line).refusing_binary();
            let text = read_text_from(&mut input, STDIN_LABEL, warn)?;
            (text, STDIN_LABEL.to_string())
        } else {
            let name = path.display().to_string();
            let bytes = read_data_limited(path, self.max_line)?;
            (decode_bytes(bytes, &name, warn), name)
        };
        let format = match format {
            DataFormat::Auto => sniff(&text, &name)?,
            f => f,
        };
        let columns = self.columns;
        let start = out.len();
        let mut no_article = Vec::new();
        match format {
            DataFormat::Jsonl => parse_jsonl_pages(&text, &name, out).map(|l| no_article = l),
            DataFormat::Csv => parse_delimited(&text, &name, b',', columns, out),
            DataFormat::Tsv => parse_delimited(&text, &name, b'\t', columns, out),
            DataFormat::Fasttext => parse_fasttext(&text, &name, out),
            DataFormat::Auto | DataFormat::Folder => unreachable!("decided above"),
        }?;
        for line in &no_article {
            warn(format!(
                "warning: {name}:{line}: no article text found in this page"
            ));
        }
        let lined = matches!(format, DataFormat::Jsonl | DataFormat::Fasttext);
        warn_empty_rows(&text, &name, lined, &out[start..], &no_article, warn);
        Ok(())
    }
}

/// Warns about rows of one input whose text is empty or blank: they train nothing, so they
/// would vanish without a word. JSONL and fastText rows are named by line (each non-blank
/// line is one row), CSV/TSV rows by their number among the data rows. The lines in `warned`
/// (pages without an article) have had their own warning.
fn warn_empty_rows(
    text: &str,
    name: &str,
    lined: bool,
    rows: &[Example],
    warned: &[usize],
    warn: &mut dyn FnMut(String),
) {
    let empty: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, e)| e.text.trim().is_empty())
        .map(|(k, _)| k)
        .collect();
    if empty.is_empty() {
        return;
    }
    let (what, numbers): (&str, Vec<usize>) = if lined {
        let lines: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, _)| i + 1)
            .collect();
        (
            "line",
            empty
                .iter()
                .filter_map(|&k| lines.get(k).copied())
                .filter(|n| !warned.contains(n))
                .collect(),
        )
    } else {
        ("row", empty.iter().map(|&k| k + 1).collect())
    };
    if numbers.is_empty() {
        return;
    }
    let shown: Vec<String> = numbers.iter().take(5).map(|n| n.to_string()).collect();
    let more = if numbers.len() > 5 { ", …" } else { "" };
    warn(format!(
        "warning: {name}: {} row(s) with empty text, which give nothing to train on ({what}(s) {}{more})",
        numbers.len(),
        shown.join(", ")
    ));
}

/// The format a path says it has (a folder, or by extension); `Auto` when it does not say.
fn detect(path: &Path) -> DataFormat {
    if path.is_dir() {
        return DataFormat::Folder;
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "jsonl" | "ndjson" | "json" => DataFormat::Jsonl,
        "csv" => DataFormat::Csv,
        "tsv" | "tab" => DataFormat::Tsv,
        _ => DataFormat::Auto,
    }
}

/// The format of text whose path did not say: from its first non-blank line. It looks at the
/// text already read, so a FIFO or `<(command)` is read only once.
fn sniff(text: &str, name: &str) -> Result<DataFormat> {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    if first.starts_with("__label__") {
        Ok(DataFormat::Fasttext)
    } else if first.starts_with('{') {
        Ok(DataFormat::Jsonl)
    } else {
        Err(Error::input(
            name,
            1,
            "cannot tell the format of this file; name it .jsonl/.csv/.tsv, or pass --input-format",
        ))
    }
}

/// `DIR/<label>/<files>`: every file once, however many links lead to it (`seen` is shared
/// by all the folders of one run).
fn read_folder(
    dir: &Path,
    how: &Reading,
    seen: &mut SeenFiles,
    out: &mut Vec<Example>,
    files: &mut Vec<String>,
    warn: &mut dyn FnMut(String),
) -> Result<()> {
    let mut labels: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, "cannot read folder", e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    labels.sort();
    let (before, skipped) = (out.len(), seen.skipped());
    for label_dir in labels {
        let label = label_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if label.starts_with('.') {
            continue;
        }
        if let Some(problem) = label_problem(&label) {
            return Err(Error::Training(format!(
                "{}: the folder name is used as the label, and {}; rename the folder",
                label_dir.display(),
                problem.strip_prefix("the label ").unwrap_or(&problem)
            )));
        }
        let below = |f: &Path| (how.accept)(f.strip_prefix(dir).unwrap_or(f));
        for f in files_under_once(&label_dir, &below, seen, warn)? {
            let Some(text) = html::read_article(&f, InputKind::Auto, warn)? else {
                continue;
            };
            if text.trim().is_empty() {
                warn(format!("warning: {}: empty file skipped", f.display()));
                continue;
            }
            out.push(Example {
                text,
                label: label.clone(),
            });
            files.push(f.display().to_string());
        }
    }
    // A folder whose files were all read already through another input was warned about.
    if out.len() == before && seen.skipped() == skipped {
        return Err(Error::Training(format!(
            "{}: no labelled text found; expected DIR/<label>/*.txt (or files matching --glob)",
            dir.display()
        )));
    }
    Ok(())
}

/// A label, trimmed; empty labels and labels with control characters (a tab or line break
/// would break TSV and text output) are errors naming the line.
fn check_label(label: &str, name: &str, line: usize) -> Result<String> {
    let label = label.trim();
    if label.is_empty() {
        return Err(Error::input(
            name,
            line,
            "the label is empty; every row needs a label",
        ));
    }
    if let Some(problem) = label_problem(label) {
        return Err(Error::input(name, line, problem));
    }
    Ok(label.to_string())
}

/// What is wrong with a label, if anything: empty, a control character (it would corrupt TSV
/// and text output), or an invisible format or separator character (U+200B, U+202E, U+2029,
/// U+FEFF…: it would make a label that looks like another). Training and model loading use
/// the same rule.
pub(crate) fn label_problem(label: &str) -> Option<String> {
    if label.is_empty() {
        return Some("the label is empty; every row needs a label".into());
    }
    if let Some(c) = label.chars().find(|c| c.is_control()) {
        return Some(format!(
            "the label contains the control character {}; labels are printed in TSV and text output, so remove it",
            char_name(c)
        ));
    }
    let invisible = |c: &char| {
        crate::text::structure::is_format_char(*c) || matches!(c, '\u{2028}' | '\u{2029}')
    };
    if let Some(c) = label.chars().find(invisible) {
        return Some(format!(
            "the label contains the invisible character {}; it would look like another label, so remove it",
            char_name(c)
        ));
    }
    None
}

/// `U+0009 (tab)` and the like, for messages.
fn char_name(c: char) -> String {
    let what = match c {
        '\t' => " (tab)",
        '\n' => " (line feed)",
        '\r' => " (carriage return)",
        _ => "",
    };
    format!("U+{:04X}{what}", c as u32)
}

/// Parses JSONL training rows. Large inputs are cut at line ends and parsed on all cores; the
/// rows keep their order and an error names the first bad line. A row whose `"html"` page
/// has no article gives an example with empty text, which trains nothing.
pub fn parse_jsonl(text: &str, name: &str, out: &mut Vec<Example>) -> Result<()> {
    parse_jsonl_pages(text, name, out).map(|_| ())
}

/// [`parse_jsonl`], giving the lines of the pages without an article, in order.
fn parse_jsonl_pages(text: &str, name: &str, out: &mut Vec<Example>) -> Result<Vec<usize>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || text.len() < 1 << 20 {
        let mut no_article = Vec::new();
        parse_jsonl_lines(text, name, 1, out, &mut no_article)?;
        return Ok(no_article);
    }
    // Pieces of whole lines, each with the number of its first line.
    let mut pieces: Vec<(&str, usize)> = Vec::with_capacity(threads);
    let (mut rest, mut line) = (text, 1);
    for k in (1..=threads).rev() {
        let want = rest.len().div_ceil(k);
        let cut = match rest.as_bytes()[want.min(rest.len())..]
            .iter()
            .position(|&b| b == b'\n')
        {
            Some(i) if k > 1 => want + i + 1,
            _ => rest.len(),
        };
        let (piece, tail) = rest.split_at(cut);
        pieces.push((piece, line));
        if !tail.is_empty() {
            line += memchr::memchr_iter(b'\n', piece.as_bytes()).count();
        }
        rest = tail;
    }
    type Piece = Result<(Vec<Example>, Vec<usize>)>;
    let parsed: Vec<Piece> = std::thread::scope(|scope| {
        let handles: Vec<_> = pieces
            .iter()
            .map(|&(piece, first)| {
                scope.spawn(move || {
                    let (mut rows, mut no_article) = (Vec::new(), Vec::new());
                    parse_jsonl_lines(piece, name, first, &mut rows, &mut no_article)
                        .map(|_| (rows, no_article))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Error::Training("a reading thread failed".into())))
            })
            .collect()
    });
    let mut no_article = Vec::new();
    for piece in parsed {
        let (rows, lines) = piece?;
        out.extend(rows);
        no_article.extend(lines);
    }
    Ok(no_article)
}

/// Parses JSONL rows whose first line is line `first_line` of the input; the lines of pages
/// without an article (their examples have empty text) go to `no_article`.
fn parse_jsonl_lines(
    text: &str,
    name: &str,
    first_line: usize,
    out: &mut Vec<Example>,
    no_article: &mut Vec<usize>,
) -> Result<()> {
    for (i, line) in text.lines().enumerate() {
        let line_no = first_line + i;
        if line.trim().is_empty() {
            continue;
        }
        let row = jsonl::parse_row(line, name, line_no, true)?;
        let label = check_label(row.label.as_deref().unwrap_or(""), name, line_no)?;
        let text = if row.html {
            // A row's page is already Unicode: the charset it declares does not apply.
            match html::extract_text(&row.text) {
                Ok(page) => page.article_text(),
                Err(html::HtmlError::NoArticle) => {
                    no_article.push(line_no);
                    String::new()
                }
                Err(e) => return Err(Error::page(format!("{name}:{line_no}"), e)),
            }
        } else {
            row.text
        };
        out.push(Example { text, label });
    }
    Ok(())
}

fn parse_delimited(
    text: &str,
    name: &str,
    delimiter: u8,
    columns: &Columns,
    out: &mut Vec<Example>,
) -> Result<()> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Error::input(name, 1, format!("cannot read the header row: {e}")))?
        .clone();
    let find = |col: &str| {
        headers.iter().position(|h| h.trim().eq_ignore_ascii_case(col)).ok_or_else(|| {
            Error::input(
                name,
                1,
                format!(
                    "no column named \"{col}\" in the header ({}); name the columns with --text-column/--label-column",
                    headers.iter().collect::<Vec<_>>().join(", ")
                ),
            )
        })
    };
    let (ti, li) = (find(&columns.text)?, find(&columns.label)?);
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            Error::input(name, line, format!("malformed row: {e}"))
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let text = record.get(ti).unwrap_or("").to_string();
        let label = check_label(record.get(li).unwrap_or(""), name, line)?;
        out.push(Example { text, label });
    }
    Ok(())
}

fn parse_fasttext(text: &str, name: &str, out: &mut Vec<Example>) -> Result<()> {
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let rest = line.strip_prefix("__label__").ok_or_else(|| {
            Error::input(
                name,
                i + 1,
                "expected a line starting with __label__<label>",
            )
        })?;
        let (label, text) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let label = check_label(label, name, i + 1)?;
        // fastText reads every `__label__` word as a label. newsdesk trains one label per unit:
        // a line with several is refused rather than trained on its first label only.
        let others: Vec<&str> = text
            .split_whitespace()
            .filter_map(|w| w.strip_prefix("__label__"))
            .collect();
        if !others.is_empty() {
            return Err(Error::input(
                name,
                i + 1,
                format!(
                    "several labels on one line ({label}, {}); newsdesk trains one label per unit: keep one label, or repeat the line once per label",
                    others.join(", ")
                ),
            ));
        }
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push(Example { text, label });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_rows_equal_to_an_earlier_one_conflicts_share_only_the_text() {
        let ex = |text: &str, label: &str| Example {
            text: text.into(),
            label: label.into(),
        };
        let rows = [
            ex("Rates rose.", "economics"),
            ex("Rates rose.", "security"),
            ex("Troops moved.", "security"),
            ex("Rates rose.", "economics"),
            ex("Rates rose.", "economics"),
            ex("Troops moved.", "security"),
        ];
        let found = duplicates(&rows);
        assert_eq!((found.repeated, found.conflicting), (3, 1));
        assert_eq!(
            found.first_conflict,
            Some((0, vec!["economics".to_string(), "security".to_string()]))
        );
        let first_three = duplicates(&[rows[0].clone(), rows[2].clone(), rows[5].clone()]);
        assert_eq!(
            first_three,
            Duplicates {
                repeated: 1,
                ..Default::default()
            }
        );
        // One text under three labels is one conflict naming all three; case, spacing and a
        // final full stop do not make texts different.
        let variants = [
            ex("Rebels seized the dam", "security"),
            ex("rebels  seized the dam.", "general"),
            ex("“Rebels seized the dam”", "diplomacy"),
            ex("REBELS SEIZED THE DAM", "security"),
            ex("Rebels seized a dam", "general"),
        ];
        let found = duplicates(&variants);
        assert_eq!((found.repeated, found.conflicting), (1, 1));
        let labels = found.first_conflict.unwrap().1;
        assert_eq!(labels, ["security", "general", "diplomacy"]);
        // Non-ASCII case, other spaces and guillemets as well; words run together are not
        // the same text.
        let other = [
            ex("Émeutes à Lyon", "security"),
            ex("«émeutes\u{a0}à lyon»", "general"),
            ex("Émeutesà Lyon", "diplomacy"),
        ];
        let found = duplicates(&other);
        assert_eq!((found.repeated, found.conflicting), (0, 1));
        assert_eq!(found.first_conflict.unwrap().1, ["security", "general"]);
        assert_eq!(duplicates(&[]), Duplicates::default());
    }

    fn read(name: &str, content: &str, format: DataFormat) -> Result<Vec<Example>> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(name);
        std::fs::write(&p, content).unwrap();
        read_examples(&[p], format, &Columns::default(), &mut |_| {})
    }

    #[test]
    fn large_jsonl_keeps_row_order_and_line_numbers() {
        // Over 1 MB: parsed in pieces on several threads when the machine has them.
        let n = 12_000;
        let mut text: String = (0..n)
            .map(|i| {
                format!(
                    "{{\"text\":\"row {i} {}\",\"label\":\"l{}\"}}\n",
                    "x".repeat(90),
                    i % 3
                )
            })
            .collect();
        assert!(text.len() > 1 << 20);
        let mut rows = Vec::new();
        parse_jsonl(&text, "big.jsonl", &mut rows).unwrap();
        assert_eq!(rows.len(), n);
        assert!(
            rows.iter()
                .enumerate()
                .all(|(i, r)| r.text.starts_with(&format!("row {i} ")))
        );
        // A bad line late in the input is named by its own number; with a second bad line in
        // the first half, the error names that one.
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        lines[11_000] = "{\"text\":\"no label\"}".into();
        text = lines.join("\n");
        let e = parse_jsonl(&text, "big.jsonl", &mut Vec::new())
            .unwrap_err()
            .to_string();
        assert!(e.contains("big.jsonl:11001") && e.contains("label"), "{e}");
        lines[3_000] = "not json".into();
        text = lines.join("\n");
        let e = parse_jsonl(&text, "big.jsonl", &mut Vec::new())
            .unwrap_err()
            .to_string();
        assert!(e.contains("big.jsonl:3001") && e.contains("JSON"), "{e}");
    }

    #[test]
    fn jsonl_rows_and_errors_name_the_line_and_field() {
        let ok = read("a.jsonl", "{\"text\":\"Rates rose\",\"label\":\"economics\",\"id\":3}\n\n{\"text\":\"Troops left\",\"label\":\"security\"}\n", DataFormat::Auto).unwrap();
        assert_eq!(ok.len(), 2);
        assert_eq!(
            ok[1],
            Example {
                text: "Troops left".into(),
                label: "security".into()
            }
        );
        let e = read(
            "a.jsonl",
            "{\"text\":\"x\",\"label\":\"a\"}\n{\"text\":\"y\"}\n",
            DataFormat::Auto,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("a.jsonl:2") && e.contains("\"label\""), "{e}");
        let e = read(
            "a.jsonl",
            "{\"text\":5,\"label\":\"a\"}\n",
            DataFormat::Auto,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains(":1") && e.contains("a number"), "{e}");
        let e = read(
            "a.jsonl",
            "{\"text\":\"x\",\"label\":\" \"}\n",
            DataFormat::Auto,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("empty"), "{e}");
        let e = read("a.jsonl", "{oops\n", DataFormat::Auto)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("a.jsonl:1") && e.contains("not valid JSON"),
            "{e}"
        );
    }

    #[test]
    fn csv_tsv_with_quotes_and_header_errors() {
        let rows = read("d.csv", "id,label,text\n1,economics,\"Rates, again, rose\"\n2,security,\"He said \"\"no\"\"\"\n", DataFormat::Auto).unwrap();
        assert_eq!(rows[0].text, "Rates, again, rose");
        assert_eq!(rows[1].text, "He said \"no\"");
        let rows = read(
            "d.tsv",
            "text\tlabel\nTalks ended\tdiplomacy\n",
            DataFormat::Auto,
        )
        .unwrap();
        assert_eq!(rows[0].label, "diplomacy");
        let e = read("d.csv", "body,topic\nx,y\n", DataFormat::Auto)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("no column named \"text\"") && e.contains("body, topic"),
            "{e}"
        );
        let e = read(
            "d.csv",
            "text,label\nok,a\nbad row,b,extra\n",
            DataFormat::Auto,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("d.csv:3"), "{e}");
    }

    const PAGE: &str = "<html><head><title>Port strike ends</title></head><body><article>\
        <p>Dock workers at the northern port returned to work after a nine day strike over pay.</p>\
        <p>The union said members accepted a raise spread over the next two years.</p>\
        </article></body></html>";

    #[test]
    fn pages_in_folders_and_html_rows_are_extracted() {
        let dir = tempfile::tempdir().unwrap();
        let econ = dir.path().join("economics");
        std::fs::create_dir_all(&econ).unwrap();
        std::fs::write(econ.join("strike.html"), PAGE).unwrap();
        std::fs::write(econ.join("empty.htm"), "<html><body></body></html>").unwrap();
        let mut warnings = Vec::new();
        let rows = read_examples(
            &[dir.path().to_path_buf()],
            DataFormat::Auto,
            &Columns::default(),
            &mut |w| warnings.push(w),
        )
        .unwrap();
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert!(rows[0].text.starts_with("Port strike ends\n\nDock workers"));
        assert!(
            warnings.iter().any(|w| w.contains("empty.htm")),
            "{warnings:?}"
        );
        let line = serde_json::json!({"html": PAGE, "label": "economics"}).to_string();
        let rows = read("r.jsonl", &line, DataFormat::Auto).unwrap();
        assert!(rows[0].text.contains("The union said members"), "{rows:?}");
        // A page without an article is left out (an example with no text), with a warning
        // naming its line, as in every command.
        let empty = serde_json::json!({"html": "<p></p>", "label": "economics"}).to_string();
        let file = dir.path().join("r.jsonl");
        std::fs::write(&file, format!("{line}\n{empty}\n")).unwrap();
        let mut warnings = Vec::new();
        let rows = read_examples(
            std::slice::from_ref(&file),
            DataFormat::Auto,
            &Columns::default(),
            &mut |w| warnings.push(w),
        )
        .unwrap();
        assert_eq!(rows[1].text, "", "{rows:?}");
        let name = file.display();
        assert_eq!(
            warnings,
            [format!(
                "warning: {name}:2: no article text found in this page"
            )]
        );
    }

    #[test]
    fn fasttext_and_folder_formats() {
        let rows = read(
            "t.txt",
            "__label__economics Oil rose\n__label__security Shelling resumed\n",
            DataFormat::Auto,
        )
        .unwrap();
        assert_eq!(
            rows[1],
            Example {
                text: "Shelling resumed".into(),
                label: "security".into()
            }
        );
        let e = read(
            "t.txt",
            "__label__a x\nno label here\n",
            DataFormat::Fasttext,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("t.txt:2"), "{e}");
        let dir = tempfile::tempdir().unwrap();
        for (label, file, text) in [
            ("economics", "a.txt", "Rates"),
            ("security", "b.txt", "Troops"),
            ("security", "notes.md", "skip"),
        ] {
            std::fs::create_dir_all(dir.path().join(label)).unwrap();
            std::fs::write(dir.path().join(label).join(file), text).unwrap();
        }
        let rows = read_examples(
            &[dir.path().to_path_buf()],
            DataFormat::Auto,
            &Columns::default(),
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].label, "economics");
    }

    #[test]
    fn format_names_parse_and_print() {
        for f in DataFormat::ALL {
            assert_eq!(f.to_string().parse::<DataFormat>(), Ok(f));
        }
        assert_eq!("JSONL".parse::<DataFormat>(), Ok(DataFormat::Jsonl));
        let e = "xml".parse::<DataFormat>().unwrap_err().to_string();
        assert!(e.contains("'xml'") && e.contains("fasttext"), "{e}");
    }

    #[test]
    fn unknown_format_asks_for_format_flag() {
        let e = read("notes.txt", "just some text\n", DataFormat::Auto)
            .unwrap_err()
            .to_string();
        assert!(e.contains("--input-format"), "{e}");
    }
}
