//! `doc-convention-mismatch`: docs say every workflow, job or action follows a convention
//! ("All workflows use concurrency groups", "Every job has a timeout", "All actions are pinned
//! to commit SHAs", "All jobs run on `ubuntu-latest`", "All workflows use
//! `step-security/harden-runner`", "All workflows declare explicit permissions") and some do
//! not. Each member is judged on its own; one that cannot be judged (a `runs-on` or
//! `timeout-minutes` expression) makes the claim unknown unless another member breaks it.

use super::claims::{ClaimCheck, Outcome};
use super::common::reusable_only;
use super::security::{parse_uses, UsesRef};
use super::{Ctx, Rule};
use crate::docs::{ClaimKind, Convention, ConventionScope};
use crate::source::{HoldsTemplate as _, Span};
use crate::repo::Repo;
use crate::workflow::{Job, Workflow};

pub struct DocConventionMismatch;

/// Members named in a finding; the rest are counted.
const NAMED: usize = 6;
/// GitHub's limit on a job that sets no `timeout-minutes`.
const DEFAULT_TIMEOUT: u32 = 360;

/// How one member stands: follows, breaks it (what it has instead, and where), or unknown.
enum Member {
    Follows,
    Breaks { what: String, span: Span },
    Unknown,
}

/// One member judged: its name in the finding, the workflow it is in, and how it stands.
struct Judged<'a> {
    name: String,
    wf: &'a Workflow,
    member: Member,
}

/// Jobs that run steps on a runner (a job calling a reusable workflow has neither).
fn step_jobs(wf: &Workflow) -> impl Iterator<Item = &Job> {
    wf.jobs.iter().filter(|j| j.uses.is_none())
}

fn job_name(wf: &Workflow, job: &Job) -> String {
    format!("{} job `{}`", wf.file.file_name(), job.id.value)
}

/// `timeout-minutes` of a job as written (None: not set).
fn timeout_of<'w>(wf: &'w Workflow, job: &Job) -> Option<(&'w str, Span)> {
    let node = wf
        .doc
        .root
        .as_ref()?
        .get("jobs")?
        .get(&job.id.value)?
        .get("timeout-minutes")?;
    Some((node.scalar_text()?, node.span))
}

fn judge_job(wf: &Workflow, job: &Job, convention: &Convention) -> Member {
    match convention {
        Convention::Timeout { minutes } => match (timeout_of(wf, job), minutes) {
            (None, None) => Member::Breaks {
                what: "no `timeout-minutes`".to_string(),
                span: job.id.span,
            },
            (None, Some(m)) if *m == DEFAULT_TIMEOUT => Member::Follows,
            (None, Some(_)) => Member::Breaks {
                what: format!("no `timeout-minutes` (GitHub's limit: {DEFAULT_TIMEOUT})"),
                span: job.id.span,
            },
            (Some((text, _)), _) if text.holds_template() => Member::Unknown,
            (Some(_), None) => Member::Follows,
            (Some((text, span)), Some(m)) => match text.trim().parse::<u32>() {
                Ok(v) if v == *m => Member::Follows,
                Ok(v) => Member::Breaks {
                    what: format!("`timeout-minutes: {v}`"),
                    span,
                },
                Err(_) => Member::Unknown,
            },
        },
        Convention::Runner { label } => {
            let Some(runs_on) = &job.runs_on else {
                return Member::Unknown;
            };
            if runs_on.value.holds_template() {
                return Member::Unknown;
            }
            let labels: Vec<String> = runs_on
                .value
                .split(',')
                .map(|l| l.trim().to_ascii_lowercase())
                .collect();
            let follows = labels
                .iter()
                .any(|l| l == label || (!label.contains('-') && l.starts_with(&format!("{label}-"))));
            if follows {
                Member::Follows
            } else {
                Member::Breaks {
                    what: format!("`runs-on: {}`", runs_on.value),
                    span: runs_on.span,
                }
            }
        }
        Convention::Action { action } => {
            if job.steps.iter().any(|s| uses_action(s.uses.as_ref().map(|u| u.value.as_str()), action)) {
                Member::Follows
            } else {
                Member::Breaks {
                    what: format!("no step using `{action}`"),
                    span: job.id.span,
                }
            }
        }
        Convention::Concurrency => {
            if wf.concurrency.is_some() || job.concurrency.is_some() {
                Member::Follows
            } else {
                Member::Breaks {
                    what: "no `concurrency:`".to_string(),
                    span: job.id.span,
                }
            }
        }
        Convention::ExplicitPermissions => {
            if wf.permissions.is_some() || job.permissions.is_some() {
                Member::Follows
            } else {
                Member::Breaks {
                    what: "no `permissions:`".to_string(),
                    span: job.id.span,
                }
            }
        }
        Convention::ShaPinned { third_party } => pinned(std::iter::once(job), *third_party),
    }
}

/// `uses` names `action` (`owner/name`, any path below it and any ref).
fn uses_action(uses: Option<&str>, action: &str) -> bool {
    uses.and_then(parse_uses).is_some_and(|u| u.slug() == action || u.action() == action)
}

/// Whether a step of the workflow, or of a workflow in this repository it calls, uses the
/// action (None: only a call of another repository's workflow could).
fn workflow_uses(repo: &Repo, wf: &Workflow, action: &str, depth: usize) -> Option<bool> {
    let step_uses = |w: &Workflow| {
        w.jobs
            .iter()
            .flat_map(|j| &j.steps)
            .any(|s| uses_action(s.uses.as_ref().map(|u| u.value.as_str()), action))
    };
    if step_uses(wf) {
        return Some(true);
    }
    let mut unknown = false;
    for call in wf.jobs.iter().filter_map(|j| j.uses.as_ref()) {
        let local = call
            .value
            .strip_prefix("./.github/workflows/")
            .and_then(|f| repo.workflows.iter().find(|w| w.file.file_name() == f));
        match local {
            // GitHub allows four levels of nested calls.
            Some(callee) if depth < 4 => match workflow_uses(repo, callee, action, depth + 1) {
                Some(true) => return Some(true),
                Some(false) => {}
                None => unknown = true,
            },
            _ => unknown = true,
        }
    }
    if unknown {
        None
    } else {
        Some(false)
    }
}

/// Every remote `uses:` of these jobs pinned to a full commit SHA; the first that is not.
fn pinned<'a>(jobs: impl Iterator<Item = &'a Job>, third_party: bool) -> Member {
    for job in jobs {
        let all = job.uses.iter().chain(job.steps.iter().filter_map(|s| s.uses.as_ref()));
        for uses in all {
            let Some(u): Option<UsesRef> = parse_uses(&uses.value) else {
                continue; // local actions, docker images, expressions
            };
            if third_party && u.is_first_party() {
                continue;
            }
            if !u.is_pinned_to_sha() {
                return Member::Breaks {
                    what: format!("`{}`", uses.value),
                    span: uses.span,
                };
            }
        }
    }
    Member::Follows
}

/// A workflow follows when all its step jobs do (permissions: when the workflow sets them or
/// every job does; concurrency: when the workflow or any job sets a group).
fn judge_workflow(repo: &Repo, wf: &Workflow, convention: &Convention) -> Member {
    match convention {
        Convention::ExplicitPermissions if wf.permissions.is_some() => return Member::Follows,
        Convention::Action { action } => {
            return match workflow_uses(repo, wf, action, 0) {
                Some(true) => Member::Follows,
                Some(false) => Member::Breaks {
                    what: format!("no step using `{action}`"),
                    span: wf.file.line_span(1),
                },
                None => Member::Unknown,
            };
        }
        // Any job's group keeps runs of the workflow from piling up where it matters.
        Convention::Concurrency => {
            return if wf.concurrency.is_some() || wf.jobs.iter().any(|j| j.concurrency.is_some()) {
                Member::Follows
            } else {
                Member::Breaks {
                    what: "no `concurrency:`".to_string(),
                    span: wf.on_span.unwrap_or_else(|| wf.file.line_span(1)),
                }
            };
        }
        Convention::ShaPinned { third_party } => return pinned(wf.jobs.iter(), *third_party),
        _ => {}
    }
    let jobs: Vec<&Job> = match convention {
        // Calls of reusable workflows take their permissions from here too.
        Convention::ExplicitPermissions => wf.jobs.iter().collect(),
        _ => step_jobs(wf).collect(),
    };
    if jobs.is_empty() {
        return Member::Unknown;
    }
    let mut unknown = false;
    for job in jobs {
        match judge_job(wf, job, convention) {
            Member::Follows => {}
            Member::Unknown => unknown = true,
            Member::Breaks { what, span } => {
                let what = match convention {
                    Convention::ExplicitPermissions => what,
                    _ => format!("job `{}`: {what}", job.id.value),
                };
                return Member::Breaks { what, span };
            }
        }
    }
    if unknown {
        Member::Unknown
    } else {
        Member::Follows
    }
}

/// What the convention is, for messages.
fn describe(convention: &Convention) -> String {
    match convention {
        Convention::Concurrency => "a `concurrency:` group".to_string(),
        Convention::Timeout { minutes: None } => "`timeout-minutes`".to_string(),
        Convention::Timeout { minutes: Some(m) } => format!("a {m}-minute timeout"),
        Convention::ExplicitPermissions => "a `permissions:` block".to_string(),
        Convention::ShaPinned { third_party: false } => "every action pinned to a commit SHA".to_string(),
        Convention::ShaPinned { third_party: true } => {
            "every third-party action pinned to a commit SHA".to_string()
        }
        Convention::Runner { label } if !label.contains('-') => format!("`runs-on: {label}-*`"),
        Convention::Runner { label } => format!("`runs-on: {label}`"),
        Convention::Action { action } => format!("a step using `{action}`"),
    }
}

fn judge_all<'a>(repo: &'a Repo, scope: ConventionScope, convention: &Convention) -> Vec<Judged<'a>> {
    let workflows = repo.workflows.iter().filter(|w| {
        w.on_span.is_some()
            && !(reusable_only(w)
                && matches!(convention, Convention::Concurrency | Convention::ExplicitPermissions))
    });
    match scope {
        ConventionScope::Jobs => workflows
            .flat_map(|wf| {
                step_jobs(wf).map(move |job| Judged {
                    name: job_name(wf, job),
                    wf,
                    member: judge_job(wf, job, convention),
                })
            })
            .collect(),
        ConventionScope::Workflows | ConventionScope::Actions => workflows
            .map(|wf| Judged {
                name: wf.file.file_name().to_string(),
                wf,
                member: judge_workflow(repo, wf, convention),
            })
            .collect(),
    }
}

impl Rule for DocConventionMismatch {
    fn claims(&self, cx: &Ctx, out: &mut Vec<ClaimCheck>) {
        for (doc, _, c) in cx.repo.doc_claims() {
            let ClaimKind::Convention { scope, convention } = &c.kind else {
                continue;
            };
            let judged = judge_all(cx.repo, *scope, convention);
            if judged.is_empty() {
                continue;
            }
            let noun = match scope {
                ConventionScope::Jobs => "jobs",
                _ => "workflows",
            };
            let what = describe(convention);
            let check = ClaimCheck::new(
                Self::ID,
                doc,
                c.span,
                format!("Every {} has {what}", &noun[..noun.len() - 1]),
                &c.text,
            );
            let breaking: Vec<&Judged> = judged
                .iter()
                .filter(|j| matches!(j.member, Member::Breaks { .. }))
                .collect();
            if breaking.is_empty() {
                let unknown = judged.iter().filter(|j| matches!(j.member, Member::Unknown)).count();
                out.push(if unknown > 0 {
                    check.verdict(
                        Outcome::Unknown,
                        format!("{unknown} of {} {noun} cannot be judged from the files (expressions)", judged.len()),
                        "",
                    )
                } else {
                    check.verdict(
                        Outcome::Holds,
                        format!("all {} {noun} have {what}", judged.len()),
                        "",
                    )
                });
                continue;
            }
            let mut named: Vec<String> = breaking
                .iter()
                .take(NAMED)
                .map(|j| match &j.member {
                    // "no `concurrency:`" for a workflow only repeats the message.
                    Member::Breaks { what, .. } if !what.starts_with("no ") => {
                        format!("{} ({what})", j.name)
                    }
                    _ => j.name.clone(),
                })
                .collect();
            if breaking.len() > NAMED {
                named.push(format!("{} more", breaking.len() - NAMED));
            }
            let mut check = check
                .short(format!("{} of {} {noun} lack it", breaking.len(), judged.len()))
                .verdict(
                    Outcome::Violated,
                    format!(
                        "{} of {} {noun} do not have {what}: {}",
                        breaking.len(),
                        judged.len(),
                        named.join(", ")
                    ),
                    "readers rely on a convention some workflows do not follow",
                );
            for j in breaking.iter().take(NAMED) {
                if let Member::Breaks { span, .. } = &j.member {
                    check = check.related(&j.wf.file, *span, j.name.clone());
                }
            }
            out.push(check);
        }
    }
}
