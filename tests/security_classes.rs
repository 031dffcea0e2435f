//! Classes of security findings that hand checks of the real-world corpus found false, each
//! with the case that must stay reported next to it. Every repository here is written for
//! the test; only the rule under test runs, in the pedantic persona (low confidence too).

mod common;

use common::{driftlint, stdout, Scratch};

/// `(line, severity, confidence)` of the findings of `rule` in `path`.
fn findings(repo: &Scratch, rule: &str, path: &str) -> Vec<(u64, String, String)> {
    let mut config = String::from("security:\n  persona: pedantic\nrules:\n");
    for id in driftlint::checks::meta::all().keys() {
        if id != rule {
            config.push_str(&format!("  {id}:\n    enabled: false\n"));
        }
    }
    repo.write(".driftlint.yml", &config);
    let out = driftlint(
        &repo.0,
        &["check", "--format", "json", "--fail-on", "never"],
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON output");
    let mut found: Vec<(u64, String, String)> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == rule && f["path"] == path)
        .map(|f| {
            (
                f["line"].as_u64().unwrap_or_default(),
                f["severity"].as_str().unwrap_or_default().to_string(),
                f["confidence"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

const SHA: &str = "11bd71901bbe5b1630ceea73d27597364c9af683";

#[test]
fn setup_node_v6_caches_on_its_own_only_what_it_can_see_for_npm() {
    // No package.json in the repository: whether setup-node caches is unknown, except
    // before anything is checked out (nothing to read) and in a pnpm workflow (v6 caches
    // npm projects only). v5 caches for any package manager.
    let repo = Scratch::new("cp-setup-node");
    repo.write(
        ".github/workflows/release.yml",
        &"on:
  push:
    tags: ['v*']
permissions: {}
jobs:
  npm:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-node@SHA # v6.1.0
        with:
          registry-url: https://registry.npmjs.org
      - uses: actions/checkout@SHA # v5
        with:
          persist-credentials: false
      - uses: actions/setup-node@SHA # v6.1.0
      - run: npm publish
  pnpm:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@SHA # v5
        with:
          persist-credentials: false
      - uses: actions/setup-node@SHA # v6.1.0
      - uses: actions/setup-node@SHA # v5.0.0
      - run: pnpm install --frozen-lockfile && pnpm publish
"
        .replace("SHA", SHA),
    );
    assert_eq!(
        findings(&repo, "cache-poisoning", ".github/workflows/release.yml"),
        vec![
            (15, "warning".into(), "low".into()),
            (24, "warning".into(), "low".into()),
        ]
    );
}

#[test]
fn caches_of_jobs_that_only_test_reach_no_release() {
    let repo = Scratch::new("cp-test-job");
    repo.write(
        ".github/workflows/release.yml",
        &"on:
  release:
    types: [published]
permissions: {}
jobs:
  smoke:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/cache@SHA # v4
        with:
          path: ~/.cache/tool
          key: tool
      - name: Run the end-to-end tests
        run: ./scripts/e2e.sh
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/cache@SHA # v4
        with:
          path: ~/.cache/tool
          key: tool
      - run: cargo test
      - uses: actions/upload-artifact@SHA # v4
        with:
          name: dist
          path: dist/
  publish:
    needs: [smoke, build]
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@SHA # v4
      - run: cargo publish
"
        .replace("SHA", SHA),
    );
    // The smoke job uploads nothing and has no outputs; the build job tests too, but its
    // artifact is what gets published.
    assert_eq!(
        findings(&repo, "cache-poisoning", ".github/workflows/release.yml"),
        vec![(18, "warning".into(), "medium".into())]
    );
}

#[test]
fn an_action_name_hinting_at_crates_does_not_make_ci_a_release() {
    let repo = Scratch::new("cp-hint");
    repo.write(
        ".github/workflows/ci.yml",
        &"on:
  push:
    branches: [main, 'release-*']
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/cache/restore@SHA # v4
        with:
          path: target
          key: build
      - run: cargo test
  typos:
    runs-on: ubuntu-latest
    steps:
      - uses: crate-ci/typos@SHA # v1
"
        .replace("SHA", SHA),
    );
    assert_eq!(
        findings(&repo, "cache-poisoning", ".github/workflows/ci.yml"),
        vec![]
    );
    // A step named for publishing on a release branch still makes it one.
    repo.write(
        ".github/workflows/ci.yml",
        &"on:
  push:
    branches: [main, 'release-*']
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/cache/restore@SHA # v4
        with:
          path: target
          key: build
      - run: ./scripts/publish-crates.sh
"
        .replace("SHA", SHA),
    );
    assert_eq!(
        findings(&repo, "cache-poisoning", ".github/workflows/ci.yml"),
        vec![(9, "warning".into(), "medium".into())]
    );
}

#[test]
fn reusable_workflow_inputs_every_caller_fixes_are_nobodys_choice() {
    let repo = Scratch::new("ti-callers");
    let called = "on:
  workflow_call:
    inputs:
      platform:
        type: string
        required: true
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: ./test.sh \"${{ inputs.platform }}\"
";
    repo.write(".github/workflows/segment.yml", called);
    // Called with fixed words, directly and through another reusable workflow.
    repo.write(
        ".github/workflows/middle.yml",
        "on:
  workflow_call:
    inputs:
      platform:
        type: string
        required: true
permissions: {}
jobs:
  run:
    uses: ./.github/workflows/segment.yml
    with:
      platform: ${{ inputs.platform }}
",
    );
    repo.write(
        ".github/workflows/build.yml",
        "on: push
permissions: {}
jobs:
  linux:
    uses: ./.github/workflows/middle.yml
    with:
      platform: linux
  win:
    uses: ./.github/workflows/segment.yml
    with:
      platform: win
",
    );
    assert_eq!(
        findings(&repo, "template-injection", ".github/workflows/segment.yml"),
        vec![]
    );
    // One caller passing a pull request's branch name is enough.
    repo.write(
        ".github/workflows/pr.yml",
        "on: pull_request_target
permissions: {}
jobs:
  branch:
    uses: ./.github/workflows/segment.yml
    with:
      platform: ${{ github.event.pull_request.head.ref }}
",
    );
    assert_eq!(
        findings(&repo, "template-injection", ".github/workflows/segment.yml"),
        vec![(12, "warning".into(), "medium".into())]
    );
}

#[test]
fn workflow_scopes_do_not_reach_jobs_whose_called_workflow_declares_its_own() {
    let repo = Scratch::new("ep-callee");
    repo.write(
        ".github/workflows/sign.yml",
        "on: workflow_call
permissions:
  id-token: write
jobs:
  sign:
    runs-on: ubuntu-latest
    steps:
      - run: ./sign.sh
",
    );
    repo.write(
        ".github/workflows/release.yml",
        "on: workflow_dispatch
permissions:
  contents: write
jobs:
  sign:
    uses: ./.github/workflows/sign.yml
  release:
    needs: sign
    runs-on: ubuntu-latest
    steps:
      - run: gh release create v1
",
    );
    // Only the release job holds `contents: write`: a note, not "granted to every job".
    assert_eq!(
        findings(
            &repo,
            "excessive-permissions",
            ".github/workflows/release.yml"
        ),
        vec![(3, "note".into(), "low".into())]
    );
    // A called workflow that declares nothing takes the caller's scopes.
    repo.write(
        ".github/workflows/sign.yml",
        "on: workflow_call
jobs:
  sign:
    runs-on: ubuntu-latest
    steps:
      - run: ./sign.sh
",
    );
    assert_eq!(
        findings(
            &repo,
            "excessive-permissions",
            ".github/workflows/release.yml"
        ),
        vec![(3, "warning".into(), "high".into())]
    );
}
