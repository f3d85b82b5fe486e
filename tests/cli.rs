//! End-to-end tests of the `newsdesk` binary: commands, formats, exit codes and messages.

mod common;
use common::*;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

fn expect_error(o: &Output, code: i32, needles: &[&str]) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "stdout: {} stderr: {}",
        out(o),
        err(o)
    );
    let message = err(o);
    for n in needles {
        assert!(message.contains(n), "stderr lacks {n:?}: {message}");
    }
    assert!(!message.contains("panicked"), "{message}");
}

// ------------------------------------------------------------------ analyze and structure

#[test]
fn analyze_json_gives_structure_topics_and_summary_of_the_sample_article() {
    let path = fixture("sample-article.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let v = json(&run(&[
        "analyze",
        "--format",
        "json",
        path.to_str().unwrap(),
    ]));
    let blocks = v["blocks"].as_array().unwrap();
    let kinds = |k: &str| {
        blocks
            .iter()
            .filter(|b| b["kind"] == k)
            .map(|b| b["text"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(kinds("metadata"), ["date 2025-06-14"]);
    assert_eq!(
        kinds("heading"),
        ["Diplomatic fallout", "Investors on edge"]
    );
    assert_eq!(kinds("boilerplate"), ["More From This Section"]);
    let teasers = kinds("teaser");
    assert_eq!(teasers.len(), 2);
    assert!(teasers.iter().all(|t| t.starts_with("ALSO READ:")));
    assert_eq!(
        teasers[0],
        "ALSO READ: Gas exporters weigh the cost of longer shipping routes"
    );
    assert!(v["title"].is_null(), "the sample has no title line");
    // Every block span slices the original file to exactly its text.
    for b in blocks {
        let (s, e) = (
            b["start"].as_u64().unwrap() as usize,
            b["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], b["text"].as_str().unwrap());
    }
    let paragraphs = v["paragraphs"].as_array().unwrap();
    assert_eq!(paragraphs.len(), 13);
    assert!(
        paragraphs[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Insurgents armed"),
        "date marker cut off the first paragraph"
    );
    assert!(
        paragraphs[3]["text"]
            .as_str()
            .unwrap()
            .starts_with("The 600-kilometre pipeline"),
        "teaser cut off"
    );
    assert!(
        paragraphs
            .iter()
            .all(|p| !p["text"].as_str().unwrap().contains("ALSO READ"))
    );
    // The built-in model tags the attack paragraphs as security and the market ones as economics.
    assert_eq!(paragraphs[0]["label"], "security");
    assert_eq!(paragraphs[10]["label"], "economics");
    let scores = v["scores"].as_object().unwrap();
    let sum: f64 = scores.values().map(|x| x.as_f64().unwrap()).sum();
    assert!((sum - 1.0).abs() < 1e-3, "{sum}");
    // Summary: three sentences from paragraphs, spans exact, none from headings or teasers.
    let summary = v["summary"].as_array().unwrap();
    assert_eq!(summary.len(), 3);
    for s in summary {
        let (st, en) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[st..en], s["text"].as_str().unwrap());
        assert!(s["topic"].is_string());
        assert!(!s["text"].as_str().unwrap().contains("ALSO READ"));
    }
}

#[test]
fn analyze_jsonl_rows_and_several_files() {
    let text = std::fs::read_to_string(fixture("sample-article.txt")).unwrap();
    let rows = format!(
        "{}\n{}\n",
        serde_json::json!({"id": "a", "text": text}),
        serde_json::json!({"id": "b", "text": "Gunmen attacked a police post overnight, killing two officers, the army said."})
    );
    let out = jsonl(&run_stdin(&["analyze", "--jsonl"], rows.as_bytes()));
    assert_eq!(out.len(), 2);
    assert_eq!(out[0]["id"], "a");
    assert_eq!(out[0]["paragraphs"].as_array().unwrap().len(), 13);
    assert_eq!(out[0]["summary"].as_array().unwrap().len(), 3);
    assert_eq!(out[1]["id"], "b");
    assert_eq!(out[1]["label"], "security");
    let many = json(&run(&[
        "analyze",
        "--format",
        "json",
        fixture("wire-article.txt").to_str().unwrap(),
        fixture("business-article.txt").to_str().unwrap(),
    ]));
    assert_eq!(many.as_array().unwrap().len(), 2);
    assert_eq!(many[1]["label"], "economics");
}

#[test]
fn analyze_text_report_for_people() {
    let o = run(&["analyze", fixture("business-article.txt").to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    let out = out(&o);
    assert!(
        out.starts_with("Bank Indonesia holds rates steady"),
        "{out}"
    );
    assert!(out.contains("Published: 12 March 2025, 09:40 GMT"));
    assert!(out.contains("Topics") && out.contains("Paragraphs") && out.contains("Summary"));
    assert!(out.contains("economics"));
    assert!(out.contains('█'), "bars are drawn");
    assert!(
        !out.contains("All rights reserved"),
        "boilerplate is not shown as prose"
    );
}

#[test]
fn wire_article_dateline_title_and_byline_lines() {
    let path = fixture("wire-article.txt");
    let v = json(&run(&[
        "analyze",
        "--format",
        "json",
        path.to_str().unwrap(),
    ]));
    let blocks = v["blocks"].as_array().unwrap();
    assert_eq!(blocks[0]["kind"], "title");
    assert_eq!(blocks[1]["kind"], "dateline");
    assert_eq!(blocks[1]["text"], "ADDIS ABABA (Reuters) -");
    assert!(
        blocks
            .iter()
            .any(|b| b["kind"] == "heading" && b["text"] == "FINANCING QUESTIONS")
    );
    assert!(
        v["paragraphs"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Ethiopia and Djibouti")
    );
}

// ------------------------------------------------------------------ classify

#[test]
fn classify_text_table_and_article_level() {
    let path = fixture("business-article.txt");
    let o = run(&["classify", path.to_str().unwrap()]);
    assert!(o.status.success());
    let out = out(&o);
    assert!(out.lines().next().unwrap().contains(": economics"), "{out}");
    assert!(out.lines().filter(|l| l.contains("economics")).count() >= 8);
    let v = json(&run(&[
        "classify",
        "--level",
        "article",
        "--format",
        "json",
        path.to_str().unwrap(),
    ]));
    assert_eq!(v["label"], "economics");
    assert_eq!(v["tags"], serde_json::json!(["economics"]));
    assert!(v.get("paragraphs").is_none(), "{v}");
}

#[test]
fn classify_jsonl_rows_keep_order_ids_and_shape() {
    let rows = [
        (
            "a1",
            "Militants ambushed an army convoy near the border, killing six soldiers.",
        ),
        (
            "a2",
            "The central bank raised interest rates to curb inflation as the currency fell.",
        ),
        (
            "a3",
            "Foreign ministers of both countries met at the summit and signed a treaty.",
        ),
    ];
    let mut input = String::new();
    for (id, text) in rows {
        input += &serde_json::json!({"id": id, "text": text, "extra": 1}).to_string();
        input.push('\n');
    }
    input += "{\"text\": \"No id on this one: the striker scored twice in the cup final.\"}\n";
    let out = jsonl(&run_stdin(&["classify", "--jsonl"], input.as_bytes()));
    assert_eq!(out.len(), 4);
    assert_eq!(out[0]["id"], "a1");
    assert_eq!(out[0]["label"], "security");
    assert_eq!(out[1]["label"], "economics");
    assert_eq!(out[2]["label"], "diplomacy");
    assert_eq!(out[3]["id"], 4, "a row without id gets its line number");
    for r in &out {
        let obj = r.as_object().unwrap();
        let mut keys: Vec<&str> = obj.keys().map(|k| k.as_str()).collect();
        keys.sort();
        assert_eq!(keys, ["id", "label", "scores", "tags"]);
        let sum: f64 = r["scores"]
            .as_object()
            .unwrap()
            .values()
            .map(|x| x.as_f64().unwrap())
            .sum();
        assert!((sum - 1.0).abs() < 1e-3);
        for t in r["tags"].as_array().unwrap() {
            assert!(r["scores"][t.as_str().unwrap()].as_f64().unwrap() >= 0.5);
        }
        assert_eq!(
            r["tags"][0], r["label"],
            "a confident top label is the first tag"
        );
    }
    // A stricter threshold empties the tags; --paragraphs adds paragraph results.
    let strict = jsonl(&run_stdin(
        &["classify", "--jsonl", "--min-score", "1"],
        input.as_bytes(),
    ));
    assert!(
        strict
            .iter()
            .all(|r| r["tags"].as_array().unwrap().is_empty())
    );
    let paras = jsonl(&run_stdin(
        &["classify", "--jsonl", "--paragraphs"],
        input.as_bytes(),
    ));
    assert_eq!(paras[0]["paragraphs"].as_array().unwrap().len(), 1);
    assert_eq!(paras[0]["paragraphs"][0]["label"], "security");
}

/// One known term is too little evidence: no tags, equal scores and the catch-all label, in
/// the table and in JSONL; a second known term gives the text a topic.
#[test]
fn classify_a_text_with_one_known_term_gives_no_topic() {
    let o = run_stdin(&["classify"], b"The text\n");
    assert!(o.status.success());
    let first = out(&o).lines().next().unwrap().to_string();
    assert!(first.contains(": general 0.25  tags: -"), "{first}");
    let input = "{\"id\": 1, \"text\": \"The text\"}\n{\"id\": 2, \"text\": \"The treaty text\"}\n";
    let rows = jsonl(&run_stdin(&["classify", "--jsonl"], input.as_bytes()));
    assert_eq!(rows[0]["label"], "general");
    assert_eq!(rows[0]["tags"], serde_json::json!([]));
    assert_eq!(rows[0]["scores"]["diplomacy"], 0.25);
    assert_eq!(rows[1]["label"], "diplomacy");
    assert_eq!(rows[1]["tags"], serde_json::json!(["diplomacy"]));
}

#[test]
fn classify_jsonl_output_is_identical_on_one_and_many_threads() {
    let texts = [
        "Rebels shelled the town.",
        "Stocks rallied as bond yields fell.",
        "The envoy met the foreign minister.",
        "The team won the league title.",
    ];
    let input: String = (0..3000)
        .map(|i| serde_json::json!({"id": i, "text": texts[i % 4]}).to_string() + "\n")
        .collect();
    let one = run_stdin(&["classify", "--jsonl", "--threads", "1"], input.as_bytes());
    let four = run_stdin(&["classify", "--jsonl", "--threads", "4"], input.as_bytes());
    assert!(one.status.success() && four.status.success());
    assert_eq!(one.stdout, four.stdout);
    let ids: Vec<i64> = jsonl(&four)
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, (0..3000).collect::<Vec<_>>());
}

#[test]
fn multi_process_recipe_matches_one_process() {
    // What `split -n l/3 | parallel` or Hadoop Streaming does: independent processes on chunks,
    // outputs concatenated in chunk order.
    let texts = [
        "Troops crossed the border at dawn.",
        "Inflation slowed for a third month.",
        "The summit ended with a joint statement.",
    ];
    let lines: Vec<String> = (0..900)
        .map(|i| serde_json::json!({"id": format!("r{i}"), "text": texts[i % 3]}).to_string())
        .collect();
    let whole = lines.join("\n") + "\n";
    let single = run_stdin(&["classify", "--jsonl"], whole.as_bytes());
    let mut concatenated = Vec::new();
    let children: Vec<_> = lines
        .chunks(300)
        .map(|chunk| {
            let input = chunk.join("\n") + "\n";
            std::thread::spawn(move || {
                run_stdin(&["classify", "--jsonl", "--threads", "1"], input.as_bytes())
            })
        })
        .collect();
    for c in children {
        let o = c.join().unwrap();
        assert!(o.status.success());
        concatenated.extend(o.stdout);
    }
    assert_eq!(single.stdout, concatenated);
}

#[test]
fn classify_folder_input_tsv_and_atomic_output_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::write(
        dir.path().join("in/a.txt"),
        "Shares fell sharply after the profit warning.",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("in/b.txt"),
        "Gunmen attacked a police station overnight.",
    )
    .unwrap();
    std::fs::write(dir.path().join("in/skip.md"), "not matched").unwrap();
    let out_path = dir.path().join("tags.tsv");
    let o = run(&[
        "classify",
        "--format",
        "tsv",
        "-o",
        out_path.to_str().unwrap(),
        dir.path().join("in").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", err(&o));
    let tsv = std::fs::read_to_string(&out_path).unwrap();
    let lines: Vec<&str> = tsv.lines().collect();
    assert_eq!(
        lines[0],
        "source\tparagraph\tstart\tend\tlabel\tscore\ttags\ttext"
    );
    assert_eq!(lines.len(), 3);
    assert!(lines[1].contains("a.txt") && lines[1].contains("\teconomics\t"));
    assert!(lines[2].contains("b.txt") && lines[2].contains("\tsecurity\t"));
    // A failing run leaves the earlier output intact.
    let o = run(&[
        "classify",
        "-o",
        out_path.to_str().unwrap(),
        dir.path().join("missing.txt").to_str().unwrap(),
    ]);
    expect_error(&o, 1, &["missing.txt"]);
    assert_eq!(std::fs::read_to_string(&out_path).unwrap(), tsv);
}

#[test]
fn closed_pipe_ends_quietly() {
    let input: String = (0..20000)
        .map(|i| {
            serde_json::json!({"id": i, "text": "Oil prices rose again on supply fears."})
                .to_string()
                + "\n"
        })
        .collect();
    let mut child = bin()
        .args(["classify", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    // Read one line, then close our end, as `| head -1` does.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    let n = std::io::Read::read(&mut stdout, &mut first).unwrap();
    assert!(n > 0);
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    assert!(err(&out).is_empty(), "{}", err(&out));
}

// ------------------------------------------------------------------ summarize

#[test]
fn summarize_length_controls_and_exclusions() {
    let path = fixture("sample-article.txt");
    let p = path.to_str().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let two = run(&["summarize", "-n", "2", p]);
    assert_eq!(out(&two).lines().count(), 2);
    for line in out(&two).lines() {
        assert!(
            text.contains(line),
            "summary lines are sentences of the article"
        );
        assert!(
            !line.contains("ALSO READ")
                && !line.starts_with("date ")
                && line != "Diplomatic fallout"
        );
    }
    let words = json(&run(&["summarize", "--words", "60", "--format", "json", p]));
    let total: usize = words["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap().split_whitespace().count())
        .sum();
    assert!(total <= 60 && total > 0, "{total}");
    let ratio = json(&run(&[
        "summarize",
        "--ratio",
        "0.5",
        "--format",
        "json",
        p,
    ]));
    let all = json(&run(&["summarize", "--ratio", "1", "--format", "json", p]));
    let (half, full) = (
        ratio["sentences"].as_array().unwrap().len(),
        all["sentences"].as_array().unwrap().len(),
    );
    assert!(half < full && half * 2 >= full - 2, "{half} of {full}");
    // JSON shape: index, paragraph, byte span, score, paragraph topic; document order by default.
    let idx: Vec<u64> = all["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["index"].as_u64().unwrap())
        .collect();
    assert!(idx.windows(2).all(|w| w[0] < w[1]));
    for s in all["sentences"].as_array().unwrap() {
        let (a, b) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[a..b], s["text"].as_str().unwrap());
        assert!(s["score"].is_number() && s["paragraph"].is_number() && s["topic"].is_string());
        assert!(
            s["text"].as_str().unwrap().split_whitespace().count() >= 8,
            "no fragments"
        );
    }
    let by_score = json(&run(&[
        "summarize",
        "-n",
        "3",
        "--order",
        "score",
        "--format",
        "json",
        p,
    ]));
    let scores: Vec<f64> = by_score["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]));
}

#[test]
fn summarize_stdin_jsonl_and_topic_focus() {
    let text = std::fs::read(fixture("sample-article.txt")).unwrap();
    let o = run_stdin(&["summarize", "-n", "1"], &text);
    assert_eq!(out(&o).lines().count(), 1);
    let rows = format!(
        "{}\n{}\n",
        serde_json::json!({"id": "x", "text": String::from_utf8(text.clone()).unwrap()}),
        serde_json::json!({"id": "y", "text": "Too short."})
    );
    let out = jsonl(&run_stdin(
        &["summarize", "--jsonl", "-n", "2"],
        rows.as_bytes(),
    ));
    assert_eq!(out.len(), 2);
    assert_eq!(out[0]["id"], "x");
    assert_eq!(out[0]["sentences"].as_array().unwrap().len(), 2);
    assert!(out[0]["summary"].as_str().unwrap().len() > 50);
    assert_eq!(
        out[1]["sentences"].as_array().unwrap().len(),
        1,
        "a short text still gets its one sentence"
    );
    let focused = json(&run(&[
        "summarize",
        "-n",
        "2",
        "--topic",
        "economics",
        "--format",
        "json",
        fixture("sample-article.txt").to_str().unwrap(),
    ]));
    for s in focused["sentences"].as_array().unwrap() {
        assert_eq!(s["topic"], "economics", "{s}");
    }
    let bad = run(&[
        "summarize",
        "--topic",
        "sport",
        fixture("sample-article.txt").to_str().unwrap(),
    ]);
    expect_error(&bad, 2, &["sport", "economics"]);
}

// ------------------------------------------------------------------ train, eval, cv, inspect

const TRAIN_ROWS: &[(&str, &str)] = &[
    (
        "Troops shelled rebel positions near the border overnight.",
        "security",
    ),
    (
        "Militants ambushed an army patrol and killed four soldiers.",
        "security",
    ),
    (
        "A suicide bomber struck a checkpoint outside the capital.",
        "security",
    ),
    (
        "The army launched air strikes on insurgent camps.",
        "security",
    ),
    (
        "Gunmen kidnapped two engineers working on the dam.",
        "security",
    ),
    (
        "The central bank raised interest rates to fight inflation.",
        "economics",
    ),
    (
        "Shares fell after the company cut its profit forecast.",
        "economics",
    ),
    (
        "Exports grew and the trade deficit narrowed last quarter.",
        "economics",
    ),
    (
        "Bond yields climbed as investors sold government debt and rates rose.",
        "economics",
    ),
    (
        "The currency slid to a record low against the dollar.",
        "economics",
    ),
];

fn write_training_files(dir: &Path) -> Vec<PathBuf> {
    let jsonl: String = TRAIN_ROWS
        .iter()
        .map(|(t, l)| serde_json::json!({"text": t, "label": l}).to_string() + "\n")
        .collect();
    let csv: String = std::iter::once("label,text\n".to_string())
        .chain(TRAIN_ROWS.iter().map(|(t, l)| format!("{l},\"{t}\"\n")))
        .collect();
    let tsv: String = std::iter::once("text\tlabel\n".to_string())
        .chain(TRAIN_ROWS.iter().map(|(t, l)| format!("{t}\t{l}\n")))
        .collect();
    let ft: String = TRAIN_ROWS
        .iter()
        .map(|(t, l)| format!("__label__{l} {t}\n"))
        .collect();
    let folder = dir.join("folder");
    for (i, (t, l)) in TRAIN_ROWS.iter().enumerate() {
        std::fs::create_dir_all(folder.join(l)).unwrap();
        std::fs::write(folder.join(l).join(format!("{i}.txt")), t).unwrap();
    }
    let files = [
        ("rows.jsonl", jsonl),
        ("rows.csv", csv),
        ("rows.tsv", tsv),
        ("rows.ft.txt", ft),
    ];
    let mut paths: Vec<PathBuf> = files
        .iter()
        .map(|(n, c)| {
            let p = dir.join(n);
            std::fs::write(&p, c).unwrap();
            p
        })
        .collect();
    paths.push(folder);
    paths
}

#[test]
fn train_from_every_format_then_classify_eval_and_inspect() {
    let dir = tempfile::tempdir().unwrap();
    for input in write_training_files(dir.path()) {
        let model = dir.path().join("m.json");
        let o = run(&[
            "train",
            input.to_str().unwrap(),
            "-o",
            model.to_str().unwrap(),
            "-q",
        ]);
        assert!(o.status.success(), "{}: {}", input.display(), err(&o));
        let out = jsonl(&run_stdin(
            &["classify", "--jsonl", "-m", model.to_str().unwrap()],
            b"{\"text\": \"Rebels attacked the army post.\"}\n{\"text\": \"Inflation and interest rates rose.\"}\n",
        ));
        assert_eq!(out[0]["label"], "security", "{}", input.display());
        assert_eq!(out[1]["label"], "economics", "{}", input.display());
    }
    let model = dir.path().join("m.json");
    let jsonl_path = dir.path().join("rows.jsonl");
    let rep = json(&run(&[
        "eval",
        "-m",
        model.to_str().unwrap(),
        jsonl_path.to_str().unwrap(),
        "--format",
        "json",
    ]));
    assert_eq!(rep["n"], 10);
    assert!(rep["accuracy"].as_f64().unwrap() >= 0.9);
    assert_eq!(rep["confusion"].as_array().unwrap().len(), 2);
    let text = out(&run(&[
        "eval",
        "-m",
        model.to_str().unwrap(),
        jsonl_path.to_str().unwrap(),
    ]));
    assert!(text.contains("macro-F1") && text.contains("confusion"));
    // Calibration per length bucket: the rows are all headline-length (under 13 words).
    assert!(text.contains("1-12 words"), "{text}");
    assert_eq!(rep["by_length"][0]["words"], "1-12");
    assert_eq!(rep["by_length"][0]["n"], 10);
    let cv = out(&run(&[
        "cv",
        jsonl_path.to_str().unwrap(),
        "--folds",
        "5",
        "-q",
    ]));
    assert!(cv.starts_with("units 10"), "{cv}");
    let ins = json(&run(&[
        "inspect",
        "-m",
        model.to_str().unwrap(),
        "--format",
        "json",
        "--top",
        "3",
    ]));
    assert_eq!(ins["labels"][0]["label"], "economics");
    assert_eq!(ins["labels"][0]["count"], 5);
    assert_eq!(ins["labels"][0]["top_terms"].as_array().unwrap().len(), 3);
}

#[test]
fn training_options_change_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("rows.jsonl");
    write_training_files(dir.path());
    let model = |extra: &[&str]| -> Value {
        let m = dir.path().join("opt.json");
        let mut args = vec![
            "train",
            data.to_str().unwrap(),
            "-o",
            m.to_str().unwrap(),
            "-q",
        ];
        args.extend_from_slice(extra);
        let o = run(&args);
        assert!(o.status.success(), "{extra:?}: {}", err(&o));
        serde_json::from_slice(&std::fs::read(&m).unwrap()).unwrap()
    };
    let base = model(&[]);
    let terms = |v: &Value| v["vectorizer"]["terms"].as_array().unwrap().len();
    assert!(
        base["vectorizer"]["terms"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t.as_str().unwrap().contains(' ')),
        "bigrams by default"
    );
    assert!(terms(&model(&["--no-bigrams"])) < terms(&base));
    assert_eq!(terms(&model(&["--max-features", "7"])), 7);
    assert!(terms(&model(&["--min-df", "2"])) < terms(&base));
    assert_eq!(model(&["--alpha", "0.7"])["meta"]["alpha"], 0.7);
    assert_eq!(
        model(&["--language", "none"])["vectorizer"]["analyzer"]["language"],
        "none"
    );
    assert!(
        model(&["--stop-words", "none"])["vectorizer"]["terms"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "the")
    );
    assert!(model(&["--calibration-folds", "0"])["meta"]["calibration"].is_null());
    assert_eq!(base["weighting"], "multinomial");
    let complement = model(&["--weighting", "complement", "--catch-all", "economics"]);
    assert_eq!(complement["weighting"], "complement");
    assert_eq!(complement["catch_all"], "economics");
    let o = run(&[
        "train",
        data.to_str().unwrap(),
        "--catch-all",
        "sport",
        "-o",
        dir.path().join("x.json").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("--catch-all sport"), "{}", err(&o));
}

#[test]
fn builtin_model_is_reproducible_from_training_data() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("topics.json");
    let root = env!("CARGO_MANIFEST_DIR");
    let o = bin()
        .current_dir(root)
        .args([
            "train",
            "training-data",
            "--unit",
            "block",
            "--catch-all",
            "general",
            "--drop-numbers",
            "--alpha",
            "1",
            "--min-df",
            "2",
            "-q",
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", err(&o));
    let shipped = std::fs::read(Path::new(root).join("models/topics.json")).unwrap();
    assert!(
        std::fs::read(&out).unwrap() == shipped,
        "models/topics.json is stale: retrain it with the command in README.md"
    );
}

// ------------------------------------------------------------------ errors and exit codes

#[test]
fn usage_errors_exit_2() {
    let f = fixture("sample-article.txt");
    let f = f.to_str().unwrap();
    expect_error(&run(&["summarize", "-n", "0", f]), 2, &["--sentences"]);
    expect_error(&run(&["summarize", "--ratio", "2", f]), 2, &["--ratio"]);
    expect_error(
        &run(&["classify", "--min-score", "1.5", f]),
        2,
        &["--min-score"],
    );
    expect_error(
        &run(&["train", f, "-o", "/tmp/x.json", "--alpha", "-1"]),
        2,
        &["--alpha"],
    );
    expect_error(
        &run(&["train", f, "-o", "/tmp/x.json", "--language", "klingon"]),
        2,
        &["klingon", "english"],
    );
    expect_error(&run(&["frobnicate"]), 2, &["frobnicate"]);
    assert_eq!(run(&["--help"]).status.code(), Some(0));
}

#[test]
fn bad_files_name_the_problem_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    expect_error(
        &run(&["classify", d.join("nope.txt").to_str().unwrap()]),
        1,
        &["nope.txt"],
    );
    expect_error(
        &run(&["classify", "-m", d.to_str().unwrap(), "x.txt"]),
        1,
        &["directory"],
    );
    expect_error(
        &run(&["train", "x.jsonl", "-o", d.to_str().unwrap()]),
        1,
        &["x.jsonl"],
    );
    expect_error(
        &run(&["analyze", d.to_str().unwrap()]),
        1,
        &["no files matching"],
    );
    // Malformed training rows name file, line and field.
    let bad = d.join("bad.jsonl");
    let model = d.join("m");
    for (rows, needles) in [
        (
            "{\"text\":\"ok\",\"label\":\"a\"}\n{\"text\":\"x\"}\n",
            &["bad.jsonl:2", "\"label\""][..],
        ),
        (
            "{\"text\":\"ok\",\"label\":\"a\"}\n{\"text\": [1], \"label\":\"b\"}\n",
            &["bad.jsonl:2", "an array"][..],
        ),
        (
            "{\"text\":\"ok\",\"label\":\"a\"}\n{\"text\":\"fine\",\"label\":\"a\"}\n",
            &["two labels"][..],
        ),
    ] {
        std::fs::write(&bad, rows).unwrap();
        let o = run(&[
            "train",
            bad.to_str().unwrap(),
            "-o",
            model.to_str().unwrap(),
        ]);
        expect_error(&o, 1, needles);
    }
    let csv = d.join("bad.csv");
    std::fs::write(&csv, "text,label\n\"unterminated,a\n").unwrap();
    let o = run(&[
        "train",
        csv.to_str().unwrap(),
        "-o",
        d.join("m").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    // Bad JSONL input rows for classify name the line.
    let o = run_stdin(&["classify", "--jsonl"], b"{\"text\":\"fine\"}\nnot json\n");
    expect_error(&o, 1, &["standard input:2", "not valid JSON"]);
    let o = run_stdin(&["classify", "--jsonl"], b"{\"id\": 1}\n");
    expect_error(&o, 1, &["standard input:1", "\"text\""]);
}

#[test]
fn bad_models_are_refused_with_the_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let shipped =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/topics.json")).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.json", Vec::new(), "empty"),
        (
            "truncated.json",
            shipped[..shipped.len() / 2].to_vec(),
            "truncated",
        ),
        (
            "other.json",
            b"{\"hello\": \"world\"}".to_vec(),
            "does not say",
        ),
        (
            "newer.json",
            {
                let mut v: Value = serde_json::from_slice(&shipped).unwrap();
                v["format_version"] = 7.into();
                serde_json::to_vec(&v).unwrap()
            },
            "upgrade newsdesk",
        ),
        (
            "binary.bin",
            vec![0xff, 0x00, 0x13, 0x37],
            "not valid model JSON",
        ),
        (
            "overflow.json",
            {
                // Found by fuzzing: huge negative log-probabilities overflowed scoring into NaN.
                let mut v: Value = serde_json::from_slice(&shipped).unwrap();
                v["log_priors"] = serde_json::json!([-1.7e308, -1.7e308, -1.7e308, -1.7e308]);
                serde_json::to_vec(&v).unwrap()
            },
            "out of range",
        ),
    ];
    for (name, bytes, needle) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let o = run(&[
            "classify",
            "-m",
            p.to_str().unwrap(),
            fixture("sample-article.txt").to_str().unwrap(),
        ]);
        expect_error(&o, 1, &[name, needle]);
    }
}

#[test]
fn failed_training_keeps_the_existing_model() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.json");
    std::fs::write(&model, "precious").unwrap();
    let bad = dir.path().join("one-label.jsonl");
    std::fs::write(&bad, "{\"text\":\"a b c\",\"label\":\"x\"}\n").unwrap();
    let o = run(&[
        "train",
        bad.to_str().unwrap(),
        "-o",
        model.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&model).unwrap(), "precious");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "no temporary file left behind"
    );
    // An unwritable destination is an error, not a panic.
    let o = run(&[
        "train",
        dir.path()
            .join("../")
            .join("no/such/dir/m.json")
            .to_str()
            .unwrap(),
        "-o",
        "/proc/newsdesk-cannot-write/m.json",
    ]);
    assert_ne!(o.status.code(), Some(0));
}

#[test]
fn odd_input_text_never_crashes() {
    let cases: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"   \n\n\t  \n".to_vec(),
        b"\x93Caf\xe9 prices\x94 rose sharply in Paris on Monday.".to_vec(),
        b"Oil\x00 prices\x00 rose.".to_vec(),
        vec![0x00, 0xff, 0xfe, 0x01, 0x80, 0x90],
        "\u{200F}مرحبا بالعالم 👋 e\u{301}te\u{301} 北京和上海的谈判已经结束"
            .as_bytes()
            .to_vec(),
        "word ".repeat(200_000).into_bytes(),
    ];
    for (i, input) in cases.iter().enumerate() {
        for args in [
            &["analyze", "--format", "json"][..],
            &["summarize", "-n", "2"][..],
            &["classify"][..],
        ] {
            let o = run_stdin(args, input);
            assert_eq!(o.status.code(), Some(0), "case {i} {args:?}: {}", err(&o));
        }
    }
    let o = run_stdin(&["classify"], b"\x93Caf\xe9\x94 talks");
    assert!(err(&o).contains("Windows-1252"), "{}", err(&o));
}

// ------------------------------------------------------------------ completions and man page

#[test]
fn completions_and_man_page_are_generated() {
    for shell in ["bash", "zsh", "fish"] {
        let o = run(&["completions", shell]);
        assert!(o.status.success());
        let s = out(&o);
        assert!(s.contains("newsdesk") && s.contains("summarize"), "{shell}");
    }
    let man = out(&run(&["man"]));
    assert!(man.contains(".TH") && man.contains("newsdesk"));
}

#[test]
fn training_warnings_for_rare_labels_and_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("rows.jsonl");
    let mut rows: String = TRAIN_ROWS
        .iter()
        .map(|(t, l)| serde_json::json!({"text": t, "label": l}).to_string() + "\n")
        .collect();
    rows += &serde_json::json!({"text": TRAIN_ROWS[0].0, "label": TRAIN_ROWS[0].1}).to_string();
    rows += "\n";
    let other = TRAIN_ROWS
        .iter()
        .find(|r| r.1 != TRAIN_ROWS[1].1)
        .unwrap()
        .1;
    rows += &serde_json::json!({"text": TRAIN_ROWS[1].0, "label": other}).to_string();
    rows += "\n";
    rows +=
        &serde_json::json!({"text": "The striker scored twice in the final.", "label": "sport"})
            .to_string();
    rows += "\n";
    std::fs::write(&data, rows).unwrap();
    let o = run(&[
        "train",
        data.to_str().unwrap(),
        "-o",
        dir.path().join("m.json").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", err(&o));
    let warnings = err(&o);
    assert!(
        warnings.contains("label 'sport' has only 1 training unit"),
        "{warnings}"
    );
    assert!(warnings.contains("1 duplicate row"), "{warnings}");
    let conflict = format!(
        "1 text(s) appear under more than one label (kept), e.g. \"{}",
        TRAIN_ROWS[1]
            .0
            .split_whitespace()
            .take(8)
            .collect::<Vec<_>>()
            .join(" ")
    );
    assert!(warnings.contains(&conflict), "{warnings}");
    assert!(
        warnings.contains(&format!("under '{}' and '{other}'", TRAIN_ROWS[1].1)),
        "{warnings}"
    );
    let quiet = run(&[
        "train",
        data.to_str().unwrap(),
        "-o",
        dir.path().join("m.json").to_str().unwrap(),
        "--quiet",
    ]);
    assert!(
        quiet.status.success() && quiet.stderr.is_empty(),
        "{}",
        err(&quiet)
    );
}

#[test]
fn a_full_disk_on_standard_output_is_a_clear_error() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return;
    };
    let o = bin()
        .args(["classify", fixture("sample-article.txt").to_str().unwrap()])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("No space left"), "{}", err(&o));
}

#[test]
fn unreadable_paths_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    std::fs::write(&file, "text").unwrap();
    // A path through a regular file cannot be opened, even by root.
    let through = file.join("inner.txt");
    let o = run(&["summarize", through.to_str().unwrap()]);
    expect_error(&o, 1, &["inner.txt"]);
    let o = run(&[
        "train",
        through.to_str().unwrap(),
        "-o",
        dir.path().join("m.json").to_str().unwrap(),
    ]);
    expect_error(&o, 1, &["inner.txt"]);
}
