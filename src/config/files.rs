//! `docs.include` / `docs.exclude` applied to a discovered repository's file lists.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::Config;
use crate::source::{display_path, RepoFiles};

/// Directories never searched for extra docs (the same kind discovery skips).
const SKIP_DIRS: &[&str] = &[".git", "node_modules", "target", "vendor", ".venv", "dist"];

fn rel(path: &Path, root: &Path) -> String {
    display_path(path, root).replace('\\', "/")
}

/// The same file spelled `./a` or `a` compares equal after this.
fn canonical(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

/// Drop excluded workflows and docs, and add the markdown files `docs.include` names.
/// Files named on the command line (pre-commit) are excluded too when the config says so.
pub fn apply_to_files(config: &Config, files: &mut RepoFiles) {
    let root = files.root.clone();
    if config.docs.exclude.is_some() {
        let keep = |p: &PathBuf| !config.excludes(&rel(p, &root));
        files.workflows.retain(keep);
        files.inert_workflows.retain(keep);
        files.docs.retain(keep);
        if let Some(only) = &mut files.only {
            only.retain(keep);
        }
    }
    if config.docs.include.is_none() {
        return;
    }
    let known: BTreeSet<PathBuf> = files
        .docs
        .iter()
        .chain(&files.workflows)
        .map(|p| canonical(p))
        .collect();
    let mut extra: Vec<PathBuf> = WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !e.file_type().is_dir()
                || e.file_name()
                    .to_str()
                    .is_none_or(|n| !SKIP_DIRS.contains(&n))
        })
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            let r = rel(p, &root);
            config.includes(&r) && !config.excludes(&r)
        })
        .filter(|p| !known.contains(&canonical(p)))
        .collect();
    files.docs.append(&mut extra);
    files.docs.sort();
}
