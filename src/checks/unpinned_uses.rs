//! `unpinned-uses`: an action or reusable workflow referenced by a tag or branch (or by no
//! ref at all) instead of a full commit SHA. Tags and branches move; a SHA does not.

use super::security::{self, parse_uses, Confidence};
use super::{Ctx, Rule};
use crate::config::PinPolicy;
use crate::finding::{Finding, Severity};
use crate::workflow::Spanned;

pub struct UnpinnedUses;

fn check_uses(cx: &Ctx, file: &crate::source::SourceFile, uses: &Spanned<String>, out: &mut Vec<Finding>) {
    let Some(u) = parse_uses(&uses.value) else {
        return;
    };
    if u.is_pinned_to_sha() {
        return;
    }
    // GitHub's own actions: still mutable tags, but a smaller risk (its own policy).
    let pinning = cx.security.pinning;
    let policy = if u.is_first_party() { pinning.first_party } else { pinning.default };
    let slug = u.slug();
    let what = match u.git_ref {
        None | Some("") => format!(
            "`{}` names no ref at all, so it follows whatever the default branch of {slug} holds",
            uses.value
        ),
        // The policy accepts tags and branches for this owner (`security.pinning`).
        Some(_) if policy == PinPolicy::Ref => return,
        Some(r) => format!(
            "`{}` is pinned to `{r}`, a tag or branch that whoever controls {slug} (or a stolen maintainer token) can move to new code",
            uses.value
        ),
    };
    let message = format!(
        "{what}; that code would run in this job with its token and secrets. Fix: pin the full commit SHA and keep the version in a comment (`{}@<40-hex commit> # {}`)",
        u.action(),
        u.git_ref.filter(|r| !r.is_empty()).unwrap_or("vX")
    );
    out.push(security::finding(cx, UnpinnedUses::ID, file, uses.span, Severity::Warning, Confidence::High, message));
}

impl Rule for UnpinnedUses {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            for job in wf.jobs.iter().filter(|j| !security::never_runs(j)) {
                if let Some(uses) = &job.uses {
                    check_uses(cx, &wf.file, uses, out);
                }
                for step in &job.steps {
                    if let Some(uses) = &step.uses {
                        check_uses(cx, &wf.file, uses, out);
                    }
                }
            }
        }
        // A composite action's steps run in the calling job: the same holds for them.
        for action in &cx.repo.actions {
            for step in &action.steps {
                if let Some(uses) = &step.uses {
                    check_uses(cx, &action.file, uses, out);
                }
            }
        }
    }
}
