//! One grammar for every command (issue 14): option names, standard input and output,
//! `--paragraphs`, numbering, folders and globs, evaluation reports, man pages.

mod common;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use unicode_width::UnicodeWidthStr;

/// A model trained on the example rows, in `dir`.
fn example_model(dir: &Path) -> PathBuf {
    let m = dir.join("m.model");
    ok(&run(&[
        "train",
        s(&examples("rows.jsonl")),
        "-o",
        s(&m),
        "-q",
    ]));
    m
}

#[test]
fn format_is_the_output_and_input_format_the_input_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let m = example_model(dir.path());
    let ft = examples("rows.ft");
    // The input format has one name in train, eval and cv.
    ok(&run(&[
        "train",
        s(&ft),
        "--input-format",
        "fasttext",
        "-o",
        s(&m),
        "-q",
    ]));
    let e = json(&run(&[
        "eval",
        "-m",
        s(&m),
        s(&ft),
        "--input-format",
        "fasttext",
        "--format",
        "json",
        "-q",
    ]));
    assert_eq!(e["n"], 24);
    let cv = json(&run(&[
        "cv",
        s(&ft),
        "--input-format",
        "fasttext",
        "--folds",
        "3",
        "--format",
        "json",
        "-q",
    ]));
    assert_eq!(cv["n"], 24);
    // The old names are gone: --format never names an input, -F and --data-format do not exist.
    for args in [
        vec!["train", s(&ft), "--format", "fasttext", "-o", s(&m)],
        vec!["eval", s(&ft), "--data-format", "fasttext"],
        vec!["cv", s(&ft), "-F", "json"],
        vec!["cv", s(&ft), "--report-format", "json"],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", err(&o));
    }
}

#[test]
fn quiet_is_accepted_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let m = example_model(dir.path());
    let f = fixture("business-article.txt").display().to_string();
    let rows = examples("rows.jsonl");
    let out = dir.path().join("o");
    for args in [
        vec!["analyze", "-q", &f],
        vec!["classify", "-q", &f],
        vec!["summarize", "-q", &f],
        vec!["train", "-q", s(&rows), "-o", s(&out)],
        vec!["eval", "-q", "-m", s(&m), s(&rows)],
        vec!["cv", "-q", "--folds", "2", s(&rows)],
        vec!["inspect", "-q", "-m", s(&m)],
    ] {
        let o = run(&args);
        ok(&o);
        assert_eq!(err(&o), "", "{args:?} wrote on standard error with -q");
    }
}

#[test]
fn eval_and_cv_read_what_train_reads_with_the_same_options() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("csv.model");
    let csv = examples("news.csv");
    let cols = ["--text-column", "body", "--label-column", "topic"];
    let mut train = vec!["train", s(&csv), "-o", s(&m), "-q"];
    train.extend(cols);
    ok(&run(&train));
    let mut eval = vec!["eval", "-m", s(&m), s(&csv), "--format", "json"];
    eval.extend(cols);
    let e = json(&run(&eval));
    assert_eq!(e["n"], 24);
    assert_eq!(e["accuracy"], 1.0);
    // Without the column names, eval names the missing column like train does.
    let o = run(&["eval", "-m", s(&m), s(&csv)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("no column named \"text\""), "{}", err(&o));
    // --unit paragraph evaluates paragraphs in eval as in cv.
    let mut cv = vec!["cv", s(&csv), "--folds", "2", "--unit", "paragraph", "-q"];
    cv.extend(cols);
    assert!(ok(&run(&cv)).starts_with("units 24 "));
    let e = json(&run(&[
        "eval",
        "-m",
        s(&m),
        s(&examples("data")),
        "--unit",
        "paragraph",
        "-f",
        "json",
    ]));
    assert_eq!(e["n"], 24);
}

#[test]
fn dash_reads_standard_input_and_dash_o_writes_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let rows = std::fs::read(examples("rows.jsonl")).unwrap();
    // train - / -o -: the model comes out on standard output, and no file named "-" is made.
    let o = run_in(Some(dir.path()), &["train", "-", "-o", "-", "-q"], &rows);
    let model = ok(&o);
    assert!(!dir.path().join("-").exists());
    let m = dir.path().join("from-stdout.model");
    std::fs::write(&m, &model).unwrap();
    let e = json(&run(&[
        "eval",
        "-m",
        s(&m),
        s(&examples("rows.jsonl")),
        "-f",
        "json",
    ]));
    assert_eq!(e["n"], 24);
    // -m - reads the model from standard input: train -o - | classify -m - FILE.
    let f = fixture("business-article.txt").display().to_string();
    let piped = ok(&run_stdin(
        &[
            "classify", "-m", "-", "--level", "article", "-f", "json", &f,
        ],
        model.as_bytes(),
    ));
    let from_file = ok(&run(&[
        "classify",
        "-m",
        s(&m),
        "--level",
        "article",
        "-f",
        "json",
        &f,
    ]));
    assert_eq!(piped, from_file);
    let o = run_stdin(&["classify", "-m", "-"], model.as_bytes());
    assert_eq!(o.status.code(), Some(2), "both from standard input");
    assert!(err(&o).contains("standard input"), "{}", err(&o));
    // eval - reads standard input (its format from the first line).
    let e = json(&run_stdin(&["eval", "-m", s(&m), "-", "-f", "json"], &rows));
    assert_eq!(e["n"], 24);
    let ft = std::fs::read(examples("rows.ft")).unwrap();
    let e = json(&run_stdin(&["eval", "-m", s(&m), "-", "-f", "json"], &ft));
    assert_eq!(e["n"], 24);
    // Unknown shapes on standard input ask for --input-format.
    let o = run_stdin(&["train", "-", "-o", s(&m)], b"topic,body\nx,y\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("--input-format"), "{}", err(&o));
    // -o - on the other commands.
    for cmd in ["classify", "summarize", "analyze"] {
        let o = run_in(Some(dir.path()), &[cmd, &f, "-o", "-"], b"");
        assert!(!ok(&o).is_empty(), "{cmd}");
        assert!(!dir.path().join("-").exists(), "{cmd} made a file named -");
    }
    for args in [
        vec!["eval", "-m", s(&m), s(&examples("rows.jsonl")), "-o", "-"],
        vec!["inspect", "-m", s(&m), "-o", "-"],
    ] {
        let o = run_in(Some(dir.path()), &args, b"");
        assert!(ok(&o).contains("economics"), "{args:?}");
        assert!(!dir.path().join("-").exists());
    }
    // -o FILE on eval writes the report there.
    let report = dir.path().join("report.txt");
    let o = run(&[
        "eval",
        "-m",
        s(&m),
        s(&examples("rows.jsonl")),
        "-o",
        s(&report),
    ]);
    assert_eq!(ok(&o), "");
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .starts_with("units 24 ")
    );
}

#[test]
fn paragraphs_needs_jsonl_and_never_changes_the_rows_result() {
    let f = fixture("business-article.txt").display().to_string();
    // Options that would be ignored are refused instead.
    for args in [
        vec!["analyze", "--jsonl", "-f", "text"],
        vec!["summarize", "--jsonl", "-f", "text"],
        vec!["classify", "--jsonl", "-f", "json"],
        vec!["classify", "--jsonl", "--level", "article"],
    ] {
        let o = run_stdin(&args, b"{\"text\": \"x\"}\n");
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", err(&o));
    }
    let o = run(&["classify", "--paragraphs", &f]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("--jsonl"), "{}", err(&o));
    // A row of several paragraphs: its label and scores are the same with --paragraphs.
    let text = std::fs::read_to_string(&f).unwrap();
    let row = serde_json::json!({"id": "b", "text": text}).to_string() + "\n";
    let plain: Value =
        serde_json::from_str(&ok(&run_stdin(&["classify", "--jsonl"], row.as_bytes()))).unwrap();
    let with: Value = serde_json::from_str(&ok(&run_stdin(
        &["classify", "--jsonl", "--paragraphs"],
        row.as_bytes(),
    )))
    .unwrap();
    assert!(with["paragraphs"].as_array().unwrap().len() > 3);
    for key in ["id", "label", "scores", "tags"] {
        assert_eq!(plain[key], with[key], "{key}");
    }
    // The row's result is its whole text as one unit: the same as --level article on the file.
    let article = json(&run(&["classify", "--level", "article", "-f", "json", &f]));
    assert_eq!(article["label"], plain["label"]);
    assert_eq!(article["scores"], plain["scores"]);
}

#[test]
fn people_count_from_one_and_programs_from_zero_with_spans() {
    let f = fixture("business-article.txt").display().to_string();
    let text = std::fs::read_to_string(&f).unwrap();
    // classify: TSV paragraph N is JSON paragraph index N-1, with the same span.
    let tsv = ok(&run(&["classify", "-f", "tsv", &f]));
    let doc = json(&run(&["classify", "-f", "json", &f]));
    let rows: Vec<Vec<&str>> = tsv
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect();
    let paragraphs = doc["paragraphs"].as_array().unwrap();
    assert_eq!(rows.len(), paragraphs.len());
    assert_eq!(rows[0][1], "1");
    for (row, p) in rows.iter().zip(paragraphs) {
        let n: u64 = row[1].parse().unwrap();
        assert_eq!(n, p["index"].as_u64().unwrap() + 1);
        assert_eq!(row[2], p["start"].to_string());
        assert_eq!(row[3], p["end"].to_string());
    }
    // summarize: a header row, then sentence and paragraph numbers from 1; JSON from 0.
    let tsv = ok(&run(&["summarize", "-n", "3", "-f", "tsv", &f]));
    let mut lines = tsv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "source\tsentence\tparagraph\tstart\tend\tscore\ttext"
    );
    let doc = json(&run(&["summarize", "-n", "3", "-f", "json", &f]));
    let sentences = doc["sentences"].as_array().unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 3);
    for (row, s) in rows.iter().zip(sentences) {
        assert_eq!(row[1], (s["index"].as_u64().unwrap() + 1).to_string());
        assert_eq!(row[2], (s["paragraph"].as_u64().unwrap() + 1).to_string());
        let (start, end): (usize, usize) = (row[3].parse().unwrap(), row[4].parse().unwrap());
        assert_eq!(start, s["start"].as_u64().unwrap() as usize);
        assert_eq!(&text[start..end], s["text"].as_str().unwrap());
    }
    // analyze's text report numbers paragraphs from 1 too.
    let report = ok(&run(&["analyze", &f]));
    let first = report
        .lines()
        .skip_while(|l| *l != "Paragraphs")
        .nth(2)
        .unwrap();
    assert_eq!(first.split_whitespace().next(), Some("1"), "{report}");
}

#[test]
fn help_says_what_each_output_and_default_is() {
    let help = |cmd: &str| ok(&run(&[cmd, "--help"]));
    let summarize = help("summarize");
    assert!(summarize.contains("The chosen sentences, one per line"));
    assert!(summarize.contains("with a header row"));
    assert!(!summarize.contains("A readable table"));
    for cmd in ["classify", "summarize", "analyze"] {
        assert!(help(cmd).contains("*.txt files"), "{cmd}");
    }
    for cmd in ["train", "eval", "cv"] {
        let h = help(cmd);
        for opt in [
            "--input-format",
            "--text-column",
            "--label-column",
            "--unit",
            "--glob",
            "--quiet",
        ] {
            assert!(h.contains(opt), "{cmd} --help lacks {opt}");
        }
    }
    for cmd in [
        "analyze",
        "classify",
        "summarize",
        "train",
        "eval",
        "cv",
        "inspect",
    ] {
        let h = help(cmd);
        assert!(h.contains("-q, --quiet"), "{cmd}");
        assert!(h.contains("-o, --output"), "{cmd}");
        if cmd != "train" {
            assert!(h.contains("-f, --format"), "{cmd}");
        }
        // The same headings in the same order: Input, Output, then the command's own.
        let headings: Vec<&str> = h
            .lines()
            .filter(|l| l.ends_with(':') && !l.starts_with(' '))
            .collect();
        let first = if cmd == "inspect" {
            &["Options:", "Output:", "Model:"][..]
        } else {
            &["Arguments:", "Options:", "Input:", "Output:"][..]
        };
        assert_eq!(&headings[..first.len()], first, "{cmd}: {headings:?}");
    }
}

#[test]
fn folders_read_txt_by_default_and_globs_match_paths_below_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("2025/march")).unwrap();
    std::fs::copy(fixture("wire-article.txt"), d.join("top.txt")).unwrap();
    std::fs::copy(fixture("business-article.txt"), d.join("2025/b.txt")).unwrap();
    std::fs::copy(fixture("general-article.txt"), d.join("2025/march/g.txt")).unwrap();
    std::fs::copy(fixture("sample-article.txt"), d.join("2025/march/s.md")).unwrap();
    let sources = |glob: Option<&str>| -> Vec<String> {
        let mut args = vec!["classify", "-f", "tsv", "--level", "article", s(d)];
        if let Some(g) = glob {
            args.extend(["--glob", g]);
        }
        ok(&run(&args))
            .lines()
            .skip(1)
            .map(|l| {
                let p = l.split('\t').next().unwrap();
                Path::new(p).strip_prefix(d).unwrap().display().to_string()
            })
            .collect()
    };
    assert_eq!(sources(None), ["2025/b.txt", "2025/march/g.txt", "top.txt"]);
    assert_eq!(
        sources(Some("**/*.txt")),
        ["2025/b.txt", "2025/march/g.txt", "top.txt"]
    );
    assert_eq!(sources(Some("2025/*.txt")), ["2025/b.txt"]);
    assert_eq!(sources(Some("*.md")), ["2025/march/s.md"]);
    assert_eq!(
        sources(Some("**/march/*")),
        ["2025/march/g.txt", "2025/march/s.md"]
    );
    // train takes --glob for its label folders: DIR/<label>/… below the folder given.
    let data = d.join("data");
    for (label, text) in [
        (
            "security",
            "Rebels shelled the garrison and troops returned fire.",
        ),
        ("economics", "The central bank raised interest rates again."),
    ] {
        std::fs::create_dir_all(data.join(label)).unwrap();
        for i in 0..3 {
            std::fs::write(data.join(label).join(format!("{i}.md")), text).unwrap();
        }
        std::fs::write(data.join(label).join("x.txt"), text).unwrap();
    }
    let m = d.join("m.model");
    let counts = |glob: Option<&str>| -> Value {
        let mut args = vec!["train", s(&data), "-o", s(&m), "-q"];
        if let Some(g) = glob {
            args.extend(["--glob", g]);
        }
        ok(&run(&args));
        let ins = json(&run(&["inspect", "-m", s(&m), "-f", "json", "--top", "1"]));
        ins["labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["count"].clone())
            .collect()
    };
    assert_eq!(counts(None), serde_json::json!([1, 1]));
    assert_eq!(counts(Some("*.md")), serde_json::json!([3, 3]));
    assert_eq!(counts(Some("*/[01].*")), serde_json::json!([2, 2]));
}

/// Labelled rows whose labels have wide and accented characters, and one model that confuses
/// two of them.
fn wide_label_rows() -> String {
    let mut rows = String::new();
    let items = [
        ("経済", "bank rates inflation market shares"),
        ("sécurité", "rebels troops attack shelling army"),
        (
            "international-relations",
            "envoy treaty summit embassy talks",
        ),
    ];
    for (label, words) in items {
        for i in 0..6 {
            let text = format!("{words} item{i}");
            rows += &serde_json::json!({"text": text, "label": label}).to_string();
            rows.push('\n');
        }
    }
    rows
}

/// Display widths of the confusion matrix's lines, and the lines.
fn matrix_lines(report: &str) -> Vec<&str> {
    report
        .lines()
        .skip_while(|l| !l.starts_with("confusion"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect()
}

#[test]
fn confusion_matrix_has_full_label_names_aligned_for_wide_characters() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("wide.jsonl");
    std::fs::write(&data, wide_label_rows()).unwrap();
    let report = ok(&run(&["cv", s(&data), "--folds", "3", "-q"]));
    let lines = matrix_lines(&report);
    assert_eq!(lines.len(), 4, "{report}");
    for name in ["経済", "sécurité", "international-relations"] {
        assert!(lines[0].contains(name), "header lacks {name}: {report}");
    }
    // Every line of the matrix is as wide on screen as the header, and each count ends
    // where its column's name ends.
    let width = lines[0].width();
    for l in &lines {
        assert_eq!(l.width(), width, "{report}");
    }
    let header_ends: Vec<usize> = column_ends(lines[0]);
    for l in &lines[1..] {
        let ends = column_ends(l);
        assert_eq!(
            ends[ends.len() - 3..],
            header_ends[header_ends.len() - 3..],
            "{report}"
        );
    }
    // The per-label table aligns by display width too.
    let table: Vec<&str> = report
        .lines()
        .skip_while(|l| !l.starts_with("label"))
        .take(4)
        .collect();
    let col = table[0].find("precision").unwrap();
    for l in &table[1..] {
        let (name, rest) = l.split_at(l.find(|c: char| c.is_ascii_digit()).unwrap());
        assert_eq!(name.width(), table[0][..col].width(), "{l:?} in {report}");
        assert!(rest.starts_with(|c: char| c.is_ascii_digit()));
    }
}

/// Display columns where each run of non-space characters ends.
fn column_ends(line: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut col = 0;
    let mut prev_space = true;
    for c in line.chars() {
        let space = c == ' ';
        if space && !prev_space {
            ends.push(col);
        }
        col += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        prev_space = space;
    }
    if !prev_space {
        ends.push(col);
    }
    ends
}

#[test]
fn many_labels_give_a_list_of_top_confusions() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("many.jsonl");
    let mut rows = String::new();
    for l in 0..22 {
        for i in 0..4 {
            // Labels 0 and 1 share their words, so they are confused.
            let word = format!("w{}", if l == 1 { 0 } else { l });
            let text = format!("{word} {word} {word}x common{i}");
            rows +=
                &serde_json::json!({"text": text, "label": format!("label-{l:02}")}).to_string();
            rows.push('\n');
        }
    }
    std::fs::write(&data, rows).unwrap();
    let report = ok(&run(&["cv", s(&data), "--folds", "2", "-q"]));
    assert!(!report.contains("confusion (rows"), "{report}");
    let list: Vec<&str> = report
        .lines()
        .skip_while(|l| !l.starts_with("top confusions"))
        .collect();
    assert!(list[0].contains("22 labels"), "{report}");
    assert!(list.len() > 1 && list.len() <= 21, "{report}");
    assert!(
        list[1].contains("label-00 → label-01") || list[1].contains("label-01 → label-00"),
        "{report}"
    );
}

#[test]
fn eval_errors_lists_the_misclassified_units() {
    let dir = tempfile::tempdir().unwrap();
    let m = example_model(dir.path());
    let test = examples("test.jsonl");
    let report = ok(&run(&["eval", "-m", s(&m), s(&test), "--errors", "5"]));
    let errors: Vec<&str> = report
        .lines()
        .skip_while(|l| !l.starts_with("misclassified"))
        .collect();
    assert!(
        errors[1].starts_with("id") && errors[1].contains("gold") && errors[1].contains("text")
    );
    let doc = json(&run(&[
        "eval",
        "-m",
        s(&m),
        s(&test),
        "--errors",
        "5",
        "-f",
        "json",
    ]));
    let listed = doc["errors"].as_array().unwrap();
    let wrong: u64 = doc["n"].as_u64().unwrap()
        - (doc["accuracy"].as_f64().unwrap() * doc["n"].as_f64().unwrap()).round() as u64;
    assert!(wrong >= 1, "the example test set has a hard row");
    assert_eq!(listed.len() as u64, wrong.min(5));
    assert_eq!(errors.len(), 2 + listed.len(), "{report}");
    let lines = std::fs::read_to_string(&test).unwrap();
    for e in listed {
        assert_ne!(e["gold"], e["predicted"]);
        // The id names the row: test.jsonl#K is the K-th row, whose text starts the listing.
        let id = e["id"].as_str().unwrap();
        let k: usize = id.rsplit('#').next().unwrap().parse().unwrap();
        let row: Value = serde_json::from_str(lines.lines().nth(k - 1).unwrap()).unwrap();
        assert_eq!(row["label"], e["gold"]);
        let start = e["text"].as_str().unwrap().trim_end_matches('…');
        assert!(row["text"].as_str().unwrap().starts_with(start));
        assert!(report.contains(id));
    }
    let scores: Vec<f64> = listed
        .iter()
        .map(|e| e["score"].as_f64().unwrap())
        .collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "most confident first"
    );
    // In a label folder, the id is the file.
    let folder = dir.path().join("test-folder");
    for (k, line) in lines.lines().enumerate() {
        let row: Value = serde_json::from_str(line).unwrap();
        let label_dir = folder.join(row["label"].as_str().unwrap());
        std::fs::create_dir_all(&label_dir).unwrap();
        let file = label_dir.join(format!("{k}.txt"));
        std::fs::write(file, row["text"].as_str().unwrap()).unwrap();
    }
    let doc = json(&run(&[
        "eval",
        "-m",
        s(&m),
        s(&folder),
        "--errors",
        "5",
        "-f",
        "json",
    ]));
    let listed = doc["errors"].as_array().unwrap();
    assert_eq!(listed.len() as u64, wrong.min(5));
    for e in listed {
        let file = Path::new(e["id"].as_str().unwrap());
        let text = std::fs::read_to_string(file).unwrap();
        assert!(text.starts_with(e["text"].as_str().unwrap().trim_end_matches('…')));
        assert_eq!(
            file.parent().unwrap().file_name().unwrap().to_str(),
            e["gold"].as_str()
        );
    }
    // Without --errors, no list.
    let plain = ok(&run(&["eval", "-m", s(&m), s(&test)]));
    assert!(!plain.contains("misclassified"));
    let one = json(&run(&[
        "eval",
        "-m",
        s(&m),
        s(&test),
        "--errors",
        "0",
        "-f",
        "json",
    ]));
    assert_eq!(one["errors"], serde_json::json!([]));
}

#[test]
fn progress_is_silent_when_standard_error_is_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m.model");
    let rows = examples("rows.jsonl");
    let o = run(&["train", s(&rows), "-o", s(&m)]);
    ok(&o);
    // Only the one summary line: no spinner or bar characters, no carriage returns.
    let e = err(&o);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(
        e.starts_with("newsdesk: wrote ") && !e.contains('\r'),
        "{e}"
    );
    for args in [
        vec!["eval", "-m", s(&m), s(&rows)],
        vec!["cv", "--folds", "2", s(&rows)],
    ] {
        let o = run(&args);
        ok(&o);
        assert_eq!(err(&o), "", "{args:?}");
    }
}

#[test]
fn man_pages_cover_every_command_and_its_options() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("new/man1");
    let o = run(&["man", "--dir", s(&out)]);
    assert_eq!(ok(&o), "");
    let top = std::fs::read_to_string(out.join("newsdesk.1")).unwrap();
    assert!(top.contains(".TH newsdesk 1"));
    for (cmd, option) in [
        ("analyze", "min\\-score"),
        ("classify", "paragraphs"),
        ("summarize", "sentences"),
        ("train", "input\\-format"),
        ("eval", "errors"),
        ("cv", "folds"),
        ("inspect", "top"),
        ("completions", "shell"),
        ("man", "dir"),
    ] {
        // The top page refers to each command's page, and that page exists with its options.
        assert!(top.contains(&format!("newsdesk\\-{cmd}(1)")), "{cmd}");
        let page = std::fs::read_to_string(out.join(format!("newsdesk-{cmd}.1"))).unwrap();
        assert!(page.contains(&format!(".TH newsdesk-{cmd} 1")), "{cmd}");
        assert!(page.contains(option), "newsdesk-{cmd}.1 lacks {option}");
        assert_eq!(ok(&run(&["man", cmd])), page, "{cmd}");
    }
    let o = run(&["man", "nosuch"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("classify"), "{}", err(&o));
}

#[test]
fn progress_shows_phases_on_a_terminal_unless_quiet() {
    let bin = env!("CARGO_BIN_EXE_newsdesk");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("training-data");
    // Long enough (thousands of paragraphs) for the status line to be drawn in each phase.
    let cv = format!(
        "{bin} cv --folds 2 --unit paragraph {} > /dev/null",
        s(&data)
    );
    let Some(shown) = on_a_terminal(&cv) else {
        eprintln!("no `script` command: the terminal case is not checked here");
        return;
    };
    for phase in [
        "newsdesk: ",
        "reading ",
        "fold 1 of 2: training on",
        "fold 2 of 2: scoring [",
        "left)",
    ] {
        assert!(shown.contains(phase), "{phase:?} not shown: {shown:?}");
    }
    assert!(!shown.contains("░"), "a frame without the phase: {shown:?}");
    let quiet = on_a_terminal(&format!("{cv} -q")).unwrap();
    assert_eq!(quiet, "");
}
