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
    InputKind, article_text, article_text_titled, is_page, page_from_bytes, page_of, read_article,
    read_page,
};
pub use plain::page_from_text;

use std::io::Read;

/// Largest page accepted once decompressed (256 MB): a `.html.gz` that inflates past this is
/// refused rather than filling memory.
pub const MAX_PAGE_BYTES: u64 = 256 << 20;

/// Why a page gave no article.
#[derive(Debug, thiserror::Error)]
pub enum HtmlError {
    /// A `.html.gz` that is not gzip data, or is damaged.
    #[error("not a readable gzip file ({0}); a .html.gz page must be gzip-compressed")]
    NotGzip(std::io::Error),
    /// A compressed page that inflates past [`MAX_PAGE_BYTES`].
    #[error("larger than {} MB once decompressed", MAX_PAGE_BYTES >> 20)]
    TooLarge,
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

    /// The text the pipeline reads: the title, a `Published: <date>` line and a `By <name>`
    /// line when known (the structure parser makes them the title and metadata blocks), then
    /// [`Page::body`]. Spans of results point into this text.
    pub fn article_text(&self) -> String {
        let mut text = String::new();
        if let Some(t) = &self.title {
            text.push_str(t);
            text.push_str("\n\n");
        }
        if let Some(d) = &self.date {
            text.push_str(&format!("Published: {d}\n\n"));
        }
        if let Some(b) = self
            .byline
            .as_ref()
            .filter(|b| b.split_whitespace().count() <= 4)
        {
            text.push_str(&format!("By {b}\n\n"));
        }
        text.push_str(&self.body());
        text
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

/// Inflates a `.html.gz` page, refusing one that is not gzip or inflates past
/// [`MAX_PAGE_BYTES`].
pub fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, HtmlError> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .take(MAX_PAGE_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(HtmlError::NotGzip)?;
    if out.len() as u64 > MAX_PAGE_BYTES {
        return Err(HtmlError::TooLarge);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn gzip_pages_inflate_and_bad_ones_are_refused() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"<p>Hello</p>").unwrap();
        assert_eq!(gunzip(&gz.finish().unwrap()).unwrap(), b"<p>Hello</p>");
        let e = gunzip(b"<html>plain, not gzip</html>").unwrap_err();
        assert!(e.to_string().contains("gzip"), "{e}");
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
    }
}
