//! `unprotected-environment`: a production environment that deploy jobs target, with no
//! required reviewers and no wait timer in the exported state, or missing from it (GitHub
//! creates a missing environment, unprotected, on the first deployment to it).

use super::untested_environment::{state_file, targeted_environments};
use super::{Ctx, Rule};
use crate::finding::Finding;
use crate::state::{EnvironmentState, Lookup, State, ENVIRONMENTS_FILE};

pub struct UnprotectedEnvironment;

/// Environment names taken for production, besides those the aliases map to `production`.
/// A production-role environment (`rules/claims.yml` `environment_roles`, plus the config's).
fn is_production(cx: &Ctx, name: &str) -> bool {
    cx.aliases.is_production(name)
}

fn protected(env: &EnvironmentState) -> bool {
    env.requires_approval() || env.wait_timer.is_some_and(|minutes| minutes > 0)
}

/// Where an environment's settings were read: the export file with its folder, or the
/// declaration (`.github/settings.yml:12`).
fn shown_source(state: &State, declared_in: &str) -> String {
    if declared_in == ENVIRONMENTS_FILE {
        state_file(state, ENVIRONMENTS_FILE)
    } else {
        declared_in.to_string()
    }
}

/// The environment list came from GitHub's API (so a missing name really does not exist),
/// not only from settings-as-code declarations, which may cover just some environments.
fn from_api(state: &State) -> bool {
    state
        .environments
        .as_ref()
        .is_some_and(|envs| envs.iter().all(|e| e.declared_in == ENVIRONMENTS_FILE))
}

impl Rule for UnprotectedEnvironment {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        let Some(state) = cx.state else { return };
        for (env, jobs) in targeted_environments(cx) {
            if !is_production(cx, &env) {
                continue;
            }
            let Some((wf, job)) = jobs.first() else {
                continue;
            };
            let Some(env_ref) = &job.environment else {
                continue;
            };
            let job_text = format!("job `{}` ({})", job.id.value, wf.file.file_name());
            let message = match state.environment(&env) {
                Lookup::Unknown => continue,
                Lookup::Found(e) if protected(e) => continue,
                Lookup::Found(e) => format!(
                    "production environment `{}` has no required reviewers and no wait timer ({}): {job_text} deploys to it without anyone's approval",
                    e.name,
                    shown_source(state, &e.declared_in)
                ),
                Lookup::Missing if from_api(state) => format!(
                    "production environment `{env}` is not in {}: GitHub creates it without required reviewers or a wait timer on the first deployment by {job_text}",
                    shown_source(state, ENVIRONMENTS_FILE)
                ),
                // Declarations as code may list only some environments: not conclusive.
                Lookup::Missing => continue,
            };
            let mut f = cx
                .finding(Self::ID, &wf.file, env_ref.name.span, message)
                .with_help("add required reviewers (or a wait timer) to the environment in Settings → Environments, then export the state again with `driftlint state pull`");
            // Read from the exported settings, not guessed from the workflow.
            f.confidence = Some(crate::finding::Confidence::High);
            for (other_wf, other_job) in jobs.iter().skip(1).take(4) {
                if let Some(e) = &other_job.environment {
                    f = f.with_related(
                        &other_wf.file,
                        e.name.span,
                        format!("job `{}` also deploys to it", other_job.id.value),
                    );
                }
            }
            out.push(f);
        }
    }
}
