//! "Release process - current reality": the dispatch commands that work today and, step by
//! step, what each run does (simulated), with ✅/⚠️/❌.

use std::collections::{BTreeMap, BTreeSet};

use super::routing::route_mark;
use super::workflows::{is_operation_workflow, mark, status_line};
use super::ReportInput;
use crate::checks::Outcome;
use crate::docs::ClaimKind;
use crate::facts::environments::releases_or_deploys;
use crate::finding::Topic;
use crate::routes::{environment_label, Certainty, Event};
use crate::workflow::effects::{job_effects, EffectKind};
use crate::workflow::evidence::tag_only_gate;
use crate::workflow::{InputKind, Workflow};

/// Inputs for a dispatch: a documented command that the workflow accepts, else defaults and
/// the first option of choice inputs without a default (the one the Run workflow form shows).
fn dispatch_inputs(input: &ReportInput, wf: &Workflow) -> BTreeMap<String, String> {
    for (doc, _, c) in input.repo.doc_claims() {
        let ClaimKind::Command {
            workflow, inputs, ..
        } = &c.kind
        else {
            continue;
        };
        let accepted = input.claims.iter().any(|k| {
            k.topic == Topic::Input
                && k.doc == doc.path
                && k.span.start.line == c.span.start.line
                && k.outcome == Outcome::Holds
        });
        let same = input
            .repo
            .find_workflow(workflow)
            .is_some_and(|w| w.file.rel == wf.file.rel);
        if accepted && same {
            return inputs.iter().cloned().collect();
        }
    }
    let mut out = BTreeMap::new();
    if let Some(t) = wf.trigger("workflow_dispatch") {
        for i in &t.inputs {
            let value = i
                .default
                .as_ref()
                .map(|d| d.value.clone())
                .or_else(|| match i.kind {
                    InputKind::Choice => i.options.first().map(|o| o.value.clone()),
                    // A required free-form input: a placeholder the reader must fill in.
                    _ if i.required => Some(format!("<{}>", i.name.value)),
                    _ => None,
                });
            if let Some(v) = value {
                if i.required || i.kind == InputKind::Choice {
                    out.insert(i.name.value.clone(), v);
                }
            }
        }
    }
    out
}

fn command(wf: &Workflow, inputs: &BTreeMap<String, String>) -> String {
    let mut s = format!("gh workflow run {}", wf.file.file_name());
    for (k, v) in inputs {
        s.push_str(&format!(" --field {k}={v}"));
    }
    s
}

/// Jobs of `wf` that run (or may run) for at least one dispatch of it: every combination of
/// choice and boolean inputs the simulation enumerates.
fn jobs_run_by_some_dispatch(input: &ReportInput, wf: &Workflow) -> BTreeSet<String> {
    let mut jobs = BTreeSet::new();
    for event in input.simulator.candidate_events() {
        let Event::Dispatch { workflow, .. } = &event else {
            continue;
        };
        if input
            .repo
            .find_workflow(workflow)
            .is_none_or(|w| w.file.rel != wf.file.rel)
        {
            continue;
        }
        let sim = input.simulator.simulate(event);
        for run in sim
            .runs
            .iter()
            .filter(|r| r.workflow == wf.file.rel && r.depth == 0)
        {
            for j in &run.jobs {
                if run.starts.and(j.runs) != Certainty::No {
                    jobs.insert(j.job.clone());
                }
            }
        }
    }
    jobs
}

/// Numbered steps of a dispatch run: each job's effects with its run status.
fn steps(input: &ReportInput, wf: &Workflow, inputs: &BTreeMap<String, String>) -> Vec<String> {
    let event = Event::Dispatch {
        workflow: wf.file.rel.clone(),
        inputs: inputs.clone(),
        git_ref: format!("refs/heads/{}", input.default_branch),
    };
    let sim = input.simulator.simulate(&event);
    let Some(root) = sim
        .runs
        .iter()
        .position(|r| r.workflow == wf.file.rel && r.depth == 0)
    else {
        return Vec::new();
    };
    let run = &sim.runs[root];
    // Simulating every dispatch is only needed to explain a skipped job.
    let mut runs_on_some_dispatch: Option<BTreeSet<String>> = None;
    let mut out = Vec::new();
    for job in &wf.jobs {
        let Some(outcome) = run.job(&job.id.value) else {
            continue;
        };
        let c = run.starts.and(outcome.runs);
        // Skipped for the inputs of this command only, or for every dispatch?
        let other_inputs_run_it = c == Certainty::No
            && runs_on_some_dispatch
                .get_or_insert_with(|| jobs_run_by_some_dispatch(input, wf))
                .contains(&job.id.value);
        let why = match c {
            Certainty::No if other_inputs_run_it => format!(
                " (job `{}` does not run with these inputs: {})",
                job.id.value, outcome.reason
            ),
            Certainty::No => format!(
                " (job `{}` never runs on workflow_dispatch: {})",
                job.id.value, outcome.reason
            ),
            Certainty::Unknown => {
                format!(" (job `{}` runs only if its conditions hold)", job.id.value)
            }
            Certainty::Yes => String::new(),
        };
        let mut labels: Vec<String> = Vec::new();
        // A release step that runs only for a tag ref does nothing on this (branch) dispatch,
        // as far as the files tell: ⚠️, never ✅.
        let mut gated: Vec<(String, u32)> = Vec::new();
        for e in job_effects(job) {
            let label = match &e.kind {
                EffectKind::ComputesVersion => "Calculate new version".to_string(),
                EffectKind::CreatesTag => continue,
                EffectKind::PushesTag => "Create and push tag".to_string(),
                EffectKind::CreatesRelease => "Create GitHub release".to_string(),
                EffectKind::Publishes(to) => format!("Publish to {to}"),
                EffectKind::TriggersWorkflow { target, .. } => {
                    let name = input
                        .repo
                        .find_workflow(target)
                        .map_or(target.clone(), |w| w.display_name().to_string());
                    format!("Trigger {name} workflow")
                }
                EffectKind::Deploys(_) => {
                    let envs = &outcome.environments;
                    // "environment" keeps names that read like verbs clear ("Deploy to deploy").
                    match envs.as_slice() {
                        [] => "Deploy to environment".to_string(),
                        [one] => format!("Deploy to environment {one}"),
                        many => format!("Deploy to environments {}", many.join(", ")),
                    }
                }
            };
            if matches!(
                e.kind,
                EffectKind::PushesTag | EffectKind::CreatesRelease | EffectKind::Publishes(_)
            ) {
                if let Some(line) = tag_only_gate(wf, job, e.span) {
                    gated.push((label.clone(), line));
                }
            }
            if !labels.contains(&label) {
                labels.push(label);
            }
        }
        let named = labels.is_empty();
        if named {
            labels.push(format!("Run job `{}`", job.id.value));
        }
        for l in labels {
            // "Run job `x`" already names the job.
            let job_note = if why.is_empty() && !named {
                format!(" (job `{}`)", job.id.value)
            } else {
                String::new()
            };
            if let Some((_, line)) = gated.iter().find(|(g, _)| *g == l) {
                if c != Certainty::No {
                    out.push(format!(
                        "{l} ⚠️{job_note} (only for a tag ref: the condition at {} line {line}; this dispatch runs on a branch)",
                        wf.file.file_name()
                    ));
                    continue;
                }
            }
            out.push(format!("{l} {}{job_note}{why}", mark(c)));
        }
    }
    // What the run's own tag pushes and releases start: worth a step only when some workflow
    // listens for them, live ("would otherwise start") or in a commented-out trigger.
    let blocked: Vec<&Vec<String>> = sim
        .runs
        .iter()
        .filter(|r| r.parent == Some(root))
        .filter_map(|r| r.token_blocked.as_ref())
        .collect();
    let mut listeners: Vec<&str> = blocked
        .iter()
        .flat_map(|names| names.iter())
        .map(String::as_str)
        .collect();
    listeners.sort_unstable();
    listeners.dedup();
    if !blocked.is_empty() && (!listeners.is_empty() || has_disabled_tag_listener(input)) {
        let mut step = "Start tag-triggered workflows ❌ (the tag and release are made with GITHUB_TOKEN, whose events start no workflows".to_string();
        if !listeners.is_empty() {
            let verb = if listeners.len() == 1 {
                "listens"
            } else {
                "listen"
            };
            step.push_str(&format!("; {} {verb} for them", listeners.join(", ")));
        }
        step.push(')');
        out.push(step);
    }
    out
}

/// A commented-out trigger that would listen for a tag push or a release.
fn has_disabled_tag_listener(input: &ReportInput) -> bool {
    input.repo.workflows.iter().any(|w| {
        w.disabled_triggers.iter().any(|d| match d.event.as_str() {
            "release" => true,
            "push" => d.filters.tags.is_some() || d.filters.branches.is_none(),
            _ => false,
        })
    })
}

pub fn release_process(input: &ReportInput) -> String {
    let mut out = String::from("## Release Process - Current Reality\n\n");
    let release: Vec<&Workflow> = input
        .repo
        .workflows
        .iter()
        .filter(|w| w.trigger("workflow_dispatch").is_some() && !is_operation_workflow(w))
        .filter(|w| {
            w.jobs.iter().any(|j| {
                job_effects(j).iter().any(|e| {
                    matches!(
                        e.kind,
                        EffectKind::PushesTag
                            | EffectKind::CreatesRelease
                            | EffectKind::Publishes(_)
                    )
                })
            })
        })
        .collect();
    for wf in &release {
        // Several walkthroughs: each heading names its workflow.
        let with = if release.len() > 1 {
            format!(" with {}", wf.file.file_name())
        } else {
            String::new()
        };
        out.push_str(&format!(
            "### Creating a Release{with} ({})\n\n```bash\n",
            status_line(input.repo, wf)
        ));
        let inputs = dispatch_inputs(input, wf);
        out.push_str(&format!(
            "# {}: run by hand\n{}\n\n# This will:\n",
            wf.display_name(),
            command(wf, &inputs)
        ));
        for (i, s) in steps(input, wf, &inputs).iter().enumerate() {
            out.push_str(&format!("# {}. {s}\n", i + 1));
        }
        out.push_str("```\n\n");
    }
    // Deploy workflows started by hand: one command per environment choice, else one command.
    let mut deploy_cmds = String::new();
    for wf in input.repo.workflows.iter().filter(|w| {
        !release.iter().any(|r| r.file.rel == w.file.rel)
            && !is_operation_workflow(w)
            && releases_or_deploys(w)
    }) {
        let Some(t) = wf.trigger("workflow_dispatch") else {
            continue;
        };
        let manual: Vec<_> = input
            .routes
            .routes
            .iter()
            .filter(|r| !r.automatic && r.workflow == wf.file.rel)
            .collect();
        let Some(first) = manual.first() else {
            continue;
        };
        let before = deploy_cmds.len();
        for i in t.inputs.iter().filter(|i| i.kind == InputKind::Choice) {
            for o in &i.options {
                let label = format!("{}={}", i.name.value, o.value);
                let Some(route) = manual
                    .iter()
                    .find(|r| r.trigger.split_whitespace().any(|w| w == label))
                else {
                    continue;
                };
                deploy_cmds.push_str(&format!(
                    "# {} → {}: {}\ngh workflow run {} --field {label}\n\n",
                    wf.display_name(),
                    route.environment,
                    route_mark(input, route),
                    wf.file.file_name()
                ));
            }
        }
        // No choice picks the environment: one command, with the environments it deploys to.
        if deploy_cmds.len() == before {
            let mut envs: Vec<String> = Vec::new();
            for r in &manual {
                let env = environment_label(input.repo, &r.workflow, &r.environment);
                if !envs.contains(&env) {
                    envs.push(env);
                }
            }
            deploy_cmds.push_str(&format!(
                "# {} → {}: {}\n{}\n\n",
                wf.display_name(),
                envs.join(", "),
                route_mark(input, first),
                command(wf, &dispatch_inputs(input, wf))
            ));
        }
    }
    if !deploy_cmds.is_empty() {
        out.push_str("### Manual Deployment\n\n```bash\n");
        out.push_str(deploy_cmds.trim_end());
        out.push_str("\n```\n\n");
    }
    if release.is_empty() && deploy_cmds.is_empty() {
        out.push_str("No workflow can be started by hand to release or deploy.\n\n");
    }
    out
}
