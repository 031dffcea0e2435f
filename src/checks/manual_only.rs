//! `manual-only`: a releasing/deploying workflow that only `workflow_dispatch` can start.

use super::doc_unknown_workflow::{lookup, Lookup};
use super::{Ctx, Rule};
use crate::docs::ClaimKind;
use crate::finding::{Finding, Severity};
use crate::repo::Repo;
use crate::workflow::effects::{job_effects, EffectKind};
use crate::workflow::Workflow;

pub struct ManualOnly;

/// Short name of what an effect does, for the message (deploys are listed together).
fn effect_word(k: &EffectKind) -> Option<String> {
    Some(match k {
        EffectKind::Deploys(_) => "targets".into(),
        EffectKind::PushesTag => "pushes tags".into(),
        EffectKind::CreatesRelease => "creates releases".into(),
        EffectKind::Publishes(to) => format!("publishes to {to}"),
        EffectKind::TriggersWorkflow { target, .. } => format!("starts workflow `{target}`"),
        EffectKind::CreatesTag | EffectKind::ComputesVersion => return None,
    })
}

/// A doc describes `wf` as started only by hand ("`release.yml` runs by hand", "Triggers: manual",
/// "Actions → Release → Run workflow"):
/// the manual-only design is documented, so there is nothing to report.
pub(super) fn documented_as_manual(repo: &Repo, wf: &Workflow) -> bool {
    repo.docs_with_models()
        .flat_map(|(_, m)| m.claims.iter())
        .any(|c| match &c.kind {
            ClaimKind::TriggerDescription {
                workflow, events, ..
            } => {
                // Manual only: a description that also names an automatic event ("push to
                // `main`, manual") does not describe this workflow.
                !events.is_empty()
                    && events.iter().all(|e| e.event == "workflow_dispatch")
                    && matches!(lookup(repo, workflow), Lookup::Found(w) if w.file.rel == wf.file.rel)
            }
            // A click path to the workflow's Run-workflow button: the doc tells people to run it
            // by hand.
            ClaimKind::RunButton { workflow } => {
                matches!(lookup(repo, workflow), Lookup::Found(w) if w.file.rel == wf.file.rel)
            }
            _ => false,
        })
}

/// Another workflow with an automatic trigger starts `wf` (`gh workflow run wf.yml`, a
/// dispatch action): runs by `GITHUB_TOKEN` may dispatch, so `wf` is not started only by hand.
fn started_by_automatic(repo: &Repo, wf: &Workflow) -> bool {
    repo.workflows.iter().any(|other| {
        other.file.rel != wf.file.rel
            && other.automatic_triggers().next().is_some()
            && other.jobs.iter().flat_map(job_effects).any(|e| {
                matches!(&e.kind, EffectKind::TriggersWorkflow { target, .. }
                    if matches!(lookup(repo, target), Lookup::Found(w) if w.file.rel == wf.file.rel))
            })
    })
}

impl Rule for ManualOnly {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            let Some(dispatch) = wf.trigger("workflow_dispatch") else {
                continue;
            };
            if wf.automatic_triggers().next().is_some() || started_by_automatic(cx.repo, wf) {
                continue;
            }
            let mut effects = Vec::new();
            let mut envs: Vec<String> = Vec::new();
            let mut first_span = None;
            for job in &wf.jobs {
                for e in job_effects(job) {
                    if let EffectKind::Deploys(_) = &e.kind {
                        for env in super::common::job_environments(wf, job) {
                            let env = format!("`{env}`");
                            if !envs.contains(&env) {
                                envs.push(env);
                            }
                        }
                    }
                    if let Some(w) = effect_word(&e.kind) {
                        first_span.get_or_insert(e.span);
                        if !effects.contains(&w) {
                            effects.push(w);
                        }
                    }
                }
            }
            let Some(effect_span) = first_span else {
                continue;
            };
            let effects: Vec<String> = effects
                .into_iter()
                .map(|w| {
                    if w == "targets" {
                        let noun = if envs.len() == 1 {
                            "environment"
                        } else {
                            "environments"
                        };
                        format!("targets {noun} {}", envs.join(", "))
                    } else {
                        w
                    }
                })
                .collect();
            let mut msg = format!(
                "{} {} but can only be started by hand (workflow_dispatch is its only trigger)",
                wf.display_name(),
                effects.join(", ")
            );
            let disabled = wf.disabled_triggers.iter().any(|d| !d.partial);
            if !disabled && documented_as_manual(cx.repo, wf) {
                continue;
            }
            if let Some(d) = wf.disabled_triggers.iter().find(|d| !d.partial) {
                msg.push_str(&format!(
                    "; `{}` is commented out at line {}",
                    d.describe(),
                    d.first_line
                ));
            }
            let mut f = cx
                .finding(
                    Self::ID,
                    &wf.file,
                    wf.on_span.unwrap_or(dispatch.span),
                    msg,
                )
                .with_related(&wf.file, effect_span, "release/deploy step");
            // Manual-only by design (emergency tools) is common: a note. A trigger that was
            // commented out shows it used to be automatic: a warning.
            if !disabled {
                f.severity = Severity::Note;
                f.help =
                    format!("if manual runs are intended, say so in the docs (e.g. \"`{}` runs by hand\") and this note goes away", wf.file.file_name());
            } else {
                f.help = "restore the commented trigger, or update the docs that describe automatic releases".into();
            }
            for d in wf.disabled_triggers.iter().filter(|d| !d.partial) {
                f = f.with_related(&wf.file, d.span, "disabled trigger");
            }
            out.push(f);
        }
    }
}
