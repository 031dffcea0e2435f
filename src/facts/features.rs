//! What each workflow delivers, for the report's "Available Features": every effect of the
//! effects model with whether it happens — yes, never (the job never runs, or the step is
//! commented out) or unknown (conditions the files cannot decide, an environment no step
//! visibly deploys to, a release step limited to tag refs no tag push reaches).

use std::collections::BTreeMap;

use crate::repo::Repo;
use crate::routes::{Certainty, Simulator};
use crate::workflow::effects::{job_effects, EffectKind};
use crate::workflow::evidence::{tag_only_gate, visible_deploy};
use crate::workflow::{Job, Workflow};

use super::environments::job_environments;

/// One feature line: whether it happens and what, with its job and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    pub certainty: Certainty,
    pub text: String,
}

/// Job id → whether the job can run, with the reason when it cannot.
pub type JobCertainties = BTreeMap<String, (Certainty, String)>;

/// Workflow (repo-relative path) → [`JobCertainties`].
pub type JobTable = BTreeMap<String, JobCertainties>;

/// Whether each job of a workflow can run, over every event the repository can receive,
/// with the reason when it cannot.
pub fn job_certainties(repo: &Repo, default_branch: &str, wf: &Workflow) -> JobCertainties {
    job_table(&Simulator::new(repo, default_branch))
        .remove(&wf.file.rel)
        .unwrap_or_default()
}

/// [`job_certainties`] of every workflow, in one pass over the candidate events: a pass per
/// workflow, each re-parsing every filter, made the report cubic in the number of workflows.
/// Workflows a push cannot start are left out of each simulation (they run no job).
pub fn job_table(simulator: &Simulator) -> JobTable {
    let mut table = JobTable::new();
    for event in simulator.candidate_events() {
        let sim = simulator.simulate_starting(event);
        for run in &sim.runs {
            if run.jobs.is_empty() {
                continue;
            }
            let out = table.entry(run.workflow.clone()).or_default();
            for j in &run.jobs {
                let c = run.starts.and(j.runs);
                let entry = out
                    .entry(j.job.clone())
                    .or_insert((Certainty::No, j.reason.clone()));
                let rank = |c: Certainty| match c {
                    Certainty::Yes => 2,
                    Certainty::Unknown => 1,
                    Certainty::No => 0,
                };
                if rank(c) > rank(entry.0) {
                    *entry = (c, j.reason.clone());
                }
            }
        }
    }
    table
}

/// Does a live `push` trigger of the workflow take tags (a `tags:` filter, or no filter)?
fn starts_on_tag_push(wf: &Workflow) -> bool {
    wf.automatic_triggers().any(|t| {
        t.event == "push"
            && (t.filters.tags.is_some()
                || t.filters.tags_ignore.is_some()
                || (t.filters.branches.is_none() && t.filters.branches_ignore.is_none()))
    })
}

/// Effect families the release view of a job ([`job_effects`]) already lists, and caches
/// (too common to be a feature).
const IN_VIEW: &[&str] = &[
    "environment",
    "version",
    "tag",
    "tag-push",
    "release",
    "publish",
    "workflow-run",
    "cache",
];

/// Every feature of a workflow, in job order: manual dispatch, each job's release effects
/// (deploys, versions, tags, releases, publishing, started workflows) and then its other
/// effects (tests, notifications, pull requests, ...), commented-out steps, and commented-out
/// triggers.
pub fn workflow_features(repo: &Repo, default_branch: &str, wf: &Workflow) -> Vec<Feature> {
    workflow_features_with(repo, wf, &job_certainties(repo, default_branch, wf))
}

/// [`workflow_features`] with the job certainties already known (from a [`job_table`]).
pub fn workflow_features_with(
    repo: &Repo,
    wf: &Workflow,
    certainties: &JobCertainties,
) -> Vec<Feature> {
    let mut out = Vec::new();
    let mut push = |certainty: Certainty, text: String| {
        let f = Feature { certainty, text };
        // The same line twice (two jobs deploying to the same place on the same line) once.
        if out.last() != Some(&f) {
            out.push(f);
        }
    };
    if wf.trigger("workflow_dispatch").is_some() {
        push(Certainty::Yes, "Manual workflow dispatch".to_string());
    }
    for job in &wf.jobs {
        let (c, reason) = certainties
            .get(&job.id.value)
            .cloned()
            .unwrap_or((Certainty::No, "no event starts this workflow".into()));
        let why = if c == Certainty::No {
            format!(" - never runs: {reason}")
        } else if c == Certainty::Unknown {
            " - runs only when its conditions hold (not decidable from the files)".to_string()
        } else {
            String::new()
        };
        for (certainty, text, settled) in release_features(repo, wf, job, c) {
            let why = if settled { "" } else { why.as_str() };
            push(certainty, format!("{text}{why}"));
        }
        for e in wf
            .effects
            .effects
            .iter()
            .filter(|e| e.job == job.id.value && !e.disabled)
            .filter(|e| !IN_VIEW.contains(&e.family.as_str()))
        {
            if let Some(what) = e.feature_text() {
                push(
                    c,
                    format!(
                        "{what} (job `{}`, line {}){why}",
                        job.id.value, e.span.start.line
                    ),
                );
            }
        }
    }
    // Commented-out steps: what the workflow would do, and does not.
    for e in wf.effects.effects.iter().filter(|e| e.disabled) {
        if let Some(what) = e.feature_text() {
            let job = if e.job.is_empty() {
                String::new()
            } else {
                format!("job `{}`, ", e.job)
            };
            push(
                Certainty::No,
                format!("{what} ({job}line {}) - commented out", e.span.start.line),
            );
        }
    }
    for d in wf.disabled_triggers.iter().filter(|d| !d.partial) {
        push(
            Certainty::No,
            format!(
                "Automated start on `{}` (commented out, lines {}-{})",
                d.describe(),
                d.first_line,
                d.last_line
            ),
        );
    }
    out
}

/// The release view of one job as (certainty, text, settled): a settled line says itself why
/// it is unknown; the others get the job's run-status note.
fn release_features(
    repo: &Repo,
    wf: &Workflow,
    job: &Job,
    c: Certainty,
) -> Vec<(Certainty, String, bool)> {
    let mut out = Vec::new();
    let at = |line: u32| format!("(job `{}`, line {line})", job.id.value);
    for e in job_effects(job) {
        let line = e.span.start.line;
        let what = match &e.kind {
            EffectKind::ComputesVersion => "Version calculation".to_string(),
            EffectKind::CreatesTag => continue,
            EffectKind::PushesTag => "Tag creation and push".to_string(),
            EffectKind::CreatesRelease => "GitHub release creation".to_string(),
            EffectKind::Publishes(to) => format!("Publishing to {to}"),
            EffectKind::TriggersWorkflow { target, .. } => {
                let name = repo
                    .find_workflow(target)
                    .map(|w| w.display_name().to_string())
                    .unwrap_or_else(|| target.clone());
                format!("{name} workflow triggering (`gh workflow run {target}`)")
            }
            EffectKind::Deploys(_) => {
                let envs = job_environments(wf, job)
                    .iter()
                    .map(|e| format!("`{e}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                if visible_deploy(job).is_none() && c != Certainty::No {
                    // Naming an environment is not deploying to it (test jobs use one for its
                    // secrets): unknown, never ✅.
                    out.push((
                        Certainty::Unknown,
                        format!(
                            "Environment {envs} {} - no step visibly deploys or publishes; it may only scope secrets",
                            at(line)
                        ),
                        true,
                    ));
                    continue;
                }
                format!("Deploy to {envs}")
            }
        };
        // How it publishes or releases (dist-tag, trusted publishing, draft), from the model.
        let family = match e.kind {
            EffectKind::CreatesRelease => Some("release"),
            EffectKind::Publishes(_) => Some("publish"),
            _ => None,
        };
        let what = if let Some(family) = family {
            let q = wf
                .effects
                .effects
                .iter()
                .find(|m| {
                    !m.disabled && m.job == job.id.value && m.span == e.span && m.family == family
                })
                .map(|m| m.qualifiers())
                .unwrap_or_default();
            format!("{what}{q}")
        } else {
            what
        };
        // A release step limited to tag refs in a workflow no tag push starts: only a
        // dispatch on a tag could run it, which the files cannot tell.
        let releases = matches!(
            e.kind,
            EffectKind::PushesTag | EffectKind::CreatesRelease | EffectKind::Publishes(_)
        );
        if releases && c != Certainty::No && !starts_on_tag_push(wf) {
            if let Some(gate) = tag_only_gate(wf, job, e.span) {
                out.push((
                    Certainty::Unknown,
                    format!(
                        "{what} {} - runs only for a tag ref (line {gate}), and no tag push starts this workflow",
                        at(line)
                    ),
                    true,
                ));
                continue;
            }
        }
        out.push((c, format!("{what} {}", at(line)), false));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn features(text: &str) -> Vec<(Certainty, String)> {
        let mut repo = Repo::default();
        let wf = Workflow::load(SourceFile::from_text(".github/workflows/ship.yml", text))
            .expect("valid YAML");
        repo.workflows.push(wf);
        workflow_features(&repo, "main", &repo.workflows[0])
            .into_iter()
            .map(|f| (f.certainty, f.text))
            .collect()
    }

    /// Every effect of the model is a feature: ✅ when its job runs, ⚠️ under conditions the
    /// files cannot decide, ❌ when commented out.
    #[test]
    fn features_list_every_effect_with_whether_it_happens() {
        let got = features(
            "on:\n  push:\n    branches: [main]\njobs:\n  ship:\n    runs-on: x\n    steps:\n      - run: npm test\n      - run: npm publish\n      # - run: cargo publish\n      - if: failure()\n        uses: slackapi/slack-github-action@v2\n  pr:\n    if: github.actor == 'someone'\n    runs-on: x\n    steps:\n      - uses: peter-evans/create-pull-request@v7\n        with:\n          base: pages\n          labels: robot\n",
        );
        let unknown = " - runs only when its conditions hold (not decidable from the files)";
        assert_eq!(
            got,
            [
                (
                    Certainty::Yes,
                    "Publishing to npm (job `ship`, line 9)".to_string()
                ),
                (
                    Certainty::Yes,
                    "Tests (`npm test`) (job `ship`, line 8)".to_string()
                ),
                (
                    Certainty::Yes,
                    "Slack notification on failure (job `ship`, line 12)".to_string()
                ),
                (
                    Certainty::Unknown,
                    format!(
                        "Pull request into `pages` labelled `robot` (job `pr`, line 17){unknown}"
                    )
                ),
                (
                    Certainty::No,
                    "Publishing to crates.io (job `ship`, line 10) - commented out".to_string()
                ),
            ]
        );
    }
}
