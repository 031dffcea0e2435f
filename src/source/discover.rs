//! Turn command-line paths into repositories and their files.

use std::cell::OnceCell;
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

/// Directory names never descended into.
const SKIP_DIRS: &[&str] = &[".git", "node_modules", "target", "vendor", ".venv", "dist"];

/// Root-level doc names that describe release/deploy processes.
const ROOT_DOCS: &[&str] = &[
    "README.md",
    "RELEASING.md",
    "RELEASE.md",
    "CONTRIBUTING.md",
    "DEPLOYMENT.md",
];

/// The files of one repository (or one plain directory) to analyse together.
#[derive(Debug, Clone, Default)]
pub struct RepoFiles {
    pub root: PathBuf,
    /// Files GitHub runs: directly in `.github/workflows/`, ending `.yml`/`.yaml`.
    /// For a plain directory without `.github/workflows`, every YAML file in it.
    pub workflows: Vec<PathBuf>,
    /// Files near workflows that GitHub never runs (subfolders, `.yml.disabled`, `.bak`...).
    pub inert_workflows: Vec<PathBuf>,
    pub docs: Vec<PathBuf>,
    /// When the user named single files (pre-commit): report only findings in these.
    pub only: Option<BTreeSet<PathBuf>>,
}

#[derive(Debug, Default)]
pub struct Discovered {
    pub repos: Vec<RepoFiles>,
    /// Paths that do not exist or cannot be read, with the reason.
    pub errors: Vec<(String, String)>,
}

fn is_yaml(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("yml") | Some("yaml")
    )
}

fn is_markdown(p: &Path) -> bool {
    matches!(
        p.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("md") | Some("markdown")
    )
}

fn skip_entry(e: &walkdir::DirEntry) -> bool {
    e.depth() > 0
        && e.file_type().is_dir()
        && e.file_name()
            .to_str()
            .is_some_and(|n| SKIP_DIRS.contains(&n))
}

/// Is `dir` a repository root: it has `.github/workflows` or `.git`.
pub fn is_repo_root(dir: &Path) -> bool {
    dir.join(".github").join("workflows").is_dir() || dir.join(".git").exists()
}

/// Find the repository root above a file: the nearest ancestor that is a repo root.
fn repo_root_of(file: &Path) -> Option<PathBuf> {
    let mut cur = file.parent();
    while let Some(dir) = cur {
        let d = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if is_repo_root(d) {
            return Some(d.to_path_buf());
        }
        cur = dir.parent();
    }
    None
}

/// Is `rel` (relative to the root, `/`-separated) a release/deploy doc we read?
pub fn is_doc_path(rel: &str) -> bool {
    if !rel.to_ascii_lowercase().ends_with(".md") {
        return false;
    }
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let upper = name.to_ascii_uppercase();
    if !rel.contains('/') {
        return ROOT_DOCS.contains(&name)
            || upper.starts_with("DEPLOY")
            || upper.starts_with("RELEAS");
    }
    rel.starts_with("docs/")
        || rel.starts_with(".github/")
        || upper.starts_with("RELEAS")
        || upper.starts_with("DEPLOY")
}

/// Collect a repository's workflows and docs. In a repository root (`.git` or
/// `.github/workflows`), workflows come only from `.github/workflows`. A plain directory (test
/// data, a folder of workflow files) takes every YAML file as a workflow, except those under
/// nested repositories, which are returned in `nested` to be analysed on their own.
fn scan(root: &Path, nested: &mut Vec<PathBuf>) -> RepoFiles {
    let mut repo = RepoFiles {
        root: root.to_path_buf(),
        ..Default::default()
    };
    let wf_dir = root.join(".github").join("workflows");
    let has_workflow_dir = wf_dir.is_dir();
    let plain = !is_repo_root(root);
    let walker = WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if skip_entry(e) {
                return false;
            }
            // A nested repository belongs to itself: analysed on its own when we scan a plain
            // directory, skipped when we scan a repository (test fixtures, vendored projects).
            let nested_root = e.depth() > 0
                && e.file_type().is_dir()
                && (e.path().join(".github").join("workflows").is_dir()
                    || (plain && e.path().join(".git").exists()));
            if nested_root {
                if plain {
                    nested.push(e.path().to_path_buf());
                }
                return false;
            }
            true
        });
    for entry in walker.flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let rel = path
            .strip_prefix(root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        if has_workflow_dir {
            if let Some(under) = rel.strip_prefix(".github/workflows/") {
                if !under.contains('/') && is_yaml(path) {
                    repo.workflows.push(path.to_path_buf());
                } else if under.contains(".yml") || under.contains(".yaml") {
                    repo.inert_workflows.push(path.to_path_buf());
                } else if is_markdown(path) {
                    repo.docs.push(path.to_path_buf());
                }
                continue;
            }
        } else if plain && is_yaml(path) {
            repo.workflows.push(path.to_path_buf());
            continue;
        }
        if is_markdown(path) && is_doc_path(&rel) {
            repo.docs.push(path.to_path_buf());
        }
    }
    repo
}

/// The files of one repository root (nested repositories are not separated).
pub fn scan_repo(root: &Path) -> RepoFiles {
    scan(root, &mut Vec::new())
}

/// A directory: itself, plus each repository nested in a plain directory on its own.
fn scan_dir(dir: &Path, out: &mut Vec<RepoFiles>) {
    let mut nested = Vec::new();
    let repo = scan(dir, &mut nested);
    let has_files =
        !repo.workflows.is_empty() || !repo.docs.is_empty() || !repo.inert_workflows.is_empty();
    if has_files || nested.is_empty() {
        out.push(repo);
    }
    for n in nested {
        out.push(scan_repo(&n));
    }
}

/// Resolve command-line paths into repositories. No paths = the current directory.
pub fn discover(paths: &[PathBuf]) -> Discovered {
    let mut out = Discovered::default();
    let default = [PathBuf::from(".")];
    let paths: &[PathBuf] = if paths.is_empty() { &default } else { paths };
    // Directories are walked in parallel (many repositories in one run); results keep the
    // order of the paths.
    let scanned: Vec<Option<Vec<RepoFiles>>> = paths
        .par_iter()
        .map(|p| {
            p.is_dir().then(|| {
                let mut repos = Vec::new();
                scan_dir(p, &mut repos);
                repos
            })
        })
        .collect();
    // Single files grouped by their repository root.
    let mut by_root: Vec<(PathBuf, BTreeSet<PathBuf>)> = Vec::new();
    for (p, dir) in paths.iter().zip(scanned) {
        if let Some(repos) = dir {
            out.repos.extend(repos);
        } else if p.is_file() {
            let root = repo_root_of(p).unwrap_or_else(|| {
                p.parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
            });
            match by_root.iter_mut().find(|(r, _)| *r == root) {
                Some((_, set)) => {
                    set.insert(p.clone());
                }
                None => by_root.push((root, BTreeSet::from([p.clone()]))),
            }
        } else {
            out.errors.push((
                p.to_string_lossy().into_owned(),
                "no such file or directory".into(),
            ));
        }
    }
    for (root, files) in by_root {
        let mut repo = if is_repo_root(&root) {
            scan_repo(&root)
        } else {
            RepoFiles {
                root: root.clone(),
                ..Default::default()
            }
        };
        // Named files are always analysed, even when discovery would not pick them. Each
        // path is resolved once: pre-commit may name every file of the repository.
        let found = KnownFiles::new(repo.workflows.iter().chain(&repo.docs));
        for f in &files {
            if !found.contains(f) {
                if is_markdown(f) {
                    repo.docs.push(f.clone());
                } else {
                    repo.workflows.push(f.clone());
                }
            }
        }
        repo.only = Some(files);
        out.repos.push(repo);
    }
    out
}

/// Paths found by discovery, as spelled and as resolved, to tell whether a path the user named
/// is one of them although spelled differently (`./a` vs `a`).
struct KnownFiles {
    spelled: HashSet<PathBuf>,
    /// Resolved only when a named path is not found as spelled.
    resolved: OnceCell<HashSet<PathBuf>>,
}

impl KnownFiles {
    fn new<'a>(paths: impl Iterator<Item = &'a PathBuf>) -> Self {
        KnownFiles {
            spelled: paths.cloned().collect(),
            resolved: OnceCell::new(),
        }
    }

    fn contains(&self, path: &Path) -> bool {
        if self.spelled.contains(path) {
            return true;
        }
        let resolved = self.resolved.get_or_init(|| {
            self.spelled
                .iter()
                .filter_map(|p| p.canonicalize().ok())
                .collect()
        });
        path.canonicalize().is_ok_and(|p| resolved.contains(&p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_paths() {
        assert!(is_doc_path("README.md"));
        assert!(is_doc_path("RELEASING.md"));
        assert!(is_doc_path("DEPLOY_GUIDE.md"));
        assert!(is_doc_path("docs/deep/a.md"));
        assert!(is_doc_path(".github/workflows/README.md"));
        assert!(!is_doc_path("src/notes.md"));
        assert!(!is_doc_path("CHANGELOG.md"));
    }

    #[test]
    fn named_files_match_found_files_however_spelled() {
        let dir = std::env::temp_dir().join(format!("driftlint-known-{}", std::process::id()));
        let wf = dir.join(".github/workflows");
        std::fs::create_dir_all(&wf).unwrap();
        std::fs::write(wf.join("a.yml"), "on: push\n").unwrap();
        std::fs::write(wf.join("b.yml"), "on: push\n").unwrap();
        let found = [wf.join("a.yml")];
        let known = KnownFiles::new(found.iter());
        assert!(known.contains(&wf.join("a.yml")));
        assert!(known.contains(&dir.join(".github/./workflows/a.yml")));
        assert!(known.contains(&dir.join(".github/workflows/../workflows/a.yml")));
        assert!(!known.contains(&wf.join("b.yml")));
        assert!(!known.contains(&wf.join("missing.yml")));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
