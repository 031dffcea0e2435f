//! Load one repository's files into models: workflows (parsed), docs (read), load errors.
//! Files are read and parsed in parallel.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::docs::{parse_doc, Claim, ClaimPatterns, DocModel};
use crate::source::{
    display_path, is_generated_report, read_text, ReadError, RepoFiles, SourceFile,
    GENERATED_REASON,
};
use crate::workflow::{local_action_dir, CompositeAction, Job, Workflow};
use crate::yaml::YamlError;

/// A file that could not be loaded, with where and why.
#[derive(Debug, Clone)]
pub struct LoadError {
    pub file: SourceFile,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

#[derive(Debug, Clone, Default)]
pub struct Repo {
    /// Root as shown to users (`.` for the current directory).
    pub root: String,
    pub root_path: PathBuf,
    pub workflows: Vec<Workflow>,
    /// Composite actions of this repository that a workflow (or another of them) uses, by
    /// path: their steps run in the calling job.
    pub actions: Vec<CompositeAction>,
    /// Paths (relative to the root) of files next to workflows that GitHub never runs.
    pub inert_workflows: Vec<String>,
    pub docs: Vec<SourceFile>,
    /// Claims of each doc, same order as `docs`.
    pub doc_models: Vec<DocModel>,
    pub errors: Vec<LoadError>,
    /// Display paths to report on; None = all (pre-commit passes only some files).
    pub only: Option<BTreeSet<String>>,
    /// Files seen but not read, as (display path, why), sorted: special files, markdown
    /// outside the doc paths, generated reports, YAML that is not a workflow.
    pub skipped: Vec<(String, String)>,
}

enum Loaded {
    Workflow(Box<Workflow>),
    Doc(SourceFile),
    Failed(LoadError),
    /// Not analysed: the display path and why.
    Skipped(String, String),
}

fn source_file(path: &Path, root: &Path, cwd: &Path, text: String) -> SourceFile {
    let shown = display_path(path, cwd);
    let rel = display_path(path, root);
    SourceFile::new(shown, rel, path.to_path_buf(), text)
}

fn read_error(file: SourceFile, e: &ReadError) -> LoadError {
    LoadError {
        line: e.line(),
        column: match e {
            ReadError::InvalidUtf8 { col, .. } | ReadError::NulByte { col, .. } => *col,
            _ => 1,
        },
        message: e.to_string(),
        file,
    }
}

fn yaml_error(file: SourceFile, e: &YamlError) -> LoadError {
    LoadError {
        line: e.span.start.line.max(1),
        column: e.span.start.col.max(1),
        message: e.message.clone(),
        file,
    }
}

fn load_one(path: &Path, root: &Path, cwd: &Path, is_workflow: bool, plain_dir: bool) -> Loaded {
    let text = match read_text(path) {
        Ok(t) => t,
        Err(e) => {
            let file = source_file(path, root, cwd, String::new());
            return Loaded::Failed(read_error(file, &e));
        }
    };
    let file = source_file(path, root, cwd, text);
    let file = if is_workflow { file } else { file.into_doc() };
    if !is_workflow {
        // A report driftlint wrote is its own output, not documentation: reading it would
        // make each run count the claims the previous report quoted.
        if is_generated_report(&file.text) {
            return Loaded::Skipped(file.path, GENERATED_REASON.to_string());
        }
        return Loaded::Doc(file);
    }
    // Parse first, then move the file into the model: no copy of its text.
    match crate::yaml::load(&file) {
        Ok(doc) => {
            let wf = Workflow::from_document(file, doc);
            // In a plain directory, YAML files that are not workflows (action.yml, configs)
            // are skipped.
            if plain_dir && !wf.is_workflow() {
                Loaded::Skipped(
                    wf.file.path.clone(),
                    "YAML without `on:` and `jobs:`, not a workflow".to_string(),
                )
            } else {
                Loaded::Workflow(Box::new(wf))
            }
        }
        Err(e) => Loaded::Failed(yaml_error(file, &e)),
    }
}

/// Most local actions followed from one repository (a guard against generated trees).
const MAX_ACTIONS: usize = 500;

/// The composite actions the workflows use by path (`./dir`, `$/dir`), and those these use in
/// turn. An action file that cannot be read or parsed is input driftlint could not check: it
/// is returned as a load error (`syntax-error` names its file and line), the other files are
/// still checked.
fn load_actions(
    root: &Path,
    cwd: &Path,
    workflows: &[Workflow],
) -> (Vec<CompositeAction>, Vec<LoadError>) {
    let local = |uses: Option<&crate::workflow::Spanned<String>>| {
        uses.and_then(|u| local_action_dir(&u.value))
    };
    let mut todo: Vec<String> = workflows
        .iter()
        .flat_map(|w| &w.jobs)
        .flat_map(|j| &j.steps)
        .filter_map(|s| local(s.uses.as_ref()))
        .collect();
    let mut seen = BTreeSet::new();
    let mut out: Vec<CompositeAction> = Vec::new();
    let mut errors = Vec::new();
    while let Some(dir) = todo.pop() {
        if out.len() >= MAX_ACTIONS || !seen.insert(dir.clone()) {
            continue;
        }
        let folder = root.join(&dir);
        let Some(path) = ["action.yml", "action.yaml"]
            .iter()
            .map(|n| folder.join(n))
            .find(|p| p.is_file())
        else {
            continue;
        };
        let text = match read_text(&path) {
            Ok(t) => t,
            Err(e) => {
                errors.push(read_error(source_file(&path, root, cwd, String::new()), &e));
                continue;
            }
        };
        let file = source_file(&path, root, cwd, text);
        let doc = match crate::yaml::load(&file) {
            Ok(d) => d,
            Err(e) => {
                errors.push(yaml_error(file, &e));
                continue;
            }
        };
        if let Some(action) = CompositeAction::from_document(file, doc, dir) {
            todo.extend(action.steps.iter().filter_map(|s| local(s.uses.as_ref())));
            out.push(action);
        }
    }
    out.sort_by(|a, b| a.file.path.cmp(&b.file.path));
    errors.sort_by(|a: &LoadError, b: &LoadError| a.file.path.cmp(&b.file.path));
    (out, errors)
}

/// The claim patterns compiled into the binary (rules/claims.yml), parsed once. A broken
/// built-in file is caught by tests; at run time it degrades to no prose patterns.
pub fn builtin_patterns() -> Option<&'static ClaimPatterns> {
    static PATTERNS: std::sync::OnceLock<Option<ClaimPatterns>> = std::sync::OnceLock::new();
    PATTERNS
        .get_or_init(|| ClaimPatterns::builtin().ok())
        .as_ref()
}

impl Repo {
    /// The workflow of this repository a job calls (`uses: ./.github/workflows/x.yml`), when
    /// it was read.
    pub fn called_workflow(&self, job: &Job) -> Option<&Workflow> {
        let path = job.local_workflow_path()?;
        self.workflows.iter().find(|w| w.file.rel == path)
    }

    /// The jobs of this repository that call `wf` as a reusable workflow, with their workflow,
    /// in file order.
    pub fn callers<'a>(
        &'a self,
        wf: &'a Workflow,
    ) -> impl Iterator<Item = (&'a Workflow, &'a Job)> {
        self.workflows.iter().flat_map(move |caller| {
            caller
                .jobs
                .iter()
                .filter(move |j| j.local_workflow_path() == Some(wf.file.rel.as_str()))
                .map(move |j| (caller, j))
        })
    }

    /// Read and parse every file of a discovered repository with the built-in claim patterns.
    pub fn load(files: &RepoFiles, cwd: &Path) -> Repo {
        Repo::load_with(files, cwd, builtin_patterns())
    }

    /// Read and parse every file; docs are read with the given claim patterns.
    pub fn load_with(files: &RepoFiles, cwd: &Path, patterns: Option<&ClaimPatterns>) -> Repo {
        let root = &files.root;
        let plain_dir = !root.join(".github").join("workflows").is_dir();
        let jobs: Vec<(&PathBuf, bool)> = files
            .workflows
            .iter()
            .map(|p| (p, true))
            .chain(files.docs.iter().map(|p| (p, false)))
            .collect();
        let loaded: Vec<Loaded> = jobs
            .par_iter()
            .map(|(p, is_wf)| load_one(p, root, cwd, *is_wf, plain_dir))
            .collect();
        let mut repo = Repo {
            root: display_path(root, cwd),
            root_path: root.clone(),
            inert_workflows: files
                .inert_workflows
                .iter()
                .map(|p| display_path(p, root))
                .collect(),
            only: files.only.as_ref().map(|set| {
                set.iter()
                    .map(|p| display_path(p, cwd))
                    .collect::<BTreeSet<_>>()
            }),
            skipped: files
                .skipped
                .iter()
                .map(|(p, why)| (display_path(p, cwd), why.clone()))
                .collect(),
            ..Default::default()
        };
        if repo.root.is_empty() {
            repo.root = ".".into();
        }
        for l in loaded {
            match l {
                Loaded::Workflow(w) => repo.workflows.push(*w),
                Loaded::Doc(d) => repo.docs.push(d),
                Loaded::Failed(e) => repo.errors.push(e),
                Loaded::Skipped(path, why) => repo.skipped.push((path, why)),
            }
        }
        repo.skipped.sort();
        repo.workflows.sort_by(|a, b| a.file.path.cmp(&b.file.path));
        let (actions, action_errors) = load_actions(root, cwd, &repo.workflows);
        repo.actions = actions;
        repo.errors.extend(action_errors);
        repo.docs.sort_by(|a, b| a.path.cmp(&b.path));
        repo.doc_models = repo
            .docs
            .par_iter()
            .map(|d| patterns.map(|p| parse_doc(d, p)).unwrap_or_default())
            .collect();
        repo
    }

    /// Should findings in this display path be reported?
    pub fn reports_on(&self, path: &str) -> bool {
        self.only.as_ref().is_none_or(|set| set.contains(path))
    }

    /// Should this finding be reported: it is in a named file, or (when files are named, as
    /// pre-commit does) its related location is, e.g. a doc claim a staged workflow change
    /// broke.
    pub fn reports(&self, finding: &crate::finding::Finding) -> bool {
        let Some(set) = &self.only else {
            return true;
        };
        set.contains(&finding.path) || finding.related.iter().any(|r| set.contains(&r.path))
    }

    /// Find a workflow by file name (`release.yml`), repo-relative path, or `name:` (case-insensitive).
    pub fn find_workflow(&self, reference: &str) -> Option<&Workflow> {
        let r = reference.trim().trim_start_matches("./");
        self.workflows
            .iter()
            .find(|w| w.file.rel == r || w.file.file_name() == r)
            .or_else(|| {
                self.workflows.iter().find(|w| {
                    w.name
                        .as_ref()
                        .is_some_and(|n| n.value.eq_ignore_ascii_case(r))
                })
            })
    }

    /// Docs with their claims.
    pub fn docs_with_models(&self) -> impl Iterator<Item = (&SourceFile, &DocModel)> {
        self.docs.iter().zip(self.doc_models.iter())
    }

    /// Every claim of every doc, with its doc and that doc's model, in doc order.
    pub fn doc_claims(&self) -> impl Iterator<Item = (&SourceFile, &DocModel, &Claim)> {
        self.docs_with_models()
            .flat_map(|(doc, model)| model.claims.iter().map(move |c| (doc, model, c)))
    }

    /// Files in `.github/workflows` that could not be loaded (not valid YAML): GitHub lists
    /// them but never runs them.
    pub fn unreadable_workflows(&self) -> impl Iterator<Item = &LoadError> {
        self.errors
            .iter()
            .filter(|e| e.file.rel.starts_with(".github/workflows/"))
    }

    /// The `owner/name` slugs (lowercase) that docs use for this very repository. The files do
    /// not say it, so it is inferred: a GitHub remote in `.git/config`; a slug whose name is the
    /// checkout folder's name (a clone's default, or `owner__name`); a slug under which docs
    /// link a workflow file that exists here and is not a common name every repo has — unless
    /// a workflow calls a reusable workflow of that slug that does not exist here (the slug is
    /// then another repository whose files happen to share a name with ours, as on a dashboard
    /// of the shared repository's badges).
    pub fn own_slugs(&self) -> BTreeSet<String> {
        let mut own = BTreeSet::new();
        let git_config = self.root_path.join(".git").join("config");
        if let Ok(config) = crate::source::read_limited(&git_config, 1024 * 1024) {
            own.extend(config.lines().filter_map(remote_slug));
        }
        let folder = std::fs::canonicalize(&self.root_path)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_lowercase()));
        let foreign = self.called_foreign_slugs();
        for (_, _, c) in self.doc_claims() {
            let crate::docs::ClaimKind::WorkflowRef {
                repo: Some(slug),
                file_name,
                ..
            } = &c.kind
            else {
                continue;
            };
            let slug = slug.to_lowercase();
            let Some((owner, name)) = slug.split_once('/') else {
                continue;
            };
            let folder_match = folder
                .as_deref()
                .is_some_and(|f| f == name || f == format!("{owner}__{name}"));
            let common = matches!(
                file_name.rsplit_once('.').map_or("", |(stem, _)| stem),
                "ci" | "build" | "test" | "tests" | "main" | "release" | "lint" | "deploy"
            );
            let by_file =
                !common && self.find_workflow(file_name).is_some() && !foreign.contains(&slug);
            if folder_match || by_file {
                own.insert(slug);
            }
        }
        own
    }

    /// Lowercase slugs of other repositories whose reusable workflows a job calls
    /// (`uses: owner/name/.github/workflows/x.yml@ref` where no `x.yml` exists here).
    fn called_foreign_slugs(&self) -> BTreeSet<String> {
        let mut foreign = BTreeSet::new();
        for job in self.workflows.iter().flat_map(|w| w.jobs.iter()) {
            let Some(uses) = &job.uses else { continue };
            let target = uses.value.split('@').next().unwrap_or("");
            let Some((slug, file)) = target.split_once("/.github/workflows/") else {
                continue;
            };
            if slug.starts_with('.') || slug.matches('/').count() != 1 {
                continue;
            }
            if self.find_workflow(file).is_none() {
                foreign.insert(slug.to_lowercase());
            }
        }
        foreign
    }

    /// Number of files looked at.
    pub fn file_count(&self) -> usize {
        self.workflows.len() + self.docs.len() + self.errors.len()
    }
}

/// `owner/name` of a GitHub remote line of `.git/config` (`url = git@github.com:o/n.git`,
/// `url = https://github.com/o/n`).
fn remote_slug(line: &str) -> Option<String> {
    let url = line
        .trim()
        .strip_prefix("url")?
        .trim_start()
        .strip_prefix('=')?
        .trim();
    let (_, rest) = url.split_once("github.com")?;
    let rest = rest.trim_start_matches([':', '/']);
    let rest = rest
        .strip_suffix(".git")
        .unwrap_or(rest)
        .trim_end_matches('/');
    let (owner, name) = rest.split_once('/')?;
    (!owner.is_empty() && !name.is_empty() && !name.contains('/'))
        .then(|| format!("{owner}/{name}").to_lowercase())
}

#[cfg(test)]
mod own_slug_tests {
    #[test]
    fn remote_lines() {
        assert_eq!(
            super::remote_slug("\turl = git@github.com:Acme/Tools.git").as_deref(),
            Some("acme/tools")
        );
        assert_eq!(
            super::remote_slug("url = https://github.com/acme/tools/").as_deref(),
            Some("acme/tools")
        );
        assert_eq!(super::remote_slug("url = https://gitlab.com/a/b"), None);
        assert_eq!(super::remote_slug("fetch = +refs/heads/*"), None);
    }
}
