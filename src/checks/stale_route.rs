//! `stale-route`: a documented route (ref → environment) whose workflow has never run
//! successfully for such a ref in the exported run history.
//!
//! Also home of the run-history queries the report shares: which recorded runs took a route,
//! which deployments they made, and a short form of a deployment's failure text.

use std::collections::BTreeMap;

use super::doc_route_mismatch::{concrete_routes, ConcreteRoute};
use super::untested_environment::state_file;
use super::{Ctx, Rule};
use crate::docs::RouteSubject;
use crate::finding::Finding;
use crate::repo::Repo;
use crate::routes::{simulate, Event, Route, Simulation};
use crate::source::Span;
use crate::state::{Deployment, Run, State};

pub struct StaleRoute;


/// Recorded runs that took a route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteRuns<'s> {
    /// No runs.json was given.
    NoHistory,
    /// The route's workflow is started by another run (`gh workflow run`, `workflow_run`, a
    /// reusable call): runs do not record what started them, so none can be tied to it.
    Chained,
    /// Runs of the route's workflow whose event (and, for pushes, ref) takes the route; newest
    /// first. Manual routes match every `workflow_dispatch` run: runs do not record inputs.
    Runs(Vec<&'s Run>),
}

/// A push ref of the same kind as `template` (`refs/tags/…` or `refs/heads/…`) for a run's
/// `head_branch`, which holds the tag name for tag pushes.
fn same_kind_ref(template: &str, head: &str) -> String {
    if template.starts_with("refs/tags/") {
        format!("refs/tags/{head}")
    } else {
        format!("refs/heads/{head}")
    }
}

/// Does the simulation start `workflow` directly and run `job` (any job when None) to an
/// environment accepted by `env_ok`?
fn sim_reaches(
    sim: &Simulation,
    workflow: &str,
    job: Option<&str>,
    env_ok: &dyn Fn(&str) -> bool,
) -> bool {
    sim.started()
        .filter(|r| r.depth == 0 && r.workflow == workflow)
        .flat_map(|r| r.jobs.iter().map(move |j| (r, j)))
        .any(|(r, j)| {
            job.is_none_or(|id| j.job == id)
                && r.starts.and(j.runs).possible()
                && j.environments.iter().any(|e| env_ok(e))
        })
}

/// The events.json names of runs a root event starts.
fn event_names(event: &Event) -> &'static [&'static str] {
    match event {
        Event::Push { .. } => &["push"],
        Event::Dispatch { .. } => &["workflow_dispatch"],
        Event::Schedule => &["schedule"],
        Event::PullRequest { .. } => &["pull_request", "pull_request_target"],
        Event::Release => &["release"],
        Event::WorkflowRun { .. } => &["workflow_run"],
        Event::Other { .. } => &[],
    }
}

fn run_has_event(run: &Run, event: &Event) -> bool {
    match event {
        Event::Other { event } => run.event == *event,
        _ => event_names(event).contains(&run.event.as_str()),
    }
}

/// Recorded runs that took `route` in `repo` (see [`RouteRuns`]).
pub fn route_runs<'s>(
    repo: &Repo,
    default_branch: &str,
    state: &'s State,
    route: &Route,
) -> RouteRuns<'s> {
    if state.runs.is_none() {
        return RouteRuns::NoHistory;
    }
    if !route.hops.is_empty() {
        return RouteRuns::Chained;
    }
    let mut reaches: BTreeMap<String, bool> = BTreeMap::new();
    let env_ok = |e: &str| e.eq_ignore_ascii_case(&route.environment);
    let mut runs: Vec<&Run> = state
        .runs_of(&route.workflow)
        .found()
        .unwrap_or_default()
        .into_iter()
        .filter(|run| run_has_event(run, &route.event))
        .filter(|run| match &route.event {
            Event::Push { git_ref } => run.head_branch.as_deref().is_some_and(|head| {
                let pushed = same_kind_ref(git_ref, head);
                *reaches.entry(pushed.clone()).or_insert_with(|| {
                    let sim = simulate(repo, &Event::Push { git_ref: pushed }, default_branch);
                    sim_reaches(&sim, &route.workflow, Some(&route.job), &env_ok)
                })
            }),
            _ => true,
        })
        .collect();
    runs.sort_by(|a, b| (&b.created_at, b.id).cmp(&(&a.created_at, a.id)));
    RouteRuns::Runs(runs)
}

/// The run that made a deployment: the newest recorded run on the deployment's ref that
/// started at or before it. None without runs.json or when no run fits.
pub fn deploying_run<'s>(state: &'s State, deployment: &Deployment) -> Option<&'s Run> {
    state
        .runs
        .as_ref()?
        .iter()
        .filter(|r| r.head_branch.as_deref() == Some(deployment.git_ref.as_str()))
        .filter(|r| r.created_at <= deployment.created_at)
        .max_by(|a, b| (&a.created_at, a.id).cmp(&(&b.created_at, b.id)))
}

/// Deployments to the route's environment made by the given runs, newest first.
pub fn deployments_by<'s>(
    state: &'s State,
    environment: &str,
    runs: &[&Run],
) -> Vec<&'s Deployment> {
    let mut out: Vec<&Deployment> = state
        .deployments
        .iter()
        .flatten()
        .filter(|d| d.environment.eq_ignore_ascii_case(environment))
        .filter(|d| deploying_run(state, d).is_some_and(|r| runs.iter().any(|m| m.id == r.id)))
        .collect();
    out.sort_by(|a, b| (&b.created_at, b.id).cmp(&(&a.created_at, a.id)));
    out
}

/// Longest failure text quoted whole.
const MAX_FAILURE_CHARS: usize = 100;

/// A failure text short enough for one line. Error chains (`Terraform init failed: … :
/// api error PermanentRedirect: The bucket …`) keep their first link and the last link that
/// names an error.
pub fn failure_summary(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= MAX_FAILURE_CHARS {
        return text.to_string();
    }
    let links: Vec<&str> = text.split(": ").map(str::trim).collect();
    let first = links.first().copied().unwrap_or(text);
    let cause = links
        .iter()
        .skip(1)
        .rev()
        .find(|l| l.to_ascii_lowercase().contains("error"));
    match cause {
        Some(cause) => format!(
            "{} … {}",
            super::claims::shorten(first, 60),
            super::claims::shorten(cause, 60)
        ),
        None => super::claims::shorten(text, MAX_FAILURE_CHARS),
    }
}

/// A workflow that would carry a documented route, with the place to point at.
struct Carrier {
    workflow: String,
    env_span: Option<Span>,
}

/// Workflows a push of `git_ref` starts that deploy one of `envs` (canonical names).
fn carriers(cx: &Ctx, repo: &Repo, git_ref: &str, envs: &[String]) -> Vec<Carrier> {
    let sim = simulate(
        repo,
        &Event::Push {
            git_ref: git_ref.to_string(),
        },
        &cx.default_branch,
    );
    let mut out: Vec<Carrier> = Vec::new();
    for run in sim.started().filter(|r| r.depth == 0) {
        for job in run
            .jobs
            .iter()
            .filter(|j| run.starts.and(j.runs).possible())
        {
            let reaches = job
                .environments
                .iter()
                .any(|e| envs.contains(&cx.aliases.canonical(e)));
            if reaches && !out.iter().any(|c| c.workflow == run.workflow) {
                out.push(Carrier {
                    workflow: run.workflow.clone(),
                    env_span: job.env_span,
                });
            }
        }
    }
    out
}

impl Rule for StaleRoute {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        let Some(state) = cx.state else { return };
        if state.runs.is_none() {
            return;
        }
        let mut seen: Vec<(String, u32)> = Vec::new();
        for ConcreteRoute {
            doc,
            claim: c,
            subject,
            refs,
            envs,
            git_ref,
        } in concrete_routes(cx.repo)
        {
            if seen.contains(&(doc.path.clone(), c.span.start.line)) {
                continue;
            }
            // The route as wired now, else as it would be with its triggers restored;
            // neither: doc-route-mismatch reports it, history has nothing to add.
            let mut repo = cx.repo;
            let mut found = carriers(cx, repo, &git_ref, envs);
            if found.is_empty() {
                if let Some(restored) = cx.repo_with_restored_triggers() {
                    repo = restored;
                    found = carriers(cx, repo, &git_ref, envs);
                }
            }
            if found.is_empty() {
                continue;
            }
            let env_ok = |e: &str| envs.contains(&cx.aliases.canonical(e));
            let mut stale = Vec::new();
            for carrier in &found {
                let runs = state.runs_of(&carrier.workflow).found().unwrap_or_default();
                let mut reaches: BTreeMap<String, bool> = BTreeMap::new();
                let taking: Vec<&Run> = runs
                    .iter()
                    .copied()
                    .filter(|r| r.event == "push")
                    .filter(|r| {
                        r.head_branch.as_deref().is_some_and(|head| {
                            let pushed = same_kind_ref(&git_ref, head);
                            *reaches.entry(pushed.clone()).or_insert_with(|| {
                                let sim = simulate(
                                    repo,
                                    &Event::Push { git_ref: pushed },
                                    &cx.default_branch,
                                );
                                sim_reaches(&sim, &carrier.workflow, None, &env_ok)
                            })
                        })
                    })
                    .collect();
                if taking
                    .iter()
                    .any(|r| r.conclusion.as_deref() == Some("success"))
                {
                    continue;
                }
                stale.push((carrier, runs.len(), taking));
            }
            if stale.len() < found.len() {
                continue; // some workflow carries the route successfully
            }
            let what = match refs {
                RouteSubject::Tag(t) => format!("push of a tag like `{}`", t.trim_matches('`')),
                RouteSubject::Branch(b) => {
                    format!("push to a branch like `{}`", b.trim_matches('`'))
                }
                _ => continue,
            };
            let mut parts = Vec::new();
            for (carrier, total, taking) in &stale {
                let file = carrier
                    .workflow
                    .rsplit('/')
                    .next()
                    .unwrap_or(&carrier.workflow);
                let history = match taking.first() {
                    Some(last) => format!(
                        "{} such run{}, none successful; the last, on {} ({}), ended {}",
                        taking.len(),
                        if taking.len() == 1 { "" } else { "s" },
                        last.head_branch.as_deref().unwrap_or("?"),
                        last.created_at,
                        last.conclusion.as_deref().unwrap_or("without a conclusion")
                    ),
                    None if *total == 0 => "no run of it at all".to_string(),
                    None => format!(
                        "none of its {total} recorded run{} was such a push",
                        if *total == 1 { "" } else { "s" }
                    ),
                };
                parts.push(format!("{file}: {history}"));
            }
            let source = state_file(state, crate::state::RUNS_FILE);
            let message = format!(
                "documented route `{}` has never run successfully: {source} has no successful run for a {what} ({})",
                super::claims::shorten(&format!("{subject} → {}", envs.join(" → ")), 60),
                parts.join("; ")
            );
            let mut f = cx.finding(Self::ID, doc, c.span, message).with_help(
                "run the route once (or fix what makes it fail) and export the state again; if the route is retired, update the docs",
            );
            for (carrier, _, _) in &stale {
                if let Some(wf) = cx
                    .repo
                    .workflows
                    .iter()
                    .find(|w| w.file.rel == carrier.workflow)
                {
                    let span = carrier.env_span.unwrap_or_else(|| wf.file.line_span(1));
                    f = f.with_related(&wf.file, span, "the workflow that carries this route");
                }
            }
            seen.push((doc.path.clone(), c.span.start.line));
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(id: u64, head: &str, at: &str) -> Run {
        Run {
            id,
            path: ".github/workflows/run.yml".into(),
            event: "push".into(),
            head_branch: Some(head.into()),
            created_at: at.into(),
            ..Run::default()
        }
    }

    fn deployment(git_ref: &str, at: &str) -> Deployment {
        Deployment {
            id: 1,
            environment: "staging".into(),
            git_ref: git_ref.into(),
            created_at: at.into(),
            ..Deployment::default()
        }
    }

    /// A deployment belongs to the newest run on its ref that started at or before it.
    #[test]
    fn deploying_run_is_the_newest_earlier_run_on_the_same_ref() {
        let state = State {
            runs: Some(vec![
                run(1, "main", "2025-01-01T10:00:00Z"),
                run(2, "main", "2025-01-01T11:00:00Z"),
                run(3, "feature/x", "2025-01-01T11:30:00Z"),
                run(4, "main", "2025-01-01T12:00:00Z"),
            ]),
            ..State::default()
        };
        let cases = [
            ("main", "2025-01-01T11:00:20Z", Some(2)),
            ("main", "2025-01-01T11:00:00Z", Some(2)),
            ("main", "2025-01-01T09:00:00Z", None),
            ("feature/x", "2025-01-02T00:00:00Z", Some(3)),
            ("v1.0.0", "2025-01-02T00:00:00Z", None),
        ];
        for (git_ref, at, want) in cases {
            let got = deploying_run(&state, &deployment(git_ref, at)).map(|r| r.id);
            assert_eq!(got, want, "{git_ref} at {at}");
        }
        let no_runs = State::default();
        assert_eq!(
            deploying_run(&no_runs, &deployment("main", "2025-01-02T00:00:00Z")),
            None
        );
    }

    #[test]
    fn failure_summary_keeps_short_text_and_cuts_error_chains() {
        let cases = [
            ("exit code 1", "exit code 1"),
            (
                "Terraform init failed: Error refreshing state: Unable to access object \"app/staging.tfstate\" in S3 bucket \"b\": operation error S3: HeadObject, https response error StatusCode: 301, api error PermanentRedirect: The bucket you are attempting to access must be addressed using the specified endpoint.",
                "Terraform init failed … 301, api error PermanentRedirect",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(failure_summary(text), want);
        }
    }
}
