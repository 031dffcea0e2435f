//! `bot-conditions`: an `if:` that trusts `github.actor` (or `triggering_actor`) to be a bot.
//! The actor is whoever caused the latest event: on a pull request updated by a bot (a
//! Dependabot rebase), an attacker's earlier commits pass the check too.

use super::security::{self, Confidence};
use super::{Ctx, Rule};
use crate::finding::{Finding, Severity};
use crate::workflow::Spanned;

pub struct BotConditions;

fn check(cx: &Ctx, wf: &crate::workflow::Workflow, cond: &Spanned<String>, out: &mut Vec<Finding>) {
    let lower = cond.value.to_ascii_lowercase();
    let actor = lower.contains("github.actor") || lower.contains("github.triggering_actor");
    if !actor || !lower.contains("[bot]") {
        return;
    }
    let privileged = security::privileged_trigger(wf).is_some() || wf.trigger("pull_request").is_some();
    let confidence = if privileged { Confidence::High } else { Confidence::Medium };
    out.push(security::finding(
        cx,
        BotConditions::ID,
        &wf.file,
        cond.span,
        Severity::Warning,
        confidence,
        "the condition trusts `github.actor` to be a bot, but the actor is only whoever caused the latest event: when a bot updates an attacker's pull request (a rebase, a comment), the attacker's code passes the check. Fix: test the pull request's author (`github.event.pull_request.user.login`) and keep privileged steps out of pull request workflows",
    ));
}

impl Rule for BotConditions {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            for c in wf.jobs.iter().flat_map(|j| j.conditions()) {
                check(cx, wf, c, out);
            }
        }
    }
}
