//! `driftlint state pull`: export the repository's live state from GitHub's REST API into the
//! offline JSON files that [`super::load_state`] reads.
//!
//! Every list is fetched with `per_page=100`, following `Link: <…>; rel="next"` up to
//! `max_pages` pages, and the pages are merged into the single-response shape. Nothing is
//! written until every endpoint has been fetched, and each file is replaced atomically, so a
//! failed pull never leaves a mix of old and new exports. The token is sent only to the API
//! base (pagination links elsewhere are refused) and is scrubbed from every error text.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

use super::api::json_error;
use super::{StateError, DEPLOYMENTS_FILE, ENVIRONMENTS_FILE, RUNS_FILE, WORKFLOWS_FILE};

pub const DEFAULT_API_BASE: &str = "https://api.github.com";
const API_VERSION: &str = "2022-11-28";
const ACCEPT: &str = "application/vnd.github+json";
const PER_PAGE: u32 = 100;
/// Largest response body read (a page of 100 runs is well under this).
const MAX_BODY_BYTES: u64 = 64 * 1024 * 1024;
/// Longest piece of a GitHub error message quoted in our errors.
const MAX_QUOTED_CHARS: usize = 200;

/// What to pull and how.
#[derive(Clone)]
pub struct PullOptions {
    /// `owner/name`.
    pub repo: String,
    /// `https://api.github.com`, or another base (GitHub Enterprise, a test server).
    pub api_base: String,
    /// Sent as `Authorization: Bearer …` when set. The caller reads it from the environment
    /// (see [`PullOptions::token_from_env`]).
    pub token: Option<String>,
    pub out_dir: PathBuf,
    /// Most pages fetched per list (each page holds up to 100 items).
    pub max_pages: usize,
    /// Extra attempts after a 5xx response or a network error.
    pub retries: u32,
    /// Wait before the first retry; doubled for each further one.
    pub retry_backoff: Duration,
    /// Limit for one request, from connecting to reading the whole body.
    pub timeout: Duration,
}

impl PullOptions {
    /// Defaults: api.github.com, no token, 10 pages per list, 2 retries from 1 s, 30 s timeout.
    pub fn new(repo: impl Into<String>, out_dir: impl Into<PathBuf>) -> Self {
        PullOptions {
            repo: repo.into(),
            api_base: DEFAULT_API_BASE.to_string(),
            token: None,
            out_dir: out_dir.into(),
            max_pages: 10,
            retries: 2,
            retry_backoff: Duration::from_secs(1),
            timeout: Duration::from_secs(30),
        }
    }

    /// `GITHUB_TOKEN`, else `GH_TOKEN`; empty values count as unset.
    pub fn token_from_env() -> Option<String> {
        ["GITHUB_TOKEN", "GH_TOKEN"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .map(|t| t.trim().to_string())
            .find(|t| !t.is_empty())
    }
}

/// Debug output must not leak the token.
impl fmt::Debug for PullOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PullOptions")
            .field("repo", &self.repo)
            .field("api_base", &self.api_base)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("out_dir", &self.out_dir)
            .field("max_pages", &self.max_pages)
            .field("retries", &self.retries)
            .field("retry_backoff", &self.retry_backoff)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// What a pull wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullSummary {
    /// In the order written: environments, deployments, runs, workflows.
    pub files: Vec<PulledFile>,
    /// HTTP requests made, retries included.
    pub requests: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PulledFile {
    /// File name, e.g. `runs.json`.
    pub file: String,
    pub path: PathBuf,
    /// Items written (environments, deployments, runs or workflows).
    pub items: usize,
    /// Deployment statuses embedded (deployments.json only; 0 elsewhere).
    pub statuses: usize,
    /// Pages fetched for the main list.
    pub pages: usize,
    /// More pages existed than `max_pages` allowed.
    pub truncated: bool,
}

impl PullSummary {
    pub fn file(&self, name: &str) -> Option<&PulledFile> {
        self.files.iter().find(|f| f.file == name)
    }
}

/// Fetch the four exports for `opts.repo` and write them to `opts.out_dir`.
pub fn pull(opts: &PullOptions) -> Result<PullSummary, StateError> {
    let repo = validate_repo(&opts.repo)?;
    let mut client = Client::new(opts)?;
    let repo_path = format!("/repos/{repo}");

    let environments = client.list(&format!("{repo_path}/environments"), Some("environments"))?;
    let mut deployments = client.list(&format!("{repo_path}/deployments"), None)?;
    let mut statuses = 0;
    for deployment in &mut deployments.items {
        let Some(object) = deployment.as_object_mut() else {
            continue;
        };
        let list = match object.get("id").and_then(Value::as_u64) {
            Some(id) => {
                client
                    .list(&format!("{repo_path}/deployments/{id}/statuses"), None)?
                    .items
            }
            None => Vec::new(),
        };
        statuses += list.len();
        object.insert("statuses".to_string(), Value::Array(list));
    }
    let runs = client.list(&format!("{repo_path}/actions/runs"), Some("workflow_runs"))?;
    let workflows = client.list(&format!("{repo_path}/actions/workflows"), Some("workflows"))?;

    std::fs::create_dir_all(&opts.out_dir).map_err(|e| StateError::Io {
        path: opts.out_dir.display().to_string(),
        message: e.to_string(),
    })?;
    let mut files = Vec::new();
    for (name, list, key) in [
        (ENVIRONMENTS_FILE, &environments, Some("environments")),
        (DEPLOYMENTS_FILE, &deployments, None),
        (RUNS_FILE, &runs, Some("workflow_runs")),
        (WORKFLOWS_FILE, &workflows, Some("workflows")),
    ] {
        let path = opts.out_dir.join(name);
        write_atomically(&path, &list.to_json(key))?;
        files.push(PulledFile {
            file: name.to_string(),
            path,
            items: list.items.len(),
            statuses: if name == DEPLOYMENTS_FILE {
                statuses
            } else {
                0
            },
            pages: list.pages,
            truncated: list.truncated,
        });
    }
    Ok(PullSummary {
        files,
        requests: client.requests,
    })
}

/// `owner/name` with GitHub's characters only, so it cannot change the request path.
fn validate_repo(repo: &str) -> Result<&str, StateError> {
    let valid_part = |p: &str| {
        !p.is_empty()
            && p != "."
            && p != ".."
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    match repo.split_once('/') {
        Some((owner, name)) if valid_part(owner) && valid_part(name) => Ok(repo),
        _ => Err(StateError::InvalidRepo(repo.to_string())),
    }
}

/// The merged pages of one list endpoint.
struct Listing {
    items: Vec<Value>,
    /// GitHub's `total_count` from the first page (object-shaped lists only).
    total_count: Option<u64>,
    pages: usize,
    truncated: bool,
}

impl Listing {
    /// The single-response shape: a bare array, or `{"total_count": N, "<key>": [...]}`.
    fn to_json(&self, key: Option<&str>) -> Value {
        let items = Value::Array(self.items.clone());
        match key {
            None => items,
            Some(key) => {
                let mut object = Map::new();
                let total = self.total_count.unwrap_or(self.items.len() as u64);
                object.insert("total_count".to_string(), Value::from(total));
                object.insert(key.to_string(), items);
                Value::Object(object)
            }
        }
    }
}

struct Client {
    agent: ureq::Agent,
    base: String,
    token: Option<String>,
    max_pages: usize,
    retries: u32,
    backoff: Duration,
    /// For error messages: `host[:port]` of the base, and the per-request limit.
    host: String,
    timeout: Duration,
    requests: usize,
}

/// One successful response.
struct Page {
    body: Value,
    next: Option<String>,
}

impl Client {
    fn new(opts: &PullOptions) -> Result<Self, StateError> {
        let base = opts.api_base.trim_end_matches('/').to_string();
        let host = base
            .strip_prefix("https://")
            .or_else(|| base.strip_prefix("http://"))
            .ok_or_else(|| StateError::InvalidApiBase(opts.api_base.clone()))?;
        let mut config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(opts.timeout))
            .redirect_auth_headers(ureq::config::RedirectAuthHeaders::SameHost)
            .user_agent(format!("driftlint/{}", env!("CARGO_PKG_VERSION")))
            .accept(ACCEPT);
        if is_loopback(host) {
            // A local server (tests, a mirror on this machine) is never reached via a proxy.
            config = config.proxy(None);
        }
        // `host[:port]` for messages, without a `user:password@` part.
        let host = host
            .split('/')
            .next()
            .and_then(|authority| authority.rsplit('@').next())
            .unwrap_or(host)
            .to_string();
        Ok(Client {
            agent: config.build().into(),
            base,
            token: opts.token.clone().filter(|t| !t.is_empty()),
            max_pages: opts.max_pages.max(1),
            retries: opts.retries,
            backoff: opts.retry_backoff,
            // No user:password@ part in messages.
            host,
            timeout: opts.timeout,
            requests: 0,
        })
    }

    /// Fetch all pages of a list. `key` names the array inside object-shaped responses; None
    /// for endpoints that return a bare array.
    fn list(&mut self, path: &str, key: Option<&str>) -> Result<Listing, StateError> {
        let mut url = format!("{}{path}?per_page={PER_PAGE}", self.base);
        let mut listing = Listing {
            items: Vec::new(),
            total_count: None,
            pages: 0,
            truncated: false,
        };
        loop {
            let page = self.get(&url, path)?;
            listing.pages += 1;
            let (items, total) =
                split_page(page.body, key).map_err(|message| StateError::BadResponse {
                    endpoint: path.to_string(),
                    message,
                })?;
            if listing.pages == 1 {
                listing.total_count = total;
            }
            listing.items.extend(items);
            let Some(next) = page.next else {
                return Ok(listing);
            };
            if listing.pages >= self.max_pages {
                listing.truncated = true;
                return Ok(listing);
            }
            // The token goes along with every request, so only follow links to the same API.
            if !next.starts_with(&format!("{}/", self.base)) {
                return Err(StateError::BadResponse {
                    endpoint: path.to_string(),
                    message: format!("pagination link leaves the API base: {}", self.scrub(&next)),
                });
            }
            url = next;
        }
    }

    /// One GET with retries on 5xx and network errors. `endpoint` is the path used in errors.
    fn get(&mut self, url: &str, endpoint: &str) -> Result<Page, StateError> {
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let can_retry = attempt <= self.retries;
            self.requests += 1;
            let mut request = self
                .agent
                .get(url)
                .header("X-GitHub-Api-Version", API_VERSION);
            if let Some(token) = &self.token {
                request = request.header("Authorization", format!("Bearer {token}"));
            }
            let mut response = match request.call() {
                Ok(response) => response,
                Err(_) if can_retry => {
                    self.wait(attempt);
                    continue;
                }
                Err(e) => return Err(self.transport_error(endpoint, &e, attempt)),
            };
            let status = response.status().as_u16();
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            };
            let link = header("link");
            let remaining = header("x-ratelimit-remaining");
            let reset = header("x-ratelimit-reset");
            let retry_after = header("retry-after");
            let body = response
                .body_mut()
                .with_config()
                .limit(MAX_BODY_BYTES)
                .read_to_string();
            match status {
                200..=299 => {
                    let text = body.map_err(|e| self.transport_error(endpoint, &e, attempt))?;
                    let body =
                        serde_json::from_str(&text).map_err(|e| StateError::BadResponse {
                            endpoint: endpoint.to_string(),
                            message: self.scrub(&json_error(endpoint, &e).to_string()),
                        })?;
                    let next = link.as_deref().and_then(next_link);
                    return Ok(Page { body, next });
                }
                500..=599 if can_retry => self.wait(attempt),
                500..=599 => {
                    return Err(StateError::ServerError {
                        endpoint: endpoint.to_string(),
                        status,
                        attempts: attempt,
                    })
                }
                401 if self.token.is_some() => {
                    return Err(StateError::TokenRejected {
                        endpoint: endpoint.to_string(),
                    })
                }
                401 => {
                    return Err(StateError::TokenRequired {
                        endpoint: endpoint.to_string(),
                    })
                }
                403 | 429
                    if status == 429
                        || remaining.as_deref().map(str::trim) == Some("0")
                        || retry_after.is_some() =>
                {
                    let reset_epoch = reset.and_then(|r| r.trim().parse::<u64>().ok());
                    return Err(StateError::RateLimited {
                        endpoint: endpoint.to_string(),
                        status,
                        reset_epoch,
                        seconds_from_now: reset_epoch.map(seconds_until),
                        retry_after: retry_after.and_then(|r| r.trim().parse().ok()),
                    });
                }
                404 => {
                    return Err(StateError::NotFound {
                        endpoint: endpoint.to_string(),
                    })
                }
                _ => {
                    let message = body
                        .ok()
                        .and_then(|text| github_message(&text))
                        .unwrap_or_else(|| "request failed".to_string());
                    return Err(StateError::Http {
                        endpoint: endpoint.to_string(),
                        status,
                        message: self.scrub(&message),
                    });
                }
            }
        }
    }

    /// A network failure or timeout, naming the host, the limit and the attempts made.
    fn transport_error(&self, endpoint: &str, error: &ureq::Error, attempts: u32) -> StateError {
        match error {
            ureq::Error::Timeout(_) => StateError::Timeout {
                endpoint: endpoint.to_string(),
                host: self.host.clone(),
                timeout_ms: u64::try_from(self.timeout.as_millis()).unwrap_or(u64::MAX),
                attempts,
            },
            _ => StateError::Transport {
                endpoint: endpoint.to_string(),
                host: self.host.clone(),
                message: self.scrub(&error.to_string()),
                attempts,
            },
        }
    }

    /// Back off before retry number `attempt`: backoff, 2×backoff, 4×backoff…
    fn wait(&self, attempt: u32) {
        let factor = 1u32 << attempt.saturating_sub(1).min(10);
        std::thread::sleep(self.backoff.saturating_mul(factor));
    }

    /// Remove the token from text that came from the network or the URL.
    fn scrub(&self, text: &str) -> String {
        match &self.token {
            Some(token) => text.replace(token.as_str(), "<redacted>"),
            None => text.to_string(),
        }
    }
}

fn is_loopback(host: &str) -> bool {
    let host = host.split('/').next().unwrap_or(host);
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    };
    matches!(name, "127.0.0.1" | "localhost" | "[::1]")
}

/// Items and `total_count` of one page.
fn split_page(body: Value, key: Option<&str>) -> Result<(Vec<Value>, Option<u64>), String> {
    match (key, body) {
        (None, Value::Array(items)) => Ok((items, None)),
        (Some(key), Value::Object(mut object)) => {
            let total = object.get("total_count").and_then(Value::as_u64);
            match object.remove(key) {
                Some(Value::Array(items)) => Ok((items, total)),
                _ => Err(format!("expected an object with a {key:?} array")),
            }
        }
        (None, _) => Err("expected a JSON array".to_string()),
        (Some(key), _) => Err(format!("expected an object with a {key:?} array")),
    }
}

/// The `rel="next"` target of a `Link` header.
pub(super) fn next_link(header: &str) -> Option<String> {
    header.split(',').find_map(|part| {
        let mut pieces = part.split(';');
        let target = pieces.next()?.trim();
        let url = target.strip_prefix('<')?.strip_suffix('>')?;
        let is_next = pieces.any(|param| {
            let Some((name, value)) = param.split_once('=') else {
                return false;
            };
            name.trim().eq_ignore_ascii_case("rel")
                && value
                    .trim()
                    .trim_matches('"')
                    .split_ascii_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case("next"))
        });
        is_next.then(|| url.to_string())
    })
}

/// The `message` of a GitHub error body, shortened.
fn github_message(body: &str) -> Option<String> {
    let value: Value = serde_json::from_str(body).ok()?;
    let message = value.get("message")?.as_str()?;
    Some(message.chars().take(MAX_QUOTED_CHARS).collect())
}

/// Seconds from now until an epoch time (negative when it has passed).
fn seconds_until(epoch: u64) -> i64 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    i64::try_from(epoch).unwrap_or(i64::MAX) - i64::try_from(now).unwrap_or(0)
}

/// Write through a temporary file in the same directory, then rename over the target, so
/// readers see the old file or the new one, never half of one.
fn write_atomically(path: &Path, value: &Value) -> Result<(), StateError> {
    let io_error = |e: std::io::Error| StateError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let mut text = serde_json::to_string_pretty(value).map_err(|e| StateError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    text.push('\n');
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&tmp).and_then(|mut file| {
        file.write_all(text.as_bytes())?;
        file.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, path)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(io_error(e));
    }
    Ok(())
}
