//! Multiplicative hashing constants.
//!
//! Tables here are a power of two in size and take a slot from the *top* bits of
//! `key * GOLDEN` (Fibonacci hashing: `GOLDEN` is 2^64 divided by the golden ratio, odd, so
//! every input bit reaches the high bits). One multiply per lookup, no per-table state. It is
//! the hash of [`FlatMap`](super::FlatMap), whose one-cache-line lookups took a pass of
//! decode → TF-IDF row over training-data from 103.7M to 85.7M instructions and from 959k to
//! 707k D1 misses (cachegrind, commit b8d8dc4); the bigram counting in training uses the same
//! multiplier to split pairs between threads and, with [`XXH_PRIME_2`], to pick the two rows of
//! its count-min sketch.

/// 2^64 / φ (an odd number): the multiplier of Fibonacci hashing.
pub(crate) const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// A second odd multiplier (xxHash's 64-bit prime 2), for a hash independent of [`GOLDEN`].
pub(crate) const XXH_PRIME_2: u64 = 0xC2B2_AE3D_27D4_EB4F;

/// A third odd multiplier, for the bigram filter in front of the bigram table: the filter's bit
/// must not be a function of the table's slot (both take top bits of a product), or every key
/// that shares a slot would share a bit and the filter would turn nothing away.
pub(crate) const FILTER_MULTIPLIER: u64 = 0xD6E8_FEB8_6659_FD93;
