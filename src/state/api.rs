//! Reading the REST API exports: the JSON shapes GitHub returns, tolerant of extra fields,
//! missing optional fields and `null`s, turned into the typed model.

use std::io::ErrorKind;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::{
    Deployment, DeploymentStatus, EnvironmentState, Run, State, StateError, WorkflowState,
};

pub const ENVIRONMENTS_FILE: &str = "environments.json";
pub const DEPLOYMENTS_FILE: &str = "deployments.json";
pub const RUNS_FILE: &str = "runs.json";
pub const WORKFLOWS_FILE: &str = "workflows.json";

/// Exports larger than this are refused rather than read into memory.
const MAX_EXPORT_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawEnvironments {
    environments: Vec<RawEnvironment>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawEnvironment {
    name: Option<String>,
    protection_rules: Option<Vec<RawRule>>,
    deployment_branch_policy: Option<RawBranchPolicy>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawRule {
    #[serde(rename = "type")]
    kind: Option<String>,
    wait_timer: Option<u64>,
    reviewers: Option<Vec<RawReviewer>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawReviewer {
    #[serde(rename = "type")]
    kind: Option<String>,
    reviewer: Option<RawReviewerEntity>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawReviewerEntity {
    login: Option<String>,
    slug: Option<String>,
    name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawBranchPolicy {
    protected_branches: Option<bool>,
    custom_branch_policies: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawDeployment {
    id: Option<u64>,
    environment: Option<String>,
    #[serde(rename = "ref")]
    git_ref: Option<String>,
    sha: Option<String>,
    created_at: Option<String>,
    description: Option<String>,
    statuses: Option<Vec<RawDeploymentStatus>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawDeploymentStatus {
    state: Option<String>,
    created_at: Option<String>,
    description: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawRuns {
    workflow_runs: Vec<RawRun>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawRun {
    id: Option<u64>,
    name: Option<String>,
    path: Option<String>,
    event: Option<String>,
    head_branch: Option<String>,
    status: Option<String>,
    conclusion: Option<String>,
    created_at: Option<String>,
    display_title: Option<String>,
    html_url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawWorkflows {
    workflows: Vec<RawWorkflow>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawWorkflow {
    id: Option<u64>,
    name: Option<String>,
    path: Option<String>,
    state: Option<String>,
}

/// Read the exports present in `dir`. A missing file leaves that part `None` (unknown).
/// `dir` itself must exist, so a mistyped `--state` path is an error, not "nothing known".
pub fn load_state(dir: &Path) -> Result<State, StateError> {
    let source = dir.display().to_string();
    if !dir.is_dir() {
        return Err(StateError::Io {
            path: source,
            message: "state directory not found".to_string(),
        });
    }
    let environments =
        read_export::<RawEnvironments>(dir, ENVIRONMENTS_FILE, Shape::Object("environments"))?.map(
            |pages| {
                pages
                    .into_iter()
                    .flat_map(|p| p.environments)
                    .map(environment_from_api)
                    .collect()
            },
        );
    let deployments =
        read_export::<Vec<RawDeployment>>(dir, DEPLOYMENTS_FILE, Shape::Array)?.map(|pages| {
            pages
                .into_iter()
                .flatten()
                .map(deployment_from_api)
                .collect()
        });
    let runs =
        read_export::<RawRuns>(dir, RUNS_FILE, Shape::Object("workflow_runs"))?.map(|pages| {
            pages
                .into_iter()
                .flat_map(|p| p.workflow_runs)
                .map(run_from_api)
                .collect()
        });
    let workflows = read_export::<RawWorkflows>(dir, WORKFLOWS_FILE, Shape::Object("workflows"))?
        .map(|pages| {
            pages
                .into_iter()
                .flat_map(|p| p.workflows)
                .map(workflow_from_api)
                .collect()
        });
    Ok(State {
        environments,
        deployments,
        runs,
        workflows,
        source,
        declared: Vec::new(),
    })
}

/// Parse one export. The file may hold one response or several concatenated (what
/// `gh api --paginate` writes); each is returned. None when the file does not exist.
fn read_export<T: DeserializeOwned>(
    dir: &Path,
    name: &str,
    shape: Shape,
) -> Result<Option<Vec<T>>, StateError> {
    let path = dir.join(name);
    let shown = path.display().to_string();
    let io_error = |e: std::io::Error| StateError::Io {
        path: shown.clone(),
        message: e.to_string(),
    };
    let meta = match std::fs::metadata(&path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error(e)),
    };
    if meta.len() > MAX_EXPORT_BYTES {
        return Err(StateError::Io {
            path: shown,
            message: format!("file too large ({} bytes)", meta.len()),
        });
    }
    let text = std::fs::read_to_string(&path).map_err(io_error)?;
    check_shape(&text, shape).map_err(|(line, column, message)| StateError::Json {
        path: shown.clone(),
        line,
        column,
        message,
    })?;
    let mut pages = Vec::new();
    for page in serde_json::Deserializer::from_str(&text).into_iter::<T>() {
        pages.push(page.map_err(|e| json_error(&shown, &e))?);
    }
    if pages.is_empty() {
        return Err(StateError::Json {
            path: shown,
            line: 1,
            column: 1,
            message: "file is empty".to_string(),
        });
    }
    Ok(Some(pages))
}

/// The top-level JSON shape an export must have.
#[derive(Debug, Clone, Copy)]
enum Shape {
    Array,
    /// An object holding the list under this key.
    Object(&'static str),
}

/// serde would read a struct from an array positionally and complain about the first item;
/// checking the opening character first gives a message about the real mistake.
fn check_shape(text: &str, shape: Shape) -> Result<(), (usize, usize, String)> {
    let Some((offset, first)) = text.char_indices().find(|(_, c)| !c.is_whitespace()) else {
        return Ok(());
    };
    let before = text.get(..offset).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    match (shape, first) {
        (Shape::Array, '{') => Err((
            line,
            column,
            "expected a JSON array, found an object".into(),
        )),
        (Shape::Object(key), '[') => Err((
            line,
            column,
            format!("expected an object with a {key:?} array, found an array"),
        )),
        _ => Ok(()),
    }
}

/// serde_json appends " at line L column C" to its messages; the error keeps those apart.
pub(super) fn json_error(path: &str, e: &serde_json::Error) -> StateError {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = text.strip_suffix(&suffix).unwrap_or(&text).to_string();
    StateError::Json {
        path: path.to_string(),
        line: e.line(),
        column: e.column(),
        message,
    }
}

fn environment_from_api(raw: RawEnvironment) -> EnvironmentState {
    let mut env = EnvironmentState {
        name: raw.name.unwrap_or_default(),
        branch_policy: raw
            .deployment_branch_policy
            .as_ref()
            .and_then(branch_policy),
        declared_in: ENVIRONMENTS_FILE.to_string(),
        ..EnvironmentState::default()
    };
    for rule in raw.protection_rules.unwrap_or_default() {
        match rule.kind.as_deref() {
            Some("required_reviewers") => {
                for r in rule.reviewers.unwrap_or_default() {
                    if let Some(name) = reviewer_name(&r) {
                        env.reviewers.push(name);
                    }
                }
            }
            Some("wait_timer") => env.wait_timer = rule.wait_timer,
            _ => {}
        }
    }
    env
}

/// Users by login; teams as `team:<slug>` so they cannot be mistaken for a user.
fn reviewer_name(raw: &RawReviewer) -> Option<String> {
    let who = raw.reviewer.as_ref()?;
    if raw.kind.as_deref() == Some("Team") {
        let slug = who.slug.as_ref().or(who.name.as_ref())?;
        Some(format!("team:{slug}"))
    } else {
        who.login.clone().or_else(|| who.name.clone())
    }
}

fn branch_policy(raw: &RawBranchPolicy) -> Option<String> {
    branch_policy_label(raw.protected_branches, raw.custom_branch_policies)
}

/// `deployment_branch_policy` flags as one label; None (the API's `null`) means any ref may
/// deploy.
pub(super) fn branch_policy_label(
    protected_branches: Option<bool>,
    custom_branch_policies: Option<bool>,
) -> Option<String> {
    if protected_branches == Some(true) {
        Some("protected branches".to_string())
    } else if custom_branch_policies == Some(true) {
        Some("custom branch policies".to_string())
    } else {
        None
    }
}

fn deployment_from_api(raw: RawDeployment) -> Deployment {
    let mut statuses: Vec<DeploymentStatus> = raw
        .statuses
        .unwrap_or_default()
        .into_iter()
        .map(|s| DeploymentStatus {
            state: s.state.unwrap_or_default(),
            created_at: s.created_at.unwrap_or_default(),
            description: s.description,
        })
        .collect();
    // GitHub lists statuses newest first; a stable sort keeps that order for equal timestamps
    // and repairs exports written oldest first.
    statuses.sort_by(|a, b| b.created_at.cmp(&a.created_at));
    Deployment {
        id: raw.id.unwrap_or_default(),
        environment: raw.environment.unwrap_or_default(),
        git_ref: raw.git_ref.unwrap_or_default(),
        sha: raw.sha.unwrap_or_default(),
        created_at: raw.created_at.unwrap_or_default(),
        description: raw.description,
        statuses,
    }
}

fn run_from_api(raw: RawRun) -> Run {
    Run {
        id: raw.id.unwrap_or_default(),
        name: raw.name.unwrap_or_default(),
        path: raw.path.unwrap_or_default(),
        event: raw.event.unwrap_or_default(),
        head_branch: raw.head_branch,
        status: raw.status,
        conclusion: raw.conclusion,
        created_at: raw.created_at.unwrap_or_default(),
        display_title: raw.display_title,
        html_url: raw.html_url,
    }
}

fn workflow_from_api(raw: RawWorkflow) -> WorkflowState {
    WorkflowState {
        id: raw.id.unwrap_or_default(),
        name: raw.name.unwrap_or_default(),
        path: raw.path.unwrap_or_default(),
        state: raw.state.unwrap_or_default(),
    }
}
