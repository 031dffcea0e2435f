//! `unsound-condition`: an `if:` whose `${{ }}` is surrounded by other text (often the newline
//! a `|` block adds) is a non-empty string, and so always true.

use crate::source::HoldsTemplate as _;
use super::security::{self, Confidence};
use super::{Ctx, Rule};
use crate::expr::Condition;
use crate::finding::{Finding, Severity};
use crate::workflow::Spanned;

pub struct UnsoundCondition;

fn check(cx: &Ctx, file: &crate::source::SourceFile, cond: &Spanned<String>, out: &mut Vec<Finding>) {
    if !cond.value.holds_template() {
        return;
    }
    // A `|` block keeps its final newline: `${{ x }}\n` is a string, whatever the parser trims.
    let block = cond.value.ends_with('\n') && cond.value.trim().starts_with("${{");
    let template = matches!(crate::expr::parse_condition(&cond.value), Ok(Condition::Template(_)));
    if block || template {
        let why = if block {
            "the `|` block ends with a newline, so the value is the expression's text plus a newline"
        } else {
            "text outside `${{ }}` makes the whole value a string"
        };
        out.push(security::finding(
            cx,
            UnsoundCondition::ID,
            file,
            cond.span,
            Severity::Error,
            Confidence::High,
            format!("this `if:` is always true: {why}, and any non-empty string is true. A guard meant to keep the job or step from running (on forks, for outsiders) does nothing. Fix: put the whole condition inside one `${{{{ }}}}`, or drop `${{{{ }}}}`{}", if block { " and use `>-` or a single line" } else { "" }),
        ));
    }
}

impl Rule for UnsoundCondition {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            for c in wf.jobs.iter().flat_map(|j| j.conditions()) {
                check(cx, &wf.file, c, out);
            }
        }
    }
}
