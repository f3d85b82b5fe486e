//! Plain text as a [`Page`] (`newsdesk extract --input text`): the structure parser's title
//! block is the title, its metadata lines (dates, bylines) are left out like a page's, and
//! everything else is the body, one paragraph per line or blank-line-separated block.

use super::{HtmlError, Page};
use crate::text::{BlockKind, Document};

/// The text's title and paragraphs, read as the other commands read a text file. Nothing is
/// judged boilerplate: headings, teasers and datelines stay in the body, a dateline or teaser
/// on the same line as its paragraph stays joined to it. Whitespace inside a paragraph is
/// collapsed (hard-wrapped lines are joined). [`HtmlError::NoArticle`] when no paragraph is
/// left.
pub fn page_from_text(text: &str) -> Result<Page, HtmlError> {
    let document = Document::parse(text);
    let mut page = Page::default();
    let mut paragraph = String::new();
    let mut last_end = 0;
    for block in &document.blocks {
        let words = block
            .span
            .slice(text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        match block.kind {
            BlockKind::Title if page.title.is_none() => page.title = Some(words),
            BlockKind::Title | BlockKind::Metadata => {}
            _ => {
                let same_line =
                    !text[last_end.min(block.span.start)..block.span.start].contains('\n');
                if !paragraph.is_empty() && !same_line {
                    page.paragraphs.push(std::mem::take(&mut paragraph));
                }
                if !paragraph.is_empty() {
                    paragraph.push(' ');
                }
                paragraph.push_str(&words);
            }
        }
        last_end = block.span.end;
    }
    if !paragraph.is_empty() {
        page.paragraphs.push(paragraph);
    }
    page.paragraphs.retain(|p| !p.is_empty());
    if page.paragraphs.is_empty() {
        return Err(HtmlError::NoArticle);
    }
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_apart_metadata_out_lines_joined_markup_kept() {
        let text = "Harbour wall repaired\n\nBy Ana Lind\n\nThe harbour wall damaged in the \
                    winter storms\nwas repaired over the summer by a team of masons.\n\n\
                    Costs\n\nThe council said the <b>work</b> cost less than planned.\n";
        let page = page_from_text(text).unwrap();
        assert_eq!(page.title.as_deref(), Some("Harbour wall repaired"));
        assert_eq!(
            page.paragraphs,
            [
                "The harbour wall damaged in the winter storms was repaired over the summer by a team of masons.",
                "Costs",
                "The council said the <b>work</b> cost less than planned.",
            ]
        );
        assert!(page.byline.is_none());
    }

    #[test]
    fn a_dateline_stays_with_its_paragraph() {
        let text = "LISBON (Harbour Wire) - The ferry strike ended on Monday after the union \
                    accepted a new offer from the operator.\n";
        let page = page_from_text(text).unwrap();
        assert_eq!(page.paragraphs, [text.trim_end()]);
    }

    #[test]
    fn blank_text_has_no_article() {
        for text in ["", " \n\n\t\n"] {
            assert!(matches!(page_from_text(text), Err(HtmlError::NoArticle)));
        }
    }
}
