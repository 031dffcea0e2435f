//! `dangerous-trigger`: `pull_request_target`, `workflow_run` and `issue_comment` run in the
//! base repository with its secrets and a token that may write, on events outsiders cause.
//! Checking out the pull request's code there and running it is the classic "pwn request".

use super::security::{self, Confidence};
use super::{Ctx, Rule};
use crate::finding::{Finding, Severity};
use crate::workflow::script::{script_lines, ScriptLine};
use crate::workflow::{Job, Step, Workflow};

pub struct DangerousTrigger;

const TRIGGERS: &[&str] = &["pull_request_target", "workflow_run", "issue_comment"];

/// Refs that name code from the pull request (or the run that triggered this one).
const UNTRUSTED_REFS: &[&str] = &[
    "github.event.pull_request.head",
    "github.head_ref",
    "github.event.workflow_run.head",
    "refs/pull/",
    "github.event.issue.pull_request",
];

fn untrusted(text: &str) -> bool {
    UNTRUSTED_REFS.iter().any(|u| text.contains(u))
}

fn is_checkout(step: &Step) -> bool {
    security::step_uses(step, "actions/checkout")
}

/// How the untrusted code reaches a checkout.
enum Route<'a> {
    /// `ref:` names the event's head itself.
    Direct { job: &'a Job, step: &'a Step },
    /// `ref: ${{ env.NAME }}`, where NAME holds the head: set in an `env:` map, or written to
    /// `$GITHUB_ENV` by an earlier step of the job (at `line`).
    Env { job: &'a Job, step: &'a Step, name: String, line: u32 },
    /// The job passes the head to a reusable workflow of this repository as input `input`,
    /// and that workflow checks out `inputs.<input>` (at `line` of `callee`).
    Call { job: &'a Job, input: String, callee: &'a Workflow, line: u32 },
    /// The job passes the head to a reusable workflow whose steps are not in the files: what
    /// happens with it is unknown.
    Passed { job: &'a Job, input: String, line: u32 },
}

fn uses_line(step: &Step) -> u32 {
    step.uses.as_ref().map_or(step.span.start.line, |u| u.span.start.line)
}

/// The names a script writes to `$GITHUB_ENV` with the head in the value, directly
/// (`echo "REF=${{ github.event.pull_request.head.sha }}" >> $GITHUB_ENV`) or through a shell
/// variable set from it earlier in the script (`ref=${{ inputs.ref }}` ... `echo "REF=${ref}"`).
/// Each name comes with the line of its write.
fn env_writes(lines: &[ScriptLine], is_head: &dyn Fn(&str) -> bool) -> Vec<(String, u32)> {
    let mut vars: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for line in lines {
        let l = line.text.as_str();
        let tainted = is_head(l)
            || vars
                .iter()
                .any(|v| l.contains(&format!("${v}")) || l.contains(&format!("${{{v}}}")));
        let Some((before, _)) = l.split_once('=').filter(|_| tainted) else {
            continue;
        };
        let Some(name) = before
            .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .next()
            .filter(|n| !n.is_empty() && !n.starts_with(|c: char| c.is_ascii_digit()))
        else {
            continue;
        };
        if l.contains("GITHUB_ENV") {
            out.push((name.to_string(), line.span.start.line));
        } else {
            vars.push(name.to_string());
        }
    }
    out
}

/// Does a `ref:` value read `env.NAME`?
fn reads_env(value: &str, name: &str) -> bool {
    let needle = format!("env.{name}");
    value.match_indices(&needle).any(|(i, _)| {
        let after = value[i + needle.len()..].chars().next();
        !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            && !value[..i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.')
    })
}

/// A checkout of the head in one job: the step, and the `env` name and the line setting it
/// when `ref:` reads it from the environment.
type Checkout<'a> = (&'a Step, Option<(String, u32)>);

fn checkout_in_job<'a>(wf: &'a Workflow, job: &'a Job, is_head: &dyn Fn(&str) -> bool) -> Option<Checkout<'a>> {
    if let Some(step) = job
        .steps
        .iter()
        .find(|s| is_checkout(s) && s.with_value("ref").is_some_and(|r| is_head(&r.value)))
    {
        return Some((step, None));
    }
    // Names holding the head: `env:` of the workflow and the job (line of the entry), then
    // `$GITHUB_ENV` writes of the steps, each seen by the steps after it.
    let mut held: Vec<(String, u32)> = wf
        .env
        .iter()
        .chain(&job.env)
        .filter(|(_, v)| is_head(&v.value))
        .map(|(k, _)| (k.value.clone(), k.span.start.line))
        .collect();
    for step in &job.steps {
        let own = step
            .env
            .iter()
            .filter(|(_, v)| is_head(&v.value))
            .map(|(k, _)| (k.value.clone(), k.span.start.line));
        let visible: Vec<(String, u32)> = held.iter().cloned().chain(own).collect();
        if is_checkout(step) {
            if let Some(r) = step.with_value("ref") {
                if let Some(found) = visible.iter().find(|(n, _)| reads_env(&r.value, n)) {
                    return Some((step, Some(found.clone())));
                }
            }
        }
        if let Some(run) = &step.run {
            held.extend(env_writes(&script_lines(&wf.file, run.span), is_head));
        }
    }
    None
}

/// The route of the untrusted code into a checkout in one job, if any.
fn route_in_job<'a>(cx: &'a Ctx, wf: &'a Workflow, job: &'a Job) -> Option<Route<'a>> {
    if let Some((step, via)) = checkout_in_job(wf, job, &untrusted) {
        return Some(match via {
            None => Route::Direct { job, step },
            Some((name, line)) => Route::Env { job, step, name, line },
        });
    }
    let (key, value) = job.with.iter().find(|(_, v)| untrusted(&v.value))?;
    let input = key.value.clone();
    let read = format!("inputs.{input}");
    let is_input = |t: &str| t.contains(&read);
    // A called workflow of this repository is read: it checks the input out or it does not.
    let Some(callee) = cx.repo.called_workflow(job) else {
        return Some(Route::Passed { job, input, line: value.span.start.line });
    };
    let line = callee
        .jobs
        .iter()
        .find_map(|j| checkout_in_job(callee, j, &is_input))
        .map(|(s, _)| uses_line(s))?;
    Some(Route::Call { job, input, callee, line })
}

/// The first route of the untrusted code into a checkout, preferring the ones known to
/// check it out over a head only passed on.
fn untrusted_checkout<'a>(cx: &'a Ctx, wf: &'a Workflow) -> Option<Route<'a>> {
    let routes: Vec<Route> = wf.jobs.iter().filter_map(|j| route_in_job(cx, wf, j)).collect();
    let known = routes.iter().position(|r| !matches!(r, Route::Passed { .. }));
    let at = known.unwrap_or(0);
    routes.into_iter().nth(at)
}

impl Rule for DangerousTrigger {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            let dangerous = || wf.triggers.iter().filter(|t| TRIGGERS.contains(&t.event.as_str()));
            // Only a workflow with such a trigger is read for a checkout of the event's head
            // (every step's script, for `$GITHUB_ENV` writes).
            if dangerous().next().is_none() {
                continue;
            }
            let checkout = untrusted_checkout(cx, wf);
            for t in dangerous() {
                let who = match t.event.as_str() {
                    "issue_comment" => "anyone who can comment",
                    "workflow_run" => "whoever started the triggering run (a fork's pull request can)",
                    _ => "the author of any pull request (forks included)",
                };
                let checks_out = |job: &Job, how: String| {
                    format!("job `{}` checks out the untrusted code {how}; any build script, test or config file in it runs with those privileges", job.id.value)
                };
                let (severity, confidence, detail) = match &checkout {
                    Some(Route::Direct { job, step }) => (
                        Severity::Error,
                        Confidence::High,
                        checks_out(job, format!("at line {}", uses_line(step))),
                    ),
                    Some(Route::Env { job, step, name, line }) => (
                        Severity::Error,
                        Confidence::High,
                        checks_out(job, format!("at line {}, with `ref:` from `env.{name}`, which line {line} sets to the event's head", uses_line(step))),
                    ),
                    Some(Route::Call { job, input, callee, line }) => (
                        Severity::Error,
                        Confidence::High,
                        checks_out(job, format!("through input `{input}` of `{}`, which checks it out at line {line}", callee.file.rel)),
                    ),
                    Some(Route::Passed { job, input, line }) => (
                        Severity::Warning,
                        Confidence::Medium,
                        format!("job `{}` passes the event's head as input `{input}` (line {line}) to a reusable workflow whose steps are not in these files; if it checks that code out and runs it, it does so with those privileges", job.id.value),
                    ),
                    None => (
                        Severity::Warning,
                        Confidence::Medium,
                        "no step checks out the untrusted code, but any expression or artifact from the event is attacker-controlled".to_string(),
                    ),
                };
                out.push(security::finding(
                    cx,
                    Self::ID,
                    &wf.file,
                    t.span,
                    severity,
                    confidence,
                    format!("`{}` runs with the base repository's secrets and a token that may write, on events {who} can cause: {detail}. Fix: use `pull_request` (or `issues`) where no secret is needed, keep `permissions:` minimal, and never run code from the event's ref here", t.event),
                ));
            }
        }
    }
}
