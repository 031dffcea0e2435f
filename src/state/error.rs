//! Errors from loading and pulling state. Messages never contain the API token: the pull code
//! redacts every text that came from the network before it lands here.

/// Why state could not be loaded or pulled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StateError {
    #[error("{path}: {message}")]
    Io { path: String, message: String },

    #[error("{path}:{line}:{column}: invalid JSON: {message}")]
    Json {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },

    #[error("{path}:{line}: {message}")]
    Yaml {
        path: String,
        line: u32,
        message: String,
    },

    #[error("invalid repository {0:?}: expected owner/name")]
    InvalidRepo(String),

    #[error("invalid API base URL {0:?}: expected http:// or https://")]
    InvalidApiBase(String),

    #[error("GitHub API {endpoint}: token rejected (HTTP 401): set GITHUB_TOKEN or GH_TOKEN to a valid token")]
    TokenRejected { endpoint: String },

    #[error(
        "GitHub API {endpoint}: authentication required (HTTP 401): set GITHUB_TOKEN or GH_TOKEN"
    )]
    TokenRequired { endpoint: String },

    #[error("GitHub API {endpoint}: {}", rate_limit_text(*status, *reset_epoch, *seconds_from_now, *retry_after))]
    RateLimited {
        endpoint: String,
        status: u16,
        /// `x-ratelimit-reset`, epoch seconds.
        reset_epoch: Option<u64>,
        /// The reset time minus the time the error was seen.
        seconds_from_now: Option<i64>,
        /// `retry-after` seconds (secondary rate limits).
        retry_after: Option<u64>,
    },

    #[error("GitHub API {endpoint}: repository not found or token lacks access (HTTP 404)")]
    NotFound { endpoint: String },

    #[error("GitHub API {endpoint}: server error HTTP {status}, still failing after {attempts} attempts")]
    ServerError {
        endpoint: String,
        status: u16,
        attempts: u32,
    },

    #[error("GitHub API {endpoint}: HTTP {status}: {message}")]
    Http {
        endpoint: String,
        status: u16,
        message: String,
    },

    #[error("GitHub API {endpoint}: {message}")]
    Transport { endpoint: String, message: String },

    #[error("GitHub API {endpoint}: unexpected response: {message}")]
    BadResponse { endpoint: String, message: String },
}

fn rate_limit_text(
    status: u16,
    reset_epoch: Option<u64>,
    seconds_from_now: Option<i64>,
    retry_after: Option<u64>,
) -> String {
    let mut text = format!("rate limit exceeded (HTTP {status})");
    match (reset_epoch, seconds_from_now) {
        (Some(reset), Some(secs)) => text.push_str(&format!(
            "; the limit resets at {reset} (epoch seconds), {secs} s from now"
        )),
        (Some(reset), None) => {
            text.push_str(&format!("; the limit resets at {reset} (epoch seconds)"))
        }
        _ => {}
    }
    if let Some(after) = retry_after {
        text.push_str(&format!("; retry after {after} s"));
    }
    text
}
