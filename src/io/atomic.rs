//! File output that never destroys what was there.
//!
//! A regular file is replaced atomically: a temporary file beside it, flush, sync, rename. A
//! symbolic link is followed and its final target replaced the same way (the link stays). A
//! device, FIFO or socket is written through, as a shell's `>` would. A folder is refused.
//!
//! Temporary files are removed on every failure path: a failed write, flush, sync or rename,
//! a writer dropped without [`AtomicFile::commit`], and, when the program calls
//! [`remove_unfinished`] from its signal handler, an interrupt.

use crate::error::{Error, Result};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use tempfile::NamedTempFile;

/// Writes `bytes` to `path` atomically. On any failure the old file, if any, is left intact
/// and the temporary file is removed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut w = AtomicFile::create(path)?;
    w.write_all(bytes)
        .map_err(|e| Error::write_failed_to(path, e))?;
    w.commit()
}

/// Temporary files being written now, for [`remove_unfinished`].
static UNFINISHED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes the temporary file of every [`AtomicFile`] not yet committed. For a signal handler
/// (one that runs on its own thread, as the `ctrlc` crate's does) before the process exits:
/// an interrupted write then leaves nothing behind.
pub fn remove_unfinished() {
    let paths = match UNFINISHED.lock() {
        Ok(mut paths) => std::mem::take(&mut *paths),
        Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
    };
    for p in paths {
        let _ = std::fs::remove_file(p);
    }
}

/// Whether an output file has been renamed into place in this run.
static REPLACED: AtomicBool = AtomicBool::new(false);

/// True once an [`AtomicFile`] has replaced its target in this run. For a signal handler,
/// after [`remove_unfinished`]: an interrupt that came after the rename leaves the new output,
/// not the old one, and the run should say it finished.
pub fn output_replaced() -> bool {
    REPLACED.load(Ordering::SeqCst)
}

/// Lists a temporary file in [`UNFINISHED`] for as long as this guard lives.
struct Listed(PathBuf);

impl Listed {
    fn new(path: &Path) -> Listed {
        if let Ok(mut list) = UNFINISHED.lock() {
            list.push(path.to_path_buf());
        }
        Listed(path.to_path_buf())
    }
}

impl Drop for Listed {
    fn drop(&mut self) {
        if let Ok(mut list) = UNFINISHED.lock() {
            list.retain(|p| *p != self.0);
        }
    }
}

/// How the output reaches its target.
enum Sink {
    /// A temporary file renamed over `dest` (the target, or the file its links lead to).
    Replace {
        file: BufWriter<NamedTempFile>,
        dest: PathBuf,
        listed: Listed,
    },
    /// The target itself, opened for writing: a device, FIFO or socket.
    Through(BufWriter<File>),
}

/// A file written under a temporary name in the target's folder and renamed over the target on
/// [`AtomicFile::commit`]; or, for a device or FIFO, written straight through. The temporary
/// file is removed whenever the write does not complete: dropped without a commit, or a failed
/// flush, sync or rename.
pub struct AtomicFile {
    target: PathBuf,
    sink: Sink,
}

impl AtomicFile {
    /// Starts writing a replacement for `target`.
    pub fn create(target: &Path) -> Result<AtomicFile> {
        let cannot = |e| Error::io(target, "cannot write", e);
        let dest = follow_links(target).map_err(cannot)?;
        let existing = match std::fs::metadata(&dest) {
            Ok(m) => Some(m),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(cannot(e)),
        };
        let sink = match existing {
            Some(m) if m.is_dir() => {
                return Err(cannot(std::io::Error::other(
                    "it is a directory; give a file name",
                )));
            }
            Some(m) if m.is_file() && write_protected(&dest, &m) => {
                return Err(cannot(std::io::Error::new(
                    std::io::ErrorKind::PermissionDenied,
                    "the file is write-protected; it is not replaced (make it writable or give another name)",
                )));
            }
            Some(m) if !m.is_file() => {
                // A device, FIFO or socket: the bytes go to it, it is never replaced.
                let file = File::options().write(true).open(&dest).map_err(cannot)?;
                Sink::Through(BufWriter::new(file))
            }
            _ => {
                let temp = temp_beside(&dest, existing.as_ref(), target)?;
                Sink::Replace {
                    listed: Listed::new(temp.path()),
                    file: BufWriter::new(temp),
                    dest,
                }
            }
        };
        Ok(AtomicFile {
            target: target.to_path_buf(),
            sink,
        })
    }

    /// The file this writes, as it was named.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// True when the bytes go to a temporary file that [`AtomicFile::commit`] renames over the
    /// target; false when they go straight through to a device, FIFO or socket.
    pub fn replaces(&self) -> bool {
        matches!(self.sink, Sink::Replace { .. })
    }

    /// Flushes, syncs and renames the file into place (or flushes a device or FIFO). On
    /// failure the temporary file is removed.
    pub fn commit(self) -> Result<()> {
        self.commit_when(|| Ok(()))
    }

    /// [`AtomicFile::commit`], renaming the file into place only when `ready()`, called once
    /// it is flushed and synced, succeeds; otherwise the temporary file is removed and
    /// `ready`'s error returned. (What went to a device or FIFO cannot be taken back: check
    /// before writing to one, see [`AtomicFile::replaces`].)
    pub fn commit_when(self, ready: impl FnOnce() -> Result<()>) -> Result<()> {
        let cannot = |action, e| Error::io(&self.target, action, e);
        let (file, dest, _listed) = match self.sink {
            Sink::Through(mut w) => {
                w.flush().map_err(|e| cannot("cannot write", e))?;
                return ready();
            }
            Sink::Replace { file, dest, listed } => (file, dest, listed),
        };
        // Each early return drops the `NamedTempFile`, which removes the temporary file.
        let temp = file
            .into_inner()
            .map_err(|e| cannot("cannot write", e.into_error()))?;
        temp.as_file()
            .sync_all()
            .map_err(|e| cannot("cannot write", e))?;
        ready()?;
        // The rename and its record happen under the list's lock: an interrupt handler in
        // `remove_unfinished` either removes the temporary file first (the rename then fails
        // and the old file stays) or waits and sees the output replaced.
        let list = UNFINISHED
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let renamed = temp.persist(&dest);
        if renamed.is_ok() {
            REPLACED.store(true, Ordering::SeqCst);
        }
        drop(list);
        renamed.map_err(|e| cannot("cannot replace", e.error))?;
        Ok(())
    }
}

/// Where the links from `path` lead: each symbolic link is replaced by its target (relative
/// targets resolved from the link's folder) until a path that is not a link, or does not exist.
fn follow_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            Ok(_) => return Ok(p),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(p),
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// A new temporary file in `dest`'s folder, with the permissions of the file it replaces
/// (or those a new file gets).
fn temp_beside(
    dest: &Path,
    existing: Option<&std::fs::Metadata>,
    target: &Path,
) -> Result<NamedTempFile> {
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Like `File::create`: readable by others as the umask allows (tempfile's default is
        // 0600); a replaced file keeps its own mode.
        let mode = existing.map_or(0o666, |m| m.permissions().mode() & 0o7777);
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = existing;
    builder
        .tempfile_in(dir)
        .map_err(|e| Error::io(target, "cannot create", without_temp_path(e)))
}

/// Whether an existing regular file is write-protected: no write permission bits at all (as
/// `rm` asks before removing one, even for root), or not openable for writing by this user.
/// Replacing it through a rename in a writable folder would bypass its protection.
fn write_protected(dest: &Path, meta: &std::fs::Metadata) -> bool {
    meta.permissions().readonly() || File::options().write(true).open(dest).is_err()
}

/// The cause of a failed temporary file without the temporary file's name, which tempfile
/// adds (`… at path "/dir/.x.tmp"`): the message names the target once, and that is enough.
fn without_temp_path(e: std::io::Error) -> std::io::Error {
    if e.raw_os_error().is_some() || e.get_ref().is_none() {
        return e;
    }
    let text = e.to_string();
    match text.rfind(" at path \"") {
        Some(at) => std::io::Error::new(e.kind(), text[..at].to_string()),
        None => e,
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.sink {
            Sink::Replace { file, .. } => file.write(buf),
            Sink::Through(w) => w.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.sink {
            Sink::Replace { file, .. } => file.flush(),
            Sink::Through(w) => w.flush(),
        }
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
    fn a_refusal_before_the_rename_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("model.json");
        std::fs::write(&p, "good model").unwrap();
        let mut w = AtomicFile::create(&p).unwrap();
        assert!(w.replaces());
        w.write_all(b"bad model").unwrap();
        let e = w
            .commit_when(|| Err(Error::Training("refused".into())))
            .unwrap_err();
        assert!(e.to_string().contains("refused"), "{e}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "good model");
        assert_eq!(names(dir.path()), ["model.json"]);
        let mut w = AtomicFile::create(&p).unwrap();
        w.write_all(b"new model").unwrap();
        w.commit_when(|| Ok(())).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new model");
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

    #[cfg(unix)]
    #[test]
    fn a_dangling_link_gets_its_target_written() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("models")).unwrap();
        std::os::unix::fs::symlink("models/next.json", d.join("current")).unwrap();
        write_atomically(&d.join("current"), b"new").unwrap();
        assert_eq!(
            std::fs::read_to_string(d.join("models/next.json")).unwrap(),
            "new"
        );
        assert!(
            std::fs::symlink_metadata(d.join("current"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(names(&d.join("models")), ["next.json"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_loop_is_an_error_that_names_the_target() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::os::unix::fs::symlink("b", d.join("a")).unwrap();
        std::os::unix::fs::symlink("a", d.join("b")).unwrap();
        let e = write_atomically(&d.join("a"), b"x")
            .unwrap_err()
            .to_string();
        assert!(e.contains("symbolic links"), "{e}");
        assert_eq!(names(d), ["a", "b"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("private.model");
        std::fs::write(&p, "old").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_atomically(&p, b"new").unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
