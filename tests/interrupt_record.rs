//! What the interrupt handler reads: whether an output file has been put in place in this run.
//! A test binary of its own, with one test, because the record is for the whole process.

use newsdesk::error::Error;
use newsdesk::io::{AtomicFile, output_replaced, write_atomically};
use std::io::Write;

#[test]
fn only_a_completed_replacement_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.txt");
    std::fs::write(&path, "old").unwrap();
    assert!(!output_replaced());
    // A write refused before its rename leaves the old file and records nothing.
    let mut w = AtomicFile::create(&path).unwrap();
    w.write_all(b"new").unwrap();
    let refused = w.commit_when(|| Err(Error::Training("not ready".into())));
    assert!(refused.is_err());
    assert_eq!(std::fs::read(&path).unwrap(), b"old");
    assert!(!output_replaced());
    write_atomically(&path, b"new").unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"new");
    assert!(output_replaced());
}
