//! `insecure-commands`: `ACTIONS_ALLOW_UNSECURE_COMMANDS` re-enables the deprecated
//! `::set-env` and `::add-path` workflow commands, which any printed line can issue.

use crate::source::HoldsTemplate as _;
use super::security::{self, truthy, Confidence};
use super::{Ctx, Rule};
use crate::finding::{Finding, Severity};
use crate::workflow::Spanned;

pub struct InsecureCommands;

type Env = [(Spanned<String>, Spanned<String>)];

fn check(cx: &Ctx, file: &crate::source::SourceFile, env: &Env, out: &mut Vec<Finding>) {
    for (k, v) in env {
        if k.value == "ACTIONS_ALLOW_UNSECURE_COMMANDS" && (truthy(&v.value) || v.value.holds_template()) {
            out.push(security::finding(
                cx,
                InsecureCommands::ID,
                file,
                k.span,
                Severity::Error,
                if v.value.holds_template() { Confidence::Medium } else { Confidence::High },
                "`ACTIONS_ALLOW_UNSECURE_COMMANDS` turns `::set-env` and `::add-path` back on: any text a step prints (a test name, a log line from a dependency, an issue title) can set environment variables such as LD_PRELOAD or NODE_OPTIONS, or prepend to PATH, for every later step. Fix: remove it and write to $GITHUB_ENV / $GITHUB_PATH instead",
            ));
        }
    }
}

impl Rule for InsecureCommands {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            check(cx, &wf.file, &wf.env, out);
            for job in &wf.jobs {
                check(cx, &wf.file, &job.env, out);
                for step in &job.steps {
                    check(cx, &wf.file, &step.env, out);
                }
            }
        }
    }
}
