//! `cache-poisoning`: a workflow that publishes or releases restores a cache. Caches are
//! shared with runs on other branches and pull requests of the repository, so code that ran
//! in a less trusted run can plant files that end up in the released artifact.

use super::security::{self, step_uses, Confidence};
use super::{Ctx, Rule};
use crate::finding::{Finding, Severity};
use crate::workflow::effects::EffectKind;
use crate::workflow::{Step, Workflow};

pub struct CachePoisoning;

/// How an action caches: always, unless an input turns it off, or only when an input is set.
enum Caches {
    Always,
    Unless(&'static str, &'static str),
    When(&'static str),
}

const CACHING: &[(&str, Caches)] = &[
    ("actions/cache", Caches::Unless("lookup-only", "true")),
    ("actions/cache/restore", Caches::Always),
    ("swatinem/rust-cache", Caches::Always),
    ("mozilla-actions/sccache-action", Caches::Always),
    ("actions/setup-go", Caches::Unless("cache", "false")),
    ("actions/setup-node", Caches::Unless("package-manager-cache", "false")),
    ("actions/setup-python", Caches::When("cache")),
    ("actions/setup-java", Caches::When("cache")),
    ("actions/setup-dotnet", Caches::When("cache")),
    ("astral-sh/setup-uv", Caches::When("enable-cache")),
    ("docker/setup-buildx-action", Caches::Unless("cache-binary", "false")),
    ("jdx/mise-action", Caches::Unless("cache", "false")),
    ("ruby/setup-ruby", Caches::When("bundler-cache")),
    ("gradle/actions/setup-gradle", Caches::Unless("cache-disabled", "true")),
    ("gradle/gradle-build-action", Caches::Unless("cache-disabled", "true")),
    ("pnpm/action-setup", Caches::When("cache")),
    ("oven-sh/setup-bun", Caches::Unless("no-cache", "true")),
];

/// Why the step caches, or None.
fn caches(step: &Step) -> Option<String> {
    let (action, how) = CACHING.iter().find(|(a, _)| step_uses(step, a))?;
    let input = |k: &str| step.with_value(k).map(|v| v.value.trim().to_ascii_lowercase());
    match how {
        Caches::Always => Some(format!("{action} restores a cache")),
        Caches::Unless(k, off) => match input(k) {
            Some(v) if v == *off => None,
            Some(_) => Some(format!("{action} restores a cache (`{k}`)")),
            None => Some(format!("{action} restores a cache by default (`{k}: {off}` turns it off)")),
        },
        Caches::When(k) => match input(k) {
            Some(v) if !v.is_empty() && v != "false" => Some(format!("{action} restores a cache (`{k}: {v}`)")),
            _ => None,
        },
    }
}

/// Why the workflow counts as publishing, or None.
fn publishes(wf: &Workflow) -> Option<String> {
    if let Some(t) = wf.trigger("release") {
        return Some(format!("it runs on `release` (line {})", t.span.start.line));
    }
    if let Some(t) = wf
        .triggers
        .iter()
        .find(|t| t.event == "push" && t.filters.tags.is_some())
    {
        return Some(format!("it runs on tag pushes (line {})", t.span.start.line));
    }
    // Pushes to release branches (`release/*`, `release-*`) usually build what ships.
    if let Some(t) = wf.triggers.iter().find(|t| {
        t.event == "push"
            && t.filters.branches.as_ref().is_some_and(|b| {
                b.iter().any(|p| !p.value.starts_with('!') && p.value.to_ascii_lowercase().contains("release"))
            })
    }) {
        return Some(format!("it runs on pushes to release branches (line {})", t.span.start.line));
    }
    let publishing = wf.jobs.iter().flat_map(|j| &j.effects).find(|e| {
        matches!(
            e.kind,
            EffectKind::Publishes(_) | EffectKind::CreatesRelease
        )
    });
    if let Some(e) = publishing {
        return Some(format!("it publishes or creates a release at line {}", e.span.start.line));
    }
    None
}

impl Rule for CachePoisoning {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            let Some(why) = publishes(wf) else { continue };
            for job in &wf.jobs {
                for step in &job.steps {
                    let (Some(how), Some(uses)) = (caches(step), &step.uses) else {
                        continue;
                    };
                    out.push(security::finding(
                        cx,
                        Self::ID,
                        &wf.file,
                        uses.span,
                        Severity::Warning,
                        Confidence::Medium,
                        format!("{how} in a workflow whose output is published ({why}): caches are shared with runs of other branches and pull requests, so code that ran there can plant files that end up in the release. Fix: do not restore caches in release workflows (turn the action's cache off, or build without it)"),
                    ));
                }
            }
        }
    }
}
