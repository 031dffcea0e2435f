//! `excessive-permissions`: the GITHUB_TOKEN gets more than the jobs need: no `permissions:`
//! anywhere (the repository default, read/write in many repositories), `write-all`, or write
//! scopes granted at the workflow level to every job.

use super::security::{self, Confidence};
use super::{Ctx, Rule};
use crate::finding::{Finding, Severity};
use crate::workflow::Workflow;
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
                        let (severity, confidence, message) = if wf.jobs.len() > 1 {
                            (Severity::Warning, Confidence::High, format!("`{scope}: write` at the workflow level is granted to every job without its own `permissions:` ({jobs} of {}), also to those that do not need it: code run by any of their steps can use it. Fix: keep the workflow at `contents: read` (or `{{}}`) and grant `{scope}: write` on the job that needs it", wf.jobs.len()))
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
    let reusable = !wf.triggers.is_empty() && wf.triggers.iter().all(|t| t.event == "workflow_call");
    if !reusable {
        return false;
    }
    let mut callers = 0;
    for caller in &cx.repo.workflows {
        for job in &caller.jobs {
            let Some(uses) = &job.uses else { continue };
            let u = uses.value.trim();
            let Some(path) = u.strip_prefix("./").or_else(|| u.strip_prefix("$/")) else {
                continue;
            };
            if path != wf.file.rel {
                continue;
            }
            if job.permissions.is_none() && caller.permissions.is_none() {
                return false;
            }
            callers += 1;
        }
    }
    callers > 0
}

/// The findings of the jobs' own `permissions:`.
fn continue_to_jobs(cx: &Ctx, wf: &Workflow, out: &mut Vec<Finding>) {
    for job in &wf.jobs {
        if let Some(p) = &job.permissions {
            blanket(cx, wf, p, &format!("job `{}`", job.id.value), out);
        }
    }
}
