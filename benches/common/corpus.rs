//! Where the shared real-world corpus is: `$DRIFTLINT_SHARED`, else `../shared` or
//! `../../shared` next to the crate (a checkout, or a worktree one folder deeper).

use std::path::PathBuf;

pub fn realworld() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    std::env::var_os("DRIFTLINT_SHARED")
        .map(PathBuf::from)
        .into_iter()
        .chain([root.join("../shared"), root.join("../../shared")])
        .map(|s| s.join("corpus/realworld"))
        .find(|p| p.is_dir())
}
