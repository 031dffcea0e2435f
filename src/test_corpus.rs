//! Where tests find the shared corpus (`../shared/corpus`); tests that need it skip when absent.

use std::path::{Path, PathBuf};

/// The corpus directory, or None (with a note on stderr) when it is not there.
pub(crate) fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: no corpus at {}", dir.display());
        None
    }
}
