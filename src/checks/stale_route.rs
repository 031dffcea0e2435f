//! `stale-route`: a documented route (ref → environment) whose workflow has never run
//! successfully for such a ref in the exported run history (queries in `facts::history`).

use std::collections::{BTreeMap, HashSet};

use super::doc_route_mismatch::{concrete_routes, ConcreteRoute};
use super::untested_environment::state_file;
use super::{Ctx, Rule};
use crate::docs::RouteSubject;
use crate::finding::Finding;
use crate::repo::Repo;
use crate::facts::history::{same_kind_ref, sim_reaches};
use crate::routes::{simulate, Event};
use crate::source::Span;
use crate::state::Run;

pub struct StaleRoute;



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
        let mut seen: HashSet<(String, u32)> = HashSet::new();
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
            seen.insert((doc.path.clone(), c.span.start.line));
            out.push(f);
        }
    }
}
