//! `doc-condition-mismatch`: a job the docs call non-blocking ("allowed to fail") whose
//! failure skips the jobs that need it.

use super::claims::{ClaimCheck, Outcome};
use super::{Ctx, Rule};
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

impl Rule for DocConditionMismatch {
    fn claims(&self, cx: &Ctx, out: &mut Vec<ClaimCheck>) {
        let repo = cx.repo;
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
