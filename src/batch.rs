//! Streaming batch processing: lines in, results out in the same order, work spread over threads.
//!
//! Memory stays flat: lines are read in bounded batches, at most a few batches per worker are in
//! flight, and results are written as soon as every earlier batch is written.

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

/// Lines per batch handed to a worker.
const BATCH_LINES: usize = 256;
/// Bytes per batch at most (long articles make smaller batches).
const BATCH_BYTES: usize = 4 << 20;

/// One input line: its 1-based number and text.
pub struct Line {
    /// 1-based line number in the input.
    pub number: usize,
    /// The line, without its line ending.
    pub text: String,
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
    run_with_progress(
        input,
        source,
        output,
        threads,
        make_state,
        work,
        &mut |_| {},
    )
}

/// Like [`run`], calling `progress(rows_written)` after each batch is written.
pub fn run_with_progress<S, M, F>(
    input: &mut (dyn BufRead + Send),
    source: &str,
    output: &mut dyn Write,
    threads: usize,
    make_state: M,
    work: F,
    progress: &mut dyn FnMut(usize),
) -> Result<()>
where
    M: Fn() -> S + Sync,
    F: Fn(&mut S, &Line, &mut Vec<u8>) -> Result<()> + Sync,
{
    let threads = threads.max(1);
    if threads == 1 {
        let mut state = make_state();
        let mut out = Vec::new();
        let (mut number, mut done) = (0, 0);
        while let Some(line) = read_line(input, source, &mut number)? {
            out.clear();
            work(&mut state, &line, &mut out)?;
            output
                .write_all(&out)
                .map_err(|e| Error::io("<output>", "cannot write", e))?;
            done += 1;
            if done % BATCH_LINES == 0 {
                progress(done);
            }
        }
        progress(done);
        return Ok(());
    }
    type Batch = (usize, Vec<Line>);
    type Done = (usize, Result<(usize, Vec<u8>)>);
    let (batch_tx, batch_rx): (SyncSender<Batch>, Receiver<Batch>) = sync_channel(threads * 2);
    let (done_tx, done_rx): (SyncSender<Done>, Receiver<Done>) = sync_channel(threads * 2);
    let batch_rx = Arc::new(Mutex::new(batch_rx));
    std::thread::scope(|scope| -> Result<()> {
        for _ in 0..threads {
            let rx = Arc::clone(&batch_rx);
            let tx = done_tx.clone();
            let (make_state, work) = (&make_state, &work);
            scope.spawn(move || {
                let mut state = make_state();
                loop {
                    let next = rx.lock().map(|r| r.recv());
                    let Ok(Ok((seq, lines))) = next else { break };
                    let mut out = Vec::new();
                    let mut result = Ok(());
                    for line in &lines {
                        result = work(&mut state, line, &mut out);
                        if result.is_err() {
                            break;
                        }
                    }
                    if tx.send((seq, result.map(|_| (lines.len(), out)))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        // Reader: feeds batches from its own thread so writing below never blocks reading.
        let reader = scope.spawn(move || -> Result<()> {
            let mut number = 0;
            let mut seq = 0;
            loop {
                let mut lines = Vec::with_capacity(BATCH_LINES);
                let mut bytes = 0;
                while lines.len() < BATCH_LINES && bytes < BATCH_BYTES {
                    match read_line(input, source, &mut number)? {
                        Some(l) => {
                            bytes += l.text.len();
                            lines.push(l);
                        }
                        None => break,
                    }
                }
                if lines.is_empty() {
                    return Ok(());
                }
                if batch_tx.send((seq, lines)).is_err() {
                    return Ok(()); // workers stopped on an error
                }
                seq += 1;
            }
        });
        let mut pending: BTreeMap<usize, (usize, Vec<u8>)> = BTreeMap::new();
        let mut next = 0;
        let mut done = 0;
        let mut failure = None;
        for (seq, result) in done_rx.iter() {
            match result {
                Ok(bytes) => {
                    pending.insert(seq, bytes);
                }
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            }
            while let Some((rows, bytes)) = pending.remove(&next) {
                if let Err(e) = output.write_all(&bytes) {
                    failure = Some(Error::io("<output>", "cannot write", e));
                    break;
                }
                next += 1;
                done += rows;
                progress(done);
            }
            if failure.is_some() {
                break;
            }
        }
        // Unblock and stop the workers and the reader.
        drop(done_rx);
        drop(batch_rx);
        let read_result = reader.join().unwrap_or(Ok(()));
        match failure {
            Some(e) => Err(e),
            None => read_result,
        }
    })
}

/// Reads the next non-blank line (decoding invalid UTF-8 as Windows-1252 line by line).
fn read_line(input: &mut dyn BufRead, source: &str, number: &mut usize) -> Result<Option<Line>> {
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let n = input
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::io(source, "cannot read", e))?;
        if n == 0 {
            return Ok(None);
        }
        *number += 1;
        while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            buf.pop();
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let text = match String::from_utf8(buf) {
            Ok(s) => s,
            // Windows-1252; decoding turns a lone '\r' into '\n', which must not split the line.
            Err(e) => crate::text::decode(e.as_bytes()).text.replace('\n', "\r"),
        };
        return Ok(Some(Line {
            number: *number,
            text,
        }));
    }
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
