//! The rules. One file per rule, one trait, one registry.

mod disabled_trigger;
mod duplicate_key;
mod manual_only;
pub mod meta;
mod syntax_error;

use crate::finding::{sort_findings, Finding, Severity};
use crate::repo::Repo;
use crate::source::{SourceFile, Span};

/// What a rule sees.
pub struct Ctx<'a> {
    pub repo: &'a Repo,
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
        &manual_only::ManualOnly,
        &syntax_error::SyntaxError,
    ]
}

/// Run every enabled rule on a repository; findings sorted and limited to reported files.
pub fn run(repo: &Repo, enabled: &dyn Fn(&str) -> bool) -> Vec<Finding> {
    let cx = Ctx { repo };
    let mut out = Vec::new();
    for rule in registry() {
        if enabled(rule.id()) {
            rule.check(&cx, &mut out);
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
