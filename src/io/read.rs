//! Reading text: read the bytes (no line longer than a limit), decode them, pass on any
//! encoding warning.

use crate::error::{Error, Result};
use crate::text::decode::decode_owned;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// How messages name standard input (`-` on the command line).
pub const STDIN_LABEL: &str = "standard input";

/// The longest line read by default: 64 MiB. Longer "lines" are not text (`/dev/zero`, a
/// binary file) and would only exhaust memory.
pub const DEFAULT_MAX_LINE_BYTES: usize = 64 << 20;

/// Reads and decodes a file; `warn` receives a note when the bytes were not clean UTF-8. A line
/// longer than [`DEFAULT_MAX_LINE_BYTES`] is an error naming it.
pub fn read_text(path: &Path, warn: &mut dyn FnMut(String)) -> Result<String> {
    read_text_limited(path, DEFAULT_MAX_LINE_BYTES, warn)
}

/// [`read_text`] with a line length limit of `max_line` bytes.
pub fn read_text_limited(
    path: &Path,
    max_line: usize,
    warn: &mut dyn FnMut(String),
) -> Result<String> {
    let bytes = read_data_limited(path, max_line)?;
    Ok(decode_bytes(bytes, &path.display().to_string(), warn))
}

/// Like [`read_bytes_limited`], for data files (JSONL, CSV, TSV, fastText rows): input that
/// starts like binary data is refused at once (see [`LineLimit::refusing_binary`]) rather than
/// read whole and decoded.
pub fn read_data_limited(path: &Path, max_line: usize) -> Result<Vec<u8>> {
    read_bytes_checked(path, max_line, BinaryCheck::Yes)
}

/// The bytes of a file, read once (a FIFO or `<(command)` can be read only once) and with no
/// line longer than `max_line` bytes.
pub fn read_bytes_limited(path: &Path, max_line: usize) -> Result<Vec<u8>> {
    read_bytes_checked(path, max_line, BinaryCheck::No)
}

/// Whether [`read_bytes_checked`] refuses binary data.
#[derive(Clone, Copy, PartialEq)]
enum BinaryCheck {
    No,
    Yes,
    /// Yes, unless the input is gzip data (a compressed page), which is read whole.
    UnlessGzip,
}

fn read_bytes_checked(path: &Path, max_line: usize, check: BinaryCheck) -> Result<Vec<u8>> {
    if path.is_dir() {
        return Err(Error::io(
            path,
            "cannot read",
            std::io::Error::other("it is a directory, not a file"),
        ));
    }
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, "cannot read", e))?;
    // Sized by the file (when it says; at most 1 GiB up front), so the buffer is not doubled
    // past it while reading: doubling copied it and faulted in every size on the way (5 MB of
    // JSONL: reading took 8-10 ms of wall time, 3.7 ms with the buffer sized).
    let size = file.metadata().map_or(0, |m| m.len()).min(1 << 30) as usize;
    let mut input = BufReader::with_capacity(1 << 16, file);
    let refuse = match check {
        BinaryCheck::No => false,
        BinaryCheck::Yes => true,
        BinaryCheck::UnlessGzip => !input
            .fill_buf()
            .map_err(|e| Error::read_failed(path, e))?
            .starts_with(&[0x1f, 0x8b]),
    };
    let mut reader = LineLimit::new(input, &name, max_line);
    if refuse {
        reader = reader.refusing_binary();
    }
    let mut bytes = Vec::with_capacity(size + 1);
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| Error::read_failed(path, e))?;
    Ok(bytes)
}

/// Reads everything from `reader` (standard input, say, named `name` in messages) and decodes
/// it like [`read_text`]. Wrap the reader in a [`LineLimit`] to bound its lines.
pub fn read_text_from(
    reader: &mut dyn Read,
    name: &str,
    warn: &mut dyn FnMut(String),
) -> Result<String> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| Error::read_failed(name, e))?;
    Ok(decode_bytes(bytes, name, warn))
}

/// Decodes bytes read from `name` (see [`crate::text::decode`]); `warn` receives a note when
/// they were not clean UTF-8.
pub fn decode_bytes(bytes: Vec<u8>, name: &str, warn: &mut dyn FnMut(String)) -> String {
    let decoded = decode_owned(bytes);
    if let Some(w) = decoded.warning(name) {
        warn(w);
    }
    decoded.text
}

/// A reader that fails once a line grows longer than a limit. The error (an
/// [`std::io::Error`] wrapping an [`Error::Input`] that names the source and line; unwrap it
/// with [`Error::read_failed`]) comes at most one buffer's worth of bytes after the limit, so
/// an endless line costs bounded memory.
pub struct LineLimit<R> {
    inner: R,
    name: String,
    max_line: usize,
    /// The current line's number (1-based) and its bytes so far.
    line: usize,
    line_len: usize,
    too_long: bool,
    /// Watch for binary data (see [`LineLimit::refusing_binary`]).
    binary: BinaryWatch,
}

/// Share of C0 control bytes (other than tab, line feed, vertical tab, form feed, carriage
/// return and escape) above which a stretch of input is binary data, not text: random bytes
/// have about 10%, UTF-16 text about 50% (its NULs), text none.
const BINARY_CONTROL_SHARE: f64 = 0.05;

/// The bytes of a text file or a page, refused as they are read when a stretch of them is
/// binary data ([`LineLimit::refusing_binary`]); gzip data (a compressed page) is read whole.
pub fn read_text_bytes(path: &Path) -> Result<Vec<u8>> {
    read_bytes_checked(path, usize::MAX, BinaryCheck::UnlessGzip)
}

/// Bytes over which the share is taken.
const BINARY_WINDOW: usize = 4096;

/// Counts control characters in windows of [`BINARY_WINDOW`] bytes as input is consumed:
/// bytes, or UTF-16 code units after a UTF-16 byte-order mark (whose NULs are text).
#[derive(Debug, Default)]
struct BinaryWatch {
    enabled: bool,
    /// The first two bytes, until the byte-order mark question is decided.
    head: Vec<u8>,
    decided: bool,
    /// UTF-16 (`Some(big_endian)`): controls are counted per code unit.
    utf16: Option<bool>,
    /// A code unit's first byte, when a read ended inside it.
    odd: Option<u8>,
    /// The last code unit was a high surrogate.
    high_surrogate: bool,
    window: usize,
    controls: usize,
    /// The line of the current window's first control character.
    first_control: Option<usize>,
    /// The line a window that turned out binary has its first control character on.
    found_at: Option<usize>,
}

/// A control character that text does not hold (tab, line breaks, form feed and escape, for
/// colour codes, are text).
fn is_binary_control(c: u32) -> bool {
    c < 0x20 && !matches!(c, 0x09..=0x0D | 0x1B)
}

impl BinaryWatch {
    /// Counts `bytes`, which start on line `line`, in windows of exactly [`BINARY_WINDOW`]
    /// bytes whatever the sizes of the reads.
    fn count(&mut self, mut bytes: &[u8], line: usize) {
        if !self.decided {
            let take = (2 - self.head.len()).min(bytes.len());
            self.head.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.head.len() < 2 {
                return;
            }
            self.decided = true;
            match self.head[..] {
                [0xFF, 0xFE] => self.utf16 = Some(false),
                [0xFE, 0xFF] => self.utf16 = Some(true),
                _ => {
                    let head = std::mem::take(&mut self.head);
                    self.count_window_parts(&head, line);
                }
            }
        }
        self.count_window_parts(bytes, line);
    }

    fn count_window_parts(&mut self, mut bytes: &[u8], mut line: usize) {
        while !bytes.is_empty() {
            let (part, rest) = bytes.split_at((BINARY_WINDOW - self.window).min(bytes.len()));
            let first = self.count_part(part);
            if let (None, Some(at)) = (self.first_control, first) {
                self.first_control = Some(line + memchr::memchr_iter(b'\n', &part[..at]).count());
            }
            line += memchr::memchr_iter(b'\n', part).count();
            self.window += part.len();
            if self.window == BINARY_WINDOW {
                self.judge();
                (self.window, self.controls, self.first_control) = (0, 0, None);
            }
            bytes = rest;
        }
    }

    /// Counts the controls of `part`; the byte offset of the first, if any.
    fn count_part(&mut self, part: &[u8]) -> Option<usize> {
        let mut first = None;
        let mut seen = |at: usize, controls: &mut usize| {
            *controls += 1;
            first.get_or_insert(at);
        };
        match self.utf16 {
            None => {
                for (at, &b) in part.iter().enumerate() {
                    if is_binary_control(b as u32) {
                        seen(at, &mut self.controls);
                    }
                }
            }
            Some(big_endian) => {
                for (at, &b) in part.iter().enumerate() {
                    let Some(a) = self.odd.take() else {
                        self.odd = Some(b);
                        continue;
                    };
                    let unit = u16::from_be_bytes(if big_endian { [a, b] } else { [b, a] });
                    if self.utf16_unit_is_binary(unit) {
                        seen(at, &mut self.controls);
                    }
                }
            }
        }
        first
    }

    /// Whether a UTF-16 code unit is one text does not hold: a control, a surrogate without
    /// its pair, a private-use character or a noncharacter (random bytes read as UTF-16 give
    /// about 10% of these, text next to none).
    fn utf16_unit_is_binary(&mut self, unit: u16) -> bool {
        let after_high = std::mem::take(&mut self.high_surrogate);
        match unit {
            0xD800..=0xDBFF => {
                self.high_surrogate = true;
                after_high
            }
            0xDC00..=0xDFFF => !after_high,
            _ => {
                after_high
                    || is_binary_control(unit as u32)
                    || (0xE000..=0xF8FF).contains(&unit)
                    || unit >= 0xFFFE
            }
        }
    }

    /// Judges the window so far (at least 256 bytes of it): controls against characters
    /// (bytes, or code units of two bytes).
    fn judge(&mut self) {
        let characters = match self.utf16 {
            Some(_) => self.window / 2,
            None => self.window,
        };
        if self.window >= 256 && self.controls as f64 > BINARY_CONTROL_SHARE * characters as f64 {
            self.found_at
                .get_or_insert(self.first_control.unwrap_or(1).max(1));
        }
    }
}

impl<R: BufRead> LineLimit<R> {
    /// Wraps `inner`, named `name` in messages, allowing lines of up to `max_line` bytes
    /// (without their line ending).
    pub fn new(inner: R, name: &str, max_line: usize) -> LineLimit<R> {
        LineLimit {
            inner,
            name: name.to_string(),
            max_line,
            line: 1,
            line_len: 0,
            too_long: false,
            binary: BinaryWatch::default(),
        }
    }

    /// Refuses input that turns into binary data (or is UTF-16 without a byte-order mark),
    /// judged on every 4 KiB as it is read: for data files, which are read whole before their
    /// rows are parsed, so random bytes with a line feed every few hundred bytes would
    /// otherwise be read without end.
    pub fn refusing_binary(mut self) -> LineLimit<R> {
        self.binary.enabled = true;
        self
    }

    fn binary_error(&self, line: usize) -> std::io::Error {
        // After a UTF-16 byte-order mark the watch judges characters, not bytes.
        let (what, or) = match self.binary.utf16 {
            Some(_) => ("control or invalid characters", ""),
            None => (
                "control bytes",
                ", or UTF-16 without a byte-order mark; give a UTF-8 text file",
            ),
        };
        let at = if line == 1 {
            format!("it starts with binary data ({what})")
        } else {
            format!("binary data ({what}) from line {line}")
        };
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            Error::input(self.name.clone(), line, format!("not text: {at}{or}")),
        )
    }

    fn error(&self) -> std::io::Error {
        let message = format!(
            "line longer than {} bytes; is this a text file? (raise the limit with --max-line-bytes)",
            self.max_line
        );
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            Error::input(self.name.clone(), self.line, message),
        )
    }
}

impl<R: BufRead> BufRead for LineLimit<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.too_long {
            return Err(self.error());
        }
        if self.binary.enabled {
            if self.binary.found_at.is_none() && self.inner.fill_buf()?.is_empty() {
                // The end: judge the last, short window too.
                self.binary.judge();
            }
            if let Some(line) = self.binary.found_at {
                return Err(self.binary_error(line));
            }
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        if let Ok(buf) = self.inner.fill_buf() {
            let taken = &buf[..amt.min(buf.len())];
            if self.binary.enabled {
                self.binary.count(taken, self.line);
            }
            let mut start = 0;
            for nl in memchr::memchr_iter(b'\n', taken) {
                if self.line_len + (nl - start) > self.max_line {
                    break;
                }
                self.line += 1;
                self.line_len = 0;
                start = nl + 1;
            }
            self.line_len += taken.len() - start;
            self.too_long = self.line_len > self.max_line;
        }
        self.inner.consume(amt);
    }
}

impl<R: BufRead> Read for LineLimit<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(out.len());
        out[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_warns_with_the_name() {
        let mut warnings = Vec::new();
        let text =
            read_text_from(&mut &b"caf\xe9"[..], "old.txt", &mut |w| warnings.push(w)).unwrap();
        assert_eq!(text, "café");
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("old.txt"), "{warnings:?}");
    }

    #[test]
    fn a_folder_is_not_read_as_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_text(dir.path(), &mut |_| {}).unwrap_err().to_string();
        assert!(e.contains("directory"), "{e}");
    }

    fn limited(input: &[u8], max: usize, buffer: usize) -> Result<Vec<u8>> {
        let inner = BufReader::with_capacity(buffer, input);
        let mut r = LineLimit::new(inner, "in.jsonl", max);
        let mut out = Vec::new();
        r.read_to_end(&mut out)
            .map_err(|e| Error::read_failed("in.jsonl", e))?;
        Ok(out)
    }

    #[test]
    fn binary_data_is_refused_text_and_marked_utf16_are_not() {
        // Small buffers as well: a pipe's first write can be a few bytes.
        let read_with = |input: &[u8], buffer: usize| {
            let inner = BufReader::with_capacity(buffer, input);
            let mut r = LineLimit::new(inner, "d.jsonl", 1 << 20).refusing_binary();
            let mut out = Vec::new();
            r.read_to_end(&mut out)
                .map(|_| out)
                .map_err(|e| Error::read_failed("d.jsonl", e).to_string())
        };
        let read = |input: &[u8]| {
            let big = read_with(input, 1 << 16);
            assert_eq!(big, read_with(input, 7), "the buffer size changes nothing");
            big
        };
        // Random-like bytes: every byte value in turn, a line feed among them.
        let binary: Vec<u8> = (0..4096u32).map(|i| (i * 37 % 256) as u8).collect();
        let e = read(&binary).unwrap_err();
        assert!(e.starts_with("d.jsonl:1: not text"), "{e}");
        let unmarked: Vec<u8> = "{\"text\": \"rates\"}\n"
            .repeat(40)
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(
            read(&unmarked)
                .unwrap_err()
                .contains("UTF-16 without a byte-order mark")
        );
        let mut marked = vec![0xFF, 0xFE];
        marked.extend(&unmarked);
        assert_eq!(read(&marked).unwrap(), marked);
        let text = "{\"text\": \"caf\u{e9}\tbar\"}\r\n".repeat(40).into_bytes();
        assert_eq!(read(&text).unwrap(), text);
        // A stray control byte or two in text is not binary (they are dropped with a warning later).
        let mut stray = text.clone();
        stray[5] = 0;
        assert!(read(&stray).is_ok());
        // Text, then binary: refused near where it turns.
        let lines = "{\"text\": \"rates rose\"}\n".repeat(1000);
        let mut mixed = lines.clone().into_bytes();
        mixed.extend(binary.iter().cycle().take(20_000));
        let e = read(&mixed).unwrap_err();
        let line: usize = e
            .strip_prefix("d.jsonl:")
            .and_then(|r| r.split(':').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        assert!((1001..=1100).contains(&line), "{e}");
        assert!(e.contains(&format!("binary data (control bytes) from line {line}")));
        // After a UTF-16 byte-order mark, control code units count, not the NULs of text.
        let mut marked_binary = vec![0xFF, 0xFE];
        marked_binary.extend(binary.iter().cycle().take(20_000));
        assert!(read(&marked_binary).unwrap_err().ends_with(
            "d.jsonl:1: not text: it starts with binary data (control or invalid characters)"
        ));
        let emoji: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "{\"text\": \"市场 🎉📈 上涨\"}\n"
                    .repeat(300)
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        assert!(
            read(&emoji).is_ok(),
            "UTF-16 text with emoji and CJK is text"
        );
        // Escape sequences of colour codes are text.
        let colours = "id\ttext\n1\t\x1b[31mred\x1b[0m \x1b[1mbold\x1b[0m\n"
            .repeat(100)
            .into_bytes();
        assert!(read(&colours).is_ok());
    }

    #[test]
    fn lines_up_to_the_limit_pass_unchanged() {
        let input = b"12345\n\n1234\r\n12345";
        for buffer in [1, 2, 3, 7, 64] {
            assert_eq!(limited(input, 5, buffer).unwrap(), input);
        }
    }

    #[test]
    fn a_longer_line_is_refused_with_its_number() {
        for buffer in [1, 3, 64] {
            for (input, line) in [
                (&b"123456"[..], 1),
                (b"ok\n1234567\nok\n", 2),
                (b"a\nb\nc\n1234567890", 4),
            ] {
                let e = limited(input, 5, buffer).unwrap_err().to_string();
                assert!(
                    e.starts_with(&format!("in.jsonl:{line}: line longer than 5 bytes")),
                    "{buffer} {e}"
                );
            }
        }
    }

    #[test]
    fn an_endless_line_stops_within_a_buffer_of_the_limit() {
        // An endless line: the reader stops soon after the limit instead of reading on.
        let mut endless = std::io::repeat(0).take(u64::MAX);
        let inner = BufReader::with_capacity(4096, &mut endless);
        let mut r = LineLimit::new(inner, "-", 10_000);
        let mut out = Vec::new();
        let e = r.read_to_end(&mut out).unwrap_err();
        assert!(out.len() <= 10_000 + 4096, "{}", out.len());
        assert!(Error::read_failed("-", e).to_string().starts_with("-:1: "));
    }
}
