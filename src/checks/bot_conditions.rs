//! `bot-conditions`: an `if:` that trusts `github.actor` (or `triggering_actor`) to be a bot.
//! The actor is whoever caused the latest event: on a pull request updated by a bot (a
//! Dependabot rebase), an attacker's earlier commits pass the check too.

use super::security::{self, Confidence};
use super::{Ctx, Rule};
use crate::finding::{Finding, Severity};
use crate::expr::{CmpOp, Condition, Expr, ExprKind, Value};
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

fn is_actor(e: &Expr) -> bool {
    let paths = crate::expr::context_paths(e);
    matches!(&e.kind, ExprKind::Property(..))
        && paths.len() == 1
        && matches!(paths[0].to_ascii_lowercase().as_str(), "github.actor" | "github.triggering_actor")
}

fn bot_literal(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Literal(Value::String(s)) if s.to_ascii_lowercase().ends_with("[bot]"))
}

/// `github.actor == 'x[bot]'` (either order).
fn bot_equality(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Compare(CmpOp::Eq, a, b) => (is_actor(a) && bot_literal(b)) || (bot_literal(a) && is_actor(b)),
        _ => false,
    }
}

/// A test that lets every fork's run through: the head repository is not this one
/// (`github.event.workflow_run.head_repository.full_name != github.repository`, the same for
/// `pull_request.head.repo`), or `...head.repo.fork`.
fn admits_forks(e: &Expr) -> bool {
    let head = |x: &Expr| {
        crate::expr::context_paths(x).first().is_some_and(|p| {
            let p = p.to_ascii_lowercase();
            p.ends_with("head_repository.full_name") || p.ends_with("head.repo.full_name")
        }) && matches!(&x.kind, ExprKind::Property(..))
    };
    let this_repo = |x: &Expr| crate::expr::context_paths(x) == ["github.repository"] && matches!(&x.kind, ExprKind::Property(..));
    match &e.kind {
        ExprKind::Compare(CmpOp::Ne, a, b) => (head(a) && this_repo(b)) || (this_repo(a) && head(b)),
        ExprKind::Property(..) => crate::expr::context_paths(e)
            .first()
            .is_some_and(|p| p.to_ascii_lowercase().ends_with("head.repo.fork")),
        _ => false,
    }
}

fn alternatives<'a>(e: &'a Expr, out: &mut Vec<&'a Expr>) {
    match &e.kind {
        ExprKind::Or(a, b) => {
            alternatives(a, out);
            alternatives(b, out);
        }
        _ => out.push(e),
    }
}

/// Does the condition let something through for the actor being a bot? A bot test that is
/// one alternative of an `||` whose other alternative already admits every fork's run adds
/// only runs of this repository's own branches, which outsiders cannot push: no trust.
fn trusts_bot(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Or(..) => {
            let mut alts = Vec::new();
            alternatives(e, &mut alts);
            let forks = alts.iter().any(|a| admits_forks(a));
            alts.iter().any(|a| !(forks && bot_equality(a)) && trusts_bot(a))
        }
        ExprKind::And(a, b) => trusts_bot(a) || trusts_bot(b),
        ExprKind::Not(_) => false,
        _ => bot_equality(e) || e.children().into_iter().any(trusts_bot) || {
            // `contains(fromJSON('["a[bot]"]'), github.actor)` and other shapes: trust.
            matches!(&e.kind, ExprKind::Call(..))
                && crate::expr::context_paths(e).iter().any(|p| {
                    let p = p.to_ascii_lowercase();
                    p == "github.actor" || p == "github.triggering_actor"
                })
        },
    }
}

fn check(cx: &Ctx, wf: &crate::workflow::Workflow, cond: &Spanned<String>, out: &mut Vec<Finding>) {
    let lower = cond.value.to_ascii_lowercase();
    let actor = lower.contains("github.actor") || lower.contains("github.triggering_actor");
    if !actor || !lower.contains("[bot]") || only_excludes_bots(&lower) {
        return;
    }
    if let Ok(Condition::Expr(e)) = crate::expr::parse_condition(&cond.value) {
        if !trusts_bot(&e) {
            return;
        }
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
