//! Repository state that lives on GitHub, not in the files: environments and their protection
//! rules, deployments, workflow runs and workflow enablement.
//!
//! The state comes from offline JSON exports in the shapes of GitHub's REST API (written by
//! `driftlint state pull` or by hand) and from environments declared as code
//! (`.github/settings.yml`, Terraform). Every part is optional: a missing export is `None`, which
//! callers must report as "unknown / not verified", never as "empty" or "ok". [`Lookup`] keeps
//! that three-way distinction for single queries.

mod api;
mod declared;
mod error;
mod pull;
mod terraform;

#[cfg(test)]
mod tests;

pub use api::{load_state, DEPLOYMENTS_FILE, ENVIRONMENTS_FILE, RUNS_FILE, WORKFLOWS_FILE};
pub use declared::{load_declared, parse_settings_yml, SETTINGS_FILE};
pub use error::StateError;
pub use pull::{pull, PullOptions, PullSummary, PulledFile, DEFAULT_API_BASE};
pub use terraform::parse_terraform;

/// The answer to a question about state: no data to answer it, data that lacks the thing
/// asked about, or the thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<T> {
    /// The export that would answer this was not provided.
    Unknown,
    /// The export was provided and does not contain it (e.g. no deployment to that environment).
    Missing,
    Found(T),
}

impl<T> Lookup<T> {
    pub fn found(self) -> Option<T> {
        match self {
            Lookup::Found(x) => Some(x),
            _ => None,
        }
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Lookup::Unknown)
    }

    pub fn is_missing(&self) -> bool {
        matches!(self, Lookup::Missing)
    }
}

/// Everything known about the repository's live state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    /// Environments as GitHub reports them (or, when that export is absent, as declared in code).
    pub environments: Option<Vec<EnvironmentState>>,
    pub deployments: Option<Vec<Deployment>>,
    pub runs: Option<Vec<Run>>,
    pub workflows: Option<Vec<WorkflowState>>,
    /// The state directory as the user gave it.
    pub source: String,
    /// Environments declared as code, kept even when the API export wins, so a rule can compare
    /// what is declared with what is live.
    pub declared: Vec<EnvironmentState>,
}

/// One environment and its protection rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvironmentState {
    pub name: String,
    /// Required reviewers: user logins as-is, teams as `team:<slug>`.
    pub reviewers: Vec<String>,
    /// Wait timer in minutes, when a wait-timer rule exists.
    pub wait_timer: Option<u64>,
    /// Which refs may deploy: `protected branches` or `custom branch policies`; None = any ref.
    pub branch_policy: Option<String>,
    /// Where this came from: `environments.json`, `.github/settings.yml:12`, `infra/env.tf:3`.
    pub declared_in: String,
}

impl EnvironmentState {
    /// A deployment job waits for someone's approval.
    pub fn requires_approval(&self) -> bool {
        !self.reviewers.is_empty()
    }
}

/// One deployment with its statuses, newest status first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deployment {
    pub id: u64,
    pub environment: String,
    /// The ref deployed (branch, tag or SHA), GitHub's `ref`.
    pub git_ref: String,
    pub sha: String,
    pub created_at: String,
    pub description: Option<String>,
    pub statuses: Vec<DeploymentStatus>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeploymentStatus {
    /// success, failure, error, inactive, in_progress, queued or pending.
    pub state: String,
    pub created_at: String,
    pub description: Option<String>,
}

impl Deployment {
    /// The state of the newest status; None when the deployment has no status yet.
    pub fn latest_state(&self) -> Option<&str> {
        self.statuses.first().map(|s| s.state.as_str())
    }

    /// The newest status.
    pub fn latest_status(&self) -> Option<&DeploymentStatus> {
        self.statuses.first()
    }

    /// The deployment reached `success` at some point. GitHub marks older successful deployments
    /// `inactive` once a newer one succeeds, so only looking at the latest status would miss them.
    pub fn ever_succeeded(&self) -> bool {
        self.statuses.iter().any(|s| s.state == "success")
    }
}

/// One workflow run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Run {
    pub id: u64,
    pub name: String,
    /// `.github/workflows/run.yml`.
    pub path: String,
    pub event: String,
    pub head_branch: Option<String>,
    /// queued, in_progress, completed, ...
    pub status: Option<String>,
    /// success, failure, cancelled, skipped, ...; None while the run is not completed.
    pub conclusion: Option<String>,
    pub created_at: String,
    pub display_title: Option<String>,
    pub html_url: Option<String>,
}

/// A workflow as the workflows API reports it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkflowState {
    pub id: u64,
    pub name: String,
    pub path: String,
    /// active, disabled_manually, disabled_inactivity or deleted.
    pub state: String,
}

impl WorkflowState {
    pub fn is_active(&self) -> bool {
        self.state == "active"
    }
}

impl State {
    /// An environment by name; GitHub environment names are case-insensitive.
    pub fn environment(&self, name: &str) -> Lookup<&EnvironmentState> {
        let Some(envs) = &self.environments else {
            return Lookup::Unknown;
        };
        match envs.iter().find(|e| e.name.eq_ignore_ascii_case(name)) {
            Some(env) => Lookup::Found(env),
            None => Lookup::Missing,
        }
    }

    /// The newest deployment to an environment, whatever its outcome.
    pub fn last_deployment(&self, env: &str) -> Lookup<&Deployment> {
        self.newest_deployment(env, |_| true)
    }

    /// The newest deployment to an environment that reached `success` (see
    /// [`Deployment::ever_succeeded`]).
    pub fn last_successful_deployment(&self, env: &str) -> Lookup<&Deployment> {
        self.newest_deployment(env, Deployment::ever_succeeded)
    }

    fn newest_deployment(
        &self,
        env: &str,
        keep: impl Fn(&Deployment) -> bool,
    ) -> Lookup<&Deployment> {
        let Some(deployments) = &self.deployments else {
            return Lookup::Unknown;
        };
        // On equal timestamps the higher id (created later) wins.
        let newest = deployments
            .iter()
            .filter(|d| d.environment.eq_ignore_ascii_case(env) && keep(d))
            .max_by(|a, b| (&a.created_at, a.id).cmp(&(&b.created_at, b.id)));
        match newest {
            Some(d) => Lookup::Found(d),
            None => Lookup::Missing,
        }
    }

    /// Runs of one workflow, newest first. `workflow_path` may be the full path
    /// (`.github/workflows/run.yml`) or the file name (`run.yml`).
    pub fn runs_of(&self, workflow_path: &str) -> Lookup<Vec<&Run>> {
        let Some(runs) = &self.runs else {
            return Lookup::Unknown;
        };
        let wanted = normalize_workflow_path(workflow_path);
        let mut matching: Vec<&Run> = runs
            .iter()
            .filter(|r| normalize_workflow_path(&r.path) == wanted)
            .collect();
        if matching.is_empty() {
            return Lookup::Missing;
        }
        matching.sort_by(|a, b| (&b.created_at, b.id).cmp(&(&a.created_at, a.id)));
        Lookup::Found(matching)
    }

    /// Whether a workflow is enabled on GitHub.
    pub fn workflow_state(&self, workflow_path: &str) -> Lookup<&WorkflowState> {
        let Some(workflows) = &self.workflows else {
            return Lookup::Unknown;
        };
        let wanted = normalize_workflow_path(workflow_path);
        match workflows
            .iter()
            .find(|w| normalize_workflow_path(&w.path) == wanted)
        {
            Some(w) => Lookup::Found(w),
            None => Lookup::Missing,
        }
    }

    /// Add environments declared as code. The API export wins: it is what GitHub enforces, and
    /// settings-as-code may not have been applied (or may have been changed by hand since). So
    /// declared environments fill `environments` only when no `environments.json` was given;
    /// they are always kept in `declared` for comparison.
    pub fn merge_declared(&mut self, declared: Vec<EnvironmentState>) {
        if self.environments.is_none() && !declared.is_empty() {
            let mut envs: Vec<EnvironmentState> = Vec::new();
            // The first declaration of a name wins; later duplicates are left to `declared`.
            for env in &declared {
                if !envs.iter().any(|e| e.name.eq_ignore_ascii_case(&env.name)) {
                    envs.push(env.clone());
                }
            }
            self.environments = Some(envs);
        }
        self.declared.extend(declared);
    }
}

/// `./.github/workflows/x.yml`, `.github/workflows/x.yml@refs/heads/main` and `x.yml` all name
/// the same workflow.
fn normalize_workflow_path(path: &str) -> String {
    let path = path.split('@').next().unwrap_or(path);
    let path = path.trim_start_matches("./");
    if path.contains('/') {
        path.to_string()
    } else {
        format!(".github/workflows/{path}")
    }
}
