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

/// Decodes page bytes. Never fails. Takes the bytes so that a clean UTF-8 page (the common
/// case) becomes the text without being copied.
///
/// Bytes that are not valid UTF-8, without a byte-order mark or a legacy declaration, are read
/// as UTF-8 with U+FFFD for the bad bytes when the page is mostly UTF-8 (at least as many valid
/// multi-byte characters as bad bytes, or at least one when the page declares UTF-8), as
/// browsers do; a page with no valid multi-byte character is read as Windows-1252, like text.
pub fn decode_page(bytes: Vec<u8>) -> DecodedPage {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(&bytes) {
        if enc == encoding_rs::UTF_8 {
            return utf8_lossy(&bytes[bom..]);
        }
        let (text, malformed) = enc.decode_without_bom_handling(&bytes[bom..]);
        return page(text.into_owned(), enc, malformed);
    }
    let declared = declared_encoding(&bytes[..bytes.len().min(4096)]);
    let bytes = match String::from_utf8(bytes) {
        Ok(s) => {
            let note = declared
                .filter(|d| *d != encoding_rs::UTF_8 && !s.is_ascii())
                .map(|d| format!("declares {} but is valid UTF-8; read as UTF-8", d.name()));
            return DecodedPage {
                text: s,
                encoding: "UTF-8",
                note,
            };
        }
        Err(e) => e.into_bytes(),
    };
    match declared {
        Some(enc) if enc != encoding_rs::UTF_8 => {
            let (text, _, malformed) = enc.decode(&bytes);
            page(text.into_owned(), enc, malformed)
        }
        _ => {
            let (valid, bad) = utf8_counts(&bytes);
            let mostly_utf8 = valid >= bad || (declared.is_some() && valid > 0);
            if mostly_utf8 {
                return utf8_lossy(&bytes);
            }
            let d = text_decode::decode(&bytes);
            let fallback = d.encoding == text_decode::Encoding::Windows1252;
            DecodedPage {
                text: d.text,
                encoding: if fallback { "windows-1252" } else { "UTF-8" },
                note: fallback.then(|| "not valid UTF-8; read as Windows-1252".to_string()),
            }
        }
    }
}

/// Valid multi-byte characters and bytes that are not UTF-8 in `bytes`.
fn utf8_counts(bytes: &[u8]) -> (usize, usize) {
    bytes.utf8_chunks().fold((0, 0), |(valid, bad), c| {
        let multi = c.valid().chars().filter(|ch| !ch.is_ascii()).count();
        (valid + multi, bad + c.invalid().len())
    })
}

/// UTF-8 with U+FFFD for each bad sequence, and a note counting the bad bytes.
fn utf8_lossy(bytes: &[u8]) -> DecodedPage {
    let (_, bad) = utf8_counts(bytes);
    DecodedPage {
        text: String::from_utf8_lossy(bytes).into_owned(),
        encoding: "UTF-8",
        note: (bad > 0).then(|| {
            format!("{bad} byte(s) that are not UTF-8 were replaced by U+FFFD (the rest is UTF-8)")
        }),
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
        let d = decode_page(page.clone());
        assert!(d.text.ends_with("<p>Мир"), "{}", d.text);
        assert_eq!((d.encoding, d.note), ("windows-1251", None));
        // "日本" in Shift_JIS.
        let mut page = b"<meta charset=\"shift_jis\"><p>".to_vec();
        page.extend_from_slice(&[0x93, 0xFA, 0x96, 0x7B]);
        assert!(decode_page(page.clone()).text.ends_with("日本"));
    }

    #[test]
    fn a_lying_declaration_is_overruled_and_reported() {
        let d = decode_page("<meta charset=iso-8859-1><p>Café".as_bytes().to_vec());
        assert!(d.text.ends_with("Café"));
        assert!(d.note.unwrap().contains("valid UTF-8"));
        // Declared UTF-8, really Windows-1252: the plain-text fallback.
        let d = decode_page(b"<meta charset=utf-8><p>Caf\xe9".to_vec());
        assert!(d.text.ends_with("Café"));
        assert!(d.note.unwrap().contains("Windows-1252"));
    }

    #[test]
    fn a_utf8_page_with_a_few_bad_bytes_stays_utf8() {
        // Declared UTF-8, one stray byte among valid accents.
        let d = decode_page(
            b"<meta charset=utf-8><p>annonc\xc3\xa9 c\xc3\xa9r\xc3\xa9ales Caf\xff.".to_vec(),
        );
        assert!(
            d.text.ends_with("annoncé céréales Caf\u{FFFD}."),
            "{}",
            d.text
        );
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.note.unwrap().starts_with("1 byte(s) that are not UTF-8"));
        // No declaration: mostly valid UTF-8 is UTF-8 too.
        let d = decode_page(b"<p>\xc3\xa9t\xc3\xa9 \xe2\x82\xac5 \xff\xfe".to_vec());
        assert_eq!(d.text, "<p>été €5 \u{FFFD}\u{FFFD}");
        assert!(d.note.unwrap().starts_with("2 byte(s)"));
        // A UTF-8 byte-order mark: UTF-8 whatever follows.
        let d = decode_page(b"\xef\xbb\xbf<p>Caf\xe9".to_vec());
        assert_eq!((d.text.as_str(), d.encoding), ("<p>Caf\u{FFFD}", "UTF-8"));
        // Legacy bytes with no valid UTF-8 character: Windows-1252.
        let d = decode_page(b"<p>Caf\xe9 cr\xe8me \x93quoted\x94".to_vec());
        assert_eq!(d.text, "<p>Café crème \u{201C}quoted\u{201D}");
    }

    #[test]
    fn byte_order_marks_win() {
        let mut page = vec![0xFF, 0xFE];
        for u in "<p>Hi".encode_utf16() {
            page.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode_page(page.clone()).text, "<p>Hi");
    }
}
