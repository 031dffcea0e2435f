//! `bot-conditions`: an `if:` that trusts `github.actor` (or `triggering_actor`) to be a bot.
//! The actor is whoever caused the latest event: on a pull request updated by a bot (a
//! Dependabot rebase), an attacker's earlier commits pass the check too.

use super::security::{self, Confidence};
use super::{Ctx, Rule};
use crate::finding::{Finding, Severity};
use crate::workflow::Spanned;
use regex::Regex;
use std::sync::OnceLock;

pub struct BotConditions;

/// Every comparison of the actor with a bot name is `!=`: the condition leaves bots out
/// (skips a step for Dependabot) and trusts nobody for being one.
fn only_excludes_bots(lower: &str) -> bool {
    static CMP: OnceLock<Regex> = OnceLock::new();
    let re = CMP.get_or_init(|| {
        crate::ascii_regex::constant(r#"github\.(?:triggering_)?actor\s*(==|!=)\s*['"][^'"]*\[bot\]['"]|['"][^'"]*\[bot\]['"]\s*(==|!=)\s*github\.(?:triggering_)?actor"#)
    });
    let mut any = false;
    for c in re.captures_iter(lower) {
        any = true;
        let op = c.get(1).or_else(|| c.get(2)).map_or("", |m| m.as_str());
        if op != "!=" {
            return false;
        }
    }
    // A bot name the actor is not compared with by `==`/`!=` (`contains(...)`) is trust.
    any && lower.matches("[bot]").count() == re.find_iter(lower).count()
}

fn check(cx: &Ctx, wf: &crate::workflow::Workflow, cond: &Spanned<String>, out: &mut Vec<Finding>) {
    let lower = cond.value.to_ascii_lowercase();
    let actor = lower.contains("github.actor") || lower.contains("github.triggering_actor");
    if !actor || !lower.contains("[bot]") || only_excludes_bots(&lower) {
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
