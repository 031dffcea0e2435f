//! The rules. One file per rule, one trait, one registry.
//!
//! A rule is `src/checks/<id>.rs` (a `pub struct` named after the id in CamelCase implementing
//! [`Rule`]) plus `rules/<id>.yml`; build.rs finds both and generates the module declaration,
//! the struct's `ID` and the registry entry. Modules declared below are support code.

pub mod action_table;
pub mod claims;
pub mod common;
pub mod meta;
pub mod security;

use std::sync::OnceLock;

use crate::config::{Config, Persona, SecuritySettings};
use crate::docs::EnvAliases;
use crate::finding::{sort_findings, Finding, Severity, Topic};
use crate::repo::Repo;
use crate::routes::RouteMap;
use crate::source::{SourceFile, Span};
use crate::state::State;
use crate::suppress;
use crate::workflow::{Job, Workflow};

pub use claims::{ClaimCheck, Outcome};

include!(concat!(env!("OUT_DIR"), "/rule_registry.rs"));

/// A registered rule: its id, the text of `rules/<id>.yml` and its code.
pub struct RuleEntry {
    pub id: &'static str,
    pub metadata: &'static str,
    pub rule: &'static dyn Rule,
}

/// The rule's id, implemented for every rule by the generated registry (from its yml).
pub trait RuleId {
    fn id(&self) -> &'static str;
}

/// What a rule sees.
pub struct Ctx<'a> {
    pub repo: &'a Repo,
    /// Environment aliases (prod → production) for comparing docs with workflows.
    pub aliases: EnvAliases,
    /// Exported GitHub state, when the user gave one (`--state`).
    pub state: Option<&'a State>,
    pub default_branch: String,
    /// The opt-in `shellcheck` rule was turned on in `.driftlint.yml`.
    pub shellcheck: bool,
    /// `security:` of the config: pinning policy and persona.
    pub security: SecuritySettings,
    /// `runner-labels` of the config: the custom runner labels this repository has.
    pub runner_labels: Option<Vec<String>>,
    routes: OnceLock<RouteMap>,
    restored: OnceLock<Option<Repo>>,
}

impl<'a> Ctx<'a> {
    pub fn new(repo: &'a Repo) -> Self {
        let aliases = EnvAliases::default();
        Ctx {
            repo,
            aliases,
            state: None,
            default_branch: "main".to_string(),
            shellcheck: false,
            security: SecuritySettings::default(),
            runner_labels: None,
            routes: OnceLock::new(),
            restored: OnceLock::new(),
        }
    }

    /// Apply `.driftlint.yml`: its default branch and extra environment aliases.
    pub fn configure(&mut self, config: &Config) {
        self.default_branch = config.default_branch().to_string();
        self.shellcheck = config.rules.get("shellcheck").and_then(|r| r.enabled) == Some(true);
        self.security = config.security;
        self.runner_labels.clone_from(&config.runner_labels);
        config.apply_environments(&mut self.aliases);
    }

    /// Every route of the repository, computed once.
    pub fn route_map(&self) -> &RouteMap {
        self.routes
            .get_or_init(|| crate::routes::explore(self.repo, &self.default_branch))
    }

    /// The route map, computed now if no rule needed it, for whoever consumes the analysis.
    pub fn into_route_map(self) -> RouteMap {
        let (repo, branch) = (self.repo, self.default_branch);
        self.routes
            .into_inner()
            .unwrap_or_else(|| crate::routes::explore(repo, &branch))
    }

    /// The repository as it would be with commented-out triggers restored; None when no
    /// workflow has any.
    pub fn repo_with_restored_triggers(&self) -> Option<&Repo> {
        self.restored
            .get_or_init(|| {
                let any = self
                    .repo
                    .workflows
                    .iter()
                    .any(|w| !w.disabled_triggers.is_empty());
                any.then(|| crate::routes::restore_disabled_triggers(self.repo))
            })
            .as_ref()
    }

    /// Jobs that may deploy to an environment (canonical name; aliases resolved).
    pub fn jobs_targeting(&self, canonical: &str) -> Vec<(&'a Workflow, &'a Job)> {
        let mut out = Vec::new();
        for wf in &self.repo.workflows {
            for job in &wf.jobs {
                if common::job_environments(wf, job)
                    .iter()
                    .any(|e| self.aliases.canonical(e) == canonical)
                {
                    out.push((wf, job));
                }
            }
        }
        out
    }

    /// A finding with the rule's default severity and help.
    pub fn finding(
        &self,
        rule: &str,
        file: &SourceFile,
        span: Span,
        message: impl Into<String>,
    ) -> Finding {
        debug_assert!(meta::get(rule).is_some(), "unregistered rule id `{rule}`");
        let severity = meta::get(rule).map_or(Severity::Warning, |m| m.severity);
        Finding::new(rule, severity, file, span, message)
            .with_help(format!("`driftlint explain {rule}` shows examples"))
    }
}

pub trait Rule: RuleId + Sync {
    /// Findings. Claim rules need not implement it: violated claims become findings with the
    /// rule's default severity, one per doc line.
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        let mut claims = Vec::new();
        self.claims(cx, &mut claims);
        let severity = meta::get(self.id()).map_or(Severity::Warning, |m| m.severity);
        claim_findings(cx, &claims, &|_| severity, out);
    }

    /// Verdicts on documentation claims (kept when they hold, for the report).
    fn claims(&self, _cx: &Ctx, _out: &mut Vec<ClaimCheck>) {}
}

/// One finding per doc line with a violated claim (the first claim of that line), with the
/// severity `severity_of` gives it. A set of lines, so docs of thousands of claims stay linear.
pub(crate) fn claim_findings(
    cx: &Ctx,
    claims: &[ClaimCheck],
    severity_of: &dyn Fn(&ClaimCheck) -> Severity,
    out: &mut Vec<Finding>,
) {
    let mut seen_lines = std::collections::HashSet::new();
    for c in claims.iter().filter(|c| c.outcome == Outcome::Violated) {
        if seen_lines.contains(&(c.doc.as_str(), c.span.start.line)) {
            continue;
        }
        if let Some(doc) = common::doc_file(cx.repo, &c.doc) {
            seen_lines.insert((c.doc.as_str(), c.span.start.line));
            out.push(c.to_finding(doc, severity_of(c)));
        }
    }
}

/// Every claim verdict of every rule, sorted by doc and line.
pub fn evaluate_claims(cx: &Ctx) -> Vec<ClaimCheck> {
    let mut out = Vec::new();
    for rule in registry() {
        rule.claims(cx, &mut out);
    }
    out.sort_by(|a, b| (&a.doc, a.span, a.rule).cmp(&(&b.doc, b.span, b.rule)));
    out
}

/// Every rule, in id order.
pub fn registry() -> Vec<&'static dyn Rule> {
    RULES.iter().map(|e| e.rule).collect()
}

/// Run every enabled rule on a repository with the default config.
pub fn run(repo: &Repo, enabled: &dyn Fn(&str) -> bool) -> Vec<Finding> {
    run_with(&Ctx::new(repo), enabled)
}

/// Like [`run`], with a prepared context (state, default branch).
pub fn run_with(cx: &Ctx, enabled: &dyn Fn(&str) -> bool) -> Vec<Finding> {
    run_configured(cx, &Config::default(), enabled)
}

/// Run the rules that `enabled` and the config leave on, drop findings that inline
/// `driftlint: ignore[...]` comments cover, apply the config's severities; findings sorted and
/// limited to reported files.
pub fn run_configured(cx: &Ctx, config: &Config, enabled: &dyn Fn(&str) -> bool) -> Vec<Finding> {
    let repo = cx.repo;
    let is_on = |id: &str| enabled(id) && config.rule_enabled(id);
    let mut out = Vec::new();
    for rule in registry() {
        if is_on(rule.id()) {
            rule.check(cx, &mut out);
        }
    }
    let directives = suppress::collect(repo);
    let applied = suppress::apply(out, &directives);
    // Then zizmor's `# zizmor: ignore[audit]` comments, for the rules mapped to its audits.
    let (mut out, _) = suppress::zizmor::apply(applied.kept, repo);
    // After suppression, so an ignore comment for a finding this persona hides is not unused.
    if config.security.persona == Persona::Regular {
        out.retain(|f| f.confidence != Some(crate::finding::Confidence::Low));
    }
    if is_on(unused_ignore::UnusedIgnore::ID) {
        // Entries naming a rule that did not run (unknown, or turned off) cannot be judged.
        out.extend(unused_ignore::findings(cx, &applied.unused, &|id| {
            meta::get(id).is_some() && is_on(id)
        }));
    }
    for f in &mut out {
        if let Some(severity) = config.severity_override(&f.rule) {
            f.severity = severity;
        }
        f.topic = meta::get(&f.rule).map_or(Topic::None, |m| m.topic);
    }
    out.retain(|f| repo.reports(f));
    sort_findings(&mut out);
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_matches_rule_files() {
        let ids: Vec<&str> = registry().iter().map(|r| r.id()).collect();
        let entries: Vec<&str> = RULES.iter().map(|e| e.id).collect();
        assert_eq!(ids, entries);
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(ids, sorted, "registry is in id order, each id once");
    }
}
