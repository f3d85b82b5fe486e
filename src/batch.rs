//! Streaming batch processing: lines in, results out in the same order, work spread over threads.
//!
//! Memory stays flat: lines are read in bounded batches, at most a few batches per worker are in
//! flight, and results are written as soon as every earlier batch is written. Warnings about
//! lines ([`LineOut::warnings`]) are reported in input order too, each batch's as it is written.

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// Lines per batch handed to a worker.
const BATCH_LINES: usize = 256;
/// Bytes per batch at most (long articles make smaller batches).
const BATCH_BYTES: usize = 4 << 20;

/// One input line: its 1-based number and text.
pub struct Line<'a> {
    /// 1-based line number in the input.
    pub number: usize,
    /// The line, without its line ending.
    pub text: &'a str,
}

/// What the work on lines gives: bytes for the output, and warnings (about a page without an
/// article, an encoding fallback, ...) reported in input order.
#[derive(Debug, Default)]
pub struct LineOut {
    /// Written to the output in input order.
    pub bytes: Vec<u8>,
    /// Given to [`Report::warn`] in input order, before the output of their batch.
    pub warnings: Vec<String>,
    /// The first line of the batch that was not UTF-8 and was read as Windows-1252.
    decoded_from: Option<usize>,
}

impl LineOut {
    fn clear(&mut self) {
        self.bytes.clear();
        self.warnings.clear();
        self.decoded_from = None;
    }
}

/// Says once per input that lines were read as Windows-1252, at the first such line.
#[derive(Default)]
struct EncodingNote {
    said: bool,
}

impl EncodingNote {
    fn report(&mut self, source: &str, out: &LineOut, warn: &mut dyn FnMut(String)) {
        if let (false, Some(line)) = (self.said, out.decoded_from) {
            self.said = true;
            warn(format!(
                "warning: {source}:{line}: not valid UTF-8; read as Windows-1252, as is any later \
                 such line (re-save it as UTF-8 to silence this)"
            ));
        }
    }
}

/// Refuses input that starts with a UTF-16 byte-order mark: lines are read as UTF-8.
fn refuse_utf16(input: &mut dyn BufRead, source: &str) -> Result<()> {
    let head = input
        .fill_buf()
        .map_err(|e| Error::read_failed(source, e))?;
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Err(Error::input(
            source.to_string(),
            1,
            "the file is UTF-16 and JSONL lines are read as UTF-8; convert it first \
             (iconv -f UTF-16 -t UTF-8)"
                .to_string(),
        ));
    }
    Ok(())
}

/// Where a run reports to, on the writing thread: rows written so far, and the lines' warnings.
pub struct Report<'a> {
    /// Called with the number of rows written after each batch.
    pub progress: &'a mut dyn FnMut(usize),
    /// Called with each warning of [`LineOut::warnings`], in input order.
    pub warn: &'a mut dyn FnMut(String),
}

/// Lines read together into one buffer (one allocation per batch, not per line).
#[derive(Default)]
struct Batch {
    text: String,
    /// Line number and byte range in `text` of each line.
    lines: Vec<(usize, std::ops::Range<usize>)>,
    /// The first line that was not UTF-8 and was read as Windows-1252.
    decoded_from: Option<usize>,
}

impl Batch {
    fn lines(&self) -> impl Iterator<Item = Line<'_>> {
        self.lines.iter().map(|(number, range)| Line {
            number: *number,
            text: &self.text[range.clone()],
        })
    }
}

/// Reads `input` line by line, calls `work(state, line, out)` for each non-blank line on
/// `threads` workers (each with its own `state` from `make_state`), and writes each line's
/// output bytes to `output` in input order. The first error stops the run and is returned.
pub fn run<S, M, F>(
    input: &mut (dyn BufRead + Send),
    source: &str,
    output: &mut dyn Write,
    threads: usize,
    make_state: M,
    work: F,
) -> Result<()>
where
    M: Fn() -> S + Sync,
    F: Fn(&mut S, &Line, &mut Vec<u8>) -> Result<()> + Sync,
{
    let report = Report {
        progress: &mut |_| {},
        warn: &mut |_| {},
    };
    run_reporting(
        input,
        source,
        output,
        threads,
        make_state,
        |state, line, out| work(state, line, &mut out.bytes),
        report,
    )
}

/// Like [`run`], with warnings: `work` puts a line's output in [`LineOut::bytes`] and what to
/// tell the user about it in [`LineOut::warnings`]; `report` gets the warnings in input order
/// and the number of rows written after each batch.
pub fn run_reporting<S, M, F>(
    input: &mut (dyn BufRead + Send),
    source: &str,
    output: &mut dyn Write,
    threads: usize,
    make_state: M,
    work: F,
    report: Report<'_>,
) -> Result<()>
where
    M: Fn() -> S + Sync,
    F: Fn(&mut S, &Line, &mut LineOut) -> Result<()> + Sync,
{
    refuse_utf16(input, source)?;
    if threads <= 1 {
        return run_serial(input, source, output, make_state(), work, report);
    }
    let (done_tx, done_rx) = sync_channel::<Done>(threads * 2);
    // Each worker reads its own next batch under this lock, then works on it: the lines are
    // still in its core's cache when it analyses them, and no thread only passes data on.
    let shared = Mutex::new(Source {
        input,
        number: 0,
        next_seq: 0,
        finished: false,
    });
    // Written output buffers go back into this pool and are reused: large buffers freed and
    // allocated again would be unmapped and mapped again, and unmapping memory in a threaded
    // process interrupts every core to flush their address caches.
    let spent_outputs: Mutex<Vec<LineOut>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let tx = done_tx.clone();
            let (shared, spent, make_state, work) = (&shared, &spent_outputs, &make_state, &work);
            scope.spawn(move || worker(shared, source, spent, make_state(), work, tx));
        }
        drop(done_tx);
        // Returning drops the receiver, which stops the workers: their next send fails.
        write_in_order(done_rx, source, output, &spent_outputs, report)
    })
}

/// One worker's finished batch: its sequence number and its row count and output.
type Done = (usize, Result<(usize, LineOut)>);

/// One line at a time on the calling thread, so a slow stream is answered line by line.
fn run_serial<S, F>(
    input: &mut (dyn BufRead + Send),
    source: &str,
    output: &mut dyn Write,
    mut state: S,
    work: F,
    report: Report<'_>,
) -> Result<()>
where
    F: Fn(&mut S, &Line, &mut LineOut) -> Result<()>,
{
    let mut out = LineOut::default();
    let (mut number, mut done) = (0, 0);
    let mut batch = Batch::default();
    let mut note = EncodingNote::default();
    loop {
        read_batch(input, source, &mut number, &mut batch, 1)?;
        let Some(line) = batch.lines().next() else {
            break;
        };
        out.clear();
        out.decoded_from = batch.decoded_from;
        note.report(source, &out, &mut *report.warn);
        work(&mut state, &line, &mut out)?;
        out.warnings.drain(..).for_each(&mut *report.warn);
        output.write_all(&out.bytes).map_err(Error::write_failed)?;
        done += 1;
        if done % BATCH_LINES == 0 {
            (report.progress)(done);
        }
    }
    (report.progress)(done);
    Ok(())
}

/// A worker: takes the next batch from `shared`, works on its lines and sends the output,
/// until the input ends, a read fails or the receiver is gone.
fn worker<S, F>(
    shared: &Mutex<Source>,
    source: &str,
    spent_outputs: &Mutex<Vec<LineOut>>,
    mut state: S,
    work: &F,
    tx: SyncSender<Done>,
) where
    F: Fn(&mut S, &Line, &mut LineOut) -> Result<()>,
{
    let mut batch = Batch::default();
    while let Some((seq, read)) = next_batch(shared, source, &mut batch) {
        if let Err(e) = read {
            let _ = tx.send((seq, Err(e)));
            return;
        }
        if batch.lines.is_empty() {
            return;
        }
        let mut out: LineOut = take(spent_outputs).unwrap_or_default();
        out.clear();
        out.decoded_from = batch.decoded_from;
        let result = batch
            .lines()
            .try_for_each(|line| work(&mut state, &line, &mut out));
        let rows = batch.lines.len();
        if tx.send((seq, result.map(|_| (rows, out)))).is_err() {
            return;
        }
    }
}

/// Reads the next batch into `batch` under the lock; `None` once the input is finished.
fn next_batch(
    shared: &Mutex<Source>,
    source: &str,
    batch: &mut Batch,
) -> Option<(usize, Result<()>)> {
    let mut src = shared.lock().ok()?;
    if src.finished {
        return None;
    }
    let Source { input, number, .. } = &mut *src;
    let read = read_batch(&mut **input, source, number, batch, BATCH_LINES);
    let seq = src.next_seq;
    src.next_seq += 1;
    src.finished = read.is_err() || batch.lines.is_empty();
    Some((seq, read))
}

/// Writes the workers' outputs to `output` in sequence order as they arrive; the first error
/// (a worker's or a write's) ends the run.
fn write_in_order(
    done_rx: Receiver<Done>,
    source: &str,
    output: &mut dyn Write,
    spent_outputs: &Mutex<Vec<LineOut>>,
    report: Report<'_>,
) -> Result<()> {
    // Results wait for their turn, errors too: the error reported is the first in input
    // order, whichever worker met one first.
    let mut pending: BTreeMap<usize, Result<(usize, LineOut)>> = BTreeMap::new();
    let (mut next, mut done) = (0, 0);
    let mut note = EncodingNote::default();
    for (seq, result) in done_rx.iter() {
        pending.insert(seq, result);
        while let Some(result) = pending.remove(&next) {
            let (rows, mut out) = result?;
            note.report(source, &out, &mut *report.warn);
            out.warnings.drain(..).for_each(&mut *report.warn);
            output.write_all(&out.bytes).map_err(Error::write_failed)?;
            give(spent_outputs, out);
            next += 1;
            done += rows;
            (report.progress)(done);
        }
    }
    Ok(())
}

/// The input shared by the workers, and where reading it has got to.
struct Source<'a> {
    input: &'a mut (dyn BufRead + Send),
    /// Lines read so far.
    number: usize,
    /// Sequence number of the next batch.
    next_seq: usize,
    /// End of input reached, or a read failed.
    finished: bool,
}

/// An item from `pool`, if it has one.
fn take<T>(pool: &Mutex<Vec<T>>) -> Option<T> {
    pool.lock().ok().and_then(|mut p| p.pop())
}

/// Puts `item` back into `pool`.
fn give<T>(pool: &Mutex<Vec<T>>, item: T) {
    if let Ok(mut p) = pool.lock() {
        p.push(item);
    }
}

/// Reads up to `max_lines` non-blank lines (and about [`BATCH_BYTES`] at most) into `batch`,
/// replacing what it held; no lines means the input is done. Lines that are not UTF-8 are
/// decoded as Windows-1252, line by line.
/// `read_until(b'\n')` that reserves memory fallibly: an endless line under a memory limit
/// gives an `OutOfMemory` error instead of aborting the process.
fn read_line_fallibly(input: &mut dyn BufRead, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut read = 0;
    loop {
        let available = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let (done, used) = match memchr::memchr(b'\n', available) {
            Some(i) => (true, i + 1),
            None => (available.is_empty(), available.len()),
        };
        buf.try_reserve(used)
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::OutOfMemory))?;
        buf.extend_from_slice(&available[..used]);
        input.consume(used);
        read += used;
        if done {
            return Ok(read);
        }
    }
}

fn read_batch(
    input: &mut dyn BufRead,
    source: &str,
    number: &mut usize,
    batch: &mut Batch,
    max_lines: usize,
) -> Result<()> {
    let mut buf = std::mem::take(&mut batch.text).into_bytes();
    buf.clear();
    batch.lines.clear();
    batch.decoded_from = None;
    if max_lines > 1 {
        // Room for a whole batch up front: a growing buffer would be copied into fresh memory
        // at each doubling, and first touches of memory are what costs here (the pages never
        // written to are never mapped).
        buf.reserve(BATCH_BYTES + (64 << 10));
    }
    while batch.lines.len() < max_lines && buf.len() < BATCH_BYTES {
        let start = buf.len();
        let n = read_line_fallibly(input, &mut buf).map_err(|e| {
            if e.kind() == std::io::ErrorKind::OutOfMemory {
                Error::input(
                    source.to_string(),
                    *number + 1,
                    "line too long to hold in memory; is this a text file? (lower --max-line-bytes to refuse such lines sooner)".to_string(),
                )
            } else {
                Error::read_failed(source, e)
            }
        })?;
        if n == 0 {
            break;
        }
        *number += 1;
        while buf.len() > start && matches!(buf.last(), Some(b'\n' | b'\r')) {
            buf.pop();
        }
        if buf[start..].iter().all(u8::is_ascii_whitespace) {
            buf.truncate(start);
            continue;
        }
        batch.lines.push((*number, start..buf.len()));
    }
    // The lines are valid UTF-8 when the whole buffer is and every line starts and ends on a
    // character boundary (two invalid lines can join into a valid character).
    let raw = match String::from_utf8(buf) {
        Ok(text)
            if batch
                .lines
                .iter()
                .all(|(_, r)| text.is_char_boundary(r.start) && text.is_char_boundary(r.end)) =>
        {
            batch.text = text;
            return Ok(());
        }
        Ok(text) => text.into_bytes(),
        Err(e) => e.into_bytes(),
    };
    let mut text = String::with_capacity(raw.len());
    for (number, range) in &mut batch.lines {
        let start = text.len();
        match std::str::from_utf8(&raw[range.clone()]) {
            Ok(line) => text.push_str(line),
            // Windows-1252; decoding turns a lone '\r' into '\n', which must not split the line.
            Err(_) => {
                batch.decoded_from.get_or_insert(*number);
                text.push_str(
                    &crate::text::decode(&raw[range.clone()])
                        .text
                        .replace('\n', "\r"),
                )
            }
        }
        *range = start..text.len();
    }
    batch.text = text;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upper(input: &str, threads: usize) -> Result<String> {
        let mut out = Vec::new();
        run(
            &mut input.as_bytes(),
            "test",
            &mut out,
            threads,
            || 0usize,
            |count, line, out| {
                *count += 1;
                if line.text == "fail" {
                    return Err(Error::input("test", line.number, "bad line"));
                }
                writeln!(out, "{}:{}", line.number, line.text.to_uppercase()).unwrap();
                Ok(())
            },
        )?;
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn output_order_equals_input_order_on_many_threads() {
        let input: String = (0..5000).map(|i| format!("row{i}\n")).collect();
        let one = upper(&input, 1).unwrap();
        let many = upper(&input, 4).unwrap();
        assert_eq!(one, many);
        assert!(many.starts_with("1:ROW0\n2:ROW1\n"));
        assert_eq!(many.lines().count(), 5000);
    }

    #[test]
    fn warnings_come_in_input_order_with_their_rows() {
        let input: String = (0..3000).map(|i| format!("row{i}\n")).collect();
        for threads in [1, 4] {
            let (mut out, mut warned, mut rows) = (Vec::new(), Vec::new(), 0);
            let report = Report {
                progress: &mut |n| rows = n,
                warn: &mut |w| warned.push(w),
            };
            run_reporting(
                &mut input.as_bytes(),
                "t",
                &mut out,
                threads,
                || (),
                |_, line, out| {
                    if line.number % 7 == 0 {
                        out.warnings.push(format!("t:{}", line.number));
                    } else {
                        writeln!(out.bytes, "{}", line.number).unwrap();
                    }
                    Ok(())
                },
                report,
            )
            .unwrap();
            let expected: Vec<String> = (1..=3000)
                .filter(|n| n % 7 == 0)
                .map(|n| format!("t:{n}"))
                .collect();
            assert_eq!(warned, expected, "{threads} threads");
            assert_eq!(String::from_utf8(out).unwrap().lines().count(), 3000 - 428);
            assert_eq!(rows, 3000);
        }
    }

    #[test]
    fn windows_1252_lines_are_said_once_at_the_first_and_utf16_is_refused() {
        // Many batches; lines 5001 and 5003 are Windows-1252 ("café x").
        let mut input: Vec<u8> = (1..=5000)
            .flat_map(|i| format!("row{i}\n").into_bytes())
            .collect();
        for _ in 0..2 {
            input.extend_from_slice(b"caf\xE9 x\nrow\n");
        }
        for threads in [1, 3] {
            let (mut out, mut warned) = (Vec::new(), Vec::new());
            let report = Report {
                progress: &mut |_| {},
                warn: &mut |w| warned.push(w),
            };
            run_reporting(
                &mut input.as_slice(),
                "t",
                &mut out,
                threads,
                || (),
                |_, line, out| {
                    writeln!(out.bytes, "{}", line.text).unwrap();
                    Ok(())
                },
                report,
            )
            .unwrap();
            assert_eq!(warned.len(), 1, "{threads} threads: {warned:?}");
            assert!(
                warned[0].starts_with("warning: t:5001: not valid UTF-8"),
                "{warned:?}"
            );
            assert!(String::from_utf8(out).unwrap().contains("café x"));
        }
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(
            "{\"text\": \"a\"}\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        let e = run(
            &mut utf16.as_slice(),
            "u.jsonl",
            &mut Vec::new(),
            2,
            || (),
            |_, _, _| Ok(()),
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("u.jsonl:1: the file is UTF-16"), "{e}");
    }

    #[test]
    fn the_error_reported_is_the_first_in_input_order() {
        // A bad line early in the first batch and in every later one: with several workers a
        // later batch can fail first, but the error names line 2.
        let input: String = (1..=20_000)
            .map(|i| {
                if i == 2 || i % 3000 == 0 {
                    "bad\n".to_string()
                } else {
                    format!("row{i}\n")
                }
            })
            .collect();
        for _ in 0..20 {
            let e = run(
                &mut input.as_bytes(),
                "t",
                &mut Vec::new(),
                4,
                || (),
                |_, line, _| {
                    if line.text == "bad" {
                        std::thread::sleep(std::time::Duration::from_millis(
                            (line.number == 2) as u64 * 5,
                        ));
                        return Err(Error::input(
                            "t".to_string(),
                            line.number,
                            "bad row".to_string(),
                        ));
                    }
                    Ok(())
                },
            )
            .unwrap_err()
            .to_string();
            assert_eq!(e, "t:2: bad row");
        }
    }

    #[test]
    fn blank_lines_are_skipped_but_counted() {
        assert_eq!(upper("a\n\n  \nb\n", 2).unwrap(), "1:A\n4:B\n");
    }

    #[test]
    fn an_invalid_utf8_line_stays_one_line() {
        let mut out = Vec::new();
        run(
            &mut &b"a\rb\xff\nnext\n"[..],
            "t",
            &mut out,
            1,
            || (),
            |_, line, out| {
                assert!(!line.text.contains('\n'));
                writeln!(out, "{}", line.text.len()).unwrap();
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(String::from_utf8(out).unwrap().lines().count(), 2);
    }

    #[test]
    fn invalid_lines_that_join_into_a_valid_character_stay_apart() {
        // "\xE8" ends one line and "\xBC\x80" starts the next: together they are valid UTF-8
        // ('輀'), apart each line is invalid and read as Windows-1252. Found by fuzzing.
        let mut out = Vec::new();
        run(
            &mut &b"a\xE8\r\n\xBC\x80b\n"[..],
            "t",
            &mut out,
            2,
            || (),
            |_, line, out| {
                writeln!(out, "{}", line.text).unwrap();
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "aè\n¼€b\n");
    }

    #[test]
    fn an_error_names_its_line_and_stops() {
        let input: String = (0..3000)
            .map(|i| {
                if i == 1234 {
                    "fail\n".to_string()
                } else {
                    format!("r{i}\n")
                }
            })
            .collect();
        let e = upper(&input, 3).unwrap_err().to_string();
        assert!(e.contains("test:1235"), "{e}");
    }
}
