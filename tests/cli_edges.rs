//! Edge cases of the one command-line grammar that a hostile review found (standard input
//! given twice, one calibration fold, glob corner cases, wide labels, messages): each test
//! failed on the build the finding was made on.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;
use std::process::Output;

/// Exit 2 with a message holding `words`; nothing on standard output.
fn usage(o: &Output, words: &str) {
    assert_eq!(o.status.code(), Some(2), "{}", err(o));
    assert!(err(o).contains(words), "{:?} lacks {words:?}", err(o));
    assert!(
        o.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

const ROW: &str = "{\"id\": \"r1\", \"text\": \"The central bank raised interest rates again as inflation stayed high.\"}\n";

#[test]
fn standard_input_given_twice_is_a_usage_error() {
    let text = "The central bank raised interest rates again as inflation stayed high.\n";
    for cmd in ["classify", "summarize", "analyze", "extract"] {
        usage(&run_stdin(&[cmd, "-", "-"], text), "more than once");
    }
    let rows = examples("rows.jsonl");
    usage(&run_stdin(&["eval", "-", "-"], ROW), "more than once");
    usage(
        &run_stdin(&["train", "-", "-", "-o", "x.model"], ROW),
        "more than once",
    );
    usage(
        &run_stdin(&["cv", s(&rows), "-", "-"], ROW),
        "more than once",
    );
    // Once is fine.
    ok(&run_stdin(&["classify", "-"], text));
}

#[test]
fn one_calibration_fold_is_refused() {
    let rows = examples("rows.jsonl");
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m.model");
    let o = run(&["train", s(&rows), "--calibration-folds", "1", "-o", s(&m)]);
    usage(&o, "0 (no calibration) or 2 to 20");
    assert!(!m.exists());
    usage(
        &run(&["cv", s(&rows), "--calibration-folds", "1"]),
        "0 (no calibration) or 2 to 20",
    );
    let help = ok(&run(&["train", "--help"]));
    assert!(
        help.contains("2 to 20, or 0 to turn calibration off"),
        "{help}"
    );
    ok(&run(&[
        "train",
        s(&rows),
        "--calibration-folds",
        "2",
        "-q",
        "-o",
        s(&m),
    ]));
}

#[test]
fn analyze_calls_its_per_row_output_jsonl() {
    let out = ok(&run_stdin(&["analyze", "--jsonl"], ROW));
    let row: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(row["id"], "r1");
    ok(&run_stdin(
        &["analyze", "--jsonl", "--format", "jsonl"],
        ROW,
    ));
    usage(
        &run_stdin(&["analyze", "--jsonl", "--format", "json"], ROW),
        "--format must be jsonl",
    );
    // Files: one line each, as in classify and summarize.
    let a = examples("../fixtures/sample-article.txt");
    let b = examples("../fixtures/business-article.txt");
    let out = ok(&run(&["analyze", "--format", "jsonl", s(&a), s(&b)]));
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(
        lines[1]["source"]
            .as_str()
            .unwrap()
            .ends_with("business-article.txt")
    );
    let help = ok(&run(&["analyze", "--help"]));
    assert!(
        help.contains("or jsonl with --jsonl, which takes only jsonl"),
        "{help}"
    );
}

#[test]
fn every_count_placeholder_of_folds_is_k() {
    let help = ok(&run(&["cv", "--help"]));
    assert!(help.contains("--folds <K>"), "{help}");
    assert!(!help.contains("<FOLDS>"), "{help}");
}

#[test]
fn article_level_json_has_no_empty_paragraph_list() {
    let a = examples("../fixtures/sample-article.txt");
    let doc: Value = serde_json::from_str(&ok(&run(&[
        "classify",
        "--level",
        "article",
        "--format",
        "json",
        s(&a),
    ])))
    .unwrap();
    assert!(doc.get("paragraphs").is_none(), "{doc}");
    assert!(doc["label"].is_string(), "{doc}");
    let line = ok(&run(&[
        "classify",
        "--level",
        "article",
        "--format",
        "jsonl",
        s(&a),
    ]));
    let doc: Value = serde_json::from_str(line.trim()).unwrap();
    assert!(doc.get("paragraphs").is_none(), "{doc}");
    // The paragraph level still lists them.
    let doc: Value =
        serde_json::from_str(&ok(&run(&["classify", "--format", "json", s(&a)]))).unwrap();
    assert!(!doc["paragraphs"].as_array().unwrap().is_empty(), "{doc}");
}

#[test]
fn many_labels_without_confusions_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let rows = dir.path().join("rows.jsonl");
    let mut text = String::new();
    for l in 0..22 {
        for i in 0..3 {
            let word = format!("topic{l}word");
            let row = serde_json::json!({
                "text": format!("{word} {word} {word} filler{i}"),
                "label": format!("label-{l:02}"),
            });
            text.push_str(&format!("{row}\n"));
        }
    }
    std::fs::write(&rows, text).unwrap();
    let m = dir.path().join("m.model");
    ok(&run(&["train", s(&rows), "-o", s(&m), "-q"]));
    let report = ok(&run(&["eval", "-m", s(&m), s(&rows), "-q"]));
    assert!(report.contains("no confusions (22 labels)"), "{report}");
    assert!(!report.contains("0 of 0"), "{report}");
}

#[test]
fn progress_frames_always_name_their_phase() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m.model");
    let cmd = format!(
        "{} train {} -o {}",
        env!("CARGO_BIN_EXE_newsdesk"),
        s(&examples("rows.jsonl")),
        s(&m)
    );
    let Some(shown) = on_a_terminal(&cmd) else {
        eprintln!("no `script` command: the terminal case is not checked here");
        return;
    };
    assert!(shown.contains("reading "), "{shown:?}");
    for frame in shown.split(['\r', '\n']) {
        // "newsdesk: ⠁  (0s)": a spinner, then nothing before the time.
        let frame = frame.trim_start_matches("\u{1b}[2K");
        if let Some(rest) = frame.strip_prefix("newsdesk: ") {
            let after_spinner: String = rest.chars().skip(1).collect();
            assert!(!after_spinner.starts_with("  ("), "empty frame: {frame:?}");
        }
    }
    assert!(!shown.contains("0 units so far"), "{shown:?}");
}

const COMMANDS: [&str; 10] = [
    "analyze",
    "classify",
    "extract",
    "summarize",
    "train",
    "eval",
    "cv",
    "inspect",
    "completions",
    "man",
];

/// The commands named (in backticks) in the last column of the README grammar table's row
/// whose first column is `what`.
fn readme_row_commands(what: &str) -> Vec<&'static str> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let row = readme
        .lines()
        .find(|l| l.starts_with(&format!("| {what} |")))
        .unwrap_or_else(|| panic!("no README row {what:?}"));
    let last = row.trim_end_matches('|').rsplit('|').next().unwrap();
    let mut named: Vec<&str> = Vec::new();
    for code in last.split('`').skip(1).step_by(2) {
        let first = code.split(' ').next().unwrap();
        if let Some(c) = COMMANDS.iter().find(|c| **c == first) {
            named.push(c);
        }
    }
    named.sort();
    named.dedup();
    named
}

#[test]
fn readme_grammar_table_names_exactly_the_commands_taking_each_option() {
    for (what, option) in [
        ("output format", "--format"),
        ("where output goes", "--output"),
        ("quiet", "--quiet"),
        ("model", "--model"),
    ] {
        let mut taking: Vec<&str> = COMMANDS
            .iter()
            .copied()
            .filter(|c| {
                let help = ok(&run(&[c, "--help"]));
                help.lines()
                    .any(|l| l.trim_start().split([' ', ',']).any(|w| w == option))
            })
            .collect();
        taking.sort();
        assert_eq!(readme_row_commands(what), taking, "README row {what:?}");
    }
    // The top-level help says the same.
    let help = ok(&run(&["--help"]));
    assert!(
        help.contains("Every command but `completions` and `man`"),
        "{help}"
    );
}

/// Every file a README example reads is in the repository (or written by an earlier example),
/// so a fresh clone can run them from its folder.
#[test]
fn readme_examples_read_files_of_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let mut written: Vec<String> = Vec::new();
    let mut checked = 0;
    for line in readme.lines() {
        let Some(cmd) = line.strip_prefix("$ ") else {
            continue;
        };
        if !(cmd.starts_with("newsdesk ") || cmd.starts_with("cat ")) {
            continue;
        }
        let words: Vec<&str> = cmd.split_whitespace().collect();
        for (i, w) in words.iter().enumerate() {
            let after = i.checked_sub(1).map(|j| words[j]);
            if matches!(after, Some("-o" | "--dir")) {
                written.push(w.to_string());
                continue;
            }
            let looks_like_path = w.ends_with('/')
                || [".txt", ".jsonl", ".csv", ".ft", ".html", ".model"]
                    .iter()
                    .any(|e| w.ends_with(e));
            if !looks_like_path || w.starts_with(['\'', '"', '~', '-']) {
                continue;
            }
            checked += 1;
            assert!(
                root.join(w).exists() || written.iter().any(|x| x == w),
                "README example `{cmd}` reads {w}, which a fresh clone does not have"
            );
        }
    }
    assert!(checked > 15, "only {checked} paths checked");
}

/// The README's rule: a fragment under eight words is chosen when the text has nothing longer.
#[test]
fn a_short_one_line_text_is_still_summarised() {
    let out = ok(&run_stdin(
        &["summarize", "-n", "1"],
        "Markets rallied on Friday.\n",
    ));
    assert_eq!(out, "Markets rallied on Friday.\n");
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(readme.contains(
        "Fragments under eight words are passed over\nwhile the article has a longer sentence"
    ));
}

#[test]
fn globs_are_checked_normalised_and_documented() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("2025")).unwrap();
    std::fs::create_dir_all(d.join(".hidden")).unwrap();
    let text = "The central bank raised interest rates again as inflation stayed high.\n";
    std::fs::write(d.join("2025/a.txt"), text).unwrap();
    std::fs::write(d.join("2025/b.TXT"), text).unwrap();
    std::fs::write(d.join(".hidden/c.txt"), text).unwrap();
    let names = |args: &[&str]| -> Vec<String> {
        let out = ok(&run_in(Some(d), args, b""));
        let mut v: Vec<String> = out
            .lines()
            .skip(1)
            .map(|l| l.split('\t').next().unwrap().to_string())
            .collect();
        v.dedup();
        v
    };
    // An empty pattern is refused in every command that takes --glob.
    usage(
        &run_in(Some(d), &["classify", "--glob", "", "."], b""),
        "empty pattern",
    );
    usage(
        &run_in(Some(d), &["train", "--glob", "", ".", "-o", "m.model"], b""),
        "empty pattern",
    );
    // A leading ./ is the folder itself.
    assert_eq!(
        names(&["classify", "-f", "tsv", "--glob", "./2025/*.txt", "."]),
        ["./2025/a.txt"]
    );
    // The default matches in any case, a given glob is case-sensitive, hidden folders are
    // searched: as the help and README say.
    assert_eq!(
        names(&["classify", "-f", "tsv", "."]),
        ["./.hidden/c.txt", "./2025/a.txt", "./2025/b.TXT"]
    );
    assert_eq!(
        names(&["classify", "-f", "tsv", "--glob", "*.txt", "2025"]),
        ["2025/a.txt"]
    );
    assert_eq!(
        names(&["classify", "-f", "tsv", "--glob", "*.{txt,TXT}", "2025"]),
        ["2025/a.txt", "2025/b.TXT"]
    );
    let help = ok(&run(&["classify", "--help"]));
    assert!(help.contains("case-sensitive"), "{help}");
    assert!(help.contains("hidden folders included"), "{help}");
    // The hint to use --glob only when none was given.
    let o = run_in(Some(d), &["classify", "--glob", "*.md", "."], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("no files matching '*.md'"), "{}", err(&o));
    assert!(
        !err(&o).contains("choose others with --glob"),
        "{}",
        err(&o)
    );
    std::fs::create_dir_all(d.join("empty")).unwrap();
    let o = run_in(Some(d), &["classify", "empty"], b"");
    assert!(err(&o).contains("choose others with --glob"), "{}", err(&o));
}

#[test]
fn training_messages_name_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("e.jsonl"), "").unwrap();
    let o = run_in(Some(d), &["train", "e.jsonl", "-o", "m.model"], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("e.jsonl: training needs at least two labels"),
        "{}",
        err(&o)
    );
    let mut rows = String::new();
    for (label, words) in [
        ("x", "harbour cranes cargo"),
        ("y", "election ballots voters"),
    ] {
        for i in 0..2 {
            let row =
                serde_json::json!({"text": format!("{words} {words} item{i}"), "label": label});
            rows.push_str(&format!("{row}\n"));
        }
    }
    std::fs::write(d.join("few.jsonl"), rows).unwrap();
    let o = run_in(Some(d), &["train", "few.jsonl", "-o", "m.model"], b"");
    ok(&o);
    assert!(
        err(&o).contains("newsdesk: warning: few.jsonl: label 'x' has only 2 training unit(s)"),
        "{}",
        err(&o)
    );
}

#[test]
fn every_error_starts_the_same_way() {
    let rows = examples("rows.jsonl");
    // Refused by the argument parser, and by the tool itself: one prefix, exit 2.
    for args in [
        vec!["classify", "--min-score", "2"],
        vec!["classify", "--bogus"],
        vec!["train"],
        vec!["train", s(&rows), "--alpha", "0", "-o", "x.model"],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", err(&o));
        assert!(
            err(&o).starts_with("newsdesk: error: "),
            "{args:?}: {}",
            err(&o)
        );
    }
    // Help for a missing command stays help.
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("Usage: newsdesk"), "{}", err(&o));
    assert!(!err(&o).starts_with("newsdesk: "), "{}", err(&o));
}

/// Messages about JSONL rows speak of JSON, never of the program's own types.
#[test]
fn row_errors_name_no_internal_types() {
    for (args, row, says) in [
        (vec!["classify", "--jsonl"], "42\n", "must be a JSON object"),
        (vec!["classify", "--jsonl"], "[1,2,3]\n", "found an array"),
        (
            vec!["train", "-", "--input-format", "jsonl", "-o", "x.model"],
            "42\n",
            "must be a JSON object",
        ),
        (
            vec!["eval", "-", "--input-format", "jsonl"],
            "[1,2]\n",
            "found an array",
        ),
    ] {
        let o = run_stdin(&args, row);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let e = err(&o);
        assert!(e.contains(says), "{args:?} {row:?}: {e}");
        assert!(
            !e.contains("struct") && !e.contains("Raw"),
            "{args:?} {row:?}: {e}"
        );
    }
}

#[test]
fn too_few_labels_with_text_names_the_labels_that_have_text() {
    let rows = "{\"text\": \"The central bank raised rates.\", \"label\": \"economics\"}\n\
                {\"text\": \"   \", \"label\": \"security\"}\n";
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.model");
    let o = run_stdin(&["train", "-", "-o", s(&model)], rows);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(
        err(&o).contains(
            "standard input: training needs at least two labels with text; \
             found economics (no text under security)"
        ),
        "{}",
        err(&o)
    );
    assert!(!model.exists());
}

#[test]
fn a_folder_inside_one_given_is_read_once_and_not_called_empty() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("c1/sub")).unwrap();
    std::fs::write(
        d.join("c1/sub/a.txt"),
        "The central bank raised interest rates to slow inflation.\n",
    )
    .unwrap();
    let o = run_in(Some(d), &["classify", "c1", "c1/sub"], b"");
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(out(&o).matches("c1/sub/a.txt:").count(), 1, "{}", out(&o));
    assert!(
        err(&o).contains("c1/sub: 1 file(s) skipped, already read (e.g. c1/sub/a.txt)"),
        "{}",
        err(&o)
    );
}

#[test]
fn an_input_given_twice_is_read_once_or_refused_where_it_would_count_twice() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("news")).unwrap();
    std::fs::write(
        d.join("news/a.txt"),
        "The central bank raised interest rates to slow inflation.\n",
    )
    .unwrap();
    // Articles: a file given and also in a folder given is read once, with a warning.
    let o = run_in(Some(d), &["classify", "news/a.txt", "news"], b"");
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(out(&o).matches("news/a.txt:").count(), 1, "{}", out(&o));
    assert!(err(&o).contains("already read"), "{}", err(&o));
    // Labelled data: the same input twice, or a folder inside another, is refused.
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/examples/data");
    let economics = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/examples/data/economics");
    for args in [
        vec!["eval", data, data],
        vec!["cv", data, economics],
        vec!["train", economics, data, "-o", "m.json"],
    ] {
        let o = run_in(Some(d), &args, b"");
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", err(&o));
        assert!(
            err(&o).contains("would count twice"),
            "{args:?}: {}",
            err(&o)
        );
    }
    assert!(!d.join("m.json").exists());
}

#[test]
fn a_binary_file_in_a_label_folder_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (label, text) in [
        ("economics", "The central bank raised rates again."),
        ("security", "Troops crossed the border at dawn."),
    ] {
        std::fs::create_dir_all(d.join("data").join(label)).unwrap();
        std::fs::write(d.join("data").join(label).join("a.txt"), text).unwrap();
    }
    // Every byte value in turn: random-looking data, as from a mistaken copy.
    let junk: Vec<u8> = (0..50_000u32).map(|i| (i * 37 % 256) as u8).collect();
    std::fs::write(d.join("data/security/junk.txt"), junk).unwrap();
    let o = run_in(Some(d), &["train", "data", "-o", "m.json"], b"");
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("junk.txt:1: not text"), "{}", err(&o));
    assert!(!d.join("m.json").exists());
}

#[cfg(unix)]
#[test]
fn a_file_linked_from_two_labelled_inputs_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/examples/data");
    std::fs::create_dir_all(d.join("y/economics")).unwrap();
    for entry in std::fs::read_dir(examples.join("economics")).unwrap() {
        let p = entry.unwrap().path();
        std::os::unix::fs::symlink(&p, d.join("y/economics").join(p.file_name().unwrap())).unwrap();
    }
    let alone = run_in(Some(d), &["eval", s(&examples)], b"");
    let both = run_in(Some(d), &["eval", s(&examples), "y"], b"");
    assert!(both.status.success(), "{}", err(&both));
    let units = |o: &Output| out(o).split_whitespace().nth(1).unwrap_or("").to_string();
    assert_eq!(units(&both), units(&alone), "{}", out(&both));
    assert!(
        err(&both).contains("reached again under another name"),
        "{}",
        err(&both)
    );
}
