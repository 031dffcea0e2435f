//! `dangerous-trigger`: `pull_request_target`, `workflow_run` and `issue_comment` run in the
//! base repository with its secrets and a token that may write, on events outsiders cause.
//! Checking out the pull request's code there and running it is the classic "pwn request".

use super::security::{self, Confidence};
use super::{Ctx, Rule};
use crate::finding::{Finding, Severity};
use crate::workflow::{Job, Step, Workflow};

pub struct DangerousTrigger;

const TRIGGERS: &[&str] = &["pull_request_target", "workflow_run", "issue_comment"];

/// Refs that name code from the pull request (or the run that triggered this one).
const UNTRUSTED_REFS: &[&str] = &[
    "github.event.pull_request.head",
    "github.head_ref",
    "github.event.workflow_run.head",
    "refs/pull/",
    "github.event.issue.pull_request",
];

/// A checkout of the untrusted code, if any: (job, step).
fn untrusted_checkout(wf: &Workflow) -> Option<(&Job, &Step)> {
    wf.jobs.iter().find_map(|j| {
        j.steps
            .iter()
            .find(|s| {
                security::step_uses(s, "actions/checkout")
                    && s.with_value("ref").is_some_and(|r| {
                        UNTRUSTED_REFS.iter().any(|u| r.value.contains(u))
                    })
            })
            .map(|s| (j, s))
    })
}

impl Rule for DangerousTrigger {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            let checkout = untrusted_checkout(wf);
            for t in wf.triggers.iter().filter(|t| TRIGGERS.contains(&t.event.as_str())) {
                let who = match t.event.as_str() {
                    "issue_comment" => "anyone who can comment",
                    "workflow_run" => "whoever started the triggering run (a fork's pull request can)",
                    _ => "the author of any pull request, forks included",
                };
                let (severity, confidence, detail) = match checkout {
                    Some((job, step)) => (
                        Severity::Error,
                        Confidence::High,
                        format!(
                            "job `{}` checks out the untrusted code at line {}; any build script, test or config file in it runs with those privileges",
                            job.id.value,
                            step.uses.as_ref().map_or(step.span.start.line, |u| u.span.start.line)
                        ),
                    ),
                    None => (
                        Severity::Warning,
                        Confidence::Medium,
                        "no step checks out the untrusted code, but any expression or artifact from the event is attacker-controlled".to_string(),
                    ),
                };
                out.push(security::finding(
                    cx,
                    Self::ID,
                    &wf.file,
                    t.span,
                    severity,
                    confidence,
                    format!("`{}` runs with the base repository's secrets and a token that may write, on events {who} can cause: {detail}. Fix: use `pull_request` (or `issues`) where no secret is needed, keep `permissions:` minimal, and never run code from the event's ref here", t.event),
                ));
            }
        }
    }
}
