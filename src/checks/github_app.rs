//! `github-app`: `actions/create-github-app-token` minting tokens wider than the job needs:
//! every permission of the installation, every repository of the owner, or no revocation.

use crate::source::HoldsTemplate as _;
use super::security::{self, step_uses, truthy, Confidence};
use super::{Ctx, Rule};
use crate::finding::{Finding, Severity};

pub struct GithubApp;

impl Rule for GithubApp {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            for job in &wf.jobs {
                for step in &job.steps {
                    if !step_uses(step, "actions/create-github-app-token") {
                        continue;
                    }
                    let Some(uses) = &step.uses else { continue };
                    let mut push = |span, message: String| {
                        out.push(security::finding(cx, Self::ID, &wf.file, span, Severity::Warning, Confidence::High, message));
                    };
                    if !step.with.iter().any(|(k, _)| k.value.starts_with("permission-")) {
                        push(uses.span, "the app token gets every permission of the app's installation, not the few this job uses: any step that reads it can do all the app can. Fix: request only what is needed with `permission-<scope>:` inputs (e.g. `permission-contents: write`)".to_string());
                    }
                    if let Some((k, _)) = step.with.iter().find(|(k, _)| k.value == "owner") {
                        if step.with_value("repositories").is_none() {
                            push(k.span, "`owner:` without `repositories:` gives the token access to every repository of the owner that the app is installed on. Fix: list the repositories under `repositories:`".to_string());
                        }
                    }
                    if let Some((k, v)) = step.with.iter().find(|(k, _)| k.value == "skip-token-revoke") {
                        if truthy(&v.value) || v.value.holds_template() {
                            push(k.span, "`skip-token-revoke` keeps the token valid after the job (up to an hour): a leaked copy stays usable. Fix: remove it so the token is revoked when the job ends".to_string());
                        }
                    }
                }
            }
        }
    }
}
