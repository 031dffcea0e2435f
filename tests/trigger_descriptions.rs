//! `doc-trigger-mismatch` on trigger descriptions ("`x.yml` runs on …", "Triggers: …", a
//! Trigger column): exact findings for filters, patterns, reusable workflows, `workflow_run`,
//! and the hand-off to `doc-trigger-disabled`.

mod common;

use std::path::PathBuf;

use common::{driftlint, json_findings, stdout};

/// A repository with the given workflow files and `docs/CI.md`.
fn repo(name: &str, workflows: &[(&str, &str)], doc: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("driftlint-described-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".github/workflows")).unwrap();
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    for (file, on) in workflows {
        std::fs::write(
            dir.join(".github/workflows").join(file),
            format!("{on}jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make check\n"),
        )
        .unwrap();
    }
    std::fs::write(dir.join("docs/CI.md"), doc).unwrap();
    dir
}

/// Findings of the two trigger rules, with messages.
fn findings(dir: &std::path::Path) -> Vec<(String, u64, String)> {
    let out = driftlint(dir, &["check", "--format", "json", "--fail-on", "never"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let mut got: Vec<(String, u64, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            let r = f["rule"].as_str().unwrap_or("");
            r == "doc-trigger-mismatch" || r == "doc-trigger-disabled"
        })
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64().unwrap_or(0),
                f["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        json_findings(&stdout(&out))
            .iter()
            .filter(|(r, _, _)| r.starts_with("doc-trigger"))
            .count(),
        got.len()
    );
    got
}

const PUSH_MAIN_AND_PRS: &str = "on:\n  push:\n    branches: [main]\n  pull_request:\n";

/// (case, workflow `on:`, doc text, findings as (line, message)).
type Case = (
    &'static str,
    &'static str,
    &'static str,
    Vec<(u64, &'static str)>,
);

#[test]
fn filters_and_patterns() {
    let cases: Vec<Case> = vec![
        (
            "branch-mismatch",
            "on:\n  push:\n    branches: ['release/**']\n",
            "- `ci.yml` — Triggers: push to `main`\n",
            vec![(
                1,
                "docs: \"`ci.yml` — Triggers: push to `main`\" — actual: .github/workflows/ci.yml: \"push to `main`\": branch `main` does not match its `push` trigger (branches release/**)",
            )],
        ),
        ("branch-ok", PUSH_MAIN_AND_PRS, "- `ci.yml` — Triggers: push to `main`, PRs\n", vec![]),
        (
            "exhaustive-list-names-unlisted-events",
            "on:\n  pull_request:\n  workflow_dispatch:\n  schedule:\n    - cron: '0 1 * * *'\n",
            "- `ci.yml` — Triggers: push to `main`, PRs\n",
            vec![(
                1,
                "docs: \"`ci.yml` — Triggers: push to `main`, PRs\" — actual: .github/workflows/ci.yml: \"push to `main`\": no `push` trigger; not listed in the docs: workflow_dispatch, schedule (0 1 * * *)",
            )],
        ),
        (
            "partial-description-misses-nothing",
            "on:\n  push:\n  pull_request:\n  workflow_dispatch:\n",
            "The `ci.yml` workflow runs on pull requests.\n",
            vec![],
        ),
        (
            "tag-pattern-disjoint",
            "on:\n  push:\n    tags: ['release-*']\n",
            "`ci.yml` runs on tags like `v*`.\n",
            vec![(
                1,
                "docs: \"`ci.yml` runs on tags like `v*`.\" — actual: .github/workflows/ci.yml: \"on tags like `v*`\": tag `v*` does not match its `push` trigger (tags release-*)",
            )],
        ),
        // A documented tag glob admits version tags the filter does not: `v*` admits `v1`.
        (
            "tag-pattern-overlaps",
            "on:\n  push:\n    tags: ['v*.*.*']\n",
            "`ci.yml` runs on tags like `v*`.\n",
            vec![(
                1,
                "docs: \"`ci.yml` runs on tags like `v*`.\" — actual: .github/workflows/ci.yml: \"on tags like `v*`\": tag `v1` matches the documented `v*` but not its `push` trigger (tags v*.*.*)",
            )],
        ),
        (
            "tag-glob-admits-a-pre-release",
            "on:\n  push:\n    tags: ['rel-[0-9]+.[0-9]+.[0-9]+']\n",
            "- `ci.yml` — Triggers: tags matching `rel-*.*.*`\n",
            vec![(
                1,
                "docs: \"`ci.yml` — Triggers: tags matching `rel-*.*.*`\" — actual: .github/workflows/ci.yml: \"tags matching `rel-*.*.*`\": tag `rel-1.2.3-rc.1` matches the documented `rel-*.*.*` but not its `push` trigger (tags rel-[0-9]+.[0-9]+.[0-9]+)",
            )],
        ),
        (
            "tag-glob-narrower-than-the-filter",
            "on:\n  push:\n    tags: ['rel-*']\n",
            "- `ci.yml` — Triggers: tags matching `rel-*.*.*`\n",
            vec![],
        ),
        (
            "tag-glob-as-in-the-filter",
            "on:\n  push:\n    tags: ['rel-[0-9]+.[0-9]+.[0-9]+']\n",
            "- `ci.yml` — Triggers: tags matching `rel-[0-9]+.[0-9]+.[0-9]+`\n",
            vec![],
        ),
        (
            "tag-pushes-vs-branch-only",
            "on:\n  push:\n    branches: [main]\n",
            "`ci.yml` runs when tags are pushed.\n",
            vec![(
                1,
                "docs: \"`ci.yml` runs when tags are pushed.\" — actual: .github/workflows/ci.yml: \"when tags are pushed\": tag pushes do not match its `push` trigger (branches main)",
            )],
        ),
        (
            "pr-base-branch",
            "on:\n  pull_request:\n    branches: [develop]\n",
            "`ci.yml` runs on pull requests to `main`.\n",
            vec![(
                1,
                "docs: \"`ci.yml` runs on pull requests to `main`.\" — actual: .github/workflows/ci.yml: \"on pull requests to `main`\": base branch `main` does not match its `pull_request` trigger (branches develop)",
            )],
        ),
        (
            "pull-request-target-counts-as-prs",
            "on:\n  pull_request_target:\n",
            "`ci.yml` runs on pull requests.\n",
            vec![],
        ),
        (
            "unknown-workflow-is-another-rules",
            PUSH_MAIN_AND_PRS,
            "`other.yml` runs nightly.\n",
            vec![],
        ),
        // A quantifier over an event ("every", "each", "all") against the filters that skip
        // some of those events.
        (
            "every-pr-vs-paths",
            "on:\n  pull_request:\n    branches: [trunk]\n    paths: ['site/**']\n",
            "## `ci.yml`\n\n**Trigger:** each pull request against `trunk`\n",
            vec![(
                3,
                "docs: \"Trigger: each pull request against `trunk`\" — actual: .github/workflows/ci.yml: \"each pull request against `trunk`\": not every pull request: its `pull_request` trigger has a paths filter (branches trunk; paths site/**): a change touching none of those paths starts no run",
            )],
        ),
        (
            "every-push-and-pr-vs-branch-and-ignored-paths",
            "name: Checks\non:\n  push:\n    branches: [trunk]\n  pull_request:\n    paths-ignore: ['**.md']\n",
            "1. **Checks Workflow** - runs for all pushes and PRs\n",
            vec![(
                1,
                "docs: \"Checks Workflow - runs for all pushes and PRs\" — actual: .github/workflows/ci.yml: \"for all pushes\": not every branch: its `push` trigger has a branch filter (branches trunk); \"PRs\": not every pull request: its `pull_request` trigger has a paths filter (paths-ignore **.md): a change touching only ignored paths starts no run",
            )],
        ),
        (
            "every-pr-vs-base-branch-filter-only",
            "on:\n  pull_request:\n    branches: [trunk]\n",
            "`ci.yml` runs on every pull request.\n",
            vec![],
        ),
        (
            "every-push-to-the-filtered-branch",
            "on:\n  push:\n    branches: [trunk]\n    paths: ['**']\n",
            "`ci.yml` runs on every push to `trunk`.\n",
            vec![],
        ),
        (
            "pushes-without-quantifier-vs-paths",
            "on:\n  push:\n    branches: [trunk]\n    paths: ['site/**']\n",
            "`ci.yml` runs on pushes to `trunk`.\n",
            vec![],
        ),
    ];
    for (name, on, doc, want) in cases {
        let dir = repo(name, &[("ci.yml", on)], doc);
        let want: Vec<(String, u64, String)> = want
            .into_iter()
            .map(|(l, m)| ("doc-trigger-mismatch".to_string(), l, m.to_string()))
            .collect();
        assert_eq!(findings(&dir), want, "{name}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn workflow_run_names_the_workflow_it_follows() {
    let ci = ("ci.yml", "name: CI\non:\n  push:\n");
    let build = ("build.yml", "name: Build\non:\n  push:\n");
    let docs_after_build = (
        "docs.yml",
        "name: Docs\non:\n  workflow_run:\n    workflows: [Build]\n    types: [completed]\n",
    );
    let doc = "The `docs.yml` workflow runs after `CI` completes.\n";
    let dir = repo("run-after", &[ci, build, docs_after_build], doc);
    assert_eq!(
        findings(&dir),
        vec![(
            "doc-trigger-mismatch".to_string(),
            1,
            "docs: \"The `docs.yml` workflow runs after `CI` completes.\" — actual: .github/workflows/docs.yml: \"after `CI` completes\": it runs after `Build`, not after `CI`".to_string()
        )]
    );
    let _ = std::fs::remove_dir_all(&dir);
    let doc = "The `docs.yml` workflow runs after `Build` completes.\n";
    let dir = repo("run-after-ok", &[ci, build, docs_after_build], doc);
    assert_eq!(findings(&dir), Vec::new());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn reusable_workflow_runs_on_its_callers_events() {
    let deploy = ("deploy.yml", "on:\n  workflow_call:\n");
    let caller = (
        "release.yml",
        "on:\n  workflow_dispatch:\njobs:\n  call:\n    uses: ./.github/workflows/deploy.yml\n",
    );
    // `repo` appends a job list to every workflow it writes; the caller has its own.
    let dir = repo("reusable", &[deploy], "`deploy.yml` runs manually.\n");
    std::fs::write(dir.join(".github/workflows").join(caller.0), caller.1).unwrap();
    assert_eq!(findings(&dir), Vec::new());
    let _ = std::fs::remove_dir_all(&dir);
    let dir = repo(
        "reusable-no-caller",
        &[deploy],
        "`deploy.yml` runs manually.\n",
    );
    assert_eq!(
        findings(&dir),
        vec![(
            "doc-trigger-mismatch".to_string(),
            1,
            "docs: \"`deploy.yml` runs manually.\" — actual: .github/workflows/deploy.yml: \"manually\": no `workflow_dispatch` trigger; its triggers: workflow_call".to_string()
        )]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn commented_out_tag_push_is_reported_once() {
    let release = (
        "release.yml",
        "on:\n  # push:\n  #   tags: ['v*']\n  workflow_dispatch:\n",
    );
    // "runs on tag pushes" is also a tag-triggers-deploy sentence: doc-trigger-disabled has it.
    let dir = repo(
        "disabled-tags",
        &[release],
        "The `release.yml` workflow runs on tag pushes.\n",
    );
    let got: Vec<(String, u64)> = findings(&dir).into_iter().map(|(r, l, _)| (r, l)).collect();
    assert_eq!(got, vec![("doc-trigger-disabled".to_string(), 1)]);
    let _ = std::fs::remove_dir_all(&dir);
    // Likewise when no workflow starts on tag pushes at all.
    let ci = ("ci.yml", "on:\n  push:\n    branches: [main]\n");
    let dir = repo("no-tags", &[ci], "`ci.yml` runs on tag pushes.\n");
    let got: Vec<(String, u64)> = findings(&dir).into_iter().map(|(r, l, _)| (r, l)).collect();
    assert_eq!(got, vec![("doc-trigger-disabled".to_string(), 1)]);
    let _ = std::fs::remove_dir_all(&dir);
    // A description that is not such a sentence is this rule's, naming the commented lines.
    let dir = repo(
        "disabled-tags-list",
        &[release],
        "- `release.yml` — Triggers: tags, manual\n",
    );
    assert_eq!(
        findings(&dir),
        vec![(
            "doc-trigger-mismatch".to_string(),
            1,
            "docs: \"`release.yml` — Triggers: tags, manual\" — actual: .github/workflows/release.yml: \"tags\": `push tags v*` is commented out (lines 2-3)".to_string()
        )]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `claims: [{kind: "trigger:<event>", pattern}]` in .driftlint.yml teaches the reader the
/// team's own words for an event; without it the same sentence is not read.
#[test]
fn config_adds_words_for_an_event() {
    let dir = repo(
        "config-words",
        &[("deploy.yml", "on:\n  push:\n    branches: [main]\n")],
        "# CI\n\n`deploy.yml` runs on a ChatOps command.\n",
    );
    assert_eq!(findings(&dir), []);
    std::fs::write(
        dir.join(".driftlint.yml"),
        "claims:\n  - kind: 'trigger:repository_dispatch'\n    pattern: '\\bchatops\\s+command\\b'\n",
    )
    .unwrap();
    assert_eq!(
        findings(&dir),
        [(
            "doc-trigger-mismatch".to_string(),
            3,
            "docs: \"`deploy.yml` runs on a ChatOps command.\" — actual: .github/workflows/deploy.yml: \"on a ChatOps command\": no `repository_dispatch` trigger; its triggers: push (branches main)".to_string()
        )]
    );
    // An event GitHub does not have is a config error (exit 2) naming the line.
    std::fs::write(
        dir.join(".driftlint.yml"),
        "claims:\n  - kind: 'trigger:workflow_dispach'\n    pattern: 'x'\n",
    )
    .unwrap();
    let out = driftlint(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: `workflow_dispach` is not a GitHub Actions event at .driftlint.yml:2:11; did you mean `trigger:workflow_dispatch`?\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// "pushing a tag starts it" where the only publisher runs on `release` events: a pushed tag
/// alone publishes no GitHub release, so nothing starts. A `create` trigger (which a pushed tag
/// fires) or a sentence not about pushing ("tag-based releases") stays unknown.
#[test]
fn tag_push_said_for_a_release_event_workflow() {
    let release_only = ("ship.yml", "on:\n  release:\n    types: [published]\n");
    let pushed = "Publishing to the registry is kicked off by pushing a version tag.\n";
    let dir = repo("tag-push-vs-release", &[release_only], pushed);
    assert_eq!(
        findings(&dir),
        vec![(
            "doc-trigger-disabled".to_string(),
            1,
            "docs: \"Publishing to the registry is kicked off by pushing a version tag.\" — actual: no workflow in .github/workflows starts on a tag push; .github/workflows/ship.yml starts on `release` events, when a GitHub release is published, which a pushed tag alone does not do".to_string()
        )]
    );
    let _ = std::fs::remove_dir_all(&dir);
    let with_create = (
        "ship.yml",
        "on:\n  release:\n    types: [published]\n  create:\n",
    );
    let dir = repo("tag-push-vs-create", &[with_create], pushed);
    assert_eq!(findings(&dir), Vec::new());
    let _ = std::fs::remove_dir_all(&dir);
    let not_pushing = "Tag-based releases are signed by the maintainer on duty.\n";
    let dir = repo("tag-based-vs-release", &[release_only], not_pushing);
    assert_eq!(findings(&dir), Vec::new());
    let _ = std::fs::remove_dir_all(&dir);
    let tag_push = ("ship.yml", "on:\n  push:\n    tags: ['v*']\n");
    let dir = repo("tag-push-live", &[tag_push], pushed);
    assert_eq!(findings(&dir), Vec::new());
    let _ = std::fs::remove_dir_all(&dir);
}

/// "push a tag to release" where no workflow starts on a tag push names the workflow side too:
/// the push triggers that do not take the tag, or, without any, where the workflows start.
#[test]
fn tag_push_nothing_starts_names_the_push_triggers() {
    let branches_only = ("ci.yml", "on:\n  push:\n    branches: [main]\n");
    let doc = "Push a tag `v1.2.3` to release.\n";
    let dir = repo("tag-push-related", &[branches_only], doc);
    let out = driftlint(&dir, &["check", "--format", "json", "--fail-on", "never"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let related: Vec<(String, u64, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "doc-trigger-disabled")
        .flat_map(|f| f["related"].as_array().cloned().unwrap_or_default())
        .map(|r| {
            (
                r["path"].as_str().unwrap_or("").to_string(),
                r["line"].as_u64().unwrap_or(0),
                r["label"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        related,
        vec![(
            ".github/workflows/ci.yml".to_string(),
            2,
            "push trigger that does not take it".to_string()
        )],
        "{}",
        stdout(&out)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
