//! `credential-persistence`: `actions/checkout` without `persist-credentials: false` leaves
//! the job's token in `.git/config`, readable by every later step and by anything that
//! uploads the workspace.

use super::security::{self, step_uses, Confidence};
use super::{Ctx, Rule};
use crate::finding::{Finding, Severity};
use crate::workflow::Step;

pub struct CredentialPersistence;

const UPLOADS: &[&str] = &["actions/upload-artifact", "actions/upload-pages-artifact"];

/// Does the step upload the whole checkout (`.`, the workspace, `.git`)?
fn uploads_workspace(step: &Step) -> bool {
    let uses = security::step_action(step);
    if !UPLOADS.iter().any(|a| uses.as_ref().is_some_and(|u| u.is_action(a))) {
        return false;
    }
    let Some(path) = step.with_value("path") else {
        // upload-pages-artifact defaults to `_site/`; upload-artifact requires a path.
        return false;
    };
    path.value.lines().any(|l| {
        let l = l.trim().trim_matches(['"', '\'']);
        matches!(l, "." | "./" | "*" | "**" | "./*" | "${{ github.workspace }}")
            || l.starts_with(".git/")
            || l == ".git"
    })
}

impl Rule for CredentialPersistence {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            for job in wf.jobs.iter().filter(|j| !security::never_runs(j)) {
                for (i, step) in job.steps.iter().enumerate() {
                    if !step_uses(step, "actions/checkout") {
                        continue;
                    }
                    if step
                        .with_value("persist-credentials")
                        .is_some_and(|v| v.value.trim().eq_ignore_ascii_case("false"))
                    {
                        continue;
                    }
                    let Some(uses) = &step.uses else { continue };
                    let upload = job.steps[i + 1..].iter().find(|s| uploads_workspace(s));
                    let (severity, confidence, risk) = match upload.and_then(|s| s.uses.as_ref()) {
                        Some(u) => (
                            Severity::Warning,
                            Confidence::Medium,
                            format!(
                                "; the upload at line {} publishes the whole checkout, `.git/config` and the token with it",
                                u.span.start.line
                            ),
                        ),
                        None => (Severity::Note, Confidence::Low, String::new()),
                    };
                    let message = format!(
                        "actions/checkout keeps the job's GITHUB_TOKEN in `.git/config` for the rest of the job: every later step, third-party actions and build scripts included, can read it and push with it{risk}. Fix: `with: persist-credentials: false` (hand a token only to the step that pushes)"
                    );
                    out.push(security::finding(cx, Self::ID, &wf.file, uses.span, severity, confidence, message));
                }
            }
        }
    }
}
