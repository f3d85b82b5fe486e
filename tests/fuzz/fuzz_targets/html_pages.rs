//! bytes → a web page's article, the way every command reads a page.
//!
//! - `decode_page` never panics and gives text that is the bytes re-read in one encoding;
//! - `page_from_bytes_as` (gzip inflated when the bytes are gzip, the pre-pass, the vendored
//!   extractor, the tidy-up) returns a page or an error, never panics (the extractor's own
//!   panics are caught, so an "internal error" is reported as a crash here too);
//! - a page's paragraphs are non-empty, hold no control character, and each stands in
//!   `Page::article_text` (what spans point into) in order, after its title.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdesk::html::{HtmlError, InputKind, decode_page, page_from_bytes_as};

fuzz_target!(|data: &[u8]| {
    let decoded = decode_page(data.to_vec());
    assert!(!decoded.encoding.is_empty());
    for kind in [InputKind::Auto, InputKind::Html] {
        match page_from_bytes_as(data.to_vec(), None, kind) {
            Ok(page) => {
                let text = page.article_text();
                let (titled, title_len) = page.titled_text();
                assert_eq!(titled, text);
                assert!(text.is_char_boundary(title_len));
                let mut from = title_len;
                for p in &page.paragraphs {
                    assert!(!p.trim().is_empty(), "blank paragraph");
                    assert!(
                        !p.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t')),
                        "control character in {p:?}"
                    );
                    let at = text[from..].find(p.as_str()).expect("paragraph in the text");
                    from += at + p.len();
                }
            }
            Err(HtmlError::Extractor(e)) => {
                assert!(!e.contains("internal error"), "the extractor panicked: {e}")
            }
            Err(_) => {}
        }
    }
});
