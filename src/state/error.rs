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

    /// The host could not be reached or the connection broke (after every retry).
    #[error("GitHub API {endpoint}: cannot reach {host}: {message}; gave up after {attempts} {}", plural_attempts(*attempts))]
    Transport {
        endpoint: String,
        /// `host[:port]` of the API base.
        host: String,
        message: String,
        /// Requests made for this endpoint, the first one included.
        attempts: u32,
    },

    /// No complete answer within the per-request time limit (after every retry).
    #[error("GitHub API {endpoint}: no answer from {host} within the {} per-request timeout (--timeout); gave up after {attempts} {}", seconds_text(*timeout_ms), plural_attempts(*attempts))]
    Timeout {
        endpoint: String,
        /// `host[:port]` of the API base.
        host: String,
        /// The limit for one request, from connecting to reading the whole body.
        timeout_ms: u64,
        /// Requests made for this endpoint, the first one included.
        attempts: u32,
    },

    #[error("GitHub API {endpoint}: unexpected response: {message}")]
    BadResponse { endpoint: String, message: String },
}

fn plural_attempts(attempts: u32) -> &'static str {
    if attempts == 1 {
        "attempt"
    } else {
        "attempts"
    }
}

/// `30 s`, or `0.25 s` for limits that are not whole seconds (tests use short ones).
fn seconds_text(ms: u64) -> String {
    if ms % 1000 == 0 {
        return format!("{} s", ms / 1000);
    }
    let fraction = format!("{:03}", ms % 1000);
    format!("{}.{} s", ms / 1000, fraction.trim_end_matches('0'))
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
