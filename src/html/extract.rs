//! The article out of a page: the pre-pass, then rs-trafilatura, then the tidy-up, as a
//! [`Page`].

use super::prepass::{self, MAX_BYTES, MAX_DEPTH, MAX_ELEMENTS};
use super::{HtmlError, Page};
use crate::text::decode::is_dropped_control;
use std::sync::LazyLock;

/// Extraction options: the page is taken as an article (news is what newsdesk reads), which
/// skips the crate's page-type classifier (a third of its time) and scored higher on the
/// development pages (F1 0.9735 against 0.9723).
static OPTIONS: LazyLock<rs_trafilatura::Options> = LazyLock::new(|| rs_trafilatura::Options {
    page_type: Some(rs_trafilatura::page_type::PageType::Article),
    ..rs_trafilatura::Options::default()
});

/// Extracts the article of page text `html` (already decoded).
pub fn extract_text(html: &str) -> Result<Page, HtmlError> {
    let trimmed = prepass::trim(html);
    let mut notes = Vec::new();
    if trimmed.too_deep > 0 {
        notes.push(format!(
            "{} tags nested deeper than {MAX_DEPTH} were ignored (their text is kept)",
            trimmed.too_deep
        ));
    }
    if trimmed.truncated {
        notes.push(format!(
            "only the first {} MB or {MAX_ELEMENTS} elements of markup were read",
            MAX_BYTES >> 20
        ));
    }
    // The crate is third-party code: a panic in it must not end the run.
    let result =
        std::panic::catch_unwind(|| rs_trafilatura::extract_with_options(&trimmed.html, &OPTIONS))
            .map_err(|_| HtmlError::Extractor("it stopped on an internal error".into()))?
            .map_err(|e| HtmlError::Extractor(e.to_string()))?;
    let m = result.metadata;
    let markup = super::markup::scan(result.content_html.as_deref().unwrap_or(""));
    let mut paragraphs = paragraphs(&result.content_text);
    keep_pre_blocks(&mut paragraphs, &markup.pre);
    let mut dropped = drop_controls(&mut paragraphs);
    super::tidy::tidy(
        &mut paragraphs,
        m.title.as_deref(),
        m.author.as_deref(),
        &markup,
    );
    if paragraphs.is_empty() {
        return Err(HtmlError::NoArticle);
    }
    let mut clean = |s: Option<String>| {
        let mut s = vec![s?.split_whitespace().collect::<Vec<_>>().join(" ")];
        dropped += drop_controls(&mut s);
        s.pop()
    };
    let (title, byline, site) = (clean(m.title), clean(m.author), clean(m.sitename));
    let (language, url) = (clean(m.language), clean(m.url));
    if dropped > 0 {
        notes.push(format!(
            "dropped {dropped} control character(s) such as NUL"
        ));
    }
    Ok(Page {
        title,
        byline,
        date: m.date.map(|d| d.date_naive().to_string()),
        site,
        language,
        url,
        paragraphs,
        notes,
    })
}

/// The extractor's text, one paragraph per line: blocks (paragraphs, headings, list items,
/// table rows) come out on lines of their own, so every non-blank line is one paragraph.
fn paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

/// Drops control characters (NUL, U+0001, a vertical tab in a `<pre>` …) from the text as
/// plain text input drops them ([`is_dropped_control`]), and paragraphs left blank; gives how
/// many were dropped.
fn drop_controls(paragraphs: &mut Vec<String>) -> usize {
    let mut dropped = 0;
    for p in paragraphs.iter_mut() {
        if p.chars().any(is_dropped_control) {
            let kept: String = p.chars().filter(|&c| !is_dropped_control(c)).collect();
            dropped += p.chars().count() - kept.chars().count();
            *p = kept;
        }
    }
    paragraphs.retain(|p| !p.trim().is_empty());
    dropped
}

/// Puts each `<pre>` block back as it was written: the extractor gives its lines as lines of
/// their own with white space collapsed, which loses a listing's columns and a program's
/// indentation, and glues its first line to the paragraph before it when no white space
/// separates them in the page (`<p>…</p><pre>`), its last to the one after. The run of lines
/// that is a block, in order, becomes one paragraph holding the block's non-blank lines, white
/// space kept (trailing spaces dropped); text glued to its ends becomes paragraphs of its own.
fn keep_pre_blocks(paragraphs: &mut Vec<String>, blocks: &[String]) {
    let mut from = 0;
    for block in blocks {
        let lines: Vec<&str> = block
            .lines()
            .map(str::trim_end)
            .filter(|l| !l.trim().is_empty())
            .collect();
        let collapsed: Vec<String> = lines
            .iter()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        let n = collapsed.len();
        if n == 0 || paragraphs.len() < from + n {
            continue;
        }
        let Some((at, head, tail)) = (from..=paragraphs.len() - n)
            .find_map(|i| pre_at(&paragraphs[i..i + n], &collapsed).map(|(h, t)| (i, h, t)))
        else {
            continue;
        };
        let mut replacement: Vec<String> = Vec::with_capacity(3);
        replacement.extend(head);
        replacement.push(lines.join("\n"));
        replacement.extend(tail);
        from = at + replacement.len() - 1;
        paragraphs.splice(at..at + n, replacement);
    }
}

/// Whether `run` (as many paragraphs as the block has lines) is the block's `lines`: equal,
/// except that the first paragraph may end with the first line and the last may start with
/// the last line (text glued on; a one-line block on one side only). Gives the glued text
/// before and after.
fn pre_at(run: &[String], lines: &[String]) -> Option<(Option<String>, Option<String>)> {
    let n = lines.len();
    let (first, last) = (&run[0], &run[n - 1]);
    let before = |p: &String, l: &String| {
        p.strip_suffix(l.as_str())?
            .strip_suffix(' ')
            .map(str::to_string)
    };
    let after = |p: &String, l: &String| {
        p.strip_prefix(l.as_str())?
            .strip_prefix(' ')
            .map(str::to_string)
    };
    if n == 1 {
        return if *first == lines[0] {
            Some((None, None))
        } else if let Some(head) = before(first, &lines[0]) {
            Some((Some(head), None))
        } else {
            after(first, &lines[0]).map(|tail| (None, Some(tail)))
        };
    }
    if run[1..n - 1] != lines[1..n - 1] {
        return None;
    }
    let head = match *first == lines[0] {
        true => None,
        false => Some(before(first, &lines[0])?),
    };
    let tail = match *last == lines[n - 1] {
        true => None,
        false => Some(after(last, &lines[n - 1])?),
    };
    Some((head, tail))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="en"><head>
<title>Harbour bridge reopens after repairs | The Coastal Ledger</title>
<meta property="og:title" content="Harbour bridge reopens after repairs">
<meta property="og:site_name" content="The Coastal Ledger">
<meta name="author" content="Mara Quint">
<meta property="article:published_time" content="2025-03-14T08:00:00Z">
<script>window.tracker = "<p>not text</p>";</script>
<style>.nav { color: red }</style>
</head><body>
<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Harbour bridge reopens after repairs</h1>
<p>The old harbour bridge opened to traffic again on Friday morning after eight months of repairs to its steel deck and its two lifting spans.</p>
<p>Engineers replaced more than four hundred rivets and repainted the whole structure, the city's transport office said in a statement.</p>
<h2>Traffic returns</h2>
<p>Commuters who had taken a ferry or a long detour through the industrial district since the summer crossed the river in a few minutes.</p>
<ul><li>Buses resume the old route on Monday.</li><li>Cyclists get a lane of their own on the north side.</li></ul>
<p>The work cost about twelve million and finished two weeks ahead of the schedule agreed with the contractor last spring.</p>
</article>
<div class="share">Share this story on social media</div>
<footer class="site-footer"><p>Copyright The Coastal Ledger. All rights reserved.</p></footer>
</body></html>"#;

    #[test]
    fn article_paragraphs_headings_and_list_items_come_out_separately() {
        let page = extract_text(PAGE).unwrap();
        let p = &page.paragraphs;
        assert!(p[0].starts_with("The old harbour bridge opened"), "{p:#?}");
        assert!(p.iter().any(|x| x == "Traffic returns"), "{p:#?}");
        assert!(
            p.iter()
                .any(|x| x == "Buses resume the old route on Monday."),
            "{p:#?}"
        );
        assert!(
            p.iter()
                .any(|x| x == "Cyclists get a lane of their own on the north side.")
        );
        assert!(
            p.last()
                .unwrap()
                .starts_with("The work cost about twelve million")
        );
        let body = page.body();
        for junk in ["Home", "Share this story", "Copyright", "not text", "color"] {
            assert!(!body.contains(junk), "{junk} in {body}");
        }
    }

    #[test]
    fn metadata_comes_from_the_head() {
        let page = extract_text(PAGE).unwrap();
        assert_eq!(
            page.title.as_deref(),
            Some("Harbour bridge reopens after repairs")
        );
        assert_eq!(page.byline.as_deref(), Some("Mara Quint"));
        assert_eq!(page.date.as_deref(), Some("2025-03-14"));
        assert_eq!(page.site.as_deref(), Some("The Coastal Ledger"));
        assert_eq!(page.language.as_deref(), Some("en"));
    }

    #[test]
    fn text_alone_in_one_block_comes_out_once() {
        let text =
            "The night train to the coast ran late again after a signal fault near the junction.";
        for wrap in [
            "{}",
            "<div>{}</div>",
            "<span>{}</span>",
            "<section>{}</section>",
            "<article>{}</article>",
            "<table><tr><td>{}</td></tr></table>",
        ] {
            let page = format!(
                "<html><head><title>Train late</title></head><body>{}</body></html>",
                wrap.replace("{}", text)
            );
            let got = extract_text(&page).unwrap();
            assert_eq!(got.body(), text, "{wrap}");
        }
        // Text without any markup, read as a page (`--input html`).
        assert_eq!(extract_text(text).unwrap().body(), text);
    }

    #[test]
    fn pre_blocks_keep_their_lines_and_columns() {
        let lines = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let block = "Station      Start\nLow Mill     06:00\n".to_string();
        // Separate lines, or glued to the paragraphs around it.
        for (mut p, before, after) in [
            (
                lines(&["Intro.", "Station Start", "Low Mill 06:00", "End."]),
                "Intro.",
                "End.",
            ),
            (
                lines(&["Intro. Station Start", "Low Mill 06:00 End."]),
                "Intro.",
                "End.",
            ),
        ] {
            keep_pre_blocks(&mut p, std::slice::from_ref(&block));
            assert_eq!(p, [before, "Station      Start\nLow Mill     06:00", after]);
        }
        let mut p = lines(&["Run it: cargo test"]);
        keep_pre_blocks(&mut p, &["cargo   test".to_string()]);
        assert_eq!(p, ["Run it:", "cargo   test"]);
        // Lines that are not the block's stay as they are.
        let mut p = lines(&["Station Start", "Other"]);
        keep_pre_blocks(&mut p, std::slice::from_ref(&block));
        assert_eq!(p, ["Station Start", "Other"]);
    }

    #[test]
    fn a_page_of_non_ascii_text_near_the_length_limit_is_cut_between_characters() {
        // About a million bytes of two-byte letters: the extractor's text limit (a million
        // bytes) falls inside a letter for one of these two alignments.
        for lead in ["", "x"] {
            let paragraph = format!("<p>{lead}{}</p>", "Жд ".repeat(1_700));
            let page = format!(
                "<html><body><article>{}</article></body></html>",
                paragraph.repeat(200)
            );
            let page = extract_text(&page).expect("an article");
            assert!(
                page.paragraphs.iter().all(|p| p.starts_with(lead)),
                "{lead:?}"
            );
            let text: usize = page.paragraphs.iter().map(String::len).sum();
            assert!(text > 900_000, "{text}");
        }
    }

    #[test]
    fn pages_without_an_article_say_so() {
        for page in [
            "",
            "<html><head><script>run()</script></head><body></body></html>",
        ] {
            assert!(
                matches!(extract_text(page), Err(HtmlError::NoArticle)),
                "{page}"
            );
        }
    }

    #[test]
    fn hostile_nesting_is_fast_and_keeps_the_text() {
        let n = 100_000;
        let page = format!(
            "<html><body>{}<p>The deepest paragraph of the page still holds its words.</p>{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        // On a thread with the default 2 MB stack, as worker threads have.
        let page = std::thread::spawn(move || extract_text(&page))
            .join()
            .unwrap()
            .unwrap();
        assert!(page.body().contains("deepest paragraph"), "{}", page.body());
        assert!(page.notes[0].contains("nested deeper"), "{:?}", page.notes);
    }
}
