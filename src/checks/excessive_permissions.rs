//! `excessive-permissions`: the GITHUB_TOKEN gets more than the jobs need: no `permissions:`
//! anywhere (the repository default, read/write in many repositories), `write-all`, or write
//! scopes granted at the workflow level to every job.

use super::security::{self, Confidence};
use super::{Ctx, Rule};
use crate::finding::{Finding, Severity};
use crate::workflow::{Job, Workflow};
use crate::yaml::Node;

pub struct ExcessivePermissions;

/// `write-all` / `read-all` on a permissions node.
fn blanket(cx: &Ctx, wf: &Workflow, node: &Node, level: &str, out: &mut Vec<Finding>) {
    match node.as_str().map(str::trim) {
        Some("write-all") => out.push(security::finding(
            cx,
            ExcessivePermissions::ID,
            &wf.file,
            node.span,
            Severity::Error,
            Confidence::High,
            format!("`permissions: write-all` at the {level} level gives the token write access to every scope: code run by any step (a compromised action, an injected command) can push code, publish packages and change releases. Fix: list only the scopes the jobs use (`contents: read`, then `write` on the job that needs it)"),
        )),
        Some("read-all") => out.push(security::finding(
            cx,
            ExcessivePermissions::ID,
            &wf.file,
            node.span,
            Severity::Note,
            Confidence::High,
            format!("`permissions: read-all` at the {level} level lets every step read every scope, private ones (security events, actions, packages) included. Fix: list the scopes used, e.g. `contents: read`"),
        )),
        _ => {}
    }
}

impl Rule for ExcessivePermissions {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            if !wf.is_workflow() {
                continue;
            }
            match &wf.permissions {
                Some(p) => {
                    // Job-level `permissions:` replace the workflow's: scopes granted at the
                    // workflow level reach only the jobs without their own.
                    let jobs = wf.jobs.iter().filter(|j| j.permissions.is_none()).count();
                    if jobs == 0 && !wf.jobs.is_empty() {
                        continue_to_jobs(cx, wf, out);
                        continue;
                    }
                    blanket(cx, wf, p, "workflow", out);
                    for e in p.as_map().unwrap_or(&[]) {
                        if e.value.as_str().map(str::trim) != Some("write") {
                            continue;
                        }
                        let scope = e.key.scalar_text().unwrap_or("");
                        // A job calling one of the repository's reusable workflows that
                        // declares its own permissions without this scope does not get it.
                        let holders = wf
                            .jobs
                            .iter()
                            .filter(|j| j.permissions.is_none() && !callee_drops(cx, j, scope))
                            .count();
                        if holders == 0 {
                            continue;
                        }
                        let dropped = jobs - holders;
                        let (severity, confidence, message) = if wf.jobs.len() > 1 && (holders > 1 || dropped == 0) {
                            let dropped = if dropped > 0 {
                                format!("; {dropped} more call workflows that declare their own permissions without it")
                            } else {
                                String::new()
                            };
                            (Severity::Warning, Confidence::High, format!("`{scope}: write` at the workflow level is granted to every job without its own `permissions:` ({holders} of {}{dropped}), also to those that do not need it: code run by any of their steps can use it. Fix: keep the workflow at `contents: read` (or `{{}}`) and grant `{scope}: write` on the job that needs it", wf.jobs.len()))
                        } else if dropped > 0 {
                            (Severity::Note, Confidence::Low, format!("`{scope}: write` at the workflow level reaches one job (the others have their own `permissions:` or call workflows that declare their own without it): that job may need it now, but every job added later gets it too. Fix: grant `{scope}: write` on the job instead"))
                        } else {
                            (Severity::Note, Confidence::Low, format!("`{scope}: write` at the workflow level: the only job that gets it may need it now, but every job added later gets it too. Fix: grant `{scope}: write` on the job instead"))
                        };
                        out.push(security::finding(cx, Self::ID, &wf.file, e.key.span, severity, confidence, message));
                    }
                }
                None if callers_set_permissions(cx, wf) => {}
                None => {
                    for job in &wf.jobs {
                        if job.permissions.is_some() {
                            continue;
                        }
                        out.push(security::finding(
                            cx,
                            Self::ID,
                            &wf.file,
                            job.id.span,
                            Severity::Note,
                            Confidence::Medium,
                            format!("job `{}` runs with the repository's default token permissions (read/write to contents, packages, pull requests and more unless the repository or organisation restricts them): code run by any of its steps gets them. Fix: declare `permissions:` on the workflow (e.g. `contents: read`) or on the job", job.id.value),
                        ));
                    }
                }
            }
            continue_to_jobs(cx, wf, out);
        }
    }
}

/// A reusable workflow (only `workflow_call`) gets its token from the calling job: when every
/// caller in this repository declares `permissions:` (on the job or its workflow) and there
/// is at least one, the repository's default does not apply.
fn callers_set_permissions(cx: &Ctx, wf: &Workflow) -> bool {
    let reusable = !wf.triggers.is_empty() && super::common::reusable_only(wf);
    if !reusable {
        return false;
    }
    let mut callers = 0;
    for (caller, job) in cx.repo.callers(wf) {
        if job.permissions.is_none() && caller.permissions.is_none() {
            return false;
        }
        callers += 1;
    }
    callers > 0
}

/// Does the job call a reusable workflow of this repository in which no job can hold
/// `scope: write`? A called workflow's own `permissions:` can only lower what the caller
/// grants, and its jobs without their own take the called workflow's.
fn callee_drops(cx: &Ctx, job: &Job, scope: &str) -> bool {
    let Some(callee) = cx.repo.called_workflow(job) else {
        return false;
    };
    !callee.jobs.is_empty()
        && callee.jobs.iter().all(|j| {
            security::job_permissions(callee, j).is_some_and(|p| !security::grants_write(p, scope))
        })
}

/// The findings of the jobs' own `permissions:`.
fn continue_to_jobs(cx: &Ctx, wf: &Workflow, out: &mut Vec<Finding>) {
    for job in &wf.jobs {
        if let Some(p) = &job.permissions {
            blanket(cx, wf, p, &format!("job `{}`", job.id.value), out);
        }
    }
}
