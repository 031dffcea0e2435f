//! Which environments jobs target, and which workflows release or deploy.

use crate::source::HoldsTemplate as _;
use std::collections::BTreeSet;

use crate::docs::EnvAliases;
use crate::routes::RouteMap;
use crate::workflow::effects::{job_effects, EffectKind};
use crate::workflow::Workflow;

/// Does the workflow release or deploy (anything beyond computing a version)?
pub fn releases_or_deploys(wf: &Workflow) -> bool {
    wf.jobs.iter().any(|j| {
        job_effects(j)
            .iter()
            .any(|e| !matches!(e.kind, EffectKind::ComputesVersion | EffectKind::CreatesTag))
    })
}

/// Every environment name a job may target: a literal name, the values an expression can take
/// (`cond && 'staging' || 'dev'`), and the options of dispatch inputs it reads.
pub fn job_environments(wf: &Workflow, job: &crate::workflow::Job) -> Vec<String> {
    let Some(env) = &job.environment else {
        return Vec::new();
    };
    let raw = env.name.value.trim();
    if !raw.holds_template() {
        return vec![raw.to_string()];
    }
    let mut out: Vec<String> = Vec::new();
    if let Ok(Some(values)) =
        crate::expr::possible_template_values(raw, &crate::expr::Context::new())
    {
        out.extend(
            values
                .into_iter()
                .filter(|v| !v.is_empty() && !v.holds_template()),
        );
    }
    // Inputs read by the expression contribute their options (and default).
    for (i, _) in raw.match_indices("inputs.") {
        let name: String = raw[i + "inputs.".len()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        for t in &wf.triggers {
            if let Some(input) = t.input(&name) {
                out.extend(input.options.iter().map(|o| o.value.clone()));
                if let Some(d) = &input.default {
                    out.push(d.value.clone());
                }
            }
        }
    }
    // Quoted results of `&& 'x'` / `|| 'y'` when nothing could be enumerated.
    if out.is_empty() {
        for sep in ["&&", "||"] {
            for part in raw.split(sep).skip(1) {
                let p = part.trim_start().trim_start_matches('(').trim_start();
                if let Some(rest) = p.strip_prefix('\'') {
                    if let Some(end) = rest.find('\'') {
                        out.push(rest[..end].to_string());
                    }
                }
            }
        }
    }
    dedup(out)
}

/// Every environment any job of the workflow may target, sorted.
pub fn workflow_environments(wf: &Workflow) -> Vec<String> {
    dedup(
        wf.jobs
            .iter()
            .flat_map(|j| job_environments(wf, j))
            .collect(),
    )
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

/// Environments of a repository, by canonical name (aliases resolved).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvironmentFacts {
    /// Environments an automatic route reaches.
    pub automatic: BTreeSet<String>,
    /// Environments some job names literally (expressions resolved to their possible values).
    pub targeted: BTreeSet<String>,
}

impl EnvironmentFacts {
    pub fn gather(repo: &crate::repo::Repo, routes: &RouteMap, aliases: &EnvAliases) -> Self {
        let automatic = routes
            .routes
            .iter()
            .filter(|r| r.automatic)
            .map(|r| aliases.canonical(&r.environment))
            .collect();
        let targeted = repo
            .workflows
            .iter()
            .flat_map(|w| w.jobs.iter().flat_map(move |j| job_environments(w, j)))
            .filter(|e| !e.holds_template())
            .map(|e| aliases.canonical(&e))
            .collect();
        EnvironmentFacts {
            automatic,
            targeted,
        }
    }
}
