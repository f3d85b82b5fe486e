//! Reading text: read the bytes, decode them, pass on any encoding warning.

use crate::error::{Error, Result};
use crate::text::decode::decode_owned;
use std::io::Read;
use std::path::Path;

/// Reads and decodes a file; `warn` receives a note when the bytes were not clean UTF-8.
pub fn read_text(path: &Path, warn: &mut dyn FnMut(String)) -> Result<String> {
    if path.is_dir() {
        return Err(Error::io(
            path,
            "cannot read",
            std::io::Error::other("it is a directory, not a file"),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, "cannot read", e))?;
    Ok(decoded(bytes, &path.display().to_string(), warn))
}

/// Reads everything from `reader` (standard input, say, named `name` in messages) and decodes
/// it like [`read_text`].
pub fn read_text_from(
    reader: &mut dyn Read,
    name: &str,
    warn: &mut dyn FnMut(String),
) -> Result<String> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(name, "cannot read", e))?;
    Ok(decoded(bytes, name, warn))
}

fn decoded(bytes: Vec<u8>, name: &str, warn: &mut dyn FnMut(String)) -> String {
    let decoded = decode_owned(bytes);
    if let Some(w) = decoded.warning(name) {
        warn(w);
    }
    decoded.text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_warns_with_the_name() {
        let mut warnings = Vec::new();
        let text =
            read_text_from(&mut &b"caf\xe9"[..], "old.txt", &mut |w| warnings.push(w)).unwrap();
        assert_eq!(text, "café");
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("old.txt"), "{warnings:?}");
    }

    #[test]
    fn a_folder_is_not_read_as_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_text(dir.path(), &mut |_| {}).unwrap_err().to_string();
        assert!(e.contains("directory"), "{e}");
    }
}
