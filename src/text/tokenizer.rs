//! Word tokenizer: splits text into word and number tokens that keep byte offsets.
//!
//! Rules (a fast subset of Unicode word segmentation suited to news text):
//! - a word is a run of letters, digits and combining marks;
//! - an apostrophe (`'` or `’`) inside a word joins it (`don't`, `O’Brien`), and a trailing
//!   possessive `'s`/`’s` is left out of the token (`Pakistan’s` → `Pakistan`);
//! - hyphens split (`counter-terrorism` → `counter`, `terrorism`);
//! - `.` or `,` between digits joins a number (`3.5`, `1,000`); letters glued to a number stay
//!   with it (`4.88bn`); a token that starts with a digit is a [`TokenKind::Number`];
//! - single letters joined by dots form one acronym token (`U.S.` → `U.S`);
//! - Chinese and Japanese characters, written without spaces, are one token each.

use crate::fast::swar::ascii_alnum_end;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (possibly with digits inside).
    Word,
    /// Starts with a digit.
    Number,
}

/// A token: a byte span of the text it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Word or number.
    pub kind: TokenKind,
}

impl Token {
    /// The token's text within `source`, the text it was produced from.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.start..self.end]
    }
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
        || matches!(c as u32, 0x0900..=0x0DFF if !c.is_alphanumeric())
}

/// Scripts written without spaces between words: each character is its own token.
pub(crate) fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        (c.is_alphanumeric() || is_combining_mark(c)) && !is_unspaced_script(c)
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Calls `emit` for each token of `text`, in order.
pub fn tokenize(text: &str, emit: impl FnMut(Token)) {
    tokenize_with(text, emit, true)
}

/// The tokenizer; `fast` enables the ASCII shortcut (tests check both give the same tokens).
fn tokenize_with(text: &str, mut emit: impl FnMut(Token), fast: bool) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII fast path for the common separator bytes.
        if b < 0x80 && !b.is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        // ASCII fast path for a plain word: a run of ASCII letters and digits ended by a byte
        // that cannot join or extend it (space, most punctuation). Anything else takes the
        // general path below.
        if fast && b.is_ascii_alphanumeric() {
            let j = ascii_alnum_end(bytes, i + 1);
            // '.' and ',' only join digits ("3.5", "1,000") or single letters ("U.S.").
            let simple_end = j == bytes.len()
                || match bytes[j] {
                    b'\'' => false,
                    b'.' | b',' => {
                        if b.is_ascii_digit() {
                            !bytes.get(j + 1).is_some_and(u8::is_ascii_digit)
                        } else {
                            j - i >= 2
                        }
                    }
                    nb => nb < 0x80,
                };
            if simple_end {
                let kind = if b.is_ascii_digit() {
                    TokenKind::Number
                } else {
                    TokenKind::Word
                };
                emit(Token {
                    start: i,
                    end: j,
                    kind,
                });
                i = j;
                continue;
            }
        }
        let c = char_at(text, i);
        if is_unspaced_script(c) {
            let end = i + c.len_utf8();
            emit(Token {
                start: i,
                end,
                kind: TokenKind::Word,
            });
            i = end;
            continue;
        }
        if !is_word_char(c) {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let (full_end, kind) = scan_word(text, start);
        let end = strip_possessive(text, start, full_end);
        if end > start {
            emit(Token { start, end, kind });
        }
        i = full_end;
    }
}

fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or(' ')
}

/// Scans a word starting at `start`; returns its end and kind.
fn scan_word(text: &str, start: usize) -> (usize, TokenKind) {
    let bytes = text.as_bytes();
    let first = char_at(text, start);
    let kind = if first.is_ascii_digit() {
        TokenKind::Number
    } else {
        TokenKind::Word
    };
    // Acronyms: X.Y. (single letters joined by dots).
    if first.is_alphabetic() && kind == TokenKind::Word {
        let mut j = start + first.len_utf8();
        let mut letters = 1;
        loop {
            if j + 1 < bytes.len() && bytes[j] == b'.' {
                let next = char_at(text, j + 1);
                let after = j + 1 + next.len_utf8();
                let single = next.is_alphabetic()
                    && (after >= bytes.len() || !is_word_char(char_at(text, after)));
                if single {
                    letters += 1;
                    j = after;
                    continue;
                }
            }
            break;
        }
        if letters >= 2 {
            return (j, kind);
        }
    }
    let mut j = start;
    while j < bytes.len() {
        // ASCII fast path.
        if bytes[j].is_ascii_alphanumeric() {
            j += 1;
            continue;
        }
        let c = char_at(text, j);
        if is_word_char(c) {
            j += c.len_utf8();
            continue;
        }
        let clen = c.len_utf8();
        let next_pos = j + clen;
        if next_pos < bytes.len() {
            let next = char_at(text, next_pos);
            if is_apostrophe(c) && next.is_alphabetic() && !is_unspaced_script(next) {
                j = next_pos;
                continue;
            }
            if (c == '.' || c == ',')
                && kind == TokenKind::Number
                && next.is_ascii_digit()
                && j > start
                && bytes[j - 1].is_ascii_digit()
            {
                j = next_pos;
                continue;
            }
        }
        break;
    }
    (j, kind)
}

/// Drops a trailing possessive `'s` or `’s` from the span `start..end`.
fn strip_possessive(text: &str, start: usize, end: usize) -> usize {
    let w = &text.as_bytes()[start..end];
    let n = w.len();
    if n < 3 || !matches!(w[n - 1], b's' | b'S') {
        return end;
    }
    if w[n - 2] == b'\'' {
        end - 2
    } else if n >= 5 && w[n - 4..n - 1] == [0xE2, 0x80, 0x99] {
        end - 4
    } else {
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tokenize(text, |t| out.push(t.text(text)));
        out
    }

    #[test]
    fn splits_words_and_keeps_offsets() {
        let text = "Troops  moved, at dawn.";
        let mut toks = Vec::new();
        tokenize(text, |t| toks.push(t));
        assert_eq!(words(text), ["Troops", "moved", "at", "dawn"]);
        assert_eq!((toks[1].start, toks[1].end), (8, 13));
        assert_eq!(&text[toks[3].start..toks[3].end], "dawn");
    }

    #[test]
    fn possessives_and_apostrophes() {
        assert_eq!(words("Pakistan’s army"), ["Pakistan", "army"]);
        assert_eq!(words("the minister's aide"), ["the", "minister", "aide"]);
        assert_eq!(words("don't stop O’Brien"), ["don't", "stop", "O’Brien"]);
        assert_eq!(words("workers' pay"), ["workers", "pay"]);
    }

    #[test]
    fn hyphens_split_and_numbers_join() {
        assert_eq!(
            words("counter-terrorism drive"),
            ["counter", "terrorism", "drive"]
        );
        assert_eq!(
            words("$3.5 billion, 1,000 troops"),
            ["3.5", "billion", "1,000", "troops"]
        );
        assert_eq!(
            words("rose 4.88bn in 2024."),
            ["rose", "4.88bn", "in", "2024"]
        );
        let mut kinds = Vec::new();
        tokenize("rose 4.88bn", |t| kinds.push(t.kind));
        assert_eq!(kinds, [TokenKind::Word, TokenKind::Number]);
    }

    #[test]
    fn acronyms_stay_whole() {
        assert_eq!(
            words("the U.S. and U.K. envoys"),
            ["the", "U.S", "and", "U.K", "envoys"]
        );
    }

    #[test]
    fn the_ascii_shortcut_gives_the_same_tokens_as_the_general_path() {
        let cases = [
            "Mr. Obi said: U.S. troops, 1,000 of them, left at 4.88bn; don't stop.",
            "e.g. etc. i.e. A.B. x. 3.5. 2024, 7,5 a,b O'Brien's workers' Pakistan’s co-op",
            "end.",
            "end,",
            "3.",
            "G7.",
            "ab'",
            "x",
            "",
        ];
        for text in cases {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            tokenize_with(text, |t| a.push(t), true);
            tokenize_with(text, |t| b.push(t), false);
            assert_eq!(a, b, "{text}");
        }
    }

    #[test]
    fn unicode_text() {
        assert_eq!(words("Zürich café naïve"), ["Zürich", "café", "naïve"]);
        assert_eq!(words("北京会谈"), ["北", "京", "会", "谈"]);
        assert_eq!(words("Москва заявила"), ["Москва", "заявила"]);
        assert_eq!(words("emoji 🚀 here"), ["emoji", "here"]);
    }
}
