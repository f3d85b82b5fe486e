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
