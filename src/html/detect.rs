//! Is this a web page? By file name (`.html`, `.htm`, `.xhtml`, `.html.gz`) or by content (a
//! doctype, an `<html` tag, or a run of tags at the start).

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

/// True when the bytes start like a web page: after a byte-order mark and white space, a
/// doctype, `<html`, `<head`, `<body`, `<meta`, an XML declaration followed by `<html`, or a
/// comment; or when at least three of the first lines' tags are known HTML elements.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let s = &head[start..];
    let starts = |p: &[u8]| s.len() >= p.len() && s[..p.len()].eq_ignore_ascii_case(p);
    if [
        &b"<!doctype html"[..],
        b"<html",
        b"<head",
        b"<body",
        b"<meta",
        b"<!--",
    ]
    .iter()
    .any(|p| starts(p))
    {
        return true;
    }
    if starts(b"<?xml") {
        return find_ci(head, b"<html");
    }
    s.first() == Some(&b'<') && known_tags(head) >= 3
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
        assert!(!looks_like_html(b"Rates rose <b>sharply</b> on Monday."));
        assert!(!looks_like_html(b"<?xml version=\"1.0\"?><rss></rss>"));
        assert!(!looks_like_html(b"<p>only one tag"));
        assert!(!looks_like_html(b""));
    }
}
