//! Short ASCII words as integer keys: the word lower-cased, zero-padded, with its length in
//! the top byte. Words of 1 to 7 bytes fit a `u64`, words of 8 to 15 bytes a `u128`.
//!
//! Reason: the analyzer looks every word of a text up in its word table. A packed key needs no
//! allocation and no string compare, is built from one or two unaligned loads and a SWAR
//! lower-casing, and makes table entries small enough that a hit touches one cache line
//! (commits 75f8b00 and 3e62138; no separate figure was recorded for them).

use super::swar::{any_non_ascii, lower_ascii};

/// Reads eight bytes at `at` (the caller checked they exist).
#[inline]
fn load(text: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(text.get(at..at + 8)?.try_into().ok()?))
}

/// The key of the ASCII word of 1 to 7 bytes at `start..end`, read with one unaligned load;
/// `None` for other words, or when fewer than 8 bytes follow `start`.
#[inline]
pub(crate) fn pack8_at(text: &[u8], start: usize, end: usize) -> Option<u64> {
    let len = end - start;
    if len >= 8 || start + 8 > text.len() {
        return None;
    }
    let w = load(text, start)? & ((1u64 << (8 * len)) - 1);
    if any_non_ascii(w) {
        return None;
    }
    Some(lower_ascii(w) | ((len as u64) << 56))
}

/// The key of the ASCII word of 8 to 15 bytes at `start..end`, like [`pack8_at`].
#[inline]
pub(crate) fn pack16_at(text: &[u8], start: usize, end: usize) -> Option<u128> {
    let len = end - start;
    if !(8..16).contains(&len) || start + 16 > text.len() {
        return None;
    }
    let lo = load(text, start)?;
    let hi = load(text, start + 8)? & ((1u64 << (8 * (len - 8))) - 1);
    if any_non_ascii(lo | hi) {
        return None;
    }
    Some(lower_ascii(lo) as u128 | (lower_ascii(hi) as u128) << 64 | (len as u128) << 120)
}

/// A word's key when it is built from the word alone (no bytes after it to load).
pub(crate) enum Packed {
    /// 1 to 7 bytes: the same key as [`pack8_at`].
    Tiny(u64),
    /// 8 to 15 bytes: the same key as [`pack16_at`].
    Short(u128),
}

/// The key of an ASCII word under 16 bytes, byte by byte; `None` for other words.
pub(crate) fn pack(word: &str) -> Option<Packed> {
    let bytes = word.as_bytes();
    if bytes.is_empty() || bytes.len() >= 16 || !bytes.is_ascii() {
        return None;
    }
    let mut packed = [0u8; 16];
    packed[..bytes.len()].copy_from_slice(bytes);
    packed.make_ascii_lowercase();
    if bytes.len() < 8 {
        packed[7] = bytes.len() as u8;
        return Some(Packed::Tiny(u64::from_le_bytes(
            packed[..8].try_into().unwrap_or_default(),
        )));
    }
    packed[15] = bytes.len() as u8;
    Some(Packed::Short(u128::from_le_bytes(packed)))
}

/// The lower-cased word of a `u64` key, written into `buf`.
pub(crate) fn unpack8(key: u64, buf: &mut [u8; 8]) -> &str {
    *buf = key.to_le_bytes();
    let len = (key >> 56) as usize;
    std::str::from_utf8(&buf[..len]).unwrap_or_default()
}

/// The lower-cased word of a `u128` key, written into `buf`.
pub(crate) fn unpack16(key: u128, buf: &mut [u8; 16]) -> &str {
    *buf = key.to_le_bytes();
    let len = (key >> 120) as usize;
    std::str::from_utf8(&buf[..len]).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_lowercase_and_match_the_byte_by_byte_packing() {
        let text = "Talks IN Kabul, then ACME's x. Negotiations padding padding";
        let b = text.as_bytes();
        let key8 = |s: usize, e: usize| pack8_at(b, s, e).unwrap();
        let lower = text.to_ascii_lowercase();
        assert_eq!(key8(0, 5), pack8_at(lower.as_bytes(), 0, 5).unwrap());
        assert_ne!(key8(6, 8), key8(0, 5));
        for (s, e) in [(0, 5), (6, 8), (9, 14), (21, 27), (28, 29)] {
            assert!(matches!(pack(&text[s..e]), Some(Packed::Tiny(k)) if k == key8(s, e)));
            assert_eq!(unpack8(key8(s, e), &mut [0; 8]), &lower[s..e]);
        }
        let key16 = pack16_at(b, 31, 43).unwrap();
        assert!(matches!(pack(&text[31..43]), Some(Packed::Short(k)) if k == key16));
        assert_eq!(unpack16(key16, &mut [0; 16]), "negotiations");
        // No 8-byte window after the word, non-ASCII, too long, empty: no key.
        assert_eq!(pack8_at(b, b.len() - 3, b.len()), None);
        assert_eq!(pack8_at("café and more".as_bytes(), 0, 5), None);
        assert!(pack("café").is_none() && pack("").is_none());
        assert!(pack("internationalisation").is_none());
    }
}
