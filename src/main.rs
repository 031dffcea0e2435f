use std::alloc::{GlobalAlloc, Layout};

use clap::Parser;

// Loading allocates many small nodes and strings on two threads: mimalloc's per-thread heaps
// cost fewer instructions per allocation than the system allocator (see docs/performance.md).
#[global_allocator]
static GLOBAL: WordAligned = WordAligned;

/// mimalloc, asked for plain blocks when a word's alignment is enough. `mimalloc::MiMalloc`
/// asks for every block with its alignment (`mi_malloc_aligned`), whose path costs about twice
/// the plain one's and takes the slow generic route for blocks over 1 KiB; almost every Rust
/// allocation needs 8 bytes or less, which every mimalloc block has (block sizes are whole
/// words). Larger alignments go to `MiMalloc` as before.
struct WordAligned;

/// The alignment every mimalloc block has.
const WORD: usize = std::mem::size_of::<usize>();

// SAFETY: each method forwards to the mimalloc function of the same contract; a plain block
// satisfies the layout because its alignment is at most a word (see `WordAligned`).
unsafe impl GlobalAlloc for WordAligned {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= WORD {
            libmimalloc_sys::mi_malloc(layout.size()).cast()
        } else {
            mimalloc::MiMalloc.alloc(layout)
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= WORD {
            libmimalloc_sys::mi_zalloc(layout.size()).cast()
        } else {
            mimalloc::MiMalloc.alloc_zeroed(layout)
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        mimalloc::MiMalloc.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= WORD {
            libmimalloc_sys::mi_realloc(ptr.cast(), new_size).cast()
        } else {
            mimalloc::MiMalloc.realloc(ptr, layout, new_size)
        }
    }
}

// mimalloc's option setter (in the linked library; `libmimalloc-sys` declares it only with
// its `extended` feature, which would add a crate).
extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` of mimalloc v3 (the version `libmimalloc-sys` builds by default):
/// milliseconds before freed pages go back to the OS (default 1,000).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

fn main() {
    // Freed pages go back to the OS at once, not a second later (longer than most runs): a
    // check frees each repository's model and search state before reading the next, and
    // pages kept count in the peak RSS (docs/performance.md, twentieth session).
    // SAFETY: setting an option is allowed at any time; this is a known option of mimalloc v3.
    unsafe {
        mi_option_set(MI_OPTION_PURGE_DELAY, 0);
    }
    let cli = driftlint::cli::Cli::parse();
    // The main thread is one of rayon's workers instead of waiting for them: the same number
    // of cores work, with one thread fewer, and every regex keeps one lazy-DFA cache per
    // thread that searched with it (docs/performance.md, twelfth session). An error means a
    // pool exists already; the default one is then used.
    let _ = rayon::ThreadPoolBuilder::new()
        .use_current_thread()
        .build_global();
    std::process::exit(driftlint::cli::run(cli));
}
