//! `archived-uses`: an action (or reusable workflow) from an archived repository. The list is
//! data: rules/archived-actions.yml.

use std::sync::OnceLock;

use super::security::{self, parse_uses, Confidence};
use super::{Ctx, Rule};
use crate::finding::{Finding, Severity};
use crate::workflow::Spanned;

pub struct ArchivedUses;

const TABLE: &str = include_str!("../../rules/archived-actions.yml");

/// The archived `owner/repo` names, lower case.
fn archived() -> &'static Vec<String> {
    static LIST: OnceLock<Vec<String>> = OnceLock::new();
    LIST.get_or_init(|| {
        TABLE
            .lines()
            .filter_map(|l| l.trim().strip_prefix("- "))
            .map(|s| s.trim().to_ascii_lowercase())
            .collect()
    })
}

fn check(cx: &Ctx, file: &crate::source::SourceFile, uses: &Spanned<String>, out: &mut Vec<Finding>) {
    let Some(u) = parse_uses(&uses.value) else {
        return;
    };
    let slug = u.slug();
    if archived().contains(&slug) {
        out.push(security::finding(
            cx,
            ArchivedUses::ID,
            file,
            uses.span,
            Severity::Warning,
            Confidence::High,
            format!("{slug} is archived: it gets no fixes, security fixes included, and its dependencies age in place; a weakness found in it stays in every workflow that runs it. Fix: move to a maintained action or to a script (`gh release create`, `gh release upload`, rustup)"),
        ));
    }
}

impl Rule for ArchivedUses {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            for job in wf.jobs.iter().filter(|j| !security::never_runs(j)) {
                if let Some(u) = &job.uses {
                    check(cx, &wf.file, u, out);
                }
                for step in &job.steps {
                    if let Some(u) = &step.uses {
                        check(cx, &wf.file, u, out);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_table_loads() {
        let list = super::archived();
        assert!(list.contains(&"actions/create-release".to_string()));
        assert!(list.iter().all(|s| s.contains('/') && !s.contains(' ')));
    }
}
