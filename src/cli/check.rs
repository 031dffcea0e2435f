//! `driftlint check`: discover, load, run rules, render, pick the exit code.

use std::path::PathBuf;

use rayon::prelude::*;

use super::{emit, CheckArgs, FailOn, OutputFormat, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::checks;
use crate::finding::{sort_findings, Finding, Severity};
use crate::repo::Repo;
use crate::report::{self, Format, RenderInput};
use crate::source::{discover, SourceFile};

/// Everything one invocation found.
pub struct Analysis {
    pub repos: Vec<Repo>,
    pub findings: Vec<Finding>,
    /// Command-line paths that could not be used.
    pub path_errors: Vec<(String, String)>,
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

/// Discover and check every repository named by `paths`, each on its own, in parallel.
pub fn analyze(paths: &[PathBuf]) -> Analysis {
    let found = discover(paths);
    let cwd = PathBuf::from(".");
    let results: Vec<(Repo, Vec<Finding>)> = found
        .repos
        .par_iter()
        .map(|files| {
            let repo = Repo::load(files, &cwd);
            let findings = checks::run(&repo, &|_| true);
            (repo, findings)
        })
        .collect();
    let mut findings = Vec::new();
    let mut repos = Vec::new();
    for (repo, f) in results {
        findings.extend(f);
        repos.push(repo);
    }
    sort_findings(&mut findings);
    Analysis {
        repos,
        findings,
        path_errors: found.errors,
    }
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

pub fn run(args: &CheckArgs) -> i32 {
    let analysis = analyze(&args.paths);
    for (path, why) in &analysis.path_errors {
        eprintln!("error: {path}: {why}");
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
