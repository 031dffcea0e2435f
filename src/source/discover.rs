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
    // Notes for coding agents: they describe the workflows, often as a tree or a table.
    "AGENTS.md",
    "CLAUDE.md",
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
    /// Files seen while scanning but not read, with why: special files (FIFOs, devices,
    /// broken symlinks) where a workflow or doc would be, markdown outside the doc paths.
    pub skipped: Vec<(PathBuf, String)>,
}

impl RepoFiles {
    /// Does it hold anything to check (workflows, docs, or files next to workflows)?
    pub fn has_files(&self) -> bool {
        !self.workflows.is_empty() || !self.docs.is_empty() || !self.inert_workflows.is_empty()
    }
}

#[derive(Debug, Default)]
pub struct Discovered {
    pub repos: Vec<RepoFiles>,
    /// Paths that do not exist or cannot be read, with the reason.
    pub errors: Vec<(String, String)>,
    /// Directories named on the command line in which nothing to check was found, with the
    /// number of files seen there but skipped (`--verbose` lists them).
    pub empty: Vec<(String, usize)>,
}

/// What a path that is not a regular file or directory is, for messages: `a FIFO (named
/// pipe)`, `a symlink to a character device`, `a symlink loop`. Never opens the path, so a
/// FIFO cannot block.
pub fn describe_special(path: &Path) -> String {
    let Ok(link) = std::fs::symlink_metadata(path) else {
        return "no such file or directory".into();
    };
    if !link.file_type().is_symlink() {
        return kind_of(&link.file_type()).into();
    }
    match std::fs::metadata(path) {
        Ok(target) => format!("a symlink to {}", kind_of(&target.file_type())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            "a broken symlink (its target does not exist)".into()
        }
        Err(e) if e.raw_os_error() == Some(ELOOP) => "a symlink loop".into(),
        Err(e) => format!("a symlink that cannot be followed ({e})"),
    }
}

/// `errno` for too many levels of symbolic links (Linux 40, the BSDs and macOS 62).
#[cfg(any(
    target_os = "macos",
    target_os = "ios",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "netbsd"
))]
const ELOOP: i32 = 62;
#[cfg(not(any(
    target_os = "macos",
    target_os = "ios",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "netbsd"
)))]
const ELOOP: i32 = 40;

fn kind_of(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a directory"
    } else if t.is_file() {
        "a regular file"
    } else if t.is_symlink() {
        "a symlink"
    } else {
        "not a regular file"
    }
}

/// Why a markdown file outside the doc paths is not read.
const NOT_A_DOC_PATH: &str = "markdown outside the release-doc paths (README.md, RELEASING.md, \
DEPLOYMENT.md, CONTRIBUTING.md, docs/, .github/, names starting RELEAS or DEPLOY; not in plans, \
specs, RFC, ADR, benchmark or archive folders; elsewhere a name about the process whose text is \
about GitHub Actions workflows); add it with `docs.include` in .driftlint.yml";

/// Folders holding plans, proposals, decision records, benchmarks or archives: text about what
/// may be or once was, not how the repository works now, so its file names and steps are no
/// claims about the workflows.
const NOT_CURRENT_DIRS: &[&str] = &[
    "plans",
    "plan",
    "specs",
    "rfcs",
    "rfc",
    "proposals",
    "adr",
    "adrs",
    "decisions",
    "benchmarks",
    "archive",
    "archived",
];

fn is_yaml(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("yml") | Some("yaml")
    )
}

/// A page driftlint reads as documentation: markdown, or reStructuredText (read as markdown,
/// `super::rst`).
pub fn is_doc_page(p: &Path) -> bool {
    matches!(
        p.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("md") | Some("markdown") | Some("rst")
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
    let lower = rel.to_ascii_lowercase();
    let Some(stem_len) = [".md", ".rst"]
        .iter()
        .find_map(|ext| lower.strip_suffix(ext).map(str::len))
    else {
        return false;
    };
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let upper = name.to_ascii_uppercase();
    if !rel.contains('/') {
        // GitHub shows `readme.md` and `Contributing.md` like their upper-case forms, and
        // `README.rst` like `README.md`.
        let stem = &rel[..stem_len];
        return ROOT_DOCS.iter().any(|d| {
            d.strip_suffix(".md")
                .is_some_and(|d| d.eq_ignore_ascii_case(stem))
        }) || upper.starts_with("DEPLOY")
            || upper.starts_with("RELEAS")
            || upper.contains("WORKFLOW")
            || upper.contains("PIPELINE");
    }
    let mut dirs = rel.split('/');
    dirs.next_back();
    if dirs.any(|d| NOT_CURRENT_DIRS.contains(&d.to_ascii_lowercase().as_str())) {
        return false;
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
        let path = entry.path();
        let file_type = entry.file_type();
        if file_type.is_dir() {
            continue;
        }
        let rel = path
            .strip_prefix(root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let role = if has_workflow_dir {
            match rel.strip_prefix(".github/workflows/") {
                Some(under) if !under.contains('/') && is_yaml(path) => Role::Workflow,
                Some(under) if under.contains(".yml") || under.contains(".yaml") => Role::Inert,
                Some(_) if is_doc_page(path) => Role::Doc,
                Some(_) => continue,
                None => doc_role(path, &rel),
            }
        } else if plain && is_yaml(path) {
            Role::Workflow
        } else {
            doc_role(path, &rel)
        };
        let list = match role {
            Role::Workflow => &mut repo.workflows,
            Role::Inert => &mut repo.inert_workflows,
            Role::Doc => &mut repo.docs,
            Role::NotDoc => {
                repo.skipped
                    .push((path.to_path_buf(), NOT_A_DOC_PATH.to_string()));
                continue;
            }
            Role::None => continue,
        };
        // A symlink to a regular file is read like the file; anything else that is not a
        // regular file (FIFO, device, broken link, loop) is never opened: it could block.
        let regular = file_type.is_file()
            || (file_type.is_symlink() && path.metadata().is_ok_and(|m| m.is_file()));
        if regular {
            list.push(path.to_path_buf());
        } else {
            repo.skipped.push((
                path.to_path_buf(),
                format!("{}, not a regular file: not read", describe_special(path)),
            ));
        }
    }
    repo
}

/// What a scanned file is to the analysis.
enum Role {
    Workflow,
    Inert,
    Doc,
    /// Markdown that is not a release doc (listed by `--verbose`).
    NotDoc,
    None,
}

fn doc_role(path: &Path, rel: &str) -> Role {
    if !is_doc_page(path) {
        Role::None
    } else if is_doc_path(rel)
        || (named_like_process_doc(rel) && may_describe_workflows(rel) && describes_workflows(path))
    {
        Role::Doc
    } else {
        Role::NotDoc
    }
}

/// A name that says it is about the process, outside the usual doc paths: "guides/
/// dev-workflow.md", "MAINTAINERS.md", "Publishing.md", "README-GITHUB.md", "SETUP.md",
/// "MANUAL_TRIGGERS.md", "RUNBOOK.md".
fn named_like_process_doc(rel: &str) -> bool {
    const WORDS: &[&str] = &[
        "WORKFLOW",
        "PIPELINE",
        "RELEAS",
        "DEPLOY",
        "PUBLISH",
        "MAINTAIN",
        "GITHUB",
        "CI_CD",
        "CI-CD",
        "CICD",
        "SETUP",
        "CONTRIBUT",
        "DEVELOP",
        "TRIGGER",
        "AUTOMAT",
        "SECRET",
        "RUNBOOK",
    ];
    let name = rel.rsplit('/').next().unwrap_or(rel).to_ascii_uppercase();
    WORDS.iter().any(|w| name.contains(w)) || readme_of_process_folder(rel)
}

/// A folder's README whose folder name is about the process: a write-up kept in
/// `fixes/CI-012-cache-keys/README.md` or `release-notes-tooling/README.md`. The folder
/// name's words (split at `-`, `_`, `.` and spaces) hold one of a few process words.
fn readme_of_process_folder(rel: &str) -> bool {
    const FOLDER_WORDS: &[&str] = &[
        "ci",
        "cicd",
        "workflow",
        "workflows",
        "pipeline",
        "pipelines",
        "release",
        "releases",
        "releasing",
        "deploy",
        "deployment",
        "deployments",
    ];
    let mut parts = rel.rsplit('/');
    let is_readme = parts.next().is_some_and(|n| {
        n.eq_ignore_ascii_case("readme.md") || n.eq_ignore_ascii_case("readme.rst")
    });
    let folder = parts.next().unwrap_or("").to_ascii_lowercase();
    is_readme
        && folder
            .split(['-', '_', '.', ' '])
            .any(|w| FOLDER_WORDS.contains(&w))
}

/// Such markdown is read when its text is about GitHub Actions workflows; not records of the
/// past (changelogs), boilerplate, or folders of examples, templates and test data, which
/// describe other repositories.
fn may_describe_workflows(rel: &str) -> bool {
    const NOT_ABOUT_THIS_REPO: &[&str] = &[
        "example",
        "examples",
        "template",
        "templates",
        "test",
        "tests",
        "testdata",
        "fixtures",
        "__tests__",
        "third_party",
        "third-party",
        "changelogs",
        ".changeset",
    ];
    const RECORDS: &[&str] = &[
        "CHANGELOG",
        "CHANGES",
        "HISTORY",
        "NEWS",
        "LICENSE",
        "LICENCE",
        "CODE_OF_CONDUCT",
        "SECURITY",
        "AUTHORS",
        "NOTICE",
    ];
    let name = rel.rsplit('/').next().unwrap_or(rel).to_ascii_uppercase();
    let mut dirs = rel.split('/');
    dirs.next_back();
    !RECORDS.iter().any(|r| name.starts_with(r))
        && !dirs.any(|d| {
            let d = d.to_ascii_lowercase();
            NOT_CURRENT_DIRS.contains(&d.as_str()) || NOT_ABOUT_THIS_REPO.contains(&d.as_str())
        })
}

/// The file's start talks about this repository's GitHub Actions: it names the workflows
/// folder, `gh workflow run`, the dispatch trigger, GitHub Actions or the Actions page's "Run
/// workflow" button, or says "workflow" three times. Only the first 64 KiB are read for this.
fn describes_workflows(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(64 * 1024).read_to_end(&mut head));
    if read.is_err() {
        return false;
    }
    let text = String::from_utf8_lossy(&head).to_ascii_lowercase();
    const STRONG: &[&str] = &[
        ".github/workflows",
        "gh workflow run",
        "workflow_dispatch",
        "github actions",
        "github action ",
        "actions tab",
        // The button of a dispatch run, in click paths ("Actions → Deploy → Run workflow").
        "run workflow",
    ];
    STRONG.iter().any(|k| text.contains(k)) || text.matches("workflow").count() >= 3
}

/// The files of one repository root (nested repositories are not separated).
pub fn scan_repo(root: &Path) -> RepoFiles {
    scan(root, &mut Vec::new())
}

/// A directory: itself, plus each repository nested in a plain directory on its own.
fn scan_dir(dir: &Path, out: &mut Vec<RepoFiles>) {
    let mut nested = Vec::new();
    let repo = scan(dir, &mut nested);
    if repo.has_files() || nested.is_empty() {
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
            if !repos.iter().any(RepoFiles::has_files) {
                let skipped = repos.iter().map(|r| r.skipped.len()).sum();
                out.empty.push((p.to_string_lossy().into_owned(), skipped));
            }
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
            let what = describe_special(p);
            let why = if what == "no such file or directory" {
                what
            } else {
                format!("{what}, not a regular file or directory: not read")
            };
            out.errors.push((p.to_string_lossy().into_owned(), why));
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
                if is_doc_page(f) {
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
        assert!(is_doc_path("readme.md"));
        assert!(is_doc_path("Contributing.md"));
        assert!(!is_doc_path("readme.txt"));
        assert!(is_doc_path("RELEASING.md"));
        assert!(is_doc_path("DEPLOY_GUIDE.md"));
        assert!(is_doc_path("docs/deep/a.md"));
        assert!(is_doc_path(".github/workflows/README.md"));
        // reStructuredText pages where markdown ones are read.
        assert!(is_doc_path("README.rst"));
        assert!(is_doc_path("Releasing.rst"));
        assert!(is_doc_path("docs/source/contributing.rst"));
        assert!(!is_doc_path("setup.rst.txt"));
        assert!(!is_doc_path("notes.rst"));
        assert!(!is_doc_path("src/notes.md"));
        assert!(!is_doc_path("CHANGELOG.md"));
        assert!(is_doc_path("AGENTS.md"));
        assert!(is_doc_path("CI_WORKFLOWS.md"));
        assert!(!is_doc_path("docs/plans/2026-03-09-search.md"));
        assert!(!is_doc_path("docs/ADR/0001-release.md"));
        assert!(!is_doc_path("docs/archive/DEPLOY.md"));
        assert!(is_doc_path("docs/planning-releases.md"));
    }

    #[test]
    fn process_docs_elsewhere_are_read_by_name_and_content() {
        for rel in [
            "MAINTAINERS.md",
            "Publishing.md",
            "README-GITHUB.md",
            "guides/dev-workflow.md",
            "fixes/CI-012-cache-keys/README.md",
            "tooling/release_notes/README.md",
            "MANUAL_TRIGGERS.md",
            "ops/RUNBOOK.md",
            "GITHUB_SECRETS.md",
        ] {
            assert!(
                named_like_process_doc(rel) && may_describe_workflows(rel),
                "{rel}"
            );
        }
        assert!(!named_like_process_doc("EXPECTED.md"));
        assert!(!named_like_process_doc("src/notes.md"));
        assert!(!named_like_process_doc("fixes/CI-012-cache-keys/notes.md"));
        assert!(!named_like_process_doc("circuit/README.md"));
        assert!(!may_describe_workflows("examples/deploy/WORKFLOW.md"));
        assert!(!may_describe_workflows("CHANGELOG-workflows.md"));
        let dir = std::env::temp_dir().join(format!("dl-process-doc-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("guides")).unwrap();
        std::fs::write(
            dir.join("guides/dev-workflow.md"),
            "Run `gh workflow run ci.yml`.\n",
        )
        .unwrap();
        std::fs::write(dir.join("guides/setup.md"), "Install the tools.\n").unwrap();
        // A click path to the dispatch button, with "pipeline" for workflow.
        std::fs::write(
            dir.join("QUICK-SETUP.md"),
            "Open **Actions → Ship → Run workflow** to start the pipeline.\n",
        )
        .unwrap();
        std::fs::create_dir_all(dir.join(".git")).unwrap();
        let files = scan_repo(&dir);
        let docs: Vec<_> = files
            .docs
            .iter()
            .filter_map(|p| p.strip_prefix(&dir).ok())
            .collect();
        assert_eq!(
            docs,
            [
                Path::new("QUICK-SETUP.md"),
                Path::new("guides/dev-workflow.md")
            ]
        );
        std::fs::remove_dir_all(&dir).unwrap();
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
