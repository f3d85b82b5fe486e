//! The pre-pass before parsing: one linear scan over the page that drops what extraction never
//! uses and bounds what the parser is given.
//!
//! - scripts (JSON-LD metadata excepted), styles, inline SVG and comments are cut: on news
//!   pages they are about two thirds of the bytes, and the parser and extractor would walk
//!   them for nothing; so are navigation, asides, frames, templates, menus and buttons, which
//!   the extractor removes anyway, and the site's masthead (a `<header>` outside any
//!   `<article>` or `<main>` with under 200 characters of text outside links; one with more,
//!   an article set in a header, is kept as a `<div>`, since the extractor would drop it);
//! - elements nested deeper than [`MAX_DEPTH`] lose their tags (their text stays): the
//!   extractor's work grows with depth times size, so a 100,000-deep nest would take minutes;
//! - tables nested deeper than [`MAX_TABLE_DEPTH`] lose their tags (text kept);
//! - the markup kept is cut at [`MAX_BYTES`] or [`MAX_ELEMENTS`] (at a tag boundary), so the
//!   extractor's time stays well under a second whatever the page; the largest development page
//!   keeps 190 KB, and the extractor stops at a million characters of text anyway.

/// Deepest element nesting given to the parser.
pub const MAX_DEPTH: usize = 256;
/// Most markup bytes given to the parser.
pub const MAX_BYTES: usize = 1 << 20;
/// Most elements given to the parser: the extractor's time and memory grow with them (100,000
/// bare `<p>` took 1.3 s and 240 MB); the markup is cut at the tag that passes this.
pub const MAX_ELEMENTS: usize = 30_000;
/// Deepest nesting of tables given to the parser: each adds four levels to the tree and the
/// extractor reads every table's text again for each table around it.
pub const MAX_TABLE_DEPTH: usize = 16;

/// Parts of a table, dropped (their text kept) inside a table dropped for nesting.
const TABLE_PARTS: &[&[u8]] = &[
    b"tr",
    b"td",
    b"th",
    b"tbody",
    b"thead",
    b"tfoot",
    b"caption",
    b"colgroup",
    b"col",
];

/// The trimmed page and what the pre-pass had to cut beyond the usual.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Trimmed {
    /// The markup to parse.
    pub html: String,
    /// Tags dropped for nesting deeper than [`MAX_DEPTH`].
    pub too_deep: usize,
    /// True when the page was cut at [`MAX_BYTES`].
    pub truncated: bool,
}

/// Elements cut with their content: the extractor's cleaning removes them all the same (the
/// extraction of the 89 development pages is byte-identical, with 12% fewer instructions).
/// A `<header>` outside `<article>` and `<main>` (the site's masthead) goes too: the same text
/// on every development page, 7% fewer instructions, and one site name less that was a weather
/// widget's text. An article's own header (headline, byline, date) stays for the metadata.
/// `footer` and `noscript` are kept: the extractor keeps an article's own footer and a
/// `noscript` with real text.
const DROPPED: &[&[u8]] = &[
    b"nav",
    b"aside",
    b"iframe",
    b"template",
    b"select",
    b"button",
];

/// Elements that never deepen the tree the way the pre-pass counts it: void elements, and
/// those the parser closes implicitly (an unclosed `<p>` or `<li>` ends at the next one).
const FLAT: &[&[u8]] = &[
    b"area",
    b"base",
    b"br",
    b"col",
    b"embed",
    b"hr",
    b"img",
    b"input",
    b"link",
    b"meta",
    b"param",
    b"source",
    b"track",
    b"wbr",
    b"keygen",
    b"p",
    b"li",
    b"dt",
    b"dd",
    b"option",
    b"optgroup",
    b"tr",
    b"td",
    b"th",
    b"thead",
    b"tbody",
    b"tfoot",
    b"colgroup",
    b"caption",
    b"rb",
    b"rt",
    b"rtc",
    b"rp",
    b"html",
    b"head",
    b"body",
];

fn nests(name: &[u8]) -> bool {
    !FLAT.iter().any(|n| name.eq_ignore_ascii_case(n))
}

/// Trims `html` (see the module documentation). Linear in the page's length.
pub fn trim(html: &str) -> Trimmed {
    let h = html.as_bytes();
    let mut s = Scan {
        h,
        out: Vec::with_capacity(h.len().min(MAX_BYTES) / 2),
        depth: 0,
        dropped: 0,
        too_deep: 0,
        in_article: 0,
        kept_headers: 0,
        tables: 0,
        tables_dropped: 0,
        elements: 0,
        unclosed: [false; DROPPED.len() + 1],
    };
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'<', &h[i..]) {
        let at = i + p;
        s.out.extend_from_slice(&h[i..at]);
        if s.out.len() > MAX_BYTES || s.elements > MAX_ELEMENTS {
            i = h.len();
            break;
        }
        i = s.tag(at);
    }
    s.out.extend_from_slice(&h[i..]);
    let truncated = s.out.len() > MAX_BYTES || s.elements > MAX_ELEMENTS;
    if s.out.len() > MAX_BYTES {
        let cut = memchr::memrchr(b'<', &s.out[..MAX_BYTES]).unwrap_or(MAX_BYTES);
        s.out.truncate(cut);
    }
    // Cuts fall on ASCII '<' and '>' only, so the bytes stay UTF-8; the check is cheap.
    let html = String::from_utf8(s.out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Trimmed {
        html,
        too_deep: s.too_deep,
        truncated,
    }
}

struct Scan<'a> {
    h: &'a [u8],
    out: Vec<u8>,
    depth: usize,
    /// Opening tags dropped and not yet matched by a dropped closing tag.
    dropped: usize,
    too_deep: usize,
    /// Open `<article>` and `<main>` elements.
    in_article: usize,
    /// Open `<header>` elements kept (as `<div>`) outside an article.
    kept_headers: usize,
    /// Open tables kept, and open tables dropped for nesting deeper than [`MAX_TABLE_DEPTH`].
    tables: usize,
    tables_dropped: usize,
    /// Opening tags kept.
    elements: usize,
    /// Per name of [`DROPPED`] and then `header`: one was found never closed.
    unclosed: [bool; DROPPED.len() + 1],
}

impl Scan<'_> {
    /// Handles the markup starting with '<' at `at`; returns where to go on.
    fn tag(&mut self, at: usize) -> usize {
        let h = self.h;
        let rest = &h[at..];
        if rest.starts_with(b"<!--") {
            return memchr::memmem::find(&h[at + 4..], b"-->").map_or(h.len(), |q| at + 7 + q);
        }
        let close = rest.len() > 2 && rest[1] == b'/' && rest[2].is_ascii_alphabetic();
        if !close && !rest.get(1).is_some_and(u8::is_ascii_alphabetic) {
            self.out.push(b'<');
            return at + 1;
        }
        let from = if close { 2 } else { 1 };
        let len = rest[from..]
            .iter()
            .position(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>'))
            .unwrap_or(rest.len() - from);
        let name = &rest[from..from + len];
        let end = tag_end(h, at);
        let is = |x: &[u8]| name.eq_ignore_ascii_case(x);
        if close {
            if is(b"header") && self.kept_headers > 0 {
                self.kept_headers -= 1;
                self.depth = self.depth.saturating_sub(1);
                self.out.extend_from_slice(b"</div>");
                return end;
            }
            if is(b"article") || is(b"main") {
                self.in_article = self.in_article.saturating_sub(1);
            }
            if is(b"table") {
                if self.tables_dropped > 0 {
                    self.tables_dropped -= 1;
                    return end;
                }
                self.tables = self.tables.saturating_sub(1);
            }
            if self.tables_dropped > 0 && TABLE_PARTS.iter().any(|t| is(t)) {
                self.out.push(b' ');
                return end;
            }
            if nests(name) {
                if self.dropped > 0 {
                    self.dropped -= 1;
                    return end;
                }
                self.depth = self.depth.saturating_sub(1);
            }
            self.out.extend_from_slice(&h[at..end]);
            return end;
        }
        if is(b"script") {
            let past = past_close(h, end, b"</script");
            if memchr::memmem::find(&h[at..end], b"ld+json").is_some() {
                self.out.extend_from_slice(&h[at..past]);
            }
            return past;
        }
        if is(b"style") || is(b"svg") {
            return past_close(h, end, if is(b"svg") { b"</svg" } else { b"</style" });
        }
        if let Some(k) = DROPPED.iter().position(|d| is(d)) {
            return self.past(k, end, name);
        }
        if is(b"header") && (self.in_article == 0 || self.kept_headers > 0) {
            return self.header(at, end);
        }
        if is(b"article") || is(b"main") {
            self.in_article += 1;
        }
        if is(b"title") || is(b"textarea") {
            // Their text is raw: a '<' in it opens no tag.
            let past = past_close(
                h,
                end,
                if is(b"title") {
                    b"</title"
                } else {
                    b"</textarea"
                },
            );
            self.out.extend_from_slice(&h[at..past]);
            return past;
        }
        if is(b"table") {
            if self.tables >= MAX_TABLE_DEPTH || self.tables_dropped > 0 || self.depth >= MAX_DEPTH
            {
                self.tables_dropped += 1;
                self.too_deep += 1;
                return end;
            }
            self.tables += 1;
        }
        if self.tables_dropped > 0 && TABLE_PARTS.iter().any(|t| is(t)) {
            self.out.push(b' ');
            return end;
        }
        if nests(name) {
            if self.depth >= MAX_DEPTH {
                self.dropped += 1;
                self.too_deep += 1;
                return end;
            }
            self.depth += 1;
        }
        self.elements += 1;
        self.out.extend_from_slice(&h[at..end]);
        end
    }

    /// Past the element `DROPPED[k]` (or the header, `k == DROPPED.len()`) whose opening tag
    /// ends at `end`; only past its opening tag when it is never closed. Once an element of a
    /// name is found unclosed, later ones are not searched for (which would be quadratic).
    fn past(&mut self, k: usize, end: usize, name: &[u8]) -> usize {
        if self.unclosed[k] {
            return end;
        }
        let past = past_element(self.h, end, name);
        self.unclosed[k] = past == end;
        past
    }

    /// A `<header>` outside `<article>` and `<main>`: the site's masthead (little text outside
    /// links) goes with its content; one with more text (an article set in a header) is kept
    /// as a `<div>`, since the extractor drops such headers and would print the navigation
    /// instead. Headers inside a kept one are kept the same way.
    fn header(&mut self, at: usize, end: usize) -> usize {
        let h = self.h;
        if self.kept_headers == 0 {
            let past = self.past(DROPPED.len(), end, b"header");
            if past > end && text_outside_links(&h[end..past]) < MASTHEAD_TEXT {
                return past;
            }
        }
        if self.depth >= MAX_DEPTH {
            self.dropped += 1;
            self.too_deep += 1;
            return end;
        }
        self.depth += 1;
        self.elements += 1;
        self.kept_headers += 1;
        self.out.extend_from_slice(b"<div");
        self.out.extend_from_slice(&h[at + 7..end]);
        end
    }
}

/// A `<header>` with fewer characters of text than this outside links is a masthead.
const MASTHEAD_TEXT: usize = 200;

/// Characters of text in `h` outside `<a>` elements, tags, comments, scripts and styles.
fn text_outside_links(h: &[u8]) -> usize {
    let (mut n, mut links, mut i) = (0, 0usize, 0);
    while i < h.len() {
        let c = h[i];
        if c == b'<'
            && h.get(i + 1)
                .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/' || *b == b'!')
        {
            let close = h[i + 1] == b'/';
            let name_at = i + 1 + usize::from(close);
            let len = h[name_at..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            let name = &h[name_at..name_at + len];
            let end = tag_end(h, i);
            if name.eq_ignore_ascii_case(b"a") {
                links = if close {
                    links.saturating_sub(1)
                } else {
                    links + 1
                };
            } else if !close
                && (name.eq_ignore_ascii_case(b"script") || name.eq_ignore_ascii_case(b"style"))
            {
                let tag: &[u8] = if name.eq_ignore_ascii_case(b"script") {
                    b"</script"
                } else {
                    b"</style"
                };
                i = past_close(h, end, tag);
                continue;
            }
            i = end;
            continue;
        }
        if links == 0 && !c.is_ascii_whitespace() && c & 0xC0 != 0x80 {
            n += 1;
        }
        i += 1;
    }
    n
}

/// Index just past the '>' ending the tag that starts at `start`, skipping quoted values.
fn tag_end(h: &[u8], start: usize) -> usize {
    let mut quote = 0u8;
    let mut after_eq = false;
    for (i, &c) in h.iter().enumerate().skip(start + 1) {
        if quote != 0 {
            if c == quote {
                quote = 0;
            }
            continue;
        }
        match c {
            b'>' => return i + 1,
            b'"' | b'\'' if after_eq => quote = c,
            _ => {}
        }
        if !c.is_ascii_whitespace() {
            after_eq = c == b'=';
        }
    }
    h.len()
}

/// Index just past the closing tag `close` (lowercase, e.g. `</script`) found from `from`.
fn past_close(h: &[u8], from: usize, close: &[u8]) -> usize {
    let mut i = from;
    while let Some(p) = memchr::memchr(b'<', &h[i..]) {
        let at = i + p;
        if h.len() - at >= close.len() && h[at..at + close.len()].eq_ignore_ascii_case(close) {
            return tag_end(h, at);
        }
        i = at + 1;
    }
    h.len()
}

/// Index just past the end of the element `name` whose opening tag ends at `from`, counting
/// nested elements of the same name. An element never closed loses only its opening tag.
fn past_element(h: &[u8], from: usize, name: &[u8]) -> usize {
    let mut depth = 1usize;
    let mut i = from;
    while let Some(p) = memchr::memchr(b'<', &h[i..]) {
        let at = i + p;
        let close = h.get(at + 1) == Some(&b'/');
        let start = at + 1 + usize::from(close);
        let matches = h.len() > start + name.len()
            && h[start..start + name.len()].eq_ignore_ascii_case(name)
            && matches!(
                h[start + name.len()],
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>'
            );
        if matches {
            if close {
                depth -= 1;
                if depth == 0 {
                    return tag_end(h, at);
                }
            } else {
                depth += 1;
            }
        }
        i = at + 1;
    }
    from
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_scripts_styles_svg_comments_but_keeps_json_ld() {
        let page = "<head><title>A <b> title</title><style>p{}</style>\
            <script>var x = '<p>no</p>';</script>\
            <script type=\"application/ld+json\">{\"headline\":\"H\"}</script></head>\
            <body><!-- <p>gone</p> --><svg><text>icon</text></svg><p data-x=\"a>b\">Kept</p></body>";
        let t = trim(page).html;
        assert_eq!(
            t,
            "<head><title>A <b> title</title>\
            <script type=\"application/ld+json\">{\"headline\":\"H\"}</script></head>\
            <body><p data-x=\"a>b\">Kept</p></body>"
        );
    }

    #[test]
    fn navigation_and_asides_go_with_their_nested_content() {
        let page = "<nav><ul><li><nav>inner</nav></li></ul><p>menu</p></nav><p>Kept</p>\
            <aside class=x><aside>a</aside>b</aside><p>Also kept</p><navbar>custom</navbar>";
        assert_eq!(
            trim(page).html,
            "<p>Kept</p><p>Also kept</p><navbar>custom</navbar>"
        );
        assert_eq!(trim("<nav><p>never closed</p>").html, "<p>never closed</p>");
    }

    #[test]
    fn the_site_header_goes_but_the_article_header_stays() {
        let page = "<header><a>Logo</a></header><main><header><h1>Headline</h1></header>\
            <p>Text</p></main><article><header>By A</header></article><header>x</header>";
        assert_eq!(
            trim(page).html,
            "<main><header><h1>Headline</h1></header><p>Text</p></main>\
            <article><header>By A</header></article>"
        );
    }

    #[test]
    fn a_header_holding_the_article_is_kept_as_a_div() {
        let prose =
            "<p>The tram line extension opened to passengers on Saturday morning.</p>".repeat(4);
        let page = format!(
            "<header class=top><a href=/>Home</a> <a href=/news>News</a> Monday</header>\
             <header class=story><h1>Trams</h1>{prose}<header>inner</header></header><footer>f</footer>"
        );
        assert_eq!(
            trim(&page).html,
            format!(
                "<div class=story><h1>Trams</h1>{prose}<div>inner</div></div><footer>f</footer>"
            )
        );
        // Many unclosed headers and navs stay linear: each loses its tag only.
        let t = trim(&"<header><nav>x ".repeat(20_000));
        assert_eq!(t.html.matches('x').count(), 20_000);
    }

    #[test]
    fn unclosed_raw_text_runs_to_the_end() {
        assert_eq!(trim("<p>One</p><script>if (a < b) {").html, "<p>One</p>");
        assert_eq!(
            trim("<p>One</p><!-- never closed <p>x</p>").html,
            "<p>One</p>"
        );
        assert_eq!(trim("a < b and <3").html, "a < b and <3");
    }

    #[test]
    fn deep_nests_are_flattened_and_counted() {
        let n = 100_000;
        let page = format!("{}<p>deep</p>{}", "<div>".repeat(n), "</div>".repeat(n));
        let t = trim(&page);
        assert_eq!(t.too_deep, n - MAX_DEPTH);
        assert_eq!(t.html.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(t.html.matches("</div>").count(), MAX_DEPTH);
        assert!(t.html.contains("<p>deep</p>"));
        // Unclosed paragraphs and list items do not count as depth.
        let flat = "<li>item ".repeat(1000);
        assert_eq!(trim(&flat).too_deep, 0);
    }

    #[test]
    fn nested_tables_and_many_elements_are_bounded() {
        let n = 10_000;
        let t = trim(&"<table><tr><td>cell ".repeat(n));
        assert_eq!(t.html.matches("<table>").count(), MAX_TABLE_DEPTH);
        assert_eq!(t.html.matches("<td>").count(), MAX_TABLE_DEPTH);
        assert_eq!(t.html.matches("cell").count(), n);
        assert_eq!(t.too_deep, n - MAX_TABLE_DEPTH);
        let t = trim(&"<p>x ".repeat(3 * MAX_ELEMENTS));
        assert!(t.truncated);
        assert_eq!(t.html.matches("<p>").count(), MAX_ELEMENTS + 1);
    }

    #[test]
    fn big_markup_is_cut_at_a_tag() {
        let page = "<p>Words and more words, enough of them to fill the page quickly.</p>"
            .repeat(MAX_BYTES / 40);
        let t = trim(&page);
        assert!(t.truncated);
        assert!(
            t.html.len() <= MAX_BYTES && t.html.ends_with("</p>"),
            "{}",
            t.html.len()
        );
    }
}
