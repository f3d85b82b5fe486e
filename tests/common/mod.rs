//! Helpers shared by the end-to-end tests: run the `newsdesk` binary and read what it printed.
//! Each test binary uses some of them, hence `dead_code` is allowed.
#![allow(dead_code)]

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The binary under test.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsdesk"))
}

/// A file of `tests/examples` (the README's example files).
pub fn examples(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/examples")
        .join(name)
}

/// A file of `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A path as a command-line argument.
pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Runs `args` in `dir` (or here), with `input` on standard input; written from a thread so
/// a child that writes before it reads cannot deadlock.
pub fn run_in(dir: Option<&Path>, args: &[&str], input: &[u8]) -> Output {
    let mut cmd = bin();
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let mut child = cmd.spawn().expect("run newsdesk");
    let mut stdin = child.stdin.take().unwrap();
    let data = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// Runs `args` with empty standard input.
pub fn run(args: &[&str]) -> Output {
    run_in(None, args, b"")
}

/// Runs `args` with `input` on standard input.
pub fn run_stdin(args: &[&str], input: impl AsRef<[u8]>) -> Output {
    run_in(None, args, input.as_ref())
}

/// Standard output of a run that must have succeeded.
pub fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

/// Standard output, whatever the exit status.
pub fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error.
pub fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The JSON document a successful run printed.
pub fn json(o: &Output) -> Value {
    serde_json::from_str(&ok(o)).expect("valid JSON")
}

/// The JSON lines a successful run printed.
pub fn jsonl(o: &Output) -> Vec<Value> {
    ok(o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("valid JSON line"))
        .collect()
}

/// Runs the shell `command` under `script`, so that its standard error is a terminal; what the
/// terminal showed. None where `script` (util-linux) is missing.
pub fn on_a_terminal(command: &str) -> Option<String> {
    let o = Command::new("script")
        .args(["-qec", command, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .ok()?;
    assert!(o.status.success(), "{command}: {}", err(&o));
    Some(String::from_utf8_lossy(&o.stdout).into_owned())
}
