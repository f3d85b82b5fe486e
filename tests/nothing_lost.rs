//! Issue 13, "nothing lost, nothing silently dropped": hostile and faulty input and output
//! places, end to end through the `newsdesk` binary. Device nodes and FIFOs are made in a
//! temporary folder; of /dev only /dev/full is used, and only written to.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsdesk"))
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin()
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run newsdesk")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap();
    p
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Runs `args` with standard output on /dev/full (written to, never replaced).
fn run_onto_full_disk(args: &[&str]) -> Output {
    let full = File::options().write(true).open("/dev/full").unwrap();
    bin()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::from(full))
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

// ---- Every command ends cleanly: closed pipe, full disk, errors said once ----

#[test]
fn completions_and_man_onto_a_full_disk_fail_with_a_message() {
    for args in [&["completions", "bash"][..], &["man"], &["inspect"]] {
        let o = run_onto_full_disk(args);
        let e = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {e}");
        assert!(!e.contains("panicked"), "{args:?}: {e}");
        assert!(
            e.contains("standard output: cannot write: No space left on device"),
            "{args:?}: {e}"
        );
        assert_eq!(e.matches("No space left").count(), 1, "{e}");
    }
}

#[test]
fn completions_and_man_onto_a_closed_pipe_exit_zero() {
    for args in [&["completions", "zsh"][..], &["man"]] {
        let mut child = bin()
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader is gone before anything is written
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    }
}

#[test]
fn an_io_error_names_the_file_once_and_the_cause_once() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_in(dir.path(), &["train", "missing.jsonl", "-o", "m.json"]);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{e}");
    assert_eq!(e.matches("missing.jsonl").count(), 1, "{e}");
    assert_eq!(e.matches("No such file or directory").count(), 1, "{e}");
    // A JSON report onto a full disk: the writer's error is not repeated either.
    let art = write(dir.path(), "a.txt", "Rates rose again.\n");
    let o = run_onto_full_disk(&["classify", "--format", "json", art.to_str().unwrap()]);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{e}");
    assert_eq!(e.matches("No space left on device").count(), 1, "{e}");
    assert!(e.contains("standard output"), "{e}");
}

// ---- Outputs never destroy anything ----

/// Eight short labelled rows, enough to train a two-label model.
const ROWS: &str = r#"{"text": "Troops shelled the border town overnight", "label": "security"}
{"text": "Rebels attacked an army convoy near the pass", "label": "security"}
{"text": "The militia seized the airport at dawn", "label": "security"}
{"text": "Gunmen ambushed a police patrol in the hills", "label": "security"}
{"text": "The central bank raised interest rates again", "label": "economics"}
{"text": "Inflation slowed as fuel prices fell", "label": "economics"}
{"text": "Exports grew faster than the ministry forecast", "label": "economics"}
{"text": "The budget deficit widened this year", "label": "economics"}
"#;

fn is_model(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|s| s.contains("\"format_version\""))
}

/// Runs `mkfifo` or `mknod`; false when this system does not let us (not root, say).
fn make_node(args: &[&str]) -> bool {
    let (cmd, rest) = args.split_first().unwrap();
    Command::new(cmd)
        .args(rest)
        .status()
        .is_ok_and(|s| s.success())
}

#[cfg(unix)]
#[test]
fn output_onto_a_symlink_replaces_its_target_and_keeps_the_link() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "rows.jsonl", ROWS);
    write(d, "models/v1.model", "old model v1");
    symlink("models/v1.model", d.join("current.model")).unwrap();
    // A link to a link in another folder.
    symlink("../current.model", d.join("models/latest")).unwrap();
    let o = run_in(d, &["train", "rows.jsonl", "-q", "-o", "current.model"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let meta = std::fs::symlink_metadata(d.join("current.model")).unwrap();
    assert!(
        meta.file_type().is_symlink(),
        "the link was replaced by a file"
    );
    assert!(
        is_model(&d.join("models/v1.model")),
        "the target was not replaced"
    );
    let o = run_in(d, &["train", "rows.jsonl", "-q", "-o", "models/latest"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::symlink_metadata(d.join("models/latest"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(names(&d.join("models")), ["latest", "v1.model"]);
    assert_eq!(names(d), ["current.model", "models", "rows.jsonl"]);
}

#[cfg(unix)]
#[test]
fn output_onto_a_fifo_writes_through_it() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "a.txt",
        "Rates rose again.\n\nThe central bank said inflation slowed.\n",
    );
    let fifo = d.join("out.fifo");
    assert!(make_node(&["mkfifo", fifo.to_str().unwrap()]));
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let o = run_in(
        d,
        &["classify", "--format", "tsv", "a.txt", "-o", "out.fifo"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let got = reader.join().unwrap();
    assert!(got.starts_with("source\tparagraph"), "{got}");
    assert!(got.contains("a.txt\t"), "{got}");
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the FIFO was replaced by a file");
    assert_eq!(names(d), ["a.txt", "out.fifo"]);
}

#[cfg(unix)]
#[test]
fn output_onto_a_device_node_writes_through_it() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "rows.jsonl", ROWS);
    // Our own nodes, like /dev/null (1, 3) and /dev/full (1, 7); making them needs root.
    let null = d.join("null");
    let full = d.join("full");
    if !make_node(&["mknod", null.to_str().unwrap(), "c", "1", "3"])
        || !make_node(&["mknod", full.to_str().unwrap(), "c", "1", "7"])
    {
        eprintln!("skipped: cannot make device nodes here (not root?)");
        return;
    }
    let o = run_in(d, &["train", "rows.jsonl", "-q", "-o", "null"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::metadata(&null)
            .unwrap()
            .file_type()
            .is_char_device()
    );
    let o = run_in(d, &["train", "rows.jsonl", "-q", "-o", "full"]);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{e}");
    assert!(
        e.contains("full: cannot write: No space left on device"),
        "{e}"
    );
    assert!(
        std::fs::metadata(&full)
            .unwrap()
            .file_type()
            .is_char_device()
    );
    assert_eq!(names(d), ["full", "null", "rows.jsonl"]);
}

#[test]
fn a_failed_run_keeps_the_old_output_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "rows.jsonl",
        "{\"text\": \"Rates rose\"}\n{\"text\": 5}\n",
    );
    write(d, "out.jsonl", "earlier results\n");
    let o = run_in(d, &["classify", "--jsonl", "rows.jsonl", "-o", "out.jsonl"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("rows.jsonl:2"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(d.join("out.jsonl")).unwrap(),
        "earlier results\n"
    );
    assert_eq!(names(d), ["out.jsonl", "rows.jsonl"]);
}

#[cfg(unix)]
#[test]
fn an_interrupt_removes_the_temporary_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "out.txt", "earlier results\n");
    // An input FIFO that nobody writes: the run waits there with its output file open.
    assert!(make_node(&["mkfifo", d.join("in.txt").to_str().unwrap()]));
    let mut child = bin()
        .current_dir(d)
        .args(["classify", "in.txt", "-o", "out.txt"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while names(d).len() < 3 {
        assert!(
            started.elapsed().as_secs() < 20,
            "no temporary file appeared"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    assert_eq!(names(d), ["in.txt", "out.txt"]);
    assert_eq!(
        std::fs::read_to_string(d.join("out.txt")).unwrap(),
        "earlier results\n"
    );
}

#[test]
fn output_naming_an_input_is_refused_whatever_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "rows.jsonl", ROWS);
    write(d, "a.txt", "Rates rose again.\n");
    write(d, "data/security/one.txt", "Troops shelled the town.\n");
    write(d, "data/economics/two.txt", "Rates rose.\n");
    std::fs::hard_link(d.join("a.txt"), d.join("also-a.txt")).unwrap();
    let cases: [&[&str]; 5] = [
        &["train", "rows.jsonl", "-o", "rows.jsonl"],
        &["train", "./rows.jsonl", "-o", "rows.jsonl"],
        &["train", "data", "-o", "data/economics/two.txt"],
        &["classify", "a.txt", "-o", "./also-a.txt"],
        &["summarize", "a.txt", "-o", "a.txt"],
    ];
    for args in cases {
        let o = run_in(d, args);
        let e = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {e}");
        assert!(e.contains("this is the input"), "{args:?}: {e}");
    }
    // Standard input redirected from the output file.
    let o = bin()
        .current_dir(d)
        .args(["classify", "-o", "a.txt"])
        .stdin(File::open(d.join("a.txt")).unwrap())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(d.join("rows.jsonl")).unwrap(), ROWS);
    assert_eq!(
        std::fs::read_to_string(d.join("a.txt")).unwrap(),
        "Rates rose again.\n"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("data/economics/two.txt")).unwrap(),
        "Rates rose.\n"
    );
}

#[test]
fn float_options_refuse_nan_infinity_and_out_of_range_values() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "rows.jsonl", ROWS);
    write(d, "a.txt", "Rates rose again.\n");
    write(d, "good.model", "the old model");
    for opt in [
        ["--title-boost", "NaN"],
        ["--title-boost", "inf"],
        ["--title-boost", "1e9"],
        ["--alpha", "NaN"],
        ["--alpha=-inf", "-q"],
        ["--max-df", "nan"],
        ["--max-df", "2"],
    ] {
        let mut args = vec!["train", "rows.jsonl", "-o", "good.model"];
        args.extend(opt);
        let o = run_in(d, &args);
        assert_eq!(o.status.code(), Some(2), "{opt:?}: {}", stderr(&o));
        let name = opt[0].split('=').next().unwrap();
        assert!(stderr(&o).contains(name), "{opt:?}: {}", stderr(&o));
        let mut args = vec!["cv", "rows.jsonl", "--folds", "2"];
        args.extend(opt);
        assert_eq!(run_in(d, &args).status.code(), Some(2), "cv {opt:?}");
    }
    assert_eq!(
        std::fs::read_to_string(d.join("good.model")).unwrap(),
        "the old model"
    );
    for args in [
        &["classify", "--min-score", "NaN", "a.txt"][..],
        &["analyze", "--min-score", "inf", "a.txt"],
        &["summarize", "--ratio", "NaN", "a.txt"],
    ] {
        let o = run_in(d, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
}
