//! The rules. One file per rule, one trait, one registry.

mod disabled_trigger;
mod duplicate_key;
mod invalid_ignore;
mod manual_only;
pub mod meta;
mod syntax_error;
mod unused_ignore;

use crate::config::Config;
use crate::finding::{sort_findings, Finding, Severity};
use crate::repo::Repo;
use crate::source::{SourceFile, Span};
use crate::suppress;

/// What a rule sees.
pub struct Ctx<'a> {
    pub repo: &'a Repo,
    /// The repository's `.driftlint.yml` (the default config when there is none).
    pub config: &'a Config,
}

impl Ctx<'_> {
    /// A finding with the rule's default severity and help.
    pub fn finding(
        &self,
        rule: &str,
        file: &SourceFile,
        span: Span,
        message: impl Into<String>,
    ) -> Finding {
        let severity = meta::get(rule).map_or(Severity::Warning, |m| m.severity);
        Finding::new(rule, severity, file, span, message)
            .with_help(format!("`driftlint explain {rule}` shows examples"))
    }
}

pub trait Rule: Sync {
    fn id(&self) -> &'static str;
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>);
}

/// Every rule, in id order.
pub fn registry() -> Vec<&'static dyn Rule> {
    vec![
        &disabled_trigger::DisabledTrigger,
        &duplicate_key::DuplicateKey,
        &invalid_ignore::InvalidIgnore,
        &manual_only::ManualOnly,
        &syntax_error::SyntaxError,
        &unused_ignore::UnusedIgnore,
    ]
}

/// Run every enabled rule on a repository with the default config.
pub fn run(repo: &Repo, enabled: &dyn Fn(&str) -> bool) -> Vec<Finding> {
    run_configured(repo, &Config::default(), enabled)
}

/// Run the rules that `enabled` and the config leave on, drop findings that inline
/// `driftlint: ignore[...]` comments cover, apply the config's severities; findings sorted and
/// limited to reported files.
pub fn run_configured(
    repo: &Repo,
    config: &Config,
    enabled: &dyn Fn(&str) -> bool,
) -> Vec<Finding> {
    let cx = Ctx { repo, config };
    let is_on = |id: &str| enabled(id) && config.rule_enabled(id);
    let mut out = Vec::new();
    for rule in registry() {
        if is_on(rule.id()) {
            rule.check(&cx, &mut out);
        }
    }
    let directives = suppress::collect(repo);
    let applied = suppress::apply(out, &directives);
    let mut out = applied.kept;
    if is_on(unused_ignore::ID) {
        // Entries naming a rule that did not run (unknown, or turned off) cannot be judged.
        out.extend(unused_ignore::findings(&cx, &applied.unused, &|id| {
            meta::get(id).is_some() && is_on(id)
        }));
    }
    for f in &mut out {
        if let Some(severity) = config.severity_override(&f.rule) {
            f.severity = severity;
        }
    }
    out.retain(|f| repo.reports_on(&f.path));
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
        let files: Vec<&str> = meta::RULE_FILES.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, files);
    }
}
