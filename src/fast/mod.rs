//! Speed machinery, kept apart from the domain code that uses it.
//!
//! Each piece here exists because it was measured to pay for itself in a hot loop; its header
//! says what was measured (figures are from the commit that introduced it). Domain code (the
//! tokenizer, the analyzer, TF-IDF counting, scoring) calls these helpers and reads as what it
//! does, not how it is made fast.
//!
//! - [`swar`]: eight bytes at a time with plain `u64` arithmetic (word ends, lower-casing);
//! - [`packed`]: short ASCII words as integer keys (no allocation, no string compare);
//! - [`flat_map`]: the open-addressing table those keys are looked up in;
//! - [`prefetch`](mod@prefetch): asking for a cache line a few steps before it is read;
//! - [`hash`]: the multiplicative hash constants;
//! - [`alloc`]: tables written on allocation, not left on the shared zero page.

pub(crate) mod alloc;
pub(crate) mod flat_map;
pub(crate) mod hash;
pub(crate) mod packed;
pub(crate) mod prefetch;
pub(crate) mod swar;

pub(crate) use alloc::filled;
pub(crate) use flat_map::FlatMap;
pub(crate) use hash::{FILTER_MULTIPLIER, GOLDEN, XXH_PRIME_2};
pub(crate) use prefetch::{AHEAD, prefetch};
