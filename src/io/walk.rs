//! Walking folders: every file below a folder that a filter accepts, following symbolic links
//! but never round a loop, and each file once however many names lead to it.

use super::FileId;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// A file pattern in globset syntax: `*` (any run but `/`), `?` (one character), `[abc]`,
/// `{a,b}`, `**` (any folders). Without a `/` it is matched against a file's name; with one,
/// against the path it is given (a path below the folder searched), so `**/*.txt` and
/// `2024/*/*.txt` work as in a shell.
#[derive(Debug, Clone)]
pub struct NamePattern {
    glob: globset::GlobMatcher,
    whole_path: bool,
}

impl NamePattern {
    /// Compiles `pattern`.
    pub fn new(pattern: &str) -> Result<NamePattern> {
        Self::build(pattern, false)
    }

    /// Compiles `pattern` matching names in any case (the commands' default patterns, so
    /// `STORY.HTML` and `Notes.TXT` are read like the label folders of `train` read them).
    pub fn any_case(pattern: &str) -> Result<NamePattern> {
        Self::build(pattern, true)
    }

    fn build(pattern: &str, any_case: bool) -> Result<NamePattern> {
        let glob = globset::GlobBuilder::new(pattern)
            .literal_separator(true)
            .case_insensitive(any_case)
            .build()
            .map_err(|cause| Error::Pattern {
                pattern: pattern.to_string(),
                cause,
            })?;
        Ok(NamePattern {
            glob: glob.compile_matcher(),
            whole_path: pattern.contains('/'),
        })
    }

    /// True when `path` (below the folder searched) matches: its file name, or the whole path
    /// for a pattern with a `/`.
    pub fn matches(&self, path: &Path) -> bool {
        if self.whole_path {
            return self.glob.is_match(path);
        }
        path.file_name()
            .is_some_and(|name| self.glob.is_match(Path::new(name)))
    }
}

/// Files already taken by a walk, by identity, with the path each was first taken under.
#[derive(Debug, Default)]
pub struct SeenFiles(std::collections::HashMap<FileId, PathBuf>, usize);

impl SeenFiles {
    /// No file seen yet.
    pub fn new() -> SeenFiles {
        SeenFiles::default()
    }

    /// How many files walks have skipped as already taken.
    pub fn skipped(&self) -> usize {
        self.1
    }

    /// Takes `path` (a file given by name): the name it was taken under before, if it was.
    pub fn take(&mut self, path: &Path) -> Option<PathBuf> {
        let id = FileId::of(path)?;
        match self.0.get(&id) {
            Some(first) => {
                self.1 += 1;
                Some(first.clone())
            }
            None => {
                self.0.insert(id, path.to_path_buf());
                None
            }
        }
    }
}

/// Files below `dir` (at any depth, following symbolic links) that `accept` takes, sorted by
/// path, each file once. See [`files_under_once`].
pub fn files_under(
    dir: &Path,
    accept: &dyn Fn(&Path) -> bool,
    warn: &mut dyn FnMut(String),
) -> Result<Vec<PathBuf>> {
    files_under_once(dir, accept, &mut SeenFiles::new(), warn)
}

/// Files below `dir` that `accept` takes, sorted by path, skipping files in `seen` and adding
/// the rest. Each is reported to `warn`: a link back into a folder being walked (a loop), a
/// file reached again under another name (through a link, or a hard link), and a name that is
/// not a regular file (a FIFO, device or socket, which could block or never end). Any other
/// error stops the walk.
pub fn files_under_once(
    dir: &Path,
    accept: &dyn Fn(&Path) -> bool,
    seen: &mut SeenFiles,
    warn: &mut dyn FnMut(String),
) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(true) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                if let Some(ancestor) = e.loop_ancestor() {
                    let at = e.path().unwrap_or(dir);
                    warn(format!(
                        "warning: {}: skipped, a link back to {}",
                        at.display(),
                        ancestor.display()
                    ));
                    continue;
                }
                if let Some(link) = e.path().filter(|p| is_dangling_link(p)) {
                    warn(format!(
                        "warning: {}: skipped, a link to nothing",
                        link.display()
                    ));
                    continue;
                }
                let at = e.path().unwrap_or(dir).to_path_buf();
                let cause = e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("cannot walk this folder"));
                return Err(Error::io(at, "cannot read folder", cause));
            }
        };
        if entry.file_type().is_dir() || !accept(entry.path()) {
            continue;
        }
        if !entry.file_type().is_file() {
            warn(format!(
                "warning: {}: skipped, not a regular file (a FIFO, device or socket)",
                entry.path().display()
            ));
            continue;
        }
        let meta = entry
            .metadata()
            .map_err(|e| Error::io(entry.path(), "cannot read", e.into()))?;
        found.push((entry.into_path(), FileId::of_metadata(&meta)));
    }
    found.sort();
    let mut files = Vec::with_capacity(found.len());
    let mut again: Vec<(PathBuf, PathBuf)> = Vec::new();
    for (path, id) in found {
        match id {
            Some(id) => match seen.0.get(&id) {
                Some(first) => again.push((path, first.clone())),
                None => {
                    seen.0.insert(id, path.clone());
                    files.push(path);
                }
            },
            None => files.push(path),
        }
    }
    seen.1 += again.len();
    if let Some((path, first)) = again.first() {
        let how = if path == first {
            format!("already read (e.g. {})", path.display())
        } else {
            format!(
                "reached again under another name (e.g. {} is {})",
                path.display(),
                first.display()
            )
        };
        warn(format!(
            "warning: {}: {} file(s) skipped, {how}",
            dir.display(),
            again.len()
        ));
    }
    Ok(files)
}

/// A symbolic link whose target does not exist.
fn is_dangling_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
        && std::fs::metadata(path).is_err()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_file_names() {
        let m = |p: &str, name: &str| NamePattern::new(p).unwrap().matches(Path::new(name));
        assert!(m("*.txt", "a.txt"));
        assert!(m("*.txt", "dir/sub/a.txt"));
        assert!(!m("*.txt", "a.txt.bak"));
        assert!(m("art-??.jsonl", "art-01.jsonl"));
        assert!(m("*", "anything"));
        assert!(!m("a*b", "acc"));
        assert!(NamePattern::new("[").is_err());
        // With a `/`, the path below the folder searched.
        assert!(m("**/*.txt", "a.txt") && m("**/*.txt", "b/c/a.txt"));
        assert!(m("b/*.txt", "b/a.txt") && !m("b/*.txt", "b/c/a.txt"));
        assert!(!m("b/*.txt", "a.txt"));
    }

    #[test]
    fn walks_sorted_and_filtered() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("b/c")).unwrap();
        for f in ["b/c/x.txt", "b/a.txt", "a.txt", "skip.md"] {
            std::fs::write(d.join(f), "x").unwrap();
        }
        let txt = NamePattern::new("*.txt").unwrap();
        let files = files_under(d, &|p| txt.matches(p), &mut |_| {}).unwrap();
        let rel: Vec<_> = files.iter().map(|f| f.strip_prefix(d).unwrap()).collect();
        assert_eq!(
            rel,
            [
                Path::new("a.txt"),
                Path::new("b/a.txt"),
                Path::new("b/c/x.txt")
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_loop_is_skipped_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("sports")).unwrap();
        std::fs::write(d.join("sports/a.txt"), "x").unwrap();
        std::os::unix::fs::symlink("..", d.join("sports/up")).unwrap();
        let mut warnings = Vec::new();
        let files = files_under(d, &|_| true, &mut |w| warnings.push(w)).unwrap();
        assert_eq!(files, [d.join("sports/a.txt")]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("up"), "{warnings:?}");
    }

    #[cfg(unix)]
    #[test]
    fn each_file_is_taken_once_and_fifos_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("sports")).unwrap();
        std::fs::create_dir_all(d.join("politics")).unwrap();
        std::fs::write(d.join("politics/p.txt"), "x").unwrap();
        std::fs::write(d.join("sports/s.txt"), "x").unwrap();
        // A link to a sibling folder (no loop) and a second name for a file.
        std::os::unix::fs::symlink("../politics", d.join("sports/also")).unwrap();
        std::os::unix::fs::symlink("gone.txt", d.join("sports/dangling.txt")).unwrap();
        std::fs::hard_link(d.join("sports/s.txt"), d.join("sports/t.txt")).unwrap();
        let fifo = d.join("sports/pipe.txt");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let mut warnings = Vec::new();
        let files = files_under(d, &|_| true, &mut |w| warnings.push(w)).unwrap();
        assert_eq!(files, [d.join("politics/p.txt"), d.join("sports/s.txt")]);
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("dangling.txt: skipped, a link to nothing"))
        );
        assert!(
            warnings.iter().any(|w| w.contains("pipe.txt")),
            "{warnings:?}"
        );
        assert!(
            warnings.iter().any(|w| w.contains("2 file(s) skipped")),
            "{warnings:?}"
        );
        // A set shared between walks skips what an earlier walk took.
        let mut seen = SeenFiles::new();
        let a = files_under_once(&d.join("politics"), &|_| true, &mut seen, &mut |_| {}).unwrap();
        let b = files_under_once(&d.join("sports"), &|_| true, &mut seen, &mut |_| {}).unwrap();
        assert_eq!(a, [d.join("politics/p.txt")]);
        assert_eq!(b, [d.join("sports/s.txt")]);
    }
}
