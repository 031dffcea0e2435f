//! Which contexts each workflow key may use, and the known properties of the fixed contexts.
//!
//! Source: GitHub's documentation, "Contexts reference" (the context availability table and
//! the properties of `github`, `runner`, `job` and `strategy`), as of 2025.

/// Every context name an expression can start with.
pub const ALL: &[&str] = &[
    "github", "env", "vars", "job", "jobs", "steps", "runner", "secrets", "strategy", "matrix",
    "needs", "inputs",
];

pub const WORKFLOW_RUN_NAME: &[&str] = &["github", "inputs", "vars"];
pub const WORKFLOW_ENV: &[&str] = &["github", "secrets", "inputs", "vars"];
pub const WORKFLOW_CONCURRENCY: &[&str] = &["github", "inputs", "vars"];
pub const CALL_OUTPUT_VALUE: &[&str] = &["github", "jobs", "vars", "inputs"];
pub const INPUT_DEFAULT: &[&str] = &["github", "inputs", "vars"];

pub const JOB_IF: &[&str] = &["github", "needs", "vars", "inputs"];
pub const JOB_STRATEGY: &[&str] = &["github", "needs", "vars", "inputs"];
/// `name`, `runs-on`, `environment`, `concurrency`, `timeout-minutes`, `continue-on-error`,
/// `container`, `services`, `snapshot`, `with` of a reusable-workflow call.
pub const JOB_PLAIN: &[&str] = &["github", "needs", "strategy", "matrix", "vars", "inputs"];
pub const JOB_ENV: &[&str] = &["github", "needs", "strategy", "matrix", "vars", "secrets", "inputs"];
pub const JOB_CALL_SECRETS: &[&str] = &[
    "github", "needs", "strategy", "matrix", "secrets", "inputs", "vars",
];
pub const JOB_DEFAULTS_RUN: &[&str] = &[
    "github", "needs", "strategy", "matrix", "env", "vars", "inputs",
];
pub const CREDENTIALS: &[&str] = &[
    "github", "needs", "strategy", "matrix", "env", "vars", "secrets", "inputs",
];
pub const CONTAINER_ENV: &[&str] = &[
    "github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "secrets", "inputs",
];
pub const ENVIRONMENT_URL: &[&str] = &[
    "github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "steps", "inputs",
];
pub const JOB_OUTPUTS: &[&str] = &[
    "github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "secrets", "steps",
    "inputs",
];
pub const STEP_IF: &[&str] = &[
    "github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "steps", "inputs",
];
/// `run`, `with`, `env`, `name`, `working-directory`, `shell`, `continue-on-error`,
/// `timeout-minutes` of a step.
pub const STEP: &[&str] = &[
    "github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "secrets", "steps",
    "inputs",
];

/// Properties of `github` (lower case; GitHub compares them without case).
pub const GITHUB: &[&str] = &[
    "action",
    "action_path",
    "action_ref",
    "action_repository",
    "action_status",
    "actor",
    "actor_id",
    "api_url",
    "base_ref",
    "env",
    "event",
    "event_name",
    "event_path",
    "graphql_url",
    "head_ref",
    "job",
    "job_workflow_sha",
    "output",
    "path",
    "ref",
    "ref_name",
    "ref_protected",
    "ref_type",
    "repository",
    "repository_id",
    "repository_owner",
    "repository_owner_id",
    "repositoryurl",
    "retention_days",
    "run_attempt",
    "run_id",
    "run_number",
    "secret_source",
    "server_url",
    "sha",
    "state",
    "step_summary",
    "token",
    "triggering_actor",
    "workflow",
    "workflow_ref",
    "workflow_sha",
    "workspace",
];

pub const RUNNER: &[&str] = &[
    "arch",
    "debug",
    "environment",
    "name",
    "os",
    "temp",
    "tool_cache",
    "workspace",
];

pub const JOB: &[&str] = &[
    "check_run_id",
    "container",
    "services",
    "status",
    "workflow_file_path",
    "workflow_ref",
    "workflow_repository",
    "workflow_sha",
];

pub const STRATEGY: &[&str] = &["fail-fast", "job-index", "job-total", "max-parallel"];
