//! Bigram screening: the document frequency of each adjacent pair of frequent words, counted
//! without a table of every pair.
//!
//! A pair is in no more units than either of its words, so only pairs of words that reach
//! `min_df` are counted. Each thread counts one share of the pairs (split by hash) over every
//! shard, so the counts need no merging. Most pairs occur once and cannot reach `min_df`: a
//! first pass counts occurrences in a small sketch (an over-estimate of each pair's document
//! frequency), and only pairs that may reach `min_df` enter the exact table, which stays
//! several times smaller.

use super::shard::{Shard, Vocabulary};
use crate::fast::{FlatMap, GOLDEN, XXH_PRIME_2, filled};

/// Per share of the pairs: bigram key → (document frequency, last unit counted).
pub(super) type BigramCounts = FlatMap<u64, (u32, u32)>;

/// The document frequencies of the bigrams whose words both reach `min_df`, in
/// `analysed.len()` shares counted side by side.
pub(super) fn count_bigrams(
    analysed: &[Shard],
    vocab: &Vocabulary<'_>,
    min_df: usize,
) -> Vec<BigramCounts> {
    let frequent: Vec<bool> = vocab.df.iter().map(|&d| d as usize >= min_df).collect();
    let mut first_units = Vec::with_capacity(analysed.len());
    let mut next = 0u32;
    for shard in analysed {
        first_units.push(next);
        next += shard.units() as u32;
    }
    let parts = analysed.len();
    let maps = &vocab.maps;
    // Each share holds about this many pairs (pages of the lists never reached stay unmapped).
    let per_share = analysed.iter().map(Shard::words).sum::<usize>() / parts.max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..parts)
            .map(|part| {
                let (frequent, first_units) = (&frequent, &first_units);
                scope.spawn(move || {
                    let mut pairs = SharePairs {
                        keys: Vec::with_capacity(per_share),
                        units: Vec::new(),
                    };
                    for ((shard, map), &first) in analysed.iter().zip(maps).zip(first_units) {
                        shard.for_each_pair(map, frequent, first, (part, parts), |unit, key| {
                            pairs.push(unit, key)
                        });
                    }
                    pairs.document_frequencies(min_df, per_share)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("bigram thread"))
            .collect()
    })
}

/// One share's pairs in the order the units were scanned, kept so that the shards are
/// scanned once (the sketch and the exact count both read this list).
struct SharePairs {
    keys: Vec<u64>,
    /// Each unit with pairs: (unit, index in `keys` of its first pair).
    units: Vec<(u32, usize)>,
}

impl SharePairs {
    fn push(&mut self, unit: u32, key: u64) {
        if self.units.last().is_none_or(|&(u, _)| u != unit) {
            self.units.push((unit, self.keys.len()));
        }
        self.keys.push(key);
    }

    /// Each unit's keys, in order.
    fn by_unit(&self) -> impl Iterator<Item = (u32, &[u64])> {
        let ends = self.units.iter().skip(1).map(|&(_, start)| start);
        self.units
            .iter()
            .zip(ends.chain([self.keys.len()]))
            .map(|(&(unit, start), end)| (unit, &self.keys[start..end]))
    }

    /// The document frequency of every pair that may reach `min_df` (a sketch sized for
    /// `words` occurrences turns most others away first).
    fn document_frequencies(&self, min_df: usize, words: usize) -> BigramCounts {
        let sketch = (2..=255).contains(&min_df).then(|| {
            let mut sketch = PairSketch::new(words);
            self.keys.iter().for_each(|&key| sketch.add(key));
            sketch
        });
        let mut counts = FlatMap::with_capacity(words / 16);
        for (unit, keys) in self.by_unit() {
            for &key in keys {
                if sketch.as_ref().is_some_and(|s| s.estimate(key) < min_df) {
                    continue;
                }
                let e = counts.get_or_insert(key, (0, 0));
                if e.1 != unit {
                    e.1 = unit;
                    e.0 += 1;
                }
            }
        }
        counts
    }
}

/// True when `key` falls in share `share.0` of `share.1` (pairs are split by hash).
///
/// The share is taken from bits 8 to 39 of `key * GOLDEN` by a multiply and shift rather
/// than a division (a remainder by a count known only at run time was 2% of training's
/// time); the sketch's slots come from the top bits, so a share still spreads over all of
/// them. Which share a pair falls in changes no count.
#[inline]
pub(super) fn in_share(key: u64, share: (usize, usize)) -> bool {
    let bits = (key.wrapping_mul(GOLDEN) >> 8) & 0xFFFF_FFFF;
    share.1 <= 1 || ((bits * share.1 as u64) >> 32) as usize == share.0
}

/// A count-min sketch of pair occurrences: two rows of saturating byte counters. Its estimate
/// is never below a pair's true count (up to 255, where the counters stop).
struct PairSketch {
    rows: [Vec<u8>; 2],
    shift: u32,
}

impl PairSketch {
    /// A sketch for about `n` occurrences.
    fn new(n: usize) -> Self {
        let size = n.next_power_of_two().clamp(1 << 12, 1 << 24);
        PairSketch {
            rows: [filled(size, 0), filled(size, 0)],
            shift: 64 - size.trailing_zeros(),
        }
    }

    fn slots(&self, key: u64) -> [usize; 2] {
        [
            (key.wrapping_mul(GOLDEN) >> self.shift) as usize,
            (key.wrapping_mul(XXH_PRIME_2) >> self.shift) as usize,
        ]
    }

    fn add(&mut self, key: u64) {
        let [i, j] = self.slots(key);
        self.rows[0][i] = self.rows[0][i].saturating_add(1);
        self.rows[1][j] = self.rows[1][j].saturating_add(1);
    }

    fn estimate(&self, key: u64) -> usize {
        let [i, j] = self.slots(key);
        self.rows[0][i].min(self.rows[1][j]) as usize
    }
}
