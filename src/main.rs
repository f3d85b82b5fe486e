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

fn main() {
    std::process::exit(cli::main());
}
