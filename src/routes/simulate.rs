//! Simulating one event: which workflows start, which jobs run, and the chains they set off.

use crate::source::HoldsTemplate as _;
use std::collections::BTreeMap;

use super::context::{call_input_values, set_inputs, Choices, RunContext};
use super::event::{is_unknown_value, refs_for_subject, Event, UNKNOWN_TAG_REF};
use super::jobs::evaluate_jobs;
use super::prepared::{Flow, JobRef, ParsedTemplate, Prepared};
use super::start::{no_live_trigger, workflow_start};
use super::{Certainty, JobOutcome, Simulation, WorkflowRun};
use crate::expr::{self, Context, Eval};
use crate::repo::Repo;
use crate::source::Span;
use crate::workflow::effects::{EffectKind, Token};
use crate::workflow::Workflow;

/// Chain links followed from the simulated event (a run at this depth is evaluated; what it
/// starts is recorded but not followed).
pub const MAX_DEPTH: usize = 4;

/// Runs recorded per simulation at most (bounds work on repositories that fan out).
pub const MAX_RUNS: usize = 256;

/// GitHub follows at most three `workflow_run` links.
const MAX_WORKFLOW_RUN_LINKS: usize = 3;

/// Where a run comes from.
#[derive(Debug, Clone)]
struct Link {
    parent: Option<usize>,
    parent_job: Option<String>,
    via: Option<String>,
    depth: usize,
    /// Certainty that whatever starts this run happens.
    chain: Certainty,
    workflow_run_links: usize,
}

impl Link {
    fn root() -> Link {
        Link {
            parent: None,
            parent_job: None,
            via: None,
            depth: 0,
            chain: Certainty::Yes,
            workflow_run_links: 0,
        }
    }
}

struct Sim<'a> {
    prep: &'a Prepared<'a>,
    default_branch: &'a str,
    runs: Vec<WorkflowRun>,
    truncated: bool,
}

/// Simulate `event` on the repository's workflows. A dispatch considers only the workflow it
/// names; other events consider every workflow. Every run considered is listed, with reasons.
pub fn simulate(repo: &Repo, event: &Event, default_branch: &str) -> Simulation {
    simulate_prepared(&Prepared::new(repo), event, default_branch)
}

/// [`simulate`] with the parse caches of `prep`, which may be shared by many events.
pub(crate) fn simulate_prepared(
    prep: &Prepared,
    event: &Event,
    default_branch: &str,
) -> Simulation {
    simulate_roots(prep, event, default_branch, None)
}

/// [`simulate_prepared`] where only the workflows at `roots` (indices, in order) are
/// considered for the event itself; None considers every workflow. Runs the event starts
/// further down a chain are followed as always.
pub(crate) fn simulate_roots(
    prep: &Prepared,
    event: &Event,
    default_branch: &str,
    roots: Option<&[usize]>,
) -> Simulation {
    let mut sim = Sim {
        prep,
        default_branch,
        runs: Vec::new(),
        truncated: false,
    };
    match event {
        Event::Dispatch { workflow, .. } => match prep.find_workflow(workflow) {
            Some(wf) => sim.start(wf, event, Link::root()),
            None => {
                sim.record(
                    None,
                    workflow,
                    event,
                    (
                        Certainty::No,
                        format!("no workflow file or name matches {workflow}"),
                    ),
                    "",
                    Link::root(),
                );
            }
        },
        _ => match roots {
            None => {
                for flow in prep.flows() {
                    sim.start(flow, event, Link::root());
                }
            }
            Some(roots) => {
                for flow in roots.iter().filter_map(|i| prep.flow(*i)) {
                    sim.start(flow, event, Link::root());
                }
            }
        },
    }
    Simulation {
        event: event.clone(),
        default_branch: default_branch.to_string(),
        runs: sim.runs,
        truncated: sim.truncated,
    }
}

/// Value of a `gh workflow run` argument: `${{ }}` parts evaluated when known; anything
/// else (shell variables) stays as written, which marks it unknown.
fn resolve(raw: &str, ctx: &Context) -> String {
    if !raw.holds_template() {
        return raw.to_string();
    }
    match expr::eval_template(raw, ctx) {
        Ok(Eval::Known(v)) => v.to_display_string(),
        _ => raw.to_string(),
    }
}

/// [`resolve`] with the template parsed once (`parsed` is asked only when `raw` has `${{`).
fn resolve_parsed<'p>(
    raw: &str,
    parsed: impl FnOnce() -> Option<&'p ParsedTemplate>,
    ctx: &Context,
) -> String {
    if !raw.holds_template() {
        return raw.to_string();
    }
    match parsed() {
        Some(Ok(parts)) => match expr::eval_template_parts(parts, ctx) {
            Eval::Known(v) => v.to_display_string(),
            Eval::Unknown => raw.to_string(),
        },
        _ => raw.to_string(),
    }
}

/// `name:` as `workflow_run` lists it (the file path when there is no name).
fn run_name(wf: &Workflow) -> String {
    wf.name
        .as_ref()
        .map(|n| n.value.clone())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| wf.file.rel.clone())
}

/// Certainty that the step at `span` runs when its job runs (its own `if:`).
fn step_certainty(job: JobRef, span: Span, ctx: &Context) -> Certainty {
    let step = job.job.steps.iter().position(|s| {
        s.run.as_ref().is_some_and(|r| r.span == span)
            || s.uses.as_ref().is_some_and(|u| u.span == span)
    });
    match step.and_then(|i| job.step_if(i)).and_then(Option::as_ref) {
        None => Certainty::Yes,
        Some(Ok(cond)) => Certainty::from(expr::eval_parsed_condition(cond, ctx)),
        Some(Err(_)) => Certainty::Unknown,
    }
}

impl Sim<'_> {
    /// Append a run; None once [`MAX_RUNS`] is reached.
    fn record(
        &mut self,
        wf: Option<&Workflow>,
        workflow: &str,
        event: &Event,
        (starts, reason): (Certainty, String),
        trigger: &str,
        link: Link,
    ) -> Option<usize> {
        if self.runs.len() >= MAX_RUNS {
            self.truncated = true;
            return None;
        }
        self.runs.push(WorkflowRun {
            workflow: wf.map_or_else(|| workflow.to_string(), |w| w.file.rel.clone()),
            name: wf.map_or_else(String::new, |w| w.display_name().to_string()),
            event: event.clone(),
            starts,
            reason,
            trigger: trigger.to_string(),
            jobs: Vec::new(),
            via: link.via,
            depth: link.depth,
            parent: link.parent,
            parent_job: link.parent_job,
            token_blocked: None,
        });
        Some(self.runs.len() - 1)
    }

    fn append_reason(&mut self, idx: usize, text: &str) {
        if let Some(run) = self.runs.get_mut(idx) {
            run.reason.push_str(text);
        }
    }

    /// Consider `flow` for `event`; evaluate and follow it when it starts.
    fn start(&mut self, flow: Flow, event: &Event, link: Link) {
        let wf = flow.wf;
        let st = workflow_start(flow, event, self.default_branch);
        let starts = link.chain.and(st.certainty);
        let info = (link.depth, link.workflow_run_links);
        let Some(idx) = self.record(Some(wf), "", event, (starts, st.reason), &st.label, link)
        else {
            return;
        };
        if !starts.possible() {
            return;
        }
        let rc = self
            .prep
            .run_context(flow, event, &st.event_name, self.default_branch);
        self.expand(idx, flow, &rc, event, &st.event_name, info, false);
    }

    /// Is there an ancestor run of the same workflow for the same event and trigger?
    fn is_cycle(&self, idx: usize) -> bool {
        let Some(run) = self.runs.get(idx) else {
            return false;
        };
        let mut cur = run.parent;
        let mut steps = 0;
        while let Some(i) = cur {
            let Some(a) = self.runs.get(i) else { break };
            if a.workflow == run.workflow && a.event == run.event && a.trigger == run.trigger {
                return true;
            }
            cur = a.parent;
            steps += 1;
            if steps > MAX_RUNS {
                break;
            }
        }
        false
    }

    /// Evaluate the jobs of a started run and follow what they start.
    #[allow(clippy::too_many_arguments)] // one call site per kind of run; a struct adds nothing
    fn expand(
        &mut self,
        idx: usize,
        flow: Flow,
        rc: &RunContext,
        event: &Event,
        event_name: &str,
        (depth, workflow_run_links): (usize, usize),
        is_call: bool,
    ) {
        if depth > MAX_DEPTH {
            self.append_reason(
                idx,
                &format!("; not followed: chains are followed {MAX_DEPTH} levels deep"),
            );
            return;
        }
        if self.is_cycle(idx) {
            self.append_reason(
                idx,
                "; already started higher up this chain (cycle), not followed",
            );
            return;
        }
        let jobs = evaluate_jobs(flow, &rc.full, &rc.choices, event_name);
        self.follow_jobs(idx, flow, rc, event, event_name, &jobs, depth);
        // Nothing reads a run's jobs while its chains are followed.
        if let Some(run) = self.runs.get_mut(idx) {
            run.jobs = jobs;
        }
        if !is_call && workflow_run_links < MAX_WORKFLOW_RUN_LINKS {
            self.follow_workflow_run(idx, flow.wf, event, depth, workflow_run_links);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn follow_jobs(
        &mut self,
        idx: usize,
        flow: Flow,
        rc: &RunContext,
        event: &Event,
        event_name: &str,
        jobs: &[JobOutcome],
        depth: usize,
    ) {
        let wf = flow.wf;
        let starts = self.runs.get(idx).map_or(Certainty::No, |r| r.starts);
        let ctx = &rc.full;
        for outcome in jobs.iter().filter(|o| o.runs.possible()) {
            let Some(job_ref) = flow.job(&outcome.job) else {
                continue;
            };
            let job = job_ref.job;
            let cert = starts.and(outcome.runs);
            let link = |via: String, chain: Certainty| Link {
                parent: Some(idx),
                parent_job: Some(job.id.value.clone()),
                via: Some(via),
                depth: depth + 1,
                chain,
                workflow_run_links: 0,
            };
            if let Some(uses) = &job.uses {
                let via = format!(
                    "called by {} job {} (uses: {})",
                    wf.display_name(),
                    job.id.value,
                    uses.value
                );
                self.call(&uses.value, job_ref, rc, event, event_name, link(via, cert));
            }
            for effect in &job.effects {
                let c = cert.and(step_certainty(job_ref, effect.span, ctx));
                if !c.possible() {
                    continue;
                }
                match &effect.kind {
                    EffectKind::TriggersWorkflow {
                        target,
                        inputs,
                        git_ref,
                    } => {
                        let via = format!(
                            "started by `gh workflow run {target}` in {} job {}",
                            wf.display_name(),
                            job.id.value
                        );
                        self.dispatch_chain(target, inputs, git_ref.as_deref(), ctx, link(via, c));
                    }
                    EffectKind::PushesTag => {
                        let via =
                            format!("tag pushed by {} job {}", wf.display_name(), job.id.value);
                        let ev = Event::Push {
                            git_ref: UNKNOWN_TAG_REF.to_string(),
                        };
                        self.token_chain(&ev, &effect.token, "pushed", link(via, c));
                    }
                    EffectKind::CreatesRelease => {
                        let via = format!(
                            "release created by {} job {}",
                            wf.display_name(),
                            job.id.value
                        );
                        self.token_chain(&Event::Release, &effect.token, "created", link(via, c));
                    }
                    _ => {}
                }
            }
        }
    }

    /// `gh workflow run`: a dispatch, exempt from the GITHUB_TOKEN rule.
    fn dispatch_chain(
        &mut self,
        target: &str,
        inputs: &[(String, String)],
        git_ref: Option<&str>,
        ctx: &Context,
        link: Link,
    ) {
        let target = resolve(target, ctx);
        let inputs: BTreeMap<String, String> = inputs
            .iter()
            .map(|(k, v)| (k.clone(), resolve(v, ctx)))
            .collect();
        let git_ref = match git_ref.map(|r| resolve(r, ctx)) {
            Some(r) if is_unknown_value(&r) => r,
            Some(r) => refs_for_subject(&r),
            // gh dispatches on the default branch unless --ref is given.
            None => format!("refs/heads/{}", self.default_branch),
        };
        let event = Event::Dispatch {
            workflow: target.clone(),
            inputs,
            git_ref,
        };
        if is_unknown_value(&target) {
            let starts = link.chain.and(Certainty::Unknown);
            let why = "the workflow to start is not known before the run".to_string();
            self.record(
                None,
                &target,
                &event,
                (starts, why),
                "workflow_dispatch",
                link,
            );
            return;
        }
        match self.prep.find_workflow(&target) {
            Some(flow) => self.start(flow, &event, link),
            None => {
                let why = format!("no workflow file or name matches {target}");
                self.record(None, &target, &event, (Certainty::No, why), "", link);
            }
        }
    }

    /// A tag push or release made by a job: nothing starts with GITHUB_TOKEN; with another
    /// token, every workflow listening for it.
    fn token_chain(&mut self, event: &Event, token: &Token, verb: &str, link: Link) {
        let prep = self.prep;
        let listeners: Vec<Flow> = prep
            .flows()
            .filter(|&w| {
                workflow_start(w, event, self.default_branch)
                    .certainty
                    .possible()
            })
            .collect();
        match token {
            Token::Default => {
                let mut why = format!(
                    "{verb} with GITHUB_TOKEN: events from GITHUB_TOKEN start no workflows"
                );
                let names: Vec<String> = listeners
                    .iter()
                    .map(|w| w.wf.file.file_name().to_string())
                    .collect();
                if !names.is_empty() {
                    why.push_str(&format!(" (would otherwise start {})", names.join(", ")));
                }
                if let Some(idx) = self.record(None, "", event, (Certainty::No, why), "", link) {
                    if let Some(run) = self.runs.get_mut(idx) {
                        run.token_blocked = Some(names);
                    }
                }
            }
            Token::Custom(_) if listeners.is_empty() => {
                let why = "no workflow has a live trigger for it".to_string();
                self.record(None, "", event, (Certainty::No, why), "", link);
            }
            Token::Custom(_) => {
                for wf in listeners {
                    self.start(wf, event, link.clone());
                }
            }
        }
    }

    /// A reusable workflow call `uses: ./.github/workflows/x.yml`: the called jobs run in
    /// the caller's context with `inputs` from `with:`.
    fn call(
        &mut self,
        uses: &str,
        job_ref: JobRef,
        rc: &RunContext,
        event: &Event,
        event_name: &str,
        link: Link,
    ) {
        let job = job_ref.job;
        let path = uses.trim();
        // `./` and the newer self-repository form `$/` name a file of this repository.
        let Some(rel) = path.strip_prefix("./").or_else(|| path.strip_prefix("$/")) else {
            let why = "reusable workflow from another repository; its jobs are not simulated";
            self.record(
                None,
                path,
                event,
                (link.chain, why.to_string()),
                "workflow_call",
                link,
            );
            return;
        };
        let prep = self.prep;
        let Some(called_flow) = prep.flows().find(|w| w.wf.file.rel == rel) else {
            let why = format!("{rel} is not a workflow of this repository");
            self.record(
                None,
                rel,
                event,
                (Certainty::No, why),
                "workflow_call",
                link,
            );
            return;
        };
        let called = called_flow.wf;
        let Some(trigger) = called.trigger("workflow_call") else {
            let why = no_live_trigger(called, "workflow_call");
            self.record(
                Some(called),
                "",
                event,
                (Certainty::No, why),
                "workflow_call",
                link,
            );
            return;
        };
        let starts = link.chain;
        let info = (link.depth, link.workflow_run_links);
        let why = format!("workflow_call trigger, called by job {}", job.id.value);
        let Some(idx) = self.record(
            Some(called),
            "",
            event,
            (starts, why),
            "workflow_call",
            link,
        ) else {
            return;
        };
        let given: BTreeMap<String, Option<String>> = job
            .with
            .iter()
            .enumerate()
            .map(|(i, (k, v))| {
                let value = resolve_parsed(&v.value, || job_ref.with_value(i), &rc.full);
                (
                    k.value.clone(),
                    (!is_unknown_value(&value)).then_some(value),
                )
            })
            .collect();
        let mut full = rc.base.clone();
        set_inputs(&mut full, &call_input_values(&trigger.inputs, &given));
        let called_rc = RunContext {
            base: rc.base.clone(),
            full,
            choices: Choices::default(),
        };
        self.expand(idx, called_flow, &called_rc, event, event_name, info, true);
    }

    /// Workflows with `on: workflow_run` listing this workflow's name.
    fn follow_workflow_run(
        &mut self,
        idx: usize,
        wf: &Workflow,
        event: &Event,
        depth: usize,
        links: usize,
    ) {
        let upstream = run_name(wf);
        let starts = self.runs.get(idx).map_or(Certainty::No, |r| r.starts);
        let ev = Event::WorkflowRun {
            workflow: upstream.clone(),
            git_ref: event.git_ref(self.default_branch),
        };
        let prep = self.prep;
        for w in prep.workflow_run_listeners(&upstream) {
            {
                let link = Link {
                    parent: Some(idx),
                    parent_job: None,
                    via: Some(format!("started by workflow_run after {upstream}")),
                    depth: depth + 1,
                    chain: starts,
                    workflow_run_links: links + 1,
                };
                self.start(w, &ev, link);
            }
        }
    }
}
