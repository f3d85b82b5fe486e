//! The stop-word list a vectorizer applies, pinned by a fingerprint saved with it.
//!
//! The shipped English list is saved by name (`"stop_words": "english"`), so editing
//! `stop_words_en.txt` would silently change what an existing model means. A vectorizer
//! therefore also saves the list's fingerprint and refuses to load when it no longer matches.

use crate::text::StopWordList;
use crate::text::stop_words::StopWords;
use std::sync::LazyLock;

/// The fingerprint of the stop words `list` stands for when it names a shipped list (a
/// custom list is saved word for word and needs none).
pub(crate) fn fingerprint(list: &StopWordList) -> Option<&'static str> {
    static ENGLISH: LazyLock<String> = LazyLock::new(|| of_words(&StopWords::english().sorted()));
    match list {
        StopWordList::English => Some(ENGLISH.as_str()),
        StopWordList::None | StopWordList::Custom(_) => None,
    }
}

/// `fnv1a64:` and the FNV-1a 64-bit hash, in hex, of the sorted, lower-cased words, each
/// followed by a newline (comments, blank lines and order in the file do not count).
fn of_words(sorted: &[String]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in sorted.iter().flat_map(|w| w.bytes().chain([b'\n'])) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("fnv1a64:{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_its_published_values() {
        // FNV-1a 64 of "a\n" computed by hand from the published offset basis and prime
        // (0xaf63dc4c8601ec8c is FNV-1a 64 of "a", a published test vector).
        let a = of_words(&["a".to_string()]);
        let mut h: u64 = 0xaf63_dc4c_8601_ec8c;
        h ^= u64::from(b'\n');
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
        assert_eq!(a, format!("fnv1a64:{h:016x}"));
    }

    #[test]
    fn only_named_lists_have_a_fingerprint_and_it_tracks_the_words() {
        assert!(fingerprint(&StopWordList::English).is_some());
        assert_eq!(fingerprint(&StopWordList::None), None);
        assert_eq!(fingerprint(&StopWordList::Custom(vec!["the".into()])), None);
        let words = StopWords::english().sorted();
        assert_eq!(
            fingerprint(&StopWordList::English).unwrap(),
            of_words(&words)
        );
        let fewer = &words[1..];
        assert_ne!(of_words(fewer), of_words(&words));
    }
}
