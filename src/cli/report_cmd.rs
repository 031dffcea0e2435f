//! `driftlint report`: the current-state markdown report, written atomically or checked for
//! staleness.

use std::path::{Path, PathBuf};

use super::{emit, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::checks::{self, Ctx};
use crate::config::{self, Config, ConfigError};
use crate::report::release_state::{render, ReportInput};
use crate::source::discover;
use crate::state::{load_declared, load_state, State};

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
}

/// State from `--state` plus environments declared as code (None when there is neither), and
/// a warning when the declarations could not be read. A state folder that cannot be read is
/// an error; unreadable declarations (the repository's own settings.yml or Terraform) are
/// left out with the warning, so one odd file does not stop the check.
pub fn load_repo_state(
    dir: Option<&Path>,
    repo_root: &Path,
) -> Result<(Option<State>, Option<String>), String> {
    let (declared, warning) = match load_declared(repo_root) {
        Ok(d) => (d, None),
        Err(e) => (
            Vec::new(),
            Some(format!("{e} (environments declared as code are ignored)")),
        ),
    };
    let state = match dir {
        Some(d) => {
            let mut s = load_state(d).map_err(|e| e.to_string())?;
            s.merge_declared(declared);
            Some(s)
        }
        None if declared.is_empty() => None,
        None => {
            let mut s = State::default();
            s.merge_declared(declared);
            Some(s)
        }
    };
    Ok((state, warning))
}

/// Build the report text for one repository, with the `.driftlint.yml` at its root (default
/// branch, aliases, claims, docs filters, state folder, rules turned off) as `check` uses it.
pub fn build(args: &ReportArgs) -> Result<String, String> {
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let found = discover(std::slice::from_ref(&path));
    if let Some((p, why)) = found.errors.first() {
        return Err(format!("{p}: {why}"));
    }
    let Some(files) = found.repos.first() else {
        return Err(format!("{}: no repository found", path.display()));
    };
    let cwd = Path::new(".");
    let config = Config::for_root(&files.root, cwd).map_err(config_error_text)?;
    let mut files = files.clone();
    config::apply_to_files(&config, &mut files);
    let repo = super::check::load_repo(&files, cwd, &config).map_err(config_error_text)?;
    let state_dir = args.state.as_deref().or(config.state.as_deref());
    let (state, warning) = load_repo_state(state_dir, &repo.root_path)?;
    if let Some(w) = warning {
        eprintln!("warning: {w}");
    }
    let mut cx = Ctx::new(&repo);
    cx.configure(&config);
    if let Some(branch) = &args.default_branch {
        cx.default_branch = branch.clone();
    }
    cx.state = state.as_ref();
    let findings = checks::run_configured(&cx, &config, &|_| true);
    let claims: Vec<_> = checks::evaluate_claims(&cx)
        .into_iter()
        .filter(|c| config.rule_enabled(c.rule))
        .collect();
    let input = ReportInput {
        repo: &repo,
        findings: &findings,
        claims: &claims,
        routes: cx.route_map(),
        state: cx.state,
        default_branch: &cx.default_branch,
        date: args.date.as_deref(),
        tool_version: env!("CARGO_PKG_VERSION"),
    };
    Ok(render(&input))
}

fn config_error_text(errors: Vec<ConfigError>) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
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
    let text = match build(args) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    if args.check {
        let Some(out) = &args.output else {
            eprintln!("error: --check needs the committed report's path (-o FILE)");
            return EXIT_ERROR;
        };
        return match std::fs::read_to_string(out) {
            Ok(old) if old == text => EXIT_OK,
            Ok(old) => {
                eprintln!(
                    "{} is stale: {}\nrun `driftlint report -o {}` to refresh it",
                    out.display(),
                    diff_summary(&old, &text),
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
    match emit(&text, args.output.as_deref()) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_ERROR
        }
    }
}
