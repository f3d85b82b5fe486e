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
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..parts)
            .map(|part| {
                let (frequent, first_units) = (&frequent, &first_units);
                scope.spawn(move || {
                    let shards = || analysed.iter().zip(maps).zip(first_units);
                    let share = (part, parts);
                    let words: usize = analysed.iter().map(Shard::words).sum();
                    let sketch = (2..=255).contains(&min_df).then(|| {
                        let mut sketch = PairSketch::new(words / parts);
                        for ((shard, map), &first) in shards() {
                            shard.for_each_pair(map, frequent, first, share, |_, key| {
                                sketch.add(key)
                            });
                        }
                        sketch
                    });
                    let mut counts = FlatMap::with_capacity(words / 16 / parts);
                    for ((shard, map), &first) in shards() {
                        shard.for_each_pair(map, frequent, first, share, |unit, key| {
                            if sketch.as_ref().is_some_and(|s| s.estimate(key) < min_df) {
                                return;
                            }
                            let e = counts.get_or_insert(key, (0, 0));
                            if e.1 != unit {
                                e.1 = unit;
                                e.0 += 1;
                            }
                        });
                    }
                    counts
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("bigram thread"))
            .collect()
    })
}

/// True when `key` falls in share `share.0` of `share.1` (pairs are split by hash).
#[inline]
pub(super) fn in_share(key: u64, share: (usize, usize)) -> bool {
    share.1 <= 1 || (key.wrapping_mul(GOLDEN) >> 40) as usize % share.1 == share.0
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
