//! File output that never destroys what was there: temporary file, flush, sync, rename.

use crate::error::{Error, Result};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// Writes `bytes` to `path` atomically. On any failure the old file, if any, is left intact
/// and the temporary file is removed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut w = AtomicFile::create(path)?;
    w.write_all(bytes)
        .map_err(|e| Error::io(path, "cannot write", e))?;
    w.commit()
}

/// A file written under a temporary name in the target's folder and renamed over the target on
/// [`AtomicFile::commit`]. The temporary file is removed whenever the write does not complete:
/// dropped without a commit, or a failed flush, sync or rename.
pub struct AtomicFile {
    target: PathBuf,
    file: BufWriter<NamedTempFile>,
}

impl AtomicFile {
    /// Starts writing a replacement for `target`.
    pub fn create(target: &Path) -> Result<AtomicFile> {
        if target.is_dir() {
            return Err(Error::io(
                target,
                "cannot write",
                std::io::Error::other("it is a directory; give a file name"),
            ));
        }
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        // Like `File::create`: readable by others as the umask allows (tempfile's default is 0600).
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let temp = builder
            .tempfile_in(dir)
            .map_err(|e| Error::io(target, "cannot create", e))?;
        Ok(AtomicFile {
            target: target.to_path_buf(),
            file: BufWriter::new(temp),
        })
    }

    /// The file this replaces.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flushes, syncs and renames the file into place. On failure the temporary file is removed.
    pub fn commit(self) -> Result<()> {
        let cannot = |action, e| Error::io(&self.target, action, e);
        // Each early return drops the `NamedTempFile`, which removes the temporary file.
        let temp = self
            .file
            .into_inner()
            .map_err(|e| cannot("cannot write", e.into_error()))?;
        temp.as_file()
            .sync_all()
            .map_err(|e| cannot("cannot write", e))?;
        temp.persist(&self.target)
            .map_err(|e| cannot("cannot replace", e.error))?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn replaces_content_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.json");
        std::fs::write(&p, "old").unwrap();
        write_atomically(&p, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(names(dir.path()), ["out.json"]);
    }

    #[test]
    fn abandoned_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("model.json");
        std::fs::write(&p, "good model").unwrap();
        {
            let mut w = AtomicFile::create(&p).unwrap();
            w.write_all(b"half").unwrap();
        }
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "good model");
        assert_eq!(names(dir.path()), ["model.json"]);
    }

    #[test]
    fn a_failed_rename_removes_the_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out");
        let mut w = AtomicFile::create(&p).unwrap();
        w.write_all(b"data").unwrap();
        // The target becomes a folder that is not empty, so the rename over it fails.
        std::fs::create_dir(&p).unwrap();
        std::fs::write(p.join("keep"), "x").unwrap();
        let err = w.commit().unwrap_err().to_string();
        assert!(err.contains("cannot replace"), "{err}");
        assert_eq!(names(dir.path()), ["out"]);
        assert_eq!(names(&p), ["keep"]);
    }

    #[test]
    fn a_missing_folder_names_the_target() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("no/such/out.json");
        let err = write_atomically(&p, b"x").unwrap_err().to_string();
        assert!(
            err.contains("out.json") && err.contains("cannot create"),
            "{err}"
        );
    }

    #[test]
    fn a_directory_target_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_atomically(dir.path(), b"x").unwrap_err().to_string();
        assert!(err.contains("directory"));
    }
}
