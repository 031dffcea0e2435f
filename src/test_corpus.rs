//! Where tests find the shared corpus (`../shared/corpus`); tests that need it skip when absent.

use std::path::{Path, PathBuf};

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
