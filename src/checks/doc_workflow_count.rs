//! `doc-workflow-count`: docs count the repository's workflows ("This directory contains 3
//! workflows", a heading "New layout (2 workflows)") and `.github/workflows` holds another
//! number of files GitHub runs.

use super::claims::{ClaimCheck, Outcome};
use super::{Ctx, Rule};
use crate::docs::ClaimKind;

pub struct DocWorkflowCount;

/// Files named in a finding; the rest are counted.
const NAMED: usize = 8;

impl Rule for DocWorkflowCount {
    fn claims(&self, cx: &Ctx, out: &mut Vec<ClaimCheck>) {
        let repo = cx.repo;
        if repo.workflows.is_empty() {
            return; // docs without workflows next to them: nothing to count against
        }
        let actual = repo.workflows.len();
        let mut names: Vec<&str> = repo.workflows.iter().map(|w| w.file.file_name()).collect();
        names.sort_unstable();
        // Workflow files GitHub lists but cannot read still count as files the doc may mean.
        let broken: Vec<&str> = repo
            .unreadable_workflows()
            .map(|e| e.file.file_name())
            .collect();
        for (doc, _, c) in repo.doc_claims() {
            let ClaimKind::WorkflowCount { count } = c.kind else {
                continue;
            };
            let check = ClaimCheck::new(
                Self::ID,
                doc,
                c.span,
                format!("{count} workflows"),
                &c.text,
            );
            if count == actual || (!broken.is_empty() && count == actual + broken.len()) {
                out.push(check.verdict(
                    Outcome::Holds,
                    format!(".github/workflows has {}", actual + broken.len()),
                    "",
                ));
                continue;
            }
            let mut listed: Vec<String> = names.iter().take(NAMED).map(|n| n.to_string()).collect();
            if names.len() > NAMED {
                listed.push(format!("{} more", names.len() - NAMED));
            }
            if !broken.is_empty() {
                listed.push(format!("and {} that cannot be read ({})", broken.len(), broken.join(", ")));
            }
            let inert = if repo.inert_workflows.len() + actual == count {
                format!(
                    " (with {}, which GitHub never runs, it would be {count})",
                    repo.inert_workflows.join(", ")
                )
            } else {
                String::new()
            };
            let mut check = check.verdict(
                Outcome::Violated,
                format!(
                    ".github/workflows has {actual} workflow{} GitHub runs: {}{inert}",
                    if actual == 1 { "" } else { "s" },
                    listed.join(", ")
                ),
                "readers look for the wrong set of workflows",
            );
            for w in repo.workflows.iter().take(NAMED) {
                check = check.related(&w.file, w.file.line_span(1), "workflow");
            }
            out.push(check);
        }
    }
}
