//! Docs that cannot drift: every command example in README.md and in `--help` is run, and
//! what it prints is compared with what the docs say it prints.
//!
//! - README.md: in each ```` ```console ```` block, a line `$ COMMAND` (continued on the next
//!   line after a trailing `\`) is run, and the lines up to the next `$ ` line or the end of
//!   the block are its expected output (standard output and standard error together). A last
//!   line `...` means the rest of the output is not shown. `$ cargo …` lines are not run.
//! - `--help`: the lines under `Example(s):` of `newsdesk --help` and of each command's help
//!   (the command is what comes before two spaces); their outputs are kept in
//!   `tests/help-examples.md`, in the same form, since help text does not show them.
//!
//! Commands run with `sh -c` in a fresh folder laid out as `tests/examples/README.md` says
//! (the example data, `article.txt`, `a.txt`, `b.txt`, `articles/`, and links to `tests/`,
//! `training-data/` and `models/`), one folder per document, in order, with the built
//! `newsdesk` first on `PATH` and `HOME` inside the folder.
//!
//! `BLESS=1 cargo test --test docs` rewrites the expected outputs (in README.md and
//! tests/help-examples.md) with what the commands print now; review the diff before committing.

use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// One example: the command as written, its expected output lines, and whether the shown
/// output stops early (`...`).
#[derive(Debug, Clone, PartialEq)]
struct Example {
    command: String,
    expected: Vec<String>,
    elided: bool,
    /// Line range of the expected output in the document (to rewrite it).
    output_lines: std::ops::Range<usize>,
}

/// The examples of every ```console block of a Markdown text.
fn parse_examples(doc: &str) -> Vec<Example> {
    let lines: Vec<&str> = doc.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim_end() != "```console" {
            i += 1;
            continue;
        }
        i += 1;
        let mut current: Option<Example> = None;
        while i < lines.len() && !lines[i].starts_with("```") {
            if let Some(cmd) = lines[i].strip_prefix("$ ") {
                out.extend(current.take());
                let mut command = cmd.to_string();
                while command.ends_with('\\') && i + 1 < lines.len() {
                    i += 1;
                    command.push('\n');
                    command.push_str(lines[i]);
                }
                current = Some(Example {
                    command,
                    expected: Vec::new(),
                    elided: false,
                    output_lines: i + 1..i + 1,
                });
            } else if let Some(ex) = current.as_mut() {
                if lines[i] == "..." {
                    ex.elided = true;
                } else {
                    assert!(!ex.elided, "line {}: output after `...`", i + 1);
                    ex.expected.push(lines[i].to_string());
                }
                ex.output_lines.end = i + 1;
            } else {
                panic!("line {}: a console block must start with `$ `", i + 1);
            }
            i += 1;
        }
        out.extend(current.take());
        i += 1;
    }
    out
}

/// A folder laid out for the examples (see `tests/examples/README.md`).
fn sandbox() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_tree(&Path::new(ROOT).join("tests/examples"), d);
    std::fs::remove_file(d.join("README.md")).unwrap();
    let fixture = |name: &str| Path::new(ROOT).join("tests/fixtures").join(name);
    std::fs::copy(fixture("business-article.txt"), d.join("article.txt")).unwrap();
    std::fs::copy(fixture("wire-article.txt"), d.join("a.txt")).unwrap();
    std::fs::copy(fixture("general-article.txt"), d.join("b.txt")).unwrap();
    std::fs::create_dir_all(d.join("articles/2025/march")).unwrap();
    std::fs::copy(
        fixture("sample-article.txt"),
        d.join("articles/2025/sample.txt"),
    )
    .unwrap();
    std::fs::copy(
        fixture("business-article.txt"),
        d.join("articles/2025/march/business.txt"),
    )
    .unwrap();
    std::fs::write(d.join("articles/notes.md"), "not an article\n").unwrap();
    std::fs::create_dir_all(d.join("home")).unwrap();
    for link in ["tests", "training-data", "models"] {
        std::os::unix::fs::symlink(Path::new(ROOT).join(link), d.join(link)).unwrap();
    }
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Runs `command` in `dir`; its standard output and error, lines without trailing spaces.
fn run(dir: &Path, command: &str) -> Vec<String> {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_newsdesk"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!("exec 2>&1\n{command}"))
        .current_dir(dir)
        .env("PATH", path)
        .env("HOME", dir.join("home"))
        .env("NO_COLOR", "1")
        .env_remove("BLESS")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    let mut lines: Vec<String> = text.lines().map(|l| l.trim_end().to_string()).collect();
    if !o.status.success() {
        lines.push(format!("[exit {}]", o.status.code().unwrap_or(-1)));
    }
    lines
}

/// Runs every example of `doc` in one sandbox; the mismatches, and the document with every
/// expected output replaced by what was printed.
fn check(doc: &str, examples: &[Example]) -> (Vec<String>, String) {
    let dir = sandbox();
    let mut lines: Vec<String> = doc.lines().map(String::from).collect();
    let mut failures = Vec::new();
    // Rewritten from the end so earlier line numbers stay valid.
    let mut updates = Vec::new();
    for ex in examples {
        if ex.command.starts_with("cargo ") {
            continue;
        }
        let mut got = run(dir.path(), &ex.command);
        if ex.elided {
            got.truncate(ex.expected.len());
        }
        if got != ex.expected {
            failures.push(format!(
                "$ {}\n--- documented\n{}\n--- printed\n{}",
                ex.command,
                ex.expected.join("\n"),
                got.join("\n")
            ));
        }
        updates.push((ex.output_lines.clone(), got, ex.elided));
    }
    for (range, mut got, elided) in updates.into_iter().rev() {
        if elided {
            got.push("...".into());
        }
        lines.splice(range, got);
    }
    let mut blessed = lines.join("\n");
    blessed.push('\n');
    (failures, blessed)
}

fn bless() -> bool {
    std::env::var_os("BLESS").is_some_and(|v| v != "0")
}

/// Compares, or with BLESS=1 rewrites `path`; fails listing every example that drifted.
fn verify(path: &Path, doc: &str, examples: &[Example]) {
    let (failures, blessed) = check(doc, examples);
    if bless() {
        if blessed != doc {
            std::fs::write(path, blessed).unwrap();
        }
        return;
    }
    assert!(
        failures.is_empty(),
        "{} example(s) in {} print something else than documented (rerun with BLESS=1 to \
         update the docs, then review the diff):\n\n{}",
        failures.len(),
        path.display(),
        failures.join("\n\n")
    );
}

#[test]
fn readme_examples_print_what_the_readme_shows() {
    let path = Path::new(ROOT).join("README.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let examples = parse_examples(&doc);
    let runnable = examples
        .iter()
        .filter(|e| !e.command.starts_with("cargo "))
        .count();
    assert!(runnable >= 15, "only {runnable} README examples found");
    // Every newsdesk command shown in the README is in a console block, so it is run.
    let mut fence: Option<&str> = None;
    for (n, line) in doc.lines().enumerate() {
        if let Some(info) = line.strip_prefix("```") {
            fence = if fence.is_some() { None } else { Some(info) };
        } else if fence.is_some_and(|f| f != "console" && f != "rust") && is_command(line) {
            panic!(
                "README.md:{}: `{line}` is not in a ```console block as `$ newsdesk …`, so no \
                 test runs it",
                n + 1
            );
        }
    }
    verify(&path, &doc, &examples);
}

/// A line that runs newsdesk: `newsdesk COMMAND …` or `newsdesk --option`.
fn is_command(line: &str) -> bool {
    const COMMANDS: [&str; 11] = [
        "analyze",
        "extract",
        "classify",
        "summarize",
        "train",
        "eval",
        "cv",
        "inspect",
        "completions",
        "man",
        "help",
    ];
    let mut words = line.split_whitespace();
    words.next() == Some("newsdesk")
        && words
            .next()
            .is_some_and(|w| w.starts_with('-') || COMMANDS.contains(&w))
}

/// The examples of one help text: the lines under `Example:`/`Examples:`, each up to two
/// spaces (what follows is a comment).
fn help_examples(help: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in help.lines() {
        if line == "Examples:" || line == "Example:" {
            inside = true;
        } else if inside {
            match line.strip_prefix("  ") {
                Some(l) if !l.trim().is_empty() => {
                    let command = l.split("  ").next().unwrap().trim_end();
                    out.push(command.to_string());
                }
                _ => inside = false,
            }
        }
    }
    out
}

/// Every help example, in the order the help texts give them: top level, then each command.
fn all_help_examples() -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let top = run(dir.path(), "newsdesk --help").join("\n");
    let mut examples = help_examples(&top);
    let commands: Vec<String> = top
        .lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .filter(|c| c != "help")
        .collect();
    assert!(commands.len() >= 9, "{commands:?}");
    for c in commands {
        let help = run(dir.path(), &format!("newsdesk {c} --help")).join("\n");
        let found = help_examples(&help);
        assert!(!found.is_empty(), "`newsdesk {c} --help` shows no example");
        examples.extend(found);
    }
    examples
}

#[test]
fn help_examples_print_what_tests_help_examples_md_shows() {
    let path = Path::new(ROOT).join("tests/help-examples.md");
    let doc = std::fs::read_to_string(&path).unwrap_or_default();
    let examples = parse_examples(&doc);
    let in_help = all_help_examples();
    let documented: Vec<&str> = examples.iter().map(|e| e.command.as_str()).collect();
    if documented != in_help {
        if bless() {
            // New or changed examples: start the file again, then fill in their outputs.
            let mut fresh = String::from(
                "# Outputs of the examples in `newsdesk --help` and each command's help\n\n\
                 Checked by `tests/docs.rs`; regenerate with `BLESS=1 cargo test --test docs`.\n",
            );
            for c in &in_help {
                fresh += &format!("\n```console\n$ {c}\n```\n");
            }
            let examples = parse_examples(&fresh);
            verify(&path, &fresh, &examples);
            return;
        }
        panic!(
            "the help examples are not those of tests/help-examples.md (rerun with BLESS=1):\n\
             in help: {in_help:#?}\ndocumented: {documented:#?}"
        );
    }
    verify(&path, &doc, &examples);
}

#[test]
fn the_example_parser_reads_commands_outputs_and_elisions() {
    let doc = "text\n```console\n$ echo a \\\n  b\na b\n$ true\n```\n\n```console\n$ seq 5\n1\n...\n```\n";
    let ex = parse_examples(doc);
    assert_eq!(ex.len(), 3);
    assert_eq!(ex[0].command, "echo a \\\n  b");
    assert_eq!(ex[0].expected, ["a b"]);
    assert!(ex[1].expected.is_empty() && !ex[1].elided);
    assert_eq!(ex[2].expected, ["1"]);
    assert!(ex[2].elided);
    let (failures, blessed) = check(doc, &ex);
    assert!(failures.is_empty(), "{failures:?}");
    assert_eq!(blessed, doc);
    // A wrong expected output is reported, and blessing puts the printed one in its place.
    let wrong = doc.replace("a b\n", "a c\n");
    let (failures, blessed) = check(&wrong, &parse_examples(&wrong));
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert_eq!(blessed, doc);
    assert_eq!(
        help_examples(
            "Examples:\n  newsdesk x a.txt      what it does\n  cat b | newsdesk y\n\nmore"
        ),
        ["newsdesk x a.txt", "cat b | newsdesk y"]
    );
}
