//! `cargo bench --bench rounds`: repeat "load + lint rules" (the figure of the 100 ms target) and
//! print the first round, then the minimum and median of the others. `ROUNDS` (default 20)
//! sets the count; `bench/callgrind.sh` runs it under callgrind to count instructions, which
//! stay comparable when the machine is busy and wall times are not. Not a test: numbers only.

#[path = "common/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

// The same allocator as the binary (src/main.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The rules of the target: the first lint rules, no route simulation.
const LINT: [&str; 4] = [
    "disabled-trigger",
    "duplicate-key",
    "manual-only",
    "syntax-error",
];

fn one_round(repos: &[PathBuf]) -> usize {
    let found = driftlint::source::discover(repos);
    found
        .repos
        .par_iter()
        .map(|files| {
            let repo = driftlint::repo::Repo::load(files, Path::new("."));
            driftlint::checks::run(&repo, &|id| LINT.contains(&id)).len() + repo.file_count()
        })
        .sum()
}

fn main() {
    let Some(corpus) = corpus::realworld() else {
        eprintln!("skipping: no shared/corpus/realworld (set DRIFTLINT_SHARED)");
        return;
    };
    let mut repos: Vec<PathBuf> = match std::fs::read_dir(&corpus) {
        Ok(d) => d
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect(),
        Err(_) => {
            eprintln!("skipping: {} not found", corpus.display());
            return;
        }
    };
    repos.sort();
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20)
        .max(1);
    let mut ms = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let start = Instant::now();
        let n = one_round(&repos);
        ms.push(start.elapsed().as_secs_f64() * 1e3);
        assert!(n > 0, "nothing loaded");
    }
    let first = ms[0];
    let mut rest = ms[1..].to_vec();
    rest.sort_by(f64::total_cmp);
    match (rest.first(), rest.get(rest.len() / 2)) {
        (Some(min), Some(median)) => println!(
            "load + lint rules of {} repos: first round {first:.1} ms, then min {min:.1} ms, median {median:.1} ms over {} rounds",
            repos.len(),
            rest.len()
        ),
        _ => println!(
            "load + lint rules of {} repos: {first:.1} ms (one round)",
            repos.len()
        ),
    }
}
