//! A fast English (Porter2) stemmer for lower-case ASCII words.
//!
//! It produces exactly what `rust_stemmers::Stemmer::create(Algorithm::English).stem(word)`
//! (rust-stemmers 1.2.0, generated from Snowball's `english.sbl`) produces, without the
//! generic Snowball runtime: the vowels of the word are bit masks, and its last eight bytes
//! are one `u64` that every suffix test compares against and every change updates. Words with
//! a byte outside `a-z`, `0-9` and `'` are refused, so the caller falls back to rust-stemmers.
//!
//! The comments name the routines of `english.sbl`. Facts of that source this code relies on:
//!
//! - every suffix table is searched for its *longest* matching entry first, and the entry's
//!   condition (R1, R2, a preceding letter) is tested only afterwards: when it fails, the
//!   step does nothing, it never retries a shorter entry;
//! - `p1` and `p2` (the starts of R1 and R2) are byte positions computed once, before the
//!   suffix steps; the steps only change the end of the word, so the positions stay valid,
//!   and a region is empty once the word has shrunk to or below its start;
//! - the prelude's consonant `Y` (a `y` at the start or after a vowel) only changes what
//!   counts as a vowel: the suffixes that contain a `y` (`edly`, `eedly`, `ingly`) have it
//!   after an `l`, where it is never marked, and the postlude turns every `Y` back into `y`.
//!   So the bytes stay lower case here and the marks live in a bit mask. No replacement text
//!   contains a `y`, so every `y` in the word is an original one at its original position
//!   and its mark stays valid;
//! - no replacement is longer than the suffix it replaces, so the stem is always the word's
//!   own first bytes followed by at most a few new ones (see [`Word::tail`]).

use rust_stemmers::{Algorithm, Stemmer};

/// Longest word (after a leading apostrophe) stemmed here: one bit per byte in a `u64`.
/// Longer ones, which news text does not have, go to rust-stemmers inside [`stem_ascii`].
const MAX_LEN: usize = 64;

/// Zero bytes in front of the word in [`Word::buf`], so that eight bytes ending anywhere in
/// the word can be read.
const PAD: usize = 8;

/// Writes the English (Porter2) stem of `word` into `out` (cleared first) and returns true,
/// or returns false (leaving `out` unspecified) when `word` is not plain lower-case ASCII
/// letters/digits/apostrophes, so the caller falls back to rust-stemmers.
pub(crate) fn stem_ascii(word: &str, out: &mut String) -> bool {
    // prelude, first part: one leading apostrophe goes.
    let (body, apostrophe) = match word.strip_prefix('\'') {
        Some(rest) => (rest, true),
        None if word.is_empty() => return false,
        None => (word, false),
    };
    if body.len() > MAX_LEN {
        return stem_long(word, out);
    }
    let Some(mut s) = Word::new(body.as_bytes()) else {
        return false;
    };
    out.clear();
    if !apostrophe
        && body.len() <= 8
        && let Some(stem) = exception1(s.head)
    {
        out.push_str(stem);
        return true;
    }
    if word.len() < 3 {
        // `not hop 3`: words shorter than three characters stay as they are.
        out.push_str(word);
        return true;
    }
    s.mark_regions();
    s.step_1a();
    if !s.is_exception2() {
        s.step_1b();
        s.step_1c();
        s.step_2();
        s.step_3();
        s.step_4();
        s.step_5();
    }
    // postlude: nothing to do, the `Y` marks were never written.
    s.write(body, out);
    true
}

/// A word longer than [`MAX_LEN`]: checked here, stemmed by rust-stemmers.
#[cold]
fn stem_long(word: &str, out: &mut String) -> bool {
    let plain = word
        .bytes()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'\'');
    if plain {
        out.clear();
        out.push_str(&Stemmer::create(Algorithm::English).stem(word));
    }
    plain
}

/// `s` (at most 8 bytes) as a little-endian number: its first byte lowest.
const fn pack(s: &[u8]) -> u64 {
    let mut v = 0;
    let mut i = s.len();
    while i > 0 {
        i -= 1;
        v = v << 8 | s[i] as u64;
    }
    v
}

/// Multiplier of the exception tables' hash: with it no two words of a table share a slot
/// (the tables are built at compile time, and the build fails if they would).
const HASH: u64 = 0x3488_f876_05e9_99f3;

/// The slot of a packed word in a table of `2^bits` slots.
const fn slot(word: u64, bits: u32) -> usize {
    (word.wrapping_mul(HASH) >> (64 - bits)) as usize
}

/// `exception1`: whole words with a fixed stem, by slot (empty slots have key 0).
const EXCEPTION1: [(u64, &str); 64] = {
    let words: [(&[u8], &str); 18] = [
        (b"skis", "ski"),
        (b"skies", "sky"),
        (b"dying", "die"),
        (b"lying", "lie"),
        (b"tying", "tie"),
        (b"idly", "idl"),
        (b"gently", "gentl"),
        (b"ugly", "ugli"),
        (b"early", "earli"),
        (b"only", "onli"),
        (b"singly", "singl"),
        (b"sky", "sky"),
        (b"news", "news"),
        (b"howe", "howe"),
        (b"atlas", "atlas"),
        (b"cosmos", "cosmos"),
        (b"bias", "bias"),
        (b"andes", "andes"),
    ];
    let mut table = [(0, ""); 64];
    let mut i = 0;
    while i < words.len() {
        let key = pack(words[i].0);
        let s = slot(key, 6);
        assert!(
            table[s].0 == 0,
            "two exception1 words share a slot: change HASH"
        );
        table[s] = (key, words[i].1);
        i += 1;
    }
    table
};

/// `exception2`: words left alone after step 1a, by slot (empty slots are 0).
const EXCEPTION2: [u64; 16] = {
    let words: [&[u8]; 8] = [
        b"inning", b"outing", b"canning", b"herring", b"earring", b"proceed", b"exceed", b"succeed",
    ];
    let mut table = [0; 16];
    let mut i = 0;
    while i < words.len() {
        let key = pack(words[i]);
        let s = slot(key, 4);
        assert!(
            table[s] == 0,
            "two exception2 words share a slot: change HASH"
        );
        table[s] = key;
        i += 1;
    }
    table
};

/// `exception1` for a word of one to eight bytes, packed.
#[inline]
fn exception1(word: u64) -> Option<&'static str> {
    let (key, stem) = EXCEPTION1[slot(word, 6)];
    (key == word && key != 0).then_some(stem)
}

/// prelude, second part: an initial `y`, and every `y` after a vowel, is the consonant `Y`,
/// deciding left to right (so in `ayy` only the first `y` is a consonant). From the masks of
/// `aeiou` and of `y`, returns the mask of all vowels (`aeiou` and the other `y`s) and the
/// mask of the consonant `y`s.
#[inline]
fn mark_consonant_y(aeiou: u64, ys: u64) -> (u64, u64) {
    let mut vowels = aeiou;
    let mut consonant_y = 0;
    let mut rest = ys;
    while rest != 0 {
        let i = rest.trailing_zeros();
        rest &= rest - 1;
        if i == 0 || vowels >> (i - 1) & 1 != 0 {
            consonant_y |= 1 << i;
        } else {
            vowels |= 1 << i;
        }
    }
    (vowels, consonant_y)
}

/// Eight bytes of `b` from `at`, little-endian.
#[inline]
fn load8(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().expect("eight bytes"))
}

/// The bytes of `b` (fewer than eight), little-endian, zeros after them: two overlapping
/// loads instead of a loop.
#[inline]
fn load_short(b: &[u8]) -> u64 {
    let n = b.len();
    let u32_at = |i: usize| u64::from(u32::from_le_bytes(b[i..i + 4].try_into().expect("4")));
    let u16_at = |i: usize| u64::from(u16::from_le_bytes(b[i..i + 2].try_into().expect("2")));
    match n {
        4.. => u32_at(0) | u32_at(n - 4) << (8 * (n - 4)),
        2.. => u16_at(0) | u16_at(n - 2) << (8 * (n - 2)),
        1 => u64::from(b[0]),
        0 => 0,
    }
}

// Byte-parallel tests on eight ASCII bytes at once: each sets the high bit of the bytes
// that pass (or, for `bytes_ne`, of those that fail).
const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;
const LOWS: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// The bytes of `x` not equal to `c` (plus garbage in the low bits).
#[inline]
fn bytes_ne(x: u64, c: u8) -> u64 {
    let t = x ^ (ONES * c as u64);
    // A byte below 0x80 plus 0x7f has its high bit set unless it is zero; no carries.
    (t + LOWS) | t
}

/// The bytes of `x` in `lo..=hi`.
#[inline]
fn bytes_in(x: u64, lo: u8, hi: u8) -> u64 {
    (x + ONES * (0x80 - lo) as u64) & !(x + ONES * (0x7f - hi) as u64) & HIGHS
}

/// The high bits of the eight bytes, as eight bits (byte 0 → bit 0).
#[inline]
fn gather(highs: u64) -> u64 {
    ((highs >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// Classes of eight bytes (zeros pass no test): `(accepted, aeiou, y)` as eight-bit masks,
/// or `None` when a byte is 0x80 or above.
#[inline]
fn classify(x: u64) -> Option<(u64, u64, u64)> {
    if x & HIGHS != 0 {
        return None;
    }
    let apostrophe = !bytes_ne(x, b'\'') & HIGHS;
    let accepted = bytes_in(x, b'a', b'z') | bytes_in(x, b'0', b'9') | apostrophe;
    let not_aeiou = bytes_ne(x, b'a')
        & bytes_ne(x, b'e')
        & bytes_ne(x, b'i')
        & bytes_ne(x, b'o')
        & bytes_ne(x, b'u');
    let y = !bytes_ne(x, b'y') & HIGHS;
    Some((gather(accepted), gather(!not_aeiou & HIGHS), gather(y)))
}

/// The mask of the low `n` bits (`n` up to 64).
#[inline]
fn low_bits(n: usize) -> u64 {
    1u64.checked_shl(n as u32).unwrap_or(0).wrapping_sub(1)
}

/// `v_WXY` (`aeiouy`, `w`, `x` and `Y`) for the last letter of a short syllable: a `y`
/// counts whether marked or not.
#[inline]
fn is_vowel_wxy_byte(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'w' | b'x')
}

/// `valid_LI`: the letters that may precede a removable `li`.
#[inline]
fn is_valid_li(c: u8) -> bool {
    matches!(
        c,
        b'c' | b'd' | b'e' | b'g' | b'h' | b'k' | b'm' | b'n' | b'r' | b't'
    )
}

/// The word being stemmed, with its vowel marks and regions.
struct Word {
    /// [`PAD`] zero bytes, then the word as given (after the leading apostrophe).
    buf: [u8; PAD + MAX_LEN],
    /// Its first eight bytes, little-endian (zeros after its end).
    head: u64,
    /// The stem's current length.
    len: usize,
    /// The stem's last eight bytes, little-endian (zeros before its start): every suffix
    /// test reads this and every change updates it. The bytes before these eight are always
    /// the word's own: a change drops the last bytes (taking the ones it uncovers from the
    /// word) and then writes at most as many as it dropped.
    tail: u64,
    /// Vowels of the word as the prelude left it, one bit per position.
    vowels: u64,
    /// The `y`s the prelude marked as consonants (`Y`), one bit per position.
    consonant_y: u64,
    /// Start of R1.
    p1: usize,
    /// Start of R2.
    p2: usize,
}

impl Word {
    /// Reads `word` (at most [`MAX_LEN`] bytes, after the leading apostrophe) and marks its
    /// vowels, or `None` when a byte is not `a-z`, `0-9` or `'`. (Inlined: returning the
    /// struct through memory and reading it back costs more than the rest of the prelude.)
    #[inline(always)]
    fn new(word: &[u8]) -> Option<Word> {
        let len = word.len();
        let mut buf = [0u8; PAD + MAX_LEN];
        let (mut accepted, mut aeiou, mut ys) = (0, 0, 0);
        let mut classify_chunk = |x: u64, at: usize| {
            let (a, v, y) = classify(x)?;
            accepted |= a << at;
            aeiou |= v << at;
            ys |= y << at;
            Some(())
        };
        // Eight bytes at a time, each copied into `buf` as well: whole chunks, then the rest
        // (the last eight bytes, shifted past the ones already seen; or the whole word when
        // it is shorter).
        let whole = len / 8;
        for i in 0..whole {
            let x = load8(word, 8 * i);
            buf[PAD + 8 * i..PAD + 8 * i + 8].copy_from_slice(&x.to_le_bytes());
            classify_chunk(x, 8 * i)?;
        }
        let head = if len >= 8 {
            load8(word, 0)
        } else {
            let x = load_short(word);
            buf[PAD..PAD + 8].copy_from_slice(&x.to_le_bytes());
            x
        };
        // The last eight bytes (zeros before a shorter word).
        let tail = if len >= 8 {
            load8(word, len - 8)
        } else {
            head.checked_shl(8 * (8 - len) as u32).unwrap_or(0)
        };
        let rest = len % 8;
        if rest > 0 {
            let x = if len >= 8 {
                buf[len..len + 8].copy_from_slice(&tail.to_le_bytes());
                tail >> (8 * (8 - rest))
            } else {
                head
            };
            classify_chunk(x, 8 * whole)?;
        }
        if accepted != low_bits(len) {
            return None;
        }
        let (vowels, consonant_y) = mark_consonant_y(aeiou, ys);
        Some(Word {
            buf,
            head,
            len,
            tail,
            vowels,
            consonant_y,
            p1: len,
            p2: len,
        })
    }

    /// The last eight of the word's own first `len` bytes, as [`Word::tail`] holds them.
    #[inline]
    fn word_tail(&self, len: usize) -> u64 {
        // They end at `PAD + len`.
        load8(&self.buf, len)
    }

    /// Writes the stem into `out` (already cleared); `text` is the word as a `str`.
    #[inline]
    fn write(&self, text: &str, out: &mut String) {
        if self.tail == self.word_tail(self.len) {
            // The stem is the word's own first bytes.
            out.push_str(&text[..self.len]);
        } else {
            let last = self.len.min(8);
            out.push_str(&text[..self.len - last]);
            let bytes = self.tail.to_le_bytes();
            out.extend(bytes[8 - last..].iter().map(|&c| char::from(c)));
        }
    }

    /// Drops the last `n` bytes (at most 7).
    #[inline]
    fn drop_end(&mut self, n: usize) {
        self.len -= n;
        // The bytes this uncovers at the front of the eight are the word's own.
        let bits = 8 * n as u32;
        self.tail = self.tail << bits | self.word_tail(self.len) & low_bits(bits as usize);
    }

    /// Replaces the last `suffix_len` bytes (at most 7) with `with` (not longer).
    #[inline]
    fn replace_end(&mut self, suffix_len: usize, with: &[u8]) {
        debug_assert!(with.len() <= suffix_len);
        self.drop_end(suffix_len);
        if !with.is_empty() {
            let bits = 8 * with.len() as u32;
            self.tail = self.tail >> bits | pack(with) << (64 - bits);
            self.len += with.len();
        }
    }

    /// The stem ends with `suffix` (1 to 8 bytes).
    #[inline(always)]
    fn ends<const N: usize>(&self, suffix: &[u8; N]) -> bool {
        self.tail >> (64 - 8 * N) == pack(suffix)
    }

    /// The byte `k` places from the end (`1` is the last; 1 to 8), or 0 before the start.
    #[inline]
    fn back(&self, k: usize) -> u8 {
        (self.tail >> (64 - 8 * k)) as u8
    }

    /// `v` at `k` places from the end (1 to 8): `aeiou`, or a `y` not marked as a consonant.
    #[inline]
    fn vowel_back(&self, k: usize) -> bool {
        match self.back(k) {
            b'a' | b'e' | b'i' | b'o' | b'u' => true,
            b'y' => self.consonant_y >> (self.len - k) & 1 == 0,
            _ => false,
        }
    }

    /// A vowel among the first `end` bytes. Only for steps 1a and 1b, while those bytes are
    /// still the word's own.
    #[inline]
    fn has_vowel_before(&self, end: usize) -> bool {
        self.vowels & low_bits(end) != 0
    }

    /// `R1` / `R2`: the last `len` bytes lie in the region starting at `p`.
    #[inline]
    fn suffix_in(&self, p: usize, len: usize) -> bool {
        p + len <= self.len
    }

    /// `shortv` on the stem without its last `skip` bytes (at most 5): it ends in a short
    /// syllable (a non-vowel, a vowel, then a non-vowel other than `w`, `x` and `Y`), or it
    /// is exactly a vowel and a non-vowel.
    #[inline]
    fn short_syllable_before(&self, skip: usize) -> bool {
        match self.len - skip {
            0 | 1 => false,
            2 => self.vowel_back(skip + 2) && !self.vowel_back(skip + 1),
            _ => {
                !is_vowel_wxy_byte(self.back(skip + 1))
                    && self.vowel_back(skip + 2)
                    && !self.vowel_back(skip + 3)
            }
        }
    }

    /// `mark_regions`: R1 starts after the first non-vowel that follows a vowel (or after
    /// the prefix `gener`, `commun` or `arsen`), R2 likewise within R1; a region that is not
    /// found starts at the end of the word.
    fn mark_regions(&mut self) {
        let five = self.head & low_bits(40);
        self.p1 = if five == pack(b"gener") || five == pack(b"arsen") {
            5
        } else if self.head & low_bits(48) == pack(b"commun") {
            6
        } else {
            self.after_vowel_consonant(0)
        };
        self.p2 = self.after_vowel_consonant(self.p1);
    }

    /// `gopast v gopast non-v` from `from`: the position after the first non-vowel that
    /// follows a vowel, or the length when there is none. That is two past the first vowel
    /// at or after `from` that has a non-vowel next to it.
    #[inline]
    fn after_vowel_consonant(&self, from: usize) -> usize {
        let consonants = !self.vowels & low_bits(self.len);
        let pairs = self.vowels & consonants >> 1 & !low_bits(from);
        if pairs == 0 {
            self.len
        } else {
            pairs.trailing_zeros() as usize + 2
        }
    }

    /// Step 1a: the possessive `'s'`, `'s` or `'`, then `sses`, `ied`/`ies`, `ss`/`us` and
    /// `s`.
    fn step_1a(&mut self) {
        // The longest of `'s'`, `'s` and `'` goes.
        let apostrophe = if self.ends(b"'s'") {
            3
        } else if self.ends(b"'s") {
            2
        } else if self.ends(b"'") {
            1
        } else {
            0
        };
        if apostrophe > 0 {
            self.drop_end(apostrophe);
        }
        match self.back(1) {
            b's' => {
                if self.ends(b"sses") {
                    // sses → ss
                    self.drop_end(2);
                } else if self.ends(b"ies") {
                    self.ied_ies();
                } else if matches!(self.back(2), b's' | b'u') {
                    // ss, us: unchanged
                } else if self.len >= 2 && self.has_vowel_before(self.len - 2) {
                    // s → deleted when a vowel comes before the letter preceding it
                    self.drop_end(1);
                }
            }
            b'd' if self.ends(b"ied") => self.ied_ies(),
            _ => {}
        }
    }

    /// Step 1a's `ied`/`ies`: → `i` after at least two letters, else → `ie` (both the
    /// word's own bytes).
    #[inline]
    fn ied_ies(&mut self) {
        self.drop_end(if self.len >= 5 { 2 } else { 1 });
    }

    /// `exception2`: after step 1a these words are left alone.
    #[inline]
    fn is_exception2(&self) -> bool {
        // The stem packed when it has at most eight bytes (eight bytes can match no key).
        let stem = self
            .tail
            .checked_shr(64 - 8 * self.len.min(8) as u32)
            .unwrap_or(0);
        stem != 0 && EXCEPTION2[slot(stem, 4)] == stem
    }

    /// Step 1b: `eed`/`eedly` → `ee` in R1; `ed`, `edly`, `ing`, `ingly` deleted after a
    /// vowel, then `at`/`bl`/`iz` + `e`, a double consonant undoubled, or a short word + `e`.
    fn step_1b(&mut self) {
        // (suffix length, true for the eed/eedly kind)
        let (len, eed) = match self.back(1) {
            b'y' => {
                if self.ends(b"eedly") {
                    (5, true)
                } else if self.ends(b"edly") {
                    (4, false)
                } else if self.ends(b"ingly") {
                    (5, false)
                } else {
                    return;
                }
            }
            b'd' => {
                if self.ends(b"eed") {
                    (3, true)
                } else if self.back(2) == b'e' {
                    (2, false)
                } else {
                    return;
                }
            }
            b'g' if self.ends(b"ing") => (3, false),
            _ => return,
        };
        if eed {
            if self.suffix_in(self.p1, len) {
                self.replace_end(len, b"ee");
            }
            return;
        }
        let start = self.len - len;
        if !self.has_vowel_before(start) {
            return;
        }
        // What the deletion leaves decides: the two bytes before the suffix.
        match (self.back(len + 2), self.back(len + 1)) {
            (b'a', b't') | (b'b', b'l') | (b'i', b'z') => self.replace_end(len, b"e"),
            (x, y)
                if x == y
                    && matches!(
                        x,
                        b'b' | b'd' | b'f' | b'g' | b'm' | b'n' | b'p' | b'r' | b't'
                    ) =>
            {
                // undouble
                self.drop_end(len + 1)
            }
            _ => {
                if self.p1 == start && self.short_syllable_before(len) {
                    self.replace_end(len, b"e");
                } else {
                    self.drop_end(len);
                }
            }
        }
    }

    /// Step 1c: a final `y` or `Y` after a non-vowel that is not the first letter → `i`.
    fn step_1c(&mut self) {
        if self.len >= 3 && self.back(1) == b'y' && !self.vowel_back(2) {
            self.replace_end(1, b"i");
        }
    }

    /// Step 2: the longest of its suffixes, replaced when it starts in R1.
    fn step_2(&mut self) {
        if !self.suffix_in(self.p1, 2) {
            return; // no suffix of this step (the shortest is `li`) lies in R1
        }
        // (suffix length, replacement)
        let (len, with): (usize, &[u8]) = match self.back(1) {
            b'i' => match self.back(2) {
                b'c' => {
                    if self.ends(b"anci") {
                        (4, b"ance")
                    } else if self.ends(b"enci") {
                        (4, b"ence")
                    } else {
                        return;
                    }
                }
                b'g' => {
                    // ogi → og, after an `l`
                    if self.back(3) == b'o' && self.back(4) == b'l' && self.suffix_in(self.p1, 3) {
                        self.drop_end(1);
                    }
                    return;
                }
                b'l' => {
                    if self.ends(b"lessli") {
                        (6, b"less")
                    } else if self.ends(b"fulli") {
                        (5, b"ful")
                    } else if self.ends(b"ousli") {
                        (5, b"ous")
                    } else if self.ends(b"entli") {
                        (5, b"ent")
                    } else if self.ends(b"abli") {
                        (4, b"able")
                    } else if self.ends(b"alli") {
                        (4, b"al")
                    } else if self.back(3) == b'b' {
                        (3, b"ble")
                    } else {
                        // li → deleted, after a valid_LI letter
                        if is_valid_li(self.back(3)) && self.suffix_in(self.p1, 2) {
                            self.drop_end(2);
                        }
                        return;
                    }
                }
                b't' => {
                    if self.ends(b"biliti") {
                        (6, b"ble")
                    } else if self.ends(b"aliti") {
                        (5, b"al")
                    } else if self.ends(b"iviti") {
                        (5, b"ive")
                    } else {
                        return;
                    }
                }
                _ => return,
            },
            b'l' => {
                if self.ends(b"ational") {
                    (7, b"ate")
                } else if self.ends(b"tional") {
                    (6, b"tion")
                } else {
                    return;
                }
            }
            b'm' if self.ends(b"alism") => (5, b"al"),
            b'n' => {
                if self.ends(b"ization") {
                    (7, b"ize")
                } else if self.ends(b"ation") {
                    (5, b"ate")
                } else {
                    return;
                }
            }
            b'r' => {
                if self.ends(b"izer") {
                    (4, b"ize")
                } else if self.ends(b"ator") {
                    (4, b"ate")
                } else {
                    return;
                }
            }
            b's' => {
                if self.ends(b"iveness") {
                    (7, b"ive")
                } else if self.ends(b"fulness") {
                    (7, b"ful")
                } else if self.ends(b"ousness") {
                    (7, b"ous")
                } else {
                    return;
                }
            }
            _ => return,
        };
        if self.suffix_in(self.p1, len) {
            self.replace_end(len, with);
        }
    }

    /// Step 3: the longest of its suffixes, replaced when it starts in R1 (`ative`: in R2).
    fn step_3(&mut self) {
        if !self.suffix_in(self.p1, 3) {
            return; // no suffix of this step (the shortest is `ful`) lies in R1
        }
        let (len, with): (usize, &[u8]) = match self.back(1) {
            b'e' => {
                if self.ends(b"icate") {
                    (5, b"ic")
                } else if self.ends(b"ative") {
                    // ative → deleted, in R2 (which lies within R1)
                    if !self.suffix_in(self.p2, 5) {
                        return;
                    }
                    (5, b"")
                } else if self.ends(b"alize") {
                    (5, b"al")
                } else {
                    return;
                }
            }
            b'i' if self.ends(b"iciti") => (5, b"ic"),
            b'l' => {
                if self.ends(b"ational") {
                    (7, b"ate")
                } else if self.ends(b"tional") {
                    (6, b"tion")
                } else if self.ends(b"ical") {
                    (4, b"ic")
                } else if self.ends(b"ful") {
                    (3, b"")
                } else {
                    return;
                }
            }
            b's' if self.ends(b"ness") => (4, b""),
            _ => return,
        };
        if self.suffix_in(self.p1, len) {
            self.replace_end(len, with);
        }
    }

    /// Step 4: the longest of its suffixes, deleted when it starts in R2 (`ion`: after `s`
    /// or `t`).
    fn step_4(&mut self) {
        if !self.suffix_in(self.p2, 2) {
            return; // no suffix of this step (the shortest are `ic`, `al`, `er`) lies in R2
        }
        let len = match self.back(1) {
            b'c' if self.back(2) == b'i' => 2,
            b'e' => {
                if self.ends(b"ance")
                    || self.ends(b"ence")
                    || self.ends(b"able")
                    || self.ends(b"ible")
                {
                    4
                } else if self.ends(b"ate") || self.ends(b"ive") || self.ends(b"ize") {
                    3
                } else {
                    return;
                }
            }
            b'i' if self.ends(b"iti") => 3,
            b'l' if self.back(2) == b'a' => 2,
            b'm' if self.ends(b"ism") => 3,
            b'n' if self.ends(b"ion") => {
                if matches!(self.back(4), b's' | b't') {
                    3
                } else {
                    return;
                }
            }
            b'r' if self.back(2) == b'e' => 2,
            b's' if self.ends(b"ous") => 3,
            b't' => {
                if self.ends(b"ement") {
                    5
                } else if self.ends(b"ment") {
                    4
                } else if self.ends(b"ent") || self.ends(b"ant") {
                    3
                } else {
                    return;
                }
            }
            _ => return,
        };
        if self.suffix_in(self.p2, len) {
            self.drop_end(len);
        }
    }

    /// Step 5: a final `e` in R2, or in R1 when not after a short syllable; a final `l` in
    /// R2 after another `l`.
    fn step_5(&mut self) {
        if !self.suffix_in(self.p1, 1) {
            return; // R1 (and so R2) is empty
        }
        // (R1 is known to hold the last byte here, so the `e` test needs only R2 or `shortv`.)
        let drop = match self.back(1) {
            b'e' => self.suffix_in(self.p2, 1) || !self.short_syllable_before(1),
            b'l' => self.back(2) == b'l' && self.suffix_in(self.p2, 1),
            _ => false,
        };
        if drop {
            self.drop_end(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::stem_ascii;
    use rust_stemmers::{Algorithm, Stemmer};

    fn ours(word: &str) -> String {
        let mut out = String::from("left over");
        assert!(stem_ascii(word, &mut out), "refused {word:?}");
        out
    }

    /// Known stems, each also checked against rust-stemmers.
    #[test]
    fn known_stems_match_rust_stemmers() {
        let reference = Stemmer::create(Algorithm::English);
        let cases: &[(&str, &str)] = &[
            // too short, and exception1
            ("a", "a"),
            ("is", "is"),
            ("'s", "'s"),
            ("skies", "sky"),
            ("skis", "ski"),
            ("dying", "die"),
            ("lying", "lie"),
            ("tying", "tie"),
            ("idly", "idl"),
            ("gently", "gentl"),
            ("ugly", "ugli"),
            ("early", "earli"),
            ("only", "onli"),
            ("singly", "singl"),
            ("news", "news"),
            ("atlas", "atlas"),
            ("cosmos", "cosmos"),
            ("bias", "bias"),
            ("andes", "andes"),
            ("howe", "howe"),
            ("sky", "sky"),
            // prelude: apostrophe and y
            ("'tis", "tis"),
            ("youth", "youth"),
            ("sayings", "say"),
            ("enjoying", "enjoy"),
            // special R1 prefixes
            ("generous", "generous"),
            ("general", "general"),
            ("communism", "communism"),
            ("communication", "communic"),
            ("arsenal", "arsenal"),
            // step 1a
            ("caresses", "caress"),
            ("ties", "tie"),
            ("cries", "cri"),
            ("died", "die"),
            ("gas", "gas"),
            ("gaps", "gap"),
            ("kiwis", "kiwi"),
            ("press", "press"),
            ("minus", "minus"),
            ("boy's", "boy"),
            ("boys'", "boy"),
            ("officials'", "offici"),
            // exception2
            ("innings", "inning"),
            ("outing", "outing"),
            ("succeed", "succeed"),
            ("exceeds", "exceed"),
            // step 1b
            ("agreed", "agre"),
            ("feed", "feed"),
            ("hoped", "hope"),
            ("hopping", "hop"),
            ("luxuriating", "luxuri"),
            ("troubled", "troubl"),
            ("sized", "size"),
            ("falling", "fall"),
            ("filing", "file"),
            ("sing", "sing"),
            ("reportedly", "report"),
            ("exceedingly", "exceed"),
            // step 1c
            ("cry", "cri"),
            ("by", "by"),
            ("say", "say"),
            ("happy", "happi"),
            // step 2
            ("relational", "relat"),
            ("conditional", "condit"),
            ("valenci", "valenc"),
            ("hesitanci", "hesit"),
            ("digitizer", "digit"),
            ("conformabli", "conform"),
            ("radicalli", "radic"),
            ("differentli", "differ"),
            ("vileli", "vile"),
            ("analogousli", "analog"),
            ("vietnamization", "vietnam"),
            ("predication", "predic"),
            ("operator", "oper"),
            ("feudalism", "feudal"),
            ("decisiveness", "decis"),
            ("hopefulness", "hope"),
            ("callousness", "callous"),
            ("formaliti", "formal"),
            ("sensitiviti", "sensit"),
            ("sensibiliti", "sensibl"),
            ("geology", "geolog"),
            ("mostly", "most"),
            // step 3
            ("triplicate", "triplic"),
            ("formative", "format"),
            ("demonstrative", "demonstr"),
            ("formalize", "formal"),
            ("electriciti", "electr"),
            ("electrical", "electr"),
            ("hopeful", "hope"),
            ("goodness", "good"),
            // step 4
            ("revival", "reviv"),
            ("allowance", "allow"),
            ("inference", "infer"),
            ("airliner", "airlin"),
            ("gyroscopic", "gyroscop"),
            ("adjustable", "adjust"),
            ("defensible", "defens"),
            ("irritant", "irrit"),
            ("replacement", "replac"),
            ("adjustment", "adjust"),
            ("dependent", "depend"),
            ("adoption", "adopt"),
            ("adhesion", "adhes"),
            ("homologous", "homolog"),
            ("communism", "communism"),
            ("activate", "activ"),
            ("angulariti", "angular"),
            ("effective", "effect"),
            ("bowdlerize", "bowdler"),
            // step 5
            ("probate", "probat"),
            ("rate", "rate"),
            ("cease", "ceas"),
            ("controll", "control"),
            ("roll", "roll"),
            // digits and apostrophes inside
            ("1990s", "1990s"),
            ("don't", "don't"),
            ("o'clock", "o'clock"),
        ];
        let mut wrong = Vec::new();
        for &(word, stem) in cases {
            let expected = reference.stem(word);
            assert_eq!(expected, stem, "the test table is wrong about {word:?}");
            if ours(word) != stem {
                wrong.push((word, ours(word), stem));
            }
        }
        assert!(wrong.is_empty(), "(word, ours, expected): {wrong:?}");
    }

    #[test]
    fn refuses_what_is_not_plain_lower_case_ascii() {
        let mut out = String::new();
        for word in [
            "",
            "Hello",
            "naïve",
            "well-known",
            "a b",
            "café",
            "x\u{2019}s",
        ] {
            assert!(!stem_ascii(word, &mut out), "accepted {word:?}");
        }
        // Every other ASCII character and a few others, at the start, middle and end of words
        // of every length up to 70 (the byte-parallel checks work eight bytes at a time).
        let others = (0u8..0x80)
            .map(char::from)
            .filter(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '\''))
            .chain(['é', '\u{2019}', '中', '\u{1F600}', '\u{80}']);
        for c in others {
            for len in 1..=70 {
                for at in [0, len / 2, len - 1] {
                    let word: String = (0..len).map(|i| if i == at { c } else { 'a' }).collect();
                    assert!(!stem_ascii(&word, &mut out), "accepted {word:?}");
                    let quoted = format!("'{word}");
                    assert!(!stem_ascii(&quoted, &mut out), "accepted {quoted:?}");
                }
            }
        }
    }

    #[test]
    fn output_is_cleared_first() {
        let mut out = String::from("something long already here");
        assert!(stem_ascii("running", &mut out));
        assert_eq!(out, "run");
        assert!(stem_ascii("at", &mut out));
        assert_eq!(out, "at");
    }

    /// Every token of the repository's `training-data/` folder (any file, recursively), lower-cased
    /// and split on characters that are neither alphanumeric nor an apostrophe.
    fn training_data_tokens() -> Vec<String> {
        fn walk(dir: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
            let mut entries: Vec<_> = std::fs::read_dir(dir)
                .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
                .map(|e| e.expect("directory entry").path())
                .collect();
            entries.sort();
            for path in entries {
                if path.is_dir() {
                    walk(&path, files);
                } else {
                    files.push(path);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("training-data");
        let mut files = Vec::new();
        walk(&root, &mut files);
        assert!(
            files.len() > 10,
            "training-data has only {} files",
            files.len()
        );
        let mut tokens = Vec::new();
        for file in files {
            let bytes = std::fs::read(&file).expect("readable file");
            let text = String::from_utf8_lossy(&bytes).to_lowercase();
            tokens.extend(
                text.split(|c: char| !c.is_alphanumeric() && c != '\'')
                    .filter(|t| !t.is_empty())
                    .map(str::to_string),
            );
        }
        tokens
    }

    /// Every suffix of the algorithm's tables (and a few endings that lead into them).
    const SUFFIXES: &[&str] = &[
        // Step 1a
        "'", "'s'", "'s", "s'", "ied", "s", "ies", "sses", "ss", "us", "es", "ys", "yed",
        // Step 1b and what follows it
        "ed", "eed", "ing", "edly", "eedly", "ingly", "ly", "y", "ying", "yly", "bb", "dd", "ff",
        "gg", "bl", "mm", "nn", "pp", "rr", "at", "tt", "iz", "ated", "bled", "ized", "ating",
        "izing", "ping", "ped", "ted", "ting", "ling", "led", "ning", "ned", // Step 2
        "anci", "enci", "ogi", "logi", "ology", "li", "bli", "abli", "alli", "fulli", "lessli",
        "ousli", "entli", "aliti", "biliti", "iviti", "tional", "ational", "alism", "ation",
        "ization", "izer", "ator", "iveness", "fulness", "ousness", "ancy", "ency", "ably", "ally",
        "fully", "lessly", "ously", "ently", "ality", "bility", "ivity", "cli", "dli", "eli",
        "gli", "hli", "kli", "mli", "nli", "rli", "tli", "sli", "ili", // Step 3
        "icate", "ative", "alize", "iciti", "icity", "ical", "ful", "ness", // Step 4
        "ic", "ance", "ence", "able", "ible", "ate", "ive", "ize", "iti", "ity", "al", "ism",
        "ion", "sion", "tion", "xion", "er", "ous", "ant", "ent", "ment", "ement", // Step 5
        "e", "l", "ll", "le", // odd endings
        "'t", "n't", "'ll", "'re", "'d", "1", "99", "s1", "y'", "''",
    ];

    /// Roots of many shapes: short syllables, double consonants, y after vowels, the special
    /// R1 prefixes, the exception words themselves, digits and apostrophes.
    #[rustfmt::skip]
    const ROOTS: &[&str] = &[
        "", "a", "e", "i", "o", "u", "y", "b", "s", "l", "w", "x", "ab", "ay", "ey", "oy", "uy",
        "by", "sy", "ly", "ye", "yo", "ya", "yy", "ays", "hop", "bat", "tap", "fit", "plan",
        "stop", "rob", "beg", "dim", "win", "sip", "bar", "pet", "fix", "box", "tax", "mow",
        "sew", "saw", "law", "hope", "rate", "cease", "file", "bake", "rule", "tale", "care",
        "play", "enjoy", "obey", "stay", "pray", "buy", "guy", "key", "say", "boy", "toy",
        "cry", "try", "dry", "fly", "spy", "sky", "ski", "die", "lie", "tie", "dye", "happ",
        "jolly", "yell", "yield", "young", "yacht", "yes", "youth", "gener", "general",
        "generous", "commun", "communic", "communist", "arsen", "arsenal", "arsenic", "news",
        "bias", "atlas", "cosmos", "andes", "howe", "inning", "outing", "canning", "herring",
        "earring", "proceed", "exceed", "succeed", "early", "only", "ugly", "idly", "gently",
        "singly", "dying", "lying", "tying", "skies", "skis", "agree", "feed", "need", "bleed",
        "speed", "report", "allege", "alleg", "negoti", "negotiat", "militan", "milit",
        "govern", "presid", "elect", "nation", "ration", "relat", "condit", "addition",
        "vietnam", "hesit", "valen", "conform", "radic", "differ", "analog", "predic", "oper",
        "feud", "decis", "hope", "callous", "formal", "sensit", "sensib", "geo", "geolog",
        "ana", "triplic", "form", "electr", "good", "reviv", "allow", "infer", "airlin",
        "gyroscop", "adjust", "defens", "irrit", "replac", "depend", "adopt", "adhes",
        "homolog", "activ", "angular", "effect", "bowdler", "probat", "control", "roll",
        "troubl", "siz", "luxuri", "fall", "sing", "kiwi", "caress", "press", "minus", "gas",
        "gap", "offici", "minist", "secur", "sanction", "inflat", "econom", "diplomat",
        "militari", "ceasefir", "summit", "treati", "tariff", "invest", "market", "bank",
        "border", "refuge", "troop", "missil", "strike", "attack", "talk", "deal", "trade",
        "export", "import", "rebel", "forc", "command", "polic", "protest", "vote",
        "parliament", "court", "judg", "law", "crisi", "energi", "oil", "price", "growth",
        "debt", "loan", "fund", "budget", "tax", "wage", "job", "worker", "union", "strik",
        "factori", "o'", "'o", "d'", "l'", "rock'n'roll", "don", "can", "won", "shan", "1990",
        "2024", "g7", "g20", "covid19", "a1", "b52", "4x4", "mp3", "24h", "3d", "i", "ii",
        "iii", "eye", "aye", "bye", "quay", "queue", "area", "idea", "oasis", "crisis",
        "thesis", "bus", "gus", "us", "this", "his", "has", "was", "does", "goes", "sees",
        "axis", "moss", "boss", "class", "access", "process", "success", "business", "witness",
    ];

    /// Roots tried with every pair of suffixes: short, long, vowel-initial, y-final, and the
    /// special R1 prefixes.
    const PAIR_ROOTS: &[&str] = &[
        "", "a", "y", "hop", "plan", "play", "gener", "commun", "nation", "form", "electr", "sens",
        "control", "agree",
    ];

    /// Prefixes put in front of roots.
    const PREFIXES: &[&str] = &[
        "un", "re", "dis", "pre", "over", "counter", "anti", "y", "e", "'", "gener", "commun",
        "arsen", "in", "co", "ex", "sub", "a", "1", "o'",
    ];

    fn synthetic_words() -> Vec<String> {
        let mut words = Vec::new();
        // Roots alone and with one suffix; some roots with every pair of suffixes.
        for root in ROOTS {
            words.push(root.to_string());
            for s1 in SUFFIXES {
                words.push(format!("{root}{s1}"));
            }
        }
        for root in PAIR_ROOTS {
            for s1 in SUFFIXES {
                for s2 in SUFFIXES {
                    words.push(format!("{root}{s1}{s2}"));
                }
            }
        }
        // Prefixes in front of roots, alone or with a few suffixes.
        for prefix in PREFIXES {
            for root in ROOTS {
                words.push(format!("{prefix}{root}"));
                for s1 in [
                    "s", "ed", "ing", "ly", "y", "e", "ation", "ness", "al", "ment",
                ] {
                    words.push(format!("{prefix}{root}{s1}"));
                }
            }
        }
        // Doubled final consonants, y-words and apostrophe forms of each root + suffix.
        for root in ROOTS {
            if let Some(last) = root.chars().last() {
                for s1 in [
                    "ed", "ing", "er", "est", "s", "ly", "y", "e", "ingly", "edly",
                ] {
                    words.push(format!("{root}{last}{s1}"));
                }
            }
            for s1 in SUFFIXES {
                for form in ["{}'s", "{}s'", "'{}", "{}y", "y{}", "{}9", "9{}"] {
                    words.push(form.replace("{}", &format!("{root}{s1}")));
                }
            }
        }
        // Every length up to 80 (past the 64 bytes stemmed here; longer words go to
        // rust-stemmers inside `stem_ascii`), with and without a leading apostrophe.
        for len in 1..=80 {
            for (i, root) in ROOTS.iter().enumerate().take(12) {
                let mut word: String = "nationalization"
                    .chars()
                    .cycle()
                    .skip(i)
                    .take(len)
                    .collect();
                word.replace_range(..root.len().min(len), &root[..root.len().min(len)]);
                for suffix in ["", "s", "ed", "ing", "ly", "'s", "e"] {
                    words.push(format!("{word}{suffix}"));
                    words.push(format!("'{word}{suffix}"));
                }
            }
        }
        // Every word of up to three bytes, and every four- and five-byte word over a small
        // alphabet.
        let all: Vec<char> = ('a'..='z').chain('0'..='9').chain(['\'']).collect();
        for &a in &all {
            words.push(a.to_string());
            for &b in &all {
                words.push(format!("{a}{b}"));
                for &c in &all {
                    words.push(format!("{a}{b}{c}"));
                }
            }
        }
        let small = ['a', 'e', 'y', 's', 'd', 'l', 't', 'w', '\''];
        for a in small {
            for b in small {
                for c in small {
                    for d in small {
                        words.push(format!("{a}{b}{c}{d}"));
                        for e in small {
                            words.push(format!("{a}{b}{c}{d}{e}"));
                        }
                    }
                }
            }
        }
        words
    }

    /// The equivalence test: the training data and a large synthetic list, each word compared
    /// with rust-stemmers byte for byte.
    #[test]
    fn same_as_rust_stemmers_on_a_large_word_list() {
        let reference = Stemmer::create(Algorithm::English);
        let mut words: Vec<String> = Vec::new();
        let mut refused_training = 0;
        for token in training_data_tokens() {
            if token.is_ascii() {
                words.push(token);
            } else {
                refused_training += 1;
                let mut out = String::new();
                assert!(!stem_ascii(&token, &mut out), "accepted {token:?}");
            }
        }
        words.sort_unstable();
        words.dedup();
        let training = words.len();
        assert!(training > 3000, "only {training} training-data words");
        words.extend(synthetic_words());
        words.retain(|w| !w.is_empty()); // refused by design (tested above)
        words.sort_unstable();
        words.dedup();
        assert!(words.len() > 100_000, "only {} words", words.len());

        let mut out = String::new();
        let mut mismatches = Vec::new();
        let mut compared = 0usize;
        for word in &words {
            if !stem_ascii(word, &mut out) {
                // Only a non-plain word may be refused.
                assert!(
                    word.bytes()
                        .any(|b| !(b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'\'')),
                    "refused plain word {word:?}"
                );
                continue;
            }
            compared += 1;
            let expected = reference.stem(word);
            if out != expected {
                mismatches.push(format!(
                    "{word:?}: ours {out:?}, rust-stemmers {expected:?}"
                ));
            }
        }
        println!(
            "compared {compared} words ({training} distinct ASCII training-data words, \
             {refused_training} non-ASCII tokens refused), {} mismatches",
            mismatches.len()
        );
        assert!(
            mismatches.is_empty(),
            "{} of {compared} words differ; the first:\n{}",
            mismatches.len(),
            mismatches[..mismatches.len().min(40)].join("\n")
        );
        assert!(compared > 100_000);
    }
}
