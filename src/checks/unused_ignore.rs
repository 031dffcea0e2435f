//! `unused-ignore`: an ignore comment entry that suppressed nothing. The finding is made after
//! suppression (see `checks::run_configured`); the rule's own check has nothing to look at.

use super::{Ctx, Rule};
use crate::finding::Finding;
use crate::suppress::{span_at, Unused};


pub struct UnusedIgnore;

impl Rule for UnusedIgnore {
    fn check(&self, _cx: &Ctx, _out: &mut Vec<Finding>) {}
}

/// One note per unused entry whose rule ran (`judged`).
pub fn findings(cx: &Ctx, unused: &[Unused], judged: &dyn Fn(&str) -> bool) -> Vec<Finding> {
    unused
        .iter()
        .filter(|u| judged(&u.rule.id))
        .map(|u| {
            let d = u.directive;
            let span = span_at(u.file, d.line, u.rule.column, u.rule.id.chars().count());
            let lines = if d.covers.0 == d.covers.1 {
                format!("line {}", d.covers.0)
            } else if d.covers.0 > d.covers.1 {
                "no line".to_string()
            } else {
                format!("lines {}-{}", d.covers.0, d.covers.1)
            };
            let msg = format!(
                "`ignore[{}]` suppresses nothing: no {} finding on {lines}",
                u.rule.id, u.rule.id
            );
            cx.finding(UnusedIgnore::ID, u.file, span, msg)
                .with_help("remove the entry, or move the comment to the line the finding is on")
        })
        .collect()
}
