//! File identity: the device and inode a path leads to, so that two names for one file (a
//! link, `./a.txt` and `a.txt`, standard input redirected from it) are known to be one.

use std::fs::Metadata;
use std::path::Path;

/// The identity of a file: its device and inode number (Unix). Elsewhere none is known, and
/// [`FileId::of`] returns `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId {
    dev: u64,
    ino: u64,
}

impl FileId {
    /// The identity of the file `path` leads to (links followed); `None` when it does not exist
    /// or cannot be looked at.
    pub fn of(path: &Path) -> Option<FileId> {
        std::fs::metadata(path)
            .ok()
            .and_then(|m| FileId::of_metadata(&m))
    }

    /// The identity recorded in `meta`.
    #[cfg(unix)]
    pub fn of_metadata(meta: &Metadata) -> Option<FileId> {
        use std::os::unix::fs::MetadataExt;
        Some(FileId {
            dev: meta.dev(),
            ino: meta.ino(),
        })
    }

    /// The identity recorded in `meta` (none on this system).
    #[cfg(not(unix))]
    pub fn of_metadata(_meta: &Metadata) -> Option<FileId> {
        None
    }

    /// The identity of what standard input reads, when it is a file.
    #[cfg(unix)]
    pub fn of_stdin() -> Option<FileId> {
        use std::os::fd::AsFd;
        let fd = std::io::stdin().as_fd().try_clone_to_owned().ok()?;
        let meta = std::fs::File::from(fd).metadata().ok()?;
        FileId::of_metadata(&meta)
    }

    /// The identity of what standard input reads (none on this system).
    #[cfg(not(unix))]
    pub fn of_stdin() -> Option<FileId> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_names_of_one_file_are_one_file() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("a.txt"), "x").unwrap();
        std::fs::write(d.join("b.txt"), "x").unwrap();
        std::fs::hard_link(d.join("a.txt"), d.join("hard.txt")).unwrap();
        let a = FileId::of(&d.join("a.txt"));
        assert!(a.is_some());
        assert_eq!(a, FileId::of(&d.join("./hard.txt")));
        assert_ne!(a, FileId::of(&d.join("b.txt")));
        assert_eq!(FileId::of(&d.join("missing")), None);
    }
}
