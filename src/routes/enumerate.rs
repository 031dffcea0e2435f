//! Route enumeration: simulate every event the workflows listen to and collect which
//! (trigger, job, environment) combinations can happen, and which named environments no
//! event reaches.

use std::collections::{BTreeMap, BTreeSet};

use super::event::{describe_ref, inputs_text, Event, ANY_VALUE};
use super::hints::{ref_hints, template_exprs, RefHints, EXAMPLE_TAG};
use super::prepared::{Flow, Prepared};
use super::push_index::PushIndex;
use super::simulate::simulate_roots;
use super::start::workflow_start;
use super::{Certainty, Route, Simulation};
use crate::expr::{self, Condition, Context, Expr, TemplatePart};
use crate::filter::Pattern;
use crate::repo::Repo;
use crate::source::Span;
use crate::workflow::{InputKind, Spanned, Trigger, Workflow};

/// Dispatch input combinations (and refs) tried per workflow at most; inputs beyond the cap
/// keep their defaults.
pub const MAX_DISPATCH_COMBINATIONS: usize = 64;

/// An environment a job names that no enumerated event reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreachableEnvironment {
    pub environment: String,
    pub workflow: String,
    pub workflow_name: String,
    pub job: String,
    /// Why, each with the triggers it applies to: `if: github.event_name == 'push' is false
    /// for workflow_dispatch [manual: release.yml]`.
    pub reasons: Vec<String>,
    pub env_span: Option<Span>,
}

/// Every route, and every named environment without one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RouteMap {
    /// Sorted: automatic first, then by trigger, workflow, job, environment.
    pub routes: Vec<Route>,
    /// Sorted by environment, workflow, job.
    pub unreachable: Vec<UnreachableEnvironment>,
}

/// Every (trigger, job, environment) route with certainty Yes or Unknown, sorted and
/// de-duplicated.
pub fn all_routes(repo: &Repo, default_branch: &str) -> Vec<Route> {
    explore(repo, default_branch).routes
}

/// Routes to one environment (names compare ignoring case, as GitHub's do).
pub fn environment_routes(repo: &Repo, environment: &str, default_branch: &str) -> Vec<Route> {
    all_routes(repo, default_branch)
        .into_iter()
        .filter(|r| r.environment.eq_ignore_ascii_case(environment))
        .collect()
}

/// Environments named by jobs (literally, or as one of the values an expression can take)
/// that no route reaches, with reasons.
pub fn unreachable_environments(repo: &Repo, default_branch: &str) -> Vec<UnreachableEnvironment> {
    explore(repo, default_branch).unreachable
}

/// Labels grouped by reason.
type Reasons = BTreeMap<String, BTreeSet<String>>;

/// What the simulations found out about jobs that never deploy.
#[derive(Default)]
struct Evidence {
    /// (workflow, job) → why it did not run.
    jobs: BTreeMap<(String, String), Reasons>,
    /// (workflow, event name) → why the workflow did not start.
    starts: BTreeMap<(String, String), Reasons>,
    /// Workflows that started for some event.
    started: BTreeSet<String>,
}

/// Routes and unreachable environments in one pass over the events.
pub fn explore(repo: &Repo, default_branch: &str) -> RouteMap {
    explore_with(repo, default_branch, true)
}

/// [`explore`]; `indexed` false asks every workflow about every push (the reference the
/// push index is tested against).
pub fn explore_with(repo: &Repo, default_branch: &str, indexed: bool) -> RouteMap {
    let mut routes: Vec<Route> = Vec::new();
    let mut evidence = Evidence::default();
    // Filters and conditions are parsed once for all the events.
    let prep = Prepared::new(repo);
    let index = PushIndex::new(&prep);
    let events = prepared_candidate_events(&prep, default_branch);
    for event in &events {
        let roots = index.candidates(event).filter(|_| indexed);
        let sim = simulate_roots(&prep, event, default_branch, roots.as_deref());
        collect(&sim, &mut routes, &mut evidence);
    }
    if indexed {
        skipped_start_evidence(&prep, &index, &events, default_branch, &mut evidence);
    }
    let routes = dedupe(routes);
    let unreachable = unreachable(repo, &routes, &evidence);
    RouteMap {
        routes,
        unreachable,
    }
}

/// Why the workflows the push index skipped did not start, where [`start_reason_lines`]
/// reads it: for workflows that never started, and for workflows with a commented-out push
/// trigger. The same entries a simulation of every workflow would have collected.
fn skipped_start_evidence(
    prep: &Prepared,
    index: &PushIndex,
    events: &BTreeSet<Event>,
    default_branch: &str,
    evidence: &mut Evidence,
) {
    for flow in prep.flows() {
        let wf = flow.wf;
        let relevant = !evidence.started.contains(&wf.file.rel)
            || wf.disabled_triggers.iter().any(|d| d.event == "push");
        if !relevant {
            continue;
        }
        for event in events
            .iter()
            .filter(|e| !index.is_candidate(flow.index(), e))
        {
            let st = workflow_start(flow, event, default_branch);
            evidence
                .starts
                .entry((wf.file.rel.clone(), event.event_name().to_string()))
                .or_default()
                .entry(st.reason)
                .or_default()
                .insert(event_label(event, default_branch));
        }
    }
}

/// The label of a root event: `push branch main`, `manual: run.yml environment=prod`.
fn event_label(event: &Event, default_branch: &str) -> String {
    match event {
        Event::Push { .. } => match describe_ref(&event.git_ref(default_branch)) {
            r if r.starts_with("branch ") || r.starts_with("tag ") => format!("push {r}"),
            r => format!("push of {r}"),
        },
        Event::Dispatch {
            workflow,
            inputs,
            git_ref,
        } => {
            let file = workflow.rsplit('/').next().unwrap_or(workflow);
            let mut s = format!("manual: {file}");
            if !inputs.is_empty() {
                s.push(' ');
                s.push_str(&inputs_text(inputs, " "));
            }
            if *git_ref != format!("refs/heads/{default_branch}") {
                s.push_str(&format!(" on {}", describe_ref(git_ref)));
            }
            s
        }
        Event::Schedule => "schedule".to_string(),
        Event::PullRequest { base } => format!("pull request into {base}"),
        Event::Release => "release".to_string(),
        Event::WorkflowRun { workflow, .. } => format!("workflow_run after {workflow}"),
        Event::Other { event } => event.clone(),
    }
}

fn collect(sim: &Simulation, routes: &mut Vec<Route>, evidence: &mut Evidence) {
    let event = &sim.event;
    for (i, run) in sim.runs.iter().enumerate() {
        if run.workflow.is_empty() {
            continue;
        }
        let chain = sim.ancestry(i);
        let root = chain.first().and_then(|r| sim.runs.get(*r));
        let label = match root {
            Some(r) if !event.is_dispatch() && r.starts.possible() && !r.trigger.is_empty() => {
                r.trigger.clone()
            }
            _ => event_label(event, &sim.default_branch),
        };
        if !run.starts.possible() {
            evidence
                .starts
                .entry((run.workflow.clone(), run.event.event_name().to_string()))
                .or_default()
                .entry(run.reason.clone())
                .or_default()
                .insert(label);
            continue;
        }
        evidence.started.insert(run.workflow.clone());
        let via: Vec<String> = chain
            .iter()
            .skip(1)
            .filter_map(|j| sim.runs.get(*j).and_then(|r| r.via.clone()))
            .collect();
        let hops: Vec<String> = chain
            .windows(2)
            .filter_map(|pair| {
                let parent = sim.runs.get(*pair.first()?)?;
                let child = sim.runs.get(*pair.get(1)?)?;
                Some(match &child.parent_job {
                    Some(job) => format!("{}/{job}", parent.file_name()),
                    None => parent.file_name().to_string(),
                })
            })
            .collect();
        for job in &run.jobs {
            let certainty = run.starts.and(job.runs);
            if !certainty.possible() {
                evidence
                    .jobs
                    .entry((run.workflow.clone(), job.job.clone()))
                    .or_default()
                    .entry(job.reason.clone())
                    .or_default()
                    .insert(label.clone());
                continue;
            }
            for env in &job.environments {
                let certainty = if job.environment_exact {
                    certainty
                } else {
                    certainty.and(Certainty::Unknown)
                };
                routes.push(Route {
                    trigger: label.clone(),
                    automatic: !event.is_dispatch(),
                    workflow: run.workflow.clone(),
                    workflow_name: run.name.clone(),
                    job: job.job.clone(),
                    environment: env.clone(),
                    certainty,
                    event: event.clone(),
                    via: via.clone(),
                    hops: hops.clone(),
                    env_span: job.env_span,
                });
            }
        }
    }
}

type RouteKey = (bool, String, String, String, String, Vec<String>);

/// A push label without the concrete ref in parentheses: `push tag v* (v1-rc1)` → `push tag
/// v*`. Routes that differ only in the example ref are one route.
fn base_trigger(trigger: &str) -> &str {
    if !trigger.starts_with("push ") || !trigger.ends_with(')') {
        return trigger;
    }
    trigger.rfind(" (").map_or(trigger, |i| &trigger[..i])
}

fn route_key(r: &Route) -> RouteKey {
    (
        !r.automatic,
        base_trigger(&r.trigger).to_string(),
        r.workflow.clone(),
        r.job.clone(),
        r.environment.to_lowercase(),
        r.via.clone(),
    )
}

/// Which of two labels for one route to show: the bare pattern, else the shorter, else the
/// first in text order.
fn better_label(candidate: &str, current: &str) -> bool {
    let bare = |t: &str| base_trigger(t) == t;
    match (bare(candidate), bare(current)) {
        (true, false) => true,
        (false, true) => false,
        _ => (candidate.len(), candidate) < (current.len(), current),
    }
}

/// One route per key, keeping the strongest certainty and the clearest label (with its
/// event).
fn dedupe(routes: Vec<Route>) -> Vec<Route> {
    let mut by_key: BTreeMap<RouteKey, Route> = BTreeMap::new();
    for r in routes {
        let key = route_key(&r);
        match by_key.get_mut(&key) {
            Some(existing) => {
                let certainty = if r.certainty.strength() > existing.certainty.strength() {
                    r.certainty
                } else {
                    existing.certainty
                };
                if better_label(&r.trigger, &existing.trigger) {
                    *existing = r;
                }
                existing.certainty = certainty;
            }
            None => {
                by_key.insert(key, r);
            }
        }
    }
    by_key.into_values().collect()
}

/// `reason [label, label, +2 more]`.
fn reason_lines(reasons: &Reasons) -> Vec<String> {
    reasons
        .iter()
        .map(|(reason, labels)| {
            let shown: Vec<&str> = labels.iter().take(3).map(String::as_str).collect();
            let more = labels.len().saturating_sub(3);
            let mut l = shown.join(", ");
            if more > 0 {
                l.push_str(&format!(", +{more} more"));
            }
            format!("{reason} [{l}]")
        })
        .collect()
}

/// Why a workflow did not start, as far as it matters: every reason when it never started,
/// else only for the events of its commented-out triggers.
fn start_reason_lines(wf: &Workflow, evidence: &Evidence) -> Vec<String> {
    let never_started = !evidence.started.contains(&wf.file.rel);
    let mut merged: Reasons = BTreeMap::new();
    for ((file, event_name), reasons) in &evidence.starts {
        let relevant = never_started || wf.disabled_triggers.iter().any(|d| &d.event == event_name);
        if file == &wf.file.rel && relevant {
            for (reason, labels) in reasons {
                merged
                    .entry(reason.clone())
                    .or_default()
                    .extend(labels.iter().cloned());
            }
        }
    }
    reason_lines(&merged)
}

fn unreachable(repo: &Repo, routes: &[Route], evidence: &Evidence) -> Vec<UnreachableEnvironment> {
    let mut out = Vec::new();
    // Routes by (workflow, job), in route order: filtering every route per job was quadratic.
    let mut by_job: BTreeMap<(&str, &str), Vec<&Route>> = BTreeMap::new();
    for r in routes {
        by_job
            .entry((r.workflow.as_str(), r.job.as_str()))
            .or_default()
            .push(r);
    }
    for wf in &repo.workflows {
        for job in &wf.jobs {
            let Some(env) = &job.environment else {
                continue;
            };
            // Names the expression can produce whatever the event; dynamic names are skipped.
            let Ok(Some(names)) = expr::possible_template_values(&env.name.value, &Context::new())
            else {
                continue;
            };
            let of_job: &[&Route] = by_job
                .get(&(wf.file.rel.as_str(), job.id.value.as_str()))
                .map_or(&[], Vec::as_slice);
            let mut seen: Vec<String> = Vec::new();
            for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
                if seen.iter().any(|s| s.eq_ignore_ascii_case(name))
                    || of_job
                        .iter()
                        .any(|r| r.environment.eq_ignore_ascii_case(name))
                {
                    continue;
                }
                seen.push(name.to_string());
                let mut reasons = start_reason_lines(wf, evidence);
                if let Some(r) = evidence
                    .jobs
                    .get(&(wf.file.rel.clone(), job.id.value.clone()))
                {
                    reasons.extend(reason_lines(r));
                }
                let mut other: Reasons = BTreeMap::new();
                for r in of_job {
                    other
                        .entry(format!("its environment is {} here", r.environment))
                        .or_default()
                        .insert(r.trigger.clone());
                }
                reasons.extend(reason_lines(&other));
                if reasons.is_empty() {
                    reasons.push(format!("no simulated event starts {}", wf.file.file_name()));
                }
                out.push(UnreachableEnvironment {
                    environment: name.to_string(),
                    workflow: wf.file.rel.clone(),
                    workflow_name: wf.display_name().to_string(),
                    job: job.id.value.clone(),
                    reasons,
                    env_span: Some(env.name.span),
                });
            }
        }
    }
    out.sort_by(|a, b| {
        (a.environment.to_lowercase(), &a.workflow, &a.job).cmp(&(
            b.environment.to_lowercase(),
            &b.workflow,
            &b.job,
        ))
    });
    out
}

/// Events worth simulating: one per filter pattern, schedule, dispatch input combinations.
pub fn candidate_events(repo: &Repo, default_branch: &str) -> BTreeSet<Event> {
    prepared_candidate_events(&Prepared::new(repo), default_branch)
}

/// [`candidate_events`] reading the job expressions from the caches of `prep`.
pub(crate) fn prepared_candidate_events(prep: &Prepared, default_branch: &str) -> BTreeSet<Event> {
    let mut events = BTreeSet::new();
    for flow in prep.flows() {
        let refs = ref_hints(flow);
        for t in &flow.wf.triggers {
            match t.event.as_str() {
                "push" => events.extend(push_events(t, default_branch, &refs)),
                "workflow_dispatch" => {
                    events.extend(dispatch_events(flow, t, default_branch, &refs))
                }
                "schedule" if !t.crons.is_empty() => {
                    events.insert(Event::Schedule);
                }
                "pull_request" | "pull_request_target" => {
                    let bases = examples(t.filters.branches.as_ref());
                    if bases.is_empty() {
                        events.insert(Event::PullRequest {
                            base: default_branch.to_string(),
                        });
                    }
                    events.extend(bases.into_iter().map(|base| Event::PullRequest { base }));
                }
                "release" => {
                    events.insert(Event::Release);
                }
                // Reached through callers and upstream runs.
                "workflow_call" | "workflow_run" | "schedule" => {}
                other => {
                    events.insert(Event::Other {
                        event: other.to_string(),
                    });
                }
            }
        }
    }
    events
}

/// One example value per positive pattern of a filter list.
fn examples(list: Option<&Vec<Spanned<String>>>) -> Vec<String> {
    list.map(|l| {
        l.iter()
            .filter_map(|p| Pattern::parse(&p.value).ok()?.example())
            .collect()
    })
    .unwrap_or_default()
}

fn push_events(t: &Trigger, default_branch: &str, refs: &RefHints) -> Vec<Event> {
    let f = &t.filters;
    let branch_filtered = f.branches.is_some() || f.branches_ignore.is_some();
    let tag_filtered = f.tags.is_some() || f.tags_ignore.is_some();
    // Tags-only filters skip branch pushes and branches-only filters skip tag pushes.
    let takes_branches = branch_filtered || !tag_filtered;
    let takes_tags = tag_filtered || !branch_filtered;
    let mut out: Vec<String> = Vec::new();
    if takes_branches {
        if f.branches.is_some() {
            out.extend(
                examples(f.branches.as_ref())
                    .into_iter()
                    .map(|b| format!("refs/heads/{b}")),
            );
        } else {
            out.push(format!("refs/heads/{default_branch}"));
        }
        out.extend(refs.branches.iter().map(|b| format!("refs/heads/{b}")));
    }
    if takes_tags {
        let mut bases = examples(f.tags.as_ref());
        if f.tags.is_none() || !bases.iter().any(|b| b == EXAMPLE_TAG) {
            bases.push(EXAMPLE_TAG.to_string());
        }
        let tags = bases
            .iter()
            .chain(&refs.tags)
            .cloned()
            .chain(refs.tag_variants(&bases));
        out.extend(tags.map(|t| format!("refs/tags/{t}")));
    }
    out.into_iter()
        .map(|git_ref| Event::Push { git_ref })
        .collect()
}

/// Every combination of the choice and boolean inputs that job conditions, environments or
/// chained commands read, times the refs those conditions name (capped); free-text inputs
/// they read are unknown.
fn dispatch_events(flow: Flow, t: &Trigger, default_branch: &str, refs: &RefHints) -> Vec<Event> {
    let wf = flow.wf;
    let read = read_inputs(flow);
    let mut git_refs: Vec<String> = Vec::new();
    let candidates = std::iter::once(format!("refs/heads/{default_branch}"))
        .chain(refs.branches.iter().map(|b| format!("refs/heads/{b}")))
        .chain(refs.tags.iter().map(|t| format!("refs/tags/{t}")))
        .chain(
            refs.tag_variants(&[EXAMPLE_TAG.to_string()])
                .into_iter()
                .map(|t| format!("refs/tags/{t}")),
        );
    for r in candidates {
        if !git_refs.contains(&r) && git_refs.len() < MAX_DISPATCH_COMBINATIONS {
            git_refs.push(r);
        }
    }
    let mut combos: Vec<BTreeMap<String, String>> = vec![BTreeMap::new()];
    for input in &t.inputs {
        let name = &input.name.value;
        if !read.contains(&name.to_lowercase()) {
            continue;
        }
        let values: Vec<String> = match input.kind {
            InputKind::Choice if !input.options.is_empty() => {
                input.options.iter().map(|o| o.value.clone()).collect()
            }
            InputKind::Boolean => vec!["true".into(), "false".into()],
            // Free text (or an environment picker): anything; without a default it is
            // unknown anyway.
            _ if input.default.is_some() => vec![ANY_VALUE.to_string()],
            _ => continue,
        };
        if combos.len() * values.len() * git_refs.len() > MAX_DISPATCH_COMBINATIONS {
            continue;
        }
        combos = combos
            .iter()
            .flat_map(|c| {
                values.iter().map(move |v| {
                    let mut c = c.clone();
                    c.insert(name.clone(), v.clone());
                    c
                })
            })
            .collect();
    }
    let file = wf.file.file_name().to_string();
    git_refs
        .iter()
        .flat_map(|git_ref| {
            combos.iter().map(|inputs| Event::Dispatch {
                workflow: file.clone(),
                inputs: inputs.clone(),
                git_ref: git_ref.clone(),
            })
        })
        .collect()
}

/// Lower-cased input names read by job `if:`, `environment:` and `with:`, and by the steps
/// that start other workflows.
fn read_inputs(flow: Flow) -> BTreeSet<String> {
    let mut paths: Vec<String> = Vec::new();
    let mut read = |e: &Expr| paths.extend(expr::context_paths(e));
    for job_ref in flow.jobs() {
        let (job, parsed) = (job_ref.job, job_ref.parsed());
        condition_exprs(parsed.if_cond.as_ref()).for_each(&mut read);
        if let Some(Ok(parts)) = &parsed.environment {
            template_exprs(parts).for_each(&mut read);
        }
        for i in 0..job.with.len() {
            if let Some(Ok(parts)) = job_ref.with_value(i) {
                template_exprs(parts).for_each(&mut read);
            }
        }
        for (i, step) in job.steps.iter().enumerate() {
            let Some(run) = step
                .run
                .as_ref()
                .filter(|r| r.value.contains("gh workflow run"))
            else {
                continue;
            };
            for part in expr::parse_template(&run.value).unwrap_or_default() {
                if let TemplatePart::Expr(e) = part {
                    read(&e);
                }
            }
            condition_exprs(job_ref.step_if(i).and_then(Option::as_ref)).for_each(&mut read);
        }
    }
    paths
        .iter()
        .filter_map(|p| {
            let p = p.to_lowercase();
            p.strip_prefix("inputs.")
                .or_else(|| p.strip_prefix("github.event.inputs."))
                .map(|rest| rest.split('.').next().unwrap_or(rest).to_string())
        })
        .collect()
}

/// The expressions of a parsed `if:` (none when it does not parse).
fn condition_exprs<E>(cond: Option<&Result<Condition, E>>) -> impl Iterator<Item = &Expr> {
    let (single, parts) = match cond {
        Some(Ok(Condition::Expr(e))) => (Some(e), None),
        Some(Ok(Condition::Template(parts))) => (None, Some(template_exprs(parts))),
        Some(Err(_)) | None => (None, None),
    };
    single.into_iter().chain(parts.into_iter().flatten())
}
