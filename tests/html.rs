//! End-to-end tests of web page input: `newsdesk extract`, pages in the other commands, and
//! bad pages. The fixture pages in tests/fixtures/pages were written for these tests.

mod common;
use common::*;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};

fn page(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pages")
        .join(name)
}

/// The README's example page (tests/examples/page.html), written for these docs and tests.
fn grain_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/examples/page.html")
}

fn grain() -> String {
    grain_path().display().to_string()
}

fn grain_html() -> String {
    std::fs::read_to_string(grain_path()).unwrap()
}

#[test]
fn extract_prints_the_article_body_only() {
    let body = ok(&run(&["extract", &grain()]));
    let paragraphs: Vec<&str> = body.trim_end().split("\n\n").collect();
    assert_eq!(paragraphs.len(), 8, "{body}");
    assert!(paragraphs[0].starts_with("The first bulk carriers in three months"));
    // Headings and list items are paragraphs of their own.
    assert_eq!(paragraphs[2], "Insurers return");
    assert_eq!(
        paragraphs[5],
        "Wheat makes up about two thirds of the waiting cargo."
    );
    assert!(paragraphs[7].starts_with("Farmers' groups welcomed"));
    for junk in [
        "Grain exports resume",
        "Ilse Varga",
        "Sport",
        "Share on social media",
        "First! Great news",
        "Rail strike",
        "All rights reserved",
        "tracking",
        "display",
    ] {
        assert!(!body.contains(junk), "{junk:?} in {body}");
    }
}

#[test]
fn extract_json_gives_metadata_and_the_same_paragraphs() {
    let doc: Value =
        serde_json::from_str(&ok(&run(&["extract", "--format", "json", &grain()]))).unwrap();
    assert_eq!(
        doc["title"],
        "Grain exports resume through the southern port"
    );
    assert_eq!(doc["byline"], "Ilse Varga");
    assert_eq!(doc["date"], "2025-06-03");
    assert_eq!(doc["site"], "The Meridian Courier");
    assert_eq!(doc["language"], "en");
    assert_eq!(
        doc["url"],
        "https://courier.example/world/grain-exports-resume"
    );
    let paragraphs: Vec<&str> = doc["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    let text = ok(&run(&["extract", &grain()]));
    assert_eq!(paragraphs.join("\n\n") + "\n", text);
    assert_eq!(doc["text"].as_str().unwrap(), text.trim_end());
}

#[test]
fn extract_jsonl_streams_rows_in_order_and_skips_pages_without_an_article() {
    let html = grain_html();
    let empty = std::fs::read_to_string(page("script-only.html")).unwrap();
    let mut rows = String::new();
    for i in 0..40 {
        let h = if i == 7 { &empty } else { &html };
        rows.push_str(&serde_json::json!({"id": format!("p{i}"), "html": h}).to_string());
        rows.push('\n');
    }
    let out = run_stdin(&["extract", "--jsonl", "--threads", "2"], rows.into_bytes());
    let lines: Vec<Value> = ok(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 39);
    let ids: Vec<String> = (0..40)
        .filter(|&i| i != 7)
        .map(|i| format!("p{i}"))
        .collect();
    assert_eq!(
        lines
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ids
    );
    assert_eq!(
        lines[0]["title"],
        "Grain exports resume through the southern port"
    );
    assert!(
        lines[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("The first bulk carriers")
    );
    let warning = err(&out);
    assert!(
        warning.contains("standard input:8") && warning.contains("no article"),
        "{warning}"
    );
}

#[test]
fn a_bad_row_is_an_error_naming_its_line() {
    let rows = format!(
        "{}\n{{\"id\": 2, \"html\": 5}}\n",
        serde_json::json!({"id": 1, "html": grain_html()})
    );
    let out = run_stdin(&["extract", "--jsonl"], rows.into_bytes());
    assert_eq!(out.status.code(), Some(1));
    let e = err(&out);
    assert!(
        e.contains("standard input:2") && e.contains("\"html\""),
        "{e}"
    );
}

#[test]
fn declared_legacy_encodings_are_decoded() {
    let body = ok(&run(&[
        "extract",
        &page("bridge-1251.html").display().to_string(),
    ]));
    assert!(
        body.starts_with("Новый автомобильный мост через реку открыли"),
        "{body}"
    );
}

#[test]
fn gzip_pages_are_read_and_a_false_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("grain.html.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(grain_html().as_bytes()).unwrap();
    std::fs::write(&gz, enc.finish().unwrap()).unwrap();
    let body = ok(&run(&["extract", &gz.display().to_string()]));
    assert_eq!(body, ok(&run(&["extract", &grain()])));
    let out = run(&["extract", &page("not-gzip.html.gz").display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    let e = err(&out);
    assert!(e.contains("not-gzip.html.gz") && e.contains("gzip"), "{e}");
    assert_eq!(e.matches("gzip-compressed").count(), 1, "said once: {e}");
}

#[test]
fn a_page_without_an_article_warns_and_exits_0() {
    for cmd in ["extract", "analyze", "summarize", "classify"] {
        let out = run(&[cmd, &page("script-only.html").display().to_string()]);
        assert_eq!(out.status.code(), Some(0), "{cmd}: {}", err(&out));
        assert!(out.stdout.is_empty(), "{cmd}");
        assert!(
            err(&out).contains("script-only.html"),
            "{cmd}: {}",
            err(&out)
        );
    }
}

#[test]
fn hostile_pages_end_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let n = 100_000;
    let deep = format!(
        "<html><body>{}<p>A short paragraph sits at the very bottom of a very deep page.</p>{}</body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    let truncated = format!("{}<p>Cut off in the mid", &grain_html()[..1500]);
    let binary: Vec<u8> = (0..300_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
        .collect();
    let cases: [(&str, Vec<u8>); 3] = [
        ("deep.html", deep.into_bytes()),
        ("truncated.html", truncated.into_bytes()),
        ("binary.html", binary),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = run(&["extract", &path.display().to_string()]);
        let e = err(&out);
        assert!(matches!(out.status.code(), Some(0 | 1)), "{name}: {e}");
        assert!(!e.contains("panicked"), "{name}: {e}");
        if name == "deep.html" {
            assert!(ok(&out).contains("very bottom of a very deep page"));
            assert!(e.contains("nested deeper"), "{e}");
        }
    }
}

#[test]
fn analyze_shows_the_page_title_and_metadata() {
    let doc: Value =
        serde_json::from_str(&ok(&run(&["analyze", "--format", "json", &grain()]))).unwrap();
    assert_eq!(
        doc["title"],
        "Grain exports resume through the southern port"
    );
    let text = ok(&run(&["analyze", &grain()]));
    assert!(
        text.contains("Published: 2025-06-03") && text.contains("By Ilse Varga"),
        "{text}"
    );
    assert!(!text.contains('<'), "{text}");
}

#[test]
fn html_rows_classify_like_their_extracted_text() {
    let page: Value =
        serde_json::from_str(&ok(&run(&["extract", "--format", "json", &grain()]))).unwrap();
    let article_text = format!(
        "{}\n\nPublished: {}\n\nBy {}\n\n{}",
        page["title"].as_str().unwrap(),
        page["date"].as_str().unwrap(),
        page["byline"].as_str().unwrap(),
        page["text"].as_str().unwrap()
    );
    let rows = format!(
        "{}\n{}\n",
        serde_json::json!({"id": "page", "html": grain_html()}),
        serde_json::json!({"id": "text", "text": article_text})
    );
    let out = ok(&run_stdin(
        &["classify", "--jsonl", "--paragraphs"],
        rows.into_bytes(),
    ));
    let rows: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (mut a, mut b) = (rows[0].clone(), rows[1].clone());
    a["id"] = Value::Null;
    b["id"] = Value::Null;
    assert_eq!(a, b);
}

#[test]
fn input_text_reads_markup_as_words() {
    let auto = ok(&run(&["summarize", "-n", "40", &grain()]));
    let text = ok(&run(&[
        "summarize",
        "-n",
        "40",
        "--input",
        "text",
        &grain(),
    ]));
    assert!(!auto.contains("<p"), "{auto}");
    assert!(text.contains("<p") || text.contains("<li"), "{text}");
}

#[test]
fn folders_of_pages_train_a_model() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    for (label, topic) in [("shipping", "port"), ("farming", "harvest")] {
        std::fs::create_dir_all(data.join(label)).unwrap();
        for i in 0..3 {
            let html = format!(
                "<html><head><title>{topic} story {i}</title></head><body><article>\
                 <p>The {topic} report number {i} describes the {topic} season in some detail for readers.</p>\
                 <p>Officials discussed the {topic} outlook for the coming months at a meeting on Friday.</p>\
                 </article></body></html>"
            );
            std::fs::write(data.join(label).join(format!("{i}.html")), html).unwrap();
        }
    }
    let model = dir.path().join("m.model");
    let out = run(&[
        "train",
        &data.display().to_string(),
        "-o",
        &model.display().to_string(),
        "--calibration-folds",
        "0",
        "-q",
    ]);
    ok(&out);
    let inspect = ok(&run(&["inspect", "-m", &model.display().to_string()]));
    assert!(
        inspect.contains("shipping") && inspect.contains("farming"),
        "{inspect}"
    );
}

#[test]
fn plain_text_read_as_a_page_comes_out_once() {
    let text = "The lighthouse keeper retired on Monday after thirty years of service on the rock.";
    let rows = format!(
        "{}\n{}\n",
        serde_json::json!({"id": "t", "text": text}),
        serde_json::json!({"id": "d", "html": format!("<div>{text}</div>")})
    );
    let out = ok(&run_stdin(&["extract", "--jsonl"], rows.into_bytes()));
    let rows: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2, "{out}");
    for row in &rows {
        assert_eq!(row["text"], text, "{row}");
    }
    let dir = tempfile::tempdir().unwrap();
    let txt = dir.path().join("one.txt");
    std::fs::write(&txt, text).unwrap();
    let body = ok(&run(&[
        "extract",
        "--input",
        "html",
        &txt.display().to_string(),
    ]));
    assert_eq!(body, format!("{text}\n"));
}

#[test]
fn folders_give_pages_and_text_files_in_any_case() {
    let dir = tempfile::tempdir().unwrap();
    let html = grain_html();
    for name in ["a.HTML", "b.Htm", "c.html"] {
        std::fs::write(dir.path().join(name), &html).unwrap();
    }
    std::fs::write(
        dir.path().join("d.TXT"),
        "The ferry timetable changes next week for the winter season.\n",
    )
    .unwrap();
    let folder = dir.path().display().to_string();
    let out = ok(&run(&["extract", &folder]));
    for name in ["a.HTML", "b.Htm", "c.html"] {
        assert!(out.contains(name), "{name}: {out}");
    }
    assert!(!out.contains("d.TXT"), "{out}");
    let out = ok(&run(&["classify", "--format", "json", &folder]));
    for name in ["a.HTML", "b.Htm", "c.html", "d.TXT"] {
        assert!(out.contains(name), "{name}: {out}");
    }
}

/// The page's own title is the article's title block, whatever it looks like (here it ends
/// with a full stop, which the plain-text structure guesser reads as prose), and it is not
/// classified as a paragraph.
#[test]
fn the_page_title_is_the_title_block_even_when_it_reads_like_prose() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("council.html");
    std::fs::write(
        &path,
        "<html><head><title>Council approves the new budget.</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/local\">Local</a></nav><article>\
         <p>The town council voted on Tuesday evening to approve a spending plan for the year, \
         after three hours of debate over library opening hours and road repairs.</p>\
         <p>Two members voted against the plan, saying it left too little for the harbour \
         wall, which was damaged in the winter storms.</p></article></body></html>",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let text = ok(&run(&["analyze", p]));
    assert_eq!(
        text.lines().next(),
        Some("Council approves the new budget."),
        "{text}"
    );
    let tsv = ok(&run(&["classify", "-f", "tsv", p]));
    assert_eq!(tsv.lines().count(), 3, "header and two paragraphs: {tsv}");
    assert!(!tsv.contains("Council approves"), "{tsv}");
    // The same page as a JSONL row: the same title block, and no paragraph of it.
    let html = std::fs::read_to_string(&path).unwrap();
    let row = serde_json::json!({"id": "c1", "html": html}).to_string() + "\n";
    let analysis = jsonl(&run_stdin(&["analyze", "--jsonl"], &row));
    let blocks = analysis[0]["blocks"].as_array().expect("blocks");
    let title = blocks
        .iter()
        .find(|b| b["kind"] == "title")
        .expect("a title block");
    assert_eq!(
        title["text"], "Council approves the new budget.",
        "{blocks:?}"
    );
    let paragraphs = ok(&run_stdin(&["classify", "--jsonl", "--paragraphs"], &row));
    let paragraphs: Value = serde_json::from_str(paragraphs.trim()).unwrap();
    assert_eq!(
        paragraphs["paragraphs"].as_array().unwrap().len(),
        2,
        "{paragraphs}"
    );
}

/// A short page with an article, for rows.
fn small_page(i: usize) -> String {
    format!(
        "<html><head><title>Quay works {i}</title></head><body><article>\
         <p>Work on quay number {i} of the river port started on Monday and will close the \
         towpath beside it for about three weeks, the harbour office said.</p></article></body></html>"
    )
}

/// Pages without an article in JSONL rows: a script-only page, an empty one, one with only
/// navigation, at lines spread over several batches and threads.
fn rows_with_empty_pages(n: usize, empty_at: &[usize]) -> String {
    let empties = [
        std::fs::read_to_string(page("script-only.html")).unwrap(),
        String::new(),
        "<html><body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\
         <footer><a href=\"/about\">About us</a></footer></body></html>"
            .to_string(),
    ];
    let mut rows = String::new();
    for line in 1..=n {
        let html = match empty_at.iter().position(|&l| l == line) {
            Some(k) => empties[k % empties.len()].clone(),
            None => small_page(line),
        };
        rows.push_str(&serde_json::json!({"id": format!("r{line}"), "html": html}).to_string());
        rows.push('\n');
    }
    rows
}

/// The rule, in every command: a page without an article gives a warning naming its
/// JSONL line, no output row, exit 0; the warnings come in input order, on several threads.
#[test]
fn pages_without_an_article_give_no_row_and_warnings_in_line_order_in_every_command() {
    let n = 700;
    let empty_at = [2, 255, 256, 257, 420, 511, 512, 699];
    let rows = rows_with_empty_pages(n, &empty_at);
    let expected_ids: Vec<String> = (1..=n)
        .filter(|l| !empty_at.contains(l))
        .map(|l| format!("r{l}"))
        .collect();
    let expected_warnings: Vec<String> = empty_at
        .iter()
        .map(|l| {
            format!("newsdesk: warning: standard input:{l}: no article text found in this page")
        })
        .collect();
    for cmd in ["extract", "classify", "summarize", "analyze"] {
        let out = run_stdin(
            &[cmd, "--jsonl", "--threads", "2"],
            rows.clone().into_bytes(),
        );
        let stdout = ok(&out);
        let ids: Vec<String> = stdout
            .lines()
            .map(|l| {
                let row: Value = serde_json::from_str(l).unwrap();
                row["id"].as_str().unwrap().to_string()
            })
            .collect();
        assert_eq!(ids, expected_ids, "{cmd}");
        let warnings: Vec<String> = err(&out).lines().map(str::to_string).collect();
        assert_eq!(warnings, expected_warnings, "{cmd}");
    }
    // TSV rows of classify follow the same rule.
    let out = run_stdin(
        &["classify", "--jsonl", "--format", "tsv", "-q"],
        rows.into_bytes(),
    );
    let tsv = ok(&out);
    assert_eq!(tsv.lines().count(), 1 + expected_ids.len(), "{tsv}");
    assert!(!tsv.contains("r256\t"), "{tsv}");
    assert!(out.stderr.is_empty(), "--quiet: {}", err(&out));
}

/// Files: the same rule (warning naming the file, nothing printed for it, exit 0) in every
/// output format, and the other files' results are all there.
#[test]
fn a_page_file_without_an_article_gives_nothing_in_any_format() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.html");
    std::fs::write(&good, small_page(1)).unwrap();
    let empty = dir.path().join("empty.html");
    std::fs::write(&empty, "").unwrap();
    let (good, empty) = (good.display().to_string(), empty.display().to_string());
    for (cmd, format) in [
        ("classify", "json"),
        ("classify", "jsonl"),
        ("summarize", "json"),
        ("analyze", "jsonl"),
        ("extract", "json"),
    ] {
        let out = run(&[cmd, "--format", format, &empty, &good]);
        let stdout = ok(&out);
        assert!(!stdout.contains("empty.html"), "{cmd} {format}: {stdout}");
        assert!(stdout.contains("good.html"), "{cmd} {format}: {stdout}");
        assert_eq!(
            err(&out).trim_end(),
            format!("newsdesk: warning: {empty}: no article text found in this page"),
            "{cmd} {format}"
        );
    }
}

/// Training rows: a page without an article is left out with a warning naming its line;
/// the other rows train the model.
#[test]
fn training_rows_with_a_page_without_an_article_warn_and_train_on_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = String::new();
    for i in 0..6 {
        let (label, topic) = if i % 2 == 0 {
            ("shipping", "port")
        } else {
            ("farming", "harvest")
        };
        let html = format!(
            "<html><body><article><p>The {topic} report number {i} describes the {topic} \
             season in some detail for readers and officials alike.</p></article></body></html>"
        );
        rows.push_str(&serde_json::json!({"html": html, "label": label}).to_string());
        rows.push('\n');
    }
    rows.push_str(
        &serde_json::json!({"html": "<html><body></body></html>", "label": "shipping"}).to_string(),
    );
    rows.push('\n');
    let data = dir.path().join("rows.jsonl");
    std::fs::write(&data, rows).unwrap();
    let model = dir.path().join("m.model");
    let data = data.display().to_string();
    let out = run(&[
        "train",
        &data,
        "-o",
        &model.display().to_string(),
        "--calibration-folds",
        "0",
    ]);
    ok(&out);
    let e = err(&out);
    assert!(
        e.contains(&format!("{data}:7: no article text found in this page")),
        "{e}"
    );
    assert!(!e.contains("empty text"), "one warning for the row: {e}");
    assert!(model.exists());
}

/// `extract --input text`: the input is plain text whatever its name; its paragraphs come out
/// as they stand (markup is words), the title line apart, date and byline lines left out.
#[test]
fn extract_input_text_prints_the_texts_paragraphs() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Night buses return\n\nBy Ana Lind\n\n\
                The city's night buses return on Friday after a year-long pause, with\n\
                six routes linking the centre to the outer districts until four a.m.\n\n\
                Fares stay at <b>two</b> euros &amp; transfers are free.\n";
    let paragraphs = [
        "The city's night buses return on Friday after a year-long pause, with six routes linking the centre to the outer districts until four a.m.",
        "Fares stay at <b>two</b> euros &amp; transfers are free.",
    ];
    for name in ["buses.txt", "buses.html"] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let p = path.display().to_string();
        let body = ok(&run(&["extract", "--input", "text", &p]));
        assert_eq!(body, format!("{}\n", paragraphs.join("\n\n")), "{name}");
        let doc: Value = serde_json::from_str(&ok(&run(&[
            "extract", "--input", "text", "--format", "json", &p,
        ])))
        .unwrap();
        assert_eq!(doc["title"], "Night buses return", "{name}");
        assert_eq!(doc["paragraphs"], serde_json::json!(paragraphs), "{name}");
    }
    // Named .html and read as a page (the default), the markup is markup.
    let page = ok(&run(&[
        "extract",
        &dir.path().join("buses.html").display().to_string(),
    ]));
    assert!(
        !page.contains("<b>") && page.contains("two euros & transfers"),
        "{page}"
    );
    // Rows: --input text reads an "html" row as text too; an empty text warns and gives no row.
    let rows = format!(
        "{}\n{}\n",
        serde_json::json!({"id": "a", "html": "<p>Quay 4 reopens on Monday after repairs to its crane rails.</p>"}),
        serde_json::json!({"id": "b", "text": "  "})
    );
    let out = run_stdin(
        &["extract", "--jsonl", "--input", "text"],
        rows.into_bytes(),
    );
    let rows: Vec<Value> = ok(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0]["text"],
        "<p>Quay 4 reopens on Monday after repairs to its crane rails.</p>"
    );
    assert_eq!(
        err(&out).trim_end(),
        "newsdesk: warning: standard input:2: no text found"
    );
}

/// A text name wins over content that merely starts with a tag or a comment; a doctype or
/// `<html>` still makes a page of a `.txt`. Unnamed input (standard input) looks past a leading
/// comment to decide.
#[test]
fn a_text_name_wins_unless_the_content_is_unmistakably_a_page() {
    let dir = tempfile::tempdir().unwrap();
    let prose = "The city's night buses return on Friday after a year-long pause, with six \
                 routes linking the centre to the outer districts until four in the morning.";
    let markup_kept = |out: &str, mark: &str| out.contains(mark);
    let analyze = |p: &Path| ok(&run(&["analyze", "--format", "json", p.to_str().unwrap()]));
    for (opening, mark) in [
        ("<meta name=\"desk\" content=\"city\">", "<meta"),
        ("<!-- filed by the night desk -->", "<!--"),
    ] {
        let content = format!("{opening}\n\n{prose}\n");
        let txt = dir.path().join("note.txt");
        std::fs::write(&txt, &content).unwrap();
        assert!(markup_kept(&analyze(&txt), mark), "{opening}: .txt is text");
        let html = dir.path().join("note.html");
        std::fs::write(&html, &content).unwrap();
        assert!(
            !markup_kept(&analyze(&html), mark),
            "{opening}: .html is a page"
        );
    }
    // Unmistakable pages are pages whatever their name.
    for opening in [
        "<!DOCTYPE html>",
        "<!-- saved from url=(0014)about:internet -->\n<html>",
    ] {
        let txt = dir.path().join("saved.txt");
        std::fs::write(&txt, format!("{opening}<body><p>{prose}</p></body></html>")).unwrap();
        let out = analyze(&txt);
        assert!(
            !out.contains("<p>") && out.contains("night buses"),
            "{opening}: {out}"
        );
    }
    // Standard input: a leading comment is looked past; what follows decides.
    let comment_then_text = format!("<!-- filed by the night desk -->\n\n{prose}\n");
    let out = ok(&run_stdin(
        &["analyze", "--format", "json"],
        comment_then_text.into_bytes(),
    ));
    assert!(out.contains("<!--"), "read as text: {out}");
    let comment_then_page = format!("<!-- saved -->\n<html><body><p>{prose}</p></body></html>");
    let out = ok(&run_stdin(
        &["analyze", "--format", "json"],
        comment_then_page.into_bytes(),
    ));
    assert!(
        !out.contains("<p>") && out.contains("night buses"),
        "read as a page: {out}"
    );
}

/// A page with a key-points list at the top, a table and a `<pre>` listing: the points all
/// stay (even one that repeats part of the headline or holds a date), the listing keeps its
/// columns as one paragraph, and every table row is a paragraph, never a heading.
#[test]
fn lists_tables_and_preformatted_text_come_out_as_a_reader_expects() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reservoirs.html");
    std::fs::write(
        &path,
        "<!doctype html><html><head><title>Hosepipe ban from June 1 as reservoirs fall</title>\
         </head><body><article><h1>Hosepipe ban from June 1 as reservoirs fall</h1>\
         <ul><li>Hosepipe ban from June 1</li><li>Levels at 41% in North Fell</li>\
         <li>Next review on May 30, 2025</li></ul>\
         <p>Water levels in the region's reservoirs fell again in April after the driest spring \
         in twenty years, the water authority said on Monday in its monthly report.</p>\
         <p>The authority published these figures for the end of the month:</p>\
         <table><tr><th>Reservoir</th><th>Level</th><th>Last year</th></tr>\
         <tr><td>North Fell</td><td>41%</td><td>78%</td></tr>\
         <tr><td>Glen Water</td><td>47%</td><td>81%</td></tr></table>\
         <p>Engineers published the pumping schedule as a plain listing:</p>\
         <pre>\nStation      Start   Stop\nLow Mill     06:00   18:00\nKettle Ford  08:00   20:00\n</pre>\
         <p>The authority asked households to take shorter showers and to water gardens only in \
         the evening until the reservoirs recover.</p></article></body></html>",
    )
    .unwrap();
    let p = path.display().to_string();
    let body = ok(&run(&["extract", &p]));
    let paragraphs: Vec<&str> = body.trim_end().split("\n\n").collect();
    assert_eq!(
        paragraphs[..3],
        [
            "Hosepipe ban from June 1",
            "Levels at 41% in North Fell",
            "Next review on May 30, 2025"
        ],
        "{body}"
    );
    assert!(
        paragraphs.contains(
            &"Station      Start   Stop\nLow Mill     06:00   18:00\nKettle Ford  08:00   20:00"
        ),
        "{body}"
    );
    for row in [
        "Reservoir | Level | Last year",
        "North Fell | 41% | 78%",
        "Glen Water | 47% | 81%",
    ] {
        assert!(paragraphs.contains(&row), "{row}: {body}");
    }
    let doc: Value = serde_json::from_str(&ok(&run(&["analyze", "--format", "json", &p]))).unwrap();
    let rows: Vec<&str> = doc["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["text"].as_str().unwrap().contains(" | "))
        .map(|b| b["kind"].as_str().unwrap())
        .collect();
    assert_eq!(rows, ["paragraph"; 3], "{doc}");
}

#[test]
fn a_short_article_keeps_its_paragraphs_apart() {
    // Short enough that the extractor's main pass gives way to its fallback.
    let page = "<html><head><title>Ferry brief</title></head><body><article>\
                <p>The morning ferry to the islands was cancelled because of high winds.</p>\
                <p>Crews expect to sail again on Thursday.</p>\
                <p>Tickets stay valid.</p></article></body></html>";
    let text = ok(&run_stdin(&["extract", "--input", "html"], page));
    assert_eq!(
        text.trim_end(),
        "The morning ferry to the islands was cancelled because of high winds.\n\n\
         Crews expect to sail again on Thursday.\n\nTickets stay valid.",
        "{text}"
    );
}

/// A page of three paragraphs around `middle` (bytes, so that bad ones can be written).
fn page_around(head: &str, middle: &[u8]) -> Vec<u8> {
    let mut page = format!(
        "<!doctype html><html><head>{head}<title>Grain board meets</title></head><body><article>\
         <p>The grain board met on Wednesday to discuss the fall in prices paid to farmers this spring.</p><p>"
    )
    .into_bytes();
    page.extend_from_slice(middle);
    page.extend_from_slice(
        b"</p><p>Members agreed to publish a weekly price index for wheat, barley and maize from June onwards.</p>\
          </article></body></html>",
    );
    page
}

#[test]
fn a_utf8_page_with_a_stray_byte_stays_utf8_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    // Declared UTF-8, a BOM, or no declaration at all: one bad byte among valid accents.
    let middle = b"Le gouvernement a annonc\xc3\xa9 un plan d'aide aux exportateurs de c\xc3\xa9r\xc3\xa9ales. Caf\xff.";
    let bom = [b"\xef\xbb\xbf".as_slice(), &page_around("", middle)].concat();
    for (name, bytes) in [
        (
            "declared.html",
            page_around("<meta charset=\"utf-8\">", middle),
        ),
        ("bom.html", bom),
        ("plain.html", page_around("", middle)),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let o = run(&["extract", s(&path)]);
        let body = ok(&o);
        assert!(
            body.contains("annoncé un plan d'aide aux exportateurs de céréales. Caf\u{FFFD}."),
            "{name}: {body}"
        );
        let e = err(&o);
        assert!(
            e.contains(name) && e.contains("1 byte(s) that are not UTF-8"),
            "{name}: {e}"
        );
    }
}

#[test]
fn a_short_sentence_with_a_copyright_sign_is_kept_and_a_credit_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copy.html");
    let middle = "Exports of Café Royal© capsules rose 4% in May.</p>\
        <p>Farmers queue at the silo gate. © Lena Ortiz / Grain Weekly";
    std::fs::write(&path, page_around("", middle.as_bytes())).unwrap();
    let body = ok(&run(&["extract", s(&path)]));
    assert!(
        body.contains("\n\nExports of Café Royal© capsules rose 4% in May.\n\n"),
        "{body}"
    );
    assert!(!body.contains("Lena Ortiz"), "{body}");
}

#[test]
fn control_characters_in_a_page_are_dropped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ctl.html");
    let middle = b"Fin\x00ance off\x01icials said the index would be free to read.</p><pre>rate\x0b = base</pre><p>";
    std::fs::write(&path, page_around("", middle)).unwrap();
    let o = run(&["extract", s(&path)]);
    let body = ok(&o);
    assert!(body.contains("Finance officials said"), "{body:?}");
    assert!(body.contains("rate = base"), "{body:?}");
    assert!(
        !body.chars().any(|c| c.is_control() && c != '\n'),
        "{body:?}"
    );
    // The HTML parser drops the NUL itself; U+0001 and the vertical tab are ours to drop.
    let e = err(&o);
    assert!(
        e.contains("ctl.html: dropped 2 control character(s) such as NUL"),
        "{e}"
    );
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

#[test]
fn gzip_data_is_a_compressed_page_on_standard_input_and_in_any_file() {
    let dir = tempfile::tempdir().unwrap();
    let expected = ok(&run(&["extract", &grain()]));
    let gz = gzip(grain_html().as_bytes());
    assert_eq!(ok(&run_stdin(&["extract"], &gz)), expected);
    let p = dir.path().join("page.gz");
    std::fs::write(&p, &gz).unwrap();
    assert_eq!(ok(&run(&["extract", s(&p)])), expected);
    // The other commands read it as the page too.
    let analysis = json(&run_stdin(&["analyze", "--format", "json"], &gz));
    assert_eq!(
        analysis["title"],
        "Grain exports resume through the southern port"
    );
    // Compressed text is refused, naming the input, rather than read as Windows-1252.
    let t = dir.path().join("notes.txt.gz");
    std::fs::write(&t, gzip(b"Rates rose again on Monday.\n")).unwrap();
    for (o, name) in [
        (run(&["analyze", s(&t)]), "notes.txt.gz"),
        (
            run_stdin(&["extract"], gzip(b"Plain words.")),
            "standard input",
        ),
    ] {
        assert_eq!(o.status.code(), Some(1), "{}", err(&o));
        let e = err(&o);
        assert!(
            e.contains(name) && e.contains("gzip-compressed data that is not a web page"),
            "{e}"
        );
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn a_huge_compressed_page_is_cut_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let mut page = b"<!doctype html><html><body><article>".to_vec();
    let p = b"<p>The port reopened on Friday after a nine-day strike, officials said.</p>\n";
    while page.len() < (64 << 20) + 1000 {
        page.extend_from_slice(p);
    }
    let path = dir.path().join("huge.html.gz");
    std::fs::write(&path, gzip(&page)).unwrap();
    drop(page);
    let o = run(&["extract", s(&path)]);
    assert!(ok(&o).starts_with("The port reopened on Friday"));
    let e = err(&o);
    assert!(
        e.contains("huge.html.gz: only the first 64 MB of the decompressed page were read"),
        "{e}"
    );
}

#[test]
fn json_output_is_an_array_for_several_inputs_whatever_had_an_article() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.html");
    std::fs::write(&empty, "").unwrap();
    let nav = dir.path().join("nav.html");
    std::fs::write(
        &nav,
        "<html><body><nav><a href=/>Home</a></nav></body></html>",
    )
    .unwrap();
    let (g, e, n) = (grain(), s(&empty).to_string(), s(&nav).to_string());
    for cmd in ["analyze", "classify", "summarize", "extract"] {
        let shape = |files: &[&str]| {
            let mut args = vec![cmd, "--format", "json"];
            args.extend_from_slice(files);
            let text = ok(&run(&args));
            if text.is_empty() {
                return "nothing".to_string();
            }
            match serde_json::from_str::<Value>(&text).unwrap() {
                Value::Array(a) => format!("array of {}", a.len()),
                Value::Object(_) => "object".to_string(),
                other => panic!("{cmd}: {other}"),
            }
        };
        assert_eq!(shape(&[&e, &g]), "array of 1", "{cmd}");
        // The same file twice is read once (with a warning), still as several inputs.
        assert_eq!(shape(&[&g, &g]), "array of 1", "{cmd}");
        assert_eq!(shape(&[&e, &n]), "array of 0", "{cmd}");
        assert_eq!(shape(&[&g]), "object", "{cmd}");
        assert_eq!(shape(&[&e]), "nothing", "{cmd}");
    }
}

#[test]
fn analyze_spans_point_into_title_date_byline_and_the_extracted_text() {
    let dir = tempfile::tempdir().unwrap();
    for byline in ["Kevin Ortiz and Mara Lind", "By Tove Berg", "Ana Lind"] {
        let path = dir.path().join("by.html");
        let head = format!(
            "<meta name=\"author\" content=\"{byline}\">\
             <meta property=\"article:published_time\" content=\"2025-05-02T08:00:00Z\">"
        );
        std::fs::write(
            &path,
            page_around(&head, b"Wheat prices fell by a tenth in April."),
        )
        .unwrap();
        let e = json(&run(&["extract", "--format", "json", s(&path)]));
        assert_eq!(e["byline"], byline);
        let by = match byline.strip_prefix("By ") {
            Some(_) => byline.to_string(),
            None => format!("By {byline}"),
        };
        let text = format!(
            "{}\n\nPublished: {}\n\n{by}\n\n{}",
            e["title"].as_str().unwrap(),
            e["date"].as_str().unwrap(),
            ok(&run(&["extract", s(&path)])).trim_end()
        );
        let a = json(&run(&["analyze", "--format", "json", s(&path)]));
        let mut spans = 0;
        for key in ["blocks", "paragraphs"] {
            for b in a[key].as_array().unwrap() {
                let (start, end) = (b["start"].as_u64().unwrap(), b["end"].as_u64().unwrap());
                assert_eq!(
                    &text[start as usize..end as usize],
                    b["text"],
                    "{byline}: {b}"
                );
                spans += 1;
            }
        }
        assert!(spans >= 5, "{a}");
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_given_as_an_argument_is_called_one() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("l1.html"), dir.path().join("l2.html"));
    std::os::unix::fs::symlink(&b, &a).unwrap();
    std::os::unix::fs::symlink(&a, &b).unwrap();
    let o = run(&["extract", s(&a)]);
    assert_eq!(o.status.code(), Some(1));
    let e = err(&o);
    assert!(
        e.contains("l1.html: a symbolic link that leads to no file") && !e.contains("no such file"),
        "{e}"
    );
}

#[test]
fn help_lists_the_page_extensions_folders_are_searched_for() {
    let help = ok(&run(&["analyze", "--help"]));
    assert!(
        help.contains("*.txt files and web pages (*.html, *.htm,"),
        "{help}"
    );
}

#[test]
fn a_row_page_is_unicode_whatever_charset_it_declares() {
    let page = "<html><head><meta charset=\"windows-1251\"><title>Порт</title></head><body>\
                <article><p>Причал в северной гавани закрыли на ремонт до конца весны, сообщила \
                администрация порта в понедельник вечером.</p><p>Паромы будут уходить от \
                соседнего причала по прежнему расписанию.</p></article></body></html>";
    let row = serde_json::json!({"id": "p1", "html": page}).to_string() + "\n";
    for cmd in ["extract", "classify", "summarize", "analyze"] {
        let o = run_stdin(&[cmd, "--jsonl"], &row);
        let rows = jsonl(&o);
        assert_eq!(rows.len(), 1, "{cmd}");
        assert_eq!(err(&o), "", "{cmd}: no warning about the declared charset");
    }
    let text = ok(&run_stdin(&["extract", "--jsonl"], &row));
    assert!(text.contains("Причал в северной гавани"), "{text}");
}
