//! Inputs that may be pages: read a file or bytes, decide page or text (by name, by content,
//! or as the user says), and give the article's text.

use super::{
    HtmlError, MAX_INFLATED_BYTES, Page, PageName, extract_bytes, gunzip, is_gzip, is_text_name,
    is_unmistakably_html, looks_like_html, page_from_text, page_name,
};
use crate::error::{Error, Result};
use crate::text::decode::decode_owned;
use std::path::Path;

/// How to read an input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum InputKind {
    /// A page when its name (`.html`, `.htm`, `.html.gz`) or its first bytes say so, else text.
    #[default]
    Auto,
    /// Always a web page.
    Html,
    /// Always plain text (markup is read as words).
    Text,
}

/// True when `bytes` (named `name`, if a file) are to be read as a page. With
/// [`InputKind::Auto`]: gzip data (its magic bytes, whatever the name) is a compressed page
/// (refused by [`page_from_bytes_as`] if it is no page once inflated); a page name (`.html`, `.htm`, `.xhtml`, `.html.gz`) says page; a text
/// name (`.txt`, `.text`, `.md`, `.markdown`) says text unless the content is unmistakably a
/// page ([`is_unmistakably_html`]: a doctype or `<html>`); otherwise the content decides
/// ([`looks_like_html`]).
pub fn is_page(kind: InputKind, name: Option<&Path>, bytes: &[u8]) -> bool {
    match kind {
        InputKind::Html => true,
        InputKind::Text => false,
        InputKind::Auto if is_gzip(bytes) => true,
        InputKind::Auto => match name {
            Some(p) if page_name(p) != PageName::Other => true,
            Some(p) if is_text_name(p) => is_unmistakably_html(bytes),
            _ => looks_like_html(bytes),
        },
    }
}

/// Reads a page file (`.html.gz` inflated) and extracts its article. Errors name the file.
pub fn read_page(path: &Path) -> Result<Page> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, "cannot read", e))?;
    page_from_bytes(bytes, Some(path)).map_err(|e| Error::page(path.display().to_string(), e))
}

/// Extracts the article of page bytes; `name` (a file's path) tells whether to inflate them
/// (gzip data is inflated whatever its name).
pub fn page_from_bytes(bytes: Vec<u8>, name: Option<&Path>) -> Result<Page, HtmlError> {
    page_from_bytes_as(bytes, name, InputKind::Html)
}

/// Like [`page_from_bytes`]; with [`InputKind::Auto`], gzip data that came without a page name
/// (standard input, `x.gz`) must look like a page once inflated, or it is refused.
pub fn page_from_bytes_as(
    bytes: Vec<u8>,
    name: Option<&Path>,
    kind: InputKind,
) -> Result<Page, HtmlError> {
    let named = name.map_or(PageName::Other, page_name);
    if named != PageName::HtmlGz && !is_gzip(&bytes) {
        return extract_bytes(bytes);
    }
    let (inflated, cut) = gunzip(&bytes)?;
    drop(bytes);
    if kind == InputKind::Auto && named == PageName::Other && !looks_like_html(&inflated) {
        return Err(HtmlError::CompressedNotHtml);
    }
    let mut page = extract_bytes(inflated)?;
    if cut {
        page.notes.push(format!(
            "only the first {} MB of the decompressed page were read",
            MAX_INFLATED_BYTES >> 20
        ));
    }
    Ok(page)
}

/// The text an input gives the pipeline: a page's [`Page::article_text`], or the decoded
/// text. `None` for a page without an article, after a warning naming `name`. Warnings about
/// encodings and workarounds go to `warn`.
pub fn article_text(
    bytes: Vec<u8>,
    name: &str,
    path: Option<&Path>,
    kind: InputKind,
    warn: &mut dyn FnMut(String),
) -> Result<Option<String>> {
    Ok(article_text_titled(bytes, name, path, kind, warn)?.map(|(text, _)| text))
}

/// Like [`article_text`], with the length in bytes of the page's title at the start of the
/// text (0 when the input is plain text or the page has no title), so the title can be taken
/// as the article's title block rather than guessed.
pub fn article_text_titled(
    bytes: Vec<u8>,
    name: &str,
    path: Option<&Path>,
    kind: InputKind,
    warn: &mut dyn FnMut(String),
) -> Result<Option<(String, usize)>> {
    if !is_page(kind, path, &bytes) {
        let decoded = decode_owned(bytes);
        if let Some(w) = decoded.warning(name) {
            warn(w);
        }
        return Ok(Some((decoded.text, 0)));
    }
    let page = reported(page_from_bytes_as(bytes, path, kind), name, warn)?;
    Ok(page.map(|page| page.titled_text()))
}

/// An input as a [`Page`] (what `newsdesk extract` prints): a page's article, or the
/// paragraphs of plain text ([`page_from_text`]) when `kind` and the input say it is text.
/// `None` for a page without an article or a blank text, after a warning naming `name`.
/// Warnings about encodings and workarounds go to `warn`.
pub fn page_of(
    bytes: Vec<u8>,
    name: &str,
    path: Option<&Path>,
    kind: InputKind,
    warn: &mut dyn FnMut(String),
) -> Result<Option<Page>> {
    let page = if is_page(kind, path, &bytes) {
        page_from_bytes_as(bytes, path, kind)
    } else {
        let decoded = decode_owned(bytes);
        if let Some(w) = decoded.warning(name) {
            warn(w);
        }
        match page_from_text(&decoded.text) {
            Err(HtmlError::NoArticle) => {
                warn(format!("warning: {name}: no text found"));
                return Ok(None);
            }
            page => page,
        }
    };
    reported(page, name, warn)
}

/// Reads a file with [`article_text`], for training text: binary data is refused (see
/// [`crate::io::read_text_bytes`]).
pub fn read_article(
    path: &Path,
    kind: InputKind,
    warn: &mut dyn FnMut(String),
) -> Result<Option<String>> {
    if path.is_dir() {
        return Err(Error::io(
            path,
            "cannot read",
            std::io::Error::other("it is a directory, not a file"),
        ));
    }
    let name = path.display().to_string();
    // Training text: a file of binary data would become millions of junk features; it is
    // refused as it is read (gzip pages are binary, and read whole).
    let bytes = crate::io::read_text_bytes(path)?;
    article_text(bytes, &name, Some(path), kind, warn)
}

/// A page's article as a JSONL row gives it (its `"html"`): the text is already Unicode, so
/// the charset the page declares is not looked at. `None` for a page without an article,
/// after a warning naming `name`; notes go to `warn`.
pub fn page_of_row(html: &str, name: &str, warn: &mut dyn FnMut(String)) -> Result<Option<Page>> {
    reported(super::extract_text(html), name, warn)
}

/// An extraction's outcome as the commands report it: the page after its notes (each a
/// warning naming `name`), `None` after a warning for a page without an article, or an error
/// naming `name`.
fn reported(
    page: Result<Page, HtmlError>,
    name: &str,
    warn: &mut dyn FnMut(String),
) -> Result<Option<Page>> {
    match page {
        Ok(page) => {
            for note in &page.notes {
                warn(format!("warning: {name}: {note}"));
            }
            Ok(Some(page))
        }
        Err(HtmlError::NoArticle) => {
            warn(format!(
                "warning: {name}: no article text found in this page"
            ));
            Ok(None)
        }
        Err(e) => Err(Error::page(name, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &[u8] = b"<html><head><title>Pier closes for winter</title></head><body><article>\
        <p>The wooden pier at the end of the promenade closed for the winter on Sunday evening.</p>\
        <p>Repairs to its railings and lamps will start next month and last until the spring.</p>\
        </article></body></html>";

    #[test]
    fn pages_become_article_text_and_text_stays_text() {
        let mut warnings = Vec::new();
        let mut warn = |w| warnings.push(w);
        let text = article_text(PAGE.to_vec(), "p", None, InputKind::Auto, &mut warn)
            .unwrap()
            .unwrap();
        assert!(
            text.starts_with("Pier closes for winter\n\nThe wooden pier"),
            "{text}"
        );
        assert!(!text.contains('<'));
        let raw = article_text(PAGE.to_vec(), "p", None, InputKind::Text, &mut warn)
            .unwrap()
            .unwrap();
        assert!(raw.contains("<article>"));
        let plain = b"Plain <b>text</b> stays.".to_vec();
        let same = article_text(plain, "t", None, InputKind::Auto, &mut warn).unwrap();
        assert_eq!(same.as_deref(), Some("Plain <b>text</b> stays."));
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn empty_pages_warn_and_bad_gzip_is_an_error_naming_the_file() {
        let mut warnings = Vec::new();
        let got = article_text(
            b"<html><body><script>x()</script></body></html>".to_vec(),
            "empty.html",
            None,
            InputKind::Auto,
            &mut |w| warnings.push(w),
        )
        .unwrap();
        assert_eq!(got, None);
        assert!(warnings[0].contains("empty.html") && warnings[0].contains("no article"));
        let e = article_text(
            b"not gzip".to_vec(),
            "x.html.gz",
            Some(Path::new("x.html.gz")),
            InputKind::Auto,
            &mut |_| {},
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("x.html.gz") && e.contains("gzip"), "{e}");
    }
}
