//! Run-history queries over an exported GitHub state: which recorded runs took a route, which
//! deployments they made, and a short form of a deployment's failure text. Rules and the
//! report share them.

use std::collections::BTreeMap;

use super::text::shorten;
use crate::repo::Repo;
use crate::routes::{simulate, Event, Route, Simulation};
use crate::state::{Deployment, Run, State};

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
pub fn same_kind_ref(template: &str, head: &str) -> String {
    if template.starts_with("refs/tags/") {
        format!("refs/tags/{head}")
    } else {
        format!("refs/heads/{head}")
    }
}

/// Does the simulation start `workflow` directly and run `job` (any job when None) to an
/// environment accepted by `env_ok`?
pub fn sim_reaches(
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
        Some(cause) => format!("{} … {}", shorten(first, 60), shorten(cause, 60)),
        None => shorten(text, MAX_FAILURE_CHARS),
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
