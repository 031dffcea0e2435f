use clap::Parser;

// Loading allocates many small nodes and strings on two threads: mimalloc's per-thread heaps
// cost fewer instructions per allocation than the system allocator (see docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
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
