//! `obfuscation`: workflow text written so that a reader (or a tool) sees something other than
//! what runs: `uses:` paths with empty, `.` or `..` segments, expressions that are constants
//! in disguise (`${{ format('{0}', 'x') }}`, `${{ true || false }}`), and `with:` given as one
//! expression, which hides the inputs an action gets.

use crate::source::HoldsTemplate as _;
use super::security::{self, parse_uses, raw_expressions_in, Confidence};
use super::{Ctx, Rule};
use crate::expr::{Expr, ExprKind, Function};
use crate::finding::{Finding, Severity};
use crate::source::SourceFile;
use crate::workflow::Spanned;
use crate::yaml::{Node, Value};

pub struct Obfuscation;

/// Why a `uses:` path is obfuscated, or None.
fn odd_path(uses: &str) -> Option<&'static str> {
    let u = parse_uses(uses)?;
    let name = uses.trim().split('@').next().unwrap_or("");
    if name.ends_with('/') || (!u.path.is_empty() && u.path.split('/').any(str::is_empty)) {
        return Some("an empty path segment (`//` or a trailing `/`)");
    }
    let segments = || u.path.split('/');
    if segments().any(|s| s == "..") {
        Some("a `..` segment")
    } else if segments().any(|s| s == ".") {
        Some("a `.` segment")
    } else {
        None
    }
}

/// Functions whose value follows from constant arguments. `fromJSON` is left out: a JSON
/// literal (`fromJSON('["a", "b"]')`) is the only way to write an array, not a disguise.
fn pure(f: Function) -> bool {
    matches!(
        f,
        Function::StartsWith
            | Function::EndsWith
            | Function::Contains
            | Function::Format
            | Function::Join
            | Function::ToJson
    )
}

fn constant(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Literal(_) => true,
        ExprKind::Not(a) => constant(a),
        ExprKind::Compare(_, a, b) | ExprKind::And(a, b) | ExprKind::Or(a, b) => {
            constant(a) && constant(b)
        }
        ExprKind::Call(f, args) => pure(*f) && args.iter().all(constant),
        _ => false,
    }
}

/// A constant operation (not a bare literal) somewhere inside a non-constant expression.
fn constant_part(e: &Expr) -> Option<&'static str> {
    let what = |e: &Expr| match &e.kind {
        ExprKind::Call(f, _) => Some(function_name(*f)),
        ExprKind::Compare(..) => Some("a comparison of literals"),
        ExprKind::And(..) | ExprKind::Or(..) | ExprKind::Not(_) => Some("a logic operation on literals"),
        _ => None,
    };
    if constant(e) {
        return what(e);
    }
    match &e.kind {
        ExprKind::Not(a) | ExprKind::Filter(a) | ExprKind::Property(a, _) => constant_part(a),
        ExprKind::Compare(_, a, b) | ExprKind::And(a, b) | ExprKind::Or(a, b) | ExprKind::Index(a, b) => {
            constant_part(a).or_else(|| constant_part(b))
        }
        ExprKind::Call(_, args) => args.iter().find_map(constant_part),
        _ => None,
    }
}

fn function_name(f: Function) -> &'static str {
    match f {
        Function::StartsWith => "a startsWith() of literals",
        Function::EndsWith => "an endsWith() of literals",
        Function::Contains => "a contains() of literals",
        Function::Format => "a format() of literals",
        Function::Join => "a join() of literals",
        _ => "a toJSON() of literals",
    }
}

fn expressions(cx: &Ctx, file: &SourceFile, node: &Node, out: &mut Vec<Finding>) {
    match &node.value {
        Value::Scalar { text, .. } if text.holds_template() => {
            for e in raw_expressions_in(file, node.span) {
                let parsed = crate::expr::parsed(e.inner);
                let Ok(expr) = &*parsed else { continue };
                let message = if constant(expr) {
                    format!("`${{{{ {} }}}}` is a constant written as an expression: it always gives the same value, so the expression only hides what the value is. Fix: write the value itself", e.inner)
                } else if let Some(part) = constant_part(expr) {
                    format!("`${{{{ {} }}}}` holds {part}, a constant written as a computation, which hides what the expression reads. Fix: write the constant's value in its place", e.inner)
                } else {
                    continue;
                };
                out.push(security::finding(cx, Obfuscation::ID, file, e.span(file), Severity::Note, Confidence::High, message));
            }
        }
        Value::Seq(items) => items.iter().for_each(|n| expressions(cx, file, n, out)),
        // A constant `if:` is the business of the condition rules (a deliberate `if: false`
        // is how jobs are switched off, not a disguise).
        Value::Map(entries) => entries
            .iter()
            .filter(|en| en.key.as_str() != Some("if"))
            .for_each(|en| expressions(cx, file, &en.value, out)),
        _ => {}
    }
}

fn check_uses(cx: &Ctx, file: &SourceFile, uses: &Spanned<String>, out: &mut Vec<Finding>) {
    if let Some(why) = odd_path(&uses.value) {
        let message = format!(
            "`{}` names the action through {why}: GitHub resolves it to another path than the one a reader (or a pinning or allow-list tool) sees. Fix: write the plain path, `owner/repo/path@ref`",
            uses.value
        );
        out.push(security::finding(cx, Obfuscation::ID, file, uses.span, Severity::Warning, Confidence::High, message));
    }
}

impl Rule for Obfuscation {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            for job in &wf.jobs {
                if let Some(uses) = &job.uses {
                    check_uses(cx, &wf.file, uses, out);
                }
                let raw_steps = security::raw_job(wf, job)
                    .and_then(|j| j.get("steps"))
                    .and_then(Node::as_seq)
                    .unwrap_or(&[]);
                for step in &job.steps {
                    if let Some(uses) = &step.uses {
                        check_uses(cx, &wf.file, uses, out);
                    }
                }
                for raw in raw_steps {
                    let Some(with) = raw.get("with") else { continue };
                    if with.as_str().is_some_and(|w| w.holds_template()) {
                        let message = "`with:` is a single expression, so which inputs the action gets (and whether one runs code or names a token) is known only at run time. Fix: list the inputs under `with:`, one expression per input";
                        out.push(security::finding(cx, Self::ID, &wf.file, with.span, Severity::Note, Confidence::High, message));
                    }
                }
            }
            if let Some(root) = &wf.doc.root {
                expressions(cx, &wf.file, root, out);
            }
        }
    }
}
