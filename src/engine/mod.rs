//! The one analysis pipeline `check`, `report` and `routes` share: discover → config → load →
//! state → shared facts → rules. The cli only parses arguments and prints what this returns.

mod load;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::checks::{self, meta, ClaimCheck, Ctx};
use crate::config::{self, closest, Config, ConfigError};
use crate::docs::EnvAliases;
use crate::finding::{sort_findings, Finding};
use crate::repo::Repo;
use crate::routes::RouteMap;
use crate::source::{discover, SourceFile};
use crate::state::State;

pub use crate::facts::EnvironmentFacts;
pub use load::{load_repo, load_repo_state};

/// What to analyse and how far to go.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub paths: Vec<PathBuf>,
    /// One config for every repository instead of each one's `.driftlint.yml`.
    pub config_file: Option<PathBuf>,
    /// Exported GitHub state for every repository instead of each config's `state:` folder.
    pub state_dir: Option<PathBuf>,
    /// Overrides the config's default branch.
    pub default_branch: Option<String>,
    /// Keep every claim verdict, the route map and the environment facts (the report and the
    /// markdown discrepancy table need them; plain `check` does not).
    pub full: bool,
    /// Load only: no rules, no state (the `routes` command).
    pub load_only: bool,
    /// Files never read as docs although discovery finds them (the report's own `-o` file).
    pub not_docs: Vec<PathBuf>,
    /// Overrides the config's `security.persona` (`check --persona`).
    pub persona: Option<config::Persona>,
    /// Check the repositories one after the other and keep only what `check` prints of each
    /// (findings, counts, the files findings point at, the `--verbose` listing) in
    /// [`Analysis::streamed`]; [`Analysis::repos`] stays empty. Peak memory is then that of
    /// the largest repository, not of all of them.
    pub stream: Option<Keep>,
}

/// What a streamed analysis keeps of each repository besides its findings.
#[derive(Debug, Clone, Copy, Default)]
pub struct Keep {
    /// The files findings point at (the human format shows their lines).
    pub files: bool,
    /// Text kept per repository (the cli's `--verbose` listing of files read and skipped).
    pub listing: Option<fn(&Repo) -> String>,
}

/// What a streamed analysis kept of the repositories it dropped.
#[derive(Debug, Default)]
pub struct Streamed {
    pub file_count: usize,
    /// Some repository loaded a workflow or a doc.
    pub loaded_any: bool,
    /// Files that findings point at (with [`Keep::files`]).
    pub files: Vec<SourceFile>,
    /// Each repository's root (SARIF names files relative to them).
    pub root_paths: Vec<PathBuf>,
    /// What [`Keep::listing`] made of each repository.
    pub listings: Vec<String>,
}

impl Request {
    pub fn paths(paths: &[PathBuf]) -> Request {
        Request {
            paths: paths.to_vec(),
            ..Request::default()
        }
    }
}

/// One repository's analysis.
pub struct RepoAnalysis {
    pub repo: Repo,
    /// The config it was checked with.
    pub config: Config,
    pub default_branch: String,
    /// Environment aliases: the built-in ones plus the config's.
    pub aliases: EnvAliases,
    pub state: Option<State>,
    /// Claim verdicts of the enabled rules, sorted by doc and line; empty unless `full`.
    pub claims: Vec<ClaimCheck>,
    /// Every route; None unless `full`.
    pub routes: Option<RouteMap>,
    /// Environments jobs target and automatic routes reach; empty unless `full`.
    pub environments: EnvironmentFacts,
    /// This repository's findings (also in [`Analysis::findings`]); empty unless `full`.
    pub findings: Vec<Finding>,
}

/// Everything one invocation found.
pub struct Analysis {
    pub repos: Vec<RepoAnalysis>,
    /// What was kept of repositories checked with [`Request::stream`].
    pub streamed: Streamed,
    /// Findings of every repository, sorted.
    pub findings: Vec<Finding>,
    /// Command-line paths that could not be used.
    pub path_errors: Vec<(String, String)>,
    /// Directories named on the command line that hold nothing to check, with the number of
    /// files skipped there.
    pub empty_paths: Vec<(String, usize)>,
    /// Broken config files; the repositories they belong to were not checked.
    pub config_errors: Vec<ConfigError>,
    /// Problems that do not stop the check (unknown rule ids in a config), sorted.
    pub warnings: Vec<String>,
    /// State directories (or declarations as code) that could not be read; the repositories
    /// they belong to were not checked.
    pub state_errors: Vec<String>,
}

impl Analysis {
    /// Files looked at across all repositories.
    pub fn file_count(&self) -> usize {
        self.repos
            .iter()
            .map(|r| r.repo.file_count())
            .sum::<usize>()
            + self.streamed.file_count
    }

    /// True when not a single file could be loaded (nothing was really checked).
    pub fn nothing_loaded(&self) -> bool {
        !self.streamed.loaded_any
            && self
                .repos
                .iter()
                .all(|r| r.repo.workflows.is_empty() && r.repo.docs.is_empty())
    }

    /// The root of every repository checked, in order.
    pub fn root_paths(&self) -> impl Iterator<Item = &Path> {
        self.repos
            .iter()
            .map(|r| r.repo.root_path.as_path())
            .chain(self.streamed.root_paths.iter().map(PathBuf::as_path))
    }

    pub fn files(&self) -> Vec<SourceFile> {
        self.files_where(|_| true)
    }

    /// The loaded files whose displayed path `keep` accepts, sorted by path (clones: the
    /// renderers only need the files that findings point at).
    pub fn files_where(&self, keep: impl Fn(&str) -> bool) -> Vec<SourceFile> {
        let mut files: Vec<SourceFile> = self
            .repos
            .iter()
            .flat_map(|r| {
                r.repo
                    .workflows
                    .iter()
                    .map(|w| &w.file)
                    .chain(r.repo.docs.iter())
                    .chain(r.repo.errors.iter().map(|e| &e.file))
                    .filter(|f| keep(&f.path))
                    .cloned()
            })
            .chain(
                self.streamed
                    .files
                    .iter()
                    .filter(|f| keep(&f.path))
                    .cloned(),
            )
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

/// Discover and check every repository named by `paths`, each with its own `.driftlint.yml`.
pub fn analyze(paths: &[PathBuf]) -> Analysis {
    run(&Request::paths(paths))
}

/// Warnings for rule ids a config names that no rule has.
fn config_warnings(config: &Config) -> Vec<String> {
    let source = config.source.as_deref().unwrap_or(config::FILE_NAME);
    config
        .unknown_rules(&|id| meta::get(id).is_some())
        .into_iter()
        .map(|(id, at)| {
            let hint = match closest(id, meta::all().keys().map(String::as_str)) {
                Some(c) => format!("did you mean `{c}`?"),
                None => "`driftlint rules` lists the rule ids".to_string(),
            };
            format!(
                "unknown rule `{id}` at {source}:{}:{}; {hint}",
                at.line, at.column
            )
        })
        .collect()
}

/// Why a repository was not checked.
enum Failed {
    Config(Vec<ConfigError>),
    State(String),
}

/// A checked repository, with its findings and a warning about state declarations it could
/// not read.
type Checked = Result<(RepoAnalysis, Vec<Finding>, Option<String>), Failed>;

/// Run the pipeline: every repository on its own, in parallel.
pub fn run(request: &Request) -> Analysis {
    let found = discover(&request.paths);
    let cwd = PathBuf::from(".");
    let mut analysis = Analysis {
        repos: Vec::new(),
        streamed: Streamed::default(),
        findings: Vec::new(),
        path_errors: found.errors,
        empty_paths: found.empty,
        config_errors: Vec::new(),
        warnings: Vec::new(),
        state_errors: Vec::new(),
    };
    let explicit = match &request.config_file {
        Some(path) => match Config::load(path, &path.display().to_string()) {
            Ok(c) => Some(c),
            Err(errors) => {
                analysis.config_errors = errors;
                return analysis;
            }
        },
        None => None,
    };
    let check = |files: &crate::source::RepoFiles| -> Checked {
        let mut config = match &explicit {
            Some(c) => c.clone(),
            None => Config::for_root(&files.root, &cwd).map_err(Failed::Config)?,
        };
        if let Some(p) = request.persona {
            config.security.persona = p;
        }
        let mut files = files.clone();
        config::apply_to_files(&config, &mut files);
        leave_out_docs(&mut files, &request.not_docs);
        let repo = load_repo(&files, &cwd, &config).map_err(Failed::Config)?;
        analyze_repo(repo, config, request)
    };
    // Streamed: one repository at a time (each one's files are still read in parallel), each
    // reduced to what `check` prints before the next is loaded.
    let results: Vec<Collected> = match request.stream {
        Some(keep) => found
            .repos
            .iter()
            .map(|files| {
                let checked = check(files).map(|(repo, findings, warning)| {
                    let kept = keep_of(&repo, &findings, keep);
                    (
                        Reduced::Kept(Box::new(kept), Box::new(repo.config)),
                        findings,
                        warning,
                    )
                });
                // What the line regexes' lazy DFAs built for this repository's texts is
                // not kept for the next one.
                crate::docs::line_regex::release_search_state();
                checked
            })
            .collect(),
        None => found
            .repos
            .par_iter()
            .map(|files| {
                check(files).map(|(repo, findings, warning)| {
                    (Reduced::Whole(Box::new(repo)), findings, warning)
                })
            })
            .collect(),
    };
    let mut warnings = BTreeSet::new();
    for result in results {
        match result {
            Ok((Reduced::Whole(repo), findings, state_warning)) => {
                warnings.extend(config_warnings(&repo.config));
                warnings.extend(state_warning);
                analysis.findings.extend(findings);
                analysis.repos.push(*repo);
            }
            Ok((Reduced::Kept(kept, config), findings, state_warning)) => {
                warnings.extend(config_warnings(&config));
                warnings.extend(state_warning);
                analysis.findings.extend(findings);
                let s = &mut analysis.streamed;
                s.file_count += kept.file_count;
                s.loaded_any |= kept.loaded_any;
                s.files.extend(kept.files);
                s.listings.extend(kept.listings);
                s.root_paths.extend(kept.root_paths);
            }
            Err(Failed::Config(errors)) => analysis.config_errors.extend(errors),
            Err(Failed::State(error)) => analysis.state_errors.push(error),
        }
    }
    analysis.config_errors.dedup();
    analysis.state_errors.sort();
    analysis.state_errors.dedup();
    analysis.warnings = warnings.into_iter().collect();
    sort_findings(&mut analysis.findings);
    analysis
}

/// A checked repository as `run` collects it: whole, or reduced to what a streamed check
/// keeps (the model already dropped).
enum Reduced {
    Whole(Box<RepoAnalysis>),
    Kept(Box<Streamed>, Box<Config>),
}

/// [`Checked`] with the repository reduced.
type Collected = Result<(Reduced, Vec<Finding>, Option<String>), Failed>;

/// What a streamed check keeps of one repository.
fn keep_of(r: &RepoAnalysis, findings: &[Finding], keep: Keep) -> Streamed {
    let repo = &r.repo;
    let files = if keep.files {
        let shown: std::collections::HashSet<&str> =
            findings.iter().map(|f| f.path.as_str()).collect();
        repo.workflows
            .iter()
            .map(|w| &w.file)
            .chain(repo.docs.iter())
            .chain(repo.errors.iter().map(|e| &e.file))
            .filter(|f| shown.contains(f.path.as_str()))
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    Streamed {
        file_count: repo.file_count(),
        loaded_any: !(repo.workflows.is_empty() && repo.docs.is_empty()),
        files,
        root_paths: vec![repo.root_path.clone()],
        listings: keep.listing.map(|list| list(repo)).into_iter().collect(),
    }
}

/// Drop `not_docs` (however spelled) from the docs to read, listing them as skipped.
fn leave_out_docs(files: &mut crate::source::RepoFiles, not_docs: &[PathBuf]) {
    let targets: Vec<PathBuf> = not_docs
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    if targets.is_empty() {
        return;
    }
    let mut left_out = Vec::new();
    files.docs.retain(|d| {
        let own = d.canonicalize().is_ok_and(|p| targets.contains(&p));
        if own {
            left_out.push(d.clone());
        }
        !own
    });
    for d in left_out {
        files.skipped.push((
            d,
            "the report's own output (-o), not read as documentation".into(),
        ));
    }
}

/// State, shared facts and rules for one loaded repository.
fn analyze_repo(repo: Repo, config: Config, request: &Request) -> Checked {
    let default_branch = request
        .default_branch
        .clone()
        .unwrap_or_else(|| config.default_branch().to_string());
    let mut result = RepoAnalysis {
        aliases: EnvAliases::default(),
        repo,
        config,
        default_branch,
        state: None,
        claims: Vec::new(),
        routes: None,
        environments: EnvironmentFacts::default(),
        findings: Vec::new(),
    };
    if request.load_only {
        return Ok((result, Vec::new(), None));
    }
    let state_dir = request
        .state_dir
        .as_deref()
        .or(result.config.state.as_deref());
    let (state, state_warning) =
        load_repo_state(state_dir, &result.repo.root_path).map_err(Failed::State)?;
    result.state = state;
    let (findings, claims, routes, aliases) = {
        let mut cx = Ctx::new(&result.repo);
        cx.configure(&result.config);
        cx.default_branch = result.default_branch.clone();
        cx.state = result.state.as_ref();
        let findings = checks::run_configured(&cx, &result.config, &|_| true);
        let claims: Vec<ClaimCheck> = if request.full {
            checks::evaluate_claims(&cx)
                .into_iter()
                .filter(|c| result.config.rule_enabled(c.rule))
                .collect()
        } else {
            Vec::new()
        };
        let aliases = cx.aliases.clone();
        let routes = request.full.then(|| cx.into_route_map());
        (findings, claims, routes, aliases)
    };
    result.aliases = aliases;
    result.claims = claims;
    if let Some(routes) = &routes {
        result.environments = EnvironmentFacts::gather(&result.repo, routes, &result.aliases);
    }
    result.routes = routes;
    if request.full {
        result.findings = findings.clone();
    }
    Ok((result, findings, state_warning))
}

/// The first repository of an analysis that was asked for one path, or why there is none.
pub fn single(analysis: &Analysis, path: &Path) -> Result<usize, String> {
    if let Some((p, why)) = analysis.path_errors.first() {
        return Err(format!("{p}: {why}"));
    }
    if !analysis.config_errors.is_empty() {
        return Err(analysis
            .config_errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"));
    }
    if let Some(e) = analysis.state_errors.first() {
        return Err(e.clone());
    }
    if analysis.repos.is_empty() {
        return Err(format!("{}: no repository found", path.display()));
    }
    Ok(0)
}
