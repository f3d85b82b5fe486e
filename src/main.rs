//! The `newsdesk` command: a thin layer over the library (see `cli`).

mod cli;

/// mimalloc: worker threads allocate and free per-row buffers and grow per-thread tables;
/// glibc's allocator shrinks and regrows its per-thread heaps meanwhile, and each shrink makes
/// the kernel interrupt the other cores to flush their address caches. Built without
/// transparent huge pages (feature `no_thp`): with them, a run could stall while the kernel
/// compacts memory to find a free 2 MB page, and each thread's heap holds more memory.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc's option enum (the same in its v2 and v3).
#[cfg(feature = "mimalloc")]
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() {
    // Freed memory is kept for reuse rather than handed back to the kernel: handing it back
    // (madvise) interrupts the other cores to flush their address caches, the pages fault in
    // again when reused, and at exit mimalloc would purge every arena only for the kernel to
    // unmap them right after (about 1% of a 20 MB classify run's CPU time in perf).
    #[cfg(feature = "mimalloc")]
    // SAFETY: mimalloc allows setting options at any time; -1 means "never purge".
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1)
    };
    std::process::exit(cli::main());
}
