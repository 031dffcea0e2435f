//! `doc-condition-mismatch`: a job the docs call non-blocking ("allowed to fail") whose
//! failure skips the jobs that need it; an outcome said to wait for checks that no job before
//! it runs ([`gates`]).

mod gates;

use super::claims::{ClaimCheck, Outcome};
use super::{Ctx, Rule};
use super::doc_unknown_workflow::{lookup, Lookup};
use crate::docs::ClaimKind;
use crate::repo::Repo;
use crate::workflow::{Job, Workflow};

pub struct DocConditionMismatch;

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// The one job the claim names: a job id in the sentence's code, else the job whose id or
/// `name:` words all appear in the heading. Two or more candidates: none.
fn named_job<'a>(
    repo: &'a Repo,
    code: &[String],
    heading: Option<&str>,
) -> Option<(&'a Workflow, &'a Job)> {
    let all = || {
        repo.workflows
            .iter()
            .flat_map(|w| w.jobs.iter().map(move |j| (w, j)))
    };
    let by_code: Vec<(&Workflow, &Job)> = all()
        .filter(|(_, j)| code.contains(&j.id.value))
        .collect();
    if !by_code.is_empty() {
        return one(by_code);
    }
    let head = words(heading?);
    let fits = |name: &str| {
        let w = words(name);
        !w.is_empty() && w.iter().all(|x| head.contains(x))
    };
    one(all()
        .filter(|(_, j)| fits(&j.id.value) || j.name.as_ref().is_some_and(|n| fits(&n.value)))
        .collect())
}

fn one<'a>(found: Vec<(&'a Workflow, &'a Job)>) -> Option<(&'a Workflow, &'a Job)> {
    match found.as_slice() {
        [only] => Some(*only),
        _ => None,
    }
}

/// `continue-on-error` on the job itself (`true` or an expression).
fn job_continues(wf: &Workflow, job: &Job) -> bool {
    wf.doc
        .root
        .as_ref()
        .and_then(|r| r.get("jobs"))
        .and_then(|j| j.get(&job.id.value))
        .and_then(|j| j.get("continue-on-error"))
        .is_some_and(|v| v.as_bool() != Some(false))
}

/// Does the `if:` hold a status function, so that success() is not implied?
fn has_status_function(cond: &str) -> bool {
    let c = cond.to_ascii_lowercase();
    ["always()", "failure()", "cancelled()"]
        .iter()
        .any(|f| c.contains(f))
}

/// Why a job that needs `id` is skipped when `id` fails, if it is.
fn skipped_because(dependent: &Job, id: &str) -> Option<String> {
    let Some(cond) = &dependent.if_cond else {
        return Some("no `if:`, so it runs only when all its needs succeed".to_string());
    };
    let c: String = cond.value.split_whitespace().collect::<Vec<_>>().join(" ");
    if !has_status_function(&c) {
        return Some(format!("`if: {c}` implies success() of its needs"));
    }
    let wanted = format!("needs.{id}.result == 'success'");
    let wanted_dq = format!("needs.{id}.result == \"success\"");
    (c.contains(&wanted) || c.contains(&wanted_dq))
        .then(|| format!("its `if:` requires `{wanted}`"))
}

/// Does this text read the ref the run was started on (`github.ref`, `github.ref_name`,
/// `$GITHUB_REF`)? `github.ref_type` and `github.ref_protected` say nothing about which branch.
fn reads_ref(text: &str) -> bool {
    let names = ["github.ref", "GITHUB_REF"];
    names.iter().any(|name| {
        text.match_indices(name).any(|(at, m)| {
            let rest = &text[at + m.len()..];
            let next = rest.chars().next();
            !next.is_some_and(|c| c.is_alphanumeric() || c == '_')
                || rest.starts_with("_name")
                || rest.starts_with("_NAME")
        })
    })
}

/// A shell line that compares something ("[ x = main ]", "== ", "!=", `case`).
fn tests_value(line: &str) -> bool {
    line.contains("==") || line.contains("!=") || line.contains(" = ") || line.contains("=~")
        || line.trim_start().starts_with("case ")
}

/// Where `wf` decides what to do by the ref it runs on: job and step `if:`s and script tests,
/// with a description. Conditions that also test the event name are about other events.
fn ref_gates(wf: &Workflow) -> Vec<(crate::source::Span, String)> {
    let mut out = Vec::new();
    for job in &wf.jobs {
        let id = &job.id.value;
        let gate = |cond: &str| reads_ref(cond) && !cond.contains("event_name");
        if let Some(cond) = job.if_cond.as_ref().filter(|c| gate(&c.value)) {
            out.push((cond.span, format!("job `{id}` has `if: {}`", cond.value.trim())));
        }
        for step in &job.steps {
            if let Some(cond) = step.if_cond.as_ref().filter(|c| gate(&c.value)) {
                out.push((
                    cond.span,
                    format!("step `{}` of job `{id}` has `if: {}`", step.label(), cond.value.trim()),
                ));
            }
            let Some(run) = &step.run else { continue };
            if let Some(line) = run
                .value
                .lines()
                .find(|l| reads_ref(l) && tests_value(l) && !l.contains("event_name"))
            {
                out.push((
                    run.span,
                    format!("step `{}` of job `{id}` tests it: `{}`", step.label(), line.trim()),
                ));
            }
        }
    }
    out
}

/// "Select the branch that contains the version of the workflow you want to use": the branch
/// of the Run-workflow form is said only to pick the workflow file; it also decides the run
/// when the workflow tests `github.ref`.
fn dispatch_branch_claims(rule: &'static str, repo: &Repo, out: &mut Vec<ClaimCheck>) {
    for (doc, _, c) in repo.doc_claims() {
        let ClaimKind::DispatchBranchPicksFile { workflow } = &c.kind else {
            continue;
        };
        let dispatchable: Vec<&Workflow> = repo
            .workflows
            .iter()
            .filter(|w| w.trigger("workflow_dispatch").is_some())
            .collect();
        let wf = match workflow.as_deref().and_then(|w| repo.find_workflow(w)) {
            Some(w) if w.trigger("workflow_dispatch").is_some() => w,
            Some(_) => continue,
            None => match dispatchable.as_slice() {
                [only] => *only,
                _ => continue,
            },
        };
        let file = wf.file.file_name();
        let check = ClaimCheck::new(
            rule,
            doc,
            c.span,
            format!("The Run-workflow branch only picks the version of {file}"),
            &c.text,
        );
        let gates = ref_gates(wf);
        let Some((at, first)) = gates.first() else {
            let on = wf.trigger("workflow_dispatch").map_or(wf.file.span(0, 0), |t| t.span);
            out.push(
                check
                    .verdict(
                        Outcome::Holds,
                        format!("no `if:` or script of {file} tests `github.ref`"),
                        "",
                    )
                    .related(&wf.file, on, "`workflow_dispatch`"),
            );
            continue;
        };
        let mut check = check
            .short(format!("The branch picked for {file} also decides what the run does"))
            .verdict(
                Outcome::Violated,
                format!(
                    "{file} tests the branch it was started on (`github.ref`): {first}{}",
                    if gates.len() > 1 {
                        format!(" (and {} more)", gates.len() - 1)
                    } else {
                        String::new()
                    }
                ),
                "a run started from another branch skips or fails steps the docs expect",
            )
            .related(&wf.file, *at, "tests the ref");
        for (span, _) in gates.iter().skip(1).take(2) {
            check = check.related(&wf.file, *span, "tests the ref");
        }
        out.push(check);
    }
}

/// Does `job` need `target`, directly or through the jobs it needs? The `needs:` entry of
/// `job` that leads there.
fn needs_path<'a>(wf: &'a Workflow, job: &'a Job, target: &str) -> Option<&'a crate::workflow::Spanned<String>> {
    job.needs.iter().find(|n| {
        let mut seen: Vec<&str> = Vec::new();
        let mut stack: Vec<&str> = vec![n.value.as_str()];
        while let Some(id) = stack.pop() {
            if id == target {
                return true;
            }
            if seen.contains(&id) || seen.len() > 64 {
                continue;
            }
            seen.push(id);
            if let Some(j) = wf.jobs.iter().find(|j| j.id.value == id) {
                stack.extend(j.needs.iter().map(|x| x.value.as_str()));
            }
        }
        false
    })
}

/// A job of `wf` by id, or by a `name:` written the same way ignoring case.
fn job_by<'a>(wf: &'a Workflow, written: &str) -> Option<&'a Job> {
    wf.jobs.iter().find(|j| j.id.value == written).or_else(|| {
        wf.jobs
            .iter()
            .find(|j| j.name.as_ref().is_some_and(|n| n.value.eq_ignore_ascii_case(written)))
    })
}

/// Job graphs drawn in the docs: a phase said to run in parallel whose jobs need each other,
/// and a chain "a → b" of jobs that do not exist in the workflow the section names or where
/// b does not need a.
fn job_graph_claims(rule: &'static str, repo: &Repo, out: &mut Vec<ClaimCheck>) {
    for (doc, _, c) in repo.doc_claims() {
        match &c.kind {
            ClaimKind::ParallelJobs { workflow, jobs } => {
                let Lookup::Found(wf) = lookup(repo, workflow) else {
                    continue;
                };
                let listed: Vec<&Job> = jobs.iter().filter_map(|(id, _)| wf.jobs.iter().find(|j| j.id.value == *id)).collect();
                if listed.len() < 2 {
                    continue;
                }
                let file = wf.file.file_name();
                let check = ClaimCheck::new(rule, doc, c.span, format!("Jobs of {file} run in parallel"), &c.text);
                let pair = listed.iter().find_map(|a| {
                    listed
                        .iter()
                        .filter(|b| b.id.value != a.id.value)
                        .find_map(|b| needs_path(wf, a, &b.id.value).map(|n| (*a, *b, n)))
                });
                let Some((a, b, n)) = pair else {
                    out.push(check.verdict(Outcome::Holds, format!("no listed job of {file} needs another"), ""));
                    continue;
                };
                let waiting: Vec<String> = listed
                    .iter()
                    .filter(|x| needs_path(wf, x, &b.id.value).is_some())
                    .map(|x| format!("`{}`", x.id.value))
                    .collect();
                let (aid, bid) = (&a.id.value, &b.id.value);
                out.push(
                    check
                        .short(format!("`{aid}` needs `{bid}`: not parallel"))
                        .verdict(
                            Outcome::Violated,
                            format!(
                                "{}: {} {} `{bid}` (listed in the same phase), so {} only after it finishes",
                                wf.file.path,
                                waiting.join(", "),
                                if waiting.len() == 1 { "needs" } else { "need" },
                                if waiting.len() == 1 { "it starts" } else { "they start" }
                            ),
                            "the documented phase does not run at once: its jobs wait for one of them",
                        )
                        .related(&wf.file, n.span, format!("`{aid}` needs `{}`", n.value))
                        .related(&wf.file, b.id.span, format!("job `{bid}`")),
                );
            }
            ClaimKind::JobChain { workflow, jobs } => {
                let Lookup::Found(wf) = lookup(repo, workflow) else {
                    continue;
                };
                // Only ids written like job ids: lowercase words joined by - or _.
                if !jobs.iter().all(|j| j.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-' || ch == '_')) {
                    continue;
                }
                let file = wf.file.file_name();
                let check = ClaimCheck::new(rule, doc, c.span, format!("Job order in {file}"), &c.text);
                let missing: Vec<&String> = jobs.iter().filter(|j| job_by(wf, j).is_none()).collect();
                if !missing.is_empty() {
                    let ids: Vec<String> = wf.jobs.iter().map(|j| j.id.value.clone()).collect();
                    let names: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
                    let mut ch = check
                        .short(format!("No job {} in {file}", names.join(", ")))
                        .verdict(
                            Outcome::Violated,
                            format!("{}: no job {} (jobs: {})", wf.file.path, names.join(", "), ids.join(", ")),
                            "the documented job chain is not the workflow's",
                        );
                    if let Some(first) = wf.jobs.first() {
                        ch = ch.related(&wf.file, first.id.span, "jobs of the workflow");
                    }
                    out.push(ch);
                    continue;
                }
                let broken = jobs.windows(2).find_map(|w| {
                    let [first, second] = w else { return None };
                    let (before, after) = (job_by(wf, first)?, job_by(wf, second)?);
                    needs_path(wf, after, &before.id.value).is_none().then_some((before, after))
                });
                match broken {
                    Some((before, after)) => out.push(
                        check
                            .short(format!("`{}` does not need `{}`", after.id.value, before.id.value))
                            .verdict(
                                Outcome::Violated,
                                format!(
                                    "{}: job `{}` does not need `{}` (directly or through other jobs)",
                                    wf.file.path, after.id.value, before.id.value
                                ),
                                "the jobs do not run in the documented order",
                            )
                            .related(&wf.file, after.id.span, format!("job `{}`", after.id.value)),
                    ),
                    None => out.push(check.verdict(Outcome::Holds, format!("{file} runs the jobs in that order"), "")),
                }
            }
            _ => {}
        }
    }
}

impl Rule for DocConditionMismatch {
    fn claims(&self, cx: &Ctx, out: &mut Vec<ClaimCheck>) {
        let repo = cx.repo;
        dispatch_branch_claims(Self::ID, repo, out);
        job_graph_claims(Self::ID, repo, out);
        gates::gate_claims(Self::ID, repo, out);
        for (doc, _, c) in repo.doc_claims() {
            let ClaimKind::NonBlocking { code, heading } = &c.kind else {
                continue;
            };
            let Some((wf, job)) = named_job(repo, code, heading.as_deref()) else {
                continue;
            };
            let id = job.id.value.as_str();
            let check = ClaimCheck::new(
                Self::ID,
                doc,
                c.span,
                format!("Job `{id}` may fail without stopping others"),
                &c.text,
            );
            let steps_continue =
                !job.steps.is_empty() && job.steps.iter().all(|s| s.continue_on_error);
            if job_continues(wf, job) || steps_continue {
                out.push(
                    check
                        .verdict(
                            Outcome::Holds,
                            format!("job `{id}` has `continue-on-error`"),
                            "",
                        )
                        .related(&wf.file, job.id.span, format!("job `{id}`")),
                );
                continue;
            }
            let blocked: Vec<(&Job, String)> = wf
                .jobs
                .iter()
                .filter(|d| d.needs.iter().any(|n| n.value == id))
                .filter_map(|d| skipped_because(d, id).map(|why| (d, why)))
                .collect();
            let Some((first, _)) = blocked.first() else {
                out.push(
                    check
                        .verdict(
                            Outcome::Unknown,
                            format!(
                                "job `{id}` has no `continue-on-error`, but no job that needs it is skipped by its failure"
                            ),
                            "",
                        )
                        .related(&wf.file, job.id.span, format!("job `{id}`")),
                );
                continue;
            };
            let reasons: Vec<String> = blocked
                .iter()
                .map(|(d, why)| format!("`{}` ({why})", d.id.value))
                .collect();
            let mut check = check
                .short(format!("A failure of `{id}` skips `{}`", first.id.value))
                .verdict(
                    Outcome::Violated,
                    format!(
                        "job `{id}` of {} has no `continue-on-error`; when it fails, these jobs that need it are skipped: {}",
                        wf.file.file_name(),
                        reasons.join("; ")
                    ),
                    "a failure there stops the jobs after it",
                )
                .related(&wf.file, job.id.span, format!("job `{id}`"));
            for (d, _) in &blocked {
                let at = d.if_cond.as_ref().map_or(d.id.span, |c| c.span);
                check = check.related(&wf.file, at, format!("job `{}`", d.id.value));
            }
            out.push(check);
        }
    }
}
