//! `self-hosted-runner`: a job runs on a self-hosted runner in a workflow that people outside
//! the repository can start (pull requests from forks, comments, issues). A self-hosted machine
//! keeps state between jobs and sits in its owner's network: code from a fork's pull request
//! that runs there can persist, read other jobs' files and reach internal services.

use super::security::{self, raw_job, Confidence, PRIVILEGED_TRIGGERS};
use super::{Ctx, Rule};
use crate::finding::{Finding, Severity};
use crate::workflow::{Job, Workflow};
use crate::yaml::{Node, Value};

pub struct SelfHostedRunner;

/// Does any scalar under this node read `self-hosted`?
fn names_self_hosted(node: &Node) -> bool {
    match &node.value {
        Value::Scalar { text, .. } => text.trim().eq_ignore_ascii_case("self-hosted"),
        Value::Seq(items) => items.iter().any(names_self_hosted),
        Value::Map(entries) => entries.iter().any(|e| names_self_hosted(&e.value)),
        Value::Null => false,
    }
}

/// Why the job runs on a self-hosted runner, with the confidence; None when it does not
/// (as far as the file says).
fn self_hosted(wf: &Workflow, job: &Job) -> Option<(&'static str, Confidence)> {
    let raw = raw_job(wf, job)?;
    let runs_on = raw.get("runs-on")?;
    if names_self_hosted(runs_on) {
        return Some(("its `runs-on` has the `self-hosted` label", Confidence::High));
    }
    if runs_on.get("group").is_some() {
        return Some((
            "its `runs-on` names a runner group, which may hold self-hosted runners or GitHub's larger ones",
            Confidence::Low,
        ));
    }
    let matrix = raw.get("strategy").and_then(|s| s.get("matrix"));
    let via_matrix = runs_on.as_str().is_some_and(|s| s.contains("matrix."))
        && matrix.is_some_and(names_self_hosted);
    via_matrix.then_some((
        "its `runs-on` comes from a matrix that lists `self-hosted`",
        Confidence::Medium,
    ))
}

/// The workflow's first trigger that runs for people outside the repository.
fn public_trigger(wf: &Workflow) -> Option<&crate::workflow::Trigger> {
    wf.triggers
        .iter()
        .find(|t| t.event == "pull_request" || PRIVILEGED_TRIGGERS.contains(&t.event.as_str()))
}

impl Rule for SelfHostedRunner {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in cx.repo.workflows.iter().filter(|w| w.is_workflow()) {
            let Some(trigger) = public_trigger(wf) else {
                continue;
            };
            for job in &wf.jobs {
                let Some((why, confidence)) = self_hosted(wf, job) else {
                    continue;
                };
                let span = job.runs_on.as_ref().map_or(job.id.span, |r| r.span);
                let message = format!(
                    "job `{}` runs on a self-hosted runner ({why}) in a workflow that `{}` (line {}) starts for people outside the repository: in a public repository, a fork's pull request or an outsider's comment gets code onto that machine, which keeps files between jobs and sits in your network. Fix: run these events on GitHub-hosted runners, or use ephemeral, isolated self-hosted runners and require approval for all outside contributors' runs",
                    job.id.value,
                    trigger.event,
                    trigger.span.start.line
                );
                out.push(security::finding(cx, Self::ID, &wf.file, span, Severity::Warning, confidence, message));
            }
        }
    }
}
