//! `dead-job`: a job whose `if:` is false for every event its workflow can receive, or that
//! needs such a job (without a status function to run anyway).

use super::{Ctx, Rule};
use crate::expr::{eval_condition, parse_condition, Condition, Context, JobStatus, Tri, Value};
use crate::finding::Finding;
use crate::workflow::{Job, Workflow};

pub struct DeadJob;

/// Does the job's `if:` use a status function (then skipped needs do not skip it)?
fn runs_after_skipped_needs(job: &Job) -> bool {
    job.if_cond
        .as_ref()
        .is_some_and(|c| match parse_condition(&c.value) {
            Ok(Condition::Expr(e)) => crate::expr::uses_status_function(&e),
            _ => false,
        })
}

/// Is the job's `if:` a constant (no context, no status function, e.g. `if: false`)? Then
/// `invalid-expression` already reports it ("the condition is always false"): the job still
/// counts as dead for the jobs that need it, but is not reported twice.
fn constant_condition(job: &Job) -> bool {
    job.if_cond
        .as_ref()
        .is_some_and(|c| match parse_condition(&c.value) {
            Ok(Condition::Expr(e)) => {
                !crate::expr::uses_status_function(&e) && crate::expr::context_paths(&e).is_empty()
            }
            _ => false,
        })
}

/// For each job: the events (of the workflow's live triggers) for which its `if:` is not false.
fn dead_by_condition(wf: &Workflow, job: &Job) -> bool {
    let Some(cond) = &job.if_cond else {
        return false;
    };
    // A reusable workflow sees its caller's event_name: unknowable here.
    if wf.triggers.is_empty() || wf.trigger("workflow_call").is_some() {
        return false;
    }
    wf.triggers.iter().all(|t| {
        // Earlier jobs may fail or be cancelled: status functions stay unknown.
        let cx = Context::new()
            .with("github.event_name", Value::String(t.event.clone()))
            .with_status(JobStatus::Unknown);
        matches!(eval_condition(&cond.value, &cx), Ok(Tri::False))
    })
}

impl Rule for DeadJob {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            let events: Vec<&str> = wf.triggers.iter().map(|t| t.event.as_str()).collect();
            // Ids of jobs that never run.
            let mut dead: Vec<&str> = Vec::new();
            for job in &wf.jobs {
                if dead_by_condition(wf, job) {
                    let Some(cond) = &job.if_cond else { continue };
                    dead.push(&job.id.value);
                    if constant_condition(job) {
                        continue;
                    }
                    let one_line: Vec<&str> = cond.value.split_whitespace().collect();
                    let shown = super::claims::shorten(&one_line.join(" "), 120);
                    out.push(
                        cx.finding(
                            Self::ID,
                            &wf.file,
                            cond.span,
                            format!(
                                "job `{}` never runs: `if: {}` is false for every event {} can receive ({})",
                                job.id.value,
                                shown,
                                wf.display_name(),
                                events.join(", ")
                            ),
                        )
                        .with_help("make the condition reachable, add the event it waits for, or remove the job"),
                    );
                }
            }
            // Jobs that need a dead job are skipped too, unless a status function keeps them.
            let mut changed = true;
            while changed {
                changed = false;
                for job in &wf.jobs {
                    if dead.contains(&job.id.value.as_str()) || runs_after_skipped_needs(job) {
                        continue;
                    }
                    let Some(need) = job.needs.iter().find(|n| dead.contains(&n.value.as_str()))
                    else {
                        continue;
                    };
                    dead.push(&job.id.value);
                    changed = true;
                    out.push(
                        cx.finding(
                            Self::ID,
                            &wf.file,
                            need.span,
                            format!(
                                "job `{}` never runs: it needs `{}`, which never runs (a skipped need skips the job)",
                                job.id.value, need.value
                            ),
                        )
                        .with_help("fix the needed job, or add `if: always()`-style status checks on purpose"),
                    );
                }
            }
        }
    }
}
