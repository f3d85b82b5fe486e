//! Page bytes to text: a byte-order mark, else the `<meta charset>` or `http-equiv`
//! declaration in the first 4 KB (decoded with encoding_rs), else UTF-8 with the same
//! Windows-1252 fallback as plain text.
//!
//! A declaration can lie. Bytes that are valid UTF-8 with non-ASCII characters are read as
//! UTF-8 whatever the page declares (legacy encodings almost never form valid UTF-8 by chance);
//! bytes a declared encoding cannot decode are replaced and reported.

use crate::text::decode as text_decode;

/// Decoded page text and, when the bytes were not what they claimed, a note for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedPage {
    /// The page as text.
    pub text: String,
    /// The encoding used (its WHATWG name).
    pub encoding: &'static str,
    /// Why the bytes were not clean in the encoding used, if they were not.
    pub note: Option<String>,
}

/// Decodes page bytes. Never fails.
pub fn decode_page(bytes: &[u8]) -> DecodedPage {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, malformed) = enc.decode_without_bom_handling(&bytes[bom..]);
        return page(text.into_owned(), enc, malformed);
    }
    let declared = declared_encoding(&bytes[..bytes.len().min(4096)]);
    match std::str::from_utf8(bytes) {
        Ok(s) => DecodedPage {
            text: s.to_owned(),
            encoding: "UTF-8",
            note: declared
                .filter(|d| *d != encoding_rs::UTF_8 && !s.is_ascii())
                .map(|d| format!("declares {} but is valid UTF-8; read as UTF-8", d.name())),
        },
        Err(_) => match declared {
            Some(enc) if enc != encoding_rs::UTF_8 => {
                let (text, _, malformed) = enc.decode(bytes);
                page(text.into_owned(), enc, malformed)
            }
            _ => {
                let d = text_decode::decode(bytes);
                let fallback = d.encoding == text_decode::Encoding::Windows1252;
                DecodedPage {
                    text: d.text,
                    encoding: if fallback { "windows-1252" } else { "UTF-8" },
                    note: fallback.then(|| "not valid UTF-8; read as Windows-1252".to_string()),
                }
            }
        },
    }
}

fn page(text: String, enc: &'static encoding_rs::Encoding, malformed: bool) -> DecodedPage {
    DecodedPage {
        text,
        encoding: enc.name(),
        note: malformed.then(|| format!("bytes that are not {}: replaced by U+FFFD", enc.name())),
    }
}

/// The encoding named by `<meta charset=…>` or `<meta http-equiv=… content="…charset=…">`.
pub fn declared_encoding(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut i = 0;
    while let Some(p) = memchr::memmem::find(&lower[i..], b"<meta") {
        let start = i + p + 5;
        let end = memchr::memchr(b'>', &head[start..]).map_or(head.len(), |e| start + e);
        if let Some(label) = charset_in(&lower[start..end])
            && let Some(enc) = encoding_rs::Encoding::for_label(label)
        {
            // A page that declares UTF-16 in ASCII is not UTF-16 (the HTML standard's rule).
            let utf16 = enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE;
            return Some(if utf16 { encoding_rs::UTF_8 } else { enc });
        }
        i = end.min(head.len());
        if i >= head.len() {
            break;
        }
    }
    None
}

/// The value after `charset=` in a tag's (lowercased) attributes, without quotes.
fn charset_in(attrs: &[u8]) -> Option<&[u8]> {
    let at = memchr::memmem::find(attrs, b"charset")? + 7;
    let rest = &attrs[at..];
    let rest = rest
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_charsets_are_found() {
        let name = |h: &str| declared_encoding(h.as_bytes()).map(|e| e.name());
        assert_eq!(name("<meta charset=windows-1251>"), Some("windows-1251"));
        assert_eq!(name("<META CHARSET=\"Shift_JIS\">"), Some("Shift_JIS"));
        assert_eq!(
            name("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">"),
            Some("windows-1252")
        );
        assert_eq!(name("<meta charset='utf-16'>"), Some("UTF-8"));
        assert_eq!(name("<meta charset=klingon>"), None);
        assert_eq!(name("<meta name=x>"), None);
    }

    #[test]
    fn legacy_pages_decode_by_their_declaration() {
        // "Мир" in Windows-1251.
        let mut page = b"<meta charset=windows-1251><p>".to_vec();
        page.extend_from_slice(&[0xCC, 0xE8, 0xF0]);
        let d = decode_page(&page);
        assert!(d.text.ends_with("<p>Мир"), "{}", d.text);
        assert_eq!((d.encoding, d.note), ("windows-1251", None));
        // "日本" in Shift_JIS.
        let mut page = b"<meta charset=\"shift_jis\"><p>".to_vec();
        page.extend_from_slice(&[0x93, 0xFA, 0x96, 0x7B]);
        assert!(decode_page(&page).text.ends_with("日本"));
    }

    #[test]
    fn a_lying_declaration_is_overruled_and_reported() {
        let d = decode_page("<meta charset=iso-8859-1><p>Café".as_bytes());
        assert!(d.text.ends_with("Café"));
        assert!(d.note.unwrap().contains("valid UTF-8"));
        // Declared UTF-8, really Windows-1252: the plain-text fallback.
        let d = decode_page(b"<meta charset=utf-8><p>Caf\xe9");
        assert!(d.text.ends_with("Café"));
        assert!(d.note.unwrap().contains("Windows-1252"));
    }

    #[test]
    fn byte_order_marks_win() {
        let mut page = vec![0xFF, 0xFE];
        for u in "<p>Hi".encode_utf16() {
            page.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode_page(&page).text, "<p>Hi");
    }
}
