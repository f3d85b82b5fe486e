//! Walking folders: every file below a folder that a filter accepts, following symbolic links
//! but never round a loop.

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
        let glob = globset::GlobBuilder::new(pattern)
            .literal_separator(true)
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

/// Files below `dir` (at any depth, following symbolic links) that `accept` takes, sorted by
/// path. A link that leads back into a folder being walked is skipped and reported to `warn`;
/// any other error stops the walk.
pub fn files_under(
    dir: &Path,
    accept: &dyn Fn(&Path) -> bool,
    warn: &mut dyn FnMut(String),
) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
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
                let at = e.path().unwrap_or(dir).to_path_buf();
                let source = e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("cannot walk this folder"));
                return Err(Error::io(at, "cannot read folder", source));
            }
        };
        if !entry.file_type().is_dir() && accept(entry.path()) {
            files.push(entry.into_path());
        }
    }
    files.sort();
    Ok(files)
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
}
