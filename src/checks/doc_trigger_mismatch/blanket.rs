//! "All workflows support manual triggering": every workflow the repository runs by itself
//! (reusable workflows run through their callers, so they are left out) must have
//! `workflow_dispatch`.

use super::super::claims::{ClaimCheck, Outcome};
use super::super::common::reusable_only;
use crate::docs::{ClaimKind, DocModel};
use crate::repo::Repo;
use crate::source::SourceFile;
use crate::workflow::Workflow;

/// Named in the finding; the rest is counted.
const NAMED: usize = 6;

pub(super) fn blanket_claims(
    rule: &'static str,
    repo: &Repo,
    doc: &SourceFile,
    model: &DocModel,
    out: &mut Vec<ClaimCheck>,
) {
    for c in &model.claims {
        let ClaimKind::AllWorkflows { event } = &c.kind else {
            continue;
        };
        // Workflows whose `on:` was read; a file without one says nothing either way.
        let top: Vec<&Workflow> = repo
            .workflows
            .iter()
            .filter(|w| w.on_span.is_some() && !w.triggers.is_empty() && !reusable_only(w))
            .collect();
        if top.is_empty() {
            continue;
        }
        let lacking: Vec<&Workflow> = top
            .iter()
            .copied()
            .filter(|w| w.trigger(event).is_none())
            .collect();
        let check = ClaimCheck::new(
            rule,
            doc,
            c.span,
            format!("Every workflow has `{event}`"),
            &c.text,
        );
        if lacking.is_empty() {
            out.push(check.verdict(
                Outcome::Holds,
                format!("all {} workflows have `{event}`", top.len()),
                "",
            ));
            continue;
        }
        let mut names: Vec<String> = lacking
            .iter()
            .take(NAMED)
            .map(|w| w.file.file_name().to_string())
            .collect();
        if lacking.len() > NAMED {
            names.push(format!("{} more", lacking.len() - NAMED));
        }
        let mut check = check
            .short(format!(
                "{} of {} workflows have no `{event}`",
                lacking.len(),
                top.len()
            ))
            .verdict(
                Outcome::Violated,
                format!(
                    "{} of {} workflows have no `{event}` trigger: {}",
                    lacking.len(),
                    top.len(),
                    names.join(", ")
                ),
                "those workflows cannot be started by hand",
            );
        for w in lacking.iter().take(NAMED) {
            if let Some(on) = w.on_span {
                check = check.related(&w.file, on, format!("`on:` of {}", w.file.file_name()));
            }
        }
        out.push(check);
    }
}
