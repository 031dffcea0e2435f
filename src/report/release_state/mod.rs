//! The current-state report (`driftlint report`): release workflows, documented vs actual
//! routes, discrepancies, risks and actions, all derived from the files (and, when given, an
//! exported GitHub state). Same input, byte-identical output.

mod assessment;
mod process;
mod routing;
mod workflows;

use crate::checks::{ClaimCheck, Outcome};
use crate::docs::EnvAliases;
use crate::facts::EnvironmentFacts;
use crate::finding::{Finding, Topic};
use crate::repo::Repo;
use crate::routes::{RouteMap, Simulator};
use crate::state::State;

/// Everything the report is built from.
pub struct ReportInput<'a> {
    pub repo: &'a Repo,
    pub findings: &'a [Finding],
    pub claims: &'a [ClaimCheck],
    pub routes: &'a RouteMap,
    pub state: Option<&'a State>,
    pub default_branch: &'a str,
    /// Environment aliases of the analysis (built-in plus the config's).
    pub aliases: &'a EnvAliases,
    /// Environments jobs target and automatic routes reach.
    pub environments: &'a EnvironmentFacts,
    /// Shown in the header when given; omitted by default so output is reproducible.
    pub date: Option<&'a str>,
    pub tool_version: &'a str,
    /// Simulations of `repo`, sharing parsed filters and conditions.
    pub simulator: &'a Simulator<'a>,
    /// Filled on first use by `workflows::job_certainties`.
    pub(crate) job_table: std::cell::OnceCell<JobTable>,
}

pub(crate) use crate::facts::features::JobTable;

impl ReportInput<'_> {
    pub fn violated(&self) -> impl Iterator<Item = &ClaimCheck> {
        self.claims
            .iter()
            .filter(|c| c.outcome == Outcome::Violated)
    }

    /// Claim verdicts about one topic.
    pub fn claims_of(&self, topic: Topic) -> impl Iterator<Item = &ClaimCheck> {
        self.claims.iter().filter(move |c| c.topic == topic)
    }

    /// Findings about one topic.
    pub fn findings_of(&self, topic: Topic) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.topic == topic)
    }
}

/// Render the whole report as markdown.
pub fn render(input: &ReportInput) -> String {
    let facts = assessment::Facts::gather(input);
    let mut out = String::new();
    out.push_str("# Release Management - Current State vs Documentation\n\n");
    let when = input.date.map(|d| format!(" on {d}")).unwrap_or_default();
    out.push_str(&format!(
        "{}{} from `{}`{when}. Every statement below names the file and line it comes from.*\n\n",
        crate::source::GENERATED_REPORT_MARK,
        input.tool_version,
        input.repo.root
    ));
    out.push_str(&assessment::executive_summary(input, &facts));
    out.push_str(&workflows::release_workflow_status(input));
    out.push_str(&routing::environment_routing(input));
    out.push_str(&assessment::capabilities(input, &facts));
    out.push_str(&process::release_process(input));
    out.push_str(&assessment::discrepancies(input));
    out.push_str(&workflows::other_workflows(input));
    out.push_str(&assessment::risks(input, &facts));
    out.push_str(&assessment::actions(input, &facts));
    out.push_str(&assessment::conclusion(input, &facts));
    // One trailing newline, no trailing spaces: stable for `--check` and diffs.
    let mut text: String = out
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n");
    while text.contains("\n\n\n") {
        text = text.replace("\n\n\n", "\n\n");
    }
    while text.ends_with('\n') {
        text.pop();
    }
    text.push('\n');
    text
}

/// File name of a repo-relative or displayed path.
pub(crate) fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `docs/RELEASING.md:7` with the path relative to the repository root when possible.
pub(crate) fn short_loc(repo: &Repo, path: &str, line: u32) -> String {
    let root = repo.root.trim_end_matches('/');
    let rel = if root == "." {
        path
    } else {
        path.strip_prefix(root)
            .map(|p| p.trim_start_matches('/'))
            .unwrap_or(path)
    };
    format!("{rel}:{line}")
}
