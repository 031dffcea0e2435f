//! Per-workflow status: triggers, commented-out lines, and what each job delivers.

use super::ReportInput;
use crate::facts::environments::{releases_or_deploys, workflow_environments};
use crate::facts::features::{job_table, workflow_features_with, JobCertainties};
use crate::repo::Repo;
use crate::routes::Certainty;
use crate::workflow::effects::{job_effects, EffectKind};
use crate::workflow::evidence::visible_deploy;
use crate::workflow::{InputKind, Workflow};

/// ✅ / ⚠️ / ❌ for yes / unknown / no.
pub(crate) fn mark(c: Certainty) -> &'static str {
    match c {
        Certainty::Yes => "✅",
        Certainty::Unknown => "⚠️",
        Certainty::No => "❌",
    }
}

/// "Tag triggers disabled" style words for a workflow's commented-out triggers.
fn disabled_words(wf: &Workflow) -> Option<String> {
    let mut words: Vec<&str> = wf
        .disabled_triggers
        .iter()
        .filter(|d| !d.partial)
        .map(|d| match d.event.as_str() {
            "push" if d.filters.tags.is_some() && d.filters.branches.is_none() => "Tag triggers",
            "push" if d.filters.branches.is_some() => "Branch push triggers",
            "push" => "Push triggers",
            "schedule" => "Schedule",
            "release" => "Release trigger",
            _ => "Triggers",
        })
        .collect();
    words.dedup();
    (!words.is_empty()).then(|| format!("{} disabled", words.join(", ")))
}

/// The status line: `MANUAL ONLY - Tag triggers disabled`, `AUTOMATIC - push (branches main)`,
/// `CALLED BY release.yml` (a reusable workflow runs when a caller's job runs, not by itself).
pub(crate) fn status_line(repo: &Repo, wf: &Workflow) -> String {
    let automatic: Vec<String> = wf.automatic_triggers().map(|t| t.describe()).collect();
    let manual = wf.trigger("workflow_dispatch").is_some();
    let reusable_only =
        !automatic.is_empty() && wf.automatic_triggers().all(|t| t.event == "workflow_call");
    let base = match (automatic.is_empty(), manual) {
        (true, true) => "MANUAL ONLY".to_string(),
        (true, false) => "NO LIVE TRIGGER".to_string(),
        (false, m) if reusable_only => format!(
            "{}{}",
            called_by(repo, wf),
            if m { " (also manual)" } else { "" }
        ),
        (false, m) => format!(
            "AUTOMATIC - {}{}",
            automatic.join(", "),
            if m { " (also manual)" } else { "" }
        ),
    };
    match disabled_words(wf) {
        Some(d) => format!("{base} - {d}"),
        None => base,
    }
}

/// `CALLED BY ci.yml, release.yml`, or that no workflow here calls it.
fn called_by(repo: &Repo, wf: &Workflow) -> String {
    let mut files: Vec<&str> = repo
        .callers(wf)
        .map(|(caller, _)| caller.file.file_name())
        .collect();
    files.dedup();
    if files.is_empty() {
        "REUSABLE - workflow_call, no caller in this repository".to_string()
    } else {
        format!("CALLED BY {}", files.join(", "))
    }
}

/// Dispatch inputs in one line: `version_type`: major / minor / patch.
pub(crate) fn inputs_line(wf: &Workflow) -> Option<String> {
    let t = wf.trigger("workflow_dispatch")?;
    if t.inputs.is_empty() {
        return None;
    }
    let parts: Vec<String> = t
        .inputs
        .iter()
        .map(|i| {
            let opts: Vec<&str> = i.options.iter().map(|o| o.value.as_str()).collect();
            match i.kind {
                InputKind::Choice if !opts.is_empty() => {
                    format!("`{}`: {}", i.name.value, opts.join(" / "))
                }
                InputKind::Boolean => format!("`{}`: true / false", i.name.value),
                _ => format!("`{}`", i.name.value),
            }
        })
        .collect();
    Some(parts.join("; "))
}

/// Does this workflow belong in the release section (tags, releases, publishing, deploys)?
/// A workflow whose only "deploy" is naming an environment (a test job using its secrets)
/// is not one.
fn is_release_workflow(wf: &Workflow) -> bool {
    let only_environments = wf.jobs.iter().all(|j| {
        job_effects(j).iter().all(|e| {
            matches!(
                e.kind,
                EffectKind::Deploys(_) | EffectKind::ComputesVersion | EffectKind::CreatesTag
            )
        }) && (j.environment.is_none() || visible_deploy(j).is_none())
    });
    (releases_or_deploys(wf) && !only_environments)
        || wf.disabled_triggers.iter().any(|d| !d.partial)
}

/// Manual-only operational tools (emergency, rollback): dispatch-only, deploys, no tags.
/// The repository's manual operation workflows, in file order.
pub(crate) fn operation_workflows(repo: &Repo) -> Vec<&Workflow> {
    repo.workflows
        .iter()
        .filter(|w| is_operation_workflow(w))
        .collect()
}

pub(crate) fn is_operation_workflow(wf: &Workflow) -> bool {
    wf.automatic_triggers().next().is_none()
        && wf.disabled_triggers.is_empty()
        && wf
            .trigger("workflow_dispatch")
            .is_some_and(|t| !t.inputs.is_empty())
        && !wf.jobs.iter().any(|j| {
            job_effects(j).iter().any(|e| {
                matches!(
                    e.kind,
                    EffectKind::PushesTag | EffectKind::CreatesRelease | EffectKind::Publishes(_)
                )
            })
        })
}

/// One line per feature of the analysis ([`crate::facts::features::workflow_features`]),
/// marked ✅ / ⚠️ / ❌.
fn feature_lines(input: &ReportInput, wf: &Workflow) -> Vec<String> {
    let table = input.job_table.get_or_init(|| job_table(input.simulator));
    let none = JobCertainties::new();
    let certainties = table.get(&wf.file.rel).unwrap_or(&none);
    workflow_features_with(input.repo, wf, certainties)
        .into_iter()
        .map(|f| format!("- {} {}", mark(f.certainty), f.text))
        .collect()
}

/// The exact commented-out lines, with the reason comment above them.
fn disabled_block(wf: &Workflow) -> Option<String> {
    let blocks: Vec<(u32, u32)> = wf
        .disabled_triggers
        .iter()
        .map(|d| {
            let first = d
                .reason
                .first()
                .map_or(d.first_line, |r| r.line.min(d.first_line));
            (first, d.last_line)
        })
        .collect();
    let (first, last) = (
        blocks.iter().map(|b| b.0).min()?,
        blocks.iter().map(|b| b.1).max()?,
    );
    let mut s = format!(
        "```yaml\n# Current state in {} (lines {first}-{last})\n",
        wf.file.file_name()
    );
    for line in first..=last {
        s.push_str(wf.file.line_text(line));
        s.push('\n');
    }
    s.push_str("```\n\n");
    Some(s)
}

pub fn release_workflow_status(input: &ReportInput) -> String {
    let mut out = String::from("## Current Release Workflow Status\n\n");
    let wfs: Vec<&Workflow> = input
        .repo
        .workflows
        .iter()
        .filter(|w| is_release_workflow(w) && !is_operation_workflow(w))
        .collect();
    if wfs.is_empty() {
        out.push_str(
            "No workflow creates tags, releases, publishes or deploys to an environment.\n\n",
        );
        return out;
    }
    for wf in wfs {
        let flagged = input
            .findings
            .iter()
            .any(|f| f.path == wf.file.path && f.severity >= crate::finding::Severity::Warning);
        let icon = if flagged { "⚠️" } else { "✅" };
        out.push_str(&format!(
            "### {icon} {} Workflow ({})\n\n**Status**: {}\n\n",
            wf.display_name(),
            wf.file.file_name(),
            status_line(input.repo, wf)
        ));
        if let Some(inputs) = inputs_line(wf) {
            out.push_str(&format!("**Inputs**: {inputs}\n\n"));
        }
        if let Some(block) = disabled_block(wf) {
            out.push_str(&block);
        }
        let features = feature_lines(input, wf);
        if !features.is_empty() {
            out.push_str("**Available Features**:\n");
            for f in features {
                out.push_str(&f);
                out.push('\n');
            }
            out.push('\n');
        }
    }
    out
}

/// Manual operation workflows (emergency, rollback) and a table of every workflow.
pub fn other_workflows(input: &ReportInput) -> String {
    let mut out = String::new();
    let ops = operation_workflows(input.repo);
    if !ops.is_empty() {
        out.push_str("## Operational Workflows\n\n");
    }
    for wf in ops {
        let tested = match input.state.map(|s| s.runs_of(&wf.file.rel)) {
            None | Some(crate::state::Lookup::Unknown) => {
                "**Note**: manual only; run history not provided (`--state`), so untested as far as driftlint can tell".to_string()
            }
            Some(crate::state::Lookup::Found(runs)) if !runs.is_empty() => {
                let last = runs[0];
                format!(
                    "**Last run**: {} on {} ({})",
                    last.conclusion.as_deref().unwrap_or("not completed"),
                    last.created_at,
                    last.event
                )
            }
            Some(_) => "**Note**: never run (no runs in the exported history): untested".to_string(),
        };
        out.push_str(&format!(
            "**{} workflow ({})**: ✅ CONFIGURED\n",
            wf.display_name(),
            wf.file.file_name()
        ));
        if let Some(t) = wf.trigger("workflow_dispatch") {
            for i in &t.inputs {
                let opts: Vec<&str> = i.options.iter().map(|o| o.value.as_str()).collect();
                let req = if i.required { ", required" } else { "" };
                if opts.is_empty() {
                    out.push_str(&format!("- Input `{}`{req}\n", i.name.value));
                } else {
                    out.push_str(&format!("- `{}`{req}: {}\n", i.name.value, opts.join(", ")));
                }
            }
        }
        let envs = workflow_environments(wf);
        if !envs.is_empty() {
            out.push_str(&format!("- Environments: {}\n", envs.join(", ")));
        }
        out.push_str(&format!("- {tested}\n\n"));
    }
    out.push_str("## All Workflows\n\n");
    let rows: Vec<Vec<String>> = input
        .repo
        .workflows
        .iter()
        .map(|wf| {
            let envs = workflow_environments(wf);
            vec![
                format!("{} (`{}`)", wf.display_name(), wf.file.file_name()),
                status_line(input.repo, wf),
                wf.jobs.len().to_string(),
                if envs.is_empty() {
                    "-".into()
                } else {
                    envs.join(", ")
                },
            ]
        })
        .collect();
    out.push_str(&crate::report::markdown_table(
        &["Workflow", "Starts", "Jobs", "Environments"],
        &rows,
    ));
    out.push('\n');
    if !input.repo.inert_workflows.is_empty() {
        out.push_str(&format!(
            "\nFiles next to the workflows that GitHub never runs: {}.\n",
            input
                .repo
                .inert_workflows
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    out.push('\n');
    out
}
