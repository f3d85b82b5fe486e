//! Web pages in: recognise a saved page, decode it, and extract its article.
//!
//! - [`detect`]: is this a page (by name: `.html`, `.htm`, `.html.gz`; or by content);
//! - [`decode`]: bytes to text by the page's `<meta charset>` (encoding_rs), with fallbacks;
//! - [`prepass`]: the linear pre-pass that drops scripts, styles and comments and bounds
//!   nesting depth and size before parsing;
//! - [`extract_text`]: the article and its metadata, by the rs-trafilatura crate, as a [`Page`];
//! - `markup`: which lines of the extracted text are list items, and the `<pre>` blocks;
//! - `tidy`: the headline, byline and date lines before the article, and a "related" block
//!   after it, removed (measured on the development pages);
//! - [`read_article`], [`article_text`]: inputs that may be pages, as the pipeline's text;
//! - [`page_from_text`]: plain text as a [`Page`], for `newsdesk extract --input text`.
//!
//! [`Page::body`] is the text `newsdesk extract` prints; [`Page::article_text`] is the text
//! the rest of the pipeline reads (title and metadata lines, then the body).

pub mod decode;
pub mod detect;
mod extract;
mod input;
mod markup;
mod plain;
pub mod prepass;
mod tidy;

pub use decode::{DecodedPage, decode_page};
pub use detect::{PageName, is_text_name, is_unmistakably_html, looks_like_html, page_name};
pub use extract::extract_text;
pub use input::{
    InputKind, article_text, article_text_titled, is_page, page_from_bytes, page_from_bytes_as,
    page_of, page_of_row, read_article, read_page,
};
pub use plain::page_from_text;

use std::io::Read;

/// Most bytes a compressed page is inflated to (64 MB): the rest is not read, with a note.
/// The pre-pass keeps at most [`prepass::MAX_BYTES`] of markup, and the development pages
/// keep it within their first few MB; a page is read whole up to here (the 50 MB page of the
/// README's measurements too), while a gzip bomb costs no more memory than this and its
/// compressed bytes.
pub const MAX_INFLATED_BYTES: usize = 64 << 20;

/// Why a page gave no article.
#[derive(Debug, thiserror::Error)]
pub enum HtmlError {
    /// A `.html.gz` that is not gzip data, or is damaged.
    #[error("not a readable gzip file ({0}); a .html.gz page must be gzip-compressed")]
    NotGzip(std::io::Error),
    /// Gzip data found by its first bytes (standard input, a `.gz` file) that is no web page
    /// once decompressed.
    #[error(
        "gzip-compressed data that is not a web page once decompressed; decompress it first (gunzip -c FILE | newsdesk …), or give --input html"
    )]
    CompressedNotHtml,
    /// The page has no article text (empty, script-only, or only navigation).
    #[error("no article text found in this page")]
    NoArticle,
    /// The extraction crate failed.
    #[error("the article could not be extracted: {0}")]
    Extractor(String),
}

/// An article taken out of a web page.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Page {
    /// The headline (JSON-LD, OpenGraph, `<title>`).
    pub title: Option<String>,
    /// The author line.
    pub byline: Option<String>,
    /// The publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The site's name.
    pub site: Option<String>,
    /// The page's language code.
    pub language: Option<String>,
    /// The page's canonical address.
    pub url: Option<String>,
    /// The article's paragraphs in order: headings and list items are paragraphs of their own.
    pub paragraphs: Vec<String>,
    /// Notes for the user about what had to be worked around (encoding, size, depth).
    #[serde(skip)]
    pub notes: Vec<String>,
}

impl Page {
    /// The article body: paragraphs separated by blank lines (what `newsdesk extract` prints).
    pub fn body(&self) -> String {
        self.paragraphs.join("\n\n")
    }

    /// [`Page::article_text`] with the length in bytes of the title at its start (0 without
    /// one), for [`crate::text::Article::parse_titled`].
    pub fn titled_text(&self) -> (String, usize) {
        (
            self.article_text(),
            self.title.as_ref().map_or(0, String::len),
        )
    }

    /// The text the pipeline reads: the title, a `Published: <date>` line and a `By <byline>`
    /// line (the byline as it is when it already starts with `By `) whenever they are known,
    /// each followed by a blank line, then [`Page::body`]. Spans of results point into this
    /// text, so it is rebuilt from `extract --format json` by that rule alone.
    pub fn article_text(&self) -> String {
        let mut text = String::new();
        if let Some(t) = &self.title {
            text.push_str(t);
            text.push_str("\n\n");
        }
        if let Some(d) = &self.date {
            text.push_str(&format!("Published: {d}\n\n"));
        }
        if let Some(b) = &self.byline {
            text.push_str(&byline_line(b));
            text.push_str("\n\n");
        }
        text.push_str(&self.body());
        text
    }
}

/// The byline as a line of [`Page::article_text`]: `By <byline>`, or the byline itself when
/// it starts with `By ` already (`By STEVE PEOPLES`).
fn byline_line(byline: &str) -> String {
    let has_by = byline
        .get(..3)
        .is_some_and(|b| b.eq_ignore_ascii_case("by "));
    if has_by {
        byline.to_string()
    } else {
        format!("By {byline}")
    }
}

/// Decodes page bytes and extracts the article; encoding notes join the page's notes.
pub fn extract_bytes(bytes: Vec<u8>) -> Result<Page, HtmlError> {
    if is_binary(&bytes) {
        return Err(HtmlError::NoArticle);
    }
    let decoded = decode_page(bytes);
    let mut page = extract_text(&decoded.text)?;
    page.notes.extend(decoded.note);
    Ok(page)
}

/// True for bytes that are no text: without a byte-order mark, more than 10% of the first
/// 8 KB are control bytes (other than tab, line and page breaks). Such a file named `.html`
/// gives no article rather than a page of mojibake.
pub fn is_binary(bytes: &[u8]) -> bool {
    if encoding_rs::Encoding::for_bom(bytes).is_some() {
        return false;
    }
    let head = &bytes[..bytes.len().min(8192)];
    let control = head
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f)
        .count();
    control * 10 > head.len()
}

/// True for bytes that start with the gzip magic number (1f 8b).
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x1f\x8b")
}

/// Inflates a `.html.gz` page, refusing one that is not gzip. Streams into one buffer that
/// grows with what is read and stops at [`MAX_INFLATED_BYTES`]; says whether the page was cut
/// there.
pub fn gunzip(bytes: &[u8]) -> Result<(Vec<u8>, bool), HtmlError> {
    gunzip_capped(bytes, MAX_INFLATED_BYTES)
}

fn gunzip_capped(bytes: &[u8], cap: usize) -> Result<(Vec<u8>, bool), HtmlError> {
    let mut inflate = flate2::read::GzDecoder::new(bytes);
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len().saturating_mul(4).clamp(1 << 16, cap));
    let mut chunk = vec![0u8; 1 << 16];
    loop {
        let n = inflate.read(&mut chunk).map_err(HtmlError::NotGzip)?;
        if n == 0 {
            return Ok((out, false));
        }
        if n > cap - out.len() {
            out.extend_from_slice(&chunk[..cap - out.len()]);
            drop_partial_char(&mut out);
            return Ok((out, true));
        }
        if out.len() + n > out.capacity() {
            // Doubling, but never past the cap: no buffer of twice the cap.
            let want = (out.capacity() * 2).max(out.len() + n).min(cap);
            out.reserve_exact(want - out.len());
        }
        out.extend_from_slice(&chunk[..n]);
    }
}

/// Drops a UTF-8 character cut short at the end of `bytes`.
fn drop_partial_char(bytes: &mut Vec<u8>) {
    let tail = bytes.len().saturating_sub(3);
    if let Some(k) = (tail..bytes.len()).rev().find(|&i| bytes[i] >= 0xC0) {
        let need = match bytes[k] {
            0xF0.. => 4,
            0xE0.. => 3,
            _ => 2,
        };
        if bytes.len() - k < need {
            bytes.truncate(k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn gzip_pages_inflate_and_bad_ones_are_refused() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"<p>Hello</p>").unwrap();
        let (page, cut) = gunzip(&gz.finish().unwrap()).unwrap();
        assert_eq!((&page[..], cut), (&b"<p>Hello</p>"[..], false));
        let e = gunzip(b"<html>plain, not gzip</html>").unwrap_err();
        assert!(e.to_string().contains("gzip"), "{e}");
    }

    #[test]
    fn a_large_gzip_page_is_cut_at_the_cap_in_one_buffer_of_the_cap() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        for _ in 0..100_000 {
            gz.write_all("<p>Été à Zürich.</p>\n".as_bytes()).unwrap();
        }
        let cap = 1_000_001;
        let (page, cut) = gunzip_capped(&gz.finish().unwrap(), cap).unwrap();
        assert!(cut);
        assert!(page.len() <= cap && page.len() > cap - 4, "{}", page.len());
        assert!(page.capacity() <= cap, "{}", page.capacity());
        assert!(
            std::str::from_utf8(&page).is_ok(),
            "no character cut in two"
        );
    }

    #[test]
    fn binary_bytes_give_no_article() {
        let noise: Vec<u8> = (0..20_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        assert!(is_binary(&noise));
        assert!(matches!(
            extract_bytes(noise.clone()),
            Err(HtmlError::NoArticle)
        ));
        assert!(!is_binary(
            "<p>Text, tabs\tand\r\nbreaks, accents é ü.</p>".as_bytes()
        ));
    }

    #[test]
    fn article_text_puts_title_and_metadata_first() {
        let page = Page {
            title: Some("Dam opens".into()),
            byline: Some("Ana Lind".into()),
            date: Some("2025-01-02".into()),
            paragraphs: vec!["First.".into(), "Second.".into()],
            ..Page::default()
        };
        assert_eq!(page.body(), "First.\n\nSecond.");
        assert_eq!(
            page.article_text(),
            "Dam opens\n\nPublished: 2025-01-02\n\nBy Ana Lind\n\nFirst.\n\nSecond."
        );
        let article = crate::text::Article::parse(page.article_text());
        assert_eq!(article.title(), Some("Dam opens"));
        assert_eq!(article.paragraphs.len(), 2);
        // Every byline is written, however long; one that says `By` already is not doubled.
        for (byline, line) in [
            (
                "Kevin Ortiz and Mara Lind, Staff Writers",
                "By Kevin Ortiz and Mara Lind, Staff Writers",
            ),
            ("BY STEVE HOLM", "BY STEVE HOLM"),
        ] {
            let page = Page {
                byline: Some(byline.into()),
                ..page.clone()
            };
            assert!(
                page.article_text()
                    .contains(&format!("\n\n{line}\n\nFirst."))
            );
        }
    }
}
