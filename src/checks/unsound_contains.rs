//! `unsound-contains`: `contains('main release', github.ref_name)` tests for a substring of
//! the literal, so a branch named `main rel` or `in` passes too.

use super::security::{self, Confidence};
use super::{Ctx, Rule};
use crate::expr::{Expr, ExprKind, Function, Value};
use crate::finding::{Finding, Severity};
use crate::workflow::Spanned;

pub struct UnsoundContains;

/// `contains('<literal>', <context path>)` calls in the expression: (literal, path).
fn unsound_calls(e: &Expr, out: &mut Vec<(String, String)>) {
    if let ExprKind::Call(Function::Contains, args) = &e.kind {
        if let [first, second] = args.as_slice() {
            if let (ExprKind::Literal(Value::String(lit)), false) = (&first.kind, matches!(second.kind, ExprKind::Literal(_))) {
                let paths = crate::expr::context_paths(second);
                if let Some(p) = paths.into_iter().next() {
                    out.push((lit.clone(), p));
                }
            }
        }
    }
    for c in e.children() {
        unsound_calls(c, out);
    }
}

fn check(cx: &Ctx, file: &crate::source::SourceFile, cond: &Spanned<String>, out: &mut Vec<Finding>) {
    let Ok(crate::expr::Condition::Expr(e)) = crate::expr::parse_condition(&cond.value) else {
        return;
    };
    let mut calls = Vec::new();
    unsound_calls(&e, &mut calls);
    for (lit, path) in calls {
        out.push(security::finding(
            cx,
            UnsoundContains::ID,
            file,
            cond.span,
            Severity::Warning,
            Confidence::High,
            format!("`contains('{lit}', {path})` is true for any substring of '{lit}', not only for its words: whoever chooses `{path}` (a branch name, a label) can pass the check with a part of it. Fix: compare against a list, `contains(fromJSON('[\"a\", \"b\"]'), {path})`, or use `==`"),
        ));
    }
}

impl Rule for UnsoundContains {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            for c in wf.jobs.iter().flat_map(|j| j.conditions()) {
                check(cx, &wf.file, c, out);
            }
        }
    }
}
