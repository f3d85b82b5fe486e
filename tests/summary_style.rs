//! `train-summarizer`, `eval-summaries` and `summarize --style` from the command line.

mod common;
use common::*;
use std::path::Path;
use std::process::Output;

fn newsdesk(dir: &Path, args: &[&str]) -> Output {
    run_in(Some(dir), args, b"")
}

const PAIRS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/examples/pairs.jsonl");
const ARTICLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/business-article.txt"
);

#[test]
fn a_trained_style_is_written_and_used() {
    let dir = tempfile::tempdir().unwrap();
    let o = newsdesk(
        dir.path(),
        &["train-summarizer", PAIRS, "-n", "2", "-o", "s.style", "-q"],
    );
    assert!(o.status.success(), "{}", err(&o));
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/examples/house.style"
    ))
    .unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("s.style")).unwrap(),
        committed
    );
    let o = newsdesk(
        dir.path(),
        &["summarize", "--style", "s.style", "-n", "2", ARTICLE],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 2);
    let o = newsdesk(
        dir.path(),
        &["eval-summaries", PAIRS, "-n", "2", "--style", "s.style"],
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success() && out.contains("style\tR1=") && out.contains("lead \tR1="),
        "{out}"
    );
}

#[test]
fn bad_rows_and_bad_styles_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("p.jsonl"),
        "{\"text\": \"A text of a few words here.\", \"summary\": \"\"}\n",
    )
    .unwrap();
    std::fs::write(d.join("old.style"), "keep me").unwrap();
    let o = newsdesk(d, &["train-summarizer", "p.jsonl", "-o", "old.style"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("p.jsonl:1: empty summary"), "{}", err(&o));
    // A failed run leaves an existing output alone.
    assert_eq!(
        std::fs::read_to_string(d.join("old.style")).unwrap(),
        "keep me"
    );
    let o = newsdesk(d, &["summarize", "--style", "old.style", ARTICLE]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("old.style: not a usable newsdesk summary style"),
        "{}",
        err(&o)
    );
}
