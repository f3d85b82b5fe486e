//! Decoding raw bytes into clean text.
//!
//! News files arrive as UTF-8 (with or without a byte-order mark), as UTF-16 with a BOM, or as
//! Windows-1252 from older archives. [`decode`] always returns text: invalid UTF-8 is read as
//! Windows-1252 and the result says so, so the caller can warn the user.
//!
//! Normalisation: `\r\n` and lone `\r` become `\n`; NUL and other control characters (except
//! `\n` and `\t`) are dropped. All byte spans elsewhere in the crate point into the decoded text.

/// How the bytes were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, the expected case.
    Utf8,
    /// UTF-16 (little or big endian), detected by its byte-order mark.
    Utf16,
    /// The bytes were not valid UTF-8 and were read as Windows-1252.
    Windows1252,
}

/// Decoded, normalised text and how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The clean text.
    pub text: String,
    /// The encoding the bytes were read as.
    pub encoding: Encoding,
    /// Control characters (NUL included) that were dropped.
    pub dropped_controls: usize,
}

impl Decoded {
    /// A one-line warning for the user when the input was not clean UTF-8, naming `source`.
    pub fn warning(&self, source: &str) -> Option<String> {
        match self.encoding {
            Encoding::Windows1252 => Some(format!(
                "warning: {source}: not valid UTF-8; read as Windows-1252 (re-save it as UTF-8 to silence this)"
            )),
            _ if self.dropped_controls > 0 => Some(format!(
                "warning: {source}: dropped {} control character(s) such as NUL",
                self.dropped_controls
            )),
            _ => None,
        }
    }
}

/// Decodes bytes into normalised text. Never fails.
pub fn decode(bytes: &[u8]) -> Decoded {
    match encoding_rs::Encoding::for_bom(bytes) {
        Some((encoding, bom)) if encoding != encoding_rs::UTF_8 => {
            // UTF-16: unpaired surrogates become U+FFFD; a trailing odd byte is dropped.
            let units = &bytes[bom..];
            let (raw, _) = encoding.decode_without_bom_handling(&units[..units.len() & !1]);
            let (text, dropped_controls) = normalise(&raw);
            Decoded {
                text,
                encoding: Encoding::Utf16,
                dropped_controls,
            }
        }
        Some((_, bom)) => decode_utf8_or_1252(&bytes[bom..]),
        None => decode_utf8_or_1252(bytes),
    }
}

/// Decodes a string that is already UTF-8 (e.g. a JSON field), applying the same normalisation.
pub fn normalise_str(text: &str) -> Decoded {
    let (text, dropped_controls) = normalise(text);
    Decoded {
        text,
        encoding: Encoding::Utf8,
        dropped_controls,
    }
}

/// Like [`decode`], taking the bytes: clean UTF-8 (the common case) becomes the text without
/// being copied.
pub fn decode_owned(bytes: Vec<u8>) -> Decoded {
    if bytes.starts_with(b"\xEF\xBB\xBF")
        || bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
    {
        return decode(&bytes);
    }
    match String::from_utf8(bytes) {
        Ok(text) => normalise_string(text),
        Err(e) => decode(e.as_bytes()),
    }
}

/// Normalises already-decoded text as [`decode`] does (line ends, control characters), taking
/// the string and giving it back untouched when it is clean.
pub fn normalise_string(text: String) -> Decoded {
    if !needs_work(&text) {
        return Decoded {
            text,
            encoding: Encoding::Utf8,
            dropped_controls: 0,
        };
    }
    normalise_str(&text)
}

fn decode_utf8_or_1252(bytes: &[u8]) -> Decoded {
    match std::str::from_utf8(bytes) {
        Ok(s) => normalise_str(s),
        Err(_) => {
            let (raw, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            // encoding_rs gives the five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F,
            // 0x90, 0x9D) as C1 controls; they are shown as U+FFFD, not dropped.
            let raw: String = raw
                .chars()
                .map(|c| match c {
                    '\u{80}'..='\u{9F}' => char::REPLACEMENT_CHARACTER,
                    c => c,
                })
                .collect();
            let (text, dropped_controls) = normalise(&raw);
            Decoded {
                text,
                encoding: Encoding::Windows1252,
                dropped_controls,
            }
        }
    }
}

/// True for the characters [`decode`] drops: control characters other than `\n`, `\t` and
/// `\r` (which becomes `\n`), and the byte-order mark U+FEFF.
pub fn is_dropped_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t' && c != '\r') || c == '\u{FEFF}'
}

/// True when `text` has something [`normalise`] would change.
fn needs_work(text: &str) -> bool {
    let bytes = text.as_bytes();
    let exact = |i: usize| match bytes[i] {
        b'\n' | b'\t' => false,
        0..0x20 | 0x7F => true,
        // C1 controls (U+0080..U+009F) and the BOM U+FEFF.
        0xC2 => bytes.get(i + 1).is_some_and(|n| (0x80..0xA0).contains(n)),
        0xEF => bytes.get(i + 1..i + 3) == Some(&[0xBB, 0xBF]),
        _ => false,
    };
    // Blocks of 64 bytes are screened branch-free (vectorised); only a block with a suspicious
    // byte is looked at byte by byte. Line feeds and tabs, common and always kept, are not
    // suspicious.
    for (k, block) in bytes.chunks(64).enumerate() {
        let mut suspicious = false;
        for &b in block {
            suspicious |=
                (b < 0x20) & (b != b'\n') & (b != b'\t') | (b == 0x7F) | (b == 0xC2) | (b == 0xEF);
        }
        if suspicious && (k * 64..k * 64 + block.len()).any(exact) {
            return true;
        }
    }
    false
}

/// Returns the normalised text and the number of control characters dropped.
fn normalise(text: &str) -> (String, usize) {
    // Fast path: nothing to change (the common case for clean UTF-8 news text).
    if !needs_work(text) {
        return (text.to_owned(), 0);
    }
    let mut out = String::with_capacity(text.len());
    let mut dropped = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else if is_dropped_control(c) {
            dropped += 1;
        } else {
            out.push(c);
        }
    }
    (out, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_utf8_is_unchanged() {
        let d = decode("Kabul talks resume.\n\nSecond paragraph’s text.".as_bytes());
        assert_eq!(d.text, "Kabul talks resume.\n\nSecond paragraph’s text.");
        assert_eq!(d.encoding, Encoding::Utf8);
        assert!(d.warning("a.txt").is_none());
    }

    #[test]
    fn owned_decoding_matches_and_reuses_clean_buffers() {
        let cases: [&[u8]; 6] = [
            "Clean text’s line.\n".as_bytes(),
            b"\xEF\xBB\xBFBOM\r\nline",
            b"caf\xe9 \x93quoted\x94",
            b"\xFF\xFEa\x00b\x00",
            b"nul\x00here\rthere",
            b"",
        ];
        for bytes in cases {
            let (a, b) = (decode(bytes), decode_owned(bytes.to_vec()));
            assert_eq!(
                (a.text, a.encoding, a.dropped_controls),
                (b.text, b.encoding, b.dropped_controls)
            );
        }
        let clean = b"Rates rose again.".to_vec();
        let at = clean.as_ptr();
        assert_eq!(
            decode_owned(clean).text.as_ptr(),
            at,
            "clean UTF-8 is not copied"
        );
    }

    #[test]
    fn bom_is_stripped_and_crlf_normalised() {
        let d = decode(b"\xEF\xBB\xBFLine one.\r\nLine two.\rLine three.");
        assert_eq!(d.text, "Line one.\nLine two.\nLine three.");
    }

    #[test]
    fn nul_and_controls_are_dropped_with_a_count() {
        let d = decode(b"Oil\x00 prices\x07 rose.");
        assert_eq!(d.text, "Oil prices rose.");
        assert_eq!(d.dropped_controls, 2);
        assert!(d.warning("x.txt").unwrap().contains("x.txt"));
    }

    #[test]
    fn invalid_utf8_falls_back_to_windows_1252() {
        // 0x93/0x94 are curly quotes, 0x80 the euro sign, 0xE9 is é in Windows-1252.
        let d = decode(b"\x93Caf\xE9 prices\x94 rose \x805.");
        assert_eq!(d.text, "\u{201C}Café prices\u{201D} rose €5.");
        assert_eq!(d.encoding, Encoding::Windows1252);
        let w = d.warning("old.txt").unwrap();
        assert!(w.contains("old.txt") && w.contains("Windows-1252"));
    }

    #[test]
    fn undefined_windows_1252_bytes_become_replacement_characters() {
        let d = decode(b"a\x81b\x9Dc\xFF");
        assert_eq!(d.text, "a\u{FFFD}b\u{FFFD}c\u{FF}");
        assert_eq!(d.dropped_controls, 0);
    }

    #[test]
    fn utf16_big_endian_and_odd_lengths() {
        let mut bytes = vec![0xFE, 0xFF];
        for u in "Ceasefire holds.".encode_utf16() {
            bytes.extend_from_slice(&u.to_be_bytes());
        }
        bytes.push(0x41);
        let d = decode(&bytes);
        assert_eq!(d.text, "Ceasefire holds.");
        assert_eq!(d.encoding, Encoding::Utf16);
        // An unpaired surrogate becomes U+FFFD.
        assert_eq!(
            decode(&[0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00]).text,
            "\u{FFFD}A"
        );
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Talks end.".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes);
        assert_eq!(d.text, "Talks end.");
        assert_eq!(d.encoding, Encoding::Utf16);
    }
}
