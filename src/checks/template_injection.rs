//! `template-injection`: a `${{ }}` whose value someone outside the maintainers can choose,
//! expanded into a `run:` script or an `actions/github-script` script. GitHub pastes the
//! value into the code before the shell (or node) reads it, so quotes do not protect it.

use super::security::{self, expressions_in, taint, FoundExpr};
use super::{Ctx, Rule};
use crate::finding::Finding;
use crate::source::{SourceFile, Span};
use crate::workflow::Workflow;

pub struct TemplateInjection;

/// Inputs of actions that run their value as code (`owner/repo`, input).
const CODE_INPUTS: &[(&str, &str)] = &[
    ("actions/github-script", "script"),
    ("amadevus/pwsh-script", "script"),
    ("mikefarah/yq", "cmd"),
    ("addnab/docker-run-action", "run"),
    ("addnab/docker-run-action", "options"),
    ("appleboy/ssh-action", "script"),
    ("azure/cli", "inlinescript"),
    ("azure/powershell", "inlinescript"),
    ("jannekem/run-python-script-action", "script"),
    ("tibdex/backport", "title_template"),
    ("tibdex/backport", "body_template"),
];

/// Where the expression is expanded.
#[derive(Clone, Copy)]
enum Sink<'a> {
    Shell,
    Input(&'a str, &'a str),
}

/// The worst taint among the paths an expression reads.
fn worst(e: &FoundExpr, wf: &Workflow) -> Option<(taint::Taint, String)> {
    let expr = crate::expr::parse(&e.inner).ok()?;
    crate::expr::context_paths(&expr)
        .into_iter()
        .filter_map(|p| Some((taint::classify(&p, wf)?, p)))
        .max_by(|(a, pa), (b, pb)| {
            (a.severity, a.confidence)
                .cmp(&(b.severity, b.confidence))
                .then_with(|| pb.cmp(pa))
        })
}

/// A name for the env variable in the fix: the path's last word, upper-cased.
fn env_name(path: &str) -> String {
    let last = path
        .rsplit('.')
        .find(|s| *s != "*" && !s.is_empty())
        .unwrap_or("VALUE");
    let name: String = last
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V_{name}")
    } else {
        name
    }
}

fn report(cx: &Ctx, wf: &Workflow, file: &SourceFile, value: Span, sink: Sink, out: &mut Vec<Finding>) {
    for e in expressions_in(file, value) {
        let Some((t, path)) = worst(&e, wf) else {
            continue;
        };
        let var = env_name(&path);
        let (into, fix) = match sink {
            Sink::Shell => (
                "the shell script",
                format!("pass it through `env:` (`{var}: ${{{{ {} }}}}`) and use \"${var}\" in the script", e.inner),
            ),
            Sink::Input(action, input) => (
                &*format!("the `{input}` code of {action}"),
                format!("pass it through `env:` (`{var}: ${{{{ {} }}}}`) and read the variable from the environment in the code", e.inner),
            ),
        };
        let message = format!(
            "`${{{{ {} }}}}` is pasted into {into} before it runs; `{path}` is chosen by {}, who can then run commands with this job's token and secrets. Fix: {fix}",
            e.inner, t.who
        );
        out.push(security::finding(cx, TemplateInjection::ID, file, e.span, t.severity, t.confidence, message));
    }
}

impl Rule for TemplateInjection {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            for job in &wf.jobs {
                for step in &job.steps {
                    if let Some(run) = &step.run {
                        report(cx, wf, &wf.file, run.span, Sink::Shell, out);
                    }
                    for (action, input) in CODE_INPUTS {
                        if !security::step_uses(step, action) {
                            continue;
                        }
                        if let Some((_, v)) = step.with.iter().find(|(k, _)| k.value.eq_ignore_ascii_case(input)) {
                            report(cx, wf, &wf.file, v.span, Sink::Input(action, input), out);
                        }
                    }
                }
            }
        }
    }
}
