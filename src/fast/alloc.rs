//! Tables whose memory is written when they are made.
//!
//! Measured reason: a table from a zeroed allocation (`vec![0; n]`) starts on the shared zero
//! page; the first write after a read then takes a second, copy-on-write fault that flushes the
//! TLB of every core (perf: `smp_call_function_many_cond`/`native_write_msr` under
//! `FlatMap::insert`, about 5% of a classify run, gone after; minor faults on classify --jsonl
//! 20 MB went from about 8,300 to about 6,900, commit 300d5e8). Using the same helper for the
//! training label sums and the bigram sketch took 15 alternating train runs from a wall median
//! of 156.0 ms to 143.8 ms (commit 10fe59a).

/// `n` copies of `value`, every one written now. `vec![0; n]` takes a zeroed allocation
/// instead, whose fresh pages are first mapped read-only to the shared zero page: the first
/// write into each (after a read, as in a lookup or a `+=`) then costs a second fault that
/// stops every other thread of the process to flush its TLB.
pub(crate) fn filled<T: Clone>(n: usize, value: T) -> Vec<T> {
    let mut v = Vec::with_capacity(n);
    v.resize(n, value);
    v
}
