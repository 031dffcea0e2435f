//! `state pull` against a local HTTP server that replays recorded GitHub responses
//! (tests/data/state). The server answers a fixed list of requests and stops; it also stops at a
//! deadline, so a client that asks less (or more) than expected cannot hang a test.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use driftlint::state::{
    load_state, pull, PullOptions, PullSummary, PulledFile, StateError, DEPLOYMENTS_FILE,
    ENVIRONMENTS_FILE, RUNS_FILE, WORKFLOWS_FILE,
};

const TOKEN: &str = "ghp_TESTTOKEN0do0not0leak0123456789abcdef";
const REPO: &str = "octo/app";
const SERVER_DEADLINE: Duration = Duration::from_secs(10);

fn data(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/state")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One canned response for one request target (path and query).
struct Route {
    target: String,
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

fn route(target: &str, status: u16, body: String) -> Route {
    Route {
        target: target.to_string(),
        status,
        headers: Vec::new(),
        body,
    }
}

impl Route {
    fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

/// A request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    target: String,
    /// Header names lowercased, in order.
    headers: Vec<(String, String)>,
}

impl Seen {
    fn header(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

struct Server {
    base: String,
    handle: JoinHandle<Vec<Seen>>,
}

impl Server {
    fn start(routes: Vec<Route>) -> Server {
        start_with(|_| routes)
    }
}

/// Serve the routes built from the server's base URL (for Link headers), each once, in the
/// order requested; a request for a target without an unused route gets a 404. Stops when
/// every route was used, after routes + 3 requests, or at the deadline.
fn start_with(build: impl FnOnce(&str) -> Vec<Route>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let routes = build(&base);
    listener.set_nonblocking(true).unwrap();
    let handle = std::thread::spawn(move || {
        let mut routes: Vec<Option<Route>> = routes.into_iter().map(Some).collect();
        let max_requests = routes.len() + 3;
        let deadline = Instant::now() + SERVER_DEADLINE;
        let mut seen = Vec::new();
        while seen.len() < max_requests
            && routes.iter().any(Option::is_some)
            && Instant::now() < deadline
        {
            match listener.accept() {
                Ok((stream, _)) => {
                    if let Some(request) = answer(stream, &mut routes) {
                        seen.push(request);
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    std::thread::sleep(Duration::from_millis(2));
                }
                Err(_) => break,
            }
        }
        seen
    });
    Server { base, handle }
}

impl Server {
    fn finish(self) -> Vec<Seen> {
        self.handle.join().unwrap()
    }
}

fn answer(mut stream: TcpStream, routes: &mut [Option<Route>]) -> Option<Seen> {
    stream.set_nonblocking(false).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    stream
        .set_write_timeout(Some(Duration::from_secs(2)))
        .ok()?;
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buf[..n]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let mut lines = head.split("\r\n");
    let target = lines.next()?.split(' ').nth(1)?.to_string();
    let headers = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let reply = routes
        .iter_mut()
        .find(|r| r.as_ref().is_some_and(|r| r.target == target))
        .and_then(Option::take)
        .unwrap_or_else(|| route(&target, 404, data("error-404.json")));
    let mut response = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n",
        reply.status,
        reason(reply.status),
        reply.body.len()
    );
    for (name, value) in &reply.headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str("\r\n");
    response.push_str(&reply.body);
    stream.write_all(response.as_bytes()).ok()?;
    stream.flush().ok()?;
    Some(Seen { target, headers })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// A fresh output directory under the system temp dir, removed on drop.
struct OutDir(PathBuf);

impl OutDir {
    fn new(tag: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!(
            "driftlint-state-pull-{}-{tag}-{n}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        OutDir(dir)
    }

    /// File names in the directory, sorted (empty when it does not exist).
    fn listing(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.0)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }
}

impl Drop for OutDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn options(server: &Server, out: &OutDir) -> PullOptions {
    let mut opts = PullOptions::new(REPO, &out.0);
    opts.api_base = server.base.clone();
    opts.token = Some(TOKEN.to_string());
    opts.retry_backoff = Duration::from_millis(10);
    opts.timeout = Duration::from_secs(5);
    opts
}

const ENVIRONMENTS: &str = "/repos/octo/app/environments?per_page=100";
const DEPLOYMENTS: &str = "/repos/octo/app/deployments?per_page=100";
const STATUSES_101: &str = "/repos/octo/app/deployments/101/statuses?per_page=100";
const STATUSES_102: &str = "/repos/octo/app/deployments/102/statuses?per_page=100";
const RUNS: &str = "/repos/octo/app/actions/runs?per_page=100";
const RUNS_PAGE_2: &str = "/repos/octo/app/actions/runs?per_page=100&page=2";
const WORKFLOWS: &str = "/repos/octo/app/actions/workflows?per_page=100";

fn empty_environments() -> String {
    r#"{"total_count": 0, "environments": []}"#.to_string()
}

fn empty_runs() -> String {
    r#"{"total_count": 0, "workflow_runs": []}"#.to_string()
}

fn empty_workflows() -> String {
    r#"{"total_count": 0, "workflows": []}"#.to_string()
}

/// The whole recorded repository: two pages of runs, two deployments with statuses.
fn full_routes(base: &str) -> Vec<Route> {
    vec![
        route(ENVIRONMENTS, 200, data("environments.json")),
        route(DEPLOYMENTS, 200, data("deployments.json")),
        route(STATUSES_102, 200, data("statuses-102.json")),
        route(STATUSES_101, 200, data("statuses-101.json")),
        route(RUNS, 200, data("runs-page-1.json")).header(
            "Link",
            &format!(r#"<{base}{RUNS_PAGE_2}>; rel="next", <{base}{RUNS_PAGE_2}>; rel="last""#),
        ),
        route(RUNS_PAGE_2, 200, data("runs-page-2.json")).header(
            "Link",
            &format!(r#"<{base}{RUNS}&page=1>; rel="prev", <{base}{RUNS}&page=1>; rel="first""#),
        ),
        route(WORKFLOWS, 200, data("workflows.json")),
    ]
}

fn pulled(out: &OutDir, file: &str, items: usize, statuses: usize, pages: usize) -> PulledFile {
    PulledFile {
        file: file.to_string(),
        path: out.0.join(file),
        items,
        statuses,
        pages,
        truncated: false,
    }
}

#[test]
fn pull_merges_pages_embeds_statuses_and_writes_the_four_exports() {
    let server = start_with(full_routes);
    let out = OutDir::new("full");
    let summary = pull(&options(&server, &out)).unwrap();
    let seen = server.finish();

    assert_eq!(
        summary,
        PullSummary {
            files: vec![
                pulled(&out, ENVIRONMENTS_FILE, 2, 0, 1),
                pulled(&out, DEPLOYMENTS_FILE, 2, 3, 1),
                pulled(&out, RUNS_FILE, 3, 0, 2),
                pulled(&out, WORKFLOWS_FILE, 2, 0, 1),
            ],
            requests: 7,
        }
    );
    assert_eq!(
        seen.iter().map(|s| s.target.as_str()).collect::<Vec<_>>(),
        vec![
            ENVIRONMENTS,
            DEPLOYMENTS,
            STATUSES_102,
            STATUSES_101,
            RUNS,
            RUNS_PAGE_2,
            WORKFLOWS
        ]
    );
    let user_agent = format!("driftlint/{}", env!("CARGO_PKG_VERSION"));
    let bearer = format!("Bearer {TOKEN}");
    for request in &seen {
        assert_eq!(
            request.header("accept"),
            vec!["application/vnd.github+json"]
        );
        assert_eq!(request.header("x-github-api-version"), vec!["2022-11-28"]);
        assert_eq!(request.header("user-agent"), vec![user_agent.as_str()]);
        assert_eq!(request.header("authorization"), vec![bearer.as_str()]);
    }

    // Exactly the four files; no temporary files left behind.
    assert_eq!(
        out.listing(),
        vec![
            "deployments.json",
            "environments.json",
            "runs.json",
            "workflows.json"
        ]
    );
    // Pages merged into the single-response shape, GitHub's total_count kept.
    let runs: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.0.join(RUNS_FILE)).unwrap()).unwrap();
    assert_eq!(runs["total_count"], 3);
    let ids: Vec<u64> = runs["workflow_runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, vec![9003, 9002, 9001]);
    let deployments: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.0.join(DEPLOYMENTS_FILE)).unwrap())
            .unwrap();
    assert_eq!(deployments[0]["id"], 102);
    assert_eq!(deployments[0]["statuses"][0]["id"], 2002);
    assert_eq!(deployments[0]["statuses"][1]["id"], 2001);
    assert_eq!(deployments[1]["statuses"][0]["state"], "success");

    // What was written loads back into the typed model.
    let state = load_state(&out.0).unwrap();
    let prod = state.environment("production").found().unwrap();
    assert_eq!(
        prod.reviewers,
        vec!["octocat".to_string(), "team:release-managers".to_string()]
    );
    assert_eq!(prod.wait_timer, Some(30));
    assert_eq!(
        state
            .last_deployment("staging")
            .found()
            .and_then(|d| d.latest_state()),
        Some("failure")
    );
    assert_eq!(
        state
            .last_successful_deployment("dev")
            .found()
            .map(|d| d.id),
        Some(101)
    );
    let run_ids: Vec<u64> = state
        .runs_of("run.yml")
        .found()
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(run_ids, vec![9003, 9002, 9001]);
    assert_eq!(
        state
            .workflow_state(".github/workflows/emergency.yml")
            .found()
            .map(|w| w.state.as_str()),
        Some("disabled_manually")
    );

    // The token never reaches the files.
    for name in out.listing() {
        let text = std::fs::read_to_string(out.0.join(&name)).unwrap();
        assert!(!text.contains(TOKEN), "token in {name}");
    }
}

#[test]
fn max_pages_truncates_and_says_so() {
    let server = start_with(|base| {
        vec![
            route(ENVIRONMENTS, 200, empty_environments()),
            route(DEPLOYMENTS, 200, "[]".to_string()),
            route(RUNS, 200, data("runs-page-1.json"))
                .header("Link", &format!(r#"<{base}{RUNS_PAGE_2}>; rel="next""#)),
            route(WORKFLOWS, 200, empty_workflows()),
        ]
    });
    let out = OutDir::new("truncate");
    let mut opts = options(&server, &out);
    opts.max_pages = 1;
    let summary = pull(&opts).unwrap();
    let seen = server.finish();
    assert_eq!(seen.len(), 4, "page 2 must not be requested");
    assert_eq!(
        summary.file(RUNS_FILE),
        Some(&PulledFile {
            truncated: true,
            ..pulled(&out, RUNS_FILE, 2, 0, 1)
        })
    );
}

#[test]
fn pagination_link_to_another_host_is_refused() {
    let server = Server::start(vec![route(ENVIRONMENTS, 200, empty_environments()).header(
        "Link",
        r#"<https://evil.example/repos/octo/app/environments?page=2>; rel="next""#,
    )]);
    let out = OutDir::new("offsite");
    let err = pull(&options(&server, &out)).unwrap_err();
    server.finish();
    assert_eq!(
        err.to_string(),
        "GitHub API /repos/octo/app/environments: unexpected response: pagination link leaves \
         the API base: https://evil.example/repos/octo/app/environments?page=2"
    );
    assert_eq!(out.listing(), Vec::<String>::new());
}

#[test]
fn unauthorized_says_which_variables_to_set_and_writes_nothing() {
    let server = Server::start(vec![route(ENVIRONMENTS, 401, data("error-401.json"))]);
    let out = OutDir::new("401");
    let err = pull(&options(&server, &out)).unwrap_err();
    let seen = server.finish();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        err,
        StateError::TokenRejected {
            endpoint: "/repos/octo/app/environments".to_string()
        }
    );
    assert_eq!(
        err.to_string(),
        "GitHub API /repos/octo/app/environments: token rejected (HTTP 401): set GITHUB_TOKEN or \
         GH_TOKEN to a valid token"
    );
    assert!(!err.to_string().contains(TOKEN));
    assert!(!format!("{err:?}").contains(TOKEN));
    assert_eq!(out.listing(), Vec::<String>::new());
}

#[test]
fn unauthorized_without_a_token_asks_for_one() {
    let server = Server::start(vec![route(ENVIRONMENTS, 401, data("error-401.json"))]);
    let out = OutDir::new("401-none");
    let mut opts = options(&server, &out);
    opts.token = None;
    let err = pull(&opts).unwrap_err();
    let seen = server.finish();
    assert_eq!(seen[0].header("authorization"), Vec::<&str>::new());
    assert_eq!(
        err.to_string(),
        "GitHub API /repos/octo/app/environments: authentication required (HTTP 401): set \
         GITHUB_TOKEN or GH_TOKEN"
    );
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[test]
fn rate_limit_quotes_the_reset_time() {
    const RESET: u64 = 4_102_444_800; // 2100-01-01T00:00:00Z
                                      // Earlier endpoints succeed so the limit hits mid-pull; nothing may be written.
    let server = Server::start(vec![
        route(ENVIRONMENTS, 200, empty_environments()),
        route(DEPLOYMENTS, 200, "[]".to_string()),
        route(RUNS, 403, data("error-403-rate-limit.json"))
            .header("x-ratelimit-limit", "5000")
            .header("x-ratelimit-remaining", "0")
            .header("x-ratelimit-used", "5000")
            .header("x-ratelimit-reset", &RESET.to_string())
            .header("x-ratelimit-resource", "core"),
    ]);
    let out = OutDir::new("403");
    let before = now();
    let err = pull(&options(&server, &out)).unwrap_err();
    let after = now();
    server.finish();
    let StateError::RateLimited {
        ref endpoint,
        status,
        reset_epoch,
        seconds_from_now: Some(secs),
        retry_after,
    } = err
    else {
        panic!("unexpected {err:?}");
    };
    assert_eq!(endpoint, "/repos/octo/app/actions/runs");
    assert_eq!((status, reset_epoch, retry_after), (403, Some(RESET), None));
    assert!(
        (RESET as i64 - after..=RESET as i64 - before).contains(&secs),
        "{secs}"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "GitHub API /repos/octo/app/actions/runs: rate limit exceeded (HTTP 403); the limit \
             resets at {RESET} (epoch seconds), {secs} s from now"
        )
    );
    assert_eq!(out.listing(), Vec::<String>::new());
}

#[test]
fn forbidden_without_rate_limit_quotes_github() {
    let server = Server::start(vec![route(
        ENVIRONMENTS,
        403,
        data("error-403-forbidden.json"),
    )
    .header("x-ratelimit-remaining", "4999")]);
    let out = OutDir::new("403-plain");
    let err = pull(&options(&server, &out)).unwrap_err();
    server.finish();
    assert_eq!(
        err,
        StateError::Http {
            endpoint: "/repos/octo/app/environments".to_string(),
            status: 403,
            message: "Resource not accessible by integration".to_string()
        }
    );
}

#[test]
fn not_found_means_no_repository_or_no_access() {
    let server = Server::start(vec![route(ENVIRONMENTS, 404, data("error-404.json"))]);
    let out = OutDir::new("404");
    let err = pull(&options(&server, &out)).unwrap_err();
    server.finish();
    assert_eq!(
        err.to_string(),
        "GitHub API /repos/octo/app/environments: repository not found or token lacks access \
         (HTTP 404)"
    );
}

#[test]
fn server_errors_are_retried_then_succeed() {
    let server = Server::start(vec![
        route(ENVIRONMENTS, 502, data("error-502.json")),
        route(ENVIRONMENTS, 503, data("error-502.json")),
        route(ENVIRONMENTS, 200, data("environments.json")),
        route(DEPLOYMENTS, 200, "[]".to_string()),
        route(RUNS, 500, data("error-502.json")),
        route(RUNS, 200, empty_runs()),
        route(WORKFLOWS, 200, data("workflows.json")),
    ]);
    let out = OutDir::new("retry");
    let summary = pull(&options(&server, &out)).unwrap();
    let seen = server.finish();
    assert_eq!(seen.len(), 7);
    assert_eq!(summary.requests, 7);
    assert_eq!(
        summary.files,
        vec![
            pulled(&out, ENVIRONMENTS_FILE, 2, 0, 1),
            pulled(&out, DEPLOYMENTS_FILE, 0, 0, 1),
            pulled(&out, RUNS_FILE, 0, 0, 1),
            pulled(&out, WORKFLOWS_FILE, 2, 0, 1),
        ]
    );
}

#[test]
fn server_errors_give_up_after_two_retries() {
    let server = Server::start(vec![
        route(ENVIRONMENTS, 500, data("error-502.json")),
        route(ENVIRONMENTS, 502, data("error-502.json")),
        route(ENVIRONMENTS, 503, data("error-502.json")),
    ]);
    let out = OutDir::new("retry-fail");
    let err = pull(&options(&server, &out)).unwrap_err();
    let seen = server.finish();
    assert_eq!(seen.len(), 3);
    assert_eq!(
        err,
        StateError::ServerError {
            endpoint: "/repos/octo/app/environments".to_string(),
            status: 503,
            attempts: 3
        }
    );
}

#[test]
fn token_echoed_by_the_server_is_scrubbed_from_errors() {
    let body = format!(r#"{{"message": "Validation failed for Bearer {TOKEN}"}}"#);
    let server = Server::start(vec![route(ENVIRONMENTS, 422, body)]);
    let out = OutDir::new("echo");
    let err = pull(&options(&server, &out)).unwrap_err();
    server.finish();
    let text = err.to_string();
    assert!(!text.contains(TOKEN), "{text}");
    assert!(!format!("{err:?}").contains(TOKEN));
    assert_eq!(
        text,
        "GitHub API /repos/octo/app/environments: HTTP 422: Validation failed for Bearer <redacted>"
    );
}

#[test]
fn a_failed_pull_leaves_existing_exports_untouched() {
    let out = OutDir::new("keep");
    std::fs::create_dir_all(&out.0).unwrap();
    let old = r#"{"total_count": 0, "environments": []}"#;
    std::fs::write(out.0.join(ENVIRONMENTS_FILE), old).unwrap();
    let server = Server::start(vec![
        route(ENVIRONMENTS, 200, data("environments.json")),
        route(DEPLOYMENTS, 404, data("error-404.json")),
    ]);
    let err = pull(&options(&server, &out)).unwrap_err();
    server.finish();
    assert_eq!(
        err,
        StateError::NotFound {
            endpoint: "/repos/octo/app/deployments".to_string()
        }
    );
    assert_eq!(
        std::fs::read_to_string(out.0.join(ENVIRONMENTS_FILE)).unwrap(),
        old
    );
    assert_eq!(out.listing(), vec!["environments.json"]);
}

#[test]
fn secondary_rate_limit_quotes_retry_after() {
    let server = Server::start(vec![route(
        ENVIRONMENTS,
        429,
        data("error-403-rate-limit.json"),
    )
    .header("retry-after", "60")]);
    let out = OutDir::new("429");
    let err = pull(&options(&server, &out)).unwrap_err();
    server.finish();
    assert_eq!(
        err,
        StateError::RateLimited {
            endpoint: "/repos/octo/app/environments".to_string(),
            status: 429,
            reset_epoch: None,
            seconds_from_now: None,
            retry_after: Some(60),
        }
    );
    assert_eq!(
        err.to_string(),
        "GitHub API /repos/octo/app/environments: rate limit exceeded (HTTP 429); retry after 60 s"
    );
}

#[test]
fn unreachable_server_is_retried_then_reported_without_the_token() {
    // A port that was just free: connections are refused at once, so the test stays fast.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let out = OutDir::new("refused");
    let mut opts = PullOptions::new(REPO, &out.0);
    opts.api_base = base.clone();
    opts.token = Some(TOKEN.to_string());
    opts.retry_backoff = Duration::from_millis(10);
    opts.timeout = Duration::from_secs(5);
    let err = pull(&opts).unwrap_err();
    let StateError::Transport {
        ref endpoint,
        ref host,
        ref message,
        attempts,
    } = err
    else {
        panic!("unexpected {err:?}");
    };
    assert_eq!(endpoint, "/repos/octo/app/environments");
    assert_eq!(host, base.trim_start_matches("http://"));
    assert!(!message.is_empty());
    assert_eq!(attempts, 3, "the first request and two retries");
    let text = err.to_string();
    assert!(
        text.starts_with(&format!(
            "GitHub API /repos/octo/app/environments: cannot reach {host}: "
        )),
        "{text}"
    );
    assert!(text.ends_with("; gave up after 3 attempts"), "{text}");
    assert!(!format!("{err} {err:?}").contains(TOKEN));
    assert_eq!(out.listing(), Vec::<String>::new());
}

#[test]
fn silent_server_times_out_naming_host_limit_and_attempts() {
    // The kernel accepts connections into the backlog of a listener that never calls
    // accept(): the request is sent and no answer ever comes, as from a stuck proxy.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let host = listener.local_addr().unwrap().to_string();
    let out = OutDir::new("silent");
    let mut opts = PullOptions::new(REPO, &out.0);
    opts.api_base = format!("http://{host}");
    opts.token = Some(TOKEN.to_string());
    opts.retries = 1;
    opts.retry_backoff = Duration::from_millis(10);
    opts.timeout = Duration::from_millis(250);
    let err = pull(&opts).unwrap_err();
    assert_eq!(
        err,
        StateError::Timeout {
            endpoint: "/repos/octo/app/environments".into(),
            host: host.clone(),
            timeout_ms: 250,
            attempts: 2,
        }
    );
    assert_eq!(
        err.to_string(),
        format!(
            "GitHub API /repos/octo/app/environments: no answer from {host} within the 0.25 s \
             per-request timeout (--timeout); gave up after 2 attempts"
        )
    );
    assert_eq!(out.listing(), Vec::<String>::new());
    drop(listener);
}

#[test]
fn timeout_message_in_whole_seconds_and_one_attempt() {
    let err = StateError::Timeout {
        endpoint: "/x".into(),
        host: "ghe.example.test".into(),
        timeout_ms: 30_000,
        attempts: 1,
    };
    assert_eq!(
        err.to_string(),
        "GitHub API /x: no answer from ghe.example.test within the 30 s per-request timeout \
         (--timeout); gave up after 1 attempt"
    );
}
