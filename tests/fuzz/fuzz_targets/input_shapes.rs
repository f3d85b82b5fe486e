//! bytes → the shapes input comes in: lines under a length limit, JSONL rows, and folder trees
//! with links.
//!
//! - `io::LineLimit` (limit and buffer size from the first two bytes) passes every byte through
//!   unchanged when no line is longer than the limit, else fails naming the first such line;
//! - every line as a `--jsonl` row: `parse_jsonl_row` returns Ok or an error naming the source
//!   and line; an id comes back as exactly the JSON text it was written as;
//! - the bytes build a small folder tree in a temporary folder (folders, files, symbolic links
//!   anywhere, `..` loops, hard links): `files_under` ends, lists regular files only, sorted,
//!   each file once by identity; `read_examples` on it returns Ok or Err without panicking, and
//!   reads no file twice.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdesk::classify::{Columns, DataFormat, read_examples};
use newsdesk::error::Error;
use newsdesk::io::{FileId, LineLimit, RowId, files_under, parse_jsonl_row};
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

fn check_line_limit(data: &[u8]) {
    let (max, buffer) = match data {
        [a, b, ..] => (1 + *a as usize, 1 + (*b as usize % 16)),
        _ => (8, 4),
    };
    let mut reader = LineLimit::new(BufReader::with_capacity(buffer, data), "fuzz", max);
    let mut out = Vec::new();
    // The first line longer than the limit, by the bytes before its '\n'.
    let too_long = data
        .split(|&b| b == b'\n')
        .position(|line| line.len() > max)
        .map(|i| i + 1);
    match reader.read_to_end(&mut out) {
        Ok(_) => {
            assert_eq!(too_long, None, "line {too_long:?} is over {max} bytes but passed");
            assert_eq!(out, data, "bytes changed on the way through");
        }
        Err(e) => {
            let msg = Error::read_failed("fuzz", e).to_string();
            let line = too_long.unwrap_or_else(|| panic!("refused with no long line: {msg}"));
            assert!(
                msg.starts_with(&format!("fuzz:{line}: line longer than {max} bytes")),
                "wrong line named (expected {line}): {msg}"
            );
            assert!(out.len() <= data.len());
        }
    }
}

fn check_rows(text: &str) {
    for (i, line) in text.lines().enumerate() {
        match parse_jsonl_row(line, "fuzz", i + 1, false) {
            Ok(row) => {
                let raw = row.id.as_ref().map(|id| id.get().to_string());
                let id = RowId::of(row.id, i + 1);
                let written = serde_json::to_string(&id).expect("an id always serialises");
                match raw {
                    Some(raw) => assert_eq!(written, raw, "id not written as given"),
                    None => assert_eq!(written, (i + 1).to_string()),
                }
            }
            Err(e) => {
                let msg = e.to_string();
                assert!(
                    msg.starts_with(&format!("fuzz:{}:", i + 1)),
                    "error does not name the line: {msg}"
                );
            }
        }
    }
}

/// Builds a tree from `ops`: each 3-byte op makes a folder, a file, a symbolic link or a hard
/// link somewhere among what exists so far.
fn build_tree(root: &Path, ops: &[u8]) -> Vec<PathBuf> {
    let mut dirs = vec![root.to_path_buf()];
    let mut entries: Vec<PathBuf> = Vec::new();
    for (n, op) in ops.chunks_exact(3).take(12).enumerate() {
        let parent = dirs[op[1] as usize % dirs.len()].clone();
        match op[0] % 4 {
            0 => {
                let d = parent.join(format!("d{n}"));
                if std::fs::create_dir(&d).is_ok() {
                    dirs.push(d.clone());
                    entries.push(d);
                }
            }
            1 => {
                let f = parent.join(format!("f{n}.txt"));
                let text = format!("Rates rose {} times.\n", op[2]);
                if std::fs::write(&f, text).is_ok() {
                    entries.push(f);
                }
            }
            2 => {
                let target = match op[2] % 4 {
                    0 => PathBuf::from(".."),
                    1 => PathBuf::from("."),
                    _ if !entries.is_empty() => entries[op[2] as usize % entries.len()].clone(),
                    _ => PathBuf::from("missing"),
                };
                let link = parent.join(format!("l{n}.txt"));
                if std::os::unix::fs::symlink(&target, &link).is_ok() {
                    entries.push(link);
                }
            }
            _ => {
                let files: Vec<&PathBuf> = entries.iter().filter(|p| p.is_file()).collect();
                if !files.is_empty() {
                    let from = files[op[2] as usize % files.len()].clone();
                    let link = parent.join(format!("h{n}.txt"));
                    if std::fs::hard_link(&from, &link).is_ok() {
                        entries.push(link);
                    }
                }
            }
        }
    }
    dirs
}

fn check_tree(ops: &[u8]) {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    // The tree is one level down, so a link to `..` stays inside the temporary folder.
    let root = &dir.path().join("top");
    if std::fs::create_dir(root).is_err() {
        return;
    }
    build_tree(root, ops);
    let mut warnings = Vec::new();
    match files_under(root, &|_| true, &mut |w| warnings.push(w)) {
        Ok(files) => {
            assert!(files.windows(2).all(|w| w[0] < w[1]), "not sorted: {files:?}");
            let mut ids = std::collections::HashSet::new();
            for f in &files {
                let meta = std::fs::metadata(f).expect("a listed file exists");
                assert!(meta.is_file(), "not a regular file: {f:?}");
                let id = FileId::of(f).expect("a listed file has an identity");
                assert!(ids.insert(id), "{f:?} listed twice under two names: {files:?}");
            }
        }
        Err(e) => {
            // Only a broken link or an unreadable folder may stop a walk, and it is named.
            assert!(e.to_string().contains(root.to_str().unwrap()), "{e}");
        }
    }
    let mut notes = Vec::new();
    let read = read_examples(
        &[root.to_path_buf()],
        DataFormat::Folder,
        &Columns::default(),
        &mut |w| notes.push(w),
    );
    if let Ok(examples) = read {
        // No file is read twice: at most one example per distinct file the links reach.
        let txt = |p: &Path| p.extension().is_some_and(|e| e == "txt");
        let files = files_under(dir.path(), &txt, &mut |_| {})
            .map(|f| f.len())
            .unwrap_or(usize::MAX);
        assert!(examples.len() <= files, "{} examples from {files} files", examples.len());
    }
}

fuzz_target!(|data: &[u8]| {
    check_line_limit(data);
    if let Ok(text) = std::str::from_utf8(data) {
        check_rows(text);
    }
    check_tree(data);
});
