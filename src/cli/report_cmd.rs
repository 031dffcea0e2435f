//! `driftlint report`: the current-state markdown report, written atomically or checked for
//! staleness.

use std::path::PathBuf;

use super::{emit, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::checks::{ClaimCheck, Outcome};
use crate::engine::{self, Request};
use crate::report::release_state::{render, ReportInput};

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Repository root (default: current directory).
    pub path: Option<PathBuf>,
    /// Write the report to this file (atomically) instead of stdout.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Do not write: exit 1 when the file given with -o differs from a fresh report.
    #[arg(long)]
    pub check: bool,
    /// Date to print in the header (omitted by default so the output is reproducible).
    #[arg(long)]
    pub date: Option<String>,
    /// Directory with exported GitHub state (environments.json, deployments.json, runs.json,
    /// workflows.json), e.g. from `driftlint state pull`; overrides `state:` in .driftlint.yml.
    #[arg(long, value_name = "DIR")]
    pub state: Option<PathBuf>,
    /// The repository's default branch (default: `default_branch` in .driftlint.yml, else
    /// main).
    #[arg(long)]
    pub default_branch: Option<String>,
    /// List on stderr every file read, and every file seen but skipped, with why.
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

/// Largest committed report `--check` reads to compare.
const MAX_REPORT_BYTES: u64 = 64 * 1024 * 1024;

/// A built report and the files it could not analyse (`path:line:col: why`).
pub struct Built {
    pub text: String,
    pub unanalysed: Vec<String>,
}

/// Build the report text for one repository, with the `.driftlint.yml` at its root (default
/// branch, aliases, claims, docs filters, state folder, rules turned off) as `check` uses it.
pub fn build(args: &ReportArgs) -> Result<Built, String> {
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let mut analysis = engine::run(&Request {
        paths: vec![path.clone()],
        state_dir: args.state.clone(),
        default_branch: args.default_branch.clone(),
        full: true,
        // The report is never read as one of the docs it reports on.
        not_docs: args.output.iter().cloned().collect(),
        ..Request::default()
    });
    engine::single(&analysis, &path)?;
    super::check::require_something(&analysis)?;
    for w in &analysis.warnings {
        eprintln!("warning: {w}");
    }
    let Some(r) = analysis.repos.first_mut() else {
        return Err(format!("{}: no repository found", path.display()));
    };
    if args.verbose {
        eprint!("{}", super::listing::files_of(&r.repo));
    }
    unknown_without_workflows(&r.repo, &mut r.claims);
    let r = &*r;
    let Some(routes) = &r.routes else {
        return Err("internal: the analysis has no route map".into());
    };
    let simulator = crate::routes::Simulator::new(&r.repo, &r.default_branch);
    let input = ReportInput {
        repo: &r.repo,
        findings: &r.findings,
        claims: &r.claims,
        routes,
        state: r.state.as_ref(),
        default_branch: &r.default_branch,
        aliases: &r.aliases,
        environments: &r.environments,
        date: args.date.as_deref(),
        tool_version: env!("CARGO_PKG_VERSION"),
        simulator: &simulator,
        job_table: Default::default(),
    };
    let unanalysed = r
        .repo
        .errors
        .iter()
        .map(|e| format!("{}:{}:{}: {}", e.file.path, e.line, e.column, e.message))
        .collect();
    Ok(Built {
        text: render(&input),
        unanalysed,
    })
}

/// A workflow that could not be parsed may be the one that does what a doc says: a claim the
/// other workflows contradict is unknown, not violated, while any workflow is unreadable.
fn unknown_without_workflows(repo: &crate::repo::Repo, claims: &mut [ClaimCheck]) {
    let broken: Vec<&crate::repo::LoadError> = repo
        .errors
        .iter()
        .filter(|e| e.file.rel.ends_with(".yml") || e.file.rel.ends_with(".yaml"))
        // A broken composite action's metadata is no workflow.
        .filter(|e| !matches!(e.file.file_name(), "action.yml" | "action.yaml"))
        .collect();
    if broken.is_empty() {
        return;
    }
    let names: Vec<&str> = broken.iter().map(|e| e.file.file_name()).collect();
    for c in claims.iter_mut().filter(|c| c.outcome == Outcome::Violated) {
        c.outcome = Outcome::Unknown;
        c.actual = format!(
            "unknown: {} could not be analysed (see Files Not Analysed); without it the other workflows say: {}",
            names.join(", "),
            c.actual
        );
        c.short = "a workflow could not be analysed".into();
        c.impact = "unknown until every workflow can be analysed".into();
        for e in &broken {
            c.related.push(crate::finding::Related {
                path: e.file.path.clone(),
                line: e.line,
                column: e.column,
                label: format!("not analysed: {}", e.message),
            });
        }
    }
}

/// First differing line and line counts, for `--check`.
fn diff_summary(old: &str, new: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
    let first = a
        .iter()
        .zip(&b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let changed = a.iter().zip(&b).filter(|(x, y)| x != y).count() + a.len().abs_diff(b.len());
    format!(
        "first difference at line {}: committed `{}`, fresh `{}` ({changed} lines differ; {} vs {} lines)",
        first + 1,
        a.get(first).unwrap_or(&"<end of file>"),
        b.get(first).unwrap_or(&"<end of file>"),
        a.len(),
        b.len()
    )
}

pub fn run(args: &ReportArgs) -> i32 {
    let Built { text, unanalysed } = match build(args) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    // The report names them too; a file that cannot be analysed is still an error.
    for u in &unanalysed {
        eprintln!("error: {u} (not analysed; the report says unknown for what depends on it)");
    }
    let code = finish(args, &text);
    if code == EXIT_OK && !unanalysed.is_empty() {
        EXIT_ERROR
    } else {
        code
    }
}

/// Check or write the report; the exit code.
fn finish(args: &ReportArgs, text: &str) -> i32 {
    if args.check {
        let Some(out) = &args.output else {
            eprintln!("error: --check needs the committed report's path (-o FILE)");
            return EXIT_ERROR;
        };
        // A FIFO or device is never opened: reading one could block or never end.
        if std::fs::metadata(out).is_ok_and(|m| !m.is_file()) {
            eprintln!(
                "error: {}: {}, not a regular file: cannot compare the report with it",
                out.display(),
                crate::source::describe_special(out)
            );
            return EXIT_ERROR;
        }
        return match crate::source::read_limited(out, MAX_REPORT_BYTES) {
            Ok(old) if old == text => EXIT_OK,
            Ok(old) => {
                eprintln!(
                    "{} is stale: {}\nrun `driftlint report -o {}` to refresh it",
                    out.display(),
                    diff_summary(&old, text),
                    out.display()
                );
                EXIT_FINDINGS
            }
            Err(e) => {
                eprintln!(
                    "{} cannot be read ({e}): run `driftlint report -o {}` to create it",
                    out.display(),
                    out.display()
                );
                EXIT_FINDINGS
            }
        };
    }
    match emit(text, args.output.as_deref()) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_ERROR
        }
    }
}
