//! Lower-casing and apostrophe folding for terms.

/// Writes the lower-cased form of `word` into `out` (cleared first), folding the curly
/// apostrophe `’` into `'` so both spellings meet. ASCII words take a fast path.
pub fn lowercase_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    for c in word.chars() {
        if c == '\u{2019}' {
            out.push('\'');
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// True when `word` is already in the form [`lowercase_into`] would produce.
pub fn is_lowercase_ascii(word: &str) -> bool {
    word.bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercases_ascii_and_unicode() {
        let mut buf = String::new();
        lowercase_into("NATO", &mut buf);
        assert_eq!(buf, "nato");
        lowercase_into("ÉLYSÉE", &mut buf);
        assert_eq!(buf, "élysée");
        lowercase_into("Don’t", &mut buf);
        assert_eq!(buf, "don't");
        assert!(is_lowercase_ascii("talks"));
        assert!(!is_lowercase_ascii("Talks"));
        assert!(!is_lowercase_ascii("café"));
    }
}
