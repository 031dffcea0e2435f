//! Rules that read exported GitHub state (unprotected-environment, untested-environment,
//! stale-route, doc-approval-unverified), how `check` finds the state (`--state`, `state:` in
//! .driftlint.yml, declarations as code), and `driftlint state pull` from the command line.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use common::{copy_dir, driftlint, is_security, json_findings, root, stdout, Scratch};

const STATE_RULES: &[&str] = &[
    "unprotected-environment",
    "untested-environment",
    "stale-route",
];

/// `(rule, path, line, severity, message)` of every finding, in output order.
fn findings(out: &std::process::Output) -> Vec<(String, String, u64, String, String)> {
    let v: serde_json::Value = serde_json::from_str(&stdout(out))
        .unwrap_or_else(|e| panic!("bad JSON ({e}); stderr: {}", stderr(out)));
    v["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("no findings array"))
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["path"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
                f["severity"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn check_json(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["check", "--format", "json", "--fail-on", "never"];
    args.extend_from_slice(extra);
    driftlint(dir, &args)
}

/// `(rule, path, line)` lines of an EXPECTED.md (`none` lists nothing).
fn expected(dir: &Path) -> Vec<(String, String, u64)> {
    let text = std::fs::read_to_string(dir.join("EXPECTED.md")).unwrap();
    let mut out: Vec<_> = text
        .lines()
        .filter_map(|l| {
            let (rule, loc) = l.trim().split_once(' ')?;
            let (path, line) = loc.rsplit_once(':')?;
            Some((rule.to_string(), path.to_string(), line.parse().ok()?))
        })
        .collect();
    out.sort();
    out
}

fn fixture(rule: &str, side: &str) -> PathBuf {
    root().join("fixtures/rules").join(rule).join(side)
}

#[test]
fn every_state_rule_has_three_fixtures_and_nostate_is_silent() {
    for rule in STATE_RULES {
        for side in ["positive", "negative", "nostate"] {
            let dir = fixture(rule, side);
            assert!(dir.join("EXPECTED.md").is_file(), "{}", dir.display());
            let actual = json_findings(&stdout(&check_json(&dir, &[])));
            assert_eq!(actual, expected(&dir), "{rule}/{side}");
        }
        // No state: neither a finding nor a state folder to take one from.
        assert!(!fixture(rule, "nostate").join("state").exists());
        assert!(!fixture(rule, "nostate").join(".driftlint.yml").exists());
    }
}

/// `--state DIR` gives the no-state copy the positive fixture's findings (same workflows).
#[test]
fn check_state_flag_loads_the_exports() {
    for rule in STATE_RULES {
        let state = fixture(rule, "positive").join("state");
        let out = check_json(
            &fixture(rule, "nostate"),
            &["--state", state.to_str().unwrap()],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let got: Vec<_> = json_findings(&stdout(&out))
            .into_iter()
            .filter(|(r, _, _)| r == rule)
            .collect();
        let want: Vec<_> = expected(&fixture(rule, "positive"))
            .into_iter()
            .filter(|(r, _, _)| r == rule)
            .collect();
        assert_eq!(got, want, "{rule}");
    }
}

/// The positive fixtures get their state only from `state: state` in .driftlint.yml.
#[test]
fn config_state_folder_is_read_relative_to_the_config() {
    let scratch = Scratch::new("config");
    let repo = scratch.0.join("repo");
    copy_dir(&fixture("unprotected-environment", "positive"), &repo);
    let mut with_config = findings(&check_json(&scratch.0, &["repo"]));
    with_config.retain(|f| !is_security(&f.0) || f.0 == "unprotected-environment");
    assert_eq!(
        with_config
            .iter()
            .map(|f| (f.0.as_str(), f.1.as_str(), f.2))
            .collect::<Vec<_>>(),
        [
            (
                "unprotected-environment",
                "repo/.github/workflows/deploy.yml",
                10
            ),
            (
                "unprotected-environment",
                "repo/.github/workflows/deploy.yml",
                18
            ),
        ]
    );
    assert!(
        with_config[0].4.contains("(repo/state/environments.json)"),
        "{}",
        with_config[0].4
    );
    std::fs::remove_file(repo.join(".driftlint.yml")).unwrap();
    let mut without = findings(&check_json(&scratch.0, &["repo"]));
    without.retain(|f| !is_security(&f.0) || f.0 == "unprotected-environment");
    assert_eq!(without, []);
}

#[test]
fn missing_state_dir_is_an_error() {
    let out = driftlint(
        &fixture("stale-route", "nostate"),
        &["check", "--state", "no-such-dir"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        "error: state: no-such-dir: state directory not found"
    );
    assert!(stdout(&out).is_empty());
}

/// Path, line and message of one expected finding.
type Expected = (&'static str, u64, &'static str);

#[test]
fn messages_name_the_environment_the_state_file_and_the_job() {
    let cases: &[(&str, &[Expected])] = &[
        (
            "unprotected-environment",
            &[
                (".github/workflows/deploy.yml", 10, "production environment `production` has no required reviewers and no wait timer (state/environments.json): job `production` (deploy.yml) deploys to it without anyone's approval"),
                (".github/workflows/deploy.yml", 18, "production environment `live` is not in state/environments.json: GitHub creates it without required reviewers or a wait timer on the first deployment by job `live` (deploy.yml)"),
            ],
        ),
        (
            "untested-environment",
            &[
                (".github/workflows/deploy.yml", 17, "the last deployment to environment `staging` (ref main) failed on 2025-03-02T10:04:00Z: \"Helm upgrade failed: timed out waiting for the condition\" (state/deployments.json); the last successful one was on 2025-02-20T09:00:00Z; job `staging` (deploy.yml) deploys there"),
                (".github/workflows/deploy.yml", 24, "environment `qa` has never been deployed: state/deployments.json has no deployment to it, so nothing shows that job `qa` (deploy.yml) works there"),
            ],
        ),
        (
            "stale-route",
            &[(
                "docs/DEPLOYING.md",
                6,
                "documented route `main → staging` has never run successfully: state/runs.json has no successful run for a push to a branch like `main` (deploy.yml: 2 such runs, none successful; the last, on main (2025-03-03T09:00:00Z), ended failure)",
            )],
        ),
    ];
    for (rule, want) in cases {
        let got: Vec<(String, u64, String)> =
            findings(&check_json(&fixture(rule, "positive"), &[]))
                .into_iter()
                .filter(|f| f.0 == *rule)
                .map(|f| (f.1, f.2, f.4))
                .collect();
        let want: Vec<(String, u64, String)> = want
            .iter()
            .map(|(p, l, m)| (p.to_string(), *l, m.to_string()))
            .collect();
        assert_eq!(got, want, "{rule}");
    }
}

/// The seed: staging's last deployment failed (S3 PermanentRedirect), prod and production
/// were never deployed, prod has no reviewers, production is not an environment at all, and
/// no tag push of release.yml ever ran.
#[test]
fn seed_state_findings_are_exact() {
    let out = check_json(
        &root(),
        &["fixtures/seed", "--state", "fixtures/seed/state"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got: Vec<(String, String, u64)> = findings(&out)
        .into_iter()
        .filter(|f| STATE_RULES.contains(&f.0.as_str()))
        .map(|f| (f.0, f.1, f.2))
        .collect();
    let wf = |f: &str| format!("fixtures/seed/.github/workflows/{f}");
    let doc = "fixtures/seed/docs/RELEASING.md".to_string();
    let mut want = vec![
        (
            "unprotected-environment".to_string(),
            wf("emergency.yml"),
            39,
        ),
        ("untested-environment".to_string(), wf("emergency.yml"), 39),
        (
            "unprotected-environment".to_string(),
            wf("release.yml"),
            106,
        ),
        ("untested-environment".to_string(), wf("release.yml"), 106),
        ("untested-environment".to_string(), wf("run.yml"), 31),
    ];
    for line in [30, 31, 32, 37, 38, 39] {
        want.push(("stale-route".to_string(), doc.clone(), line));
    }
    let mut got_sorted = got.clone();
    got_sorted.sort();
    want.sort();
    assert_eq!(got_sorted, want);
    let messages: Vec<String> = findings(&out).into_iter().map(|f| f.4).collect();
    let has = |text: &str| messages.iter().any(|m| m == text);
    assert!(has("the last deployment to environment `staging` (ref main) failed on 2025-09-24T16:21:32Z: \"Terraform init failed … 301, api error PermanentRedirect\" (fixtures/seed/state/deployments.json); it has never succeeded; job `deploy` (run.yml) deploys there"), "{messages:#?}");
    assert!(has("environment `production` has never been deployed: fixtures/seed/state/deployments.json has no deployment to it, so nothing shows that job `deploy-production` (release.yml) works there"));
    assert!(has("production environment `prod` has no required reviewers and no wait timer (fixtures/seed/state/environments.json): job `hotfix` (emergency.yml) deploys to it without anyone's approval"));
    assert!(has("production environment `production` is not in fixtures/seed/state/environments.json: GitHub creates it without required reviewers or a wait timer on the first deployment by job `deploy-production` (release.yml)"));
    assert!(has("documented route `v*.*.*-rc* → staging` has never run successfully: fixtures/seed/state/runs.json has no successful run for a push of a tag like `v*.*.*-rc*` (release.yml: none of its 2 recorded runs was such a push)"));
}

/// Without state no state rule says anything, so nothing can read as "ok".
#[test]
fn seed_without_state_has_no_state_rule_finding() {
    let out = check_json(&root(), &["fixtures/seed"]);
    let rules: Vec<String> = findings(&out).into_iter().map(|f| f.0).collect();
    for rule in STATE_RULES {
        assert!(
            !rules.iter().any(|r| r == rule),
            "{rule} fired without state"
        );
    }
}

/// doc-approval-unverified: unknown (a note) without state, violated (error) when prod has no
/// reviewers, holds (no finding) once prod has them.
#[test]
fn approval_claim_follows_the_environment_settings() {
    let approval = |out: &std::process::Output| -> Vec<(String, u64, String, String)> {
        findings(out)
            .into_iter()
            .filter(|f| f.0 == "doc-approval-unverified")
            .map(|f| (f.1, f.2, f.3, f.4))
            .collect()
    };
    let doc = "fixtures/seed/docs/RELEASING.md".to_string();
    let quote =
        "docs: \"Production deployments require approval from a release manager.\" — actual: ";
    assert_eq!(
        approval(&check_json(&root(), &["fixtures/seed"])),
        [(
            doc.clone(),
            41,
            "note".to_string(),
            format!("{quote}unverified: reviewers for `prod` are set in GitHub's environment settings, not in the repository (export them with `driftlint state pull`)")
        )]
    );
    assert_eq!(
        approval(&check_json(
            &root(),
            &["fixtures/seed", "--state", "fixtures/seed/state"]
        )),
        [(
            doc.clone(),
            41,
            "error".to_string(),
            format!("{quote}`prod` has no required reviewers (environments.json)")
        )]
    );
    // The same export with a reviewer on prod.
    let scratch = Scratch::new("reviewers");
    copy_dir(&root().join("fixtures/seed/state"), &scratch.0);
    let envs = scratch.0.join("environments.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&envs).unwrap()).unwrap();
    for env in json["environments"].as_array_mut().unwrap() {
        if env["name"] == "prod" {
            env["protection_rules"] = serde_json::json!([{
                "type": "required_reviewers",
                "reviewers": [{"type": "User", "reviewer": {"login": "release-manager"}}]
            }]);
        }
    }
    std::fs::write(&envs, serde_json::to_string(&json).unwrap()).unwrap();
    let out = check_json(
        &root(),
        &["fixtures/seed", "--state", scratch.0.to_str().unwrap()],
    );
    assert_eq!(approval(&out), []);
    // prod is protected now; production is still missing from the export.
    let unprotected: Vec<(String, u64)> = findings(&out)
        .into_iter()
        .filter(|f| f.0 == "unprotected-environment")
        .map(|f| (f.1, f.2))
        .collect();
    assert_eq!(
        unprotected,
        [(
            "fixtures/seed/.github/workflows/release.yml".to_string(),
            106
        )]
    );
}

/// Environments declared in .github/settings.yml count as state for `check` without
/// `--state`; a name they do not declare is not taken as missing.
#[test]
fn settings_yml_declarations_are_state() {
    let scratch = Scratch::new("settings");
    copy_dir(&fixture("unprotected-environment", "nostate"), &scratch.0);
    std::fs::write(
        scratch.0.join(".github/settings.yml"),
        "environments:\n  - name: production\n    wait_timer: 0\n",
    )
    .unwrap();
    let got: Vec<(String, u64, String)> = findings(&check_json(&scratch.0, &[]))
        .into_iter()
        .filter(|f| f.0 == "unprotected-environment")
        .map(|f| (f.1, f.2, f.4))
        .collect();
    assert_eq!(
        got,
        [(
            ".github/workflows/deploy.yml".to_string(),
            10,
            "production environment `production` has no required reviewers and no wait timer (.github/settings.yml:2): job `production` (deploy.yml) deploys to it without anyone's approval".to_string()
        )]
    );
}

// ---------------------------------------------------------------- state pull

const TOKEN: &str = "ghp_statecliTEST0do0not0print0123456789";

/// A canned API: each target answered once with (status, body); anything else gets a 404.
/// Returns the request targets and whether each carried the test token.
fn serve(routes: Vec<(String, u16, String)>) -> (String, JoinHandle<Vec<(String, bool)>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    listener.set_nonblocking(true).unwrap();
    let handle = std::thread::spawn(move || {
        let mut routes: Vec<Option<(String, u16, String)>> = routes.into_iter().map(Some).collect();
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut seen = Vec::new();
        while routes.iter().any(Option::is_some) && Instant::now() < deadline {
            let mut stream = match listener.accept() {
                Ok((s, _)) => s,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    std::thread::sleep(Duration::from_millis(2));
                    continue;
                }
                Err(_) => break,
            };
            stream.set_nonblocking(false).unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(2)))
                .unwrap();
            let mut head = Vec::new();
            let mut buf = [0u8; 4096];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
            let head = String::from_utf8_lossy(&head).into_owned();
            let target = head
                .lines()
                .next()
                .and_then(|l| l.split(' ').nth(1))
                .unwrap_or_default()
                .to_string();
            let authorized = head
                .lines()
                .any(|l| l.eq_ignore_ascii_case(&format!("authorization: Bearer {TOKEN}")));
            let (status, body) = routes
                .iter_mut()
                .find(|r| r.as_ref().is_some_and(|r| r.0 == target))
                .and_then(Option::take)
                .map(|(_, s, b)| (s, b))
                .unwrap_or((404, r#"{"message":"Not Found"}"#.to_string()));
            let reply = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(reply.as_bytes());
            seen.push((target, authorized));
        }
        seen
    });
    (base, handle)
}

fn api_routes(repo: &str) -> Vec<(String, u16, String)> {
    let at = |p: &str| format!("/repos/{repo}/{p}?per_page=100");
    vec![
        (
            at("environments"),
            200,
            r#"{"total_count":1,"environments":[{"name":"production","protection_rules":[]}]}"#.into(),
        ),
        (
            at("deployments"),
            200,
            r#"[{"id":7,"environment":"production","ref":"main","sha":"abc","created_at":"2025-01-01T00:00:00Z"}]"#.into(),
        ),
        (
            at("deployments/7/statuses"),
            200,
            r#"[{"state":"success","created_at":"2025-01-01T00:01:00Z"},{"state":"queued","created_at":"2025-01-01T00:00:01Z"}]"#.into(),
        ),
        (
            at("actions/runs"),
            200,
            r#"{"total_count":0,"workflow_runs":[]}"#.into(),
        ),
        (
            at("actions/workflows"),
            200,
            r#"{"total_count":1,"workflows":[{"id":1,"name":"Deploy","path":".github/workflows/deploy.yml","state":"active"}]}"#.into(),
        ),
    ]
}

fn pull_cmd(dir: &Path, args: &[&str], token: Option<&str>) -> std::process::Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_driftlint"));
    cmd.args(["state", "pull"])
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN");
    if let Some(t) = token {
        cmd.env("GITHUB_TOKEN", t);
    }
    cmd.output().unwrap()
}

#[test]
fn state_pull_writes_the_exports_and_prints_a_summary() {
    let scratch = Scratch::new("pull");
    let (base, server) = serve(api_routes("octo/app"));
    let out = pull_cmd(
        &scratch.0,
        &[
            "--repo",
            "octo/app",
            "--api-url",
            &base,
            "--out",
            "exported",
        ],
        Some(TOKEN),
    );
    let seen = server.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "pulled state of octo/app (with a token):\n\
         \x20 exported/environments.json: 1 environment (1 page)\n\
         \x20 exported/deployments.json: 1 deployment with 2 statuses (1 page)\n\
         \x20 exported/runs.json: 0 runs (1 page)\n\
         \x20 exported/workflows.json: 1 workflow (1 page)\n\
         5 requests\n"
    );
    assert!(!stdout(&out).contains(TOKEN) && !stderr(&out).contains(TOKEN));
    assert_eq!(seen.len(), 5);
    assert!(seen.iter().all(|(_, authorized)| *authorized), "{seen:?}");
    // What was written is what `--state` reads: production exists, unprotected.
    let state = driftlint::state::load_state(&scratch.0.join("exported")).unwrap();
    let envs = state.environments.unwrap();
    assert_eq!(envs.len(), 1);
    assert_eq!(envs[0].name, "production");
    assert!(envs[0].reviewers.is_empty());
    assert_eq!(
        state.deployments.unwrap()[0].latest_state(),
        Some("success")
    );
}

#[test]
fn state_pull_errors_exit_2_without_the_token() {
    let scratch = Scratch::new("pull-401");
    let (base, server) = serve(vec![(
        "/repos/octo/app/environments?per_page=100".into(),
        401,
        r#"{"message":"Bad credentials"}"#.into(),
    )]);
    let out = pull_cmd(
        &scratch.0,
        &["--repo", "octo/app", "--api-url", &base],
        Some(TOKEN),
    );
    server.join().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        "error: state pull for octo/app: GitHub API /repos/octo/app/environments: token rejected (HTTP 401): set GITHUB_TOKEN or GH_TOKEN to a valid token"
    );
    assert!(stdout(&out).is_empty());
    assert!(!stderr(&out).contains(TOKEN));
    assert!(
        !scratch.0.join(".driftlint").exists(),
        "nothing is written on failure"
    );

    let bad = pull_cmd(&scratch.0, &["--repo", "not a repo"], None);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(
        stderr(&bad).trim(),
        "error: state pull for not a repo: invalid repository \"not a repo\": expected owner/name"
    );
}

#[test]
fn state_pull_timeout_and_retries_flags_reach_the_message() {
    // A listener that never accepts: connections wait in its backlog and get no answer.
    let scratch = Scratch::new("pull-timeout");
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let host = listener.local_addr().unwrap().to_string();
    let base = format!("http://{host}");
    let out = pull_cmd(
        &scratch.0,
        &[
            "--repo",
            "octo/app",
            "--api-url",
            &base,
            "--timeout",
            "1",
            "--retries",
            "0",
        ],
        Some(TOKEN),
    );
    drop(listener);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        format!(
            "error: state pull for octo/app: GitHub API /repos/octo/app/environments: no answer \
             from {host} within the 1 s per-request timeout (--timeout); gave up after 1 attempt"
        )
    );
    assert!(!scratch.0.join(".driftlint").exists());
    let zero = pull_cmd(&scratch.0, &["--repo", "octo/app", "--timeout", "0"], None);
    assert_eq!(zero.status.code(), Some(2), "a zero limit is refused");
}

fn git(dir: &Path, args: &[&str]) -> bool {
    std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn state_pull_takes_the_repository_from_the_origin_remote() {
    let scratch = Scratch::new("pull-git");
    assert!(
        git(&scratch.0, &["init", "-q"]),
        "git is needed for this test"
    );
    // No origin: ask for --repo.
    let out = pull_cmd(&scratch.0, &[], None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        "error: cannot tell which repository to pull: `git remote get-url origin` gives no github.com URL; pass --repo OWNER/NAME"
    );
    // A remote elsewhere than github.com: same.
    assert!(git(
        &scratch.0,
        &["remote", "add", "origin", "https://gitlab.com/octo/app.git"]
    ));
    assert_eq!(pull_cmd(&scratch.0, &[], None).status.code(), Some(2));
    // An ssh github.com remote names the repository.
    assert!(git(
        &scratch.0,
        &["remote", "set-url", "origin", "git@github.com:octo/app.git"]
    ));
    let (base, server) = serve(api_routes("octo/app"));
    let out = pull_cmd(&scratch.0, &["--api-url", &base], None);
    let seen = server.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with(
            "pulled state of octo/app (without a token: GITHUB_TOKEN and GH_TOKEN are unset):\n  .driftlint/state/environments.json: 1 environment (1 page)\n"
        ),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        seen.first().map(|s| s.0.as_str()),
        Some("/repos/octo/app/environments?per_page=100")
    );
    assert!(scratch.0.join(".driftlint/state/workflows.json").is_file());
}

/// A settings.yml that does not parse is the repository's own file: a warning, not an error.
#[test]
fn unreadable_declarations_are_a_warning() {
    let scratch = Scratch::new("bad-settings");
    copy_dir(&fixture("unprotected-environment", "nostate"), &scratch.0);
    std::fs::write(scratch.0.join(".github/settings.yml"), "environments: [\n").unwrap();
    let out = driftlint(&scratch.0, &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let mut found = json_findings(&stdout(&out));
    found.retain(|f| !is_security(&f.0) || f.0 == "unprotected-environment");
    assert_eq!(found, []);
    assert_eq!(
        stderr(&out),
        "warning: ./.github/settings.yml:2: YAML syntax error: while parsing a node, did not find expected node content (environments declared as code are ignored)\n"
    );
}

/// Three related jobs are listed; the last one says how many more deploy to the environment.
#[test]
fn approval_related_jobs_are_capped_with_a_count() {
    let scratch = Scratch::new("approval-cap");
    let wf = scratch.0.join(".github/workflows");
    std::fs::create_dir_all(&wf).unwrap();
    let jobs: String = ["a", "b", "c", "d", "e"]
        .iter()
        .map(|j| {
            format!(
                "  {j}:\n    runs-on: x\n    environment: production\n    steps: [{{run: x}}]\n"
            )
        })
        .collect();
    std::fs::write(
        wf.join("deploy.yml"),
        format!("on:\n  push:\n    tags: ['v*']\njobs:\n{jobs}"),
    )
    .unwrap();
    std::fs::create_dir_all(scratch.0.join("docs")).unwrap();
    std::fs::write(
        scratch.0.join("docs/DEPLOYING.md"),
        "# Deploying\n\nProduction deployments require approval.\n",
    )
    .unwrap();
    let out = check_json(&scratch.0, &[]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let finding = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "doc-approval-unverified")
        .unwrap_or_else(|| panic!("no approval finding: {v}"));
    assert_eq!(finding["line"], 3);
    let related: Vec<(String, u64, String)> = finding["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["path"].as_str().unwrap().to_string(),
                r["line"].as_u64().unwrap(),
                r["label"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let path = ".github/workflows/deploy.yml".to_string();
    assert_eq!(
        related,
        [
            (path.clone(), 7, "job `a` deploys here".to_string()),
            (path.clone(), 11, "job `b` deploys here".to_string()),
            (
                path,
                15,
                "job `c` deploys here (2 more jobs deploy here too)".to_string()
            ),
        ]
    );
}
