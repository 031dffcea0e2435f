//! `disabled-trigger`: a trigger commented out under `on:`.

use super::{Ctx, Rule};
use crate::finding::Finding;

pub struct DisabledTrigger;

impl Rule for DisabledTrigger {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            for d in &wf.disabled_triggers {
                let what = if d.partial {
                    format!(
                        "filters of `{}` are commented out (lines {}-{}): {}",
                        d.event,
                        d.first_line,
                        d.last_line,
                        d.describe()
                    )
                } else {
                    format!(
                        "trigger `{}` is commented out (lines {}-{}): {} no longer starts {}",
                        d.event,
                        d.first_line,
                        d.last_line,
                        d.describe(),
                        wf.display_name()
                    )
                };
                let msg = match d.reason_text() {
                    Some(r) => format!("{what}; reason given: \"{r}\""),
                    None => what,
                };
                let mut f = cx.finding(Self::ID, &wf.file, d.span, msg).with_help(
                    "restore the trigger, or delete it and update the docs that rely on it",
                );
                if let Some(r) = d.reason.first() {
                    f = f.with_related(&wf.file, wf.file.line_span(r.line), "reason comment");
                }
                out.push(f);
            }
        }
    }
}
