//! The vocabulary's lookup tables: stem → feature and bigram part, bigram parts → feature,
//! and a small bit filter that turns most adjacent word pairs away before the bigram table.

use crate::fast::FlatMap;
use rustc_hash::FxHashMap;

/// Lookup tables rebuilt from `terms` after loading.
#[derive(Debug, Clone, Default)]
pub(super) struct TermIndex {
    /// Stem → (unigram feature, bigram part id).
    pub(super) stems: FxHashMap<String, Entry>,
    /// Bigram features keyed by their parts (see [`bigram_key`]).
    pub(super) bigrams: FlatMap<u64, u32>,
    /// About 8 bits per bigram, set at each bigram key's [`filter_bit`]: a clear bit proves
    /// a pair is no feature, so most adjacent word pairs are turned away by this table,
    /// small enough to stay in the fastest cache, without touching `bigrams`.
    bigram_filter: Vec<u64>,
    /// `64 - log2(bit count of bigram_filter)`.
    filter_shift: u32,
}

/// The bit of `key` in a filter of `2^(64 - shift)` bits.
#[inline]
fn filter_bit(key: u64, shift: u32) -> usize {
    (key.wrapping_mul(crate::fast::FILTER_MULTIPLIER) >> shift) as usize
}

/// The key of the bigram of parts `first` then `second`: never 0, the table's empty key.
#[inline]
pub(super) fn bigram_key(first: u32, second: u32) -> u64 {
    (first as u64 + 1) << 32 | second as u64
}

impl TermIndex {
    /// The lookup tables of `terms`.
    pub(super) fn of(terms: &[String]) -> TermIndex {
        let mut index = TermIndex {
            stems: FxHashMap::with_capacity_and_hasher(terms.len(), Default::default()),
            ..TermIndex::default()
        };
        let mut next_part = 0u32;
        let mut part_of = |stems: &mut FxHashMap<String, Entry>, s: &str| -> u32 {
            let e = entry(stems, s);
            if e.part == NONE {
                e.part = next_part;
                next_part += 1;
            }
            e.part
        };
        let bigrams = terms.iter().filter(|t| t.contains(' ')).count();
        index.bigrams = FlatMap::with_capacity(bigrams);
        for (id, term) in terms.iter().enumerate() {
            match term.split_once(' ') {
                None => entry(&mut index.stems, term).feature = id as u32,
                Some((a, b)) => {
                    let pa = part_of(&mut index.stems, a);
                    let pb = part_of(&mut index.stems, b);
                    index.bigrams.insert(bigram_key(pa, pb), id as u32);
                }
            }
        }
        index.build_filter();
        index
    }

    #[cfg(test)]
    fn bigram(&self, first: u32, second: u32) -> Option<u32> {
        let key = bigram_key(first, second);
        if !self.may_have_bigram(key) {
            return None;
        }
        self.bigrams.get(key)
    }

    /// False when the filter proves `key` is no bigram feature.
    #[inline]
    pub(super) fn may_have_bigram(&self, key: u64) -> bool {
        let bit = filter_bit(key, self.filter_shift);
        self.bigram_filter
            .get(bit / 64)
            .is_some_and(|word| word & (1 << (bit % 64)) != 0)
    }

    fn build_filter(&mut self) {
        let bits = (self.bigrams.len() * 8).next_power_of_two().max(64);
        self.filter_shift = 64 - bits.trailing_zeros();
        self.bigram_filter = vec![0; bits / 64];
        for (key, _) in self.bigrams.iter() {
            let bit = filter_bit(key, self.filter_shift);
            self.bigram_filter[bit / 64] |= 1 << (bit % 64);
        }
    }
}

/// The entry of stem `s`, added empty if missing (the key is copied only then: most stems
/// are met several times, as a feature and as parts of bigrams).
fn entry<'m>(stems: &'m mut FxHashMap<String, Entry>, s: &str) -> &'m mut Entry {
    if !stems.contains_key(s) {
        stems.insert(s.to_string(), EMPTY);
    }
    stems.get_mut(s).expect("inserted above")
}

pub(super) const NONE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Entry {
    pub(super) feature: u32,
    pub(super) part: u32,
}

pub(super) const EMPTY: Entry = Entry {
    feature: NONE,
    part: NONE,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bigram_passes_the_filter_and_most_other_pairs_do_not() {
        let terms: Vec<String> = (0..3000)
            .map(|i| format!("w{i}"))
            .chain((0..2000).map(|i| format!("w{} w{}", i, (i * 7 + 1) % 3000)))
            .collect();
        let mut sorted = terms.clone();
        sorted.sort();
        let index = TermIndex::of(&sorted);
        let part = |s: &str| index.stems[s].part;
        for (id, t) in sorted.iter().enumerate() {
            if let Some((a, b)) = t.split_once(' ') {
                assert_eq!(index.bigram(part(a), part(b)), Some(id as u32), "{t}");
            }
        }
        let mut passed = 0;
        for a in 0..200u32 {
            for b in 0..200u32 {
                let key = bigram_key(a, b);
                let bit = filter_bit(key, index.filter_shift);
                passed += (index.bigram_filter[bit / 64] >> (bit % 64) & 1) as usize;
            }
        }
        assert!(
            passed < 40_000 / 5,
            "filter lets {passed} of 40000 pairs through"
        );
    }
}
