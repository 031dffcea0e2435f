//! `invalid-ignore`: a `driftlint:` comment that cannot be used: no rule ids, a malformed list,
//! or an id no rule has.

use super::{meta, Ctx, Rule};
use crate::config::closest;
use crate::finding::Finding;
use crate::suppress::{self, span_at};

pub struct InvalidIgnore;

impl Rule for InvalidIgnore {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for fd in suppress::collect(cx.repo) {
            for d in &fd.directives {
                if let Some(problem) = &d.problem {
                    let span = span_at(fd.file, d.line, d.column, d.text.chars().count());
                    out.push(cx.finding(Self::ID, fd.file, span, problem.describe()));
                    continue;
                }
                for r in &d.rules {
                    if meta::get(&r.id).is_some() {
                        continue;
                    }
                    let hint = match closest(&r.id, meta::all().keys().map(String::as_str)) {
                        Some(c) => format!("; did you mean `{c}`?"),
                        None => "; `driftlint rules` lists the rule ids".to_string(),
                    };
                    let span = span_at(fd.file, d.line, r.column, r.id.chars().count());
                    let msg = format!("unknown rule `{}` in ignore comment{hint}", r.id);
                    out.push(cx.finding(Self::ID, fd.file, span, msg));
                }
            }
        }
    }
}
