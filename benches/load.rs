//! `cargo bench`: load (read + parse + model) every workflow of the real-world corpus, then the
//! full check (rules, docs, routes), and print files/s and MB/s. Not a test: numbers only.

#[path = "common/corpus.rs"]
mod corpus;

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

// The same allocator as the binary (src/main.rs), so the figures match what users run.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let Some(corpus) = corpus::realworld() else {
        eprintln!("skipping: no shared/corpus/realworld (set DRIFTLINT_SHARED)");
        return;
    };
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&corpus)
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| p.to_string_lossy().contains(".github/workflows/"))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yml" | "yaml")))
        .collect();
    let texts: Vec<(String, String)> = files
        .iter()
        .filter_map(|p| {
            Some((
                p.to_string_lossy().into_owned(),
                std::fs::read_to_string(p).ok()?,
            ))
        })
        .collect();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let rounds = 20;

    let start = Instant::now();
    for _ in 0..rounds {
        let loaded: usize = texts
            .par_iter()
            .filter(|(p, t)| {
                driftlint::workflow::Workflow::load(driftlint::source::SourceFile::from_text(p, t))
                    .is_ok()
            })
            .count();
        assert!(loaded > 0);
    }
    let per = start.elapsed().as_secs_f64() / rounds as f64;
    println!(
        "parse+model: {} files, {:.1} MB in {:.1} ms per round: {:.0} files/s, {:.1} MB/s",
        texts.len(),
        bytes as f64 / 1e6,
        per * 1e3,
        texts.len() as f64 / per,
        bytes as f64 / 1e6 / per
    );

    let repos: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    // Loading (read + parse + model + docs) and the lint rules only: no route simulation.
    let lint = [
        "disabled-trigger",
        "duplicate-key",
        "manual-only",
        "syntax-error",
    ];
    let start = Instant::now();
    let lint_rounds = 10;
    for _ in 0..lint_rounds {
        let found = driftlint::source::discover(&repos);
        let n: usize = found
            .repos
            .par_iter()
            .map(|files| {
                let repo = driftlint::repo::Repo::load(files, std::path::Path::new("."));
                driftlint::checks::run(&repo, &|id| lint.contains(&id)).len() + repo.file_count()
            })
            .sum();
        assert!(n > 0);
    }
    let per = start.elapsed().as_secs_f64() / lint_rounds as f64;
    println!(
        "load + lint rules ({}) of {} repos: {:.1} ms per round (mean of {} rounds, the first with its one-time set-up; `cargo bench --bench rounds` gives steady rounds)",
        lint.join(", "),
        repos.len(),
        per * 1e3,
        lint_rounds
    );

    let start = Instant::now();
    let check_rounds = 5;
    for _ in 0..check_rounds {
        let a = driftlint::cli::analyze(&repos);
        assert!(a.file_count() > 0);
    }
    let per = start.elapsed().as_secs_f64() / check_rounds as f64;
    println!(
        "full check (read, parse, docs, routes, all rules) of {} repos: {:.1} ms per round",
        repos.len(),
        per * 1e3
    );
}
