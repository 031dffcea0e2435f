//! Where tests find the shared corpus (`../shared/corpus`); tests that need it skip when absent.

use std::path::{Path, PathBuf};

/// The workflow sample kept in the repository (`tests/data/workflow-sample`): always there, so
/// tests that read it run on a clean clone too.
pub(crate) fn sample_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/workflow-sample");
    assert!(
        dir.is_dir(),
        "the vendored sample is missing: {}",
        dir.display()
    );
    dir
}

/// The repository folders of the vendored sample (`<owner>__<name>`), sorted.
pub(crate) fn sample_repos() -> Vec<PathBuf> {
    let mut repos: Vec<PathBuf> = std::fs::read_dir(sample_dir())
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    repos.sort();
    repos
}

/// The corpus directory, or None (with a note on stderr) when it is not there.
pub(crate) fn corpus_dir() -> Option<PathBuf> {
    // `../shared` beside a clone; `../../shared` from a worktree under `wt/<name>`.
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = ["../shared/corpus", "../../shared/corpus"]
        .iter()
        .map(|rel| crate_dir.join(rel))
        .find(|d| d.is_dir());
    if found.is_none() {
        eprintln!(
            "skipping: no corpus at {}",
            crate_dir.join("../shared/corpus").display()
        );
    }
    found
}
