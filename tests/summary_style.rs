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

#[test]
fn outputs_never_replace_what_the_run_reads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(PAIRS, d.join("p.jsonl")).unwrap();
    let pairs = std::fs::read(d.join("p.jsonl")).unwrap();
    let o = newsdesk(d, &["train-summarizer", "p.jsonl", "-o", "p.jsonl", "-q"]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("this is the input p.jsonl"), "{}", err(&o));
    assert_eq!(std::fs::read(d.join("p.jsonl")).unwrap(), pairs);
    let o = newsdesk(d, &["train-summarizer", "p.jsonl", "-o", "s.style", "-q"]);
    assert!(o.status.success(), "{}", err(&o));
    let style = std::fs::read(d.join("s.style")).unwrap();
    let o = newsdesk(
        d,
        &[
            "summarize",
            "--style",
            "s.style",
            ARTICLE,
            "-o",
            "./s.style",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("this is the input s.style"), "{}", err(&o));
    assert_eq!(std::fs::read(d.join("s.style")).unwrap(), style);
}

#[test]
fn a_style_from_standard_input_or_a_device_and_a_model_given_as_a_style() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let house = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/examples/house.style");
    let from_file = newsdesk(d, &["summarize", "--style", house, "-n", "2", ARTICLE]);
    let style = std::fs::read(house).unwrap();
    let from_stdin = run_in(
        Some(d),
        &["summarize", "--style", "-", "-n", "2", ARTICLE],
        &style,
    );
    assert!(from_stdin.status.success(), "{}", err(&from_stdin));
    assert_eq!(ok(&from_stdin), ok(&from_file));
    let both = run_in(Some(d), &["summarize", "--style", "-", "-n", "2"], &style);
    assert_eq!(both.status.code(), Some(2));
    assert!(
        err(&both).contains("both read standard input"),
        "{}",
        err(&both)
    );
    if Path::new("/dev/zero").exists() {
        let o = newsdesk(d, &["summarize", "--style", "/dev/zero", ARTICLE]);
        assert_eq!(o.status.code(), Some(1));
        assert!(err(&o).contains("more than 16 MiB"), "{}", err(&o));
    }
    let model = concat!(env!("CARGO_MANIFEST_DIR"), "/models/topics.json");
    let o = newsdesk(d, &["summarize", "--style", model, ARTICLE]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("it is a newsdesk topic model, not a summary style"),
        "{}",
        err(&o)
    );
}

#[test]
fn a_model_given_is_loaded_whatever_the_format_and_jsonl_files_carry_topics() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for format in ["text", "tsv", "jsonl"] {
        let o = newsdesk(
            d,
            &["summarize", "-m", "no-such.model", "-f", format, ARTICLE],
        );
        assert_eq!(o.status.code(), Some(1), "{format}");
        assert!(
            err(&o).contains("no-such.model: cannot read model"),
            "{}",
            err(&o)
        );
    }
    let o = newsdesk(d, &["summarize", "-n", "1", "-f", "jsonl", ARTICLE]);
    let row: serde_json::Value = serde_json::from_str(ok(&o).trim()).unwrap();
    assert_eq!(row["sentences"][0]["topic"], "economics", "{row}");
}

#[test]
fn the_lead_style_takes_the_first_sentences_skipping_fragments_and_repeats() {
    let dir = tempfile::tempdir().unwrap();
    let article = "Ferry fares to rise\n\n\
        Short note here.\n\n\
        The island ferry company will raise fares by a tenth from June, its board said on Tuesday.\n\n\
        The ferry company will raise fares by a tenth from June, its board said on Tuesday.\n\n\
        Fuel costs have doubled since the contract was signed, the company's chief executive told reporters.\n\n\
        Islanders said the rise would hurt families who cross each week for school and work.\n\n\
        The regional council, which subsidises the route, will debate the fares next month.";
    std::fs::write(dir.path().join("ferry.txt"), article).unwrap();
    let o = newsdesk(
        dir.path(),
        &["summarize", "--style", "lead", "-n", "3", "ferry.txt"],
    );
    assert!(o.status.success(), "{}", err(&o));
    let lines: Vec<String> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(String::from)
        .collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines[0].starts_with("The island ferry company"),
        "{lines:?}"
    );
    assert!(lines[1].starts_with("Fuel costs"), "{lines:?}");
    assert!(lines[2].starts_with("Islanders said"), "{lines:?}");

    // On pairs, the lead style scores what eval-summaries reports for the lead.
    let o = newsdesk(
        dir.path(),
        &["eval-summaries", PAIRS, "-n", "2", "--style", "lead"],
    );
    assert!(o.status.success(), "{}", err(&o));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let figures = |kind: &str| {
        out.lines()
            .find(|l| l.split('\t').nth(1).map(str::trim) == Some(kind))
            .and_then(|l| l.split('\t').nth(2))
            .map(String::from)
            .unwrap_or_else(|| panic!("no {kind} row in {out}"))
    };
    assert_eq!(figures("style"), figures("lead"));
}

#[test]
fn a_style_name_that_is_also_a_file_or_neither_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("lead"), "{}").unwrap();
    let o = newsdesk(dir.path(), &["summarize", "--style", "lead", ARTICLE]);
    assert!(!o.status.success() && o.stdout.is_empty());
    assert!(err(&o).contains("write ./lead for the file"), "{}", err(&o));
    let o = newsdesk(dir.path(), &["summarize", "--style", "./lead", ARTICLE]);
    assert!(!o.status.success());
    assert!(
        err(&o).contains("not a usable newsdesk summary style"),
        "{}",
        err(&o)
    );
    let o = newsdesk(dir.path(), &["summarize", "--style", "leed", ARTICLE]);
    assert!(!o.status.success());
    assert!(
        err(&o).contains("a built-in style's name (learned, lead)"),
        "{}",
        err(&o)
    );
}
