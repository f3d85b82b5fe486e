//! Is this a web page? By file name (`.html`, `.htm`, `.xhtml`, `.html.gz`) or by content.
//!
//! The rule ([`super::is_page`]): a page name makes a page; a text name (`.txt`, `.text`,
//! `.md`, `.markdown`) makes text unless the content is unmistakably a page
//! ([`is_unmistakably_html`]: a doctype or `<html>`); any other name, standard input and JSONL
//! `"text"` fields go by [`looks_like_html`]. Content is judged after a byte-order mark, white
//! space and comments, so a page that opens with `<!-- saved from … -->` is a page and a text
//! that opens with a comment is text.

use std::path::Path;

/// What an input's name says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageName {
    /// `.html`, `.htm` or `.xhtml`.
    Html,
    /// `.html.gz` or `.htm.gz`: a gzip-compressed page.
    HtmlGz,
    /// Anything else: decide by content.
    Other,
}

/// Classifies a path by its extension (any case).
pub fn page_name(path: &Path) -> PageName {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let page = |n: &str| n.ends_with(".html") || n.ends_with(".htm") || n.ends_with(".xhtml");
    if let Some(inner) = name.strip_suffix(".gz")
        && page(inner)
    {
        return PageName::HtmlGz;
    }
    if page(&name) {
        PageName::Html
    } else {
        PageName::Other
    }
}

/// True when the path's extension says plain text: `.txt`, `.text`, `.md`, `.markdown` (any
/// case).
pub fn is_text_name(path: &Path) -> bool {
    path.extension().is_some_and(|e| {
        ["txt", "text", "md", "markdown"]
            .iter()
            .any(|t| e.eq_ignore_ascii_case(t))
    })
}

/// How far into the bytes content is judged.
const HEAD: usize = 4096;

/// The first [`HEAD`] bytes after a byte-order mark, white space and whole comments (empty
/// when a comment does not end there).
fn opening(bytes: &[u8]) -> &[u8] {
    let head = &bytes[..bytes.len().min(HEAD)];
    let mut s = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    loop {
        s = s.trim_ascii_start();
        let Some(rest) = s.strip_prefix(b"<!--") else {
            return s;
        };
        match memchr::memmem::find(rest, b"-->") {
            Some(end) => s = &rest[end + 3..],
            None => return &[],
        }
    }
}

/// True when `s` starts with the tag `<name` (any case) followed by the tag's end, a space or
/// a line break.
fn starts_tag(s: &[u8], name: &[u8]) -> bool {
    let n = name.len() + 1;
    s.len() > n
        && s[0] == b'<'
        && s[1..n].eq_ignore_ascii_case(name)
        && matches!(s[n], b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r')
}

/// True when the bytes open, after a byte-order mark, white space and comments, with an HTML
/// doctype, an `<html>` tag, or an XML declaration followed by `<html`: a page whatever its
/// name.
pub fn is_unmistakably_html(bytes: &[u8]) -> bool {
    let s = opening(bytes);
    let starts = |p: &[u8]| s.len() >= p.len() && s[..p.len()].eq_ignore_ascii_case(p);
    starts(b"<!doctype html")
        || starts_tag(s, b"html")
        || (starts(b"<?xml") && find_ci(s, b"<html"))
}

/// True when the bytes start like a web page: [`is_unmistakably_html`], or (after a byte-order
/// mark, white space and comments) a `<head>`, `<body>` or `<meta>` tag, or a tag with at
/// least three tags of known HTML elements in the first kilobyte.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    if is_unmistakably_html(bytes) {
        return true;
    }
    let s = opening(bytes);
    ["head", "body", "meta"]
        .iter()
        .any(|t| starts_tag(s, t.as_bytes()))
        || (s.first() == Some(&b'<') && known_tags(&s[..s.len().min(1024)]) >= 3)
}

fn find_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// How many opening tags in `head` name common block elements.
fn known_tags(head: &[u8]) -> usize {
    const TAGS: &[&[u8]] = &[
        b"div", b"p", b"span", b"a", b"article", b"section", b"h1", b"h2", b"h3", b"ul", b"li",
        b"table", b"title", b"br", b"main", b"header", b"nav", b"script", b"link",
    ];
    let mut n = 0;
    for (i, _) in head.iter().enumerate().filter(|(_, b)| **b == b'<') {
        let rest = &head[i + 1..];
        let end = rest
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let name = &rest[..end];
        let closes = rest
            .get(end)
            .is_some_and(|b| matches!(b, b'>' | b' ' | b'/' | b'\n'));
        if closes && TAGS.iter().any(|t| name.eq_ignore_ascii_case(t)) {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(page_name(Path::new("a/story.HTML")), PageName::Html);
        assert_eq!(page_name(Path::new("story.htm")), PageName::Html);
        assert_eq!(page_name(Path::new("story.html.gz")), PageName::HtmlGz);
        assert_eq!(page_name(Path::new("notes.txt")), PageName::Other);
        assert_eq!(page_name(Path::new("data.gz")), PageName::Other);
        assert_eq!(page_name(Path::new("html")), PageName::Other);
    }

    #[test]
    fn content() {
        assert!(looks_like_html(b"\xEF\xBB\xBF  <!DOCTYPE html><html>"));
        assert!(looks_like_html(
            b"\n<html lang=\"en\"><body>x</body></html>"
        ));
        assert!(looks_like_html(
            b"<?xml version=\"1.0\"?>\n<html xmlns=\"x\">"
        ));
        assert!(looks_like_html(b"<div class=a><p>One</p><p>Two</p></div>"));
        assert!(looks_like_html(b"<meta charset=\"utf-8\"><p>Hi"));
        assert!(!looks_like_html(b"Rates rose <b>sharply</b> on Monday."));
        assert!(!looks_like_html(b"<?xml version=\"1.0\"?><rss></rss>"));
        assert!(!looks_like_html(b"<p>only one tag"));
        assert!(!looks_like_html(b"<htmlish> is not a tag we know"));
        assert!(!looks_like_html(b""));
    }

    #[test]
    fn comments_are_looked_past() {
        let saved = b"<!-- saved from url=(0014)about:internet -->\r\n<html><body>x</body></html>";
        assert!(is_unmistakably_html(saved) && looks_like_html(saved));
        assert!(!looks_like_html(
            b"<!-- filed by the night desk -->\nThe ferry strike ended on Monday."
        ));
        assert!(!looks_like_html(b"<!-- a comment that never ends <html>"));
    }

    #[test]
    fn unmistakable_pages() {
        assert!(is_unmistakably_html(b"  <!doctype HTML>\n<title>x</title>"));
        assert!(is_unmistakably_html(b"<HTML>"));
        assert!(!is_unmistakably_html(b"<meta charset=\"utf-8\"><p>Hi</p>"));
        assert!(!is_unmistakably_html(b"<div><p>One</p><p>Two</p></div>"));
    }

    #[test]
    fn text_names() {
        for name in ["a.txt", "b.TXT", "c.md", "d.text", "e.Markdown"] {
            assert!(is_text_name(Path::new(name)), "{name}");
        }
        for name in ["a.html", "b.jsonl", "txt", "c.txt.gz"] {
            assert!(!is_text_name(Path::new(name)), "{name}");
        }
    }
}
