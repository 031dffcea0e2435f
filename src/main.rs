use clap::Parser;

// Loading allocates many small nodes and strings on two threads: mimalloc's per-thread heaps
// cost fewer instructions per allocation than the system allocator (see docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = driftlint::cli::Cli::parse();
    std::process::exit(driftlint::cli::run(cli));
}
