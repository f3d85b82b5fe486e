//! A small open-addressing hash map for the per-token lookups (word → term, bigram → feature).
//!
//! Keys are integers (packed words, pairs of ids) and values small `Copy` types stored beside
//! them, so a lookup touches one cache line in the common case, where a general map touches
//! two (control bytes, then the slot). Linear probing, power-of-two size, at most 3/4 full.
//!
//! Measured reason: moving the hot lookups to this table (with a small filter before bigram
//! lookups) took one pass of decode → TF-IDF row over training-data from 103.7M to 85.7M
//! instructions and from 959k to 707k D1 misses (cachegrind, commit b8d8dc4). Letting it fill
//! to 3/4 (from 1/2) came with the analyzer's prefetch and the eight-byte word ends, which
//! together took single-thread classify --jsonl over 80 MB from 1.270 s to 1.062 s (commit
//! f9fcb23).

use super::{GOLDEN, filled, prefetch};

/// An integer key with one reserved value marking an empty slot.
pub trait FlatKey: Copy + Eq {
    /// The key no entry may have.
    const EMPTY: Self;
    /// A 64-bit hash whose high bits are well mixed.
    fn hash(self) -> u64;
}

impl FlatKey for u64 {
    const EMPTY: u64 = 0;
    #[inline]
    fn hash(self) -> u64 {
        (self ^ (self >> 29)).wrapping_mul(GOLDEN)
    }
}

impl FlatKey for u128 {
    const EMPTY: u128 = 0;
    #[inline]
    fn hash(self) -> u64 {
        let (lo, hi) = (self as u64, (self >> 64) as u64);
        (lo ^ hi.rotate_left(23) ^ (lo >> 29)).wrapping_mul(GOLDEN)
    }
}

/// The map. Keys equal to [`FlatKey::EMPTY`] cannot be stored (`insert` ignores them).
#[derive(Debug, Clone)]
pub struct FlatMap<K: FlatKey, V: Copy> {
    slots: Vec<(K, V)>,
    len: usize,
    /// `64 - log2(slots.len())`: the hash's top bits pick the home slot.
    shift: u32,
}

impl<K: FlatKey, V: Copy + Default> Default for FlatMap<K, V> {
    fn default() -> Self {
        Self::with_capacity(0)
    }
}

impl<K: FlatKey, V: Copy + Default> FlatMap<K, V> {
    /// A map that holds `n` entries before it grows.
    pub fn with_capacity(n: usize) -> Self {
        let size = (n.max(6) * 4).div_ceil(3).next_power_of_two();
        FlatMap {
            slots: filled(size, (K::EMPTY, V::default())),
            len: 0,
            shift: 64 - size.trailing_zeros(),
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.len
    }

    #[inline]
    fn home(&self, key: K) -> usize {
        (key.hash() >> self.shift) as usize
    }

    /// The value stored for `key`.
    #[inline]
    pub fn get(&self, key: K) -> Option<V> {
        if key == K::EMPTY {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let (k, v) = self.slots[i];
            if k == key {
                return Some(v);
            }
            if k == K::EMPTY {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Asks the CPU to start loading `key`'s home slot, so a [`FlatMap::get`] a little later
    /// finds it in cache.
    #[inline]
    pub fn prefetch(&self, key: K) {
        prefetch(&self.slots[self.home(key)]);
    }

    /// Stores `value` for `key`, replacing any earlier value.
    pub fn insert(&mut self, key: K, value: V) {
        if key != K::EMPTY {
            *self.get_or_insert(key, value) = value;
        }
    }

    /// The value of `key`, inserted as `default` first if absent. `key` must not be
    /// [`FlatKey::EMPTY`].
    pub fn get_or_insert(&mut self, key: K, default: V) -> &mut V {
        debug_assert!(key != K::EMPTY);
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let k = self.slots[i].0;
            if k == key {
                return &mut self.slots[i].1;
            }
            if k == K::EMPTY {
                self.slots[i] = (key, default);
                self.len += 1;
                return &mut self.slots[i].1;
            }
            i = (i + 1) & mask;
        }
    }

    /// The entries, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (K, V)> + '_ {
        self.slots.iter().copied().filter(|s| s.0 != K::EMPTY)
    }

    /// Removes every entry (keeps the memory).
    pub fn clear(&mut self) {
        self.slots.fill((K::EMPTY, V::default()));
        self.len = 0;
    }

    fn grow(&mut self) {
        let old = std::mem::replace(self, Self::with_capacity(self.slots.len()));
        for (k, v) in old.slots {
            if k != K::EMPTY {
                self.insert(k, v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_get_replace_and_grow() {
        let mut m: FlatMap<u64, u32> = FlatMap::default();
        for k in 1..5000u64 {
            m.insert(k * 7919, k as u32);
        }
        assert_eq!(m.len(), 4999);
        for k in 1..5000u64 {
            assert_eq!(m.get(k * 7919), Some(k as u32));
        }
        assert_eq!(m.get(3), None);
        assert_eq!(m.iter().filter(|(k, _)| k % 7919 == 0).count(), 4999);
        *m.get_or_insert(7919 * 2, 0) += 10;
        *m.get_or_insert(5, 7) += 1;
        assert_eq!(
            (m.get(7919 * 2), m.get(5), m.len()),
            (Some(12), Some(8), 5000)
        );
        assert_eq!(
            m.iter().map(|(_, v)| v as u64).sum::<u64>(),
            (1..5000).sum::<u64>() + 10 + 8
        );
        m.insert(7919, 42);
        assert_eq!((m.get(7919), m.len()), (Some(42), 5000));
        m.clear();
        assert_eq!((m.get(7919), m.len()), (None, 0));
    }

    #[test]
    fn the_empty_key_is_never_stored_or_found() {
        let mut m: FlatMap<u128, u32> = FlatMap::default();
        m.insert(0, 1);
        assert_eq!((m.get(0), m.len()), (None, 0));
        m.insert(u128::MAX, 2);
        assert_eq!(m.get(u128::MAX), Some(2));
    }
}
