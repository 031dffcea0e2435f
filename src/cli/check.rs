//! `driftlint check`: discover, load, run rules, render, pick the exit code.

use std::collections::BTreeSet;
use std::mem::ManuallyDrop;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::baseline::Baseline;
use super::{
    emit, write_atomic, CheckArgs, FailOn, OutputFormat, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK,
};
use crate::checks::{self, meta, ClaimCheck, Ctx};
use crate::config::{self, closest, Config, ConfigError};
use crate::finding::{sort_findings, Finding, Severity};
use crate::repo::Repo;
use crate::report::discrepancy::Discrepancies;
use crate::report::{self, Format, RenderInput};
use crate::source::{discover, RepoFiles, SourceFile};
use crate::state::State;

/// Everything one invocation found.
pub struct Analysis {
    pub repos: Vec<Repo>,
    /// The config each repository was checked with, in the order of `repos`.
    pub configs: Vec<Config>,
    pub findings: Vec<Finding>,
    /// Claim verdicts of each repository, in the order of `repos`; empty unless asked for
    /// (see [`analyze_full`]).
    pub claims: Vec<Vec<ClaimCheck>>,
    /// Command-line paths that could not be used.
    pub path_errors: Vec<(String, String)>,
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
        self.repos.iter().map(Repo::file_count).sum()
    }

    /// True when not a single file could be loaded (nothing was really checked).
    pub fn nothing_loaded(&self) -> bool {
        self.repos
            .iter()
            .all(|r| r.workflows.is_empty() && r.docs.is_empty())
    }

    pub fn files(&self) -> Vec<SourceFile> {
        let mut files: Vec<SourceFile> = self
            .repos
            .iter()
            .flat_map(|r| {
                r.workflows
                    .iter()
                    .map(|w| w.file.clone())
                    .chain(r.docs.iter().cloned())
                    .chain(r.errors.iter().map(|e| e.file.clone()))
            })
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

/// Discover and check every repository named by `paths`, each on its own, in parallel, each
/// with the `.driftlint.yml` at its root.
pub fn analyze(paths: &[PathBuf]) -> Analysis {
    analyze_with_config(paths, None)
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

/// The state a repository is checked with: `state_dir` (from `--state`) when given, else the
/// config's `state:` folder, plus environments declared as code at the repository's root.
fn repo_state(
    state_dir: Option<&Path>,
    config: &Config,
    root: &Path,
) -> Result<(Option<State>, Option<String>), String> {
    let dir = state_dir.or(config.state.as_deref());
    super::report_cmd::load_repo_state(dir, root)
}

/// Load a repository, reading its docs with the built-in claim patterns plus the config's
/// `claims` and environment aliases.
pub(super) fn load_repo(
    files: &RepoFiles,
    cwd: &Path,
    config: &Config,
) -> Result<Repo, Vec<ConfigError>> {
    if config.claims.is_empty() && config.environment_aliases.is_empty() {
        return Ok(Repo::load(files, cwd));
    }
    let Some(builtin) = crate::repo::builtin_patterns() else {
        return Ok(Repo::load(files, cwd));
    };
    let mut patterns = builtin.clone();
    if let Err(message) = patterns.extend(config.claim_pairs()) {
        // The config parser already compiled every pattern; this is a safety net.
        return Err(vec![ConfigError {
            path: config.source.clone().unwrap_or_default(),
            line: config.claims.first().map_or(1, |c| c.line),
            column: 1,
            message,
            hint: None,
        }]);
    }
    for (canonical, aliases) in &config.environment_aliases {
        let names: Vec<&str> = aliases.iter().map(String::as_str).collect();
        patterns.aliases.add(canonical, &names);
    }
    Ok(Repo::load_with(files, cwd, Some(&patterns)))
}

/// Like [`analyze`], but with `config_file` (when given) for every repository instead.
pub fn analyze_with_config(paths: &[PathBuf], config_file: Option<&Path>) -> Analysis {
    analyze_with_state(paths, config_file, None)
}

/// Like [`analyze_with_config`], with the exported GitHub state in `state_dir` (when given)
/// for every repository instead of each config's `state:` folder.
pub fn analyze_with_state(
    paths: &[PathBuf],
    config_file: Option<&Path>,
    state_dir: Option<&Path>,
) -> Analysis {
    analyze_full(paths, config_file, state_dir, false)
}

/// Like [`analyze_with_state`]; with `with_claims`, also keeps every claim verdict (for the
/// discrepancy table of `--format markdown`).
pub fn analyze_full(
    paths: &[PathBuf],
    config_file: Option<&Path>,
    state_dir: Option<&Path>,
    with_claims: bool,
) -> Analysis {
    let found = discover(paths);
    let cwd = PathBuf::from(".");
    let mut analysis = Analysis {
        repos: Vec::new(),
        configs: Vec::new(),
        findings: Vec::new(),
        claims: Vec::new(),
        path_errors: found.errors,
        config_errors: Vec::new(),
        warnings: Vec::new(),
        state_errors: Vec::new(),
    };
    let explicit = match config_file {
        Some(path) => match Config::load(path, &path.display().to_string()) {
            Ok(c) => Some(c),
            Err(errors) => {
                analysis.config_errors = errors;
                return analysis;
            }
        },
        None => None,
    };
    /// Why a repository was not checked.
    enum Failed {
        Config(Vec<ConfigError>),
        State(String),
    }
    /// A checked repository, with a warning about state declarations it could not read.
    type Checked = Result<(Repo, Config, Vec<Finding>, Vec<ClaimCheck>, Option<String>), Failed>;
    let results: Vec<Checked> = found
        .repos
        .par_iter()
        .map(|files| {
            let config = match &explicit {
                Some(c) => c.clone(),
                None => Config::for_root(&files.root, &cwd).map_err(Failed::Config)?,
            };
            let mut files = files.clone();
            config::apply_to_files(&config, &mut files);
            let repo = load_repo(&files, &cwd, &config).map_err(Failed::Config)?;
            let (state, state_warning) =
                repo_state(state_dir, &config, &repo.root_path).map_err(Failed::State)?;
            let (findings, claims) = {
                let mut cx = Ctx::new(&repo);
                cx.configure(&config);
                cx.state = state.as_ref();
                let findings = checks::run_configured(&cx, &config, &|_| true);
                let claims = if with_claims {
                    checks::evaluate_claims(&cx)
                } else {
                    Vec::new()
                };
                (findings, claims)
            };
            Ok((repo, config, findings, claims, state_warning))
        })
        .collect();
    let mut warnings = BTreeSet::new();
    for result in results {
        match result {
            Ok((repo, config, findings, claims, state_warning)) => {
                warnings.extend(config_warnings(&config));
                warnings.extend(state_warning);
                analysis.findings.extend(findings);
                analysis.claims.push(claims);
                analysis.repos.push(repo);
                analysis.configs.push(config);
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

fn threshold(fail_on: FailOn) -> Option<Severity> {
    match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Note => Some(Severity::Note),
        FailOn::Never => None,
    }
}

pub fn format_of(f: OutputFormat) -> Format {
    match f {
        OutputFormat::Human => Format::Human,
        OutputFormat::Json => Format::Json,
        OutputFormat::Sarif => Format::Sarif,
        OutputFormat::Github => Format::Github,
        OutputFormat::Markdown => Format::Markdown,
    }
}

/// Colour only for a terminal, and never with NO_COLOR set.
pub fn use_color(to_file: bool) -> bool {
    use std::io::IsTerminal;
    !to_file && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

/// A value that is never dropped. Freeing every node of every repository's model one by one
/// cost ~25M instructions (2%) of a cold check of the real-world corpus (docs/performance.md);
/// the process ends right after the output is written and the OS reclaims it all at once.
fn kept_until_exit<T>(value: T) -> ManuallyDrop<T> {
    ManuallyDrop::new(value)
}

/// `1 finding`, `2 findings`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Run `driftlint check`; returns the exit code. Meant to be called once per process, just
/// before it exits: the analysis is left for the exit to reclaim (see `kept_until_exit`).
pub fn run(args: &CheckArgs) -> i32 {
    let markdown = args.format == OutputFormat::Markdown;
    let mut analysis = kept_until_exit(analyze_full(
        &args.paths,
        args.config.as_deref(),
        args.state.as_deref(),
        markdown,
    ));
    for (path, why) in &analysis.path_errors {
        eprintln!("error: {path}: {why}");
    }
    if !analysis.config_errors.is_empty() {
        for e in &analysis.config_errors {
            eprintln!("error: {e}");
        }
        return EXIT_ERROR;
    }
    if !analysis.state_errors.is_empty() {
        for e in &analysis.state_errors {
            eprintln!("error: state: {e}");
        }
        return EXIT_ERROR;
    }
    for w in &analysis.warnings {
        eprintln!("warning: {w}");
    }
    if let Some(path) = &args.write_baseline {
        let text = super::baseline::to_json(&analysis.findings);
        if let Err(e) = write_atomic(path, &text) {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
        eprintln!(
            "wrote {} to baseline {}",
            count(analysis.findings.len(), "finding", "findings"),
            path.display()
        );
        return if analysis.path_errors.is_empty() {
            EXIT_OK
        } else {
            EXIT_ERROR
        };
    }
    if let Some(path) = &args.baseline {
        let baseline = match Baseline::load(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("error: {e}");
                return EXIT_ERROR;
            }
        };
        let filtered = baseline.filter(std::mem::take(&mut analysis.findings));
        analysis.findings = filtered.new;
        if filtered.known > 0 {
            eprintln!(
                "{} recorded in {} not shown",
                count(filtered.known, "finding", "findings"),
                path.display()
            );
        }
        if filtered.stale > 0 {
            eprintln!(
                "{} in {} {} no finding any more; --write-baseline rewrites it",
                count(filtered.stale, "entry", "entries"),
                path.display(),
                if filtered.stale == 1 {
                    "matches"
                } else {
                    "match"
                }
            );
        }
    }
    let mut discrepancies = Discrepancies::default();
    if markdown {
        for (repo, claims) in analysis.repos.iter().zip(&analysis.claims) {
            discrepancies.add_repo(repo, claims, &analysis.findings);
        }
    }
    let files = analysis.files();
    let rules: Vec<_> = checks::meta::all().values().cloned().collect();
    let input = RenderInput {
        findings: &analysis.findings,
        files: &files,
        rules: &rules,
        files_checked: analysis.file_count(),
        color: use_color(args.output.is_some()),
        tool_version: env!("CARGO_PKG_VERSION"),
        discrepancies: Some(&discrepancies),
    };
    let text = report::render(format_of(args.format), &input);
    if let Err(e) = emit(&text, args.output.as_deref()) {
        eprintln!("error: {e}");
        return EXIT_ERROR;
    }
    if !analysis.path_errors.is_empty()
        || (analysis.nothing_loaded() && !analysis.findings.is_empty())
    {
        return EXIT_ERROR;
    }
    let failing =
        threshold(args.fail_on).is_some_and(|t| analysis.findings.iter().any(|f| f.severity >= t));
    if failing {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
