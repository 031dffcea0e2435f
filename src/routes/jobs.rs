//! Which jobs of a started run run: `needs` order, skipped dependencies, `if:` with its
//! implicit `success()`, and the environment each job names.

use crate::source::HoldsTemplate as _;
use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use super::context::Choices;
use super::prepared::{Flow, JobRef};
use super::{Certainty, JobOutcome};
use crate::expr::{
    self, possible_template_parts_values, uses_status_function, Condition, Context, Eval,
    ExprError, JobStatus, TemplatePart, Tri, Value,
};
use crate::workflow::{Job, Workflow};

/// Evaluate every job of a started run, in file order.
pub(crate) fn evaluate_jobs(
    flow: Flow,
    ctx: &Context,
    choices: &Choices,
    event_name: &str,
) -> Vec<JobOutcome> {
    let wf = flow.wf;
    let ids: BTreeSet<&str> = wf.jobs.iter().map(|j| j.id.value.as_str()).collect();
    let jobs: Vec<JobRef> = flow.jobs().collect();
    let mut done: BTreeMap<String, JobOutcome> = BTreeMap::new();
    for job in flow
        .job_order(topological)
        .iter()
        .filter_map(|&i| jobs.get(i))
    {
        let outcome = evaluate_job(*job, (ctx, choices), event_name, &done, &ids);
        done.insert(job.job.id.value.clone(), outcome);
    }
    wf.jobs
        .iter()
        .filter_map(|j| done.remove(&j.id.value))
        .collect()
}

/// Job indices in an order where needed jobs come first (Kahn's algorithm, file order among
/// equals). Jobs in a `needs` cycle come last; they are reported as not running.
fn topological(wf: &Workflow) -> Vec<usize> {
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, job) in wf.jobs.iter().enumerate() {
        index.entry(job.id.value.as_str()).or_insert(i);
    }
    let mut waiting_on: Vec<usize> = vec![0; wf.jobs.len()];
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); wf.jobs.len()];
    for (i, job) in wf.jobs.iter().enumerate() {
        for n in &job.needs {
            if let Some(&d) = index.get(n.value.as_str()) {
                if let (Some(w), Some(deps)) = (waiting_on.get_mut(i), dependents.get_mut(d)) {
                    *w += 1;
                    deps.push(i);
                }
            }
        }
    }
    let mut ready: BinaryHeap<Reverse<usize>> = waiting_on
        .iter()
        .enumerate()
        .filter(|(_, w)| **w == 0)
        .map(|(i, _)| Reverse(i))
        .collect();
    let mut order: Vec<usize> = Vec::with_capacity(wf.jobs.len());
    let mut placed = vec![false; wf.jobs.len()];
    while let Some(Reverse(i)) = ready.pop() {
        if placed.get(i).copied().unwrap_or(true) {
            continue;
        }
        if let Some(p) = placed.get_mut(i) {
            *p = true;
        }
        order.push(i);
        for &d in dependents.get(i).map(Vec::as_slice).unwrap_or(&[]) {
            if let Some(w) = waiting_on.get_mut(d) {
                *w = w.saturating_sub(1);
                if *w == 0 {
                    ready.push(Reverse(d));
                }
            }
        }
    }
    order.extend((0..wf.jobs.len()).filter(|i| !placed.get(*i).copied().unwrap_or(true)));
    order
}

/// The `if:` text as shown in reasons (without `${{ }}` around the whole).
fn condition_text(raw: &str) -> String {
    let t = raw.trim();
    t.strip_prefix("${{")
        .and_then(|s| s.strip_suffix("}}"))
        .filter(|inner| !inner.holds_template())
        .map(|inner| inner.trim().to_string())
        .unwrap_or_else(|| t.to_string())
}

fn has_status_function(cond: &Condition) -> bool {
    match cond {
        Condition::Expr(e) => uses_status_function(e),
        Condition::Template(parts) => parts.iter().any(|p| match p {
            TemplatePart::Expr(e) => uses_status_function(e),
            TemplatePart::Text(_) => false,
        }),
    }
}

fn evaluate_job(
    job_ref: JobRef,
    (run_ctx, choices): (&Context, &Choices),
    event_name: &str,
    done: &BTreeMap<String, JobOutcome>,
    ids: &BTreeSet<&str>,
) -> JobOutcome {
    let job = job_ref.job;
    let parsed = job_ref.parsed();
    // Copied only when a dependency's result or the job status changes it.
    let mut ctx = Cow::Borrowed(run_ctx);
    let mut needs: Vec<(&str, Certainty)> = Vec::new();
    let mut missing: Option<&str> = None;
    for n in &job.needs {
        match done.get(&n.value) {
            Some(o) => {
                needs.push((n.value.as_str(), o.runs));
                match o.runs {
                    Certainty::Yes => ctx
                        .to_mut()
                        .set(&format!("needs.{}.result", n.value), Value::from("success")),
                    Certainty::No => ctx
                        .to_mut()
                        .set(&format!("needs.{}.result", n.value), Value::from("skipped")),
                    Certainty::Unknown => {}
                }
            }
            None if !ids.contains(n.value.as_str()) => missing = Some(n.value.as_str()),
            // In a needs cycle: GitHub rejects the workflow.
            None => needs.push((n.value.as_str(), Certainty::No)),
        }
    }
    let (environments, environment_exact) =
        environments(job, parsed.environment.as_ref(), &ctx, choices);
    let mut outcome = JobOutcome {
        job: job.id.value.clone(),
        runs: Certainty::No,
        reason: String::new(),
        environments,
        environment_exact,
        env_span: job.environment.as_ref().map(|e| e.name.span),
        if_span: job.if_cond.as_ref().map(|c| c.span),
    };
    if let Some(m) = missing {
        outcome.reason = format!("needs {m}, which does not exist (GitHub rejects the workflow)");
        return outcome;
    }
    let skipped_need = needs
        .iter()
        .find(|(_, c)| *c == Certainty::No)
        .map(|(n, _)| *n);
    let uncertain_need = needs
        .iter()
        .find(|(_, c)| *c == Certainty::Unknown)
        .map(|(n, _)| *n);
    let cond = match job.if_cond.as_ref().zip(parsed.if_cond.as_ref()) {
        None => None,
        Some((raw, Ok(parsed))) => Some((raw, parsed)),
        Some((raw, Err(e))) => {
            outcome.runs = Certainty::Unknown;
            outcome.reason = format!("if: {} cannot be parsed: {e}", condition_text(&raw.value));
            return outcome;
        }
    };
    let status_function = cond.as_ref().is_some_and(|(_, c)| has_status_function(c));
    if !status_function {
        if let Some(n) = skipped_need {
            outcome.reason = format!("needs {n}, which is skipped");
            return outcome;
        }
    }
    // Jobs that run are assumed to succeed; a skipped or uncertain dependency leaves the
    // status functions unknown (`always()` stays true).
    let status = if needs.iter().all(|(_, c)| *c == Certainty::Yes) {
        JobStatus::Success
    } else {
        JobStatus::Unknown
    };
    if ctx.status() != status {
        ctx = Cow::Owned(ctx.into_owned().with_status(status));
    }
    let (truth, if_reason) = match &cond {
        None => (Tri::True, "no if: condition".to_string()),
        Some((raw, parsed)) => {
            let text = condition_text(&raw.value);
            match expr::eval_parsed_condition(parsed, &ctx) {
                Tri::True => (Tri::True, format!("if: {text} is true for {event_name}")),
                Tri::False => (Tri::False, format!("if: {text} is false for {event_name}")),
                Tri::Unknown => match unanimous(parsed, &ctx, choices) {
                    Some(t) => {
                        let word = if t == Tri::True { "true" } else { "false" };
                        let why = format!(
                            "if: {text} is {word} for every allowed value of {}",
                            choices.names()
                        );
                        (t, why)
                    }
                    None if choices.is_empty() => (
                        Tri::Unknown,
                        format!("if: {text} cannot be decided from what is known before the run"),
                    ),
                    None => (
                        Tri::Unknown,
                        format!(
                            "if: {text} cannot be decided from what is known before the run \
                             (inputs not given: {})",
                            choices.names()
                        ),
                    ),
                },
            }
        }
    };
    let mut runs = Certainty::from(truth);
    let mut reason = if_reason;
    if !status_function && runs != Certainty::No {
        if let Some(n) = uncertain_need {
            runs = runs.and(Certainty::Unknown);
            reason = format!("needs {n}, which may not run; {reason}");
        }
    }
    if status_function && runs != Certainty::No {
        if let Some(n) = skipped_need {
            reason = format!("{reason} (runs although {n} is skipped)");
        }
    }
    outcome.runs = runs;
    outcome.reason = reason;
    outcome
}

/// The same known answer for every allowed combination of the unset choice inputs.
fn unanimous(cond: &Condition, ctx: &Context, choices: &Choices) -> Option<Tri> {
    if choices.is_empty() {
        return None;
    }
    let mut answer: Option<Tri> = None;
    for c in choices.contexts(ctx)? {
        let t = expr::eval_parsed_condition(cond, &c);
        if t == Tri::Unknown || answer.is_some_and(|a| a != t) {
            return None;
        }
        answer = Some(t);
    }
    answer
}

/// The environments a job can deploy to under `ctx`, and whether the name was fully known.
/// When the name depends on unset choice inputs, every allowed value is tried.
/// `parsed` is the environment name parsed as a template.
fn environments(
    job: &Job,
    parsed: Option<&Result<Vec<TemplatePart>, ExprError>>,
    ctx: &Context,
    choices: &Choices,
) -> (Vec<String>, bool) {
    let (Some(env), Some(parsed)) = (&job.environment, parsed) else {
        return (Vec::new(), true);
    };
    let raw = env.name.value.as_str();
    // A name that does not parse is neither known nor enumerable.
    let parts = parsed.as_ref().ok();
    let possible = |c: &Context| parts.and_then(|p| possible_template_parts_values(p, c));
    let exact = parts.is_some_and(|p| matches!(expr::eval_template_parts(p, ctx), Eval::Known(_)));
    let contexts = match possible(ctx) {
        Some(values) => return (unique_names(values), exact),
        None if choices.is_empty() => None,
        None => choices.contexts(ctx),
    };
    let mut all: Vec<String> = Vec::new();
    for c in contexts.unwrap_or_default().iter() {
        match possible(c) {
            Some(values) => all.extend(values),
            None => return (vec![raw.trim().to_string()], false),
        }
    }
    if all.is_empty() {
        return (vec![raw.trim().to_string()], false);
    }
    (unique_names(all), false)
}

/// Trimmed, non-empty names, first spelling of each (names ignore case).
fn unique_names(values: Vec<String>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for v in values {
        let v = v.trim().to_string();
        if !v.is_empty() && !names.iter().any(|n| n.eq_ignore_ascii_case(&v)) {
            names.push(v);
        }
    }
    names
}
