//! `untested-environment`: an environment the workflows deploy to that has no successful
//! deployment in the exported history, or whose last deployment failed.

use crate::source::HoldsTemplate as _;
use std::collections::BTreeMap;

use super::common::job_environments;
use crate::facts::history::failure_summary;
use super::{Ctx, Rule};
use crate::finding::Finding;
use crate::state::{Deployment, Lookup, State, DEPLOYMENTS_FILE};
use crate::workflow::{Job, Workflow};

pub struct UntestedEnvironment;

/// Environments jobs name (lowercase: GitHub names ignore case; names that stay expressions
/// left out), each with the jobs that target it: jobs on an automatic route first, then jobs
/// on a manual route, then jobs nothing starts; file order within each group.
pub(super) fn targeted_environments<'a>(
    cx: &Ctx<'a>,
) -> BTreeMap<String, Vec<(&'a Workflow, &'a Job)>> {
    let mut envs: BTreeMap<String, Vec<(u8, usize, &Workflow, &Job)>> = BTreeMap::new();
    let mut order = 0;
    for wf in &cx.repo.workflows {
        for job in &wf.jobs {
            for name in job_environments(wf, job) {
                if name.holds_template() {
                    continue;
                }
                // The route map is computed only when some job names an environment.
                let on_route = |automatic: bool| {
                    cx.route_map().routes.iter().any(|r| {
                        r.automatic == automatic
                            && r.workflow == wf.file.rel
                            && r.job == job.id.value
                            && r.environment.eq_ignore_ascii_case(&name)
                    })
                };
                let rank = if on_route(true) {
                    0
                } else if on_route(false) {
                    1
                } else {
                    2
                };
                envs.entry(name.to_lowercase())
                    .or_default()
                    .push((rank, order, wf, job));
                order += 1;
            }
        }
    }
    envs.into_iter()
        .map(|(name, mut jobs)| {
            jobs.sort_by_key(|(rank, order, _, _)| (*rank, *order));
            (name, jobs.into_iter().map(|(_, _, w, j)| (w, j)).collect())
        })
        .collect()
}

/// An export file as the user can find it: `fixtures/seed/state/deployments.json`.
pub(super) fn state_file(state: &State, file: &str) -> String {
    let dir = state.source.trim_end_matches('/');
    let dir = dir.strip_prefix("./").unwrap_or(dir);
    if dir.is_empty() || dir == "." {
        file.to_string()
    } else {
        format!("{dir}/{file}")
    }
}

fn failed(d: &Deployment) -> bool {
    matches!(d.latest_state(), Some("failure" | "error"))
}

impl Rule for UntestedEnvironment {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        let Some(state) = cx.state else { return };
        if state.deployments.is_none() {
            return;
        }
        let source = state_file(state, DEPLOYMENTS_FILE);
        for (env, jobs) in targeted_environments(cx) {
            let Some((wf, job)) = jobs.first() else {
                continue;
            };
            let Some(env_ref) = &job.environment else {
                continue;
            };
            let last = state.last_deployment(&env);
            let last_success = state.last_successful_deployment(&env);
            let job_text = format!("job `{}` ({})", job.id.value, wf.file.file_name());
            let message = match (&last, &last_success) {
                (Lookup::Missing, _) => format!(
                    "environment `{env}` has never been deployed: {source} has no deployment to it, so nothing shows that {job_text} works there"
                ),
                (Lookup::Found(d), success) if failed(d) => {
                    let status = d.latest_status();
                    let when = status.map_or(d.created_at.as_str(), |s| s.created_at.as_str());
                    let why = status
                        .and_then(|s| s.description.as_deref())
                        .or(d.description.as_deref())
                        .filter(|t| !t.trim().is_empty())
                        .map(|t| format!(": \"{}\"", failure_summary(t)))
                        .unwrap_or_default();
                    let before = match success {
                        Lookup::Found(ok) => {
                            format!("; the last successful one was on {}", ok.created_at)
                        }
                        _ => "; it has never succeeded".to_string(),
                    };
                    format!(
                        "the last deployment to environment `{env}` (ref {}) failed on {when}{why} ({source}){before}; {job_text} deploys there",
                        d.git_ref
                    )
                }
                (Lookup::Found(d), Lookup::Missing) => format!(
                    "environment `{env}` has no successful deployment in {source}: the last one, on {}, is {}; {job_text} deploys there",
                    d.created_at,
                    d.latest_state().unwrap_or("without a status")
                ),
                _ => continue,
            };
            let mut f = cx
                .finding(Self::ID, &wf.file, env_ref.name.span, message)
                .with_help("deploy to the environment once (or fix the failing deployment) and export the state again with `driftlint state pull`");
            for (other_wf, other_job) in jobs.iter().skip(1).take(4) {
                if let Some(e) = &other_job.environment {
                    f = f.with_related(
                        &other_wf.file,
                        e.name.span,
                        format!("job `{}` also targets it", other_job.id.value),
                    );
                }
            }
            out.push(f);
        }
    }
}
