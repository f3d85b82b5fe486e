//! Prefetching: asking for a cache line a few steps before it is read.
//!
//! The hot loops look things up in tables larger than the cache (feature counts, bigram slots,
//! a model's per-feature weights, the analyzer's word table) in an order known in advance. A
//! prefetch [`AHEAD`] steps before the read lets the memory load overlap the work in between.
//! Measured reason: the analyzer's one-word-ahead prefetch, with its tables at most 3/4 full
//! and word ends found eight bytes at a time, took single-thread classify --jsonl over 80 MB of
//! BBC text from 1.270 s to 1.062 s (min of 10 alternating runs, commit f9fcb23). The
//! featurizer's three-pass counting with prefetch, weights prefetched while scoring, and pooled
//! batch buffers took the same 80 MB on 2 threads from a median of 0.820 s to 0.780 s (8
//! alternating runs, commit 0b59bb9).

/// How many steps ahead of a read the featurizer and the scorer prefetch. Eight is the
/// distance the loops were measured with in commit 0b59bb9 (it was not tuned on its own).
pub(crate) const AHEAD: usize = 8;

/// Asks the CPU to start loading the cache line holding `value`, so a read a little later
/// does not wait for memory. Does nothing on targets without a prefetch instruction.
#[inline]
pub(crate) fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint; it never faults, and the address is a valid reference.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>((value as *const T).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}
