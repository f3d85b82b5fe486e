//! bytes → classify::parse_jsonl and batch::run.
//!
//! parse_jsonl must return Ok or Err on any UTF-8 text. batch::run (2 threads) must call the
//! work closure once per non-blank input line, and write the results back in input order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdesk::classify::parse_jsonl;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What batch::run should hand the work closure: non-blank lines (split on `\n`, trailing
/// `\r`/`\n` removed, lines of only ASCII white space skipped), invalid UTF-8 decoded.
fn expected_lines(data: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = data;
    while !rest.is_empty() {
        let (mut line, next) = match rest.iter().position(|&b| b == b'\n') {
            Some(k) => (&rest[..k], &rest[k + 1..]),
            None => (rest, &rest[rest.len()..]),
        };
        rest = next;
        while let Some((&last, init)) = line.split_last() {
            if last == b'\r' || last == b'\n' {
                line = init;
            } else {
                break;
            }
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        out.push(match std::str::from_utf8(line) {
            Ok(s) => s.to_string(),
            // Read as Windows-1252; a lone CR stays a CR (it must not split the line).
            Err(_) => newsdesk::text::decode(line).text.replace('\n', "\r"),
        });
    }
    out
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let mut examples = Vec::new();
        match parse_jsonl(text, "fuzz", &mut examples) {
            Ok(()) => {
                for e in &examples {
                    assert!(!e.label.trim().is_empty(), "an example with an empty label: {e:?}");
                }
            }
            Err(e) => {
                let msg = e.to_string();
                assert!(msg.starts_with("fuzz:"), "error does not name the source: {msg}");
            }
        }
    }

    let calls = AtomicUsize::new(0);
    let mut input: &[u8] = data;
    let mut output = Vec::new();
    newsdesk::batch::run(
        &mut input,
        "fuzz",
        &mut output,
        2,
        || (),
        |_state: &mut (), line, out| {
            calls.fetch_add(1, Ordering::Relaxed);
            out.extend_from_slice(line.text.as_bytes());
            out.push(b'\n');
            Ok(())
        },
    )
    .expect("batch::run failed on in-memory input");

    let expected = expected_lines(data);
    assert_eq!(
        calls.load(Ordering::Relaxed),
        expected.len(),
        "work ran {} times for {} non-blank lines",
        calls.load(Ordering::Relaxed),
        expected.len()
    );
    let mut want = Vec::new();
    for line in &expected {
        want.extend_from_slice(line.as_bytes());
        want.push(b'\n');
    }
    assert!(
        output == want,
        "output differs from the input's non-blank lines in order:\n got {:?}\nwant {:?}",
        String::from_utf8_lossy(&output),
        String::from_utf8_lossy(&want)
    );
});
