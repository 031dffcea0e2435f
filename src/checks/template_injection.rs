//! `template-injection`: a `${{ }}` whose value someone outside the maintainers can choose,
//! expanded into a `run:` script or an `actions/github-script` script. GitHub pastes the
//! value into the code before the shell (or node) reads it, so quotes do not protect it.

use super::security::{self, expressions_in, taint, FoundExpr};
use super::{Ctx, Rule};
use crate::finding::Finding;
use crate::source::{SourceFile, Span};
use crate::finding::Confidence;
use crate::workflow::script::script_lines;
use crate::workflow::{local_action_dir, CompositeAction, InputKind, Job, Spanned, Step, Workflow};

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
fn worst(e: &FoundExpr, wf: &Workflow, job: Option<&Job>) -> Option<(taint::Taint, String)> {
    worst_where(e, wf, job, |_| true)
}

/// [`worst`] for an expression of a workflow of the repository: an input of a reusable
/// workflow that every caller in the repository fills with fixed values is no one's choice.
fn worst_in_workflow(cx: &Ctx, e: &FoundExpr, wf: &Workflow, job: &Job) -> Option<(taint::Taint, String)> {
    worst_where(e, wf, Some(job), |p| {
        let input = p.strip_prefix("inputs.").map(|n| n.split('.').next().unwrap_or(n));
        let payload = p.strip_prefix("github.event.inputs.").map(|n| n.split('.').next().unwrap_or(n));
        !input.is_some_and(|name| fixed_by_callers(cx, wf, name, 0))
            && !payload.is_some_and(|name| call_only(wf) && dispatch_text_reaches(cx, wf, name, 0) == Some(false))
    })
}

fn call_only(wf: &Workflow) -> bool {
    !wf.triggers.is_empty() && super::common::reusable_only(wf)
}

/// In a called workflow, `github.event.inputs.<name>` is the dispatch input of the run that
/// started the chain of calls. Some(true) when a workflow of the repository up the chain is
/// dispatched with `name` as free text; Some(false) when every caller is known (at least
/// one) and none is (their dispatch forms lack it or fix its values, or they are started by
/// other events: then it is empty); None when a caller is not known (another repository's).
fn dispatch_text_reaches(cx: &Ctx, wf: &Workflow, name: &str, depth: usize) -> Option<bool> {
    if depth > 6 {
        return None;
    }
    let mut callers = 0;
    let mut unknown = false;
    for (caller, _) in cx.repo.callers(wf) {
        callers += 1;
        let free_text = caller.triggers.iter().filter(|t| t.event == "workflow_dispatch").any(|t| {
            t.input(name).is_some_and(|i| {
                !matches!(i.kind, InputKind::Boolean | InputKind::Number | InputKind::Choice | InputKind::Environment)
            })
        });
        if free_text {
            return Some(true);
        }
        if caller.triggers.iter().any(|t| t.event == "workflow_call") {
            match dispatch_text_reaches(cx, caller, name, depth + 1) {
                Some(true) => return Some(true),
                Some(false) => {}
                None => unknown = true,
            }
        }
    }
    (callers > 0 && !unknown).then_some(false)
}

/// Words saying an input is a command or script to run, in its name or description.
fn says_command(text: &str) -> bool {
    const WORDS: &[&str] = &["command", "commands", "cmd", "cmds", "script", "scripts"];
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| WORDS.iter().any(|c| w.eq_ignore_ascii_case(c)))
}

/// The input a path reads (`inputs.X`, `github.event.inputs.X`) when the workflow declares
/// it as a command or script (its name or description says so).
fn command_input<'a>(wf: &'a Workflow, path: &str) -> Option<&'a str> {
    let name = path
        .strip_prefix("inputs.")
        .or_else(|| path.strip_prefix("github.event.inputs."))?;
    let name = name.split('.').next()?;
    let input = wf.triggers.iter().find_map(|t| t.input(name))?;
    (says_command(&input.name.value) || input.description.as_deref().is_some_and(says_command))
        .then_some(input.name.value.as_str())
}

/// Is the expression run as a command: at the start of a script line (the whole `run:`
/// included), or in a script that evaluates text (`eval`, `sh -c`, `bash -c`)?
fn run_as_command(file: &SourceFile, value: Span, e: &FoundExpr) -> bool {
    let lines = script_lines(file, value);
    let at_start = lines.iter().any(|l| {
        l.span.start.offset <= e.span.start.offset
            && e.span.start.offset < l.span.end.offset
            && file
                .text
                .get(l.span.start.offset..e.span.start.offset)
                .is_some_and(|before| before.trim().is_empty())
    });
    let evaluates = lines.iter().any(|l| {
        let words: Vec<&str> = l.text.split_whitespace().collect();
        words.contains(&"eval")
            || words.windows(2).any(|w| matches!(w[0], "sh" | "bash" | "zsh") && w[1] == "-c")
    });
    at_start || evaluates
}

fn worst_where(
    e: &FoundExpr,
    wf: &Workflow,
    job: Option<&Job>,
    keep: impl Fn(&str) -> bool,
) -> Option<(taint::Taint, String)> {
    let expr = crate::expr::parse(&e.inner).ok()?;
    crate::expr::value_paths(&expr)
        .into_iter()
        .filter(|p| keep(p))
        .filter_map(|p| Some((taint::classify_in(&p, wf, job)?, p)))
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

/// Is input `name` of `wf`, a reusable workflow (only `workflow_call`), filled with fixed
/// values by every job of the repository that calls it (at least one)? A value is fixed when
/// it is text, or expressions of values nobody outside chooses, where a caller's own inputs
/// are judged the same way up the chain (a few levels; a cycle counts as not fixed).
fn fixed_by_callers(cx: &Ctx, wf: &Workflow, name: &str, depth: usize) -> bool {
    let reusable = call_only(wf);
    if !reusable || depth > 6 {
        return false;
    }
    let default = wf.triggers.iter().find_map(|t| t.input(name)).and_then(|i| i.default.as_ref());
    let mut callers = 0;
    for (caller, job) in cx.repo.callers(wf) {
        callers += 1;
        let passed = job.with.iter().find(|(k, _)| k.value.eq_ignore_ascii_case(name));
        let (file, value) = match (passed, default) {
            (Some((_, v)), _) => (&caller.file, v),
            (None, Some(d)) => (&wf.file, d),
            // Not passed and no default: empty.
            (None, None) => continue,
        };
        let fixed = expressions_in(file, value.span).iter().all(|inner| {
            crate::expr::parse(&inner.inner).is_ok_and(|x| {
                crate::expr::value_paths(&x).iter().all(|p| match p.strip_prefix("inputs.") {
                    Some(n) if passed.is_some() => {
                        fixed_by_callers(cx, caller, n.split('.').next().unwrap_or(n), depth + 1)
                    }
                    _ => taint::classify_in(p, caller, Some(job)).is_none(),
                })
            })
        });
        if !fixed {
            return false;
        }
    }
    callers > 0
}

fn report(cx: &Ctx, wf: &Workflow, job: &Job, value: Span, sink: Sink, out: &mut Vec<Finding>) {
    let file = &wf.file;
    for e in expressions_in(file, value) {
        let Some((t, path)) = worst_in_workflow(cx, &e, wf, job) else {
            continue;
        };
        if let (Sink::Shell, Some(input)) = (sink, command_input(wf, &path)) {
            if run_as_command(file, value, &e) {
                let message = format!(
                    "`${{{{ {} }}}}` runs input `{input}` as a command, which its name or description says it is: whoever dispatches or calls the workflow chooses this code by design (dispatching takes write access), so it is an injection only if a caller forwards text from an event into it (low confidence, reported by the pedantic persona). Fix, if a caller may: offer a fixed set of commands through a `choice` input",
                    e.inner
                );
                out.push(security::finding(cx, TemplateInjection::ID, file, e.span, t.severity, Confidence::Low, message));
                continue;
            }
        }
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

/// The steps of the repository that use a composite action (by its folder), with their job
/// and workflow: whoever they let choose an input chooses it in the action.
pub(crate) fn callers<'a>(cx: &'a Ctx, action: &CompositeAction) -> Vec<(&'a Workflow, &'a Job, &'a Step)> {
    let mut out = Vec::new();
    for wf in &cx.repo.workflows {
        for job in wf.jobs.iter().filter(|j| !security::never_runs(j)) {
            for step in &job.steps {
                let dir = step.uses.as_ref().and_then(|u| local_action_dir(&u.value));
                if dir.as_deref() == Some(action.dir.as_str()) {
                    out.push((wf, job, step));
                }
            }
        }
    }
    out
}

/// A taint of an expression in a composite action, and the caller's value it came through.
pub(crate) struct ActionTaint {
    pub taint: taint::Taint,
    pub path: String,
    pub via: Option<(String, Span, String)>,
}

/// The worst taint of an expression in a composite action's step: `inputs.<x>` is what the
/// callers pass (judged in their workflow), other contexts are the calling workflow's.
pub(crate) fn worst_in_action(
    e: &FoundExpr,
    action: &CompositeAction,
    callers: &[(&Workflow, &Job, &Step)],
    none: &Workflow,
) -> Option<ActionTaint> {
    let expr = crate::expr::parse(&e.inner).ok()?;
    let mut best: Option<ActionTaint> = None;
    let mut consider = |c: ActionTaint| {
        let better = best.as_ref().is_none_or(|b| {
            (c.taint.severity, c.taint.confidence) > (b.taint.severity, b.taint.confidence)
        });
        if better {
            best = Some(c);
        }
    };
    for path in crate::expr::value_paths(&expr) {
        let segs: Vec<&str> = path.split('.').collect();
        if segs.first().is_some_and(|r| r.eq_ignore_ascii_case("inputs")) {
            let name = segs.get(1).copied().unwrap_or("");
            if callers.is_empty() {
                consider(ActionTaint {
                    taint: taint::Taint {
                        severity: crate::finding::Severity::Note,
                        confidence: security::Confidence::Low,
                        who: "whoever calls the action (no workflow here uses it)",
                    },
                    path: path.clone(),
                    via: None,
                });
                continue;
            }
            for (wf, job, step) in callers {
                let passed = step
                    .with
                    .iter()
                    .find(|(k, _)| k.value.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v);
                // Not passed: the input's default, read in the calling workflow's context.
                let value = passed.or_else(|| {
                    action
                        .inputs
                        .iter()
                        .find(|(n, _)| n.value.eq_ignore_ascii_case(name))
                        .and_then(|(_, d)| d.as_ref())
                });
                let Some(value) = value else { continue };
                let file = if passed.is_some() { &wf.file } else { &action.file };
                for inner in expressions_in(file, value.span) {
                    if let Some((t, p)) = worst(&inner, wf, Some(job)) {
                        let label = if passed.is_some() {
                            format!("{} passes `${{{{ {} }}}}` ({p})", wf.file.path, inner.inner)
                        } else {
                            format!("the input's default `${{{{ {} }}}}` ({p})", inner.inner)
                        };
                        consider(ActionTaint {
                            taint: t,
                            path: path.clone(),
                            via: Some((file.path.clone(), inner.span, label)),
                        });
                    }
                }
            }
            continue;
        }
        // An env variable every step of the action sets to fixed text (or to expressions of
        // fixed values only, like `hashFiles(...)`).
        if segs.len() == 2 && segs[0].eq_ignore_ascii_case("env") {
            let fixed = |v: &Spanned<String>| {
                expressions_in(&action.file, v.span).iter().all(|inner| {
                    crate::expr::parse(&inner.inner).is_ok_and(|x| {
                        crate::expr::value_paths(&x)
                            .iter()
                            .all(|p| !p.starts_with("inputs") && taint::classify(p, none).is_none())
                    })
                })
            };
            let defs: Vec<&Spanned<String>> = action
                .steps
                .iter()
                .flat_map(|s| &s.env)
                .filter(|(k, _)| k.value == segs[1])
                .map(|(_, v)| v)
                .collect();
            if !defs.is_empty() && defs.iter().all(|v| fixed(v)) {
                continue;
            }
        }
        let workflows: Vec<(&Workflow, Option<&Job>)> = if callers.is_empty() {
            vec![(none, None)]
        } else {
            callers.iter().map(|(w, j, _)| (*w, Some(*j))).collect()
        };
        for (wf, job) in workflows {
            if let Some(t) = taint::classify_in(&path, wf, job) {
                consider(ActionTaint {
                    taint: t,
                    path: path.clone(),
                    via: None,
                });
            }
        }
    }
    best
}

/// The finding with the caller's value it names as its related location.
pub(crate) fn with_via(cx: &Ctx, f: Finding, action: &CompositeAction, found: &ActionTaint) -> Finding {
    let Some((caller_path, span, label)) = &found.via else {
        return f;
    };
    if let Some(wf) = cx.repo.workflows.iter().find(|w| &w.file.path == caller_path) {
        f.with_related(&wf.file, *span, label.clone())
    } else if caller_path == &action.file.path {
        f.with_related(&action.file, *span, label.clone())
    } else {
        f
    }
}

fn report_action(
    cx: &Ctx,
    action: &CompositeAction,
    callers: &[(&Workflow, &Job, &Step)],
    none: &Workflow,
    value: Span,
    sink: Sink,
    out: &mut Vec<Finding>,
) {
    let file = &action.file;
    for e in expressions_in(file, value) {
        let Some(found) = worst_in_action(&e, action, callers, none) else {
            continue;
        };
        let (t, path) = (&found.taint, &found.path);
        let var = env_name(path);
        let into = match sink {
            Sink::Shell => "the shell script of this composite action".to_string(),
            Sink::Input(a, input) => format!("the `{input}` code of {a} in this composite action"),
        };
        let message = format!(
            "`${{{{ {} }}}}` is pasted into {into} before it runs; `{path}` is chosen by {}, who can then run commands with the calling job's token and secrets. Fix: pass it through `env:` of the step (`{var}: ${{{{ {} }}}}`) and use \"${var}\" in the script",
            e.inner, t.who, e.inner
        );
        let f = security::finding(cx, TemplateInjection::ID, file, e.span, t.severity, t.confidence, message);
        out.push(with_via(cx, f, action, &found));
    }
}

/// A workflow with no triggers and no jobs, to judge contexts of an action nobody here calls.
pub(crate) fn no_workflow() -> Option<Workflow> {
    Workflow::load(SourceFile::from_text("(caller)", "{}\n")).ok()
}

impl Rule for TemplateInjection {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        if let Some(none) = no_workflow().filter(|_| !cx.repo.actions.is_empty()) {
            for action in &cx.repo.actions {
                let callers = callers(cx, action);
                for step in &action.steps {
                    if let Some(run) = &step.run {
                        report_action(cx, action, &callers, &none, run.span, Sink::Shell, out);
                    }
                    let uses = security::step_action(step);
                    for (a, input) in CODE_INPUTS {
                        if !uses.as_ref().is_some_and(|u| u.is_action(a)) {
                            continue;
                        }
                        if let Some((_, v)) = step.with.iter().find(|(k, _)| k.value.eq_ignore_ascii_case(input)) {
                            report_action(cx, action, &callers, &none, v.span, Sink::Input(a, input), out);
                        }
                    }
                }
            }
        }
        for wf in &cx.repo.workflows {
            for job in wf.jobs.iter().filter(|j| !security::never_runs(j)) {
                for step in &job.steps {
                    if let Some(run) = &step.run {
                        report(cx, wf, job, run.span, Sink::Shell, out);
                    }
                    let uses = security::step_action(step);
                    for (action, input) in CODE_INPUTS {
                        if !uses.as_ref().is_some_and(|u| u.is_action(action)) {
                            continue;
                        }
                        if let Some((_, v)) = step.with.iter().find(|(k, _)| k.value.eq_ignore_ascii_case(input)) {
                            report(cx, wf, job, v.span, Sink::Input(action, input), out);
                        }
                    }
                }
            }
        }
    }
}
