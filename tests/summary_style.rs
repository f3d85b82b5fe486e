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
        err(&o).contains("it is a newsdesk topic model (for -m), not a summary style"),
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

/// Runs `args` in `dir` with `input` on standard input.
fn newsdesk_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    run_in(Some(dir), args, input)
}

/// The figures of an `eval-summaries` run, without the file names.
fn figures(o: &Output) -> Vec<String> {
    ok(o)
        .lines()
        .map(|l| l.split_once('\t').expect("name, tab").1.to_string())
        .collect()
}

#[test]
fn pairs_come_from_standard_input_with_a_dash_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let pairs = std::fs::read(PAIRS).unwrap();
    let from_file = newsdesk(d, &["eval-summaries", PAIRS, "-n", "2"]);
    let from_stdin = newsdesk_stdin(d, &["eval-summaries", "-", "-n", "2"], &pairs);
    assert_eq!(figures(&from_stdin), figures(&from_file));
    assert!(
        ok(&from_stdin).starts_with("-\tstyle\t"),
        "{}",
        out(&from_stdin)
    );
    // Trained from standard input onto standard output: the committed style, trained on
    // standard input.
    let o = newsdesk_stdin(
        d,
        &["train-summarizer", "-", "-n", "2", "-o", "-", "-q"],
        &pairs,
    );
    let committed = std::fs::read_to_string(examples("house.style")).unwrap();
    assert_eq!(
        ok(&o),
        committed.replace("\"pairs.jsonl\"", "\"standard input\"")
    );
    for args in [
        &["train-summarizer", "-", "-", "-o", "x.style"][..],
        &["eval-summaries", "-", "-"],
    ] {
        let o = newsdesk_stdin(d, args, &pairs);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", err(&o));
        let e = err(&o);
        assert!(e.contains("`-` is given more than once"), "{args:?}: {e}");
    }
    assert!(!d.join("x.style").exists());
    // Errors in standard input's rows name it.
    let o = newsdesk_stdin(d, &["eval-summaries", "-"], b"[1, 2]\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("standard input:1: a row must be a JSON object"),
        "{}",
        err(&o)
    );
}

#[test]
fn a_pairs_line_longer_than_the_limit_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let row = std::fs::read_to_string(PAIRS).unwrap();
    let row = row.lines().next().unwrap();
    std::fs::write(d.join("p.jsonl"), format!("{row}\n{row}{row}\n")).unwrap();
    let limit = (row.len() + 1).to_string();
    for command in [
        &["eval-summaries"][..],
        &["train-summarizer", "-o", "s.style"],
    ] {
        let mut args = command.to_vec();
        args.extend(["p.jsonl", "--max-line-bytes", &limit]);
        let o = newsdesk(d, &args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let want = format!("p.jsonl:2: line longer than {limit} bytes");
        assert!(err(&o).contains(&want), "{args:?}: {}", err(&o));
    }
    assert!(!d.join("s.style").exists());
}

#[cfg(unix)]
#[test]
fn endless_binary_pairs_stop_at_once_in_bounded_memory() {
    for command in [
        "eval-summaries /dev/zero",
        "train-summarizer /dev/zero -o -",
    ] {
        let o = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("ulimit -v 800000 && exec \"$0\" {command}"))
            .arg(env!("CARGO_BIN_EXE_newsdesk"))
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        let e = err(&o);
        assert_eq!(o.status.code(), Some(1), "{command}: {e}");
        // NUL bytes: refused as binary at once, before any line limit is reached.
        assert!(e.contains("/dev/zero:1: not text"), "{command}: {e}");
    }
}

#[test]
fn pairs_files_with_a_bom_in_utf16_or_windows_1252_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = std::fs::read_to_string(PAIRS).unwrap();
    let plain = figures(&newsdesk(d, &["eval-summaries", PAIRS, "-n", "2"]));
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(text.as_bytes());
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    // Windows-1252: a pound sign (0xA3) in the first article.
    let mut cp1252 = text
        .replacen("\"text\": \"", "\"text\": \"\u{1}5 ", 1)
        .into_bytes();
    for b in &mut cp1252 {
        if *b == 1 {
            *b = 0xA3;
        }
    }
    for (name, bytes) in [
        ("bom.jsonl", bom),
        ("u16.jsonl", utf16),
        ("old.jsonl", cp1252),
    ] {
        std::fs::write(d.join(name), bytes).unwrap();
        let o = newsdesk(d, &["eval-summaries", name, "-n", "2"]);
        let warned = err(&o).contains(&format!(
            "newsdesk: warning: {name}: not valid UTF-8; read as Windows-1252"
        ));
        assert_eq!(warned, name == "old.jsonl", "{name}: {}", err(&o));
        if name != "old.jsonl" {
            assert_eq!(figures(&o), plain, "{name}");
        } else {
            assert_eq!(figures(&o).len(), 2, "{name}");
        }
    }
    // -q silences the warning in train-summarizer.
    let o = newsdesk(d, &["train-summarizer", "old.jsonl", "-o", "s.style", "-q"]);
    assert!(o.status.success() && err(&o).is_empty(), "{}", err(&o));
}

#[test]
fn pairs_rows_are_refused_in_the_words_of_other_jsonl_readers() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = r#"{"text": "Lock gates on the canal reopened on Monday after repairs. Boats queued for hours.", "summary": "Lock gates reopened."}"#;
    let cases = [
        (
            r#"["x", "y"]"#,
            "a row must be a JSON object with \"text\" and \"summary\", found an array",
        ),
        (
            r#"{"text": "Lock gates reopened on Monday.", "text": "Gates", "summary": "Lock gates reopened."}"#,
            "not valid JSON: duplicate field 'text'",
        ),
        (
            r#"{"text": null, "summary": "Lock gates."}"#,
            "missing field \"text\" (or \"article\")",
        ),
        (r#"{"text": "", "summary": "Lock gates."}"#, "empty text"),
        (
            r#"{"text": "Gates", "summary": "Lock gates."}"#,
            "the summary (2 words) is longer than the article (1 word)",
        ),
    ];
    for (row, message) in cases {
        std::fs::write(d.join("p.jsonl"), format!("{good}\n{row}\n")).unwrap();
        let o = newsdesk(d, &["eval-summaries", "p.jsonl"]);
        assert_eq!(o.status.code(), Some(1), "{row}");
        let e = err(&o);
        let want = format!("newsdesk: error: p.jsonl:2: {message}");
        assert!(e.starts_with(&want) && e.lines().count() == 1, "{row}: {e}");
    }
}

#[test]
fn folders_give_their_jsonl_files_and_no_file_counts_twice() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("pairs/more")).unwrap();
    std::fs::create_dir_all(d.join("nothing")).unwrap();
    std::fs::copy(PAIRS, d.join("pairs/a.jsonl")).unwrap();
    std::fs::copy(PAIRS, d.join("pairs/more/b.JSONL")).unwrap();
    std::fs::write(d.join("pairs/notes.txt"), "not pairs").unwrap();
    let o = newsdesk(d, &["eval-summaries", "pairs", "-n", "2"]);
    let names: Vec<String> = ok(&o)
        .lines()
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "pairs/a.jsonl",
            "pairs/a.jsonl",
            "pairs/more/b.JSONL",
            "pairs/more/b.JSONL"
        ]
    );
    let o = newsdesk(d, &["train-summarizer", "pairs", "-o", "s.style", "-q"]);
    assert!(o.status.success(), "{}", err(&o));
    let style = std::fs::read_to_string(d.join("s.style")).unwrap();
    assert!(
        style.contains("\"a.jsonl\"") && style.contains("\"b.JSONL\""),
        "{style}"
    );
    let o = newsdesk(d, &["eval-summaries", "nothing"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("nothing: no files matching '*.jsonl' in this folder"),
        "{}",
        err(&o)
    );
    // One file twice, by any name, is refused before anything is read or written.
    let twice = [
        (
            &["pairs/a.jsonl", "pairs/a.jsonl"][..],
            "pairs/a.jsonl: given more than once (as pairs/a.jsonl before); its pairs would count twice",
        ),
        (
            &["pairs/a.jsonl", "./pairs/a.jsonl"],
            "./pairs/a.jsonl: given more than once (as pairs/a.jsonl before)",
        ),
        (
            &["pairs", "pairs/a.jsonl"],
            "pairs/a.jsonl: inside pairs, also given; its pairs would count twice",
        ),
        (
            &["pairs", "pairs"],
            "pairs: given more than once (as pairs before)",
        ),
    ];
    for (inputs, message) in twice {
        for command in [
            &["eval-summaries"][..],
            &["train-summarizer", "-o", "t.style"],
        ] {
            let args = [command, inputs].concat();
            let o = newsdesk(d, &args);
            assert_eq!(o.status.code(), Some(2), "{args:?}");
            assert!(out(&o).is_empty(), "{args:?}");
            assert!(err(&o).contains(message), "{args:?}: {}", err(&o));
        }
    }
    assert!(!d.join("t.style").exists());
}

#[cfg(unix)]
#[test]
fn a_failed_write_to_standard_output_names_it() {
    for args in [
        &["eval-summaries", PAIRS][..],
        &["train-summarizer", PAIRS, "-o", "-", "-q"],
    ] {
        let full = std::fs::File::options()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let o = bin()
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert_eq!(
            err(&o),
            "newsdesk: error: standard output: cannot write: No space left on device (os error 28)\n",
            "{args:?}"
        );
    }
}
